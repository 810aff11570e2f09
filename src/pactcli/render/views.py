"""Rich renderables for people: the timeline table and the full view of one event.

Every piece of store text goes through :func:`_t`, which builds a ``rich.text.Text`` (never parsed as markup)
from :func:`~pactcli.render.safe.visible` (control characters shown as escapes).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from rich.console import Console, Group, RenderableType
from rich.table import Table
from rich.text import Text

from pactcli.citations.references import ReferenceList, StyledReferences
from pactcli.render.citations import rich_text
from pactcli.render.console import compact_box, table_box
from pactcli.render.prose import Prose, field_lines
from pactcli.render.safe import visible
from pactcli.store.model import Claim, Event, Store, copy_text
from pactcli.time.calendars import CALENDAR_NAMES
from pactcli.time.calendars import render as render_calendar
from pactcli.time.clocks import WEEKDAYS, iso_utc, offset_notes, own_parts, own_text, reading, weekday
from pactcli.time.dates import Precision, When
from pactcli.time.zones import Zone, clock_key, format_offset, resolve, unique_clocks


def _t(value: str | None, style: str = "", multiline: bool = False) -> Text:
    return Text(visible(value or "", multiline=multiline), style=style)


def _when_cell(claim: Claim) -> Text:
    date, clock = own_parts(claim.start, claim.zone)
    lines = [date, clock] if clock else [date]
    if claim.end is not None:
        lines[-1] += " –"
        lines += [part for part in own_parts(claim.end, claim.zone) if part]
    return Text("\n".join(lines))


def reference_listing(references: ReferenceList) -> list[RenderableType]:
    """The numbered short references under a table or chart (nothing when no source was cited)."""
    entries = references.entries("short")
    if not entries:
        return []
    listing: list[RenderableType] = [Text("")]
    for number, _, entry in entries:
        line = Text(f"[{number}] ", style="bold")
        line.append_text(rich_text(entry))
        listing.append(Prose(line, hanging=len(f"[{number}] ")))
    return listing


def calendar_text(when: When, name: str) -> str:
    rendered = render_calendar(name, when.year, when.month, when.day)
    if rendered is None:
        return ""
    text = rendered.native if rendered.native == rendered.latin else f"{rendered.native} ({rendered.latin})"
    return text + (f"; {rendered.note}" if rendered.note else "")


# The narrowest the event column of the wide table may be: below it, titles wrap over many lines and the
# record layout reads better.
EVENT_MIN_WIDTH = 32
_GAP = 3  # columns between two cells of the wide table (padding and rule)


class _Row:
    """One event of the timeline, cut into the cells both layouts are made of (plain text, no markup)."""

    def __init__(
        self,
        event: Event,
        zones: Sequence[Zone],
        calendars: Sequence[str],
        references: ReferenceList,
        weekdays: bool,
    ) -> None:
        self.event = event
        self.when = _when_cell(event.claim).plain.split("\n")
        self.weekdays = weekdays
        self.weekday = [_short_weekday(event.start.local_date())] if _has_day(event) else []
        self.zones = [_zone_lines(event.start, zone) for zone in zones]
        self.calendars = [_calendar_lines(event.start, name) for name in calendars]
        self.refs = references.markers(event.cited_sources())

    def clocks(self) -> list[list[str]]:
        """The clock cells, one list of lines each: own clock, (day of the week), then each zone."""
        return [self.when, *([self.weekday] if self.weekdays else []), *self.zones]

    def title(self) -> Text:
        cell = _t(self.event.title)
        if self.event.disputed:
            cell.append(" [disputed]", style="italic red")
        return cell


def _calendar_lines(when: When, name: str) -> list[str]:
    """``昭和20年8月8日``, ``(Shōwa 20-08-08)``, then any note: short lines for a narrow column."""
    rendered = render_calendar(name, when.year, when.month, when.day)
    if rendered is None:
        return []
    lines = (
        [rendered.native] if rendered.native == rendered.latin else [rendered.native, f"({rendered.latin})"]
    )
    # A range (a month in the Julian calendar) breaks after its dash.
    lines = [part for line in lines for part in line.replace(" – ", " –\n").split("\n")]
    return lines + ([rendered.note] if rendered.note else [])


def _has_day(event: Event) -> bool:
    return event.start.precision >= 3


def _one_line(lines: Sequence[str]) -> str:
    """A two-line clock cell on one line, the day-shift marker last: ``5 Aug 23:15 -1d``."""
    if len(lines) == 2 and " " in lines[0] and lines[0].rsplit(" ", 1)[1][-1:] == "d":
        day, marker = lines[0].rsplit(" ", 1)
        if marker[:1] in "+-":
            return f"{day} {lines[1]} {marker}"
    return " ".join(lines)


def _marked(text: str) -> Text:
    """``text`` with its day-shift markers (``+1d``, ``-1d``) highlighted."""
    cell = Text(text)
    cell.highlight_regex(r"(?<= )[+-]\d+d\b", "bold yellow")
    return cell


def _zone_lines(when: When, zone: Zone) -> list[str]:
    got = reading(when, zone)
    if got.local is None:
        return []
    return [got.day + (" " + got.marker if got.marker else ""), got.clock]


def _widest(lines: Sequence[str]) -> int:
    from rich.cells import cell_len

    return max((cell_len(line) for line in lines), default=0)


def timeline_table(
    console: Console,
    store: Store,
    events: Sequence[Event],
    zones: Sequence[Zone],
    calendars: Sequence[str] = (),
    weekdays: bool = False,
) -> RenderableType:
    """The chronology, each event in its own clock and each zone's, then the numbered reference list.

    Nothing is cut short: where the columns leave the event text at least ``EVENT_MIN_WIDTH`` columns, a
    table (one row per event); otherwise each event is a record over several lines, its clocks on the first
    lines and its title, place and calendars at full width below (and where even the clocks do not fit side
    by side, one line per zone).
    """
    references = ReferenceList(store.sources)
    rows = [_Row(event, zones, calendars, references, weekdays) for event in events]
    # A store's [[zones]] label is store text: shown with its hidden characters escaped, like every field.
    headers = ["When (own clock)", *(["Day"] if weekdays else []), *[visible(zone.label) for zone in zones]]
    widths = [
        max(len(headers[0]), _widest([line for row in rows for line in row.when])),
        *([3] if weekdays else []),
        *[
            max(len(visible(zone.label)), _widest([line for row in rows for line in row.zones[i]]))
            for i, zone in enumerate(zones)
        ],
    ]
    calendar_widths = [
        max(len(name), _widest([line for row in rows for line in row.calendars[i]]))
        for i, name in enumerate(calendars)
    ]
    refs_width = max([4, *(len(row.refs) for row in rows)])
    clocks = sum(widths) + 2 * (len(widths) - 1)  # the record layout sets clocks two columns apart
    wide = sum(w + _GAP for w in [*widths, *calendar_widths]) + EVENT_MIN_WIDTH + _GAP + refs_width
    parts: list[RenderableType]
    if not events:
        parts = [Text("No events match.")]
    elif wide <= console.width:
        parts = [_wide_table(console, rows, headers, calendars, calendar_widths, refs_width)]
    else:
        parts = _records(console, rows, headers, widths, calendars, stacked=clocks > console.width)
    parts += reference_listing(references)
    legend = Text(
        "Zone times convert the stated instant; a date without a time of day is the event's own local day "
        "and is not converted. +1d/-1d: the day differs from the event's own clock. ~ approximate, "
        "? uncertain.",
        style="dim",
    )
    if events:
        parts.append(Prose(legend))
    return Group(*parts)


def _wide_table(
    console: Console,
    rows: Sequence[_Row],
    headers: Sequence[str],
    calendars: Sequence[str],
    calendar_widths: Sequence[int],
    refs_width: int,
) -> Table:
    # Clocks take two short lines (day, time) and never wrap; the event cell takes the rest, with the place
    # under the title. Every column folds rather than cuts, should the terminal shrink below the estimate.
    table = Table(
        box=compact_box(console),
        show_lines=True,
        show_edge=False,
        header_style="bold",
        expand=True,
        pad_edge=False,
    )
    for header in headers:
        table.add_column(header, no_wrap=True, overflow="fold")
    for name in calendars:
        table.add_column(name.capitalize(), no_wrap=True, overflow="fold")
    table.add_column("Event · place", ratio=4, min_width=EVENT_MIN_WIDTH, overflow="fold")
    table.add_column("Refs", no_wrap=True, min_width=refs_width, overflow="fold")
    for row in rows:
        cell = row.title()
        if row.event.place:
            cell.append("\n")
            cell.append_text(_t(row.event.place, style="dim"))
        cells: list[RenderableType] = [_marked("\n".join(lines)) for lines in row.clocks()]
        cells += [Text("\n".join(lines)) for lines in row.calendars]
        cells += [cell, Text(row.refs)]
        table.add_row(*cells)
    return table


def _records(
    console: Console,
    rows: Sequence[_Row],
    headers: Sequence[str],
    widths: Sequence[int],
    calendars: Sequence[str],
    stacked: bool,
) -> list[RenderableType]:
    """Each event over several lines: its clocks (as columns, or one line per zone when they do not fit side
    by side), then its title, sources, place and calendars at full width, indented."""
    shown_headers = headers[:1] if stacked else headers
    shown_widths = widths[:1] if stacked else widths
    header = Text(
        "  ".join(h.ljust(w) for h, w in zip(shown_headers, shown_widths, strict=True)).rstrip(), style="bold"
    )
    rule = "─" if console.is_terminal else "-"
    parts: list[RenderableType] = [header, Text(rule * min(console.width, max(len(header), 40)))]
    for number, row in enumerate(rows):
        if number:
            parts.append(Text(""))
        columns = row.clocks()[:1] if stacked else row.clocks()
        height = max(len(column) for column in columns)
        for line in range(height):
            cells = [
                (column[line] if line < len(column) else "").ljust(width)
                for column, width in zip(columns, shown_widths, strict=True)
            ]
            parts.append(_marked("  ".join(cells).rstrip()))
        title = row.title()
        title.append(" " + row.refs)
        parts.append(Prose(title, indent=2, hanging=4))
        if row.event.place:
            parts.append(Prose(_t(row.event.place, style="dim"), indent=2, hanging=4))
        if stacked:
            for label, lines in zip(headers[1:], row.clocks()[1:], strict=True):
                if lines:
                    parts.append(Prose(_marked(f"{label}: {_one_line(lines)}"), indent=2, hanging=4))
        for name, lines in zip(calendars, row.calendars, strict=True):
            if lines:
                parts.append(Prose(Text(f"{name.capitalize()}: {' '.join(lines)}"), indent=2, hanging=4))
    return parts


def _heading(text: str) -> Text:
    return Text(text, style="bold underline")


def _field_grid(rows: Sequence[tuple[str, Text]]) -> Group:
    return Group(*field_lines(rows))


def _short_weekday(day: dt.date) -> str:
    return WEEKDAYS[day.weekday()][:3]  # fixed English names, never the host's locale


def _weekday_text(claim: Claim) -> str | None:
    """``Wednesday``, ``Tuesday – Friday``; with the doubt the date carries. None for a month or a year."""
    first = weekday(claim.start)
    if first is None:
        return None
    text = first
    last = weekday(claim.end)
    if last is not None and claim.end is not None and claim.end.local_date() != claim.start.local_date():
        text += f" – {last}"
    # Only a qualified *date* makes the day doubtful; "c. 09:25" is still that day.
    doubt = [
        w
        for w in (claim.start, claim.end)
        if w is not None and w.precision == Precision.DAY and (w.approximate or w.uncertain)
    ]
    clock = visible(claim.zone.label)  # store text
    return text + f" (in {clock}'s clock" + ("; the date is not certain)" if doubt else ")")


def _clock_tables(console: Console, claim: Claim, zones: Sequence[Zone]) -> list[RenderableType]:
    """The start's reading in every zone, and the end's too when the end has a time of day."""
    end = claim.end
    if end is None or end.instant is None:
        return [_clock_table(console, claim, zones)]
    return [
        Text("Start", style="bold"),
        _clock_table(console, claim, zones),
        Text("End", style="bold"),
        _clock_table(console, claim._replace(start=end, end=None), zones),
    ]


def _clock_table(console: Console, claim: Claim, zones: Sequence[Zone]) -> Table | Prose:
    start = claim.start
    if start.instant is None:
        return Prose(
            Text(
                f"{own_text(start, claim.zone)} (local day in {claim.zone.label}; no time of day is known, "
                "so it is not converted to other zones)"
            )
        )
    table = Table(box=table_box(console), header_style="bold")
    for column in ("Zone", "Local time", "Offset", "Abbr.", "Day"):
        table.add_column(column, overflow="fold")
    # The same compact marks as the timeline's zone cells: ~ approximate, ? uncertain.
    clock = "%Y-%m-%d %H:%M" + (":%S" if start.precision >= 6 else "")
    clock += ("~" if start.approximate else "") + ("?" if start.uncertain else "")
    instant = start.instant
    own_label = claim.zone.label + " (own)"
    if (
        start.offset_stated
        and start.offset is not None
        and claim.zone.localize(instant).utcoffset() != start.offset
    ):
        # The source's own offset differs from tzdata's for the zone: its reading first, then tzdata's.
        stated = instant.astimezone(dt.timezone(start.offset))
        table.add_row(
            _t(claim.zone.label + " (as stated)"),
            Text(stated.strftime(clock)),
            Text(format_offset(start.offset)),
            Text(""),
            Text(_short_weekday(stated.date())),
        )
        own_label = claim.zone.label + " (tzdata)"
    # One clock, once: the own zone first, then the others, and UTC last (its own row, exact to the
    # second), so UTC among the display zones (any spelling: utc, Etc/UTC, +00:00) or as the own zone does
    # not make a second UTC row.
    utc_key = clock_key(resolve("UTC"))
    own_key = clock_key(claim.zone)
    shown = [claim.zone, *[z for z in unique_clocks(list(zones)) if clock_key(z) not in (own_key, utc_key)]]
    for zone in shown:
        got = reading(start, zone)
        assert got.local is not None
        offset = got.iso() or ""
        table.add_row(
            _t(own_label if zone is claim.zone else zone.label),  # a [[zones]] label is store text
            Text(got.local.strftime(clock)),
            Text(offset[-6:]),
            Text(got.abbreviation),
            Text(_short_weekday(got.local.date()) + (" " + got.marker if got.marker else "")),
        )
    if own_key != utc_key:
        utc = start.instant.astimezone(dt.timezone.utc)
        shift = (utc.date() - start.local_date()).days
        table.add_row(
            Text("UTC"),
            Text(
                (iso_utc(start.instant) or "")
                + ("~" if start.approximate else "")
                + ("?" if start.uncertain else "")
            ),
            Text("+00:00"),
            Text("UTC"),
            Text(_short_weekday(utc.date()) + (f" {shift:+d}d" if shift else "")),
        )
    return table


def _claim_text(claim: Claim) -> str:
    """``8 Aug 1945 23:00 MSK``, ``1 Mar – 4 Mar 1932``: as its source states it, in its own clock."""
    text = own_text(claim.start, claim.zone)
    if claim.end is not None:
        text += " – " + own_text(claim.end, claim.zone)
    return text


def _claim_parts(
    console: Console, label: str, claim: Claim, zones: Sequence[Zone], references: ReferenceList
) -> list[RenderableType]:
    """One claim of a disputed event: what it says, its sources and note, and its reading in every zone."""
    line = Text(f"{label}: ", style="bold")
    line.append(_claim_text(claim))
    day = weekday(claim.start)
    if day is not None:
        line.append(f", {day}")
    line.append(" " + references.markers(claim.sources))
    parts: list[RenderableType] = [Prose(line)]
    if claim.note:
        parts.append(Prose(Text(visible(claim.note), style="italic")))
    parts += _clock_tables(console, claim, zones)
    return parts


def _doubt(event: Event) -> str:
    """``the end is approximate``, ``the start is uncertain``…, or "" when both ends are as stated."""
    said = []
    for name, when in (("start", event.start), ("end", event.end)):
        if when is not None and (when.approximate or when.uncertain):
            kind = " and ".join(
                k for k, on in (("approximate", when.approximate), ("uncertain", when.uncertain)) if on
            )
            said.append(f"the {name} is {kind}")
    return "; ".join(said)


def _duration(seconds: int) -> str:
    """``2 days 14 h 45 min``, ``23 min``: leading zero units left out."""
    days, rest = divmod(seconds, 86400)
    hours, minutes = rest // 3600, rest % 3600 // 60
    parts = [f"{days} day" + ("" if days == 1 else "s")] if days else []
    if days or hours:
        parts.append(f"{hours} h")
    parts.append(f"{minutes} min")
    return " ".join(parts)


def _range_length(event: Event) -> str | None:
    """How long a range lasts; approximate (``c.``, and why) when either end is approximate or uncertain."""
    end = event.end
    if end is None:
        return None
    start = event.start
    doubt = _doubt(event)
    about = "c. " if doubt else ""
    if start.instant is not None and end.instant is not None:
        seconds = int((end.instant - start.instant).total_seconds())
        return about + _duration(seconds) + (f" (not exact: {doubt})" if doubt else " (exact)")
    if start.precision >= 3 and end.precision >= 3:
        days = (end.local_date() - start.local_date()).days
        text = f"{about}{days + 1} days, both ends counted ({days} days between the two dates)"
        return text + (f"; not exact: {doubt}" if doubt else "")
    low = (end.first_day() - start.last_day()).days + 1
    high = (end.last_day() - start.first_day()).days + 1
    return f"between {max(low, 1)} and {high} days (reduced precision" + (f"; {doubt})" if doubt else ")")


def event_view(
    console: Console,
    store: Store,
    event: Event,
    zones: Sequence[Zone],
    before: Sequence[Event],
    after: Sequence[Event],
) -> RenderableType:
    """Everything pactcli knows about one event, with its sources in full."""
    references = ReferenceList(store.sources)
    parts: list[RenderableType] = []
    title = Text(visible(event.title), style="bold")
    title.append(f"  ({event.id})", style="dim")
    parts.append(Prose(title))
    rows: list[tuple[str, Text]] = [("When", Text(_claim_text(event.claim)))]
    day = _weekday_text(event.claim)
    if day is not None:
        rows.append(("Weekday", Text(day)))
    rows += [
        (
            "Precision",
            Text(
                event.start.precision.label
                + (", approximate" if event.start.approximate else "")
                + (", uncertain" if event.start.uncertain else "")
            ),
        ),
    ]
    length = _range_length(event)
    if length:
        rows.append(("Length", Text(length)))
    rows.append(("Zone", _t(f"{event.zone.label} ({event.zone.name})")))
    if event.place:
        rows.append(("Place", _t(event.place)))
    if event.participants:
        rows.append(("Participants", _t("; ".join(event.participants))))
    if event.tags:
        rows.append(("Tags", _t(", ".join(event.tags))))
    rows.append(("Sources", Text(references.markers(event.sources))))
    parts.append(_field_grid(rows))
    parts += [Text(""), _heading("Clocks"), *_clock_tables(console, event.claim, zones)]
    notes = offset_notes(event.start, event.zone)
    for note in notes:
        parts.append(Prose(Text("Note: " + note, style="dim"), hanging=6))
    if event.summary:
        parts += [Text(""), _heading("Summary"), Prose(_t(event.summary, multiline=True))]
    if event.text:
        origin = references.markers([event.text_source]) if event.text_source else ""
        parts += [Text(""), _heading("Text " + origin), Prose(_t(event.text, multiline=True))]
    if event.disputes:
        count = len(event.disputes)
        parts += [Text(""), _heading(f"Disputed: {count} other claim{'' if count == 1 else 's'}")]
        main = Text("Main claim: ", style="bold")
        main.append(f"{_claim_text(event.claim)} {references.markers(event.claim.sources)} (Clocks above)")
        parts.append(Prose(main))
        for number, claim in enumerate(event.disputes, start=1):
            parts += [Text(""), *_claim_parts(console, f"Claim {number}", claim, zones, references)]
    calendar_rows = [(name.capitalize(), Text(calendar_text(event.start, name))) for name in CALENDAR_NAMES]
    calendar_rows = [row for row in calendar_rows if row[1].plain]
    if calendar_rows:
        parts += [Text(""), _heading("Calendars (the event's own local date)"), _field_grid(calendar_rows)]
    parts += [Text(""), _heading("References")]
    styled = StyledReferences(store.sources, "full")
    styled.prepare(references.numbers)
    for ref, number in references.numbers.items():
        source = store.sources[ref.id]
        line = Text(f"[{number}] ", style="bold")
        if source.kind:
            line.append(f"({source.kind}) ", style="italic")
        line.append_text(rich_text(styled.html(ref)))
        line.append(f" ({ref.id})", style="dim")
        parts.append(Prose(line, hanging=len(f"[{number}] ")))
        if ref.quote:
            # The quoted words stand on their own line, apart from the reference, never as its locator.
            parts.append(Prose(Text(visible(f"“{ref.quote}”"), style="italic"), hanging=4, indent=4))
        if source.copy is not None:
            parts.append(Prose(Text(visible(copy_text(source.copy)), style="dim"), hanging=4, indent=4))
    if before or after:
        parts += [Text(""), _heading("Neighbouring events")]
        for other in [*before, *after]:
            arrow = "←" if other in before else "→"
            line = Text(f"{arrow} {own_text(other.start, other.zone)}  ")
            line.append(visible(other.title)).append(f"  ({other.id})", style="dim")
            parts.append(Prose(line, hanging=2))
    return Group(*parts)


def event_views(
    console: Console,
    store: Store,
    views: Sequence[tuple[Event, Sequence[Event], Sequence[Event]]],
    zones: Sequence[Zone],
) -> RenderableType:
    """Several event views (event, events before, events after), a blank line between them."""
    parts: list[RenderableType] = []
    for event, before, after in views:
        if parts:
            parts.append(Text(""))
        parts.append(event_view(console, store, event, zones, before, after))
    return Group(*parts)
