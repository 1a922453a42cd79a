"""Time zones for Graph: Windows <-> IANA names and Graph's date-time shapes.

Graph speaks two date-time dialects (GRAPH_FACTS §7):

* ``dateTimeTimeZone`` objects, ``{"dateTime": "2017-04-15T12:00:00.0000000",
  "timeZone": "Pacific Standard Time"}``: a wall-clock time with 7 fractional digits and no
  offset, plus a zone name that is usually a Windows id and sometimes an IANA name.
  :func:`to_graph_datetime` and :func:`from_graph_datetime` convert them.
* ``DateTimeOffset`` strings (``"2014-01-01T00:00:00Z"``, ``"...+01:00"``), converted by
  :func:`parse_datetime` and :func:`format_datetime`. A string without an offset means UTC,
  as Graph documents for calendarView bounds.

Naive datetimes (policy). A naive ``datetime`` has no zone, so sending it would be a guess.
:func:`ensure_aware` makes the guess explicit: with ``policy="interpret"`` (the default) a
naive value is read as wall-clock time in the zone the caller names (``fold=0`` for an
ambiguous or skipped local time, like ``datetime.replace``); with ``policy="reject"`` it
raises ``ValueError``. Functions that have no zone to interpret in (:func:`format_datetime`,
:func:`to_graph_datetime` without ``tz``) always reject naive values. Returned datetimes are
always aware.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime, timedelta, timezone, tzinfo
from typing import Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ._windows_zones import IANA_TO_WINDOWS, WINDOWS_TO_IANA

__all__ = [
    "NaivePolicy",
    "ensure_aware",
    "format_datetime",
    "from_graph_datetime",
    "get_zone",
    "iana_to_windows",
    "parse_datetime",
    "to_graph_datetime",
    "windows_to_iana",
]

NaivePolicy = Literal["interpret", "reject"]
ZoneLike = str | tzinfo

_WINDOWS_BY_FOLDED = {name.casefold(): name for name in WINDOWS_TO_IANA}
_IANA_BY_FOLDED = {name.casefold(): name for name in IANA_TO_WINDOWS}

# Date and time, optional seconds and fraction (any number of digits: Graph sends 7, Python
# keeps 6), optional "Z" or +hh:mm / +hhmm offset. Hand-parsed because Python 3.10's
# fromisoformat accepts neither "Z" nor 7 fractional digits.
_DATETIME_RE = re.compile(
    r"(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})"
    r"[T ](?P<hour>\d{2}):(?P<minute>\d{2})"
    r"(?::(?P<second>\d{2})(?:\.(?P<fraction>\d+))?)?"
    r"(?P<offset>Z|z|[+-]\d{2}:?\d{2})?"
)


def windows_to_iana(name: str) -> str:
    """Return the IANA zone for a Windows time zone id ("Pacific Standard Time")."""
    canonical = _lookup(name, WINDOWS_TO_IANA, _WINDOWS_BY_FOLDED, "Windows")
    return WINDOWS_TO_IANA[canonical]


def iana_to_windows(name: str) -> str:
    """Return the Windows id for an IANA zone; old and new spellings (Asia/Calcutta,
    Asia/Kolkata) both resolve."""
    canonical = _lookup(name, IANA_TO_WINDOWS, _IANA_BY_FOLDED, "IANA")
    return IANA_TO_WINDOWS[canonical]


def _lookup(name: str, table: Mapping[str, str], folded: Mapping[str, str], kind: str) -> str:
    if not isinstance(name, str):
        raise TypeError(f"time zone name must be a str, not {type(name).__name__}")
    key = name.strip()
    if key in table:
        return key
    try:
        return folded[key.casefold()]
    except KeyError:
        raise ValueError(f"unknown {kind} time zone name {name!r}") from None


def get_zone(name_or_zone: ZoneLike) -> ZoneInfo:
    """Return a ZoneInfo for a Windows id, an IANA name, a ZoneInfo or a UTC tzinfo."""
    if isinstance(name_or_zone, ZoneInfo):
        return name_or_zone
    if isinstance(name_or_zone, tzinfo):
        if name_or_zone == timezone.utc:
            return ZoneInfo("UTC")
        raise ValueError(
            f"time zone {name_or_zone!r} has no name; pass a Windows or IANA zone name"
        )
    if not isinstance(name_or_zone, str):
        raise TypeError(f"time zone must be a str or tzinfo, not {type(name_or_zone).__name__}")
    name = name_or_zone.strip()
    folded = _WINDOWS_BY_FOLDED.get(name.casefold())
    if folded is not None:
        return ZoneInfo(WINDOWS_TO_IANA[folded])
    if name:
        try:
            return ZoneInfo(_IANA_BY_FOLDED.get(name.casefold(), name))
        except (ZoneInfoNotFoundError, ValueError, OSError):
            pass  # fall through to one error message for every kind of bad name
    raise ValueError(f"unknown time zone {name_or_zone!r} (neither a Windows nor an IANA name)")


def _graph_zone_name(zone: ZoneInfo) -> str:
    """Prefer the Windows id: every Graph endpoint accepts it, IANA names only some."""
    try:
        return iana_to_windows(zone.key)
    except ValueError:
        return zone.key


def _zone_of(dt: datetime) -> ZoneInfo:
    """The named zone of an aware datetime; fixed offsets become UTC (the instant is kept)."""
    if isinstance(dt.tzinfo, ZoneInfo):
        return dt.tzinfo
    return ZoneInfo("UTC")


def ensure_aware(
    dt: datetime, tz: ZoneLike | None, *, policy: NaivePolicy = "interpret"
) -> datetime:
    """Return ``dt`` if aware; otherwise apply the naive policy (see module docstring)."""
    if not isinstance(dt, datetime):
        raise TypeError(f"expected a datetime, not {type(dt).__name__}")
    if policy not in ("interpret", "reject"):
        raise ValueError(f"policy must be 'interpret' or 'reject', not {policy!r}")
    if dt.tzinfo is not None and dt.utcoffset() is not None:
        return dt
    if policy == "reject":
        raise ValueError(
            f"naive datetime {dt.isoformat()} rejected: give it a tzinfo (policy='reject')"
        )
    if tz is None:
        raise ValueError(f"naive datetime {dt.isoformat()} needs a time zone to interpret it in")
    return dt.replace(tzinfo=get_zone(tz))


def to_graph_datetime(dt: datetime, tz: ZoneLike | None = None) -> dict[str, str]:
    """Return Graph's ``dateTimeTimeZone`` for ``dt``.

    With ``tz`` the value is expressed in that zone (a naive ``dt`` is read as wall-clock
    time there); without it ``dt`` must be aware and keeps its own zone.
    """
    if tz is None:
        aware = ensure_aware(dt, None, policy="reject")
        zone = _zone_of(aware)
    else:
        zone = get_zone(tz)
        aware = ensure_aware(dt, zone)
    local = aware.astimezone(zone)
    return {"dateTime": _wall_clock(local), "timeZone": _graph_zone_name(zone)}


def _wall_clock(dt: datetime) -> str:
    # Graph's own form: 7 fractional digits, no offset.
    return f"{dt:%Y-%m-%dT%H:%M:%S}.{dt.microsecond:06d}0"


def from_graph_datetime(value: Mapping[str, Any], default_tz: ZoneLike) -> datetime:
    """Parse a ``dateTimeTimeZone`` into an aware datetime in the zone it names
    (``default_tz`` when ``timeZone`` is missing or empty)."""
    if not isinstance(value, Mapping):
        raise TypeError(f"dateTimeTimeZone must be a mapping, not {type(value).__name__}")
    raw = value.get("dateTime")
    if not isinstance(raw, str):
        raise ValueError(f"dateTimeTimeZone has no 'dateTime' string: {value!r}")
    zone_name = value.get("timeZone")
    zone = get_zone(zone_name if isinstance(zone_name, str) and zone_name else default_tz)
    parsed = _parse(raw)
    if parsed.tzinfo is not None:
        return parsed.astimezone(zone)
    return parsed.replace(tzinfo=zone)


def parse_datetime(value: str) -> datetime:
    """Parse a Graph ``DateTimeOffset`` string; no offset means UTC."""
    try:
        # Fast path (C code): "2024-03-01T10:15:00Z" and up to six fractional digits
        # on Python 3.11+; Graph's seven-digit fractions and older Pythons take the slow path.
        if value[10:11] != "T":
            raise ValueError("not a date-time")  # fromisoformat also takes bare dates
        parsed = datetime.fromisoformat(value)
    except (ValueError, TypeError, IndexError):
        parsed = _parse(value)
    if parsed.tzinfo is None:
        return parsed.replace(tzinfo=timezone.utc)
    return parsed


def _parse(value: str) -> datetime:
    if not isinstance(value, str):
        raise TypeError(f"expected a date-time string, not {type(value).__name__}")
    match = _DATETIME_RE.fullmatch(value.strip())
    if match is None:
        raise ValueError(f"not an ISO 8601 date-time: {value!r}")
    fraction = (match["fraction"] or "").ljust(6, "0")[:6]
    try:
        return datetime(
            int(match["year"]),
            int(match["month"]),
            int(match["day"]),
            int(match["hour"]),
            int(match["minute"]),
            int(match["second"] or 0),
            int(fraction),
            tzinfo=_offset(match["offset"]),
        )
    except ValueError as exc:
        raise ValueError(f"invalid date-time {value!r}: {exc}") from None


def _offset(text: str | None) -> tzinfo | None:
    if text is None:
        return None
    if text in ("Z", "z"):
        return timezone.utc
    sign = -1 if text[0] == "-" else 1
    digits = text[1:].replace(":", "")
    delta = timedelta(hours=int(digits[:2]), minutes=int(digits[2:]))
    return timezone(sign * delta)


def format_datetime(dt: datetime) -> str:
    """Format an aware datetime as a UTC ``DateTimeOffset`` string ending in 'Z'."""
    utc = ensure_aware(dt, None, policy="reject").astimezone(timezone.utc)
    if utc.microsecond:
        return f"{utc:%Y-%m-%dT%H:%M:%S.%f}Z"
    return f"{utc:%Y-%m-%dT%H:%M:%S}Z"
