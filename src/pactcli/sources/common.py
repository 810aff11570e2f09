"""What the BibTeX and RIS mappings share: one-line text, citation keys as IDs, dates as EDTF, name particles.

Pure standard library, so that ``cite --format bibtex|ris`` does not import a parser.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from pactcli.csl.fields import DATE_FIELDS, NAME_FIELDS

ARTICLE_TYPES = frozenset(
    ["article-journal", "article-magazine", "article-newspaper", "article", "review", "review-book"]
)
SEASONS = ("Spring", "Summer", "Autumn", "Winter")
# EDTF level 1 writes seasons as the "months" 21-24 (biblatex reads them); CSL-JSON writes 1-4 in "season"

# Lower-case name particles, as citeproc-js recognises them (CSL.PARTICLE_GIVEN_REGEXP and friends, abridged
# to the ones written as separate words): a particle at the end of the given name is a dropping particle, one
# at the start of the family name a non-dropping particle.
PARTICLES = frozenset(
    [
        "al",
        "da",
        "dal",
        "dalla",
        "das",
        "de",
        "degli",
        "dei",
        "del",
        "della",
        "dello",
        "den",
        "der",
        "des",
        "di",
        "do",
        "dos",
        "du",
        "el",
        "la",
        "las",
        "le",
        "les",
        "lo",
        "los",
        "op",
        "san",
        "sant",
        "santa",
        "ten",
        "ter",
        "van",
        "vande",
        "vanden",
        "vander",
        "von",
        "y",
        "zu",
        "zum",
        "zur",
    ]
)


def one_line(value: Any) -> str:
    """One line of text, by the one character policy (:func:`pactcli.render.safe.one_line`): line breaks
    become single spaces; every other control, format or bidi character is shown as its visible escape
    (``\\x1b``, ``\\u202e``), never deleted, as on a terminal (README, "Text is data")."""
    from pactcli.render.safe import one_line as policy

    return policy(str(value))


def text_of(item: Mapping[str, Any], var: str) -> str:
    """A CSL variable as one line of text ("" when absent or not a string or number)."""
    value = item.get(var)
    if value is None or isinstance(value, (dict, list, bool)):
        return ""
    return one_line(value)


def names_of(item: Mapping[str, Any], var: str) -> list[Mapping[str, Any]]:
    value = item.get(var)
    return [n for n in value if isinstance(n, Mapping)] if isinstance(value, list) else []


def all_variables() -> frozenset[str]:
    """Every CSL variable a store source may have (the store schema's vocabulary)."""
    from pactcli.store.parse import TEXT_FIELDS

    return frozenset(TEXT_FIELDS | NAME_FIELDS | DATE_FIELDS)


# ---------------------------------------------------------------------------- dates
def date_parts(value: Any) -> tuple[list[list[int]], bool, int, str]:
    """(date-parts, circa, season 1-4 or 0, literal) of a CSL-JSON date object or a store date, as
    :mod:`pactcli.csl.json_dates` (the one definition of source dates) reads it; ``raw`` dates included."""
    from pactcli.csl.json_dates import read

    date = read(value)
    if date is None:
        return [], False, 0, ""

    def trim(part: tuple[int, int, int]) -> list[int]:
        y, m, d = part
        return [y, m, d] if m and d else [y, m] if m else [y]

    parts = [] if date.start == (0, 0, 0) else [trim(date.start)]
    if parts and date.end is not None and date.end != date.start:
        parts.append(trim(date.end))
    return parts, date.circa, date.season, one_line(date.literal)


def edtf(value: Any) -> str:
    """A CSL-JSON date as EDTF (ISO 8601-2 level 1), as biblatex's date fields take it:
    ``1945-08-08``, ``1945-08~`` (approximate), ``1776/1789`` (a range), ``1988-21`` (spring 1988).
    "" when the date has no year (a literal date has no EDTF form)."""
    parts, approximate, season, _ = date_parts(value)
    if not parts:
        return ""

    def one(part: list[int]) -> str:
        y = part[0]
        text = f"{y:04d}" if y >= 0 else f"-{-y:04d}"
        if len(part) > 1 and 1 <= part[1] <= 12:
            text += f"-{part[1]:02d}"
            if len(part) > 2 and 1 <= part[2] <= 31:
                text += f"-{part[2]:02d}"
        return text

    start = one(parts[0])
    if season and len(parts[0]) == 1:
        start += f"-{20 + season}"
    sides = [start] if len(parts) == 1 or parts[1] == parts[0] else [start, one(parts[1])]
    if approximate:
        sides = [s + "~" for s in sides]
    return "/".join(sides)


_EDTF_SIDE = re.compile(r"^(-?\d{1,4})(?:-(\d{2})(?:-(\d{2}))?)?([~?%]?)$")


def parse_edtf(text: str) -> dict[str, Any]:
    """An EDTF date or range (what :func:`edtf` writes, and what biblatex accepts) as a CSL-JSON date.

    Raises ValueError with the reason for what CSL-JSON cannot hold: open ranges, impossible months or
    days. Each qualifier (``~`` approximate, ``?`` uncertain, ``%`` both) is CSL's one ``circa``."""
    import datetime as dt

    raw = text.strip()
    sides = raw.split("/")
    if len(sides) > 2 or not raw:
        raise ValueError(f"not a date: {text!r}")
    parts: list[list[int]] = []
    circa = False
    season = 0
    for side in sides:
        if side in ("", ".."):
            raise ValueError(f"open date ranges have no CSL form: {text!r}")
        m = _EDTF_SIDE.match(side.strip())
        if not m:
            raise ValueError(f"not a date: {text!r}")
        circa = circa or bool(m.group(4))
        part = [int(m.group(1))]
        if m.group(2):
            month = int(m.group(2))
            if 21 <= month <= 24 and not m.group(3) and len(sides) == 1:
                season = month - 20
            elif not 1 <= month <= 12:
                raise ValueError(f"no such month: {text!r}")
            else:
                part.append(month)
                if m.group(3):
                    day = int(m.group(3))
                    try:
                        dt.date(part[0] if part[0] > 0 else 2000, month, day)
                    except ValueError:
                        raise ValueError(f"no such day: {text!r}") from None
                    part.append(day)
        parts.append(part)
    if len(parts) == 2 and (parts[1] + [0, 0])[:3] < (parts[0] + [0, 0])[:3]:
        raise ValueError(f"the range ends before it starts: {text!r}")
    out: dict[str, Any] = {"date-parts": parts}
    if season:
        out["season"] = season
    if circa:
        out["circa"] = True
    return out


# ---------------------------------------------------------------------------- pages
_RANGE_RE = re.compile(r"^\s*([A-Za-z]*)(\d+)\s*(?:-+|\u2013|\u2014)\s*([A-Za-z]*)(\d+)\s*$")


def page_ends(page: str) -> tuple[str, str]:
    """First and last page of a range, the last written out in full: "137-64" → ("137", "164"),
    "A5-7" → ("A5", "A7"). A value that is not one range is the first page, with no last."""
    m = _RANGE_RE.match(page)
    if not m:
        return page.strip(), ""
    prefix, first, prefix2, last = m.groups()
    if len(last) < len(first) and (not prefix2 or prefix2 == prefix):
        last = first[: len(first) - len(last)] + last
    return prefix + first, (prefix2 or prefix) + last


# ---------------------------------------------------------------------------- names
def split_particles(family: str, given: str) -> dict[str, str]:
    """CSL name parts from a family and given name as BibTeX or RIS write them: a lower-case particle that
    starts the family name is its non-dropping particle ("de Gaulle"), one that ends the given name its
    dropping particle ("Herbert von")."""
    out: dict[str, str] = {}
    fam_words = family.split()
    lead: list[str] = []
    while len(fam_words) > 1 and fam_words[0] in PARTICLES:
        lead.append(fam_words.pop(0))
    given_words = given.split()
    trail: list[str] = []
    while len(given_words) > 1 and given_words[-1] in PARTICLES:
        trail.insert(0, given_words.pop())
    if not given_words and given:  # a given name that is only particles stays a given name
        given_words, trail = trail, []
    out["family"] = " ".join(fam_words)
    if given_words:
        out["given"] = " ".join(given_words)
    if trail:
        out["dropping-particle"] = " ".join(trail)
    if lead:
        out["non-dropping-particle"] = " ".join(lead)
    return out
