"""Dates as the store writes them: exact instants, local times, days, months, years, with EDTF qualifiers.

A :class:`When` keeps what the source said and no more: its precision and uncertainty are data, so a month is
never turned into the first of that month and a day is never given a time of day.
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
import re
from typing import NamedTuple


class DateError(ValueError):
    """A date value is malformed or impossible; the message says what, in one line."""


class Precision(enum.IntEnum):
    """How much of a date is known, coarsest first."""

    YEAR = 1
    MONTH = 2
    DAY = 3
    HOUR = 4
    MINUTE = 5
    SECOND = 6

    @property
    def label(self) -> str:
        return self.name.lower()


# English month names, fixed: output never depends on the host's locale.
MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
MONTH_ABBR = tuple(name[:3] for name in MONTH_NAMES)


@functools.cache
def _edtf() -> re.Pattern[str]:
    # Compiled on first use: a command answered from the index cache never parses a stored date.
    return re.compile(
        r"""^(?P<y>\d{4})
            (?:-(?P<m>\d{2})
               (?:-(?P<d>\d{2})
                  (?:T(?P<H>\d{2})(?::(?P<M>\d{2})(?::(?P<S>\d{2}))?)?
                     (?P<off>Z|[+-]\d{2}:\d{2})?
                  )?
               )?
            )?
            (?P<q>[~?%])?$""",
        re.VERBOSE | re.ASCII,  # \d must not accept other scripts' digits ('١٩٤١')
    )


class When(NamedTuple):
    """A point in time as precisely as a source gives it.

    ``offset`` is the UTC offset of ``time``; ``offset_stated`` tells whether the source stated it (a TOML
    offset date-time) or pactcli derived it from the zone's tz data (a TOML local date-time).
    """

    raw: str
    year: int
    month: int | None = None
    day: int | None = None
    time: dt.time | None = None
    offset: dt.timedelta | None = None
    offset_stated: bool = False
    precision: Precision = Precision.DAY
    approximate: bool = False
    uncertain: bool = False

    @property
    def has_time(self) -> bool:
        return self.time is not None

    @property
    def instant(self) -> dt.datetime | None:
        """The aware instant, when a time of day and its offset are known."""
        if self.time is None or self.offset is None or self.day is None or self.month is None:
            return None
        return dt.datetime.combine(self.local_date(), self.time, tzinfo=dt.timezone(self.offset))

    def local_date(self) -> dt.date:
        """The civil day (in the event's own clock); only for day precision or finer."""
        if self.month is None or self.day is None:
            raise DateError(f"{self.raw} has no day")
        return dt.date(self.year, self.month, self.day)

    def first_day(self) -> dt.date:
        """The earliest civil day the value can mean."""
        return dt.date(self.year, self.month or 1, self.day or 1)

    def last_day(self) -> dt.date:
        """The latest civil day the value can mean."""
        if self.month is None:
            return dt.date(self.year, 12, 31)
        if self.day is None:
            return dt.date(self.year, self.month, days_in_month(self.year, self.month))
        return dt.date(self.year, self.month, self.day)

    @property
    def qualifier(self) -> str:
        return {(True, True): "%", (True, False): "~", (False, True): "?"}.get(
            (self.approximate, self.uncertain), ""
        )

    def with_offset(self, offset: dt.timedelta, stated: bool) -> When:
        """A copy with the offset resolved (used for local times once the zone is known)."""
        return When(
            raw=self.raw,
            year=self.year,
            month=self.month,
            day=self.day,
            time=self.time,
            offset=offset,
            offset_stated=stated,
            precision=self.precision,
            approximate=self.approximate,
            uncertain=self.uncertain,
        )

    def iso(self) -> str:
        """ISO 8601 / EDTF text of the value, with the offset once it is known."""
        text = f"{self.year:04d}"
        if self.month is not None:
            text += f"-{self.month:02d}"
        if self.day is not None:
            text += f"-{self.day:02d}"
        if self.time is not None:
            text += "T" + format_time(self.time, self.precision)
            if self.offset is not None:
                from pactcli.time.zones import format_offset

                text += format_offset(self.offset)
        return text + self.qualifier


def format_time(time: dt.time, precision: Precision) -> str:
    if precision >= Precision.SECOND:
        return f"{time.hour:02d}:{time.minute:02d}:{time.second:02d}"
    return f"{time.hour:02d}:{time.minute:02d}"


def human(
    year: int,
    month: int | None,
    day: int | None,
    time: dt.time | None,
    precision: Precision,
    approximate: bool = False,
    uncertain: bool = False,
) -> str:
    """``1939``, ``Jul 1942``, ``13 Apr 1941``, ``8 Aug 1945 17:00``; ``c.`` and ``?`` mark doubt."""
    text = str(year)
    if month is not None:
        text = f"{MONTH_ABBR[month - 1]} {year}"
    if day is not None:
        text = f"{day} {text}"
    if time is not None:
        if precision == Precision.HOUR and time.minute == 0:
            text += f" {time.hour:02d}h"
        else:
            text += " " + format_time(time, precision)
    if approximate:
        text = "c. " + text
    if uncertain:
        text += " (?)"
    return text


def days_in_month(year: int, month: int) -> int:
    """The length of a proleptic Gregorian month (``calendar.monthrange`` without importing ``calendar``)."""
    if month == 2:
        return 29 if year % 4 == 0 and (year % 100 != 0 or year % 400 == 0) else 28
    return 30 if month in (4, 6, 9, 11) else 31


def _check_year(year: int) -> None:
    if not 1 <= year <= 9999:
        raise DateError(f"year {year} is out of range (1-9999)")


def _check_day(year: int, month: int, day: int | None) -> None:
    if not 1 <= month <= 12:
        raise DateError(f"month {month:02d} does not exist")
    if day is not None:
        last = days_in_month(year, month)
        if not 1 <= day <= last:
            raise DateError(
                f"{year:04d}-{month:02d}-{day:02d} does not exist ({MONTH_ABBR[month - 1]} has {last} days)"
            )


def _from_datetime(value: dt.datetime) -> When:
    if value.microsecond:
        raise DateError("fractional seconds are not supported")
    precision = Precision.SECOND if value.second else Precision.MINUTE
    offset = value.utcoffset()
    if offset is not None and offset.total_seconds() % 60:
        raise DateError("UTC offsets with seconds are not supported")
    raw = value.isoformat()
    return When(
        raw=raw,
        year=value.year,
        month=value.month,
        day=value.day,
        time=value.time().replace(tzinfo=None),
        offset=offset,
        offset_stated=offset is not None,
        precision=precision,
    )


def parse_stored(value: object) -> When:
    """Read a date the way a store may write it (see docs/store-format.md); raise DateError."""
    if isinstance(value, dt.datetime):
        _check_year(value.year)
        return _from_datetime(value)
    if isinstance(value, dt.date):
        _check_year(value.year)
        return When(raw=value.isoformat(), year=value.year, month=value.month, day=value.day)
    if isinstance(value, dt.time):
        raise DateError("a time of day needs a date")
    if isinstance(value, bool) or not isinstance(value, str):
        kind = {
            bool: "a boolean",
            int: "an integer",
            float: "a number",
            list: "an array",
            dict: "a table",
        }.get(type(value), type(value).__name__)
        hint = (
            f'; write a year as a string, e.g. "{value}"'
            if isinstance(value, int) and not isinstance(value, bool)
            else ""
        )
        raise DateError(f"expected a date, got {kind}{hint}")
    return parse_edtf(value)


def parse_edtf(text: str) -> When:
    """Parse the string forms: ``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD[THH[:MM[:SS]][±HH:MM|Z]]`` + ``~?%``."""
    match = _edtf().match(text)
    if match is None:
        shown = text if len(text) <= 40 else text[:40] + "…"
        raise DateError(
            f"{shown!r} is not a date pactcli reads (YYYY, YYYY-MM, YYYY-MM-DD, YYYY-MM-DDTHH:MM±HH:MM, "
            "optionally ending in ~ ? or %)"
        )
    groups = match.groupdict()
    year = int(groups["y"])
    _check_year(year)
    month = int(groups["m"]) if groups["m"] else None
    day = int(groups["d"]) if groups["d"] else None
    if month is not None:
        _check_day(year, month, day)
    qualifier = groups["q"] or ""
    time = None
    offset = None
    precision = Precision.YEAR if month is None else Precision.MONTH if day is None else Precision.DAY
    if groups["H"] is not None:
        hour = int(groups["H"])
        minute = int(groups["M"] or 0)
        second = int(groups["S"] or 0)
        if hour > 23 or minute > 59 or second > 59:
            raise DateError(f"{text!r} has an impossible time of day")
        time = dt.time(hour, minute, second)
        precision = Precision.SECOND if groups["S"] else Precision.MINUTE if groups["M"] else Precision.HOUR
        if groups["off"]:
            offset = _parse_offset_text(groups["off"], text)
    elif groups["off"]:
        raise DateError(f"{text!r}: an offset needs a time of day")
    return When(
        raw=text,
        year=year,
        month=month,
        day=day,
        time=time,
        offset=offset,
        offset_stated=offset is not None,
        precision=precision,
        approximate=qualifier in "~%" and bool(qualifier),
        uncertain=qualifier in "?%" and bool(qualifier),
    )


def _parse_offset_text(text: str, whole: str) -> dt.timedelta:
    if text == "Z":
        return dt.timedelta(0)
    sign = -1 if text[0] == "-" else 1
    hours, minutes = int(text[1:3]), int(text[4:6])
    if hours > 23 or minutes > 59:
        raise DateError(f"{whole!r} has an impossible UTC offset {text}")
    return sign * dt.timedelta(hours=hours, minutes=minutes)
