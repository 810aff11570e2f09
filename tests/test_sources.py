"""BibTeX and RIS: every field of every CSL type survives export and import, and independent parsers read
the exports (bibtexparser 2, pybtex with its ``plain`` style, rispy, and ``biber --tool`` where installed).

Imports of real-looking exports (Zotero, Better BibTeX, JabRef) are checked against values written by hand.
"""

from __future__ import annotations

import io
import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import bibtexparser
import pybtex.database
import pytest
import rispy
from pybtex.plugin import find_plugin

from pactcli.csl.fields import DATE_FIELDS, NAME_FIELDS
from pactcli.sources import bibtex, ris
from pactcli.sources.common import page_ends
from pactcli.sources.importer import kebab
from pactcli.store.parse import SOURCE_TYPES, TEXT_FIELDS

DATA = Path(__file__).parent / "data"
IMPORTS = DATA / "imports"
ITEMS: list[dict[str, Any]] = json.loads((DATA / "citations" / "sources.json").read_text(encoding="utf-8"))

NAMES = [
    {"family": "Hasegawa", "given": "Tsuyoshi"},
    {"family": "Gaulle", "given": "Charles", "non-dropping-particle": "de"},
    {"family": "Dirksen", "given": "Herbert", "dropping-particle": "von"},
    {"family": "Whitcombe", "given": "Harold B.", "suffix": "Jr."},
    {"family": "東郷", "given": "茂徳"},
    {"literal": "United States Department of State"},
]
SPECIAL = {
    "URL": "https://example.org/a_b?c=1&d=2#x",
    "DOI": "10.1000/xyz_123",
    "page": "137-164",
    "ISBN": "978-0-674-01693-4",
    "ISSN": "0012-3456",
    "language": "ja",
    "keyword": "Manchuria, Soviet Union",
    "title": "The Soviet-Japanese Pact: <i>Kantōgun</i> & 50% of A_B",
}
TEXT = "Tōgō's “Cause” & 50% of A_B ~ {x} \\y"
NUMBER = "12"
# "event" is the CSL 1.0.1 name of event-title: the store converts it, so it never reaches a writer
NOT_CARRIED = {"event"}


def _public(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The items without the reader's bookkeeping (``_line``)."""
    return [{k: v for k, v in item.items() if not k.startswith("_")} for item in items]


def _value(var: str) -> Any:
    if var in NAME_FIELDS:
        return NAMES
    if var in DATE_FIELDS:
        return {"date-parts": [[1945, 8, 8]]}
    if var in SPECIAL:
        return SPECIAL[var]
    if var in bibtex.PLAIN_VARS:
        return NUMBER
    return TEXT


def _cases() -> list[Any]:
    fields = sorted((TEXT_FIELDS | NAME_FIELDS | DATE_FIELDS) - NOT_CARRIED)
    return [pytest.param(t, f, id=f"{t}-{f}") for t in sorted(SOURCE_TYPES) for f in fields]


def _item(csl_type: str, var: str) -> dict[str, Any]:
    item: dict[str, Any] = {"id": "item-1", "type": csl_type, "title": "Base Title"}
    item[var] = _value(var)
    return item


@pytest.mark.parametrize(("csl_type", "var"), _cases())
def test_bibtex_round_trip(csl_type: str, var: str) -> None:
    item = _item(csl_type, var)
    result = bibtex.read(bibtex.write([item]), "x.bib")
    assert [p.line() for p in result.problems] == []
    assert _public(result.items) == [item]


@pytest.mark.parametrize(("csl_type", "var"), _cases())
def test_ris_round_trip(csl_type: str, var: str) -> None:
    item = _item(csl_type, var)
    result = ris.read(ris.write([item]), "x.ris")
    assert [p.line() for p in result.problems] == []
    assert _public(result.items) == [item]


@pytest.mark.parametrize(
    "date",
    [
        {"date-parts": [[1945, 8, 8]]},
        {"date-parts": [[1945, 8]], "circa": True},
        {"date-parts": [[1905]], "circa": True},
        {"date-parts": [[1776], [1789]]},
        {"date-parts": [[1941, 4], [1945, 8]]},
        {"date-parts": [[1988]], "season": 1},
        {"literal": "Spring 1988"},
        {"date-parts": [[-44, 3, 15]]},
    ],
)
@pytest.mark.parametrize("module", [bibtex, ris], ids=["bibtex", "ris"])
def test_date_forms_round_trip(module: Any, date: dict[str, Any]) -> None:
    item = {"id": "x", "type": "book", "title": "T", "issued": date, "note": "A note."}
    result = module.read(module.write([item]), "x")
    assert [p.line() for p in result.problems] == []
    assert _public(result.items) == [item]


def _all_items() -> list[dict[str, Any]]:
    """The fixture items, and for every CSL type an item with a title only and one with every field."""
    out = [dict(item) for item in ITEMS]
    fields = sorted((TEXT_FIELDS | NAME_FIELDS | DATE_FIELDS) - NOT_CARRIED)
    for csl_type in sorted(SOURCE_TYPES):
        out.append({"id": kebab(f"bare-{csl_type}"), "type": csl_type, "title": "Base Title"})
        full: dict[str, Any] = {"id": kebab(f"full-{csl_type}"), "type": csl_type}
        full.update({var: _value(var) for var in fields})
        out.append(full)
    return out


def test_every_field_together_round_trips() -> None:
    items = _all_items()[len(ITEMS) :]
    for module in (bibtex, ris):
        result = module.read(module.write(items), "all")
        assert [p.line() for p in result.problems] == []
        assert _public(result.items) == items


def test_pybtex_plain_renders_every_entry() -> None:
    items = _all_items()
    data = pybtex.database.parse_string(bibtex.write(items), "bibtex")
    assert len(data.entries) == len(items)
    style = find_plugin("pybtex.style.formatting", "plain")()
    rendered = list(style.format_entries(data.entries.values()))
    assert len(rendered) == len(items)
    assert all(entry.text.render_as("text").strip() for entry in rendered if entry.key != "")


def test_bibtexparser_reads_every_entry() -> None:
    items = _all_items()
    library = bibtexparser.parse_string(bibtex.write(items))
    assert library.failed_blocks == []
    assert [e.key for e in library.entries] == [it["id"] for it in items]


@pytest.mark.skipif(shutil.which("biber") is None, reason="biber is not installed")
def test_biber_reads_every_entry(tmp_path: Path) -> None:
    items = _all_items()
    source = tmp_path / "export.bib"
    source.write_text(bibtex.write(items), encoding="utf-8")
    run = subprocess.run(
        ["biber", "--tool", "--output-file", str(tmp_path / "out.bib"), str(source)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "ERROR" not in run.stdout
    # biber rewrites the file as biblatex sees it (LOCATION, DATE, JOURNALTITLE…; fields outside its data
    # model dropped): what it kept of the core fields is what was written
    back = {
        item["id"]: item
        for item in _public(bibtex.read((tmp_path / "out.bib").read_text("utf-8"), "b").items)
    }
    assert set(back) == {item["id"] for item in items}
    core = (
        "title",
        "author",
        "editor",
        "issued",
        "container-title",
        "page",
        "volume",
        "DOI",
        "URL",
        "publisher",
    )
    uncarried = {"static-ordering", "comma-suffix", "parse-names"}
    for item in ITEMS:
        for var in core:
            value = item.get(var)
            if isinstance(value, list):
                value = [{k: v for k, v in name.items() if k not in uncarried} for name in value]
            if var == "page" and isinstance(value, str):
                value = value.replace("\u2013", "-")
            assert back[item["id"]].get(var) == value, (item["id"], var)


def test_rispy_reads_every_record() -> None:
    items = _all_items()
    records = rispy.load(io.StringIO(ris.write(items)))
    assert [r["id"] for r in records] == [it["id"] for it in items]


# ---------------------------------------------------------------------------- export details
def test_bibtex_entry_types_and_protection() -> None:
    text = bibtex.write(
        [
            {
                "id": "a",
                "type": "article-newspaper",
                "title": "Bombing of Nagasaki",
                "container-title": "Times",
                "issued": {"date-parts": [[1945, 8, 10]]},
            },
            {
                "id": "b",
                "type": "hearing",
                "title": "Acting Secretary of State (Grew)",
                "issued": {"date-parts": [[1905]], "circa": True},
            },
        ]
    )
    assert text == (
        "@misc{a,\n  entrysubtype = {newspaper},\n  title = {Bombing of {Nagasaki}},\n  journal = {Times},\n"
        "  year = {1945},\n  month = aug,\n  date = {1945-08-10},\n}\n\n"
        "@misc{b,\n  entrysubtype = {hearing},\n  title = {Acting {Secretary} of {State} ({Grew})},\n"
        "  year = {1905},\n  date = {1905~},\n  note = {Date approximate.},\n}\n"
    )


def test_ris_dates_pages_types() -> None:
    text = ris.write(
        [
            {
                "id": "gibbon",
                "type": "book",
                "title": "Decline and Fall",
                "issued": {"date-parts": [[1776], [1789]]},
                "collection-number": "3",
                "page": "137-64",
            },
            {
                "id": "film",
                "type": "motion_picture",
                "title": "Film",
                "director": [{"family": "Ozu", "given": "Y."}],
                "issued": {"date-parts": [[1905]], "circa": True},
            },
        ]
    )
    assert text == (
        "TY  - BOOK\nTI  - Decline and Fall\nSV  - 3\nSP  - 137\nEP  - 164\nPY  - 1776\n"
        "DA  - 1776///1776/1789\n"
        "ID  - gibbon\nER  - \n\n"
        "TY  - MPCT\nAU  - Ozu, Y.\nTI  - Film\nPY  - 1905\nDA  - 1905///1905~\nID  - film\nER  - \n"
    )


@pytest.mark.parametrize(
    ("page", "ends"),
    [
        ("137-64", ("137", "164")),
        ("321-48", ("321", "348")),
        ("1099-101", ("1099", "1101")),
        ("A5-7", ("A5", "A7")),
        ("45", ("45", "")),
        ("45, 50", ("45, 50", "")),
        ("12–15", ("12", "15")),
    ],
)
def test_page_ends(page: str, ends: tuple[str, str]) -> None:
    assert page_ends(page) == ends


def test_table_is_one_to_one_for_every_type() -> None:
    assert bibtex.check_table(sorted(SOURCE_TYPES)) == []


# ---------------------------------------------------------------------------- imports
def _read(name: str) -> Any:
    text = (IMPORTS / name).read_text(encoding="utf-8")
    return (bibtex if name.endswith(".bib") else ris).read(text, name)


def test_zotero_bibtex() -> None:
    result = _read("zotero.bib")
    assert result.problems == []
    items = {item["id"]: item for item in _public(result.items)}
    assert list(items) == [
        "hasegawa-racing-2005",
        "slavinsky-soviet-1995",
        "togo-cause-1956",
        "united-states-department-of-state-telegram-1945",
        "dirksen-moscow-1951",
    ]
    assert (
        items["hasegawa-racing-2005"]["title"]
        == "Racing the Enemy: Stalin, Truman, and the Surrender of Japan"
    )
    assert items["hasegawa-racing-2005"]["keyword"] == "Manchuria, Soviet Union"
    assert items["slavinsky-soviet-1995"] == {
        "id": "slavinsky-soviet-1995",
        "type": "article-journal",
        "issued": {"date-parts": [[1995, 8]]},
        "title": "The Soviet-Japanese Neutrality Pact: a Diplomatic History",
        "volume": "12",
        "ISSN": "0012-3456",
        "URL": "https://example.org/slavinsky?a=1&b=2",
        "DOI": "10.1000/xyz_123",
        "issue": "3",
        "accessed": {"date-parts": [[2024, 3, 1]]},
        "container-title": "Journal of Strategic Studies",
        "author": [{"family": "Slavinsky", "given": "Boris N."}, {"family": "Rodionov", "given": "Alexei"}],
        "page": "137-64",
        "note": "Translated from the Russian",
    }
    togo = items["togo-cause-1956"]
    assert togo["author"] == [{"family": "Tōgō", "given": "Shigenori"}]  # T{\=o}g{\=o}
    assert togo["container-title"] == "Memoirs of Tōgō Shigenori"
    assert togo["publisher"] == "Simon & Schuster"
    assert togo["collection-title"] == "Studies of the East Asian Institute"
    state = items["united-states-department-of-state-telegram-1945"]
    assert state["author"] == [{"literal": "United States Department of State"}]
    assert state["type"] == "document"
    dirksen = items["dirksen-moscow-1951"]
    assert dirksen["publisher"] == "Universität München" and dirksen["genre"] == "PhD Thesis"
    assert dirksen["author"] == [{"family": "Dirksen", "given": "Herbert", "non-dropping-particle": "von"}]


def test_better_bibtex_biblatex() -> None:
    result = _read("betterbibtex.bib")
    assert result.problems == []
    items = {item["id"]: item for item in _public(result.items)}
    assert items["hasegawaracingenemystalin2005"]["language"] == "en"  # langid = {english}
    assert items["hasegawaracingenemystalin2005"]["publisher"] == "Belknap Press of Harvard University Press"
    assert (
        items["slavinskysovietjapaneseneutralitypact1995"]["container-title"]
        == "Journal of Strategic Studies"
    )
    gibbon = items["gibbonhistorydeclinefall1776"]
    assert gibbon["issued"] == {"date-parts": [[1776], [1789]]}
    assert gibbon["original-date"] == {"date-parts": [[1776]]}
    assert gibbon["number-of-volumes"] == "6" and gibbon["publisher"] == "Strahan & Cadell"
    report = items["kwantungarmyreport1945"]
    assert report["title"] == "Report on the Soviet Attack, <i>Kantōgun</i> Headquarters"
    assert report["issued"] == {"date-parts": [[1945, 8]], "circa": True}
    assert report["author"] == [{"literal": "Kwantung Army"}]
    paper = items["smithpaperconference2001"]
    assert paper["event-title"] == "Tenth Conference on Diplomatic History"
    assert paper["event-date"] == {"date-parts": [[2001, 5, 1], [2001, 5, 4]]}
    assert paper["event-place"] == "Tokyo"
    assert paper["author"][1] == {"family": "Gaulle", "given": "Charles", "non-dropping-particle": "de"}
    web = items["wikipediasovietjapaneseneutrality2024"]
    assert web["type"] == "webpage" and web["publisher"] == "Wikipedia"
    assert web["URL"] == "https://en.wikipedia.org/wiki/Soviet%E2%80%93Japanese_Neutrality_Pact"


def test_jabref_strings_crossref_and_concatenation() -> None:
    result = _read("jabref.bib")
    assert [p.line() for p in result.problems] == [
        "jabref.bib:27: Conf2001: editor: 'and others' has no CSL form; the names not listed are not imported"
        " (warning)",
        "jabref.bib:35: Smith2001: author: 'and others' has no CSL form; the names not listed are not"
        " imported"
        " (warning)",
        "jabref.bib:35: Smith2001: editor: 'and others' has no CSL form; the names not listed are not"
        " imported"
        " (warning)",
    ]
    items = {item["id"]: item for item in _public(result.items)}
    assert items["hasegawa2005"]["publisher"] == "Belknap Press of Harvard University Press"  # @String
    assert items["slavinsky1995"]["container-title"] == "Journal of Strategic Studies"  # @String in quotes
    assert items["slavinsky1995"]["issued"] == {"date-parts": [[1995, 8]]}
    smith = items["smith2001"]  # crossref = {Conf2001}
    assert smith["container-title"] == "Proceedings of the Tenth Conference"
    assert smith["issued"] == {"date-parts": [[2001]]}
    assert smith["editor"] == [{"family": "Müller", "given": "Jörg"}]
    assert smith["publisher"] == "Diplomatic Press"
    frus = items["frus1945"]
    assert frus["issued"] == {"date-parts": [[1945, 8, 8]]}  # month = aug # "~8"
    assert (
        frus["URL"] == "https://history.state.gov/historicaldocuments/frus1945v06/d402"
    )  # \url in howpublished


def test_malformed_bibtex_is_reported_with_lines() -> None:
    result = _read("malformed.bib")
    assert [p.line() for p in result.problems] == [
        "malformed.bib:11: broken: malformed entry: '}' expected (the entry starts at line 6);"
        " entry not read",
        "malformed.bib:16: good1: citation key 'good1' used twice (first at line 1); not read",
    ]
    assert [item["id"] for item in result.items] == ["good1", "good2", "nokey"]


def test_unmapped_fields_and_unknown_commands_are_reported() -> None:
    text = (
        "@book{k,\n  title = {A \\foo{B}},\n  file = {x.pdf},\n  year = {1941?},\n  date = {1941-02-30},\n}\n"
    )
    result = bibtex.read(text, "u.bib")
    assert [p.line() for p in result.problems] == [
        "u.bib:1: k: title: LaTeX command \\foo has no meaning here; its text is kept (warning)",
        "u.bib:1: k: file: no CSL variable for this field; not imported (warning)",
        "u.bib:1: k: date: no such day: '1941-02-30'; not imported",
    ]
    assert _public(result.items) == [{"id": "k", "type": "book", "title": "A B"}]


def test_bibtex_read_write_keeps_what_a_reader_needs() -> None:
    """BibTeX → read → write → read: authors, titles, dates, pages, volumes, DOIs, URLs stay."""
    for name in ("zotero.bib", "betterbibtex.bib", "jabref.bib"):
        first = _read(name).items
        again = bibtex.read(bibtex.write(first), name)
        assert again.problems == []
        assert _public(again.items) == _public(first), name


def test_zotero_ris() -> None:
    result = _read("zotero.ris")
    assert result.problems == []
    # no ID tags: the importer names them (first author, year, title word)
    assert [(item["id"], item["_line"]) for item in result.items] == [("", 1), ("", 14), ("", 33)]
    items = {item["title"]: item for item in _public(result.items)}
    assert (
        items["Racing the Enemy: Stalin, Truman, and the Surrender of Japan"]["keyword"]
        == "Manchuria, Soviet Union"
    )
    article = items["The Soviet-Japanese Neutrality Pact"]
    assert article["page"] == "137-164" and article["container-title-short"] == "J. Strateg. Stud."
    assert article["issued"] == {"date-parts": [[1995, 8]]} and article["accessed"] == {
        "date-parts": [[2024, 3, 1]]
    }
    assert article["ISSN"] == "0012-3456" and article["note"] == "Translated from the Russian"
    hearing = items["Hearings on the Pacific War"]
    assert hearing["type"] == "hearing" and hearing["author"] == [{"literal": "United States Congress"}]


def test_endnote_ris_problems() -> None:
    result = _read("endnote.ris")
    assert [p.line() for p in result.problems] == [
        "endnote.ris:1: text outside a record (before TY); not read (warning)",
        "endnote.ris:2: text outside a record (before TY); not read (warning)",
        "endnote.ris:14: record 1: ZZ: unknown RIS tag ZZ; not imported (warning)",
        "endnote.ris:32: record 4: DA: no such month: '1945-13-40'; not imported",
        "endnote.ris:35: record at line 35: no ER at the end of the record; not read",
    ]
    items = {item["title"]: item for item in _public(result.items)}
    assert list(items) == [
        "A Paper at a Conference",
        "So Sorry, Mr. Sato",
        "Spring issue",
        "Undated circular",
    ]
    assert items["A Paper at a Conference"]["author"] == [
        {"family": "Smith", "given": "John"},
        {"family": "Gaulle", "given": "Charles", "non-dropping-particle": "de"},
        {"family": "Dirksen", "given": "Herbert", "dropping-particle": "von"},
    ]
    assert items["Spring issue"]["issued"] == {"date-parts": [[1988]], "season": 1}


# ---------------------------------------------------------------------------- properties
from hypothesis import example, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from pactcli.sources.common import one_line  # noqa: E402

_TEXT = st.text(
    st.characters(blacklist_categories=("Cs",)) | st.sampled_from("<>/ib{}\\-'`~^\ue000\ue001\ue002"),
    min_size=1,
    max_size=40,
).filter(lambda t: one_line(t) != "")


@settings(max_examples=300, deadline=None)
@given(title=_TEXT, note=_TEXT, family=_TEXT, publisher=_TEXT)
@example(title="a \\", note="\ue000x\ue001", family="}{", publisher="<i>x</i> <b>y")
@example(title="--- '' `` -", note="\\emph{x}", family="{A} and {B}", publisher="a, b")
def test_any_text_survives_bibtex(title: str, note: str, family: str, publisher: str) -> None:
    item = {
        "id": "x",
        "type": "book",
        "title": title,
        "note": note,
        "publisher": publisher,
        "author": [{"literal": family}],
        "issued": {"date-parts": [[1945, 8]], "circa": True},  # so "Date approximate." joins the note
    }
    result = bibtex.read(bibtex.write([item]), "x.bib")
    assert [p.line() for p in result.problems] == []
    expected = {k: one_line(v) for k, v in item.items() if isinstance(v, str)}
    expected["author"] = [{"literal": one_line(family)}]  # type: ignore[assignment]
    expected["issued"] = item["issued"]  # type: ignore[assignment]
    assert _public(result.items) == [expected]


@settings(max_examples=300, deadline=None)
@given(title=_TEXT, note=_TEXT, publisher=_TEXT)
def test_any_text_survives_ris(title: str, note: str, publisher: str) -> None:
    item = {"id": "x", "type": "book", "title": title, "note": note, "publisher": publisher}
    result = ris.read(ris.write([item]), "x.ris")
    assert [p.line() for p in result.problems] == []
    assert _public(result.items) == [{k: one_line(v) for k, v in item.items()}]


_SAMPLE_BIB = (IMPORTS / "jabref.bib").read_text(encoding="utf-8")
_SAMPLE_RIS = (IMPORTS / "endnote.ris").read_text(encoding="utf-8")


@settings(max_examples=300, deadline=None)
@given(cut=st.integers(0, len(_SAMPLE_BIB)), junk=st.text(max_size=20), raw=st.text(max_size=200))
def test_bibtex_reader_never_fails(cut: int, junk: str, raw: str) -> None:
    """Damaged input gives problems, never an exception."""
    for text in (_SAMPLE_BIB[:cut] + junk + _SAMPLE_BIB[cut:], raw, "@misc{k, title = {" + raw + "}}"):
        result = bibtex.read(text, "x.bib")
        assert all(isinstance(item["id"], str) and isinstance(item["_line"], int) for item in result.items)


@settings(max_examples=300, deadline=None)
@given(cut=st.integers(0, len(_SAMPLE_RIS)), junk=st.text(max_size=20), raw=st.text(max_size=200))
def test_ris_reader_never_fails(cut: int, junk: str, raw: str) -> None:
    for text in (
        _SAMPLE_RIS[:cut] + junk + _SAMPLE_RIS[cut:],
        raw,
        "TY  - BOOK\nDA  - " + raw + "\nER  - \n",
    ):
        result = ris.read(text, "x.ris")
        assert all(isinstance(item["id"], str) and isinstance(item["_line"], int) for item in result.items)


@pytest.mark.parametrize(
    ("da", "issued", "problems"),
    [
        ("August 8", {"date-parts": [[1945, 8, 8]]}, []),
        ("8 August", {"date-parts": [[1945, 8, 8]]}, []),
        ("Aug.", {"date-parts": [[1945, 8]]}, []),
        ("Spring", {"date-parts": [[1945]], "season": 1}, []),
        ("1945/08/08/", {"date-parts": [[1945, 8, 8]]}, []),
        ("1945-08-08", {"date-parts": [[1945, 8, 8]]}, []),
        (
            "Feb 30",
            {"date-parts": [[1945]]},
            ["x:4: record 1: DA: not a date: 'Feb 30'; the year from PY is used (warning)"],
        ),
    ],
)
def test_endnote_dates(da: str, issued: dict[str, Any], problems: list[str]) -> None:
    result = ris.read(f"TY  - JOUR\nTI  - T\nPY  - 1945\nDA  - {da}\nER  - \n", "x")
    assert [p.line() for p in result.problems] == problems
    assert result.items[0]["issued"] == issued


@pytest.mark.parametrize(
    ("genre", "entry_type"),
    [("Master's thesis", "mastersthesis"), ("M.A. thesis", "mastersthesis"), ("PhD thesis", "phdthesis"),
     ("Diploma thesis", "phdthesis")],
)  # fmt: skip
def test_thesis_types(genre: str, entry_type: str) -> None:
    item = {
        "id": "t",
        "type": "thesis",
        "title": "T",
        "genre": genre,
        "author": [{"family": "A", "given": "B"}],
        "publisher": "Kyoto University",
        "issued": {"date-parts": [[1990]]},
    }
    text = bibtex.write([item])
    assert text.startswith(f"@{entry_type}{{t,\n")
    assert _public(bibtex.read(text, "t.bib").items) == [item]


def test_every_type_read_is_a_store_type() -> None:
    read_types = {
        *bibtex.READ_TYPES.values(),
        *ris.READ_TYPES.values(),
        "article-magazine",
        "article-newspaper",
    }
    assert read_types <= SOURCE_TYPES
    assert set(bibtex.TYPES) <= SOURCE_TYPES and set(ris.TYPES) == SOURCE_TYPES
    assert set(ris.TYPES.values()) <= set(ris.READ_TYPES)


_WORD = st.text(st.characters(whitelist_categories=("Lu", "Ll", "Lo")), min_size=1, max_size=8)
_NAME_PART = st.lists(_WORD | st.sampled_from(["and", "AND", "von", "de", "Jr.", "O'Brien", "{x}"]),
                      min_size=1, max_size=3).map(" ".join)  # fmt: skip


@settings(max_examples=500, deadline=None)
@given(family=_NAME_PART, given_name=_NAME_PART)
def test_any_person_name_survives(family: str, given_name: str) -> None:
    """A family and given name come back as they went, or with a particle split off as CSL would."""
    from pactcli.sources.common import split_particles

    name = {"family": family, "given": given_name}
    expected = split_particles(family, given_name)
    for module in (bibtex, ris):
        result = module.read(module.write([{"id": "x", "type": "book", "title": "T", "author": [name]}]), "x")
        assert [p.line() for p in result.problems] == []
        assert result.items[0]["author"] == [expected], module.__name__


def test_raw_and_store_dates_are_exported() -> None:
    """Dates are read as pactcli.csl.json_dates reads them: a CSL-JSON "raw" date, a store string."""
    for value in ({"raw": "1945-08-08"}, "1945-08-08"):
        item = {"id": "x", "type": "book", "title": "T", "issued": value}
        assert "  date = {1945-08-08},\n" in bibtex.write([item])
        assert "DA  - 1945/08/08/\n" in ris.write([item])


def test_a_range_that_ends_before_it_starts_is_an_error() -> None:
    result = bibtex.read("@book{k, title = {T}, date = {1945/1941}}", "r.bib")
    assert [p.line() for p in result.problems] == [
        "r.bib:1: k: date: the range ends before it starts: '1945/1941'; not imported"
    ]
