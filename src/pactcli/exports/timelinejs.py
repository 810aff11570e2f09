"""Knight Lab TimelineJS 3 JSON (https://timeline.knightlab.com/docs/json-format.html).

One slide per event. Date objects carry only the parts the stored precision supports (a month-precision
event has ``year`` and ``month``, never a ``day``), as numbers, as the documentation asks. TimelineJS has no
time zones: it builds a browser-local date from the parts and shows the parts as given, so the parts are the
event's own clock reading (the offset the source states, or tzdata's for a local clock time) and the slide's
``display_date`` names that clock: ``8 August 1945, 17:00 Moscow (UTC+03:00)``.

TimelineJS inserts ``headline``, ``text``, ``display_date`` and ``group`` with ``innerHTML`` (Text.js,
TimeGroup.js; media ``caption`` and ``credit`` too, which pactcli does not write): every one of them is
built by :func:`_h`, which escapes for HTML after control and bidi characters are made visible, so store text
(a title, a zone label in the date line, a tag) stays text. ``autolink`` is off so it cannot become links,
and ``<``, ``>`` and ``&`` are written as ``\u003c``… in the JSON, so the document can also be pasted into
a ``<script>`` element without ending it.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

from pactcli.exports import claim_when, precision_note, prepare_references, qualifier_words, reference_texts
from pactcli.render.safe import json_dumps, visible
from pactcli.store.model import Claim, Event, Store
from pactcli.time.clocks import iso_utc
from pactcli.time.dates import MONTH_NAMES, Precision, When, format_time
from pactcli.time.zones import Zone, format_offset

__all__ = ["date_object", "display_date", "document", "slide", "timeline_json"]


def date_object(when: When) -> dict[str, int]:
    """``{"year": 1945, "month": 8, "day": 8, "hour": 17, "minute": 0}``: only what the precision supports."""
    parts: dict[str, int] = {"year": when.year}
    if when.month is not None:
        parts["month"] = when.month
    if when.day is not None and when.month is not None:
        parts["day"] = when.day
    if when.time is not None and when.precision >= Precision.HOUR:
        parts["hour"] = when.time.hour
        if when.precision >= Precision.MINUTE:
            parts["minute"] = when.time.minute
        if when.precision >= Precision.SECOND:
            parts["second"] = when.time.second
    return parts


def _day_words(when: When) -> str:
    """``8 August 1945``, ``July 1942``, ``1939``."""
    if when.month is None:
        return str(when.year)
    month = f"{MONTH_NAMES[when.month - 1]} {when.year}"
    return month if when.day is None else f"{when.day} {month}"


def _clock(when: When) -> str:
    """``17:00``, ``c. 00:10``, ``22h`` (hour precision), ``17:00 (?)``; empty without a time of day."""
    if when.time is None:
        return ""
    if when.precision == Precision.HOUR:
        text = f"{when.time.hour:02d}h"
    else:
        text = format_time(when.time, when.precision)
    return ("c. " if when.approximate else "") + text + (" (?)" if when.uncertain else "")


def _clock_name(when: When, zone: Zone) -> str:
    """``Moscow (UTC+03:00)``: the zone's label and the offset the claim is stated in."""
    if when.offset is None:
        return zone.label
    return f"{zone.label} (UTC{format_offset(when.offset)})"


def _one(when: When, zone: Zone) -> str:
    if when.time is None:
        text = _day_words(when)
        return ("c. " if when.approximate else "") + text + (" (?)" if when.uncertain else "")
    return f"{_day_words(when)}, {_clock(when)} {_clock_name(when, zone)}"


def display_date(claim: Claim) -> str:
    """The slide's date line, naming the event's own clock: ``8 August 1945, 17:00 Moscow (UTC+03:00)``."""
    start, end, zone = claim.start, claim.end, claim.zone
    if end is None:
        return _one(start, zone)
    same_clock_day = (
        start.time is not None
        and end.time is not None
        and start.day is not None
        and (start.year, start.month, start.day, start.offset) == (end.year, end.month, end.day, end.offset)
    )
    if same_clock_day:
        return f"{_day_words(start)}, {_clock(start)}–{_clock(end)} {_clock_name(start, zone)}"
    return f"{_one(start, zone)} – {_one(end, zone)}"


def _h(text: str) -> str:
    """Store text as HTML: controls and bidi marks visible, markup escaped, line breaks as ``<br>``."""
    return html.escape(visible(text, multiline=True), quote=True).replace("\n", "<br>")


def _body(store: Store, event: Event) -> str:
    claim = event.claim
    out: list[str] = []
    if event.summary:
        out.append(f"<p>{_h(event.summary)}</p>")
    when = f"<strong>When:</strong> {_h(display_date(claim))}"
    utc = [iso_utc(w.instant) for w in (claim.start, claim.end) if w is not None and w.instant is not None]
    if utc:
        when += " = UTC " + " – ".join(_h(str(u)) for u in utc)
    else:
        when += f" (the event's own civil day in {_h(claim.zone.label)}; no time of day is known)"
    out.append(f"<p>{when}<br><strong>Precision:</strong> {_h(precision_note(claim.start))}")
    if claim.end is not None and claim.end.precision != claim.start.precision:
        out[-1] += f"; end: {_h(precision_note(claim.end))}"
    for part, value in (("Start", claim.start), ("End", claim.end)):
        if value is not None and qualifier_words(value):
            out[-1] += f"<br>{part} is {qualifier_words(value)} ({_h(value.iso())})."
    out[-1] += "</p>"
    details = []
    if event.place:
        details.append(f"<strong>Place:</strong> {_h(event.place)}")
    if event.participants:
        details.append(f"<strong>Participants:</strong> {_h(', '.join(event.participants))}")
    if details:
        out.append("<p>" + "<br>".join(details) + "</p>")
    if event.disputes:
        out.append(f"<p><strong>Disputed:</strong> {len(event.disputes)} other claim(s)</p><ul>")
        for dispute in event.disputes:
            item = _h(claim_when(dispute))
            if dispute.note:
                item += f": {_h(dispute.note)}"
            refs = reference_texts(store, dispute.sources)
            if refs:
                item += "<br><em>Sources:</em> " + "; ".join(_h(r) for r in refs)
            out.append(f"<li>{item}</li>")
        out.append("</ul>")
    out.append("<p><strong>Sources</strong></p><ol>")
    out.extend(f"<li>{_h(ref)}</li>" for ref in reference_texts(store, event.sources))
    out.append("</ol>")
    return "".join(out)


def slide(store: Store, event: Event) -> dict[str, object]:
    """One TimelineJS slide object."""
    claim = event.claim
    result: dict[str, object] = {"start_date": date_object(claim.start)}
    if claim.end is not None:
        result["end_date"] = date_object(claim.end)
    result["display_date"] = _h(display_date(claim))  # innerHTML in TimelineJS; the zone label is store text
    result["text"] = {"headline": _h(event.title), "text": _body(store, event)}
    if event.tags:
        result["group"] = _h(event.tags[0])  # the lane: the event's first tag
    result["unique_id"] = event.id
    result["autolink"] = False
    return result


def document(store: Store, events: Sequence[Event]) -> dict[str, object]:
    """The whole TimelineJS JSON object: a title slide and one slide per event, in the given order."""
    intro = (
        f"<p>{len(events)} event(s). Each date is shown in the event's own clock, which is named with it; "
        "a date without a time of day is that place's civil day. Exported by pactcli.</p>"
    )
    prepare_references(store, events)
    return {
        "title": {"text": {"headline": _h(store.title or "pactcli chronology"), "text": intro}},
        "events": [slide(store, event) for event in events],
        "scale": "human",
    }


def timeline_json(store: Store, events: Sequence[Event]) -> str:
    """The document as JSON text (UTF-8 text kept readable; C1 and bidi characters written as ``\\uXXXX``)."""
    text = json_dumps(document(store, events), indent=2)
    # Outside strings JSON has no < > &, so this changes only string contents, and only their spelling.
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026") + "\n"
