"""``pactcli diff-dates``: B minus A."""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING, Annotated

import typer

from pactcli.errors import UsageError

if TYPE_CHECKING:
    from collections.abc import Sequence

    from rich.console import Console, RenderableType

    from pactcli.arithmetic import Difference

from .app import app, choices, not_negative
from .common import (
    complete_ids,
    load_store,
    print_rich,
    stdin_lines,
    write,
)


class DiffFormat(str, enum.Enum):
    table = "table"
    json = "json"
    text = "text"


# --- diff-dates ------------------------------------------------------------------------------------------


@app.command("diff-dates", short_help="B minus A: days, weeks, months, ISO 8601.")
def diff_dates(
    a: Annotated[
        str,
        typer.Argument(
            metavar="A",
            help="Event ID (ID@end for its end), date or date-time; '-' "
            "reads tab-separated pairs from stdin.",
            autocompletion=complete_ids,
        ),
    ],
    b: Annotated[
        str | None,
        typer.Argument(metavar="B", help="Event ID, date or date-time.", autocompletion=complete_ids),
    ] = None,
    claim: Annotated[
        int,
        typer.Option(
            "--claim", metavar="N", callback=not_negative, help="Use claim N of disputed events (0 = main)."
        ),
    ] = 0,
    fmt: Annotated[
        DiffFormat, typer.Option("--format", metavar="FORMAT", help=f"Output format: {choices(DiffFormat)}.")
    ] = DiffFormat.table,
) -> None:
    """B minus A: calendar difference, total days, weeks, inclusive count and ISO 8601 duration.

    Counted forward from the earlier end, so swapping A and B only flips the sign. Month ends: adding
    months to the 29th-31st clips to the last day of a shorter month (31 Jan + 1 month = 28/29 Feb).
    Instants are compared in UTC; a date is a civil day in its own zone. Reduced precision (1942-07) or
    an uncertain date gives a range (min..max total days).

    \b
    Example: pactcli diff-dates pact-signed pact-denounced
    """
    from pactcli.arithmetic import difference
    from pactcli.endpoints import parse_endpoint

    if a == "-":
        if b is not None:
            raise UsageError("argument B: not allowed with '-' (pairs come from stdin)")
        pairs = []
        for number, line in enumerate(stdin_lines("pairs"), start=1):
            fields = line.split("\t")
            if len(fields) != 2:
                raise UsageError(f"stdin line {number}: expected two fields separated by a tab")
            pairs.append((fields[0].strip(), fields[1].strip()))
    elif b is None:
        raise UsageError("missing argument B (or use '-' to read pairs from stdin)")
    else:
        pairs = [(a, b)]
    loaded = load_store()
    results = []
    for left, right in pairs:
        start = parse_endpoint(left, loaded, arg="A")
        end = parse_endpoint(right, loaded, arg="B")
        if claim:
            # --claim N picks claim N of whichever end has one, so a disputed event can be measured against an
            # undisputed one or a date.
            candidates = [
                (text, arg) for text, arg, ep in ((left, "A", start), (right, "B", end)) if ep.claims > claim
            ]
            if not candidates:
                raise UsageError(f"--claim {claim}: neither A nor B is an event with a claim {claim}")
            if start.claims > claim:
                start = parse_endpoint(left, loaded, arg="A", claim=claim)
            if end.claims > claim:
                end = parse_endpoint(right, loaded, arg="B", claim=claim)
        results.append(difference(start, end))
    if fmt is DiffFormat.text:
        for result in results:
            write(result.text())
    elif fmt is DiffFormat.json:
        from pactcli.render.safe import json_dumps

        payload = [r.to_json() for r in results]
        write(json_dumps(payload[0] if len(payload) == 1 and a != "-" else payload, indent=2))
    else:
        print_rich(lambda console: _diff_renderable(console, results))


def _diff_renderable(console: Console, results: Sequence[Difference]) -> RenderableType:
    from pactcli.render.diff import difference_view

    return difference_view(console, results)
