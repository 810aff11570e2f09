"""A CSL style: XML -> a checked element tree (names and attributes against CSL 1.0.2's schema).

Evaluation dispatches on :attr:`Element.name`; the tree is read-only after parsing and shared between
processors, so a style is parsed once per process (:func:`load_style`).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from pactcli.csl.xmltree import Node, parse_xml
from pactcli.errors import StyleError
from pactcli.slotted import Slotted

AFFIX = {"prefix", "suffix"}
FORMATTING = {
    "font-style",
    "font-variant",
    "font-weight",
    "text-decoration",
    "vertical-align",
}
DISPLAY = {"display"}
QUOTES = {"quotes", "strip-periods", "text-case"}
RENDER = AFFIX | FORMATTING | DISPLAY
NAME_OPTIONS = {
    "and",
    "delimiter-precedes-et-al",
    "delimiter-precedes-last",
    "et-al-min",
    "et-al-use-first",
    "et-al-use-last",
    "et-al-subsequent-min",
    "et-al-subsequent-use-first",
    "initialize",
    "initialize-with",
    "name-as-sort-order",
    "sort-separator",
}
INHERITABLE = NAME_OPTIONS | {"name-form", "name-delimiter", "names-delimiter"}
CONDITIONS = {
    "disambiguate",
    "is-numeric",
    "is-uncertain-date",
    "locator",
    "position",
    "type",
    "variable",
    "match",
}
# citeproc-js extensions that the official test suite uses; accepted so those styles run.
EXTENSIONS = {"is-plural", "jurisdiction", "context", "has-day", "has-year-only", "has-to-month-or-season"}

ALLOWED: dict[str, set[str]] = {
    "style": {
        "class",
        "version",
        "default-locale",
        "demote-non-dropping-particle",
        "initialize-with-hyphen",
        "page-range-format",
        "xml:lang",
        "base",
    }
    | INHERITABLE,
    "info": set(),
    "locale": {"xml:lang"},
    "macro": {"name"},
    "citation": {
        "disambiguate-add-givenname",
        "disambiguate-add-names",
        "disambiguate-add-year-suffix",
        "givenname-disambiguation-rule",
        "near-note-distance",
        "cite-group-delimiter",
        "collapse",
        "year-suffix-delimiter",
        "after-collapse-delimiter",
    }
    | INHERITABLE,
    "bibliography": {
        "hanging-indent",
        "second-field-align",
        "line-spacing",
        "entry-spacing",
        "subsequent-author-substitute",
        "subsequent-author-substitute-rule",
    }
    | INHERITABLE,
    "sort": set(),
    "key": {"variable", "macro", "sort", "names-min", "names-use-first", "names-use-last"},
    "layout": AFFIX | FORMATTING | {"delimiter", "xml:lang"},
    "text": RENDER | QUOTES | {"variable", "macro", "term", "form", "plural", "value"},
    "number": RENDER | {"variable", "form", "text-case"},
    "label": AFFIX | FORMATTING | {"variable", "form", "plural", "text-case", "strip-periods"},
    "group": RENDER | {"delimiter"},
    "choose": set(),
    "if": CONDITIONS | EXTENSIONS,
    "else-if": CONDITIONS | EXTENSIONS,
    "else": set(),
    "names": RENDER | {"variable", "delimiter"},
    "name": AFFIX | FORMATTING | NAME_OPTIONS | {"form", "delimiter"},
    "name-part": {"name", "text-case"} | AFFIX | FORMATTING,
    "et-al": {"term"} | FORMATTING | AFFIX,
    "substitute": set(),
    "date": RENDER | {"variable", "form", "date-parts", "delimiter", "text-case"},
    "date-part": AFFIX | FORMATTING | {"name", "form", "range-delimiter", "text-case", "strip-periods"},
    "style-options": {"punctuation-in-quote", "limit-day-ordinals-to-day-1"},
    "terms": set(),
    "term": {"name", "form", "gender", "gender-form", "match"},
    "single": set(),
    "multiple": set(),
}
RENDERING = {"text", "number", "label", "group", "choose", "names", "date"}
CHILDREN: dict[str, set[str] | None] = {
    "layout": RENDERING,
    "group": RENDERING,
    "macro": RENDERING,
    "if": RENDERING,
    "else-if": RENDERING,
    "else": RENDERING,
    "substitute": RENDERING,
    "choose": {"if", "else-if", "else"},
    "names": {"name", "et-al", "label", "substitute"},
    "name": {"name-part"},
    "date": {"date-part"},
    "sort": {"key"},
    "citation": {"sort", "layout"},
    "bibliography": {"sort", "layout"},
    "style": {"info", "locale", "macro", "citation", "bibliography"},
    "text": set(),
    "number": set(),
    "label": set(),
    "et-al": set(),
    "name-part": set(),
    "date-part": set(),
    "key": set(),
}


class Element:
    """A rendering element of a style: its CSL name, attributes and children (read-only after parsing)."""

    __slots__ = ("attrs", "children", "line", "name")

    def __init__(self, name: str, attrs: dict[str, str], children: tuple[Element, ...], line: int) -> None:
        self.name = name
        self.attrs = attrs
        self.children = children
        self.line = line

    def get(self, key: str, default: str = "") -> str:
        return self.attrs.get(key, default)

    def __repr__(self) -> str:
        return f"<{self.name} {self.attrs}>"


class LazyElement(Element):
    """An element whose children are made when first asked for: a compiled style's macros (pactcli.csl.
    compiled), most of which a given bibliography never calls (Chicago's has 208; the embedded store's
    bibliography calls 95 of them). Its name, attributes and line are there from the start."""

    __slots__ = ("_make",)

    def __init__(
        self, name: str, attrs: dict[str, str], line: int, make: Callable[[], tuple[Element, ...]]
    ) -> None:
        self.name = name
        self.attrs = attrs
        self.line = line
        self._make = make  # the children slot stays empty until then: reading it calls __getattr__

    def __getattr__(self, key: str) -> Any:
        if key != "children":
            raise AttributeError(key)
        children = self.children = self._make()
        return children


class Context(Slotted):
    """``cs:citation`` or ``cs:bibliography``: options (with inherited name options), sort keys, layout."""

    __match_args__ = ("options", "sort", "layout")
    __slots__ = __match_args__

    def __init__(self, options: dict[str, str], sort: tuple[Element, ...], layout: Element) -> None:
        self.options = options
        self.sort = sort
        self.layout = layout


class Style(Slotted):
    __match_args__ = (
        "source",
        "klass",
        "options",
        "default_locale",
        "macros",
        "citation",
        "bibliography",
        "locales",
        "parent",
        "variables",
    )
    __slots__ = __match_args__

    def __init__(
        self,
        source: str,
        klass: str,
        options: dict[str, str],
        default_locale: str,
        macros: dict[str, Element],
        citation: Context,
        bibliography: Context | None,
        locales: list[Node] | None = None,
        parent: str = "",
        # What named_variables() answers, where it is known (parse_style finds it, a compiled style's data
        # say it); None: found when first asked.
        variables: frozenset[str] | None = None,
    ) -> None:
        self.source = source
        self.klass = klass
        self.options = options
        self.default_locale = default_locale
        self.macros = macros
        self.citation = citation
        self.bibliography = bibliography
        self.locales = [] if locales is None else locales
        self.parent = parent
        self.variables = variables

    def named_variables(self) -> frozenset[str]:
        """Every value that a ``variable`` attribute has in the macros and the two layouts (not the sort
        keys), found once: what the processor asks of a whole style (does any element print year-suffix?)
        without making the macros' children (:class:`LazyElement`)."""
        if self.variables is None:
            found: set[str] = set()
            stack: list[Element] = [*self.macros.values(), self.citation.layout]
            if self.bibliography is not None:
                stack.append(self.bibliography.layout)
            while stack:  # one pass over every element (Chicago has some 3,400), no lists built
                element = stack.pop()
                variable = element.attrs.get("variable")
                if variable is not None:
                    found.add(variable)
                stack.extend(element.children)
            self.variables = frozenset(found)
        return self.variables


def _convert(node: Node, source: str) -> Element:
    name = node.name
    if name not in ALLOWED:
        raise StyleError(source, node.line, f"unknown CSL element <{name}>")
    allowed = ALLOWED[name]
    for key in node.attrs:
        if key not in allowed:
            raise StyleError(source, node.line, f"<{name}> has an unknown attribute '{key}'")
    permitted = CHILDREN.get(name)
    kids: list[Element] = []
    for child in node.children:
        if child.name.startswith("{"):
            continue
        if child.name not in ALLOWED:
            raise StyleError(source, child.line, f"unknown CSL element <{child.name}>")
        if permitted is not None and child.name not in permitted:
            raise StyleError(source, child.line, f"<{child.name}> is not allowed inside <{name}>")
        kids.append(_convert(child, source))
    if name == "choose" and (not kids or kids[0].name != "if"):
        raise StyleError(source, node.line, "<choose> must start with <if>")
    return Element(name, dict(node.attrs), tuple(kids), node.line)


def _context(node: Node, source: str) -> Context:
    _convert(Node(node.name, node.attrs, node.line), source)
    layout = node.find("layout")
    if layout is None:
        raise StyleError(source, node.line, f"<{node.name}> has no <layout>")
    sort = node.find("sort")
    keys = tuple(_convert(k, source) for k in sort.children) if sort is not None else ()
    for key in keys:
        if key.name != "key":
            raise StyleError(source, key.line, f"<{key.name}> is not allowed inside <sort>")
    return Context(dict(node.attrs), keys, _convert(layout, source))


def parse_style(text: str, source: str = "<style>") -> Style:
    """Parse a style's XML text into a :class:`Style`; any defect is a :class:`StyleError`."""
    root = parse_xml(text, source)
    if root.name != "style":
        raise StyleError(source, root.line, f"not a CSL style (root element <{root.name}>)")
    for key in root.attrs:
        if key not in ALLOWED["style"]:
            raise StyleError(source, root.line, f"<style> has an unknown attribute '{key}'")
    parent = ""
    info = root.find("info")
    if info is not None:
        for link in info.find_all("link"):
            if link.attrs.get("rel") == "independent-parent":
                parent = link.attrs.get("href", "")
    macros: dict[str, Element] = {}
    locales: list[Node] = []
    citation: Context | None = None
    bibliography: Context | None = None
    for child in root.children:
        if child.name.startswith("{") or child.name == "info":
            continue
        if child.name == "macro":
            macro = _convert(child, source)
            macro_name = macro.get("name")
            if not macro_name:
                raise StyleError(source, child.line, "<macro> without a name")
            macros[macro_name] = macro
        elif child.name == "locale":
            locales.append(child)
        elif child.name == "citation":
            citation = _context(child, source)
        elif child.name == "bibliography":
            bibliography = _context(child, source)
        elif child.name not in ALLOWED:
            raise StyleError(source, child.line, f"unknown CSL element <{child.name}>")
        else:
            raise StyleError(source, child.line, f"<{child.name}> is not allowed inside <style>")
    if citation is None:
        if parent:
            citation = Context({}, (), Element("layout", {}, (), 0))
        else:
            raise StyleError(source, root.line, "the style has no <citation>")
    style = Style(
        source=source,
        klass=root.attrs.get("class", "in-text"),
        options=dict(root.attrs),
        default_locale=root.attrs.get("default-locale", ""),
        macros=macros,
        citation=citation,
        bibliography=bibliography,
        locales=locales,
        parent=parent,
    )
    _check_macros(style)
    style.named_variables()
    return style


def _check_macros(style: Style) -> None:
    """Every macro called exists, and no macro calls itself directly or through others."""
    state: dict[str, int] = {}

    def calls(element: Element) -> list[tuple[str, int]]:
        out: list[tuple[str, int]] = []
        if element.name in ("text", "key") and "macro" in element.attrs:
            out.append((element.attrs["macro"], element.line))
        for child in element.children:
            out.extend(calls(child))
        return out

    def visit(name: str, line: int) -> None:
        if name not in style.macros:
            raise StyleError(style.source, line, f"macro '{name}' is not defined")
        if state.get(name) == 2:
            return
        if state.get(name) == 1:
            raise StyleError(style.source, line, f"macro '{name}' calls itself")
        state[name] = 1
        for callee, at in calls(style.macros[name]):
            visit(callee, at)
        state[name] = 2

    roots = [style.citation.layout, *style.citation.sort]
    if style.bibliography is not None:
        roots += [style.bibliography.layout, *style.bibliography.sort]
    for name in style.macros:
        visit(name, style.macros[name].line)
    for element in roots:
        for callee, at in calls(element):
            visit(callee, at)


@functools.lru_cache(maxsize=64)
def load_style(text: str, source: str = "<style>") -> Style:
    """:func:`parse_style`, cached: the same style text is parsed once per process, and a bundled style's
    text is not parsed at all but read from its compiled form (:mod:`pactcli.csl.compiled`)."""
    from pactcli.csl import compiled

    data = compiled.read(text, "style")
    if data is not None:
        return compiled.style_from(data, source)
    return parse_style(text, source)
