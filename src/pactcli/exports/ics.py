"""RFC 5545 iCalendar: one VEVENT per event, timed events in UTC, date-only events as all-day events.

The mapping (docs/exports.md has the full table):

* an instant (minute or second precision) → ``DTSTART:19450808T140000Z``, converted to UTC exactly from the
  offset the store holds (the source's, or tzdata's for a local clock time); a range's end → ``DTEND``;
* an hour-precision instant covers its hour: ``DTEND`` is one hour later (after the end, for a range);
* a day, month or year → an all-day span ``DTSTART;VALUE=DATE`` of the event's own civil day(s) (the first
  day it can mean) and ``DTEND;VALUE=DATE`` the day after the last day it can mean (RFC 5545 DTEND is
  exclusive); no time of day is ever invented, and a day is never moved into another zone's day;
* a range whose ends are not both instants (an instant to a day) → the all-day span of its civil days, with
  the clock times in DESCRIPTION;
* precision, EDTF qualifiers and disputes → ``X-PACTCLI-PRECISION``, ``X-PACTCLI-END-PRECISION``,
  ``X-PACTCLI-UNCERTAIN``, ``X-PACTCLI-DISPUTE`` (the free-text ones say ``VALUE=TEXT``, RFC 5545's default
  for X- properties, so that generic parsers unescape them), and in words in DESCRIPTION with the full
  references.

The output is deterministic: ``DTSTAMP`` is the fixed :data:`DTSTAMP`, not the time of the run.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Sequence

from pactcli import __version__
from pactcli.exports import claim_when, precision_note, prepare_references, qualifier_words, reference_texts
from pactcli.render.safe import visible
from pactcli.store.model import Claim, Event, Store
from pactcli.time.dates import Precision, When

__all__ = ["DTSTAMP", "PRODID", "calendar", "escape_text", "event_span", "fold"]

# RFC 5545 requires DTSTAMP in every VEVENT. A calendar file exported twice from the same store must be
# byte-identical, so it cannot be the time of the run; the store has no revision time of its own. The Unix
# epoch is a fixed, obviously-synthetic value (see docs/exports.md).
DTSTAMP = "19700101T000000Z"
PRODID = f"-//pactcli//pactcli {__version__}//EN"
UID_DOMAIN = "pactcli"

_LIMIT = 75  # octets per physical line, CRLF excluded (RFC 5545 section 3.1)
_ONE_HOUR = dt.timedelta(hours=1)


def escape_text(text: str, multiline: bool = True) -> str:
    r"""A TEXT value (RFC 5545 3.3.11): control and bidi characters made visible, then ``\\ ; , \n`` escaped.

    Store text is data: ESC, C1 controls, bidi overrides and the like become visible escapes (``\x1b``)
    before iCalendar escaping, so a calendar client shows them instead of obeying them. Line breaks are kept
    as ``\n`` where ``multiline``, else shown as a visible ``\n``.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = visible(text, multiline=multiline)
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


# An escape pair stays on one physical line (unfolding would rejoin it, but naive readers split on it).
_ATOMS = re.compile(r"\\.|.", re.DOTALL)


def fold(line: str) -> str:
    """Fold a content line at 75 octets (RFC 5545 3.1), never inside a UTF-8 sequence or an escape pair."""
    if len(line.encode("utf-8")) <= _LIMIT:
        return line
    pieces: list[str] = []
    current: list[str] = []
    size = 0
    for atom in _ATOMS.findall(line):
        octets = len(atom.encode("utf-8"))
        if size + octets > _LIMIT and current:
            pieces.append("".join(current))
            current, size = [], 1  # a continuation line starts with one space, which counts
        current.append(atom)
        size += octets
    pieces.append("".join(current))
    return "\r\n ".join(pieces)


def _utc(when: When) -> dt.datetime | None:
    instant = when.instant
    if instant is None:
        return None
    try:
        return instant.astimezone(dt.timezone.utc)
    except OverflowError:  # an instant within hours of year 1 or 9999; shown as its civil day instead
        return None


def _after(when: When, instant: dt.datetime) -> dt.datetime:
    """The exclusive end of an instant: an hour-precision time covers its whole hour."""
    if when.precision == Precision.HOUR:
        try:
            return instant + _ONE_HOUR
        except OverflowError:
            return instant
    return instant


def event_span(claim: Claim) -> tuple[dt.datetime, dt.datetime | None] | tuple[dt.date, dt.date | None]:
    """The DTSTART/DTEND values of a claim: aware UTC datetimes, or civil dates (DTEND exclusive).

    ``None`` as the end means "no DTEND": an instant with no duration, or an all-day span that would end
    past 9999-12-31.
    """
    start, end = claim.start, claim.end
    start_utc = _utc(start)
    end_utc = _utc(end) if end is not None else None
    if start_utc is not None and (end is None or end_utc is not None):
        stop = _after(start, start_utc) if end is None or end_utc is None else _after(end, end_utc)
        return start_utc, (stop if stop > start_utc else None)
    first = start.first_day()
    last = (end or start).last_day()
    return first, (last + dt.timedelta(days=1) if last < dt.date.max else None)


def _date_property(name: str, value: dt.date) -> str:
    if isinstance(value, dt.datetime):
        utc = value.astimezone(dt.timezone.utc)
        return f"{name}:{utc.year:04d}{utc.month:02d}{utc.day:02d}T{utc:%H%M%S}Z"
    return f"{name};VALUE=DATE:{value.year:04d}{value.month:02d}{value.day:02d}"


def _text(name: str, value: str, multiline: bool = False) -> str:
    return f"{name}:{escape_text(value, multiline=multiline)}"


def _uncertain_lines(claim: Claim) -> Iterator[str]:
    for part, when in (("start", claim.start), ("end", claim.end)):
        if when is not None and (when.approximate or when.uncertain):
            yield _text("X-PACTCLI-UNCERTAIN;VALUE=TEXT", f"{part}: {qualifier_words(when)} ({when.iso()})")


def _dispute_text(store: Store, claim: Claim) -> str:
    text = claim_when(claim)
    words = [qualifier_words(w) for w in (claim.start, claim.end) if w is not None and qualifier_words(w)]
    if words:
        text += f" [{'; '.join(words)}]"
    if claim.note:
        text += f": {claim.note}"
    refs = reference_texts(store, claim.sources)
    if refs:
        text += " Sources: " + " | ".join(refs)
    return text


def description(store: Store, event: Event) -> str:
    """The plain-text DESCRIPTION: summary, when (with precision and qualifiers), disputes, sources."""
    claim = event.claim
    parts: list[str] = []
    if event.summary:
        parts += [event.summary, ""]
    parts.append(f"When: {claim_when(claim)}")
    if claim.start.instant is None:
        parts.append(f"(The event's own civil day(s) in {claim.zone.label}; no time of day is known.)")
    elif claim.end is not None and claim.end.instant is None:
        parts.append(
            f"(Shown as all-day: the end has no time of day. The days are civil days in {claim.zone.label}.)"
        )
    parts.append(f"Precision: {precision_note(claim.start)}")
    if claim.end is not None and claim.end.precision != claim.start.precision:
        parts.append(f"End precision: {precision_note(claim.end)}")
    for part, when in (("Start", claim.start), ("End", claim.end)):
        if when is not None and qualifier_words(when):
            parts.append(f"{part} is {qualifier_words(when)} ({when.iso()}).")
    if claim.start.instant is not None:
        stated = "stated by the source" if claim.start.offset_stated else "from tzdata (local clock time)"
        parts.append(f"Zone: {claim.zone.label}; UTC offset {stated}.")
    else:
        parts.append(f"Zone: {claim.zone.label}.")
    if event.place:
        parts.append(f"Place: {event.place}")
    if event.participants:
        parts.append("Participants: " + ", ".join(event.participants))
    if event.disputes:
        parts += ["", f"Disputed: {len(event.disputes)} other claim(s):"]
        parts += [f"- {_dispute_text(store, dispute)}" for dispute in event.disputes]
    parts += ["", "Sources:"]
    parts += [f"[{n}] {text}" for n, text in enumerate(reference_texts(store, event.sources), start=1)]
    return "\n".join(parts)


def vevent(store: Store, event: Event) -> list[str]:
    """The unfolded content lines of one VEVENT."""
    claim = event.claim
    start, end = event_span(claim)
    lines = [
        "BEGIN:VEVENT",
        f"UID:{event.id}@{UID_DOMAIN}",
        f"DTSTAMP:{DTSTAMP}",
        _date_property("DTSTART", start),
    ]
    if end is not None:
        lines.append(_date_property("DTEND", end))
    lines.append(_text("SUMMARY", event.title))
    if event.place:
        lines.append(_text("LOCATION", event.place))
    if event.tags:
        lines.append("CATEGORIES:" + ",".join(escape_text(tag, multiline=False) for tag in event.tags))
    lines.append(_text("DESCRIPTION", description(store, event), multiline=True))
    lines.append("TRANSP:TRANSPARENT")  # history, not the reader's appointments: never "busy"
    lines.append(f"X-PACTCLI-PRECISION:{claim.start.precision.label}")
    if claim.end is not None:
        lines.append(f"X-PACTCLI-END-PRECISION:{claim.end.precision.label}")
    lines.extend(_uncertain_lines(claim))
    lines.extend(_text("X-PACTCLI-DISPUTE;VALUE=TEXT", _dispute_text(store, d)) for d in event.disputes)
    lines.append("END:VEVENT")
    return lines


def calendar(store: Store, events: Sequence[Event]) -> str:
    """The whole VCALENDAR, folded, with CRLF line endings."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        _text("PRODID", PRODID),
        "CALSCALE:GREGORIAN",
    ]
    if store.title:
        lines += [_text("NAME", store.title), _text("X-WR-CALNAME", store.title)]
    prepare_references(store, events)
    for event in events:
        lines.extend(vevent(store, event))
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
