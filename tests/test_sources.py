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

from pactcli.csl_fields import DATE_FIELDS, NAME_FIELDS
from pactcli.sources import bibtex, ris
from pactcli.sources.common import kebab_id, page_ends
from pactcli.store import SOURCE_TYPES, TEXT_FIELDS

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
# what a format cannot carry, by design (docs/citations.md, "What each format cannot carry")
NOT_CARRIED = {"citation-key", "year-suffix"}


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
    fields = sorted((TEXT_FIELDS | NAME_FIELDS | DATE_FIELDS) - NOT_CARRIED - {"event"})
    return [pytest.param(t, f, id=f"{t}-{f}") for t in sorted(SOURCE_TYPES) for f in fields]


def _item(csl_type: str, var: str) -> dict[str, Any]:
    item: dict[str, Any] = {"id": "item-1", "type": csl_type, "title": "Base Title"}
    item[var] = _value(var)
    return item


def _normalise(var: str, value: Any) -> Any:
    if var == "title" and isinstance(value, str):
        return value
    return value


@pytest.mark.parametrize(("csl_type", "var"), _cases())
def test_bibtex_round_trip(csl_type: str, var: str) -> None:
    item = _item(csl_type, var)
    result = bibtex.read(bibtex.write([item]), "x.bib")
    assert [p.line() for p in result.problems] == []
    assert result.items == [item]


@pytest.mark.parametrize(("csl_type", "var"), _cases())
def test_ris_round_trip(csl_type: str, var: str) -> None:
    item = _item(csl_type, var)
    result = ris.read(ris.write([item]), "x.ris")
    assert [p.line() for p in result.problems] == []
    assert result.items == [item]


def _all_items() -> list[dict[str, Any]]:
    out = [dict(item) for item in ITEMS]
    for n, param in enumerate(_cases()):
        csl_type, var = param.values
        item = _item(csl_type, var)
        item["id"] = f"case-{n}"
        out.append(item)
    return out


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
        capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert run.returncode == 0, run.stdout + run.stderr
    assert "ERROR" not in run.stdout
    written = (tmp_path / "out.bib").read_text(encoding="utf-8")
    assert written.lower().count("@") >= len(items)


def test_rispy_reads_every_record() -> None:
    items = _all_items()
    records = rispy.load(io.StringIO(ris.write(items)))
    assert [r["id"] for r in records] == [it["id"] for it in items]


# ---------------------------------------------------------------------------- export details
def test_bibtex_entry_types_and_protection() -> None:
    text = bibtex.write(
        [
            {"id": "a", "type": "article-newspaper", "title": "Bombing of Nagasaki", "container-title": "Times",
             "issued": {"date-parts": [[1945, 8, 10]]}},
            {"id": "b", "type": "hearing", "title": "Acting Secretary of State (Grew)",
             "issued": {"date-parts": [[1905]], "circa": True}},
        ]
    )  # fmt: skip
    assert text == (
        "@misc{a,\n  entrysubtype = {newspaper},\n  title = {Bombing of {Nagasaki}},\n  journal = {Times},\n"
        "  year = {1945},\n  month = aug,\n  date = {1945-08-10},\n}\n\n"
        "@misc{b,\n  entrysubtype = {hearing},\n  title = {Acting {Secretary} of {State} ({Grew})},\n"
        "  year = {1905},\n  date = {1905~},\n  note = {Date approximate.},\n}\n"
    )


def test_ris_dates_pages_types() -> None:
    text = ris.write(
        [
            {"id": "gibbon", "type": "book", "title": "Decline and Fall", "issued": {"date-parts": [[1776], [1789]]},
             "collection-number": "3", "page": "137-64"},
            {"id": "film", "type": "motion_picture", "title": "Film", "director": [{"family": "Ozu", "given": "Y."}],
             "issued": {"date-parts": [[1905]], "circa": True}},
        ]
    )  # fmt: skip
    assert text == (
        "TY  - BOOK\nTI  - Decline and Fall\nSV  - 3\nSP  - 137\nEP  - 164\nPY  - 1776\nDA  - 1776///1776/1789\n"
        "ID  - gibbon\nER  - \n\n"
        "TY  - MPCT\nAU  - Ozu, Y.\nTI  - Film\nPY  - 1905\nDA  - 1905///1905~\nID  - film\nER  - \n"
    )


@pytest.mark.parametrize(
    ("page", "ends"),
    [("137-64", ("137", "164")), ("321-48", ("321", "348")), ("1099-101", ("1099", "1101")),
     ("A5-7", ("A5", "A7")), ("45", ("45", "")), ("45, 50", ("45, 50", "")), ("12–15", ("12", "15"))],
)  # fmt: skip
def test_page_ends(page: str, ends: tuple[str, str]) -> None:
    assert page_ends(page) == ends


def test_table_is_one_to_one_for_every_type() -> None:
    assert bibtex.check_table(sorted(SOURCE_TYPES)) == []


def test_kebab_ids() -> None:
    assert kebab_id("hasegawaRacingEnemyStalin2005") == "hasegawa-racing-enemy-stalin-2005"
    assert kebab_id("hasegawa_racing_2005") == "hasegawa-racing-2005"
    assert kebab_id("Hasegawa2005") == "hasegawa-2005"


# ---------------------------------------------------------------------------- imports
def _read(name: str) -> Any:
    text = (IMPORTS / name).read_text(encoding="utf-8")
    return (bibtex if name.endswith(".bib") else ris).read(text, name)
