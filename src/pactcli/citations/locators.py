"""Locator labels: what kind of place in a source a reference's ``locator`` names, as CSL needs it.

A CSL processor prints a locator after the term of its *label* ("p. 45", "chap. 6", "art. 2"); a locator
given without a label is a page (CSL's default, citeproc-js's too), so "doc. 166" came out "p. doc. 166".
A store reference therefore says what its locator is (docs/store-format.md, *Source references*):

* ``label`` is one of :data:`LOCATOR_TYPES`, CSL 1.0.2's locator types (the ``label`` values of the CSL
  citation schema, csl-citation.json), and ``locator`` is then the place alone: ``locator = "45",
  label = "page"``; styles print it with their own term for the label ("p. 45", "45", "page 45");
* without ``label``, a locator that opens with an abbreviation of a locator type (``p.``, ``pp.``,
  ``ch.``, ``chap.``, ``sec.``, ``§``, ``art.``, ``vol.``, ``n.`` … :data:`ABBREVIATIONS`, the en-US
  locale's short and symbol forms; the long words ``page``, ``chapter``, ``Appendix`` … only before a
  number, a roman numeral or a single letter) is read as that label and the rest, provided the
  abbreviation's number agrees with the rest (``pp. 12–14`` is pages, but ``secs. Background; Treaty``
  or ``n. 23, quoting …`` would come out "sec." and "nn.", so they stay as written) and the rest has no
  label of its own typed inside (``ch. 6, sec. 9`` stays as written); a bare number or range (``45``,
  ``12–14``) is a page, as in every CSL processor;
* anything else (``doc. 166``, ``tel. 235``, ``infobox``, ``vol. 1, doc. 166, pp. 12–14``) is not a CSL
  locator type: it reaches the processor with :data:`UNLABELLED`, a label no locale has a term for, so
  every style prints it exactly as written, with no "p." in front (citeproc-js does the same with such a
  label), and ibid and ibid-with-locator still compare it with the previous cite's locator.

:func:`repeats_source` finds a locator that only repeats what its source already says of itself (the
``number`` of a document in a published collection, "doc. 166" for DAFP's document 166): a locator is the
place *within* the cited item (CSL 1.0.2, *locator*: "a cite-specific pinpointer within the item"), the
document's own number belongs to the item (CSL ``number``), where the bibliography gets it too.

:func:`resolve` is the one reading, used by the store's loader, ``add event --source ID:LOCATOR`` and
``scripts/migrate_locator_labels.py`` (which writes the labels of an existing store out as data).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import NamedTuple

__all__ = [
    "ABBREVIATIONS",
    "LOCATOR_TYPES",
    "UNLABELLED",
    "Locator",
    "Repeat",
    "label_problem",
    "reads_plural",
    "repeats_source",
    "resolve",
    "shown",
]

LOCATOR_TYPES = (
    "act",
    "appendix",
    "article-locator",
    "book",
    "canon",
    "chapter",
    "column",
    "elocation",
    "equation",
    "figure",
    "folio",
    "issue",
    "line",
    "note",
    "opus",
    "page",
    "paragraph",
    "part",
    "rule",
    "scene",
    "section",
    "sub-verbo",
    "supplement",
    "table",
    "timestamp",
    "title-locator",
    "verse",
    "version",
    "volume",
)
"""CSL 1.0.2's locator types: the ``label`` enumeration of csl-citation.json, each a term in the locales."""

UNLABELLED = "unlabelled"
"""The label a locator that is no CSL locator type reaches the processor with: no locale defines a term
of that name, so ``cs:label`` prints nothing and ``locator="page"`` (or any other type) is false."""

# (single, multiple) short and symbol forms of the en-US locale (locales-en-US.xml, CSL 1.0.2), and the
# common "ch."/"chs." for chapter. Left out: "no." (issue) and "v." (verse and version), which name
# document numbers and versions as often; "c." (chapter's symbol), which is circa as often.
_SHORT: dict[str, tuple[str, str]] = {
    "appendix": ("app.", "apps."),
    "article-locator": ("art.", "arts."),
    "book": ("bk.", "bks."),
    "canon": ("can.", "cann."),
    "chapter": ("chap.", "chaps."),
    "column": ("col.", "cols."),
    "elocation": ("loc.", "locs."),
    "equation": ("eq.", "eqq."),
    "figure": ("fig.", "figs."),
    "folio": ("fol.", "fols."),
    "issue": ("no.", "nos."),
    "line": ("l.", "ll."),
    "note": ("n.", "nn."),
    "opus": ("op.", "opp."),
    "page": ("p.", "pp."),
    "paragraph": ("para.", "paras."),
    "part": ("pt.", "pts."),
    "rule": ("r.", "rr."),
    "scene": ("sc.", "scs."),
    "section": ("sec.", "secs."),
    "sub-verbo": ("s.v.", "s.vv."),
    "supplement": ("supp.", "supps."),
    "table": ("tbl.", "tbls."),
    "title-locator": ("tit.", "titt."),
    "verse": ("v.", "vv."),
    "version": ("v.", "v."),
    "volume": ("vol.", "vols."),
}
_LONG: dict[str, tuple[str, str]] = {
    "act": ("act", "acts"),
    "appendix": ("appendix", "appendices"),
    "article-locator": ("article", "articles"),
    "book": ("book", "books"),
    "canon": ("canon", "canons"),
    "chapter": ("chapter", "chapters"),
    "column": ("column", "columns"),
    "equation": ("equation", "equations"),
    "figure": ("figure", "figures"),
    "folio": ("folio", "folios"),
    "line": ("line", "lines"),
    "note": ("note", "notes"),
    "page": ("page", "pages"),
    "paragraph": ("paragraph", "paragraphs"),
    "part": ("part", "parts"),
    "rule": ("rule", "rules"),
    "scene": ("scene", "scenes"),
    "section": ("section", "sections"),
    "supplement": ("supplement", "supplements"),
    "table": ("table", "tables"),
    "verse": ("verse", "verses"),
    "volume": ("volume", "volumes"),
}
_AMBIGUOUS = frozenset({"no.", "nos.", "v.", "vv."})
_SYMBOLS = {
    "§": ("section", False),
    "§§": ("section", True),
    "¶": ("paragraph", False),
    "¶¶": ("paragraph", True),
}

ABBREVIATIONS: dict[str, tuple[str, bool]] = {"ch.": ("chapter", False), "chs.": ("chapter", True)}
"""A locator's opening abbreviation (lower case) → (locator type, whether the form is plural)."""
for _type, (_single, _multiple) in _SHORT.items():
    for _form, _plural in ((_single, False), (_multiple, True)):
        if _form not in _AMBIGUOUS:
            ABBREVIATIONS.setdefault(_form, (_type, _plural))
ABBREVIATIONS.update(_SYMBOLS)
_WORDS: dict[str, tuple[str, bool]] = {}
for _type, (_single, _multiple) in _LONG.items():
    _WORDS[_single] = (_type, False)
    _WORDS[_multiple] = (_type, True)

_BY_LENGTH = sorted(ABBREVIATIONS, key=len, reverse=True)
_ABBREVIATED = re.compile(
    r"^(" + "|".join(re.escape(a) for a in _BY_LENGTH) + r")(?:(?<=[§¶])\s*|\s+|(?<=\.)(?=\d))(\S.*)\Z",
    re.IGNORECASE | re.DOTALL,
)
# A long word is a label only before what a locator numbers with: digits, a roman numeral or one letter
# ("Appendix O", "chapter IX", "page 45"), never before prose ("section on Tehran").
_WORDED = re.compile(
    r"^(" + "|".join(sorted(_WORDS, key=len, reverse=True)) + r")"
    r"\s+((?:\d|[IVXLCDM]+\b|[ivxlcdm]+\b|[A-Za-z]\b).*)\Z",
    re.IGNORECASE | re.DOTALL,
)
# How CSL processors decide that a locator is plural (pactcli.csl.numbers.locator_is_plural, as citeproc-js
# does, in the en-US locale): only the places before a label typed inside the locator count (a word of one
# to four letters and a full stop: "doc. 4, …" is one place of its own), and of those a range or a list is
# plural. Kept here so that loading a store does not load the CSL processor; tests/test_locators.py checks
# that the two agree.
_LABEL_INSIDE = re.compile(r"(?:^|(?<=\s))[^\W\d_]{1,4}\.\s*(?=\S)")
_PLURAL = re.compile(
    r"\d\s*(?:[-\u2013,&]|\band\b)\s*\S|\d\s+\d|^\s*[ivxlcdm]+\s*[-\u2013]\s*[ivxlcdm]+\s*$", re.I
)
_NUMERIC = re.compile(r"^\s*[A-Za-z]*\d+[A-Za-z]*(?:\s*(?:[-\u2013,&]|and)\s*[A-Za-z]*\d+[A-Za-z]*)*\s*$")


class Locator(NamedTuple):
    """A reference's locator as CSL gets it: ``label`` a locator type, or None (printed as written)."""

    value: str
    label: str | None


def reads_plural(value: str) -> bool:
    """Whether a CSL processor takes ``value`` (a locator without its label) for several places."""
    return bool(_PLURAL.search(_LABEL_INSIDE.split(value, maxsplit=1)[0]))


def _parse(locator: str) -> Locator | None:
    for pattern, table in ((_ABBREVIATED, ABBREVIATIONS), (_WORDED, _WORDS)):
        match = pattern.match(locator.strip())
        if match is None:
            continue
        label, plural = table[match.group(1).lower()]
        rest = match.group(2).strip()
        # A second label typed inside ("ch. 6, sec. 9", "vol. 22, doc. 596") makes a compound locator, which
        # styles would relabel piece by piece in their own ways: it stays as written.
        if rest and reads_plural(rest) == plural and not _LABEL_INSIDE.search(rest):
            return Locator(rest, label)
        return None
    return None


def resolve(locator: str, label: str | None = None) -> Locator:
    """The CSL reading of a stored locator and its optional ``label`` (validated by :func:`label_problem`).

    >>> resolve("p. 45")
    Locator(value='45', label='page')
    >>> resolve("doc. 166")
    Locator(value='doc. 166', label=None)
    >>> resolve("6", "chapter")
    Locator(value='6', label='chapter')
    """
    if label is not None:
        return Locator(locator, label)
    parsed = _parse(locator)
    if parsed is not None:
        return parsed
    if _NUMERIC.match(locator):
        return Locator(locator.strip(), "page")
    return Locator(locator, None)


def shown(locator: str, label: str | None) -> str:
    """A labelled locator as a reader outside any citation style reads it: the en-US short form of the
    label and the place ("p. 45", "pp. 12–14", "chap. 6"); an unlabelled one as written."""
    if label is None:
        return locator
    forms = _SHORT.get(label) or _LONG.get(label)
    if forms is None:  # timestamp: no term
        return locator
    return f"{forms[1] if reads_plural(locator) else forms[0]} {locator}"


def label_problem(label: object, locator: object) -> str | None:
    """Why ``label`` (with ``locator``) cannot be stored, or None; the message names the fix."""
    if not isinstance(label, str):
        return "must be a string, a CSL locator type such as page or chapter"
    if label not in LOCATOR_TYPES:
        import difflib

        key = label.strip().lower()
        picks = [ABBREVIATIONS[key][0]] if key in ABBREVIATIONS else []
        picks += [_WORDS[key][0]] if key in _WORDS else []
        picks += difflib.get_close_matches(key, LOCATOR_TYPES, n=3, cutoff=0.6)
        hint = ", ".join(repr(p) for p in dict.fromkeys(picks))
        return (
            f"{label[:30]!r} is not a CSL locator type"
            + (f" (did you mean {hint}?)" if hint else " (page, chapter, section, volume, note, …)")
            + "; a locator of no CSL type (doc. 166) needs no label: it is printed as written"
        )
    if not isinstance(locator, str) or not locator.strip():
        return "needs a locator: the place it labels"
    parsed = _parse(locator)
    if parsed is not None and parsed.label == label:
        return f"is already in the locator ({locator[:30]!r}): write locator = {parsed.value[:30]!r}"
    return None


class Repeat(NamedTuple):
    """A locator that repeats its source's own fields: which (``number``, ``volume``), their values, and
    what the locator says besides ("" when it says nothing else)."""

    fields: tuple[str, ...]
    values: tuple[str, ...]
    rest: str


# The words a document's number is written after ("doc. 166", "Document 75", "no. 166", "№ 596", "док. 596")
# and a volume's ("vol. 8", "t. 22", "т. 22", "Bd. 3"), in the languages of the store's documentary editions;
# what follows the word is compared with the source's own value.
_OWN_WORDS = {
    "number": re.compile(
        r"(?:(?:doc(?:ument)?s?|dok(?:ument)?|док(?:умент)?|no|nr|num(?:ber)?|item)\.?|№|#)\s*(.+)",
        re.IGNORECASE | re.DOTALL,
    ),
    "volume": re.compile(r"(?:vol(?:ume)?|t|т|том|bd|band)\.?\s*(.+)", re.IGNORECASE | re.DOTALL),
}
_PIECES = re.compile(r"(\s*[,;]\s*)")


def _own_value(value: object) -> str | None:
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        return None
    text = str(value).strip()
    return text or None


def repeats_source(locator: str, label: str | None, fields: Mapping[str, object]) -> Repeat | None:
    """Whether ``locator`` (with its stored ``label``) repeats the ``number`` or ``volume`` of the source
    whose CSL ``fields`` are given, and what else it says; None if it does not.

    A document in a published collection is cited as the item it is: its number in the volume is the
    item's ``number`` (CSL: "number identifying the item"), printed by every style in the note and in the
    bibliography ("no. 166"); a locator "doc. 166" prints it a second time. Only whole pieces of the
    locator count (``doc. 166``, ``vol. 8`` between commas or semicolons), so "doc. 1661" or "p. 166" is
    no repeat; a bare locator equal to the number ("166") is one too, as the number it most likely means
    (it would print as page 166), unless it is labelled a page.

    >>> repeats_source("doc. 166", None, {"number": "166"})
    Repeat(fields=('number',), values=('166',), rest='')
    >>> repeats_source("doc. 471, p. 505", None, {"number": "471"})
    Repeat(fields=('number',), values=('471',), rest='p. 505')
    >>> repeats_source("p. 166", None, {"number": "166"}) is None
    True
    """
    whole = locator.strip()
    # Most locators hold neither value: one substring test each before any parsing (a store is checked
    # reference by reference).
    own = {
        name: value
        for name in _OWN_WORDS
        if (value := _own_value(fields.get(name))) is not None and value.casefold() in whole.casefold()
    }
    if not own:
        return None
    if label is not None:
        # A labelled locator is the place alone: only a volume labelled as one can repeat the source's.
        if label == "volume" and own.get("volume") == whole:
            return Repeat(("volume",), (whole,), "")
        return None
    if own.get("number") == whole:
        return Repeat(("number",), (whole,), "")
    parts = _PIECES.split(whole)
    kept: list[str] = []
    names: list[str] = []
    values: list[str] = []
    for index in range(0, len(parts), 2):
        piece = parts[index]
        for name, value in own.items():
            match = _OWN_WORDS[name].fullmatch(piece)
            if name not in names and match is not None and match.group(1).casefold() == value.casefold():
                names.append(name)
                values.append(value)
                break
        else:
            # A kept piece keeps the separator written before it (none before the first one kept).
            kept.append((parts[index - 1].strip() + " " if kept and index else "") + piece)
    if not names:
        return None
    return Repeat(tuple(names), tuple(values), "".join(kept).strip())
