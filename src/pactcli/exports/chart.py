"""The layout of ``timeline --chart``: lanes, the span each event covers, rows, ticks, in axis cells.

This module decides *where* things go; ``render.chart_terminal`` and ``render.chart_svg`` only draw them. The
unit of the layout is the *cell*: one terminal column, or one fixed step of the SVG. The axis is UTC.

What an event covers (see docs/charts.md):

* an instant with minutes or seconds is a point; an hour-precision time covers its hour;
* a date without a time of day covers its whole civil day *in its own zone* (a Tokyo day begins at 15:00 UTC
  the day before), a month the month, a year the year: a time of day is never invented;
* a range covers its start's first instant to its end's last one; the part known for certain (from the end
  of the start's precision to the beginning of the end's) is ``solid``;
* a disputed event covers every claim, main claim and disputes, from the earliest to the latest.

Labels (the event's number) go right of the item, or left of it when the right side is taken, or on a new row
of the lane; two things in one row are always at least one empty cell apart, so labels never touch or overlap.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import enum
import math
from collections.abc import Sequence
from dataclasses import dataclass

from pactcli.store.model import Claim, Event, utc_lower_bound, utc_upper_bound
from pactcli.time.dates import MONTH_ABBR, Precision, When

UTC = dt.timezone.utc
LANE_MODES = ("tag", "place", "none")
NO_TAG = "(no tag)"
NO_PLACE = "(no place)"
ALL_EVENTS = "events"


class Kind(str, enum.Enum):
    """How an item is drawn."""

    INSTANT = "instant"  # a time of day to the minute: a point
    RANGE = "range"  # a start and an end: a bar
    UNCERTAIN = "uncertain"  # a day, month, year or hour: the span it covers
    DISPUTED = "disputed"  # claims disagree: from the earliest claim to the latest


class Unit(str, enum.Enum):
    YEAR = "year"
    MONTH = "month"
    DAY = "day"
    HOUR = "hour"


# Tick steps per unit, finest first. Day steps keep the first of each month (1, 8, 15, 22, 29 for a week).
_STEPS: dict[Unit, tuple[int, ...]] = {
    Unit.YEAR: (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000),
    Unit.MONTH: (1, 2, 3, 6),
    Unit.DAY: (1, 2, 7, 14),
    Unit.HOUR: (1, 2, 3, 6, 12),
}
# The widest tick label of each unit: "1941"; "Apr" or "1942" (January); "10 Aug"; "06:00" or "10 Aug".
_LABEL_WIDTH = {Unit.YEAR: 4, Unit.MONTH: 4, Unit.DAY: 6, Unit.HOUR: 6}
# A unit is used when the period holds at least this many of its boundaries.
_MIN_TICKS = 3


@dataclass(frozen=True)
class Span:
    """A stretch of time in UTC: ``start`` inclusive, ``end`` exclusive; ``start == end`` for a point."""

    start: dt.datetime
    end: dt.datetime

    @property
    def is_point(self) -> bool:
        return self.start == self.end


@dataclass(frozen=True)
class Mark:
    """One drawn piece of an item, in cells (``first``..``last`` inclusive) and in exact axis units.

    ``shape`` is ``solid`` (█), ``fuzzy`` (░), ``point`` (◆, the main claim), ``claim`` (◇, another claim
    narrower than a cell) or ``dispute`` (─, from a disputed event's earliest claim to its latest, drawn first
    so that the claims cover its ends).
    """

    shape: str
    first: int
    last: int
    x0: float
    x1: float


@dataclass(frozen=True)
class Item:
    """One event on the chart."""

    event: Event
    number: int  # 1-based, in the order of the selection; the label and the key use it
    lane: int  # index into Chart.lanes
    row: int  # row within the lane, from 0
    kind: Kind
    main: Span  # what the main claim covers
    claims: tuple[Span, ...]  # every claim, the main one first
    envelope: Span  # earliest to latest over all claims
    marks: tuple[Mark, ...]  # in drawing order
    first: int  # cells the marks occupy
    last: int
    label: str
    label_cell: int  # first cell of the label
    label_side: str  # "right", "left" or "inside" (written over the item: no room on either side)
    clipped_start: bool  # the item begins before the axis
    clipped_end: bool  # the item ends after the axis


@dataclass(frozen=True)
class Tick:
    at: dt.datetime
    x: float
    cell: int
    label: str | None  # None when the label would touch or overlap another, or run off the axis


@dataclass(frozen=True)
class Lane:
    name: str
    rows: int


@dataclass(frozen=True)
class Chart:
    start: dt.datetime
    end: dt.datetime
    width: int  # cells
    mode: str
    unit: Unit
    step: int
    ticks: tuple[Tick, ...]
    lanes: tuple[Lane, ...]
    items: tuple[Item, ...]

    def x(self, when: dt.datetime) -> float:
        """The axis position of an instant, in cells (0 at the start, ``width`` at the end)."""
        return position(when, self.start, self.end, self.width)

    @property
    def caption(self) -> str:
        """``UTC axis, 1 Jan 1931 – 1 Jan 1947; ticks every 2 years``."""
        every = f"every {self.step} {self.unit.value}s" if self.step > 1 else f"every {self.unit.value}"
        return f"UTC axis, {_day_text(self.start)} – {_day_text(self.end)}; ticks {every}"


def _day_text(when: dt.datetime) -> str:
    text = f"{when.day} {MONTH_ABBR[when.month - 1]} {when.year}"
    if when.hour or when.minute:
        text += f" {when.hour:02d}:{when.minute:02d}"
    return text


def position(when: dt.datetime, start: dt.datetime, end: dt.datetime, width: int) -> float:
    total = (end - start).total_seconds()
    if total <= 0:
        return 0.0
    return (when - start).total_seconds() / total * width


# --- what a claim covers ---------------------------------------------------------------------------------


def _lower(when: When, claim: Claim) -> dt.datetime:
    return _clamp_max(utc_lower_bound(when, claim.zone))


def _upper(when: When, claim: Claim) -> dt.datetime:
    if when.instant is not None and when.precision == Precision.HOUR:
        return _clamp_max(utc_lower_bound(when, claim.zone) + dt.timedelta(hours=1))
    return _clamp_max(utc_upper_bound(when, claim.zone))


def _clamp_max(value: dt.datetime) -> dt.datetime:
    # Keep a safety margin below datetime.max so that the axis can still be rounded out.
    ceiling = dt.datetime(9999, 1, 1, tzinfo=UTC)
    return min(value, ceiling)


def claim_span(claim: Claim) -> Span:
    """What a claim covers in UTC: its start's earliest instant to its end's (or start's) latest one."""
    return Span(_lower(claim.start, claim), _upper(claim.end or claim.start, claim))


def certain_span(claim: Claim) -> Span | None:
    """For a range, the part it certainly covers: after its start's precision, before its end's."""
    if claim.end is None:
        return None
    start, end = _upper(claim.start, claim), _lower(claim.end, claim)
    return Span(start, end) if end > start else None


def kind_of(event: Event) -> Kind:
    if event.disputes:
        return Kind.DISPUTED
    if event.end is not None:
        return Kind.RANGE
    if event.start.instant is not None and event.start.precision >= Precision.MINUTE:
        return Kind.INSTANT
    return Kind.UNCERTAIN


def envelope(event: Event) -> Span:
    spans = [claim_span(c) for c in event.claims()]
    return Span(min(s.start for s in spans), max(s.end for s in spans))


def lane_name(event: Event, mode: str) -> str:
    """The lane of an event: its first tag, its place, or one lane for all."""
    if mode == "tag":
        return event.tags[0] if event.tags else NO_TAG
    if mode == "place":
        return event.place if event.place else NO_PLACE
    return ALL_EVENTS


# --- the period and its ticks ----------------------------------------------------------------------------


def _floor(when: dt.datetime, unit: Unit) -> dt.datetime:
    if unit is Unit.YEAR:
        return dt.datetime(when.year, 1, 1, tzinfo=UTC)
    if unit is Unit.MONTH:
        return dt.datetime(when.year, when.month, 1, tzinfo=UTC)
    if unit is Unit.DAY:
        return dt.datetime(when.year, when.month, when.day, tzinfo=UTC)
    return dt.datetime(when.year, when.month, when.day, when.hour, tzinfo=UTC)


def _next(when: dt.datetime, unit: Unit) -> dt.datetime:
    """The next boundary of ``unit`` after ``when`` (which is on a boundary)."""
    if unit is Unit.YEAR:
        return when.replace(year=when.year + 1)
    if unit is Unit.MONTH:
        return when.replace(year=when.year + when.month // 12, month=when.month % 12 + 1)
    return when + (dt.timedelta(days=1) if unit is Unit.DAY else dt.timedelta(hours=1))


def _ceil(when: dt.datetime, unit: Unit) -> dt.datetime:
    floor = _floor(when, unit)
    return floor if floor == when else _next(floor, unit)


def boundaries(start: dt.datetime, end: dt.datetime, unit: Unit) -> list[dt.datetime]:
    """Every boundary of ``unit`` from ``start`` to ``end``, both included."""
    out = []
    current = _ceil(start, unit)
    while current <= end:
        out.append(current)
        try:
            current = _next(current, unit)
        except (OverflowError, ValueError):
            break
    return out


def choose_unit(start: dt.datetime, end: dt.datetime) -> Unit:
    """The coarsest unit of which the period holds at least three boundaries: years, months, days, hours."""
    for unit in (Unit.YEAR, Unit.MONTH, Unit.DAY):
        if len(boundaries(start, end, unit)) >= _MIN_TICKS:
            return unit
    return Unit.HOUR


def _on_step(when: dt.datetime, unit: Unit, step: int) -> bool:
    if unit is Unit.YEAR:
        return when.year % step == 0
    if unit is Unit.MONTH:
        return (when.month - 1) % step == 0
    if unit is Unit.DAY:
        return (when.day - 1) % step == 0
    return when.hour % step == 0


def tick_label(when: dt.datetime, unit: Unit) -> str:
    """``1941``; ``Apr`` (``1942`` in January); ``10 Aug``; ``06:00`` (``10 Aug`` at midnight)."""
    if unit is Unit.YEAR or (unit is Unit.MONTH and when.month == 1):
        return str(when.year)
    if unit is Unit.MONTH:
        return MONTH_ABBR[when.month - 1]
    if unit is Unit.DAY or when.hour == 0:
        return f"{when.day} {MONTH_ABBR[when.month - 1]}"
    return f"{when.hour:02d}:00"


def choose_step(start: dt.datetime, end: dt.datetime, unit: Unit, width: int) -> int:
    """The smallest step whose ticks leave room for their labels (label width plus a space)."""
    seconds = (end - start).total_seconds()
    per_unit = {Unit.YEAR: 365.2425 * 86400, Unit.MONTH: 30.436875 * 86400, Unit.DAY: 86400.0}
    unit_seconds = per_unit.get(unit, 3600.0)
    cells_per_unit = width * unit_seconds / seconds if seconds > 0 else float(width)
    # Day steps of 7 and 14 restart on the first of each month, so a gap can be as short as one or two days
    # (29 -> 1): those short gaps may lose a label, which is dropped, never overlapped.
    for step in _STEPS[unit]:
        if cells_per_unit * step >= _LABEL_WIDTH[unit] + 2:
            return step
    return _STEPS[unit][-1]


def make_ticks(start: dt.datetime, end: dt.datetime, unit: Unit, step: int, width: int) -> tuple[Tick, ...]:
    ticks: list[Tick] = []
    free_from = 0  # the first cell a label may use
    for when in boundaries(start, end, unit):
        if not _on_step(when, unit, step):
            continue
        x = position(when, start, end, width)
        cell = min(math.floor(x), width - 1)
        label: str | None = tick_label(when, unit)
        assert label is not None
        if cell < free_from or cell + len(label) > width:
            label = None
        else:
            free_from = cell + len(label) + 1
        ticks.append(Tick(when, x, cell, label))
    return tuple(ticks)


def period(
    events: Sequence[Event], date_from: When | None = None, date_to: When | None = None
) -> tuple[dt.datetime, dt.datetime]:
    """The axis: the asked period (civil days read as UTC days), or the events' extent in whole UTC days.

    An asked period is widened, to the hour, to show every claimed instant on one of its civil days: 00:10 on
    9 August in Chita is 15:10 on 8 August in UTC. Dates without a time of day, claims on other days (a
    disputed claim days away) and ranges that begin before or end after the period are cut at the edge.
    Without ``--from``/``--to``, ``layout`` rounds the extent out to its unit.
    """
    spans = [envelope(e) for e in events]
    if date_from is not None:
        start = dt.datetime.combine(date_from.first_day(), dt.time(), tzinfo=UTC)
    elif spans:
        start = _floor(min(s.start for s in spans), Unit.DAY)
    else:
        start = dt.datetime(1900, 1, 1, tzinfo=UTC)
    if date_to is not None:
        end = dt.datetime.combine(date_to.last_day(), dt.time(), tzinfo=UTC) + dt.timedelta(days=1)
    elif spans:
        end = _ceil(max(s.end for s in spans), Unit.DAY)
    else:
        end = start + dt.timedelta(days=1)
    first = date_from.first_day() if date_from is not None else dt.date.min
    last = date_to.last_day() if date_to is not None else dt.date.max
    instants = [
        (_lower(when, claim), _upper(when, claim))
        for event in events
        for claim in event.claims()
        for when in (claim.start, claim.end)
        if when is not None and when.instant is not None and first <= when.local_date() <= last
    ]
    if instants:
        start = min(start, _floor(min(lo for lo, _ in instants), Unit.HOUR))
        end = max(end, _ceil(max(hi for _, hi in instants), Unit.HOUR))
    if end <= start:
        end = start + dt.timedelta(days=1)
    return start, end


# --- items, lanes and rows -------------------------------------------------------------------------------


def _cells(x0: float, x1: float, width: int) -> tuple[int, int]:
    first = min(max(math.floor(x0), 0), width - 1)
    last = min(max(math.ceil(x1) - 1, first), width - 1)
    return first, last


@dataclass(frozen=True)
class _Axis:
    start: dt.datetime
    end: dt.datetime
    width: int

    def __call__(self, when: dt.datetime) -> float:
        return position(when, self.start, self.end, self.width)


def _claim_marks(claim: Claim, axis: _Axis, main: bool) -> list[Mark]:
    span = claim_span(claim)
    marks: list[Mark] = []
    x0, x1 = axis(span.start), axis(span.end)
    first, last = _cells(x0, x1, axis.width)
    if first == last:
        return [Mark("point" if main else "claim", first, last, x0, x1)]
    certain = certain_span(claim) if main else None
    if certain is None:
        return [Mark("fuzzy", first, last, x0, x1)]
    # A range: what its ends' precision leaves open (say, the hours of its first and last days) is fuzzy,
    # the rest solid. The solid part is drawn last, so at a coarse scale the bar is all solid.
    c0, c1 = axis(certain.start), axis(certain.end)
    for lo, hi in ((x0, c0), (c1, x1)):
        if hi > lo:
            marks.append(Mark("fuzzy", *_cells(lo, hi, axis.width), lo, hi))
    s_first, s_last = _cells(c0, c1, axis.width)
    marks.append(Mark("solid", s_first, s_last, c0, c1))
    return marks


def item_marks(event: Event, axis: _Axis) -> list[Mark]:
    """The pieces of an event in drawing order: the disputed stretch, other claims, then the main claim.

    A piece wholly outside the axis (a disputed claim days beyond ``--to``) is left out, not drawn at the
    edge.
    """
    marks = [m for m in _all_marks(event, axis) if m.x1 >= 0 and m.x0 <= axis.width]
    if not marks:  # cannot happen for a selected event; keep the item drawable anyway
        edge = 0 if envelope(event).end <= axis.start else axis.width - 1
        marks = [Mark("point", edge, edge, float(edge), float(edge))]
    return marks


def _all_marks(event: Event, axis: _Axis) -> list[Mark]:
    marks: list[Mark] = []
    if event.disputes:
        whole = envelope(event)
        x0, x1 = axis(whole.start), axis(whole.end)
        first, last = _cells(x0, x1, axis.width)
        if last > first:
            marks.append(Mark("dispute", first, last, x0, x1))
        for claim in event.disputes:
            marks.extend(_claim_marks(claim, axis, main=False))
    marks.extend(_claim_marks(event.claim, axis, main=True))
    return marks


def _fits(row: list[tuple[int, int]], first: int, last: int) -> bool:
    # At least one empty cell between any two things in a row.
    return all(last < a - 1 or first > b + 1 for a, b in row)


def _place_label(
    rows: list[list[tuple[int, int]]], first: int, last: int, label: str, width: int
) -> tuple[int, int, str]:
    """(row, label cell, side): the first row with room for the item and its label right or left of it."""
    size = len(label)
    options = []
    if last + size < width:
        options.append(("right", last + 1, first, last + size))
    if first - size >= 0:
        options.append(("left", first - size, first - size, last))
    for index, row in enumerate(rows):
        for side, cell, lo, hi in options:
            if _fits(row, lo, hi):
                row.append((lo, hi))
                return index, cell, side
    if options:
        side, cell, lo, hi = options[0]
        rows.append([(lo, hi)])
        return len(rows) - 1, cell, side
    # The item fills the axis: its number is written over it, on a row of its own.
    rows.append([(0, width - 1)])
    return len(rows) - 1, max(0, min(first, width - size)), "inside"


def layout(
    events: Sequence[Event],
    width: int,
    lanes: str = "tag",
    date_from: When | None = None,
    date_to: When | None = None,
) -> Chart:
    """Lay out ``events`` (in the order given: their numbers follow it) on an axis ``width`` cells wide."""
    if lanes not in LANE_MODES:
        raise ValueError(f"lanes must be one of {', '.join(LANE_MODES)}, not {lanes!r}")
    width = max(width, 10)
    start, end = period(events, date_from, date_to)
    unit = choose_unit(start, end)
    if date_from is None and date_to is None and events:
        # The extent of the data: round out to whole units so the first and last ticks sit on the edges.
        with contextlib.suppress(OverflowError, ValueError):
            start, end = _floor(start, unit), _ceil(end, unit)
    step = choose_step(start, end, unit, width)
    ticks = make_ticks(start, end, unit, step, width)
    axis = _Axis(start, end, width)

    lane_names: list[str] = []
    lane_rows: list[list[list[tuple[int, int]]]] = []
    items: list[Item] = []
    for number, event in enumerate(events, start=1):
        name = lane_name(event, lanes)
        if name not in lane_names:
            lane_names.append(name)
            lane_rows.append([])
        lane = lane_names.index(name)
        marks = item_marks(event, axis)
        first = min(m.first for m in marks)
        last = max(m.last for m in marks)
        label = str(number)
        row, label_cell, side = _place_label(lane_rows[lane], first, last, label, width)
        whole = envelope(event)
        items.append(
            Item(
                event=event,
                number=number,
                lane=lane,
                row=row,
                kind=kind_of(event),
                main=claim_span(event.claim),
                claims=tuple(claim_span(c) for c in event.claims()),
                envelope=whole,
                marks=tuple(marks),
                first=first,
                last=last,
                label=label,
                label_cell=label_cell,
                label_side=side,
                clipped_start=whole.start < start,
                clipped_end=whole.end > end,
            )
        )
    return Chart(
        start=start,
        end=end,
        width=width,
        mode=lanes,
        unit=unit,
        step=step,
        ticks=ticks,
        lanes=tuple(Lane(name, len(rows)) for name, rows in zip(lane_names, lane_rows, strict=True)),
        items=tuple(items),
    )
