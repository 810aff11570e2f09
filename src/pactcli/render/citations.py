"""Citations on a terminal: italics where the style has them (plain text when piped)."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Console, Group, RenderableType
from rich.text import Text

from .console import on_terminal
from .prose import Prose
from .safe import visible


def citation_list(
    console: Console, entries: Sequence[Sequence[tuple[str, bool]]], numbered: bool
) -> RenderableType:
    """One paragraph per entry; ``entries`` are runs of (text, italic).

    On a terminal entries wrap at word boundaries (never inside a URL), a blank line between them. To a file
    each entry is one line: a bibliography one entry per line, notes one paragraph each (a blank line
    between), ready to paste into a document.
    """
    lines: list[RenderableType] = []
    spaced = numbered or on_terminal(console)
    for number, runs in enumerate(entries, start=1):
        marker = f"{number}. " if numbered else ""
        line = Text(marker)
        for text, italic in runs:
            line.append(visible(text), style="italic" if italic else "")
        if lines and spaced:
            lines.append(Text(""))
        # Notes hang under their number; a bibliography hangs its entries, as printed bibliographies do.
        lines.append(Prose(line, hanging=len(marker) if numbered else 4))
    return Group(*lines)
