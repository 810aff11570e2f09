"""The process entry point of the ``pactcli`` script and ``python -m pactcli``: prepare, then run the CLI.

Two things have to happen before the CLI's dependencies are imported, so they live here, not in pactcli.cli:

* Ctrl-C during the imports (most of start-up) ends with one line and exit 130, not a traceback.
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


def main() -> None:
    """Run pactcli with the process's arguments; exits with the CLI's exit code."""
    signal.signal(signal.SIGINT, _interrupted)
    collecting = gc.isenabled()
    gc.disable()
    try:
        from .cli import main as run_cli
    finally:
        if collecting:
            gc.enable()
    gc.freeze()
    signal.signal(signal.SIGINT, signal.default_int_handler)  # from here on the CLI turns it into exit 130
    run_cli(background_index=True)
