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

from .app import app
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


@app.command()
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
    fmt: Annotated[EventFormat, typer.Option("--format", help="Output format.")] = EventFormat.table,
) -> None:
    """Everything about one event: its time in every zone, precision, disputes, calendars and sources.

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
            record = event_record(item, zones)
            record["text"] = item.text
            record["calendars"] = calendar_record(item, [c.value for c in Calendar])
            out.append(record)
        write(json_dumps(out[0] if len(out) == 1 else out, indent=2))
        return
    for number, item in enumerate(found):
        if number:
            write("")
        print_rich(functools.partial(_event_renderable, loaded=loaded, item=item, zones=zones))


def _event_renderable(console: Console, loaded: Store, item: Event, zones: list[Zone]) -> RenderableType:
    from pactcli.queries import neighbours
    from pactcli.render.views import event_view

    before, after = neighbours(loaded, item)
    return event_view(console, loaded, item, zones, before, after)
