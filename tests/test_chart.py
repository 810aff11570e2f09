"""``timeline --chart``: the layout (lanes, spans, ticks, labels), the terminal picture, SVG and HTML.

Expected instants are worked out here from the store's own values and the zones' offsets in those years
(Moscow +03 in 1941-1945, Manchukuo +09, Chita +09), not read back from pactcli's output.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
import xml.etree.ElementTree as ET

import pytest
from rich.cells import cell_len

from pactcli.exports.chart import Kind, Unit, claim_span, envelope, layout
from pactcli.store import parse as store
from pactcli.store.model import Store
from pactcli.store.queries import Selection, select
from pactcli.time.dates import parse_edtf

from .conftest import DATA, MINI

HOSTILE = str(DATA / "unchecked" / "hostile.toml")
SVG = "{http://www.w3.org/2000/svg}"
UTC = dt.timezone.utc
RAW_CONTROLS = ["\x1b", "\x9b", "\u202e", "\u202c", "\x07"]


def utc(*parts: int) -> dt.datetime:
    return dt.datetime(*parts, tzinfo=UTC)


@pytest.fixture(scope="module")
def embedded() -> Store:
    loaded, _ = store.load([store.EMBEDDED])
    return loaded


def _select(loaded: Store, date_from: str | None = None, date_to: str | None = None):
    start = parse_edtf(date_from) if date_from else None
    end = parse_edtf(date_to) if date_to else None
    return select(loaded, Selection(start=start, end=end)), start, end


# --- layout ----------------------------------------------------------------------------------------------


def test_whole_store_has_year_ticks_on_whole_years(embedded: Store) -> None:
    events, _, _ = _select(embedded)
    chart = layout(events, 66)
    assert chart.unit is Unit.YEAR
    # Mukden, 18 Sep 1931, to the joint declaration, 19 Oct 1956, rounded out to whole years.
    assert (chart.start, chart.end) == (utc(1931, 1, 1), utc(1957, 1, 1))
    # 66 cells for 26 years is about 2.5 cells a year; a year label needs 4 + 2: every fifth year.
    assert chart.step == 5
    assert [t.at for t in chart.ticks] == [utc(year, 1, 1) for year in range(1935, 1957, 5)]
    assert [t.label for t in chart.ticks] == [str(year) for year in range(1935, 1957, 5)]
    wide = layout(events, 184)
    assert (wide.unit, wide.step) == (Unit.YEAR, 1)
    assert [t.at.year for t in wide.ticks] == list(range(1931, 1958))


def test_six_days_have_day_ticks(embedded: Store) -> None:
    events, start, end = _select(embedded, "1945-08-05", "1945-08-10")
    chart = layout(events, 66, date_from=start, date_to=end)
    assert chart.unit is Unit.DAY
    assert (chart.start, chart.end) == (utc(1945, 8, 5), utc(1945, 8, 11))
    assert [t.at for t in chart.ticks] == [utc(1945, 8, day) for day in range(5, 12)]
    # 11 cells a day: each label fits, except the last, which would run off the axis.
    assert [t.label for t in chart.ticks] == ["5 Aug", "6 Aug", "7 Aug", "8 Aug", "9 Aug", "10 Aug", None]
    assert [t.cell for t in chart.ticks] == [0, 11, 22, 33, 44, 55, 65]


def test_one_year_has_month_ticks_and_one_day_hour_ticks(embedded: Store) -> None:
    events, start, end = _select(embedded, "1941", "1941")
    chart = layout(events, 100, date_from=start, date_to=end)
    assert chart.unit is Unit.MONTH
    labels = [t.label for t in chart.ticks if t.label]
    assert labels[:4] == ["1941", "Feb", "Mar", "Apr"]
    events, start, end = _select(embedded, "1945-08-08", "1945-08-08")
    chart = layout(events, 100, date_from=start, date_to=end)
    assert chart.unit is Unit.HOUR
    assert chart.ticks[0].at == utc(1945, 8, 8) and chart.ticks[0].label == "8 Aug"


def test_month_precision_covers_the_month(embedded: Store) -> None:
    event = embedded.event("yamashita-to-manchuria")
    assert event is not None and event.start.raw == "1942-07" and event.zone.name == "manchukuo"
    # July 1942 in Manchukuo time (+09:00): 30 Jun 15:00 UTC to 31 Jul 15:00 UTC.
    span = claim_span(event.claim)
    assert (span.start, span.end) == (utc(1942, 6, 30, 15), utc(1942, 7, 31, 15))
    events, start, end = _select(embedded, "1942", "1942")
    chart = layout(events, 120, date_from=start, date_to=end)
    item = next(i for i in chart.items if i.event.id == "yamashita-to-manchuria")
    assert item.kind is Kind.UNCERTAIN
    (mark,) = item.marks
    assert mark.shape == "fuzzy"
    per_day = 120 / 365  # 1942 is not a leap year
    assert mark.x0 == pytest.approx((180 + 15 / 24) * per_day)  # 30 Jun is day 181 of 1942
    assert mark.x1 == pytest.approx((211 + 15 / 24) * per_day)  # 31 Jul is day 212


def test_a_date_covers_its_civil_day_and_an_instant_is_a_point(embedded: Store) -> None:
    signed = embedded.event("pact-signed")
    denounced = embedded.event("pact-denounced")
    assert signed is not None and denounced is not None
    span = claim_span(signed.claim)  # 13 Apr 1941 in Moscow (+03)
    assert (span.start, span.end) == (utc(1941, 4, 12, 21), utc(1941, 4, 13, 21))
    span = claim_span(denounced.claim)  # 15:00 MSK, 5 Apr 1945
    assert (span.start, span.end) == (utc(1945, 4, 5, 12), utc(1945, 4, 5, 12))


def test_range_is_solid_between_its_days(embedded: Store) -> None:
    # Stalingrad: an undisputed day range, in Europe/Volgograd (+04 in tzdata).
    events, start, end = _select(embedded, "1942-08", "1943-02")
    chart = layout(events, 212, date_from=start, date_to=end)  # 212 days: one cell a day
    item = next(i for i in chart.items if i.event.id == "stalingrad")
    assert item.kind is Kind.RANGE
    assert (item.main.start, item.main.end) == (utc(1942, 8, 22, 20), utc(1943, 2, 2, 20))
    solid = [m for m in item.marks if m.shape == "solid"]
    fuzzy = [m for m in item.marks if m.shape == "fuzzy"]
    assert len(solid) == 1 and len(fuzzy) == 2
    # Solid from the end of 23 Aug (20:00 UTC) to the start of 2 Feb (1 Feb 20:00 UTC): cells 22..184
    # (1 Feb 1943 is 31 + 30 + 31 + 30 + 31 + 31 = 184 days after 1 Aug 1942).
    assert (solid[0].first, solid[0].last) == (22, 184)
    assert solid[0].x0 == pytest.approx(22 + 20 / 24) and solid[0].x1 == pytest.approx(184 + 20 / 24)


def test_disputed_declaration_spans_its_claims(embedded: Store, run) -> None:
    out = run("event", "soviet-declaration-of-war").out
    assert "Claim 1: 8 Aug 1945 23:00 MSK" in out and "Claim 2: 7 Aug 1945" in out
    assert "Claim 3: 8 Aug 1941" in out
    event = embedded.event("soviet-declaration-of-war")
    assert event is not None
    whole = envelope(event)
    # Claim 3 is the civil day 8 Aug 1941 in Moscow (7 Aug 21:00 UTC on); claim 1 is 23:00 MSK = 20:00 UTC.
    assert (whole.start, whole.end) == (utc(1941, 8, 7, 21), utc(1945, 8, 8, 20))
    events, start, end = _select(embedded, "1945-08-05", "1945-08-10")
    chart = layout(events, 144, date_from=start, date_to=end)  # 144 cells for 6 days: one cell an hour
    item = next(i for i in chart.items if i.event.id == "soviet-declaration-of-war")
    assert item.kind is Kind.DISPUTED
    shapes = {(m.shape, m.first, m.last) for m in item.marks}
    # The line runs from claim 3 (1941, before the axis: cell 0) to claim 1, 8 Aug 20:00 UTC, which is
    # hour 48 + 24 + 20 = 92 of the axis.
    assert ("dispute", 0, 91) in shapes  # the line covers cells 0..91, up to the instant at 92.0
    assert ("point", 86, 86) in shapes  # the main claim, 8 Aug 14:00 UTC: hour 72 + 14
    assert ("claim", 92, 92) in shapes  # claim 1, 8 Aug 20:00 UTC
    assert ("fuzzy", 45, 68) in shapes  # claim 2, the whole of 7 Aug in Moscow: up to hour 69
    assert item.first == 0 and item.last == 92


def _occupied(item) -> list[tuple[int, int]]:
    spans = [(item.first, item.last)]
    if item.label_side != "inside":
        spans.append((item.label_cell, item.label_cell + len(item.label) - 1))
    return spans


@pytest.mark.parametrize("lanes", ["tag", "place", "none"])
@pytest.mark.parametrize("width", [30, 66, 184])
def test_labels_never_touch_or_overlap(embedded: Store, lanes: str, width: int) -> None:
    events, _, _ = _select(embedded)
    chart = layout(events, width, lanes)
    assert [i.number for i in chart.items] == list(range(1, len(events) + 1))
    rows: dict[tuple[int, int], list[tuple[int, int]]] = {}
    for item in chart.items:
        assert item.label_cell >= 0 and item.label_cell + len(item.label) <= width
        for lo, hi in _occupied(item):
            for a, b in rows.get((item.lane, item.row), []):
                assert hi < a - 1 or lo > b + 1, (item.event.id, lo, hi, a, b)
        rows.setdefault((item.lane, item.row), []).extend(_occupied(item))
        label_end = item.label_cell + len(item.label) - 1
        assert label_end < item.first or item.label_cell > item.last
    shown = [(t.cell, t.cell + len(t.label) - 1) for t in chart.ticks if t.label]
    for (_, end), (start, _) in itertools.pairwise(shown):
        assert start > end + 1
    assert all(end < width for _, end in shown)


def test_lanes_by_first_tag_place_or_none(embedded: Store) -> None:
    events, _, _ = _select(embedded)
    by_tag = layout(events, 80)
    expected = list(dict.fromkeys(e.tags[0] for e in events))
    assert [lane.name for lane in by_tag.lanes] == expected
    assert by_tag.lanes[0].name == "manchuria"  # Mukden comes first, tagged manchuria, war
    by_place = layout(events, 80, "place")
    assert [lane.name for lane in by_place.lanes] == list(
        dict.fromkeys(e.place or "(no place)" for e in events)
    )
    assert [lane.name for lane in layout(events, 80, "none").lanes] == ["events"]


# --- terminal --------------------------------------------------------------------------------------------

MINI_CHART = [
    "8 Aug                                   9 Aug",
    "┬" + "─" * 39 + "┬" + "─" * 38 + "┬",
    "┊" + " " * 22 + "◆" + "─" * 9 + "◇1" + " " * 5 + "┊" + " " * 38 + "┊",
    "┊" + " " * 24 + "◆2" + " " * 13 + "┊" + " " * 38 + "┊",
    "┴" + "─" * 39 + "┴" + "─" * 38 + "┴",
    "8 Aug                                   9 Aug",
]


def test_terminal_chart_exact_for_two_days(run) -> None:
    # 80 cells for 48 hours from 8 Aug 00:00 UTC: 14:00 UTC (17:00 MSK) is cell 23, the disputed 23:00 MSK
    # (20:00 UTC) cell 33; the offensive at 00:10 Chita time (+09) is 15:10 UTC, cell 25.
    result = run(
        "--store", str(MINI), "timeline", "--chart", "--from", "1945-08-08", "--to", "1945-08-09",
        "--lanes", "none", env={"COLUMNS": "80"},
    )  # fmt: skip
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    assert lines[0] == "Test chronology · 2 events · one lane"
    assert lines[1] == "UTC axis, 8 Aug 1945 – 10 Aug 1945; ticks every day"
    assert [line.rstrip() for line in lines[2:8]] == MINI_CHART
    key = "\n".join(lines)
    assert re.search(r"^ *1 ◆─◇ +1945-08-08T17:00:00 ", key, re.M)
    assert re.search(r"^ *2 ◆ +1945-08-09T00:10~ ", key, re.M)
    assert "\x1b" not in result.out


@pytest.mark.parametrize("columns", [80, 200])
def test_terminal_chart_fits_and_keys_every_event(run, embedded: Store, columns: int) -> None:
    result = run("timeline", "--chart", env={"COLUMNS": str(columns)})
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    # The drawing and its key fit the width; the reference list is running text, one entry per line when
    # piped (README, "At the terminal and in pipes").
    drawing = [line for line in lines if not re.match(r"\[\d+\] ", line)]
    assert max(cell_len(line) for line in drawing) <= columns
    references = [line for line in lines if re.match(r"\[\d+\] ", line)]
    assert [int(line[1:].split("]")[0]) for line in references] == list(range(1, len(references) + 1))
    rule = next(line for line in lines if "┬" in line)
    assert cell_len(rule) == columns  # the axis runs to the last column
    # Every selected event is in the key, numbered in order, with its ID (wrapping may split a long ID).
    numbers = [int(m.group(1)) for m in re.finditer(r"^ {0,2}(\d+) (?:◆─◇|[◆█░]) ", result.out, re.M)]
    assert numbers == list(range(1, len(embedded.events) + 1))
    squeezed = "".join(result.out.split())
    for event in embedded.events:
        assert f"({event.id})" in squeezed
    tick_labels = next(line for line in lines if line.strip().startswith("193")).split()
    first, step = (1935, 5) if columns == 80 else (1931, 1)
    assert tick_labels == [str(y) for y in range(first, 1957, step)]


def test_terminal_chart_day_ticks_in_80_columns(run) -> None:
    result = run("timeline", "--chart", "--from", "1945-08-05", "--to", "1945-08-10", env={"COLUMNS": "80"})
    assert result.code == 0, result.err
    labels = next(line for line in result.out.splitlines() if line.strip().startswith("5 Aug"))
    assert re.findall(r"\d+ Aug", labels) == ["5 Aug", "6 Aug", "7 Aug", "8 Aug", "9 Aug", "10 Aug"]
    drawing = [line for line in result.out.splitlines() if not re.match(r"\[\d+\] ", line)]
    assert max(cell_len(line) for line in drawing) <= 80


def test_terminal_chart_filters_and_numbering(run) -> None:
    result = run("timeline", "--chart", "--tag", "pact", "--limit", "3", "--reverse")
    assert result.code == 0, result.err
    assert "3 events" in result.out
    assert re.search(r"^ *1 \S+ +1946-04-25 ", result.out, re.M)  # newest first: the expiry is number 1
    empty = run("timeline", "--chart", "--search", "no such text anywhere")
    assert empty.code == 0 and empty.out.strip() == "No events match."


def test_hostile_store_terminal_chart_is_data(run) -> None:
    result = run("--store", HOSTILE, "timeline", "--chart", env={"COLUMNS": "200"})
    assert result.code == 0, result.err
    for char in RAW_CONTROLS:
        assert char not in result.out, repr(char)
    assert "[bold]Bold?[/] :skull:" in result.out  # markup printed, not parsed
    assert "\\x1b[31mred\\x1b[0m \\u202eevil\\u202c \\x9b2J" in result.out


# --- usage -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--format", "svg"], "pactcli: --format svg needs --chart\n"),
        (["--format", "html"], "pactcli: --format html needs --chart\n"),
        (["--lanes", "place"], "pactcli: --lanes needs --chart\n"),
        (["--chart", "--format", "json"], "pactcli: --chart draws --format table, svg or html, not json\n"),
        (["--chart", "--format", "csv"], "pactcli: --chart draws --format table, svg or html, not csv\n"),
        (["--chart", "--tz", "UTC"], "pactcli: --tz does not apply to --chart (its time axis is UTC)\n"),
    ],
)
def test_chart_usage_errors(run, args: list[str], message: str) -> None:
    result = run("timeline", *args)
    assert (result.code, result.out, result.err) == (2, "", message)


def test_unknown_lanes_mode_is_a_usage_error(run) -> None:
    result = run("timeline", "--chart", "--lanes", "zone")
    assert result.code == 2 and result.err.startswith("pactcli: ") and result.err.count("\n") == 1


# --- SVG and HTML ----------------------------------------------------------------------------------------


def _events(root: ET.Element) -> list[ET.Element]:
    return [g for g in root.iter(f"{SVG}g") if "event" in g.get("class", "").split()]


def test_svg_is_well_formed_with_one_element_per_event(run, embedded: Store) -> None:
    result = run("timeline", "--chart", "--format", "svg")
    assert result.code == 0, result.err
    assert result.out.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<svg ')
    root = ET.fromstring(result.out.encode())
    groups = _events(root)
    assert [g.get("data-id") for g in groups] == [e.id for e in embedded.events]
    for number, (group, event) in enumerate(zip(groups, embedded.events, strict=True), start=1):
        title = group.find(f"{SVG}title")
        assert title is not None and title.text is not None
        assert title.text.startswith(f"{number}. {event.title} ({event.id})")
        assert f"Date as stored: {event.start.raw}" in title.text
        assert "Source: " in title.text
        labels = [t.text for t in group.iter(f"{SVG}text") if t.get("class") == "label"]
        assert labels == [str(number)]
    key = [t.get("data-id") for t in root.iter(f"{SVG}text") if t.get("class") == "key-line"]
    assert key == [e.id for e in embedded.events]
    assert "<script" not in result.out and "http" not in result.out.replace("http://www.w3.org/2000/svg", "")


def test_svg_kinds_and_shapes(run) -> None:
    result = run("timeline", "--chart", "--format", "svg", "--from", "1945-08-05", "--to", "1945-08-10")
    root = ET.fromstring(result.out.encode())
    by_id = {g.get("data-id"): g for g in _events(root)}
    declaration = by_id["soviet-declaration-of-war"]
    assert declaration.get("data-kind") == "disputed"
    classes = [child.get("class") for child in declaration]
    assert classes.count("dispute") == 1 and classes.count("claim") == 1 and classes.count("point") == 1
    assert classes.count("fuzzy") == 1  # the 7 August claim covers a whole day
    assert by_id["nagasaki"].get("data-kind") == "instant"
    assert by_id["mongolia-declares-war"].get("data-kind") == "uncertain"


def test_html_wraps_the_svg_and_a_footnote_table(run, embedded: Store) -> None:
    result = run("timeline", "--chart", "--format", "html", "--tag", "pact")
    assert result.code == 0, result.err
    out = result.out
    assert out.startswith("<!DOCTYPE html>\n") and out.rstrip().endswith("</html>")
    assert "<script" not in out and "@font-face" not in out and "<link" not in out
    pact = [e for e in embedded.events if "pact" in e.tags]
    svg = out[out.index("<svg ") : out.index("</svg>") + len("</svg>")]
    groups = _events(ET.fromstring(svg.encode()))
    assert [g.get("data-id") for g in groups] == [e.id for e in pact]
    rows = re.findall(r'<tr id="key-(\d+)" class="key-row" data-id="([^"]+)"', out)
    assert rows == [(str(n), e.id) for n, e in enumerate(pact, start=1)]
    assert out.count('<a href="#key-') == len(pact)


def test_hostile_store_svg_and_html_escape_everything(run) -> None:
    for fmt in ("svg", "html"):
        result = run("--store", HOSTILE, "timeline", "--chart", "--format", fmt)
        assert result.code == 0, result.err
        for char in RAW_CONTROLS:
            assert char not in result.out, (fmt, repr(char))
        assert "=cmd|&#x27; /C calc&#x27;!A0" in result.out
        assert "<bold>" not in result.out and "[bold]Bold?[/] :skull:" in result.out
    svg = run("--store", HOSTILE, "timeline", "--chart", "--format", "svg").out
    root = ET.fromstring(svg.encode())  # a raw ESC or C1 control would make this fail: XML forbids them
    (group,) = [g for g in _events(root) if g.get("data-id") == "hostile"]
    title = group.find(f"{SVG}title")
    assert title is not None and title.text is not None
    assert title.text.startswith("1. [bold]Bold?[/] :skull: \\x1b[31mred\\x1b[0m \\u202eevil\\u202c \\x9b2J")
    assert "Place: =cmd|' /C calc'!A0" in title.text


def test_empty_svg_is_still_well_formed(run) -> None:
    result = run("timeline", "--chart", "--format", "svg", "--search", "no such text anywhere")
    assert result.code == 0, result.err
    root = ET.fromstring(result.out.encode())
    assert _events(root) == []
    assert "No events match." in result.out
