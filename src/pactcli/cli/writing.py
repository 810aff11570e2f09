"""What the commands that change a store share (new, add, import, edit): which file, which stores to check
it with, and how a refusal is shown."""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator
from typing import TYPE_CHECKING

from pactcli.cli.app import Options
from pactcli.errors import StoreError, UsageError, WriteRefused

if TYPE_CHECKING:
    from pactcli.store.model import Store


def selected_stores() -> list[str]:
    """The stores chosen with the global --store or PACTCLI_STORE; empty when neither is given."""
    from pactcli.store.files import ENV_VAR, store_paths

    if Options.store_paths:
        return list(Options.store_paths)
    if os.environ.get(ENV_VAR, "").strip():
        return store_paths([])
    return []


def _same_file(a: str, b: str) -> bool:
    return a == b or os.path.realpath(a) == os.path.realpath(b)


def target_and_selection(option: str | None, name: str = "--store") -> tuple[str, list[str]]:
    """The file to change and the stores it is validated with.

    The file is ``--store PATH`` of the command, else the one writable store among those selected. It is
    checked together with the selected stores if it is one of them (its events may cite their sources, and
    IDs must be unique across them), else on its own.
    """
    from pactcli.store.files import EMBEDDED

    selected = selected_stores()
    if option is not None:
        if not option.strip():
            raise UsageError(f"{name}: empty path; give the store file to change")
        target = option
    else:
        writable = [p for p in selected if p != EMBEDDED]
        if len(writable) != 1:
            which = "none is selected" if not writable else f"{len(writable)} are selected"
            raise UsageError(f"{name}: give the store file to change ({which})")
        target = writable[0]
    if target == EMBEDDED:
        raise WriteRefused(f"{EMBEDDED}: the embedded store is read-only (start your own with 'pactcli new')")
    from pactcli.store.writer import check_target

    check_target(target)  # before anything is read: a FIFO or a symlink outside is refused, not opened
    if any(_same_file(target, p) for p in selected if p != EMBEDDED):
        return target, selected
    return target, [target]


def load_selection(selection: list[str]) -> Store:
    from pactcli.store import parse as store

    loaded, _ = store.load(selection)
    return loaded


@contextlib.contextmanager
def showing_problems() -> Iterator[None]:
    """Print every FILE:LINE problem of a refused change or a broken store on stderr, then fail."""
    try:
        yield
    except (WriteRefused, StoreError) as exc:
        from pactcli.render.safe import visible

        problems = exc.problems
        if len(problems) > 1 or isinstance(exc, WriteRefused):
            for problem in problems:
                print(visible(problem.line()), file=sys.stderr)
        if isinstance(exc, StoreError) and len(problems) > 1:
            raise WriteRefused(
                f"{len(problems)} errors in the store (listed above); nothing written"
            ) from None
        raise


def is_terminal() -> bool:
    return bool(sys.stdin is not None and not sys.stdin.closed and sys.stdin.isatty())
