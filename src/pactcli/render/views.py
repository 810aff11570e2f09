"""Rich renderables for people: the timeline table and the full view of one event.

Every piece of store text goes through :func:`_t`, which builds a ``rich.text.Text`` (never parsed as markup)
from :func:`~pactcli.render.safe.visible` (control characters shown as escapes).
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Console, Group, RenderableType
from rich.table import Table
from rich.text import Text

from pactcli.calendars import CALENDAR_NAMES
from pactcli.calendars import render as render_calendar
from pactcli.clocks import iso_utc, offset_notes, own_parts, own_text, reading
from pactcli.dates import When
from pactcli.model import Claim, Event, Store
from pactcli.references import ReferenceList, full_reference
from pactcli.zones import Zone

from .console import compact_box, table_box
from .safe import visible


def _t(value: str | None, style: str = "", multiline: bool = False) -> Text:
    return Text(visible(value or "", multiline=multiline), style=style)


def _zone_cell(when: When, zone: Zone) -> Text:
    got = reading(when, zone)
    if got.local is None:
        return Text("")
    cell = Text(got.day)
    if got.marker:
        cell.append(" " + got.marker, style="bold yellow")
    cell.append("\n" + got.clock)
    return cell


def _when_cell(claim: Claim) -> Text:
    date, clock = own_parts(claim.start, claim.zone)
    lines = [date, clock] if clock else [date]
    if claim.end is not None:
        lines[-1] += " –"
        lines += [part for part in own_parts(claim.end, claim.zone) if part]
    return Text("\n".join(lines))


def reference_listing(references: ReferenceList) -> list[RenderableType]:
    """The numbered short references under a table or chart (nothing when no source was cited)."""
    entries = references.entries()
    if not entries:
        return []
    listing = Text()
    for number, entry in entries:
        listing.append(f"[{number}] ", style="bold")
        listing.append(visible(entry) + "\n")
    listing.rstrip()
    return [Text(""), listing]


def calendar_text(when: When, name: str) -> str:
    rendered = render_calendar(name, when.year, when.month, when.day)
    if rendered is None:
        return ""
    text = rendered.native if rendered.native == rendered.latin else f"{rendered.native} ({rendered.latin})"
    return text + (f"; {rendered.note}" if rendered.note else "")


def timeline_table(
    console: Console,
    store: Store,
    events: Sequence[Event],
    zones: Sequence[Zone],
    calendars: Sequence[str] = (),
) -> RenderableType:
    """The chronological table with per-zone clocks, then the numbered reference list."""
    references = ReferenceList(store.sources)
    # Clocks take two short lines (day, time) and never wrap mid-time; the event cell takes the rest, with the
    # place under the title, so that 80 columns still leave room to read what happened.
    table = Table(
        box=compact_box(console),
        show_lines=True,
        show_edge=False,
        header_style="bold",
        expand=True,
        pad_edge=False,
    )
    table.add_column("When (own clock)", no_wrap=True)
    for zone in zones:
        table.add_column(zone.label, no_wrap=True)
    for name in calendars:
        table.add_column(name.capitalize(), ratio=1)
    table.add_column("Event · place", ratio=4)
    table.add_column("Refs", no_wrap=False, max_width=7)
    for event in events:
        cell = _t(event.title)
        if event.disputed:
            cell.append(" [disputed]", style="italic red")
        if event.place:
            cell.append("\n")
            cell.append_text(_t(event.place, style="dim"))
        row: list[RenderableType] = [_when_cell(event.claim)]
        row += [_zone_cell(event.start, zone) for zone in zones]
        row += [Text(calendar_text(event.start, name)) for name in calendars]
        row += [cell, Text(references.markers(event.cited_sources()))]
        table.add_row(*row)
    parts: list[RenderableType] = [table]
    if not events:
        parts = [Text("No events match.")]
    parts += reference_listing(references)
    legend = Text(
        "Zone columns convert the stated instant; a date without a time of day is the event's own local day "
        "and is not converted. +1d/-1d: the day differs from the event's own clock. ~ approximate, "
        "? uncertain.",
        style="dim",
    )
    if events:
        parts.append(legend)
    return Group(*parts)


def _heading(text: str) -> Text:
    return Text(text, style="bold underline")


def _field_grid(rows: Sequence[tuple[str, RenderableType]]) -> Table:
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column()
    for label, value in rows:
        grid.add_row(label, value)
    return grid


def _clock_table(console: Console, claim: Claim, zones: Sequence[Zone]) -> Table | Text:
    start = claim.start
    if start.instant is None:
        return Text(
            f"{own_text(start, claim.zone)} (local day in {claim.zone.label}; no time of day is known, "
            "so it is not converted to other zones)"
        )
    table = Table(box=table_box(console), header_style="bold")
    for column in ("Zone", "Local time", "Offset", "Abbr.", "Day"):
        table.add_column(column)
    shown = [claim.zone, *[z for z in zones if z.name != claim.zone.name]]
    for zone in shown:
        got = reading(start, zone)
        assert got.local is not None
        offset = got.iso() or ""
        table.add_row(
            Text(zone.label + (" (own)" if zone is claim.zone else "")),
            Text(got.local.strftime("%Y-%m-%d %H:%M" + (":%S" if start.precision >= 6 else ""))),
            Text(offset[-6:]),
            Text(got.abbreviation),
            Text(got.marker or "same day"),
        )
    table.add_row(Text("UTC"), Text(iso_utc(start.instant) or ""), Text("+00:00"), Text("UTC"), Text(""))
    return table


def _claim_line(claim: Claim, store: Store, references: ReferenceList) -> Text:
    line = Text(own_text(claim.start, claim.zone))
    if claim.end is not None:
        line.append(" – " + own_text(claim.end, claim.zone))
    utc = iso_utc(claim.start.instant)
    if utc:
        line.append(f" (= {utc})")
    line.append(" " + references.markers(claim.sources))
    if claim.note:
        line.append("\n")
        line.append(visible(claim.note), style="italic")
    return line


def _range_length(event: Event) -> str | None:
    end = event.end
    if end is None:
        return None
    start = event.start
    if start.instant is not None and end.instant is not None:
        seconds = int((end.instant - start.instant).total_seconds())
        days, rest = divmod(seconds, 86400)
        return f"{days} days {rest // 3600} h {rest % 3600 // 60} min (exact)"
    if start.precision >= 3 and end.precision >= 3:
        days = (end.local_date() - start.local_date()).days
        return f"{days + 1} days, both ends counted ({days} days between the two dates)"
    low = (end.first_day() - start.last_day()).days + 1
    high = (end.last_day() - start.first_day()).days + 1
    return f"between {max(low, 1)} and {high} days (reduced precision)"


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
    parts.append(title)
    when = _when_cell(event.claim)
    rows: list[tuple[str, RenderableType]] = [
        ("When", when),
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
    rows.append(("Zone", Text(f"{event.zone.label} ({event.zone.name})")))
    if event.place:
        rows.append(("Place", _t(event.place)))
    if event.participants:
        rows.append(("Participants", _t("; ".join(event.participants))))
    if event.tags:
        rows.append(("Tags", Text(", ".join(event.tags))))
    rows.append(("Sources", Text(references.markers(event.sources))))
    parts.append(_field_grid(rows))
    parts += [Text(""), _heading("Clocks"), _clock_table(console, event.claim, zones)]
    notes = offset_notes(event.start, event.zone)
    for note in notes:
        parts.append(Text("Note: " + note, style="dim"))
    if event.summary:
        parts += [Text(""), _heading("Summary"), _t(event.summary, multiline=True)]
    if event.text:
        origin = references.markers([event.text_source]) if event.text_source else ""
        parts += [Text(""), _heading("Text " + origin), _t(event.text, multiline=True)]
    if event.disputes:
        parts += [Text(""), _heading(f"Disputed: {len(event.disputes)} other claim(s)")]
        parts.append(Text("Main claim: ").append_text(_claim_line(event.claim, store, references)))
        for number, claim in enumerate(event.disputes, start=1):
            parts.append(Text(f"Claim {number}: ").append_text(_claim_line(claim, store, references)))
    calendar_rows = [(name.capitalize(), Text(calendar_text(event.start, name))) for name in CALENDAR_NAMES]
    calendar_rows = [row for row in calendar_rows if row[1].plain]
    if calendar_rows:
        parts += [Text(""), _heading("Calendars (the event's own local date)"), _field_grid(calendar_rows)]
    parts += [Text(""), _heading("References")]
    for ref, number in references.numbers.items():
        source = store.sources[ref.id]
        line = Text(f"[{number}] ", style="bold")
        if source.kind:
            line.append(f"({source.kind}) ", style="italic")
        line.append(visible(full_reference(source, ref.locator)))
        line.append(f" ({ref.id})", style="dim")
        if ref.quote:
            # The quoted words stand apart from the reference, never in the locator's place.
            line.append("\n    ")
            line.append(visible(f"“{ref.quote}”"), style="italic")
        parts.append(line)
    if before or after:
        parts += [Text(""), _heading("Neighbouring events")]
        for other in [*before, *after]:
            arrow = "←" if other in before else "→"
            parts.append(
                Text(f"{arrow} {own_text(other.start, other.zone)}  ")
                .append(visible(other.title))
                .append(f"  ({other.id})", style="dim")
            )
    return Group(*parts)
