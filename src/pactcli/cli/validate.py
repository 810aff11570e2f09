"""``pactcli validate``: check store files."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from .app import Options, app

# --- validate --------------------------------------------------------------------------------------------


@app.command(short_help="Check store files; list every problem.")
def validate(
    paths: Annotated[list[str] | None, typer.Argument(metavar="[PATH]...", show_default=False)] = None,
) -> None:
    """Check store files: syntax, fields, types, dates, zones, IDs, sources, disputes.

    Prints every problem as FILE:LINE: RECORD: FIELD: message and exits 1 if there are errors
    (warnings, such as a source that is never cited, do not change the exit code).

    Example: pactcli validate data/events.toml
    """
    from pactcli import store
    from pactcli.render.safe import visible

    targets = list(paths or []) or store.store_paths(Options.store_paths)
    loaded, problems = store.validate(targets)
    for problem in problems:
        # Messages quote the file's own text (IDs, keys, values): escape it like any other store text.
        print(visible(problem.line()), file=sys.stderr if problem.severity == "error" else sys.stdout)
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        print(f"pactcli: {len(errors)} error(s) in {', '.join(targets)}", file=sys.stderr)
        raise typer.Exit(1)
    warnings = len(problems)
    print(
        f"ok: {len(loaded.events)} events, {len(loaded.sources)} sources"
        + (f", {warnings} warning(s)" if warnings else "")
    )
