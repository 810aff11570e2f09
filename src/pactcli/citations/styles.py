"""Which CSL style a ``--style`` names: a bundled style by name, or a ``.csl`` file; dependent styles.

The bundled styles are the official files in ``pactcli/csl/styles/`` (CC BY-SA 3.0, each with its authors in
its ``<info>``). ``chicago`` and ``mla`` are short names for ``chicago-notes-bibliography`` and
``modern-language-association``; every other bundled style goes by its file name. A dependent style
(an ``<info>`` with ``<link rel="independent-parent">``, as most of the 2,800 Zotero styles are) has no
layout of its own: it is rendered with its parent, looked up among the bundled styles by the last part of
the parent's URL, in the dependent style's ``default-locale``.

No :mod:`pactcli.csl` import at module level: only the ``cite`` path pays for it.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Final

from pactcli.errors import StyleError, UsageError
from pactcli.slotted import FrozenSlotted

STYLES_DIR = Path(__file__).resolve().parent.parent / "csl" / "styles"
ALIASES = {"chicago": "chicago-notes-bibliography", "mla": "modern-language-association"}


class StyleChoice(FrozenSlotted):
    """A style ready for the processor: its XML text, where it came from, and the locale it asks for."""

    __match_args__ = ("name", "source", "text", "locale", "klass")
    __slots__ = __match_args__
    name: Final[str]
    source: Final[str]
    text: Final[str]
    # A dependent style's default-locale, which overrides its parent's ("" when it gives none).
    locale: Final[str]
    # The style's class: "note" or "in-text".
    klass: Final[str]

    def __init__(self, name: str, source: str, text: str, locale: str = "", klass: str = "in-text") -> None:
        self.name = name
        self.source = source
        self.text = text
        self.locale = locale
        self.klass = klass


class StyleInfo(FrozenSlotted):
    __match_args__ = ("name", "title", "klass")
    __slots__ = __match_args__
    name: Final[str]
    title: Final[str]
    klass: Final[str]

    def __init__(self, name: str, title: str, klass: str) -> None:
        self.name = name
        self.title = title
        self.klass = klass


def bundled_names() -> list[str]:
    return sorted(path.stem for path in STYLES_DIR.glob("*.csl"))


def _read(path: Path, source: str) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise StyleError(source, 0, "not UTF-8 text") from None
    except OSError as exc:
        raise StyleError(source, 0, f"cannot read: {exc.strerror or exc}") from None


def resolve_style(spec: str) -> StyleChoice:
    """The style ``spec`` names (a bundled name or a path), with a dependent style's parent put in its place.

    An unknown name is a :class:`UsageError`; a file that is not a usable style a :class:`StyleError` naming
    the file (and line).
    """
    name = ALIASES.get(spec, spec)
    bundled = STYLES_DIR / f"{name}.csl"
    if "/" not in name and "\\" not in name and not name.endswith(".csl") and bundled.is_file():
        path, source = bundled, name
    else:
        path = Path(spec)
        if not path.is_file():
            if spec.endswith(".csl") or "/" in spec:
                raise StyleError(spec, 0, "no such style file")
            raise UsageError(
                f"option --style: unknown style {spec!r}; give a path to a .csl file or one of: "
                + ", ".join(["chicago", "mla", *bundled_names()])
            )
        source = spec
    text = _read(path, source)
    klass, parent, default_locale = _facts(text, source)
    if not parent:
        return StyleChoice(name if source == name else path.stem, source, text, klass=klass)
    parent_name = parent.rstrip("/").rsplit("/", 1)[-1]
    parent_path = STYLES_DIR / f"{parent_name}.csl"
    if not parent_name or not parent_path.is_file():
        raise StyleError(
            source,
            0,
            f"a dependent style whose parent {parent!r} is not bundled; give the parent's .csl file",
        )
    parent_text = _read(parent_path, parent_name)
    parent_klass, _, _ = _facts(parent_text, parent_name)  # a broken parent is reported now, naming it
    return StyleChoice(path.stem, parent_name, parent_text, default_locale, parent_klass)


def _facts(text: str, source: str) -> tuple[str, str, str]:
    """A style's class, parent and default locale: from a bundled style's compiled data without building
    it (choosing the style is all that some commands need of it), else from parsing it (which reports a
    broken style now, naming it)."""
    from pactcli.csl import compiled

    facts = compiled.style_facts(text)
    if facts is not None:
        return facts
    from pactcli.csl import load_style

    style = load_style(text, source)
    return style.klass, style.parent, style.default_locale


@functools.cache
def style_info(name: str) -> StyleInfo:
    from pactcli.csl import load_style
    from pactcli.csl.xmltree import parse_xml

    text = _read(STYLES_DIR / f"{name}.csl", name)
    root = parse_xml(text, name)
    info = root.find("info")
    title_node = info.find("title") if info is not None else None
    title = title_node.text if title_node is not None and title_node.text else name
    return StyleInfo(name, title.strip(), load_style(text, name).klass)


def bundled_styles() -> list[StyleInfo]:
    """Every bundled style: its name for ``--style``, its title, and whether it is a note or in-text style."""
    return [style_info(name) for name in bundled_names()]
