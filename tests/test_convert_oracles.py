"""``convert`` and ``shift`` against independent implementations.

* After 1970, on random inputs: GNU ``date`` (local time, offset, abbreviation, weekday), Debian dateutils'
  ``dconv`` (wall time in one zone to another, weekday), ``dzone`` (UTC to several zones) and ``dadd`` (dates
  and UTC date-times plus years, months, days, hours). Both read the host's tz database, which can be
  another tzdata release than the ``tzdata`` package pactcli uses, so the zones are ones whose rules did not
  change in recent releases, and the instants end in 2024. Skipped when the tools are absent (``.ci/run``
  installs dateutils when it runs as root).
* 1931-1946, on random instants: Python ``zoneinfo`` reading the ``tzdata`` package directly (not through
  pactcli.time.zones), GNU ``date`` on the host database, and the store's named zones (``manchukuo`` is UTC+9,
  ``trans-baikal`` is Asia/Chita).
* The key instants of /work/shared/research/facts.md §4.1 (zdump output recorded by hand), and every place
  docs/convert.md lists where the sources' clocks and tzdata differ.
"""

from __future__ import annotations

import datetime as dt
import importlib.resources
import os
import random
import re
import shutil
import subprocess
from functools import cache
from zoneinfo import ZoneInfo

import pytest

from pactcli.errors import UsageError
from pactcli.store.files import store_paths
from pactcli.store.parse import load
from pactcli.time.instants import convert, parse_duration, read_when, shift
from pactcli.time.zones import resolve

STORE, _ = load(store_paths([]))
UTC = dt.timezone.utc

# Zones with long, stable rules (no change in the tz releases of 2024-2026 for 1970-2024).
MODERN_ZONES = [
    "UTC", "Europe/Moscow", "Asia/Tokyo", "Europe/Berlin", "Europe/London", "America/New_York",
    "Pacific/Honolulu", "Asia/Chita", "Asia/Vladivostok", "Asia/Shanghai", "Asia/Kolkata",
    "Australia/Sydney", "America/Sao_Paulo", "Asia/Ulaanbaatar",
]  # fmt: skip
HISTORIC_ZONES = [
    "Europe/Moscow", "Asia/Tokyo", "Asia/Chita", "Asia/Vladivostok", "Asia/Shanghai", "Asia/Harbin",
    "Asia/Ulaanbaatar", "Europe/Berlin", "Europe/London", "America/New_York", "Pacific/Honolulu",
    "Europe/Paris", "Asia/Kolkata", "Europe/Volgograd", "Asia/Taipei", "Asia/Seoul",
]  # fmt: skip

MODERN_LOW = int(dt.datetime(1970, 1, 1, tzinfo=UTC).timestamp())
MODERN_HIGH = int(dt.datetime(2024, 12, 31, tzinfo=UTC).timestamp())
HISTORIC_LOW = int(dt.datetime(1931, 1, 1, tzinfo=UTC).timestamp())
HISTORIC_HIGH = int(dt.datetime(1946, 12, 31, tzinfo=UTC).timestamp())


def _tool(name: str) -> str | None:
    return shutil.which(name)


DCONV, DZONE, DADD = _tool("dateutils.dconv"), _tool("dateutils.dzone"), _tool("dateutils.dadd")
GNU_DATE = _tool("date")
needs_dateutils = pytest.mark.skipif(
    None in (DCONV, DZONE, DADD), reason="dateutils is not installed (apt-get install dateutils)"
)


def _gnu_date_ok() -> bool:
    if GNU_DATE is None or not os.path.isdir("/usr/share/zoneinfo"):
        return False
    probe = subprocess.run([GNU_DATE, "--version"], capture_output=True, text=True, check=False)
    return "GNU coreutils" in probe.stdout


needs_gnu_date = pytest.mark.skipif(not _gnu_date_ok(), reason="GNU date with a host tz database is needed")


def utc_iso(seconds: int) -> str:
    value = dt.datetime.fromtimestamp(seconds, UTC)
    return f"{value:%Y-%m-%dT%H:%M:%S}Z"


def pactcli_readings(utc_texts: list[str], zone: str) -> list[tuple[str, str, str]]:
    """(local ISO with offset, abbreviation, weekday) of each UTC instant in ``zone``, via convert()."""
    target = resolve(zone, STORE.zones)
    out = []
    for text in utc_texts:
        (reading,) = convert(read_when(text, STORE), [target], []).readings
        out.append((reading.iso(), reading.abbreviation, reading.weekday))
    return out


def gnu_date(epochs: list[int], zone: str) -> list[tuple[str, str, str]]:
    assert GNU_DATE is not None
    done = subprocess.run(
        [GNU_DATE, "-f", "-", "+%Y-%m-%dT%H:%M:%S%:z|%Z|%A"],
        input="".join(f"@{e}\n" for e in epochs),
        capture_output=True,
        text=True,
        check=True,
        env={"TZ": zone, "LC_ALL": "C", "PATH": os.environ.get("PATH", "/usr/bin:/bin")},
        timeout=60,
    )
    rows = []
    for line in done.stdout.splitlines():
        local, abbr, weekday = line.split("|")
        rows.append((local, abbr, weekday))
    assert len(rows) == len(epochs)
    return rows


def seconds_form(iso: str) -> str:
    """pactcli prints 23:00 for minute precision; the tools print 23:00:00."""
    body, offset = iso[:-6], iso[-6:]
    return (body if body.count(":") == 2 else body + ":00") + offset


def _numeric_abbreviation(abbr: str, offset: str) -> str:
    # GNU date prints "+09" for zones whose tz abbreviation is numeric; pactcli prints the same, but for UTC
    # (a fixed zone in pactcli) it prints "+00" where date prints "UTC".
    return "+00" if abbr == "UTC" and offset == "+00:00" else abbr


# --- after 1970: GNU date, dconv, dzone, dadd ---------------------------------------------------------------

MODERN_PER_ZONE = 150


@needs_gnu_date
def test_gnu_date_after_1970() -> None:
    """14 zones x 150 random instants 1970-2024: local time, offset, abbreviation and weekday."""
    rng = random.Random(19700101)
    checked = 0
    for zone in MODERN_ZONES:
        epochs = [rng.randint(MODERN_LOW, MODERN_HIGH) for _ in range(MODERN_PER_ZONE)]
        expected = gnu_date(epochs, zone)
        got = pactcli_readings([utc_iso(e) for e in epochs], zone)
        for epoch, (local, abbr, weekday), (p_local, p_abbr, p_weekday) in zip(
            epochs, expected, got, strict=True
        ):
            assert (seconds_form(p_local), p_weekday) == (local, weekday), (zone, epoch)
            assert p_abbr == _numeric_abbreviation(abbr, local[-6:]), (zone, epoch)
            checked += 1
    assert checked == len(MODERN_ZONES) * MODERN_PER_ZONE


@needs_dateutils
def test_dzone_after_1970() -> None:
    """dzone: 300 random UTC instants in every one of the 14 zones at once."""
    assert DZONE is not None
    rng = random.Random(1972)
    epochs = [rng.randint(MODERN_LOW, MODERN_HIGH) for _ in range(300)]
    texts = [dt.datetime.fromtimestamp(e, UTC).strftime("%Y-%m-%dT%H:%M:%S") for e in epochs]
    done = subprocess.run(
        [DZONE, "--from-zone", "UTC", *MODERN_ZONES, *texts], capture_output=True, text=True, check=True,
        timeout=60,
    )  # fmt: skip
    lines = done.stdout.splitlines()
    assert len(lines) == len(texts) * len(MODERN_ZONES)
    by_zone: dict[str, list[str]] = {zone: [] for zone in MODERN_ZONES}
    for line in lines:
        local, zone = line.split("\t")
        by_zone[zone].append(local)
    for zone, locals_ in by_zone.items():
        got = pactcli_readings([t + "Z" for t in texts], zone)
        assert [seconds_form(g[0]) for g in got] == locals_, zone


@needs_dateutils
def test_dconv_wall_time_to_wall_time_after_1970() -> None:
    """dconv: 600 random wall times typed with --from-tz in one zone, read in another, with the weekday.

    Wall times that pactcli refuses (skipped or repeated by a clock change) are compared with the reading
    dconv makes silently: --fold 0 in a gap (the offset before the change), --fold 1 in a fold (the second
    occurrence). Moscow's gap of 27 March 2011 and fold of 26 October 2014 are always included. dconv
    0.4.10's ``%Z`` prints the target offset with the source zone's sign when the source is west of
    Greenwich (New York to London gives ``18:40:56-01:00``), so only the wall time and weekday are taken
    from it; dzone and GNU date check the offsets.
    """
    assert DCONV is not None
    rng = random.Random(1985)
    batches = [("Europe/Moscow", "UTC", ["2011-03-27T02:30:00", "2014-10-26T01:30:00"])]
    for _ in range(20):
        source, target = rng.sample(MODERN_ZONES, 2)
        walls = [dt.datetime.fromtimestamp(rng.randint(MODERN_LOW, MODERN_HIGH), UTC) for _ in range(30)]
        batches.append((source, target, [w.strftime("%Y-%m-%dT%H:%M:%S") for w in walls]))
    checked = ambiguous = 0
    for source, target, texts in batches:
        done = subprocess.run(
            [DCONV, "--from-zone", source, "--zone", target, "-f", "%Y-%m-%dT%H:%M:%S %A"],
            input="\n".join(texts) + "\n", capture_output=True, text=True, check=True, timeout=60,
        )  # fmt: skip
        expected = done.stdout.splitlines()
        assert len(expected) == len(texts)
        origin, to = resolve(source), resolve(target)
        for text, line in zip(texts, expected, strict=True):
            try:
                found = read_when(text, STORE, from_tz=origin)
            except UsageError as exc:
                fold = 1 if "happened twice" in str(exc) else 0
                assert fold or "does not exist" in str(exc), str(exc)
                found = read_when(text, STORE, from_tz=origin, fold=fold)
                ambiguous += 1
            (reading,) = convert(found, [to], []).readings
            assert f"{seconds_form(reading.iso())[:-6]} {reading.weekday}" == line, (source, target, text)
            checked += 1
    assert (checked, ambiguous >= 2) == (602, True)


@needs_dateutils
def test_dadd_dates_after_1970() -> None:
    """dadd: 1,000 random dates 1970-2024 plus random +Ny, +Nmo, +Nd (one combined duration, either sign);
    dadd applies years and months first, clipping a month end, then days, as shift does."""
    assert DADD is not None
    rng = random.Random(2001)
    low, high = dt.date(1970, 1, 1).toordinal(), dt.date(2024, 12, 31).toordinal()
    checked = 0
    for _ in range(20):
        years, months, days = rng.randint(0, 30), rng.randint(0, 25), rng.randint(0, 400)
        sign = rng.choice(["+", "-"])
        short = f"{sign}{years}y{months}mo{days}d"
        dates = [dt.date.fromordinal(rng.randint(low, high)) for _ in range(50)]
        done = subprocess.run(
            [DADD, short], input="".join(f"{d.isoformat()}\n" for d in dates), capture_output=True, text=True,
            check=True, timeout=60,
        )  # fmt: skip
        expected = done.stdout.splitlines()
        iso = f"{'-' if sign == '-' else ''}P{years}Y{months}M{days}D"
        for day, line in zip(dates, expected, strict=True):
            assert shift(read_when(day.isoformat(), STORE), [parse_duration(iso)]).text() == line, (
                day,
                short,
            )
            checked += 1
    assert checked == 1000


@needs_dateutils
def test_dadd_utc_instants_after_1970() -> None:
    """dadd: 500 random UTC date-times plus hours, minutes and days (elapsed time in UTC)."""
    assert DADD is not None
    rng = random.Random(2024)
    checked = 0
    for _ in range(10):
        days, hours, minutes = rng.randint(0, 90), rng.randint(0, 100), rng.randint(0, 300)
        sign = rng.choice(["+", "-"])
        epochs = [rng.randint(MODERN_LOW + 10**7, MODERN_HIGH - 10**7) for _ in range(50)]
        texts = [dt.datetime.fromtimestamp(e, UTC).strftime("%Y-%m-%dT%H:%M:%S") for e in epochs]
        done = subprocess.run(
            [DADD, f"{sign}{days}d{hours}h{minutes}m", "-f", "%Y-%m-%dT%H:%M:%S"],
            input="\n".join(texts) + "\n", capture_output=True, text=True, check=True, timeout=60,
        )  # fmt: skip
        expected = done.stdout.splitlines()
        durations = [parse_duration(f"{sign}P{days}DT{hours}H{minutes}M")]
        for text, line in zip(texts, expected, strict=True):
            result = shift(read_when(text + "Z", STORE), durations)
            assert result.result.iso()[:-6] in (line, line[:-3]), (text, line)
            assert result.result.iso().endswith("+00:00")
            checked += 1
    assert checked == 500


# --- 1931-1946: zoneinfo on the tzdata package, GNU date, the store's zones ---------------------------------


@cache
def package_zone(key: str) -> ZoneInfo:
    """The zone read straight from the tzdata package's file (not the host's, not pactcli.time.zones)."""
    resource = importlib.resources.files("tzdata.zoneinfo").joinpath(*key.split("/"))
    with resource.open("rb") as handle:
        return ZoneInfo.from_file(handle, key=key)


HISTORIC_PER_ZONE = 150


def test_zoneinfo_on_the_tzdata_package_1931_1946() -> None:
    """16 zones x 150 random instants 1931-1946: local time, offset, abbreviation, weekday, day shift."""
    rng = random.Random(19410413)
    checked = 0
    for zone in HISTORIC_ZONES:
        epochs = [rng.randint(HISTORIC_LOW, HISTORIC_HIGH) for _ in range(HISTORIC_PER_ZONE)]
        got = pactcli_readings([utc_iso(e) for e in epochs], zone)
        for epoch, (local, abbr, weekday) in zip(epochs, got, strict=True):
            expected = dt.datetime.fromtimestamp(epoch, UTC).astimezone(package_zone(zone))
            offset = expected.utcoffset()
            assert offset is not None
            sign = "-" if offset < dt.timedelta(0) else "+"
            hours, rest = divmod(int(abs(offset).total_seconds()), 3600)
            text = expected.strftime("%Y-%m-%dT%H:%M:%S") + f"{sign}{hours:02d}:{rest // 60:02d}"
            if rest % 60:
                text += f":{rest % 60:02d}"
            assert seconds_form(local) == text, (zone, epoch)
            assert abbr == expected.tzname(), (zone, epoch)
            names = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
            assert weekday == names[expected.weekday()]
            checked += 1
    assert checked == len(HISTORIC_ZONES) * HISTORIC_PER_ZONE


@needs_gnu_date
def test_gnu_date_1931_1946() -> None:
    """The same 1931-1946 instants through GNU date and the host's tz database (tzdata 2025b on Debian 12)."""
    rng = random.Random(19450809)
    for zone in HISTORIC_ZONES:
        if not os.path.exists(f"/usr/share/zoneinfo/{zone}"):
            continue
        epochs = [rng.randint(HISTORIC_LOW, HISTORIC_HIGH) for _ in range(100)]
        expected = gnu_date(epochs, zone)
        got = pactcli_readings([utc_iso(e) for e in epochs], zone)
        for epoch, (local, abbr, weekday), (p_local, p_abbr, p_weekday) in zip(
            epochs, expected, got, strict=True
        ):
            assert (seconds_form(p_local), p_abbr, p_weekday) == (local, abbr, weekday), (zone, epoch)


def test_store_zones_1940_1945() -> None:
    """``manchukuo`` is UTC+9 at every instant; ``trans-baikal`` reads exactly as tzdata's Asia/Chita."""
    rng = random.Random(1940)
    low = int(dt.datetime(1940, 1, 1, tzinfo=UTC).timestamp())
    high = int(dt.datetime(1945, 9, 30, tzinfo=UTC).timestamp())
    epochs = [rng.randint(low, high) for _ in range(500)]
    texts = [utc_iso(e) for e in epochs]
    for epoch, (local, abbr, _) in zip(epochs, pactcli_readings(texts, "manchukuo"), strict=True):
        nine = dt.datetime.fromtimestamp(epoch, UTC) + dt.timedelta(hours=9)
        assert (seconds_form(local), abbr) == (nine.strftime("%Y-%m-%dT%H:%M:%S") + "+09:00", "+09")
    assert [r[0] for r in pactcli_readings(texts, "trans-baikal")] == [
        r[0] for r in pactcli_readings(texts, "Asia/Chita")
    ]


# facts.md §4.1: (zone, UTC instant) -> (local time, abbreviation), from zdump, typed in by hand.
KEY_INSTANTS = [
    ("Europe/Moscow", "1941-04-13T12:00Z", "1941-04-13T15:00+03:00", "MSK"),
    ("Asia/Tokyo", "1941-04-13T12:00Z", "1941-04-13T21:00+09:00", "JST"),
    ("Asia/Tokyo", "1941-12-07T18:00Z", "1941-12-08T03:00+09:00", "JST"),
    ("Asia/Chita", "1945-08-08T20:00Z", "1945-08-09T05:00+09:00", "+09"),
    ("Asia/Vladivostok", "1941-04-13T12:00Z", "1941-04-13T22:00+10:00", "+10"),
    ("Asia/Harbin", "1941-04-13T12:00Z", "1941-04-13T21:00+09:00", "CDT"),
    ("Asia/Harbin", "1941-12-07T18:00Z", "1941-12-08T02:00+08:00", "CST"),
    ("Asia/Shanghai", "1945-08-08T20:00Z", "1945-08-09T05:00+09:00", "CDT"),
    ("Asia/Ulaanbaatar", "1945-08-08T20:00Z", "1945-08-09T03:00+07:00", "+07"),
    ("Europe/Berlin", "1941-04-13T12:00Z", "1941-04-13T14:00+02:00", "CEST"),
    ("Europe/Berlin", "1945-05-08T22:01Z", "1945-05-09T00:01+02:00", "CEST"),
    ("Europe/Berlin", "1945-08-08T20:00Z", "1945-08-08T23:00+03:00", "CEMT"),
    ("Europe/London", "1945-04-05T12:00Z", "1945-04-05T14:00+02:00", "BDST"),
    ("Europe/London", "1945-08-08T20:00Z", "1945-08-08T21:00+01:00", "BST"),
    ("America/New_York", "1941-04-13T12:00Z", "1941-04-13T07:00-05:00", "EST"),
    ("America/New_York", "1945-05-08T22:01Z", "1945-05-08T18:01-04:00", "EWT"),
    ("Pacific/Honolulu", "1941-12-07T18:00Z", "1941-12-07T07:30-10:30", "HST"),
    ("Pacific/Honolulu", "1945-08-08T20:00Z", "1945-08-08T10:30-09:30", "HWT"),
]


@pytest.mark.parametrize(("zone", "utc", "local", "abbr"), KEY_INSTANTS)
def test_key_instants_of_the_fact_sheet(zone: str, utc: str, local: str, abbr: str) -> None:
    (reading,) = convert(read_when(utc, STORE), [resolve(zone)], []).readings
    assert (reading.iso(), reading.abbreviation) == (local, abbr)


# --- where the sources' clocks and tzdata differ (docs/convert.md, "Sources and tzdata") -----------------


def reading_of(when: str, zone: str, **kwargs: object) -> str:
    (reading,) = convert(read_when(when, STORE, **kwargs), [resolve(zone, STORE.zones)], []).readings  # type: ignore[arg-type]
    return f"{reading.iso()} {reading.abbreviation}"


def test_difference_german_surrender_cet_is_plus_one() -> None:
    # The instrument's 23:01 CET is +01:00; tzdata's Berlin is +02:00 that day, so Berlin clocks read 00:01.
    source = read_when("german-surrender", STORE)
    assert source.when.iso() == "1945-05-08T23:01+01:00"
    assert reading_of("german-surrender", "Europe/Berlin") == "1945-05-09T00:01+02:00 CEST"
    assert reading_of("1945-05-08T23:01[Europe/Berlin]", "UTC") == "1945-05-08T21:01+00:00 +00"  # an hour off
    assert any("tzdata" in note and "+02:00 (CEST)" in note for note in source.notes)


def test_difference_manchukuo_time() -> None:
    # Standard tzdata's Asia/Harbin is Shanghai: +08 on 8 Dec 1941 and after 1 Sep 1945; Manchukuo kept +09.
    assert reading_of("1941-12-07T18:00Z", "Asia/Harbin") == "1941-12-08T02:00+08:00 CST"
    assert reading_of("1941-12-07T18:00Z", "manchukuo") == "1941-12-08T03:00+09:00 +09"
    assert reading_of("1945-09-02T00:00Z", "Asia/Harbin") == "1945-09-02T08:00+08:00 CST"
    # On 9 August 1945 both say +09, Harbin only through Nationalist China's wartime summer time.
    assert reading_of("1945-08-08T20:00Z", "Asia/Harbin") == "1945-08-09T05:00+09:00 CDT"


def test_difference_trans_baikal_and_primorye() -> None:
    # Rotter: just after midnight Trans-Baikal time it was 6.10 in the evening in Moscow: Chita +09 agrees.
    assert reading_of("1945-08-09T00:10[trans-baikal]", "Europe/Moscow") == "1945-08-08T18:10+03:00 MSK"
    # The seed's seven-hour difference to Moscow fits Primorye (+10), not Trans-Baikal (+09).
    assert reading_of("1945-08-08T17:00[Europe/Moscow]", "Asia/Vladivostok") == "1945-08-09T00:00+10:00 +10"


def test_difference_japan_and_moscow_standard_times() -> None:
    # Japanese Standard Time: tzdata's Asia/Tokyo is +09 JST with no summer time from 1931 to 1946.
    offsets = {reading_of(f"{y}-{m:02d}-15T12:00Z", "Asia/Tokyo")[-10:] for y in range(1931, 1947)
               for m in range(1, 13)}  # fmt: skip
    assert offsets == {"+09:00 JST"}
    # Moscow decree time: +03 MSK all through 1931-1946 (zone II's +02 plus the decree hour of 1930).
    offsets = {reading_of(f"{y}-{m:02d}-15T12:00Z", "Europe/Moscow")[-10:] for y in range(1931, 1947)
               for m in range(1, 13)}  # fmt: skip
    assert offsets == {"+03:00 MSK"}


def test_difference_india_and_labels() -> None:
    # tzdata's Asia/Kolkata is +06:30 (war time) on 9 May 1945: 00:01 BDST is 04:31 in India, not 06:31.
    assert reading_of("1945-05-09T00:01+02:00", "Asia/Kolkata") == "1945-05-09T04:31+06:30 +0630"
    # radioGOLDINdex's "11:00 P.M. (EWT)" for the rescript broadcast: tzdata calls it EPT, same offset.
    assert reading_of("jewel-voice-broadcast", "America/New_York") == "1945-08-14T23:00-04:00 EPT"
    # Reims "2.41 a.m. French time": tzdata puts Paris at +02 (WEMT) that night.
    assert reading_of("reims-surrender", "UTC") == "1945-05-07T00:41+00:00 +00"


def test_every_stated_offset_that_differs_from_tzdata_is_documented() -> None:
    """Each claim of the embedded store whose stated offset differs from its zone's tzdata offset is named in
    docs/convert.md's list of differences (and that list names no event that does not differ)."""
    from pathlib import Path

    docs = (Path(__file__).resolve().parents[1] / "docs" / "convert.md").read_text(encoding="utf-8")
    section = docs.split("## Sources and tzdata", 1)[1]
    differing = set()
    for event in STORE.events:
        for claim in event.claims():
            for when in (claim.start, claim.end):
                if when is None or when.instant is None or not when.offset_stated:
                    continue
                if claim.zone.localize(when.instant).utcoffset() != when.offset:
                    differing.add(event.id)
    assert differing, "the embedded store states +01:00 for the German surrender"
    for event_id in differing:
        assert f"`{event_id}`" in section, event_id
    found = re.search(r"These \w+ events\s+\(([^)]*)\)", section)
    assert found, "docs/convert.md: the list of events whose stated offset differs from tzdata is missing"
    listed = found.group(1)
    assert {name.strip(" `") for name in listed.split(",")} == differing
