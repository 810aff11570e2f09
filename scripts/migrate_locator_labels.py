#!/usr/bin/env python3
"""Write the CSL locator labels of a store's references out as data, in place.

    python scripts/migrate_locator_labels.py data/events.toml [MORE.toml …] [--check]

Every source reference ``{ id = …, locator = "p. 45" }`` without a ``label`` whose locator
:func:`pactcli.citations.locators.resolve` reads as a labelled place becomes ``{ id = …, locator = "45",
label = "page" }`` (docs/store-format.md, *Locator labels*); locators of no CSL type (``doc. 166``), bare
numbers and references that already have a label are left as they are, and so is every other byte of the
file. The result is the same citations: the store reads both forms alike. The file is validated before it
is written (the same checks as ``pactcli validate``) and written atomically. ``--check`` only prints what
would change and exits 1 if anything would.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import tomli

from pactcli.citations.locators import resolve
from pactcli.store import parse as store
from pactcli.store import writer

# A locator key inside an inline table, with a basic or literal one-line string value; the reference's
# other keys are looked at on the same inline table (up to its closing brace).
_LOCATOR = re.compile(r"""(?P<key>\blocator\s*=\s*)(?P<value>"(?:[^"\\\n]|\\.)*"|'[^'\n]*')""")


def _string(text: str) -> str:
    import tomlkit

    return tomlkit.string(text).as_string()


def migrate(text: str) -> tuple[str, list[tuple[str, str, str]]]:
    """The new text and the (old locator, new locator, label) of each reference changed."""
    out: list[str] = []
    changes: list[tuple[str, str, str]] = []
    last = 0
    for match in _LOCATOR.finditer(text):
        value = tomli.loads(f"v = {match.group('value')}")["v"]
        # The rest of this inline table: a reference that already has a label keeps it.
        close = text.find("}", match.end())
        rest = text[match.end() : close if close != -1 else len(text)]
        opened = text.rfind("{", 0, match.start())
        before = text[opened + 1 if opened != -1 else 0 : match.start()]
        if re.search(r"\blabel\s*=", before + rest):
            continue
        place = resolve(value)
        if place.label is None or place.value == value.strip():
            continue
        out.append(text[last : match.start()])
        out.append(f"{match.group('key')}{_string(place.value)}, label = {_string(place.label)}")
        last = match.end()
        changes.append((value, place.value, place.label))
    out.append(text[last:])
    return "".join(out), changes


def main(argv: list[str]) -> int:
    check = "--check" in argv
    paths = [a for a in argv if a != "--check"]
    if not paths:
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    changed = False
    for path in paths:
        text = Path(path).read_text(encoding="utf-8")
        new, changes = migrate(text)
        for old, value, label in changes:
            print(f"{path}: {old!r} -> locator = {value!r}, label = {label!r}")
        if not changes:
            continue
        changed = True
        if check:
            continue
        _, found = store.load_files([(path, new.encode("utf-8"))])
        problems = [p for p in found if p.severity == "error"]
        if problems:
            for problem in problems:
                print(f"pactcli: {problem.line()}", file=sys.stderr)
            return 2
        writer.create(path + ".migrating", new)
        Path(path + ".migrating").replace(path)
    return 1 if check and changed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
