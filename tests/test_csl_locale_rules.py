"""One rule each of citeproc-js's that the comparison under every locale found (tests/test_csl_locales_all.py;
docs/citations.md, "Every official locale under twelve styles"), each on a small style under several
locales. The oracle is citeproc-js (npm citeproc 2.4.63, plain text): tests/data/csl/generate-locale-rules.js
writes the cases and its output to citeproc-js-locale-rules.json; none is pactcli's own."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from pactcli.csl import Processor
from pactcli.csl.engine import _collate, scripts_first

DATA = Path(__file__).parent / "data" / "csl"
CASES: list[dict[str, Any]] = json.loads((DATA / "citeproc-js-locale-rules.json").read_text("utf-8"))
PARAMS = [(case, lang) for case in CASES for lang in sorted(case["results"])]


@pytest.mark.parametrize(("case", "lang"), PARAMS, ids=[f"{CASES.index(c)}-{lang}" for c, lang in PARAMS])
def test_rule_under_locale_as_citeproc_js(case: dict[str, Any], lang: str) -> None:
    want = case["results"][lang]
    proc = Processor(case["style"], case["items"], locale=lang, output="text")
    if case["cites"] is not None:
        clusters = [{"citationItems": cites, "properties": {"noteIndex": 0}} for cites in case["cites"]]
        assert proc.cite_clusters(clusters) == want["citations"], case["rule"]
    assert [entry.strip() for entry in proc.bibliography_entries()] == want["bibliography"], case["rule"]


# Words sorted by Node's Intl.Collator (ICU, as citeproc-js's localeCompare sorts; no two equal but for
# accents) under Welsh, Lithuanian and Latvian: Welsh digraphs after their first letter (ch, dd, ff, ng,
# ll, ph, rh, th), Lithuanian "y" as "i" and the carons after their letters, Latvian "y" after "i" and
# every letter with a diacritic (ā ē ī ō ū ŗ č ģ ķ ļ ņ š ž) after its base letter.
COLLATED = {
    "cy-GB": "c ca cz cha chz d dz dd ddz f fz ffa g gz nga ngz h i j l lz lla p pz pha r rz rha t tz tha",
    "lt-LT": "c cz č d i ia yb ic yd iz j s sz š šz t z zz ž",
    "lv-LV": "c ca cha chz cz č d dd ddz dz g gz ģa h i ia ib iz ya yb yz j k kz ķa l lla lz ļa n nga ngz nz "
    "ņa p pha pz r rha rz s sz š šz t tha tz z zz ž",
    "lv-LV/vowels": "az āa ez ēa iz ya yz īa ja ka kz oz ōa rz ŗa sz uz ūa",
}


@pytest.mark.parametrize("name", sorted(COLLATED))
def test_letters_a_language_sorts_apart(name: str) -> None:
    words = COLLATED[name].split()
    scripts = scripts_first(name.partition("/")[0])
    assert sorted(sorted(words, reverse=True), key=lambda word: _collate(word, scripts)) == words
