"""``pactcli cite``: citations of the store's sources."""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING, Annotated

import typer

from pactcli.errors import LookupFailed, UsageError

if TYPE_CHECKING:
    from collections.abc import Sequence

    from rich.console import Console, RenderableType


from .app import app, choices
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


class ClaimsChoice(str, enum.Enum):
    main = "main"
    all = "all"


class NotePer(str, enum.Enum):
    event = "event"
    source = "source"


class CiteFormat(str, enum.Enum):
    text = "text"
    markdown = "markdown"
    html = "html"
    bibtex = "bibtex"
    ris = "ris"
    csl_json = "csl-json"


# --- cite ------------------------------------------------------------------------------------------------


@app.command(short_help="Bibliographies and notes; BibTeX, RIS, CSL-JSON.")
def cite(
    ids: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="[ID]...",
            help="Event or source IDs; '-' reads them from stdin. None: all sources.",
            autocompletion=complete_ids,
        ),
    ] = None,
    tag: Annotated[
        list[str] | None, typer.Option("--tag", metavar="TAG", help="Sources of events with this tag.")
    ] = None,
    style: Annotated[
        CiteStyle, typer.Option("--style", metavar="STYLE", help=f"Citation style: {choices(CiteStyle)}.")
    ] = CiteStyle.chicago,
    notes_mode: Annotated[bool, typer.Option("--notes", help="Numbered notes in citation order.")] = False,
    fmt: Annotated[
        CiteFormat, typer.Option("--format", metavar="FORMAT", help=f"Output format: {choices(CiteFormat)}.")
    ] = CiteFormat.text,
    claims: Annotated[
        ClaimsChoice,
        typer.Option(
            "--claims",
            metavar="CLAIMS",
            help=f"Whose sources an event's citation gives: {choices(ClaimsChoice)} (all: the other claims' "
            "too, each marked with the claim it supports).",
        ),
    ] = ClaimsChoice.main,
    note_per: Annotated[
        NotePer,
        typer.Option(
            "--note-per",
            metavar="UNIT",
            help=f"With --notes, one note per UNIT ({choices(NotePer)}); an event's sources are joined "
            "with '; '.",
        ),
    ] = NotePer.event,
) -> None:
    """Citations of the store's sources: a bibliography, or numbered notes with locators.

    \b
    Example: pactcli cite pact-denounced --style chicago --notes
    """
    from pactcli import citations
    from pactcli.citing import CitedRef, Cluster, event_cluster, split_per_source
    from pactcli.model import SourceRef
    from pactcli.zones import suggest

    loaded = load_store()
    wanted = [i for raw in ids or [] for i in (stdin_lines("IDs") if raw == "-" else [raw])]
    if any(not i.strip() for i in wanted):
        raise UsageError("argument ID: empty; give an event or source ID")
    clusters: list[Cluster] = []
    for key in wanted:
        if key in loaded.sources:
            clusters.append([CitedRef(SourceRef(key))])
            continue
        found = loaded.event(key)
        if found is None:
            hint = suggest(key, [*loaded.sources, *loaded.event_ids()])
            shown = key if len(key) <= 60 else key[:60] + "…"
            raise LookupFailed(f"no event or source {shown!r}" + (f"; did you mean {hint}?" if hint else ""))
        clusters.append(event_cluster(found, claims.value))
    if tag:
        from pactcli.queries import Selection, select

        tagged = [event_cluster(item, claims.value) for item in select(loaded, Selection(tags=tuple(tag)))]
        if not tagged:
            raise LookupFailed(f"no events tagged {', '.join(tag)}")
        clusters.extend(tagged)
    if not wanted and not tag:
        clusters = [[CitedRef(SourceRef(sid))] for sid in loaded.sources]
    if note_per is NotePer.source:
        clusters = split_per_source(clusters)
    csl_items = {
        entry.ref.id: citations.to_csl(entry.ref.id, loaded.sources[entry.ref.id].fields)
        for cluster in clusters
        for entry in cluster
    }
    if fmt.value in citations.EXPORT_FORMATS:
        write(citations.export(list(csl_items.values()), fmt.value))
        return
    runs = (
        citations.cluster_notes(
            [
                [citations.Cite(csl_items[e.ref.id], e.ref.locator, e.prefix) for e in cluster]
                for cluster in clusters
                if cluster
            ],
            style.value,
        )
        if notes_mode
        else citations.bibliography(list(csl_items.values()), style.value)
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

    return citation_list(console, runs, numbered)
