"""Field text: quotes, apostrophes and text-case, as citeproc-js treats them.

``field()`` ports ``CSL.Util.FlipFlopper.processTags`` (citeproc_commonjs.js) for quote
marks: straight or curly quotes in a title become quote markup whose form (double or
single) depends on nesting, and a straight apostrophe becomes ``’``. HTML-like tags in
field values (``<i>``, ``<b>``, ``<span class="nocase">``) are *not* interpreted: pactcli
treats field values as plain text (a documented difference from citeproc-js).

``title_case()`` ports ``CSL.Output.Formatters.title``: it capitalises lower-case words
that are not stop words (and the first word, and the first word after ``: ? !``), and never
lower-cases anything. Styles apply it only to English items (``language`` unset or
``en…``), as citeproc-js does.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from .markup import ROMANESQUE_RE, Frag, Piece

_ROM = ROMANESQUE_RE.pattern
_APOS_RE = re.compile(f"({_ROM})\u2019({_ROM})")
_TAG_RE = re.compile("( \"| '|\\(\"|\\('|\u201c|\u2018|\"|'|\u201d|\u2019)")
_OPENERS = {' "': '"', " '": "'", '("': '"', "('": "'", "\u201c": "\u201d", "\u2018": "\u2019"}
_FLIP = {" '": ' "', ' "': " '", '("': "('", "('": '("'}


def _split(s: str) -> tuple[list[str], list[str]]:
    parts = _TAG_RE.split(s)
    return parts[0::2], parts[1::2]


def field(value: str, italic: bool = False) -> Frag:
    """Field text as pieces, with quote markup resolved (CSL.Util.FlipFlopper)."""
    if not value:
        return []
    if italic and not ROMANESQUE_RE.search(value):
        italic = False  # citeproc-js drops font-style on text without Latin-like letters
    s = " " + _APOS_RE.sub(r"\1'\2", value)
    strings, tags = _split(s)
    if not tags:
        return [Piece("t", value, italic)]
    forced: list[bool] = []
    for i in range(len(tags) - 1):
        if tags[i] in _OPENERS:
            if strings[i + 1] == "" and tags[i + 1] in ('"', "'"):
                tags[i + 1] = " " + tags[i + 1]
                forced.append(True)
            else:
                forced.append(False)

    def forced_at(k: int) -> bool:
        return 0 <= k < len(forced) and forced[k]

    stack: list[tuple[str, int]] = []  # (closer, pos)
    for i in range(len(tags)):
        tag = tags[i]
        nxt = strings[i + 1]
        apostrophe = None
        if tag == "'" and nxt and nxt[0] not in ",.?:; ":
            apostrophe = "\u2019"
        elif tag == " '" and nxt and nxt[0] == " ":
            apostrophe = " \u2019"
        if apostrophe:
            strings[i + 1] = apostrophe + nxt
            tags[i] = ""
            continue
        fixtag: int | None = None
        while True:
            fixtag = None
            if tag in _OPENERS:
                stack.append((_OPENERS[tag], i))
                break
            if stack and tag == stack[-1][0]:
                stack.pop()
                break
            fixtag = stack[-1][1] if stack else i
            if tag == "'":
                strings[i + 1] = "\u2019" + strings[i + 1]
                tags[i] = ""
            else:
                failed = tags[fixtag]
                if forced_at(fixtag - 1):
                    failed = failed[1:]
                strings[fixtag + 1] = failed + strings[fixtag + 1]
                tags[fixtag] = ""
            if stack:
                if tag != "'":
                    stack.pop()
                    continue
                break
            break
        if fixtag is not None:
            strings[i + 1] = tags[i] + strings[i + 1]
            tags[i] = ""
    for _closer, pos in reversed(stack):
        tag = tags[pos]
        if tag in (" '", "'"):
            strings[pos + 1] = " \u2019" + strings[pos + 1]
        else:
            strings[pos + 1] = tag + strings[pos + 1]
        tags[pos] = ""
    # drop neutralised tags
    i = len(tags) - 1
    while i >= 0:
        if not tags[i]:
            strings[i] = strings[i] + strings[i + 1]
            del strings[i + 1]
            del tags[i]
        i -= 1
    outer = {' "': True, " '": False, '("': True, "('": False, "\u201c": True, "\u2018": False}
    seen = False
    for i, tag in enumerate(tags):
        if tag in _FLIP:
            if not seen:
                outer[tag] = True
                outer[_FLIP[tag]] = False
                seen = True
            strings[i] += tag[0]
    if strings[0].startswith(" "):
        strings[0] = strings[0][1:]
    frag: Frag = []
    if strings[0]:
        frag.append(Piece("t", strings[0], italic))
    open_stack: list[bool] = []  # the root form of each open quote
    for i, tag in enumerate(tags):
        if tag in _OPENERS:
            root = open_stack[0] if open_stack else outer[tag]
            frag.append(Piece("oq", "", italic, root, len(open_stack)))
            open_stack.append(root)
        else:
            if open_stack:
                open_stack.pop()
            root = open_stack[0] if open_stack else True
            frag.append(Piece("cq", "", italic, _root_of(frag, len(open_stack)), len(open_stack)))
            del root
        if strings[i + 1]:
            frag.append(Piece("t", strings[i + 1], italic))
    return frag


def _root_of(frag: Frag, depth: int) -> bool:
    # the closing quote takes the form of its matching opening quote
    level = 0
    for pc in reversed(frag):
        if pc.kind == "cq":
            level += 1
        elif pc.kind == "oq":
            if level == 0 and pc.depth == depth:
                return pc.outer
            level -= 1
    return True


# citeproc-js CSL.SKIP_WORDS (the locale's default stop words for title case)
SKIP_WORDS = frozenset(
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
        "via",
        "vis-à-vis",
        "with",
        "within",
        "without",
        "or",
        "yet",
        "so",
        "for",
        "and",
        "nor",
        "a",
        "an",
        "the",
        "de",
        "d'",
        "von",
        "van",
        "c",
        "ca",
    ]
)
_CASE_TAG_RE = re.compile("(\u2018|\u2019|\u201c|\u201d| \"| '|\"|'|[-\u2013\u2014/.,;?!:]|\\[|\\]|\\(|\\))")
_WORD_SPLIT_RE = re.compile("([\u00a0\u0020\u2000-\u200b\u205f\u3000]+)")


def _capitalise(word: str) -> str:
    m = re.match(r"(\s*)(.)(.*)", word, re.S)
    if m and not (re.match("[\u0370-\u03ff]$", m.group(2)) and not m.group(3)):
        return m.group(1) + m.group(2).upper() + m.group(3)
    return word


def title_case(value: str) -> str:
    """citeproc-js text-case="title" (CSL.Output.Formatters.title)."""
    if not value:
        return value
    parts = _CASE_TAG_RE.split(value)
    strings, tags = parts[0::2], parts[1::2]
    # CSL.Doppeler: a straight apostrophe followed by text stays with that text
    for i in range(len(tags) - 1, -1, -1):
        if tags[i] == "'" and strings[i + 1]:
            strings[i + 1] = "'" + strings[i + 1]
            tags[i] = ""
    state = {"first": True, "after": False}
    last: list[tuple[int, int]] = []  # (string index, word index) of the last word seen

    def cap_words(s: str, following: str, index: int) -> str:
        if not s.strip():
            return s
        chunks = _WORD_SPLIT_RE.split(s)
        words = chunks[0::2]
        for j, word in enumerate(words):
            if not word:
                continue
            lcase = word.lower()
            capitalize = False
            if (
                (len(word) > 1 and lcase not in SKIP_WORDS)
                or (j == len(words) - 1 and following == "-")
                or state["first"]
                or state["after"]
            ):
                capitalize = True
            if capitalize and word == lcase:
                words[j] = _capitalise(word)
            state["after"] = False
            state["first"] = False
            last[:] = [(index, j)]
        chunks[0::2] = words
        return "".join(chunks)

    if strings and strings[0].strip():
        strings[0] = cap_words(strings[0], tags[0] if tags else "", 0)
    for i, tag in enumerate(tags):
        if re.search(r"[!?:]$", tag):
            state["after"] = True
        # citeproc-js passes the wrong argument here, so the "stop word before a hyphen"
        # rule only ever applies to the first segment; reproduced for identical output
        strings[i + 1] = cap_words(strings[i + 1], "", i + 1)
    if last:
        # a stop word that ends the title is capitalised (CSL 1.0.2, "Title case conversion")
        si, wj = last[0]
        chunks = _WORD_SPLIT_RE.split(strings[si])
        words = chunks[0::2]
        if wj < len(words) and len(words[wj]) > 1 and words[wj].lower() in SKIP_WORDS:
            words[wj] = _capitalise(words[wj])
            chunks[0::2] = words
            strings[si] = "".join(chunks)
    out = [strings[0]]
    for i, tag in enumerate(tags):
        out.append(tag)
        out.append(strings[i + 1])
    return "".join(out)


def is_english(item: Mapping[str, Any]) -> bool:
    lang = item.get("language")
    if not isinstance(lang, str) or not lang.strip():
        return True
    return lang.strip().lower().startswith("en")


def capitalize_first(value: str) -> str:
    """citeproc-js text-case="capitalize-first": upper-case the first letter of a lower-case word."""
    m = re.match(r"(\s*)(\S+)(.*)", value, re.S)
    if not m:
        return value
    word = m.group(2)
    if word == word.lower():
        word = _capitalise(word)
    return m.group(1) + word + m.group(3)
