"""``pactcli cite``: citations of the store's sources."""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING, Annotated, Any

import typer

from pactcli.errors import LookupFailed, UsageError

if TYPE_CHECKING:
    from collections.abc import Sequence

    from rich.console import Console, RenderableType

    from pactcli.citing import Cluster
    from pactcli.model import Store


from .app import app, choices
from .common import (
    Batch,
    complete_ids,
    load_store,
    print_rich,
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
    fail_fast: Annotated[
        bool, typer.Option("--fail-fast", help="With '-': stop at the first bad line (default: go on).")
    ] = False,
) -> None:
    """Citations of the store's sources: a bibliography, or numbered notes with locators.

    With '-', IDs are read from stdin one per line; a bad line is reported on stderr with its line number
    and the others are cited (exit 1 at the end; --fail-fast stops at the first).

    \b
    Example: pactcli cite pact-denounced --style chicago --notes
    """
    from pactcli import citations
    from pactcli.citing import CitedRef, event_cluster, split_per_source
    from pactcli.model import SourceRef

    raw_ids = list(ids or [])
    if any(not i.strip() for i in raw_ids):
        raise UsageError("argument ID: empty; give an event or source ID")
    loaded = load_store()
    clusters: list[Cluster] = []

    def add(key: str) -> None:
        clusters.append(_cluster_of(loaded, key, claims.value))

    batch = Batch("ID", fail_fast) if "-" in raw_ids else None
    for raw in raw_ids:
        if raw != "-":
            add(raw)
            continue
        assert batch is not None
        for number, line in batch.lines():
            batch.answer(number, lambda line=line: add(line))  # type: ignore[misc]
    if batch is not None and not batch.answered:
        batch.finish()  # nothing to cite: an empty or all-bad batch ends here
    if tag:
        from pactcli.queries import Selection, check_tags, select

        check_tags(loaded, tag)  # an unknown tag is a usage error; a known one always has an event
        clusters.extend(
            event_cluster(item, claims.value) for item in select(loaded, Selection(tags=tuple(tag)))
        )
    if not raw_ids and not tag:
        clusters = [[CitedRef(SourceRef(sid))] for sid in loaded.sources]
    if note_per is NotePer.source:
        clusters = split_per_source(clusters)
    csl_items = {
        entry.ref.id: citations.to_csl(entry.ref.id, loaded.sources[entry.ref.id].fields)
        for cluster in clusters
        for entry in cluster
    }
    _write_citations(csl_items, clusters, style, notes_mode, fmt)
    if batch is not None:
        batch.finish()


def _cluster_of(loaded: Store, key: str, claims: str) -> Cluster:
    """The source ``key``, or the event ``key``'s sources (IDs are one namespace: validate checks it)."""
    from pactcli.citing import CitedRef, event_cluster
    from pactcli.model import SourceRef
    from pactcli.zones import suggest

    if key in loaded.sources:
        return [CitedRef(SourceRef(key))]
    found = loaded.event(key) or loaded.event(key.lower())
    if found is None and key.lower() in loaded.sources:
        return [CitedRef(SourceRef(key.lower()))]
    if found is None:
        hint = suggest(key, [*loaded.sources, *loaded.event_ids()])
        shown = key if len(key) <= 60 else key[:60] + "…"
        raise LookupFailed(f"no event or source {shown!r}" + (f"; did you mean {hint}?" if hint else ""))
    return event_cluster(found, claims)


def _write_citations(
    csl_items: dict[str, dict[str, Any]],
    clusters: list[Cluster],
    style: CiteStyle,
    notes_mode: bool,
    fmt: CiteFormat,
) -> None:
    from pactcli import citations

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
