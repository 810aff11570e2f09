"""Upper and lower case as citeproc-js gets them from JavaScript's ``toLocaleUpperCase`` and
``toLocaleLowerCase`` (ICU under Node): Python's default Unicode mapping plus what depends on the language
or on the letters around a character.

* Final sigma, in every language: a capital sigma at the end of a word becomes "ς" ("ΟΔΟΣ" → "οδος").
* Turkish and Azeri (Unicode's SpecialCasing.txt): "i" ↔ "İ", "ı" ↔ "I".
* Lithuanian (SpecialCasing.txt): a dot above kept on a lower-case i or j that carries another accent, and
  dropped again in upper case.
* Greek (ICU's Greek upper case): accents and breathings go, a diaeresis stays, an iota subscript becomes
  a capital iota, an iota or upsilon after an accented vowel gains a diaeresis (the accent kept it a
  separate syllable: "άι" → "ΑΪ"), and the disjunctive "ή" keeps its accent.

citeproc-js cases with the item's language first and the style's locale second (``CSL.citeStart``:
``lang_array``): JavaScript decides by the first of them, so an English item in a Turkish style is cased
the default way. ``case_language`` gives that language.

The functions give a replacement for each position of a text (a character's case may be longer than
itself, "ß" → "SS", or nothing, a Greek accent), so that text case can change some positions and not
others (``nocase`` spans) and write each leaf back (pactcli.csl.textcase).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable

unicode_lower: Callable[[str], str] = str.lower
"""``str.lower``, called through a name. Compiled by mypyc (hatch_build.py), ``text.lower()`` becomes
mypyc's own primitive, which before Python 3.13 lowers each character alone: a final "Σ" comes out "σ",
not "ς". Called through this name it is CPython's own. The compiled modules write no ``.lower()``
(tests/test_compiled_build.py)."""

SPECIAL = frozenset({"tr", "az", "lt", "el"})
"""The languages whose case mapping differs from the default one (ICU's case locales)."""


def case_language(item_language: str, style_language: str) -> str:
    """The language JavaScript cases in for citeproc-js's ``[item language, style language]``: the first
    of them, its letters up to the first non-letter, lower-cased; ``""`` (the default mapping) when that
    is not a well-formed language subtag (2, 3 or 5 to 8 letters: JavaScript throws, citeproc-js falls back
    to ``toUpperCase``)."""
    code = _leading_letters(item_language) or _leading_letters(style_language)
    return unicode_lower(code) if len(code) in (2, 3, 5, 6, 7, 8) else ""


def _leading_letters(text: str) -> str:
    """The ASCII letters ``text`` starts with (citeproc-js's ``/^([a-zA-Z]+)/``; a loop rather than a
    pattern compiled at import: this module is on every citation's start-up path)."""
    end = 0
    while end < len(text) and text[end].isascii() and text[end].isalpha():
        end += 1
    return text[:end]


# ---- context: Unicode's definitions of "cased" and "case-ignorable" (Unicode 3.13) -------------------
_IGNORABLE_CATEGORIES = frozenset({"Mn", "Me", "Cf", "Lm", "Sk"})
# Word_Break MidLetter, MidNumLet and Single_Quote: apostrophes, full stop, colon, middle dot...
_IGNORABLE_MARKS = frozenset(
    "'.:·\u0387\u055f\u05f4\u2018\u2019\u2024\u2027\ufe13\ufe52\ufe55\uff07\uff0e\uff1a"
)


def _ignorable(ch: str) -> bool:
    return ch in _IGNORABLE_MARKS or unicodedata.category(ch) in _IGNORABLE_CATEGORIES


def _cased(ch: str) -> bool:
    return unicode_lower(ch) != ch or ch.upper() != ch or unicodedata.category(ch) == "Lt"


def _cased_after(text: str, i: int) -> bool:
    for ch in text[i + 1 :]:
        if not _ignorable(ch):
            return _cased(ch)
    return False


# ---- lower case --------------------------------------------------------------------------------------
_MORE_ABOVE_I = {"I": "i\u0307", "J": "j\u0307", "\u012e": "\u012f\u0307"}
_LITHUANIAN_ACCENTED = {"\u00cc": "i\u0307\u0300", "\u00cd": "i\u0307\u0301", "\u0128": "i\u0307\u0303"}


def _more_above(text: str, i: int) -> bool:
    """A combining mark of class 230 (above) follows, before any character of class 0."""
    for ch in text[i + 1 :]:
        klass = unicodedata.combining(ch)
        if klass == 0:
            return False
        if klass == 230:
            return True
    return False


def lower_map(text: str, lang: str) -> list[str] | None:
    """The lower case of each position of ``text``, or None where it is each character's own
    ``lower()``."""
    if lang not in SPECIAL and "\u03a3" not in text:
        return None
    out = [unicode_lower(ch) for ch in text]
    whole = unicode_lower(text) if "\u03a3" in text else ""
    for i, ch in enumerate(text):
        if ch == "\u03a3":
            # Python's lower() of the whole text knows Unicode's Final_Sigma context exactly; a lower-case
            # mapping's length does not depend on context, so the prefix's gives the position.
            out[i] = whole[len(unicode_lower(text[:i]))]
        elif lang in ("tr", "az"):
            if ch == "\u0130":
                out[i] = "i"
            elif ch == "I":
                if text[i + 1 : i + 2] == "\u0307":
                    out[i], out[i + 1] = "i", ""
                else:
                    out[i] = "\u0131"
            elif ch == "\u0307" and i and text[i - 1] == "I":
                out[i] = ""
        elif lang == "lt":
            if ch in _MORE_ABOVE_I and _more_above(text, i):
                out[i] = _MORE_ABOVE_I[ch]
            elif ch in _LITHUANIAN_ACCENTED:
                out[i] = _LITHUANIAN_ACCENTED[ch]
    return out


# ---- upper case --------------------------------------------------------------------------------------
_SOFT_DOTTED = frozenset("ijįɨʝɉⅈⅉ\u0456\u0458\u1d62\u2071")


def _after_soft_dotted(text: str, i: int) -> bool:
    """A soft-dotted letter comes before, with no character of class 0 or 230 between."""
    while i > 0:
        i -= 1
        ch = text[i]
        if ch in _SOFT_DOTTED:
            return True
        if unicodedata.combining(ch) in (0, 230):
            return False
    return False


def upper_map(text: str, lang: str) -> list[str] | None:
    """The upper case of each position of ``text``, or None where it is each character's own
    ``upper()``."""
    if lang in ("tr", "az"):
        return ["\u0130" if ch == "i" else ch.upper() for ch in text]
    if lang == "lt":
        return [
            "" if ch == "\u0307" and _after_soft_dotted(text, i) else ch.upper() for i, ch in enumerate(text)
        ]
    if lang == "el":
        return _greek_upper(text)
    return None


# ICU's Greek upper case (ustrcase.cpp, GreekUpper), read through the letters' canonical decompositions.
_ACCENTS = frozenset("\u0300\u0301\u0342\u0302\u0303\u0311")
_DIALYTIKA = "\u0308"
_YPOGEGRAMMENI = "\u0345"
_OTHER_DIACRITICS = frozenset("\u0304\u0306\u0313\u0314\u0343")
_GREEK_DIACRITICS = _ACCENTS | _OTHER_DIACRITICS | {_DIALYTIKA, _YPOGEGRAMMENI, "\u0344"}
_VOWELS = frozenset("ΑΕΗΙΟΥΩ")
_WITH_DIALYTIKA = {"Ι": "Ϊ", "Υ": "Ϋ"}


def _greek_letter(ch: str) -> tuple[str, str] | None:
    """A Greek letter with case as its base capital and the marks of its decomposition."""
    code = ord(ch)
    if not (0x370 <= code <= 0x3FF or 0x1F00 <= code <= 0x1FFF or code == 0x2126):
        return None
    parts = unicodedata.normalize("NFD", ch)
    base = parts[0].upper()
    if len(base) != 1 or not ("\u0391" <= base <= "\u03a9"):
        return None
    return base, parts[1:]


def _greek_upper(text: str) -> list[str]:
    out = [ch.upper() for ch in text]
    # What the letter before left: it was cased; it was a vowel whose accent was dropped (and whether
    # that accent was part of the letter or a combining mark after it).
    after_cased = False
    accent_before = ""
    i = 0
    while i < len(text):
        ch = text[i]
        letter = _greek_letter(ch)
        if letter is None:
            if not _ignorable(ch):
                after_cased = _cased(ch)
            accent_before = ""
            i += 1
            continue
        upper, marks = letter
        vowel = upper in _VOWELS
        precomposed_accent = any(m in _ACCENTS for m in marks)
        dialytika = _DIALYTIKA in marks  # a precomposed one
        combining_dialytika = False
        iotas = marks.count(_YPOGEGRAMMENI)
        if vowel and accent_before and upper in _WITH_DIALYTIKA:
            if accent_before == "precomposed":
                dialytika = True
            else:
                combining_dialytika = True
        accent = precomposed_accent
        end = i + 1
        while end < len(text) and text[end] in _GREEK_DIACRITICS:
            mark = text[end]
            out[end] = ""
            if mark in _ACCENTS:
                accent = True
            elif mark in (_DIALYTIKA, "\u0344"):
                combining_dialytika = True
                accent = accent or mark == "\u0344"
            elif mark == _YPOGEGRAMMENI:
                iotas += 1
            end += 1
        if vowel and accent and not dialytika:
            accent_before = "precomposed" if precomposed_accent else "combining"
        else:
            accent_before = ""
        tonos = ""
        if upper == "Η" and accent and not iotas and not after_cased and not _cased_after(text, end - 1):
            # The disjunctive "ή" ("or") keeps its accent.
            if precomposed_accent:
                upper = "\u0389"
            else:
                tonos = "\u0301"
        elif dialytika and upper in _WITH_DIALYTIKA:
            upper = _WITH_DIALYTIKA[upper]
            dialytika = combining_dialytika = False
        out[i] = upper + (_DIALYTIKA if dialytika or combining_dialytika else "") + tonos + "\u0399" * iotas
        after_cased = True
        i = end
    return out


def upper(text: str, lang: str) -> str:
    """``text`` in upper case."""
    mapped = upper_map(text, lang)
    return text.upper() if mapped is None else "".join(mapped)


def lower(text: str, lang: str) -> str:
    """``text`` in lower case."""
    mapped = lower_map(text, lang)
    return unicode_lower(text) if mapped is None else "".join(mapped)


def capitalise(text: str, lang: str) -> str:
    """The first character of ``text`` in upper case, alone (citeproc-js's ``_capitalise``: the first
    character is cased on its own, so a Greek accent after it as a combining mark stays)."""
    return upper(text[:1], lang) + text[1:]
