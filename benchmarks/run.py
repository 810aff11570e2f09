"""Measure pactcli's speed targets (issues 6 and 16) and print a table of medians and ratios.

    python benchmarks/run.py [--quick] [--sizes 100,1000,10000,100000] [--json results.json] [--svg plot.svg]

Whole-process timings come from hyperfine (https://github.com/sharkdp/hyperfine; Debian package
``hyperfine``), each group of commands measured side by side in one hyperfine run so that the ratios compare
like with like. What hyperfine cannot measure (time to the first line of a stream, peak memory) is measured
here with the same method: a fresh process per run, the median of the runs.

The pactcli measured is the one next to this interpreter (``sys.executable``'s ``bin/pactcli``). Index files
go to a private temporary directory; "first call" runs start with it empty.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
BIN = Path(sys.executable).parent
PACTCLI = str(BIN / "pactcli")
PYTHON = sys.executable
FLOOR = f"{PYTHON} -c 'import typer, rich.console, rich.table, tomllib, zoneinfo'"

# Ratios (×) unless the name says seconds or MB. Issue 16 tightened big-event (2.0 -> 1.2) and replaced the
# timeline's ratio to a parse by absolute limits.
TARGETS = {
    "startup-event": 1.25,
    "startup-diff": 1.25,
    "big-event": 1.2,
    "big-diff": 2.0,
    "big-search-jsonl": 1.5,
    "big-first-call": 1.3,
    "big-edit-one-of-ten": 1.5,
    "big-timeline-jsonl-seconds": 3.0,
    "big-timeline-jsonl-MB": 100.0,
}
UNITS = {"big-timeline-jsonl-seconds": " s", "big-timeline-jsonl-MB": " MB"}
# A selective search, as a reader types one: it finds the Khalkhin Gol events of the embedded store and one
# event of a synthetic store (the number of its ID); every word of the synthetic vocabulary is in half of its
# events, which would measure writing 50,000 records, not searching.
SEARCH_WORD = "'Khalkhin OR 050000'"


def machine() -> dict[str, str]:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = "unknown"
    try:
        kib = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f"{kib / 1024 / 1024:.1f} GiB"
    except (OSError, ValueError, IndexError):
        pass
    versions = subprocess.run(
        [PYTHON, "-c", "import importlib.metadata as m; print(' '.join(f'{p} {m.version(p)}' for p in "
         "('pactcli','typer','rich','tomli','tzdata')))"],
        capture_output=True, text=True, check=False,
    ).stdout.strip()  # fmt: skip
    hyperfine = subprocess.run(["hyperfine", "--version"], capture_output=True, text=True, check=False)
    return {
        "cpu": cpu,
        "cores": str(os.cpu_count()),
        "memory": memory,
        "os": platform.platform(),
        "python": platform.python_version(),
        "packages": versions,
        "hyperfine": hyperfine.stdout.strip(),
        "load average at start": " ".join(f"{x:.2f}" for x in os.getloadavg()),
    }


def hyperfine(
    commands: dict[str, str], runs: int, warmup: int, env: dict[str, str], prepare: str = "", rounds: int = 1
) -> dict:
    """Median seconds of each command, measured side by side by hyperfine.

    With ``rounds`` > 1 the group is measured that many times, the order of the commands reversed every other
    round, and each command's times pooled before taking the median: a drift in the machine's speed during
    the run (this VM shares its host) then falls on every command alike instead of on whichever ran last.
    """
    times: dict[str, list[float]] = {name: [] for name in commands}
    for number in range(rounds):
        order = list(commands.items())
        if number % 2:
            order.reverse()
        with tempfile.NamedTemporaryFile(suffix=".json") as out:
            args = ["hyperfine", "-N", "--style", "none", "--runs", str(runs), "--warmup", str(warmup)]
            args += ["--export-json", out.name]
            if prepare:
                args += ["--prepare", prepare]
            for name, command in order:
                args += ["--command-name", name, command]
            subprocess.run(args, check=True, env=env, stdout=subprocess.DEVNULL)
            for result in json.loads(Path(out.name).read_text())["results"]:
                times[result["command"]] += result["times"]
    return {name: statistics.median(values) for name, values in times.items()}


def fresh_bytecode() -> None:
    """Compile pactcli's modules as an installer would, so no run pays for compiling a changed module.

    An editable install run with PYTHONDONTWRITEBYTECODE=1 (as on this machine) never writes .pyc files, so
    every process would recompile each module edited since the last write: milliseconds that no installed
    pactcli pays, and a source of run-to-run differences.
    """
    found = subprocess.run(
        [PYTHON, "-c", "import pactcli, os; print(os.path.dirname(pactcli.__file__))"],
        capture_output=True, text=True, check=True,
    ).stdout.strip()  # fmt: skip
    subprocess.run([PYTHON, "-m", "compileall", "-q", found], check=True)


def stream_figures(command: str, runs: int, env: dict[str, str]) -> dict[str, float]:
    """Median seconds to the first line and to the end, and the largest peak RSS (MiB and MB), of a stream."""
    first, total, peak = [], [], 0.0
    for _ in range(runs):
        start = time.perf_counter()
        proc = subprocess.Popen(shlex.split(command), stdout=subprocess.PIPE, env=env)
        assert proc.stdout is not None
        proc.stdout.readline()
        first.append(time.perf_counter() - start)
        while proc.stdout.read(1 << 20):
            pass
        _, status, usage = os.wait4(proc.pid, 0)
        total.append(time.perf_counter() - start)
        if status != 0:
            raise SystemExit(f"failed: {command}")
        peak = max(peak, usage.ru_maxrss / 1024)  # KiB on Linux
    return {
        "first_line": statistics.median(first),
        "total": statistics.median(total),
        "peak_mib": peak,
        "peak_mb": peak * 1024 * 1024 / 1e6,
    }


def make_store(size: int, directory: Path) -> Path:
    path = directory / f"store-{size}.toml"
    if not path.exists():
        subprocess.run([PYTHON, str(HERE / "make_store.py"), str(size), str(path)], check=True)
    return path


def ids(size: int) -> tuple[str, str]:
    return "ev-000001", f"ev-{max(1, size // 2):06d}"


def settle(directory: Path, clear: bool) -> None:
    """Wait for pactcli's background index writers (they hold an flock on the cache directory), then
    optionally empty it: no run is timed while the previous run's writer still uses the machine."""
    from compare import wait_for_writers  # benchmarks/compare.py, next to this script

    wait_for_writers(directory)
    if clear:
        shutil.rmtree(directory, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    # hyperfine --prepare commands (one process each, no shell): wait for background writers, then clear
    # the cache or edit one store file.
    if argv is None and sys.argv[1:2] == ["--settle-and-clear"]:
        settle(Path(sys.argv[2]), clear=True)
        return 0
    if argv is None and sys.argv[1:2] == ["--settle-and-edit"]:
        from split_store import edit  # benchmarks/split_store.py

        settle(Path(sys.argv[2]), clear=False)
        edit(Path(sys.argv[3]))
        return 0
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,1000,10000,100000", help="store sizes for the growth table")
    parser.add_argument("--quick", action="store_true", help="fewer runs (for a smoke test, not for figures)")
    parser.add_argument("--json", type=Path, help="also write the figures as JSON here")
    parser.add_argument("--svg", type=Path, help="also write the growth plot as SVG here")
    parser.add_argument("--stores", type=Path, help="where to keep synthetic stores (default: a temp dir)")
    parser.add_argument(
        "--skip-growth", action="store_true", help="only the targets, not the growth table (a shorter run)"
    )
    args = parser.parse_args(argv)
    if shutil.which("hyperfine") is None:
        raise SystemExit("benchmarks/run.py needs hyperfine (Debian: apt-get install hyperfine)")
    sizes = [int(s) for s in args.sizes.split(",") if s]
    runs = 3 if args.quick else 15
    slow_runs = 1 if args.quick else 3

    work = Path(tempfile.mkdtemp(prefix="pactcli-bench-"))
    stores = args.stores or work
    stores.mkdir(parents=True, exist_ok=True)
    cache_dir = work / "cache"
    env = {**os.environ, "PACTCLI_CACHE_DIR": str(cache_dir), "COLUMNS": "100"}
    env.pop("PACTCLI_STORE", None)
    env.pop("PACTCLI_NO_CACHE", None)
    figures: dict = {"machine": machine(), "startup": {}, "scale": {}, "growth": {}}

    # 1. Start-up on the embedded store (index warm), side by side with the floor.
    fresh_bytecode()
    subprocess.run([PACTCLI, "event", "pact-signed"], env=env, stdout=subprocess.DEVNULL, check=True)
    start = hyperfine(
        {
            "floor": FLOOR,
            "bare python": f"{PYTHON} -c pass",
            "event pact-signed": f"{PACTCLI} event pact-signed",
            "diff-dates --format json": f"{PACTCLI} diff-dates pact-signed pact-denounced --format json",
        },
        runs,
        3,
        env,
        rounds=2 if args.quick else 6,
    )
    figures["startup"] = start

    # 2. Scale: the largest store against the embedded one and against a bare parse.
    big_size = max(sizes)
    big = make_store(big_size, stores)
    one, two = ids(big_size)
    bare_parse = f"{PYTHON} -c \"import tomllib; tomllib.load(open('{big}', 'rb'))\""
    cold = hyperfine(
        {"bare tomllib parse": bare_parse, "first call: event": f"{PACTCLI} --store {big} event {one}"},
        slow_runs,
        0,
        env,
        prepare=f"{PYTHON} {HERE / 'run.py'} --settle-and-clear {cache_dir}",
    )
    subprocess.run(
        [PACTCLI, "--store", str(big), "event", one], env=env, stdout=subprocess.DEVNULL, check=True
    )
    subprocess.run(
        [PACTCLI, "timeline", "--search", *shlex.split(SEARCH_WORD)],
        env=env,
        stdout=subprocess.DEVNULL,
        check=True,
    )
    settle(cache_dir, clear=False)
    search = f"timeline --search {SEARCH_WORD} --format jsonl"
    warm = hyperfine(
        {
            "embedded: event": f"{PACTCLI} event pact-signed",
            "big: event": f"{PACTCLI} --store {big} event {one}",
            "embedded: diff-dates": f"{PACTCLI} diff-dates pact-signed pact-denounced",
            "big: diff-dates": f"{PACTCLI} --store {big} diff-dates {one} {two}",
            f"embedded: {search}": f"{PACTCLI} {search}",
            f"big: {search}": f"{PACTCLI} --store {big} {search}",
        },
        runs,
        2,
        env,
        rounds=1 if args.quick else 4,
    )
    stream = stream_figures(f"{PACTCLI} --store {big} timeline --format jsonl", slow_runs, env)
    shutil.rmtree(cache_dir, ignore_errors=True)
    stream_cold = stream_figures(f"{PACTCLI} --store {big} timeline --format jsonl", 1, env)

    # Incremental: the large store as ten files, one of them edited before each call (hyperfine --prepare),
    # against a bare parse of that one file.
    parts = [
        Path(line)
        for line in subprocess.run(
            [PYTHON, str(HERE / "split_store.py"), str(big), "10", str(stores / f"split-{big_size}")],
            capture_output=True, text=True, check=True,
        ).stdout.split()
    ]  # fmt: skip
    edited = parts[4]
    ten = " ".join(f"--store {p}" for p in parts)
    subprocess.run(
        shlex.split(f"{PACTCLI} {ten} event {one}"), env=env, stdout=subprocess.DEVNULL, check=True
    )
    settle(cache_dir, clear=False)
    time.sleep(2.1)  # the files' stat is trusted once settled (pactcli.store.cache.SETTLED)
    incremental = hyperfine(
        {
            "one of ten files edited: event": f"{PACTCLI} {ten} event {one}",
            "bare tomllib parse of that file": (
                f"{PYTHON} -c \"import tomllib; tomllib.load(open('{edited}', 'rb'))\""
            ),
        },
        runs,
        1,
        env,
        prepare=f"{PYTHON} {HERE / 'split_store.py'} --edit {edited}",
    )
    figures["scale"] = {
        "size": big_size,
        "bytes": big.stat().st_size,
        "cold": cold,
        "warm": warm,
        "incremental": {**incremental, "edited file bytes": edited.stat().st_size},
        "timeline_jsonl_warm": stream,
        "timeline_jsonl_first_call": stream_cold,
    }

    # 3. Growth: each command at each size (index warm), and the first call.
    for size in [] if args.skip_growth else sizes:
        path = make_store(size, stores)
        one, two = ids(size)
        subprocess.run(
            [PACTCLI, "--store", str(path), "event", one], env=env, stdout=subprocess.DEVNULL, check=True
        )
        settle(cache_dir, clear=False)
        measured = hyperfine(
            {
                "event": f"{PACTCLI} --store {path} event {one}",
                "diff-dates": f"{PACTCLI} --store {path} diff-dates {one} {two}",
                "timeline jsonl": f"{PACTCLI} --store {path} timeline --format jsonl",
                "cite": f"{PACTCLI} --store {path} cite {one}",
            },
            slow_runs if size >= 100000 else runs,
            1,
            env,
        )
        first = hyperfine(
            {"first call (event)": f"{PACTCLI} --store {path} event {one}",
             "bare tomllib parse": f"{PYTHON} -c \"import tomllib; tomllib.load(open('{path}', 'rb'))\""},
            slow_runs if size >= 10000 else runs,
            0,
            env,
            prepare=f"{PYTHON} {HERE / 'run.py'} --settle-and-clear {cache_dir}",
        )  # fmt: skip
        figures["growth"][size] = {**measured, **first, "bytes": path.stat().st_size}

    ratios = {
        "startup-event": start["event pact-signed"] / start["floor"],
        "startup-diff": start["diff-dates --format json"] / start["floor"],
        "big-event": warm["big: event"] / warm["embedded: event"],
        "big-diff": warm["big: diff-dates"] / warm["embedded: diff-dates"],
        "big-search-jsonl": warm[f"big: {search}"] / warm[f"embedded: {search}"],
        "big-first-call": cold["first call: event"] / cold["bare tomllib parse"],
        "big-edit-one-of-ten": incremental["one of ten files edited: event"]
        / incremental["bare tomllib parse of that file"],
        "big-timeline-jsonl-seconds": stream["total"],
        "big-timeline-jsonl-MB": stream["peak_mb"],
    }
    figures["ratios"] = ratios
    report(figures)
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n")
    if args.svg and figures["growth"]:
        args.svg.write_text(plot(figures["growth"]))
    shutil.rmtree(work if args.stores is None else cache_dir, ignore_errors=True)
    return 0 if all(ratios[k] <= TARGETS[k] for k in TARGETS) else 1


def report(figures: dict) -> None:
    ms = lambda s: f"{s * 1000:,.0f} ms"  # noqa: E731
    print("## Machine\n")
    for key, value in figures["machine"].items():
        print(f"- {key}: {value}")
    s = figures["startup"]
    print("\n## Start-up (embedded store, index warm), medians\n")
    print("| command | median | ratio to floor |\n|---|---:|---:|")
    for name, value in s.items():
        print(f"| {name} | {ms(value)} | {value / s['floor']:.2f}× |")
    sc = figures["scale"]
    print(f"\n## Scale ({sc['size']:,} events, {sc['bytes'] / 1e6:.1f} MB), medians\n")
    print("| measurement | median |\n|---|---:|")
    for group in ("cold", "warm", "incremental"):
        for name, value in sc[group].items():
            print(f"| {name} | {ms(value) if 'bytes' not in name else f'{value / 1e6:.1f} MB'} |")
    for label, key in (("index warm", "timeline_jsonl_warm"), ("first call", "timeline_jsonl_first_call")):
        t = sc[key]
        print(f"| timeline --format jsonl ({label}): first line | {ms(t['first_line'])} |")
        print(f"| timeline --format jsonl ({label}): whole | {ms(t['total'])} |")
        print(f"| timeline --format jsonl ({label}): peak RSS | {t['peak_mb']:,.0f} MB |")
    print("\n## Ratios against the targets\n")
    print("| target | measured | limit | |\n|---|---:|---:|---|")
    for name, value in figures["ratios"].items():
        limit, unit = TARGETS[name], UNITS.get(name, "×")
        shown = f"{value:.2f}{unit}" if unit != " MB" else f"{value:.0f}{unit}"
        print(f"| {name} | {shown} | {limit:g}{unit} | {'ok' if value <= limit else 'MISSED'} |")
    growth = figures["growth"]
    if not growth:
        return
    print("\n## Growth (index warm unless marked), medians\n")
    columns = ["event", "diff-dates", "cite", "timeline jsonl", "first call (event)", "bare tomllib parse"]
    print("| events | MB | " + " | ".join(columns) + " |\n|---:|---:|" + "---:|" * len(columns))
    for size, row in growth.items():
        cells = " | ".join(ms(row[c]) for c in columns)
        print(f"| {int(size):,} | {row['bytes'] / 1e6:.1f} | {cells} |")


def plot(growth: dict) -> str:
    """A log-log SVG line plot of the growth table (no plotting library needed)."""
    import math

    series = ["event", "diff-dates", "cite", "timeline jsonl", "first call (event)", "bare tomllib parse"]
    colours = ["#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e", "#666666"]
    dashes = ["", "6 3", "2 2", "8 3 2 3", "", "4 4"]
    sizes = sorted(int(s) for s in growth)
    values = [growth[s if s in growth else str(s)][k] for s in sizes for k in series]
    lo, hi = math.log10(min(values)), math.log10(max(values))
    width, height, left, right, top, bottom = 720, 420, 70, 190, 20, 50

    def x(size: int) -> float:
        span = math.log10(sizes[-1]) - math.log10(sizes[0]) or 1
        return left + (math.log10(size) - math.log10(sizes[0])) / span * (width - left - right)

    def y(seconds: float) -> float:
        return top + (hi - math.log10(seconds)) / ((hi - lo) or 1) * (height - top - bottom)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" font-family="sans-serif" '
        'font-size="12">',
        '<rect width="100%" height="100%" fill="white"/>',
        f'<text x="{left}" y="{height - 12}">events in the store (log scale)</text>',
        f'<text x="12" y="{top + 10}" transform="rotate(-90 12 {top + 10})" text-anchor="end">'
        "median wall time (log scale)</text>",
    ]
    for size in sizes:
        parts.append(
            f'<line x1="{x(size):.1f}" y1="{top}" x2="{x(size):.1f}" y2="{height - bottom}" stroke="#ddd"/>'
        )
        parts.append(
            f'<text x="{x(size):.1f}" y="{height - bottom + 16}" text-anchor="middle">{size:,}</text>'
        )
    for exp in range(math.floor(lo), math.ceil(hi) + 1):
        for mult in (1, 2, 5):
            value = mult * 10**exp
            if lo <= math.log10(value) <= hi:
                label = f"{value * 1000:g} ms" if value < 1 else f"{value:g} s"
                yv = f"{y(value):.1f}"
                parts.append(f'<line x1="{left}" y1="{yv}" x2="{width - right}" y2="{yv}" stroke="#eee"/>')
                parts.append(f'<text x="{left - 6}" y="{y(value) + 4:.1f}" text-anchor="end">{label}</text>')
    for number, (name, colour, dash) in enumerate(zip(series, colours, dashes, strict=True)):
        points = " ".join(f"{x(s):.1f},{y(growth[s if s in growth else str(s)][name]):.1f}" for s in sizes)
        parts.append(f'<polyline points="{points}" fill="none" stroke="{colour}" stroke-width="2" '
                     f'stroke-dasharray="{dash}"/>')  # fmt: skip
        for s in sizes:
            cy = y(growth[s if s in growth else str(s)][name])
            parts.append(f'<circle cx="{x(s):.1f}" cy="{cy:.1f}" r="3" fill="{colour}"/>')
        ly = top + 16 + number * 20
        parts.append(f'<line x1="{width - right + 12}" y1="{ly}" x2="{width - right + 40}" y2="{ly}" '
                     f'stroke="{colour}" stroke-width="2" stroke-dasharray="{dash}"/>')  # fmt: skip
        parts.append(f'<text x="{width - right + 46}" y="{ly + 4}">{name}</text>')
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


if __name__ == "__main__":
    raise SystemExit(main())
