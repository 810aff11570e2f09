"""Questions asked of a store: find an event, select a timeline, list neighbours."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable, Iterator, Sequence
from typing import NamedTuple

from .dates import When
from .errors import LookupFailed
from .model import Event, Store, best_kind, kind_rank
from .zones import suggest


def find_event(store: Store, text: str) -> Event:
    """The event with this ID, or the only one whose ID starts with it; LookupFailed otherwise."""
    key = text.strip()
    event = store.event(key)
    if event is not None:
        return event
    shown = key if len(key) <= 60 else key[:60] + "…"
    if not key:
        raise LookupFailed("empty event ID")
    matches = [eid for eid in store.event_ids() if eid.startswith(key)]
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
    """What ``timeline`` shows: the filters, in the user's terms."""

    start: When | None = None
    end: When | None = None
    tags: tuple[str, ...] = ()
    search: str | None = None
    limit: int | None = None
    reverse: bool = False
    min_source: str | None = None  # "primary" or "secondary": the main claim cites one at least that good


def _claim_days(event: Event) -> Iterator[tuple[dt.date, dt.date]]:
    """The first and last civil day of each claim about the event, the main one first.

    Each claim is tested on its own: a claim that misdates an event by years (a 1941 for a 1945) must make
    the event show up in 1941, not in every year between its claims.
    """
    for claim in event.claims():
        yield claim.start.first_day(), (claim.end or claim.start).last_day()


def _matches(event: Event, needle: str) -> bool:
    haystack = [event.id, event.title, event.summary or "", event.place or "", *event.participants]
    folded = needle.casefold()
    return any(folded in value.casefold() for value in haystack)


def select(store: Store, selection: Selection) -> list[Event]:
    """Events with a claim (main or disputed) whose days overlap the period, with the filters applied."""
    return list(iter_select(store, selection))


def iter_select(store: Store, selection: Selection) -> Iterator[Event]:
    """:func:`select`, one event at a time: a 100,000-event timeline streams instead of being built first."""
    chosen: Iterable[Event] = reversed(store.events) if selection.reverse else store.events
    lower = selection.start.first_day() if selection.start is not None else None
    upper = selection.end.last_day() if selection.end is not None else None
    wanted = {t.casefold() for t in selection.tags}
    needle = selection.search
    floor = kind_rank(selection.min_source) if selection.min_source is not None else None

    def keep(event: Event) -> bool:
        if floor is not None and kind_rank(best_kind(event.sources, store.sources)) > floor:
            return False
        if (lower is not None or upper is not None) and not any(
            (lower is None or last >= lower) and (upper is None or first <= upper)
            for first, last in _claim_days(event)
        ):
            return False
        if wanted and not wanted & {t.casefold() for t in event.tags}:
            return False
        return not needle or _matches(event, needle)

    kept = filter(keep, chosen)
    return itertools.islice(kept, selection.limit) if selection.limit is not None else kept


def neighbours(store: Store, event: Event, count: int = 2) -> tuple[Sequence[Event], Sequence[Event]]:
    """The ``count`` events before and after ``event`` in chronological order."""
    events = store.events
    index = store.position(event.id)
    return events[max(0, index - count) : index], events[index + 1 : index + 1 + count]


def all_tags(store: Store) -> list[str]:
    return sorted({tag for event in store.events for tag in event.tags})
