"""Disambiguation shared by the author-date styles (CSL 1.0.2 "Disambiguation").

citeproc-js, for ``disambiguate-add-givenname`` and ``disambiguate-add-year-suffix``:

* a short name that another registered person shares (same family name, different given
  name, in any name variable of the registered items) gains the given-name initial
  ("Tōgō S.");
* items whose citations still render identically get year suffixes "a", "b", … in
  bibliography order ("2007a", "n.d.-a").
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from .common import names as get_names

NAME_VARS = ("author", "editor", "translator", "container-author", "collection-editor", "recipient")


def ambiguous_families(items: Sequence[Mapping[str, Any]], *, same_item: bool = True) -> set[str]:
    """Family names that need the given-name initial in short citations.

    Observed citeproc-js behaviour: a family name is ambiguous when two persons with it
    lead different items (the first name of each citation's name list). With
    ``same_item`` (Chicago author-date, rule "primary-name"), also when an item's leading
    person shares it with another person of the same item (the translator "Tōgō
    Fumihiko" of "Tōgō Shigenori"); APA (rule "primary-name-with-initials") does not.
    """
    leaders: dict[str, set[str]] = {}
    ambiguous: set[str] = set()
    for item in items:
        people: list[Mapping[str, Any]] = []
        for v in ("author", "editor", "translator"):
            people = get_names(item, v)
            if people:
                break
        people = people[:1]  # givenname-disambiguation-rule="primary-name": the first name only
        for n in people:
            fam = str(n.get("family") or "").strip()
            if fam and not n.get("literal"):
                leaders.setdefault(fam, set()).add(str(n.get("given") or "").strip())
        lead_fams = {str(n.get("family") or "").strip(): str(n.get("given") or "").strip() for n in people}
        for v in NAME_VARS if same_item else ():
            for n in get_names(item, v):
                fam = str(n.get("family") or "").strip()
                if fam in lead_fams and str(n.get("given") or "").strip() != lead_fams[fam]:
                    ambiguous.add(fam)
    ambiguous |= {fam for fam, givens in leaders.items() if len(givens) > 1}
    return ambiguous


def year_suffixes(
    items: Sequence[Mapping[str, Any]],
    key: Callable[[Mapping[str, Any]], str],
    bib_order: Callable[[Sequence[Mapping[str, Any]]], list[Mapping[str, Any]]],
) -> dict[str, str]:
    """Map item id -> year suffix for items whose citation ``key`` collides."""
    groups: dict[str, list[Mapping[str, Any]]] = {}
    for item in items:
        groups.setdefault(key(item), []).append(item)
    out: dict[str, str] = {}
    for members in groups.values():
        if len(members) < 2:
            continue
        for i, item in enumerate(bib_order(members)):
            out[str(item.get("id"))] = _letters(i)
    return out


def _letters(i: int) -> str:
    s = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        s = chr(ord("a") + r) + s
    return s
