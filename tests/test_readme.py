"""The README is part of the interface: its examples run, and every command is documented."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from pactcli.cli import app

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def _examples() -> list[tuple[str, str]]:
    block = README.split("<!-- examples -->", 1)[1].split("<!-- /examples -->", 1)[0]
    pairs: list[tuple[str, str]] = []
    for line in block.splitlines():
        if line.startswith("$ pactcli "):
            pairs.append((line[2:], ""))
        elif pairs and not line.startswith("```"):
            command, expected = pairs[-1]
            pairs[-1] = (command, expected + line + "\n")
    return pairs


EXAMPLES = _examples()


def test_examples_found() -> None:
    assert len(EXAMPLES) >= 5


@pytest.mark.parametrize(("command", "expected"), EXAMPLES, ids=[c for c, _ in EXAMPLES])
def test_readme_example(run, command: str, expected: str) -> None:
    result = run(*shlex.split(command)[1:])
    assert (result.code, result.out, result.err) == (0, expected, "")


def test_every_command_is_documented_with_an_example() -> None:
    names = [c.name or c.callback.__name__.replace("_", "-") for c in app.registered_commands]
    assert sorted(names) == [
        "cache",
        "cite",
        "convert",
        "diff-dates",
        "edit",
        "event",
        "export",
        "import",
        "new",
        "publish",
        "shift",
        "timeline",
        "validate",
    ]
    for command in app.registered_commands:
        name = command.name or command.callback.__name__.replace("_", "-")
        assert f"`pactcli {name}" in README, name
        assert re.search(r"Example: pactcli \S", command.callback.__doc__ or ""), name


def test_every_subcommand_is_documented_with_an_example() -> None:
    groups = {group.name: group.typer_instance for group in app.registered_groups}
    assert sorted(groups) == ["add"]
    for name, group in groups.items():
        for command in group.registered_commands:
            assert f"`pactcli {name} {command.name}" in README, command.name
            assert re.search(rf"Example: pactcli {name} {command.name} ", command.callback.__doc__ or ""), (
                name
            )
