"""The command line: parse arguments, ask the core, hand results to a renderer. Nothing else lives here.

Start-up time is a feature (pactcli runs in shell loops), so each command imports what only it needs inside
its own body: ``timeline`` pays for Rich tables, ``diff-dates --format json`` does not.
"""

from __future__ import annotations

import enum
import functools
import os
import sys
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

from . import __version__
from .errors import LookupFailed, PactError, UsageError

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from rich.console import Console, RenderableType

    from .arithmetic import Difference
    from .dates import When
    from .model import Event, Store
    from .zones import Zone

app = typer.Typer(
    name="pactcli",
    help="A sourced chronology of the Soviet-Japanese Neutrality Pact (1931-1946), in every capital's clock.",
    no_args_is_help=True,
    rich_markup_mode=None,  # help text is never parsed as markup
    pretty_exceptions_enable=False,
    add_completion=True,
    context_settings={"help_option_names": ["-h", "--help"]},
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


class EventFormat(str, enum.Enum):
    table = "table"
    json = "json"


class DiffFormat(str, enum.Enum):
    table = "table"
    json = "json"
    text = "text"


class CiteStyle(str, enum.Enum):
    chicago = "chicago"
    chicago_author_date = "chicago-author-date"
    apa = "apa"
    mla = "mla"


class CiteFormat(str, enum.Enum):
    text = "text"
    markdown = "markdown"
    html = "html"
    bibtex = "bibtex"
    ris = "ris"
    csl_json = "csl-json"


class Calendar(str, enum.Enum):
    japanese = "japanese"
    julian = "julian"
    minguo = "minguo"
    manchukuo = "manchukuo"


# --- shared state ----------------------------------------------------------------------------------------


class _Options:
    store_paths: list[str] = []  # noqa: RUF012 - one process, one invocation
    debug = False


def _load_store() -> Store:
    # Through the index cache: a store parsed once is not parsed again (pactcli.cache, docs/performance.md).
    from . import cache
    from .storefiles import store_paths

    return cache.load(store_paths(_Options.store_paths))


def _zones(store: Store, names: list[str] | None) -> list[Zone]:
    from . import zones

    chosen = names or list(store.display_zones)
    resolved = []
    for name in chosen:
        try:
            resolved.append(zones.resolve(name, store.zones))
        except UsageError as exc:
            raise UsageError(f"--tz: {exc}") from None
    return resolved


def _write(text: str) -> None:
    sys.stdout.write(text)
    if text and not text.endswith("\n"):
        sys.stdout.write("\n")


def _stdin_lines(what: str) -> list[str]:
    if sys.stdin is None or sys.stdin.closed:
        raise UsageError(f"'-' reads {what} from standard input, but there is none")
    return [line.strip() for line in sys.stdin if line.strip() and not line.lstrip().startswith("#")]


def _version(value: bool) -> None:
    if value:
        from .zones import TZDATA_VERSION

        typer.echo(f"pactcli {__version__} (tzdata {TZDATA_VERSION})")
        raise typer.Exit()


@app.callback()
def root(
    store: Annotated[
        list[str] | None,
        typer.Option(
            "--store",
            metavar="PATH",
            help="Store file to load (repeatable; merged). '@embedded' is the shipped store. "
            "Default: $PACTCLI_STORE (paths joined with ':'), else the embedded store.",
        ),
    ] = None,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks for errors.")] = False,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Print versions (pactcli, tzdata)."),
    ] = False,
) -> None:
    """pactcli: when exactly did it happen, in each capital's clock, and who says so?"""
    if any(not path.strip() for path in store or []):
        raise UsageError("--store: empty path; give a store file or @embedded")
    _Options.store_paths = list(store or [])
    _Options.debug = debug


# --- completion ------------------------------------------------------------------------------------------


def _complete_ids(incomplete: str) -> Iterator[str]:
    try:
        loaded = _load_store()
    except PactError:
        return
    yield from (eid for eid in loaded.event_ids() if eid.startswith(incomplete))


def _complete_zones(incomplete: str) -> Iterator[str]:
    from .zones import iana_names

    lowered = incomplete.lower()
    yield from (name for name in iana_names() if name.lower().startswith(lowered))


# --- validate --------------------------------------------------------------------------------------------


@app.command()
def validate(
    paths: Annotated[list[str] | None, typer.Argument(metavar="[PATH]...", show_default=False)] = None,
) -> None:
    """Check store files: syntax, fields, types, dates, zones, IDs, sources, disputes.

    Prints every problem as FILE:LINE: RECORD: FIELD: message and exits 1 if there are errors
    (warnings, such as a source that is never cited, do not change the exit code).

    Example: pactcli validate data/events.toml
    """
    from . import store
    from .render.safe import visible

    targets = list(paths or []) or store.store_paths(_Options.store_paths)
    loaded, problems = store.validate(targets)
    for problem in problems:
        # Messages quote the file's own text (IDs, keys, values): escape it like any other store text.
        print(visible(problem.line()), file=sys.stderr if problem.severity == "error" else sys.stdout)
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        print(f"pactcli: {len(errors)} error(s) in {', '.join(targets)}", file=sys.stderr)
        raise typer.Exit(1)
    warnings = len(problems)
    print(
        f"ok: {len(loaded.events)} events, {len(loaded.sources)} sources"
        + (f", {warnings} warning(s)" if warnings else "")
    )


# --- timeline --------------------------------------------------------------------------------------------


def _user_date(text: str | None, arg: str, loaded: Store) -> When | None:
    from .endpoints import parse_user_date

    return parse_user_date(text, arg=arg, zones=loaded.zones) if text is not None else None


@app.command()
def timeline(
    tz: Annotated[
        list[str] | None,
        typer.Option(
            "--tz",
            metavar="ZONE",
            help="Zone to show (repeatable): IANA name, store zone, +09:00.",
            autocompletion=_complete_zones,
        ),
    ] = None,
    date_from: Annotated[
        str | None, typer.Option("--from", metavar="DATE", help="From (1941, 1945-08, …).")
    ] = None,
    date_to: Annotated[str | None, typer.Option("--to", metavar="DATE", help="To, inclusive.")] = None,
    tag: Annotated[
        list[str] | None, typer.Option("--tag", help="Only events with this tag (repeatable).")
    ] = None,
    search: Annotated[
        str | None, typer.Option("--search", help="Text in title, summary, participants, place.")
    ] = None,
    limit: Annotated[int | None, typer.Option("--limit", min=0, help="At most N events.")] = None,
    reverse: Annotated[bool, typer.Option("--reverse", help="Newest first.")] = False,
    calendar: Annotated[
        list[Calendar] | None, typer.Option("--calendar", help="Add a calendar column (repeatable).")
    ] = None,
    fmt: Annotated[TimelineFormat, typer.Option("--format", help="Output format.")] = TimelineFormat.table,
    chart: Annotated[
        bool,
        typer.Option(
            "--chart", help="Draw a time chart (terminal; --format svg or html for a file on stdout)."
        ),
    ] = False,
    lanes: Annotated[
        ChartLanes | None,
        typer.Option("--lanes", help="Chart lanes: each event's first tag (default), place, or none."),
    ] = None,
) -> None:
    """The chronology as a table: each event in each zone's clock, with its sources.

    Dates without a time of day stay in the event's own day; reduced precision is shown as it is (Jul 1942).

    Example: pactcli timeline --from 1945-08 --tz Asia/Chita --calendar japanese
    """
    from .queries import Selection, select

    _check_chart_options(fmt, chart, lanes, tz, calendar)
    loaded = _load_store()
    selection = Selection(
        start=_user_date(date_from, "--from", loaded),
        end=_user_date(date_to, "--to", loaded),
        tags=tuple(tag or ()),
        search=search,
        limit=limit,
        reverse=reverse,
    )
    if chart:
        chosen = select(loaded, selection)
        _write_chart(loaded, chosen, selection.start, selection.end, fmt, (lanes or ChartLanes.tag).value)
        return
    zones = _zones(loaded, tz)
    names = [c.value for c in calendar or []]
    if fmt in _STREAMED:
        # One record at a time: the first line of a 100,000-event store comes at once, memory stays flat.
        from .queries import iter_select

        _write_records(loaded, iter_select(loaded, selection), zones, fmt, names)
        return
    events = select(loaded, selection)
    if fmt is TimelineFormat.table:
        _print_rich(lambda console: _timeline_renderable(console, loaded, events, zones, names), page=True)
        return
    _write_records(loaded, events, zones, fmt, names)


_CHART_FORMATS = (TimelineFormat.table, TimelineFormat.svg, TimelineFormat.html)
_STREAMED = (TimelineFormat.jsonl, TimelineFormat.csv, TimelineFormat.tsv)


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
    if fmt is TimelineFormat.table:
        from .render.chart_terminal import timeline_chart

        _print_rich(
            lambda console: timeline_chart(console, loaded, events, lanes, date_from, date_to), page=True
        )
        return
    from .render.chart_svg import html_document, svg_document

    write = svg_document if fmt is TimelineFormat.svg else html_document
    _write(write(loaded, events, lanes, date_from, date_to))


def _timeline_renderable(
    console: Console, loaded: Store, events: list[Event], zones: list[Zone], names: list[str]
) -> RenderableType:
    from .render.views import timeline_table

    return timeline_table(console, loaded, events, zones, names)


def _write_records(
    loaded: Store,
    events: Iterable[Event],
    zones: list[Zone],
    fmt: TimelineFormat,
    calendars: list[str],
) -> None:
    if fmt is TimelineFormat.ics:
        from .exports.ics import calendar as ics_calendar

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
        from .exports.timelinejs import timeline_json

        _write(timeline_json(loaded, list(events)))
        return
    from .records import event_record
    from .render import machine

    def records() -> Iterator[dict[str, object]]:
        for event in events:
            record = event_record(event, zones)
            if calendars:
                record["calendars"] = _calendar_record(event, calendars)
            yield record

    names = [z.name for z in zones]
    if fmt is TimelineFormat.jsonl:
        for line in machine.json_lines(records()):
            _write(line)
    elif fmt is TimelineFormat.json:
        _write(machine.json_array(list(records())))
    elif fmt is TimelineFormat.markdown:
        _write(machine.markdown_table(list(records()), names))
    else:
        for line in machine.delimited_lines(records(), names, tab=fmt is TimelineFormat.tsv):
            sys.stdout.write(line)


def _calendar_record(event: Event, names: Iterable[str]) -> dict[str, str | None]:
    from .calendars import render

    out: dict[str, str | None] = {}
    for name in names:
        rendered = render(name, event.start.year, event.start.month, event.start.day)
        out[name] = rendered.native if rendered else None
    return out


def _print_rich(build: Callable[[Console], RenderableType], page: bool = False) -> None:
    from .render.console import make_console

    console = make_console()
    renderable = build(console)
    if page and console.is_terminal and os.environ.get("PAGER", "") != "cat":
        lines = console.render_lines(renderable, console.options, pad=False)
        if len(lines) > console.height:
            with console.pager(styles=True):
                console.print(renderable)
            return
    console.print(renderable)


# --- event -----------------------------------------------------------------------------------------------


@app.command()
def event(
    ids: Annotated[
        list[str],
        typer.Argument(
            metavar="ID...",
            help="Event IDs (a unique prefix is enough); '-' reads IDs from stdin.",
            autocompletion=_complete_ids,
        ),
    ],
    tz: Annotated[
        list[str] | None,
        typer.Option(
            "--tz", metavar="ZONE", help="Zone to show (repeatable).", autocompletion=_complete_zones
        ),
    ] = None,
    fmt: Annotated[EventFormat, typer.Option("--format", help="Output format.")] = EventFormat.table,
) -> None:
    """Everything about one event: its time in every zone, precision, disputes, calendars and sources.

    Example: pactcli event soviet-declaration-of-war --tz Asia/Chita
    """
    from .queries import find_event

    wanted = [i for raw in ids for i in (_stdin_lines("event IDs") if raw == "-" else [raw])]
    if any(not i.strip() for i in wanted):
        raise UsageError("argument ID: empty; give an event ID or a unique prefix of one")
    loaded = _load_store()
    zones = _zones(loaded, tz)
    found = [find_event(loaded, eid) for eid in wanted]
    if fmt is EventFormat.json:
        from .records import event_record
        from .render.safe import json_dumps

        out = []
        for item in found:
            record = event_record(item, zones)
            record["text"] = item.text
            record["calendars"] = _calendar_record(item, [c.value for c in Calendar])
            out.append(record)
        _write(json_dumps(out[0] if len(out) == 1 else out, indent=2))
        return
    for number, item in enumerate(found):
        if number:
            _write("")
        _print_rich(functools.partial(_event_renderable, loaded=loaded, item=item, zones=zones))


def _event_renderable(console: Console, loaded: Store, item: Event, zones: list[Zone]) -> RenderableType:
    from .queries import neighbours
    from .render.views import event_view

    before, after = neighbours(loaded, item)
    return event_view(console, loaded, item, zones, before, after)


# --- cite ------------------------------------------------------------------------------------------------


@app.command()
def cite(
    ids: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="[ID]...",
            help="Event or source IDs; '-' reads them from stdin. None: all sources.",
            autocompletion=_complete_ids,
        ),
    ] = None,
    tag: Annotated[list[str] | None, typer.Option("--tag", help="Sources of events with this tag.")] = None,
    style: Annotated[CiteStyle, typer.Option("--style", help="Citation style.")] = CiteStyle.chicago,
    notes_mode: Annotated[bool, typer.Option("--notes", help="Numbered notes in citation order.")] = False,
    fmt: Annotated[CiteFormat, typer.Option("--format", help="Output format.")] = CiteFormat.text,
) -> None:
    """Citations of the store's sources: a bibliography, or numbered notes with locators.

    Example: pactcli cite pact-denounced --style chicago --notes
    """
    from . import citations
    from .model import SourceRef
    from .zones import suggest

    loaded = _load_store()
    wanted = [i for raw in ids or [] for i in (_stdin_lines("IDs") if raw == "-" else [raw])]
    if any(not i.strip() for i in wanted):
        raise UsageError("argument ID: empty; give an event or source ID")
    refs: list[SourceRef] = []
    for key in wanted:
        if key in loaded.sources:
            refs.append(SourceRef(key))
            continue
        found = loaded.event(key)
        if found is None:
            hint = suggest(key, [*loaded.sources, *loaded.event_ids()])
            shown = key if len(key) <= 60 else key[:60] + "…"
            raise LookupFailed(f"no event or source {shown!r}" + (f"; did you mean {hint}?" if hint else ""))
        refs.extend(found.cited_sources())
    if tag:
        from .queries import Selection, select

        for item in select(loaded, Selection(tags=tuple(tag))):
            refs.extend(item.cited_sources())
        if not refs:
            raise LookupFailed(f"no events tagged {', '.join(tag)}")
    if not wanted and not tag:
        refs = [SourceRef(sid) for sid in loaded.sources]
    cites = [(citations.to_csl(ref.id, loaded.sources[ref.id].fields), ref.locator) for ref in refs]
    if fmt.value in citations.EXPORT_FORMATS:
        items = list({csl["id"]: csl for csl, _ in cites}.values())
        _write(citations.export(items, fmt.value))
        return
    runs = (
        citations.notes(cites, style.value)
        if notes_mode
        else citations.bibliography([csl for csl, _ in cites], style.value)
    )
    numbered = notes_mode
    if fmt is CiteFormat.text:
        _print_rich(lambda console: _citation_renderable(console, runs, numbered))
        return
    convert = citations.runs_to_markdown if fmt is CiteFormat.markdown else citations.runs_to_html
    lines = [convert(entry) for entry in runs]
    if fmt is CiteFormat.html:
        tag_name = "ol" if numbered else "ul"
        body = "\n".join(f"  <li>{line}</li>" for line in lines)
        _write(f'<{tag_name} class="csl-{"notes" if numbered else "bibliography"}">\n{body}\n</{tag_name}>')
        return
    if numbered:
        lines = [f"{n}. {line}" for n, line in enumerate(lines, start=1)]
    _write("\n\n".join(lines))


def _citation_renderable(
    console: Console, runs: Sequence[Sequence[tuple[str, bool]]], numbered: bool
) -> RenderableType:
    from .render.citations import citation_list

    return citation_list(runs, numbered)


# --- diff-dates ------------------------------------------------------------------------------------------


@app.command("diff-dates")
def diff_dates(
    a: Annotated[
        str,
        typer.Argument(
            metavar="A",
            help="Event ID (ID@end for its end), date or date-time; '-' "
            "reads tab-separated pairs from stdin.",
            autocompletion=_complete_ids,
        ),
    ],
    b: Annotated[
        str | None,
        typer.Argument(metavar="B", help="Event ID, date or date-time.", autocompletion=_complete_ids),
    ] = None,
    claim: Annotated[
        int, typer.Option("--claim", min=0, help="Use claim N of disputed events (0 = main).")
    ] = 0,
    fmt: Annotated[DiffFormat, typer.Option("--format", help="Output format.")] = DiffFormat.table,
) -> None:
    """B minus A: calendar difference, total days, weeks, inclusive count and ISO 8601 duration.

    Counted forward from the earlier end, so swapping A and B only flips the sign. Month ends: adding
    months to the 29th-31st clips to the last day of a shorter month (31 Jan + 1 month = 28/29 Feb).
    Instants are compared in UTC; a date is a civil day in its own zone. Reduced precision (1942-07) or
    an uncertain date gives a range (min..max total days).

    Example: pactcli diff-dates pact-signed pact-denounced
    """
    from .arithmetic import difference
    from .endpoints import parse_endpoint

    if a == "-":
        if b is not None:
            raise UsageError("argument B: not allowed with '-' (pairs come from stdin)")
        pairs = []
        for number, line in enumerate(_stdin_lines("pairs"), start=1):
            fields = line.split("\t")
            if len(fields) != 2:
                raise UsageError(f"stdin line {number}: expected two fields separated by a tab")
            pairs.append((fields[0].strip(), fields[1].strip()))
    elif b is None:
        raise UsageError("missing argument B (or use '-' to read pairs from stdin)")
    else:
        pairs = [(a, b)]
    loaded = _load_store()
    results = []
    for left, right in pairs:
        start = parse_endpoint(left, loaded, arg="A")
        end = parse_endpoint(right, loaded, arg="B")
        if claim:
            # --claim N picks claim N of whichever end has one, so a disputed event can be measured against an
            # undisputed one or a date.
            candidates = [
                (text, arg) for text, arg, ep in ((left, "A", start), (right, "B", end)) if ep.claims > claim
            ]
            if not candidates:
                raise UsageError(f"--claim {claim}: neither A nor B is an event with a claim {claim}")
            if start.claims > claim:
                start = parse_endpoint(left, loaded, arg="A", claim=claim)
            if end.claims > claim:
                end = parse_endpoint(right, loaded, arg="B", claim=claim)
        results.append(difference(start, end))
    if fmt is DiffFormat.text:
        for result in results:
            _write(result.text())
    elif fmt is DiffFormat.json:
        from .render.safe import json_dumps

        payload = [r.to_json() for r in results]
        _write(json_dumps(payload[0] if len(payload) == 1 and a != "-" else payload, indent=2))
    else:
        _print_rich(lambda console: _diff_renderable(console, results))


def _diff_renderable(console: Console, results: Sequence[Difference]) -> RenderableType:
    from .render.diff import difference_view

    return difference_view(console, results)


# --- cache ---------------------------------------------------------------------------------------------


@app.command("cache")
def cache_command(
    clear: Annotated[bool, typer.Option("--clear", help="Delete every index file.")] = False,
) -> None:
    """Where pactcli keeps the index of parsed stores, and how large it is; --clear empties it.

    An index is written the first time a store is read and used while the store's bytes are unchanged.
    Deleting it is always safe: the next command rebuilds it. PACTCLI_CACHE_DIR moves it,
    PACTCLI_NO_CACHE=1 turns it off.

    Example: pactcli cache --clear
    """
    from . import cache
    from .render.safe import visible

    directory = cache.cache_dir()
    if directory is None:
        _write(f"cache: off ({cache.ENV_OFF} is set)")
        return
    files = sorted(directory.glob("*" + cache.SUFFIX)) if directory.is_dir() else []
    if clear:
        removed = 0
        for path in files:
            try:
                path.unlink()
                removed += 1
            except FileNotFoundError:
                pass
            except OSError as exc:
                raise PactError(f"cannot remove {path}: {exc.strerror or exc}") from None
        _write(f"cache: {visible(str(directory))}: removed {removed} index file(s)")
        return
    size = sum(path.stat().st_size for path in files if path.exists())
    _write(f"cache: {visible(str(directory))}: {len(files)} index file(s), {size:,} bytes")


# --- entry point -----------------------------------------------------------------------------------------


def _fail(message: str, code: int) -> NoReturn:
    from .render.safe import visible

    print(f"pactcli: {visible(message)}", file=sys.stderr)
    raise SystemExit(code)


def _silence_stdout() -> None:
    # The reader went away (pactcli … | head -1): point stdout at /dev/null so the exit flush stays quiet.
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())


def _command_name(info: typer.models.CommandInfo) -> str:
    assert info.callback is not None
    return info.name or info.callback.__name__.replace("_", "-")


def _commands_needed(args: list[str]) -> list[typer.models.CommandInfo]:
    """Only the command the arguments name, when they name one; every command otherwise.

    Typer turns every registered command's signature into Click parameters on each run, about 12 ms for all
    of pactcli's commands against 3 ms for one (docs/performance.md). Help, completion and mistyped names
    still see every command.
    """
    everything = list(app.registered_commands)
    if os.environ.get("_PACTCLI_COMPLETE"):
        return everything
    words = iter(args)
    for word in words:
        if word == "--store":
            next(words, None)
        elif not word.startswith("-"):
            chosen = [info for info in everything if _command_name(info) == word]
            return chosen or everything
        elif word in ("-h", "--help"):
            break
    return everything


def main(argv: list[str] | None = None) -> None:
    """Run the CLI; every error becomes one ``pactcli: …`` line on stderr and an exit code."""
    from typer._click import exceptions as click_exceptions

    args = sys.argv[1:] if argv is None else argv
    registered = app.registered_commands
    try:
        app.registered_commands = _commands_needed(args)
        result = app(args=args or ["--help"], prog_name="pactcli", standalone_mode=False)
        sys.stdout.flush()
    except PactError as exc:
        if _Options.debug:
            raise
        _fail(str(exc), exc.exit_code)
    except click_exceptions.UsageError as exc:
        _fail(exc.format_message().replace("Value error, ", ""), 2)
    except click_exceptions.ClickException as exc:
        _fail(exc.format_message(), 1)
    except (KeyboardInterrupt, typer.Abort):
        _fail("interrupted", 130)
    except BrokenPipeError:
        _silence_stdout()
        raise SystemExit(0) from None
    except SystemExit as exc:
        # Click turns EPIPE from a write inside a command into a bare exit 1; the reader went away, no error.
        if isinstance(exc.__context__, BrokenPipeError):
            _silence_stdout()
            raise SystemExit(0) from None
        raise
    except Exception as exc:
        if _Options.debug:
            raise
        # A bug, not a user error: say so in one line with its own exit code, so tests cannot mistake it.
        _fail(f"internal error: {type(exc).__name__}: {exc} (run with --debug and report it)", 70)
    finally:
        app.registered_commands = registered
    code = result if isinstance(result, int) else 0
    if code == 130:  # Typer turns KeyboardInterrupt into Exit(130) before we can see it
        _fail("interrupted", 130)
    raise SystemExit(code)
