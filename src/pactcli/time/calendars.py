"""Render a Gregorian civil date, possibly of reduced precision, in other calendars.

Calendars (see ``docs/calendars.md`` for the user-facing description):

* ``japanese``  -- era (gengō) + year, from 1873-01-01 (Japan's first Gregorian day) on.
* ``julian``    -- the Old Style date of the same day (proleptic Julian calendar), for any date.
* ``minguo``    -- Republic of China years (民國), from 1912-01-01 on.
* ``manchukuo`` -- Manchukuo's eras 大同 Datong and 康德 Kangde, 1932-03-01 to 1945-08-18.

A date is given as ``year`` with optional ``month`` and ``day``; a missing month or
day means reduced precision: the whole year or month is rendered as a span, showing
every era it touches and never inventing a day or month. The first year of an era is
written 元年 natively and ``Shōwa 1 (gannen)`` (Japanese) or ``Kangde 1 (yuannian)`` (Chinese
eras) in the Latin form.

Stdlib only, no I/O: safe to import from anywhere.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import NamedTuple

from pactcli.time.dates import days_in_month

__all__ = ["CALENDAR_NAMES", "CalendarDate", "render"]

CALENDAR_NAMES: tuple[str, ...] = ("japanese", "julian", "minguo", "manchukuo")


class CalendarDate(NamedTuple):
    """A date as written in one calendar."""

    calendar: str  # one of CALENDAR_NAMES
    native: str  # e.g. "昭和16年4月13日"
    latin: str  # e.g. "Shōwa 16-04-13"
    note: str | None  # e.g. "era changed on 25 December 1926", or None


class _Era(NamedTuple):
    start: date  # first Gregorian day of the era; the changeover day belongs to the new era
    native: str
    latin: str
    remark: str | None = None  # said on the era's first day only


class _EraCalendar(NamedTuple):
    eras: tuple[_Era, ...]  # sorted by start; each era runs until the next one starts
    first_year_word: str  # Latin gloss of 元年
    valid_from: date
    from_reason: str
    valid_until: date | None = None  # inclusive; None = still in use
    until_reason: str = ""


# Japanese eras (一世一元: one era per reign since 1868). Start days are those fixed by
# the instruments themselves; their texts were checked (2026) in transcriptions of the
# rescripts, on e-Gov's statute pages and on the National Archives of Japan's page for
# the Shōwa change (archives.go.jp, file 類01597):
#   明治  rescript of 明治元年9月8日, counted back to lunar 慶応4年1月1日 (= 1868-01-25). Only its
#         year number matters here (Meiji 1 = 1868): rendering starts in 1873.
#   大正  rescript "明治四十五年七月三十日以後ヲ改メテ大正元年ト為ス", itself dated 明治45年7月30日.
#   昭和  rescript "大正十五年十二月二十五日以後ヲ改メテ昭和元年ト為ス".
#   平成  元号を改める政令 (昭和64年政令第1号), promulgated 1989-01-07, in force from the next
#         day: 1989-01-08.
#   令和  元号を改める政令 (平成31年政令第143号), in force 2019-05-01, the day after the
#         abdication of 2019-04-30.
# Taishō and Shōwa began on the day their predecessor died, so that day is also found
# written in the old era (the Taishō rescript is an example); the remark says so.
# Before 1873 Japan used the lunisolar calendar: Dajōkan decree No. 337 of Meiji 5
# (改暦ノ布告, text on e-Gov) made lunar 明治5年12月3日 into 明治6年1月1日 = 1873-01-01. Earlier
# days would need lunar months and are not rendered.
_JAPANESE = _EraCalendar(
    eras=(
        _Era(date(1868, 1, 25), "明治", "Meiji"),
        _Era(date(1912, 7, 30), "大正", "Taishō", "same-day change: also written 明治45年7月30日"),
        _Era(date(1926, 12, 25), "昭和", "Shōwa", "same-day change: also written 大正15年12月25日"),
        _Era(date(1989, 1, 8), "平成", "Heisei"),
        _Era(date(2019, 5, 1), "令和", "Reiwa"),
    ),
    first_year_word="gannen",
    valid_from=date(1873, 1, 1),
    from_reason="Japan adopted the Gregorian calendar, lunar 明治5年12月3日 became 明治6年1月1日",
)

# Republic of China (民國紀元): year 1 = 1912, counted from the founding of the Republic on
# 1 January 1912; still in use in Taiwan, so it has no end.
_MINGUO = _EraCalendar(
    eras=(_Era(date(1912, 1, 1), "民國", "Minguo"),),
    first_year_word="yuannian",
    valid_from=date(1912, 1, 1),
    from_reason="founding of the Republic of China",
)

# Manchukuo's eras. 大同 was fixed by 満洲国政府佈告 No. 2 on the founding day, 1932-03-01;
# 康德 replaced it on 1934-03-01 (大同3年3月1日) with Puyi's enthronement (即位改元詔, JACAR
# Ref. C01002964100), 康德元年 = 1934. Checked: Japanese Wikipedia 大同 (満洲) and 康徳,
# the Hong Kong Chinese culture site chiculture.org.hk ("1 March 1932 to 18 August 1945").
# End: Puyi read the abdication rescript at Dalizigou at midnight 17/18 August 1945; the
# ceremony ended at 00:30 on the 18th, hence sources split between 17 and 18 August
# (Chinese Wikipedia 滿洲國皇帝退位詔書). We follow Japanese Wikipedia 康徳 ("1945年8月18日まで
# 使用"), chiculture.org.hk and the usual English date, and render 18 August as the last day.
_MANCHUKUO = _EraCalendar(
    eras=(
        _Era(date(1932, 3, 1), "大同", "Datong"),
        _Era(date(1934, 3, 1), "康德", "Kangde"),
    ),
    first_year_word="yuannian",
    valid_from=date(1932, 3, 1),
    from_reason="founding of Manchukuo, Datong era proclaimed",
    valid_until=date(1945, 8, 18),
    until_reason="Puyi's abdication at midnight 17/18 August 1945, which some sources date 17 August",
)

_ERA_CALENDARS: dict[str, _EraCalendar] = {
    "japanese": _JAPANESE,
    "minguo": _MINGUO,
    "manchukuo": _MANCHUKUO,
}

_MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
_JULIAN_MONTH_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def render(calendar: str, year: int, month: int | None = None, day: int | None = None) -> CalendarDate | None:
    """Render the Gregorian ``year[-month[-day]]`` in ``calendar``.

    ``month``/``day`` None means reduced precision (whole year, or whole month).
    Returns None when the calendar does not apply to any day of that span (before it
    existed / after it ended). Raises ValueError for an unknown calendar or an invalid
    Gregorian date.
    """
    if calendar not in CALENDAR_NAMES:
        raise ValueError(f"unknown calendar {calendar!r} (known: {', '.join(CALENDAR_NAMES)})")
    lo, hi = _gregorian_span(year, month, day)
    if calendar == "julian":
        return _render_julian(lo, hi)
    return _render_era(calendar, _ERA_CALENDARS[calendar], lo, hi, month=month, day=day)


def _gregorian_span(year: int, month: int | None, day: int | None) -> tuple[date, date]:
    """First and last day covered by the (possibly reduced-precision) date."""
    if day is not None and month is None:
        raise ValueError(f"invalid Gregorian date: day {day} given without a month")
    try:
        if month is None:
            return date(year, 1, 1), date(year, 12, 31)
        if day is None:
            first = date(year, month, 1)
            return first, first.replace(day=days_in_month(year, month))
        single = date(year, month, day)
        return single, single
    except ValueError:
        shown = "-".join(str(part) for part in (year, month, day) if part is not None)
        raise ValueError(f"invalid Gregorian date: {shown}") from None


def _long_date(d: date) -> str:
    # Locale-independent on purpose: strftime("%B") follows the process locale.
    return f"{d.day} {_MONTH_NAMES[d.month - 1]} {d.year}"


# --- era calendars ------------------------------------------------------------------


def _render_era(
    name: str, cal: _EraCalendar, lo: date, hi: date, *, month: int | None, day: int | None
) -> CalendarDate | None:
    start = max(lo, cal.valid_from)
    end = hi if cal.valid_until is None else min(hi, cal.valid_until)
    if start > end:
        return None

    # Eras overlapping [start, end]; a span never leaves its Gregorian year, so the era
    # year is the same for every day of a piece.
    pieces: list[_Era] = []
    for index, era in enumerate(cal.eras):
        next_start = cal.eras[index + 1].start if index + 1 < len(cal.eras) else None
        era_end = date.max if next_start is None else next_start - timedelta(days=1)
        if era.start <= end and era_end >= start:
            pieces.append(era)

    natives = []
    latins = []
    for era in pieces:
        number = lo.year - era.start.year + 1
        native = f"{era.native}{'元' if number == 1 else number}年"
        latin = f"{era.latin} {number}" + (f" ({cal.first_year_word})" if number == 1 else "")
        if month is not None:
            native += f"{month}月"
            latin += f"-{month:02d}"
        if day is not None:
            native += f"{day}日"
            latin += f"-{day:02d}"
        natives.append(native)
        latins.append(latin)

    notes: list[str] = []
    single_day = day is not None
    if lo <= cal.valid_from <= hi:
        if single_day:
            notes.append(f"first day: {cal.from_reason}")
        else:
            notes.append(f"from {_long_date(cal.valid_from)} ({cal.from_reason})")
    for index, era in enumerate(cal.eras):
        # An era start inside the span, other than the calendar's own first day.
        if index > 0 and lo <= era.start <= hi and era.start > cal.valid_from:
            note = f"era changed on {_long_date(era.start)}"
            if single_day and era.remark is not None:
                note += f"; {era.remark}"
            notes.append(note)
    if cal.valid_until is not None and lo <= cal.valid_until <= hi:
        if single_day:
            notes.append(f"last day: {cal.until_reason}")
        else:
            notes.append(f"until {_long_date(cal.valid_until)} ({cal.until_reason})")

    return CalendarDate(
        calendar=name,
        native="/".join(natives),
        latin="/".join(latins),
        note="; ".join(notes) if notes else None,
    )


# --- Julian ---------------------------------------------------------------------------

# date.toordinal() counts days from Gregorian 0001-01-01 = 1; that day is JDN 1721426.
_ORDINAL_TO_JDN = 1721425


def _julian_from_gregorian(d: date) -> tuple[int, int, int]:
    """Proleptic Julian (year, month, day) of the same day.

    Integer conversion from a Julian Day Number to a Julian calendar date, as given in
    Claus Tøndering's Calendar FAQ; the tests check it against convertdate over the
    whole range of datetime.date.
    """
    c = d.toordinal() + _ORDINAL_TO_JDN + 32082
    d4 = (4 * c + 3) // 1461
    e = c - (1461 * d4) // 4
    m = (5 * e + 2) // 153
    jday = e - (153 * m + 2) // 5 + 1
    jmonth = m + 3 - 12 * (m // 10)
    jyear = d4 - 4800 + m // 10
    return jyear, jmonth, jday


def _julian_month_days(year: int, month: int) -> int:
    # Julian rule: every fourth year is a leap year, with no century exception.
    if month == 2 and year % 4 == 0:
        return 29
    return _JULIAN_MONTH_DAYS[month - 1]


def _julian_iso(ymd: tuple[int, int, int]) -> str:
    return f"{ymd[0]:04d}-{ymd[1]:02d}-{ymd[2]:02d}"


def _render_julian(lo: date, hi: date) -> CalendarDate:
    first = _julian_from_gregorian(lo)
    last = _julian_from_gregorian(hi)
    if lo == hi:
        text = f"{_julian_iso(first)} O.S."
    elif first[1:] == (1, 1) and last[1:] == (12, 31) and first[0] == last[0]:
        # The span is exactly one O.S. year (offset 0, Gregorian years 201–299 only).
        text = f"{first[0]:04d} O.S."
    elif first[:2] == last[:2] and first[2] == 1 and last[2] == _julian_month_days(last[0], last[1]):
        text = f"{first[0]:04d}-{first[1]:02d} O.S."
    else:
        # The O.S. span does not match an O.S. month or year: show its ends, never a
        # rounded month.
        text = f"{_julian_iso(first)} – {_julian_iso(last)} O.S."
    return CalendarDate(calendar="julian", native=text, latin=text, note=None)
