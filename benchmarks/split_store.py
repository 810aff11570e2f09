"""Split a store into N files, or edit one: ``split_store.py SRC N DIR`` and ``split_store.py --edit FILE``.

The split gives each file its share of the sources and of the events (which then cite sources of every file),
and the first also the settings and zones: a chronology kept in several files, for the incremental-rebuild
benchmark. ``--edit`` changes the title of the file's first event (a new text each time), as a person editing
one file would.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path


def split(source: Path, count: int, directory: Path) -> list[Path]:
    text = source.read_text(encoding="utf-8")
    head, _, rest = text.partition("\n[[sources]]\n")
    sources_text, _, events_text = ("[[sources]]\n" + rest).partition("\n[[events]]\n")

    def shares(blocks_text: str, header: str) -> list[str]:
        blocks = [b if b.startswith(header) else header + b for b in blocks_text.split("\n" + header)]
        size = -(-len(blocks) // count)
        return ["\n".join(blocks[n * size : (n + 1) * size]) for n in range(count)]

    sources = shares(sources_text, "[[sources]]\n")
    events = shares("[[events]]\n" + events_text, "[[events]]\n")
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for number in range(count):
        path = directory / f"part-{number:02d}.toml"
        path.write_text(
            (head + "\n" if number == 0 else "") + sources[number] + "\n" + events[number], "utf-8"
        )
        paths.append(path)
    return paths


def edit(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    head, marker, events = text.partition("[[events]]\n")
    before, title, after = events.partition('title = "')
    if title.startswith("Edited ") or after.startswith("Edited "):
        after = after.split(" ", 2)[2]
    path.write_text(head + marker + before + title + f"Edited {time.time_ns()} " + after, "utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--edit", type=Path, help="edit this store file instead of splitting")
    parser.add_argument("args", nargs="*", help="SRC N DIR")
    options = parser.parse_args()
    if options.edit:
        edit(options.edit)
        return
    source, count, directory = options.args
    for path in split(Path(source), int(count), Path(directory)):
        print(path)


if __name__ == "__main__":
    main()
