"""`Prefer: outlook.timezone="..."`: dateTimeTimeZone values rendered in the zone asked for.

Graph returns every dateTimeTimeZone of an Outlook entity in the zone the request prefers,
UTC without the header, and echoes ``Preference-Applied: outlook.timezone="..."``
(GRAPH_FACTS §7). Which values are dateTimeTimeZone comes from the specs (fields of type
``zoned_datetime``, also inside complex types); the preference of the request being served
is kept in a context variable, so behaviours that render entities get it for free.
"""

from __future__ import annotations

from collections.abc import Mapping
from contextvars import ContextVar, Token
from dataclasses import dataclass
from typing import Any

from generated.o365._runtime.timezones import from_graph_datetime, get_zone, to_graph_datetime

from .errors import GraphError

__all__ = ["ZonePreference", "convert_paths", "convert_value", "current", "preference_from",
           "reset", "use"]

UTC = "UTC"


@dataclass
class ZonePreference:
    zone: str  # the zone name as the client wrote it (Windows or IANA), UTC by default
    asked: bool  # the request carried the preference (only then it is echoed)
    applied: bool = False  # a zoned value was rendered while serving the request

    @property
    def header(self) -> str:
        return f'outlook.timezone="{self.zone}"'


_CURRENT: ContextVar[ZonePreference | None] = ContextVar("emulator_zone", default=None)


def preference_from(headers: Mapping[str, str]) -> ZonePreference:
    """The request's zone preference; an unknown zone is Graph's 400."""
    for part in headers.get("prefer", "").split(","):
        name, _, value = part.strip().partition("=")
        if name.strip().lower() != "outlook.timezone":
            continue
        zone = value.strip().strip('"').strip()
        try:
            get_zone(zone)
        except (ValueError, KeyError):
            raise GraphError(400, "TimeZoneNotSupportedException",
                             "A valid TimeZone value must be specified. The following "
                             f"TimeZone value is not supported: '{zone}'.") from None
        return ZonePreference(zone, asked=True)
    return ZonePreference(UTC, asked=False)


def use(preference: ZonePreference | None) -> Token[ZonePreference | None]:
    """Make `preference` the current one (for this thread); returns a token for `reset`."""
    return _CURRENT.set(preference)


def reset(token: Token[ZonePreference | None]) -> None:
    _CURRENT.reset(token)


def current() -> ZonePreference | None:
    return _CURRENT.get()


def convert_value(value: Any, zone: str) -> Any:
    """A dateTimeTimeZone expressed in `zone`; anything else (null, malformed) unchanged."""
    if not isinstance(value, dict) or not value.get("dateTime"):
        return value
    try:
        moment = from_graph_datetime(value, UTC)
        out: dict[str, Any] = dict(value)
        out.update(to_graph_datetime(moment.astimezone(get_zone(zone))))
    except (ValueError, KeyError, TypeError):
        return value
    out["timeZone"] = zone
    return out


def convert_paths(data: dict[str, Any], paths: tuple[tuple[str, ...], ...],
                  zone: str) -> dict[str, Any]:
    """A copy of `data` whose values at `paths` (through dicts and lists) are in `zone`."""
    out = dict(data)
    for path in paths:
        _convert_at(out, path, zone)
    return out


def _convert_at(container: dict[str, Any], path: tuple[str, ...], zone: str) -> None:
    head, rest = path[0], path[1:]
    value = container.get(head)
    if value is None:
        return
    if not rest:
        container[head] = convert_value(value, zone)
    elif isinstance(value, dict):
        inner = dict(value)
        _convert_at(inner, rest, zone)
        container[head] = inner
    elif isinstance(value, list):
        items = []
        for item in value:
            if isinstance(item, dict):
                item = dict(item)
                _convert_at(item, rest, zone)
            items.append(item)
        container[head] = items
