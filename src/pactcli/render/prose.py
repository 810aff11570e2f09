"""Running text (paragraphs, citations, notes, label: value lines): wrapped for a reader, never for a file.

On a terminal a paragraph wraps at spaces only and never inside a word, so a URL is never cut (a URL wider
than the terminal gets a line of its own and the terminal folds it, which copying undoes). To a pipe or a
file a paragraph is one line, whatever the width, so that it can be pasted into a document or read by
``grep``. Rich's own wrapping folds long words and cannot do either, hence this renderable.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from rich.console import Console, ConsoleOptions
from rich.segment import Segment
from rich.text import Text

from pactcli.render.console import on_terminal

_WORD = re.compile(r"\S+")


def wrap_offsets(plain: str, width: int, indent: int = 0) -> list[tuple[int, int]]:
    """(start, end) of each line of ``plain`` wrapped at spaces to ``width`` columns; words are never split.

    Continuation lines are ``indent`` columns narrower (a hanging indent). Existing newlines are kept.
    Columns are counted in characters: store text is mostly Latin, and an East Asian word wider than its
    count only makes its line shorter than it could be, never cut.
    """
    from rich.cells import cell_len

    lines: list[tuple[int, int]] = []
    position = 0
    for paragraph in plain.split("\n"):
        start = end = None
        used = 0
        room = width
        for match in _WORD.finditer(paragraph):
            size = cell_len(match.group())
            if start is None:
                start, end, used = match.start(), match.end(), size
                continue
            assert end is not None
            gap = match.start() - end
            if used + gap + size <= room:
                end, used = match.end(), used + gap + size
                continue
            lines.append((position + start, position + end))
            start, end, used = match.start(), match.end(), size
            room = max(width - indent, 1)
        if start is None:
            lines.append((position, position))
        else:
            assert end is not None
            lines.append((position + start, position + end))
        position += len(paragraph) + 1
    return lines


class Prose:
    """A paragraph (a ``rich.text.Text``) wrapped at word boundaries on a terminal, unwrapped elsewhere.

    ``indent`` indents the first line, ``hanging`` the others (for ``label  value`` lines). Print with
    ``crop=False`` so that a word wider than the screen is not cut.
    """

    def __init__(self, text: Text, hanging: int = 0, indent: int = 0) -> None:
        self.text = text
        self.hanging = hanging
        self.indent = indent

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> Iterator[Segment]:
        text = self.text
        # Off a terminal the width is "unlimited": only the text's own line breaks remain.
        width = options.max_width - self.indent if on_terminal(console) else 10**9
        offsets = wrap_offsets(text.plain, width, self.hanging - self.indent)
        for number, (start, end) in enumerate(offsets):
            margin = self.hanging if number else self.indent
            if margin:
                yield Segment(" " * margin)
            yield from text[start:end].render(console)
            yield Segment.line()


def field_lines(rows: Sequence[tuple[str, Text]], gap: int = 2) -> list[Prose]:
    """``Label  value`` lines, values aligned after the widest label; a value's own lines hang under it."""
    width = max((len(label) for label, _ in rows), default=0) + gap
    out = []
    for label, value in rows:
        line = Text()
        line.append(label.ljust(width), style="bold")
        line.append_text(value)
        out.append(Prose(line, hanging=width))
    return out
