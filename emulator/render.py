"""Serializing entities the way Graph does: default property sets, $select, nulls, ETags,
`@odata.type` of derived types and dateTimeTimeZone values in the preferred zone.

Serialized bytes are cached on each record per projection (and zone), so listing a page of
1,000 messages is mostly a `b",".join(...)` of cached bytes.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from generated.o365._generator import ir

from . import zones
from .families import GENERIC, Family
from .store import Record

__all__ = ["Renderer", "dumps"]


def dumps(value: Any) -> bytes:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False).encode()


class Renderer:
    """Turns records into Graph JSON for one resource type.

    `fields` may add the fields of facet subtypes (driveItem's file, folder, image...): they
    are known (for $select and validation) but, unlike the resource's own fields, not
    rendered as null when absent, as Graph omits absent facets. `zoned` lists the paths of
    dateTimeTimeZone values, rendered in the request's preferred zone (UTC by default).
    `canonical` gives an entity's `@odata.id` (None: it has none).
    """

    def __init__(self, graph_type: str, resource: ir.Resource | None,
                 fields: tuple[ir.Field, ...] | None = None,
                 zoned: tuple[tuple[str, ...], ...] = (),
                 canonical: Callable[[Record], str | None] | None = None,
                 family: Family = GENERIC) -> None:
        self.graph_type = graph_type
        self.canonical = canonical
        self.family = family
        own = resource.fields if resource is not None else ()
        every = fields if fields is not None else own
        self.known = frozenset({"id", *(f.graph_name for f in every)})
        self.secret = frozenset(f.graph_name for f in every if f.secret)
        # Absent properties render as null (directory, Outlook); instance annotations such as
        # `@odata.type` are there only when they have a value.
        self.empty: dict[str, list[Any] | None] = {
            f.graph_name: ([] if f.type.is_list else None) for f in own
            if not f.graph_name.startswith("@")
        } if self.family.renders_absent else {}
        # Types whose GET returns a documented subset unless $select is given (the spec says which).
        self.default = (resource.emulator.default_properties or None) if resource else None
        facts = resource.emulator if resource is not None else None
        # Returned only when $select (or $expand) names them, e.g. a message's uniqueBody.
        self.on_request = frozenset(facts.on_request) if facts else frozenset()
        # Served with another property's value when the entity has none (uniqueBody: body).
        self.derived = dict(facts.derived) if facts else {}
        self.zoned = zoned
        # A complex type served at a fixed path (mailboxSettings) has no id in Graph's JSON,
        # though the store keys every record by one.
        self.has_id = resource is None or any(f.graph_name == "id" for f in every)

    def projection(self, select: list[str] | None) -> tuple[str, ...] | None:
        if select:
            names = list(select)
            if self.family.sends_etag and "id" not in names:
                names.append("id")  # Outlook and OneDrive always return id with $select
            return tuple(names)
        return self.default

    def entity(self, record: Record, projection: tuple[str, ...] | None,
               *, odata_type: bool = False) -> dict[str, Any]:
        data = record.data
        out: dict[str, Any] = {}
        # A derived type (fileAttachment, eventMessage) is stored with its @odata.type and
        # always says so, first, as Graph does; `odata_type` asks for it on every entity.
        declared = data.get("@odata.type")
        if isinstance(declared, str) and declared:
            out["@odata.type"] = declared
        elif odata_type:
            out["@odata.type"] = "#" + record.graph_type
        canonical = self.canonical(record) if self.canonical is not None else None
        if canonical is not None:
            out["@odata.id"] = canonical
        if self.family.sends_etag:
            out["@odata.etag"] = record.etag
        if projection is None:
            for name, empty in self.empty.items():
                if name not in self.on_request:
                    out[name] = self._value(data, name, empty)
            for name, value in data.items():
                if name not in out and name not in self.on_request:
                    out[name] = value
        else:
            for name in projection:
                if name in data or name in self.derived or self.family.renders_absent:
                    out[name] = self._value(data, name, self.empty.get(name))
        for name in self.secret:
            if name in out:
                out[name] = None
        if not self.has_id:
            out.pop("id", None)
        zone = self._zone()
        if zone is not None:
            out = zones.convert_paths(out, self.zoned, zone)
        return out

    def _value(self, data: dict[str, Any], name: str, empty: Any) -> Any:
        value = data.get(name)
        if value is None and name in self.derived:
            value = data.get(self.derived[name])
        return empty if value is None and name not in data else value

    def _zone(self) -> str | None:
        """The zone this type's dateTimeTimeZone values are rendered in now (None: none)."""
        if not self.zoned:
            return None
        preference = zones.current()
        if preference is None:
            return zones.UTC
        preference.applied = True
        return preference.zone

    def entity_bytes(self, record: Record, projection: tuple[str, ...] | None,
                     *, odata_type: bool = False) -> bytes:
        key = (projection, odata_type, self._zone())
        cached = record.rendered(key)
        if cached is None:
            cached = dumps(self.entity(record, projection, odata_type=odata_type))
            record.remember(key, cached)
        return cached
