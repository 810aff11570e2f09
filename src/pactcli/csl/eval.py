"""The evaluator: one style element and one item (with its cite's position, locator and disambiguation
state) -> an output node. Groups suppress themselves when every variable they call is empty; affixes
and formatting apply only around content; substituted variables are not rendered twice."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, NoReturn

from pactcli.csl import numbers
from pactcli.csl.casing import capitalise, unicode_lower
from pactcli.csl.dates import DatePart, DateValue, parse_date
from pactcli.csl.fields import DATE_FIELDS, NAME_FIELDS, NUMBER_FIELDS
from pactcli.csl.markup import markup_node
from pactcli.csl.names import (
    Name,
    initialize,
    initialize_marked,
    is_romanesque,
    plain_given,
    read_names,
    sort_key,
)
from pactcli.csl.output import Node, Span, Text, bury_quote, is_empty, plain
from pactcli.csl.style import Element
from pactcli.csl.textcase import apply_text_case, strip_periods
from pactcli.errors import StyleError
from pactcli.slotted import Slotted

if TYPE_CHECKING:
    from collections.abc import Callable

    from pactcli.csl.engine import Engine

# The vocabulary is pactcli.csl.fields, shared with the store's validator, plus "editor-translator", which
# styles name in <names variable="..."> (the official styles and the test suite do) but items never carry.
NAME_VARIABLES = NAME_FIELDS | {"editor-translator"}
DATE_VARIABLES = DATE_FIELDS
NUMBER_VARIABLES = NUMBER_FIELDS  # CSL 1.0.2's number variables, the one list (pactcli.csl.fields)
POSITIONS = {"first": 0, "subsequent": 1, "ibid": 2, "ibid-with-locator": 3}
MAX_DEPTH = 60
MAX_STEPS = 20_000


class Cite(Slotted):
    """What a citation item adds to an item: position, locator and its place in the document."""

    __match_args__ = (
        "position",
        "near_note",
        "locator",
        "label",
        "first_note",
        "note_index",
        "citation_number",
    )
    __slots__ = __match_args__

    def __init__(
        self,
        position: int = 0,
        near_note: bool = False,
        locator: str = "",
        label: str = "",
        first_note: int | None = None,
        note_index: int = 0,
        citation_number: int = 0,
    ) -> None:
        self.position = position
        self.near_note = near_note
        self.locator = locator
        self.label = label
        self.first_note = first_note
        self.note_index = note_index
        self.citation_number = citation_number


class Disamb(Slotted):
    """Disambiguation state of one item: names added, given names expanded, year suffix, the flag."""

    __match_args__ = ("add_names", "given", "given_all", "year_suffix", "disambiguate", "cited")
    __slots__ = __match_args__

    def __init__(
        self,
        add_names: int = 0,
        given: dict[int, int] | None = None,
        given_all: int = 0,
        year_suffix: int = 0,
        disambiguate: bool | int = False,
        cited: dict[Any, int] | None = None,
    ) -> None:
        self.add_names = add_names
        self.given = {} if given is None else given
        self.given_all = given_all
        self.year_suffix = year_suffix
        self.disambiguate = disambiguate
        # For the bibliography: what the item's cite shows of its names (Engine.cite_shown), by variable
        # the number of names and by (variable, index) the given name's level (0 none, 1 initials, 2 full).
        self.cited = cited


class Res:
    """An element's output, whether it called a variable and whether one rendered (read-only: the
    empty results are shared)."""

    __slots__ = ("called", "node", "rendered")

    def __init__(self, node: Node | None, called: bool = False, rendered: bool = False) -> None:
        self.node = node
        self.called = called
        self.rendered = rendered


EMPTY = Res(None)
CALLED_EMPTY = Res(None, True, False)  # a variable asked for and empty: suppresses the group around it
_NO_NODE = {
    (False, False): EMPTY,
    (True, False): CALLED_EMPTY,
    (False, True): Res(None, False, True),
    (True, True): Res(None, True, True),
}


class Ctx:
    """The state of one rendering of one item."""

    # Whether author_node was printed by names (not by a title or term standing in for them), and whether
    # a cs:text of a variable was reached: citeproc-js's two tests of whether a cite collapses.
    author_from_names = False
    text_variable_reached = False
    # In a sort key: whether citeproc-js's "doing-macro-with-date" flag is set (see sort_macro).
    sort_muted = False
    # Where a citation's rendering records what it shows of its names (Engine.cite_shown), else None.
    shown_record: dict[Any, int] | None = None
    # subsequent-author-substitute: whether the entry's one chance went (citeproc-js's
    # subsequent_author_substitute_ok cleared by a cs:names that printed nothing), and the text that the
    # next variable prints in place of its value (a title standing in for the author, substituted).
    substitute_spent = False
    text_substitute: str | None = None
    # The disambiguate="true" conditions this rendering has found on (Engine.disambiguate_steps).
    disambiguate_seen = 0
    # Whether this is the cite disambiguation compares (citeproc-js's just_looking): it prints no accessed.
    just_looking = False
    # How many cs:group elements the element being rendered is inside (with depth, the macro calls: together
    # citeproc-js's render_nesting_level, which decides where display applies; see decorate).
    groups = 0
    # Whether a string of this rendering was marked for adjust.downward (Span.string_quote): only then
    # do groups and macros look for one at their end (bury_quote).
    strings_marked = False
    # A cite collapsed after one of the same author and year (year-suffix collapsing): its year prints no
    # digits, only its suffix (citeproc-js's last_years_used).
    drop_year: int | None = None
    # The cs:text terms (even empty ones) and non-empty values reached so far: inside cs:substitute,
    # reaching one ends the substitution whatever prints (citeproc-js's can_block_substitute).
    terms_reached = 0

    def __init__(
        self,
        engine: Engine,
        item: dict[str, Any],
        mode: str,
        cite: Cite | None = None,
        dis: Disamb | None = None,
        sorting: bool = False,
    ) -> None:
        self.engine = engine
        self.item = item
        self.item_type = str(item.get("type", ""))  # cs:choose plans are per type
        self.case_lang = engine.case_language(item)  # the language its text is cased in
        self.plans = _PLANS_BY_TYPE.setdefault(self.item_type, {})
        self.present: dict[str, bool] = {}  # cs:if variable="..." tests of item variables, answered
        # Macro results that printed nothing, for this engine, item type and mode (see r_macro), and what
        # the macro being rendered has read of the item so far (None outside macros).
        self.macro_memo = engine.macro_memo.setdefault((self.item_type, mode, sorting), {})
        self.trace: set[str] | None = None
        self.impure = False
        self.present_keys: frozenset[str] | None = None
        self.mode = mode
        self.cite = cite or Cite()
        self.dis = dis or Disamb()
        self.sorting = sorting
        self.suppressed: set[str] = set()
        self.rendered_vars: list[str] = []
        self.depth = 0
        self.context_options = engine.options_for(mode)
        self.name_override: dict[str, str] = {}
        self.suppress_author = False
        self.author_only = False
        self.author_node: Node | None = None
        self.names_seen = 0
        self.year_suffix_done = False
        self.names_index = 0
        self.names_record: list[tuple[str, list[Name]]] = []
        self.count_only = False
        self.sort_numeric = False
        self.sort_dates: list[str] = []
        self.in_substitute = 0
        # Where the current cs:substitute alternative began, in rendered_vars (None outside one).
        self.substitute_from: int | None = None
        # The cite's locator printed already: it prints once a cite (citeproc-js's done_vars).
        self.locator_done = False
        self.delimiter = ""
        self.steps = 0
        self.inherit_from: Element | None = None
        self.has_output = False
        self.author_record: tuple[str, list[Name]] | None = None
        self.name_substitute: tuple[set[int], str] | None = None
        self.author_substitute: tuple[str, str, tuple[str, list[Name]]] | None = None

    def mark(self, name: str) -> None:
        """Note a rendered variable; inside cs:substitute it is suppressed from here on."""
        self.rendered_vars.append(name)
        if self.in_substitute:
            self.suppressed.add(name)

    # ---- values -----------------------------------------------------------------------------------
    def value(self, name: str, substituted: bool = False) -> Any:
        """A variable's value; ``None`` where it is empty or, unless ``substituted``, where cs:substitute
        has used it up."""
        trace = self.trace
        if trace is not None:
            if name in _COMPUTED:
                self.impure = True  # from the cite or the document, not the item
            else:
                trace.add(name)
        if name in self.suppressed and not substituted:
            return None
        item = self.item
        if name not in _COMPUTED:
            value = item.get(name)
            return None if value in (None, "", []) else value
        if name == "locator":
            return self.cite.locator or None if self.mode == "citation" else None
        if name == "citation-number":
            return self.cite.citation_number or None
        if name == "first-reference-note-number":
            return self.cite.first_note if self.mode == "citation" else None
        if name == "year-suffix":
            return _suffix(self.dis.year_suffix) if self.dis.year_suffix else None
        if name == "page-first":
            page = item.get("page-first") or item.get("page")
            if page:
                return numbers.split_numbers(str(page))[0]
            return None
        if name == "citation-label":
            label = item.get("citation-label") or _trigraph(item, self)
            if label and ctx_suffix(self):
                label += _suffix(self.dis.year_suffix)
            return label or None
        value = item.get(name)
        if value in (None, "", []):
            return None
        return value


# The variables Ctx.value computes rather than reads from the item.
_COMPUTED = frozenset(
    {
        "locator",
        "citation-number",
        "first-reference-note-number",
        "year-suffix",
        "page-first",
        "citation-label",
    }
)
# Condition tests decided by the item's own variables.
_ITEM_TESTS = frozenset({"variable", "is-numeric", "is-uncertain-date", "is-plural"})
TRIGRAPH = ("Aaaa00", "AaAa00", "AaAA00", "AAAA00")


def _trigraph(item: dict[str, Any], ctx: Ctx) -> str:
    """The generated citation-label, as citeproc-js's getCitationLabel makes it: letters of the family names
    of the first name variable the item has (in citeproc-js's order of them), as many names and letters as
    the trigraph for that many names asks ("Aaaa00": four letters of one name; more names than
    patterns take the last), each capitalised; for an item without names, the title's first letters
    (its skip words left out, the words run together); then the year's last two digits, "00" without one."""
    params = [(tuple(len(s) for s in re.findall(r"Aa*", p)), p.count("0")) for p in TRIGRAPH]
    letters, digits = params[0]
    label = ""
    for var in _LABEL_NAME_VARIABLES:
        raw = item.get(var)
        if not raw or not isinstance(raw, list):
            continue
        names = read_names(raw)
        letters, digits = params[min(len(raw), len(params)) - 1]
        # A name without a family name or a literal repeats the one before (the locale's "reference" first).
        name = (ctx.engine.locale.term("reference", "short") or "reference").replace(".", "", 1)
        name = name[:1].upper() + name[1:]
        for index, person in enumerate(names[: len(letters)]):
            if person.family:
                name = re.sub(r"^[ '\u2019a-z]+\s+", "", person.family)
            elif person.literal:
                name = person.literal
            article = re.match(r"(a\s+|the\s+|an\s+)", unicode_lower(name))
            if article:
                name = name[len(article.group(1)) :]
            name = _NOT_ROMANESQUE.sub("", name)
            if not name:
                break
            name = name[: letters[index]]
            label += name[:1].upper() + unicode_lower(name[1:])
        break
    title = item.get("title")
    if not label and isinstance(title, str) and title:
        words = "".join(w for w in re.split(r"\s+", title) if w not in _LABEL_SKIP_WORDS)
        words = words[: params[0][0][0]]
        label = words[:1].upper() + unicode_lower(words[1:])
    date = parse_date(item.get("issued"))
    year = "0000"
    if date is not None and date.parts and date.parts[0].year:
        year = str(date.parts[0].year)
    return label + year[-digits:] if digits else label


# citeproc-js's CSL.NAME_VARIABLES (the order in which getCitationLabel looks for names), its
# CSL.ROMANESQUE_NOT_REGEXP (what a family name loses in a label) and the one-word entries of its
# CSL.SKIP_WORDS (the words of a title a label leaves out; compared as written).
_LABEL_NAME_VARIABLES = (
    "author", "chair", "collection-editor", "compiler", "composer", "container-author", "contributor",
    "curator", "director", "editor", "editor-translator", "editorial-director", "executive-producer",
    "guest", "host", "illustrator", "interviewer", "narrator", "organizer", "original-author", "performer",
    "producer", "recipient", "reviewed-author", "script-writer", "series-creator", "translator", "commenter",
)  # fmt: skip
_NOT_ROMANESQUE = re.compile(
    "[^a-zA-Z\u0e01-\u0e5b\u00c0-\u017f\u0370-\u03ff\u0400-\u052f\u0590-\u05d4\u05d6-\u05ff"
    "\u1f00-\u1fff\u0600-\u06ff\u200c\u200d\u200e\u0218\u0219\u021a\u021b\u202a-\u202e]"
)
_LABEL_SKIP_WORDS = frozenset(
    {
        "about", "above", "across", "afore", "after", "against", "al", "along", "alongside", "amid",
        "amidst", "among", "amongst", "anenst", "apropos", "apud", "around", "as", "aside", "astride",
        "at", "athwart", "atop", "barring", "before", "behind", "below", "beneath", "beside", "besides",
        "between", "beyond", "but", "by", "circa", "despite", "down", "during", "et", "except", "for",
        "forenenst", "from", "given", "in", "inside", "into", "lest", "like", "modulo", "near", "next",
        "notwithstanding", "of", "off", "on", "onto", "out", "over", "per", "plus", "pro", "qua", "sans",
        "since", "than", "through", "throughout", "thruout", "till", "to", "toward", "towards", "under",
        "underneath", "until", "unto", "up", "upon", "versus", "vs.", "v.", "vs", "v", "via",
        "vis-\u00e0-vis", "with", "within", "without", "or", "yet", "so", "nor", "a", "an", "the", "de",
        "d'", "von", "van", "c", "ca",
    }
)  # fmt: skip


def ctx_suffix(ctx: Ctx) -> bool:
    return ctx.engine.label_year_suffix and bool(ctx.dis.year_suffix) and not ctx.sorting


def _suffix(n: int) -> str:
    out = ""
    while n > 0:
        n, rem = divmod(n - 1, 26)
        out = chr(ord("a") + rem) + out
    return out


# ---- wrapping ---------------------------------------------------------------------------------------


Decoration = tuple[str, bool, bool | str, dict[str, str], str, str, str]
# By element (hashed by identity; the key keeps the element alive, so an entry is never another's).
_DECOR: dict[Element, Decoration | None] = {}
_FORMATTING = ("font-style", "font-variant", "font-weight", "text-decoration", "vertical-align")


def _decoration(el: Element) -> Decoration | None:
    """An element's wrapping attributes, read once per element (styles are cached): text-case,
    strip-periods, quotes, formatting, prefix, suffix, display; ``None`` for an element with none."""
    found = _DECOR.get(el, _UNREAD)
    if found is not _UNREAD:
        return found  # type: ignore[return-value]
    attrs = el.attrs
    fmt = {k: attrs[k] for k in _FORMATTING if k in attrs}
    plan = (
        # citeproc-js sets a macro call's text-case on the group it wraps the macro in, and cases only
        # the strings it appends: on a cs:text macro= the attribute has no effect (followed, and noted).
        attrs.get("text-case", "") if el.name != "text" or "macro" not in attrs else "",
        attrs.get("strip-periods") == "true",
        # quotes="false" is kept too (a truthy marker): the quotes typed inside it flip from it.
        True if attrs.get("quotes") == "true" else ("off" if attrs.get("quotes") == "false" else False),
        fmt,
        attrs.get("prefix", ""),
        attrs.get("suffix", ""),
        attrs.get("display", ""),
    )
    decoration = plan if any(plan) else None
    if len(_DECOR) > 8192:
        # Names and date parts are decorated through elements made for one call: a bound, not a leak.
        _DECOR.clear()
    _DECOR[el] = decoration
    return decoration


_UNREAD = object()


def decorate(
    el: Element,
    node: Node | None,
    ctx: Ctx,
    affixes: bool = True,
    nonempty: bool = False,
    value_text: str | None = None,
) -> Node | None:
    """Apply an element's text-case, strip-periods, quotes, formatting, affixes and display (``nonempty``:
    the caller knows that ``node`` prints something, as render_children's results do; ``value_text``: the
    variable's own text where something else prints in its place, whose script decides the italics)."""
    if node is None or (not nonempty and is_empty(node)):
        return None
    decoration = _decoration(el)
    if type(node) is Span and node.sealed:
        # An element inside this one had formatting of its own: around this element, citeproc-js's
        # punctuation rules see this element, not that one (a plain span ends the seal, Span.sealed).
        node = Span([node])
    if decoration is None:
        _merge_kept_space(node)
        return node
    case, strip, quotes, fixed_fmt, prefix, suffix, display = decoration
    if ctx.sorting:
        # A sort key is the plain text, compared case-blind (engine._collate): only what changes the
        # letters counts, so case, quotes and formatting are not applied.
        case, quotes, fixed_fmt, display = "", False, {}, ""
    off = quotes == "off"
    if off:
        quotes = False
    if not quotes and not fixed_fmt:
        _merge_kept_space(node)
    if case and (el.name == "date" or (el.name == "text" and "macro" in el.attrs)):
        # citeproc-js applies text-case to a string it outputs, never to a level of them: text-case on a
        # macro call or on a whole cs:date does nothing there (on a date-part it acts). Followed, and noted.
        case = ""
    if case:
        # Title case is for English: citeproc-js skips it on a cs:text of a variable whose field is in
        # another language (getTextSubField), and only there: a label's or term's text is the style's
        # locale.
        variable = el.name == "text" and "variable" in el.attrs
        english = ctx.engine.is_english(ctx.item) if variable else True
        lang = ctx.case_lang
        if variable and type(node) is Text and el.attrs["variable"] in NUMBER_VARIABLES:
            _case_number_parts(node, case, english, lang, ctx)
        else:
            apply_text_case(node, case, english, lang)
    if strip:
        attrs = el.attrs
        strip_periods(node, keep_inner=el.name == "text" and ("variable" in attrs or "macro" in attrs))
    if off:
        node = Span([node], quotes_off=True)
    formatted = quotes
    own_seal = ""
    content = node
    if quotes:
        node = Span([node], quotes=True)
        if (
            el.name == "text"
            and "macro" not in el.attrs
            and type(content) is Text
            and not _FLIPFLOP.search(content.text)
        ):
            node.string_quote = 1
            ctx.strings_marked = True
    if fixed_fmt:
        fmt = dict(fixed_fmt)  # each span owns its formatting
        if (
            el.name == "text"
            and "variable" in el.attrs
            and fmt.get("font-style")
            and not is_romanesque(plain(node) if value_text is None else value_text)
        ):
            # citeproc-js drops italics set on a variable itself when its text has no character of its
            # romanesque set (no Latin, Greek, Cyrillic, Hebrew, Arabic or Thai letter, digit or hyphen:
            # Chinese, Japanese): such book titles come out roman. Followed, and noted.
            del fmt["font-style"]
        if fmt:
            formatted = True
            node = Span([node], fmt=fmt)
            if el.name in _SEALED:
                own_seal = _SEALED[el.name]
                if own_seal == "text" and (
                    "macro" in el.attrs or type(content) is not Text or _FLIPFLOP.search(content.text)
                ):
                    # citeproc-js's flip-flop parser splits a string with markup, quotes or an
                    # apostrophe ("Japan's") into several: then it is held as a group's are.
                    own_seal = "group"
                node.sealed = own_seal
    if not affixes:
        prefix = suffix = ""
    # citeproc-js lays out display="block" and its kin in the bibliography only, and only on an element
    # at the layout's own level (a cs:choose is none): inside a group or a macro, the attribute is ignored
    # (CSL.Util.substituteStart reads it where render_nesting_level is 0).
    if display and (ctx.mode == "citation" or ctx.groups or ctx.depth):
        display = ""
    if prefix or suffix or display:
        # citeproc-js opens an output level for these, and counts parentheses in its affixes
        # (output.flip_nested_parens); a cs:text of a variable, term or value appends its affixes.
        level = el.name in _LEVELS or (el.name == "text" and "macro" in el.attrs)
        kids: list[Node] = []
        if prefix:
            kids.append(Text(prefix, glue=True, affix="prefix", level=level))
        kids.append(node)
        if suffix:
            kept = formatted or _keeps_space(el, node)
            kids.append(
                Text(
                    suffix,
                    glue=True,
                    affix="suffix-kept" if kept else "suffix",
                    after_number=_ends_in_number(el, node),
                    level=level,
                )
            )
        if own_seal and type(node) is Span:
            # The element's affixes are inside what citeproc-js's rules see as formatted.
            node.sealed = ""
        node = Span(kids, display=display, sealed=own_seal)
        if (
            suffix[-1:] in _MARKS
            and el.name == "text"
            and "macro" not in el.attrs
            and el.attrs.get("variable") not in NUMBER_VARIABLES
            and type(content) is Text
            and not _FLIPFLOP.search(content.text)
        ):
            node.string_quote = 3  # one string of citeproc-js's with a suffix of its own (bury_quote)
            ctx.strings_marked = True
    return node


_MARKS = frozenset(".,;:!?")  # a suffix ending in one of these can take part in adjust.downward's merges

# The elements whose own formatting citeproc-js's punctuation rules look at (Span.sealed): a cs:text
# (but a macro call), cs:label or cs:number is one string there, the others hold several.
_FLIPFLOP = re.compile("['\"\u2018\u2019\u201a\u201c\u201d\u201e\u00ab\u00bb\u2039\u203a<]")
_SEALED = {
    "text": "text",
    "label": "text",
    "number": "text",
    "group": "group",
    "date": "group",
    "names": "group",
}


def _case_number_parts(node: Text, case: str, english: bool, lang: str, ctx: Ctx) -> None:
    """Text case on a number variable printed as text, part by part: citeproc-js's number parser splits
    it at "&", "and" (and the locale's word for it), ";", "," and dashes, and cases each part alone, so an
    edition "revised and expanded" with capitalize-first is "Revised and Expanded"."""
    and_term = ctx.engine.locale.term("and") or "and"
    words = r",\s+and\s+|\s+and\s+"
    if ctx.engine.locale.lang[:2] != "en":
        words += rf"|,\s+{re.escape(and_term)}\s+|\s+{re.escape(and_term)}\s+"
    pieces = re.split(rf"(\s*&\s*|{words}|;\s+|,\s+|\s*\\*[-\u2013]+\s*)", node.text)
    for index in range(0, len(pieces), 2):  # the parts between the joiners
        part = Text(pieces[index])
        apply_text_case(part, case, english, lang)
        pieces[index] = part.text
    node.text = "".join(pieces)


_LEVELS = frozenset({"group", "date", "names", "layout"})


def _keeps_space(el: Element, node: Node) -> bool:
    """Whether citeproc-js keeps a space that ends this element's suffix before a next sibling's prefix
    that starts with one: it does for a number (a number variable or cs:number whose text is an integer)
    and, as decorate() tells, for an element with formatting or quotes; it merges the two otherwise."""
    return _ends_in_number(el, node, own=True)


def _ends_in_number(el: Element, node: Node, own: bool = False) -> bool:
    """Whether the element prints a number last (citeproc-js's blobEndsInNumber): it is one, or (unless
    ``own``) its last text is the suffix of one."""
    variable = el.attrs.get("variable", "")
    if el.name == "number" or (el.name == "text" and variable in NUMBER_VARIABLES | _COMPUTED_NUMBERS):
        return plain(node).isdigit()
    if own:
        return False
    while type(node) is Span and node.children:
        node = node.children[-1]
    return type(node) is Text and node.after_number


def _merge_kept_space(node: Node) -> None:
    """A kept suffix space (``_keeps_space``) that ends a group or macro without formatting merges again:
    citeproc-js moves it up to the wrapper's suffix, where a next prefix's space is dropped; a wrapper with
    formatting or quotes keeps it where it is."""
    while type(node) is Span and node.children and not (node.fmt or node.quotes):
        last = node.children[-1]
        if type(last) is Text:
            if last.affix == "suffix-kept":
                node.children[-1] = Text(
                    last.text, last.nocase, True, "suffix", last.after_number, last.level
                )
            return
        node = last


# Variables citeproc-js renders as numbers besides the number variables.
_COMPUTED_NUMBERS = frozenset({"citation-number", "locator", "first-reference-note-number"})


def join(nodes: list[Node], delimiter: str) -> Node | None:
    parts = [n for n in nodes if not is_empty(n)]
    if not parts:
        return None
    if len(parts) == 1 and not delimiter:
        return parts[0]
    kids: list[Node] = []
    for i, n in enumerate(parts):
        if i and delimiter:
            kids.append(Text(delimiter, glue=True))
        kids.append(n)
    return Span(kids)


# ---- elements ---------------------------------------------------------------------------------------


def render_children(children: tuple[Element, ...], ctx: Ctx, delimiter: str = "") -> Res:
    if ctx.sort_muted:
        return _render_muted(children, ctx)
    # The innermost loop of every style: one pass, each child's emptiness tested once.
    if len(children) == 1:
        # Most lists have one element (a macro's cs:choose, a branch's group): its result is the list's.
        res = render(children[0], ctx)
        node = res.node
        if node is None:
            return res
        if node.text == "" if type(node) is Text else is_empty(node):
            return _NO_NODE[res.called, res.rendered]
        return res
    called = rendered = False
    nodes: list[Node] = []
    for child in children:
        # render(), inlined: this loop runs for every element of every entry.
        ctx.steps += 1
        if ctx.steps > MAX_STEPS:
            _too_many_steps(child, ctx)
        handler = HANDLERS.get(child.name)
        if handler is None:
            continue
        res = handler(child, ctx)
        rendered = rendered or res.rendered
        node = res.node
        if node is None or (node.text == "" if type(node) is Text else is_empty(node)):
            if child.name == "group" or (child.name == "text" and "macro" in child.attrs):
                # A group or macro left out sets the enclosing group's "variable attempted" flag to its
                # own (citeproc-js's group END: tip.variable_attempt = flags.variable_attempt), so a macro
                # that tried no variable clears what an empty variable before it set: a term before
                # both then prints ("In:" with no container title).
                called = res.called
            else:
                called = called or res.called
            continue
        called = called or res.called
        nodes.append(node)
    if not nodes:
        return _NO_NODE[called, rendered]
    if len(nodes) == 1 and not delimiter:
        return Res(nodes[0], called, rendered)
    if not delimiter:
        return Res(Span(nodes), called, rendered)
    kids: list[Node] = [nodes[0]]
    for node in nodes[1:]:
        kids.append(Text(delimiter, glue=True))
        kids.append(node)
    return Res(Span(kids), called, rendered)


def _render_muted(children: tuple[Element, ...], ctx: Ctx) -> Res:
    """The elements of a sort key while a macro with a date is rendered (sort_macro): each gives only its
    dates' sort keys, until an inner macro with a date ends and clears the flag; what follows then prints
    in full, without the delimiter of the group opened meanwhile (citeproc-js opens it with an empty
    format)."""
    called = rendered = False
    nodes: list[Node] = []
    for child in children:
        mark = len(ctx.sort_dates) if ctx.sort_muted else -1
        res = render(child, ctx)
        if mark >= 0 and ctx.sort_muted:
            keys = "".join(ctx.sort_dates[mark:])
            res = Res(Text(keys) if keys else None, res.called, res.rendered)
        called = called or res.called
        rendered = rendered or res.rendered
        if res.node is not None and not is_empty(res.node):
            nodes.append(res.node)
    if not nodes:
        return _NO_NODE[called, rendered]
    return Res(nodes[0] if len(nodes) == 1 else Span(nodes), called, rendered)


def _too_many_steps(el: Element, ctx: Ctx) -> NoReturn:
    # Macros that call others several times can explode exponentially: a bound, not a hang (the
    # bundled styles take at most a few hundred steps per cite or entry).
    raise StyleError(ctx.engine.style.source, el.line, f"the style takes more than {MAX_STEPS} steps")


def render(el: Element, ctx: Ctx) -> Res:
    ctx.steps += 1
    if ctx.steps > MAX_STEPS:
        _too_many_steps(el, ctx)
    handler = HANDLERS.get(el.name)
    if handler is None:
        return EMPTY
    return handler(el, ctx)


def render_layout(layout: Element, ctx: Ctx, affixes: bool = False) -> Node | None:
    res = render_children(layout.children, ctx)
    if ctx.author_only:
        return ctx.author_node
    return decorate(layout, res.node, ctx, affixes=affixes) if res.node is not None else None


def r_group(el: Element, ctx: Ctx) -> Res:
    outer = ctx.delimiter
    had_output = ctx.has_output
    ctx.delimiter = el.attrs.get("delimiter", "")
    ctx.groups += 1
    res = render_children(el.children, ctx, ctx.delimiter)
    ctx.groups -= 1
    ctx.delimiter = outer
    if res.called and not res.rendered:
        # A group left out leaves no predecessor for a term after it (citeproc-js restores its
        # term_predecessor flag), whatever printed inside it.
        ctx.has_output = had_output
        return CALLED_EMPTY
    if res.node is None:
        ctx.has_output = had_output
        return res
    # A group that prints something counts as content for the group around it (citeproc-js).
    node = res.node
    if ctx.strings_marked:
        bury_quote(node)
    return Res(decorate(el, node, ctx, nonempty=True), res.called, True)


def r_choose(el: Element, ctx: Ctx) -> Res:
    plan = ctx.plans.get(el)
    if plan is None:
        plan = _choose_plan(el, ctx.item_type)
    present = ctx.present
    for branch, match, tests in plan:
        # No tests: cs:else, or a branch its type tests decide. Tests have no side effects, so the first
        # one that decides the match ends it (loops rather than any()/all(): this runs ~70 times an entry).
        # A variable test already answered in this rendering is looked up without a call (_test).
        if tests:
            if match in ("any", "none"):
                hit = False
                for test in tests:
                    known = present.get(test[1]) if test[0] == "variable" else None
                    if known is not None and ctx.trace is not None:
                        ctx.trace.add(test[1])
                    if known if known is not None else _test(test[0], test[1], ctx):
                        hit = True
                        break
                if hit != (match == "any"):
                    continue
            else:
                for test in tests:
                    known = present.get(test[1]) if test[0] == "variable" else None
                    if known is not None and ctx.trace is not None:
                        ctx.trace.add(test[1])
                    if not (known if known is not None else _test(test[0], test[1], ctx)):
                        break
                else:
                    return render_children(branch.children, ctx, ctx.delimiter)
                continue
        # The branch's elements are delimited as children of the enclosing group (citeproc-js).
        return render_children(branch.children, ctx, ctx.delimiter)
    return EMPTY


def r_text(el: Element, ctx: Ctx) -> Res:
    attrs = el.attrs
    if "variable" in attrs:
        name = attrs["variable"]
        if name not in _COLLAPSE_NEUTRAL:
            ctx.text_variable_reached = True
        node = text_variable(name, attrs.get("form", "long"), ctx)
        if node is None:
            if name in _EMPTY_PREDECESSORS:
                # citeproc-js appends an empty string for these number variables when they are empty,
                # which counts as printed before a term ("1. at <URL>" after an empty volume).
                ctx.has_output = True
            # An empty year-suffix does not empty a group: it is only known after disambiguation.
            return CALLED_EMPTY if name != "year-suffix" else EMPTY
        value_text = None
        if ctx.text_substitute is not None:
            # The substitute goes inside the variable's own formatting ("‘——’"), as citeproc-js
            # replaces the variable's output there (the title's script still decides its italics).
            value_text = plain(node)
            node, ctx.text_substitute = Text(ctx.text_substitute), None
        ctx.mark(name)
        # citeproc-js writes the citation number as a number blob, which is no predecessor of a term:
        # "[25] N.d." capitalises the term after it as at the start of the entry.
        ctx.has_output = ctx.has_output or name != "citation-number"
        return Res(decorate(el, node, ctx, value_text=value_text), True, True)
    if "macro" in attrs:
        if ctx.sorting:
            return sort_macro(el, attrs["macro"], ctx)
        return r_macro(el, attrs["macro"], ctx)
    if "term" in attrs:
        ctx.terms_reached += 1
        text = ctx.engine.locale.term(attrs["term"], attrs.get("form", "long"), attrs.get("plural") == "true")
        if not text:
            return EMPTY
        if (
            not ctx.has_output
            and not ctx.sorting
            and not (ctx.engine.style.klass == "in-text" and ctx.mode == "citation")
        ):
            # citeproc-js capitalises a term that opens a note citation or a bibliography entry.
            text = capitalise(text, ctx.case_lang)
        ctx.has_output = True
        return Res(decorate(el, markup_node(text), ctx))
    if "value" in attrs:
        if not attrs["value"]:
            return EMPTY
        ctx.terms_reached += 1
        # Any string printed is a predecessor of a term: one after it is not capitalised (citeproc-js's
        # output.append sets term_predecessor).
        ctx.has_output = True
        return Res(decorate(el, markup_node(attrs["value"]), ctx))
    return EMPTY


# The variables whose empty cs:text citeproc-js counts as a predecessor of a term (read from its output).
_EMPTY_PREDECESSORS = frozenset({"volume", "issue", "edition", "number"})


# A macro's result that printed nothing: (variables it read, has_output before, result, has_output after).
MemoEntry = tuple[frozenset[str], bool, Res, bool]
# Set by tests/test_csl_memo.py: every result that would be replayed is checked against a fresh rendering.
VERIFY_MEMO = False


def r_macro(el: Element, name: str, ctx: Ctx) -> Res:
    """A macro call. Most calls print nothing (the editor, translator, archive... macros of an item that
    has none of them), and what such a call gives back -- no output, whether it called and rendered a
    variable (which decide the suppression of the group around it) and whether it printed a term (which
    capitalises the next one) -- follows from the item's type and the variables it read or tested, when
    all of them were absent and nothing else was consulted (the cite's position or locator,
    disambiguation, a computed variable). Such a result is kept, with the variables read, and given again
    to every later call of the macro for an item of the same type in the same mode that lacks all of
    them: the same tests then come out the same way, so the same elements are reached and print the same
    nothing."""
    macro = ctx.engine.style.macros.get(name)
    if macro is None:
        return EMPTY
    eligible = not (ctx.in_substitute or ctx.suppress_author or ctx.author_only or ctx.count_only)
    if eligible and ctx.engine.substitutes_author and ctx.mode == "bibliography":
        # Before the entry's subsequent-author-substitute check, an empty cs:names changes the entry's
        # state (_spend_substitute), which a replay would not.
        eligible = bool(ctx.names_seen or ctx.substitute_spent)
    expected: MemoEntry | None = None
    present = ctx.present_keys
    if eligible:
        if present is None:
            present = ctx.present_keys = _present_keys(ctx.item)
        for entry in ctx.macro_memo.get(name, ()):
            reads, before, res, after = entry
            if before == ctx.has_output and reads.isdisjoint(present):
                if VERIFY_MEMO:
                    expected = entry
                    break
                if ctx.trace is not None:
                    ctx.trace |= reads
                ctx.has_output = after
                return res
    ctx.depth += 1
    if ctx.depth > MAX_DEPTH:
        ctx.depth -= 1
        ctx.impure = True
        return EMPTY
    outer_trace, outer_impure = ctx.trace, ctx.impure
    trace: set[str] = set()
    ctx.trace, ctx.impure = trace, False
    before = ctx.has_output
    record = ctx.author_record
    outer, outer_inherit = ctx.delimiter, ctx.inherit_from
    ctx.delimiter, ctx.inherit_from = "", None
    res = render_children(macro.children, ctx)
    ctx.delimiter, ctx.inherit_from = outer, outer_inherit
    ctx.depth -= 1
    impure = ctx.impure
    if outer_trace is not None:
        outer_trace |= trace
    ctx.trace, ctx.impure = outer_trace, outer_impure or impure
    if res.node is None or (res.called and not res.rendered):
        # A macro whose variables are all empty is suppressed like a group (citeproc-js), which leaves no
        # predecessor of a term behind (an empty cs:names in it included); not so where it printed names
        # that subsequent-author-substitute then took away (citeproc-js substitutes after printing).
        if ctx.author_record is record:
            ctx.has_output = before
        result = _NO_NODE[res.called, res.rendered]
        if expected is not None:
            _check_replay(name, expected, result, ctx)
        elif eligible and not impure and present is not None and trace.isdisjoint(present):
            entries = ctx.macro_memo.setdefault(name, [])
            if len(entries) < 16:  # a bound on the scan; a macro has few ways of printing nothing
                entries.append((frozenset(trace), before, result, ctx.has_output))
        return result
    if expected is not None:
        _check_replay(name, expected, res, ctx)
    # And like a group, a macro that prints something is content for the macro or group around it.
    node = res.node
    if ctx.strings_marked:
        bury_quote(node)
    return Res(decorate(el, node, ctx, nonempty=True), res.called, True)


def sort_macro(el: Element, name: str, ctx: Ctx) -> Res:
    """A macro call in a sort key. citeproc-js renders a macro with a cs:date of its own ("macro-has-date":
    a date among its elements, not counting the macros it calls) with a flag set, "doing-macro-with-date",
    under which only dates print (their sort keys) and what opens meanwhile has no affixes or delimiter.
    One flag, not a stack: it is set when such a macro starts and cleared when one ends, so in an outer
    date macro the elements after an inner one print in full (an undated web page sorts by the URL its date
    macro prints after the accessed-date macro; the "n.d." the inner one prints is no key)."""
    macro = ctx.engine.style.macros.get(name)
    if macro is None:
        return EMPTY
    has_date = macro_has_date(macro)
    muted = ctx.sort_muted
    if not (has_date or muted):
        return r_macro(el, name, ctx)
    # Not through r_macro's memo: what prints here depends on the flag, which the memo does not know of, and
    # a replayed call would leave the flag as it found it.
    ctx.depth += 1
    if ctx.depth > MAX_DEPTH:
        ctx.depth -= 1
        return EMPTY
    ctx.impure = True
    outer, outer_inherit = ctx.delimiter, ctx.inherit_from
    ctx.delimiter, ctx.inherit_from = "", None
    if has_date:
        ctx.sort_muted = True
    res = render_children(macro.children, ctx)
    if has_date:
        ctx.sort_muted = False
    ctx.delimiter, ctx.inherit_from = outer, outer_inherit
    ctx.depth -= 1
    if res.node is None or (res.called and not res.rendered):
        return _NO_NODE[res.called, res.rendered]
    return Res(res.node if muted else decorate(el, res.node, ctx), res.called, True)


_DATE_MACROS: dict[Element, bool] = {}


def macro_has_date(macro: Element) -> bool:
    """Whether a cs:date is among the macro's elements (not following the macros it calls), once a macro."""
    found = _DATE_MACROS.get(macro)
    if found is not None:
        return found
    stack = list(macro.children)
    answer = False
    while stack and not answer:
        element = stack.pop()
        answer = element.name == "date"
        stack.extend(element.children)
    _DATE_MACROS[macro] = answer
    return answer


def _present_keys(item: dict[str, Any]) -> frozenset[str]:
    """The item's variables with a value (read as present by Ctx.value, the tests and the names)."""
    return frozenset(key for key, value in item.items() if value not in (None, "", []))


def _check_replay(name: str, expected: MemoEntry, got: Res, ctx: Ctx) -> None:
    _, _, res, after = expected
    if (got.node, got.called, got.rendered, ctx.has_output) != (None, res.called, res.rendered, after):
        raise AssertionError(
            f"macro {name!r} for {ctx.item.get('id')!r}: replayed {res.called, res.rendered, after}, "
            f"rendered {got.node!r} {got.called, got.rendered, ctx.has_output}"
        )


# The text variables whose cs:text leaves a cite collapsible in citeproc-js (every other one, reached even
# when empty, ends the collapse: its "If some text variable is rendered, we're not collapsing").
_COLLAPSE_NEUTRAL = frozenset({"locator", "citation-number", "year-suffix", "citation-label"})

PLAIN_VARIABLES = {"URL", "DOI", "ISBN", "ISSN", "PMID", "PMCID"}


def text_variable(name: str, form: str, ctx: Ctx) -> Node | None:
    if name == "locator" and ctx.locator_done:
        # citeproc-js prints a cite's locator once: a second cs:text or cs:number of it prints nothing
        # (as an empty variable, so its group goes too); conditions still see it.
        return None
    if name in ctx.suppressed:
        if ctx.trace is not None:
            ctx.trace.add(name)  # read, though suppressed here: a present variable
        return None
    value: Any = None
    if form == "short":
        value = ctx.value(name + "-short")
        if value is not None:
            ctx.mark(name + "-short")
    if value is None:
        value = ctx.value(name)
    if value is None:
        if name == "year-suffix" or name != "citation-label":
            return None
        return None
    if isinstance(value, list | dict):
        return None
    text = str(value)
    if name in PLAIN_VARIABLES:
        return Text(text)
    if name in numbers.PARSED_TEXT_VARIABLES:
        # As citeproc-js's number parser writes it: hyphens between numbers as range delimiters where the
        # variable takes them, a label typed in the field for the variable itself left out ("vol. 2").
        return Text(_number_text(ctx, name, text))
    if name in NUMBER_VARIABLES and name not in ("page", "page-first", "locator"):
        # citeproc-js prints the other number variables (section, part-number...) as written.
        return Text(text.replace("\\-", "-"))
    if name in ("page", "page-first"):
        label = ""
        if numbers.starts_with_label(text):
            label, text = _typed_page_label(ctx, name, text)
        fmt = ctx.engine.style.options.get("page-range-format", "")
        text = label + numbers.format_page_range(text, fmt, ctx.engine.range_delimiter())
    elif name == "locator":
        ctx.locator_done = True
        if "\\-" in text:
            text = text.replace("\\-", "-")
        elif ctx.cite.label in ("", "page"):
            # Page locators take the style's page-range-format, as the page variable does.
            fmt = ctx.engine.style.options.get("page-range-format", "")
            delimiter = ctx.engine.range_delimiter()
            text = _dash_ranges(numbers.format_page_range(text, fmt, delimiter), delimiter)
        else:
            # Any other label's range takes the locale's page-range-delimiter too (citeproc-js's
            # manglePageNumbers: "cap. 12-15" in es-ES, whose delimiter is a hyphen).
            text = _dash_ranges(text, ctx.engine.range_delimiter())
        text = _locale_ampersand(text, ctx)
    elif name == "year-suffix":
        return Text(text)
    return markup_node(text, marks=ctx.engine.quote_marks)


def _number_text(ctx: Ctx, name: str, text: str, form: Callable[[int], str] | None = None) -> str:
    engine = ctx.engine
    return numbers.number_text(
        parsed_number(ctx, name, text),
        name,
        engine.range_delimiter(),
        engine.locale.term("year-range-delimiter") or "\u2013",
        bool(engine.style.options.get("page-range-format")),
        lambda term, plural: engine.locale.term(term, "short", plural) or "",
        form,
    )


def _typed_page_label(ctx: Ctx, name: str, text: str) -> tuple[str, str]:
    """A label typed at the start of a page ("fig. 3.2", "p. 5") and the text after it, as citeproc-js's
    number parser takes them: the label goes, and a page's other than "p." comes back as the locale's short
    term ("рис. 3.2" in Russian); a page-first prints none."""
    parsed = parsed_number(ctx, "page", text)
    first = parsed.values[0] if parsed.values else None
    term = numbers.SUBDIVISIONS.get(first.label, "") if first is not None else ""
    word, _, rest = text.strip().partition(" ")
    if first is None or not term or word != first.label:
        return "", text
    rest = rest.lstrip()
    if name == "page" and first.visible:
        return (ctx.engine.locale.term(term, "short", first.plural) or word) + first.label_suffix, rest
    return "", rest


def _locale_ampersand(text: str, ctx: Ctx) -> str:
    """An "&" between a locator's numbers in the locale's symbol for "and" (citeproc-js's number parser):
    the same "&" unless the locale has a symbol of its own (``<term name="and" form="symbol">``)."""
    if "&" not in text:
        return text
    locale = ctx.engine.locale
    symbol = locale.term("and", "symbol") or "&"
    if symbol == (locale.term("and") or "") or symbol == "&":
        return text
    import re

    def joined(match: re.Match[str]) -> str:
        # Letters on both sides ("A&B") keep it tight, as citeproc-js does; numbers get spaces.
        tight = match.group(1).isalpha() and match.group(2).isalpha()
        return f"{match.group(1)}{symbol if tight else f' {symbol} '}{match.group(2)}"

    return re.sub(r"(\S)\s*&\s*(\S)", joined, text)


def _dash_ranges(text: str, delimiter: str = "\u2013") -> str:
    """Hyphens between numbers as the range delimiter (a page locator: the locale's or the style's
    page-range-delimiter term, which may be a hyphen)."""
    return re.sub(r"(?<=\d)\s*-\s*(?=\d)", lambda _: delimiter, text)


def r_number(el: Element, ctx: Ctx) -> Res:
    name = el.get("variable")
    value = None if name == "locator" and ctx.locator_done else ctx.value(name)
    if value is None:
        return CALLED_EMPTY
    if name == "locator":
        ctx.locator_done = True
    text = str(value)
    form = el.get("form", "numeric")
    if name == "page":
        text = numbers.format_page_range(
            text, ctx.engine.style.options.get("page-range-format", ""), ctx.engine.range_delimiter()
        )
    node = format_number(text, form, ctx, name)
    ctx.mark(name)
    ctx.has_output = True
    return Res(decorate(el, node, ctx), True, True)


def format_number(text: str, form: str, ctx: Ctx, variable: str) -> Node:
    import re

    if not numbers.is_numeric(text):
        if variable in numbers.PARSED_TEXT_VARIABLES:
            # As cs:text writes it (citeproc-js's number parser): "18 (7–1)", the form on its numbers.
            return Text(_number_text(ctx, variable, text, _number_form(form, ctx, variable)))
        return (
            Text(text)
            if variable in NUMBER_VARIABLES and variable not in ("page", "locator")
            else markup_node(text, marks=ctx.engine.quote_marks)
        )
    write = _number_form(form, ctx, variable) or str
    pieces = numbers.split_numbers(text)
    out: list[str] = []
    for piece in pieces:
        m = re.fullmatch(r"([A-Za-z]*)(\d+)([A-Za-z]*)", piece)
        if m and not m.group(1) and not m.group(3):
            out.append(write(int(m.group(2))))
        elif piece.strip() == "-" or piece.strip() == "\u2013":
            out.append("\u2013")
        elif piece.strip() == "&":
            out.append(" & ")
        elif piece.strip() == ",":
            out.append(", ")
        else:
            out.append(piece)
    return Text("".join(out))


def _number_form(form: str, ctx: Ctx, variable: str) -> Callable[[int], str] | None:
    """A cs:number's form as a function of a whole number (None for numeric, which writes it as it is)."""
    locale = ctx.engine.locale
    if form == "ordinal":
        gender = locale.gender(_term_for_variable(variable))
        return lambda n: numbers.ordinal(n, locale, gender)
    if form == "long-ordinal":
        gender = locale.gender(_term_for_variable(variable))
        return lambda n: numbers.long_ordinal(n, locale, gender)
    if form == "roman":
        return numbers.roman
    return None


def _term_for_variable(variable: str) -> str:
    return {"locator": "page", "number-of-pages": "page", "page": "page"}.get(variable, variable)


def r_label(el: Element, ctx: Ctx) -> Res:
    name = el.get("variable")
    if name == "locator":
        value = ctx.value("locator")
        term = ctx.cite.label or "page"
        if term == "sub verbo":
            term = "sub-verbo"
    else:
        # A label is not a rendering of its variable: a variable cs:substitute has used up still has its
        # label (Chicago's "3rd ed." in a note whose title stood in for the author), as in citeproc-js.
        value = ctx.value(name, substituted=True)
        term = _label_term(name)
    plural_attr = el.get("plural", "contextual")
    if plural_attr == "always":
        plural = True
    elif plural_attr == "never" or value is None:
        # citeproc-js prints a label's term also where its variable is empty (CSL.evaluateLabel looks at
        # the variable only to choose the plural), as a term: a group around it that tried a variable and
        # got none is suppressed all the same. The specification would print nothing; citeproc-js is
        # followed (docs/citations.md).
        plural = False
    elif name == "locator":
        # Only the places before a label typed inside the locator count, and one that opens with a word of
        # its own ("doc. 623, tel. 1054") is one place: citeproc-js's number parser.
        plural = numbers.locator_is_plural(value, ctx.engine.locale.term("and") or "")
    elif name in _PARSED_NUMBERS:
        # citeproc-js's number parser: plural where the values between its joiners are numbers ("12a-19",
        # "2 & 3 Geo. 6"), not "18 (7-1)" or "US 2,464,019"; a label typed before the first value of a
        # number or page ("fig. 3.2", "no. 87") is the label's term.
        parsed = parsed_number(ctx, name, value)
        plural = parsed.plural
        if parsed.label and name in ("number", "page"):
            term = parsed.label
            if term == "issue" and name == "number" and ctx.engine.locale.term_entry("number") is not None:
                term = "number"
    elif name in ("number-of-pages", "number-of-volumes"):
        plural = _int_gt_one(value)
    else:
        plural = numbers.is_plural(value)
    text = ctx.engine.locale.term(term, el.get("form", "long"), plural)
    if not text:
        return EMPTY
    # Read as a term is (cs:text term=...): citeproc-js passes every string through its flip-flopper, which
    # curls an apostrophe ("עמ'").
    return Res(decorate(el, markup_node(text), ctx))


# citeproc-js's CSL.NUMERIC_VARIABLES: the variables its number parser reads.
_PARSED_NUMBERS = frozenset(
    [
        "call-number",
        "chapter-number",
        "collection-number",
        "division",
        "edition",
        "page",
        "issue",
        "locator",
        "locator-extra",
        "number",
        "number-of-pages",
        "number-of-volumes",
        "part-number",
        "printing-number",
        "section",
        "supplement-number",
        "version",
        "volume",
        "supplement",
        "citation-number",
    ]
)
_PARSED_CACHE: dict[tuple[int, str, str], numbers.ParsedNumber] = {}


def parsed_number(ctx: Ctx, name: str, value: Any) -> numbers.ParsedNumber:
    """The item's number variable ``name`` as citeproc-js's number parser reads it (numbers.parse_number),
    once per locale, variable and value."""
    locale = ctx.engine.locale
    key = (id(locale), name, str(value))
    found = _PARSED_CACHE.get(key)
    if found is None:
        # citeproc-js joins on the locale's "and" too where the style's language is not English.
        and_word = (locale.term("and") or "") if locale.lang[:2] != "en" else ""
        found = numbers.parse_number(
            value, name, and_word, has_term=lambda term: locale.term_entry(term) is not None
        )
        if len(_PARSED_CACHE) > 4096:
            _PARSED_CACHE.clear()
        _PARSED_CACHE[key] = found
    return found


def _label_term(name: str) -> str:
    return {"number-of-pages": "page", "page-first": "page"}.get(name, name)


def _int_gt_one(value: Any) -> bool:
    try:
        return int(str(value).strip()) > 1
    except ValueError:
        return numbers.is_plural(value)


# ---- conditions -------------------------------------------------------------------------------------


_CONDITIONS: dict[Element, tuple[str, tuple[tuple[str, str], ...]]] = {}


def _condition(el: Element) -> tuple[str, tuple[tuple[str, str], ...]]:
    """The tests of a ``cs:if``/``cs:else-if`` and its match, split once per element (styles are cached)."""
    found = _CONDITIONS.get(el)
    if found is not None:
        return found
    tests = tuple((key, value) for key, raw in el.attrs.items() if key != "match" for value in raw.split())
    match = el.get("match", "all")
    _CONDITIONS[el] = (match, tests)
    return match, tests


Plan = tuple[tuple[Element, str, tuple[tuple[str, str], ...]], ...]
# By item type, then element: a rendering looks its type's up once (Ctx.plans).
_PLANS_BY_TYPE: dict[str, dict[Element, Plan]] = {}


def _choose_plan(choose: Element, item_type: str) -> Plan:
    """The branches of a ``cs:choose`` that an item of ``item_type`` may take, each with the tests left to
    run (match, tests): the ``type`` tests are decided once per type, since they depend on nothing else.

    A branch they make false is left out; one they make true without other tests ends the plan (as
    ``cs:else`` does, with ``all`` of no tests). Styles branch mostly on type (Chicago: 378 type tests), so
    most branches cost nothing per item. Cached per element and type (styles are parsed once).
    """
    plans = _PLANS_BY_TYPE.setdefault(item_type, {})
    found = plans.get(choose)
    if found is not None:
        return found
    plan: list[tuple[Element, str, tuple[tuple[str, str], ...]]] = []
    for branch in choose.children:
        if branch.name == "else":
            plan.append((branch, "all", ()))
            break
        match, tests = _condition(branch)
        if not tests:
            continue  # a condition without tests is false
        # The values of a type attribute are one test, true for any of them, whatever the match:
        # citeproc-js composes it so (its "@type": "ALWAYS composed as an 'any' match"), and styles rely
        # on it (American Sociological Association's type="thesis manuscript" without match="any").
        types = [value == item_type for key, value in tests if key == "type"]
        rest = tuple((key, value) for key, value in tests if key != "type")
        if match == "any":
            if any(types):
                plan.append((branch, "all", ()))
                break
        elif match == "none":
            if any(types):
                continue
        elif types and not any(types):
            continue
        if not rest:
            if match == "any":
                continue  # every test was a type test, and none matched
            plan.append((branch, "all", ()))
            break
        plan.append((branch, match, rest))
    frozen = tuple(plan)
    plans[choose] = frozen
    return frozen


def _test(key: str, value: str, ctx: Ctx) -> bool:
    item = ctx.item
    if key == "type":
        return str(item.get("type", "")) == value
    trace = ctx.trace
    if trace is not None:
        if key in _ITEM_TESTS and value not in _COMPUTED:
            trace.add(value)
        else:
            ctx.impure = True  # position, locator, disambiguation: the cite's, not the item's
    if key == "variable":
        # A variable substituted earlier still counts as present for conditions (citeproc-js), so an item
        # variable's test is the same all through a rendering: asked once (a style tests the same few
        # variables again and again: Chicago ~70 tests an entry).
        found = ctx.present.get(value)
        if found is not None:
            return found
        if value == "locator":
            return bool(ctx.cite.locator) and ctx.mode == "citation"
        if value in NAME_VARIABLES:
            present = bool(read_names(item.get(value)))
        elif value in DATE_VARIABLES:
            present = parse_date(item.get(value)) is not None
        elif value in _COMPUTED:
            return ctx.value(value) not in (None, "")
        else:
            present = item.get(value) not in (None, "", [])
        ctx.present[value] = present
        return present
    if key == "is-numeric":
        v = ctx.value(value)
        if v is None or v == "":
            return False
        if value in _PARSED_NUMBERS and value not in ("locator", "locator-extra"):
            # An item's number variable: citeproc-js's number parser decides ("3/1", "xii", "vol. 2"
            # are numeric; "18 (7-1)", "US 2,464,019", "2,464" are not).
            return parsed_number(ctx, value, v).numeric
        if value == "title":
            return str(v)[-1:].isdigit()
        return numbers.is_numeric(v)
    if key == "is-uncertain-date":
        d = parse_date(item.get(value))
        return d is not None and d.circa
    if key == "locator":
        if not ctx.cite.locator or ctx.mode != "citation":
            return False
        label = ctx.cite.label or "page"
        return label == value or label.replace(" ", "-") == value
    if key == "position":
        if ctx.mode != "citation":
            return False
        pos = ctx.cite.position
        if value == "first":
            return pos == 0
        if value == "subsequent":
            return pos >= 1
        if value == "ibid":
            return pos >= 2
        if value == "ibid-with-locator":
            return pos == 3
        if value == "near-note":
            return pos >= 1 and ctx.cite.near_note
        return False
    if key == "disambiguate":
        if value != "true":
            return not ctx.dis.disambiguate
        if ctx.engine.disambiguate_steps == 1:
            return bool(ctx.dis.disambiguate)
        # One condition more on at each step (Engine.disambiguate), in the order this rendering meets them.
        if ctx.disambiguate_seen < int(ctx.dis.disambiguate):
            ctx.disambiguate_seen += 1
            return True
        return False
    if key == "is-plural":
        return len(read_names(item.get(value))) > 1
    return False


# ---- dates ------------------------------------------------------------------------------------------


def r_date(el: Element, ctx: Ctx) -> Res:
    name = el.get("variable")
    if ctx.trace is not None:
        ctx.trace.add(name)
    if name in ctx.suppressed:
        return CALLED_EMPTY
    if name == "accessed" and ctx.just_looking:
        # citeproc-js's cite for finding ambiguity renders no accessed date, so two works told apart by
        # it alone are ambiguous (and take year suffixes).
        ctx.impure = True
        return CALLED_EMPTY
    date = parse_date(ctx.item.get(name))
    if date is None:
        return CALLED_EMPTY
    ctx.mark(name)
    if ctx.sorting:
        wanted = {p.get("name") for p in date_parts_spec(el, ctx)[0]}
        key = _date_sort_text(date, wanted)
        ctx.sort_dates.append(key)
        return Res(Text(key), True, True)
    node = render_date(el, date, ctx, name)
    if node is None:
        return CALLED_EMPTY
    ctx.has_output = True
    return Res(decorate(el, node, ctx, affixes=True), True, _date_counts(el, date, ctx))


def _date_counts(el: Element, date: DateValue, ctx: Ctx) -> bool:
    """Whether a printed date counts as a rendered variable for the group or macro around it: not where it
    prints only a season written out (a word, or a number but 1 to 4: "Winter", "5"), which citeproc-js
    appends without marking the variable a success, so a macro with nothing else is left out."""
    if not date.parts or not any(part.season_text for part in date.parts):
        return True
    for spec in date_parts_spec(el, ctx)[0]:
        unit = spec.get("name")
        for part in date.parts:
            if unit == "year" and part.year is not None:
                return True
            if unit == "month" and part.month is not None:
                return True
            if unit == "month" and part.season and not part.season_text:
                return True
            if unit == "day" and part.day is not None and part.month is not None:
                return True
    return False


def _date_sort_text(date: DateValue, wanted: set[str]) -> str:
    """A date in a macro's sort key, as citeproc-js's dateAsSortKey writes it: start and end, each with
    year, month and day at fixed width, a part the date element does not print as zeros (so a year
    alone and a full date of the same style compare part by part); nothing for a date without a year."""
    if not date.parts or not date.parts[0].year:
        return ""
    out = []
    for part in (date.parts[0], date.parts[1] if len(date.parts) > 1 else None):
        year = part.year or 0 if part is not None and "year" in wanted else 0
        text = f"0{99999 - abs(year):05d}" if year < 0 else f"1{year:05d}"
        month = day = 0
        if part is not None and "month" in wanted:
            month = part.month or (part.season + 20 if part.season else 0)
        if part is not None and "day" in wanted:
            day = part.day or 0
        out.append(f"{text}{month:02d}{day:02d}")
    return "".join(out)


def date_parts_spec(el: Element, ctx: Ctx) -> tuple[list[Element], str]:
    """The date-part elements to render (locale's for a localized date, with the style's overrides)."""
    form = el.get("form")
    if not form:
        return [c for c in el.children if c.name == "date-part"], el.get("delimiter")
    base = ctx.engine.locale.date_format(form)
    if base is None:
        return [], ""
    wanted = el.get("date-parts", "year-month-day")
    allowed = {
        "year-month-day": {"year", "month", "day"},
        "year-month": {"year", "month"},
        "year": {"year"},
    }.get(wanted, {"year", "month", "day"})
    overrides = {c.get("name"): c for c in el.children if c.name == "date-part"}
    parts: list[Element] = []
    for part in base.children:
        pname = part.get("name")
        if pname not in allowed:
            continue
        attrs = dict(part.attrs)
        override = overrides.get(pname)
        if override is not None:
            for k, v in override.attrs.items():
                if k in ("prefix", "suffix"):
                    continue
                attrs[k] = v
        parts.append(Element("date-part", attrs, (), part.line))
    return parts, base.get("delimiter")


def render_date(el: Element, date: DateValue, ctx: Ctx, variable: str = "") -> Node | None:
    if not date.parts:
        if not date.literal:
            return None
        # A literal date stands where the year would (citeproc-js prints it for the year date-part): a
        # cs:date without a year, a month and day after a title, prints nothing for it.
        if not any(part.get("name") == "year" for part in date_parts_spec(el, ctx)[0]):
            return None
        return markup_node(date.literal, marks=ctx.engine.quote_marks)
    parts, delimiter = date_parts_spec(el, ctx)
    if not parts:
        return None
    first = date.parts[0]
    if len(date.parts) == 1:
        nodes = [n for n in (_date_part(p, first, ctx, variable) for p in parts) if n is not None]
        return _join_date(nodes, delimiter)
    second = date.parts[1]
    if second.open_end:
        nodes = [n for n in (_date_part(p, first, ctx, variable) for p in parts) if n is not None]
        start = _join_date(nodes, delimiter)
        if start is None:
            return None
        year_el = next((p for p in parts if p.get("name") == "year"), parts[-1])
        return Span([start, Text(year_el.get("range-delimiter", "\u2013"), glue=True)])

    def has(unit: str, value: DatePart) -> bool:
        if unit == "month":
            return value.month is not None or value.season is not None
        if unit == "day":
            return value.day is not None and value.month is not None
        return value.year is not None

    parts = [p for p in parts if has(p.get("name"), first) or has(p.get("name"), second)]
    if not parts:
        return None
    names = [p.get("name") for p in parts]
    differ = ""
    for unit in ("year", "month", "day"):
        if unit not in names or not has(unit, second):
            # citeproc-js ranges over the parts the end has (a season given for the start is not one).
            continue
        a = getattr(first, unit) if unit != "month" else (first.month or first.season)
        b = getattr(second, unit) if unit != "month" else (second.month or second.season)
        if a != b:
            differ = unit
            break
    if not differ:
        nodes = [n for n in (_date_part(p, first, ctx, variable) for p in parts) if n is not None]
        return _join_date(nodes, delimiter)
    level = {"year": 0, "month": 1, "day": 2}
    differing = [
        i for i, p in enumerate(parts) if level[p.get("name")] >= level[differ] and has(p.get("name"), second)
    ]
    lo, hi = min(differing), max(differing)
    # The delimiter is that of the last date-part of the range as the date prints its parts, where
    # citeproc-js closes the range (so a numeric "1941-04/1945-08" takes the month's "/"), not the
    # specification's largest differing part's.
    range_delim = parts[hi].get("range-delimiter", "\u2013")
    out: list[Node] = []
    for i, p in enumerate(parts):
        if i < lo or i > hi:
            n = _date_part(p, first, ctx, variable)
            if n is not None:
                out.append(n)
        elif i == lo:
            # The era ("BC", "AD") is the start year's, on both ends (citeproc-js never reads the end's),
            # and where the year closes the range only after its end: "1046–771 BC", "50–30 BC".
            block_a = [
                _date_part(
                    q, first, ctx, variable, drop_suffix=(j == hi), era_of=0 if j == hi else first.year
                )
                for j, q in enumerate(parts)
                if lo <= j <= hi
            ]
            # The range's end, as citeproc-js writes it: its first part, and every part but its last,
            # without its prefix (a range over year, month and day drops the end's month prefix too).
            block_b = [
                _date_part(q, second, ctx, variable, drop_prefix=(j == lo or j < hi), era_of=first.year)
                for j, q in enumerate(parts)
                if lo <= j <= hi
            ]
            a_node = join([n for n in block_a if n is not None], delimiter)
            b_node = join([n for n in block_b if n is not None], delimiter)
            out.append(Span([k for k in (a_node, Text(range_delim, glue=True), b_node) if k is not None]))
    return _join_date(out, delimiter)


def _join_date(nodes: list[Node], delimiter: str) -> Node | None:
    return join(nodes, delimiter)


def _date_part(
    part: Element,
    value: DatePart,
    ctx: Ctx,
    variable: str,
    drop_prefix: bool = False,
    drop_suffix: bool = False,
    era_of: int | None = None,
) -> Node | None:
    """One date part; ``era_of`` is the year whose era term the year takes (0: none), by default its own."""
    name = part.get("name")
    form = part.get("form")
    loc = ctx.engine.locale
    text = ""
    if name == "year":
        if value.year is None:
            return None
        year = value.year
        text = f"{abs(year) % 100:02d}" if form == "short" else str(abs(year))
        era_year = year if era_of is None else era_of
        era = ""
        if year == ctx.drop_year and not ctx.sorting:
            ctx.impure = True
            text = ""
        elif era_year < 0:
            era = loc.term("bc") or "BC"
        elif 0 < era_year < 500:
            # citeproc-js marks years 1-499 AD (the specification: "less than four digits"), so a
            # 712 is plain "712".
            era = loc.term("ad") or "AD"
        # The implicit year suffix follows the first year printed, of whichever date (citeproc-js:
        # an "accessed" year too, where the item has no "issued").
        if (
            ctx.engine.implicit_year_suffix
            and not ctx.engine.label_year_suffix
            and ctx.dis.year_suffix
            and not ctx.year_suffix_done
            and not ctx.sorting
        ):
            ctx.year_suffix_done = True
            if not text:
                text = _suffix(ctx.dis.year_suffix)
            elif _decoration(part) is None:
                era += _suffix(ctx.dis.year_suffix)
            else:
                year_node = _decorate_part(part, Text(text), ctx, drop_prefix, drop_suffix)
                # citeproc-js makes the suffix a number blob of the year date-part's own token
                # (CSL.NumericBlob), so it has that part's affixes, formatting and case: "(2003)(a)";
                # the era stays after the year's affixes.
                suffix_node = decorate(part, Text(_suffix(ctx.dis.year_suffix)), ctx)
                kids = [year_node, Text(era) if era else None, suffix_node]
                return Span([k for k in kids if k is not None])
        if not text:
            return None
        year_node = _decorate_part(part, Text(text), ctx, drop_prefix, drop_suffix)
        # The era follows the year's affixes, outside its formatting (citeproc-js appends the term after
        # the date-part's own output): ja-JP's "58年紀元前", where the year's suffix is "年".
        return Span([year_node, Text(era)]) if era and year_node is not None else year_node
    elif name == "month":
        if value.month is None:
            if value.season is None:
                return None
            text = value.season_text or loc.term(f"season-{value.season:02d}") or ""
            form = "long"
            if not text:
                return None
            node: Node = Text(text)
            return _decorate_part(part, node, ctx, drop_prefix, drop_suffix, season=True)
        month = value.month
        if not 1 <= month <= 12:
            return None
        if form in ("numeric",):
            text = str(month)
        elif form == "numeric-leading-zeros":
            text = f"{month:02d}"
        else:
            text = loc.term(f"month-{month:02d}", "short" if form == "short" else "long") or str(month)
            if "'" in text:
                # A month's term is read as a term is: its straight apostrophe curls (he-IL's "אוק'").
                return _decorate_part(part, markup_node(text), ctx, drop_prefix, drop_suffix)
    elif name == "day":
        if value.day is None or value.month is None:
            return None
        day = value.day
        if form == "numeric-leading-zeros":
            text = f"{day:02d}"
        elif form == "ordinal":
            if loc.option("limit-day-ordinals-to-day-1") and day != 1:
                text = str(day)
            else:
                gender = loc.gender(f"month-{value.month:02d}")
                text = numbers.ordinal(day, loc, gender)
        else:
            text = str(day)
    else:
        return None
    return _decorate_part(part, Text(text), ctx, drop_prefix, drop_suffix)


def _decorate_part(
    part: Element, node: Node, ctx: Ctx, drop_prefix: bool, drop_suffix: bool, season: bool = False
) -> Node | None:
    attrs = dict(part.attrs)
    if drop_prefix:
        attrs.pop("prefix", None)
    if drop_suffix:
        attrs.pop("suffix", None)
    if season:
        attrs.pop("strip-periods", None)
    return decorate(Element("date-part", attrs, (), part.line), node, ctx)


# ---- names ------------------------------------------------------------------------------------------


NamesParts = tuple[tuple[str, ...], Element | None, Element | None, Element | None, Element | None, bool]
_NAMES_PARTS: dict[tuple[Element, Element | None], NamesParts] = {}


def _names_parts(el: Element, inherited: Element | None) -> NamesParts:
    """A ``cs:names``' variables, its name, et-al, label and substitute children (those of the names it
    stands in for, where it is a shorthand in ``cs:substitute``), and whether the label comes after the
    name: found once per element (styles are parsed once), not at every rendering."""
    found = _NAMES_PARTS.get((el, inherited))
    if found is not None:
        return found
    variables = tuple(el.get("variable").split())
    name_el = next((c for c in el.children if c.name == "name"), None)
    etal_el = next((c for c in el.children if c.name == "et-al"), None)
    label_el = next((c for c in el.children if c.name == "label"), None)
    substitute = next((c for c in el.children if c.name == "substitute"), None)
    if inherited is not None and not any(c.name in ("name", "et-al", "label") for c in el.children):
        name_el = next((c for c in inherited.children if c.name == "name"), None)
        etal_el = next((c for c in inherited.children if c.name == "et-al"), None)
        label_el = next((c for c in inherited.children if c.name == "label"), None)
    label_after = True
    if label_el is not None and name_el is not None:
        kids = (
            list(el.children)
            if inherited is None or any(c.name == "name" for c in el.children)
            else list(inherited.children)
        )
        label_after = (
            kids.index(label_el) > kids.index(name_el) if label_el in kids and name_el in kids else True
        )
    parts = (variables, name_el, etal_el, label_el, substitute, label_after)
    _NAMES_PARTS[(el, inherited)] = parts
    return parts


def r_names(el: Element, ctx: Ctx, inherited: Element | None = None) -> Res:
    variables, name_el, etal_el, label_el, substitute, label_after = _names_parts(el, inherited)
    if (
        inherited is not None
        and ctx.substitute_from is not None
        and len(ctx.rendered_vars) > ctx.substitute_from
    ):
        # A shorthand cs:names after something of the same cs:substitute alternative printed (the
        # editor, then the translator, in one cs:choose branch there) prints nothing: substitution
        # takes the first thing that prints (citeproc-js's can_substitute, cleared by any variable).
        return EMPTY
    if ctx.trace is not None:
        ctx.trace.update(variables)
    present = ctx.present_keys
    if present is None:
        present = ctx.present_keys = _present_keys(ctx.item)
    if (
        substitute is None
        and present.isdisjoint(variables)
        and not (ctx.sorting and name_el is not None and name_el.get("form") == "count")
    ):
        # None of its variables has a value, and nothing stands in (most cs:names of a style, and the
        # shorthand ones of a cs:substitute chain): the empty result below, without reading a name.
        if ctx.engine.substitutes_author and ctx.mode == "bibliography" and not ctx.names_seen:
            _spend_substitute(el, ctx)
        return CALLED_EMPTY
    lists: list[tuple[str, list[Name]]] = []
    for var in variables:
        if var in ctx.suppressed:
            continue
        names = read_names(ctx.item.get(var))
        if names:
            lists.append((var, names))
    # Editor and translator, the same people: once, with the "editortranslator" term. citeproc-js
    # (NameOutput.setCommonTerm) merges only a cs:names whose variables, less those cs:substitute used
    # up, are exactly these two, and only with a cs:label whose form has the term; otherwise each list
    # prints with its own label ("editor translator director" never merges).
    if (
        len(lists) == 2
        and label_el is not None
        and sorted(v for v in variables if v not in ctx.suppressed) == ["editor", "translator"]
        and lists[0][1] == lists[1][1]
        and ctx.engine.locale.term("editortranslator", label_el.get("form", "long"))
    ):
        lists = [("editortranslator", lists[0][1])]
    if not lists:
        if substitute is not None:
            outer_from = ctx.substitute_from
            for child in substitute.children:
                before = ctx.substitute_from = len(ctx.rendered_vars)
                terms_before = ctx.terms_reached
                ctx.in_substitute += 1
                # Shorthand cs:names in cs:substitute (also inside a cs:choose there) take the name,
                # et-al and label of the cs:names they stand in for.
                outer_inherit = ctx.inherit_from
                ctx.inherit_from = inherited or el
                res = (
                    r_names(child, ctx, inherited=inherited or el)
                    if child.name == "names"
                    else render(child, ctx)
                )
                ctx.inherit_from = outer_inherit
                ctx.in_substitute -= 1
                if res.node is not None and not is_empty(res.node):
                    for var in ctx.rendered_vars[before:]:
                        ctx.suppressed.add(var)
                    # cs:names' formatting and affixes go around names that stand in for a shorthand
                    # cs:names (r_names puts them there), not around a cs:names with elements of its own
                    # nor around a title or text that does (citeproc-js).
                    node: Node | None = res.node
                    if inherited is None and len(ctx.rendered_vars) > before:
                        # Only a variable standing in is subsequent-author-substituted (citeproc-js's
                        # rendered_name: the variable's value as the item gives it); a term or text
                        # value is printed as it is.
                        if child.name == "names":
                            node = _author_substitute(ctx, node, el, [], None, None)
                        else:
                            raw = ctx.item.get(ctx.rendered_vars[before])
                            node = _author_substitute(
                                ctx,
                                node,
                                el,
                                [],
                                None,
                                None,
                                raw=raw if isinstance(raw, str) else None,
                                restyle=(child, before, inherited or el),
                            )
                    _record_author(ctx, node, from_names=child.name == "names")
                    ctx.substitute_from = outer_from
                    # A term or text value standing in is no variable: a group or macro around it with
                    # no variable of its own is left out, as in citeproc-js.
                    return Res(node, True, res.rendered)
                if len(ctx.rendered_vars) > before:
                    # A variable with a value was used and printed nothing (a short name of a person
                    # with a given name only): substitution is over all the same (citeproc-js clears
                    # can_substitute on the value, not on the output).
                    ctx.substitute_from = outer_from
                    return _NO_NODE[True, True]
                if ctx.terms_reached > terms_before:
                    # So is reaching a term (an empty one too) or a text value, though nothing printed:
                    # a group of a term and a missing variable, left out (citeproc-js).
                    ctx.substitute_from = outer_from
                    return CALLED_EMPTY
            ctx.substitute_from = outer_from
        if ctx.engine.substitutes_author and ctx.mode == "bibliography" and not ctx.names_seen:
            _spend_substitute(el, ctx)
        if ctx.sorting and name_el is not None and name_el.get("form") == "count":
            # In a sort key, no names count as 0 (citeproc-js): such items sort first, not last.
            return Res(Text("0"), True, True)
        return CALLED_EMPTY
    for var, _ in lists:
        ctx.mark(var if var != "editortranslator" else "editor")
        if var == "editortranslator":
            ctx.mark("translator")
    if (name_el is not None and name_el.get("form") == "count") or ctx.count_only:
        total = 0
        for var, names in lists:
            total += len(_truncate(names, _options(name_el, ctx), ctx, var)[0])
        if total == 0:
            return CALLED_EMPTY
        return Res(decorate(el, Text(str(total)), ctx), True, True)
    rendered: list[Node] = []
    for var, names in lists:
        ctx.names_record.append((var, names))
        node = render_name_list(var, names, name_el, etal_el, ctx)
        if node is None:
            continue
        if label_el is not None and not ctx.sorting:
            term = var
            label_attrs = label_el.attrs
            plural_attr = label_attrs.get("plural", "contextual")
            plural = len(names) > 1 if plural_attr == "contextual" else plural_attr == "always"
            label_text = ctx.engine.locale.term(term, label_attrs.get("form", "long"), plural)
            if label_text:
                # Read as a term is, so a straight apostrophe curls (uk-UA's "інтерв'ю").
                label_node = decorate(label_el, markup_node(label_text), ctx)
                if label_node is not None:
                    node = Span([node, label_node] if label_after else [label_node, node])
        rendered.append(node)
    if not rendered:
        return _NO_NODE[True, True]  # names with values that print nothing: not an empty variable
    names_delim = el.attrs.get("delimiter")
    if names_delim is None:
        names_delim = _options(None, ctx).get("names-delimiter", "")
    out = join(rendered, names_delim)
    # A shorthand cs:names in cs:substitute is printed as the cs:names it stands in for, with that one's
    # formatting and affixes in place of its own (citeproc-js).
    node = decorate(inherited if inherited is not None and not el.children else el, out, ctx)
    node = _author_substitute(ctx, node, el, lists, name_el, etal_el, inherited)
    ctx.has_output = True
    _record_author(ctx, node)
    if ctx.suppress_author and ctx.names_seen == 1 and ctx.mode == "citation":
        return Res(None, True, True)
    return Res(node, True, True)


def _spend_substitute(el: Element, ctx: Ctx) -> None:
    """A cs:names that printed nothing before any name of the entry: in citeproc-js, every cs:names
    outside cs:substitute, and one with elements of its own inside it, ends with the entry's one
    subsequent-author-substitute check, which an empty list uses up (a shorthand cs:names in cs:substitute
    does not). So MLA's empty ``<names variable="guest"><name/></names>`` keeps a later editor or title
    standing in from being substituted."""
    if not ctx.in_substitute or el.children:
        ctx.substitute_spent = True


def _restyled(child: Element, sub: str, start: int, inherit: Element, ctx: Ctx) -> Node | None:
    """A cs:substitute alternative (a title standing in) rendered again with ``sub`` in place of the
    first variable it printed, inside that variable's formatting."""
    used = set(ctx.rendered_vars[start:])
    saved = (len(ctx.rendered_vars), set(ctx.suppressed), ctx.substitute_from, ctx.inherit_from)
    ctx.suppressed -= used
    ctx.substitute_from, ctx.inherit_from = start, inherit
    ctx.in_substitute += 1
    ctx.text_substitute = sub
    res = render(child, ctx)
    ctx.text_substitute = None
    ctx.in_substitute -= 1
    count, ctx.suppressed, ctx.substitute_from, ctx.inherit_from = saved
    del ctx.rendered_vars[count:]
    return res.node


def _author_substitute(
    ctx: Ctx,
    node: Node | None,
    el: Element,
    lists: list[tuple[str, list[Name]]],
    name_el: Element | None,
    etal_el: Element | None,
    inherited: Element | None = None,
    raw: str | None = None,
    restyle: tuple[Element, int, Element] | None = None,
) -> Node | None:
    """subsequent-author-substitute: the first names of a bibliography entry, as the entry before
    (compared as names, labels aside; a variable standing in by its value, ``raw``, and substituted
    inside its own formatting: ``restyle`` is the cs:substitute alternative that printed it, where its
    output began in rendered_vars, and the cs:names it stands in for)."""
    if ctx.names_seen != 0 or ctx.mode != "bibliography" or ctx.substitute_spent:
        return node
    bib = ctx.engine.style.bibliography
    if bib is None or bib.options.get("subsequent-author-substitute") is None:
        return node  # the record is read only for the option (Processor.bibliography_items)
    current = [n for _, names in lists for n in names]
    # The names compared are those printed, each alone and as the item gives it: citeproc-js's
    # rendered_name list (each name's parts run together), without "and" or "et al.", so "Hasegawa,
    # Tsuyoshi, et al." after "Hasegawa, Tsuyoshi" is "———" (complete-all), and Jane Smith after John
    # Smith is no repeat where both print "Smith J".
    opts = _options(name_el, ctx)
    shown = ",".join(
        person.non_dropping + person.family + person.given + person.dropping + person.suffix + person.literal
        for v, n in lists
        for person in _truncate(n, opts, ctx, v)[0]
    )
    text = shown or raw or ctx.engine.render(node)
    ctx.author_record = (text, current)
    if ctx.author_substitute is None:
        return node
    rule, sub, previous = ctx.author_substitute
    prev_text, prev_names = previous
    if not lists:
        if text and text == prev_text and not prev_names:
            if restyle is not None and rule == "complete-all":
                # citeproc-js puts the substitute in the variable's first blob (inside its quotes);
                # the other rules replace what holds the variable, formatting and all.
                return _restyled(restyle[0], sub, restyle[1], restyle[2], ctx)
            return decorate(el, Text(sub), ctx) if sub else Text("")
        return node
    if not prev_names:
        return node
    replace: set[int] = set()
    if rule == "complete-all":
        if text != prev_text:
            return node
        replace = {-1}
    elif rule == "complete-each":
        if text != prev_text:
            return node
        replace = set(range(len(current)))
    else:
        for i, person in enumerate(current):
            if i < len(prev_names) and prev_names[i] == person:
                replace.add(i)
                if rule == "partial-first":
                    break
            else:
                break
        if not replace:
            return node
    ctx.name_substitute = (replace, sub)
    ctx.names_seen += 1
    saved = set(ctx.suppressed)
    rendered_vars = {var for var, _ in lists}
    if "editortranslator" in rendered_vars:
        rendered_vars |= {"editor", "translator"}
    ctx.suppressed -= rendered_vars
    saved_from, ctx.substitute_from = ctx.substitute_from, None  # the same names again, not a next one
    res = r_names(el, ctx, inherited)
    ctx.substitute_from = saved_from
    ctx.suppressed = saved
    ctx.names_seen -= 1
    ctx.name_substitute = None
    return res.node


def _record_author(ctx: Ctx, node: Node | None, from_names: bool = True) -> None:
    ctx.names_seen += 1
    if ctx.names_seen == 1:
        ctx.author_node = node
        ctx.author_from_names = from_names


def _options(name_el: Element | None, ctx: Ctx) -> dict[str, str]:
    opts = dict(ctx.engine.style_name_options)
    opts.update(ctx.context_options)
    if "name-form" in opts:
        opts.setdefault("form", opts["name-form"])
    if "name-delimiter" in opts:
        opts["delimiter"] = opts["name-delimiter"]
    if name_el is not None:
        opts.update(name_el.attrs)
    opts.update(ctx.name_override)
    return opts


def _truncate(names: list[Name], opts: dict[str, str], ctx: Ctx, var: str) -> tuple[list[Name], bool, bool]:
    """The names shown, whether "et al." follows, and whether et-al-use-last applies."""
    min_key, first_key = "et-al-min", "et-al-use-first"
    if ctx.mode == "citation" and ctx.cite.position > 0 and "et-al-subsequent-min" in opts:
        min_key = "et-al-subsequent-min"
    if ctx.mode == "citation" and ctx.cite.position > 0 and "et-al-subsequent-use-first" in opts:
        first_key = "et-al-subsequent-use-first"
    try:
        et_min = int(opts.get(min_key, "0") or 0)
        use_first = int(opts.get(first_key, "0") or 0)
    except ValueError:
        et_min, use_first = 0, 0
    if et_min and len(names) >= et_min and opts.get(first_key, "") != "":
        added = ctx.dis.add_names if ctx.mode == "citation" else 0
        if ctx.mode == "bibliography" and ctx.engine.takes_cited_count and not ctx.sorting:
            # As many names as the cite shows, where that is more (citeproc-js's bibliography takes the
            # citation's settings when a style adds names and given names).
            cited = ctx.engine.cited_names(str(ctx.item.get("id")))
            added = max(0, cited.get(var, 0) - use_first)
        if use_first == 0 and not added:
            return [], False, False
        use_first += added
        if use_first >= len(names):
            return names, False, False
        if opts.get("et-al-use-last") == "true" and use_first + 1 < len(names):
            return [*names[:use_first], names[-1]], False, True
        return names[:use_first], True, False
    return names, False, False


def render_name_list(
    var: str, names: list[Name], name_el: Element | None, etal_el: Element | None, ctx: Ctx
) -> Node | None:
    opts = _options(name_el, ctx)
    shown, etal, use_last = _truncate(names, opts, ctx, var)
    record = ctx.shown_record
    if record is not None:
        record[var] = len(shown)
    if ctx.sorting:
        # Sort keys compare names one by one, in sort order, without "and", et al. or labels.
        demote = ctx.engine.style.options.get("demote-non-dropping-particle", "display-and-sort")
        init_with = opts.get("initialize-with")
        keys = []
        for i, n in enumerate(shown):
            if opts.get("form") == "short" and not n.literal:
                keys.append(n.family if demote != "never" else (n.non_dropping + " " + n.family).strip())
            elif (
                init_with is not None
                and n.given
                and n.family
                and n.given_romanesque
                and not (
                    # Sorted again after disambiguation (Engine.sort_cited), a name that the cite, and
                    # so the entry, gives in full sorts by its full given name, as in citeproc-js.
                    ctx.engine.sort_cited
                    and ctx.mode == "bibliography"
                    and ctx.engine.cited_names(str(ctx.item.get("id"))).get((var, i), 0) >= 2
                )
            ):
                # The given name as the style prints it: "Smith J." for John and Jane, "Smith J. R."
                # after them (citeproc-js renders the sort key's names with the name's options).
                given = initialize(
                    n.given,
                    init_with,
                    opts.get("initialize", "true") != "false",
                    ctx.engine.style.options.get("initialize-with-hyphen", "true") != "false",
                )
                keys.append(sort_key(n, demote, given))
            else:
                keys.append(sort_key(n, demote))
        return Text("\u0001".join(keys)) if shown else None
    if ctx.name_substitute is not None and ctx.name_substitute[0] == {-1}:
        return Text(ctx.name_substitute[1]) if ctx.name_substitute[1] else None
    if opts.get("form") == "short":
        # The short form is the family name: a person with a given name only (Murasaki Shikibu) has none
        # and drops out of the list, as in citeproc-js; if that leaves nobody, the names print nothing
        # (the variable is not empty, so nothing stands in for them either).
        shown = [n for n in shown if n.family or n.literal]
        if not shown:
            return None
    delimiter = opts.get("delimiter", ", ")
    and_attr = opts.get("and", "")
    and_term = ""
    if and_attr == "text":
        and_term = ctx.engine.locale.term("and") or "and"
    elif and_attr == "symbol":
        and_term = "&"
    sort_order = opts.get("name-as-sort-order", "")
    nodes: list[Node] = []
    inverted: list[bool] = []
    for i, name in enumerate(shown):
        inv = sort_order == "all" or (sort_order == "first" and i == 0)
        if ctx.mode == "citation":
            level = max(ctx.dis.given.get(i, 0), ctx.dis.given_all)
            if record is not None:
                record[var, i] = _given_level(opts, level)
        elif ctx.engine.takes_cited_given and name.family and name.given:
            # A bibliography name is given at least as fully as the cite gives it (citeproc-js, with
            # disambiguate-add-givenname): "Smith, John" where the cite needed "John Smith". Asked only
            # where the cite can give more: a cite more fully written than this name, or disambiguation
            # of a family name two people share.
            floor = _given_level(opts, 0)
            level = 0
            if floor < 2 and (floor < ctx.engine.cite_given_most or ctx.engine.shares_family(name)):
                cited = ctx.engine.cited_names(str(ctx.item.get("id")))
                level = max(0, cited.get((var, i), 0) - floor)
        else:
            level = 0
        node = format_name(name, opts, name_el, ctx, inv, level)
        if ctx.name_substitute is not None and i in ctx.name_substitute[0]:
            node = Text(ctx.name_substitute[1])
        elif name_el is not None:
            # cs:name's formatting and affixes go around each name, not the list (citeproc-js's
            # _renderNames); an institution or literal name takes the formatting only.
            attrs = dict(name_el.attrs)
            if name.literal:
                attrs.pop("prefix", None)
                attrs.pop("suffix", None)
            node = decorate(Element("name", attrs, (), name_el.line), node, ctx) or node
        nodes.append(node)
        inverted.append(inv and not name.literal)
    if not nodes:
        return None
    kids: list[Node] = []
    count = len(nodes)
    if use_last:
        for i, node in enumerate(nodes[:-1]):
            if i:
                kids.append(Text(delimiter, glue=True))
            kids.append(node)
        kids.append(Text(delimiter + "\u2026 ", glue=True))
        kids.append(nodes[-1])
        return Span(kids)
    for i, node in enumerate(nodes):
        if i:
            last = i == count - 1 and not etal
            if last and and_term:
                dpl = opts.get("delimiter-precedes-last", "contextual")
                if shown[i].literal:
                    # Before an institution the "and" is cs:institution's, which citeproc-js builds from
                    # the cs:name's "and" and delimiter only: its delimiter-precedes-last is the one
                    # inherited from cs:style, cs:citation or cs:bibliography ("X and Y Institute"), any
                    # other value than "always" and "never" acting as "contextual"; the cs:name's
                    # after-inverted-name still adds the delimiter after an inverted name.
                    inherited = {**ctx.engine.style_name_options, **ctx.context_options}
                    base = inherited.get("delimiter-precedes-last", "contextual")
                    use_delim = (
                        base == "always"
                        or (base != "never" and count >= 3)
                        or (dpl == "after-inverted-name" and inverted[i - 1])
                    )
                else:
                    # after-inverted-name: citeproc-js's "and" for two names always has the delimiter
                    # ("John Smith, and Jane Doe"); for more, only after an inverted name.
                    use_delim = (
                        dpl == "always"
                        or (dpl == "contextual" and count >= 3)
                        or (dpl == "after-inverted-name" and (inverted[i - 1] or count == 2))
                    )
                if _STARTS_ROMANESQUE.match(and_term):
                    kids.append(Text((delimiter if use_delim else " ") + and_term + " ", glue=True))
                else:
                    # An "and" that does not start with a letter of a spaced script (the Hebrew "ו",
                    # which citeproc-js's set leaves out for this) joins the names without spaces; only
                    # delimiter-precedes-last="always" between two names and "after-inverted-name"
                    # after an inverted one put the delimiter before it.
                    before = (
                        delimiter
                        if (dpl == "always" and count == 2)
                        or (dpl == "after-inverted-name" and inverted[i - 1])
                        else ""
                    )
                    kids.append(Text(before + and_term, glue=True))
            else:
                kids.append(Text(delimiter, glue=True))
        kids.append(node)
    if etal:
        term_name = etal_el.get("term", "et-al") if etal_el is not None else "et-al"
        term = ctx.engine.locale.term(term_name) or ""
        if term:
            dpe = opts.get("delimiter-precedes-et-al", "contextual")
            use_delim = (
                dpe == "always"
                or (dpe == "contextual" and count >= 2)
                or (dpe == "after-inverted-name" and inverted[-1])
            )
            separator = delimiter if use_delim else " "
            if separator == " " and not _STARTS_ROMANESQUE.match(term):
                # citeproc-js puts no space before an et-al term that does not start with a letter of a
                # spaced script ("等", " – al."): a plain space is dropped, a delimiter kept.
                separator = ""
            if separator:
                kids.append(Text(separator, glue=True))
            term_node: Node | None = Text(term)
            if etal_el is not None:
                term_node = decorate(etal_el, term_node, ctx)
            if term_node is not None:
                kids.append(term_node)
    return Span(kids)


def _static_by_language(name: Name, ctx: Ctx) -> bool:
    """Whether citeproc-js writes a romanesque name family name first for the item's language: a
    Japanese or Chinese item's ("ja-Latn": "Kudō Michihiro"; _isRomanesque), and one whose language is
    exactly "vi" or "hu" (getStaticOrder)."""
    language = ctx.item.get("language")
    if not language or not isinstance(language, str):
        return False
    return language[:2] in ("ja", "zh") or language in ("vi", "hu")


# citeproc-js's CSL.STARTSWITH_ROMANESQUE_REGEXP (citeproc 2.4.63).
_STARTS_ROMANESQUE = re.compile(
    "[&a-zA-Z\u0e01-\u0e5b\u00c0-\u017f\u0370-\u03ff\u0400-\u052f\u0590-\u05d4\u05d6-\u05ff"
    "\u1f00-\u1fff\u0600-\u06ff\u200c\u200d\u200e\u0218\u0219\u021a\u021b\u202a-\u202e]"
)


def _romanesque_under_markup(given: str) -> bool:
    """Whether a given name that opens with a formatting tag starts with a letter citeproc-js initialises."""
    return given[:1] == "<" and Name(family="x", given=plain_given(given)).given_romanesque


def _given_level(opts: dict[str, str], level: int) -> int:
    """The level of a name's given name under ``opts`` raised ``level`` steps by disambiguation (see
    format_name), on citeproc-js's scale of its settings: 0 the short form, 1 initials, 2 in full. As in
    citeproc-js, a short form raised one step is 1 even where, without initialize-with, it prints in full."""
    if opts.get("form", "long") == "short":
        return min(2, level)
    return min(2, (1 if opts.get("initialize-with") is not None else 2) + level)


def format_name(
    name: Name, opts: dict[str, str], name_el: Element | None, ctx: Ctx, inverted: bool, level: int
) -> Node:
    parts_fmt: dict[str, Element] = {}
    if name_el is not None:
        for c in name_el.children:
            if c.name == "name-part":
                parts_fmt[c.get("name")] = c

    def styled(text: str, part: str) -> Node | None:
        """One name part with its name-part's formatting and text-case (affixes come later)."""
        if not text:
            return None
        node: Node = markup_node(text, marks=ctx.engine.quote_marks)
        el = parts_fmt.get(part)
        if el is None:
            return node
        attrs = {k: v for k, v in el.attrs.items() if k not in ("prefix", "suffix", "name")}
        return decorate(Element("name-part", attrs, (), el.line), node, ctx) or node

    def affixed(kids: list[Node | None], part: str, sep: str = " ") -> Node | None:
        present = [k for k in kids if k is not None]
        if not present:
            return None
        joined: list[Node] = []
        for i, k in enumerate(present):
            if i and sep:
                prev_text = plain(present[i - 1])
                if not prev_text.endswith(("'", "\u2019", "-", " ")) or sep not in (" ", "\u00a0"):
                    joined.append(Text(sep, glue=True))
            joined.append(k)
        node: Node = Span(joined)
        el = parts_fmt.get(part)
        if el is not None and (el.get("prefix") or el.get("suffix")):
            kids2: list[Node] = []
            if el.get("prefix"):
                kids2.append(Text(el.get("prefix"), glue=True, affix="prefix"))
            kids2.append(node)
            if el.get("suffix"):
                kids2.append(Text(el.get("suffix"), glue=True, affix="suffix"))
            node = Span(kids2)
        return node

    if name.literal:
        return styled(name.literal, "family") or Text(name.literal)
    form = opts.get("form", "long")
    if level >= 1 and form == "short":
        form = "long"
    init_with = opts.get("initialize-with")
    if level >= 2 or (level >= 1 and opts.get("form", "long") == "long"):
        init_with = None
    given = name.given
    if not name.family:
        return affixed([styled(given, "given")], "given") or Text(given)
    if init_with is not None and given and (name.given_romanesque or _romanesque_under_markup(given)):
        given = initialize_marked(
            given,
            init_with,
            opts.get("initialize", "true") != "false",
            ctx.engine.style.options.get("initialize-with-hyphen", "true") != "false",
        )
    demote = ctx.engine.style.options.get("demote-non-dropping-particle", "display-and-sort")
    # citeproc-js joins particles to the family name with a no-break space where the style's language
    # is French, Russian or Czech ("de\u00a0Gaulle").
    particle_space = "\u00a0" if ctx.engine.locale.lang[:2] in ("fr", "ru", "cs") else " "
    family = styled(name.family, "family")
    ndp = styled(name.non_dropping, "family")
    dp = styled(name.dropping, "given")
    g = styled(given, "given")
    suffix_text = name.suffix
    if suffix_text and opts.get("initialize-with") is not None:
        # citeproc-js normalises a suffix as initials ("Jr." with initialize-with="" is "Jr").
        suffix_text = initialize(suffix_text, opts["initialize-with"], False, True).strip()
    # Read as any other part (its apostrophe curled: "abbé d’").
    suffix = markup_node(suffix_text, marks=ctx.engine.quote_marks) if suffix_text else None
    if form == "short":
        if inverted and demote == "display-and-sort" and ndp is not None and not name.static_ordering:
            # A short name in sort order puts a demoted particle after it ("Gaulle de"), as citeproc-js.
            return affixed([family, ndp], "family") or Text(name.family)
        return affixed([ndp, family], "family", particle_space) or Text(name.family)
    static = name.static_ordering or name.mixed_script or _static_by_language(name, ctx)
    if static or not name.romanesque:
        # Family name first, always: names in scripts without spaces run together ("毛泽东"),
        # static-ordering names keep a space ("Tōgō Shigenori").
        fam = affixed([ndp, family], "family")
        giv = affixed([g], "given")
        kids3: list[Node] = [k for k in (fam, giv) if k is not None]
        if static and name.romanesque and len(kids3) == 2:
            kids3.insert(1, Text(" ", glue=True))
        return Span(kids3)
    sort_sep = opts.get("sort-separator", ", ")
    if inverted and not name.static_ordering:
        if demote == "display-and-sort":
            fam = affixed([family], "family")
            giv = affixed([g, dp, ndp], "given")
        else:
            fam = affixed([ndp, family], "family", particle_space)
            giv = affixed([g, dp], "given")
        kids: list[Node] = [fam] if fam is not None else []
        if giv is not None:
            kids += [Text(sort_sep, glue=True), giv]
        if suffix is not None:
            kids += [Text(sort_sep, glue=True), suffix]
        return Span(kids)
    tail: list[Node | None] = [dp, ndp, family]
    fam = affixed(tail, "family", particle_space)
    if fam is not None and suffix is not None:
        fam = Span([fam, Text(("," if name.comma_suffix else "") + " ", glue=True), suffix])
        el = parts_fmt.get("family")
        if el is not None and (el.get("prefix") or el.get("suffix")):
            fam = affixed(
                [
                    dp,
                    ndp,
                    Span(
                        [
                            family or Text(""),
                            Text(("," if name.comma_suffix else "") + " ", glue=True),
                            suffix,
                        ]
                    ),
                ],
                "family",
            )
    giv = affixed([g], "given")
    if giv is None:
        return fam or Text("")
    # Initials joined by a no-break space (initialize-with=".&#160;") keep one before the family name,
    # where the particles take one (citeproc-js).
    space = (
        particle_space if init_with and given and ("\u00a0" in init_with or "\ufeff" in init_with) else " "
    )
    return Span([giv, Text(space, glue=True), fam] if fam is not None else [giv])


def r_names_entry(el: Element, ctx: Ctx) -> Res:
    res = r_names(el, ctx, ctx.inherit_from)
    if ctx.inherit_from is None and ctx.substitute_from is None:
        # citeproc-js's outputNames ends every cs:names, printed or not, by counting as a predecessor of
        # a term (its term_predecessor_name flag, set by the first name it ever renders, is never reset):
        # "n.d." after an empty cs:names at the start of an entry is not capitalised (not so for the
        # cs:names of a substitution).
        ctx.has_output = True
    return res


HANDLERS = {
    "group": r_group,
    "choose": r_choose,
    "text": r_text,
    "number": r_number,
    "label": r_label,
    "date": r_date,
    "names": r_names_entry,
}


def plain_text(node: Node | None) -> str:
    return plain(node)
