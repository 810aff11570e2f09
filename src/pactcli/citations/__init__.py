"""pactcli's citation engine: Chicago, APA and MLA citations, and bibliography exports.

The formatters are written by hand after the official CSL styles and checked against
citeproc-js (see docs/citations.md and tests/test_citations.py). Pure Python, stdlib only.

Formatted output is *runs*: a tuple of ``(text, italic)`` segments, which
``runs_to_text``, ``runs_to_markdown`` and ``runs_to_html`` turn into strings (a terminal
renderer can map ``italic`` to a Rich style).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, NamedTuple

from . import apa, chicago, chicago_ad, mla
from .csl import to_csl
from .export import EXPORT_FORMATS, export
from .markup import Runs, Segment, flatten, runs_to_html, runs_to_markdown, runs_to_text

STYLES: tuple[str, ...] = ("chicago", "chicago-author-date", "apa", "mla")
NOTE_STYLES: tuple[str, ...] = ("chicago",)

__all__ = [
    "EXPORT_FORMATS",
    "NOTE_STYLES",
    "STYLES",
    "Cite",
    "Runs",
    "Segment",
    "bibliography",
    "cluster_notes",
    "export",
    "notes",
    "runs_to_html",
    "runs_to_markdown",
    "runs_to_text",
    "to_csl",
]


def _check_style(style: str) -> None:
    if style not in STYLES:
        raise ValueError(f"unknown citation style {style!r}; expected one of: {', '.join(STYLES)}")


def _dedupe(items: Sequence[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    seen: set[str] = set()
    out: list[Mapping[str, Any]] = []
    for item in items:
        key = str(item.get("id"))
        if key in seen:
            continue
        seen.add(key)
        out.append(item)
    return out


def bibliography(items: Sequence[Mapping[str, Any]], style: str) -> list[Runs]:
    """The bibliography (reference list, works cited) of ``items`` in ``style``.

    Items are deduplicated by ``id``, left out where the style leaves them out (Chicago
    omits unpublished documents without an archive), sorted as the style sorts them, and
    disambiguated (year suffixes "2007a", subsequent-author dashes) as the style requires.
    """
    _check_style(style)
    unique = _dedupe(items)
    if style == "chicago":
        kept = [it for it in unique if chicago.in_bibliography(it)]
        kept.sort(key=chicago.bib_sort_key)
        return [flatten(chicago.bib_entry(it)) for it in kept]
    if style == "chicago-author-date":
        return chicago_ad.bibliography(unique)
    if style == "apa":
        return apa.bibliography(unique)
    return mla.bibliography(unique)


def notes(cites: Sequence[tuple[Mapping[str, Any], str | None]], style: str) -> list[Runs]:
    """Citations in document order, one per note (or per in-text citation).

    ``cites`` is a sequence of ``(item, locator)``; a locator is a page or page range
    ("46-47"), formatted with the style's page-range rule.

    * ``chicago`` (notes and bibliography): the first citation of an item is the full note,
      every later one the shortened note ("Hasegawa, *Racing the Enemy*, 46–47."). The
      CSL style (CMOS 18th ed.) never uses "Ibid.", so neither does pactcli.
    * ``chicago-author-date``, ``apa``, ``mla``: parenthetical in-text citations
      ("(Hasegawa 2005, 46–47)", "(Hasegawa, 2005, pp. 46–47)", "(Hasegawa 46–47)"),
      disambiguated among the cited items as the style requires.
    """
    _check_style(style)
    if style == "chicago":
        unique = _dedupe([item for item, _ in cites])
        ambiguous = chicago.ambiguous_short_notes(unique)
        seen: set[str] = set()
        out: list[Runs] = []
        for item, locator in cites:
            key = str(item.get("id"))
            first = key not in seen
            seen.add(key)
            out.append(flatten(chicago.citation(item, locator, first, disambiguate=key in ambiguous)))
        return out
    if style == "chicago-author-date":
        return chicago_ad.citations(cites)
    if style == "apa":
        return apa.citations(cites)
    return mla.citations(cites)


class Cite(NamedTuple):
    """One source in a note: the item, its locator, and words before it ("for the claim of …, see ")."""

    item: Mapping[str, Any]
    locator: str | None = None
    prefix: str = ""


def cluster_notes(clusters: Sequence[Sequence[Cite]], style: str) -> list[Runs]:
    """One note (or in-text citation) per cluster, its sources joined as the style joins several sources in
    one citation: the CSL layout's delimiter "; " between them, the layout's affixes once around them
    (Chicago: "Hasegawa, *Racing the Enemy*, 191; Time, “So Sorry, Mr. Sato,” April 16, 1945."; the
    author-date styles: "(Hasegawa 2005, 191; Time 1945)").

    Each source is formatted by :func:`notes` in document order, so first and later citations and
    disambiguation are as for one note per source. APA sorts the sources of a citation as its
    ``<citation><sort>`` does (author, then date); the other styles keep the given order. Not done: APA's and
    Chicago author-date's ``collapse="year"`` ("Hasegawa 2005, 2007"), which repeats the author instead.
    """
    _check_style(style)
    flat = [(cite.item, cite.locator) for cluster in clusters for cite in cluster]
    single = notes(flat, style)
    out: list[Runs] = []
    position = 0
    for cluster in clusters:
        parts = list(zip(cluster, single[position : position + len(cluster)], strict=True))
        position += len(cluster)
        if style == "apa":
            parts.sort(key=lambda pair: apa.citation_sort_key(pair[0].item))
        out.append(_join([(cite.prefix, runs) for cite, runs in parts], style))
    return out


def _join(parts: Sequence[tuple[str, Runs]], style: str) -> Runs:
    """The runs of several citations as one: each stripped of the layout affixes, joined with "; "."""
    if not parts:
        return ()
    note = style in NOTE_STYLES
    pieces: list[Segment] = []
    for n, (prefix, runs) in enumerate(parts):
        segments = [seg for seg in runs if seg[0]]
        if note:
            if n < len(parts) - 1:
                segments = _strip_end(segments, ".")
        else:
            segments = _strip_start(_strip_end(segments, ")"), "(")
        if prefix:
            text = prefix[0].upper() + prefix[1:] if n == 0 and note else prefix
            segments.insert(0, (text, False))
        if n:
            pieces.append(("; ", False))
        pieces.extend(segments)
    if not note:
        pieces = [("(", False), *pieces, (")", False)]
    merged: list[Segment] = []
    for text, italic in pieces:
        if merged and merged[-1][1] == italic:
            merged[-1] = (merged[-1][0] + text, italic)
        else:
            merged.append((text, italic))
    return tuple(merged)


def _strip_end(segments: list[Segment], mark: str) -> list[Segment]:
    """Without the final ``mark`` (a period may sit inside a closing quotation mark: ``.”`` → ``”``)."""
    if not segments:
        return segments
    text, italic = segments[-1]
    if text.endswith(mark):
        text = text[: -len(mark)]
    elif mark == "." and len(text) > 1 and text[-1] in "\u201d\u2019" and text[-2] == ".":
        text = text[:-2] + text[-1]
    return [*segments[:-1], (text, italic)] if text else segments[:-1]


def _strip_start(segments: list[Segment], mark: str) -> list[Segment]:
    if not segments:
        return segments
    text, italic = segments[0]
    if text.startswith(mark):
        text = text[len(mark) :]
    return [(text, italic), *segments[1:]] if text else segments[1:]
