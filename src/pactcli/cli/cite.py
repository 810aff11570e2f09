"""``pactcli cite``: citations of the store's sources."""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING, Annotated

import typer

from pactcli.errors import LookupFailed, UsageError

if TYPE_CHECKING:
    from collections.abc import Sequence

    from rich.console import Console, RenderableType

    from pactcli.model import SourceRef, Store


from .app import app
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
    fail_fast: Annotated[
        bool, typer.Option("--fail-fast", help="With '-': stop at the first bad line (default: go on).")
    ] = False,
) -> None:
    """Citations of the store's sources: a bibliography, or numbered notes with locators.

    With '-', IDs are read from stdin one per line; a bad line is reported on stderr with its line number
    and the others are cited (exit 1 at the end; --fail-fast stops at the first).

    Example: pactcli cite pact-denounced --style chicago --notes
    """
    from pactcli.model import SourceRef

    raw_ids = list(ids or [])
    if any(not i.strip() for i in raw_ids):
        raise UsageError("argument ID: empty; give an event or source ID")
    loaded = load_store()
    refs: list[SourceRef] = []

    def add(key: str) -> None:
        refs.extend(_refs_of(loaded, key))

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

        check_tags(loaded, tag)
        for item in select(loaded, Selection(tags=tuple(tag))):
            refs.extend(item.cited_sources())
    if not raw_ids and not tag:
        refs = [SourceRef(sid) for sid in loaded.sources]
    _write_citations(loaded, refs, style, notes_mode, fmt)
    if batch is not None:
        batch.finish()


def _refs_of(loaded: Store, key: str) -> tuple[SourceRef, ...]:
    """The source ``key``, or every source the event ``key`` cites (one namespace: validate checks it)."""
    from pactcli.model import SourceRef
    from pactcli.zones import suggest

    if key in loaded.sources:
        return (SourceRef(key),)
    found = loaded.event(key) or loaded.event(key.lower())
    if found is None and key.lower() in loaded.sources:
        return (SourceRef(key.lower()),)
    if found is None:
        hint = suggest(key, [*loaded.sources, *loaded.event_ids()])
        shown = key if len(key) <= 60 else key[:60] + "…"
        raise LookupFailed(f"no event or source {shown!r}" + (f"; did you mean {hint}?" if hint else ""))
    return found.cited_sources()


def _write_citations(
    loaded: Store, refs: list[SourceRef], style: CiteStyle, notes_mode: bool, fmt: CiteFormat
) -> None:
    from pactcli import citations

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
