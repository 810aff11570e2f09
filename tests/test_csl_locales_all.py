"""pactcli.csl under every official locale against citeproc-js: twelve styles (Chicago notes and
author-date, APA, MLA, GOST, SIST 02, MHRA, ISO 690, IEEE, Harvard Cite Them Right, OSCOLA, Cambridge
University Press notes) forced to each of the 62 locales, as Processor(locale=...) forces one, on 44 items
chosen for localized terms, ordinals, dates (ranges, seasons, circa, BC and AD years), editors and
translators, et-al, with a sequence of notes that gives first, subsequent, ibid and ibid-with-locator cites
with locators of 18 labels, and the bibliography; and through the CLI's --locale for three styles and six
locales. The oracle is citeproc-js (npm citeproc 2.4.63, plain text): tests/data/csl/generate-locales-all.js
writes citeproc-js-locales-all.json.gz from the items, styles and labels named in locales-all.json. Known
differences, each with its reason, are in tests/data/csl/locales-all-differences.txt (exact: one that goes
away must come off it). Figures per locale: ``python tests/test_csl_locales_all.py [--differences]``."""

from __future__ import annotations

import functools
import gzip
import json
import sys
from pathlib import Path
from typing import Any

import pytest

from pactcli.csl import Processor
from pactcli.csl.locale import PACKAGE_LOCALES

DATA = Path(__file__).parent / "data" / "csl"
STYLES = Path(__file__).parents[1] / "src" / "pactcli" / "csl" / "styles"
SPEC: dict[str, Any] = json.loads((DATA / "locales-all.json").read_text("utf-8"))


@functools.cache
def expected() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(
        gzip.decompress((DATA / "citeproc-js-locales-all.json.gz").read_bytes())
    )
    return data


@functools.cache
def items() -> list[dict[str, Any]]:
    every: dict[str, dict[str, Any]] = {}
    for name in ("items-more.json", "items-third.json"):
        for item in json.loads((DATA / name).read_text("utf-8")):
            every[item["id"]] = item
    return [every[item_id] for item_id in SPEC["items"]]


def clusters(ids: list[str]) -> list[dict[str, Any]]:
    """The generator's sequence of notes (generate-locales-all.js, clusters())."""
    labels = SPEC["labels"]
    cites: list[list[dict[str, Any]]] = []
    for n, item_id in enumerate(ids):
        cites.append(
            [{"id": item_id, "locator": "12-15" if n % 2 else "3", "label": labels[n % len(labels)]}]
        )
    for n, item_id in enumerate(ids):
        if n % 3:
            continue
        again = {"id": item_id, "locator": "15", "label": labels[(n + 1) % len(labels)]}
        cites += [[{"id": item_id}], [dict(again)], [dict(again)]]
    cites.append(
        [{"id": ids[0], "locator": "4"}, {"id": ids[1], "locator": "5", "label": "chapter"}, {"id": ids[2]}]
    )
    return [{"citationItems": group, "properties": {"noteIndex": n + 1}} for n, group in enumerate(cites)]


@functools.cache
def style_text(name: str) -> str:
    return (STYLES / f"{name}.csl").read_text("utf-8")


def known_differences() -> dict[tuple[str, str, str], str]:
    out: dict[tuple[str, str, str], str] = {}
    for raw in (DATA / "locales-all-differences.txt").read_text("utf-8").splitlines():
        line = raw.strip()
        if line and not line.startswith("#"):
            style, code, case, reason = line.split(" ", 3)
            out[(style, code, case)] = reason
    return out


def render(name: str, code: str) -> tuple[list[str], list[str] | None]:
    ids = [item["id"] for item in items()]
    proc = Processor(style_text(name), items(), locale=code, locales_dir=PACKAGE_LOCALES, output="text")
    notes = proc.cite_clusters(clusters(ids))
    bibliography = None
    if "<bibliography" in style_text(name):
        bibliography = [entry.strip() for entry in proc.bibliography_entries()]
    return notes, bibliography


def compare(name: str, code: str) -> tuple[int, int, dict[str, tuple[str, str]]]:
    """(cases equal, cases, {case: (citeproc-js, pactcli)} of those that differ) for one style and locale."""
    want = expected()["styles"][name][code]
    notes, bibliography = render(name, code)
    pairs = [(f"note{n + 1}", w, g) for n, (w, g) in enumerate(zip(want["notes"], notes, strict=True))]
    if want["bibliography"] is not None:
        assert bibliography is not None
        assert len(bibliography) == len(want["bibliography"])
        pairs += [
            (f"bib{n + 1}", w, g)
            for n, (w, g) in enumerate(zip(want["bibliography"], bibliography, strict=True))
        ]
    differ = {case: (w, g) for case, w, g in pairs if w != g}
    return len(pairs) - len(differ), len(pairs), differ


def _codes() -> list[str]:
    return sorted(path.name[8:-4] for path in PACKAGE_LOCALES.glob("locales-*.xml"))


def _cases() -> list[tuple[str, str]]:
    return [(name, code) for name in SPEC["styles"] for code in _codes()]


def test_the_expected_outputs_are_for_these_items_and_styles() -> None:
    assert sorted(expected()["styles"]) == sorted(SPEC["styles"])
    for name in SPEC["styles"]:
        assert sorted(expected()["styles"][name]) == _codes()


@pytest.mark.parametrize(("name", "code"), _cases())
def test_style_under_locale_agrees_with_citeproc_js(name: str, code: str) -> None:
    if "error" in expected()["styles"][name][code]:
        pytest.skip(f"citeproc-js fails on {code}: {expected()['styles'][name][code]['error']}")
    listed = sorted(case for (style, lang, case) in known_differences() if (style, lang) == (name, code))
    assert sorted(compare(name, code)[2]) == listed


CLI_CASES = [
    (cli, name, code)
    for cli, name in (
        ("chicago", "chicago-notes-bibliography"),
        ("apa", "apa"),
        ("mla", "modern-language-association"),
    )
    for code in ("de-DE", "es-ES", "fr-FR", "ja-JP", "ru-RU", "zh-CN")
]


@pytest.mark.parametrize(("cli", "name", "code"), CLI_CASES)
def test_the_cli_locale_option_agrees_with_citeproc_js(
    run: Any, tmp_path: Path, cli: str, name: str, code: str
) -> None:
    # `pactcli cite --items FILE --style S --locale L`: the bibliography, entry per line, as the Processor's.
    path = tmp_path / "items.json"
    path.write_text(json.dumps(items()), encoding="utf-8")
    result = run("cite", "--items", str(path), "--style", cli, "--locale", code)
    assert (result.code, result.err) == (0, "")
    want = expected()["styles"][name][code]["bibliography"]
    got = result.out.splitlines()
    assert len(got) == len(want)
    listed = {case for (style, lang, case) in known_differences() if (style, lang) == (name, code)}
    differ = {f"bib{n + 1}" for n, (w, g) in enumerate(zip(want, got, strict=True)) if w != g}
    assert differ == {case for case in listed if case.startswith("bib")}


if __name__ == "__main__":
    per_locale: dict[str, list[int]] = {}
    for name, code in _cases():
        if "error" in expected()["styles"][name][code]:
            continue
        same, total, differ = compare(name, code)
        figures = per_locale.setdefault(code, [0, 0])
        figures[0] += same
        figures[1] += total
        if "--differences" in sys.argv:
            for case, (want, got) in differ.items():
                print(f"{name} {code} {case}\n  js: {want}\n  py: {got}")
    for code, (same, total) in sorted(per_locale.items()):
        print(f"{code}: {same}/{total} ({100 * same / total:.1f} %)")
    same = sum(f[0] for f in per_locale.values())
    total = sum(f[1] for f in per_locale.values())
    print(f"all: {same}/{total} ({100 * same / total:.2f} %)")
