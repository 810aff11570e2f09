"""The published page in a real browser: headless Chromium over the DevTools protocol (tests/browser.py).

Skipped without Chromium, except in CI (``CI`` set), where that fails. Each test opens the page, interacts,
and reads the DOM back; every test also checks that the page logged no error and loaded nothing but itself.
Expected values come from the store file itself (read with tomli) and from Python's zoneinfo over the tzdata
package, not from pactcli's page code.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import sys
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import tomli

from tests.browser import Page, chromium, require_chromium

ROOT = Path(__file__).resolve().parent.parent
STORE = ROOT / "data" / "events.toml"
HOSTILE = ROOT / "tests" / "data" / "valid" / "hostile.toml"
HOSTILE_HTML = ROOT / "tests" / "data" / "valid" / "hostile-html.toml"
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def pactcli(*args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "pactcli", *args], capture_output=True, text=True, check=False, timeout=120
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("published")
    out = {}
    for name, store in (("embedded", None), ("hostile", HOSTILE), ("hostile-html", HOSTILE_HTML)):
        path = folder / f"{name}.html"
        pactcli(*(("--store", str(store)) if store else ()), "publish", str(path))
        out[name] = path
    return out


@pytest.fixture(scope="module")
def browser() -> Iterator[Page]:
    with chromium(require_chromium()) as page:
        yield page


def load(page: Page, path: Path, fragment: str = "", width: int = 1280) -> None:
    page.events.clear()
    page.set_width(width)
    page.call("Page.navigate", url="about:blank")
    page.open(path.as_uri() + fragment)
    page.wait_for("document.documentElement.dataset.ready === '1'")


def assert_clean(page: Page, path: Path) -> None:
    assert page.problems() == []
    assert set(page.requests()) == {path.as_uri()}


def expected_ids(*args: str) -> list[str]:
    return [e["id"] for e in json.loads(pactcli("timeline", "--format", "json", *args))]


# --- an independent oracle for local times ------------------------------------------------------------------


def tz(key: str) -> ZoneInfo:
    with resources.files("tzdata.zoneinfo").joinpath(*key.split("/")).open("rb") as handle:
        return ZoneInfo.from_file(handle, key=key)


def store_zone(name: str, raw: dict) -> dt.tzinfo:
    for zone in raw.get("zones", []):
        if zone["name"] == name:
            if "offset" in zone:
                sign = -1 if zone["offset"][0] == "-" else 1
                hours, minutes = map(int, zone["offset"][1:].split(":"))
                return dt.timezone(sign * dt.timedelta(hours=hours, minutes=minutes))
            return tz(zone["iana"])
    return tz(name)


def instant(value: object, zone: dt.tzinfo) -> tuple[dt.datetime, str] | None:
    """The instant a stored start means, with its EDTF qualifier; None for a date without a time."""
    if isinstance(value, dt.datetime):
        return (value if value.tzinfo else value.replace(tzinfo=zone)), ""
    if isinstance(value, str):
        match = re.fullmatch(r"(\d{4}-\d{2}-\d{2})T(\d{2})(?::(\d{2}))?([+-]\d{2}:\d{2}|Z)?([~?%]?)", value)
        if match:
            day, hour, minute, offset, mark = match.groups()
            naive = dt.datetime.fromisoformat(f"{day}T{hour}:{minute or '00'}")
            stated = dt.datetime.fromisoformat(f"{day}T00:00{offset}").tzinfo if offset else None
            when = naive.replace(tzinfo=stated or zone)
            return when, {"~": "~", "?": "?", "%": "~?"}[mark] if mark else ""
    return None


def local_text(when: dt.datetime, key: str, mark: str, minutes_only: bool) -> str:
    local = when.astimezone(tz(key))
    clock = f"{local.hour:02d}:{local.minute:02d}" + ("" if minutes_only else f":{local.second:02d}")
    return f"{local.day} {MONTHS[local.month - 1]} {local.year} {clock}{mark}"


# --- the tests ----------------------------------------------------------------------------------------------

LIST_IDS = "[...document.querySelectorAll('ol.events > li.ev')].filter(li => !li.hidden).map(li => li.id)"
CHART_IDS = "[...document.querySelectorAll('#P_chart a.ev-g')].map(a => a.dataset.id)"


@pytest.mark.parametrize("width", [375, 1280])
def test_every_event_is_in_the_list_and_on_the_chart(browser: Page, pages, width: int) -> None:
    load(browser, pages["embedded"], width=width)
    expected = expected_ids()
    assert browser.evaluate(LIST_IDS) == expected
    drawn = browser.evaluate(CHART_IDS)
    more = int(browser.evaluate("document.querySelector('#P_chart svg').dataset.more"))
    assert len(drawn) == len(set(drawn)) and set(drawn) <= set(expected)
    assert len(drawn) + more == len(expected)  # events too close to tell apart are counted, not lost
    # Each event, once selected (its permalink), is drawn on the chart, at the whole period's zoom.
    missing = browser.evaluate(
        """(async () => {
          const missing = [];
          for (const li of document.querySelectorAll('li.ev')) {
            location.hash = li.id;
            const frame = () => new Promise(resolve => requestAnimationFrame(() => setTimeout(resolve, 0)));
            for (let n = 0; n < 50 && !li.classList.contains('current'); n++) await frame();
            await frame();
            if (!document.querySelector(`#P_chart a.ev-g.sel[data-id="${li.id}"]`)) missing.push(li.id);
          }
          return missing;
        })()"""
    )
    assert missing == []
    assert_clean(browser, pages["embedded"])


CLAIMS = """[...document.querySelectorAll('#P_panel section.claim')].map(section => ({
  tables: [...section.querySelectorAll('table.clocktable')].map(table =>
    [...table.querySelectorAll('tbody tr')].map(tr =>
      [tr.dataset.zone, tr.querySelector('td.local').textContent])),
  unconverted: section.querySelector('.noconv') !== null,
  stored: section.querySelector('dd code').textContent,
  cites: section.querySelectorAll('ol.cites > li').length,
}))"""


@pytest.mark.parametrize(
    ("event_id", "zone"),
    [
        ("soviet-declaration-of-war", "Asia/Vladivostok"),
        ("manchurian-offensive", "Europe/Moscow"),
        ("hiroshima", "Pacific/Honolulu"),
        ("german-surrender", "Asia/Tokyo"),
    ],
)
def test_permalink_opens_the_panel_with_every_claim_in_the_chosen_zone(
    browser: Page, pages, event_id: str, zone: str
) -> None:
    raw = tomli.loads(STORE.read_text(encoding="utf-8"))
    event = next(e for e in raw["events"] if e["id"] == event_id)
    load(browser, pages["embedded"], f"#{event_id}")
    assert browser.evaluate("!document.getElementById('P_panel').hidden")
    assert browser.evaluate("document.getElementById('P_ptitle').textContent") == event["title"]
    assert browser.evaluate("document.querySelector('li.ev.current').id") == event_id
    # Pick exactly one clock: the zone under test.
    browser.evaluate(
        f"""[...document.querySelectorAll('.zones input')].forEach(box => {{
          if (box.checked !== (box.dataset.zone === {json.dumps(zone)})) box.click(); }})"""
    )
    claims = browser.evaluate(CLAIMS)
    stored = [event, *event.get("disputes", [])]
    assert len(claims) == len(stored)
    for claim, source in zip(claims, stored, strict=True):
        zone_info = store_zone(source.get("zone", event["zone"]), raw)
        start = instant(source["start"], zone_info)
        assert claim["cites"] == len(source["sources"])
        if start is None:
            assert claim["unconverted"] and claim["tables"] == []
            continue
        when, mark = start
        minutes_only = not (isinstance(source["start"], dt.datetime) and source["start"].second)
        assert claim["tables"][0] == [[zone, local_text(when, zone, mark, minutes_only)]]
    assert_clean(browser, pages["embedded"])


OVERFLOW = """(() => {
  const width = document.documentElement.clientWidth;
  const wide = [];
  for (const el of document.querySelectorAll('body *')) {
    if (el.closest('svg') || el.closest('.skip') || el.closest('.visually')) continue;
    const r = el.getBoundingClientRect();
    if (!r.width && !r.height) continue;
    if (r.right > width + 0.5 || r.left < -0.5) {
      wide.push(el.tagName + '.' + el.className + ' ' + Math.round(r.right));
    }
  }
  return {wide: wide.slice(0, 10), scroll: document.documentElement.scrollWidth, width};
})()"""


@pytest.mark.parametrize("width", [375, 1280])
@pytest.mark.parametrize("name", ["embedded", "hostile", "hostile-html"])
@pytest.mark.parametrize("fragment", ["", "#panel"])
def test_nothing_overflows_the_viewport(browser: Page, pages, width: int, name: str, fragment: str) -> None:
    load(browser, pages[name], width=width)
    if fragment:  # with the panel open on the event that has the longest text
        browser.evaluate(
            """location.hash = [...document.querySelectorAll('li.ev')]
                 .sort((a, b) => b.textContent.length - a.textContent.length)[0].id"""
        )
        browser.wait_for("!document.getElementById('P_panel').hidden")
        browser.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    measured = browser.evaluate(OVERFLOW)
    assert measured["wide"] == [] and measured["scroll"] <= measured["width"], measured
    assert_clean(browser, pages[name])


def test_hostile_store_text_stays_text(browser: Page, pages) -> None:
    raw = tomli.loads(HOSTILE_HTML.read_text(encoding="utf-8"))
    event = raw["events"][0]
    load(browser, pages["hostile-html"], "#html-title")
    got = browser.evaluate(
        """({
          pwned: window.pwned === undefined ? null : window.pwned,
          title: document.title,
          listTitle: document.querySelector('li#html-title h3 a').textContent,
          panelTitle: document.getElementById('P_ptitle').textContent,
          place: document.querySelector('li#html-title .place').textContent,
          note: document.querySelector('#P_panel section.claim[data-claim="1"] .note').textContent,
          scripts: document.scripts.length,
          foreign: document.querySelectorAll(
            'img, iframe, link, object, embed, meta[http-equiv=refresh], body style').length,
        })"""
    )
    assert got == {
        "pwned": None,
        "title": raw["store"]["title"],
        "listTitle": event["title"],
        "panelTitle": event["title"],
        "place": event["place"],
        "note": event["disputes"][0]["note"],
        "scripts": 2,
        "foreign": 0,
    }
    assert_clean(browser, pages["hostile-html"])


def test_control_characters_are_shown_as_escapes(browser: Page, pages) -> None:
    load(browser, pages["hostile"], "#hostile")
    title = browser.evaluate("document.getElementById('P_ptitle').textContent")
    assert "\\x1b[31mred" in title and "\\u202eevil" in title and "\x1b" not in title
    assert_clean(browser, pages["hostile"])


def test_without_javascript_the_list_is_the_content(browser: Page, pages) -> None:
    browser.call("Emulation.setScriptExecutionDisabled", value=True)
    try:
        browser.events.clear()
        browser.set_width(375)
        browser.open(pages["embedded"].as_uri() + "#pact-signed")
        got = browser.evaluate(  # evaluate still runs: only the page's own scripts are off
            """({
              ids: [...document.querySelectorAll('ol.events > li.ev')].map(li => li.id),
              ready: document.documentElement.dataset.ready || null,
              controls: getComputedStyle(document.getElementById('P_controls')).display,
              chart: getComputedStyle(document.getElementById('P_chartbox')).display,
              target: document.querySelector('li.ev:target').id,
              sources: document.querySelectorAll('ol.sources > li').length,
            })"""
        )
    finally:
        browser.call("Emulation.setScriptExecutionDisabled", value=False)
    assert got["ids"] == expected_ids()
    assert got["ready"] is None and got["controls"] == "none" and got["chart"] == "none"
    assert got["target"] == "pact-signed" and got["sources"] > 50


def type_search(browser: Page, text: str) -> None:
    browser.evaluate("document.getElementById('P_q').focus()")
    browser.evaluate("document.getElementById('P_q').select()")
    if text:
        browser.call("Input.insertText", text=text)
    else:
        browser.call(
            "Input.dispatchKeyEvent",
            type="keyDown",
            key="Backspace",
            code="Backspace",
            windowsVirtualKeyCode=8,
        )
    browser.pump(0.4)  # the search waits 120 ms for typing to pause


def test_search_and_tag_filters_match_the_timeline_filters(browser: Page, pages) -> None:
    load(browser, pages["embedded"])
    type_search(browser, "Molotov")
    assert browser.evaluate(LIST_IDS) == expected_ids("--search", "Molotov")
    assert set(browser.evaluate(CHART_IDS)) <= set(expected_ids("--search", "Molotov"))
    type_search(browser, "")
    browser.evaluate("document.querySelector('button[data-tag=\"pact\"]').click()")
    browser.wait_for("document.getElementById('P_count').textContent.startsWith('Showing')")
    assert browser.evaluate(LIST_IDS) == expected_ids("--tag", "pact")
    browser.evaluate("document.querySelector('button[data-tag=\"surrender\"]').click()")
    assert browser.evaluate(LIST_IDS) == expected_ids("--tag", "pact", "--tag", "surrender")
    assert_clean(browser, pages["embedded"])


def test_chart_zooms_from_the_whole_period_to_hours_by_keyboard_and_wheel(browser: Page, pages) -> None:
    load(browser, pages["embedded"], "#manchurian-offensive")
    ticks = "[...document.querySelectorAll('#P_chart .tick-label')].map(t => t.textContent)"
    years = browser.evaluate(ticks)
    assert years and all(re.fullmatch(r"\d{4}", t) for t in years)
    browser.evaluate("document.getElementById('P_chart').focus()")
    for _ in range(14):  # each + halves the span: 16 years / 2**14 is under 9 hours
        browser.call("Input.dispatchKeyEvent", type="keyDown", key="+", text="+", code="Equal")
        browser.call("Input.dispatchKeyEvent", type="keyUp", key="+", code="Equal")
    browser.pump(0.2)
    hours = browser.evaluate(ticks)
    assert any(re.fullmatch(r"\d{2}:00", t) for t in hours), hours
    # The selected event stays on screen while zooming in around the centre it was scrolled to.
    assert "manchurian-offensive" in browser.evaluate(CHART_IDS)
    browser.call("Input.dispatchKeyEvent", type="keyDown", key="0", text="0", code="Digit0")
    browser.pump(0.2)
    assert browser.evaluate(ticks) == years
    box = browser.evaluate(
        "(() => { const r = document.getElementById('P_chart').getBoundingClientRect(); "
        "return [r.left + r.width / 2, r.top + r.height / 2]; })()"
    )
    browser.call("Input.dispatchMouseEvent", type="mouseWheel", x=box[0], y=box[1], deltaX=0, deltaY=-300)
    browser.pump(0.2)
    assert browser.evaluate(ticks) != years
    assert_clean(browser, pages["embedded"])


def test_print_shows_the_list_and_sources_without_controls_chart_or_panel(browser: Page, pages) -> None:
    load(browser, pages["embedded"], "#pact-signed")
    browser.call("Emulation.setEmulatedMedia", media="print")
    try:
        shown = browser.evaluate(
            """Object.fromEntries(['P_controls', 'P_chartbox', 'P_panel', 'P_list', 'P_sources'].map(id =>
                 [id, getComputedStyle(document.getElementById(id)).display !== 'none']))"""
        )
        hidden_items = browser.evaluate(
            "[...document.querySelectorAll('li.ev')]"
            ".filter(li => getComputedStyle(li).display === 'none').length"
        )
    finally:
        browser.call("Emulation.setEmulatedMedia", media="")
    assert shown == {
        "P_controls": False,
        "P_chartbox": False,
        "P_panel": False,
        "P_list": True,
        "P_sources": True,
    }
    assert hidden_items == 0
    assert_clean(browser, pages["embedded"])


def test_an_event_opens_from_the_keyboard_and_escape_returns_focus(browser: Page, pages) -> None:
    load(browser, pages["embedded"])
    browser.evaluate("document.querySelector('li#pact-signed h3 a').focus()")
    browser.call(
        "Input.dispatchKeyEvent", type="keyDown", key="Enter", code="Enter", windowsVirtualKeyCode=13
    )
    browser.call("Input.dispatchKeyEvent", type="keyUp", key="Enter", code="Enter", windowsVirtualKeyCode=13)
    browser.wait_for("!document.getElementById('P_panel').hidden")
    assert browser.evaluate("document.activeElement.id") == "P_ptitle"
    assert browser.evaluate("location.hash") == "#pact-signed"
    browser.call(
        "Input.dispatchKeyEvent", type="keyDown", key="Escape", code="Escape", windowsVirtualKeyCode=27
    )
    browser.wait_for("document.getElementById('P_panel').hidden")
    assert browser.evaluate("document.activeElement.closest('li').id") == "pact-signed"
    assert_clean(browser, pages["embedded"])


def test_dragging_the_chart_pans_it_and_follows_no_link(browser: Page, pages) -> None:
    load(browser, pages["embedded"])
    browser.evaluate("document.getElementById('P_chart').scrollIntoView()")
    before = browser.evaluate("document.getElementById('P_range').textContent")
    browser.call(
        "Input.dispatchKeyEvent", type="keyDown", key="+", text="+", code="Equal"
    )  # not focused: no-op
    x, y = browser.evaluate(
        "(() => { const r = document.querySelector('#P_chart a.ev-g').getBoundingClientRect(); "
        "return [r.left + 3, r.top + r.height / 2]; })()"
    )
    mouse = {"button": "left", "clickCount": 1}
    browser.call("Input.dispatchMouseEvent", type="mousePressed", x=x, y=y, buttons=1, **mouse)
    for step in range(1, 11):
        browser.call(
            "Input.dispatchMouseEvent", type="mouseMoved", x=x + step * 20, y=y, buttons=1, button="left"
        )
    browser.call("Input.dispatchMouseEvent", type="mouseReleased", x=x + 200, y=y, buttons=0, **mouse)
    browser.pump(0.3)
    assert browser.evaluate("document.getElementById('P_range').textContent") != before
    assert browser.evaluate("location.hash") == ""
    assert browser.evaluate("document.getElementById('P_panel').hidden")
    # The drag started on an event: a click there, without moving, follows its link.
    x, y = browser.evaluate(
        "(() => { const a = document.querySelector('#P_chart a.ev-g'); const r = a.getBoundingClientRect(); "
        "return [r.left + 3, r.top + r.height / 2]; })()"
    )
    target = browser.evaluate(f"document.elementFromPoint({x}, {y}).closest('a').dataset.id")
    browser.call("Input.dispatchMouseEvent", type="mousePressed", x=x, y=y, buttons=1, **mouse)
    browser.call("Input.dispatchMouseEvent", type="mouseReleased", x=x, y=y, buttons=0, **mouse)
    browser.wait_for("!document.getElementById('P_panel').hidden")
    assert browser.evaluate("location.hash") == f"#{target}"
    assert_clean(browser, pages["embedded"])
