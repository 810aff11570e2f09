"""Turning a store's ``[[sources]]`` table into a CSL-JSON item.

The store writes sources as CSL-JSON fields in TOML (docs/store-format.md). ``to_csl`` keeps
every field, sets ``id``, and converts:

* dates (``issued``, ``accessed``, ``original-date``, ``event-date``, ``submitted``,
  ``available-date``) to CSL-JSON date objects by :func:`pactcli.csl.json_dates.to_csl_json`, the one
  definition the store's validator uses too: ``"1945"`` → ``{"date-parts": [[1945]]}``,
  ``"1941/1945"`` → ``[[1941], [1945]]``, ``"1945-04~"`` adds ``"circa": true``; a CSL-JSON date
  table (``date-parts``, ``season``, ``circa``, ``literal``, ``raw``) is exported as written, with
  its numbers as integers;
* names: inline tables are copied with their CSL keys (``family``, ``given``, particles,
  ``suffix``, ``literal``, ``static-ordering``, ``comma-suffix``, ``parse-names``);
* integers stay integers where CSL-JSON allows numbers (``volume``, ``issue``, ``page``,
  ``part-number``…: :data:`pactcli.csl.fields.NUMBER_FIELDS`), and become strings elsewhere
  (``version``, ``ISBN``…);
* other spellings are read as the specification's names (:data:`pactcli.csl.fields.ALIASES`): the
  CSL-JSON schema's ``part``, ``printing`` and ``supplement`` are ``part-number``, ``printing-number``
  and ``supplement-number``.

Anything that cannot be converted raises ``ValueError`` naming the field.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pactcli.csl.fields import ALIASES, DATE_FIELDS, NAME_FIELDS, NAME_KEYS, NUMBER_FIELDS
from pactcli.csl.json_dates import CslDateError, to_csl_json

# Integers stay integers in the CSL-JSON export where the CSL-JSON schema allows a number: every number
# variable but section and version, which csl-data.json types as strings.
INTEGER_FIELDS = NUMBER_FIELDS - {"section", "version"}


def convert_date(value: Any, field: str = "date") -> dict[str, Any]:
    """A store date (TOML date, EDTF-like string or CSL-JSON date table) as a CSL date object."""
    try:
        return to_csl_json(value)
    except CslDateError as exc:
        raise ValueError(f"{field}: {exc}") from None


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
            item[key] = value if key in INTEGER_FIELDS else str(value)
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
