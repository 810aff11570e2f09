"""``pactcli diff-dates``: B minus A."""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING, Annotated

import typer

from pactcli.errors import UsageError

if TYPE_CHECKING:
    from collections.abc import Sequence

    from rich.console import Console, RenderableType

    from pactcli.store.model import Store
    from pactcli.time.arithmetic import Difference

from pactcli.cli.app import app, choices
from pactcli.cli.common import (
    Batch,
    JsonArrayWriter,
    complete_ids,
    load_store,
    print_rich,
    write,
)
from pactcli.cli.options import ClaimOption, FailFastOption


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
    claim: ClaimOption = 0,
    fmt: Annotated[
        DiffFormat, typer.Option("--format", metavar="FORMAT", help=f"Output format: {choices(DiffFormat)}.")
    ] = DiffFormat.table,
    fail_fast: FailFastOption = False,
) -> None:
    """B minus A: calendar difference, total days, weeks, inclusive count and ISO 8601 duration.

    Counted forward from the earlier end, so swapping A and B only flips the sign. Month ends: adding
    months to the 29th-31st clips to the last day of a shorter month (31 Jan + 1 month = 28/29 Feb).
    Instants are compared in UTC; a date is a civil day in its own zone. Reduced precision (1942-07) or
    an uncertain date gives a range (min..max total days). With '-', each stdin line is a tab-separated
    pair; a bad line is reported with its number and the others are answered (--fail-fast stops).

    \b
    Example: pactcli diff-dates pact-signed pact-denounced
    """
    if a == "-":
        if b is not None:
            raise UsageError("argument B: not allowed with '-' (pairs come from stdin)")
    elif b is None:
        raise UsageError("missing argument B (or use '-' to read pairs from stdin)")
    loaded = load_store()
    results: list[Difference] = []
    array = JsonArrayWriter() if fmt is DiffFormat.json and a == "-" else None

    def answer(left: str, right: str) -> None:
        result = _difference(loaded, left, right, claim)
        if fmt is DiffFormat.text:
            write(result.text())
        elif array is not None:
            array.add(result.to_json())
        else:
            results.append(result)

    if a != "-":
        assert b is not None
        answer(a, b)
    else:
        batch = Batch("pair", fail_fast)
        for number, line in batch.lines():
            fields = line.split("\t")
            if len(fields) != 2:
                batch.report(number, UsageError("expected two fields separated by a tab"))
                continue
            batch.answer(number, lambda f=fields: answer(f[0].strip(), f[1].strip()))  # type: ignore[misc]
        if array is not None:
            array.close()
        _finish_table(fmt, results)
        batch.finish()
        return
    _finish_table(fmt, results)


def _finish_table(fmt: DiffFormat, results: list[Difference]) -> None:
    if fmt is DiffFormat.json and results:
        from pactcli.render.safe import json_dumps

        write(json_dumps(results[0].to_json(), indent=2))
    elif fmt is DiffFormat.table and results:
        print_rich(lambda console: _diff_renderable(console, results))


def _difference(loaded: Store, left: str, right: str, claim: int) -> Difference:
    from pactcli.time.arithmetic import difference
    from pactcli.time.endpoints import parse_endpoint

    start = parse_endpoint(left, loaded, arg="A")
    end = parse_endpoint(right, loaded, arg="B")
    if claim:
        # --claim N picks claim N of whichever end has one, so a disputed event can be measured against an
        # undisputed one or a date.
        if not (start.claims > claim or end.claims > claim):
            raise UsageError(f"--claim {claim}: neither A nor B is an event with a claim {claim}")
        if start.claims > claim:
            start = parse_endpoint(left, loaded, arg="A", claim=claim)
        if end.claims > claim:
            end = parse_endpoint(right, loaded, arg="B", claim=claim)
    return difference(start, end)


def _diff_renderable(console: Console, results: Sequence[Difference]) -> RenderableType:
    from pactcli.render.diff import difference_view

    return difference_view(console, results)
