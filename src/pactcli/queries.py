"""Questions asked of a store: find an event, select a timeline, list neighbours."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .dates import When
from .errors import LookupFailed
from .model import Event, Store
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


@dataclass(frozen=True)
class Selection:
    """What ``timeline`` shows: the filters, in the user's terms."""

    start: When | None = None
    end: When | None = None
    tags: tuple[str, ...] = ()
    search: str | None = None
    limit: int | None = None
    reverse: bool = False


def _span(event: Event) -> tuple[dt.date, dt.date]:
    first = event.start.first_day()
    last = (event.end or event.start).last_day()
    for claim in event.disputes:
        first = min(first, claim.start.first_day())
        last = max(last, (claim.end or claim.start).last_day())
    return first, last


def _matches(event: Event, needle: str) -> bool:
    haystack = [event.id, event.title, event.summary or "", event.place or "", *event.participants]
    folded = needle.casefold()
    return any(folded in value.casefold() for value in haystack)


def select(store: Store, selection: Selection) -> list[Event]:
    """Events whose time span (including disputed claims) overlaps the period, with the filters applied."""
    chosen: Iterable[Event] = store.events
    if selection.start is not None:
        lower = selection.start.first_day()
        chosen = [e for e in chosen if _span(e)[1] >= lower]
    if selection.end is not None:
        upper = selection.end.last_day()
        chosen = [e for e in chosen if _span(e)[0] <= upper]
    if selection.tags:
        wanted = {t.casefold() for t in selection.tags}
        chosen = [e for e in chosen if wanted & {t.casefold() for t in e.tags}]
    if selection.search:
        needle = selection.search
        chosen = [e for e in chosen if _matches(e, needle)]
    result = list(chosen)
    if selection.reverse:
        result.reverse()
    if selection.limit is not None:
        result = result[: selection.limit]
    return result


def neighbours(store: Store, event: Event, count: int = 2) -> tuple[Sequence[Event], Sequence[Event]]:
    """The ``count`` events before and after ``event`` in chronological order."""
    events = store.events
    index = events.index(event)
    return events[max(0, index - count) : index], events[index + 1 : index + 1 + count]


def all_tags(store: Store) -> list[str]:
    return sorted({tag for event in store.events for tag in event.tags})
