"""Bibliography exports: BibTeX, RIS and CSL-JSON.

* ``csl-json``: the items as a CSL-JSON array (valid against the official ``csl-data.json`` schema, so
  ``part-number``, ``printing-number`` and ``supplement-number`` take the schema's names ``part``,
  ``printing`` and ``supplement``, which pactcli reads back);
  every control, format and separator character (C0, C1, bidi controls, zero-width characters, BOM:
  :mod:`pactcli.render.safe`) is written as a ``\\uXXXX`` escape, so the file carries none raw and the
  data is kept exactly.
* ``bibtex`` and ``ris``: :mod:`pactcli.sources.bibtex` and :mod:`pactcli.sources.ris`, whose mapping
  tables also read those formats back (``pactcli import``). Their values are one line each by the same
  policy (:func:`pactcli.render.safe.one_line`): line breaks become spaces, every other hidden character
  its visible escape.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from pactcli.csl.fields import SCHEMA_NAMES
from pactcli.render.safe import json_dumps

EXPORT_FORMATS: tuple[str, ...] = ("bibtex", "ris", "csl-json")


def export(items: Sequence[Mapping[str, Any]], fmt: str) -> str:
    """Serialise CSL-JSON ``items`` as ``fmt`` (one of ``EXPORT_FORMATS``)."""
    if fmt == "csl-json":
        return to_csl_json(items)
    if fmt == "bibtex":
        from pactcli.sources import bibtex

        return bibtex.write(items)
    if fmt == "ris":
        from pactcli.sources import ris

        return ris.write(items)
    raise ValueError(f"unknown export format {fmt!r}; expected one of: {', '.join(EXPORT_FORMATS)}")


def _public(item: Mapping[str, Any]) -> dict[str, Any]:
    # The schema's names for part-number, printing-number, supplement-number (csl_fields.SCHEMA_NAMES).
    return {SCHEMA_NAMES.get(k, k): v for k, v in item.items() if not str(k).startswith("_")}


def to_csl_json(items: Sequence[Mapping[str, Any]]) -> str:
    # The one JSON writer of pactcli: every control, format and separator character as \uXXXX.
    return json_dumps([_public(it) for it in items], indent=2) + "\n"
