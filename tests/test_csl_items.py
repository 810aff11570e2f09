"""Agreement with citeproc-js on a second set of items, written to be unlike the store's: 95 CSL-JSON items
of the kinds a Zotero or Better BibTeX export holds (translated and edited books, an edited volume of a
series, chapters, articles with 4 and 25 authors, a thesis, a report, a film, a broadcast, an interview, a
letter, a manuscript, a conference paper, a speech, web pages, a dataset, software, a map, a patent,
encyclopedia and dictionary entries, a book review, a song, a standard, Japanese and Russian books,
particles and suffixes, seasons, ranges, circa, raw dates, markup and nocase in titles, legal items), run
through the 16 bundled styles as tests/test_csl_styles.py runs the store's. Expected outputs:
tests/data/csl/citeproc-js-items-more.json, from ``node tests/data/csl/generate.js items-more.json
citeproc-js-items-more.json`` (see that script); known differences, each with its reason, in
tests/data/csl/items-more-differences.txt (exact: one that goes away must come off it). Then the same items
as one document per style (tests/data/csl/generate-document.js): all cited with a locator, then again, in one
engine (disambiguation, ibid and subsequent forms across items), and their bibliography in its order. The
set found sixteen general rules the store's items never exercised (docs/citations.md, "Where citeproc-js
and the specification part").

A third set, tests/data/csl/items-third.json (100 items: every CSL 1.0.2 item type, the less common name
roles, numbers and dates in odd forms, Zotero's string years, note-field variables, static ordering, 32
authors, CJK, Cyrillic, Greek, Arabic and Hebrew), is compared the same way against
citeproc-js-items-third.json and citeproc-js-items-third-document.json, with its own differences file,
items-third-differences.txt. Figures: ``python tests/test_csl_items.py [--differences] [third|fourth]``.

A fourth set, tests/data/csl/items-fourth.json (100 items: the legal kinds with division, status,
references, chapter-number and section; patents, standards, software, datasets, maps with scale; broadcasts,
films, songs, performances, events, interviews, letters, speeches, reviews with reviewed-title and
reviewed-author, periodicals, collections, classics, theses, posts, dictionary entries; original-publisher,
container-author, volume-title, part-number, collection-number; BC and circa ranges, seasons, literal and raw
dates; particles in several languages, suffixes, institutions, 5 to 22 names around the et-al boundaries,
Chinese, Korean, Arabic, Greek and Russian names), is compared the same way against
citeproc-js-items-fourth.json and citeproc-js-items-fourth-document.json, with items-fourth-differences.txt.

A further document adds the 20 items of tests/data/csl/items-disambiguation.json, written for disambiguation
(two Smiths of one year, J. R. Smith, one author's two works of a year, three-author articles that share
the first author, two unsigned articles with one title, an organisation's two reports, two Tanakas, editors
standing in twice), after the 95: tests/data/csl/citeproc-js-items-disambiguation-document.json, from
``node tests/data/csl/generate-document.js items-more.json items-disambiguation.json
citeproc-js-items-disambiguation-document.json``; its known differences, each with its reason, in
tests/data/csl/items-disambiguation-differences.txt (exact too).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest

from pactcli.csl import Processor
from pactcli.csl.locale import PACKAGE_LOCALES
from tests.test_csl_styles import DATA, NAMES, _style, compare, expected, known_differences

# Per set: (items, citeproc-js's outputs per item, citeproc-js's document, known differences). The document
# (tests/data/csl/generate-document.js): every item cited with a locator, then again without, in one engine,
# and the bibliography of all of them, in order.
SETS = {
    "more": (
        "items-more.json",
        "citeproc-js-items-more.json",
        "citeproc-js-items-more-document.json",
        "items-more-differences.txt",
    ),
    "third": (
        "items-third.json",
        "citeproc-js-items-third.json",
        "citeproc-js-items-third-document.json",
        "items-third-differences.txt",
    ),
    "fourth": (
        "items-fourth.json",
        "citeproc-js-items-fourth.json",
        "citeproc-js-items-fourth-document.json",
        "items-fourth-differences.txt",
    ),
}
CASES = [(name, which) for which in SETS for name in NAMES]
# A further document: the 20 items written for disambiguation after the 95 (115 items).
DISAMBIGUATION_ITEMS = "items-disambiguation.json"
DISAMBIGUATION_DOCUMENT = "citeproc-js-items-disambiguation-document.json"
DISAMBIGUATION_DIFFERENCES = "items-disambiguation-differences.txt"


@pytest.mark.parametrize("which", SETS)
def test_the_expected_outputs_are_for_these_items(which: str) -> None:
    source, outputs, document_outputs, _ = SETS[which]
    items = json.loads((DATA / source).read_text(encoding="utf-8"))
    assert expected(outputs)["items"] == [{**item, "id": str(item["id"])} for item in items]
    assert sorted(expected(outputs)["styles"]) == NAMES
    assert sorted(expected(document_outputs)["styles"]) == NAMES


@pytest.mark.parametrize(("name", "which"), CASES)
def test_style_agrees_with_citeproc_js_on_more_items(name: str, which: str) -> None:
    _, outputs, _, differences = SETS[which]
    _, _, differ = compare(name, expected(outputs))
    listed = sorted(key for key in known_differences(differences) if key[0] == name and _item_case(key[2]))
    assert sorted(differ) == listed


def disambiguation_items() -> list[dict[str, Any]]:
    """The 115 items of the disambiguation document: the 95 of the second set, then the 20."""
    extra = json.loads((DATA / DISAMBIGUATION_ITEMS).read_text(encoding="utf-8"))
    return expected(SETS["more"][1])["items"] + [{**item, "id": str(item["id"])} for item in extra]


def document(
    name: str, which: str = "more", items: list[dict[str, Any]] | None = None, want_file: str = ""
) -> list[tuple[str, str, str]]:
    """The cases of style ``name``'s document of set ``which`` (or of ``items`` against ``want_file``)
    that differ from citeproc-js: (style, item, "noteN" or "bibliographyN"), N counting from 1, the item
    being the one pactcli puts there."""
    _, outputs, document_outputs, _ = SETS[which]
    if items is None:
        items = [{**item, "id": str(item["id"])} for item in expected(outputs)["items"]]
    ids = [item["id"] for item in items]
    want = expected(want_file or document_outputs)["styles"][name]
    style = _style(name)
    clusters = [
        {
            "citationItems": [{"id": key, "locator": "12", "label": "page"} if n < len(ids) else {"id": key}],
            "properties": {"noteIndex": n + 1},
        }
        for n, key in enumerate(ids + ids)
    ]
    got = Processor(style, items, locales_dir=PACKAGE_LOCALES).cite_clusters(clusters)
    assert len(got) == len(want["notes"])
    differ = [
        (name, (ids + ids)[n], f"note{n + 1}")
        for n, (a, b) in enumerate(zip(want["notes"], got, strict=True))
        if a != b
    ]
    if want["bibliography"] is not None:
        entries = Processor(style, items, locales_dir=PACKAGE_LOCALES).bibliography_items()
        assert len(entries) == len(want["bibliography"])
        for n, ((key, entry), theirs) in enumerate(zip(entries, want["bibliography"], strict=True)):
            if f'<div class="csl-entry">{entry}</div>' != theirs:
                differ.append((name, key, f"bibliography{n + 1}"))
    return differ


def _item_case(case: str) -> bool:
    """Whether a listed case is of the items alone ("bibliography", "cite0"...) rather than of the document
    ("note12", "bibliography3")."""
    return case == "bibliography" or case.startswith("cite")


@pytest.mark.parametrize(("name", "which"), CASES)
def test_document_agrees_with_citeproc_js(name: str, which: str) -> None:
    differences = SETS[which][3]
    listed = sorted(
        key for key in known_differences(differences) if key[0] == name and not _item_case(key[2])
    )
    assert sorted(document(name, which)) == listed


def test_the_disambiguation_document_is_for_these_items() -> None:
    items = disambiguation_items()
    assert len(items) == 115 and len({item["id"] for item in items}) == 115
    assert sorted(expected(DISAMBIGUATION_DOCUMENT)["styles"]) == NAMES


@pytest.mark.parametrize("name", NAMES)
def test_disambiguation_document_agrees_with_citeproc_js(name: str) -> None:
    listed = sorted(key for key in known_differences(DISAMBIGUATION_DIFFERENCES) if key[0] == name)
    assert sorted(document(name, items=disambiguation_items(), want_file=DISAMBIGUATION_DOCUMENT)) == listed


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    chosen = next((which for which in ("third", "fourth") if which in sys.argv), "more")
    same_all = total_all = 0
    for style in NAMES:
        same, total, differ = compare(style, expected(SETS[chosen][1]))
        same_all, total_all = same_all + same, total_all + total
        print(f"| {style} | {same}/{total} | {100 * same / total:.1f} % |")
        if "--differences" in sys.argv:
            for key in differ:
                print("   ", " ".join(key))
    print(f"| all | {same_all}/{total_all} | {100 * same_all / total_all:.2f} % |")
    if "--documents" in sys.argv:
        for label, items, want_file in (
            ("95 items", None, SETS["more"][2]),
            ("100 items", None, SETS["third"][2]),
            ("100 items of the fourth set", None, SETS["fourth"][2]),
            ("115 items", disambiguation_items(), DISAMBIGUATION_DOCUMENT),
        ):
            cases = sum(
                len(doc["notes"]) + len(doc["bibliography"] or [])
                for doc in expected(want_file)["styles"].values()
            )
            which = next((key for key in ("third", "fourth") if want_file == SETS[key][2]), "more")
            differ_all = [key for style in NAMES for key in document(style, which, items, want_file)]
            print(f"document of {label}: {cases - len(differ_all)}/{cases} agree")
            if "--differences" in sys.argv:
                for key in differ_all:
                    print("   ", " ".join(key))
