"""Source dates: every CSL-JSON form, and one definition shared by the validator and the conversion."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pactcli.citations import bibliography, bundled_styles, resolve_style, to_csl
from pactcli.csl import json_dates as csl_dates
from pactcli.errors import StoreError
from pactcli.render.citation_text import markdown
from pactcli.store import parse as store


@pytest.mark.parametrize(
    ("value", "exported"),
    [
        ("1945", {"date-parts": [[1945]]}),
        ("1945-04", {"date-parts": [[1945, 4]]}),
        (dt.date(1945, 4, 16), {"date-parts": [[1945, 4, 16]]}),
        ("1945-04~", {"date-parts": [[1945, 4]], "circa": True}),
        ("1945%", {"date-parts": [[1945]], "circa": True}),
        ("1945?", {"date-parts": [[1945]], "circa": True}),  # CSL's one flag for uncertain and approximate
        ("1945-08-08?", {"date-parts": [[1945, 8, 8]], "circa": True}),
        ("1941?/1945", {"date-parts": [[1941], [1945]], "circa": True}),
        ("1941/1945-08", {"date-parts": [[1941], [1945, 8]]}),
        ("1988-21", {"date-parts": [[1988]], "season": 1}),
        ({"date-parts": [[1994]]}, {"date-parts": [[1994]]}),
        ({"date-parts": [["1994", "5", 3]]}, {"date-parts": [[1994, 5, 3]]}),  # Zotero's strings
        ({"date-parts": [["1994", "", ""]]}, {"date-parts": [[1994]]}),  # empty parts are missing ones
        ({"date-parts": [[1994, 0]]}, {"date-parts": [[1994]]}),
        ({"date-parts": [[1941], [1945]]}, {"date-parts": [[1941], [1945]]}),
        ({"date-parts": [[1988]], "season": "Spring"}, {"date-parts": [[1988]], "season": "Spring"}),
        ({"date-parts": [[1988]], "season": 3}, {"date-parts": [[1988]], "season": 3}),
        ({"date-parts": [[1988, 14]]}, {"date-parts": [[1988, 14]]}),  # citeproc-js: month 14 is summer
        ({"date-parts": [[1945]], "circa": True}, {"date-parts": [[1945]], "circa": True}),
        ({"date-parts": [[1945]], "circa": False}, {"date-parts": [[1945]]}),
        ({"literal": "Spring term, 1988"}, {"literal": "Spring term, 1988"}),
        ({"raw": "1988-05-03"}, {"raw": "1988-05-03"}),
        ({"date-parts": [[-44, 3, 15]]}, {"date-parts": [[-44, 3, 15]]}),
    ],
)
def test_every_form_exports_as_csl_json(value: object, exported: dict[str, object]) -> None:
    assert csl_dates.to_csl_json(value) == exported


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("1945-13", "month 13 does not exist"),
        ("1941-02-30", "1941-02-30 does not exist (Feb has 28 days)"),
        ("1941/..", "'1941/..': CSL cannot express an open interval; write literal = '1941/..' instead"),
        ("1945/1941", "'1945/1941': the range ends before it starts"),
        ("1945-04-16T10:00", "a source date has no time of day"),
        (dt.datetime(1945, 4, 16, 10, 0), "a source date has no time of day"),
        (1945, 'expected a date, got an integer; write a year as a string, e.g. "1945"'),
        ({"date-parts": [[1945, 2, 29]]}, "date-parts: February 1945 has no day 29 (it has 28 days)"),
        ({"date-parts": [[1945], [1941]]}, "date-parts: the range ends before it starts"),
        ({"date-parts": [[0]]}, "date-parts: year 0 is out of range (-9999 to 9999, no year 0)"),
        ({"date-parts": [["late"]]}, "date-parts must hold numbers, not 'late'"),
        ({"date-parts": [[""]]}, "date-parts: year 0 is out of range (-9999 to 9999, no year 0)"),
        ({"date-parts": [[1994, "", 3]]}, "date-parts: a day needs a month"),
        (
            {"date-parts": []},
            "date-parts must be an array of one date (or two, a range), e.g. [[1994, 5]]",
        ),
        (
            {"date-parts": [[1945, 1, 2, 3]]},
            "date-parts: each date is [year], [year, month] or [year, month, day]",
        ),
        ({"season": "Spring"}, "a date table needs date-parts, literal or raw"),
        (
            {"date-parts": [[1945]], "year": 1945},
            "unknown date key 'year' (expected date-parts, season, circa, literal, raw)",
        ),
        ({"date-parts": [[1945]], "season": 5}, "season must be 1 (spring) to 4 (winter), not 5"),
        ({"literal": ""}, "literal must be a non-empty string"),
        ({"raw": "a\nb"}, "raw must be one line"),
    ],
)
def test_bad_dates_are_refused_with_one_line(value: object, message: str) -> None:
    with pytest.raises(csl_dates.CslDateError) as info:
        csl_dates.to_csl_json(value)
    assert str(info.value) == message


def test_validator_reports_table_dates_at_their_line(tmp_path: Path) -> None:
    path = tmp_path / "s.toml"
    path.write_text(
        '[[sources]]\nid = "a"\ntype = "book"\ntitle = "A"\nissued = { date-parts = [[1994]] }\n'
        "accessed = { date-parts = [[1994, 2, 30]] }\n\n"
        '[[events]]\nid = "e"\ntitle = "E"\nstart = "1994"\nzone = "UTC"\nsources = [{ id = "a" }]\n',
        encoding="utf-8",
    )
    _, problems = store.validate([str(path)])
    assert [p.line() for p in problems] == [
        f"{path}:6: source a: accessed: date-parts: February 1994 has no day 30 (it has 28 days)"
    ]


# Any value: the validator accepts it exactly when the CSL conversion converts it (they share one rule).
# Text a store may hold at all (the validator refuses control, format and separator characters anywhere).
_chars = st.characters(exclude_categories=("Cs", "Cc", "Cf", "Zl", "Zp", "Cn"))
_values = st.one_of(
    st.dates(min_value=dt.date(1, 1, 1)),
    st.from_regex(r"\A\d{4}(-\d{2}(-\d{2})?)?[~?%]?(/\d{4}(-\d{2})?)?\Z"),
    st.fixed_dictionaries(
        {
            "date-parts": st.lists(
                st.lists(st.integers(-20, 3000), min_size=1, max_size=3), min_size=1, max_size=2
            )
        },
        optional={
            "season": st.one_of(st.integers(0, 5), st.sampled_from(["Spring", "fall", ""])),
            "circa": st.booleans(),
            "literal": st.text(_chars, max_size=5),
        },
    ),
    st.integers(),
    st.text(_chars, max_size=12),
)


@given(_values)
def test_validator_and_conversion_agree(value: object) -> None:
    fields = {"type": "book", "title": "T", "issued": value}
    try:
        converted = to_csl("s", fields)
    except ValueError:
        converted = None
    text_store = _store_with(value)
    if text_store is None:
        return  # not writable as TOML (e.g. a surrogate in a string): nothing to compare
    try:
        store.load_files([("s.toml", text_store.encode("utf-8", "surrogatepass"))])
        accepted = True
    except StoreError as exc:
        assert all(p.field == "issued" for p in exc.problems), exc.problems
        accepted = False
    assert accepted == (converted is not None)


def _store_with(value: object) -> str | None:
    from pactcli.store.writer import render_record

    try:
        source = render_record("sources", {"id": "s", "type": "book", "title": "T", "issued": value})
    except (TypeError, ValueError):
        return None
    if any(0xD800 <= ord(c) <= 0xDFFF for c in source):
        return None
    event = '[[events]]\nid = "e"\ntitle = "E"\nstart = "1994"\nzone = "UTC"\nsources = [{ id = "s" }]\n'
    return source + "\n" + event


@pytest.mark.parametrize(
    ("issued", "chicago"),
    [
        ({"date-parts": [[1988]], "season": "Spring"}, "Spring 1988"),
        ({"date-parts": [[1988]], "season": 2}, "Summer 1988"),
        ({"date-parts": [[1988]], "season": "winter"}, "winter 1988"),
        ({"date-parts": [[1988]], "season": "Fall"}, "Fall 1988"),
        ({"date-parts": [[1988]], "season": "Michaelmas term"}, "Michaelmas term 1988"),
        ({"date-parts": [[1988, 16]]}, "Winter 1988"),
        ("1988-23", "Autumn 1988"),
        ("1945-08~", "\\[August 1945?\\]"),  # Markdown: brackets escaped
        ({"literal": "before 1900"}, "before 1900"),
        ({"raw": "May 3, 1988"}, "May 3, 1988"),
        ({"raw": "sometime"}, "sometime"),
        ({"date-parts": [[1941], [1945]]}, "1941–1945"),
        ("1941/1945", "1941–1945"),
    ],
)
def test_the_processor_reads_every_form(issued: object, chicago: str) -> None:
    """Store dates reach the CSL processor as CSL dates: seasons (a word as written), circa, ranges."""
    item = to_csl(
        "s",
        {
            "type": "article-newspaper",
            "title": "Title",
            "author": [{"family": "Doe", "given": "Jane"}],
            "container-title": "Pravda",
            "issued": issued,
        },
    )
    (entry,) = bibliography([item], resolve_style("chicago"))
    assert markdown(entry) == f"Doe, Jane. “Title.” *Pravda*, {chicago}."


def _approximate_and_exact(style_name: str, qualifier: str = "~") -> tuple[str, str]:
    from pactcli.citations import Cite, cluster_notes
    from pactcli.render.citation_text import plain_text

    style = resolve_style(style_name)
    out = []
    for issued in (f"1945-08{qualifier}", "1945-08"):
        item = to_csl(
            "s",
            {
                "type": "article-newspaper",
                "title": "Title",
                "author": [{"family": "Doe", "given": "Jane"}],
                "container-title": "Pravda",
                "issued": issued,
            },
        )
        shown = [*bibliography([item], style), *cluster_notes([[Cite(item)]], style)]
        out.append(" || ".join(plain_text(x) for x in shown))
    return out[0], out[1]


@pytest.mark.parametrize("style_name", [info.name for info in bundled_styles()])
def test_an_approximate_date_survives_in_every_bundled_style(style_name: str) -> None:
    """ "ca. Aug. 1945" (store "1945-08~"): the year always, and wherever a style can mark a date as
    uncertain (it tests is-uncertain-date), the mark: the output differs from the exact date's."""
    approximate, exact = _approximate_and_exact(style_name)
    assert "1945" in approximate
    marks_uncertainty = "is-uncertain-date" in resolve_style(style_name).text
    assert (approximate != exact) == marks_uncertainty
    if marks_uncertainty:
        assert "Aug" in approximate or "1945?" in approximate


@pytest.mark.parametrize("qualifier", ["?", "%"])
@pytest.mark.parametrize("style_name", [info.name for info in bundled_styles()])
def test_an_uncertain_date_is_marked_as_an_approximate_one(style_name: str, qualifier: str) -> None:
    """ "1945-08?" (uncertain) and "1945-08%" (uncertain and approximate) reach CSL's one flag, circa,
    exactly as "1945-08~" does: every style that tests is-uncertain-date marks them."""
    uncertain, exact = _approximate_and_exact(style_name, qualifier)
    approximate, _ = _approximate_and_exact(style_name, "~")
    assert uncertain == approximate
    assert (uncertain != exact) == ("is-uncertain-date" in resolve_style(style_name).text)


# citeproc-js 2.4.63's bibliography entries for the same item with {"date-parts": [[1945, 8]], "circa": true}.
@pytest.mark.parametrize(
    ("style_name", "expected"),
    [
        ("chicago", "Doe, Jane. “Title.” Pravda, [August 1945?]."),
        ("apa", "Doe, J. (ca. 1945, August). Title. Pravda."),
        ("mla", "Doe, Jane. “Title.” Pravda, Circa Aug. 1945."),
        ("mhra-notes", "Doe, Jane, ‘Title’, Pravda, [August 1945?]"),
    ],
)
def test_an_uncertain_date_in_four_styles(style_name: str, expected: str) -> None:
    from pactcli.render.citation_text import plain_text

    item = to_csl(
        "s",
        {
            "type": "article-newspaper",
            "title": "Title",
            "author": [{"family": "Doe", "given": "Jane"}],
            "container-title": "Pravda",
            "issued": "1945-08?",
        },
    )
    assert [plain_text(x) for x in bibliography([item], resolve_style(style_name))] == [expected]


@pytest.mark.parametrize("qualifier", ["~", "?", "%"])
def test_uncertain_and_approximate_dates_in_every_export(qualifier: str) -> None:
    from pactcli.citations import export

    item = to_csl("s", {"type": "book", "title": "T", "issued": f"1945-08{qualifier}"})
    assert json.loads(export([item], "csl-json"))[0]["issued"] == {"date-parts": [[1945, 8]], "circa": True}
    assert "  date = {1945-08~},\n" in export([item], "bibtex")
    assert "DA  - 1945/08//1945-08~\n" in export([item], "ris")


def test_raw_dates_are_read_for_sorting_and_years() -> None:
    assert csl_dates.parse({"raw": "3 May 1988"}).start == (1988, 5, 3)
    assert csl_dates.parse({"raw": "Spring 1988"}) == csl_dates.CslDate((1988, 0, 0), season=1)
    assert csl_dates.parse({"raw": "nonsense"}) == csl_dates.CslDate((0, 0, 0), literal="nonsense")


def test_lines_after_a_multi_line_date_table_are_still_found(tmp_path: Path) -> None:
    # "  [1994]" inside an array is not a [table] header: the next keys keep their own lines.
    path = tmp_path / "s.toml"
    path.write_text(
        '[[sources]]\nid = "a"\ntype = "book"\ntitle = "A"\nissued = { date-parts = [\n  [1994]\n] }\n'
        'accessed = "1994-02-30"\n\n'
        '[[events]]\nid = "e"\ntitle = "E"\nstart = "1994"\nzone = "UTC"\nsources = [{ id = "a" }]\n',
        encoding="utf-8",
    )
    _, problems = store.validate([str(path)])
    assert [p.line() for p in problems] == [
        f"{path}:8: source a: accessed: 1994-02-30 does not exist (Feb has 28 days)"
    ]


@pytest.mark.parametrize("text", ["1945-08~", "1945-08?", "1945-08%"])
def test_edtf_qualifiers_are_read_back_as_circa(text: str) -> None:
    # What BibTeX's date field and RIS's DA "other" part hold on import: each qualifier is CSL's circa.
    from pactcli.sources.common import parse_edtf

    assert parse_edtf(text) == {"date-parts": [[1945, 8]], "circa": True}
