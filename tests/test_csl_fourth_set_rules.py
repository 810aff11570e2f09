"""Rules of citeproc-js found by the fourth item set (tests/data/csl/items-fourth.json; docs/citations.md,
"Found on the fourth item set"), each on a small style written for it. The expected outputs are citeproc-js's
(npm citeproc 2.4.63, the official locales, plain text, each item's bibliography entry in an engine of its
own), run on the same styles and items; none is pactcli's own."""

from __future__ import annotations

from typing import Any

import pytest

from pactcli.csl import Processor

HEAD = '<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0"{extra}>'
INFO = "<info><id>x</id><title>x</title><updated>2020-01-01T00:00:00+00:00</updated></info>"


def style(bibliography: str, extra: str = "") -> str:
    return (
        HEAD.format(extra=extra)
        + INFO
        + '<citation><layout><text variable="title"/></layout></citation>'
        + bibliography
        + "</style>"
    )


def entries(text: str, items: list[dict[str, Any]]) -> list[str]:
    """Each item's bibliography entry, alone."""
    return [Processor(text, [item], output="text").bibliography_entries()[0].strip() for item in items]


DATES = [
    [[-1046], [-771]],
    [[-50], [30]],
    [[100], [600]],
    [[600], [1200]],
    [[-10], [-10]],
    [[-50, 3, 10], [-40, 4, 2]],
    [[-50, 3], [-50, 5]],
]
DATE_ITEMS = [
    {"id": f"d{n}", "type": "book", "title": "T", "issued": {"date-parts": d}} for n, d in enumerate(DATES)
]


@pytest.mark.parametrize(
    ("date", "want"),
    [
        (
            '<date variable="issued"><date-part name="year"/></date>',
            ["1046–771 BC", "50–30 BC", "100–600 AD", "600–1200", "10 BC", "50–40 BC", "50 BC"],
        ),
        (
            '<date variable="issued" form="text"/>',
            [
                "1046–771 BC",
                "50–30 BC",
                "100–600 AD",
                "600–1200",
                "10 BC",
                "March 10, 50–April 2, 40 BC",
                "March–May 50 BC",
            ],
        ),
        (
            '<date variable="issued"><date-part name="year"/>'
            '<date-part name="month" form="numeric" prefix="-"/></date>',
            ["1046–771 BC", "50–30 BC", "100–600 AD", "600–1200", "10 BC", "50 BC-3–40 BC-4", "50 BC-3–5"],
        ),
    ],
)
def test_a_date_range_takes_the_era_of_its_start_after_its_end_where_the_year_closes_it(
    date: str, want: list[str]
) -> None:
    # The start year's era goes on both ends (the end's own is never read: 50 BC to AD 30 is "50–30 BC");
    # where the year is the range's last part, the start prints none.
    text = style(f"<bibliography><layout>{date}</layout></bibliography>")
    assert entries(text, DATE_ITEMS) == want


SMITH = {"family": "Smith", "given": "John"}
DOE = {"family": "Doe", "given": "Jane"}
ROE = {"family": "Roe", "given": "Rick"}
ALPHA = {"literal": "Alpha Institute"}
BETA = {"literal": "Beta Society"}
GAMMA = {"literal": "Gamma Office"}
NAME_ITEMS = [
    {"id": f"n{n}", "type": "report", "title": "T", "author": names}
    for n, names in enumerate(
        [[ALPHA, BETA], [SMITH, BETA], [ALPHA, SMITH], [ALPHA, BETA, GAMMA], [SMITH, DOE, GAMMA]]
    )
]


@pytest.mark.parametrize(
    ("name", "extra", "want"),
    [
        (
            '<name and="text" delimiter=", " delimiter-precedes-last="always" name-as-sort-order="first"/>',
            "",
            [
                "Alpha Institute and Beta Society",
                "Smith, John and Beta Society",
                "Alpha Institute, and John Smith",
                "Alpha Institute, Beta Society, and Gamma Office",
                "Smith, John, Jane Doe, and Gamma Office",
            ],
        ),
        (
            '<name and="text" delimiter=", " delimiter-precedes-last="never" name-as-sort-order="first"/>',
            "",
            [
                "Alpha Institute and Beta Society",
                "Smith, John and Beta Society",
                "Alpha Institute and John Smith",
                "Alpha Institute, Beta Society, and Gamma Office",
                "Smith, John, Jane Doe, and Gamma Office",
            ],
        ),
        (
            '<name and="text" delimiter=", " delimiter-precedes-last="after-inverted-name"'
            ' name-as-sort-order="first"/>',
            "",
            [
                "Alpha Institute and Beta Society",
                "Smith, John, and Beta Society",
                "Alpha Institute, and John Smith",
                "Alpha Institute, Beta Society, and Gamma Office",
                "Smith, John, Jane Doe, and Gamma Office",
            ],
        ),
        (
            '<name and="text" delimiter=", " delimiter-precedes-last="always"/>',
            ' delimiter-precedes-last="never"',
            [
                "Alpha Institute and Beta Society",
                "John Smith and Beta Society",
                "Alpha Institute, and John Smith",
                "Alpha Institute, Beta Society and Gamma Office",
                "John Smith, Jane Doe and Gamma Office",
            ],
        ),
    ],
)
def test_the_and_before_an_institution_takes_only_the_inherited_delimiter_precedes_last(
    name: str, extra: str, want: list[str]
) -> None:
    # cs:institution's "and" copies the cs:name's "and" and delimiter, not its delimiter-precedes-last: that
    # comes from cs:style, cs:citation or cs:bibliography (the last case: "never" on cs:style).
    text = style(
        f'<bibliography><layout><names variable="author">{name}</names></layout></bibliography>', extra
    )
    assert entries(text, NAME_ITEMS) == want


def test_the_inherited_delimiter_precedes_last_reaches_an_institution() -> None:
    text = style(
        '<bibliography delimiter-precedes-last="always"><layout><names variable="author">'
        '<name and="symbol" delimiter="; "/></names></layout></bibliography>'
    )
    assert entries(text, NAME_ITEMS) == [
        "Alpha Institute; & Beta Society",
        "John Smith; & Beta Society",
        "Alpha Institute; & John Smith",
        "Alpha Institute; Beta Society; & Gamma Office",
        "John Smith; Jane Doe; & Gamma Office",
    ]


@pytest.mark.parametrize(
    ("order", "want"),
    [
        (
            "",
            [
                "John Smith, and Jane Doe",
                "John Smith, Jane Doe and Rick Roe",
                "Alpha Institute, and John Smith",
                "Alpha Institute, Jane Doe and John Smith",
                "John Smith and Beta Society",
                "John Smith, Jane Doe, and Beta Society",
            ],
        ),
        (
            ' name-as-sort-order="all"',
            [
                "Smith, John, and Doe, Jane",
                "Smith, John, Doe, Jane, and Roe, Rick",
                "Alpha Institute, and Smith, John",
                "Alpha Institute, Doe, Jane, and Smith, John",
                "Smith, John, and Beta Society",
                "Smith, John, Doe, Jane, and Beta Society",
            ],
        ),
    ],
)
def test_after_inverted_name_puts_the_delimiter_before_the_and_of_two_names_always(
    order: str, want: list[str]
) -> None:
    # citeproc-js's "and" for two names takes the delimiter under after-inverted-name whatever the
    # inversion; for three or more only after an inverted name (the official suite's name_AfterInvertedName).
    text = style(
        '<bibliography><layout><names variable="author"><name and="text" delimiter=", "'
        f' delimiter-precedes-last="after-inverted-name"{order}/></names></layout></bibliography>'
    )
    items = [
        {"id": f"n{n}", "type": "report", "title": "T", "author": names}
        for n, names in enumerate(
            [
                [SMITH, DOE],
                [SMITH, DOE, ROE],
                [ALPHA, SMITH],
                [ALPHA, DOE, SMITH],
                [SMITH, BETA],
                [SMITH, DOE, BETA],
            ]
        )
    ]
    assert entries(text, items) == want


def test_title_case_keeps_et_and_al_lower_case() -> None:
    text = style('<bibliography><layout><text variable="title" text-case="title"/></layout></bibliography>')
    titles = ["smith et al. on war et peace", "al and et: notes", "the et-al problem"]
    items = [{"id": f"t{n}", "type": "book", "title": title} for n, title in enumerate(titles)]
    assert entries(text, items) == ["Smith et al. on War et Peace", "Al and et: Notes", "The Et-al Problem"]


def test_a_cs_number_form_writes_each_whole_number_of_a_value_that_is_not_numeric() -> None:
    # citeproc-js formats each value of the number parser (a NumericBlob) with the cs:number's form: the
    # whole numbers of the first label's values; letters, roman numerals and a later label's numbers stay.
    text = style(
        '<bibliography><layout><group delimiter=" | "><number variable="volume" form="roman"/>'
        '<number variable="edition" form="ordinal"/><number variable="volume" form="long-ordinal"/>'
        "</group></layout></bibliography>"
    )
    values = ["2004-VII", "2004–VII", "3-iv", "12, suppl. 3", "4a-7", "X-2", "2 & xii", "1942-1943"]
    items = [
        {"id": f"v{n}", "type": "book", "title": "T", "volume": v, "edition": v} for n, v in enumerate(values)
    ]
    assert entries(text, items) == [
        "mmiv–VII | 2004th–VII | 2004th–VII",
        "mmiv–VII | 2004th–VII | 2004th–VII",
        "iii–iv | 3rd–iv | third–iv",
        "xii, suppl. 3 | 12th, suppl. 3 | 12th, suppl. 3",
        "4a–vii | 4a–7th | 4a–seventh",
        "X–ii | X–2nd | X–second",
        "ii & xii | 2nd & xii | second & xii",
        "mcmxlii–mcmxliii | 1942nd–1943rd | 1942nd–1943rd",
    ]


SEASON_ITEMS = [
    {"id": f"s{n}", "type": "book", "title": "T", "issued": {"date-parts": [[1940]], "season": season}}
    for n, season in enumerate(["Winter", 1, 4, 5, 13, 21, "2", "spring", "Michaelmas"])
] + [
    {"id": f"m{n}", "type": "book", "title": "T", "issued": {"date-parts": [[1940, month]]}}
    for n, month in enumerate([13, 16, 17, 21, 24])
]


@pytest.mark.parametrize(
    ("layout", "want"),
    [
        (
            # A season written out is printed, but does not count as a variable: the macro around it is
            # left out, and so is a group with only a text value beside it.
            '<group delimiter=", "><text variable="title"/><text macro="md"/></group>',
            [
                *["T", "T, Spring", "T, Winter", "T", "T", "T", "T, Summer", "T", "T"],
                *["T, Spring", "T, Winter", "T, Spring", "T, Spring", "T, Winter"],
            ],
        ),
        (
            '<group delimiter=", "><text variable="title"/><group><text value="x"/>'
            '<date variable="issued"><date-part name="month"/></date></group></group>',
            [
                *["T", "T, xSpring", "T, xWinter", "T", "T", "T", "T, xSummer", "T", "T"],
                *["T, xSpring", "T, xWinter", "T, xSpring", "T, xSpring", "T, xWinter"],
            ],
        ),
        (
            # The season field takes the locale's term for 1 to 4 only; anything else prints as written.
            '<group delimiter=", "><text variable="title"/><date variable="issued"><date-part name="month"/>'
            '<date-part name="year" prefix=" "/></date></group>',
            [
                "T, Winter 1940",
                "T, Spring 1940",
                "T, Winter 1940",
                "T, 5 1940",
                "T, 13 1940",
                "T, 21 1940",
                "T, Summer 1940",
                "T, spring 1940",
                "T, Michaelmas 1940",
                *["T, Spring 1940", "T, Winter 1940", "T, Spring 1940", "T, Spring 1940", "T, Winter 1940"],
            ],
        ),
    ],
)
def test_a_season_written_out_prints_as_written_and_is_no_variable(layout: str, want: list[str]) -> None:
    macro = (
        '<macro name="md"><date variable="issued"><date-part name="month"/>'
        '<date-part name="day" prefix=" "/></date></macro>'
    )
    text = style(f"{macro}<bibliography><layout>{layout}</layout></bibliography>")
    assert entries(text, SEASON_ITEMS) == want


QUOTED_TITLES = [
    "“Peace” and war",
    "‘Peace’ and war",
    '"Peace" and war',
    "“Peace”",
    "War and “peace”",
    "'Peace' and war",
]


@pytest.mark.parametrize(
    ("bibliography", "want"),
    [
        (
            '<bibliography><layout><text variable="title" quotes="true"/></layout></bibliography>',
            [*["“‘Peace’ and war”"] * 3, "“‘Peace’”", "“War and ‘peace’”", "“‘Peace’ and war”"],
        ),
        (
            # Style quotes right inside style quotes are not flipped; the field's own quotes still are.
            '<macro name="t"><text variable="title" quotes="true"/></macro>'
            '<bibliography><layout><text macro="t" quotes="true"/></layout></bibliography>',
            [*["““‘Peace’ and war””"] * 3, "““‘Peace’””", "““War and ‘peace’””", "““‘Peace’ and war””"],
        ),
    ],
)
def test_quotes_typed_at_the_start_of_a_quoted_field_are_flipped(bibliography: str, want: list[str]) -> None:
    items = [{"id": f"t{n}", "type": "book", "title": title} for n, title in enumerate(QUOTED_TITLES)]
    assert entries(style(bibliography), items) == want


def test_a_curly_closing_mark_after_a_word_closes_an_open_single_quote() -> None:
    # In en-GB (outer ‘ ’, inner “ ”) a typed ‘war’ is a quote, flipped to “war” inside the style's quotes;
    # citeproc-js takes a ’ for an apostrophe only between two letters. (Cambridge University Press, note.)
    from tests.test_csl_styles import _style

    titles = ["‘war’ and peace", "peace and ‘war’", "“Peace” and ‘war’", "‘Peace’ and “war”", "peace ‘war’ x"]
    items = [
        {"id": f"t{n}", "type": "article-journal", "title": title, "container-title": "J"}
        for n, title in enumerate(titles)
    ]
    cambridge = _style("cambridge-university-press-note")
    got = [Processor(cambridge, [item], output="text").bibliography_entries()[0].strip() for item in items]
    assert got == [
        "‘“war” and peace’, J",
        "‘peace and “war”’, J",
        "‘“Peace” and “war”’, J",
        "‘“Peace” and “war”’, J",
        "‘peace “war” x’, J",
    ]
