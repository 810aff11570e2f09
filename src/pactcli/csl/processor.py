"""The public entry point: :class:`Processor` (citations in clusters, the bibliography)."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from pactcli.csl import eval as ev
from pactcli.csl.engine import Engine, _collate, sort_lazily
from pactcli.csl.markup import markup_node
from pactcli.csl.output import Node, Span, Text, flip_nested_parens, is_empty, leaves, plain
from pactcli.csl.style import Element, Style, load_style

PUNCTUATION = ".,;:!?"
TERMINAL_PUNCTUATION = tuple(":.;!?")  # citeproc-js's CSL.TERMINAL_PUNCTUATION less its space
POSITION_NUMBERS = {"first": 0, "subsequent": 1, "ibid": 2, "ibid-with-locator": 3}

Cluster = Sequence[dict[str, Any]] | dict[str, Any]


class Processor:
    """A CSL 1.0.2 processor for one style, one set of CSL-JSON items and one locale.

    ``style`` is the style's XML text (or a parsed :class:`Style`); ``items`` CSL-JSON dicts, each with an
    ``id``; ``locale`` overrides the style's ``default-locale`` (else ``en-US``); ``locales_dir`` is where
    ``locales-xx-XX.xml`` files are read from (default: the locales shipped with pactcli); ``output`` is
    ``"html"`` or ``"text"``.
    """

    def __init__(
        self,
        style: str | Style,
        items: Sequence[dict[str, Any]],
        locale: str | None = None,
        locales_dir: str | Path | None = None,
        output: str = "html",
    ) -> None:
        parsed = style if isinstance(style, Style) else load_style(style)
        self.style = parsed
        self.engine = Engine(parsed, list(items), locale, Path(locales_dir) if locales_dir else None, output)
        self._disambiguated = False

    # ---- citations ---------------------------------------------------------------------------------
    def cite_clusters(self, clusters: Sequence[Cluster]) -> list[str]:
        """Render each cluster: a list of citation items (positions as given), or a dict
        ``{"citationItems": [...], "properties": {"noteIndex": n}}`` (positions computed in order)."""
        engine = self.engine
        normalised: list[tuple[list[dict[str, Any]], int, bool]] = []
        for cluster in clusters:
            if isinstance(cluster, dict):
                cites = list(cluster.get("citationItems", []))
                note = int((cluster.get("properties") or {}).get("noteIndex", 0) or 0)
                normalised.append((cites, note, True))
            else:
                normalised.append((list(cluster), 0, False))
        positions = self._positions(normalised)
        self._prepare()
        out: list[str] = []
        in_notes = engine.style.klass == "note"
        for (cites, _, _), cite_infos in zip(normalised, positions, strict=True):
            node = self._cluster(cites, cite_infos)
            if in_notes and node is not None:
                flip_nested_parens(node)
            out.append(engine.render(node))
        return out

    def _prepare(self) -> None:
        if not self._disambiguated:
            self.engine.disambiguate()
            self._disambiguated = True

    def _positions(self, clusters: list[tuple[list[dict[str, Any]], int, bool]]) -> list[list[ev.Cite]]:
        engine = self.engine
        near = int(engine.style.citation.options.get("near-note-distance", "5") or 5)
        first_note: dict[str, int] = {}
        last_note: dict[str, int] = {}
        seen: set[str] = set()
        # The cites of the last note (by note number) and of the last in-text citation: ibid looks back
        # within its own stream; several citations in one note count as one.
        last_note_cites: list[dict[str, Any]] = []
        last_note_number = -1
        last_text_cites: list[dict[str, Any]] | None = None
        result: list[list[ev.Cite]] = []
        for number, (cites, note, computed) in enumerate(clusters, start=1):
            infos: list[ev.Cite] = []
            note_number = note if note else number
            for i, raw in enumerate(cites):
                key = str(raw.get("id"))
                engine.item(key)
                locator = str(raw.get("locator") or "").strip()
                label = str(raw.get("label") or ("page" if locator else ""))
                if label == "page":
                    label, locator = _locator_label(locator, engine)
                info = ev.Cite(
                    locator=locator,
                    label=label,
                    note_index=note,
                    citation_number=engine.citation_numbers.get(key, 0),
                )
                if computed:
                    if key not in seen:
                        info.position = 0
                    else:
                        prev: dict[str, Any] | None = None
                        if i > 0:
                            prev = cites[i - 1]
                        elif note and note == last_note_number and last_note_cites:
                            prev = last_note_cites[-1]
                        elif note and last_note_cites and len(last_note_cites) == 1:
                            prev = last_note_cites[0]
                        elif not note and last_text_cites is not None and len(last_text_cites) == 1:
                            prev = last_text_cites[0]
                        if prev is not None and str(prev.get("id")) == key:
                            prev_loc = str(prev.get("locator") or "")
                            if (not prev_loc and not locator) or (
                                prev_loc == locator and str(prev.get("label") or "page") == label
                            ):
                                info.position = 2
                            elif locator:
                                info.position = 3
                            else:
                                info.position = 1
                        else:
                            info.position = 1
                        if key in last_note and note_number - last_note[key] <= near:
                            info.near_note = True
                        info.first_note = first_note.get(key)
                else:
                    pos = raw.get("position", 0)
                    if isinstance(pos, str):
                        pos = POSITION_NUMBERS.get(pos, 0)
                    info.position = int(pos or 0)
                    info.near_note = bool(raw.get("near-note"))
                    if raw.get("first-reference-note-number") is not None:
                        info.first_note = int(raw["first-reference-note-number"])
                seen.add(key)
                first_note.setdefault(key, note_number)
                if computed and not self._disambiguated:
                    engine.first_notes.setdefault(key, note_number)
                last_note[key] = note_number
                infos.append(info)
            if note:
                same_note = note == last_note_number
                last_note_cites = [*last_note_cites, *cites] if same_note else list(cites)
                last_note_number = note
            else:
                last_text_cites = list(cites)
            result.append(infos)
        return result

    def _cluster(self, cites: list[dict[str, Any]], infos: list[ev.Cite]) -> Node | None:
        engine = self.engine
        citation = engine.style.citation
        layout = citation.layout
        pairs = list(zip(cites, infos, strict=True))
        if citation.sort and len(pairs) > 1:
            pairs = self._sorted(pairs)
        rendered: list[tuple[dict[str, Any], ev.Cite, Node | None]] = []
        for index, (raw, info) in enumerate(pairs):
            key = str(raw.get("id"))
            node = engine.cite_node(
                key,
                info,
                suppress_author=bool(raw.get("suppress-author")),
                author_only=bool(raw.get("author-only")),
                opens_note=_opens_sentence(str(raw.get("prefix") or ""), index == 0),
            )
            if node is None and index == 0 and not raw.get("suppress-author") and not raw.get("author-only"):
                # citeproc-js names a cite that prints nothing only where it opens the cluster; after
                # the first, such a cite is left out (getCitationCluster, "pos === 0").
                node = Text("[CSL STYLE ERROR: reference with no printed form.]")
            rendered.append((raw, info, node))
        delimiter = layout.get("delimiter")
        collapse = citation.options.get("collapse", "")
        parts = self._collapse(rendered, collapse, delimiter) if collapse else None
        if parts is None and "cite-group-delimiter" in citation.options and len(rendered) > 1:
            parts = self._group_by_author(rendered, delimiter, citation.options["cite-group-delimiter"])
        if parts is None:
            parts = [(self._affixed(raw, node), delimiter) for raw, _, node in rendered]
        kids: list[Node] = []
        for index, (node, delim) in enumerate(parts):
            if node is None or is_empty(node):
                continue
            one_to_one = len(parts) == len(pairs)
            if kids and delim and not (one_to_one and _starts_with_punct(pairs, index)):
                last = str(pairs[index - 1][0].get("suffix") or "")[-1:]
                joint = delim
                if one_to_one and last and last in PUNCTUATION:
                    # A cite suffix that ends in punctuation stands for the delimiter's (citeproc-js).
                    joint = delim.lstrip(PUNCTUATION) or delim
                kids.append(Text(joint, glue=True, affix="joint"))
            kids.append(node)
        if not kids:
            return None
        # The layout's formatting covers its affixes too (as citeproc-js does).
        ctx = ev.Ctx(engine, {}, "citation")
        affixes = {k: v for k, v in layout.attrs.items() if k in ("prefix", "suffix")}
        if affixes.get("suffix", "")[:1] in TERMINAL_PUNCTUATION:
            # A citation's layout suffix that opens with terminal punctuation is cut to that one
            # character (citeproc-js's getCitationCluster): ". " ends a note with ".", not ". ".
            affixes["suffix"] = affixes["suffix"][:1]
        inner = ev.decorate(Element("layout", affixes, (), 0), Span(kids), ctx)
        return ev.decorate(
            Element(
                "layout",
                {k: v for k, v in layout.attrs.items() if k not in ("prefix", "suffix", "delimiter")},
                (),
                0,
            ),
            inner,
            ctx,
        )

    def _sorted(self, pairs: list[tuple[dict[str, Any], ev.Cite]]) -> list[tuple[dict[str, Any], ev.Cite]]:
        engine = self.engine
        keys = engine.style.citation.sort
        if _grouped_sort(engine.style):
            return self._grouped_sorted(pairs)
        order = sort_lazily(
            len(pairs),
            keys,
            lambda i, key: engine._sort_value(str(pairs[i][0].get("id")), key, "citation", pairs[i][1]),
        )
        return [pairs[i] for i in order]

    def _grouped_sorted(
        self, pairs: list[tuple[dict[str, Any], ev.Cite]]
    ) -> list[tuple[dict[str, Any], ev.Cite]]:
        """citeproc-js's "grouped sort" (processCitationCluster), for a citation that collapses or groups
        cites by author: the cites are sorted by the names their author part prints (none for a cite whose
        names are missing or stood in for by a title or term), in the first key's direction, then by the
        keys; each run of cites with the same names then takes as its first key the first key of its first
        cite and its place ("" + key + index, an absent key written "undefined": one run for all the cites
        without names, at the end), and the cites are sorted again by that. Cites of one author come
        together where the first of them sorts; those without names follow the first of them."""
        engine = self.engine
        keys = engine.style.citation.sort
        values = [
            [engine._sort_value(str(raw.get("id")), key, "citation", info) for key in keys]
            for raw, info in pairs
        ]
        first_direction = keys[0].get("sort") == "descending"
        directions = [first_direction, *(key.get("sort") == "descending" for key in keys)]
        authors = [self._authorstring(str(raw.get("id"))) for raw, _ in pairs]
        order = _compare_sorted([[authors[i], *values[i]] for i in range(len(pairs))], directions)
        group_keys: dict[int, str] = {}
        last_author: object = _NO_AUTHOR_YET
        group_key = ""
        for place, i in enumerate(order):
            if authors[i] != last_author:
                group_key = _key_text(values[i][0], engine.scripts_first)
                last_author = authors[i]
            group_keys[i] = group_key + _collate(str(place))
        final = _compare_sorted([[group_keys[i], *values[i]] for i in range(len(pairs))], directions)
        return [pairs[i] for i in final]

    def _authorstring(self, key: str) -> str | None:
        """The names a cite's author part prints (citeproc-js's registry.authorstrings, from the cite as
        disambiguation renders it), as a sort key; None where no cs:names prints them."""
        engine = self.engine
        cite = ev.Cite(citation_number=engine.citation_numbers.get(key, 0))
        ctx = ev.Ctx(engine, engine.item(key), "citation", cite, engine.dis.get(key))
        ctx.author_only = True
        ev.render_children(engine.style.citation.layout.children, ctx)
        if ctx.author_node is None or not ctx.author_from_names:
            return None
        return _collate(plain(ctx.author_node), engine.scripts_first)

    def _affixed(self, raw: dict[str, Any], node: Node | None) -> Node | None:
        if node is None or is_empty(node):
            return None
        prefix = str(raw.get("prefix") or "")
        suffix = str(raw.get("suffix") or "")
        if not prefix and not suffix:
            return node
        kids: list[Node] = []
        if prefix:
            kids.append(_cite_affix(prefix))
        kids.append(node)
        if suffix:
            kids.append(_cite_affix(suffix))
        return Span(kids)

    def _collapse(
        self, rendered: list[tuple[dict[str, Any], ev.Cite, Node | None]], collapse: str, delimiter: str
    ) -> list[tuple[Node | None, str]] | None:
        if collapse == "citation-number":
            out: list[tuple[Node | None, str]] = []
            run: list[tuple[dict[str, Any], ev.Cite, Node | None]] = []

            def flush() -> None:
                if len(run) >= 3:
                    out.append((Span([run[0][2], Text("\u2013", glue=True), run[-1][2]]), delimiter))  # type: ignore[list-item]
                else:
                    for r in run:
                        out.append((r[2], delimiter))
                run.clear()

            for raw, info, node in rendered:
                # A cite whose locator prints nothing (a style without locators in its citation) is a
                # number alone and collapses (citeproc-js ranges the number blobs a citation prints).
                plain_cite = (
                    not raw.get("prefix")
                    and not raw.get("suffix")
                    and not self._prints_locator(raw, info, node)
                )
                if plain_cite and run and info.citation_number == run[-1][1].citation_number + 1:
                    run.append((raw, info, node))
                    continue
                flush()
                if plain_cite:
                    run.append((raw, info, node))
                else:
                    out.append((self._affixed(raw, node), delimiter))
            flush()
            return out
        if collapse in ("year", "year-suffix", "year-suffix-ranged"):
            return self._collapse_years(rendered, collapse, delimiter)
        return None

    def _prints_locator(self, raw: dict[str, Any], info: ev.Cite, node: Node | None) -> bool:
        """Whether a cite's locator changes what it prints."""
        if not info.locator or node is None:
            return False
        bare = ev.Cite(
            info.position, info.near_note, "", "", info.first_note, info.note_index, info.citation_number
        )
        other = self.engine.cite_node(
            str(raw.get("id")), bare, suppress_author=bool(raw.get("suppress-author"))
        )
        return other is None or plain(other) != plain(node)

    def _collapse_years(
        self, rendered: list[tuple[dict[str, Any], ev.Cite, Node | None]], collapse: str, delimiter: str
    ) -> list[tuple[Node | None, str]]:
        """Cites by the same author, together: the author once, then the years (and, for the year-suffix
        forms, only the suffix of a year already given: "2000a, b", ranged "2000a–c")."""
        engine = self.engine
        opts = engine.style.citation.options
        # Without a cite-group-delimiter, citeproc-js's getSpliceDelimiter joins an author's collapsed
        # cites with ", " in an in-text style and with the layout's delimiter in a note style.
        group_delim = opts.get("cite-group-delimiter", ", " if engine.style.klass == "in-text" else delimiter)
        after = opts.get("after-collapse-delimiter", delimiter)
        ys_delim = opts.get("year-suffix-delimiter", opts.get("cite-group-delimiter", delimiter))
        # citeproc-js's getSpliceDelimiter: a nameless cite (see _author_groups) is joined to the cite
        # before with ", " (the cite-group-delimiter after a cite that collapsed) in an in-text style
        # without an after-collapse-delimiter; otherwise it is an ordinary cite.
        # In a note style the same cite follows with the layout's delimiter (a note style keeps
        # citeproc-js's splice delimiter as it was).
        in_text = engine.style.klass == "in-text"
        nameless_joint = ", " if in_text else delimiter
        join = "after-collapse-delimiter" not in opts
        groups, nameless = self._author_groups(rendered, join)
        out: list[tuple[Node | None, str]] = []
        previous_collapsed = False
        # citeproc-js's getSpliceDelimiter where the style sets an after-collapse-delimiter: it follows a
        # cite with a locator, and opens an author's first cite after one that collapsed or, unless the
        # collapse is "year-suffix", after one that did not; elsewhere the layout's delimiter (a
        # collapsed cite's too: the cite-group-delimiter is not used then).
        after_set = "after-collapse-delimiter" in opts
        after_locator = False
        for group in groups:
            pieces: list[tuple[Node | None, str, int]] = []  # node, delimiter before, year suffix
            short: set[int] = set()  # the pieces (by id) that print without their year
            last_year = None
            for j, at in enumerate(group):
                raw, info, node = rendered[at]
                key = str(raw.get("id"))
                year = self._year_of(key)
                dis = engine.dis.get(key)
                suffix = dis.year_suffix if dis is not None else 0
                plain_cite = not info.locator and not raw.get("prefix") and not raw.get("suffix")
                if j == 0:
                    first_delim = after if previous_collapsed else delimiter
                    # A cite without names stays "collapsed" for citeproc-js: only a locator before it
                    # brings the after-collapse-delimiter, and the cite after it follows one collapsed.
                    no_names = after_set and engine.cite_author(key, info)[1]
                    if after_set and (after_locator or (collapse != "year-suffix" and not no_names)):
                        first_delim = after
                    elif no_names:
                        first_delim = delimiter
                    if at in nameless and out:
                        first_delim = nameless_joint
                    pieces.append((self._affixed(raw, node), first_delim, suffix if plain_cite else 0))
                    last_year = year
                    after_locator = bool(info.locator)
                    continue
                # After a cite with a locator, the after-collapse-delimiter only where the style sets one
                # (citeproc-js's getSpliceDelimiter); else the cite-group-delimiter, as for any cite.
                between = (after if after_locator else delimiter) if after_set else group_delim
                if at in nameless:
                    if (
                        collapse.startswith("year-suffix")
                        and year == last_year
                        and suffix
                        and plain_cite
                        and node is not None
                        and plain(node) == year + ev._suffix(suffix)
                    ):
                        # No names reset citeproc-js's have_collapsed, so a year equal to the cite
                        # before's is left out there too: a cite of only its year and suffix leaves
                        # the suffix, after the year-suffix delimiter (the successor prefix of
                        # citeproc-js's suffix number). (A longer cite keeps its year here:
                        # docs/citations.md, known gaps.)
                        alone_suffix = Text(ev._suffix(suffix))
                        short.add(id(alone_suffix))
                        pieces.append((alone_suffix, ys_delim, suffix))
                        after_locator = False
                        continue
                    named_after_first = any(e not in nameless for e in group[1:j])
                    joint = (
                        group_delim
                        if "cite-group-delimiter" in opts and named_after_first
                        else nameless_joint
                    )
                    pieces.append((self._affixed(raw, node), joint, 0))
                    last_year = year
                    after_locator = bool(info.locator)
                    continue
                if collapse.startswith("year-suffix") and year and year == last_year and suffix:
                    # citeproc-js drops the year of a cite whose author collapsed where the cite before
                    # printed the same year (its last_years_used), whatever locator either has: the
                    # rest of the cite prints, "2000a, 12; b, c, 14".
                    sub = engine.cite_node(key, info, suppress_author=True, drop_year=int(year))
                    node = self._affixed(raw, sub)
                    short.add(id(node))
                    # A cite that prints its suffix alone joins the one before as citeproc-js's year
                    # suffix number does (the cite-group-, year-suffix- or layout delimiter); one that
                    # prints more (its locator) as any collapsed cite (getSpliceDelimiter).
                    alone = node is not None and plain(node).strip() == ev._suffix(suffix)
                    pieces.append((node, ys_delim if alone else between, suffix if plain_cite else 0))
                    after_locator = bool(info.locator)
                    continue
                if after_set and pieces and pieces[-1][2] and len(pieces) > 1 and id(pieces[-1][0]) in short:
                    # After a suffix standing alone, the after-collapse-delimiter where the style sets
                    # one; else the cite-group-delimiter, as after any collapsed cite.
                    between = after
                last_year = year
                sub = engine.cite_node(key, info, suppress_author=True)
                pieces.append((self._affixed(raw, sub), between, suffix if plain_cite else 0))
                after_locator = bool(info.locator)
            if collapse == "year-suffix-ranged":
                pieces = _range_suffixes(pieces, short)
            out.extend((node, delim) for node, delim, _ in pieces)
            previous_collapsed = len(group) > 1 or (
                after_set
                and engine.cite_author(str(rendered[group[-1]][0].get("id")), rendered[group[-1]][1])[1]
            )
        return out

    def _group_by_author(
        self, rendered: list[tuple[dict[str, Any], ev.Cite, Node | None]], delimiter: str, group_delim: str
    ) -> list[tuple[Node | None, str]]:
        """Cite grouping without collapsing: cites by the same author are joined by the
        cite-group-delimiter (moved next to the first one only in a sorted citation, as in citeproc-js)."""
        groups, _ = self._author_groups(rendered, False)
        out: list[tuple[Node | None, str]] = []
        for group in groups:
            for j, at in enumerate(group):
                raw, _, node = rendered[at]
                out.append((self._affixed(raw, node), group_delim if j else delimiter))
        return out

    def _author_groups(
        self, rendered: list[tuple[dict[str, Any], ev.Cite, Node | None]], join_nameless: bool
    ) -> tuple[list[list[int]], set[int]]:
        """The cites of a citation in groups by author, for collapsing and cite grouping; and the cites
        that print no names and join the cite before them: both by their place in ``rendered`` (not by
        ``id()``: compiled by mypyc, a tuple is a value, made anew each time it is passed on).

        citeproc-js moves the cites of one author together only in a sorted citation (comparing the
        author part as printed); in one without a cs:sort it joins runs of adjacent cites by the same
        author and keeps the order given. A cite whose author part is no names (a term stands in, or
        nothing) and that reaches no cs:text of a variable leaves a collapsing citation "collapsed": where
        ``join_nameless``, it follows the cite before it, printed whole."""
        engine = self.engine
        groups: list[list[int]] = []
        by_author: dict[str, int] = {}
        nameless: set[int] = set()
        move = bool(engine.style.citation.sort)
        for at, (raw, info, _) in enumerate(rendered):
            key = str(raw.get("id"))
            author, no_names = engine.cite_author(key, info)
            if no_names and join_nameless:
                nameless.add(at)
            if author and author in by_author and (move or by_author[author] == len(groups) - 1):
                groups[by_author[author]].append(at)
            elif at in nameless and groups and not move:
                groups[-1].append(at)
            else:
                if author:
                    by_author[author] = len(groups)
                groups.append([at])
        return groups, nameless

    def _year_of(self, key: str) -> str:
        from pactcli.csl.dates import parse_date

        date = parse_date(self.engine.items[key].get("issued"))
        if date is None or not date.parts:
            return ""
        return str(date.parts[0].year)

    # ---- bibliography ------------------------------------------------------------------------------
    def bibliography(self, select: Sequence[str] | None = None) -> str:
        """The bibliography of all items (or of the ids in ``select``), as the test suite's RESULT shows it:
        ``<div class="csl-bib-body">`` with one ``csl-entry`` per line in HTML, one entry per line in text."""
        entries = self.bibliography_entries(select)
        engine = self.engine
        if engine.output == "text":
            return "\n".join(entries)
        lines = ['<div class="csl-bib-body">']
        for entry in entries:
            lines.append(f'  <div class="csl-entry">{entry}</div>')
        lines.append("</div>")
        return "\n".join(lines)

    def bibliography_entries(self, select: Sequence[str] | None = None) -> list[str]:
        """The bibliography's entries, in its order, each as its ``csl-entry`` holds it."""
        return [entry for _, entry in self.bibliography_items(select)]

    def bibliography_items(self, select: Sequence[str] | None = None) -> list[tuple[str, str]]:
        """(item id, entry) for each entry of the bibliography, in its order (an empty entry is left out)."""
        engine = self.engine
        bib = engine.style.bibliography
        if bib is None:
            return []
        # Disambiguation renders every cite; a bibliography needs it only for year suffixes or where its
        # layout asks whether a cite was disambiguated.
        if engine.year_suffix_on or _reaches_disambiguate(engine.style):
            self._prepare()
        elif not engine.dis:
            engine.dis = {key: ev.Disamb() for key in engine.registry}
        if not engine.sort_cited_done:
            engine.sort_cited_done = True
            engine.sort_cited_names()
        keys = [k for k in engine.bib_order if select is None or k in set(select)]
        out: list[tuple[str, str]] = []
        sub_string = bib.options.get("subsequent-author-substitute")
        rule = bib.options.get("subsequent-author-substitute-rule", "complete-all")
        previous: tuple[str, list[Any]] | None = None
        for key in keys:
            item = engine.items[key]
            ctx = ev.Ctx(
                engine,
                item,
                "bibliography",
                ev.Cite(citation_number=engine.citation_numbers.get(key, 0)),
                engine.dis.get(key),
            )
            if sub_string is not None and previous is not None:
                ctx.author_substitute = (rule, sub_string, previous)
            layout = bib.layout
            if bib.options.get("second-field-align") in ("flush", "margin"):
                node = self._second_field(layout, ctx)
            elif layout.get("suffix") and _uses_display(engine.style):
                node = self._display_entry(layout, ctx)
            else:
                res = ev.render_children(layout.children, ctx)
                node = ev.decorate(layout, res.node, ctx) if res.node is not None else None
            if ctx.author_record is not None:
                # An entry with no names to compare leaves the last ones in place (citeproc-js's
                # last_rendered_name): the next entry is compared with the entry before it.
                previous = ctx.author_record
            if node is None or is_empty(node):
                if _citation_numbered(engine.style):
                    # A numeric style (its citation prints citation-number) lists an entry that prints
                    # nothing with citeproc-js's error text, numbered as the entries so far.
                    out.append((key, f"{len(out) + 1}. [CSL STYLE ERROR: reference with no printed form.]"))
                continue
            out.append((key, engine.render(node)))
        return out

    def _display_entry(self, layout: Any, ctx: ev.Ctx) -> Node | None:
        """An entry of a style that uses display="...": citeproc-js puts the layout's suffix on the last
        element of the layout in its place of its own suffix (inside it, so inside a block), and an element
        that printed nothing still counts when it leaves an empty place behind (a macro call or a cs:names),
        so the suffix is lost there."""
        nodes: list[Node] = []
        last: Node | None = None
        owner: Element | None = None
        empty_group_after = False
        for child in layout.children:
            res = ev.render(child, ctx)
            node = res.node if res.node is not None and not is_empty(res.node) else None
            if node is not None:
                nodes.append(node)
            if node is not None or child.name == "names" or (child.name == "text" and "macro" in child.attrs):
                last, owner = node, child
                empty_group_after = False
            elif child.name == "group":
                empty_group_after = True
        if not nodes:
            return None
        if empty_group_after:
            # After an empty group citeproc-js's placement varies (seen both kept and lost): the suffix
            # stays at the end, as without display.
            return ev.decorate(layout, ev.join(nodes, ""), ctx)
        if last is not None and owner is not None:
            suffix = Text(layout.get("suffix"), glue=True, affix="suffix")
            if type(last) is Span and last.display and owner.get("display"):
                # A block keeps a suffix of its own, the layout's merged after it (as punctuation merges).
                moved: Node = Span([*last.children, suffix], display=last.display)
            elif type(last) is Span and owner.get("suffix") and _ends_in_suffix(last):
                moved = Span([*last.children[:-1], suffix])
            else:
                moved = Span([last, suffix])
            nodes[nodes.index(last)] = moved
        bare = Element("layout", {k: v for k, v in layout.attrs.items() if k != "suffix"}, (), 0)
        return ev.decorate(bare, ev.join(nodes, ""), ctx)

    def _second_field(self, layout: Any, ctx: ev.Ctx) -> Node | None:
        results = [ev.render(child, ctx) for child in layout.children]
        nodes = [r.node for r in results if r.node is not None and not is_empty(r.node)]
        if not nodes:
            return None
        first = nodes[0]
        rest = ev.join(nodes[1:], "")
        suffix = layout.get("suffix")
        prefix = layout.get("prefix")
        left_kids: list[Node] = []
        if prefix:
            left_kids.append(Text(prefix, glue=True))
        left_kids.append(first)
        if rest is None:
            # Nothing after the first field: citeproc-js opens no right-inline part, and the layout's
            # suffix goes with it.
            return Span([Span(left_kids, display="left-margin")])
        right_kids: list[Node] = []
        if rest is not None:
            right_kids.append(rest)
        if suffix:
            right_kids.append(Text(suffix, glue=True))
        fmt = {k: v for k, v in layout.attrs.items() if k.startswith(("font", "text-decoration", "vertical"))}
        right: Node = Span(right_kids, fmt=fmt)
        return Span([Span(left_kids, display="left-margin"), Span([right], display="right-inline")])


# citeproc-js's CSL.LOCATOR_LABELS_MAP (development extension ``locator_label_parse``, on by default): a page
# locator that starts with one of these abbreviations and a space ("p. 46", "ch. 3", "n. 4") is that label
# and the rest, where the locale has a term for the label; other text ("doc. 623") stays a page locator.
# citeproc-js means to skip legal types but tests an internal type name, so every type is parsed (observed).
LOCATOR_ABBREVIATIONS = {
    "vrs": "verse", "sv": "sub-verbo", "subpara": "subparagraph", "op": "opus",
    "subch": "subchapter", "add": "addendum", "amend": "amendment", "annot": "annotation",
    "app": "appendix", "art": "article", "bibliog": "bibliography", "bk": "book",
    "ch": "chapter", "cl": "clause", "col": "column", "cmt": "comment", "dec": "decision",
    "dept": "department", "div": "division", "ex": "example", "fig": "figure", "fld": "field",
    "fol": "folio", "n": "note", "hypo": "hypothetical", "illus": "illustration",
    "intro": "introduction", "l": "line", "no": "issue", "p": "page", "pp": "page",
    "para": "paragraph", "pt": "part", "pmbl": "preamble", "princ": "principle",
    "pub": "publication", "r": "rule", "rn": "randnummer", "sched": "schedule",
    "sec": "section", "ser": "series,", "subdiv": "subdivision", "subsec": "subsection",
    "supp": "supplement", "tbl": "table", "tit": "title", "vol": "volume",
}  # fmt: skip
# Compiled on first use (re keeps it): compiling it costs ~0.7 ms, at every start-up if done at import, and
# only a cite with a page locator and no label needs it (a bibliography never does).
_LOCATOR_LABEL = r"^((" + "|".join(LOCATOR_ABBREVIATIONS) + r")\.)\s+(.*)"


def _locator_label(locator: str, engine: Engine) -> tuple[str, str]:
    """(label, locator) of a page locator as citeproc-js reads it: "ch. 3" is chapter 3."""
    match = re.match(_LOCATOR_LABEL, locator, re.S)
    if match:
        label = LOCATOR_ABBREVIATIONS[match.group(2)]
        if engine.locale.term(label) is not None:
            return label, match.group(3).rstrip()
    return "page", locator


_NO_AUTHOR_YET = object()
_DISPLAY: dict[int, tuple[Style, bool]] = {}


def _uses_display(style: Style) -> bool:
    """Whether an element of the style sets display (citeproc-js's opt.using_display)."""
    found = _DISPLAY.get(id(style))
    if found is not None and found[0] is style:
        return found[1]
    # The elements citeproc-js builds: the layouts and sort keys and the macros they call (an unused macro
    # is never built, and here never read: a compiled style's macros are made on first use).
    roots = [style.citation.layout, *style.citation.sort]
    if style.bibliography is not None:
        roots += [style.bibliography.layout, *style.bibliography.sort]
    answer = _reaches(style, roots, lambda el: "display" in el.attrs)
    _DISPLAY[id(style)] = (style, answer)
    return answer


def _ends_in_suffix(node: Span) -> bool:
    last = node.children[-1] if node.children else None
    return type(last) is Text and last.affix.startswith("suffix")


_GROUPED_SORT: dict[int, tuple[Style, bool]] = {}


def _grouped_sort(style: Style) -> bool:
    """Whether citeproc-js sorts a citation's cites grouped by author (its opt.grouped_sort): an in-text
    style that collapses, or a style with a cite-group-delimiter whose citation neither tests a position,
    nor prints citation numbers, nor sets et-al-subsequent options of its own (citeproc-js's update modes)."""
    found = _GROUPED_SORT.get(id(style))
    if found is not None and found[0] is style:
        return found[1]
    options = style.citation.options
    answer = bool(style.citation.sort) and style.klass == "in-text" and bool(options.get("collapse"))
    if not answer and options.get("cite-group-delimiter") and style.citation.sort:
        subsequent = any(
            options.get(f"et-al-subsequent-{o}")
            not in (None, options.get(f"et-al-{o}", style.options.get(f"et-al-{o}")))
            for o in ("min", "use-first")
        )
        answer = not subsequent and not _reaches(
            style,
            (style.citation.layout,),
            lambda el: "position" in el.attrs or el.attrs.get("variable") == "citation-number",
        )
    _GROUPED_SORT[id(style)] = (style, answer)
    return answer


def _key_text(value: Any, scripts: tuple[str, ...]) -> str:
    """A sort key as the text citeproc-js prepends to a grouped sort's place: the key with the separator
    that ends each of its keys ("Beck|" + "0", which pactcli's keys write as a marked space), "undefined"
    for none ("undefined0")."""
    if value is None:
        return _collate("undefined", scripts)
    if isinstance(value, tuple):
        value = _collate(str(value[1]), scripts)
    return str(value) + _collate(" ")


def _compare_sorted(rows: list[list[Any]], descending: list[bool]) -> list[int]:
    """The order of ``rows`` under citeproc-js's Comparifier.compareKeys: key by key, an absent key after a
    present one in either direction, ties in their order (a stable sort)."""

    def compare(a: int, b: int) -> int:
        for x, y, down in zip(rows[a], rows[b], descending, strict=True):
            if x == y:
                continue
            if x is None:
                return 1
            if y is None:
                return -1
            try:
                less = x < y
            except TypeError:
                less = type(x).__name__ < type(y).__name__
            return (1 if less else -1) if down else (-1 if less else 1)
        return 0

    return sorted(range(len(rows)), key=functools.cmp_to_key(compare))


def _reaches(style: Style, roots: Sequence[Element], test: Callable[[Element], bool]) -> bool:
    """Whether an element under ``roots`` passes ``test``, following macro calls (each macro once)."""
    seen: set[str] = set()

    def walk(element: Element) -> bool:
        if test(element):
            return True
        name = element.attrs.get("macro")
        if name and name not in seen and name in style.macros:
            seen.add(name)
            if walk(style.macros[name]):
                return True
        return any(walk(child) for child in element.children)

    return any(walk(root) for root in roots)


_DISAMBIGUATE_IN_BIBLIOGRAPHY: dict[int, tuple[Style, bool]] = {}


def _reaches_disambiguate(style: Style) -> bool:
    """Whether the bibliography (layout or sort keys, through the macros they call) tests ``disambiguate``."""
    found = _DISAMBIGUATE_IN_BIBLIOGRAPHY.get(id(style))
    if found is not None and found[0] is style:
        return found[1]
    bib = style.bibliography
    roots = () if bib is None else (bib.layout, *bib.sort)
    answer = _reaches(style, roots, lambda el: "disambiguate" in el.attrs)
    _DISAMBIGUATE_IN_BIBLIOGRAPHY[id(style)] = (style, answer)
    return answer


_NUMBERED_CITATION: dict[int, tuple[Style, bool]] = {}


def _citation_numbered(style: Style) -> bool:
    """Whether the citation prints citation-number (through the macros it calls): citeproc-js's numeric
    update mode."""
    found = _NUMBERED_CITATION.get(id(style))
    if found is not None and found[0] is style:
        return found[1]
    # Most styles print no citation number anywhere: answered from the style's variables, without making
    # the macros the citation calls.
    answer = any("citation-number" in value.split() for value in style.named_variables()) and _reaches(
        style,
        (style.citation.layout,),
        lambda el: el.name == "text" and el.attrs.get("variable") == "citation-number",
    )
    _NUMBERED_CITATION[id(style)] = (style, answer)
    return answer


def _opens_sentence(prefix: str, first: bool) -> bool:
    """Whether a term at the start of this cite starts a sentence: the first cite without a prefix, or
    a prefix of more than one word ending a sentence (one word and a period is an abbreviation: "Cf.")."""
    text = prefix.strip().rstrip("\u201d\u2019\"')]")
    if not text:
        return first
    return text[-1] in ".!?" and len(text.split()) > 1


def _starts_with_punct(pairs: list[tuple[dict[str, Any], ev.Cite]], index: int) -> bool:
    """A cite whose prefix opens with punctuation takes the place of the delimiter before it."""
    prefix = str(pairs[index][0].get("prefix") or "")
    return prefix[:1] in (".", ",", ";", ":", "!", "?")


def _range_suffixes(
    pieces: list[tuple[Node | None, str, int]], short: set[int]
) -> list[tuple[Node | None, str, int]]:
    """Three or more consecutive year suffixes become a range: "2000a, b, c" -> "2000a–c" (``short``:
    the pieces, by id, that print without their year)."""
    out: list[tuple[Node | None, str, int]] = []
    i = 0
    while i < len(pieces):
        j = i
        while (
            j + 1 < len(pieces)
            and pieces[j][2]
            and id(pieces[j + 1][0]) in short
            and pieces[j + 1][2] == pieces[j][2] + 1
        ):
            j += 1
        if j - i >= 2:
            out.append(pieces[i])
            node, _, number = pieces[j]
            out.append((node, "\u2013", number))
        else:
            out.extend(pieces[i : j + 1])
        i = j + 1
    return out


__all__ = ["Processor", "plain"]


def _cite_affix(text: str) -> Node:
    """A cite's own prefix or suffix, as markup; its parentheses count for flip_nested_parens."""
    node = markup_node(text, affix=True)
    for leaf in leaves(node):
        leaf.level = True
    return node
