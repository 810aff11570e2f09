"""Generative hostile input: every string field of the store schema through every output format.

tests/hostile/cases.toml lists the bad inputs we thought of; these properties generate the ones we did not.
Each example is one store whose every free-text field (store title; zone labels and notes; event titles,
summaries, document text, places, participants; dispute notes; locators; source fields and name parts) holds
a different generated string, drawn from an alphabet built of the hostile classes: every control, format
and separator character (Unicode Cc, Cf, Zl, Zp), terminal escape sequences, HTML and Rich markup, Markdown
and CSV syntax, formula starts with the spaces and full-width forms spreadsheets skip, BibTeX braces and RIS
tags. The store is loaded past the validator's character check (tests/conftest.py: the escaping is the
second line of defence and is tested on its own), then rendered in every format, and each output is checked
by an oracle that does not use pactcli's own escaping code:

* terminal text (tables at several widths, charts, event view, citations, diff-dates, validate, every error
  line): no character of category Cc, Cf, Zl or Zp except the newline;
* JSON (timeline json/jsonl, event json, diff-dates json, csl-json, validate json, timelinejs): no such
  character raw either; parsed back, the data is exactly the store's;
* HTML contexts (the TimelineJS fields it inserts as innerHTML, the HTML and SVG charts, cite --format html):
  parsed back, store text created no element, attribute or entity of its own;
* CSV and TSV: every cell a spreadsheet would read as a formula starts with ``'``; one cell count per row;
* Markdown: store text cannot add a table cell; BibTeX and RIS parse into the right number of records.

PACTCLI_FUZZ_EXAMPLES (default 12) sets the number of stores; each is rendered about 60 ways.
"""

from __future__ import annotations

import csv
import html.parser
import io
import json
import os
import re
import tempfile
import unicodedata
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .conftest import text_check_off

EXAMPLES = int(os.environ.get("PACTCLI_FUZZ_EXAMPLES", "12"))

# --- the hostile alphabet ----------------------------------------------------------------------------------

_HIDDEN_CATEGORIES = ("Cc", "Cf", "Zl", "Zp")
HIDDEN = [
    chr(c)
    for c in range(0x110000)
    if not 0xD800 <= c <= 0xDFFF and unicodedata.category(chr(c)) in _HIDDEN_CATEGORIES
]
PIECES = [
    "\x1b[2J",
    "\x1b]52;c;cm0gLXJmIH4=\x07",
    "\x1b]8;;https://evil.example\x1b\\",
    "\x9b31m",
    "\u202eevil\u202c",
    "\u2066iso\u2069",
    "<img src=x onerror=alert(1)>",
    "<script>alert(1)</script>",
    "</p><b>",
    "&amp;",
    "&#60;",
    '"',
    "'",
    "[bold]x[/bold]",
    ":skull:",
    "[link=https://e.example]x[/link]",
    "| cell |",
    "`code`",
    "*em*",
    "\\",
    "{",
    "}",
    "%",
    "\nER  - \nTY  - JOUR\n",
    "=1+1",
    " =1+1",
    "\u00a0=1",
    "\u3000+1",
    "\uff1dSUM(1)",
    "\uff0b1",
    "\uff0d1",
    "\uff20x",
    "\u2212 1",
    "-2+3",
    "@SUM(A1)",
    "\t=1",
    "東郷茂徳",
    "Молотов",
    "e\u0301",
    "\U0001f600",
    "\U000e0041",
    "\ufffe",
    "\U0010ffff",
    "\ufdd0",
]
TEXT = st.lists(
    st.one_of(st.sampled_from(PIECES), st.sampled_from(HIDDEN), st.text(max_size=6)),
    min_size=1,
    max_size=6,
).map("".join)
# A non-blank text (fields such as titles must not be empty): a word after whatever was generated.
NONBLANK = TEXT.map(lambda t: t + " x")


def _toml(text: str) -> str:
    """A TOML basic string that holds ``text`` exactly (every non-printable-ASCII character escaped)."""
    out = []
    for char in text:
        code = ord(char)
        if char in '"\\' or not (0x20 <= code < 0x7F):
            out.append(f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


# Every free-text field of the schema, by where it goes in the store.
FIELDS = (
    "store_title",
    "zone_label",
    "zone_note",
    "title",
    "summary",
    "text",
    "place",
    "participant",
    "locator",
    "text_locator",
    "dispute_note",
    "dispute_locator",
    "title2",
    "source_title",
    "container_title",
    "publisher",
    "publisher_place",
    "source_note",
    "url",
    "doi",
    "volume",
    "page",
    "genre",
    "archive",
    "copy_site",
    "copy_url",
    "family",
    "given",
    "literal",
    "suffix",
)


def _store(v: dict[str, str]) -> str:
    t = {k: _toml(x) for k, x in v.items()}
    return f"""
[store]
title = {t["store_title"]}
display_zones = ["hz", "Asia/Tokyo", "UTC"]

[[zones]]
name = "hz"
label = {t["zone_label"]}
iana = "Europe/Moscow"
note = {t["zone_note"]}

[[sources]]
id = "s1"
type = "article-journal"
title = {t["source_title"]}
container-title = {t["container_title"]}
publisher = {t["publisher"]}
publisher-place = {t["publisher_place"]}
note = {t["source_note"]}
URL = {t["url"]}
DOI = {t["doi"]}
volume = {t["volume"]}
page = {t["page"]}
genre = {t["genre"]}
archive = {t["archive"]}
copy = {{ host = "mirror", site = {t["copy_site"]}, URL = {t["copy_url"]} }}
issued = "1945-08"
author = [
  {{ family = {t["family"]}, given = {t["given"]}, suffix = {t["suffix"]} }},
  {{ literal = {t["literal"]} }},
]

[[sources]]
id = "s2"
type = "book"
title = "A plain book"

[[events]]
id = "h-one"
title = {t["title"]}
start = 1945-08-08T17:00:00
end = 1945-08-08T18:30:00
zone = "hz"
place = {t["place"]}
participants = [{t["participant"]}, "Plain Person"]
tags = ["h-tag"]
summary = {t["summary"]}
text = {t["text"]}
text_source = {{ id = "s2", locator = {t["text_locator"]} }}
sources = [{{ id = "s1", locator = {t["locator"]} }}]

[[events.disputes]]
start = 1945-08-08T23:00:00
zone = "hz"
note = {t["dispute_note"]}
sources = [{{ id = "s2", locator = {t["dispute_locator"]} }}]

[[events]]
id = "h-two"
title = {t["title2"]}
start = 1945-08-09
zone = "Asia/Tokyo"
tags = ["h-tag"]
sources = [{{ id = "s2" }}]
"""


# A locator is at most this long (store.MAX_LOCATOR): a longer one is refused as a quotation or a remark.
LOCATOR_LENGTH = 60


def _as_locator(text: str) -> str:
    # A locator with quotation marks is refused as a quotation (it belongs in a reference's quote field):
    # the ASCII ones, every opening, closing and initial/final punctuation mark (which holds every script's
    # quotation marks), the full-width mark and the dingbat ornaments. Then at most LOCATOR_LENGTH, still
    # ending in " x" so that it is never blank.
    kept = "".join(
        c
        for c in text
        if c not in "\"'`\uff02\u275d\u275e" and unicodedata.category(c) not in ("Pi", "Pf", "Ps", "Pe")
    )
    return kept if len(kept) <= LOCATOR_LENGTH else kept[: LOCATOR_LENGTH - 2] + " x"


LOCATORS = {"locator", "text_locator", "dispute_locator"}
stores = st.fixed_dictionaries(
    {name: NONBLANK.map(_as_locator) if name in LOCATORS else NONBLANK for name in FIELDS}
)


# --- oracles -----------------------------------------------------------------------------------------------


def _noncharacter(char: str) -> bool:
    code = ord(char)
    return 0xFDD0 <= code <= 0xFDEF or code & 0xFFFE == 0xFFFE


def _raw_hidden(text: str, allowed: str = "\n") -> list[str]:
    return [
        c
        for c in text
        if c not in allowed and (unicodedata.category(c) in _HIDDEN_CATEGORIES or _noncharacter(c))
    ]


def assert_terminal_safe(text: str, where: str, allowed: str = "\n") -> None:
    bad = _raw_hidden(text, allowed)
    assert not bad, f"{where}: raw {sorted(set(bad))!r}"


def _nfkc_first(cell: str) -> str:
    for char in cell:
        if char.isspace() or unicodedata.category(char) in ("Zs", "Cf"):
            continue
        return unicodedata.normalize("NFKC", char)[:1]
    return ""


def assert_no_formula(cells: list[str], where: str) -> None:
    for cell in cells:
        if cell.startswith("'"):
            continue
        assert cell[:1] not in ("\t", "\r", "\n"), f"{where}: {cell!r}"
        assert _nfkc_first(cell) not in ("=", "+", "-", "@", "\u2212"), f"{where}: formula cell {cell!r}"


class _Tags(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse_html(fragment: str) -> _Tags:
    parser = _Tags()
    parser.feed(fragment)
    parser.close()
    return parser


# The elements pactcli writes itself in each HTML context; store text may add none.
TIMELINEJS_TAGS = {"p", "br", "strong", "em", "ul", "ol", "li"}
# The CSL processor writes <sup>/<sub> for vertical-align, and reads CSL's rich-text markup in field values
# (<i>, <b>, <sup>, <sub>, small-caps <span>) as citeproc-js does: formatting only, never a handler or link.
CITE_HTML_TAGS = {"ul", "ol", "li", "i", "b", "span", "a", "sup", "sub"}


def assert_html_is_ours(fragment: str, allowed: set[str], where: str) -> _Tags:
    parsed = parse_html(fragment)
    for tag, attrs in parsed.tags:
        assert tag in allowed, f"{where}: store text made a <{tag}>"
        for name, value in attrs:
            assert not name.lower().startswith("on"), f"{where}: event handler {name}"
            assert "javascript:" not in (value or "").lower(), f"{where}: {name}={value!r}"
            if name == "href":
                assert (value or "").startswith(("#", "https://", "http://")), f"{where}: href {value!r}"
    assert_terminal_safe("".join(parsed.text), where, allowed="\n\t")  # whitespace in HTML text
    return parsed


def _unescaped_pipes(line: str) -> int:
    count, backslashes = 0, 0
    for char in line:
        if char == "\\":
            backslashes += 1
            continue
        if char == "|" and backslashes % 2 == 0:
            count += 1
        backslashes = 0
    return count


# --- running every format ----------------------------------------------------------------------------------

TIMELINE_FORMATS = ["json", "jsonl", "csv", "tsv", "markdown", "ics", "timelinejs"]
WIDTHS = ["40", "80", "120", "200"]
CITE_STYLES = ["chicago", "chicago-author-date", "apa", "mla"]


def _ok(run: Any, *args: str, width: str = "100") -> str:
    result = run(*args, env={"COLUMNS": width})
    assert result.code == 0, (args, result.err)
    assert result.err == "", (args, result.err)
    return str(result.out)


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(values=stores)
def test_every_field_through_every_format(run: Any, values: dict[str, str]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "store.toml"
        path.write_text(_store(values), encoding="utf-8")
        with text_check_off():
            _check_all_formats(run, str(path), values)
        # With the check on, the store is refused: every problem is one escaped line, the summary too.
        _check_validate(run, str(path), values)


def _check_all_formats(run: Any, path: str, v: dict[str, str]) -> None:
    base = ["--store", path]
    # Terminal tables at several widths, the chart, the event view, citations, diff-dates.
    for width in WIDTHS:
        out = _ok(run, *base, "timeline", "--calendar", "japanese", width=width)
        assert_terminal_safe(out, f"timeline table at {width}")
        assert_terminal_safe(_ok(run, *base, "event", "h-one", width=width), f"event view at {width}")
        assert_terminal_safe(_ok(run, *base, "timeline", "--chart", width=width), f"chart at {width}")
    for style in CITE_STYLES:
        for notes in ([], ["--notes"]):
            out = _ok(run, *base, "cite", "h-one", "h-two", "--style", style, *notes)
            assert_terminal_safe(out, f"cite {style} {notes}")
            md = _ok(run, *base, "cite", "h-one", "--style", style, "--format", "markdown", *notes)
            assert_terminal_safe(md, f"cite markdown {style}")
            page = _ok(run, *base, "cite", "h-one", "--style", style, "--format", "html", *notes)
            assert_html_is_ours(page, CITE_HTML_TAGS, f"cite html {style}")
    for fmt in ("table", "text"):
        out = _ok(run, *base, "diff-dates", "h-one", "h-two", "--format", fmt)
        assert_terminal_safe(out, f"diff-dates {fmt}")
    diff = _ok(run, *base, "diff-dates", "h-one", "h-two", "--format", "json")
    assert_terminal_safe(diff, "diff-dates json")
    assert json.loads(diff)["from"]["input"] == "h-one"

    # Machine formats.
    outputs = {fmt: _ok(run, *base, "timeline", "--format", fmt, "--tz", "hz") for fmt in TIMELINE_FORMATS}
    for fmt, out in outputs.items():
        bare = out.replace("\r\n", "\n") if fmt in ("csv", "ics") else out
        allowed = "\n\t" if fmt in ("tsv", "ics", "csv") else "\n"  # a TAB is data in these
        assert_terminal_safe(bare, f"timeline {fmt}", allowed)
    records = json.loads(outputs["json"])
    _check_records(records, v)
    _check_records([json.loads(line) for line in outputs["jsonl"].splitlines()], v)
    _check_csv(outputs["csv"], v)
    _check_tsv(outputs["tsv"])
    _check_markdown(outputs["markdown"])
    _check_ics(outputs["ics"])
    _check_timelinejs(outputs["timelinejs"], v)

    event = json.loads(_ok(run, *base, "event", "h-one", "--format", "json"))
    _check_records([event], v)
    assert event["text"] == v["text"]

    for fmt in ("svg", "html"):
        out = _ok(run, *base, "timeline", "--chart", "--format", fmt)
        assert_terminal_safe(out, f"chart {fmt}")
        _check_chart_markup(out, fmt)

    _check_exports(run, base, v)
    _check_error_lines(run, base, v)


def _check_records(records: list[dict[str, Any]], v: dict[str, str]) -> None:
    by_id = {r["id"]: r for r in records}
    one = by_id["h-one"]
    # Escaped on the wire, exact after parsing: the data is neither lost nor altered.
    assert one["title"] == v["title"]
    assert one["summary"] == v["summary"]
    assert one["place"] == v["place"]
    assert one["participants"] == [v["participant"], "Plain Person"]
    assert [(r["id"], r["locator"]) for r in one["sources"]] == [("s1", v["locator"])]
    assert one["disputes"][0]["note"] == v["dispute_note"]
    assert [(r["id"], r["locator"]) for r in one["disputes"][0]["sources"]] == [("s2", v["dispute_locator"])]
    if "h-two" in by_id:
        assert by_id["h-two"]["title"] == v["title2"]


def _check_csv(text: str, v: dict[str, str]) -> None:
    assert "\r\n" in text
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert len(rows) == 3, rows
    assert len({len(r) for r in rows}) == 1
    for row in rows:
        assert_no_formula(row, "csv")


def _check_tsv(text: str) -> None:
    rows = [line.split("\t") for line in text.splitlines()]
    assert len(rows) == 3, "store text cannot add a TSV row"
    assert len({len(r) for r in rows}) == 1, "store text cannot add a TSV cell"
    for row in rows:
        assert_no_formula(row, "tsv")


def _check_markdown(text: str) -> None:
    lines = text.splitlines()
    assert len(lines) == 4, "store text cannot add a Markdown table row"
    assert len({_unescaped_pipes(line) for line in lines}) == 1, "store text cannot add a Markdown cell"
    for line in lines[2:]:
        assert not re.search(r"(?<!\\)<", line), f"raw < in Markdown: {line!r}"


def _check_ics(text: str) -> None:
    import icalendar

    calendar = icalendar.Calendar.from_ical(text)
    events = list(calendar.walk("VEVENT"))
    assert len(events) == 2
    for line in text.split("\r\n"):
        assert "\n" not in line and "\r" not in line


def _check_timelinejs(text: str, v: dict[str, str]) -> None:
    assert "<" not in text and ">" not in text, "the JSON may be pasted into a <script>: no raw < or >"
    doc = json.loads(text)
    fragments = [doc["title"]["text"]["headline"], doc["title"]["text"]["text"]]
    for slide in doc["events"]:
        fragments += [slide["text"]["headline"], slide["text"]["text"], slide["display_date"]]
        if "group" in slide:
            fragments.append(slide["group"])
        for key in ("media", "background"):
            assert key not in slide  # fields TimelineJS would also insert; pactcli writes none
    for fragment in fragments:
        assert_html_is_ours(fragment, TIMELINEJS_TAGS, "timelinejs")
    slide = next(s for s in doc["events"] if s["unique_id"] == "h-one")
    headline = "".join(parse_html(slide["text"]["headline"]).text)
    # The headline is the title, every hidden character shown as an escape: nothing else changed.
    assert re.sub(r"\\(x[0-9a-f]{2}|u[0-9a-f]{4}|U[0-9a-f]{8}|[nt])", "", headline) == "".join(
        c for c in v["title"] if c == "\t" or not _raw_hidden(c, allowed="")
    )  # a tab stays a tab (white space in HTML); a line break becomes <br>


def _check_chart_markup(text: str, fmt: str) -> None:
    if fmt == "svg":
        root = ET.fromstring(text)  # well-formed XML: store text cannot break out of an element
        for element in root.iter():
            assert not element.tag.endswith(("script", "foreignObject", "iframe")), element.tag
            for name, value in element.attrib.items():
                assert not name.lower().startswith("on"), name
                assert "javascript:" not in value.lower(), (name, value)
        return
    parsed = parse_html(text)
    benign = {"a", "body", "br", "code", "defs", "figure", "g", "h1", "head", "html", "i", "li", "line"}
    benign |= {"meta", "p", "pattern", "polygon", "rect", "span", "style", "svg", "table", "tbody", "td"}
    benign |= {"text", "th", "thead", "title", "tr", "ul", "circle", "path", "polyline", "tspan", "ol", "div"}
    benign |= {"em", "strong", "small", "section", "header", "footer", "caption", "b", "dl", "dt", "dd"}
    for tag, attrs in parsed.tags:
        assert tag in benign, f"chart html: store text made a <{tag}>"
        for name, value in attrs:
            assert not name.lower().startswith("on"), name
            if name == "href":
                assert (value or "").startswith("#"), value


def _check_exports(run: Any, base: list[str], v: dict[str, str]) -> None:
    import bibtexparser

    items = json.loads(_ok(run, *base, "cite", "h-one", "--format", "csl-json"))
    assert_terminal_safe(_ok(run, *base, "cite", "h-one", "--format", "csl-json"), "csl-json")
    s1 = next(i for i in items if i["id"] == "s1")
    assert s1["title"] == v["source_title"] and s1["container-title"] == v["container_title"]
    assert s1["author"][0]["family"] == v["family"] and s1["author"][1]["literal"] == v["literal"]
    bib = _ok(run, *base, "cite", "h-one", "--format", "bibtex")
    assert_terminal_safe(bib, "bibtex")
    library = bibtexparser.parse_string(bib)
    assert not library.failed_blocks and len(library.entries) == len(items)
    for entry in library.entries:
        for fld in entry.fields:
            value = str(fld.value)
            assert value.count("{") == value.count("}"), (fld.key, value)
    ris = _ok(run, *base, "cite", "h-one", "--format", "ris")
    assert_terminal_safe(ris, "ris")
    tags = [line[:6] for line in ris.splitlines() if line]
    assert tags.count("TY  - ") == len(items) and tags.count("ER  - ") == len(items)
    for line in ris.splitlines():
        assert not line or re.fullmatch(r"[A-Z][A-Z0-9]  - .*", line), line


def _check_error_lines(run: Any, base: list[str], v: dict[str, str]) -> None:
    # Store text and argument text in error messages: one line, every hidden character escaped.
    for args in (
        ["event", v["title"]],
        ["timeline", "--tz", v["zone_label"]],
        ["timeline", "--from", v["place"]],
        ["timeline", "--tag", v["summary"]],
        ["cite", v["given"]],
        ["diff-dates", v["participant"], "h-one"],
    ):
        result = run(*base, *args)
        assert result.code in (1, 2), (args, result.code, result.err)
        lines = result.err.splitlines()
        assert len(lines) == 1 and lines[0].startswith("pactcli: "), result.err
        assert_terminal_safe(result.err, f"error line of {args[0]}")


# Where each generated value is reported: (record, field) of the validator's problem.
WHERE = {
    "store_title": ("store", "title"),
    "zone_label": ("zone hz", "label"),
    "zone_note": ("zone hz", "note"),
    "title": ("event h-one", "title"),
    "summary": ("event h-one", "summary"),
    "text": ("event h-one", "text"),
    "place": ("event h-one", "place"),
    "participant": ("event h-one", "participants"),
    "locator": ("event h-one", "sources.locator"),
    "text_locator": ("event h-one", "text_source.locator"),
    "dispute_note": ("event h-one: dispute 1", "note"),
    "dispute_locator": ("event h-one: dispute 1", "sources.locator"),
    "title2": ("event h-two", "title"),
    "source_title": ("source s1", "title"),
    "container_title": ("source s1", "container-title"),
    "source_note": ("source s1", "note"),
    "copy_site": ("source s1", "copy.site"),
    "copy_url": ("source s1", "copy.URL"),
    "family": ("source s1", "author.family"),
    "literal": ("source s1", "author.literal"),
}
MULTILINE_VALUES = {"summary", "text", "zone_note", "dispute_note", "source_note"}


def _check_validate(run: Any, path: str, v: dict[str, str]) -> None:
    result = run("validate", path)
    assert_terminal_safe(result.out, "validate diagnostics")
    assert_terminal_safe(result.err, "validate summary")
    assert result.err.startswith(("pactcli: ", "ok: ")) and result.err.count("\n") == 1
    report = json.loads(run("validate", path, "--format", "json").out)
    assert report["errors"] == len([p for p in report["problems"] if p["severity"] == "error"])
    assert result.code == (1 if report["errors"] else 0)
    # Every field whose value holds a hidden character is refused, there and then.
    found = {
        (p["record"], p["field"])
        for p in report["problems"]
        if "character" in p["message"] or "one line" in p["message"]
    }
    for name, where in WHERE.items():
        allowed = "\n\t\r" if name in MULTILINE_VALUES else ""
        if _raw_hidden(v[name], allowed):
            assert where in found, (name, where, sorted(found))


# --- the validator's side: the same characters refused in every field -------------------------------------

SINGLE_LINE = ["title", "place", "participant", "locator", "zone_label", "source_title", "family"]
MULTI_LINE = ["summary", "text", "dispute_note", "zone_note", "source_note"]


@settings(max_examples=EXAMPLES * 10, deadline=None)
@given(field=st.sampled_from(SINGLE_LINE + MULTI_LINE), char=st.sampled_from(HIDDEN), data=st.data())
def test_validator_refuses_hidden_characters_in_every_field(
    field: str, char: str, data: st.DataObject
) -> None:
    plain = dict.fromkeys(FIELDS, "plain text")
    plain["url"] = "https://example.org/"
    before = data.draw(st.text(alphabet="abc ", max_size=3))
    plain[field] = before + char + " end"
    _, problems = _validate(_store(plain))
    allowed_here = field in MULTI_LINE and char in "\n\t\r"
    flagged = [p for p in problems if "control, format or bidi" in p.message or "one line" in p.message]
    assert bool(flagged) != allowed_here, (field, hex(ord(char)), [p.line() for p in problems])


def _validate(text: str) -> tuple[Any, list[Any]]:
    from pactcli.store import parse as store

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "s.toml"
        path.write_text(text, encoding="utf-8")
        return store.validate([str(path)])


@pytest.fixture(scope="module")
def tzdata_names() -> list[str]:
    import zoneinfo

    import tzdata

    listed = (Path(tzdata.__file__).parent / "zones").read_text(encoding="utf-8").split()
    return sorted(set(listed) | zoneinfo.available_timezones())


def _zone_store(name: str) -> str:
    return (
        f'[[zones]]\nname = "{name}"\nlabel = "Shadow"\noffset = "+05:00"\n\n'
        '[[sources]]\nid = "s1"\ntype = "book"\ntitle = "B"\n\n'
        '[[events]]\nid = "e1"\ntitle = "T"\nstart = 1945-08-08T17:00:00Z\nzone = "UTC"\n'
        'sources = [{ id = "s1" }]\n'
    )


def test_no_store_zone_may_shadow_a_tzdata_name(tzdata_names: list[str]) -> None:
    """Every tzdata zone and link (zones list, backward links, zoneinfo) that a store could spell as a zone
    name (kebab-case is lower-case, so this is the case-insensitive comparison) is refused."""
    from pactcli.store.parse import KEBAB

    candidates = [n.lower() for n in tzdata_names if KEBAB.match(n.lower())]
    assert {"utc", "gmt", "zulu", "japan", "w-su", "gmt-0", "uct", "universal", "greenwich"} <= set(
        candidates
    )
    for name in candidates:
        _, problems = _validate(_zone_store(name))
        refused = [p for p in problems if p.field == "name" and "already means" in p.message]
        assert refused, (name, [p.line() for p in problems])


@settings(max_examples=EXAMPLES * 10, deadline=None)
@given(
    name=st.one_of(
        st.sampled_from(["z", "ut", "utc", "gmt", "uct", "zulu"]),
        st.builds(
            lambda p, s, h: f"{p}{s}{h}",
            st.sampled_from(["utc", "gmt", "ut", "", "z"]),
            st.sampled_from(["-", "", "_"]),
            st.integers(min_value=0, max_value=14).map(str),
        ),
        st.builds(lambda h, m: f"{h:02d}{m:02d}", st.integers(0, 23), st.integers(0, 59)),
    )
)
def test_no_store_zone_may_look_like_an_offset(name: str) -> None:
    from pactcli.store.parse import KEBAB

    if not KEBAB.match(name):
        return  # not a possible store zone name at all (the kebab-case rule refuses it already)
    _, problems = _validate(_zone_store(name))
    assert any(p.field == "name" for p in problems), (name, [p.line() for p in problems])


@settings(max_examples=EXAMPLES * 10, deadline=None)
@given(data=st.data())
def test_a_store_alias_never_changes_a_builtin_zone(tzdata_names: list[str], data: st.DataObject) -> None:
    """Even past the validator (a planted index), a store zone named like a tzdata zone cannot replace it."""
    import datetime as dt

    from pactcli.time import zones

    key = data.draw(st.sampled_from([k for k in tzdata_names if zones.canonical_iana(k) is not None]))
    spelled = "".join(data.draw(st.sampled_from([c.lower(), c.upper()])) for c in key)
    planted = {key.lower(): zones.NamedZone(key.lower(), "Planted", dt.timedelta(hours=5), None)}
    try:
        real = zones.resolve(spelled)
    except zones.UsageError:
        real = None  # a refused abbreviation (EST): refused with the alias too, never the alias
    try:
        got = zones.resolve(spelled, planted)
    except zones.UsageError:
        got = None
    assert got == real


@settings(max_examples=EXAMPLES * 5, deadline=None)
@given(
    sign=st.sampled_from("+-"),
    hours=st.integers(0, 23),
    minutes=st.integers(0, 59),
    form=st.sampled_from(
        ["{s}{h:02d}:{m:02d}", "{s}{h:02d}{m:02d}", "UTC{s}{h:02d}:{m:02d}", "utc{s}{h:02d}{m:02d}"]
    ),
)
def test_one_offset_grammar_for_tz_and_dates(sign: str, hours: int, minutes: int, form: str) -> None:
    """--tz reads an offset as diff-dates reads one in a date: +03, +0300 and +03:00 are the same clock."""
    import datetime as dt

    from pactcli.time import zones

    text = form.format(s=sign, h=hours, m=minutes)
    offset = dt.timedelta(hours=hours, minutes=minutes) * (-1 if sign == "-" else 1)
    assert zones.resolve(text).tz.utcoffset(None) == offset
    if minutes == 0:
        assert zones.resolve(f"{sign}{hours:02d}").tz.utcoffset(None) == offset
