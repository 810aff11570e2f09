"""The index cache: the same answers as parsing, invalidated by any edit, never stale, robust to damage.

No timings here (they live in benchmarks/run.py and docs/performance.md): these tests check that whatever the
cache does, every answer equals the one a fresh parse gives.
"""

from __future__ import annotations

import hashlib
import os
import random
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pactcli import cache, queries, store
from pactcli.errors import StoreError
from pactcli.storefiles import EMBEDDED

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
    assert dict(a.sources) == dict(b.sources)
    assert a.event_ids() == b.event_ids()


def _index_files(directory: Path) -> list[Path]:
    return sorted(directory.glob("*" + cache.SUFFIX))


@pytest.fixture
def cache_env(tmp_path: Path) -> dict[str, str]:
    return {"PACTCLI_CACHE_DIR": str(tmp_path / "cache")}


@pytest.fixture
def big(tmp_path: Path) -> Path:
    """A synthetic store of 600 events: more than two chunks of events and several of sources."""
    path = tmp_path / "big.toml"
    subprocess.run([sys.executable, str(MAKE_STORE), "600", str(path)], check=True, capture_output=True)
    return path


@pytest.mark.parametrize("which", ["embedded", "mini", "big"])
def test_cached_store_equals_parsed_store(which: str, big: Path, cache_env: dict[str, str]) -> None:
    paths = {"embedded": [EMBEDDED], "mini": [str(MINI)], "big": [str(big)]}[which]
    first = cache.load(paths, cache_env)  # parses and writes the index
    (index,) = _index_files(Path(cache_env["PACTCLI_CACHE_DIR"]))
    second = cache.load(paths, cache_env)  # reads the index
    assert isinstance(second.events, cache._CachedEvents)
    _same(first, _parsed(paths))
    _same(second, _parsed(paths))
    assert _index_files(Path(cache_env["PACTCLI_CACHE_DIR"])) == [index]


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
    assert cached.event("ev-999999") is None
    assert cached.events[-1] == parsed.events[-1]
    with pytest.raises(IndexError):
        cached.events[len(parsed.events)]
    assert "src-00007" in cached.sources and "nope" not in cached.sources
    assert cached.sources["src-00007"] == parsed.sources["src-00007"]


def test_any_edit_invalidates(tmp_path: Path, cache_env: dict[str, str]) -> None:
    path = tmp_path / "store.toml"
    shutil.copy(MINI, path)
    before = cache.load([str(path)], cache_env)
    cache.load([str(path)], cache_env)
    text = path.read_text(encoding="utf-8")
    event = before.events[0]
    # Same length, same mtime: only the content can tell the two apart.
    stat = path.stat()
    changed = text.replace(f'title = "{event.title}"', f'title = "{event.title[:-1]}X"', 1)
    assert changed != text and len(changed) == len(text)
    path.write_text(changed, encoding="utf-8")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    after = cache.load([str(path)], cache_env)
    assert after.event(event.id).title == event.title[:-1] + "X"
    _same(after, _parsed([str(path)]))
    # The index of the old content is gone (one file per store), and going back is a fresh, correct answer.
    assert len(_index_files(Path(cache_env["PACTCLI_CACHE_DIR"]))) == 1
    path.write_text(text, encoding="utf-8")
    assert cache.load([str(path)], cache_env).event(event.id).title == event.title


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


@pytest.mark.parametrize(
    "damage",
    ["truncate", "garbage", "empty", "flip-header", "flip-chunk", "other-key", "pickle-bomb"],
)
def test_a_damaged_index_is_ignored_and_rebuilt(damage: str, big: Path, cache_env: dict[str, str]) -> None:
    directory = Path(cache_env["PACTCLI_CACHE_DIR"])
    cache.load([str(big)], cache_env)
    (index,) = _index_files(directory)
    data = bytearray(index.read_bytes())
    if damage == "truncate":
        data = data[: len(data) // 2]
    elif damage == "garbage":
        data = bytearray(os.urandom(len(data)))
    elif damage == "empty":
        data = bytearray()
    elif damage == "flip-header":
        data[len(data) - cache._END - 10] ^= 0xFF
    elif damage == "flip-chunk":
        # A byte in the last event chunk: found only when that chunk is read, after the header was accepted.
        offset, length, _crc = _header(bytes(data))["event_chunks"][-1]
        data[len(cache.MAGIC) + offset + length // 2] ^= 0xFF
    elif damage == "other-key":
        other = cache.encode(b"\0" * 32, _parsed([str(big)]))
        data = bytearray(other)
    elif damage == "pickle-bomb":
        # A well-formed file whose header would call os.system if unpickled without restriction.
        header = b"cos\nsystem\n(S'echo pwned > " + str(directory / "pwned").encode() + b"'\ntR."
        import zlib

        data = bytearray(
            cache.MAGIC + header + cache._TAIL.pack(len(header), zlib.crc32(header), 0) + cache.TRAILER
        )
    index.write_bytes(bytes(data))
    loaded = cache.load([str(big)], cache_env)
    _same(loaded, _parsed([str(big)]))
    assert not (directory / "pwned").exists()
    # Rebuilt: the next call reads a whole, valid index again.
    assert (
        cache.read(index, cache._key([(str(big), big.read_bytes())]), lambda: pytest.fail("rebuilt"))
        is not None
    )
    _same(cache.load([str(big)], cache_env), _parsed([str(big)]))


def _header(data: bytes) -> dict:
    header_size, _crc, data_size = cache._TAIL.unpack(data[-cache._END : -len(cache.TRAILER)])
    start = len(cache.MAGIC) + data_size
    return cache._loads(data[start : start + header_size])


@pytest.mark.parametrize("table", ["event_chunks", "source_chunks", "id_buckets", "id_list"])
def test_a_damaged_chunk_is_caught_when_read(table: str, big: Path, cache_env: dict[str, str]) -> None:
    # Chunks of the table damaged in turn, each time in a fresh copy of the index: whatever the commands
    # read (a lookup, a prefix, all IDs, neighbours, sources, the whole timeline), the answers are those of
    # a fresh parse.
    directory = Path(cache_env["PACTCLI_CACHE_DIR"])
    cache.load([str(big)], cache_env)
    (index,) = _index_files(directory)
    good = index.read_bytes()
    chunks = _header(good)[table]
    assert chunks
    parsed = _parsed([str(big)])
    # The first, second, a middle and the last chunk (each damaged chunk costs a rebuild).
    for offset, length, _crc in {chunks[i] for i in (0, 1 % len(chunks), len(chunks) // 2, -1)}:
        damaged = bytearray(good)
        damaged[len(cache.MAGIC) + offset + length // 2] ^= 0xFF
        index.write_bytes(bytes(damaged))
        cached = cache.load([str(big)], cache_env)
        assert isinstance(cached.events, cache._CachedEvents)  # the header was accepted
        for event_id in ("ev-000001", "ev-000300", "ev-000600", "ev-999999"):
            assert cached.event(event_id) == parsed.event(event_id)
        assert queries.find_event(cached, "ev-0006") == parsed.event("ev-000600")  # a unique prefix
        around = parsed.events[17]
        assert [list(side) for side in queries.neighbours(cached, around)] == [
            list(side) for side in queries.neighbours(parsed, around)
        ]
        _same(cached, parsed)


def test_unusable_cache_directories_still_answer(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    read_only = tmp_path / "ro"
    read_only.mkdir()
    read_only.chmod(0o555)
    for directory in (blocker / "cache", read_only, tmp_path / "missing" / "deeper"):
        env = {"PACTCLI_CACHE_DIR": str(directory)}
        _same(cache.load([str(MINI)], env), _parsed([str(MINI)]))
        _same(cache.load([str(MINI)], env), _parsed([str(MINI)]))
    assert not list(blocker.parent.glob("file/*"))
    assert not [p for p in read_only.iterdir() if p.name.startswith(".tmp-")]


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
    (index,) = _index_files(directory)
    shown = run("cache", env=env)
    assert shown.out == f"cache: {directory}: 1 index file(s), {index.stat().st_size:,} bytes\n"
    cleared = run("cache", "--clear", env=env)
    assert (cleared.code, cleared.out) == (0, f"cache: {directory}: removed 1 index file(s)\n")
    assert _index_files(directory) == []
    assert run("cache", env={**env, "PACTCLI_NO_CACHE": "1"}).out == "cache: off (PACTCLI_NO_CACHE is set)\n"


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
    # The app is whole again after each run (in-process callers such as these tests run main() many times).
    assert {cli._command_name(i) for i in cli.app.registered_commands} == names


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=3000))
def test_small_sha256_agrees_with_hashlib(data: bytes) -> None:
    assert cache.sha256(data) == hashlib.sha256(data).digest()


@pytest.mark.parametrize("size", [(1 << 20) - 1, 1 << 20, (1 << 20) + 1])
def test_sha256_agrees_with_hashlib_at_the_switch(size: int) -> None:
    # Either side of the size where the built-in implementation hands over to OpenSSL.
    data = random.Random(size).randbytes(size)
    assert cache.sha256(data) == hashlib.sha256(data).digest()
