"""The SVG and HTML charts as a browser sees them: headless Chromium loads them and we read its DOM back.

Skipped when no ``chromium`` is on PATH (Debian: ``apt-get install chromium``), except in CI (``CI`` set),
where a missing Chromium fails: .ci/run installs it. Two browser runs: seconds.
The HTML run wraps the chart in a page with a small script that measures, with the browser's own fonts, that
no event's number overlaps another number or another event's shapes, and writes the result into the DOM
(``--dump-dom`` serialises the page after its scripts ran).
"""

from __future__ import annotations

import json
import re
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tests.browser import require_chromium

CHROMIUM: str | None = None


@pytest.fixture(autouse=True)
def _chromium() -> None:
    global CHROMIUM  # noqa: PLW0603 - one browser path for the module's helpers
    CHROMIUM = require_chromium()


ARGS = ("timeline", "--chart", "--from", "1945-08-05", "--to", "1945-08-10")

MEASURE = """
<script>
const groups = [...document.querySelectorAll('g.event')];
const boxes = groups.map(g => ({
  id: g.dataset.id,
  label: g.querySelector('text.label').getBBox(),
  shapes: [...g.querySelectorAll('polygon, rect, line')].map(s => s.getBBox()),
}));
const hit = (a, b) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
const problems = [];
for (const a of boxes) {
  for (const b of boxes) {
    if (a === b) continue;
    if (a.id < b.id && hit(a.label, b.label)) problems.push(`label ${a.id} overlaps label ${b.id}`);
    for (const s of b.shapes) if (hit(a.label, s)) problems.push(`label ${a.id} overlaps ${b.id}`);
  }
}
const result = document.createElement('pre');
result.id = 'measured';
result.textContent = JSON.stringify({count: boxes.length, problems});
document.body.appendChild(result);
</script>
"""


class _Elements(HTMLParser):
    """Collects ``<g class="event">`` elements and the text of their ``<text class="label">``."""

    def __init__(self) -> None:
        super().__init__()
        self.events: list[str] = []
        self.labels: dict[str, str] = {}
        self._current: str | None = None
        self._in_label = False
        self.measured = ""
        self._in_measured = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attr = dict(attrs)
        classes = (attr.get("class") or "").split()
        if tag == "g" and "event" in classes:
            self._current = attr.get("data-id") or ""
            self.events.append(self._current)
        elif tag == "text" and "label" in classes:
            self._in_label = True
        elif tag == "pre" and attr.get("id") == "measured":
            self._in_measured = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "text":
            self._in_label = False
        elif tag == "pre":
            self._in_measured = False

    def handle_data(self, data: str) -> None:
        if self._in_label and self._current is not None:
            self.labels[self._current] = self.labels.get(self._current, "") + data
        if self._in_measured:
            self.measured += data


def _dump_dom(page: Path) -> str:
    assert CHROMIUM is not None
    done = subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--dump-dom", page.as_uri()],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def _ids(run) -> list[str]:
    out = run(*ARGS, "--format", "svg").out
    return re.findall(r'<g class="event [^"]*" data-id="([^"]+)"', out)


def test_svg_in_chromium_has_one_element_per_event_with_its_label(run, tmp_path: Path) -> None:
    result = run(*ARGS, "--format", "svg")
    assert result.code == 0, result.err
    expected = _ids(run)
    assert len(expected) == 8  # 5-10 August 1945 in the embedded store
    page = tmp_path / "chart.svg"
    page.write_text(result.out, encoding="utf-8")
    parsed = _Elements()
    parsed.feed(_dump_dom(page))
    assert parsed.events == expected
    assert parsed.labels == {eid: str(n) for n, eid in enumerate(expected, start=1)}


def test_html_in_chromium_has_every_event_and_no_label_overlaps(run, tmp_path: Path) -> None:
    result = run(*ARGS, "--format", "html")
    assert result.code == 0, result.err
    page = tmp_path / "chart.html"
    page.write_text(result.out.replace("</body>", MEASURE + "</body>"), encoding="utf-8")
    parsed = _Elements()
    parsed.feed(_dump_dom(page))
    expected = _ids(run)
    assert parsed.events == expected
    assert parsed.labels == {eid: str(n) for n, eid in enumerate(expected, start=1)}
    measured = json.loads(parsed.measured)
    assert measured == {"count": len(expected), "problems": []}
