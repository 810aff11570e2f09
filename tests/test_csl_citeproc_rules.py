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


# Found on tests/data/csl/items-third.json (docs/citations.md, "Found on the third item set").


def test_names_in_hebrew_arabic_and_thai_are_romanesque_and_a_latin_given_name_orders_family_first() -> None:
    # citeproc-js's _isRomanesque: a family name with a letter of its romanesque set (Latin, Greek,
    # Cyrillic, Hebrew, Arabic, Thai) is written as a Latin one (inverted with a comma, given name
    # initialised); a family name without one but a given name that starts with one ("李 Wei") is written
    # family name first with a space, as is a romanesque name of a Japanese or Chinese item ("ja-Latn"), or
    # of one whose language is exactly "hu" or "vi"; a name in neither runs together ("王芸生"). Italics on
    # a variable go only where its text has none of those characters (digits count).
    text = style(
        '<citation><layout><names variable="author"><name initialize-with=". "/></names></layout></citation>'
        '<bibliography><layout><group delimiter=" / "><names variable="author">'
        '<name name-as-sort-order="all"/></names><names variable="author"><name initialize-with="."/></names>'
        '<text variable="title" font-style="italic"/></group></layout></bibliography>'
    )
    items = [
        {
            "id": "he",
            "type": "book",
            "title": "ברית הנייטרליות",
            "author": [{"family": "כהן", "given": "יעקב"}],
        },
        {"id": "ar", "type": "book", "title": "العلاقات", "author": [{"family": "الحسيني", "given": "محمد"}]},
        {"id": "mix", "type": "book", "title": "東京 2020", "author": [{"family": "李", "given": "Wei"}]},
        {"id": "zh", "type": "book", "title": "中日关系史", "author": [{"family": "王", "given": "芸生"}]},
        {
            "id": "ja",
            "type": "book",
            "title": "Nisso chūritsu",
            "author": [{"family": "Kudō", "given": "Michihiro"}],
            "language": "ja-Latn",
        },
        {
            "id": "hu",
            "type": "book",
            "title": "Magyar",
            "author": [{"family": "Kovács", "given": "János"}],
            "language": "hu",
        },
        {
            "id": "huhu",
            "type": "book",
            "title": "Magyar",
            "author": [{"family": "Kovács", "given": "János"}],
            "language": "hu-HU",
        },
        {"id": "th", "type": "book", "title": "ประวัติศาสตร์", "author": [{"family": "สมชาย", "given": "ใจดี"}]},
        {
            "id": "ja2",
            "type": "book",
            "title": "日ソ中立条約の研究—1941",
            "author": [{"family": "工藤", "given": "美知尋"}],
        },
    ]
    assert cites(text, items, [[{"id": item["id"]}] for item in items]) == [
        "י. כהן",
        "م. الحسيني",
        "李 W.",
        "王芸生",
        "Kudō M.",
        "Kovács J.",
        "J. Kovács",
        "ใ. สมชาย",
        "工藤美知尋",
    ]
    assert [entry for _, entry in Processor(text, items).bibliography_items()] == [
        "כהן, יעקב / י. כהן / <i>ברית הנייטרליות</i>",
        "الحسيني, محمد / م. الحسيني / <i>العلاقات</i>",
        "李 Wei / 李 W. / <i>東京 2020</i>",
        "王芸生 / 王芸生 / 中日关系史",
        "Kudō Michihiro / Kudō M. / <i>Nisso chūritsu</i>",
        "Kovács János / Kovács J. / <i>Magyar</i>",
        "Kovács, János / J. Kovács / <i>Magyar</i>",
        "สมชาย, ใจดี / ใ. สมชาย / <i>ประวัติศาสตร์</i>",
        "工藤美知尋 / 工藤美知尋 / <i>日ソ中立条約の研究—1941</i>",
    ]


def test_title_case_stop_words_are_citeproc_js_regular_expressions_on_the_word_before_its_punctuation() -> (
    None
):
    # citeproc-js joins its stop words into a regular expression: "v." and "vs." match any character
    # after "v" and "vs" ("v4", "va", "vsx" stay), its " thru" never matches ("Thru"); it tests the part of
    # a word before a period or bracket ("(v4.1)" -> "v4"; "of.the"), and that part as the last word only
    # when nothing follows it ("(V2)", "(Of)", "End.Of"); a word opening with "{" is left alone.
    text = style(
        '<citation><layout><text variable="title"/></layout></citation>'
        '<bibliography><layout><text variable="title" text-case="title"/></layout></bibliography>'
    )
    titles = [
        "formal alliances (v4.1) and (version two) with [data set] of x-ray {brace} v4 4th e-mail mp3 "
        "the iPhone",
        "walking thru the park",
        "déjà vu and vis-à-vis the vsx of (v4.1) data, va. of (v2)",
        "war (of.the) worlds",
        "the v4 b4 ab4 vx c4 ca4 va v2.0 von4 de3 x the end",
        "word (v4.1)",
        "(2nd edition) or (ed.) or (a) or (of)",
        "servicebattalion.ca and of.the end.of",
    ]
    items = [{"id": str(n), "type": "book", "title": t} for n, t in enumerate(titles)]
    assert [entry for _, entry in Processor(text, items, output="text").bibliography_items()] == [
        "Formal Alliances (v4.1) and (Version Two) with [Data Set] of x-Ray {brace} v4 4th e-Mail Mp3 "
        "the iPhone",
        "Walking Thru the Park",
        "Déjà vu and Vis-à-Vis the vsx of (v4.1) Data, va. of (V2)",
        "War (of.the) Worlds",
        "The v4 B4 Ab4 vx C4 Ca4 va v2.0 Von4 De3 x the End",
        "Word (v4.1)",
        "(2nd Edition) or (Ed.) or (a) or (Of)",
        "Servicebattalion.ca and of.the End.Of",
    ]


def test_is_numeric_and_a_label_plural_follow_citeproc_js_number_parser() -> None:
    # citeproc-js's processNumber splits a number variable at its joiners ("&", "and", ", " and "; "
    # with a space, hyphens); the variable is numeric where its first value is a number (with letters
    # after it: "12a"), a roman numeral of i, v, x, or numbers split by "/" ("3/1"), plural where more
    # than one value shares its label and the first can be read as one ("4-е изд."). A label typed
    # before the first value of a number or page ("fig. 3.2", "no. 87") is the label's term.
    parts = "".join(
        f'<group delimiter=" "><choose><if is-numeric="{v}"><text value="N"/></if><else><text value="-"/>'
        f'</else></choose><label variable="{v}" form="short"/></group>'
        for v in ("number", "volume", "page", "edition")
    )
    text = style(
        '<citation><layout><text variable="title"/></layout></citation>'
        f'<bibliography><layout><group delimiter="|">{parts}</group></layout></bibliography>'
    )
    values = [
        "3/1",
        "18 (7-1)",
        "US 2,464,019",
        "2,464",
        "xii",
        "12a-19",
        "4-е изд.",
        "2 & 3 Geo. 6 c. 89",
        "iii-xvii, 1-212",
        "1, 3, 5",
        "fig. 3.2",
        "no. 87",
        "Suppl 1",
    ]
    items = [
        {
            "id": str(n),
            "type": "report",
            "title": "t",
            **dict.fromkeys(("number", "volume", "page", "edition"), v),
        }
        for n, v in enumerate(values)
    ]
    assert [entry for _, entry in Processor(text, items, output="text").bibliography_items()] == [
        "N no.|N vol.|N p.|N ed.",
        "- no.|- vol.|- p.|- ed.",
        "- no.|- vol.|- p.|- ed.",
        "- no.|- vol.|- p.|- ed.",
        "N no.|N vol.|N p.|N ed.",
        "N nos.|N vols.|N pp.|N eds.",
        "N nos.|N vols.|N pp.|N eds.",
        "N nos.|N vols.|N pp.|N eds.",
        "N nos.|N vols.|N pp.|N eds.",
        "N nos.|N vols.|N pp.|N eds.",
        "- fig.|- vol.|- fig.|- ed.",
        "N no.|- vol.|N no.|- ed.",
        "- no.|- vol.|- p.|- ed.",
    ]


def test_a_number_variable_is_written_from_citeproc_js_parsed_values() -> None:
    # citeproc-js writes number, volume, issue, edition, collection-number, chapter-number and the
    # number-of- variables from its parsed values: a hyphen between numbers is the range delimiter for
    # number, volume, issue, edition and collection-number (also "5-3", "18 (7-1)"), for a chapter-number
    # only between plain or roman numbers; a label typed in the field for the variable itself is left
    # out ("vol. 2" in a volume, "no. 87" in an issue or a number), one before a later value printed as its
    # short term ("2, pt. 3"); section and the other number variables are printed as written.
    variables = ("number", "volume", "issue", "collection-number", "chapter-number", "section")
    text = style(
        '<citation><layout><text variable="title"/></layout></citation><bibliography><layout>'
        '<group delimiter="|">' + "".join(f'<text variable="{v}"/>' for v in variables) + "</group>"
        "</layout></bibliography>"
    )
    values = [
        "12-15",
        "5-3",
        "1-3, 5",
        "vol. 2",
        "vol. 2, pt. 3",
        "no. 87",
        "12a-19",
        "18 (7-1)",
        "xii-xiv",
        "ch. 3, sec. 4",
        "S12-15",
        "no. 3-4",
    ]
    items = [
        {"id": str(n), "type": "report", "title": "t", **dict.fromkeys(variables, v)}
        for n, v in enumerate(values)
    ]
    assert [entry for _, entry in Processor(text, items, output="text").bibliography_items()] == [
        "12–15|12–15|12–15|12–15|12–15|12-15",
        "5–3|5–3|5–3|5–3|5-3|5-3",
        "1–3, 5|1–3, 5|1–3, 5|1–3, 5|1–3, 5|1-3, 5",
        "2|2|vol. 2|vol. 2|vol. 2|vol. 2",
        "2, pt. 3|2, pt. 3|vol. 2, pt. 3|vol. 2, pt. 3|vol. 2, pt. 3|vol. 2, pt. 3",
        "87|no. 87|87|no. 87|no. 87|no. 87",
        "12a–19|12a–19|12a–19|12a–19|12a-19|12a-19",
        "18 (7–1)|18 (7–1)|18 (7–1)|18 (7–1)|18 (7-1)|18 (7-1)",
        "xii–xiv|xii–xiv|xii–xiv|xii–xiv|xii–xiv|xii-xiv",
        "3, sec. 4|ch. 3, sec. 4|ch. 3, sec. 4|ch. 3, sec. 4|ch. 3, sec. 4|ch. 3, sec. 4",
        "S12-15|S12-15|S12-15|S12-15|S12-15|S12-15",
        "3–4|no. 3-4|3–4|no. 3-4|no. 3-4|no. 3-4",
    ]


def test_a_label_typed_at_the_start_of_a_page_is_printed_as_the_locale_term() -> None:
    # citeproc-js's number parser takes a known label typed before a page ("fig. 3.2", "p. 5"): a page
    # prints it as the locale's short term unless it is "p."/"pp."; page-first prints none; cs:label uses
    # it, plural where the values are.
    values = [
        "fig. 3.2",
        "p. 5",
        "pp. 5-7",
        "fig. 3-4",
        "col. 12",
        "vol. 2",
        "no. 87",
        "ch. 3",
        "xyz. 4",
        "n. 12",
    ]
    items = [{"id": str(n), "type": "chapter", "title": "t", "page": v} for n, v in enumerate(values)]
    outputs = {}
    for lang in ("en-US", "ru-RU"):
        text = style(
            '<citation><layout><text variable="title"/></layout></citation><bibliography><layout>'
            '<group delimiter="|"><text variable="page"/><text variable="page-first"/>'
            '<label variable="page" form="short"/></group></layout></bibliography>'
        ).replace('version="1.0"', f'version="1.0" default-locale="{lang}"')
        outputs[lang] = [entry for _, entry in Processor(text, items, output="text").bibliography_items()]
    assert outputs["en-US"] == [
        "fig. 3.2|3.2|fig.",
        "5|5|p.",
        "5–7|5|pp.",
        "figs. 3–4|3|figs.",
        "col. 12|12|col.",
        "vol. 2|2|vol.",
        "no. 87|87|no.",
        "chap. 3|3|chap.",
        "xyz. 4|xyz. 4|p.",
        "n. 12|12|n.",
    ]
    assert outputs["ru-RU"] == [
        "рис. 3.2|3.2|рис.",
        "5|5|с.",
        "5–7|5|сс.",
        "рис. 3–4|3|рис.",
        "стб. 12|12|стб.",
        "т. 2|2|т.",
        "вып. 87|87|вып.",
        "гл. 3|3|гл.",
        "xyz. 4|xyz. 4|с.",
        "прим. 12|12|прим.",
    ]


def test_a_page_range_whose_ends_have_letters_after_their_numbers_is_a_range() -> None:
    # citeproc-js's rangerex takes "1a-1c", "2-3a", "12a-13b" for ranges (the en dash, and the format
    # applied to the numbers), "12a-c" not; "S12-S15" keeps or shortens its prefix by the format.
    values = ["12a-c", "S12-S15", "1a-1c", "123-45", "2-3a", "e123-e130", "12-15a", "5a-10", "12a-13b"]
    items = [{"id": str(n), "type": "chapter", "title": "t", "page": v} for n, v in enumerate(values)]
    got = {}
    for fmt in ("", ' page-range-format="chicago"', ' page-range-format="expanded"'):
        text = style(
            '<citation><layout><text variable="title"/></layout></citation><bibliography><layout>'
            '<text variable="page"/></layout></bibliography>'
        ).replace('version="1.0"', f'version="1.0"{fmt}')
        got[fmt] = [entry for _, entry in Processor(text, items, output="text").bibliography_items()]
    assert got[""] == [
        "12a-c",
        "S12–S15",
        "1a–1c",
        "123–45",
        "2–3a",
        "e123–e130",
        "12–15a",
        "5a–10",
        "12a–13b",
    ]
    assert got[' page-range-format="chicago"'] == [
        "12a-c",
        "S12–15",
        "1a–1c",
        "123–45",
        "2–3a",
        "e123–30",
        "12–15a",
        "5a–10",
        "12a–13b",
    ]
    assert got[' page-range-format="expanded"'] == [
        "12a-c",
        "S12–S15",
        "1a–1c",
        "123–145",
        "2–3a",
        "e123–e130",
        "12–15a",
        "5a–10",
        "12a–13b",
    ]


def test_a_raw_date_is_read_as_citeproc_js_date_parser_reads_it() -> None:
    # CSL.DateParser: "~", "?", "c" and "circa" make a date uncertain, "ca." does not (it is dropped);
    # numeric dates are month first unless the first number is over 12; English month words, seasons,
    # other words with "mic", "tri", "hil", "eas" as a season's name, BC, kanji and Japanese era dates,
    # ranges on "-" and "/"; without a year the text is printed as written.
    values = [
        "ca. 1934",
        "circa 1934",
        "c1934",
        "~1934",
        "1934?",
        "13 April 1941",
        "April 13, 1941",
        "1941/1945",
        "1941-04/1945-08",
        "12/25/1945",
        "25/12/1945",
        "Spring 1988",
        "Michaelmas 1945",
        "1941年4月13日",
        "昭和16年4月13日",
        "50 BC",
        "n.d.",
        "Aug 9-15, 1945",
    ]
    text = style(
        '<citation><layout><text variable="title"/></layout></citation><bibliography><layout>'
        '<group delimiter=" "><choose><if is-uncertain-date="issued"><text value="~"/></if></choose>'
        '<date variable="issued" form="text"/></group></layout></bibliography>'
    )
    items = [{"id": str(n), "type": "book", "title": "t", "issued": {"raw": v}} for n, v in enumerate(values)]
    assert [entry for _, entry in Processor(text, items, output="text").bibliography_items()] == [
        "1934",
        "~ 1934",
        "~ 1934",
        "~ 1934",
        "~ 1934",
        "April 13, 1941",
        "April 13, 1941",
        "1941–1945",
        "April 1941–August 1945",
        "December 25, 1945",
        "December 25, 1945",
        "Spring 1988",
        "Michaelmas 1945",
        "April 13, 1941",
        "April 13, 1941",
        "50 BC",
        "n.d.",
        "August 9–15, 1945",
    ]


def test_a_cs_number_that_is_not_numeric_is_written_as_cs_text_writes_it() -> None:
    # citeproc-js's cs:number goes through the same number parser: "18 (7-1)" has its range delimiter, a
    # label for the variable itself goes ("vol. 2"), a later one is its short term ("2, pt. 3").
    variables = ("number", "volume", "issue", "collection-number")
    text = style(
        '<citation><layout><text variable="title"/></layout></citation><bibliography><layout>'
        '<group delimiter="|">' + "".join(f'<number variable="{v}"/>' for v in variables) + "</group>"
        "</layout></bibliography>"
    )
    values = ["vol. 2", "vol. 2, pt. 3", "no. 87", "18 (7-1)", "no. 3-4"]
    items = [
        {"id": str(n), "type": "report", "title": "t", **dict.fromkeys(variables, v)}
        for n, v in enumerate(values)
    ]
    assert [entry for _, entry in Processor(text, items, output="text").bibliography_items()] == [
        "2|2|vol. 2|vol. 2",
        "2, pt. 3|2, pt. 3|vol. 2, pt. 3|vol. 2, pt. 3",
        "87|no. 87|87|no. 87",
        "18 (7–1)|18 (7–1)|18 (7–1)|18 (7–1)",
        "3–4|no. 3-4|3–4|no. 3-4",
    ]


def test_text_case_is_in_the_item_language_and_not_on_a_macro_call_or_a_whole_date() -> None:
    # CSL.toLocaleUpperCase/LowerCase case in the item's language, else the style's (Turkish dotted and
    # dotless i; Greek capitals without accents); citeproc-js applies text-case to strings it outputs, so
    # on a cs:text macro="..." or a whole cs:date it does nothing.
    parts = (
        '<text term="ibid" text-case="lowercase"/><text term="ibid" text-case="uppercase"/>'
        '<text value="Iibid" text-case="lowercase"/><text value="iibid" text-case="uppercase"/>'
        '<text variable="title" text-case="uppercase"/><text variable="title" text-case="lowercase"/>'
        '<text macro="t" text-case="uppercase"/><names variable="author"><name>'
        '<name-part name="family" text-case="uppercase"/></name></names>'
        '<text variable="publisher" text-case="capitalize-all"/>'
    )
    text = style(
        f'<macro name="t"><text variable="title"/></macro><citation><layout><group delimiter="|">{parts}'
        "</group></layout></citation>"
    )
    items = [
        {
            "id": "1",
            "type": "book",
            "title": "Iki istanbul",
            "author": [{"family": "öztürk ilhan", "given": "İsmail"}],
            "publisher": "iletişim",
            "language": "tr",
        },
        {
            "id": "2",
            "type": "book",
            "title": "Ἀθῆναι άλφα",
            "author": [{"family": "Παπαδόπουλος", "given": "Γ"}],
            "publisher": "έκδοση",
            "language": "el",
        },
        {"id": "3", "type": "book", "title": "Iki istanbul", "language": "en"},
    ]
    assert cites(text, items, [[{"id": "1"}], [{"id": "2"}], [{"id": "3"}]]) == [
        "ibid.|İBİD.|ıibid|İİBİD|IKİ İSTANBUL|ıki istanbul|Iki istanbul|İsmail ÖZTÜRK İLHAN|İletişim",
        "ibid.|IBID.|iibid|IIBID|ΑΘΗΝΑΙ ΑΛΦΑ|ἀθῆναι άλφα|Ἀθῆναι άλφα|Γ ΠΑΠΑΔΟΠΟΥΛΟΣ|Εκδοση",
        "ibid.|IBID.|iibid|IIBID|IKI ISTANBUL|iki istanbul|Iki istanbul",
    ]
    text = style(
        '<macro name="t"><text variable="title"/></macro><macro name="e"><text term="edition"/></macro>'
        '<citation><layout><group delimiter="|"><text macro="t" text-case="uppercase"/>'
        '<text macro="e" text-case="uppercase"/><date variable="issued" form="text" text-case="uppercase"/>'
        '<date variable="issued" text-case="uppercase"><date-part name="month"/></date>'
        '<number variable="edition" form="ordinal" text-case="uppercase"/>'
        '<label variable="edition" text-case="uppercase"/></group></layout></citation>'
    )
    item = {
        "id": "1",
        "type": "book",
        "title": "iki istanbul",
        "issued": {"date-parts": [[1941, 4, 13]]},
        "edition": "2",
    }
    assert cites(text, [item], [[{"id": "1"}]]) == ["iki istanbul|edition|April 13, 1941|April|2ND|EDITION"]


def test_no_punctuation_merges_between_a_formatted_element_and_the_next_sibling_prefix() -> None:
    # citeproc-js's adjust.leftward leaves a sibling with formatting alone: its suffix and the next
    # sibling's prefix both print ("<i>Title</i>.. online"), as does a prefix after a formatted string
    # without a suffix; a formatted string's own suffix only drops the mark its text ends in ("period." +
    # "."), not another ("Banzai!."); a formatted group's suffix merges with its text as any group's. A
    # formatted element that ends a group or macro is no sibling of what follows it.
    layouts = [
        '<text variable="title" font-style="italic" suffix="."/><text term="online" prefix=". "/>',
        '<text variable="title" font-style="italic" suffix="."/><text variable="medium" prefix=". "/>',
        '<group font-style="italic" suffix="."><text variable="title"/></group>'
        '<text term="online" prefix=". "/>',
        '<text variable="title" font-style="italic" suffix="."/>'
        '<group prefix=". "><text term="online"/></group>',
        '<text variable="title" font-weight="bold" suffix="."/><text term="online" prefix=". "/>',
        '<text variable="title" font-style="italic"/><text term="online" prefix=". "/>',
        '<text variable="title" quotes="true" suffix="."/><text term="online" prefix=". "/>',
        '<group><text variable="title" font-style="italic"/></group><text term="online" prefix=". "/>',
    ]
    items = [
        {"id": "1", "type": "book", "title": "Plain title", "medium": "CD"},
        {"id": "2", "type": "book", "title": "Banzai!", "medium": "CD"},
        {"id": "3", "type": "book", "title": "Ends with period.", "medium": "CD"},
    ]
    got = []
    for layout in layouts:
        text = style(
            '<citation><layout><text variable="title"/></layout></citation>'
            f"<bibliography><layout>{layout}</layout></bibliography>"
        )
        got.append([entry for _, entry in Processor(text, items).bibliography_items()])
    assert got == [
        ["<i>Plain title</i>.. online", "<i>Banzai!</i>.. online", "<i>Ends with period.</i>. online"],
        ["<i>Plain title</i>.. CD", "<i>Banzai!</i>.. CD", "<i>Ends with period.</i>. CD"],
        ["<i>Plain title</i>.. online", "<i>Banzai!</i>. online", "<i>Ends with period.</i>. online"],
        ["<i>Plain title</i>.. online", "<i>Banzai!</i>.. online", "<i>Ends with period.</i>. online"],
        ["<b>Plain title</b>.. online", "<b>Banzai!</b>.. online", "<b>Ends with period.</b>. online"],
        ["<i>Plain title</i>. online", "<i>Banzai!</i>. online", "<i>Ends with period.</i>. online"],
        ["“Plain title.” online", "“Banzai!” online", "“Ends with period.” online"],
        ["<i>Plain title</i>. online", "<i>Banzai!</i> online", "<i>Ends with period.</i> online"],
    ]


# ---- disambiguation (found by tests/data/csl/items-disambiguation.json; citeproc-js's outputs) ----------

SUBSEQUENT_NOTE = (
    '<citation><layout suffix="."><choose><if position="subsequent">'
    '<group delimiter=" "><group delimiter=", ">'
    '<names variable="author"><name form="short"/></names>'
    '<choose><if disambiguate="true"><text variable="title" font-style="italic"/></if></choose></group>'
    "{backref}</group></if>"
    '<else><group delimiter=", "><names variable="author"/><text variable="title" font-style="italic"/>'
    "</group></else></choose></layout></citation>"
)
DOE = [
    {
        "id": "d1",
        "type": "book",
        "title": "The Pact in Practice",
        "author": [{"family": "Doe", "given": "Richard"}],
    },
    {
        "id": "d2",
        "type": "book",
        "title": "The Pact in Memory",
        "author": [{"family": "Doe", "given": "Richard"}],
    },
]
SMITHS = [
    {
        "id": "s1",
        "type": "book",
        "title": "Manchuria Diaries",
        "author": [{"family": "Smith", "given": "John"}],
    },
    {"id": "s2", "type": "book", "title": "Moscow Cables", "author": [{"family": "Smith", "given": "Jane"}]},
    {
        "id": "s3",
        "type": "book",
        "title": "Soviet Intentions",
        "author": [{"family": "Smith", "given": "J. R."}],
    },
]
BROWNS = [
    {
        "id": "w1",
        "type": "article-journal",
        "title": "Neutral Waters",
        "author": [
            {"family": "Brown", "given": "Alan"},
            {"family": "Green", "given": "Bea"},
            {"family": "White", "given": "Cal"},
        ],
        "issued": {"date-parts": [[2015]]},
    },
    {
        "id": "w2",
        "type": "article-journal",
        "title": "Neutral Skies",
        "author": [
            {"family": "Brown", "given": "Alan"},
            {"family": "Black", "given": "Dan"},
            {"family": "Grey", "given": "Eve"},
        ],
        "issued": {"date-parts": [[2015]]},
    },
]


def test_ambiguity_is_judged_on_the_subsequent_form_of_a_cite() -> None:
    # citeproc-js renders the cite it compares in position "subsequent", near the note: first notes that
    # differ (by title) do not stop two works of Doe's from being ambiguous as "Doe".
    text = style(SUBSEQUENT_NOTE.format(backref=""))
    items = [
        *DOE,
        {"id": "c", "type": "book", "title": "Neutral Waters", "author": [{"family": "Lee", "given": "Sam"}]},
    ]
    clusters = [[{"id": k}] for k in ("d1", "d2", "c", "d1", "d2", "c")]
    assert cites(text, items, clusters)[3:] == [
        "Doe, The Pact in Practice.",
        "Doe, The Pact in Memory.",
        "Lee.",
    ]
    # ... and on the et-al-subsequent form: names are added where that form cuts the list.
    text = style(
        '<citation et-al-min="4" et-al-use-first="1" et-al-subsequent-min="3" et-al-subsequent-use-first="1" '
        'disambiguate-add-names="true"><layout prefix="(" suffix=")" delimiter="; "><group delimiter=" ">'
        '<names variable="author"><name form="short" and="text" delimiter=", "/></names>'
        '<date variable="issued"><date-part name="year"/></date></group></layout></citation>',
        "in-text",
    )
    assert cites(text, BROWNS, [[{"id": "w1"}], [{"id": "w2"}], [{"id": "w1"}], [{"id": "w2"}]]) == [
        "(Brown, Green, and White 2015)",
        "(Brown, Black, and Grey 2015)",
        "(Brown, Green, et al. 2015)",
        "(Brown, Black, et al. 2015)",
    ]


def test_a_pair_told_apart_by_its_first_reference_note_number_is_not_ambiguous() -> None:
    # citeproc-js's scan compares the group's first cite with the others with the note number printed: a
    # pair that differs there is resolved as it is; of three, only the first is proved unique, so all three
    # still take the disambiguate condition.
    text = style(
        SUBSEQUENT_NOTE.format(
            backref='<text variable="first-reference-note-number" prefix="(n " suffix=")"/>'
        )
    )
    keys = ["d1", "d2", "s1", "s2", "s3"]
    assert cites(text, [*DOE, *SMITHS], [[{"id": k}] for k in keys + keys])[5:] == [
        "Doe (n 1).",
        "Doe (n 2).",
        "Smith, Manchuria Diaries (n 3).",
        "Smith, Moscow Cables (n 4).",
        "Smith, Soviet Intentions (n 5).",
    ]


def _names_style(options: str) -> str:
    return style(
        f'<citation et-al-min="3" et-al-use-first="1" {options}><layout prefix="(" suffix=")" delimiter="; ">'
        '<group delimiter=" "><names variable="author"><name form="short" initialize-with=". "/></names>'
        '<date variable="issued"><date-part name="year"/></date></group></layout></citation>'
        '<bibliography et-al-min="3" et-al-use-first="1"><sort><key variable="title"/></sort>'
        '<layout suffix=".">'
        '<group delimiter=". "><names variable="author">'
        '<name name-as-sort-order="all" initialize-with="." delimiter=", "/></names>'
        '<text variable="title"/></group></layout></bibliography>',
        "in-text",
    )


def test_the_bibliography_shows_names_as_fully_as_the_cite_where_the_citation_adds_given_names() -> None:
    items = [{**item, "issued": {"date-parts": [[2001]]}} for item in SMITHS] + BROWNS
    clusters = [[{"id": k}] for k in ("s1", "s2", "s3", "w1", "w2")]
    proc = Processor(
        _names_style('disambiguate-add-givenname="true" disambiguate-add-names="true"'), items, output="text"
    )
    document = [{"citationItems": c, "properties": {"noteIndex": n + 1}} for n, c in enumerate(clusters)]
    # J. R. Smith is told apart at initials and keeps them; John and Jane go on to their given names.
    assert proc.cite_clusters(document) == [
        "(John Smith 2001)",
        "(Jane Smith 2001)",
        "(J. R. Smith 2001)",
        "(Brown, Green, et al. 2015)",
        "(Brown, Black, et al. 2015)",
    ]
    assert proc.bibliography_entries() == [
        "Smith, John. Manchuria Diaries.",
        "Smith, Jane. Moscow Cables.",
        "Brown, A., Black, D., et al. Neutral Skies.",
        "Brown, A., Green, B., et al. Neutral Waters.",
        "Smith, J.R. Soviet Intentions.",
    ]
    # Without disambiguate-add-givenname the bibliography keeps its own names (citeproc-js passes its
    # settings on only then).
    proc = Processor(_names_style('disambiguate-add-names="true"'), items, output="text")
    assert proc.cite_clusters(document)[3:] == ["(Brown, Green, et al. 2015)", "(Brown, Black, et al. 2015)"]
    assert proc.bibliography_entries() == [
        "Smith, J. Manchuria Diaries.",
        "Smith, J. Moscow Cables.",
        "Brown, A. et al. Neutral Skies.",
        "Brown, A. et al. Neutral Waters.",
        "Smith, J.R. Soviet Intentions.",
    ]


def test_the_bibliography_shows_as_many_names_as_the_cite() -> None:
    # Where the citation adds names and given names, citeproc-js's bibliography takes the cite's number of
    # names too: a cite that prints all nine authors keeps the bibliography's et-al from cutting them.
    people = [{"family": f"F{i}", "given": f"G{i}"} for i in range(9)]
    items = [
        {"id": "a", "type": "book", "title": "A", "author": people},
        {"id": "b", "type": "book", "title": "B", "author": [{"family": "Solo", "given": "Han"}]},
    ]
    for options, first in (
        (
            'disambiguate-add-givenname="true" disambiguate-add-names="true"',
            ", ".join(f"G{i} F{i}" for i in range(9)),
        ),
        ('disambiguate-add-names="true"', "G0 F0, G1 F1, G2 F2, et al."),
    ):
        text = style(
            f'<citation {options}><layout><names variable="author"><name form="short"/></names></layout>'
            '</citation><bibliography et-al-min="7" et-al-use-first="3"><layout><names variable="author">'
            "<name/></names></layout></bibliography>",
            "in-text",
        )
        proc = Processor(text, items, output="text")
        assert proc.cite_clusters([{"citationItems": [{"id": "a"}], "properties": {"noteIndex": 1}}]) == [
            "F0, F1, F2, F3, F4, F5, F6, F7, F8"
        ]
        assert proc.bibliography_entries() == [first, "Han Solo"]


def test_subsequent_author_substitute_compares_names_as_the_item_gives_them() -> None:
    # John and Jane Smith both print "Smith J": no repeat; Jane's second work is one.
    text = style(
        '<citation><layout><text variable="title"/></layout></citation>'
        '<bibliography subsequent-author-substitute="---"><sort><key variable="title"/></sort>'
        '<layout suffix=".">'
        '<group delimiter=", "><names variable="author">'
        '<name initialize-with="" name-as-sort-order="all" sort-separator=" "/></names>'
        '<text variable="title"/></group></layout></bibliography>'
    )
    items = [
        {
            "id": "a",
            "type": "book",
            "title": "A Manchuria Diary",
            "author": [{"family": "Smith", "given": "John"}],
        },
        {
            "id": "b",
            "type": "book",
            "title": "B Moscow Cables",
            "author": [{"family": "Smith", "given": "Jane"}],
        },
        {
            "id": "c",
            "type": "book",
            "title": "C Return to Harbin",
            "author": [{"family": "Smith", "given": "Jane"}],
        },
        {
            "id": "d",
            "type": "book",
            "title": "D Soviet Intentions",
            "author": [{"family": "Smith", "given": "J."}],
        },
    ]
    assert Processor(text, items, output="text").bibliography_entries() == [
        "Smith J, A Manchuria Diary.",
        "Smith J, B Moscow Cables.",
        "---, C Return to Harbin.",
        "Smith J, D Soviet Intentions.",
    ]


def test_subsequent_author_substitute_on_what_stands_in_for_the_author() -> None:
    items = [
        {"id": "a", "type": "book", "title": "A One", "author": [{"family": "Orwell", "given": "George"}]},
        {"id": "b", "type": "book", "title": "B Two"},
        {"id": "c", "type": "book", "title": "C Three", "author": [{"family": "Orwell", "given": "George"}]},
        {"id": "d", "type": "article-newspaper", "title": "Pact Signed", "container-title": "The Times"},
        {"id": "e", "type": "article-newspaper", "title": "Pact Signed", "container-title": "The Guardian"},
        {"id": "f", "type": "book", "title": "F Documents", "editor": [{"family": "Fox", "given": "Gil"}]},
        {"id": "g", "type": "book", "title": "G Documents", "editor": [{"family": "Fox", "given": "Gil"}]},
    ]

    def entries(substitute: str, rule: str = "") -> list[str]:
        text = style(
            '<citation><layout><text variable="title"/></layout></citation>'
            f'<bibliography subsequent-author-substitute="---"{rule}><sort><key variable="container-title"/>'
            '<key variable="title"/></sort><layout suffix="."><group delimiter=", ">'
            f'<names variable="author"><name/><substitute>{substitute}</substitute></names>'
            '<text variable="title" font-style="italic"/><text variable="container-title"/></group></layout>'
            '</bibliography><macro name="title"><text variable="title" quotes="true"/></macro>'
        )
        return Processor(text, items, output="text").bibliography_entries()

    # A title standing in is compared by its value and, under complete-all, substituted inside its own
    # quotes; under the partial rules what holds it is replaced, quotes and all.
    stand_ins = '<names variable="editor"/><text macro="title"/>'
    assert entries(stand_ins) == [
        "\u201cPact Signed,\u201d The Guardian.",
        "\u201c---,\u201d The Times.",
        "George Orwell, A One.",
        "\u201cB Two.\u201d",
        "George Orwell, C Three.",
        "Gil Fox, F Documents.",
        "---, G Documents.",
    ]
    assert entries(stand_ins, ' subsequent-author-substitute-rule="partial-first"')[:2] == [
        "\u201cPact Signed,\u201d The Guardian.",
        "---, The Times.",
    ]
    # A cs:names with a cs:name of its own that prints nothing uses up the entry's one check: no editor or
    # title after it is substituted, and the names compared next are still the entry's before ("C Three"
    # after "B Two" repeats "A One"'s author).
    assert entries('<names variable="guest"><name/></names>' + stand_ins) == [
        "\u201cPact Signed,\u201d The Guardian.",
        "\u201cPact Signed,\u201d The Times.",
        "George Orwell, A One.",
        "\u201cB Two.\u201d",
        "---, C Three.",
        "Gil Fox, F Documents.",
        "Gil Fox, G Documents.",
    ]


def test_disambiguate_conditions_are_turned_on_one_at_a_time() -> None:
    # citeproc-js's disambiguate count: the cites still ambiguous with the first condition on take the
    # second as well; the others keep the first only.
    text = style(
        '<citation><layout suffix="."><group delimiter=", "><names variable="author"><name form="short"/>'
        '</names><choose><if disambiguate="true"><text variable="title" font-style="italic"/></if></choose>'
        '<choose><if disambiguate="true"><date variable="issued"><date-part name="year"/></date></if>'
        "</choose></group></layout></citation>"
    )
    hasegawa = [{"family": "Hasegawa", "given": "Tsuyoshi"}]
    items = [
        {
            "id": "a",
            "type": "book",
            "title": "Racing the Enemy",
            "author": hasegawa,
            "issued": {"date-parts": [[2005]]},
        },
        {
            "id": "b",
            "type": "book",
            "title": "The End of the Imperial Japanese Army",
            "author": hasegawa,
            "issued": {"date-parts": [[2007]]},
        },
        {
            "id": "c",
            "type": "book",
            "title": "Collected Papers",
            "author": hasegawa,
            "issued": {"date-parts": [[1998]]},
        },
        {
            "id": "d",
            "type": "book",
            "title": "Collected Papers",
            "author": hasegawa,
            "issued": {"date-parts": [[2010]]},
        },
        {
            "id": "e",
            "type": "book",
            "title": "Neutrality",
            "author": [{"family": "Slavinsky", "given": "Boris"}],
            "issued": {"date-parts": [[1995]]},
        },
    ]
    assert cites(text, items, [[{"id": k}] for k in "abcde"]) == [
        "Hasegawa, Racing the Enemy.",
        "Hasegawa, The End of the Imperial Japanese Army.",
        "Hasegawa, Collected Papers, 1998.",
        "Hasegawa, Collected Papers, 2010.",
        "Slavinsky.",
    ]


def test_global_given_name_rules_expand_each_name_as_far_as_its_family_needs() -> None:
    # citeproc-js's name register: initials where people of a family differ in them, the given name in full
    # where someone else shares one's initials (not under the -with-initials rules); no expansion where
    # initials would not help (Cecil and Charles Doe under all-names-with-initials).
    items = [
        {"id": "1", "type": "book", "author": [{"family": "Smith", "given": "John"}]},
        {"id": "2", "type": "book", "author": [{"family": "Smith", "given": "Jane"}]},
        {"id": "3", "type": "book", "author": [{"family": "Smith", "given": "Kate"}]},
        {"id": "4", "type": "book", "author": [{"family": "Doe", "given": "Cecil"}]},
        {"id": "5", "type": "book", "author": [{"family": "Doe", "given": "Charles"}]},
    ]
    full = "John Smith; Jane Smith; K. Smith; Cecil Doe; Charles Doe"
    initials = "J. Smith; J. Smith; K. Smith; Doe; Doe"
    for rule, want in (
        ("all-names", full),
        ("all-names-with-initials", initials),
        ("primary-name", full),
        ("primary-name-with-initials", initials),
    ):
        text = style(
            f'<citation disambiguate-add-givenname="true" givenname-disambiguation-rule="{rule}">'
            '<layout delimiter="; "><names variable="author"><name initialize-with=". " form="short"/>'
            "</names></layout></citation>"
        )
        assert cites(text, items, [[{"id": k} for k in "12345"]]) == [want], rule


def test_initials_typed_with_different_spacing_are_one_person() -> None:
    # citeproc-js's name register keys a given name with periods as spaces: "J. J." and "J.J." Doe are one
    # person and need no given name; J. J. and John Roe differ in their initials.
    items = [
        {"id": "1", "type": "book", "title": "One", "author": [{"family": "Doe", "given": "J. J."}]},
        {"id": "2", "type": "book", "title": "Two", "author": [{"family": "Doe", "given": "J.J."}]},
        {"id": "3", "type": "book", "title": "Three", "author": [{"family": "Roe", "given": "J. J."}]},
        {"id": "4", "type": "book", "title": "Four", "author": [{"family": "Roe", "given": "John"}]},
    ]
    text = style(
        '<citation disambiguate-add-givenname="true" givenname-disambiguation-rule="all-names">'
        '<layout delimiter="; "><group delimiter=", "><names variable="author">'
        '<name initialize-with=". " form="short"/></names><text variable="title"/></group></layout>'
        "</citation>"
    )
    assert cites(text, items, [[{"id": k} for k in "1234"]]) == [
        "Doe, One; Doe, Two; J. J. Roe, Three; J. Roe, Four"
    ]


def test_an_accessed_date_does_not_tell_cites_apart() -> None:
    # citeproc-js renders no accessed date in the cite it compares for ambiguity (just_looking), so two
    # undated pages of one author are ambiguous and take year suffixes, here after the first year printed.
    items = [
        {
            "id": "1",
            "type": "webpage",
            "title": "Archive Guide",
            "author": [{"family": "Kim", "given": "Ana"}],
            "accessed": {"date-parts": [[2020, 5, 1]]},
        },
        {
            "id": "2",
            "type": "webpage",
            "title": "Archive Index",
            "author": [{"family": "Kim", "given": "Ana"}],
            "accessed": {"date-parts": [[2021, 6, 2]]},
        },
    ]
    text = style(
        '<citation disambiguate-add-year-suffix="true"><layout delimiter="; " prefix="(" suffix=")">'
        '<group delimiter=" "><names variable="author"><name form="short"/></names>'
        '<choose><if variable="issued"><date variable="issued"><date-part name="year"/></date></if>'
        '<else><text term="no date" form="short"/></else></choose></group>'
        '<date variable="accessed" prefix=", accessed "><date-part name="year"/></date></layout></citation>',
        "in-text",
    )
    assert cites(text, items, [[{"id": "1"}, {"id": "2"}]]) == [
        "(Kim n.d., accessed 2020a; Kim n.d., accessed 2021b)"
    ]


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


# ---- fifth corpus round (seeds 31337 and 2024; docs/citations.md, "fifth round") ------------------------


def test_display_applies_only_at_the_layouts_own_level() -> None:
    # citeproc-js reads display where its render_nesting_level is 0 (CSL.Util.substituteStart): on an
    # element of the layout itself, through cs:choose, or on a macro call there; inside a group or a macro
    # the attribute is ignored.
    text = style(
        '<macro name="m"><group display="block"><text variable="title"/></group></macro>'
        '<macro name="m2"><text variable="title" display="indent"/></macro>'
        '<citation><layout><text variable="title"/></layout></citation>'
        '<bibliography><layout suffix=".">'
        '<group delimiter=". "><text value="A"/><group display="block"><text variable="title"/></group>'
        '<text value="B" display="indent"/></group>'
        '<text value="C" display="block"/><text macro="m"/><group><text macro="m2"/></group>'
        '<choose><if type="book"><text value="D" display="indent"/></if></choose>'
        "</layout></bibliography>",
        klass="in-text",
    )
    items = [{"id": "a", "type": "book", "title": "Pact"}]
    assert Processor(text, items, output="text").bibliography_items() == [
        ("a", "A. Pact. B\nCPactPact\n    D.")
    ]
    assert Processor(text, items).bibliography_items() == [
        (
            "a",
            'A. Pact. B\n\n    <div class="csl-block">C</div>\nPactPact<div class="csl-indent">D</div>\n  .',
        )
    ]


def test_a_page_range_with_letters_is_padded_and_formatted_as_citeproc_js_does() -> None:
    # CSL.Util.PageRangeMangler: expand() pads the shorter end from the longer one's characters, letters
    # counted, then minimal compares the strings and chicago the numbers (whose remainder has no letters).
    pages = ["12a-19", "100a-102", "1a-1c", "2-3a", "12a-13b", "101a-105b", "19a-12", "321a-28", "1234a-1299"]
    items = [{"id": f"p{n}", "type": "book", "title": "T", "page": p} for n, p in enumerate(pages)]

    def run(fmt: str) -> list[str]:
        attr = f' page-range-format="{fmt}"' if fmt else ""
        text = style('<citation><layout><text variable="page"/></layout></citation>').replace(
            'version="1.0"', f'version="1.0"{attr}'
        )
        return cites(text, items, [[{"id": item["id"]}] for item in items])

    expanded = ["12a–119", "100a–1102", "1a–1c", "2–3a", "12a–13b", "101a–105b", "19a–112", "321a–3228"]
    assert run("") == [*expanded[:6], "19a–12", "321a–28", "1234a–11299"]
    assert run("expanded") == [*expanded, "1234a–11299"]
    minimal = ["12a–19", "100a–102", "1a–1c", "2–3a", "12a–3b", "101a–5b", "19a–12", "321a–28", "1234a–1299"]
    assert run("minimal") == minimal
    assert run("minimal-two") == minimal
    chicago = [*expanded[:5], "101a–5", "19a–112", "321a–3228", "1234a–11299"]
    assert run("chicago") == chicago
    assert run("chicago-16") == chicago


def test_a_mark_after_a_quoted_string_that_ends_a_group_or_macro_goes_inside_the_quotes() -> None:
    # citeproc-js's adjust.downward moves the first mark of a group's suffix, or of a delimiter after the
    # group or macro (copied to its suffix), into the string at its end, so inside the string's quotes,
    # ":" and ";" too; a delimiter right after the quoted cs:text and its own suffix move only . , ! ?
    # (adjust.fix). A string with an apostrophe is several to citeproc-js, and the mark stays outside;
    # cites are joined after all this.
    text = style(
        '<macro name="t"><text variable="title" quotes="true"/></macro>'
        '<citation><layout delimiter="; "><group delimiter=" | ">'
        '<group delimiter=": "><group><text variable="title" quotes="true"/></group>'
        '<text variable="locator"/></group>'
        '<group delimiter=": "><text variable="title" quotes="true"/><text variable="page"/></group>'
        '<group suffix=";"><text variable="title" quotes="true"/></group>'
        '<text variable="title" quotes="true" suffix=":"/>'
        '<group delimiter=": "><text macro="t"/><text variable="volume"/></group>'
        '<group><text variable="title" quotes="true"/></group>'
        "</group></layout></citation>"
    )
    items = [
        {"id": "a", "type": "book", "title": "Pact", "page": "5", "volume": "2"},
        {"id": "b", "type": "book", "title": "Japan's War", "page": "5", "volume": "2"},
    ]
    clusters = [[{"id": "a", "locator": "12"}], [{"id": "b", "locator": "12"}], [{"id": "a"}, {"id": "b"}]]
    pact = "“Pact:” 12 | “Pact”: 5 | “Pact;” | “Pact”: | “Pact:” 2 | “Pact”"
    war = (
        "“Japan’s War”: 12 | “Japan’s War”: 5 | “Japan’s War”; | “Japan’s War”: | “Japan’s War”: 2 | "
        "“Japan’s War”"
    )
    assert cites(text, items, clusters) == [
        pact,
        war,
        "“Pact” | “Pact”: 5 | “Pact;” | “Pact”: | “Pact:” 2 | “Pact”; “Japan’s War” | “Japan’s War”: 5 | "
        "“Japan’s War”; | “Japan’s War”: | “Japan’s War”: 2 | “Japan’s War”",
    ]


def test_an_implicit_year_suffix_takes_the_year_date_parts_affixes_formatting_and_case() -> None:
    # citeproc-js makes the suffix a CSL.NumericBlob of the year date-part's token: "(2003)(a)"; it
    # follows the first year printed only.
    text = style(
        '<citation disambiguate-add-year-suffix="true"><layout delimiter="; "><group delimiter=" ">'
        '<names variable="author"><name form="short"/></names><date variable="issued">'
        '<date-part name="year" prefix="(" suffix=")" font-style="italic" text-case="uppercase"/></date>'
        "</group></layout></citation>"
        '<bibliography><layout><group delimiter=" "><names variable="author"><name form="short"/></names>'
        '<date variable="issued" prefix="[" suffix="]"><date-part name="year" prefix="(" suffix=")"/></date>'
        '<date variable="issued"><date-part name="year" font-weight="bold"/></date><text variable="title"/>'
        "</group></layout></bibliography>",
        klass="in-text",
    )
    doe = [{"family": "Doe", "given": "J"}]
    items = [
        {"id": k, "type": "book", "title": k.upper(), "author": doe, "issued": {"date-parts": [[2003]]}}
        for k in ("a", "b")
    ]
    assert cites(text, items, [[{"id": "a"}], [{"id": "b"}]]) == ["Doe (2003)(A)", "Doe (2003)(B)"]
    html = Processor(text, items)
    assert html.cite_clusters([[{"id": "a"}]]) == ["Doe (<i>2003</i>)(<i>A</i>)"]
    assert html.bibliography_items() == [
        ("a", "Doe [(2003)(a)] <b>2003</b> A"),
        ("b", "Doe [(2003)(b)] <b>2003</b> B"),
    ]


def test_second_field_align_with_nothing_after_the_first_field_opens_no_right_part() -> None:
    # citeproc-js opens its right-inline part (bib_other) only when something follows the first field, and
    # the layout's suffix goes with it.
    text = style(
        '<citation><layout><text variable="citation-number"/></layout></citation>'
        '<bibliography second-field-align="flush"><layout suffix=".">'
        '<text variable="citation-number" suffix=")"/><text variable="title" prefix=" "/>'
        "</layout></bibliography>",
        klass="in-text",
    )
    items = [{"id": "a", "type": "book", "title": "Pact"}, {"id": "b", "type": "book"}]
    assert Processor(text, items, output="text").bibliography_items() == [("a", "1)  Pact."), ("b", "2) ")]
    assert Processor(text, items).bibliography_items() == [
        ("a", '\n    <div class="csl-left-margin">1)</div><div class="csl-right-inline"> Pact.</div>\n  '),
        ("b", '\n    <div class="csl-left-margin">2)</div>'),
    ]


def test_a_shorthand_names_in_substitute_takes_the_affixes_of_the_names_it_stands_in_for() -> None:
    # citeproc-js prints a cs:names without children in cs:substitute (also inside a cs:choose there) as
    # the cs:names it stands in for, that one's affixes and formatting in place of its own; a cs:names
    # with a cs:name of its own keeps its own affixes only, and a cs:text its own.
    def run(names: str) -> list[str]:
        text = style(f"<citation><layout>{names}</layout></citation>")
        items = [{"id": "a", "type": "book", "title": "T", "editor": [{"family": "Doe", "given": "J"}]}]
        return cites(text, items, [[{"id": "a"}]])

    outer = '<names variable="author" prefix="[" suffix="]"><name/><substitute>{}</substitute></names>'
    assert run(outer.format('<names variable="editor" prefix="{" suffix="}"/>')) == ["[J Doe]"]
    assert run(outer.format('<names variable="editor" font-style="italic" suffix="}"/>')) == ["[J Doe]"]
    assert run(
        outer.format('<choose><if type="book"><names variable="editor" prefix="{" suffix="}"/></if></choose>')
    ) == ["[J Doe]"]
    assert run(
        outer.format('<names variable="editor" prefix="{" suffix="}"><name form="short"/></names>')
    ) == ["{Doe}"]
    plain_outer = (
        '<names variable="author"><name/><substitute><names variable="editor" prefix="{" suffix="}"/>'
    )
    assert run(plain_outer + "</substitute></names>") == ["J Doe"]
    assert run(
        '<names variable="author" prefix="[" suffix="]" font-weight="bold"><name/><substitute>'
        '<text variable="title" prefix="(" suffix=")"/></substitute></names>'
    ) == ["(T)"]


def test_an_empty_macro_resets_the_group_flag_and_marks_go_into_strings_that_end_a_group() -> None:
    # citeproc-js's group END sets the enclosing group's variable_attempt to that of a group or macro it
    # leaves out: an empty macro after an empty container title clears it, so the term before prints
    # ("In:"; with the macro first it does not). adjust.downward: a delimiter's mark after a group whose
    # last string has a suffix of its own goes into the string where the two marks merge into one
    # ("In.:", "Press.:", "Press.?"); after the cs:text itself it is appended to the suffix ("Press:.").
    text = style(
        '<macro name="empty"><choose><if type="chapter"><text variable="note"/></if></choose></macro>'
        '<citation><layout><text variable="title"/></layout></citation>'
        '<bibliography><layout><group delimiter=". "><text variable="title"/>'
        '<group delimiter=" "><text term="in" text-case="capitalize-first" font-style="italic" suffix=":"/>'
        '<group delimiter=". "><text variable="container-title"/><text macro="empty"/></group></group>'
        '<group delimiter=" "><text term="in" suffix=":"/>'
        '<group delimiter=". "><text macro="empty"/><text variable="container-title"/></group></group>'
        '<group><text variable="publisher" suffix=":"/></group>'
        '<group><text variable="publisher" suffix="?"/></group>'
        '<text variable="publisher" suffix=":"/>'
        '<group><text variable="publisher-place" suffix=";"/></group>'
        '<text value="end"/></group></layout></bibliography>',
        klass="in-text",
    )
    items = [{"id": "a", "type": "book", "title": "Pact", "publisher": "Press", "publisher-place": "Tokyo?"}]
    assert Processor(text, items, output="text").bibliography_items() == [
        ("a", "Pact. In.: Press.: Press.? Press:. Tokyo?; end")
    ]
    assert Processor(text, items).bibliography_items() == [
        ("a", "Pact. <i>In.</i>: Press.: Press.? Press:. Tokyo?; end")
    ]


def test_a_first_prefix_mark_leaves_a_display_block_that_opens_the_entry_or_joins_the_block_before() -> None:
    # citeproc-js's adjust.upward moves the first mark or space of a first prefix up through first places
    # without formatting: out of a block that opens the entry; adjust.leftward puts a block's first prefix
    # mark at the end of the block before it. Formatting or a prefix of the block's own keep them inside.
    def entry(first: str) -> tuple[str, str]:
        text = style(
            '<citation><layout><text variable="title"/></layout></citation>'
            f'<bibliography><layout>{first}<group display="block">'
            '<text variable="title" prefix=" (" suffix=")"/></group>'
            '<text variable="title" display="indent" prefix=", "/><group display="block">'
            '<text variable="title" font-style="italic" prefix=" [" suffix="]"/></group>'
            '<group display="block" prefix="(" suffix=")"><text variable="title" prefix=" "/></group>'
            "</layout></bibliography>",
            klass="in-text",
        )
        items = [{"id": "a", "type": "book", "title": "Pact"}]
        return (
            Processor(text, items, output="text").bibliography_items()[0][1],
            Processor(text, items).bibliography_items()[0][1],
        )

    rest = (
        ',</div>\n<div class="csl-indent"> Pact</div>\n  \n\n    <div class="csl-block"> [<i>Pact</i>]'
        '</div>\n\n\n    <div class="csl-block">( Pact)</div>\n'
    )
    assert entry('<text value="A"/>') == (
        "A\n (Pact),\n     Pact\n [Pact]\n( Pact)",
        'A\n\n    <div class="csl-block"> (Pact)' + rest,
    )
    assert entry("") == (
        " \n(Pact),\n     Pact\n [Pact]\n( Pact)",
        ' \n\n    <div class="csl-block">(Pact)' + rest,
    )
