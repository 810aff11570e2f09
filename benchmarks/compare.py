"""Two versions of pactcli side by side on the large-store targets, interleaved round by round.

    git archive main src data | tar -x -C /tmp/old     # the version to compare with (src/ and data/)
    python benchmarks/compare.py --old-src /tmp/old/src --stores DIR [--rounds 5] [--size 100000]

Each round runs, for the old and the new version in turn (the order swapped every other round, so that a
change in the shared machine's load falls on both alike), and for a bare ``tomllib`` parse of the same bytes:

* **first call**: ``event ID`` on the store with an empty cache directory;
* **one of ten files edited**: the store split into ten files, one of them edited (``split_store.py --edit``)
  just before each version's ``event ID``, against a bare parse of that one file;
* **warm**: ``event ID`` on the store and on the embedded one, ``timeline --search``, and the whole
  ``timeline --format jsonl`` (wall time and peak RSS).

Wall times of whole processes (``python -m pactcli``, each version on its own cache directory), medians over
the rounds, printed with the load average before and after. A version that writes its index in the background
after answering (issue 16, run 9) is also timed *until the index is written*: between two timed commands the
script waits for background writers (an exclusive ``flock`` on the cache directory, which they hold), so no
command is timed while another's writer still runs.
"""

from __future__ import annotations

import argparse
import fcntl
import json
import os
import shlex
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
PYTHON = sys.executable
SEARCH = ["timeline", "--search", "Khalkhin OR 050000", "--format", "jsonl"]


def wait_for_writers(directory: Path) -> None:
    """Until no background writer holds the cache directory (twice: one may have waited behind another)."""
    for _ in range(2):
        try:
            handle = os.open(directory, os.O_RDONLY)
        except OSError:
            return
        try:
            fcntl.flock(handle, fcntl.LOCK_EX)
        finally:
            os.close(handle)


def timed(args: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of one process, its output discarded."""
    start = time.perf_counter()
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    assert proc.stderr is not None
    err = proc.stderr.read()
    proc.stderr.close()
    if status != 0:
        raise SystemExit(f"failed ({status}): {shlex.join(args)}\n{err.decode(errors='replace')}")
    return seconds, usage.ru_maxrss * 1024 / 1e6


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--old-src", type=Path, required=True, help="the src/ directory of the old version")
    parser.add_argument("--stores", type=Path, required=True, help="where to keep the synthetic stores")
    parser.add_argument("--size", type=int, default=100000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--warm-runs", type=int, default=5, help="runs of each warm command per round")
    parser.add_argument("--json", type=Path, help="also write every time as JSON here")
    args = parser.parse_args(argv)

    stores = args.stores
    stores.mkdir(parents=True, exist_ok=True)
    big = stores / f"store-{args.size}.toml"
    if not big.exists():
        subprocess.run([PYTHON, str(HERE / "make_store.py"), str(args.size), str(big)], check=True)
    parts = subprocess.run(
        [PYTHON, str(HERE / "split_store.py"), str(big), "10", str(stores / f"split-{args.size}")],
        capture_output=True, text=True, check=True,
    ).stdout.split()  # fmt: skip
    edited = parts[4]
    one = "ev-000001"
    work = Path(tempfile.mkdtemp(prefix="pactcli-compare-"))
    unset = ("PACTCLI_STORE", "PACTCLI_NO_CACHE", "PYTHONPATH")
    base = {k: v for k, v in os.environ.items() if k not in unset}
    base["COLUMNS"] = "100"
    sides = {
        "old": {**base, "PYTHONPATH": str(args.old_src.resolve())},
        "new": dict(base),
    }
    caches = {name: work / f"cache-{name}" for name in sides}  # the ten files' index, kept between rounds
    cold = {name: work / f"cold-{name}" for name in sides}  # emptied before each first call
    for name, env in sides.items():
        env["PACTCLI_CACHE_DIR"] = str(caches[name])
        subprocess.run([PYTHON, "-m", "compileall", "-q", str(args.old_src)], check=True)
        shown = subprocess.run(
            [PYTHON, "-c", "import pactcli, os; print(os.path.dirname(pactcli.__file__))"],
            env=env, capture_output=True, text=True, check=True,
        ).stdout.strip()  # fmt: skip
        subprocess.run([PYTHON, "-m", "compileall", "-q", shown], check=True)
        print(f"{name}: {shown}", file=sys.stderr)
    pactcli = [PYTHON, "-m", "pactcli"]
    bare = [PYTHON, "-c", "import sys, tomllib; tomllib.load(open(sys.argv[1], 'rb'))"]
    ten = [arg for part in parts for arg in ("--store", part)]
    times: dict[str, list[float]] = {}
    peaks: dict[str, float] = {}

    def record(name: str, seconds: float) -> None:
        times.setdefault(name, []).append(seconds)

    load_before = os.getloadavg()
    for number in range(args.rounds):
        order = list(sides) if number % 2 == 0 else list(sides)[::-1]
        # First call, empty cache (a cache directory of its own, not the ten files').
        for name in order:
            env = {**sides[name], "PACTCLI_CACHE_DIR": str(cold[name])}
            wait_for_writers(cold[name])
            subprocess.run(["rm", "-rf", str(cold[name])], check=True)
            start = time.perf_counter()
            seconds, _ = timed([*pactcli, "--store", str(big), "event", one], env)
            record(f"{name}: first call", seconds)
            wait_for_writers(cold[name])
            record(f"{name}: first call, until the index is written", time.perf_counter() - start)
        record("bare parse of the store", timed([*bare, str(big)], base)[0])
        # One of ten files edited before each call (the first round primes the ten-file index).
        for name in order:
            env = sides[name]
            if number == 0:
                subprocess.run([*pactcli, *ten, "event", one], env=env, stdout=subprocess.DEVNULL, check=True)
                wait_for_writers(caches[name])
                time.sleep(2.1)  # the files' stat is trusted once settled (pactcli.store.cache.SETTLED)
            subprocess.run([PYTHON, str(HERE / "split_store.py"), "--edit", edited], check=True)
            start = time.perf_counter()
            seconds, _ = timed([*pactcli, *ten, "event", one], env)
            record(f"{name}: one of ten edited", seconds)
            wait_for_writers(caches[name])
            record(f"{name}: one of ten edited, until the index is written", time.perf_counter() - start)
        record("bare parse of that file", timed([*bare, edited], base)[0])
        # Warm: the big store's index was written by the first call above.
        for name in order:
            env = {**sides[name], "PACTCLI_CACHE_DIR": str(cold[name])}
            for _ in range(args.warm_runs):
                big_event = [*pactcli, "--store", str(big), "event", one]
                record(f"{name}: warm event, big", timed(big_event, env)[0])
                record(f"{name}: warm event, embedded", timed([*pactcli, "event", "pact-signed"], env)[0])
                record(f"{name}: warm search, big", timed([*pactcli, "--store", str(big), *SEARCH], env)[0])
                record(f"{name}: warm search, embedded", timed([*pactcli, *SEARCH], env)[0])
            seconds, peak = timed([*pactcli, "--store", str(big), "timeline", "--format", "jsonl"], env)
            record(f"{name}: warm timeline jsonl, big", seconds)
            peaks[name] = max(peaks.get(name, 0.0), peak)
        print(f"round {number + 1} done, load {os.getloadavg()[0]:.2f}", file=sys.stderr)
    load_after = os.getloadavg()

    medians = {name: statistics.median(values) for name, values in times.items()}
    print(f"load average before: {' '.join(f'{x:.2f}' for x in load_before)}; after: "
          f"{' '.join(f'{x:.2f}' for x in load_after)}; {args.rounds} rounds\n")  # fmt: skip
    print("| measurement | old | new |\n|---|---:|---:|")
    for key in sorted({name.split(": ", 1)[1] for name in medians if ": " in name}):
        cells = [medians.get(f"{side}: {key}") for side in sides]
        shown = [f"{c:.3f} s" if c is not None else "" for c in cells]
        print(f"| {key} | {shown[0]} | {shown[1]} |")
    parse, parse_one = medians["bare parse of the store"], medians["bare parse of that file"]
    print(f"| bare parse of the store | {parse:.3f} s | |\n| bare parse of that file | {parse_one:.3f} s | |")
    print("\n| target | old | new | limit |\n|---|---:|---:|---:|")
    rows = [
        ("first call / bare parse", lambda s: medians[f"{s}: first call"] / parse, "1.3×"),
        ("one of ten edited / parse of that file", lambda s: medians[f"{s}: one of ten edited"] / parse_one,
         "1.5×"),
        ("warm event, big / embedded",
         lambda s: medians[f"{s}: warm event, big"] / medians[f"{s}: warm event, embedded"], "1.2×"),
        ("warm search, big / embedded",
         lambda s: medians[f"{s}: warm search, big"] / medians[f"{s}: warm search, embedded"], "1.5×"),
        ("warm timeline jsonl, big (s)", lambda s: medians[f"{s}: warm timeline jsonl, big"], "3 s"),
        ("warm timeline jsonl, peak RSS (MB)", lambda s: peaks[s], "100 MB"),
    ]  # fmt: skip
    for label, value, limit in rows:
        print(f"| {label} | {value('old'):.2f} | {value('new'):.2f} | {limit} |")
    if args.json:
        payload = {"load_before": load_before, "load_after": load_after, "times": times, "peaks_mb": peaks}
        args.json.write_text(json.dumps(payload, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
