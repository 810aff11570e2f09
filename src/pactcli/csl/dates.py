"""Dates: CSL-JSON date values (date-parts, ranges, seasons, circa, literal, raw) and the rendering of
``cs:date`` in localized and non-localized forms, with ranges collapsed on their largest differing part."""

from __future__ import annotations

import re
from typing import Any

from pactcli.slotted import Slotted

MONTHS = [
    "jan",
    "feb",
    "mar",
    "apr",
    "may",
    "jun",
    "jul",
    "aug",
    "sep",
    "oct",
    "nov",
    "dec",
]
SEASONS = {"spring": 1, "summer": 2, "autumn": 3, "fall": 3, "winter": 4}


class DatePart(Slotted):
    __match_args__ = ("year", "month", "day", "season", "open_end", "season_text")
    __slots__ = __match_args__

    def __init__(
        self,
        year: int | None = None,
        month: int | None = None,
        day: int | None = None,
        season: int | None = None,
        open_end: bool = False,
        # A season given as a word ("Michaelmas term", "winter"): shown as written, as pactcli.csl.json_dates
        # says.
        season_text: str = "",
    ) -> None:
        self.year = year
        self.month = month
        self.day = day
        self.season = season
        self.open_end = open_end
        self.season_text = season_text


class DateValue(Slotted):
    __match_args__ = ("parts", "circa", "literal")
    __slots__ = __match_args__

    def __init__(self, parts: list[DatePart], circa: bool = False, literal: str = "") -> None:
        self.parts = parts
        self.circa = circa
        self.literal = literal

    @property
    def is_range(self) -> bool:
        return len(self.parts) > 1

    def sort_key(self, end: bool = False) -> str:
        if self.literal and not self.parts:
            return ""
        part = self.parts[-1] if end and len(self.parts) > 1 else self.parts[0]
        year = part.year if part.year is not None else 0
        sign = "0" if year < 0 else "1"
        y = abs(year)
        if year < 0:
            y = 99999 - y
        return f"{sign}{y:05d}{(part.month or 0):02d}{(part.day or 0):02d}"


def _int(value: Any) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    try:
        return int(str(value).strip())
    except ValueError:
        return None


def parse_date(value: Any) -> DateValue | None:
    """A CSL-JSON date (a dict, or a string read as ``raw``) as a :class:`DateValue`; ``None`` if empty."""
    if value is None:
        return None
    if isinstance(value, str):
        value = {"raw": value}
    if not isinstance(value, dict):
        return None
    circa = bool(value.get("circa"))
    season_field = value.get("season")
    parts: list[DatePart] = []
    raw_parts = value.get("date-parts")
    if isinstance(raw_parts, list):
        for raw in raw_parts[:2]:
            if not isinstance(raw, list) or not raw:
                continue
            year = _int(raw[0]) if len(raw) > 0 else None
            month = _int(raw[1]) if len(raw) > 1 else None
            day = _int(raw[2]) if len(raw) > 2 else None
            if year is None and month is None:
                continue
            part = DatePart(year, month, day)
            if month is not None and 13 <= month <= 24:
                # 13-16 and 21-24 are the seasons; citeproc-js wraps 17-20 round them too.
                part.season = (month - 13) % 4 + 1 if month <= 20 else month - 20
                part.month = None
                part.day = None
            if parts and year == 0 and not month and not day:
                # [[1987], [0]]: an open range, "1987–".
                part = DatePart(None, None, None, None, True)
            parts.append(part)
    if not parts and value.get("raw"):
        parsed = _parse_raw(str(value["raw"]))
        if parsed is None:
            return DateValue([], circa, str(value["raw"]))
        parts = parsed
    if season_field not in (None, "") and parts:
        season = _int(season_field)
        if season is None:
            word = str(season_field).strip()
            season = SEASONS.get(word.lower(), 0)
            parts[0].season_text = word
        if season is not None:
            parts[0].season = season if season <= 4 else season - 12
    literal = str(value.get("literal") or "")
    if not parts and not literal:
        return None
    if len(parts) == 2 and parts[0] == parts[1]:
        parts = parts[:1]
    return DateValue(parts, circa, literal)


def _parse_raw(raw: str) -> list[DatePart] | None:
    text = raw.strip()
    for sep in ("/", " - ", "\u2013"):
        if sep in text:
            pieces = [p.strip() for p in text.split(sep, 1)]
            first = _parse_one(pieces[0])
            second = _parse_one(pieces[1])
            if first and second:
                if second.year is None:
                    second.year = first.year
                return [first, second]
    one = _parse_one(text)
    return [one] if one else None


def _parse_one(text: str) -> DatePart | None:
    m = re.fullmatch(r"(-?\d{1,4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?", text)
    if m:
        return DatePart(int(m.group(1)), _int(m.group(2)), _int(m.group(3)))
    words = re.findall(r"[A-Za-z]+|\d+", text)
    year = month = day = None
    season = None
    for word in words:
        low = word.lower()
        if word.isdigit():
            if len(word) >= 3 or (year is None and day is not None):
                year = int(word)
            elif day is None:
                day = int(word)
            else:
                year = int(word)
        elif low[:3] in MONTHS:
            month = MONTHS.index(low[:3]) + 1
        elif low in SEASONS:
            season = SEASONS[low]
        else:
            return None
    if year is None:
        return None
    return DatePart(year, month, day if month else None, season)
