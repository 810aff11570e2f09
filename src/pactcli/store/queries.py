"""Questions asked of a store: find an event, select a timeline, list neighbours. Asked in SQL.

A store read from the index cache answers from its database; any other store (parsed with the cache off,
or built in a test) gets an in-memory database of the same schema the first time it is asked, so there is one
implementation of every filter (:func:`_where`), whichever way the store was loaded. An event's neighbours
are the exception: a parsed store's events are in chronological order already (:func:`neighbours`).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from typing import NamedTuple

from pactcli.errors import LookupFailed, PactError, UsageError
from pactcli.store.index import Index, fts_query, in_memory, words_query
from pactcli.store.model import SOURCE_KINDS, Event, Store, kind_rank
from pactcli.time.dates import When
from pactcli.time.zones import Zone, suggest


def index_of(store: Store) -> Index:
    """The store's database: its index file, or an in-memory one built now (and kept with the store)."""
    if store.index is None:
        store.index = in_memory(store)
    return store.index


def find_event(store: Store, text: str) -> Event:
    """The event with this ID, or the only one whose ID starts with it; LookupFailed otherwise."""
    key = text.strip()
    event = store.event(key) or store.event(key.lower())  # IDs are kebab-case: PACT-SIGNED is pact-signed
    if event is not None:
        return event
    shown = key if len(key) <= 60 else key[:60] + "…"
    if not key:
        raise LookupFailed("empty event ID")
    index = index_of(store)
    # IDs starting with the key: the range [key, key + U+10FFFF), in chronological order.
    where = "id >= ? AND id < ?"
    matches = [
        row[0]
        for row in index.rows(*index.ordered("id", where, (key.lower(), key.lower() + "\U0010ffff"), limit=6))
    ]
    if len(matches) == 1:
        found = store.event(matches[0])
        assert found is not None
        return found
    if len(matches) > 1:
        listed = ", ".join(matches[:5]) + (", …" if len(matches) > 5 else "")
        raise LookupFailed(f"event ID prefix {shown!r} is ambiguous: {listed}")
    hint = suggest(key, store.event_ids())
    raise LookupFailed(f"no event {shown!r}" + (f"; did you mean {hint}?" if hint else ""))


class Selection(NamedTuple):
    """What ``timeline`` shows: the filters, in the user's terms.

    The period (``start``, ``end``) matches an event whose main claim's days overlap it; with ``any_claim``,
    an event one of whose claims (main or disputed) overlaps it, each claim on its own. The main claim is the
    default because a refuted dating (a 1941 misdating of the 1945 declaration of war) must not put an event
    into a period its accepted date is not in.
    """

    start: When | None = None
    end: When | None = None
    tags: tuple[str, ...] = ()
    search: str | None = None
    limit: int | None = None
    reverse: bool = False
    any_claim: bool = False
    min_source: str | None = None  # "primary" or "secondary": the main claim cites one at least that good


def _where(selection: Selection, index: Index, search: str | None) -> tuple[str, list[object]]:
    """The SQL condition of a selection (``search`` in FTS5 syntax) and its parameters: each filter, once."""
    clauses: list[str] = []
    params: list[object] = []
    # Civil days, as the store gives them: the event's days overlap [first day of --from, last day of --to].
    # The main claim's days by default (columns of ``events``); with any_claim, each claim on its own (a claim
    # that misdates an event by years shows it in that year, not in every year between its claims).
    period: list[str] = []
    if selection.start is not None:
        period.append("last_day >= ?")
        params.append(selection.start.first_day().isoformat())
    if selection.end is not None:
        period.append("first_day <= ?")
        params.append(selection.end.last_day().isoformat())
    if period:
        test = " AND ".join(period)
        if selection.any_claim:
            clauses.append(f"id IN (SELECT event FROM claims WHERE {test})")
        else:
            clauses.append(test)
    if selection.min_source is not None:
        # The best kind among the main claim's sources, ranked as model.kind_rank ranks it (ungraded last).
        ranks = " ".join(f"WHEN ? THEN {rank}" for rank in range(len(SOURCE_KINDS)))
        clauses.append(
            f"coalesce((SELECT min(CASE s.kind {ranks} ELSE {len(SOURCE_KINDS)} END) FROM source_refs r "
            "JOIN sources s ON s.id = r.source WHERE r.event = events.id AND r.claim = 0), "
            f"{len(SOURCE_KINDS)}) <= ?"
        )
        params.extend([*SOURCE_KINDS, kind_rank(selection.min_source)])
    if selection.tags:
        wanted = sorted({tag.casefold() for tag in selection.tags})
        marks = ",".join("?" * len(wanted))
        clauses.append(f"id IN (SELECT event FROM tags WHERE folded IN ({marks}))")
        params.extend(wanted)
    if search is not None:
        if not index.has_fts:
            import sqlite3 as _sqlite3

            raise PactError(
                f"--search needs SQLite's full-text search (FTS5), which this Python's SQLite "
                f"{_sqlite3.sqlite_version} lacks"
            )
        clauses.append("rowid IN (SELECT rowid FROM events_fts WHERE events_fts MATCH ?)")
        params.append(search)
    return " AND ".join(clauses), params


def _searches(selection: Selection) -> list[str | None]:
    """The FTS5 queries to try in turn: the text as FTS5 syntax, then (if that is invalid) as plain words."""
    text = (selection.search or "").strip()
    if not text:
        return [None]
    return [fts_query(text), words_query(text)]


def _selected_rows(store: Store, selection: Selection, columns: str) -> Iterator[tuple[object, ...]]:
    index = index_of(store)
    attempts = _searches(selection)
    for number, search in enumerate(attempts):
        where, params = _where(selection, index, search)
        rows = index.rows(
            *index.ordered(columns, where, params, reverse=selection.reverse, limit=selection.limit)
        )
        try:
            first = next(rows, None)
        except sqlite3.OperationalError as exc:
            # FTS5 reports a query it cannot parse when it is run: then the words are searched as they are.
            if number + 1 < len(attempts):
                continue
            raise UsageError(f"--search: {exc}") from None
        if first is None:
            return
        yield first
        yield from rows
        return


def select(store: Store, selection: Selection) -> list[Event]:
    """Events whose main claim (``any_claim``: any claim) overlaps the period, the other filters applied."""
    return list(iter_select(store, selection))


def iter_select(store: Store, selection: Selection) -> Iterator[Event]:
    """:func:`select`, one event at a time: a 100,000-event timeline streams instead of being built first."""
    index = index_of(store)
    for rowid, model in _selected_rows(store, selection, "rowid, model"):
        assert isinstance(rowid, int) and isinstance(model, str)
        yield index.decode_event(rowid, model)


def stored_records(store: Store, selection: Selection, zones: Sequence[Zone]) -> Iterator[str] | None:
    """The selected events' JSON records as stored (``json.dumps`` text), if they were stored in ``zones``.

    The index keeps each event's record (:func:`pactcli.store.records.event_record`) in the store's display
    zones, so a timeline in those zones reads them instead of computing them again; None when ``zones``
    differ.
    """
    from pactcli.store.index import record_zones_key

    index = index_of(store)
    if record_zones_key(zones) != index.record_zones:
        return None

    def texts() -> Iterator[str]:
        for (record,) in _selected_rows(store, selection, "record"):
            assert isinstance(record, str)
            yield record

    return texts()


def neighbours(store: Store, event: Event, count: int = 2) -> tuple[Sequence[Event], Sequence[Event]]:
    """The ``count`` events before and after ``event`` in chronological order (KeyError if it has none).

    A store with an index asks it. A parsed one (the cache off, or a store built in memory) holds its events
    in that order already (:class:`~pactcli.store.model.Store`: :meth:`Event.sort_key`'s order, which is the
    index's ``ORDER BY sort_us, sort_precision, id``), so its neighbours are the slices on either side: an
    in-memory database of the whole store, for two slices, would cost twice the parse.
    """
    if store.index is not None:
        return store.index.neighbours(event.id, count)
    at = store.position(event.id)
    events = store.events
    return list(events[max(0, at - count) : at]), list(events[at + 1 : at + 1 + count])


def check_tags(store: Store, tags: Iterable[str]) -> None:
    """A tag no event has is a mistake, not an empty answer: UsageError with the closest tags.

    The rule for every command (README, "Exit codes"): an unknown tag is a usage error (exit 2); a known tag
    or any other filter that matches nothing is an empty answer (exit 0).
    """
    from pactcli.errors import UsageError

    known = {tag.casefold() for event in store.events for tag in event.tags}
    for tag in tags:
        if tag.casefold() not in known:
            hint = suggest(tag, sorted(known))
            shown = tag if len(tag) <= 40 else tag[:40] + "…"
            raise UsageError(
                f"--tag: no event is tagged {shown!r}" + (f"; did you mean {hint}?" if hint else "")
            )


def all_tags(store: Store) -> list[str]:
    return [row[0] for row in index_of(store).rows("SELECT DISTINCT tag FROM tags ORDER BY tag")]
