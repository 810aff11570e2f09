"""Long output on a terminal goes through a pager, the way git and gh do it.

The pager is ``$PACTCLI_PAGER``, else ``$PAGER``, else ``less`` (or ``more`` where there is no ``less``); an
empty value or ``cat`` means no pager. ``less`` is started with ``LESS=FRX`` when ``LESS`` is unset (colours
shown as colours, quit at once when the text fits, screen left as it was) and ``lv`` with ``LV=-c``. A pager
that cannot be started costs one warning, and the text is printed as it would be without a pager: output is
never dropped.
"""

from __future__ import annotations

import os
import shlex
import shutil
import signal
import subprocess
import sys
from collections.abc import Mapping
from typing import NamedTuple

# Characters that make a command line need a shell (git's rule for core.pager and $PAGER).
_SHELL_CHARS = set("|&;<>()$`\\\"'*?[#~=%\n")


class Pager(NamedTuple):
    command: str
    chosen: bool  # the user named it (PACTCLI_PAGER/PAGER): a failure to start it deserves a warning


def choose(environ: Mapping[str, str]) -> Pager | None:
    """The pager to use, or None for none (``PACTCLI_PAGER``/``PAGER`` empty or ``cat``, or nothing found)."""
    for name in ("PACTCLI_PAGER", "PAGER"):
        if name in environ:
            command = environ[name].strip()
            return None if command in ("", "cat") else Pager(command, chosen=True)
    for default in ("less", "more"):
        if shutil.which(default):
            return Pager(default, chosen=False)
    return None


def environment(environ: Mapping[str, str]) -> dict[str, str]:
    """The pager's environment: ``LESS=FRX`` and ``LV=-c`` unless the user set them."""
    env = dict(environ)
    env.setdefault("LESS", "FRX")
    env.setdefault("LV", "-c")
    return env


def _argv(command: str) -> list[str]:
    if _SHELL_CHARS & set(command):
        return ["/bin/sh", "-c", command]
    return shlex.split(command)


def _missing_program(command: str) -> bool:
    """Whether the program the command starts with (the first one of a shell pipeline) cannot be found.

    Checked before starting it: a shell pipeline whose first program is missing still "succeeds" (its exit
    status is the last program's), and the text sent to it would be lost.
    """
    try:
        words = shlex.split(command, comments=True)
    except ValueError:
        return False  # let the shell report it
    programs = [word for word in words if "=" not in word]  # skip VAR=value prefixes
    if not programs or _SHELL_CHARS & set(programs[0]):
        return False
    program = programs[0]
    if "/" in program:
        return not (os.path.isfile(program) and os.access(program, os.X_OK))
    return shutil.which(program) is None


def show(text: str, pager: Pager, environ: Mapping[str, str] | None = None) -> bool:
    """Send ``text`` to ``pager`` and wait for it; False (after one warning) when it could not be started."""
    env = environment(os.environ if environ is None else environ)
    encoding = getattr(sys.stdout, "encoding", None) or "utf-8"
    sys.stdout.flush()
    if _missing_program(pager.command):
        _warn(pager, "not found")
        return False
    try:
        process = subprocess.Popen(_argv(pager.command), stdin=subprocess.PIPE, env=env)
    except (OSError, ValueError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        _warn(pager, reason)
        return False
    assert process.stdin is not None
    # Ctrl-C belongs to the pager while it runs (less uses it to stop a search); pactcli waits for it.
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        try:
            process.stdin.write(text.encode(encoding, errors="replace"))
            process.stdin.close()
        except BrokenPipeError:
            pass  # the reader quit before reading everything: that is what q in a pager means
        code = process.wait()
    finally:
        signal.signal(signal.SIGINT, previous)
    if code in (126, 127) and _argv(pager.command)[0] == "/bin/sh":
        # The shell could not find or run the command; it read nothing, so nothing was shown.
        _warn(pager, "the shell could not run it")
        return False
    return True


def _warn(pager: Pager, reason: str) -> None:
    from pactcli.render.safe import visible

    if pager.chosen:
        print(
            f"pactcli: warning: cannot start the pager {visible(pager.command)!r} ({visible(reason)}); "
            "printing without it (set PACTCLI_PAGER, or use --no-pager)",
            file=sys.stderr,
        )
