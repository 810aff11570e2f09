"""The shipped chronology: complete, sourced, and converted correctly (checked against GNU date)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from pactcli.store import parse as store
from pactcli.store.model import SOURCE_KINDS
from pactcli.time import zones
from pactcli.time.clocks import reading

REQUIRED_IDS = [
    "pact-signed",
    "mongolia-manchukuo-declaration",
    "pact-in-force",
    "pearl-harbor",
    "barbarossa",
    "tripartite-pact",
    "molotov-ribbentrop-pact",
    "khalkhin-gol",
    "yamashita-to-manchuria",
    "pact-denounced",
    "german-surrender",
    "hiroshima",
    "soviet-declaration-of-war",
    "manchurian-offensive",
    "nagasaki",
    "japan-surrender-signed",
    "pact-expiry",
]


# Events for which no document or scholarship with a checkable passage was found: validate warns about each
# (docs/store-format.md, "Kinds of source"). The list may only shrink.
TERTIARY_ONLY: list[str] = []

# Events whose main claim was read only in copies of doubtful standing (mirror, aggregator, blog, forum,
# unread: docs/store-format.md, "The copy that was read"), no better copy of the same work having been found.
# The list may only shrink.
DOUBTFUL_COPIES_ONLY = [
    "soviet-counterproposal",
    "yamashita-to-manchuria",
    "time-so-sorry-mr-sato",
]


@pytest.fixture(scope="module")
def embedded():
    loaded, problems = store.validate([store.EMBEDDED])
    # No errors, and no warning but one for each event that rests on reference works alone and one for each
    # that rests on doubtful copies alone.
    found = sorted((p.severity, p.record, p.field, p.message.split(" (")[0]) for p in problems)
    assert found == sorted(
        [("warning", f"event {eid}", "sources", "rests only on tertiary sources") for eid in TERTIARY_ONLY]
        + [
            ("warning", f"event {eid}", "sources", "rests only on copies of doubtful standing")
            for eid in DOUBTFUL_COPIES_ONLY
        ]
    )
    return loaded


def test_counts_and_required_ids(embedded) -> None:
    assert len(embedded.events) >= 60
    assert len(embedded.sources) >= 25
    missing = [eid for eid in REQUIRED_IDS if embedded.event(eid) is None]
    assert missing == []


def test_every_event_is_sourced_and_resolves(embedded) -> None:
    for event in embedded.events:
        assert event.sources, event.id
        for ref in event.cited_sources():
            assert ref.id in embedded.sources, (event.id, ref.id)


def test_every_source_is_graded_and_no_event_rests_on_a_forum_or_blog(embedded) -> None:
    assert [sid for sid, source in embedded.sources.items() if source.kind not in SOURCE_KINDS] == []
    assert [sid for sid, source in embedded.sources.items() if source.copy is None] == []
    # Forum and blog copies support another claim or stand beside a better copy, never an event alone.
    for event in embedded.events:
        hosts = {embedded.sources[ref.id].copy.host for ref in event.sources}
        assert not hosts <= {"forum", "blog"}, event.id
    # Forum posts and blog entries (CSL post, post-weblog) may support another claim, never an event alone.
    for event in embedded.events:
        types = {embedded.sources[ref.id].type for ref in event.sources}
        assert not types <= {"post", "post-weblog"}, event.id


def test_the_declaration_of_war_in_three_clocks(embedded) -> None:
    event = embedded.event("soviet-declaration-of-war")
    moscow, tokyo, front = (
        zones.resolve(name, embedded.zones) for name in ("Europe/Moscow", "Asia/Tokyo", "trans-baikal")
    )
    assert [reading(event.start, z).iso() for z in (moscow, tokyo, front)] == [
        "1945-08-08T17:00:00+03:00",
        "1945-08-08T23:00:00+09:00",
        "1945-08-08T23:00:00+09:00",
    ]
    # The disputed 23:00 Moscow claim would already be the 9th in Tokyo.
    late = next(c for c in event.disputes if c.start.time is not None and c.start.time.hour == 23)
    assert reading(late.start, tokyo).iso() == "1945-08-09T05:00:00+09:00"
    assert reading(late.start, tokyo).day_shift == 1


def test_pact_text_has_four_articles(embedded) -> None:
    text = embedded.event("pact-signed").text
    for article in ("ARTICLE ONE", "ARTICLE TWO", "ARTICLE THREE", "ARTICLE FOUR"):
        assert article in text


@pytest.mark.skipif(shutil.which("date") is None, reason="GNU date not installed")
def test_conversions_agree_with_gnu_date(embedded) -> None:
    """An independent oracle: GNU date with TZ=… (the host's tz database) for every timed event."""
    probe = subprocess.run(
        ["date", "-d", "@0", "+%z"], capture_output=True, text=True, check=False, env={"TZ": "Asia/Tokyo"}
    )
    if probe.stdout.strip() != "+0900":
        pytest.skip("no GNU date with a tz database on this host")
    names = [
        "Europe/Moscow",
        "Asia/Tokyo",
        "Asia/Chita",
        "Europe/Berlin",
        "America/New_York",
        "Pacific/Honolulu",
        "Europe/London",
    ]
    checked = 0
    for event in embedded.events:
        instant = event.start.instant
        if instant is None:
            continue
        epoch = int(instant.timestamp())
        for name in names:
            proc = subprocess.run(
                ["date", "-d", f"@{epoch}", "+%Y-%m-%dT%H:%M:%S%:z"],
                capture_output=True,
                text=True,
                env={"TZ": name},
                check=False,
            )
            expected = proc.stdout.strip()
            assert reading(event.start, zones.resolve(name)).iso() == expected, (event.id, name)
            checked += 1
    assert checked >= 100


def test_readme_counts_of_sources_by_kind_are_the_stores(embedded) -> None:
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    found = re.search(
        r"\*\*(\d+) sources, (\d+) are primary, (\d+) secondary and (\d+) tertiary\*\*"
        r".*?\*\*(\d+) of\s+the (\d+) events\*\*",
        readme,
        re.S,
    )
    assert found, "README: the counts of sources by kind are missing"
    kinds = [source.kind for source in embedded.sources.values()]
    assert [int(n) for n in found.groups()] == [
        len(kinds),
        kinds.count("primary"),
        kinds.count("secondary"),
        kinds.count("tertiary"),
        len(TERTIARY_ONLY),
        len(embedded.events),
    ]


def test_readme_counts_of_sources_by_copy_are_the_stores(embedded) -> None:
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    found = re.search(r"By the copy that was read: \*\*(.*?)\*\*", readme, re.S)
    assert found, "README: the counts of sources by copy are missing"
    stated = {host: int(n) for n, host in re.findall(r"(\d+) ([a-z]+)", found.group(1))}
    hosts = [source.copy.host for source in embedded.sources.values() if source.copy is not None]
    assert stated == {host: hosts.count(host) for host in set(hosts)}
    doubtful = re.search(r"\*\*(\d+)\*\* rest\s+only on copies of doubtful standing", readme)
    assert doubtful and int(doubtful.group(1)) == len(DOUBTFUL_COPIES_ONLY)
