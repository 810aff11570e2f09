"""In-field markup of CSL-JSON values: ``<i> <b> <sc> <sup> <sub> <span class="nocase">`` and quotation
marks, parsed into output nodes (never trusted as HTML: anything else stays literal text)."""

from __future__ import annotations

import re

from pactcli.csl.names import is_romanesque
from pactcli.csl.output import Node, Span, Text

_TAGS = (
    r'<i>|</i>|<b>|</b>|<sc>|</sc>|<sup>|</sup>|<sub>|</sub>|<span class="nocase">|'
    r'<span style="font-variant:\s*small-caps;?">|<span class="smallcaps">|<span class="nodecor">|</span>|'
    r'"|\u201c|\u201d|'
    r"'|\u2018|\u2019"
)
_TAG = re.compile(f"({_TAGS})")

QuoteMarks = tuple[tuple[str, str, bool], ...]
"""A locale's own quotation marks as field markup: (opening, closing, whether inner) pairs (see
:func:`quote_marks`)."""


def quote_marks(outer: tuple[str, str], inner: tuple[str, str]) -> QuoteMarks:
    """The quotation marks of a locale that a field's text is read with besides the straight and English
    curly ones, as citeproc-js's flip-flopper registers them: its open- and close-quote terms, then its
    inner ones (where both pairs open with the same mark, the inner one stands), unless a pair opens with a
    straight mark or closes with the mark it opens with (such a pair never closes in citeproc-js), or is
    English curly marks, which are read in every locale (and printed as typed where they are not the
    locale's own: pactcli.csl.output)."""
    marks: dict[str, tuple[str, bool]] = {}
    for (opening, closing), is_inner in ((outer, False), (inner, True)):
        if not opening or not closing or opening == closing or opening in ('"', "'", ' "', " '"):
            continue
        if (opening, closing) in (("\u201c", "\u201d"), ("\u2018", "\u2019")):
            continue
        marks[opening] = (closing, is_inner)
    return tuple((opening, closing, is_inner) for opening, (closing, is_inner) in marks.items())


_MARKED_TAGS: dict[QuoteMarks, re.Pattern[str]] = {(): _TAG}


def _tag_pattern(marks: QuoteMarks) -> re.Pattern[str]:
    found = _MARKED_TAGS.get(marks)
    if found is None:
        extra = sorted({mark for opening, closing, _ in marks for mark in (opening, closing)}, key=len)
        alternatives = "|".join(re.escape(mark) for mark in reversed(extra))  # the longest first
        found = _MARKED_TAGS[marks] = re.compile(f"({alternatives}|{_TAGS})")
    return found


_OPEN = {
    "<i>": ("i", {"font-style": "italic"}),
    "<b>": ("b", {"font-weight": "bold"}),
    "<sc>": ("sc", {"font-variant": "small-caps"}),
    "<sup>": ("sup", {"vertical-align": "sup"}),
    "<sub>": ("sub", {"vertical-align": "sub"}),
}
_CLOSE = {"</i>": "i", "</b>": "b", "</sc>": "sc", "</sup>": "sup", "</sub>": "sub", "</span>": "span"}


def parse_markup(text: str, marks: QuoteMarks = ()) -> Span:
    """Parse ``text`` into a span; unmatched tags and quotes stay as literal characters. ``marks``: the
    locale's own quotation marks (:func:`quote_marks`)."""
    root = Span()
    # stack entries: (kind, span, literal opening text)
    stack: list[tuple[str, Span, str]] = [("root", root, "")]
    pieces = _tag_pattern(marks).split(text)
    openers = {opening: (closing, is_inner) for opening, closing, is_inner in marks}
    closers = {closing for _, closing, _ in marks}
    pos = 0
    opened_at = -1  # where the last opening tag ended: a quote right after one opens
    for index, piece in enumerate(pieces):
        if not piece:
            continue
        odd = index % 2 == 1
        start = pos
        pos += len(piece)
        if not odd:
            stack[-1][1].children.append(Text(piece))
            continue
        prev = text[start - 1] if start > 0 else ""
        nxt = text[pos] if pos < len(text) else ""
        kinds = [k for k, _, _ in stack]
        if piece in openers:
            # A locale's own mark opens (before it closes: citeproc-js tries a tag as an opener first).
            quote = Span(quotes=True, data_quote=True, inner_quote=openers[piece][1], typed=piece)
            stack.append(("q" + piece, quote, piece))
            opened_at = pos
            continue
        if piece in closers:
            open_kind = next((k for k in reversed(kinds) if k[:1] == "q" and openers[k[1:]][0] == piece), "")
            if open_kind:
                _close_to(stack, open_kind)
                continue
        if piece in _OPEN:
            kind, fmt = _OPEN[piece]
            # Small caps, superscript and subscript are never re-cased (citeproc-js).
            span = Span(fmt=dict(fmt), nocase=kind in ("sc", "sup", "sub"), markup=True)
            stack.append((kind, span, piece))
            opened_at = pos
        elif piece.startswith("<span") and "nocase" in piece:
            stack.append(("span", Span(nocase=True), piece))
            opened_at = pos
        elif piece.startswith("<span") and "nodecor" in piece:
            stack.append(("span", Span(fmt={"nodecor": "true"}, nocase=True), piece))
            opened_at = pos
        elif piece.startswith("<span"):
            stack.append(("span", Span(fmt={"font-variant": "small-caps"}, nocase=True, markup=True), piece))
            opened_at = pos
        elif piece in _CLOSE:
            kind = _CLOSE[piece]
            if kind in kinds[1:]:
                _close_to(stack, kind)
            else:
                stack[-1][1].children.append(Text(piece))
        elif piece == '"':
            # citeproc-js's flip-flopper reads a straight double quote after a space, a parenthesis, the
            # start or an opening tag as an opening quote (its " \"" and "(\"" tags), any other as a
            # closing one; an opening one never closed, or a closing one with none open, stays as typed.
            if prev in ("", " ", "(") or start == opened_at:
                stack.append(('"', Span(quotes=True, data_quote=True, typed=""), piece))
                opened_at = pos
            elif '"' in kinds:
                _close_to(stack, '"')
            else:
                stack[-1][1].children.append(Text(piece))
        elif piece in ("\u201c", "\u201d"):
            closing = piece == "\u201d"
            if closing and '"' in kinds:
                _close_to(stack, '"')
            elif piece == "\u201d":
                stack[-1][1].children.append(Text(piece))
            else:
                stack.append(('"', Span(quotes=True, data_quote=True, typed=piece), piece))
                opened_at = pos
        elif piece == "'":
            # As a straight double quote, with citeproc-js's apostrophes first (_apostropheForce): one
            # that would close but has text after it other than punctuation or a space ("It's"), or
            # that would open before a space, is an apostrophe; so is one left unmatched.
            after = pieces[index + 1] if index + 1 < len(pieces) else ""
            opening = prev in ("", " ", "(") or start == opened_at
            if (not opening and after[:1] not in ("", ",", ".", "?", ":", ";", " ")) or (
                opening and after[:1] == " "
            ):
                stack[-1][1].children.append(Text("\u2019"))
            elif opening:
                # Left unmatched, it is an apostrophe, but after a parenthesis as typed (citeproc-js
                # neutralises only its " '" tag).
                unmatched = "'" if prev == "(" else "\u2019"
                stack.append(("'", Span(quotes=True, data_quote=True, inner_quote=True, typed=""), unmatched))
                opened_at = pos
            elif "'" in kinds:
                _close_to(stack, "'")
            else:
                stack[-1][1].children.append(Text("\u2019"))
        elif piece == "\u2019" and is_romanesque(prev) and is_romanesque(nxt):
            # Between two letters (or digits) it is an apostrophe (citeproc-js reads it as one there).
            stack[-1][1].children.append(Text("\u2019"))
        elif piece == "\u2018":
            # An opening mark wherever it is typed (it is an opening tag for citeproc-js's flip-flopper);
            # one never closed stays as typed.
            stack.append(("'", Span(quotes=True, data_quote=True, inner_quote=True, typed=piece), piece))
            opened_at = pos
        elif piece == "\u2019" and "'" in kinds:
            _close_to(stack, "'")
        else:
            stack[-1][1].children.append(Text("\u2019" if piece == "'" else piece))
    # Anything left open was never closed: keep its opening text literally.
    while len(stack) > 1:
        kind, span, literal = stack.pop()
        parent = stack[-1][1]
        parent.children.append(Text(literal))
        parent.children.extend(span.children)
    _first_kind_outer(root)
    return root


def _quote_spans(node: Span) -> list[Span]:
    out: list[Span] = []
    for child in node.children:
        if isinstance(child, Span):
            if child.quotes:
                out.append(child)
            out.extend(_quote_spans(child))
    return out


def _first_kind_outer(root: Span) -> None:
    """The kind of quotation mark a field uses first is its outer one (citeproc-js): 'a' alone is
    printed with double quotes, "a 'b'" and "'a' and \"b\"" keep the second kind as the inner one."""
    spans = _quote_spans(root)
    if spans and spans[0].inner_quote:
        for span in spans:
            span.inner_quote = not span.inner_quote


def _close_to(stack: list[tuple[str, Span, str]], kind: str) -> None:
    while len(stack) > 1:
        k, span, literal = stack.pop()
        parent = stack[-1][1]
        if k == kind:
            parent.children.append(span)
            return
        # An inner element left open inside a closed one: keep its text literally.
        parent.children.append(Text(literal))
        parent.children.extend(span.children)


def markup_node(text: str, affix: bool = False, marks: QuoteMarks = ()) -> Node:
    """A field value as an output node (a bare :class:`Text` when it has no markup). Quotation marks
    typed in a cite's prefix or suffix (``affix``) keep the punctuation that follows them outside;
    ``marks``: the locale's own quotation marks (:func:`quote_marks`)."""
    if not (_MARKED_TAGS.get(marks) or _tag_pattern(marks)).search(text):
        return Text(text)
    if marks and not affix and ("\u00ab " in text or " \u00bb" in text):
        # citeproc-js puts a narrow no-break space after "«" and before "»" in a string before reading its
        # markup (pactcli.csl.output does it for printed text): where they are the locale's quotation
        # marks, the spaces are inside the quote when they are read.
        text = text.replace("\u00ab ", "\u00ab\u202f").replace(" \u00bb", "\u202f\u00bb")
    node = parse_markup(text, marks)
    if not affix:
        _field_quotes(node)
    return node


def _field_quotes(node: Node) -> None:
    """Quotes typed in a field take in a period or comma that the style puts after them; a field's own
    text after its closing quote stays where it is (citeproc-js)."""
    if isinstance(node, Span):
        for index, child in enumerate(node.children):
            if isinstance(child, Span) and child.data_quote:
                followed = index + 1 < len(node.children)
                child.data_quote = followed
                child.field_quote = not followed
            _field_quotes(child)
