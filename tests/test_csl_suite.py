"""The official CSL test suite, every fixture, through pactcli.csl's public API.

Fixtures listed in tests/data/csl/expected-failures.txt (one name and its reason a line) are strict
xfails: one that starts passing fails the run until it is taken off the list.
Summary of failures by group: ``python tests/test_csl_suite.py``.
"""

from __future__ import annotations

import collections
import sys

import pytest

from tests.csl_fixtures import (
    SUITE,
    expected_failures,
    fixture_names,
    parse_fixture,
    run_fixture,
    suite_required,
)

NAMES = fixture_names()
XFAIL = expected_failures()


def test_suite_is_present() -> None:
    if not NAMES:
        if suite_required():
            pytest.fail(f"the CSL test suite is missing at {SUITE} (CI is set)")
        pytest.skip(f"the CSL test suite is not at {SUITE}")
    assert len(NAMES) == 845


def test_expected_failures_name_real_fixtures() -> None:
    if not NAMES:
        pytest.skip("no suite")
    unknown = sorted(set(XFAIL) - set(NAMES))
    assert unknown == []
    assert all(XFAIL.values()), "every expected failure needs a reason"


@pytest.mark.parametrize(
    "name",
    [
        pytest.param(n, marks=pytest.mark.xfail(strict=True, reason=XFAIL[n])) if n in XFAIL else n
        for n in NAMES
    ],
)
def test_fixture(name: str) -> None:
    fixture = parse_fixture(SUITE / f"{name}.txt")
    assert run_fixture(fixture) == fixture["RESULT"]


def _summary() -> None:
    failing: list[str] = []
    for name in NAMES:
        fixture = parse_fixture(SUITE / f"{name}.txt")
        try:
            ok = run_fixture(fixture) == fixture["RESULT"]
        except Exception as exc:  # a summary, not a test: count crashes as failures
            ok = False
            print(f"CRASH {name}: {type(exc).__name__}: {exc}")
        if not ok:
            failing.append(name)
    groups = collections.Counter(n.split("_")[0] for n in failing)
    totals = collections.Counter(n.split("_")[0] for n in NAMES)
    for group, count in groups.most_common():
        print(f"{group:15} {count:4} failing of {totals[group]}")
    print(f"passed {len(NAMES) - len(failing)}/{len(NAMES)}")
    if "--list" in sys.argv:
        for name in failing:
            print(name)


if __name__ == "__main__":
    _summary()
