"""A store as an SQLite database: the index the cache keeps, the in-memory index of an uncached store, and
``pactcli export --format sqlite``. One schema for all three (docs/sqlite.md describes it for people).

Each event is one row of ``events`` with its public JSON record (the ``timeline --format json`` contract, in
the store's display zones) and its full model record (:mod:`pactcli.store.codec`), plus the columns the
queries filter and sort on: the civil first and last day of the main claim and of all claims together, the UTC
bounds, and the sort key. Claims, source references, tags and participants have their own tables, and an FTS5
table indexes the searchable text (titles, summaries, places, participants, the titles of cited sources) with
diacritics folded; CJK text is indexed a character at a time so that a word of two characters is found inside
a longer run (:func:`search_text`, :func:`fts_query`).

Rows carry the number of the store file they came from (``file``), so the cache can replace one file's rows
when only that file changed. :mod:`pactcli.store.queries` asks its questions in SQL through :class:`Index`.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import re
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any, NamedTuple, overload

from pactcli.errors import PactError
from pactcli.store import codec
from pactcli.store.model import Event, Source, Store, utc_lower_bound, utc_upper_bound
from pactcli.time.zones import NamedZone, Zone

SCHEMA = 1  # PRAGMA user_version: any change to the tables below changes it
APPLICATION_ID = 0x50414354  # PRAGMA application_id: "PACT", so a foreign SQLite file is never taken for ours
FTS_TOKENIZER = "unicode61 remove_diacritics 2"

_TABLES = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE files (
  file INTEGER PRIMARY KEY, path TEXT NOT NULL, sha256 TEXT NOT NULL, signature TEXT,
  title TEXT NOT NULL, display_zones TEXT NOT NULL, cited TEXT NOT NULL
);
CREATE TABLE zones (
  name TEXT PRIMARY KEY, file INTEGER NOT NULL, position INTEGER NOT NULL, label TEXT NOT NULL,
  utc_offset TEXT, iana TEXT, note TEXT, model TEXT NOT NULL
);
CREATE TABLE sources (
  id TEXT PRIMARY KEY, file INTEGER NOT NULL, position INTEGER NOT NULL, type TEXT NOT NULL,
  title TEXT NOT NULL, kind TEXT, csl TEXT NOT NULL, model TEXT NOT NULL
);
CREATE TABLE events (
  rowid INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, file INTEGER NOT NULL,
  title TEXT NOT NULL, start TEXT NOT NULL, "end" TEXT, zone TEXT NOT NULL, precision TEXT NOT NULL,
  place TEXT, summary TEXT, disputed INTEGER NOT NULL,
  utc_lower TEXT NOT NULL, utc_upper TEXT NOT NULL,
  first_day TEXT NOT NULL, last_day TEXT NOT NULL, span_first_day TEXT NOT NULL, span_last_day TEXT NOT NULL,
  sort_us INTEGER NOT NULL, sort_precision INTEGER NOT NULL,
  record TEXT NOT NULL, model TEXT NOT NULL
);
CREATE TABLE claims (
  event TEXT NOT NULL, number INTEGER NOT NULL, start TEXT NOT NULL, "end" TEXT, zone TEXT NOT NULL,
  precision TEXT NOT NULL, utc_lower TEXT NOT NULL, utc_upper TEXT NOT NULL,
  first_day TEXT NOT NULL, last_day TEXT NOT NULL, note TEXT, PRIMARY KEY (event, number)
);
CREATE TABLE source_refs (
  event TEXT NOT NULL, claim INTEGER, position INTEGER NOT NULL, source TEXT NOT NULL, locator TEXT
);
CREATE TABLE tags (event TEXT NOT NULL, tag TEXT NOT NULL, folded TEXT NOT NULL);
CREATE TABLE participants (event TEXT NOT NULL, position INTEGER NOT NULL, name TEXT NOT NULL);
"""
_FTS_TABLE = (
    "CREATE VIRTUAL TABLE events_fts USING fts5(id, title, summary, place, participants, sources, "
    f"tokenize='{FTS_TOKENIZER}')"
)
# Created after the rows are in (faster than keeping them up to date row by row).
_INDEXES = """
CREATE INDEX events_order ON events (sort_us, sort_precision, id);
CREATE INDEX events_file ON events (file);
CREATE INDEX events_utc_lower ON events (utc_lower);
CREATE INDEX events_utc_upper ON events (utc_upper);
CREATE INDEX events_span ON events (span_first_day, span_last_day);
CREATE INDEX claims_days ON claims (first_day, last_day);
CREATE INDEX source_refs_event ON source_refs (event);
CREATE INDEX source_refs_source ON source_refs (source);
CREATE INDEX tags_folded ON tags (folded, event);
CREATE INDEX tags_event ON tags (event);
CREATE INDEX participants_event ON participants (event);
CREATE INDEX sources_order ON sources (file, position);
"""

_ORDER = ("sort_us", "sort_precision", "id")


class DamagedIndex(PactError):
    """The database cannot answer (a damaged file); the cache rebuilds it."""


def fts_available() -> bool:
    """Whether this Python's SQLite has FTS5 (every current build has; a few old system libraries lack it)."""
    return _fts_available()


@functools.cache
def _fts_available() -> bool:
    try:
        probe = sqlite3.connect(":memory:")
        try:
            probe.execute(f"CREATE VIRTUAL TABLE probe USING fts5(x, tokenize='{FTS_TOKENIZER}')")
        finally:
            probe.close()
    except sqlite3.Error:
        return False
    return True


# --- text for the full-text index ------------------------------------------------------------------------

# Scripts written without spaces between words (Han, kana, Hangul and their compatibility forms). unicode61
# would take a whole run of them for one token, so each character is indexed as a token of its own and a
# query's run becomes a phrase of its characters: 中立 then matches inside 日ソ中立条約.
_CJK_RANGES = (
    "\u2e80-\u2fdf\u3040-\u30ff\u3100-\u31ff\u3200-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff"
    "\uff66-\uff9f\U00020000-\U0003ffff"
)


@functools.cache
def _cjk() -> re.Pattern[str]:
    return re.compile(f"[{_CJK_RANGES}]")


@functools.cache
def _cjk_run() -> re.Pattern[str]:
    return re.compile(f"[{_CJK_RANGES}]+")


def _spaced(text: str) -> str:
    return _cjk().sub(lambda m: f" {m.group()} ", text) if text else text


def search_text(event: Event, sources: Mapping[str, Source]) -> tuple[str, ...]:
    """The values of ``events_fts``'s columns for ``event`` (id, title, summary, place, participants,
    titles of the sources it cites)."""
    titles = [sources[ref.id].title for ref in event.cited_sources() if ref.id in sources]
    values = (
        event.id,
        event.title,
        event.summary or "",
        event.place or "",
        "\n".join(event.participants),
        "\n".join(dict.fromkeys(titles)),
    )
    return tuple(_spaced(value) for value in values)


def fts_query(text: str) -> str:
    """A ``--search`` query in FTS5 syntax, with runs of CJK characters made phrases of their characters."""
    out: list[str] = []
    for number, part in enumerate(text.split('"')):
        if number % 2:  # inside a quoted phrase: the characters are tokens of the phrase
            out.append('"' + _spaced(part))
        else:
            spaced = _cjk_run().sub(lambda m: ' "' + " ".join(m.group()) + '" ', part)
            out.append(('"' if number else "") + spaced)
    return "".join(out)


def words_query(text: str) -> str:
    """``text`` as plain words, each a quoted phrase (what a query that is not valid FTS5 syntax means)."""
    return " ".join('"' + _spaced(word).replace('"', '""') + '"' for word in text.split())


# --- writing ---------------------------------------------------------------------------------------------


class FileRows(NamedTuple):
    """What one store file puts into the index."""

    number: int
    path: str
    sha256: str
    signature: str | None  # the file's stat when hashed, if old enough to trust (pactcli.store.cache)
    title: str
    display_zones: tuple[str, ...]
    cited: tuple[str, ...]
    zones: Sequence[NamedZone]
    sources: Sequence[Source]
    events: Sequence[Event]


def create(connection: sqlite3.Connection, with_fts: bool) -> None:
    """The empty schema in a new database."""
    connection.executescript(_TABLES)
    if with_fts:
        connection.execute(_FTS_TABLE)
    connection.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    connection.execute(f"PRAGMA user_version = {SCHEMA}")


def create_indexes(connection: sqlite3.Connection) -> None:
    connection.executescript(_INDEXES)


def _iso_utc(value: dt.datetime) -> str:
    return value.astimezone(dt.timezone.utc).replace(tzinfo=None).isoformat() + "Z"


_EPOCH = dt.datetime(1, 1, 1, tzinfo=dt.timezone.utc)


def _micros(value: dt.datetime) -> int:
    return (value - _EPOCH) // dt.timedelta(microseconds=1)


def sort_key(event: Event) -> tuple[int, int, str]:
    """The event's place in chronological order, as the ``events`` columns ``ORDER BY`` gives it."""
    return (_micros(utc_lower_bound(event.start, event.zone)), int(event.start.precision), event.id)


# Exactly what json.dumps(record, ensure_ascii=False) makes of a record; the JSON formats escape it on output
# (render.safe.json_escaped). One encoder, not one per call.
_RECORD_ENCODER = json.JSONEncoder(ensure_ascii=False)


def _record_json(event: Event, zones: Sequence[Zone], sources: Mapping[str, Source]) -> str:
    from pactcli.store.records import event_record

    return _RECORD_ENCODER.encode(event_record(event, zones, sources))


def insert_file(
    connection: sqlite3.Connection,
    rows: FileRows,
    all_sources: Mapping[str, Source],
    record_zones: Sequence[Zone],
    with_fts: bool,
) -> None:
    """Insert one file's zones, sources and events (the file's old rows must be gone)."""
    number = rows.number
    connection.execute(
        "INSERT INTO files VALUES (?, ?, ?, ?, ?, ?, ?)",
        (
            number,
            rows.path,
            rows.sha256,
            rows.signature,
            rows.title,
            json.dumps(rows.display_zones),
            json.dumps(sorted(rows.cited)),
        ),
    )
    connection.executemany(
        "INSERT INTO zones VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (
                zone.name,
                number,
                position,
                zone.label,
                None if zone.offset is None else _offset_text(zone.offset),
                zone.iana,
                zone.note,
                codec.dumps(zone),
            )
            for position, zone in enumerate(rows.zones)
        ],
    )
    connection.executemany(
        "INSERT INTO sources VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (
                source.id,
                number,
                position,
                source.type,
                source.title,
                source.kind,
                json.dumps(dict(source.fields), ensure_ascii=False, default=_csl_default),
                codec.dumps(source),
            )
            for position, source in enumerate(rows.sources)
        ],
    )
    claim_rows: list[tuple[object, ...]] = []
    ref_rows: list[tuple[object, ...]] = []
    tag_rows: list[tuple[object, ...]] = []
    person_rows: list[tuple[object, ...]] = []
    # Row IDs are given, not left to SQLite, so the full-text rows can name theirs without a lookup.
    (last_rowid,) = connection.execute("SELECT coalesce(max(rowid), 0) FROM events").fetchone()

    def event_rows() -> Iterator[tuple[object, ...]]:
        # A generator, so the two JSON texts of 100,000 events are never all in memory at once.
        for rowid, event in enumerate(rows.events, start=last_rowid + 1):
            lower = utc_lower_bound(event.start, event.zone)
            main_row: tuple[object, ...] = ()
            for claim_number, claim in enumerate(event.claims()):
                claim_first, claim_last = _days(claim.start, claim.end)
                claim_row = (
                    event.id,
                    claim_number,
                    claim.start.raw,
                    claim.end.raw if claim.end else None,
                    claim.zone.name,
                    claim.start.precision.label,
                    _iso_utc(lower if claim_number == 0 else utc_lower_bound(claim.start, claim.zone)),
                    _iso_utc(utc_upper_bound(claim.end or claim.start, claim.zone)),
                    claim_first,
                    claim_last,
                    claim.note,
                )
                if claim_number == 0:
                    main_row = claim_row
                    span_first, span_last = claim_first, claim_last
                else:
                    span_first, span_last = min(span_first, claim_first), max(span_last, claim_last)
                claim_rows.append(claim_row)
                ref_rows.extend(
                    (event.id, claim_number, position, ref.id, ref.locator)
                    for position, ref in enumerate(claim.sources)
                )
            if event.text_source is not None:
                ref_rows.append((event.id, None, 0, event.text_source.id, event.text_source.locator))
            tag_rows.extend((event.id, tag, tag.casefold()) for tag in event.tags)
            person_rows.extend((event.id, position, name) for position, name in enumerate(event.participants))
            yield (
                rowid,
                event.id,
                number,
                event.title,
                event.start.raw,
                event.end.raw if event.end else None,
                event.zone.name,
                event.start.precision.label,
                event.place,
                event.summary,
                int(event.disputed),
                main_row[6],  # the main claim's UTC bounds and days
                main_row[7],
                main_row[8],
                main_row[9],
                span_first,
                span_last,
                _micros(lower),
                int(event.start.precision),
                _record_json(event, record_zones, all_sources),
                codec.dumps(event),
            )

    connection.executemany(
        'INSERT INTO events (rowid, id, file, title, start, "end", zone, precision, place, summary, '
        "disputed, utc_lower, utc_upper, first_day, last_day, span_first_day, span_last_day, sort_us, "
        "sort_precision, record, model) VALUES (" + ", ".join("?" * 21) + ")",
        event_rows(),
    )
    connection.executemany("INSERT INTO claims VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", claim_rows)
    connection.executemany("INSERT INTO source_refs VALUES (?, ?, ?, ?, ?)", ref_rows)
    connection.executemany("INSERT INTO tags VALUES (?, ?, ?)", tag_rows)
    connection.executemany("INSERT INTO participants VALUES (?, ?, ?)", person_rows)
    if with_fts:
        connection.executemany(
            "INSERT INTO events_fts (rowid, id, title, summary, place, participants, sources) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                (rowid, *search_text(event, all_sources))
                for rowid, event in enumerate(rows.events, start=last_rowid + 1)
            ),
        )


def delete_file(connection: sqlite3.Connection, number: int, with_fts: bool) -> None:
    """Remove every row that came from store file ``number``."""
    if with_fts:
        connection.execute(
            "DELETE FROM events_fts WHERE rowid IN (SELECT rowid FROM events WHERE file = ?)", (number,)
        )
    for table in ("claims", "source_refs", "tags", "participants"):
        connection.execute(
            f"DELETE FROM {table} WHERE event IN (SELECT id FROM events WHERE file = ?)",
            (number,),
        )
    for table in ("events", "sources", "zones", "files"):
        connection.execute(f"DELETE FROM {table} WHERE file = ?", (number,))


def refresh_cited(
    connection: sqlite3.Connection,
    source_ids: Iterable[str],
    sources: Mapping[str, Source],
    files: Iterable[int],
    record_zones: Sequence[Zone],
    with_fts: bool,
) -> None:
    """Rewrite the record and the searchable text of the events of ``files`` that cite these sources (which
    changed in another file: a title is searched, a kind is part of the record)."""
    wanted = sorted(set(source_ids))
    numbers = ",".join(str(int(n)) for n in sorted(set(files)))
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        marks = ",".join("?" * len(chunk))
        found = connection.execute(
            f"SELECT rowid, model FROM events WHERE file IN ({numbers}) AND id IN "
            f"(SELECT event FROM source_refs WHERE source IN ({marks}))",
            chunk,
        ).fetchall()
        for rowid, model in found:
            event = codec.loads(model)
            connection.execute(
                "UPDATE events SET record = ? WHERE rowid = ?",
                (_record_json(event, record_zones, sources), rowid),
            )
            if with_fts:
                connection.execute("DELETE FROM events_fts WHERE rowid = ?", (rowid,))
                connection.execute(
                    "INSERT INTO events_fts (rowid, id, title, summary, place, participants, sources) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (rowid, *search_text(event, sources)),
                )


def write_meta(connection: sqlite3.Connection, values: Mapping[str, str]) -> None:
    connection.execute("DELETE FROM meta")
    connection.executemany("INSERT INTO meta VALUES (?, ?)", sorted(values.items()))


def _offset_text(offset: dt.timedelta) -> str:
    from pactcli.time.zones import format_offset

    return format_offset(offset)


def _csl_default(value: object) -> object:
    # CSL fields hold what TOML gives: strings, numbers, names, and TOML dates (as ISO text here).
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    raise TypeError(type(value).__name__)


def _days(start: Any, end: Any) -> tuple[str, str]:
    return start.first_day().isoformat(), (end or start).last_day().isoformat()


# --- reading ---------------------------------------------------------------------------------------------


def bindable(value: object) -> object:
    # Text from the command line may hold lone surrogates (bytes that are not UTF-8, kept by Python's
    # surrogateescape); SQLite takes UTF-8 only. Such text can match nothing, so U+FFFD stands in for them.
    if isinstance(value, str) and not value.isascii():
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return value.encode("utf-8", "surrogatepass").decode("utf-8", "replace")
    return value


class Index:
    """An open index: the questions :mod:`pactcli.store.queries` and :class:`~pactcli.store.model.Store` ask,
    in SQL.

    ``recover`` (given by the cache) returns a fresh index when this one turns out to be damaged in the
    middle of a command; the question is then asked again there, so a damaged file costs a rebuild, never a
    wrong or failed answer.
    """

    def __init__(
        self,
        connection: sqlite3.Connection,
        *,
        recover: Callable[[], Index] | None = None,
        events: Sequence[Event] | None = None,
        path: str = "",
    ) -> None:
        self.connection = connection
        self.connection_path = path
        self._recover = recover
        self._replaced: Index | None = None
        # An in-memory index of a parsed store keeps the parsed events: rows map back to them by rowid.
        self._objects = events
        self._check()

    def _check(self) -> None:
        con = self.connection
        try:
            app, version = (
                con.execute("PRAGMA application_id").fetchone()[0],
                con.execute("PRAGMA user_version").fetchone()[0],
            )
            if app != APPLICATION_ID or version != SCHEMA:
                raise DamagedIndex("not a pactcli index of this version")
            meta = dict(con.execute("SELECT key, value FROM meta").fetchall())
            self.meta = meta
            self.title = meta["title"]
            self.display_zones = tuple(json.loads(meta["display_zones"]))
            self.has_fts = meta["fts"] == "1"
            self.record_zones = meta["record_zones"]
            zones = [
                codec.loads(m) for (m,) in con.execute("SELECT model FROM zones ORDER BY file, position")
            ]
            self.zones = {zone.name: zone for zone in zones}
            self.paths = tuple(json.loads(meta["paths"]))
        except (sqlite3.Error, KeyError, ValueError, TypeError) as exc:
            raise DamagedIndex(f"damaged index: {exc}") from None

    # -- recovery ------------------------------------------------------------------------------------

    def _current(self) -> Index:
        return self._replaced._current() if self._replaced is not None else self

    def _rebuilt(self) -> Index:
        assert self._recover is not None
        recover, self._recover = self._recover, None
        self._replaced = recover()
        return self._replaced

    def rows(self, sql: str, params: Sequence[object] = ()) -> Iterator[tuple[Any, ...]]:
        """The rows of a query; a damaged database is rebuilt and the query resumed where it failed."""
        index = self._current()
        params = [bindable(value) for value in params]
        done = 0
        while True:
            try:
                for row in index.connection.execute(sql, params):
                    yield row
                    done += 1
                return
            except sqlite3.OperationalError:
                raise  # a query the database cannot run (an FTS5 syntax error): the caller's to answer
            except (sqlite3.DatabaseError, codec.CodecError, DamagedIndex) as exc:
                # A damaged database (SQLite's "malformed", "not a database"; a record that does not decode).
                if index._recover is None:
                    raise DamagedIndex(f"damaged index: {exc}") from None
                index = index._rebuilt()
                # Resume after the rows already given: the new index answers the same query identically.
                resumed = index.connection.execute(sql, params)
                for _ in range(done):
                    next(resumed, None)
                for row in resumed:
                    yield row
                    done += 1
                return

    def one(self, sql: str, params: Sequence[object] = ()) -> tuple[Any, ...] | None:
        return next(self.rows(sql, params), None)

    def decode_event(self, rowid: int, model: str) -> Event:
        objects = self._current()._objects
        if objects is not None:
            return objects[rowid - 1]
        try:
            event = codec.loads(model)
        except codec.CodecError as exc:
            raise DamagedIndex(f"damaged index: {exc}") from None
        if not isinstance(event, Event):
            raise DamagedIndex("damaged index: not an event")
        return event

    def events_where(
        self,
        where: str = "",
        params: Sequence[object] = (),
        *,
        reverse: bool = False,
        limit: int | None = None,
    ) -> Iterator[Event]:
        for rowid, model in self.rows(
            *self.ordered("rowid, model", where, params, reverse=reverse, limit=limit)
        ):
            yield self.decode_event(rowid, model)

    @staticmethod
    def ordered(
        columns: str, where: str, params: Sequence[object], *, reverse: bool = False, limit: int | None = None
    ) -> tuple[str, list[object]]:
        direction = " DESC" if reverse else ""
        sql = f"SELECT {columns} FROM events"
        if where:
            sql += f" WHERE {where}"
        sql += " ORDER BY " + ", ".join(column + direction for column in _ORDER)
        values = list(params)
        if limit is not None:
            sql += " LIMIT ?"
            values.append(min(limit, 1 << 62))
        return sql, values

    # -- what Store asks --------------------------------------------------------------------------------

    def event(self, event_id: str) -> Event | None:
        row = self.one("SELECT rowid, model FROM events WHERE id = ?", (event_id,))
        return None if row is None else self.decode_event(row[0], row[1])

    def event_ids(self) -> list[str]:
        return [row[0] for row in self.rows(*self.ordered("id", "", ()))]

    def count(self) -> int:
        row = self.one("SELECT count(*) FROM events")
        return int(row[0]) if row else 0

    def position(self, event_id: str) -> int:
        row = self.one("SELECT sort_us, sort_precision FROM events WHERE id = ?", (event_id,))
        if row is None:
            raise KeyError(event_id)
        counted = self.one(
            "SELECT count(*) FROM events WHERE (sort_us, sort_precision, id) < (?, ?, ?)", (*row, event_id)
        )
        assert counted is not None
        return int(counted[0])

    def neighbours(self, event_id: str, count: int) -> tuple[list[Event], list[Event]]:
        """The ``count`` events before and after ``event_id`` in chronological order (KeyError if none)."""
        row = self.one("SELECT sort_us, sort_precision FROM events WHERE id = ?", (event_id,))
        if row is None:
            raise KeyError(event_id)
        key = (*row, event_id)
        before = list(
            self.events_where("(sort_us, sort_precision, id) < (?, ?, ?)", key, reverse=True, limit=count)
        )
        after = list(self.events_where("(sort_us, sort_precision, id) > (?, ?, ?)", key, limit=count))
        return before[::-1], after

    def source(self, source_id: str) -> Source | None:
        row = self.one("SELECT model FROM sources WHERE id = ?", (source_id,))
        if row is None:
            return None
        try:
            found = codec.loads(row[0])
        except codec.CodecError as exc:
            raise DamagedIndex(f"damaged index: {exc}") from None
        if not isinstance(found, Source):
            raise DamagedIndex("damaged index: not a source")
        return found

    def source_ids(self) -> list[str]:
        return [row[0] for row in self.rows("SELECT id FROM sources ORDER BY file, position")]

    def store(self) -> Store:
        """A :class:`Store` that reads its events and sources from this index when asked."""
        return Store(
            title=self.title,
            display_zones=self.display_zones,
            zones=self.zones,
            sources=_Sources(self),
            events=LazyEvents(self),
            paths=self.paths,
            index=self,
        )


class LazyEvents(Sequence[Event]):
    """The events of an index in chronological order, read when asked for."""

    def __init__(self, index: Index) -> None:
        self._index = index
        self._count: int | None = None

    def __len__(self) -> int:
        if self._count is None:
            self._count = self._index.count()
        return self._count

    @overload
    def __getitem__(self, position: int) -> Event: ...
    @overload
    def __getitem__(self, position: slice) -> Sequence[Event]: ...
    def __getitem__(self, position: int | slice) -> Event | Sequence[Event]:
        if isinstance(position, slice):
            start, stop, step = position.indices(len(self))
            if step != 1:
                return [self[i] for i in range(start, stop, step)]
            if stop <= start:
                return []
            return list(self._slice(start, stop - start))
        if position < 0:
            position += len(self)
        if not 0 <= position < len(self):
            raise IndexError(position)
        return next(self._slice(position, 1))

    def _slice(self, start: int, count: int) -> Iterator[Event]:
        sql, params = Index.ordered("rowid, model", "", ())
        for rowid, model in self._index.rows(sql + " LIMIT ? OFFSET ?", [*params, count, start]):
            yield self._index.decode_event(rowid, model)

    def __iter__(self) -> Iterator[Event]:
        return self._index.events_where()

    def __reversed__(self) -> Iterator[Event]:
        return self._index.events_where(reverse=True)


class _Sources(Mapping[str, Source]):
    """The sources of an index by ID, in store order, read when asked for."""

    def __init__(self, index: Index) -> None:
        self._index = index
        self._ids: list[str] | None = None

    def __getitem__(self, source_id: str) -> Source:
        found = self._index.source(source_id)
        if found is None:
            raise KeyError(source_id)
        return found

    def __contains__(self, source_id: object) -> bool:
        return (
            isinstance(source_id, str)
            and self._index.one("SELECT 1 FROM sources WHERE id = ?", (source_id,)) is not None
        )

    def _all(self) -> list[str]:
        if self._ids is None:
            self._ids = self._index.source_ids()
        return self._ids

    def __iter__(self) -> Iterator[str]:
        return iter(self._all())

    def __len__(self) -> int:
        return len(self._all())


# --- building a whole index from a store -----------------------------------------------------------------


def record_zones_key(zones: Sequence[Zone]) -> str:
    """What identifies the zones the stored records' times are in (compared with a command's zones)."""
    return codec.dumps(tuple(zones))


def display_zone_objects(store: Store) -> list[Zone]:
    """The store's display zones, resolved as ``timeline`` resolves them when no ``--tz`` is given."""
    from pactcli.time.zones import resolve

    return [resolve(name, store.zones) for name in store.display_zones]


def fill(
    connection: sqlite3.Connection,
    store: Store,
    *,
    with_fts: bool,
    meta: Mapping[str, str] | None = None,
) -> None:
    """Write ``store`` whole into an empty database, as one file: the export and the in-memory index."""
    zones = display_zone_objects(store)
    sources = dict(store.sources)
    create(connection, with_fts)
    rows = FileRows(
        number=0,
        path=", ".join(store.paths),
        sha256="",
        signature=None,
        title=store.title,
        display_zones=tuple(store.display_zones),
        cited=(),
        zones=list(store.zones.values()),
        sources=list(sources.values()),
        events=list(store.events),
    )
    insert_file(connection, rows, sources, zones, with_fts)
    create_indexes(connection)
    write_meta(connection, {**standard_meta(store, zones, with_fts), **(meta or {})})


def standard_meta(store: Store, zones: Sequence[Zone], with_fts: bool) -> dict[str, str]:
    from pactcli import __version__
    from pactcli.time.zones import TZDATA_VERSION

    return {
        "pactcli": __version__,
        "tzdata": TZDATA_VERSION,
        "title": store.title,
        "display_zones": json.dumps(list(store.display_zones)),
        "paths": json.dumps(list(store.paths)),
        "fts": "1" if with_fts else "0",
        "record_zones": record_zones_key(zones),
    }


def in_memory(store: Store) -> Index:
    """An index of a parsed store, in memory: how an uncached store answers the same SQL questions."""
    connection = sqlite3.connect(":memory:")
    events = list(store.events)
    parsed = Store(
        title=store.title,
        display_zones=store.display_zones,
        zones=store.zones,
        sources=store.sources,
        events=events,
        paths=store.paths,
    )
    with_fts = fts_available()
    fill(connection, parsed, with_fts=with_fts)
    connection.commit()
    return Index(connection, events=events)


def export(store: Store, target: str) -> None:
    """Write the store's database to ``target`` (a new file; the caller checks it may be written).

    The database is the one the queries use (the cache's index file, or the in-memory index of a parsed
    store), copied page by page with SQLite's backup API; what only the cache needs (each file's stat) is
    cleared. OSError or sqlite3.Error if it cannot be written.
    """
    from pactcli.store.queries import index_of

    source = index_of(store).connection
    out = sqlite3.connect(target)
    try:
        source.backup(out)
        out.execute("UPDATE files SET signature = NULL")
        out.commit()
    finally:
        out.close()
