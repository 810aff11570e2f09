"""Writing a user's store: byte-for-byte preservation, validation first, atomic writes, and refusals."""

from __future__ import annotations

import datetime as dt
import os
import stat
from pathlib import Path

import pytest
import tomli
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pactcli.errors import WriteRefused
from pactcli.store import writer
from pactcli.store.files import embedded_store_path

from .conftest import MINI

BASE = """\
# My chronology -- comments, odd spacing and quoting must survive every change.
[store]
title   =   'Single-quoted title'

[[sources]]   # the first source
id = "a"
type = "book"
title = "A title"
note = \"\"\"A note (a title is one line; a note may span lines)
[[events]]
that looks like a header inside a multi-line string\"\"\"
issued = { date-parts = [
  [1994] ] }

# a comment between tables

[[events]]
id = "e1"
title = "One"
start = 1941-04-13
zone = "Europe/Moscow"
sources = [
  { id = "a", locator = "p. 1" },
]

[[events.disputes]]
start = "1941-04-14"
sources = [{ id = "a" }]
note = "Another day."

[[sources]]
id = 'b'
type = 'webpage'
title = 'B'

[[events]]
id = "e2"
title = "Two"
start = "1942"
zone = "UTC"
sources = [{ id = "b" }]
"""


def _store(tmp_path: Path, text: str = BASE, name: str = "mine.toml") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    return path


def test_spans_know_strings_arrays_and_sub_tables() -> None:
    spans = writer.record_spans(BASE)
    assert [(s.table, s.line) for s in spans["sources"] + spans["events"]] == [
        ("sources", 5),
        ("sources", 31),
        ("events", 17),
        ("events", 36),
    ]
    first_event = BASE[spans["events"][0].start : spans["events"][0].end]
    assert first_event.startswith('[[events]]\nid = "e1"') and first_event.endswith('note = "Another day."\n')
    # The comment between tables is left to what follows it.
    assert "# a comment" not in BASE[spans["sources"][0].start : spans["sources"][0].end]


def test_add_then_remove_gives_back_the_same_bytes(tmp_path: Path) -> None:
    path = _store(tmp_path)
    before = path.read_bytes()
    handle = writer.StoreFile(str(path))
    record = writer.render_record("sources", {"id": "c", "type": "book", "title": "C"})
    handle.save(handle.with_added("sources", record), [str(path)])
    added = path.read_text(encoding="utf-8")
    assert added.count("[[sources]]") == 3 and tomli.loads(added)["sources"][2] == {
        "id": "c",
        "type": "book",
        "title": "C",
    }
    assert added.replace('\n[[sources]]\nid = "c"\ntype = "book"\ntitle = "C"\n', "", 1) == before.decode()
    handle = writer.StoreFile(str(path))
    span = handle.find("sources", "c")
    assert span is not None
    handle.save(handle.with_removed(span), [str(path)])
    assert path.read_bytes() == before


_text = st.text(st.characters(exclude_categories=("Cs",)), min_size=1, max_size=30).filter(str.strip)
_records = st.fixed_dictionaries(
    {"id": st.from_regex(r"\Az[a-z0-9]{0,8}(-[a-z0-9]{1,5})?\Z"), "type": st.just("book"), "title": _text},
    optional={
        "author": st.lists(st.fixed_dictionaries({"family": _text, "given": _text}), min_size=1, max_size=3),
        "issued": st.one_of(
            st.dates(min_value=dt.date(1, 1, 1)).map(lambda d: d),
            st.builds(lambda y: {"date-parts": [[y]]}, st.integers(1, 2100)),
        ),
        "note": _text,
        "page": st.one_of(_text, st.integers(1, 999)),
    },
)


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(record=_records, table_gap=st.sampled_from(["", "\n", "\n\n", "# trailing\n"]))
def test_any_record_added_and_removed_leaves_the_file_byte_identical(
    tmp_path: Path, record: dict[str, object], table_gap: str
) -> None:
    text = BASE + table_gap
    handle = writer.StoreFile(str(_store(tmp_path, text)))
    added = handle.with_added("sources", writer.render_record("sources", record))
    parsed = tomli.loads(added)["sources"]
    assert parsed[-1] == record  # the record reads back exactly, whatever its text holds
    assert parsed[:-1] == tomli.loads(text)["sources"]
    span = handle.find("sources", str(record["id"]), added)
    assert span is not None
    assert handle.with_removed(span, added) == text


def test_replace_touches_only_that_record(tmp_path: Path) -> None:
    handle = writer.StoreFile(str(_store(tmp_path)))
    span = handle.find("events", "e1")
    assert span is not None
    new = handle.with_replaced(
        span,
        '[[events]]\nid = "e1"\ntitle = "Renamed"\nstart = 1941-04-13\nzone = "UTC"\n'
        'sources = [{ id = "a" }]\n',
    )
    assert new[: span.start] == BASE[: span.start] and new.endswith(BASE[span.end :])


def test_an_invalid_change_is_refused_with_file_lines_and_nothing_written(tmp_path: Path) -> None:
    path = _store(tmp_path)
    before = path.read_bytes()
    handle = writer.StoreFile(str(path))
    bad = writer.render_record(
        "events",
        {"id": "e3", "title": "Three", "start": "1945-02-30", "zone": "UTC", "sources": [{"id": "zz"}]},
    )
    with pytest.raises(WriteRefused) as info:
        handle.save(handle.with_added("events", bad), [str(path)])
    assert [p.line() for p in info.value.problems] == [
        f"{path}:46: event e3: start: 1945-02-30 does not exist (Feb has 28 days)",
        f"{path}:48: event e3: sources: cites undefined source 'zz'",
    ]
    assert path.read_bytes() == before
    assert sorted(os.listdir(tmp_path)) == ["mine.toml"]  # no temporary file left behind


def test_a_file_changed_since_it_was_read_is_not_overwritten(tmp_path: Path) -> None:
    path = _store(tmp_path)
    handle = writer.StoreFile(str(path))
    new = handle.with_added(
        "sources", writer.render_record("sources", {"id": "c", "type": "book", "title": "C"})
    )
    theirs = BASE.replace("Single-quoted title", "Changed in another editor")
    path.write_text(theirs, encoding="utf-8")
    with pytest.raises(WriteRefused, match="changed on disk since pactcli read it"):
        handle.save(new, [str(path)])
    assert path.read_text(encoding="utf-8") == theirs
    assert sorted(os.listdir(tmp_path)) == ["mine.toml"]


def test_the_mode_is_kept(tmp_path: Path) -> None:
    path = _store(tmp_path)
    path.chmod(0o640)
    handle = writer.StoreFile(str(path))
    handle.save(
        handle.with_added(
            "sources", writer.render_record("sources", {"id": "c", "type": "book", "title": "C"})
        )
    )
    assert stat.S_IMODE(path.stat().st_mode) == 0o640


def test_refuses_the_embedded_store() -> None:
    with pytest.raises(WriteRefused, match="read-only"):
        writer.StoreFile("@embedded")
    with pytest.raises(WriteRefused, match="embedded store"):
        writer.StoreFile(str(embedded_store_path()))


def test_symlinks_inside_are_followed_and_kept_outside_refused(tmp_path: Path) -> None:
    inside = tmp_path / "data"
    inside.mkdir()
    real = _store(inside, name="real.toml")
    link = tmp_path / "link.toml"
    link.symlink_to(real)
    handle = writer.StoreFile(str(link))
    handle.save(
        handle.with_added(
            "sources", writer.render_record("sources", {"id": "c", "type": "book", "title": "C"})
        )
    )
    assert link.is_symlink() and 'id = "c"' in real.read_text(encoding="utf-8")
    elsewhere = tmp_path / "work"
    elsewhere.mkdir()
    outward = elsewhere / "store.toml"
    outward.symlink_to(real)
    before = real.read_bytes()
    with pytest.raises(WriteRefused, match=r"is a symlink to .*real\.toml, outside .*work"):
        writer.StoreFile(str(outward))
    assert real.read_bytes() == before


def test_refuses_what_is_not_a_regular_file(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.toml"
    os.mkfifo(fifo)
    with pytest.raises(WriteRefused, match="is not a regular file"):
        writer.StoreFile(str(fifo))
    with pytest.raises(WriteRefused, match="is not a regular file"):
        writer.StoreFile(str(tmp_path))
    with pytest.raises(WriteRefused, match="no such file"):
        writer.StoreFile(str(tmp_path / "missing.toml"))


def test_inline_arrays_of_records_are_refused_not_rewritten(tmp_path: Path) -> None:
    text = (
        'sources = [{ id = "a", type = "book", title = "A" }]\n\n'
        '[[events]]\nid = "e"\ntitle = "E"\nstart = "1941"\nzone = "UTC"\nsources = [{ id = "a" }]\n'
    )
    handle = writer.StoreFile(str(_store(tmp_path, text)))
    with pytest.raises(WriteRefused, match=r"not written as \[\[sources\]\] tables"):
        handle.with_added(
            "sources", writer.render_record("sources", {"id": "c", "type": "book", "title": "C"})
        )
    with pytest.raises(WriteRefused, match="cannot change safely"):
        handle.find("sources", "a")


def test_create_never_overwrites(tmp_path: Path) -> None:
    path = tmp_path / "new.toml"
    writer.create(str(path), MINI.read_text(encoding="utf-8"))
    assert path.read_bytes() == MINI.read_bytes()
    with pytest.raises(WriteRefused, match="already exists"):
        writer.create(str(path), "anything")
    assert path.read_bytes() == MINI.read_bytes()


def test_crlf_files_get_crlf_records_and_come_back_identical(tmp_path: Path) -> None:
    text = BASE.replace("\n", "\r\n")
    handle = writer.StoreFile(str(_store(tmp_path, text)))
    added = handle.with_added(
        "sources", writer.render_record("sources", {"id": "c", "type": "book", "title": "C"})
    )
    assert '\r\n\r\n[[sources]]\r\nid = "c"\r\ntype = "book"\r\ntitle = "C"\r\n' in added
    assert "\n" not in added.replace("\r\n", "")
    span = handle.find("sources", "c", added)
    assert span is not None
    assert handle.with_removed(span, added) == text


_TRICKY = st.sampled_from(
    [
        'note = """\n[[events]]\nid = "not-a-record"\n"""',
        "note = '''\n[[sources]]\n'''",
        'note = """ends in quotes"""""',
        'note = "a \\" [[events]] # not a comment"',
        "note = 'C:\\path\\'",
        "page = [\n  [1994],\n  [1995]\n]",
        "page = [ # [[events]]\n  1,\n]",
        "# [[events]] in a comment",
        "",
        "  # indented comment",
    ]
)


@settings(max_examples=80)
@given(st.lists(st.tuples(st.sampled_from(["sources", "events"]), _TRICKY), min_size=1, max_size=8))
def test_spans_agree_with_the_toml_parser(records: list[tuple[str, str]]) -> None:
    text = "# header comment\n"
    for number, (table, extra) in enumerate(records):
        text += f'\n[[{table}]]\nid = "r{number}"\n{extra}\n'
    parsed = tomli.loads(text)
    spans = writer.record_spans(text)
    for table in ("sources", "events"):
        assert len(spans[table]) == len(parsed.get(table, []))
        for span, record in zip(spans[table], parsed.get(table, []), strict=True):
            assert tomli.loads(text[span.start : span.end])[table] == [record]
            assert text.count("\n", 0, span.start) + 1 == span.line


def test_create_without_hard_links(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_links(*_: object) -> None:
        raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr(os, "link", no_links)
    path = tmp_path / "new.toml"
    writer.create(str(path), MINI.read_text(encoding="utf-8"))
    assert path.read_bytes() == MINI.read_bytes()
    assert sorted(os.listdir(tmp_path)) == ["new.toml"]
    with pytest.raises(WriteRefused, match="already exists"):
        writer.create(str(path), MINI.read_text(encoding="utf-8"))
