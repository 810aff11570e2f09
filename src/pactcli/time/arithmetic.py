"""The difference between two endpoints: ``B − A``, in every form a reader of a chronology asks for.

Conventions (also in docs/diff-dates.md):

* **Counting forward from the earlier endpoint.** The calendar figures (years, months, days and, when both
  ends have a time of day, hours, minutes, seconds) are counted from the earlier endpoint to the later one,
  and the sign says which is which; so swapping A and B flips only the sign.
* **Month-end rule.** Adding *n* months to a day keeps the day of the month, clipped to the last day of the
  target month: 31 Jan + 1 month = 28 Feb (29 in a leap year); 31 Jan + 2 months = 31 Mar. The calendar
  difference is the largest whole number of months *n* with ``add_months(earlier, n) <= later``, then the
  remaining days (and time). So 31 Jan → 28 Feb 1945 is 1 month, 31 Jan → 1 Mar 1945 is 1 month 1 day, and
  ``add_months(earlier, 12 * years + months) + days (+ time) == later`` always holds.
* **Instants** are compared in UTC whatever zones they were given in; their calendar figures are counted on
  the UTC calendar, so the same two instants written with other offsets give the same answer.
* **Civil days.** A date (or month, or year) is a civil day in its own clock. Two of them: plain day
  difference. A date and an instant: the instant's civil date is taken in the date's zone (a date typed
  without a zone is compared with the instant's own date as written, at its stated offset), then days are
  compared; ``comparison`` says so.
* **Inclusive count.** The civil days from A's day to B's, both counted, each day in its own clock: an
  instant's date as its source (or the typed value) writes it, a date's (first) day. Hiroshima, 08:15 on 6
  August in Japan, to the declaration, 17:00 on 8 August in Moscow: 3 days (6, 7, 8 August), whatever their
  UTC dates.
* **Reduced precision.** A month or a year spans its days; an approximate (``~``), uncertain (``?``) or both
  (``%``) value spans its stated precision (``1945-08-09~`` is that day, ``…T17:00~`` that minute). Then
  ``exact`` is false, ``min_total_days``/``max_total_days`` bound the total over both spans, and the other
  figures are for the earliest reading of each end (a month from its first day).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TypeVar

from pactcli.errors import UsageError
from pactcli.time.dates import Precision, When, human
from pactcli.time.endpoints import Endpoint
from pactcli.time.zones import Zone, format_offset

__all__ = ["CalendarSpan", "Difference", "add_months", "calendar_difference", "difference", "iso_duration"]

DAY_SECONDS = 86_400
D = TypeVar("D", dt.date, dt.datetime)

# The extra length of a qualified instant's span beyond its first second, by precision.
_INSTANT_SPAN = {Precision.HOUR: 3599, Precision.MINUTE: 59, Precision.SECOND: 0}


def _month_length(year: int, month: int) -> int:
    if month == 12:
        return 31
    return (dt.date(year, month + 1, 1) - dt.date(year, month, 1)).days


def add_months(value: D, months: int) -> D:
    """``value`` plus ``months`` calendar months, the day clipped to the target month's last day.

    31 Jan 1945 + 1 month = 28 Feb 1945; 31 Jan 1944 + 1 month = 29 Feb 1944; a time of day is kept.
    Raises OverflowError outside years 1-9999.
    """
    index = value.year * 12 + (value.month - 1) + months
    year, month0 = divmod(index, 12)
    if not 1 <= year <= 9999:
        raise OverflowError("date out of range")
    day = min(value.day, _month_length(year, month0 + 1))
    return value.replace(year=year, month=month0 + 1, day=day)


@dataclass(frozen=True)
class CalendarSpan:
    """A calendar difference: whole years and months, then days, hours, minutes, seconds."""

    years: int
    months: int
    days: int
    hours: int = 0
    minutes: int = 0
    seconds: int = 0


def calendar_difference(earlier: D, later: D) -> CalendarSpan:
    """The calendar difference from ``earlier`` to ``later`` (which must not be before it).

    The month count is the largest *n* with ``add_months(earlier, n) <= later``; the rest is days and time.
    """
    if later < earlier:
        raise ValueError("later is before earlier")
    months = (later.year - earlier.year) * 12 + (later.month - earlier.month)
    if months > 0 and add_months(earlier, months) > later:
        months -= 1
    rest = later - add_months(earlier, months)
    hours, rem = divmod(rest.seconds, 3600)
    minutes, seconds = divmod(rem, 60)
    return CalendarSpan(months // 12, months % 12, rest.days, hours, minutes, seconds)


def iso_duration(sign: int, span: CalendarSpan, with_time: bool) -> str:
    """``P3Y11M23D``, ``PT1H``, ``P2DT14H45M``, ``-P92D``; ``P0D`` when there is no difference."""
    text = "P"
    for value, unit in ((span.years, "Y"), (span.months, "M"), (span.days, "D")):
        if value:
            text += f"{value}{unit}"
    if with_time and (span.hours or span.minutes or span.seconds):
        text += "T"
        for value, unit in ((span.hours, "H"), (span.minutes, "M"), (span.seconds, "S")):
            if value:
                text += f"{value}{unit}"
    if text == "P":
        return "P0D"
    return ("-" if sign < 0 else "") + text


@dataclass(frozen=True)
class Difference:
    """``B − A`` (``b`` minus ``a``). Magnitudes are non-negative; ``sign`` and the totals carry the sign.

    ``hours``, ``minutes``, ``seconds`` and ``total_seconds`` are None unless both ends are instants.
    ``total_days`` is truncated toward zero. ``inclusive_days`` counts the civil days from A's day to B's,
    both included, each end's day read in its own clock (an instant's date as written, not its UTC date).
    When ``exact`` is false the figures are for the earliest reading of each end and the total
    lies between ``min_total_days`` and ``max_total_days``.
    """

    a: Endpoint
    b: Endpoint
    sign: int
    years: int
    months: int
    days: int
    hours: int | None
    minutes: int | None
    seconds: int | None
    total_days: int
    total_seconds: int | None
    weeks: int
    weeks_days: int
    inclusive_days: int
    iso_duration: str
    exact: bool
    min_total_days: int
    max_total_days: int
    comparison: str
    notes: tuple[str, ...]

    def to_json(self) -> dict[str, object]:
        """The public JSON form (key names are a contract; see docs/diff-dates.md)."""
        return {
            "from": _endpoint_json(self.a),
            "to": _endpoint_json(self.b),
            "sign": self.sign,
            "years": self.years,
            "months": self.months,
            "days": self.days,
            "hours": self.hours,
            "minutes": self.minutes,
            "seconds": self.seconds,
            "total_days": self.total_days,
            "total_seconds": self.total_seconds,
            "weeks": self.weeks,
            "weeks_days": self.weeks_days,
            "inclusive_days": self.inclusive_days,
            "iso_duration": self.iso_duration,
            "exact": self.exact,
            "min_total_days": self.min_total_days,
            "max_total_days": self.max_total_days,
            "comparison": self.comparison,
            "notes": list(self.notes),
        }

    def text(self) -> str:
        """The one figure for scripts: signed total days (``1453``, ``-92``), or ``MIN..MAX`` when not exact.

        ``MIN..MAX`` is printed whenever ``exact`` is false, even if MIN equals MAX (an approximate day), so a
        script can tell a qualified answer by the ``..`` alone.
        """
        if self.exact:
            return str(self.total_days)
        return f"{self.min_total_days}..{self.max_total_days}"

    @property
    def has_time(self) -> bool:
        return self.total_seconds is not None

    def calendar_text(self) -> str:
        """``3 years, 11 months, 23 days``; zero parts left out; ``0 days`` when there is no difference."""
        parts = [(self.years, "year"), (self.months, "month"), (self.days, "day")]
        if self.hours is not None:
            parts += [(self.hours, "hour"), (self.minutes or 0, "minute"), (self.seconds or 0, "second")]
        shown = [_count(value, unit) for value, unit in parts if value]
        return ", ".join(shown) if shown else "0 days"

    def summary_rows(self) -> list[tuple[str, str]]:
        """(label, value) pairs for a human table, most useful first. Plain text, never markup."""
        rows = [("From (A)", _endpoint_text(self.a)), ("To (B)", _endpoint_text(self.b))]
        if self.sign > 0:
            direction = "B is after A"
        elif self.sign < 0:
            direction = "B is before A"
        else:
            direction = "A and B are the same time" if self.has_time else "A and B are the same day"
        rows.append(("Direction", direction))
        rows.append(("Calendar difference", self.calendar_text()))
        rows.append(("Total days", f"{self.total_days:,}"))
        weeks = [_count(self.weeks, "week")] if self.weeks else []
        if self.weeks_days or not self.weeks:
            weeks.append(_count(self.weeks_days, "day"))
        rows.append(("Weeks", ", ".join(weeks)))
        first, last = sorted((_own_day(self.a), _own_day(self.b)))
        span = f"{_day_text(first)} to {_day_text(last)}, both counted, each in its own clock"
        rows.append(("Inclusive count", f"{_count(self.inclusive_days, 'day')} ({span})"))
        if self.total_seconds is not None:
            rows.append(("Total hours", _hours(self.total_seconds)))
            rows.append(("Total seconds", f"{self.total_seconds:,}"))
        rows.append(("ISO 8601", self.iso_duration))
        if not self.exact:
            rows.append(("Range", f"{self.min_total_days:,} to {self.max_total_days:,} days"))
        rows.append(("Compared", self.comparison))
        rows.extend(("Note", note) for note in self.notes)
        return rows


def _count(value: int, unit: str) -> str:
    return f"{value:,} {unit}" + ("" if value == 1 else "s")


def _day_text(day: dt.date) -> str:
    return human(day.year, day.month, day.day, None, Precision.DAY)


def _hours(seconds: int) -> str:
    hours = seconds / 3600
    text = f"{hours:,.2f}".rstrip("0").rstrip(".")
    return text if seconds % 36 == 0 else "≈" + text


def _utc_text(value: dt.datetime) -> str:
    """``1945-08-08T14:00:00Z`` (strftime would not zero-pad years before 1000)."""
    return (
        f"{value.year:04d}-{value.month:02d}-{value.day:02d}"
        f"T{value.hour:02d}:{value.minute:02d}:{value.second:02d}Z"
    )


def _endpoint_json(ep: Endpoint) -> dict[str, object]:
    utc = ep.utc
    return {
        "input": ep.input,
        "start": ep.when.iso(),
        "start_utc": None if utc is None else _utc_text(utc),
        "precision": ep.when.precision.label,
        "event": ep.event_id,
        "claim": ep.claim if ep.event_id is not None else None,
        "disputed": ep.disputed,
        "zone": None if ep.zone is None else ep.zone.name,
    }


def _endpoint_text(ep: Endpoint) -> str:
    when = ep.when
    text = human(when.year, when.month, when.day, when.time, when.precision, when.approximate, when.uncertain)
    if when.time is not None and when.offset is not None:
        text += " " + format_offset(when.offset)
    if ep.zone is not None and ep.zone.name != format_offset(when.offset):
        text += f" ({ep.zone.name})"
    if ep.event_id is not None:
        which = " end" if ep.end else ""
        claim = f", claim {ep.claim}" if ep.claim else ""
        text += f" = {ep.event_id}{which}{claim}"
    return text


def _label(ep: Endpoint, default: str) -> str:
    return ep.arg or default


def _qualified(when: When) -> bool:
    return when.approximate or when.uncertain


def _spanned(when: When) -> bool:
    return when.precision < Precision.DAY


def _utc_naive(ep: Endpoint) -> dt.datetime:
    utc = ep.utc
    assert utc is not None
    return utc.replace(tzinfo=None)


def _civil_date(instant: dt.datetime, zone: Zone) -> dt.date:
    return zone.localize(instant).date()


def difference(a: Endpoint, b: Endpoint) -> Difference:
    """``b − a``. See the module docstring for the conventions (month-end rule, zones, precision)."""
    la, lb = _label(a, "A"), _label(b, "B")
    notes: list[str] = [*a.notes, *b.notes]
    for ep, label in ((a, la), (b, lb)):
        if ep.disputed:
            notes.append(_dispute_note(ep, label))
    try:
        if a.when.instant is not None and b.when.instant is not None:
            r = _between_instants(a, b, la, lb)
        else:
            r = _between_days(a, b, la, lb)
    except OverflowError:  # pragma: no cover - endpoints are checked to lie within years 1-9999
        raise UsageError(f"the difference between {la} and {lb} leaves the years 1-9999") from None
    with_time = r.total_seconds is not None
    weeks, weeks_days = divmod(abs(r.total_days), 7)
    return Difference(
        a=a,
        b=b,
        sign=r.sign,
        years=r.span.years,
        months=r.span.months,
        days=r.span.days,
        hours=r.span.hours if with_time else None,
        minutes=r.span.minutes if with_time else None,
        seconds=r.span.seconds if with_time else None,
        total_days=r.total_days,
        total_seconds=r.total_seconds,
        weeks=weeks,
        weeks_days=weeks_days,
        inclusive_days=r.inclusive,
        iso_duration=iso_duration(r.sign, r.span, with_time),
        exact=r.exact,
        min_total_days=r.low,
        max_total_days=r.high,
        comparison=r.comparison,
        notes=tuple(notes + r.notes),
    )


@dataclass(frozen=True)
class _Result:
    sign: int
    span: CalendarSpan
    total_days: int
    total_seconds: int | None
    inclusive: int
    exact: bool
    low: int
    high: int
    comparison: str
    notes: list[str]


def _dispute_note(ep: Endpoint, label: str) -> str:
    others = [i for i in range(ep.claims) if i != ep.claim]
    used = "main claim" if ep.claim == 0 else f"claim {ep.claim} (a dispute)"
    options = " or ".join(f"--claim {i}" for i in others[:3]) + (" …" if len(others) > 3 else "")
    plural = "" if len(others) == 1 else "s"
    return f"{label} is disputed: {used} used; {len(others)} other claim{plural} (use {options})"


def _sign(value: int) -> int:
    return (value > 0) - (value < 0)


def _trunc_days(seconds: int) -> int:
    return _sign(seconds) * (abs(seconds) // DAY_SECONDS)


def _precision_notes(ep: Endpoint, label: str, first: str, last: str) -> list[str]:
    when = ep.when
    if _spanned(when):
        return [f"{label} has {when.precision.label} precision ({when.iso()}): it spans {first} to {last}"]
    if _qualified(when):
        kind = {"~": "approximate", "?": "uncertain", "%": "approximate and uncertain"}[when.qualifier]
        span = f"{first} to {last}" if first != last else first
        return [f"{label} is {kind} ({when.iso()}): taken as its stated {when.precision.label}, {span}"]
    return []


def _range_notes(exact: bool, low: int, high: int, la: str, lb: str) -> list[str]:
    if exact:
        return []
    notes = [
        f"Not exact: the total lies between {low:,} and {high:,} days; the calendar figures, total days and "
        f"ISO duration are for the earliest reading of {la} and of {lb}"
    ]
    if low < 0 < high:
        notes.append(f"The order of {la} and {lb} is not certain")
    return notes


def _between_instants(a: Endpoint, b: Endpoint, la: str, lb: str) -> _Result:
    ua, ub = _utc_naive(a), _utc_naive(b)
    seconds = int((ub - ua).total_seconds())
    sign = _sign(seconds)
    span = calendar_difference(min(ua, ub), max(ua, ub))
    extra_a = _INSTANT_SPAN[a.when.precision] if _qualified(a.when) else 0
    extra_b = _INSTANT_SPAN[b.when.precision] if _qualified(b.when) else 0
    exact = not (extra_a or extra_b or _qualified(a.when) or _qualified(b.when))
    low = _trunc_days(seconds - extra_a)
    high = _trunc_days(seconds + extra_b)
    notes: list[str] = []
    for ep, label, utc, extra in ((a, la, ua, extra_a), (b, lb, ub, extra_b)):
        last = utc + dt.timedelta(seconds=extra)
        notes += _precision_notes(ep, label, _utc_text(utc), _utc_text(last))
    notes += _range_notes(exact, low, high, la, lb)
    comparison = (
        f"Both are instants: compared exactly in UTC ({la} = {_utc_text(ua)}, {lb} = {_utc_text(ub)}); "
        "calendar figures counted on the UTC calendar"
    )
    inclusive = _inclusive(a, b)
    total_days = _trunc_days(seconds)
    return _Result(sign, span, total_days, seconds, inclusive, exact, low, high, comparison, notes)


def _day_span(ep: Endpoint, other: Endpoint) -> tuple[dt.date, dt.date, str | None]:
    """The civil days ``ep`` can mean; for an instant also where its civil date was read (for ``comparison``).

    An instant is read in the other endpoint's zone; when that endpoint is a date typed without a zone, the
    instant's own date as written (at its stated offset) is used.
    """
    when = ep.when
    instant = when.instant
    if instant is None:
        return when.first_day(), when.last_day(), None
    extra = dt.timedelta(seconds=_INSTANT_SPAN[when.precision] if _qualified(when) else 0)
    if other.zone is None:
        # ``instant`` carries its stated offset, so its own date() is the wall date as written.
        first, last = instant.date(), (instant + extra).date()
        return first, last, f"date as written ({first.isoformat()}, at {format_offset(when.offset)})"
    try:
        first = _civil_date(instant, other.zone)
        last = _civil_date(instant + extra, other.zone)
    except (UsageError, OverflowError):
        # The instant's civil day in the other end's clock is outside years 1-9999: say which argument.
        raise UsageError(
            f"argument {ep.arg or '?'}: {ep.input.strip()!r} falls outside years 1-9999 in "
            f"{other.zone.name}, the clock of the other date, where its civil day would be counted"
        ) from None
    return first, last, f"civil date in {other.zone.name} ({first.isoformat()})"


def _between_days(a: Endpoint, b: Endpoint, la: str, lb: str) -> _Result:
    a_first, a_last, a_read = _day_span(a, b)
    b_first, b_last, b_read = _day_span(b, a)
    total = (b_first - a_first).days
    sign = _sign(total)
    span = calendar_difference(min(a_first, b_first), max(a_first, b_first))
    low, high = (b_first - a_last).days, (b_last - a_first).days
    exact = not any(_spanned(ep.when) or _qualified(ep.when) for ep in (a, b))
    notes: list[str] = []
    for ep, label, first, last in ((a, la, a_first, a_last), (b, lb, b_first, b_last)):
        notes += _precision_notes(ep, label, first.isoformat(), last.isoformat())
    notes += _range_notes(exact, low, high, la, lb)
    comparison = _day_comparison(a, b, la, lb, a_read, b_read)
    return _Result(sign, span, total, None, _inclusive(a, b), exact, low, high, comparison, notes)


def _own_day(ep: Endpoint) -> dt.date:
    """``ep``'s civil day in its own clock: an instant's date as its source writes it, a date's first day."""
    return ep.when.first_day()


def _inclusive(a: Endpoint, b: Endpoint) -> int:
    """Civil days from A's day to B's, both counted, each in its own clock: 6 Aug (Hiroshima, 08:15 in Japan)
    to 8 Aug (17:00 in Moscow) is 3 days, although in UTC the two instants fall on 5 and 8 August."""
    return abs((_own_day(b) - _own_day(a)).days) + 1


def _day_comparison(
    a: Endpoint, b: Endpoint, la: str, lb: str, a_read: str | None, b_read: str | None
) -> str:
    def kind(ep: Endpoint) -> str:
        return {Precision.YEAR: "a year", Precision.MONTH: "a month"}.get(ep.when.precision, "a date")

    if a_read is None and b_read is None:
        return f"Both are civil dates ({la} {kind(a)}, {lb} {kind(b)}): plain day difference"
    if a_read is not None:
        instant_label, read, date_ep, date_label = la, a_read, b, lb
    else:
        assert b_read is not None
        instant_label, read, date_ep, date_label = lb, b_read, a, la
    own = f"; {date_label} has no zone of its own" if date_ep.zone is None else ""
    return (
        f"{date_label} is {kind(date_ep)} and {instant_label} an instant: compared as civil days, taking "
        f"{instant_label}'s {read}{own}"
    )
