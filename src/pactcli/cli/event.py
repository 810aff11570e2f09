"""``pactcli event``: everything about one event."""

from __future__ import annotations

import enum
import functools
from typing import TYPE_CHECKING, Annotated

import typer

from pactcli.errors import UsageError

if TYPE_CHECKING:
    from rich.console import Console, RenderableType

    from pactcli.store.model import Event, Store
    from pactcli.time.zones import Zone

from pactcli.cli.app import app, choices
from pactcli.cli.common import (
    Batch,
    Calendar,
    JsonArrayWriter,
    calendar_record,
    complete_ids,
    complete_zones,
    load_store,
    print_rich,
    resolve_zones,
    write,
)
from pactcli.cli.options import FailFastOption


class EventFormat(str, enum.Enum):
    table = "table"
    json = "json"


# --- event -----------------------------------------------------------------------------------------------


@app.command(short_help="Everything about one event.")
def event(
    ids: Annotated[
        list[str],
        typer.Argument(
            metavar="ID...",
            help="Event IDs (a unique prefix is enough); '-' reads IDs from stdin.",
            autocompletion=complete_ids,
        ),
    ],
    tz: Annotated[
        list[str] | None,
        typer.Option(
            "--tz", metavar="ZONE", help="Zone to show (repeatable).", autocompletion=complete_zones
        ),
    ] = None,
    fmt: Annotated[
        EventFormat,
        typer.Option("--format", metavar="FORMAT", help=f"Output format: {choices(EventFormat)}."),
    ] = EventFormat.table,
    fail_fast: FailFastOption = False,
) -> None:
    """Everything about one event: its time in every zone, precision, disputes, calendars and sources.

    With '-', IDs are read from stdin one per line; a bad line is reported on stderr with its line number
    and the others are answered (exit 1 at the end; --fail-fast stops at the first).

    \b
    Example: pactcli event soviet-declaration-of-war --tz Asia/Chita
    """
    from pactcli.store.queries import find_event

    if any(not i.strip() for i in ids):
        raise UsageError("argument ID: empty; give an event ID or a unique prefix of one")
    loaded = load_store()
    zones = resolve_zones(loaded, tz)
    batch = Batch("event ID", fail_fast) if "-" in ids else None
    array = JsonArrayWriter() if fmt is EventFormat.json and (batch is not None or len(ids) > 1) else None

    def show(item: Event) -> None:
        if fmt is EventFormat.json:
            from pactcli.render.safe import json_dumps
            from pactcli.store.records import event_record

            record = event_record(item, zones, loaded.sources)
            record["text"] = item.text
            record["calendars"] = calendar_record(item, [c.value for c in Calendar])
            if array is None:
                write(json_dumps(record, indent=2))
            else:
                array.add(record)  # streamed: a batch of a million IDs never sits in memory
        else:
            found.append(item)

    found: list[Event] = []
    for raw in ids:
        if raw != "-":
            show(find_event(loaded, raw))
            continue
        assert batch is not None
        for number, line in batch.lines():
            batch.answer(number, lambda line=line: show(find_event(loaded, line)))  # type: ignore[misc]
    if array is not None:
        array.close()
    if found:
        # All the views at once, so that the pager rule sees the whole output.
        print_rich(functools.partial(_event_renderables, loaded=loaded, items=found, zones=zones))
    if batch is not None:
        batch.finish()


def _event_renderables(
    console: Console, loaded: Store, items: list[Event], zones: list[Zone]
) -> RenderableType:
    from pactcli.render.views import event_views
    from pactcli.store.queries import neighbours

    return event_views(console, loaded, [(item, *neighbours(loaded, item)) for item in items], zones)
