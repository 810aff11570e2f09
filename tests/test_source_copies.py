"""The copy of a source that was read (``copy = {host, site, URL}``), apart from the work it is a copy of."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pactcli.store import parse as store
from pactcli.store.model import COPY_HOSTS, DOUBTFUL_HOSTS

STORE = """
[[sources]]
id = "tel"
kind = "primary"
copy = { host = "mirror", site = "a personal site", URL = "https://example.org/tel.htm" }
type = "document"
title = "Telegram 1054"

[[sources]]
id = "book"
kind = "secondary"
copy = { host = "forum" }
type = "book"
title = "A History"

[[sources]]
id = "archived"
kind = "primary"
copy = { host = "archive", site = "Papers Past" }
type = "article-newspaper"
title = "A Cable"
URL = "https://paperspast.example/cable"

[[sources]]
id = "usual"
kind = "tertiary"
copy = { host = "unread" }
type = "webpage"
title = "The Usual Reference"

[[sources]]
id = "plain"
type = "book"
title = "An Ungraded Book"

[[events]]
id = "on-copies"
title = "Rests on a mirror, a forum post and a reference nobody read"
start = 1945-04-05
zone = "Europe/Moscow"
sources = [{ id = "tel" }, { id = "book" }, { id = "usual" }]

[[events]]
id = "on-an-archive"
title = "A mirror, and the same story in an archive's copy"
start = 1945-04-06
zone = "Europe/Moscow"
sources = [{ id = "tel" }, { id = "archived" }]

[[events]]
id = "on-an-unrecorded-copy"
title = "A mirror, and a source whose copy the store does not record"
start = 1945-04-07
zone = "Europe/Moscow"
sources = [{ id = "tel" }, { id = "plain" }]
"""


@pytest.fixture
def copies(tmp_path: Path) -> str:
    path = tmp_path / "copies.toml"
    path.write_text(STORE, encoding="utf-8")
    return str(path)


def test_validate_warns_only_where_every_copy_is_doubtful(run, copies: str) -> None:
    result = run("validate", copies)
    assert result.code == 0  # warnings, not errors
    line = STORE.splitlines().index('sources = [{ id = "tel" }, { id = "book" }, { id = "usual" }]') + 1
    # A source without `copy` is neither good nor doubtful: the third event gets no warning.
    assert result.out.splitlines() == [
        f"{copies}:{line}: event on-copies: sources: rests only on copies of doubtful standing "
        "(forum, mirror, unread): cite a copy from a publisher, archive or official edition (warning)",
    ]
    assert result.err.splitlines() == ["ok: 3 events, 5 sources, 1 warning(s)"]


def test_json_gives_each_reference_its_copy(run, copies: str) -> None:
    result = run("--store", copies, "event", "on-an-archive", "--format", "json")
    assert result.code == 0, result.err
    assert json.loads(result.out)["sources"] == [
        {
            "id": "tel",
            "locator": None,
            "label": None,
            "quote": None,
            "kind": "primary",
            "copy": {"host": "mirror", "URL": "https://example.org/tel.htm", "site": "a personal site"},
        },
        {
            "id": "archived",
            "locator": None,
            "label": None,
            "quote": None,
            "kind": "primary",
            "copy": {"host": "archive", "URL": None, "site": "Papers Past"},
        },
    ]
    result = run("--store", copies, "event", "on-an-unrecorded-copy", "--format", "json")
    assert json.loads(result.out)["sources"][1]["copy"] is None


def test_event_view_prints_the_copy_under_the_reference(run, copies: str) -> None:
    result = run("--store", copies, "event", "on-copies", env={"COLUMNS": "200"})
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    # The references are Chicago first notes (the CSL processor), the copy read on the line below.
    first = lines.index("[1] (primary) “Telegram 1054,” n.d. (tel)")
    assert lines[first + 1] == "    copy read: mirror, a personal site, https://example.org/tel.htm"
    usual = lines.index("[3] (tertiary) “The Usual Reference.” (usual)")
    assert lines[usual + 1] == "    copy read: none (unread: cited as the usual reference)"


def test_the_copy_is_not_the_work_so_citations_and_exports_leave_it_out(run, copies: str) -> None:
    result = run("--store", copies, "cite", "--format", "csl-json")
    assert result.code == 0, result.err
    items = {item["id"]: item for item in json.loads(result.out)}
    assert set(items) == {"tel", "book", "archived", "usual", "plain"}
    assert all("copy" not in item and "kind" not in item for item in items.values())
    # The mirror's address is the copy's, not the work's: no citation prints it.
    assert "URL" not in items["tel"]
    assert items["archived"]["URL"] == "https://paperspast.example/cable"
    text = run("--store", copies, "cite", "tel", "--style", "apa").out
    assert "example.org" not in text and "Telegram 1054" in text


BAD_COPIES = [
    ('copy = "mirror"', "copy", "must be a table { host = …, URL = …, site = … }, not a string"),
    ("copy = { site = 'x' }", "copy.host", "required, one of " + ", ".join(COPY_HOSTS)),
    (
        'copy = { host = "mirrors" }',
        "copy.host",
        "required, one of " + ", ".join(COPY_HOSTS) + " (did you mean 'mirror'?)",
    ),
    ('copy = { host = "archive", url = "https://x" }', "copy.url", "unknown key (did you mean 'URL'?)"),
    ('copy = { host = "archive", site = "" }', "copy.site", "must be a non-empty string, not a string"),
    ('copy = { host = "archive", site = 3 }', "copy.site", "must be a non-empty string, not an integer"),
    (
        'copy = { host = "unread", URL = "https://x" }',
        "copy.URL",
        "a copy that was not read has no address (host unread)",
    ),
]


@pytest.mark.parametrize(("line", "field", "message"), BAD_COPIES)
def test_a_bad_copy_is_one_line_with_file_line_and_field(
    run, tmp_path: Path, line: str, field: str, message: str
) -> None:
    text = f'[[sources]]\nid = "s"\n{line}\ntype = "book"\ntitle = "T"\n'
    path = tmp_path / "bad.toml"
    path.write_text(text, encoding="utf-8")
    result = run("validate", str(path))
    assert result.code != 0
    assert f"{path}:3: source s: {field}: {message}" in result.out.splitlines()


def test_every_embedded_source_says_which_copy_was_read() -> None:
    """The chronology's own standard: no source without its copy, and no doubtful copy left unnamed."""
    loaded, _ = store.load([store.EMBEDDED])
    assert [s.id for s in loaded.sources.values() if s.copy is None] == []
    for source in loaded.sources.values():
        assert source.copy is not None and source.copy.host in COPY_HOSTS, source.id
        if source.copy.host in DOUBTFUL_HOSTS - {"unread"}:
            # A copy of doubtful standing is named (its site or address, or the work's own site where the
            # page read is the work), so that a reader can judge it.
            fields = source.fields
            named = (
                source.copy.site
                or source.copy.url
                or any(fields.get(key) for key in ("URL", "publisher", "container-title"))
            )
            assert named, source.id
