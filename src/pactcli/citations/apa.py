"""APA Style, 7th edition (``apa.csl``), as citeproc-js renders it.

Reference list: "Author, A. A. (Date). Title. Source." with every name inverted and
initialised (``name-as-sort-order="all"``, ``initialize-with=". "``), "&" before the last
name, particles never demoted ("de Gaulle, C."). Dates give the year for books, journal
articles, chapters, manuscripts and datasets, and year, month and day for magazines,
newspapers, documents and web pages (macro ``date``). An approximate date is "ca. 1941".
Titles keep their case (APA's sentence case cannot be derived, the CSL style leaves the
title as entered); periodical names are title-cased. In-text citations are
"(Author, Year, p. 46)"; works without an author are cited by title.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from . import dates, disambig, names
from .common import (
    LEGAL_TYPES,
    Item,
    date,
    doi_url,
    first_creator,
    is_numeric,
    is_plural,
    label_term,
    locator_value,
    ordinal,
    page_range,
    parse_locator,
    short_title,
    sort_string,
    var,
)
from .common import names as get_names
from .inline import capitalize_first, field, is_english, title_case
from .markup import Frag, Runs, affix, flatten, join, p, quoted, runs_to_text, t

RANGE = "expanded"
FULL_DATE_TYPES = frozenset(
    [
        "article-magazine",
        "article-newspaper",
        "broadcast",
        "collection",
        "document",
        "event",
        "motion_picture",
        "pamphlet",
        "performance",
        "personal_communication",
        "post",
        "post-weblog",
        "song",
        "speech",
        "webpage",
    ]
)
ITALIC_TITLE = frozenset(
    [
        "book",
        "dataset",
        "manuscript",
        "webpage",
        "report",
        "thesis",
        "map",
        "motion_picture",
        "musical_score",
        "pamphlet",
        "software",
        "graphic",
        "post",
        "document",
    ]
)


def _field(value: str, italic: bool) -> Frag:
    # APA's italics sit on groups, so citeproc-js keeps them on CJK text too
    frag = field(value, False)
    if italic:
        from .markup import italicize

        return italicize(frag)
    return frag


def _inverted_list(people: Sequence[Mapping[str, Any]], item: Item) -> str:
    parts = [names.inverted(n, item, demote=False, initialize=True) for n in people]
    n = len(parts)
    if n >= 21:
        return ", ".join(parts[:19]) + ", . . . " + parts[-1]
    if n == 1:
        return parts[0]
    return ", ".join(parts[:-1]) + ", & " + parts[-1]


def _display_list(people: Sequence[Mapping[str, Any]], item: Item) -> str:
    parts = [names.display(n, item, initialize=True) for n in people]
    if len(parts) == 1:
        return parts[0]
    if len(parts) == 2:
        return parts[0] + " & " + parts[1]
    return ", ".join(parts[:-1]) + ", & " + parts[-1]


def _creator(item: Item) -> tuple[str, list[Mapping[str, Any]]]:
    return first_creator(item, ("editor",))


def _author(item: Item) -> tuple[Frag, str]:
    role, people = _creator(item)
    if people:
        text = _inverted_list(people, item)
        if role == "editor":
            text += " (Eds.)" if len(people) > 1 else " (Ed.)"
        elif role == "editortranslator":
            text += " (Eds. & Trans.)" if len(people) > 1 else " (Ed. & Trans.)"
        return t(text), role
    typ = item.get("type")
    if typ == "webpage" and var(item, "publisher"):
        return t(var(item, "publisher")), "publisher"
    return [], ""


def _year_part(item: Item) -> str:
    d = date(item, "issued")
    suffix = str(item.get("_year_suffix") or "")
    if d is None:
        return "n.d." + (f"-{suffix}" if suffix else "")
    year = dates.year_text(d) + suffix
    if d.circa:
        year = "ca. " + year
    return year


def _date(item: Item) -> str:
    d = date(item, "issued")
    year = _year_part(item)
    if d is not None and item.get("type") in FULL_DATE_TYPES and d.end is None:
        md = dates.month_day(d)
        if md:
            return f"({year}, {md})"
    return f"({year})"


def _title_text(item: Item) -> str:
    return var(item, "title")


def _container_text(item: Item) -> str:
    ct = var(item, "container-title")
    return title_case(ct) if is_english(item) else ct


def _paren_details(item: Item, role: str) -> str:
    """Contributors, then edition and volume: "(R. Young, Ed.; L. Zhou, Trans.; 1st ed., Vol. 2)"."""
    bits: list[str] = []
    editor = get_names(item, "editor")
    translator = get_names(item, "translator")
    if role != "editortranslator" and editor and translator and names.same_people(editor, translator):
        lab = "Eds. & Trans." if len(editor) > 1 else "Ed. & Trans."
        bits.append(f"{_display_list(editor, item)}, {lab}")
    else:
        if editor and role not in ("editor", "editortranslator") and item.get("type") != "chapter":
            lab = "Eds." if len(editor) > 1 else "Ed."
            bits.append(f"{_display_list(editor, item)}, {lab}")
        if translator and role not in ("translator",):
            bits.append(f"{_display_list(translator, item)}, Trans.")
    numbers: list[str] = []
    ed = var(item, "edition")
    if ed:
        numbers.append(f"{ordinal(ed)} ed." if is_numeric(ed) else capitalize_first(ed))
    vol = var(item, "volume")
    nv = var(item, "number-of-volumes")
    if vol:
        numbers.append(f"Vol. {vol}")
    elif nv and is_numeric(nv) and nv != "1":
        numbers.append(f"Vols. 1\u2013{nv}")
    if numbers:
        bits.append(", ".join(numbers))
    return "; ".join(bits)


def bib_entry(item: Item) -> Frag:
    out = _bib_body(item)
    orig = date(item, "original-date")
    if orig is not None and str(item.get("type") or "") not in LEGAL_TYPES:
        # macro date-original: "(Original work published 2019)" closes the reference
        out = [*out, *p(" "), *t(f"(Original work published {dates.year_text(orig)})")]
    return out


def _bib_body(item: Item) -> Frag:
    typ = str(item.get("type") or "")
    if typ in LEGAL_TYPES:
        from . import chicago

        bare = dict(item)
        url = doi_url(item) or var(item, "URL")
        bare.pop("URL", None)
        bare.pop("DOI", None)
        entry = chicago.bib_entry(bare)
        return [*entry, *p(" "), *t(url)] if url else entry
    author, role = _author(item)
    dpart = t(_date(item))
    title_raw = _title_text(item)
    blocks: list[Frag] = []
    link = _link(item)
    if typ in ("article-journal", "article-magazine", "article-newspaper", "post-weblog"):
        title = _field(title_raw, False)
        genre = var(item, "genre")
        descriptor = t(f"[{capitalize_first(genre)}]") if genre else []
        if author:
            blocks += [author, dpart, join([title, descriptor], " ")]
        else:
            blocks += [title, dpart, descriptor]
        cont = _field(_container_text(item), True)
        vol = var(item, "volume")
        issue = var(item, "issue")
        src = cont
        if vol:
            src = join([src, _field(vol, True)], ", ")
            if issue:
                src = [*src, *t(f"({issue})")]
        elif issue:
            src = join([src, t(f"({issue})")], ", ")
        page = page_range(var(item, "page"), RANGE)
        src = join([src, t(page)], ", ")
        blocks.append(src)
        out = join(blocks, ". ")
        return [*out, *p("."), *link]
    if typ == "chapter":
        title = _field(title_raw, False)
        blocks += [author, dpart, title] if author else [title, dpart]
        ed = get_names(item, "editor")
        ins: Frag = t("In")
        if ed:
            lab = "(Eds.)" if len(ed) > 1 else "(Ed.)"
            ins = join([ins, t(f"{_display_list(ed, item)} {lab},")], " ")
        cont = _field(var(item, "container-title"), True)
        ins = join([ins, cont], " ")
        page = page_range(var(item, "page"), RANGE)
        ed_text = var(item, "edition")
        inside = (
            [f"{ordinal(ed_text)} ed." if is_numeric(ed_text) else capitalize_first(ed_text)]
            if ed_text
            else []
        )
        chap = var(item, "chapter-number")
        if chap:
            inside.append(f"Chapter {chap}" if is_numeric(chap) else chap)
        if page:
            inside.append(f"{'pp.' if is_plural(page) else 'p.'} {page}")
        if inside:
            ins = join([ins, t("(" + ", ".join(inside) + ")")], " ")
        blocks.append(ins)
        blocks.append(t(var(item, "publisher")))
        return [*join(blocks, ". "), *p("."), *link]
    # book-like and everything else
    has_container = bool(var(item, "container-title")) and typ not in ("webpage", "post")
    italic = not has_container and typ in ITALIC_TITLE
    title = _field(title_raw, italic)
    details = _paren_details(item, role)
    tparts: list[Frag] = [title]
    if not has_container and details:
        tparts.append(t(f"({details})"))
    version = var(item, "version")
    if version:
        tparts.append(t(f"(Version {version})"))
    genre = var(item, "genre")
    number = var(item, "number")
    descriptor = []
    if typ == "dataset":
        descriptor = t("[Dataset]")
    elif typ == "post":
        descriptor = t("[Online post]")
    elif genre and number and not has_container:
        tparts.append(t(f"({capitalize_first(genre)} No. {number})"))
    elif genre and not has_container:
        descriptor = t(f"[{capitalize_first(genre)}]")
    if author:
        blocks += [author, dpart, join([*tparts, descriptor], " ")]
    else:
        # the title takes the author's place; the bracketed description follows the date
        blocks += [join(tparts, " "), dpart, descriptor]
    if has_container:
        vol = var(item, "volume")
        cont_text = var(item, "container-title")
        if vol and not is_numeric(vol):
            cont_text = f"{cont_text}: {vol}"  # "Foreign Relations …, 1941: IV"
        inner: Frag = join([t("In"), _field(cont_text, True)], " ")
        extra: list[str] = []
        number = var(item, "number")
        if genre and number:
            extra.append(f"{capitalize_first(genre)} No. {number}")
        elif number:
            extra.append(f"No. {number}")
        if vol and is_numeric(vol):
            extra.append(f"Vol. {vol}")
        page = page_range(var(item, "page"), RANGE)
        if page:
            extra.append(f"{'pp.' if is_plural(page) else 'p.'} {page}")
        if extra:
            inner = join([inner, t("(" + "; ".join(extra) + ")")], " ")
        blocks.append(inner)
    if typ in ("webpage", "post"):
        blocks.append(t(_container_text(item)))
    if role != "publisher":
        blocks.append(t(var(item, "publisher")))
    archive = var(item, "archive")
    loc = var(item, "archive_location")
    arch = join([t(archive), affix(t(loc), "(", ")")], " ")
    arch = join([arch, t(var(item, "archive-place"))], ", ")
    blocks.append(arch)
    return [*join(blocks, ". "), *p("."), *link]


def _link(item: Item) -> Frag:
    """DOI or URL; an undated online source says when it was retrieved (APA 9.16)."""
    doi = doi_url(item)
    if doi:
        return [*p(" "), *t(doi)]
    url = var(item, "URL")
    if not url:
        return []
    if date(item, "issued") is None:
        acc = date(item, "accessed")
        when = f"{dates.text_mdy(acc.start)}, from " if acc is not None else ""
        return [*p(" "), *t(f"Retrieved {when}{url}")]
    return [*p(" "), *t(url)]


def _sort_key(item: Item) -> tuple[str, int, tuple[int, ...], str]:
    """Keys ``author-sort``, ``date-sort-group`` (undated works first), ``date-sort``, title."""
    role, people = _creator(item)
    if people:
        key = " ".join(names.sort_key(n, item, demote=False) for n in people)
        if role in ("editor", "editortranslator"):
            key += " ed"
    elif item.get("type") == "webpage" and var(item, "publisher"):
        key = var(item, "publisher")
    else:
        key = var(item, "title")
    d = date(item, "issued")
    dk: tuple[int, ...] = d.sort_key() if d else ()
    return (sort_string(key), 1 if d else 0, dk, sort_string(var(item, "title")))


# the citation's <sort> (author-sort, date-sort-group, date-sort) is the bibliography's, as far as it goes
citation_sort_key = _sort_key


def _short_author(item: Item, amb: set[str]) -> Frag:
    _role, people = _creator(item)
    if people:
        parts = names.short_forms(people, item, amb)
        if len(people) >= 3:
            return t(parts[0] + " et al.")
        return t(" & ".join(parts))
    typ = str(item.get("type") or "")
    if typ == "webpage" and var(item, "publisher"):
        return t(var(item, "publisher"))
    st = short_title(item)
    if typ == "post":
        return field(st, True)  # a post keeps its own wording
    if is_english(item):
        st = title_case(st)
    if typ in LEGAL_TYPES:
        return field(st)
    if typ in ("article-journal", "article-magazine", "article-newspaper", "chapter") or (
        var(item, "container-title") and typ not in ("webpage",)
    ):
        return quoted(field(st))
    return field(st, True)


def _key(item: Item, amb: set[str]) -> str:
    d = date(item, "issued")
    year = "n.d." if d is None else dates.year_text(d)
    return runs_to_text(flatten(_short_author(item, amb))) + "|" + year


def _with_suffixes(items: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    amb = disambig.ambiguous_families(items, same_item=False)
    suffixes = disambig.year_suffixes(items, lambda it: _key(it, amb), lambda g: sorted(g, key=_sort_key))
    out = []
    for it in items:
        d = dict(it)
        if str(it.get("id")) in suffixes:
            d["_year_suffix"] = suffixes[str(it.get("id"))]
        out.append(d)
    return out


def bibliography(items: Sequence[Mapping[str, Any]]) -> list[Runs]:
    prepared = _with_suffixes(items)
    prepared.sort(key=_sort_key)
    return [flatten(bib_entry(it)) for it in prepared]


def citation(item: Item, locator: str | None, amb: set[str]) -> Frag:
    author = _short_author(item, amb)
    body = join([author, t(_year_part(item))], ", ")
    if locator:
        body = join([body, t(_locator(item, locator))], ", ")
    return [*p("("), *body, *p(")")]


def _locator(item: Item, locator: str) -> str:
    """Macro ``label-locator``: "p."/"pp." and "para.", other labels spelled out (APA 8.13)."""
    lab, value = parse_locator(item, locator)
    text = locator_value(lab, value, RANGE)
    if lab == "page":
        return f"{label_term(lab, value, 'short')} {text}"
    if str(item.get("type") or "") in LEGAL_TYPES:
        if lab in ("chapter", "paragraph", "section"):
            return f"{label_term(lab, value, 'symbol')} {text}"
        return f"{capitalize_first(label_term(lab, value, 'long'))} {text}"
    if lab == "paragraph":
        return f"{label_term(lab, value, 'short')} {text}"
    if is_numeric(value):
        return f"{capitalize_first(label_term(lab, value, 'long'))} {text}"
    if lab in ("chapter", "line", "verse"):
        return text
    return f"{capitalize_first(label_term(lab, value, 'long'))} {text}"


def citations(cites: Sequence[tuple[Mapping[str, Any], str | None]]) -> list[Runs]:
    unique: dict[str, Mapping[str, Any]] = {}
    for item, _ in cites:
        unique.setdefault(str(item.get("id")), item)
    prepared = {str(it.get("id")): it for it in _with_suffixes(list(unique.values()))}
    amb = disambig.ambiguous_families(list(unique.values()), same_item=False)
    return [flatten(citation(prepared[str(item.get("id"))], loc, amb)) for item, loc in cites]
