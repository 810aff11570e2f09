"""The index cache: the same answers as parsing, invalidated by any edit, rebuilt a file at a time, robust to
damage, planted files, dead writers and crowds.

No timings here (they live in benchmarks/run.py and docs/performance.md): these tests check that whatever the
cache does, every answer equals the one a fresh parse gives.
"""

from __future__ import annotations

import contextlib
import fcntl
import functools
import hashlib
import importlib.util
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pactcli.errors import StoreError
from pactcli.store import cache, index, queries
from pactcli.store import parse as store
from pactcli.store.files import EMBEDDED

from .conftest import MINI

ROOT = Path(__file__).resolve().parents[1]
MAKE_STORE = ROOT / "benchmarks" / "make_store.py"


def _parsed(paths: list[str]) -> store.Store:
    loaded, _ = store.load(paths)
    return loaded


def _same(a: store.Store, b: store.Store) -> None:
    assert (a.title, tuple(a.display_zones), dict(a.zones), a.paths) == (
        b.title,
        tuple(b.display_zones),
        dict(b.zones),
        b.paths,
    )
    assert list(a.events) == list(b.events)
    assert list(a.sources) == list(b.sources)
    assert dict(a.sources) == dict(b.sources)
    assert a.event_ids() == b.event_ids()


def _index_files(directory: Path) -> list[Path]:
    return cache.index_files(directory)


def _temporaries(directory: Path) -> list[Path]:
    return sorted(p for p in directory.iterdir() if p.name.startswith(cache.TEMP_PREFIX))


@pytest.fixture
def cache_env(tmp_path: Path) -> dict[str, str]:
    return {"PACTCLI_CACHE_DIR": str(tmp_path / "cache")}


def _make_store(size: int, path: Path) -> Path:
    subprocess.run([sys.executable, str(MAKE_STORE), str(size), str(path)], check=True, capture_output=True)
    return path


@pytest.fixture
def big(tmp_path: Path) -> Path:
    """A synthetic store of 600 events (30 sources, disputes, every date form)."""
    return _make_store(600, tmp_path / "big.toml")


def _load_benchmark(name: str) -> ModuleType:
    # The benchmarks are scripts, not a package: the split the incremental tests use is the benchmark's own.
    spec = importlib.util.spec_from_file_location(f"benchmarks_{name}", ROOT / "benchmarks" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# The store split into ``count`` files, each with its share of the sources and of the events (which cite
# sources of every file); the first also holds the settings and zones.
_split = _load_benchmark("split_store").split


# --- same answers ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("which", ["embedded", "mini", "big"])
def test_cached_store_equals_parsed_store(which: str, big: Path, cache_env: dict[str, str]) -> None:
    paths = {"embedded": [EMBEDDED], "mini": [str(MINI)], "big": [str(big)]}[which]
    first = cache.load(paths, cache_env)  # parses and writes the index
    (index_file,) = _index_files(Path(cache_env["PACTCLI_CACHE_DIR"]))
    second = cache.load(paths, cache_env)  # reads the index
    assert second.index is not None and second.index.connection_path == str(index_file)
    _same(first, _parsed(paths))
    _same(second, _parsed(paths))
    assert _index_files(Path(cache_env["PACTCLI_CACHE_DIR"])) == [index_file]


def test_lookups_on_a_cached_store(big: Path, cache_env: dict[str, str]) -> None:
    cache.load([str(big)], cache_env)
    cached = cache.load([str(big)], cache_env)
    parsed = _parsed([str(big)])
    for event_id in ("ev-000001", "ev-000300", "ev-000600", "ev-000257"):
        position = parsed.position(event_id)
        assert cached.position(event_id) == position
        assert cached.event(event_id) == parsed.event(event_id)
        assert list(cached.events[max(0, position - 2) : position + 3]) == list(
            parsed.events[max(0, position - 2) : position + 3]
        )
        around = parsed.event(event_id)
        assert around is not None
        assert [list(side) for side in queries.neighbours(cached, around)] == [
            list(parsed.events[max(0, position - 2) : position]),
            list(parsed.events[position + 1 : position + 3]),
        ]
    assert cached.event("ev-999999") is None
    assert cached.events[-1] == parsed.events[-1]
    assert list(reversed(cached.events)) == list(reversed(parsed.events))
    with pytest.raises(IndexError):
        cached.events[len(parsed.events)]
    assert "src-00007" in cached.sources and "nope" not in cached.sources
    assert cached.sources["src-00007"] == parsed.sources["src-00007"]
    assert queries.find_event(cached, "ev-0006") == parsed.event("ev-000600")  # a unique prefix


def _python_select(loaded: store.Store, selection: queries.Selection) -> list[str]:
    """An independent oracle for the period and tag filters: the rule written out in Python."""

    def days(claim: store.Claim) -> tuple[object, object]:
        return claim.start.first_day(), (claim.end or claim.start).last_day()

    chosen = []
    for event in loaded.events:
        # Each claim on its own (any claim, or the main one only) overlaps the period.
        spans = [days(c) for c in (event.claims() if selection.any_claim else (event.claim,))]
        if not any(
            (selection.start is None or last >= selection.start.first_day())
            and (selection.end is None or first <= selection.end.last_day())
            for first, last in spans
        ):
            continue
        if selection.tags and not {t.casefold() for t in selection.tags} & {t.casefold() for t in event.tags}:
            continue
        chosen.append(event.id)
    if selection.reverse:
        chosen.reverse()
    return chosen[: selection.limit] if selection.limit is not None else chosen


@pytest.fixture(scope="module")
def big_parsed(tmp_path_factory: pytest.TempPathFactory) -> store.Store:
    return _parsed([str(_make_store(2000, tmp_path_factory.mktemp("big") / "store.toml"))])


@settings(max_examples=60, deadline=None)
@given(
    start=st.one_of(st.none(), st.integers(1930, 1947)),
    length=st.integers(0, 4),
    month=st.one_of(st.none(), st.integers(1, 12)),
    tags=st.lists(st.sampled_from(["pact", "WAR", "press", "nope", "1945-endgame"]), max_size=2),
    limit=st.one_of(st.none(), st.integers(0, 40)),
    reverse=st.booleans(),
    any_claim=st.booleans(),
)
def test_sql_filters_agree_with_the_rule(
    big_parsed: store.Store,
    start: int | None,
    length: int,
    month: int | None,
    tags: list[str],
    limit: int | None,
    reverse: bool,
    any_claim: bool,
) -> None:
    from pactcli.time.dates import parse_stored

    begin = parse_stored(f"{start}-{month:02d}" if month else str(start)) if start else None
    end = parse_stored(str(start + length)) if start else None
    selection = queries.Selection(begin, end, tuple(tags), None, limit, reverse, any_claim)
    assert [e.id for e in queries.select(big_parsed, selection)] == _python_select(big_parsed, selection)


# --- invalidation and incremental rebuilds ---------------------------------------------------------------


def test_any_edit_invalidates(tmp_path: Path, cache_env: dict[str, str], monkeypatch) -> None:
    # The stat shortcut on: a file older than SETTLED is not read again while its stat is unchanged.
    monkeypatch.setattr(cache, "SETTLED", 0.05)
    path = tmp_path / "store.toml"
    shutil.copy(MINI, path)
    time.sleep(0.1)
    before = cache.load([str(path)], cache_env)
    cache.load([str(path)], cache_env)
    text = path.read_text(encoding="utf-8")
    event = before.events[0]
    # Same length, same mtime: only the content (and the change time the kernel sets) can tell them apart.
    info = path.stat()
    changed = text.replace(f'title = "{event.title}"', f'title = "{event.title[:-1]}X"', 1)
    assert changed != text and len(changed) == len(text)
    path.write_text(changed, encoding="utf-8")
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns))
    after = cache.load([str(path)], cache_env)
    found = after.event(event.id)
    assert found is not None and found.title == event.title[:-1] + "X"
    _same(after, _parsed([str(path)]))
    assert len(_index_files(Path(cache_env["PACTCLI_CACHE_DIR"]))) == 1
    path.write_text(text, encoding="utf-8")
    back = cache.load([str(path)], cache_env).event(event.id)
    assert back is not None and back.title == event.title


def test_an_invalid_edit_is_reported_not_served_from_the_cache(
    tmp_path: Path, cache_env: dict[str, str]
) -> None:
    path = tmp_path / "store.toml"
    shutil.copy(MINI, path)
    cache.load([str(path)], cache_env)
    path.write_text(path.read_text(encoding="utf-8").replace("[[events]]", "[[events]]\nbogus = 1", 1))
    with pytest.raises(StoreError) as info:
        cache.load([str(path)], cache_env)
    assert "bogus" in info.value.problems[0].line()


class _Counting:
    """Counts the store files parsed (store.ParsedFile) and fully validated (store.load_files)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.parsed: list[str] = []
        self.full = 0
        real_parsed, real_full = store.ParsedFile, store.load_files

        def parsed(path: str, data: bytes) -> store.ParsedFile:
            self.parsed.append(Path(path).name)
            return real_parsed(path, data)

        def full(files):  # type: ignore[no-untyped-def]
            self.full += 1
            return real_full(files)

        monkeypatch.setattr(store, "ParsedFile", parsed)
        monkeypatch.setattr(store, "load_files", full)


_EVENT = '[[events]]\nid = "'


def _first_event_id(path: Path) -> str:
    return path.read_text(encoding="utf-8").split(_EVENT, 1)[1].split('"', 1)[0]


def _rename_first_event(path: Path, new_id: str) -> None:
    """Give the first event of ``path`` the ID ``new_id`` (which another file's event has)."""
    text = path.read_text(encoding="utf-8")
    mine = _first_event_id(path)
    path.write_text(text.replace(f'id = "{mine}"', f'id = "{new_id}"', 1), encoding="utf-8")


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_editing_one_of_ten_files_parses_that_file(
    big: Path, tmp_path: Path, cache_env: dict[str, str], monkeypatch
) -> None:
    paths = [str(p) for p in _split(big, 10, tmp_path / "split")]
    _same(cache.load(paths, cache_env), _parsed(paths))
    counting = _Counting(monkeypatch)
    # An event's title in file 6: only that file is parsed again.
    part = Path(paths[6])
    text = part.read_text(encoding="utf-8")
    head, _, events = text.partition("[[events]]\n")
    part.write_text(
        head + "[[events]]\n" + events.replace('title = "', 'title = "Edited: ', 1), encoding="utf-8"
    )
    edited = cache.load(paths, cache_env)
    assert (counting.parsed, counting.full) == (["part-06.toml"], 0)
    monkeypatch.undo()
    _same(edited, _parsed(paths))
    assert any(e.title.startswith("Edited: ") for e in edited.events)
    assert [e.id for e in queries.select(edited, queries.Selection(search="edited"))] == [
        e.id for e in edited.events if e.title.startswith("Edited: ")
    ]
    assert len(_index_files(Path(cache_env["PACTCLI_CACHE_DIR"]))) == 1


def test_a_new_source_in_one_file_parses_that_file(
    big: Path, tmp_path: Path, cache_env: dict[str, str], monkeypatch
) -> None:
    paths = [str(p) for p in _split(big, 5, tmp_path / "split")]
    cache.load(paths, cache_env)
    counting = _Counting(monkeypatch)
    part = Path(paths[3])
    text = part.read_text(encoding="utf-8")
    part.write_text(
        '[[sources]]\nid = "new-source"\ntype = "book"\ntitle = "Kuriles Zaibatsu Almanac"\n\n'
        + text.replace('sources = [{ id = "', 'sources = [{ id = "new-source" }, { id = "', 1),
        encoding="utf-8",
    )
    loaded = cache.load(paths, cache_env)
    assert (counting.parsed, counting.full) == (["part-03.toml"], 0)
    monkeypatch.undo()
    _same(loaded, _parsed(paths))
    # The new source's title is searchable through the event that cites it.
    assert len(queries.select(loaded, queries.Selection(search="zaibatsu"))) == 1


def test_a_source_title_edited_in_one_file_is_searched_in_the_others(
    big: Path, tmp_path: Path, cache_env: dict[str, str]
) -> None:
    paths = [str(p) for p in _split(big, 4, tmp_path / "split")]
    cache.load(paths, cache_env)
    _edit(Path(paths[0]), 'type = "book"\ntitle = "', 'type = "book"\ntitle = "Quixotic ')
    loaded = cache.load(paths, cache_env)
    parsed = _parsed(paths)
    _same(loaded, parsed)
    quixotic = {sid for sid, source in parsed.sources.items() if source.title.startswith("Quixotic")}
    expected = [e.id for e in parsed.events if {r.id for r in e.cited_sources()} & quixotic]
    assert expected
    assert [e.id for e in queries.select(loaded, queries.Selection(search="quixotic"))] == expected
    assert [e.id for e in queries.select(parsed, queries.Selection(search="quixotic"))] == expected


def test_a_source_kind_edited_in_one_file_reaches_the_records_of_the_others(
    big: Path, tmp_path: Path, cache_env: dict[str, str], run
) -> None:
    # Each event's stored record gives the kind of every source it cites: a source graded in the first file
    # changes the records of events in the other files, which are not parsed again.
    paths = [str(p) for p in _split(big, 4, tmp_path / "split")]
    args = [arg for path in paths for arg in ("--store", path)] + ["timeline", "--format", "jsonl"]
    assert run(*args, env=cache_env).code == 0
    _edit(Path(paths[0]), 'type = "book"\n', 'type = "book"\nkind = "primary"\n')
    cached = run(*args, env=cache_env)
    uncached = run(*args, env={**cache_env, "PACTCLI_NO_CACHE": "1"})
    assert (cached.code, cached.err) == (0, "")
    assert cached.out == uncached.out and '"primary"' in cached.out
    primary = [
        run(*args[:-2], "--format", "json", "--min-source", "primary", env=env).out
        for env in (
            cache_env,
            {**cache_env, "PACTCLI_NO_CACHE": "1"},
        )
    ]
    assert primary[0] == primary[1] != "[]\n"


@pytest.mark.parametrize("defer", [False, True], ids=["written", "deferred"])
@pytest.mark.parametrize(
    "change",
    ["remove-cited-source", "duplicate-event", "duplicate-in-changed", "source-named-as-event", "zone",
     "display-zones"],
)  # fmt: skip
def test_changes_across_files_are_checked_as_a_whole(
    change: str, defer: bool, big: Path, tmp_path: Path, cache_env: dict[str, str]
) -> None:
    paths = [str(p) for p in _split(big, 3, tmp_path / "split")]
    cache.load(paths, cache_env)
    load = functools.partial(cache.load, defer=defer)
    first, last = Path(paths[0]), Path(paths[2])
    if change == "remove-cited-source":
        # The last file cites src-00001's neighbours; remove every definition of a source it cites.
        cited = last.read_text(encoding="utf-8").split('sources = [{ id = "', 1)[1].split('"', 1)[0]
        _edit(first, f'id = "{cited}"', 'id = "renamed-away"')
    elif change == "duplicate-event":
        _rename_first_event(first, _first_event_id(last))
    elif change == "duplicate-in-changed":
        # Only the changed file is parsed: its new ID is taken by an event of a file that is not.
        _rename_first_event(last, _first_event_id(first))
    elif change == "source-named-as-event":
        # A new source in the changed file takes the ID of an event of a file that is not parsed again.
        taken = _first_event_id(first)
        text = last.read_text(encoding="utf-8")
        block = "[[sources]]\n" + text.split("[[sources]]\n", 1)[1].split("\n[[", 1)[0] + "\n"
        source_id = block.split('id = "', 1)[1].split('"', 1)[0]
        last.write_text(block.replace(source_id, taken, 1) + text, encoding="utf-8")
    elif change == "zone":
        _edit(first, 'offset = "+09:00"', 'offset = "+08:00"')
    else:
        _edit(first, 'display_zones = ["', 'display_zones = ["Asia/Chita", "')
    try:
        expected = _parsed(paths)
    except StoreError as exc:
        with pytest.raises(StoreError) as info:
            load(paths, cache_env)
        assert [p.line() for p in info.value.problems] == [p.line() for p in exc.problems]
        cache.finish()
        return
    loaded = load(paths, cache_env)
    _same(loaded, expected)
    cache.finish()
    _same(cache.load(paths, cache_env), expected)


def test_invalid_stores_fail_exactly_as_validation_does(tmp_path: Path, cache_env: dict[str, str]) -> None:
    for path in sorted((ROOT / "tests" / "data" / "invalid").glob("*.toml")):
        try:
            expected = _parsed([str(path)])
        except StoreError as exc:
            with pytest.raises(StoreError) as info:
                cache.load([str(path)], cache_env)
            assert [p.line() for p in info.value.problems] == [p.line() for p in exc.problems], path.name
        else:
            _same(cache.load([str(path)], cache_env), expected)


# --- damage ----------------------------------------------------------------------------------------------


def _foreign_database(path: Path) -> bytes:
    other = path.with_suffix(".other")
    con = sqlite3.connect(other)
    con.execute("CREATE TABLE meta (key TEXT, value TEXT)")
    con.execute("INSERT INTO meta VALUES ('title', 'Forged')")
    con.commit()
    con.close()
    data = other.read_bytes()
    other.unlink()
    return data


@pytest.mark.parametrize(
    "damage",
    ["truncate", "garbage", "empty", "pages", "foreign", "wrong-version", "wrong-application", "meta"],
)
def test_a_damaged_index_is_rebuilt(damage: str, big: Path, cache_env: dict[str, str]) -> None:
    directory = Path(cache_env["PACTCLI_CACHE_DIR"])
    cache.load([str(big)], cache_env)
    (index_file,) = _index_files(directory)
    data = bytearray(index_file.read_bytes())
    if damage == "truncate":
        data = data[: len(data) // 2]
    elif damage == "garbage":
        data = bytearray(random.Random(1).randbytes(len(data)))
    elif damage == "empty":
        data = bytearray()
    elif damage == "pages":
        # Every page after the first few overwritten: the header and schema read fine, the rows do not.
        page = 4096
        for start in range(4 * page, len(data), page):
            data[start : start + page] = random.Random(start).randbytes(page)
    elif damage == "foreign":
        data = bytearray(_foreign_database(index_file))
    else:
        con = sqlite3.connect(index_file)
        if damage == "wrong-version":
            con.execute(f"PRAGMA user_version = {index.SCHEMA + 1}")
        elif damage == "wrong-application":
            con.execute("PRAGMA application_id = 1")
        else:
            con.execute("DELETE FROM meta WHERE key = 'title'")
        con.commit()
        con.close()
        data = bytearray(index_file.read_bytes())
    index_file.write_bytes(bytes(data))
    _same(cache.load([str(big)], cache_env), _parsed([str(big)]))
    # Rebuilt: the next call opens a whole, valid index again.
    assert cache._open(index_file) is not None
    _same(cache.load([str(big)], cache_env), _parsed([str(big)]))


def test_an_index_written_by_other_code_of_the_same_version_is_not_read(
    big: Path, cache_env: dict[str, str]
) -> None:
    # Rows and records are shaped by pactcli's code, not its version number: an index from a development
    # commit (or an upgrade that kept the number) must not answer for this code.
    cache.load([str(big)], cache_env)
    (index_file,) = _index_files(Path(cache_env["PACTCLI_CACHE_DIR"]))
    assert cache._open(index_file) is not None
    con = sqlite3.connect(index_file)
    assert con.execute("SELECT value FROM meta WHERE key = 'code'").fetchone() == (cache.code_stamp(),)
    con.execute("UPDATE meta SET value = 'other code' WHERE key = 'code'")
    con.commit()
    con.close()
    assert cache._open(index_file) is None
    _same(cache.load([str(big)], cache_env), _parsed([str(big)]))
    assert cache._open(index_file) is not None


@pytest.mark.parametrize("first_page", [1, 4, 16])
def test_a_damaged_index_is_rebuilt_when_one_file_changed(
    first_page: int, big: Path, tmp_path: Path, cache_env: dict[str, str]
) -> None:
    # The incremental path reads the old index (its files, zones, sources, event IDs) and copies it: damage
    # found there too means a fresh index, never a failure.
    paths = [str(p) for p in _split(big, 3, tmp_path / "split")]
    cache.load(paths, cache_env)
    (index_file,) = _index_files(Path(cache_env["PACTCLI_CACHE_DIR"]))
    data = bytearray(index_file.read_bytes())
    for start in range(first_page * 4096, len(data), 4 * 4096):
        data[start : start + 4096] = random.Random(start).randbytes(4096)
    index_file.write_bytes(bytes(data))
    _edit(Path(paths[1]), '[[events]]\nid = "', '[[events]]\nid = "edited-')
    _same(cache.load(paths, cache_env), _parsed(paths))
    _same(cache.load(paths, cache_env), _parsed(paths))


def test_damage_found_in_the_middle_of_a_command_is_recovered(big: Path, cache_env: dict[str, str]) -> None:
    directory = Path(cache_env["PACTCLI_CACHE_DIR"])
    cache.load([str(big)], cache_env)
    cached = cache.load([str(big)], cache_env)  # open, header and schema read
    (index_file,) = _index_files(directory)
    events = iter(cached.events)
    head = [next(events) for _ in range(3)]
    # Damage the open file in place (same inode): the rest of the scan reads garbage pages.
    with index_file.open("r+b") as handle:
        size = handle.seek(0, os.SEEK_END)
        for start in range(8 * 4096, size, 4096):
            handle.seek(start)
            handle.write(random.Random(start).randbytes(4096))
    parsed = _parsed([str(big)])
    assert head + list(events) == list(parsed.events)
    assert cached.event("ev-000300") == parsed.event("ev-000300")


# --- directories: trust, permissions, space --------------------------------------------------------------


def test_the_cache_directory_is_created_private(tmp_path: Path) -> None:
    directory = tmp_path / "a" / "cache"
    cache.load([str(MINI)], {"PACTCLI_CACHE_DIR": str(directory)})
    assert directory.stat().st_mode & 0o777 == 0o700
    (index_file,) = _index_files(directory)
    assert index_file.stat().st_mode & 0o077 == 0


def _forge(directory: Path, paths: list[str]) -> None:
    """Plant an index of ``paths`` with a forged title (the attack of issue 15, item 5)."""
    target = directory / cache.index_name(paths)
    con = sqlite3.connect(target)
    con.execute("UPDATE meta SET value = 'Forged' WHERE key = 'title'")
    con.commit()
    con.close()


@pytest.mark.parametrize("attack", ["group-writable", "other-writable", "other-owner", "file-other-owner"])
def test_a_shared_or_foreign_cache_is_not_trusted(
    attack: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    directory = tmp_path / "shared"
    env = {"PACTCLI_CACHE_DIR": str(directory)}
    cache.load([str(MINI)], env)
    _forge(directory, [str(MINI)])
    (index_file,) = _index_files(directory)
    if attack == "group-writable":
        directory.chmod(0o770)
    elif attack == "other-writable":
        directory.chmod(0o703)
    elif os.geteuid() != 0:
        pytest.skip("changing a file's owner needs root")
    elif attack == "other-owner":
        os.chown(directory, 65534, 65534)
    else:
        os.chown(index_file, 65534, 65534)
    cache._warned.clear()
    capsys.readouterr()
    for _ in range(2):
        loaded = cache.load([str(MINI)], env)
        assert loaded.title == "Test chronology"
        _same(loaded, _parsed([str(MINI)]))
    err = capsys.readouterr().err
    assert err.count("pactcli: warning: not using the index") == 1, err
    assert str(directory) in err


def test_unusable_cache_directories_still_answer(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    for directory in (
        blocker / "cache",
        Path("/proc/pactcli-cannot-create"),
        tmp_path / "missing" / "deeper",
    ):
        env = {"PACTCLI_CACHE_DIR": str(directory)}
        _same(cache.load([str(MINI)], env), _parsed([str(MINI)]))
        _same(cache.load([str(MINI)], env), _parsed([str(MINI)]))
    assert not list(blocker.parent.glob("file/*"))
    assert capsys.readouterr().err == ""  # no index is not worth a warning


def test_a_full_disk_only_means_no_index(tmp_path: Path, big: Path) -> None:
    # RLIMIT_FSIZE makes every write past 64 KiB fail with EFBIG, as a full disk makes them fail with ENOSPC.
    directory = tmp_path / "cache"
    code = (
        "import resource, signal, sys\n"
        "signal.signal(signal.SIGXFSZ, signal.SIG_IGN)\n"
        "resource.setrlimit(resource.RLIMIT_FSIZE, (65536, 65536))\n"
        "from pactcli.cli import main\n"
        "main(sys.argv[1:])\n"
    )
    args = ["--store", str(big), "timeline", "--format", "json"]
    env = {**os.environ, "PACTCLI_CACHE_DIR": str(directory)}
    limited = subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, env=env, check=False
    )
    assert (limited.returncode, limited.stderr) == (0, "")
    plain = subprocess.run(
        [sys.executable, "-m", "pactcli", *args],
        check=True,
        capture_output=True,
        text=True,
        env={**env, "PACTCLI_NO_CACHE": "1"},
    )
    assert limited.stdout == plain.stdout
    assert _index_files(directory) == [] and _temporaries(directory) == []


def test_cache_can_be_turned_off(tmp_path: Path) -> None:
    env = {"PACTCLI_CACHE_DIR": str(tmp_path / "c"), "PACTCLI_NO_CACHE": "1"}
    assert cache.cache_dir(env) is None
    _same(cache.load([str(MINI)], env), _parsed([str(MINI)]))
    assert not (tmp_path / "c").exists()


def test_cache_location() -> None:
    assert cache.cache_dir({"PACTCLI_CACHE_DIR": "/x/y"}) == Path("/x/y")
    assert cache.cache_dir({"XDG_CACHE_HOME": "/xdg", "HOME": "/home/u"}) == Path("/xdg/pactcli")
    # A relative XDG_CACHE_HOME is invalid (XDG Base Directory spec) and ignored.
    assert cache.cache_dir({"XDG_CACHE_HOME": "rel", "HOME": "/home/u"}) == Path("/home/u/.cache/pactcli")
    assert cache.cache_dir({"HOME": "/home/u"}) == Path("/home/u/.cache/pactcli")


# --- temporaries, killed writers, crowds -----------------------------------------------------------------


def _age(path: Path, seconds: float) -> None:
    then = time.time() - seconds
    os.utime(path, (then, then))


def test_stale_temporaries_are_removed_and_never_counted(tmp_path: Path, run) -> None:
    directory = tmp_path / "cache"
    env = {"PACTCLI_CACHE_DIR": str(directory)}
    cache.load([str(MINI)], env)
    dead = directory / f"{cache.TEMP_PREFIX}dead{cache.SUFFIX}"
    dead.write_bytes(b"x" * 1000)
    _age(dead, cache.STALE_AFTER + 10)
    young = directory / f"{cache.TEMP_PREFIX}young{cache.SUFFIX}"
    young.write_bytes(b"y")
    held = directory / f"{cache.TEMP_PREFIX}held{cache.SUFFIX}"
    held.write_bytes(b"z")
    _age(held, cache.STALE_AFTER + 10)
    old_format = directory / "0123456789abcdef-0123.pactidx"
    old_format.write_bytes(b"PACTIDX\x01")
    (index_file,) = _index_files(directory)
    with held.open("rb") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)  # a live writer's temporary
        shown = run("cache", env=env)
        assert shown.out == f"cache: {directory}: 1 index file(s), {index_file.stat().st_size:,} bytes\n"
        assert {p.name for p in _temporaries(directory)} == {young.name, held.name}
        assert not old_format.exists()
    cleared = run("cache", "--clear", env=env)
    assert cleared.out == f"cache: {directory}: removed 1 index file(s)\n"
    assert _index_files(directory) == []


def test_a_killed_writer_leaves_a_correct_next_answer_and_no_orphans(tmp_path: Path) -> None:
    path = _make_store(3000, tmp_path / "store.toml")
    directory = tmp_path / "cache"
    env = {**os.environ, "PACTCLI_CACHE_DIR": str(directory)}
    args = [sys.executable, "-m", "pactcli", "--store", str(path), "timeline", "--format", "jsonl"]
    expected = subprocess.run(
        args, capture_output=True, env={**env, "PACTCLI_NO_CACHE": "1"}, check=True
    ).stdout
    # Killed at points spread over a first write (parse, rows, indexes, rename) and over a rebuild.
    for delay in (0.3, 0.8, 1.2, 1.6, 2.0, 2.6, 3.5):
        writer = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
        time.sleep(delay)
        writer.send_signal(signal.SIGKILL)
        writer.wait()
        for temporary in _temporaries(directory) if directory.exists() else []:
            _age(temporary, cache.STALE_AFTER + 1)  # as if a minute had passed
        after = subprocess.run(args, capture_output=True, env=env, check=True)
        assert after.stdout == expected
        assert _temporaries(directory) == []
        assert len(_index_files(directory)) == 1
        if delay == 2.0:  # from here on, kill rebuilds (after an edit) rather than first writes
            _edit(path, 'title = "', 'title = "Killed ')
            expected = subprocess.run(
                args, capture_output=True, env={**env, "PACTCLI_NO_CACHE": "1"}, check=True
            ).stdout


def test_twenty_processes_on_a_fresh_cache(tmp_path: Path) -> None:
    path = _make_store(1000, tmp_path / "store.toml")
    directory = tmp_path / "cache"
    env = {**os.environ, "PACTCLI_CACHE_DIR": str(directory)}
    args = [
        sys.executable,
        "-m",
        "pactcli",
        "--store",
        str(path),
        "timeline",
        "--search",
        "treaty",
        "--format",
        "json",
    ]
    crowd = [
        subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env) for _ in range(20)
    ]
    results = [proc.communicate() for proc in crowd]
    assert [proc.returncode for proc in crowd] == [0] * 20
    assert {err for _, err in results} == {b""}
    assert len({out for out, _ in results}) == 1
    expected = subprocess.run(args, capture_output=True, env={**env, "PACTCLI_NO_CACHE": "1"}, check=True)
    assert results[0][0] == expected.stdout
    assert len(_index_files(directory)) == 1 and _temporaries(directory) == []


# --- the index written after the answer, in the background (the pactcli process) -----------------------


def _wait_for_writers(directory: Path) -> None:
    """Until no background writer holds the cache directory's lock (the pactcli process returns only once
    its writer holds it). Twice, so that a writer that waited behind another has had its turn."""
    for _ in range(2):
        handle = os.open(directory, os.O_RDONLY)
        try:
            fcntl.flock(handle, fcntl.LOCK_EX)
        finally:
            os.close(handle)
        time.sleep(0.05)


def _writer_busy(directory: Path) -> bool:
    handle = os.open(directory, os.O_RDONLY)
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(handle)
    return False


def _pactcli(*args: str) -> list[str]:
    return [sys.executable, "-m", "pactcli", *args]


def test_a_first_call_answers_before_its_index_is_written(tmp_path: Path) -> None:
    # `event` needs no SQL: it answers from the parse, and a child writes the index once it has answered.
    path = _make_store(3000, tmp_path / "store.toml")
    directory = tmp_path / "cache"
    env = {**os.environ, "PACTCLI_CACHE_DIR": str(directory)}
    args = _pactcli("--store", str(path), "event", "ev-000007")
    expected = subprocess.run(args, capture_output=True, env={**env, "PACTCLI_NO_CACHE": "1"}, check=True)
    first = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    out, err = first.communicate()  # EOF on both pipes: the writer holds neither
    assert (first.returncode, out, err) == (0, expected.stdout, b"")
    # Seen while the child still writes (about a second for 3,000 events; the answer took microseconds to
    # reach us): it holds the lock, and holds no pipe of ours.
    assert _writer_busy(directory)
    _wait_for_writers(directory)
    assert len(_index_files(directory)) == 1 and _temporaries(directory) == []
    again = subprocess.run(args, capture_output=True, env=env, check=True)
    assert again.stdout == expected.stdout
    (index_file,) = _index_files(directory)
    with sqlite3.connect(index_file) as db:
        assert db.execute("SELECT count(*) FROM events").fetchone() == (3000,)


def test_a_reader_that_goes_away_ends_nothing_but_the_answer(tmp_path: Path) -> None:
    # `pactcli event … | head -c 1`: the command's output pipe is closed under it; it exits 0 with nothing
    # on stderr, and its writer still writes the index (its own output is /dev/null).
    path = _make_store(3000, tmp_path / "store.toml")
    directory = tmp_path / "cache"
    env = {**os.environ, "PACTCLI_CACHE_DIR": str(directory), "COLUMNS": "80"}
    ids = "\n".join(f"ev-{n:06d}" for n in range(1, 400)) + "\n"
    proc = subprocess.Popen(
        _pactcli("--store", str(path), "event", "-", "--format", "json"),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    assert proc.stdin is not None and proc.stdout is not None and proc.stderr is not None
    proc.stdin.write(ids.encode())
    proc.stdin.close()
    assert proc.stdout.read(1) == b"["
    proc.stdout.close()
    assert proc.wait(timeout=120) == 0
    with proc.stderr:
        assert proc.stderr.read() == b""
    _wait_for_writers(directory)
    assert len(_index_files(directory)) == 1 and _temporaries(directory) == []


def test_a_background_writer_killed_at_any_point_leaves_a_correct_next_answer(tmp_path: Path) -> None:
    path = _make_store(3000, tmp_path / "store.toml")
    directory = tmp_path / "cache"
    env = {**os.environ, "PACTCLI_CACHE_DIR": str(directory)}
    args = _pactcli("--store", str(path), "event", "ev-000011", "--format", "json")
    expected = subprocess.run(args, capture_output=True, env={**env, "PACTCLI_NO_CACHE": "1"}, check=True)
    for delay in (0.0, 0.2, 0.5, 0.9, 1.4):
        # Its own session, so that the writer (in the command's process group) can be killed with it.
        proc = subprocess.Popen(
            args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, start_new_session=True
        )
        out, _err = proc.communicate()
        assert out == expected.stdout
        time.sleep(delay)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        for temporary in _temporaries(directory):
            _age(temporary, cache.STALE_AFTER + 1)  # as if a minute had passed
        after = subprocess.run(args, capture_output=True, env=env, check=True)
        assert after.stdout == expected.stdout
        _wait_for_writers(directory)
        assert _temporaries(directory) == []
        assert len(_index_files(directory)) == 1
        assert subprocess.run(args, capture_output=True, env=env, check=True).stdout == expected.stdout
        for index_file in _index_files(directory):
            index_file.unlink()  # the next round starts afresh again


def test_twenty_first_calls_answering_from_the_parse_leave_one_index(tmp_path: Path) -> None:
    path = _make_store(1000, tmp_path / "store.toml")
    directory = tmp_path / "cache"
    env = {**os.environ, "PACTCLI_CACHE_DIR": str(directory)}
    args = _pactcli("--store", str(path), "event", "ev-000003", "ev-000500", "--format", "json")
    crowd = [
        subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env) for _ in range(20)
    ]
    results = [proc.communicate() for proc in crowd]
    assert [proc.returncode for proc in crowd] == [0] * 20
    assert {err for _, err in results} == {b""}
    expected = subprocess.run(args, capture_output=True, env={**env, "PACTCLI_NO_CACHE": "1"}, check=True)
    assert {out for out, _ in results} == {expected.stdout}
    _wait_for_writers(directory)
    assert len(_index_files(directory)) == 1 and _temporaries(directory) == []


@pytest.fixture(scope="module")
def bigger(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A synthetic store of 3,000 events: every date form, and ties in time and precision (ordered by ID)."""
    return _make_store(3000, tmp_path_factory.mktemp("bigger") / "bigger.toml")


@pytest.mark.parametrize("which", ["embedded", "bigger"])
def test_a_parsed_stores_neighbours_equal_the_indexes(
    which: str, bigger: Path, cache_env: dict[str, str]
) -> None:
    # The cache off: neighbours are counted along the parsed events, without a database. The oracle is SQL:
    # the in-memory index of the same store and the cache's index file, asked the same question.
    paths = {"embedded": [EMBEDDED], "bigger": [str(bigger)]}[which]
    parsed = _parsed(paths)
    oracle = index.in_memory(parsed)
    cache.load(paths, cache_env)
    cached = cache.load(paths, cache_env)
    assert cached.index is not None and cached.index.connection_path
    for count in (0, 1, 2, 7):
        for event in parsed.events:
            expected = oracle.neighbours(event.id, count)
            before, after = queries.neighbours(parsed, event, count)
            assert (list(before), list(after)) == expected, (event.id, count)
            assert [list(side) for side in queries.neighbours(cached, event, count)] == list(expected)
    assert parsed.index is None  # no database was built for the parsed store
    with pytest.raises(KeyError):
        queries.neighbours(parsed, parsed.events[0]._replace(id="no-such-event"))


@pytest.mark.parametrize("which", ["embedded", "bigger"])
def test_event_shows_the_same_with_and_without_the_cache(
    which: str, bigger: Path, cache_env: dict[str, str], run, monkeypatch
) -> None:
    paths = {"embedded": [EMBEDDED], "bigger": [str(bigger)]}[which]
    parsed = _parsed(paths)
    ids = [e.id for e in parsed.events]
    # The first and last events (one side short), their next ones, and a spread between.
    picks = sorted({*ids[:2], *ids[-2:], *ids[:: max(1, len(ids) // 25)]}, key=ids.index)
    args = [arg for path in paths for arg in ("--store", path)] + ["event", *picks]

    def no_database(store: object) -> None:
        raise AssertionError("the cache off, event built an in-memory database")

    with monkeypatch.context() as patched:
        patched.setattr(index, "in_memory", no_database)
        patched.setattr(queries, "in_memory", no_database)
        uncached = run(*args, env={**cache_env, "PACTCLI_NO_CACHE": "1"})
    first = run(*args, env={**cache_env, "PACTCLI_NO_CACHE": "0"})  # parses, answers from the parse
    cache.finish()
    second = run(*args, env={**cache_env, "PACTCLI_NO_CACHE": "0"})  # reads the index file
    assert uncached.code == 0, uncached.err
    assert "Neighbouring events" in uncached.out
    assert uncached == first == second


def test_an_edit_of_one_file_answers_from_the_old_rows_and_that_file(
    big: Path, tmp_path: Path, cache_env: dict[str, str], monkeypatch
) -> None:
    paths = [str(p) for p in _split(big, 4, tmp_path / "split")]
    cache.load(paths, cache_env)
    _edit(Path(paths[2]), 'title = "', 'title = "Edited: ')
    expected = _parsed(paths)
    deferred = cache.load(paths, cache_env, defer=True)
    pending = deferred.index
    assert isinstance(pending, cache._Pending) and not pending.written
    for event in expected.events:  # every event and its neighbours, without writing the index
        assert deferred.event(event.id) == event
        position = expected.event_ids().index(event.id)
        before, after = queries.neighbours(deferred, event)
        assert list(before) == list(expected.events[max(0, position - 2) : position])
        assert list(after) == list(expected.events[position + 1 : position + 3])
    assert deferred.event("no-such-event") is None
    assert dict(deferred.sources) == dict(expected.sources)
    assert not pending.written
    _same(deferred, expected)  # a question in SQL (the whole timeline): the index is written first
    assert pending.written
    cache.finish()
    _same(cache.load(paths, cache_env), expected)


def test_a_deferred_writer_that_finds_another_index_in_place_does_not_mix_them(
    big: Path, tmp_path: Path, cache_env: dict[str, str], run
) -> None:
    paths = [str(p) for p in _split(big, 3, tmp_path / "split")]
    args = [arg for path in paths for arg in ("--store", path)] + ["timeline", "--format", "jsonl"]
    cache.load(paths, cache_env)
    last = Path(paths[2])
    _edit(last, 'title = "', 'title = "Second: ')
    second = last.read_text(encoding="utf-8")
    deferred = cache.load(paths, cache_env, defer=True)  # planned against the first index: no source changed
    # Meanwhile another process writes the index of a third version of that file, in which one of its
    # sources is graded (which rewrites the stored records of the other files' events citing it) ...
    third = second.replace('type = "book"\n', 'type = "book"\nkind = "primary"\n')
    last.write_text(third, encoding="utf-8")
    cache.load(paths, cache_env)
    # ... and the file is put back: the deferred plan (the second version) is what the files hold again.
    last.write_text(second, encoding="utf-8")
    cache.finish()  # the deferred write, which must not start from the third version's database
    assert isinstance(deferred.index, cache._Pending) and deferred.index.written
    cached = run(*args, env=cache_env)
    assert (cached.code, cached.err) == (0, "")
    assert cached.out == run(*args, env={**cache_env, "PACTCLI_NO_CACHE": "1"}).out
    last.write_text(third, encoding="utf-8")
    assert cached.out != run(*args, env={**cache_env, "PACTCLI_NO_CACHE": "1"}).out  # the grade shows
    assert len(_index_files(Path(cache_env["PACTCLI_CACHE_DIR"]))) == 1


# --- the CLI ---------------------------------------------------------------------------------------------


def test_the_cli_reads_through_the_cache(run, tmp_path: Path) -> None:
    path = tmp_path / "store.toml"
    shutil.copy(MINI, path)
    env = {"PACTCLI_CACHE_DIR": str(tmp_path / "cache")}
    first = run("--store", str(path), "timeline", "--format", "json", env=env)
    second = run("--store", str(path), "timeline", "--format", "json", env=env)
    assert first.code == second.code == 0 and first.out == second.out
    assert len(_index_files(tmp_path / "cache")) == 1
    uncached = run("--store", str(path), "timeline", "--format", "json", env={**env, "PACTCLI_NO_CACHE": "1"})
    assert uncached.out == first.out


def test_cache_command_reports_and_clears(run, tmp_path: Path) -> None:
    directory = tmp_path / "cache"
    env = {"PACTCLI_CACHE_DIR": str(directory)}
    assert run("cache", env=env).out == f"cache: {directory}: 0 index file(s), 0 bytes\n"
    assert run("--store", str(MINI), "event", "pact-signed", "--format", "json", env=env).code == 0
    (index_file,) = _index_files(directory)
    shown = run("cache", env=env)
    assert shown.out == f"cache: {directory}: 1 index file(s), {index_file.stat().st_size:,} bytes\n"
    cleared = run("cache", "--clear", env=env)
    assert (cleared.code, cleared.out) == (0, f"cache: {directory}: removed 1 index file(s)\n")
    assert _index_files(directory) == []
    assert run("cache", env={**env, "PACTCLI_NO_CACHE": "1"}).out == "cache: off (PACTCLI_NO_CACHE is set)\n"


# The same commands with the cache on (twice: writing, then reading) and off give the same bytes.
_COMMANDS = [
    ["timeline", "--format", "json"],
    ["timeline", "--format", "jsonl", "--tz", "Asia/Chita", "--calendar", "japanese"],
    ["timeline", "--format", "csv", "--from", "1945-08", "--to", "1945-09", "--reverse"],
    ["timeline", "--format", "json", "--tag", "war", "--limit", "3"],
    ["timeline", "--format", "json", "--search", 'Tōgō OR "Molotov" NOT pact*'],
    ["timeline", "--format", "markdown", "--search", "pact-signed"],
    ["timeline", "--format", "ics", "--from", "1941"],
    ["event", "pact-signed", "--format", "json"],
    ["event", "pact-sig"],
    ["event", "pact", "--format", "json"],
    ["event", "pact-sined"],
    ["diff-dates", "pact-signed", "pact-denounced", "--format", "json"],
    ["cite", "pact-signed", "--style", "apa"],
    ["cite", "--tag", "war", "--format", "bibtex"],
]


@pytest.mark.parametrize("args", _COMMANDS, ids=" ".join)
def test_cache_on_and_off_give_the_same_output(args: list[str], run, tmp_path: Path) -> None:
    env = {"PACTCLI_CACHE_DIR": str(tmp_path / "cache")}
    off = run(*args, env={**env, "PACTCLI_NO_CACHE": "1"})
    writing = run(*args, env=env)
    reading = run(*args, env=env)
    assert (writing.code, writing.out, writing.err) == (off.code, off.out, off.err)
    assert (reading.code, reading.out, reading.err) == (off.code, off.out, off.err)


def test_only_the_named_command_is_built_but_help_lists_all(run) -> None:
    from pactcli import cli

    names = {cli._command_name(info) for info in cli.app.registered_commands}
    assert {"validate", "timeline", "event", "cite", "diff-dates", "cache"} <= names
    assert [cli._command_name(i) for i in cli._commands_needed(["--store", "event", "event", "x"])] == [
        "event"
    ]
    assert [cli._command_name(i) for i in cli._commands_needed(["--debug", "diff-dates", "a", "b"])] == [
        "diff-dates"
    ]
    for args in ([], ["--help"], ["-h", "event"], ["evnt"], ["--version"]):
        assert {cli._command_name(i) for i in cli._commands_needed(args)} == names
    listed = run("--help").out
    assert all(name in listed for name in names)
    assert run("evnt").err == "pactcli: No such command 'evnt'. Did you mean 'event'?\n"
    assert {cli._command_name(i) for i in cli.app.registered_commands} == names


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=3000))
def test_small_sha256_agrees_with_hashlib(data: bytes) -> None:
    assert cache.sha256(data) == hashlib.sha256(data).digest()


@pytest.mark.parametrize("size", [(1 << 20) - 1, 1 << 20, (1 << 20) + 1])
def test_sha256_agrees_with_hashlib_at_the_switch(size: int) -> None:
    data = random.Random(size).randbytes(size)
    assert cache.sha256(data) == hashlib.sha256(data).digest()
