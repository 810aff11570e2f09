"""Store text is data: the one policy for characters that must never reach an output raw, and its escapes.

Rich strips only a few C0 controls; ESC, C1 controls and bidi overrides would reach the terminal (screen
clears, OSC 8 hidden links, OSC 52 clipboard writes, reordered text). Like git and kubectl after their CVEs,
we show such characters as visible escapes instead. Machine formats keep the data but escape it in their own
syntax (JSON ``\\uXXXX``); formats that cannot (TSV, BibTeX, RIS) show the same visible escapes as text.

The policy is one set, :data:`HIDDEN_RANGES`: every character of Unicode general category Cc (C0, DEL, C1),
Cf (format: bidi embeddings, overrides, isolates and marks, zero-width characters, the byte-order mark,
soft hyphen, interlinear annotation, tag characters…), Zl and Zp (line and paragraph separators), plus the
unassigned U+2065 inside the bidi block and the 66 noncharacters (U+FDD0-FDEF, U+FFFE and U+FFFF of every
plane: never text, and U+FFFE/FFFF are not allowed in XML at all). It is written out as ranges
(Unicode 15.1) rather than computed from :mod:`unicodedata`, so the output does not depend on the Python
version; tests/test_safety.py checks it against the running Python's Unicode database. The store
validator (:mod:`pactcli.store.parse`) refuses the same characters in every store string, so these escapes are
the second line of defence, not the first.

This module imports neither Rich nor anything else heavy: the core (store validation, citation exports)
uses it too.
"""

from __future__ import annotations

import functools
import re
import unicodedata

# (first, last) code points, inclusive. Cc: 0000-001F, 007F-009F. Zl/Zp: 2028, 2029. The rest is Cf.
HIDDEN_RANGES: tuple[tuple[int, int], ...] = (
    (0x0000, 0x001F),
    (0x007F, 0x009F),
    (0x00AD, 0x00AD),
    (0x0600, 0x0605),
    (0x061C, 0x061C),
    (0x06DD, 0x06DD),
    (0x070F, 0x070F),
    (0x0890, 0x0891),
    (0x08E2, 0x08E2),
    (0x180E, 0x180E),
    (0x200B, 0x200F),
    (0x2028, 0x202E),
    (0x2060, 0x206F),
    (0xFEFF, 0xFEFF),
    (0xFFF9, 0xFFFB),
    (0x110BD, 0x110BD),
    (0x110CD, 0x110CD),
    (0x13430, 0x1343F),
    (0x1BCA0, 0x1BCA3),
    (0x1D173, 0x1D17A),
    (0xE0001, 0xE0001),
    (0xE0020, 0xE007F),
    # Noncharacters (Cn, but never assigned): not text; U+FFFE and U+FFFF are not even allowed in XML.
    (0xFDD0, 0xFDEF),
    *((plane + 0xFFFE, plane + 0xFFFF) for plane in range(0, 0x110000, 0x10000)),
)

# Line breaks of every kind: what a single-line field may not hold and what one-line exports turn into spaces.
LINE_BREAKS = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"


def _class(ranges: tuple[tuple[int, int], ...], skip: str = "") -> str:
    """The ranges as a regex character class body, ``skip`` cut out (as ranges: a set of single characters
    this wide is ten times slower to search)."""
    parts: list[str] = []
    skipped = sorted(ord(c) for c in skip)
    for first, last in ranges:
        start = first
        for code in [c for c in skipped if first <= c <= last] + [last + 1]:
            if start <= code - 1:
                low, high = re.escape(chr(start)), re.escape(chr(code - 1))
                parts.append(low if start == code - 1 else f"{low}-{high}")
            start = code + 1
    return "".join(parts)


# Compiled on first use: a command that prints no store text should not pay for these classes.
@functools.cache
def _unsafe() -> re.Pattern[str]:
    return re.compile(f"[{_class(HIDDEN_RANGES)}]")


@functools.cache
def _unsafe_multiline() -> re.Pattern[str]:
    return re.compile(f"[{_class(HIDDEN_RANGES, skip=chr(9) + chr(10))}]")


@functools.cache
def _json_unsafe() -> re.Pattern[str]:
    # Not C0: json.dumps escapes them inside strings; outside strings they are the indentation's newlines.
    return re.compile(f"[{_class(HIDDEN_RANGES, skip=''.join(map(chr, range(0x20))))}]")


def escape_char(char: str) -> str:
    """The visible form of one character: ``\\t``, ``\\n``, ``\\x1b``, ``\\u202e``, ``\\U000e0041``."""
    code = ord(char)
    if code == 0x09:
        return "\\t"
    if code == 0x0A:
        return "\\n"
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def _escape(match: re.Match[str]) -> str:
    return escape_char(match.group())


def is_hidden(char: str) -> bool:
    """Whether the policy escapes ``char`` (a control, format or separator character)."""
    return _unsafe().fullmatch(char) is not None


_NEVER_HIDDEN = bytes(range(0x20, 0x7F))
_NEVER_HIDDEN_MULTILINE = _NEVER_HIDDEN + b"\t\n"


def first_hidden(text: str, multiline: bool = False) -> str | None:
    """The first character of ``text`` the policy refuses in a store field, or None.

    Single-line fields (IDs, titles, labels, names, places, tags, locators) may hold none of them; multi-line
    fields (summaries, notes, document text) may also hold tabs and line breaks (LF, CR).
    """
    if len(text) > 256:
        # The characters the policy never refuses (printable ASCII; tab and LF where lines are allowed)
        # deleted first, in C (UTF-8 sequences of other characters hold no ASCII byte, so what is left
        # decodes to the other characters in their order): the regex, whose class of ranges costs ~100 ns a
        # character, then scans only those. A 4 MB store file: 0.4 s -> 15 ms.
        kept = _NEVER_HIDDEN_MULTILINE if multiline else _NEVER_HIDDEN
        text = text.encode("utf-8", "surrogatepass").translate(None, kept).decode("utf-8", "surrogatepass")
    pattern = _unsafe_multiline() if multiline else _unsafe()
    for match in pattern.finditer(text):
        if multiline and match.group() == "\r":
            continue
        return match.group()
    return None


def visible(text: str, multiline: bool = False) -> str:
    """``text`` with every control/format/separator character escaped (newlines, tabs kept if multiline)."""
    return (_unsafe_multiline() if multiline else _unsafe()).sub(_escape, text)


def one_line(text: str) -> str:
    """One line of visible text for formats that cannot hold a line break (BibTeX, RIS values).

    Line breaks and tabs become single spaces (so words stay apart); every other control, format or
    separator character is shown as its visible escape, as on a terminal, never deleted: a reader can see
    that the data holds it.
    """
    spaced = re.sub(f"[{re.escape(LINE_BREAKS)}\t]+", " ", text)
    return re.sub(r" {2,}", " ", visible(spaced)).strip()


def _json_escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    code -= 0x10000  # JSON has only \uXXXX: a surrogate pair for the supplementary planes (tag characters)
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"


def json_dumps(value: object, indent: int | None = None) -> str:
    """JSON with non-ASCII text kept readable but every control, format and separator character escaped."""
    import json  # only the JSON formats pay for it

    return json_escaped(json.dumps(value, ensure_ascii=False, indent=indent))


def json_escaped(text: str) -> str:
    """JSON text from ``json.dumps(..., ensure_ascii=False)``, escaped as :func:`json_dumps` escapes it (the
    index stores records as that text: ``timeline --format jsonl`` writes them without decoding them)."""
    # Most records need no escape, and the regex's class of ranges costs ~100 ns a character (8.6 s for the
    # 100,000 records of the large benchmark store): first look for a candidate among only the characters
    # it could match (never ASCII but DEL), found with the C-speed deletion of first_hidden.
    if text.isascii():
        candidates = "\x7f" if "\x7f" in text else ""
    else:
        raw = text.encode("utf-8", "surrogatepass").translate(None, _ASCII_BUT_DEL)
        candidates = raw.decode("utf-8", "surrogatepass")
    if not candidates or _json_unsafe().search(candidates) is None:
        return text
    return _json_unsafe().sub(_json_escape, text)


_ASCII_BUT_DEL = bytes(range(0x7F))


# Characters a spreadsheet reads as the start of a formula (OWASP CSV injection), after NFKC normalisation
# (so full-width and small forms such as U+FF1D and U+FE62 count) and after any leading whitespace, which
# Excel and LibreOffice skip. The minus sign U+2212 is included: some locales read it as a leading minus.
_FORMULA_CHARS = frozenset("=+-@\u2212")


def _formula_like(text: str) -> bool:
    if text[:1] in ("\t", "\r", "\n"):
        return True
    for char in text:
        if char.isspace() or unicodedata.category(char) in ("Zs", "Cf"):
            continue
        return unicodedata.normalize("NFKC", char)[:1] in _FORMULA_CHARS or char in _FORMULA_CHARS
    return False


def spreadsheet_cell(text: str) -> str:
    """Neutralise a CSV/TSV cell a spreadsheet would execute: prefix it with ``'``."""
    return "'" + text if text and _formula_like(text) else text


@functools.cache
def _markdown_syntax() -> re.Pattern[str]:
    # Inline Markdown (CommonMark with GFM tables and strikethrough): code, emphasis, links and images, raw
    # HTML and autolinks, table pipes, strikethrough, backslashes. '_' inside a word cannot emphasise and '&'
    # matters only where it would start an entity; block markers (# - + 1.) cannot occur inside a cell.
    return re.compile(r"[\\`*\[\]<|]|(?<![^\W_])_|_(?![^\W_])|&(?=#?\w+;)")


def markdown_cell(text: str) -> str:
    """``text`` for a Markdown table cell: visible escapes, and a backslash only before what would be syntax.

    ``1969-07-16T09:32:00+00:00`` and ``nasa-1969-press-kit (p. 3)`` stay as they are; ``a|b`` becomes
    ``a\\|b``, ``*x*`` becomes ``\\*x\\*``.
    """
    escaped = _markdown_syntax().sub(lambda match: "\\" + match.group(), visible(text))
    # A tilde strikes through only as one of a pair (GFM): a lone one, as in 00:10~, is plain text.
    return escaped.replace("~", "\\~") if escaped.count("~") > 1 else escaped


def html_text(text: str, multiline: bool = False) -> str:
    """Store text for HTML text or a quoted attribute value: the visible escapes, then ``& < > " '``."""
    import html

    return html.escape(visible(text, multiline=multiline), quote=True)


def script_json(value: object) -> str:
    """JSON to embed in ``<script type="application/json">``: it cannot end the element or open a comment.

    ``<``, ``>`` and ``&`` are written ``\\u003c``… (so ``</script>`` and ``<!--`` cannot appear), and U+2028,
    U+2029 and the rest of the policy's characters as ``\\uXXXX`` by :func:`json_dumps`. Outside strings JSON
    has none of these characters, so only the spelling of string contents changes.
    """
    text = json_dumps(value)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
