"""OData open types used as dictionaries: values stored under keys the caller chooses.

Graph has complex types with no declared properties whose *property names* are data: a
Planner task's `assignments` (user id -> plannerAssignment), `appliedCategories`
("category1".."category25" -> true), a task's details `checklist` (an id the client makes
up -> plannerChecklistItem) and `references` (an encoded URL -> plannerExternalReference),
a plan's `sharedWith` (user id -> true). Graph's rules for them (G:
resources/planner-overview.md, "400 Bad request"; resources/plannerexternalreferences.md):

- a complex value names its type in `@odata.type`, or Graph answers 400;
- PATCH merges: keys not sent are kept, a key sent as null is removed;
- a URL used as a key has `%`, `.`, `:`, `@` and `#` percent-encoded.

`KeyedValues` is such a dictionary inside a model: keys are checked (a user id must be a
GUID...) and encoded before anything is sent, complex values get their `@odata.type`, and
each change is tracked per key, so an update sends only the keys that changed. A spec says
`map: {keys: guid, values: PlannerAssignment}` for the type.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator, Mapping
from typing import Any, ClassVar, Generic, TypeVar

from .model import Model, Value

__all__ = ["KEY_RULES", "KeyedValues", "check_key", "decode_key", "encode_key"]

V = TypeVar("V")

_GUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
# What each `keys:` rule accepts, and how the error says it.
KEY_RULES: dict[str, tuple[re.Pattern[str], str]] = {
    "guid": (_GUID, "a GUID (a user's or item's object id, e.g. 'fbab97d0-4932-4511-b675-204639209557')"),
    "url": (re.compile(r"^https?://[^\s]+$", re.IGNORECASE), "an absolute http(s) URL"),
    "category": (re.compile(r"^category([1-9]|1[0-9]|2[0-5])$"), "one of category1 ... category25"),
    "any": (re.compile(r"^\S(.*\S)?$", re.S), "a non-empty string"),
}
# Characters Graph wants percent-encoded in a URL used as a property name (plannerExternalReferences).
_ENCODED = {"%": "%25", ".": "%2E", ":": "%3A", "@": "%40", "#": "%23"}
_DECODED = re.compile("|".join(re.escape(v) for v in _ENCODED.values()), re.IGNORECASE)


def encode_key(key: str, rule: str) -> str:
    """The property name Graph takes for `key` (URLs: the five reserved characters encoded)."""
    if rule != "url":
        return key
    return "".join(_ENCODED.get(ch, ch) for ch in key)


def decode_key(key: str, rule: str) -> str:
    """The key as the caller wrote it (the inverse of `encode_key`)."""
    if rule != "url":
        return key
    reverse = {v.upper(): k for k, v in _ENCODED.items()}
    return _DECODED.sub(lambda m: reverse[m.group(0).upper()], key)


def check_key(key: Any, rule: str, where: str) -> str:
    """`key` when it follows the rule, else ValueError naming the map and what it takes."""
    pattern, wanted = KEY_RULES[rule]
    if not isinstance(key, str) or not pattern.match(key):
        raise ValueError(f"{where}: {key!r} is not {wanted}")
    return key


class KeyedValues(Value, Generic[V]):
    """A dictionary-like view of an open type inside a model (see the module docstring).

    `view[key]` reads a value (a model for complex values), `view[key] = value` sets one,
    `del view[key]` removes it (sent as null), `add(value)` stores a value under a new GUID
    key where the client makes up the keys (checklists). Iteration gives the keys as the
    caller wrote them.
    """

    __slots__ = ()

    KEYS: ClassVar[str] = "any"  # a KEY_RULES name
    VALUES: ClassVar[type[Model] | None] = None  # the values' complex type; None: plain JSON
    NEW_KEYS: ClassVar[bool] = False  # the client makes up keys (add())

    # -- reading -----------------------------------------------------------------------------

    def _keys(self) -> list[str]:
        return [k for k in self._data if not k.startswith("@")]

    def __iter__(self) -> Iterator[str]:
        return (decode_key(k, self.KEYS) for k in self._keys())

    def __len__(self) -> int:
        return len(self._keys())

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and encode_key(key, self.KEYS) in self._data

    def __getitem__(self, key: str) -> V:
        raw = self._data[encode_key(key, self.KEYS)]
        if self.VALUES is not None and isinstance(raw, dict):
            return self.VALUES._nested(raw, self, encode_key(key, self.KEYS))  # type: ignore[return-value]
        return raw  # type: ignore[no-any-return]

    def get(self, key: str, default: Any = None) -> V | Any:
        return self[key] if key in self else default

    def keys(self) -> list[str]:
        return list(self)

    def items(self) -> list[tuple[str, V]]:
        return [(key, self[key]) for key in self]

    def values(self) -> list[V]:
        return [self[key] for key in self]

    # -- writing -----------------------------------------------------------------------------

    def __setitem__(self, key: str, value: Any) -> None:
        name = encode_key(check_key(key, self.KEYS, type(self).__name__), self.KEYS)
        self._data[name] = self._encode_value(value)
        self._mark(name)

    def __delitem__(self, key: str) -> None:
        """Remove the key: Graph removes a key sent as null."""
        name = encode_key(key, self.KEYS)
        if name not in self._data:
            raise KeyError(key)
        self._data[name] = None
        self._mark(name)

    def add(self, value: Any) -> str:
        """Store `value` under a new key (a GUID, as Graph's clients make them); returns the key."""
        if not self.NEW_KEYS:
            raise TypeError(f"{type(self).__name__} keys are chosen by the caller: set view[key] = value")
        key = str(uuid.uuid4())
        self[key] = value
        return key

    def _encode_value(self, value: Any) -> Any:
        if value is None:
            return None
        if self.VALUES is None:
            if isinstance(value, (dict, list)):
                raise TypeError(f"{type(self).__name__} holds plain values, not {type(value).__name__}")
            return value
        data = dict(self.VALUES.coerce(value)._data)
        data.setdefault("@odata.type", "#" + self.VALUES.GRAPH_TYPE)  # Graph's 400 otherwise
        return data

    def _mark(self, key: str) -> None:
        """A change of one key: the owner sends that key only (Graph merges open types)."""
        parent = getattr(self, "_owner", None)
        if parent is None:
            return
        owner, field = parent
        if owner._data.get(field) is None:
            owner._data[field] = self._data  # a new map joins its owner on its first write
        owner._mark_key(field, key, self._data.get(key))

    @classmethod
    def coerce(cls, value: Any) -> KeyedValues[V]:
        """A whole map from a dict (python-o365's `assignments={...}`): keys checked and
        encoded, complex values typed. `@odata.*` annotations pass through unchanged."""
        if isinstance(value, cls):
            return value
        if not isinstance(value, Mapping):
            raise TypeError(f"{cls.__name__} takes a dict of key -> value, not {type(value).__name__}")
        out = cls()
        for key, item in value.items():
            if isinstance(key, str) and key.startswith("@odata."):
                out._data[key] = item
                continue
            name = encode_key(check_key(key, cls.KEYS, cls.__name__), cls.KEYS)
            out._data[name] = out._encode_value(item)
        return out

    def __repr__(self) -> str:
        return f"{type(self).__name__}({dict(self.items())!r})"
