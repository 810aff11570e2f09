"""Disambiguation and cite collapsing at scale, against citeproc-js: 40 seeded random documents
(tests/data/csl/generate-disambiguation.js, seed 1313), each its own item set of clusters of 3 to 12 items
sharing a family name (given names that differ or collide in their initials, the same year or none, et-al
lists sharing the first authors, institutions, titles differing in one word) and its citations (clusters of
one to four items, locators, suppress-author, repeated cites), each rendered by 8 of 36 styles: the 16
bundled and 20 of the corpus picked for their options (every givenname-disambiguation-rule, add-names alone,
disambiguate="true" conditions, year-suffix and year-suffix-ranged collapsing, cite-group-delimiter,
subsequent-author-substitute; tests/data/csl/disambiguation/styles, CC BY-SA 3.0 like the corpus sample).
citeproc-js's notes and bibliography: tests/data/csl/disambiguation/citeproc-js.json. The cases where
pactcli differs, each with its reason: tests/data/csl/disambiguation/differences.txt (exact: one that goes
away must come off it). Figures: ``python tests/test_csl_disambiguation_scale.py [--differences]``.
"""

from __future__ import annotations

import functools
import json
import sys
from pathlib import Path
from typing import Any

import pytest

from pactcli.csl import Processor
from pactcli.csl.locale import PACKAGE_LOCALES
from pactcli.csl.style import Style, load_style

HERE = Path(__file__).resolve().parent / "data" / "csl" / "disambiguation"
BUNDLED = Path(__file__).resolve().parent.parent / "src" / "pactcli" / "csl" / "styles"


@functools.cache
def expected() -> dict[str, Any]:
    return json.loads((HERE / "citeproc-js.json").read_text(encoding="utf-8"))


@functools.cache
def style(name: str) -> Style:
    path = BUNDLED / f"{name}.csl"
    if not path.exists():
        path = HERE / "styles" / f"{name}.csl"
    return load_style(path.read_text(encoding="utf-8"), path.name)


def known_differences() -> dict[tuple[str, str, str], str]:
    out: dict[tuple[str, str, str], str] = {}
    for raw in (HERE / "differences.txt").read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if line and not line.startswith("#"):
            document, name, case, reason = line.split(" ", 3)
            out[(document, name, case)] = reason
    return out


def differences(index: int, name: str) -> list[tuple[str, str, str]]:
    """The cases of document ``index`` in style ``name`` where pactcli differs from citeproc-js:
    (document "dN", style, "noteN" or "bibliographyN"), N counting from 1."""
    doc = expected()["documents"][index]
    want = doc["styles"][name]
    got = Processor(style(name), doc["items"], locales_dir=PACKAGE_LOCALES).cite_clusters(doc["clusters"])
    assert len(got) == len(want["notes"])
    out = [
        (f"d{index}", name, f"note{n + 1}")
        for n, (a, b) in enumerate(zip(want["notes"], got, strict=True))
        if a != b
    ]
    if want["bibliography"] is not None:
        entries = Processor(style(name), doc["items"], locales_dir=PACKAGE_LOCALES).bibliography_entries()
        theirs = want["bibliography"]
        if len(entries) != len(theirs):
            out.append((f"d{index}", name, "bibliography"))
        else:
            for n, (entry, their) in enumerate(zip(entries, theirs, strict=True)):
                if f'<div class="csl-entry">{entry}</div>' != their:
                    out.append((f"d{index}", name, f"bibliography{n + 1}"))
    return out


CASES = [(index, name) for index, doc in enumerate(expected()["documents"]) for name in doc["styles"]]


def test_the_sample_is_as_documented() -> None:
    data = expected()
    assert data["generator"]["seed"] == 1313 and len(data["documents"]) == 40
    assert len(data["styles"]) == 36
    assert all(len(doc["styles"]) == 8 for doc in data["documents"])
    # Every item is cited, and the items are listed in the order of their first cite.
    for doc in data["documents"]:
        order: list[str] = []
        for cluster in doc["clusters"]:
            order += [c["id"] for c in cluster["citationItems"] if c["id"] not in order]
        assert order == [item["id"] for item in doc["items"]]


@pytest.mark.parametrize(("index", "name"), CASES)
def test_document_agrees_with_citeproc_js(index: int, name: str) -> None:
    listed = sorted(key for key in known_differences() if key[0] == f"d{index}" and key[1] == name)
    assert sorted(differences(index, name)) == listed


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    total = differ = 0
    found: list[tuple[str, str, str]] = []
    for index, name in CASES:
        want = expected()["documents"][index]["styles"][name]
        total += len(want["notes"]) + len(want["bibliography"] or [])
        cases = differences(index, name)
        differ += len(cases)
        found += cases
    print(f"{total - differ}/{total} notes and entries agree ({differ} differ)")
    if "--differences" in sys.argv:
        for key in found:
            print(" ".join(key))
