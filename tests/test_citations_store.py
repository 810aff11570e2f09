"""The citeproc-js fixtures cover the embedded store as it is now, not an old copy of it."""

from __future__ import annotations

import json
from pathlib import Path

from pactcli.citations import to_csl
from pactcli.store import parse as store

SNAPSHOT = Path(__file__).parent / "data" / "citations" / "store-sources.json"


def test_store_snapshot_is_current() -> None:
    loaded, _ = store.load([store.EMBEDDED])
    exported = [to_csl(source.id, source.fields) for source in loaded.sources.values()]
    snapshot = json.loads(SNAPSHOT.read_text(encoding="utf-8"))
    # If this fails, the store changed: re-export its sources and regenerate expected.json
    # (tests/data/citations/README.md says how), so every store source is checked against citeproc-js.
    assert sorted(exported, key=lambda item: item["id"]) == sorted(snapshot, key=lambda item: item["id"])
