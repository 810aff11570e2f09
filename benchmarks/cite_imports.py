"""The cold ``cite`` path of two checkouts, interleaved: the CSL processor's import and the whole command.

    python benchmarks/cite_imports.py OLD_SRC NEW_SRC [--rounds 21] [--hand-src HAND_SRC] [--store STORE]

``OLD_SRC`` and ``NEW_SRC`` are ``src/`` trees (``git archive COMMIT src data | tar -x -C DIR``), each run
first on ``PYTHONPATH`` with its byte-code cached, as an installed pactcli has it. Every round runs each
measurement on both sides, in alternating order (the machine is shared: load changes hit both alike):

* ``import``: in a fresh interpreter, after ``import pactcli``, the time of ``import pactcli.csl.processor``;
* ``import-in-cli``: the same after ``import pactcli.cli`` (Typer and the commands loaded, as in a command);
* ``cold``: ``pactcli cite --format html`` (every source, Chicago) with the index cache warm and the rendered
  citations removed before each run, so the processor formats everything; wall and CPU time (user + system);
* ``notes``: ``pactcli cite soviet-declaration-of-war --notes --format html``, the same way.

``--hand-src`` adds the hand-written formatters (``git archive aeb4b57 src data``) to the two commands, for
the ratio that issue 13 item 8 sets; then give all sides the store without the fields the old code rejects
(``--store``, made as in ``benchmarks/cite_engines.py``). Prints medians.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

IMPORTS = {
    "import": "import time, pactcli",
    "import-in-cli": "import time, pactcli.cli",
}
TIMED = "; t = time.perf_counter(); import pactcli.csl.processor; print(time.perf_counter() - t)"


def command(store: str | None, *args: str) -> str:
    argv = ["pactcli", *(["--store", store] if store else []), *args]
    return f"from pactcli.entry import main; import sys; sys.argv = {argv!r}; main()"


class Side:
    def __init__(self, src: str) -> None:
        self.src = src
        self.cache = tempfile.mkdtemp(prefix="pactcli-cite-imports-")
        self.env = dict(os.environ, PYTHONPATH=src, PACTCLI_CACHE_DIR=self.cache)
        self.env.pop("PYTHONDONTWRITEBYTECODE", None)
        self.env.pop("PACTCLI_NO_CACHE", None)
        self.wall: dict[str, list[float]] = {}
        self.cpu: dict[str, list[float]] = {}

    def imported(self, kind: str) -> float:
        out = subprocess.run(
            [sys.executable, "-c", IMPORTS[kind] + TIMED],
            env=self.env,
            check=True,
            capture_output=True,
            text=True,
        )
        return float(out.stdout)

    def run(self, code: str) -> tuple[float, float]:
        for name in os.listdir(self.cache):
            if name.startswith("citations-"):
                os.unlink(os.path.join(self.cache, name))
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], env=self.env, check=True, stdout=subprocess.DEVNULL)
        wall = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        return wall, after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("old_src")
    parser.add_argument("new_src")
    parser.add_argument("--rounds", type=int, default=21)
    parser.add_argument("--hand-src", help="the hand-written formatters' src/, for the commands only")
    parser.add_argument("--store", help="the store every side reads (default: each side's embedded store)")
    args = parser.parse_args()
    commands = {
        "cold": command(args.store, "cite", "--format", "html"),
        "notes": command(args.store, "cite", "soviet-declaration-of-war", "--notes", "--format", "html"),
    }
    old, new = Side(args.old_src), Side(args.new_src)
    hand = Side(args.hand_src) if args.hand_src else None
    pair, every = [old, new], [old, new] + ([hand] if hand else [])
    for side in every:  # byte-code, page cache and index cache warm
        for code in commands.values():
            side.run(code)
    loads = [os.getloadavg()[0]]
    for number in range(args.rounds):
        order = pair if number % 2 == 0 else pair[::-1]
        for kind in IMPORTS:
            for side in order:
                side.wall.setdefault(kind, []).append(side.imported(kind))
        for kind, code in commands.items():
            for side in [*order, *every[2:]]:
                wall, cpu = side.run(code)
                side.wall.setdefault(kind, []).append(wall)
                side.cpu.setdefault(kind, []).append(cpu)
        loads.append(os.getloadavg()[0])

    def ms(values: list[float]) -> float:
        return statistics.median(values) * 1000

    for kind in [*IMPORTS, *commands]:
        o, n = ms(old.wall[kind]), ms(new.wall[kind])
        line = f"{kind:13}  wall {o:7.1f} -> {n:7.1f} ms ({n / o:.2f})"
        if kind in commands:
            oc, nc = ms(old.cpu[kind]), ms(new.cpu[kind])
            line += f"  CPU {oc:7.1f} -> {nc:7.1f} ms ({nc / oc:.2f})"
            if hand is not None:
                h, hc = ms(hand.wall[kind]), ms(hand.cpu[kind])
                line += f"  / hand-written: wall {o / h:.2f}x -> {n / h:.2f}x,"
                line += f" CPU {oc / hc:.2f}x -> {nc / hc:.2f}x"
        print(line)
    print(f"medians of {args.rounds}; load average (1 min) {min(loads):.1f} to {max(loads):.1f}")
    for side in every:
        shutil.rmtree(side.cache, ignore_errors=True)


if __name__ == "__main__":
    main()
