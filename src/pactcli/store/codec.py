"""The model as JSON and back: how the index stores full records, without pickle.

Every model type is a NamedTuple, so a record is written field by field under the fields' own names, with
the type's name beside them: a field added to the model is stored and read back with no change here. Reading
builds only the types listed in :data:`TYPES` (and dates, times, offsets, zones), from plain JSON values, so
a planted or damaged index can give wrong data at worst (the cache's trust and key checks exclude that), never
run code, and any value it cannot rebuild raises :class:`CodecError`.
"""

from __future__ import annotations

import datetime as dt
import enum
import json
from collections.abc import Mapping
from typing import Any
from zoneinfo import ZoneInfo

from pactcli.store.model import Claim, Copy, Event, Source, SourceRef
from pactcli.time.dates import Precision, When
from pactcli.time.zones import NamedZone, Zone, iana_zone

TYPES: dict[str, type[Any]] = {
    cls.__name__: cls for cls in (Event, Claim, Source, SourceRef, Copy, When, Zone, NamedZone)
}
ENUMS: dict[str, type[enum.Enum]] = {"Precision": Precision}


class CodecError(ValueError):
    """A stored record that does not decode to the model (a damaged or foreign index)."""


_PLAIN = frozenset({str, int, float, bool, type(None)})
_FIELDS: dict[type, tuple[str, ...]] = {cls: cls._fields for cls in TYPES.values()}
# Fields equal to their default are left out (the constructor puts them back): shorter records, faster.
_DEFAULTS: dict[type, dict[str, object]] = {cls: dict(cls._field_defaults) for cls in TYPES.values()}


_ZONES: dict[object, object] = {}


def _encode_fields(kind: type, fields: tuple[str, ...], value: tuple[object, ...]) -> dict[str, object]:
    defaults = _DEFAULTS[kind]
    out: dict[str, object] = {"@": kind.__name__}
    for name, item in zip(fields, value, strict=True):
        if name in defaults:
            default = defaults[name]
            if item is default or (type(item) is type(default) and item == default):
                continue
        out[name] = item if type(item) in _PLAIN else encode(item)
    return out


def encode(value: object) -> object:
    """``value`` as plain JSON values (tagged objects for everything JSON has no type for)."""
    kind = type(value)
    if kind in _PLAIN:
        return value
    fields = _FIELDS.get(kind)
    if fields is not None:
        assert isinstance(value, tuple)
        if kind is Zone:  # one of a few values, repeated in every claim: encoded once
            # repr too: timezone objects compare equal by offset alone, whatever their names.
            key = (value, repr(value[2]))
            found = _ZONES.get(key)
            if found is None:
                found = _ZONES[key] = _encode_fields(kind, fields, value)
            return found
        return _encode_fields(kind, fields, value)
    if isinstance(value, enum.Enum):  # before int: Precision is an IntEnum
        return {"@enum": kind.__name__, "v": value.value}
    if isinstance(value, (str, int, float)):  # subclasses of the plain types
        return value
    if isinstance(value, tuple):
        if hasattr(value, "_fields"):
            raise TypeError(f"cannot store a {kind.__name__} in the index (add it to codec.TYPES)")
        return {"@tuple": [encode(item) for item in value]}
    if isinstance(value, list):
        return [encode(item) for item in value]
    if isinstance(value, Mapping):
        # Pairs, not an object: a key of the data can then never be mistaken for a tag.
        return {"@map": [[str(key), encode(item)] for key, item in value.items()]}
    if isinstance(value, dt.datetime):  # before date: a datetime is a date
        return {"@datetime": value.isoformat()}
    if isinstance(value, dt.date):
        return {"@date": value.isoformat()}
    if isinstance(value, dt.time):
        return {"@time": value.isoformat()}
    if isinstance(value, dt.timedelta):
        return {"@timedelta": [value.days, value.seconds, value.microseconds]}
    if isinstance(value, ZoneInfo):
        return {"@zoneinfo": str(value.key)}
    if isinstance(value, dt.timezone):
        offset = value.utcoffset(None)
        return {"@timezone": [offset.days, offset.seconds, offset.microseconds], "name": value.tzname(None)}
    raise TypeError(f"cannot store a {kind.__name__} in the index")


_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


def dumps(value: object) -> str:
    return _ENCODER.encode(encode(value))


def _delta(parts: object) -> dt.timedelta:
    if not (isinstance(parts, list) and len(parts) == 3 and all(type(p) is int for p in parts)):
        raise CodecError(f"bad offset {parts!r}")
    return dt.timedelta(days=parts[0], seconds=parts[1], microseconds=parts[2])


def _hook(obj: dict[str, Any]) -> object:
    if "@" in obj:
        cls = TYPES.get(obj.pop("@"))
        if cls is None:
            raise CodecError("unknown record type")
        return cls(**obj)
    if len(obj) == 1:
        ((tag, value),) = obj.items()
        if tag == "@tuple":
            return tuple(value)
        if tag == "@map":
            return {str(key): item for key, item in value}
        if tag == "@date":
            return dt.date.fromisoformat(value)
        if tag == "@datetime":
            return dt.datetime.fromisoformat(value)
        if tag == "@time":
            return dt.time.fromisoformat(value)
        if tag == "@timedelta":
            return _delta(value)
        if tag == "@zoneinfo":
            return iana_zone(value)
    elif "@enum" in obj:
        kind = ENUMS.get(obj["@enum"])
        if kind is None:
            raise CodecError("unknown enum")
        return kind(obj["v"])
    elif "@timezone" in obj:
        return dt.timezone(_delta(obj["@timezone"]), obj["name"])
    if any(key.startswith("@") for key in obj):
        raise CodecError("unknown tag")
    raise CodecError("untagged object")


def loads(text: str | bytes) -> Any:
    """The value :func:`dumps` wrote; CodecError for anything else."""
    try:
        return json.loads(text, object_hook=_hook)
    except CodecError:
        raise
    except (ValueError, TypeError, KeyError, OverflowError, RecursionError) as exc:
        raise CodecError(str(exc)) from None
