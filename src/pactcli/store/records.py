"""Plain dictionaries for machine-readable output: the JSON contract of ``timeline`` and ``event``.

The keys are a public contract (README, "Machine-readable output"; pinned by tests/test_contract.py):
adding keys is fine, renaming or removing them is not.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from pactcli.store.model import Claim, Copy, Event, Source, SourceRef
from pactcli.time.clocks import iso_local, iso_utc, reading, weekday
from pactcli.time.dates import When
from pactcli.time.zones import Zone


def copy_record(copy: Copy | None) -> dict[str, str | None] | None:
    """The copy of a source that was read, as ``{host, URL, site}`` (None where the store does not say)."""
    if copy is None:
        return None
    return {"host": copy.host, "URL": copy.url, "site": copy.site}


def _refs(refs: Sequence[SourceRef], sources: Mapping[str, Source] | None) -> list[dict[str, object]]:
    """Each reference with its quotation, and its source's kind and the copy read when the store's sources
    are given."""
    out: list[dict[str, object]] = []
    for ref in refs:
        item: dict[str, object] = {
            "id": ref.id,
            "locator": ref.locator,
            "label": ref.label,
            "quote": ref.quote,
        }
        if sources is not None:
            source = sources.get(ref.id)
            item["kind"] = source.kind if source is not None else None
            item["copy"] = copy_record(source.copy) if source is not None else None
        out.append(item)
    return out


def _stored(when: When | None) -> str | None:
    return when.raw if when is not None else None


def _local(when: When | None) -> str | None:
    """In its own clock, with the UTC offset in use: ``1945-08-08T17:00:00+03:00``; a date as it is."""
    if when is None:
        return None
    instant = when.instant
    return iso_local(instant) if instant is not None else when.iso().rstrip("~?%")


def _times(when: When | None, zones: Sequence[Zone]) -> dict[str, str]:
    if when is None or when.instant is None:
        return {}
    return {zone.name: reading(when, zone).iso() or "" for zone in zones}


def claim_record(
    claim: Claim, zones: Sequence[Zone], sources: Mapping[str, Source] | None = None
) -> dict[str, object]:
    """One claim of a disputed event, with its local times in ``zones`` (as for the main claim).

    With the store's ``sources``, each source reference also gives its source's ``kind``.
    """
    return {
        "start": _stored(claim.start),
        "end": _stored(claim.end),
        "precision": claim.start.precision.label,
        "start_utc": iso_utc(claim.start.instant),
        "end_utc": iso_utc(claim.end.instant) if claim.end else None,
        "zone": claim.zone.name,
        "sources": _refs(claim.sources, sources),
        "note": claim.note,
        "start_local": _local(claim.start),
        "end_local": _local(claim.end),
        "weekday": weekday(claim.start),
        "times": _times(claim.start, zones),
        "end_times": _times(claim.end, zones),
    }


def event_record(
    event: Event, zones: Sequence[Zone], sources: Mapping[str, Source] | None = None
) -> dict[str, object]:
    """The JSON object of one event, with its local times in ``zones``.

    With the store's ``sources``, each source reference also gives its source's ``kind``.
    """
    start, end = event.start, event.end
    return {
        "id": event.id,
        "title": event.title,
        "start": _stored(start),
        "end": _stored(end),
        "precision": start.precision.label,
        "end_precision": end.precision.label if end else None,
        "approximate": start.approximate,
        "uncertain": start.uncertain,
        "offset_source": None if start.instant is None else ("source" if start.offset_stated else "tzdata"),
        "start_utc": iso_utc(start.instant),
        "end_utc": iso_utc(end.instant) if end else None,
        "zone": event.zone.name,
        "place": event.place,
        "participants": list(event.participants),
        "tags": list(event.tags),
        "summary": event.summary,
        "sources": _refs(event.sources, sources),
        "disputed": event.disputed,
        "disputes": [claim_record(claim, zones, sources) for claim in event.disputes],
        "times": _times(start, zones),
        "end_times": _times(end, zones),
        "start_local": _local(start),
        "end_local": _local(end),
        "weekday": weekday(start),
        "end_weekday": weekday(end),
    }
