"""Bibliography exports: BibTeX, RIS and CSL-JSON.

* ``csl-json``: the items as a CSL-JSON array (valid against the official ``csl-data.json`` schema);
  C0/C1 control characters and bidirectional overrides are written as ``\\uXXXX`` escapes so that the file
  cannot carry terminal escapes raw.
* ``bibtex`` and ``ris``: :mod:`pactcli.sources.bibtex` and :mod:`pactcli.sources.ris`, whose mapping
  tables also read those formats back (``pactcli import``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from typing import Any

EXPORT_FORMATS: tuple[str, ...] = ("bibtex", "ris", "csl-json")

_BIDI_RE = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


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
    return {k: v for k, v in item.items() if not str(k).startswith("_")}


def to_csl_json(items: Sequence[Mapping[str, Any]]) -> str:
    text = json.dumps([_public(it) for it in items], ensure_ascii=False, indent=2)

    def esc(m: re.Match[str]) -> str:
        return f"\\u{ord(m.group(0)):04x}"

    # json.dumps already escapes C0; escape C1, line/paragraph separators and bidi controls
    text = re.sub("[\u007f-\u009f\u2028\u2029]", esc, text)
    text = _BIDI_RE.sub(esc, text)
    return text + "\n"
