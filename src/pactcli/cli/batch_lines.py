"""One answer per stdin line for `convert -` and `shift -`: the batch rule of the CLI, from ``common.Batch``.

Every good line is answered; each bad line is reported on stderr as ``pactcli: line N: …`` (N counts every
line of the input, blank and ``#`` comment lines included, so it matches an editor's line numbers); the
command exits 1 at the end if any line failed. ``--fail-fast`` stops at the first bad line. The rule itself,
with the bounded line reader (64 KiB) and the empty-input check, is :class:`pactcli.cli.common.Batch`, which
``event -``, ``cite -`` and ``diff-dates -`` use too; these two functions keep the shape convert and shift
call.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TypeVar

from pactcli.cli.common import Batch

T = TypeVar("T")


class _Lines:
    """The numbered lines of one batch, carrying the batch so :func:`answer_each` reports through it."""

    def __init__(self, batch: Batch) -> None:
        self.batch = batch

    def __iter__(self) -> Iterator[tuple[int, str]]:
        return self.batch.lines()


def numbered_stdin_lines(what: str, fail_fast: bool = False) -> _Lines:
    """(line number, stripped text) for each line of stdin that is neither blank nor a ``#`` comment."""
    return _Lines(Batch(what, fail_fast))


def answer_each(
    lines: _Lines,
    answer: Callable[[str], T],
    emit: Callable[[T], None],
    fail_fast: bool,
) -> int:
    """Answer each line in turn (``emit`` is called at once, so output streams); return how many failed."""
    batch = lines.batch
    batch.fail_fast = fail_fast
    for number, text in lines:
        batch.answer(number, lambda text=text: emit(answer(text)))  # type: ignore[misc]
    batch.check_not_empty()
    return batch.failed
