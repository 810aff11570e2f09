"""Write a synthetic pactcli store of N events: ``python benchmarks/make_store.py N PATH``.

Same schema as ``data/events.toml`` and realistic field sizes: about 300 bytes per event (title, place,
participants, tags, a two-sentence summary, one to three source references with locators), one source per 20
events (CSL fields as in the embedded store), a dispute on 3 % of events, every date form the store accepts
(offset and local date-times, string times, days, months, years, EDTF qualifiers, ranges). Deterministic: the
same N gives the same bytes, so benchmark runs compare like with like.

Event IDs are ``ev-000001`` …; ``ev-000001`` and ``ev-{N//2:06d}`` are handy for ``event`` and ``diff-dates``.
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

ZONES = ["Europe/Moscow", "Asia/Tokyo", "Asia/Chita", "Europe/Berlin", "America/New_York", "UTC", "manchukuo"]
WORDS = [
    "army",
    "front",
    "treaty",
    "envoy",
    "cable",
    "ministry",
    "council",
    "staff",
    "offensive",
    "border",
    "railway",
    "harbour",
    "garrison",
    "conference",
    "telegram",
    "ambassador",
    "delegation",
    "note",
    "protest",
    "agreement",
    "fishery",
    "concession",
    "oil",
    "coal",
    "island",
    "division",
    "corps",
    "fleet",
    "report",
    "order",
    "plan",
    "memorandum",
    "broadcast",
    "press",
    "statement",
]
PLACES = [
    "Moscow",
    "Tokyo",
    "Hsinking",
    "Chita",
    "Vladivostok",
    "Berlin",
    "Washington",
    "Harbin",
    "Khabarovsk",
]
NAMES = ["Molotov", "Matsuoka", "Tatekawa", "Satō", "Malik", "Tōgō", "Lozovsky", "Konoe", "Vasilevsky"]
TAGS = ["pact", "diplomacy", "war", "manchuria", "1945-endgame", "border", "press", "treaty", "economy"]


def _words(rng: random.Random, count: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(count))


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _start(rng: random.Random, day: int, zone: str) -> tuple[str, str | None]:
    """A start value in one of the store's date forms, and an optional end (a range)."""
    year = 1931 + day // 365
    month = 1 + (day // 28) % 12
    dom = 1 + day % 28
    hour = 9 + rng.randrange(10)  # daytime: never in a DST gap or fold
    minute = rng.randrange(60)
    form = rng.randrange(10)
    if form == 0:
        offset = "+09:00" if zone in {"Asia/Tokyo", "manchukuo", "Asia/Chita"} else "+03:00"
        return f"{year}-{month:02d}-{dom:02d}T{hour:02d}:{minute:02d}:00{offset}", None
    if form == 1:
        return f"{year}-{month:02d}-{dom:02d}T{hour:02d}:{minute:02d}:00", None
    if form == 2:
        return _quote(f"{year}-{month:02d}-{dom:02d}T{hour:02d}:{minute:02d}~"), None
    if form == 3:
        return _quote(f"{year}-{month:02d}"), None
    if form == 4:
        return _quote(f"{year}"), None
    if form == 5:
        return (
            f"{year}-{month:02d}-{dom:02d}",
            f"{year}-{month:02d}-{min(28, dom + rng.randrange(1, 20)):02d}",
        )
    if form == 6:
        return _quote(f"{year}-{month:02d}-{dom:02d}?"), None
    return f"{year}-{month:02d}-{dom:02d}", None


def source_block(number: int, rng: random.Random) -> str:
    kind = ("book", "article-newspaper", "webpage", "document")[number % 4]
    lines = [
        "[[sources]]",
        f'id = "src-{number:05d}"',
        f'type = "{kind}"',
        f"title = {_quote(_words(rng, 8).capitalize())}",
    ]
    if kind == "book":
        lines += [
            f'author = [{{ family = "{rng.choice(NAMES)}", given = "A." }}]',
            f'publisher = "{rng.choice(PLACES)} University Press"',
            f'publisher-place = "{rng.choice(PLACES)}"',
            f'issued = "{1950 + number % 70}"',
        ]
    elif kind == "article-newspaper":
        lines += [
            f'container-title = "The {rng.choice(PLACES)} Times"',
            f"issued = 19{40 + number % 6}-04-07",
        ]
    elif kind == "webpage":
        lines += [f'URL = "https://example.org/archive/{number}"', 'container-title = "An archive"']
    else:
        lines += [
            f'archive = "{rng.choice(PLACES)} State Archive"',
            f'archive_location = "f. {number}, op. 1"',
        ]
    lines.append(f"note = {_quote(_words(rng, 14).capitalize() + '.')}")
    return "\n".join(lines) + "\n"


def event_block(number: int, rng: random.Random, sources: int) -> str:
    zone = ZONES[number % len(ZONES)]
    start, end = _start(rng, number * 5 // 2 % (365 * 15), zone)
    refs = ", ".join(
        f'{{ id = "src-{rng.randrange(sources):05d}", locator = "p. {rng.randrange(1, 900)}" }}'
        for _ in range(1 + rng.randrange(2))
    )
    lines = [
        "[[events]]",
        f'id = "ev-{number:06d}"',
        f"title = {_quote(_words(rng, 6).capitalize())}",
        f"start = {start}",
    ]
    if end:
        lines.append(f"end = {end}")
    lines += [
        f'zone = "{zone}"',
        f'place = "{rng.choice(PLACES)}"',
        f'participants = ["{rng.choice(NAMES)}", "{rng.choice(NAMES)}"]',
        f'tags = ["{rng.choice(TAGS)}", "{rng.choice(TAGS)}"]',
        f"summary = {_quote(_words(rng, 7).capitalize() + '. ' + _words(rng, 4).capitalize() + '.')}",
        f"sources = [{refs}]",
    ]
    if number % 33 == 0:
        lines += [
            "",
            "[[events.disputes]]",
            f"start = {_quote(start.strip(chr(34)).split('T')[0][:7])}",
            f'sources = [{{ id = "src-{rng.randrange(sources):05d}" }}]',
            f"note = {_quote('Another account dates it differently: ' + _words(rng, 8) + '.')}",
        ]
    return "\n".join(lines) + "\n"


def write_store(count: int, path: Path) -> None:
    rng = random.Random(count)
    sources = max(1, count // 20)
    tmp = path.with_name(path.name + ".tmp")
    with tmp.open("w", encoding="utf-8", newline="\n") as out:
        out.write(
            f"# Synthetic pactcli store: {count} events, {sources} sources (benchmarks/make_store.py).\n\n"
            "[store]\n"
            f'title = "Synthetic chronology, {count} events"\n'
            'display_zones = ["Europe/Moscow", "Asia/Tokyo", "UTC"]\n\n'
            '[[zones]]\nname = "manchukuo"\nlabel = "Manchukuo"\noffset = "+09:00"\n'
            'note = "Japan time in Manchukuo."\nsources = [{ id = "src-00000" }]\n\n'
        )
        # Cite every source at least once, so the store validates without warnings.
        events = [event_block(n, rng, sources) for n in range(1, count + 1)]
        for number in range(sources):
            out.write(source_block(number, rng) + "\n")
        for number, block in enumerate(events):
            cited = block
            if number < sources:
                cited = block.replace(
                    'sources = [{ id = "src-', f'sources = [{{ id = "src-{number:05d}" }}, {{ id = "src-', 1
                )
            out.write(cited + "\n")
    tmp.replace(path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", type=int, help="number of events")
    parser.add_argument("path", type=Path, help="where to write the TOML store")
    args = parser.parse_args(argv)
    if args.count < 1:
        parser.error("count must be at least 1")
    write_store(args.count, args.path)
    print(f"wrote {args.path} ({args.path.stat().st_size:,} bytes, {args.count:,} events)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
