"""The process entry point of the ``pactcli`` script and ``python -m pactcli``: prepare, then run the CLI.

Two things have to happen before the CLI's dependencies are imported, so they live here, not in pactcli.cli:

* Ctrl-C during the imports (most of start-up) ends with one line and exit 130, not a traceback.
  What comes before this module's first statement is Python's own start-up (the interpreter, ``site``,
  ``runpy`` or the installed script's preamble): a Ctrl-C there is the interpreter's to handle, as for any
  Python program (docs/hostile-input.md, *Ctrl-C*).
* An interrupt always ends in exit status 130, whatever CPython makes of it: see :func:`_leave`.
* The cyclic garbage collector is paused while Typer and Rich are imported. The imports allocate objects that
  live as long as the process, and at the default thresholds Python walks them in about forty collections that
  free nothing and cost about 10 ms, 7% of a short command's time (docs/performance.md). Afterwards collection
  is switched back on and the imported objects are frozen (moved to the permanent generation), so the
  collections that parsing a large store does trigger no longer walk them either.
"""

from __future__ import annotations

import gc
import os
import signal


def _interrupted(signum: int, frame: object) -> None:
    os.write(2, b"pactcli: interrupted\n")
    os._exit(130)


def _leave(code: int) -> None:
    """End the process now with ``code``, once what it wrote is out.

    After a KeyboardInterrupt that the CLI caught and turned into exit 130, CPython may still end the
    process by SIGINT: an interrupt raised inside source text that Python ran with exec() or eval() (the
    methods that NamedTuple and dataclasses generate, when a command imports its modules) marks the
    interpreter as having an unhandled KeyboardInterrupt even when the exception is caught
    (Python/pythonrun.c, run_eval_code_obj), and ``python -m`` then kills itself with SIGINT on exit
    (Modules/main.c, Py_RunMain), whatever SystemExit said: a caller sees -2, not 130. Leaving before the
    interpreter's own exit keeps the code.
    """
    import sys

    for stream in (sys.stdout, sys.stderr):
        try:
            if stream is not None:
                stream.flush()
        except (OSError, ValueError):  # a closed pipe or stream: what it held is lost anyway
            pass
    os._exit(code)


def main() -> None:
    """Run pactcli with the process's arguments; exits with the CLI's exit code."""
    signal.signal(signal.SIGINT, _interrupted)
    collecting = gc.isenabled()
    gc.disable()
    try:
        from pactcli.cli import main as run_cli
    finally:
        if collecting:
            gc.enable()
    gc.freeze()
    signal.signal(signal.SIGINT, signal.default_int_handler)  # from here on the CLI turns it into exit 130
    try:
        run_cli(background_index=True)
    except KeyboardInterrupt:
        # Raised where the CLI's own handler does not reach (its first and last statements, the hand-off to
        # the background index writer): the same line and exit code.
        os.write(2, b"pactcli: interrupted\n")
        _leave(130)
    except SystemExit as exc:
        if exc.code == 130:
            _leave(130)
        raise
