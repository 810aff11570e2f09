#!/usr/bin/env python3
"""Screenshots of ``pactcli publish`` (the embedded store) at 375 px and 1280 px, for docs/ and the README.

Usage: python scripts/publish_screenshots.py [--out DIR] [--chromium PATH]

Writes into DIR (default: docs/) ``publish-1280.png`` (the top of the page: controls and chart),
``publish-1280-panel.png`` (the panel of ``#soviet-declaration-of-war`` with the Trans-Baikal clock added),
``publish-375.png`` and ``publish-375-panel.png`` (the same on a phone-sized viewport). Headless Chromium is
driven over the DevTools protocol (tests/browser.py); the page loads nothing from the network.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.browser import Page, chromium  # noqa: E402

PANEL = "soviet-declaration-of-war"
ADD_ZONE = "trans-baikal"


def shoot(page: Page, url: str, width: int, height: int, png: Path, panel: bool) -> None:
    page.set_width(width, height)
    page.call("Page.navigate", url="about:blank")
    page.open(url + (f"#{PANEL}" if panel else ""))
    page.wait_for("document.documentElement.dataset.ready === '1'")
    if panel:
        page.evaluate(f"document.querySelector('.zones input[data-zone=\"{ADD_ZONE}\"]').click()")
        page.evaluate("document.getElementById('P_panel').scrollTop = 0; window.scrollTo(0, 0)")
        if width >= 1000:  # the event's list item beside its panel (which stays in view: it is sticky)
            page.evaluate("document.querySelector('li.ev.current').scrollIntoView()")
    page.pump(0.3)
    problems = page.problems()
    if problems:
        raise SystemExit(f"the page reported problems: {problems}")
    page.screenshot(str(png))
    print(png)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs")
    parser.add_argument("--chromium", default=None)
    options = parser.parse_args()
    out: Path = options.out
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="pactcli-publish-shots-") as tmp:
        html = Path(tmp) / "pact.html"
        subprocess.run([sys.executable, "-m", "pactcli", "publish", str(html)], check=True)
        with chromium(options.chromium) as page:
            for width, height in ((1280, 900), (375, 760)):
                shoot(page, html.as_uri(), width, height, out / f"publish-{width}.png", panel=False)
                shoot(page, html.as_uri(), width, height, out / f"publish-{width}-panel.png", panel=True)


if __name__ == "__main__":
    main()
