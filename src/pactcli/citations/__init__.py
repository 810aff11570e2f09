"""pactcli's citations: the store's sources as CSL-JSON, formatted by the CSL processor, and exported.

One path for every citation pactcli prints: :func:`bibliography` and :func:`cluster_notes` run
:class:`pactcli.csl.Processor` (any CSL 1.0.2 style; :mod:`pactcli.citations.styles` says which) and return
its HTML output, one string per entry or note. The renderers (terminal, Markdown, HTML page) read that
output's few tags (:mod:`pactcli.render.citations`), so formatting is decided once, by the style.

:mod:`pactcli.csl` is imported only when something is formatted: start-up time matters.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from pactcli.citations import rendered
from pactcli.citations.export import EXPORT_FORMATS, export

if TYPE_CHECKING:
    from pactcli.citations.csl import to_csl
    from pactcli.citations.styles import StyleChoice, bundled_styles, resolve_style
    from pactcli.csl import Processor
    from pactcli.store.model import SourceRef


def __getattr__(name: str) -> Any:
    # The style files and the CSL-JSON conversion (with its date grammar), imported when first used: the
    # views that print references found in the rendered-citation cache need neither.
    if name in ("StyleChoice", "bundled_styles", "resolve_style"):
        from pactcli.citations import styles

        return getattr(styles, name)
    if name == "to_csl":
        from pactcli.citations.csl import to_csl

        return to_csl
    raise AttributeError(f"module 'pactcli.citations' has no attribute {name!r}")


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
    "reference_notes",
    "reference_notes_of",
    "resolve_style",
    "to_csl",
]


class Cite(NamedTuple):
    """One source in a note: the item, its locator, words before it ("for the claim of …, see ") and the
    locator's CSL label (``None``: CSL's default, a page; :data:`pactcli.citations.locators.UNLABELLED`:
    printed as written)."""

    item: Mapping[str, Any]
    locator: str | None = None
    prefix: str = ""
    label: str | None = None


def cite_of(item: Mapping[str, Any], ref: SourceRef, prefix: str = "") -> Cite:
    """The cite of a store reference: its locator as :mod:`pactcli.citations.locators` reads it, so that "p.
    45" is page 45 and "doc. 166" reads as written in every style."""
    if not ref.locator:
        return Cite(item, None, prefix)
    if ref.label is None:
        from pactcli.citations.locators import UNLABELLED

        return Cite(item, ref.locator, prefix, UNLABELLED)
    return Cite(item, ref.pinpoint or ref.locator, prefix, ref.label)


def _processor(items: Sequence[Mapping[str, Any]], style: StyleChoice, locale: str | None) -> Processor:
    from pactcli.csl import Processor, load_style

    parsed = load_style(style.text, style.source)
    processor = Processor(
        style=parsed, items=[dict(it) for it in items], locale=locale or style.locale or None
    )
    # The HTML is read back into text runs (pactcli.render.citation_text): a locale's "º" and "ʳᵉ" stay
    # characters there, which <sup>o</sup> would turn into a plain "o" in a terminal or a text file.
    processor.engine.html_superscripts = False
    return processor


def is_note_style(style: StyleChoice) -> bool:
    return style.klass == "note"


def bibliography(
    items: Sequence[Mapping[str, Any]], style: StyleChoice, locale: str | None = None, cached: bool = True
) -> list[str]:
    """The bibliography entries of ``items`` (HTML), sorted, disambiguated and filtered as the style says.

    An item given twice (same ``id``) is one entry. A style without a bibliography gives no entries.
    """
    if not cached:  # the caller keeps the result (one cache entry for a whole document)
        return _processor(items, style, locale).bibliography_entries()
    request = {"bibliography": [dict(it) for it in items], **style_request(style, locale)}
    return rendered.cached(request, lambda: _processor(items, style, locale).bibliography_entries())


def style_request(style: StyleChoice, locale: str | None) -> dict[str, Any]:
    """What of a style the output depends on (its source name only appears in error messages)."""
    return {
        "style": rendered.text_digest(style.text),
        "style-locale": style.locale,
        "locale": locale,
        "output": "html",
    }


def cluster_notes(
    clusters: Sequence[Sequence[Cite]], style: StyleChoice, locale: str | None = None, cached: bool = True
) -> list[str]:
    """One note (or in-text citation) per cluster (HTML), in document order: cluster *n* is note *n*.

    Positions (first, subsequent, ibid) follow from the order, as in a document; several cites in a cluster
    are joined as the style joins them (Chicago: "; "), each with its locator and its prefix ("for the claim
    of 23:00 MSK, see "), capitalised where it opens a note.
    """
    items = [cite.item for cluster in clusters for cite in cluster]
    note = is_note_style(style)
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
    if not cached:
        return _processor(items, style, locale).cite_clusters(csl_clusters)
    request = {"notes": [dict(it) for it in items], "clusters": csl_clusters, **style_request(style, locale)}
    return rendered.cached(request, lambda: _processor(items, style, locale).cite_clusters(csl_clusters))


Cluster = dict[str, Any]

# The style of the references that views and exports print (the event view, the chart key, the ics and
# TimelineJS descriptions): the default of ``pactcli cite``.
REFERENCE_STYLE = "chicago"
REFERENCE_FORMS = {"full": 0, "short": 1}  # the first note of a source, and a later one


def reference_notes_of(
    fields: Mapping[str, Mapping[str, object]],
    refs: Sequence[SourceRef],
    items: Callable[[], Mapping[str, Mapping[str, Any]]],
    form: str = "full",
) -> list[str]:
    """:func:`reference_notes` of store references (their locators read as :func:`cite_of` reads them);
    the cache key is the sources' store ``fields`` and the references, and ``items()`` (the CSL-JSON items)
    is called only to format them."""
    request = {
        "store-sources": fields,
        "refs": [[ref.id, ref.locator, ref.label, ref.pinpoint] for ref in refs],
        "form": form,
    }

    def compute() -> list[str]:
        made = items()
        return reference_notes([cite_of(made[ref.id], ref) for ref in refs], form, cached=False)

    return rendered.cached(request, compute)


def reference_notes(cites: Sequence[Cite], form: str = "full", cached: bool = True) -> list[str]:
    """Each cite (item, locator and its label) as a note of its own, in :data:`REFERENCE_STYLE` (HTML):
    ``full`` as the first note citing the source gives it (the whole reference, with the locator),
    ``short`` as a later one ("Hasegawa, *Racing the Enemy*, 191."). The items are disambiguated among
    themselves; a cite's prefix is not used.

    One path for every reference pactcli prints: the same processor and style as ``pactcli cite``, and the
    same cache of rendered citations, so a view that prints references costs a file read once the
    references have been formatted.
    """
    position = REFERENCE_FORMS[form]
    items: dict[str, dict[str, Any]] = {}
    for cite in cites:
        items.setdefault(str(cite.item["id"]), dict(cite.item))
    clusters: list[list[dict[str, Any]]] = []
    for cite in cites:
        entry: dict[str, Any] = {"id": str(cite.item["id"]), "position": position}
        if cite.locator:
            entry["locator"] = cite.locator
            if cite.label:
                entry["label"] = cite.label
        clusters.append([entry])
    if not clusters:
        return []
    request = {
        "references": list(items.values()),
        "clusters": clusters,
        # The bundled style by name: its file is part of the processor's fingerprint (rendered.py).
        "style": "bundled:" + REFERENCE_STYLE,
        "output": "html",
    }

    def compute() -> list[str]:
        from pactcli.citations.styles import resolve_style

        style = resolve_style(REFERENCE_STYLE)
        return _processor(list(items.values()), style, None).cite_clusters(clusters)

    return rendered.cached(request, compute) if cached else compute()
