"""The process entry point: the garbage collector is paused only while the CLI is imported."""

from __future__ import annotations

import subprocess
import sys

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
