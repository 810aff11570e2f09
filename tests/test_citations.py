"""pactcli's citations (the CSL processor, pactcli.csl) against citeproc-js, exactly (text and HTML).

The expected outputs in tests/data/citations/expected.json were written by citeproc-js
(tests/data/citations/generate.js) with the official CSL styles committed beside it; the
processor runs those same style files here, as the hand-written formatters it replaced were
checked against them. No Node is needed here. Every fixture item is checked in every style: its
bibliography entry alone, and the notes (or in-text citations) of a fixed citation sequence. Known
differences are marked ``xfail(strict=True)`` with the reason, never loosened, and they
count against the match rate (``test_match_rate`` prints it).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from pactcli import citations
from pactcli.csl import Processor, load_style
from pactcli.csl.style import Style

DATA = Path(__file__).parent / "data" / "citations"
EXPECTED: dict[str, Any] = json.loads((DATA / "expected.json").read_text(encoding="utf-8"))
ITEMS: dict[str, dict[str, Any]] = {str(it["id"]): it for it in EXPECTED["items"]}
STYLE_KEYS = {"chicago": "chicago", "chicago-author-date": "chicago-author-date", "apa": "apa", "mla": "mla"}
STYLES = tuple(STYLE_KEYS)
STYLE_FILES = {
    "chicago": "chicago-notes-bibliography.csl",
    "chicago-author-date": "chicago-author-date.csl",
    "apa": "apa.csl",
    "mla": "modern-language-association.csl",
}


def _style(style: str) -> Style:
    path = DATA / "styles" / STYLE_FILES[style]
    return load_style(path.read_text(encoding="utf-8"), str(path))


def bibliography(items: list[dict[str, Any]], style: str, output: str) -> list[str]:
    proc = Processor(_style(style), items, locales_dir=DATA / "styles", output=output)
    return proc.bibliography_entries()


def notes(cites: list[tuple[dict[str, Any], str | None]], style: str, output: str) -> list[str]:
    """One note per cite, note n for the n-th, as generate.js cites them."""
    proc = Processor(_style(style), [item for item, _ in cites], locales_dir=DATA / "styles", output=output)
    clusters: list[Any] = [
        {
            "citationItems": [{"id": item["id"], **({"locator": loc} if loc is not None else {})}],
            "properties": {"noteIndex": n},
        }
        for n, (item, loc) in enumerate(cites, start=1)
    ]
    return proc.cite_clusters(clusters)


# (style, item id or "document"/"bibliography", "bibliography"/"notes") -> reason why pactcli
# differs from citeproc-js. Empty: every fixture matches. Add an entry (never loosen an
# assertion) when an item cannot be matched; it then counts against the match rate.
KNOWN_DIFFERENCES: dict[tuple[str, str, str], str] = {}


def _unwrap(entry: str) -> str:
    """citeproc-js wraps HTML bibliography entries in <div class="csl-entry">…</div>."""
    return re.sub(r'^\s*<div class="csl-entry">(.*)</div>\s*$', r"\1", entry, flags=re.S)


def _mark(style: str, key: str, what: str) -> list[Any]:
    reason = KNOWN_DIFFERENCES.get((style, key, what))
    return [pytest.mark.xfail(strict=True, reason=reason)] if reason else []


def _cases(what: str) -> list[Any]:
    return [
        pytest.param(style, item_id, marks=_mark(style, item_id, what), id=f"{style}-{item_id}")
        for style in STYLES
        for item_id in EXPECTED["styles"][STYLE_KEYS[style]]["items"]
    ]


def _bib_matches(style: str, item_id: str) -> bool:
    exp = EXPECTED["styles"][STYLE_KEYS[style]]["items"][item_id]["bibliography"]
    text = bibliography([ITEMS[item_id]], style, "text")
    html = bibliography([ITEMS[item_id]], style, "html")
    if exp["text"] is None:
        return text == []
    return text == [exp["text"].rstrip("\n")] and html == [_unwrap(exp["html"])]


def _notes_matches(style: str, item_id: str) -> bool:
    exp = EXPECTED["styles"][STYLE_KEYS[style]]["items"][item_id]
    cites = [(ITEMS[i], loc) for i, loc in exp["sequence"]]
    text, html = notes(cites, style, "text"), notes(cites, style, "html")
    for k, (cited, _) in enumerate(exp["sequence"]):
        if cited != item_id:
            continue  # the filler item is checked under its own id
        if text[k] != exp["notes"]["text"][k] or html[k] != exp["notes"]["html"][k]:
            return False
    return True


@pytest.mark.parametrize(("style", "item_id"), _cases("bibliography"))
def test_bibliography_entry(style: str, item_id: str) -> None:
    exp = EXPECTED["styles"][STYLE_KEYS[style]]["items"][item_id]["bibliography"]
    text = bibliography([ITEMS[item_id]], style, "text")
    if exp["text"] is None:
        assert text == []
        return
    assert text == [exp["text"].rstrip("\n")]
    assert bibliography([ITEMS[item_id]], style, "html") == [_unwrap(exp["html"])]


@pytest.mark.parametrize(("style", "item_id"), _cases("notes"))
def test_notes(style: str, item_id: str) -> None:
    exp = EXPECTED["styles"][STYLE_KEYS[style]]["items"][item_id]
    cites = [(ITEMS[i], loc) for i, loc in exp["sequence"]]
    text, html = notes(cites, style, "text"), notes(cites, style, "html")
    assert len(text) == len(cites)
    for k, (cited, locator) in enumerate(exp["sequence"]):
        if cited != item_id:
            continue
        assert (k, locator, text[k]) == (k, locator, exp["notes"]["text"][k])
        assert (k, locator, html[k]) == (k, locator, exp["notes"]["html"][k])


@pytest.mark.parametrize(
    "style", [pytest.param(s, marks=_mark(s, "bibliography", "bibliography")) for s in STYLES]
)
def test_full_bibliography(style: str) -> None:
    """All items together: order, deduplication, year suffixes, "———" substitution."""
    exp = EXPECTED["styles"][STYLE_KEYS[style]]["bibliography"]
    items = list(ITEMS.values())
    got = bibliography(items + items[:3], style, "text")  # duplicates are dropped
    assert got == [e.rstrip("\n") for e in exp["text"]["entries"]]
    assert bibliography(items, style, "html") == [_unwrap(e) for e in exp["html"]["entries"]]


@pytest.mark.parametrize("style", [pytest.param(s, marks=_mark(s, "document", "notes")) for s in STYLES])
def test_document_sequence(style: str) -> None:
    """Every item cited once, then again with a locator, in one document."""
    exp = EXPECTED["styles"][STYLE_KEYS[style]]["document"]
    cites = [(ITEMS[i], loc) for i, loc in exp["sequence"]]
    assert notes(cites, style, "text") == exp["text"]
    assert notes(cites, style, "html") == exp["html"]


def _locator_cases() -> list[Any]:
    return [
        pytest.param(style, n, id=f"{style}-{case['item']}-{case['locator']}")
        for style in STYLES
        for n, case in enumerate(EXPECTED["styles"][STYLE_KEYS[style]]["locators"])
    ]


@pytest.mark.parametrize(("style", "n"), _locator_cases())
def test_locators(style: str, n: int) -> None:
    """Locator forms ("p. 46", "n. 4", "A5-A7", "doc. 623, tel. 1054") in full and short notes."""
    case = EXPECTED["styles"][STYLE_KEYS[style]]["locators"][n]
    item = ITEMS[case["item"]]
    cites = [(item, case["locator"]), (item, case["locator"])]
    assert notes(cites, style, "text") == case["text"]
    assert notes(cites, style, "html") == case["html"]


def test_match_rate(capsys: pytest.CaptureFixture[str]) -> None:
    """Per item and style: bibliography entry and notes both identical to citeproc-js."""
    lines = []
    total_ok = total = 0
    for style in STYLES:
        ids = list(EXPECTED["styles"][STYLE_KEYS[style]]["items"])
        bib_ok = sum(_bib_matches(style, i) for i in ids)
        notes_ok = sum(_notes_matches(style, i) for i in ids)
        total_ok += bib_ok + notes_ok
        total += 2 * len(ids)
        lines.append(f"{style}: bibliography {bib_ok}/{len(ids)}, notes {notes_ok}/{len(ids)}")
    with capsys.disabled():
        print("\ncitation match rate vs citeproc-js:", "; ".join(lines), f"(total {total_ok}/{total})")
    known = sum(1 for (_, key, _w) in KNOWN_DIFFERENCES if key in ITEMS)
    assert total_ok == total - known


def test_fixture_coverage() -> None:
    """The fixtures exercise every required type and name form."""
    types = {it["type"] for it in ITEMS.values()}
    assert {
        "book",
        "chapter",
        "article-journal",
        "article-magazine",
        "article-newspaper",
        "webpage",
        "document",
        "manuscript",
        "treaty",
        "dataset",
    } <= types
    assert len(ITEMS) >= 30
    all_names = [
        n for it in ITEMS.values() for v in ("author", "editor", "translator") for n in it.get(v, [])
    ]
    assert any(n.get("static-ordering") for n in all_names)
    assert any("literal" in n for n in all_names)
    assert any("non-dropping-particle" in n for n in all_names)
    assert any("dropping-particle" in n for n in all_names)
    assert any(re.match(r"[\u4e00-\u9fff]", n.get("family", "")) for n in all_names)
    assert any(it.get("issued", {}).get("circa") for it in ITEMS.values())


def test_chicago_short_note_after_first() -> None:
    item = ITEMS["hasegawa-2005"]
    got = notes([(item, "46-47"), (item, "50"), (item, None)], "chicago", "text")
    assert got[0].startswith("Tsuyoshi Hasegawa, Racing the Enemy: Stalin")
    assert got[1:] == ["Hasegawa, Racing the Enemy, 50.", "Hasegawa, Racing the Enemy."]


def test_cjk_title_not_italic_in_chicago() -> None:
    html = bibliography([ITEMS["togo-1952-ja"]], "chicago", "html")[0]
    assert "<i>" not in html


def test_bundled_styles_are_the_fixture_styles_or_newer() -> None:
    """The CLI's chicago/apa/mla are bundled files; each is the fixture's style or a later release of it."""
    for name, file in STYLE_FILES.items():
        bundled = citations.resolve_style(name)
        assert bundled.source == file.removesuffix(".csl")
        assert "<style" in bundled.text
