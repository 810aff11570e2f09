"""``pactcli export``: the store as a file other tools open (SQLite: sqlite-utils, Datasette, DB Browser)."""

from __future__ import annotations

import enum
from typing import Annotated

import typer

from pactcli.cli.app import app
from pactcli.cli.common import load_store, write
from pactcli.errors import PactError, UsageError


class ExportFormat(str, enum.Enum):
    sqlite = "sqlite"


@app.command(short_help="The store as an SQLite database.")
def export(
    out: Annotated[str, typer.Argument(metavar="OUT", help="The file to write (e.g. chronology.db).")],
    fmt: Annotated[ExportFormat, typer.Option("--format", help="File format.")] = ExportFormat.sqlite,
    force: Annotated[bool, typer.Option("--force", help="Replace OUT if it exists.")] = False,
) -> None:
    """Write the store as an SQLite database: events, claims, sources, tags, search index (docs/sqlite.md).

    OUT is written to a temporary file next to it and renamed into place, so it is whole or untouched; an
    existing OUT is replaced only with --force.

    \b
    Example: pactcli export --format sqlite chronology.db && datasette chronology.db
    """
    import contextlib
    import os
    import sqlite3
    import tempfile

    from pactcli.render.safe import visible
    from pactcli.store import index

    if not out.strip():
        raise UsageError("argument OUT: empty; give a file name such as chronology.db")
    if os.path.isdir(out):
        raise UsageError(f"argument OUT: {out} is a directory")
    if os.path.lexists(out) and not force:
        raise PactError(f"{out} exists; add --force to replace it")
    loaded = load_store()
    directory = os.path.dirname(os.path.abspath(out))
    tmp: str | None = None
    try:
        fd, tmp = tempfile.mkstemp(dir=directory, prefix=".pactcli-export-", suffix=".tmp")
        os.close(fd)
        index.export(loaded, tmp)
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, out)
        tmp = None
    except (OSError, sqlite3.Error) as exc:
        reason = getattr(exc, "strerror", None) or str(exc)
        raise PactError(f"cannot write {out}: {reason}") from None
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
    count = len(loaded.events)
    write(f"export: {visible(out)}: {count} event(s), {len(loaded.sources)} source(s) (SQLite)")


def _umask() -> int:
    import os

    mask = os.umask(0)
    os.umask(mask)
    return mask
