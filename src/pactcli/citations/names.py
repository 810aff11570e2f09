"""Personal and corporate names, as citeproc-js renders them.

Rules (citeproc-js ``CSL.NameOutput.prototype._renderOnePersonalName`` and
``_isRomanesque``; CSL 1.0.2 spec, "Name-part Order"):

* ``literal`` names (corporate authors) print as given;
* a family name with no Latin-like letters (東郷 茂徳) prints family then given, no space
  and never inverted;
* ``static-ordering: true`` (romanised Japanese, "Matsuoka Yōsuke"), and romanised names
  in an item whose ``language`` is ``ja`` or ``zh``, print family first with a space and no
  comma, also in sorted (inverted) position; initials keep that order ("Tōgō S." in APA);
* otherwise display order is ``given dropping-particle non-dropping-particle family suffix``
  and sort (inverted) order depends on the style's ``demote-non-dropping-particle``:
  ``display-and-sort`` (Chicago) gives "Gaulle, Charles de", ``never`` (APA, MLA) gives
  "de Gaulle, Charles"; a dropping particle always follows the given name ("Dirksen,
  Herbert von").
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from .markup import ROMANESQUE_RE

Name = Mapping[str, Any]


def _s(name: Name, key: str) -> str:
    v = name.get(key)
    return str(v).strip() if v is not None else ""


def is_literal(name: Name) -> bool:
    return bool(_s(name, "literal")) or not _s(name, "family")


def romanesque(name: Name, item: Mapping[str, Any]) -> int:
    """0: non-Latin family name (CJK); 1: family-first romanised; 2: Western."""
    family = _s(name, "family").replace('"', "")
    if not ROMANESQUE_RE.search(family):
        if _s(name, "given") and re.match(
            "[&a-zA-Z\u0e01-\u0e5b\u00c0-\u017f\u0370-\u03ff\u0400-\u052f]", _s(name, "given")
        ):
            return 1
        return 0
    lang = str(item.get("language") or "")[:2]
    if lang in ("ja", "zh"):
        return 1
    return 2


def _static(name: Name) -> bool:
    v = name.get("static-ordering")
    return v is True or (isinstance(v, str) and v.lower() == "true") or v == 1


def literal(name: Name) -> str:
    lit = _s(name, "literal")
    return lit if lit else _s(name, "family")


def initials(given: str, with_: str = ". ", hyphen: bool = True) -> str:
    """Initialise a given name (CSL initialize-with, citeproc-js CSL.Util.Names.initializeWith)."""
    parts = re.split(r"(\s+|-)", given.strip())
    out: list[str] = []
    for part in parts:
        if not part:
            continue
        if part.isspace():
            continue
        if part == "-":
            if out:
                out[-1] = out[-1].rstrip()
                out.append("-" if hyphen else "")
            continue
        m = re.match(r"\w", part)
        if m and part[0].isupper():
            out.append(part[0] + with_)
        elif m and part[0].islower():
            # lower-case particles in a given name are kept as they are
            out.append(part + " ")
        else:
            out.append(part + " ")
    return "".join(out).strip()


def _fixed_order(name: Name, item: Mapping[str, Any], given: str) -> str | None:
    """The name when its order never changes (a literal; a non-romanesque or family-first name), else None."""
    if is_literal(name):
        return literal(name)
    family = _s(name, "family")
    ndp = _s(name, "non-dropping-particle")
    rom = romanesque(name, item)
    if rom == 0:
        return ndp + family + given
    if rom == 1 or _static(name):
        return " ".join(x for x in (" ".join(x for x in (ndp, family) if x), given) if x)
    return None


def _given(name: Name, initialize: bool, initialize_with: str) -> str:
    given = _s(name, "given")
    return initials(given, initialize_with) if initialize and given else given


def display(
    name: Name,
    item: Mapping[str, Any],
    *,
    initialize: bool = False,
    initialize_with: str = ". ",
) -> str:
    """Display order ("Tsuyoshi Hasegawa", "Herbert von Dirksen")."""
    given = _given(name, initialize, initialize_with)
    fixed = _fixed_order(name, item, given)
    if fixed is not None:
        return fixed
    fam = " ".join(
        x for x in (_s(name, "dropping-particle"), _s(name, "non-dropping-particle"), _s(name, "family")) if x
    )
    suffix = _s(name, "suffix")
    if suffix:
        sep = ", " if name.get("comma-suffix") else " "
        fam = fam + sep + suffix
    return " ".join(x for x in (given, fam) if x)


def inverted(
    name: Name,
    item: Mapping[str, Any],
    *,
    demote: bool,
    initialize: bool = False,
    initialize_with: str = ". ",
) -> str:
    """Sort order ("Hasegawa, Tsuyoshi"; "Gaulle, Charles de" when particles are demoted)."""
    given = _given(name, initialize, initialize_with)
    fixed = _fixed_order(name, item, given)
    if fixed is not None:
        return fixed
    family = _s(name, "family")
    ndp = _s(name, "non-dropping-particle")
    dp = _s(name, "dropping-particle")
    if demote:
        second = " ".join(x for x in (given, dp) if x)
        second = " ".join(x for x in (second, ndp) if x)
        first = family
    else:
        first = " ".join(x for x in (ndp, family) if x)
        second = " ".join(x for x in (given, dp) if x)
    out = ", ".join(x for x in (first, second) if x)
    suffix = _s(name, "suffix")
    if suffix:
        out = out + ", " + suffix
    return out


def short(name: Name, item: Mapping[str, Any]) -> str:
    """Short form: family name with its non-dropping particle ("de Gaulle", "東郷")."""
    if is_literal(name):
        return literal(name)
    ndp = _s(name, "non-dropping-particle")
    family = _s(name, "family")
    if romanesque(name, item) == 0:
        return ndp + family
    return " ".join(x for x in (ndp, family) if x)


def sort_key(name: Name, item: Mapping[str, Any], *, demote: bool) -> str:
    """Key used to sort by this name (citeproc-js sort_key_flag rendering)."""
    if is_literal(name):
        return literal(name)
    family = _s(name, "family")
    given = _s(name, "given")
    ndp = _s(name, "non-dropping-particle").replace("'", "").replace("\u2019", "")
    dp = _s(name, "dropping-particle")
    rom = romanesque(name, item)
    if rom == 0:
        return ndp + family + given
    if rom == 1 or _static(name):
        return " ".join(x for x in (ndp, family, given) if x)
    # citeproc-js joins family and given names with its sort separator "|", which the
    # collation does not ignore and which sorts before letters ("Ivanov" before "Ivanova")
    suffix = _s(name, "suffix")
    if demote:
        second = " ".join(x for x in (given, dp, ndp) if x)
        out = "|".join(x for x in (family, second) if x)
    else:
        first = " ".join(x for x in (ndp, family, dp) if x)
        out = "|".join(x for x in (first, given) if x)
    return " ".join(x for x in (out, suffix) if x)


def join_names(
    parts: Sequence[str],
    *,
    and_: str = "and",
    delimiter: str = ", ",
    precedes_last: str = "contextual",
    inverted_first: bool = False,
) -> str:
    """Join rendered names with the style's delimiter and "and" (CSL name options)."""
    n = len(parts)
    if n == 0:
        return ""
    if n == 1:
        return parts[0]
    if precedes_last == "always":
        use_delim = True
    elif precedes_last == "never":
        use_delim = False
    elif precedes_last == "after-inverted-name":
        use_delim = (inverted_first and n == 2) or n > 2
    else:  # contextual
        use_delim = n > 2
    head = delimiter.join(parts[:-1])
    if and_:
        return head + (delimiter if use_delim else " ") + and_ + " " + parts[-1]
    return head + delimiter + parts[-1]


def same_people(a: Sequence[Name] | None, b: Sequence[Name] | None) -> bool:
    if not a or not b or len(a) != len(b):
        return False
    keys = ("family", "given", "literal", "non-dropping-particle", "dropping-particle", "suffix")
    return all(all(_s(x, k) == _s(y, k) for k in keys) for x, y in zip(a, b, strict=True))


def short_forms(people: Sequence[Name], item: Mapping[str, Any], ambiguous: set[str]) -> list[str]:
    """The short names an author-date citation shows: the first name only when there are three or more.

    A family name in ``ambiguous`` (shared by different people in the list) gets the given name's initials,
    after it or, for names written family-first (romanesque 2), before it: citeproc-js's
    ``givenname-disambiguation-rule="primary-name"`` as APA and Chicago author-date use it.
    """
    shown = people[:1] if len(people) >= 3 else people
    parts = []
    for person in shown:
        text = short(person, item)
        family = _s(person, "family")
        if family in ambiguous and person.get("given"):
            initial = initials(str(person.get("given")))
            rom = romanesque(person, item)
            if rom == 1 or person.get("static-ordering"):
                text = f"{text} {initial}"
            elif rom == 2:
                text = f"{initial} {text}"
        parts.append(text)
    return parts
