"""Rendered citations in the cache directory (pactcli.citations.rendered): same answers, trust rules kept."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from pactcli import citations
from pactcli.citations import rendered

from .conftest import MINI


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    directory = tmp_path / "cache"
    monkeypatch.setenv("PACTCLI_CACHE_DIR", str(directory))
    monkeypatch.delenv("PACTCLI_NO_CACHE", raising=False)
    return directory


class Counter:
    def __init__(self, answer: list[str]) -> None:
        self.answer = answer
        self.calls = 0

    def __call__(self) -> list[str]:
        self.calls += 1
        return list(self.answer)


def test_a_request_is_computed_once(cache: Path) -> None:
    compute = Counter(["<i>A</i>", "B \u2014 \U0001f600"])
    assert rendered.cached({"x": 1}, compute) == compute.answer
    assert rendered.cached({"x": 1}, compute) == compute.answer
    assert compute.calls == 1
    assert rendered.cached({"x": 2}, compute) == compute.answer
    assert compute.calls == 2
    assert len(rendered.files(cache)) == 2


def test_the_key_covers_the_request_and_the_processor(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    base = rendered.key({"items": [{"id": "a", "title": "T"}], "style": "s"})
    assert base == rendered.key({"style": "s", "items": [{"id": "a", "title": "T"}]})  # order of keys aside
    assert base != rendered.key({"items": [{"id": "a", "title": "T."}], "style": "s"})
    assert base != rendered.key({"items": [{"id": "a", "title": "T"}], "style": "t"})
    assert rendered.key({"x": float("nan")}) is None  # not JSON: not cached
    # An edited processor file (its size or modification time) is another processor.
    csl = tmp_path / "csl"
    csl.mkdir()
    (csl / "eval.py").write_text("one")
    monkeypatch.setattr(rendered, "CSL_DIR", csl)
    rendered._processor_fingerprint.cache_clear()  # read once per process: the files of a running command
    before = rendered.key({"x": 1})
    (csl / "eval.py").write_text("two!")
    rendered._processor_fingerprint.cache_clear()
    assert rendered.key({"x": 1}) != before
    monkeypatch.undo()
    rendered._processor_fingerprint.cache_clear()


def test_off_means_no_files(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PACTCLI_NO_CACHE", "1")
    compute = Counter(["a"])
    rendered.cached({"x": 1}, compute)
    rendered.cached({"x": 1}, compute)
    assert compute.calls == 2
    assert not cache.exists()


def _only_file(cache: Path) -> Path:
    (path,) = rendered.files(cache)
    return path


@pytest.mark.parametrize(
    "damage",
    ["truncated", "not-json", "wrong-format", "not-strings", "others-can-write", "symlink", "directory"],
)
def test_a_file_that_is_not_what_it_should_be_is_ignored(cache: Path, damage: str, tmp_path: Path) -> None:
    compute = Counter(["right"])
    rendered.cached({"x": 1}, compute)
    path = _only_file(cache)
    planted = json.dumps({"format": rendered.FORMAT, "entries": ["planted"]})
    if damage == "truncated":
        path.write_text(path.read_text()[:5])
    elif damage == "not-json":
        path.write_text("{entries")
    elif damage == "wrong-format":
        path.write_text(json.dumps({"format": rendered.FORMAT + 1, "entries": ["planted"]}))
    elif damage == "not-strings":
        path.write_text(json.dumps({"format": rendered.FORMAT, "entries": [1]}))
    elif damage == "others-can-write":
        path.write_text(planted)
        path.chmod(0o666)
    elif damage == "symlink":
        target = tmp_path / "elsewhere.json"
        target.write_text(planted)
        path.unlink()
        path.symlink_to(target)
    else:
        path.unlink()
        path.mkdir()
    assert rendered.cached({"x": 1}, compute) == ["right"]
    assert compute.calls == 2


def test_a_directory_others_can_write_is_not_used(cache: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cache.mkdir(mode=0o700)
    compute = Counter(["right"])
    rendered.cached({"x": 1}, compute)
    _only_file(cache).write_text(json.dumps({"format": rendered.FORMAT, "entries": ["planted"]}))
    cache.chmod(0o777)
    assert rendered.cached({"x": 1}, compute) == ["right"]
    assert "others can write to it" in capsys.readouterr().err


def test_at_most_keep_files(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(rendered, "KEEP", 3)
    for n in range(6):
        rendered.cached({"x": n}, Counter([str(n)]))
        for path in rendered.files(cache):  # each new file newer than the ones before
            os.utime(path, ns=(path.stat().st_mtime_ns - 10**9,) * 2)
    assert len(rendered.files(cache)) == 3
    compute = Counter(["5"])
    assert rendered.cached({"x": 5}, compute) == ["5"]
    assert compute.calls == 0  # the newest were kept


def test_bibliography_and_notes_from_the_cache_equal_fresh_ones(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    items = [
        {"id": "a", "type": "book", "title": "Racing the Enemy", "author": [{"family": "Hasegawa"}]},
        {"id": "b", "type": "book", "title": "Japan's Decision", "author": [{"family": "Butow"}]},
    ]
    clusters = [[citations.Cite(items[0], "46")], [citations.Cite(items[0], "47"), citations.Cite(items[1])]]
    for name in ("chicago", "apa"):
        style = citations.resolve_style(name)
        for _ in range(2):  # writing, then reading
            assert citations.bibliography(items, style) == _fresh(items, style)
            assert citations.cluster_notes(clusters, style) == _fresh_notes(clusters, style)
    monkeypatch.setenv("PACTCLI_NO_CACHE", "1")
    assert citations.bibliography(items, citations.resolve_style("mla")) == _fresh(
        items, citations.resolve_style("mla")
    )


def _fresh(items: list[dict[str, object]], style: citations.StyleChoice) -> list[str]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PACTCLI_NO_CACHE", "1")
        return citations.bibliography(items, style)


def _fresh_notes(clusters: list[list[citations.Cite]], style: citations.StyleChoice) -> list[str]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PACTCLI_NO_CACHE", "1")
        return citations.cluster_notes(clusters, style)


def test_cache_clear_removes_rendered_citations(run, cache: Path) -> None:
    assert run("--store", str(MINI), "cite", "--format", "html").code == 0
    assert rendered.files(cache)
    assert run("cache", "--clear").code == 0
    assert rendered.files(cache) == []
