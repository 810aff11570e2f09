"""``pactcli cite``: citations of the store's sources."""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING, Annotated, Any

import typer

from pactcli.errors import LookupFailed, UsageError

if TYPE_CHECKING:
    from collections.abc import Sequence

    from rich.console import Console, RenderableType

    from pactcli.citations import Cite
    from pactcli.citations.styles import StyleInfo


from .app import app, choices
from .common import (
    complete_ids,
    load_store,
    print_rich,
    stdin_lines,
    write,
)


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
        str,
        typer.Option(
            "--style",
            metavar="STYLE",
            help="A bundled CSL style (chicago, chicago-author-date, apa, mla, …; see --list-styles) or the "
            "path of a .csl file.",
        ),
    ] = "chicago",
    locale: Annotated[
        str | None,
        typer.Option(
            "--locale", metavar="LANG", help="Locale such as en-GB, de-DE (default: the style's, else en-US)."
        ),
    ] = None,
    list_styles: Annotated[
        bool, typer.Option("--list-styles", help="List the bundled styles (name, title, note or in-text).")
    ] = False,
    items_file: Annotated[
        str | None,
        typer.Option(
            "--items",
            metavar="FILE",
            help="Format the CSL-JSON items in FILE ('-': stdin; a Zotero or Better BibTeX export) instead "
            "of the store's sources.",
        ),
    ] = None,
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

    if list_styles:
        write(_style_listing(citations.bundled_styles()))
        return
    if items_file is not None:
        if ids or tag:
            raise UsageError("option --items: give either --items or IDs/--tag, not both")
        items = _read_items(items_file)
        if fmt.value in citations.EXPORT_FORMATS:
            write(citations.export(items, fmt.value))
            return
        chosen = citations.resolve_style(style)
        clusters_in: list[list[citations.Cite]] = [[citations.Cite(item)] for item in items]
    else:
        clusters_in, items = _store_clusters(ids, tag, claims, note_per)
        if fmt.value in citations.EXPORT_FORMATS:
            write(citations.export(items, fmt.value))
            return
        chosen = citations.resolve_style(style)
    entries = (
        citations.cluster_notes([c for c in clusters_in if c], chosen, locale)
        if notes_mode
        else citations.bibliography(items, chosen, locale)
    )
    _output(entries, notes_mode, fmt)


def _store_clusters(
    ids: list[str] | None, tag: list[str] | None, claims: ClaimsChoice, note_per: NotePer
) -> tuple[list[list[Cite]], list[dict[str, Any]]]:
    """The notes an event or source list asks for (citing.py decides what each cites), and their items."""
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
    cites = [
        [citations.Cite(csl_items[e.ref.id], e.ref.locator, e.prefix) for e in cluster]
        for cluster in clusters
    ]
    return cites, list(csl_items.values())


def _read_items(name: str) -> list[dict[str, Any]]:
    """The CSL-JSON items of ``--items`` (an array of items, as Zotero and Better BibTeX export them)."""
    import json
    import sys
    from pathlib import Path

    from pactcli.errors import StyleError

    source = "<stdin>" if name == "-" else name
    try:
        text = sys.stdin.read() if name == "-" else Path(name).read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise StyleError(source, 0, "not UTF-8 text") from None
    except OSError as exc:
        raise StyleError(source, 0, f"cannot read: {exc.strerror or exc}") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise StyleError(source, exc.lineno, f"not JSON: {exc.msg}") from None
    if isinstance(data, dict) and isinstance(data.get("items"), list):
        data = data["items"]
    if not isinstance(data, list):
        raise StyleError(source, 0, "expected a CSL-JSON array of items")
    seen: set[str] = set()
    for number, item in enumerate(data, start=1):
        if not isinstance(item, dict):
            raise StyleError(source, 0, f"item {number} is not an object")
        key = item.get("id")
        if key is None or str(key).strip() == "":
            raise StyleError(source, 0, f"item {number} has no 'id'")
        if not isinstance(item.get("type", ""), str):
            raise StyleError(source, 0, f"item {number} ({key}): 'type' must be a string")
        if str(key) in seen:
            raise StyleError(source, 0, f"item {number}: id {str(key)!r} is given twice")
        seen.add(str(key))
    return data


def _style_listing(styles: Sequence[StyleInfo]) -> str:
    from pactcli.render.safe import visible

    width = max(len(s.name) for s in styles)
    lines = [
        f"{s.name:<{width}}  {'note' if s.klass == 'note' else 'in-text':<7}  {visible(s.title)}"
        for s in styles
    ]
    return "\n".join(["chicago → chicago-notes-bibliography, mla → modern-language-association", *lines])


def _output(entries: Sequence[str], numbered: bool, fmt: CiteFormat) -> None:
    if fmt is CiteFormat.text:
        print_rich(lambda console: _citation_renderable(console, entries, numbered))
        return
    from pactcli.render import citation_text as shown

    if fmt is CiteFormat.html:
        tag_name = "ol" if numbered else "ul"
        body = "\n".join(f"  <li>{shown.safe_html(line)}</li>" for line in entries)
        write(f'<{tag_name} class="csl-{"notes" if numbered else "bibliography"}">\n{body}\n</{tag_name}>')
        return
    lines = [shown.markdown(entry) for entry in entries]
    if numbered:
        lines = [f"{n}. {line}" for n, line in enumerate(lines, start=1)]
    write("\n\n".join(lines))


def _citation_renderable(console: Console, entries: Sequence[str], numbered: bool) -> RenderableType:
    from pactcli.render.citations import citation_list

    return citation_list(console, entries, numbered)
