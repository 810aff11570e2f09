"""Shared fixtures: paths, and an in-process runner that goes through pactcli's real entry point."""

from __future__ import annotations

import contextlib
import io
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from pactcli.cli import main

DATA = Path(__file__).parent / "data"
MINI = DATA / "valid" / "mini.toml"
# Stores holding what the validator refuses (control, format and bidi characters in every field). Tests load
# them past the validator, and past the index cache, to check the output layer's escaping on its own: as if a
# planted index or a field added without a check had delivered the text. See docs/hostile-input.md.
UNCHECKED = DATA / "unchecked"


@contextlib.contextmanager
def text_check_off() -> Iterator[None]:
    """Within the block, store loading skips the character check (and the cache, which would keep it)."""
    from pactcli.store import parse as store

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(store, "_check_strings", lambda *args: None)
        patch.setenv("PACTCLI_NO_CACHE", "1")
        yield


def load_unchecked(path: Path | str):  # type: ignore[no-untyped-def]
    """``store.load`` of an ``unchecked/`` fixture, past the character check."""
    from pactcli.store import parse as store

    with text_check_off():
        return store.load([str(path)])


def pytest_addoption(parser: pytest.Parser) -> None:
    # CI runs the CLI tests twice, with the index cache and without it: every answer must be the same.
    parser.addoption("--cache-off", action="store_true", help="run with PACTCLI_NO_CACHE=1 (no index cache)")


@pytest.fixture(autouse=True, scope="session")
def _private_cache(tmp_path_factory: pytest.TempPathFactory, pytestconfig: pytest.Config):
    """Index files go to the test session's own directory, never ~/.cache (subprocesses too)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PACTCLI_CACHE_DIR", str(tmp_path_factory.mktemp("pactcli-cache")))
        if pytestconfig.getoption("--cache-off"):
            patch.setenv("PACTCLI_NO_CACHE", "1")
        else:
            patch.delenv("PACTCLI_NO_CACHE", raising=False)
        yield


@dataclass
class Result:
    code: int
    out: str
    err: str


@pytest.fixture
def run(monkeypatch: pytest.MonkeyPatch):
    """Run ``pactcli ARGS`` in-process through ``main()`` (error handling included); capture everything."""

    def runner(*args: str, stdin: str = "", env: dict[str, str] | None = None) -> Result:
        monkeypatch.delenv("PACTCLI_STORE", raising=False)
        monkeypatch.delenv("NO_COLOR", raising=False)
        monkeypatch.setenv("COLUMNS", "100")
        for key, value in (env or {}).items():
            monkeypatch.setenv(key, value)
        out, err = io.StringIO(), io.StringIO()
        monkeypatch.setattr(sys, "stdout", out)
        monkeypatch.setattr(sys, "stderr", err)
        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
        unchecked = any(str(UNCHECKED) in arg for arg in args)
        try:
            with text_check_off() if unchecked else contextlib.nullcontext():
                main(list(args))
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 1
        else:  # pragma: no cover - main() always exits
            code = 0
        return Result(code, out.getvalue(), err.getvalue())

    return runner
