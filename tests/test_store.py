"""Loading and validation: one invalid fixture per rule, each pinned to its exact lines."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from pactcli.errors import StoreError
from pactcli.store import parse as store
from pactcli.time.dates import Precision

from .conftest import DATA, MINI

INVALID = sorted((DATA / "invalid").glob("*.toml"))


def test_invalid_fixtures_exist() -> None:
    # Guard against an empty glob silently running no cases.
    assert len(INVALID) >= 20


def _expected(path: Path) -> list[str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line.removeprefix("# expect: ") for line in lines if line.startswith("# expect: ")]


@pytest.mark.parametrize("path", INVALID, ids=[p.stem for p in INVALID])
def test_invalid_store_reports_exact_lines(path: Path) -> None:
    _, problems = store.validate([str(path)])
    got = [p.line().removeprefix(f"{path}:") for p in problems]
    assert got == _expected(path)


EXPECTED_TEN = [
    "4: source s1: type: required, a CSL type (did you mean 'book'?)",
    "11: source s2: issued: month 13 does not exist",
    "14: event Bad Id: id: required, kebab-case (e.g. pact-signed) (got 'Bad Id')",
    "16: event Bad Id: start: 1941-02-30 does not exist (Feb has 28 days)",
    "17: event Bad Id: zone: unknown zone 'Europe/Moskva'; did you mean 'Europe/Minsk', 'Europe/Moscow', "
    "'Europe/Monaco'?",
    "23: event two: start: local time is ambiguous: 1945-04-02T02:30:00 does not exist in Europe/Berlin "
    "(clocks skipped it); write the offset",
    "25: event two: sources: cites undefined source 's3'",
    "26: event two: particpants: unknown field (did you mean 'participants'?)",
    "28: event two: dispute 1: note: required: say what this claim is and why it differs",
    "30: event two: dispute 1: sources: cites undefined source 's9'",
]


def test_ten_mistakes_give_ten_lines(tmp_path: Path) -> None:
    text = """
[[sources]]
id = "s1"
type = "bok"
title = "Book"

[[sources]]
id = "s2"
type = "book"
title = "Other"
issued = "1945-13"

[[events]]
id = "Bad Id"
title = "One"
start = "1941-02-30"
zone = "Europe/Moskva"
sources = [{ id = "s2" }]

[[events]]
id = "two"
title = "Two"
start = 1945-04-02T02:30:00
zone = "Europe/Berlin"
sources = [{ id = "s3" }]
particpants = ["x"]

[[events.disputes]]
start = "1945"
sources = [{ id = "s9" }]
"""
    path = tmp_path / "ten.toml"
    path.write_text(text, encoding="utf-8")
    _, problems = store.validate([str(path)])
    lines = [p.line().removeprefix(f"{path}:") for p in problems]
    assert lines == EXPECTED_TEN


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty file: a store needs [[sources]] and [[events]]"),
        (b"\xef\xbb\xbf[store]\n", "starts with a UTF-8 byte-order mark; save the file as UTF-8 without BOM"),
        ("[store]\n".encode("utf-16"), "is not UTF-8 (UTF-16 or binary?); save the file as UTF-8"),
        (b'[store]\ntitle = "caf\xe9"\n', "invalid UTF-8 byte 0xe9"),
        (b"a = " + b"[" * 5000 + b"]" * 5000 + b"\n", "TOML nested too deeply"),
    ],
    ids=["empty", "bom", "utf16", "bad-utf8", "deep"],
)
def test_unreadable_files(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "store.toml"
    path.write_bytes(content)
    with pytest.raises(StoreError) as info:
        store.load([str(path)])
    assert str(info.value).endswith(message)
    assert path.read_bytes() == content  # nothing the user owns is changed


def test_missing_file_and_directory(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match=r"nope\.toml: no such file$"):
        store.load([str(tmp_path / "nope.toml")])
    with pytest.raises(StoreError, match=r"is a directory, not a store file$"):
        store.load([str(tmp_path)])


def test_mini_store_loads_every_date_form() -> None:
    loaded, warnings = store.load([str(MINI)])
    assert warnings == []
    by_id = {e.id: e for e in loaded.events}
    signed = by_id["pact-signed"].start
    assert (signed.precision, signed.instant) == (Precision.DAY, None)
    assert by_id["yamashita-to-manchuria"].start.precision is Precision.MONTH
    denounced = by_id["pact-denounced"].start
    # A local time: the offset comes from tzdata (Moscow was at +03 in 1945), and pactcli says so.
    assert denounced.instant == dt.datetime(1945, 4, 5, 12, 0, tzinfo=dt.timezone.utc)
    assert denounced.offset_stated is False
    surrender = by_id["german-surrender"].start
    # The source's own offset (+01:00) is kept although tzdata has Berlin at +02 that day.
    assert surrender.offset == dt.timedelta(hours=1) and surrender.offset_stated
    offensive = by_id["manchurian-offensive"].start
    assert offensive.approximate and offensive.instant == dt.datetime(
        1945, 8, 8, 15, 10, tzinfo=dt.timezone.utc
    )
    assert [e.id for e in loaded.events][:2] == ["khalkhin-gol", "pact-signed"]


def test_merged_stores_must_keep_ids_unique(tmp_path: Path) -> None:
    copy = tmp_path / "copy.toml"
    copy.write_text(MINI.read_text(encoding="utf-8"), encoding="utf-8")
    _, problems = store.validate([str(MINI), str(copy)])
    errors = [p.line() for p in problems if p.severity == "error"]
    assert f"{copy}:7: zone manchukuo: name: duplicate zone name (first defined at {MINI}:7)" in errors
    assert f"{copy}:41: event pact-signed: id: duplicate event ID (first defined at {MINI}:41)" in errors
    assert len(errors) == 2 + 3 + 8  # two zones, three sources, eight events: each defined twice


def test_store_paths_precedence() -> None:
    assert store.store_paths(["a.toml"], {"PACTCLI_STORE": "b.toml"}) == ["a.toml"]
    assert store.store_paths([], {"PACTCLI_STORE": "b.toml:c.toml"}) == ["b.toml", "c.toml"]
    assert store.store_paths([], {}) == [store.EMBEDDED]
