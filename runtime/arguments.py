"""How generated methods turn Python arguments into what goes on the wire."""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from .model import NOT_GIVEN, Model, to_json
from .values import check_text as check_text  # its home before generated.o365._runtime.values

T = TypeVar("T")

if TYPE_CHECKING:
    from .query import Query, QueryLike

def body_of(params: Iterable[tuple[str, Any]]) -> dict[str, Any]:
    """A request body (or query) from (graph name, value) pairs, leaving out arguments not given.

    A slash in a name nests it: ("automaticRepliesSetting/status", "disabled") becomes
    {"automaticRepliesSetting": {"status": "disabled"}}.
    """
    out: dict[str, Any] = {}
    for name, value in params:
        if value is NOT_GIVEN:
            continue
        *parents, leaf = name.split("/")
        target = out
        for key in parents:
            target = target.setdefault(key, {})
        target[leaf] = to_json(value)
    return out


_GUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")


def id_of(value: Any, expected: str | None = None) -> Any:
    """A resource argument given as an object or as its id: the id.

    `expected` (`package.module:Class`, the parameter's spec type) is checked before any
    request: an object must be that resource or one of its `subtypes`, and a string must look
    like its ids when the resource's spec types its `id` field as `guid` (directory objects:
    `directoryObjects/{id}` takes no user principal name or mail address).
    """
    if isinstance(value, Model):
        if expected is not None and not _is_a(value, expected):
            raise TypeError(f"expected a {_short(expected)} or its id, not a {type(value).__name__}")
        found = value._data.get("id")
        if not found:
            raise ValueError(f"this {type(value).__name__} has no id (is it saved?)")
        return found
    if expected is not None and value is not NOT_GIVEN and value is not None:
        if not isinstance(value, str):
            raise TypeError(f"expected a {_short(expected)} or its id, not {type(value).__name__}")
        if not value:
            raise ValueError(f"the {_short(expected)} id is empty")
        if _id_spelling(expected) == "guid" and not _GUID.match(value):
            raise ValueError(f"{value!r} is not a {_short(expected)} id (a GUID such as "
                             "'4562bcc8-c436-4f95-b7c0-4f8ce89dca5e')")
    return value


def key_of(value: Any, expected: str, key: str) -> Any:
    """A resource argument given as the object or as the value of its `key` field, which is
    what Graph takes (a message's categories are category display names)."""
    if isinstance(value, Model):
        if not _is_a(value, expected):
            raise TypeError(f"expected a {_short(expected)} or its {key}, not a {type(value).__name__}")
        found = value._data.get(key)
        if not found:
            raise ValueError(f"this {type(value).__name__} has no {key}")
        return found
    if value is NOT_GIVEN or value is None:
        return value
    if not isinstance(value, str):
        raise TypeError(f"expected a {_short(expected)} or its {key}, not {type(value).__name__}")
    if not value:
        raise ValueError(f"the {_short(expected)} {key} is empty")
    return value


def ids_of(values: Any, expected: str) -> Any:
    """A list argument of resources (objects or ids), each checked as `id_of` does."""
    if values is NOT_GIVEN or values is None:
        return values
    if isinstance(values, (str, Model)) or not isinstance(values, Iterable):
        raise TypeError(f"expected a list of {_short(expected)} objects or ids, "
                        f"not {type(values).__name__}")
    return [id_of(value, expected) for value in values]


def _short(qualified: str) -> str:
    return qualified.rpartition(":")[2]


def _is_a(value: Model, qualified: str) -> bool:
    """Whether `value` is the resource `qualified` names, or one of its declared subtypes."""
    from .resource import _resolve

    cls = _resolve(qualified)
    subtypes = getattr(cls, "SUBTYPES", {})
    return isinstance(value, cls) or any(isinstance(value, _resolve(s)) for s in subtypes.values())


def _id_spelling(qualified: str) -> str | None:
    from .resource import _resolve

    info = _resolve(qualified).FIELDS.get("id")
    return info.type if info is not None else None


def coerced(model: type[Model], value: Any, *, many: bool = False) -> Any:
    """A complex-type argument (or a list of them) built through the type's `coerce`.

    `many`: the parameter is a list, and one value given alone is a list of one.
    """
    if value is NOT_GIVEN or value is None:
        return value
    if many and not isinstance(value, (list, tuple)):
        return [model.coerce(value)]
    if isinstance(value, (list, tuple)) and not (isinstance(value, tuple) and len(value) == 2
                                                 and all(isinstance(v, str) for v in value)
                                                 and "pair" in model.COERCE):
        return [model.coerce(v) for v in value]
    return model.coerce(value)


def mapped_value(value: Any, mapping: dict[str, Any], name: str) -> Any:
    """A value the caller writes in other words (`share_type="edit"` sends `["write"]`)."""
    if value is NOT_GIVEN or value is None:
        return value
    key = getattr(value, "value", value)
    if key not in mapping:
        raise ValueError(f"{name} must be one of {', '.join(map(repr, mapping))}, not {value!r}")
    return mapping[key]


def date_of(value: Any) -> Any:
    """A date argument: a datetime counts as its date, an ISO string is parsed."""
    import datetime as dt

    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, str):
        return dt.date.fromisoformat(value[:10])
    return value


def zone_name(value: Any) -> Any:
    """A time zone argument, checked (Windows or IANA name) before any request."""
    if isinstance(value, str):
        from .timezones import get_zone

        get_zone(value)
    return value


def matching(value: Any, pattern: str, name: str, why: str = "") -> Any:
    """A string argument checked against the spec's regular expression before any request."""
    import re

    if isinstance(value, str) and not re.search(pattern, value):
        raise ValueError(f"{name}={value!r} is not allowed" + (f": {why}" if why else
                                                                f" (must match {pattern!r})"))
    return value


def within(value: Any, low: int, high: int, name: str) -> Any:
    """An integer argument in the range Graph accepts (percentComplete 0-100), checked
    before any request."""
    if value is NOT_GIVEN or value is None:
        return value
    return checked_range(value, low, high, name)


def checked_range(value: Any, low: int, high: int, name: str) -> int:
    """`value` when it is an integer from `low` to `high`; ValueError (TypeError) otherwise."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name} takes an integer from {low} to {high}, not {type(value).__name__}")
    if not low <= value <= high:
        raise ValueError(f"{name} must be from {low} to {high}, not {value}")
    return value


def same_as(owner: Any, value: Any, pairs: tuple[tuple[str, str], ...], name: str) -> None:
    """Refuse an argument that belongs elsewhere before any request: each (its field, the
    owner's field) pair must hold the same value (a task moves only to a bucket of its own
    plan). An id passed instead of an object cannot be checked here; Graph checks it."""
    from .model import Model, lookup

    if not isinstance(value, Model) or not isinstance(owner, Model):
        return
    for theirs, ours in pairs:
        have, want = lookup(value._data, theirs), lookup(owner._data, ours)
        if have is not None and want is not None and have != want:
            raise ValueError(f"this {name} ({type(value).__name__} {value._data.get('id')!r}) has "
                             f"{theirs} {have!r}, but this {type(owner).__name__} has {ours} "
                             f"{want!r}: it must be one of the same {ours.removesuffix('Id')}")


def order_hint_between(after: Any, before: Any, field: str = "orderHint") -> str:
    """Planner's order hint for a place between two items (planner-order-hint-format.md):
    `"<previous hint> <next hint>!"`, with an empty string for a missing neighbour. `after`
    and `before` are the neighbours (objects with the hint in `field`) or their hints; the
    service turns the value into a short hint that sorts there."""
    def hint(item: Any) -> str:
        if item is None:
            return ""
        if isinstance(item, str):
            return item
        data = getattr(item, "_data", None)
        value = data.get(field) if isinstance(data, dict) else None
        if not isinstance(value, str):
            raise ValueError(f"{type(item).__name__} has no {field} to place next to; refresh() it first")
        return value

    previous, following = hint(after), hint(before)
    if previous and following and not previous < following:
        raise ValueError(f"after ({previous!r}) must sort before before ({following!r})")
    return f"{previous} {following}!"


def a1(value: Any) -> Any:
    """An A1 address argument, checked before any request (ValueError when it is not one)."""
    from .a1 import check_address

    return check_address(value)


def cell_rows(value: Any) -> Any:
    """Cell values as a rectangular 2-D list (a flat list is one row), checked before sending."""
    from .a1 import check_values

    if value is NOT_GIVEN or value is None:
        return value
    if isinstance(value, (list, tuple)) and value and not isinstance(value[0], (list, tuple)):
        value = [list(value)]
    return check_values(value)


def unwrapped(body: Any, value: str, error: str | None = None) -> Any:
    """The `value` member of a result object; a non-null `error` member raises ResultError.

    Graph's workbook functions answer `{"value": ..., "error": null}` (workbook-functions docs:
    an error of null means the function ran).
    """
    from .errors import ResultError

    if not isinstance(body, dict):
        return body
    if error is not None and body.get(error) is not None:
        raise ResultError(str(body.get(error)))
    return body.get(value)


def omitted_if_none(value: Any) -> Any:
    """An optional argument whose default is None: None means "leave it out of the body"."""
    return NOT_GIVEN if value is None else value


def given_or(value: Any, fallback: Any) -> Any:
    """An argument that defaults to an attribute of the object (spec `default_from`): the
    argument when given, else the fallback, else (None or an empty list) not given at all."""
    if value is not NOT_GIVEN and value is not None:
        return value
    return NOT_GIVEN if fallback is None or fallback == [] else fallback


def enum_value(enum_type: type[enum.Enum], value: Any) -> Any:
    """Check an enum argument before any request; strings are matched case-insensitively."""
    if value is NOT_GIVEN or value is None or isinstance(value, enum_type):
        return value
    from .errors import RetiredValueError

    try:
        return enum_type(value)  # values, and other names the enum's spec gives (_missing_)
    except RetiredValueError:
        raise
    except ValueError:
        pass
    for member in enum_type:
        if str(member.value).casefold() == str(value).casefold():
            return member
    allowed = ", ".join(repr(m.value) for m in enum_type)
    raise ValueError(f"{value!r} is not one of {allowed}")


def duration_of(value: Any, name: str = "duration") -> Any:
    """A duration argument as Graph's ISO 8601 text: a timedelta (`PT1H30M`), such text itself
    (checked), or python-o365's documented shorthand without the `PT` (`"1H"`, `"30M"`)."""
    import datetime as dt

    from .fields import _DURATION

    if value is NOT_GIVEN or value is None:
        return value
    if isinstance(value, dt.timedelta):
        if value.total_seconds() <= 0:
            raise ValueError(f"{name} must be a positive duration, not {value}")
        days, rest = divmod(int(value.total_seconds()), 86400)
        hours, rest = divmod(rest, 3600)
        minutes, seconds = divmod(rest, 60)
        time = "".join(f"{n}{unit}" for n, unit in ((hours, "H"), (minutes, "M"), (seconds, "S")) if n)
        text = (f"P{days}D" if days else "P") + (f"T{time}" if time else "")
        return text if text != "P" else "PT0S"
    text = str(value).strip().upper()
    if re.fullmatch(r"\d+[HMS]", text):
        text = "PT" + text
    if not _DURATION.match(text) or text in ("P", "PT"):
        raise ValueError(f"{name} must be an ISO 8601 duration such as 'PT1H' or a timedelta, "
                         f"not {value!r}")
    return text


def each_of(values: Any, template: Mapping[str, Any]) -> Any:
    """Each value of a list argument put into a copy of `template` where it says "{}" (the
    spec's `each`: users as conversation members, `{"user@odata.bind": "{}", ...}`)."""
    if values is NOT_GIVEN or values is None:
        return values

    def fill(part: Any, value: Any) -> Any:
        if part == "{}":
            return value
        if isinstance(part, Mapping):
            return {key: fill(item, value) for key, item in part.items()}
        if isinstance(part, list):
            return [fill(item, value) for item in part]
        return part

    return [fill(template, value) for value in values]


def check_combination(names: tuple[str, ...], values: tuple[Any, ...],
                      allowed: tuple[tuple[str, ...], ...], why: str = "") -> None:
    """Refuse, before sending, a combination of arguments Graph does not take together (the
    spec's `combinations`: presence availability and activity come in documented pairs).

    Arguments not given are not checked; the others are compared as they are sent.
    """
    if any(v is NOT_GIVEN or v is None for v in values):
        return
    sent = tuple(to_json(v) for v in values)
    if sent in allowed:
        return
    pairs = "; ".join("/".join(row) for row in allowed)
    reason = f" ({why})" if why else ""
    raise ValueError(f"{'/'.join(map(str, sent))} is not a combination of {' and '.join(names)} "
                     f"Graph takes{reason}: use one of {pairs}")


def with_options(query: QueryLike | None, *, names: Any = None, **options: str) -> Query:
    """`query` with extra $expand/$select parts, for generated keyword flags.

    `names`: the flag's value when the spec lets it be a list of names, which narrows the
    expansion to them (`expand=fields` -> `fields($select=Title,Color)`, names kept as given).
    """
    from .query import Query, as_query

    result = as_query(query) or Query()
    if isinstance(names, (list, tuple)) and "expand" in options:
        if not names or not all(isinstance(n, str) and n.strip() for n in names):
            raise ValueError(f"give names as non-empty strings, not {names!r}")
        return result.expand_raw(f"{options['expand']}($select={','.join(n.strip() for n in names)})")
    if "expand" in options:
        result = result.expand(options["expand"])
    if "select" in options:
        result = result.select(options["select"])
    return result


def of_kind(found: Any, cls: type[T]) -> T:
    """An item a spec's `then` goes on with (a file opened as a workbook): Graph can answer an
    id or path with another kind of item than the operation returns (a folder where a file
    was asked for), which has no such method. ValueError naming both kinds, not AttributeError."""
    if not isinstance(found, cls):
        raise ValueError(f"expected a {cls.__name__}, but Graph's item is a {type(found).__name__}")
    return found
