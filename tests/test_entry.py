"""The process entry point: the garbage collector is paused only while the CLI is imported."""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

import pytest


def _run(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)


def test_collection_is_back_on_and_the_imports_are_frozen_when_the_command_runs() -> None:
    # Replace the CLI's main before the entry point imports it, and report what the command would see.
    proc = _run(
        "import gc, pactcli.cli as cli\n"
        "cli.main = lambda **_: print(gc.isenabled(), gc.get_freeze_count() > 0, gc.get_threshold())\n"
        "from pactcli.entry import main\n"
        "main()\n"
    )
    assert proc.returncode == 0, proc.stderr
    defaults = _run("import gc; print(gc.get_threshold())").stdout.strip()
    assert proc.stdout.strip() == f"True True {defaults}"


@pytest.mark.parametrize("before", ["gc.enable()", "gc.disable()"])
def test_the_command_sees_collection_as_the_process_had_it(before: str) -> None:
    proc = _run(
        f"import gc; {before}\n"
        "import pactcli.cli as cli\n"
        "cli.main = lambda **_: print(gc.isenabled())\n"
        "from pactcli.entry import main\n"
        "main()\n"
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == str(before == "gc.enable()")


def test_collection_is_back_on_even_when_the_import_fails() -> None:
    proc = _run(
        "import gc, sys\n"
        "sys.modules['pactcli.cli'] = None  # makes 'from .cli import main' raise ImportError\n"
        "from pactcli.entry import main\n"
        "try:\n"
        "    main()\n"
        "except ImportError:\n"
        "    print(gc.isenabled())\n"
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "True"


# --- Ctrl-C: exit 130 and one line, however the interrupt reached the CLI ------------------------------

# A stand-in for the CLI's main that is interrupted the way the real one can be: after writing part of its
# answer, a KeyboardInterrupt raised inside source text run by exec() (as in the methods NamedTuple builds
# with eval() and dataclasses with exec(), when a command imports its modules), caught and turned into exit
# 130 by the CLI's own handler (pactcli.cli._fail).
_INTERRUPTED_IN_EXEC = (
    "import sys, pactcli.cli as cli\n"
    "def interrupted(**_):\n"
    "    print('partial answer')\n"
    "    try:\n"
    "        exec('raise KeyboardInterrupt')\n"
    "    except KeyboardInterrupt:\n"
    "        cli._fail('interrupted', 130)\n"
    "cli.main = interrupted\n"
    "from pactcli.entry import main\n"
    "main()\n"
)


def _run_module(tmp_path: Path, code: str) -> subprocess.CompletedProcess[str]:
    # As ``python -m pactcli`` runs: through runpy, whose exit path is the one that checks for an unhandled
    # KeyboardInterrupt (an installed script's ends in Py_Exit, which does not).
    (tmp_path / "driver.py").write_text(code, encoding="utf-8")
    return subprocess.run(
        [sys.executable, "-m", "driver"], capture_output=True, text=True, check=False, cwd=tmp_path
    )


def test_an_interrupt_caught_from_exec_source_still_exits_130(tmp_path: Path) -> None:
    # CPython alone ends this process by SIGINT (returncode -2), whatever SystemExit said.
    bare = _run_module(
        tmp_path, _INTERRUPTED_IN_EXEC.replace("from pactcli.entry import main\nmain()\n", "cli.main()\n")
    )
    assert bare.returncode == -signal.SIGINT, (bare.returncode, bare.stderr)
    proc = _run_module(tmp_path, _INTERRUPTED_IN_EXEC)
    assert (proc.returncode, proc.stderr, proc.stdout) == (130, "pactcli: interrupted\n", "partial answer\n")


def test_an_interrupt_outside_the_clis_handler_is_one_line_and_130() -> None:
    proc = _run(
        "import pactcli.cli as cli\n"
        "def interrupted(**_):\n"
        "    print('partial answer')\n"
        "    raise KeyboardInterrupt\n"
        "cli.main = interrupted\n"
        "from pactcli.entry import main\n"
        "main()\n"
    )
    assert (proc.returncode, proc.stderr, proc.stdout) == (130, "pactcli: interrupted\n", "partial answer\n")


def test_other_exit_codes_go_through_the_interpreters_exit() -> None:
    proc = _run(
        "import atexit, pactcli.cli as cli\n"
        "atexit.register(lambda: print('finalized'))\n"
        "def failing(**_):\n"
        "    raise SystemExit(2)\n"
        "cli.main = failing\n"
        "from pactcli.entry import main\n"
        "main()\n"
    )
    assert (proc.returncode, proc.stdout) == (2, "finalized\n")
