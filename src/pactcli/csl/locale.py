"""Locales: the term, date-format and option lookup chain of CSL 1.0.2 (section "Locale Fallback").

For a style in ``de-AT``: the style's own ``<locale xml:lang="de-AT">``, then ``"de"``, then one without a
language, then the locale files ``de-AT``, the primary dialect ``de-DE``, and ``en-US`` last.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path

from pactcli.csl.casing import unicode_lower
from pactcli.csl.style import Element, _convert
from pactcli.csl.xmltree import Node, parse_xml
from pactcli.errors import StyleError
from pactcli.slotted import Slotted

PACKAGE_LOCALES = Path(__file__).parent / "locales"

FORM_FALLBACK = {
    "long": ("long",),
    "short": ("short", "long"),
    "verb": ("verb", "long"),
    "verb-short": ("verb-short", "verb", "long"),
    "symbol": ("symbol", "short", "long"),
}


class Term(Slotted):
    __match_args__ = ("single", "multiple", "gender", "gender_form", "match")
    __slots__ = __match_args__

    def __init__(
        self, single: str, multiple: str, gender: str = "", gender_form: str = "", match: str = ""
    ) -> None:
        self.single = single
        self.multiple = multiple
        self.gender = gender
        self.gender_form = gender_form
        self.match = match


class LocaleData(Slotted):
    """One ``<locale>`` (a file's or a style's): terms by (name, form), date formats, options."""

    __match_args__ = ("lang", "terms", "dates", "options", "has_ordinals")
    __slots__ = __match_args__

    def __init__(
        self,
        lang: str,
        terms: dict[tuple[str, str], list[Term]] | None = None,
        dates: dict[str, Element] | None = None,
        options: dict[str, str] | None = None,
        # A style locale that defines any ordinal term replaces the whole ordinal set of the locales below it.
        has_ordinals: bool = False,
    ) -> None:
        self.lang = lang
        self.terms = {} if terms is None else terms
        self.dates = {} if dates is None else dates
        self.options = {} if options is None else options
        self.has_ordinals = has_ordinals


def read_locale(node: Node, source: str) -> LocaleData:
    data = LocaleData(node.attrs.get("xml:lang", ""))
    for child in node.children:
        if child.name == "terms":
            for term in child.find_all("term"):
                name = term.attrs.get("name", "")
                form = term.attrs.get("form", "long")
                single_node = term.find("single")
                multiple_node = term.find("multiple")
                if single_node is not None or multiple_node is not None:
                    single = single_node.text if single_node is not None else ""
                    multiple = multiple_node.text if multiple_node is not None else single
                else:
                    single = multiple = term.text
                entry = Term(
                    single,
                    multiple,
                    term.attrs.get("gender", ""),
                    term.attrs.get("gender-form", ""),
                    term.attrs.get("match", ""),
                )
                if name.startswith("ordinal") or name.startswith("long-ordinal"):
                    data.has_ordinals = True
                bucket = data.terms.setdefault((name, form), [])
                # A later definition of the same term and gender form replaces an earlier one.
                bucket[:] = [t for t in bucket if t.gender_form != entry.gender_form]
                bucket.append(entry)
        elif child.name == "date":
            form = child.attrs.get("form", "")
            data.dates[form] = _convert(child, source)
        elif child.name == "style-options":
            data.options.update(child.attrs)
    return data


@functools.lru_cache(maxsize=256)
def _read_file(path: str, mtime: float) -> LocaleData:
    from pactcli.csl import compiled

    text = Path(path).read_text(encoding="utf-8")
    data = compiled.read(text, "locale")
    if data is not None:
        # A shipped locale's lookup tables, made when it was compiled (from the same tree, checked).
        return compiled.locale_from(data)
    root = parse_xml(text, path)
    if root.name != "locale":
        raise StyleError(path, root.line, f"not a CSL locale (root element <{root.name}>)")
    return read_locale(root, path)


def locale_file(directory: Path, lang: str) -> LocaleData | None:
    path = directory / f"locales-{lang}.xml"
    try:
        mtime = path.stat().st_mtime
    except OSError:
        return None
    return _read_file(str(path), mtime)


@functools.lru_cache(maxsize=16)
def _primary_dialects(directory: str) -> dict[str, str]:
    try:
        data = json.loads((Path(directory) / "locales.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {"en": "en-US"}
    return dict(data.get("primary-dialects", {}))


# citeproc-js's CSL.LANG_BASES (citeproc 2.4.63): the locale it loads under each language's others.
_CITEPROC_BASES = {
    **{code: f"{code}-{region}" for code, region in (
        ("af", "ZA"), ("bg", "BG"), ("ca", "AD"), ("cs", "CZ"), ("da", "DK"), ("de", "DE"), ("el", "GR"),
        ("en", "US"), ("es", "ES"), ("et", "EE"), ("fa", "IR"), ("fi", "FI"), ("fr", "FR"), ("he", "IL"),
        ("hr", "HR"), ("hu", "HU"), ("is", "IS"), ("it", "IT"), ("ja", "JP"), ("km", "KH"), ("ko", "KR"),
        ("lt", "LT"), ("lv", "LV"), ("mn", "MN"), ("nb", "NO"), ("nl", "NL"), ("nn", "NO"), ("pl", "PL"),
        ("pt", "PT"), ("ro", "RO"), ("ru", "RU"), ("sk", "SK"), ("sl", "SI"), ("sr", "RS"), ("sv", "SE"),
        ("th", "TH"), ("tr", "TR"), ("uk", "UA"), ("vi", "VN"), ("zh", "CN"),
    )},
    "ar": "ar",
    "eu": "eu",
}  # fmt: skip


def _has_ordinal_term(data: LocaleData) -> bool:
    """Whether a locale defines the ``ordinal`` term (CSL 1.0.1's ordinals, where citeproc-js gives a term
    defined only in gendered forms a neutral one)."""
    return any(name == "ordinal" for name, _ in data.terms)


def _feminine_else_masculine(bucket: list[Term]) -> Term:
    return next(
        (term for term in bucket if term.gender_form == "feminine"),
        next((term for term in bucket if term.gender_form == "masculine"), bucket[0]),
    )


class Locale:
    """The lookup chain for one language."""

    def __init__(
        self, lang: str, style_locales: list[LocaleData], directory: Path | None, strict: bool = True
    ) -> None:
        directory = directory or PACKAGE_LOCALES
        self.directory = directory
        self.lang = lang
        base = lang.split("-", maxsplit=1)[0]
        chain: list[LocaleData] = []
        for wanted in (lang, base, ""):
            chain.extend(loc for loc in style_locales if loc.lang == wanted)
        files: list[str] = [lang]
        primary = _primary_dialects(str(directory)).get(base)
        if primary:
            files.append(primary)
        files.append("en-US")
        found_file = False
        seen: set[str] = set()
        for name in files:
            if name in seen:
                continue
            seen.add(name)
            if name == "en-US" and found_file and _CITEPROC_BASES.get(unicode_lower(base), name) != name:
                # citeproc-js loads en-US only under a language it has no base for (CSL.localeConfigure:
                # the base, then the locale): a term or form nb-NO leaves out is its long form, or nothing,
                # never en-US's ("note 12", where en-US's short form would give "nn. 12").
                continue
            data = locale_file(directory, name)
            if data is not None:
                chain.append(data)
                # en-US is the last resort, not a match for a language nobody ships.
                found_file = found_file or name != "en-US" or lang.startswith("en")
        if not found_file and (strict or not chain or chain[-1].lang != "en-US"):
            raise StyleError(str(directory / f"locales-{lang}.xml"), 0, f"unknown locale '{lang}'")
        self.chain = chain
        self.options: dict[str, str] = {}
        for data in reversed(chain):
            self.options.update(data.options)
        # Ordinals: the first locale in the chain that defines any ordinal term decides all of them
        # (a French locale's "ordinal" must not let en-US's "ordinal-03" give "3rd").
        self.ordinal_chain = chain
        for i, data in enumerate(chain):
            if data.has_ordinals:
                self.ordinal_chain = chain[i : i + 1]
                break

    def term_entry(self, name: str, form: str = "long", gender_form: str = "") -> Term | None:
        chain = self.ordinal_chain if name.startswith(("ordinal", "long-ordinal")) else self.chain
        for candidate in FORM_FALLBACK.get(form, (form, "long")):
            for data in chain:
                bucket = data.terms.get((name, candidate))
                if not bucket:
                    continue
                if gender_form:
                    for term in bucket:
                        if term.gender_form == gender_form:
                            return term
                for term in bucket:
                    if not term.gender_form:
                        return term
                return self._neuter(name, candidate, bucket, data)
        return None

    def _citeproc_base(self, lang: str) -> LocaleData | None:
        """The locale citeproc-js loads under ``lang`` (CSL.localeResolve): its language's in CSL.LANG_BASES,
        en-US for a language missing there; none where that is ``lang`` itself."""
        name = _CITEPROC_BASES.get(unicode_lower(lang.split("-", maxsplit=1)[0]), "en-US")
        if not lang or name == lang:
            return None
        found = next((data for data in self.chain if data.lang == name), None)
        return found if found is not None else locale_file(self.directory, name)

    def _neuter(self, name: str, form: str, bucket: list[Term], data: LocaleData) -> Term | None:
        """The form citeproc-js gives a term that ``data`` defines only in gendered forms, where no gender or
        another one is asked for. citeproc-js loads a locale over its base (the next in the chain: pt-PT
        under pt-BR, en-US under a language it does not know, such as gl-ES), keeps the base's neutral form,
        and only where there is none, in a locale with an ``ordinal`` term, takes the feminine form, else
        the masculine one. The base's ``ordinal`` terms are dropped by a locale with an ``ordinal`` term of
        its own; an ``ordinal-NN`` has no neutral form at all (its locale's ``ordinal`` answers)."""
        if name.startswith("ordinal-"):
            return None
        base_data = self._citeproc_base(data.lang)
        if name != "ordinal" and base_data is not None:
            base = base_data.terms.get((name, form))
            if base:
                neuter = next((term for term in base if not term.gender_form), None)
                if neuter is None and _has_ordinal_term(base_data):
                    neuter = _feminine_else_masculine(base)
                if neuter is not None:
                    return neuter
        if name == "ordinal" or _has_ordinal_term(data):
            return _feminine_else_masculine(bucket)
        return bucket[0]

    def term(self, name: str, form: str = "long", plural: bool = False, gender_form: str = "") -> str | None:
        entry = self.term_entry(name, form, gender_form)
        if entry is None:
            return None
        return entry.multiple if plural else entry.single

    def gender(self, name: str) -> str:
        entry = self.term_entry(name, "long")
        return entry.gender if entry else ""

    def date_format(self, form: str) -> Element | None:
        for data in self.chain:
            if form in data.dates:
                return data.dates[form]
        return None

    def option(self, name: str) -> bool:
        return self.options.get(name, "false") == "true"
