"""``convert`` and ``shift`` for people: the value as read, its clocks, its calendars, how it was shifted."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Console, Group, RenderableType
from rich.table import Table
from rich.text import Text

from pactcli.render.console import table_box
from pactcli.render.safe import visible
from pactcli.time.dates import Precision, When, human
from pactcli.time.instants import Conversion, Shifted, Source, ZoneReading
from pactcli.time.zones import format_offset


def _t(value: str) -> Text:
    # Every cell goes through visible(): a WHEN is the user's text and may carry control characters.
    return Text(visible(value))


def source_text(source: Source) -> str:
    """``8 Aug 1945 23:00 +03:00 (Europe/Moscow)``, ``2 Sep 1945``, ``= soviet-declaration-of-war``."""
    when = source.when
    text = _when_text(when)
    if source.zone is not None and source.zone.name != format_offset(when.offset):
        text += f" ({source.zone.name})"
    if source.event_id is not None:
        text += f" = {source.event_id}" + (f", claim {source.claim}" if source.claim else "")
    return text


def _when_text(when: When) -> str:
    text = human(when.year, when.month, when.day, when.time, when.precision, when.approximate, when.uncertain)
    if when.time is not None and when.offset is not None:
        text += " " + format_offset(when.offset)
    return text


def _clock_rows(table: Table, own: ZoneReading, readings: Sequence[ZoneReading]) -> None:
    shown = [(own, True), *[(r, False) for r in readings if r.zone.name != own.zone.name]]
    for reading, is_own in shown:
        label = reading.zone.label
        table.add_row(
            _t(label + (" (own)" if is_own else "")),
            _t(f"{reading.date_text} {reading.time_text}{reading.qualifier}"),
            _t(reading.offset),
            _t(reading.abbreviation),
            _t(reading.weekday),
            _t(reading.marker or "same day"),
        )


def _one(console: Console, result: Conversion) -> RenderableType:
    parts: list[RenderableType] = []
    source = result.source
    heading = source_text(source)
    if result.weekday is not None:
        heading += f", {result.weekday}"
    parts.append(Text(visible(f"{source.input.strip()}: {heading}"), style="bold"))
    if result.own is not None:
        table = Table(box=table_box(console), header_style="bold")
        for column in ("Zone", "Local time", "Offset", "Abbr.", "Weekday", "Day"):
            table.add_column(column)
        _clock_rows(table, result.own, result.readings)
        parts.append(table)
    if result.calendars:
        grid = Table(box=table_box(console), header_style="bold")
        for column in ("Calendar", "Date", "Latin", "Note"):
            grid.add_column(column)
        for row in result.calendars:
            grid.add_row(_t(row.calendar), _t(row.native or "-"), _t(row.latin or "-"), _t(row.note or ""))
        parts.append(grid)
    parts.extend(Text(visible(f"Note: {note}")) for note in result.notes)
    return Group(*parts)


def conversion_view(console: Console, results: Sequence[Conversion]) -> RenderableType:
    parts: list[RenderableType] = []
    for number, result in enumerate(results):
        if number:
            parts.append(Text(""))
        parts.append(_one(console, result))
    return Group(*parts)


def shifted_view(console: Console, results: Sequence[Shifted]) -> RenderableType:
    parts: list[RenderableType] = []
    for number, result in enumerate(results):
        if number:
            parts.append(Text(""))
        table = Table(box=table_box(console), show_header=False)
        table.add_column(style="bold", no_wrap=True)
        table.add_column()
        table.add_row(_t("From"), _t(source_text(result.source)))
        for step in result.steps:
            table.add_row(_t(step.duration.text.strip()), _t(f"{_when_text(step.result)}  ({step.how})"))
        final = _when_text(result.result)
        if result.result.day is not None:
            from pactcli.time.instants import WEEKDAYS

            final += f", {WEEKDAYS[result.result.local_date().weekday()]}"
        table.add_row(_t("Result"), _t(final))
        utc = result.utc
        if utc is not None and result.result.precision >= Precision.HOUR:
            table.add_row(_t("UTC"), _t(result.to_json()["result_utc"] or ""))  # type: ignore[arg-type]
        table.add_row(_t("ISO 8601"), _t(result.text()))
        for note in result.notes:
            table.add_row(_t("Note"), _t(note))
        parts.append(table)
    return Group(*parts)
