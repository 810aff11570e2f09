"""``pactcli event``: everything about one event."""

from __future__ import annotations

import enum
import functools
from typing import TYPE_CHECKING, Annotated

import typer

from pactcli.errors import UsageError

if TYPE_CHECKING:
    from rich.console import Console, RenderableType

    from pactcli.model import Event, Store
    from pactcli.zones import Zone

from .app import app, choices
from .common import (
    Calendar,
    calendar_record,
    complete_ids,
    complete_zones,
    load_store,
    print_rich,
    resolve_zones,
    stdin_lines,
    write,
)


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
) -> None:
    """Everything about one event: its time in every zone, precision, disputes, calendars and sources.

    \b
    Example: pactcli event soviet-declaration-of-war --tz Asia/Chita
    """
    from pactcli.queries import find_event

    wanted = [i for raw in ids for i in (stdin_lines("event IDs") if raw == "-" else [raw])]
    if any(not i.strip() for i in wanted):
        raise UsageError("argument ID: empty; give an event ID or a unique prefix of one")
    loaded = load_store()
    zones = resolve_zones(loaded, tz)
    found = [find_event(loaded, eid) for eid in wanted]
    if fmt is EventFormat.json:
        from pactcli.records import event_record
        from pactcli.render.safe import json_dumps

        out = []
        for item in found:
            record = event_record(item, zones, loaded.sources)
            record["text"] = item.text
            record["calendars"] = calendar_record(item, [c.value for c in Calendar])
            out.append(record)
        write(json_dumps(out[0] if len(out) == 1 else out, indent=2))
        return
    # All the views at once, so that the pager rule sees the whole output.
    print_rich(functools.partial(_event_renderables, loaded=loaded, items=found, zones=zones))


def _event_renderables(
    console: Console, loaded: Store, items: list[Event], zones: list[Zone]
) -> RenderableType:
    from pactcli.queries import neighbours
    from pactcli.render.views import event_views

    return event_views(console, loaded, [(item, *neighbours(loaded, item)) for item in items], zones)
