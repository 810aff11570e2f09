"""The timeline filters (``--from --to --any-claim --tag --search --limit --reverse --min-source``), shared by
every command that selects events the way ``timeline`` does (``timeline``, ``publish``): one definition, one
help text."""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING, Annotated

import typer

from pactcli.cli.app import choices
from pactcli.cli.common import count_option

if TYPE_CHECKING:
    from pactcli.store.model import Store
    from pactcli.store.queries import Selection

FromOption = Annotated[
    str | None,
    typer.Option(
        "--from",
        metavar="DATE",
        help="From this date (1941, 1945-08, 1945-08-09), by each event's main claim (see --any-claim).",
    ),
]
ToOption = Annotated[
    str | None,
    typer.Option(
        "--to",
        metavar="DATE",
        help="Up to this date, inclusive, by each event's main claim.",
    ),
]
AnyClaimOption = Annotated[
    bool,
    typer.Option(
        "--any-claim",
        help="--from/--to match an event if any of its claims, main or disputed, falls in the period.",
    ),
]
TagOption = Annotated[
    list[str] | None, typer.Option("--tag", metavar="TAG", help="Only events with this tag (repeatable).")
]
SearchOption = Annotated[
    str | None,
    typer.Option(
        "--search",
        metavar="TEXT",
        help="Words in title, summary, place, participants or cited sources' titles, diacritics folded. "
        'FTS5 syntax: "a phrase", prefix*, AND, OR, NOT, title:word (docs/sqlite.md).',
    ),
]
LimitOption = Annotated[
    int | None,
    typer.Option("--limit", metavar="N", parser=count_option("--limit"), help="At most N events."),
]
ReverseOption = Annotated[bool, typer.Option("--reverse", help="Newest first.")]


class MinSource(str, enum.Enum):
    secondary = "secondary"
    primary = "primary"


MinSourceOption = Annotated[
    MinSource | None,
    typer.Option(
        "--min-source",
        metavar="KIND",
        help=f"Only events whose main claim cites a source of this kind or better: {choices(MinSource)} "
        "(primary ranks above secondary).",
    ),
]


def selection(
    loaded: Store,
    date_from: str | None,
    date_to: str | None,
    tag: list[str] | None,
    search: str | None,
    limit: int | None,
    reverse: bool,
    min_source: MinSource | None = None,
    any_claim: bool = False,
) -> Selection:
    """The :class:`~pactcli.store.queries.Selection` the filter options ask for (dates parsed against the
    store)."""
    from pactcli.cli.common import user_date
    from pactcli.errors import UsageError
    from pactcli.store.queries import Selection

    start, end = user_date(date_from, "--from", loaded), user_date(date_to, "--to", loaded)
    if start is not None and end is not None and start.first_day() > end.last_day():
        raise UsageError(f"--from {str(date_from).strip()} is after --to {str(date_to).strip()}")
    if tag:
        from pactcli.store.queries import check_tags

        check_tags(loaded, tag)  # an unknown tag is a usage error; a known one matching nothing is empty
    return Selection(
        start=start,
        end=end,
        tags=tuple(tag or ()),
        search=search,
        limit=limit,
        reverse=reverse,
        min_source=min_source.value if min_source is not None else None,
        any_claim=any_claim,
    )
