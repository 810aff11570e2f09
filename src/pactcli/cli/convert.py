"""``pactcli convert``: any instant in any clock and calendar."""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING, Annotated

import typer

from pactcli.errors import UsageError

if TYPE_CHECKING:
    from collections.abc import Sequence

    from pactcli.time.instants import Conversion

from pactcli.cli.app import app, choices
from pactcli.cli.common import (
    complete_ids,
    complete_zones,
    count_option,
    load_store,
    resolve_zones,
    write,
    write_results,
)
from pactcli.cli.options import ClaimOption, FailFastOption, FromTzOption


class ConvertFormat(str, enum.Enum):
    table = "table"
    json = "json"
    text = "text"


class ConvertCalendar(str, enum.Enum):
    all = "all"
    japanese = "japanese"
    julian = "julian"
    minguo = "minguo"
    manchukuo = "manchukuo"


def calendar_names(chosen: list[ConvertCalendar] | None) -> list[str]:
    """The calendars asked for, in the order given, each once; ``all`` means every one."""
    from pactcli.time.calendars import CALENDAR_NAMES

    names: list[str] = []
    for item in chosen or []:
        names.extend(CALENDAR_NAMES if item is ConvertCalendar.all else [item.value])
    return list(dict.fromkeys(names))


@app.command(short_help="A date or instant in other clocks and calendars.")
def convert(
    whens: Annotated[
        list[str],
        typer.Argument(
            metavar="WHEN...",
            help="Event ID, or a date or instant: 1945-08-08T23:00[Europe/Moscow], 1945-08-08T23:00+03:00, "
            "1945-08-08T23:00 with --from-tz, 1941-06-22, 1942-07, 1939. '-' reads one per line from stdin.",
            autocompletion=complete_ids,
            show_default=False,
        ),
    ],
    tz: Annotated[
        list[str] | None,
        typer.Option(
            "--tz",
            metavar="ZONE",
            help="Zone to show (repeatable): IANA name, store zone, +09:00. Default: the display zones.",
            autocompletion=complete_zones,
        ),
    ] = None,
    from_tz: FromTzOption = None,
    fold: Annotated[
        int | None,
        typer.Option(
            "--fold",
            metavar="N",
            parser=count_option("--fold", at_most=1),
            help="Read a wall time the clocks skipped or repeated with the offset before (0) or after (1) "
            "the change.",
        ),
    ] = None,
    claim: ClaimOption = 0,
    calendar: Annotated[
        list[ConvertCalendar] | None,
        typer.Option(
            "--calendar",
            metavar="CALENDAR",
            help="Also show the date in this calendar (repeatable): japanese, julian, minguo, manchukuo, "
            "or all.",
        ),
    ] = None,
    fmt: Annotated[
        ConvertFormat,
        typer.Option("--format", metavar="FORMAT", help=f"Output format: {choices(ConvertFormat)}."),
    ] = ConvertFormat.table,
    fail_fast: FailFastOption = False,
) -> None:
    """A date or instant in other clocks (offset, abbreviation, weekday, +1d/-1d) and calendars.

    A day, a month or a year stays what it is: it is shown in calendars but never given a time of day.
    A wall time that a clock change skipped or repeated is refused with both readings unless --fold is given.

    Example: pactcli convert '1945-08-08T23:00[Europe/Moscow]' --tz Asia/Tokyo
    """
    from pactcli.time import instants

    loaded = load_store()
    zones = resolve_zones(loaded, tz)
    origin = None
    if from_tz is not None:
        from pactcli.time import zones as zones_mod

        try:
            origin = zones_mod.resolve(from_tz, loaded.zones)
        except UsageError as exc:
            raise UsageError(f"--from-tz: {exc}") from None
    names = calendar_names(calendar)

    def answer(text: str) -> Conversion:
        source = instants.read_when(text, loaded, claim=claim, from_tz=origin, fold=fold)
        return instants.convert(source, zones, names, zones_asked=tz is not None)

    if "-" in whens:
        if len(whens) > 1:
            raise UsageError("argument WHEN: '-' reads every WHEN from stdin; give no others with it")
        from pactcli.cli.batch_lines import answer_each, numbered_stdin_lines

        collected: list[Conversion] = []
        emit = collected.append if fmt is not ConvertFormat.text else _write_text
        failed = answer_each(numbered_stdin_lines("WHENs"), answer, emit, fail_fast)
        if fmt is not ConvertFormat.text:
            _write(collected, fmt, batch=True)
        if failed:
            raise typer.Exit(1)
        return
    _write([answer(text) for text in whens], fmt, batch=len(whens) > 1)


def _text_line(result: Conversion) -> str:
    return "\t".join(result.text_fields())


def _write_text(result: Conversion) -> None:
    write(_text_line(result))


def _write(results: Sequence[Conversion], fmt: ConvertFormat, batch: bool) -> None:
    from pactcli.render.convert import conversion_view

    write_results(results, fmt.value, batch, _text_line, conversion_view)
