"""Locator labels (pactcli.locators, docs/store-format.md "Locator labels"): how a store reference's locator
reaches the CSL processor, checked against citeproc-js on the 16 bundled styles, and the store's checks."""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pactcli import citations, store
from pactcli.csl import Processor
from pactcli.csl.locale import PACKAGE_LOCALES
from pactcli.csl.style import load_style
from pactcli.locators import LOCATOR_TYPES, UNLABELLED, reads_plural, resolve, shown
from pactcli.model import SourceRef

DATA = Path(__file__).resolve().parent / "data" / "csl"
STYLES = Path(__file__).resolve().parent.parent / "src" / "pactcli" / "csl" / "styles"


# ---- the reading rule, on the embedded store's own kinds of locator ---------------------------------


@pytest.mark.parametrize(
    ("written", "value", "label"),
    [
        ("p. 45", "45", "page"),
        ("pp. 12–14", "12–14", "page"),
        ("P. 7", "7", "page"),
        ("p.45", "45", "page"),
        ("ch. 6", "6", "chapter"),
        ("chap. IX, title", "IX, title", "chapter"),
        ("sec. Background and history", "Background and history", "section"),
        ("§ 3", "3", "section"),
        ("§§ 3–5", "3–5", "section"),
        ("art. 2", "2", "article-locator"),
        ("Art. III", "III", "article-locator"),
        ("n. 21", "21", "note"),
        ("vol. 8", "8", "volume"),
        ("Appendix O", "O", "appendix"),
        ("chapter IX", "IX", "chapter"),
        ("45", "45", "page"),
        ("12–14", "12–14", "page"),
        # no CSL locator type: as written
        ("doc. 166", "doc. 166", None),
        ("tel. 235", "tel. 235", None),
        ("infobox", "infobox", None),
        ("section on Tehran (month and year)", "section on Tehran (month and year)", None),
        ("no. 5", "no. 5", None),
        ("c. 1", "c. 1", None),
        # the abbreviation's number disagrees with what styles would count: as written
        ("secs. Background and history; Treaty", "secs. Background and history; Treaty", None),
        (
            "n. 72, quoting Grew's tel. 579 of 19 April 1941",
            "n. 72, quoting Grew's tel. 579 of 19 April 1941",
            None,
        ),
        ("ch. 6, sec. 9", "ch. 6, sec. 9", None),
        ("vol. 22, doc. 596, pp. 94–95", "vol. 22, doc. 596, pp. 94–95", None),
        ("pp. 12", "pp. 12", None),
    ],
)
def test_resolve(written: str, value: str, label: str | None) -> None:
    assert tuple(resolve(written)) == (value, label)


def test_every_locator_type_is_a_term_of_the_locales() -> None:
    # The CSL 1.0.2 locales define a term for each locator type (timestamp's is empty on purpose), and none
    # for UNLABELLED, so that cs:label prints nothing for it.
    import xml.etree.ElementTree as ET

    root = ET.parse(PACKAGE_LOCALES / "locales-en-US.xml").getroot()
    names = {t.get("name") for t in root.iter("{http://purl.org/net/xbiblio/csl}term")}
    assert set(LOCATOR_TYPES) - {"version"} <= names and "version" in names
    for path in PACKAGE_LOCALES.glob("locales-*.xml"):
        assert f'name="{UNLABELLED}"' not in path.read_text(encoding="utf-8")


def test_an_explicit_label_takes_the_locator_as_it_is() -> None:
    assert tuple(resolve("doc. 4", "chapter")) == ("doc. 4", "chapter")


@pytest.mark.parametrize(
    ("value", "label", "expected"),
    [
        ("45", "page", "p. 45"),
        ("12–14", "page", "pp. 12–14"),
        ("6", "chapter", "chap. 6"),
        ("O", "appendix", "app. O"),
    ],
)
def test_shown(value: str, label: str, expected: str) -> None:
    assert shown(value, label) == expected


def _label_plural(value: str) -> bool:
    """Whether the processor prints the plural page label for ``value`` (its own decision, independent of
    pactcli.locators)."""
    style = (
        '<style xmlns="http://purl.org/net/xbiblio/csl" version="1.0" class="note"><info><title>t</title>'
        "<id>t</id><updated>2024-01-01T00:00:00+00:00</updated></info><citation><layout>"
        '<label variable="locator" form="short"/></layout></citation></style>'
    )
    item = {"id": "a", "type": "book", "title": "T"}
    out = Processor(style, [item], output="text").cite_clusters(
        [[{"id": "a", "locator": value, "label": "page"}]]
    )
    assert out[0] in ("p.", "pp."), out
    return out[0] == "pp."


@given(
    st.lists(
        st.sampled_from(
            ["12", "3", "iv", "x", "–", "-", ", ", " & ", " and ", " ", "a", "doc. ", "Treaty", "; "]
        ),
        min_size=1,
        max_size=6,
    ).map("".join)
)
def test_plural_rule_agrees_with_the_processor(value: str) -> None:
    if not value.strip():
        return
    assert reads_plural(value) == _label_plural(value)


# ---- agreement with citeproc-js -----------------------------------------------------------------------

# citeproc-js reads a label abbreviation typed at the start of any locator and replaces it with the style's
# term ("vol. 22" becomes APA's "Volume 22", OSCOLA's "vol 22"), even with a label of its own; pactcli prints
# a locator of no CSL type exactly as written (tests/data/csl/expected-failures.txt,
# locator_TrickyEntryForPlurals; docs/citations.md).
KNOWN = {
    (style, "unlabelled:vol. 22, doc. 596, pp. 94–95")
    for style in (
        "american-sociological-association",
        "apa",
        "gost-r-7-0-5-2008",
        "ieee",
        "iso690-author-date-en",
        "oscola",
    )
}


@functools.cache
def _oracle() -> dict[str, Any]:
    return json.loads((DATA / "citeproc-js-locators.json").read_text(encoding="utf-8"))


def _sequence(item_id: str, key: str) -> list[dict[str, Any]]:
    gen = _oracle()["generator"]
    label, locator = key.split(":", 1)
    other_locator, other_label = gen["other"].get(label, ["99", label])
    cites = [
        {"id": item_id, "locator": locator, "label": label},
        {"id": item_id, "locator": locator, "label": label},
        {"id": item_id, "locator": other_locator, "label": other_label},
        {"id": gen["filler"]},
        {"id": item_id, "locator": locator, "label": label},
        {"id": item_id},
    ]
    return [{"citationItems": [c], "properties": {"noteIndex": i + 1}} for i, c in enumerate(cites)]


@pytest.mark.parametrize("name", sorted(p.stem for p in STYLES.glob("*.csl")))
def test_labels_agree_with_citeproc_js(name: str) -> None:
    data = _oracle()
    items = {item["id"]: item for item in data["items"]}
    style = load_style((STYLES / f"{name}.csl").read_text(encoding="utf-8"), f"{name}.csl")
    differ = set()
    for item_id, cases in data["styles"][name].items():
        for key, want in cases.items():
            proc = Processor(
                style, [items[item_id], items[data["generator"]["filler"]]], locales_dir=PACKAGE_LOCALES
            )
            if proc.cite_clusters(_sequence(item_id, key)) != want:
                differ.add((name, key))
    assert differ == {k for k in KNOWN if k[0] == name}


def test_the_oracle_covers_every_reading() -> None:
    # The cases are what the store hands the processor for its kinds of locator.
    cases = {tuple(c) for c in _oracle()["generator"]["cases"]}
    for written in (
        "p. 45",
        "pp. 12–14",
        "ch. 6",
        "sec. Background and history",
        "art. 2",
        "Appendix O",
        "n. 21",
    ):
        place = resolve(written)
        assert (place.value, place.label) in cases
    for written in ("doc. 166", "tel. 235", "infobox", "vol. 22, doc. 596, pp. 94–95"):
        assert (written, UNLABELLED) in cases and resolve(written).label is None


# ---- the store and the CLI ----------------------------------------------------------------------------


def _store(tmp_path: Path, ref: str) -> Path:
    path = tmp_path / "s.toml"
    path.write_text(
        '[[sources]]\nid = "s1"\ntype = "book"\ntitle = "Book"\n'
        'author = [{ family = "Smith", given = "J." }]\nissued = "1945"\n\n'
        '[[events]]\nid = "e1"\ntitle = "One"\nstart = "1945-08-08"\nzone = "Europe/Moscow"\n'
        f"sources = [{ref}]\n",
        encoding="utf-8",
    )
    return path


@pytest.mark.parametrize(
    ("ref", "message"),
    [
        (
            '{ id = "s1", locator = "45", label = "pgae" }',
            "event e1: sources: label of s1 'pgae' is not a CSL locator type (did you mean 'page'?)",
        ),
        (
            '{ id = "s1", locator = "45", label = "p." }',
            "event e1: sources: label of s1 'p.' is not a CSL locator type (did you mean 'page'?)",
        ),
        (
            '{ id = "s1", locator = "166", label = "document" }',
            "event e1: sources: label of s1 'document' is not a CSL locator type (page, chapter, section,",
        ),
        (
            '{ id = "s1", label = "page" }',
            "event e1: sources: label of s1 needs a locator: the place it labels",
        ),
        (
            '{ id = "s1", locator = "p. 45", label = "page" }',
            "event e1: sources: label of s1 is already in the locator ('p. 45'): write locator = '45'",
        ),
        ('{ id = "s1", locator = "45", label = 3 }', "event e1: sources: label of s1 must be a string"),
    ],
)
def test_bad_labels_are_store_errors(tmp_path: Path, ref: str, message: str) -> None:
    path = _store(tmp_path, ref)
    _, problems = store.validate([str(path)])
    lines = [p.line() for p in problems if p.severity == "error"]
    assert len(lines) == 1
    assert lines[0].startswith(f"{path}:13: {message}")


def test_a_labelled_reference(tmp_path: Path) -> None:
    loaded, problems = store.load([str(_store(tmp_path, '{ id = "s1", locator = "6", label = "chapter" }'))])
    assert not [p for p in problems if p.severity == "error"]
    (ref,) = loaded.event("e1").sources  # type: ignore[union-attr]
    assert ref == SourceRef("s1", "chap. 6", None, "chapter", "6")


@pytest.mark.parametrize(
    ("ref", "note"),
    [
        ('{ id = "s1", locator = "doc. 166" }', "(Smith, 1945, doc. 166)"),
        ('{ id = "s1", locator = "p. 45" }', "(Smith, 1945, p. 45)"),
        ('{ id = "s1", locator = "45", label = "page" }', "(Smith, 1945, p. 45)"),
        ('{ id = "s1", locator = "6", label = "chapter" }', "(Smith, 1945, Chapter 6)"),
        ('{ id = "s1", locator = "ch. 6" }', "(Smith, 1945, Chapter 6)"),
        ('{ id = "s1", locator = "tel. 235" }', "(Smith, 1945, tel. 235)"),
    ],
)
def test_cite_prints_no_page_label_before_a_document_number(run, tmp_path: Path, ref: str, note: str) -> None:
    result = run("--store", str(_store(tmp_path, ref)), "cite", "e1", "--notes", "--style", "apa")
    assert result.code == 0, result.err
    assert result.out.strip() == f"1. {note}"


def test_embedded_store_cites_documents_as_written(run) -> None:
    for style in ("chicago", "apa", "mla"):
        result = run("cite", "soviet-declaration-of-war", "--notes", "--style", style)
        assert result.code == 0, result.err
        assert "doc. 166" in result.out and "p. doc." not in result.out and "p. 166" not in result.out


def test_ibid_compares_unlabelled_locators() -> None:
    item = {"id": "a", "type": "book", "title": "Documents", "author": [{"family": "Smith"}]}
    style = citations.resolve_style("oscola")
    ref = SourceRef("a", "doc. 166")
    other = SourceRef("a", "doc. 167")
    notes = citations.cluster_notes(
        [[citations.cite_of(item, r)] for r in (ref, ref, other, SourceRef("a"))], style
    )
    # The same document again is ibid., another is ibid. with its number, the whole work after a document
    # is not ibid. (it would claim the same place): a subsequent short note.
    assert notes[1:] == ["ibid.", "ibid doc. 167.", "Smith (n 1)."]
