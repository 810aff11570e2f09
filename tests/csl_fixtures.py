"""Reading and running the official CSL test suite's fixtures (human format) through pactcli.csl.

The runner does what citeproc-js's test runner does (Juris-M/citeproc-test-runner, lib/sys.js): CITATIONS
are processed one after another and every citation whose text is new or changed is marked ``>>``, the
others ``..``; CITATION-ITEMS are rendered cluster by cluster with the positions they give; without either,
one citation of all items; a bibliography covers every item (or, with CITATIONS, the items cited).
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
# CI has the shared material beside the checkout; PACTCLI_SHARED points elsewhere (a worktree, say).
SHARED = Path(os.environ.get("PACTCLI_SHARED") or ROOT.parent / "shared") / "csl"
SUITE = SHARED / "test-suite"
LOCALES = SHARED / "locales"
EXPECTED_FAILURES = ROOT / "tests" / "data" / "csl" / "expected-failures.txt"

_SECTION = re.compile(r">>=+\s*([A-Z0-9-]+)\s*=+>>\n(.*?)\n?<<=+\s*\1\s*=+<<", re.S)


def parse_fixture(path: Path) -> dict[str, Any]:
    text = path.read_text(encoding="utf-8")
    sections: dict[str, Any] = {}
    for name, body in _SECTION.findall(text):
        sections[name] = body
    for key in ("INPUT", "CITATION-ITEMS", "CITATIONS"):
        if key in sections:
            sections[key] = json.loads(sections[key])
    sections["MODE"] = sections["MODE"].strip()
    return sections


def fixture_names() -> list[str]:
    if not SUITE.is_dir():
        return []
    return sorted(p.stem for p in SUITE.glob("*.txt"))


def expected_failures() -> dict[str, str]:
    out: dict[str, str] = {}
    if EXPECTED_FAILURES.exists():
        for raw in EXPECTED_FAILURES.read_text(encoding="utf-8").splitlines():
            line = raw.strip()
            if not line or line.startswith("#"):
                continue
            name, _, reason = line.partition(" ")
            out[name] = reason.strip()
    return out


def run_fixture(fixture: dict[str, Any]) -> str:
    from pactcli.csl import Processor

    style = fixture["CSL"]
    # A few fixtures have an item without an id (citeproc-js files it under "undefined"); pactcli refuses
    # such an item, so the runner names it.
    items: list[dict[str, Any]] = [
        item if "id" in item else {**item, "id": f"ITEM-UNNAMED-{n}"}
        for n, item in enumerate(fixture["INPUT"])
    ]
    by_id = {str(item["id"]): item for item in items}
    mode = fixture["MODE"]
    if "CITATIONS" in fixture:
        store: dict[str, dict[str, Any]] = {}
        previous: dict[str, str] = {}
        lines: list[tuple[str, str, str]] = []
        proc = None
        for citation, pre, post in fixture["CITATIONS"]:
            store[citation["citationID"]] = citation
            order = [(cid, note) for cid, note in pre]
            order.append((citation["citationID"], (citation.get("properties") or {}).get("noteIndex", 0)))
            order += [(cid, note) for cid, note in post]
            clusters = []
            cited: list[str] = []
            for cid, note in order:
                base = store[cid]
                clusters.append({"citationItems": base["citationItems"], "properties": {"noteIndex": note}})
                for cite in base["citationItems"]:
                    key = str(cite["id"])
                    if key not in cited:
                        cited.append(key)
            proc = Processor(style, [by_id[k] for k in cited], locales_dir=LOCALES)
            texts = proc.cite_clusters(clusters)
            lines = []
            for (cid, _), text in zip(order, texts, strict=True):
                # citeproc-js returns the citation just processed and every one whose text changed.
                mark = ">>" if cid == citation["citationID"] or previous.get(cid) != text else ".."
                lines.append((mark, cid, text))
            previous = {cid: text for _, cid, text in lines}
        if mode == "bibliography":
            assert proc is not None
            return proc.bibliography()
        return "\n".join(f"{mark}[{i}] {text}" for i, (mark, _, text) in enumerate(lines))
    proc = Processor(style, items, locales_dir=LOCALES)
    if mode == "bibliography":
        return proc.bibliography()
    if "CITATION-ITEMS" in fixture:
        clusters = fixture["CITATION-ITEMS"]
    else:
        # One cite per item ID: an ID given twice is one item (the later data), as citeproc-js registers it.
        clusters = [[{"id": key} for key in dict.fromkeys(item["id"] for item in items)]]
    return "\n".join(proc.cite_clusters(clusters))


def suite_required() -> bool:
    return bool(os.environ.get("CI"))
