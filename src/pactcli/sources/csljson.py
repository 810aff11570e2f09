"""Reading CSL-JSON, as Zotero ("Export Library… → CSL JSON") and Better BibTeX write it.

The input is an array of items, or one item. Each item must be an object with an ``id`` (a string or a
number, as Zotero writes it); the item's line in the input is kept as ``"_line"`` for later messages. The
items are otherwise returned as they are: mapping them to store fields is
:mod:`pactcli.sources.importer`'s job, the same for every format.
"""

from __future__ import annotations

import json

from pactcli.errors import Problem
from pactcli.sources import ImportResult

__all__ = ["read"]


def _line(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def read(text: str, origin: str) -> ImportResult:
    """The items of a CSL-JSON document, and a problem for each item that is not one."""
    decoder = json.JSONDecoder()
    start = len(text) - len(text.lstrip())
    try:
        if text.startswith("[", start):
            values = _array(decoder, text, start)
        else:
            value, _ = decoder.raw_decode(text, start)
            _check_end(text, _)
            values = [(start, value)]
    except json.JSONDecodeError as exc:
        return ImportResult([], [Problem(origin, exc.lineno, "", "", f"not JSON: {exc.msg}")])
    except RecursionError:
        return ImportResult([], [Problem(origin, 1, "", "", "JSON nested too deeply")])
    items: list[dict[str, object]] = []
    problems: list[Problem] = []
    for number, (offset, value) in enumerate(values, start=1):
        line = _line(text, offset)
        record = f"item {number}"
        if not isinstance(value, dict):
            problems.append(Problem(origin, line, record, "", "must be a CSL-JSON object { … }"))
            continue
        ident = value.get("id")
        if isinstance(ident, bool) or not isinstance(ident, (str, int)) or not str(ident).strip():
            problems.append(Problem(origin, line, record, "id", "required: every CSL-JSON item needs an id"))
            continue
        item = dict(value)
        item["id"] = str(ident).strip()
        item["_line"] = line
        items.append(item)
    return ImportResult(items, problems)


def _array(decoder: json.JSONDecoder, text: str, start: int) -> list[tuple[int, object]]:
    """The elements of the top-level array with their offsets (json.loads would lose where each began)."""
    values: list[tuple[int, object]] = []
    i = start + 1
    while True:
        while i < len(text) and text[i] in " \t\r\n":
            i += 1
        if text.startswith("]", i) and not values:
            _check_end(text, i + 1)
            return values
        value, end = decoder.raw_decode(text, i)
        values.append((i, value))
        i = end
        while i < len(text) and text[i] in " \t\r\n":
            i += 1
        if text.startswith(",", i):
            i += 1
            continue
        if text.startswith("]", i):
            _check_end(text, i + 1)
            return values
        raise json.JSONDecodeError("expected ',' or ']'", text, i)


def _check_end(text: str, end: int) -> None:
    rest = text[end:]
    if rest.strip():
        raise json.JSONDecodeError(
            "extra data after the JSON value", text, end + len(rest) - len(rest.lstrip())
        )
