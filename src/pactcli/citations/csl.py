"""Turning a store's ``[[sources]]`` table into a CSL-JSON item.

The store writes sources as CSL-JSON fields in TOML (docs/store-format.md). ``to_csl`` keeps
every field, sets ``id``, and converts:

* dates (``issued``, ``accessed``, ``original-date``, ``event-date``, ``submitted``,
  ``available-date``) from a TOML date or an EDTF-like string to CSL ``date-parts``:
  ``"1945"`` → ``[[1945]]``, ``"1945-04"`` → ``[[1945, 4]]``, ``1945-04-16`` →
  ``[[1945, 4, 16]]``, ``"1941/1945"`` → ``[[1941], [1945]]``. A trailing ``~``
  (approximate) or ``%`` (approximate and uncertain) sets ``"circa": true``; ``?``
  (uncertain) has no CSL equivalent and is dropped from the CSL item (CSL-JSON cannot say
  "uncertain");
* names: inline tables are copied with their CSL keys (``family``, ``given``, particles,
  ``suffix``, ``literal``, ``static-ordering``, ``comma-suffix``, ``parse-names``);
* integers stay integers where CSL-JSON allows numbers (``volume``, ``issue``, ``page``…),
  and become strings elsewhere (``version``, ``ISBN``…).

Anything that cannot be converted raises ``ValueError`` naming the field.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Mapping
from typing import Any

from pactcli.csl_fields import DATE_FIELDS, NAME_FIELDS, NAME_KEYS

NUMBER_FIELDS = frozenset(
    [
        "chapter-number",
        "citation-number",
        "collection-number",
        "edition",
        "first-reference-note-number",
        "issue",
        "locator",
        "number",
        "number-of-pages",
        "number-of-volumes",
        "page",
        "page-first",
        "part",
        "printing",
        "supplement",
        "volume",
    ]
)
ALIASES = {"archive-location": "archive_location", "event": "event-title"}

_EDTF_DAY = re.compile(r"^(-?\d{1,4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def _date_part(text: str, field: str) -> list[int]:
    m = _EDTF_DAY.match(text)
    if not m:
        raise ValueError(f"{field}: not a date: {text!r} (expected YYYY, YYYY-MM or YYYY-MM-DD)")
    parts = [int(m.group(1))]
    if m.group(2):
        month = int(m.group(2))
        if not 1 <= month <= 12:
            raise ValueError(f"{field}: month out of range in {text!r}")
        parts.append(month)
        if m.group(3):
            day = int(m.group(3))
            try:
                _dt.date(parts[0] if parts[0] > 0 else 2000, month, day)
            except ValueError:
                raise ValueError(f"{field}: no such day: {text!r}") from None
            parts.append(day)
    return parts


def convert_date(value: Any, field: str = "date") -> dict[str, Any]:
    """A store date (TOML date or EDTF-like string) as a CSL date object."""
    if isinstance(value, _dt.datetime):
        value = value.date()
    if isinstance(value, _dt.date):
        return {"date-parts": [[value.year, value.month, value.day]]}
    if isinstance(value, Mapping):
        if "date-parts" in value or "literal" in value or "raw" in value:
            return dict(value)
        raise ValueError(f"{field}: a date table needs date-parts")
    if isinstance(value, int) and not isinstance(value, bool):
        return {"date-parts": [[value]]}
    if not isinstance(value, str):
        raise ValueError(f"{field}: expected a date or a string, got {type(value).__name__}")
    text = value.strip()
    circa = False
    sides = text.split("/")
    if len(sides) > 2:
        raise ValueError(f"{field}: not a date or an interval: {value!r}")
    parts: list[list[int]] = []
    for raw_side in sides:
        side = raw_side.strip()
        qual = ""
        while side and side[-1] in "~?%":
            qual += side[-1]
            side = side[:-1]
        if "~" in qual or "%" in qual:
            circa = True
        if not side or side == "..":
            raise ValueError(f"{field}: open intervals are not supported: {value!r}")
        parts.append(_date_part(side, field))
    out: dict[str, Any] = {"date-parts": parts}
    if circa:
        out["circa"] = True
    return out


def _convert_name(value: Any, field: str) -> dict[str, Any]:
    if isinstance(value, str):
        return {"literal": value}
    if not isinstance(value, Mapping):
        raise ValueError(f"{field}: a name must be a table")
    out: dict[str, Any] = {}
    for key, v in value.items():
        if key not in NAME_KEYS:
            raise ValueError(f"{field}: unknown name key {key!r}")
        if key in ("static-ordering", "comma-suffix", "parse-names"):
            out[key] = v if isinstance(v, (bool, int, str)) else bool(v)
        else:
            out[key] = str(v)
    if not any(out.get(k) for k in ("family", "given", "literal")):
        raise ValueError(f"{field}: a name needs family, given or literal")
    return out


def to_csl(source_id: str, fields: Mapping[str, object]) -> dict[str, Any]:
    """The CSL-JSON item for a ``[[sources]]`` entry (``fields`` without its ``id``)."""
    item: dict[str, Any] = {"id": source_id}
    for raw_key, value in fields.items():
        key = ALIASES.get(raw_key, raw_key)
        if key == "id":
            continue
        if key in DATE_FIELDS:
            item[key] = convert_date(value, key)
        elif key in NAME_FIELDS:
            if not isinstance(value, list):
                raise ValueError(f"{key}: expected an array of names")
            item[key] = [_convert_name(v, key) for v in value]
        elif isinstance(value, bool):
            item[key] = value
        elif isinstance(value, int):
            item[key] = value if key in NUMBER_FIELDS else str(value)
        elif isinstance(value, (str, float)):
            item[key] = str(value)
        elif isinstance(value, list) and key == "categories":
            item[key] = [str(v) for v in value]
        elif isinstance(value, Mapping) and key == "custom":
            item[key] = dict(value)
        else:
            raise ValueError(f"{key}: unsupported value of type {type(value).__name__}")
    if "type" not in item:
        raise ValueError("type: required")
    return item
