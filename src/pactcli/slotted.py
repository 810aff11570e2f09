"""Value classes without :mod:`dataclasses`: ``__eq__`` and ``__repr__`` (and, for frozen ones, ``__hash__``
and immutability) read from the fields a class lists, as ``@dataclass`` would generate them.

Why not ``@dataclass``: it builds every class at import time by generating and exec'ing source, about
0.5-0.8 ms a class, and the ``cite`` path had a dozen and a half of them: half the import time of
:mod:`pactcli.csl`. A class here lists its fields in order in ``__match_args__`` (what a dataclass sets it
to), uses them as its ``__slots__``, and writes its own ``__init__`` with the parameters and defaults the
dataclass had (a fresh list or dict per instance where the dataclass had a ``default_factory``).
Equality, hashing and ``repr`` are a dataclass's: the fields compared as a tuple, between instances of the
same class only; ``Slotted`` instances are unhashable (a dataclass with ``eq=True``), ``FrozenSlotted``
ones hash their fields and refuse assignment (``frozen=True``).
"""

from __future__ import annotations

from typing import Any, ClassVar, NoReturn

__all__ = ["FrozenInstanceError", "FrozenSlotted", "Slotted"]


class FrozenInstanceError(AttributeError):
    """An assignment to a field of a frozen instance (``dataclasses.FrozenInstanceError``'s counterpart)."""


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

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in self.__match_args__)
        return f"{type(self).__qualname__}({shown})"


class FrozenSlotted(Slotted):
    """Immutable: ``__init__`` sets its fields with ``object.__setattr__`` (as a frozen dataclass does)."""

    __slots__ = ()

    def __hash__(self) -> int:  # type: ignore[override]
        return hash(self._values())

    def __setattr__(self, name: str, value: object) -> NoReturn:
        raise FrozenInstanceError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> NoReturn:
        raise FrozenInstanceError(f"cannot delete field {name!r}")

    # copy and pickle would restore the slots with setattr, which is refused: restore them as __init__ does.
    def __getstate__(self) -> tuple[Any, ...]:
        return self._values()

    def __setstate__(self, state: tuple[Any, ...]) -> None:
        for name, value in zip(self.__match_args__, state, strict=True):
            object.__setattr__(self, name, value)
