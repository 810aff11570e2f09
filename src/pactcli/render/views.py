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

from pactcli.calendars import CALENDAR_NAMES
from pactcli.calendars import render as render_calendar
from pactcli.clocks import WEEKDAYS, iso_utc, offset_notes, own_parts, own_text, reading, weekday
from pactcli.dates import When
from pactcli.model import Claim, Event, Store
from pactcli.references import ReferenceList, full_reference
from pactcli.zones import Zone

from .console import compact_box, table_box
from .prose import Prose, field_lines
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
    listing: list[RenderableType] = [Text("")]
    for number, entry in entries:
        line = Text(f"[{number}] ", style="bold")
        line.append(visible(entry))
        listing.append(Prose(line, hanging=len(f"[{number}] ")))
    return listing


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
        parts.append(Prose(legend))
    return Group(*parts)


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
    if last is not None:
        text += f" – {last}"
    doubt = [w for w in (claim.start, claim.end) if w is not None and (w.approximate or w.uncertain)]
    clock = claim.zone.label
    return text + f" (in {clock}'s clock" + ("; the date is not certain)" if doubt else ")")


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
            Text(_short_weekday(got.local.date()) + (" " + got.marker if got.marker else "")),
        )
    utc = start.instant.astimezone(dt.timezone.utc)
    shift = (utc.date() - start.local_date()).days
    table.add_row(
        Text("UTC"),
        Text(iso_utc(start.instant) or ""),
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
    parts.append(_clock_table(console, claim, zones))
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
    for ref, number in references.numbers.items():
        line = Text(f"[{number}] ", style="bold")
        line.append(visible(full_reference(store.sources[ref.id], ref.locator)))
        line.append(f" ({ref.id})", style="dim")
        parts.append(Prose(line, hanging=len(f"[{number}] ")))
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
