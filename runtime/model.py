"""Typed views over Graph JSON: the base every generated model class is built on.

`Model` keeps the JSON object Graph sent; unknown fields are kept, reads convert lazily
(generated.o365._runtime.fields), writes are tracked so an update sends only what changed, and the spec's
rules are checked before anything is sent. `NOT_GIVEN` tells "argument not passed" apart
from `None` (which PATCH sends as null). Bound objects (resources and services) live in
generated.o365._runtime.resource; path templates in generated.o365._runtime.paths; argument encoding in generated.o365._runtime.arguments.
"""

from __future__ import annotations

import datetime
import enum
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

from .compat import ApiComponentNames, HeldValueNames
from .fields import Field
from .values import NOT_GIVEN as NOT_GIVEN
from .values import NotGiven as NotGiven

if TYPE_CHECKING:
    from zoneinfo import ZoneInfo

    from typing_extensions import Self

    from .open_values import Definitions, OpenValuesSpec

M = TypeVar("M", bound="Model")


@dataclass(frozen=True)
class FieldInfo:
    """Introspection record: Python name, Graph name and spec type of a model field."""

    python_name: str
    graph_name: str
    type: str
    read_only: bool


class Model(ApiComponentNames):
    """A typed view over one Graph JSON object."""

    __slots__ = ("_data", "_changed", "_owner")

    GRAPH_TYPE: ClassVar[str] = ""
    FIELDS: ClassVar[Mapping[str, FieldInfo]] = {}
    REPR: ClassVar[tuple[str, ...]] = ()
    SECRET: ClassVar[frozenset[str]] = frozenset()
    # Checks run before create/update: (kind, slash paths); kinds: exclusive, before, requires,
    # differ, fits (2-D cell values against an A1 address).
    RULES: ClassVar[tuple[tuple[str, tuple[str, ...]], ...]] = ()
    # How a bare string or a (first, second) pair becomes a value: slash paths to fill.
    COERCE: ClassVar[Mapping[str, Any]] = {}
    # The slash path that identifies a value when comparing (remove(), `in`).
    MATCH: ClassVar[str | None] = None
    # An open-type field typed by definitions read at run time (generated.o365._runtime.open_values).
    OPEN_VALUES: ClassVar[OpenValuesSpec | None] = None
    _GRAPH_TO_PYTHON: ClassVar[dict[str, str]] = {}

    _data: dict[str, Any]
    # `_changed` and `_owner` are left unset on objects built from API JSON (the common, hot
    # path); they are read with getattr(..., None).
    _changed: dict[str, Any] | None  # top-level key -> None (whole value) or the sub-keys set
    _owner: tuple[Model, str] | None

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        found: dict[str, FieldInfo] = dict(cls.FIELDS)
        for name, value in vars(cls).items():
            if isinstance(value, Field) and value.name == name:  # aliases are not fields
                found[name] = FieldInfo(name, value.graph, value.spelled, value.read_only)
        cls.FIELDS = found
        cls._GRAPH_TO_PYTHON = {info.graph_name: name for name, info in found.items()}

    def __init__(self, data: Mapping[str, Any] | None = None, /, **values: Any) -> None:
        """Build a new value: from Graph JSON (`data`) and/or Python field values."""
        self._data = dict(data) if data else {}
        self._changed = None
        self._owner = None
        for name, value in values.items():
            if name not in self.FIELDS:
                raise TypeError(f"{type(self).__name__} has no field {name!r}")
            if value is not NOT_GIVEN:
                setattr(self, name, value)

    # -- construction ---------------------------------------------------------------------

    @classmethod
    def from_api(cls: type[M], data: Mapping[str, Any]) -> M:
        """Wrap Graph JSON without copying or converting anything."""
        obj = cls.__new__(cls)
        obj._data = data if isinstance(data, dict) else dict(data)
        return obj

    @classmethod
    def _nested(cls: type[M], data: dict[str, Any], owner: Model, key: str) -> M:
        obj = cls.from_api(data)
        obj._owner = (owner, key)
        return obj

    @classmethod
    def coerce(cls: type[M], value: Any) -> M:
        """Turn what a caller passed into an instance.

        Always accepted: an instance or a dict of Graph JSON. Types whose spec has `coerce`
        also take a string (for recipients: an address) or a `(first, second)` pair.
        """
        if isinstance(value, cls):
            return value
        if isinstance(value, Mapping):
            return cls.from_api(dict(value))
        spec = cls.COERCE
        if isinstance(value, Model) and "object" in spec:
            # another object standing for this value (a Folder as a copy's ItemReference)
            obj = cls()
            for target, source in spec["object"].items():
                found = value._lookup(source)
                if found is not None:
                    obj._assign(target, found)
            return obj
        if isinstance(value, str) and "string" in spec:
            obj = cls()
            for path, constant in spec.get("with", {}).items():
                obj._assign(path, constant)  # what goes with a bare string (body: html)
            obj._assign(spec["string"], _validated(spec, value))
            return obj
        if isinstance(value, tuple) and len(value) == 2 and "pair" in spec:
            obj = cls()
            first, second = spec["pair"]
            if value[0] is not None:
                obj._assign(first, value[0])
            obj._assign(second, _validated(spec, value[1]))
            return obj
        accepted = "an instance or a dict"
        if "string" in spec:
            accepted += ", a string" + (" or a (name, value) pair" if "pair" in spec else "")
        raise TypeError(f"expected {accepted} for {cls.__name__}, not {type(value).__name__}")

    @classmethod
    def _same(cls, a: Mapping[str, Any], b: Mapping[str, Any]) -> bool:
        if cls.MATCH is None:
            return a == b
        left, right = lookup(a, cls.MATCH), lookup(b, cls.MATCH)
        if isinstance(left, str) and isinstance(right, str):
            return left.casefold() == right.casefold()
        return bool(left == right)

    # -- nested values by slash path --------------------------------------------------------

    def _lookup(self, path: str) -> Any:
        return lookup(self._data, path)

    def _assign(self, path: str, value: Any, *, zoned: bool = False) -> None:
        """Set a value by slash path (`pattern/interval`), creating objects on the way.

        A nested assignment records only the sub-keys it set, so an update sends
        `{"parentReference": {"id": ...}}` rather than the whole (possibly stale) object.
        `zoned=True` writes a datetime as a dateTimeTimeZone in this object's time zone.
        """
        spec = self.OPEN_VALUES
        if spec is not None and path == spec.field and isinstance(value, Mapping):
            # An open field takes new values one by one: each is checked and tracked.
            getattr(self, self._GRAPH_TO_PYTHON[spec.field]).update(value)
            return
        encoded = self._zoned(value) if zoned else to_json(value)
        keys = path.split("/")
        target = self._data
        for key in keys[:-1]:
            child = target.get(key)
            if not isinstance(child, dict):
                child = target[key] = {}
            target = child
        target[keys[-1]] = encoded
        if len(keys) == 1 or getattr(self, "_owner", None) is not None:
            self._mark(keys[0])
            return
        changed = getattr(self, "_changed", None) or {}
        self._changed = changed
        if keys[0] in changed and changed[keys[0]] is None:
            return  # the whole value is already going out
        partial = changed.setdefault(keys[0], {})
        for key in keys[1:-1]:
            partial = partial.setdefault(key, {})
        partial[keys[-1]] = encoded

    def _append(self, path: str, value: Any, key: str | None = None) -> None:
        """Append a value to the list at a slash path (created when missing), marking it changed.

        With `key`, an object replaces the item whose member `key` is equal to its own.
        """
        items = self._lookup(path)
        if not isinstance(items, list):
            self._assign(path, [])
            items = self._lookup(path)
        value = to_json(value)
        if isinstance(value, dict):  # an object built from the spec's template and arguments
            value = {k: to_json(v) for k, v in value.items()}
        same = [i for i, item in enumerate(items) if key is not None and isinstance(item, dict)
                and isinstance(value, dict) and item.get(key) == value.get(key)]
        if same:
            items[same[0]] = value
        else:
            items.append(value)
        self._mark(path.split("/", 1)[0])

    def _zoned(self, value: Any) -> Any:
        """A datetime (or date) as Graph's dateTimeTimeZone; naive values use this object's zone."""
        import datetime as _dt

        from .timezones import ensure_aware, to_graph_datetime

        if value is None or value is NOT_GIVEN:
            return value
        if isinstance(value, _dt.date) and not isinstance(value, _dt.datetime):
            value = _dt.datetime(value.year, value.month, value.day)
        if not isinstance(value, _dt.datetime):
            raise TypeError(f"expected a datetime, not {type(value).__name__}")
        return to_graph_datetime(ensure_aware(value, self._timezone()))

    def validate(self) -> None:
        """Check the spec's rules on this value and its nested values; ValueError on failure."""
        for kind, paths in self.RULES:
            _check_rule(self, kind, paths)
        for name, info in self.FIELDS.items():
            raw = self._data.get(info.graph_name)
            if raw is None:
                continue
            descriptor = getattr(type(self), name)
            nested = getattr(descriptor, "model", None)
            if nested is None or not nested.RULES and not _has_nested_rules(nested):
                continue
            items = raw if isinstance(raw, list) else [raw]
            for item in items:
                if isinstance(item, dict):
                    nested._nested(item, self, info.graph_name).validate()

    # -- JSON out ---------------------------------------------------------------------------

    @property
    def raw(self) -> dict[str, Any]:
        """The JSON object as Graph sent it, with local edits applied (the escape hatch)."""
        return self._data

    def to_api(self) -> dict[str, Any]:
        """The whole object as Graph JSON, unknown fields included."""
        return dict(self._data)

    def to_api_data(self, restrict_keys: Iterable[str] | None = None) -> dict[str, Any]:
        """python-o365's name for `to_api()`; `restrict_keys` keeps only those Graph names."""
        data = self.to_api()
        if restrict_keys is None:
            return data
        keep = set(restrict_keys)
        return {key: value for key, value in data.items() if key in keep}

    def changes(self) -> dict[str, Any]:
        """Only the fields changed since the object was loaded or last saved."""
        changed = getattr(self, "_changed", None)
        if not changed:
            return {}
        return {key: self._data.get(key) if partial is None else partial
                for key, partial in sorted(changed.items())}

    @property
    def is_dirty(self) -> bool:
        return bool(getattr(self, "_changed", None))

    def clear_changes(self) -> None:
        self._changed = None

    def _mark(self, key: str) -> None:
        parent = getattr(self, "_owner", None)
        if parent is not None:
            owner, owner_key = parent
            if owner._data.get(owner_key) is None:
                owner._data[owner_key] = self._data  # an autocreated value's first write
            owner._mark(owner_key)
            return
        changed = getattr(self, "_changed", None)
        if changed is None:
            changed = self._changed = {}
        changed[key] = None

    def _mark_key(self, field: str, key: str, value: Any) -> None:
        """One key of an open-type field changed (generated.o365._runtime.keyed): an update sends that key
        only, since Graph merges such fields (a key sent as null is removed)."""
        if getattr(self, "_owner", None) is not None:
            self._mark(field)
            return
        changed = getattr(self, "_changed", None)
        if changed is None:
            changed = self._changed = {}
        if field in changed and changed[field] is None:
            return  # the whole value is already going out
        changed.setdefault(field, {})[key] = value

    def _open_definitions(self, *, fetch: bool = False) -> Definitions | None:
        """The definitions typing this object's open field (see Resource): none unbound."""
        return None

    def _bound_to_graph(self) -> bool:
        return False

    def _timezone(self) -> ZoneInfo:
        parent: tuple[Model, str] | None = getattr(self, "_owner", None)
        if parent is not None:
            return parent[0]._timezone()
        from .timezones import get_zone

        return get_zone("UTC")

    # -- Python protocol ------------------------------------------------------------------

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return self._data == other._data

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        shown = self.REPR or tuple(n for n in self.FIELDS if n not in self.SECRET)[:3]
        parts = []
        for name in shown:
            if name in self.SECRET:
                continue
            info = self.FIELDS.get(name)
            value = self._data.get(info.graph_name) if info else None
            if value is not None:
                text = repr(value)
                parts.append(f"{name}={text if len(text) <= 60 else text[:57] + '...'}")
        return f"{type(self).__name__}({', '.join(parts)})"


class Value(Model, HeldValueNames):
    """A complex (value) type: a Model held by a resource, with python-o365's `q()` too."""

    __slots__ = ()


def lookup(data: Mapping[str, Any], path: str) -> Any:
    """The value at a slash path in Graph JSON, or None where a step is missing."""
    current: Any = data
    for key in path.split("/"):
        if not isinstance(current, Mapping):
            return None
        current = current.get(key)
    return current


def to_json(value: Any) -> Any:
    """A Python value as Graph JSON (models, enums, datetimes, lists of those)."""
    if isinstance(value, Model):
        return value._data
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, (list, tuple)):
        return [to_json(v) for v in value]
    if isinstance(value, datetime.datetime):
        from .timezones import format_datetime

        return format_datetime(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


_EMAIL = re.compile(r"^[^@\s<>(),;:\"\[\]]+@[^@\s<>(),;:\"\[\]]+\.[^@\s<>(),;:\"\[\]]+$")


def _validated(spec: Mapping[str, Any], value: Any) -> Any:
    if spec.get("validate") == "email":
        if not isinstance(value, str) or not _EMAIL.match(value.strip()):
            raise ValueError(f"{value!r} is not a valid email address")
        return value.strip()
    return value


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {} or value == 0


def _comparable(value: Any, zone: ZoneInfo) -> Any:
    from .timezones import from_graph_datetime, parse_datetime

    if isinstance(value, Mapping) and "dateTime" in value:
        return from_graph_datetime(value, zone)
    if isinstance(value, str) and len(value) >= 10 and value[4:5] == "-":
        return parse_datetime(value) if "T" in value else datetime.date.fromisoformat(value[:10])
    return value


def _check_rule(obj: Model, kind: str, paths: tuple[str, ...]) -> None:
    name = type(obj).__name__
    values = [obj._lookup(p) for p in paths]
    shown = [obj._GRAPH_TO_PYTHON.get(p, p) for p in paths]
    if kind == "exclusive":
        given = [s for s, v in zip(shown, values, strict=True) if not _empty(v)]
        if len(given) > 1:
            raise ValueError(f"{name}: {' and '.join(given)} cannot be set together")
    elif kind == "before":
        first, second = (_comparable(v, obj._timezone()) for v in values)
        if not _empty(first) and not _empty(second) and second < first:
            raise ValueError(f"{name}: {shown[1]} ({second}) is before {shown[0]} ({first})")
    elif kind == "differ":
        if not _empty(values[0]) and values[0] == values[1]:
            raise ValueError(f"{name}: {shown[1]} cannot be the object itself ({values[0]!r})")
    elif kind == "fits":
        # [values, address]: cell values fit the range; one value is spread over every cell.
        from .a1 import fit

        if values[0] is not None and values[1]:
            obj._data[paths[0]] = fit(values[0], str(values[1]), what=shown[0])
    elif kind == "requires":
        if not _empty(values[0]) and _empty(values[1]):
            raise ValueError(f"{name}: {shown[0]} needs {shown[1]} to be set too")
    elif kind == "fill_after":
        _fill_after(obj, paths)
    elif kind == "fill_date":
        _fill_date(obj, paths)
    else:
        raise ValueError(f"unknown rule kind {kind!r}")


def _fill_after(obj: Model, rule: tuple[str, ...]) -> None:
    """`[start, end, PT30M]`: an empty end becomes start + the duration (python-o365's event end)."""
    from .fields import DurationField

    start_path, end_path, duration = rule
    start = obj._lookup(start_path)
    if _empty(start) or not _empty(obj._lookup(end_path)):
        return
    delta = DurationField("", "duration").decode(duration, obj)
    zoned = isinstance(start, Mapping)
    begin = _comparable(start, obj._timezone())
    obj._assign(end_path, begin + delta, zoned=zoned)


def _fill_date(obj: Model, rule: tuple[str, ...]) -> None:
    """`[start, recurrence/range/startDate]`: an empty date whose parent object exists takes
    the source's date (a series starts the day its first event does)."""
    source_path, target_path = rule
    parent_path, _, _ = target_path.rpartition("/")
    source = obj._lookup(source_path)
    if (_empty(source) or not _empty(obj._lookup(target_path))
            or (parent_path and not isinstance(obj._lookup(parent_path), Mapping))):
        return
    value = _comparable(source, obj._timezone())
    if isinstance(value, datetime.datetime):
        value = value.date()
    obj._assign(target_path, value)


def _has_nested_rules(cls: type[Model]) -> bool:
    return any(getattr(getattr(cls, n), "model", None) is not None for n in cls.FIELDS)


E = TypeVar("E", bound=enum.Enum)


class GraphEnum(str, enum.Enum):
    """The base of generated enums: members are Graph's string values."""

    @classmethod
    def from_value(cls, value: object) -> Self:
        """python-o365's lookup: the member for a value or another name, in any case."""
        if isinstance(value, cls):
            return value
        found = enum_alias(cls, value, {})
        if found is None:
            members = {name.casefold(): member for name, member in cls.__members__.items()}
            found = members.get(str(value).casefold())
        if found is None:
            raise ValueError(f"{value!r} is not a {cls.__name__} value")
        return found


def enum_alias(enum_type: type[E], value: object, aliases: Mapping[str, str], *,
               retired: Mapping[str, str] | None = None) -> E | None:
    """The member another name stands for (an enum's `_missing_`), case-insensitively.

    A `retired` value raises RetiredValueError with its reason.
    """
    if not isinstance(value, str):
        return None
    for old, why in (retired or {}).items():
        if old.casefold() == value.casefold():
            from .errors import RetiredValueError

            raise RetiredValueError(f"{value!r} is not a {enum_type.__name__} any more: {why}")
    folded = value.casefold()
    for alias, target in aliases.items():
        if alias.casefold() == folded:
            return enum_type(target)
    for member in enum_type:
        if str(member.value).casefold() == folded:
            return member
    return None


