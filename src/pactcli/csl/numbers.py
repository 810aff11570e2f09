"""Numbers: what counts as numeric, ordinals and long ordinals from the locale, roman numerals, and
page-range-format (expanded, minimal, minimal-two, chicago, chicago-15, chicago-16)."""

from __future__ import annotations

import re

from pactcli.csl.locale import Locale

NUMERIC = re.compile(r"^\s*[A-Za-z]*\d+[A-Za-z]*(?:\s*(?:[-\u2013,&]|and)\s*[A-Za-z]*\d+[A-Za-z]*)*\s*$")
_RANGE_SPLIT = re.compile(r"(\s*(?:[-\u2013,&]|\band\b)\s*)")
PLURAL = re.compile(
    r"\d\s*(?:[-\u2013,&]|\band\b)\s*\S|\d\s+\d|^\s*[ivxlcdm]+\s*[-\u2013]\s*[ivxlcdm]+\s*$", re.I
)


def is_numeric(value: object) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, int | float):
        return True
    return isinstance(value, str) and bool(NUMERIC.match(value))


# A label typed inside a locator ("vol. 1, fol. 186"): a word of one to four lower-case letters and a full
# stop, as citeproc-js's number parser takes one. Places after it belong to that label, not the cite's.
LABEL_INSIDE = re.compile(r"(?:^|(?<=\s))[^\W\d_]{1,4}\.\s*(?=\S)")


def is_plural(value: object, and_word: str = "") -> bool:
    """Whether ``value`` names several numbers: a range, a list ("3, 5", "3 & 5", "3 and 5", or with the
    locale's own word for "and", ``and_word``: "3 et 5"), two numbers side by side, a roman range."""
    text = str(value)
    if PLURAL.search(text):
        return True
    word = and_word.strip()
    if word and word != "and":
        return bool(re.search(r"\d\s+" + re.escape(word) + r"\s+\S", text))
    return False


def locator_is_plural(value: object, and_word: str = "") -> bool:
    """Whether a locator's label is plural, as citeproc-js decides it: only the places before a label typed
    inside the locator count ("1, fol. 186" is one volume; "doc. 623, tel. 1054" one place of its own)."""
    head = LABEL_INSIDE.split(str(value), maxsplit=1)[0]
    return is_plural(head, and_word)


def ordinal(number: int, locale: Locale, gender: str = "") -> str:
    suffix = _ordinal_suffix(number, locale, gender)
    return f"{number}{suffix}"


def _ordinal_suffix(number: int, locale: Locale, gender: str) -> str:
    # CSL 1.0.2: ordinal-00..09 match the last digit, ordinal-10..99 the last two digits (match= may say
    # otherwise); "ordinal" is the fallback. Locales from CSL 1.0 only have ordinal-01..04.
    candidates: list[str] = []
    last_two = number % 100
    for name, default_match in ((f"ordinal-{last_two:02d}", "last-two-digits"),):
        entry = locale.term_entry(name, "long", gender)
        if entry is not None and (entry.match or default_match) in ("last-two-digits", "whole-number"):
            if (entry.match or default_match) == "whole-number" and number != last_two:
                pass
            else:
                return entry.single
    last = number % 10
    entry = locale.term_entry(f"ordinal-{last:02d}", "long", gender)
    if entry is not None:
        match = entry.match or "last-digit"
        if (
            match == "last-digit"
            or (match == "last-two-digits" and last_two == last)
            or (match == "whole-number" and number == last)
        ):
            # ordinal-01..03 must not catch 11..13 where the locale has ordinal-1x (handled above)
            return entry.single
    has_new = locale.term_entry("ordinal", "long", gender) is not None
    if not has_new:
        # CSL 1.0 locales: ordinal-01..04, with 11-13 taking ordinal-04.
        if 11 <= last_two <= 13:
            old = locale.term_entry("ordinal-04", "long", gender)
            if old is not None:
                return old.single
        old = locale.term_entry(f"ordinal-{min(last, 4):02d}" if last else "ordinal-04", "long", gender)
        if old is not None:
            return old.single
    candidates.append("ordinal")
    entry = locale.term_entry("ordinal", "long", gender)
    return entry.single if entry is not None else ""


def long_ordinal(number: int, locale: Locale, gender: str = "") -> str:
    if 1 <= number <= 10:
        entry = locale.term_entry(f"long-ordinal-{number:02d}", "long", gender)
        if entry is not None:
            return entry.single
    return ordinal(number, locale, gender)


_ROMAN = [
    (1000, "m"),
    (900, "cm"),
    (500, "d"),
    (400, "cd"),
    (100, "c"),
    (90, "xc"),
    (50, "l"),
    (40, "xl"),
    (10, "x"),
    (9, "ix"),
    (5, "v"),
    (4, "iv"),
    (1, "i"),
]


def roman(number: int) -> str:
    if number <= 0 or number >= 4000:
        return str(number)
    out = []
    for value, letters in _ROMAN:
        while number >= value:
            out.append(letters)
            number -= value
    return "".join(out)


def split_numbers(text: str) -> list[str]:
    """``"1-3, 5"`` -> ``["1", "-", "3", ", ", "5"]``: numbers and the separators between them."""
    return [p for p in _RANGE_SPLIT.split(text) if p != ""]


_ROMAN_RANGE = re.compile(r"\b([ivxlcdm]+)\s*-\s*([ivxlcdm]+)\b", re.I)


def format_page_range(text: str, fmt: str, delimiter: str = "\u2013") -> str:
    """Apply page-range-format to every range in ``text`` (``"321-28, 401-3"``); ``\\-`` is a literal
    hyphen, and a range whose ends have different prefixes stays as written."""
    if "\\-" in text:
        return text.replace("\\-", "-")

    def one(m: re.Match[str]) -> str:
        return _range(m.group(1), m.group(3), fmt, delimiter, m.group(0))

    text = re.sub(r"((?:\w*?[A-Za-z])?\d+)\s*([-\u2013]+)\s*((?:\w*?[A-Za-z])?\d+)", one, text)
    return _ROMAN_RANGE.sub(lambda m: f"{m.group(1)}{delimiter}{m.group(2)}", text)


def _range(first: str, last: str, fmt: str, delimiter: str, original: str) -> str:
    m1 = re.match(r"^((?:\w*?[A-Za-z])?)(\d+)$", first)
    m2 = re.match(r"^((?:\w*?[A-Za-z])?)(\d+)$", last)
    if not m1 or not m2:
        return original
    if m1.group(1) != m2.group(1) and m2.group(1):
        # Ends with different prefixes are not a range to shorten: kept, with a plain hyphen.
        return f"{first}-{last}"
    prefix = m1.group(1)
    a, b = m1.group(2), m2.group(2)
    if m1.group(1) != m2.group(1) and not m2.group(1) and prefix:
        return f"{first}-{last}"
    if len(b) < len(a):
        b = a[: len(a) - len(b)] + b
    if int(b) <= int(a) or not fmt:
        return f"{first}{delimiter}{last}"
    if fmt == "expanded":
        return f"{prefix}{a}{delimiter}{prefix}{b}"
    if fmt in ("minimal", "minimal-two"):
        return f"{prefix}{a}{delimiter}{_minimal(a, b, 2 if fmt == 'minimal-two' else 1)}"
    if fmt in ("chicago", "chicago-15", "chicago-16"):
        return f"{prefix}{a}{delimiter}{_chicago(a, b, fmt)}"
    return f"{first}{delimiter}{last}"


def _minimal(a: str, b: str, keep: int) -> str:
    if len(a) != len(b):
        return b
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    tail = b[i:]
    if len(tail) < keep:
        tail = b[-keep:] if len(b) >= keep else b
    return tail


def _chicago(a: str, b: str, fmt: str) -> str:
    na = int(a)
    if na < 100 or na % 100 == 0:
        return b
    if na % 100 < 10:
        return _minimal(a, b, 1)
    tail = _minimal(a, b, 2)
    if fmt != "chicago-16" and len(a) == 4 and len(tail) > 2:
        # CMOS 15: four-digit numbers are given in full when three digits change.
        return b
    return tail
