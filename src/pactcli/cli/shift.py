"""``pactcli shift``: a date or instant plus or minus calendar durations."""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING, Annotated

import typer

from pactcli.errors import UsageError

if TYPE_CHECKING:
    from collections.abc import Sequence

    from pactcli.time.instants import Shifted

from pactcli.cli.app import app, choices
from pactcli.cli.common import complete_ids, count_option, load_store, write, write_results
from pactcli.cli.options import ClaimOption, FailFastOption, FromTzOption


class ShiftFormat(str, enum.Enum):
    table = "table"
    json = "json"
    text = "text"


# Negative durations (-P1Y, -1y, -6h) look like options to the parser: unknown options are taken as
# arguments, and -h is not an option here (--help is), so "-1h" means minus one hour.
@app.command(
    short_help="WHEN plus durations, with the month-end rule.",
    context_settings={"ignore_unknown_options": True, "help_option_names": ["--help"]},
)
def shift(
    when: Annotated[
        str,
        typer.Argument(
            metavar="WHEN",
            help="Event ID, date or instant (as for convert); '-' reads one per line from stdin.",
            autocompletion=complete_ids,
            show_default=False,
        ),
    ],
    durations: Annotated[
        list[str],
        typer.Argument(
            metavar="DURATION...",
            help="ISO 8601 (P5Y, -P1Y, P1Y2M10DT2H) or short (+5y, -1y, +3mo, +20d, +6h, +30min); in order.",
            show_default=False,
        ),
    ],
    from_tz: FromTzOption = None,
    fold: Annotated[
        int | None,
        typer.Option(
            "--fold",
            metavar="N",
            parser=count_option("--fold", at_most=1),
            help="Read a wall time the clocks skipped or repeated (in WHEN or in a result) with the offset "
            "before (0) or after (1) the change.",
        ),
    ] = None,
    claim: ClaimOption = 0,
    fmt: Annotated[
        ShiftFormat,
        typer.Option("--format", metavar="FORMAT", help=f"Output format: {choices(ShiftFormat)}."),
    ] = ShiftFormat.table,
    fail_fast: FailFastOption = False,
) -> None:
    """WHEN plus each DURATION in turn, with the month-end rule of diff-dates (31 Jan + 1 month = 28 Feb).

    Years, months, weeks and days are added on the civil calendar of WHEN's own clock (its wall time is
    kept); hours, minutes and seconds are added as elapsed time in UTC. A day, a month or a year is never
    given a time of day. --format text prints the result so that diff-dates reads it back.

    Example: pactcli shift pact-in-force P5Y -P1Y
    """
    from pactcli.time import instants

    if "-h" in (when, *durations):
        raise UsageError("shift takes --help, not -h (so that -1h can mean minus one hour)")
    parsed = [
        instants.parse_duration(text, arg=f"DURATION {n}" if len(durations) > 1 else "DURATION")
        for n, text in enumerate(durations, start=1)
    ]
    loaded = load_store()
    origin = None
    if from_tz is not None:
        from pactcli.time import zones as zones_mod

        try:
            origin = zones_mod.resolve(from_tz, loaded.zones)
        except UsageError as exc:
            raise UsageError(f"--from-tz: {exc}") from None

    def answer(text: str) -> Shifted:
        source = instants.read_when(text, loaded, claim=claim, from_tz=origin, fold=fold)
        return instants.shift(source, parsed, fold=fold)

    if when == "-":
        from pactcli.cli.batch_lines import answer_each, numbered_stdin_lines

        collected: list[Shifted] = []
        emit = collected.append if fmt is not ShiftFormat.text else _write_text
        failed = answer_each(numbered_stdin_lines("WHENs"), answer, emit, fail_fast)
        if fmt is not ShiftFormat.text:
            _write(collected, fmt, batch=True)
        if failed:
            raise typer.Exit(1)
        return
    _write([answer(when)], fmt, batch=False)


def _text_line(result: Shifted) -> str:
    return result.text()


def _write_text(result: Shifted) -> None:
    write(_text_line(result))


def _write(results: Sequence[Shifted], fmt: ShiftFormat, batch: bool) -> None:
    from pactcli.render.convert import shifted_view

    write_results(results, fmt.value, batch, _text_line, shifted_view)
