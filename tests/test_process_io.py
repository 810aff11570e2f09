"""The process around a command: stdout that cannot take the output, and stdin batches.

Output errors need a real process (a closed descriptor, /dev/full, the interpreter's own encoding set-up),
so these run ``python -m pactcli``. Batches are checked as properties: for any mix of good and bad lines,
every good line is answered in order and every bad one is reported with its own line number.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import unicodedata
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .conftest import MINI

EXAMPLES = int(os.environ.get("PACTCLI_FUZZ_EXAMPLES", "12"))


def _env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(tmp_path),
        "PACTCLI_CACHE_DIR": str(tmp_path / "cache"),
        "COLUMNS": "100",
        "NO_COLOR": "1",
    }
    for key in ("PYTHONPATH", "LANG", "LC_ALL"):
        if key in os.environ:
            env[key] = os.environ[key]
    env.update(extra)
    return env


def _pactcli(*args: str, **kwargs: Any) -> subprocess.CompletedProcess[bytes]:
    kwargs.setdefault("stdout", subprocess.PIPE)
    kwargs.setdefault("stderr", subprocess.PIPE)
    command = [sys.executable, "-m", "pactcli", "--store", str(MINI), *args]
    return subprocess.run(command, timeout=60, check=False, **kwargs)


def _one_line(err: bytes, code: int, pattern: str) -> None:
    text = err.decode("utf-8", "replace")
    assert "Traceback" not in text and "Exception ignored" not in text, text
    lines = text.splitlines()
    assert len(lines) == 1 and lines[0].startswith("pactcli: "), text
    assert pattern in lines[0], lines[0]
    assert code == 74


def test_closed_stdout_is_one_line_and_74(tmp_path: Path) -> None:
    proc = subprocess.run(
        f"{sys.executable} -m pactcli --store {MINI} timeline >&-",
        shell=True,
        capture_output=False,
        stderr=subprocess.PIPE,
        env=_env(tmp_path),
        timeout=60,
        check=False,
    )
    _one_line(proc.stderr, proc.returncode, "standard output is closed")


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full on this system")
@pytest.mark.parametrize("fmt", ["table", "json", "csv", "ics"])
def test_full_disk_is_one_line_and_74(tmp_path: Path, fmt: str) -> None:
    with open("/dev/full", "wb") as full:
        proc = _pactcli("timeline", "--format", fmt, stdout=full, stderr=subprocess.PIPE, env=_env(tmp_path))
    _one_line(proc.stderr, proc.returncode, "cannot write output: No space left on device")


@pytest.mark.parametrize(
    "extra",
    [
        {"PYTHONIOENCODING": "ascii"},
        {"LC_ALL": "C", "LANG": "C", "PYTHONUTF8": "0", "PYTHONCOERCECLOCALE": "0"},
    ],
    ids=["PYTHONIOENCODING=ascii", "LC_ALL=C"],
)
def test_stdout_that_cannot_hold_the_text_is_one_line_and_74(tmp_path: Path, extra: dict[str, str]) -> None:
    proc = _pactcli("timeline", env=_env(tmp_path, **extra))
    _one_line(proc.stderr, proc.returncode, "standard output's encoding")
    assert "PYTHONIOENCODING=utf-8" in proc.stderr.decode("ascii", "replace")


def test_ascii_output_still_works_with_an_ascii_stdout(tmp_path: Path) -> None:
    proc = _pactcli("--version", env=_env(tmp_path, PYTHONIOENCODING="ascii"))
    assert proc.returncode == 0 and proc.stderr == b""


def test_fifo_store_does_not_block(tmp_path: Path) -> None:
    fifo = tmp_path / "store.toml"
    os.mkfifo(fifo)
    for args in (["--store", str(fifo), "timeline"], ["validate", str(fifo)]):
        proc = subprocess.run(
            [sys.executable, "-m", "pactcli", *args],
            capture_output=True,
            timeout=20,
            env=_env(tmp_path),
            check=False,
        )
        assert proc.returncode == 1
        assert b"is a FIFO (named pipe), not a store file" in proc.stdout + proc.stderr


# --- batches -----------------------------------------------------------------------------------------------

GOOD = ["pact-signed", "pact-denounced", "PACT-EXPIRY", "german-surrender"]
BAD = ["no-such-event", "x" * 70_000, "pact", "\udcff"]  # unknown, too long, ambiguous prefix, not UTF-8


@settings(
    max_examples=EXAMPLES * 2,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    lines=st.lists(
        st.one_of(
            st.sampled_from(GOOD).map(lambda g: ("good", g)), st.sampled_from(BAD).map(lambda b: ("bad", b))
        ),
        min_size=1,
        max_size=8,
    ),
    fail_fast=st.booleans(),
)
def test_a_batch_answers_every_good_line_and_reports_every_bad_one(
    tmp_path: Path, lines: list[tuple[str, str]], fail_fast: bool
) -> None:
    data = b"".join(text.encode("utf-8", "surrogateescape") + b"\n" for _, text in lines)
    args = ["event", "-", "--format", "json", *(["--fail-fast"] if fail_fast else [])]
    proc = _pactcli(*args, input=data, env=_env(tmp_path))
    err = proc.stderr.decode("utf-8").splitlines()
    bad_numbers = [n for n, (kind, _) in enumerate(lines, start=1) if kind == "bad"]
    if fail_fast and bad_numbers:
        # The first bad line is the last one read; what was answered before it is still written.
        bad_numbers = bad_numbers[:1]
        answered = [text for kind, text in lines[: bad_numbers[0] - 1]]
    else:
        answered = [text for kind, text in lines if kind == "good"]
    reported = [int(line.split("line ")[1].split(":")[0]) for line in err]
    assert reported == bad_numbers, err
    assert all(line.startswith("pactcli: line ") for line in err), err
    assert proc.returncode == (1 if bad_numbers else 0)
    records = json.loads(proc.stdout)  # one whole JSON array, whatever failed
    assert [r["id"] for r in records] == [a.lower() for a in answered]


def test_stdin_is_streamed_not_read_whole(tmp_path: Path) -> None:
    """The first answer comes before stdin ends: the batch is read a line at a time."""
    with subprocess.Popen(
        [sys.executable, "-m", "pactcli", "--store", str(MINI), "event", "-", "--format", "json"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=_env(tmp_path, PYTHONUNBUFFERED="1"),
    ) as proc:
        assert proc.stdin is not None and proc.stdout is not None
        proc.stdin.write(b"pact-signed\n")
        proc.stdin.flush()
        first = proc.stdout.readline()  # would hang if pactcli waited for the end of stdin
        assert first.strip() == b"["
        proc.stdin.close()
        proc.wait(timeout=60)
    assert proc.returncode == 0


# --- the CSV formula guard, as a property ---------------------------------------------------------------

LEADS = [" ", "\u00a0", "\u3000", "\u2002", "\u202f", "", "  "]
STARTS = [
    "=",
    "+",
    "-",
    "@",
    "\uff1d",
    "\uff0b",
    "\uff0d",
    "\uff20",
    "\ufe62",
    "\ufe63",
    "\ufe66",
    "\ufe6b",
    "\u2212",
]


@settings(max_examples=EXAMPLES * 20, deadline=None)
@given(lead=st.sampled_from(LEADS), start=st.sampled_from(STARTS), rest=st.text(max_size=8))
def test_spreadsheet_cell_neutralises_every_formula_spelling(lead: str, start: str, rest: str) -> None:
    from pactcli.render.safe import spreadsheet_cell

    cell = lead + start + rest
    assert unicodedata.normalize("NFKC", start) in ("=", "+", "-", "@") or start == "\u2212"
    assert spreadsheet_cell(cell) == "'" + cell


@settings(max_examples=EXAMPLES * 20, deadline=None)
@given(text=st.text(max_size=12))
def test_spreadsheet_cell_leaves_other_text_alone(text: str) -> None:
    from pactcli.render.safe import spreadsheet_cell

    first = next((c for c in text if not (c.isspace() or unicodedata.category(c) in ("Zs", "Cf"))), "")
    formula = text[:1] in ("\t", "\r", "\n") or unicodedata.normalize("NFKC", first)[:1] in (
        "=",
        "+",
        "-",
        "@",
    )
    formula = formula or first == "\u2212"
    assert spreadsheet_cell(text) == ("'" + text if formula else text)
