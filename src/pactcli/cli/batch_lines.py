"""One answer per stdin line for `convert -` and `shift -`: the batch rule of the CLI.

Every good line is answered; each bad line is reported on stderr as ``pactcli: line N: …`` (N counts every
line of the input, blank and ``#`` comment lines included, so it matches an editor's line numbers); the
command exits 1 at the end if any line failed. ``--fail-fast`` stops at the first bad line. This is the
whole rule in one place so that it can move into the CLI's shared helpers (``common``) when the other
commands adopt it.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from typing import TypeVar

from pactcli.errors import PactError, UsageError

T = TypeVar("T")


def numbered_stdin_lines(what: str) -> Iterator[tuple[int, str]]:
    """(line number, stripped text) for each line of stdin that is neither blank nor a ``#`` comment."""
    if sys.stdin is None or sys.stdin.closed:
        raise UsageError(f"'-' reads {what} from standard input, but there is none")
    for number, line in enumerate(sys.stdin, start=1):
        text = line.strip()
        if text and not text.startswith("#"):
            yield number, text


def answer_each(
    lines: Iterator[tuple[int, str]],
    answer: Callable[[str], T],
    emit: Callable[[T], None],
    fail_fast: bool,
) -> int:
    """Answer each line in turn (``emit`` is called at once, so output streams); return how many failed."""
    from pactcli.render.safe import visible

    failed = 0
    for number, text in lines:
        try:
            result = answer(text)
        except PactError as exc:
            failed += 1
            print(f"pactcli: line {number}: {visible(str(exc))}", file=sys.stderr)
            if fail_fast:
                break
            continue
        emit(result)
    return failed
