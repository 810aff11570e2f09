"""Chicago Manual of Style, 18th edition, author-date (``chicago-author-date.csl``).

The reference list shares the notes-and-bibliography macros (see ``chicago.py``) with the
year moved after the author ("Hasegawa, Tsuyoshi. 2005.") and the rest of the date after
the source ("April 16."). In-text citations are "(Author Year, locator)", with ", n.d." for
undated works, the given-name initial for a family name shared by another person
(``givenname-disambiguation-rule="primary-name"``), and year suffixes ("2007a") in
reference-list order.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from . import chicago, dates, disambig, names
from .common import Item, date, title_text, var
from .inline import field
from .markup import Frag, Runs, flatten, join, p, t


def _with_suffixes(items: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    amb = disambig.ambiguous_families(items)
    suffixes = disambig.year_suffixes(
        items,
        lambda it: chicago_key(it, amb),
        lambda group: sorted(group, key=_sort_key),
    )
    out = []
    for it in items:
        d = dict(it)
        if str(it.get("id")) in suffixes:
            d["_year_suffix"] = suffixes[str(it.get("id"))]
        out.append(d)
    return out


def _sort_key(item: Mapping[str, Any]) -> tuple[str, tuple[int, ...], str]:
    author, title = chicago.bib_sort_key(item)
    d = date(item, "issued")
    dk: tuple[int, ...] = d.sort_key() if d else (99999,)
    return (author, dk, title)


def bibliography(items: Sequence[Mapping[str, Any]]) -> list[Runs]:
    prepared = _with_suffixes(items)
    prepared.sort(key=_sort_key)
    return [flatten(chicago.bib_entry(it, author_date=True)) for it in prepared]


def _author_short(item: Item, amb: set[str]) -> Frag:
    _role, people = chicago.creator(item)
    if people:
        parts = names.short_forms(people, item, amb)
        if len(people) >= 3:
            return t(parts[0] + " et al.")
        return t(names.join_names(parts))
    typ = item.get("type")
    if typ in chicago.SUBSTITUTE_CONTAINER and var(item, "container-title"):
        return chicago._container(item)
    if typ == "webpage":
        if var(item, "publisher"):
            return t(var(item, "publisher"))
        if var(item, "container-title"):
            return field(title_text(item, "container-title"))
    return chicago._title(item, short=True)


def chicago_key(item: Item, amb: set[str]) -> str:
    from .markup import runs_to_text

    return runs_to_text(flatten(_author_short(item, amb))) + "|" + _plain_year(item)


def _plain_year(item: Item) -> str:
    d = date(item, "issued") or date(item, "event-date") or date(item, "available-date")
    return "n.d." if d is None else dates.year_text(d)


def citation(item: Item, locator: str | None, amb: set[str]) -> Frag:
    author = _author_short(item, amb)
    year = chicago._year(item)
    # "(Kawabe, n.d.)" but "(Hasegawa 2005)"
    head = join([author, t(year)], ", " if year.startswith("n.d.") else " ")
    loc = chicago._locator(item, locator)
    body = join([head, t(loc)], ", ")
    return [*p("("), *body, *p(")")]


def citations(cites: Sequence[tuple[Mapping[str, Any], str | None]]) -> list[Runs]:
    unique: dict[str, Mapping[str, Any]] = {}
    for item, _ in cites:
        unique.setdefault(str(item.get("id")), item)
    prepared = {str(it.get("id")): it for it in _with_suffixes(list(unique.values()))}
    amb = disambig.ambiguous_families(list(unique.values()))
    return [flatten(citation(prepared[str(item.get("id"))], loc, amb)) for item, loc in cites]


__all__ = ["bibliography", "citations"]
