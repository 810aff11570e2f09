"""``cite`` through the entry point: selection of sources, formats, and errors."""

from __future__ import annotations

import json

from .conftest import MINI


def test_bibliography_of_an_event_in_chicago(run) -> None:
    result = run("--store", str(MINI), "cite", "soviet-declaration-of-war", "--claims", "all")
    assert result.code == 0, result.err
    lines = [line for line in result.out.splitlines() if line]
    # Chicago (as citeproc-js renders the CSL style) puts an authorless magazine article under the
    # magazine's name, and sorts the bibliography by that first element.
    assert lines[0].startswith("Hasegawa, Tsuyoshi. Racing the Enemy")
    assert lines[-1] == "Time. “So Sorry, Mr. Sato.” April 16, 1945."


def test_notes_keep_citation_order_and_locators(run) -> None:
    out = run(
        "--store", str(MINI), "cite", "soviet-declaration-of-war", "--notes", "--format", "markdown"
    ).out
    assert out.startswith("1. Tsuyoshi Hasegawa, *Racing the Enemy")
    assert "191" in out.split("\n\n")[0]


def test_csl_json_export_round_trips(run) -> None:
    items = json.loads(run("--store", str(MINI), "cite", "--format", "csl-json").out)
    assert {item["id"] for item in items} == {"hasegawa-2005", "time-1945", "tz"}
    time_item = next(item for item in items if item["id"] == "time-1945")
    assert time_item["issued"] == {"date-parts": [[1945, 4, 16]]}
    assert time_item["type"] == "article-magazine"


def test_unknown_id_suggests(run) -> None:
    result = run("--store", str(MINI), "cite", "hasegawa-2050")
    assert (result.code, result.out) == (1, "")
    assert result.err == "pactcli: no event or source 'hasegawa-2050'; did you mean 'hasegawa-2005'?\n"


def test_unknown_style_is_a_usage_error(run) -> None:
    result = run("--store", str(MINI), "cite", "--style", "harvard")
    assert result.code == 2
    assert result.err.startswith(
        "pactcli: option --style: unknown style 'harvard'; give a path to a .csl file"
    )
    assert "chicago-notes-bibliography" in result.err and result.err.count("\n") == 1
