"""``diff-dates`` for people: the endpoints as resolved, then every figure with its label."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Console, Group, RenderableType
from rich.text import Text

from pactcli.render.prose import field_lines
from pactcli.render.safe import visible
from pactcli.time.arithmetic import Difference


def difference_view(console: Console, results: Sequence[Difference]) -> RenderableType:
    """Each result as ``label  value`` lines: wrapped under their label on a terminal, one line each in a
    file; a blank line between results."""
    parts: list[RenderableType] = []
    for result in results:
        if parts:
            parts.append(Text(""))
        parts += field_lines(
            [(label, Text(visible(value, multiline=True))) for label, value in result.summary_rows()]
        )
    return Group(*parts)
