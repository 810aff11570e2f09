"""``pactcli publish``: the chronology as one self-contained, interactive HTML page.

The page is a document first: the list of events (every claim in its own clock and in the display zones,
disputes, sources with their locators, the reference list in the chosen citation style) is plain HTML and
is the whole content without JavaScript. One script (``page.js``, inlined) adds the zoomable chart, the
event panel with every claim in the clocks the reader picks, search and tag filters. It never builds markup
from strings: it reads the data block and creates elements with ``textContent``.

Nothing is loaded from outside: the style sheet and the script are inlined and allowed by their SHA-256
hashes in a Content-Security-Policy ``meta`` whose default is ``'none'``; there are no inline event handlers,
fonts, images or links to load. Local times in every offered zone are computed here, with pactcli's zone
code (tzdata), and embedded: the browser never converts a time itself.

Store text is data: every string goes through :mod:`pactcli.render.safe` (the one policy for control, format
and separator characters, shown as visible escapes), then HTML escaping for the markup, or
:func:`~pactcli.render.safe.script_json` for the data block, where ``</script>``, ``<!--`` and U+2028/2029
cannot end the element or the string.
"""

from __future__ import annotations

import base64
import datetime as dt
import functools
import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from importlib import resources
from typing import Any

from pactcli import __version__, citations
from pactcli.errors import PactError
from pactcli.exports import precision_note, qualifier_words
from pactcli.exports.chart import certain_span, claim_span, kind_of, lane_name
from pactcli.render.safe import html_text, script_json, visible
from pactcli.store.model import Claim, Event, SourceRef, Store
from pactcli.time.clocks import iso_utc, offset_notes, own_text, reading
from pactcli.time.dates import MONTH_ABBR, Precision, When
from pactcli.time.zones import TZDATA_VERSION, Zone, format_offset

__all__ = ["content_security_policy", "page", "picker_zones"]

KIND_WORDS = {
    "instant": "instant",
    "range": "range",
    "uncertain": "reduced precision",
    "disputed": "disputed",
}


@functools.cache
def asset(name: str) -> str:
    """A static file of the page (``page.js``, ``page.css``), shipped inside the package."""
    return resources.files(__package__).joinpath(name).read_text(encoding="utf-8")


def _sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


def content_security_policy(script: str, style: str) -> str:
    """Nothing from anywhere, except the one inline script and style sheet, allowed by their hashes."""
    return (
        f"default-src 'none'; script-src {_sha256(script)}; style-src {_sha256(style)}; "
        "img-src 'none'; font-src 'none'; connect-src 'none'; media-src 'none'; object-src 'none'; "
        "frame-src 'none'; worker-src 'none'; manifest-src 'none'; base-uri 'none'; form-action 'none'"
    )


def picker_zones(events: Iterable[Event], display: Sequence[Zone]) -> list[Zone]:
    """The zones a reader can pick: the display zones, then every zone a claim of the events is stated in."""
    chosen: dict[str, Zone] = {}
    for zone in display:
        chosen.setdefault(zone.name, zone)
    for event in events:
        for claim in event.claims():
            chosen.setdefault(claim.zone.name, claim.zone)
    return list(chosen.values())


def _ms(value: dt.datetime) -> int:
    return int(value.timestamp() * 1000)


def _zone_reading(when: When, zone: Zone) -> list[str] | None:
    """``["8 Aug 1945 23:00", "JST", "+09:00", "+1d"]``: the local reading, computed with tzdata here."""
    try:
        got = reading(when, zone)
    except PactError:  # an instant within hours of year 1 or 9999 that a zone cannot show
        return None
    local = got.local
    if local is None:
        return None
    text = f"{local.day} {MONTH_ABBR[local.month - 1]} {local.year} {got.clock}"
    return [text, visible(got.abbreviation), format_offset(local.utcoffset()), got.marker]


def _times(when: When | None, zones: Sequence[Zone], strings: _Table) -> list[list[object] | None] | None:
    """Each zone's reading: ``[local text, abbreviation, offset, day shift]``, the last three by index."""
    if when is None or when.instant is None:
        return None
    out: list[list[object] | None] = []
    for zone in zones:
        got = _zone_reading(when, zone)
        out.append(None if got is None else [got[0], *(strings.add(part) for part in got[1:])])
    return out


def _runs(runs: Iterable[Sequence[Any]]) -> list[str | list[str]]:
    """Citation runs as JSON: plain text as a string, italic text as a one-string list."""
    return [[visible(str(seg[0]))] if seg[1] else visible(str(seg[0])) for seg in runs]


def _runs_html(runs: Iterable[Sequence[Any]]) -> str:
    return "".join(f"<i>{html_text(str(s[0]))}</i>" if s[1] else html_text(str(s[0])) for s in runs)


def _as_runs(entry: str) -> tuple[tuple[str, bool], ...]:
    """The processor's HTML as runs of (text, italic), which the page's script shows with ``textContent``."""
    from pactcli.render.citation_text import merged, runs

    return tuple((text, "italic" in formats) for text, formats in merged(runs(entry)))


class _Citations:
    """Citations through the same entry points as ``pactcli cite`` (:mod:`pactcli.citations`, the CSL
    processor)."""

    def __init__(self, store: Store, style: str) -> None:
        self.store = store
        self.style = citations.resolve_style(style)
        self.note_style = citations.is_note_style(self.style)
        self._csl: dict[str, dict[str, Any]] = {}
        self._entries: dict[str, Sequence[Sequence[Any]]] = {}
        self._notes: dict[tuple[SourceRef, ...], list[Sequence[Sequence[Any]]]] = {}

    def prepare(self, events: Sequence[Event], source_ids: Sequence[str]) -> None:
        """Every event's notes and every source's entry, formatted once for the whole page and kept as one
        entry of the rendered-citation cache (:mod:`pactcli.citations.rendered`): publishing an unchanged
        store again formats nothing. Each event's notes are still formatted on their own (positions start
        afresh in every event's panel)."""
        from pactcli.citations import rendered

        known = [sid for sid in source_ids if sid in self.store.sources]
        lists = list(
            dict.fromkeys(
                tuple(ref for ref in e.cited_sources() if ref.id in self.store.sources) for e in events
            )
        )
        request = {
            "page": [[[ref.id, ref.locator, ref.label, ref.pinpoint] for ref in refs] for refs in lists],
            "entries": known,
            "store-sources": {sid: self.store.sources[sid].fields for sid in known},
            **citations.style_request(self.style, None),
        }

        def compute() -> list[str]:
            out = [json.dumps([self._entry_html(sid) for sid in known])]
            for refs in lists:
                clusters = [[citations.cite_of(self.csl(ref.id), ref)] for ref in refs]
                out.append(
                    json.dumps(citations.cluster_notes(clusters, self.style, cached=False) if refs else [])
                )
            return out

        found = rendered.cached(request, compute)
        for sid, entry in zip(known, json.loads(found[0]), strict=True):
            self._entries[sid] = _as_runs(entry) if entry else ((sid, False),)
        for refs, notes in zip(lists, found[1:], strict=True):
            self._notes[refs] = [_as_runs(note) for note in json.loads(notes)]

    def _entry_html(self, source_id: str) -> str:
        item = self.csl(source_id)
        found = citations.bibliography([item], self.style, cached=False)
        if not found:  # a style without a bibliography, or one that leaves this item out of it
            found = citations.cluster_notes([[citations.Cite(item)]], self.style, cached=False)
        return found[0] if found else ""

    def csl(self, source_id: str) -> dict[str, Any]:
        if source_id not in self._csl:
            self._csl[source_id] = citations.to_csl(source_id, self.store.sources[source_id].fields)
        return self._csl[source_id]

    def entry(self, source_id: str) -> Sequence[Sequence[Any]]:
        """The source's full reference: its bibliography entry (or full note, where the style lists none)."""
        if source_id not in self._entries:
            entry = self._entry_html(source_id)
            self._entries[source_id] = _as_runs(entry) if entry else ((source_id, False),)
        return self._entries[source_id]

    def notes(self, refs: Sequence[SourceRef]) -> list[Sequence[Sequence[Any]]]:
        """The event's citations, one per source reference, as `cite EVENT --notes --note-per source`
        formats them (the panel lists them under the claim they support, so without "for the claim of")."""
        known = tuple(ref for ref in refs if ref.id in self.store.sources)
        runs = self._notes.get(known)
        if runs is None:
            clusters = [[citations.cite_of(self.csl(ref.id), ref)] for ref in known]
            notes = citations.cluster_notes(clusters, self.style, cached=False) if clusters else []
            runs = self._notes[known] = [_as_runs(note) for note in notes]
        by_ref = dict(zip(known, runs, strict=True))
        return [by_ref.get(ref, ((f"{ref.id} (not in the loaded stores)", False),)) for ref in refs]


class _Table:
    """Repeated values written once: the data refers to them by index (a 10,000-event page stays small)."""

    def __init__(self) -> None:
        self.index: dict[str, int] = {}
        self.values: list[object] = []

    def add(self, value: object) -> int:
        key = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
        found = self.index.get(key)
        if found is None:
            found = self.index[key] = len(self.values)
            self.values.append(value)
        return found


class _Numbers:
    """Reference numbers for the page's source list, in order of first mention."""

    def __init__(self) -> None:
        self.numbers: dict[str, int] = {}

    def number(self, source_id: str) -> int:
        return self.numbers.setdefault(source_id, len(self.numbers) + 1)


def _claim_when_text(claim: Claim) -> str:
    text = own_text(claim.start, claim.zone)
    if claim.end is not None:
        text += " – " + own_text(claim.end, claim.zone)
    return visible(text)


def _datetime_attr(when: When) -> str:
    if when.instant is not None:
        return iso_utc(when.instant) or ""
    return when.iso().rstrip("~?%")


def _qualifiers(claim: Claim) -> str:
    words = []
    for part, when in (("start", claim.start), ("end", claim.end)):
        if when is not None and qualifier_words(when):
            words.append(f"{part} {qualifier_words(when)}")
    return "; ".join(words)


def _precision(claim: Claim) -> str:
    text = precision_note(claim.start)
    if claim.end is not None and claim.end.precision != claim.start.precision:
        text += "; end: " + precision_note(claim.end)
    return text


def _claim_record(
    claim: Claim, zones: Sequence[Zone], refs: Sequence[SourceRef], numbers: _Numbers, strings: _Table
) -> dict[str, object]:
    span = claim_span(claim)
    certain = certain_span(claim)
    own_zone = visible(claim.zone.label) + (
        f" ({visible(claim.zone.name)})" if claim.zone.name != claim.zone.label else ""
    )
    record: dict[str, object] = {
        "raw": visible(claim.start.raw + (f" – {claim.end.raw}" if claim.end else "")),
        "own": _claim_when_text(claim),
        "zone": strings.add(own_zone),
        "precision": strings.add(_precision(claim)),
        "span": [_ms(span.start), _ms(span.end)],
        "refs": [refs.index(ref) for ref in claim.sources],
    }
    if certain is not None:
        record["certain"] = [_ms(certain.start), _ms(certain.end)]
    if _qualifiers(claim):
        record["qualifiers"] = strings.add(_qualifiers(claim))
    utc = [iso_utc(w.instant) for w in (claim.start, claim.end) if w is not None and w.instant is not None]
    if utc:
        record["utc"] = " – ".join(str(u) for u in utc)
    notes = offset_notes(claim.start, claim.zone)
    if notes:
        record["offsets"] = [strings.add(visible(n)) for n in notes]
    start_times = _times(claim.start, zones, strings)
    if start_times is not None:
        record["times"] = start_times
    end_times = _times(claim.end, zones, strings)
    if end_times is not None:
        record["endTimes"] = end_times
    if claim.note:
        record["note"] = visible(claim.note, multiline=True)
    for ref in claim.sources:
        numbers.number(ref.id)
    return record


def _event_record(
    event: Event,
    zones: Sequence[Zone],
    cite: _Citations,
    numbers: _Numbers,
    sources: Mapping[str, int],
    tables: tuple[_Table, _Table, _Table],
) -> dict[str, object]:
    """What the script needs beyond the list's own text (place and summary are read from the list)."""
    strings, cites, tags = tables
    refs = list(event.cited_sources())
    notes = cite.notes(refs)
    record: dict[str, object] = {
        "id": event.id,
        "title": visible(event.title),
        "kind": kind_of(event).value,
        "lane": lane_name(event, "tag"),
        "claims": [_claim_record(c, zones, refs, numbers, strings) for c in event.claims()],
    }
    ref_records = []
    for ref, runs in zip(refs, notes, strict=True):
        quote = getattr(ref, "quote", None)  # references may carry the quoted words (store format)
        item: list[object] = [
            sources.get(ref.id, -1),
            cites.add(_runs(runs)),
            visible(ref.locator) if ref.locator else None,
            visible(str(quote), multiline=True) if quote else None,
        ]
        while item[-1] is None:
            item.pop()
        ref_records.append(item)
        numbers.number(ref.id)
    record["refs"] = ref_records
    if event.participants:
        record["participants"] = [visible(p) for p in event.participants]
    if event.text:
        record["text"] = visible(event.text, multiline=True)
    if event.text_source is not None:
        record["textRef"] = refs.index(event.text_source)
    if event.tags:
        record["tags"] = [tags.add(visible(t)) for t in event.tags]
    return record


def _reading_line(when: When, zones: Sequence[Zone]) -> str:
    """``Tokyo 8 Aug 1945 23:00 JST · …``: plain text, so that a 10,000-event list stays light."""
    parts = []
    for zone in zones:
        got = _zone_reading(when, zone)
        if got is None:
            continue
        text, abbr, _offset, marker = got
        parts.append(f"{zone.label} {text} {abbr}" + (f" ({marker})" if marker else ""))
    return html_text(" · ".join(parts))


def _markers(refs: Sequence[SourceRef], numbers: _Numbers) -> str:
    out = []
    for ref in refs:
        number = numbers.number(ref.id)
        locator = f" {html_text(ref.locator)}" if ref.locator else ""
        out.append(f'<a href="#src_{number}" class="ref">[{number}]</a>{locator}')
    return "; ".join(out)


def _claim_html(claim: Claim, zones: Sequence[Zone], numbers: _Numbers) -> str:
    when = claim.start
    own = f'<time datetime="{html_text(_datetime_attr(when))}">{html_text(_claim_when_text(claim))}</time>'
    zone = html_text(claim.zone.label)
    if when.instant is not None:
        clocks = f'<span class="clocks">{_reading_line(when, zones)}</span>'
    else:
        clocks = '<span class="clocks noconv">no time of day: not converted to other clocks</span>'
    # Exact times say their precision themselves; anything coarser says what it is.
    exact = all(w.precision >= Precision.MINUTE for w in (claim.start, claim.end) if w is not None)
    words = [] if exact else [_precision(claim)]
    if _qualifiers(claim):
        words.append(_qualifiers(claim))
    precision = f" <small>{html_text('; '.join(words))}</small>" if words else ""
    return f"<b>{own}</b> ({zone}){precision} {clocks}"


def _event_html(number: int, event: Event, zones: Sequence[Zone], numbers: _Numbers) -> str:
    eid = html_text(event.id)
    kind = kind_of(event).value
    badge = ' <span class="badge">disputed</span>' if event.disputes else ""
    tags = " ".join(html_text(t) for t in event.tags)
    parts = [
        f'<li class="ev k-{kind}" id="{eid}">',
        f'<h3>{number}. <a href="#{eid}">{html_text(event.title)}</a>{badge}</h3>',
        f'<p class="when">{_claim_html(event.claim, zones, numbers)}</p>',
    ]
    if event.place:
        parts.append(f'<p class="place">{html_text(event.place)}</p>')
    if event.participants:
        parts.append(f'<p class="people">With: {html_text("; ".join(event.participants))}</p>')
    if event.summary:
        parts.append(f'<p class="summary">{html_text(event.summary, multiline=True)}</p>')
    parts.append(f'<p class="srcs">Sources: {_markers(event.sources, numbers)}</p>')
    if event.disputes:
        parts.append(f'<div class="disputes"><p>Disputed: {len(event.disputes)} other claim(s)</p><ul>')
        for claim in event.disputes:
            note = f'<span class="note">{html_text(claim.note, multiline=True)}</span>' if claim.note else ""
            parts.append(
                f"<li>{_claim_html(claim, zones, numbers)}{note}"
                f'<span class="dsrcs">Sources: {_markers(claim.sources, numbers)}</span></li>'
            )
        parts.append("</ul></div>")
    if tags:
        parts.append(f'<p class="tags">Tags: {tags}</p>')
    parts.append("</li>")
    return "".join(parts)


LEGEND = (
    '<ul class="legend" aria-label="Chart key">'
    '<li><span class="sw solid"></span> a range (what it certainly covers)</li>'
    '<li><span class="sw fuzzy"></span> what a date of reduced precision covers: its whole hour, day, '
    "month or year in the event's own zone, no time of day invented</li>"
    '<li><span class="sw point"></span> an instant (or narrower than a few pixels)</li>'
    '<li><span class="sw claim"></span> another claim of a disputed event, joined to the main claim by a '
    "line</li></ul>"
)


def page(
    store: Store,
    events: Sequence[Event],
    zones: Sequence[Zone],
    style: str,
    caption: str = "",
) -> str:
    """The whole HTML document for ``events`` (in the order given), with ``zones`` as the default clocks."""
    offered = picker_zones(events, zones)
    default = [offered.index(z) for z in offered if z.name in {d.name for d in zones}]
    cite = _Citations(store, style)
    numbers = _Numbers()
    for event in events:  # number the sources in order of first mention, as the list shows them
        for ref in event.cited_sources():
            numbers.number(ref.id)
    source_ids = list(numbers.numbers)
    cite.prepare(events, source_ids)
    index = {sid: n for n, sid in enumerate(source_ids)}
    tables = (_Table(), _Table(), _Table())
    records = [_event_record(e, offered, cite, numbers, index, tables) for e in events]
    items = [_event_html(n, e, zones, numbers) for n, e in enumerate(events, start=1)]
    sources_json = []
    source_items = []
    for sid in source_ids:
        entry = cite.entry(sid) if sid in store.sources else ((f"{sid} (not in the loaded stores)", False),)
        kind = getattr(store.sources.get(sid), "kind", None)  # primary/secondary/tertiary, where given
        record: dict[str, object] = {"id": sid, "entry": _runs(entry)}
        kind_html = ""
        if kind:
            record["kind"] = visible(str(kind))
            kind_html = f' <span class="skind">({html_text(str(kind))})</span>'
        sources_json.append(record)
        source_items.append(
            f'<li id="src_{numbers.number(sid)}">{_runs_html(entry)}{kind_html} '
            f'<code class="sid">{html_text(sid)}</code></li>'
        )
    lanes = list(dict.fromkeys(str(r["lane"]) for r in records))
    data = {
        "title": visible(store.title),
        "style": style,
        # A note style's first note of a source is its full citation; author-date styles' in-text citations
        # are short, so the panel adds each source's reference entry under them.
        "fullNotes": cite.note_style,
        "tzdata": TZDATA_VERSION,
        "zones": [{"name": visible(z.name), "label": visible(z.label)} for z in offered],
        "defaultZones": default,
        "lanes": [visible(name) for name in lanes],
        "sources": sources_json,
        "S": tables[0].values,
        "C": tables[1].values,
        "tags": tables[2].values,
        "events": [{**r, "lane": lanes.index(str(r["lane"]))} for r in records],
    }
    script, css = asset("page.js"), asset("page.css")
    title = html_text(store.title or "pactcli chronology")
    count = f"{len(events)} event{'s' if len(events) != 1 else ''}"
    shown_zones = ", ".join(html_text(z.label) for z in zones)
    return "".join(
        [
            '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n',
            f'<meta http-equiv="Content-Security-Policy" content="{content_security_policy(script, css)}">\n',
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n',
            '<meta name="referrer" content="no-referrer">\n',
            f'<meta name="generator" content="pactcli {html_text(__version__)}">\n',
            f"<title>{title}</title>\n<style>{css}</style>\n</head>\n<body>\n",
            '<a class="skip" href="#P_list">Skip to the events</a>\n',
            f'<header class="top"><h1>{title}</h1>\n<p class="meta">{count}',
            f" · {html_text(caption)}" if caption else "",
            f" · local times from tzdata {html_text(TZDATA_VERSION)} · citations: {html_text(style)}"
            f" · made with pactcli {html_text(__version__)}</p>\n",
            f'<p class="intro">Each event is given as its source states it, in its own clock, then in '
            f"{shown_zones}. A date without a time of day is the local day of the event's own place and is "
            "never converted; reduced precision (a month, a year) is shown as it is. Where sources disagree, "
            "every claim is listed with its sources.</p></header>\n",
            '<div id="P_controls" class="controls" hidden></div>\n',
            '<section id="P_chartbox" class="chartbox" hidden aria-label="Timeline chart"></section>\n',
            '<div class="layout">\n<main id="P_list" tabindex="-1">\n<h2>Events</h2>\n',
            '<p id="P_count" class="count" aria-live="polite"></p>\n',
            f'<ol class="events">{"".join(items)}</ol>\n',
            '<p class="none" id="P_none" hidden>No events match.</p>\n',
            f'<h2 id="P_sources">Sources</h2>\n<ol class="sources">{"".join(source_items)}</ol>\n',
            "</main>\n",
            '<aside id="P_panel" class="panel" hidden tabindex="-1" aria-label="Event details"></aside>\n',
            "</div>\n",
            f'<footer class="foot">{LEGEND}<p>The chart\'s time axis is UTC. Generated by pactcli '
            f"{html_text(__version__)} from {html_text(count)}; this file loads nothing from the network.</p>"
            "</footer>\n",
            f'<script type="application/json" id="P_data">{script_json(data)}</script>\n',
            f"<script>{script}</script>\n</body>\n</html>\n",
        ]
    )
