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
    from pactcli.citations.citing import Cluster
    from pactcli.citations.styles import StyleInfo
    from pactcli.store.model import Store


from pactcli.cli.app import app, choices
from pactcli.cli.common import (
    Batch,
    complete_ids,
    load_store,
    print_rich,
    write,
)
from pactcli.cli.options import FailFastOption


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
    fail_fast: FailFastOption = False,
) -> None:
    """Citations of the store's sources: a bibliography, or numbered notes with locators.

    With '-', IDs are read from stdin one per line; a bad line is reported on stderr with its line number
    and the others are cited (exit 1 at the end; --fail-fast stops at the first).

    \b
    Example: pactcli cite pact-denounced --style chicago --notes
    """
    from pactcli import citations

    if list_styles:
        write(_style_listing(citations.bundled_styles()))
        return
    batch: Batch | None = None
    if items_file is not None:
        if ids or tag:
            raise UsageError("option --items: give either --items or IDs/--tag, not both")
        items = _read_items(items_file)
        clusters_in: list[list[citations.Cite]] = [[citations.Cite(item)] for item in items]
    else:
        clusters_in, items, batch = _store_clusters(ids, tag, claims, note_per, fail_fast)
    if fmt.value in citations.EXPORT_FORMATS:
        write(citations.export(items, fmt.value))
    else:
        chosen = citations.resolve_style(style)
        entries = (
            citations.cluster_notes([c for c in clusters_in if c], chosen, locale)
            if notes_mode
            else citations.bibliography(items, chosen, locale)
        )
        _output(entries, notes_mode, fmt)
    if batch is not None:
        batch.finish()  # after the answers: the bad lines were reported, exit 1 if there were any


def _store_clusters(
    ids: list[str] | None, tag: list[str] | None, claims: ClaimsChoice, note_per: NotePer, fail_fast: bool
) -> tuple[list[list[Cite]], list[dict[str, Any]], Batch | None]:
    """The notes an event or source list asks for (citing.py decides what each cites), their items, and the
    stdin batch (if '-' was given) to finish once the answers are written."""
    from pactcli import citations
    from pactcli.citations.citing import CitedRef, split_per_source
    from pactcli.store.model import SourceRef

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
        from pactcli.citations.citing import event_cluster
        from pactcli.store.queries import Selection, check_tags, select

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
    cites = [
        [citations.cite_of(csl_items[e.ref.id], e.ref, e.prefix) for e in cluster] for cluster in clusters
    ]
    return cites, list(csl_items.values()), batch


def _cluster_of(loaded: Store, key: str, claims: str) -> Cluster:
    """The source ``key``, or the event ``key``'s sources (IDs are one namespace: validate checks it)."""
    from pactcli.citations.citing import CitedRef, event_cluster
    from pactcli.store.model import SourceRef
    from pactcli.time.zones import suggest

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


def _read_items(name: str) -> list[dict[str, Any]]:
    """The CSL-JSON items of ``--items`` (an array of items, as Zotero and Better BibTeX export them)."""
    import json
    import sys
    from pathlib import Path

    from pactcli.csl.fields import ALIASES
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
        # The CSL-JSON schema's "part", "printing", "supplement" are read as CSL 1.0.2's "-number" names.
        for old, new in ALIASES.items():
            if old in item and new not in item:
                item[new] = item.pop(old)
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
