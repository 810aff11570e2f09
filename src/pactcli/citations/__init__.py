"""pactcli's citation engine: Chicago, APA and MLA citations, and bibliography exports.

The formatters are written by hand after the official CSL styles and checked against
citeproc-js (see docs/citations.md and tests/test_citations.py). Pure Python, stdlib only.

Formatted output is *runs*: a tuple of ``(text, italic)`` segments, which
``runs_to_text``, ``runs_to_markdown`` and ``runs_to_html`` turn into strings (a terminal
renderer can map ``italic`` to a Rich style).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

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
    "Runs",
    "Segment",
    "bibliography",
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
