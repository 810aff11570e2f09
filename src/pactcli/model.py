"""The typed, immutable model a store loads into: events, their claims about time, and their sources."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

from .dates import Precision, When
from .zones import NamedZone, Zone


@dataclass(frozen=True)
class Origin:
    """Where a record was defined, for error messages."""

    path: str
    line: int


@dataclass(frozen=True)
class SourceRef:
    """A citation of a store source, with an optional locator (page, document, telegram number)."""

    id: str
    locator: str | None = None


@dataclass(frozen=True)
class Source:
    """A bibliography entry: its CSL-JSON fields exactly as the store gives them."""

    id: str
    type: str
    title: str
    fields: Mapping[str, object]
    origin: Origin


@dataclass(frozen=True)
class Claim:
    """One claim about when an event happened: the main one, or a dispute."""

    start: When
    end: When | None
    zone: Zone
    sources: tuple[SourceRef, ...]
    note: str | None = None

    @property
    def precision(self) -> Precision:
        return self.start.precision


@dataclass(frozen=True)
class Event:
    """One entry of the chronology. ``claim`` is the main claim; ``disputes`` are the others."""

    id: str
    title: str
    claim: Claim
    place: str | None
    participants: tuple[str, ...]
    tags: tuple[str, ...]
    summary: str | None
    text: str | None
    text_source: SourceRef | None
    disputes: tuple[Claim, ...]
    origin: Origin

    @property
    def start(self) -> When:
        return self.claim.start

    @property
    def end(self) -> When | None:
        return self.claim.end

    @property
    def zone(self) -> Zone:
        return self.claim.zone

    @property
    def sources(self) -> tuple[SourceRef, ...]:
        return self.claim.sources

    @property
    def disputed(self) -> bool:
        return bool(self.disputes)

    def claims(self) -> tuple[Claim, ...]:
        """The main claim first, then each dispute (``--claim N`` counts in this order from 0)."""
        return (self.claim, *self.disputes)

    def cited_sources(self) -> tuple[SourceRef, ...]:
        """Every source reference of the event, its disputes and its text, in order of first mention."""
        refs = [*self.sources]
        for claim in self.disputes:
            refs.extend(claim.sources)
        if self.text_source is not None:
            refs.append(self.text_source)
        return tuple(dict.fromkeys(refs))

    def sort_key(self) -> tuple[dt.datetime, int, str]:
        return (utc_lower_bound(self.start, self.zone), int(self.start.precision), self.id)


def utc_lower_bound(when: When, zone: Zone) -> dt.datetime:
    """The earliest UTC instant ``when`` can mean: the instant itself, or the start of its first day."""
    instant = when.instant
    if instant is not None:
        return instant.astimezone(dt.timezone.utc)
    midnight = dt.datetime.combine(when.first_day(), dt.time())
    return _civil_to_utc(midnight, zone)


def utc_upper_bound(when: When, zone: Zone) -> dt.datetime:
    """The latest UTC instant ``when`` can mean (exclusive): the instant, or the end of its last day."""
    instant = when.instant
    if instant is not None:
        return instant.astimezone(dt.timezone.utc)
    last = when.last_day()
    if last == dt.date.max:
        return dt.datetime.max.replace(tzinfo=dt.timezone.utc)
    return _civil_to_utc(dt.datetime.combine(last + dt.timedelta(days=1), dt.time()), zone)


def _civil_to_utc(naive: dt.datetime, zone: Zone) -> dt.datetime:
    try:
        return naive.replace(tzinfo=zone.tz).astimezone(dt.timezone.utc)
    except (OverflowError, ValueError):
        # Near year 1 or 9999 zoneinfo cannot convert; the civil time read as UTC is within a day.
        return naive.replace(tzinfo=dt.timezone.utc)


@dataclass(frozen=True)
class Store:
    """One or more store files, merged: events in chronological order, sources and zones by ID."""

    title: str
    display_zones: tuple[str, ...]
    zones: Mapping[str, NamedZone]
    sources: Mapping[str, Source]
    events: tuple[Event, ...]
    paths: tuple[str, ...] = field(default=())
    _by_id: Mapping[str, Event] = field(default_factory=dict, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_id", {event.id: event for event in self.events})

    def event(self, event_id: str) -> Event | None:
        return self._by_id.get(event_id)

    def event_ids(self) -> list[str]:
        return list(self._by_id)
