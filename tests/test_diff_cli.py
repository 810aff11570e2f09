"""``diff-dates`` through the entry point: --claim, stdin pairs, formats, errors."""

from __future__ import annotations

import json

from .conftest import MINI


def test_claim_applies_to_the_disputed_end_only(run) -> None:
    main = json.loads(
        run(
            "--store",
            str(MINI),
            "diff-dates",
            "soviet-declaration-of-war",
            "manchurian-offensive",
            "--format",
            "json",
        ).out
    )
    other = json.loads(
        run(
            "--store",
            str(MINI),
            "diff-dates",
            "soviet-declaration-of-war",
            "manchurian-offensive",
            "--claim",
            "1",
            "--format",
            "json",
        ).out
    )
    assert (main["from"]["claim"], main["sign"], main["hours"], main["minutes"]) == (0, 1, 1, 10)
    assert (other["from"]["claim"], other["to"]["claim"]) == (1, 0)
    assert (other["sign"], other["hours"], other["minutes"]) == (-1, 4, 50)


def test_claim_without_a_disputed_end_is_a_usage_error(run) -> None:
    result = run("--store", str(MINI), "diff-dates", "pact-signed", "pact-denounced", "--claim", "1")
    assert (result.code, result.err) == (
        2,
        "pactcli: --claim 1: neither A nor B is an event with a claim 1\n",
    )


def test_pairs_from_stdin(run) -> None:
    result = run(
        "--store",
        str(MINI),
        "diff-dates",
        "-",
        "--format",
        "text",
        stdin="pact-signed\tpact-denounced\n1945-05-08\t1945-08-08\n",
    )
    assert (result.code, result.out) == (0, "1453\n92\n")
    result = run("--store", str(MINI), "diff-dates", "-", stdin="pact-signed pact-denounced\n")
    assert (result.code, result.err) == (1, "pactcli: line 1: expected two fields separated by a tab\n")
    result = run(
        "--store",
        str(MINI),
        "diff-dates",
        "-",
        "--fail-fast",
        "--format",
        "text",
        stdin="pact-signed\tpact-denounced\nbad\npact-signed\tpact-denounced\n",
    )
    assert (result.code, result.out, result.err) == (
        1,
        "1453\n",
        "pactcli: line 2: expected two fields separated by a tab\n",
    )
