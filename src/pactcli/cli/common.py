"""What several commands share: the loaded store, display zones, stdin batches, output and paging."""

from __future__ import annotations

import enum
import os
import sys
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from pactcli.cli.app import Options
from pactcli.errors import OutputFailed, PactError, UsageError

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from rich.console import Console, RenderableType

    from pactcli.store.model import Event, Store
    from pactcli.time.dates import When
    from pactcli.time.zones import Zone


class Calendar(str, enum.Enum):
    japanese = "japanese"
    julian = "julian"
    minguo = "minguo"
    manchukuo = "manchukuo"


# --- shared state ----------------------------------------------------------------------------------------


def load_store() -> Store:
    # Through the index cache: a store parsed once is not parsed again (pactcli.store.cache,
    # docs/performance.md).
    from pactcli.store import cache
    from pactcli.store.files import store_paths

    # Deferred: a store that had to be parsed answers from the parse; its index is written when a question
    # needs SQL, else once the command has answered (cache.finish, from main).
    return cache.load(store_paths(Options.store_paths), defer=True)


def resolve_zones(store: Store, names: list[str] | None) -> list[Zone]:
    from pactcli.time import zones

    chosen = names or list(store.display_zones)
    resolved = []
    for name in chosen:
        try:
            resolved.append(zones.resolve(name, store.zones))
        except UsageError as exc:
            raise UsageError(f"--tz: {exc}") from None
    # One clock, once: --tz utc --tz UTC, or UTC and Etc/UTC, would give two identical columns.
    return zones.unique_clocks(resolved)


def write(text: str) -> None:
    sys.stdout.write(text)
    if text and not text.endswith("\n"):
        sys.stdout.write("\n")


MAX_LINE = 64 * 1024  # bytes; an ID, a pair of dates: far below this. Past it a line is an error, not memory.


def _raw_stdin_lines() -> Iterator[tuple[int, bytes | str | None]]:
    """Physical lines of stdin, numbered from 1, read a bounded line at a time; None for a line too long."""
    stream = sys.stdin
    if stream is None or stream.closed:
        raise UsageError("'-' reads from standard input, but there is none")
    binary = getattr(stream, "buffer", None)
    reader: Any = binary if binary is not None else stream  # bytes from a real stdin, str from a test's
    newline: Any = b"\n" if binary is not None else "\n"
    number = 0
    while True:
        line = reader.readline(MAX_LINE + 1)
        if not line:
            return
        number += 1
        if len(line) > MAX_LINE and not line.endswith(newline):
            # Skip the rest of the line without keeping it: memory stays bounded whatever the input.
            while True:
                rest = reader.readline(MAX_LINE)
                if not rest or rest.endswith(newline):
                    break
            yield number, None
            continue
        yield number, line


class Batch:
    """The lines of a ``-`` argument, answered as ``xargs`` and ``jq`` do: the one batch rule of the CLI.

    Every good line is answered; each bad one is reported on stderr as ``pactcli: line N: …`` (N counts every
    physical line, blank and ``#`` comment lines included, as an editor numbers them) and the batch goes on;
    at the end the command exits 1 if any line failed. With ``fail_fast`` the first bad line is the last one
    read (what was answered before it is still written, so a JSON array stays whole), then exit 1. A ``-``
    that reads nothing at all (only blank or comment lines) is a usage error: empty input never means
    "everything". Lines are read a bounded line at a time (:data:`MAX_LINE`), so memory stays flat.
    """

    def __init__(self, what: str, fail_fast: bool = False) -> None:
        self.what = what
        self.fail_fast = fail_fast
        self.read = 0
        self.answered = 0
        self.failed = 0

    def lines(self) -> Iterator[tuple[int, str]]:
        """``(line number, text)`` of each non-blank, non-comment line; bad lines are reported, not given."""
        for number, raw in _raw_stdin_lines():
            if self.fail_fast and self.failed:
                return
            if raw is None:
                self.read += 1
                self.report(
                    number,
                    UsageError(f"longer than {MAX_LINE // 1024} KiB (the limit for one line); skipped"),
                )
                continue
            if isinstance(raw, bytes):
                try:
                    text = raw.decode("utf-8")
                except UnicodeDecodeError as exc:
                    self.read += 1
                    self.report(number, UsageError(f"not UTF-8 (byte 0x{raw[exc.start]:02x})"))
                    continue
            else:
                text = raw
            text = text.strip()
            if not text or text.startswith("#"):
                continue
            self.read += 1
            yield number, text
            if self.fail_fast and self.failed:
                return

    def report(self, number: int, exc: PactError) -> None:
        from pactcli.render.safe import visible

        self.failed += 1
        sys.stdout.flush()  # so the error comes after the answers to the lines before it
        print(f"pactcli: line {number}: {visible(str(exc))}", file=sys.stderr, flush=True)

    def answer(self, number: int, work: Callable[[], None]) -> None:
        """Run ``work`` for line ``number``; a user error is reported against the line."""
        try:
            work()
        except PactError as exc:
            if isinstance(exc, OutputFailed):
                raise
            self.report(number, exc)
        else:
            self.answered += 1

    def check_not_empty(self) -> None:
        if not self.read:
            raise UsageError(f"'-' read no {self.what} from standard input (empty input does not mean all)")

    def finish(self) -> None:
        """After the output is written: a usage error for empty input, exit 1 if any line failed."""
        self.check_not_empty()
        if self.failed:
            import typer

            raise typer.Exit(1)


def count_option(name: str, at_most: int = sys.maxsize) -> Callable[[str | int], int]:
    """A parser for a count option (--limit, --claim, --fold): ASCII digits only, at most ``at_most``.

    ``int()`` alone would take ``٣`` (Arabic-Indic three), ``1_000`` and `` 7 ``; a 30-digit number would
    pass and then fail deep inside as an internal error.
    """

    def parse(text: str | int) -> int:
        if isinstance(text, int):  # the default, passed through the parser by Click
            return text
        if not (text.isascii() and text.isdigit()):
            raise UsageError(f"{name}: {text!r} is not a whole number (write ASCII digits, e.g. 10)")
        if len(text) > 19 or int(text) > at_most:
            raise UsageError(f"{name}: {text[:30]} is too large (at most {at_most})")
        return int(text)

    parse.__name__ = "N"
    return parse


class JsonArrayWriter:
    """A JSON array written one element at a time: the same bytes as ``json_dumps(list, indent=2)``."""

    def __init__(self) -> None:
        self.count = 0

    def add(self, value: object) -> None:
        from pactcli.render.safe import json_dumps

        text = json_dumps(value, indent=2).replace("\n", "\n  ")
        sys.stdout.write(("[\n  " if not self.count else ",\n  ") + text)
        self.count += 1

    def close(self) -> None:
        sys.stdout.write("\n]\n" if self.count else "[]\n")


# --- completion ------------------------------------------------------------------------------------------


def complete_ids(incomplete: str) -> Iterator[str]:
    try:
        loaded = load_store()
    except PactError:
        return
    yield from (eid for eid in loaded.event_ids() if eid.startswith(incomplete))


def complete_zones(incomplete: str) -> Iterator[str]:
    from pactcli.time.zones import iana_names

    lowered = incomplete.lower()
    yield from (name for name in iana_names() if name.lower().startswith(lowered))


def user_date(text: str | None, arg: str, loaded: Store) -> When | None:
    from pactcli.time.endpoints import parse_user_date

    return parse_user_date(text, arg=arg, zones=loaded.zones) if text is not None else None


def calendar_record(event: Event, names: Iterable[str]) -> dict[str, str | None]:
    from pactcli.time.calendars import render

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
        from pactcli.cli import pager

        chosen = pager.choose(os.environ)
        if chosen is not None and pager.show(text, chosen):
            return
    console.file.write(text)
    console.file.flush()


def write_results(
    results: Sequence[Any],
    fmt: str,
    batch: bool,
    text_line: Callable[[Any], str],
    view: Callable[[Console, Sequence[Any]], RenderableType],
) -> None:
    """Write the results of ``convert`` or ``shift``: ``text`` one line each, ``json`` one object (an array
    for a batch), anything else the Rich ``view``. Each result has ``to_json()``."""
    if fmt == "text":
        for result in results:
            write(text_line(result))
    elif fmt == "json":
        from pactcli.render.safe import json_dumps

        payload = [r.to_json() for r in results]
        write(json_dumps(payload if batch else payload[0], indent=2))
    elif results:
        print_rich(lambda console: view(console, results))
