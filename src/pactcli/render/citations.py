"""Citations on a terminal: italics and bold where the style has them; wrapped as prose.

The entries are the CSL processor's HTML, read into runs by :mod:`pactcli.render.citation_text`.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Console, Group, RenderableType
from rich.text import Text

from pactcli.render.citation_text import merged, runs
from pactcli.render.console import on_terminal
from pactcli.render.prose import Prose
from pactcli.render.safe import visible

_RICH = {"italic": "italic", "bold": "bold", "underline": "underline"}


def rich_text(entry: str, start: str = "") -> Text:
    line = Text(start)
    for text, fmt in merged(runs(entry)):
        style = " ".join(_RICH[f] for f in sorted(fmt) if f in _RICH)
        line.append(visible(text), style=style)
    line.rstrip()
    return line


def citation_list(console: Console, entries: Sequence[str], numbered: bool) -> RenderableType:
    """One paragraph per entry (the processor's HTML), italics where the style has them.

    On a terminal entries wrap at word boundaries (never inside a URL), a blank line between them. To a file
    each entry is one line: a bibliography one entry per line, notes one paragraph each (a blank line
    between), ready to paste into a document.
    """
    lines: list[RenderableType] = []
    spaced = numbered or on_terminal(console)
    for number, entry in enumerate(entries, start=1):
        marker = f"{number}. " if numbered else ""
        if lines and spaced:
            lines.append(Text(""))
        # Notes hang under their number; a bibliography hangs its entries, as printed bibliographies do.
        lines.append(Prose(rich_text(entry, marker), hanging=len(marker) if numbered else 4))
    return Group(*lines)
