"""Reading and validating store files into a :class:`~pactcli.store.model.Store`.

Validation reports every problem it finds, each pinned to a file, a line and a field, because a person
editing a 2,000-line TOML file needs to fix all of them in one pass. TOML parsers keep no positions, so
:class:`_LineMap` finds the line of each record and key by scanning the text itself.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence
from functools import cached_property
from typing import Final

from pactcli.citations import locators
from pactcli.csl.fields import ALIASES, DATE_FIELDS, NAME_FIELDS, NAME_KEYS
from pactcli.errors import Problem, StoreError
from pactcli.slotted import FrozenSlotted, Slotted
from pactcli.store.files import (
    EMBEDDED,
    ENV_VAR,
    MAX_BYTES,
    decode_store_text,
    embedded_store_path,
    read_each_store_file,
    read_store_files,
    store_paths,
)
from pactcli.store.model import (
    COPY_HOSTS,
    SOURCE_KINDS,
    Claim,
    Copy,
    Event,
    Source,
    SourceRef,
    Store,
    utc_lower_bound,
    utc_upper_bound,
)
from pactcli.time import zones as zones_mod
from pactcli.time.dates import DateError, When, parse_stored
from pactcli.time.zones import NamedZone, Zone

__all__ = [
    "EMBEDDED",
    "ENV_VAR",
    "MAX_BYTES",
    "embedded_store_path",
    "load",
    "load_files",
    "store_paths",
    "validate",
]

# tomli, not the standard library's tomllib, on every Python: its mypyc-compiled wheels parse about twice as
# fast (docs/performance.md), and below 2.4 it reads the same TOML 1.0 as tomllib (see pyproject.toml).
import tomli as tomllib

KEBAB = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*\Z")  # \Z, not $: $ also matches before a final newline

EVENT_KEYS = frozenset(
    {
        "id",
        "title",
        "start",
        "end",
        "zone",
        "place",
        "participants",
        "tags",
        "summary",
        "text",
        "text_source",
        "sources",
        "disputes",
    }
)
DISPUTE_KEYS = frozenset({"start", "end", "zone", "sources", "note"})
REF_KEYS = frozenset({"id", "locator", "label", "quote"})
ZONE_KEYS = frozenset({"name", "label", "offset", "iana", "note", "sources"})
STORE_KEYS = frozenset({"title", "display_zones"})
TOP_KEYS = frozenset({"store", "zones", "sources", "events"})

SOURCE_TYPES = frozenset(
    {
        "article",
        "article-journal",
        "article-magazine",
        "article-newspaper",
        "bill",
        "book",
        "broadcast",
        "chapter",
        "classic",
        "collection",
        "dataset",
        "document",
        "entry",
        "entry-dictionary",
        "entry-encyclopedia",
        "event",
        "figure",
        "graphic",
        "hearing",
        "interview",
        "legal_case",
        "legislation",
        "manuscript",
        "map",
        "motion_picture",
        "musical_score",
        "pamphlet",
        "paper-conference",
        "patent",
        "performance",
        "periodical",
        "personal_communication",
        "post",
        "post-weblog",
        "regulation",
        "report",
        "review",
        "review-book",
        "software",
        "song",
        "speech",
        "standard",
        "thesis",
        "treaty",
        "webpage",
    }
)
TEXT_FIELDS = frozenset(
    {
        "title",
        "container-title",
        "collection-title",
        "collection-number",
        "publisher",
        "publisher-place",
        "edition",
        "volume",
        "number-of-volumes",
        "issue",
        "page",
        "number",
        "section",
        "genre",
        "medium",
        "archive",
        "archive_location",
        "archive-place",
        "archive_collection",
        "event-title",
        "event-place",
        "URL",
        "DOI",
        "ISBN",
        "ISSN",
        "PMID",
        "PMCID",
        "language",
        "note",
        "title-short",
        "container-title-short",
        "source",
        "status",
        "authority",
        "references",
        "dimensions",
        "version",
        "abstract",
        "annote",
        "call-number",
        "chapter-number",
        "citation-key",
        "division",
        "jurisdiction",
        "keyword",
        "original-publisher",
        "original-publisher-place",
        "original-title",
        "part-number",
        "part-title",
        "printing-number",
        "scale",
        "supplement-number",
        "volume-title",
        "number-of-pages",
        "collection-title-short",
        "event",
        "reviewed-title",
        "year-suffix",
    }
)


# A locator says where in a source (page, section, document, telegram number), never what it says there:
# citation styles print it after "p." or its label. Quotation marks of any script, or more than
# MAX_LOCATOR characters, mean a quotation or a remark has been put where the locator goes
# (docs/store-format.md, "Source references"). A single quote between two letters is an apostrophe
# (Grew's, o'clock), not a quotation mark.
MAX_LOCATOR = 60
_QUOTE_MARKS = re.compile(
    '["\u00ab\u00bb\u201c\u201d\u201e\u201f\u2039\u203a\u300c-\u300f\u301d-\u301f\uff02\u275d\u275e]'
    "|(?<![^\\W\\d_])['\u2018\u2019\u201a\u201b]|['\u2018\u2019\u201a\u201b](?![^\\W\\d_])"
)


def locator_problem(locator: str) -> str | None:
    """Why ``locator`` cannot be a locator, or None if it can."""
    if _QUOTE_MARKS.search(locator):
        return "is a quotation (it has quotation marks): put the quoted words in quote"
    if len(locator) > MAX_LOCATOR:
        return (
            f"is {len(locator)} characters long, too long for a page, section or document number "
            f"(at most {MAX_LOCATOR}): put quoted words in quote, remarks in the note"
        )
    return None


_TOML_POS = re.compile(r"\(at line (\d+), column (\d+)\)|\(at end of document\)")


def _parse_toml(path: str, text: str) -> dict[str, object]:
    try:
        data: dict[str, object] = tomllib.loads(text)
        return data
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        match = _TOML_POS.search(message)
        line = int(match.group(1)) if match and match.group(1) else text.count("\n") + 1
        reason = _TOML_POS.sub("", message).strip()
        raise StoreError([Problem(path, line, "", "", f"TOML syntax: {reason}")]) from None
    except RecursionError:
        raise StoreError([Problem(path, _deepest_line(text), "", "", "TOML nested too deeply")]) from None


def _deepest_line(text: str) -> int:
    """The line where arrays, inline tables or a dotted table header nest deepest (for the error message).

    A rough scan (strings and comments skipped, escapes ignored): enough to point at the right line.
    """
    depth, best, best_line = 0, -1, 1
    for number, line in enumerate(text.splitlines(), start=1):
        quote = ""
        for char in line:
            if quote:
                quote = "" if char == quote else quote
            elif char in "\"'":
                quote = char
            elif char == "#":
                break
            elif char in "[{":
                depth += 1
                if depth > best:
                    best, best_line = depth, number
            elif char in "]}":
                depth = max(0, depth - 1)
        dots = line.count(".") if line.lstrip().startswith("[") else 0
        if dots > best:
            best, best_line = dots, number
    return best_line


# --- line numbers ----------------------------------------------------------------

_HEADER = re.compile(r"^\s*(\[\[?)\s*([A-Za-z0-9_.\-\s\"]+?)\s*\]\]?\s*(?:#.*)?$")
_KEY = re.compile(r"^\s*(\"[^\"]*\"|[A-Za-z0-9_\-]+)\s*(?:\.\s*[A-Za-z0-9_\-\"]+\s*)*=")


class _Block(Slotted):
    __match_args__ = ("line", "keys", "children")
    __slots__ = __match_args__

    def __init__(
        self, line: int, keys: dict[str, int] | None = None, children: list[_Block] | None = None
    ) -> None:
        self.line = line
        self.keys = {} if keys is None else keys
        self.children = [] if children is None else children


_STRINGS = re.compile(r"\"(?:[^\"\\]|\\.)*\"|'[^']*'")


def _bracket_depth(line: str) -> int:
    """How many brackets the line leaves open (strings and comments aside)."""
    code = _STRINGS.sub("", line).split("#", 1)[0]
    return code.count("[") + code.count("{") - code.count("]") - code.count("}")


class _LineMap:
    """Line numbers of each ``[[events]]`` (and its disputes), ``[[sources]]``, ``[[zones]]``, ``[store]``."""

    def __init__(self, text: str) -> None:
        self.arrays: dict[str, list[_Block]] = {"events": [], "sources": [], "zones": []}
        self.store = _Block(1)
        self.top = _Block(1)
        current: _Block | None = self.top
        in_string: str | None = None
        depth = 0  # open brackets of a multi-line array: its lines ("  [1994]") are never headers
        for number, line in enumerate(text.splitlines(), start=1):
            if in_string is not None:
                if line.count(in_string) % 2 == 1:
                    in_string = None
                continue
            header = _HEADER.match(line) if depth == 0 else None
            if header and not _KEY.match(line):
                name = re.sub(r"\s+", "", header.group(2)).replace('"', "")
                current = self._open(name, header.group(1) == "[[", number)
                continue
            key = _KEY.match(line)
            if key and current is not None and depth == 0:
                current.keys.setdefault(key.group(1).strip('"'), number)
            depth = max(0, depth + _bracket_depth(line))
            for quote in ('"""', "'''"):
                if line.count(quote) % 2 == 1:
                    in_string = quote
                    break

    def _open(self, name: str, is_array: bool, number: int) -> _Block | None:
        if is_array and name in self.arrays:
            block = _Block(number)
            self.arrays[name].append(block)
            return block
        if is_array and name == "events.disputes" and self.arrays["events"]:
            block = _Block(number)
            self.arrays["events"][-1].children.append(block)
            return block
        if not is_array and name == "store":
            self.store = _Block(number)
            return self.store
        # An unknown table: remember its line for the error message.
        self.top.keys.setdefault(name.split(".", maxsplit=1)[0], number)
        return None

    def record(self, table: str, index: int) -> _Block | None:
        blocks = self.arrays.get(table, [])
        return blocks[index] if index < len(blocks) else None

    def line(self, table: str, index: int, key: str | None = None, child: int | None = None) -> int:
        block = self.record(table, index)
        if block is None:
            return self.top.keys.get(table, 1)
        if child is not None:
            if child < len(block.children):
                sub = block.children[child]
                return sub.keys.get(key, sub.line) if key else sub.line
            return block.keys.get("disputes", block.line)
        return block.keys.get(key, block.line) if key else block.line


# --- validation --------------------------------------------------------------------------------


class _At(FrozenSlotted):
    """A place in a file, resolved to a line number only if a message needs one.

    Scanning a file for line numbers costs about as much as validating it, and a valid store needs none, so
    the checks pass these around and :meth:`_Checker.problems` resolves them at the end. ``get`` mirrors
    ``dict.get`` so a record's keys read like a mapping of key to line: ``keys.get("title", line)``.
    """

    __match_args__ = ("table", "index", "key", "child")
    __slots__ = __match_args__
    # events, sources, zones (a record by index), store (the [store] table) or top (top-level keys)
    table: Final[str]
    index: Final[int]
    key: Final[str | None]
    child: Final[int | None]  # a dispute of an event

    def __init__(self, table: str, index: int = 0, key: str | None = None, child: int | None = None) -> None:
        self.table = table
        self.index = index
        self.key = key
        self.child = child

    def get(self, key: str, _default: object = None) -> _At:
        return _At(self.table, self.index, key, self.child)

    def line(self, lines: _LineMap) -> int:
        if self.table == "top":
            return lines.top.keys.get(self.key, 1) if self.key else 1
        if self.table == "store":
            block = lines.store
            return block.keys.get(self.key, block.line) if self.key else block.line
        return lines.line(self.table, self.index, self.key, self.child)


class _Checker:
    """Collects problems for one file while turning its tables into model objects."""

    def __init__(self, path: str, text: str) -> None:
        self.path = path
        self.text = text
        self._found: list[tuple[_At | int, str, str, str, str]] = []

    @cached_property
    def lines(self) -> _LineMap:
        return _LineMap(self.text)

    def add(self, at: _At | int, record: str, fld: str, message: str, severity: str = "error") -> None:
        self._found.append((at, record, fld, message, severity))

    def line_of(self, at: _At | int) -> int:
        return at if isinstance(at, int) else at.line(self.lines)

    def problems(self) -> list[Problem]:
        """Every problem found, in line order (the line scan runs only if there is one)."""
        found = [
            Problem(self.path, self.line_of(at), record, fld, message, severity)
            for at, record, fld, message, severity in self._found
        ]
        return sorted(found, key=lambda p: p.line_no)


def _kind(value: object) -> str:
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, int):
        return "an integer"
    if isinstance(value, float):
        return "a number"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, (dt.date, dt.time)):
        return "a date/time"
    return type(value).__name__


_Origin = tuple[_Checker, _At]  # where a zone, source or event was defined


def _where(origin: _Origin, path: str) -> str:
    """Where something was first defined: ``line 7`` in the same file, ``other.toml:7`` elsewhere."""
    check, at = origin
    line = check.line_of(at)
    return f"line {line}" if check.path == path else f"{check.path}:{line}"


def _first_line(text: str) -> str:
    return text if len(text) <= 60 else text[:60] + "…"


class _RawFile(Slotted):
    __match_args__ = ("path", "checker", "data")
    __slots__ = __match_args__

    def __init__(self, path: str, checker: _Checker, data: dict[str, object]) -> None:
        self.path = path
        self.checker = checker
        self.data = data


def load(paths: Sequence[str]) -> tuple[Store, list[Problem]]:
    """Load and merge store files. Raise StoreError on any error (warnings are returned)."""
    return load_files(read_store_files(paths))


def load_files(files: Sequence[tuple[str, bytes]]) -> tuple[Store, list[Problem]]:
    """Like :func:`load`, for files already read: ``(path as shown, bytes)`` pairs."""
    store, problems = _validate(files)
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise StoreError(errors)
    return store, [p for p in problems if p.severity != "error"]


def validate(paths: Sequence[str]) -> tuple[Store, list[Problem]]:
    """Check store files and merge them; return the store built from what was valid, and every problem."""
    files, problems = read_each_store_file(paths)
    store, found = _validate(files)
    return store, problems + found


def _validate(raw_files: Sequence[tuple[str, bytes]]) -> tuple[Store, list[Problem]]:
    files: list[_RawFile] = []
    problems: list[Problem] = []
    for shown, raw_bytes in raw_files:
        try:
            text = decode_store_text(shown, raw_bytes)
            data = _parse_toml(shown, text)
        except StoreError as exc:
            problems.extend(exc.problems)
            continue
        files.append(_RawFile(shown, _Checker(shown, text), data))
        _check_strings(files[-1].checker, data)

    named: dict[str, NamedZone] = {}
    zone_origin: dict[str, _Origin] = {}
    sources: dict[str, Source] = {}
    source_origin: dict[str, _Origin] = {}
    title = ""
    display: tuple[str, ...] = ()
    display_origin: _Origin | None = None
    for raw in files:
        check = raw.checker
        for key in raw.data:
            if key not in TOP_KEYS:
                check.add(
                    _At("top", key=key),
                    "",
                    key,
                    "unknown top-level table (expected store, zones, sources, events)",
                )
        for zone, at in _check_zones(check, raw.data.get("zones")):
            if zone.name in named:
                check.add(
                    at,
                    f"zone {zone.name}",
                    "name",
                    f"duplicate zone name (first defined at {_where(zone_origin[zone.name], check.path)})",
                )
                continue
            named[zone.name] = zone
            zone_origin[zone.name] = (check, at)
        settings = _check_settings(check, raw.data.get("store"))
        if settings[0] and not title:
            title = settings[0]
        if settings[1] and not display:
            display = settings[1]
            display_origin = (check, _At("store", key="display_zones"))
        for source, at in _check_sources(check, raw.data.get("sources")):
            if source.id in sources:
                check.add(
                    at,
                    f"source {source.id}",
                    "id",
                    f"duplicate source ID (first defined at {_where(source_origin[source.id], check.path)})",
                )
                continue
            sources[source.id] = source
            source_origin[source.id] = (check, at)

    if display_origin is not None:
        check, line = display_origin
        for name in display:
            try:
                zones_mod.resolve(name, named)
            except Exception as exc:
                check.add(line, "store", "display_zones", str(exc))

    events: dict[str, Event] = {}
    event_origin: dict[str, _Origin] = {}
    cited: set[str] = set()
    for raw in files:
        check = raw.checker
        for event, at in _check_events(check, raw.data.get("events"), named, sources, cited):
            if event.id in events:
                check.add(
                    at,
                    f"event {event.id}",
                    "id",
                    f"duplicate event ID (first defined at {_where(event_origin[event.id], check.path)})",
                )
                continue
            if event.id in sources:
                # cite takes event and source IDs alike: one namespace, or "cite X" would have to guess.
                check.add(
                    at,
                    f"event {event.id}",
                    "id",
                    f"also the ID of a source (defined at {_where(source_origin[event.id], check.path)}); "
                    "event and source IDs share one namespace",
                )
                continue
            events[event.id] = event
            event_origin[event.id] = (check, at)
        _check_zone_sources(check, raw.data.get("zones"), sources, cited)
    for raw in files:
        for index, value in enumerate(_as_list(raw.data.get("sources"))):
            sid = value.get("id") if isinstance(value, dict) else None
            if isinstance(sid, str) and sid in sources and sid not in cited:
                raw.checker.add(
                    _At("sources", index, "id"),
                    f"source {sid}",
                    "id",
                    "defined but never cited",
                    severity="warning",
                )
        problems.extend(raw.checker.problems())

    store = Store(
        title=title or "pactcli chronology",
        display_zones=display or ("Europe/Moscow", "Asia/Tokyo", "UTC"),
        zones=named,
        sources=sources,
        events=tuple(sorted(events.values(), key=Event.sort_key)),
        paths=tuple(f.path for f in files),
    )
    return store, problems


_DATE_SHAPED = "reads as a date (diff-dates and --from would take it for one); start the ID with a word"


def _date_shaped(ident: str) -> bool:
    """Whether an ID would be read as a date where IDs and dates are both accepted (``1941``, ``1945-08``)."""
    if not ident[:1].isdigit():
        return False  # a kebab-case ID that starts with a letter never parses as a date
    if re.fullmatch(r"[0-9]+(?:-[0-9]+)*", ident):
        return True
    from pactcli.errors import UsageError
    from pactcli.time.endpoints import parse_date

    try:
        parse_date(ident, arg="id")
    except UsageError:
        return False
    return True


# Fields that may hold several lines (and tabs); every other string of a store is one line of text.
MULTILINE_KEYS = frozenset({"summary", "text", "note", "abstract", "annote", "quote"})
_TABLE_RECORD = {"events": "event", "sources": "source", "zones": "zone"}


def _check_strings(check: _Checker, data: Mapping[str, object]) -> None:
    """Every string of the file, whatever table and field it is in: no control, format or bidi character.

    One walk over the parsed data rather than a check per field, so a field added later is covered too. The
    characters are :data:`pactcli.render.safe.HIDDEN_RANGES` (Unicode Cc, Cf, Zl, Zp): terminal escapes,
    C1 controls, bidi overrides and isolates, zero-width characters, line separators. Multi-line fields
    (:data:`MULTILINE_KEYS`) may also hold line breaks and tabs; no other field may.
    """
    from pactcli.render.safe import escape_char, first_hidden

    text = check.text
    plain = not any(mark in text for mark in ("\\", '"""', "'''", "\t"))
    if plain and first_hidden(text, True) is None:
        # No escape, no multi-line string, no tab and no hidden character in the file itself: no string can
        # hold one either (TOML keeps raw line breaks out of one-line strings). One scan of the text
        # instead of a walk: a 100,000-event store pays a few milliseconds, not a second.
        return

    def walk(value: object, at: _At, record: str, fld: str, multiline: bool) -> None:
        if isinstance(value, str):
            bad = first_hidden(value, multiline)
            if bad is not None:
                what = (
                    "must be one line: it holds a line break"
                    if bad in "\n\r\x0b\x0c\x85\u2028\u2029"
                    else "holds a control, format or bidi character"
                )
                check.add(at, record, fld, f"{what} ({escape_char(bad)}, U+{ord(bad):04X})")
        elif isinstance(value, list):
            for item in value:
                walk(item, at, record, fld, multiline)
        elif isinstance(value, dict):
            for key, item in value.items():
                walk(
                    item, at, record, f"{fld}.{key}" if fld else str(key), multiline or key in MULTILINE_KEYS
                )

    for table, value in data.items():
        if table in _TABLE_RECORD and isinstance(value, list):
            for index, item in enumerate(value):
                if not isinstance(item, dict):
                    continue
                label = item.get("name" if table == "zones" else "id")
                record = (
                    f"{_TABLE_RECORD[table]} {label}" if isinstance(label, str) else f"{table} #{index + 1}"
                )
                for key, field_value in item.items():
                    if table == "events" and key == "disputes" and isinstance(field_value, list):
                        for child, dispute in enumerate(field_value):
                            if not isinstance(dispute, dict):
                                continue
                            for dkey, dvalue in dispute.items():
                                walk(
                                    dvalue,
                                    _At("events", index, dkey, child),
                                    f"{record}: dispute {child + 1}",
                                    dkey,
                                    dkey in MULTILINE_KEYS,
                                )
                        continue
                    walk(field_value, _At(table, index, key), record, key, key in MULTILINE_KEYS)
        elif table == "store" and isinstance(value, dict):
            for key, field_value in value.items():
                walk(field_value, _At("store", key=key), "store", key, key in MULTILINE_KEYS)


def _as_list(value: object) -> list[object]:
    return value if isinstance(value, list) else []


def _records(check: _Checker, table: str, value: object) -> Iterable[tuple[int, dict[str, object]]]:
    if value is None:
        if table in ("events", "sources"):
            check.add(1, "", table, f"missing: a store needs at least one [[{table}]] table")
        return
    if not isinstance(value, list):
        check.add(
            _At("top", key=table),
            "",
            table,
            f"must be an array of tables ([[{table}]]), not {_kind(value)}",
        )
        return
    for index, item in enumerate(value):
        if not isinstance(item, dict):
            check.add(_At(table, index), "", table, f"entries must be tables, not {_kind(item)}")
            continue
        yield index, item


def _check_settings(check: _Checker, value: object) -> tuple[str, tuple[str, ...]]:
    if value is None:
        return "", ()
    line = _At("store")
    if not isinstance(value, dict):
        check.add(line, "store", "", f"must be a table, not {_kind(value)}")
        return "", ()
    for key in value:
        if key not in STORE_KEYS:
            check.add(line.get(key), "store", key, "unknown field")
    title = value.get("title", "")
    if not isinstance(title, str):
        check.add(
            line.get("title"),
            "store",
            "title",
            f"must be a string, not {_kind(title)}",
        )
        title = ""
    zones_value = value.get("display_zones", [])
    if not (isinstance(zones_value, list) and all(isinstance(z, str) and z for z in zones_value)):
        check.add(
            line.get("display_zones"),
            "store",
            "display_zones",
            "must be an array of zone names",
        )
        zones_value = []
    return title, tuple(zones_value)


def _unknown(
    check: _Checker,
    item: dict[str, object],
    allowed: frozenset[str],
    record: str,
    line_of: _At,
    default: _At,
) -> None:
    for key in item:
        if key not in allowed:
            hint = zones_mod.suggest(key, sorted(allowed))
            check.add(
                line_of.get(key, default),
                record,
                key,
                "unknown field" + (f" (did you mean {hint}?)" if hint else ""),
            )


def _check_zones(check: _Checker, value: object) -> Iterable[tuple[NamedZone, _At]]:
    if value is None:
        return
    for index, item in _records(check, "zones", value):
        keys = line = _At("zones", index)
        name = item.get("name")
        record = f"zone {name}" if isinstance(name, str) else f"zone #{index + 1}"
        _unknown(check, item, ZONE_KEYS, record, keys, line)
        ok = True
        if not isinstance(name, str) or not KEBAB.match(name):
            check.add(keys.get("name", line), record, "name", "required, kebab-case (e.g. manchukuo)")
            ok = False
        elif (meaning := zones_mod.builtin_meaning(name)) is not None:
            # A store zone named like a real one would change it for every loaded store and for --tz.
            check.add(
                keys.get("name", line),
                record,
                "name",
                f"{name!r} already means {meaning}; choose a name of your own (e.g. {name}-local)",
            )
            ok = False
        label = item.get("label")
        if not isinstance(label, str) or not label.strip():
            check.add(keys.get("label", line), record, "label", "required, a non-empty string")
            ok = False
        offset_text, iana = item.get("offset"), item.get("iana")
        offset = None
        if (offset_text is None) == (iana is None):
            check.add(line, record, "offset", "give exactly one of offset and iana")
            ok = False
        elif offset_text is not None:
            offset = zones_mod.parse_offset(offset_text) if isinstance(offset_text, str) else None
            if offset is None:
                check.add(keys.get("offset", line), record, "offset", "must be an offset such as +09:00")
                ok = False
        elif not isinstance(iana, str) or zones_mod.canonical_iana(iana) is None:
            check.add(keys.get("iana", line), record, "iana", f"unknown IANA zone {_first_line(str(iana))!r}")
            ok = False
        note = item.get("note")
        if note is not None and not isinstance(note, str):
            check.add(keys.get("note", line), record, "note", "must be a string")
        if ok:
            assert isinstance(name, str) and isinstance(label, str)
            canonical = zones_mod.canonical_iana(iana) if isinstance(iana, str) else None
            yield (
                NamedZone(name, label, offset, canonical, note if isinstance(note, str) else None),
                keys.get("name", line),
            )


def _check_zone_sources(
    check: _Checker, value: object, sources: Mapping[str, Source], cited: set[str]
) -> None:
    """A zone's ``sources`` are checked like an event's (shape, undefined IDs) but are optional."""
    for index, item in enumerate(_as_list(value)):
        if not isinstance(item, dict) or "sources" not in item:
            continue
        line = _At("zones", index, "sources")
        name = item.get("name")
        record = f"zone {name}" if isinstance(name, str) else f"zone #{index + 1}"
        _check_refs(check, line, record, "sources", item["sources"], sources, cited, required=False)


def _check_sources(check: _Checker, value: object) -> Iterable[tuple[Source, _At]]:
    for index, item in _records(check, "sources", value):
        keys = line = _At("sources", index)
        sid = item.get("id")
        record = f"source {sid}" if isinstance(sid, str) else f"source #{index + 1}"
        ok = True
        if not isinstance(sid, str) or not KEBAB.match(sid):
            check.add(keys.get("id", line), record, "id", "required, kebab-case (e.g. frus-1945-v05)")
            ok = False
        elif _date_shaped(sid):
            check.add(keys.get("id", line), record, "id", _DATE_SHAPED)
            ok = False
        stype = item.get("type")
        if not isinstance(stype, str) or stype not in SOURCE_TYPES:
            hint = zones_mod.suggest(str(stype), sorted(SOURCE_TYPES)) if isinstance(stype, str) else ""
            check.add(
                keys.get("type", line),
                record,
                "type",
                "required, a CSL type" + (f" (did you mean {hint}?)" if hint else " such as book or webpage"),
            )
            ok = False
        title = item.get("title")
        if not isinstance(title, str) or not title.strip():
            check.add(keys.get("title", line), record, "title", "required, a non-empty string")
            ok = False
        for key, val in item.items():
            where = keys.get(key, line)
            if key in ("id", "type"):
                continue
            if key == "kind":
                if val not in SOURCE_KINDS:
                    check.add(where, record, key, "must be one of " + ", ".join(SOURCE_KINDS))
            elif key == "copy":
                _check_copy(check, where, record, val)
            elif key in NAME_FIELDS:
                _check_names(check, where, record, key, val)
            elif key in DATE_FIELDS:
                _check_source_date(check, where, record, key, val)
            elif key in TEXT_FIELDS:
                if isinstance(val, bool) or not isinstance(val, (str, int)):
                    check.add(where, record, key, f"must be a string, not {_kind(val)}")
            elif ALIASES.get(key) in TEXT_FIELDS:
                # One vocabulary: the specification's names, which the processors read (csl_fields.ALIASES).
                check.add(where, record, key, f"write {ALIASES[key]} (CSL 1.0.2's name for this variable)")
            else:
                hint = zones_mod.suggest(key, sorted(TEXT_FIELDS | NAME_FIELDS | DATE_FIELDS))
                check.add(
                    where, record, key, "unknown CSL field" + (f" (did you mean {hint}?)" if hint else "")
                )
        if ok:
            assert isinstance(sid, str) and isinstance(stype, str) and isinstance(title, str)
            fields = {k: v for k, v in item.items() if k not in ("id", "kind", "copy")}
            kind = item.get("kind")
            graded = kind if isinstance(kind, str) and kind in SOURCE_KINDS else None
            yield Source(sid, stype, title, fields, graded, _copy(item.get("copy"))), keys.get("id", line)


COPY_KEYS = ("host", "URL", "site")


def _check_copy(check: _Checker, line: _At, record: str, value: object) -> None:
    """``copy = { host = "archive", URL = "…", site = "…" }``: where the text read for the store was found."""
    if not isinstance(value, dict):
        check.add(
            line, record, "copy", f"must be a table {{ host = …, URL = …, site = … }}, not {_kind(value)}"
        )
        return
    host = value.get("host")
    if host not in COPY_HOSTS:
        hint = zones_mod.suggest(host, list(COPY_HOSTS)) if isinstance(host, str) else ""
        check.add(
            line,
            record,
            "copy.host",
            "required, one of " + ", ".join(COPY_HOSTS) + (f" (did you mean {hint}?)" if hint else ""),
        )
    for key, val in value.items():
        if key not in COPY_KEYS:
            hint = zones_mod.suggest(str(key), list(COPY_KEYS))
            check.add(
                line, record, f"copy.{key}", "unknown key" + (f" (did you mean {hint}?)" if hint else "")
            )
        elif key != "host" and (not isinstance(val, str) or not val.strip()):
            check.add(line, record, f"copy.{key}", f"must be a non-empty string, not {_kind(val)}")
    if host == "unread" and "URL" in value:
        check.add(line, record, "copy.URL", "a copy that was not read has no address (host unread)")


def _copy(value: object) -> Copy | None:
    """The checked ``copy`` table as the model's :class:`Copy` (None when absent or not valid)."""
    if not isinstance(value, dict) or value.get("host") not in COPY_HOSTS:
        return None
    url, site = value.get("URL"), value.get("site")
    return Copy(
        str(value["host"]), url if isinstance(url, str) else None, site if isinstance(site, str) else None
    )


def _check_names(check: _Checker, line: _At, record: str, key: str, value: object) -> None:
    if not isinstance(value, list) or not value:
        check.add(
            line, record, key, "must be an array of names ({ family = …, given = … } or { literal = … })"
        )
        return
    for name in value:
        if not isinstance(name, dict):
            check.add(line, record, key, f"each name must be a table, not {_kind(name)}")
            continue
        bad = [k for k in name if k not in NAME_KEYS]
        if bad:
            check.add(line, record, key, f"unknown name part {bad[0]!r} (expected family, given, literal, …)")
        if not any(isinstance(name.get(k), str) and name.get(k) for k in ("family", "literal")):
            check.add(line, record, key, "each name needs family (or literal for an organisation)")
        for part, val in name.items():
            if part in ("static-ordering", "parse-names"):
                if not isinstance(val, bool):
                    check.add(line, record, key, f"{part} must be true or false")
            elif not isinstance(val, str):
                check.add(line, record, key, f"{part} must be a string")


def _check_source_date(check: _Checker, line: _At, record: str, key: str, value: object) -> None:
    # The same function converts the date for CSL-JSON export, so whatever passes here converts.
    from pactcli.csl.json_dates import to_csl_json

    try:
        to_csl_json(value)
    except DateError as exc:
        check.add(line, record, key, str(exc))


def _check_refs(
    check: _Checker,
    line: _At,
    record: str,
    key: str,
    value: object,
    sources: Mapping[str, Source],
    cited: set[str],
    required: bool = True,
) -> tuple[SourceRef, ...]:
    if value is None:
        if required:
            check.add(line, record, key, "required: at least one { id = …, locator = … }")
        return ()
    items = value if isinstance(value, list) else [value]
    if isinstance(value, list) and not value and required:
        check.add(line, record, key, "must cite at least one source")
    refs: list[SourceRef] = []
    for item in items:
        if not isinstance(item, dict):
            check.add(
                line,
                record,
                key,
                f"each reference must be a table {{ id = …, locator = … }}, not {_kind(item)}",
            )
            continue
        bad = [k for k in item if k not in REF_KEYS]
        if bad:
            check.add(
                line, record, key, f"unknown reference field {bad[0]!r} (expected id, locator, label, quote)"
            )
        sid, locator, quote = item.get("id"), item.get("locator"), item.get("quote")
        label = item.get("label")
        if not isinstance(sid, str):
            check.add(line, record, key, "each reference needs id, a string")
            continue
        if locator is not None and not isinstance(locator, str):
            check.add(line, record, key, f"locator of {sid} must be a string")
            locator = None
        elif locator is not None:
            why = locator_problem(locator)
            if why:
                shown = locator if len(locator) <= 30 else locator[:30] + "…"
                check.add(line, record, key, f"locator of {sid} ({shown!r}) {why}")
        if label is not None:
            why = locators.label_problem(label, locator)
            if why:
                check.add(line, record, key, f"label of {sid} {why}")
                label = None
        if quote is not None and (not isinstance(quote, str) or not quote.strip()):
            check.add(line, record, key, f"quote of {sid} must be a non-empty string")
            quote = None
        cited.add(sid)
        if sid not in sources:
            hint = zones_mod.suggest(sid, list(sources))
            check.add(
                line,
                record,
                key,
                f"cites undefined source {_first_line(sid)!r}" + (f" (did you mean {hint}?)" if hint else ""),
            )
            continue
        if locator is not None and locator.strip():
            _check_repeat(check, line, record, key, sid, locator, label, sources[sid])
        refs.append(_ref(sid, locator, quote, label))
    return tuple(refs)


def _check_repeat(
    check: _Checker,
    line: _At,
    record: str,
    key: str,
    sid: str,
    locator: str,
    label: str | None,
    source: Source,
) -> None:
    """Warn about a locator that repeats what the source says of itself (:func:`locators.repeats_source`):
    a note would print "no. 166 … doc. 166". A warning: the citation is right, only said twice."""
    repeat = locators.repeats_source(locator, label, source.fields)
    if repeat is None:
        return
    own = " and ".join(f"{name} ({value})" for name, value in zip(repeat.fields, repeat.values, strict=True))
    shown = locator if len(locator) <= 30 else locator[:30] + "…"
    if repeat.rest:
        fix = f"write locator = {repeat.rest[:30]!r}"
    elif label is None and locator.strip() == repeat.values[0]:
        fix = 'drop the locator (or, if it is a page, write label = "page")'
    else:
        fix = "drop the locator, or give a place inside the source (a page, a paragraph)"
    check.add(
        line,
        record,
        key,
        f"locator of {sid} ({shown!r}) repeats the source's own {own}, which its entry already gives: {fix}",
        severity="warning",
    )


def _ref(sid: str, locator: str | None, quote: str | None, label: str | None) -> SourceRef:
    """The reference with its locator read as CSL reads it (:func:`pactcli.citations.locators.resolve`)."""
    if locator is None or not locator.strip():
        return SourceRef(sid, locator, quote)
    place = locators.resolve(locator, label)
    if place.label is None:
        return SourceRef(sid, locator, quote)
    written = locators.shown(place.value, place.label) if label is not None else locator
    return SourceRef(sid, written, quote, place.label, place.value)


def _check_when(
    check: _Checker, line: _At, record: str, key: str, value: object, zone: Zone | None
) -> When | None:
    try:
        when = parse_stored(value)
    except DateError as exc:
        check.add(line, record, key, str(exc))
        return None
    if when.time is not None and when.offset is None:
        if zone is None:
            return None  # the zone's own problem is reported already
        aware, why = zones_mod.resolve_local(zone, dt.datetime.combine(when.local_date(), when.time))
        if aware is None:
            check.add(line, record, key, f"local time is ambiguous: {why}")
            return None
        offset = aware.utcoffset()
        assert offset is not None
        when = when.with_offset(offset, stated=False)
    instant = when.instant
    if instant is not None:
        # Every zone must be able to show it: keep instants a day inside datetime's range (years 1-9999).
        try:
            utc = instant.astimezone(dt.timezone.utc).replace(tzinfo=None)
        except (OverflowError, ValueError):
            utc = None
        if utc is None or not dt.datetime(1, 1, 2) <= utc < dt.datetime(9999, 12, 31):
            check.add(line, record, key, f"{when.iso()} is too close to year 1 or 9999 to place in UTC")
            return None
    return when


def _check_claim(
    check: _Checker,
    record: str,
    item: dict[str, object],
    keys: _At,
    line: _At,
    zone: Zone | None,
    sources: Mapping[str, Source],
    cited: set[str],
    note_required: bool,
) -> tuple[When | None, When | None, tuple[SourceRef, ...], str | None]:
    start_value = item.get("start")
    start = None
    if start_value is None:
        check.add(line, record, "start", "required")
    else:
        start = _check_when(check, keys.get("start", line), record, "start", start_value, zone)
    end = None
    if "end" in item:
        end = _check_when(check, keys.get("end", line), record, "end", item["end"], zone)
        if (
            start is not None
            and end is not None
            and zone is not None
            and utc_upper_bound(end, zone) < utc_lower_bound(start, zone)
        ):
            check.add(
                keys.get("end", line),
                record,
                "end",
                f"ends ({end.iso()}) before it starts ({start.iso()})",
            )
            end = None
    refs = _check_refs(
        check, keys.get("sources", line), record, "sources", item.get("sources"), sources, cited
    )
    note = item.get("note")
    if note is not None and not isinstance(note, str):
        check.add(keys.get("note", line), record, "note", f"must be a string, not {_kind(note)}")
        note = None
    if note_required and not note:
        check.add(line, record, "note", "required: say what this claim is and why it differs")
    return start, end, refs, note if isinstance(note, str) else None


def _string_list(
    check: _Checker, line: _At, record: str, key: str, value: object, kebab: bool = False
) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        check.add(line, record, key, "must be an array of strings")
        return ()
    if kebab:
        for tag in value:
            assert isinstance(tag, str)
            if not KEBAB.match(tag):
                check.add(line, record, key, f"tag {_first_line(tag)!r} must be kebab-case")
    return tuple(str(v) for v in value)


def _check_events(
    check: _Checker,
    value: object,
    named: Mapping[str, NamedZone],
    sources: Mapping[str, Source],
    cited: set[str],
) -> Iterable[tuple[Event, _At]]:
    for index, item in _records(check, "events", value):
        keys = line = _At("events", index)
        eid = item.get("id")
        record = f"event {eid}" if isinstance(eid, str) else f"event #{index + 1}"
        _unknown(check, item, EVENT_KEYS, record, keys, line)
        ok = True
        if not isinstance(eid, str) or not KEBAB.match(eid):
            shown = f" (got {_first_line(eid)!r})" if isinstance(eid, str) else ""
            check.add(keys.get("id", line), record, "id", "required, kebab-case (e.g. pact-signed)" + shown)
            ok = False
        elif _date_shaped(eid):
            check.add(keys.get("id", line), record, "id", _DATE_SHAPED)
            ok = False
        title = item.get("title")
        if not isinstance(title, str) or not title.strip():
            check.add(keys.get("title", line), record, "title", "required, a non-empty string")
            ok = False
        zone: Zone | None = None
        zone_value = item.get("zone")
        if not isinstance(zone_value, str):
            check.add(
                keys.get("zone", line),
                record,
                "zone",
                "required: an IANA zone (Europe/Moscow), a store zone name or an offset (+09:00)",
            )
            ok = False
        else:
            try:
                zone = zones_mod.resolve(zone_value, named)
            except Exception as exc:  # UsageError: an unknown or refused zone name
                check.add(keys.get("zone", line), record, "zone", str(exc))
                ok = False
        start, end, refs, _ = _check_claim(check, record, item, keys, line, zone, sources, cited, False)
        if "note" in item:
            pass  # reported as unknown field above
        texts: dict[str, str | None] = {}
        for key in ("place", "summary", "text"):
            val = item.get(key)
            if val is not None and not isinstance(val, str):
                check.add(keys.get(key, line), record, key, f"must be a string, not {_kind(val)}")
                val = None
            texts[key] = val
        participants = _string_list(
            check, keys.get("participants", line), record, "participants", item.get("participants")
        )
        tags = _string_list(check, keys.get("tags", line), record, "tags", item.get("tags"), kebab=True)
        text_source = None
        if "text_source" in item:
            found = _check_refs(
                check,
                keys.get("text_source", line),
                record,
                "text_source",
                item["text_source"],
                sources,
                cited,
            )
            text_source = found[0] if found else None
        if texts["text"] and text_source is None and "text_source" not in item:
            check.add(keys.get("text", line), record, "text", "a document's wording needs text_source")
        disputes: list[Claim] = []
        raw_disputes = item.get("disputes")
        if raw_disputes is not None and not isinstance(raw_disputes, list):
            check.add(keys.get("disputes", line), record, "disputes", "must be an array of tables")
            raw_disputes = []
        for child, dispute in enumerate(raw_disputes or []):
            sub_record = f"{record}: dispute {child + 1}"
            sub_keys = sub_line = _At("events", index, child=child)
            if not isinstance(dispute, dict):
                check.add(sub_line, sub_record, "", f"must be a table, not {_kind(dispute)}")
                continue
            _unknown(check, dispute, DISPUTE_KEYS, sub_record, sub_keys, sub_line)
            dzone = zone
            if "zone" in dispute:
                try:
                    dzone = zones_mod.resolve(str(dispute["zone"]), named)
                except Exception as exc:
                    check.add(sub_keys.get("zone", sub_line), sub_record, "zone", str(exc))
                    dzone = None
            dstart, dend, drefs, dnote = _check_claim(
                check, sub_record, dispute, sub_keys, sub_line, dzone, sources, cited, True
            )
            if dstart is not None and dzone is not None and drefs:
                disputes.append(Claim(dstart, dend, dzone, drefs, dnote))
        if refs and all(sources[ref.id].kind == "tertiary" for ref in refs):
            check.add(
                keys.get("sources", line),
                record,
                "sources",
                "rests only on tertiary sources (encyclopedias, aggregators): cite a document or scholarship",
                severity="warning",
            )
        copies = [sources[ref.id].copy for ref in refs]
        if refs and all(copy is not None and copy.doubtful for copy in copies):
            hosts = ", ".join(sorted({copy.host for copy in copies if copy is not None}))
            check.add(
                keys.get("sources", line),
                record,
                "sources",
                f"rests only on copies of doubtful standing ({hosts}): cite a copy from a publisher, archive "
                "or official edition",
                severity="warning",
            )
        if ok and start is not None and zone is not None and refs:
            assert isinstance(eid, str) and isinstance(title, str)
            yield (
                Event(
                    id=eid,
                    title=title,
                    claim=Claim(start, end, zone, refs),
                    place=texts["place"],
                    participants=participants,
                    tags=tags,
                    summary=texts["summary"],
                    text=texts["text"],
                    text_source=text_source,
                    disputes=tuple(disputes),
                ),
                keys.get("id", line),
            )


# --- one file at a time (the index cache updates a store file by file) ---------------------------------


class ParsedFile:
    """One store file, parsed, with what it defines (zones, settings, sources) checked on their own.

    The index cache (:mod:`pactcli.store.cache`) rebuilds only the files whose bytes changed, so it validates
    a store a file at a time with the checks :func:`_validate` runs: first every file's definitions, then each
    file's events against the merged zones and sources (:meth:`events`). What only the whole store can
    tell (duplicates across files, display zones) the cache checks itself, and any problem at all sends it
    back to :func:`load_files`, so that errors are reported exactly as a full validation reports them.
    """

    def __init__(self, path: str, data: bytes) -> None:
        self.path = path
        self.problems: list[Problem] = []
        self.zones: list[NamedZone] = []
        self.sources: list[Source] = []
        self.title = ""
        self.display_zones: tuple[str, ...] = ()
        self.cited: set[str] = set()
        self._raw: _RawFile | None = None
        try:
            text = decode_store_text(path, data)
            parsed = _parse_toml(path, text)
        except StoreError as exc:
            self.problems.extend(exc.problems)
            return
        raw = self._raw = _RawFile(path, _Checker(path, text), parsed)
        check = raw.checker
        _check_strings(check, parsed)  # the one character rule, as _validate runs it
        for key in raw.data:
            if key not in TOP_KEYS:
                check.add(
                    _At("top", key=key),
                    "",
                    key,
                    "unknown top-level table (expected store, zones, sources, events)",
                )
        self.zones = [zone for zone, _at in _check_zones(check, raw.data.get("zones"))]
        self.title, self.display_zones = _check_settings(check, raw.data.get("store"))
        self.sources = [source for source, _at in _check_sources(check, raw.data.get("sources"))]

    def events(self, named: Mapping[str, NamedZone], sources: Mapping[str, Source]) -> list[Event]:
        """The file's events, checked against the whole store's zones and sources (problems are kept).

        Called once: the parsed TOML is released afterwards."""
        if self._raw is None:
            return []
        check = self._raw.checker
        checked = _check_events(check, self._raw.data.get("events"), named, sources, self.cited)
        found = []
        for event, at in checked:
            if event.id in sources:  # one namespace for event and source IDs, as _validate checks it
                check.add(at, f"event {event.id}", "id", "also the ID of a source")
                continue
            found.append(event)
        _check_zone_sources(check, self._raw.data.get("zones"), sources, self.cited)
        # The parsed TOML is not needed again, and a large store's is hundreds of megabytes: let it go.
        self._raw.data = {}
        return found

    def has_errors(self) -> bool:
        found = self.problems + (self._raw.checker.problems() if self._raw is not None else [])
        return any(p.severity == "error" for p in found)
