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
