"""``pactcli publish``: the page as a file (structure, safety, size, the CLI); tests/test_publish_browser.py
loads it in Chromium."""

from __future__ import annotations

import base64
import hashlib
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
import tomli
from hypothesis import given
from hypothesis import strategies as st

from pactcli.render.safe import script_json

ROOT = Path(__file__).resolve().parent.parent
HOSTILE_HTML = ROOT / "tests" / "data" / "valid" / "hostile-html.toml"
HOSTILE = ROOT / "tests" / "data" / "unchecked" / "hostile.toml"  # past the character check (conftest.py)
VOID = {"meta", "br", "input", "link", "img", "hr", "col", "wbr", "source", "area", "base", "track", "embed"}


class _Page(HTMLParser):
    """Every start tag with its attributes, the scripts and styles with their text, and tag balance."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self.styles: list[str] = []
        self.stack: list[str] = []
        self.unbalanced: list[str] = []
        self._raw: str | None = None
        self._text = ""
        self.texts: dict[str, str] = {}
        self._capture: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attr = dict(attrs)
        self.tags.append((tag, attr))
        if tag in ("script", "style"):
            self._raw, self._text = tag, ""
            self._attrs = attr
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._raw == "script":
            self.scripts.append((self._attrs, self._text))
        if tag == "style" and self._raw == "style":
            self.styles.append(self._text)
        self._raw = None
        if not self.stack or self.stack[-1] != tag:
            self.unbalanced.append(tag)
        else:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        if self._raw:
            self._text += data


def parse(text: str) -> _Page:
    page = _Page()
    page.feed(text)
    page.close()
    return page


def data_block(page: _Page) -> dict:
    blocks = [text for attrs, text in page.scripts if attrs.get("type") == "application/json"]
    assert len(blocks) == 1
    return json.loads(blocks[0])


def sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


@pytest.fixture
def published(run, tmp_path: Path):
    def publish(*args: str, store: Path | None = None) -> tuple[str, _Page]:
        out = tmp_path / "page.html"
        prefix = ("--store", str(store)) if store else ()
        result = run(*prefix, "publish", str(out), *args)
        assert result.code == 0, result.err
        assert result.out == ""
        text = out.read_text(encoding="utf-8")
        return text, parse(text)

    return publish


def test_embedded_page_is_well_formed_and_under_500_kb(published) -> None:
    text, page = published()
    assert len(text.encode("utf-8")) <= 500_000
    assert text.startswith("<!DOCTYPE html>\n")
    assert page.unbalanced == [] and page.stack == []


def test_content_security_policy_allows_only_the_inline_script_and_style_by_hash(published) -> None:
    _text, page = published()
    metas = [a for t, a in page.tags if t == "meta" and a.get("http-equiv") == "Content-Security-Policy"]
    assert len(metas) == 1
    directives = [d.split() for d in (metas[0]["content"] or "").split(";") if d.strip()]
    policy = {d[0]: d[1:] for d in directives}
    assert policy["default-src"] == ["'none'"]
    executable = [text for attrs, text in page.scripts if attrs.get("type") != "application/json"]
    assert len(executable) == 1 and len(page.styles) == 1
    assert policy["script-src"] == [sha256(executable[0])]
    assert policy["style-src"] == [sha256(page.styles[0])]
    assert "'unsafe-inline'" not in (metas[0]["content"] or "")
    for directive in ("img-src", "connect-src", "font-src", "base-uri", "form-action", "object-src"):
        assert policy[directive] == ["'none'"]
    # The policy comes first: nothing before it could load anything.
    assert page.tags[:3] == [("html", {"lang": "en"}), ("head", {}), ("meta", {"charset": "utf-8"})]
    assert page.tags[3][1].get("http-equiv") == "Content-Security-Policy"


@pytest.mark.parametrize("store", [None, HOSTILE, HOSTILE_HTML], ids=["embedded", "hostile", "hostile-html"])
def test_no_inline_handlers_styles_or_external_references(published, store: Path | None) -> None:
    _text, page = published(store=store)
    for tag, attrs in page.tags:
        for name, value in attrs.items():
            assert not name.startswith("on"), (tag, name)
            assert name != "style", tag
            if name in ("href", "src", "action", "formaction", "xlink:href", "srcset"):
                assert (value or "").startswith("#"), (tag, name, value)
    assert {t for t, _ in page.tags} <= {
        "html", "head", "meta", "title", "style", "body", "a", "header", "h1", "h2", "h3", "p", "div",
        "section", "main", "ol", "ul", "li", "span", "time", "b", "i", "code", "aside", "footer", "script",
        "small",
    }  # fmt: skip
    assert len(page.scripts) == 2


def test_hostile_text_stays_text_in_the_markup_and_the_data(published) -> None:
    text, page = published(store=HOSTILE_HTML)
    raw = tomli.loads(HOSTILE_HTML.read_text(encoding="utf-8"))
    data = data_block(page)
    events = {e["id"]: e for e in data["events"]}
    for event in raw["events"]:
        assert events[event["id"]]["title"] == event["title"]  # the data carries the text exactly
        assert events[event["id"]]["title"] in _visible_texts(text)  # and the markup shows it as text
    assert data["title"] == raw["store"]["title"]
    assert raw["events"][0]["place"] in _visible_texts(text)
    assert raw["events"][0]["summary"] in _visible_texts(text)
    assert events["html-title"]["participants"] == raw["events"][0]["participants"]
    assert events["html-title"]["claims"][1]["note"] == raw["events"][0]["disputes"][0]["note"]
    assert events["html-two"]["text"] == raw["events"][1]["text"]
    # Nothing store text holds became an element.
    assert not {t for t, _ in page.tags} & {"img", "iframe", "svg", "link"}
    assert text.count("<script") == 2 and text.count("</script>") == 2
    assert text.count("<style>") == 1 and "<!--" not in text


def _visible_texts(text: str) -> set[str]:
    class Texts(HTMLParser):
        def __init__(self) -> None:
            super().__init__(convert_charrefs=True)
            self.found: set[str] = set()

        def handle_data(self, data: str) -> None:
            self.found.add(data)

    parser = Texts()
    parser.feed(text)
    return parser.found


def test_control_and_bidi_characters_are_shown_escaped(published) -> None:
    text, page = published(store=HOSTILE)
    data = data_block(page)
    assert "\x1b" not in text and "\u202e" not in text and "\x9b" not in text
    titles = [e["title"] for e in data["events"]]
    assert any("\\x1b[31mred" in t for t in titles) and any("\\u202eevil" in t for t in titles)


@given(st.recursive(st.text(), lambda inner: st.lists(inner, max_size=3), max_leaves=5))
def test_script_json_cannot_end_its_element_and_round_trips(value) -> None:
    out = script_json({"v": value})
    lowered = out.lower()
    assert "</script" not in lowered and "<!--" not in lowered and "<" not in out and ">" not in out
    assert "\u2028" not in out and "\u2029" not in out
    assert json.loads(out) == {"v": value}


ALLOWED_TAGS = {
    "html", "head", "meta", "title", "style", "body", "a", "header", "h1", "h2", "h3", "p", "div", "section",
    "main", "ol", "ul", "li", "span", "time", "b", "i", "code", "aside", "footer", "script", "small",
}  # fmt: skip
HOSTILE_TEXT = st.text(
    st.one_of(st.sampled_from(list("<>&\"'/!-=`\u2028\u2029\u202e\x1b\x00\n")), st.characters()), max_size=40
)


@given(title=HOSTILE_TEXT, place=HOSTILE_TEXT, summary=HOSTILE_TEXT, source_title=HOSTILE_TEXT)
def test_any_store_text_stays_text(title: str, place: str, summary: str, source_title: str) -> None:
    from pactcli.exports.page import page
    from pactcli.render.safe import visible
    from pactcli.store.model import Claim, Event, Source, SourceRef, Store
    from pactcli.time.dates import parse_edtf
    from pactcli.time.zones import resolve

    utc = resolve("UTC")
    dispute = Claim(parse_edtf("1945-08"), None, utc, (SourceRef("s"),), summary)
    event = Event(
        id="e", title=title, claim=Claim(parse_edtf("1945-08-08"), None, utc, (SourceRef("s", place),)),
        place=place, participants=(summary,), tags=("t",), summary=summary, text=summary,
        text_source=SourceRef("s"), disputes=(dispute,),
    )  # fmt: skip
    source = Source("s", "book", source_title, {"type": "book", "title": source_title})
    store = Store(title=title, display_zones=("UTC",), zones={}, sources={"s": source}, events=[event])
    text = page(store, [event], [utc], "chicago")
    parsed = parse(text)
    assert {t for t, _ in parsed.tags} <= ALLOWED_TAGS
    assert len(parsed.scripts) == 2 and len(parsed.styles) == 1
    assert parsed.unbalanced == [] and parsed.stack == []
    assert all(not name.startswith("on") and name != "style" for _, a in parsed.tags for name in a)
    data = data_block(parsed)
    assert data["events"][0]["title"] == visible(title) and data["title"] == visible(title)
    assert data["events"][0]["claims"][1].get("note", "") == visible(summary, multiline=True)
    shown = "".join(_visible_texts(text))
    for value in (title, place):
        assert visible(value) in shown


def test_every_selected_event_is_in_the_list_and_the_data_in_order(run, published) -> None:
    expected = [e["id"] for e in json.loads(run("timeline", "--format", "json", "--tag", "pact").out)]
    _text, page = published("--tag", "pact")
    ids = [a["id"] for t, a in page.tags if t == "li" and "ev" in (a.get("class") or "").split()]
    assert ids == expected
    assert [e["id"] for e in data_block(page)["events"]] == expected


def test_zone_picker_offers_display_zones_then_every_zone_the_events_use(published) -> None:
    _text, page = published("--tz", "Asia/Chita")
    data = data_block(page)
    raw = tomli.loads((ROOT / "data" / "events.toml").read_text(encoding="utf-8"))
    used = {e["zone"] for e in raw["events"]}
    used |= {d.get("zone", e["zone"]) for e in raw["events"] for d in e.get("disputes", [])}
    names = [z["name"] for z in data["zones"]]
    assert names[0] == "Asia/Chita" and data["defaultZones"] == [0]
    assert set(names) == used | {"Asia/Chita"}
    assert len(names) == len(set(names))


@pytest.mark.parametrize("style", ["chicago", "chicago-author-date", "apa", "mla"])
def test_citations_are_those_of_the_cite_command(run, published, style: str) -> None:
    import html

    from pactcli.render.citation_text import markdown

    def runs_to_markdown(runs: tuple[tuple[str, bool], ...]) -> str:
        return markdown(
            "".join(f"<i>{html.escape(t)}</i>" if italic else html.escape(t) for t, italic in runs)
        )

    raw = {
        e["id"]: e for e in tomli.loads((ROOT / "data" / "events.toml").read_text(encoding="utf-8"))["events"]
    }
    _text, page = published("--style", style, "--from", "1945-08-08", "--to", "1945-08-09")
    data = data_block(page)
    assert data["style"] == style and len(data["events"]) > 3
    for event in data["events"]:
        # The main claim's sources come first, one citation each, as cite --notes --note-per source has them.
        # The panel cites every claim's sources, so the cite command is asked for all claims too: the
        # processor tells apart (year suffixes) the cites of one document, and the document is the same.
        main = list(dict.fromkeys((r["id"], r.get("locator")) for r in raw[event["id"]]["sources"]))
        expected = run(
            "cite",
            event["id"],
            "--notes",
            "--note-per",
            "source",
            "--claims",
            "all",
            "--style",
            style,
            "--format",
            "markdown",
        )
        runs = [
            [(p[0], True) if isinstance(p, list) else (p, False) for p in data["C"][ref[1]]]
            for ref in event["refs"][: len(main)]
        ]
        got = "\n\n".join(f"{n}. {runs_to_markdown(tuple(r))}" for n, r in enumerate(runs, start=1))
        assert got == "\n\n".join(expected.out.strip().split("\n\n")[: len(main)])
        assert [data["sources"][ref[0]]["id"] for ref in event["refs"][: len(main)]] == [i for i, _ in main]
        assert event["claims"][0]["refs"] == list(range(len(main)))


def test_stdout_and_errors(run, tmp_path: Path) -> None:
    result = run("publish", "-", "--limit", "1")
    assert result.code == 0 and result.out.startswith("<!DOCTYPE html>")
    assert run("publish", "").code == 2
    missing = run("publish", str(tmp_path / "no" / "such" / "dir" / "page.html"))
    assert missing.code == 1 and missing.err.startswith("pactcli: ") and missing.err.count("\n") == 1
    folder = run("publish", str(tmp_path))
    assert folder.code == 1 and "is a directory" in folder.err
    assert run("publish", str(tmp_path / "x.html"), "--style", "nope").code == 2
    assert run("publish", str(tmp_path / "x.html"), "--tz", "Mars/Olympus").code == 2


def test_an_existing_file_is_replaced_whole_and_no_temporary_is_left(run, tmp_path: Path) -> None:
    out = tmp_path / "page.html"
    out.write_text("old", encoding="utf-8")
    assert run("publish", str(out), "--limit", "2").code == 0
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["page.html"]


def test_assets_ship_inside_the_package() -> None:
    from importlib import resources

    files = {p.name for p in resources.files("pactcli.exports").iterdir()}
    assert {"page.js", "page.css"} <= files
    script = resources.files("pactcli.exports").joinpath("page.js").read_text(encoding="utf-8")
    assert "innerHTML" not in script and "eval(" not in script and "document.write" not in script
    assert re.search(r"\bfetch\(|XMLHttpRequest|WebSocket|import\(", script) is None
