"""``pactcli cite``: citations of the store's sources."""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING, Annotated

import typer

from pactcli.errors import LookupFailed, UsageError

if TYPE_CHECKING:
    from collections.abc import Sequence

    from rich.console import Console, RenderableType


from .app import app
from .common import (
    complete_ids,
    load_store,
    print_rich,
    stdin_lines,
    write,
)


class CiteStyle(str, enum.Enum):
    chicago = "chicago"
    chicago_author_date = "chicago-author-date"
    apa = "apa"
    mla = "mla"


class CiteFormat(str, enum.Enum):
    text = "text"
    markdown = "markdown"
    html = "html"
    bibtex = "bibtex"
    ris = "ris"
    csl_json = "csl-json"


# --- cite ------------------------------------------------------------------------------------------------


@app.command()
def cite(
    ids: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="[ID]...",
            help="Event or source IDs; '-' reads them from stdin. None: all sources.",
            autocompletion=complete_ids,
        ),
    ] = None,
    tag: Annotated[list[str] | None, typer.Option("--tag", help="Sources of events with this tag.")] = None,
    style: Annotated[CiteStyle, typer.Option("--style", help="Citation style.")] = CiteStyle.chicago,
    notes_mode: Annotated[bool, typer.Option("--notes", help="Numbered notes in citation order.")] = False,
    fmt: Annotated[CiteFormat, typer.Option("--format", help="Output format.")] = CiteFormat.text,
) -> None:
    """Citations of the store's sources: a bibliography, or numbered notes with locators.

    Example: pactcli cite pact-denounced --style chicago --notes
    """
    from pactcli import citations
    from pactcli.model import SourceRef
    from pactcli.zones import suggest

    loaded = load_store()
    wanted = [i for raw in ids or [] for i in (stdin_lines("IDs") if raw == "-" else [raw])]
    if any(not i.strip() for i in wanted):
        raise UsageError("argument ID: empty; give an event or source ID")
    refs: list[SourceRef] = []
    for key in wanted:
        if key in loaded.sources:
            refs.append(SourceRef(key))
            continue
        found = loaded.event(key)
        if found is None:
            hint = suggest(key, [*loaded.sources, *loaded.event_ids()])
            shown = key if len(key) <= 60 else key[:60] + "…"
            raise LookupFailed(f"no event or source {shown!r}" + (f"; did you mean {hint}?" if hint else ""))
        refs.extend(found.cited_sources())
    if tag:
        from pactcli.queries import Selection, select

        for item in select(loaded, Selection(tags=tuple(tag))):
            refs.extend(item.cited_sources())
        if not refs:
            raise LookupFailed(f"no events tagged {', '.join(tag)}")
    if not wanted and not tag:
        refs = [SourceRef(sid) for sid in loaded.sources]
    cites = [(citations.to_csl(ref.id, loaded.sources[ref.id].fields), ref.locator) for ref in refs]
    if fmt.value in citations.EXPORT_FORMATS:
        items = list({csl["id"]: csl for csl, _ in cites}.values())
        write(citations.export(items, fmt.value))
        return
    runs = (
        citations.notes(cites, style.value)
        if notes_mode
        else citations.bibliography([csl for csl, _ in cites], style.value)
    )
    numbered = notes_mode
    if fmt is CiteFormat.text:
        print_rich(lambda console: _citation_renderable(console, runs, numbered))
        return
    convert = citations.runs_to_markdown if fmt is CiteFormat.markdown else citations.runs_to_html
    lines = [convert(entry) for entry in runs]
    if fmt is CiteFormat.html:
        tag_name = "ol" if numbered else "ul"
        body = "\n".join(f"  <li>{line}</li>" for line in lines)
        write(f'<{tag_name} class="csl-{"notes" if numbered else "bibliography"}">\n{body}\n</{tag_name}>')
        return
    if numbered:
        lines = [f"{n}. {line}" for n, line in enumerate(lines, start=1)]
    write("\n\n".join(lines))


def _citation_renderable(
    console: Console, runs: Sequence[Sequence[tuple[str, bool]]], numbered: bool
) -> RenderableType:
    from pactcli.render.citations import citation_list

    return citation_list(runs, numbered)
