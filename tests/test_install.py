"""A non-editable install works from any directory: the embedded store is inside the wheel."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_wheel_install_runs_timeline_from_elsewhere(tmp_path: Path) -> None:
    wheel_dir = tmp_path / "wheel"
    # The pure Python wheel: compiling the CSL processor takes a minute, and the compiled one is what the
    # test command installs and the rest of the suite runs on (tests/test_compiled_build.py).
    build_env = dict(os.environ, PACTCLI_PURE_PYTHON="1")
    build_env.pop("PACTCLI_REQUIRE_COMPILED", None)
    build = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-w",
            str(wheel_dir),
            str(ROOT),
        ],
        capture_output=True,
        text=True,
        check=False,
        env=build_env,
    )
    if build.returncode != 0 and "hatchling" in build.stderr:
        build = subprocess.run(
            [sys.executable, "-m", "pip", "wheel", "--no-deps", "-w", str(wheel_dir), str(ROOT)],
            capture_output=True,
            text=True,
            check=False,
            env=build_env,
        )
    assert build.returncode == 0, build.stderr[-2000:]
    wheel = next(wheel_dir.glob("pactcli-*.whl"))
    # Install the wheel alone into a directory put first on sys.path; the dependencies come from the test
    # environment, which keeps this test offline.
    site = str(tmp_path / "site")
    install = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "--target", site, str(wheel)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert install.returncode == 0, install.stderr[-2000:]
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PACTCLI_STORE")}
    env.update(COLUMNS="120", PYTHONPATH=site)

    def run_elsewhere(*argv: str) -> str:
        proc = subprocess.run(argv, cwd=elsewhere, capture_output=True, text=True, env=env, check=False)
        assert proc.returncode == 0, proc.stderr
        return proc.stdout

    assert "Neutrality Pact" in run_elsewhere(sys.executable, "-m", "pactcli", "timeline", "--tag", "pact")
    located = run_elsewhere(
        sys.executable, "-c", "import pactcli.store.parse as s; print(s.embedded_store_path())"
    )
    assert located.strip().startswith(site), located  # the store came from the wheel, not the checkout
    # The console script the wheel declares (pyproject [project.scripts]) is the same entry point.
    script = str(Path(site) / "bin" / "pactcli")
    assert '"id": "pact-signed"' in run_elsewhere(script, "event", "pact-signed", "--format", "json")
