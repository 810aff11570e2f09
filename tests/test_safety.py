"""Store text is data: no markup, control sequence or formula reaches a terminal, file or spreadsheet."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import DATA

HOSTILE = str(DATA / "unchecked" / "hostile.toml")
UNCHECKED_RUNNER = Path(__file__).parent / "hostile" / "unchecked.py"
RAW_CONTROLS = ["\x1b", "\x9b", "\u202e", "\u202c", "\x07"]


@pytest.mark.parametrize("fmt", ["table", "json", "jsonl", "csv", "tsv", "markdown"])
def test_timeline_formats_carry_no_raw_control_characters(run, fmt: str) -> None:
    result = run("--store", HOSTILE, "timeline", "--format", fmt)
    assert result.code == 0, result.err
    for char in RAW_CONTROLS:
        assert char not in result.out, (fmt, repr(char))


def test_table_shows_markup_literally_and_escapes_visibly(run) -> None:
    out = run("--store", HOSTILE, "timeline", env={"COLUMNS": "200"}).out
    assert "[bold]Bold?[/] :skull:" in out  # not parsed as Rich markup, no emoji
    assert "\\x1b[31mred\\x1b[0m \\u202eevil\\u202c \\x9b2J" in out


def test_event_view_escapes_every_field(run) -> None:
    result = run("--store", HOSTILE, "event", "hostile", env={"COLUMNS": "200"})
    assert result.code == 0, result.err
    for char in RAW_CONTROLS:
        assert char not in result.out
    assert "[citation needed] \\x1b]8;;https://evil.example\\x1b\\link" in result.out


def test_json_keeps_the_data_exactly(run) -> None:
    out = run("--store", HOSTILE, "event", "hostile", "--format", "json").out
    assert "\u202e" not in out and "\x9b" not in out
    record = json.loads(out)
    # Escaped on the wire, intact after parsing: data is neither lost nor altered.
    assert record["title"] == "[bold]Bold?[/] :skull: \x1b[31mred\x1b[0m \u202eevil\u202c \x9b2J"


def test_csv_neutralises_formulas(run) -> None:
    out = run("--store", HOSTILE, "timeline", "--format", "csv").out
    row = next(csv.DictReader(io.StringIO(out)))
    assert row["place"] == "'=cmd|' /C calc'!A0"
    assert row["title"].startswith("[bold]Bold?[/]")


def test_no_color_and_pipes_have_no_escapes() -> None:
    # A real subprocess: stdout is a pipe, so Rich must emit plain text even with FORCE_COLOR set.
    env = {"PATH": "/usr/bin:/bin", "FORCE_COLOR": "1", "NO_COLOR": "1", "COLUMNS": "120"}
    proc = subprocess.run(
        [sys.executable, str(UNCHECKED_RUNNER), "--store", HOSTILE, "timeline"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert "\x1b" not in proc.stdout


def test_closed_pipe_exits_quietly() -> None:
    proc = subprocess.run(
        f"{sys.executable} -m pactcli timeline --format jsonl | head -1",
        shell=True,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0
    assert json.loads(proc.stdout)["id"]
    assert proc.stderr == ""


def test_validate_escapes_the_file_text_it_quotes(run, tmp_path) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(
        '[[sources]]\nid = "s1"\ntype = "book"\ntitle = "B"\n\n'
        '[[events]]\nid = "bad\\u001b[2J"\ntitle = "T"\nstart = 1941-04-13\nzone = "UTC"\n'
        'sources = [{ id = "s1" }]\n',
        encoding="utf-8",
    )
    result = run("validate", str(path))
    assert result.code == 1
    assert "\x1b" not in result.err and "\x1b" not in result.out
    # Diagnostics on stdout (as ruff and mypy print them), the summary on stderr.
    assert f"{path}:7: event bad\\x1b[2J: id: required, kebab-case" in result.out
    assert result.err == f"pactcli: 2 error(s) in {path}\n"


def _hidden_or_control(code: int) -> bool:
    # The policy, stated from the Unicode database rather than from pactcli.render.safe's ranges: every
    # character of general category Cc (controls), Cf (format: bidi controls, zero-width characters, BOM,
    # tag characters…), Zl and Zp (line and paragraph separators), U+2065 in the bidi block, and the 66
    # noncharacters (U+FDD0-FDEF and the last two code points of every plane).
    import unicodedata

    noncharacter = 0xFDD0 <= code <= 0xFDEF or code & 0xFFFE == 0xFFFE
    return unicodedata.category(chr(code)) in ("Cc", "Cf", "Zl", "Zp") or code == 0x2065 or noncharacter


def test_visible_escapes_exactly_the_hidden_and_control_characters_of_every_code_point() -> None:
    import unicodedata

    from pactcli.render.safe import is_hidden, json_dumps, visible

    # Surrogates are not text (the store's UTF-8 decoder never yields them); every other code point, in one
    # string each way, so that each character is also checked next to its neighbours.
    chars = [chr(code) for code in range(0x110000) if not 0xD800 <= code <= 0xDFFF]

    def escaped(char: str) -> str:
        code = ord(char)
        if code in (9, 10):
            return "\\t" if code == 9 else "\\n"
        if code < 0x100:
            return f"\\x{code:02x}"
        return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"

    policy = {char for char in chars if _hidden_or_control(ord(char))}
    assert len(policy) >= 65 + 1 + 5 + 7 + 10 + 1  # at least what the first policy covered
    # The ranges are written out for one Unicode version; a Python that knows an older one sees the newer
    # format characters as unassigned (Cn). Nothing else may be escaped.
    extra = {char for char in chars if is_hidden(char)} - policy
    assert all(unicodedata.category(char) == "Cn" for char in extra), sorted(map(ord, extra))
    hidden = policy | extra
    whole = "".join(chars)
    assert visible(whole) == "".join(escaped(c) if c in hidden else c for c in chars)
    assert visible(whole, multiline=True) == "".join(
        escaped(c) if c in hidden and c not in "\t\n" else c for c in chars
    )
    indented = {"text": [whole]}
    assert json.loads(json_dumps(indented, indent=2)) == indented  # the indentation's newlines stay newlines
    raw = json_dumps(whole)
    assert json.loads(raw) == whole  # still the same data
    assert not hidden & set(raw)
    assert raw == json.dumps(whole, ensure_ascii=False).translate(
        {ord(c): json.dumps(c)[1:-1] for c in hidden if ord(c) >= 0x7F}  # \\uXXXX, surrogate pairs above FFFF
    )


# --- first_hidden's fast path for long text ------------------------------------------------------------


def _first_hidden_by_regex(text: str, multiline: bool) -> str | None:
    """The rule as the regex states it, over the whole text (what the fast path must agree with)."""
    import unicodedata

    for char in text:
        code = ord(char)
        hidden = unicodedata.category(char) in ("Cc", "Cf", "Zl", "Zp") or code == 0x2065
        hidden = hidden or 0xFDD0 <= code <= 0xFDEF or (code & 0xFFFE) == 0xFFFE
        if multiline and char in "\t\n\r":
            continue
        if hidden:
            return char
    return None


@pytest.mark.parametrize("multiline", [False, True])
def test_first_hidden_of_long_text_agrees_with_the_rule(multiline: bool) -> None:
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from pactcli.render.safe import first_hidden

    pieces = st.sampled_from(
        ["a", " ", "\t", "\n", "\r", "\x1b", "\x7f", "\x85", "ō", "中", "\u202e", "\u200b", "\u2028",
         "\ufeff", "\U000e0041", "\ud800", "\udcff", "\ufffe", "😀", "~"]
    )  # fmt: skip

    @settings(max_examples=300, deadline=None)
    @given(st.lists(pieces, max_size=40), st.integers(0, 600))
    def check(chosen: list[str], padding: int) -> None:
        text = "x" * padding + "".join(chosen) + "y\n" * (padding // 2)
        assert first_hidden(text, multiline) == _first_hidden_by_regex(text, multiline)

    check()


def test_json_escaped_agrees_with_escaping_every_character() -> None:
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from pactcli.render.safe import _json_escape, _json_unsafe, json_escaped

    pieces = st.sampled_from(
        ["a", '"', "\\n", "\x7f", "\x85", "\xad", "ō", "中", "\u202e", "\u2028", "\ufeff", "\U000e0041",
         "\ud800", "\ufffe", "😀", "{", "}"]
    )  # fmt: skip

    @settings(max_examples=300, deadline=None)
    @given(st.lists(pieces, max_size=40))
    def check(chosen: list[str]) -> None:
        text = "".join(chosen)
        expected = "".join(_json_unsafe().sub(_json_escape, char) for char in text)
        assert json_escaped(text) == expected

    check()
