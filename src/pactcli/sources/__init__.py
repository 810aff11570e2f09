"""Bibliographies from other programs: BibTeX/BibLaTeX (:mod:`.bibtex`) and RIS (:mod:`.ris`).

Each format module has one mapping table, used both to write CSL-JSON items (``write(items) -> str``) and
to read them back (``read(text, origin) -> ImportResult``).
"""

from __future__ import annotations

from dataclasses import dataclass

from pactcli.errors import Problem


@dataclass(frozen=True)
class ImportResult:
    """What a reader found: CSL-JSON items (``id`` from the citation key, kebab-cased) and every problem."""

    items: list[dict[str, object]]
    problems: list[Problem]
