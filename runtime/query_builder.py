"""python-o365's query builder (`QueryBuilder`, `CompositeFilter`) as a second face of generated.o365._runtime.query.

One engine, two faces: every clause built here becomes a generated.o365._runtime.query `Expr` and every
`CompositeFilter` a generated.o365._runtime.query `Query`, so both faces render, escape and group the same
way. What this face adds is python-o365's vocabulary:

>>> builder = QueryBuilder(MSGraphProtocol(timezone="UTC"))
>>> q = builder.chain_or(builder.contains("subject", "george best"),
...                      builder.startswith("subject", "quotes"))
>>> str((q & builder.greater("created_date_time", datetime(2018, 3, 21))).to_query())
"$filter=(contains(subject,'george%20best')%20or%20startswith(subject,'quotes'))%20and%20createdDateTime%20gt%202018-03-21T00:00:00Z"

Differences from python-o365 2.1.10, all deliberate: string literals are escaped (`O'Brien`
becomes `'O''Brien'`; python-o365 sends the quote as is and Graph rejects the filter),
`and`/`or` mixes are parenthesised by precedence (python-o365 writes `a or b and c`, which
Graph reads as `a or (b and c)`), datetimes go out in UTC (`...Z`) after naive ones are read
in the protocol's time zone, and `orderby` names are converted to Graph casing like every
other name.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, TypeVar

from .query import Expr, F, Query, api_name, literal

if TYPE_CHECKING:
    from typing_extensions import Self

    from .protocol import MSGraphProtocol

__all__ = ["Clause", "CompositeFilter", "ContainerQueryFilter", "ExpandFilter", "OrderByFilter",
           "QueryBuilder", "SearchFilter", "SelectFilter"]

FilterWord = str | bool | None | dt.date | int | float

# python-o365's shorthands for attributes that live below a property.
ATTRIBUTE_MAPPING = {
    "from": "from/emailAddress/address",
    "to": "toRecipients/emailAddress/address",
    "start": "start/dateTime",
    "end": "end/dateTime",
    "due": "dueDateTime/dateTime",
    "reminder": "reminderDateTime/dateTime",
    "flag": "flag/flagStatus",
    "body": "body/content",
}
# Graph reaches these message properties only through the eventMessage type cast.
EVENT_MESSAGE_TYPE = "microsoft.graph.eventMessage"


class Clause:
    """One `$filter` clause (python-o365's QueryFilter family).

    It keeps how to build itself rather than its text, so `any()`/`all()` can render it
    against a lambda variable (`a/address eq 'x'`).
    """

    __slots__ = ("_build", "_leaves")

    def __init__(self, build: Callable[[str | None], Expr],
                 leaves: tuple[tuple[str, str], ...] = ()) -> None:
        self._build = build
        self._leaves = leaves  # (attribute, rendered word) of each comparison, in order

    def expr(self, item_name: str | None = None) -> Expr:
        return self._build(item_name)

    def render(self, item_name: str | None = None) -> str:
        return self.expr(item_name).text

    def as_params(self) -> dict[str, str]:
        return {"$filter": self.render()}

    def get_filter_by_attribute(self, attribute: str) -> str | None:
        """The word compared with the first attribute starting with `attribute` (any case)."""
        wanted = attribute.lower()
        for name, word in self._leaves:
            if name.lower().startswith(wanted):
                return word
        return None

    def _join(self, operator: str, other: Clause) -> Clause:
        parts = (self, other)

        def build(item: str | None) -> Expr:
            left, right = (p.expr(item) for p in parts)
            return left & right if operator == "and" else left | right

        return Clause(build, self._leaves + other._leaves)

    def __and__(self, other: Clause | None) -> Clause:
        return self if other is None else self._join("and", _clause(other))

    def __or__(self, other: Clause) -> Clause:
        return self._join("or", _clause(other))

    def __invert__(self) -> Clause:
        inner = self
        return Clause(lambda item: ~inner.expr(item), self._leaves)

    def __str__(self) -> str:
        return self.render()

    def __repr__(self) -> str:
        return f"Clause({self.render()!r})"


def _clause(value: object) -> Clause:
    if isinstance(value, Clause):
        return value
    if isinstance(value, CompositeFilter) and value.filters is not None:
        return value.filters
    raise ValueError(f"cannot combine a filter with {type(value).__name__}")


def _field(item: str | None, attribute: str | None) -> F:
    if item is None:
        return F(attribute or "", _raw=True)
    return F(f"{item}/{attribute}" if attribute else item, _raw=True)


class SearchFilter:
    """`$search` text (combine two with `&`: both terms must match)."""

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text

    def render(self) -> str:
        return self.text if self.text.startswith('"') else f'"{self.text}"'

    def as_params(self) -> dict[str, str]:
        return {"$search": self.render()}

    def get_filter_by_attribute(self, attribute: str) -> str | None:
        return None  # a search compares no attribute

    def __and__(self, other: SearchFilter) -> SearchFilter:
        return SearchFilter(f"{self.text} AND {other.text}")


class OrderByFilter:
    """`$orderby`: (attribute, ascending) pairs, each attribute once."""

    __slots__ = ("items",)

    def __init__(self, items: Iterable[tuple[str, bool]] = ()) -> None:
        self.items: list[tuple[str, bool]] = []
        for attribute, ascending in items:
            self.add(attribute, ascending)

    def add(self, attribute: str, ascending: bool = True) -> None:
        if not attribute:
            raise ValueError("an order needs an attribute")
        if attribute not in (name for name, _ in self.items):
            self.items.append((attribute, ascending))

    def render(self) -> str:
        return ",".join(name if ascending else f"{name} desc" for name, ascending in self.items)

    def as_params(self) -> dict[str, str]:
        return {"$orderby": self.render()}

    def get_filter_by_attribute(self, attribute: str) -> str | None:
        return None

    def __and__(self, other: OrderByFilter) -> OrderByFilter:
        return OrderByFilter([*self.items, *other.items])


class ContainerQueryFilter:
    """A list option (`$select`, `$expand`): names, each once."""

    __slots__ = ("items",)
    keyword = ""

    def __init__(self, items: Iterable[str] = ()) -> None:
        self.items: list[str] = []
        for item in items:
            self.append(item)

    def append(self, item: str) -> None:
        if item not in self.items:
            self.items.append(item)

    def __iter__(self) -> Iterator[str]:
        return iter(self.items)

    def __contains__(self, item: object) -> bool:
        return item in self.items

    def render(self) -> str:
        return ",".join(self.items)

    def as_params(self) -> dict[str, str]:
        return {f"${self.keyword}": self.render()}

    def get_filter_by_attribute(self, attribute: str) -> str | None:
        return None

    def __and__(self, other: ContainerQueryFilter) -> Self:
        return type(self)([*self.items, *other.items])


class SelectFilter(ContainerQueryFilter):
    __slots__ = ()
    keyword = "select"


class ExpandFilter(ContainerQueryFilter):
    __slots__ = ()
    keyword = "expand"


class CompositeFilter:
    """All the query options of one request (python-o365's CompositeFilter).

    Combine with `&` (options merge; filters are and-ed) and, for filters only, `|`. Anything
    that takes `query=` takes it; `to_query()` gives the generated.o365._runtime.query `Query`.
    """

    __slots__ = ("advanced", "expand", "filters", "order_by", "search", "select")

    def __init__(self, *, filters: Clause | None = None, search: SearchFilter | None = None,
                 order_by: OrderByFilter | None = None, select: SelectFilter | None = None,
                 expand: ExpandFilter | None = None, advanced: bool = False) -> None:
        self.filters = filters
        self.search = search
        self.order_by = order_by
        self.select = select
        self.expand = expand
        self.advanced = advanced

    # python-o365's read-only views
    @property
    def has_filters(self) -> bool:
        return self.filters is not None

    @property
    def has_search(self) -> bool:
        return self.search is not None

    @property
    def has_order_by(self) -> bool:
        return self.order_by is not None

    @property
    def has_selects(self) -> bool:
        return self.select is not None

    @property
    def has_expands(self) -> bool:
        return self.expand is not None

    @property
    def has_only_filters(self) -> bool:
        return self.filters is not None and not (self.search or self.order_by or self.select
                                                 or self.expand)

    def clear_filters(self) -> None:
        self.filters = None

    def get_filter_by_attribute(self, attribute: str) -> str | None:
        return self.filters.get_filter_by_attribute(attribute) if self.filters else None

    def compared_words(self) -> list[str]:
        """The literals the filter compares fields with, in order."""
        return [word for _, word in self.filters._leaves] if self.filters else []

    def to_query(self) -> Query:
        query = Query(advanced=self.advanced)
        if self.filters is not None:
            query = query.filter(self.filters.expr())
        if self.search is not None:
            query = query.search(self.search.render())
        for attribute, ascending in self.order_by.items if self.order_by else ():
            query = query.order_by(attribute, desc=not ascending)
        if self.select:
            query = query.select(*self.select)
        if self.expand:
            query = query.expand(*self.expand)
        return query

    def as_params(self) -> dict[str, str]:
        return self.to_query().as_params()

    def render(self) -> str:
        params = self.as_params()
        return "\n".join(f"{label}: {params.get(key, '')}" for label, key in (
            ("Filters", "$filter"), ("Search", "$search"), ("OrderBy", "$orderby"),
            ("Select", "$select"), ("Expand", "$expand")))

    def __str__(self) -> str:
        return self.render()

    def __repr__(self) -> str:
        return f"CompositeFilter({self.to_query().query_string()!r})"

    def __and__(self, other: CompositeFilter | Clause | None) -> CompositeFilter:
        if other is None:
            return self
        if isinstance(other, Clause):
            other = CompositeFilter(filters=other)
        if not isinstance(other, CompositeFilter):
            raise ValueError(f"cannot combine a query with {type(other).__name__}")
        if (self.search and (other.filters or other.order_by)) or (
                other.search and (self.filters or self.order_by)):
            raise ValueError("Graph does not take $search with $filter or $orderby on most "
                             "collections: search, or filter and order, not both")
        return CompositeFilter(
            filters=self.filters & other.filters if self.filters and other.filters
            else self.filters or other.filters,
            search=_merged(self.search, other.search),
            order_by=_merged(self.order_by, other.order_by),
            select=_merged(self.select, other.select),
            expand=_merged(self.expand, other.expand),
            advanced=self.advanced or other.advanced,
        )

    def __or__(self, other: CompositeFilter) -> CompositeFilter:
        if isinstance(other, CompositeFilter) and self.has_only_filters and other.has_only_filters:
            assert self.filters is not None and other.filters is not None
            return CompositeFilter(filters=self.filters | other.filters,
                                   advanced=self.advanced or other.advanced)
        raise ValueError("only filters combine with '|'; join other options with '&'")


OptionT = TypeVar("OptionT", SearchFilter, OrderByFilter, SelectFilter, ExpandFilter)


def _merged(first: OptionT | None, second: OptionT | None) -> OptionT | None:
    if first is None or second is None:
        return first if second is None else second
    merged: OptionT = first & second
    return merged


class QueryBuilder:
    """python-o365's QueryBuilder: `mailbox.new_query()` (or `.q()`) returns one.

    Attribute names are snake_case or Graph's camelCase; python-o365's shorthands (`from`,
    `to`, `start`, `end`, `due`, `reminder`, `flag`, `body`) reach the property below.
    """

    def __init__(self, protocol: MSGraphProtocol | type[MSGraphProtocol] | None = None, *,
                 advanced: bool = False) -> None:
        from .protocol import MSGraphProtocol

        if protocol is None or isinstance(protocol, type):
            protocol = (protocol or MSGraphProtocol)()
        self.protocol = protocol
        self.advanced = advanced

    def __repr__(self) -> str:
        return f"QueryBuilder(advanced={self.advanced})"

    def _attribute(self, attribute: str) -> str:
        mapped = ATTRIBUTE_MAPPING.get(attribute)
        return mapped if mapped is not None else api_name(attribute)

    def _word(self, word: FilterWord) -> str:
        """The OData literal for a value; naive datetimes are in the protocol's time zone."""
        if isinstance(word, dt.datetime) and word.tzinfo is None:
            word = word.replace(tzinfo=self.protocol.timezone)
        return literal(word)

    def _composite(self, clause: Clause) -> CompositeFilter:
        return CompositeFilter(filters=clause, advanced=self.advanced)

    # -- comparisons ------------------------------------------------------------------------
    def logical_operation(self, operation: str, attribute: str, word: FilterWord) -> CompositeFilter:
        """`attribute <operation> word` (eq, ne, gt, ge, lt, le)."""
        if operation not in ("eq", "ne", "gt", "ge", "lt", "le"):
            raise ValueError(f"unknown comparison {operation!r}; use eq, ne, gt, ge, lt or le")
        name, text = self._attribute(attribute), self._word(word)
        features = frozenset({"ne"}) if operation == "ne" else frozenset()
        return self._composite(Clause(
            lambda item: Expr(f"{_field(item, name).name} {operation} {text}", "cmp", features),
            ((name, text),)))

    def equals(self, attribute: str, word: FilterWord) -> CompositeFilter:
        return self.logical_operation("eq", attribute, word)

    def unequal(self, attribute: str, word: FilterWord) -> CompositeFilter:
        return self.logical_operation("ne", attribute, word)

    def greater(self, attribute: str, word: FilterWord) -> CompositeFilter:
        return self.logical_operation("gt", attribute, word)

    def greater_equal(self, attribute: str, word: FilterWord) -> CompositeFilter:
        return self.logical_operation("ge", attribute, word)

    def less(self, attribute: str, word: FilterWord) -> CompositeFilter:
        return self.logical_operation("lt", attribute, word)

    def less_equal(self, attribute: str, word: FilterWord) -> CompositeFilter:
        return self.logical_operation("le", attribute, word)

    # -- functions --------------------------------------------------------------------------
    def function_operation(self, operation: str, attribute: str, word: FilterWord) -> CompositeFilter:
        """`operation(attribute, word)` (contains, startswith, endswith)."""
        if operation not in ("contains", "startswith", "endswith"):
            raise ValueError(f"unknown function {operation!r}; use contains, startswith or endswith")
        name, text = self._attribute(attribute), self._word(word)
        features = frozenset({"endswith"}) if operation == "endswith" else frozenset()
        return self._composite(Clause(
            lambda item: Expr(f"{operation}({_field(item, name).name},{text})", "call", features),
            ((name, text),)))

    def contains(self, attribute: str, word: FilterWord) -> CompositeFilter:
        return self.function_operation("contains", attribute, word)

    def startswith(self, attribute: str, word: FilterWord) -> CompositeFilter:
        return self.function_operation("startswith", attribute, word)

    def endswith(self, attribute: str, word: FilterWord) -> CompositeFilter:
        return self.function_operation("endswith", attribute, word)

    # -- collections ------------------------------------------------------------------------
    def iterable_operation(self, operation: str, collection: str, filter_instance: CompositeFilter,
                           *, item_name: str = "a") -> CompositeFilter:
        """`collection/any(a:a/...)`: `filter_instance` is rendered against each item."""
        if operation not in ("any", "all"):
            raise ValueError(f"unknown collection operator {operation!r}; use any or all")
        inner = _clause(filter_instance)
        name = self._attribute(collection)

        def build(_outer: str | None) -> Expr:
            body = inner.expr(item_name)
            return Expr(f"{name}/{operation}({item_name}:{body.text})", "call", body.features)

        return self._composite(Clause(build, inner._leaves))

    def any(self, collection: str, filter_instance: CompositeFilter, *,
            item_name: str = "a") -> CompositeFilter:
        return self.iterable_operation("any", collection, filter_instance, item_name=item_name)

    def all(self, collection: str, filter_instance: CompositeFilter, *,
            item_name: str = "a") -> CompositeFilter:
        return self.iterable_operation("all", collection, filter_instance, item_name=item_name)

    # -- combining --------------------------------------------------------------------------
    @staticmethod
    def negate(filter_instance: CompositeFilter) -> CompositeFilter:
        return CompositeFilter(filters=~_clause(filter_instance),
                               advanced=filter_instance.advanced)

    @staticmethod
    def group(filter_instance: CompositeFilter) -> CompositeFilter:
        """Parentheses around the filter (and/or mixes are grouped by precedence anyway)."""
        inner = _clause(filter_instance)
        return CompositeFilter(
            filters=Clause(lambda item: _grouped(inner.expr(item)), inner._leaves),
            advanced=filter_instance.advanced)

    def _chain(self, operator: str, filters: Iterable[CompositeFilter], group: bool) -> CompositeFilter:
        clauses = [_clause(f) for f in filters]
        if not clauses:
            raise ValueError(f"chain_{operator}() needs at least one filter")
        chained = clauses[0]
        for clause in clauses[1:]:
            chained = chained & clause if operator == "and" else chained | clause
        result = self._composite(chained)
        return self.group(result) if group else result

    def chain_and(self, *filter_instances: CompositeFilter, group: bool = False) -> CompositeFilter:
        return self._chain("and", filter_instances, group)

    def chain_or(self, *filter_instances: CompositeFilter, group: bool = False) -> CompositeFilter:
        return self._chain("or", filter_instances, group)

    # -- other options ----------------------------------------------------------------------
    def search(self, word: str | int | bool, attribute: str | None = None) -> CompositeFilter:
        """`$search`: the word, or `attribute:word` (messages and people only, per Graph)."""
        text = str(word).lower() if isinstance(word, bool) else str(word)
        if attribute:
            text = f"{self._attribute(attribute)}:{text}"
        return CompositeFilter(search=SearchFilter(text), advanced=self.advanced)

    def orderby(self, *attributes: str | tuple[str, bool]) -> CompositeFilter:
        """`$orderby`: names, or (name, ascending) pairs."""
        order: list[tuple[str, bool]] = []
        for clause in attributes:
            if isinstance(clause, str):
                order.append((self._attribute(clause), True))
            elif isinstance(clause, tuple) and len(clause) == 2:
                order.append((self._attribute(clause[0]), bool(clause[1])))
            else:
                raise ValueError("orderby() takes attribute names or (attribute, ascending) pairs")
        return CompositeFilter(order_by=OrderByFilter(order), advanced=self.advanced)

    order_by = orderby

    def select(self, *attributes: str) -> CompositeFilter:
        names = []
        for attribute in attributes:
            name = api_name(attribute)
            if name.lower() == "meetingmessagetype":
                name = f"{EVENT_MESSAGE_TYPE}/{name}"
            names.append(name)
        return CompositeFilter(select=SelectFilter(names), advanced=self.advanced)

    def expand(self, relationship: str, select: CompositeFilter | None = None) -> CompositeFilter:
        """`$expand` of one relationship, optionally with a `$select` of its own."""
        name = f"{EVENT_MESSAGE_TYPE}/event" if relationship == "event" else api_name(relationship)
        if select is not None and select.select:
            name = f"{name}($select={select.select.render()})"
        return CompositeFilter(expand=ExpandFilter([name]), advanced=self.advanced)


def _grouped(expr: Expr) -> Expr:
    return Expr(f"({expr.text})", "call", expr.features)
