"""CSL dates: reading CSL-JSON date values and rendering them with en-US terms.

Month names and the short forms ("Jan.", "Sept.") are the en-US locale's terms
(locales-en-US.xml, ``month-01`` … ``month-12``). A date keeps only the precision it has:
``[[1945]]`` renders "1945", ``[[1945, 4]]`` "April 1945". A range (two date-parts) renders
with an en dash, as citeproc-js does ("1941–1945").
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from pactcli.dates import MONTH_NAMES

MONTHS = list(MONTH_NAMES)
MONTHS_SHORT = [
    "Jan.",
    "Feb.",
    "Mar.",
    "Apr.",
    "May",
    "June",
    "July",
    "Aug.",
    "Sept.",
    "Oct.",
    "Nov.",
    "Dec.",
]
DASH = "\u2013"

Part = tuple[int, int, int]  # year, month (0 = none), day (0 = none)


@dataclass(frozen=True)
class CslDate:
    start: Part
    end: Part | None = None
    circa: bool = False
    literal: str = ""

    @property
    def year(self) -> int:
        return self.start[0]

    def sort_key(self) -> tuple[int, int, int, int, int, int]:
        e = self.end or (0, 0, 0)
        return (*self.start, *e)


def _int(v: Any) -> int:
    try:
        return int(str(v).strip())
    except (TypeError, ValueError):
        return 0


def parse(value: Any) -> CslDate | None:
    """A CSL-JSON date object (``{"date-parts": [[1945, 4, 16]], "circa": true}``)."""
    if not isinstance(value, Mapping):
        return None
    lit = value.get("literal")
    parts = value.get("date-parts")
    circa = bool(value.get("circa")) and str(value.get("circa")).lower() not in ("false", "0")
    if isinstance(parts, list) and parts and isinstance(parts[0], list) and parts[0]:

        def part(raw: list[Any]) -> Part:
            vals = [_int(x) for x in raw[:3]] + [0, 0, 0]
            y, m, d = vals[0], vals[1], vals[2]
            if not 1 <= m <= 12:
                m, d = 0, 0
            if not 1 <= d <= 31:
                d = 0
            return (y, m, d)

        start = part(parts[0])
        if start[0] == 0:
            return CslDate((0, 0, 0), None, circa, str(lit) if lit else "") if lit else None
        end = None
        if len(parts) > 1 and isinstance(parts[1], list) and parts[1] and _int(parts[1][0]):
            end = part(parts[1])
            if end == start:
                end = None
        return CslDate(start, end, circa)
    if isinstance(lit, str) and lit.strip():
        return CslDate((0, 0, 0), None, circa, lit.strip())
    return None


def _year(y: int) -> str:
    # CSL: negative years are BC ("44BC"), years 1–999 AD get "AD"
    if y < 0:
        return f"{-y}BC"
    if 0 < y < 1000:
        return f"{y}AD"
    return str(y)


def text_mdy(part: Part, *, month_short: bool = False) -> str:
    """en-US "text" form: "April 16, 1945", "April 1945", "1945"."""
    y, m, d = part
    months = MONTHS_SHORT if month_short else MONTHS
    if m and d:
        return f"{months[m - 1]} {d}, {_year(y)}"
    if m:
        return f"{months[m - 1]} {_year(y)}"
    return _year(y)


def text_dmy(part: Part, *, month_short: bool = True) -> str:
    """Day-month-year form, as MLA writes it: "16 Apr. 1945", "Apr. 1945"."""
    y, m, d = part
    months = MONTHS_SHORT if month_short else MONTHS
    if m and d:
        return f"{d} {months[m - 1]} {_year(y)}"
    if m:
        return f"{months[m - 1]} {_year(y)}"
    return _year(y)


def md(part: Part, *, month_short: bool = False) -> str:
    """Month and day without the year: "April 16", "April"."""
    _, m, d = part
    months = MONTHS_SHORT if month_short else MONTHS
    if m and d:
        return f"{months[m - 1]} {d}"
    if m:
        return months[m - 1]
    return ""


def render_range(date: CslDate, one: Any) -> str:
    """Render a date or a range with ``one(part)`` for each end (en dash between)."""
    if date.literal and not date.year:
        return date.literal
    if date.end is None:
        return str(one(date.start))
    return f"{one(date.start)}{DASH}{one(date.end)}"


def year_text(date: CslDate) -> str:
    if date.literal and not date.year:
        return date.literal
    if date.end and date.end[0] != date.start[0]:
        return f"{_year(date.start[0])}{DASH}{_year(date.end[0])}"
    return _year(date.start[0])
