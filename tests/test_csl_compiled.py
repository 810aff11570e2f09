"""The compiled forms of the bundled styles and locales (pactcli.csl.compiled) equal a fresh parse.

If a test here fails after a change to a bundled style or locale or to the parser, run
``python scripts/compile_csl.py``.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pactcli.csl import compiled
from pactcli.csl.locale import PACKAGE_LOCALES, _read_file, read_locale
from pactcli.csl.style import load_style, parse_style
from pactcli.csl.xmltree import parse_xml

STYLES = sorted((Path(compiled.__file__).parent / "styles").glob("*.csl"))
LOCALES = sorted(PACKAGE_LOCALES.glob("locales-*.xml"))
STALE = "stale or missing: run python scripts/compile_csl.py"


@pytest.mark.parametrize("path", STYLES, ids=lambda p: p.stem)
def test_compiled_style_equals_a_fresh_parse(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    data = compiled.read(text, "style")
    assert data is not None, STALE
    fresh = parse_style(text, path.stem)
    assert compiled.style_data(compiled.style_from(data, path.stem)) == compiled.style_data(fresh), STALE
    loaded = load_style(text, path.stem)
    assert loaded.source == path.stem
    assert compiled.style_data(loaded) == compiled.style_data(fresh)


@pytest.mark.parametrize("path", LOCALES, ids=lambda p: p.stem)
def test_compiled_locale_equals_a_fresh_parse(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    data = compiled.read(text, "locale")
    assert data is not None, STALE
    fresh = parse_xml(text, str(path))
    # The lookup tables, as read_locale makes them from a fresh parse (and as a process reads them).
    direct = read_locale(fresh, str(path))
    for made in (compiled.locale_from(data), _read_file(str(path), -1.0)):
        assert (made.lang, made.has_ordinals) == (direct.lang, direct.has_ordinals), STALE
        assert made.terms == direct.terms, STALE
        assert list(made.terms) == list(direct.terms), STALE  # in the same order
        assert made.options == direct.options, STALE
        assert {k: compiled.element_data(v) for k, v in made.dates.items()} == {
            k: compiled.element_data(v) for k, v in direct.dates.items()
        }, STALE


def test_no_compiled_file_without_its_xml() -> None:
    texts = [p.read_text(encoding="utf-8") for p in [*STYLES, *LOCALES]]
    expected = {compiled.path_for(text).name for text in texts}
    assert {p.name for p in compiled.COMPILED_DIR.glob("*.json")} == expected | {compiled.FACTS}, STALE


def test_a_changed_style_is_parsed_from_its_xml() -> None:
    text = STYLES[0].read_text(encoding="utf-8")
    edited = text.replace("</style>", "<!-- edited --></style>")
    assert compiled.read(edited, "style") is None
    # Parsed afresh, so an edit that breaks the style is reported, not hidden behind the compiled form.
    broken = text.replace("</style>", "<bogus/></style>")
    from pactcli.errors import StyleError

    with pytest.raises(StyleError, match="unknown CSL element <bogus>"):
        load_style(broken, "edited")


def test_compiled_data_of_another_parser_or_format_are_ignored(tmp_path: Path) -> None:
    text = STYLES[0].read_text(encoding="utf-8")
    data = compiled.style_data(parse_style(text, "x"))
    assert compiled.read(text, "style", tmp_path) is None
    compiled.write(text, data, tmp_path)
    assert compiled.read(text, "style", tmp_path) is not None
    assert compiled.read(text, "locale", tmp_path) is None  # a style's data are not a locale's
    for key, value in (("parser", "0" * 64), ("format", compiled.FORMAT + 1)):
        changed = dict(data, **{key: value})
        compiled.path_for(text, tmp_path).write_text(json.dumps(changed))
        assert compiled.read(text, "style", tmp_path) is None
    compiled.path_for(text, tmp_path).write_text("{not json")
    assert compiled.read(text, "style", tmp_path) is None


@pytest.mark.parametrize("path", STYLES, ids=lambda p: p.stem)
def test_style_facts_equal_the_parsed_style(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    style = parse_style(text, path.stem)
    assert compiled.style_facts(text) == (style.klass, style.parent, style.default_locale), STALE
    assert compiled.style_facts(text + " ") is None


def test_macros_are_made_when_first_called_and_a_damaged_one_is_said(tmp_path: Path) -> None:
    path = next(p for p in STYLES if p.stem == "chicago-notes-bibliography")
    text = path.read_text(encoding="utf-8")
    fresh = parse_style(text, "x")
    compiled.write(text, compiled.style_data(fresh), tmp_path)
    data = compiled.read(text, "style", tmp_path)
    assert data is not None
    style = compiled.style_from(data, "x")
    name, macro = next(iter(style.macros.items()))
    # Name, attributes and line at once; the children from the macro's own line, when asked for.
    assert (macro.name, macro.attrs, macro.line) == (
        "macro",
        fresh.macros[name].attrs,
        fresh.macros[name].line,
    )
    assert compiled.element_data(macro) == compiled.element_data(fresh.macros[name])
    assert style.named_variables() == fresh.named_variables()
    # A file cut short (a macro's line missing) is not used; a damaged line is an error naming the macro.
    file = compiled.path_for(text, tmp_path)
    head, *lines = file.read_bytes().split(b"\n")
    file.write_bytes(b"\n".join([head, *lines[:3]]) + b"\n")
    assert compiled.read(text, "style", tmp_path) is None
    lines[0] = b'[["text",{"bogus'
    file.write_bytes(b"\n".join([head, *lines]))
    data = compiled.read(text, "style", tmp_path)
    assert data is not None
    damaged = compiled.style_from(data, "x")
    first = damaged.macros[next(iter(fresh.macros))]  # the first line is the style's first macro
    from pactcli.errors import StyleError

    with pytest.raises(StyleError, match="compiled data are damaged") as raised:
        _ = first.children
    assert raised.value.line_no == fresh.macros[next(iter(fresh.macros))].line
