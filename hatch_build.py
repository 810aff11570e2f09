"""The wheel's build hook: compile the CSL processor's rendering modules with mypyc where a C compiler is.

Why: a first (uncached) bibliography spends its time walking the style's tree in Python, ~110 element visits
and ~35 macro calls an entry; compiled, the same code runs in about half the instructions (docs/
performance.md). The source stays the one implementation: mypyc compiles these very files, which also stay
in the wheel, and wherever compiling cannot be done (no C compiler or no Python headers) the wheel is the
pure Python one, with a warning in the build's output (``pip install -v`` shows it; ``pactcli --version``
says which build is installed). ``PACTCLI_PURE_PYTHON=1`` asks for the pure wheel;
``PACTCLI_REQUIRE_COMPILED=1`` makes a failed compile an error (CI sets it, so a fallback cannot go
unnoticed). Editable installs stay pure Python, so an edited file takes effect at once.

The compile runs in a child process (mypyc drives setuptools' ``build_ext``), in a temporary directory: the
checkout is not written to.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import tempfile
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

# The modules a citation runs through, relative to src/pactcli, in two libraries: ``slotted`` alone (the
# value classes the processor's derive from, pactcli/slotted.py says why; every command that reads a store
# loads it, so it is kept small), and the processor, loaded only to format citations. Not compiled:
# ``csl/style`` (a compiled style's macros are made on first use through ``__getattr__``, which a native
# class does not have), ``csl/fields`` (vocabulary only), and the loaders that run once per command.
GROUPS = {
    "pactcli_values": ("slotted",),
    "pactcli_csl": (
        "csl/casing",
        "csl/dates",
        "csl/engine",
        "csl/eval",
        "csl/locale",
        "csl/markup",
        "csl/names",
        "csl/numbers",
        "csl/output",
        "csl/processor",
        "csl/textcase",
    ),
}
COMPILED = tuple(name for names in GROUPS.values() for name in names)

_SETUP = """
import json, sys
from setuptools import setup
from mypyc.build import mypycify

target, build_lib, build_temp, jobs, groups = sys.argv[1:6]
groups = json.loads(groups)
setup(
    name="pactcli-compiled",
    ext_modules=mypycify(
        ["--ignore-missing-imports", *(f for files in groups.values() for f in files)],
        opt_level="3",
        multi_file=False,  # with separate groups, multi_file links twice a symbol of mypy 2.4.1
        target_dir=target,
        separate=[(files, name) for name, files in groups.items()],
    ),
    script_args=["build_ext", "--build-lib", build_lib, "--build-temp", build_temp, "--parallel", jobs],
)
"""


class MypycBuildHook(BuildHookInterface):
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if self.target_name != "wheel" or version == "editable":
            return
        if os.environ.get("PACTCLI_PURE_PYTHON"):
            self.app.display_info(
                "pactcli: PACTCLI_PURE_PYTHON is set: the CSL processor is left pure Python"
            )
            return
        self._work = Path(tempfile.mkdtemp(prefix="pactcli-mypyc-"))
        built = self._compile(self._work)
        if built is None:
            return
        build_data["pure_python"] = False
        build_data["infer_tag"] = True
        for path in built:
            build_data["force_include"][str(path)] = path.relative_to(self._work / "lib").as_posix()

    def finalize(self, version: str, build_data: dict[str, Any], artifact_path: str) -> None:
        work = getattr(self, "_work", None)
        if work is not None:
            shutil.rmtree(work, ignore_errors=True)

    def _compile(self, work: Path) -> list[Path] | None:
        src = Path(self.root) / "src"
        groups = {group: [f"pactcli/{name}.py" for name in names] for group, names in GROUPS.items()}
        env = dict(os.environ, MYPY_CACHE_DIR=str(work / "mypy-cache"))
        command = [
            sys.executable,
            "-c",
            _SETUP,
            str(work / "c"),
            str(work / "lib"),
            str(work / "temp"),
            str(os.cpu_count() or 1),
            json.dumps(groups),
        ]
        self.app.display_info("pactcli: compiling the CSL processor with mypyc (one to two minutes)")
        done = subprocess.run(command, cwd=src, env=env, capture_output=True, text=True, check=False)
        suffix = sysconfig.get_config_var("EXT_SUFFIX") or ".so"
        built = sorted((work / "lib").rglob(f"*{suffix}")) if done.returncode == 0 else []
        if len(built) < len(COMPILED) + len(GROUPS):  # an extension a module, and a library a group
            output = (done.stdout + done.stderr).strip().splitlines()[-12:]
            message = (
                "pactcli: mypyc could not compile the CSL processor; the wheel is pure Python:\n"
                + "\n".join(output)
            )
            if os.environ.get("PACTCLI_REQUIRE_COMPILED"):
                raise RuntimeError(message)
            self.app.display_warning(message)
            return None
        return built
