"""Dates: CSL-JSON date values (date-parts, ranges, seasons, circa, literal, raw) and the rendering of
``cs:date`` in localized and non-localized forms, with ranges collapsed on their largest differing part."""

from __future__ import annotations

import re
from typing import Any

from pactcli.csl.casing import unicode_lower
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
        parts, raw_circa = parsed
        circa = circa or raw_circa
    if season_field not in (None, "") and parts:
        season = _int(season_field)
        if season is None or not 1 <= season <= 4:
            # citeproc-js prints the season term for 1 to 4 only; any other value as written ("5", "13").
            word = str(season_field).strip()
            season = SEASONS.get(unicode_lower(word), 0)
            parts[0].season_text = word
        parts[0].season = season
    literal = str(value.get("literal") or "")
    if not parts and not literal:
        return None
    if len(parts) == 2 and parts[0] == parts[1]:
        parts = parts[:1]
    return DateValue(parts, circa, literal)


# citeproc-js's date parser (CSL.DateParser.parseDateToObject, citeproc 2.4.63), which reads a date's "raw"
# string: its English month words (any that contain "jan", "feb"... "dec", then "spr", "sum", "fal",
# "win" for the seasons), Japanese era and kanji dates, ranges on "-" or "/".
_RAW_MONTHS = [*MONTHS, "spr", "sum", "fal", "win"]
_YEAR_LAST = r"(?:[?0-9]{1,2}%D){0,2}[?0-9]{4}(?![0-9])"
_YEAR_FIRST = r"[?0-9]{4}(?:%D[?0-9]{1,2}){0,2}(?![0-9])"
_RAW_TOKEN = (
    "(" + "|".join([_YEAR_FIRST, _YEAR_LAST, r"[?0-9]{1,3}", r"[%R]", r"[?~]", r"[^\-\/\~\?0-9]+"]) + ")"
)
_RAW_DASH = _RAW_TOKEN.replace("%D", "-").replace("%R", "-")
_RAW_DASH_SLASH = _RAW_TOKEN.replace("%D", "-").replace("%R", "/")
_RAW_SLASH_DASH = _RAW_TOKEN.replace("%D", "/").replace("%R", "-")
_RAW_ELEMENT = r"^\s*([\-\/]|[^\-\/\~\?0-9]+|[\-~?0-9]+)\s*$"
_ERAS = {"明治": 1867, "大正": 1911, "昭和": 1925, "平成": 1988}
_ERA_YEAR = "(明治|大正|昭和|平成)([0-9]+)"


def _parse_raw(raw: str) -> tuple[list[DatePart], bool] | None:
    """A ``raw`` date string as citeproc-js reads it: the parts (two for a range) and whether it is
    uncertain ("~", "?", "c", "circa"; not "ca."); ``None`` where it finds no year (shown as written)."""
    found = _raw_fields(raw.strip())
    if found is None:
        return None
    fields, circa = found
    parts = []
    for suffix in ("", "_end") if "year_end" in fields else ("",):
        month = fields.get("month" + suffix)
        part = DatePart(fields["year" + suffix], month, fields.get("day" + suffix) if month else None)
        if month is not None and 13 <= month <= 16:
            part.season, part.month, part.day = month - 12, None, None
        season = fields.get("season" + suffix)
        if isinstance(season, str):
            part.season, part.season_text = 0, season
        parts.append(part)
    return parts, circa


def _raw_fields(text: str) -> tuple[dict[str, Any], bool] | None:
    txt = re.sub(r"^(.*[0-9])T[0-9].*", r"\1", text)
    negative = txt.startswith("-")
    if negative:
        txt = txt[1:]
    if re.fullmatch(r"[0-9]{1,3}", txt):
        txt = txt.rjust(4, "0")
    txt = re.sub(r"\s*[0-9]{2}:[0-9]{2}(?::[0-9]+)", "", txt, count=1)
    slash = dash = -1
    if "月" in txt or "年" in txt:
        txt = re.sub(r"\s+", "", txt).replace("日", "")
        txt = re.sub("[月年]", "-", txt).replace("\u301c", "/").replace("-/", "/")
        txt = re.sub(r"-$", "", txt)
        txt = re.sub(_ERA_YEAR, lambda m: str(_ERAS[m.group(1)] + int(m.group(2))), txt)
        txt = re.sub(r"\s*-\s*$", "", txt)
        txt = re.sub(r"\s*-\s*/", "/", txt, count=1)
        txt = re.sub(r"\.\s*$", "", txt)
        txt = re.sub(r"\.(?! )", "", txt, count=1)
        slash, dash = txt.find("/"), txt.find("-")
    txt = re.sub(r"([A-Za-z])\.", r"\1", txt)
    if txt[:1] == '"' and txt[-1:] == '"' and len(txt) > 1:
        return None
    if slash > -1 and dash > -1:
        if len(txt.split("/")) > 3:
            range_delim, date_delim, splitter = "-", "/", _RAW_SLASH_DASH
            txt = txt.replace("_", "-")
        else:
            range_delim, date_delim, splitter = "/", "-", _RAW_DASH_SLASH
            txt = txt.replace("_", "/")
    else:
        txt = txt.replace("/", "-").replace("_", "-")
        range_delim = date_delim = "-"
        splitter = _RAW_DASH
    elements = []
    for piece in re.split(splitter, txt):
        m = re.match(_RAW_ELEMENT, piece) if piece else None
        if m:
            elements.append(m.group(1))
    sides = [elements]
    if range_delim in elements:
        at = elements.index(range_delim)
        sides = [elements[:at], elements[at + 1 :]]
    fields: dict[str, Any] = {}
    circa = False
    number = ""
    note = ""
    for n, side in enumerate(sides):
        suffix = "_end" if n else ""
        for element in side:
            if date_delim in element:
                _numeric_date(fields, date_delim, suffix, element)
                continue
            if re.search(r"[0-9]{4}", element):
                fields["year" + suffix] = element.lstrip("0")
                continue
            if element in ("~", "?", "c") or element.startswith("cir"):
                circa = True
            low = unicode_lower(element)
            month = next((k for k, word in enumerate(_RAW_MONTHS) if word in low), None)
            if month is not None:
                fields["month" + suffix] = str(month + 1)
                continue
            if re.fullmatch(r"[0-9]+", element):
                number = element
            if low.startswith("bc") and number:
                fields["year" + suffix] = str(-int(number))
                number = ""
                continue
            if low.startswith("ad") and number:
                fields["year" + suffix] = number
                number = ""
                continue
            if re.search("mic|tri|hil|eas", low) and not fields.get("season" + suffix):
                note = element
                continue
        if number:
            fields["day" + suffix] = number
            number = ""
        if note and not fields.get("season" + suffix):
            fields["season" + suffix] = note.strip()
            note = ""
    if len(sides) > 1:
        for key in ("year", "month", "day"):
            if fields.get(key) and not fields.get(key + "_end"):
                fields[key + "_end"] = fields[key]
            elif not fields.get(key) and fields.get(key + "_end"):
                fields[key] = fields[key + "_end"]
    if not fields.get("year") or (fields.get("day") and not fields.get("month")):
        return None
    out: dict[str, Any] = {}
    for key, value in fields.items():
        if key.startswith("season"):
            out[key] = value
            continue
        number_value = _int(value)
        if number_value is None:
            return None  # "19??": no year to print
        out[key] = number_value
    if negative:
        out["year"] = -out["year"]
    if not out.get("year"):
        return None
    return out, circa


def _numeric_date(fields: dict[str, Any], delim: str, suffix: str, text: str) -> None:
    """citeproc-js's _parseNumericDate: the four-digit part is the year, then month and day (a first
    number over 12 is the day)."""
    pieces = text.split(delim)
    for i, piece in enumerate(pieces):
        if len(piece) == 4:
            fields["year" + suffix] = piece.lstrip("0")
            pieces = pieces[1:] if i == 0 else pieces[:i]
            break
    numbers = [_js_int(p) for p in pieces]
    if len(numbers) == 1 or (len(numbers) == 2 and not numbers[1]):
        if numbers[0]:
            fields["month" + suffix] = str(numbers[0])
    elif len(numbers) == 2:
        first, second = numbers
        month, day = (second, first) if first is not None and first > 12 else (first, second)
        if month:
            fields["month" + suffix] = str(month)
            if day:
                fields["day" + suffix] = str(day)


def _js_int(text: str) -> int | None:
    m = re.match(r"\s*([-+]?[0-9]+)", text)
    return int(m.group(1)) if m else None
