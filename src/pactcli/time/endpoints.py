"""What a user types as a date or an event reference, read strictly.

An endpoint is one of:

* an event ID (its start), ``ID@end`` (its end), or a unique prefix of an ID;
* an ISO 8601 date or date-time: ``1945-08-09``, ``1942-07``, ``1939``, ``1945-08-08T17:00+03:00``,
  ``1945-08-08T14:00Z``, ``1945-08-08T23:00[Europe/Moscow]`` (RFC 9557 zone suffix), with an optional EDTF
  qualifier ``~`` (approximate), ``?`` (uncertain) or ``%`` (both);
* a written date whose every field is explicit: ``13 April 1941``, ``April 13, 1941``, ``13 Apr 1941``,
  ``April 1941`` (English month names only).

Nothing is ever guessed or filled in from today: ambiguous forms (``01/02/03``), two-digit years, missing
years, out-of-range years and date-times without an offset or zone are refused with a one-line
:class:`~pactcli.errors.UsageError` that names the argument and says what to write instead.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass

from pactcli.errors import LookupFailed, UsageError
from pactcli.store.model import Event, Store
from pactcli.time import zones as zones_mod
from pactcli.time.dates import MONTH_NAMES, DateError, When, parse_edtf
from pactcli.time.zones import NamedZone, Zone, format_offset

__all__ = [
    "DateInput",
    "Endpoint",
    "check_utc_range",
    "looks_like_date",
    "parse_date",
    "parse_date_parts",
    "parse_endpoint",
    "parse_user_date",
]

MONTHS: dict[str, int] = {}
for _number, _title in enumerate(MONTH_NAMES, start=1):
    MONTHS[_title.lower()] = _number
    MONTHS[_title[:3].lower()] = _number
MONTHS["sept"] = 9

_A = re.ASCII
_ISO = re.compile(
    r"""(?P<y>\d{4})
        (?:-(?P<m>\d{2})
           (?:-(?P<d>\d{2})
              (?:[Tt\ ](?P<H>\d{2})(?::(?P<M>\d{2})(?::(?P<S>\d{2})(?P<frac>[.,]\d+)?)?)?
                 (?P<off>[Zz]|[+-]\d{2}(?::?\d{2})?(?::\d{2})?)?
              )?
           )?
        )?""",
    re.VERBOSE | _A,
)
_ORDINAL = r"(?:st|nd|rd|th)?"
_WRITTEN_DMY = re.compile(rf"(?P<d>\d{{1,2}}){_ORDINAL}\s+(?P<mon>[A-Za-z]+)\.?,?\s+(?P<y>\d+)", _A)
_WRITTEN_MDY = re.compile(rf"(?P<mon>[A-Za-z]+)\.?\s+(?P<d>\d{{1,2}}){_ORDINAL}\s*,?\s+(?P<y>\d+)", _A)
_WRITTEN_MY = re.compile(r"(?P<mon>[A-Za-z]+)\.?,?\s+(?P<y>\d+)", _A)
_WRITTEN_DM = re.compile(rf"(?P<d>\d{{1,2}}){_ORDINAL}\s+(?P<mon>[A-Za-z]+)\.?", _A)
_WRITTEN_MD = re.compile(rf"(?P<mon>[A-Za-z]+)\.?\s+(?P<d>\d{{1,2}}){_ORDINAL}", _A)
_NUMERIC_SEP = re.compile(r"(?P<p1>\d{1,4})(?P<sep>[/.])(?P<p2>\d{1,4})(?P=sep)(?P<p3>\d{1,4})", _A)
_NUMERIC_TWO = re.compile(r"(?P<p1>\d{1,4})(?P<sep>[/.])(?P<p2>\d{1,4})", _A)
_SHORT_DASH = re.compile(r"(?P<p1>\d{1,2})-(?P<p2>\d{1,2})-(?P<p3>\d{1,4})", _A)
_LOOSE_DASH = re.compile(r"(?P<y>\d{4})-(?P<m>\d{1,2})(?:-(?P<d>\d{1,2}))?", _A)
_WEEK = re.compile(r"(?P<y>\d{4})-?W(?P<w>\d{2})-?(?P<d>[1-7])", _A)
_ORDINAL_DATE = re.compile(r"(?P<y>\d{4})-(?P<o>\d{3})", _A)
_BASIC = re.compile(r"(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})", _A)
_ZONE_WORD = re.compile(
    r"(?P<iso>\d{4}-\d{2}-\d{2}[Tt ]\d{2}(?::\d{2}){0,2})\s+(?P<zone>[A-Za-z][\w/+-]*)", _A
)
_EVENT_LIKE = re.compile(r"[a-z0-9]+(?:[-_][a-z0-9]+)*-?", re.IGNORECASE | _A)


@dataclass(frozen=True)
class DateInput:
    """A date the user typed, resolved: its value, the clock it was given in (None: a floating civil day,
    i.e. a date typed with no zone), and remarks worth showing (offsets taken from tz data and the like)."""

    when: When
    zone: Zone | None
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Endpoint:
    """One end of a difference.

    ``zone`` is the clock its civil day is in: the event's (claim's) zone; the zone of an RFC 9557 suffix;
    UTC for ``Z``; a fixed-offset zone for ``+03:00``. It is ``None`` for a date typed without a zone: a
    *floating* civil day: :func:`pactcli.time.arithmetic.difference` compares it with an instant's date as
    written (at the instant's stated offset).
    """

    input: str
    when: When
    zone: Zone | None
    event_id: str | None = None
    claim: int = 0
    disputed: bool = False
    arg: str = ""
    end: bool = False
    claims: int = 1
    event_title: str | None = None
    notes: tuple[str, ...] = ()

    @property
    def instant(self) -> dt.datetime | None:
        """The aware instant when a time of day and its offset are known."""
        return self.when.instant

    @property
    def utc(self) -> dt.datetime | None:
        """The instant as an aware UTC datetime, or None for a civil day, month or year."""
        instant = self.when.instant
        return None if instant is None else instant.astimezone(dt.timezone.utc)


def _shown(text: str) -> str:
    """The user's text for an error message: quoted, control characters escaped, at most 40 characters."""
    return repr(text if len(text) <= 40 else text[:40] + "…")


def _fail(arg: str, message: str) -> UsageError:
    return UsageError(f"argument {arg}: {message}")


# --- dates -----------------------------------------------------------------------------------------------


def parse_user_date(text: str, *, arg: str, zones: Mapping[str, NamedZone] | None = None) -> When:
    """A date or date-time typed by the user (no event IDs); raise UsageError naming ``arg``.

    For ``timeline --from/--to``. A time of day needs an offset (``+03:00``, ``Z``) or a zone suffix
    (``[Europe/Moscow]``); the returned When then has its offset set.
    """
    return parse_date(text, arg=arg, zones=zones).when


def parse_date(text: str, *, arg: str, zones: Mapping[str, NamedZone] | None = None) -> DateInput:
    """Like :func:`parse_user_date`, also returning the zone the date was given in (None if none)."""
    stripped = text.strip()
    if not stripped:
        raise _fail(arg, "empty; give a date such as 1941-04-13")
    if not stripped.isprintable():
        raise _fail(arg, f"{_shown(text)} contains control characters")
    body, zone_name, critical, qualifier = _split_suffixes(stripped, text, arg)
    when = _parse_body(body, qualifier, text, arg)
    notes: list[str] = []
    zone: Zone | None = None
    if zone_name is not None:
        try:
            zone = zones_mod.resolve(zone_name, zones)
        except UsageError as exc:
            raise _fail(arg, str(exc)) from None
    if when.time is not None:
        if when.offset is None:
            if zone is None:
                raise _fail(arg, _no_offset_hint(when, text))
            naive = dt.datetime.combine(when.local_date(), when.time)
            aware, why = zones_mod.resolve_local(zone, naive)
            if aware is None:
                raise _fail(arg, f"{_shown(text)}: {why}")
            offset = aware.utcoffset()
            assert offset is not None
            when = when.with_offset(offset, stated=False)
            if not zone.fixed:
                notes.append(f"{arg}: offset {format_offset(offset)} taken from tz data for {zone.name}")
        elif zone is None:
            zone = _offset_zone(when.offset)
        else:
            instant = when.instant
            assert instant is not None
            zone_offset = _zone_offset(zone, instant, text, arg)
            if zone_offset != when.offset:
                if critical:
                    raise _fail(
                        arg,
                        f"{_shown(text)}: offset {format_offset(when.offset)} does not match "
                        f"{zone.name} ({format_offset(zone_offset)} at that time) and the suffix is marked "
                        "critical with '!'",
                    )
                notes.append(
                    f"{arg}: the stated offset {format_offset(when.offset)} was used; tz data has "
                    f"{format_offset(zone_offset)} for {zone.name} at that time"
                )
        _check_utc_range(when, text, arg)
    return DateInput(when, zone, tuple(notes))


def parse_date_parts(text: str, *, arg: str) -> tuple[When, str | None, bool]:
    """The strict reading of a typed date before any zone is applied: (value, ``[zone]`` name, critical).

    The value keeps a time of day without an offset as it is (``offset`` None), for callers that place wall
    times themselves (``pactcli convert --from-tz``/``--fold``); the same refusals as :func:`parse_date`.
    """
    stripped = text.strip()
    if not stripped:
        raise _fail(arg, "empty; give a date such as 1941-04-13")
    if not stripped.isprintable():
        raise _fail(arg, f"{_shown(text)} contains control characters")
    body, zone_name, critical, qualifier = _split_suffixes(stripped, text, arg)
    return _parse_body(body, qualifier, text, arg), zone_name, critical


def check_utc_range(when: When, text: str, arg: str) -> None:
    """Refuse an instant that leaves years 1-9999 once converted to UTC (UsageError naming ``arg``)."""
    _check_utc_range(when, text, arg)


def _offset_zone(offset: dt.timedelta | None) -> Zone:
    if not offset:
        return zones_mod.resolve("UTC")
    return zones_mod.resolve(format_offset(offset))


def _zone_offset(zone: Zone, instant: dt.datetime, text: str, arg: str) -> dt.timedelta:
    try:
        offset = instant.astimezone(zone.tz).utcoffset()
    except (OverflowError, ValueError):
        raise _fail(arg, f"{_shown(text)} is too close to year 1 or 9999 to place in {zone.name}") from None
    assert offset is not None
    return offset


def _check_utc_range(when: When, text: str, arg: str) -> None:
    instant = when.instant
    if instant is None:
        return
    try:
        instant.astimezone(dt.timezone.utc)
    except (OverflowError, ValueError):
        raise _fail(arg, f"{_shown(text)} is out of range: in UTC it falls outside years 1-9999") from None


def _no_offset_hint(when: When, text: str) -> str:
    base = when.iso()
    return (
        f"{_shown(text)} has a time of day but no UTC offset or zone; add one, e.g. {base}+03:00, {base}Z "
        f"or {base}[Europe/Moscow]"
    )


def _split_suffixes(stripped: str, text: str, arg: str) -> tuple[str, str | None, bool, str]:
    """Split ``BODY[~?%][[!]ZONE][~?%]`` into its parts."""
    body = stripped
    qualifier = ""
    if body and body[-1] in "~?%":
        qualifier, body = body[-1], body[:-1].rstrip()
    zone_name: str | None = None
    critical = False
    if "[" in body or "]" in body:
        match = re.fullmatch(r"(?P<body>[^\[\]]*?)\s*\[(?P<crit>!?)(?P<zone>[^\[\]]*)\](?P<rest>.*)", body)
        if match is None:
            raise _fail(arg, f"{_shown(text)}: write one zone suffix at the end, e.g. [Europe/Moscow]")
        if match["rest"]:
            rest = match["rest"]
            if rest.startswith("["):
                raise _fail(arg, f"{_shown(text)}: only one [zone] suffix is supported")
            raise _fail(arg, f"{_shown(text)}: nothing may follow the [zone] suffix except ~ ? or %")
        body, critical = match["body"].rstrip(), bool(match["crit"])
        zone_name = match["zone"].strip()
        if "=" in zone_name:
            raise _fail(arg, f"{_shown(text)}: only a zone may be given in [...], not {zone_name!r}")
        if not zone_name:
            raise _fail(arg, f"{_shown(text)}: empty [] zone suffix")
        if body and body[-1] in "~?%":
            if qualifier:
                raise _fail(arg, f"{_shown(text)}: give one qualifier (~, ? or %), not two")
            qualifier, body = body[-1], body[:-1].rstrip()
    if not body:
        raise _fail(arg, f"{_shown(text)} has no date")
    if body[-1] in "~?%":
        raise _fail(arg, f"{_shown(text)}: give one qualifier (~, ? or %), not two")
    return body, zone_name, critical, qualifier


def _edtf(canonical: str, text: str, arg: str) -> When:
    try:
        return parse_edtf(canonical)
    except DateError as exc:
        message, quoted = str(exc), repr(canonical)
        if message.startswith(quoted):  # parse_edtf quotes its (canonical) input: show the user's instead
            raise _fail(arg, _shown(text) + message[len(quoted) :]) from None
        raise _fail(arg, f"{_shown(text)}: {message}") from None


def _parse_body(body: str, qualifier: str, text: str, arg: str) -> When:
    iso = _ISO.fullmatch(body)
    if iso is not None:
        return _from_iso(iso, qualifier, text, arg)
    written = _parse_written(body, text, arg)
    if written is not None:
        return _edtf(written + qualifier, text, arg)
    raise _fail(arg, _refusal(body, text))


def _from_iso(match: re.Match[str], qualifier: str, text: str, arg: str) -> When:
    canonical = match["y"]
    for key, sep in (("m", "-"), ("d", "-")):
        if match[key] is not None:
            canonical += sep + match[key]
    if match["H"] is not None:
        canonical += "T" + match["H"]
        if match["M"] is not None:
            canonical += ":" + match["M"]
            if match["S"] is not None:
                canonical += ":" + match["S"]
        if match["frac"] is not None and set(match["frac"][1:]) != {"0"}:
            raise _fail(arg, f"{_shown(text)}: fractional seconds are not supported")
        off = match["off"]
        if off is not None:
            canonical += _canonical_offset(off, text, arg)
    if canonical[:4] == "0000":
        raise _fail(arg, f"{_shown(text)}: year 0 is out of range (1-9999)")
    return _edtf(canonical + qualifier, text, arg)


def _canonical_offset(off: str, text: str, arg: str) -> str:
    if off in ("Z", "z"):
        return "Z"
    digits = off[1:].replace(":", "")
    if len(digits) == 6:
        raise _fail(arg, f"{_shown(text)}: UTC offsets with seconds are not supported")
    if len(digits) not in (2, 4):
        raise _fail(arg, f"{_shown(text)}: write the UTC offset as ±HH:MM, e.g. +03:00")
    hours, minutes = digits[:2], digits[2:] or "00"
    if off[0] == "-" and hours == "00" and minutes == "00":
        raise _fail(arg, f"{_shown(text)}: -00:00 (unknown local offset) is not an offset; write Z or +00:00")
    return f"{off[0]}{hours}:{minutes}"


def _month_number(name: str, text: str, arg: str) -> int:
    number = MONTHS.get(name.lower())
    if number is None:
        raise _fail(arg, f"{_shown(text)}: unknown month name {name!r} (English names only, e.g. April, Apr)")
    return number


def _written_year(digits: str, example: str, text: str, arg: str) -> int:
    if len(digits) <= 2:
        raise _fail(arg, f"{_shown(text)} has a two-digit year; write all four digits, e.g. {example}")
    if len(digits) > 4 or int(digits) > 9999:
        raise _fail(arg, f"{_shown(text)}: year {_digits(digits)} is out of range (1-9999)")
    year = int(digits)
    if year == 0:
        raise _fail(arg, f"{_shown(text)}: year 0 is out of range (1-9999)")
    return year


def _digits(digits: str) -> str:
    return digits if len(digits) <= 12 else digits[:12] + "…"


def _parse_written(body: str, text: str, arg: str) -> str | None:
    """``13 April 1941`` / ``April 13, 1941`` / ``April 1941`` → canonical ISO text, or None."""
    for pattern in (_WRITTEN_DMY, _WRITTEN_MDY):
        match = pattern.fullmatch(body)
        if match is not None:
            month = _month_number(match["mon"], text, arg)
            day = int(match["d"])
            example = f"{day} {MONTH_NAMES[month - 1]} 19{match['y'][-2:].zfill(2)}"
            year = _written_year(match["y"], example, text, arg)
            return f"{year:04d}-{month:02d}-{day:02d}"
    match = _WRITTEN_MY.fullmatch(body)
    if match is not None:
        month = _month_number(match["mon"], text, arg)
        if len(match["y"]) <= 2 and int(match["y"]) > 31:
            raise _fail(
                arg,
                f"{_shown(text)} has a two-digit year; write all four digits, e.g. "
                f"{MONTH_NAMES[month - 1]} 19{match['y']}",
            )
        if len(match["y"]) <= 2:
            raise _fail(
                arg,
                f"{_shown(text)} has no year (or a two-digit one); pactcli never fills one in: write e.g. "
                f"{MONTH_NAMES[month - 1]} 1941 or {MONTH_NAMES[month - 1]} {int(match['y'])}, 1941",
            )
        year = _written_year(match["y"], "", text, arg)
        return f"{year:04d}-{month:02d}"
    for pattern in (_WRITTEN_DM, _WRITTEN_MD):
        match = pattern.fullmatch(body)
        if match is not None:
            month = _month_number(match["mon"], text, arg)
            raise _fail(
                arg,
                f"{_shown(text)} has no year; pactcli never fills one in: write e.g. "
                f"{int(match['d'])} {MONTH_NAMES[month - 1]} 1941",
            )
    if body.lower() in MONTHS:
        name = MONTH_NAMES[MONTHS[body.lower()] - 1]
        raise _fail(arg, f"{_shown(text)} has no year; pactcli never fills one in: write e.g. {name} 1941")
    return None


def _refusal(body: str, text: str) -> str:
    """Why ``body`` is not read, and what to write instead."""
    shown = _shown(text)
    if re.fullmatch(r"-\d.*", body, _A):
        return f"{shown}: years before 1 CE are not supported (1-9999)"
    big = re.match(r"\+?(\d{5,})", body, _A)
    if big is not None:
        basic = _BASIC.fullmatch(body)
        if basic is not None:
            return f"{shown} is not ISO 8601 extended format; write {basic['y']}-{basic['m']}-{basic['d']}"
        return f"{shown}: year {_digits(big[1].lstrip('0') or '0')} is out of range (1-9999)"
    if re.fullmatch(r"\+\d{4}\b.*", body, _A):
        return f"{shown}: write the year as four digits without a sign, e.g. {body[1:]}"
    numeric = _NUMERIC_SEP.fullmatch(body)
    if numeric is not None:
        return _numeric_refusal(shown, numeric["p1"], numeric["p2"], numeric["p3"])
    short = _SHORT_DASH.fullmatch(body)
    if short is not None:
        yy, mm, dd = short["p1"], int(short["p2"]), int(short["p3"])
        if len(yy) == 2 and 1 <= mm <= 12 and 1 <= dd <= 31:
            example = f"19{yy}-{mm:02d}-{dd:02d}"
            return f"{shown} has a two-digit year; write ISO 8601 with all four digits, e.g. {example}"
        return f"{shown} is ambiguous; write ISO 8601 with a four-digit year, e.g. 1941-04-13"
    two = _NUMERIC_TWO.fullmatch(body)
    if two is not None:
        return f"{shown} is ambiguous; write ISO 8601, e.g. 1941-04 for a month or 1941-04-13 for a day"
    loose = _LOOSE_DASH.fullmatch(body)
    if loose is not None:
        fixed = f"{loose['y']}-{int(loose['m']):02d}" + (f"-{int(loose['d']):02d}" if loose["d"] else "")
        return f"{shown} is not ISO 8601; write {fixed}"
    week = _WEEK.fullmatch(body)
    if week is not None:
        try:
            day = dt.date.fromisocalendar(int(week["y"]), int(week["w"]), int(week["d"]))
        except ValueError:
            return f"{shown}: ISO week dates are not supported, and this week does not exist"
        return f"{shown}: ISO week dates are not supported; write {day.isoformat()}"
    ordinal = _ORDINAL_DATE.fullmatch(body)
    if ordinal is not None:
        year, number = int(ordinal["y"]), int(ordinal["o"])
        if year >= 1 and 1 <= number <= (366 if _leap(year) else 365):
            day = dt.date(year, 1, 1) + dt.timedelta(days=number - 1)
            return f"{shown}: ISO ordinal dates are not supported; write {day.isoformat()}"
        return f"{shown}: ISO ordinal dates are not supported"
    zone_word = _ZONE_WORD.fullmatch(body)
    if zone_word is not None:
        try:
            zones_mod.resolve(zone_word["zone"])
        except UsageError as exc:  # EST, GMT+3: do not suggest a [zone] suffix that is refused too
            if str(exc).startswith("ambiguous zone"):
                return f"{shown}: write the offset, e.g. {zone_word['iso']}+03:00; {exc}"
        return (
            f"{shown}: write the offset or the zone in brackets, e.g. {zone_word['iso']}Z, "
            f"{zone_word['iso']}+03:00 or {zone_word['iso']}[{zone_word['zone']}]"
        )
    if re.fullmatch(r"\d{1,3}", body, _A):
        return f"{shown}: write a year with four digits, e.g. {int(body):04d} (years 1-9999)"
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}[Tt ].*", body, _A):
        return f"{shown}: write a time as THH:MM with an offset, e.g. 1945-08-08T17:00+03:00"
    return (
        f"{shown} is not a date pactcli reads; write ISO 8601 (1941-04-13, 1942-07, 1939, "
        "1945-08-08T17:00+03:00) or e.g. 13 April 1941"
    )


def _leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def _numeric_refusal(shown: str, p1: str, p2: str, p3: str) -> str:
    if len(p1) == 4:  # year first: YYYY/MM/DD is not ambiguous, only not ISO
        return f"{shown} is not ISO 8601; write {p1}-{int(p2):02d}-{int(p3):02d}"
    if len(p3) <= 2:
        # Every part could be the year, the month or the day.
        return f"{shown} is ambiguous; write ISO 8601, e.g. 20{int(p3):02d}-{int(p1):02d}-{int(p2):02d}"
    if len(p3) == 3:
        return f"{shown} is ambiguous; write ISO 8601 with a four-digit year, e.g. 1941-04-13"
    first, second, year = int(p1), int(p2), p3
    if first > 12 >= second >= 1:
        return f"{shown} is not ISO 8601; write {year}-{second:02d}-{first:02d}"
    if second > 12 >= first >= 1:
        return f"{shown} is not ISO 8601; write {year}-{first:02d}-{second:02d}"
    if 1 <= first <= 12 and 1 <= second <= 12 and first != second:
        return (
            f"{shown} is ambiguous; write ISO 8601, e.g. {year}-{second:02d}-{first:02d} "
            f"({first} {MONTH_NAMES[second - 1]}) or {year}-{first:02d}-{second:02d} "
            f"({second} {MONTH_NAMES[first - 1]})"
        )
    if first == second and 1 <= first <= 12:
        return f"{shown} is not ISO 8601; write {year}-{first:02d}-{second:02d}"
    return f"{shown} is not a date; write ISO 8601, e.g. 1941-04-13"


# --- endpoints -------------------------------------------------------------------------------------------


def parse_endpoint(text: str, store: Store, *, arg: str, claim: int = 0) -> Endpoint:
    """Read one argument of ``diff-dates``: an event reference or a date.

    An exact event ID wins; then anything that reads as a date is one; then a unique prefix of an event ID.
    ``ID@end`` takes the end of a range (``ID@start`` is the default). ``claim`` picks claim N of an event
    (0 = main, 1.. = disputes in store order); a date has no claims and ignores it. Raise UsageError (exit 2)
    for malformed input and for a claim or an ``@end`` the event does not have, and LookupFailed (exit 1)
    for an unknown or ambiguous event ID.
    """
    stripped = text.strip()
    if not stripped:
        raise _fail(arg, "empty; give an event ID or a date such as 1941-04-13")
    if not stripped.isprintable():
        raise _fail(arg, f"{_shown(text)} contains control characters")
    name, end = stripped, False
    if "@" in stripped:
        name, _, suffix = stripped.rpartition("@")
        if suffix.lower() not in ("end", "start"):
            raise _fail(arg, f"{_shown(text)}: unknown suffix @{suffix}; write ID@end for the end of a range")
        end = suffix.lower() == "end"
        if not name:
            raise _fail(arg, f"{_shown(text)}: give an event ID before @{suffix}")
    event = store.event(name) or store.event(name.lower())
    if event is None and "@" not in stripped and _date_like(stripped):
        try:
            found = parse_date(text, arg=arg, zones=store.zones)
        except UsageError:
            if _EVENT_LIKE.fullmatch(stripped) and _prefixed(store, stripped):
                event = _find_event(stripped, store, arg, text)
            else:
                raise
        else:
            return Endpoint(input=text, when=found.when, zone=found.zone, arg=arg, notes=found.notes)
    if event is None:
        event = _find_event(name, store, arg, text)
    return _event_endpoint(event, text, arg, claim, end)


def looks_like_date(text: str) -> bool:
    """Whether a (stripped, non-empty) argument is read as a date rather than looked up as an event ID."""
    return _date_like(text)


def _date_like(text: str) -> bool:
    """Whether ``text`` should be read as a date rather than looked up as an event ID."""
    if text[0].isdigit() or text[0] in "+-":
        return True
    if any(ch.isspace() or ch in "/,[]" for ch in text):
        return True
    return text.rstrip(".~?%").lower() in MONTHS


def _prefixed(store: Store, text: str) -> list[str]:
    lowered = text.lower()
    return [eid for eid in store.event_ids() if eid.startswith(lowered)]


def _find_event(name: str, store: Store, arg: str, text: str) -> Event:
    matches = _prefixed(store, name)
    if len(matches) == 1:
        event = store.event(matches[0])
        assert event is not None
        return event
    if matches:
        listed = ", ".join(sorted(matches)[:5]) + (", …" if len(matches) > 5 else "")
        raise LookupFailed(
            f"argument {arg}: {_shown(name)} matches {len(matches)} events ({listed}); write more of the ID"
        )
    lowered = name.lower()
    ids = store.event_ids()
    containing = [eid for eid in ids if lowered in eid] if len(lowered) >= 3 else []
    close = zones_mod.suggest(name, ids)
    quoted = [repr(e) for e in sorted(containing)[:3]]
    picks = list(dict.fromkeys([*quoted, *filter(None, close.split(", "))]))
    hint = f"; did you mean {', '.join(picks[:3])}?" if picks else ""
    kind = "event" if _EVENT_LIKE.fullmatch(name) else "event or date"
    raise LookupFailed(f"argument {arg}: no {kind} {_shown(name)}{hint}")


def _event_endpoint(event: Event, text: str, arg: str, claim: int, end: bool) -> Endpoint:
    claims = event.claims()
    if not 0 <= claim < len(claims):
        if len(claims) == 1:
            raise _fail(arg, f"event {event.id} has only its main claim (--claim 0), not claim {claim}")
        raise _fail(
            arg,
            f"event {event.id} has claims 0 (main) to {len(claims) - 1} (disputes), not claim {claim}",
        )
    chosen = claims[claim]
    when = chosen.end if end else chosen.start
    if when is None:
        raise _fail(arg, f"event {event.id} has no end (it is not a range); write {event.id} for its date")
    if when.time is not None and when.offset is None:  # pragma: no cover - the store loader resolves these
        raise _fail(arg, f"event {event.id}: its local time could not be placed in {chosen.zone.name}")
    notes: list[str] = []
    if when.time is not None and not when.offset_stated and not chosen.zone.fixed:
        notes.append(
            f"{arg}: the store gives a local time; offset {format_offset(when.offset)} taken from tz data "
            f"for {chosen.zone.name}"
        )
    _check_utc_range(when, text, arg)
    return Endpoint(
        input=text,
        when=when,
        zone=chosen.zone,
        event_id=event.id,
        claim=claim,
        disputed=event.disputed,
        arg=arg,
        end=end,
        claims=len(claims),
        event_title=event.title,
        notes=tuple(notes),
    )
