"""Where store files are and how their bytes are read: the one place that opens a store file.

Kept apart from :mod:`pactcli.store.parse` (parsing and validation) so that a command answered from the index
cache reads and hashes the files without importing the TOML parser or the validator.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Mapping, Sequence
from pathlib import Path

from pactcli.errors import Problem, StoreError, UsageError

EMBEDDED = "@embedded"
ENV_VAR = "PACTCLI_STORE"
MAX_BYTES = 64 * 1024 * 1024  # far above any real chronology; stops /dev/zero and runaway files early


def embedded_store_path() -> Path:
    """The chronology shipped inside the package (or, in a source checkout, ``data/events.toml``)."""
    # The wheel puts it at pactcli/data/events.toml (pyproject.toml, force-include); pactcli is never zipped.
    packaged = Path(__file__).parent.parent / "data" / "events.toml"
    if packaged.is_file():
        return packaged
    # Editable installs and plain checkouts have no copy inside the package: use the repository's file.
    return Path(__file__).resolve().parents[3] / "data" / "events.toml"


def store_paths(cli_paths: Sequence[str], environ: Mapping[str, str] | None = None) -> list[str]:
    """Which files to load: ``--store`` options, else ``PACTCLI_STORE``, else the embedded store."""
    if cli_paths:
        return list(cli_paths)
    environ = os.environ if environ is None else environ
    value = environ.get(ENV_VAR, "").strip()
    if value:
        paths = [part for part in value.split(os.pathsep) if part.strip()]
        if not paths:
            # PACTCLI_STORE=":" names no file: loading nothing would answer every question with silence.
            raise UsageError(f"{ENV_VAR}={value!r} names no store file; unset it for the embedded store")
        return paths
    return [EMBEDDED]


def shown_path(path: str) -> str:
    """The path as messages name it (``@embedded`` becomes the real file)."""
    return str(embedded_store_path()) if path == EMBEDDED else path


class _NotRegular(Exception):
    """The path is a FIFO, a device, a socket or a directory: what it is, in words."""


def _kind_of(mode: int) -> str | None:
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def _read_regular(path: str, limit: int) -> bytes:
    """At most ``limit`` bytes of a regular file; never blocks on a FIFO or a device.

    O_NONBLOCK makes opening a FIFO with no writer return at once instead of waiting forever; fstat on the
    open descriptor (not a stat of the name before it, which a swap could defeat) then refuses anything that
    is not a regular file before a single byte is read.
    """
    flags = (
        os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)
    )
    fd = os.open(path, flags)
    try:
        kind = _kind_of(os.fstat(fd).st_mode)
        if kind is not None:
            raise _NotRegular(kind)
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        chunks = []
        remaining = limit
        while remaining > 0:
            chunk = os.read(fd, min(remaining, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            remaining -= len(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


def read_store_bytes(path: str) -> bytes:
    """The file's bytes in one read, or StoreError naming the file and what is wrong with it.

    One read, so that what is hashed for the cache is exactly what is parsed, even if the file is being
    rewritten meanwhile.
    """
    shown = shown_path(path)

    def fail(message: str, line: int = 0) -> StoreError:
        return StoreError([Problem(shown, line, "", "", message)])

    try:
        data = _read_regular(shown, MAX_BYTES + 1)
    except _NotRegular as exc:
        raise fail(f"is {exc}, not a store file") from None
    except IsADirectoryError:
        raise fail("is a directory, not a store file") from None
    except FileNotFoundError:
        raise fail("no such file") from None
    except PermissionError:
        raise fail("permission denied") from None
    except OSError as exc:
        raise fail(f"cannot read: {exc.strerror or exc}") from None
    if len(data) > MAX_BYTES:
        raise fail(f"larger than {MAX_BYTES // (1024 * 1024)} MiB; not a store file")
    if not data or data.isspace():  # not data.strip(): that copies the whole file
        raise fail("empty file: a store needs [[sources]] and [[events]]", 1)
    if data.startswith(b"\xef\xbb\xbf"):
        raise fail("starts with a UTF-8 byte-order mark; save the file as UTF-8 without BOM", 1)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in data[:4096]:
        raise fail("is not UTF-8 (UTF-16 or binary?); save the file as UTF-8", 1)
    return data


def decode_store_text(path: str, data: bytes) -> str:
    """The bytes as UTF-8 text, or StoreError with the line of the first bad byte."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        problem = Problem(shown_path(path), line, "", "", f"invalid UTF-8 byte 0x{data[exc.start]:02x}")
        raise StoreError([problem]) from None


def read_each_store_file(paths: Sequence[str]) -> tuple[list[tuple[str, bytes]], list[Problem]]:
    """Every readable file as ``(path as shown, bytes)``, and a problem for each one that is not."""
    problems: list[Problem] = []
    files: list[tuple[str, bytes]] = []
    for path in paths:
        try:
            files.append((shown_path(path), read_store_bytes(path)))
        except StoreError as exc:
            problems.extend(exc.problems)
    return files, problems


def read_store_files(paths: Sequence[str]) -> list[tuple[str, bytes]]:
    """Every file as ``(path as shown, bytes)``; StoreError naming every file that cannot be read."""
    files, problems = read_each_store_file(paths)
    if problems:
        raise StoreError(problems)
    return files
