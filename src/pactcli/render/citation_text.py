"""Citations in Markdown, plain text and HTML, from the CSL processor's HTML output (no Rich: the
``--format html|markdown`` paths do not pay for it; the terminal renderer is :mod:`pactcli.render.citations`).

The processor (:mod:`pactcli.csl`) writes a small, fixed HTML vocabulary (``<i>``, ``<b>``, ``<sup>``,
``<sub>``, ``<span style="…">`` for the other CSL formats, ``<div class="csl-…">`` for second-field-align,
and text with
``&#38;`` ``&#60;`` ``&#62;`` escaped), so its output is read back here into runs of text with their formats;
nothing of the style or the data is ever taken as markup of ours. Every text run passes through
:mod:`pactcli.render.safe` (control and bidi characters made visible) before any output.
"""

from __future__ import annotations

import re

from pactcli.render.safe import markdown_cell, visible

_TAG = re.compile(r"<(/?)(i|b|sup|sub|span|div)(?:\s[^>]*)?>")
# The processor lays out display="block", "left-margin", "right-inline" and "indent" as <div>s with line
# breaks and indentation between them, as citeproc-js writes them: that whitespace is layout, not the
# data's (a line break inside a field stays and is made visible like any control character).
_DIV_LAYOUT = re.compile(r"\s*(</?div\b[^>]*>)\s*")
_STYLE = re.compile(r'style="([^"]*)"')

Run = tuple[str, frozenset[str]]


def _unescape(text: str) -> str:
    # html.unescape, imported only for text that has a character reference: its table of 2,000 entities
    # costs a millisecond of a view's start-up, and most references have none.
    if "&" not in text:
        return text
    import html

    return html.unescape(text)


def runs(entry: str) -> list[Run]:
    """``entry`` (the processor's HTML) as runs of (text, formats); formats among italic, bold, sup, sub,
    small-caps, underline."""
    out: list[Run] = []
    stack: list[frozenset[str]] = [frozenset()]
    position = 0
    if "<div" in entry:
        entry = _DIV_LAYOUT.sub(r"\1", entry)

    def add(text: str) -> None:
        if text:
            out.append((_unescape(text), stack[-1]))

    for match in _TAG.finditer(entry):
        add(entry[position : match.start()])
        position = match.end()
        closing, tag = match.group(1), match.group(2)
        if closing:
            if len(stack) > 1:
                stack.pop()
            continue
        formats = set(stack[-1])
        if tag == "i":
            formats.add("italic")
        elif tag == "b":
            formats.add("bold")
        elif tag in ("sup", "sub"):
            formats.add(tag)
        elif tag == "span":
            style = _STYLE.search(match.group(0))
            value = style.group(1) if style else ""
            if "italic" in value or "oblique" in value:
                formats.add("italic")
            if "font-style:normal" in value:
                formats.discard("italic")
            if "bold" in value:
                formats.add("bold")
            if "font-weight:normal" in value:
                formats.discard("bold")
            if "small-caps" in value:
                formats.add("small-caps")
            if "underline" in value:
                formats.add("underline")
        elif tag == "div" and out and not out[-1][0].endswith(" "):
            # second-field-align: "[1]" and the entry in blocks; in running text a space between them
            out.append((" ", stack[-1]))
        stack.append(frozenset(formats))
    add(entry[position:])
    return [(text, fmt) for text, fmt in out if text]


def raw_text(entry: str) -> str:
    """The entry's text without its formats, not yet made safe (for a caller that escapes it its own way:
    iCalendar, SVG, TimelineJS)."""
    return "".join(text for text, _ in runs(entry)).strip()


def plain_text(entry: str) -> str:
    """The entry as plain text, safe for a terminal or a file."""
    return visible(raw_text(entry))


def markdown(entry: str) -> str:
    """The entry in Markdown: ``*italic*``, ``**bold**``, ``<sup>``/``<sub>``; text escaped where Markdown
    would read it as syntax."""
    parts: list[str] = []
    for text, fmt in merged(runs(entry)):
        escaped = markdown_cell(text)
        # Emphasis markers must touch the words: keep the run's outer spaces outside them.
        core = escaped.strip(" ")
        if not core:
            parts.append(escaped)
            continue
        lead = escaped[: len(escaped) - len(escaped.lstrip(" "))]
        trail = escaped[len(escaped.rstrip(" ")) :]
        if "sup" in fmt:
            core = f"<sup>{core}</sup>"
        elif "sub" in fmt:
            core = f"<sub>{core}</sub>"
        if "bold" in fmt:
            core = f"**{core}**"
        if "italic" in fmt:
            core = f"*{core}*"
        parts.append(lead + core + trail)
    return "".join(parts).strip()


def safe_html(entry: str) -> str:
    """The processor's HTML, with control and bidi characters made visible (it escaped ``& < >`` already)."""
    return visible(_DIV_LAYOUT.sub(r"\1", entry) if "<div" in entry else entry)


def merged(items: list[Run]) -> list[Run]:
    out: list[Run] = []
    for text, fmt in items:
        if out and out[-1][1] == fmt:
            out[-1] = (out[-1][0] + text, fmt)
        else:
            out.append((text, fmt))
    return out
