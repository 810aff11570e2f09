#!/usr/bin/env python3
"""Render ``pactcli timeline --chart`` as SVG and HTML and take headless-Chromium screenshots to look at.

Usage: python scripts/chart_screenshots.py [--out DIR] [--chromium PATH]

For each view (the whole store; 5-10 August 1945; May 1945 by place; the hostile test store) it writes
``NAME.svg``, ``NAME.html`` and their screenshots ``NAME-svg.png``, ``NAME-html.png`` into DIR (default
``/tmp/pactcli-chart-screenshots``), and the terminal chart at 80 and 200 columns as ``NAME-80.txt`` and
``NAME-200.txt``. Chromium runs with ``--headless --no-sandbox`` (Debian: ``apt-get install chromium``); the
files load nothing from the network.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HOSTILE = ROOT / "tests" / "data" / "valid" / "hostile.toml"

VIEWS: dict[str, list[str]] = {
    "whole-store": ["timeline", "--chart"],
    "august-1945": ["timeline", "--chart", "--from", "1945-08-05", "--to", "1945-08-10"],
    "may-1945-by-place": ["timeline", "--chart", "--from", "1945-05", "--to", "1945-05", "--lanes", "place"],
    "hostile": ["--store", str(HOSTILE), "timeline", "--chart"],
}


def pactcli(args: list[str], columns: int = 100) -> str:
    env = {**os.environ, "COLUMNS": str(columns), "NO_COLOR": "1"}
    env.pop("PACTCLI_STORE", None)
    done = subprocess.run(
        [sys.executable, "-m", "pactcli", *args], capture_output=True, text=True, env=env, check=False
    )
    if done.returncode != 0:
        raise SystemExit(f"pactcli {' '.join(args)} failed ({done.returncode}): {done.stderr.strip()}")
    return done.stdout


def find_chromium(given: str | None) -> str:
    for name in [given] if given else ["chromium", "chromium-browser", "google-chrome", "chrome"]:
        found = shutil.which(name) if name else None
        if found:
            return found
    raise SystemExit("chromium not found: apt-get install chromium (or pass --chromium PATH)")


def screenshot(chromium: str, page: Path, png: Path, size: str) -> None:
    subprocess.run(
        [
            chromium,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--hide-scrollbars",
            f"--screenshot={png}",
            f"--window-size={size}",
            page.as_uri(),
        ],
        capture_output=True,
        check=True,
        timeout=120,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("/tmp/pactcli-chart-screenshots"))
    parser.add_argument("--chromium", default=None)
    options = parser.parse_args()
    chromium = find_chromium(options.chromium)
    out: Path = options.out
    out.mkdir(parents=True, exist_ok=True)
    for name, args in VIEWS.items():
        for columns in (80, 200):
            (out / f"{name}-{columns}.txt").write_text(pactcli(args, columns), encoding="utf-8")
        for fmt in ("svg", "html"):
            page = out / f"{name}.{fmt}"
            page.write_text(pactcli([*args, "--format", fmt]), encoding="utf-8")
            png = out / f"{name}-{fmt}.png"
            screenshot(chromium, page, png, "1400,1400" if fmt == "svg" else "1400,900")
            print(png)


if __name__ == "__main__":
    main()
