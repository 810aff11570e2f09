"""Golden transcripts of pactcli in a terminal: the cases, and how each is run and written down."""

from __future__ import annotations

import shlex
from pathlib import Path
from typing import NamedTuple

from pactcli.time.zones import TZDATA_VERSION
from tests.terminal import run_in_terminal

HERE = Path(__file__).parent
ROOT = HERE.parents[1]
MINI = ROOT / "tests" / "data" / "valid" / "mini.toml"


class Case(NamedTuple):
    name: str
    args: tuple[str, ...]
    width: int

    @property
    def path(self) -> Path:
        return HERE / f"{self.name}.{self.width}.txt"


def cases() -> list[Case]:
    import tomli

    spec = tomli.loads((HERE / "cases.toml").read_text(encoding="utf-8"))
    return [
        Case(case["name"], tuple(case["args"]), width) for case in spec["case"] for width in spec["widths"]
    ]


def transcript(case: Case) -> str:
    """``$ pactcli ARGS``, the screen as the user sees it, and the exit code if it is not 0.

    The tzdata release is written as {tzdata}, so that a new tzdata package changes no transcript, and
    trailing spaces (a table pads its rows to the width; the screen shows nothing there) are left out.
    """
    args = [arg.replace("{mini}", str(MINI)) for arg in case.args]
    code, screen = run_in_terminal(["--no-pager", *args], columns=case.width, lines=40)
    shown = " ".join(shlex.quote(arg) for arg in case.args)
    screen = "\n".join(line.rstrip() for line in screen.split("\n"))
    text = f"$ pactcli {shown}\n{screen}" + (f"[exit {code}]\n" if code else "")
    return text.replace(TZDATA_VERSION, "{tzdata}")
