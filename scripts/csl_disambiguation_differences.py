"""Write tests/data/csl/disambiguation/differences.txt: every case of the disambiguation stress sample where
pactcli.csl differs from citeproc-js, each with the reason of its kind, found from what differs.

    PACTCLI_SHARED=../shared python scripts/csl_disambiguation_differences.py > \
        tests/data/csl/disambiguation/differences.txt

The kinds (REASONS) were read off the cases themselves; a case is put in the first kind whose test it
passes (classify), so the list says which kind of difference each case is, not that each was examined.
"""

from __future__ import annotations

import collections
import difflib
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.test_csl_disambiguation_scale import CASES, PACKAGE_LOCALES, Processor, expected, style

REASONS = {
    "no-printed-form": (
        "a cite whose author is suppressed and whose other parts print nothing: citeproc-js prints "
        "its error text ([NO_PRINTED_FORM] or [CSL STYLE ERROR]) where pactcli prints nothing"
    ),
    "order": (
        "order: the entry at this place is another item; citeproc-js sorts by the names as its "
        "registry held them when each item was last re-keyed (only the items disambiguation "
        "tainted), pactcli by the final names"
    ),
    "empty-cite": (
        "a suppress-author cite that prints nothing: citeproc-js then loses the layout's prefix or "
        "suffix or keeps the delimiter before the next cite; pactcli keeps the affixes and leaves "
        "the empty cite out"
    ),
    "spacing": (
        "spaces: where strings with doubled spaces meet, citeproc-js moves or keeps a space "
        "differently around display blocks (left-margin, block)"
    ),
    "year-suffix": (
        "year suffixes: citeproc-js gives them within the sub-lists its step-by-step disambiguation"
        " (CSL.Disambiguation.runDisambig) splits a group into, none in a list whose first cite "
        "clashes with no other; pactcli to every cite still ambiguous, in bibliography order"
    ),
    "delimiter": (
        "delimiter: citeproc-js's getSpliceDelimiter after a collapsed cite whose year or names "
        "disambiguation changed differs from pactcli's choice"
    ),
    "names": (
        "added names or et al.: citeproc-js adds names one at a time over its disambiguation lists "
        "(disNames); pactcli adds them to the whole ambiguous group"
    ),
    "given-name": (
        "given names: citeproc-js expands them step by step over its disambiguation lists "
        "(disNames), keeping what helped the first cite of each; pactcli expands each name across "
        "the whole ambiguous group"
    ),
    "other": (
        "several of the above at once (names, given names and year suffixes of one disambiguation group)"
    ),
}


def classify(theirs: str, ours: str, our_entries: set[str]) -> str:
    """The kind of one difference (citeproc-js's output, pactcli's; pactcli's entries for a bibliography)."""
    if "NO_PRINTED_FORM" in theirs or "CSL STYLE ERROR" in theirs:
        return "no-printed-form"
    if theirs in our_entries:
        return "order"
    brackets = (("(", ")"), ("[", "]"))
    if re.match(r"[;,]", theirs) or any(
        theirs.count(o) != theirs.count(c) and ours.count(o) == ours.count(c) for o, c in brackets
    ):
        return "empty-cite"
    matcher = difflib.SequenceMatcher(None, theirs, ours, autojunk=False)
    ops = [
        (theirs[i1:i2], ours[j1:j2], theirs[max(0, i1 - 1) : i1])
        for tag, i1, i2, j1, j2 in matcher.get_opcodes()
        if tag != "equal"
    ]
    if all(re.fullmatch(r"[\s\u00a0]*", a + b) for a, b, _ in ops):
        return "spacing"
    if sorted(theirs) == sorted(ours):
        return "order"
    if all(
        re.fullmatch(r"[a-z]{0,2}", a) and re.fullmatch(r"[a-z]{0,2}", b) and re.search(r"[\d\-\s,]$", before)
        for a, b, before in ops
    ):
        return "year-suffix"
    if all(re.fullmatch(r"[,;] ?", a) and re.fullmatch(r"[,;] ?", b) for a, b, _ in ops):
        return "delimiter"
    if any(re.search(r"et al|&|\band\b|others|[,;/] ?[A-Z]", a + b) for a, b, _ in ops):
        return "names"
    if all(re.fullmatch(r"[A-Za-z.\- ]*", a) and re.fullmatch(r"[A-Za-z.\- ]*", b) for a, b, _ in ops):
        return "given-name"
    return "other"


def main() -> None:
    lines: list[str] = []
    kinds: collections.Counter[str] = collections.Counter()
    for index, name in CASES:
        doc = expected()["documents"][index]
        want = doc["styles"][name]
        got = Processor(style(name), doc["items"], locales_dir=PACKAGE_LOCALES).cite_clusters(doc["clusters"])
        cases = [
            (f"note{n + 1}", a, b, set()) for n, (a, b) in enumerate(zip(want["notes"], got, strict=True))
        ]
        if want["bibliography"] is not None:
            entries = Processor(style(name), doc["items"], locales_dir=PACKAGE_LOCALES).bibliography_entries()
            ours = [f'<div class="csl-entry">{e}</div>' for e in entries]
            if len(ours) != len(want["bibliography"]):
                cases.append(("bibliography", "", "-", set()))
            else:
                cases += [
                    (f"bibliography{n + 1}", t, o, set(ours))
                    for n, (t, o) in enumerate(zip(want["bibliography"], ours, strict=True))
                ]
        for case, theirs, mine, entries_set in cases:
            if theirs != mine:
                kind = classify(theirs, mine, entries_set)
                kinds[kind] += 1
                lines.append(f"d{index} {name} {case} {REASONS[kind]}")
    print("# Known differences between pactcli.csl and citeproc-js on the disambiguation stress sample")
    print(
        "# (tests/data/csl/disambiguation/citeproc-js.json, tests/test_csl_disambiguation_scale.py): document"
    )
    print(
        "# style case (noteN or bibliographyN) reason. Exact: a difference that goes away must come off the"
    )
    print(
        "# list. Written by scripts/csl_disambiguation_differences.py: the reason is that of the case's kind."
    )
    print("\n".join(lines))
    print(dict(kinds.most_common()), file=sys.stderr)


if __name__ == "__main__":
    main()
