"""Rendered citations kept in the cache directory, so that an unchanged request is not formatted again.

Running a CSL style is an interpreter's work: Chicago's bibliography of the embedded store's 170 sources takes
~100 ms to format (sort keys and entries are its macros, rendered per item), where the hand-written formatters
it replaced took ~16 ms. A user asks for the same citations again and again while the store is unchanged, so
the output is kept, keyed by everything it depends on:

* the request: bibliography or notes, the CSL-JSON items, the clusters (ids, locators, prefixes), the output;
* the style's XML text and the locale asked for;
* the processor: pactcli's version, and the name, size and modification time of every file of
  ``pactcli/csl`` (code, locales, bundled styles) and ``pactcli/citations``, so an edited or upgraded
  processor never serves output of the old one.

The key is the BLAKE2b digest of all of it (:func:`pactcli.csl.compiled.hash_bytes`); one file per key,
``citations-<key>.json``. The trust rules are the index cache's (:mod:`pactcli.store.cache`): the
directory is used only if it is the user's and no one else can write to it, a file only if it is a regular
file of the user's that no one else can write; files are written to a temporary and renamed into place; the
data are JSON (a list of strings), never pickle. A file that is not what it should be is ignored. At most
:data:`KEEP` files are kept (the oldest go first).
``PACTCLI_NO_CACHE=1`` turns it off with the index cache; ``pactcli cache --clear`` removes them.
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

PREFIX = "citations-"
SUFFIX = ".json"
FORMAT = 1
KEEP = 200
CSL_DIR = Path(__file__).resolve().parent.parent / "csl"


@functools.cache
def _processor_fingerprint() -> list[Any]:
    # Once per process: the processor's files do not change under a running command.
    from pactcli import __version__

    out: list[Any] = [__version__]
    for sub in ("", "locales", "styles", "../citations"):
        directory = CSL_DIR / sub if sub else CSL_DIR
        try:
            entries = sorted(os.scandir(directory), key=lambda e: e.name)
        except OSError:
            continue
        for entry in entries:
            if entry.name.endswith((".py", ".xml", ".csl", ".json")) and entry.is_file():
                info = entry.stat()
                out.append([sub, entry.name, info.st_size, info.st_mtime_ns])
    return out


def text_digest(text: str) -> str:
    """The digest of a long text (a style's XML) that a request names."""
    from pactcli.csl import compiled

    try:
        # The same digest that chose and loaded the style: computed once per process (compiled.digest).
        return compiled.digest(text)
    except UnicodeEncodeError:  # a lone surrogate (not from a file read as UTF-8)
        return compiled.hash_bytes(text.encode("utf-8", "surrogatepass"))


def _tagged(value: object) -> object:
    """TOML's dates and times in a request (store fields), as tagged data: ``{"\0date": "1945-08-08"}``.
    No validated store has a NUL in a key, so the tag cannot stand for anything else."""
    import datetime as dt

    if isinstance(value, (dt.date, dt.time)):  # datetime is a date
        return {"\0" + type(value).__name__: value.isoformat()}
    raise TypeError(f"not JSON: {type(value).__name__}")


def key(request: Any) -> str | None:
    """The cache key of ``request`` (JSON data: what is formatted, how, in which style), or None when it
    cannot be written as JSON (then it is not cached)."""
    from pactcli.csl import compiled

    try:
        text = json.dumps(
            [FORMAT, _processor_fingerprint(), request],
            sort_keys=True,
            ensure_ascii=False,
            allow_nan=False,
            default=_tagged,
        )
    except (TypeError, ValueError):
        return None
    return compiled.hash_bytes(text.encode("utf-8", "surrogatepass"))


def _directory() -> Path | None:
    from pactcli.store import cache

    directory = cache.cache_dir()
    if directory is None or not cache.trusted_dir(directory):
        return None
    return directory


def _mine(info: os.stat_result) -> bool:
    uid = getattr(os, "geteuid", None)
    return uid is None or info.st_uid == uid()


def _read(path: Path) -> list[str] | None:
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or not _mine(info) or info.st_mode & 0o022:
            return None
        with os.fdopen(fd, "rb", closefd=False) as handle:
            raw = handle.read()
    except OSError:
        return None
    finally:
        os.close(fd)
    try:
        data = json.loads(raw)
    except ValueError:
        return None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        return None
    entries = data.get("entries")
    if not isinstance(entries, list) or not all(isinstance(e, str) for e in entries):
        return None
    return entries


def _write(directory: Path, path: Path, entries: list[str]) -> None:
    text = json.dumps({"format": FORMAT, "entries": entries}, ensure_ascii=False)
    # What tempfile.mkstemp does (a new name, O_EXCL, mode 0600), without importing tempfile and random
    # (~1.5 ms of every first cite).
    temp = str(directory / f".tmp-citations-{os.getpid()}-{os.urandom(8).hex()}{SUFFIX}")
    try:
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except OSError:
        return
    try:
        with os.fdopen(fd, "w", encoding="utf-8", errors="surrogatepass") as handle:
            handle.write(text)
        os.replace(temp, path)
    except (OSError, UnicodeError):
        with contextlib.suppress(OSError):
            os.unlink(temp)
        return
    _prune(directory)


def files(directory: Path) -> list[Path]:
    """The rendered-citation files in ``directory``."""
    try:
        return sorted(p for p in directory.glob(PREFIX + "*" + SUFFIX) if p.is_file())
    except OSError:
        return []


def _prune(directory: Path) -> None:
    found = files(directory)
    if len(found) <= KEEP:
        return
    dated: list[tuple[int, Path]] = []
    for path in found:
        with contextlib.suppress(OSError):
            dated.append((path.stat().st_mtime_ns, path))
    dated.sort()
    for _, path in dated[: len(dated) - KEEP]:
        with contextlib.suppress(OSError):
            path.unlink()


def cached(request: Any, compute: Callable[[], list[str]]) -> list[str]:
    """``compute()``, or what it returned before for the same ``request``."""
    directory = _directory()
    digest = key(request) if directory is not None else None
    if directory is None or digest is None:
        return compute()
    path = directory / f"{PREFIX}{digest}{SUFFIX}"
    found = _read(path)
    if found is not None:
        with contextlib.suppress(OSError):
            os.utime(path)  # recently used: kept longest
        return found
    entries = compute()
    _write(directory, path, entries)
    return entries
