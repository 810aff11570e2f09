"""``diff-dates`` for people: the endpoints as resolved, then every figure with its label."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Console, Group, RenderableType
from rich.table import Table
from rich.text import Text

from pactcli.arithmetic import Difference

from .console import table_box
from .safe import visible


def difference_view(console: Console, results: Sequence[Difference]) -> RenderableType:
    parts: list[RenderableType] = []
    for result in results:
        table = Table(box=table_box(console), show_header=False)
        table.add_column(style="bold", no_wrap=True)
        table.add_column()
        for label, value in result.summary_rows():
            table.add_row(Text(label), Text(visible(value, multiline=True)))
        parts.append(table)
    return Group(*parts)
