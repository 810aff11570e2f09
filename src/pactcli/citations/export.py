"""Bibliography exports: BibTeX, RIS and CSL-JSON.

* ``csl-json``: the items as a CSL-JSON array (valid against the official
  ``csl-data.json`` schema); every control, format and separator character (C0, C1, bidi
  controls, zero-width characters, BOM: :mod:`pactcli.render.safe`) is written as a
  ``\\uXXXX`` escape, so the file carries none raw and the data is kept exactly.
* ``bibtex``: one entry per item, keyed by the source id. LaTeX's special characters
  (``& % $ # _ { } ~ ^ \\``) are escaped, Unicode is kept (biber/biblatex and bibtexparser read
  UTF-8), line breaks become spaces and every other control, format or bidi character is
  shown as its visible escape (``\\x1b``, ``\\u200b``, the same policy as the terminal:
  :func:`pactcli.render.safe.one_line`), LaTeX-escaped. Corporate names are braced so
  BibTeX does not split them. Dates go to ``year``/``month`` and, for biblatex, ``date``
  (EDTF, with ``~`` for approximate dates).
* ``ris``: one record per item, ``TY  -`` … ``ER  -``. Every value is one line: line breaks
  become spaces and other control, format or bidi characters visible escapes (as for
  BibTeX), so no value can end a record or start a tag.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from pactcli.render.safe import json_dumps, one_line

from . import dates

EXPORT_FORMATS: tuple[str, ...] = ("bibtex", "ris", "csl-json")


def export(items: Sequence[Mapping[str, Any]], fmt: str) -> str:
    """Serialise CSL-JSON ``items`` as ``fmt`` (one of ``EXPORT_FORMATS``)."""
    if fmt == "csl-json":
        return to_csl_json(items)
    if fmt == "bibtex":
        return to_bibtex(items)
    if fmt == "ris":
        return to_ris(items)
    raise ValueError(f"unknown export format {fmt!r}; expected one of: {', '.join(EXPORT_FORMATS)}")


def _public(item: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in item.items() if not str(k).startswith("_")}


# ---------------------------------------------------------------------------- CSL-JSON
def to_csl_json(items: Sequence[Mapping[str, Any]]) -> str:
    # The one JSON writer of pactcli: every control, format and separator character as \uXXXX.
    return json_dumps([_public(it) for it in items], indent=2) + "\n"


# ---------------------------------------------------------------------------- shared
def _clean(value: Any) -> str:
    """One line of text: line breaks become spaces, other hidden characters visible escapes."""
    return one_line(str(value))


def _names(item: Mapping[str, Any], var: str) -> list[Mapping[str, Any]]:
    v = item.get(var)
    return [n for n in v if isinstance(n, Mapping)] if isinstance(v, list) else []


def _date(item: Mapping[str, Any], var: str) -> dates.CslDate | None:
    return dates.parse(item.get(var))


def _str(item: Mapping[str, Any], var: str) -> str:
    v = item.get(var)
    if v is None or isinstance(v, (dict, list, bool)):
        return ""
    return _clean(v)


# ---------------------------------------------------------------------------- BibTeX
_BIBTEX_TYPES = {
    "book": "book",
    "chapter": "incollection",
    "article-journal": "article",
    "article-magazine": "article",
    "article-newspaper": "article",
    "paper-conference": "inproceedings",
    "thesis": "phdthesis",
    "report": "techreport",
    "manuscript": "unpublished",
}
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
_LATEX_RE = re.compile(r"[\\{}&%$#_~^]")


def latex_escape(value: Any) -> str:
    """Escape LaTeX's special characters; keep Unicode.

    Braces become ``\\textbraceleft{}``/``\\textbraceright{}`` rather than ``\\{``/``\\}``:
    BibTeX counts every brace, escaped or not, so an unbalanced ``\\{`` would end the value.
    """
    return _LATEX_RE.sub(lambda m: _LATEX_ESCAPES[m.group(0)], _clean(value))


def url_escape(value: Any) -> str:
    """URLs and DOIs are verbatim fields in biblatex: percent-encode only what BibTeX parses."""
    return _clean(value).replace("\\", "%5C").replace("{", "%7B").replace("}", "%7D").replace(" ", "%20")


def _bib_name(name: Mapping[str, Any]) -> str:
    lit = _clean(name.get("literal") or "")
    family = _clean(name.get("family") or "")
    if lit or not family:
        return "{" + latex_escape(lit or family or _clean(name.get("given") or "")) + "}"
    given = _clean(name.get("given") or "")
    particle = " ".join(
        _clean(x) for x in (name.get("dropping-particle"), name.get("non-dropping-particle")) if x
    )
    last = " ".join(x for x in (particle, family) if x)
    suffix = _clean(name.get("suffix") or "")
    fam = latex_escape(last)
    if " " in family or "," in family:
        fam = " ".join(x for x in (latex_escape(particle), "{" + latex_escape(family) + "}") if x)
    parts = [fam]
    if suffix:
        parts.append(latex_escape(suffix))
    if given:
        parts.append(latex_escape(given))
    elif suffix:
        parts.append("")
    return ", ".join(parts)


def _bib_key(item: Mapping[str, Any], used: set[str]) -> str:
    key = re.sub(r"[^A-Za-z0-9:._/+-]", "-", str(item.get("id") or "item")) or "item"
    base, n = key, 2
    while key in used:
        key = f"{base}-{n}"
        n += 1
    used.add(key)
    return key


def _edtf(d: dates.CslDate) -> str:
    def one(part: dates.Part) -> str:
        y, m, dd = part
        s = f"{y:04d}" if y >= 0 else f"-{-y:04d}"
        if m:
            s += f"-{m:02d}"
            if dd:
                s += f"-{dd:02d}"
        return s + ("~" if d.circa else "")

    if d.end:
        return f"{one(d.start)}/{one(d.end)}"
    return one(d.start)


def bibtex_fields(item: Mapping[str, Any]) -> list[tuple[str, str]]:
    """The (field, value) pairs of an item's BibTeX entry, values LaTeX-escaped."""
    typ = str(item.get("type") or "")
    out: list[tuple[str, str]] = []

    def add(name: str, value: str) -> None:
        if value:
            out.append((name, value))

    for var, fld in (("author", "author"), ("editor", "editor"), ("translator", "translator")):
        people = _names(item, var)
        if people:
            add(fld, " and ".join(_bib_name(n) for n in people))
    add("title", latex_escape(_str(item, "title")))
    container = _str(item, "container-title")
    if container:
        if typ.startswith("article"):
            add("journal", latex_escape(container))
        elif typ in ("chapter", "paper-conference"):
            add("booktitle", latex_escape(container))
        else:
            add("howpublished", latex_escape(container))
    add("series", latex_escape(_str(item, "collection-title")))
    add("edition", latex_escape(_str(item, "edition")))
    add("volume", latex_escape(_str(item, "volume")))
    if typ.startswith("article"):
        add("number", latex_escape(_str(item, "issue")))
    else:
        add("number", latex_escape(_str(item, "number") or _str(item, "collection-number")))
    page = _str(item, "page")
    add("pages", latex_escape(re.sub("\\s*[-\u2013\u2014]+\\s*", "--", page)))
    if typ == "thesis":
        add("school", latex_escape(_str(item, "publisher")))
    elif typ == "report":
        add("institution", latex_escape(_str(item, "publisher")))
    else:
        add("publisher", latex_escape(_str(item, "publisher")))
    add("address", latex_escape(_str(item, "publisher-place")))
    issued = _date(item, "issued")
    if issued is not None and issued.year:
        add("year", str(issued.year))
        if issued.start[1]:
            add("month", str(issued.start[1]))
        add("date", _edtf(issued))
    accessed = _date(item, "accessed")
    if accessed is not None and accessed.year:
        add("urldate", _edtf(accessed))
    add("url", url_escape(_str(item, "URL")))
    add("doi", url_escape(_str(item, "DOI")))
    add("isbn", latex_escape(_str(item, "ISBN")))
    add("issn", latex_escape(_str(item, "ISSN")))
    add("language", latex_escape(_str(item, "language")))
    add("type", latex_escape(_str(item, "genre")))
    add("version", latex_escape(_str(item, "version")))
    archive = ", ".join(
        x for x in (_str(item, "archive_location"), _str(item, "archive"), _str(item, "archive-place")) if x
    )
    add("archive", latex_escape(archive))
    add("note", latex_escape(_str(item, "note")))
    return out


def to_bibtex(items: Sequence[Mapping[str, Any]]) -> str:
    used: set[str] = set()
    entries = []
    for item in items:
        typ = _BIBTEX_TYPES.get(str(item.get("type") or ""), "misc")
        key = _bib_key(item, used)
        lines = [f"@{typ}{{{key},"]
        for name, value in bibtex_fields(item):
            lines.append(f"  {name} = {{{value}}},")
        lines.append("}")
        entries.append("\n".join(lines))
    return "\n\n".join(entries) + ("\n" if entries else "")


# ---------------------------------------------------------------------------- RIS
_RIS_TYPES = {
    "book": "BOOK",
    "chapter": "CHAP",
    "article-journal": "JOUR",
    "article-magazine": "MGZN",
    "article-newspaper": "NEWS",
    "webpage": "ELEC",
    "document": "GOVDOC",
    "manuscript": "MANSCPT",
    "treaty": "LEGAL",
    "legislation": "STAT",
    "dataset": "DATA",
    "report": "RPRT",
    "thesis": "THES",
    "map": "MAP",
    "speech": "SOUND",
    "broadcast": "VIDEO",
    "interview": "GEN",
    "personal_communication": "PCOMM",
    "entry-encyclopedia": "ENCYC",
    "post": "BLOG",
    "post-weblog": "BLOG",
}


def _ris_name(name: Mapping[str, Any]) -> str:
    lit = _clean(name.get("literal") or "")
    if lit:
        return lit
    particle = " ".join(
        _clean(x) for x in (name.get("dropping-particle"), name.get("non-dropping-particle")) if x
    )
    family = " ".join(x for x in (particle, _clean(name.get("family") or "")) if x)
    parts = [family, _clean(name.get("given") or "")]
    suffix = _clean(name.get("suffix") or "")
    if suffix:
        parts.append(suffix)
    return ", ".join(p for p in parts if p) if parts[1] or suffix else family


def _ris_date(d: dates.CslDate) -> str:
    y, m, dd = d.start
    return f"{y:04d}/{m:02d}/{dd:02d}/" if m and dd else (f"{y:04d}/{m:02d}//" if m else f"{y:04d}///")


def ris_fields(item: Mapping[str, Any]) -> list[tuple[str, str]]:
    typ = str(item.get("type") or "")
    out: list[tuple[str, str]] = [("TY", _RIS_TYPES.get(typ, "GEN"))]

    def add(tag: str, value: str) -> None:
        value = _clean(value)
        if value:
            out.append((tag, value))

    for n in _names(item, "author"):
        add("AU", _ris_name(n))
    for n in _names(item, "editor"):
        add("A2", _ris_name(n))
    for n in _names(item, "translator"):
        add("A4", _ris_name(n))
    add("TI", _str(item, "title"))
    add("T2", _str(item, "container-title"))
    add("T3", _str(item, "collection-title"))
    add("ET", _str(item, "edition"))
    add("VL", _str(item, "volume"))
    add("IS", _str(item, "issue") or _str(item, "number"))
    page = _str(item, "page")
    if page:
        bits = re.split("\\s*[-\u2013\u2014]+\\s*", page, maxsplit=1)
        add("SP", bits[0])
        if len(bits) > 1:
            add("EP", bits[1])
    add("PB", _str(item, "publisher"))
    add("CY", _str(item, "publisher-place"))
    issued = _date(item, "issued")
    if issued is not None and issued.year:
        add("PY", str(issued.year))
        add("DA", _ris_date(issued))
    accessed = _date(item, "accessed")
    if accessed is not None and accessed.year:
        add("Y2", _ris_date(accessed))
    add("UR", _str(item, "URL"))
    add("DO", _str(item, "DOI"))
    add("SN", _str(item, "ISBN") or _str(item, "ISSN"))
    add("LA", _str(item, "language"))
    add("M3", _str(item, "genre"))
    archive = ", ".join(
        x for x in (_str(item, "archive_location"), _str(item, "archive"), _str(item, "archive-place")) if x
    )
    add("AV", archive)
    add("N1", _str(item, "note"))
    add("ID", str(item.get("id") or ""))
    return out


def to_ris(items: Sequence[Mapping[str, Any]]) -> str:
    records = []
    for item in items:
        lines = [f"{tag}  - {value}" for tag, value in ris_fields(item)]
        lines.append("ER  - ")
        records.append("\n".join(lines))
    return "\n\n".join(records) + ("\n" if records else "")
