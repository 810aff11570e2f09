"""Machine-readable and plain formats: JSON, JSON Lines, CSV, TSV, Markdown. Deterministic, escape-free."""

from __future__ import annotations

import csv
import io
import itertools
from collections.abc import Iterable, Iterator, Mapping, Sequence

from pactcli.render.safe import json_dumps, markdown_cell, spreadsheet_cell, visible


def json_array(records: Sequence[Mapping[str, object]]) -> str:
    return json_dumps(list(records), indent=2)


def json_lines(records: Iterable[Mapping[str, object]]) -> Iterator[str]:
    for record in records:
        yield json_dumps(record)


def _flat(record: Mapping[str, object], zones: Sequence[str], weekday: bool = False) -> list[str]:
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
        *([record.get("weekday")] if weekday else []),
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


def flat_header(zones: Sequence[str], weekday: bool = False) -> list[str]:
    return [
        "id",
        "title",
        "start",
        "end",
        "precision",
        *(["weekday"] if weekday else []),
        "start_utc",
        "end_utc",
        "zone",
        *[f"time_{zone}" for zone in zones],
        "place",
        "tags",
        "sources",
        "disputed",
    ]


def delimited(
    records: Iterable[Mapping[str, object]], zones: Sequence[str], tab: bool, weekday: bool = False
) -> str:
    """CSV (RFC 4180) or TSV. Cells that a spreadsheet would run as formulas get a leading apostrophe.

    ``weekday`` adds a ``weekday`` column after ``precision`` (``timeline --weekday``)."""
    return "".join(delimited_lines(records, zones, tab, weekday))


def delimited_lines(
    records: Iterable[Mapping[str, object]], zones: Sequence[str], tab: bool, weekday: bool = False
) -> Iterator[str]:
    """:func:`delimited`, a line (with its line ending) at a time."""
    rows = itertools.chain([flat_header(zones, weekday)], (_flat(r, zones, weekday) for r in records))
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


def _qualifier(raw: object) -> str:
    return raw[-1] if isinstance(raw, str) and raw[-1:] in ("~", "?", "%") else ""


def _local_when(record: Mapping[str, object]) -> str:
    """``1945-08-08T17:00:00+03:00``, ``1945-08-09T00:10:00+09:00~``, ``1939-05-11 – 1939-09-16``: each end in
    the event's own clock with the offset it uses, and its EDTF qualifier."""
    start = f"{record.get('start_local') or record['start'] or ''}{_qualifier(record['start'])}"
    if not record["end"]:
        return start
    return f"{start} – {record.get('end_local') or record['end']}{_qualifier(record['end'])}"


def markdown_table(
    records: Sequence[Mapping[str, object]], zones: Sequence[str], weekday: bool = False
) -> str:
    """A GitHub-flavoured Markdown table; each cell escaped only where Markdown would read it as syntax."""
    header = ["When (local)", *(["Weekday"] if weekday else []), *zones, "Event", "Place", "Sources"]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for record in records:
        flat = _flat(record, zones)
        times = [flat[8 + i] for i in range(len(zones))]
        day = [str(record.get("weekday") or "")] if weekday else []
        cells = [_local_when(record), *day, *times, flat[1], flat[8 + len(zones)], flat[10 + len(zones)]]
        lines.append("| " + " | ".join(markdown_cell(c) for c in cells) + " |")
    return "\n".join(lines) + "\n"
