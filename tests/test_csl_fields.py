"""One vocabulary for CSL number variables (pactcli.csl.fields): CSL 1.0.2's "-number" names in the store,
the conversion, the processor and the imports, and the CSL-JSON schema's "part", "printing", "supplement"
read as them."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from pactcli.citations import to_csl
from pactcli.csl.eval import NUMBER_VARIABLES
from pactcli.csl.fields import ALIASES, NUMBER_FIELDS
from pactcli.sources import csljson, importer
from pactcli.store import parse as store

SCHEMA = json.loads(
    (Path(__file__).parent / "data" / "citations" / "csl-data.json").read_text(encoding="utf-8")
)

# CSL 1.0.2 specification, Appendix IV, "Number Variables".
SPEC_NUMBER_VARIABLES = {
    "chapter-number",
    "citation-number",
    "collection-number",
    "edition",
    "first-reference-note-number",
    "issue",
    "locator",
    "number",
    "number-of-pages",
    "number-of-volumes",
    "page",
    "page-first",
    "part-number",
    "printing-number",
    "section",
    "supplement-number",
    "version",
    "volume",
}


def test_one_list_of_number_variables() -> None:
    assert set(NUMBER_FIELDS) == SPEC_NUMBER_VARIABLES
    assert NUMBER_VARIABLES is NUMBER_FIELDS


@pytest.mark.parametrize(
    ("stored", "exported"),
    [
        ({"part-number": 2}, {"part-number": 2}),
        ({"printing-number": 3}, {"printing-number": 3}),
        ({"supplement-number": "4"}, {"supplement-number": "4"}),
        ({"part": 2}, {"part-number": 2}),
        ({"printing": 3}, {"printing-number": 3}),
        ({"supplement": 4}, {"supplement-number": 4}),
        ({"version": 2}, {"version": "2"}),  # a string in csl-data.json
        ({"section": 5}, {"section": "5"}),
    ],
)
def test_conversion_writes_the_specification_names(
    stored: dict[str, object], exported: dict[str, object]
) -> None:
    item = to_csl("x", {"type": "book", "title": "T", **stored})
    assert {k: v for k, v in item.items() if k not in ("id", "type", "title")} == exported


@pytest.mark.parametrize(
    ("stored", "written"),
    [
        ({"part-number": 2}, {"part": 2}),
        ({"printing-number": 3}, {"printing": 3}),
        ({"supplement-number": "4"}, {"supplement": "4"}),
        ({"volume": 2}, {"volume": 2}),
    ],
)
def test_the_csl_json_export_validates_and_reads_back(
    stored: dict[str, object], written: dict[str, object]
) -> None:
    from pactcli.citations import export

    item = to_csl("x", {"type": "book", "title": "T", **stored})
    (out,) = json.loads(export([item], "csl-json"))
    jsonschema.validate([out], SCHEMA)
    assert {k: v for k, v in out.items() if k not in ("id", "type", "title")} == written
    (planned,) = importer.plan(csljson.read(json.dumps([out]), "in.json"), {}, "in.json").added
    assert {k: v for k, v in planned.fields.items() if k not in ("type", "title")} == stored


def _validate(tmp_path: Path, field: str) -> list[str]:
    path = tmp_path / "s.toml"
    path.write_text(
        f'[[sources]]\nid = "s1"\ntype = "book"\ntitle = "Book"\n{field}\n\n'
        '[[events]]\nid = "e1"\ntitle = "One"\nstart = "1945"\nzone = "UTC"\nsources = [{ id = "s1" }]\n',
        encoding="utf-8",
    )
    _, problems = store.validate([str(path)])
    return [p.line().removeprefix(f"{path}:") for p in problems if p.severity == "error"]


@pytest.mark.parametrize("name", ["part-number", "printing-number", "supplement-number"])
def test_the_store_takes_the_specification_names(tmp_path: Path, name: str) -> None:
    assert _validate(tmp_path, f"{name} = 2") == []


@pytest.mark.parametrize(("old", "new"), [("part", "part-number"), ("printing", "printing-number")])
def test_the_store_names_the_specification_name_for_a_schema_name(tmp_path: Path, old: str, new: str) -> None:
    assert _validate(tmp_path, f"{old} = 2") == [
        f"5: source s1: {old}: write {new} (CSL 1.0.2's name for this variable)"
    ]


def test_import_reads_the_schema_names_as_the_specification_names() -> None:
    items = [{"id": "a", "type": "book", "title": "T", "part": 2, "printing": "3", "supplement": 4}]
    plan = importer.plan(csljson.read(json.dumps(items), "in.json"), {}, "in.json")
    assert [p.line() for p in plan.problems] == []
    (added,) = plan.added
    assert {k: v for k, v in added.fields.items() if k.endswith("-number")} == {
        "part-number": 2,
        "printing-number": "3",
        "supplement-number": 4,
    }


def test_cite_items_reads_the_schema_names(run, tmp_path: Path) -> None:
    style = tmp_path / "parts.csl"
    style.write_text(
        '<style xmlns="http://purl.org/net/xbiblio/csl" version="1.0" class="note"><info><title>Parts</title>'
        "<id>parts</id><updated>2024-01-01T00:00:00+00:00</updated></info><citation><layout>"
        '<group delimiter=" / "><text variable="title"/><number variable="part-number"/>'
        '<number variable="printing-number"/><number variable="supplement-number"/></group>'
        "</layout></citation></style>",
        encoding="utf-8",
    )
    items = tmp_path / "items.json"
    items.write_text(
        json.dumps(
            [{"id": "a", "type": "book", "title": "T", "part": 2, "printing": 3, "supplement-number": 4}]
        ),
        encoding="utf-8",
    )
    result = run("cite", "--items", str(items), "--style", str(style), "--notes")
    assert result.code == 0, result.err
    assert result.out.strip() == "1. T / 2 / 3 / 4"


def test_aliases_lead_to_known_fields() -> None:
    assert {"part-number", "printing-number", "supplement-number"} <= set(ALIASES.values())
    assert set(ALIASES.values()) <= store.TEXT_FIELDS
