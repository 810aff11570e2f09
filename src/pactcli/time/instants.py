"""Any instant in any clock: what ``pactcli convert`` and ``pactcli shift`` compute.

A WHEN is an event (its start in its own zone; ``ID@end`` for the end of a range; claim N of a dispute) or a
typed date read by the strict rules of :mod:`pactcli.time.endpoints`, plus two things only these commands
allow:

* a wall-clock time with no offset, placed in a zone given by ``--from-tz`` (or by an RFC 9557 ``[zone]``
  suffix, which wins over ``--from-tz``);
* a wall time that a daylight-saving change skipped or repeated, read with ``--fold 0`` (the reading with the
  offset in force before the change) or ``--fold 1`` (after it); without ``--fold`` it is refused and both
  readings are named.

Reduced precision is kept everywhere: a day (month, year) is converted as that day (month, year) and is
never given a time of day, and ``shift`` refuses to add hours to it.

Conventions of ``shift`` (docs/convert.md): durations apply one after another, in the order given; within one
duration the years and months come first (the month-end rule of :func:`pactcli.time.arithmetic.add_months`),
then weeks and days, all on the civil calendar of the value's own clock (its wall time is kept), then hours,
minutes and seconds as elapsed time in UTC.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from typing import NamedTuple

from pactcli.errors import UsageError
from pactcli.store.model import Store
from pactcli.time.arithmetic import add_months
from pactcli.time.calendars import render as render_calendar
from pactcli.time.dates import Precision, When, format_time
from pactcli.time.endpoints import check_utc_range, looks_like_date, parse_date_parts, parse_endpoint
from pactcli.time.zones import TZDATA_VERSION, NamedZone, Zone, format_offset
from pactcli.time.zones import resolve as resolve_zone

__all__ = [
    "WEEKDAYS",
    "Conversion",
    "Duration",
    "Shifted",
    "Source",
    "ZoneReading",
    "convert",
    "parse_duration",
    "read_when",
    "shift",
]

# English, fixed: output never depends on the host's locale (strftime("%A") does).
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_UTC = dt.timezone.utc


def _fail(arg: str, message: str) -> UsageError:
    return UsageError(f"argument {arg}: {message}")


def _shown(text: str) -> str:
    return repr(text if len(text) <= 40 else text[:40] + "…")


# --- reading a WHEN ---------------------------------------------------------------------------------------


class Source(NamedTuple):
    """A WHEN, resolved: its value, the clock it is in (None: a date typed without a zone) and remarks."""

    input: str
    when: When
    zone: Zone | None
    event_id: str | None = None
    claim: int | None = None
    disputed: bool = False
    notes: tuple[str, ...] = ()

    @property
    def utc(self) -> dt.datetime | None:
        instant = self.when.instant
        return None if instant is None else instant.astimezone(_UTC)

    def to_json(self) -> dict[str, object]:
        when = self.when
        return {
            "input": self.input,
            "value": when.iso(),
            "precision": when.precision.label,
            "approximate": when.approximate,
            "uncertain": when.uncertain,
            "zone": None if self.zone is None else self.zone.name,
            "offset_source": None if when.instant is None else ("source" if when.offset_stated else "tzdata"),
            "utc": utc_text(self.utc),
            "event": self.event_id,
            "claim": self.claim,
            "disputed": self.disputed,
        }


def utc_text(value: dt.datetime | None) -> str | None:
    """``1945-08-08T14:00:00Z`` (strftime would not zero-pad years before 1000), or None."""
    if value is None:
        return None
    value = value.astimezone(_UTC)
    return (
        f"{value.year:04d}-{value.month:02d}-{value.day:02d}"
        f"T{value.hour:02d}:{value.minute:02d}:{value.second:02d}Z"
    )


def read_when(
    text: str,
    store: Store,
    *,
    arg: str = "WHEN",
    claim: int = 0,
    from_tz: Zone | None = None,
    fold: int | None = None,
) -> Source:
    """Read one WHEN (see the module docstring); raise UsageError (exit 2) or LookupFailed (exit 1)."""
    stripped = text.strip()
    if stripped and stripped.isprintable() and store.event(stripped) is None and looks_like_date(stripped):
        if claim:
            raise _fail(arg, f"--claim {claim} applies to events, and {_shown(text)} is a date")
        return _typed(text, store.zones, arg, from_tz, fold)
    found = parse_endpoint(text, store, arg=arg, claim=claim)
    assert found.event_id is not None and found.zone is not None
    # parse_endpoint names the argument in its notes; here there is only one WHEN.
    notes = [note.removeprefix(f"{arg}: ") for note in found.notes]
    if from_tz is not None:
        notes.append(
            f"--from-tz does not apply to an event: {found.event_id} is in its own zone, {found.zone.name}"
        )
    instant = found.when.instant
    if instant is not None and found.when.offset_stated:
        tz_offset = found.zone.localize(instant).utcoffset()
        if tz_offset != found.when.offset:
            notes.append(
                f"the source states {format_offset(found.when.offset)}; tzdata {TZDATA_VERSION} has "
                f"{found.zone.name} at {format_offset(tz_offset)} ({found.zone.abbreviation(instant)}) then: "
                "the stated offset is used"
            )
    if found.disputed:
        others = [str(i) for i in range(found.claims) if i != found.claim]
        used = "the main claim" if found.claim == 0 else f"claim {found.claim} (a dispute)"
        notes.append(f"{found.event_id} is disputed: {used} is used; see --claim {' or '.join(others)}")
    return Source(
        input=text,
        when=found.when,
        zone=found.zone,
        event_id=found.event_id,
        claim=found.claim,
        disputed=found.disputed,
        notes=tuple(notes),
    )


def _typed(
    text: str, named: Mapping[str, NamedZone], arg: str, from_tz: Zone | None, fold: int | None
) -> Source:
    when, zone_name, critical = parse_date_parts(text, arg=arg)
    zone = from_tz
    if zone_name is not None:
        try:
            zone = resolve_zone(zone_name, named)
        except UsageError as exc:
            raise _fail(arg, str(exc)) from None
    notes: list[str] = []
    if when.time is not None:
        if when.offset is None:
            if zone is None:
                base = when.iso()
                raise _fail(
                    arg,
                    f"{_shown(text)} has a time of day but no UTC offset or zone; add one ({base}+03:00, "
                    f"{base}Z, {base}[Europe/Moscow]) or give --from-tz ZONE",
                )
            naive = dt.datetime.combine(when.local_date(), when.time)
            aware, note = place_local(zone, naive, fold, text, arg)
            offset = aware.utcoffset()
            assert offset is not None
            when = when.with_offset(offset, stated=False)
            if not zone.fixed:
                notes.append(
                    f"offset {format_offset(offset)} taken from tzdata {TZDATA_VERSION} for {zone.name}"
                )
            if note:
                notes.append(note)
        elif zone is None:
            zone = resolve_zone("UTC" if not when.offset else format_offset(when.offset))
        else:
            instant = when.instant
            assert instant is not None
            check_utc_range(when, text, arg)
            zone_offset = zone.localize(instant).utcoffset()
            if zone_offset != when.offset:
                if critical:
                    raise _fail(
                        arg,
                        f"{_shown(text)}: offset {format_offset(when.offset)} does not match {zone.name} "
                        f"({format_offset(zone_offset)} at that time) and the suffix is marked critical "
                        "with '!'",
                    )
                notes.append(
                    f"the stated offset {format_offset(when.offset)} is used; tzdata {TZDATA_VERSION} has "
                    f"{zone.name} at {format_offset(zone_offset)} at that time"
                )
        check_utc_range(when, text, arg)
    return Source(input=text, when=when, zone=zone, notes=tuple(notes))


def place_local(
    zone: Zone, naive: dt.datetime, fold: int | None, text: str, arg: str, lead: str | None = None
) -> tuple[dt.datetime, str | None]:
    """Attach ``zone`` to a wall time: (aware, None), or with ``fold`` the chosen reading and a note.

    A wall time that the clocks skipped (a gap) or showed twice (a fold) has two readings: with the offset in
    force before the change (``--fold 0``) and after it (``--fold 1``), as in PEP 495. Without ``fold`` such a
    time is refused and both readings are named, each with the instant it means in the zone.
    """
    if zone.fixed:
        return naive.replace(tzinfo=zone.tz), None
    try:
        first = naive.replace(tzinfo=zone.tz, fold=0)
        second = naive.replace(tzinfo=zone.tz, fold=1)
        off_first, off_second = first.utcoffset(), second.utcoffset()
        round_trip = first.astimezone(_UTC).astimezone(zone.tz).replace(tzinfo=None)
    except (OverflowError, ValueError) as exc:
        raise _fail(arg, f"{_shown(text)} cannot be placed in {zone.name}: {exc}") from None
    gap = round_trip != naive
    if not gap and off_first == off_second:
        return first, None
    wall = _wall_text(naive)
    readings = []
    for number, candidate in ((0, first), (1, second)):
        try:
            real = zone.localize(candidate.astimezone(_UTC))
        except UsageError as exc:
            raise _fail(arg, f"{_shown(text)}: {exc}") from None
        means = f" = {_wall_text(real)} {zone.abbreviation(real)}" if gap else f" {zone.abbreviation(real)}"
        readings.append(f"{wall}{format_offset(candidate.utcoffset())}{means} (--fold {number})")
    what = (
        f"does not exist in {zone.name} (the clocks skipped it)"
        if gap
        else f"happened twice in {zone.name} (the clocks were set back)"
    )
    if fold is None:
        said = f"{lead} {wall}, which {what}" if lead else f"{_shown(text)}: {wall} {what}"
        raise _fail(arg, f"{said}; it is {readings[0]} or {readings[1]}")
    chosen = second if fold else first
    return chosen, f"{wall} {what}; --fold {fold} reads it as {readings[fold]}"


def _wall_text(value: dt.datetime) -> str:
    return f"{value.year:04d}-{value.month:02d}-{value.day:02d}T" + format_time(
        value.time(), Precision.SECOND if value.second else Precision.MINUTE
    )


# --- convert ----------------------------------------------------------------------------------------------


class ZoneReading(NamedTuple):
    """One zone's reading of an instant."""

    zone: Zone
    local: dt.datetime
    abbreviation: str
    day_shift: int  # the local day minus the source's own day (+1 = the next day)
    precision: Precision
    qualifier: str

    @property
    def offset(self) -> str:
        return format_offset(self.local.utcoffset())

    @property
    def weekday(self) -> str:
        return WEEKDAYS[self.local.weekday()]

    @property
    def marker(self) -> str:
        return f"{self.day_shift:+d}d" if self.day_shift else ""

    @property
    def date_text(self) -> str:
        local = self.local
        return f"{local.year:04d}-{local.month:02d}-{local.day:02d}"

    @property
    def time_text(self) -> str:
        return format_time(self.local.time(), self.precision)

    def iso(self) -> str:
        return f"{self.date_text}T{self.time_text}{self.offset}{self.qualifier}"

    def to_json(self) -> dict[str, object]:
        return {
            "zone": self.zone.name,
            "label": self.zone.label,
            "local": self.iso(),
            "date": self.date_text,
            "time": self.time_text,
            "offset": self.offset,
            "abbreviation": self.abbreviation,
            "weekday": self.weekday,
            "day_shift": self.day_shift,
        }


class CalendarReading(NamedTuple):
    calendar: str
    native: str | None
    latin: str | None
    note: str | None

    def to_json(self) -> dict[str, object]:
        return {"calendar": self.calendar, "native": self.native, "latin": self.latin, "note": self.note}


class Conversion(NamedTuple):
    """A WHEN in other clocks (instants only) and calendars (its own civil day, month or year)."""

    source: Source
    own: ZoneReading | None  # the instant in its own clock; None for a day, a month or a year
    readings: tuple[ZoneReading, ...]  # one per requested zone, in order; empty unless an instant
    weekday: str | None  # of the source's own civil day; None for a month or a year
    calendars: tuple[CalendarReading, ...]
    notes: tuple[str, ...]

    def to_json(self) -> dict[str, object]:
        """The public JSON form; the key names are a contract (docs/convert.md)."""
        return {
            **self.source.to_json(),
            "weekday": self.weekday,
            "own": None if self.own is None else self.own.to_json(),
            "times": [r.to_json() for r in self.readings],
            "calendars": [c.to_json() for c in self.calendars],
            "notes": list(self.notes),
        }

    def text_fields(self) -> list[str]:
        """``--format text``: the local ISO time in each zone (the value itself for a day, month or year, or
        with no zones), then the native date in each calendar (``-`` where it was not in use)."""
        if not self.readings:
            fields = [self.source.when.iso()] if self.own is None else [self.own.iso()]
        else:
            fields = [reading.iso() for reading in self.readings]
        return fields + [row.native or "-" for row in self.calendars]


def _reading(source: Source, zone: Zone) -> ZoneReading:
    when = source.when
    instant = when.instant
    assert instant is not None
    local = zone.localize(instant)
    shift = (local.date() - when.local_date()).days
    return ZoneReading(zone, local, zone.abbreviation(instant), shift, when.precision, when.qualifier)


def convert(
    source: Source, zones: Sequence[Zone], calendars: Sequence[str], zones_asked: bool = True
) -> Conversion:
    """``source`` in each of ``zones`` (instants only) and in each of ``calendars`` (its own civil date).

    ``zones_asked`` false (the zones are only the defaults) leaves out the note that a day is not converted.
    """
    when = source.when
    notes = list(source.notes)
    own: ZoneReading | None = None
    readings: tuple[ZoneReading, ...] = ()
    if when.instant is not None:
        assert source.zone is not None
        own = _reading(source, source.zone)
        readings = tuple(_reading(source, zone) for zone in zones)
        if when.instant.year < 1970 and readings:
            notes.append(
                f"offsets before 1970 come from tzdata {TZDATA_VERSION}, which does not promise accuracy "
                "before 1970 (docs/convert.md lists where the sources' clocks differ)"
            )
    elif zones and zones_asked:
        what = {Precision.YEAR: "a year", Precision.MONTH: "a month"}.get(when.precision, "a day")
        clock = f" in {source.zone.name}" if source.zone is not None else ""
        notes.append(
            f"{when.iso()} is {what}{clock} with no time of day: it is not converted to other zones, "
            "which would need a time"
        )
    weekday = WEEKDAYS[when.local_date().weekday()] if when.day is not None else None
    rows = []
    for name in calendars:
        rendered = render_calendar(name, when.year, when.month, when.day)
        if rendered is None:
            rows.append(CalendarReading(name, None, None, f"the {name} calendar was not in use then"))
        else:
            rows.append(CalendarReading(name, rendered.native, rendered.latin, rendered.note))
    if rows and when.instant is not None:
        assert source.zone is not None
        notes.append(f"calendar dates are of the civil day in the WHEN's own clock ({source.zone.name})")
    return Conversion(source, own, readings, weekday, tuple(rows), tuple(notes))


# --- durations --------------------------------------------------------------------------------------------

_ISO_DURATION = re.compile(
    r"(?P<sign>[+-])?P(?:(?P<Y>\d+)Y)?(?:(?P<M>\d+)M)?(?:(?P<W>\d+)W)?(?:(?P<D>\d+)D)?"
    r"(?:T(?:(?P<h>\d+)H)?(?:(?P<m>\d+)M)?(?:(?P<s>\d+)S)?)?",
    re.IGNORECASE | re.ASCII,
)
_SHORT = re.compile(r"(?P<sign>[+-]?)(?P<n>\d+)(?P<unit>[a-z]+)", re.IGNORECASE | re.ASCII)
_SHORT_UNITS = {"y": "Y", "mo": "M", "w": "W", "d": "D", "h": "h", "min": "m", "s": "s"}
_LIMIT = 10_000 * 366 * 86_400  # more than years 1-9999 hold in any unit


class Duration(NamedTuple):
    """One duration: magnitudes and a sign; ``text`` is what the user typed."""

    text: str
    sign: int
    years: int = 0
    months: int = 0
    weeks: int = 0
    days: int = 0
    hours: int = 0
    minutes: int = 0
    seconds: int = 0

    @property
    def has_calendar_part(self) -> bool:
        return bool(self.years or self.months or self.weeks or self.days)

    @property
    def has_time_part(self) -> bool:
        return bool(self.hours or self.minutes or self.seconds)

    def _parts(self, date: bool, time: bool) -> str:
        text = "P"
        if date:
            for value, unit in ((self.years, "Y"), (self.months, "M"), (self.weeks, "W"), (self.days, "D")):
                if value:
                    text += f"{value}{unit}"
        if time and self.has_time_part:
            text += "T"
            for value, unit in ((self.hours, "H"), (self.minutes, "M"), (self.seconds, "S")):
                if value:
                    text += f"{value}{unit}"
        if text == "P":
            text = "PT0S" if time and not date else "P0D"
        return ("-" if self.sign < 0 else "") + text

    def iso(self) -> str:
        """The canonical ISO 8601 form: ``P1Y2M10DT2H``, ``-P1Y``."""
        return self._parts(True, True)

    def calendar_iso(self) -> str:
        return self._parts(True, False)

    def elapsed_iso(self) -> str:
        return self._parts(False, True)


def parse_duration(text: str, arg: str = "DURATION") -> Duration:
    """``P5Y``, ``-P1Y``, ``P1Y2M10DT2H``, ``P2W`` (ISO 8601) or ``+5y``, ``-1y``, ``+3mo``, ``+20d``,
    ``+6h``, ``+30min``, ``+10s``, ``+2w``; raise UsageError naming ``arg``."""
    stripped = text.strip()
    shown = _shown(text)
    if not stripped:
        raise _fail(arg, "empty; give a duration such as P5Y or +20d")
    if not stripped.isprintable():
        raise _fail(arg, f"{shown} contains control characters")
    if re.search(r"\d[.,]\d", stripped, re.ASCII):
        raise _fail(
            arg, f"{shown}: fractions are not supported; write whole units, e.g. PT1H30M for 1.5 hours"
        )
    iso = _ISO_DURATION.fullmatch(stripped)
    if iso is not None:
        values = {key: iso[key] for key in ("Y", "M", "W", "D", "h", "m", "s")}
        if all(value is None for value in values.values()) or stripped.upper().endswith("T"):
            raise _fail(arg, f"{shown} has no amount; write e.g. P5Y, P20D or PT6H")
        return _duration(text, -1 if iso["sign"] == "-" else 1, values, arg)
    short = _SHORT.fullmatch(stripped)
    if short is not None:
        unit = short["unit"].lower()
        if unit == "m":
            raise _fail(
                arg,
                f"{shown}: 'm' could be months or minutes; write {short['sign']}{short['n']}mo or "
                f"{short['sign']}{short['n']}min",
            )
        key = _SHORT_UNITS.get(unit)
        if key is None:
            raise _fail(arg, f"{shown}: unknown unit {short['unit']!r}; use y, mo, w, d, h, min or s")
        return _duration(text, -1 if short["sign"] == "-" else 1, {key: short["n"]}, arg)
    if re.fullmatch(r"[+-]?(\d+[a-z]+){2,}", stripped, re.IGNORECASE | re.ASCII):
        raise _fail(
            arg, f"{shown}: give one unit per short duration (+1y +2mo), or one ISO 8601 duration (P1Y2M)"
        )
    raise _fail(
        arg,
        f"{shown} is not a duration pactcli reads; write ISO 8601 (P5Y, -P1Y, P1Y2M10DT2H) or a short form "
        "(+5y, -1y, +3mo, +20d, +6h, +30min)",
    )


def _duration(text: str, sign: int, values: Mapping[str, str | None], arg: str) -> Duration:
    numbers = {key: int(values.get(key) or 0) for key in ("Y", "M", "W", "D", "h", "m", "s")}
    for key, factor in (("Y", 366 * 86_400), ("M", 31 * 86_400), ("W", 7 * 86_400), ("D", 86_400),
                        ("h", 3600), ("m", 60), ("s", 1)):  # fmt: skip
        digits = values.get(key) or ""
        if len(digits) > 12 or numbers[key] * factor > _LIMIT:
            raise _fail(arg, f"{_shown(text)} is longer than years 1-9999 can hold")
    return Duration(
        text=text,
        sign=sign,
        years=numbers["Y"],
        months=numbers["M"],
        weeks=numbers["W"],
        days=numbers["D"],
        hours=numbers["h"],
        minutes=numbers["m"],
        seconds=numbers["s"],
    )


# --- shift ------------------------------------------------------------------------------------------------


class Step(NamedTuple):
    """One duration applied: how (calendar and/or elapsed time) and what it gave."""

    duration: Duration
    result: When
    utc: dt.datetime | None
    how: str

    def to_json(self) -> dict[str, object]:
        d = self.duration
        return {
            "duration": d.text.strip(),
            "iso": d.iso(),
            "calendar": d.calendar_iso() if d.has_calendar_part else None,
            "elapsed": d.elapsed_iso() if d.has_time_part else None,
            "result": self.result.iso(),
            "result_utc": utc_text(self.utc),
            "how": self.how,
        }


class Shifted(NamedTuple):
    source: Source
    steps: tuple[Step, ...]
    result: When
    notes: tuple[str, ...]

    @property
    def utc(self) -> dt.datetime | None:
        instant = self.result.instant
        return None if instant is None else instant.astimezone(_UTC)

    def text(self) -> str:
        """The result as pactcli reads it back (``diff-dates A $(shift A D --format text)``): ISO 8601 with
        the offset, and the RFC 9557 ``[zone]`` suffix when the value's clock is a named zone."""
        zone = self.source.zone
        suffix = ""
        if zone is not None and not (zone.fixed and zone.name in ("UTC", format_offset(self.result.offset))):
            suffix = f"[{zone.name}]"
        result = self.result
        if suffix and result.offset is not None and result.offset.total_seconds() % 60:
            # A local-mean-time offset with seconds (Moscow +02:30:17 before 1919) cannot be written in ISO
            # 8601 extended form; the wall time and the zone give the same instant when read back.
            result = result._replace(offset=None)
        value = result.iso()
        qualifier = result.qualifier
        if qualifier:
            value = value[: -len(qualifier)]
        return value + suffix + qualifier

    def to_json(self) -> dict[str, object]:
        """The public JSON form; the key names are a contract (docs/convert.md)."""
        result = self.result
        return {
            "from": self.source.to_json(),
            "durations": [step.duration.text.strip() for step in self.steps],
            "steps": [step.to_json() for step in self.steps],
            "result": result.iso(),
            "result_utc": utc_text(self.utc),
            "text": self.text(),
            "precision": result.precision.label,
            "zone": None if self.source.zone is None else self.source.zone.name,
            "weekday": WEEKDAYS[result.local_date().weekday()] if result.day is not None else None,
            "notes": list(self.notes),
        }


def shift(
    source: Source, durations: Sequence[Duration], fold: int | None = None, arg: str = "WHEN"
) -> Shifted:
    """Apply ``durations`` to ``source`` in order (see the module docstring); raise UsageError."""
    when = source.when
    steps = []
    notes = list(source.notes)
    for number, duration in enumerate(durations, start=1):
        label = f"DURATION {number}" if len(durations) > 1 else "DURATION"
        try:
            when, how, note = _apply(when, source.zone, duration, fold, label)
        except OverflowError:
            raise _fail(
                label, f"{_shown(duration.text)} takes {source.input!r} outside years 1-9999"
            ) from None
        if note:
            notes.append(note)
        instant = when.instant
        steps.append(Step(duration, when, None if instant is None else instant.astimezone(_UTC), how))
    return Shifted(source, tuple(steps), when, tuple(notes))


def _apply(
    when: When, zone: Zone | None, duration: Duration, fold: int | None, label: str
) -> tuple[When, str, str | None]:
    sign = duration.sign
    months = sign * (12 * duration.years + duration.months)
    days = sign * (7 * duration.weeks + duration.days)
    elapsed = sign * dt.timedelta(hours=duration.hours, minutes=duration.minutes, seconds=duration.seconds)
    text = duration.text.strip()
    if when.instant is None:
        what = {Precision.YEAR: "a year", Precision.MONTH: "a month"}.get(when.precision, "a day")
        if duration.has_time_part:
            raise _fail(
                label,
                f"{_shown(text)} adds a time of day to {when.iso()}, which is {what} with none; "
                "give an instant (e.g. 1945-08-08T23:00[Europe/Moscow]) to add hours",
            )
        if when.precision == Precision.YEAR and (months % 12 or days):
            raise _fail(label, f"{_shown(text)}: {when.iso()} is a year; only whole years can be added to it")
        if when.precision == Precision.MONTH and days:
            raise _fail(label, f"{_shown(text)}: {when.iso()} is a month; only years and months can be added")
        start = dt.date(when.year, when.month or 1, when.day or 1)
        moved = add_months(start, months) + dt.timedelta(days=days)
        if not 1 <= moved.year <= 9999:
            raise OverflowError
        result = When(
            raw="",
            year=moved.year,
            month=moved.month if when.month is not None else None,
            day=moved.day if when.day is not None else None,
            precision=when.precision,
            approximate=when.approximate,
            uncertain=when.uncertain,
        )
        result = result._replace(raw=result.iso())
        where = f"the civil calendar of {zone.name}" if zone is not None else "the civil (Gregorian) calendar"
        return result, f"calendar: {duration.calendar_iso()} on {where}", None
    assert zone is not None
    instant = when.instant
    hows = []
    note = None
    # The clock whose calendar and wall time are kept: the stated offset when the source gives one that is
    # not its zone's tz offset (German surrender: +01:00, not Berlin's +02:00), else the zone itself.
    clock = zone
    if when.offset_stated and zone.localize(instant).utcoffset() != when.offset:
        assert when.offset is not None
        clock = resolve_zone(format_offset(when.offset))
    if duration.has_calendar_part:
        wall = clock.localize(instant).replace(tzinfo=None)
        moved = add_months(wall, months) + dt.timedelta(days=days)
        if not 1 <= moved.year <= 9999:
            raise OverflowError
        lead = f"{_shown(text)} gives"
        instant, note = place_local(clock, moved, fold, moved.isoformat(), label, lead=lead)
        kept = format_time(wall.time(), when.precision)
        hows.append(
            f"calendar: {duration.calendar_iso()} on the civil calendar of {clock.name} "
            f"(wall clock {kept} kept)"
        )
    if duration.has_time_part:
        instant = instant.astimezone(_UTC) + elapsed
        if not 1 <= instant.year <= 9999:
            raise OverflowError
        hows.append(f"elapsed: {duration.elapsed_iso()} added in UTC")
    # Through UTC: astimezone() to the instant's own tzinfo would return a wall time in a gap unchanged.
    local = clock.localize(instant.astimezone(_UTC))
    offset = local.utcoffset()
    assert offset is not None
    result = When(
        raw="",
        year=local.year,
        month=local.month,
        day=local.day,
        time=local.time().replace(tzinfo=None),
        offset=offset,
        offset_stated=when.offset_stated,
        precision=_finest(when.precision, local),
        approximate=when.approximate,
        uncertain=when.uncertain,
    )
    result = result._replace(raw=result.iso())
    check_utc_range(result, result.raw, label)
    return result, "; ".join(hows) or "nothing to add", note


def _finest(precision: Precision, local: dt.datetime) -> Precision:
    """The precision of a shifted time: as given, unless the shift itself added minutes or seconds."""
    if local.second:
        return max(precision, Precision.SECOND)
    if local.minute:
        return max(precision, Precision.MINUTE)
    return precision
