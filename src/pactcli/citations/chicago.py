"""Chicago Manual of Style, 18th edition: notes and bibliography, and author-date.

Hand-written after the official CSL styles ``chicago-notes-bibliography.csl`` and
``chicago-author-date.csl`` (citation-style-language/styles, committed under
tests/data/citations/styles/) as citeproc-js renders them. Macro names in comments are
the style file's; CMOS18 section numbers are those the style file cites.

Rules worth knowing:

* Notes: a first citation is the full note (``citation-notes-full``); every later
  citation is the shortened note (``citation-notes-shortened-author-title``). This style
  version never prints "Ibid." (CMOS18 14.34 discourages it; the style's ``position``
  tests only distinguish first and subsequent citations).
* Publisher places are omitted (CMOS18 14.30 makes them optional; the style drops them),
  except a newspaper's place and an archive's place.
* An uncertain date (``circa``) is bracketed with a question mark, "[April 1941?]"
  (``is-uncertain-date``; CMOS18 14.127), attached to the title by a space.
* Documents and manuscripts without archive, container, publisher, number, DOI or URL are
  left out of the bibliography (CMOS18 14.114, 14.118).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

from . import dates, names
from .common import (
    LEGAL_TYPES,
    SERIAL_TYPES,
    Item,
    date,
    doi_url,
    first_creator,
    is_numeric,
    label_term,
    locator_value,
    ordinal,
    page_range,
    parse_locator,
    short_title,
    title_text,
    var,
)
from .inline import capitalize_first, field, is_english, title_case
from .markup import Frag, affix, join, p, quoted, t

RANGE = "chicago-16"
# anonymous magazine and newspaper articles are listed under the periodical (CMOS18 14.87, 14.97)
SUBSTITUTE_CONTAINER = frozenset(["article-magazine", "article-newspaper"])
BOOKISH = frozenset(["book", "classic", "musical_score", "pamphlet", "report", "thesis"])
QUOTED_TITLE = frozenset(
    [
        "article",
        "article-journal",
        "article-magazine",
        "article-newspaper",
        "chapter",
        "dataset",
        "document",
        "entry",
        "entry-dictionary",
        "entry-encyclopedia",
        "interview",
        "manuscript",
        "paper-conference",
        "post",
        "post-weblog",
        "speech",
        "webpage",
        "personal_communication",
        "review",
        "review-book",
    ]
)


# ---------------------------------------------------------------------------- names
def _name_list(
    people: Sequence[Mapping[str, Any]],
    item: Item,
    *,
    bib: bool,
    short: bool = False,
) -> str:
    """Names with Chicago's options: and="text", et-al 3/1 in notes, 7/3 in the bibliography."""
    if not people:
        return ""
    n = len(people)
    if bib:
        et_al = n >= 7
        shown = list(people[:3]) if et_al else list(people)
    else:
        et_al = n >= 3
        shown = list(people[:1]) if et_al else list(people)
    parts = []
    for i, person in enumerate(shown):
        if short:
            parts.append(names.short(person, item))
        elif bib and i == 0:
            parts.append(names.inverted(person, item, demote=True))
        else:
            parts.append(names.display(person, item))
    if et_al:
        if len(parts) > 1:
            return ", ".join(parts) + ", et al."
        return parts[0] + " et al."
    if bib:
        return names.join_names(parts, precedes_last="always")
    return names.join_names(parts, precedes_last="contextual")


def _role(people: Sequence[Mapping[str, Any]], single: str, plural: str) -> str:
    return plural if len(people) > 1 else single


def creator(item: Item) -> tuple[str, list[Mapping[str, Any]]]:
    """The names standing first, and their role (author-bib substitute order; also author-date's)."""
    return first_creator(item, ("editor", "translator", "collection-editor"))


def _contributors(item: Item, role_used: str, *, bib: bool) -> Frag:
    """Editors and translators after the title ("ed. X", "Edited by X")."""
    from .common import names as get_names

    editor = get_names(item, "editor")
    translator = get_names(item, "translator")
    out: list[Frag] = []
    if item.get("type") == "chapter" or (
        var(item, "container-title")
        and item.get("type")
        in (
            "chapter",
            "paper-conference",
            "entry",
            "entry-dictionary",
            "entry-encyclopedia",
        )
    ):
        # container editors are rendered with the container
        return []
    both = editor and translator and names.same_people(editor, translator)
    if both and role_used not in ("editortranslator", "editor", "translator"):
        lab = "Edited and translated by" if bib else "ed. and trans."
        out.append(t(f"{lab} {_name_list(editor, item, bib=False)}"))
    else:
        if editor and role_used not in ("editor", "editortranslator"):
            lab = "Edited by" if bib else "ed."
            out.append(t(f"{lab} {_name_list(editor, item, bib=False)}"))
        if translator and role_used not in ("translator", "editortranslator"):
            lab = "Translated by" if bib else "trans."
            out.append(t(f"{lab} {_name_list(translator, item, bib=False)}"))
    return join(out, ". " if bib else ", ")


def _contributors_verbs(item: Item, role_used: str) -> Frag:
    """Contributors after a volume in the bibliography: "edited by X, translated by Y"."""
    frag = _contributors(item, role_used, bib=True)
    out: Frag = []
    for pc in frag:
        if pc.kind == "t":
            text = pc.text
            for cap, low in (
                ("Edited and translated by", "edited and translated by"),
                ("Edited by", "edited by"),
                ("Translated by", "translated by"),
            ):
                if text.startswith(cap):
                    text = low + text[len(cap) :]
            out.append(replace(pc, text=text))
        elif pc.kind == "p" and pc.text == ". ":
            out.append(replace(pc, text=", "))
        else:
            out.append(pc)
    return out


def _author(item: Item, *, bib: bool) -> tuple[Frag, str]:
    role, people = creator(item)
    if not people:
        return [], ""
    text = _name_list(people, item, bib=bib)
    label = ""
    if role == "editor":
        label = _role(people, "ed.", "eds.")
    elif role == "translator":
        label = "trans."
    elif role == "editortranslator":
        label = _role(people, "ed. and trans.", "eds. and trans.")
    elif role == "collection-editor":
        label = _role(people, "ed.", "eds.")
    if label:
        text = f"{text}, {label}"
    return t(text), role


def _short_author(item: Item) -> Frag:
    _role, people = creator(item)
    if people:
        return t(_name_list(people, item, bib=False, short=True))
    typ = item.get("type")
    if typ in SUBSTITUTE_CONTAINER and var(item, "container-title"):
        return _container(item)  # the short form leaves out a newspaper's place
    if typ == "webpage":
        if var(item, "publisher"):
            return t(var(item, "publisher"))
        if var(item, "container-title"):
            return field(title_text(item, "container-title"))
    return []


def _serial_name(item: Item) -> Frag:
    """Macro source-serial-name: the periodical's title, with a newspaper's place."""
    cont = _container(item)
    place = var(item, "publisher-place") if item.get("type") == "article-newspaper" else ""
    return join([cont, t(f"({place})" if place else "")], " ")


def _bib_author(item: Item) -> tuple[Frag, str]:
    """author-bib with its substitutes; returns the substituted variable too."""
    frag, role = _author(item, bib=True)
    if frag:
        return frag, role
    typ = item.get("type")
    if typ in SUBSTITUTE_CONTAINER and var(item, "container-title"):
        return _serial_name(item), "container-title"
    if typ == "webpage":
        if var(item, "publisher"):
            return t(var(item, "publisher")), "publisher"
        if var(item, "container-title"):
            return field(title_text(item, "container-title")), "container-title"
    return [], ""


# ---------------------------------------------------------------------------- titles
def _title(item: Item, *, short: bool = False) -> Frag:
    typ = str(item.get("type") or "")
    raw = short_title(item) if short else var(item, "title")
    if not raw:
        return []
    text = title_case(raw) if is_english(item) and typ != "post" else raw
    if typ in LEGAL_TYPES:
        return field(text)
    if typ in QUOTED_TITLE:
        return quoted(field(text))
    return field(text, True)


def _container(item: Item) -> Frag:
    ct = var(item, "container-title")
    if not ct:
        return []
    typ = item.get("type")
    text = title_case(ct) if is_english(item) else ct
    if typ in ("webpage", "post"):
        return field(text)
    return field(text, True)


# ---------------------------------------------------------------------------- dates
def _date_text(d: dates.CslDate | None) -> str:
    if d is None:
        return "n.d."
    text = dates.render_range(d, dates.text_mdy)
    if d.circa:
        return f"[{text}?]"
    return text


def _issued(item: Item) -> str:
    return _date_text(_issued_date(item))


def _issued_date(item: Item) -> dates.CslDate | None:
    d = date(item, "issued")
    if d is None and item.get("type") == "webpage":
        d = date(item, "original-date")
    return d


def _year(item: Item) -> str:
    """Macro ``date`` of the author-date style: issued, else event-date, else "n.d."."""
    d = date(item, "issued") or date(item, "event-date") or date(item, "available-date")
    suffix = str(item.get("_year_suffix") or "")
    if d is None:
        return "n.d." + (f"-{suffix}" if suffix else "")
    text = dates.year_text(d) + suffix
    return f"[{text}?]" if d.circa else text


def _accessed(item: Item, *, bib: bool) -> str:
    d = date(item, "accessed")
    if d is None or date(item, "issued") is not None:
        return ""
    return ("Accessed " if bib else "accessed ") + dates.render_range(d, dates.text_mdy)


# ---------------------------------------------------------------------------- locators
def _locator(item: Item, locator: str | None, *, label: bool = False) -> str:
    """Macro ``label-locator`` (``label-locator-all`` with ``label``: always labelled)."""
    if not locator:
        return ""
    lab, value = parse_locator(item, locator)
    text = locator_value(lab, value, RANGE)
    if label:
        return f"{label_term(lab, value, 'short')} {text}"
    if lab == "page":
        return text
    if str(item.get("type") or "") in LEGAL_TYPES:
        form = "symbol" if lab in ("chapter", "paragraph", "section") else "short"
        return f"{label_term(lab, value, form)} {text}"
    if is_numeric(value):
        return f"{label_term(lab, value, 'long' if lab == 'line' else 'short')} {text}"
    if lab in ("chapter", "line", "verse"):
        return text  # a non-numeric canonical reference needs no label (CMOS18 14.143-54)
    return f"{label_term(lab, value, 'short')} {text}"


def _is_page(item: Item, locator: str | None) -> bool:
    return bool(locator) and parse_locator(item, str(locator))[0] == "page"


def _edition(item: Item, *, bib: bool) -> str:
    ed = var(item, "edition")
    if not ed:
        return ""
    if is_numeric(ed):
        return f"{ordinal(ed)} ed."
    if item.get("type") in SERIAL_TYPES:
        return f"{ed} Edition"  # serial edition with its full label (CMOS18 14.89)
    return capitalize_first(ed) if bib else ed


def _volume_label(item: Item, *, bib: bool) -> str:
    vol = var(item, "volume")
    if not vol:
        return ""
    if is_numeric(vol):
        return ("Vol. " if bib else "vol. ") + vol
    return vol


def _collection(item: Item) -> Frag:
    ct = var(item, "collection-title")
    if not ct:
        return []
    text = title_case(ct) if is_english(item) else ct
    num = var(item, "collection-number")
    return field(f"{text} {num}" if num else text)


def _volumes(item: Item) -> str:
    nv = var(item, "number-of-volumes")
    if not nv:
        return ""
    return f"{nv} vols." if is_numeric(nv) and nv != "1" else (f"{nv} vol." if nv == "1" else nv)


def _pub(item: Item) -> Frag:
    """Macro source-publication-publisher: the publisher, or the place when there is none."""
    return t(var(item, "publisher") or var(item, "publisher-place"))


# ---------------------------------------------------------------------------- notes
def note_full(item: Item, locator: str | None) -> Frag:
    typ = str(item.get("type") or "")
    if typ in LEGAL_TYPES:
        return _legal(item, locator, note=True)
    author, role = _author(item, bib=False)
    title = _title(item)
    parts: list[Frag] = [author]
    d = date(item, "issued")
    if typ in SERIAL_TYPES:
        parts.append(title)
        if typ == "article-journal":
            cont = _container(item)
            vol = var(item, "volume")
            issue = var(item, "issue")
            head = join([cont, t(vol)], " ")
            head = join([head, t(f"no. {issue}" if issue else "")], ", ")
            dpart = t(f"({_year(item)})")
            head = join([head, dpart], " ")
            loc = _locator(item, locator) or page_range(var(item, "page"), RANGE)
            if loc:
                head = join([head, t(loc)], ": ")
            parts.append(head)
            parts.append(t(doi_url(item) or var(item, "URL")))
            return join(parts, ", ")
        parts.append(t(var(item, "genre")))
        if typ == "article-newspaper":
            parts.append(t(title_case(var(item, "section")) if var(item, "section") else ""))
            parts.append(_serial_name(item))
        else:
            parts.append(_container(item))
        if d is not None or typ != "article-magazine":
            parts.append(t(_issued(item)))
        parts.append(t(_edition(item, bib=False)))
        parts.append(t(_locator(item, locator)))
        parts.append(t(doi_url(item) or var(item, "URL")))
        return join(parts, ", ")
    if typ in ("book", "chapter") or typ in BOOKISH:
        if typ == "chapter":
            parts.append(title)
            cont = _container(item)
            ed = _names_of(item, "editor")
            inner = join([t(_chapter_label(item)), t("in"), cont], " ") if cont else []
            pieces = [inner]
            pieces.append(t(_edition(item, bib=False)))
            if ed:
                pieces.append(t("ed. " + _name_list(ed, item, bib=False)))
            parts.extend(pieces)
        vol = var(item, "volume")
        vol_with_contributors = False
        if typ != "chapter":
            parts.append(title)
            parts.append(t(_edition(item, bib=False)))
            contrib = _contributors(item, role, bib=False)
            if vol and contrib:
                # "vol. 2, ed. Ruth Young": the volume of an edited work stays in the note
                parts.append(t(_volume_label(item, bib=False)))
                vol_with_contributors = True
            parts.append(contrib)
        if vol and not _is_page(item, locator) and not vol_with_contributors:
            parts.append(t(_volume_label(item, bib=False)))
        parts.append(_collection(item))
        if not locator and not vol:
            parts.append(t(_volumes(item)))
        pub = join([_pub(item), t(_issued(item))], ", ")
        body = join(parts, ", ")
        body = join([body, affix(pub, "(", ")")], " ")
        loc = _locator(item, locator)
        if vol and loc and is_numeric(vol) and not vol_with_contributors and _is_page(item, locator):
            loc = f"{vol}:{loc}"
        body = join([body, t(loc)], ", ")
        body = join([body, t(doi_url(item) or var(item, "URL"))], ", ")
        return body
    # monographic, unbracketed: document, manuscript, dataset, webpage, …
    parts.append(title)
    if var(item, "container-title") and typ not in ("webpage", "post"):
        parts.append(join([t("in"), _container(item)], " "))
    elif typ in ("webpage", "post"):
        parts.append(_container(item))
    parts.append(t(_edition(item, bib=False)))
    if typ != "webpage":
        parts.append(_contributors(item, role, bib=False))
    genre = var(item, "genre")
    number = var(item, "number")
    if genre and number:
        parts.append(t(f"{genre} no. {number}"))
    else:
        parts.append(t(genre))
        parts.append(t(f"no. {number}" if number else ""))
    if typ != "manuscript" or not locator:
        # a manuscript's volume gives way to the locator (observed in citeproc-js output)
        parts.append(t(_volume_label(item, bib=False)))
    version = var(item, "version")
    parts.append(t(f"version {version}" if version else ""))
    parts.append(_pub(item))
    body = join(parts, ", ")
    d = _issued_date(item)
    if d is not None and d.circa:
        body = join([body, t(_issued(item))], " ")
    elif d is not None or typ != "webpage":
        body = join([body, t(_issued(item))], ", ")
    archive_loc = var(item, "archive_location")
    shelved = bool(archive_loc and var(item, "archive"))
    physical = bool(locator) and parse_locator(item, str(locator))[0] in ("page", "folio", "column")
    if shelved and physical:
        # physical locators follow the shelfmark, always labelled (CMOS18 14.123, 14.127;
        # macro source-archive-locator)
        body = join([body, t(archive_loc), t(_locator(item, locator, label=True))], ", ")
    else:
        body = join([body, t(_locator(item, locator)), t(archive_loc)], ", ")
    body = join([body, t(var(item, "archive")), t(var(item, "archive-place"))], ", ")
    body = join([body, t(_accessed(item, bib=False))], ", ")
    body = join([body, t(doi_url(item) or var(item, "URL"))], ", ")
    return body


def _chapter_label(item: Item, *, capitalized: bool = False) -> str:
    """Macro label-chapter-number: "chap. 9" for a number, the value itself otherwise."""
    num = var(item, "chapter-number")
    if not num:
        return ""
    if is_numeric(num):
        return ("Chap. " if capitalized else "chap. ") + num
    return capitalize_first(num) if capitalized else num


def _names_of(item: Item, variable: str) -> list[Mapping[str, Any]]:
    from .common import names as get_names

    return get_names(item, variable)


def note_short(item: Item, locator: str | None, *, disambiguate: bool = False) -> Frag:
    typ = str(item.get("type") or "")
    author = _short_author(item)
    title = _title(item, short=True)
    head = join([author, title], ", ")
    if disambiguate and _issued_date(item) is not None:
        # two works share author and short title: the short note adds the date
        # (macros source-monographic-publication-short-bracketed / -unbracketed)
        if typ in ("book", "chapter") or typ in BOOKISH:
            head = join([head, t(f"({_issued(item)})")], " ")
        else:
            head = join([head, t(_issued(item))], ", ")
    vol = var(item, "volume")
    loc = _locator(item, locator)
    if vol and is_numeric(vol) and typ not in SERIAL_TYPES and (typ == "book" or typ in BOOKISH):
        # "6:46-47" for a page; otherwise the volume stays ("vol. 6, n. 4")
        loc = f"{vol}:{loc}" if _is_page(item, locator) else ", ".join(x for x in (f"vol. {vol}", loc) if x)
    return join([head, t(loc)], ", ")


def _legal(item: Item, locator: str | None, *, note: bool) -> Frag:
    title = _title(item)
    parts: list[Frag] = [title, t(_issued(item))]
    cont = var(item, "container-title")
    if cont:
        src = " ".join(x for x in (var(item, "volume"), cont, var(item, "page")) if x)
        parts.append(t(src))
    body = join(parts, ", ")
    if note and locator:
        loc = _locator(item, locator)
        body = join([body, t(("at " if cont and _is_page(item, locator) else "") + loc)], ", ")
    if not note:
        return join([body, t(doi_url(item) or var(item, "URL"))], ". ")
    return join([body, t(doi_url(item) or var(item, "URL"))], ", ")


def citation(item: Item, locator: str | None, first: bool, *, disambiguate: bool = False) -> Frag:
    frag = note_full(item, locator) if first else note_short(item, locator, disambiguate=disambiguate)
    return [*frag, *p(".")] if frag else []


def ambiguous_short_notes(items: Sequence[Item]) -> set[str]:
    """Ids of items whose shortened notes would read the same as another item's."""
    from .markup import flatten, runs_to_text

    seen: dict[str, list[str]] = {}
    for item in items:
        key = runs_to_text(flatten(note_short(item, None)))
        seen.setdefault(key, []).append(str(item.get("id")))
    return {i for ids in seen.values() if len(ids) > 1 for i in ids}


# ---------------------------------------------------------------------------- bibliography
def in_bibliography(item: Item) -> bool:
    typ = str(item.get("type") or "")
    if typ in ("post", "interview", "personal_communication"):
        return typ not in ("post",) and any(
            var(item, v)
            for v in ("archive", "archive-place", "container-title", "DOI", "number", "publisher", "URL")
        )
    if typ in ("document", "manuscript", "paper-conference", "speech"):
        return any(
            var(item, v)
            for v in (
                "archive",
                "archive-place",
                "container-title",
                "DOI",
                "number",
                "publisher",
                "references",
                "URL",
            )
        )
    return True


def bib_entry(item: Item, *, author_date: bool = False) -> Frag:
    typ = str(item.get("type") or "")
    if typ in LEGAL_TYPES:
        body = _legal(item, None, note=False)
        return [*body, *p(".")] if body else []
    author, role = _bib_author(item)
    year = t(_year(item)) if author_date else []
    blocks: list[Frag] = [author]
    if author_date and not author and _title(item):
        # author-date: with no author, the title takes its place before the year
        blocks = [_title(item), year]
        role = "title"
    elif author_date:
        blocks.append(year)
    d = _issued_date(item)
    date_full = t(_issued(item))
    date_rest = t(dates.month_day(d)) if (author_date and d is not None and d.end is None) else []
    title = _title(item) if role != "title" else []
    if typ in SERIAL_TYPES:
        if role == "container-title":
            blocks.append(title)
            if var(item, "genre"):
                blocks.append(t(capitalize_first(var(item, "genre"))))
            if typ == "article-newspaper" and var(item, "section"):
                blocks.append(t(title_case(var(item, "section"))))
            if author_date:
                blocks.append(date_rest)
            else:
                blocks.append(date_full)
            blocks.append(t(_edition(item, bib=True)))
            blocks.append(t(doi_url(item) or var(item, "URL")))
            return [*join(blocks, ". "), *p(".")]
        blocks.append(title)
        if var(item, "genre"):
            blocks.append(t(capitalize_first(var(item, "genre"))))
        if typ == "article-journal":
            cont = _container(item)
            vol = var(item, "volume")
            issue = var(item, "issue")
            if author_date:
                head = join([cont, t(vol)], " ")
                if vol:
                    head = join([head, t(f"({issue})" if issue else "")], " ")
                else:
                    head = join([head, t(f"no. {issue}" if issue else "")], ", ")
            else:
                head = join([cont, t(vol)], " ")
                head = join([head, t(f"no. {issue}" if issue else "")], ", ")
                head = join([head, t(f"({_year(item)})")], " ")
            page = page_range(var(item, "page"), RANGE)
            if page:
                head = join([head, t(page)], ": ")
            blocks.append(head)
        else:
            sect = var(item, "section")
            if sect:
                blocks.append(t(title_case(sect)))
            cont = _serial_name(item)
            when = date_rest if author_date else date_full
            if d is None and typ == "article-magazine":
                when = []  # an undated magazine article has no "n.d."
            blocks.append(join([cont, when], ", "))
            blocks.append(t(_edition(item, bib=True)))
        blocks.append(t(doi_url(item) or var(item, "URL")))
        return [*join(blocks, ". "), *p(".")]
    if typ in ("book", "chapter") or typ in BOOKISH:
        blocks.append(title)
        if typ == "chapter":
            cont = _container(item)
            ed = _names_of(item, "editor")
            label = _chapter_label(item, capitalized=True)
            inner = join([t(label), t("in" if label else "In"), cont], " ")
            inner = join([inner, t(_edition(item, bib=False))], ", ")
            if ed:
                inner = join([inner, t("edited by " + _name_list(ed, item, bib=False))], ", ")
            blocks.append(inner)
        else:
            blocks.append(t(_edition(item, bib=True)))
        contrib = _contributors(item, role, bib=False) if typ != "chapter" else []
        if var(item, "volume") and contrib and not author_date:
            # "Vol. 2, edited by Ruth Young, translated by Lan Zhou."
            lowered = _contributors_verbs(item, role)
            blocks.append(join([t(_volume_label(item, bib=True)), lowered], ", "))
        else:
            if typ != "chapter":
                blocks.append(_contributors(item, role, bib=True))
            blocks.append(t(_volume_label(item, bib=True)))
        blocks.append(_collection(item))
        if not var(item, "volume"):
            blocks.append(t(_volumes(item)))
        if author_date:
            blocks.append(_pub(item))
        else:
            blocks.append(join([_pub(item), date_full], ", "))
        blocks.append(t(doi_url(item) or var(item, "URL")))
        return [*join(blocks, ". "), *p(".")]
    # document, manuscript, dataset, webpage, …
    blocks.append(title)
    if typ == "webpage":
        pass
    elif typ == "post":
        blocks.append(_container(item))
    elif var(item, "container-title"):
        inner = join([t("In"), _container(item)], " ")
        genre = var(item, "genre")
        number = var(item, "number")
        extra: list[Frag] = []
        if genre and number:
            extra.append(t(f"{capitalize_first(genre)} No. {number}"))
        elif number:
            extra.append(t(f"No. {number}"))
        extra.append(t(_volume_label(item, bib=False)))
        blocks.append(join([inner, *extra], ", "))
    genre = var(item, "genre")
    if not var(item, "container-title"):
        number = var(item, "number")
        if genre and number:
            blocks.append(t(f"{capitalize_first(genre)} No. {number}"))
        elif genre:
            blocks.append(t(capitalize_first(genre)))
        elif number:
            blocks.append(t(f"No. {number}"))
    if typ != "webpage":
        blocks.append(_contributors(item, role, bib=True))
    version = var(item, "version")
    blocks.append(t(f"Version {version}" if version else ""))
    pub = _pub(item) if role != "publisher" else []
    if typ == "webpage" and d is None:
        date_full = []
        date_rest = []
    if typ == "webpage":
        # macro source-publication-and-date-bib: container-title like a publisher (CMOS18 14.104)
        cont = _container(item) if role != "container-title" else []
        blocks.append(join([cont, pub, date_rest if author_date else date_full], ", "))
    elif author_date:
        blocks.append(join([pub, date_rest], ", "))
    elif pub:
        blocks.append(join([pub, date_full], ", "))
    elif d is not None or typ != "webpage":
        blocks.append(date_full)
    blocks.append(t(var(item, "archive_location")))
    blocks.append(join([t(var(item, "archive")), t(var(item, "archive-place"))], ", "))
    blocks.append(t(_accessed(item, bib=True)))
    blocks.append(t(doi_url(item) or var(item, "URL")))
    return [*join(blocks, ". "), *p(".")]


def bib_sort_key(item: Item) -> tuple[str, str]:
    from .common import sort_string

    typ = str(item.get("type") or "")
    if typ in LEGAL_TYPES:
        return (sort_string(var(item, "title")), "")
    role, people = creator(item)
    if people:
        key = " ".join(names.sort_key(n, item, demote=True) for n in people)
        if role in ("editor", "editortranslator", "collection-editor"):
            key += " ed"
        elif role == "translator":
            key += " trans"
    elif typ in SUBSTITUTE_CONTAINER and var(item, "container-title"):
        key = var(item, "container-title")
    elif typ == "webpage" and (var(item, "publisher") or var(item, "container-title")):
        key = var(item, "publisher") or var(item, "container-title")
    else:
        key = var(item, "title")
    return (sort_string(key), sort_string(var(item, "title")))


__all__ = ["bib_entry", "bib_sort_key", "citation", "in_bibliography", "note_full", "note_short"]
