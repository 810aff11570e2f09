"""Citations in instructions: the CSL processor against the hand-written formatters (issue 13, item 8).

    python benchmarks/cite_instructions.py --old-src /tmp/cslcli-old/src --store /tmp/cite-store.toml

The same two commands as benchmarks/cite_engines.py (the bibliography of every source in Chicago, and
``cite soviet-declaration-of-war --notes``), each run once under valgrind's callgrind, which counts the
instructions the process executes. Unlike wall-clock time on a shared machine, the count does not move with
the load (it varies by well under 1 % from run to run), so a change of a few per cent can be seen; it is not
time (memory stalls and system calls are not in it), so the timed benchmark stays the measure of record.

Each command is run first without valgrind (index cache and byte-code warm, in a private cache directory),
then counted ``cold`` (the rendered citations removed: the processor formats everything) and, for the new
side, ``warm`` (its rendered citations in the cache). Needs valgrind (``apt-get install valgrind``).
``--old-src``, ``--store`` and ``--new-src`` as in benchmarks/cite_engines.py.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from cite_engines import NEW_SRC, STORE, commands


def callgrind(command: list[str], env: dict[str, str]) -> int:
    """The instructions ``command`` executes, counted by valgrind's callgrind."""
    done = subprocess.run(
        ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", *command],
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    found = re.search(r"Collected : (\d+)", done.stderr)
    if found is None:
        raise SystemExit(f"no instruction count from callgrind:\n{done.stderr}")
    return int(found.group(1))


def instructions(code: str, src: Path, cache: Path) -> int:
    env = dict(os.environ, PYTHONPATH=str(src), PACTCLI_CACHE_DIR=str(cache))
    env.pop("PACTCLI_NO_CACHE", None)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return callgrind([sys.executable, "-c", code], env)


def measure(code: str, src: Path, cold: bool) -> int:
    cache = Path(tempfile.mkdtemp(prefix="pactcli-cite-instructions-"))
    try:
        env = dict(os.environ, PYTHONPATH=str(src), PACTCLI_CACHE_DIR=str(cache))
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        subprocess.run([sys.executable, "-c", code], env=env, check=True, stdout=subprocess.DEVNULL)
        if cold:
            for path in cache.glob("citations-*.json"):
                path.unlink()
        return instructions(code, src, cache)
    finally:
        shutil.rmtree(cache, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--old-src", type=Path, required=True)
    parser.add_argument("--store", default=STORE)
    parser.add_argument(
        "--new-src",
        type=Path,
        default=NEW_SRC,
        help="the processor to measure: this checkout's source (default), or an install's site-packages",
    )
    args = parser.parse_args()
    if shutil.which("valgrind") is None:
        raise SystemExit("valgrind is needed (apt-get install valgrind)")
    for name, code in commands(str(Path(args.store).resolve())).items():
        old = measure(code, args.old_src, cold=True)
        cold = measure(code, args.new_src, cold=True)
        warm = measure(code, args.new_src, cold=False)
        print(
            f"{name:13} old {old / 1e6:7.0f} M  new {warm / 1e6:7.0f} M ({warm / old:.2f}x)  "
            f"cold {cold / 1e6:7.0f} M ({cold / old:.2f}x)"
        )


if __name__ == "__main__":
    main()
