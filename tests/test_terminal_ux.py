"""What a user sees: the pager, global options after the command, wrapping, the event view's clocks.

Pager tests run pactcli in a real pseudo-terminal (tests/terminal.py): paging depends on a terminal.
"""

from __future__ import annotations

import html
import json
import re
import sys
import textwrap
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pactcli.render.prose import wrap_offsets
from pactcli.render.safe import markdown_cell, visible

from .conftest import MINI
from .terminal import run_in_terminal

# --- the pager -------------------------------------------------------------------------------------------

FAKE_PAGER = """\
import os, sys
data = sys.stdin.buffer.read()
with open(os.environ["PAGER_LOG"], "w", encoding="utf-8") as log:
    log.write(repr((os.environ.get("LESS"), os.environ.get("LV"), len(data), b"\\x1b[" in data)))
"""


@pytest.fixture
def fake_pager(tmp_path: Path) -> tuple[str, Path]:
    script = tmp_path / "pager.py"
    script.write_text(FAKE_PAGER, encoding="utf-8")
    return f"{sys.executable} {script}", tmp_path / "pager.log"


def _logged(log: Path) -> tuple[str | None, str | None, int, bool] | None:
    if not log.exists():
        return None
    value = eval(log.read_text(encoding="utf-8"))  # our own repr() of a tuple of literals
    assert isinstance(value, tuple)
    return value


def test_long_output_goes_to_the_pager_with_less_defaults(fake_pager) -> None:
    command, log = fake_pager
    env = {"PACTCLI_PAGER": command, "PAGER_LOG": str(log)}
    code, screen = run_in_terminal(["--store", str(MINI), "timeline"], columns=80, lines=10, env=env)
    assert code == 0
    logged = _logged(log)
    assert logged is not None, screen
    less, lv, size, styled = logged
    # LESS=FRX and LV=-c when unset (git's and gh's defaults): colours pass through, short text quits at once.
    assert (less, lv) == ("FRX", "-c")
    assert size > 1000 and styled  # the whole table, with its styles
    assert "Neutrality Pact signed" not in screen  # shown by the pager, not printed as well


def test_user_less_and_pager_choice_are_honoured(fake_pager) -> None:
    command, log = fake_pager
    env = {"PAGER": command, "LESS": "-R", "LV": "-x", "PAGER_LOG": str(log)}
    run_in_terminal(["--store", str(MINI), "timeline"], columns=80, lines=10, env=env)
    logged = _logged(log)
    assert logged is not None and logged[:2] == ("-R", "-x")
    # PACTCLI_PAGER wins over PAGER; "cat" means no pager.
    log.unlink()
    env = {"PAGER": command, "PACTCLI_PAGER": "cat", "PAGER_LOG": str(log)}
    code, screen = run_in_terminal(["--store", str(MINI), "timeline"], columns=80, lines=10, env=env)
    assert code == 0 and _logged(log) is None and "Neutrality Pact signed" in screen


@pytest.mark.parametrize(
    "args",
    [
        ["--no-pager", "--store", str(MINI), "timeline"],
        ["--store", str(MINI), "timeline", "--no-pager"],  # a global option after the command
    ],
)
def test_no_pager(fake_pager, args: list[str]) -> None:
    command, log = fake_pager
    env = {"PACTCLI_PAGER": command, "PAGER_LOG": str(log)}
    code, screen = run_in_terminal(args, columns=80, lines=10, env=env)
    assert code == 0 and _logged(log) is None
    assert "Neutrality Pact signed" in screen


def test_output_that_fits_is_not_paged(fake_pager) -> None:
    command, log = fake_pager
    env = {"PACTCLI_PAGER": command, "PAGER_LOG": str(log)}
    code, screen = run_in_terminal(["--store", str(MINI), "timeline"], columns=120, lines=200, env=env)
    assert code == 0 and _logged(log) is None and "Neutrality Pact signed" in screen


def test_event_follows_the_same_rule(fake_pager) -> None:
    command, log = fake_pager
    env = {"PACTCLI_PAGER": command, "PAGER_LOG": str(log)}
    ids = ["pact-signed", "soviet-declaration-of-war"]
    run_in_terminal(["--store", str(MINI), "event", *ids], columns=80, lines=200, env=env)
    assert _logged(log) is None
    run_in_terminal(["--store", str(MINI), "event", *ids], columns=80, lines=20, env=env)
    logged = _logged(log)
    assert logged is not None and logged[3]


@pytest.mark.parametrize("pager", ["no-such-pager-anywhere", "no-such-pager-anywhere | cat"])
def test_a_pager_that_cannot_start_costs_one_warning_not_the_output(pager: str) -> None:
    code, screen = run_in_terminal(
        ["--store", str(MINI), "timeline"], columns=80, lines=10, env={"PACTCLI_PAGER": pager}
    )
    assert code == 0
    assert "Neutrality Pact signed" in screen and "Pact would have expired" in screen
    warnings = [line for line in screen.splitlines() if line.startswith("pactcli: warning: cannot start")]
    assert len(warnings) == 1, screen


# --- global options anywhere -----------------------------------------------------------------------------


def test_global_options_after_the_command(run) -> None:
    result = run("event", "pact-signed", "--store", str(MINI), "--format", "json")
    assert (result.code, json.loads(result.out)["title"]) == (0, "Neutrality Pact signed")
    result = run("timeline", "--format=jsonl", f"--store={MINI}", "--tag", "pact")
    assert [json.loads(line)["id"] for line in result.out.splitlines()] == ["pact-signed", "pact-denounced"]
    with pytest.raises(Exception, match="no event"):  # --debug after the command: the traceback, raised
        run("--store", str(MINI), "event", "nosuch", "--debug")


def test_a_value_that_looks_like_a_global_option_stays_a_value(run) -> None:
    # "--debug" is the value of --search here, not the global flag: nothing matches, no traceback mode.
    result = run("--store", str(MINI), "timeline", "--search", "--debug", "--format", "jsonl")
    assert (result.code, result.out, result.err) == (0, "", "")
    result = run("--store", str(MINI), "timeline", "--store")
    assert (result.code, result.err) == (2, "pactcli: option --store needs a value\n")


# --- wrapping --------------------------------------------------------------------------------------------

WORDS = st.text(alphabet="abcdefghij-./:", min_size=1, max_size=30)


@settings(max_examples=500, deadline=None)
@given(st.lists(WORDS, min_size=0, max_size=40), st.integers(min_value=1, max_value=100))
def test_wrapping_matches_textwrap_and_never_splits_a_word(words: list[str], width: int) -> None:
    """textwrap, told never to break words or hyphens, is an independent greedy wrapper: the same lines."""
    plain = " ".join(words)
    lines = [plain[start:end] for start, end in wrap_offsets(plain, width)]
    expected = textwrap.wrap(plain, width, break_long_words=False, break_on_hyphens=False) or [""]
    assert lines == expected
    assert [w for line in lines for w in line.split()] == words


def test_piped_citations_are_one_entry_per_line_with_urls_whole(run) -> None:
    out = run("cite", env={"COLUMNS": "60"}).out
    assert out == run("cite", env={"COLUMNS": "300"}).out  # the width of a file is not the terminal's
    lines = out.splitlines()
    entries = run("cite", "--format", "markdown").out.split("\n\n")
    assert len(lines) == len(entries) > 50 and all(lines)
    csl = json.loads(run("cite", "--format", "csl-json").out)
    urls = [item["URL"] for item in csl if item.get("URL")]
    assert sum(any(url in line for line in lines) for url in urls) > 20  # whole, on their entry's line
    notes = run("cite", "--notes", "pact-signed", env={"COLUMNS": "40"}).out.split("\n\n")
    assert [note.split(". ", 1)[0] for note in notes] == [str(n) for n in range(1, len(notes) + 1)]
    assert all("\n" not in note.strip() for note in notes)


def test_piped_event_view_has_one_line_per_paragraph(run) -> None:
    out = run("event", "soviet-declaration-of-war", env={"COLUMNS": "60"}).out
    summary = out.split("Summary\n", 1)[1].split("\n\n", 1)[0]
    assert "\n" not in summary and len(summary) > 200


# --- every claim in every clock; the day of the week; lengths --------------------------------------------


def test_every_claim_in_every_display_zone(run) -> None:
    out = run("--store", str(MINI), "event", "soviet-declaration-of-war", "--tz", "Asia/Tokyo").out
    claim = out.split("Claim 1: ", 1)[1]
    # The disputed 23:00 Moscow reading is 05:00 the next day in Tokyo (and 20:00 UTC).
    assert re.search(r"Tokyo\s+\|\s+1945-08-09 05:00\s+\|\s+\+09:00\s+\|\s+JST\s+\|\s+Thu \+1d", claim)
    assert "1945-08-08T20:00:00Z" in claim
    assert re.search(r"\nWeekday +Wednesday \(in Moscow's clock\)\n", out)


def test_weekday_of_a_date_in_its_own_clock(run) -> None:
    # 8 May 1945 23:01 at +01:00 was a Tuesday where it was stated, though Moscow was already on Wednesday.
    out = run("--store", str(MINI), "event", "german-surrender").out
    assert re.search(r"\nWeekday +Tuesday \(in ", out)
    assert re.search(r"Moscow\s+\|\s+1945-05-09 01:01\s+\|.*\|\s+Wed \+1d", out)
    month = run("--store", str(MINI), "event", "yamashita-to-manchuria").out
    assert "Weekday" not in month  # a month has no day of the week
    table = run("--store", str(MINI), "timeline", "--weekday", "--tag", "pact", env={"COLUMNS": "120"}).out
    assert re.search(r"13 Apr 1941\s+Sun\s", table)


APPROXIMATE_END = """\
[store]
title = "t"
display_zones = ["UTC"]

[[sources]]
id = "s"
type = "book"
title = "A book"

[[events]]
id = "ceremony"
title = "Ceremony"
start = 1945-09-02T09:02:00
end = "1945-09-02T09:25~"
zone = "Asia/Tokyo"
sources = [{ id = "s" }]

[[events]]
id = "exact"
title = "Exact"
start = 1945-09-02T09:02:00
end = 1945-09-03T10:25:00
zone = "Asia/Tokyo"
sources = [{ id = "s" }]
"""


def test_a_length_with_an_approximate_end_is_approximate(run, tmp_path: Path) -> None:
    store = tmp_path / "store.toml"
    store.write_text(APPROXIMATE_END, encoding="utf-8")
    out = run("--store", str(store), "event", "ceremony").out
    assert re.search(r"\nLength +c. 23 min \(not exact: the end is approximate\)\n", out)
    out = run("--store", str(store), "event", "exact").out
    assert re.search(r"\nLength +1 day 1 h 23 min \(exact\)\n", out)


# --- Markdown --------------------------------------------------------------------------------------------

MARKDOWN_TEXT = (
    st.text(alphabet="ab 1-.()#+!*_`[]<>|~&;\\/:", min_size=1, max_size=40).map(str.strip).filter(bool)
)


@settings(max_examples=400, deadline=None)
@given(MARKDOWN_TEXT)
def test_markdown_cells_read_back_as_the_text(text: str) -> None:
    """A GFM parser (markdown-it-py, which Rich depends on) reads each escaped cell back as the text."""
    from markdown_it import MarkdownIt

    parser = MarkdownIt("commonmark").enable(["table", "strikethrough"])
    document = f"| h |\n|---|\n| {markdown_cell(text)} |\n"
    rendered = parser.render(document)
    cell = re.search(r"<td>(.*)</td>", rendered, re.S)
    assert cell is not None, rendered
    assert "<" not in cell.group(1).replace("&lt;", ""), rendered  # no markup made from the text
    assert html.unescape(cell.group(1)) == visible(text)


def test_markdown_escapes_only_syntax() -> None:
    assert markdown_cell("1969-07-16T09:32:00") == "1969-07-16T09:32:00"
    assert markdown_cell("nasa-1969-press-kit (p. 3)") == "nasa-1969-press-kit (p. 3)"
    assert markdown_cell("snake_case, 00:10~") == "snake_case, 00:10~"
    assert markdown_cell("a|b *c* _d_ [e]") == "a\\|b \\*c\\* \\_d\\_ \\[e\\]"


def test_pager_choice_order() -> None:
    from pactcli.cli.pager import Pager, choose, environment

    assert choose({"PACTCLI_PAGER": "most", "PAGER": "less"}) == Pager("most", chosen=True)
    assert choose({"PAGER": "less -S"}) == Pager("less -S", chosen=True)
    assert choose({"PACTCLI_PAGER": "", "PAGER": "less"}) is None  # empty: no pager
    assert choose({"PACTCLI_PAGER": " cat "}) is None
    assert environment({"LESS": "-S"})["LESS"] == "-S" and environment({})["LV"] == "-c"


def test_hoisting_stops_at_double_dash() -> None:
    import typer

    from pactcli.cli import app, hoist_global_options

    group = typer.main.get_command(app)
    assert hoist_global_options(["event", "x", "--debug"], group) == ["--debug", "event", "x"]
    assert hoist_global_options(["event", "--", "--debug"], group) == ["event", "--", "--debug"]
    assert hoist_global_options(["event", "--tz", "--debug", "x"], group) == ["event", "--tz", "--debug", "x"]
    assert hoist_global_options(["--store", "s", "timeline", "--store=t"], group) == [
        "--store",
        "s",
        "--store=t",
        "timeline",
    ]


def test_commands_with_their_own_store_option_keep_it() -> None:
    import typer

    from pactcli.cli import app, hoist_global_options

    group = typer.main.get_command(app)
    # add and edit take --store PATH of their own (the file to write): it is not the global option.
    assert hoist_global_options(["add", "event", "--store", "x.toml", "--debug"], group) == [
        "--debug",
        "add",
        "event",
        "--store",
        "x.toml",
    ]
    assert hoist_global_options(["edit", "an-id", "--store", "x.toml"], group) == [
        "edit",
        "an-id",
        "--store",
        "x.toml",
    ]


# --- help summaries ----------------------------------------------------------------------------------------


def _command_summaries(text: str) -> list[tuple[str, str]]:
    """(name, summary) of each line of a help text's Commands section."""
    section = text.split("\nCommands:\n", 1)[1]
    rows = []
    for line in section.splitlines():
        if not line.startswith("  "):
            break
        name, _, summary = line.strip().partition(" ")
        rows.append((name, summary.strip()))
    return rows


@pytest.mark.parametrize("group", [[], ["add"]], ids=["pactcli", "add"])
def test_every_command_summary_fits_80_columns_whole(run, group: list[str]) -> None:
    import typer

    from pactcli import cli

    result = run(*group, "--help", env={"COLUMNS": "80"})
    assert result.code == 0, result.err
    rows = _command_summaries(result.out)
    command = typer.main.get_command(cli.app)
    for name in group:
        command = command.commands[name]  # type: ignore[attr-defined]
    # Every command is listed, none cut short: each line is the command's whole summary, no ellipsis.
    assert sorted(name for name, _ in rows) == sorted(command.commands)  # type: ignore[attr-defined]
    for name, summary in rows:
        assert summary, name
        assert not summary.endswith(("...", "…")), (name, summary)
        whole = command.commands[name].get_short_help_str(limit=10_000)  # type: ignore[attr-defined]
        assert summary == whole, name
    assert max(len(line) for line in result.out.splitlines()) <= 80
