"""Property tests: any CSL item formats and exports without crashing or breaking a format.

Random items mix every type pactcli's store allows, odd names (particles only, CJK, literal),
partial and approximate dates, and hostile text (quotes, braces, backslashes, control and
bidirectional characters, "ER  - " lines).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import bibtexparser
import jsonschema
from hypothesis import given, settings
from hypothesis import strategies as st

from pactcli.citations import Cite, bibliography, cluster_notes, export, resolve_style
from pactcli.render.citation_text import markdown, plain_text, runs

STYLES = ("chicago", "chicago-author-date", "apa", "mla")

SCHEMA = json.loads((Path(__file__).parent / "data" / "citations" / "csl-data.json").read_text("utf-8"))
TYPES = [
    "book",
    "chapter",
    "article-journal",
    "article-magazine",
    "article-newspaper",
    "webpage",
    "document",
    "manuscript",
    "report",
    "treaty",
    "legislation",
    "entry-encyclopedia",
    "post",
    "post-weblog",
    "broadcast",
    "interview",
    "personal_communication",
    "speech",
    "thesis",
    "map",
    "dataset",
]
HOSTILE = st.sampled_from(
    [
        *['"', "'", "“", "’", "{", "}", "\\", "\n", "\r", "\x00", "\x1b[2J", "\u202e", "\x85"],
        *["ER  - ", "&", "<i>", "?", "."],
    ]
)
TEXT = st.lists(st.one_of(st.text(min_size=0, max_size=12), HOSTILE), max_size=5).map("".join)
NAME = st.one_of(
    st.fixed_dictionaries({"family": TEXT, "given": TEXT}),
    st.fixed_dictionaries({"literal": TEXT}),
    st.fixed_dictionaries(
        {"family": TEXT},
        optional={
            "given": TEXT,
            "non-dropping-particle": st.sampled_from(["de", "van der", "al-"]),
            "dropping-particle": st.sampled_from(["von", "d'"]),
            "suffix": st.sampled_from(["Jr.", "III"]),
            "static-ordering": st.booleans(),
        },
    ),
    st.just({"family": "東郷", "given": "茂徳"}),
)
PART = st.tuples(st.integers(1, 2100), st.integers(0, 12), st.integers(0, 28)).map(
    lambda p: [p[0]] + ([p[1]] if p[1] else []) + ([p[2]] if p[1] and p[2] else [])
)
DATE = st.builds(
    lambda a, b, circa: {"date-parts": [a] + ([b] if b else []), **({"circa": True} if circa else {})},
    PART,
    st.one_of(st.none(), PART),
    st.booleans(),
)
ITEM = st.fixed_dictionaries(
    {"type": st.sampled_from(TYPES)},
    optional={
        "title": TEXT,
        "title-short": TEXT,
        "author": st.lists(NAME, max_size=8),
        "editor": st.lists(NAME, max_size=3),
        "translator": st.lists(NAME, max_size=2),
        "container-title": TEXT,
        "collection-title": TEXT,
        "collection-number": st.sampled_from(["7", "II"]),
        "publisher": TEXT,
        "publisher-place": TEXT,
        "edition": st.sampled_from(["2", "Revised", "東京版"]),
        "volume": st.sampled_from(["6", "IV", "12"]),
        "number-of-volumes": st.sampled_from(["1", "3"]),
        "issue": st.sampled_from(["3", "Spring"]),
        "page": st.sampled_from(["46-47", "321–48", "xii", "A5-A7", "7"]),
        "number": st.sampled_from(["166", "M 25313"]),
        "genre": TEXT,
        "section": TEXT,
        "chapter-number": st.sampled_from(["9", "IX"]),
        "archive": TEXT,
        "archive_location": TEXT,
        "archive-place": TEXT,
        "URL": TEXT,
        "DOI": st.sampled_from(["10.5555/x.1", "https://doi.org/10.5555/y"]),
        "language": st.sampled_from(["en", "ja", "ru", "fr", "en-GB"]),
        "version": TEXT,
        "note": TEXT,
        "issued": DATE,
        "accessed": DATE,
        "original-date": DATE,
        "event-date": DATE,
    },
)
LOCATOR = st.one_of(
    st.none(), st.sampled_from(["46-47", "p. 46", "n. 4", "doc. 623, tel. 1054", "xii"]), TEXT
)


def _items(raw: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{"id": f"item-{i}", **item} for i, item in enumerate(raw)]


@settings(max_examples=150, deadline=None)
@given(st.lists(ITEM, min_size=1, max_size=4), st.lists(LOCATOR, min_size=1, max_size=6))
def test_any_item_formats_in_every_style(raw: list[dict[str, Any]], locators: list[str | None]) -> None:
    items = _items(raw)
    cites = [(items[i % len(items)], loc) for i, loc in enumerate(locators)]
    for name in STYLES:
        style = resolve_style(name)
        clusters = [[Cite(item, loc)] for item, loc in cites]
        for html in [*bibliography(items, style), *cluster_notes(clusters, style)]:
            # field text can never inject markup: only the processor's own tags remain
            assert "<" not in re.sub(r'</?(i|b|sup|sub)>|<span style="[^"<>]*">|</span>', "", html)
            text = plain_text(html)
            assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e]", text)
            assert all(isinstance(piece, str) for piece, _ in runs(html))
            markdown(html)


@settings(max_examples=150, deadline=None)
@given(st.lists(ITEM, min_size=1, max_size=4))
def test_any_item_exports(raw: list[dict[str, Any]]) -> None:
    items = _items(raw)
    data = json.loads(export(items, "csl-json"))
    jsonschema.validate(data, SCHEMA)
    assert data == items
    library = bibtexparser.parse_string(export(items, "bibtex"))
    assert library.failed_blocks == []
    assert [e.key for e in library.entries] == [it["id"] for it in items]
    lines = export(items, "ris").splitlines()
    assert sum(1 for ln in lines if ln.startswith("TY  - ")) == len(items)
    assert sum(1 for ln in lines if ln.startswith("ER  - ")) == len(items)
    assert all(re.match(r"^[A-Z][A-Z0-9]  - ", ln) for ln in lines if ln)
