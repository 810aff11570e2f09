"""text-case (pactcli.csl.textcase): exact cases of CSL's rules, and the implementation against the plain
character-by-character one it replaced (it reads the text once and changes only the characters that change;
the official test suite checks the rules themselves, tests/test_csl_suite.py)."""

from __future__ import annotations

import copy
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from pactcli.csl.output import Node, Span, Text
from pactcli.csl.textcase import _WORD, STOP_WORDS, apply_text_case

TAG = re.compile("[\u2018\u2019\u201c\u201d\"'\\-\u2013\u2014/.,;?!:\\[\\]()]")


def stop(word: str) -> bool:
    # citeproc-js joins its stop words into a regular expression: "v." and "vs." match any character there.
    return word in STOP_WORDS or (len(word) == 2 and word[0] == "v") or (len(word) == 3 and word[:2] == "vs")


def reference(node: Node, case: str, english: bool = True) -> None:
    """text-case as it was written before (a list of characters and a mask, changed in place)."""
    if not case:
        return
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
    text = "".join(t.text for t in items)
    if not text:
        return
    chars = list(text)

    def upper(i: int) -> None:
        if not mask[i]:
            chars[i] = chars[i].upper()

    def capital(i: int) -> None:
        # A word's capital, except a Greek letter standing alone ("τ."): citeproc-js's _capitalise.
        alone = i + 1 == len(text) or text[i + 1].isspace() or TAG.match(text, i + 1) is not None
        if not ("\u0370" <= text[i] <= "\u03ff" and alone):
            upper(i)

    whole = text.lower()

    def lower(i: int) -> None:
        if not mask[i]:
            # Except that a capital sigma ending a word is "ς" (Unicode's Final_Sigma, as str.lower() of
            # the whole text applies it; JavaScript does the same: tests/test_csl_casing.py).
            chars[i] = whole[len(text[:i].lower())] if text[i] == "\u03a3" else chars[i].lower()

    if case == "lowercase":
        for i in range(len(chars)):
            lower(i)
    elif case == "uppercase":
        for i in range(len(chars)):
            upper(i)
    elif case == "capitalize-first":
        # The first word of the first text between citeproc-js's tags (quotes, brackets, punctuation).
        start = next(
            (i for i, ch in enumerate(chars) if not ch.isspace() and TAG.match(text, i) is None), None
        )
        if start is not None:
            end = next(
                (i for i in range(start, len(chars)) if chars[i].isspace() or TAG.match(text, i)),
                len(chars),
            )
            word = "".join(chars[start:end])
            if word == word.lower():
                capital(start)
    elif case == "capitalize-all":
        for m in _WORD.finditer(text):
            for i in range(m.start(), m.end()):
                if chars[i].isalpha():
                    capital(i)
                    break
    elif case == "sentence":
        all_upper = text.upper() == text
        first = True
        for m in _WORD.finditer(text):
            letters = [i for i in range(m.start(), m.end()) if chars[i].isalpha()]
            if not letters:
                continue
            if first:
                capital(letters[0])
                if all_upper:
                    for i in letters[1:]:
                        lower(i)
                first = False
            elif all_upper or (chars[letters[0]].isupper() and all(chars[i].islower() for i in letters[1:])):
                for i in letters:
                    lower(i)
    elif case == "title":
        if not english:
            return
        words = list(_WORD.finditer(text))
        for index, m in enumerate(words):
            word = m.group()
            start = m.start()
            core = word.strip("\"'“”‘’([.,:;!?")
            offset = word.find(core[:1]) if core else 0
            # The part before the first period, comma, colon or bracket is what is tested against the stop
            # words; more of the word after it keeps a last word a stop word ("(v4.1)").
            fragment = re.match(r"[^.,;:?!()\[\]]*", core.lower()).group()  # type: ignore[union-attr]
            more = re.search(r"[^\W_]", core.lower()[len(fragment) :]) is not None
            after_colon = re.search(r"[:?!]\s*[\"'“‘(]*$", text[:start]) is not None and index > 0
            first = index == 0
            last = index == len(words) - 1
            end = m.end()
            hyphenated = end < len(text) and text[end] == "-" and (start == 0 or text[start - 1] != "-")
            if (
                stop(fragment)
                and not first
                and not after_colon
                and not (last and not more)
                and not hyphenated
            ):
                continue
            rest = core[1:]
            if rest and any(c.isupper() for c in rest):
                continue
            if start > 1 and text[start - 1] == "-" and text[start - 2].isdigit():
                continue
            if len(core) == 1 and (
                "\u0370" <= core <= "\u03ff"
                or not (first or after_colon or (hyphenated and not TAG.search(text, 0, start)))
            ):
                continue
            if core and core[0].islower():
                i = start + offset
                while i < m.end() and not chars[i].isalpha():
                    i += 1
                if i < end and chars[i].upper() != chars[i]:
                    upper(i)
        for m in re.finditer(r"(?<=[^\W_]\.)[^\W\d_][^\s.,;:?!()\[\]\-\u2013\u2014/]*", text):
            if not m.group()[0].islower():
                continue
            # After a period a word starts, unless it is one letter or a stop word that is not the last.
            last_word = re.search(r"[^\W_]", text[m.end() :]) is None
            if len(m.group()) > 1 and (last_word or not stop(m.group().lower())):
                upper(m.start())
    pos = 0
    for item in items:
        n = len(item.text)
        item.text = "".join(chars[pos : pos + n])
        pos += n


def cased(text: str, case: str) -> str:
    node = Span([Text(text)])
    apply_text_case(node, case)
    return "".join(leaf.text for leaf in node.children if isinstance(leaf, Text))


def test_title_case() -> None:
    assert cased("the war against japan: a history of the pact", "title") == (
        "The War against Japan: A History of the Pact"
    )
    # Capitals inside a word are kept; a hyphenated compound's first part is capitalised even if a stop
    # word; a period starts a word; "in" after a colon and quotes is capitalised.
    assert cased("iPhone and the USA", "title") == "iPhone and the USA"
    assert cased("pro-life politics of the day", "title") == "Pro-Life Politics of the Day"
    assert cased("chiculture.org.hk", "title") == "Chiculture.Org.Hk"
    assert cased("war: “in the east”", "title") == "War: “In the East”"
    # A one-letter word is left alone unless it opens the title or a subtitle; any cased script.
    assert cased("big x here: x marks", "title") == "Big x Here: X Marks"
    assert cased("война и мир", "title") == "Война и Мир"


def test_other_cases() -> None:
    assert cased("in 22 июня", "capitalize-first") == "In 22 июня"
    assert cased("iPhone sales", "capitalize-first") == "iPhone sales"
    assert cased("straße der sieger", "capitalize-all") == "Straße Der Sieger"
    assert cased("straße", "uppercase") == "STRASSE"
    assert cased("The Soviet Union and the UK", "sentence") == "The soviet union and the UK"


def test_nocase_and_glue_are_left_alone() -> None:
    node = Span([Text("the "), Span([Text("van gogh")], nocase=True), Text(", "), Text("letters", glue=True)])
    apply_text_case(node, "uppercase")
    assert node == Span(
        [Text("THE "), Span([Text("van gogh")], nocase=True), Text(", "), Text("letters", glue=True)]
    )


WORDS = [
    *["the", "of", "a", "and", "on", "vs.", "d’", "Pro", "iPhone", "USA", "McKay", "war", "pact", "i"],
    *["ß", "straße", "über", "ǆ", "ﬁne", "İstanbul", "Σ", "ΣΑΣ", "июня", "1945", "3-d", "pro-life"],
    *["chiculture.org.hk", "x.y", "(in", '"the', "'war'", "“quoted”", "a/b", "abc-", "-x", "x", "β", "и"],
]
SEPARATORS = [" ", "  ", ": ", "? ", "! ", ":“", "-", "–", "/", " (", ". ", "\t", "\u00a0", ""]
texts = st.one_of(
    st.text(max_size=30),
    st.lists(st.tuples(st.sampled_from(WORDS), st.sampled_from(SEPARATORS)), max_size=8).map(
        lambda parts: "".join(word + sep for word, sep in parts)
    ),
)
leaves = st.builds(Text, texts, st.booleans(), st.booleans())
trees = st.recursive(
    leaves, lambda kids: st.builds(lambda c, n: Span(c, nocase=n), st.lists(kids, max_size=4), st.booleans())
)
CASES = ["", "lowercase", "uppercase", "capitalize-first", "capitalize-all", "sentence", "title"]


@settings(max_examples=1000)
@given(trees, st.sampled_from(CASES), st.booleans())
def test_the_same_as_character_by_character(node: Node, case: str, english: bool) -> None:
    expected = copy.deepcopy(node)
    reference(expected, case, english)
    apply_text_case(node, case, english)
    assert node == expected
