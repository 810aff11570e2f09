"""Fuzz the store loader and the date parsers: only pactcli's own errors may escape, never a crash.

Bounded for CI (the whole file runs in well under 20 s). Run it longer with, e.g.::

    PACTCLI_FUZZ_EXAMPLES=20000 .venv/bin/python -m pytest tests/test_fuzz.py -q

Any failure is a bug: hypothesis prints the smallest input that shows it; add it to tests/hostile/cases.toml
as a regression row once fixed.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pactcli.errors import PactError, StoreError
from pactcli.store import parse as store
from pactcli.time.dates import DateError, parse_edtf, parse_stored
from pactcli.time.endpoints import parse_endpoint, parse_user_date

from .conftest import MINI

EXAMPLES = int(os.environ.get("PACTCLI_FUZZ_EXAMPLES", "150"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    database=None,  # CI runs are independent; a failure prints its example
)

MINI_STORE, _ = store.load([str(MINI)])

# --- the store loader --------------------------------------------------------------------------------------

BASE = """[store]
title = "Fuzz"
display_zones = ["Europe/Moscow", "UTC"]

[[zones]]
name = "manchukuo"
label = "Manchukuo"
offset = {offset}

[[sources]]
id = "s1"
type = {stype}
title = {stitle}
issued = {issued}

[[events]]
id = {eid}
title = {title}
start = {start}
end = {end}
zone = {zone}
place = {place}
tags = {tags}
sources = [{{ id = {ref}, locator = {locator} }}]
{extra_key} = {extra_value}

[[events.disputes]]
start = {dstart}
sources = [{{ id = "s1" }}]
note = {note}
"""


def _toml_string(text: str) -> str:
    escaped = "".join(
        ch if ch.isprintable() and ch not in '"\\' else f"\\u{ord(ch):04x}" if ord(ch) < 0x10000 else "?"
        for ch in text
    )
    return f'"{escaped}"'


date_texts = st.text(alphabet="0123456789-:TZ+~?%/ .", max_size=30)
toml_scalars = st.one_of(
    st.text(max_size=40).map(_toml_string),
    date_texts.map(_toml_string),
    st.integers(min_value=-(10**20), max_value=10**20).map(str),
    st.floats(allow_nan=False, allow_infinity=False).map(repr),
    st.booleans().map(lambda b: "true" if b else "false"),
    st.dates().map(lambda d: d.isoformat()),
    st.datetimes(
        min_value=dt.datetime(1, 1, 1), max_value=dt.datetime(9999, 12, 31), timezones=st.just(None)
    ).map(lambda d: d.replace(microsecond=0).isoformat()),
    st.datetimes(min_value=dt.datetime(1, 1, 2), max_value=dt.datetime(9999, 12, 30)).map(
        lambda d: d.replace(microsecond=0).isoformat() + "+09:00"
    ),
    st.sampled_from(
        [
            '"1941-02-30"',
            '"1945-13"',
            '"0000"',
            '"10000"',
            '"1941-04-13T12:00+02:30:17"',
            '"../../etc/passwd"',
            '"Europe/Berlin"',
            '"EST"',
            '"GMT+3"',
            '"+14:00"',
            '"-23:59"',
            "1945-04-02T02:30:00",
            "1945-11-18T02:30:00",
            "0001-01-01T00:00:00",
            "9999-12-31T23:59:59",
            "[]",
            "{}",
            '[{ id = "s1" }]',
            '["a", 1]',
        ]
    ),
)


def _valid(**overrides: str) -> str:
    values = {
        "offset": '"+09:00"',
        "stype": '"book"',
        "stitle": '"A Book"',
        "issued": '"1945"',
        "eid": '"e1"',
        "title": '"T"',
        "start": "1941-04-13",
        "end": "1941-04-14",
        "zone": '"Europe/Moscow"',
        "place": '"Moscow"',
        "tags": '["pact"]',
        "ref": '"s1"',
        "locator": '"p. 1"',
        "extra_key": "summary",
        "extra_value": '"x"',
        "dstart": '"1941-04"',
        "note": '"n"',
    }
    values.update(overrides)
    return BASE.format(**values)


FIELDS = ("offset", "stype", "stitle", "issued", "eid", "title", "start", "end", "zone", "place", "tags")
FIELDS += ("ref", "locator", "extra_value", "dstart", "note")

near_valid = st.dictionaries(st.sampled_from(FIELDS), toml_scalars, max_size=4).map(lambda o: _valid(**o))
odd_keys = st.tuples(
    st.text(alphabet="abcdefghijklmnopqrstuvwxyz_-", min_size=1, max_size=12), toml_scalars
).map(lambda kv: _valid(extra_key=kv[0], extra_value=kv[1]))


def _mutate(text: str, data: st.DataObject) -> bytes:
    raw = bytearray(text.encode("utf-8"))
    for _ in range(data.draw(st.integers(0, 3))):
        if not raw:
            break
        at = data.draw(st.integers(0, len(raw) - 1))
        action = data.draw(st.sampled_from(["flip", "delete", "insert"]))
        if action == "flip":
            raw[at] = data.draw(st.integers(0, 255))
        elif action == "delete":
            del raw[at : at + data.draw(st.integers(1, 8))]
        else:
            raw[at:at] = data.draw(st.binary(max_size=8))
    return bytes(raw)


store_bytes = st.one_of(
    st.binary(max_size=400),
    st.text(max_size=400).map(lambda t: t.encode("utf-8")),
    near_valid.map(lambda t: t.encode("utf-8")),
    odd_keys.map(lambda t: t.encode("utf-8")),
)


def _check_problems(problems: list, path: str) -> None:
    for problem in problems:
        assert problem.line_no is None or problem.line_no >= 0
        assert problem.path == path
        line = problem.line()
        assert "\n" not in line and "\r" not in line, line


def _load(content: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "fuzz.toml"
        path.write_bytes(content)
        try:
            _, problems = store.validate([str(path)])
        except PactError as exc:  # pragma: no cover - validate reports problems, it does not raise them
            raise AssertionError(f"validate raised {exc!r}") from None
        _check_problems(problems, str(path))
        errors = [p for p in problems if p.severity == "error"]
        for problem in errors:
            assert problem.line_no >= 1 or problem.line_no == 0, problem
        try:
            loaded, _warnings = store.load([str(path)])
        except StoreError as exc:
            assert errors, "load failed where validate found no error"
            assert "\n" not in str(exc)
        else:
            assert not errors
            for event in loaded.events:  # a loaded store can be placed on the timeline
                event.sort_key()
        assert path.read_bytes() == content  # the loader never writes the store


@FUZZ
@given(store_bytes)
def test_store_loader_never_crashes(content: bytes) -> None:
    _load(content)


@FUZZ
@given(st.one_of(near_valid, odd_keys), st.data())
def test_store_loader_survives_mutated_stores(text: str, data: st.DataObject) -> None:
    _load(_mutate(text, data))


def test_near_valid_base_is_valid() -> None:
    # Guard: the template the mutations start from loads cleanly, so they test one change at a time.
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "base.toml"
        path.write_text(_valid(), encoding="utf-8")
        loaded, warnings = store.load([str(path)])
    assert [e.id for e in loaded.events] == ["e1"] and warnings == []


# --- the date parsers ------------------------------------------------------------------------------------

MONTH_WORDS = ["April", "Apr", "apr.", "Sept", "May", "December", "Mayo", "BC", "BCE", "AD", "th", "st"]
ZONE_WORDS = ["[Europe/Moscow]", "[!Asia/Tokyo]", "[EST]", "[GMT+3]", "[manchukuo]", "[]", "[../x]", "UTC"]
date_like = st.lists(
    st.one_of(
        st.sampled_from(list("0123456789-:TZ+~?%/ ,.@[]!")),
        st.sampled_from(MONTH_WORDS + ZONE_WORDS + ["1941", "1945-08-08", "T17:00", "+03:00", "@end"]),
        st.sampled_from(["pact", "pact-signed", "soviet-declaration-of-war", "-0044", "0000", "99999"]),
    ),
    max_size=12,
).map("".join)
any_text = st.one_of(st.text(max_size=60), date_like)


@FUZZ
@given(st.one_of(any_text, st.integers(), st.floats(), st.booleans(), st.dates(), st.datetimes()))
def test_parse_stored_raises_only_date_error(value: object) -> None:
    try:
        when = parse_stored(value)
    except DateError as exc:
        assert "\n" not in str(exc)
    else:
        when.iso()
        when.first_day()
        when.last_day()


@FUZZ
@given(any_text)
def test_parse_edtf_raises_only_date_error(text: str) -> None:
    try:
        when = parse_edtf(text)
    except DateError as exc:
        assert "\n" not in str(exc)
    else:
        assert when.iso()


@FUZZ
@given(any_text)
def test_parse_user_date_raises_only_usage_errors(text: str) -> None:
    try:
        when = parse_user_date(text, arg="--from", zones=MINI_STORE.zones)
    except PactError as exc:
        assert "\n" not in str(exc) and str(exc).startswith("argument --from: "), str(exc)
    else:
        when.first_day()
        when.last_day()


@FUZZ
@given(any_text)
def test_parse_endpoint_raises_only_pact_errors(text: str) -> None:
    try:
        endpoint = parse_endpoint(text, MINI_STORE, arg="A")
    except PactError as exc:
        assert "\n" not in str(exc) and "argument A" in str(exc), str(exc)
    else:
        assert endpoint.when.iso()
        endpoint.utc  # noqa: B018 - converting to UTC must not overflow
