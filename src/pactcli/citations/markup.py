"""Rich-text runs and the punctuation rules of citeproc-js's output queue.

A formatted citation is a ``Runs`` value: a tuple of ``(text, italic)`` segments. Plain
text is the concatenation of the texts; ``runs_to_html`` reproduces citeproc-js's "html"
output format (``<i>`` for italics, ``&#38;``/``&#60;``/``&#62;`` escapes).

Formatters build a flat list of *pieces* (``Piece``): field text, punctuation/affixes and
quote marks. ``flatten`` turns pieces into runs, applying the rules citeproc-js applies
when it joins its output blobs (``CSL.Output.Queue.adjust`` in citeproc_commonjs.js):

* punctuation that follows a closing quote moves inside it when the locale sets
  ``punctuation-in-quote`` (en-US does) and the mark is one of ``. , ! ?``;
* a punctuation mark that meets another is merged by citeproc-js's ``LtoR_MAP``
  table (``?`` + ``.`` gives ``?``; ``?`` + ``,`` gives ``?,``; a duplicate is dropped);
* quote marks nest: quotes inside a quoted title flip between double and single
  (``CSL.Util.FlipFlopper``), see ``inline.py``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from pactcli.render.safe import visible

Segment = tuple[str, bool]
Runs = tuple[Segment, ...]

# citeproc-js CSL.ROMANESQUE_REGEXP: a text blob with none of these characters loses its
# font-style (CJK titles are never italicised).
ROMANESQUE_RE = re.compile(
    "[-0-9a-zA-Z\u0e01-\u0e5b\u00c0-\u017f\u0370-\u03ff\u0400-\u052f\u0590-\u05d4"
    "\u05d6-\u05ff\u1f00-\u1fff\u0600-\u06ff\u200c\u200d\u200e\u0218\u0219\u021a"
    "\u021b\u202a-\u202e]"
)

# citeproc-js CSL.Output.Queue.adjust LtoR_MAP: left mark, then right mark -> result.
LTOR_MAP: dict[str, dict[str, str]] = {
    "!": {".": "!", "?": "!?", ":": "!", ",": "!,", ";": "!;"},
    "?": {"!": "?!", ".": "?", ":": "?", ",": "?,", ";": "?;"},
    ".": {"!": ".!", "?": ".?", ":": ".:", ",": ".,", ";": ".;"},
    ":": {"!": "!", "?": "?", ".": ":", ",": ":,", ";": ":;"},
    ",": {"!": ",!", "?": ",?", ":": ",:", ".": ",.", ";": ",;"},
    ";": {"!": "!", "?": "?", ":": ";", ",": ";,", ".": ";"},
}
PUNCT = frozenset(LTOR_MAP)
SWAP_IN = frozenset("!?.,")  # marks that move inside closing quotes (not ; or :)

OPEN_QUOTE = {True: "\u201c", False: "\u2018"}
CLOSE_QUOTE = {True: "\u201d", False: "\u2019"}


@dataclass(frozen=True)
class Piece:
    """One element of a formatted citation before punctuation is resolved.

    kind: ``"t"`` text, ``"p"`` punctuation/affix (merged with its neighbours),
    ``"oq"``/``"cq"`` an opening/closing quote. For quotes, ``outer`` says which form
    the quote takes when nothing encloses it (True: double), ``depth`` how many quotes
    of the same field enclose it, and ``styled`` whether a style-level quote encloses it.
    """

    kind: str
    text: str = ""
    italic: bool = False
    outer: bool = True
    depth: int = 0
    styled: int = 0


Frag = list[Piece]


def t(text: str, italic: bool = False) -> Frag:
    return [Piece("t", text, italic)] if text else []


def p(text: str) -> Frag:
    return [Piece("p", text)] if text else []


def italicize(frag: Frag) -> Frag:
    return [replace(pc, italic=True) for pc in frag]


def quoted(frag: Frag) -> Frag:
    """Wrap in the style's quotes (``quotes="true"``): nested field quotes flip."""
    if not frag:
        return []
    inner = [replace(pc, styled=pc.styled + 1) if pc.kind in ("oq", "cq") else pc for pc in frag]
    it = frag[0].italic
    return [Piece("oq", "", it, True, -1, 0), *inner, Piece("cq", "", frag[-1].italic, True, -1, 0)]


def join(frags: list[Frag], delimiter: str) -> Frag:
    out: Frag = []
    for f in frags:
        if not f:
            continue
        if out and delimiter:
            out.extend(p(delimiter))
        out.extend(f)
    return out


def affix(frag: Frag, prefix: str = "", suffix: str = "") -> Frag:
    if not frag:
        return []
    return [*p(prefix), *frag, *p(suffix)]


def _quote_form(pc: Piece) -> bool:
    if pc.depth < 0:  # a style-level quote
        return True
    if pc.styled:
        # citeproc-js: a quote inside a quote flips its parent's form
        form = False
        for _ in range(pc.depth):
            form = not form
        return form
    form = pc.outer
    for _ in range(pc.depth):
        form = not form
    return form


@dataclass
class _Out:
    segs: list[list[object]] = field(default_factory=list)  # [text, italic]
    qtail: list[int] = field(default_factory=list)  # indexes of trailing closing quotes

    def text(self) -> str:
        return "".join(str(s[0]) for s in self.segs)

    def add(self, text: str, italic: bool) -> None:
        if not text:
            return
        if self.segs and self.segs[-1][1] == italic and not self.qtail:
            self.segs[-1][0] = str(self.segs[-1][0]) + text
        else:
            self.segs.append([text, italic])
        self.qtail = []

    def add_close_quote(self, ch: str, italic: bool) -> None:
        self.segs.append([ch, italic])
        self.qtail.append(len(self.segs) - 1)

    def _last_char_before(self, index: int) -> tuple[int, str]:
        for i in range(index - 1, -1, -1):
            s = str(self.segs[i][0])
            if s:
                return i, s[-1]
        return -1, ""

    def punct(self, text: str) -> None:
        if not text:
            return
        if text[0] == " " and self.text().endswith(" "):
            text = text[1:]
            if not text:
                return
        c = text[0]
        if c in PUNCT:
            if self.qtail and c in SWAP_IN:
                first_q = self.qtail[0]
                i, prev = self._last_char_before(first_q)
                merged = _merge(prev, c)
                if i >= 0 and merged is not None:
                    self.segs[i][0] = str(self.segs[i][0])[:-1] + merged
                elif merged is None:
                    qseg = self.segs[first_q]
                    self.segs.insert(first_q, [c, qseg[1]])
                    self.qtail = [q + 1 for q in self.qtail]
                rest = text[1:]
                if rest:
                    self.add(rest, False)
                return
            i, prev = self._last_char_before(len(self.segs))
            merged = _merge(prev, c)
            if merged is not None and i >= 0 and merged != prev + c:
                # the marks fuse ("?" + "." is "?"): rewrite the preceding mark in place;
                # marks that merely follow each other (".,") stay outside the styling
                self.segs[i][0] = str(self.segs[i][0])[:-1] + merged
                text = text[1:]
        if text:
            self.add(text, False)


def _merge(prev: str, c: str) -> str | None:
    """Merge mark ``c`` into a preceding ``prev`` char; None when they do not merge."""
    if prev == c:
        return prev
    if prev in LTOR_MAP and c in LTOR_MAP[prev]:
        return LTOR_MAP[prev][c]
    return None


def flatten(frag: Frag) -> Runs:
    out = _Out()
    for pc in frag:
        if pc.kind == "p":
            out.punct(pc.text)
        elif pc.kind == "oq":
            out.add(OPEN_QUOTE[_quote_form(pc)], pc.italic)
        elif pc.kind == "cq":
            out.add_close_quote(CLOSE_QUOTE[_quote_form(pc)], pc.italic)
        else:
            out.add(pc.text, pc.italic)
    return normalize(tuple((str(s[0]), bool(s[1])) for s in out.segs))


def normalize(runs: Runs) -> Runs:
    """Merge adjacent segments of the same style and drop empty ones."""
    merged: list[Segment] = []
    for text, italic in runs:
        if not text:
            continue
        if merged and merged[-1][1] == italic:
            merged[-1] = (merged[-1][0] + text, italic)
        else:
            merged.append((text, italic))
    return tuple(merged)


def runs_to_text(runs: Runs) -> str:
    """Plain text, as citeproc-js's "text" output format."""
    return "".join(text for text, _ in runs)


def _html_escape(text: str) -> str:
    # citeproc-js CSL.Output.Formats.html.text_escape
    text = text.replace("&", "&#38;").replace("<", "&#60;").replace(">", "&#62;")
    return re.sub(r"\s\s", "\u00a0 ", text)


def runs_to_html(runs: Runs) -> str:
    """HTML, as citeproc-js's "html" output format (``<i>`` for italics)."""
    parts = []
    for text, italic in runs:
        # Store text is data: control characters and bidi overrides become visible escapes (\x1b).
        esc = _html_escape(visible(text))
        parts.append(f"<i>{esc}</i>" if italic else esc)
    return "".join(parts)


# CommonMark: characters that start emphasis, links, code, HTML, entities or tables anywhere
_MD_INLINE = re.compile(r"([\\`*_\[\]<>|~&])")
# … and those that only matter at the start of a block (headings, lists, quotes, rules)
_MD_BLOCK_START = re.compile(r"^(\s*)([#+\->=]|\d+(?=[.)]))")


def runs_to_markdown(runs: Runs) -> str:
    """CommonMark: italics as ``*…*``; Markdown syntax characters backslash-escaped."""
    parts = []
    for text, italic in runs:
        esc = _MD_INLINE.sub(r"\\\1", visible(text))
        if italic and text.strip():
            lead = esc[: len(esc) - len(esc.lstrip())]
            trail = esc[len(esc.rstrip()) :]
            parts.append(f"{lead}*{esc.strip()}*{trail}")
        else:
            parts.append(esc)
    out = "".join(parts)
    m = _MD_BLOCK_START.match(out)
    if m:
        if m.group(2).isdigit():
            end = m.end()
            out = out[:end] + "\\" + out[end:]
        else:
            out = out[: m.start(2)] + "\\" + out[m.start(2) :]
    return out
