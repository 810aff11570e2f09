"""The index cache: each set of store files, once validated, kept as one SQLite database
(pactcli.store.index).

Parsing and validating a store costs time in proportion to its size (a 100,000-event store takes seconds);
a lookup or a query should not. The first call on a set of store files parses and validates them, then writes
one database for the set; later calls open it read-only and ask it in SQL. The database holds each store
file's rows apart, so when one file of several changes, only that file is parsed again and its rows replaced.

Why it is safe:

* Keyed by content. The database records each file's SHA-256; a file whose bytes differ is parsed again,
  however small the edit. So that an unchanged 40 MB file need not be read and hashed on every call, the
  database also records the file's ``stat`` (size, modification and change times in nanoseconds, inode,
  device) when it was hashed, and only if its change time was then more than :data:`SETTLED` seconds old:
  the same stat later means the same bytes, as git's index assumes. A file written since has a new change
  time (the kernel sets it on every write and ``utime``), whatever its size and modification time.
* Trusted as ssh and gpg trust their files: the cache directory is used only if it belongs to the user and
  no one else can write to it (it is created 0700), and an index file only if it is a regular file of the
  user's that no one else can write. Otherwise pactcli warns once and runs without the cache.
* Written whole or not at all: a new database is written to a temporary file in the same directory (under an
  exclusive ``flock`` while it is written) and renamed into place; readers open it read-only (``mode=ro``,
  ``immutable``: no file is ever changed in place). Temporaries left by a killed writer are removed by the
  next writer or ``pactcli cache`` (unlocked, and more than :data:`STALE_AFTER` seconds old).
* A database that is truncated, damaged, foreign (not ``application_id`` "PACT") or of another schema version
  (``user_version``) is rebuilt; one that fails in the middle of a command is rebuilt and the command goes on
  from the rebuilt one. A cache directory that cannot be created or written, or a full disk, only means no
  index: the command answers from the parse (an in-memory database of the same schema).
* Full records are JSON (:mod:`pactcli.store.codec`), never pickle: reading an index cannot run code.
* Written after the answer: a command that had to parse (a first call, an edited file) answers from the parse
  what needs no SQL (:class:`_Pending`), and the ``pactcli`` process then forks a writer detached from its
  input and output (:func:`_detach`), so a first call costs the parse, not the parse and the write. The
  writer is checked before answering, as a written index is (every store check is made in the parent), holds
  an ``flock`` on the cache directory while it writes (writers take turns; one that finds the index written
  meanwhile stops), and is any other writer otherwise: temporary file, rename, a database in place that is
  not the one it planned from (another process renamed a new one in) means a fresh write, never a mix.

Location: ``$PACTCLI_CACHE_DIR``, else ``$XDG_CACHE_HOME/pactcli``, else ``~/.cache/pactcli``;
``PACTCLI_NO_CACHE=1`` turns it off. Deleting the directory is always safe (``pactcli cache --clear``).
"""

from __future__ import annotations

import bisect
import contextlib
import functools
import json
import os
import sqlite3
import stat
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, NamedTuple

from pactcli import __version__
from pactcli.store import codec, index
from pactcli.store.files import read_store_bytes, shown_path
from pactcli.store.model import Event, Source, Store
from pactcli.time.zones import TZDATA_VERSION, NamedZone

PREFIX = "index-"
SUFFIX = ".sqlite"
TEMP_PREFIX = ".tmp-"
OLD_SUFFIXES = (".pactidx",)  # the pickled index of earlier versions: removed, never read
SETTLED = 2.0  # seconds: a file changed more recently than this is hashed on every call until it settles
STALE_AFTER = 60.0  # seconds: an unlocked temporary older than this belongs to a writer that died

ENV_DIR = "PACTCLI_CACHE_DIR"
ENV_OFF = "PACTCLI_NO_CACHE"

_warned: set[str] = set()


def cache_dir(environ: Mapping[str, str] | None = None) -> Path | None:
    """Where index files live, or None when caching is turned off."""
    env = os.environ if environ is None else environ
    if env.get(ENV_OFF, "").strip() not in ("", "0"):
        return None
    configured = env.get(ENV_DIR, "").strip()
    if configured:
        return Path(configured)
    base = env.get("XDG_CACHE_HOME", "").strip()
    # XDG says a relative XDG_CACHE_HOME is invalid and must be ignored.
    if base and os.path.isabs(base):
        return Path(base) / "pactcli"
    home = env.get("HOME", "").strip() or os.path.expanduser("~")
    if not home or home == "~":
        return None
    return Path(home) / ".cache" / "pactcli"


def warn(message: str) -> None:
    """One warning line on stderr, once per process."""
    if message in _warned:
        return
    _warned.add(message)
    from pactcli.render.safe import visible

    print(f"pactcli: warning: {visible(message)}", file=sys.stderr)


def _mine(info: os.stat_result) -> bool:
    uid = getattr(os, "geteuid", None)
    return uid is None or info.st_uid == uid()


def trusted_dir(directory: Path, create: bool = True) -> bool:
    """Whether index files may be read from and written to ``directory`` (creating it 0700 if need be).

    A directory that cannot be created only means no cache; one that another user owns or can write to could
    hold a planted index, so it is refused with a warning.
    """
    if create:
        try:
            directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        except OSError:
            return False
    try:
        info = directory.stat()
    except OSError:
        return False
    if not stat.S_ISDIR(info.st_mode):
        return False
    if not _mine(info):
        warn(f"not using the index cache {directory}: it belongs to another user")
        return False
    if info.st_mode & 0o022:
        warn(f"not using the index cache {directory}: others can write to it (chmod go-w, or set {ENV_DIR})")
        return False
    return True


def _trusted_file(path: Path) -> bool:
    try:
        info = path.lstat()
    except OSError:
        return False
    if not stat.S_ISREG(info.st_mode):
        return False
    if not _mine(info) or info.st_mode & 0o022:
        warn(f"not using the index file {path}: it belongs to another user or others can write to it")
        return False
    return True


_SMALL = 1 << 20


@functools.cache
def code_stamp() -> str:
    """pactcli's version and the size and time of each module of its top level, store/ and time/, which shape
    the rows and records an index holds. Keyed on the version alone, an index written by other code under the
    same version number (an upgrade from a development commit, an edited checkout) would be read as this
    code's, and its records would lack fields the new code writes. A stat of some 30 files costs a fraction of
    a millisecond.
    """
    parts = [__version__]
    package = Path(__file__).resolve().parent.parent
    # The store's code (model, codec, index, parse) and the dates and zones its records hold.
    for folder in (package, package / "store", package / "time"):
        for entry in sorted(os.scandir(folder), key=lambda entry: entry.name):
            if entry.name.endswith(".py") and entry.is_file():
                info = entry.stat()
                parts.append(f"{folder.name}/{entry.name} {info.st_size} {info.st_mtime_ns}")
    return sha256("\n".join(parts).encode("utf-8", "surrogateescape")).hex()[:32]


def sha256(data: bytes) -> bytes:
    """SHA-256 of ``data``: CPython's built-in implementation for small inputs, OpenSSL's for large ones.

    Importing hashlib loads OpenSSL, about 4 ms of every call's start-up; the built-in module loads in a
    tenth of that but hashes 8 times slower, so it is used only where that costs less than the import.
    Both compute the same function, so the key does not depend on which one ran.
    """
    if len(data) < _SMALL:
        try:
            from _sha2 import sha256 as small  # type: ignore[import-not-found,unused-ignore]  # CPython 3.12+
        except ImportError:
            try:
                from _sha256 import sha256 as small  # type: ignore[import-not-found,no-redef,unused-ignore]
            except ImportError:
                from hashlib import sha256 as small
        return bytes(small(data).digest())
    import hashlib

    return hashlib.sha256(data).digest()


def index_name(paths: Sequence[str]) -> str:
    """The index file of a set of store files, named by their absolute paths and the schema version."""
    named = "\0".join([f"schema {index.SCHEMA}", *(os.path.abspath(shown_path(p)) for p in paths)])
    return PREFIX + sha256(named.encode("utf-8", "surrogateescape")).hex()[:32] + SUFFIX


# --- the files of a store --------------------------------------------------------------------------------


class _File:
    """One store file: its path as shown, its stat, and its bytes and hash once needed."""

    def __init__(self, path: str) -> None:
        self.path = shown_path(path)
        self.argument = path
        self._data: bytes | None = None
        self._digest: str | None = None
        self.signature: str | None = None
        try:
            info = os.stat(self.path)
        except OSError:
            info = None
        if info is not None and stat.S_ISREG(info.st_mode):
            self.signature = (
                f"{info.st_size}:{info.st_mtime_ns}:{info.st_ctime_ns}:{info.st_ino}:{info.st_dev}"
            )
            self._settled = time.time_ns() - max(info.st_mtime_ns, info.st_ctime_ns) > SETTLED * 1e9
        else:
            self._settled = False

    @property
    def data(self) -> bytes:
        if self._data is None:
            self._data = read_store_bytes(self.argument)  # StoreError for a file that cannot be read
        return self._data

    @property
    def digest(self) -> str:
        if self._digest is None:
            self._digest = sha256(self.data).hex()
        return self._digest

    def known(self, recorded: tuple[str, str, str | None] | None) -> bool:
        """Whether the file is the one recorded (path, hash, stat), reading and hashing it only if need be."""
        if recorded is None or recorded[0] != self.path:
            return False
        if self.signature is not None and recorded[2] == self.signature:
            self._digest = recorded[1]
            return True
        return self.digest == recorded[1]

    def trusted_signature(self) -> str | None:
        """The stat to record with the hash: only for a file not changed in the last SETTLED seconds."""
        return self.signature if self._settled else None


@contextlib.contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """The cyclic garbage collector paused (while a store is parsed, validated or written).

    Parsing allocates millions of objects that all stay alive (the parsed TOML, then the model), and at the
    default thresholds Python walks every one of them again and again in collections that free nothing:
    10-20 % of the parse and validation of a 10,000-event file. Reference counting still frees everything
    else, and collection resumes afterwards.
    """
    import gc

    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


def _parsed_store(files: Sequence[_File]) -> Store:
    from pactcli.store import (
        parse as store_mod,  # the parser and validator: only when there is no usable index
    )

    with _no_cycle_collection():
        built, _warnings = store_mod.load_files([(f.path, f.data) for f in files])
    return built


# --- load ------------------------------------------------------------------------------------------------


def load(paths: Sequence[str], environ: Mapping[str, str] | None = None, *, defer: bool = False) -> Store:
    """The merged store of ``paths``, from its index when one exists for exactly these bytes.

    With ``defer`` (the CLI), a store that had to be parsed answers from the parse, and its index is written
    only when a question needs SQL or, failing that, by :func:`finish` once the command has answered.
    Raises StoreError (as :func:`pactcli.store.parse.load` does) when a file cannot be read or is not valid.
    """
    files = [_File(path) for path in paths]
    directory = cache_dir(environ)
    if directory is None or not trusted_dir(directory):
        return _parsed_store(files)
    target = directory / index_name(paths)
    old = _open(target, _recoverer(target, files))
    if old is not None and _current(old, files):
        return old.store()
    with _no_cycle_collection():
        planned = _planned(files, old)
    if isinstance(planned, Store):
        if old is not None:
            old.connection.close()
        return planned
    plan, old = planned
    if defer:
        pending = _Pending(target, files, old, plan)
        _PENDING.append(pending)
        return pending.store()
    try:
        with _no_cycle_collection():
            built = _written(target, files, old, plan)
    finally:
        if old is not None:
            old.connection.close()
    if built is None:
        return _parsed_store(files)
    return built.store()


def _connect_read_only(path: Path) -> sqlite3.Connection:
    # A URI, so that mode=ro and immutable apply; %, ? and # are the characters a URI path must escape.
    quoted = str(path.absolute()).replace("%", "%25").replace("?", "%3f").replace("#", "%23")
    return sqlite3.connect(f"file:{quoted}?mode=ro&immutable=1", uri=True, check_same_thread=False)


def _open(path: Path, recover: Callable[[], index.Index] | None = None) -> index.Index | None:
    """The index at ``path`` if it is ours, whole and of this version; None otherwise (it is then rebuilt)."""
    if not _trusted_file(path):
        return None
    try:
        connection = _connect_read_only(path)
    except sqlite3.Error:
        return None
    try:
        page_size, pages = (
            connection.execute(f"PRAGMA {name}").fetchone()[0] for name in ("page_size", "page_count")
        )
        if page_size * pages != path.stat().st_size:
            raise index.DamagedIndex("truncated or padded")
        opened = index.Index(connection, recover=recover, path=str(path))
        if opened.meta.get("code") != code_stamp() or opened.meta.get("tzdata") != TZDATA_VERSION:
            raise index.DamagedIndex("written by another version")
        return opened
    except (sqlite3.Error, OSError, index.DamagedIndex):
        connection.close()
        return None


def _recorded(opened: index.Index) -> dict[int, tuple[str, str, str | None]]:
    return _recorded_rows(opened.connection)


def _recorded_rows(connection: sqlite3.Connection) -> dict[int, tuple[str, str, str | None]]:
    rows = connection.execute("SELECT file, path, sha256, signature FROM files").fetchall()
    return {number: (path, digest, signature) for number, path, digest, signature in rows}


def _current(opened: index.Index, files: Sequence[_File]) -> bool:
    try:
        recorded = _recorded(opened)
    except sqlite3.Error:
        return False
    return len(recorded) == len(files) and all(f.known(recorded.get(n)) for n, f in enumerate(files))


# --- rebuilding ------------------------------------------------------------------------------------------


class _Part(NamedTuple):
    """What one file defines, from its parse or (unchanged) from the old index."""

    zones: list[NamedZone]
    sources: list[Source]
    title: str
    display_zones: tuple[str, ...]
    cited: set[str]


class _Fallback(Exception):
    """Something only a full validation can report exactly (an error, a duplicate across files)."""


def _rebuild(target: Path, files: Sequence[_File], old: index.Index | None) -> index.Index | None:
    """Write the index of ``files`` (reusing the old index's rows of unchanged files); None if it cannot be
    written. StoreError if the store is not valid."""
    planned = _planned(files, old)
    if isinstance(planned, Store):
        return None
    plan, old = planned
    return _written(target, files, old, plan)


def _planned(files: Sequence[_File], old: index.Index | None) -> tuple[_Plan, index.Index | None] | Store:
    """The plan of an index of ``files`` and the old index it reuses (None if it cannot be read after all);
    or the parsed store, when only a full validation can tell (then there is no index to write). StoreError
    if the store is not valid."""
    try:
        try:
            return _plan(files, old), old
        except _DAMAGE:
            if old is not None:
                old.connection.close()
            return _plan(files, None), None  # the old index cannot be read after all: start afresh
    except _Fallback:
        return _parsed_store(files)  # raises the StoreError a full validation reports; else valid after all


def _written(
    target: Path, files: Sequence[_File], old: index.Index | None, plan: _Plan
) -> index.Index | None:
    """The index of ``plan`` written and opened; None if it cannot be written (a read-only or full disk)."""
    try:
        if old is not None:
            try:
                return _write(target, files, old, plan)
            except _Damaged:
                plan = _plan(files, None)  # a page of the old index failed while it was copied and updated
        return _write(target, files, None, plan)
    except _Fallback:
        _parsed_store(files)  # raises the StoreError a full validation reports
        return None  # valid after all (the file-by-file checks were stricter): answer from the parse


# What reading a damaged index raises: SQLite's "malformed" and "not a database", a record that does not
# decode, a value of the wrong shape.
_DAMAGE = (sqlite3.DatabaseError, codec.CodecError, ValueError, TypeError, KeyError, IndexError)


class _Damaged(Exception):
    """The old index failed while it was being updated (not the disk: that only means no index)."""


class _Plan(NamedTuple):
    reused: set[int]
    parsed: dict[int, tuple[_Part, list[Event]]]
    named: dict[str, NamedZone]
    sources: dict[str, Source]
    title: str
    display_zones: tuple[str, ...]
    context: str
    changed_sources: set[str]
    recorded: dict[int, tuple[str, str, str | None]]  # the old index's files rows the plan was made from


def _old_part(opened: index.Index, number: int) -> _Part:
    con = opened.connection
    zones = [
        codec.loads(m)
        for (m,) in con.execute("SELECT model FROM zones WHERE file = ? ORDER BY position", (number,))
    ]
    sources = [
        codec.loads(m)
        for (m,) in con.execute("SELECT model FROM sources WHERE file = ? ORDER BY position", (number,))
    ]
    row = con.execute("SELECT title, display_zones, cited FROM files WHERE file = ?", (number,)).fetchone()
    return _Part(zones, sources, row[0], tuple(json.loads(row[1])), set(json.loads(row[2])))


def _plan(files: Sequence[_File], old: index.Index | None) -> _Plan:
    from pactcli.store import parse as store_mod
    from pactcli.time import zones as zones_mod

    recorded = _recorded(old) if old is not None else {}
    parts: dict[int, _Part] = {}
    parsed: dict[int, store_mod.ParsedFile] = {}
    for number, file in enumerate(files):
        previous = recorded.get(number)
        if old is not None and previous is not None and file.known(previous):
            try:
                parts[number] = _old_part(old, number)
                continue
            except (sqlite3.Error, codec.CodecError, ValueError, TypeError):
                pass
        parsed[number] = store_mod.ParsedFile(file.path, file.data)

    def part_of(number: int) -> _Part:
        if number in parsed:
            found = parsed[number]
            return _Part(found.zones, found.sources, found.title, found.display_zones, found.cited)
        return parts[number]

    named: dict[str, NamedZone] = {}
    sources: dict[str, Source] = {}
    title = ""
    display: tuple[str, ...] = ()
    for number in range(len(files)):
        part = part_of(number)
        for zone in part.zones:
            if zone.name in named:
                raise _Fallback
            named[zone.name] = zone
        for source in part.sources:
            if source.id in sources:
                raise _Fallback
            sources[source.id] = source
        title = title or part.title
        display = display or part.display_zones
    if any(p.has_errors() for p in parsed.values()):
        raise _Fallback
    display = display or ("Europe/Moscow", "Asia/Tokyo", "UTC")
    try:
        display_objects = [zones_mod.resolve(name, named) for name in display]
    except Exception as exc:  # UsageError: a display zone the store does not define
        raise _Fallback from exc
    # The events of a file depend on the other files through the zones (resolved into each event) and the
    # display zones (the stored records' times): if either changed, every file is checked again.
    context = codec.dumps((tuple(named.values()), tuple(display_objects)))
    if old is not None and old.meta.get("context") != context:
        for number, file in enumerate(files):
            if number not in parsed:
                parsed[number] = store_mod.ParsedFile(file.path, file.data)
                parts.pop(number)
                if parsed[number].has_errors():
                    raise _Fallback
    checked: dict[int, tuple[_Part, list[Event]]] = {}
    for number, found in parsed.items():
        events = found.events(named, sources)
        if found.has_errors():
            raise _Fallback
        checked[number] = (part_of(number), events)
    # Sources cited by unchanged files must still exist; event IDs must be unique across all files.
    for part in parts.values():
        if not part.cited <= sources.keys():
            raise _Fallback
    # Unique among the parsed files, and against the reused files' rows. (events.id's UNIQUE constraint
    # would refuse a duplicate when the rows go in, but the rows may go in after the command has answered,
    # by a writer in the background: everything the answer depends on is checked here.) Event and source
    # IDs share one namespace, so the parsed files' new source IDs are looked up among the reused events too.
    seen: set[str] = set()
    for _part, events in checked.values():
        for event in events:
            if event.id in seen:
                raise _Fallback
            seen.add(event.id)
    if old is not None and parts:
        new_source_ids = {source.id for part, _events in checked.values() for source in part.sources}
        if _taken_by_reused(old, sorted(seen | new_source_ids), parts.keys()):
            raise _Fallback
    changed_sources: set[str] = set()
    if old is not None and parts:
        # Sources whose record changed (a title is searched, a kind is part of each citing event's record).
        # Only the changed files' sources can have: a reused file's sources are its old rows, decoded, and
        # a source moved between files changed both files (one defined twice falls back above). So only
        # the old rows of the changed files are read and only the parsed files' sources encoded.
        reused_numbers = ",".join(str(int(n)) for n in sorted(parts))
        before = dict(
            old.connection.execute(f"SELECT id, model FROM sources WHERE file NOT IN ({reused_numbers})")
        )
        now = {source.id: source for part, _events in checked.values() for source in part.sources}
        changed_sources = {
            sid
            for sid in before.keys() | now.keys()
            if before.get(sid) != (codec.dumps(now[sid]) if sid in now else None)
        }
    return _Plan(
        set(parts),
        checked,
        named,
        sources,
        title or "pactcli chronology",
        tuple(display),
        context,
        changed_sources,
        recorded,
    )


def _taken_by_reused(old: index.Index, ids: Sequence[str], reused: Iterable[int]) -> bool:
    """Whether an event row of a reused file of the old index has one of ``ids`` (by its UNIQUE index).

    ``+file``: not by the index on ``file``, which SQLite would otherwise pick (a scan of 90,000 rows).
    """
    numbers = ",".join(str(int(n)) for n in sorted(reused))
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        marks = ",".join("?" * len(chunk))
        sql = f"SELECT 1 FROM events WHERE id IN ({marks}) AND +file IN ({numbers}) LIMIT 1"
        if old.connection.execute(sql, chunk).fetchone() is not None:
            return True
    return False


def _write(target: Path, files: Sequence[_File], old: index.Index | None, plan: _Plan) -> index.Index | None:
    import fcntl
    import tempfile

    from pactcli.time.zones import resolve

    directory = target.parent
    clean(directory)
    tmp: str | None = None
    fd = -1
    copied = False
    try:
        fd, tmp = tempfile.mkstemp(dir=directory, prefix=TEMP_PREFIX, suffix=SUFFIX)
        # Held until the rename: a temporary nobody holds a lock on belongs to a writer that died.
        fcntl.flock(fd, fcntl.LOCK_EX)
        copied = old is not None and bool(plan.reused)
        if copied:
            assert old is not None
            _copy(old.connection_path, fd)
        connection = sqlite3.connect(tmp)
        try:
            if copied and (
                dict(_recorded_rows(connection)) != plan.recorded
                or connection.execute("SELECT value FROM meta WHERE key = 'context'").fetchone()
                != (plan.context,)
            ):
                # Not the database the plan was made from: another writer renamed a new one into place
                # since it was opened (a writer in the background opens it long after it was read).
                raise _Damaged
            for pragma in (
                "journal_mode = OFF",
                "synchronous = OFF",
                "temp_store = MEMORY",
                "cache_size = -32768",
            ):
                connection.execute(f"PRAGMA {pragma}")
            with_fts = old.has_fts if copied and old is not None else index.fts_available()
            if copied:
                for number in range(len(files)):
                    if number not in plan.reused:
                        index.delete_file(connection, number, with_fts)
            else:
                index.create(connection, with_fts)
            record_zones = [resolve(name, plan.named) for name in plan.display_zones]
            for number, (part, events) in sorted(plan.parsed.items()):
                file = files[number]
                rows = index.FileRows(
                    number=number,
                    path=file.path,
                    sha256=file.digest,
                    signature=file.trusted_signature(),
                    title=part.title,
                    display_zones=part.display_zones,
                    cited=tuple(part.cited),
                    zones=part.zones,
                    sources=part.sources,
                    events=events,
                )
                index.insert_file(connection, rows, plan.sources, record_zones, with_fts)
            if copied and plan.changed_sources:
                index.refresh_cited(
                    connection, plan.changed_sources, plan.sources, plan.reused, record_zones, with_fts
                )
            if not copied:
                index.create_indexes(connection)
            meta = {
                "pactcli": __version__,
                "code": code_stamp(),
                "tzdata": TZDATA_VERSION,
                "title": plan.title,
                "display_zones": json.dumps(list(plan.display_zones)),
                "paths": json.dumps([f.path for f in files]),
                "fts": "1" if with_fts else "0",
                "record_zones": index.record_zones_key(record_zones),
                "context": plan.context,
            }
            index.write_meta(connection, meta)
            connection.commit()
        finally:
            connection.close()
        os.replace(tmp, target)
        tmp = None
    except (OSError, sqlite3.OperationalError):
        return None  # a read-only or full directory (SQLite's "disk is full", "I/O error"): no index
    except sqlite3.DatabaseError:
        if copied:
            raise _Damaged from None
        return None
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
        if fd >= 0:
            os.close(fd)

    return _open(target, _recoverer(target, files))


def _recoverer(target: Path, files: Sequence[_File]) -> Callable[[], index.Index]:
    def recover() -> index.Index:
        # The index failed in the middle of a command: rebuild it from the files, or answer from the parse.
        with contextlib.suppress(OSError):
            target.unlink()
        rebuilt = _rebuild(target, files, None)
        return rebuilt if rebuilt is not None else index.in_memory(_parsed_store(files))

    return recover


def _copy(source: str, fd: int) -> None:
    """The old database's bytes into the new temporary: in the kernel (shared extents where the file system
    offers them), else read and written."""
    with open(source, "rb") as handle:
        size = os.fstat(handle.fileno()).st_size
        copied = 0
        try:
            while copied < size:
                step = os.copy_file_range(handle.fileno(), fd, size - copied)
                if step <= 0:
                    break
                copied += step
        except (AttributeError, OSError):
            copied = 0
        if copied == size:
            return
        handle.seek(0)
        os.lseek(fd, 0, os.SEEK_SET)
        os.ftruncate(fd, 0)
        while chunk := handle.read(1 << 22):
            os.write(fd, chunk)


def _stale(path: Path) -> bool:
    """A temporary that no writer holds (its writer died) and that is not brand new."""
    import fcntl

    try:
        info = path.lstat()
        if not stat.S_ISREG(info.st_mode) or not _mine(info) or time.time() - info.st_mtime < STALE_AFTER:
            return False
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    finally:
        os.close(fd)
    return True


def clean(directory: Path) -> int:
    """Remove what dead writers and earlier versions left: stale temporaries, pickled index files."""
    removed = 0
    try:
        entries = list(directory.iterdir())
    except OSError:
        return 0
    for path in entries:
        name = path.name
        if (name.startswith(TEMP_PREFIX) and _stale(path)) or name.endswith(OLD_SUFFIXES):
            with contextlib.suppress(OSError):
                path.unlink()
                removed += 1
    return removed


def index_files(directory: Path) -> list[Path]:
    """The index files in ``directory`` (never a temporary being written or left by a dead writer)."""
    try:
        return sorted(p for p in directory.glob(PREFIX + "*" + SUFFIX) if p.is_file())
    except OSError:
        return []


# --- answering before the index is written ---------------------------------------------------------------

# The stores this process loaded with defer=True whose index is not written yet (see finish).
_PENDING: list[_Pending] = []


class _Pending(index.Index):
    """The index of a store that was just parsed (all of it, or the files that changed), before it is written.

    Writing the database costs about as much as parsing the store (two JSON records, the full-text rows and
    SQLite's b-trees for every event), so a command answers from the parse what it can: an event by its ID,
    its neighbours in chronological order, the sources and zones. For a store of which only some files
    changed, the events of the other files come from the old index (its rows of those files, still valid:
    the plan checked them against the changed files). Any other question (SQL: a timeline, a search, a
    prefix) writes the index first, then asks it, so every filter keeps its one SQL implementation; and
    once the command has answered, :func:`finish` writes the index if no question did.
    """

    def __init__(self, target: Path, files: Sequence[_File], old: index.Index | None, plan: _Plan) -> None:
        # Index.__init__ is not called: there is no database to open yet (attributes: see __getattr__).
        self._target = target
        self._files = files
        self._old = old if old is not None and plan.reused else None
        self._plan = plan
        self._real: index.Index | None = None
        self._by_id = {event.id: event for _part, events in plan.parsed.values() for event in events}
        self._sorted: list[Event] | None = None
        self._reused = ",".join(str(int(n)) for n in sorted(plan.reused))
        if old is not None and self._old is None:
            old.connection.close()

    def __getattr__(self, name: str) -> object:
        # What an open index has and this one has not (has_fts, record_zones, connection, ...): the question
        # needs the database, so it is written now.
        if name.startswith("_"):
            raise AttributeError(name)
        return getattr(self.materialized(), name)

    @property
    def written(self) -> bool:
        return self._real is not None

    def materialized(self) -> index.Index:
        """The index, written now if it was not (or, if it cannot be written, an in-memory one)."""
        if self._real is None:
            try:
                with _no_cycle_collection():
                    written = _written(self._target, self._files, self._old, self._plan)
            finally:
                if self._old is not None:
                    self._old.connection.close()
                    self._old = None
            self._real = written if written is not None else index.in_memory(self._whole_store())
        return self._real

    def _whole_store(self) -> Store:
        if self._old is None and not self._plan.reused:
            return self._parsed_whole()
        return _parsed_store(self._files)

    def _parsed_whole(self) -> Store:
        plan = self._plan
        return Store(
            title=plan.title,
            display_zones=plan.display_zones,
            zones=plan.named,
            sources=plan.sources,
            events=self._ordered(),
            paths=tuple(f.path for f in self._files),
            index=self,
        )

    def _current(self) -> index.Index:
        return self.materialized()._current()

    def _ordered(self) -> list[Event]:
        """The parsed events in chronological order (as the index orders them: Event.sort_key's order)."""
        if self._sorted is None:
            self._sorted = sorted(self._by_id.values(), key=Event.sort_key)
        return self._sorted

    def store(self) -> Store:
        if self._old is None:
            return self._parsed_whole()  # every file was parsed: the events are all here
        plan = self._plan
        return Store(
            title=plan.title,
            display_zones=plan.display_zones,
            zones=plan.named,
            sources=plan.sources,
            events=index.LazyEvents(self),
            paths=tuple(f.path for f in self._files),
            index=self,
        )

    # -- what is answered from the parse (and the old index's rows of unchanged files) -------------------

    def _reused_rows(self, sql: str, params: Sequence[object]) -> list[tuple[Any, ...]] | None:
        """Rows of the old index's unchanged files; None if it fails (then the question writes the index)."""
        assert self._old is not None
        try:
            return self._old.connection.execute(sql, params).fetchall()
        except sqlite3.Error:
            return None

    def _decoded(self, model: str) -> Event | None:
        try:
            event = codec.loads(model)
        except codec.CodecError:
            return None
        return event if isinstance(event, Event) else None

    def event(self, event_id: str) -> Event | None:
        if self._real is not None:
            return self._real.event(event_id)
        found = self._by_id.get(event_id)
        if found is not None or self._old is None:
            return found
        sql = f"SELECT model FROM events WHERE id = ? AND +file IN ({self._reused})"
        rows = self._reused_rows(sql, (index.bindable(event_id),))
        if rows is None:
            return self.materialized().event(event_id)
        event = self._decoded(rows[0][0]) if rows else None
        if rows and event is None:
            return self.materialized().event(event_id)
        return event

    def neighbours(self, event_id: str, count: int) -> tuple[list[Event], list[Event]]:
        if self._real is not None or self.event(event_id) is None:
            return self.materialized().neighbours(event_id, count)
        found = self.event(event_id)
        assert found is not None
        key = Event.sort_key(found)
        ordered = self._ordered()
        at = bisect.bisect_left(ordered, key, key=Event.sort_key)
        later = at + 1 if at < len(ordered) and ordered[at].id == event_id else at
        before = [(index.sort_key(e), e) for e in ordered[max(0, at - count) : at]]
        after = [(index.sort_key(e), e) for e in ordered[later : later + count]]
        if self._old is not None:
            point = index.sort_key(found)
            for into, test, direction in ((before, "<", " DESC"), (after, ">", "")):
                rows = self._reused_rows(
                    f"SELECT sort_us, sort_precision, id, model FROM events WHERE +file IN ({self._reused}) "
                    f"AND (sort_us, sort_precision, id) {test} (?, ?, ?) ORDER BY "
                    + ", ".join(column + direction for column in ("sort_us", "sort_precision", "id"))
                    + " LIMIT ?",
                    (*point, count),
                )
                if rows is None:
                    return self.materialized().neighbours(event_id, count)
                for sort_us, precision, other_id, model in rows:
                    event = self._decoded(model)
                    if event is None:
                        return self.materialized().neighbours(event_id, count)
                    into.append(((sort_us, precision, other_id), event))
        before.sort(key=lambda pair: pair[0])
        after.sort(key=lambda pair: pair[0])
        return [e for _k, e in before[max(0, len(before) - count) :]], [e for _k, e in after[:count]]

    def source(self, source_id: str) -> Source | None:
        return self._plan.sources.get(source_id)

    def source_ids(self) -> list[str]:
        return list(self._plan.sources)

    def event_ids(self) -> list[str]:
        if self._real is None and self._old is None:
            return [event.id for event in self._ordered()]
        return self.materialized().event_ids()

    def count(self) -> int:
        if self._real is None and self._old is None:
            return len(self._by_id)
        return self.materialized().count()

    # -- writing it -----------------------------------------------------------------------------------------

    def write_now(self) -> None:
        """Write the index if no question did (never raises: the command has answered already)."""
        if self._real is None:
            with contextlib.suppress(Exception):
                self.materialized()


def finish(background: bool = False) -> None:
    """Write the indexes this process deferred (:func:`load` with ``defer``), once the command has answered.

    In the background (the ``pactcli`` process: its caller should not wait for a file it did not ask for), a
    forked child writes them and the process exits; otherwise they are written now. See :func:`_detach`.
    """
    pending = [p for p in _PENDING if not p.written]
    _PENDING.clear()
    if not pending:
        return
    if background and hasattr(os, "fork"):
        with contextlib.suppress(OSError):
            _detach(pending)
            return
    for item in pending:
        item.write_now()


def _detach(pending: Sequence[_Pending]) -> None:
    """Fork a child that writes the pending indexes, detached from the command's input and output.

    The child's standard streams are /dev/null before anything else, so a pipe from the command ends when
    the command does (a reader that went away, ``| head``, is nothing to the child). It holds an exclusive
    ``flock`` on the cache directory while it writes, so background writers take turns (twenty commands
    started together write one index: each waits, then finds the index written and stops), and this process
    returns only once the child holds it (or gave up): whoever takes the lock after this process exits (a
    benchmark, a test) waits for the index. It is in the command's process group, so an interrupt of the
    shell's job stops it too; a writer killed at any point leaves a temporary file that the next writer
    removes, as for any writer (:func:`clean`).
    """
    import fcntl
    import signal

    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):
            stream.flush()  # what the command wrote, before the child gets a copy of the buffers
    ready, tell = os.pipe()
    child = os.fork()
    if child:
        os.close(tell)
        try:
            os.read(ready, 1)  # the child holds the lock, or has died
        finally:
            os.close(ready)
        return
    try:
        os.close(ready)
        devnull = os.open(os.devnull, os.O_RDWR)
        for fd in (0, 1, 2):
            os.dup2(devnull, fd)
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
        lock = os.open(pending[0]._target.parent, os.O_RDONLY)
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.write(tell, b"w")
            os.close(tell)
            fcntl.flock(lock, fcntl.LOCK_EX)  # another writer is at work: after it, this may be done already
        else:
            os.write(tell, b"l")
            os.close(tell)
        for item in pending:
            if not _written_since(item):
                item.write_now()
    finally:
        os._exit(0)


def _written_since(item: _Pending) -> bool:
    """Whether another process has written the index of ``item``'s files since it was planned."""
    found = _open(item._target)
    if found is None:
        return False
    try:
        return _current(found, item._files)
    finally:
        found.connection.close()
