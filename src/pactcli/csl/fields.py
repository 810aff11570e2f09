"""The CSL-JSON vocabulary pactcli reads in a store's ``[[sources]]``: which fields hold dates, names and
numbers, and the other spellings of a few of them that pactcli reads as the specification's.

Shared by the store's validator (:mod:`pactcli.store.parse`) and the CSL conversion
(:mod:`pactcli.citations.csl`), which must agree on it; a module of its own so the validator need not import
the citation formatters. Field names from the CSL 1.0.2 specification (https://docs.citationstyles.org/en/stable/specification.html).
"""

from __future__ import annotations

DATE_FIELDS = frozenset(["issued", "accessed", "original-date", "event-date", "submitted", "available-date"])
NAME_FIELDS = frozenset(
    [
        "author",
        "chair",
        "collection-editor",
        "compiler",
        "composer",
        "container-author",
        "contributor",
        "curator",
        "director",
        "editor",
        "editorial-director",
        "executive-producer",
        "guest",
        "host",
        "interviewer",
        "illustrator",
        "narrator",
        "organizer",
        "original-author",
        "performer",
        "producer",
        "recipient",
        "reviewed-author",
        "script-writer",
        "series-creator",
        "translator",
    ]
)
NAME_KEYS = frozenset(
    [
        "family",
        "given",
        "dropping-particle",
        "non-dropping-particle",
        "suffix",
        "comma-suffix",
        "static-ordering",
        "literal",
        "parse-names",
    ]
)

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
        "part-number",
        "printing-number",
        "section",
        "supplement-number",
        "version",
        "volume",
    ]
)
"""CSL 1.0.2's number variables (Appendix IV), as the specification, citeproc-js and pactcli.csl name them."""

SCHEMA_NAMES = {"part-number": "part", "printing-number": "printing", "supplement-number": "supplement"}
"""The CSL-JSON schema of 1.0.2 (csl-data.json, which allows no other keys) spells three number variables
without "-number"; the specification and the processors (citeproc-js, pactcli.csl) read only the "-number"
names. pactcli stores and formats with the specification's names, writes the schema's in its CSL-JSON
export (so that the file validates), and reads both."""

ALIASES = {
    "archive-location": "archive_location",
    "event": "event-title",
    **{schema: spec for spec, schema in SCHEMA_NAMES.items()},
}
"""Other spellings of CSL variables → the name pactcli stores and the processor reads."""
