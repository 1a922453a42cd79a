"""Base classes for generated models and services.

- `Model`: a typed view over one Graph JSON object. Unknown fields are kept, reads convert
  lazily, writes are tracked so an update sends only what changed.
- `Resource`: a model with an identity and a path, bound to a connection; generated methods
  call the helpers here (`_call`, `_list`, `_save`, ...) and nothing else of the runtime.
- `Service`: an entry point bound to a resource such as `me` or `users/adele@contoso.com`.

`NOT_GIVEN` tells "argument not passed" apart from `None` (which PATCH sends as null).
"""

from __future__ import annotations

import enum
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar
from urllib.parse import quote

from .fields import Field

if TYPE_CHECKING:
    from zoneinfo import ZoneInfo

    from typing_extensions import Self

    from .connection import Connection
    from .delta import DeltaIterator
    from .paging import Paginator
    from .query import Query

M = TypeVar("M", bound="Model")
R = TypeVar("R", bound="Resource")


class NotGiven(enum.Enum):
    """The type of `NOT_GIVEN`: an argument the caller did not pass."""

    NOT_GIVEN = "NOT_GIVEN"

    def __repr__(self) -> str:
        return "NOT_GIVEN"

    def __bool__(self) -> bool:
        return False


NOT_GIVEN = NotGiven.NOT_GIVEN


@dataclass(frozen=True)
class FieldInfo:
    """Introspection record: Python name, Graph name and spec type of a model field."""

    python_name: str
    graph_name: str
    type: str
    read_only: bool


class Model:
    """A typed view over one Graph JSON object."""

    __slots__ = ("_data", "_changed", "_owner")

    GRAPH_TYPE: ClassVar[str] = ""
    FIELDS: ClassVar[Mapping[str, FieldInfo]] = {}
    REPR: ClassVar[tuple[str, ...]] = ()
    SECRET: ClassVar[frozenset[str]] = frozenset()
    _GRAPH_TO_PYTHON: ClassVar[dict[str, str]] = {}

    _data: dict[str, Any]
    _changed: set[str] | None
    _owner: tuple[Model, str] | None

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        found: dict[str, FieldInfo] = dict(cls.FIELDS)
        for name, value in vars(cls).items():
            if isinstance(value, Field):
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
        obj._changed = None
        obj._owner = None
        return obj

    @classmethod
    def _nested(cls: type[M], data: dict[str, Any], owner: Model, key: str) -> M:
        obj = cls.from_api(data)
        obj._owner = (owner, key)
        return obj

    @classmethod
    def coerce(cls: type[M], value: Any) -> M:
        """Turn what a caller passed into an instance; types may accept more (see specs)."""
        if isinstance(value, cls):
            return value
        if isinstance(value, Mapping):
            return cls.from_api(dict(value))
        raise TypeError(f"expected a {cls.__name__} or a dict, not {type(value).__name__}")

    @classmethod
    def _same(cls, a: Mapping[str, Any], b: Mapping[str, Any]) -> bool:
        return a == b

    # -- JSON out ---------------------------------------------------------------------------

    @property
    def raw(self) -> dict[str, Any]:
        """The JSON object as Graph sent it, with local edits applied (the escape hatch)."""
        return self._data

    def to_api(self) -> dict[str, Any]:
        """The whole object as Graph JSON, unknown fields included."""
        return dict(self._data)

    def changes(self) -> dict[str, Any]:
        """Only the fields changed since the object was loaded or last saved."""
        if not self._changed:
            return {}
        return {key: self._data.get(key) for key in sorted(self._changed)}

    @property
    def is_dirty(self) -> bool:
        return bool(self._changed)

    def clear_changes(self) -> None:
        self._changed = None

    def _mark(self, key: str) -> None:
        if self._owner is not None:
            owner, owner_key = self._owner
            owner._mark(owner_key)
            return
        if self._changed is None:
            self._changed = set()
        self._changed.add(key)

    def _timezone(self) -> ZoneInfo:
        if self._owner is not None:
            return self._owner[0]._timezone()
        from .timezones import get_zone

        return get_zone("UTC")

    # -- Python protocol ------------------------------------------------------------------

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return self._data == other._data  # type: ignore[attr-defined, no-any-return]

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


_PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")
# Context values that are already paths (and must keep their slashes).
_PATH_VALUES = frozenset({"resource", "parent", "self", "collection"})


def expand(template: str, values: Mapping[str, Any]) -> str:
    """Fill a spec path template; ids are percent-encoded, path values kept as they are."""

    def one(match: re.Match[str]) -> str:
        name = match.group(1)
        try:
            value = values[name]
        except KeyError:
            raise ValueError(f"cannot build path {template!r}: no value for {{{name}}}") from None
        if value is None or value == "":
            raise ValueError(f"cannot build path {template!r}: {{{name}}} is empty "
                             "(is the object saved yet?)")
        text = str(value)
        return text if name in _PATH_VALUES else quote(text, safe="")

    return _PLACEHOLDER.sub(one, template)


class Bound:
    """Helpers shared by resources and services: both hold a connection and a context."""

    __slots__ = ()

    _con: Connection
    _ctx: dict[str, str]

    @property
    def con(self) -> Connection:
        """The connection this object talks through (also the raw-request escape hatch)."""
        return self._con

    def _values(self, params: Mapping[str, Any]) -> dict[str, Any]:
        values: dict[str, Any] = dict(self._ctx)
        values.update(params)
        return values

    def _path(self, template: str, **params: Any) -> str:
        return expand(template, self._values(params))

    def _child_context(self, parent_path: str, extra: Mapping[str, Any] = (), **more: str) -> dict[str, str]:
        ctx = {"resource": self._ctx["resource"], "parent": parent_path}
        ctx.update({k: expand(v, self._values({})) for k, v in dict(extra).items()})
        ctx.update(more)
        return ctx

    def _parser(self, cls: type[R], ctx: dict[str, str]) -> Callable[[Any], R]:
        return cls._factory(self._con, ctx)

    def _call(self, method: str, path: str, *, params: Mapping[str, Any] | None = None,
              json: Any = None, headers: Mapping[str, str] | None = None,
              parse: Callable[[Any], Any] | None = None) -> Any:
        from .request import GraphRequest

        req = GraphRequest(method=method, url=path, params=dict(params) if params else None,
                           json=json, headers=dict(headers) if headers else None, parse=parse)
        return self._con.execute(req)

    def _get(self, path: str, cls: type[R], *, context: Mapping[str, str] = (),
             query: Query | None = None, headers: Mapping[str, str] | None = None) -> R:
        ctx = self._child_context(path, context)
        return self._call("GET", path, params=_query_params(query),
                          headers=_merge_headers(headers, query), parse=self._parser(cls, ctx))  # type: ignore[no-any-return]

    def _list(self, path: str, cls: type[R], *, limit: int | None, query: Query | None,
              page_size: int | None, max_page_size: int | None, page_size_mode: str = "top",
              context: Mapping[str, str] = (), headers: Mapping[str, str] | None = None,
              owner_collection: bool = True) -> Paginator[R]:
        from .paging import Paginator

        if limit is not None and limit < 1:
            raise ValueError(f"limit must be a positive number or None, not {limit!r}")
        if page_size is not None:
            if page_size < 1:
                raise ValueError(f"page_size must be positive, not {page_size!r}")
            if max_page_size is not None and page_size > max_page_size:
                raise ValueError(f"page_size {page_size} is over Graph's maximum of {max_page_size} here")
        ctx = self._child_context(path, context, collection=path) if owner_collection else self._child_context(path, context)
        return Paginator(self._con, path, self._parser(cls, ctx), params=_query_params(query),
                         headers=_merge_headers(headers, query), limit=limit, page_size=page_size,
                         page_size_mode=page_size_mode)

    def _delta(self, path: str, cls: type[R], *, delta_link: str | None, query: Query | None,
               page_size: int | None, context: Mapping[str, str] = ()) -> DeltaIterator[R]:
        from .delta import DeltaIterator

        ctx = self._child_context(path, context)
        return DeltaIterator(self._con, path, self._parser(cls, ctx), delta_link=delta_link,
                             params=_query_params(query), headers=_merge_headers(None, query),
                             page_size=page_size)

    def _new(self, cls: type[R], collection: str, context: Mapping[str, str] = (), **values: Any) -> R:
        obj = cls()
        obj._con = self._con
        obj._ctx = self._child_context(collection, context, collection=collection)
        for name, value in values.items():
            if value is not NOT_GIVEN:
                setattr(obj, name, value)
        return obj


def _query_params(query: Query | None) -> dict[str, str] | None:
    return query.as_params() if query is not None else None


def _merge_headers(headers: Mapping[str, str] | None, query: Query | None) -> dict[str, str] | None:
    merged: dict[str, str] = dict(headers or {})
    if query is not None:
        merged.update(query.headers())
    return merged or None


def body_of(params: Iterable[tuple[str, Any]]) -> dict[str, Any]:
    """A request body from (graph name, value) pairs, leaving out arguments not given."""
    out: dict[str, Any] = {}
    for name, value in params:
        if value is NOT_GIVEN:
            continue
        if isinstance(value, Model):
            value = value.to_api()
        elif isinstance(value, enum.Enum):
            value = value.value
        elif isinstance(value, (list, tuple)):
            value = [v.to_api() if isinstance(v, Model) else v for v in value]
        out[name] = value
    return out


class Resource(Model, Bound):
    """A Graph entity bound to a connection, with a path built from its context and id."""

    __slots__ = ("_con", "_ctx")

    PATH: ClassVar[str | None] = None
    SUBTYPES: ClassVar[Mapping[str, str]] = {}

    def __init__(self, data: Mapping[str, Any] | None = None, /, **values: Any) -> None:
        super().__init__(data, **values)
        self._ctx = {}

    @classmethod
    def _factory(cls: type[R], con: Connection, ctx: dict[str, str]) -> Callable[[Any], R]:
        """A fast builder for many objects sharing one connection and context."""
        new = object.__new__
        subtypes = cls.SUBTYPES

        def build(data: Any) -> R:
            target = cls
            if subtypes:
                found = subtypes.get(data.get("@odata.type", ""))
                if found is not None:
                    target = _resolve(found)  # type: ignore[assignment]
            obj = new(target)
            obj._data = data
            obj._changed = None
            obj._owner = None
            obj._con = con
            obj._ctx = ctx
            return obj

        return build

    @property
    def object_id(self) -> str | None:
        """The Graph id (python-o365's name for it)."""
        value = self._data.get("id")
        return None if value is None else str(value)

    def _values(self, params: Mapping[str, Any]) -> dict[str, Any]:
        values = super()._values(params)
        values.setdefault("id", self._data.get("id"))
        if self.PATH is not None and "self" not in params:
            values["self"] = expand(self.PATH, values)
        return values

    def _bound(self) -> None:
        if not getattr(self, "_ctx", None) or not hasattr(self, "_con"):
            raise ValueError(f"this {type(self).__name__} is not bound to a connection; get it "
                             "from a service (e.g. account.mailbox()) or use its new_* method")

    def _timezone(self) -> ZoneInfo:
        con = getattr(self, "_con", None)
        if con is None:
            return super()._timezone()
        return con.protocol.timezone

    def _update_from(self, data: Any) -> None:
        if isinstance(data, dict):
            self._data.update(data)
        self._changed = None

    def _refresh(self, path: str, *, query: Query | None = None) -> Self:
        self._bound()
        data = self._call("GET", path, params=_query_params(query), headers=_merge_headers(None, query))
        self._data = dict(data) if isinstance(data, dict) else self._data
        self._changed = None
        return self

    def _create(self, path: str) -> Self:
        """POST the whole object to its collection and take the server's copy."""
        self._bound()
        body = {k: v for k, v in self._data.items() if not _read_only(type(self), k)}
        data = self._call("POST", self._ctx.get("collection") or path, json=body)
        self._update_from(data)
        return self

    def _update(self, path: str) -> bool:
        """PATCH only the changed fields; False when nothing changed (and nothing is sent)."""
        self._bound()
        changes = self.changes()
        if not changes:
            return False
        data = self._call("PATCH", path, json=changes)
        self._update_from(data)
        return True

    def _save(self, create_path: str, update_path: str) -> bool:
        """Create when the object has no id yet, else send only the changes."""
        if self._data.get("id") is None:
            self._create(create_path)
            return True
        return self._update(update_path)

    def _delete(self, path: str) -> bool:
        self._bound()
        self._call("DELETE", path)
        return True


def _read_only(cls: type[Model], graph_name: str) -> bool:
    python = cls._GRAPH_TO_PYTHON.get(graph_name)
    return python is not None and cls.FIELDS[python].read_only


_REGISTRY: dict[str, type[Resource]] = {}


def _resolve(qualified: str) -> type[Resource]:
    """Import `package.module:Class` once; used for subtypes and cross-module references."""
    found = _REGISTRY.get(qualified)
    if found is None:
        import importlib

        module, _, name = qualified.partition(":")
        found = getattr(importlib.import_module(module), name)
        _REGISTRY[qualified] = found
    return found


class Service(Bound):
    """An entry point bound to one mailbox, drive owner, site... (`{resource}` in paths)."""

    __slots__ = ("_con", "_ctx")

    def __init__(self, con: Connection, resource: str) -> None:
        self._con = con
        self._ctx = {"resource": resource}

    @property
    def resource(self) -> str:
        return self._ctx["resource"]

    def __repr__(self) -> str:
        return f"{type(self).__name__}(resource={self._ctx['resource']!r})"
