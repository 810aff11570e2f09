"""``pactcli add event`` and ``pactcli add source``: one record from flags (and prompts on a terminal)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated

import typer

from pactcli.cli.app import app
from pactcli.errors import UsageError

if TYPE_CHECKING:
    from pactcli.store.model import Store

add_app = typer.Typer(name="add", rich_markup_mode=None)
app.add_typer(add_app, name="add")


@add_app.callback(invoke_without_command=True)
def add(ctx: typer.Context) -> None:
    """Add an event or a source to a store file of your own."""
    if ctx.invoked_subcommand is None:  # 'pactcli add' alone: its help, as 'pactcli' alone gives pactcli's
        typer.echo(ctx.get_help())
        raise typer.Exit(0)


StoreOpt = Annotated[
    str | None,
    typer.Option(
        "--store",
        metavar="PATH",
        help="The store file to add to (default: the one writable store selected with the global --store).",
    ),
]
SetOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--set",
        metavar="FIELD=VALUE",
        help="Any other field; VALUE is read as TOML (3, true, [..], {..}) if it is TOML, else as text.",
    ),
]
DryRun = Annotated[bool, typer.Option("--dry-run", help="Print the record; write nothing.")]


# --- values -------------------------------------------------------------------------------------------


_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}\Z")
_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(Z|[+-]\d{2}:\d{2})?\Z")


def stored_when(text: str) -> object:
    """A date as the store writes it: TOML dates and date-times where TOML has them, else the string.

    A value that is not a real date stays a string, so the store's validation names what is wrong.
    """
    text = text.strip()
    try:
        if _DATE.match(text):
            return dt.date.fromisoformat(text)
        if _DATETIME.match(text):
            return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        pass
    return text


def toml_value(text: str) -> object:
    """``--set`` values: a TOML value if the text is one (``3``, ``true``, ``[…]``, ``{…}``), else text."""
    import tomli

    try:
        return tomli.loads(f"v = {text}")["v"]
    except tomli.TOMLDecodeError:
        return text


def parse_set(values: list[str] | None, reserved: set[str]) -> dict[str, object]:
    out: dict[str, object] = {}
    for raw in values or []:
        key, sep, value = raw.partition("=")
        key = key.strip()
        if not sep or not key:
            raise UsageError(f"--set: {raw[:40]!r} is not FIELD=VALUE")
        if key in reserved:
            raise UsageError(f"--set: {key} has its own option")
        if key in out:
            raise UsageError(f"--set: {key} given twice")
        out[key] = toml_value(value.strip())
    return out


def parse_ref(text: str, arg: str) -> dict[str, str]:
    """``ID[:LOCATOR]`` → ``{id, locator[, label]}`` (source IDs are kebab-case, so the first colon
    separates); a locator that names its CSL label ("p. 46") is written as data: ``locator = "46",
    label = "page"`` (:func:`pactcli.citations.locators.resolve`, docs/store-format.md, *Locator labels*)."""
    from pactcli.citations.locators import resolve

    sid, sep, locator = text.partition(":")
    if not sid.strip():
        raise UsageError(f"{arg}: {text[:40]!r}: give ID or ID:LOCATOR")
    ref = {"id": sid.strip()}
    if sep and locator.strip():
        place = resolve(locator.strip())
        # A bare number stays as given: "page" is what CSL reads it as anyway.
        if place.label is not None and place.value != locator.strip():
            ref["locator"], ref["label"] = place.value, place.label
        else:
            ref["locator"] = locator.strip()
    return ref


def parse_name(text: str) -> dict[str, str]:
    """``Family, Given`` → family and given; text without a comma is a literal (an organisation)."""
    family, sep, given = text.partition(",")
    if not sep:
        return {"literal": text.strip()}
    name = {"family": family.strip()}
    if given.strip():
        name["given"] = given.strip()
    return name


_STOP_WORDS = frozenset(
    ["a", "an", "and", "at", "by", "for", "from", "in", "into", "of", "on", "or", "the", "to", "with"]
)


def suggest_id(title: str, taken: set[str]) -> str:
    """A kebab-case ID from the title's first words, made unique against ``taken``."""
    from pactcli.sources.importer import kebab

    words = [w for w in kebab(title).split("-") if w and w not in _STOP_WORDS][:4]
    base = "-".join(words) or kebab(title) or "record"
    base = base[:50].strip("-")
    candidate, counter = base, 2
    while candidate in taken:
        candidate = f"{base}-{counter}"
        counter += 1
    return candidate


# --- prompting ------------------------------------------------------------------------------------------


def ask(label: str, check: Callable[[str], str | None], default: str | None = None) -> str:
    """Ask on the terminal until ``check`` (the store's own rule for the field) accepts the answer."""
    from pactcli.render.safe import visible

    while True:
        answer = typer.prompt(label, default=default, show_default=default is not None)
        problem = check(answer.strip())
        if problem is None:
            return answer.strip()
        typer.echo(visible(f"  {problem}"), err=True)


def need(value: str | None, option: str, label: str, check: Callable[[str], str | None]) -> str:
    """The option's value, asked for on a terminal if missing; a usage error otherwise."""
    from pactcli.cli.writing import is_terminal

    if value is not None and value.strip():
        return value
    if not is_terminal():
        raise UsageError(f"{option}: required (standard input is not a terminal, so pactcli cannot ask)")
    return ask(label, check)


def check_text(answer: str) -> str | None:
    return None if answer and "\n" not in answer else "give one line of text"


def check_id(taken: set[str]) -> Callable[[str], str | None]:
    from pactcli.store.parse import KEBAB

    def check(answer: str) -> str | None:
        if not KEBAB.match(answer):
            return "an ID is kebab-case: lower-case letters, digits and single hyphens (pact-signed)"
        return f"{answer} is taken; choose another" if answer in taken else None

    return check


def check_when(answer: str) -> str | None:
    from pactcli.time.dates import DateError, parse_stored

    try:
        parse_stored(stored_when(answer))
    except DateError as exc:
        return str(exc)
    return None


def check_zone(loaded: Store) -> Callable[[str], str | None]:
    from pactcli.errors import PactError
    from pactcli.time import zones

    def check(answer: str) -> str | None:
        try:
            zones.resolve(answer, loaded.zones)
        except PactError as exc:
            return str(exc)
        return None

    return check


def check_ref(loaded: Store) -> Callable[[str], str | None]:
    def check(answer: str) -> str | None:
        sid = answer.partition(":")[0].strip()
        if sid in loaded.sources:
            return None
        from pactcli.time.zones import suggest

        hint = suggest(sid, list(loaded.sources))
        return f"no source {sid!r} in the store" + (f"; did you mean {hint}?" if hint else "")

    return check


def finish(target: str, selection: list[str], table: str, record: dict[str, object], dry_run: bool) -> None:
    """Render the record, splice it into the file, validate everything, write; or print it (--dry-run)."""
    from pactcli.cli.writing import showing_problems
    from pactcli.render.safe import visible
    from pactcli.store import writer

    text = writer.render_record(table, record)
    if dry_run:
        for line in text.splitlines():
            print(visible(line))
        print("(dry run: nothing written)")
        return
    with showing_problems():
        handle = writer.StoreFile(target)
        handle.save(handle.with_added(table, text), selection)
    kind = "event" if table == "events" else "source"
    print(visible(f"added {kind} {record['id']} to {target}"))


# --- add event ------------------------------------------------------------------------------------------


@add_app.command("event")
def add_event(
    store_path: StoreOpt = None,
    event_id: Annotated[str | None, typer.Option("--id", help="kebab-case; default: from the title.")] = None,
    title: Annotated[str | None, typer.Option("--title", help="One line.")] = None,
    when: Annotated[
        str | None,
        typer.Option("--when", help="When it happened or began: 1941-04-13, 1942-07, 1945-04-05T15:00:00, …"),
    ] = None,
    end: Annotated[str | None, typer.Option("--end", help="When it ended (a range), same forms.")] = None,
    zone: Annotated[
        str | None, typer.Option("--zone", help="The clock of the place: Europe/Moscow, …")
    ] = None,
    source: Annotated[
        list[str] | None, typer.Option("--source", metavar="ID[:LOCATOR]", help="Who says so (repeatable).")
    ] = None,
    tag: Annotated[list[str] | None, typer.Option("--tag", help="kebab-case keyword (repeatable).")] = None,
    place: Annotated[str | None, typer.Option("--place", help="Where.")] = None,
    participant: Annotated[
        list[str] | None, typer.Option("--participant", help="A person or body involved (repeatable).")
    ] = None,
    summary: Annotated[
        str | None, typer.Option("--summary", help="What happened, in your own words.")
    ] = None,
    text: Annotated[
        str | None, typer.Option("--text", help="A document's wording (needs --text-source).")
    ] = None,
    text_source: Annotated[
        str | None, typer.Option("--text-source", metavar="ID[:LOCATOR]", help="Where --text is quoted from.")
    ] = None,
    claim: Annotated[
        list[str] | None,
        typer.Option(
            "--claim",
            metavar="WHEN;SOURCE[:LOCATOR];NOTE",
            help="Another claim about when (a dispute): its date (START or START/END), source, and why it "
            "differs (repeatable).",
        ),
    ] = None,
    set_fields: SetOpt = None,
    dry_run: DryRun = False,
) -> None:
    """Add an event. Missing required fields are asked for on a terminal, with the store's own checks.

    Example: pactcli add event --title "Pact signed" --when 1941-04-13 --zone Europe/Moscow --source s:13
    """
    from pactcli.cli.writing import load_selection, showing_problems, target_and_selection

    target, selection = target_and_selection(store_path)
    # Malformed options fail before anything is asked.
    extra = parse_set(set_fields, {"id", "title", "start", "zone"})
    disputes = [_parse_claim(c) for c in claim or []]
    refs = [parse_ref(s, "--source") for s in source or []]
    if refs and "sources" in extra:
        raise UsageError("--set: sources given twice (with --source and --set)")
    with showing_problems():
        loaded = load_selection(selection)
    taken = set(loaded.event_ids())
    title = need(title, "--title", "Title", check_text)
    if event_id is None:
        suggestion = suggest_id(title, taken)
        from pactcli.cli.writing import is_terminal

        event_id = ask("ID", check_id(taken), suggestion) if is_terminal() else suggestion
    when = need(when, "--when", "When (1941-04-13, 1942-07, 1945-04-05T15:00:00…)", check_when)
    zone = need(zone, "--zone", "Zone (Europe/Moscow, Asia/Tokyo, +09:00…)", check_zone(loaded))
    if not refs and "sources" not in extra:
        # References with more than an ID and a locator can come whole from --set sources=[{…}].
        refs = [parse_ref(need(None, "--source", "Source ID[:LOCATOR]", check_ref(loaded)), "--source")]
    record: dict[str, object] = {"id": event_id, "title": title, "start": stored_when(when)}
    if end is not None:
        record["end"] = stored_when(end)
    record["zone"] = zone
    if place is not None:
        record["place"] = place
    if participant:
        record["participants"] = list(participant)
    if tag:
        record["tags"] = list(tag)
    if summary is not None:
        record["summary"] = summary
    if text is not None:
        record["text"] = text
    if text_source is not None:
        record["text_source"] = parse_ref(text_source, "--text-source")
    if refs:
        record["sources"] = refs
    if disputes:
        record["disputes"] = disputes
    twice = sorted(set(extra) & set(record))
    if twice:
        raise UsageError(f"--set: {twice[0]} given twice (it has its own option)")
    record.update(extra)
    finish(target, selection, "events", record, dry_run)


def _parse_claim(text: str) -> dict[str, object]:
    parts = text.split(";", 2)
    if len(parts) != 3 or not all(p.strip() for p in parts):
        raise UsageError(f"--claim: {text[:40]!r}: write WHEN;SOURCE[:LOCATOR];NOTE")
    when, ref, note = (p.strip() for p in parts)
    start, sep, end = when.partition("/")
    dispute: dict[str, object] = {"start": stored_when(start)}
    if sep:
        dispute["end"] = stored_when(end)
    dispute["sources"] = [parse_ref(r, "--claim") for r in ref.split(",")]
    dispute["note"] = note
    return dispute


# --- add source -----------------------------------------------------------------------------------------


@add_app.command("source")
def add_source(
    store_path: StoreOpt = None,
    source_id: Annotated[
        str | None, typer.Option("--id", help="kebab-case; default: from the title.")
    ] = None,
    source_type: Annotated[
        str | None, typer.Option("--type", help="A CSL type: book, chapter, article-journal, webpage, …")
    ] = None,
    title: Annotated[str | None, typer.Option("--title", help="The title.")] = None,
    author: Annotated[
        list[str] | None,
        typer.Option("--author", metavar="NAME", help="'Family, Given', or an organisation (repeatable)."),
    ] = None,
    editor: Annotated[list[str] | None, typer.Option("--editor", metavar="NAME", help="Same form.")] = None,
    translator: Annotated[
        list[str] | None, typer.Option("--translator", metavar="NAME", help="Same form.")
    ] = None,
    container_title: Annotated[
        str | None, typer.Option("--container-title", help="The book, journal or site it is in.")
    ] = None,
    publisher: Annotated[str | None, typer.Option("--publisher")] = None,
    publisher_place: Annotated[str | None, typer.Option("--publisher-place")] = None,
    issued: Annotated[
        str | None, typer.Option("--issued", help="1994, 1994-05, 1994-05-03, 1941/1945.")
    ] = None,
    accessed: Annotated[str | None, typer.Option("--accessed", help="When you read it online.")] = None,
    volume: Annotated[str | None, typer.Option("--volume")] = None,
    issue: Annotated[str | None, typer.Option("--issue")] = None,
    page: Annotated[str | None, typer.Option("--page")] = None,
    edition: Annotated[str | None, typer.Option("--edition")] = None,
    url: Annotated[str | None, typer.Option("--url")] = None,
    doi: Annotated[str | None, typer.Option("--doi")] = None,
    isbn: Annotated[str | None, typer.Option("--isbn")] = None,
    archive: Annotated[str | None, typer.Option("--archive")] = None,
    archive_location: Annotated[str | None, typer.Option("--archive-location")] = None,
    language: Annotated[str | None, typer.Option("--language")] = None,
    note: Annotated[str | None, typer.Option("--note")] = None,
    set_fields: SetOpt = None,
    dry_run: DryRun = False,
) -> None:
    """Add a source (a CSL-JSON item). Any other CSL variable: --set FIELD=VALUE.

    Example: pactcli add source --type book --title "Racing the Enemy" --author "Hasegawa, Tsuyoshi"
    """
    from pactcli.cli.writing import is_terminal, load_selection, showing_problems, target_and_selection
    from pactcli.store.parse import SOURCE_TYPES

    target, selection = target_and_selection(store_path)
    extra = parse_set(set_fields, {"id", "type", "title"})  # before anything is asked
    with showing_problems():
        loaded = load_selection(selection)
    taken = set(loaded.sources)

    def check_type(answer: str) -> str | None:
        return (
            None if answer in SOURCE_TYPES else "a CSL type such as book, chapter, article-journal, webpage"
        )

    source_type = need(source_type, "--type", "Type (book, chapter, article-journal, webpage…)", check_type)
    title = need(title, "--title", "Title", check_text)
    if source_id is None:
        suggestion = suggest_id(title, taken)
        source_id = ask("ID", check_id(taken), suggestion) if is_terminal() else suggestion
    record: dict[str, object] = {"id": source_id, "type": source_type, "title": title}
    for key, names in (("author", author), ("editor", editor), ("translator", translator)):
        if names:
            record[key] = [parse_name(n) for n in names]
    plain = {
        "container-title": container_title,
        "publisher": publisher,
        "publisher-place": publisher_place,
        "edition": edition,
        "volume": volume,
        "issue": issue,
        "page": page,
        "issued": issued,
        "accessed": accessed,
        "URL": url,
        "DOI": doi,
        "ISBN": isbn,
        "archive": archive,
        "archive_location": archive_location,
        "language": language,
        "note": note,
    }
    for key, value in plain.items():
        if value is not None:
            record[key] = stored_when(value) if key in ("issued", "accessed") else value
    twice = sorted(set(extra) & set(record))
    if twice:
        raise UsageError(f"--set: {twice[0]} given twice (it has its own option)")
    record.update(extra)
    finish(target, selection, "sources", record, dry_run)
