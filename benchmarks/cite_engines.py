"""Citations: the CSL processor against the hand-written formatters it replaced (issue 13, item 8).

    python benchmarks/cite_engines.py --old-src /tmp/cslcli-old/src [--rounds 15]

Two measurements, old and new interleaved round by round (the machine is shared, so load changes during a
run hit both sides alike), each a fresh process so that imports, style parsing and locale loading count:

* ``bibliography``: ``pactcli cite --format html``, every source of the embedded store in Chicago (notes and
  bibliography);
* ``notes``: ``pactcli cite soviet-declaration-of-war --notes --format html`` (one note, the event's sources).

Both are whole commands through the index cache (warmed before the first round), in a private cache
directory. The new side is measured twice: as a user runs it again (its rendered citations in the cache:
``pactcli.citations.rendered``), and ``cold``, the rendered citations removed before every run, so that the
processor formats everything (imports, style and locale loading, sorting, rendering).

``--old-src`` is a ``src/`` tree of the hand-written formatters (``git archive aeb4b57 src data | tar -x``):
the old side runs with it first on ``PYTHONPATH``, the new side with this checkout's; both read this
checkout's ``data/events.toml``, or the store ``--store`` names: the store has since grown fields the old code
rejects (a source's ``copy``, a reference's ``label``), so the measurement reads a copy without them::

    grep -v '^copy = {' data/events.toml \\
        | sed -E 's/(locator = "[^"]*"), label = "[^"]*"/\\1/' > /tmp/cite-store.toml

``--new-src`` is where the new side's pactcli is imported from: this checkout's ``src`` (pure Python, the
default), or the site-packages of an install whose CSL processor is compiled (hatch_build.py), which is
what ``pip install .`` gives where a C compiler is::

    python3 -m venv /tmp/compiled && /tmp/compiled/bin/pip install .
    python benchmarks/cite_engines.py --old-src /tmp/cslcli-old/src --store /tmp/cite-store.toml \\
        --new-src /tmp/compiled/lib/python3.11/site-packages

Prints medians and the ratio new/old.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
NEW_SRC = HERE.parent / "src"


def command(*args: str) -> str:
    argv = ", ".join(map(repr, ["pactcli", *args]))
    return f"from pactcli.entry import main; import sys; sys.argv = [{argv}]; main()"


STORE = str(HERE.parent / "data" / "events.toml")  # the same store for both sides


def commands(store: str) -> dict[str, str]:
    return {
        "bibliography": command("--store", store, "cite", "--format", "html"),
        "notes": command(
            "--store", store, "cite", "soviet-declaration-of-war", "--notes", "--format", "html"
        ),
    }


CACHE = Path(tempfile.mkdtemp(prefix="pactcli-cite-engines-"))


def forget_citations() -> None:
    for path in CACHE.glob("citations-*.json"):
        path.unlink()


def run(code: str, src: Path, cold: bool = False) -> float:
    if cold:
        forget_citations()
    env = dict(os.environ, PYTHONPATH=str(src), PACTCLI_CACHE_DIR=str(CACHE))
    env.pop("PACTCLI_NO_CACHE", None)
    # As installed: byte-code cached (the warm-up run writes it), not compiled from source on every run.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], env=env, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--old-src", type=Path, required=True)
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--store", default=STORE, help="the store both sides read (default: this checkout's)")
    parser.add_argument(
        "--new-src",
        type=Path,
        default=NEW_SRC,
        help="the processor to measure: this checkout's source (default), or an install's site-packages",
    )
    args = parser.parse_args()
    cases = {name: (code, code) for name, code in commands(str(Path(args.store).resolve())).items()}
    print(f"load average before: {os.getloadavg()[0]:.2f}")
    for name, (old_code, new_code) in cases.items():
        run(old_code, args.old_src)  # warm .pyc files and the page cache on both sides
        run(new_code, args.new_src)
        old: list[float] = []
        new: list[float] = []
        cold: list[float] = []
        for _ in range(args.rounds):
            old.append(run(old_code, args.old_src))
            cold.append(run(new_code, args.new_src, cold=True))
            new.append(run(new_code, args.new_src))
        o, n, c = statistics.median(old), statistics.median(new), statistics.median(cold)
        print(
            f"{name:13} old {o * 1000:7.1f} ms  new {n * 1000:7.1f} ms  new/old {n / o:.2f}x  "
            f"cold {c * 1000:7.1f} ms  cold/old {c / o:.2f}x"
        )
    print(f"load average after: {os.getloadavg()[0]:.2f}")
    shutil.rmtree(CACHE, ignore_errors=True)


if __name__ == "__main__":
    main()
