"""A safe XML reader for styles and locales: expat with DTDs and entities refused, line numbers kept.

Styles come from strangers, so a document type declaration (the only way to declare entities, internal or
external) is an error before anything is expanded: no billion laughs, no external entity reads.
"""

from __future__ import annotations

from pactcli.errors import StyleError
from pactcli.slotted import Slotted

CSL_NS = "http://purl.org/net/xbiblio/csl"
XML_NS = "http://www.w3.org/XML/1998/namespace"
# Real styles nest a few dozen levels; a bound keeps the recursive steps after parsing safe.
MAX_NESTING = 200


class Node(Slotted):
    """One XML element: local name, attributes (``xml:lang`` kept under that name), children, text."""

    __match_args__ = ("name", "attrs", "line", "children", "text")
    __slots__ = __match_args__

    def __init__(
        self, name: str, attrs: dict[str, str], line: int, children: list[Node] | None = None, text: str = ""
    ) -> None:
        self.name = name
        self.attrs = attrs
        self.line = line
        self.children = [] if children is None else children
        self.text = text

    def find(self, name: str) -> Node | None:
        for child in self.children:
            if child.name == name:
                return child
        return None

    def find_all(self, name: str) -> list[Node]:
        return [child for child in self.children if child.name == name]


def parse_xml(text: str, source: str) -> Node:
    """Parse ``text`` into a :class:`Node` tree; every failure is a :class:`StyleError` naming ``source``."""
    # Imported here: bundled styles and locales are read from their compiled form (pactcli.csl.compiled).
    from xml.parsers import expat

    parser = expat.ParserCreate(namespace_separator=" ")
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    stack: list[Node] = []
    root: list[Node] = []

    def refuse_doctype(*_args: object) -> None:
        raise StyleError(source, parser.CurrentLineNumber, "a DOCTYPE is not allowed in a style or locale")

    def refuse_entity(*_args: object) -> None:
        raise StyleError(source, parser.CurrentLineNumber, "entity declarations are not allowed")

    def start(name: str, attrs: dict[str, str]) -> None:
        if len(stack) >= MAX_NESTING:
            raise StyleError(source, parser.CurrentLineNumber, f"elements nested deeper than {MAX_NESTING}")
        ns, _, local = name.rpartition(" ")
        if ns and ns != CSL_NS:
            local = "{" + ns + "}" + local
        clean: dict[str, str] = {}
        for key, value in attrs.items():
            kns, _, klocal = key.rpartition(" ")
            if kns == XML_NS:
                clean["xml:" + klocal] = value
            elif not kns:
                clean[klocal] = value
        node = Node(local, clean, parser.CurrentLineNumber)
        if stack:
            stack[-1].children.append(node)
        else:
            root.append(node)
        stack.append(node)

    def end(_name: str) -> None:
        stack.pop()

    def chars(data: str) -> None:
        if stack:
            stack[-1].text += data

    parser.StartDoctypeDeclHandler = refuse_doctype
    parser.EntityDeclHandler = refuse_entity
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = chars
    try:
        parser.Parse(text.encode("utf-8") if isinstance(text, str) else text, True)
    except expat.ExpatError as exc:
        raise StyleError(source, exc.lineno, f"not well-formed XML: {expat.ErrorString(exc.code)}") from None
    if not root:
        raise StyleError(source, 0, "empty document")
    return root[0]
