"""``timeline`` through the real entry point: exact output for people and for scripts."""

from __future__ import annotations

import csv
import io
import json

import pytest

from .conftest import MINI

TABLE_1945 = """\
When (own clock)   Moscow      Tokyo       UTC         Event · place                           Refs
----------------------------------------------------------------------------------------------------
5 Apr 1945         5 Apr       5 Apr       5 Apr       Pact denounced                          [1]
15:00 MSK          15:00       21:00       12:00

8 May 1945         9 May +1d   9 May +1d   8 May       Cessation of hostilities in Europe      [2]
23:01 +01:00       01:01       07:01       22:01

8 Aug 1945         8 Aug       8 Aug       8 Aug       Molotov hands Sato the declaration of   [1,3]
17:00 MSK          17:00       23:00       14:00       war [disputed]

9 Aug 1945         8 Aug -1d   9 Aug       8 Aug -1d   Manchurian offensive begins             [4]
c. 00:10 +09       18:10~      00:10~      15:10~

25 Apr 1946                                            Pact would have expired [disputed]      [1,5]

[1] Time, So Sorry, Mr. Sato
[2] Hasegawa, Racing the Enemy, 70
[3] Hasegawa, Racing the Enemy, 191
[4] Hasegawa, Racing the Enemy, 193
[5] Hasegawa, Racing the Enemy
Zone times convert the stated instant; a date without a time of day is the event's own local day \
and is not converted. +1d/-1d: the day differs from the event's own clock. ~ approximate, ? uncertain.
"""


def _strip(text: str) -> str:
    return "\n".join(line.rstrip() for line in text.splitlines()) + "\n"


def test_table_exact_on_a_pipe(run) -> None:
    result = run("--store", str(MINI), "timeline", "--from", "1945")
    assert result.code == 0, result.err
    assert result.err == ""
    assert _strip(result.out) == TABLE_1945
    assert "\x1b" not in result.out  # not a terminal: no escape sequences at all


def test_reduced_precision_is_shown_as_it_is(run) -> None:
    out = run("--store", str(MINI), "timeline", "--to", "1942").out
    assert "Jul 1942 " in out and "1 Jul 1942" not in out
    # A date without a time of day is not converted: the zone cells of that row stay empty.
    row = next(line for line in out.splitlines() if line.startswith("13 Apr 1941"))
    assert row.split() == ["13", "Apr", "1941", "Neutrality", "Pact", "signed", "[2]"]


def test_json_contract_keys(run) -> None:
    records = json.loads(run("--store", str(MINI), "timeline", "--format", "json").out)
    assert [r["id"] for r in records] == [
        "khalkhin-gol",
        "pact-signed",
        "yamashita-to-manchuria",
        "pact-denounced",
        "german-surrender",
        "soviet-declaration-of-war",
        "manchurian-offensive",
        "pact-expiry",
    ]
    assert set(records[0]) == {
        "id",
        "title",
        "start",
        "end",
        "precision",
        "end_precision",
        "approximate",
        "uncertain",
        "offset_source",
        "start_utc",
        "end_utc",
        "zone",
        "place",
        "participants",
        "tags",
        "summary",
        "sources",
        "disputed",
        "disputes",
        "times",
        "end_times",
        "start_local",
        "end_local",
        "weekday",
        "end_weekday",
    }
    declaration = records[5]
    assert declaration["start"] == "1945-08-08T17:00:00"
    assert declaration["start_utc"] == "1945-08-08T14:00:00Z"
    assert declaration["offset_source"] == "tzdata"
    assert declaration["times"] == {
        "Europe/Moscow": "1945-08-08T17:00:00+03:00",
        "Asia/Tokyo": "1945-08-08T23:00:00+09:00",
        "UTC": "1945-08-08T14:00:00+00:00",
    }
    # 8 August 1945 was a Wednesday (in Moscow's clock; the disputed 23:00 is still 8 August there).
    assert (declaration["weekday"], declaration["start_local"]) == ("Wednesday", "1945-08-08T17:00:00+03:00")
    # Every claim in every display zone: the disputed 23:00 Moscow is 05:00 on 9 August in Tokyo.
    assert declaration["disputes"] == [
        {
            "start": "1945-08-08T23:00:00",
            "end": None,
            "precision": "minute",
            "start_utc": "1945-08-08T20:00:00Z",
            "end_utc": None,
            "zone": "Europe/Moscow",
            "sources": [{"id": "time-1945", "locator": None, "label": None, "quote": None, "kind": None, "copy": None}],
            "note": "Gives 11 p.m. Moscow time.",
            "start_local": "1945-08-08T23:00:00+03:00",
            "end_local": None,
            "weekday": "Wednesday",
            "times": {
                "Europe/Moscow": "1945-08-08T23:00:00+03:00",
                "Asia/Tokyo": "1945-08-09T05:00:00+09:00",
                "UTC": "1945-08-08T20:00:00+00:00",
            },
            "end_times": {},
        }
    ]
    month = records[2]
    assert (month["start"], month["precision"], month["start_utc"], month["times"], month["weekday"]) == (
        "1942-07",
        "month",
        None,
        {},
        None,  # no day, so no day of the week
    )
    # 13 April 1941, the signing, was a Sunday; 25 April 1946 a Thursday.
    assert [records[1]["weekday"], records[-1]["weekday"]] == ["Sunday", "Thursday"]
    surrender = records[4]
    assert (surrender["start"], surrender["offset_source"]) == ("1945-05-08T23:01:00+01:00", "source")


def test_jsonl_is_one_object_per_line(run) -> None:
    lines = run("--store", str(MINI), "timeline", "--format", "jsonl", "--tag", "pact").out.splitlines()
    assert [json.loads(line)["id"] for line in lines] == ["pact-signed", "pact-denounced"]


def test_csv_exact_and_parseable(run) -> None:
    out = run(
        "--store", str(MINI), "timeline", "--format", "csv", "--search", "title:sato", "--tz", "asia/tokyo"
    ).out
    assert out == (
        "id,title,start,end,precision,start_utc,end_utc,zone,time_Asia/Tokyo,place,tags,sources,disputed\r\n"
        "soviet-declaration-of-war,Molotov hands Sato the declaration of war,1945-08-08T17:00:00,,minute,"
        "1945-08-08T14:00:00Z,,Europe/Moscow,1945-08-08T23:00:00+09:00,,1945-endgame,"
        "hasegawa-2005 (191),yes\r\n"
    )
    rows = list(csv.DictReader(io.StringIO(out)))
    assert rows[0]["time_Asia/Tokyo"] == "1945-08-08T23:00:00+09:00"


def test_filters_limit_reverse(run) -> None:
    out = run("--store", str(MINI), "timeline", "--format", "jsonl", "--reverse", "--limit", "2").out
    assert [json.loads(line)["id"] for line in out.splitlines()] == ["pact-expiry", "manchurian-offensive"]
    out = run(
        "--store", str(MINI), "timeline", "--format", "jsonl", "--from", "1945-08", "--to", "1945-08"
    ).out
    assert [json.loads(line)["id"] for line in out.splitlines()] == [
        "soviet-declaration-of-war",
        "manchurian-offensive",
    ]


def test_markdown_and_tsv(run) -> None:
    md = run("--store", str(MINI), "timeline", "--format", "markdown", "--tag", "europe").out
    assert (
        md.splitlines()[0] == "| When (local) | Europe/Moscow | Asia/Tokyo | UTC | Event | Place | Sources |"
    )
    # Nothing here is Markdown syntax, so nothing is escaped; the local time carries its offset.
    assert md.splitlines()[2] == (
        "| 1945-05-08T23:01:00+01:00 | 1945-05-09T01:01:00+03:00 | 1945-05-09T07:01:00+09:00 | "
        "1945-05-08T22:01:00+00:00 | Cessation of hostilities in Europe |  | hasegawa-2005 (70) |"
    )
    # A local time whose offset tzdata supplies is shown with it; an approximate one keeps its ~.
    md = run("--store", str(MINI), "timeline", "--format", "markdown", "--from", "1945-08", "--weekday").out
    assert md.splitlines()[0].startswith("| When (local) | Weekday | Europe/Moscow |")
    assert md.splitlines()[2].startswith("| 1945-08-08T17:00:00+03:00 | Wednesday | ")
    assert md.splitlines()[3].startswith("| 1945-08-09T00:10:00+09:00~ | Thursday | ")
    tsv = run("--store", str(MINI), "timeline", "--format", "tsv", "--tag", "europe", "--tz", "UTC").out
    assert tsv.splitlines()[1].split("\t")[:3] == [
        "german-surrender",
        "Cessation of hostilities in Europe",
        "1945-05-08T23:01:00+01:00",
    ]


def test_calendar_columns(run) -> None:
    records = json.loads(
        run(
            "--store",
            str(MINI),
            "timeline",
            "--format",
            "json",
            "--tag",
            "pact",
            "--calendar",
            "japanese",
            "--calendar",
            "julian",
        ).out
    )
    assert records[0]["calendars"] == {"japanese": "昭和16年4月13日", "julian": "1941-03-31 O.S."}


def test_usage_errors_are_one_line_exit_2(run) -> None:
    for args, message in [
        (("timeline", "--tz", "Mars/Olympus"), "pactcli: --tz: unknown zone 'Mars/Olympus'\n"),
        (
            ("timeline", "--tz", "GMT+3"),
            "pactcli: --tz: ambiguous zone 'GMT+3': use a place name such as "
            "America/New_York or a fixed offset such as +03:00 (in tz, 'Etc/GMT+3' "
            "means UTC-3)\n",
        ),
        (
            ("timeline", "--format", "xml"),
            "pactcli: Invalid value for '--format': 'xml' is not one of 'table', "
            "'json', 'jsonl', 'csv', 'tsv', 'markdown', 'ics', 'timelinejs', 'svg', 'html'.\n",
        ),
        (
            ("timeline", "--calendar", "mayan"),
            "pactcli: Invalid value for '--calendar': 'mayan' is not one of "
            "'japanese', 'julian', 'minguo', 'manchukuo'.\n",
        ),
    ]:
        result = run("--store", str(MINI), *args)
        assert (result.code, result.err, result.out) == (2, message, ""), args


def test_store_errors_exit_1(run, tmp_path) -> None:
    result = run("--store", str(tmp_path / "missing.toml"), "timeline")
    assert (result.code, result.err) == (1, f"pactcli: {tmp_path / 'missing.toml'}: no such file\n")


def test_pactcli_store_environment_variable(run) -> None:
    result = run("timeline", "--format", "jsonl", "--tag", "manchuria", env={"PACTCLI_STORE": str(MINI)})
    assert [json.loads(line)["id"] for line in result.out.splitlines()] == [
        "yamashita-to-manchuria",
        "manchurian-offensive",
    ]


# --- --from/--to: the main claim by default, --any-claim for every claim ---------------------------------

# Four events: a misdating by years (1941 for a 1945 event), a range with a shorter disputed range, a month
# disputed by the next month, and an instant whose own civil day (9 Aug, Chita) is not its UTC day (8 Aug).
CLAIMS_STORE = """\
[store]
title = "Claim filter test"
display_zones = ["UTC"]

[[sources]]
id = "a"
type = "book"
title = "Book A"
issued = "2000"

[[sources]]
id = "b"
type = "book"
title = "Book B"
issued = "2001"

[[events]]
id = "war"
title = "Declaration of war"
start = 1945-08-08T17:00:00
zone = "Europe/Moscow"
sources = [{ id = "a" }]

[[events.disputes]]
start = 1941-08-08
sources = [{ id = "b" }]
note = "A misdating."

[[events]]
id = "battle"
title = "Battle"
start = 1939-05-11
end = 1939-09-16
zone = "Asia/Ulaanbaatar"
sources = [{ id = "a" }]

[[events.disputes]]
start = 1939-05-28
end = 1939-08-31
sources = [{ id = "b" }]
note = "A shorter battle."

[[events]]
id = "order"
title = "Order"
start = "1942-07"
zone = "Asia/Tokyo"
sources = [{ id = "a" }]

[[events.disputes]]
start = "1942-08"
sources = [{ id = "b" }]
note = "A month later."

[[events]]
id = "late-night"
title = "Late-night crossing"
start = 1945-08-09T00:10:00
zone = "Asia/Chita"
sources = [{ id = "a" }]
"""

# (--from, --to): (IDs on the main claim, IDs with --any-claim), in chronological order of the main claim.
CLAIM_CASES = {
    ("1941", "1941"): ([], ["war"]),
    ("1943", "1944"): ([], []),  # each claim on its own: nothing falls between 1941 and 1945
    ("1942-08", "1942-08"): ([], ["order"]),
    ("1942-07-31", "1942-07-31"): (["order"], ["order"]),
    ("1939-09-01", "1939-09-16"): (["battle"], ["battle"]),  # the last day of a range counts
    ("1939-05-28", None): (["battle", "order", "war", "late-night"],) * 2,
    (None, "1941-12-31"): (["battle"], ["battle", "war"]),
    ("1945-08-08", "1945-08-08"): (["war"], ["war"]),  # late-night is 8 Aug in UTC, 9 Aug in its own clock
    ("1945-08-09", "1945-08-09"): (["late-night"], ["late-night"]),
}

# The embedded store: soviet-declaration-of-war has a claim of 7 Aug 1945 and a misdating of 8 Aug 1941;
# hiroshima (6 Aug) is dated 10 Aug by one source; pact-denounced (5 Apr 1945) is misdated June 1941.
EMBEDDED_CASES = {
    ("1945-08-08", "1945-08-08"): (
        ["soviet-declaration-of-war", "molotov-briefs-ambassadors", "soviet-declaration-announced"],
        ["soviet-declaration-of-war", "molotov-briefs-ambassadors", "soviet-declaration-announced"],
    ),
    ("1945-08-07", "1945-08-07"): ([], ["soviet-declaration-of-war"]),
    ("1945-08-10", "1945-08-10"): (
        ["japan-note-august-10", "mongolia-declares-war"],
        ["hiroshima", "japan-note-august-10", "mongolia-declares-war"],
    ),
    ("1941-08", "1941-08"): ([], ["pearl-harbor", "soviet-declaration-of-war"]),
    ("1941-06", "1941-06"): (["barbarossa"], ["barbarossa", "pact-denounced"]),
}


def _period_args(date_from: str | None, date_to: str | None) -> list[str]:
    return [*(["--from", date_from] if date_from else []), *(["--to", date_to] if date_to else [])]


def _ids(run, store: list[str], args: list[str], cache_off: bool) -> list[str]:
    env = {"PACTCLI_NO_CACHE": "1" if cache_off else "0"}
    result = run(*store, "timeline", *args, "--format", "jsonl", env=env)
    assert result.code == 0, result.err
    return [json.loads(line)["id"] for line in result.out.splitlines()]


@pytest.mark.parametrize("cache_off", [False, True], ids=["sql-index", "no-cache"])
def test_period_matches_the_main_claim_unless_any_claim(run, tmp_path, cache_off: bool) -> None:
    path = tmp_path / "claims.toml"
    path.write_text(CLAIMS_STORE, encoding="utf-8")
    store = ["--store", str(path)]
    for (date_from, date_to), (main, wide) in CLAIM_CASES.items():
        args = _period_args(date_from, date_to)
        assert _ids(run, store, args, cache_off) == main, args
        assert _ids(run, store, [*args, "--any-claim"], cache_off) == wide, args
    # Without a period --any-claim changes nothing.
    every = ["battle", "order", "war", "late-night"]
    assert _ids(run, store, [], cache_off) == _ids(run, store, ["--any-claim"], cache_off) == every


@pytest.mark.parametrize("cache_off", [False, True], ids=["sql-index", "no-cache"])
def test_period_on_the_embedded_store(run, cache_off: bool) -> None:
    for (date_from, date_to), (main, wide) in EMBEDDED_CASES.items():
        args = _period_args(date_from, date_to)
        assert _ids(run, [], args, cache_off) == main, args
        assert _ids(run, [], [*args, "--any-claim"], cache_off) == wide, args


def test_chart_and_publish_follow_the_same_selection(run) -> None:
    import re

    period = ["--from", "1945-08-10", "--to", "1945-08-10"]
    for extra, expected in (
        ([], ["japan-note-august-10", "mongolia-declares-war"]),
        (["--any-claim"], ["hiroshima", "japan-note-august-10", "mongolia-declares-war"]),
    ):
        svg = run("timeline", "--chart", "--format", "svg", *period, *extra).out
        assert sorted(set(re.findall(r'data-id="([^"]+)"', svg))) == expected
        page = run("publish", "-", *period, *extra).out
        data = re.search(r'<script type="application/json"[^>]*>(.*?)</script>', page, re.S)
        assert data is not None
        assert [e["id"] for e in json.loads(data.group(1))["events"]] == expected


def test_any_claim_is_in_the_help_of_every_command_with_the_period_filters(run) -> None:
    for command in ("timeline", "publish"):
        out = " ".join(run(command, "--help", env={"COLUMNS": "200"}).out.split())
        assert "--any-claim" in out
        assert (
            "From this date (1941, 1945-08, 1945-08-09), by each event's main claim (see --any-claim)." in out
        )
        assert "Up to this date, inclusive, by each event's main claim." in out
        assert (
            "--from/--to match an event if any of its claims, main or disputed, falls in the period." in out
        )
