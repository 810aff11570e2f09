"""``pactcli new``: start a store of your own."""

from __future__ import annotations

from typing import Annotated

import typer

from pactcli.cli.app import app

TEMPLATE = """\
# A pactcli store: a chronology and the sources it cites (every field: docs/store-format.md).
# Check it:    pactcli validate {path}
# Add to it:   pactcli add source --store {path} …   and   pactcli add event --store {path} …
# Change one:  pactcli edit ID --store {path}
# The example source and event below show the usual fields. Replace them with your own; a store needs
# at least one source and one event.

[store]
title = {title}
# The clocks that 'timeline' and 'event' show by default (IANA names, or the name of a [[zones]] entry).
display_zones = ["UTC"]

# A source is a CSL-JSON item written in TOML: the fields Zotero exports ('pactcli import' reads them).
[[sources]]
id = "example-source"
type = "book"
title = "An Example Book"
author = [{{ family = "Doe", given = "Jane" }}]
publisher = "Example Press"
publisher-place = "London"
issued = "2001"

# An event says when (as precisely as the source does), in which clock, and who says so.
[[events]]
id = "example-event"
title = "An example event"
start = 2001-09-01          # a day; "2001-09" is a month, 2001-09-01T14:30:00 a local time
zone = "Europe/London"      # the clock of the place: it names the day and resolves local times
summary = "What happened, in your own words."
sources = [{{ id = "example-source", locator = "p. 12" }}]
"""


@app.command(short_help="Create a store file with an example source and event.")
def new(
    path: Annotated[str, typer.Argument(metavar="PATH", help="The store file to create.")],
    title: Annotated[str, typer.Option("--title", help="The store's title.")] = "My chronology",
) -> None:
    """Create a store file with a commented example source and event, ready to edit. Never overwrites.

    Example: pactcli new thesis.toml --title "Chapter 3: the Manchurian crisis"
    """
    import tomlkit

    from pactcli.cli.writing import showing_problems
    from pactcli.errors import UsageError
    from pactcli.store import writer

    if not path.strip():
        raise UsageError("argument PATH: empty; give the file to create")
    if not title.strip() or "\n" in title or "\r" in title:
        raise UsageError("--title: give one line of text")
    text = TEMPLATE.format(path=_shown(path), title=tomlkit.string(title).as_string())
    with showing_problems():
        writer.create(path, text)
    from pactcli.render.safe import visible

    print(visible(f"created {path}: 1 example source, 1 example event; next: pactcli validate {path}"))


def _shown(path: str) -> str:
    """The path as a comment can show it: one line, no control characters, quoted for a shell."""
    import shlex

    from pactcli.render.safe import visible

    return visible(shlex.quote(" ".join(path.split())))
