"""The references that views and exports print: numbered ``[1]`` markers, and each reference formatted by
the CSL processor (:func:`pactcli.citations.reference_notes`), the one path of every citation pactcli prints.

``full`` is the reference as a first note gives it (everything the style prints of the source, with the
locator): the event view and the ics and TimelineJS descriptions. ``short`` is a later note ("Hasegawa,
*Racing the Enemy*, 191."): the keys under tables and charts. The text is the processor's HTML; the
renderers read it (:mod:`pactcli.render.citation_text`, :mod:`pactcli.render.citations`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from pactcli.store.model import Source, SourceRef, Store


class StyledReferences:
    """References to the sources of one store in one form, formatted together, once each.

    :meth:`prepare` formats every reference a document will print in one batch (one processor, one entry
    of the rendered-citation cache); :meth:`html` gives one of them.
    """

    def __init__(self, sources: Mapping[str, Source], form: str) -> None:
        self.sources = sources
        self.form = form
        self._html: dict[SourceRef, str] = {}

    @staticmethod
    def _key(ref: SourceRef) -> SourceRef:
        # What the printed reference depends on: the quoted words are printed apart, never in it.
        return ref._replace(quote=None, locator=ref.locator or None)

    def prepare(self, refs: Iterable[SourceRef]) -> None:
        wanted = list(
            dict.fromkeys(
                self._key(ref) for ref in refs if ref.id in self.sources and self._key(ref) not in self._html
            )
        )
        if not wanted:
            return
        from pactcli import citations

        def items() -> dict[str, dict[str, Any]]:
            ids = dict.fromkeys(ref.id for ref in wanted)
            return {sid: citations.to_csl(sid, self.sources[sid].fields) for sid in ids}

        # Keyed by the store's own fields (what the CSL-JSON items are made from): a reference found in the
        # rendered-citation cache costs neither the conversion nor its imports.
        fields = {ref.id: self.sources[ref.id].fields for ref in wanted}
        notes = citations.reference_notes_of(fields, wanted, items, self.form)
        self._html.update(zip(wanted, notes, strict=True))

    def html(self, ref: SourceRef) -> str:
        """The reference as the processor's HTML; a source the store lacks is named by its ID."""
        key = self._key(ref)
        if key not in self._html:
            self.prepare([ref])
        found = self._html.get(key)
        if found is None:  # a validated store cannot get here; say what is missing rather than fail
            from html import escape

            return escape(
                f"{ref.id} (not in the loaded stores)" + (f", {ref.locator}" if ref.locator else "")
            )
        return found


_BY_STORE: dict[tuple[int, str], tuple[object, StyledReferences]] = {}


def styled_references(store: Store, form: str) -> StyledReferences:
    """The one :class:`StyledReferences` of ``store`` in ``form`` for this process, so that an export or a
    chart that prepares its references in one batch finds them when it prints each. Keyed by the store
    object itself (its id, checked against the object kept), never by an id that a new store could reuse."""
    found = _BY_STORE.get((id(store), form))
    if found is None or found[0] is not store:
        found = (store, StyledReferences(store.sources, form))
        _BY_STORE[(id(store), form)] = found
    return found[1]


def compact_markers(numbers: Iterable[int]) -> str:
    """``[1,2]``, ``[3-12]``, ``[1,4-6]``: reference numbers with consecutive runs collapsed."""
    ordered = sorted(set(numbers))
    if not ordered:
        return ""
    runs: list[list[int]] = [[ordered[0], ordered[0]]]
    for number in ordered[1:]:
        if number == runs[-1][1] + 1:
            runs[-1][1] = number
        else:
            runs.append([number, number])
    parts = [str(a) if a == b else f"{a},{b}" if b == a + 1 else f"{a}-{b}" for a, b in runs]
    return "[" + ",".join(parts) + "]"


class ReferenceList:
    """Assigns ``[n]`` markers in order of first mention; the same source and locator share a number."""

    def __init__(self, sources: Mapping[str, Source]) -> None:
        self.sources = sources
        self.numbers: dict[SourceRef, int] = {}

    def markers(self, refs: Iterable[SourceRef]) -> str:
        numbers = []
        for ref in refs:
            if ref not in self.numbers:
                self.numbers[ref] = len(self.numbers) + 1
            numbers.append(self.numbers[ref])
        return compact_markers(numbers)

    def entries(self, form: str = "short") -> list[tuple[int, SourceRef, str]]:
        """Each numbered reference: its number, the reference, and its text (HTML) in ``form``."""
        styled = StyledReferences(self.sources, form)
        styled.prepare(self.numbers)
        return [(n, ref, styled.html(ref)) for ref, n in self.numbers.items()]
