"""How fast a published page opens and answers in headless Chromium (issue 21: 10,000 events within 2 s).

    python benchmarks/publish_speed.py [--sizes embedded,1000,10000] [--runs 5] [--json results.json]

For each store (the embedded one, and synthetic stores from benchmarks/make_store.py) it times
``pactcli publish`` (whole process, median of the runs) and then, in a fresh headless Chromium driven over
the DevTools protocol (tests/browser.py), loads the page from ``file://`` ``--runs`` times and reports the
medians of:

* ``script``: navigation start to the start of the page's script (the HTML before it, list and data, parsed);
* ``init``: the script's own work (data parsed, controls built, chart drawn);
* ``dom``: navigation start to the end of DOMContentLoaded (the inline script has run: the list is parsed,
  the chart drawn, the controls built);
* ``load``: navigation start to the end of the load event;
* ``fcp``: first contentful paint;
* ``panel``: opening an event's panel from its permalink (hash change to the next frame);
* ``filter``: pressing a tag filter (click to the next frame: the list filtered and the chart redrawn);
* ``zoom``: one zoom key on the chart (key press to the next frame);
* ``task``: the main thread's busy time until then (DevTools ``Performance.getMetrics`` TaskDuration), which
  a machine shared with other jobs inflates less than the wall-clock figures.

"Interactive" is ``dom`` plus the first answer, ``panel``: both must fit in 2 s for 10,000 events.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

from tests.browser import Page, chromium  # noqa: E402

PACTCLI = str(Path(sys.executable).parent / "pactcli")

TIMINGS = """(() => {
  const nav = performance.getEntriesByType('navigation')[0];
  const paint = performance.getEntriesByType('paint').find(p => p.name === 'first-contentful-paint');
  const init = performance.getEntriesByName('pactcli-init')[0];
  const start = performance.getEntriesByName('pactcli-start')[0];
  return {dom: nav.domContentLoadedEventEnd, load: nav.loadEventEnd, fcp: paint ? paint.startTime : null,
          script: start ? start.startTime : null, init: init ? init.duration : null};
})()"""

NEXT_FRAME = "new Promise(resolve => requestAnimationFrame(() => setTimeout(resolve, 0)))"

PANEL = """new Promise(resolve => {
  const all = document.querySelectorAll('li.ev');
  const target = all[Math.floor(all.length / 2)].id;
  const t0 = performance.now();
  window.addEventListener('hashchange', () => requestAnimationFrame(() => resolve(performance.now() - t0)),
    {once: true});
  location.hash = '#' + target;
})"""

FILTER = """new Promise(resolve => {
  const button = document.querySelector('.chips button');
  const t0 = performance.now();
  button.click();
  requestAnimationFrame(() => resolve(performance.now() - t0));
})"""

ZOOM = """new Promise(resolve => {
  const chart = document.getElementById('P_chart');
  const t0 = performance.now();
  chart.dispatchEvent(new KeyboardEvent('keydown', {key: '+', bubbles: true}));
  requestAnimationFrame(() => requestAnimationFrame(() => resolve(performance.now() - t0)));
})"""


def build(store: str | None, out: Path, runs: int) -> float:
    args = [PACTCLI, *(["--store", store] if store else []), "publish", str(out)]
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(args, check=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def measure(page: Page, path: Path, runs: int) -> dict[str, float]:
    samples: dict[str, list[float]] = {}
    for _ in range(runs):
        page.events.clear()
        page.call("Page.navigate", url="about:blank")
        page.call("Performance.disable")
        page.call("Performance.enable")
        page.open(path.as_uri())
        page.wait_for("document.documentElement.dataset.ready === '1'")
        page.evaluate(NEXT_FRAME)
        found = page.evaluate(TIMINGS)
        found["panel"] = page.evaluate(PANEL)
        found["filter"] = page.evaluate(FILTER)
        found["zoom"] = page.evaluate(ZOOM)
        metrics = {m["name"]: m["value"] for m in page.call("Performance.getMetrics")["metrics"]}
        found["task"] = metrics["TaskDuration"] * 1000  # main-thread busy time, all tasks so far
        problems = page.problems()
        if problems:
            raise SystemExit(f"{path}: the page reported problems: {problems}")
        for key, value in found.items():
            if value is not None:
                samples.setdefault(key, []).append(float(value))
    return {key: statistics.median(values) for key, values in samples.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="embedded,1000,10000")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--json", type=Path, default=None)
    options = parser.parse_args()
    results = []
    with tempfile.TemporaryDirectory(prefix="pactcli-publish-bench-") as tmp, chromium() as page:
        page.set_width(1280, 900)
        for size in options.sizes.split(","):
            store = None
            if size != "embedded":
                store = str(Path(tmp) / f"store-{size}.toml")
                subprocess.run([sys.executable, str(HERE / "make_store.py"), size, store], check=True)
            out = Path(tmp) / f"page-{size}.html"
            seconds = build(store, out, max(1, min(options.runs, 3)))
            row: dict[str, object] = {"store": size, "bytes": out.stat().st_size, "publish_s": seconds}
            row.update(measure(page, out, options.runs))
            results.append(row)
            print(
                f"{size:>9}: {int(row['bytes']) / 1e6:6.2f} MB, publish {seconds:5.2f} s; "
                + ", ".join(
                    f"{k} {row[k]:.0f} ms"
                    for k in ("fcp", "script", "init", "dom", "load", "panel", "filter", "zoom", "task")
                    if k in row
                ),
                flush=True,
            )
    if options.json:
        options.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
