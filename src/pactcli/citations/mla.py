"""MLA Handbook, 9th edition (``modern-language-association.csl``), as citeproc-js renders it.

Works cited: "Author. Title. Container, contributors, version, number, publisher, date,
location. Supplemental." Core elements of a container are joined by commas, the blocks
by periods (MLA 9, 5.1–5.4). Three or more authors give the first and "et al."; particles
are never demoted ("de Gaulle, Charles"); dates are day-month-year with abbreviated months
("16 Apr. 1945"); an approximate date is "Circa Aug. 1945". Repeated authors become "———"
(``subsequent-author-substitute``). In-text citations are "(Author locator)", with a short
title added when one author has several works among the cited ones.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from . import dates, names
from .common import (
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
from .markup import Frag, Runs, flatten, join, p, quoted, runs_to_text, t

RANGE = "minimal-two"
# the style's own locale terms (modern-language-association.csl <locale>)
MLA_TERMS = {"chapter": ("ch.", "chs."), "paragraph": ("par.", "pars.")}
DASHES = "\u2014\u2014\u2014"


def _names_bib(people: Sequence[Mapping[str, Any]], item: Item) -> str:
    n = len(people)
    if n >= 3:
        return names.inverted(people[0], item, demote=False) + ", et al."
    parts = [names.inverted(people[0], item, demote=False)]
    parts += [names.display(x, item) for x in people[1:]]
    if n == 1:
        return parts[0]
    return f"{parts[0]}, and {parts[1]}"


def _names_plain(people: Sequence[Mapping[str, Any]], item: Item) -> str:
    parts = [names.display(x, item) for x in people]
    if len(parts) >= 3:
        return parts[0] + " et al."
    return " and ".join(parts)


def _creator(item: Item) -> tuple[str, list[Mapping[str, Any]]]:
    return first_creator(item, ("editor", "translator"))


def _author(item: Item) -> tuple[str, str]:
    role, people = _creator(item)
    if not people:
        return "", ""
    text = _names_bib(people, item)
    many = len(people) > 1
    if role == "editor":
        text += ", editors" if many else ", editor"
    elif role == "translator":
        text += ", translators" if many else ", translator"
    elif role == "editortranslator":
        text += ", editors and translators" if many else ", editor and translator"
    return text, role


SERIAL = frozenset(
    [
        "article-journal",
        "article-magazine",
        "article-newspaper",
        "periodical",
        "post-weblog",
        "review",
        "review-book",
    ]
)
PLAIN_TITLE = frozenset(["bill", "collection", "legislation", "regulation", "treaty"])
ITALIC_ALWAYS = frozenset(["book", "classic", "graphic", "hearing", "map", "periodical"])
QUOTED_WITHOUT_CONTAINER = frozenset(
    [
        "article",
        "dataset",
        "document",
        "interview",
        "manuscript",
        "paper-conference",
        "personal_communication",
        "speech",
    ]
)


def _title(item: Item, *, short: bool = False) -> Frag:
    """Macro ``title-primary`` / ``title-primary-short``."""
    typ = str(item.get("type") or "")
    raw = short_title(item) if short else var(item, "title")
    if not raw:
        return []
    if typ == "post":
        return quoted(field(raw))
    text = title_case(raw) if is_english(item) else raw
    if typ in PLAIN_TITLE:
        return field(text)
    if typ == "legal_case":
        return field(raw, True)
    if typ in ITALIC_ALWAYS:
        return field(text, True)
    if var(item, "container-title") or typ in QUOTED_WITHOUT_CONTAINER:
        return quoted(field(text))
    return field(text, True)


def _date_text(d: dates.CslDate | None) -> str:
    if d is None:
        return ""
    text = dates.render_range(d, dates.text_dmy)
    return f"Circa {text}" if d.circa else text


def _publication_date(item: Item) -> str:
    """Macro ``container1-publication-date``."""
    typ = str(item.get("type") or "")
    d = date(item, "issued")
    if d is None or typ == "speech":
        return ""
    if typ in ("book", "chapter", "motion_picture", "paper-conference", "thesis"):
        text = dates.year_text(d)
        return f"[{text}?]" if d.circa else text
    if typ == "article-journal":
        text = dates.render_range(d, lambda part: dates.text_dmy((part[0], part[1], 0)))
        return f"[{text}?]" if d.circa else text
    return _date_text(d)


def _contributor_names(people: Sequence[Mapping[str, Any]], item: Item) -> str:
    return _names_plain(people, item)


def _container_contributors(item: Item, role: str) -> list[str]:
    """Macro ``container1-contributor``: verb labels, capitalised without a container."""
    cap = not var(item, "container-title")
    editor = get_names(item, "editor")
    translator = get_names(item, "translator")
    out: list[str] = []

    def lab(text: str) -> str:
        return text[0].upper() + text[1:] if cap else text

    if editor and translator and names.same_people(editor, translator):
        if role != "editortranslator":
            out.append(lab("edited and translated by ") + _contributor_names(editor, item))
        return out
    if editor and role != "editor":
        out.append(lab("edited by ") + _contributor_names(editor, item))
    if translator and role != "translator":
        out.append(lab("translated by ") + _contributor_names(translator, item))
    return out


def _edition(item: Item) -> str:
    ed = var(item, "edition")
    if not ed:
        return ""
    return f"{ordinal(ed)} ed." if is_numeric(ed) else capitalize_first(ed)


def _volume(item: Item, *, capitalized: bool) -> str:
    vol = var(item, "volume")
    if not vol:
        return ""
    if is_numeric(vol):
        return ("Vol. " if capitalized else "vol. ") + vol
    return capitalize_first(vol) if capitalized else vol


def _container1_number(item: Item) -> list[str]:
    typ = str(item.get("type") or "")
    out: list[str] = []
    has_contrib = any(
        get_names(item, v)
        for v in (
            "container-author",
            "contributor",
            "director",
            "editor",
            "illustrator",
            "interviewer",
            "translator",
        )
    )
    if typ in SERIAL or typ in ("interview", "paper-conference"):
        out.append(var(item, "collection-title"))
        out.append(_volume(item, capitalized=False))
    elif (
        any(get_names(item, v) for v in ("collection-editor", "compiler", "editor", "editorial-director"))
        or var(item, "edition")
        or var(item, "container-title")
    ):
        out.append(_volume(item, capitalized=False))
    elif get_names(item, "author"):
        if has_contrib:
            out.append(_volume(item, capitalized=False))
    else:
        out.append(_volume(item, capitalized=True))
    issue = var(item, "issue")
    if issue:
        out.append(f"no. {issue}" if is_numeric(issue) else issue)
    number = var(item, "number")
    if number:
        label = f"no. {number}" if is_numeric(number) else number
        out.append(" ".join(x for x in (var(item, "genre"), label) if x))
    return [x for x in out if x]


def _pages(item: Item) -> str:
    page = var(item, "page")
    if not page:
        return ""
    return ("pp. " if is_plural(page) else "p. ") + page_range(page, RANGE)


def bib_entry(item: Item, author_text: str | None = None) -> Frag:
    typ = str(item.get("type") or "")
    author, role = _author(item)
    if author_text is not None:
        author = author_text
    blocks: list[Frag] = []
    title = _title(item)
    if author:
        blocks += [t(author), title]
    else:
        blocks.append(title)  # macro ``author`` substitutes the title
    # supplemental-element-after-title: original date, then the genre unless a number carries it
    after: list[Frag] = []
    orig = date(item, "original-date")
    if orig is not None and not (var(item, "original-publisher") or var(item, "original-publisher-place")):
        text = dates.render_range(orig, dates.text_dmy)
        after.append(t(f"[{text}?]" if orig.circa else text))
    genre = var(item, "genre")
    if genre and typ != "thesis" and not var(item, "number"):
        after.append(t(capitalize_first(genre)))
    blocks.append(join(after, ", "))
    # container1
    c1: list[Frag] = []
    ct = var(item, "container-title")
    if ct:
        ct_text = title_case(ct) if is_english(item) else ct
        cont = field(ct_text, True)
        if typ in SERIAL or typ in ("interview", "paper-conference"):
            place = var(item, "publisher-place")
            if place:
                cont = join([cont, t(f"[{place}]")], " ")
        c1.append(cont)
    c1 += [t(x) for x in _container_contributors(item, role)]
    edition = _edition(item)
    version = var(item, "version")
    c1.append(t(edition))
    if version:
        c1.append(t(("version " if edition else "Version ") + version))
    c1 += [t(x) for x in _container1_number(item)]
    if (typ not in SERIAL and typ not in ("thesis", "interview", "paper-conference")) or (
        typ in ("interview", "paper-conference")
        and any(get_names(item, v) for v in ("collection-editor", "compiler", "editor", "editorial-director"))
    ):
        c1.append(t(var(item, "publisher") or var(item, "publisher-place")))
    c1.append(t(_publication_date(item)))
    for v in ("archive", "archive-place", "archive_collection", "archive_location"):
        c1.append(t(var(item, v)))
    c1.append(t(_pages(item)))
    if not var(item, "source"):
        c1.append(t(doi_url(item) or var(item, "URL")))
    blocks.append(join(c1, ", "))
    # supplemental-element-end
    end: list[Frag] = []
    acc = date(item, "accessed")
    if acc is not None and date(item, "issued") is None:
        end.append(t("Accessed " + dates.render_range(acc, dates.text_dmy)))
    if var(item, "medium"):
        end.append(t(capitalize_first(var(item, "medium"))))
    if typ in SERIAL:
        if var(item, "section"):
            end.append(t(title_case(var(item, "section"))))
    else:
        coll = var(item, "collection-title")
        if coll:
            num = var(item, "collection-number")
            end.append(field(" ".join(x for x in (title_case(coll), num) if x)))
        nv = var(item, "number-of-volumes")
        if nv and not var(item, "volume"):
            end.append(
                t(f"{nv} vols." if is_numeric(nv) and nv != "1" else (f"{nv} vol." if nv == "1" else nv))
            )
    blocks.append(join(end, ", "))
    return [*join(blocks, ". "), *p(".")]


def _sort_key(item: Item) -> tuple[str, str]:
    """Keys ``author`` (the title when there is none) and ``title``."""
    role, people = _creator(item)
    key = ""
    if people:
        shown = people[:1] if len(people) >= 3 else people
        key = " ".join(names.sort_key(n, item, demote=False) for n in shown)
        if role == "editor":
            key += " editor"
    title = var(item, "title")
    return (sort_string(key or title), sort_string(title))


def bibliography(items: Sequence[Mapping[str, Any]]) -> list[Runs]:
    # sort keys: author, title, then the rest of the entry (the style's later keys
    # supplemental-element-after-title, container1, … read in the same order)
    keyed = [(_sort_key(it), sort_string(runs_to_text(flatten(bib_entry(it)))), it) for it in items]
    keyed.sort(key=lambda k: (k[0], k[1]))
    ordered = [it for _, _, it in keyed]
    out: list[Runs] = []
    previous = ""
    for item in ordered:
        author, _ = _author(item)
        if author and author == previous:
            out.append(flatten(bib_entry(item, DASHES + _role_suffix(item))))
        else:
            out.append(flatten(bib_entry(item)))
        previous = author
    return out


def _role_suffix(item: Item) -> str:
    author, role = _author(item)
    if role == "author":
        return ""
    idx = author.rfind(", ")
    return author[idx:] if idx >= 0 else ""


def _short_author(item: Item, initials: bool = False) -> Frag:
    _role, people = _creator(item)
    if people:
        parts = [names.short(x, item) for x in people]
        if initials:
            # disambiguate-add-givenname (rule "by-cite"): "A. Jones" and "B. Jones"
            first = people[0]
            if first.get("given") and not names.is_literal(first):
                parts[0] = names.display(first, item, initialize=True)
        if len(parts) >= 3:
            return t(parts[0] + " et al.")
        return t(" and ".join(parts))
    return []


def citation(item: Item, locator: str | None, ambiguous: bool, initials: bool = False) -> Frag:
    author = _short_author(item, initials)
    title = _title(item, short=True) if (not author or ambiguous) else []
    head = join([author, title], ", ")
    if locator:
        lab, value = parse_locator(item, locator)
        text = locator_value(lab, value, RANGE)
        if lab in ("line", "page", "timestamp"):
            head = join([head, t(text)], " ")
        else:
            head = join([head, t(f"{label_term(lab, value, 'short', MLA_TERMS)} {text}")], ", ")
    return [*p("("), *head, *p(")")]


def citations(cites: Sequence[tuple[Mapping[str, Any], str | None]]) -> list[Runs]:
    unique: dict[str, Mapping[str, Any]] = {}
    for item, _ in cites:
        unique.setdefault(str(item.get("id")), item)
    groups: dict[str, list[Mapping[str, Any]]] = {}
    for it in unique.values():
        key = runs_to_text(flatten(_short_author(it)))
        if key:
            groups.setdefault(key, []).append(it)
    with_initials: set[str] = set()
    with_title: set[str] = set()
    for members in groups.values():
        if len(members) < 2:
            continue
        firsts = [_first_person(it) for it in members]
        if len(set(firsts)) == len(firsts) and all(given for _, given in firsts):
            with_initials |= {str(it.get("id")) for it in members}
        else:
            with_title |= {str(it.get("id")) for it in members}
    out = []
    for item, loc in cites:
        key = str(item.get("id"))
        out.append(flatten(citation(item, loc, key in with_title, key in with_initials)))
    return out


def _first_person(item: Item) -> tuple[str, str]:
    _role, people = _creator(item)
    if not people:
        return ("", "")
    return (str(people[0].get("family") or ""), str(people[0].get("given") or ""))
