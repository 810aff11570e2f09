"""``pactcli edit``: change one record in $VISUAL/$EDITOR, validated with the rest before it is saved."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from pactcli.cli.app import app
from pactcli.errors import LookupFailed, PactError, WriteRefused

_HEAD = "# pactcli edit: {what} in {path}\n# Save and quit to apply it; delete everything to abort.\n"


def _editor() -> list[str]:
    import os
    import shlex

    command = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
    try:
        words = shlex.split(command)
    except ValueError:
        raise PactError(f"$VISUAL/$EDITOR: cannot read {command!r} as a command") from None
    if not words:
        raise PactError("$VISUAL/$EDITOR is empty")
    return words


def _run_editor(text: str) -> str:
    """Open ``text`` in the editor, in a private temporary file, and return what was saved."""
    import os
    import subprocess
    import tempfile
    from pathlib import Path

    handle, name = tempfile.mkstemp(prefix="pactcli-edit-", suffix=".toml")
    path = Path(name)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
            out.write(text)
        try:
            done = subprocess.run([*_editor(), name], check=False)
        except OSError as exc:
            raise PactError(f"cannot start the editor {_editor()[0]!r}: {exc.strerror or exc}") from None
        if done.returncode != 0:
            raise PactError(f"the editor exited with {done.returncode}; nothing written")
        try:
            return path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            raise PactError("the edited text is not UTF-8; nothing written") from None
    finally:
        path.unlink(missing_ok=True)


def _structure_problem(table: str, text: str) -> tuple[int, str] | None:
    """(line, message) if ``text`` is not exactly one ``[[table]]`` record."""
    import re

    import tomli

    try:
        data = tomli.loads(text)
    except tomli.TOMLDecodeError as exc:
        match = re.search(r"\(at line (\d+)", str(exc))
        return (int(match.group(1)) if match else 1, f"TOML syntax: {re.sub(r' [(]at .*', '', str(exc))}")
    records = data.get(table)
    if set(data) != {table} or not isinstance(records, list) or len(records) != 1:
        return (1, f"the text must be exactly one [[{table}]] table (and its own sub-tables)")
    return None


def _again() -> bool:
    """Ask on stderr whether to edit again; end of input (no terminal, Ctrl-D) means abort."""
    print("Edit again (e) or abort (a)? [e] ", end="", file=sys.stderr, flush=True)
    line = sys.stdin.readline() if sys.stdin is not None and not sys.stdin.closed else ""
    if not sys.stdin.isatty():
        print(file=sys.stderr)  # the answer was not echoed: end the question's line
    return bool(line) and line.strip().lower() in ("", "e", "edit", "y", "yes")


def _keep(text: str) -> str:
    import os
    import tempfile

    handle, name = tempfile.mkstemp(prefix="pactcli-edit-kept-", suffix=".toml")
    with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
        out.write(text)
    return name


@app.command(short_help="Edit one event, source or zone in $VISUAL or $EDITOR.")
def edit(
    record_id: Annotated[str, typer.Argument(metavar="ID", help="The event, source or zone to change.")],
    store_path: Annotated[
        str | None, typer.Option("--store", metavar="PATH", help="The store file that holds it.")
    ] = None,
) -> None:
    """Edit one event, source or zone in $VISUAL or $EDITOR; saved only if the whole store stays valid.

    On errors the problems are shown and you choose to edit again or abort; abort leaves the file as it was.

    Example: pactcli edit pact-signed --store mine.toml   (with EDITOR=nano, say)
    """
    from pactcli.cli.writing import showing_problems, target_and_selection
    from pactcli.render.safe import visible
    from pactcli.store import writer

    target, selection = target_and_selection(store_path)
    with showing_problems():
        handle = writer.StoreFile(target)
        found = None
        for table in ("events", "sources", "zones"):
            found = handle.find(table, record_id)
            if found is not None:
                break
    if found is None:
        shown = record_id if len(record_id) <= 60 else record_id[:60] + "…"
        raise LookupFailed(f"no event, source or zone {shown!r} in {target}")
    table = found.table
    what = {"events": "event", "sources": "source", "zones": "zone"}[table] + f" {record_id}"
    original = handle.record_text(found)
    head = _HEAD.format(what=what, path=" ".join(target.split()))
    current = original
    while True:
        saved = _run_editor(head + current)
        offset = head.count("\n") if saved.startswith(head) else 0
        body = saved.removeprefix(head)
        if not "".join(line for line in body.splitlines() if not line.lstrip().startswith("#")).strip():
            raise PactError(f"edit aborted (the text was emptied); {target} unchanged")
        if body.rstrip("\n") == original.rstrip("\n"):
            print(visible(f"no changes to {what}"))
            return
        lines: list[str] = []
        structure = _structure_problem(table, body)
        if structure is not None:
            lines.append(f"line {structure[0] + offset}: {structure[1]}")
        else:
            new_text = handle.with_replaced(found, body)
            span_lines = body.count("\n") + 1
            for problem in handle.problems(new_text, selection):
                if problem.path == target and found.line <= problem.line_no < found.line + span_lines:
                    where = f"line {problem.line_no - found.line + 1 + offset}"
                    lines.append(
                        ": ".join(x for x in (where, problem.record, problem.field) if x)
                        + ": "
                        + problem.message
                    )
                else:
                    lines.append(problem.line())
            if not lines:
                try:
                    handle.save(new_text, selection)
                except WriteRefused as exc:
                    # The file changed meanwhile (or cannot be written): keep the user's work.
                    kept = _keep(body)
                    raise WriteRefused(f"{exc}; your edited text is in {kept}", exc.problems) from None
                print(visible(f"saved {what} in {target}"))
                return
        for line in lines:
            print(visible(line), file=sys.stderr)
        if not _again():
            raise PactError(f"edit aborted; {target} unchanged")
        current = body
