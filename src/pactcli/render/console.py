"""The one place Rich consoles are made, so colour, width and escapes follow the same rules everywhere."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable
from typing import IO

from rich import box
from rich.console import Console
from rich.segment import Segment
from rich.text import Text

from pactcli.render.safe import visible


def colour_allowed(stream: IO[str], environ: os._Environ[str] | dict[str, str] | None = None) -> bool:
    """Colour and other escape sequences only on a terminal, and never when NO_COLOR is set (no-color.org)."""
    env = os.environ if environ is None else environ
    try:
        is_tty = stream.isatty()
    except (AttributeError, ValueError):
        is_tty = False
    return is_tty and not env.get("NO_COLOR")


class SafeConsole(Console):
    """A Console that can never write a raw control, format or separator character of the content.

    Renderers build every store string with :func:`~pactcli.render.safe.visible` already (so widths are
    measured on what is shown); this is the net under them: plain strings are escaped when Rich turns them
    into Text, and every content segment is escaped again just before it is written (Rich's own control
    segments, colour and cursor codes, are left alone).
    """

    def render_str(self, text: str, **kwargs: object) -> Text:
        return super().render_str(visible(text, multiline=True), **kwargs)  # type: ignore[arg-type]

    def _render_buffer(self, buffer: Iterable[Segment]) -> str:
        return super()._render_buffer(
            # Line ends stay; everything else hidden, a raw tab included, is shown as its escape.
            Segment(visible(seg.text, multiline=True).replace("\t", "\\t"), seg.style, seg.control)
            if not seg.control
            else seg
            for seg in buffer
        )


def on_terminal(console: Console) -> bool:
    """Whether ``console`` writes to a terminal (whatever NO_COLOR says): only then is text wrapped, paged."""
    try:
        return console.file.isatty()
    except (AttributeError, ValueError):
        return False


def make_console(stream: IO[str] | None = None, width: int | None = None) -> Console:
    """A console that emits no escape sequence at all unless colour is allowed on ``stream``."""
    stream = stream or sys.stdout
    allowed = colour_allowed(stream)
    return SafeConsole(
        file=stream,
        force_terminal=allowed,
        color_system="auto" if allowed else None,
        no_color=not allowed,
        highlight=False,
        markup=False,
        emoji=False,
        width=width,
        legacy_windows=False,
    )


def table_box(console: Console) -> box.Box:
    """Unicode borders on a terminal, ASCII when the output goes to a file or a pipe."""
    return box.ROUNDED if console.is_terminal else box.ASCII


# Rich's SIMPLE box (no vertical rules, a rule under the header) in ASCII for pipes and files.
_ASCII_SIMPLE = box.Box("    \n    \n -- \n    \n    \n -- \n    \n    \n", ascii=True)


def compact_box(console: Console) -> box.Box:
    """A borderless table that leaves the width to the text: Unicode rules on a terminal, ASCII otherwise."""
    return box.SIMPLE if console.is_terminal else _ASCII_SIMPLE
