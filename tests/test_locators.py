"""Locator labels (pactcli.citations.locators, docs/store-format.md "Locator labels"): how a store reference's
locator reaches the CSL processor, checked against citeproc-js on the 16 bundled styles, and the store's
checks."""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pactcli import citations
from pactcli.citations.locators import LOCATOR_TYPES, UNLABELLED, reads_plural, resolve, shown
from pactcli.csl import Processor
from pactcli.csl.locale import PACKAGE_LOCALES
from pactcli.csl.style import load_style
from pactcli.store import parse as store
from pactcli.store.model import SourceRef

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
    pactcli.citations.locators)."""
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


def test_embedded_store_cites_unlabelled_locators_as_written(run) -> None:
    for style in ("chicago", "apa", "mla"):
        result = run("cite", "pact-promulgated-japan", "--notes", "--style", style)
        assert result.code == 0, result.err
        assert "n. 72, quoting Grew’s tel. 579 of 19 April 1941" in result.out
        assert "infobox" in result.out and "p. infobox" not in result.out and "p. n. 72" not in result.out


def test_embedded_store_names_a_documents_number_once(run) -> None:
    # DAFP vol. 8, document 166: the number is the source's (CSL number), in the note and the
    # bibliography alike; no reference repeats it as a locator ("no. 166 … doc. 166").
    note = run("cite", "soviet-declaration-of-war", "--notes", "--style", "chicago")
    entry = run("cite", "dafp-v08-g102", "--style", "chicago")
    assert note.code == entry.code == 0, note.err + entry.err
    first = note.out.split("; ")[0]
    assert first.count("166") == 2, first  # "no. 166" and the URL's "166-addison-…"
    assert "no. 166" in first and "doc. 166" not in first
    assert "No. 166" in entry.out
    for style in ("apa", "mla"):
        result = run("cite", "soviet-declaration-of-war", "--notes", "--style", style)
        assert result.code == 0, result.err
        assert "166" not in result.out  # an in-text citation of the whole document: author (and year)


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


# ---- a locator that repeats its source's own number (validate's warning) -----------------------------

_DOCUMENT = (
    '[[sources]]\nid = "d166"\ntype = "document"\ntitle = "Cablegram G102"\n'
    'container-title = "Documents on Australian Foreign Policy"\nvolume = "8"\nnumber = "166"\n'
    'issued = "1945-08-08"\n\n'
    '[[sources]]\nid = "vol8"\ntype = "book"\ntitle = "Documents on Australian Foreign Policy"\n'
    'volume = "8"\nissued = "1989"\n\n'
    '[[events]]\nid = "e1"\ntitle = "One"\nstart = "1945-08-08"\nzone = "Europe/Moscow"\n'
    "sources = [{ref}]\n\n"
    '[[events]]\nid = "e2"\ntitle = "Two"\nstart = "1945-08-09"\nzone = "Europe/Moscow"\n'
    'sources = [{ id = "d166" }]\n\n'
    '[[events.disputes]]\nstart = "1945-08-10"\nnote = "Another day."\nsources = [{dispute}]\n'
)
_TAIL = "which its entry already gives"


def _validate_document(run, tmp_path: Path, ref: str, dispute: str = '{ id = "vol8" }') -> tuple[str, Any]:
    path = tmp_path / "documents.toml"
    path.write_text(_DOCUMENT.replace("{ref}", ref).replace("{dispute}", dispute), encoding="utf-8")
    return str(path), run("validate", str(path))


@pytest.mark.parametrize(
    ("ref", "warning"),
    [
        (
            '{ id = "d166", locator = "doc. 166" }',
            "locator of d166 ('doc. 166') repeats the source's own number (166), "
            f"{_TAIL}: drop the locator, or give a place inside the source (a page, a paragraph)",
        ),
        (
            '{ id = "d166", locator = "Document 166", quote = "at 5 o\'clock" }',
            "locator of d166 ('Document 166') repeats the source's own number (166), "
            f"{_TAIL}: drop the locator, or give a place inside the source (a page, a paragraph)",
        ),
        (
            '{ id = "d166", locator = "no. 166" }',
            "locator of d166 ('no. 166') repeats the source's own number (166), "
            f"{_TAIL}: drop the locator, or give a place inside the source (a page, a paragraph)",
        ),
        (
            '{ id = "d166", locator = "doc. 166, p. 505" }',
            f"locator of d166 ('doc. 166, p. 505') repeats the source's own number (166), {_TAIL}: "
            "write locator = 'p. 505'",
        ),
        (
            '{ id = "d166", locator = "vol. 8; doc. 166; n. 3" }',
            "locator of d166 ('vol. 8; doc. 166; n. 3') repeats the source's own volume (8) and number "
            f"(166), {_TAIL}: write locator = 'n. 3'",
        ),
        (
            '{ id = "d166", locator = "166" }',
            f"locator of d166 ('166') repeats the source's own number (166), {_TAIL}: "
            'drop the locator (or, if it is a page, write label = "page")',
        ),
        (
            '{ id = "d166", locator = "8", label = "volume" }',
            f"locator of d166 ('8') repeats the source's own volume (8), {_TAIL}: "
            "drop the locator, or give a place inside the source (a page, a paragraph)",
        ),
    ],
)
def test_validate_warns_of_a_locator_that_repeats_its_sources_number(
    run, tmp_path: Path, ref: str, warning: str
) -> None:
    path, result = _validate_document(run, tmp_path, ref)
    assert result.code == 0, result.err  # a warning: the citation is right, only said twice
    line = _DOCUMENT.replace("{ref}", ref).splitlines().index(f"sources = [{ref}]") + 1
    assert result.out.splitlines() == [f"{path}:{line}: event e1: sources: {warning} (warning)"]
    assert result.err.splitlines() == ["ok: 2 events, 2 sources, 1 warning(s)"]


@pytest.mark.parametrize(
    "ref",
    [
        '{ id = "d166" }',
        '{ id = "d166", locator = "p. 166" }',  # a page that has the document's number
        '{ id = "d166", locator = "166", label = "page" }',
        '{ id = "d166", locator = "doc. 1661" }',
        '{ id = "d166", locator = "doc. 16" }',
        '{ id = "d166", locator = "tel. 166" }',  # a telegram's number is not the document's
        '{ id = "d166", locator = "8", label = "page" }',
        '{ id = "vol8", locator = "doc. 166" }',  # the volume is the source: the document is a place in it
    ],
)
def test_validate_is_silent_about_places_inside_the_source(run, tmp_path: Path, ref: str) -> None:
    _path, result = _validate_document(run, tmp_path, ref)
    assert (result.code, result.out) == (0, ""), result.out
    assert result.err.splitlines() == ["ok: 2 events, 2 sources"]


def test_validate_warns_in_a_dispute_with_its_record(run, tmp_path: Path) -> None:
    dispute = '{ id = "d166", locator = "doc. 166" }'
    path, result = _validate_document(run, tmp_path, '{ id = "vol8" }', dispute)
    text = _DOCUMENT.replace("{ref}", '{ id = "vol8" }').replace("{dispute}", dispute)
    line = text.splitlines().index(f"sources = [{dispute}]") + 1
    assert result.out.splitlines() == [
        f"{path}:{line}: event e2: dispute 1: sources: locator of d166 ('doc. 166') repeats the source's own "
        f"number (166), {_TAIL}: drop the locator, or give a place inside the source (a page, a paragraph) "
        "(warning)"
    ]


_PIECE = st.sampled_from(
    ["p. 505", "n. 3", "tel. 1054", "infobox", "pp. 12–14", "sec. Background", "fol. 2r"]
)


@given(
    number=st.from_regex(r"[1-9][0-9]{0,3}[a-z]?", fullmatch=True),
    word=st.sampled_from(["doc. ", "doc.", "Doc. ", "document ", "Document ", "no. ", "No. ", "№ ", "#"]),
    before=st.lists(_PIECE, max_size=2),
    after=st.lists(_PIECE, max_size=2),
    separator=st.sampled_from([", ", "; "]),
)
def test_repeats_source_takes_out_the_number_and_keeps_the_rest(
    number: str, word: str, before: list[str], after: list[str], separator: str
) -> None:
    from pactcli.citations.locators import repeats_source

    locator = separator.join([*before, word + number, *after])
    found = repeats_source(locator, None, {"number": number})
    assert found is not None
    assert (found.fields, found.values, found.rest) == (
        ("number",),
        (number,),
        separator.join(before + after),
    )
    # Another number in the same place, or the same number after another word, is a place inside the source.
    assert repeats_source(locator, None, {"number": number + "0"}) is None
    assert repeats_source(separator.join([*before, "p. " + number, *after]), None, {"number": number}) is None


def test_migrated_embedded_store_is_a_fixed_point() -> None:
    # The store's references are written as scripts/migrate_locator_labels.py writes them: running it on
    # the store changes nothing (the page left of "doc. 471, p. 505" is stored as locator and label).
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "migrate_locator_labels",
        Path(__file__).resolve().parent.parent / "scripts" / "migrate_locator_labels.py",
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    text = (Path(__file__).resolve().parent.parent / "data" / "events.toml").read_text(encoding="utf-8")
    assert module.migrate(text) == (text, [])
