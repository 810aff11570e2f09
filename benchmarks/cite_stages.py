"""Where a cold bibliography's instructions go, stage by stage (issue 13, item 8).

    python benchmarks/cite_stages.py [--store /tmp/cite-store.toml] [--style chicago] [--src DIR]

benchmarks/cite_instructions.py counts whole commands; this splits the processor's part of a cold
``pactcli cite --format html`` into the stages a newcomer to the code would look at, each counted by
valgrind's callgrind (load-independent; needs ``apt-get install valgrind``) in a fresh process that stops
after it, so each figure is the difference from the one before:

* ``floor``: the whole command with the bibliography replaced by an empty one (Python, Typer, the store
  through the index cache, the output): what the hand-written formatters paid too;
* ``import``: ``pactcli.csl``'s modules, after ``pactcli.cli`` as in a command;
* ``style``: ``load_style`` of the bundled style (its compiled form);
* ``engine``: ``Processor(...)``: the items' normalisation, the locale, the bibliography's sort keys;
* ``entries``: ``bibliography_entries()``, every entry rendered and serialised to HTML.

The items are the store's sources as CSL-JSON, made once by this script (``--store`` as in
benchmarks/cite_engines.py). The stages after ``floor`` run without the CLI, so they add up to a little
less than the command (the rendered-citation cache's request digest and write are not in them).
``--src`` is the pactcli to measure: this checkout's source (pure Python, the default) or the
site-packages of an install whose processor is compiled (hatch_build.py).
"""

from __future__ import annotations

import argparse
import os
import pickle
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from cite_instructions import callgrind

HERE = Path(__file__).resolve().parent
SRC = HERE.parent / "src"

PREPARE = """
import pickle, sys
from pactcli import citations
from pactcli.store import parse
loaded, _ = parse.load([sys.argv[1]])
items = [citations.to_csl(sid, src.fields) for sid, src in loaded.sources.items()]
chosen = citations.resolve_style(sys.argv[2])
pickle.dump((items, chosen.text, chosen.source), open(sys.argv[3], "wb"))
"""

STAGE = """
import pickle, sys
import pactcli.cli
stage = int(sys.argv[2])
items, text, source = pickle.load(open(sys.argv[1], "rb"))
if stage >= 1:
    from pactcli.csl import Processor, load_style
if stage >= 2:
    parsed = load_style(text, source)
if stage >= 3:
    processor = Processor(style=parsed, items=[dict(item) for item in items])
if stage >= 4:
    processor.bibliography_entries()
"""

FLOOR = """
import sys
from pactcli import citations
citations.bibliography = lambda *args, **kwargs: []
from pactcli.entry import main
sys.argv = ["pactcli", "--store", sys.argv[1], "cite", "--style", sys.argv[2], "--format", "html"]
main()
"""

STAGES = ("import", "style", "engine", "entries")


def count(code: str, *args: str, env: dict[str, str]) -> int:
    command = [sys.executable, "-c", code, *args]
    subprocess.run(command, env=env, check=True, stdout=subprocess.DEVNULL)  # byte-code and index warm
    return callgrind(command, env)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--store", default=str(HERE.parent / "data" / "events.toml"))
    parser.add_argument("--style", default="chicago")
    parser.add_argument("--src", type=Path, default=SRC, help="where pactcli is imported from")
    args = parser.parse_args()
    if shutil.which("valgrind") is None:
        raise SystemExit("valgrind is needed (apt-get install valgrind)")
    work = Path(tempfile.mkdtemp(prefix="pactcli-cite-stages-"))
    try:
        env = dict(os.environ, PYTHONPATH=str(args.src), PACTCLI_CACHE_DIR=str(work / "cache"))
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        items = work / "items.pickle"
        store = str(Path(args.store).resolve())
        subprocess.run([sys.executable, "-c", PREPARE, store, args.style, str(items)], env=env, check=True)
        with items.open("rb") as handle:
            print(f"{len(pickle.load(handle)[0])} sources, style {args.style}")
        floor = count(FLOOR, store, args.style, env=env)
        print(f"{'floor':10} {floor / 1e6:7.0f} M  (the command without the bibliography)")
        before = count(STAGE, str(items), "0", env=env)
        total = 0
        for number, name in enumerate(STAGES, start=1):
            after = count(STAGE, str(items), str(number), env=env)
            total += after - before
            print(f"{name:10} {(after - before) / 1e6:7.0f} M")
            before = after
        print(f"{'processor':10} {total / 1e6:7.0f} M (the four above)")
        print(f"{'sum':10} {(floor + total) / 1e6:7.0f} M (floor + processor)")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
