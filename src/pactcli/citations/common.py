"""Helpers shared by the style formatters: reading CSL-JSON variables, numbers, pages."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from typing import Any

from . import dates
from .inline import is_english, title_case
from .names import same_people

Item = Mapping[str, Any]

SERIAL_TYPES = frozenset(
    [
        "article-journal",
        "article-magazine",
        "article-newspaper",
        "periodical",
        "post-weblog",
        "review",
        "review-book",
    ]
)
LEGAL_TYPES = frozenset(["bill", "hearing", "legal_case", "legislation", "regulation", "treaty"])


def var(item: Item, name: str) -> str:
    v = item.get(name)
    if v is None or isinstance(v, (dict, list, bool)):
        return ""
    return str(v).strip()


def names(item: Item, name: str) -> list[Mapping[str, Any]]:
    v = item.get(name)
    if not isinstance(v, list):
        return []
    return [n for n in v if isinstance(n, Mapping) and any(str(x).strip() for x in n.values())]


def first_creator(item: Item, substitutes: tuple[str, ...]) -> tuple[str, list[Mapping[str, Any]]]:
    """The names that stand first in an entry, and their role (CSL's ``<substitute>``).

    The author; else, when the editors are also the translators, "editortranslator"; else the first of the
    style's ``substitutes`` roles that has names; else no one.
    """
    author = names(item, "author")
    if author:
        return "author", author
    editor = names(item, "editor")
    translator = names(item, "translator")
    if editor and translator and same_people(editor, translator):
        return "editortranslator", editor
    for role in substitutes:
        people = names(item, role)
        if people:
            return role, people
    return "", []


def date(item: Item, name: str) -> dates.CslDate | None:
    return dates.parse(item.get(name))


def title_text(item: Item, name: str = "title", *, case: bool = True) -> str:
    value = var(item, name)
    if case and is_english(item):
        value = title_case(value)
    return value


def short_title(item: Item) -> str:
    return var(item, "title-short") or var(item, "shortTitle") or var(item, "title")


_NUMERIC_RE = re.compile(r"^\s*[a-zA-Z]?\d+[a-zA-Z]?(?:\s*(?:[-\u2013,&]|and)\s*[a-zA-Z]?\d+[a-zA-Z]?)*\s*$")


def is_numeric(value: str) -> bool:
    """CSL is-numeric: a number, optionally with a letter affix, or a list/range of them."""
    return bool(value) and bool(_NUMERIC_RE.match(value))


def is_plural(value: str) -> bool:
    """citeproc-js treats a numeric locator with a range, a list or "and" as plural;
    text that is not a number ("doc. 623, tel. 1054") is singular."""
    if not is_numeric(value):
        return False
    nums = re.findall(r"\d+", value)
    return len(nums) > 1


def ordinal(value: str) -> str:
    """en-US ordinal suffixes (locale terms ``ordinal``, ``ordinal-01`` …)."""
    m = re.match(r"^\s*(\d+)\s*$", value)
    if not m:
        return value
    n = int(m.group(1))
    suf = "th" if n % 100 in (11, 12, 13) else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suf}"


_RANGE_RE = re.compile(r"([0-9]*[a-zA-Z]+0*)?([0-9]+[a-z]*)\s*[-\u2013]\s*([0-9]*[a-zA-Z]+0*)?([0-9]+[a-z]*)")


def _leading_int(text: str) -> int:
    m = re.match(r"\d+", text)
    return int(m.group(0)) if m else 0


def page_range(value: str, fmt: str) -> str:
    """CSL page-range-format (a port of citeproc-js CSL.Util.PageRangeMangler).

    ``expanded`` (APA), ``minimal-two`` (MLA), ``chicago-16`` (both Chicago styles);
    "A5-A7" keeps its letter prefix once ("A5–7") except when expanded. Remaining
    hyphens become en dashes (the locale's ``page-range-delimiter``).
    """

    def repl(m: re.Match[str]) -> str:
        p1, b, p3, e = m.group(1) or "", m.group(2), m.group(3) or "", m.group(4)
        if p3 and p1 != p3:
            return m.group(0)
        if len(e) < len(b):
            e = b[: len(b) - len(e)] + e
        if _leading_int(b) >= _leading_int(e):
            return m.group(0)
        delim = "\u2013" + p1
        if fmt == "minimal-two":
            if len(b) == len(e):
                keep = list(e)
                i = 0
                while i < len(b) and b[i] == e[i] and len(keep) > 2:
                    keep.pop(0)
                    i += 1
                e = "".join(keep)
            if p1:
                delim = "\u2013"
        elif fmt == "chicago-16":
            begin, end = _leading_int(b), _leading_int(e)
            if begin > 100 and begin % 100:
                for i in range(2, len(str(end))):
                    div = 10**i
                    if begin // div == end // div:
                        e = str(end % div)
                        break
            if p1:
                delim = "\u2013"
        return f"{p1}{b}{delim}{e}"

    # Quoted text is never changed (a hyphen in "11pm Trans-Baikal time" stays a hyphen), and outside
    # quotations only a hyphen that joins two page-like ends becomes the en dash: "A5-A7", "xii-xv", "623-5".
    pieces = _QUOTED_RE.split(value)
    out = []
    for n, piece in enumerate(pieces):
        if n % 2:
            out.append(piece)
        else:
            text = _RANGE_RE.sub(repl, piece)
            for _ in range(2):  # twice: "1-2-3" overlaps
                text = _RANGE_HYPHEN_RE.sub("\\1\u2013\\2", text)
            out.append(text)
    return "".join(out)


_QUOTED_RE = re.compile(r"(\"[^\"]*\"|\u201c[^\u201d]*\u201d|\u2018[^\u2019]*\u2019|\u300c[^\u300d]*\u300d"
                        r"|\u300e[^\u300f]*\u300f|\u00ab[^\u00bb]*\u00bb)")  # fmt: skip
_PAGE_END = r"(?:[ivxlcdm]+|[IVXLCDM]+|[A-Za-z]?\d+[A-Za-z]?)"
_RANGE_HYPHEN_RE = re.compile(rf"(?<![\w\\])({_PAGE_END})\s*-\s*({_PAGE_END})(?!\w)")


# ICU's root collation puts these Cyrillic letters right after a base letter, not where
# their code points fall
_CYRILLIC_AFTER = {"і": "и\uffff", "ї": "и\uffff\uffff", "ґ": "г\uffff", "є": "е\uffff", "ў": "у\uffff"}


def sort_string(value: str) -> str:
    """A collation key like citeproc-js's comparison of sort keys.

    citeproc-js renders sort keys with spaces replaced by its separator "|" and compares
    them with ``localeCompare(…, "en-US", {sensitivity: "base", ignorePunctuation: true,
    numeric: true})`` (CSL.getSortCompare): case and accents are ignored, punctuation
    too, symbols (the "|") sort before digits and letters, digit runs compare as numbers.
    """
    value = unicodedata.normalize("NFKD", value)
    kept = []
    for c in value:
        if unicodedata.combining(c):
            continue
        cat = unicodedata.category(c)
        if c.isspace() or cat[0] == "Z":
            kept.append("\x01|")
        elif cat[0] in "PC":
            continue
        elif cat[0] == "S":
            kept.append("\x01" + c)
        else:
            kept.append(c)
    text = "".join(kept).casefold()
    text = "".join(_CYRILLIC_AFTER.get(c, c) for c in text)
    return re.sub(r"\d+", lambda m: m.group(0).lstrip("0").rjust(20, "0"), text)


def doi_url(item: Item) -> str:
    doi = var(item, "DOI")
    if doi:
        if re.match(r"^https?://", doi):
            return doi
        return "https://doi.org/" + doi
    return ""


# ---------------------------------------------------------------------------- locators
# en-US locale terms for locator labels: (long singular, long plural, short singular, short plural)
LOCATOR_TERMS: dict[str, tuple[str, str, str, str]] = {
    "page": ("page", "pages", "p.", "pp."),
    "note": ("note", "notes", "n.", "nn."),
    "chapter": ("chapter", "chapters", "chap.", "chaps."),
    "section": ("section", "sections", "sec.", "secs."),
    "volume": ("volume", "volumes", "vol.", "vols."),
    "issue": ("issue", "issues", "no.", "nos."),
    "paragraph": ("paragraph", "paragraphs", "para.", "paras."),
    "line": ("line", "lines", "l.", "ll."),
    "folio": ("folio", "folios", "fol.", "fols."),
    "figure": ("figure", "figures", "fig.", "figs."),
    "part": ("part", "parts", "pt.", "pts."),
    "book": ("book", "books", "bk.", "bks."),
    "column": ("column", "columns", "col.", "cols."),
    "verse": ("verse", "verses", "v.", "vv."),
    "appendix": ("appendix", "appendices", "app.", "apps."),
    "opus": ("opus", "opera", "op.", "opp."),
    "sub-verbo": ("sub verbo", "sub verbis", "s.v.", "s.vv."),
    "supplement": ("supplement", "supplements", "supp.", "supps."),
    "table": ("table", "tables", "tbl.", "tbls."),
    "rule": ("rule", "rules", "r.", "rr."),
    "article": ("preprint", "preprint", "preprint", "preprint"),
}
SYMBOLS = {
    "section": ("\u00a7", "\u00a7\u00a7"),
    "paragraph": ("\u00b6", "\u00b6\u00b6"),
    "chapter": ("c.", "cc."),
}
# citeproc-js CSL.LOCATOR_LABELS_MAP: a locator that starts with one of these abbreviations
# ("p. 46", "n. 4") is read as that label and value (development extension
# ``locator_label_parse``, on by default); other text ("doc. 623") stays a page locator.
_LOCATOR_ABBREVIATIONS = {
    "vrs": "verse", "sv": "sub-verbo", "subpara": "subparagraph", "op": "opus",
    "subch": "subchapter", "add": "addendum", "amend": "amendment", "annot": "annotation",
    "app": "appendix", "art": "article", "bibliog": "bibliography", "bk": "book",
    "ch": "chapter", "cl": "clause", "col": "column", "cmt": "comment", "dec": "decision",
    "dept": "department", "div": "division", "ex": "example", "fig": "figure", "fld": "field",
    "fol": "folio", "n": "note", "hypo": "hypothetical", "illus": "illustration",
    "intro": "introduction", "l": "line", "no": "issue", "p": "page", "pp": "page",
    "para": "paragraph", "pt": "part", "pmbl": "preamble", "princ": "principle",
    "pub": "publication", "r": "rule", "rn": "randnummer", "sched": "schedule",
    "sec": "section", "ser": "series,", "subdiv": "subdivision", "subsec": "subsection",
    "supp": "supplement", "tbl": "table", "tit": "title", "vol": "volume",
}  # fmt: skip
_LOCATOR_RE = re.compile(r"^((" + "|".join(_LOCATOR_ABBREVIATIONS) + r")\.)\s+(.*)", re.S)


def parse_locator(item: Item, locator: str) -> tuple[str, str]:
    """(label, value) of a locator string, as citeproc-js reads it.

    citeproc-js means to skip legal types here, but its test sees an internal type name,
    so treaties are parsed too (observed); pactcli does the same.
    """
    m = _LOCATOR_RE.match(locator)
    if m:
        label = _LOCATOR_ABBREVIATIONS[m.group(2)]
        if label in LOCATOR_TERMS:
            return label, m.group(3).rstrip()
    return "page", locator.rstrip()


def label_term(
    label: str, value: str, form: str, overrides: Mapping[str, tuple[str, str]] | None = None
) -> str:
    """The label of a locator: ``form`` is "long", "short" or "symbol".

    ``overrides`` holds a style's own short terms (MLA: "ch.", "par.").
    """
    plural = is_plural(value)
    if form == "symbol" and label in SYMBOLS:
        return SYMBOLS[label][1 if plural else 0]
    if form == "short" and overrides and label in overrides:
        return overrides[label][1 if plural else 0]
    terms = LOCATOR_TERMS.get(label)
    if terms is None:
        return label
    if form == "long":
        return terms[1 if plural else 0]
    return terms[3 if plural else 2]


def locator_value(label: str, value: str, range_format: str) -> str:
    """The locator's text: page ranges follow the style's page-range-format; every
    locator's hyphens become en dashes."""
    if label == "page":
        return page_range(value, range_format)
    return page_range(value, "expanded")
