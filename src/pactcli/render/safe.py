"""Store text is data: make control characters and bidi overrides visible before any output.

Rich strips only a few C0 controls; ESC, C1 controls and bidi overrides would reach the terminal (screen
clears,
OSC 8 hidden links, OSC 52 clipboard writes, reordered text). Like git and kubectl after their CVEs, we show
such characters as visible escapes instead. Machine formats keep the data but escape it in their own syntax.
"""

from __future__ import annotations

import re

# C0 controls, DEL and C1 controls; bidi embeddings, overrides and isolates; line/paragraph separators;
# zero-width and byte-order marks that hide text.
_UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060-\u2069\ufeff]"
)
_UNSAFE_WITH_NEWLINES = re.compile(
    "[\x00-\x09\x0a-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060-\u2069\ufeff]"
)


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code == 0x09:
        return "\\t"
    if code == 0x0A:
        return "\\n"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: str, multiline: bool = False) -> str:
    """``text`` with every control/bidi character shown as an escape; newlines kept when ``multiline``."""
    pattern = _UNSAFE if multiline else _UNSAFE_WITH_NEWLINES
    return pattern.sub(_escape, text)


_JSON_UNSAFE = re.compile("[\x7f-\x9f\u061c\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060-\u2069\ufeff]")


def json_dumps(value: object, indent: int | None = None) -> str:
    """JSON with non-ASCII text kept readable but C1 controls and bidi marks written as ``\\uXXXX``."""
    import json  # only the JSON formats pay for it

    text = json.dumps(value, ensure_ascii=False, indent=indent)
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")


def spreadsheet_cell(text: str) -> str:
    """Neutralise a CSV/TSV cell a spreadsheet would execute (OWASP CSV injection): prefix with ``'``."""
    return "'" + text if text.startswith(_FORMULA_START) else text
