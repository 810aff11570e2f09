"""CSL dates: the one definition of what a source date may be, shared by validation, export and citations.

A ``[[sources]]`` date may be written in either of two ways (docs/store-format.md, *Source dates*):

* the store's own forms: a TOML date (``1945-04-16``) or a string ``"1945"``, ``"1945-04"``,
  ``"1945-04-16"``, ending in an EDTF qualifier ``~`` (approximate), ``?`` (uncertain) or ``%`` (both),
  or an interval ``"1941/1945"``; an EDTF season (``"1988-21"``, spring) is a season of that year;
* a CSL-JSON date object as Zotero, Better BibTeX and citeproc-js write it, as a TOML table:
  ``{ date-parts = [[1994, 5]] }``, with ranges (``[[1941], [1945, 8]]``), ``season`` (1-4 or a word),
  ``circa``, ``literal`` (text shown as is) and ``raw`` (a date string for the processor to read).

Three functions serve everyone:

* :func:`to_csl_json` turns any stored value into the CSL-JSON date object pactcli exports (raises
  :class:`CslDateError`, whose message is one line, for anything else): the validator calls it to check
  a value, the CSL conversion to convert it, so the two cannot disagree;
* :func:`parse` reads a stored value *or* a CSL-JSON date object into a :class:`CslDate` for formatting;
* :func:`read` is :func:`parse` for formatters fed arbitrary CSL-JSON: ``None`` instead of an error.

Numbers in ``date-parts`` may come as strings (Zotero writes ``[["1994", 5]]``); they are exported as
integers. Months 13-16 (citeproc-js) and 21-24 (EDTF) in ``date-parts`` are seasons. All three EDTF
qualifiers become ``circa``: CSL 1.0.2 has one flag for a date that is not certain (``circa``, which styles
test with ``is-uncertain-date`` and print "ca." or "[1945?]"), so ``?`` (uncertain) reaches it as ``~``
(approximate) and ``%`` (both) do. Open intervals (``"1941/.."``) cannot be written in CSL-JSON
and are refused; write ``literal`` instead.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Final

from pactcli.slotted import FrozenSlotted
from pactcli.time.dates import MONTH_NAMES, DateError, days_in_month, parse_edtf

__all__ = ["DATE_KEYS", "SEASONS", "CslDate", "CslDateError", "Part", "parse", "read", "to_csl_json"]

Part = tuple[int, int, int]
"""One end of a date: (year, month, day); 0 stands for an unknown month or day. Years may be negative (BC)."""

DATE_KEYS = ("date-parts", "season", "circa", "literal", "raw")
"""The keys of a CSL-JSON date object (CSL-JSON schema, csl-data.json ``date-variable``)."""

SEASONS = ("Spring", "Summer", "Autumn", "Winter")
"""The en-US locale's ``season-01`` … ``season-04`` terms."""


class CslDateError(DateError):
    """A source date that is neither a store date form nor a CSL-JSON date object; one-line message."""


class CslDate(FrozenSlotted):
    """A source date as the formatters need it.

    ``start`` and ``end`` (a range) keep the precision given; ``season`` is 1-4 (spring … winter) when
    the date names one; ``season_text`` is a season given as a word, to be shown as written;
    ``literal`` is text to show instead of a formatted date (also a ``raw`` value pactcli cannot read).
    A date with only a literal has ``start == (0, 0, 0)``.
    """

    __match_args__ = ("start", "end", "circa", "literal", "season", "season_text")
    __slots__ = __match_args__
    start: Final[Part]
    end: Final[Part | None]
    circa: Final[bool]
    literal: Final[str]
    season: Final[int]
    season_text: Final[str]

    def __init__(
        self,
        start: Part,
        end: Part | None = None,
        circa: bool = False,
        literal: str = "",
        season: int = 0,
        season_text: str = "",
    ) -> None:
        self.start = start
        self.end = end
        self.circa = circa
        self.literal = literal
        self.season = season
        self.season_text = season_text

    @property
    def year(self) -> int:
        return self.start[0]

    def sort_key(self) -> tuple[int, int, int, int, int, int]:
        e = self.end or (0, 0, 0)
        return (*self.start, *e)


# --- the store's string forms -------------------------------------------------------------------------

_SEASON = re.compile(r"^(\d{4})-(2[1-4])([~?%])?\Z", re.ASCII)


def _check_part(year: int, month: int, day: int, shown: str) -> None:
    if year == 0 or not -9999 <= year <= 9999:
        raise CslDateError(f"{shown}: year {year} is out of range (-9999 to 9999, no year 0)")
    if month and not 1 <= month <= 12:
        raise CslDateError(f"{shown}: month {month:02d} does not exist")
    if day:
        if not month:
            raise CslDateError(f"{shown}: a day needs a month")
        # Proleptic Gregorian; a year before 1 AD is read as its astronomical number (1 BC = 0, a leap year).
        last = days_in_month(year + 1 if year < 0 else year, month)
        if not 1 <= day <= last:
            raise CslDateError(
                f"{shown}: {MONTH_NAMES[month - 1]} {abs(year)} has no day {day} (it has {last} days)"
            )


def _edtf_side(text: str) -> tuple[Part, int, str]:
    """``YYYY[-MM[-DD]]`` or ``YYYY-SS`` (season 21-24) with a qualifier: (part, season, qualifier)."""
    season = _SEASON.match(text)
    if season is not None:
        return (int(season.group(1)), 0, 0), int(season.group(2)) - 20, season.group(3) or ""
    try:
        # The event dates' parser, so a source date and an event date are read (and refused) alike.
        when = parse_edtf(text)
    except DateError as exc:
        if "is not a date pactcli reads" not in str(exc):
            raise CslDateError(str(exc)) from None  # a day or month that does not exist, a bad year
        shown = text if len(text) <= 40 else text[:40] + "…"
        raise CslDateError(
            f"{shown!r} is not a source date (YYYY, YYYY-MM, YYYY-MM-DD, optionally ending in ~ ? or %, "
            'an interval "1941/1945", or a CSL date table { date-parts = [[1994, 5]] })'
        ) from None
    if when.time is not None:
        raise CslDateError("a source date has no time of day")
    return (when.year, when.month or 0, when.day or 0), 0, when.qualifier


def _from_string(text: str) -> CslDate:
    sides = text.split("/")
    if len(sides) > 2:
        raise CslDateError(f"{text!r}: an interval has two ends (1941/1945)")
    if any(side in ("", "..") for side in sides):
        raise CslDateError(f"{text!r}: CSL cannot express an open interval; write literal = {text!r} instead")
    parsed = [_edtf_side(side) for side in sides]
    # ~ approximate, ? uncertain, % both: CSL's circa is the one flag for any of them (is-uncertain-date).
    circa = any(q for _, _, q in parsed)
    start, season, _ = parsed[0]
    end = parsed[1][0] if len(parsed) == 2 else None
    if len(parsed) == 2 and (season or parsed[1][1]):
        raise CslDateError(f"{text!r}: a season cannot be one end of an interval")
    if end is not None:
        _check_order(start, end, repr(text))
    return CslDate(start, end, circa, season=season)


def _check_order(start: Part, end: Part, shown: str) -> None:
    def first(p: Part) -> tuple[int, int, int]:
        return (p[0], p[1] or 1, p[2] or 1)

    def last(p: Part) -> tuple[int, int, int]:
        return (p[0], p[1] or 12, p[2] or 31)

    if last(end) < first(start):
        raise CslDateError(f"{shown}: the range ends before it starts")


# --- CSL-JSON date objects ----------------------------------------------------------------------------


def _number(value: object, shown: str) -> int:
    if isinstance(value, bool):
        raise CslDateError(f"{shown} must hold numbers, not true/false")
    if isinstance(value, int):
        return value
    if isinstance(value, str) and re.fullmatch(r"\s*-?\d{1,4}\s*", value, re.ASCII):
        return int(value)
    raise CslDateError(f"{shown} must hold numbers, not {value!r}"[:120])


def _parts(value: object) -> tuple[Part, Part | None, int, list[list[int]]]:
    """(start, end, season, the date-parts as exported: numbers, no trailing zeros, season months kept)."""
    shown = "date-parts"
    if not isinstance(value, list) or not 1 <= len(value) <= 2:
        raise CslDateError(f"{shown} must be an array of one date (or two, a range), e.g. [[1994, 5]]")
    ends: list[Part] = []
    exported: list[list[int]] = []
    season = 0
    for raw in value:
        if not isinstance(raw, list) or not 1 <= len(raw) <= 3:
            raise CslDateError(f"{shown}: each date is [year], [year, month] or [year, month, day]")
        # An empty string or 0 is a missing month or day (as citeproc-js reads them); they are not exported.
        numbers = [0 if n == "" else _number(n, shown) for n in raw] + [0, 0]
        year, month, day = numbers[0], numbers[1], numbers[2]
        if (13 <= month <= 16 or 21 <= month <= 24) and not day:
            if len(value) == 2:
                raise CslDateError(f"{shown}: a season cannot be one end of a range")
            season = month - 12 if month <= 16 else month - 20
            _check_part(year, 0, 0, shown)
            ends.append((year, 0, 0))
            exported.append([year, month])
            continue
        _check_part(year, month, day, shown)
        ends.append((year, month, day))
        exported.append(_trim((year, month, day)))
    end = ends[1] if len(ends) == 2 else None
    if end is not None:
        _check_order(ends[0], end, shown)
    return ends[0], end, season, exported


def _circa(value: object) -> bool:
    # CSL-JSON allows a boolean, a number or a string here; citeproc-js reads any true-ish value.
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return value != 0
    if isinstance(value, str) and value.strip().lower() in ("", "0", "false", "1", "true"):
        return value.strip().lower() in ("1", "true")
    raise CslDateError("circa must be true or false")


def _from_table(value: Mapping[str, object]) -> tuple[CslDate, dict[str, object]]:
    """The date and its canonical CSL-JSON object."""
    unknown = [k for k in value if k not in DATE_KEYS]
    if unknown:
        raise CslDateError(f"unknown date key {str(unknown[0])[:40]!r} (expected {', '.join(DATE_KEYS)})")
    if not any(k in value for k in ("date-parts", "literal", "raw")):
        raise CslDateError("a date table needs date-parts, literal or raw")
    out: dict[str, object] = {}
    start: Part = (0, 0, 0)
    end: Part | None = None
    season = 0
    season_text = ""
    literal = ""
    if "date-parts" in value:
        start, end, season, out["date-parts"] = _parts(value["date-parts"])
    if "season" in value:
        given = value["season"]
        if isinstance(given, bool) or not isinstance(given, (int, str)):
            raise CslDateError("season must be 1-4 or a word such as Spring")
        if isinstance(given, int) or given.strip().isdigit():
            number = int(given)
            if not 1 <= number <= 4:
                raise CslDateError(f"season must be 1 (spring) to 4 (winter), not {number}")
            season = number
            out["season"] = given if isinstance(given, int) else given.strip()
        elif given.strip():
            word = given.strip()
            # A word is shown as written (as citeproc-js does: "Fall", "Michaelmas term"); a known one also
            # gives the season's number, for sorting.
            season, season_text = _SEASON_WORDS.get(word.lower(), 0), word
            out["season"] = word
        else:
            raise CslDateError("season is empty")
    if "circa" in value:
        circa = _circa(value["circa"])
        if circa:
            out["circa"] = True
    else:
        circa = False
    for key in ("literal", "raw"):
        if key in value:
            text = value[key]
            if not isinstance(text, str) or not text.strip():
                raise CslDateError(f"{key} must be a non-empty string")
            if "\n" in text:
                raise CslDateError(f"{key} must be one line")
            out[key] = text
    if isinstance(value.get("literal"), str):
        literal = str(value["literal"]).strip()
    if "raw" in value and "date-parts" not in value:
        raw = str(value["raw"]).strip()
        parsed = _read_raw(raw)
        if parsed is None:
            literal = literal or raw
        else:
            start, end = parsed.start, parsed.end
            season = season or parsed.season
            circa = circa or parsed.circa
    return CslDate(start, end, circa, literal, season, season_text), out


def _trim(part: Part) -> list[int]:
    year, month, day = part
    return [year, month, day] if day else [year, month] if month else [year]


_MONTH_WORDS = {name.lower(): n for n, name in enumerate(MONTH_NAMES, start=1)}
_MONTH_WORDS.update({name[:3].lower(): n for n, name in enumerate(MONTH_NAMES, start=1)})
_MONTH_WORDS["sept"] = 9
_SEASON_WORDS = {"spring": 1, "summer": 2, "autumn": 3, "fall": 3, "winter": 4}


def _read_raw(text: str) -> CslDate | None:
    """A ``raw`` date string: the store's forms, ``May 1988``, ``3 May 1988``, ``May 3, 1988``,
    ``Spring 1988``; ``None`` for anything else (it is then shown as it is written)."""
    try:
        return _from_string(text)
    except CslDateError:
        pass
    words = re.findall(r"[A-Za-z]+|\d+", text)
    if not re.fullmatch(r"[A-Za-z0-9 ,.\-]+", text) or not 2 <= len(words) <= 3 or not words[-1].isdigit():
        return None
    year = int(words[-1])
    if not 1 <= year <= 9999 or len(words[-1]) != 4:
        return None
    head = [w.lower() for w in words[:-1]]
    if len(head) == 1 and head[0] in _SEASON_WORDS:
        return CslDate((year, 0, 0), season=_SEASON_WORDS[head[0]])
    month = next((_MONTH_WORDS[w] for w in head if w in _MONTH_WORDS), 0)
    days = [int(w) for w in head if w.isdigit()]
    if not month or len(days) > 1 or len(head) != 1 + len(days):
        return None
    day = days[0] if days else 0
    try:
        _check_part(year, month, day, text)
    except CslDateError:
        return None
    return CslDate((year, month, day))


# --- the three entry points ---------------------------------------------------------------------------


def _convert(value: object) -> tuple[CslDate, dict[str, object]]:
    if isinstance(value, dt.datetime):
        raise CslDateError("a source date has no time of day")
    if isinstance(value, dt.date):
        part = (value.year, value.month, value.day)
        return CslDate(part), {"date-parts": [_trim(part)]}
    if isinstance(value, str):
        date = _from_string(value)
        out: dict[str, object] = {"date-parts": [_trim(date.start)] + ([_trim(date.end)] if date.end else [])}
        if date.season:
            out["season"] = date.season
        if date.circa:
            out["circa"] = True
        return date, out
    if isinstance(value, Mapping):
        return _from_table(value)
    kind = {bool: "a boolean", int: "an integer", float: "a number", list: "an array"}.get(
        type(value), type(value).__name__
    )
    hint = f'; write a year as a string, e.g. "{value}"' if type(value) is int else ""
    raise CslDateError(f"expected a date, got {kind}{hint}")


def to_csl_json(value: object) -> dict[str, object]:
    """The CSL-JSON date object for a stored source date; :class:`CslDateError` if it is not one.

    >>> to_csl_json("1945-04~")
    {'date-parts': [[1945, 4]], 'circa': True}
    >>> to_csl_json({"date-parts": [["1994"]], "season": "Spring"})
    {'date-parts': [[1994]], 'season': 'Spring'}
    """
    return _convert(value)[1]


def parse(value: object) -> CslDate:
    """A stored source date or a CSL-JSON date object as a :class:`CslDate` (else :class:`CslDateError`)."""
    return _convert(value)[0]


def read(value: object) -> CslDate | None:
    """Like :func:`parse`, but ``None`` for a value that is not a date (formatters skip such a date)."""
    try:
        return parse(value)
    except DateError:
        return None
