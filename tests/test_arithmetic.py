"""Tests for pactcli.time.arithmetic: B − A between endpoints.

* Worked examples of the chronology with figures worked out by hand (see docs/diff-dates.md).
* The JSON contract (exact key names and order, types) and the human summary.
* Property tests over years 1-9999: antisymmetry, earlier + calendar difference == later with
  ``dateutil.relativedelta`` as an independent implementation of the month-end rule, maximality of the month
  count, total days against ``date.toordinal``, inclusive count, exact seconds against integer arithmetic,
  zone invariance, and the min/max bounds of partial and qualified dates.
* A differential test against Debian's ``dateutils.ddiff`` (skipped when it is not installed).
"""

from __future__ import annotations

import calendar
import datetime as dt
import random
import shutil
import subprocess
from pathlib import Path

import pytest
from dateutil.relativedelta import relativedelta
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from pactcli.errors import UsageError
from pactcli.store.model import Store
from pactcli.store.parse import load
from pactcli.time.arithmetic import CalendarSpan, Difference, add_months, calendar_difference, difference
from pactcli.time.endpoints import Endpoint, parse_endpoint

ARITH = Path(__file__).parent / "data" / "valid" / "arith.toml"
STORE, _WARNINGS = load([str(ARITH)])
EMPTY = Store(title="empty", display_zones=(), zones={}, sources={}, events=())


def diff(a: str, b: str, claim_a: int = 0, claim_b: int = 0, store: Store = STORE) -> Difference:
    return difference(
        parse_endpoint(a, store, arg="A", claim=claim_a), parse_endpoint(b, store, arg="B", claim=claim_b)
    )


def figures(result: Difference) -> dict[str, object]:
    """Everything but the endpoints (which echo the input)."""
    data = result.to_json()
    del data["from"], data["to"]
    return data


# --- worked examples ---------------------------------------------------------------------------------------

# (A, B, sign, (Y, M, D), (H, M, S) or None, total_days, total_seconds, (weeks, days), inclusive, ISO)
WORKED: list[
    tuple[
        str,
        str,
        int,
        tuple[int, int, int],
        tuple[int, int, int] | None,
        int,
        int | None,
        tuple[int, int],
        int,
        str,
    ]
] = [
    # Signed (a civil day in Moscow) to denounced (15:00 Moscow, read on Moscow's calendar).
    ("pact-signed", "pact-denounced", 1, (3, 11, 23), None, 1453, None, (207, 4), 1454, "P3Y11M23D"),
    ("1941-04-13", "1945-04-05", 1, (3, 11, 23), None, 1453, None, (207, 4), 1454, "P3Y11M23D"),
    ("13 April 1941", "April 5, 1945", 1, (3, 11, 23), None, 1453, None, (207, 4), 1454, "P3Y11M23D"),
    ("pact-denounced", "pact-signed", -1, (3, 11, 23), None, -1453, None, (207, 4), 1454, "-P3Y11M23D"),
    # Declaration handed 17:00 MSK = 14:00 UTC; offensive 00:00 +09 = 15:00 UTC: one hour.
    # Inclusive: 8 August on Moscow's calendar and 9 August on Trans-Baikal's are two civil days.
    ("declaration-handed", "offensive", 1, (0, 0, 0), (1, 0, 0), 0, 3600, (0, 0), 2, "PT1H"),
    ("1945-08-08T17:00+03:00", "1945-08-09T00:00+09:00", 1, (0, 0, 0), (1, 0, 0), 0, 3600, (0, 0), 2, "PT1H"),
    ("offensive", "declaration-handed", -1, (0, 0, 0), (1, 0, 0), 0, -3600, (0, 0), 2, "-PT1H"),
    # The disputed 23:00 MSK reading (claim 1) is 20:00 UTC, five hours after the offensive began.
    # German surrender 23:01 +01 = 22:01 UTC 8 May; offensive 15:00 UTC 8 Aug: May 8 22:01 + 2 months =
    # Jul 8 22:01, + 30 days 16:59 = Aug 8 15:00; 91 days 16 h 59 min = 7,923,540 s. Inclusive: 8 May (as
    # stated, at +01) to 9 August (at +09) is 24 + 30 + 31 + 9 = 94 civil days.
    (
        "german-surrender",
        "1945-08-09T00:00+09:00",
        1,
        (0, 2, 30),
        (16, 59, 0),
        91,
        7_923_540,
        (13, 0),
        94,
        "P2M30DT16H59M",
    ),
    # Hiroshima 08:15 +09 = 23:15 UTC 5 Aug; declaration 14:00 UTC 8 Aug: 2 days 14 h 45 min = 225,900 s.
    # Inclusive, in each event's own clock: 6, 7 and 8 August, 3 days (4 only if counted on UTC dates).
    ("hiroshima", "declaration-handed", 1, (0, 0, 2), (14, 45, 0), 2, 225_900, (0, 2), 3, "P2DT14H45M"),
    (
        "1945-08-06T08:15+09:00",
        "1945-08-08T17:00+03:00",
        1,
        (0, 0, 2),
        (14, 45, 0),
        2,
        225_900,
        (0, 2),
        3,
        "P2DT14H45M",
    ),
    # Pearl Harbor 07:55 -10:30 = 18:25 UTC = 21:25 MSK on 7 Dec: 238 days after 13 Apr (a Moscow day).
    ("pact-signed", "pearl-harbor", 1, (0, 7, 24), None, 238, None, (34, 0), 239, "P7M24D"),
    ("8 May 1945", "8 Aug 1945", 1, (0, 3, 0), None, 92, None, (13, 1), 93, "P3M"),
    ("1945-08-08", "1945-05-08", -1, (0, 3, 0), None, -92, None, (13, 1), 93, "-P3M"),
    ("pact-signed", "pact-signed", 0, (0, 0, 0), None, 0, None, (0, 0), 1, "P0D"),
    ("offensive", "1945-08-08T15:00Z", 0, (0, 0, 0), (0, 0, 0), 0, 0, (0, 0), 2, "P0D"),
    # Ratified 20 May 1941 (Tokyo) to the pact's term, 13 Apr 1946 (Moscow): civil days, each in its clock.
    ("pact-ratified", "pact-expiry", 1, (4, 10, 24), None, 1789, None, (255, 4), 1790, "P4Y10M24D"),
    # pitfalls.md: relativedelta gives +2y5m30d one way, -2y5m28d the other; counting forward: 2y5m30d both.
    ("1920-02-26", "1922-08-25", 1, (2, 5, 30), None, 911, None, (130, 1), 912, "P2Y5M30D"),
    ("1922-08-25", "1920-02-26", -1, (2, 5, 30), None, -911, None, (130, 1), 912, "-P2Y5M30D"),
    # Month-end rule: 31 Jan + 1 month = 28 Feb (29 in 1944).
    ("1945-01-31", "1945-02-28", 1, (0, 1, 0), None, 28, None, (4, 0), 29, "P1M"),
    ("1945-01-31", "1945-03-01", 1, (0, 1, 1), None, 29, None, (4, 1), 30, "P1M1D"),
    ("1944-01-31", "1944-02-29", 1, (0, 1, 0), None, 29, None, (4, 1), 30, "P1M"),
    ("1945-01-31", "1945-03-31", 1, (0, 2, 0), None, 59, None, (8, 3), 60, "P2M"),
    ("1945-01-31", "1945-03-30", 1, (0, 1, 30), None, 58, None, (8, 2), 59, "P1M30D"),
    ("1944-02-29", "1945-02-28", 1, (1, 0, 0), None, 365, None, (52, 1), 366, "P1Y"),
    (
        "0001-01-01",
        "9999-12-31",
        1,
        (9998, 11, 30),
        None,
        3_652_058,
        None,
        (521_722, 4),
        3_652_059,
        "P9998Y11M30D",
    ),
]


@pytest.mark.parametrize(
    ("a", "b", "sign", "ymd", "hms", "total", "seconds", "weeks", "inclusive", "iso"), WORKED
)
def test_worked_examples(
    a: str,
    b: str,
    sign: int,
    ymd: tuple[int, int, int],
    hms: tuple[int, int, int] | None,
    total: int,
    seconds: int | None,
    weeks: tuple[int, int],
    inclusive: int,
    iso: str,
) -> None:
    result = diff(a, b)
    assert result.sign == sign
    assert (result.years, result.months, result.days) == ymd
    assert (None if result.hours is None else (result.hours, result.minutes, result.seconds)) == hms
    assert result.total_days == total
    assert result.total_seconds == seconds
    assert (result.weeks, result.weeks_days) == weeks
    assert result.inclusive_days == inclusive
    assert result.iso_duration == iso
    assert result.exact is True
    assert result.min_total_days == result.max_total_days == total
    assert result.text() == str(total)


def test_disputed_claim() -> None:
    main = diff("declaration-handed", "offensive")
    assert main.notes == ("A is disputed: main claim used; 1 other claim (use --claim 1)",)
    other = diff("declaration-handed", "offensive", claim_a=1)
    assert (other.sign, other.hours, other.total_seconds, other.iso_duration) == (-1, 5, -18_000, "-PT5H")
    assert other.notes == ("A is disputed: claim 1 (a dispute) used; 1 other claim (use --claim 0)",)
    three = diff("pact-signed", "pact-expiry", claim_b=1)
    assert three.total_days == 1838  # 25 Apr 1946
    assert three.notes == (
        "B is disputed: claim 1 (a dispute) used; 2 other claims (use --claim 0 or --claim 2)",
    )


def test_comparisons() -> None:
    assert diff("pact-signed", "pact-denounced").comparison == (
        "A is a date and B an instant: compared as civil days, taking B's civil date in Europe/Moscow "
        "(1945-04-05)"
    )
    assert diff("8 May 1945", "8 Aug 1945").comparison == (
        "Both are civil dates (A a date, B a date): plain day difference"
    )
    assert diff("declaration-handed", "offensive").comparison == (
        "Both are instants: compared exactly in UTC (A = 1945-08-08T14:00:00Z, B = 1945-08-08T15:00:00Z); "
        "calendar figures counted on the UTC calendar"
    )
    # A date typed without a zone is compared with the instant's date as written: 00:00 +09 on 9 Aug is 9 Aug.
    floating = diff("1945-08-08", "offensive")
    assert (floating.total_days, floating.comparison) == (
        1,
        "A is a date and B an instant: compared as civil days, taking B's date as written (1945-08-09, "
        "at +09:00); A has no zone of its own",
    )
    # The same date pinned to Moscow: the instant is 18:00 on 8 Aug there, the same day.
    pinned = diff("1945-08-08[Europe/Moscow]", "offensive")
    assert (pinned.total_days, pinned.comparison) == (
        0,
        "A is a date and B an instant: compared as civil days, taking B's civil date in Europe/Moscow "
        "(1945-08-08)",
    )
    # German surrender, 23:01 at the source's +01:00: 8 May as written, but 00:01 on 9 May in tzdata's Berlin.
    assert diff("german-surrender", "1945-05-08").total_days == 0
    assert diff("german-surrender", "1945-05-08[Europe/Berlin]").total_days == -1
    assert diff("german-surrender", "1945-05-08[Europe/Berlin]").comparison == (
        "B is a date and A an instant: compared as civil days, taking A's civil date in Europe/Berlin "
        "(1945-05-09)"
    )
    assert pinned.to_json()["to"] == {
        "input": "offensive",
        "start": "1945-08-09T00:00+09:00",
        "start_utc": "1945-08-08T15:00:00Z",
        "precision": "minute",
        "event": "offensive",
        "claim": 0,
        "disputed": False,
        "zone": "manchukuo",
    }


# --- JSON contract -----------------------------------------------------------------------------------------

KEYS = [
    "from",
    "to",
    "sign",
    "years",
    "months",
    "days",
    "hours",
    "minutes",
    "seconds",
    "total_days",
    "total_seconds",
    "weeks",
    "weeks_days",
    "inclusive_days",
    "iso_duration",
    "exact",
    "min_total_days",
    "max_total_days",
    "comparison",
    "notes",
]
ENDPOINT_KEYS = ["input", "start", "start_utc", "precision", "event", "claim", "disputed", "zone"]


def test_json_contract_exact() -> None:
    assert diff("pact-signed", "pact-denounced").to_json() == {
        "from": {
            "input": "pact-signed",
            "start": "1941-04-13",
            "start_utc": None,
            "precision": "day",
            "event": "pact-signed",
            "claim": 0,
            "disputed": False,
            "zone": "Europe/Moscow",
        },
        "to": {
            "input": "pact-denounced",
            "start": "1945-04-05T15:00+03:00",
            "start_utc": "1945-04-05T12:00:00Z",
            "precision": "minute",
            "event": "pact-denounced",
            "claim": 0,
            "disputed": False,
            "zone": "Europe/Moscow",
        },
        "sign": 1,
        "years": 3,
        "months": 11,
        "days": 23,
        "hours": None,
        "minutes": None,
        "seconds": None,
        "total_days": 1453,
        "total_seconds": None,
        "weeks": 207,
        "weeks_days": 4,
        "inclusive_days": 1454,
        "iso_duration": "P3Y11M23D",
        "exact": True,
        "min_total_days": 1453,
        "max_total_days": 1453,
        "comparison": "A is a date and B an instant: compared as civil days, taking B's civil date in "
        "Europe/Moscow (1945-04-05)",
        "notes": ["B: the store gives a local time; offset +03:00 taken from tz data for Europe/Moscow"],
    }


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("pact-signed", "pact-denounced"),
        ("declaration-handed", "offensive"),
        ("kantokuen", "1945"),
        ("1945-08-08", "1945-08-09T00:00Z"),
        ("offensive-approx", "soviet-entry-approx"),
    ],
)
def test_json_contract_keys_and_types(a: str, b: str) -> None:
    data = diff(a, b).to_json()
    assert list(data) == KEYS
    for side in ("from", "to"):
        endpoint = data[side]
        assert isinstance(endpoint, dict)
        assert list(endpoint) == ENDPOINT_KEYS
        assert isinstance(endpoint["input"], str) and isinstance(endpoint["start"], str)
        assert endpoint["start_utc"] is None or (
            isinstance(endpoint["start_utc"], str) and endpoint["start_utc"].endswith("Z")
        )
        assert endpoint["precision"] in ("year", "month", "day", "hour", "minute", "second")
        assert endpoint["event"] is None or isinstance(endpoint["event"], str)
        assert endpoint["claim"] is None if endpoint["event"] is None else isinstance(endpoint["claim"], int)
        assert isinstance(endpoint["disputed"], bool)
        assert endpoint["zone"] is None or isinstance(endpoint["zone"], str)
    assert data["sign"] in (-1, 0, 1)
    for key in (
        "years",
        "months",
        "days",
        "total_days",
        "weeks",
        "weeks_days",
        "inclusive_days",
        "min_total_days",
        "max_total_days",
    ):
        assert type(data[key]) is int, key
    timed = data["total_seconds"] is not None
    for key in ("hours", "minutes", "seconds", "total_seconds"):
        assert (type(data[key]) is int) if timed else (data[key] is None), key
    assert isinstance(data["iso_duration"], str) and isinstance(data["comparison"], str)
    assert type(data["exact"]) is bool
    assert isinstance(data["notes"], list) and all(isinstance(n, str) for n in data["notes"])


def test_json_for_dates_has_null_claim_and_zone() -> None:
    data = diff("1945-05-08", "1945-08-08T15:00Z").to_json()
    assert data["from"] == {
        "input": "1945-05-08",
        "start": "1945-05-08",
        "start_utc": None,
        "precision": "day",
        "event": None,
        "claim": None,
        "disputed": False,
        "zone": None,
    }
    assert data["to"] == {
        "input": "1945-08-08T15:00Z",
        "start": "1945-08-08T15:00+00:00",
        "start_utc": "1945-08-08T15:00:00Z",
        "precision": "minute",
        "event": None,
        "claim": None,
        "disputed": False,
        "zone": "UTC",
    }


# --- precision ---------------------------------------------------------------------------------------------


def test_month_to_month_range() -> None:
    result = diff("kantokuen", "kantokuen@end")  # 1941-07 → 1941-09~
    assert (result.exact, result.min_total_days, result.max_total_days, result.text()) == (
        False,
        32,
        91,
        "32..91",
    )
    assert (result.total_days, result.years, result.months, result.days, result.iso_duration) == (
        62,
        0,
        2,
        0,
        "P2M",
    )
    assert result.notes == (
        "A has month precision (1941-07): it spans 1941-07-01 to 1941-07-31",
        "B has month precision (1941-09~): it spans 1941-09-01 to 1941-09-30",
        "Not exact: the total lies between 32 and 91 days; the calendar figures, total days and ISO duration "
        "are for the earliest reading of A and of B",
    )


def test_year_against_instant() -> None:
    result = diff("year-1939", "offensive")  # 1939 (Tokyo) → 9 Aug 1945 in Tokyo
    assert (result.total_days, result.min_total_days, result.max_total_days) == (2412, 2048, 2412)
    assert result.text() == "2048..2412"


def test_order_not_certain() -> None:
    result = diff("pact-expiry", "1946", claim_a=2)  # April 1946 (Tokyo) → the year 1946
    assert (result.sign, result.total_days, result.min_total_days, result.max_total_days) == (
        -1,
        -90,
        -119,
        274,
    )
    assert result.notes[-1] == "The order of A and B is not certain"


def test_approximate_values_span_their_stated_precision() -> None:
    day = diff("soviet-entry-approx", "1945-08-12")
    assert (day.exact, day.total_days, day.min_total_days, day.max_total_days, day.text()) == (
        False,
        3,
        3,
        3,
        "3..3",
    )
    assert day.notes[0] == "A is approximate (1945-08-09~): taken as its stated day, 1945-08-09"
    minute = diff("offensive-approx", "1945-08-09T15:10:30Z")  # about 00:10 +09 = 15:10 UTC on 8 Aug
    assert (minute.total_seconds, minute.total_days, minute.min_total_days, minute.max_total_days) == (
        86_430,
        1,
        0,
        1,
    )
    assert minute.notes[0] == (
        "A is approximate (1945-08-09T00:10+09:00~): taken as its stated minute, 1945-08-08T15:10:00Z to "
        "1945-08-08T15:10:59Z"
    )
    hour = diff("1945-08-09T00+09:00?", "1945-08-10T00:30+09:00")
    assert (hour.total_days, hour.min_total_days, hour.max_total_days) == (1, 0, 1)


def test_hour_precision_without_qualifier_is_a_point() -> None:
    result = diff("1945-08-09T00+09:00", "1945-08-10T00:30+09:00")
    assert (result.exact, result.total_seconds, result.text()) == (True, 88_200, "1")


# --- human output ------------------------------------------------------------------------------------------


def test_summary_rows() -> None:
    assert diff("pact-signed", "pact-denounced").summary_rows() == [
        ("From (A)", "13 Apr 1941 (Europe/Moscow) = pact-signed"),
        ("To (B)", "5 Apr 1945 15:00 +03:00 (Europe/Moscow) = pact-denounced"),
        ("Direction", "B is after A"),
        ("Calendar difference", "3 years, 11 months, 23 days"),
        ("Total days", "1,453"),
        ("Weeks", "207 weeks, 4 days"),
        ("Inclusive count", "1,454 days (13 Apr 1941 to 5 Apr 1945, both counted, each in its own clock)"),
        ("ISO 8601", "P3Y11M23D"),
        (
            "Compared",
            "A is a date and B an instant: compared as civil days, taking B's civil date in "
            "Europe/Moscow (1945-04-05)",
        ),
        ("Note", "B: the store gives a local time; offset +03:00 taken from tz data for Europe/Moscow"),
    ]
    rows = dict(diff("hiroshima", "declaration-handed").summary_rows())
    assert rows["Calendar difference"] == "2 days, 14 hours, 45 minutes"
    assert rows["Total hours"] == "62.75"
    assert rows["Total seconds"] == "225,900"
    assert rows["Weeks"] == "2 days"
    rows = dict(diff("offensive", "declaration-handed", claim_b=1).summary_rows())
    assert (rows["Calendar difference"], rows["Total hours"], rows["Direction"]) == (
        "5 hours",
        "5",
        "B is after A",
    )
    rows = dict(diff("1945-08-08", "1945-05-08").summary_rows())
    assert (rows["Direction"], rows["Total days"], rows["Weeks"]) == (
        "B is before A",
        "-92",
        "13 weeks, 1 day",
    )
    assert dict(diff("pact-signed", "13 April 1941").summary_rows())["Calendar difference"] == "0 days"
    assert dict(diff("kantokuen", "1942").summary_rows())["Range"] == "154 to 548 days"
    assert dict(diff("german-surrender", "offensive").summary_rows())["Total hours"] == "≈2,200.98"


# --- month arithmetic --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (dt.date(1945, 1, 31), 1, dt.date(1945, 2, 28)),
        (dt.date(1944, 1, 31), 1, dt.date(1944, 2, 29)),
        (dt.date(1945, 1, 31), 2, dt.date(1945, 3, 31)),
        (dt.date(1945, 3, 31), -1, dt.date(1945, 2, 28)),
        (dt.date(1945, 12, 15), 1, dt.date(1946, 1, 15)),
        (dt.date(1, 1, 1), 12 * 9999 - 1, dt.date(9999, 12, 1)),
        (dt.datetime(1945, 1, 31, 23, 59), 1, dt.datetime(1945, 2, 28, 23, 59)),
    ],
)
def test_add_months(start: dt.date, months: int, expected: dt.date) -> None:
    assert add_months(start, months) == expected


def test_add_months_out_of_range() -> None:
    with pytest.raises(OverflowError):
        add_months(dt.date(9999, 12, 1), 1)
    with pytest.raises(ValueError, match="later is before earlier"):
        calendar_difference(dt.date(1945, 1, 2), dt.date(1945, 1, 1))


# --- properties --------------------------------------------------------------------------------------------

ALL_DATES = st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31))
UTC_TIMES = st.datetimes(min_value=dt.datetime(2, 1, 1), max_value=dt.datetime(9998, 12, 31))
OFFSETS = st.integers(min_value=-(23 * 60 + 59), max_value=23 * 60 + 59)
IANA = [
    "Europe/Moscow",
    "Asia/Tokyo",
    "Europe/Berlin",
    "Pacific/Honolulu",
    "America/New_York",
    "Asia/Chita",
    "Asia/Kolkata",
    "Australia/Lord_Howe",
    "Pacific/Chatham",
    "America/St_Johns",
    "UTC",
]


def date_ep(day: dt.date, arg: str, zone: str = "") -> Endpoint:
    return parse_endpoint(day.isoformat() + (f"[{zone}]" if zone else ""), EMPTY, arg=arg)


def offset_text(minutes: int) -> str:
    sign = "-" if minutes < 0 else "+"
    hours, mins = divmod(abs(minutes), 60)
    return f"{sign}{hours:02d}:{mins:02d}"


def instant_text(utc: dt.datetime, offset_minutes: int) -> str:
    local = utc + dt.timedelta(minutes=offset_minutes)
    return (
        f"{local.year:04d}-{local.month:02d}-{local.day:02d}T{local.hour:02d}:{local.minute:02d}:"
        f"{local.second:02d}{offset_text(offset_minutes)}"
    )


def instant_ep(utc: dt.datetime, offset_minutes: int, arg: str) -> Endpoint:
    return parse_endpoint(instant_text(utc, offset_minutes), EMPTY, arg=arg)


def check_span(earlier: dt.date, later: dt.date, span: CalendarSpan) -> None:
    """earlier + span == later (relativedelta clips like pactcli), and the month count is the largest."""
    step = relativedelta(years=span.years, months=span.months)
    assert (
        earlier
        + step
        + relativedelta(days=span.days, hours=span.hours, minutes=span.minutes, seconds=span.seconds)
        == later
    )
    months = 12 * span.years + span.months
    if (earlier.year * 12 + earlier.month + months) < 9999 * 12 + 12:  # one more month stays in 1-9999
        assert earlier + relativedelta(months=months + 1) > later
    assert 0 <= span.months < 12 and 0 <= span.days < 31
    assert 0 <= span.hours < 24 and 0 <= span.minutes < 60 and 0 <= span.seconds < 60


def check_antisymmetric(forward: Difference, backward: Difference) -> None:
    one, two = figures(forward), figures(backward)
    for key in (
        "years",
        "months",
        "days",
        "hours",
        "minutes",
        "seconds",
        "weeks",
        "weeks_days",
        "inclusive_days",
        "exact",
    ):
        assert one[key] == two[key], key
    assert forward.sign == -backward.sign
    assert forward.total_days == -backward.total_days
    assert forward.total_seconds == (None if backward.total_seconds is None else -backward.total_seconds)
    assert (forward.min_total_days, forward.max_total_days) == (
        -backward.max_total_days,
        -backward.min_total_days,
    )
    assert forward.iso_duration.lstrip("-") == backward.iso_duration.lstrip("-")
    if forward.sign:
        assert forward.iso_duration.startswith("-") != backward.iso_duration.startswith("-")


@settings(max_examples=4000, deadline=None)
@given(ALL_DATES, ALL_DATES)
def test_dates_properties(a: dt.date, b: dt.date) -> None:
    forward = difference(date_ep(a, "A"), date_ep(b, "B"))
    backward = difference(date_ep(b, "A"), date_ep(a, "B"))
    check_antisymmetric(forward, backward)
    total = b.toordinal() - a.toordinal()
    assert forward.total_days == total
    assert forward.sign == (total > 0) - (total < 0)
    assert forward.inclusive_days == abs(total) + 1
    assert (forward.weeks * 7 + forward.weeks_days) == abs(total)
    assert forward.exact and forward.min_total_days == forward.max_total_days == total
    assert forward.hours is None and forward.total_seconds is None
    check_span(min(a, b), max(a, b), calendar_difference(min(a, b), max(a, b)))
    assert (forward.years, forward.months, forward.days) == (
        calendar_difference(min(a, b), max(a, b)).years,
        calendar_difference(min(a, b), max(a, b)).months,
        calendar_difference(min(a, b), max(a, b)).days,
    )
    assert forward.text() == str(total)


def oracle_add(start: dt.date, years: int, months: int, days: int) -> dt.date:
    """The month-end rule written out again: move the month, clip the day, then add days."""
    index = start.year * 12 + start.month - 1 + 12 * years + months
    year, month = divmod(index, 12)
    day = min(start.day, calendar.monthrange(year, month + 1)[1])
    return dt.date(year, month + 1, day) + dt.timedelta(days=days)


@settings(max_examples=3000, deadline=None)
@given(ALL_DATES, st.integers(min_value=0, max_value=400))
def test_near_pairs_add_back(a: dt.date, gap: int) -> None:
    """Close pairs hit month ends far more often than uniform ones."""
    assume(a.toordinal() + gap <= dt.date.max.toordinal())
    b = a + dt.timedelta(days=gap)
    result = difference(date_ep(a, "A"), date_ep(b, "B"))
    assert oracle_add(a, result.years, result.months, result.days) == b
    check_span(a, b, CalendarSpan(result.years, result.months, result.days))


@settings(max_examples=3000, deadline=None)
@given(UTC_TIMES, UTC_TIMES, OFFSETS, OFFSETS)
def test_instants_properties(ua: dt.datetime, ub: dt.datetime, off_a: int, off_b: int) -> None:
    ua, ub = ua.replace(microsecond=0), ub.replace(microsecond=0)
    forward = difference(instant_ep(ua, off_a, "A"), instant_ep(ub, off_b, "B"))
    backward = difference(instant_ep(ub, off_b, "A"), instant_ep(ua, off_a, "B"))
    check_antisymmetric(forward, backward)
    seconds = (ub.toordinal() - ua.toordinal()) * 86_400 + (
        (ub.hour * 3600 + ub.minute * 60 + ub.second) - (ua.hour * 3600 + ua.minute * 60 + ua.second)
    )
    assert forward.total_seconds == seconds
    assert forward.total_days == (abs(seconds) // 86_400) * ((seconds > 0) - (seconds < 0))
    # Inclusive: civil days in each end's own clock, i.e. the dates as written at their offsets.
    own_a = (ua + dt.timedelta(minutes=off_a)).date()
    own_b = (ub + dt.timedelta(minutes=off_b)).date()
    assert forward.inclusive_days == abs(own_b.toordinal() - own_a.toordinal()) + 1
    assert forward.exact
    earlier, later = min(ua, ub), max(ua, ub)
    assert forward.hours is not None and forward.minutes is not None and forward.seconds is not None
    check_span(
        earlier,
        later,
        CalendarSpan(
            forward.years, forward.months, forward.days, forward.hours, forward.minutes, forward.seconds
        ),
    )


def zoned_text(local: dt.datetime, zone: str) -> str:
    """``…+03:00[Europe/Moscow]``; local mean time offsets have seconds, which ISO 8601 offsets cannot hold,
    so those are written as the bare wall time in the zone."""
    offset = local.utcoffset()
    assert offset is not None
    if offset.total_seconds() % 60:
        return local.replace(tzinfo=None).isoformat(timespec="seconds") + f"[{zone}]"
    return local.isoformat(timespec="seconds") + f"[{zone}]"


@settings(max_examples=2000, deadline=None)
@given(
    st.datetimes(min_value=dt.datetime(1850, 1, 1), max_value=dt.datetime(2150, 1, 1)),
    st.datetimes(min_value=dt.datetime(1850, 1, 1), max_value=dt.datetime(2150, 1, 1)),
    OFFSETS,
    OFFSETS,
    st.sampled_from(IANA),
    st.sampled_from(IANA),
)
def test_zone_invariance(
    ua: dt.datetime, ub: dt.datetime, off_a: int, off_b: int, zone_a: str, zone_b: str
) -> None:
    """The same two instants written with other offsets, or in IANA zones, give the same answer."""
    from zoneinfo import ZoneInfo

    ua, ub = ua.replace(microsecond=0), ub.replace(microsecond=0)
    reference = figures(difference(instant_ep(ua, 0, "A"), instant_ep(ub, 0, "B")))
    fixed = figures(difference(instant_ep(ua, off_a, "A"), instant_ep(ub, off_b, "B")))
    local_a = ua.replace(tzinfo=dt.timezone.utc).astimezone(ZoneInfo(zone_a))
    local_b = ub.replace(tzinfo=dt.timezone.utc).astimezone(ZoneInfo(zone_b))
    try:
        named = figures(
            difference(
                parse_endpoint(zoned_text(local_a, zone_a), EMPTY, arg="A"),
                parse_endpoint(zoned_text(local_b, zone_b), EMPTY, arg="B"),
            )
        )
    except UsageError as exc:  # a wall time that happened twice, given without its offset (see zoned_text)
        assert "happened twice" in str(exc)
        return
    # Everything but the inclusive count, which reads each end's day in its own clock by design.
    assert reference["inclusive_days"] == abs((ub.date() - ua.date()).days) + 1
    assert (
        fixed["inclusive_days"]
        == abs(((ub + dt.timedelta(minutes=off_b)).date() - (ua + dt.timedelta(minutes=off_a)).date()).days)
        + 1
    )
    assert named["inclusive_days"] == abs((local_b.date() - local_a.date()).days) + 1
    for other in (fixed, named):
        other["notes"] = reference["notes"]
        other["inclusive_days"] = reference["inclusive_days"]
        assert other == reference


@settings(max_examples=2000, deadline=None)
@given(st.dates(min_value=dt.date(2, 1, 1), max_value=dt.date(9998, 12, 31)), UTC_TIMES, OFFSETS, OFFSETS)
def test_date_against_instant(day: dt.date, ub: dt.datetime, zone_offset: int, instant_offset: int) -> None:
    """A date in a fixed zone against an instant: the instant's civil date in the date's zone, whatever offset
    the instant was written with; a date without a zone takes the instant's own offset."""
    ub = ub.replace(microsecond=0)
    pinned = difference(date_ep(day, "A", offset_text(zone_offset)), instant_ep(ub, instant_offset, "B"))
    civil = (ub + dt.timedelta(minutes=zone_offset)).date()
    assert pinned.total_days == (civil - day).days
    own = (ub + dt.timedelta(minutes=instant_offset)).date()
    # Inclusive: each day in its own clock (the instant's as written), not the instant read in A's zone.
    assert pinned.inclusive_days == abs((own - day).days) + 1
    assert pinned.hours is None and pinned.total_seconds is None
    floating = difference(date_ep(day, "A"), instant_ep(ub, instant_offset, "B"))
    assert floating.total_days == (own - day).days
    assert floating.inclusive_days == abs(floating.total_days) + 1


def partial_text(year: int, month: int, day: int, precision: int, qualifier: str) -> str:
    text = f"{year:04d}"
    if precision >= 2:
        text += f"-{month:02d}"
    if precision >= 3:
        text += f"-{day:02d}"
    return text + qualifier


def bounds(year: int, month: int, day: int, precision: int) -> tuple[dt.date, dt.date]:
    if precision == 1:
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    if precision == 2:
        return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])
    return dt.date(year, month, day), dt.date(year, month, day)


PARTIAL = st.tuples(
    st.integers(min_value=1, max_value=9999),
    st.integers(min_value=1, max_value=12),
    st.integers(min_value=1, max_value=28),
    st.integers(min_value=1, max_value=3),
    st.sampled_from(["", "~", "?", "%"]),
)


@settings(max_examples=3000, deadline=None)
@given(PARTIAL, PARTIAL, st.floats(min_value=0, max_value=1), st.floats(min_value=0, max_value=1))
def test_partial_dates_bound_every_reading(
    pa: tuple[int, int, int, int, str], pb: tuple[int, int, int, int, str], fa: float, fb: float
) -> None:
    result = difference(
        parse_endpoint(partial_text(*pa), EMPTY, arg="A"), parse_endpoint(partial_text(*pb), EMPTY, arg="B")
    )
    a_first, a_last = bounds(*pa[:4])
    b_first, b_last = bounds(*pb[:4])
    assert result.min_total_days == (b_first - a_last).days
    assert result.max_total_days == (b_last - a_first).days
    assert result.total_days == (b_first - a_first).days  # the earliest-to-earliest reading
    candidate_a = a_first + dt.timedelta(days=int(fa * (a_last - a_first).days))
    candidate_b = b_first + dt.timedelta(days=int(fb * (b_last - b_first).days))
    assert result.min_total_days <= (candidate_b - candidate_a).days <= result.max_total_days
    imprecise = pa[3] < 3 or pb[3] < 3 or bool(pa[4]) or bool(pb[4])
    assert result.exact is not imprecise
    assert result.text() == (
        f"{result.min_total_days}..{result.max_total_days}" if imprecise else str(result.total_days)
    )


# --- differential: Debian dateutils' ddiff -----------------------------------------------------------------


def _ddiff() -> str | None:
    for name in ("dateutils.ddiff", "ddiff"):
        path = shutil.which(name)
        if path is None:
            continue
        probe = subprocess.run([path, "--version"], capture_output=True, text=True, check=False)
        if "datediff" in probe.stdout or "dateutils" in probe.stdout:
            return path
    return None


DDIFF = _ddiff()
needs_ddiff = pytest.mark.skipif(
    DDIFF is None,
    reason="dateutils' ddiff is not installed (apt-get install dateutils gives dateutils.ddiff)",
)
# ddiff 0.4.10 refuses dates outside 1601-01-01 .. 4095-12-31 (it prints its usage text).
DDIFF_MIN, DDIFF_MAX = dt.datetime(1601, 1, 1), dt.datetime(4095, 12, 31, 23, 59, 59)


def run_ddiff(reference: str, others: list[str], fmt: str) -> list[str]:
    assert DDIFF is not None
    done = subprocess.run(
        [DDIFF, reference, "-f", fmt],
        input="\n".join(others) + "\n",
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    lines = done.stdout.splitlines()
    assert len(lines) == len(others), done.stderr
    return lines


def parse_ddiff(line: str) -> tuple[int, tuple[int, ...]]:
    """``-3 11 23`` → (-1, (3, 11, 23)): ddiff signs only the first field."""
    sign = -1 if line.startswith("-") else 1
    return sign, tuple(int(part) for part in line.lstrip("-").split())


@needs_ddiff
def test_ddiff_output_format() -> None:
    assert run_ddiff("1941-04-13", ["1945-04-05", "1941-01-01", "1941-04-13"], "%d") == ["1453", "-102", "0"]
    assert run_ddiff("1941-04-13", ["1945-04-05", "1941-01-01"], "%Y %m %d") == ["3 11 23", "-0 3 12"]
    assert run_ddiff("1945-08-08T14:00:00", ["1945-08-08T15:00:00"], "%S") == ["3600"]


@needs_ddiff
def test_ddiff_dates() -> None:
    """Total days and Y/M/D for 3,000 pairs (B before or after A), where the earlier day is 1-28 (no month-end
    clipping: there ddiff and pactcli follow different rules, see docs/diff-dates.md)."""
    rng = random.Random(19410413)
    low, high = DDIFF_MIN.date().toordinal(), DDIFF_MAX.date().toordinal()
    checked = 0
    for _ in range(60):
        reference = dt.date.fromordinal(rng.randint(low, high))
        others: list[dt.date] = []
        while len(others) < 50:
            if rng.random() < 0.5:
                ordinal = reference.toordinal() + rng.randint(-1500, 1500)
            else:
                ordinal = rng.randint(low, high)
            other = dt.date.fromordinal(max(low, min(high, ordinal)))
            if min(other, reference).day <= 28:
                others.append(other)
        texts = [o.isoformat() for o in others]
        totals = run_ddiff(reference.isoformat(), texts, "%d")
        spans = run_ddiff(reference.isoformat(), texts, "%Y %m %d")
        for other, total, span in zip(others, totals, spans, strict=True):
            result = difference(date_ep(reference, "A"), date_ep(other, "B"))
            assert result.total_days == int(total), (reference, other)
            sign, ymd = parse_ddiff(span)
            assert (result.years, result.months, result.days) == ymd, (reference, other, span)
            if result.sign:
                assert sign == result.sign
            checked += 1
    assert checked == 3000


@needs_ddiff
def test_ddiff_instants() -> None:
    """UTC date-times: total seconds both ways; Y/M/D/h/m/s counted forward from the earlier one, day 1-27.

    (ddiff counts a negative date-time difference backward from its reference, so the calendar figures are
    compared with the earlier instant as ddiff's reference; see docs/diff-dates.md.)
    """
    rng = random.Random(19450809)
    span_seconds = int((DDIFF_MAX - DDIFF_MIN).total_seconds())

    def text(value: dt.datetime) -> str:
        return f"{value.year:04d}-{value:%m-%dT%H:%M:%S}"

    for _ in range(40):
        reference = DDIFF_MIN + dt.timedelta(seconds=rng.randint(0, span_seconds))
        if reference.day > 27:
            reference = reference.replace(day=rng.randint(1, 27))
        others = []
        while len(others) < 50:
            if rng.random() < 0.6:
                other = reference + dt.timedelta(seconds=rng.randint(0, 120 * 86_400))
            else:
                other = reference + dt.timedelta(seconds=rng.randint(0, span_seconds))
            if other <= DDIFF_MAX:
                others.append(other)
        texts = [text(o) for o in others]
        seconds = run_ddiff(text(reference), texts, "%S")
        calendars = run_ddiff(text(reference), texts, "%Y %m %d %H %M %S")
        backwards = run_ddiff(texts[0], [text(reference)], "%S")
        for other, total, span in zip(others, seconds, calendars, strict=True):
            result = difference(instant_ep(reference, 0, "A"), instant_ep(other, 0, "B"))
            assert result.total_seconds == int(total)
            assert (
                1,
                (result.years, result.months, result.days, result.hours, result.minutes, result.seconds),
            ) == parse_ddiff(span), (reference, other, span)
        reverse = difference(instant_ep(others[0], 0, "A"), instant_ep(reference, 0, "B"))
        assert reverse.total_seconds == int(backwards[0])
