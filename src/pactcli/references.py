"""Numbered reference markers for tables: ``[1]`` … with a short citation and locator for each."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from .model import Source, SourceRef


def _author(source: Source) -> str:
    for role in ("author", "editor"):
        names = source.fields.get(role)
        if isinstance(names, list) and names and isinstance(names[0], dict):
            first = names[0]
            name = str(first.get("literal") or first.get("family") or "")
            return name + (" et al." if len(names) > 2 else "")
    container = source.fields.get("container-title")
    return str(container) if container else ""


def _names(source: Source, role: str) -> str:
    names = source.fields.get(role)
    if not isinstance(names, list):
        return ""
    written = []
    for name in names:
        if not isinstance(name, dict):
            continue
        if name.get("literal"):
            written.append(str(name["literal"]))
            continue
        family, given = str(name.get("family", "")), str(name.get("given", ""))
        family_first = name.get("static-ordering") or any(ord(ch) > 0x2E7F for ch in family)
        written.append(f"{family} {given}".strip() if family_first else f"{given} {family}".strip())
    return ", ".join(written)


def _date(value: object) -> str:
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def full_reference(source: Source, locator: str | None) -> str:
    """Every bibliographic field the store has, in a fixed plain order, with the locator.

    This is the reference shown by ``event``: complete and neutral, not styled. ``pactcli cite`` formats
    the same sources in Chicago, APA or MLA.
    """
    fields = source.fields
    parts = []
    authors = _names(source, "author")
    if authors:
        parts.append(authors)
    parts.append(f"“{source.title}”" if fields.get("container-title") else source.title)
    for role, label in (("editor", "ed."), ("translator", "trans.")):
        names = _names(source, role)
        if names:
            parts.append(f"{label} {names}")
    for key in ("container-title", "collection-title", "volume", "number", "edition"):
        if fields.get(key):
            parts.append(str(fields[key]))
    imprint = ": ".join(str(fields[k]) for k in ("publisher-place", "publisher") if fields.get(k))
    if imprint:
        parts.append(imprint)
    if fields.get("issued"):
        parts.append(_date(fields["issued"]))
    if fields.get("page"):
        parts.append(f"pp. {fields['page']}")
    if locator:
        parts.append(locator)
    archive = ", ".join(str(fields[k]) for k in ("archive", "archive_location") if fields.get(k))
    if archive:
        parts.append(archive)
    if fields.get("URL"):
        parts.append(
            str(fields["URL"])
            + (f" (accessed {_date(fields['accessed'])})" if fields.get("accessed") else "")
        )
    text = ", ".join(parts) + "."
    if fields.get("note"):
        text += f" {fields['note']}"
    return text


def short_reference(source: Source, locator: str | None) -> str:
    """``Hasegawa, Racing the Enemy, pp. 46–47``: who, which work, where in it."""
    # Short forms drop the subtitle (Chicago 13.32: "Racing the Enemy", not "Racing the Enemy: Stalin, …").
    title = str(source.fields.get("title-short") or source.title.split(": ", 1)[0])
    parts = [p for p in (_author(source), title, locator) if p]
    return ", ".join(parts)


def compact_markers(numbers: Iterable[int]) -> str:
    """``[1,2]``, ``[3-12]``, ``[1,4-6]``: reference numbers with consecutive runs collapsed."""
    ordered = sorted(set(numbers))
    if not ordered:
        return ""
    runs: list[list[int]] = [[ordered[0], ordered[0]]]
    for number in ordered[1:]:
        if number == runs[-1][1] + 1:
            runs[-1][1] = number
        else:
            runs.append([number, number])
    parts = [str(a) if a == b else f"{a},{b}" if b == a + 1 else f"{a}-{b}" for a, b in runs]
    return "[" + ",".join(parts) + "]"


class ReferenceList:
    """Assigns ``[n]`` markers in order of first mention; the same source and locator share a number."""

    def __init__(self, sources: Mapping[str, Source]) -> None:
        self.sources = sources
        self.numbers: dict[SourceRef, int] = {}

    def markers(self, refs: Iterable[SourceRef]) -> str:
        numbers = []
        for ref in refs:
            if ref not in self.numbers:
                self.numbers[ref] = len(self.numbers) + 1
            numbers.append(self.numbers[ref])
        return compact_markers(numbers)

    def entries(self) -> list[tuple[int, str]]:
        return [(n, short_reference(self.sources[ref.id], ref.locator)) for ref, n in self.numbers.items()]
