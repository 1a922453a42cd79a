"""Typed field descriptors for generated models.

A model keeps the JSON object Graph sent (`_data`) and converts a value only when it is read,
so building an object from a page of results costs almost nothing beyond `json.loads`.
Writing a field stores the Graph form back into `_data` and records the top-level key as
changed, which is what an update sends.

Each descriptor knows its Graph name and its spec type spelling; `Model.FIELDS` collects them
into the public introspection mapping.
"""

from __future__ import annotations

import base64
import datetime as dt
import enum
import re
from collections.abc import Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any, Generic, TypeVar, overload

from . import timezones
from .compat import HeldValueNames

if TYPE_CHECKING:
    from typing_extensions import Self

    from .model import Model
    from .open_values import FieldValues

T = TypeVar("T")
M = TypeVar("M", bound="Model")
E = TypeVar("E", bound=enum.Enum)


class Field(Generic[T]):
    """A plain JSON value (string, number, bool, list of those): stored as is."""

    __slots__ = ("graph", "spelled", "read_only", "name", "named")

    def __init__(self, graph: str, spelled: str, *, read_only: bool = False) -> None:
        self.graph = graph
        self.spelled = spelled
        self.read_only = read_only
        self.name = graph
        self.named = False

    def __set_name__(self, owner: type, name: str) -> None:
        # An alias (`timezone = time_zone`) is the same descriptor under a second name:
        # the first name is the field's own.
        if not self.named:
            self.name, self.named = name, True

    @overload
    def __get__(self, obj: None, owner: type | None = None) -> Self: ...
    @overload
    def __get__(self, obj: Model, owner: type | None = None) -> T | None: ...
    def __get__(self, obj: Model | None, owner: type | None = None) -> Self | T | None:
        # The hot path: a plain JSON value needs no conversion. Converting fields override this.
        if obj is None:
            return self
        return obj._data.get(self.graph)

    def __set__(self, obj: Model, value: T | None) -> None:
        if self.read_only:
            raise AttributeError(f"{type(obj).__name__}.{self.name} is read-only")
        obj._data[self.graph] = None if value is None else self.encode(value)
        obj._mark(self.graph)

    def decode(self, raw: Any, obj: Model) -> T:
        return raw  # type: ignore[no-any-return]

    def encode(self, value: T) -> Any:
        return value


class _Converted(Field[T]):
    """A field whose JSON form is converted on read (`decode`) and on write (`encode`)."""

    __slots__ = ()

    @overload
    def __get__(self, obj: None, owner: type | None = None) -> Self: ...
    @overload
    def __get__(self, obj: Model, owner: type | None = None) -> T | None: ...
    def __get__(self, obj: Model | None, owner: type | None = None) -> Self | T | None:
        if obj is None:
            return self
        raw = obj._data.get(self.graph)
        return None if raw is None else self.decode(raw, obj)


class DateTimeField(_Converted[dt.datetime]):
    """An Edm.DateTimeOffset: read as an aware datetime, written as ISO 8601 in UTC."""

    __slots__ = ()

    @overload
    def __get__(self, obj: None, owner: type | None = None) -> Self: ...
    @overload
    def __get__(self, obj: Model, owner: type | None = None) -> dt.datetime | None: ...
    def __get__(self, obj: Model | None, owner: type | None = None) -> Self | dt.datetime | None:
        # Inlined rather than through decode(): dates are read on hot paths. The C parser
        # takes Graph's usual "2024-03-01T10:15:00Z" directly; anything it refuses or reads
        # without an offset (seven fractional digits, no offset = UTC, a bare date) gets the
        # full rules of timezones.parse_datetime.
        if obj is None:
            return self
        raw = obj._data.get(self.graph)
        if raw is None:
            return None
        try:
            parsed = _from_iso(raw)
        except (ValueError, TypeError):
            return timezones.parse_datetime(raw)
        if parsed.tzinfo is None or raw[10] != "T":
            return timezones.parse_datetime(raw)
        return parsed

    def decode(self, raw: Any, obj: Model) -> dt.datetime:
        return timezones.parse_datetime(raw)

    def encode(self, value: dt.datetime) -> Any:
        if not isinstance(value, dt.datetime):
            raise TypeError(f"{self.name} takes a datetime, not {type(value).__name__}")
        return timezones.format_datetime(value)


class DateField(_Converted[dt.date]):
    __slots__ = ()

    def decode(self, raw: Any, obj: Model) -> dt.date:
        return dt.date.fromisoformat(raw[:10])

    def encode(self, value: dt.date) -> Any:
        return value.isoformat()


class UtcDateField(_Converted[dt.date]):
    """A calendar date in an Edm.DateTimeOffset property (a contact's birthday). Graph answers
    "1974-07-22T00:00:00Z" or "1974-07-22"; it is read as a `date` (the day Graph says, no
    time zone moves it) and written as the date alone, as contact-update.md sends it (a
    datetime gives its date)."""

    __slots__ = ()

    def decode(self, raw: Any, obj: Model) -> dt.date:
        return dt.date.fromisoformat(str(raw)[:10])

    def encode(self, value: dt.date) -> Any:
        if not isinstance(value, dt.date):
            raise TypeError(f"{self.name} takes a date, not {type(value).__name__}")
        day = value.date() if isinstance(value, dt.datetime) else value
        return day.isoformat()


class TimeField(_Converted[dt.time]):
    __slots__ = ()

    def decode(self, raw: Any, obj: Model) -> dt.time:
        # Graph sends seven fractional digits ("08:00:00.0000000"); Python takes six.
        return dt.time.fromisoformat(raw[:15] if "." in raw else raw)

    def encode(self, value: dt.time) -> Any:
        return value.isoformat()


_from_iso = dt.datetime.fromisoformat
_new = object.__new__

_DURATION = re.compile(
    r"^(?P<sign>-)?P(?:(?P<days>\d+(?:\.\d+)?)D)?"
    r"(?:T(?:(?P<hours>\d+(?:\.\d+)?)H)?(?:(?P<minutes>\d+(?:\.\d+)?)M)?(?:(?P<seconds>\d+(?:\.\d+)?)S)?)?$"
)


class DurationField(_Converted[dt.timedelta]):
    """An Edm.Duration such as `PT1H30M`."""

    __slots__ = ()

    def decode(self, raw: Any, obj: Model) -> dt.timedelta:
        match = _DURATION.match(raw)
        if not match:
            raise ValueError(f"not an ISO 8601 duration: {raw!r}")
        parts = {k: float(v) for k, v in match.groupdict().items() if v and k != "sign"}
        delta = dt.timedelta(**parts)
        return -delta if match.group("sign") else delta

    def encode(self, value: dt.timedelta) -> Any:
        total = int(value.total_seconds())
        sign, total = ("-", -total) if total < 0 else ("", total)
        days, rest = divmod(total, 86400)
        hours, rest = divmod(rest, 3600)
        minutes, seconds = divmod(rest, 60)
        return f"{sign}P{days}DT{hours}H{minutes}M{seconds}S"


class BytesField(_Converted[bytes]):
    """An Edm.Binary, base64 in JSON."""

    __slots__ = ()

    def decode(self, raw: Any, obj: Model) -> bytes:
        return base64.b64decode(raw)

    def encode(self, value: bytes) -> Any:
        return base64.b64encode(value).decode("ascii")


class EnumField(_Converted["E | str"], Generic[E]):
    """An enum: a member when the value is known, else the raw string (Graph adds values)."""

    __slots__ = ("enum", "folded")

    def __init__(self, graph: str, spelled: str, enum_type: type[E], *, read_only: bool = False) -> None:
        super().__init__(graph, spelled, read_only=read_only)
        self.enum = enum_type
        # Some Graph payloads capitalise enum values ("Scheduled"); match them case-insensitively.
        self.folded = {str(m.value).casefold(): m for m in enum_type}

    def decode(self, raw: Any, obj: Model) -> E | str:
        try:
            return self.enum(raw)
        except ValueError:
            found = self.folded.get(str(raw).casefold())
            return found if found is not None else raw

    def encode(self, value: E | str) -> Any:
        if isinstance(value, enum.Enum):
            return value.value
        try:
            return self.enum(value).value  # other names the spec accepts ("red" -> preset0)
        except ValueError:
            return str(value)  # a value Graph added after this spec was written


class RangeField(Field[int]):
    """An integer Graph accepts only within a range (percentComplete 0-100, priority 0-10):
    a value outside it is refused when it is set, before anything is sent."""

    __slots__ = ("low", "high")

    def __init__(self, graph: str, spelled: str, low: int, high: int, *, read_only: bool = False) -> None:
        super().__init__(graph, spelled, read_only=read_only)
        self.low, self.high = low, high

    def encode(self, value: int) -> Any:
        from .arguments import checked_range

        return checked_range(value, self.low, self.high, self.name)


class TimeZoneField(Field[str]):
    """A time zone name (Windows or IANA); an unknown name is refused before anything is sent."""

    __slots__ = ()

    def encode(self, value: str) -> Any:
        timezones.get_zone(value)  # ValueError naming the bad zone
        return value


class ZonedDateTimeField(_Converted[dt.datetime]):
    """A dateTimeTimeZone object read and written as an aware datetime.

    Naive datetimes are interpreted in the protocol's time zone (see generated.o365._runtime.timezones).
    """

    __slots__ = ()

    def decode(self, raw: Any, obj: Model) -> dt.datetime:
        return timezones.from_graph_datetime(raw, obj._timezone())

    def encode(self, value: dt.datetime) -> Any:
        raise NotImplementedError  # __set__ below needs the model's time zone

    def __set__(self, obj: Model, value: dt.datetime | dt.date | None) -> None:
        """Naive datetimes are read in the protocol's zone; a date means midnight (all-day)."""
        if self.read_only:
            raise AttributeError(f"{type(obj).__name__}.{self.name} is read-only")
        if value is not None and not isinstance(value, dt.date):
            raise TypeError(f"{self.name} takes a datetime or a date, not {type(value).__name__}")
        obj._data[self.graph] = obj._zoned(value)
        obj._mark(self.graph)


class ModelField(_Converted[M]):
    """A nested complex value. It shares its dict with the parent, so edits are tracked.

    With `autocreate`, reading an unset value gives an empty one that joins its owner on its
    first write, so `message.sender.address = "a@b.com"` works on a new message as in
    python-o365 (an unset value that is never written is never sent).
    """

    __slots__ = ("model", "autocreate")

    def __init__(self, graph: str, spelled: str, model: type[M], *, read_only: bool = False,
                 autocreate: bool = False) -> None:
        super().__init__(graph, spelled, read_only=read_only)
        self.model = model
        self.autocreate = autocreate

    @overload
    def __get__(self, obj: None, owner: type | None = None) -> Self: ...
    @overload
    def __get__(self, obj: Model, owner: type | None = None) -> M | None: ...
    def __get__(self, obj: Model | None, owner: type | None = None) -> Self | M | None:
        # Inlined rather than through decode(): nested values are read on hot paths.
        if obj is None:
            return self
        raw = obj._data.get(self.graph)
        if raw is None:
            if not self.autocreate:
                return None
            raw = {}  # attached to the owner by its first write (Model._mark)
        nested: M = _new(self.model)
        nested._data = raw
        nested._owner = (obj, self.graph)  # edits inside mark this field changed on the owner
        return nested

    def __set__(self, obj: Model, value: M | Mapping[str, Any] | str | tuple[str, str] | None,
                ) -> None:
        # Wider than reads: a dict of Graph JSON, or the string or pair the model's spec
        # `coerce:` reads (checked by Model.coerce, a TypeError before anything is sent).
        super().__set__(obj, value)  # type: ignore[arg-type]

    def decode(self, raw: Any, obj: Model) -> M:
        return self.model._nested(raw, obj, self.graph)

    def encode(self, value: M) -> Any:
        try:
            return self.model.coerce(value)._data
        except TypeError:
            raise TypeError(f"{self.name} takes a {self.model.__name__} or a dict, "
                            f"not {type(value).__name__}") from None



class MapField(ModelField[M]):
    """An OData open type used as a dictionary (a spec's `map:` type, `_runtime.keyed`): it
    never reads as None; an unset one is an empty map that joins its owner on its first key."""

    __slots__ = ()

    def __init__(self, graph: str, spelled: str, model: type[M], *, read_only: bool = False) -> None:
        super().__init__(graph, spelled, model, read_only=read_only, autocreate=True)

    @overload
    def __get__(self, obj: None, owner: type | None = None) -> Self: ...
    @overload
    def __get__(self, obj: Model, owner: type | None = None) -> M: ...
    def __get__(self, obj: Model | None, owner: type | None = None) -> Self | M:
        value = super().__get__(obj, owner)
        assert value is not None  # autocreate: an empty map when unset
        return value

class NestedField(Generic[T]):
    """A value below a field, by slash path (`address` = `emailAddress/address`).

    python-o365 names many nested values directly (`recipient.address`, `item.mime_type`,
    `attendee.response_status`); reading walks the path (None where a step is missing),
    writing creates the objects on the way and sends only what was set.
    """

    __slots__ = ("path", "inner", "read_only", "name", "_parent", "_leaf")

    def __init__(self, path: str, inner: Field[T], *, read_only: bool = False) -> None:
        self.path = path
        self.inner = inner
        self.read_only = read_only or inner.read_only
        self.name = path
        self._parent, _, self._leaf = path.rpartition("/")

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    @overload
    def __get__(self, obj: None, owner: type | None = None) -> Self: ...
    @overload
    def __get__(self, obj: Model, owner: type | None = None) -> T | None: ...
    def __get__(self, obj: Model | None, owner: type | None = None) -> Self | T | None:
        if obj is None:
            return self
        from .model import lookup

        parent = lookup(obj._data, self._parent)
        if not isinstance(parent, dict) or parent.get(self._leaf) is None:
            return None
        raw = parent[self._leaf]
        if isinstance(self.inner, ModelField):
            # Edits inside mark the top-level field this path starts from.
            nested: T = self.inner.model._nested(raw, obj, self.path.split("/", 1)[0])
            return nested
        return self.inner.decode(raw, obj)

    def __set__(self, obj: Model, value: T | None) -> None:
        if self.read_only:
            raise AttributeError(f"{type(obj).__name__}.{self.name} is read-only")
        if isinstance(self.inner, ZonedDateTimeField):
            obj._assign(self.path, value, zoned=True)
            return
        obj._assign(self.path, None if value is None else self.inner.encode(value))


class ModelListField(Field["ModelList[M]"], Generic[M]):
    """A collection of complex values, exposed as a tracked list."""

    __slots__ = ("model",)

    def __init__(self, graph: str, spelled: str, model: type[M], *, read_only: bool = False) -> None:
        super().__init__(graph, spelled, read_only=read_only)
        self.model = model

    @overload
    def __get__(self, obj: None, owner: type | None = None) -> Self: ...
    @overload
    def __get__(self, obj: Model, owner: type | None = None) -> ModelList[M]: ...
    def __get__(self, obj: Model | None, owner: type | None = None) -> Self | ModelList[M]:
        if obj is None:
            return self
        return ModelList(obj, self.graph, self.model)

    def __set__(self, obj: Model,
                value: Iterable[M | Mapping[str, Any] | str | tuple[str, str]] | None) -> None:
        # Wider than reads: models, dicts of Graph JSON, or the strings or pairs the model's
        # spec `coerce:` reads (`message.to = ["a@b.com"]`), each checked by Model.coerce.
        super().__set__(obj, value)  # type: ignore[arg-type]

    def encode(self, value: Any) -> Any:
        if isinstance(value, (str, dict, self.model)):  # one value ("a@contoso.com"): a list of one
            value = [value]
        return [self.model.coerce(v)._data for v in value]


class ModelList(HeldValueNames, Generic[M]):
    """A live view of a JSON array of complex values inside a model.

    Reading wraps items on the fly; `append`, `extend`, `remove`, `clear` and item assignment
    change the underlying JSON and mark the field changed. Items accept whatever the item
    type's `coerce` accepts (for recipients: an address string or a `(name, address)` pair).
    """

    __slots__ = ("_owner", "_key", "_model")

    def __init__(self, owner: Model, key: str, model: type[M]) -> None:
        self._owner = owner
        self._key = key
        self._model = model

    def _items(self, create: bool = False) -> list[Any]:
        items = self._owner._data.get(self._key)
        if items is None:
            items = []
            if create:
                self._owner._data[self._key] = items
        return items

    def __len__(self) -> int:
        return len(self._items())

    def __iter__(self) -> Iterator[M]:
        for raw in self._items():
            yield self._model._nested(raw, self._owner, self._key)

    def __getitem__(self, index: int) -> M:
        return self._model._nested(self._items()[index], self._owner, self._key)

    def __setitem__(self, index: int, value: Any) -> None:
        self._items()[index] = self._model.coerce(value)._data
        self._owner._mark(self._key)

    def __bool__(self) -> bool:
        return bool(self._items())

    def __eq__(self, other: object) -> bool:
        if isinstance(other, ModelList):
            return self._items() == other._items()
        if isinstance(other, list):
            return list(self) == other
        return NotImplemented

    def __contains__(self, value: object) -> bool:
        """`"a@b.com" in message.to`: compared through `coerce` and the type's `match`."""
        try:
            target = self._model.coerce(value)._data
        except (TypeError, ValueError):
            return False
        return any(self._model._same(raw, target) for raw in self._items())

    def append(self, value: Any) -> M:
        item = self._model.coerce(value)
        self._items(create=True).append(item._data)
        self._owner._mark(self._key)
        return self._model._nested(item._data, self._owner, self._key)

    def add(self, value: Any) -> None:
        """Add one value, or each of a list of them (python-o365's `to.add([a, b])`)."""
        if isinstance(value, list):
            self.extend(value)
        else:
            self.append(value)

    def get_first_recipient_with_address(self) -> M | None:
        """The first item whose identifying value (the type's `match`, an address) is set."""
        match = self._model.MATCH
        for item in self:
            if match is None or item._lookup(match):
                return item
        return None

    def extend(self, values: Iterable[Any]) -> None:
        for value in values:
            self.append(value)

    def remove(self, value: Any) -> None:
        """Remove the first item equal to `value` (compared through `coerce`); a list: each."""
        if isinstance(value, list):
            for one in value:
                self.remove(one)
            return
        target = self._model.coerce(value)._data
        items = self._items()
        for i, raw in enumerate(items):
            if self._model._same(raw, target):
                del items[i]
                self._owner._mark(self._key)
                return
        raise ValueError(f"{value!r} is not in {self._key}")

    def clear(self) -> None:
        self._owner._data[self._key] = []
        self._owner._mark(self._key)

    def to_api_data(self) -> list[Any]:
        """The items as Graph JSON (python-o365's name)."""
        return list(self._items())

    def __repr__(self) -> str:
        return f"[{', '.join(repr(item) for item in self)}]"


class OpenValuesField(Field["FieldValues"]):
    """An open-type field typed by definitions read at run time (generated.o365._runtime.open_values): reads
    give a live `FieldValues` view; assigning a mapping sets those values one by one (each
    checked against its definition and tracked), the others are kept."""

    __slots__ = ()

    @overload
    def __get__(self, obj: None, owner: type | None = None) -> Self: ...
    @overload
    def __get__(self, obj: Model, owner: type | None = None) -> FieldValues: ...
    def __get__(self, obj: Model | None, owner: type | None = None) -> Self | FieldValues:
        from .open_values import FieldValues

        if obj is None:
            return self
        spec = type(obj).OPEN_VALUES
        if spec is None or spec.field != self.graph:
            raise TypeError(f"{type(obj).__name__}.{self.name} has no open_values spec")
        return FieldValues(obj, spec)

    def __set__(self, obj: Model, value: Mapping[str, Any] | None) -> None:
        if value is None:
            raise TypeError(f"{self.name} takes a mapping of values (set one to None to clear it)")
        self.__get__(obj).update(value)
