"""``pactcli import``: sources from CSL-JSON (Zotero, Better BibTeX), BibTeX or RIS into a store file."""

from __future__ import annotations

import enum
import sys
from pathlib import Path
from typing import Annotated

import typer

from pactcli.cli.app import app
from pactcli.errors import PactError, UsageError, WriteRefused


class ImportFormat(str, enum.Enum):
    csljson = "csljson"
    bibtex = "bibtex"
    ris = "ris"


def _read_input(path: str) -> str:
    from pactcli.store.files import MAX_BYTES

    if path == "-":
        if sys.stdin is None or sys.stdin.closed:
            raise UsageError("argument FILE: '-' reads standard input, but there is none")
        data = sys.stdin.read(MAX_BYTES + 1)
        text = (data if isinstance(data, str) else data.decode("utf-8")).removeprefix("\ufeff")
    else:
        try:
            with Path(path).open("rb") as handle:
                raw = handle.read(MAX_BYTES + 1)
        except FileNotFoundError:
            raise PactError(f"{path}: no such file") from None
        except IsADirectoryError:
            raise PactError(f"{path}: is a directory") from None
        except OSError as exc:
            raise PactError(f"{path}: cannot read: {exc.strerror or exc}") from None
        try:
            text = raw.decode("utf-8-sig")  # Windows tools put a byte-order mark before JSON and BibTeX
        except UnicodeDecodeError as exc:
            line = raw[: exc.start].count(b"\n") + 1
            raise PactError(
                f"{path}:{line}: invalid UTF-8 byte 0x{raw[exc.start]:02x}; save it as UTF-8"
            ) from None
    if len(text) > MAX_BYTES:
        raise PactError(f"{path}: larger than {MAX_BYTES // (1024 * 1024)} MiB")
    return text


def _format(path: str, given: ImportFormat | None) -> str:
    from pactcli.sources import EXTENSIONS

    if given is not None:
        return given.value
    if path == "-":
        raise UsageError("--from: needed when reading standard input (csljson, bibtex or ris)")
    found = EXTENSIONS.get(Path(path).suffix.lower())
    if found is None:
        raise UsageError(
            f"--from: cannot tell the format of {path!r} from its extension; give csljson, bibtex or ris"
        )
    return found


@app.command("import", short_help="Import sources from CSL-JSON, BibTeX or RIS.")
def import_(
    file: Annotated[
        str, typer.Argument(metavar="FILE", help="The file to import; '-' reads standard input.")
    ],
    into: Annotated[
        str | None,
        typer.Option("--into", metavar="PATH", help="The store file to add the sources to."),
    ] = None,
    fmt: Annotated[
        ImportFormat | None,
        typer.Option("--from", help="The input's format (default: from the extension: .json, .bib, .ris)."),
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Say what would be added; write nothing.")
    ] = False,
) -> None:
    """Import sources from CSL-JSON (Zotero, Better BibTeX), BibTeX or RIS. Importing twice adds nothing.

    Each item becomes a [[sources]] entry with an ID from its citation key. Items already in the store
    (same DOI, or same title, year and first author) are skipped; IDs taken by another source get a suffix;
    fields that cannot be stored are reported, item by item. On any error nothing is written.

    Example: pactcli import zotero.json --into mine.toml --dry-run
    """
    import importlib

    from pactcli.cli.writing import load_selection, showing_problems, target_and_selection
    from pactcli.render.safe import visible
    from pactcli.sources import importer
    from pactcli.store import writer

    if not file.strip():
        raise UsageError("argument FILE: empty; give a file or '-'")
    target, selection = target_and_selection(into, "--into")
    name = _format(file, fmt)
    try:
        reader = importlib.import_module(f"pactcli.sources.{name}")
    except ModuleNotFoundError as exc:
        if exc.name != f"pactcli.sources.{name}":
            raise
        raise PactError(f"--from {name}: this pactcli has no {name} reader") from None
    origin = "<stdin>" if file == "-" else file
    result = reader.read(_read_input(file), origin)
    with showing_problems():
        loaded = load_selection(selection)
    plan = importer.plan(result, loaded.sources, origin)
    errors = [p for p in plan.problems if p.severity == "error"]
    for problem in plan.problems:
        print(visible(problem.line()), file=sys.stderr)
    if errors:
        raise WriteRefused(f"{len(errors)} error(s) in {origin}; nothing imported")
    verb = "would add" if dry_run else "added"
    for key, sid, why in plan.present:
        print(visible(f"already there: {key} is {sid} ({why})"))
    for key, sid, why in plan.renamed:
        print(visible(f"renamed: {key} becomes {sid} ({why})"))
    handle = None if dry_run else writer.StoreFile(target)
    records = []
    for planned in plan.added:
        print(visible(f"{verb} {planned.id}: {planned.fields['title']}"))
        records.append(writer.render_record("sources", {"id": planned.id, **planned.fields}))
    if handle is not None and plan.added:
        # One splice for all of them (each is its own [[sources]] table, a blank line apart): the file is
        # scanned once, however many items the import has.
        text = handle.with_added("sources", "\n".join(records))
        with showing_problems():
            try:
                handle.save(text, selection)
            except WriteRefused as exc:
                if not exc.problems:
                    raise
                raise WriteRefused(
                    f"{target}: the imported sources would make the store invalid (the lines above are those "
                    "of the file as it would have been written); nothing written",
                    exc.problems,
                ) from None
    summary = f"{len(plan.added)} {verb}, {len(plan.present)} already there"
    print(
        summary
        + (f", {len(plan.renamed)} renamed" if plan.renamed else "")
        + ("" if handle else " (dry run)")
    )
