"""``pactcli shift``: durations, worked examples, and the round trip with ``diff-dates`` (hypothesis).

The independent oracle for the arithmetic is ``dateutil.relativedelta``, which applies years and months first
with the same month-end clipping, then days. The round-trip property is checked in-process through the very
functions the CLI calls (``read_when``, ``parse_duration``, ``shift``, then ``parse_endpoint`` and
``difference``), and a few times through real ``pactcli`` processes.
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys

import pytest
from dateutil.relativedelta import relativedelta
from hypothesis import given, settings
from hypothesis import strategies as st

from pactcli.errors import UsageError
from pactcli.store.files import store_paths
from pactcli.store.parse import load
from pactcli.time.arithmetic import difference
from pactcli.time.endpoints import parse_endpoint
from pactcli.time.instants import parse_duration, read_when, shift
from pactcli.time.zones import resolve

STORE, _ = load(store_paths([]))
UTC = dt.timezone.utc


# --- durations --------------------------------------------------------------------------------------------

GOOD_DURATIONS = [
    ("P5Y", 1, (5, 0, 0, 0, 0, 0, 0), "P5Y"),
    ("-P1Y", -1, (1, 0, 0, 0, 0, 0, 0), "-P1Y"),
    ("+P1Y", 1, (1, 0, 0, 0, 0, 0, 0), "P1Y"),
    ("P1Y2M10DT2H", 1, (1, 2, 0, 10, 2, 0, 0), "P1Y2M10DT2H"),
    ("PT36H", 1, (0, 0, 0, 0, 36, 0, 0), "PT36H"),
    ("P2W", 1, (0, 0, 2, 0, 0, 0, 0), "P2W"),
    ("p1m", 1, (0, 1, 0, 0, 0, 0, 0), "P1M"),
    ("PT1M", 1, (0, 0, 0, 0, 0, 1, 0), "PT1M"),
    ("+5y", 1, (5, 0, 0, 0, 0, 0, 0), "P5Y"),
    ("-1y", -1, (1, 0, 0, 0, 0, 0, 0), "-P1Y"),
    ("+20d", 1, (0, 0, 0, 20, 0, 0, 0), "P20D"),
    ("+6h", 1, (0, 0, 0, 0, 6, 0, 0), "PT6H"),
    ("-3mo", -1, (0, 3, 0, 0, 0, 0, 0), "-P3M"),
    ("+30min", 1, (0, 0, 0, 0, 0, 30, 0), "PT30M"),
    ("+2w", 1, (0, 0, 2, 0, 0, 0, 0), "P2W"),
    ("10s", 1, (0, 0, 0, 0, 0, 0, 10), "PT10S"),
    ("P0D", 1, (0, 0, 0, 0, 0, 0, 0), "P0D"),
]


@pytest.mark.parametrize(("text", "sign", "parts", "iso"), GOOD_DURATIONS)
def test_durations(text: str, sign: int, parts: tuple[int, ...], iso: str) -> None:
    d = parse_duration(text)
    assert (d.sign, (d.years, d.months, d.weeks, d.days, d.hours, d.minutes, d.seconds), d.iso()) == (
        sign,
        parts,
        iso,
    )


BAD_DURATIONS = [
    ("", "argument DURATION: empty; give a duration such as P5Y or +20d"),
    ("P", "argument DURATION: 'P' has no amount; write e.g. P5Y, P20D or PT6H"),
    ("P1YT", "argument DURATION: 'P1YT' has no amount; write e.g. P5Y, P20D or PT6H"),
    ("+3m", "argument DURATION: '+3m': 'm' could be months or minutes; write +3mo or +3min"),
    ("+1y2mo", "argument DURATION: '+1y2mo': give one unit per short duration (+1y +2mo), or one ISO 8601"),
    ("PT1.5H", "argument DURATION: 'PT1.5H': fractions are not supported"),
    ("+5q", "argument DURATION: '+5q': unknown unit 'q'; use y, mo, w, d, h, min or s"),
    ("P1D2Y", "argument DURATION: 'P1D2Y' is not a duration pactcli reads"),
    ("five years", "argument DURATION: 'five years' is not a duration pactcli reads"),
    ("P99999999999999Y", "argument DURATION: 'P99999999999999Y' is longer than years 1-9999 can hold"),
    ("+20000y", "argument DURATION: '+20000y' is longer than years 1-9999 can hold"),
    ("P1\x1bY", "argument DURATION: 'P1\\x1bY' contains control characters"),
]


@pytest.mark.parametrize(("text", "message"), BAD_DURATIONS)
def test_bad_durations(text: str, message: str) -> None:
    with pytest.raises(UsageError) as caught:
        parse_duration(text)
    assert str(caught.value).startswith(message), str(caught.value)


# --- worked examples --------------------------------------------------------------------------------------

# (WHEN, durations, --format text result) worked out by hand.
WORKED = [
    # The pact's term: five years from 25 April 1941; notice was due a year before the end.
    ("pact-in-force", ["P5Y"], "1946-04-25[Asia/Tokyo]"),
    ("pact-in-force", ["P5Y", "-P1Y"], "1945-04-25[Asia/Tokyo]"),
    ("1941-04-25", ["+5y"], "1946-04-25"),
    ("25 April 1941", ["P5Y", "-1y"], "1945-04-25"),
    # Month ends: one duration of two months keeps the 31st; two of one month do not.
    ("1945-01-31", ["P1M"], "1945-02-28"),
    ("1945-01-31", ["P2M"], "1945-03-31"),
    ("1945-01-31", ["+1mo", "+1mo"], "1945-03-28"),
    ("1944-02-29", ["P1Y"], "1945-02-28"),
    ("1944-01-31", ["P1M"], "1944-02-29"),
    ("1942-07", ["+6mo"], "1943-01"),
    ("1939", ["+6y"], "1945"),
    ("1945-08-09~", ["+1d"], "1945-08-10~"),
    # Calendar part on Moscow's civil calendar, then two hours of elapsed time.
    ("1945-08-08T23:00[Europe/Moscow]", ["P1Y2M10DT2H"], "1946-10-19T01:00+03:00[Europe/Moscow]"),
    ("1945-08-08T23:00[Europe/Moscow]", ["-6h"], "1945-08-08T17:00+03:00[Europe/Moscow]"),
    ("1945-08-08T23:00[Europe/Moscow]", ["-1h"], "1945-08-08T22:00+03:00[Europe/Moscow]"),
    ("1945-08-08T23:00+03:00", ["+30min"], "1945-08-08T23:30+03:00"),
    ("1945-08-08T20:00Z", ["+1d"], "1945-08-09T20:00+00:00"),
    # A civil day across a clock change keeps the wall time; 24 hours of elapsed time do not.
    ("1945-10-06T12:00[Europe/London]", ["+1d"], "1945-10-07T12:00+00:00[Europe/London]"),
    ("1945-10-06T12:00[Europe/London]", ["+24h"], "1945-10-07T11:00+00:00[Europe/London]"),
    # The German surrender keeps the offset its source states (+01:00), not Berlin's tz offset (+02:00).
    ("german-surrender", ["+1d"], "1945-05-09T23:01+01:00[Europe/Berlin]"),
    ("manchurian-offensive", ["+1h"], "1945-08-09T01:10+09:00[trans-baikal]~"),
]


@pytest.mark.parametrize(("when", "durations", "expected"), WORKED)
def test_worked_examples(run, when: str, durations: list[str], expected: str) -> None:
    result = run("shift", when, *durations, "--format", "text")
    assert (result.code, result.out, result.err) == (0, expected + "\n", "")


def test_json_contract(run) -> None:
    result = run("shift", "1945-08-08T23:00[Europe/Moscow]", "P1Y2M10DT2H", "--format", "json")
    data = json.loads(result.out)
    assert list(data) == [
        "from", "durations", "steps", "result", "result_utc", "text", "precision", "zone", "weekday", "notes"
    ]  # fmt: skip
    assert data["durations"] == ["P1Y2M10DT2H"]
    assert data["steps"] == [
        {
            "duration": "P1Y2M10DT2H",
            "iso": "P1Y2M10DT2H",
            "calendar": "P1Y2M10D",
            "elapsed": "PT2H",
            "result": "1946-10-19T01:00+03:00",
            "result_utc": "1946-10-18T22:00:00Z",
            "how": "calendar: P1Y2M10D on the civil calendar of Europe/Moscow (wall clock 23:00 kept); "
            "elapsed: PT2H added in UTC",
        }
    ]
    assert (data["result"], data["result_utc"], data["precision"], data["zone"], data["weekday"]) == (
        "1946-10-19T01:00+03:00",
        "1946-10-18T22:00:00Z",
        "minute",
        "Europe/Moscow",
        "Saturday",
    )
    assert data["from"]["utc"] == "1945-08-08T20:00:00Z"


def test_table_says_how(run) -> None:
    result = run("shift", "pact-in-force", "P5Y", "-P1Y")
    assert result.code == 0
    assert "| P5Y      | 25 Apr 1946  (calendar: P5Y on the civil calendar of Asia/Tokyo)" in result.out
    assert "| Result   | 25 Apr 1945, Wednesday" in result.out


SHIFT_REFUSED = [
    (
        ["1945-08", "+6h"],
        "argument DURATION: '+6h' adds a time of day to 1945-08, which is a month with none",
    ),
    (["1945-08-09", "PT1M"], "argument DURATION: 'PT1M' adds a time of day to 1945-08-09, which is a day"),
    (["1945", "+3mo"], "argument DURATION: '+3mo': 1945 is a year; only whole years can be added to it"),
    (["1945-08", "+3d"], "argument DURATION: '+3d': 1945-08 is a month; only years and months can be added"),
    (["9999-06-01", "+1y"], "argument DURATION: '+1y' takes '9999-06-01' outside years 1-9999"),
    (["0001-01-01T00:00Z", "-1s"], "argument DURATION: '-1s' takes '0001-01-01T00:00Z' outside years 1-9999"),
    (["1945-08-09", "+1d", "+5q"], "argument DURATION 2: '+5q': unknown unit 'q'"),
    # 1 April 1940 + 1 day lands in Berlin's gap: refused with both readings, unless --fold.
    (
        ["1940-03-31T02:30[Europe/Berlin]", "+1d"],
        "argument DURATION: '+1d' gives 1940-04-01T02:30, which does not",
    ),
]


@pytest.mark.parametrize(("args", "start"), SHIFT_REFUSED, ids=[" ".join(a) for a, _ in SHIFT_REFUSED])
def test_refusals(run, args: list[str], start: str) -> None:
    result = run("shift", *args)
    assert result.code == 2 and result.out == ""
    assert result.err.startswith("pactcli: " + start), result.err
    assert result.err.count("\n") == 1


def test_fold_applies_to_a_result_in_a_gap(run) -> None:
    result = run("shift", "1940-03-31T02:30[Europe/Berlin]", "+1d", "--fold", "0", "--format", "json")
    data = json.loads(result.out)
    assert data["result_utc"] == "1940-04-01T01:30:00Z"
    assert data["result"] == "1940-04-01T03:30+02:00"


def test_batch(run) -> None:
    result = run("shift", "-", "P5Y", "--format", "text", stdin="pact-in-force\n1945-13-01\n1941-04-13\n")
    assert result.code == 1
    assert result.out == "1946-04-25[Asia/Tokyo]\n1946-04-13\n"
    assert result.err == "pactcli: line 2: argument WHEN: '1945-13-01': month 13 does not exist\n"


# --- the round trip with diff-dates -----------------------------------------------------------------------

SIGNS = st.sampled_from([1, -1])
AMOUNTS = st.tuples(
    st.integers(0, 40), st.integers(0, 30), st.integers(0, 6), st.integers(0, 70)
)  # years, months, weeks, days
DATES = st.dates(min_value=dt.date(200, 1, 1), max_value=dt.date(9700, 12, 31))


def iso(
    sign: int, years: int, months: int, weeks: int, days: int, time: tuple[int, int, int] = (0, 0, 0)
) -> str:
    text = "P" + "".join(f"{v}{u}" for v, u in ((years, "Y"), (months, "M"), (weeks, "W"), (days, "D")) if v)
    if any(time):
        text += "T" + "".join(f"{v}{u}" for v, u in zip(time, "HMS", strict=True) if v)
    if text == "P":
        text = "P0D"
    return ("-" if sign < 0 else "") + text


def canonical(earlier, later, months: int, rest: dt.timedelta) -> bool:
    """Whether ``later`` is ``earlier`` + ``months`` (clipped) + ``rest`` with ``rest`` shorter than the
    next month step: exactly when diff-dates, counting forward from ``earlier``, reports them."""
    base = earlier + relativedelta(months=months)
    return base + rest == later and earlier + relativedelta(months=months + 1) > later


def check_round_trip(a_text: str, sign: int, months: int, rest: dt.timedelta, a, b, d_text: str) -> str:
    """diff-dates A $(shift A D): D's figures when D is canonical at the earlier end; the reason otherwise."""
    source = read_when(a_text, STORE)
    shifted = shift(source, [parse_duration(d_text)])
    result = difference(
        parse_endpoint(a_text, STORE, arg="A"), parse_endpoint(shifted.text(), STORE, arg="B")
    )
    earlier, later = (a, b) if sign > 0 else (b, a)
    if not months and not rest:
        assert (result.sign, result.iso_duration) == (0, "P0D")
        return "exact"
    if canonical(earlier, later, months, rest):
        hours, rem = divmod(rest.seconds, 3600)
        figures = (months // 12, months % 12, rest.days)
        assert (result.sign, result.years, result.months, result.days) == (sign, *figures), (a_text, d_text)
        if result.hours is not None:
            assert (result.hours, result.minutes, result.seconds) == (hours, *divmod(rem, 60))
        return "exact"
    # Not canonical: diff-dates shows the same span in its own normal form. Say which documented case it is.
    assert result.sign == sign
    if earlier + relativedelta(months=months) + rest != later:
        # A negative D goes back months first, then days; diff-dates counts forward from the earlier end,
        # months first, then days: the two splits differ when both are present or a month end was clipped.
        return "backward"
    return "rolled"  # the days (or hours) reach past the next month step and roll into months


@settings(max_examples=3000, deadline=None)
@given(DATES, SIGNS, AMOUNTS)
def test_round_trip_dates(a: dt.date, sign: int, amounts: tuple[int, int, int, int]) -> None:
    years, months, weeks, days = amounts
    d_text = iso(sign, years, months, weeks, days)
    n, k = 12 * years + months, 7 * weeks + days
    b = a + relativedelta(months=sign * n) + dt.timedelta(days=sign * k)  # the oracle for shift
    shifted = shift(read_when(a.isoformat(), STORE), [parse_duration(d_text)])
    assert shifted.text() == b.isoformat()
    case = check_round_trip(a.isoformat(), sign, n, dt.timedelta(days=k), a, b, d_text)
    if case == "backward":
        assert sign < 0 and ((n and k) or a.day > 28)
    if case == "rolled":
        assert k >= 28


def test_round_trip_examples_for_each_case() -> None:
    """One of each case, by hand: exact, rolled into months, backward (a clipped month end; months + days)."""
    cases = [
        ("1945-01-31", "P1M", 1, 1, 0, dt.date(1945, 1, 31), dt.date(1945, 2, 28), "exact"),
        ("1945-01-31", "P29D", 1, 0, 29, dt.date(1945, 1, 31), dt.date(1945, 3, 1), "rolled"),  # P1M1D
        ("1944-02-29", "-P1Y", -1, 12, 0, dt.date(1944, 2, 29), dt.date(1943, 2, 28), "backward"),  # -P1Y1D
        ("2000-01-01", "-P1M7D", -1, 1, 7, dt.date(2000, 1, 1), dt.date(1999, 11, 24), "backward"),  # -P1M8D
    ]
    for a_text, d_text, sign, months, days, a, b, expected in cases:
        assert check_round_trip(a_text, sign, months, dt.timedelta(days=days), a, b, d_text) == expected


ZONES = st.sampled_from(["Z", "+03:00", "-10:30", "+09:00", "Europe/Moscow", "Asia/Tokyo", "UTC"])
INSTANTS = st.datetimes(min_value=dt.datetime(300, 1, 1), max_value=dt.datetime(9600, 12, 31))
TIMES = st.tuples(st.integers(0, 60), st.integers(0, 200), st.integers(0, 100))


def instant_text(utc: dt.datetime, zone: str) -> tuple[str, dt.datetime]:
    """A WHEN for the UTC instant written in ``zone``, and its wall time there."""
    utc = utc.replace(microsecond=0, tzinfo=UTC)
    if zone in ("Z", "UTC"):
        wall = utc
    elif zone[0] in "+-":
        wall = utc.astimezone(resolve(zone).tz)
    else:
        wall = utc.astimezone(resolve(zone).tz)
    body = f"{wall.year:04d}-{wall:%m-%dT%H:%M:%S}"
    if zone == "Z":
        return body + "Z", wall
    if zone[0] in "+-":
        return body + zone, wall
    return f"{body}[{zone}]", wall


@settings(max_examples=3000, deadline=None)
@given(INSTANTS, ZONES, SIGNS, AMOUNTS, TIMES)
def test_round_trip_instants(
    utc: dt.datetime, zone: str, sign: int, amounts: tuple[int, int, int, int], time: tuple[int, int, int]
) -> None:
    a_text, wall = instant_text(utc, zone)
    years, months, weeks, days = amounts
    d_text = iso(sign, years, months, weeks, days, time)
    n, k = 12 * years + months, 7 * weeks + days
    elapsed = dt.timedelta(hours=time[0], minutes=time[1], seconds=time[2])
    # Oracle: the calendar part on the wall clock (relativedelta), placed back in the zone, then elapsed time.
    moved = wall.replace(tzinfo=None) + relativedelta(months=sign * n) + dt.timedelta(days=sign * k)
    placed = moved.replace(tzinfo=wall.tzinfo, fold=0)  # a skipped or repeated wall time: --fold 0
    b_utc = placed.astimezone(UTC) + sign * elapsed
    shifted = shift(read_when(a_text, STORE), [parse_duration(d_text)], fold=0)
    assert shifted.utc == b_utc
    a_utc = utc.replace(microsecond=0, tzinfo=UTC)
    result = difference(
        parse_endpoint(a_text, STORE, arg="A"), parse_endpoint(shifted.text(), STORE, arg="B")
    )
    assert result.total_seconds == int((b_utc - a_utc).total_seconds())
    if zone in ("Z", "UTC"):
        # The UTC calendar is the wall calendar: D comes back whenever it is canonical at the earlier end.
        check_round_trip(a_text, sign, n, dt.timedelta(days=k) + elapsed, a_utc, b_utc, d_text)
    elif canonical(*(sorted([a_utc, b_utc])), n, dt.timedelta(days=k) + elapsed):
        # Off UTC, diff-dates counts on the UTC calendar; when that reading is canonical, D comes back too.
        check_round_trip(a_text, sign, n, dt.timedelta(days=k) + elapsed, a_utc, b_utc, d_text)


def test_off_utc_month_end_example() -> None:
    """1 March 01:00 Moscow is 28 February 22:00 UTC: shifting by P1M on Moscow's calendar gives 1 April 01:00
    Moscow (31 March 22:00 UTC), which diff-dates, counting on the UTC calendar, reports as P1M3D."""
    shifted = shift(read_when("1945-03-01T01:00[Europe/Moscow]", STORE), [parse_duration("P1M")])
    assert shifted.text() == "1945-04-01T01:00+03:00[Europe/Moscow]"
    result = difference(
        parse_endpoint("1945-03-01T01:00[Europe/Moscow]", STORE, arg="A"),
        parse_endpoint(shifted.text(), STORE, arg="B"),
    )
    assert result.iso_duration == "P1M3D"


# (A, D, what diff-dates gives back) through real processes: `diff-dates A $(shift A D --format text)`.
CLI_ROUND_TRIPS = [
    ("pact-in-force", "P5Y", "P5Y"),
    ("1945-08-08T23:00[Europe/Moscow]", "P1Y2M10DT2H", "P1Y2M10DT2H"),
    ("1945-04-05", "-P3Y11M23D", "-P3Y11M24D"),  # back to 12 Apr 1941: counted forward, 11 months + 24 days
    ("1945-01-31", "P1M", "P1M"),
    ("1945-01-31", "P29D", "P1M1D"),
    ("1944-02-29", "-P1Y", "-P1Y1D"),
    ("1945-08-09T00:00[trans-baikal]", "-PT6H", "-PT6H"),
]


def _pactcli(*args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "pactcli", *args], capture_output=True, text=True, check=False, timeout=60
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.mark.parametrize(("a", "d", "back"), CLI_ROUND_TRIPS)
def test_cli_round_trip(a: str, d: str, back: str) -> None:
    b = _pactcli("shift", a, d, "--format", "text").strip()
    assert json.loads(_pactcli("diff-dates", a, b, "--format", "json"))["iso_duration"] == back


# --- hostile input: any text is a result or one PactError, never another exception -----------------------

WHEN_TEXT = st.one_of(
    st.text(max_size=40),
    st.builds(
        lambda y, rest, zone: f"{y:04d}{rest}{zone}",
        st.integers(1, 9999),
        st.sampled_from(["", "-12-31", "-01-01T00:00", "-12-31T23:59:59", "-06", "-02-29T12"]),
        st.sampled_from(["", "Z", "+14:00", "-12:00", "[Pacific/Kiritimati]", "[Etc/GMT-14]", "[manchukuo]"]),
    ),
)
DURATION_TEXT = st.one_of(
    st.text(max_size=20),
    st.builds(
        lambda s, n, u: f"{s}{n}{u}",
        st.sampled_from(["", "+", "-"]),
        st.integers(0, 10**7),
        st.sampled_from(["y", "mo", "w", "d", "h", "min", "s", "m", "q"]),
    ),
    st.builds(lambda s, n: f"{s}P{n}Y{n}M{n}DT{n}H", st.sampled_from(["", "-"]), st.integers(0, 10**5)),
)


@settings(max_examples=1500, deadline=None)
@given(WHEN_TEXT, st.lists(DURATION_TEXT, min_size=1, max_size=3), st.sampled_from([None, 0, 1]))
def test_any_input_is_an_answer_or_one_pact_error(when: str, durations: list[str], fold: int | None) -> None:
    from pactcli.errors import PactError
    from pactcli.time.instants import convert

    try:
        source = read_when(when, STORE, fold=fold)
        convert(source, [resolve("Pacific/Kiritimati"), resolve("-12:00")], ["japanese", "julian"])
        result = shift(source, [parse_duration(d) for d in durations], fold=fold)
        result.to_json()
    except PactError as exc:
        assert "\n" not in str(exc)
