"""The command line: parse arguments, ask the core, hand results to a renderer. Nothing else lives here.

Start-up time is a feature (pactcli runs in shell loops), so each command imports what only it needs inside
its own body: ``timeline`` pays for Rich tables, ``diff-dates --format json`` does not.

One module per command; ``app`` holds the global options, ``common`` what commands share.
"""

from __future__ import annotations

import contextlib
import errno
import os
import sys
from typing import TYPE_CHECKING, NoReturn

import typer

from pactcli.errors import OutputFailed, PactError, UsageError

# Importing the command modules registers their commands, in the order --help lists them.
from pactcli.cli import validate, timeline, event, cite, diff_dates, convert, shift, publish  # noqa: F401  # isort: skip
from pactcli.cli import export, cache, new, add, import_, edit  # noqa: F401  # isort: skip
from pactcli.cli.app import GLOBAL_OPTIONS, Options, app

if TYPE_CHECKING:
    from typer.core import TyperGroup

__all__ = ["app", "main"]


# --- entry point -----------------------------------------------------------------------------------------


def _fail(message: str, code: int) -> NoReturn:
    from pactcli.render.safe import visible

    print(f"pactcli: {visible(message)}", file=sys.stderr)
    raise SystemExit(code)


def _silence_stdout() -> None:
    # The reader went away (pactcli … | head -1), or the disk is full: point stdout at /dev/null so the
    # exit flush stays quiet (and drop what it could not encode).
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):  # not a real file (tests), or already gone
        return
    if hasattr(sys.stdout, "reconfigure"):
        with contextlib.suppress(OSError, ValueError):
            sys.stdout.reconfigure(errors="replace")


# errno values that mean "the output cannot be written" rather than a bug: disk full, quota, file too
# large, I/O error, bad descriptor, read-only file system.
_OUTPUT_ERRNOS = frozenset(
    getattr(errno, name)
    for name in ("ENOSPC", "EDQUOT", "EFBIG", "EIO", "EBADF", "EROFS", "EPIPE")
    if hasattr(errno, name)
)


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
            if not chosen and any(group.name == word for group in app.registered_groups):
                return []  # a group (``add``): its own commands are all it needs
            return chosen or everything
        elif word in ("-h", "--help"):
            break
    return everything


def _groups_needed(args: list[str], commands: list[typer.models.CommandInfo]) -> list[typer.models.TyperInfo]:
    """The command groups (``add``) to build: none when the arguments name a plain command.

    A group costs what its commands cost to build (``add source`` has thirty options: about 15 ms).
    """
    everything = list(app.registered_groups)
    if len(commands) == 1 and commands != app.registered_commands:
        return []
    if not commands:
        words = [w for w in args if not w.startswith("-")]
        return [group for group in everything if group.name in words[:2]] or everything
    return everything


def hoist_global_options(args: list[str], group: TyperGroup) -> list[str]:
    """``args`` with the global options written after the command moved in front of it.

    ``pactcli event ID --debug`` then means ``pactcli --debug event ID``. The command's own options (and the
    values of those that take one) are stepped over, so a value that happens to read ``--debug`` stays a
    value; nothing after ``--`` moves.
    """
    from typer.core import TyperOption

    position = 0
    while position < len(args) and args[position].startswith("-") and args[position] != "--":
        position += 2 if args[position] == "--store" else 1
    if position >= len(args) or args[position] not in group.commands:
        return args
    command = group.commands[args[position]]
    own: dict[str, bool] = {}
    # A command group (``add``) counts its commands' options as its own: ``add event --store PATH`` names
    # the file to write, not the stores to read.
    commands = [command]
    while commands:
        current = commands.pop()
        commands += list(getattr(current, "commands", {}).values())
        for param in current.params:
            if isinstance(param, TyperOption):
                for name in (*param.opts, *param.secondary_opts):
                    own[name] = not (param.is_flag or param.count)
    moved: list[str] = []
    kept: list[str] = []
    rest = iter(args[position + 1 :])
    for word in rest:
        if word == "--":
            kept += [word, *rest]
            break
        name = word.split("=", 1)[0]
        if name in own:
            kept.append(word)
            value = next(rest, None) if own[name] and "=" not in word else None
            if value is not None:
                kept.append(value)
        elif name in GLOBAL_OPTIONS:
            if not GLOBAL_OPTIONS[name] or "=" in word:
                moved.append(word)
                continue
            value = next(rest, None)
            if value is None:
                raise UsageError(f"option {name} needs a value")
            moved += [word, value]
        else:
            kept.append(word)
    return [*args[:position], *moved, args[position], *kept]


def main(argv: list[str] | None = None, *, background_index: bool = False) -> None:
    """Run the CLI; every error becomes one ``pactcli: …`` line on stderr and an exit code.

    An index the command's store still needs is written once the command has answered: in a background
    child with ``background_index`` (the ``pactcli`` process, :mod:`pactcli.entry`), else before returning.
    """
    from typer._click import exceptions as click_exceptions
    from typer.core import TyperGroup

    args = sys.argv[1:] if argv is None else argv
    if sys.stdout is None:  # started with stdout closed (>&-): nowhere to answer, and fd 1 may be reused
        _fail("standard output is closed; redirect it to a file or /dev/null", OutputFailed.exit_code)
    registered, groups = app.registered_commands, app.registered_groups
    interrupted = False
    try:
        needed = _commands_needed(args)
        app.registered_groups = _groups_needed(args, needed)
        app.registered_commands = needed
        group = typer.main.get_command(app)
        assert isinstance(group, TyperGroup)
        args = hoist_global_options(args, group)
        result = group.main(args=args or ["--help"], prog_name="pactcli", standalone_mode=False)
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
        interrupted = True
        _fail("interrupted", 130)
    except BrokenPipeError:
        _silence_stdout()
        raise SystemExit(0) from None
    except UnicodeEncodeError as exc:
        _silence_stdout()
        char = exc.object[exc.start : exc.start + 1] if isinstance(exc.object, str) else "?"
        encoding = getattr(sys.stdout, "encoding", None) or exc.encoding
        _fail(
            f"cannot write output: standard output's encoding ({encoding}) cannot show {char!r}; "
            "set PYTHONIOENCODING=utf-8 or use a UTF-8 locale",
            OutputFailed.exit_code,
        )
    except OSError as exc:
        if exc.errno not in _OUTPUT_ERRNOS:
            if Options.debug:
                raise
            _fail(f"internal error: {type(exc).__name__}: {exc} (run with --debug and report it)", 70)
        _silence_stdout()
        _fail(f"cannot write output: {exc.strerror or exc}", OutputFailed.exit_code)
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
        app.registered_commands, app.registered_groups = registered, groups
        cache = sys.modules.get("pactcli.store.cache")  # loaded only by commands that read a store
        if cache is not None and not interrupted:
            cache.finish(background=background_index)
    code = result if isinstance(result, int) else 0
    if code == 130:  # Typer turns KeyboardInterrupt into Exit(130) before we can see it
        _fail("interrupted", 130)
    raise SystemExit(code)
