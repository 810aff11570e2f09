"""Exports for other programs: iCalendar (``ics``) and Knight Lab TimelineJS JSON (``timelinejs``).

Each format is a pure function of a store and a list of its events that returns the whole document as text;
nothing here reads the clock, the environment or the host's zone database, so the same store and filters
always give the same bytes. The plain-text pieces both formats share (how a claim's date is worded, which
qualifiers it carries, its references) live in this module. See docs/exports.md.
"""

from __future__ import annotations

from collections.abc import Sequence

from pactcli.citations.references import styled_references
from pactcli.render.citation_text import raw_text
from pactcli.store.model import Claim, Event, SourceRef, Store
from pactcli.time.clocks import iso_utc, own_text
from pactcli.time.dates import Precision, When

__all__ = [
    "claim_when",
    "precision_note",
    "prepare_references",
    "qualifier_words",
    "reference_text",
    "reference_texts",
]


def prepare_references(store: Store, events: Sequence[Event]) -> None:
    """Format the references of every exported event (and of its disputes and text) in one batch."""
    refs = [ref for event in events for ref in event.cited_sources()]
    styled_references(store, "full").prepare(refs)


def reference_text(store: Store, ref: SourceRef) -> str:
    """The full reference of a cited source with the locator, as the event view prints it (Chicago's
    first note), as plain text (the format escapes it)."""
    return raw_text(styled_references(store, "full").html(ref))


def reference_texts(store: Store, refs: Sequence[SourceRef]) -> list[str]:
    return [reference_text(store, ref) for ref in refs]


def qualifier_words(when: When) -> str:
    """``approximate``, ``uncertain``, ``approximate and uncertain`` (EDTF ``~ ? %``), or ``""``."""
    words = [
        word for word, flag in (("approximate", when.approximate), ("uncertain", when.uncertain)) if flag
    ]
    return " and ".join(words)


def claim_when(claim: Claim) -> str:
    """A claim's date as its source states it, with the UTC instants when a time of day is known.

    ``8 Aug 1945 17:00 MSK (UTC 1945-08-08T14:00:00Z)``, ``7 Aug 1945``, ``Jul 1942``.
    """
    text = own_text(claim.start, claim.zone)
    if claim.end is not None:
        text += " – " + own_text(claim.end, claim.zone)
    instants = [iso_utc(when.instant) for when in (claim.start, claim.end) if when and when.instant]
    if instants:
        text += " (UTC " + " – ".join(str(i) for i in instants) + ")"
    return text


_PRECISION_WORDS = {
    Precision.YEAR: "known only to the year",
    Precision.MONTH: "known only to the month",
    Precision.DAY: "a civil day, no time of day known",
    Precision.HOUR: "known to the hour",
    Precision.MINUTE: "known to the minute",
    Precision.SECOND: "known to the second",
}


def precision_note(when: When) -> str:
    """``month (known only to the month)``: the precision label and what it means."""
    return f"{when.precision.label} ({_PRECISION_WORDS[when.precision]})"
