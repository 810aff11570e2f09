"""Rules of citeproc-js that pactcli.csl follows, found on the styles corpus (docs/citations.md, "Found on the
styles corpus"), each on a small style written for it. The expected outputs are citeproc-js's (npm citeproc
2.4.63, the official locales, plain text), run on the same style and items; none is pactcli's own."""

from __future__ import annotations

from typing import Any

from pactcli.csl import Processor

HEAD = '<style xmlns="http://purl.org/net/xbiblio/csl" class="{klass}" version="1.0">'
INFO = "<info><id>x</id><title>x</title><updated>2020-01-01T00:00:00+00:00</updated></info>"


def style(body: str, klass: str = "note") -> str:
    return HEAD.format(klass=klass) + INFO + body + "</style>"


def cites(text: str, items: list[dict[str, Any]], clusters: list[list[dict[str, Any]]]) -> list[str]:
    document = [{"citationItems": c, "properties": {"noteIndex": n + 1}} for n, c in enumerate(clusters)]
    return Processor(text, items, output="text").cite_clusters(document)


def bibliography_order(text: str, items: list[dict[str, Any]]) -> list[str]:
    return [key for key, _ in Processor(text, items, output="text").bibliography_items()]


def test_a_label_prints_its_term_whether_or_not_its_variable_has_a_value() -> None:
    # The variable decides only the plural (singular when it is empty); a group whose variables are all
    # empty still goes, as around a term.
    text = style(
        "<citation><layout>"
        '<group delimiter=" "><text variable="title"/><label variable="page" form="short"/>'
        '<text variable="locator"/></group>'
        '<group delimiter=" " prefix=" [" suffix="]"><label variable="volume" form="short"/>'
        '<text variable="volume"/></group>'
        '<group delimiter=" " prefix=" {" suffix="}"><text value="n"/>'
        '<label variable="number-of-pages" form="short"/></group>'
        "</layout></citation>"
    )
    items = [
        {"id": "a", "type": "book", "title": "Racing the Enemy"},
        {
            "id": "b",
            "type": "chapter",
            "title": "Fisheries",
            "page": "57-60",
            "volume": "2",
            "number-of-pages": "300",
        },
    ]
    clusters = [
        [{"id": "a", "locator": "46-47", "label": "page"}],
        [{"id": "a"}],
        [{"id": "b", "locator": "12", "label": "page"}],
    ]
    assert cites(text, items, clusters) == [
        "Racing the Enemy p. 46\u201347 {n p.}",
        "Racing the Enemy p. {n p.}",
        "Fisheries pp. 12 [vol. 2] {n pp.}",
    ]


def test_a_citation_suffix_that_opens_with_terminal_punctuation_keeps_that_character_only() -> None:
    items = [
        {"id": "a", "type": "book", "title": "Racing the Enemy"},
        {"id": "b", "type": "book", "title": "Fisheries"},
    ]
    clusters = [[{"id": "a"}], [{"id": "a"}, {"id": "b"}]]
    for suffix, end in ((". ", "."), (";)", ";")):
        text = style(
            f'<citation><layout suffix="{suffix}" delimiter="; "><text variable="title"/></layout></citation>'
            f'<bibliography><layout suffix="{suffix}"><text variable="title"/></layout></bibliography>'
        )
        assert cites(text, items, clusters) == [f"Racing the Enemy{end}", f"Racing the Enemy; Fisheries{end}"]
        # The bibliography's suffix stays whole.
        entries = Processor(text, items, output="text").bibliography_items()
        assert entries == [("a", f"Racing the Enemy{suffix}"), ("b", f"Fisheries{suffix}")]


SORT_BY_DATE_MACROS = style(
    """<macro name="accessed">
    <date variable="accessed" prefix="accessed "><date-part name="year"/></date>
    <text term="no date" prefix=" "/>
  </macro>
  <macro name="date">
    <group delimiter=" ">
      <date variable="issued"><date-part name="year"/></date>
      <text value="zzz"/>
      <text macro="accessed"/>
      <text variable="URL" prefix="at "/>
    </group>
  </macro>
  <macro name="plain">
    <text value="x"/>
    <text macro="accessed"/>
    <text variable="title"/>
  </macro>
  <citation><layout><text variable="title"/></layout></citation>
  <bibliography>
    <sort><key macro="date"/><key macro="plain"/></sort>
    <layout><text variable="title"/></layout>
  </bibliography>""",
    klass="in-text",
)


def test_a_sort_macro_with_a_date_prints_in_full_after_an_inner_macro_with_a_date() -> None:
    # citeproc-js's one "doing-macro-with-date" flag: set when a macro with a date starts, cleared when one
    # ends. In "date", "zzz" is dropped and the URL after the inner macro kept (so an undated page sorts by
    # its URL, after the dated ones, before those with neither); in "plain", which has no date of its own,
    # "x" and the title print, the inner macro's "n.d." does not. citeproc-js's keys, for the record:
    # f ["119410000100000000at|https://c.example|", "xZeta|"], c ["119450000100000000|", "xGamma|"],
    # e ["120240000100000000at|https://a.example|", "x120240000100000000Epsilon|"],
    # b ["at|https://a.example|", "xBeta|"], a ["at|https://b.example|", "xAlpha|"],
    # d [none, "xDelta|"], g [none, "xEta|"].
    items = [
        {"id": "a", "type": "webpage", "title": "Alpha", "URL": "https://b.example"},
        {"id": "b", "type": "webpage", "title": "Beta", "URL": "https://a.example"},
        {"id": "c", "type": "webpage", "title": "Gamma", "issued": {"date-parts": [[1945]]}},
        {"id": "d", "type": "webpage", "title": "Delta"},
        {
            "id": "e",
            "type": "webpage",
            "title": "Epsilon",
            "URL": "https://a.example",
            "accessed": {"date-parts": [[2024, 3, 1]]},
        },
        {
            "id": "f",
            "type": "webpage",
            "title": "Zeta",
            "issued": {"date-parts": [[1941]]},
            "URL": "https://c.example",
        },
        {"id": "g", "type": "webpage", "title": "Eta"},
    ]
    assert bibliography_order(SORT_BY_DATE_MACROS, items) == ["f", "c", "e", "b", "a", "d", "g"]


def test_sort_keys_compare_runs_of_digits_as_numbers_of_any_length_parted_by_punctuation() -> None:
    text = style(
        '<citation><layout><text variable="title"/></layout></citation>'
        '<bibliography><sort><key variable="title"/></sort><layout><text variable="title"/></layout>'
        "</bibliography>",
        klass="in-text",
    )
    titles = {
        "a": "https://example.org/1937/7/7/bridge",
        "b": "https://example.org/1932/2/18/manchu",
        "c": "https://example.org/19322/1/1/x",
        "d": "Code 100000202100000000119460000100000000",
        "e": "Code 119330225100000000",
        "f": "Code 99999999999999999999",
        "g": "Code 1.5",
        "h": "Code 15",
    }
    items = [{"id": key, "type": "webpage", "title": title} for key, title in titles.items()]
    assert bibliography_order(text, items) == ["g", "h", "e", "f", "d", "b", "a", "c"]


def test_the_generated_citation_label() -> None:
    # citeproc-js's getCitationLabel: letters of the family names (case folded, particles, articles and
    # punctuation gone) by the trigraph for that many names, or of the title without its skip words; then
    # the year's last two digits, "00" without a date.
    text = style(
        '<citation><layout delimiter="; "><text variable="citation-label"/></layout></citation>',
        klass="in-text",
    )

    def book(key: str, **fields: Any) -> dict[str, Any]:
        return {"id": key, "type": "book", "title": "X", **fields}

    def year(value: int) -> dict[str, Any]:
        return {"date-parts": [[value]]}

    items = [
        book("a", author=[{"family": "Hasegawa", "given": "T"}], issued=year(2005)),
        book(
            "b",
            author=[{"family": "ABBOTT", "given": "C"}, {"family": "Baranov", "given": "I"}],
            issued=year(2001),
        ),
        book("c", author=[{"family": "Abe"}, {"family": "Brown"}, {"family": "Chernova"}], issued=year(1999)),
        book("d", author=[{"family": n} for n in ("Ito", "Jones", "Kato", "Lebedev", "Moore")]),
        book("e", title="The Pact of Neutrality", issued=year(1941)),
        {"id": "f", "type": "webpage", "title": "5. Dezember 1941 \u2013 Im Zuge"},
        book("g", editor=[{"literal": "The Example Group"}], issued=year(2011)),
        book("h", author=[{"family": "de Gaulle", "given": "Charles"}], issued=year(1954)),
        book("i", translator=[{"family": "\u014cno", "given": "K"}], issued=year(1960)),
        book("j", title="\u65e5\u30bd\u4e2d\u7acb\u6761\u7d04"),
        book("k", author=[{"family": "O'Brien"}], issued=year(1919)),
    ]
    assert cites(text, items, [[{"id": item["id"]}] for item in items]) == [
        "Hase05",
        "AbBa01",
        "AbBC99",
        "IJKL00",
        "Thep41",
        "5.de00",
        "Exam11",
        "Gaul54",
        "\u014cno60",
        "\u65e5\u30bd\u4e2d\u7acb00",
        "Obri19",
    ]


def test_a_space_ending_a_final_block_leaves_it_only_from_a_suffix() -> None:
    # citeproc-js moves a last suffix's space up through elements without formatting, so out of the block;
    # a space of the text (a text value) stays inside, and so does one inside formatting.
    def entry(block: str) -> str:
        text = style(
            '<citation><layout><text variable="title"/></layout></citation>'
            f'<bibliography><layout><text variable="title"/>{block}</layout></bibliography>',
            klass="in-text",
        )
        items = [{"id": "a", "type": "book", "title": "Racing", "publisher": "Belknap"}]
        return Processor(text, items).bibliography_items()[0][1]

    assert entry('<group display="block"><text variable="title" suffix=", "/></group>') == (
        'Racing\n\n    <div class="csl-block">Racing,</div>\n '
    )
    assert entry('<group display="block" suffix=" "><text variable="title"/></group>') == (
        'Racing\n\n    <div class="csl-block">Racing</div>\n '
    )
    assert entry('<group display="block"><text variable="title"/><text value=" "/></group>') == (
        'Racing\n\n    <div class="csl-block">Racing </div>\n'
    )
    assert entry(
        '<group display="block"><text variable="title" suffix=", "/></group>'
        '<group display="block"><text variable="publisher" suffix=" "/></group>'
    ) == (
        'Racing\n\n    <div class="csl-block">Racing, </div>\n\n\n    <div class="csl-block">Belknap</div>\n '
    )
    assert entry('<group font-style="italic"><text variable="title" suffix=", "/></group>') == (
        "Racing<i>Racing, </i>"
    )


def test_a_prefix_keeps_its_space_after_a_delimiter_that_ends_in_a_no_break_space() -> None:
    text = style(
        '<citation><layout delimiter="; "><group delimiter="&#160;">'
        '<names variable="author"><name form="short"/></names>'
        '<date variable="issued"><date-part name="year"/></date>'
        '<text variable="title" prefix=" "/></group></layout></citation>',
        klass="in-text",
    )
    author = [{"family": "Hasegawa", "given": "T"}]
    items = [{"id": "a", "type": "book", "title": "X", "author": author, "issued": {"date-parts": [[2005]]}}]
    assert cites(text, items, [[{"id": "a"}]]) == ["Hasegawa\u00a02005\u00a0 X"]


def test_printed_strings_take_a_narrow_no_break_space_before_high_punctuation() -> None:
    # In any language; the affixes and delimiters keep what they have.
    text = style(
        '<citation><layout delimiter="; "><text variable="title"/>'
        '<text value=" | URL : x" prefix=" ;" suffix=" :"/><text term="in" prefix=" ! "/>'
        '<names variable="author" prefix=" "/></layout></citation>'
        '<bibliography><layout><text variable="title"/><text value="\u00ab a \u00bb"/></layout>'
        "</bibliography>",
        klass="in-text",
    )
    items = [
        {
            "id": "a",
            "type": "book",
            "title": "Japan : a ; b ? c ! d \u00ab e \u00bb f",
            "author": [{"literal": "Org : Sub"}],
        }
    ]
    n = "\u202f"
    assert cites(text, items, [[{"id": "a"}]]) == [
        f"Japan{n}: a{n}; b{n}? c{n}! d \u00ab{n}e{n}\u00bb f ; | URL{n}: x : ! in Org{n}: Sub"
    ]
    assert Processor(text, items, output="text").bibliography_items() == [
        ("a", f"Japan{n}: a{n}; b{n}? c{n}! d \u00ab{n}e{n}\u00bb f\u00ab{n}a{n}\u00bb")
    ]


GROUPED = style(
    """<macro name="year"><choose><if variable="issued">
    <date variable="issued"><date-part name="year"/></date></if>
    <else><text term="no date" form="short"/></else></choose></macro>
  <macro name="author"><names variable="author"><name form="short"/>
    <substitute><text variable="title" quotes="true"/></substitute></names></macro>
  <citation collapse="year">
    <sort><key macro="year"{direction}/><key macro="author"/></sort>
    <layout prefix="(" suffix=")" delimiter="; ">
      <group delimiter=" "><text macro="author"/><text macro="year"/></group>
    </layout>
  </citation>""",
    klass="in-text",
)


def test_a_collapsing_citation_sorts_its_cites_grouped_by_the_names_they_print() -> None:
    # citeproc-js's grouped sort: by the names printed (none for a title standing in), then the keys; each
    # run of one author then sorts by its first cite's first key and its place, all the cites without
    # names as one run. So a descending sort puts an author's cites in ascending order, and cites without
    # names follow the first of them. (Each cluster is the last of its document: citeproc-js sorts a
    # cluster again, plainly, where a later one changes an item's rendering.)
    def year(value: int) -> dict[str, Any]:
        return {"date-parts": [[value]]}

    items = [
        {"id": "a", "type": "book", "title": "X", "author": [{"family": "Hasegawa"}], "issued": year(2001)},
        {"id": "b", "type": "book", "title": "Y", "author": [{"family": "Hasegawa"}], "issued": year(2011)},
        {"id": "c", "type": "book", "title": "Z", "author": [{"family": "Abe"}], "issued": year(2005)},
        {"id": "d", "type": "book", "title": "Untitled", "author": [{"family": "Abe"}]},
        {"id": "e", "type": "book", "title": "Alpha"},
        {"id": "f", "type": "book", "title": "Omega", "issued": year(2020)},
        {"id": "g", "type": "book", "title": "Beta", "issued": year(1990)},
    ]
    clusters = ["abc", "acbd", "efag", "gdbfe"]
    o, c = "\u201c", "\u201d"
    expected = {
        "": [
            "(Hasegawa 2001, 2011; Abe 2005)",
            "(Hasegawa 2001, 2011; Abe 2005, n.d.)",
            f"({o}Beta{c} 1990; {o}Omega{c} 2020; {o}Alpha{c} n.d.; Hasegawa 2001)",
            f"({o}Beta{c} 1990; {o}Omega{c} 2020; {o}Alpha{c} n.d.; Hasegawa 2011; Abe n.d.)",
        ],
        ' sort="descending"': [
            "(Hasegawa 2001, 2011; Abe 2005)",
            "(Hasegawa 2001, 2011; Abe n.d., 2005)",
            f"({o}Alpha{c} n.d.; {o}Beta{c} 1990; {o}Omega{c} 2020; Hasegawa 2001)",
            f"(Abe n.d.; {o}Alpha{c} n.d.; {o}Beta{c} 1990; {o}Omega{c} 2020; Hasegawa 2011)",
        ],
    }
    singles = [[{"id": item["id"]}] for item in items]
    for direction, wanted in expected.items():
        text = GROUPED.replace("{direction}", direction)
        got = [cites(text, items, [*singles, [{"id": key} for key in keys]])[-1] for keys in clusters]
        assert got == wanted


def test_a_term_standing_in_for_names_is_no_variable() -> None:
    # A group or macro whose only "variable" is a cs:names with a term (or text value) standing in is left
    # out; a macro standing in that prints a term keeps it; neither is subsequent-author-substituted.
    text = style(
        """<macro name="anon"><choose><if variable="author editor" match="none">
    <text term="anonymous" form="short" text-case="capitalize-first"/></if></choose></macro>
  <macro name="m1"><names variable="author"><substitute><names variable="editor"/><text term="anonymous"/>
    </substitute></names></macro>
  <macro name="m2"><names variable="author"><substitute><names variable="editor"/><text macro="anon"/>
    </substitute></names></macro>
  <macro name="m3"><names variable="author"><substitute><names variable="editor"/><text variable="title"/>
    </substitute></names></macro>
  <citation><layout>
    <group delimiter=", "><text macro="m1"/><text variable="title"/></group>
    <group delimiter=", " prefix=" |"><text variable="title"/>
      <names variable="author"><substitute><text term="anonymous"/></substitute></names></group>
    <group delimiter=" " prefix=" |"><text value="x"/><text macro="m1"/></group>
    <group delimiter=" " prefix=" |"><text macro="m2"/></group>
  </layout></citation>
  <bibliography subsequent-author-substitute="---"><sort><key variable="title"/></sort><layout>
    <group delimiter=" "><text macro="m2"/><text variable="title"/></group>
    <group delimiter=" " prefix=" |"><text macro="m3"/></group>
  </layout></bibliography>"""
    )
    items = [
        {"id": key, "type": "book", "title": title}
        for key, title in zip("abcd", ("Pact", "Pact", "Treaty", "Treaty"), strict=True)
    ]
    assert cites(text, items, [[{"id": key}] for key in "abcd"]) == [
        "Pact |Pact, anonymous |Anon.",
        "Pact |Pact, anonymous |Anon.",
        "Treaty |Treaty, anonymous |Anon.",
        "Treaty |Treaty, anonymous |Anon.",
    ]
    assert Processor(text, items, output="text").bibliography_items() == [
        ("a", "Anon. Pact |Pact"),
        ("b", "Anon. Pact |Pact"),
        ("c", "Anon. Treaty |Treaty"),
        ("d", "Anon. Treaty |Treaty"),
    ]


def test_with_display_the_layout_suffix_goes_on_the_last_element() -> None:
    # citeproc-js (opt.using_display): in place of the last element's own suffix, inside a block after its
    # own; lost where the last element is a macro call or cs:names that printed nothing.
    def entry(layout: str) -> str:
        text = style(
            '<macro name="empty"><text variable="URL"/></macro>'
            '<macro name="t"><text variable="title"/></macro>'
            '<citation><layout><text variable="title"/></layout></citation>'
            '<bibliography><layout suffix=". "><group display="block"><text value="A"/></group>'
            f'<text variable="title"/>{layout}</layout></bibliography>',
            klass="in-text",
        )
        return Processor(text, [{"id": "a", "type": "book", "title": "Pact"}]).bibliography_items()[0][1]

    block = '\n\n    <div class="csl-block">A</div>\n'
    assert entry('<text macro="empty" prefix=". "/>') == f"{block}Pact"
    assert entry('<names variable="editor"/>') == f"{block}Pact"
    assert entry("") == f"{block}Pact. "
    assert entry('<group><text variable="URL"/></group>') == f"{block}Pact. "
    assert entry('<text macro="t" suffix="!"/>') == f"{block}PactPact. "
    assert entry('<text variable="title" font-style="italic" suffix="!"/>') == f"{block}Pact<i>Pact</i>. "
    # The last element's own suffix, not one inside it.
    assert entry('<group><group prefix="(" suffix=")"><text variable="title"/></group></group>') == (
        f"{block}Pact(Pact). "
    )
    assert entry('<group display="block"><text variable="title"/></group>') == (
        f'{block}Pact\n\n    <div class="csl-block">Pact.</div>\n '
    )
    assert entry('<group display="block" suffix="?"><text variable="title"/></group>') == (
        f'{block}Pact\n\n    <div class="csl-block">Pact?</div>\n '
    )


def test_a_cite_that_prints_nothing_is_named_only_where_it_opens_the_cluster() -> None:
    # citeproc-js (getCitationCluster): the "no printed form" error stands for such a cite in the first
    # place of a cluster only; anywhere after it, the cite is left out with its delimiter.
    text = style(
        '<citation><layout prefix="(" suffix=")" delimiter="; "><text variable="title"/></layout></citation>'
    )
    items = [
        {"id": "a", "type": "book"},
        {"id": "b", "type": "book", "title": "Bee"},
        {"id": "c", "type": "book"},
        {"id": "d", "type": "book", "title": "Dee"},
    ]
    clusters = [
        [{"id": "a"}, {"id": "b"}, {"id": "c"}],
        [{"id": "b"}, {"id": "a"}, {"id": "d"}],
        [{"id": "b"}, {"id": "d"}, {"id": "c"}],
        [{"id": "c"}],
        [{"id": "a"}, {"id": "c"}],
        [{"id": "b"}, {"id": "c", "locator": "4"}],
    ]
    error = "[CSL STYLE ERROR: reference with no printed form.]"
    assert cites(text, items, clusters) == [
        f"({error}; Bee)",
        "(Bee; Dee)",
        "(Bee; Dee)",
        f"({error})",
        f"({error})",
        "(Bee)",
    ]


def test_the_delimiter_between_cites_is_joined_to_a_cite_as_it_is() -> None:
    # citeproc-js joins each cite to the one before with its splice delimiter, merging no spaces: a cite
    # that opens with a space (a prefix, or a year left alone when its author collapses) keeps it.
    items = [
        {
            "id": "a",
            "type": "book",
            "title": "A",
            "author": [{"family": "Smith", "given": "J"}],
            "issued": {"date-parts": [[2001]]},
        },
        {
            "id": "b",
            "type": "book",
            "title": "B",
            "author": [{"family": "Smith", "given": "J"}],
            "issued": {"date-parts": [[2003]]},
        },
        {
            "id": "c",
            "type": "book",
            "title": "C",
            "author": [{"family": "Jones", "given": "K"}],
            "issued": {"date-parts": [[2002]]},
        },
    ]
    clusters = [[{"id": "a"}, {"id": "b"}, {"id": "c"}], [{"id": "a"}, {"id": "b", "locator": "3"}]]
    spaced = style(
        '<citation><layout prefix="(" suffix=")" delimiter="; "><text variable="title" prefix=" "/>'
        "</layout></citation>",
        klass="in-text",
    )
    assert cites(spaced, items, clusters) == ["( A;  B;  C)", "( A;  B)"]

    def collapsed(options: str, year_prefix: str = " ", names_suffix: str = ",") -> list[str]:
        text = style(
            f'<citation collapse="year"{options}><layout prefix="(" suffix=")" delimiter="; "><group>'
            f'<names variable="author" suffix="{names_suffix}"><name form="short"/></names>'
            f'<date variable="issued" prefix="{year_prefix}"><date-part name="year"/></date>'
            "</group></layout></citation>",
            klass="in-text",
        )
        return cites(text, items, clusters)

    assert collapsed("") == ["(Smith, 2001,  2003; Jones, 2002)", "(Smith, 2001,  2003)"]
    assert collapsed(' cite-group-delimiter=", "') == [
        "(Smith, 2001,  2003; Jones, 2002)",
        "(Smith, 2001,  2003)",
    ]
    assert collapsed(' cite-group-delimiter=","') == [
        "(Smith, 2001, 2003; Jones, 2002)",
        "(Smith, 2001, 2003)",
    ]
    assert collapsed("", ", ", "") == ["(Smith, 2001, , 2003; Jones, 2002)", "(Smith, 2001, , 2003)"]


def test_the_citation_number_is_no_predecessor_of_a_capitalised_term() -> None:
    # citeproc-js capitalises a term that opens a bibliography entry; the citation number, a number blob,
    # does not count as printed before it (every other variable does).
    parts = [
        '<text variable="citation-number" suffix=" "/>',
        '<number variable="volume" suffix=" "/>',
        '<text variable="volume" suffix=" "/>',
        '<text variable="page" suffix=" "/>',
        '<number variable="edition" form="ordinal" suffix=" "/>',
        '<text variable="number" suffix=" "/>',
        '<date variable="issued" suffix=" "><date-part name="year"/></date>',
        '<text variable="title" suffix=" "/>',
    ]
    term = '<text term="no date" form="short"/>'
    groups = "".join(f"<group>{part}{term}</group>" for part in parts)
    text = style(
        '<citation><layout><text value="x"/></layout></citation>'
        f'<bibliography><layout><group delimiter=" | ">{groups}</group></layout></bibliography>'
    )
    item = {
        "id": "a",
        "type": "book",
        "title": "A",
        "volume": "3",
        "page": "12",
        "edition": "2",
        "number": "7",
        "issued": {"date-parts": [[2001]]},
    }
    entry = Processor(text, [item], output="text").bibliography_items()[0][1]
    assert entry == "1 N.d. | 3 n.d. | 3 n.d. | 12 n.d. | 2nd n.d. | 7 n.d. | 2001 n.d. | A n.d."


def test_text_case_on_a_macro_call_has_no_effect() -> None:
    # citeproc-js puts a cs:text macro='s text-case on the group it wraps the macro in, and cases only the
    # strings it appends, so the attribute changes nothing there (on the elements inside it, it does).
    text = style(
        '<macro name="ti"><text variable="title"/></macro><macro name="tm"><text term="in"/></macro>'
        '<macro name="tl"><text value="the value here"/></macro>'
        '<macro name="au"><names variable="author"><name form="short"/></names></macro>'
        '<citation><layout><text value="x"/></layout></citation>'
        '<bibliography><layout><group delimiter=" | "><text value="X"/>'
        '<text macro="ti" text-case="capitalize-first"/><text macro="ti" text-case="lowercase"/>'
        '<text macro="ti" text-case="title"/><text macro="tm" text-case="capitalize-first"/>'
        '<text macro="tm" text-case="uppercase"/><text macro="tl" text-case="capitalize-all"/>'
        '<text macro="au" text-case="uppercase"/><text variable="title" text-case="uppercase"/>'
        "</group></layout></bibliography>"
    )
    item = {"id": "a", "type": "book", "title": "the big book", "author": [{"family": "Nagai", "given": "O"}]}
    entry = Processor(text, [item], output="text").bibliography_items()[0][1]
    assert entry == (
        "X | the big book | the big book | the big book | in | in | the value here | Nagai | THE BIG BOOK"
    )


def test_where_the_after_collapse_delimiter_goes() -> None:
    # citeproc-js's getSpliceDelimiter, where a style sets an after-collapse-delimiter: after a cite with a
    # locator; before an author's first cite after one that collapsed, or (unless the collapse is
    # "year-suffix") after one that did not; elsewhere the layout's delimiter, between collapsed years too.
    items = [
        {
            "id": key,
            "type": "book",
            "title": key.upper(),
            "author": [{"family": family, "given": "J"}],
            "issued": {"date-parts": [[year]]},
        }
        for key, family, year in (
            ("a", "Smith", 2001),
            ("b", "Smith", 2003),
            ("c", "Jones", 2002),
            ("d", "Zed", 2000),
        )
    ]
    clusters = [
        [{"id": "a"}, {"id": "b"}, {"id": "c"}],
        [{"id": "a", "locator": "3"}, {"id": "b"}, {"id": "c"}],
        [{"id": "c"}, {"id": "a"}],
        [{"id": "c", "locator": "4"}, {"id": "a"}, {"id": "b", "locator": "5"}, {"id": "d"}],
    ]

    def run(options: str, delimiter: str) -> list[str]:
        text = style(
            f'<citation {options}><layout prefix="(" suffix=")" delimiter="{delimiter}">'
            '<group delimiter=" "><names variable="author"><name form="short"/></names>'
            '<date variable="issued"><date-part name="year"/></date></group>'
            '<text variable="locator" prefix=":"/></layout></citation>',
            klass="in-text",
        )
        return cites(text, items, clusters)

    assert run('collapse="year" after-collapse-delimiter="; "', ", ") == [
        "(Smith 2001, 2003; Jones 2002)",
        "(Smith 2001:3; 2003; Jones 2002)",
        "(Jones 2002; Smith 2001)",
        "(Jones 2002:4; Smith 2001, 2003:5; Zed 2000)",
    ]
    assert run('collapse="year" after-collapse-delimiter="; "', "; ") == [
        "(Smith 2001; 2003; Jones 2002)",
        "(Smith 2001:3; 2003; Jones 2002)",
        "(Jones 2002; Smith 2001)",
        "(Jones 2002:4; Smith 2001; 2003:5; Zed 2000)",
    ]
    assert run('collapse="year-suffix" after-collapse-delimiter="; "', ", ") == [
        "(Smith 2001, 2003; Jones 2002)",
        "(Smith 2001:3; 2003; Jones 2002)",
        "(Jones 2002, Smith 2001)",
        "(Jones 2002:4; Smith 2001, 2003:5; Zed 2000)",
    ]
    assert run('collapse="year" after-collapse-delimiter=" / " cite-group-delimiter=" + "', ", ") == [
        "(Smith 2001, 2003 / Jones 2002)",
        "(Smith 2001:3 / 2003 / Jones 2002)",
        "(Jones 2002 / Smith 2001)",
        "(Jones 2002:4 / Smith 2001, 2003:5 / Zed 2000)",
    ]


def test_no_punctuation_merges_across_the_edge_of_an_element_with_formatting_of_its_own() -> None:
    # citeproc-js's adjust.leftward merges no punctuation between two siblings where either has formatting
    # of its own (its affixes count as inside it); a cs:text's own suffix (or a delimiter's mark) after its
    # formatting merges only with the same mark (adjust.downward); the first mark of a prefix first in an
    # element without prefix or formatting moves out (adjust.upward) and merges as usual. The formatting
    # inside a plain group or macro does not count at the group's edges.
    shapes = [
        '<text variable="title" font-style="italic"/><text prefix=". " variable="publisher"/>',
        '<text variable="title" font-style="italic" suffix="."/><text prefix=" " variable="publisher"/>',
        '<group delimiter=". "><text variable="title" font-style="italic"/>'
        '<text variable="publisher"/></group>',
        '<group font-style="italic" suffix="."><text variable="title"/></group>'
        '<text prefix=" " variable="publisher"/>',
        '<text macro="ti" font-style="italic" suffix="."/><text prefix=" " variable="publisher"/>',
        '<group font-style="italic"><text variable="title"/></group><text prefix=". " variable="publisher"/>',
        '<text variable="title"/><text variable="publisher" prefix=". " font-style="italic"/>',
        '<text variable="title" quotes="true"/><text prefix=". " variable="publisher"/>',
        '<text variable="title" font-style="italic" suffix=","/><text prefix=", " variable="publisher"/>',
        '<text variable="title"/><group prefix=". "><text variable="publisher" font-style="italic"/></group>',
        '<group><text variable="title" font-style="italic"/></group><text prefix=". " variable="publisher"/>',
        '<text macro="it"/><text prefix=". " variable="publisher"/>',
        '<text variable="title" font-weight="bold"/><text prefix=": " variable="publisher"/>',
        '<text variable="title"/><group><text variable="publisher" font-style="italic" prefix=". "/></group>',
        '<text variable="title"/><text macro="pb"/>',
        '<text variable="title"/><group font-style="italic"><text variable="publisher" prefix=". "/></group>',
    ]
    layout = "".join(
        f'<group prefix="{"" if n == 0 else " | "}{n}. ">{s}</group>' for n, s in enumerate(shapes)
    )
    text = style(
        '<macro name="ti"><text variable="title"/></macro>'
        '<macro name="it"><text variable="title" font-style="italic"/></macro>'
        '<macro name="pb"><choose><if type="book">'
        '<text variable="publisher" font-style="italic" prefix=". "/></if></choose></macro>'
        '<citation><layout><text value="x"/></layout></citation>'
        f"<bibliography><layout>{layout}</layout></bibliography>"
    )
    items = [
        {"id": "a", "type": "book", "title": "Which Was It?", "publisher": "Pub"},
        {"id": "b", "type": "book", "title": "History, 1941\u20131945 \u0433\u0433.", "publisher": "Pub"},
        # An apostrophe or markup: citeproc-js holds the title as several strings, merged as a group's.
        {"id": "c", "type": "book", "title": "Japan's Surrender?", "publisher": "Pub"},
        {"id": "d", "type": "book", "title": "Japan <i>x</i> Surrender?", "publisher": "Pub"},
    ]
    entries = [entry for _, entry in Processor(text, items, output="html").bibliography_items()]
    assert entries == [
        " | ".join(
            [
                "0. <i>Which Was It?</i>. Pub",
                "1. <i>Which Was It?</i>. Pub",
                "2. <i>Which Was It?</i>. Pub",
                "3. <i>Which Was It?</i> Pub",
                "4. <i>Which Was It?</i> Pub",
                "5. <i>Which Was It?</i>. Pub",
                "6. Which Was It?. <i>Pub</i>",
                "7. “Which Was It?” Pub",
                "8. <i>Which Was It?</i>,, Pub",
                "9. Which Was It? <i>Pub</i>",
                "10. <i>Which Was It?</i> Pub",
                "11. <i>Which Was It?</i> Pub",
                "12. <b>Which Was It?</b>: Pub",
                "13. Which Was It? <i>Pub</i>",
                "14. Which Was It? <i>Pub</i>",
                "15. Which Was It?<i>. Pub</i>",
            ]
        ),
        " | ".join(
            [
                "0. <i>History, 1941–1945 гг.</i>. Pub",
                "1. <i>History, 1941–1945 гг.</i> Pub",
                "2. <i>History, 1941–1945 гг.</i> Pub",
                "3. <i>History, 1941–1945 гг.</i> Pub",
                "4. <i>History, 1941–1945 гг.</i> Pub",
                "5. <i>History, 1941–1945 гг.</i>. Pub",
                "6. History, 1941–1945 гг.. <i>Pub</i>",
                "7. “History, 1941–1945 гг.” Pub",
                "8. <i>History, 1941–1945 гг.</i>,, Pub",
                "9. History, 1941–1945 гг. <i>Pub</i>",
                "10. <i>History, 1941–1945 гг.</i> Pub",
                "11. <i>History, 1941–1945 гг.</i> Pub",
                "12. <b>History, 1941–1945 гг.</b>: Pub",
                "13. History, 1941–1945 гг. <i>Pub</i>",
                "14. History, 1941–1945 гг. <i>Pub</i>",
                "15. History, 1941–1945 гг.<i>. Pub</i>",
            ]
        ),
        " | ".join(
            [
                "0. <i>Japan’s Surrender?</i>. Pub",
                "1. <i>Japan’s Surrender?</i> Pub",
                "2. <i>Japan’s Surrender?</i> Pub",
                "3. <i>Japan’s Surrender?</i> Pub",
                "4. <i>Japan’s Surrender?</i> Pub",
                "5. <i>Japan’s Surrender?</i>. Pub",
                "6. Japan’s Surrender?. <i>Pub</i>",
                "7. “Japan’s Surrender?” Pub",
                "8. <i>Japan’s Surrender?</i>,, Pub",
                "9. Japan’s Surrender? <i>Pub</i>",
                "10. <i>Japan’s Surrender?</i> Pub",
                "11. <i>Japan’s Surrender?</i> Pub",
                "12. <b>Japan’s Surrender?</b>: Pub",
                "13. Japan’s Surrender? <i>Pub</i>",
                "14. Japan’s Surrender? <i>Pub</i>",
                "15. Japan’s Surrender?<i>. Pub</i>",
            ]
        ),
        " | ".join(
            [
                '0. <i>Japan <span style="font-style:normal;">x</span> Surrender?</i>. Pub',
                '1. <i>Japan <span style="font-style:normal;">x</span> Surrender?</i> Pub',
                '2. <i>Japan <span style="font-style:normal;">x</span> Surrender?</i> Pub',
                '3. <i>Japan <span style="font-style:normal;">x</span> Surrender?</i> Pub',
                '4. <i>Japan <span style="font-style:normal;">x</span> Surrender?</i> Pub',
                '5. <i>Japan <span style="font-style:normal;">x</span> Surrender?</i>. Pub',
                "6. Japan <i>x</i> Surrender?. <i>Pub</i>",
                "7. “Japan <i>x</i> Surrender?” Pub",
                '8. <i>Japan <span style="font-style:normal;">x</span> Surrender?</i>,, Pub',
                "9. Japan <i>x</i> Surrender? <i>Pub</i>",
                '10. <i>Japan <span style="font-style:normal;">x</span> Surrender?</i> Pub',
                '11. <i>Japan <span style="font-style:normal;">x</span> Surrender?</i> Pub',
                "12. <b>Japan <i>x</i> Surrender?</b>: Pub",
                "13. Japan <i>x</i> Surrender? <i>Pub</i>",
                "14. Japan <i>x</i> Surrender? <i>Pub</i>",
                "15. Japan <i>x</i> Surrender?<i>. Pub</i>",
            ]
        ),
    ]


def test_a_prefix_does_not_merge_with_the_prefix_around_it() -> None:
    # citeproc-js's adjust.upward merges only the spaces of a prefix and its first child's prefix; their
    # marks both stay (a child's mark moves up only to an element without a prefix of its own).
    text = style(
        '<citation><layout><text value="x"/></layout></citation>'
        '<bibliography><layout><text variable="title"/>'
        '<group prefix=";"><text variable="volume"/><text variable="page" prefix=":"/></group>'
        '<group prefix=" | 2. "><text variable="page" prefix=". "/></group>'
        '<group prefix=" | 3("><group><text variable="page" prefix=":"/></group></group>'
        '<group prefix=" | 4, "><text variable="page" prefix=" "/></group>'
        '<group prefix=" | 5,"><text variable="page" prefix=", "/></group>'
        '<group prefix=" | 6"><text variable="title"/><group prefix="."><text variable="page" prefix=". "/>'
        "</group></group></layout></bibliography>"
    )
    item = {"id": "a", "type": "book", "title": "T", "page": "22"}
    entry = Processor(text, [item], output="text").bibliography_items()[0][1]
    assert entry == "T;:22 | 2. . 22 | 3(:22 | 4, 22 | 5,, 22 | 6T.. 22"


def test_an_empty_names_is_a_predecessor_of_a_term_and_a_group_left_out_is_none() -> None:
    # citeproc-js ends every cs:names (not one of a substitution) by counting it as printed before a term,
    # so "n.d." after an empty author is not capitalised; a group left out restores the flag as it was.
    middles = [
        '<names variable="author"><name/></names>',
        '<names variable="author"><name/><substitute><names variable="editor"/>'
        '<text term="anonymous" form="short"/></substitute></names>',
        '<group><text term="no date" form="short"/><names variable="author"/></group>',
        '<choose><if variable="author"><names variable="author"/></if></choose>'
        '<text term="no date" form="short"/>',
        '<group><text term="no date" form="short"/><text variable="URL"/></group>',
        '<names variable="author"><name/><substitute><text macro="ed"/><text term="anonymous"/></substitute>'
        "</names>",
        # A macro that prints nothing is left out as a group is: the empty cs:names in it leaves nothing.
        '<text macro="ed"/>',
    ]

    def entry(middle: str) -> str:
        text = style(
            '<macro name="ed"><names variable="editor"/></macro>'
            '<citation><layout><text value="x"/></layout></citation>'
            '<bibliography><layout><text variable="citation-number" suffix=" "/>'
            f'{middle}<text term="no date" form="short" prefix=" "/></layout></bibliography>'
        )
        return Processor(
            text, [{"id": "a", "type": "book", "title": "A"}], output="text"
        ).bibliography_items()[0][1]

    assert [entry(m) for m in middles] == [
        "1  n.d.",
        "1 Anon. n.d.",
        "1  N.d.",
        "1 N.d. n.d.",
        "1  N.d.",
        "1 Anonymous n.d.",
        "1  N.d.",
    ]


def test_the_letters_a_language_s_collation_tailors() -> None:
    # citeproc-js sorts with localeCompare in the style's language (ICU's tailorings): Czech "ch" after
    # "h", "č" after "c"; Turkish "I" as dotless "ı" (after "h"), "ü" after "u"; Hungarian "cs", "dzs",
    # "sz", "ny" as letters; Danish "æ ø å" (and "aa") after "z", "ü" as "y".
    words = {
        "cs-CZ": ["Churchill", "Hasegawa", "Ito", "Cyr", "Čapek", "Hz", "Řehoř", "Rz", "Šrámek", "Sz"],
        "tr-TR": [
            "Ivanova",
            "Ito",
            "İnönü",
            "Hz",
            "Irak",
            "Kuznetsova",
            "Külügyi",
            "Çelik",
            "Cz",
            "Şahin",
            "Sz",
            "Öz",
            "Oz",
        ],
        "hu-HU": ["Csoma", "Cz", "Dzsida", "Dy", "Szabó", "Sy", "Nagy", "Nyírő", "Nz", "Őz", "Oz"],
        "da-DK": ["Ærø", "Zahle", "Åby", "Aabenraa", "Abel", "Øster", "Müller", "Myers", "Mz"],
    }
    body = (
        '<citation><layout><text variable="title"/></layout></citation>'
        '<bibliography><sort><key variable="title"/></sort><layout><text variable="title"/></layout>'
        "</bibliography>"
    )

    def order(lang: str) -> list[str]:
        text = style(body).replace('version="1.0"', f'version="1.0" default-locale="{lang}"')
        items = [{"id": word, "type": "book", "title": word} for word in words[lang]]
        return bibliography_order(text, items)

    assert order("cs-CZ") == [
        "Cyr",
        "Čapek",
        "Hasegawa",
        "Hz",
        "Churchill",
        "Ito",
        "Rz",
        "Řehoř",
        "Sz",
        "Šrámek",
    ]
    assert order("tr-TR") == [
        "Cz",
        "Çelik",
        "Hz",
        "Irak",
        "Ito",
        "Ivanova",
        "İnönü",
        "Kuznetsova",
        "Külügyi",
        "Oz",
        "Öz",
        "Sz",
        "Şahin",
    ]
    assert order("hu-HU") == ["Cz", "Csoma", "Dy", "Dzsida", "Nagy", "Nz", "Nyírő", "Oz", "Őz", "Sy", "Szabó"]
    assert order("da-DK") == ["Abel", "Myers", "Müller", "Mz", "Zahle", "Ærø", "Øster", "Aabenraa", "Åby"]


def test_names_taken_away_by_subsequent_author_substitute_still_precede_a_term() -> None:
    # citeproc-js substitutes after printing: the names were a predecessor, so the macro that held them is
    # not one left out ("n.d. D", while the first entry of the author has "Y X n.d. C").
    text = style(
        '<macro name="au"><names variable="author"><name/><substitute>'
        '<text term="anonymous" text-case="capitalize-first"/></substitute></names></macro>'
        '<macro name="yd"><text term="no date" form="short"/></macro>'
        '<citation><layout><text value="x"/></layout></citation>'
        '<bibliography subsequent-author-substitute=""><sort><key variable="title"/></sort><layout>'
        '<group delimiter=" "><text macro="au"/><text macro="yd"/><text variable="title"/></group>'
        "</layout></bibliography>"
    )
    author = [{"family": "X", "given": "Y"}]
    items = [
        {"id": "a", "type": "book", "title": "A"},
        {"id": "b", "type": "book", "title": "B"},
        {"id": "c", "type": "book", "title": "C", "author": author},
        {"id": "d", "type": "book", "title": "D", "author": author},
    ]
    entries = [entry for _, entry in Processor(text, items, output="text").bibliography_items()]
    assert entries == ["N.d. A", "N.d. B", "Y X n.d. C", "n.d. D"]


def test_an_empty_volume_issue_edition_or_number_precedes_a_term() -> None:
    # citeproc-js appends an empty string for these four when they are empty, which counts as printed
    # before a term; other empty variables (page, chapter-number) do not, nor does one in a group left out.
    middles = [
        '<text variable="volume"/>',
        '<text variable="issue"/>',
        '<text variable="edition"/>',
        '<text variable="number"/>',
        '<text variable="page"/>',
        '<text variable="chapter-number"/>',
        '<group><text variable="volume"/></group>',
    ]

    def entry(middle: str) -> str:
        text = style(
            '<citation><layout><text value="x"/></layout></citation><bibliography><layout>'
            f'<text variable="citation-number" suffix=". "/>{middle}<text term="at"/></layout></bibliography>'
        )
        item = {"id": "a", "type": "webpage", "title": "A", "URL": "http://x"}
        return Processor(text, [item], output="text").bibliography_items()[0][1]

    assert [entry(m) for m in middles] == ["1. at", "1. at", "1. at", "1. at", "1. At", "1. At", "1. At"]


def test_a_cite_without_names_stays_collapsed_for_the_after_collapse_delimiter() -> None:
    # citeproc-js leaves have_collapsed set for a cite whose names a term stands in for: only a locator
    # before it brings the after-collapse-delimiter, and the cite after it follows one that collapsed.
    items = [
        {
            "id": "a",
            "type": "book",
            "title": "A",
            "author": [{"family": "Smith", "given": "J"}],
            "issued": {"date-parts": [[2001]]},
        },
        {"id": "n1", "type": "book", "title": "N1", "issued": {"date-parts": [[1945]]}},
        {"id": "n2", "type": "book", "title": "N2", "issued": {"date-parts": [[1939]]}},
        {
            "id": "c",
            "type": "book",
            "title": "C",
            "author": [{"family": "Jones", "given": "K"}],
            "issued": {"date-parts": [[2002]]},
        },
    ]
    clusters = [
        [{"id": "a"}, {"id": "n1", "locator": "12"}, {"id": "n2"}],
        [{"id": "n1"}, {"id": "a"}, {"id": "c"}],
        [{"id": "a"}, {"id": "n1"}, {"id": "c"}],
    ]

    def run(collapse: str) -> list[str]:
        text = style(
            f'<citation collapse="{collapse}" after-collapse-delimiter=";">'
            '<layout prefix="(" suffix=")" delimiter="; "><group delimiter=": "><group delimiter=" ">'
            '<names variable="author"><name form="short"/><substitute><text term="anonymous" form="short"/>'
            '</substitute></names><date variable="issued"><date-part name="year"/></date></group>'
            '<text variable="locator"/></group></layout></citation>',
            klass="in-text",
        )
        return cites(text, items, clusters)

    assert run("year") == [
        "(Smith 2001; anon. 1945: 12;anon. 1939)",
        "(anon. 1945;Smith 2001;Jones 2002)",
        "(Smith 2001; anon. 1945;Jones 2002)",
    ]
    assert run("year-suffix") == [
        "(Smith 2001; anon. 1945: 12;anon. 1939)",
        "(anon. 1945;Smith 2001; Jones 2002)",
        "(Smith 2001; anon. 1945;Jones 2002)",
    ]
