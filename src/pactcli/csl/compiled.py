"""The bundled styles and locales, parsed ahead of time: plain JSON data shipped in ``csl/compiled/``.

Reading Chicago's 6,000-line style costs ~13 ms (expat, then checking every element against the schema and
every macro call); its compiled form loads in ~3 ms. A compiled file is named by the BLAKE2b digest of the
XML text it was made from, so it is used only for exactly that text: a style or locale that differs by one
byte (an edited bundled file, a user's own style) is parsed from its XML as before, and a stale compiled
file is never read. The data are the parsed tree as it is (elements, attributes, line numbers, a style's own
locales), checked when it was made; JSON, never pickle: loading it cannot run code.

A style's macros are each a line of their own after the first (the rest of the data), read and made into
elements when the macro is first called (:class:`pactcli.csl.style.LazyElement`): a bibliography calls
fewer than half of Chicago's 208, and reading and making all of them was ~40 M instructions of the ~65 M
that loading Chicago took.

``python scripts/compile_csl.py`` writes them; tests/test_csl_compiled.py checks that each one equals a fresh
parse of its XML and that every bundled style and locale has one.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pactcli.csl.locale import LocaleData
    from pactcli.csl.style import Context, Element, Style
    from pactcli.csl.xmltree import Node

COMPILED_DIR = Path(__file__).parent / "compiled"
# Bumped whenever the parsed form changes shape: files of another format are ignored.
FORMAT = 2
# The code whose output the compiled data are: when it changes, the data are ignored (parsed afresh, never
# wrong) until the script is run again, and the test says so.
PARSER_FILES = {
    "style": ("xmltree.py", "style.py", "compiled.py"),
    # A locale's data are its lookup tables (locale.read_locale, its date formats checked by style.py).
    "locale": ("xmltree.py", "style.py", "locale.py", "compiled.py"),
}


@functools.cache
def _blake2b() -> Callable[..., Any]:
    # CPython's own BLAKE2b: hashlib would load OpenSSL (a few milliseconds of start-up), and the built-in
    # SHA-256 of CPython 3.11 has a third of its speed (Chicago's 243 KB: ~12 M instructions against ~4 M).
    try:
        from _blake2 import blake2b  # type: ignore[import-not-found,unused-ignore]
    except ImportError:
        from hashlib import blake2b
    return blake2b  # type: ignore[no-any-return,unused-ignore]


def hash_bytes(data: bytes) -> str:
    """The BLAKE2b digest (256 bits, hex) of ``data``: what names compiled files and rendered citations."""
    return str(_blake2b()(data, digest_size=32).hexdigest())


@functools.lru_cache(maxsize=16)
def digest(text: str) -> str:
    """The BLAKE2b digest (256 bits, hex) of ``text`` (UTF-8), once per process and text: choosing a style
    (:func:`style_facts`), loading it (:func:`read`) and the rendered-citation cache key
    (pactcli.citations.rendered) all name it by this digest, and hashing Chicago's 243 KB costs ~4 M
    instructions each time."""
    return hash_bytes(text.encode("utf-8"))


@functools.cache
def _file_digest(name: str) -> str:
    try:
        return hash_bytes((Path(__file__).parent / name).read_bytes())
    except OSError:
        return ""


@functools.cache
def parser_digest(kind: str) -> str:
    parts: list[str] = []
    for name in PARSER_FILES[kind]:
        part = _file_digest(name)  # each file once, though a style and a locale share files
        if not part:
            return ""  # without the source the data cannot be matched to the parser: never used
        parts.append(part)
    return hash_bytes(" ".join(parts).encode("ascii"))


def path_for(text: str, directory: Path = COMPILED_DIR) -> Path:
    return directory / f"{digest(text)}.json"


def read(text: str, kind: str, directory: Path = COMPILED_DIR) -> dict[str, Any] | None:
    """The compiled data of ``text`` (a ``kind`` of "style" or "locale"), or None where there are none."""
    try:
        raw = path_for(text, directory).read_bytes()
    except OSError:
        return None
    # The first line is the data; a style's macros are on the lines after it, one each, read when called.
    head, _, rest = raw.partition(b"\n")
    try:
        data = json.loads(head)
    except ValueError:
        return None
    if not isinstance(data, dict) or data.get("format") != FORMAT or data.get("kind") != kind:
        return None
    parser = parser_digest(kind)
    if not parser or data.get("parser") != parser:
        return None
    if kind == "style":
        macros = data.get("macros")
        if not isinstance(macros, dict):
            return None
        lines = rest.split(b"\n")
        for entry in macros.values():
            if not (isinstance(entry, list) and len(entry) == 3 and type(entry[2]) is int):
                return None
            if not 0 <= entry[2] < len(lines) - 1:  # the file ends in a newline
                return None
            entry[2] = lines[entry[2]]
    return data


FACTS = "styles.json"


@functools.cache
def _facts_index(directory: Path) -> dict[str, Any]:
    try:
        data = json.loads((directory / FACTS).read_bytes())
    except (OSError, ValueError):
        return {}
    if (
        not isinstance(data, dict)
        or data.get("format") != FORMAT
        or data.get("parser") != parser_digest("style")
    ):
        return {}
    styles = data.get("styles")
    return styles if isinstance(styles, dict) else {}


def style_facts(text: str, directory: Path = COMPILED_DIR) -> tuple[str, str, str] | None:
    """A bundled style's class, parent and default locale, without building the style or loading its
    compiled form (choosing a style is all that some commands need of it: ``styles.json``, made with the
    compiled files), or None for a style without compiled data."""
    facts = _facts_index(directory).get(digest(text))
    if not isinstance(facts, list) or len(facts) != 3:
        return None
    return str(facts[0]), str(facts[1]), str(facts[2])


def write_facts(styles: list[tuple[str, Style]], directory: Path = COMPILED_DIR) -> Path:
    """``styles.json``: each style's class, parent and default locale, by the digest of its XML text."""
    data = {
        "format": FORMAT,
        "parser": parser_digest("style"),
        "styles": {digest(text): [s.klass, s.parent, s.default_locale] for text, s in styles},
    }
    path = directory / FACTS
    path.write_text(json.dumps(data, sort_keys=True, indent=0) + "\n")
    return path


# ---- elements and nodes -------------------------------------------------------------------------------


def element_data(el: Element) -> list[Any]:
    return [el.name, el.attrs, el.line, [element_data(child) for child in el.children]]


def element_from(data: list[Any]) -> Element:
    from pactcli.csl.style import Element

    def build(data: list[Any]) -> Element:
        name, attrs, line, children = data
        return Element(name, attrs, tuple([build(child) for child in children]), line)

    return build(data)


def node_data(node: Node) -> list[Any]:
    return [node.name, node.attrs, node.line, [node_data(child) for child in node.children], node.text]


def node_from(data: list[Any]) -> Node:
    from pactcli.csl.xmltree import Node

    def build(data: list[Any]) -> Node:
        name, attrs, line, children, text = data
        return Node(name, attrs, line, [build(child) for child in children], text)

    return build(data)


# ---- styles -------------------------------------------------------------------------------------------


def _context_data(context: Context) -> dict[str, Any]:
    return {
        "options": context.options,
        "sort": [element_data(key) for key in context.sort],
        "layout": element_data(context.layout),
    }


def _context_from(data: dict[str, Any]) -> Context:
    from pactcli.csl.style import Context

    return Context(
        data["options"], tuple([element_from(key) for key in data["sort"]]), element_from(data["layout"])
    )


def style_data(style: Style) -> dict[str, Any]:
    """A parsed style as plain data (without its source name, which is the caller's)."""
    return {
        "format": FORMAT,
        "kind": "style",
        "parser": parser_digest("style"),
        "klass": style.klass,
        "options": style.options,
        "default_locale": style.default_locale,
        # A macro's children as JSON text of their own, read when the macro is first called (most are not:
        # style.LazyElement); its attributes and line as they are.
        "macros": {name: _macro_data(macro) for name, macro in style.macros.items()},
        "citation": _context_data(style.citation),
        "bibliography": _context_data(style.bibliography) if style.bibliography is not None else None,
        "locales": [node_data(node) for node in style.locales],
        "parent": style.parent,
        "variables": sorted(style.named_variables()),
    }


def _macro_data(macro: Element) -> list[Any]:
    return [macro.attrs, macro.line, _dumps([element_data(child) for child in macro.children])]


def _macro_from(data: list[Any], source: str) -> Element:
    from pactcli.csl.style import LazyElement
    from pactcli.errors import StyleError

    attrs, line, children = data

    def make() -> tuple[Element, ...]:
        try:
            return tuple([element_from(child) for child in json.loads(children)])
        except (ValueError, TypeError):  # a damaged file of the package: said, not a traceback
            raise StyleError(source, line, "its compiled data are damaged; reinstall pactcli") from None

    return LazyElement("macro", attrs, line, make)


def style_from(data: dict[str, Any], source: str) -> Style:
    from pactcli.csl.style import Style

    bibliography = data["bibliography"]
    return Style(
        source=source,
        klass=data["klass"],
        options=data["options"],
        default_locale=data["default_locale"],
        macros={name: _macro_from(macro, source) for name, macro in data["macros"].items()},
        citation=_context_from(data["citation"]),
        bibliography=_context_from(bibliography) if bibliography is not None else None,
        locales=[node_from(node) for node in data["locales"]],
        parent=data["parent"],
        variables=frozenset(data["variables"]),
    )


def locale_data(locale: LocaleData) -> dict[str, Any]:
    """A locale file's lookup tables (locale.read_locale of its checked tree) as plain data: terms by name
    and form, in their order, date formats, options."""
    return {
        "format": FORMAT,
        "kind": "locale",
        "parser": parser_digest("locale"),
        "lang": locale.lang,
        "terms": [
            [name, form, [[t.single, t.multiple, t.gender, t.gender_form, t.match] for t in bucket]]
            for (name, form), bucket in locale.terms.items()
        ],
        "dates": {form: element_data(date) for form, date in locale.dates.items()},
        "options": locale.options,
        "has_ordinals": locale.has_ordinals,
    }


def locale_from(data: dict[str, Any]) -> LocaleData:
    from pactcli.csl.locale import LocaleData, Term

    return LocaleData(
        data["lang"],
        {(name, form): [Term(*term) for term in bucket] for name, form, bucket in data["terms"]},
        {form: element_from(date) for form, date in data["dates"].items()},
        data["options"],
        data["has_ordinals"],
    )


def _dumps(data: Any) -> str:
    # Keys sorted: the elements' attributes are in that order in every compiled style, as they always were.
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def write(text: str, data: dict[str, Any], directory: Path = COMPILED_DIR) -> Path:
    """The compiled file of ``text``: ``data`` as a line of JSON, and a style's macros (their children's JSON
    text, :func:`style_data`) each on a line after it, the data naming the line (JSON never writes a
    newline inside a value)."""
    path = path_for(text, directory)
    lines: list[str] = []
    macros = data.get("macros")
    if data.get("kind") == "style" and isinstance(macros, dict):
        listed: dict[str, list[Any]] = {}
        for name, (attrs, line, children) in macros.items():
            listed[name] = [attrs, line, len(lines)]
            lines.append(children)
        data = dict(data, macros=listed)
    path.write_text("\n".join([_dumps(data), *lines]) + "\n")
    return path
