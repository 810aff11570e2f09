"""What the clocks read: an event's time in its own zone and in each display zone.

A date without a time of day is a civil day in the event's own place; it is never moved into another zone's
day (13 April in Moscow is not "13 April in Tokyo"), so such readings carry no local time at all.
"""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from pactcli.time.dates import MONTH_ABBR, Precision, When, human
from pactcli.time.zones import TZDATA_VERSION, Zone, format_offset

# English names, fixed: output never depends on the host's locale.
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def weekday(when: When | None) -> str | None:
    """The day of the week of ``when``'s civil day in its own clock (``Sunday``); None for a month or a year.

    The day is the one the source states, at its own offset: 8 May 1945 23:01 +01:00 is a Tuesday, although
    tzdata's Berlin clock already read Wednesday.
    """
    if when is None or when.precision < Precision.DAY:
        return None
    return WEEKDAYS[when.local_date().weekday()]


class Reading(NamedTuple):
    """One zone's reading of a claim."""

    zone: Zone
    local: dt.datetime | None  # None when the claim has no time of day
    day_shift: int  # the local day minus the day of the claim's own clock (+1 = the next day)
    abbreviation: str
    day: str  # "8 Aug" (with the year when it differs from the claim's), or "" without a time of day
    clock: str  # "23:00", "00:10~" (approximate), "17:00?" (uncertain), or ""

    @property
    def text(self) -> str:
        return f"{self.day} {self.clock}".strip()

    @property
    def marker(self) -> str:
        return f"{self.day_shift:+d}d" if self.day_shift else ""

    def iso(self) -> str | None:
        return iso_local(self.local) if self.local else None


def iso_local(value: dt.datetime) -> str:
    """``1945-08-08T23:00:00+03:00``: ISO 8601 with offset, seconds always shown."""
    return value.replace(tzinfo=None).isoformat(timespec="seconds") + format_offset(value.utcoffset())


def iso_utc(value: dt.datetime | None) -> str | None:
    """``1945-08-08T14:00:00Z``, or None."""
    if value is None:
        return None
    return value.astimezone(dt.timezone.utc).replace(tzinfo=None).isoformat(timespec="seconds") + "Z"


def own_parts(when: When, zone: Zone) -> tuple[str, str]:
    """The claim as its source states it, split for narrow cells: (``8 May 1945``, ``23:01 +01:00``).

    The time part is empty when no time of day is known. The zone is named by tzdata's abbreviation, or by
    the stated offset where the source's offset differs from tzdata's.
    """
    date = human(when.year, when.month, when.day, None, min(when.precision, Precision.DAY))
    instant = when.instant
    if when.time is None or instant is None:
        return ("c. " if when.approximate else "") + date + (" (?)" if when.uncertain else ""), ""
    clock = human(when.year, None, None, when.time, when.precision).split(" ", 1)[1]
    clock = ("c. " if when.approximate else "") + clock
    if when.offset_stated and zone.localize(instant).utcoffset() != when.offset:
        label = format_offset(when.offset)
    else:
        label = zone.abbreviation(instant)
    return date, f"{clock} {label}" + (" (?)" if when.uncertain else "")


def own_text(when: When, zone: Zone) -> str:
    """The claim as its source states it: ``8 May 1945 23:01 +01:00`` / ``13 Apr 1941`` / ``Jul 1942``."""
    return " ".join(part for part in own_parts(when, zone) if part)


def reading(when: When, zone: Zone) -> Reading:
    """``zone``'s reading of ``when``: converted when there is an instant, empty otherwise."""
    instant = when.instant
    if instant is None:
        return Reading(zone, None, 0, "", "", "")
    local = zone.localize(instant)
    shift = (local.date() - when.local_date()).days
    day = f"{local.day} {MONTH_ABBR[local.month - 1]}"
    if local.year != when.year:
        day += f" {local.year}"
    clock = human(local.year, None, None, local.time(), when.precision).split(" ", 1)[1]
    # Compact EDTF-style marks: these cells are narrow, and the own-clock column spells "c." out.
    clock += ("~" if when.approximate else "") + ("?" if when.uncertain else "")
    return Reading(zone, local, shift, zone.abbreviation(instant), day, clock)


def offset_notes(when: When, zone: Zone) -> list[str]:
    """Say where the offset of a claim comes from, and where the source and tzdata disagree."""
    instant = when.instant
    if instant is None:
        return []
    notes = []
    tz_offset = zone.localize(instant).utcoffset()
    if not when.offset_stated:
        notes.append(
            f"The source gives a local clock time; its UTC offset ({format_offset(when.offset)}) comes from "
            f"tzdata {TZDATA_VERSION} for {zone.name}, not from the source."
        )
    elif tz_offset != when.offset and not zone.fixed:
        notes.append(
            f"The source states UTC{format_offset(when.offset)}; tzdata {TZDATA_VERSION} has {zone.name} at "
            f"UTC{format_offset(tz_offset)} ({zone.abbreviation(instant)}) then. The stated offset is used."
        )
    if instant.year < 1970:
        notes.append(
            f"Offsets of the display zones before 1970 come from tzdata {TZDATA_VERSION}, "
            "which does not promise accuracy before 1970."
        )
    return notes
