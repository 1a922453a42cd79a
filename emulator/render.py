"""Serializing entities the way Graph does: default property sets, $select, nulls, ETags.

Serialized bytes are cached on each record per projection, so listing a page of 1,000
messages is mostly a `b",".join(...)` of cached bytes.
"""

from __future__ import annotations

import json
from typing import Any

from generator import ir

from .families import Family, family_of
from .store import Record

__all__ = ["DEFAULT_PROPERTIES", "Renderer", "dumps"]

# Types whose GET returns only a documented default subset unless $select is given.
# user: "By default, only a limited set of properties are returned" (G: api/user-get.md).
DEFAULT_PROPERTIES: dict[str, tuple[str, ...]] = {
    "microsoft.graph.user": (
        "businessPhones", "displayName", "givenName", "jobTitle", "mail", "mobilePhone",
        "officeLocation", "preferredLanguage", "surname", "userPrincipalName", "id",
    ),
}


def dumps(value: Any) -> bytes:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False).encode()


class Renderer:
    """Turns records into Graph JSON for one resource type."""

    def __init__(self, graph_type: str, resource: ir.Resource | None) -> None:
        self.graph_type = graph_type
        self.family: Family = family_of(graph_type)
        fields = resource.fields if resource is not None else ()
        self.known = frozenset({"id", *(f.graph_name for f in fields)})
        self.secret = frozenset(f.graph_name for f in fields if f.secret)
        self.empty: dict[str, list[Any] | None] = {f.graph_name: ([] if f.type.is_list else None) for f in fields}
        self.default = DEFAULT_PROPERTIES.get(graph_type)

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
        if odata_type:
            out["@odata.type"] = "#" + record.graph_type
        if self.family.sends_etag:
            out["@odata.etag"] = record.etag
        if projection is None:
            for name, empty in self.empty.items():
                out[name] = data.get(name, empty)
            for name, value in data.items():
                if name not in out:
                    out[name] = value
        else:
            for name in projection:
                out[name] = data.get(name, self.empty.get(name))
        for name in self.secret:
            if name in out:
                out[name] = None
        return out

    def entity_bytes(self, record: Record, projection: tuple[str, ...] | None,
                     *, odata_type: bool = False) -> bytes:
        key = (projection, odata_type)
        cached = record.rendered(key)
        if cached is None:
            cached = dumps(self.entity(record, projection, odata_type=odata_type))
            record.remember(key, cached)
        return cached
