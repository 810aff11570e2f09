"""``pactcli publish``: the chronology as one self-contained, interactive HTML page."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated

import typer

from pactcli.cli import filters
from pactcli.cli.app import app
from pactcli.cli.common import complete_zones, load_store, resolve_zones
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
from pactcli.errors import UsageError, WriteFailed


@app.command(short_help="The chronology as one self-contained HTML page.")
def publish(
    out: Annotated[
        str,
        typer.Argument(metavar="PATH", help="The HTML file to write ('-': standard output)."),
    ],
    tz: Annotated[
        list[str] | None,
        typer.Option(
            "--tz",
            metavar="ZONE",
            help="Default clock of the page (repeatable): IANA name, store zone, +09:00. "
            "The page offers these and every zone its events are stated in.",
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
    style: Annotated[
        str,
        typer.Option(
            "--style",
            metavar="STYLE",
            help="Citation style, as for cite: a bundled CSL style (see cite --list-styles) or a .csl file.",
        ),
    ] = "chicago",
) -> None:
    """Publish the chronology as one HTML page: chart, list, every claim in the chosen clocks, citations.

    The file loads nothing from outside and works offline, from a file or any web server.

    \b
    Example: pactcli publish pact.html --tag pact --tz Asia/Chita --style apa
    """
    from pactcli.exports.page import page
    from pactcli.store.queries import select

    if not out.strip():
        raise UsageError("argument PATH: empty; give the HTML file to write, or '-'")
    loaded = load_store()
    selection = filters.selection(
        loaded, date_from, date_to, tag, search, limit, reverse, min_source, any_claim
    )
    zones = resolve_zones(loaded, tz)
    events = select(loaded, selection)
    document = page(loaded, events, zones, style, caption=_caption(date_from, date_to, tag, search))
    if out == "-":
        sys.stdout.write(document)
        return
    _write_atomically(Path(out), document)


def _caption(date_from: str | None, date_to: str | None, tag: list[str] | None, search: str | None) -> str:
    parts = []
    if date_from or date_to:
        parts.append(f"{date_from or '…'} to {date_to or '…'}")
    if tag:
        parts.append("tagged " + ", ".join(tag))
    if search:
        parts.append(f"matching “{search}”")
    return "; ".join(parts)


def _write_atomically(path: Path, text: str) -> None:
    """Write next to the target and rename: an existing file is replaced whole or left as it was."""
    import tempfile

    if path.is_dir():
        raise WriteFailed(f"{path}: is a directory; give the HTML file to write")
    directory = path.parent if str(path.parent) else Path(".")
    try:
        fd, tmp = tempfile.mkstemp(dir=directory, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise WriteFailed(f"{path}: cannot write: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        os.chmod(tmp, 0o644 & ~_umask())
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise WriteFailed(f"{path}: cannot write: {exc.strerror or exc}") from None


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
