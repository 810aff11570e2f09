"""Date ranges as citeproc-js writes them, on dates whose parts have affixes, delimiters and range delimiters
of their own (tests/data/csl/generate-date-ranges.js: npm citeproc 2.4.63, en-US, plain text), so that each
piece of the rule shows: the range's delimiter is that of the last date-part of the range as the date
prints its parts (the day's "@" in a month-and-day range, not the month's "+"); the end of the range
drops the prefix of its first part and of every part but its last (a range over year, month and day
prints "1945" and "8" without "[M"), and keeps the date's delimiter and every suffix."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from pactcli.csl import Processor

DATA = json.loads(
    (Path(__file__).parent / "data" / "csl" / "citeproc-js-date-ranges.json").read_text("utf-8")
)


def style(date: str) -> str:
    return (
        '<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">'
        "<info><id>x</id><title>x</title><updated>2020-01-01T00:00:00+00:00</updated></info>"
        '<citation><layout><text variable="title"/></layout></citation>'
        f"<bibliography><layout>{date}</layout></bibliography></style>"
    )


@pytest.mark.parametrize("case", DATA["cases"], ids=lambda case: str(DATA["cases"].index(case)))
def test_a_date_range_prints_as_citeproc_js_prints_it(case: dict[str, Any]) -> None:
    items = [
        {"id": f"i{n}", "type": "book", "title": "T", "issued": {"date-parts": dates}}
        for n, dates in enumerate(DATA["dates"])
    ]
    entries = Processor(style(case["date"]), items, output="text").bibliography_entries()
    assert [entry.strip() for entry in entries] == case["entries"]
