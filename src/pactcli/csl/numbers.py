"""Numbers: what counts as numeric, ordinals and long ordinals from the locale, roman numerals, and
page-range-format (expanded, minimal, minimal-two, chicago, chicago-15, chicago-16)."""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable

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
    last = number % 10
    if locale.term_entry("ordinal", "long", gender) is None:
        # A locale without the "ordinal" term has CSL 1.0's ordinals, which citeproc-js reads by its old
        # rule (CSL.Util.Ordinalizer, not the match rules): ordinal-01..03 after a last digit 1-3, except in
        # 11-13, and ordinal-04 for everything else (he-IL, whose ordinal-10 is never read: 10 is "104").
        name = f"ordinal-{last:02d}" if 1 <= last <= 3 and not 11 <= last_two <= 13 else "ordinal-04"
        old = locale.term_entry(name, "long", gender)
        if old is not None:
            return old.single
    for name, default_match in ((f"ordinal-{last_two:02d}", "last-two-digits"),):
        entry = locale.term_entry(name, "long", gender)
        if entry is not None and (entry.match or default_match) in ("last-two-digits", "whole-number"):
            if (entry.match or default_match) == "whole-number" and number != last_two:
                pass
            else:
                return entry.single
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

    text = re.sub(r"((?:\w*?[A-Za-z])?\d+[a-z]*)\s*([-\u2013]+)\s*((?:\w*?[A-Za-z])?\d+[a-z]*)", one, text)
    return _ROMAN_RANGE.sub(lambda m: f"{m.group(1)}{delimiter}{m.group(2)}", text)


def _range(first: str, last: str, fmt: str, delimiter: str, original: str) -> str:
    if (first[-1:].isalpha() or last[-1:].isalpha()) and (
        re.match(r"\d+[a-z]+$", first) or re.match(r"\d+[a-z]+$", last)
    ):
        # Ends with letters after their numbers ("12a-19") are a range (citeproc-js's rangerex).
        return _lettered_range(first, last, fmt, delimiter)
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


_RANGE_END = re.compile(r"([0-9]*[a-zA-Z]+0*)?([0-9]+[a-z]*)$")


def _lettered_range(first: str, last: str, fmt: str, delimiter: str) -> str:
    """A range with letters after an end's number, as citeproc-js's PageRangeMangler writes it: its
    expand() pads the shorter end from the longer one's characters, letters counted ("12a-19" is
    "12a–119", "100a-102" "100a–1102"), then the format works on those strings (minimal compares them
    character by character, chicago their numbers, whose remainder drops the letters)."""
    p, q = _RANGE_END.match(first), _RANGE_END.match(last)
    begin, end = _js_int(first.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")), _js_int(last)
    if p is None or q is None or (q.group(1) and q.group(1) != p.group(1)):
        return f"{first}{delimiter}{last}"
    prefix, a, b = p.group(1) or "", p.group(2), q.group(2)
    if not fmt and begin is not None and end is not None and begin > end:
        # Without a format citeproc-js leaves a falling range to its number parser, as written.
        return f"{first}{delimiter}{last}"
    if len(b) < len(a):
        b = a[: len(a) - len(b)] + b
    na, nb = _js_int(a), _js_int(b)
    if na is None or nb is None or na >= nb:
        return f"{first}{delimiter}{last}"
    sep = delimiter + prefix
    if fmt in ("minimal", "minimal-two"):
        b = _minimal_js(a, b, 2 if fmt == "minimal-two" else 0)
    elif fmt in ("chicago", "chicago-15"):
        if na > 100 and na % 100 and na // 100 == nb // 100:
            b = str(nb % 100)
        elif na >= 10000:
            b = str(nb % 1000)
    elif fmt == "chicago-16" and na > 100 and na % 100:
        for i in range(2, len(str(nb))):
            if na // 10**i == nb // 10**i:
                b = str(nb % 10**i)
                break
    if fmt in ("minimal", "minimal-two", "chicago", "chicago-15", "chicago-16") and sep[1:] == prefix:
        sep = delimiter
    return f"{prefix}{a}{sep}{b}"


def _minimal_js(begin: str, end: str, minchars: int) -> str:
    """citeproc-js's minimize_internal: the end's characters from the first that differs from the
    beginning's (ends of one length only), at least ``minchars`` of them."""
    if len(begin) != len(end):
        return end
    kept = len(end)
    for x, y in zip(begin, end, strict=True):
        if x == y and kept > minchars:
            kept -= 1
        else:
            break
    return end[len(end) - kept :]


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


# ---- citeproc-js's number parser (CSL.Engine.prototype.processNumber, citeproc 2.4.63) -----------------
# What a number variable of an item is to citeproc-js: the values between its joiners ("&", "and", ", ",
# "; ", hyphens), each with the label typed before it ("vol. 2", "fig. 3.2"), and from them whether the
# variable is numeric (cs:if is-numeric) and plural (cs:label). Only the item's variables come here; a
# cite's locator has its own rules (locator_is_plural).

# CSL.STATUTE_SUBDIV_STRINGS: a label typed in a field, and the term it stands for.
SUBDIVISIONS = {
    "vrs.": "verse",
    "sv.": "sub-verbo",
    "subpara.": "subparagraph",
    "op.": "opus",
    "subch.": "subchapter",
    "add.": "addendum",
    "amend.": "amendment",
    "annot.": "annotation",
    "app.": "appendix",
    "art.": "article",
    "bibliog.": "bibliography",
    "bk.": "book",
    "ch.": "chapter",
    "cl.": "clause",
    "col.": "column",
    "cmt.": "comment",
    "dec.": "decision",
    "dept.": "department",
    "ex.": "example",
    "fig.": "figure",
    "fld.": "field",
    "fol.": "folio",
    "n.": "note",
    "hypo.": "hypothetical",
    "illus.": "illustration",
    "intro.": "introduction",
    "l.": "line",
    "no.": "issue",
    "p.": "page",
    "pp.": "page",
    "para.": "paragraph",
    "pt.": "part",
    "pmbl.": "preamble",
    "princ.": "principle",
    "pub.": "publication",
    "r.": "rule",
    "rn.": "randnummer",
    "sched.": "schedule",
    "sec.": "section",
    "ser.": "series,",
    "subdiv.": "subdivision",
    "subsec.": "subsection",
    "supp.": "supplement",
    "tbl.": "table",
    "tit.": "title",
    "vol.": "volume",
}
# CSL.STATUTE_SUBDIV_STRINGS_REVERSE, for the variables it names.
_SUBDIVISION_OF = {term: label for label, term in SUBDIVISIONS.items() if label != "pp."}
_SUBDIVISION_OF["sub verbo"] = "sv."
_LABEL_WORD = (
    r"(?:^| )(?:[a-z]|[a-z][a-z]|[a-z][a-z][a-z]|[a-z][a-z][a-z][a-z]|subpara|subch|amend|bibliog|annot"
    r"|illus|princ|intro|sched|subdiv|subsec)(?:\.| ) *"
)
_LABEL_FIND = _LABEL_WORD
_SUBSECTION_HEAD = r"^(?:(?:[a-z]|[a-z][a-z]|[a-z][a-z][a-z]|[a-z][a-z][a-z][a-z])\.  *)*[0-9]+[,a-zA-Z]+$"
_LETTERS = r"^[,a-zA-Z]+$"
_LABELLED_NUMBER = r"^[0-9]+([-;,:a-zA-Z]*)$"
_PARTICLE_VALUE = r"^([0-9]*[a-zA-Z]+0*)?([0-9]+(?:[a-zA-Z]*|[-,a-zA-Z]+))$"
_NUMERIC_HEAD = r"^(?:[0-9]+|[ixv]+)([-,:a-zA-Z]*|\-[\-0-9]+)$"
_ROMAN_ONLY = r"^[ivxlcmIVXLCM]+$"
_SLASHED = r"^[0-9]+(?:/[0-9]+)+$"
_JOINERS: dict[tuple[str, bool], re.Pattern[str]] = {}


def starts_with_label(text: str) -> bool:
    """Whether ``text`` opens with a label citeproc-js's number parser may take ("fig. 3.2", "p. 5")."""
    word = text.lstrip().partition(" ")[0]
    return word in SUBDIVISIONS


class NumberValue:
    """One value of a parsed number variable (citeproc-js's composeNumberInfo)."""

    __slots__ = (
        "collapsible",
        "joiner",
        "label",
        "label_suffix",
        "numeric",
        "particle",
        "plural",
        "value",
        "visible",
    )

    def __init__(
        self, label: str, value: str, joiner: str, label_suffix: str = "", visible: bool = False
    ) -> None:
        self.label = label
        self.label_suffix = label_suffix
        self.visible = visible
        if value.isascii() and value.isdigit():
            self.particle, self.value = "", value
        else:
            m = re.match(_PARTICLE_VALUE, value)
            self.particle = (m.group(1) or "") if m else ""
            self.value = m.group(2) if m else value
        self.joiner = re.sub(r"\s*-\s*", "-", joiner, count=1) if "-" in joiner else joiner
        self.plural = False
        self.numeric = False
        self.collapsible: bool | None = None


class ParsedNumber:
    """A number variable as citeproc-js reads it: its values, whether it is numeric and plural, and the
    term of a label typed before its first value ("vol. 2": "volume"), if any."""

    __slots__ = ("label", "numeric", "plural", "values")

    def __init__(self, values: list[NumberValue], numeric: bool, plural: bool, label: str) -> None:
        self.values = values
        self.numeric = numeric
        self.plural = plural
        self.label = label


def _js_int(text: str) -> int | None:
    """JavaScript's parseInt: leading spaces, a sign and digits; None where it is NaN."""
    text = text.lstrip()
    sign = text[:1] in ("-", "+")
    digits = 0
    for ch in text[sign:]:
        if not ("0" <= ch <= "9"):
            break
        digits += 1
    return int(text[: sign + digits]) if digits else None


def _joiner_pattern(and_word: str, hyphen: bool) -> re.Pattern[str]:
    key = (and_word, hyphen)
    found = _JOINERS.get(key)
    if found is None:
        full = r",\s+and\s+|\s+and\s+"
        if and_word:
            word = re.escape(and_word)
            full += rf"|,\s+{word}\s+|\s+{word}\s+"
        dash = r"|\s*\\*[\-\u2013]+\s*" if hyphen else r"|\s*\\*[\u2013]+\s*"
        found = _JOINERS[key] = re.compile(rf"(\s*&\s*|{full}|;\s+|,\s+{dash})")
    return found


def parse_number(
    value: object,
    variable: str,
    and_word: str = "",
    ampersand: str = "&",
    has_term: Callable[[str], bool] | None = None,
) -> ParsedNumber:
    """``value`` of the number variable ``variable`` as citeproc-js's processNumber reads it. ``and_word``
    is the locale's "and" where the style's language is not English (a joiner too), ``ampersand`` the
    symbol an "&" is written as, ``has_term`` whether the locale has a term (for a label typed in the
    field to count as one)."""
    text = str(value).strip()
    first = text.split(" ", 1)[0]
    if first and first not in SUBDIVISIONS:
        embedded = "p." if variable == "page" else _SUBDIVISION_OF.get(variable)
        if embedded:
            text = embedded + " " + text
    if variable == "page" and "\u2013" in text:
        text = text.replace("\u2013", "-")
    hyphen = True
    if "\\-" in text:
        hyphen = False
        text = "\\-".join(p.replace("-", "\u2013") for p in text.split("\\-")).replace("\\", "")
    joiners = _joiner_pattern(and_word, hyphen)
    pieces = joiners.split(text)
    elems = pieces[:1]
    for i in range(1, len(pieces), 2):
        joiner, after = pieces[i], pieces[i + 1]
        before = pieces[i - 1]
        if joiner.strip() == "&":
            # citeproc-js tests the value before the "&" at both its ends.
            tight = _ascii_letter(before[-1:]) and _ascii_letter(before[:1])
            joiner = ampersand if tight else f" {ampersand} "
        elems += [joiner, after]
    # fixupSubsections: "12a-c" is one value.
    for i in range(len(elems) - 2, 0, -2):
        if elems[i] == "-" and re.match(_SUBSECTION_HEAD, elems[i - 1]) and re.match(_LETTERS, elems[i + 1]):
            elems[i - 1 : i + 2] = ["".join(elems[i - 1 : i + 2])]
    values: list[NumberValue] = []
    label = _SUBDIVISION_OF.get(variable, "")
    orig_label = ""
    default_label = "" if label else f"var:{variable}"
    for i in range(0, len(elems), 2):
        elem = elems[i]
        joiner = elems[i + 1] if i + 1 < len(elems) else ""
        found = [m.group(0) for m in re.finditer(_LABEL_FIND, elem)]
        if not found:
            values.append(
                NumberValue(_label_word(label) or default_label, elem, joiner, _label_suffix(label))
            )
            continue
        parts = re.split(_LABEL_FIND, elem)
        for j in range(len(parts) - 1, 0, -1):
            if parts[j - 1] and (
                not re.match(_LABELLED_NUMBER, parts[j]) or not re.match(_LABELLED_NUMBER, parts[j - 1])
            ):
                parts[j - 1] = parts[j - 1] + found[j - 1] + parts[j]
                del parts[j]
                del found[j - 1]
        if found:
            slug = found[0].strip()
            term = SUBDIVISIONS.get(slug)
            not_label = (
                term is None
                or (has_term is not None and not has_term(term))
                or (variable not in ("locator", "number", "locator-extra", "page") and term != variable)
            )
            if not_label:
                if i == 0:
                    found = found[1:]
                    parts[0:2] = [parts[0] + " " + slug + " " + parts[1]]
            else:
                orig_label = slug
        for j, part in enumerate(parts):
            if part or j == len(parts) - 1:
                label = found[j - 1] if j >= 1 and j - 1 < len(found) else label
                word = _label_word(label)
                values.append(
                    NumberValue(
                        word or default_label,
                        part.strip(),
                        joiner if j == len(parts) - 1 else "",
                        _label_suffix(label),
                        # A label typed at the start of a page, other than "p.", is printed (as its term).
                        visible=variable == "page" and i == 0 and bool(word) and word not in ("p.", "pp."),
                    )
                )
    del orig_label  # citeproc-js keeps it for rendering only
    # setSpaces
    for a, b in itertools.pairwise(values):
        if not a.joiner and b.label:
            a.joiner = " "
    _plurals_and_numerics(values, variable, value, has_term)
    for v in values:
        if not v.numeric:
            v.plural = False
    numeric = bool(values) and values[0].numeric
    plural = bool(values) and values[0].plural
    embedded_term = SUBDIVISIONS.get(values[0].label, "") if values else ""
    if len(values) == 1:
        only = values[0]
        if variable == "number" and "|" in only.value:
            only.value = only.value.replace("|", ", ")
            only.numeric = only.plural = numeric = plural = True
        if "/" in only.value and re.match(_SLASHED, only.value):
            only.numeric = numeric = True
            only.plural = plural = False
    return ParsedNumber(values, numeric, plural, embedded_term)


def _ascii_letter(ch: str) -> bool:
    return ch.isascii() and ch.isalpha()


def _label_word(label: str) -> str:
    words = label.split(None, 1)
    return words[0] if words else ""


def _label_suffix(label: str) -> str:
    """The spaces after a label's word ("vol. " -> " ")."""
    rest = label.lstrip()
    word = rest.split(None, 1)[0] if rest.strip() else ""
    after = rest[len(word) :]
    return after[: len(after) - len(after.lstrip())]


def _plurals_and_numerics(
    values: list[NumberValue], variable: str, original: object, has_term: Callable[[str], bool] | None
) -> None:
    """citeproc-js's setPluralsAndNumerics: values that share a label form a group; a group is numeric
    where its first value is a number (or roman i, v, x), plural where it has more than one value and
    its first can be read as a number."""
    if not values:
        return
    start = 0
    for i in range(1, len(values) + 1):
        if i < len(values) and values[i - 1].label == values[i].label:
            continue
        _fix_group(values, start, i - start)
        _label_visibility(values, start, variable, has_term)
        start = i
    if values[0].numeric and variable.startswith("number-of-"):
        n = _js_int(str(original))
        if n is not None and n > 1:
            values[0].plural = True


def _label_visibility(
    values: list[NumberValue], pos: int, variable: str, has_term: Callable[[str], bool] | None
) -> None:
    """citeproc-js's fixLabelVisibility: a label typed before a later group is printed; one before the
    first where it names another variable than this one (or a term the locale lacks)."""
    label = values[pos].label
    if not label or label.startswith("var:"):
        return
    if pos:
        values[pos].visible = True
        return
    term = SUBDIVISIONS.get(label)
    if variable in ("locator", "number", "locator-extra", "page"):
        if term is None or (has_term is not None and not has_term(term)):
            values[pos].visible = True
    elif term != variable:
        values[0].visible = True


def _fix_group(values: list[NumberValue], pos: int, count: int) -> None:
    master = values[pos]
    numeric = True
    value = master.value
    if not value or not ((value.isascii() and value.isdigit()) or re.match(_NUMERIC_HEAD, value)):
        numeric = False
    if master.joiner == "\\-":
        count -= 1
    if master.collapsible is None:
        for v in values[pos : pos + count]:
            v.collapsible = _js_int(v.value) is not None or bool(re.match(_ROMAN_ONLY, v.value))
    collapsible = bool(master.collapsible)
    for v in values[pos : pos + count]:
        if count > 1 and collapsible:
            v.plural = True
        v.numeric = numeric
        v.collapsible = collapsible


# The variables a cs:text renders through citeproc-js's number parser (CSL.Node.text); the others (section,
# part-number, supplement-number...) are printed as written.
PARSED_TEXT_VARIABLES = frozenset(
    [
        "chapter-number",
        "collection-number",
        "edition",
        "issue",
        "number",
        "number-of-pages",
        "number-of-volumes",
        "volume",
    ]
)
_NUMBER_OR_ROMAN = r"^([0-9]+|[ivxlcmIVXLCM]+)$"


def _number_or_roman(value: str) -> bool:
    return (value.isascii() and value.isdigit()) or bool(re.match(_NUMBER_OR_ROMAN, value))


_MANGLED = r"^((?:[0-9]*[a-zA-Z]+0*))?([0-9]+[a-z]*)(\s*[^0-9]+\s*)([-,a-zA-Z]?0*)([0-9]+[a-z]*)$"


def _range_joiner(variable: str, joiner: str, numeric: bool, page_delimiter: str, year_delimiter: str) -> str:
    """citeproc-js's fixupRangeDelimiter: a hyphen between numbers of an issue, volume, edition or number
    becomes the page-range delimiter, of a collection-number the year-range delimiter."""
    if joiner != "-" or not numeric:
        return joiner
    if variable in ("issue", "volume", "edition", "number"):
        return page_delimiter
    if variable == "collection-number":
        return year_delimiter
    return joiner


def number_text(
    parsed: ParsedNumber,
    variable: str,
    page_delimiter: str,
    year_delimiter: str,
    has_format: bool,
    term: Callable[[str, bool], str],
    form: Callable[[int], str] | None = None,
) -> str:
    """The text of a number variable other than a page as citeproc-js writes it from its parsed values
    (fixRanges, then each value after its particle, with its joiner); labels typed in the field that
    name the variable itself ("vol. 2" in a volume) are not printed. ``form`` (a cs:number's ordinal,
    long-ordinal or roman) writes the whole numbers under the first value's label, as citeproc-js's
    setStyling gives its formatter only to those ("7th, pp. 3–8")."""
    values = [_copy(v) for v in parsed.values]
    count = 0
    label: str | None = None
    for i, v in enumerate(values):
        if not v.collapsible:
            count, label = 0, None
            v.joiner = _range_joiner(variable, v.joiner, v.numeric, page_delimiter, year_delimiter)
        elif label == v.label and v.joiner == "-":
            count = 1
        elif label == v.label:
            count += 1
            if count == 2:
                count = _mangle(values, i, variable, page_delimiter, year_delimiter, has_format)
        else:
            label, count = v.label, 1
    if count == 2:
        _mangle(values, len(values) - 1, variable, page_delimiter, year_delimiter, has_format)
    out = []
    for v in values:
        if v.visible:
            # A label typed in the field, printed as the locale's short term ("pt." in "2, pt. 3").
            name = v.label[4:] if v.label.startswith("var:") else SUBDIVISIONS.get(v.label, "")
            out.append((term(name, v.plural) if name else "") or v.label)
            out.append(v.label_suffix)
        value = v.value
        if form is not None and v.label == values[0].label and v.collapsible and _WHOLE.match(value):
            value = form(int(value))
        out.append(v.particle + value + v.joiner.replace("\\-", "-"))
    return "".join(out)


_WHOLE = re.compile(r"[1-9][0-9]*\Z")


def _copy(v: NumberValue) -> NumberValue:
    # Field by field, not through __slots__ and __new__: compiled by mypyc, NumberValue is a native class,
    # which has neither (README, "Speed").
    out = NumberValue(v.label, v.value, v.joiner, v.label_suffix, v.visible)
    out.particle, out.value, out.joiner = v.particle, v.value, v.joiner  # as read, not read again
    out.collapsible = v.collapsible
    out.numeric = v.numeric
    out.plural = v.plural
    return out


def _mangle(
    values: list[NumberValue],
    i: int,
    variable: str,
    page_delimiter: str,
    year_delimiter: str,
    has_format: bool,
) -> int:
    """citeproc-js's manglePageNumbers for a variable other than a page: two values joined by a hyphen."""
    prev, cur = values[i - 1], values[i]
    if i < 1 or prev.particle != cur.particle:
        return 2
    if prev.joiner != "-":
        return 1
    a, b = _js_int(prev.value), _js_int(cur.value)
    if not has_format and a is not None and b is not None and a > b:
        prev.joiner = _range_joiner(variable, prev.joiner, True, page_delimiter, year_delimiter)
        return 2
    if _number_or_roman(prev.value) and _number_or_roman(cur.value):
        prev.joiner = page_delimiter
    m = re.match(_MANGLED, prev.value + prev.joiner.replace("\\-", "-") + cur.value)
    if m:
        # citeproc-js also rewrites both ends' particles from this match, dropping them ("S12-S15" in a
        # volume comes out "12–15"); pactcli keeps them (docs/citations.md).
        prev.joiner = _range_joiner(variable, m.group(3), cur.numeric, page_delimiter, year_delimiter)
    return 0
