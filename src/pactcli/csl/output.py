"""The intermediate output tree of formatted spans, and its HTML and plain-text serialisations.

Evaluation builds :class:`Span` trees; :func:`render` flattens one into tokens (text, open, close),
resolving flip-flop formatting (italic inside italic becomes roman, quotes inside quotes alternate),
moving punctuation into closing quotes where the locale asks, merging punctuation doubled where
affixes and delimiters meet, and writes the tokens as HTML or as text.
"""

from __future__ import annotations

import re

from pactcli.slotted import Slotted

PUNCT = ".,;:!?"


# Text and Span are built tens of thousands of times per bibliography: plain __init__s, nothing else per
# instance (pactcli.slotted gives them a dataclass's == and repr).
class Text(Slotted):
    __match_args__ = ("text", "nocase", "glue", "affix", "after_number", "level")
    __slots__ = __match_args__

    def __init__(
        self,
        text: str,
        nocase: bool = False,
        # Affixes and delimiters are "glue": text-case does not touch them.
        glue: bool = False,
        # "prefix" or "suffix" for an element's own affix (citeproc-js merges spaces by where affixes
        # sit); "suffix-kept" for the suffix of a number or of an element with formatting or quotes,
        # whose space citeproc-js keeps before a following sibling's prefix; "joint" for the delimiter
        # between two cites.
        affix: str = "",
        # A suffix after a number (or after the suffix of one): citeproc-js does not merge the suffix
        # around it with it ("45:" and "." stay "45:.").
        after_number: bool = False,
        # The affix of a group, macro call, date, names or layout, or a cite's own prefix or suffix: where
        # citeproc-js counts parentheses to flip nested ones in a note's citation (flip_nested_parens).
        level: bool = False,
    ) -> None:
        self.text = text
        self.nocase = nocase
        self.glue = glue
        self.affix = affix
        self.after_number = after_number
        self.level = level


class Span(Slotted):
    __match_args__ = (
        "children",
        "fmt",
        "quotes",
        "display",
        "nocase",
        "data_quote",
        "field_quote",
        "inner_quote",
        "markup",
        "typed",
        "sealed",
        "string_quote",
        "quotes_off",
    )
    __slots__ = __match_args__

    def __init__(
        self,
        children: list[Text | Span] | None = None,
        fmt: dict[str, str] | None = None,
        quotes: bool = False,
        display: str = "",
        nocase: bool = False,
        # Quotation marks typed in a cite's prefix or suffix rather than a style's quotes="true".
        data_quote: bool = False,
        # Quotes typed in a field: "field" (their following "." and "," move inside, nothing else).
        field_quote: bool = False,
        # Typed single quotes start as inner quotes, double ones as outer; each flips inside its own kind.
        inner_quote: bool = False,
        # Formatting typed in a field (<i>, <b>, <sc>...): it flips inside the same formatting; a style's
        # own formatting nested in the same formatting is printed again, as citeproc-js does.
        markup: bool = False,
        # The curly mark a field's quotation opened with ("\u201c", "\u2018"; "" for straight quotes and a
        # style's own): it is the locale's outer or inner quote by its shape (_Flattener.walk).
        typed: str = "",
        # The element's own formatting (font style, variant, weight, decoration, vertical alignment) is
        # on this span or inside it, with the element's affixes: "text" for a cs:text, cs:label or
        # cs:number (one string in citeproc-js), "group" for any other element. citeproc-js merges no
        # punctuation across such an element's edges (see _Flattener.text).
        sealed: str = "",
        # A style's quotes around one string of citeproc-js's (a cs:text of a variable, value or term
        # without markup, quotes or apostrophe): 1; 2 once a group or macro ends in it (bury_quote).
        # Such a string with its own suffix (the span of its affixes): 3, and 4 once buried.
        string_quote: int = 0,
        # A style's quotes="false": no marks, but the quotes typed inside it are a level below it (they
        # flip from it as from an inner quote in citeproc-js: the outer marks whatever their shape).
        quotes_off: bool = False,
    ) -> None:
        self.children = [] if children is None else children
        self.fmt = {} if fmt is None else fmt
        self.quotes = quotes
        self.display = display
        self.nocase = nocase
        self.data_quote = data_quote
        self.field_quote = field_quote
        self.inner_quote = inner_quote
        self.markup = markup
        self.typed = typed
        self.sealed = sealed
        self.string_quote = string_quote
        self.quotes_off = quotes_off


Node = Text | Span


def plain(node: Node | None) -> str:
    """The node's text without formatting (for sorting, disambiguation and emptiness tests)."""
    if node is None:
        return ""
    if isinstance(node, Text):
        return node.text
    return "".join(plain(child) for child in node.children)


def is_empty(node: Node | None) -> bool:
    """Whether ``node`` prints nothing: ``plain(node) == ""``, stopping at the first non-empty text (it is
    asked of every node at every level, so building the text each time would be quadratic). Children are
    looked at in order: the first is nearly always text, so the answer comes without building a stack."""
    if node is None:
        return True
    if isinstance(node, Text):
        return not node.text
    for child in node.children:
        if type(child) is Text:
            if child.text:
                return False
        elif not is_empty(child):
            return False
    return True


def leaves(node: Node) -> list[Text]:
    out: list[Text] = []

    def walk(n: Node) -> None:
        if isinstance(n, Text):
            out.append(n)
        else:
            for child in n.children:
                walk(child)

    walk(node)
    return out


# ---- flattening -------------------------------------------------------------------------------------


class Quotes(Slotted):
    __match_args__ = ("open_outer", "close_outer", "open_inner", "close_inner", "punctuation_in_quote")
    __slots__ = __match_args__

    def __init__(
        self,
        open_outer: str = "\u201c",
        close_outer: str = "\u201d",
        open_inner: str = "\u2018",
        close_inner: str = "\u2019",
        punctuation_in_quote: bool = False,
    ) -> None:
        self.open_outer = open_outer
        self.close_outer = close_outer
        self.open_inner = open_inner
        self.close_inner = close_inner
        self.punctuation_in_quote = punctuation_in_quote


Token = tuple[str, str]

HTML_OPEN = {
    "font-style:italic": "<i>",
    "font-style:oblique": '<span style="font-style:oblique;">',
    "font-style:normal": '<span style="font-style:normal;">',
    "font-weight:bold": "<b>",
    "font-weight:light": '<span style="font-weight:light;">',
    "font-weight:normal": '<span style="font-weight:normal;">',
    "font-variant:small-caps": '<span style="font-variant:small-caps;">',
    "font-variant:normal": '<span style="font-variant:normal;">',
    "text-decoration:underline": '<span style="text-decoration:underline;">',
    "text-decoration:none": '<span style="text-decoration:none;">',
    "vertical-align:sup": "<sup>",
    "vertical-align:sub": "<sub>",
    "vertical-align:baseline": '<span style="baseline">',
}
HTML_CLOSE = {key: ("</" + value[1:].split(">")[0].split(" ")[0] + ">") for key, value in HTML_OPEN.items()}

FLIP = {
    "font-style": ("italic", "normal"),
    "font-weight": ("bold", "normal"),
    "font-variant": ("small-caps", "normal"),
}


_BEFORE_HIGH_PUNCTUATION = re.compile(" ([:;?!\u00bb])")


class _Flattener:
    def __init__(self, quotes: Quotes) -> None:
        self.quotes = quotes
        self.tokens: list[Token] = []
        self.state: dict[str, str] = {
            "font-style": "normal",
            "font-weight": "normal",
            "font-variant": "normal",
        }
        self.quote_stack: list[bool] = []
        self.displayed = False  # whether a display element was opened (_punctuation_into_blocks)
        self.suffixes_at: set[int] = set()  # where, after a display element, a suffix's text starts
        # Whether the text so far ends in a space of an affix or delimiter: citeproc-js drops a space
        # only where two of those meet (a prefix or delimiter and the prefix inside it, a suffix and the
        # suffix around it); a space typed in a field or a text value is kept, even doubled.
        self.glue_space = False
        self.glue_char = ""
        self.last_affix = ""
        self.after_number = ""  # the mark that ends a suffix after a number, if the text so far ends in one
        # Whether formatting or quotes closed since the last text (an affix's space inside them stays).
        self.sealed = False
        # The kind of the element with formatting of its own (Span.sealed) that ended right before, if
        # nothing was printed since and no element around it ended.
        self.after_sealed = ""
        # Where the tokens of the innermost span without formatting began (Span.sealed's first place).
        self.span_start = 0
        self.markers = False  # whether a marker of structure was emitted (flatten)
        self.stripped: Text | None = None  # a prefix whose first mark went before a display block

    def walk(self, node: Node) -> None:
        if isinstance(node, Text):
            self.text(node)
            return
        if not node.fmt and not node.quotes and not node.display and not node.sealed and not node.quotes_off:
            # A span that only groups (most of them): no formatting to open, no state to restore.
            self.span_start = len(self.tokens)
            previous: Node | None = None
            for child in node.children:
                if type(child) is Text:
                    if child.text:
                        if (
                            type(previous) is Span
                            and previous.string_quote == 3
                            and child.glue
                            and not child.affix
                            and child.text[0] in PUNCT
                        ):
                            # A delimiter right after a string's own suffix: citeproc-js's adjust.downward
                            # appends its mark to that suffix, where only a doubled one goes ("Press:.").
                            self.tokens.append(("duponly", ""))
                        self.text(child)
                else:
                    self.walk(child)
                previous = child
            self.after_sealed = ""
            if node.string_quote == 4:
                self.tokens.append(("strend", ""))
                self.markers = True
            return
        self.walk_formatted(node)
        if node.string_quote == 4:
            self.tokens.append(("strend", ""))
            self.markers = True

    def text(self, node: Text) -> None:
        text = node.text
        if self.stripped is not None and node is self.stripped:
            text = text[1:]  # its first mark moved out of a display block (walk_formatted)
            self.stripped = None
        if self.after_sealed and text:
            # citeproc-js's adjust.leftward merges no punctuation between siblings where either has
            # formatting of its own ("<i>Surrender?</i>. In", "гг.</i>. Москва", ",," kept); after a cs:text
            # with formatting, a delimiter's mark merges only with the same mark (adjust.downward).
            if node.affix == "prefix":
                self.tokens.append(("nomerge", ""))
            elif self.after_sealed == "text" and node.glue and not node.affix:
                self.tokens.append(("duponly", ""))
            self.after_sealed = ""
        if text and not node.glue and (" " in text or "\u00ab" in text):
            # citeproc-js gives every string it prints (not the affixes or delimiters) a narrow no-break
            # space before : ; ? ! and » and after «, in any language (CSL.Output.Queue.append).
            text = _BEFORE_HIGH_PUNCTUATION.sub("\u202f\\1", text).replace("\u00ab ", "\u00ab\u202f")
        if text:
            if (
                node.glue
                and self.glue_space
                and text[0] == " "
                and not (self.last_affix == "suffix-kept" and node.affix == "prefix")
                # citeproc-js drops a prefix's space after the same character only: after a delimiter's
                # no-break space ("2005" "\u00a0" " a"), the prefix keeps its space.
                and not (node.affix == "prefix" and self.glue_char != " ")
            ):
                text = text[1:]
                if not text:
                    self.last_affix = node.affix
                    return
            if (
                self.after_number
                and node.affix.startswith("suffix")
                and text[0] in PUNCT
                and text[0] != self.after_number
            ):
                # A doubled mark is still dropped, other pairs are kept.
                self.tokens.append(("nomerge", ""))
            elif node.affix == "prefix" and self.last_affix == "prefix" and text[0] in PUNCT:
                # A prefix right after the prefix of the element around it: citeproc-js merges only their
                # spaces (adjust.upward), so ";" and ":" stay ";:" and "," and ", " stay ",, ".
                self.tokens.append(("nomerge", ""))
            # The delimiter between two cites is joined to the next cite as it is (citeproc-js's
            # splice delimiter): a space that opens the cite is kept after the delimiter's own.
            self.glue_space = node.glue and text[-1].isspace() and node.affix != "joint"
            self.glue_char = text[-1]
            self.sealed = False
            self.last_affix = node.affix
            self.after_number = text[-1] if node.after_number and text[-1] in PUNCT else ""
            if node.affix == "joint":
                self.tokens.append(("joint", ""))  # cites are joined after citeproc-js's adjust
                self.markers = True
            if self.displayed and node.affix.startswith("suffix"):
                self.suffixes_at.add(len(self.tokens))
            self.tokens.append(("text", text))

    def walk_formatted(self, node: Span) -> None:
        opened: list[str] = []
        saved = dict(self.state)
        if node.display:
            first = _first_prefix(node)
            if first is not None and not self.tokens:
                # citeproc-js's adjust.upward moves the first mark or space of a first prefix up through
                # first places without formatting or a prefix of their own: out of a block that opens
                # the entry.
                self.text(Text(first.text[0], first.nocase, True, "prefix"))
                self.stripped = first
            self.displayed = True
            self.tokens.append(("open", "display:" + node.display))
        if node.fmt.get("nodecor"):
            for key, (on, off) in FLIP.items():
                if self.state.get(key) == on:
                    self.state[key] = off
                    tag = f"{key}:{off}"
                    self.tokens.append(("open", tag))
                    opened.append(tag)
        for key in ("vertical-align", "font-weight", "font-style", "font-variant", "text-decoration"):
            value = node.fmt.get(key)
            if not value:
                continue
            current = self.state.get(key, "normal" if key in FLIP else "")
            if key in FLIP and node.markup:
                on, off = FLIP[key]
                if value == on and current == on:
                    value = off
                elif (value == off and current == off) or (value not in (on, off) and value == current):
                    continue
            elif (key in FLIP and value == FLIP[key][1] and current == value) or (
                key == "vertical-align" and value == current and node.markup
            ):
                continue
            self.state[key] = value
            tag = f"{key}:{value}"
            self.tokens.append(("open", tag))
            opened.append(tag)
        quoted = node.quotes
        inner = False
        literal = ""
        if quoted and node.typed and node.typed not in (self.quotes.open_inner, self.quotes.open_outer):
            # Curly marks typed in a field that open neither of the locale's quotes (English quotes in a
            # Russian or German style) are the field's own text, as in citeproc-js.
            quoted = False
            literal = node.typed
            self.tokens.append(("text", literal))
        if quoted:
            inner = node.inner_quote
            if node.typed:
                # Curly marks typed in a field are the locale's outer or inner quotes by their shape, as
                # citeproc-js reads them: "\u201cA\u201d" is an outer quote in en-US and an inner one in
                # en-GB (whose outer marks are single), printed as typed unless inside another quote.
                inner = node.typed == self.quotes.open_inner
            # Quotes that open right where others opened are not flipped: citeproc-js prints the same
            # marks twice (““…””) when a style quotes a macro and the title inside it.
            # Marks typed in the field are flipped there too ("\u201c\u2018a\u2019\u201d").
            fresh = (
                bool(self.tokens)
                and self.tokens[-1][0] == "oquote"
                and not (node.data_quote or node.field_quote)
            )
            if self.quote_stack and self.quote_stack[-1] == inner and not fresh:
                inner = not inner
            self.tokens.append(("oquote", self.quotes.open_inner if inner else self.quotes.open_outer))
            self.glue_space = False
            self.quote_stack.append(inner)
        quotes_off = node.quotes_off
        if quotes_off:
            self.quote_stack.append(True)
        sealed = node.sealed
        children = node.children
        if sealed:
            prefix = children[0] if children else None
            if (
                type(prefix) is Text
                and prefix.affix == "prefix"
                and len(self.tokens) == self.span_start
                and prefix.text[0] in PUNCT + " "
            ):
                # First in a span without prefix or formatting, the prefix's first mark or space moves
                # out to that span (citeproc-js's adjust.upward), where it merges as any affix does.
                self.text(Text(prefix.text[0], prefix.nocase, True, "prefix"))
                children = [Text(prefix.text[1:], prefix.nocase, True, "prefix"), *children[1:]]
            # Nothing else of the element merges with what precedes it (adjust.leftward).
            self.tokens.append(("nomerge", ""))
        for child in children:
            if sealed == "text" and type(child) is Text and child.affix.startswith("suffix"):
                # A cs:text's own suffix after its formatting: only a doubled mark goes ("гг." + "."),
                # "?" + "." stays "?." (citeproc-js merges a field's end with its suffix only unformatted).
                self.tokens.append(("duponly", ""))
            self.walk(child)
        if literal:
            self.tokens.append(("text", _TYPED_CLOSE[literal]))
        if quotes_off:
            self.quote_stack.pop()
        if quoted:
            self.quote_stack.pop()
            # Quotation marks typed in a cite's affixes keep the punctuation that follows outside; those
            # typed in a field take in a following period or comma (citeproc-js).
            kind = "cdquote" if node.data_quote else ("cfquote" if node.field_quote else "cquote")
            self.tokens.append((kind, self.quotes.close_inner if inner else self.quotes.close_outer))
            if node.string_quote == 2:
                self.tokens.append(("buried", ""))
                self.markers = True
            self.glue_space = False
        for tag in reversed(opened):
            self.tokens.append(("close", tag))
        if opened or quoted:
            self.sealed = True
        if node.display:
            # citeproc-js moves a space that ends a last suffix up to the suffix of the element around it,
            # through elements without formatting (its adjust.upward), so out of a final block (render);
            # a space of the text itself (a text value "[s.l.] , ") stays inside.
            kept = node.display in ("block", "right-inline") and (self.sealed or not self.glue_space)
            self.tokens.append(("close", "display:" + node.display + (":kept" if kept else "")))
        self.state = saved
        self.after_sealed = sealed


_TYPED_CLOSE = {"\u201c": "\u201d", "\u2018": "\u2019"}


def _first_prefix(node: Span) -> Text | None:
    """The prefix that opens ``node``'s output, where its first character is a mark or a space and no
    formatting or quotes come before it."""
    child: Node = node
    while type(child) is Span:
        if child is not node and (child.fmt or child.quotes or child.display):
            return None
        if not child.children:
            return None
        child = child.children[0]
    if type(child) is Text and child.affix == "prefix" and child.text and child.text[0] in PUNCT + " \u00a0":
        return child
    return None


def _move_punctuation_into_quotes(tokens: list[Token]) -> list[Token]:
    """American punctuation at a style's closing quote: the punctuation on both sides is merged, then the
    leading run of ``. , ! ?`` goes inside the quote and the rest (``: ;`` and after) outside."""
    out = list(tokens)
    i = 0
    while i < len(out):
        if out[i][0] not in ("cquote", "cfquote"):
            i += 1
            continue
        field = out[i][0] == "cfquote"
        k = i
        while k - 1 >= 0 and out[k - 1][0] in ("close", "cquote", "cdquote", "cfquote"):
            k -= 1
        # A quoted string that ends a group or macro (Span.string_quote 2): citeproc-js's adjust.downward
        # moves the first mark of the suffix or delimiter after that level into the string itself, so
        # inside its quotes, whatever the mark ("“Title:” 46"); its own suffix takes . , ! ? only (fix).
        buried = i + 1 < len(out) and out[i + 1][0] == "buried"
        j = i + 1
        while j < len(out) and out[j][0] in _SKIPPED:
            buried = buried and out[j][0] != "joint"
            j += 1
        p = k - 1 if k - 1 >= 0 and out[k - 1][0] == "text" else -1
        left = out[p][1] if p >= 0 else ""
        right = out[j][1] if j < len(out) and out[j][0] == "text" else ""
        before = left[len(left.rstrip(PUNCT)) :] if p >= 0 else ""
        after = right[: len(right) - len(right.lstrip(PUNCT))]
        if field:
            before = ""
            after = after[:1] if after[:1] in (".", ",") else ""
        if not after and not any(c in ":;" for c in before):
            i += 1
            continue
        merged = before
        for ch in after:
            merged, rest = _merge(merged, ch)
            merged += rest
        split = len(merged) if buried and not field else 0
        while split < len(merged) and merged[split] in ".,!?":
            split += 1
        inside, outside = merged[:split], merged[split:]
        if p >= 0:
            out[p] = ("text", left[: len(left) - len(before)] + inside)
        elif inside:
            out.insert(k, ("text", inside))
            i += 1
            j += 1
        remainder = right[len(after) :]
        if j < len(out) and out[j][0] == "text":
            out[j] = ("text", outside + remainder)
        elif outside:
            out.insert(j, ("text", outside))
        i += 1
    return out


_SKIPPED = frozenset({"close", "cquote", "cdquote", "cfquote", "duponly", "buried", "joint"})


def _last_char(tokens: list[Token], end: int) -> str:
    for k in range(end - 1, -1, -1):
        if tokens[k][0] == "text" and tokens[k][1]:
            return tokens[k][1][-1]
        if tokens[k][0] in ("oquote", "cquote", "cdquote", "cfquote"):
            return tokens[k][1]
    return ""


# Where a field ending in the first mark meets an affix starting with the second, citeproc-js keeps
# one of them ("drop right" / "drop left"); every other pair is kept as written (its "Full Monty" test).
_DROP_RIGHT = {
    (";", ":"),
    ("!", ":"),
    ("?", ":"),
    (":", "."),
    (";", "."),
    ("!", "."),
    ("?", "."),
}
_DROP_LEFT = {(":", "!"), (";", "!"), (":", "?"), (";", "?")}


def _merge(left: str, right: str) -> tuple[str, str]:
    """Resolve doubled punctuation where ``left`` ends and ``right`` begins."""
    if not left or not right:
        return left, right
    a, b = left[-1], right[0]
    if b not in PUNCT or a not in PUNCT:
        return left, right
    if a == b:
        # An ellipsis that follows a period keeps all its dots; a period after an ellipsis goes
        # (citeproc-js: "гг." + "..." is "гг....", "Pact »..." + "." is "Pact »...").
        if a == "." and right.startswith("..."):
            return left, right
        return left, right[1:]
    if (a, b) in _DROP_RIGHT:
        return left, right[1:]
    if (a, b) in _DROP_LEFT:
        return left[:-1], right
    return left, right


def _merge_tokens(tokens: list[Token]) -> list[Token]:
    out: list[Token] = []
    last_text = -1
    across_quote = False
    dup_only = False
    for kind, value in tokens:
        if kind == "text":
            if not value:
                continue
            text = value
            if dup_only:
                dup_only = False
                if last_text >= 0 and text[:1] in PUNCT and out[last_text][1][-1:] == text[:1]:
                    text = text if text.startswith("...") else text[1:]
            elif last_text >= 0 and not (across_quote and text[:1].isspace()):
                # Across a closing quote only punctuation merges; spaces inside a quote are the data's.
                left, text = _merge(out[last_text][1], text)
                out[last_text] = ("text", left)
            if not text:
                continue
            out.append((kind, text))
            last_text = len(out) - 1
            across_quote = False
        else:
            if kind == "duponly":
                dup_only = True  # the token stays: the second pass (after the quotes) reads it too
            if kind in ("oquote", "nomerge"):
                last_text = -1
            elif kind in ("cquote", "cdquote", "cfquote"):
                across_quote = True
            out.append((kind, value))
    return out


# citeproc-js's HTML for display="...": blocks and margins on lines of their own.
DISPLAY_HTML = {
    "block": ('\n\n    <div class="csl-block">', "</div>\n"),
    "left-margin": ('\n    <div class="csl-left-margin">', "</div>"),
    "right-inline": ('<div class="csl-right-inline">', "</div>\n  "),
    "indent": ('<div class="csl-indent">', "</div>\n  "),
}


# citeproc-js's CSL.SUPERSCRIPTS (citeproc 2.4.63): the characters it writes as <sup>, and what goes inside.
# Its own table, not Unicode's <super> decompositions: it leaves out most of those (ᶜ, ᵈ …) and adds four
# (ˀ ˁ ۥ ۦ) that Unicode does not decompose.
SUPERSCRIPTS = {
    "\u00aa": "a", "\u00b2": "2", "\u00b3": "3", "\u00b9": "1", "\u00ba": "o", "\u02b0": "h", "\u02b1":
    "\u0266", "\u02b2": "j", "\u02b3": "r", "\u02b4": "\u0279", "\u02b5": "\u027b", "\u02b6": "\u0281",
    "\u02b7": "w", "\u02b8": "y", "\u02c0": "\u0294", "\u02c1": "\u0295", "\u02e0": "\u0263", "\u02e1":
    "l", "\u02e2": "s", "\u02e3": "x", "\u02e4": "\u0295", "\u06e5": "\u0648", "\u06e6": "\u064a",
    "\u1d2c": "A", "\u1d2d": "\u00c6", "\u1d2e": "B", "\u1d30": "D", "\u1d31": "E", "\u1d32": "\u018e",
    "\u1d33": "G", "\u1d34": "H", "\u1d35": "I", "\u1d36": "J", "\u1d37": "K", "\u1d38": "L", "\u1d39":
    "M", "\u1d3a": "N", "\u1d3c": "O", "\u1d3d": "\u0222", "\u1d3e": "P", "\u1d3f": "R", "\u1d40": "T",
    "\u1d41": "U", "\u1d42": "W", "\u1d43": "a", "\u1d44": "\u0250", "\u1d45": "\u0251", "\u1d46":
    "\u1d02", "\u1d47": "b", "\u1d48": "d", "\u1d49": "e", "\u1d4a": "\u0259", "\u1d4b": "\u025b",
    "\u1d4c": "\u025c", "\u1d4d": "g", "\u1d4f": "k", "\u1d50": "m", "\u1d51": "\u014b", "\u1d52": "o",
    "\u1d53": "\u0254", "\u1d54": "\u1d16", "\u1d55": "\u1d17", "\u1d56": "p", "\u1d57": "t", "\u1d58":
    "u", "\u1d59": "\u1d1d", "\u1d5a": "\u026f", "\u1d5b": "v", "\u1d5c": "\u1d25", "\u1d5d": "\u03b2",
    "\u1d5e": "\u03b3", "\u1d5f": "\u03b4", "\u1d60": "\u03c6", "\u1d61": "\u03c7", "\u2070": "0",
    "\u2071": "i", "\u2074": "4", "\u2075": "5", "\u2076": "6", "\u2077": "7", "\u2078": "8", "\u2079":
    "9", "\u207a": "+", "\u207b": "\u2212", "\u207c": "=", "\u207d": "(", "\u207e": ")", "\u207f": "n",
    "\u2120": "SM", "\u2122": "TM", "\u3192": "\u4e00", "\u3193": "\u4e8c", "\u3194": "\u4e09",
    "\u3195": "\u56db", "\u3196": "\u4e0a", "\u3197": "\u4e2d", "\u3198": "\u4e0b", "\u3199": "\u7532",
    "\u319a": "\u4e59", "\u319b": "\u4e19", "\u319c": "\u4e01", "\u319d": "\u5929", "\u319e": "\u5730",
    "\u319f": "\u4eba",
}  # fmt: skip


def _superscripts(text: str) -> str:
    """citeproc-js writes superscript characters (the "ʳᵉ" of French ordinals, "™") as <sup>."""
    if text.isascii():
        return text
    return "".join(f"<sup>{SUPERSCRIPTS[ch]}</sup>" if ch in SUPERSCRIPTS else ch for ch in text)


def _escape_html(text: str) -> str:
    return _superscripts(_escape_html_only(text))


def _escape_html_only(text: str) -> str:
    return text.replace("&", "&#38;").replace("<", "&#60;").replace(">", "&#62;")


def bury_quote(node: Node) -> None:
    """A group or macro ends here: a quoted string that is its last descendant is buried in it
    (Span.string_quote 2; see _move_punctuation_into_quotes)."""
    while type(node) is Span:
        if node.string_quote:
            node.string_quote = 4 if node.string_quote >= 3 else 2
            return
        if not node.children:
            return
        node = node.children[-1]


# citeproc-js's adjust LtoR_MAP pairs that merge into one mark: (a suffix's last mark, the mark after it).
_SINGLE_MERGE = {
    ("!", "."): "!",
    ("!", ":"): "!",
    ("?", "."): "?",
    ("?", ":"): "?",
    (":", "!"): "!",
    (":", "?"): "?",
    (":", "."): ":",
    (";", "!"): "!",
    (";", "?"): "?",
    (";", ":"): ";",
    (";", "."): ";",
}
_LTOR = {
    "!": {".": "!", "?": "!?", ":": "!", ",": "!,", ";": "!;"},
    "?": {"!": "?!", ".": "?", ":": "?", ",": "?,", ";": "?;"},
    ".": {"!": ".!", "?": ".?", ":": ".:", ",": ".,", ";": ".;"},
    ":": {"!": "!", "?": "?", ".": ":", ",": ":,", ";": ":;"},
    ",": {"!": ",!", "?": ",?", ":": ",:", ".": ",.", ";": ",;"},
    ";": {"!": "!", "?": "?", ":": ";", ",": ";,", ".": ";"},
}  # citeproc-js's LtoR_MAP
_PASSED = frozenset({"close", "cquote", "cdquote", "cfquote", "duponly", "nomerge", "buried", "oquote"})


def _mark_into_buried_strings(tokens: list[Token]) -> list[Token]:
    """A string with a suffix of its own that ends a group or macro ("strend", see bury_quote): where
    the suffix's last mark and the first mark after the level merge into one (LtoR_MAP), citeproc-js's
    adjust.downward puts that mark into the string itself, before the suffix ("In" + ":" then ". " is
    "In.:"; the publisher "Press" + ":" then "." is "Press.:")."""
    out = list(tokens)
    for i, (kind, _) in enumerate(out):
        if kind != "strend":
            continue
        s = i - 1
        while s >= 0 and out[s][0] in _PASSED:
            s -= 1
        n = i + 1
        while n < len(out) and out[n][0] in _PASSED:
            n += 1
        if s < 0 or n >= len(out) or out[s][0] != "text" or out[n][0] != "text":
            continue
        suffix, after = out[s][1], out[n][1]
        if not suffix or not after or (suffix[-1], after[0]) not in _SINGLE_MERGE:
            continue
        t = s - 1
        while t >= 0 and out[t][0] in _PASSED:
            t -= 1
        if t < 0 or out[t][0] != "text" or not out[t][1]:
            continue
        mark, text = after[0], out[t][1]
        if text[-1] != mark:  # (a doubled mark goes)
            merged = _LTOR.get(text[-1], {}).get(mark)
            text = text[:-1] + merged if merged else text + mark
        out[t] = ("text", text)
        out[n] = ("text", after[1:])
    return out


def _punctuation_into_blocks(tokens: list[Token], suffixes: set[int] | None = None) -> list[Token]:
    """A mark that opens the text right after a display element ends (a prefix's ", ", ". ") goes inside
    that element, at its end: citeproc-js moves it leftward into the block ("Title,</div> Publisher";
    a left margin takes the first mark of the right-inline after it)."""
    out = list(tokens)
    suffixes = suffixes or set()
    inserted = 0  # ``suffixes`` counts places in ``tokens``
    i = 0
    while i < len(out):
        kind, value = out[i]
        # A sibling's prefix moves (adjust.leftward); the suffix of the level around the block does not
        # (the layout's suffix stays after a last block).
        if kind == "text" and value[:1] in _SWAPPING and i - inserted not in suffixes:
            j = i - 1
            inner = -1
            while j >= 0 and out[j][0] in ("open", "close") and out[j][1].startswith("display:"):
                if out[j][0] == "close":
                    inner = j
                j -= 1
            if inner >= 0 and j >= 0:
                out[i] = ("text", value[1:])
                out.insert(inner, ("text", value[0]))
                i += 1
                inserted += 1
        i += 1
    return out


# citeproc-js's CSL.SWAPPING_PUNCTUATION.
_SWAPPING = frozenset(".!?:,;")


def flatten(node: Node, quotes: Quotes) -> list[Token]:
    flat = _Flattener(quotes)
    flat.walk(node)
    tokens = flat.tokens
    if flat.displayed:
        tokens = _punctuation_into_blocks(tokens, flat.suffixes_at)
    if flat.markers and any(kind == "strend" for kind, _ in tokens):
        tokens = _mark_into_buried_strings(tokens)
    tokens = _coalesce(_merge_tokens(tokens))
    if quotes.punctuation_in_quote:
        tokens = _move_punctuation_into_quotes(tokens)
    tokens = _merge_tokens(tokens)
    if flat.markers:
        # The markers of structure ("buried", "joint", "strend") have done their work.
        tokens = _coalesce([t for t in tokens if t[0] not in ("buried", "joint", "strend")])
    return tokens


def _coalesce(tokens: list[Token]) -> list[Token]:
    """Adjacent text tokens as one (their junction already merged)."""
    out: list[Token] = []
    for kind, value in tokens:
        if kind == "text" and out and out[-1][0] == "text":
            out[-1] = ("text", out[-1][1] + value)
        else:
            out.append((kind, value))
    return out


def render(node: Node | None, quotes: Quotes, output: str, superscripts: bool = True) -> str:
    """Serialise ``node`` as ``html`` or ``text``; ``superscripts=False`` keeps superscript characters ("º")
    in HTML as they are, where citeproc-js writes them as <sup>."""
    if node is None:
        return ""
    tokens = flatten(node, quotes)
    parts: list[str] = []
    for index, (kind, value) in enumerate(tokens):
        if kind == "text":
            if output != "html":
                parts.append(value)
            else:
                parts.append(_escape_html(value) if superscripts else _escape_html_only(value))
        elif kind in ("oquote", "cquote", "cdquote", "cfquote"):
            parts.append(value)
        elif output == "text":
            # citeproc-js's text format: a block on a new line, an indent as four spaces on a new line,
            # a left margin followed by one space.
            if kind == "open" and value in ("display:block", "display:indent"):
                parts.append("\n" if value == "display:block" else "\n    ")
            elif kind == "close" and value == "display:left-margin":
                parts.append(" ")
        elif output == "html":
            if value.startswith("display:"):
                opening, closing = DISPLAY_HTML.get(value[8:].removesuffix(":kept"), ("<div>", "</div>"))
                moved = ""
                last = all(k == "close" for k, _ in tokens[index + 1 :])
                if kind == "close" and parts and value in ("display:block", "display:right-inline") and last:
                    # The trailing space of a suffix that ends a block that ends the output goes after it
                    # (citeproc-js; _Flattener.walk_formatted marks the others ":kept").
                    stripped = parts[-1].rstrip(" ")
                    moved = parts[-1][len(stripped) :]
                    parts[-1] = stripped
                parts.append((opening if kind == "open" else closing) + moved)
            elif kind == "open":
                parts.append(HTML_OPEN.get(value, ""))
            else:
                parts.append(HTML_CLOSE.get(value, ""))
    text = "".join(parts)
    if output == "html":
        text = _drop_empty_tags(text)
    return text


_EMPTY_TAG = re.compile(r"<(i|b|sup|sub)></\1>|<span style=\"[^\"]*\"></span>")


def _drop_empty_tags(text: str) -> str:
    previous = None
    while previous != text:
        previous = text
        text = _EMPTY_TAG.sub("", text)
    return text


def flip_nested_parens(node: Node) -> None:
    """In a note style's citation, parentheses nested in parentheses become square brackets, every
    other level ("(Progress, 1977; originally published as …, [1946])"), as citeproc-js counts them
    (CSL.checkNestedBrace): in document order, in the affixes of groups, macro calls, dates, names and
    the layout and in the cites' own prefixes and suffixes, never in text of the item's own."""
    depth = 0
    for leaf in leaves(node):
        if not leaf.level or ("(" not in leaf.text and ")" not in leaf.text):
            continue
        out: list[str] = []
        for char in leaf.text:
            if char == "(":
                out.append("[" if depth % 2 == 1 else "(")
                depth += 1
            elif char == ")":
                depth -= 1
                out.append("]" if depth % 2 == 1 else ")")
            else:
                out.append(char)
        leaf.text = "".join(out)
