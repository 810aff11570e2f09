"""Changing a user's store file: the one place pactcli can lose data, so every write goes through here.

The rules (docs/store-format.md, *Writing a store*):

* **Only what changes is touched.** A record is added, replaced or removed by splicing its text into the
  file's own text; every other byte (comments, order, blank lines, quoting) stays as it was, so adding a
  record and removing it again gives back the same bytes. tomlkit renders new records (its quoting and
  escaping are TOML's); it does not re-serialise the file, because tomlkit regroups ``[[sources]]`` tables
  that are not next to each other and moves the comments between them.
* **The whole store is validated first.** The new text, merged with the other selected stores, must pass
  the same validation as ``pactcli validate``; otherwise :class:`~pactcli.errors.WriteRefused` carries every
  ``FILE:LINE`` problem and nothing is written.
* **Atomic, and never over someone else's work.** A temporary file in the same directory is written,
  fsynced, given the original file's mode and renamed over it. Just before the rename the file is read
  again; if its SHA-256 is not the one pactcli read, the write is refused.
* **Never the wrong file.** The embedded store, a symlink whose target lies outside the directory of the
  path given, and anything but a regular file are refused before anything is read.

Record boundaries come from :func:`record_spans`, a small scanner that knows TOML's strings, comments and
brackets; a span is checked by parsing it on its own and comparing it with the record the whole file
parsed to, so a scanner mistake refuses the change instead of corrupting the file.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import stat
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from pactcli.errors import Problem, StoreError, WriteRefused
from pactcli.store.files import EMBEDDED, decode_store_text, embedded_store_path

__all__ = [
    "RECORD_TABLES",
    "Span",
    "StoreFile",
    "check_target",
    "create",
    "record_spans",
    "render_record",
]

RECORD_TABLES = ("zones", "sources", "events")
_ID_KEY = {"zones": "name", "sources": "id", "events": "id"}


# --- where each record is in the text ---------------------------------------------------------------


@dataclass(frozen=True)
class Span:
    """One ``[[table]]`` record in a file's text: ``text[start:end]``, its sub-tables included.

    ``end`` is just after the record's last line that is neither blank nor a comment: blank lines and
    comments after a record belong to what follows it (usually a comment heading the next record).
    """

    table: str
    index: int
    start: int
    end: int
    line: int  # 1-based line of the header


_SPECIAL = re.compile(r"[\n#\"'\[\]{}]")
_NOT_SPACE = re.compile(r"[^ \t\r]")


def _headers(text: str) -> list[tuple[int, str, bool]]:
    """Every table header at the top level: (offset of its line, dotted name, is an array of tables)."""
    found: list[tuple[int, str, bool]] = []
    i, n = 0, len(text)
    depth = 0  # open [ and { of values (multi-line arrays may hold lines that look like headers)
    line_start = 0
    only_space = True  # nothing but whitespace since line_start
    while i < n:
        # Jump to the next character that matters; whatever lies between only tells whether the line so
        # far is blank (a regex search in C, not a Python loop per character: stores run to megabytes).
        special = _SPECIAL.search(text, i)
        j = n if special is None else special.start()
        if only_space and j > i and _NOT_SPACE.search(text, i, j):
            only_space = False
        if special is None:
            break
        i, c = j, text[j]
        if c == "\n":
            line_start, only_space = i + 1, True
            i += 1
            continue
        if c == "#":
            end = text.find("\n", i)
            i = n if end < 0 else end
            continue
        if c in "\"'":
            i = _skip_string(text, i)
            only_space = False
            continue
        if c == "[" and depth == 0 and only_space:
            end = text.find("\n", i)
            end = n if end < 0 else end
            header = text[i:end].split("#", 1)[0].strip()
            is_array = header.startswith("[[")
            name = header.strip("[]").strip()
            name = ".".join(part.strip().strip("\"'") for part in name.split("."))
            found.append((line_start, name, is_array))
            i, only_space = end, False
            continue
        if c in "[{":
            depth += 1
        elif c in "]}" and depth:
            depth -= 1
        only_space = False
        i += 1
    return found


# TOML's four strings; a multi-line one may end in up to two more quotes (""""" is legal).
_STRING = {
    '"""': re.compile(r'"""(?:[^"\\]|\\.|"(?!""))*"""(?:"{1,2}(?!"))?', re.DOTALL),
    "'''": re.compile(r"'''(?:[^']|'(?!''))*'''(?:'{1,2}(?!'))?", re.DOTALL),
    '"': re.compile(r'"(?:[^"\\\n]|\\.)*"'),
    "'": re.compile(r"'[^'\n]*'"),
}


def _skip_string(text: str, i: int) -> int:
    """The offset just after the string that starts at ``i`` (basic, literal, or their multi-line forms)."""
    quote = text[i]
    opening = quote * 3 if text.startswith(quote * 3, i) else quote
    match = _STRING[opening].match(text, i)
    if match is not None:
        return match.end()
    # Unterminated: the TOML parser reports it; go on from the end of the line.
    end = text.find("\n", i)
    return len(text) if end < 0 else end


def record_spans(text: str) -> dict[str, list[Span]]:
    """Where each ``[[zones]]``, ``[[sources]]`` and ``[[events]]`` record is, in file order per table."""
    headers = _headers(text)
    spans: dict[str, list[Span]] = {table: [] for table in RECORD_TABLES}
    line, counted_to = 1, 0  # line numbers counted forward once, not from the top for each record
    for number, (offset, name, is_array) in enumerate(headers):
        if not is_array or name not in spans:
            continue
        later = number + 1
        while later < len(headers) and headers[later][1].startswith(name + "."):
            later += 1  # its own sub-tables ([[events.disputes]])
        end = headers[later][0] if later < len(headers) else len(text)
        end = _trim_tail(text, offset, end)
        line += text.count("\n", counted_to, offset)
        counted_to = offset
        spans[name].append(Span(name, len(spans[name]), offset, end, line))
    return spans


def _newline(text: str) -> str:
    """The file's line ending: CRLF if its first line ends so, else LF."""
    first = text.find("\n")
    return "\r\n" if first > 0 and text[first - 1] == "\r" else "\n"


def _trim_tail(text: str, start: int, end: int) -> int:
    lines = text[start:end].splitlines(keepends=True)
    while len(lines) > 1 and (not lines[-1].strip() or lines[-1].lstrip().startswith("#")):
        lines.pop()
    return start + sum(len(line) for line in lines)


# --- rendering a record -------------------------------------------------------------------------------


def _item(value: object) -> object:
    import tomlkit

    if isinstance(value, Mapping):
        table = tomlkit.inline_table()
        for key, sub in value.items():
            table[str(key)] = _item(sub)
        return table
    if isinstance(value, (list, tuple)):
        array = tomlkit.array()
        for sub in value:
            array.append(_item(sub))
        return array
    if isinstance(value, (str, bool, int, float, dt.date, dt.time)):
        return tomlkit.item(value)
    raise TypeError(f"cannot write a {type(value).__name__} to TOML")


def render_record(table: str, record: Mapping[str, object]) -> str:
    """A record as ``[[table]]`` TOML text: names, references and dates as inline tables, disputes as
    ``[[events.disputes]]`` tables. Keys are written in the order given."""
    import tomlkit

    body = tomlkit.table()
    for key, value in record.items():
        if key == "disputes" and isinstance(value, list):
            disputes = tomlkit.aot()
            for dispute in value:
                sub = tomlkit.table()
                assert isinstance(dispute, Mapping)
                for sub_key, sub_value in dispute.items():
                    sub[str(sub_key)] = _item(sub_value)
                disputes.append(sub)
            body["disputes"] = disputes
        else:
            body[key] = _item(value)
    records = tomlkit.aot()
    records.append(body)
    doc = tomlkit.document()
    doc[table] = records
    return tomlkit.dumps(doc)


# --- the file -------------------------------------------------------------------------------------------


def _refuse(path: str, message: str) -> WriteRefused:
    return WriteRefused(f"{path}: {message}; nothing written")


def check_target(path: str) -> Path:
    """The real file behind ``path``, or WriteRefused if pactcli must not write to it.

    Called before anything is read, too: a FIFO given as a store must be refused, not read (and waited on).
    """
    if path == EMBEDDED:
        raise _refuse(path, "the embedded store is read-only (start your own with 'pactcli new FILE')")
    given = Path(path)
    if not given.exists() and not given.is_symlink():
        raise _refuse(path, "no such file (create one with 'pactcli new')")
    real = Path(os.path.realpath(given))
    embedded = Path(os.path.realpath(embedded_store_path()))
    if real == embedded:
        raise _refuse(path, "is the embedded store, which is read-only")
    if given.is_symlink():
        base = Path(os.path.realpath(given.absolute().parent))
        if base != real.parent and base not in real.parents:
            raise _refuse(path, f"is a symlink to {real}, outside {base}")
    try:
        info = real.stat()
    except OSError as exc:
        raise _refuse(path, f"cannot read: {exc.strerror or exc}") from None
    if not stat.S_ISREG(info.st_mode):
        raise _refuse(path, "is not a regular file")
    return real


class StoreFile:
    """A store file read for changing: its text, the hash of the bytes read, its records' spans."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.real = check_target(path)
        try:
            data = self.real.read_bytes()
        except OSError as exc:
            raise _refuse(path, f"cannot read: {exc.strerror or exc}") from None
        self.digest = hashlib.sha256(data).digest()
        self.text = decode_store_text(path, data)

    # Reading records ------------------------------------------------------------------------------------

    def _parsed(self, text: str) -> dict[str, object]:
        import tomli

        try:
            return tomli.loads(text)
        except tomli.TOMLDecodeError as exc:
            raise _refuse(self.path, f"is not valid TOML ({exc}); fix it with 'pactcli validate'") from None

    def find(self, table: str, key: str, text: str | None = None) -> Span | None:
        """The span of the record whose ID (a zone's name) is ``key``; checked against the parsed file."""
        text = self.text if text is None else text
        parsed = self._parsed(text).get(table)
        records = parsed if isinstance(parsed, list) else []
        for index, record in enumerate(records):
            if isinstance(record, dict) and record.get(_ID_KEY[table]) == key:
                return self._checked_span(text, table, index, records)
        return None

    def _checked_span(self, text: str, table: str, index: int, records: list[object]) -> Span:
        import tomli

        spans = record_spans(text)[table]
        if len(spans) != len(records):
            raise _refuse(
                self.path,
                f"its {table} are not all written as [[{table}]] tables, which pactcli cannot change safely",
            )
        span = spans[index]
        try:
            alone = tomli.loads(text[span.start : span.end]).get(table)
        except tomli.TOMLDecodeError:
            alone = None
        if alone != [records[index]]:
            raise _refuse(self.path, f"cannot find where {table} record {index + 1} begins and ends")
        return span

    def record_text(self, span: Span) -> str:
        return self.text[span.start : span.end]

    # Changing the text (nothing is written until save) ------------------------------------------------

    def with_added(self, table: str, record_text: str, text: str | None = None) -> str:
        """The text with ``record_text`` (``[[table]]`` TOML) after the last record of its table, after one
        blank line, in the file's own line endings."""
        text = self.text if text is None else text
        nl = _newline(text)
        spans = record_spans(text)[table]
        record_text = record_text.rstrip("\n").replace("\r\n", "\n").replace("\n", nl) + nl
        if spans:
            at = spans[-1].end
            if at and text[at - 1] != "\n":
                return text[:at] + nl + nl + record_text + text[at:]
            return text[:at] + nl + record_text + text[at:]
        if table in self._parsed(text):
            raise _refuse(self.path, f"its {table} are not written as [[{table}]] tables")
        gap = "" if not text or text.endswith(nl + nl) else nl if text.endswith("\n") else nl + nl
        return text + gap + record_text

    def with_removed(self, span: Span, text: str | None = None) -> str:
        """The text without the record at ``span`` and the one blank line before it (the one add puts)."""
        text = self.text if text is None else text
        nl = _newline(text)
        start = span.start
        if text[max(0, start - 2 * len(nl)) : start] == nl + nl:
            start -= len(nl)
        return text[:start] + text[span.end :]

    def with_replaced(self, span: Span, record_text: str, text: str | None = None) -> str:
        text = self.text if text is None else text
        if not record_text.endswith("\n") and text[span.end - 1 : span.end] == "\n":
            record_text += "\n"
        return text[: span.start] + record_text + text[span.end :]

    # Validating and writing ------------------------------------------------------------------------------

    def problems(self, new_text: str, selection: Sequence[str]) -> list[Problem]:
        """Every error of the selected stores with this file's text replaced by ``new_text``."""
        from pactcli.store import parse as store
        from pactcli.store.files import read_store_files, shown_path

        here = os.path.realpath(self.path)
        others = [p for p in selection if p == EMBEDDED or os.path.realpath(shown_path(p)) != here]
        files = [(self.path, new_text.encode("utf-8")), *read_store_files(others)]
        try:
            store.load_files(files)
        except StoreError as exc:
            return exc.problems
        return []

    def save(self, new_text: str, selection: Sequence[str] = ()) -> None:
        """Validate ``new_text`` with the other ``selection`` stores, then write it atomically."""
        problems = self.problems(new_text, selection)
        if problems:
            raise WriteRefused(
                f"{self.path}: the change would make the store invalid; nothing written", problems
            )
        _atomic_replace(self.path, self.real, new_text.encode("utf-8"), self.digest)


def _atomic_replace(shown: str, real: Path, data: bytes, digest: bytes | None) -> None:
    """Write ``data`` to ``real`` through a temporary file in its directory; refuse if it changed."""
    directory = real.parent
    try:
        mode = stat.S_IMODE(real.stat().st_mode) if digest is not None else None
        handle, temp_name = tempfile.mkstemp(prefix=f".{real.name}.", suffix=".tmp", dir=directory)
    except OSError as exc:
        raise _refuse(shown, f"cannot write in {directory}: {exc.strerror or exc}") from None
    temp = Path(temp_name)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        if mode is not None:
            os.chmod(temp, mode)
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(temp, 0o666 & ~umask)
        if digest is None:
            # A new file: link(2) fails if the name exists, so a file created meanwhile is never replaced.
            try:
                os.link(temp, real)
            except FileExistsError:
                raise _refuse(shown, "already exists") from None
            except OSError:
                _create_exclusive(real, data, mode=stat.S_IMODE(os.stat(temp).st_mode))  # no hard links here
        else:
            if hashlib.sha256(real.read_bytes()).digest() != digest:
                raise _refuse(shown, "changed on disk since pactcli read it (another editor?); run again")
            os.replace(temp, real)
        _fsync_directory(directory)
    except OSError as exc:
        raise _refuse(shown, f"cannot write: {exc.strerror or exc}") from None
    finally:
        if temp.exists():
            temp.unlink()


def _create_exclusive(real: Path, data: bytes, mode: int) -> None:
    """A new file where the file system has no hard links: O_EXCL still never replaces an existing one."""
    try:
        fd = os.open(real, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    except FileExistsError:
        raise WriteRefused(f"{real}: already exists; nothing written") from None
    with os.fdopen(fd, "wb") as out:
        out.write(data)
        out.flush()
        os.fsync(out.fileno())


def _fsync_directory(directory: Path) -> None:
    # The rename is durable only once the directory entry is; not every platform can open a directory.
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def create(path: str, text: str) -> None:
    """Write a new store file; WriteRefused if anything exists at ``path`` or the text is not valid."""
    from pactcli.store import parse as store

    target = Path(path)
    if target.exists() or target.is_symlink():
        raise WriteRefused(f"{path}: already exists; pactcli new never overwrites a file")
    if not target.parent.is_dir():
        raise _refuse(path, f"no directory {target.parent}")
    try:
        store.load_files([(path, text.encode("utf-8"))])
    except StoreError as exc:  # a title that breaks the template, for instance
        raise WriteRefused(
            f"{path}: the new store would not be valid; nothing written", exc.problems
        ) from None
    _atomic_replace(path, target, text.encode("utf-8"), None)
