"""``pactcli validate``: check store files."""

from __future__ import annotations

import enum
import sys
from typing import Annotated

import typer

from pactcli.cli.app import Options, app


class ValidateFormat(str, enum.Enum):
    text = "text"
    json = "json"


# --- validate --------------------------------------------------------------------------------------------


@app.command(short_help="Check store files; list every problem.")
def validate(
    paths: Annotated[list[str] | None, typer.Argument(metavar="[PATH]...", show_default=False)] = None,
    fmt: Annotated[ValidateFormat, typer.Option("--format", help="Output format.")] = ValidateFormat.text,
) -> None:
    """Check store files: syntax, fields, types, dates, zones, IDs, sources, disputes.

    Prints every problem on stdout as FILE:LINE: RECORD: FIELD: message (as ruff and mypy do; --format json
    for a JSON object), then a summary line on stderr; exits 1 if there are errors (warnings, such as a
    source that is never cited, do not change the exit code).

    Example: pactcli validate data/events.toml
    """
    from pactcli.render.safe import json_dumps, visible
    from pactcli.store import parse as store

    targets = list(paths or []) or store.store_paths(Options.store_paths)
    if any(not t.strip() for t in targets):
        from pactcli.errors import UsageError

        raise UsageError("argument PATH: empty; give a store file")
    loaded, problems = store.validate(targets)
    errors = [p for p in problems if p.severity == "error"]
    warnings = len(problems) - len(errors)
    if fmt is ValidateFormat.json:
        report = {
            "ok": not errors,
            "paths": targets,
            "errors": len(errors),
            "warnings": warnings,
            "events": len(loaded.events),
            "sources": len(loaded.sources),
            "problems": [
                {
                    "path": p.path,
                    "line": p.line_no or None,
                    "record": p.record or None,
                    "field": p.field or None,
                    "message": p.message,
                    "severity": p.severity,
                }
                for p in problems
            ],
        }
        sys.stdout.write(json_dumps(report, indent=2) + "\n")
    else:
        for problem in problems:
            # Messages quote the file's own text (IDs, keys, values): escape it like any other store text.
            sys.stdout.write(visible(problem.line()) + "\n")
    sys.stdout.flush()  # every diagnostic before the summary, also when both streams go to one terminal
    shown = visible(", ".join(targets))  # paths are text too: no raw OSC, BEL, CR or bidi in the summary
    if errors:
        print(f"pactcli: {len(errors)} error(s) in {shown}", file=sys.stderr)
        raise typer.Exit(1)
    print(
        f"ok: {len(loaded.events)} events, {len(loaded.sources)} sources"
        + (f", {warnings} warning(s)" if warnings else ""),
        file=sys.stderr,
    )
