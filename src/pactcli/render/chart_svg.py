"""``timeline --chart --format svg|html``: the chart of :mod:`pactcli.exports.chart` as a standalone SVG or
HTML file.

Plain strings, no dependencies: no scripts, no external fonts, images or style sheets (the system font stack),
so the file opens offline and shows the same picture anywhere. Each event is one ``<g class="event"
data-id="…">`` whose ``<title>`` (a browser's hover text) gives its title, dates and sources; its number is
written next to it and explained in the key (a text list in the SVG, a footnote table in the HTML).

Store text is data: every string goes through :func:`~pactcli.render.safe.visible` (control characters and
bidi overrides shown as escapes) and then XML escaping of ``& < > " '``.
"""

from __future__ import annotations

import html
import math
from collections.abc import Sequence

from pactcli.citations.references import styled_references
from pactcli.exports.chart import Chart, Item, Kind, Mark, lane_name, layout
from pactcli.render.citation_text import raw_text
from pactcli.render.safe import visible
from pactcli.store.model import Claim, Event, Store
from pactcli.time.clocks import own_text
from pactcli.time.dates import When

CELL = 8  # px per layout cell
ROW = 18  # px per row
AXIS_CELLS = 150  # the axis of a file does not depend on the terminal
MARGIN = 16
BAR = 10  # bar height
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, 'Noto Sans', sans-serif"
# Okabe-Ito: distinguishable with the common colour-vision deficiencies (and shapes carry the meaning anyway).
COLOURS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000")
KIND_SYMBOL = {Kind.INSTANT: "◆", Kind.RANGE: "█", Kind.UNCERTAIN: "░", Kind.DISPUTED: "◆─◇"}
KIND_TEXT = {
    Kind.INSTANT: "instant",
    Kind.RANGE: "range",
    Kind.UNCERTAIN: "reduced precision",
    Kind.DISPUTED: "disputed",
}
LANE_TITLE = {"tag": "lanes: each event's first tag", "place": "lanes: place", "none": "one lane"}
LEGEND = (
    ("solid", "range"),
    ("fuzzy", "what a date of reduced precision covers (hour, day, month, year)"),
    ("point", "instant, or narrower than a column"),
    ("dispute", "disputed: a line joins the main claim to the other claims (◇)"),
)


def x(text: str) -> str:
    """Store text made safe for XML and HTML text and attribute values."""
    return html.escape(visible(text), quote=True)


def _num(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _claim_text(claim: Claim) -> str:
    text = claim.start.raw + (f" – {claim.end.raw}" if claim.end else "")
    return f"{text} ({own_text(claim.start, claim.zone)}, {claim.zone.label})"


def source_lines(store: Store, event: Event) -> list[str]:
    """The event's references in their short form, as plain text (escaped by the caller)."""
    styled = styled_references(store, "short")
    return [raw_text(styled.html(ref)) for ref in event.cited_sources()]


def prepare_references(store: Store, events: Sequence[Event]) -> None:
    """Format the references of every charted event in one batch before the chart is drawn."""
    styled_references(store, "short").prepare(ref for event in events for ref in event.cited_sources())


def hover_text(store: Store, item: Item) -> str:
    """The ``<title>`` of an event: number, title, ID, every claim as stored, sources. Already escaped."""
    event = item.event
    lines = [f"{item.number}. {visible(event.title)} ({visible(event.id)})"]
    lines.append("Date as stored: " + visible(_claim_text(event.claim)))
    lines += ["Disputed, also: " + visible(_claim_text(c)) for c in event.disputes]
    if event.place:
        lines.append("Place: " + visible(event.place))
    lines += ["Source: " + visible(s) for s in source_lines(store, event)]
    return html.escape("\n".join(lines), quote=True)


class _Geometry:
    def __init__(self, chart: Chart, label_cells: int, top: int) -> None:
        self.chart = chart
        self.left = MARGIN + (label_cells + 1) * CELL if label_cells else MARGIN
        self.right = self.left + chart.width * CELL
        self.top = top
        lane_top = []
        y = top
        for lane in chart.lanes:
            lane_top.append(y)
            y += lane.rows * ROW + 4
        self.lane_top = lane_top
        self.bottom = y

    def px(self, cells: float) -> float:
        return self.left + max(0.0, min(cells, float(self.chart.width))) * CELL

    def row_y(self, item: Item) -> float:
        return self.lane_top[item.lane] + 2 + item.row * ROW + ROW / 2


def _diamond(cx: float, cy: float, size: float, cls: str, colour: str) -> str:
    points = f"{_num(cx)},{_num(cy - size)} {_num(cx + size)},{_num(cy)} {_num(cx)},{_num(cy + size)} " + (
        f"{_num(cx - size)},{_num(cy)}"
    )
    fill = colour if cls == "point" else "#ffffff"
    return f'<polygon class="{cls}" points="{points}" fill="{fill}" stroke="{colour}" stroke-width="1.5"/>'


def _mark(mark: Mark, geo: _Geometry, cy: float, colour: str) -> str:
    if mark.shape in ("point", "claim"):
        cx = geo.px(mark.first + 0.5)  # the centre of its cell, as on a terminal
        return _diamond(cx, cy, 4.5, mark.shape, colour)
    x0, x1 = geo.px(mark.x0), geo.px(mark.x1)
    if mark.shape == "dispute":
        return (
            f'<line class="dispute" x1="{_num(x0)}" y1="{_num(cy)}" x2="{_num(x1)}" y2="{_num(cy)}" '
            f'stroke="{colour}" stroke-width="1.5"/>'
        )
    box = f'x="{_num(x0)}" y="{_num(cy - BAR / 2)}" width="{_num(max(x1 - x0, 1.0))}" height="{BAR}"'
    if mark.shape == "solid":
        return f'<rect class="solid" {box} fill="{colour}"/>'
    return f'<rect class="fuzzy" {box} fill="url(#hatch)" stroke="{colour}" stroke-dasharray="2 2"/>'


def _event_group(store: Store, item: Item, geo: _Geometry, link: bool) -> str:
    colour = COLOURS[item.lane % len(COLOURS)]
    cy = geo.row_y(item)
    event = item.event
    parts = [
        f'<g class="event kind-{item.kind.value}" data-id="{x(event.id)}" data-number="{item.number}" '
        f'data-kind="{item.kind.value}" data-lane="{x(geo.chart.lanes[item.lane].name)}">',
        f"<title>{hover_text(store, item)}</title>",
    ]
    parts += [_mark(m, geo, cy, colour) for m in item.marks]
    if item.label_side == "left":
        lx, anchor = geo.left + (item.label_cell + len(item.label)) * CELL - 1, "end"
    else:
        lx, anchor = geo.left + item.label_cell * CELL + 1, "start"
    fill = "#ffffff" if item.label_side == "inside" else "#1a1a1a"
    label = (
        f'<text class="label" x="{_num(lx)}" y="{_num(cy + 4)}" text-anchor="{anchor}" fill="{fill}">'
        f"{item.number}</text>"
    )
    parts.append(f'<a href="#key-{item.number}">{label}</a>' if link else label)
    parts.append("</g>")
    return "".join(parts)


def _axis(geo: _Geometry, y_rule: float, top: bool) -> list[str]:
    out = [
        f'<line class="axis-rule" x1="{geo.left}" y1="{_num(y_rule)}" x2="{geo.right}" y2="{_num(y_rule)}" '
        'stroke="#444"/>'
    ]
    for tick in geo.chart.ticks:
        tx = geo.px(tick.x)
        dy = 5 if top else -5
        out.append(
            f'<line class="tick" x1="{_num(tx)}" y1="{_num(y_rule)}" x2="{_num(tx)}" '
            f'y2="{_num(y_rule + dy)}" stroke="#444"/>'
        )
        if tick.label:
            ty = y_rule - 5 if top else y_rule + 15
            out.append(f'<text class="tick-label" x="{_num(tx)}" y="{_num(ty)}">{x(tick.label)}</text>')
    return out


def _legend(y: float) -> tuple[list[str], float]:
    out = ['<g class="legend">']
    lx = float(MARGIN)
    for shape, text in LEGEND:
        cy = y - 4
        if shape == "solid":
            out.append(
                f'<rect x="{_num(lx)}" y="{_num(cy - BAR / 2)}" width="24" height="{BAR}" fill="#555"/>'
            )
        elif shape == "fuzzy":
            out.append(
                f'<rect x="{_num(lx)}" y="{_num(cy - BAR / 2)}" width="24" height="{BAR}" fill="url(#hatch)" '
                'stroke="#555" stroke-dasharray="2 2"/>'
            )
        elif shape == "point":
            out.append(_diamond(lx + 12, cy, 4.5, "point", "#555"))
        else:
            out.append(
                f'<line x1="{_num(lx + 4)}" y1="{_num(cy)}" x2="{_num(lx + 36)}" y2="{_num(cy)}" '
                'stroke="#555"/>'
            )
            out.append(_diamond(lx + 4, cy, 4.5, "point", "#555"))
            out.append(_diamond(lx + 36, cy, 4.5, "claim", "#555"))
            lx += 16
        out.append(f'<text x="{_num(lx + 30)}" y="{_num(y)}">{x(text)}</text>')
        lx += 30 + len(text) * 6.2 + 24
    out.append("</g>")
    return out, y + 10


def key_line(item: Item) -> str:
    """One line of the SVG's key: number, shape, the date as stored (and other claims), title, ID. Escaped."""
    event = item.event
    dates = event.start.raw + (f" – {event.end.raw}" if event.end else "")
    for claim in event.disputes:
        dates += " | or " + claim.start.raw + (f" – {claim.end.raw}" if claim.end else "")
    return (
        f'<tspan font-weight="bold">{item.number}</tspan> {KIND_SYMBOL[item.kind]} {x(dates)} — '
        f"{x(event.title)} ({x(event.id)})"
    )


def _key_chars(item: Item) -> int:
    event = item.event
    dates = len(event.start.raw) + (len(event.end.raw) + 3 if event.end else 0)
    dates += sum(len(c.start.raw) + 6 for c in event.disputes)
    return len(str(item.number)) + 4 + dates + 3 + len(visible(event.title)) + len(event.id) + 3


def chart_svg(
    store: Store,
    events: Sequence[Event],
    lanes: str = "tag",
    date_from: When | None = None,
    date_to: When | None = None,
    axis_cells: int = AXIS_CELLS,
    standalone: bool = True,
) -> str:
    """The chart as one ``<svg>`` element; with ``standalone`` the SVG also carries its key as text."""
    prepare_references(store, events)
    names = list(dict.fromkeys(lane_name(e, lanes) for e in events))
    label_cells = 0 if lanes == "none" else min(24, max((len(visible(n)) for n in names), default=0))
    chart = layout(events, axis_cells, lanes, date_from, date_to)
    geo = _Geometry(chart, label_cells, top=86)
    title = visible(store.title)
    body: list[str] = [
        f'<text class="heading" x="{MARGIN}" y="26">{html.escape(title)}</text>',
        f'<text class="caption" x="{MARGIN}" y="46">{len(events)} event{"s" if len(events) != 1 else ""} · '
        f"{LANE_TITLE[lanes]} · {x(chart.caption)}</text>",
    ]
    body += _axis(geo, geo.top - 6, top=True)
    body.append('<g class="lanes">')
    for index, lane in enumerate(chart.lanes):
        lane_y = geo.lane_top[index]
        height = lane.rows * ROW + 4
        shade = "#f2f2f2" if index % 2 == 0 else "#ffffff"
        body.append(
            f'<g class="lane" data-lane="{x(lane.name)}"><rect x="{MARGIN}" y="{lane_y}" '
            f'width="{geo.right - MARGIN}" height="{height}" fill="{shade}"/>'
        )
        if label_cells:
            shown = visible(lane.name)
            shown = shown if len(shown) <= label_cells else shown[: label_cells - 1] + "…"
            colour = COLOURS[index % len(COLOURS)]
            label_y = lane_y + 2 + ROW / 2 + 4
            body.append(
                f'<text class="lane-label" x="{MARGIN + 2}" y="{label_y:.0f}" fill="{colour}">'
                f"{html.escape(shown)}<title>{x(lane.name)}</title></text>"
            )
        body.append("</g>")
    body.append("</g>")
    body.append('<g class="grid">')
    for tick in chart.ticks:
        tx = _num(geo.px(tick.x))
        body.append(
            f'<line x1="{tx}" y1="{geo.top - 6}" x2="{tx}" y2="{geo.bottom + 6}" stroke="#bbb" '
            'stroke-dasharray="1 3"/>'
        )
    body.append("</g>")
    body.append('<g class="events">')
    body += [_event_group(store, item, geo, link=not standalone) for item in chart.items]
    body.append("</g>")
    if not events:
        body.append(f'<text x="{geo.left}" y="{geo.top + 14}">No events match.</text>')
    body += _axis(geo, geo.bottom + 6, top=False)
    legend, y = _legend(geo.bottom + 48.0)
    body += legend
    width = float(geo.right + MARGIN)
    if standalone:
        body.append('<g class="key">')
        y += 14
        for item in chart.items:
            y += 16
            body.append(
                f'<text class="key-line" x="{MARGIN}" y="{_num(y)}" data-id="{x(item.event.id)}">'
                f"{key_line(item)}</text>"
            )
            width = max(width, MARGIN * 2 + _key_chars(item) * 6.6)
        body.append("</g>")
    height = math.ceil(y + MARGIN)
    full = math.ceil(width)
    style = (
        f"text{{font-family:{FONT};font-size:11px;fill:#1a1a1a}}"
        ".heading{font-size:15px;font-weight:600}.caption{fill:#555}"
        ".label{font-weight:700;font-size:10.5px;font-variant-numeric:tabular-nums}"
        ".lane-label{font-weight:600}.tick-label{fill:#333}"
        ".event:hover polygon,.event:hover rect{stroke-width:2.5}"
    )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="pactcli-chart" width="{full}" height="{height}" '
        f'viewBox="0 0 {full} {height}" role="img" aria-labelledby="chart-title">'
        f'<title id="chart-title">{html.escape(title)}: timeline chart</title>'
        f"<style>{style}</style>"
        '<defs><pattern id="hatch" width="4" height="4" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)"><rect width="4" height="4" fill="#ffffff"/>'
        '<line x1="0" y1="0" x2="0" y2="4" stroke="#888" stroke-width="1.5"/></pattern></defs>'
        f'<rect class="background" width="{full}" height="{height}" fill="#ffffff"/>'
        + "\n".join(body)
        + "</svg>\n"
    )


def svg_document(
    store: Store,
    events: Sequence[Event],
    lanes: str = "tag",
    date_from: When | None = None,
    date_to: When | None = None,
) -> str:
    """A standalone SVG file (XML declaration, the chart, its key as text)."""
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + chart_svg(store, events, lanes, date_from, date_to)


def html_document(
    store: Store,
    events: Sequence[Event],
    lanes: str = "tag",
    date_from: When | None = None,
    date_to: When | None = None,
) -> str:
    """A standalone HTML page: the SVG inline, then a footnote table of every event with its sources."""
    svg = chart_svg(store, events, lanes, date_from, date_to, standalone=False)
    chart = layout(events, AXIS_CELLS, lanes, date_from, date_to)
    rows = []
    for item in chart.items:
        event = item.event
        claims = "<br>".join(
            [x(_claim_text(event.claim))] + [f"<i>disputed:</i> {x(_claim_text(c))}" for c in event.disputes]
        )
        sources = "".join(f"<li>{x(s)}</li>" for s in source_lines(store, event))
        place = f'<br><span class="place">{x(event.place)}</span>' if event.place else ""
        rows.append(
            f'<tr id="key-{item.number}" class="key-row" data-id="{x(event.id)}">'
            f'<td class="num">{item.number}</td><td class="kind">{KIND_SYMBOL[item.kind]} '
            f"{KIND_TEXT[item.kind]}</td>"
            f'<td>{x(event.title)} <code>{x(event.id)}</code>{place}</td><td class="date">{claims}</td>'
            f"<td><ul>{sources}</ul></td></tr>"
        )
    title = x(store.title)
    css = (
        f"body{{font-family:{FONT};margin:1.5rem;color:#1a1a1a;background:#fff}}"
        "figure{margin:0;overflow-x:auto}table{border-collapse:collapse;margin-top:1rem;font-size:0.9rem}"
        "th,td{border-top:1px solid #ddd;padding:0.3rem 0.5rem;text-align:left;vertical-align:top}"
        "td.num{text-align:right;font-weight:700}td.date{white-space:nowrap;font-variant-numeric:tabular-nums}"
        "h1{font-size:1.3rem}td ul{margin:0;padding-left:1rem}.place{color:#555}"
        "code{font-size:0.85em;color:#555}"
        "tr:target{background:#fff3c4}"
    )
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{title}: timeline chart</title>\n<style>{css}</style>\n</head>\n<body>\n"
        f"<h1>{title}</h1>\n"
        f'<figure class="chart">\n{svg}</figure>\n'
        '<table class="key">\n<thead><tr><th>No.</th><th>Shape</th><th>Event</th><th>Date as stored</th>'
        "<th>Sources</th></tr></thead>\n<tbody>\n" + "\n".join(rows) + "\n</tbody>\n</table>\n"
        '<p class="note">Dates as stored: a date without a time of day is a civil day in the event\'s own '
        "zone and covers that whole day; ~ approximate, ? uncertain. The axis is UTC. Hover over an item "
        "for its title, dates and sources; its number links to its row here.</p>\n"
        "</body>\n</html>\n"
    )
