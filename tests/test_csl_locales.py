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


def bibliography(style: str, items: list[dict[str, Any]], lang: str) -> list[str]:
    return [
        entry.strip() for entry in Processor(style, items, locale=lang, output="text").bibliography_entries()
    ]


@pytest.mark.parametrize("lang", sorted(EXPECTED))
def test_a_locales_own_quotation_marks_in_a_field_are_quotes(lang: str) -> None:
    assert bibliography(STYLE, ITEMS, lang) == EXPECTED[lang]


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
    assert bibliography(RANGE_STYLE, RANGE_ITEMS, lang) == RANGE_EXPECTED[lang]


ORDINAL_STYLE = (
    '<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">'
    "<info><id>x</id><title>x</title><updated>2020-01-01T00:00:00+00:00</updated></info>"
    '<citation><layout><text variable="title"/></layout></citation>'
    '<bibliography><layout><group delimiter=" | "><number variable="edition" form="ordinal"/>'
    '<number variable="edition" form="long-ordinal"/><number variable="volume" form="ordinal"/>'
    '<date variable="issued"><date-part name="day" form="ordinal" suffix=" "/>'
    '<date-part name="month"/></date>'
    "</group></layout></bibliography></style>"
)
ORDINAL_ITEMS: list[dict[str, Any]] = [
    {
        "id": "a",
        "type": "book",
        "title": "T",
        "edition": "1",
        "volume": "1",
        "issued": {"date-parts": [[1945, 8, 1]]},
    },
    {
        "id": "b",
        "type": "book",
        "title": "U",
        "edition": "2",
        "volume": "3",
        "issued": {"date-parts": [[1945, 9, 2]]},
    },
]
# Ordinals of nouns without a gender where a locale gives only gendered forms: citeproc-js keeps the
# neutral form of the locale it loads underneath (en-US's "first" under gl-ES, which it does not know;
# pt-PT's under pt-BR), else takes the feminine form; an ordinal-NN has no neutral form, so the locale's
# "ordinal" answers (pt-BR's "1º" for a volume, where ordinal-01 is "ª" or "º" by gender).
ORDINAL_EXPECTED = {
    "gl-ES": ["1ª | first | 1ª | 1ª agosto", "2ª | second | 3ª | 2ª setembro"],
    "pt-BR": ["1º | primeira | 1º | 1º agosto", "2º | segunda | 3º | 2 setembro"],
    "pt-PT": ["1.ª | primeira | 1.ª | 1.ª agosto", "2.ª | segunda | 3.ª | 2.ª setembro"],
    "el-GR": ["1η | πρώτος | 1ο | 1ο Αύγουστος", "2ο | δεύτερος | 3ο | 2ο Σεπτέμβριος"],
    "fr-FR": ["1ʳᵉ | premier | 1ᵉʳ | 1ᵉʳ août", "2ᵉ | deuxième | 3ᵉ | 2 septembre"],
    "it-IT": ["1ª | prima | 1º | 1º agosto", "2ª | seconda | 3º | 2º settembre"],
    "ca-AD": ["1a | primera | 1r | 1r agost", "2a | segona | 3r | 2n setembre"],
    "ar": ["1 | الأولى | 1 | 1 أغسطس", "2 | الثانية | 3 | 2 سبتمبر"],
}


@pytest.mark.parametrize("lang", sorted(ORDINAL_EXPECTED))
def test_ordinals_of_nouns_without_a_gender(lang: str) -> None:
    assert bibliography(ORDINAL_STYLE, ORDINAL_ITEMS, lang) == ORDINAL_EXPECTED[lang]
