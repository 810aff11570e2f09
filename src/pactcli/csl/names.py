"""Personal and institutional names: reading CSL-JSON names (particles parsed as citeproc-js does),
initials, display and sort orders, and the strings sorting and disambiguation compare."""

from __future__ import annotations

import re
from typing import Any, Final

from pactcli.csl.casing import unicode_lower
from pactcli.slotted import FrozenSlotted


class Name(FrozenSlotted):
    __match_args__ = (
        "family",
        "given",
        "dropping",
        "non_dropping",
        "suffix",
        "literal",
        "comma_suffix",
        "static_ordering",
    )
    __slots__ = __match_args__
    family: Final[str]
    given: Final[str]
    dropping: Final[str]
    non_dropping: Final[str]
    suffix: Final[str]
    literal: Final[str]
    comma_suffix: Final[bool]
    static_ordering: Final[bool]

    def __init__(
        self,
        family: str = "",
        given: str = "",
        dropping: str = "",
        non_dropping: str = "",
        suffix: str = "",
        literal: str = "",
        comma_suffix: bool = False,
        static_ordering: bool = False,
    ) -> None:
        self.family = family
        self.given = given
        self.dropping = dropping
        self.non_dropping = non_dropping
        self.suffix = suffix
        self.literal = literal
        self.comma_suffix = comma_suffix
        self.static_ordering = static_ordering

    @property
    def is_institution(self) -> bool:
        return bool(self.literal) or (
            not self.given
            and not self.non_dropping
            and not self.dropping
            and not self.suffix
            and bool(self.family)
            and False
        )

    @property
    def romanesque(self) -> bool:
        """Whether citeproc-js writes the name as a romanesque one (its _isRomanesque is not 0): the family
        name has a letter of a script that spaces its words (Latin, Greek, Cyrillic, Hebrew, Arabic, Thai)
        or a digit, or the given name starts with one. Otherwise the parts run together ("毛泽东")."""
        return is_romanesque(self.family) or self.given_romanesque

    @property
    def mixed_script(self) -> bool:
        """citeproc-js's _isRomanesque 1 by script: a family name without such a letter, a given name
        that starts with one ("李 Wei"); written family name first, with a space, like static-ordering."""
        return not is_romanesque(self.family) and self.given_romanesque

    @property
    def given_romanesque(self) -> bool:
        """Whether the given name starts with such a letter: only then does citeproc-js initialise it."""
        return self.given[:1] in (_SETS or _romanesque_sets())[1]


_PARTICLE = re.compile(r"^((?:[a-z\u00e0-\u00ff'\u2019][^\s]*\s+)+)(.+)$")
_APOS_PARTICLE = re.compile(r"^([a-z]{1,3}['\u2019-])(\S.*)$")


# citeproc-js's CSL.ROMANESQUE_REGEXP and CSL.STARTSWITH_ROMANESQUE_REGEXP (citeproc 2.4.63) as sets of
# characters (a set is built in a fraction of the time its regular expression takes to compile).
_ROMANESQUE_RANGES = (
    (0x61, 0x7A), (0x41, 0x5A), (0x0E01, 0x0E5B), (0x00C0, 0x017F), (0x0370, 0x03FF), (0x0400, 0x052F),
    (0x0590, 0x05D4), (0x05D6, 0x05FF), (0x1F00, 0x1FFF), (0x0600, 0x06FF), (0x200C, 0x200E),
    (0x0218, 0x021B), (0x202A, 0x202E),
)  # fmt: skip
_SETS: list[frozenset[str]] = []  # built on first use: (romanesque, starts-romanesque)


def _romanesque_sets() -> list[frozenset[str]]:
    if not _SETS:
        letters = frozenset(chr(c) for low, high in _ROMANESQUE_RANGES for c in range(low, high + 1))
        _SETS.extend((letters | frozenset("-0123456789"), letters | {"&"}))
    return _SETS


def is_romanesque(family: str) -> bool:
    """Whether a family name has a character of citeproc-js's romanesque set (quotes aside)."""
    return not (_SETS or _romanesque_sets())[0].isdisjoint(family)


def _str(value: Any) -> str:
    if value is None:
        return ""
    return str(value).strip()


def read_name(raw: Any) -> Name | None:
    if isinstance(raw, str):
        return Name(literal=raw)
    if not isinstance(raw, dict):
        return None
    literal = _str(raw.get("literal"))
    family = _str(raw.get("family"))
    given = _str(raw.get("given"))
    if literal:
        return Name(literal=literal)
    if not family and not given:
        return None
    dropping = _str(raw.get("dropping-particle"))
    non_dropping = _str(raw.get("non-dropping-particle"))
    suffix = _str(raw.get("suffix"))
    parse = raw.get("parse-names", True) not in (False, "false")
    if parse and not non_dropping and not dropping and family and given:
        if family.startswith('"') and family.endswith('"'):
            family = family[1:-1]
        else:
            m = _PARTICLE.match(family)
            if m:
                non_dropping, family = m.group(1).strip(), m.group(2)
                if non_dropping.endswith(("'", "\u2019")):
                    # A particle that ends in an apostrophe before a space keeps the space ("de' Frinkle"),
                    # where one without it joins the family name ("d'Wander"): citeproc-js's trimLast.
                    non_dropping += " "
            else:
                m = _APOS_PARTICLE.match(family)
                if m:
                    non_dropping, family = m.group(1), m.group(2)
    comma_suffix = bool(raw.get("comma-suffix"))
    # The suffix is split off before the dropping particle (citeproc-js's parseParticles): in
    # "François Hédelin, abbé d'" all after the comma is the suffix.
    if parse and not suffix and ",!" in given:
        given, _, rest = given.partition(",!")
        suffix, given, comma_suffix = rest.strip(), given.strip(), True
    if parse and not suffix and "," in given:
        given, _, rest = given.partition(",")
        suffix = rest.strip()
        given = given.strip()
    if parse and not dropping and given:
        words = given.split(" ")
        tail: list[str] = []
        while len(words) > 1 and words[-1][:1].islower():
            tail.insert(0, words.pop())
        if tail:
            dropping = " ".join(tail)
            given = " ".join(words)
    if not given and family and not raw.get("given") and not non_dropping and not suffix and not dropping:
        # A family name with no other parts is rendered as it is, like an institution.
        return Name(family=family, literal="", static_ordering=bool(raw.get("static-ordering")))
    return Name(
        family=family,
        given=given,
        dropping=dropping,
        non_dropping=non_dropping,
        suffix=suffix,
        comma_suffix=comma_suffix,
        static_ordering=bool(raw.get("static-ordering")),
    )


_READ: dict[int, tuple[list[Any], list[Any], tuple[Name, ...]]] = {}


def read_names(raw: Any) -> list[Name]:
    """The names of a CSL-JSON name list. A style asks for the same item's names many times (every
    cs:names and every ``variable`` test), so they are read once per list: kept by the list's identity
    with a copy of its entries, and read again if the list changed since (names are frozen)."""
    if not isinstance(raw, list):
        return []
    found = _READ.get(id(raw))
    if found is not None and found[0] is raw and found[1] == raw:
        return list(found[2])
    out = [read_name(r) for r in raw]
    names = tuple(n for n in out if n is not None)
    if len(_READ) > 50_000:  # a long-lived process formatting many documents
        _READ.clear()
    _READ[id(raw)] = (raw, [dict(r) if isinstance(r, dict) else r for r in raw], names)
    return list(names)


def initialize(given: str, with_: str, initialize_names: bool = True, hyphen: bool = True) -> str:
    """``"John Paul"`` -> ``"J. P."``; ``"Jean-Paul"`` -> ``"J.-P."`` (``hyphen``); keeps initials."""
    out: list[str] = []
    for word in re.findall(r"[^\s.]+\.?", given):
        if word[:1].islower() and initialize_names:
            # A lower-case particle among initials stays a word: "J. B. de C. M.".
            out.append(" " + word + " ")
            continue
        pieces: list[str] = []
        for sub in word.split("-"):
            core = sub.rstrip(".")
            if not core:
                continue
            if pieces and core[0].islower():
                if not initialize_names:
                    # initialize="false" keeps a full name whole: "Ping-sheung" stays "Ping-sheung".
                    pieces[-1] = pieces[-1].rstrip() + "-" + sub + " "
                continue
            if sub.endswith(".") or len(core) == 1:
                pieces.append(core + with_)
            elif initialize_names:
                # "TSerendorjiin" -> "Ts.": a second capital belongs to the initial (citeproc-js).
                two = len(core) > 2 and core[1].isupper() and core[2].islower()
                pieces.append((core[0] + unicode_lower(core[1]) if two else core[0]) + with_)
            else:
                # A full given name kept (initialize="false") stands apart from initials before it.
                if out and not out[-1].endswith(" "):
                    out[-1] += " "
                pieces.append(sub + " ")
        if not pieces:
            continue
        if len(pieces) > 1:
            sep = "-" if hyphen else ""
            word_out = sep.join(p.rstrip() if hyphen else p for p in pieces[:-1]) + sep + pieces[-1]
        else:
            word_out = pieces[0]
        out.append(word_out)
    return re.sub(r"\s+", " ", "".join(out)).strip()


# The in-field formatting tags (pactcli.csl.markup) a given name can hold.
_MARKUP_TAG = re.compile(
    r'(</?(?:i|b|sc|sup|sub)>|<span class="(?:nocase|nodecor|smallcaps)">'
    r'|<span style="font-variant:\s*small-caps;?">|</span>)'
)


def plain_given(given: str) -> str:
    """A given name without its in-field formatting tags."""
    return _MARKUP_TAG.sub("", given) if "<" in given else given


def initialize_marked(given: str, with_: str, initialize_names: bool = True, hyphen: bool = True) -> str:
    """:func:`initialize` on a given name holding formatting tags ("<b>John</b> Quiggly" -> "<b>J.</b> Q."):
    each text between tags initialised on its own, in place; one after the first opens with the space that
    ``with_`` ends in (inside its tags, as citeproc-js puts it), or a hyphen it opened with."""
    if "<" not in given:
        return initialize(given, with_, initialize_names, hyphen)
    space = with_[len(with_.rstrip()) :]
    out: list[str] = []
    started = False
    for index, piece in enumerate(_MARKUP_TAG.split(given)):
        if index % 2:
            out.append(piece)  # a tag
            continue
        initials = initialize(piece, with_, initialize_names, hyphen)
        if not initials:
            continue
        if started:
            initials = ("-" if hyphen and piece.lstrip()[:1] == "-" else space) + initials
        out.append(initials)
        started = True
    return "".join(out)


def sort_key(name: Name, demote: str, given: str | None = None) -> str:
    """A name as citeproc-js writes it into a sort key: family name, then the given name (``given``: as
    the style prints it, initials where it initialises) and the demoted particles, then the suffix."""
    given = name.given if given is None else given
    if name.literal:
        return name.literal
    if not name.romanesque:
        return name.family + given
    if name.mixed_script or name.static_ordering:
        return " ".join(p for p in ((name.non_dropping + " " + name.family).strip(), given) if p)
    if demote in ("display-and-sort", "sort-only"):
        parts = [name.family, given, name.dropping, name.non_dropping, name.suffix]
    else:
        parts = [(name.non_dropping + " " + name.family).strip(), name.dropping, given, name.suffix]
    return " ".join(p for p in parts if p)
