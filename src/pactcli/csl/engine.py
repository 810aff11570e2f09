"""The processor's state over a document: the style and locale, the items, citation numbers,
disambiguation, positions, sorting, collapsing and the bibliography."""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pactcli.csl import casing
from pactcli.csl import eval as ev
from pactcli.csl.casing import unicode_lower
from pactcli.csl.dates import parse_date
from pactcli.csl.locale import Locale, read_locale
from pactcli.csl.markup import markup_node, quote_marks
from pactcli.csl.names import read_names, sort_key
from pactcli.csl.output import Node, Quotes, Span, Text, is_empty, plain, render
from pactcli.csl.style import INHERITABLE, Element, Style
from pactcli.errors import StyleError

# What a processor needs of its style beyond the tree, found once per style (styles are read-only after
# parsing and shared): a document with one processor per note (a published page) makes thousands.
_USED: dict[int, tuple[Style, tuple[bool, bool]]] = {}
_PLAIN_CITES: dict[tuple[int, int, str, bool, int, str], tuple[Style, Locale, str]] = {}
_LOCALES: dict[tuple[int, str, Path | None, bool], tuple[Style, Locale]] = {}


def _variables_used(style: Style) -> tuple[bool, bool]:
    """Whether any element of the style names year-suffix, and citation-label."""
    found = _USED.get(id(style))
    if found is not None and found[0] is style:
        return found[1]
    named = style.named_variables()
    answer = ("year-suffix" in named, "citation-label" in named)
    _USED[id(style)] = (style, answer)
    return answer


def _locale(style: Style, lang: str, locales_dir: Path | None, strict: bool) -> Locale:
    """The lookup chain of ``lang`` for ``style`` (read-only once built), once per style and language for
    the shipped locales. The files themselves are read once per process and modification time
    (locale._read_file)."""
    key = (id(style), lang, locales_dir, strict)
    found = _LOCALES.get(key)
    if found is not None and found[0] is style:
        return found[1]
    style_locales = [read_locale(node, style.source) for node in style.locales]
    made = Locale(lang, style_locales, locales_dir, strict=strict)
    if locales_dir is None:  # the shipped locales; a directory of the caller's may be edited meanwhile
        _LOCALES[key] = (style, made)
    return made


class Engine:
    def __init__(
        self,
        style: Style,
        items: list[dict[str, Any]],
        locale: str | None = None,
        locales_dir: Path | None = None,
        output: str = "html",
    ) -> None:
        if output not in ("html", "text"):
            raise StyleError("<processor>", 0, f"unknown output format '{output}' (html or text)")
        self.style = style
        self.output = output
        # citeproc-js writes superscript characters as <sup> in HTML; pactcli's own renderers of that HTML
        # (terminal, plain text, Markdown) turn this off, so that "n.º" and "1ʳᵉ" keep their characters.
        self.html_superscripts = True
        self.items: dict[str, dict[str, Any]] = {}
        self.order: list[str] = []
        for index, item in enumerate(items):
            if not isinstance(item, dict) or item.get("id") in (None, ""):
                raise StyleError("<items>", 0, f"item {index + 1} has no 'id'")
            key = str(item["id"])
            if key not in self.items:
                self.order.append(key)
            self.items[key] = _normalise(item)
        lang = locale or style.default_locale or "en-US"
        # A locale asked for must exist; a style's default-locale that does not falls back to en-US, as
        # citeproc-js does (the style still works; the user did not choose that language).
        self.locale = _locale(style, lang, locales_dir, strict=locale is not None)
        self.scripts_first = scripts_first(self.locale.lang)
        self._case_languages: dict[str, str] = {}
        loc = self.locale
        self.quotes = Quotes(
            loc.term("open-quote") or "\u201c",
            loc.term("close-quote") or "\u201d",
            loc.term("open-inner-quote") or "\u2018",
            loc.term("close-inner-quote") or "\u2019",
            loc.option("punctuation-in-quote"),
        )
        # The locale's own quotation marks are markup in field values too (citeproc-js's flip-flopper).
        self.quote_marks = quote_marks(
            (loc.term("open-quote") or "", loc.term("close-quote") or ""),
            (loc.term("open-inner-quote") or "", loc.term("close-inner-quote") or ""),
        )
        self.style_name_options = {k: v for k, v in style.options.items() if k in INHERITABLE}
        self._options: dict[str, dict[str, str]] = {}
        uses_suffix, uses_label = _variables_used(style)
        copts = style.citation.options
        self.year_suffix_on = copts.get("disambiguate-add-year-suffix") == "true"
        self.implicit_year_suffix = self.year_suffix_on and not uses_suffix
        # A style that prints citation-label gets the year suffix there (citeproc-js).
        self.label_year_suffix = self.implicit_year_suffix and uses_label
        self.dis: dict[str, ev.Disamb] = {}
        # citeproc-js's bibliography takes each item's citation settings (how fully the cite gives each
        # name, and with disambiguate-add-names how many names) when the citation adds given names: see
        # cited_names. A cite prints no given name beyond initials where the style or the citation sets
        # initialize-with (no cs:name can unset it).
        self.takes_cited_given = style.bibliography is not None and (
            copts.get("disambiguate-add-givenname") == "true"
        )
        self.takes_cited_count = self.takes_cited_given and copts.get("disambiguate-add-names") == "true"
        self.cite_given_most = 1 if "initialize-with" in {**style.options, **copts} else 2
        self._shared_families: set[tuple[str, str]] | None = None
        # Whether bibliography sort keys take the names as the entries give them (sort_cited_names).
        self.sort_cited = False
        self.sort_cited_done = False
        self.substitutes_author = (
            style.bibliography is not None and "subsequent-author-substitute" in style.bibliography.options
        )
        self.disambiguated = False
        # How many of the style's disambiguate="true" conditions a cite can have turned on (see disambiguate).
        self.disambiguate_steps = 1
        # Each cited item's first-reference-note-number, set by the processor before disambiguation:
        # citeproc-js's scans of an ambiguous group compare cites with it (its "visual form").
        self.first_notes: dict[str, int] = {}
        # The macro calls that printed nothing (pactcli.csl.eval.r_macro), by item type and mode.
        self.macro_memo: dict[tuple[str, str, bool], dict[str, list[ev.MemoEntry]]] = {}
        self.citation_numbers: dict[str, int] = {}
        self._assign_numbers(self.order)

    # ---- helpers -----------------------------------------------------------------------------------
    def options_for(self, mode: str) -> dict[str, str]:
        """The name options a context sets (read-only: every rendering of the mode shares the dict)."""
        found = self._options.get(mode)
        if found is None:
            context = self.style.bibliography if mode == "bibliography" else None
            options = (context or self.style.citation).options
            found = self._options[mode] = {k: v for k, v in options.items() if k in INHERITABLE}
        return found

    def is_english(self, item: dict[str, Any]) -> bool:
        lang = str(item.get("language") or "")
        if lang:
            return unicode_lower(lang).startswith("en")
        return unicode_lower(self.locale.lang).startswith("en")

    def case_language(self, item: dict[str, Any]) -> str:
        """The language an item's text is cased in (pactcli.csl.casing.case_language): its own, else the
        locale's."""
        lang = str(item.get("language") or "")
        found = self._case_languages.get(lang)
        if found is None:
            found = self._case_languages[lang] = casing.case_language(lang, self.locale.lang)
        return found

    def range_delimiter(self) -> str:
        return self.locale.term("page-range-delimiter") or "\u2013"

    def render(self, node: Node | None) -> str:
        return render(node, self.quotes, self.output, self.html_superscripts)

    def item(self, key: str) -> dict[str, Any]:
        try:
            return self.items[key]
        except KeyError:
            raise StyleError("<citations>", 0, f"no item with id '{key}'") from None

    # ---- citation numbers ---------------------------------------------------------------------------
    def _assign_numbers(self, registry: list[str]) -> None:
        self.registry = list(registry)
        bib = self.style.bibliography
        ordered = list(registry)
        sorted_once = False
        if bib is not None and bib.sort and not any(k.get("variable") == "citation-number" for k in bib.sort):
            ordered = self.sort_ids(ordered, bib.sort, "bibliography")
            sorted_once = True
        self.citation_numbers = {key: i + 1 for i, key in enumerate(ordered)}
        # Sorting again by keys without citation numbers would give the same order (the sort is stable).
        if bib is not None and bib.sort and not sorted_once:
            ordered = self.sort_ids(ordered, bib.sort, "bibliography")
        self.bib_order = ordered

    def sort_cited_names(self) -> None:
        """Sort the bibliography again once a global given-name rule has given names in full that its
        sort keys initialise: citeproc-js renders a sort key's names at the name register's level and
        recomputes the keys of the items the register changed, so "Hosoya, Jane" sorts after "Hosoya, J.
        R." (the year suffixes keep the order they were given in)."""
        bib = self.style.bibliography
        if bib is None or not bib.sort or not self.takes_cited_given:
            return
        if self.style.citation.options.get("givenname-disambiguation-rule", "by-cite") == "by-cite":
            # A sort key takes the name register's given names (the global rules) only: under by-cite
            # it renders without the cite's disambiguation (citeproc-js's disambig_override).
            return
        if not self.disambiguated:
            if not self.any_shared_family():
                return
            # The entries' names ask for disambiguation anyway where two people share a family name.
            self.disambiguate()
        if not any(d.given or d.given_all for d in self.dis.values()):
            return
        self.sort_cited = True
        try:
            self.bib_order = self.sort_ids(self.bib_order, bib.sort, "bibliography")
        finally:
            self.sort_cited = False

    # ---- sorting -----------------------------------------------------------------------------------
    def sort_ids(
        self, ids: list[str], keys: tuple[Element, ...], mode: str, cites: list[ev.Cite] | None = None
    ) -> list[str]:
        order = sort_lazily(
            len(ids),
            keys,
            lambda i, key: self._sort_value(ids[i], key, mode, cites[i] if cites else None),
        )
        return [ids[i] for i in order]

    def _sort_value(self, key_id: str, key: Element, mode: str, cite: ev.Cite | None) -> Any:
        item = self.items[key_id]
        cite = cite or ev.Cite(citation_number=self.citation_numbers.get(key_id, 0))
        if not cite.citation_number:
            cite.citation_number = self.citation_numbers.get(key_id, 0)
        dis = self.dis.get(key_id)
        var = key.get("variable")
        if var:
            if var in ev.NAME_VARIABLES:
                names = read_names(item.get(var))
                if not names:
                    return None
                demote = self.style.options.get("demote-non-dropping-particle", "display-and-sort")
                return _collate(" ".join(sort_key(n, demote) for n in names), self.scripts_first)
            if var in ev.DATE_VARIABLES:
                date = parse_date(item.get(var))
                # A date without a year (a literal, a season alone) is no key at all, as in citeproc-js.
                if date is None or not date.parts or not date.parts[0].year:
                    return None
                return date.sort_key() + (date.sort_key(end=True) if date.is_range else "")
            if var == "citation-number":
                return (0, cite.citation_number, "")
            value = ev.Ctx(self, item, mode, cite, dis).value(var)
            if value is None:
                return None
            if var in ev.NUMBER_VARIABLES:
                m = re.match(r"\s*(\d+)", str(value))
                if m:
                    return (0, int(m.group(1)), _collate(str(value), self.scripts_first))
                return (1, 0, _collate(str(value), self.scripts_first))
            return _collate(plain(markup_node(str(value))), self.scripts_first)
        macro = self.style.macros.get(key.get("macro"))
        if macro is None:
            return None
        ctx = ev.Ctx(self, item, mode, cite, dis, sorting=True)
        ctx.name_override = {"name-as-sort-order": "all"}
        for attr, opt in (
            ("names-min", "et-al-min"),
            ("names-use-first", "et-al-use-first"),
            ("names-use-last", "et-al-use-last"),
        ):
            if key.get(attr):
                ctx.name_override[opt] = key.get(attr)
        # A macro with a cs:date of its own gives only its dates' keys: citeproc-js drops everything
        # else such a macro prints from its sort key ("doing-macro-with-date"), so an undated item's
        # "n.d." or "in press" is no key at all and sorts last -- up to the end of an inner macro with
        # a date (pactcli.csl.eval.sort_macro).
        ctx.sort_muted = ev.macro_has_date(macro)
        res = ev.render_children(macro.children, ctx)
        text = plain(res.node)
        if not text:
            return None
        if ctx.sort_numeric and re.fullmatch(r"-?\d+", text.strip()):
            return (0, int(text), "")
        return _collate(text, self.scripts_first)

    # ---- rendering one cite ------------------------------------------------------------------------
    def cite_node(
        self,
        key: str,
        cite: ev.Cite,
        dis: ev.Disamb | None = None,
        suppress_author: bool = False,
        author_only: bool = False,
        opens_note: bool = True,
        looking: bool = False,
        drop_year: int | None = None,
    ) -> Node | None:
        item = self.item(key)
        ctx = ev.Ctx(self, item, "citation", cite, dis or self.dis.get(key))
        ctx.just_looking = looking
        ctx.drop_year = drop_year
        ctx.has_output = not opens_note
        ctx.suppress_author = suppress_author
        ctx.author_only = author_only
        res = ev.render_children(self.style.citation.layout.children, ctx)
        if author_only:
            return ctx.author_node
        return res.node

    def cite_author(self, key: str, cite: ev.Cite) -> tuple[str, bool]:
        """A cite's author part as printed (what collapsing compares), and whether it is "nameless": no
        names print (none given, or a term stands in for them) and no cs:text of a variable is reached
        either. citeproc-js leaves such a cite "collapsed": it follows the cite before it."""
        ctx = ev.Ctx(self, self.item(key), "citation", cite, self.dis.get(key))
        ctx.author_only = True
        ev.render_children(self.style.citation.layout.children, ctx)
        nameless = (ctx.author_node is None or not ctx.author_from_names) and not ctx.text_variable_reached
        return self.render(ctx.author_node), nameless

    def cite_key(self, key: str, dis: ev.Disamb, first_note: int | None = None) -> str:
        """What disambiguation compares: the cite without locator or affixes in the subsequent form, near
        its note, as citeproc-js renders it to find ambiguity (getAmbiguousCite: position "subsequent",
        near-note), so et-al-subsequent options and a style's short form decide; with ``first_note``, the
        first-reference-note-number it prints too (the "visual form" of its scans)."""
        number = self.citation_numbers.get(key, 0)
        plain_state = dis == ev.Disamb() and first_note is None
        if plain_state:
            # Disambiguation starts by rendering every item's cite as it is; that depends only on the style,
            # the locale, the output, the item and its citation number, so processors that share items (a
            # published page has one per event) render it once.
            try:
                item_key = json.dumps(self.items[key], sort_keys=True, default=repr)
            except (TypeError, ValueError):
                plain_state = False
        if plain_state:
            memo_key = (
                id(self.style),
                id(self.locale),
                self.output,
                self.html_superscripts,
                number,
                item_key,
            )
            found = _PLAIN_CITES.get(memo_key)
            if found is not None and found[0] is self.style and found[1] is self.locale:
                return found[2]
        cite = ev.Cite(position=1, near_note=True, first_note=first_note, citation_number=number)
        node = self.cite_node(key, cite, dis, looking=True)
        text = self.render(node)
        if plain_state:
            if len(_PLAIN_CITES) > 20_000:
                _PLAIN_CITES.clear()
            _PLAIN_CITES[memo_key] = (self.style, self.locale, text)
        return text

    def cited_names(self, key: str) -> dict[Any, int]:
        """What item ``key``'s cite shows of its names (:meth:`cite_shown`), once disambiguation has run
        (it runs here if it has not: a bibliography needs it only for an entry whose names its cite can
        show more fully)."""
        if not self.disambiguated:
            self.disambiguate()
        dis = self.dis[key]
        if dis.cited is None:
            dis.cited = self.cite_shown(key)
        return dis.cited

    def shares_family(self, name: Any) -> bool:
        """Whether people of different given names among the items share ``name``'s family name: the only
        names whose given names disambiguation can expand."""
        return (name.non_dropping, name.family) in self._shared()

    def _shared(self) -> set[tuple[str, str]]:
        if self._shared_families is None:
            givens: dict[tuple[str, str], set[str]] = {}
            for item in self.items.values():
                for var, raw in item.items():
                    if var in ev.NAME_VARIABLES and isinstance(raw, list):
                        for person in read_names(raw):
                            if person.family:
                                givens.setdefault((person.non_dropping, person.family), set()).add(
                                    person.given
                                )
            self._shared_families = {family for family, given in givens.items() if len(given) > 1}
        return self._shared_families

    def any_shared_family(self) -> bool:
        """Whether people of different given names among the items share a family name."""
        return bool(self._shared())

    def cite_shown(self, key: str) -> dict[Any, int]:
        """What the cite that disambiguation compares (:meth:`cite_key`'s form, with the item's
        disambiguation) shows of its names: the number of names by variable, the given name's level by
        (variable, index). citeproc-js keeps these as the item's settings and a bibliography takes them."""
        ctx = ev.Ctx(self, self.item(key), "citation", ev.Cite(position=1, near_note=True), self.dis.get(key))
        record: dict[Any, int] = {}
        ctx.shown_record = record
        ev.render_children(self.style.citation.layout.children, ctx)
        return record

    # ---- disambiguation ----------------------------------------------------------------------------
    def disambiguate(self) -> None:
        opts = self.style.citation.options
        add_names = opts.get("disambiguate-add-names") == "true"
        add_given = opts.get("disambiguate-add-givenname") == "true"
        rule = opts.get("givenname-disambiguation-rule", "by-cite")
        keys = list(self.registry)
        self.dis = {k: ev.Disamb() for k in keys}
        if add_given and rule != "by-cite":
            self._global_names(keys, rule)
        ambiguous = self._ambiguous(keys)
        if add_names and ambiguous:
            for group in ambiguous:
                self._add_names(group, add_given)
            ambiguous = self._ambiguous(keys)
        if add_given and ambiguous and rule == "by-cite":
            for group in ambiguous:
                self._add_given(group)
            ambiguous = self._ambiguous(keys)
        if ambiguous:
            # citeproc-js turns a style's disambiguate="true" conditions on one at a time, in the order a
            # rendering meets them (its disambiguate count): the cites still ambiguous with the first on
            # take the second too, and so on. With one condition (most styles) that is on or off.
            steps = self.disambiguate_steps = _disambiguate_conditions(self.style)
            pending = {k for g in ambiguous for k in g}
            level = 1
            while True:
                for k in pending:
                    self.dis[k].disambiguate = level if steps > 1 else True
                still = self._ambiguous(keys)
                pending &= {k for g in still for k in g}
                if not pending or level >= steps:
                    break
                level += 1
            ambiguous = still
        if self.year_suffix_on and ambiguous:
            order = {k: i for i, k in enumerate(self.bib_order)}
            for group in ambiguous:
                for n, k in enumerate(sorted(group, key=lambda x: order.get(x, 0)), start=1):
                    self.dis[k].year_suffix = n
        self.disambiguated = True

    def _ambiguous(self, keys: list[str]) -> list[list[str]]:
        groups: dict[str, list[str]] = {}
        for k in keys:
            groups.setdefault(self.cite_key(k, self.dis[k]), []).append(k)
        found = [g for g in groups.values() if len(g) > 1]
        if found and self._visual():
            found = [g for g in found if not self._told_apart_by_backref(g)]
        return found

    def _told_apart_by_backref(self, group: list[str]) -> bool:
        """Whether citeproc-js's first scan of an ambiguous group resolves it at once: it compares the
        group's first cite with the others in their visual form (with the first-reference-note-number,
        under the by-cite rule), and a pair that differs there is registered as it is (no names, no
        disambiguate condition, no year suffix). A larger group is not: the scan proves the first cite
        unique only, and the others go on (so three items told apart by their note numbers alone still
        take the disambiguate condition)."""
        if len(group) != 2:
            return False
        a, b = (self.cite_key(k, self.dis[k], self.first_notes.get(k)) for k in group)
        return a != b

    def _visual(self) -> bool:
        """Whether a cite's visual form can differ from its ambiguity key: the citation prints
        first-reference-note-number and the items have been cited (citeproc-js adds it under the by-cite
        given-name rule only)."""
        if not self.first_notes:
            return False
        opts = self.style.citation.options
        return opts.get("givenname-disambiguation-rule", "by-cite") == "by-cite" and any(
            "first-reference-note-number" in v for v in self.style.named_variables()
        )

    def _names_of(self, key: str) -> list[tuple[str, list[Any]]]:
        ctx = ev.Ctx(self, self.items[key], "citation", ev.Cite(), self.dis.get(key))
        ev.render_children(self.style.citation.layout.children, ctx)
        return ctx.names_record

    def _sort_key_names(self, key: str) -> list[tuple[str, list[Any]]]:
        """The names the sort keys' macros render for item ``key`` (the bibliography's and the
        citation's). citeproc-js's name register takes every name it renders, and it renders the sort
        keys of every item as it registers it, before any citation: an editor that only a bibliography
        key prints ("edited by Jane Kim") still makes "Kim" ambiguous under a global given-name rule."""
        found: list[tuple[str, list[Any]]] = []
        for area, mode in ((self.style.bibliography, "bibliography"), (self.style.citation, "citation")):
            for key_el in area.sort if area is not None else ():
                macro = self.style.macros.get(key_el.get("macro"))
                if macro is None:
                    continue
                cite = ev.Cite(citation_number=self.citation_numbers.get(key, 0))
                ctx = ev.Ctx(self, self.items[key], mode, cite, None, sorting=True)
                ctx.name_override = {"name-as-sort-order": "all"}
                ctx.sort_muted = ev.macro_has_date(macro)
                ev.render_children(macro.children, ctx)
                found += ctx.names_record
        return found

    def _distinct(self, group: list[str]) -> tuple[int, dict[str, int]]:
        rendered = {k: self.cite_key(k, self.dis[k]) for k in group}
        counts: dict[str, int] = {}
        for v in rendered.values():
            counts[v] = counts.get(v, 0) + 1
        return len(counts), {k: counts[rendered[k]] for k in group}

    def _add_names(self, group: list[str], with_given: bool) -> None:
        """Show more names, one at a time, while that tells more of the group apart; an item keeps the
        count that made it unique, the rest the last count that helped (none if nothing helped).
        With add-givenname, names count as told apart when their given names would tell them apart
        (the given names are then expanded only as far as needed, by :meth:`_add_given`)."""
        most = max((len(n) for k in group for _, n in self._names_of(k)), default=0)
        if with_given:
            for k in group:
                self.dis[k].given_all = 2
        try:
            self._add_names_loop(group, most)
        finally:
            for k in group:
                self.dis[k].given_all = 0

    def _add_names_loop(self, group: list[str], most: int) -> None:
        pending = list(group)
        best, _ = self._distinct(group)
        useful = 0
        for extra in range(1, most + 1):
            for k in pending:
                self.dis[k].add_names = extra
            distinct, counts = self._distinct(group)
            if distinct > best:
                best = distinct
                useful = extra
            pending = [k for k in pending if counts[k] > 1]
            if not pending:
                return
        for k in pending:
            self.dis[k].add_names = useful

    def _add_given(self, group: list[str]) -> None:
        """Expand given names, name by name, to initials and then in full, keeping only what helps."""
        most = max((len(n) for k in group for _, n in self._names_of(k)), default=0)
        pending = list(group)
        best, _ = self._distinct(group)
        for index in range(most):
            before = {k: self.dis[k].given.get(index, 0) for k in pending}
            kept = dict(before)
            trying = list(pending)
            for level in (1, 2):
                for k in trying:
                    self.dis[k].given[index] = max(level, before[k])
                distinct, counts = self._distinct(group)
                if distinct > best:
                    best = distinct
                    kept.update({k: self.dis[k].given[index] for k in trying})
                    # A cite this level made unique keeps it (citeproc-js registers it then): "J. R.
                    # Smith" stays at initials while John and Jane Smith go on to their given names.
                    trying = [k for k in trying if counts[k] > 1]
                    if not trying:
                        break
            for k in pending:
                if kept[k]:
                    self.dis[k].given[index] = kept[k]
                else:
                    self.dis[k].given.pop(index, None)
            _, counts = self._distinct(group)
            pending = [k for k in pending if counts[k] > 1]
            if not pending:
                return

    def _global_names(self, keys: list[str], rule: str) -> None:
        people: dict[str, set[tuple[str, str]]] = {}
        records = {k: self._names_of(k) for k in keys}
        primary = rule.startswith("primary")
        for k in keys:
            for _, names in records[k] + self._sort_key_names(k):
                for i, n in enumerate(names):
                    if primary and i > 0:
                        continue
                    fam = n.literal or (n.non_dropping + " " + n.family).strip()
                    people.setdefault(fam, set()).add((_given_key(n.given), n.suffix))
        with_initials = rule.endswith("with-initials")
        for k in keys:
            for _, names in records[k]:
                for i, n in enumerate(names):
                    if primary and i > 0:
                        continue
                    fam = n.literal or (n.non_dropping + " " + n.family).strip()
                    others = people.get(fam, set())
                    if len(others) <= 1:
                        continue
                    # citeproc-js's name register, name by name: initials where people of the family
                    # differ in them, the given name in full where one's initials are shared by another
                    # given name (not under the -with-initials rules): "C. Smith" and "Charles Smith"
                    # beside "Cecil Smith"; no expansion where initials would not help.
                    initials = {_initials(g) for g, _ in others}
                    mine = {g for g, _ in others if _initials(g) == _initials(_given_key(n.given))}
                    level = 1 if len(initials) > 1 else 0
                    if not with_initials and len(mine) > 1:
                        level = 2
                    if level:
                        self.dis[k].given[i] = max(self.dis[k].given.get(i, 0), level)
            # rule "all-names" expands everywhere; ambiguity of the cite does not matter.


_CONDITIONS: dict[int, tuple[Style, int]] = {}


def _disambiguate_conditions(style: Style) -> int:
    """The number of disambiguate="true" conditions the citation reaches (through the macros it calls,
    each macro counted once), at least 1."""
    found = _CONDITIONS.get(id(style))
    if found is not None and found[0] is style:
        return found[1]
    seen: set[str] = set()

    def count(element: Element) -> int:
        total = 1 if element.attrs.get("disambiguate") == "true" else 0
        name = element.attrs.get("macro")
        if name and name not in seen and name in style.macros:
            seen.add(name)
            total += count(style.macros[name])
        return total + sum(count(child) for child in element.children)

    answer = max(1, count(style.citation.layout))
    _CONDITIONS[id(style)] = (style, answer)
    return answer


def sort_lazily(count: int, keys: tuple[Element, ...], value: Callable[[int, Element], Any]) -> list[int]:
    """The order of ``count`` entries under the sort ``keys``: by the first key, ties by the next, and so on;
    an entry without a value for a key comes after those with one (ascending or descending), and entries
    equal on every key keep their order.

    A key is computed only for entries that tie on every key before it: Chicago's bibliography has eight keys,
    most of them macros rendered per entry, and the first one or two tell almost every entry apart.
    """

    def order(indices: list[int], k: int) -> list[int]:
        if len(indices) < 2 or k == len(keys):
            return indices
        key = keys[k]
        values = {i: value(i, key) for i in indices}
        present = [i for i in indices if values[i] is not None]
        missing = [i for i in indices if values[i] is None]
        # Python's sort is stable, also with reverse=True: equal values keep their order.
        present.sort(key=values.__getitem__, reverse=key.get("sort") == "descending")
        out: list[int] = []
        start = 0
        while start < len(present):
            end = start + 1
            while end < len(present) and values[present[end]] == values[present[start]]:
                end += 1
            out.extend(order(present[start:end], k + 1))
            start = end
        out.extend(order(missing, k + 1))
        return out

    return order(list(range(count)), 0)


def _given_key(given: str) -> str:
    """A given name as citeproc-js's name register tells people apart by it: periods as spaces, spaces
    collapsed, a lower-case last word after a space or comma dropped ("J. J." and "J.J." are one person)."""
    key = re.sub(r"\s+", " ", given.replace(".", " ")).rstrip()
    found = re.search(r"[,!]* ([^,]+)$", key)
    if found and found.group(1) == unicode_lower(found.group(1)):
        key = key[: found.start()]
    return key


def _initials(given: str) -> str:
    return "".join(w[0] for w in re.split(r"[\s.\-]+", given) if w)


# ICU's root collation puts these Cyrillic letters right after a base letter, not at their code points.
_CYRILLIC_AFTER = {"і": "и\uffff", "ї": "и\uffff\uffff", "ґ": "г\uffff", "є": "е\uffff", "ў": "у\uffff"}
# And Katakana compares equal to Hiragana letter for letter (a difference of the third level, which
# citeproc-js's comparison ignores).
_AFTER_FOLDING = {**_CYRILLIC_AFTER, **{chr(code): chr(code - 0x60) for code in range(0x30A1, 0x30F7)}}
_DIGITS = re.compile(r"\d+")


# ICU's root order of scripts (CLDR's), as Node's localeCompare sorts a word of each; Hiragana and Katakana
# are one group ("Kana") and equal letter for letter.
_ROOT_SCRIPTS = (
    "LATIN",
    "GREEK",
    "CYRILLIC",
    "GEORGIAN",
    "ARMENIAN",
    "HEBREW",
    "ARABIC",
    "SYRIAC",
    "THAANA",
    "ETHIOPIC",
    "DEVANAGARI",
    "BENGALI",
    "GURMUKHI",
    "GUJARATI",
    "ORIYA",
    "TAMIL",
    "TELUGU",
    "KANNADA",
    "MALAYALAM",
    "SINHALA",
    "THAI",
    "LAO",
    "TIBETAN",
    "MYANMAR",
    "KHMER",
    "MONGOLIAN",
    "CHEROKEE",
    "HANGUL",
    "KANA",
    "CJK",
)
_INDIC = ("DEVANAGARI", "BENGALI", "GURMUKHI", "GUJARATI", "ORIYA", "TAMIL", "TELUGU", "KANNADA", "MALAYALAM")
# The scripts a locale's collation moves to the front (ICU's reorder codes), as Node applies them to the CSL
# locales (found by sorting a word of each script under each locale): in a Russian style Cyrillic names
# sort first, in a Japanese one Latin, then Kana, then Han, then the rest.
_SCRIPTS_FIRST = {
    "ar": ("ARABIC",),
    "bg": ("CYRILLIC",),
    "el": ("GREEK",),
    "fa": ("ARABIC",),
    "he": ("HEBREW",),
    "hi": (*_INDIC, "SINHALA"),
    "hr": ("LATIN", "CYRILLIC"),
    "hy": ("ARMENIAN",),
    "ja": ("LATIN", "KANA", "CJK"),
    "km": ("KHMER",),
    "ko": ("HANGUL", "CJK"),
    "mn": ("CYRILLIC", "MONGOLIAN"),
    "pa": ("GURMUKHI", *(s for s in _INDIC if s != "GURMUKHI"), "SINHALA", "ARABIC"),
    "ru": ("CYRILLIC",),
    "sr": ("CYRILLIC",),
    "sr-latn": ("LATIN", "CYRILLIC"),
    "th": ("THAI",),
    "uk": ("CYRILLIC",),
    "zh": ("CJK",),
}


# Norwegian Bokmål and Nynorsk tailor the same letters.
_NORWEGIAN = {
    "aa": "z++++",
    "ä": "z++",
    "å": "z++++",
    "æ": "z++",
    "ö": "z+++",
    "ø": "z+++",
    "ü": "y",
    "þ": "s+",
    "ę": "z++",
    "ő": "z+++",
    "œ": "z+++",
    "ű": "y",
}


# Letters and digraphs that a language's collation sorts apart from the root order (Czech "ch" after "h",
# Turkish "ü" after "u" and "I" as "ı", Danish "å" after "z"), as Node's ICU collation has them for
# citeproc-js's localeCompare: each written as the letter it follows and one "+" per place after it
# (read from Intl.Collator, letter by letter; "ü": "y" sorts as "y").
_TAILORED_LETTERS = {
    "cs": {"ch": "h+", "č": "c+", "ř": "r+", "š": "s+", "ž": "z+"},
    "sk": {"ch": "h+", "ä": "a+", "ô": "o+", "č": "c+", "ř": "r+", "š": "s+", "ž": "z+"},
    "tr": {"I": "h+", "ç": "c+", "ö": "o+", "ü": "u+", "ğ": "g+", "ı": "h+", "ş": "s+"},
    "hu": {
        "dzs": "d++",
        "cs": "c+",
        "dz": "d+",
        "gy": "g+",
        "ly": "l+",
        "ny": "n+",
        "sz": "s+",
        "ty": "t+",
        "zs": "z+",
        "ö": "o+",
        "ü": "u+",
        "ő": "o+",
        "ű": "u+",
    },
    "da": {
        "aa": "z++++",
        "ä": "z++",
        "å": "z++++",
        "æ": "z++",
        "ö": "z+++",
        "ø": "z+++",
        "ü": "y",
        "þ": "s+",
        "ő": "z+++",
        "ű": "y",
    },
    "sv": {
        "ä": "z+++",
        "å": "z++",
        "æ": "z+++",
        "ô": "z++++",
        "ö": "z++++",
        "ø": "z++++",
        "ü": "y",
        "þ": "s+",
        "ę": "z+++",
        "ő": "z++++",
        "œ": "z++++",
        "ű": "y",
    },
    "fi": {"ä": "z++++", "å": "z+++", "æ": "z++++", "ö": "z+++++", "ø": "z+++++", "ü": "y"},
    "pl": {
        "ó": "o+",
        "ą": "a+",
        "ć": "c+",
        "ę": "e+",
        "ł": "l+",
        "ń": "n+",
        "ś": "s+",
        "ź": "z+",
        "ż": "z++",
    },
    "es": {"ñ": "n+"},
    "gl": {"ñ": "n+"},
    "nb": _NORWEGIAN,
    "nn": _NORWEGIAN,
    "hr": {"lj": "l+", "nj": "n+", "ć": "c++", "č": "c+", "đ": "d++", "š": "s+", "ž": "z+"},
    "sl": {"ć": "c++", "č": "c+", "đ": "d++", "š": "s+", "ž": "z+"},
    "ro": {"â": "a++", "î": "i+", "ă": "a+", "ş": "s+", "ţ": "t+", "ș": "s+", "ț": "t+"},
    "is": {
        "á": "a+",
        "ä": "z+++",
        "å": "z+++++",
        "æ": "z+++",
        "é": "e+",
        "í": "i++",
        "ð": "d+",
        "ó": "o+",
        "ö": "z++++",
        "ø": "z++++",
        "ú": "u+",
        "ý": "y+",
    },
    "vi": {"â": "a++", "ê": "e+", "ô": "o+", "ă": "a+", "đ": "d+"},
    "sr-Latn": {"lj": "l+", "nj": "n+", "ć": "c++", "č": "c+", "đ": "d++", "š": "s+", "ž": "z+"},
    "cy": {"ch": "c+", "dd": "d+", "ff": "f+", "ng": "g+", "ll": "l+", "ph": "p+", "rh": "r+", "th": "t+"},
    # Lithuanian's "y" is "i" but for accents (a secondary difference, left to the next key).
    "lt": {"y": "i", "č": "c+", "š": "s+", "ž": "z+"},
    "lv": {
        "y": "i+",
        "ā": "a+",
        "ē": "e+",
        "ī": "i++",
        "ō": "o+",
        "ū": "u+",
        "ŗ": "r+",
        "č": "c+",
        "ģ": "g+",
        "ķ": "k+",
        "ļ": "l+",
        "ņ": "n+",
        "š": "s+",
        "ž": "z+",
    },
}
_TAILORINGS: dict[str, tuple[re.Pattern[str], dict[str, str]]] = {}


def scripts_first(lang: str) -> tuple[str, ...]:
    """The order of scripts in the collation of ``lang`` (a locale code), where it differs from the root
    order (``()`` where it does not); first, marked "@", the language whose letters it tailors, if any
    (:func:`_collate` reads it)."""
    code = unicode_lower(lang)
    first = _SCRIPTS_FIRST.get("-".join(code.split("-")[:2])) or _SCRIPTS_FIRST.get(code.partition("-")[0])
    order = (*first, *(script for script in _ROOT_SCRIPTS if script not in first)) if first else ()
    tailored = "sr-Latn" if code.startswith("sr-latn") else code.partition("-")[0]
    return ("@" + tailored, *order) if tailored in _TAILORED_LETTERS else order


def _tailored(text: str, lang: str) -> str:
    """``text`` with the letters that ``lang``'s collation tailors written as their place in it."""
    found = _TAILORINGS.get(lang)
    if found is None:
        table = {k: v.replace("+", "\uffff") for k, v in _TAILORED_LETTERS[lang].items()}
        rex = re.compile("|".join(re.escape(k) for k in sorted(table, key=len, reverse=True)))
        found = _TAILORINGS[lang] = (rex, table)
    rex, table = found
    upper = "".join(k for k in table if k.isupper())
    if upper:  # a capital the language folds to another letter (Turkish "I" is "ı") before lower-casing
        text = rex.sub(lambda m: table[m.group(0)] if m.group(0) in upper else m.group(0), text)
    return rex.sub(lambda m: table[m.group(0)], unicode_lower(text))


_SCRIPT_NAMES = {"HIRAGANA": "KANA", "KATAKANA": "KANA", "KATAKANA-HIRAGANA": "KANA"}
# Each script order's marks, by letter (made as letters are met).
_MARKS: dict[tuple[str, ...], dict[str, str]] = {}


def _mark(char: str, scripts: tuple[str, ...]) -> str:
    """The mark put before a letter in a collation key: its script's place in ``scripts`` (or, for the root
    order ``()``, nothing for Latin), letters of scripts not listed after all the listed ones."""
    order = scripts or _ROOT_SCRIPTS
    word = unicodedata.name(char, "").split(" ", 1)[0]
    script = _SCRIPT_NAMES.get(word, word)
    rank = order.index(script) if script in order else len(order)
    return "" if rank == 0 and not scripts else chr(0xE000 + rank)


def _reordered(key: str, scripts: tuple[str, ...]) -> str:
    """A collation key with each letter preceded by its script's mark (``_mark``), so that scripts compare
    in the locale's order rather than by code point."""
    marks = _MARKS.get(scripts)
    if marks is None:
        marks = _MARKS[scripts] = {}
    out: list[str] = []
    for char in key:
        if char.isalpha():
            mark = marks.get(char)
            if mark is None:
                mark = marks[char] = _mark(char, scripts)
            out.append(mark)
        out.append(char)
    return "".join(out)


def _collate(text: str, scripts: tuple[str, ...] = ()) -> str:
    """A collation key like citeproc-js's comparison of sort keys.

    citeproc-js compares sort keys with ``localeCompare(…, {sensitivity: "base", ignorePunctuation: true,
    numeric: true})`` (CSL.getSortCompare): case and accents are ignored, punctuation too, symbols and
    spaces sort before digits and letters, and runs of digits compare as numbers ("Telegram 235" before
    "Telegram 1035", "5 December" before "13 April").
    """
    # Sort keys are mostly ASCII: one table lookup per character, the same answer as the general rule
    # gives (the table is built by it: _ASCII_KEYS; tests/test_csl_sort.py checks them equal).
    # Numbers first: punctuation between two runs of digits still parts them ("1932/2/18" is 1932, 2, 18
    # as ICU compares it, not 1932218), though it is dropped from the key.
    if scripts and scripts[0][:1] == "@":
        text = _tailored(text, scripts[0][1:])
        scripts = scripts[1:]
    numbered = _DIGITS.sub(_number_key, text)
    if numbered.isascii():
        folded = numbered.translate(_ASCII_KEYS)
        return _reordered(folded, scripts) if scripts else folded
    folded = _fold(numbered)
    # In the root order Latin letters are unmarked: a key folded to ASCII has nothing to mark.
    return folded if not scripts and folded.isascii() else _reordered(folded, scripts)


def _number_key(match: re.Match[str]) -> str:
    """A run of digits as a number: its length (leading zeros dropped), then the digits, so that runs of
    any length compare as numbers (two dates of one macro make a 36-digit run in citeproc-js's key)."""
    digits = match.group(0).lstrip("0")
    return f"{len(digits):03d}{digits}"


def _fold(text: str) -> str:
    """A sort key's characters as citeproc-js compares them: accents, punctuation and case gone, symbols
    and spaces marked to sort before letters and digits (see :func:`_collate`)."""
    decomposed = unicodedata.normalize("NFKD", text)
    kept: list[str] = []
    for c in decomposed:
        if unicodedata.combining(c):
            continue
        if c == " ":
            # citeproc-js turns each space of a key into its sort separator ("|", a symbol that
            # collation keeps), so a word of punctuation alone still leaves its two separators:
            # "Japan & Soviet" ("Japan||Soviet") sorts before "Japan 5" and "Japan Center".
            kept.append("\u0001 ")
            continue
        category = unicodedata.category(c)
        if c.isspace() or category[0] == "Z":
            continue
        if category[0] in "PC" and c not in "\u0001\uffff":  # \uffff: a tailored letter's place
            continue
        kept.append("\u0001" + c if category[0] == "S" else c)
    return "".join(_AFTER_FOLDING.get(c, c) for c in "".join(kept).casefold())


_ASCII_KEYS = {i: _fold(chr(i)) for i in range(128)}


_ALIASES = (("shortTitle", "title-short"), ("journalAbbreviation", "container-title-short"))
# A tuple, made once: ``int | float`` in the loop would build a union object for every field of every item.
# (And nearly every field is text, which isinstance is slow to refuse: that is asked first.)
_NUMBERS = (int, float)


def _normalise(item: dict[str, Any]) -> dict[str, Any]:
    out = dict(item)
    for old, new in _ALIASES:
        if old in out and new not in out:
            out[new] = out[old]
    for key, value in list(out.items()):
        if type(value) is not str and isinstance(value, _NUMBERS) and not isinstance(value, bool):
            out[key] = str(value)
    note = out.get("note")
    if isinstance(note, str) and ":" in note:
        _note_fields(note, out)
    return out


# Zotero's "cheater syntax" in an item's note, as citeproc-js reads it (CSL.parseNoteFieldHacks): a line
# "key: value", and "{:key:value}" inside a line.
_NOTE_FIELD = re.compile(r"^([\-_a-z]+|[A-Z]+):\s*([^}]+)$")
_NOTE_FIELDS_INLINE = re.compile(r"\{:(?:[\-_a-z]+|[A-Z]+):[^}]+\}")


def _note_fields(note: str, out: dict[str, Any]) -> None:
    """Variables from the note's leading "key: value" lines, as citeproc-js takes them: parsing stops at
    the first line of other text (the note's first line may be text), each line read is taken out of the
    note; a date or ``type`` always applies, any other key only where the item has no value of its own;
    a name is ``Family || Given`` or, without "||", a literal."""
    lines = note.split("\n")
    for index, line in enumerate(lines):
        fields = _NOTE_FIELDS_INLINE.findall(line)
        if not fields:
            continue
        texts = _NOTE_FIELDS_INLINE.split(line)
        parts: list[str] = []
        for text, field in zip(texts, fields, strict=False):
            parts += [text, field]
        parts.append(texts[-1])
        for j in range(1, len(parts), 2):
            before = parts[j - 1]
            if before.strip() and (index > 0 or j > 1) and not _NOTE_FIELD.match(before):
                break  # a field after text of the note's own is text too
            parts[j] = "\n" + parts[j][2:-1].strip() + "\n"
        lines[index] = "".join(parts)
    lines = "\n".join(lines).split("\n")
    names: dict[str, list[dict[str, str]]] = {}
    for index, line in enumerate(lines):
        found = _NOTE_FIELD.match(line)
        if not line.strip():
            continue
        if found is None:
            if index == 0:
                continue
            break
        key, value = found.group(1), found.group(2).strip()
        if key == "type":
            out["type"] = value
        elif key.removeprefix("alt-") in ev.DATE_VARIABLES:
            out[key] = {"raw": value}
        elif _js_falsy(out.get(key)):
            if key.removeprefix("alt-") in ev.NAME_VARIABLES:
                people = names.setdefault(key, [])
                pieces = re.split(r"\s*\|\|\s*", value)
                if len(pieces) == 1:
                    people.append({"literal": pieces[0]})
                elif len(pieces) == 2:
                    people.append({"family": pieces[0], "given": pieces[1]})
            else:
                out[key] = value
        else:
            continue  # the item's own value stands, and the line stays in the note
        lines[index] = ""
    out.update(names)
    out["note"] = "\n".join(lines).strip()


def _js_falsy(value: Any) -> bool:
    """JavaScript's ``!value`` for a CSL-JSON value (an empty list or dict is a value there)."""
    return value is None or value is False or value == "" or (type(value) in (int, float) and value == 0)


__all__ = ["Engine", "Span", "Text", "is_empty", "markup_node"]
