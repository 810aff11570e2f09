"""Regenerate the golden transcripts in tests/golden/ (the only way they change). Review the diff after.

python scripts/update_golden.py            # every case
python scripts/update_golden.py timeline   # the cases whose name starts with "timeline"
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.golden import cases, transcript


def main(prefixes: list[str]) -> None:
    for case in cases():
        if prefixes and not any(case.name.startswith(prefix) for prefix in prefixes):
            continue
        text = transcript(case)
        old = case.path.read_text(encoding="utf-8") if case.path.exists() else None
        if text != old:
            case.path.write_text(text, encoding="utf-8")
            print(f"{'updated' if old is not None else 'created'} {case.path.name}")


if __name__ == "__main__":
    main(sys.argv[1:])
