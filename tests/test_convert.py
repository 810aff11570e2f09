"""``pactcli convert``: exact expected outputs, the JSON contract, DST folds and gaps, batches, refusals.

Expected local times and offsets are worked out by hand from the tz transitions listed in
/work/shared/research/facts.md §4.1-4.2 (Moscow +03 MSK all through 1930-1946, Tokyo +09 JST, Chita +09,
Berlin +02 CEST in May 1945 and +03 CEMT from 24 May 1945, London's return to GMT on 7 October 1945 at
02:00 GMT, Berlin's start of summer time on 1 April 1940 at 02:00), not computed by pactcli.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from pactcli.store.files import store_paths
from pactcli.store.parse import load
from pactcli.time.instants import convert, read_when

STORE, _ = load(store_paths([]))


def conversion_json(*args: str, run) -> dict[str, object]:
    result = run("convert", *args, "--format", "json")
    assert (result.code, result.err) == (0, ""), result.err
    return json.loads(result.out)


# (WHEN, --tz zone, local ISO in that zone, abbreviation, weekday, day shift)
INSTANTS = [
    # The seed's 23:00 Moscow time on 8 August 1945 is 20:00 UTC: 05:00 in Tokyo on the 9th.
    ("1945-08-08T23:00[Europe/Moscow]", "Asia/Tokyo", "1945-08-09T05:00+09:00", "JST", "Thursday", 1),
    ("1945-08-08T23:00+03:00", "Asia/Tokyo", "1945-08-09T05:00+09:00", "JST", "Thursday", 1),
    # 00:00 Trans-Baikal (Chita, +09) on 9 August is 15:00 UTC on the 8th: 18:00 in Moscow.
    ("1945-08-09T00:00[trans-baikal]", "Europe/Moscow", "1945-08-08T18:00+03:00", "MSK", "Wednesday", -1),
    ("1945-08-09T00:00[Asia/Chita]", "Europe/Moscow", "1945-08-08T18:00+03:00", "MSK", "Wednesday", -1),
    # Berlin kept Moscow time (CEMT, +03) from 24 May to 24 September 1945.
    ("1945-08-08T20:00Z", "Europe/Berlin", "1945-08-08T23:00+03:00", "CEMT", "Wednesday", 0),
    ("1945-08-08T20:00Z", "Pacific/Honolulu", "1945-08-08T10:30-09:30", "HWT", "Wednesday", 0),
    ("1941-12-07T18:00Z", "Asia/Tokyo", "1941-12-08T03:00+09:00", "JST", "Monday", 1),
    ("1941-12-07T18:00Z", "manchukuo", "1941-12-08T03:00+09:00", "+09", "Monday", 1),
    ("1941-12-07T18:00Z", "Asia/Shanghai", "1941-12-08T02:00+08:00", "CST", "Monday", 1),
    ("1941-04-13T12:00Z", "Europe/London", "1941-04-13T13:00+01:00", "BST", "Sunday", 0),
    ("1945-05-08T22:01Z", "Europe/Moscow", "1945-05-09T01:01+03:00", "MSK", "Wednesday", 1),
    # The German surrender as the instrument states it: 23:01 at +01:00, i.e. 00:01 on 9 May in Berlin.
    ("german-surrender", "Europe/Berlin", "1945-05-09T00:01+02:00", "CEST", "Wednesday", 1),
]


@pytest.mark.parametrize(("when", "zone", "local", "abbr", "weekday", "shift"), INSTANTS)
def test_instants_in_other_zones(run, when, zone, local, abbr, weekday, shift) -> None:
    data = conversion_json(when, "--tz", zone, run=run)
    (reading,) = data["times"]
    assert (reading["local"], reading["abbreviation"], reading["weekday"], reading["day_shift"]) == (
        local,
        abbr,
        weekday,
        shift,
    )
    assert reading["zone"] == zone if zone != "manchukuo" else reading["label"] == "Manchukuo"


def test_local_time_with_from_tz(run) -> None:
    data = conversion_json("1945-08-08T23:00", "--from-tz", "Europe/Moscow", "--tz", "Asia/Tokyo", run=run)
    assert data["value"] == "1945-08-08T23:00+03:00"
    assert data["offset_source"] == "tzdata"
    assert data["utc"] == "1945-08-08T20:00:00Z"
    assert data["times"][0]["local"] == "1945-08-09T05:00+09:00"
    # A [zone] suffix wins over --from-tz.
    data = conversion_json(
        "1945-08-09T00:00[Asia/Chita]", "--from-tz", "Europe/Moscow", "--tz", "UTC", run=run
    )
    assert data["utc"] == "1945-08-08T15:00:00Z"


def test_example_questions_text(run) -> None:
    """The questions of issue 18, answered the way docs/convert.md shows them."""
    assert run(
        "convert", "1945-08-08T23:00[Europe/Moscow]", "--tz", "Asia/Tokyo", "--format", "text"
    ).out == ("1945-08-09T05:00+09:00\n")
    assert run(
        "convert", "1945-08-09T00:00[trans-baikal]", "--tz", "Europe/Moscow", "--format", "text"
    ).out == ("1945-08-08T18:00+03:00\n")
    assert run("convert", "1941-06-22", "--format", "json").out.count('"weekday": "Sunday"') == 1
    out = run(
        "convert", "1945-09-02", "--calendar", "japanese", "--calendar", "minguo", "--format", "text"
    ).out
    assert out == "1945-09-02\t昭和20年9月2日\t民國34年9月2日\n"


def test_table_output_exact(run) -> None:
    result = run("convert", "1945-08-08T23:00[Europe/Moscow]", "--tz", "Asia/Tokyo", "--tz", "UTC")
    assert result.code == 0
    lines = result.out.splitlines()
    assert lines[0] == "1945-08-08T23:00[Europe/Moscow]: 8 Aug 1945 23:00 +03:00 (Europe/Moscow), Wednesday"
    assert "| Moscow (own) | 1945-08-08 23:00 | +03:00 | MSK   | Wednesday | same day |" in lines
    assert "| Tokyo        | 1945-08-09 05:00 | +09:00 | JST   | Thursday  | +1d      |" in lines
    assert "| UTC          | 1945-08-08 20:00 | +00:00 | +00   | Wednesday | same day |" in lines


def test_a_day_stays_a_day(run) -> None:
    data = conversion_json("1945-09-02", "--tz", "Asia/Tokyo", "--calendar", "all", run=run)
    assert data["precision"] == "day"
    assert data["own"] is None and data["times"] == [] and data["utc"] is None
    assert data["weekday"] == "Sunday"
    assert [c["native"] for c in data["calendars"]] == [
        "昭和20年9月2日",
        "1945-08-20 O.S.",
        "民國34年9月2日",
        None,  # Manchukuo had ended on 18 August 1945
    ]
    assert data["calendars"][3]["note"] == "the manchukuo calendar was not in use then"
    assert any("is a day with no time of day: it is not converted" in n for n in data["notes"])
    # A month and a year keep their precision; they have no weekday.
    month = conversion_json("1942-07", "--calendar", "japanese", run=run)
    assert (month["value"], month["weekday"], month["calendars"][0]["native"]) == (
        "1942-07",
        None,
        "昭和17年7月",
    )
    year = conversion_json("1926", "--calendar", "japanese", run=run)
    assert year["calendars"][0]["native"] == "大正15年/昭和元年"


def test_first_year_of_an_era(run) -> None:
    data = conversion_json("1926-12-25", "--calendar", "japanese", "--calendar", "manchukuo", run=run)
    assert data["calendars"][0]["native"] == "昭和元年12月25日"
    assert data["calendars"][0]["latin"] == "Shōwa 1 (gannen)-12-25"
    assert data["calendars"][1]["native"] is None
    data = conversion_json("1934-03-01", "--calendar", "manchukuo", run=run)
    assert data["calendars"][0]["native"] == "康德元年3月1日"


def test_event_with_claim_and_stated_offset(run) -> None:
    data = conversion_json("german-surrender", "--tz", "UTC", run=run)
    assert (data["event"], data["claim"], data["value"], data["offset_source"]) == (
        "german-surrender",
        0,
        "1945-05-08T23:01+01:00",
        "source",
    )
    assert data["times"][0]["local"] == "1945-05-08T22:01+00:00"
    assert any(n.startswith("the source states +01:00; tzdata") and "Europe/Berlin at +02:00 (CEST)" in n
               for n in data["notes"])  # fmt: skip
    data = conversion_json("hiroshima", "--claim", "1", "--tz", "UTC", run=run)
    assert data["claim"] == 1 and data["disputed"] is True


JSON_KEYS = [
    "input", "value", "precision", "approximate", "uncertain", "zone", "offset_source", "utc", "event",
    "claim", "disputed", "weekday", "own", "times", "calendars", "notes",
]  # fmt: skip
READING_KEYS = ["zone", "label", "local", "date", "time", "offset", "abbreviation", "weekday", "day_shift"]


def test_json_contract_exact(run) -> None:
    data = conversion_json("1945-08-08T23:00[Europe/Moscow]", "--tz", "Asia/Tokyo", "--calendar", "japanese",
                           run=run)  # fmt: skip
    assert list(data) == JSON_KEYS
    assert list(data["own"]) == READING_KEYS
    assert data == {
        "input": "1945-08-08T23:00[Europe/Moscow]",
        "value": "1945-08-08T23:00+03:00",
        "precision": "minute",
        "approximate": False,
        "uncertain": False,
        "zone": "Europe/Moscow",
        "offset_source": "tzdata",
        "utc": "1945-08-08T20:00:00Z",
        "event": None,
        "claim": None,
        "disputed": False,
        "weekday": "Wednesday",
        "own": {
            "zone": "Europe/Moscow",
            "label": "Moscow",
            "local": "1945-08-08T23:00+03:00",
            "date": "1945-08-08",
            "time": "23:00",
            "offset": "+03:00",
            "abbreviation": "MSK",
            "weekday": "Wednesday",
            "day_shift": 0,
        },
        "times": [
            {
                "zone": "Asia/Tokyo",
                "label": "Tokyo",
                "local": "1945-08-09T05:00+09:00",
                "date": "1945-08-09",
                "time": "05:00",
                "offset": "+09:00",
                "abbreviation": "JST",
                "weekday": "Thursday",
                "day_shift": 1,
            }
        ],
        "calendars": [
            {"calendar": "japanese", "native": "昭和20年8月8日", "latin": "Shōwa 20-08-08", "note": None}
        ],
        "notes": data["notes"],
    }
    assert data["notes"][0] == f"offset +03:00 taken from tzdata {_tzdata()} for Europe/Moscow"


def _tzdata() -> str:
    from pactcli.time.zones import TZDATA_VERSION

    return TZDATA_VERSION


def test_approximate_instant_keeps_its_qualifier(run) -> None:
    data = conversion_json("manchurian-offensive", "--tz", "Europe/Moscow", run=run)
    assert data["value"] == "1945-08-09T00:10+09:00~" and data["approximate"] is True
    assert data["times"][0]["local"] == "1945-08-08T18:10+03:00~"


def test_default_zones_are_the_display_zones(run) -> None:
    data = conversion_json("1945-08-08T20:00Z", run=run)
    assert [t["zone"] for t in data["times"]] == ["Europe/Moscow", "Asia/Tokyo", "UTC"]


# --- DST gaps and folds -----------------------------------------------------------------------------------


def test_gap_is_refused_with_both_readings(run) -> None:
    # Berlin, 1 April 1940: 02:00 CET became 03:00 CEST, so 02:30 never happened.
    result = run("convert", "1940-04-01T02:30[Europe/Berlin]")
    assert result.code == 2 and result.out == ""
    assert result.err == (
        "pactcli: argument WHEN: '1940-04-01T02:30[Europe/Berlin]': 1940-04-01T02:30 does not exist in "
        "Europe/Berlin (the clocks skipped it); it is 1940-04-01T02:30+01:00 = 1940-04-01T03:30 CEST "
        "(--fold 0) or 1940-04-01T02:30+02:00 = 1940-04-01T01:30 CET (--fold 1)\n"
    )
    assert run("convert", "1940-04-01T02:30[Europe/Berlin]", "--fold", "0", "--tz", "UTC", "--format",
               "text").out == "1940-04-01T01:30+00:00\n"  # fmt: skip
    assert run("convert", "1940-04-01T02:30[Europe/Berlin]", "--fold", "1", "--tz", "UTC", "--format",
               "text").out == "1940-04-01T00:30+00:00\n"  # fmt: skip


def test_fold_is_refused_with_both_readings(run) -> None:
    # London, 7 October 1945: 03:00 BST became 02:00 GMT, so 02:30 happened twice.
    result = run("convert", "1945-10-07T02:30", "--from-tz", "Europe/London")
    assert result.code == 2
    assert result.err == (
        "pactcli: argument WHEN: '1945-10-07T02:30': 1945-10-07T02:30 happened twice in Europe/London (the "
        "clocks were set back); it is 1945-10-07T02:30+01:00 BST (--fold 0) or 1945-10-07T02:30+00:00 GMT "
        "(--fold 1)\n"
    )
    first = conversion_json("1945-10-07T02:30", "--from-tz", "Europe/London", "--fold", "0", run=run)
    second = conversion_json("1945-10-07T02:30", "--from-tz", "Europe/London", "--fold", "1", run=run)
    assert (first["utc"], second["utc"]) == ("1945-10-07T01:30:00Z", "1945-10-07T02:30:00Z")
    assert "--fold 1 reads it as 1945-10-07T02:30+00:00 GMT (--fold 1)" in second["notes"][1]


def test_fold_has_no_effect_on_an_unambiguous_time(run) -> None:
    plain = conversion_json("1945-08-08T23:00[Europe/Moscow]", run=run)
    assert conversion_json("1945-08-08T23:00[Europe/Moscow]", "--fold", "1", run=run) == plain


# --- refusals ---------------------------------------------------------------------------------------------

REFUSED = [
    (
        ["1945-08-08T23:00"],
        2,
        "argument WHEN: '1945-08-08T23:00' has a time of day but no UTC offset or zone;",
    ),
    (["1945-08-08T23:00", "--from-tz", "EST"], 2, "--from-tz: ambiguous zone 'EST'"),
    (["1945-08-08", "--tz", "Mars/Olympus"], 2, "--tz: unknown zone 'Mars/Olympus'"),
    (["01/02/03"], 2, "argument WHEN: '01/02/03' is ambiguous"),
    (["1945-02-30"], 2, "argument WHEN: '1945-02-30': 1945-02-30 does not exist (Feb has 28 days)"),
    (["pact-signd"], 1, "argument WHEN: no event 'pact-signd'; did you mean"),
    (["1945-08-08", "--claim", "1"], 2, "argument WHEN: --claim 1 applies to events"),
    (["pact-signed", "--claim", "7"], 2, "argument WHEN: event pact-signed has only its main claim"),
    (["1945-08-08", "--fold", "2"], 2, "--fold: 2 is too large (at most 1)"),
    (["1945-08-08", "--fold", "\u0661"], 2, "--fold: '\u0661' is not a whole number"),
    (["1945-08-08", "--claim", "\u0663"], 2, "--claim: '\u0663' is not a whole number"),
    (["1945-08-08", "--calendar", "hebrew"], 2, "Invalid value for '--calendar'"),
    (
        ["1945-08-08T23:00+01:00[!Europe/Moscow]"],
        2,
        "argument WHEN: '1945-08-08T23:00+01:00[!Europe/Moscow]': offset +01:00 does not match Europe/Moscow "
        "(+03:00 at that time)",
    ),
    (["1945-08-08", "-", "1945"], 2, "argument WHEN: '-' reads every WHEN from stdin"),
]


@pytest.mark.parametrize(("args", "code", "start"), REFUSED, ids=[" ".join(a) for a, _, _ in REFUSED])
def test_refusals(run, args: list[str], code: int, start: str) -> None:
    result = run("convert", *args)
    assert result.code == code and result.out == ""
    assert result.err.startswith("pactcli: " + start), result.err
    assert result.err.count("\n") == 1


# --- batches ----------------------------------------------------------------------------------------------

BATCH = "1945-08-08T23:00[Europe/Moscow]\n\n# a comment\nnot-an-event\n1945-09-02\n1945-02-30\n1941-06-22\n"


def test_batch_answers_every_good_line_and_reports_each_bad_one(run) -> None:
    result = run("convert", "-", "--tz", "Asia/Tokyo", "--format", "text", stdin=BATCH)
    assert result.code == 1
    assert result.out == "1945-08-09T05:00+09:00\n1945-09-02\n1941-06-22\n"
    assert result.err.splitlines() == [
        "pactcli: line 4: argument WHEN: no event 'not-an-event'",
        "pactcli: line 6: argument WHEN: '1945-02-30': 1945-02-30 does not exist (Feb has 28 days)",
    ]


def test_batch_fail_fast(run) -> None:
    result = run("convert", "-", "--tz", "Asia/Tokyo", "--format", "text", "--fail-fast", stdin=BATCH)
    assert result.code == 1
    assert result.out == "1945-08-09T05:00+09:00\n"
    assert result.err == "pactcli: line 4: argument WHEN: no event 'not-an-event'\n"


def test_batch_json_is_an_array_and_all_good_exits_0(run) -> None:
    result = run("convert", "-", "--format", "json", stdin="1945-09-02\npact-signed\n")
    assert result.code == 0 and result.err == ""
    assert [item["value"] for item in json.loads(result.out)] == ["1945-09-02", "1941-04-13"]


def test_several_whens_give_an_array(run) -> None:
    result = run("convert", "1945-09-02", "1941-06-22", "--format", "json")
    assert [item["weekday"] for item in json.loads(result.out)] == ["Sunday", "Sunday"]


# --- the host does not matter -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "tz", ["Pacific/Kiritimati", "America/St_Johns", "Nowhere/Else", "EST+5EDT,M3.2.0", ""]
)
def test_results_do_not_depend_on_the_host_zone_or_locale(tz: str) -> None:
    env = {**os.environ, "TZ": tz, "LC_ALL": "tr_TR.UTF-8", "LANG": "tr_TR.UTF-8", "PACTCLI_NO_CACHE": "1"}
    argv = [sys.executable, "-m", "pactcli", "convert", "1945-08-08T23:00[Europe/Moscow]",
            "--tz", "Asia/Tokyo",
            "--calendar", "japanese", "--format", "json"]  # fmt: skip
    done = subprocess.run(argv, capture_output=True, env=env, check=False, timeout=60)
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout.decode("utf-8"))
    assert data["times"][0]["local"] == "1945-08-09T05:00+09:00"
    assert data["weekday"] == "Wednesday"
    assert data["calendars"][0]["native"] == "昭和20年8月8日"


def test_core_functions_match_the_cli(run) -> None:
    source = read_when("1945-08-08T23:00[Europe/Moscow]", STORE)
    from pactcli.time.zones import resolve

    result = convert(source, [resolve("Asia/Tokyo")], ["minguo"])
    assert result.to_json() == conversion_json(
        "1945-08-08T23:00[Europe/Moscow]", "--tz", "Asia/Tokyo", "--calendar", "minguo", run=run
    )


def test_docs_exist() -> None:
    docs = Path(__file__).resolve().parents[1] / "docs" / "convert.md"
    text = docs.read_text(encoding="utf-8")
    for key in JSON_KEYS + READING_KEYS:
        assert f"`{key}`" in text, key
