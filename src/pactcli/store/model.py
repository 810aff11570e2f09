"""The typed, immutable model a store loads into: events, their claims about time, and their sources."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from functools import cached_property
from typing import TYPE_CHECKING, NamedTuple

from pactcli.time.dates import Precision, When
from pactcli.time.zones import NamedZone, Zone

if TYPE_CHECKING:
    from pactcli.store.index import Index

SOURCE_KINDS = ("primary", "secondary", "tertiary")
"""How close a source stands to what it reports, best first: a document or contemporary record, scholarship,
or a reference work (encyclopedia, Wikipedia, aggregator). ``timeline --min-source`` counts in this order."""


COPY_HOSTS = (
    "publisher",
    "official",
    "archive",
    "wiki",
    "print",
    "quoted",
    "mirror",
    "aggregator",
    "blog",
    "forum",
    "unread",
)
"""Where the copy of a work that was read for the store stands, apart from what the work is (``kind``): the
work's own publisher, journal, author or site; an official edition (a government's or an archive service's
own publication of its records); a library, archive or scholarly digitisation of it; a transcription on an
open wiki that names its source; a printed copy; the passages cited, read only as quoted with their pages
in scholarship (a journal's review); or a copy of doubtful standing: a mirror (a site with no standing to
the work: e-book readers, Wikipedia mirrors, retyped texts on personal or sharing sites), an aggregator
(pages compiled from other sites), a blog or a forum post; or ``unread``: cited as the usual reference, no
copy read for the store."""

DOUBTFUL_HOSTS = frozenset({"mirror", "aggregator", "blog", "forum", "unread"})
"""Copies whose wording nobody answers for: an event that rests only on them gets a ``validate`` warning."""


class Copy(NamedTuple):
    """The copy of a source that was read: its ``host`` class (one of :data:`COPY_HOSTS`), its address where
    it differs from the work's own ``URL``, and the site's name."""

    host: str
    url: str | None = None
    site: str | None = None

    @property
    def doubtful(self) -> bool:
        return self.host in DOUBTFUL_HOSTS


def copy_text(copy: Copy) -> str:
    """One line for the event view: ``copy read: mirror, erenow.org, https://…`` (``none`` when unread)."""
    if copy.host == "unread":
        return "copy read: none (unread: cited as the usual reference)"
    return "copy read: " + ", ".join(part for part in (copy.host, copy.site, copy.url) if part)


class SourceRef(NamedTuple):
    """A citation of a store source: where in it (``locator``: page, document, telegram number) and,
    apart from that, the words it says there (``quote``). A quotation is never a locator: citation styles
    print a locator after the term of its label.

    ``locator`` is the place as a reader reads it, label included ("p. 45", "doc. 166"); ``label`` is its
    CSL locator type (:mod:`pactcli.citations.locators`), None for a locator of no CSL type, printed as
    written by every style; ``pinpoint`` is the place without its label ("45"), what a style prints after its
    term for the label (None when ``label`` is None: the processor gets ``locator`` as it is).
    """

    id: str
    locator: str | None = None
    quote: str | None = None
    label: str | None = None
    pinpoint: str | None = None


class Source(NamedTuple):
    """A bibliography entry: its CSL-JSON fields exactly as the store gives them."""

    id: str
    type: str
    title: str
    fields: Mapping[str, object]
    kind: str | None = None  # one of SOURCE_KINDS, kept out of ``fields``: it is not a CSL variable
    copy: Copy | None = None  # the copy read, kept out of ``fields`` too: the work is cited, not its host


def kind_rank(kind: str | None) -> int:
    """0 for primary, 1 secondary, 2 tertiary; an ungraded source ranks below them all."""
    return SOURCE_KINDS.index(kind) if kind in SOURCE_KINDS else len(SOURCE_KINDS)


def best_kind(refs: Iterable[SourceRef], sources: Mapping[str, Source]) -> str | None:
    """The best kind among the sources ``refs`` cite (None if none of them is graded)."""
    ranks = [kind_rank(sources[ref.id].kind) for ref in refs if ref.id in sources]
    best = min(ranks, default=len(SOURCE_KINDS))
    return SOURCE_KINDS[best] if best < len(SOURCE_KINDS) else None


class Claim(NamedTuple):
    """One claim about when an event happened: the main one, or a dispute."""

    start: When
    end: When | None
    zone: Zone
    sources: tuple[SourceRef, ...]
    note: str | None = None

    @property
    def precision(self) -> Precision:
        return self.start.precision


class Event(NamedTuple):
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


class Store:
    """One or more store files, merged: events in chronological order, sources and zones by ID.

    The order is :meth:`Event.sort_key`'s (the index's ``ORDER BY``): a parsed store's neighbours are counted
    along ``events`` (:func:`pactcli.store.queries.neighbours`).

    ``events`` and ``sources`` may be lazy: a store read from the index cache (:mod:`pactcli.store.index`)
    reads them from its database when asked, and ``index`` then answers lookups and queries in SQL.
    A plain class, not a dataclass: start-up time is a feature, and each dataclass costs a millisecond.
    """

    def __init__(
        self,
        *,
        title: str,
        display_zones: tuple[str, ...],
        zones: Mapping[str, NamedZone],
        sources: Mapping[str, Source],
        events: Sequence[Event],
        paths: tuple[str, ...] = (),
        index: Index | None = None,
    ) -> None:
        self.title = title
        self.display_zones = display_zones
        self.zones = zones
        self.sources = sources
        self.events = events
        self.paths = paths
        self.index = index

    def __repr__(self) -> str:
        return f"Store(title={self.title!r}, events={len(self.events)}, sources={len(self.sources)})"

    @cached_property
    def _positions(self) -> dict[str, int]:
        return {event.id: number for number, event in enumerate(self.events)}

    def event(self, event_id: str) -> Event | None:
        if self.index is not None:
            return self.index.event(event_id)
        position = self._positions.get(event_id)
        return None if position is None else self.events[position]

    def event_ids(self) -> list[str]:
        """Every event ID, in chronological order."""
        if self.index is not None:
            return self.index.event_ids()
        return list(self._positions)

    def position(self, event_id: str) -> int:
        """The event's index in :attr:`events` (KeyError if there is no such event)."""
        if self.index is not None:
            return self.index.position(event_id)
        return self._positions[event_id]
