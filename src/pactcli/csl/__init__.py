"""pactcli.csl: a Citation Style Language 1.0.2 processor (a plain library: no Typer, no Rich).

>>> from pactcli.csl import Processor
>>> proc = Processor(style=xml_text, items=csl_json_items)  # doctest: +SKIP
>>> proc.cite_clusters([[{"id": "ITEM-1", "locator": "23"}]])  # doctest: +SKIP

The names below are imported when first used, so that ``pactcli.csl.compiled`` (a bundled style's class and
parent, read without building the style) does not load the whole processor.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pactcli.csl.processor import Processor
    from pactcli.csl.style import Style, load_style, parse_style

__all__ = ["Processor", "Style", "is_compiled", "load_style", "parse_style"]


def is_compiled(module: str = "pactcli.csl.eval") -> bool:
    """Whether ``module`` (by default the processor's evaluator) is the mypyc-compiled one of this install
    (hatch_build.py), without importing it: the module found is an extension, not its source."""
    from importlib.machinery import EXTENSION_SUFFIXES
    from importlib.util import find_spec

    spec = find_spec(module)
    origin = spec.origin if spec is not None else None
    return origin is not None and origin.endswith(tuple(EXTENSION_SUFFIXES))


def __getattr__(name: str) -> Any:
    if name == "Processor":
        from pactcli.csl.processor import Processor

        return Processor
    if name in ("Style", "load_style", "parse_style"):
        from pactcli.csl import style

        return getattr(style, name)
    raise AttributeError(f"module 'pactcli.csl' has no attribute {name!r}")
