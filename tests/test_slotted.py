"""The slotted value classes (pactcli.slotted) behave as the dataclasses they replaced.

The oracle is :mod:`dataclasses` itself: for each class, a dataclass with the same fields, defaults and
frozenness (built from the class's ``__init__`` signature) must give the same ``repr``, equality, hashing,
immutability, ``copy``/``pickle`` round trips and ``__match_args__``.
"""

from __future__ import annotations

import ast
import copy
import dataclasses
import importlib.util
import inspect
import pickle
import typing
from pathlib import Path
from typing import Any

import pytest

from pactcli.citations.styles import StyleChoice, StyleInfo
from pactcli.csl import is_compiled
from pactcli.csl.dates import DatePart, DateValue
from pactcli.csl.eval import Cite, Disamb
from pactcli.csl.json_dates import CslDate
from pactcli.csl.locale import LocaleData, Term
from pactcli.csl.names import Name
from pactcli.csl.output import Quotes, Span, Text
from pactcli.csl.style import Context, Element, Style
from pactcli.csl.xmltree import Node
from pactcli.slotted import FrozenSlotted, Slotted
from pactcli.store import parse as store

LAYOUT = Element("layout", {}, (), 3)
CONTEXT = Context({"et-al-min": "4"}, (), LAYOUT)

# Each class with argument tuples: the first two differ, the third equals the first.
CASES: list[tuple[type[Slotted], list[tuple[Any, ...]]]] = [
    (DatePart, [(1941, 4, 13), (1941, 4, 13, None, True, "Michaelmas"), (1941, 4, 13)]),
    (DateValue, [([DatePart(1941)],), ([DatePart(1941)], True, "ca. 1941"), ([DatePart(1941)],)]),
    (Cite, [(), (2, True, "46", "page", 1, 3, 7), ()]),
    (Disamb, [(), (1, {0: 2}, 1, 3, True), ()]),
    (
        Term,
        [("page", "pages"), ("page", "pages", "feminine", "masculine", "whole-number"), ("page", "pages")],
    ),
    (
        LocaleData,
        [("en-US",), ("de-AT", {("page", "long"): [Term("Seite", "Seiten")]}, {}, {}, True), ("en-US",)],
    ),
    (
        Name,
        [("Slavinsky", "Boris"), ("Togo", "Shigenori", "", "", "", "", True, True), ("Slavinsky", "Boris")],
    ),
    (Text, [("Moscow",), ("Moscow", True, True), ("Moscow",)]),
    (
        Span,
        [
            ([Text("a")], {"font-style": "italic"}),
            ([Text("a")], {}, True, "block", True, True, True, True, True),
            ([Text("a")], {"font-style": "italic"}),
        ],
    ),
    (Quotes, [(), ("«", "»", "„", "“", True), ()]),
    (Context, [({}, (), LAYOUT), ({"x": "y"}, (LAYOUT,), LAYOUT), ({}, (), LAYOUT)]),
    (
        Style,
        [
            ("s", "note", {}, "en-US", {}, CONTEXT, None),
            ("s", "in-text", {}, "", {}, CONTEXT, CONTEXT, [], "p"),
            ("s", "note", {}, "en-US", {}, CONTEXT, None),
        ],
    ),
    (Node, [("style", {"class": "note"}, 2), ("style", {}, 2, [], "text"), ("style", {"class": "note"}, 2)]),
    (
        StyleChoice,
        [
            ("chicago", "chicago", "<style/>"),
            ("x", "y", "<style/>", "de-DE", "note"),
            ("chicago", "chicago", "<style/>"),
        ],
    ),
    (StyleInfo, [("apa", "APA", "in-text"), ("apa", "APA", "note"), ("apa", "APA", "in-text")]),
    (CslDate, [((1941, 4, 13),), ((1941, 0, 0), (1945, 8, 0), True, "lit", 2, "summer"), ((1941, 4, 13),)]),
    (store._Block, [(1,), (2, {"title": 3}, []), (1,)]),
    (store._At, [("events", 1), ("sources", 2, "title", 1), ("events", 1)]),
    (store._RawFile, [("a.toml", None, {}), ("b.toml", None, {"x": 1}), ("a.toml", None, {})]),
]

# The fields the dataclasses made with ``default_factory`` (their __init__ now defaults them to None), and
# the fewest arguments each class takes.
FACTORIES: dict[type[Slotted], dict[str, type]] = {
    Disamb: {"given": dict},
    LocaleData: {"terms": dict, "dates": dict, "options": dict},
    Span: {"children": list, "fmt": dict},
    Style: {"locales": list},
    Node: {"children": list},
    store._Block: {"keys": dict, "children": list},
}
FEWEST: dict[type[Slotted], tuple[Any, ...]] = {
    Disamb: (),
    LocaleData: ("en-US",),
    Span: (),
    Style: ("s", "note", {}, "en-US", {}, CONTEXT, None),
    Node: ("style", {}, 1),
    store._Block: (1,),
}


def init_signature(cls: type[Slotted]) -> inspect.Signature:
    """``cls.__init__``'s signature; for a class compiled by mypyc, whose ``__init__`` shows only
    ``(*args, **kwargs)``, read from the source beside the extension (every default is a literal)."""
    found = inspect.signature(cls.__init__)
    if all(p.kind is not inspect.Parameter.VAR_POSITIONAL for p in found.parameters.values()):
        return found
    origin = importlib.util.find_spec(cls.__module__).origin  # type: ignore[union-attr]
    source = Path(str(origin)).with_name(cls.__module__.rpartition(".")[2] + ".py")
    tree = ast.parse(source.read_text(encoding="utf-8"))
    node = next(n for n in ast.walk(tree) if isinstance(n, ast.ClassDef) and n.name == cls.__name__)
    init = next(n for n in node.body if isinstance(n, ast.FunctionDef) and n.name == "__init__")
    args = init.args.args
    defaults = [inspect.Parameter.empty] * (len(args) - len(init.args.defaults)) + [
        ast.literal_eval(d) for d in init.args.defaults
    ]
    kind = inspect.Parameter.POSITIONAL_OR_KEYWORD
    return inspect.Signature(
        [inspect.Parameter(a.arg, kind, default=d) for a, d in zip(args, defaults, strict=True)]
    )


def twin(cls: type[Slotted]) -> type:
    """The dataclass ``cls`` stands for: its ``__init__`` parameters as fields, with the same defaults."""
    fields: list[tuple[str, Any, Any]] = []
    factories = FACTORIES.get(cls, {})
    for param in list(init_signature(cls).parameters.values())[1:]:
        if param.name in factories:
            assert param.default is None
            fields.append((param.name, Any, dataclasses.field(default_factory=factories[param.name])))
        elif param.default is inspect.Parameter.empty:
            fields.append((param.name, Any, dataclasses.field()))
        else:
            fields.append((param.name, Any, dataclasses.field(default=param.default)))
    frozen = issubclass(cls, FrozenSlotted)
    return dataclasses.make_dataclass(
        cls.__name__, fields, frozen=frozen, namespace={"__qualname__": cls.__qualname__}
    )


IDS = [cls.__name__ for cls, _ in CASES]


@pytest.mark.parametrize(("cls", "samples"), CASES, ids=IDS)
def test_fields_are_the_init_parameters_in_order(cls: type[Slotted], samples: list[tuple[Any, ...]]) -> None:
    names = tuple(list(init_signature(cls).parameters)[1:])
    assert cls.__match_args__ == names
    assert getattr(cls, "__slots__", names) == names  # a compiled class's fields are native, not slots
    assert cls.__match_args__ == twin(cls).__match_args__
    assert not hasattr(cls(*samples[0]), "__dict__")


@pytest.mark.parametrize(("cls", "samples"), CASES, ids=IDS)
def test_behaves_as_its_dataclass(cls: type[Slotted], samples: list[tuple[Any, ...]]) -> None:
    oracle = twin(cls)
    ours = [cls(*args) for args in samples]
    theirs = [oracle(*args) for args in samples]
    for args, mine, other in zip(samples, ours, theirs, strict=True):
        assert repr(mine) == repr(other)
        for name, value in zip(cls.__match_args__, args, strict=False):
            # Kept as given, never copied or replaced (a tuple by value: compiled by mypyc, a field of a
            # fixed tuple type is stored unboxed and made anew when read).
            if isinstance(value, tuple):
                assert getattr(mine, name) == value
            else:
                assert getattr(mine, name) is value
        for name in cls.__match_args__:
            assert getattr(mine, name) == getattr(other, name)
    for i in range(3):
        for j in range(3):
            assert (ours[i] == ours[j]) is (theirs[i] == theirs[j])
            assert (ours[i] != ours[j]) is (theirs[i] != theirs[j])
    assert ours[0] != theirs[0]  # another class: never equal, as between two dataclasses
    assert ours[0] != samples[0]
    assert ours[0] is not ours[2]
    if issubclass(cls, FrozenSlotted):
        assert hash(ours[0]) == hash(theirs[0]) == hash(ours[2])
        assert len({ours[0], ours[1], ours[2]}) == 2
        # Immutable as pactcli.slotted says: every field Final (mypy refuses an assignment), and read-only
        # at run time where the class is compiled.
        if is_compiled(cls.__module__):
            name = cls.__match_args__[0]
            with pytest.raises(AttributeError, match="not writable"):
                setattr(ours[0], name, None)
        else:
            hints = typing.get_type_hints(cls, include_extras=True)
            assert all(typing.get_origin(hints[name]) is typing.Final for name in cls.__match_args__), hints
    else:
        with pytest.raises(TypeError, match="unhashable"):
            hash(ours[0])
        with pytest.raises(TypeError, match="unhashable"):
            hash(theirs[0])
    for mine, other in zip(ours, theirs, strict=True):
        # Equal after a copy or a round trip where the dataclass is (an Element inside compares by identity).
        # (The twin is not importable, so it is not pickled: a pickle round trip is a deep copy.)
        for again in (copy.copy, copy.deepcopy):
            assert repr(again(mine)) == repr(mine)
            assert (again(mine) == mine) is (again(other) == other)
        assert repr(pickle.loads(pickle.dumps(mine))) == repr(mine)
        assert (pickle.loads(pickle.dumps(mine)) == mine) is (copy.deepcopy(other) == other)
        with pytest.raises(AttributeError):
            mine.not_a_field = 1  # type: ignore[attr-defined]


@pytest.mark.parametrize("cls", list(FACTORIES), ids=lambda cls: cls.__name__)
def test_a_mutable_default_is_fresh_per_instance(cls: type[Slotted]) -> None:
    first, second = cls(*FEWEST[cls]), cls(*FEWEST[cls])
    for name, kind in FACTORIES[cls].items():
        assert getattr(first, name) == kind()
        assert getattr(first, name) is not getattr(second, name)
