"""Value classes without :mod:`dataclasses`: ``__eq__`` and ``__repr__`` (and, for frozen ones, ``__hash__``
and immutability) read from the fields a class lists, as ``@dataclass`` would generate them.

Why not ``@dataclass``: it builds every class at import time by generating and exec'ing source, about
0.5-0.8 ms a class, and the ``cite`` path had a dozen and a half of them: half the import time of
:mod:`pactcli.csl`. A class here lists its fields in order in ``__match_args__`` (what a dataclass sets it
to), uses them as its ``__slots__``, and writes its own ``__init__`` with the parameters and defaults the
dataclass had (a fresh list or dict per instance where the dataclass had a ``default_factory``).
Equality, hashing and ``repr`` are a dataclass's: the fields compared as a tuple, between instances of the
same class only; ``Slotted`` instances are unhashable (a dataclass with ``eq=True``), ``FrozenSlotted``
ones hash their fields (``frozen=True``). A frozen class declares its fields ``Final``: mypy refuses an
assignment anywhere in the code, and compiled (hatch_build.py) the fields are read-only at run time.

Compiled by mypyc with the CSL processor, so that the processor's value classes derive from a compiled
class: a mypyc class that derives from an interpreted one gets a weak-reference slot that its deallocation
does not clear, a crash once such an object with a weak reference to it dies (mypy 2.4.1). The classes of
interpreted modules derive from these as ordinary Python classes. A ``__setattr__`` that refuses
assignment, as a frozen dataclass has, is not possible here: mypyc allows it only in a class without
interpreted subclasses, and applies it to ``__init__``'s own assignments too.
"""

from __future__ import annotations

from typing import Any, ClassVar

from mypy_extensions import mypyc_attr

__all__ = ["FrozenSlotted", "Slotted"]


@mypyc_attr(allow_interpreted_subclasses=True)
class Slotted:
    __slots__ = ()
    __match_args__: ClassVar[tuple[str, ...]] = ()

    def _values(self) -> tuple[Any, ...]:
        return tuple([getattr(self, name) for name in self.__match_args__])

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Slotted) or other.__class__ is not self.__class__:
            return NotImplemented
        return self._values() == other._values()

    __hash__ = None  # type: ignore[assignment]  # unhashable, as a dataclass with eq=True and not frozen

    def __reduce__(self) -> tuple[type[Slotted], tuple[Any, ...]]:
        # copy and pickle make the copy through __init__, whose parameters are the fields in order (see
        # above), not by __new__ and then setting the slots: a compiled class (read-only fields, no
        # __new__ without __init__) could not be made that way.
        return (type(self), self._values())

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in self.__match_args__)
        return f"{type(self).__qualname__}({shown})"


@mypyc_attr(allow_interpreted_subclasses=True)
class FrozenSlotted(Slotted):
    """Hashable; its subclasses declare their fields ``Final`` (see above)."""

    __slots__ = ()

    def __hash__(self) -> int:  # type: ignore[override]
        return hash(self._values())
