"""Graded sources (primary, secondary, tertiary) and quotations kept apart from locators."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

STORE = """
[[sources]]
id = "tel"
kind = "primary"
type = "document"
title = "Telegram 1054"

[[sources]]
id = "book"
kind = "secondary"
type = "book"
title = "A History"

[[sources]]
id = "wiki"
kind = "tertiary"
type = "webpage"
title = "An Encyclopedia Entry"

[[sources]]
id = "plain"
type = "book"
title = "An Ungraded Book"

[[events]]
id = "on-a-document"
title = "Rests on a telegram and an encyclopedia"
start = 1945-04-05
zone = "Europe/Moscow"
sources = [
  { id = "wiki" },
  { id = "tel", locator = "tel. 1054", quote = "Today at 3 p.m. Molotov received the Japanese Ambassador" },
]

[[events]]
id = "on-scholarship"
title = "Rests on a book"
start = 1945-04-06
zone = "Europe/Moscow"
sources = [{ id = "book", locator = "p. 46" }]

[[events]]
id = "on-an-encyclopedia"
title = "Rests on an encyclopedia, although a dispute cites a document"
start = 1945-04-07
zone = "Europe/Moscow"
sources = [{ id = "wiki" }]
disputes = [{ start = 1945-04-08, sources = [{ id = "tel" }], note = "Another day." }]

[[events]]
id = "ungraded"
title = "Rests on an ungraded book"
start = 1945-04-09
zone = "Europe/Moscow"
sources = [{ id = "plain" }]
"""


@pytest.fixture
def graded(tmp_path: Path) -> str:
    path = tmp_path / "graded.toml"
    path.write_text(STORE, encoding="utf-8")
    return str(path)


def _ids(run, store: str, *options: str) -> list[str]:
    result = run("--store", store, "timeline", "--format", "json", *options)
    assert result.code == 0, result.err
    return [record["id"] for record in json.loads(result.out)]


def test_min_source_keeps_events_whose_main_claim_cites_one_that_good(run, graded: str) -> None:
    everything = ["on-a-document", "on-scholarship", "on-an-encyclopedia", "ungraded"]
    assert _ids(run, graded) == everything
    # primary ranks above secondary; a dispute's sources do not count, nor do ungraded ones.
    assert _ids(run, graded, "--min-source", "secondary") == ["on-a-document", "on-scholarship"]
    assert _ids(run, graded, "--min-source", "primary") == ["on-a-document"]


def test_min_source_refuses_other_values(run, graded: str) -> None:
    result = run("--store", graded, "timeline", "--min-source", "tertiary")
    assert result.code == 2 and result.out == ""
    assert "--min-source" in result.err


def test_json_gives_each_reference_its_quote_and_kind(run, graded: str) -> None:
    result = run("--store", graded, "event", "on-a-document", "--format", "json")
    assert result.code == 0, result.err
    assert json.loads(result.out)["sources"] == [
        {"id": "wiki", "locator": None, "label": None, "quote": None, "kind": "tertiary", "copy": None},
        {
            "id": "tel",
            "locator": "tel. 1054",
            "label": None,
            "quote": "Today at 3 p.m. Molotov received the Japanese Ambassador",
            "kind": "primary",
            "copy": None,
        },
    ]
    result = run("--store", graded, "event", "ungraded", "--format", "json")
    assert json.loads(result.out)["sources"] == [
        {"id": "plain", "locator": None, "label": None, "quote": None, "kind": None, "copy": None}
    ]


def test_event_view_shows_kind_and_quote_beside_the_reference(run, graded: str) -> None:
    result = run("--store", graded, "event", "on-a-document", env={"COLUMNS": "200"})
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    first = next(i for i, line in enumerate(lines) if line.startswith("[2] "))
    assert lines[first] == "[2] (primary) Telegram 1054, tel. 1054. (tel)"
    # The quotation is on the next line, in quotation marks, and never where the locator goes.
    assert lines[first + 1] == "    “Today at 3 p.m. Molotov received the Japanese Ambassador”"
    assert (
        next(line for line in lines if line.startswith("[1] "))
        == "[1] (tertiary) An Encyclopedia Entry. (wiki)"
    )


def test_validate_warns_about_the_event_resting_on_an_encyclopedia(run, graded: str) -> None:
    result = run("validate", graded)
    assert result.code == 0  # a warning, not an error
    line = STORE.splitlines().index('sources = [{ id = "wiki" }]') + 1
    assert result.out.splitlines() == [
        f"{graded}:{line}: event on-an-encyclopedia: sources: rests only on tertiary sources "
        "(encyclopedias, aggregators): cite a document or scholarship (warning)",
    ]  # the diagnostics on stdout, the summary on stderr (docs/hostile-input.md)
    assert result.err.splitlines() == ["ok: 4 events, 4 sources, 1 warning(s)"]
