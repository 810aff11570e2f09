"""text-case: lowercase, uppercase, capitalize-first, capitalize-all, sentence and title (CSL 1.0.2 rules:
English only, stop words lower-cased except first, last and after a colon; words with capitals kept;
``nocase`` spans untouched). Words may span several output leaves, so the case is decided on the joined
text and written back leaf by leaf."""

from __future__ import annotations

import re

from pactcli.csl import casing
from pactcli.csl.casing import unicode_lower
from pactcli.csl.output import Node, Span, Text, leaves

# citeproc-js's list (CSL's stop words, more prepositions, the Latin "et" and "al", and the particles de, d',
# von, van). Its " thru" and its phrases ("according to") hold a space and never match a word, so "thru" is
# capitalised; its "v." and "vs." are regular expressions there (see _is_stop_word).
STOP_WORDS = frozenset(
    [
        "about",
        "above",
        "across",
        "afore",
        "after",
        "against",
        "al",
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
        "et",
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


def _collect(node: Node) -> tuple[list[Text], str, list[bool] | None]:
    """The node's leaves that text-case may change (glue left out), their text joined, and which of its
    characters are ``nocase`` (None where none is: nearly always, so no list per character is built)."""
    items: list[Text] = []
    flags: list[bool] = []

    def walk(n: Node, nocase: bool) -> None:
        if isinstance(n, Text):
            if n.glue:
                return
            items.append(n)
            flags.append(nocase or n.nocase)
        else:
            for child in n.children:
                walk(child, nocase or n.nocase)

    walk(node, False)
    text = "".join([t.text for t in items])
    if not any(flags):
        return items, text, None
    mask: list[bool] = []
    for item, flag in zip(items, flags, strict=True):
        mask.extend([flag] * len(item.text))
    return items, text, mask


def _write_back(items: list[Text], text: str, changes: dict[int, str]) -> None:
    """Each leaf's share of ``text`` with the characters at the positions of ``changes`` replaced (a
    character's case can be longer than itself: "ß" is "SS" in capitals)."""
    if not changes:
        return
    chars = list(text)
    for i, changed in changes.items():
        chars[i] = changed
    pos = 0
    for item in items:
        n = len(item.text)
        item.text = "".join(chars[pos : pos + n])
        pos += n


# What title case strips from a word's ends to find its core, and what may stand between a colon (or "?",
# "!") and the word after it.
_WORD_EDGES = "\"'“”‘’([.,:;!?"
_OPENERS = "\"'“‘("
# citeproc-js starts a word after a period: "chiculture.org.hk" -> "Chiculture.Org.Hk" (a stop word or a
# single letter there stays: "of.the"), in any script: Bulgarian's "ред.кол." is "Ред.Кол.".
_AFTER_PERIOD = re.compile(r"(?<=[^\W_]\.)[^\W\d_][^\s.,;:?!()\[\]\-\u2013\u2014/]*")
# citeproc-js's title case splits a word at these too: what it tests against the stop words is the part of a
# word before the first of them ("(v4.1)" -> "v4").
_FRAGMENT = re.compile(r"[^.,;:?!()\[\]]*")
_ALNUM = re.compile(r"[^\W_]")


def _is_stop_word(word: str) -> bool:
    """Whether citeproc-js's title case takes ``word`` (lower case) for a stop word: its list joined into a
    regular expression, where "v." and "vs." match any character after "v" and "vs" ("v4", "va", "vsx")."""
    return word in STOP_WORDS or (len(word) == 2 and word[0] == "v") or (len(word) == 3 and word[:2] == "vs")


def apply_text_case(node: Node, case: str, english: bool = True, lang: str = "") -> None:
    """Apply text-case ``case`` to ``node``'s text; ``lang`` is the language it is cased in
    (pactcli.csl.casing.case_language: Turkish, Lithuanian and Greek have case rules of their own)."""
    if not case:
        return
    items, text, mask = _collect(node)
    if not text:
        return
    # The positions whose character changes, read from ``text``: every rule looks only at the characters of
    # the word it changes, and no character is changed twice but to the same (an upper-case letter's
    # upper case is itself).
    changes: dict[int, str] = {}
    special = lang in casing.SPECIAL

    def upper(i: int) -> None:
        # A capital letter, cased alone as citeproc-js's _capitalise does.
        if mask is None or not mask[i]:
            changes[i] = casing.upper(text[i], lang) if special else text[i].upper()

    lowered = casing.lower_map(text, lang) if case in ("lowercase", "sentence") else None

    def lower(i: int) -> None:
        # Lower case in context (a final sigma, a Turkish dotted capital).
        if mask is None or not mask[i]:
            changes[i] = unicode_lower(text[i]) if lowered is None else lowered[i]

    if case == "lowercase":
        for i in range(len(text)):
            lower(i)
    elif case == "uppercase":
        # The whole text in context (Greek drops its accents, and marks a diphthong broken by one).
        uppered = casing.upper_map(text, lang)
        for i in range(len(text)):
            if mask is None or not mask[i]:
                changes[i] = text[i].upper() if uppered is None else uppered[i]
    elif case == "capitalize-first":
        # citeproc-js: the first character of the first word, only where that word is all lower case
        # ("22 июня" and "1945. május" stay as they are, "iPhone" too). Words are read between its tags
        # (quotes, brackets and punctuation), so the first is that of the first piece of text after
        # them: Basque's "-(e)k itzulia" is "-(E)k itzulia". (lstrip and split know the same spaces as
        # isspace.)
        start = 0
        for tag in _TAG.finditer(text):
            if text[start : tag.start()].strip():
                break
            start = tag.end()
        piece = re.split(_TAG, text[start:], maxsplit=1)[0]
        rest = piece.lstrip()
        if rest:
            at = start + len(piece) - len(rest)
            word = rest.split(None, 1)[0]
            if word == unicode_lower(word) and not _lone_greek(text, at):
                upper(at)
    elif case == "capitalize-all":
        for m in _WORD.finditer(text):
            for i in range(m.start(), m.end()):
                if text[i].isalpha():
                    if not _lone_greek(text, i):
                        upper(i)
                    break
    elif case == "sentence":
        all_upper = text.upper() == text
        first = True
        for m in _WORD.finditer(text):
            letters = [i for i in range(m.start(), m.end()) if text[i].isalpha()]
            if not letters:
                continue
            if first:
                if not _lone_greek(text, letters[0]):
                    upper(letters[0])
                if all_upper:
                    for i in letters[1:]:
                        lower(i)
                first = False
            elif all_upper or (text[letters[0]].isupper() and all(text[i].islower() for i in letters[1:])):
                # Capitalised words go lower case; acronyms (UK) stay unless all the text is capitals.
                for i in letters:
                    lower(i)
    elif case == "title":
        if not english:
            return
        words = list(_WORD.finditer(text))
        last = len(words) - 1
        for index, m in enumerate(words):
            word = m.group()
            start, end = m.span()
            core = word.strip(_WORD_EDGES)
            lower_core = unicode_lower(core)
            fragment = lower_core if lower_core.isalpha() else _FRAGMENT.match(lower_core).group()  # type: ignore[union-attr]
            # A stop word stays as it is, except first, last (unless more of the word follows it: "(v4.1)"),
            # after a colon (or "?", "!"), and as the first part of a hyphenated compound ("Pro-Life").
            if (
                index
                and (index != last or _ALNUM.search(lower_core, len(fragment)))
                and _is_stop_word(fragment)
                and not _after_colon(text, start)
                and not _hyphenated(text, start, end)
            ):
                continue
            # Only a word in lower case is capitalised (nearly every word of a title in the data already
            # is): one that already carries capitals after the first letter (iPhone, McKay, USA) is kept.
            if not core or not core[0].islower():
                continue
            rest = core[1:]
            if rest and not rest.islower() and any(c.isupper() for c in rest):
                continue
            if start > 1 and text[start - 1] == "-" and text[start - 2].isdigit():
                continue
            if len(core) == 1 and (
                "\u0370" <= core <= "\u03ff"
                or not (
                    index == 0
                    or _after_colon(text, start)
                    or (_hyphenated(text, start, end) and not _TAG.search(text, 0, start))
                )
            ):
                # citeproc-js leaves a one-letter word alone ("Big x Here", "r/AskHistorians", a lone
                # Greek letter always: "β-Carotine") unless it opens the title or a subtitle, or opens a
                # hyphenated compound before any of its separators (quotes, dashes, "/", punctuation,
                # brackets) has occurred: "Big X-Ray", but "On E-Mail and x-Ray" (its title case looks
                # for the hyphen only in the first run of text).
                continue
            i = start + word.find(core[0])
            while i < end and not text[i].isalpha():
                i += 1
            if i < end and text[i].upper() != text[i]:
                upper(i)  # any script with case: Latin, Cyrillic, Greek, Armenian
        if "." in text:
            for m in _AFTER_PERIOD.finditer(text):
                after = m.group()
                # A stop word there stays, unless it is the title's last word ("servicebattalion.ca").
                last_word = not _ALNUM.search(text, m.end())
                if (
                    after[0].islower()
                    and len(after) > 1
                    and (last_word or not _is_stop_word(unicode_lower(after)))
                ):
                    upper(m.start())
    _write_back(items, text, changes)


def _lone_greek(text: str, i: int) -> bool:
    """Whether the letter at ``i`` is a Greek letter standing alone before a space, punctuation or the end
    ("τ." for "τόμος"): citeproc-js capitalises words between those separators and never a lone Greek
    letter (``_capitalise``)."""
    return "\u0370" <= text[i] <= "\u03ff" and (
        i + 1 == len(text) or text[i + 1].isspace() or _TAG.match(text, i + 1) is not None
    )


def _after_colon(text: str, start: int) -> bool:
    """Whether the word at ``start`` follows a ":", "?" or "!": what precedes it ends in one, then spaces,
    then opening quotes or brackets (the regex [:?!]\\s*["'“‘(]*$ on the text before it)."""
    return text[:start].rstrip(_OPENERS).rstrip().endswith((":", "?", "!"))


def _hyphenated(text: str, start: int, end: int) -> bool:
    """Whether the word from ``start`` to ``end`` is the first part of a hyphenated compound."""
    return end < len(text) and text[end] == "-" and (start == 0 or text[start - 1] != "-")


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
