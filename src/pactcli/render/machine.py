"""Machine-readable and plain formats: JSON, JSON Lines, CSV, TSV, Markdown. Deterministic, escape-free."""

from __future__ import annotations

import csv
import io
import itertools
from collections.abc import Iterable, Iterator, Mapping, Sequence

from .safe import json_dumps, spreadsheet_cell, visible


def json_array(records: Sequence[Mapping[str, object]]) -> str:
    return json_dumps(list(records), indent=2)


def json_lines(records: Iterable[Mapping[str, object]]) -> Iterator[str]:
    for record in records:
        yield json_dumps(record)


def _flat(record: Mapping[str, object], zones: Sequence[str]) -> list[str]:
    sources = record.get("sources") or []
    assert isinstance(sources, list)
    times = record.get("times") or {}
    assert isinstance(times, dict)
    refs = "; ".join(f"{s['id']}" + (f" ({s['locator']})" if s.get("locator") else "") for s in sources)
    tags = record.get("tags") or []
    assert isinstance(tags, list)
    values = [
        record["id"],
        record["title"],
        record["start"],
        record["end"],
        record["precision"],
        record["start_utc"],
        record["end_utc"],
        record["zone"],
        *[times.get(zone) for zone in zones],
        record["place"],
        ";".join(str(t) for t in tags),
        refs,
        "yes" if record["disputed"] else "no",
    ]
    return ["" if v is None else str(v) for v in values]


def flat_header(zones: Sequence[str]) -> list[str]:
    return [
        "id",
        "title",
        "start",
        "end",
        "precision",
        "start_utc",
        "end_utc",
        "zone",
        *[f"time_{zone}" for zone in zones],
        "place",
        "tags",
        "sources",
        "disputed",
    ]


def delimited(records: Iterable[Mapping[str, object]], zones: Sequence[str], tab: bool) -> str:
    """CSV (RFC 4180) or TSV. Cells that a spreadsheet would run as formulas get a leading apostrophe."""
    return "".join(delimited_lines(records, zones, tab))


def delimited_lines(
    records: Iterable[Mapping[str, object]], zones: Sequence[str], tab: bool
) -> Iterator[str]:
    """:func:`delimited`, a line (with its line ending) at a time."""
    rows = itertools.chain([flat_header(zones)], (_flat(r, zones) for r in records))
    if tab:
        for row in rows:
            # TSV cannot quote: tabs and line breaks inside a value become visible escapes.
            yield "\t".join(spreadsheet_cell(visible(cell)) for cell in row) + "\n"
        return
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    for row in rows:
        writer.writerow([spreadsheet_cell(visible(cell, multiline=True)) for cell in row])
        yield out.getvalue()
        out.seek(0)
        out.truncate()


_MD_SPECIAL = str.maketrans({c: "\\" + c for c in "\\`*_{}[]<>()#+-.!|~"})


def markdown_table(records: Sequence[Mapping[str, object]], zones: Sequence[str]) -> str:
    """A GitHub-flavoured Markdown table; cell text is escaped so it cannot become markup or links."""
    header = ["When (local)", *zones, "Event", "Place", "Sources"]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for record in records:
        flat = _flat(record, zones)
        times = [flat[8 + i] for i in range(len(zones))]
        start = record["start"] or ""
        when = f"{start} – {record['end']}" if record["end"] else str(start)
        cells = [when, *times, flat[1], flat[8 + len(zones)], flat[10 + len(zones)]]
        lines.append("| " + " | ".join(visible(c).translate(_MD_SPECIAL) for c in cells) + " |")
    return "\n".join(lines) + "\n"
