"""The CSL processor compiled with mypyc (hatch_build.py): the build hook's choices, and which build runs.

That the compiled processor renders as the pure Python one does is what the rest of the suite shows: CI runs
every test on the compiled install and the CSL tests again on the source (.ci/run).
"""

from __future__ import annotations

import ast
import importlib.util
import os
import subprocess
import sys
from importlib.machinery import EXTENSION_SUFFIXES
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

import pactcli.csl.eval
from pactcli.csl import is_compiled

ROOT = Path(__file__).resolve().parents[1]


def test_is_compiled_names_the_module_that_was_loaded() -> None:
    assert is_compiled() == pactcli.csl.eval.__file__.endswith(tuple(EXTENSION_SUFFIXES))


def test_ci_runs_the_compiled_build() -> None:
    # CI installs with PACTCLI_REQUIRE_COMPILED=1 and runs the suite with it set: there, the tests must
    # exercise the compiled modules, not a source tree that shadows them.
    if not os.environ.get("PACTCLI_REQUIRE_COMPILED"):
        pytest.skip("PACTCLI_REQUIRE_COMPILED is not set: either build is right here")
    assert is_compiled(), pactcli.csl.eval.__file__


def test_version_says_which_processor_is_installed() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "pactcli", "--version"], capture_output=True, text=True, check=True
    )
    expected = "compiled" if is_compiled() else "pure Python"
    assert proc.stdout.strip().endswith(f"; CSL processor {expected})"), proc.stdout


def _compiled_modules() -> list[str]:
    text = (ROOT / "hatch_build.py").read_text(encoding="utf-8")
    tree = ast.parse(text)
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "GROUPS" for t in node.targets
        ):
            return [name for names in ast.literal_eval(node.value).values() for name in names]
    raise AssertionError("hatch_build.py lists no GROUPS of compiled modules")


@pytest.mark.parametrize("module", _compiled_modules())
def test_compiled_modules_call_no_lower_method(module: str) -> None:
    # mypyc's primitive for str.lower() lowers character by character before Python 3.13 ("ΟΔΟΣ" → "οδοσ");
    # the compiled modules lower through casing.unicode_lower, which is CPython's.
    path = ROOT / "src" / "pactcli" / f"{module}.py"
    tree = ast.parse(path.read_text(encoding="utf-8"))
    calls = [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "lower"
    ]
    assert calls == [], f"{path.name}: .lower() on lines {calls}; use casing.unicode_lower"


def test_unicode_lower_keeps_the_final_sigma() -> None:
    from pactcli.csl.casing import lower, unicode_lower

    assert unicode_lower("ΟΔΟΣ ΑΣ Σ.") == "οδος ας σ."
    assert lower("ΟΔΟΣ ΑΣ", "el") == lower("ΟΔΟΣ ΑΣ", "en") == "οδος ας"


# The hook itself, driven as hatchling drives it, with the compile replaced by a given outcome.


@pytest.fixture
def hook_module() -> Any:
    pytest.importorskip("hatchling")
    spec = importlib.util.spec_from_file_location("pactcli_hatch_build", ROOT / "hatch_build.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class _App:
    def __init__(self) -> None:
        self.warnings: list[str] = []
        self.infos: list[str] = []

    def display_warning(self, message: str) -> None:
        self.warnings.append(message)

    def display_info(self, message: str) -> None:
        self.infos.append(message)


def _hook(module: Any, target: str = "wheel") -> Any:
    app = _App()
    # root, config, build_config, metadata, directory, target_name, app: as hatchling constructs a hook.
    return module.MypycBuildHook(str(ROOT), {}, None, None, str(ROOT / "dist"), target, app), app


def _outcome(module: Any, monkeypatch: pytest.MonkeyPatch, returncode: int, make: int) -> None:
    """The compile's child process ends with ``returncode``, having written ``make`` extensions."""

    def run(command: list[str], **kwargs: Any) -> Any:
        lib = Path(command[4])
        suffix = module.sysconfig.get_config_var("EXT_SUFFIX") or ".so"
        for i in range(make):
            (lib / "pactcli" / "csl").mkdir(parents=True, exist_ok=True)
            (lib / "pactcli" / "csl" / f"m{i}{suffix}").write_bytes(b"")
        return SimpleNamespace(returncode=returncode, stdout="", stderr="gcc: not found\n")

    monkeypatch.setattr(module.subprocess, "run", run)


def _build_data() -> dict[str, Any]:
    return {"pure_python": True, "infer_tag": False, "force_include": {}}


def test_a_compile_that_fails_leaves_a_pure_wheel_with_a_warning(
    hook_module: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("PACTCLI_PURE_PYTHON", raising=False)
    monkeypatch.delenv("PACTCLI_REQUIRE_COMPILED", raising=False)
    _outcome(hook_module, monkeypatch, returncode=1, make=0)
    hook, app = _hook(hook_module)
    data = _build_data()
    hook.initialize("standard", data)
    hook.finalize("standard", data, "")
    assert data == _build_data()
    assert len(app.warnings) == 1 and "pure Python" in app.warnings[0] and "gcc: not found" in app.warnings[0]
    assert not hook._work.exists()  # the temporary directory is gone


def test_a_compile_that_made_too_few_modules_is_a_failure(
    hook_module: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("PACTCLI_PURE_PYTHON", raising=False)
    monkeypatch.delenv("PACTCLI_REQUIRE_COMPILED", raising=False)
    _outcome(
        hook_module, monkeypatch, returncode=0, make=len(hook_module.COMPILED) + len(hook_module.GROUPS) - 1
    )
    hook, app = _hook(hook_module)
    data = _build_data()
    hook.initialize("standard", data)
    assert data == _build_data() and len(app.warnings) == 1


def test_a_required_compile_that_fails_is_an_error(hook_module: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PACTCLI_PURE_PYTHON", raising=False)
    monkeypatch.setenv("PACTCLI_REQUIRE_COMPILED", "1")
    _outcome(hook_module, monkeypatch, returncode=1, make=0)
    hook, _ = _hook(hook_module)
    with pytest.raises(RuntimeError, match="gcc: not found"):
        hook.initialize("standard", _build_data())


def test_a_compile_that_succeeds_puts_every_extension_in_the_wheel(
    hook_module: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("PACTCLI_PURE_PYTHON", raising=False)
    made = len(hook_module.COMPILED) + len(hook_module.GROUPS)
    _outcome(hook_module, monkeypatch, returncode=0, make=made)
    hook, app = _hook(hook_module)
    data = _build_data()
    hook.initialize("standard", data)
    assert data["pure_python"] is False and data["infer_tag"] is True
    assert sorted(data["force_include"].values()) == sorted(
        f"pactcli/csl/m{i}{hook_module.sysconfig.get_config_var('EXT_SUFFIX')}" for i in range(made)
    )
    assert not app.warnings
    hook.finalize("standard", data, "")


@pytest.mark.parametrize(
    ("version", "target", "env"),
    [
        ("editable", "wheel", {}),
        ("standard", "sdist", {}),
        ("standard", "wheel", {"PACTCLI_PURE_PYTHON": "1"}),
    ],
    ids=["editable", "sdist", "PACTCLI_PURE_PYTHON"],
)
def test_no_compile_for_an_editable_install_an_sdist_or_when_asked(
    hook_module: Any, monkeypatch: pytest.MonkeyPatch, version: str, target: str, env: dict[str, str]
) -> None:
    monkeypatch.delenv("PACTCLI_PURE_PYTHON", raising=False)
    for key, value in env.items():
        monkeypatch.setenv(key, value)

    def run(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("compiled although it should not have been")

    monkeypatch.setattr(hook_module.subprocess, "run", run)
    hook, _ = _hook(hook_module, target)
    data = _build_data()
    hook.initialize(version, data)
    assert data == _build_data()


WEAK_REFERENCES = """
import gc, weakref
from pactcli.citations.styles import StyleChoice
from pactcli.csl.json_dates import CslDate
from pactcli.csl.names import Name
from pactcli.csl.output import Span, Text
from pactcli.store.parse import _At
made = {"refused": 0, "made": 0}
refs = []
for i in range(2000):
    for value in (Text(str(i)), Span([Text("a")]), Name(str(i)), CslDate((1941, 4, i % 28 + 1)),
                  StyleChoice("s", "s", "<style/>"), _At("events", i)):
        try:
            refs.append(weakref.ref(value))
            made["made"] += 1
        except TypeError:
            made["refused"] += 1
    if i % 500 == 0:
        gc.collect()
gc.collect()
assert all(ref() is None for ref in refs)
del refs
gc.collect()
print(made["made"], made["refused"])
"""


def test_a_weak_reference_to_a_value_object_is_refused_or_safe() -> None:
    # mypy 2.4.1 gives a compiled class that derives from an interpreted one a weak-reference slot its
    # deallocation does not clear: a weak reference that outlived its object crashed the process at the next
    # garbage collection (pactcli.slotted). In a child process, so that a crash is a failure, not the end of
    # the test run.
    proc = subprocess.run(
        [sys.executable, "-c", WEAK_REFERENCES], capture_output=True, text=True, check=False
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    made, refused = map(int, proc.stdout.split())
    assert made + refused == 12000
