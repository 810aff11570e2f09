"""docs/your-own-chronology.md is run as written: every command, in order, in an empty directory."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

TUTORIAL = Path(__file__).resolve().parents[1] / "docs" / "your-own-chronology.md"

Step = tuple[str, str, str]  # ("file", name, content) or ("run", command, expected output)


def _steps() -> list[Step]:
    text = TUTORIAL.read_text(encoding="utf-8")
    body = text.split("<!-- tutorial -->", 1)[1].split("<!-- /tutorial -->", 1)[0]
    steps: list[Step] = []
    for match in re.finditer(r"(?:<!-- file: (\S+) -->\n)?```(\w+)\n(.*?)```", body, re.DOTALL):
        name, kind, content = match.groups()
        if name:
            steps.append(("file", name, content))
        elif kind == "console":
            for line in content.splitlines(keepends=True):
                if line.startswith("$ pactcli "):
                    steps.append(("run", line[2:].rstrip("\n"), ""))
                else:
                    what, command, expected = steps[-1]
                    steps[-1] = (what, command, expected + line)
    return steps


STEPS = _steps()


def test_the_tutorial_has_its_steps() -> None:
    commands = [command.split()[1:3] for what, command, _ in STEPS if what == "run"]
    assert ["new", "pact.toml"] in commands and ["import", "reading.json"] in commands
    assert ["add", "event"] in commands and ["--store", "pact.toml"] in commands
    assert any(what == "file" for what, _, _ in STEPS)


def _lines(text: str) -> list[str]:
    # Trailing spaces of table rows are not something a reader sees, nor an editor keeps.
    return [line.rstrip() for line in text.splitlines()]


def test_the_tutorial_runs_as_written(run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    for what, command, expected in STEPS:
        if what == "file":
            (tmp_path / command).write_text(expected, encoding="utf-8")
            continue
        result = run(*shlex.split(command)[1:])
        assert (result.code, result.err) == (0, ""), command
        assert _lines(result.out) == _lines(expected), command
