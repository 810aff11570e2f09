"""The CSL-JSON vocabulary pactcli reads in a store's ``[[sources]]``: which fields hold dates and names.

Shared by the store's validator (:mod:`pactcli.store`) and the CSL conversion (:mod:`pactcli.citations.csl`),
which must agree on it; a module of its own so the validator need not import the citation formatters.
Field names from the CSL 1.0.2 specification (https://docs.citationstyles.org/en/stable/specification.html).
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
