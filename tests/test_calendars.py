"""Tests for pactcli.time.calendars.

Exact strings for the changeover days and reduced-precision spans (worked out by hand
from the era tables in the brief and the cited instruments), convertdate as an
independent oracle for the Julian calendar, japanera (if installed) for Japanese era
years, and property tests for the era-year arithmetic.
"""

from __future__ import annotations

import re
from calendar import monthrange
from datetime import date

import pytest
from convertdate import julian as cd_julian
from hypothesis import given, settings
from hypothesis import strategies as st

from pactcli.time.calendars import CALENDAR_NAMES, CalendarDate, render

SHOWA_CHANGE = "era changed on 25 December 1926"
MANCHUKUO_FROM = "from 1 March 1932 (founding of Manchukuo, Datong era proclaimed)"
MANCHUKUO_UNTIL_REASON = "Puyi's abdication at midnight 17/18 August 1945, which some sources date 17 August"
MANCHUKUO_UNTIL = f"until 18 August 1945 ({MANCHUKUO_UNTIL_REASON})"
JAPAN_FROM_REASON = "Japan adopted the Gregorian calendar, lunar 明治5年12月3日 became 明治6年1月1日"

# (calendar, year, month, day, native, latin, note)
EXACT: list[tuple[str, int, int | None, int | None, str, str, str | None]] = [
    # --- japanese: every changeover day and the day before it
    ("japanese", 1912, 7, 29, "明治45年7月29日", "Meiji 45-07-29", None),
    (
        "japanese", 1912, 7, 30, "大正元年7月30日", "Taishō 1 (gannen)-07-30",
        "era changed on 30 July 1912; same-day change: also written 明治45年7月30日",
    ),
    ("japanese", 1926, 12, 24, "大正15年12月24日", "Taishō 15-12-24", None),
    (
        "japanese", 1926, 12, 25, "昭和元年12月25日", "Shōwa 1 (gannen)-12-25",
        SHOWA_CHANGE + "; same-day change: also written 大正15年12月25日",
    ),
    ("japanese", 1926, 12, 31, "昭和元年12月31日", "Shōwa 1 (gannen)-12-31", None),
    ("japanese", 1927, 1, 1, "昭和2年1月1日", "Shōwa 2-01-01", None),
    ("japanese", 1989, 1, 7, "昭和64年1月7日", "Shōwa 64-01-07", None),
    ("japanese", 1989, 1, 8, "平成元年1月8日", "Heisei 1 (gannen)-01-08", "era changed on 8 January 1989"),
    ("japanese", 2019, 4, 30, "平成31年4月30日", "Heisei 31-04-30", None),
    ("japanese", 2019, 5, 1, "令和元年5月1日", "Reiwa 1 (gannen)-05-01", "era changed on 1 May 2019"),
    ("japanese", 1873, 1, 1, "明治6年1月1日", "Meiji 6-01-01", f"first day: {JAPAN_FROM_REASON}"),
    ("japanese", 1941, 4, 13, "昭和16年4月13日", "Shōwa 16-04-13", None),
    ("japanese", 1945, 8, 15, "昭和20年8月15日", "Shōwa 20-08-15", None),
    # --- japanese: reduced precision
    ("japanese", 1941, None, None, "昭和16年", "Shōwa 16", None),
    ("japanese", 1942, 7, None, "昭和17年7月", "Shōwa 17-07", None),
    ("japanese", 1926, None, None, "大正15年/昭和元年", "Taishō 15/Shōwa 1 (gannen)", SHOWA_CHANGE),
    (
        "japanese", 1926, 12, None, "大正15年12月/昭和元年12月", "Taishō 15-12/Shōwa 1 (gannen)-12",
        SHOWA_CHANGE,
    ),
    ("japanese", 1926, 11, None, "大正15年11月", "Taishō 15-11", None),
    ("japanese", 1927, None, None, "昭和2年", "Shōwa 2", None),
    (
        "japanese", 1912, None, None, "明治45年/大正元年", "Meiji 45/Taishō 1 (gannen)",
        "era changed on 30 July 1912",
    ),
    (
        "japanese", 1912, 7, None, "明治45年7月/大正元年7月", "Meiji 45-07/Taishō 1 (gannen)-07",
        "era changed on 30 July 1912",
    ),
    ("japanese", 1912, 8, None, "大正元年8月", "Taishō 1 (gannen)-08", None),
    (
        "japanese", 1989, 1, None, "昭和64年1月/平成元年1月", "Shōwa 64-01/Heisei 1 (gannen)-01",
        "era changed on 8 January 1989",
    ),
    (
        "japanese", 2019, None, None, "平成31年/令和元年", "Heisei 31/Reiwa 1 (gannen)",
        "era changed on 1 May 2019",
    ),
    ("japanese", 2019, 4, None, "平成31年4月", "Heisei 31-04", None),
    # The month starts on the changeover day: one era, but the change is still worth saying.
    ("japanese", 2019, 5, None, "令和元年5月", "Reiwa 1 (gannen)-05", "era changed on 1 May 2019"),
    ("japanese", 1873, None, None, "明治6年", "Meiji 6", f"from 1 January 1873 ({JAPAN_FROM_REASON})"),
    # --- julian
    ("julian", 1918, 2, 14, "1918-02-01 O.S.", "1918-02-01 O.S.", None),
    ("julian", 1918, 2, 13, "1918-01-31 O.S.", "1918-01-31 O.S.", None),
    ("julian", 1918, 2, 1, "1918-01-19 O.S.", "1918-01-19 O.S.", None),
    ("julian", 1900, 3, 13, "1900-02-29 O.S.", "1900-02-29 O.S.", None),
    ("julian", 1900, 3, 12, "1900-02-28 O.S.", "1900-02-28 O.S.", None),
    ("julian", 1900, 3, 14, "1900-03-01 O.S.", "1900-03-01 O.S.", None),
    ("julian", 1900, 2, 28, "1900-02-16 O.S.", "1900-02-16 O.S.", None),  # offset still 12 days
    ("julian", 1941, 4, 13, "1941-03-31 O.S.", "1941-03-31 O.S.", None),
    ("julian", 1582, 10, 15, "1582-10-05 O.S.", "1582-10-05 O.S.", None),  # first Gregorian day
    ("julian", 1941, None, None, "1940-12-19 – 1941-12-18 O.S.", "1940-12-19 – 1941-12-18 O.S.", None),
    ("julian", 1941, 4, None, "1941-03-19 – 1941-04-17 O.S.", "1941-03-19 – 1941-04-17 O.S.", None),
    ("julian", 1918, 2, None, "1918-01-19 – 1918-02-15 O.S.", "1918-01-19 – 1918-02-15 O.S.", None),
    ("julian", 1900, None, None, "1899-12-20 – 1900-12-18 O.S.", "1899-12-20 – 1900-12-18 O.S.", None),
    ("julian", 1900, 3, None, "1900-02-17 – 1900-03-18 O.S.", "1900-02-17 – 1900-03-18 O.S.", None),
    # 200-03-01 .. 300-02-28: both calendars agree, so whole O.S. years and months appear.
    ("julian", 250, None, None, "0250 O.S.", "0250 O.S.", None),
    ("julian", 248, 2, None, "0248-02 O.S.", "0248-02 O.S.", None),
    ("julian", 200, None, None, "0200-01-02 – 0200-12-31 O.S.", "0200-01-02 – 0200-12-31 O.S.", None),
    ("julian", 1, 1, 1, "0001-01-03 O.S.", "0001-01-03 O.S.", None),
    # --- minguo
    (
        "minguo", 1912, 1, 1, "民國元年1月1日", "Minguo 1 (yuannian)-01-01",
        "first day: founding of the Republic of China",
    ),
    ("minguo", 1912, 12, 31, "民國元年12月31日", "Minguo 1 (yuannian)-12-31", None),
    ("minguo", 1913, 1, 1, "民國2年1月1日", "Minguo 2-01-01", None),
    ("minguo", 1941, 4, 13, "民國30年4月13日", "Minguo 30-04-13", None),
    (
        "minguo", 1912, None, None, "民國元年", "Minguo 1 (yuannian)",
        "from 1 January 1912 (founding of the Republic of China)",
    ),
    ("minguo", 1945, 8, None, "民國34年8月", "Minguo 34-08", None),
    # --- manchukuo
    (
        "manchukuo", 1932, 3, 1, "大同元年3月1日", "Datong 1 (yuannian)-03-01",
        "first day: founding of Manchukuo, Datong era proclaimed",
    ),
    ("manchukuo", 1934, 2, 28, "大同3年2月28日", "Datong 3-02-28", None),
    ("manchukuo", 1934, 3, 1, "康德元年3月1日", "Kangde 1 (yuannian)-03-01", "era changed on 1 March 1934"),
    ("manchukuo", 1941, 4, 13, "康德8年4月13日", "Kangde 8-04-13", None),
    ("manchukuo", 1945, 8, 17, "康德12年8月17日", "Kangde 12-08-17", None),
    ("manchukuo", 1945, 8, 18, "康德12年8月18日", "Kangde 12-08-18", f"last day: {MANCHUKUO_UNTIL_REASON}"),
    ("manchukuo", 1932, None, None, "大同元年", "Datong 1 (yuannian)", MANCHUKUO_FROM),
    ("manchukuo", 1932, 3, None, "大同元年3月", "Datong 1 (yuannian)-03", MANCHUKUO_FROM),
    ("manchukuo", 1932, 4, None, "大同元年4月", "Datong 1 (yuannian)-04", None),
    (
        "manchukuo", 1934, None, None, "大同3年/康德元年", "Datong 3/Kangde 1 (yuannian)",
        "era changed on 1 March 1934",
    ),
    ("manchukuo", 1934, 2, None, "大同3年2月", "Datong 3-02", None),
    ("manchukuo", 1934, 3, None, "康德元年3月", "Kangde 1 (yuannian)-03", "era changed on 1 March 1934"),
    ("manchukuo", 1942, 7, None, "康德9年7月", "Kangde 9-07", None),
    ("manchukuo", 1945, None, None, "康德12年", "Kangde 12", MANCHUKUO_UNTIL),
    ("manchukuo", 1945, 8, None, "康德12年8月", "Kangde 12-08", MANCHUKUO_UNTIL),
]  # fmt: skip


@pytest.mark.parametrize(("calendar", "year", "month", "day", "native", "latin", "note"), EXACT)
def test_exact(
    calendar: str, year: int, month: int | None, day: int | None, native: str, latin: str, note: str | None
) -> None:
    assert render(calendar, year, month, day) == CalendarDate(calendar, native, latin, note)


KNOWN = "(known: japanese, julian, minguo, manchukuo)"

NOT_APPLICABLE: list[tuple[str, int, int | None, int | None]] = [
    ("japanese", 1872, 12, 31),  # lunar 明治5年12月2日: the last lunisolar day
    ("japanese", 1872, 12, None),
    ("japanese", 1872, None, None),
    ("japanese", 1868, 10, 23),
    ("minguo", 1911, 12, 31),
    ("minguo", 1911, None, None),
    ("manchukuo", 1932, 2, 29),
    ("manchukuo", 1932, 2, None),
    ("manchukuo", 1931, None, None),
    ("manchukuo", 1945, 8, 19),
    ("manchukuo", 1945, 9, None),
    ("manchukuo", 1946, None, None),
]


@pytest.mark.parametrize(("calendar", "year", "month", "day"), NOT_APPLICABLE)
def test_not_applicable(calendar: str, year: int, month: int | None, day: int | None) -> None:
    assert render(calendar, year, month, day) is None


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("gregorian", 1941, 4, 13), f"unknown calendar 'gregorian' {KNOWN}"),
        (("Japanese", 1941), f"unknown calendar 'Japanese' {KNOWN}"),
        (("bad\nname", 1941), f"unknown calendar 'bad\\nname' {KNOWN}"),
        (("julian", 1900, 2, 29), "invalid Gregorian date: 1900-2-29"),
        (("japanese", 1941, 4, 31), "invalid Gregorian date: 1941-4-31"),
        (("japanese", 1941, 13), "invalid Gregorian date: 1941-13"),
        (("minguo", 1941, 0), "invalid Gregorian date: 1941-0"),
        (("julian", 0), "invalid Gregorian date: 0"),
        (("julian", 10000), "invalid Gregorian date: 10000"),
        (("japanese", 1941, None, 13), "invalid Gregorian date: day 13 given without a month"),
    ],
)
def test_errors(args: tuple[str, int, int | None, int | None], message: str) -> None:
    with pytest.raises(ValueError, match=r"\A[^\n]*\Z") as caught:
        render(*args)
    assert str(caught.value) == message


def test_public_surface() -> None:
    assert CALENDAR_NAMES == ("japanese", "julian", "minguo", "manchukuo")
    result = render("julian", 1941, 4, 13)
    assert result is not None
    with pytest.raises(AttributeError):  # immutable
        result.native = "x"  # type: ignore[misc]


# --- Julian against convertdate ------------------------------------------------------


def _cd_julian(d: date) -> tuple[int, int, int]:
    y, m, dd = cd_julian.from_gregorian(d.year, d.month, d.day)
    return int(y), int(m), int(dd)


@settings(max_examples=3000, deadline=None)
@given(st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)))
def test_julian_day_matches_convertdate(d: date) -> None:
    y, m, dd = _cd_julian(d)
    expected = f"{y:04d}-{m:02d}-{dd:02d} O.S."
    assert render("julian", d.year, d.month, d.day) == CalendarDate("julian", expected, expected, None)


@settings(max_examples=1000, deadline=None)
@given(st.integers(1, 9999), st.one_of(st.none(), st.integers(1, 12)))
def test_julian_span_matches_convertdate(year: int, month: int | None) -> None:
    if month is None:
        first, last = date(year, 1, 1), date(year, 12, 31)
    else:
        first, last = date(year, month, 1), date(year, month, monthrange(year, month)[1])
    jf, jl = _cd_julian(first), _cd_julian(last)
    result = render("julian", year, month)
    assert result is not None
    assert result.latin == result.native
    whole_year = jf[0] == jl[0] and jf[1:] == (1, 1) and jl[1:] == (12, 31)
    whole_month = jf[:2] == jl[:2] and jf[2] == 1 and jl[2] == cd_julian.month_length(jl[0], jl[1])
    if whole_year:
        assert result.native == f"{jf[0]:04d} O.S."
    elif whole_month:
        assert result.native == f"{jf[0]:04d}-{jf[1]:02d} O.S."
    else:
        assert result.native == (
            f"{jf[0]:04d}-{jf[1]:02d}-{jf[2]:02d} – {jl[0]:04d}-{jl[1]:02d}-{jl[2]:02d} O.S."
        )


# --- era-year arithmetic -------------------------------------------------------------

# Offsets (era year = Gregorian year - offset) and start days written out from the brief,
# independently of the module's tables.
JAPANESE_ERAS = [  # (first day, kanji, latin, offset)
    (date(1873, 1, 1), "明治", "Meiji", 1867),
    (date(1912, 7, 30), "大正", "Taishō", 1911),
    (date(1926, 12, 25), "昭和", "Shōwa", 1925),
    (date(1989, 1, 8), "平成", "Heisei", 1988),
    (date(2019, 5, 1), "令和", "Reiwa", 2018),
]
MANCHUKUO_ERAS = [
    (date(1932, 3, 1), "大同", "Datong", 1931),
    (date(1934, 3, 1), "康德", "Kangde", 1933),
]
NATIVE_DAY = re.compile(r"\A(?P<era>\D+?)(?P<year>元|[1-9]\d*)年(?P<month>\d+)月(?P<day>\d+)日\Z")
LATIN_DAY = re.compile(r"\A(?P<era>\S+) (?P<year>[1-9]\d*)(?: \((?:gannen|yuannian)\))?-(?P<md>\d\d-\d\d)\Z")


def _expected_era(eras: list[tuple[date, str, str, int]], d: date) -> tuple[str, str, int]:
    _, kanji, latin, offset = [era for era in eras if era[0] <= d][-1]
    return kanji, latin, d.year - offset


def _check_era_day(calendar: str, d: date, kanji: str, latin: str, number: int) -> None:
    result = render(calendar, d.year, d.month, d.day)
    assert result is not None
    native = NATIVE_DAY.match(result.native)
    assert native is not None, result.native
    assert native["era"] == kanji
    assert native["year"] == ("元" if number == 1 else str(number))
    assert (int(native["month"]), int(native["day"])) == (d.month, d.day)
    roman = LATIN_DAY.match(result.latin)
    assert roman is not None, result.latin
    assert (roman["era"], int(roman["year"]), roman["md"]) == (latin, number, f"{d.month:02d}-{d.day:02d}")
    assert ("(" in result.latin) == (number == 1)


@settings(max_examples=1500, deadline=None)
@given(st.dates(min_value=date(1873, 1, 1), max_value=date(2200, 12, 31)))
def test_japanese_era_year(d: date) -> None:
    _check_era_day("japanese", d, *_expected_era(JAPANESE_ERAS, d))


@settings(max_examples=500, deadline=None)
@given(st.dates(min_value=date(1926, 12, 25), max_value=date(1989, 1, 7)))
def test_showa_year_is_gregorian_minus_1925(d: date) -> None:
    result = render("japanese", d.year, d.month, d.day)
    assert result is not None
    expected = "元" if d.year == 1926 else str(d.year - 1925)
    assert result.native == f"昭和{expected}年{d.month}月{d.day}日"


@settings(max_examples=500, deadline=None)
@given(st.dates(min_value=date(1912, 1, 1), max_value=date(9999, 12, 31)))
def test_minguo_year(d: date) -> None:
    _check_era_day("minguo", d, "民國", "Minguo", d.year - 1911)


@settings(max_examples=1000, deadline=None)
@given(st.dates(min_value=date(1932, 3, 1), max_value=date(1945, 8, 18)))
def test_manchukuo_year(d: date) -> None:
    _check_era_day("manchukuo", d, *_expected_era(MANCHUKUO_ERAS, d))


@settings(max_examples=500, deadline=None)
@given(st.one_of(st.dates(max_value=date(1932, 2, 29)), st.dates(min_value=date(1945, 8, 19))))
def test_manchukuo_outside(d: date) -> None:
    assert render("manchukuo", d.year, d.month, d.day) is None


@settings(max_examples=300, deadline=None)
@given(st.dates(max_value=date(1872, 12, 31)))
def test_japanese_before_1873(d: date) -> None:
    assert render("japanese", d.year, d.month, d.day) is None
    assert render("japanese", d.year, d.month) is None
    assert render("japanese", d.year) is None


@settings(max_examples=1500, deadline=None)
@given(st.sampled_from(["japanese", "minguo", "manchukuo"]), st.dates(min_value=date(1860, 1, 1)))
def test_reduced_precision_contains_the_day(calendar: str, d: date) -> None:
    """The day's era year is one of those shown for its month and year; nothing is invented."""
    as_day = render(calendar, d.year, d.month, d.day)
    as_month = render(calendar, d.year, d.month)
    as_year = render(calendar, d.year)
    if as_day is None:
        return
    assert as_month is not None
    assert as_year is not None
    assert "日" not in as_month.native
    assert "月" not in as_year.native
    assert any(as_day.native.startswith(part) for part in as_month.native.split("/"))
    assert any(as_day.native.startswith(part) for part in as_year.native.split("/"))
    assert any(as_day.latin.startswith(part + "-") for part in as_month.latin.split("/"))
    assert any(as_day.latin.startswith(part + "-") for part in as_year.latin.split("/"))


# --- Japanese era years against japanera (optional oracle) ---------------------------


try:
    import japanera
except ImportError:  # an optional oracle, not a test dependency
    japanera = None


@pytest.mark.skipif(japanera is None, reason="japanera is not installed")
@settings(max_examples=1500, deadline=None)
@given(st.dates(min_value=date(1873, 1, 1), max_value=date(2030, 12, 31)))
def test_japanese_matches_japanera(d: date) -> None:
    era_date = japanera.EraDate.from_date(d)
    number = era_date.era.calc_relative_year(d)
    result = render("japanese", d.year, d.month, d.day)
    assert result is not None
    year_text = "元" if number == 1 else str(number)
    assert result.native == f"{era_date.era.kanji}{year_text}年{d.month}月{d.day}日"


def test_days_in_month_matches_the_standard_library_for_every_month_of_years_1_to_9999() -> None:
    from pactcli.time.dates import days_in_month

    for year in range(1, 10000):
        for month in range(1, 13):
            assert days_in_month(year, month) == monthrange(year, month)[1], (year, month)
