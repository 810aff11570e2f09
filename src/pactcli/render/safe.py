"""Store text is data: make control characters and bidi overrides visible before any output.

Rich strips only a few C0 controls; ESC, C1 controls and bidi overrides would reach the terminal (screen
clears, OSC 8 hidden links, OSC 52 clipboard writes, reordered text). Like git and kubectl after their CVEs,
we show such characters as visible escapes instead. Machine formats keep the data but escape it in their own
syntax.
"""

from __future__ import annotations

import functools
import re

# DEL and C1 controls; bidi embeddings, overrides and isolates; line/paragraph separators; zero-width and
# byte-order marks that hide text. With the C0 controls, what no output may carry raw.
_HIDDEN = "\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff"


# Compiled on first use: a character class this wide takes about 1 ms to compile, which a command that prints
# no store text should not pay.
@functools.cache
def _unsafe() -> re.Pattern[str]:
    return re.compile(f"[\x00-\x1f{_HIDDEN}]")


@functools.cache
def _json_unsafe() -> re.Pattern[str]:
    # Not C0: json.dumps escapes them inside strings; outside strings they are the indentation's newlines.
    return re.compile(f"[{_HIDDEN}]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code == 0x09:
        return "\\t"
    if code == 0x0A:
        return "\\n"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def _escape_keeping_newlines(match: re.Match[str]) -> str:
    return match.group() if match.group() in "\t\n" else _escape(match)


def visible(text: str, multiline: bool = False) -> str:
    """``text`` with every control/bidi character escaped (newlines and tabs kept when ``multiline``)."""
    return _unsafe().sub(_escape_keeping_newlines if multiline else _escape, text)


def _json_escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def json_dumps(value: object, indent: int | None = None) -> str:
    """JSON with non-ASCII text kept readable but C1 controls and bidi marks written as ``\\uXXXX``."""
    import json  # only the JSON formats pay for it

    return json_escaped(json.dumps(value, ensure_ascii=False, indent=indent))


def json_escaped(text: str) -> str:
    """JSON text from ``json.dumps(..., ensure_ascii=False)``, escaped as :func:`json_dumps` escapes it (the
    index stores records as that text: ``timeline --format jsonl`` writes them without decoding them)."""
    return _json_unsafe().sub(_json_escape, text)


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")


def spreadsheet_cell(text: str) -> str:
    """Neutralise a CSV/TSV cell a spreadsheet would execute (OWASP CSV injection): prefix with ``'``."""
    return "'" + text if text.startswith(_FORMULA_START) else text


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
