"""Tests for pactcli.time.endpoints: what a user may type as a date or an event reference, and every refusal.

Exact expectations throughout: accepted inputs with the value, precision, zone and UTC instant they must give
(worked out by hand; offsets from tzdata as listed in /work/shared/research/pitfalls.md), refused inputs with
their exact one-line messages. Property tests check that every valid date round-trips through each written
form and that arbitrary text never escapes as anything but a one-line PactError.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pactcli.errors import LookupFailed, PactError, UsageError
from pactcli.store.model import Store
from pactcli.store.parse import load
from pactcli.time.dates import Precision
from pactcli.time.endpoints import Endpoint, parse_date, parse_endpoint, parse_user_date

ARITH = Path(__file__).parent / "data" / "valid" / "arith.toml"
STORE, _WARNINGS = load([str(ARITH)])
EMPTY = Store(title="empty", display_zones=(), zones={}, sources={}, events=())

MONTH_NAMES = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


def ep(text: str, claim: int = 0, arg: str = "A") -> Endpoint:
    return parse_endpoint(text, STORE, arg=arg, claim=claim)


def utc(endpoint: Endpoint) -> str | None:
    value = endpoint.utc
    if value is None:
        return None
    return f"{value.year:04d}-{value:%m-%dT%H:%M:%S}Z"  # strftime's %Y does not pad years before 1000


# (input, ISO form, precision, zone name or None, UTC instant or None)
GOOD_DATES: list[tuple[str, str, str, str | None, str | None]] = [
    ("1941-04-13", "1941-04-13", "day", None, None),
    ("  1941-04-13 ", "1941-04-13", "day", None, None),
    ("1942-07", "1942-07", "month", None, None),
    ("1939", "1939", "year", None, None),
    ("0001", "0001", "year", None, None),
    ("9999-12-31", "9999-12-31", "day", None, None),
    ("0999-01-01", "0999-01-01", "day", None, None),
    ("1945-08-09~", "1945-08-09~", "day", None, None),
    ("1945-08?", "1945-08?", "month", None, None),
    ("1945%", "1945%", "year", None, None),
    ("1945-08-08T17:00+03:00", "1945-08-08T17:00+03:00", "minute", "+03:00", "1945-08-08T14:00:00Z"),
    ("1945-08-08T17:00:30+03:00", "1945-08-08T17:00:30+03:00", "second", "+03:00", "1945-08-08T14:00:30Z"),
    ("1945-08-09T00+09:00", "1945-08-09T00:00+09:00", "hour", "+09:00", "1945-08-08T15:00:00Z"),
    ("1945-08-08T14:00Z", "1945-08-08T14:00+00:00", "minute", "UTC", "1945-08-08T14:00:00Z"),
    ("1945-08-08t14:00z", "1945-08-08T14:00+00:00", "minute", "UTC", "1945-08-08T14:00:00Z"),
    ("1945-08-08 14:00Z", "1945-08-08T14:00+00:00", "minute", "UTC", "1945-08-08T14:00:00Z"),
    ("1945-08-08T14:00+00:00", "1945-08-08T14:00+00:00", "minute", "UTC", "1945-08-08T14:00:00Z"),
    ("1945-08-08T17:00+0300", "1945-08-08T17:00+03:00", "minute", "+03:00", "1945-08-08T14:00:00Z"),
    ("1945-08-08T17:00+03", "1945-08-08T17:00+03:00", "minute", "+03:00", "1945-08-08T14:00:00Z"),
    ("1941-12-07T07:55-10:30", "1941-12-07T07:55-10:30", "minute", "-10:30", "1941-12-07T18:25:00Z"),
    ("1945-08-08T23:00:00.000Z", "1945-08-08T23:00:00+00:00", "second", "UTC", "1945-08-08T23:00:00Z"),
    (
        "1945-08-08T23:00[Europe/Moscow]",
        "1945-08-08T23:00+03:00",
        "minute",
        "Europe/Moscow",
        "1945-08-08T20:00:00Z",
    ),
    (
        "1945-08-08T23:00[europe/moscow]",
        "1945-08-08T23:00+03:00",
        "minute",
        "Europe/Moscow",
        "1945-08-08T20:00:00Z",
    ),
    (
        "1945-08-08T23:00[!Europe/Moscow]",
        "1945-08-08T23:00+03:00",
        "minute",
        "Europe/Moscow",
        "1945-08-08T20:00:00Z",
    ),
    (
        "1945-08-08T23:00+03:00[Europe/Moscow]",
        "1945-08-08T23:00+03:00",
        "minute",
        "Europe/Moscow",
        "1945-08-08T20:00:00Z",
    ),
    ("1945-08-09T00:00[manchukuo]", "1945-08-09T00:00+09:00", "minute", "manchukuo", "1945-08-08T15:00:00Z"),
    ("1945-08-09T00:00[+09:00]", "1945-08-09T00:00+09:00", "minute", "+09:00", "1945-08-08T15:00:00Z"),
    # Berlin kept +03 "CEMT" from 24 May to 24 Sep 1945 (tzdata).
    (
        "1945-06-01T12:00[Europe/Berlin]",
        "1945-06-01T12:00+03:00",
        "minute",
        "Europe/Berlin",
        "1945-06-01T09:00:00Z",
    ),
    # Honolulu: -10:30 in 1941, -09:30 "HWT" from February 1942.
    (
        "1941-12-07T07:55[Pacific/Honolulu]",
        "1941-12-07T07:55-10:30",
        "minute",
        "Pacific/Honolulu",
        "1941-12-07T18:25:00Z",
    ),
    (
        "1942-06-04T06:00[Pacific/Honolulu]",
        "1942-06-04T06:00-09:30",
        "minute",
        "Pacific/Honolulu",
        "1942-06-04T15:30:00Z",
    ),
    (
        "1945-08-09T00:00+09:00~[Asia/Tokyo]",
        "1945-08-09T00:00+09:00~",
        "minute",
        "Asia/Tokyo",
        "1945-08-08T15:00:00Z",
    ),
    (
        "1945-08-09T00:00+09:00[Asia/Tokyo]~",
        "1945-08-09T00:00+09:00~",
        "minute",
        "Asia/Tokyo",
        "1945-08-08T15:00:00Z",
    ),
    ("1945-08-09[Asia/Tokyo]", "1945-08-09", "day", "Asia/Tokyo", None),
    ("1945-08[Asia/Tokyo]", "1945-08", "month", "Asia/Tokyo", None),
    ("0001-01-01T00:00Z", "0001-01-01T00:00+00:00", "minute", "UTC", "0001-01-01T00:00:00Z"),
    # Written dates: every field explicit, English month names.
    ("13 April 1941", "1941-04-13", "day", None, None),
    ("April 13, 1941", "1941-04-13", "day", None, None),
    ("April 13 1941", "1941-04-13", "day", None, None),
    ("13 Apr 1941", "1941-04-13", "day", None, None),
    ("13 Apr. 1941", "1941-04-13", "day", None, None),
    ("13 april 1941", "1941-04-13", "day", None, None),
    ("13th April 1941", "1941-04-13", "day", None, None),
    ("April 13th, 1941", "1941-04-13", "day", None, None),
    ("3 Sept 1939", "1939-09-03", "day", None, None),
    ("Sep 3, 1939", "1939-09-03", "day", None, None),
    ("April 1941", "1941-04", "month", None, None),
    ("Aug 1945", "1945-08", "month", None, None),
    ("August, 1945", "1945-08", "month", None, None),
    ("9 August 1945~", "1945-08-09~", "day", None, None),
    ("9 August 1945[Asia/Tokyo]", "1945-08-09", "day", "Asia/Tokyo", None),
]


@pytest.mark.parametrize(("text", "iso", "precision", "zone", "instant"), GOOD_DATES)
def test_good_dates(text: str, iso: str, precision: str, zone: str | None, instant: str | None) -> None:
    result = ep(text)
    assert result.input == text
    assert result.when.iso() == iso
    assert result.when.precision.label == precision
    assert (result.zone.name if result.zone else None) == zone
    assert utc(result) == instant
    assert result.event_id is None
    assert result.disputed is False
    assert result.arg == "A"


# (input, exact message); every refusal is a UsageError naming the argument
BAD_DATES: list[tuple[str, str]] = [
    ("", "argument B: empty; give an event ID or a date such as 1941-04-13"),
    ("   ", "argument B: empty; give an event ID or a date such as 1941-04-13"),
    ("01/02/03", "argument B: '01/02/03' is ambiguous; write ISO 8601, e.g. 2003-01-02"),
    (
        "1/2/1941",
        "argument B: '1/2/1941' is ambiguous; write ISO 8601, e.g. 1941-02-01 (1 February) or "
        "1941-01-02 (2 January)",
    ),
    ("13/4/1941", "argument B: '13/4/1941' is not ISO 8601; write 1941-04-13"),
    ("4/13/1941", "argument B: '4/13/1941' is not ISO 8601; write 1941-04-13"),
    ("1941/04/13", "argument B: '1941/04/13' is not ISO 8601; write 1941-04-13"),
    ("13.04.1941", "argument B: '13.04.1941' is not ISO 8601; write 1941-04-13"),
    (
        "4/1941",
        "argument B: '4/1941' is ambiguous; write ISO 8601, e.g. 1941-04 for a month or 1941-04-13 for a day",
    ),
    (
        "41-04-13",
        "argument B: '41-04-13' has a two-digit year; write ISO 8601 with all four digits, e.g. 1941-04-13",
    ),
    ("1941-4-13", "argument B: '1941-4-13' is not ISO 8601; write 1941-04-13"),
    ("19410413", "argument B: '19410413' is not ISO 8601 extended format; write 1941-04-13"),
    ("1941-W15-7", "argument B: '1941-W15-7': ISO week dates are not supported; write 1941-04-13"),
    ("1941-103", "argument B: '1941-103': ISO ordinal dates are not supported; write 1941-04-13"),
    (
        "13 April 41",
        "argument B: '13 April 41' has a two-digit year; write all four digits, e.g. 13 April 1941",
    ),
    ("April 41", "argument B: 'April 41' has a two-digit year; write all four digits, e.g. April 1941"),
    ("13 April", "argument B: '13 April' has no year; pactcli never fills one in: write e.g. 13 April 1941"),
    (
        "April 13",
        "argument B: 'April 13' has no year (or a two-digit one); pactcli never fills one in: "
        "write e.g. April 1941 or April 13, 1941",
    ),
    ("April", "argument B: 'April' has no year; pactcli never fills one in: write e.g. April 1941"),
    (
        "13 Avril 1941",
        "argument B: '13 Avril 1941': unknown month name 'Avril' (English names only, e.g. April, Apr)",
    ),
    ("0000-01-01", "argument B: '0000-01-01': year 0 is out of range (1-9999)"),
    ("0000", "argument B: '0000': year 0 is out of range (1-9999)"),
    ("10000", "argument B: '10000': year 10000 is out of range (1-9999)"),
    ("10000-01-01", "argument B: '10000-01-01': year 10000 is out of range (1-9999)"),
    ("+10000-01-01", "argument B: '+10000-01-01': year 10000 is out of range (1-9999)"),
    (
        "1" * 40,
        "argument B: '1111111111111111111111111111111111111111': year 111111111111… is out of range (1-9999)",
    ),
    (
        "9" * 41,
        "argument B: '9999999999999999999999999999999999999999…': year 999999999999… is out of range "
        "(1-9999)",
    ),
    ("-0044-03-15", "argument B: '-0044-03-15': years before 1 CE are not supported (1-9999)"),
    (
        "+1941-04-13",
        "argument B: '+1941-04-13': write the year as four digits without a sign, e.g. 1941-04-13",
    ),
    ("41", "argument B: '41': write a year with four digits, e.g. 0041 (years 1-9999)"),
    ("1945-02-30", "argument B: '1945-02-30': 1945-02-30 does not exist (Feb has 28 days)"),
    ("1900-02-29", "argument B: '1900-02-29': 1900-02-29 does not exist (Feb has 28 days)"),
    ("1945-13-01", "argument B: '1945-13-01': month 13 does not exist"),
    ("1945-00", "argument B: '1945-00': month 00 does not exist"),
    ("1945-08-08T24:00Z", "argument B: '1945-08-08T24:00Z' has an impossible time of day"),
    ("1945-08-08T23:60Z", "argument B: '1945-08-08T23:60Z' has an impossible time of day"),
    ("1945-08-08T23:00+24:00", "argument B: '1945-08-08T23:00+24:00' has an impossible UTC offset +24:00"),
    (
        "1945-08-08T23:00",
        "argument B: '1945-08-08T23:00' has a time of day but no UTC offset or zone; add one, "
        "e.g. 1945-08-08T23:00+03:00, 1945-08-08T23:00Z or 1945-08-08T23:00[Europe/Moscow]",
    ),
    (
        "1945-08-08T23",
        "argument B: '1945-08-08T23' has a time of day but no UTC offset or zone; add one, "
        "e.g. 1945-08-08T23:00+03:00, 1945-08-08T23:00Z or 1945-08-08T23:00[Europe/Moscow]",
    ),
    (
        "1945-08-08T23:00 UTC",
        "argument B: '1945-08-08T23:00 UTC': write the offset or the zone in brackets, "
        "e.g. 1945-08-08T23:00Z, 1945-08-08T23:00+03:00 or 1945-08-08T23:00[UTC]",
    ),
    ("1945-08-08T23:00:00.5Z", "argument B: '1945-08-08T23:00:00.5Z': fractional seconds are not supported"),
    (
        "1945-08-08T23:00+03:00:17",
        "argument B: '1945-08-08T23:00+03:00:17': UTC offsets with seconds are not supported",
    ),
    (
        "1945-08-08T23:00-00:00",
        "argument B: '1945-08-08T23:00-00:00': -00:00 (unknown local offset) is not an "
        "offset; write Z or +00:00",
    ),
    (
        "1945-08-08+03:00",
        "argument B: '1945-08-08+03:00' is not a date pactcli reads; write ISO 8601 "
        "(1941-04-13, 1942-07, 1939, 1945-08-08T17:00+03:00) or e.g. 13 April 1941",
    ),
    (
        "1945-08-08T23:00[Europe/Moskow]",
        "argument B: unknown zone 'Europe/Moskow'; did you mean "
        "'Europe/Moscow', 'Europe/Oslo', 'Europe/Minsk'?",
    ),
    (
        "1945-08-08T23:00[EST]",
        "argument B: ambiguous zone 'EST': use a place name such as America/New_York or "
        "a fixed offset such as +03:00 (in tz, 'Etc/GMT+3' means UTC-3)",
    ),
    (
        "1945-08-08T23:00[u-ca=japanese]",
        "argument B: '1945-08-08T23:00[u-ca=japanese]': only a zone may be "
        "given in [...], not 'u-ca=japanese'",
    ),
    (
        "1945-08-08T23:00[Asia/Tokyo][u-ca=japanese]",
        "argument B: '1945-08-08T23:00[Asia/Tokyo][u-ca=japane…': only one [zone] suffix is supported",
    ),
    ("1945-08-08[]", "argument B: '1945-08-08[]': empty [] zone suffix"),
    ("[Asia/Tokyo]", "argument B: '[Asia/Tokyo]' has no date"),
    (
        "1945-08-08T23:00[Asia/Tokyo]Z",
        "argument B: '1945-08-08T23:00[Asia/Tokyo]Z': nothing may follow the [zone] suffix except ~ ? or %",
    ),
    (
        "1945-08-08T23:00[Asia/Tokyo",
        "argument B: '1945-08-08T23:00[Asia/Tokyo': write one zone suffix at the end, e.g. [Europe/Moscow]",
    ),
    ("1945~~", "argument B: '1945~~': give one qualifier (~, ? or %), not two"),
    (
        "1945-08-09~[Asia/Tokyo]?",
        "argument B: '1945-08-09~[Asia/Tokyo]?': give one qualifier (~, ? or %), not two",
    ),
    # German surrender: the source's +01:00 is not tzdata's +02:00; a critical '!' makes that an error.
    (
        "1945-05-08T23:01+01:00[!Europe/Berlin]",
        "argument B: '1945-05-08T23:01+01:00[!Europe/Berlin]': offset "
        "+01:00 does not match Europe/Berlin (+02:00 at that time) and the "
        "suffix is marked critical with '!'",
    ),
    # A wall time the clocks skipped (Berlin, 1 April 1940, 02:00 -> 03:00).
    (
        "1940-04-01T02:30[Europe/Berlin]",
        "argument B: '1940-04-01T02:30[Europe/Berlin]': 1940-04-01T02:30:00 "
        "does not exist in Europe/Berlin (clocks skipped it); write the offset",
    ),
    (
        "0001-01-01T00:00+03:00",
        "argument B: '0001-01-01T00:00+03:00' is out of range: in UTC it falls outside years 1-9999",
    ),
    (
        "9999-12-31T23:00-03:00",
        "argument B: '9999-12-31T23:00-03:00' is out of range: in UTC it falls outside years 1-9999",
    ),
    (
        "١٩٤١",
        "argument B: '١٩٤١' is not a date pactcli reads; write ISO 8601 (1941-04-13, 1942-07, 1939, "
        "1945-08-08T17:00+03:00) or e.g. 13 April 1941",
    ),
    (
        "hello world",
        "argument B: 'hello world' is not a date pactcli reads; write ISO 8601 (1941-04-13, "
        "1942-07, 1939, 1945-08-08T17:00+03:00) or e.g. 13 April 1941",
    ),
    ("\x1b[2J1945", "argument B: '\\x1b[2J1945' contains control characters"),
    ("1945\u202e", "argument B: '1945\\u202e' contains control characters"),
]


@pytest.mark.parametrize(("text", "message"), BAD_DATES)
def test_bad_dates(text: str, message: str) -> None:
    with pytest.raises(UsageError) as caught:
        ep(text, arg="B")
    assert str(caught.value) == message
    assert "\n" not in str(caught.value)


# --- events ----------------------------------------------------------------------------------------------

# (input, event, ISO form, precision, zone, UTC instant or None)
GOOD_EVENTS: list[tuple[str, str, str, str, str, str | None]] = [
    ("pact-signed", "pact-signed", "1941-04-13", "day", "Europe/Moscow", None),
    ("PACT-SIGNED", "pact-signed", "1941-04-13", "day", "Europe/Moscow", None),
    ("pact-si", "pact-signed", "1941-04-13", "day", "Europe/Moscow", None),
    ("pact-signed@start", "pact-signed", "1941-04-13", "day", "Europe/Moscow", None),
    # A local time in the store: the offset comes from tzdata for Moscow (+03 all through 1930-1946).
    (
        "pact-denounced",
        "pact-denounced",
        "1945-04-05T15:00+03:00",
        "minute",
        "Europe/Moscow",
        "1945-04-05T12:00:00Z",
    ),
    (
        "german-surrender",
        "german-surrender",
        "1945-05-08T23:01+01:00",
        "minute",
        "Europe/Berlin",
        "1945-05-08T22:01:00Z",
    ),
    (
        "decl",
        "declaration-handed",
        "1945-08-08T17:00+03:00",
        "minute",
        "Europe/Moscow",
        "1945-08-08T14:00:00Z",
    ),
    ("offensive", "offensive", "1945-08-09T00:00+09:00", "minute", "manchukuo", "1945-08-08T15:00:00Z"),
    ("nomonhan", "nomonhan", "1939-05-11", "day", "Asia/Ulaanbaatar", None),
    ("nomonhan@end", "nomonhan", "1939-09-16", "day", "Asia/Ulaanbaatar", None),
    ("nomonhan@END", "nomonhan", "1939-09-16", "day", "Asia/Ulaanbaatar", None),
    ("nom@end", "nomonhan", "1939-09-16", "day", "Asia/Ulaanbaatar", None),
    ("kantokuen", "kantokuen", "1941-07", "month", "manchukuo", None),
    ("kantokuen@end", "kantokuen", "1941-09~", "month", "manchukuo", None),
    ("year-1939", "year-1939", "1939", "year", "Asia/Tokyo", None),
    ("mukden", "mukden", "1931-09-18T22:20+09:00", "minute", "manchukuo", "1931-09-18T13:20:00Z"),
]


@pytest.mark.parametrize(("text", "event", "iso", "precision", "zone", "instant"), GOOD_EVENTS)
def test_good_events(text: str, event: str, iso: str, precision: str, zone: str, instant: str | None) -> None:
    result = ep(text)
    assert result.input == text
    assert result.event_id == event
    assert result.when.iso() == iso
    assert result.when.precision.label == precision
    assert result.zone is not None and result.zone.name == zone
    assert utc(result) == instant
    assert result.end == text.lower().endswith("@end")


def test_event_titles_and_claims() -> None:
    result = ep("declaration-handed")
    assert result.event_title == "Molotov hands Sato the declaration of war"
    assert (result.claim, result.claims, result.disputed) == (0, 2, True)
    assert ep("pact-signed").disputed is False
    disputed = ep("declaration-handed", claim=1)
    assert (disputed.claim, disputed.when.iso(), utc(disputed)) == (
        1,
        "1945-08-08T23:00+03:00",
        "1945-08-08T20:00:00Z",
    )
    # A dispute with its own zone: the third claim of pact-expiry is a month in Tokyo.
    month = ep("pact-expiry", claim=2)
    assert (month.when.iso(), month.when.precision, month.zone and month.zone.name) == (
        "1946-04",
        Precision.MONTH,
        "Asia/Tokyo",
    )


def test_local_time_note() -> None:
    assert ep("pact-denounced").notes == (
        "A: the store gives a local time; offset +03:00 taken from tz data for Europe/Moscow",
    )
    assert ep("mukden").notes == ()  # a fixed-offset store zone: no tz data involved
    assert ep("1945-08-08T23:00[Europe/Moscow]", arg="B").notes == (
        "B: offset +03:00 taken from tz data for Europe/Moscow",
    )
    assert ep("1945-05-08T23:01+01:00[Europe/Berlin]").notes == (
        "A: the stated offset +01:00 was used; tz data has +02:00 for Europe/Berlin at that time",
    )


# (input, claim, exception type, exact message)
BAD_EVENTS: list[tuple[str, int, type[PactError], str]] = [
    (
        "pact",
        0,
        LookupFailed,
        "argument A: 'pact' matches 4 events (pact-denounced, pact-expiry, pact-ratified, "
        "pact-signed); write more of the ID",
    ),
    (
        "pact-signd",
        0,
        LookupFailed,
        "argument A: no event 'pact-signd'; did you mean 'pact-signed', 'pact-ratified'?",
    ),
    ("denounce", 0, LookupFailed, "argument A: no event 'denounce'; did you mean 'pact-denounced'?"),
    ("xyz", 0, LookupFailed, "argument A: no event 'xyz'"),
    ("no_such_event", 0, LookupFailed, "argument A: no event 'no_such_event'"),
    (
        "pearl harbor",
        0,
        UsageError,
        "argument A: 'pearl harbor' is not a date pactcli reads; write ISO 8601 "
        "(1941-04-13, 1942-07, 1939, 1945-08-08T17:00+03:00) or e.g. 13 April 1941",
    ),
    (
        "pact-signed@end",
        0,
        UsageError,
        "argument A: event pact-signed has no end (it is not a range); write pact-signed for its date",
    ),
    (
        "nomonhan@finish",
        0,
        UsageError,
        "argument A: 'nomonhan@finish': unknown suffix @finish; write ID@end for the end of a range",
    ),
    ("@end", 0, UsageError, "argument A: '@end': give an event ID before @end"),
    ("nosuch@end", 0, LookupFailed, "argument A: no event 'nosuch'"),
    (
        "pact-signed",
        1,
        UsageError,
        "argument A: event pact-signed has only its main claim (--claim 0), not claim 1",
    ),
    (
        "declaration-handed",
        2,
        UsageError,
        "argument A: event declaration-handed has claims 0 (main) to 1 (disputes), not claim 2",
    ),
    (
        "pact-expiry",
        -1,
        UsageError,
        "argument A: event pact-expiry has claims 0 (main) to 2 (disputes), not claim -1",
    ),
]


@pytest.mark.parametrize(("text", "claim", "kind", "message"), BAD_EVENTS)
def test_bad_events(text: str, claim: int, kind: type[PactError], message: str) -> None:
    with pytest.raises(kind) as caught:
        ep(text, claim=claim)
    assert type(caught.value) is kind
    assert str(caught.value) == message


def test_exit_codes() -> None:
    assert UsageError.exit_code == 2
    assert LookupFailed.exit_code == 1


def test_claim_is_ignored_for_dates() -> None:
    # The CLI passes one --claim to both arguments; a date has no claims, so it is unaffected.
    assert ep("1945-08-09", claim=1).when.iso() == "1945-08-09"


def test_exact_id_wins_then_dates_then_prefixes() -> None:
    nomonhan = STORE.event("nomonhan")
    assert nomonhan is not None
    store = Store(
        title="digits",
        display_zones=(),
        zones={},
        sources={},
        events=(nomonhan._replace(id="1939"), nomonhan._replace(id="1939-nomonhan")),
    )
    assert parse_endpoint("1939", store, arg="A").event_id == "1939"  # an exact event ID wins
    assert parse_endpoint("1939-05", store, arg="A").event_id is None  # a date, although also a prefix
    assert parse_endpoint("1939-nom", store, arg="A").event_id == "1939-nomonhan"  # not a date: a prefix
    with pytest.raises(UsageError, match=r"^argument A: '1939-xyz' is not a date pactcli reads"):
        parse_endpoint("1939-xyz", store, arg="A")
    assert ep("1939").event_id is None  # in the test store: a year, not the event year-1939
    assert ep("soviet-entry").event_id == "soviet-entry-approx"


def test_parse_user_date_has_no_event_ids() -> None:
    assert parse_user_date("1945-08", arg="--from").iso() == "1945-08"
    when = parse_user_date("1945-08-08T23:00[Europe/Moscow]", arg="--to")
    assert when.offset == dt.timedelta(hours=3) and when.offset_stated is False
    with pytest.raises(UsageError) as caught:
        parse_user_date("pact-signed", arg="--from")
    assert str(caught.value) == (
        "argument --from: 'pact-signed' is not a date pactcli reads; write ISO 8601 (1941-04-13, 1942-07, "
        "1939, "
        "1945-08-08T17:00+03:00) or e.g. 13 April 1941"
    )
    with pytest.raises(UsageError, match=r"^argument --to: unknown zone 'manchukuo'"):
        parse_user_date("1945-08-09T00:00[manchukuo]", arg="--to")  # store zones need zones=
    assert parse_user_date(
        "1945-08-09T00:00[manchukuo]", arg="--to", zones=STORE.zones
    ).offset == dt.timedelta(hours=9)
    given_zone = parse_date("1945-08-09[Asia/Tokyo]", arg="A")
    assert given_zone.zone is not None and given_zone.zone.name == "Asia/Tokyo"
    assert parse_date("1945-08-09", arg="A").zone is None


def test_nothing_is_filled_in_from_today() -> None:
    for text in ("1066", "1945-08", "August 1945"):
        when = ep(text).when
        assert when.day is None and when.time is None
    assert ep("1066").when.month is None


# --- properties ------------------------------------------------------------------------------------------

dates = st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31))


@settings(max_examples=1500, deadline=None)
@given(dates, st.sampled_from(["iso", "dmy", "dmy-abbr", "mdy", "mdy-no-comma"]))
def test_every_written_form_round_trips(day: dt.date, form: str) -> None:
    if form != "iso" and day.year < 100:
        return  # written years need at least three digits (a two-digit year is refused as ambiguous)
    name = MONTH_NAMES[day.month - 1]
    text = {
        "iso": day.isoformat(),
        "dmy": f"{day.day} {name} {day.year}",
        "dmy-abbr": f"{day.day} {name[:3]} {day.year}",
        "mdy": f"{name} {day.day}, {day.year}",
        "mdy-no-comma": f"{name.upper()} {day.day} {day.year}",
    }[form]
    result = parse_endpoint(text, EMPTY, arg="A")
    assert result.when.local_date() == day
    assert result.when.precision is Precision.DAY


@settings(max_examples=1500, deadline=None)
@given(
    st.datetimes(min_value=dt.datetime(2, 1, 1), max_value=dt.datetime(9998, 12, 31)),
    st.integers(min_value=-23 * 60 - 59, max_value=23 * 60 + 59),
)
def test_offsets_give_the_instant(local: dt.datetime, offset_minutes: int) -> None:
    local = local.replace(microsecond=0)
    offset = dt.timedelta(minutes=offset_minutes)
    sign = "-" if offset_minutes < 0 else "+"
    hours, minutes = divmod(abs(offset_minutes), 60)
    text = (
        f"{local.year:04d}-{local.month:02d}-{local.day:02d}T{local.hour:02d}:{local.minute:02d}:"
        f"{local.second:02d}{sign}{hours:02d}:{minutes:02d}"
    )
    result = parse_endpoint(text, EMPTY, arg="A")
    expected = (local - offset).replace(tzinfo=dt.timezone.utc)
    assert result.utc == expected


@settings(max_examples=3000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.one_of(
        st.text(max_size=40),
        st.from_regex(r"[0-9 /.\-+:TZ~?%\[\]A-Za-z]{0,30}", fullmatch=True),
    )
)
def test_arbitrary_text_is_a_date_an_event_or_a_one_line_refusal(text: str) -> None:
    try:
        result = parse_endpoint(text, STORE, arg="A")
    except (UsageError, LookupFailed) as exc:
        message = str(exc)
        assert message.startswith("argument A: ")
        assert message.isprintable()
    else:
        assert isinstance(result, Endpoint)
        assert 1 <= result.when.year <= 9999
        if result.when.time is not None:
            assert result.utc is not None
