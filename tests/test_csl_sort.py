"""Sort keys: the ASCII shortcut of pactcli.csl.engine._collate gives what its general path gives."""

from __future__ import annotations

import string

from hypothesis import given, settings
from hypothesis import strategies as st

from pactcli.csl.engine import _DIGITS, _collate, _fold, _number_key


def general(text: str) -> str:
    """_collate without the ASCII table: the Unicode path for every text."""
    return _fold(_DIGITS.sub(_number_key, text))


@settings(max_examples=2000)
@given(st.text(alphabet=st.characters(max_codepoint=127)))
def test_ascii_keys_equal_the_general_rule(text: str) -> None:
    assert _collate(text) == general(text)


@given(st.text(alphabet=string.ascii_letters + string.digits + " -.,&'\"$|~"))
def test_ascii_keys_equal_the_general_rule_on_sort_like_text(text: str) -> None:
    assert _collate(text) == general(text)


def test_what_the_key_keeps() -> None:
    # Case and punctuation go, numbers compare as numbers, spaces and symbols sort before letters.
    assert _collate("Telegram 235") < _collate("Telegram 1035")
    assert _collate("O'Brien") == _collate("obrien")
    assert _collate("Japan & Soviet") < _collate("Japan 5") < _collate("Japan Center")
    assert _collate("Émile") == _collate("emile")
