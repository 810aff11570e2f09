"""Rules of citeproc-js that depend on the style's locale: the order of scripts in sorting, and the locale's
own quotation marks read as markup in field values. The oracles are Node's collation (ICU, as citeproc-js
compares sort keys; tests/data/csl/generate-script-order.js) and citeproc-js's output (npm citeproc
2.4.63, the official locales, plain text) on the style and items below; none is pactcli's own."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from pactcli.csl import Processor
from pactcli.csl.engine import _collate, scripts_first

SCRIPTS = json.loads((Path(__file__).parent / "data" / "csl" / "script-order-node.json").read_text("utf-8"))


@pytest.mark.parametrize("code", sorted(SCRIPTS["orders"]))
def test_scripts_sort_in_the_order_of_the_locales_collation(code: str) -> None:
    # One word of each of 31 scripts: Latin first and the others in ICU's root order, except where the
    # locale moves its scripts to the front (Cyrillic in Russian, Latin, Kana and Han in Japanese, Latin
    # and Cyrillic in Croatian...). Hiragana and Katakana compare equal: both sides sort the same input
    # stably.
    words = SCRIPTS["words"]
    assert sorted(words, key=lambda word: _collate(word, scripts_first(code))) == SCRIPTS["orders"][code]


STYLE = (
    '<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">'
    "<info><id>x</id><title>x</title><updated>2020-01-01T00:00:00+00:00</updated></info>"
    '<citation><layout><text variable="title"/></layout></citation>'
    '<bibliography><layout><group delimiter=" / "><text variable="title" quotes="true"/>'
    '<text variable="title"/></group></layout></bibliography></style>'
)
ITEMS: list[dict[str, Any]] = [
    {"id": "a", "type": "book", "title": "キーワード「日ソ中立条約」"},
    {"id": "b", "type": "book", "title": "Пакт «о нейтралитете»"},
    {"id": "c", "type": "book", "title": "Der „Neutralitätspakt“ und ‚Moskau‘"},
    {"id": "d", "type": "book", "title": "论《苏日中立条约》"},
    {"id": "e", "type": "book", "title": "Le « pacte » et “les” autres"},
    {"id": "f", "type": "book", "title": "Unclosed „quote and 「bracket"},
]

# Each entry: the title in the style's quotes, then as it is. A locale's own marks in a title are quotes
# (inner ones inside the style's: 「…『…』…」, «…„…“…», 《…〈…〉…》); marks of other locales, and marks
# left open, are text.
EXPECTED = {
    "ja-JP": [
        "「キーワード『日ソ中立条約』」 / キーワード「日ソ中立条約」",
        "「Пакт «о нейтралитете»」 / Пакт «о нейтралитете»",
        "「Der „Neutralitätspakt“ und ‚Moskau‘」 / Der „Neutralitätspakt“ und ‚Moskau‘",
        "「论《苏日中立条约》」 / 论《苏日中立条约》",
        "「Le « pacte » et “les” autres」 / Le « pacte » et “les” autres",
        "「Unclosed „quote and 「bracket」 / Unclosed „quote and 「bracket",
    ],
    "ru-RU": [
        "«キーワード「日ソ中立条約」» / キーワード「日ソ中立条約」",
        "«Пакт „о нейтралитете“» / Пакт «о нейтралитете»",
        "«Der „Neutralitätspakt“ und ‚Moskau‘» / Der „Neutralitätspakt“ und ‚Moskau‘",
        "«论《苏日中立条约》» / 论《苏日中立条约》",
        "«Le „ pacte “ et “les” autres» / Le « pacte » et “les” autres",
        "«Unclosed „quote and 「bracket» / Unclosed „quote and 「bracket",
    ],
    "de-DE": [
        "„キーワード「日ソ中立条約」“ / キーワード「日ソ中立条約」",
        "„Пакт «о нейтралитете»“ / Пакт «о нейтралитете»",
        "„Der ‚Neutralitätspakt‘ und ‚Moskau‘“ / Der „Neutralitätspakt“ und ‚Moskau‘",
        "„论《苏日中立条约》“ / 论《苏日中立条约》",
        "„Le « pacte » et “les” autres“ / Le « pacte » et “les” autres",
        "„Unclosed „quote and 「bracket“ / Unclosed „quote and 「bracket",
    ],
    "zh-CN": [
        "《キーワード「日ソ中立条約」》 / キーワード「日ソ中立条約」",
        "《Пакт «о нейтралитете»》 / Пакт «о нейтралитете»",
        "《Der „Neutralitätspakt“ und ‚Moskau‘》 / Der „Neutralitätspakt“ und ‚Moskau‘",
        "《论〈苏日中立条约〉》 / 论《苏日中立条约》",
        "《Le « pacte » et “les” autres》 / Le « pacte » et “les” autres",
        "《Unclosed „quote and 「bracket》 / Unclosed „quote and 「bracket",
    ],
    "en-US": [
        "“キーワード「日ソ中立条約」” / キーワード「日ソ中立条約」",
        "“Пакт «о нейтралитете»” / Пакт «о нейтралитете»",
        "“Der „Neutralitätspakt“ und ‚Moskau‘” / Der „Neutralitätspakt“ und ‚Moskau‘",
        "“论《苏日中立条约》” / 论《苏日中立条约》",
        "“Le « pacte » et ‘les’ autres” / Le « pacte » et “les” autres",
        "“Unclosed „quote and 「bracket” / Unclosed „quote and 「bracket",
    ],
    "pl-PL": [
        "„キーワード「日ソ中立条約」” / キーワード「日ソ中立条約」",
        "„Пакт «о нейтралитете»” / Пакт «о нейтралитете»",
        "„Der „Neutralitätspakt“ und ‚Moskau‘” / Der „Neutralitätspakt“ und ‚Moskau‘",
        "„论《苏日中立条约》” / 论《苏日中立条约》",
        "„Le « pacte » et “les” autres” / Le « pacte » et “les” autres",
        "„Unclosed „quote and 「bracket” / Unclosed „quote and 「bracket",
    ],
}


@pytest.mark.parametrize("lang", sorted(EXPECTED))
def test_a_locales_own_quotation_marks_in_a_field_are_quotes(lang: str) -> None:
    entries = Processor(STYLE, ITEMS, locale=lang, output="text").bibliography_entries()
    assert [entry.strip() for entry in entries] == EXPECTED[lang]


RANGE_STYLE = (
    '<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">'
    "<info><id>x</id><title>x</title><updated>2020-01-01T00:00:00+00:00</updated></info>"
    '<citation><layout><text variable="title"/></layout></citation>'
    '<bibliography><layout><group delimiter=" | "><date variable="issued" form="numeric"/>'
    '<label variable="page" form="short"/><text variable="page"/></group></layout></bibliography></style>'
)
RANGE_ITEMS: list[dict[str, Any]] = [
    {"id": "a", "type": "book", "title": "T", "issued": {"date-parts": [[1941, 4], [1945, 8]]}, "page": "5"},
    {
        "id": "b",
        "type": "book",
        "title": "U",
        "issued": {"date-parts": [[1945, 8, 1], [1945, 9, 2]]},
        "page": "5-9",
    },
]
# A locale's numeric date that gives its month and day range-delimiter="/" (sv-SE, hr-HR, nb-NO) prints
# "/" in any range, that of the last part of the range; a locale's term with a straight apostrophe (he-IL's
# page label) is printed curled.
RANGE_EXPECTED = {
    "sv-SE": ["1941-04/1945-08 | s. | 5", "1945-08-01/09-02 | s. | 5–9"],
    "hr-HR": ["1941-04/1945-08 | str. | 5", "1945-08-01/09-02 | str. | 5–9"],
    "nb-NO": ["1941-04/1945-08 | s. | 5", "1945-08-01/09-02 | s. | 5–9"],
    "he-IL": ["04/1941–08/1945 | ’עמ | 5", "01/08–02/09/1945 | ’עמ | 5-9"],
    "en-US": ["04/1941–08/1945 | p. | 5", "08/01–09/02/1945 | pp. | 5–9"],
}


@pytest.mark.parametrize("lang", sorted(RANGE_EXPECTED))
def test_a_locales_date_range_delimiter_and_label_terms(lang: str) -> None:
    entries = Processor(RANGE_STYLE, RANGE_ITEMS, locale=lang, output="text").bibliography_entries()
    assert [entry.strip() for entry in entries] == RANGE_EXPECTED[lang]
