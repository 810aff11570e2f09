"""What several commands share: the loaded store, display zones, stdin batches, output and paging."""

from __future__ import annotations

import enum
import os
import sys
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from pactcli.errors import PactError, UsageError

from .app import Options

if TYPE_CHECKING:
    from collections.abc import Callable

    from rich.console import Console, RenderableType

    from pactcli.dates import When
    from pactcli.model import Event, Store
    from pactcli.zones import Zone


class Calendar(str, enum.Enum):
    japanese = "japanese"
    julian = "julian"
    minguo = "minguo"
    manchukuo = "manchukuo"


# --- shared state ----------------------------------------------------------------------------------------


def load_store() -> Store:
    # Through the index cache: a store parsed once is not parsed again (pactcli.cache, docs/performance.md).
    from pactcli import cache
    from pactcli.storefiles import store_paths

    return cache.load(store_paths(Options.store_paths))


def resolve_zones(store: Store, names: list[str] | None) -> list[Zone]:
    from pactcli import zones

    chosen = names or list(store.display_zones)
    resolved = []
    for name in chosen:
        try:
            resolved.append(zones.resolve(name, store.zones))
        except UsageError as exc:
            raise UsageError(f"--tz: {exc}") from None
    return resolved


def write(text: str) -> None:
    sys.stdout.write(text)
    if text and not text.endswith("\n"):
        sys.stdout.write("\n")


def stdin_lines(what: str) -> list[str]:
    if sys.stdin is None or sys.stdin.closed:
        raise UsageError(f"'-' reads {what} from standard input, but there is none")
    return [line.strip() for line in sys.stdin if line.strip() and not line.lstrip().startswith("#")]


# --- completion ------------------------------------------------------------------------------------------


def complete_ids(incomplete: str) -> Iterator[str]:
    try:
        loaded = load_store()
    except PactError:
        return
    yield from (eid for eid in loaded.event_ids() if eid.startswith(incomplete))


def complete_zones(incomplete: str) -> Iterator[str]:
    from pactcli.zones import iana_names

    lowered = incomplete.lower()
    yield from (name for name in iana_names() if name.lower().startswith(lowered))


def user_date(text: str | None, arg: str, loaded: Store) -> When | None:
    from pactcli.endpoints import parse_user_date

    return parse_user_date(text, arg=arg, zones=loaded.zones) if text is not None else None


def calendar_record(event: Event, names: Iterable[str]) -> dict[str, str | None]:
    from pactcli.calendars import render

    out: dict[str, str | None] = {}
    for name in names:
        rendered = render(name, event.start.year, event.start.month, event.start.day)
        out[name] = rendered.native if rendered else None
    return out


def print_rich(build: Callable[[Console], RenderableType]) -> None:
    """Print what ``build`` makes for people; through the pager when it is taller than the terminal.

    One rule for every command: only a terminal is paged, only when the output does not fit its height,
    never with --no-pager (pactcli.cli.pager says which pager and how).
    """
    from pactcli.render.console import make_console, on_terminal

    console = make_console()
    renderable = build(console)
    if Options.no_pager or not on_terminal(console):
        console.print(renderable, crop=False)
        return
    with console.capture() as captured:
        console.print(renderable, crop=False)
    text = captured.get()
    if text.count("\n") > console.height:
        from . import pager

        chosen = pager.choose(os.environ)
        if chosen is not None and pager.show(text, chosen):
            return
    console.file.write(text)
    console.file.flush()
