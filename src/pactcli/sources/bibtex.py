"""BibTeX and BibLaTeX: one mapping table, used to write CSL-JSON items and to read them back.

Writing (``write``) gives one file that both BibTeX (the classic styles; pybtex's ``plain`` renders every
entry) and biblatex/biber read:

* entry types are BibTeX's (the ones pybtex's ``plain`` style knows); an entry whose type would lack a field
  the style requires (an ``@article`` without an author, a ``@book`` without a publisher) becomes ``@misc``,
  as biblatex's own fallback does. Where the entry type alone does not name the CSL type, ``entrysubtype``
  does (``magazine``, ``newspaper``, or the CSL type itself: ``treaty``, ``interview``…), so reading back
  gives the same CSL type;
* titles are brace-protected as Zotero and Better BibTeX do (every word with a capital letter, except a
  capitalised first word), so that styles that lower-case titles keep "{Nagasaki}" and "{Grew}";
  ``<i>``/``<b>``/``<sc>``/``<sup>``/``<sub>`` become ``\\emph``/``\\textbf``/``\\textsc``/
  ``\\textsuperscript``/``\\textsubscript``, and ``<span class="nocase">`` a brace group;
* dates: ``date`` in EDTF as biblatex reads it (``1945-08-08``, ``1905~`` approximate, ``1776/1789`` a
  range, ``1988-21`` spring), and ``year`` and the month macro (``month = aug``) for BibTeX; an approximate
  date also gets "Date approximate." at the end of ``note``, for styles and parsers that drop the ``~``;
* every other CSL variable goes to the biblatex field of the table below or, where biblatex has none, to a
  field named after the CSL variable (``recipient``, ``archive_location``, ``scale``…), which biber and
  BibTeX ignore but every BibTeX parser keeps.

Reading (``read``) uses pybtex's BibTeX grammar (``@string`` macros, ``#`` concatenation, month macros,
nested braces, error recovery with line numbers) and its BibTeX name splitting (first, von, last, jr), and
this module's table backwards; crossref'd fields are inherited as BibTeX and biblatex do. LaTeX becomes
Unicode (accents by latexcodec), ``\\emph`` becomes ``<i>``, case-protecting braces go.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from pactcli.errors import Problem
from pactcli.sources import ImportResult
from pactcli.sources.common import (
    ARTICLE_TYPES,
    all_variables,
    date_parts,
    edtf,
    names_of,
    one_line,
    parse_edtf,
    split_particles,
    text_of,
)
from pactcli.sources.importer import kebab

# ---------------------------------------------------------------------------- the table
# Kinds of value: "names" (BibTeX name list), "title" (markup and case protection), "text" (markup),
# "verbatim" (URLs, DOIs), "pages", "date" (EDTF), "plain" (escaped, no markup: numbers, codes).
CONTAINED = frozenset(["chapter", "paper-conference", "entry", "entry-dictionary", "entry-encyclopedia"])
# types whose BibTeX "number" is the number in a series (collection-number), as in BibTeX's @book
BOOKISH = frozenset(
    [
        "book",
        "chapter",
        "paper-conference",
        "classic",
        "collection",
        "entry",
        "entry-dictionary",
        "entry-encyclopedia",
        "pamphlet",
        "periodical",
        "musical_score",
    ]
)
TITLE_VARS = frozenset(
    [
        "title",
        "title-short",
        "container-title",
        "container-title-short",
        "collection-title",
        "collection-title-short",
        "original-title",
        "event-title",
        "volume-title",
        "part-title",
        "reviewed-title",
    ]
)
PLAIN_VARS = frozenset(
    [
        "edition",
        "volume",
        "number-of-volumes",
        "issue",
        "number",
        "collection-number",
        "chapter-number",
        "number-of-pages",
        "part-number",
        "supplement-number",
        "ISBN",
        "ISSN",
        "PMID",
        "PMCID",
        "language",
        "version",
        "call-number",
        "citation-key",
        "year-suffix",
    ]
)
VERBATIM_VARS = frozenset(["URL", "DOI"])


@dataclass(frozen=True)
class Row:
    """One CSL variable ↔ one BibTeX field, for the CSL types in ``types`` (``None``: every type)."""

    csl: str
    bib: str
    kind: str
    types: frozenset[str] | None = None
    exclude: frozenset[str] = frozenset()

    def applies(self, csl_type: str) -> bool:
        return (self.types is None or csl_type in self.types) and csl_type not in self.exclude


ROWS: tuple[Row, ...] = (
    Row("author", "author", "names"),
    Row("editor", "editor", "names"),
    Row("translator", "translator", "names"),
    Row("container-author", "bookauthor", "names"),
    Row("title", "title", "title"),
    Row("title-short", "shorttitle", "title"),
    Row("container-title", "journal", "title", ARTICLE_TYPES),
    Row("container-title", "booktitle", "title", CONTAINED),
    Row("container-title", "howpublished", "title", None, ARTICLE_TYPES | CONTAINED),
    Row("container-title-short", "shortjournal", "title"),
    Row("collection-title", "series", "title"),
    Row("collection-title-short", "shortseries", "title"),
    Row("original-title", "origtitle", "title"),
    Row("event-title", "eventtitle", "title"),
    Row("edition", "edition", "plain"),
    Row("volume", "volume", "plain"),
    Row("number-of-volumes", "volumes", "plain"),
    Row("issue", "number", "plain", ARTICLE_TYPES),
    Row("number", "eid", "plain", ARTICLE_TYPES),
    Row("collection-number", "number", "plain", BOOKISH),
    Row("number", "number", "plain", None, ARTICLE_TYPES | BOOKISH),
    Row("issue", "issue", "plain", None, ARTICLE_TYPES),
    Row("chapter-number", "chapter", "plain"),
    Row("part-number", "part", "plain"),
    Row("page", "pages", "pages"),
    Row("number-of-pages", "pagetotal", "plain"),
    Row("publisher", "school", "text", frozenset(["thesis"])),
    Row("publisher", "institution", "text", frozenset(["report"])),
    Row("publisher", "publisher", "text", None, frozenset(["thesis", "report"])),
    Row("publisher-place", "address", "text"),
    Row("original-publisher", "origpublisher", "text"),
    Row("original-publisher-place", "origlocation", "text"),
    Row("event-place", "venue", "text"),
    Row("issued", "date", "date"),
    Row("accessed", "urldate", "date"),
    Row("original-date", "origdate", "date"),
    Row("event-date", "eventdate", "date"),
    Row("genre", "type", "text"),
    Row("status", "pubstate", "text"),
    Row("URL", "url", "verbatim"),
    Row("DOI", "doi", "verbatim"),
    Row("ISBN", "isbn", "plain"),
    Row("ISSN", "issn", "plain"),
    Row("language", "language", "plain"),
    Row("version", "version", "plain"),
    Row("keyword", "keywords", "text"),
    Row("abstract", "abstract", "text"),
    Row("annote", "annotation", "text"),
    Row("note", "note", "text"),
)
TABLE_FIELDS = frozenset(row.bib for row in ROWS)

# CSL type → (BibTeX type, entrysubtype). Only the types pybtex's plain style formats (it raises on
# biblatex-only types such as @legal or @inreference), so the CSL type goes to entrysubtype.
TYPES: dict[str, tuple[str, str]] = {
    "article-journal": ("article", ""),
    "article-magazine": ("article", "magazine"),
    "article-newspaper": ("article", "newspaper"),
    "book": ("book", ""),
    "chapter": ("incollection", ""),
    "paper-conference": ("inproceedings", ""),
    "thesis": ("phdthesis", ""),
    "report": ("techreport", ""),
    "manuscript": ("unpublished", ""),
    "pamphlet": ("booklet", ""),
    "webpage": ("online", ""),
    "dataset": ("dataset", ""),
    "software": ("software", ""),
    "patent": ("patent", ""),
    "document": ("misc", ""),
}
# BibTeX/biblatex type → CSL type, for reading (biblatex's aliases included)
READ_TYPES: dict[str, str] = {
    "article": "article-journal",
    "book": "book",
    "mvbook": "book",
    "inbook": "chapter",
    "bookinbook": "chapter",
    "suppbook": "chapter",
    "incollection": "chapter",
    "suppcollection": "chapter",
    "collection": "book",
    "mvcollection": "book",
    "proceedings": "book",
    "mvproceedings": "book",
    "inproceedings": "paper-conference",
    "conference": "paper-conference",
    "phdthesis": "thesis",
    "mastersthesis": "thesis",
    "thesis": "thesis",
    "techreport": "report",
    "report": "report",
    "unpublished": "manuscript",
    "booklet": "pamphlet",
    "manual": "report",
    "online": "webpage",
    "www": "webpage",
    "electronic": "webpage",
    "dataset": "dataset",
    "software": "software",
    "patent": "patent",
    "misc": "document",
    "letter": "personal_communication",
    "inreference": "entry-encyclopedia",
    "reference": "book",
    "mvreference": "book",
    "periodical": "periodical",
    "suppperiodical": "article-journal",
    "legal": "treaty",
    "legislation": "legislation",
    "jurisdiction": "legal_case",
    "standard": "standard",
    "movie": "motion_picture",
    "video": "broadcast",
    "audio": "song",
    "music": "song",
    "artwork": "graphic",
    "image": "figure",
    "performance": "performance",
    "review": "review",
    "commentary": "article-journal",
    "unpublished-speech": "speech",
}
_SUBTYPES = {"magazine": "article-magazine", "newspaper": "article-newspaper"}
# The fields pybtex's plain style (and BibTeX's plain.bst) require, per entry type: each group needs one.
REQUIRED: dict[str, tuple[tuple[str, ...], ...]] = {
    "article": (("author",), ("title",), ("journal",), ("year",)),
    "book": (("author", "editor"), ("title",), ("publisher",), ("year",)),
    "booklet": (("author",), ("title",), ("year",)),
    "incollection": (("author",), ("title",), ("booktitle",), ("year",)),
    "inproceedings": (("author",), ("title",), ("booktitle",), ("year",)),
    "phdthesis": (("author",), ("title",), ("school",), ("year",)),
    "mastersthesis": (("author",), ("title",), ("school",), ("year",)),
    "techreport": (("author",), ("title",), ("institution",), ("year",)),
    "unpublished": (("author",), ("title",), ("note",)),
}
MONTH_MACROS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
APPROXIMATE_NOTE = "Date approximate."
# Zotero and Better BibTeX write biblatex's language names in langid
_LANGIDS = {
    "english": "en",
    "american": "en-US",
    "british": "en-GB",
    "german": "de",
    "ngerman": "de",
    "french": "fr",
    "russian": "ru",
    "japanese": "ja",
    "chinese": "zh",
    "italian": "it",
    "spanish": "es",
    "polish": "pl",
    "ukrainian": "uk",
    "dutch": "nl",
    "portuguese": "pt",
    "korean": "ko",
    "mongolian": "mn",
}


def _with_approximate_note(note: str) -> str:
    """``note`` with "Date approximate." after it: its own sentence after a full stop, else after "; "."""
    if not note:
        return APPROXIMATE_NOTE
    if note[-1] in ".!?":
        return f"{note} {APPROXIMATE_NOTE}"
    return f"{note}; {APPROXIMATE_NOTE[0].lower()}{APPROXIMATE_NOTE[1:]}"


def _without_approximate_note(note: str) -> str | None:
    """The note :func:`_with_approximate_note` was given ("" for none), or None if it added nothing here."""
    if note == APPROXIMATE_NOTE:
        return ""
    lowered = APPROXIMATE_NOTE[0].lower() + APPROXIMATE_NOTE[1:]
    for suffix in (" " + APPROXIMATE_NOTE, "; " + lowered):
        candidate = note.removesuffix(suffix)
        if candidate != note and candidate and _with_approximate_note(candidate) == note:
            return candidate
    return None


def rows_for(csl_type: str) -> list[Row]:
    """The table's rows for one CSL type: each CSL variable and each BibTeX field at most once."""
    return [row for row in ROWS if row.applies(csl_type)]


def fallback_field(var: str) -> str:
    """The BibTeX field of a CSL variable biblatex has no field for: its own name, lower-cased
    (``csl-`` in front where that would be a field of the table, e.g. a book's ``number``)."""
    name = var.lower()
    return f"csl-{name}" if name in TABLE_FIELDS or name in _READ_ONLY else name


def _kind(var: str) -> str:
    from pactcli.csl.fields import DATE_FIELDS, NAME_FIELDS

    if var in NAME_FIELDS:
        return "names"
    if var in DATE_FIELDS:
        return "date"
    if var in TITLE_VARS:
        return "title"
    if var in VERBATIM_VARS:
        return "verbatim"
    return "plain" if var in PLAIN_VARS else "text"


# ---------------------------------------------------------------------------- writing: escaping
_LATEX_ESCAPES = {
    "\\": r"\textbackslash{}",
    "{": r"\textbraceleft{}",
    "}": r"\textbraceright{}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}
_LATEX_RE = re.compile(r"[\\{}&%$#_~^]|-(?=-)|'(?=')|`(?=`)")


def latex_escape(value: Any) -> str:
    """Escape LaTeX's special characters; keep Unicode.

    Braces become ``\\textbraceleft{}``/``\\textbraceright{}`` rather than ``\\{``/``\\}``: BibTeX counts
    every brace, escaped or not, so an unbalanced ``\\{`` would end the value. ``--``, ``''`` and ``````
    are written ``-{}-``… so that LaTeX does not make them a dash or a quotation mark.
    """

    def repl(m: re.Match[str]) -> str:
        c = m.group(0)
        return _LATEX_ESCAPES.get(c, c + "{}")

    return _LATEX_RE.sub(repl, one_line(value))


def url_escape(value: Any) -> str:
    """URLs and DOIs are verbatim fields in biblatex: percent-encode only what BibTeX parses."""
    text = one_line(value)
    return text.replace("\\", "%5C").replace("{", "%7B").replace("}", "%7D").replace(" ", "%20")


_MARKUP_TAGS = {
    "i": r"\emph",
    "b": r"\textbf",
    "sc": r"\textsc",
    "sup": r"\textsuperscript",
    "sub": r"\textsubscript",
}
_TAG_RE = re.compile(
    r'<(i|b|sc|sup|sub)>|<span style="font-variant:\s*small-caps;?">|<span class="nocase">'
    r"|</(i|b|sc|sup|sub|span)>"
)
Tree = list[str | tuple[str, "Tree"]]


def parse_markup(text: str) -> Tree:
    """CSL-JSON's HTML-like markup (``<i>``, ``<b>``, ``<sc>``, ``<sup>``, ``<sub>``, small-caps and
    ``nocase`` spans) as a tree; a tag without its partner is text."""
    root: Tree = []
    stack: list[tuple[str, Tree, int]] = []  # (tag, children of the parent, position in text)
    current = root
    pos = 0
    for m in _TAG_RE.finditer(text):
        if m.start() > pos:
            current.append(text[pos : m.start()])
        pos = m.end()
        token = m.group(0)
        if token.startswith("</"):
            name = m.group(2)
            if stack and (
                stack[-1][0] == name or (name == "span" and stack[-1][0] in ("nocase", "smallcaps"))
            ):
                tag, parent, _ = stack.pop()
                parent.append((tag, current))
                current = parent
            else:
                current.append(token)
            continue
        tag = m.group(1) or ("nocase" if "nocase" in token else "smallcaps")
        stack.append((tag, current, m.start()))
        current = []
    current.append(text[pos:])
    while stack:  # unclosed tags are text
        tag, parent, _start = stack.pop()
        opening = {"nocase": '<span class="nocase">', "smallcaps": '<span style="font-variant:small-caps;">'}
        parent.append(opening.get(tag, f"<{tag}>"))
        parent.extend(current)
        current = parent
    return [x for x in current if x != ""]


_WORD_RE = re.compile(r"[^\W_]+")


def _protect_words(text: str, state: dict[str, bool]) -> str:
    """Escape ``text``, bracing each word that has a capital letter (not a capitalised first word)."""
    out: list[str] = []
    pos = 0
    for m in _WORD_RE.finditer(text):
        out.append(latex_escape_raw(text[pos : m.start()]))
        word = m.group(0)
        first = not state["seen"]
        state["seen"] = True
        capitals = [c for c in word if c.isupper()]
        if capitals and not (first and word[0].isupper() and len(capitals) == 1):
            out.append("{" + word + "}")
        else:
            out.append(word)
        pos = m.end()
    out.append(latex_escape_raw(text[pos:]))
    return "".join(out)


def latex_escape_raw(text: str) -> str:
    """:func:`latex_escape` without the one-line clean-up (for pieces of an already clean value)."""

    def repl(m: re.Match[str]) -> str:
        c = m.group(0)
        return _LATEX_ESCAPES.get(c, c + "{}")

    return _LATEX_RE.sub(repl, text)


def latex_text(value: Any, *, protect: bool) -> str:
    """A CSL text value as LaTeX: markup as commands, specials escaped, words protected if ``protect``."""
    state = {"seen": False}

    def walk(tree: Tree) -> str:
        parts: list[str] = []
        for node in tree:
            if isinstance(node, str):
                parts.append(_protect_words(node, state) if protect else latex_escape_raw(node))
            else:
                tag, children = node
                inner = walk(children)
                if tag == "nocase":
                    parts.append("{" + inner + "}")
                elif tag == "smallcaps":
                    parts.append(r"\textsc{" + inner + "}")
                else:
                    parts.append(_MARKUP_TAGS[tag] + "{" + inner + "}")
        return "".join(parts)

    return walk(parse_markup(one_line(value)))


def _bib_name(name: Mapping[str, Any]) -> str:
    """A CSL name as BibTeX writes it: "von Last, Jr, First" with the dropping particle after the given
    name ("Dirksen, Herbert von", which biblatex prints as CMOS wants), corporate names in braces."""
    lit = one_line(name.get("literal") or "")
    family = one_line(name.get("family") or "")
    given = one_line(name.get("given") or "")
    if lit or not family:
        return "{" + latex_escape(lit or given) + "}"
    ndp = one_line(name.get("non-dropping-particle") or "")
    dp = one_line(name.get("dropping-particle") or "")
    suffix = one_line(name.get("suffix") or "")
    fam = latex_escape(family)
    if " " in family or "," in family or (not ndp and family[:1].islower()):
        fam = "{" + fam + "}"
    last = f"{_and(latex_escape(ndp))} {fam}" if ndp else fam
    first = " ".join(x for x in (_and(latex_escape(given)), _and(latex_escape(dp))) if x)
    if suffix:
        return f"{last}, {_and(latex_escape(suffix))}, {first}"
    if first:
        return f"{last}, {first}"
    return last + ("," if fam.startswith("{") else "")


def _and(text: str) -> str:
    """Brace the word "and" (BibTeX separates names at it, in any case) and commas (which end a name part)."""
    return re.sub(r"(?i)(?<!\S)and(?!\S)|,", lambda m: "{" + m.group(0) + "}", text)


def _month_macro(value: Any) -> str:
    parts, _, _, _ = date_parts(value)
    if len(parts) == 1 and len(parts[0]) > 1 and 1 <= parts[0][1] <= 12:
        return MONTH_MACROS[parts[0][1] - 1]
    return ""


def _year(value: Any) -> str:
    parts, _, _, literal = date_parts(value)
    if not parts:
        return latex_escape(literal)
    if len(parts) > 1 and parts[1][0] != parts[0][0]:
        return f"{parts[0][0]}--{parts[1][0]}"
    return str(parts[0][0])


# ---------------------------------------------------------------------------- writing
def _value(item: Mapping[str, Any], var: str, kind: str) -> str:
    if kind == "names":
        people = names_of(item, var)
        return " and ".join(_bib_name(n) for n in people)
    if kind == "date":
        return edtf(item.get(var))
    text = text_of(item, var)
    if not text:
        return ""
    if kind == "verbatim":
        return url_escape(text)
    if kind == "pages":
        pages = re.split("\\s*[-\u2013\u2014]+\\s*", text)
        return "--".join(latex_escape(p) for p in pages)
    if kind == "plain":
        return latex_escape(text)
    return latex_text(text, protect=kind == "title")


def entry_fields(item: Mapping[str, Any]) -> list[tuple[str, str]]:
    """The (field, value) pairs of an item's entry, values as LaTeX, in the table's order; then the
    variables biblatex has no field for, under their own names."""
    csl_type = str(item.get("type") or "")
    out: list[tuple[str, str]] = []
    done: set[str] = {"id", "type"}
    director = names_of(item, "director")
    for row in rows_for(csl_type):
        done.add(row.csl)
        if row.csl == "editor" and not names_of(item, "editor") and director:
            # biblatex: a film's director is its editor with editortype = director (BibTeX styles then print
            # a creator); reading back turns it into the director again
            out.append(("editor", _value(item, "director", "names")))
            out.append(("editortype", "director"))
            done.add("director")
            continue
        value = _value(item, row.csl, row.kind)
        if not value:
            continue
        if row.csl == "issued":
            year = _year(item.get("issued"))
            if year:
                out.append(("year", year))
            if _month_macro(item.get("issued")):
                out.append(("month", _month_macro(item.get("issued"))))
        out.append((row.bib, value))
    if "year" not in dict(out):
        literal = _year(item.get("issued"))
        if literal:
            out.append(("year", literal))
    if date_parts(item.get("issued"))[1]:
        note = dict(out).get("note", "")
        joined = _with_approximate_note(note)
        out = [(k, v) for k, v in out if k != "note"] + [("note", joined)]
    for var in item:
        if var in done or str(var).startswith("_") or var in ("categories", "custom"):
            continue
        value = _value(item, var, _kind(var))
        if value:
            out.append((fallback_field(var), value))
    return out


_MASTERS_RE = re.compile(
    r"\bmaster|\bm\.?a\.?(?!\w)|\bm\.?sc?\.?(?!\w)", re.I
)  # "Master's thesis", "MA", "M.Sc."


def _entry_type(item: Mapping[str, Any], fields: Mapping[str, str]) -> tuple[str, str]:
    csl_type = str(item.get("type") or "")
    bib_type, subtype = TYPES.get(csl_type, ("misc", csl_type))
    if bib_type == "phdthesis" and _MASTERS_RE.search(text_of(item, "genre")):
        bib_type = "mastersthesis"
    required = REQUIRED.get(bib_type, ())
    if any(not any(f in fields for f in group) for group in required):
        bib_type, subtype = "misc", subtype or csl_type
    if READ_TYPES.get(bib_type) == csl_type:
        subtype = ""
    elif not subtype:
        subtype = csl_type
    return bib_type, subtype


def _key(item: Mapping[str, Any], used: set[str]) -> str:
    key = re.sub(r"[^A-Za-z0-9:._/+-]", "-", str(item.get("id") or "item")) or "item"
    base, n = key, 2
    while key in used:
        key = f"{base}-{n}"
        n += 1
    used.add(key)
    return key


def write(items: Iterable[Mapping[str, Any]]) -> str:
    """The items as a BibTeX/BibLaTeX file, one entry per item keyed by its ID."""
    used: set[str] = set()
    entries = []
    for item in items:
        fields = entry_fields(item)
        bib_type, subtype = _entry_type(item, dict(fields))
        if subtype:
            fields.insert(0, ("entrysubtype", subtype))
        lines = [f"@{bib_type}{{{_key(item, used)},"]
        for name, value in fields:
            if name == "month":
                lines.append(f"  month = {value},")
            else:
                lines.append(f"  {name} = {{{value}}},")
        lines.append("}")
        entries.append("\n".join(lines))
    return "\n\n".join(entries) + ("\n" if entries else "")


# ---------------------------------------------------------------------------- reading: LaTeX to text
# characters that must survive latexcodec literally stand in for themselves as private-use characters,
# from a block the value does not use (so a value that has private-use characters keeps them)
_LITERALS = "{}\\-'`~^&%$#_"


def _placeholders(value: str) -> dict[str, str]:
    used = set(value)
    base = 0xE000
    while any(chr(base + n) in used for n in range(len(_LITERALS))):
        base += len(_LITERALS)  # the value has fewer characters than there are such runs
    return {c: chr(base + n) for n, c in enumerate(_LITERALS)}


_ESCAPED = {
    r"\textbraceleft": "{",
    r"\textbraceright": "}",
    r"\textbackslash": "\\",
    r"\textasciitilde": "~",
    r"\textasciicircum": "^",
    r"\{": "{",
    r"\}": "}",
    r"\&": "&",
    r"\%": "%",
    r"\$": "$",
    r"\#": "#",
    r"\_": "_",
}
_ESCAPED_RE = re.compile(
    r"\\(?:textbraceleft|textbraceright|textbackslash|textasciitilde|textasciicircum)(?![A-Za-z])(?:\{\})?"
    r"|\\[{}&%$#_]"
)
_COMMANDS_TO_TAGS = {
    "emph": "i",
    "textit": "i",
    "textsl": "i",
    "mkbibemph": "i",
    "textbf": "b",
    "mkbibbold": "b",
    "textsc": "sc",
    "textsuperscript": "sup",
    "mkbibsuperscript": "sup",
    "textsubscript": "sub",
}
_PASS_THROUGH = frozenset(
    ["url", "nolinkurl", "textup", "textnormal", "textrm", "mbox", "hbox", "textsf", "texttt"]
)
_QUOTES = frozenset(["enquote", "mkbibquote"])


def latex_to_text(value: str, *, markup: bool = True, unknown: Callable[[str], None] | None = None) -> str:
    """A BibTeX value as Unicode text (CSL-JSON markup for emphasis when ``markup``).

    ``unknown`` is told of each LaTeX command that has no meaning here; its argument is kept as text."""
    import codecs

    import latexcodec  # noqa: F401  (registers the "ulatex" codec)

    ph = _placeholders(value)
    unph = {v: k for k, v in ph.items()}
    text = _ESCAPED_RE.sub(lambda m: ph[_ESCAPED[m.group(0).removesuffix("{}")]], value)
    text = (
        text.replace("---", "\u2014").replace("--", "\u2013").replace("``", "\u201c").replace("''", "\u201d")
    )
    text = re.sub(r"(?<!\\)[-'`]", lambda m: ph[m.group(0)], text)
    text = text.replace("{}", "")
    if "\\" in text or "~" in text:  # else latexcodec has nothing to do (and it is the slow part)
        with contextlib.suppress(ValueError, UnicodeError):  # latexcodec gives up: the text stays as it is
            text = codecs.decode(text, "ulatex")  # type: ignore[call-overload]
    out = _commands(text, markup, unknown)
    out = "".join(unph.get(c, c) for c in out)
    return re.sub(r"[ \t\r\n]+", " ", out).strip(" ")


def _commands(text: str, markup: bool, unknown: Callable[[str], None] | None) -> str:
    """Braces and the commands latexcodec leaves: markup commands become tags, groups their content."""
    pos = 0
    n = len(text)

    def group() -> str:
        # text[pos] == "{": the content up to the matching brace, processed
        nonlocal pos
        depth, start = 0, pos
        while pos < n:
            c = text[pos]
            if c == "{":
                depth += 1
            elif c == "}":
                depth -= 1
                if depth == 0:
                    pos += 1
                    return _commands(text[start + 1 : pos - 1], markup, unknown)
            elif c == "\\":
                pos += 1
            pos += 1
        return _commands(text[start + 1 :], markup, unknown)  # unbalanced: the rest

    out: list[str] = []
    while pos < n:
        c = text[pos]
        if c == "{":
            out.append(group())
        elif c == "}":
            pos += 1
        elif c == "\\":
            m = re.match(r"\\([A-Za-z]+|.)\s*", text[pos:], re.S)
            if m is None:  # a backslash that ends the value
                out.append("\\")
                pos += 1
                continue
            name = m.group(1)
            pos += m.end()
            has_arg = pos < n and text[pos] == "{"
            if name in _COMMANDS_TO_TAGS and has_arg:
                inner = group()
                tag = _COMMANDS_TO_TAGS[name]
                out.append(f"<{tag}>{inner}</{tag}>" if markup else inner)
            elif name in _QUOTES and has_arg:
                out.append("\u201c" + group() + "\u201d")
            elif name in _PASS_THROUGH and has_arg:
                out.append(group())
            elif name == "href" and has_arg:
                group()
                out.append(group() if pos < n and text[pos] == "{" else "")
            elif name in (" ", ",", ";", ":"):
                out.append(" ")
            elif name in ("relax", "/", "@", "-"):
                pass
            else:
                if unknown is not None:
                    unknown(name)
                out.append(group() if has_arg else "")
        else:
            out.append(c)
            pos += 1
    return "".join(out)


# ---------------------------------------------------------------------------- reading
@dataclass
class _Entry:
    bib_type: str
    key: str
    line: int
    fields: dict[str, str]  # lower-case field name → raw value (macros expanded)
    order: list[str]


def _parse(text: str, origin: str, problems: list[Problem]) -> list[_Entry]:
    from pybtex.database.input.bibtex import LowLevelParser, month_names
    from pybtex.scanner import PybtexSyntaxError
    from pybtex.utils import CaseInsensitiveDict

    damaged: dict[int, None] = {}

    import bisect

    newlines = [m.start() for m in re.finditer("\n", text)]

    def line_at(offset: int) -> int:
        return bisect.bisect_left(newlines, max(offset, 0)) + 1

    def on_error(error: Exception) -> None:
        start = parser.command_start or 0
        damaged[start] = None
        lineno = getattr(error, "lineno", None) or line_at(start)
        message = str(error.args[0]) if error.args else str(error)
        key = parser.current_entry_key or ""
        where = f" (the entry starts at line {line_at(start)})" if line_at(start) != lineno else ""
        problems.append(
            Problem(origin, lineno, key, "", f"malformed entry: {message}{where}; entry not read")
        )

    parser = LowLevelParser(text, macros=CaseInsensitiveDict(month_names), handle_error=on_error)
    entries: list[_Entry] = []
    try:
        for command, body in parser:
            start = parser.command_start or 0
            if command.lower() in ("string", "preamble") or start in damaged:
                continue
            key, raw_fields = body
            fields: dict[str, str] = {}
            order: list[str] = []
            for name, parts in raw_fields:
                lower = name.lower()
                if lower in fields:
                    problems.append(
                        Problem(
                            origin,
                            line_at(start),
                            key,
                            lower,
                            "field given twice; the first is kept",
                            "warning",
                        )
                    )
                    continue
                fields[lower] = re.sub(r"[ \t\r\n]+", " ", "".join(parts)).strip(" ")
                order.append(lower)
            entries.append(_Entry(command.lower(), key, line_at(start), fields, order))
    except PybtexSyntaxError as error:  # pragma: no cover - on_error handles pybtex's recoverable errors
        problems.append(
            Problem(origin, getattr(error, "lineno", 0) or 0, "", "", f"malformed BibTeX: {error}")
        )
    return entries


def _crossrefs(entries: list[_Entry], origin: str, problems: list[Problem]) -> None:
    """BibTeX's crossref: a field the entry lacks comes from the entry it names; the parent's title is the
    child's booktitle (biblatex's inheritance for @in… entries)."""
    by_key = {e.key.lower(): e for e in entries}
    for entry in entries:
        ref = entry.fields.get("crossref")
        if not ref:
            continue
        parent = by_key.get(ref.lower())
        if parent is None:
            problems.append(
                Problem(
                    origin, entry.line, entry.key, "crossref", f"no entry {ref!r} in this file", "warning"
                )
            )
            continue
        for name, value in parent.fields.items():
            if name in ("crossref", "ids", "entrysubtype", "shorttitle"):
                continue
            if name == "title":
                if "booktitle" not in entry.fields:
                    entry.fields["booktitle"] = value
                    entry.order.append("booktitle")
                continue
            if name not in entry.fields:
                entry.fields[name] = value
                entry.order.append(name)
        del entry.fields["crossref"]
        entry.order.remove("crossref")


def _csl_type(entry: _Entry, origin: str, problems: list[Problem]) -> str:
    from pactcli.store.parse import SOURCE_TYPES

    subtype = entry.fields.get("entrysubtype", "").strip().lower()
    if subtype in _SUBTYPES:
        return _SUBTYPES[subtype]
    if subtype in SOURCE_TYPES:
        return subtype
    csl_type = READ_TYPES.get(entry.bib_type)
    if csl_type is None:
        problems.append(
            Problem(
                origin,
                entry.line,
                entry.key,
                "",
                f"unknown entry type @{entry.bib_type}; read as a document",
                "warning",
            )
        )
        return "document"
    return csl_type


def _read_names(
    raw: str, report: Callable[[str, str], None], field: str, unknown: Callable[[str], None]
) -> list[dict[str, str]]:
    from pybtex.bibtex.utils import split_name_list
    from pybtex.database import Person
    from pybtex.exceptions import PybtexError

    out: list[dict[str, str]] = []
    for raw_name in split_name_list(raw):
        name = raw_name.strip()
        if name.lower() == "others":
            report(field, "'and others' has no CSL form; the names not listed are not imported")
            continue
        if name.startswith("{") and name.endswith("}") and _one_group(name):
            out.append({"literal": latex_to_text(name, markup=False, unknown=unknown)})
            continue
        try:
            person = Person(name)
        except PybtexError as error:
            report(field, f"cannot read the name {name!r}: {error}")
            continue

        def text(parts: list[str]) -> str:
            return latex_to_text(" ".join(parts), markup=False, unknown=unknown)

        family = text(person.prelast_names + person.last_names)
        given = text(person.first_names + person.middle_names)
        csl = split_particles(family, given)
        suffix = text(person.lineage_names)
        if suffix:
            csl["suffix"] = suffix
        if csl.get("family") or csl.get("given"):
            out.append(csl)
    return out


def _one_group(text: str) -> bool:
    """Whether ``text`` is a single brace group ("{United Nations}", not "{A} and {B}")."""
    depth = 0
    for i, c in enumerate(text):
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
            if depth == 0 and i != len(text) - 1:
                return False
    return depth == 0


_MONTH_WORDS = {m: i for i, m in enumerate(MONTH_MACROS, start=1)}


def _month(raw: str) -> tuple[int, int]:
    """(month, day) from a month field: "aug", "August", "8", "August~8" (JabRef), "Aug. 8"."""
    text = raw.replace("~", " ").replace("\u00a0", " ").strip().lower()
    m = re.match(r"^(\d{1,2})$", text)
    if m:
        month = int(m.group(1))
        return (month, 0) if 1 <= month <= 12 else (0, 0)
    m = re.match(r"^([a-z]{3})[a-z]*\.?(?:\s+(\d{1,2}))?$", text)
    if m and m.group(1) in _MONTH_WORDS:
        return _MONTH_WORDS[m.group(1)], int(m.group(2) or 0)
    return 0, 0


def _issued_from_year(fields: Mapping[str, str], report: Callable[[str, str], None]) -> dict[str, Any] | None:
    year = latex_to_text(fields.get("year", ""), markup=False)
    if not year:
        return None
    m = re.match(r"^(-?\d{1,4})(?:\s*[-\u2013/]+\s*(-?\d{1,4}))?$", year)
    if not m:
        return {"literal": year}
    parts: list[list[int]] = [[int(m.group(1))]]
    if m.group(2):
        parts.append([int(m.group(2))])
    elif "month" in fields:
        month, day = _month(fields["month"])
        if not month:
            report("month", f"not a month: {fields['month']!r}; the date is read as the year only")
        else:
            parts[0].append(month)
            day = day or _int(fields.get("day", ""))
            if day:
                parts[0].append(day)
    return {"date-parts": parts}


def _int(text: str) -> int:
    try:
        return int(text.strip())
    except ValueError:
        return 0


_READ_ONLY = {
    # fields other programs write, read as these CSL variables when the table gives none
    "journaltitle": "container-title",
    "location": "publisher-place",
    "organization": "publisher",
    "institution": "publisher",
    "school": "publisher",
    "publisher": "publisher",
    "booktitle": "container-title",
    "journal": "container-title",
    "howpublished": "container-title",
    "annote": "annote",
    "key": "",
    "year": "",
    "month": "",
    "day": "",
    "entrysubtype": "",
    "editortype": "",
}


def read(text: str, origin: str) -> ImportResult:
    """CSL-JSON items from a BibTeX or BibLaTeX file (``origin`` names it in problems)."""
    problems: list[Problem] = []
    entries = _parse(text, origin, problems)
    _crossrefs(entries, origin, problems)
    variables = {v.lower(): v for v in all_variables()}
    items: list[dict[str, object]] = []
    seen: dict[str, int] = {}  # citation key (BibTeX compares them ignoring case) → its line
    for entry in entries:
        if entry.key.lower() in seen:
            message = (
                f"citation key {entry.key!r} used twice (first at line {seen[entry.key.lower()]}); not read"
            )
            problems.append(Problem(origin, entry.line, entry.key, "", message))
            continue
        seen[entry.key.lower()] = entry.line
        item = _read_entry(entry, origin, problems, variables)
        if item is not None:
            items.append(item)
    problems.sort(key=lambda p: p.line_no)  # in input order
    return ImportResult(items, problems)


def _read_entry(
    entry: _Entry, origin: str, problems: list[Problem], variables: Mapping[str, str]
) -> dict[str, object] | None:
    def report(field: str, message: str, severity: str = "warning") -> None:
        problems.append(Problem(origin, entry.line, entry.key, field, message, severity))

    current = {"field": ""}

    def unknown(command: str) -> None:
        report(current["field"], f"LaTeX command \\{command} has no meaning here; its text is kept")

    csl_type = _csl_type(entry, origin, problems)
    # the importer's kebab-case, so that a key gives the same ID whether it comes in BibTeX or CSL-JSON
    item: dict[str, object] = {"id": kebab(entry.key), "_line": entry.line, "type": csl_type}
    by_field = {row.bib: row for row in rows_for(csl_type)}
    fields = entry.fields
    editortype = fields.get("editortype", "").strip().lower()
    if "year" in fields and "date" not in fields:
        issued = _issued_from_year(fields, report)
        if issued is not None:
            item["issued"] = issued
    for name in entry.order:
        raw = fields[name]
        current["field"] = name
        link = re.match(r"^\\url\s*\{([^{}]*)\}$", raw.strip())
        if name == "howpublished" and link and "url" not in fields:
            # JabRef and BibTeX-era files put the URL here, for styles without a url field
            item["URL"] = one_line(link.group(1))
            continue
        row = by_field.get(name)
        if row is not None:
            var, kind = row.csl, row.kind
        elif name.startswith("csl-") and name[4:] in variables:
            var = variables[name[4:]]
            kind = _kind(var)
        elif name in _READ_ONLY:
            var = _READ_ONLY[name]
            if not var:
                continue
            kind = _kind(var)
        elif name == "langid":
            var, kind = "language", "langid"
        elif name in variables and name not in TABLE_FIELDS:
            var = variables[name]
            kind = _kind(var)
        else:
            report(name, "no CSL variable for this field; not imported")
            continue
        if var == "editor" and editortype:
            target = variables.get(editortype)
            from pactcli.csl.fields import NAME_FIELDS

            if target in NAME_FIELDS:
                var = target
            else:
                report("editortype", f"editor role {editortype!r} has no CSL variable; read as editor")
        if var in item and not (var == "issued" and name == "date"):
            if var == "language" and kind == "langid":
                continue
            report(name, f"a second value for {var}; not imported")
            continue
        value = _read_value(raw, kind, name, report, unknown)
        if value in (None, "", []):
            continue
        item[var] = value
    note = item.get("note")
    parts = item.get("issued")
    if isinstance(note, str) and isinstance(parts, Mapping) and parts.get("circa"):
        stripped = _without_approximate_note(note)
        if stripped:
            item["note"] = stripped
        elif stripped is not None:
            del item["note"]
    return item


def _read_value(
    raw: str,
    kind: str,
    name: str,
    report: Callable[..., None],
    unknown: Callable[[str], None],
) -> object:
    if kind == "names":
        return _read_names(raw, report, name, unknown)
    if kind == "date":
        try:
            return parse_edtf(raw)
        except ValueError as error:
            report(name, f"{error}; not imported", "error")
            return None
    if kind == "verbatim":
        m = re.match(r"^\\(?:url|nolinkurl)\s*\{(.*)\}$", raw.strip())
        text = m.group(1) if m else raw
        return one_line(text.replace("\\_", "_").replace("\\%", "%").replace("\\&", "&").replace("\\#", "#"))
    if kind == "pages":
        return re.sub(r"\s*(?:-+|\u2013|\u2014)\s*", "-", latex_to_text(raw.replace("--", "-"), markup=False))
    if kind == "langid":
        return _LANGIDS.get(raw.strip().lower(), raw.strip())
    if kind == "plain":
        return latex_to_text(raw, markup=False, unknown=unknown)
    if name == "keywords":  # Better BibTeX writes "a,b", Zotero "a, b"
        return ", ".join(
            k.strip() for k in latex_to_text(raw, markup=True, unknown=unknown).split(",") if k.strip()
        )
    return latex_to_text(raw, markup=True, unknown=unknown)


def check_table(types: Sequence[str]) -> list[str]:
    """Where the table is not one-to-one for a CSL type (for the tests): each clash as text."""
    clashes: list[str] = []
    for csl_type in types:
        rows = rows_for(csl_type)
        for attr in ("csl", "bib"):
            values = [getattr(r, attr) for r in rows]
            clashes.extend(f"{csl_type}: {attr} {v}" for v in set(values) if values.count(v) > 1)
    return clashes
