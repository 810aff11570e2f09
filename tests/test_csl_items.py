"""Agreement with citeproc-js on a second set of items, written to be unlike the store's: 95 CSL-JSON items
of the kinds a Zotero or Better BibTeX export holds (translated and edited books, an edited volume of a
series, chapters, articles with 4 and 25 authors, a thesis, a report, a film, a broadcast, an interview, a
letter, a manuscript, a conference paper, a speech, web pages, a dataset, software, a map, a patent,
encyclopedia and dictionary entries, a book review, a song, a standard, Japanese and Russian books,
particles and suffixes, seasons, ranges, circa, raw dates, markup and nocase in titles, legal items), run
through the 16 bundled styles as tests/test_csl_styles.py runs the store's. Expected outputs:
tests/data/csl/citeproc-js-items-more.json, from ``node tests/data/csl/generate.js items-more.json
citeproc-js-items-more.json`` (see that script); known differences, each with its reason, in
tests/data/csl/items-more-differences.txt (exact: one that goes away must come off it). The set found thirteen
general rules the store's items never exercised (docs/citations.md, "Where citeproc-js and the
specification part"). Figures: ``python tests/test_csl_items.py``.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from tests.test_csl_styles import DATA, NAMES, compare, expected, known_differences

EXPECTED = "citeproc-js-items-more.json"
DIFFERENCES = "items-more-differences.txt"


def test_the_expected_outputs_are_for_these_items() -> None:
    items = json.loads((DATA / "items-more.json").read_text(encoding="utf-8"))
    assert expected(EXPECTED)["items"] == [{**item, "id": str(item["id"])} for item in items]
    assert sorted(expected(EXPECTED)["styles"]) == NAMES


@pytest.mark.parametrize("name", NAMES)
def test_style_agrees_with_citeproc_js_on_more_items(name: str) -> None:
    _, _, differ = compare(name, expected(EXPECTED))
    listed = sorted(key for key in known_differences(DIFFERENCES) if key[0] == name)
    assert sorted(differ) == listed


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    same_all = total_all = 0
    for style in NAMES:
        same, total, differ = compare(style, expected(EXPECTED))
        same_all, total_all = same_all + same, total_all + total
        print(f"| {style} | {same}/{total} | {100 * same / total:.1f} % |")
        if "--differences" in sys.argv:
            for key in differ:
                print("   ", " ".join(key))
    print(f"| all | {same_all}/{total_all} | {100 * same_all / total_all:.2f} % |")
