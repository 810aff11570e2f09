"""``pactcli timeline``: the chronology as a table, a chart or a machine-readable stream."""

from __future__ import annotations

import enum
import sys
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Annotated

import typer

from pactcli.errors import UsageError

if TYPE_CHECKING:
    from rich.console import Console, RenderableType

    from pactcli.store.model import Event, Store
    from pactcli.time.dates import When
    from pactcli.time.zones import Zone

from pactcli.cli import filters
from pactcli.cli.app import app, choices
from pactcli.cli.common import (
    Calendar,
    calendar_record,
    complete_zones,
    load_store,
    print_rich,
    resolve_zones,
    write,
)
from pactcli.cli.filters import (
    AnyClaimOption,
    FromOption,
    LimitOption,
    MinSourceOption,
    ReverseOption,
    SearchOption,
    TagOption,
    ToOption,
)


class TimelineFormat(str, enum.Enum):
    table = "table"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"
    tsv = "tsv"
    markdown = "markdown"
    ics = "ics"
    timelinejs = "timelinejs"
    svg = "svg"
    html = "html"


class ChartLanes(str, enum.Enum):
    tag = "tag"
    place = "place"
    none = "none"


# --- timeline --------------------------------------------------------------------------------------------


@app.command(short_help="The chronology, in each zone's clock.")
def timeline(
    tz: Annotated[
        list[str] | None,
        typer.Option(
            "--tz",
            metavar="ZONE",
            help="Zone to show (repeatable): IANA name, store zone, +09:00.",
            autocompletion=complete_zones,
        ),
    ] = None,
    date_from: FromOption = None,
    date_to: ToOption = None,
    any_claim: AnyClaimOption = False,
    tag: TagOption = None,
    search: SearchOption = None,
    limit: LimitOption = None,
    reverse: ReverseOption = False,
    min_source: MinSourceOption = None,
    calendar: Annotated[
        list[Calendar] | None,
        typer.Option(
            "--calendar",
            metavar="CALENDAR",
            help=f"Add a calendar column (repeatable): {choices(Calendar)}.",
        ),
    ] = None,
    weekday: Annotated[
        bool, typer.Option("--weekday", help="Add the day of the week, in each event's own clock.")
    ] = False,
    fmt: Annotated[
        TimelineFormat,
        typer.Option("--format", metavar="FORMAT", help=f"Output format: {choices(TimelineFormat)}."),
    ] = TimelineFormat.table,
    chart: Annotated[
        bool,
        typer.Option(
            "--chart", help="Draw a time chart (terminal; --format svg or html for a file on stdout)."
        ),
    ] = False,
    lanes: Annotated[
        ChartLanes | None,
        typer.Option(
            "--lanes", metavar="LANES", help="Chart lanes: each event's first tag (default), place, or none."
        ),
    ] = None,
) -> None:
    """The chronology as a table: each event in each zone's clock, with its sources.

    Dates without a time of day stay in the event's own day; reduced precision is shown as it is (Jul 1942).

    \b
    Example: pactcli timeline --from 1945-08 --tz Asia/Chita --calendar japanese
    """
    from pactcli.store.queries import select

    _check_chart_options(fmt, chart, lanes, tz, calendar)
    loaded = load_store()
    selection = filters.selection(
        loaded, date_from, date_to, tag, search, limit, reverse, min_source, any_claim
    )
    if chart:
        chosen = select(loaded, selection)
        _write_chart(loaded, chosen, selection.start, selection.end, fmt, (lanes or ChartLanes.tag).value)
        return
    zones = resolve_zones(loaded, tz)
    names = [c.value for c in calendar or []]
    if fmt in _RECORD_FORMATS and not names:
        # The index keeps each event's record in the store's display zones: read, not computed again.
        from pactcli.store.queries import stored_records

        texts = stored_records(loaded, selection, zones)
        if texts is not None:
            _write_stored(texts, zones, fmt, weekday)
            return
    if fmt in _STREAMED:
        # One record at a time: the first line of a 100,000-event store comes at once, memory stays flat.
        from pactcli.store.queries import iter_select

        _write_records(loaded, iter_select(loaded, selection), zones, fmt, names, weekday)
        return
    events = select(loaded, selection)
    if fmt is TimelineFormat.table:
        print_rich(lambda console: _timeline_renderable(console, loaded, events, zones, names, weekday))
        return
    _write_records(loaded, events, zones, fmt, names, weekday)


_CHART_FORMATS = (TimelineFormat.table, TimelineFormat.svg, TimelineFormat.html)
_STREAMED = (TimelineFormat.jsonl, TimelineFormat.csv, TimelineFormat.tsv)
_RECORD_FORMATS = (*_STREAMED, TimelineFormat.json, TimelineFormat.markdown)


def _write_stored(texts: Iterator[str], zones: list[Zone], fmt: TimelineFormat, weekday: bool) -> None:
    """Records stored as JSON text (``json.dumps``): JSON Lines as they are (escaped), the rest decoded."""
    if fmt is TimelineFormat.jsonl:
        from pactcli.render.safe import json_escaped

        for text in texts:
            write(json_escaped(text))
        return
    import json

    _write_record_dicts((json.loads(text) for text in texts), zones, fmt, weekday)


def _check_chart_options(
    fmt: TimelineFormat,
    chart: bool,
    lanes: ChartLanes | None,
    tz: list[str] | None,
    calendar: list[Calendar] | None,
) -> None:
    if not chart:
        if fmt in (TimelineFormat.svg, TimelineFormat.html):
            raise UsageError(f"--format {fmt.value} needs --chart")
        if lanes is not None:
            raise UsageError("--lanes needs --chart")
        return
    if fmt not in _CHART_FORMATS:
        raise UsageError(f"--chart draws --format table, svg or html, not {fmt.value}")
    if tz:
        raise UsageError("--tz does not apply to --chart (its time axis is UTC)")
    if calendar:
        raise UsageError("--calendar does not apply to --chart")


def _write_chart(
    loaded: Store,
    events: list[Event],
    date_from: When | None,
    date_to: When | None,
    fmt: TimelineFormat,
    lanes: str,
) -> None:
    try:
        if fmt is TimelineFormat.table:
            from pactcli.render.chart_terminal import timeline_chart

            print_rich(lambda console: timeline_chart(console, loaded, events, lanes, date_from, date_to))
            return
        from pactcli.render.chart_svg import html_document, svg_document

        document = svg_document if fmt is TimelineFormat.svg else html_document
        text = document(loaded, events, lanes, date_from, date_to)
    except (OverflowError, ValueError) as exc:
        # The axis is padded and rounded out to whole units: at the edges of years 1-9999 it cannot be.
        raise UsageError(
            f"--chart: the period is too wide to draw ({exc}); keep --from and --to within years 2-9998"
        ) from None
    write(text)


def _timeline_renderable(
    console: Console,
    loaded: Store,
    events: list[Event],
    zones: list[Zone],
    names: list[str],
    weekday: bool,
) -> RenderableType:
    from pactcli.render.views import timeline_table

    return timeline_table(console, loaded, events, zones, names, weekday)


def _write_records(
    loaded: Store,
    events: Iterable[Event],
    zones: list[Zone],
    fmt: TimelineFormat,
    calendars: list[str],
    weekday: bool = False,
) -> None:
    if fmt is TimelineFormat.ics:
        from pactcli.exports.ics import calendar as ics_calendar

        # CRLF and UTF-8 are part of RFC 5545: bypass text-mode newline translation and the locale.
        document = ics_calendar(loaded, list(events))
        buffer = getattr(sys.stdout, "buffer", None)
        if buffer is None:
            sys.stdout.write(document)
        else:
            sys.stdout.flush()
            buffer.write(document.encode("utf-8"))
            buffer.flush()
        return
    if fmt is TimelineFormat.timelinejs:
        from pactcli.exports.timelinejs import timeline_json

        write(timeline_json(loaded, list(events)))
        return
    from pactcli.store.records import event_record

    def records() -> Iterator[dict[str, object]]:
        for event in events:
            record = event_record(event, zones, loaded.sources)
            if calendars:
                record["calendars"] = calendar_record(event, calendars)
            yield record

    _write_record_dicts(records(), zones, fmt, weekday)


def _write_record_dicts(
    records: Iterator[dict[str, object]], zones: list[Zone], fmt: TimelineFormat, weekday: bool
) -> None:
    from pactcli.render import machine

    names = [z.name for z in zones]
    if fmt is TimelineFormat.jsonl:
        for line in machine.json_lines(records):
            write(line)
    elif fmt is TimelineFormat.json:
        write(machine.json_array(list(records)))
    elif fmt is TimelineFormat.markdown:
        write(machine.markdown_table(list(records), names, weekday))
    else:
        for line in machine.delimited_lines(records, names, tab=fmt is TimelineFormat.tsv, weekday=weekday):
            sys.stdout.write(line)
