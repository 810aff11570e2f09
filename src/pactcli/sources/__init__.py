"""Bibliographies from elsewhere: readers of CSL-JSON, BibTeX and RIS, and what they hand to ``import``.

Each format is a module ``pactcli.sources.<format>`` (``csljson``, ``bibtex``, ``ris``) with one function::

    def read(text: str, origin: str) -> ImportResult

``origin`` names the input in messages (a path, or ``<stdin>``). The reader turns every entry into a
CSL-JSON item (a dict with at least ``"id"``, the entry's citation key or ID) and reports each problem as a
:class:`~pactcli.errors.Problem` with the input's line, or entry number where lines are unknown: an error
for an entry it cannot read, a warning for a part of an entry it cannot map. An item may carry ``"_line"``
(the line it starts on, an int) so that later messages about it can name the line. Readers never write.
:mod:`pactcli.sources.importer` maps the items to store sources, the same way for every format.

The BibTeX and RIS modules also have ``write(items) -> str`` (``cite --format bibtex|ris``): one mapping table
per format serves both directions, so what pactcli writes it reads back unchanged (docs/citations.md).
"""

from __future__ import annotations

from dataclasses import dataclass

from pactcli.errors import Problem

__all__ = ["EXTENSIONS", "FORMATS", "ImportResult"]

FORMATS = ("csljson", "bibtex", "ris")
EXTENSIONS = {".json": "csljson", ".bib": "bibtex", ".bibtex": "bibtex", ".biblatex": "bibtex", ".ris": "ris"}


@dataclass(frozen=True)
class ImportResult:
    """What a reader found: CSL-JSON items (each with ``"id"``) and every problem, in input order."""

    items: list[dict[str, object]]
    problems: list[Problem]
