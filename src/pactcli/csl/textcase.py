"""text-case: lowercase, uppercase, capitalize-first, capitalize-all, sentence and title (CSL 1.0.2 rules:
English only, stop words lower-cased except first, last and after a colon; words with capitals kept;
``nocase`` spans untouched). Words may span several output leaves, so the case is decided on the joined
text and written back leaf by leaf."""

from __future__ import annotations

import re

from pactcli.csl.output import Node, Span, Text, leaves

# citeproc-js's list (CSL's stop words, more prepositions, and the particles de, d', von, van).
STOP_WORDS = frozenset(
    [
        "about",
        "above",
        "across",
        "afore",
        "after",
        "against",
        "along",
        "alongside",
        "amid",
        "amidst",
        "among",
        "amongst",
        "anenst",
        "apropos",
        "apud",
        "around",
        "as",
        "aside",
        "astride",
        "at",
        "athwart",
        "atop",
        "barring",
        "before",
        "behind",
        "below",
        "beneath",
        "beside",
        "besides",
        "between",
        "beyond",
        "but",
        "by",
        "circa",
        "despite",
        "down",
        "during",
        "except",
        "for",
        "forenenst",
        "from",
        "given",
        "in",
        "inside",
        "into",
        "lest",
        "like",
        "modulo",
        "near",
        "next",
        "notwithstanding",
        "of",
        "off",
        "on",
        "onto",
        "out",
        "over",
        "per",
        "plus",
        "pro",
        "qua",
        "sans",
        "since",
        "than",
        "through",
        "thru",
        "throughout",
        "thruout",
        "till",
        "to",
        "toward",
        "towards",
        "under",
        "underneath",
        "until",
        "unto",
        "up",
        "upon",
        "versus",
        "vs.",
        "v.",
        "vs",
        "v",
        "vis-à-vis",
        "via",
        "with",
        "within",
        "without",
        "or",
        "yet",
        "so",
        "and",
        "nor",
        "a",
        "an",
        "the",
        "de",
        "d'",
        "d’",
        "von",
        "van",
        "c",
        "ca",
    ]
)

_WORD = re.compile(r"[^\s\-\u2013\u2014/]+")


def _collect(node: Node) -> tuple[list[Text], str, list[bool]]:
    items: list[Text] = []
    mask: list[bool] = []

    def walk(n: Node, nocase: bool) -> None:
        if isinstance(n, Text):
            if n.glue:
                return
            items.append(n)
            mask.extend([nocase or n.nocase] * len(n.text))
        else:
            for child in n.children:
                walk(child, nocase or n.nocase)

    walk(node, False)
    return items, "".join(t.text for t in items), mask


def _write_back(items: list[Text], chars: list[str]) -> None:
    pos = 0
    for item in items:
        n = len(item.text)
        item.text = "".join(chars[pos : pos + n])
        pos += n


def apply_text_case(node: Node, case: str, english: bool = True) -> None:
    if not case:
        return
    items, text, mask = _collect(node)
    if not text:
        return
    chars = list(text)

    def upper(i: int) -> None:
        if not mask[i]:
            chars[i] = chars[i].upper()

    def lower(i: int) -> None:
        if not mask[i]:
            chars[i] = chars[i].lower()

    if case == "lowercase":
        for i in range(len(chars)):
            lower(i)
    elif case == "uppercase":
        for i in range(len(chars)):
            upper(i)
    elif case == "capitalize-first":
        # citeproc-js: the first character of the first word, only where that word is all lower case
        # ("22 июня" and "1945. május" stay as they are, "iPhone" too).
        start = next((i for i, ch in enumerate(chars) if not ch.isspace()), None)
        if start is not None:
            end = next((i for i in range(start, len(chars)) if chars[i].isspace()), len(chars))
            word = "".join(chars[start:end])
            if word == word.lower():
                upper(start)
    elif case == "capitalize-all":
        for m in _WORD.finditer(text):
            for i in range(m.start(), m.end()):
                if chars[i].isalpha():
                    upper(i)
                    break
    elif case == "sentence":
        all_upper = text.upper() == text
        first = True
        for m in _WORD.finditer(text):
            word = m.group()
            start = m.start()
            letters = [i for i in range(start, m.end()) if chars[i].isalpha()]
            if not letters:
                continue
            if first:
                upper(letters[0])
                if all_upper:
                    for i in letters[1:]:
                        lower(i)
                first = False
            elif all_upper or (chars[letters[0]].isupper() and all(chars[i].islower() for i in letters[1:])):
                # Capitalised words go lower case; acronyms (UK) stay unless all the text is capitals.
                for i in letters:
                    lower(i)
            del word
    elif case == "title":
        if not english:
            return
        all_upper = False
        words = list(_WORD.finditer(text))
        for index, m in enumerate(words):
            word = m.group()
            start = m.start()
            core = word.strip("\"'“”‘’([{.,:;!?")
            offset = word.find(core[:1]) if core else 0
            if all_upper:
                for i in range(start, m.end()):
                    lower(i)
                core_l = core.lower()
            else:
                core_l = core
            # What precedes the word ends in ":", "?" or "!", then spaces, then opening quotes or brackets
            # (the regex [:?!]\s*["'“‘(]*$ on text[:start], without copying the text for every word).
            after_colon = index > 0 and text[:start].rstrip("\"'“‘(").rstrip().endswith((":", "?", "!"))
            first = index == 0
            last = index == len(words) - 1
            lowered = core_l.lower()
            # The first part of a hyphenated compound is capitalised even if a stop word ("Pro-Life").
            hyphenated = (
                m.end() < len(text) and text[m.end()] == "-" and (start == 0 or text[start - 1] != "-")
            )
            if lowered in STOP_WORDS and not first and not after_colon and not last and not hyphenated:
                if core_l == lowered or all_upper:
                    continue
                continue
            # Words that already carry capitals after the first letter (iPhone, McKay, USA) are kept.
            rest = core_l[1:]
            # (islower first: a word all in lower case after its first letter, nearly every word, has no
            # capital to look for.)
            if not all_upper and rest and not rest.islower() and any(c.isupper() for c in rest):
                continue
            if start > 0 and text[start - 1] == "-" and start > 1 and text[start - 2].isdigit():
                continue
            if len(core_l) == 1 and (
                "\u0370" <= core_l <= "\u03ff"
                or not (first or after_colon or (hyphenated and not _TAG.search(text, 0, start)))
            ):
                # citeproc-js leaves a one-letter word alone ("Big x Here", "r/AskHistorians", a lone
                # Greek letter always: "β-Carotine") unless it opens the title or a subtitle, or opens a
                # hyphenated compound before any of its separators (quotes, dashes, "/", punctuation,
                # brackets) has occurred: "Big X-Ray", but "On E-Mail and x-Ray" (its title case looks
                # for the hyphen only in the first run of text).
                continue
            if (core_l and core_l[0].islower()) or all_upper:
                i = start + offset
                while i < m.end() and not chars[i].isalpha():
                    i += 1
                if i < m.end() and chars[i].upper() != chars[i]:
                    upper(i)  # any script with case: Latin, Cyrillic, Greek, Armenian
    if case == "title" and english:
        # "chiculture.org.hk" -> "Chiculture.Org.Hk": citeproc-js starts a word after a period.
        for m in re.finditer(r"(?<=[A-Za-z0-9]\.)[a-z]", text):
            upper(m.start())
    _write_back(items, chars)


# The separators of citeproc-js's title case (CSL.Output.Formatters' tag pattern, markup aside).
_TAG = re.compile("[\u2018\u2019\u201c\u201d\"'\\-\u2013\u2014/.,;?!:\\[\\]()]")
_PERIOD_BEFORE_NON_LOWER = re.compile(r"\.(?=[^a-z]|$)")


def strip_periods(node: Node, keep_inner: bool = False) -> None:
    """Remove periods; ``keep_inner`` (a variable's text, as citeproc-js strips it) keeps a period
    followed by a lower-case letter: "ee-arts.biz" stays, "Proc. Natl. Acad." loses its periods."""
    for leaf in leaves(node):
        if not leaf.glue:
            if keep_inner:
                leaf.text = _PERIOD_BEFORE_NON_LOWER.sub("", leaf.text)
            else:
                leaf.text = leaf.text.replace(".", "")


__all__ = ["Span", "apply_text_case", "strip_periods"]
