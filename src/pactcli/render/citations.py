"""Citations on a terminal: italics where the style has them (plain text when piped)."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Group, RenderableType
from rich.text import Text

from .safe import visible


def citation_list(entries: Sequence[Sequence[tuple[str, bool]]], numbered: bool) -> RenderableType:
    """One paragraph per entry; ``entries`` are runs of (text, italic)."""
    lines: list[RenderableType] = []
    for number, runs in enumerate(entries, start=1):
        line = Text(f"{number}. " if numbered else "")
        for text, italic in runs:
            line.append(visible(text), style="italic" if italic else "")
        lines.append(line)
        lines.append(Text(""))
    if lines:
        lines.pop()
    return Group(*lines)
