"""The rules found by the disambiguation stress sample (tests/test_csl_disambiguation_scale.py), one test
each, on small styles. Every expected output is citeproc-js 2.4.63's own for the same style, items and
citations (rendered with ``rebuildProcessorState``, then ``makeBibliography``), not pactcli's."""

from __future__ import annotations

from typing import Any

from pactcli.csl import Processor
from pactcli.csl.locale import PACKAGE_LOCALES

HEAD = (
    '<?xml version="1.0" encoding="utf-8"?><style xmlns="http://purl.org/net/xbiblio/csl" class="in-text"'
    ' version="1.0"><info><title>t</title><id>t</id><updated>2009-08-10T04:49:00+09:00</updated></info>'
)


def _clusters(*cites: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{"citationItems": c, "properties": {"noteIndex": n + 1}} for n, c in enumerate(cites)]


def _book(key: str, family: str, given: str, year: int | None = None, **more: Any) -> dict[str, Any]:
    item: dict[str, Any] = {
        "id": key,
        "type": "book",
        "title": key.upper(),
        "author": [{"family": family, "given": given}],
    }
    if year:
        item["issued"] = {"date-parts": [[year]]}
    return {**item, **more}


DOES = [_book(k, "Doe", "J", 2000) for k in "abc"]


def test_year_suffix_collapsing_drops_the_year_whatever_the_locators() -> None:
    # The year after a cite of the same author and year goes whether or not either cite has a locator;
    # a cite that prints its suffix alone joins with the layout delimiter, one with more as a collapsed
    # cite (", ").
    style = (
        HEAD + '<citation disambiguate-add-year-suffix="true" collapse="year-suffix"><layout prefix="("'
        ' suffix=")" delimiter="; "><group delimiter=", "><names variable="author"><name form="short"/>'
        '</names><date variable="issued"><date-part name="year"/></date><text variable="locator"/></group>'
        "</layout></citation></style>"
    )
    cites = [{"id": "a", "locator": "12"}, {"id": "b"}, {"id": "c", "locator": "14"}]
    got = Processor(style, DOES, locales_dir=PACKAGE_LOCALES).cite_clusters(_clusters(cites))
    assert got == ["(Doe, 2000a, 12; b, c, 14)"]


def test_citation_numbers_collapse_where_the_locator_prints_nothing() -> None:
    style = (
        HEAD + '<citation collapse="citation-number"><sort><key variable="citation-number"/></sort>'
        '<layout prefix="[" suffix="]" delimiter=",">CITE</layout></citation><bibliography><layout>'
        '<text variable="citation-number"/></layout></bibliography></style>'
    )
    cites = [{"id": "a"}, {"id": "b", "locator": "5"}, {"id": "c"}]
    bare = style.replace("CITE", '<text variable="citation-number"/>')
    with_locator = style.replace(
        "CITE", '<group delimiter=" "><text variable="citation-number"/><text variable="locator"/></group>'
    )
    assert Processor(bare, DOES, locales_dir=PACKAGE_LOCALES).cite_clusters(_clusters(cites)) == ["[1–3]"]
    got = Processor(with_locator, DOES, locales_dir=PACKAGE_LOCALES).cite_clusters(_clusters(cites))
    assert got == ["[1,2 5,3]"]


def test_the_name_register_counts_the_names_a_sort_key_renders() -> None:
    # Jane Kim, an editor that only the bibliography's sort key prints, makes "Kim" ambiguous under the
    # primary-name rule; without that key she counts for nothing.
    def style(key: bool) -> str:
        return (
            HEAD + '<macro name="ed"><names variable="editor"/></macro><citation'
            ' disambiguate-add-givenname="true" givenname-disambiguation-rule="primary-name"><layout'
            ' delimiter="; "><names variable="author"><name form="short" initialize-with=". "/></names>'
            "</layout></citation><bibliography>"
            + ('<sort><key macro="ed"/></sort>' if key else "")
            + '<layout><names variable="author"/></layout></bibliography></style>'
        )

    items = [
        {**_book("a", "Kim", "Chihiro")},
        {**_book("b", "Kim", "Chihiro"), "type": "chapter", "editor": [{"family": "Kim", "given": "Jane"}]},
    ]
    clusters = _clusters([{"id": "a"}], [{"id": "b"}])
    assert (
        Processor(style(True), items, locales_dir=PACKAGE_LOCALES).cite_clusters(clusters) == ["C. Kim"] * 2
    )
    assert Processor(style(False), items, locales_dir=PACKAGE_LOCALES).cite_clusters(clusters) == ["Kim"] * 2


def test_a_global_given_name_rule_sorts_the_bibliography_by_the_names_it_gives() -> None:
    # Under primary-name, "Hosoya, Jane" sorts after "Hosoya, J." (the sort key gives her name as the
    # register does); under by-cite the key keeps the initials and the year decides.
    def style(rule: str) -> str:
        return (
            HEAD + '<macro name="au"><names variable="author"><name name-as-sort-order="all"'
            ' initialize-with=". "/></names></macro><citation disambiguate-add-givenname="true"'
            f' disambiguate-add-year-suffix="true" givenname-disambiguation-rule="{rule}"><layout'
            ' delimiter="; "><group delimiter=" "><names variable="author"><name form="short"'
            ' initialize-with=". "/></names><date variable="issued"><date-part name="year"/></date></group>'
            '</layout></citation><bibliography><sort><key macro="au"/><key variable="issued"/></sort><layout>'
            '<group delimiter=" "><text macro="au"/><date variable="issued"><date-part name="year"/></date>'
            "</group></layout></bibliography></style>"
        )

    items = [
        _book("a", "Hosoya", "Jane", 1945),
        _book("b", "Hosoya", "J.", 1991),
        _book("c", "Hosoya", "Anna", 1991),
    ]
    clusters = _clusters([{"id": "a"}], [{"id": "b"}], [{"id": "c"}])
    expected = {
        "primary-name": (
            ["Jane Hosoya 1945", "J. Hosoya 1991", "A. Hosoya 1991"],
            ["Hosoya, A. 1991", "Hosoya, J. 1991", "Hosoya, Jane 1945"],
        ),
        "by-cite": (
            ["Hosoya 1945", "J. Hosoya 1991", "A. Hosoya 1991"],
            ["Hosoya, A. 1991", "Hosoya, J. 1945", "Hosoya, J. 1991"],
        ),
    }
    for rule, (notes, entries) in expected.items():
        proc = Processor(style(rule), items, locales_dir=PACKAGE_LOCALES)
        assert proc.cite_clusters(clusters) == notes
        assert proc.bibliography_entries() == entries
