"""Agreement with citeproc-js on the 16 bundled styles: every source of the citation fixtures and of the
embedded store, its bibliography entry alone and a sequence of notes or in-text citations (first with a
page range, the same again, another page, after another cite, without locator), HTML, character for
character. Expected outputs: tests/data/csl/citeproc-js-styles.json, written by tests/data/csl/generate.js.
Each known difference is listed, with its reason, in tests/data/csl/style-differences.txt; the list is
exact (a difference that goes away must come off it). Per-style figures: ``python tests/test_csl_styles.py``.
"""

from __future__ import annotations

import functools
import json
import sys
from pathlib import Path
from typing import Any

import pytest

from pactcli.csl import Processor
from pactcli.csl.locale import PACKAGE_LOCALES
from pactcli.csl.style import Style, load_style

DATA = Path(__file__).resolve().parent / "data" / "csl"
STYLES = Path(__file__).resolve().parent.parent / "src" / "pactcli" / "csl" / "styles"


@functools.cache
def expected(name: str = "citeproc-js-styles.json") -> dict[str, Any]:
    return json.loads((DATA / name).read_text(encoding="utf-8"))


def known_differences(name: str = "style-differences.txt") -> dict[tuple[str, str, str], str]:
    out: dict[tuple[str, str, str], str] = {}
    for raw in (DATA / name).read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        style, item, case, reason = line.split(" ", 3)
        out[(style, item, case)] = reason
    return out


def _style(name: str) -> Style:
    return load_style((STYLES / f"{name}.csl").read_text(encoding="utf-8"), f"{name}.csl")


def compare(name: str, data: dict[str, Any] | None = None) -> tuple[int, int, list[tuple[str, str, str]]]:
    """(cases equal, cases, the differing (style, item, case) keys) for one style, on the items and
    citeproc-js outputs of ``data`` (default: citeproc-js-styles.json)."""
    data = expected() if data is None else data
    items = {item["id"]: item for item in data["items"]}
    ids = list(items)
    sequence = data["generator"]["sequence"]
    style = _style(name)
    same = total = 0
    differ: list[tuple[str, str, str]] = []
    for item_id, want in data["styles"][name].items():
        if want["bibliography"] is not None:
            got = Processor(style, [items[item_id]], locales_dir=PACKAGE_LOCALES).bibliography_entries()
            entry = (
                want["bibliography"].strip().removeprefix('<div class="csl-entry">').removesuffix("</div>")
            )
            total += 1
            if got == [entry]:
                same += 1
            else:
                differ.append((name, item_id, "bibliography"))
        filler = ids[1] if item_id == ids[0] else ids[0]
        clusters = []
        for index, (who, locator) in enumerate(sequence):
            cite: dict[str, Any] = {"id": item_id if who == "X" else filler}
            if locator is not None:
                cite.update(locator=locator, label="page")
            clusters.append({"citationItems": [cite], "properties": {"noteIndex": index + 1}})
        proc = Processor(style, [items[item_id], items[filler]], locales_dir=PACKAGE_LOCALES)
        for index, (a, b) in enumerate(zip(want["notes"], proc.cite_clusters(clusters), strict=True)):
            total += 1
            if a == b:
                same += 1
            else:
                differ.append((name, item_id, f"cite{index}"))
    return same, total, differ


NAMES = sorted(expected()["styles"])


def test_every_bundled_style_is_compared() -> None:
    assert sorted(p.stem for p in STYLES.glob("*.csl")) == NAMES


def test_every_item_of_the_fixtures_and_the_store_is_compared() -> None:
    # The expected outputs are citeproc-js's for the citation fixtures and the store's sources as they are
    # now (tests/data/citations; test_citations_store.py keeps the store's snapshot current): a store grown
    # since generate.js last ran would leave its new sources unchecked.
    fixtures = Path(__file__).resolve().parent / "data" / "citations"
    wanted: list[dict[str, Any]] = []
    seen: set[str] = set()
    for name in ("sources.json", "store-sources.json"):
        for original in json.loads((fixtures / name).read_text(encoding="utf-8")):
            item = {**original, "id": str(original["id"])}
            if item["id"] in seen:  # as generate.js names an id that both files use
                item["id"] = f"extra/{item['id']}"
            seen.add(item["id"])
            wanted.append(item)
    assert expected()["items"] == wanted


@pytest.mark.parametrize("name", NAMES)
def test_style_agrees_with_citeproc_js(name: str) -> None:
    _, _, differ = compare(name)
    listed = sorted(key for key in known_differences() if key[0] == name)
    assert sorted(differ) == listed


def _report() -> None:
    for name in NAMES:
        same, total, _ = compare(name)
        print(f"| {name} | {same}/{total} | {100 * same / total:.1f} % |")


if __name__ == "__main__":
    if "--differences" in sys.argv:
        for name in NAMES:
            for key in compare(name)[2]:
                print(" ".join(key))
    else:
        _report()
