"""``pactcli cache``: where the index of parsed stores lives; --clear empties it."""

from __future__ import annotations

from typing import Annotated

import typer

from pactcli.cli.app import app
from pactcli.cli.common import (
    write,
)
from pactcli.errors import PactError

# --- cache ---------------------------------------------------------------------------------------------


@app.command("cache", short_help="Where the index of parsed stores lives.")
def cache_command(
    clear: Annotated[
        bool, typer.Option("--clear", help="Delete every index file (and the rendered citations).")
    ] = False,
) -> None:
    """Where pactcli keeps the index of parsed stores, and how large it is; --clear empties it.

    An index is written the first time a store is read and used while the store's bytes are unchanged;
    rendered citations are kept beside it. Deleting them is always safe: the next command rebuilds them.
    PACTCLI_CACHE_DIR moves it, PACTCLI_NO_CACHE=1 turns it off.

    \b
    Example: pactcli cache --clear
    """
    from pactcli.render.safe import visible
    from pactcli.store import cache

    directory = cache.cache_dir()
    if directory is None:
        write(f"cache: off ({cache.ENV_OFF} is set)")
        return
    if directory.is_dir() and not cache.trusted_dir(directory, create=False):
        write(f"cache: {visible(str(directory))}: not used")  # the warning above says why
        return
    # What killed writers and earlier versions left is removed, never counted as an index.
    cache.clean(directory)
    files = cache.index_files(directory)
    if clear:
        from pactcli.citations import rendered

        # Rendered citations (pactcli.citations.rendered) go too; they are counted with nothing else.
        for path in rendered.files(directory):
            try:
                path.unlink()
            except FileNotFoundError:
                pass
            except OSError as exc:
                raise PactError(f"cannot remove {path}: {exc.strerror or exc}") from None
        removed = 0
        for path in files:
            try:
                path.unlink()
                removed += 1
            except FileNotFoundError:
                pass
            except OSError as exc:
                raise PactError(f"cannot remove {path}: {exc.strerror or exc}") from None
        write(f"cache: {visible(str(directory))}: removed {removed} index file(s)")
        return
    size = sum(path.stat().st_size for path in files if path.exists())
    write(f"cache: {visible(str(directory))}: {len(files)} index file(s), {size:,} bytes")
