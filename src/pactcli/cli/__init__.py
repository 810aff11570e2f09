"""The command line: parse arguments, ask the core, hand results to a renderer. Nothing else lives here.

Start-up time is a feature (pactcli runs in shell loops), so each command imports what only it needs inside
its own body: ``timeline`` pays for Rich tables, ``diff-dates --format json`` does not.

One module per command; ``app`` holds the global options, ``common`` what commands share.
"""

from __future__ import annotations

import os
import sys
from typing import NoReturn

import typer

from pactcli.errors import PactError

# Importing the command modules registers their commands, in the order --help lists them.
from . import validate, timeline, event, cite, diff_dates, convert, shift, export, cache  # noqa: F401  # isort: skip
from .app import Options, app

__all__ = ["app", "main"]


# --- entry point -----------------------------------------------------------------------------------------


def _fail(message: str, code: int) -> NoReturn:
    from pactcli.render.safe import visible

    print(f"pactcli: {visible(message)}", file=sys.stderr)
    raise SystemExit(code)


def _silence_stdout() -> None:
    # The reader went away (pactcli … | head -1): point stdout at /dev/null so the exit flush stays quiet.
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())


def _command_name(info: typer.models.CommandInfo) -> str:
    assert info.callback is not None
    return info.name or info.callback.__name__.replace("_", "-")


def _commands_needed(args: list[str]) -> list[typer.models.CommandInfo]:
    """Only the command the arguments name, when they name one; every command otherwise.

    Typer turns every registered command's signature into Click parameters on each run, about 12 ms for all
    of pactcli's commands against 3 ms for one (docs/performance.md). Help, completion and mistyped names
    still see every command.
    """
    everything = list(app.registered_commands)
    if os.environ.get("_PACTCLI_COMPLETE"):
        return everything
    words = iter(args)
    for word in words:
        if word == "--store":
            next(words, None)
        elif not word.startswith("-"):
            chosen = [info for info in everything if _command_name(info) == word]
            return chosen or everything
        elif word in ("-h", "--help"):
            break
    return everything


def main(argv: list[str] | None = None) -> None:
    """Run the CLI; every error becomes one ``pactcli: …`` line on stderr and an exit code."""
    from typer._click import exceptions as click_exceptions

    args = sys.argv[1:] if argv is None else argv
    registered = app.registered_commands
    try:
        app.registered_commands = _commands_needed(args)
        result = app(args=args or ["--help"], prog_name="pactcli", standalone_mode=False)
        sys.stdout.flush()
    except PactError as exc:
        if Options.debug:
            raise
        _fail(str(exc), exc.exit_code)
    except click_exceptions.UsageError as exc:
        _fail(exc.format_message().replace("Value error, ", ""), 2)
    except click_exceptions.ClickException as exc:
        _fail(exc.format_message(), 1)
    except (KeyboardInterrupt, typer.Abort):
        _fail("interrupted", 130)
    except BrokenPipeError:
        _silence_stdout()
        raise SystemExit(0) from None
    except SystemExit as exc:
        # Click turns EPIPE from a write inside a command into a bare exit 1; the reader went away, no error.
        if isinstance(exc.__context__, BrokenPipeError):
            _silence_stdout()
            raise SystemExit(0) from None
        raise
    except Exception as exc:
        if Options.debug:
            raise
        # A bug, not a user error: say so in one line with its own exit code, so tests cannot mistake it.
        _fail(f"internal error: {type(exc).__name__}: {exc} (run with --debug and report it)", 70)
    finally:
        app.registered_commands = registered
    code = result if isinstance(result, int) else 0
    if code == 130:  # Typer turns KeyboardInterrupt into Exit(130) before we can see it
        _fail("interrupted", 130)
    raise SystemExit(code)
