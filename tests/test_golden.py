"""Golden transcripts at 80, 120 and 200 columns (tests/golden/cases.toml): what a user sees, exactly.

A failure shows the difference; if the new output is what is wanted, regenerate with
``python scripts/update_golden.py`` and review the diff of tests/golden/ before committing.
"""

from __future__ import annotations

import pytest

from .golden import Case, cases, transcript

CASES = cases()


def test_every_width_is_covered() -> None:
    assert {case.width for case in CASES} == {80, 120, 200}
    assert len(CASES) >= 30


@pytest.mark.parametrize("case", CASES, ids=[f"{c.name}-{c.width}" for c in CASES])
def test_transcript(case: Case) -> None:
    expected = case.path.read_text(encoding="utf-8")
    assert transcript(case) == expected


@pytest.mark.parametrize("case", CASES, ids=[f"{c.name}-{c.width}" for c in CASES])
def test_nothing_is_hidden_behind_an_ellipsis(case: Case) -> None:
    # The test store has no "…" of its own: any in a transcript would be text cut short.
    assert "…" not in case.path.read_text(encoding="utf-8")
