"""Locale-sensitive case (pactcli.csl.casing) against JavaScript's, which citeproc-js's text case uses.

The oracle is Node's ``toLocaleUpperCase`` / ``toLocaleLowerCase`` (ICU), written by
tests/data/csl/generate-casing.js for chosen and seeded random texts in Greek, Turkish, Azeri, Lithuanian,
English and German; the style test's expected entries are citeproc-js's (npm citeproc 2.4.63, plain text)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from pactcli.csl import Processor, casing

CASES = json.loads((Path(__file__).parent / "data" / "csl" / "casing-node.json").read_text("utf-8"))["cases"]


@pytest.mark.parametrize("lang", ["el", "tr", "az", "lt", "en", "de"])
def test_case_mapping_equals_javascripts(lang: str) -> None:
    cases = [case for case in CASES if case[0] == lang]
    assert len(cases) > 300
    got = [[lang, text, casing.upper(text, lang), casing.lower(text, lang)] for _, text, _, _ in cases]
    assert got == cases


@pytest.mark.parametrize(
    ("item", "style", "expected"),
    [
        ("el", "tr-TR", "el"),
        ("", "tr-TR", "tr"),
        ("en-GB", "tr-TR", "en"),
        ("Greek", "el-GR", "greek"),  # a well-formed tag, not Greek's: the default mapping
        ("a", "tr-TR", ""),  # not a language subtag: JavaScript throws, citeproc-js cases the default way
        ("123", "tr-TR", "tr"),
        ("", "", ""),
    ],
)
def test_the_case_language_is_the_items_then_the_styles(item: str, style: str, expected: str) -> None:
    assert casing.case_language(item, style) == expected


STYLE = (
    '<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0" default-locale="tr-TR">'
    "<info><id>x</id><title>x</title><updated>2020-01-01T00:00:00+00:00</updated></info>"
    '<citation><layout><text variable="title"/></layout></citation>'
    '<bibliography><layout><group delimiter=" "><text term="in"/>'
    '<text variable="title" text-case="uppercase"/><text variable="container-title" text-case="lowercase"/>'
    '<text variable="publisher" text-case="capitalize-first"/></group></layout></bibliography></style>'
)
ITEMS: list[dict[str, Any]] = [
    {
        "id": "a",
        "type": "chapter",
        "language": "el",
        "title": "Η ιστορία του Παπαδόπουλου και άι",
        "container-title": "ΟΔΟΣ ΚΑΙ ΣΤΑΣΗ",
        "publisher": "ίδρυμα",
    },
    {
        "id": "b",
        "type": "chapter",
        "title": "istanbul ve izmir",
        "container-title": "IĞDIR İLİ",
        "publisher": "ilim yayınları",
    },
    {
        "id": "c",
        "type": "chapter",
        "language": "en-GB",
        "title": "istanbul",
        "container-title": "IĞDIR",
        "publisher": "ilim",
    },
    {
        "id": "d",
        "type": "chapter",
        "language": "lt",
        "title": "i\u0307\u0300 lietuvių",
        "container-title": "ĮVADAS Į ÌSTORIJĄ",
        "publisher": "įvadas",
    },
]


def test_text_case_and_capitalised_terms_follow_the_items_language_then_the_styles() -> None:
    # The Greek item loses its accents in capitals and gains a diaeresis where one kept "άι" two
    # syllables, ends "οδος" with a final sigma; the Turkish style capitalises "i" dotted, "I" lowers to
    # "ı"; the English item in the same style is cased the default way; Lithuanian keeps a dot above an
    # accented "i" in lower case and drops it in capitals.
    entries = Processor(STYLE, ITEMS, output="text").bibliography_entries()
    assert [entry.strip() for entry in entries] == [
        "Içinde Η ΙΣΤΟΡΙΑ ΤΟΥ ΠΑΠΑΔΟΠΟΥΛΟΥ ΚΑΙ ΑΪ οδος και σταση Ιδρυμα",
        "İçinde İSTANBUL VE İZMİR ığdır ili İlim yayınları",
        "Içinde ISTANBUL iğdir Ilim",
        "Içinde I\u0300 LIETUVIŲ įvadas į i\u0307\u0300storiją Įvadas",
    ]


LONE_GREEK = [
    "τ. 4",
    "τ 4",
    "τα βιβλία",
    "α-β γ",
    "(τ. 4)",
    "τ.",
    "ψ",
    "ά. β",
    "τ/β δ",
    "x. y",
    "β-carotene test",
]
# citeproc-js's output for each text-case on those values in an el-GR style: a Greek letter standing alone
# before a space, punctuation or the end ("τ." for "τόμος") is never capitalised; upper case is whole.
LONE_GREEK_EXPECTED = {
    "capitalize-first": [
        "τ. 4",
        "τ 4",
        "Τα βιβλία",
        "α-β γ",
        "(τ. 4)",
        "τ.",
        "ψ",
        "ά. β",
        "τ/β δ",
        "X. y",
        "β-carotene test",
    ],
    "capitalize-all": [
        "τ. 4",
        "τ 4",
        "Τα Βιβλία",
        "α-β γ",
        "(τ. 4)",
        "τ.",
        "ψ",
        "ά. β",
        "τ/β δ",
        "X. Y",
        "β-Carotene Test",
    ],
    "sentence": [
        "τ. 4",
        "τ 4",
        "Τα βιβλία",
        "α-β γ",
        "(τ. 4)",
        "τ.",
        "ψ",
        "ά. β",
        "τ/β δ",
        "X. y",
        "β-carotene test",
    ],
    "uppercase": [
        "Τ. 4",
        "Τ 4",
        "ΤΑ ΒΙΒΛΙΑ",
        "Α-Β Γ",
        "(Τ. 4)",
        "Τ.",
        "Ψ",
        "Α. Β",
        "Τ/Β Δ",
        "X. Y",
        "Β-CAROTENE TEST",
    ],
}


@pytest.mark.parametrize("case", sorted(LONE_GREEK_EXPECTED))
def test_a_lone_greek_letter_is_not_capitalised(case: str) -> None:
    layout = '<text value=" | "/>'.join(f'<text value="{value}" text-case="{case}"/>' for value in LONE_GREEK)
    style = STYLE.replace(' default-locale="tr-TR"', "").split("<bibliography>")[0] + (
        f"<bibliography><layout>{layout}</layout></bibliography></style>"
    )
    item = {"id": "a", "type": "book", "title": "T"}
    entry = Processor(style, [item], locale="el-GR", output="text").bibliography_entries()[0]
    assert entry.strip().split(" | ") == LONE_GREEK_EXPECTED[case]
