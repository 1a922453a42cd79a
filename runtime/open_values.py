"""Values of an open type, typed by definitions Graph returns at run time.

Graph rule (G: resources/fieldvalueset.md, resources/columndefinition.md): an OData *open
type* has properties the metadata does not declare. A SharePoint list item's `fields`
(`fieldValueSet`, `OpenType="true"`) holds one value per column of its list; the list's
column definitions, read at run time from `{list}/columns`, say what each value is: a
definition carries one type facet (`text`, `number`, `choice`, `dateTime`, `lookup`...).
A lookup value travels as `{name}LookupId` (the id of what it points at) and, when the
request selects it, `{name}` (its display value). Graph refuses a `$filter` or `$orderby`
on a value whose definition is not indexed unless the request carries a `Prefer` header
(`HonorNonIndexedQueriesWarningMayFailRandomly`); the spec names the header.

A spec switches this on with `open_values:` on the resource holding the open field (the
facet -> kind table and the names of the definition's properties are data there, see
specs/README.md); `definitions:` on the resource whose data can carry the definitions
(a list with `$expand=columns`) hands them over when such an object is built. Definitions
are cached per connection under the path they are listed at: typed reads use them when
known and never send a request; a write looks them up once when they are not known yet.
"""

from __future__ import annotations

import datetime as dt
import re
import weakref
from collections.abc import Iterator, Mapping, MutableMapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .connection import Connection
    from .model import Model

__all__ = ["Definition", "Definitions", "FieldValues", "LookupValue", "OpenValuesSpec",
           "PersonValue", "ValueKind", "definitions_for", "encode_values", "prefer_for",
           "remember"]

# The kinds a definition facet can map to (the spec's `kinds:` values).
KINDS = frozenset({"string", "number", "bool", "datetime", "choice", "lookup", "person", "json",
                   "read_only"})


@dataclass(frozen=True)
class ValueKind:
    """How the values of one definition facet read and write.

    `choices`, `open` and `multiple` name properties of the facet object: the allowed values,
    the flag that allows others too, the flag that allows a list of values.
    """

    kind: str
    choices: str | None = None
    open: str | None = None
    multiple: str | None = None


@dataclass(frozen=True)
class OpenValuesSpec:
    """A spec's `open_values:` block (see the module docstring)."""

    field: str  # the open-type field of the resource
    definitions: str  # path template of the collection of definitions
    name: str  # the definition property naming a value
    kinds: tuple[tuple[str, ValueKind], ...]  # facet -> kind, in the spec's order
    label: str | None = None  # the definition property with the display name
    read_only: str | None = None  # the definition flag that forbids writes
    indexed: str | None = None  # the definition flag that allows $filter/$orderby
    unindexed_prefer: str | None = None  # Prefer value for queries on values not indexed
    id_suffix: str = "LookupId"  # lookup values: the id travels in `{name}{id_suffix}`


@dataclass(frozen=True)
class Definition:
    """One value's definition, as the spec's table reads a definition Graph sent."""

    name: str
    label: str
    kind: str  # one of KINDS ("json" when no known facet is present)
    facet: str | None
    read_only: bool = False
    indexed: bool = False
    choices: tuple[str, ...] | None = None
    open: bool = False
    multiple: bool = False


class Definitions:
    """The definitions of one collection, by name."""

    __slots__ = ("by_name", "spec")

    def __init__(self, spec: OpenValuesSpec, rows: list[Any]) -> None:
        self.spec = spec
        self.by_name: dict[str, Definition] = {}
        for row in rows:
            if isinstance(row, Mapping) and isinstance(row.get(spec.name), str):
                found = _definition(spec, row)
                self.by_name[found.name] = found

    def get(self, key: str) -> Definition | None:
        """The definition of `key`, also when `key` is a lookup's id member (`OwnerLookupId`)."""
        found = self.by_name.get(key)
        if found is None and key.endswith(self.spec.id_suffix):
            base = self.by_name.get(key[: -len(self.spec.id_suffix)])
            if base is not None and base.kind in ("lookup", "person"):
                return base
        return found

    def writable(self) -> list[str]:
        return [d.name for d in self.by_name.values() if d.kind != "read_only" and not d.read_only]

    def labels(self) -> dict[str, str]:
        """Display name -> name of the writable values (python-o365's `column_name_cw`)."""
        return {d.label: d.name for d in self.by_name.values()
                if d.kind != "read_only" and not d.read_only}


def _definition(spec: OpenValuesSpec, row: Mapping[str, Any]) -> Definition:
    name = str(row[spec.name])
    label = str(row.get(spec.label) or name) if spec.label else name
    kind, facet, options = "json", None, ValueKind("json")
    for key, value_kind in spec.kinds:
        if isinstance(row.get(key), Mapping):
            kind, facet, options = value_kind.kind, key, value_kind
            break
    body: Mapping[str, Any] = row.get(facet) or {} if facet else {}
    choices = body.get(options.choices) if options.choices else None
    return Definition(
        name=name, label=label, kind=kind, facet=facet,
        read_only=bool(spec.read_only and row.get(spec.read_only)),
        indexed=bool(spec.indexed and row.get(spec.indexed)),
        choices=tuple(str(c) for c in choices) if isinstance(choices, list) else None,
        open=bool(options.open and body.get(options.open)),
        multiple=bool(options.multiple and body.get(options.multiple)))


# -- the per-connection cache ------------------------------------------------------------

_CACHE: weakref.WeakKeyDictionary[Connection, dict[str, _Entry]] = weakref.WeakKeyDictionary()


class _Entry:
    __slots__ = ("parsed", "rows")

    def __init__(self, rows: list[Any]) -> None:
        self.rows = rows
        self.parsed: dict[OpenValuesSpec, Definitions] = {}


def remember(con: Connection, path: str, rows: list[Any]) -> None:
    """Keep the definitions listed at `path` (all of them) for this connection."""
    _CACHE.setdefault(con, {})[path] = _Entry(list(rows))


def definitions_for(con: Connection, spec: OpenValuesSpec, path: str, *,
                    fetch: bool = False) -> Definitions | None:
    """The definitions at `path`: cached, or (with `fetch`) read once, every page."""
    entries = _CACHE.get(con, {})
    entry = entries.get(path)
    if entry is None:
        if not fetch:
            return None
        from .paging import Paginator

        remember(con, path, list(Paginator(con, path, lambda row: row)))
        entry = _CACHE[con][path]
    parsed = entry.parsed.get(spec)
    if parsed is None:
        parsed = entry.parsed[spec] = Definitions(spec, entry.rows)
    return parsed


# -- typed values ------------------------------------------------------------------------


@dataclass(frozen=True)
class LookupValue:
    """A lookup value: the id of the item it points at and, when Graph sent it, its display
    value. Assign one (or just the id) to a lookup column."""

    id: int
    value: Any = None


@dataclass(frozen=True)
class PersonValue(LookupValue):
    """A person or group value: its id in the site's user list and, when Graph sent it, the
    person's display name."""

    @property
    def display_name(self) -> str | None:
        return None if self.value is None else str(self.value)


def _lookup_id(raw: Any) -> int | None:
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int):
        return raw
    if isinstance(raw, str) and raw.strip().lstrip("-").isdigit():
        return int(raw)
    return None


def _decode(definition: Definition, raw: Any) -> Any:
    if raw is None:
        return None
    kind = definition.kind
    if kind == "number" and isinstance(raw, (int, float, str)) and not isinstance(raw, bool):
        try:
            return float(raw)
        except ValueError:
            return raw
    if kind == "datetime" and isinstance(raw, str) and raw[10:11] == "T":
        from .timezones import parse_datetime

        return parse_datetime(raw)
    return raw


def _reference(definition: Definition, ids: Any, values: Any) -> Any:
    cls = PersonValue if definition.kind == "person" else LookupValue
    if isinstance(ids, list):
        shown = values if isinstance(values, list) else [None] * len(ids)
        return [cls(int(i), _display(v)) for i, v in zip(ids, shown, strict=False)
                if _lookup_id(i) is not None]
    found = _lookup_id(ids)
    return None if found is None else cls(found, _display(values))


def _display(value: Any) -> Any:
    # A multi-value lookup selected by name comes as [{"LookupId": 1, "LookupValue": "x"}].
    if isinstance(value, Mapping) and "LookupValue" in value:
        return value["LookupValue"]
    return value


def encode_values(definitions: Definitions | None, values: Mapping[str, Any], *,
                  zone: Any = None, where: str = "fields") -> dict[str, Any]:
    """Check `values` against the definitions (when known) and return them as Graph JSON.

    Unknown names, read-only values, values of the wrong type and choices that are not
    allowed raise before anything is sent; a lookup's id goes out as `{name}LookupId`.
    """
    if not isinstance(values, Mapping):
        raise TypeError(f"{where} takes a mapping of names to values, not {type(values).__name__}")
    out: dict[str, Any] = {}
    for key, value in values.items():
        if not isinstance(key, str) or not key:
            raise ValueError(f"{where}: names must be non-empty strings, not {key!r}")
        out.update(_encode_one(definitions, key, value, zone, where))
    return out


def _encode_one(definitions: Definitions | None, key: str, value: Any, zone: Any,
                where: str) -> dict[str, Any]:
    from .model import to_json

    if definitions is None:
        return {key: to_json(value)}
    definition = definitions.get(key)
    if definition is None:
        known = ", ".join(definitions.writable()) or "none"
        raise ValueError(f"{where}: there is no column {key!r} here (writable columns: {known})")
    if definition.kind == "read_only" or definition.read_only:
        raise ValueError(f"{where}: column {key!r} is read-only")
    if value is None:
        return {key: None}
    kind = definition.kind
    if kind in ("lookup", "person"):
        return _encode_reference(definitions.spec, definition, key, value, where)
    if definition.multiple and isinstance(value, (list, tuple)):
        return {key: [_encode_scalar(definition, v, zone, where) for v in value]}
    return {key: _encode_scalar(definition, value, zone, where)}


def _encode_scalar(definition: Definition, value: Any, zone: Any, where: str) -> Any:
    from .model import to_json

    kind, name = definition.kind, definition.name
    if kind in ("string", "choice") and not isinstance(value, str):
        raise TypeError(f"{where}: column {name!r} ({definition.facet}) takes a str, "
                        f"not {type(value).__name__} {value!r}")
    if kind == "choice" and definition.choices is not None and not definition.open \
            and value not in definition.choices:
        raise ValueError(f"{where}: {value!r} is not a choice of column {name!r} "
                         f"(choices: {', '.join(definition.choices)})")
    if kind == "number" and (isinstance(value, bool) or not isinstance(value, (int, float))):
        raise TypeError(f"{where}: column {name!r} ({definition.facet}) takes a number, "
                        f"not {type(value).__name__} {value!r}")
    if kind == "bool" and not isinstance(value, bool):
        raise TypeError(f"{where}: column {name!r} ({definition.facet}) takes a bool, "
                        f"not {type(value).__name__} {value!r}")
    if kind == "datetime":
        return _encode_datetime(name, definition.facet, value, zone, where)
    return to_json(value)


def _encode_datetime(name: str, facet: str | None, value: Any, zone: Any, where: str) -> str:
    from .timezones import ensure_aware, format_datetime

    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        value = dt.datetime(value.year, value.month, value.day)
    if not isinstance(value, dt.datetime):
        raise TypeError(f"{where}: column {name!r} ({facet}) takes a datetime or a date, "
                        f"not {type(value).__name__} {value!r}")
    return format_datetime(ensure_aware(value, zone or "UTC"))


def _encode_reference(spec: OpenValuesSpec, definition: Definition, key: str, value: Any,
                      where: str) -> dict[str, Any]:
    def one(item: Any) -> str:
        found = item.id if isinstance(item, LookupValue) else _lookup_id(item)
        if found is None:
            raise TypeError(f"{where}: column {definition.name!r} ({definition.facet}) takes "
                            f"the id of what it points at (an int or a LookupValue), "
                            f"not {type(item).__name__} {item!r}")
        return str(found)

    member = definition.name + spec.id_suffix
    if isinstance(value, (list, tuple)):
        if not definition.multiple:
            raise TypeError(f"{where}: column {definition.name!r} takes one value, not a list")
        return {f"{member}@odata.type": "Collection(Edm.String)", member: [one(v) for v in value]}
    return {member: one(value)}


def prefer_for(definitions: Definitions | None, spec: OpenValuesSpec,
               texts: list[str]) -> str | None:
    """The Prefer value a query needs: when its `$filter`/`$orderby` texts name a value of
    the open field that is not indexed (or whose definition is not known), Graph asks for
    `spec.unindexed_prefer`; None when the query names only indexed values."""
    if not spec.unindexed_prefer:
        return None
    pattern = re.compile(rf"\b{re.escape(spec.field)}/([A-Za-z_][A-Za-z0-9_]*)")
    for text in texts:
        for name in pattern.findall(text or ""):
            definition = definitions.get(name) if definitions is not None else None
            if definition is None or not definition.indexed:
                return spec.unindexed_prefer
    return None


# -- the typed view ----------------------------------------------------------------------


class FieldValues(MutableMapping[str, Any]):
    """A live, typed view of an open field (a list item's `fields`).

    Reading converts by the value's definition when it is known (number -> float, dateTime
    -> aware datetime, lookup -> LookupValue, person -> PersonValue); `raw` is the JSON as
    Graph sent it. Writing checks the value against its definition before anything is sent
    and marks just that value changed, so an update sends only what changed.
    """

    __slots__ = ("_owner", "_spec")

    def __init__(self, owner: Model, spec: OpenValuesSpec) -> None:
        self._owner = owner
        self._spec = spec

    @property
    def raw(self) -> dict[str, Any]:
        """The values as Graph sent them (with local edits)."""
        found = self._owner._data.get(self._spec.field)
        if not isinstance(found, dict):
            found = self._owner._data[self._spec.field] = {}
        return found

    def definitions(self, *, fetch: bool = False) -> Definitions | None:
        """The definitions of these values: when known (or, with `fetch`, read once)."""
        return self._owner._open_definitions(fetch=fetch)

    def __getitem__(self, key: str) -> Any:
        raw = self.raw
        known = self.definitions()
        definition = known.by_name.get(key) if known is not None else None
        if definition is not None and definition.kind in ("lookup", "person"):
            member = key + self._spec.id_suffix
            if member not in raw:
                return raw[key]  # no id sent: the value as it came (KeyError when absent)
            return _reference(definition, raw[member], raw.get(key))
        value = raw[key]
        return value if definition is None else _decode(definition, value)

    def __setitem__(self, key: str, value: Any) -> None:
        known = self.definitions(fetch=True) if self._owner._bound_to_graph() else None
        encoded = encode_values(known, {key: value}, zone=self._owner._timezone(),
                                where=f"{type(self._owner).__name__}.{self._spec.field}")
        for name, item in encoded.items():
            self._owner._assign(f"{self._spec.field}/{name}", item)

    def __delitem__(self, key: str) -> None:
        if key not in self.raw:
            raise KeyError(key)
        self[key] = None  # Graph clears a value when it is sent as null

    def __iter__(self) -> Iterator[str]:
        return iter(list(self.raw))

    def __len__(self) -> int:
        return len(self.raw)

    def __repr__(self) -> str:
        return f"FieldValues({self.raw!r})"
