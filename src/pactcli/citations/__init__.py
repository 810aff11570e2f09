"""pactcli's citations: the store's sources as CSL-JSON, formatted by the CSL processor, and exported.

One path for every citation pactcli prints: :func:`bibliography` and :func:`cluster_notes` run
:class:`pactcli.csl.Processor` (any CSL 1.0.2 style; :mod:`pactcli.citations.styles` says which) and return
its HTML output, one string per entry or note. The renderers (terminal, Markdown, HTML page) read that
output's few tags (:mod:`pactcli.render.citations`), so formatting is decided once, by the style.

:mod:`pactcli.csl` is imported only when something is formatted: start-up time matters.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from pactcli.locators import UNLABELLED
from pactcli.model import SourceRef

from .csl import to_csl
from .export import EXPORT_FORMATS, export
from .styles import StyleChoice, bundled_styles, resolve_style

if TYPE_CHECKING:
    from pactcli.csl import Processor

__all__ = [
    "EXPORT_FORMATS",
    "Cite",
    "StyleChoice",
    "bibliography",
    "bundled_styles",
    "cite_of",
    "cluster_notes",
    "export",
    "is_note_style",
    "resolve_style",
    "to_csl",
]


class Cite(NamedTuple):
    """One source in a note: the item, its locator, words before it ("for the claim of …, see ") and the
    locator's CSL label (``None``: CSL's default, a page; :data:`pactcli.locators.UNLABELLED`: printed
    as written)."""

    item: Mapping[str, Any]
    locator: str | None = None
    prefix: str = ""
    label: str | None = None


def cite_of(item: Mapping[str, Any], ref: SourceRef, prefix: str = "") -> Cite:
    """The cite of a store reference: its locator as :mod:`pactcli.locators` reads it, so that "p. 45"
    is page 45 and "doc. 166" reads as written in every style."""
    if not ref.locator:
        return Cite(item, None, prefix)
    if ref.label is None:
        return Cite(item, ref.locator, prefix, UNLABELLED)
    return Cite(item, ref.pinpoint or ref.locator, prefix, ref.label)


def _processor(items: Sequence[Mapping[str, Any]], style: StyleChoice, locale: str | None) -> Processor:
    from pactcli.csl import Processor, load_style

    parsed = load_style(style.text, style.source)
    return Processor(style=parsed, items=[dict(it) for it in items], locale=locale or style.locale or None)


def is_note_style(style: StyleChoice) -> bool:
    from pactcli.csl import load_style

    return load_style(style.text, style.source).klass == "note"


def bibliography(
    items: Sequence[Mapping[str, Any]], style: StyleChoice, locale: str | None = None
) -> list[str]:
    """The bibliography entries of ``items`` (HTML), sorted, disambiguated and filtered as the style says.

    An item given twice (same ``id``) is one entry. A style without a bibliography gives no entries.
    """
    return _processor(items, style, locale).bibliography_entries()


def cluster_notes(
    clusters: Sequence[Sequence[Cite]], style: StyleChoice, locale: str | None = None
) -> list[str]:
    """One note (or in-text citation) per cluster (HTML), in document order: cluster *n* is note *n*.

    Positions (first, subsequent, ibid) follow from the order, as in a document; several cites in a cluster
    are joined as the style joins them (Chicago: "; "), each with its locator and its prefix ("for the claim
    of 23:00 MSK, see "), capitalised where it opens a note.
    """
    items = [cite.item for cluster in clusters for cite in cluster]
    proc = _processor(items, style, locale)
    note = proc.style.klass == "note"
    csl_clusters: list[Cluster] = []
    for number, cluster in enumerate(clusters, start=1):
        cites: list[dict[str, Any]] = []
        for index, cite in enumerate(cluster):
            entry: dict[str, Any] = {"id": str(cite.item["id"])}
            if cite.locator:
                entry["locator"] = cite.locator
                if cite.label:
                    entry["label"] = cite.label
            if cite.prefix:
                opens = index == 0 and note
                entry["prefix"] = cite.prefix[0].upper() + cite.prefix[1:] if opens else cite.prefix
            cites.append(entry)
        csl_clusters.append({"citationItems": cites, "properties": {"noteIndex": number}})
    return proc.cite_clusters(csl_clusters)


Cluster = dict[str, Any]
