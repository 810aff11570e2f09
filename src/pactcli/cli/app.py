"""The Typer application and its global options (--store, --debug, --version); commands register on it."""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING, Annotated

import typer

from pactcli import __version__
from pactcli.errors import UsageError

if TYPE_CHECKING:
    pass


app = typer.Typer(
    name="pactcli",
    help="A sourced chronology of the Soviet-Japanese Neutrality Pact (1931-1946), in every capital's clock.",
    no_args_is_help=True,
    rich_markup_mode=None,  # help text is never parsed as markup
    pretty_exceptions_enable=False,
    add_completion=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)


class Options:
    store_paths: list[str] = []  # noqa: RUF012 - one process, one invocation
    debug = False
    no_pager = False


# Options of the whole program, also accepted after the command (``pactcli event ID --debug``): main() moves
# them in front of it. The value says whether the option takes an argument.
GLOBAL_OPTIONS = {"--store": True, "--debug": False, "--no-pager": False}


def choices(kind: type[enum.Enum]) -> str:
    """``table, json, csv``: the values of an option, for its help (the metavar names the thing instead)."""
    return ", ".join(str(member.value) for member in kind)


def _version(value: bool) -> None:
    if value:
        from pactcli.csl import is_compiled
        from pactcli.time.zones import TZDATA_VERSION

        processor = "compiled" if is_compiled() else "pure Python"
        typer.echo(f"pactcli {__version__} (tzdata {TZDATA_VERSION}; CSL processor {processor})")
        raise typer.Exit()


@app.callback()
def root(
    store: Annotated[
        list[str] | None,
        typer.Option(
            "--store",
            metavar="PATH",
            help="Store file to load (repeatable; merged). '@embedded' is the shipped store. "
            "Default: $PACTCLI_STORE (paths joined with ':'), else the embedded store.",
        ),
    ] = None,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks for errors.")] = False,
    no_pager: Annotated[
        bool, typer.Option("--no-pager", help="Never page (default: page output taller than the terminal).")
    ] = False,
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            callback=_version,
            is_eager=True,
            help="Print versions (pactcli, tzdata) and the CSL processor's build.",
        ),
    ] = False,
) -> None:
    """pactcli: when exactly did it happen, in each capital's clock, and who says so?"""
    if any(not path.strip() for path in store or []):
        raise UsageError("--store: empty path; give a store file or @embedded")
    Options.store_paths = list(store or [])
    Options.debug = debug
    Options.no_pager = no_pager
