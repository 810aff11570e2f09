"""``pactcli cite`` with any CSL style: bundled names, .csl files, dependent styles, locales, --items,
--list-styles, and the one-line errors for styles, locales and items that cannot be used (exit 2)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pactcli.citations.styles import STYLES_DIR

from .conftest import MINI

BOOK = {
    "id": "hasegawa",
    "type": "book",
    "title": "Racing the Enemy",
    "author": [{"family": "Hasegawa", "given": "Tsuyoshi"}],
    "publisher": "Harvard University Press",
    "publisher-place": "Cambridge, MA",
    "issued": {"date-parts": [[2005]]},
}
DEPENDENT = """<?xml version="1.0" encoding="utf-8"?>
<style xmlns="http://purl.org/net/xbiblio/csl" version="1.0" default-locale="{locale}">
  <info>
    <title>Some Journal</title>
    <id>http://www.zotero.org/styles/some-journal</id>
    <link href="http://www.zotero.org/styles/some-journal" rel="self"/>
    <link href="http://www.zotero.org/styles/{parent}" rel="independent-parent"/>
    <updated>2024-01-01T00:00:00+00:00</updated>
  </info>
</style>
"""


def _items(tmp_path: Path, items: object) -> str:
    path = tmp_path / "items.json"
    path.write_text(json.dumps(items), encoding="utf-8")
    return str(path)


def test_items_file_renders_without_a_store(run, tmp_path: Path) -> None:
    result = run("--store", str(tmp_path / "missing.toml"), "cite", "--items", _items(tmp_path, [BOOK]))
    assert (result.code, result.err) == (0, "")
    assert result.out == "Hasegawa, Tsuyoshi. Racing the Enemy. Harvard University Press, 2005.\n"


def test_items_from_stdin_in_apa_markdown(run) -> None:
    result = run("cite", "--items", "-", "--style", "apa", "--format", "markdown", stdin=json.dumps([BOOK]))
    assert (result.code, result.err) == (0, "")
    assert result.out == "Hasegawa, T. (2005). *Racing the Enemy*. Harvard University Press.\n"


def test_items_notes_in_a_numeric_style(run, tmp_path: Path) -> None:
    result = run("cite", "--items", _items(tmp_path, [BOOK]), "--style", "ieee", "--notes")
    assert (result.code, result.out) == (0, "1. [1]\n")


@pytest.mark.parametrize(
    ("style", "fmt", "expected"),
    [
        (
            "ieee",
            "text",
            "[1] T. Hasegawa, Racing the Enemy. Cambridge, MA: Harvard University Press, 2005.\n",
        ),
        (
            "ieee",
            "html",
            '<ul class="csl-bibliography">\n  <li><div class="csl-left-margin">[1]</div>'
            '<div class="csl-right-inline">T. Hasegawa, <i>Racing the Enemy</i>. Cambridge, MA: Harvard '
            "University Press, 2005.</div></li>\n</ul>\n",
        ),
        (
            "iso690-author-date-en",
            "markdown",
            "HASEGAWA, Tsuyoshi, 2005. *Racing the Enemy*. Cambridge, MA: Harvard University Press.\n",
        ),
    ],
)
def test_a_style_laid_out_in_blocks_prints_no_layout_whitespace(
    run, style: str, fmt: str, expected: str
) -> None:
    # The processor's HTML puts line breaks and indentation between display blocks (as citeproc-js does):
    # layout, not data, so no escaped "\n" and no indentation reach the output.
    result = run("cite", "--items", "-", "--style", style, "--format", fmt, stdin=json.dumps([BOOK]))
    assert (result.code, result.err) == (0, "")
    assert result.out == expected


def test_a_line_break_in_a_field_stays_visible_in_a_block_style(run) -> None:
    book = {**BOOK, "title": "Racing\nthe Enemy"}
    result = run("cite", "--items", "-", "--style", "ieee", stdin=json.dumps([book]))
    assert (
        result.out == "[1] T. Hasegawa, Racing\\nthe Enemy. Cambridge, MA: Harvard University Press, 2005.\n"
    )


def test_a_style_file_by_path(run, tmp_path: Path) -> None:
    copy = tmp_path / "mine.csl"
    copy.write_text((STYLES_DIR / "apa.csl").read_text(encoding="utf-8"), encoding="utf-8")
    result = run("cite", "--items", _items(tmp_path, [BOOK]), "--style", str(copy))
    assert (result.code, result.out) == (
        0,
        "Hasegawa, T. (2005). Racing the Enemy. Harvard University Press.\n",
    )


def test_a_locale(run, tmp_path: Path) -> None:
    item = {**BOOK, "type": "article-newspaper", "container-title": "Pravda", "issued": "1945-08-09"}
    result = run("cite", "--items", _items(tmp_path, [item]), "--style", "chicago", "--locale", "de-DE")
    assert result.code == 0
    assert "9. August 1945" in result.out


def test_dependent_style_uses_its_bundled_parent_and_its_locale(run, tmp_path: Path) -> None:
    dependent = tmp_path / "some-journal.csl"
    dependent.write_text(
        DEPENDENT.format(locale="de-DE", parent="chicago-notes-bibliography"), encoding="utf-8"
    )
    item = {**BOOK, "type": "article-newspaper", "container-title": "Pravda", "issued": "1945-08-09"}
    result = run("cite", "--items", _items(tmp_path, [item]), "--style", str(dependent))
    assert (result.code, result.err) == (0, "")
    assert result.out == "Hasegawa, Tsuyoshi. „Racing the Enemy“. Pravda (Cambridge, MA), 9. August 1945.\n"


def test_dependent_style_with_an_unknown_parent_is_refused(run, tmp_path: Path) -> None:
    dependent = tmp_path / "some-journal.csl"
    dependent.write_text(DEPENDENT.format(locale="en-US", parent="vancouver"), encoding="utf-8")
    result = run("cite", "--items", _items(tmp_path, [BOOK]), "--style", str(dependent))
    assert (result.code, result.out) == (2, "")
    assert result.err == (
        f"pactcli: {dependent}: a dependent style whose parent 'http://www.zotero.org/styles/vancouver'"
        " is not bundled; give the parent's .csl file\n"
    )


def test_list_styles(run) -> None:
    result = run("cite", "--list-styles")
    assert result.code == 0
    lines = result.out.splitlines()
    assert lines[0] == "chicago → chicago-notes-bibliography, mla → modern-language-association"
    names = [line.split()[0] for line in lines[1:]]
    assert names == sorted(p.stem for p in STYLES_DIR.glob("*.csl"))
    chicago = next(line for line in lines if line.startswith("chicago-notes-bibliography "))
    assert chicago.split(None, 2)[1:] == [
        "note",
        "Chicago Manual of Style 18th edition (notes and bibliography)",
    ]
    assert next(line for line in lines if line.startswith("apa ")).split()[1] == "in-text"


BAD_STYLES = [
    ("<style", "not well-formed XML"),
    ('<?xml version="1.0"?>\n<html/>', "not a CSL style (root element <html>)"),
    (
        '<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">\n'
        "<citation><layout><blink/></layout></citation></style>",
        "unknown CSL element <blink>",
    ),
    (
        '<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">\n'
        '<citation><layout><text variable="title" colour="red"/></layout></citation></style>',
        "<text> has an unknown attribute 'colour'",
    ),
    (
        '<!DOCTYPE s [<!ENTITY a "aaaa">]>\n<style xmlns="http://purl.org/net/xbiblio/csl"/>',
        "a DOCTYPE is not allowed in a style or locale",
    ),
]


@pytest.mark.parametrize(("text", "message"), BAD_STYLES)
def test_a_bad_style_is_one_line_naming_the_file(run, tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "bad.csl"
    path.write_text(text, encoding="utf-8")
    result = run("--store", str(MINI), "cite", "--style", str(path))
    assert (result.code, result.out) == (2, "")
    assert result.err.startswith(f"pactcli: {path}:")
    assert message in result.err and result.err.count("\n") == 1
    assert "Traceback" not in result.err


def test_a_bad_style_names_the_line(run, tmp_path: Path) -> None:
    path = tmp_path / "bad.csl"
    path.write_text(BAD_STYLES[2][0], encoding="utf-8")
    result = run("--store", str(MINI), "cite", "--style", str(path))
    assert result.err == f"pactcli: {path}:2: unknown CSL element <blink>\n"


def test_a_missing_style_file(run, tmp_path: Path) -> None:
    result = run("--store", str(MINI), "cite", "--style", str(tmp_path / "none.csl"))
    assert (result.code, result.err) == (2, f"pactcli: {tmp_path / 'none.csl'}: no such style file\n")


def test_an_unknown_locale(run, tmp_path: Path) -> None:
    result = run("cite", "--items", _items(tmp_path, [BOOK]), "--locale", "xx-YY")
    assert (result.code, result.out) == (2, "")
    assert result.err.startswith("pactcli: ") and "unknown locale 'xx-YY'" in result.err
    assert result.err.count("\n") == 1


@pytest.mark.parametrize(
    ("items", "message"),
    [
        ([{"type": "book", "title": "A"}], "item 1 has no 'id'"),
        ([BOOK, {"id": "", "type": "book"}], "item 2 has no 'id'"),
        ({"id": "x"}, "expected a CSL-JSON array of items"),
        ([BOOK, BOOK], "item 2: id 'hasegawa' is given twice"),
    ],
)
def test_bad_items(run, tmp_path: Path, items: object, message: str) -> None:
    path = _items(tmp_path, items)
    result = run("cite", "--items", path)
    assert (result.code, result.out, result.err) == (2, "", f"pactcli: {path}: {message}\n")


def test_items_that_are_not_json(run, tmp_path: Path) -> None:
    path = tmp_path / "items.json"
    path.write_text('[{"id": "a",\n oops]', encoding="utf-8")
    result = run("cite", "--items", str(path))
    assert (result.code, result.err) == (
        2,
        f"pactcli: {path}:2: not JSON: Expecting property name enclosed in double quotes\n",
    )


def test_items_with_ids_is_a_usage_error(run, tmp_path: Path) -> None:
    result = run("cite", "x", "--items", _items(tmp_path, [BOOK]))
    assert (result.code, result.err) == (
        2,
        "pactcli: option --items: give either --items or IDs/--tag, not both\n",
    )


def test_style_and_data_text_cannot_reach_the_terminal_raw(run, tmp_path: Path) -> None:
    item = {**BOOK, "title": "Racing\x1b]52;c;AAAA\x07 <b>the</b> \u202eEnemy"}
    result = run("cite", "--items", _items(tmp_path, [item]))
    assert "\x1b" not in result.out and "\u202e" not in result.out and "\x07" not in result.out
    assert "\\x1b" in result.out and "\\u202e" in result.out
    html = run("cite", "--items", _items(tmp_path, [item]), "--format", "html").out
    assert "<b>the</b>" in html  # CSL's own markup in a field value (the processor's flip-flop markup)
    assert "\x1b" not in html


def test_a_hyphenated_given_name_stays_whole(run, tmp_path: Path) -> None:
    """Wade-Giles given names ("Ping-sheung"): Chicago keeps the full name, APA gives the first initial."""
    item = {**BOOK, "author": [{"family": "Foo", "given": "Ping-sheung"}]}
    path = _items(tmp_path, [item])
    assert run("cite", "--items", path).out.startswith("Foo, Ping-sheung. Racing the Enemy.")
    assert run("cite", "--items", path, "--style", "apa").out.startswith("Foo, P. (2005).")
