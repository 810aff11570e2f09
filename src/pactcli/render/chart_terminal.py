"""``timeline --chart`` on a terminal: the layout of :mod:`pactcli.exports.chart` drawn in characters with
Rich.

Shapes carry the meaning (colour only helps): █ a range, ░ the span a reduced-precision date covers, ◆ an
instant or anything narrower than a column, ◆─◇ a disputed event: a line joins its main claim to its other
claims (◇ where narrower than a column). No line of the chart is wider than the console. Store text
goes through :func:`~pactcli.render.safe.visible` into ``rich.text.Text``: never markup.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Console, Group, RenderableType
from rich.table import Table
from rich.text import Text

from pactcli.citations.references import ReferenceList
from pactcli.exports.chart import Chart, Item, Kind, lane_name, layout
from pactcli.render.safe import visible
from pactcli.render.views import reference_listing
from pactcli.store.model import Event, Store
from pactcli.time.dates import When

GLYPHS = {"solid": "█", "fuzzy": "░", "point": "◆", "claim": "◇"}
KIND_SYMBOL = {Kind.INSTANT: "◆", Kind.RANGE: "█", Kind.UNCERTAIN: "░", Kind.DISPUTED: "◆─◇"}
LANE_STYLES = ("cyan", "magenta", "green", "yellow", "blue", "red")
GRID = "┊"
LANE_TITLE = {"tag": "lanes: each event's first tag", "place": "lanes: place", "none": "one lane"}

LEGEND = (
    "█ range",
    "░ what a date of reduced precision covers (its hour, day, month or year)",
    "◆ an instant, or anything narrower than one column",
    "◆─◇ disputed: a line joins the main claim to the others (◇, or ░ if wider)",
    "┊ tick",
    "numbers: the key below",
)


def legend_lines(width: int) -> list[Text]:
    """The legend, its entries packed into lines no wider than ``width`` (split only if one must be)."""
    lines: list[str] = []
    for entry in LEGEND:
        if lines and len(lines[-1]) + 3 + len(entry) <= width:
            lines[-1] += "   " + entry
        else:
            lines.append(entry)
    return [Text(line, style="dim") for line in lines]


def lane_width(names: Sequence[str], total: int, mode: str) -> int:
    """The lane-name column: as wide as the longest name, at most a sixth of the width (and 8..24)."""
    if mode == "none":
        return 0
    cap = max(8, min(24, total // 6))
    return min(cap, max((len(visible(n)) for n in names), default=0))


def _fit(text: str, width: int) -> str:
    return text if len(text) <= width else text[: max(width - 1, 0)] + "…"


class _Row:
    """One line of the axis area: a character and a style per cell."""

    def __init__(self, width: int, grid: Sequence[int]) -> None:
        self.chars = [" "] * width
        self.styles = [""] * width
        for cell in grid:
            self.chars[cell] = GRID
            self.styles[cell] = "dim"

    def put(self, cell: int, char: str, style: str) -> None:
        if 0 <= cell < len(self.chars):
            self.chars[cell] = char
            self.styles[cell] = style

    def text(self) -> Text:
        out = Text(no_wrap=True, overflow="crop")
        run, style = "", self.styles[0] if self.styles else ""
        for char, cell_style in zip(self.chars, self.styles, strict=True):
            if cell_style != style:
                out.append(run, style=style)
                run, style = "", cell_style
            run += char
        out.append(run, style=style)
        return out


def _draw_item(row: _Row, item: Item, style: str) -> None:
    for mark in item.marks:
        if mark.shape == "dispute":
            # The claims are drawn over both ends of this line, so it shows only between them.
            for cell in range(mark.first, mark.last + 1):
                row.put(cell, "─", style)
        else:
            glyph = GLYPHS[mark.shape]
            for cell in range(mark.first, mark.last + 1):
                row.put(cell, glyph, style)
    for offset, char in enumerate(item.label):
        row.put(item.label_cell + offset, char, f"bold {style}" if item.label_side != "inside" else "reverse")


def _axis_lines(chart: Chart, pad: str, top: bool) -> list[Text]:
    labels = [" "] * chart.width
    rule = ["─"] * chart.width
    for tick in chart.ticks:
        rule[tick.cell] = "┬" if top else "┴"
        if tick.label:
            labels[tick.cell : tick.cell + len(tick.label)] = list(tick.label)
    label_line = Text(pad + "".join(labels).rstrip(), style="bold", no_wrap=True, overflow="crop")
    rule_line = Text(pad + "".join(rule), style="dim", no_wrap=True, overflow="crop")
    return [label_line, rule_line] if top else [rule_line, label_line]


def chart_lines(chart: Chart, label_width: int) -> list[Text]:
    """The picture: tick labels, the axis, each lane's rows, the axis again; no line wider than the total."""
    pad = " " * (label_width + 1) if label_width else ""
    grid = [t.cell for t in chart.ticks]
    lines = _axis_lines(chart, pad, top=True)
    for lane_index, lane in enumerate(chart.lanes):
        style = LANE_STYLES[lane_index % len(LANE_STYLES)]
        rows = [_Row(chart.width, grid) for _ in range(lane.rows)]
        for item in chart.items:
            if item.lane == lane_index:
                _draw_item(rows[item.row], item, style)
        for number, row in enumerate(rows):
            line = Text(no_wrap=True, overflow="crop")
            if label_width:
                name = _fit(visible(lane.name), label_width) if number == 0 else ""
                line.append(name.ljust(label_width) + " ", style=f"bold {style}")
            line.append_text(row.text())
            line.rstrip()
            lines.append(line)
    lines += _axis_lines(chart, pad, top=False)
    return lines


def stored_date(when: When) -> str:
    return when.raw


def _date_cell(event: Event) -> Text:
    cell = Text(visible(stored_date(event.start)))
    if event.end is not None:
        cell.append(" –\n" + visible(stored_date(event.end)))
    for claim in event.disputes:
        claimed = stored_date(claim.start) + (f" – {stored_date(claim.end)}" if claim.end else "")
        cell.append("\nor " + visible(claimed), style="italic")
    return cell


def key_table(chart: Chart, references: ReferenceList) -> Table:
    """The numbered key: number, shape, the date as stored (and every disputed claim), title, ID, sources."""
    table = Table.grid(padding=(0, 1))
    table.add_column(justify="right", no_wrap=True)
    table.add_column(no_wrap=True)
    table.add_column(no_wrap=False, overflow="fold")
    table.add_column(ratio=1, overflow="fold")
    table.add_column(no_wrap=False, max_width=9)
    for item in chart.items:
        style = LANE_STYLES[item.lane % len(LANE_STYLES)]
        event = item.event
        title = Text(visible(event.title))
        title.append(" (" + visible(event.id) + ")", style="dim")
        if event.disputed:
            title.append(" [disputed]", style="italic red")
        table.add_row(
            Text(item.label, style="bold"),
            Text(KIND_SYMBOL[item.kind], style=style),
            _date_cell(event),
            title,
            Text(references.markers(event.cited_sources())),
        )
    return table


def timeline_chart(
    console: Console,
    store: Store,
    events: Sequence[Event],
    lanes: str = "tag",
    date_from: When | None = None,
    date_to: When | None = None,
) -> RenderableType:
    """The chart sized to the console, its legend, the numbered key and the reference list."""
    if not events:
        return Text("No events match.")
    total = max(console.width, 20)

    names = list(dict.fromkeys(lane_name(e, lanes) for e in events))
    label_width = lane_width(names, total, lanes)
    axis_width = total - (label_width + 1 if label_width else 0)
    chart = layout(events, axis_width, lanes, date_from, date_to)
    heading = Text(visible(store.title) + " · ", style="bold")
    heading.append(f"{len(events)} event{'s' if len(events) != 1 else ''} · {LANE_TITLE[lanes]}")
    parts: list[RenderableType] = [
        heading,
        Text(chart.caption, style="dim"),
        *chart_lines(chart, label_width),
    ]
    parts += legend_lines(total)
    references = ReferenceList(store.sources)
    parts += [Text(""), key_table(chart, references)]
    parts += reference_listing(references)
    parts.append(
        Text(
            "Dates as stored: a date without a time of day is a civil day in the event's own zone; "
            "~ approximate, ? uncertain.",
            style="dim",
        )
    )
    return Group(*parts)
