"""OData query options: an immutable :class:`Query` and a ``$filter`` expression builder.

>>> q = Query().select("subject", "received_date_time").filter(F("subject").startswith("a"))
>>> q.order_by("received_date_time", desc=True).top(5).query_string()
"$select=subject,receivedDateTime&$filter=startswith(subject,'a')&$orderby=receivedDateTime%20desc&$top=5"

Field names in snake_case become camelCase; camelCase names and ``a/b`` paths are kept.

Advanced queries (GRAPH_FACTS §1, Graph's aad-advanced-queries page): on a collection whose
spec says ``advanced_queries: true``, ``$search``, ``$count``, ``$orderby`` and the ``ne`` /
``not`` / ``endswith`` filter operators work only with the header ``ConsistencyLevel:
eventual``, and all of them but ``$search`` also need ``$count=true``. Generated list methods
pass ``advanced=True`` for such collections (or build ``Query(advanced=True)`` yourself), and
:meth:`Query.as_params` / :meth:`Query.headers` then add exactly what the query needs.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable
from datetime import date, datetime, timezone
from enum import Enum
from typing import Any, Protocol, runtime_checkable
from urllib.parse import quote, urlencode

from .protocol import MSGraphProtocol

__all__ = ["Expr", "F", "Query", "QueryLike", "as_query", "literal", "search_text"]

# Filter operators that make a query "advanced" (GRAPH_FACTS §1).
_ADVANCED = frozenset({"ne", "endswith", "not"})
_QUOTED_LITERAL = re.compile(r"'(?:[^']|'')*'")
_RAW_ADVANCED = (
    ("ne", re.compile(r"\bne\b", re.IGNORECASE)),
    ("endswith", re.compile(r"\bendswith\s*\(", re.IGNORECASE)),
    ("not", re.compile(r"\bnot\b", re.IGNORECASE)),
)
_SAFE = "$'(),:/@"


def literal(value: Any) -> str:
    """An OData literal: strings quoted with ``'`` doubled, datetimes as UTC ``...Z``."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Enum):
        return literal(value.value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"{value!r} has no OData literal")
        return repr(value)
    if isinstance(value, datetime):
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError(
                f"naive datetime {value.isoformat()} is ambiguous in a filter; attach a tzinfo"
            )
        utc = value.astimezone(timezone.utc)
        text = utc.strftime("%Y-%m-%dT%H:%M:%S")
        if utc.microsecond:
            text += f".{utc.microsecond:06d}"
        return text + "Z"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str):
        return "'" + value.replace("'", "''") + "'"
    raise TypeError(f"cannot use a {type(value).__name__} as an OData literal")


def search_text(template: str, **values: Any) -> str:
    """A `$search` built from a spec template (`'"displayName:{text}" OR "mail:{text}"'`).

    Each value goes inside a quoted clause, so a double quote or a backslash in it is escaped
    with a backslash, as Graph's $search syntax asks (concepts/search-query-parameter.md); an
    empty value is refused before any request.
    """
    for name, value in values.items():
        if not isinstance(value, str):
            raise TypeError(f"{name} must be a string, not {type(value).__name__}")
        if not value.strip():
            raise ValueError(f"{name} is empty: give some text to search for")
        escaped = value.strip().replace("\\", "\\\\").replace('"', '\\"')
        template = template.replace("{" + name + "}", escaped)
    return template


def api_name(name: str) -> str:
    """Field name or ``a/b`` path in Graph's casing (snake_case segments -> camelCase)."""
    if not isinstance(name, str) or not name.strip():
        raise ValueError(f"field names must be non-empty strings, got {name!r}")
    return "/".join(_segment(s) for s in name.strip().split("/"))


def _segment(segment: str) -> str:
    if "_" not in segment or segment.startswith(("@", "_")) or "." in segment:
        return segment
    return MSGraphProtocol.to_api_case(segment)


class Expr:
    """A ``$filter`` expression. Combine with ``&`` (and), ``|`` (or), ``~`` (not)."""

    __slots__ = ("features", "kind", "text")

    def __init__(self, text: str, kind: str = "cmp", features: frozenset[str] = frozenset()):
        self.text = text
        self.kind = kind  # "cmp", "call", "and", "or", "not": decides where parentheses go
        self.features = features

    def __and__(self, other: Expr) -> Expr:
        other = _as_expr(other)
        text = f"{_wrap(self, 'or')} and {_wrap(other, 'or')}"
        return Expr(text, "and", self.features | other.features)

    def __or__(self, other: Expr) -> Expr:
        other = _as_expr(other)
        return Expr(f"{self.text} or {other.text}", "or", self.features | other.features)

    def __invert__(self) -> Expr:
        inner = self.text if self.kind == "call" else f"({self.text})"
        return Expr(f"not {inner}", "not", self.features | {"not"})

    def __str__(self) -> str:
        return self.text

    def __repr__(self) -> str:
        return f"Expr({self.text!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Expr) and other.text == self.text

    def __hash__(self) -> int:
        return hash(self.text)

    def __bool__(self) -> bool:
        # `a == b and c` would silently drop an operand; make the mistake loud.
        raise TypeError("use & / | / ~ to combine filter expressions, not and / or / not")


def _as_expr(value: object) -> Expr:
    if isinstance(value, Expr):
        return value
    if isinstance(value, str) and value.strip():
        return raw_filter(value)
    raise TypeError(f"expected a filter expression, got {type(value).__name__}")


def raw_filter(text: str) -> Expr:
    """Wrap a hand-written ``$filter`` string, noting features that need advanced queries."""
    bare = _QUOTED_LITERAL.sub("''", text)
    features = frozenset(name for name, rx in _RAW_ADVANCED if rx.search(bare))
    kind = "or" if re.search(r"\bor\b", bare, re.IGNORECASE) else "and"
    return Expr(text.strip(), kind, features)


def _wrap(expr: Expr, *kinds: str) -> str:
    return f"({expr.text})" if expr.kind in kinds else expr.text


class F:
    """A field (or lambda variable) in a filter: ``F("subject").eq("hi")``."""

    __slots__ = ("name",)

    def __init__(self, name: str, *, _raw: bool = False) -> None:
        self.name = name if _raw else api_name(name)

    def __repr__(self) -> str:
        return f"F({self.name!r})"

    def attr(self, path: str) -> F:
        """A property below this one, e.g. ``r.attr("emailAddress/address")`` in a lambda."""
        return F(f"{self.name}/{api_name(path)}", _raw=True)

    def _compare(self, op: str, value: Any) -> Expr:
        features = frozenset({"ne"}) if op == "ne" else frozenset()
        return Expr(f"{self.name} {op} {literal(value)}", "cmp", features)

    def eq(self, value: Any) -> Expr:
        return self._compare("eq", value)

    def ne(self, value: Any) -> Expr:
        return self._compare("ne", value)

    def gt(self, value: Any) -> Expr:
        return self._compare("gt", value)

    def ge(self, value: Any) -> Expr:
        return self._compare("ge", value)

    def lt(self, value: Any) -> Expr:
        return self._compare("lt", value)

    def le(self, value: Any) -> Expr:
        return self._compare("le", value)

    def in_(self, values: Iterable[Any]) -> Expr:
        items = [literal(v) for v in values]
        if not items:
            raise ValueError("in_() needs at least one value")
        return Expr(f"{self.name} in ({','.join(items)})", "cmp")

    def _call(self, function: str, text: str) -> Expr:
        if not isinstance(text, str):
            raise TypeError(f"{function}() needs a str, got {type(text).__name__}")
        features = frozenset({"endswith"}) if function == "endswith" else frozenset()
        return Expr(f"{function}({self.name},{literal(text)})", "call", features)

    def startswith(self, text: str) -> Expr:
        return self._call("startswith", text)

    def endswith(self, text: str) -> Expr:
        return self._call("endswith", text)

    def contains(self, text: str) -> Expr:
        return self._call("contains", text)

    def any(self, condition: Callable[[F], Expr]) -> Expr:
        """``toRecipients/any(r:r/emailAddress/address eq 'a@b')`` from a lambda."""
        return self._lambda("any", condition)

    def all(self, condition: Callable[[F], Expr]) -> Expr:
        return self._lambda("all", condition)

    def _lambda(self, operator: str, condition: Callable[[F], Expr]) -> Expr:
        if not callable(condition):
            raise TypeError(f"{operator}() needs a function such as lambda r: r.eq('x')")
        code = getattr(condition, "__code__", None)
        variable = code.co_varnames[0] if code is not None and code.co_argcount else "x"
        body = condition(F(variable, _raw=True))
        if not isinstance(body, Expr):
            raise TypeError(f"the {operator}() function must return a filter expression")
        return Expr(f"{self.name}/{operator}({variable}:{body.text})", "call", body.features)


def _merged(current: tuple[str, ...], added: Iterable[str]) -> tuple[str, ...]:
    """``current`` plus the new names in API casing, each name once (first position wins)."""
    names = dict.fromkeys(current)
    names.update(dict.fromkeys(api_name(name) for name in added))
    return tuple(names)


class Query:
    """Immutable OData query options; every method returns a new Query."""

    __slots__ = ("_count", "_expand", "_filters", "_order", "_search", "_select", "_skip",
                 "_top", "advanced")

    def __init__(self, *, advanced: bool = False) -> None:
        #: the collection follows Graph's advanced-query rules (a spec's `advanced_queries`)
        self.advanced = advanced
        self._select: tuple[str, ...] = ()
        self._expand: tuple[str, ...] = ()
        self._filters: tuple[Expr, ...] = ()
        self._order: tuple[str, ...] = ()
        self._search: str | None = None
        self._top: int | None = None
        self._skip: int | None = None
        self._count = False

    def _with(self, **changes: Any) -> Query:
        clone = Query(advanced=self.advanced)
        for name in self.__slots__:
            setattr(clone, name, changes.get(name, getattr(self, name)))
        return clone

    def select(self, *fields: str) -> Query:
        return self._with(_select=_merged(self._select, fields))

    def expand(self, *relations: str) -> Query:
        return self._with(_expand=_merged(self._expand, relations))

    def expand_raw(self, relation: str) -> Query:
        """Add an `$expand` part as written (`fields($select=My_Column)`), no re-casing."""
        return self._with(_expand=tuple(dict.fromkeys((*self._expand, relation))))

    def filter(self, expression: Expr | str) -> Query:
        """Add a filter; several filters are combined with ``and``."""
        return self._with(_filters=self._filters + (_as_expr(expression),))

    def order_by(self, field: str, desc: bool = False) -> Query:
        return self._with(_order=self._order + (api_name(field) + (" desc" if desc else ""),))

    def search(self, text: str) -> Query:
        if not isinstance(text, str) or not text.strip():
            raise ValueError("search text must be a non-empty string")
        text = text.strip()
        if not (len(text) >= 2 and text.startswith('"') and text.endswith('"')):
            text = '"' + text.replace('"', '\\"') + '"'
        return self._with(_search=text)

    def top(self, n: int) -> Query:
        if isinstance(n, bool) or not isinstance(n, int) or n < 1:
            raise ValueError(f"top must be an int >= 1, got {n!r}")
        return self._with(_top=n)

    def skip(self, n: int) -> Query:
        if isinstance(n, bool) or not isinstance(n, int) or n < 0:
            raise ValueError(f"skip must be an int >= 0, got {n!r}")
        return self._with(_skip=n)

    def count(self, enabled: bool = True) -> Query:
        return self._with(_count=bool(enabled))

    def shape_only(self) -> Query:
        """This query's $select and $expand only (what a GET of one item takes)."""
        return self._with(_filters=(), _order=(), _search=None, _top=None, _skip=None,
                          _count=False)

    def filter_text(self) -> str | None:
        if not self._filters:
            return None
        if len(self._filters) == 1:
            return self._filters[0].text
        return " and ".join(_wrap(f, "or") for f in self._filters)

    def is_advanced(self) -> bool:
        """Is this an advanced query (``ConsistencyLevel: eventual`` where the rules apply)?

        Graph lists $search, $count, ne/not/endswith filters and $orderby (all but a few
        indexed properties, with or without a filter); sorting is always treated as advanced,
        which Graph accepts for those few properties too.
        """
        features: frozenset[str] = frozenset().union(*(f.features for f in self._filters))
        return bool(self._search is not None or self._count or features & _ADVANCED or self._order)

    def _advanced(self, advanced: bool | None) -> bool:
        return self.advanced if advanced is None else advanced

    def as_params(self, advanced: bool | None = None) -> dict[str, str]:
        params: dict[str, str] = {}
        if self._select:
            params["$select"] = ",".join(self._select)
        if self._expand:
            params["$expand"] = ",".join(self._expand)
        filter_text = self.filter_text()
        if filter_text:
            params["$filter"] = filter_text
        if self._order:
            params["$orderby"] = ",".join(self._order)
        if self._search is not None:
            params["$search"] = self._search
        if self._top is not None:
            params["$top"] = str(self._top)
        if self._skip is not None:
            params["$skip"] = str(self._skip)
        # $search alone needs only the header; every other advanced query also needs $count.
        needs_count = self._advanced(advanced) and self.is_advanced() and (
            self._count or self._filters or self._order
        )
        if self._count or needs_count:
            params["$count"] = "true"
        return params

    def headers(self, advanced: bool | None = None) -> dict[str, str]:
        if self._advanced(advanced) and self.is_advanced():
            return {"ConsistencyLevel": "eventual"}
        return {}

    def query_string(self, advanced: bool | None = None) -> str:
        """The encoded query string (``$`` and OData punctuation left readable)."""
        return urlencode(self.as_params(advanced), safe=_SAFE, quote_via=quote)

    def __str__(self) -> str:
        return self.query_string()

    def __repr__(self) -> str:
        return f"Query({self.query_string()!r}, advanced={self.advanced})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Query) and all(
            getattr(self, n) == getattr(other, n) for n in self.__slots__
        )

    def __hash__(self) -> int:
        return hash(tuple(getattr(self, n) for n in self.__slots__))


@runtime_checkable
class SupportsToQuery(Protocol):
    """Anything that can stand for a Query (python-o365's CompositeFilter does)."""

    def to_query(self) -> Query: ...


# What every `query=` parameter takes.
QueryLike = Query | str | SupportsToQuery


def as_query(value: QueryLike | None) -> Query | None:
    """A `query=` argument as a Query.

    Besides a Query: a plain string is a hand-written `$filter` (python-o365 accepts one:
    `get_messages(query="contains(subject, 'x')")`), and an object with `to_query()` (the
    python-o365 face in generated.o365._runtime.query_builder) gives its own.
    """
    if value is None or isinstance(value, Query):
        return value
    if isinstance(value, str):
        if not value.strip():
            raise ValueError("query is an empty string; pass None for no filter")
        return Query().filter(raw_filter(value))
    to_query = getattr(value, "to_query", None)
    if callable(to_query):
        converted = to_query()
        if isinstance(converted, Query):
            return converted
    raise TypeError(f"query takes a Query, a $filter string or a query builder result, "
                    f"not {type(value).__name__}")
