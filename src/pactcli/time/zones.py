"""Time zones: IANA zones from the ``tzdata`` package, labelled fixed offsets, and store aliases.

pactcli never reads the host's zone database: two machines with different system tzdata (or none) must
print the same local times, so every IANA zone is loaded from the ``tzdata`` wheel pactcli depends on.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import NamedTuple
from zoneinfo import ZoneInfo

import tzdata

from pactcli.errors import UsageError

TZDATA_VERSION: str = tzdata.IANA_VERSION
# The wheel's files, read directly: importlib.resources would cost more start-up time than the whole lookup.
_TZDATA_DIR = Path(tzdata.__file__).parent

# The one grammar of a fixed offset, for --tz, store zones and date suffixes alike: +03, +0300, +03:00, with
# an optional UTC prefix (UTC+03:00), and Z. One-digit hours (UTC+3) stay refused with the GMT+3 forms: POSIX
# reads "UTC+3" as three hours *behind*.
_OFFSET = re.compile(r"^(?:UTC)?([+-])(\d{2})(?::?(\d{2}))?$", re.IGNORECASE)

# What a store zone name may not look like, case-insensitively, besides a tzdata key: a fixed-offset form or a
# spelling of UTC that some program reads as one (Z, UT, GMT-5, utc-3, 0300).
_OFFSET_LIKE = re.compile(r"^(?:(?:utc|gmt|ut|uct|z|zulu)(?:[-+_]?\d.*)?|[-+]?\d.*)$", re.IGNORECASE)

# tzdata keys that are UTC under another name: one clock, shown once.
_UTC_KEYS = frozenset(
    """utc uct universal zulu gmt gmt0 gmt+0 gmt-0 greenwich etc/utc etc/uct etc/universal etc/zulu etc/gmt
    etc/gmt0 etc/gmt+0 etc/gmt-0 etc/greenwich""".split()  # noqa: SIM905 - a list of 18 names reads better so
)

# Legacy abbreviation-like keys that the tz database still carries. They are fixed offsets that do not mean
# what a reader of 1940s sources expects (EST is -05:00 all year, while New York kept EWT, -04:00, from 1942
# to 1945), and "GMT+3"-style names invert the sign. Refuse them and say what to write instead.
_MISLEADING = frozenset(
    {"EST", "MST", "HST", "EST5EDT", "CST6CDT", "MST7MDT", "PST8PDT", "CET", "EET", "MET", "WET"}
)


class Zone(NamedTuple):
    """A resolved clock: ``name`` as the user or store wrote it canonically, ``label`` for headings."""

    name: str
    label: str
    tz: dt.tzinfo
    fixed: bool

    def localize(self, instant: dt.datetime) -> dt.datetime:
        """The wall-clock reading of an aware instant in this zone."""
        try:
            return instant.astimezone(self.tz)
        except (OverflowError, ValueError) as exc:  # zoneinfo fails near year 1 and 9999
            raise UsageError(f"{instant.isoformat()} cannot be shown in {self.name}: {exc}") from None

    def abbreviation(self, instant: dt.datetime) -> str:
        """The zone abbreviation in force at the instant (MSK, JST, CEMT…); numeric for fixed offsets."""
        local = self.localize(instant)
        if self.fixed:
            return format_offset(local.utcoffset(), short=True)
        return local.tzname() or format_offset(local.utcoffset(), short=True)


class NamedZone(NamedTuple):
    """A ``[[zones]]`` entry of a store: a labelled fixed offset or a labelled alias of an IANA zone."""

    name: str
    label: str
    offset: dt.timedelta | None
    iana: str | None
    note: str | None = None


def format_offset(offset: dt.timedelta | None, short: bool = False) -> str:
    """``+03:00`` (or ``+03`` when short and whole hours); ``+00:00`` for UTC."""
    if offset is None:
        return ""
    total = int(offset.total_seconds())
    sign = "-" if total < 0 else "+"
    total = abs(total)
    hours, rest = divmod(total, 3600)
    minutes, seconds = divmod(rest, 60)
    text = f"{sign}{hours:02d}"
    if minutes or seconds or not short:
        text += f":{minutes:02d}"
    if seconds:
        text += f":{seconds:02d}"
    return text


def parse_offset(text: str) -> dt.timedelta | None:
    """``+09:00`` / ``+0900`` / ``+09`` / ``UTC+09:00`` / ``Z`` → timedelta; None when it is not an offset."""
    stripped = text.strip()
    if stripped in ("Z", "z"):
        return dt.timedelta(0)
    match = _OFFSET.match(stripped)
    if not match:
        return None
    sign, hours, minutes = match.groups()
    minutes = minutes or "00"
    if int(hours) > 23 or int(minutes) > 59:
        return None
    delta = dt.timedelta(hours=int(hours), minutes=int(minutes))
    return -delta if sign == "-" else delta


@cache
def _iana_keys() -> dict[str, str]:
    """Every key the tzdata package ships, by its lower-case form."""
    listing = (_TZDATA_DIR / "zones").read_text(encoding="utf-8")
    return {key.lower(): key for key in listing.split()}


def iana_names() -> list[str]:
    """All IANA zone names pactcli knows (for completion and suggestions)."""
    return sorted(_iana_keys().values())


@cache
def _load_iana(key: str) -> ZoneInfo:
    # The key has been checked against tzdata's own list, so it cannot name a path outside the package.
    with _TZDATA_DIR.joinpath("zoneinfo", *key.split("/")).open("rb") as handle:
        return ZoneInfo.from_file(handle, key=key)


def iana_zone(key: str) -> ZoneInfo:
    """The tzdata zone of an exact IANA key (as read back from pactcli's index cache)."""
    if canonical_iana(key) != key:
        raise ValueError(f"not a tzdata key: {key!r}")
    return _load_iana(key)


def canonical_iana(name: str) -> str | None:
    """The tzdata spelling of an IANA name given in any case, or None."""
    if len(name) > 64:
        return None
    return _iana_keys().get(name.lower())


def resolve(name: str, named: Mapping[str, NamedZone] | None = None) -> Zone:
    """Resolve a zone name as a user or store may write it; raise ``UsageError`` with a hint otherwise.

    Offsets and tzdata names come first, a store's own ``[[zones]]`` names after them: the validator refuses
    a store zone named like a tzdata zone or an offset (:func:`builtin_meaning`), and even a store that got
    past it cannot change what ``UTC`` or ``Asia/Tokyo`` means.
    """
    text = name.strip()
    if not text:
        raise UsageError("empty zone name")
    named = named or {}
    if text in ("Z", "z"):
        text = "UTC"
    offset = parse_offset(text)
    if offset is not None:
        label = format_offset(offset)
        return Zone(label, "UTC" + label if offset else "UTC", dt.timezone(offset), fixed=True)
    key = canonical_iana(text)
    if key is not None and key.upper() not in _MISLEADING:
        # Column headings name the city (Moscow, Tokyo); JSON and --tz keep the full IANA name.
        label = key.rsplit("/", 1)[-1].replace("_", " ")
        return Zone(key, label, _load_iana(key), fixed=key.lower() in _UTC_KEYS)
    alias = named.get(text.lower()) if key is None else None
    if alias is not None:
        if alias.offset is not None:
            return Zone(alias.name, alias.label, dt.timezone(alias.offset), fixed=True)
        assert alias.iana is not None
        base = resolve(alias.iana)
        return Zone(alias.name, alias.label, base.tz, fixed=base.fixed)
    shown = text if len(text) <= 40 else text[:40] + "…"
    if key is not None or re.match(r"^(GMT|UTC)[+-]\d", text, re.IGNORECASE):
        raise UsageError(
            f"ambiguous zone {shown!r}: use a place name such as America/New_York or a fixed offset such as "
            "+03:00 (in tz, 'Etc/GMT+3' means UTC-3)"
        )
    hint = suggest(text, [*iana_names(), *(z.name for z in named.values())])
    raise UsageError(f"unknown zone {shown!r}" + (f"; did you mean {hint}?" if hint else ""))


# Names a system zoneinfo directory has beside the zones (zoneinfo.available_timezones() lists some of them):
# pactcli never reads the host's database, but a store zone so named would still mislead a reader.
_HOST_TZ_NAMES = frozenset({"localtime", "posixrules", "factory", "posix", "right", "leapseconds"})


@cache
def _all_tzdata_names() -> frozenset[str]:
    """Every name tzdata gives a meaning to, lower-cased: its zone list (zones and backward links) and every
    file of its zoneinfo tree (so a link missing from the list still counts)."""
    names = set(_iana_keys())
    root = _TZDATA_DIR / "zoneinfo"
    for path in root.rglob("*"):
        if (
            path.is_file()
            and path.name != "__init__.py"
            and not path.name.endswith((".py", ".pyc", ".tab", ".zi"))
        ):
            names.add(path.relative_to(root).as_posix().lower())
    return frozenset(names)


def builtin_meaning(name: str) -> str | None:
    """What ``name`` already means without any store (compared case-insensitively), or None.

    A store zone with such a name would shadow it (a store's ``utc`` at +05:00 changing every "UTC" column),
    so the validator refuses it: a tzdata zone or link (``Japan``, ``W-SU``, ``Zulu``, ``GMT-0``), a
    fixed-offset form (``+03``, ``UTC+3``, ``Z``) or another spelling of UTC (``UT``, ``gmt-5``).
    """
    text = name.strip()
    if text.lower() in _all_tzdata_names():
        return f"the tzdata zone {canonical_iana(text) or text}"
    if text.lower() in _HOST_TZ_NAMES:
        return "a zone name of the host's tz database"
    if parse_offset(text) is not None or _OFFSET_LIKE.match(text):
        return "a fixed UTC offset"
    return None


def clock_key(zone: Zone) -> str:
    """One key per clock: the offset of a fixed zone (every spelling of UTC is ``+00:00``), else the key."""
    if zone.fixed:
        return format_offset(zone.tz.utcoffset(dt.datetime(2000, 1, 1)))
    return zone.name


def unique_clocks(chosen: list[Zone]) -> list[Zone]:
    """``chosen`` without repeats of the same clock (``--tz utc --tz UTC``, ``UTC`` and ``Etc/UTC``)."""
    seen: set[str] = set()
    out = []
    for zone in chosen:
        key = clock_key(zone)
        if key not in seen:
            seen.add(key)
            out.append(zone)
    return out


def suggest(text: str, candidates: list[str]) -> str:
    """Up to three close matches, quoted and joined, for 'did you mean' hints."""
    import difflib

    lowered = {c.lower(): c for c in candidates}
    close = difflib.get_close_matches(text.lower(), list(lowered), n=3, cutoff=0.6)
    tail = [c for c in lowered if "/" in c and c.rsplit("/", 1)[1] == text.lower()]
    picks = list(dict.fromkeys([*tail, *close]))[:3]
    return ", ".join(repr(lowered[p]) for p in picks)


def resolve_local(zone: Zone, naive: dt.datetime) -> tuple[dt.datetime | None, str | None]:
    """Attach ``zone`` to a wall-clock time; return (aware, None) or (None, why it is not unambiguous)."""
    if zone.fixed:
        return naive.replace(tzinfo=zone.tz), None
    try:
        first = naive.replace(tzinfo=zone.tz, fold=0)
        second = naive.replace(tzinfo=zone.tz, fold=1)
        off_first, off_second = first.utcoffset(), second.utcoffset()
        # A wall time in a gap does not survive a round trip through UTC.
        round_trip = first.astimezone(dt.timezone.utc).astimezone(zone.tz).replace(tzinfo=None)
    except (OverflowError, ValueError) as exc:
        return None, f"cannot be placed in {zone.name}: {exc}"
    if round_trip != naive:
        return (
            None,
            f"{naive.isoformat()} does not exist in {zone.name} (clocks skipped it); write the offset",
        )
    if off_first != off_second:
        return None, (
            f"{naive.isoformat()} happened twice in {zone.name} (clocks were set back); write the offset"
        )
    return first, None
