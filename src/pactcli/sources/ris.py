"""RIS: one mapping table, used to write CSL-JSON items and to read them back.

Writing (``write``): one record per item, ``TY -`` … ``ER -``; every value is one line (line breaks become
spaces, other control characters visible escapes: no value can end a record or start a tag). Types are RIS's
own (``HEAR``, ``CPAPER``, ``PAMP``, ``MPCT``, ``STAT``…); where RIS has no type of its own for the CSL type,
a ``N1 - type: treaty`` line says which. Dates: ``PY`` the year, ``DA`` ``YYYY/MM/DD/`` with EDTF in the
fourth part when the date is a range or approximate (``DA - 1776///1776/1789``, ``1905///1905~``). Page ranges
are written out: "137-64" is ``SP - 137`` / ``EP - 164``. A CSL variable RIS has no tag for is a note line
named after it (``N1 - archive_collection: Hoover Papers``), the convention of Zotero's "Extra" field, which
citeproc-js reads.

Reading (``read``): rispy splits each record into tags; this module's table maps them back, and reports
unknown tags, records without ``ER`` and dates CSL cannot hold, each with its line number.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from pactcli.errors import Problem
from pactcli.sources import ImportResult
from pactcli.sources.common import (
    SEASONS,
    all_variables,
    date_parts,
    edtf,
    names_of,
    one_line,
    page_ends,
    parse_edtf,
    split_particles,
    text_of,
)
from pactcli.sources.importer import kebab
from pactcli.store.parse import SOURCE_TYPES

FILM = frozenset(["motion_picture", "broadcast"])
RECIPIENT_TYPES = frozenset(["personal_communication"])
INTERVIEW = frozenset(["interview"])


@dataclass(frozen=True)
class Row:
    """One CSL variable ↔ one RIS tag, for the CSL types in ``types`` (``None``: all) but not ``exclude``."""

    csl: str
    tag: str
    kind: str  # "names", "text", "date" (DA form), "edtf", "pages", "keywords", "serial"
    types: frozenset[str] | None = None
    exclude: frozenset[str] = frozenset()

    def applies(self, csl_type: str) -> bool:
        return (self.types is None or csl_type in self.types) and csl_type not in self.exclude


ROWS: tuple[Row, ...] = (
    Row("director", "AU", "names", FILM),
    Row("author", "AU", "names", None, FILM),
    Row("recipient", "A2", "names", RECIPIENT_TYPES),
    Row("interviewer", "A2", "names", INTERVIEW),
    Row("editor", "A2", "names", None, RECIPIENT_TYPES | INTERVIEW),
    Row("collection-editor", "A3", "names"),
    Row("translator", "A4", "names"),
    Row("title", "TI", "text"),
    Row("title-short", "ST", "text"),
    Row("container-title", "T2", "text"),
    Row("container-title-short", "J2", "text"),
    Row("collection-title", "T3", "text"),
    Row("collection-number", "SV", "text"),
    Row("edition", "ET", "text"),
    Row("volume", "VL", "text"),
    Row("number-of-volumes", "NV", "text"),
    Row("issue", "IS", "text"),
    Row("number", "M1", "text"),
    Row("section", "SE", "text"),
    Row("page", "SP", "pages"),
    Row("publisher", "PB", "text"),
    Row("publisher-place", "CY", "text"),
    Row("issued", "DA", "date"),
    Row("accessed", "Y2", "date"),
    Row("original-date", "OP", "edtf"),
    Row("URL", "UR", "text"),
    Row("DOI", "DO", "text"),
    Row("ISBN", "SN", "serial"),
    Row("ISSN", "SN", "serial"),
    Row("language", "LA", "text"),
    Row("genre", "M3", "text"),
    Row("archive", "DB", "text"),
    Row("archive_location", "AN", "text"),
    Row("call-number", "CN", "text"),
    Row("source", "DP", "text"),
    Row("abstract", "AB", "text"),
    Row("keyword", "KW", "keywords"),
    Row("note", "N1", "text"),
)
# CSL type → RIS type (RIS Format Specifications, Research Information Systems 2011)
TYPES: dict[str, str] = {
    "article-journal": "JOUR",
    "article-magazine": "MGZN",
    "article-newspaper": "NEWS",
    "article": "JOUR",
    "review": "JOUR",
    "review-book": "JOUR",
    "book": "BOOK",
    "chapter": "CHAP",
    "paper-conference": "CPAPER",
    "thesis": "THES",
    "report": "RPRT",
    "manuscript": "MANSCPT",
    "pamphlet": "PAMP",
    "webpage": "ELEC",
    "dataset": "DATA",
    "software": "COMP",
    "patent": "PAT",
    "document": "GEN",
    "treaty": "LEGAL",
    "regulation": "LEGAL",
    "legislation": "STAT",
    "bill": "BILL",
    "legal_case": "CASE",
    "hearing": "HEAR",
    "map": "MAP",
    "motion_picture": "MPCT",
    "broadcast": "VIDEO",
    "song": "SOUND",
    "speech": "SLIDE",
    "musical_score": "MUSIC",
    "interview": "PCOMM",
    "personal_communication": "PCOMM",
    "entry-encyclopedia": "ENCYC",
    "entry-dictionary": "DICT",
    "entry": "ENCYC",
    "post": "ICOMM",
    "post-weblog": "BLOG",
    "graphic": "ART",
    "figure": "FIGURE",
    "standard": "STAND",
    "periodical": "JFULL",
    "classic": "CLSWK",
    "collection": "EDBOOK",
    "event": "GEN",
    "performance": "GEN",
}
# RIS type → CSL type, for reading (every type of the specification)
READ_TYPES: dict[str, str] = {
    "ABST": "article-journal",
    "ADVS": "motion_picture",
    "AGGR": "dataset",
    "ANCIENT": "classic",
    "ART": "graphic",
    "BILL": "bill",
    "BLOG": "post-weblog",
    "BOOK": "book",
    "CASE": "legal_case",
    "CHAP": "chapter",
    "CHART": "figure",
    "CLSWK": "classic",
    "COMP": "software",
    "CONF": "book",
    "CPAPER": "paper-conference",
    "CTLG": "book",
    "DATA": "dataset",
    "DBASE": "dataset",
    "DICT": "entry-dictionary",
    "EBOOK": "book",
    "ECHAP": "chapter",
    "EDBOOK": "collection",
    "EJOUR": "article-journal",
    "ELEC": "webpage",
    "ENCYC": "entry-encyclopedia",
    "EQUA": "figure",
    "FIGURE": "figure",
    "GEN": "document",
    "GOVDOC": "document",
    "GRANT": "document",
    "HEAR": "hearing",
    "ICOMM": "post",
    "INPR": "article-journal",
    "JFULL": "periodical",
    "JOUR": "article-journal",
    "LEGAL": "treaty",
    "MANSCPT": "manuscript",
    "MAP": "map",
    "MGZN": "article-magazine",
    "MPCT": "motion_picture",
    "MULTI": "webpage",
    "MUSIC": "musical_score",
    "NEWS": "article-newspaper",
    "PAMP": "pamphlet",
    "PAT": "patent",
    "PCOMM": "personal_communication",
    "RPRT": "report",
    "SER": "periodical",
    "SLIDE": "speech",
    "SOUND": "song",
    "STAND": "standard",
    "STAT": "legislation",
    "THES": "thesis",
    "UNBILL": "bill",
    "UNPB": "manuscript",
    "VIDEO": "broadcast",
    "WEB": "webpage",
}
# Tags of the specification (and Zotero's SV) that map to a CSL variable when the table gives none
READ_ONLY: dict[str, tuple[str, str]] = {
    "A1": ("author", "names"),
    "ED": ("editor", "names"),
    "T1": ("title", "text"),
    "BT": ("container-title", "text"),
    "JO": ("container-title", "text"),
    "JF": ("container-title", "text"),
    "JA": ("container-title-short", "text"),
    "J1": ("container-title-short", "text"),
    "Y1": ("issued", "date"),
    "PY": ("issued", "date"),
    "AV": ("archive_location", "text"),
    "N2": ("abstract", "text"),
    "VO": ("volume", "text"),
    "EP": ("", ""),
    "ID": ("", ""),
    "TY": ("", ""),
    "ER": ("", ""),
}
SPEC_TAGS = frozenset(
    [
        "TY",
        "A1",
        "A2",
        "A3",
        "A4",
        "AB",
        "AD",
        "AN",
        "AU",
        "AV",
        "BT",
        "C1",
        "C2",
        "C3",
        "C4",
        "C5",
        "C6",
        "C7",
        "C8",
        "CA",
        "CN",
        "CP",
        "CT",
        "CY",
        "DA",
        "DB",
        "DO",
        "DP",
        "ED",
        "EP",
        "ET",
        "ID",
        "IS",
        "J1",
        "J2",
        "JA",
        "JF",
        "JO",
        "KW",
        "L1",
        "L2",
        "L3",
        "L4",
        "LA",
        "LB",
        "LK",
        "M1",
        "M2",
        "M3",
        "N1",
        "N2",
        "NV",
        "OP",
        "PB",
        "PP",
        "PY",
        "RI",
        "RN",
        "RP",
        "SE",
        "SN",
        "SP",
        "ST",
        "SV",
        "T1",
        "T2",
        "T3",
        "TA",
        "TI",
        "TT",
        "U1",
        "U2",
        "U3",
        "U4",
        "U5",
        "UR",
        "VL",
        "VO",
        "Y1",
        "Y2",
        "ER",
    ]
)
_ISSN_RE = re.compile(r"^\d{4}-?\d{3}[\dXx]$")


def rows_for(csl_type: str) -> list[Row]:
    return [row for row in ROWS if row.applies(csl_type)]


# ---------------------------------------------------------------------------- writing
def _ris_name(name: Mapping[str, Any]) -> str:
    """ "Family, Given, Suffix", the non-dropping particle before the family name and the dropping one
    after the given name; a corporate name as it is (no comma)."""
    lit = one_line(name.get("literal") or "")
    family = one_line(name.get("family") or "")
    given = one_line(name.get("given") or "")
    if lit or not family:
        return lit or given
    ndp = one_line(name.get("non-dropping-particle") or "")
    dp = one_line(name.get("dropping-particle") or "")
    suffix = one_line(name.get("suffix") or "")
    last = f"{ndp} {family}" if ndp else family
    first = " ".join(x for x in (given, dp) if x)
    parts = [last, first] + ([suffix] if suffix else [])
    if not first and not suffix:
        return last + "," if " " in last else last
    return ", ".join(parts)


def _ris_date(value: Any) -> str:
    """``YYYY/MM/DD/other``: the start as RIS writes it, and EDTF as "other" where it says more."""
    parts, circa, season, literal = date_parts(value)
    if not parts:
        return f"///{literal}" if literal else ""
    start = parts[0] + [0, 0]
    y, m, d = start[0], start[1], start[2]
    if y <= 0:  # RIS years have four digits: a year BC is only in the EDTF part
        return "///" + edtf(value)
    text = f"{y:04d}/" + (f"{m:02d}" if m else "") + "/" + (f"{d:02d}" if m and d else "") + "/"
    if len(parts) > 1 or circa:
        text += edtf(value)
    elif season:
        text += SEASONS[season - 1]
    return text


def record_fields(item: Mapping[str, Any]) -> list[tuple[str, str]]:
    """The (tag, value) lines of an item's record, in the table's order, then the note lines for the
    variables RIS has no tag for."""
    csl_type = str(item.get("type") or "")
    ris_type = TYPES.get(csl_type, "GEN")
    out: list[tuple[str, str]] = [("TY", ris_type)]
    done: set[str] = {"id", "type"}

    def add(tag: str, value: str) -> None:
        value = one_line(value)
        if value:
            out.append((tag, value))

    for row in rows_for(csl_type):
        done.add(row.csl)
        if row.kind == "names":
            for name in names_of(item, row.csl):
                add(row.tag, _ris_name(name))
        elif row.kind == "pages":
            page = text_of(item, row.csl)
            if page:
                first, last = page_ends(page)
                add("SP", first)
                add("EP", last)
        elif row.kind == "date":
            if row.csl == "issued":
                parts = date_parts(item.get("issued"))[0]
                if parts and parts[0][0] > 0:
                    add("PY", str(parts[0][0]))
            add(row.tag, _ris_date(item.get(row.csl)))
        elif row.kind == "edtf":
            add(row.tag, edtf(item.get(row.csl)) or date_parts(item.get(row.csl))[3])
        elif row.kind == "keywords":
            for word in text_of(item, row.csl).split(","):
                add(row.tag, word)
        else:
            add(row.tag, text_of(item, row.csl))
    if READ_TYPES.get(ris_type) != csl_type and csl_type:
        add("N1", f"type: {csl_type}")
    from pactcli.csl.fields import DATE_FIELDS, NAME_FIELDS

    for var in item:
        if var in done or str(var).startswith("_") or var in ("categories", "custom"):
            continue
        if var in NAME_FIELDS:
            for name in names_of(item, var):
                add("N1", f"{var}: {_ris_name(name)}")
        elif var in DATE_FIELDS:
            value = edtf(item.get(var)) or date_parts(item.get(var))[3]
            if value:
                add("N1", f"{var}: {value}")
        else:
            value = text_of(item, var)
            if value:
                add("N1", f"{var}: {value}")
    add("ID", str(item.get("id") or ""))
    return out


def write(items: Iterable[Mapping[str, Any]]) -> str:
    """The items as an RIS file."""
    records = []
    for item in items:
        lines = [f"{tag}  - {value}" for tag, value in record_fields(item)]
        lines.append("ER  - ")
        records.append("\n".join(lines))
    return "\n\n".join(records) + ("\n" if records else "")


# ---------------------------------------------------------------------------- reading
_TAG_LINE = re.compile(r"^([A-Z][A-Z0-9])  -(?: (.*))?$")


def _records(text: str, origin: str, problems: list[Problem]) -> list[tuple[int, list[str]]]:
    """(line number of TY, lines) of each record; text outside records and records without ER reported."""
    records: list[tuple[int, list[str]]] = []
    current: list[str] | None = None
    start = 0
    for number, raw in enumerate(text.lstrip("\ufeff").splitlines(), start=1):
        line = raw.rstrip("\r")
        m = _TAG_LINE.match(line.rstrip())
        tag = m.group(1) if m else ""
        if current is None:
            if tag == "TY":
                current, start = [line], number
            elif line.strip():
                problems.append(
                    Problem(origin, number, "", "", "text outside a record (before TY); not read", "warning")
                )
            continue
        if tag == "TY":
            problems.append(
                Problem(origin, start, f"record at line {start}", "", "no ER before the next TY; not read")
            )
            current, start = [line], number
            continue
        current.append(line)
        if tag == "ER":
            records.append((start, current))
            current = None
    if current is not None:
        problems.append(
            Problem(origin, start, f"record at line {start}", "", "no ER at the end of the record; not read")
        )
    return records


def _parse_record(lines: list[str]) -> dict[str, list[str]]:
    import rispy

    mapping = {tag: tag for tag in SPEC_TAGS} | {"UK": "UK"}
    parser = rispy.RisParser(mapping=mapping, list_tags=sorted(SPEC_TAGS), delimiter_tags_mapping={})
    normalised = [re.sub(r"^([A-Z][A-Z0-9])  -$", r"\1  - ", line) for line in lines]
    parsed = parser.parse_lines(iter(normalised))
    record = parsed[0] if parsed else {}
    out: dict[str, list[str]] = {}
    for tag, value in record.items():
        if tag == "UK":
            for unknown, values in value.items():
                # None: a line without a tag right after TY (rispy joins other such lines to the tag before)
                out.setdefault("?" + (unknown or ""), []).extend(values)
        else:
            out[tag] = value if isinstance(value, list) else [value]
    return out


def _read_name(text: str) -> dict[str, str]:
    parts = [p.strip() for p in text.split(",")]
    if len(parts) == 1:
        return {"literal": parts[0]} if " " in parts[0] else {"family": parts[0]}
    name = split_particles(parts[0], parts[1])
    if not name.get("given"):
        name.pop("given", None)
    if len(parts) > 2 and parts[2]:
        name["suffix"] = ", ".join(parts[2:])
    return name


_SEASON_WORDS = {s.lower(): i for i, s in enumerate(SEASONS, start=1)} | {"fall": 3}


def _read_date(text: str) -> dict[str, Any]:
    """A RIS date (``YYYY/MM/DD/other``, ``YYYY``, or EDTF) as a CSL-JSON date; ValueError if none."""
    value = text.strip()
    if "/" in value and re.match(r"^\d{0,4}/\d{0,2}/\d{0,2}/", value):
        y, m, d, other = value.split("/", 3)
        if other.strip():
            try:
                return parse_edtf(other)
            except ValueError:
                season = _SEASON_WORDS.get(other.strip().lower())
                if season and y:
                    return {"date-parts": [[int(y)]], "season": season}
                if not y:
                    return {"literal": other.strip()}
                raise ValueError(f"date detail {other.strip()!r} is not a date CSL can hold") from None
        if not y:
            raise ValueError(f"no year in {value!r}")
        iso = y + (f"-{int(m):02d}" if m else "") + (f"-{int(d):02d}" if m and d else "")
        return parse_edtf(iso)
    return parse_edtf(value)


_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


def _month_day(text: str, year: int) -> list[int]:
    """[month] or [month, day] of "August 8", "8 August", "Aug.", "Aug 8" in ``year`` ([] if it is not one,
    or there is no year)."""
    import datetime as dt

    words = re.findall(r"[A-Za-z]+|\d+", text)
    months = [w for w in words if w[:3].lower() in _MONTHS and len(w) >= 3]
    days = [int(w) for w in words if w.isdigit()]
    if len(months) != 1 or len(days) > 1 or len(words) != len(months) + len(days):
        return []
    month = _MONTHS.index(months[0][:3].lower()) + 1
    if not year:
        return []
    if days:
        try:
            dt.date(year, month, days[0])
        except ValueError:
            return []
    return [month, *days]


def read(text: str, origin: str) -> ImportResult:
    """CSL-JSON items from an RIS file (``origin`` names it in problems)."""
    problems: list[Problem] = []
    variables = {v.lower(): v for v in all_variables()}
    items: list[dict[str, object]] = []
    seen: dict[str, int] = {}
    for number, (line, lines) in enumerate(_records(text, origin, problems), start=1):
        record = _parse_record(lines)
        label = f"record {number}"
        tag_lines: dict[str, int] = {}
        for offset, raw in enumerate(lines):
            m = _TAG_LINE.match(raw.rstrip())
            if m:
                tag_lines.setdefault(m.group(1), line + offset)

        def report(
            tag: str,
            message: str,
            severity: str = "warning",
            where: str = label,
            lines: dict[str, int] = tag_lines,
        ) -> None:
            problems.append(
                Problem(origin, lines.get(tag, min(lines.values())), where, tag, message, severity)
            )

        ris_type = (record.get("TY") or [""])[0].strip()
        csl_type = READ_TYPES.get(ris_type)
        if csl_type is None:
            report("TY", f"unknown RIS type {ris_type!r}; read as a document")
            csl_type = "document"
        notes: list[str] = []
        extra: dict[str, list[str]] = {}
        for note in record.get("N1", []):
            m = re.match(r"^([A-Za-z][A-Za-z_-]*): (.*)$", note)
            key = m.group(1) if m else ""
            if key == "type" and m and m.group(2).strip() in SOURCE_TYPES:
                csl_type = m.group(2).strip()
            elif m and key.lower() in variables and variables[key.lower()] != "note":
                extra.setdefault(variables[key.lower()], []).append(m.group(2).strip())
            else:
                notes.append(note)
        item: dict[str, object] = {"type": csl_type}
        by_tag: dict[str, list[Row]] = {}
        for row in rows_for(csl_type):
            by_tag.setdefault(row.tag, []).append(row)
        for tag, values in record.items():
            if tag in ("PY", "Y1") and "DA" in record:
                continue
            if tag == "?":
                report("TY", f"a line without a tag after TY: {values[0][:40]!r}; not imported")
                continue
            if tag.startswith("?"):
                report(tag[1:], f"unknown RIS tag {tag[1:]}; not imported")
                continue
            rows = by_tag.get(tag)
            if rows is None:
                var, kind = READ_ONLY.get(tag, (None, ""))
                if var is None:
                    report(tag, "no CSL variable for this tag; not imported")
                    continue
                if not var:
                    continue
                rows = [Row(var, tag, kind)]
            if tag == "N1":
                if notes:
                    item["note"] = " ".join(notes)
                continue
            _read_tag(item, rows, values, record, report)
        from pactcli.csl.fields import DATE_FIELDS, NAME_FIELDS

        for var, values in extra.items():
            if var in item:
                report("N1", f"a second value for {var}; not imported")
            elif var in NAME_FIELDS:
                item[var] = [_read_name(v) for v in values]
            elif var in DATE_FIELDS:
                try:
                    item[var] = parse_edtf(values[0])
                except ValueError as error:
                    report("N1", f"{var}: {error}; not imported", "error")
            else:
                item[var] = "; ".join(values)
        ident = (record.get("ID") or [""])[0].strip()
        if ident and ident in seen:
            report(
                "ID",
                f"ID {ident!r} is also the ID of an earlier record (line {seen[ident]}); not read",
                "error",
            )
            continue
        if ident:
            seen[ident] = tag_lines.get("ID", line)
        # the importer's kebab-case; no ID: "" (the importer names it after its first author, year and title)
        items.append({"id": kebab(ident), "_line": line, **item})
    problems.sort(key=lambda p: p.line_no)  # in input order
    return ImportResult(items, problems)


def _read_tag(
    item: dict[str, object],
    rows: list[Row],
    values: list[str],
    record: Mapping[str, list[str]],
    report: Any,
) -> None:
    row = rows[0]
    tag = row.tag
    cleaned = [one_line(v) for v in values if one_line(v)]
    if not cleaned:
        return
    if row.kind == "names":
        item.setdefault(row.csl, [])
        names = item[row.csl]
        assert isinstance(names, list)
        names.extend(_read_name(v) for v in cleaned)
        return
    if row.kind == "serial":
        for value in cleaned:
            var = "ISSN" if _ISSN_RE.match(value) else "ISBN"
            if var in item:
                report(tag, f"a second {var}; not imported")
            else:
                item[var] = value
        return
    if row.kind == "pages":
        end = (record.get("EP") or [""])[0].strip()
        item[row.csl] = f"{cleaned[0]}-{end}" if end else cleaned[0]
        return
    if row.kind == "keywords":
        item[row.csl] = ", ".join(cleaned)
        return
    var = row.csl
    if var == "container-title" and var in item and tag in ("JO", "JF", "JA", "J1", "BT"):
        var = "container-title-short"  # a second journal name is its abbreviation
    if var in item:
        report(tag, f"a second value for {var}; not imported")
        return
    if row.kind in ("date", "edtf"):
        try:
            item[var] = _read_date(cleaned[0])
        except ValueError as error:
            year = (record.get("PY") or [""])[0].strip()
            month_day = _month_day(cleaned[0], int(year) if re.fullmatch(r"\d{1,4}", year) else 0)
            season = _SEASON_WORDS.get(cleaned[0].strip().lower())
            if tag == "DA" and month_day:
                # EndNote writes the year in PY and "August 8" or "Aug" in DA
                item[var] = {"date-parts": [[int(year), *month_day]]}
            elif tag == "DA" and season and re.fullmatch(r"\d{1,4}", year):
                item[var] = {"date-parts": [[int(year)]], "season": season}
            elif tag == "DA" and record.get("PY"):
                report(tag, f"{error}; the year from PY is used", "warning")
                try:
                    item[var] = _read_date(record["PY"][0])
                except ValueError:
                    report("PY", f"not a year: {record['PY'][0]!r}; not imported", "error")
            else:
                report(tag, f"{error}; not imported", "error")
        return
    if len(cleaned) > 1:
        report(tag, f"{len(cleaned)} values; only the first is imported")
    item[var] = cleaned[0]
