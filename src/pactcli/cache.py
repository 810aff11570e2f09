"""An index cache of validated stores, keyed by their content, so no call parses the same store twice.

Parsing and validating a store costs time in proportion to its size (a 100,000-event store takes seconds);
a lookup should not. The first call on a store parses and validates it as always, then writes an index file:
the events, in chronological order, pickled in chunks of :data:`EVENTS_PER_CHUNK`, the sources likewise, the
event IDs hashed into buckets of ``{ID: position}`` and in order, and a header with each chunk's offset and
CRC. Later calls read the store's bytes, hash them, and if an index for exactly those bytes exists, read the
header and only the chunks the command touches: a lookup reads one ID bucket and one chunk of events.

Why it is safe:

* The key is the SHA-256 of every store file's bytes (and their paths, pactcli's version, the tzdata version
  and the Python version), so any edit, however small, misses the old index. The bytes hashed are the bytes
  parsed on a miss: a store rewritten while being read can never pair old content with a new index.
* Index files are written to a temporary file and renamed into place, so readers see a whole file or none.
  A directory that cannot be created or written only means no index: the command still answers.
* A truncated file, a wrong size, a bad header CRC or a foreign file is ignored and rebuilt. Each chunk has
  its own CRC, checked when read; a damaged chunk makes the store rebuild itself from the bytes it hashed, so
  a damaged index can cost time but never change an answer.
* Unpickling is restricted to pactcli's model classes and datetime types.

Location: ``$PACTCLI_CACHE_DIR``, else ``$XDG_CACHE_HOME/pactcli``, else ``~/.cache/pactcli``;
``PACTCLI_NO_CACHE=1`` turns it off. Deleting the directory is always safe (``pactcli cache --clear``).
"""

from __future__ import annotations

import contextlib
import io
import os
import pickle
import struct
import sys
import zlib
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import IO, Any, overload
from zoneinfo import ZoneInfo

from . import __version__
from .model import Event, Source, Store
from .storefiles import read_store_files
from .zones import TZDATA_VERSION, iana_zone

FORMAT = 5
MAGIC = b"PACTIDX\x01"
TRAILER = b"PACTEND\x01"
SUFFIX = ".pactidx"
# Layout: MAGIC, the chunks, the header, _TAIL (header length, header CRC-32, chunks' length), TRAILER.
_TAIL = struct.Struct("<QIQ")
_END = _TAIL.size + len(TRAILER)
EVENTS_PER_CHUNK = 16  # a lookup unpickles one chunk (well under a millisecond); a scan reads them in order
SOURCES_PER_CHUNK = 64
IDS_PER_BUCKET = 512  # about 0.1 ms to unpickle one bucket
_KEEP_CHUNKS = 8  # decoded event chunks kept in memory: enough for neighbours, bounded for a full scan

ENV_DIR = "PACTCLI_CACHE_DIR"
ENV_OFF = "PACTCLI_NO_CACHE"

# What an index file may name when unpickled: the model's own classes and the datetime types they hold.
_ALLOWED = frozenset(
    {
        ("pactcli.model", "Event"),
        ("pactcli.model", "Claim"),
        ("pactcli.model", "Source"),
        ("pactcli.model", "SourceRef"),
        ("pactcli.dates", "When"),
        ("pactcli.dates", "Precision"),
        ("pactcli.zones", "Zone"),
        ("pactcli.zones", "NamedZone"),
        ("pactcli.zones", "iana_zone"),
        ("datetime", "date"),
        ("datetime", "time"),
        ("datetime", "datetime"),
        ("datetime", "timedelta"),
        ("datetime", "timezone"),
    }
)


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


def load(paths: Sequence[str], environ: Mapping[str, str] | None = None) -> Store:
    """The merged store of ``paths``, from its index when one exists for exactly these bytes.

    Raises StoreError (as :func:`pactcli.store.load` does) when a file cannot be read or is not valid.
    """
    files = read_store_files(paths)
    directory = cache_dir(environ)
    key = _key(files)
    name = _file_name(files, key)

    def rebuild() -> Store:
        from . import store  # the parser and validator: only on a cache miss

        built, _warnings = store.load_files(files)
        if directory is not None:
            write(directory / name, key, built)
        return built

    if directory is not None:
        cached = read(directory / name, key, rebuild)
        if cached is not None:
            return cached
    return rebuild()


_SMALL = 1 << 20


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


def _key(files: Sequence[tuple[str, bytes]]) -> bytes:
    python = f"{sys.version_info[0]}.{sys.version_info[1]}"
    parts = [
        part.encode() + b"\0" for part in (f"pactcli-index/{FORMAT}", __version__, TZDATA_VERSION, python)
    ]
    for path, data in files:
        parts.append(path.encode("utf-8", "surrogateescape") + b"\0")
        parts.append(sha256(data))
    return sha256(b"".join(parts))


def _file_name(files: Sequence[tuple[str, bytes]], key: bytes) -> str:
    # The first part names the set of files, so writing a new index can remove the stale ones of that set.
    paths = sha256("\0".join(os.path.abspath(p) for p, _ in files).encode("utf-8", "surrogateescape"))
    return f"{paths.hex()[:16]}-{key.hex()[:32]}{SUFFIX}"


# --- writing -------------------------------------------------------------------------------------------


def _reduce_zoneinfo(zone: ZoneInfo) -> tuple[Callable[[str], ZoneInfo], tuple[str]]:
    # Zones are loaded from the tzdata wheel (ZoneInfo.from_file), which pickle refuses; store the key.
    return (iana_zone, (str(zone.key),))


def _dumps(value: object) -> bytes:
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=5)
    pickler.dispatch_table = {ZoneInfo: _reduce_zoneinfo}
    pickler.dump(value)
    return buffer.getvalue()


def encode(key: bytes, store: Store) -> bytes:
    """The index file's bytes for ``store``."""
    buffer = io.BytesIO()
    _encode_to(buffer, key, store)
    return buffer.getvalue()


def _encode_to(out: IO[bytes], key: bytes, store: Store) -> None:
    """Write the index chunk by chunk: the header (with the chunks' offsets) comes last, as a footer, so the
    file is never held in memory whole (a first call on a large store is already at its peak memory)."""
    out.write(MAGIC)
    written = 0

    def chunks(items: Sequence[object], size: int) -> list[tuple[int, int, int]]:
        nonlocal written
        table = []
        for start in range(0, len(items), size):
            blob = _dumps(list(items[start : start + size]))
            table.append((written, len(blob), zlib.crc32(blob)))
            out.write(blob)
            written += len(blob)
        return table

    events = list(store.events)
    sources = list(store.sources.values())
    event_chunks = chunks(events, EVENTS_PER_CHUNK)
    source_chunks = chunks(sources, SOURCES_PER_CHUNK)
    # Event IDs twice: hashed into buckets of {ID: position} (a lookup reads one bucket, not 100,000 IDs),
    # and in order, for prefix matches, suggestions and completion.
    ids = [event.id for event in events]
    buckets: list[dict[str, int]] = [{} for _ in range(_bucket_count(len(ids)))]
    for number, event_id in enumerate(ids):
        buckets[_bucket(event_id, len(buckets))][event_id] = number
    id_buckets = chunks(buckets, 1)
    id_list = chunks(["\0".join(ids)], 1)
    header = _dumps(
        {
            "format": FORMAT,
            "key": key,
            "title": store.title,
            "display_zones": tuple(store.display_zones),
            "zones": dict(store.zones),
            "paths": tuple(store.paths),
            "event_count": len(ids),
            "id_buckets": id_buckets,
            "id_list": id_list,
            "source_ids": [source.id for source in sources],
            "event_chunks": event_chunks,
            "source_chunks": source_chunks,
        }
    )
    out.write(header)
    out.write(_TAIL.pack(len(header), zlib.crc32(header), written))
    out.write(TRAILER)


def _bucket_count(count: int) -> int:
    return max(1, -(-count // IDS_PER_BUCKET))


def _bucket(event_id: str, count: int) -> int:
    # CRC-32, not hash(): str hashes change from one process to the next.
    return zlib.crc32(event_id.encode("utf-8", "surrogatepass")) % count


def write(path: Path, key: bytes, store: Store) -> bool:
    """Write the index atomically; False (and nothing left behind) when the directory is not writable."""
    import tempfile

    tmp: str | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=SUFFIX)
        with os.fdopen(fd, "wb") as out:
            _encode_to(out, key, store)
        os.replace(tmp, path)
        tmp = None
        _remove_stale(path)
        return True
    except OSError:
        return False
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)


def _remove_stale(path: Path) -> None:
    """Indexes of earlier versions of the same files: each is as large as the store, so do not keep them."""
    prefix = path.name.split("-", 1)[0] + "-"
    for other in path.parent.glob(prefix + "*" + SUFFIX):
        if other.name != path.name:
            with contextlib.suppress(OSError):
                other.unlink()


# --- reading -------------------------------------------------------------------------------------------


class _Unpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> Any:
        if (module, name) not in _ALLOWED:
            raise pickle.UnpicklingError(f"index file names {module}.{name}")
        return super().find_class(module, name)


def _loads(blob: bytes) -> Any:
    return _Unpickler(io.BytesIO(blob)).load()


def read(path: Path, key: bytes, rebuild: Callable[[], Store]) -> Store | None:
    """The store from an index file, or None when there is none or it is not whole and ours."""
    try:
        handle = path.open("rb")
    except OSError:
        return None
    with handle:
        return _read_header(handle, path, key, rebuild)


def _read_header(
    handle: io.BufferedReader, path: Path, key: bytes, rebuild: Callable[[], Store]
) -> Store | None:
    try:
        size = os.fstat(handle.fileno()).st_size
        if size < len(MAGIC) + _END or handle.read(len(MAGIC)) != MAGIC:
            raise ValueError("not an index file")
        handle.seek(size - _END)
        tail = handle.read(_END)
        if tail[_TAIL.size :] != TRAILER:
            raise ValueError("truncated or not an index file")
        header_size, header_crc, data_size = _TAIL.unpack(tail[: _TAIL.size])
        if size != len(MAGIC) + data_size + header_size + _END:
            raise ValueError("truncated or padded")
        handle.seek(len(MAGIC) + data_size)
        raw_header = handle.read(header_size)
        if zlib.crc32(raw_header) != header_crc:
            raise ValueError("header CRC")
        header = _loads(raw_header)
        if not isinstance(header, dict) or header.get("format") != FORMAT or header.get("key") != key:
            raise ValueError("another store's index")
        backing = _Backing(path, len(MAGIC), header, rebuild)
        return Store(
            title=header["title"],
            display_zones=header["display_zones"],
            zones=header["zones"],
            sources=_CachedSources(backing, header["source_ids"]),
            events=_CachedEvents(backing, header["event_count"]),
            paths=header["paths"],
            positions=_CachedPositions(backing, header["event_count"]),
        )
    except Exception:
        # Whatever a damaged or foreign file makes the unpickler raise, the answer is the same: rebuild.
        return None


class _Backing:
    """Reads, checks and decodes chunks of one index file; rebuilds the store if a chunk is damaged or gone.

    The file is opened for each chunk rather than held open: a Store has no close(), and a replaced or removed
    index (another pactcli rebuilding it) then shows up as a failed read, answered by a rebuild.
    """

    def __init__(
        self, path: Path, data_start: int, header: dict[str, Any], rebuild: Callable[[], Store]
    ) -> None:
        self.path = path
        self.data_start = data_start
        self.event_chunks: list[tuple[int, int, int]] = header["event_chunks"]
        self.source_chunks: list[tuple[int, int, int]] = header["source_chunks"]
        self.id_buckets: list[tuple[int, int, int]] = header["id_buckets"]
        self.id_list: list[tuple[int, int, int]] = header["id_list"]
        self.rebuild = rebuild
        self.rebuilt: Store | None = None
        self.events: dict[int, list[Event]] = {}
        self.sources: dict[int, list[Source]] = {}
        self.id_buckets_read: dict[int, dict[str, int]] = {}
        self.ids: list[str] | None = None

    def _read(self, table: list[tuple[int, int, int]], number: int) -> list[Any] | None:
        offset, length, crc = table[number]
        try:
            with self.path.open("rb") as handle:
                handle.seek(self.data_start + offset)
                blob = handle.read(length)
        except OSError:
            return None
        if len(blob) != length or zlib.crc32(blob) != crc:
            return None
        try:
            items = _loads(blob)
        except Exception:  # a damaged chunk, whatever the unpickler makes of it
            return None
        return items if isinstance(items, list) else None

    def _read_one(self, table: list[tuple[int, int, int]], number: int, kind: type) -> Any:
        items = self._read(table, number)
        return items[0] if items and isinstance(items[0], kind) else None

    def _store(self) -> Store:
        if self.rebuilt is None:
            self.rebuilt = self.rebuild()
        return self.rebuilt

    def event_chunk(self, number: int) -> list[Event]:
        found = self.events.get(number)
        if found is None:
            items = None if self.rebuilt else self._read(self.event_chunks, number)
            if items is None:
                start = number * EVENTS_PER_CHUNK
                return list(self._store().events[start : start + EVENTS_PER_CHUNK])
            if len(self.events) >= _KEEP_CHUNKS:
                self.events.pop(next(iter(self.events)))
            found = self.events[number] = items
        return found

    def source_chunk(self, number: int) -> list[Source]:
        found = self.sources.get(number)
        if found is None:
            items = None if self.rebuilt else self._read(self.source_chunks, number)
            if items is None:
                start = number * SOURCES_PER_CHUNK
                return list(self._store().sources.values())[start : start + SOURCES_PER_CHUNK]
            found = self.sources[number] = items
        return found

    def positions_in_bucket(self, event_id: str) -> Mapping[str, int]:
        if not self.rebuilt:
            number = _bucket(event_id, len(self.id_buckets))
            found = self.id_buckets_read.get(number)
            if found is None:
                found = self._read_one(self.id_buckets, number, dict)
                if found is not None:
                    self.id_buckets_read[number] = found
            if found is not None:
                return found
        return self._store().positions()

    def ordered_ids(self) -> list[str]:
        if self.ids is None:
            joined = None if self.rebuilt else self._read_one(self.id_list, 0, str)
            if joined is None:
                return self._store().event_ids()
            self.ids = joined.split("\0") if joined else []
        return self.ids


class _CachedPositions(Mapping[str, int]):
    """Event ID -> position in the events, read a bucket at a time; iterated in chronological order."""

    def __init__(self, backing: _Backing, count: int) -> None:
        self._backing = backing
        self._count = count

    def __getitem__(self, event_id: str) -> int:
        return self._backing.positions_in_bucket(event_id)[event_id]

    def __contains__(self, event_id: object) -> bool:
        return isinstance(event_id, str) and event_id in self._backing.positions_in_bucket(event_id)

    def __iter__(self) -> Iterator[str]:
        return iter(self._backing.ordered_ids())

    def __len__(self) -> int:
        return self._count


class _CachedEvents(Sequence[Event]):
    """The events of an index file, in chronological order, decoded a chunk at a time."""

    def __init__(self, backing: _Backing, count: int) -> None:
        self._backing = backing
        self._count = count

    def __len__(self) -> int:
        return self._count

    @overload
    def __getitem__(self, index: int) -> Event: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[Event]: ...
    def __getitem__(self, index: int | slice) -> Event | Sequence[Event]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(self._count))]
        if index < 0:
            index += self._count
        if not 0 <= index < self._count:
            raise IndexError(index)
        return self._backing.event_chunk(index // EVENTS_PER_CHUNK)[index % EVENTS_PER_CHUNK]

    def __iter__(self) -> Iterator[Event]:
        for number in range((self._count + EVENTS_PER_CHUNK - 1) // EVENTS_PER_CHUNK):
            yield from self._backing.event_chunk(number)


class _CachedSources(Mapping[str, Source]):
    """The sources of an index file by ID, in store order, decoded a chunk at a time."""

    def __init__(self, backing: _Backing, ids: list[str]) -> None:
        self._backing = backing
        self._ids = ids
        self._positions: dict[str, int] | None = None

    def _position(self, source_id: str) -> int | None:
        if self._positions is None:
            self._positions = {sid: number for number, sid in enumerate(self._ids)}
        return self._positions.get(source_id)

    def __getitem__(self, source_id: str) -> Source:
        position = self._position(source_id)
        if position is None:
            raise KeyError(source_id)
        chunk = self._backing.source_chunk(position // SOURCES_PER_CHUNK)
        return chunk[position % SOURCES_PER_CHUNK]

    def __contains__(self, source_id: object) -> bool:
        return isinstance(source_id, str) and self._position(source_id) is not None

    def __iter__(self) -> Iterator[str]:
        return iter(self._ids)

    def __len__(self) -> int:
        return len(self._ids)
