"""Options that several commands declare alike, so that their spelling and help are written once."""

from __future__ import annotations

from typing import Annotated

import typer

from pactcli.cli.common import complete_zones, count_option

FailFastOption = Annotated[
    bool, typer.Option("--fail-fast", help="With '-': stop at the first bad line (default: go on).")
]
ClaimOption = Annotated[
    int,
    typer.Option(
        "--claim",
        metavar="N",
        parser=count_option("--claim"),
        help="Use claim N of a disputed event (0 = main).",
    ),
]
FromTzOption = Annotated[
    str | None,
    typer.Option(
        "--from-tz",
        metavar="ZONE",
        help="The zone of a typed WHEN that has no offset or [zone] of its own.",
        autocompletion=complete_zones,
    ),
]
