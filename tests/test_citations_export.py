"""Exports (BibTeX, RIS, CSL-JSON) and the TOML-fields → CSL-JSON conversion.

BibTeX is parsed back with bibtexparser 2 (an independent parser), CSL-JSON validated
with jsonschema against the official schema (tests/data/citations/csl-data.json,
citation-style-language/schema v1.0). Both are in the project's ``test`` extras.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from pathlib import Path
from typing import Any

import bibtexparser
import jsonschema
import pytest
from bibtexparser import middlewares

from pactcli.citations import EXPORT_FORMATS, Cite, bibliography, cluster_notes, export, resolve_style, to_csl
from pactcli.render.citation_text import plain_text
from pactcli.sources.bibtex import entry_fields as bibtex_fields
from pactcli.sources.bibtex import latex_escape, url_escape

DATA = Path(__file__).parent / "data" / "citations"
ITEMS: list[dict[str, Any]] = json.loads((DATA / "sources.json").read_text(encoding="utf-8"))
SCHEMA = json.loads((DATA / "csl-data.json").read_text(encoding="utf-8"))

HOSTILE = (
    "Braces {unbalanced} } { and \\backslash\\ & 50% $5 #1 under_score ~tilde^caret"
    "\nER  - \nTY  - JOUR\r\n\x00\x1b[31mred\x07 \u202eevil\u202c \x85next"
)


def _one_line(text: str) -> str:
    """The export policy, stated from the Unicode database (independently of pactcli.render.safe): line
    breaks and tabs become spaces, every other Cc/Cf/Zl/Zp character its visible escape, never deleted."""
    out = []
    for char in text:
        code = ord(char)
        if char in "\n\r\t\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029":
            out.append(" ")
        elif unicodedata.category(char) in ("Cc", "Cf", "Zl", "Zp"):
            out.append(f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")
        else:
            out.append(char)
    return re.sub(" {2,}", " ", "".join(out)).strip()


def _hostile_item() -> dict[str, Any]:
    return {
        "id": "hostile-1",
        "type": "article-journal",
        "title": HOSTILE,
        "container-title": "Journal of {Braces} & \\Slashes",
        "author": [
            {"family": "O'Brien_{x}", "given": "Seán %"},
            {"literal": "Committee & {Friends}"},
            {"family": "東郷", "given": "茂徳"},
        ],
        "note": "line one\nER  - \nline three",
        "page": "1-2",
        "issued": {"date-parts": [[1945, 8]], "circa": True},
        "URL": "https://example.org/a_b?c=1&d=%20",
    }


# ---------------------------------------------------------------------------- CSL-JSON
def test_formats() -> None:
    assert EXPORT_FORMATS == ("bibtex", "ris", "csl-json")
    with pytest.raises(ValueError, match="unknown export format"):
        export(ITEMS, "endnote")


def test_csl_json_valid_and_round_trip() -> None:
    text = export([*ITEMS, _hostile_item()], "csl-json")
    data = json.loads(text)
    jsonschema.validate(data, SCHEMA)
    assert data == [*ITEMS, _hostile_item()]


def test_csl_json_escapes_terminal_controls() -> None:
    text = export([_hostile_item()], "csl-json")
    assert "\x1b" not in text and "\u202e" not in text and "\x85" not in text
    assert "\\u001b" in text and "\\u202e" in text and "\\u0085" in text
    assert "東郷" in text  # Unicode kept


def test_csl_json_from_store_fields_is_schema_valid() -> None:
    item = to_csl(
        "time-1945-04-16",
        {
            "type": "article-magazine",
            "title": "So Sorry, Mr. Sato",
            "container-title": "Time",
            "issued": dt.date(1945, 4, 16),
            "volume": 45,
        },
    )
    jsonschema.validate([item], SCHEMA)
    assert item["issued"] == {"date-parts": [[1945, 4, 16]]}
    assert item["volume"] == 45


# ---------------------------------------------------------------------------- BibTeX
def _unlatex(value: str) -> str:
    table = {
        r"\textbackslash{}": "\\",
        r"\textasciitilde{}": "~",
        r"\textasciicircum{}": "^",
        r"\textbraceleft{}": "{",
        r"\textbraceright{}": "}",
        r"\&": "&",
        r"\%": "%",
        r"\$": "$",
        r"\#": "#",
        r"\_": "_",
    }
    return re.sub(
        r"\\text(?:backslash|asciitilde|asciicircum|braceleft|braceright)\{\}|\\[&%$#_]",
        lambda m: table[m.group(0)],
        value,
    )


def _parse_bibtex(text: str) -> Any:
    library = bibtexparser.parse_string(
        text, append_middleware=[middlewares.SeparateCoAuthors(), middlewares.SplitNameParts()]
    )
    assert library.failed_blocks == []
    return library


def test_bibtex_parses_back() -> None:
    items = [*ITEMS, _hostile_item()]
    library = _parse_bibtex(export(items, "bibtex"))
    assert [e.key for e in library.entries] == [it["id"] for it in items]
    for item in items:
        entry = library.entries_dict[item["id"]]
        expected = dict(bibtex_fields(item))
        fields = {k: v for k, v in entry.fields_dict.items() if k != "entrysubtype"}
        assert set(fields) == set(expected)
        for key, value in expected.items():
            if key in ("author", "editor", "translator"):  # name lists, split by the parser
                assert len(fields[key].value) == len(item[key])
            else:
                assert fields[key].value == value
        clean = _one_line(item["title"])
        unprotected = re.sub(r"\{([^{}\\]+)\}", r"\1", fields["title"].value)  # {Japan} -> Japan
        assert _unlatex(unprotected.replace("-{}-", "--")) == clean


def test_bibtex_persons() -> None:
    library = _parse_bibtex(export(ITEMS, "bibtex"))

    def first_author(key: str) -> Any:
        return library.entries_dict[key].fields_dict["author"].value[0]

    hasegawa = first_author("hasegawa-2005")
    assert hasegawa.last == ["Hasegawa"] and hasegawa.first == ["Tsuyoshi"]
    dirksen = first_author("dirksen-1951")
    # the dropping particle follows the given name, so biblatex prints "Dirksen, Herbert von"
    assert dirksen.von == [] and dirksen.last == ["Dirksen"] and dirksen.first == ["Herbert", "von"]
    whitcombe = first_author("fict-series-2019")
    assert whitcombe.jr == ["Jr."] and whitcombe.last == ["Whitcombe"]
    corporate = library.entries_dict["frus-1945-v05"].fields_dict["author"].value
    assert len(corporate) == 1 and corporate[0].last == ["{United States Department of State}"]
    togo = first_author("togo-1952-ja")
    assert togo.last == ["東郷"] and togo.first == ["茂徳"]
    degaulle = first_author("degaulle-1954")
    assert degaulle.von == ["de"] and degaulle.last == ["Gaulle"]


def test_bibtex_escapes_specials_keeps_unicode() -> None:
    assert latex_escape("a & b % c $ d # e _ f { g } h ~ i ^ j \\ k") == (
        r"a \& b \% c \$ d \# e \_ f \textbraceleft{} g \textbraceright{} h \textasciitilde{} i "
        r"\textasciicircum{} j \textbackslash{} k"
    )
    assert url_escape("https://example.org/a_b?c=1&d=%20{x}") == "https://example.org/a_b?c=1&d=%20%7Bx%7D"
    assert latex_escape("Tōgō 東郷 “q”") == "Tōgō 東郷 “q”"
    text = export([_hostile_item()], "bibtex")
    assert "\x1b" not in text and "\x00" not in text and "\u202e" not in text
    # every line is a field, the entry head or its end: the newlines in values are gone
    for line in text.strip().splitlines():
        assert line.startswith(("@", "  ", "}")), line


def test_bibtex_dates() -> None:
    fields = dict(bibtex_fields(_hostile_item()))
    assert fields["year"] == "1945" and fields["month"] == "aug" and fields["date"] == "1945-08~"
    assert fields["pages"] == "1--2"


# ---------------------------------------------------------------------------- RIS
def _parse_ris(text: str) -> list[list[tuple[str, str]]]:
    records: list[list[tuple[str, str]]] = []
    current: list[tuple[str, str]] | None = None
    for line in text.splitlines():
        if not line.strip():
            continue
        m = re.match(r"^([A-Z][A-Z0-9])  - ?(.*)$", line)
        assert m, f"not a RIS line: {line!r}"
        tag, value = m.group(1), m.group(2)
        if tag == "TY":
            assert current is None
            current = [(tag, value)]
        elif tag == "ER":
            assert current is not None
            records.append(current)
            current = None
        else:
            assert current is not None
            current.append((tag, value))
    assert current is None
    return records


def test_ris_one_record_per_source() -> None:
    items = [*ITEMS, _hostile_item()]
    records = _parse_ris(export(items, "ris"))
    assert len(records) == len(items)
    for item, rec in zip(items, records, strict=True):
        tags = dict(rec)
        assert tags["ID"] == item["id"]
        assert tags["TI"] == _one_line(item["title"])
        assert [v for t, v in rec if t == "AU"] == [v for t, v in rec if t == "AU"]
        assert len([t for t, _ in rec if t == "AU"]) == len(item.get("author", []))


def test_ris_hostile_values_cannot_break_records() -> None:
    text = export([_hostile_item(), ITEMS[0]], "ris")
    assert text.count("ER  - ") == 2
    assert "\nER  - \nTY  - JOUR\r" not in text
    assert "\r" not in text and "\x1b" not in text and "\x85" not in text
    lines = text.splitlines()
    assert sum(1 for ln in lines if ln.startswith("ER  -")) == 2
    assert sum(1 for ln in lines if ln.startswith("TY  -")) == 2


def test_ris_types_and_fields() -> None:
    records = {dict(r)["ID"]: r for r in _parse_ris(export(ITEMS, "ris"))}
    assert dict(records["time-1945-04-16"])["TY"] == "MGZN"
    assert dict(records["time-1945-04-16"])["DA"] == "1945/04/16/"
    assert dict(records["fict-article-1998"])["SP"] == "321"
    assert dict(records["fict-article-1998"])["EP"] == "348"
    # archive and shelfmark in their own tags (Zotero's DB and AN), not run together
    assert dict(records["dafp-v8-166"])["AN"] == "A5954, box 453"
    assert dict(records["dafp-v8-166"])["DB"] == "National Archives of Australia"
    assert dict(records["avalon-neutrality-pact"])["Y2"] == "2024/03/01/"


# ---------------------------------------------------------------------------- to_csl
@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1945", {"date-parts": [[1945]]}),
        ("1945-04", {"date-parts": [[1945, 4]]}),
        ("1945-04-16", {"date-parts": [[1945, 4, 16]]}),
        (dt.date(1945, 4, 16), {"date-parts": [[1945, 4, 16]]}),
        ("1945-08~", {"date-parts": [[1945, 8]], "circa": True}),
        ("1945-08%", {"date-parts": [[1945, 8]], "circa": True}),
        ("1945?", {"date-parts": [[1945]], "circa": True}),
        ("1945-08-08?", {"date-parts": [[1945, 8, 8]], "circa": True}),
        ("1941/1945", {"date-parts": [[1941], [1945]]}),
        ("1941-04~/1945-08", {"date-parts": [[1941, 4], [1945, 8]], "circa": True}),
    ],
)
def test_to_csl_dates(value: object, expected: dict[str, Any]) -> None:
    item = to_csl("x", {"type": "book", "title": "T", "issued": value})
    assert item["issued"] == expected
    jsonschema.validate([item], SCHEMA)


@pytest.mark.parametrize("value", ["1945-13", "1945-02-30", "April 1945", "1941/..", "1/2/3", 3.5])
def test_to_csl_rejects_bad_dates(value: object) -> None:
    with pytest.raises(ValueError, match="issued"):
        to_csl("x", {"type": "book", "title": "T", "issued": value})


def test_to_csl_names_and_numbers() -> None:
    item = to_csl(
        "matsuoka",
        {
            "type": "manuscript",
            "title": "Memo",
            "author": [
                {"family": "Matsuoka", "given": "Yōsuke", "static-ordering": True},
                {"family": "東郷", "given": "茂徳"},
                {"literal": "United States Department of State"},
            ],
            "volume": 8,
            "version": 2,
            "archive_location": "A5954, box 453",
        },
    )
    assert item["id"] == "matsuoka"
    assert item["author"][0] == {"family": "Matsuoka", "given": "Yōsuke", "static-ordering": True}
    assert item["volume"] == 8 and item["version"] == "2"
    jsonschema.validate([item], SCHEMA)
    with pytest.raises(ValueError, match="author"):
        to_csl("x", {"type": "book", "author": [{"famly": "Typo"}]})
    with pytest.raises(ValueError, match="type"):
        to_csl("x", {"title": "no type"})


def test_store_source_formats_end_to_end() -> None:
    """A source as the store writes it (docs/store-format.md) cites in every style."""
    frus = to_csl(
        "frus-1945-v05",
        {
            "type": "book",
            "title": "Foreign Relations of the United States: Diplomatic Papers, 1945. Volume V: Europe",
            "author": [{"literal": "United States Department of State"}],
            "publisher": "Government Printing Office",
            "publisher-place": "Washington, DC",
            "issued": "1967",
        },
    )
    chicago = resolve_style("chicago")
    out = [plain_text(n) for n in cluster_notes([[Cite(frus, "doc. 623, tel. 1054")], [Cite(frus)]], chicago)]
    assert out[0] == (
        "United States Department of State, Foreign Relations of the United States: Diplomatic "
        "Papers, 1945. Volume V: Europe (Government Printing Office, 1967), doc. 623, tel. 1054."
    )
    memo = to_csl(
        "kwantung",
        {
            "type": "manuscript",
            "title": "Report",
            "author": [{"literal": "Kwantung Army"}],
            "issued": "1945-08~",
            "archive": "NIDS",
        },
    )
    assert [plain_text(e) for e in bibliography([memo], chicago)] == [
        "Kwantung Army. “Report.” [August 1945?]. NIDS."
    ]
