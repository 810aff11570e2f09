"""CSL dates: reading CSL-JSON date values and rendering them with en-US terms.

Month names and the short forms ("Jan.", "Sept.") are the en-US locale's terms
(locales-en-US.xml, ``month-01`` … ``month-12``). A date keeps only the precision it has:
``[[1945]]`` renders "1945", ``[[1945, 4]]`` "April 1945". A range (two date-parts) renders
with an en dash, as citeproc-js does ("1941–1945").
"""

from __future__ import annotations

from typing import Any

from pactcli.csl_dates import SEASONS, CslDate, Part, read
from pactcli.dates import MONTH_NAMES

__all__ = [
    "DASH",
    "CslDate",
    "Part",
    "md",
    "month_day",
    "parse",
    "render_range",
    "season_name",
    "text_mdy",
    "year_text",
]

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


def parse(value: Any) -> CslDate | None:
    """A CSL-JSON date object (``{"date-parts": [[1945, 4, 16]], "circa": true}``), or None.

    The definition is :mod:`pactcli.csl_dates`; a range whose two ends are equal is one date.
    """
    date = read(value)
    if date is not None and date.end == date.start:
        return CslDate(date.start, None, date.circa, date.literal, date.season, date.season_text)
    return date


def season_name(date: CslDate) -> str:
    """The season the date names ("Spring"), or ""."""
    return date.season_text or (SEASONS[date.season - 1] if date.season else "")


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


def month_day(date: CslDate, *, month_short: bool = False) -> str:
    """Month and day without the year ("April 16", "April"), or the season ("Spring")."""
    return md(date.start, month_short=month_short) or (season_name(date) if not date.literal else "")


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
    """Render a date or a range with ``one(part)`` for each end (en dash between).

    A literal is shown as written; a season stands before the year ("Spring 1988"), as citeproc-js does.
    """
    if date.literal:
        return date.literal
    if date.end is None:
        season = season_name(date) if not date.start[1] else ""
        return f"{season} {one(date.start)}" if season else str(one(date.start))
    return f"{one(date.start)}{DASH}{one(date.end)}"


def year_text(date: CslDate) -> str:
    if date.literal and not date.year:
        return date.literal
    if date.end and date.end[0] != date.start[0]:
        return f"{_year(date.start[0])}{DASH}{_year(date.end[0])}"
    return _year(date.start[0])
