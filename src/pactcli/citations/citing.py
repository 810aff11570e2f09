"""Which sources a citation of an event cites, grouped into notes (clusters).

An event's main claim is what its sources support; the other claims (disputes) have sources of their own,
which must not be cited as if they supported the main claim. So by default an event's note cites its main
claim's sources; with ``claims="all"`` the sources of each other claim follow, each introduced by the claim it
supports ("for the claim of 23:00 MSK, see …"), and the source of the document text ("for the text, see …").

One note per event by default, its sources joined as Chicago joins several sources in one note; ``per_source``
gives each source reference a note of its own. The formatting of the notes is the citation styles' business
(:func:`pactcli.citations.cluster_notes`); this module only decides what is cited where.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from pactcli.store.model import Claim, Event, SourceRef
from pactcli.time.clocks import own_parts

CLAIMS = ("main", "all")


class CitedRef(NamedTuple):
    """A source reference in a note, with the words that introduce it ("" for the main claim's sources)."""

    ref: SourceRef
    prefix: str = ""


Cluster = list[CitedRef]


def claim_label(event: Event, claim: Claim) -> str:
    """How a note names another claim: what it states, without what it shares with the main claim.

    ``23:00 MSK`` when it names the same civil day as the main claim, ``7 Aug 1945`` for a day,
    ``8 Aug 1945 23:00 MSK`` otherwise; a range gives both ends.
    """

    def text(claim_: Claim, main: Claim) -> str:
        date, clock = own_parts(claim_.start, claim_.zone)
        main_date, _ = own_parts(main.start, main.zone)
        start = (
            clock
            if clock and date == main_date and claim_.end is None
            else " ".join(x for x in (date, clock) if x)
        )
        if claim_.end is None:
            return start
        end_date, end_clock = own_parts(claim_.end, claim_.zone)
        end = end_clock if end_clock and end_date == date else " ".join(x for x in (end_date, end_clock) if x)
        return f"{start} – {end}"

    return text(claim, event.claim)


def event_cluster(event: Event, claims: str = "main") -> Cluster:
    """The references one note for ``event`` cites, in order."""
    cited: Cluster = [CitedRef(ref) for ref in event.sources]
    if claims == "all":
        for claim in event.disputes:
            prefix = f"for the claim of {claim_label(event, claim)}, see "
            cited.extend(CitedRef(ref, prefix) for ref in claim.sources)
        if event.text_source is not None:
            cited.append(CitedRef(event.text_source, "for the text, see "))
    # a reference given twice for one claim is cited once; one that supports two claims is cited for each
    return list(dict.fromkeys(cited))


def split_per_source(clusters: Sequence[Cluster]) -> list[Cluster]:
    """One note per source reference, in the same order (``--note-per source``)."""
    return [[entry] for cluster in clusters for entry in cluster]
