"""From CSL-JSON items (whatever format they were read from) to store sources: IDs, matches, mapping.

* **IDs** come from the item's citation key (``citation-key``, else its ``id``), kebab-cased
  (``Hasegawa2005Racing`` → ``hasegawa2005racing``, ``glantz_1983`` → ``glantz-1983``). An ``id`` that is
  no key (Zotero's ``http://zotero.org/…/items/ABCD``) gives ``family-year-word`` instead. An ID taken by a
  different source gets ``-2``, ``-3``…, and every such rename is reported.
* **Already there?** An item is the same as a loaded source (and is not added again) if they share the
  DOI, or the title, year and first author's family name (case and spacing aside), or the ID and title.
  So importing a file twice adds nothing the second time.
* **Fields** are kept when the store can hold them: CSL variables (text, numbers, names, dates). A value
  the store cannot hold is left out with a warning naming the item and field, never silently; a date the
  store cannot represent is an error (nothing is imported).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass

from pactcli.csl.fields import ALIASES, DATE_FIELDS, NAME_FIELDS, NAME_KEYS
from pactcli.csl.json_dates import CslDateError, read, to_csl_json
from pactcli.errors import Problem
from pactcli.sources import ImportResult
from pactcli.store.model import Source

__all__ = ["ImportPlan", "Planned", "kebab", "plan"]

# CSL-JSON's older spellings, written under the CSL 1.0.2 name the store uses.


@dataclass(frozen=True)
class Planned:
    """A source to add: its store ID, its fields (``type`` and ``title`` first), the input's own key."""

    id: str
    fields: dict[str, object]
    key: str


@dataclass(frozen=True)
class ImportPlan:
    """What an import would do: sources to add, items already present, renames, and every problem."""

    added: list[Planned]
    present: list[tuple[str, str, str]]  # (input key, the loaded source's ID, why they are the same)
    renamed: list[tuple[str, str, str]]  # (input key, the ID given instead, why)
    problems: list[Problem]


def kebab(text: str) -> str:
    """``Hasegawa2005Racing`` → ``hasegawa2005racing``; accents dropped, other characters become ``-``."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def _norm(text: object) -> str:
    return " ".join(str(text).casefold().split())


def _doi(value: object) -> str:
    text = _norm(value)
    return re.sub(r"^(https?://(dx\.)?doi\.org/|doi:\s*)", "", text)


def _first_family(fields: Mapping[str, object]) -> str:
    for role in ("author", "editor", "director", "interviewer"):
        people = fields.get(role)
        if isinstance(people, list) and people and isinstance(people[0], Mapping):
            return _norm(people[0].get("family") or people[0].get("literal") or "")
    return ""


def _year(fields: Mapping[str, object]) -> int:
    date = read(fields.get("issued"))
    return date.year if date is not None else 0


def _work(fields: Mapping[str, object]) -> tuple[str, str]:
    """(kind, key) naming the work: title, year and first author; with neither a year nor an author (a
    web page, say), title, container and URL, so two pages both called "Home" stay two sources."""
    year, family = _year(fields), _first_family(fields)
    if year or family:
        return "work", f"{_norm(fields.get('title', ''))}|{year}|{family}"
    return "page", f"{_norm(fields.get('title', ''))}|{_norm(fields.get('container-title', ''))}|" + _norm(
        fields.get("URL", "")
    )


def _fingerprints(fields: Mapping[str, object]) -> list[tuple[str, str]]:
    """The keys two records match on: DOI, and the work (see :func:`_work`)."""
    out = []
    if fields.get("DOI"):
        out.append(("doi", _doi(fields["DOI"])))
    if fields.get("title"):
        out.append(_work(fields))
    return out


_WHY = {
    "doi": "same DOI",
    "work": "same title, year and first author",
    "page": "same title, container and URL",
    "id": "same ID and work",
}


def _derived_key(item: Mapping[str, object]) -> str:
    """``family-year-word`` (``hasegawa-2005-racing``), or the title's first words and the year."""
    family = "-".join(kebab(_first_family(item)).split("-")[:2])
    year = _year(item)
    words = [w for w in kebab(str(item.get("title") or "")).split("-") if len(w) > 3 and not w.isdigit()]
    if family:
        parts = [family, str(year) if year else "", words[0] if words else ""]
    else:
        parts = [*words[:3], str(year) if year else ""]
    return "-".join(p for p in parts if p) or "source"


def _key(item: Mapping[str, object]) -> str:
    given = item.get("citation-key") or item.get("id")
    text = str(given or "")
    if "/" in text or ":" in text or not kebab(text) or text.isdigit() or len(text) > 60:
        return _derived_key(item)
    return kebab(text)


def _names(value: object, where: tuple[str, int, str], field: str, problems: list[Problem]) -> object:
    origin, line, record = where
    if not isinstance(value, list):
        problems.append(Problem(origin, line, record, field, "names must be an array; left out", "warning"))
        return None
    people: list[dict[str, object]] = []
    for person in value:
        if isinstance(person, str) and person.strip():
            people.append({"literal": person.strip()})
            continue
        if not isinstance(person, Mapping):
            problems.append(
                Problem(origin, line, record, field, "a name that is not an object; left out", "warning")
            )
            continue
        kept: dict[str, object] = {}
        for part, text in person.items():
            if part not in NAME_KEYS:
                problems.append(
                    Problem(origin, line, record, field, f"name part {str(part)[:30]!r} left out", "warning")
                )
            elif part in ("static-ordering", "parse-names", "comma-suffix"):
                kept[part] = bool(text)
            elif isinstance(text, (str, int)) and not isinstance(text, bool) and str(text).strip():
                kept[part] = str(text)
        if not kept.get("family") and not kept.get("literal"):
            if kept.get("given"):
                kept = {"literal": kept["given"], **{k: v for k, v in kept.items() if k != "given"}}
            else:
                problems.append(
                    Problem(
                        origin, line, record, field, "a name without family or literal; left out", "warning"
                    )
                )
                continue
        people.append(kept)
    return people or None


def _fields(
    item: Mapping[str, object], where: tuple[str, int, str], problems: list[Problem]
) -> dict[str, object] | None:
    from pactcli.store.parse import SOURCE_TYPES, TEXT_FIELDS

    origin, line, record = where
    fields: dict[str, object] = {}
    ok = True
    ctype = item.get("type")
    if not isinstance(ctype, str) or ctype not in SOURCE_TYPES:
        problems.append(
            Problem(
                origin,
                line,
                record,
                "type",
                f"{str(ctype)[:40]!r} is not a CSL type; imported as document",
                "warning",
            )
        )
        ctype = "document"
    fields["type"] = ctype
    title = item.get("title")
    if not isinstance(title, str) or not title.strip():
        problems.append(
            Problem(origin, line, record, "title", "required: the store needs a title for every source")
        )
        ok = False
    else:
        fields["title"] = title
    for raw_key, value in item.items():
        key = ALIASES.get(str(raw_key), str(raw_key))
        if key in ("id", "type", "title") or key.startswith("_"):
            continue
        if value is None or value in ("", []):
            continue  # CSL-JSON's way of saying "no value": nothing to keep
        if key in NAME_FIELDS:
            people = _names(value, where, key, problems)
            if people is not None:
                fields[key] = people
        elif key in DATE_FIELDS:
            try:
                fields[key] = to_csl_json(value)
            except CslDateError as exc:
                problems.append(Problem(origin, line, record, key, f"a date the store cannot hold: {exc}"))
                ok = False
        elif key in TEXT_FIELDS:
            if isinstance(value, bool) or not isinstance(value, (str, int, float)):
                problems.append(
                    Problem(
                        origin,
                        line,
                        record,
                        key,
                        f"expected text, got {type(value).__name__}; left out",
                        "warning",
                    )
                )
            else:
                fields[key] = value if isinstance(value, (str, int)) else str(value)
        else:
            problems.append(
                Problem(origin, line, record, key, "not a CSL variable the store holds; left out", "warning")
            )
    return fields if ok else None


def plan(result: ImportResult, existing: Mapping[str, Source], origin: str) -> ImportPlan:
    """What importing ``result`` into a selection with ``existing`` sources would add, skip and rename."""
    problems = list(result.problems)
    known: dict[tuple[str, str], str] = {}
    works: dict[str, tuple[str, str]] = {}  # ID -> the work it names
    for sid, source in existing.items():
        stored = {"title": source.title, **source.fields}
        for print_ in _fingerprints(stored):
            known.setdefault(print_, sid)
        works[sid] = _work(stored)
    added: list[Planned] = []
    present: list[tuple[str, str, str]] = []
    renamed: list[tuple[str, str, str]] = []
    for item in result.items:
        line = item.get("_line")
        given = str(item.get("id"))
        record = f"item {given[:60]}"
        where = (origin, line if isinstance(line, int) else 0, record)
        fields = _fields(item, where, problems)
        if fields is None:
            continue
        key = _key(item)
        match = next(((known[p], _WHY[p[0]]) for p in _fingerprints(fields) if p in known), None)
        if match is None and key in works and works[key] == _work(fields):
            match = (key, _WHY["id"])
        if match is not None:
            present.append((given, *match))
            continue
        sid = key
        counter = 2
        while sid in works:
            sid = f"{key}-{counter}"
            counter += 1
        if sid != key:
            renamed.append((given, sid, f"{key} is taken by another source"))
        for print_ in _fingerprints(fields):
            known.setdefault(print_, sid)
        works[sid] = _work(fields)
        added.append(Planned(sid, fields, given))
    return ImportPlan(added, present, renamed, problems)
