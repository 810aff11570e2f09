"""``event``: lookup rules, the JSON object, and process behaviour (stdin, SIGINT)."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time

from .conftest import MINI


def test_unique_prefix_and_json_object(run) -> None:
    result = run("--store", str(MINI), "event", "soviet-decl", "--format", "json")
    assert result.code == 0, result.err
    record = json.loads(result.out)
    assert record["id"] == "soviet-declaration-of-war"
    assert record["calendars"] == {
        "japanese": "昭和20年8月8日",
        "julian": "1945-07-26 O.S.",
        "minguo": "民國34年8月8日",
        "manchukuo": "康德12年8月8日",
    }
    assert record["text"] is None
    assert record["times"]["Asia/Tokyo"] == "1945-08-08T23:00:00+09:00"


def test_unknown_and_ambiguous_ids(run) -> None:
    result = run("--store", str(MINI), "event", "pact-signd")
    assert (result.code, result.out) == (1, "")
    assert result.err == "pactcli: no event 'pact-signd'; did you mean 'pact-signed'?\n"
    result = run("--store", str(MINI), "event", "pact-")
    assert (
        result.err
        == "pactcli: event ID prefix 'pact-' is ambiguous: pact-signed, pact-denounced, pact-expiry\n"
    )
    assert result.code == 1


def test_ids_from_stdin(run) -> None:
    result = run(
        "--store", str(MINI), "event", "-", "--format", "json", stdin="pact-signed\n# comment\nkhalkhin\n"
    )
    assert [r["id"] for r in json.loads(result.out)] == ["pact-signed", "khalkhin-gol"]


def test_view_names_the_offset_provenance(run) -> None:
    out = run("--store", str(MINI), "event", "german-surrender", env={"COLUMNS": "120"}).out
    assert "The source states UTC+01:00; tzdata" in out
    assert "has Europe/Berlin at UTC+02:00 (CEST) then. The stated offset is used." in out
    out = run("--store", str(MINI), "event", "pact-denounced", env={"COLUMNS": "120"}).out
    assert "its UTC offset (+03:00) comes from tzdata" in out


def test_view_of_a_date_does_not_convert_it(run) -> None:
    out = run("--store", str(MINI), "event", "pact-signed", env={"COLUMNS": "120"}).out
    assert "13 Apr 1941 (local day in Moscow; no time of day is known, so it is not converted" in out


def test_sigint_exits_130_without_traceback() -> None:
    proc = subprocess.Popen(
        [sys.executable, "-m", "pactcli", "--store", str(MINI), "event", "-"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    time.sleep(1.5)  # let it start and block on stdin (not a timing assertion: only a wait)
    proc.send_signal(signal.SIGINT)
    _out, err = proc.communicate(timeout=30)
    assert proc.returncode == 130
    assert "Traceback" not in err
    assert err == "pactcli: interrupted\n"
