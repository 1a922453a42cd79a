"""python-o365's older, fluent query (`O365.utils.utils.Query`), on generated.o365._runtime.query's engine.

python-o365 2.x deprecates it for the QueryBuilder (generated.o365._runtime.query_builder); code that still
builds queries this way keeps working:

>>> q = FluentQuery(protocol=MSGraphProtocol(timezone="UTC"))
>>> _ = q.on_attribute("subject").contains("george").chain("or").startswith("quotes")
>>> q.get_filters()
"contains(subject,'george') or startswith(subject,'quotes')"

Each clause is rendered by the engine (`F`, `literal`: names in Graph casing, strings escaped,
datetimes in UTC); they are joined left to right with the chain operators, and groups are
where `open_group()` / `close_group()` put them, as python-o365 does. Passing it as `query=`
works like any query (`to_query()`).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from .query import Query, api_name, literal, raw_filter

if TYPE_CHECKING:
    from typing_extensions import Self

    from .protocol import MSGraphProtocol

__all__ = ["FluentQuery"]

# python-o365's shorthands (the same as the QueryBuilder's).
_MAPPING = {
    "from": "from/emailAddress/address",
    "to": "toRecipients/emailAddress/address",
    "start": "start/dateTime",
    "end": "end/dateTime",
    "due": "dueDateTime/dateTime",
    "reminder": "reminderDateTime/dateTime",
    "flag": "flag/flagStatus",
    "body": "body/content",
}
_CHAINS = ("and", "or")


class FluentQuery:
    """python-o365's `Query`: pick an attribute, then compare; every method returns self."""

    def __init__(self, attribute: str | None = None, *,
                 protocol: MSGraphProtocol | type[MSGraphProtocol] | None = None) -> None:
        from .protocol import MSGraphProtocol

        if protocol is None or isinstance(protocol, type):
            protocol = (protocol or MSGraphProtocol)()
        self.protocol = protocol
        self.clear()
        self.new(attribute)

    # -- state ------------------------------------------------------------------------------
    def clear(self) -> Self:
        self._attribute: str | None = None
        self._chain = "and"
        self._negation = False
        # each entry: [attribute, sentence, word] or a chain operator ("and" / "or")
        self._filters: list[Any] = []
        self._order_by: dict[str, str | None] = {}
        self._selects: dict[str, None] = {}
        self._expands: dict[str, None] = {}
        self._search: str | None = None
        self._open_groups: list[bool | None] = []  # True: open, None: open negated, False: done
        self._closed_groups = 0
        return self

    def clear_filters(self) -> None:
        self._filters = []

    def clear_order(self) -> None:
        self._order_by = {}

    def new(self, attribute: str | None, operation: str = "and") -> Self:
        self._chain = _chain(operation)
        self._attribute = _mapped(attribute) if attribute else None
        self._negation = False
        return self

    def on_attribute(self, attribute: str) -> Self:
        self._attribute = _mapped(attribute)
        return self

    def on_list_field(self, field: str) -> Self:
        """A SharePoint list item field (`fields/<name>`)."""
        self._attribute = f"fields/{field}"
        return self

    def chain(self, operation: str = "and") -> Self:
        self._chain = _chain(operation)
        return self

    def negate(self) -> Self:
        self._negation = not self._negation
        return self

    # -- comparisons ------------------------------------------------------------------------
    def logical_operator(self, operation: str, word: Any) -> Self:
        if operation not in ("eq", "ne", "gt", "ge", "lt", "le"):
            raise ValueError(f"unknown comparison {operation!r}; use eq, ne, gt, ge, lt or le")
        attribute = self._need_attribute()
        text = self._word(word, attribute)
        return self._add(attribute, f"{attribute} {operation} {text}", text, call=False)

    def equals(self, word: Any) -> Self:
        return self.logical_operator("eq", word)

    def unequal(self, word: Any) -> Self:
        return self.logical_operator("ne", word)

    def greater(self, word: Any) -> Self:
        return self.logical_operator("gt", word)

    def greater_equal(self, word: Any) -> Self:
        return self.logical_operator("ge", word)

    def less(self, word: Any) -> Self:
        return self.logical_operator("lt", word)

    def less_equal(self, word: Any) -> Self:
        return self.logical_operator("le", word)

    def function(self, function_name: str, word: Any) -> Self:
        if function_name not in ("contains", "startswith", "endswith"):
            raise ValueError(f"unknown function {function_name!r}; use contains, startswith or endswith")
        attribute = self._need_attribute()
        text = self._word(word, attribute)
        return self._add(attribute, f"{function_name}({attribute},{text})", text, call=True)

    def contains(self, word: Any) -> Self:
        return self.function("contains", word)

    def startswith(self, word: Any) -> Self:
        return self.function("startswith", word)

    def endswith(self, word: Any) -> Self:
        return self.function("endswith", word)

    def iterable(self, iterable_name: str, *, collection: str, word: Any,
                 attribute: str | None = None, func: str | None = None,
                 operation: str | None = None, negation: bool = False) -> Self:
        """`collection/any(a:a/attribute eq word)`; give `operation` or `func`, not both."""
        if iterable_name not in ("any", "all"):
            raise ValueError(f"unknown collection operator {iterable_name!r}; use any or all")
        if (func is None) == (operation is None):
            raise ValueError("give either an operation (eq, ...) or a func (contains, ...)")
        target = f"a/{_mapped(attribute)}" if attribute else "a"
        text = self._word(word, target)
        inner = (f"{func}({target},{text})" if func is not None
                 else f"{target} {operation} {text}")
        if negation:
            inner = f"not {inner}" if func is not None else f"not ({inner})"
        return self._add(iterable_name, f"{_mapped(collection)}/{iterable_name}(a:{inner})", text,
                         call=True)

    def any(self, *, collection: str, word: Any, attribute: str | None = None,
            func: str | None = None, operation: str | None = None, negation: bool = False) -> Self:
        return self.iterable("any", collection=collection, word=word, attribute=attribute,
                             func=func, operation=operation, negation=negation)

    def all(self, *, collection: str, word: Any, attribute: str | None = None,
            func: str | None = None, operation: str | None = None, negation: bool = False) -> Self:
        return self.iterable("all", collection=collection, word=word, attribute=attribute,
                             func=func, operation=operation, negation=negation)

    def open_group(self) -> Self:
        """Open parentheses before the next clause (negated when negate() came first)."""
        self._open_groups.append(None if self._negation else True)
        self._negation = False
        return self

    def close_group(self) -> Self:
        clauses = [f for f in self._filters if isinstance(f, list)]
        if not clauses:
            raise RuntimeError("no filters to close a group after")
        if len(self._open_groups) < self._closed_groups + 1:
            raise RuntimeError("not enough open groups to close")
        clauses[-1][1] += ")"
        self._closed_groups += 1
        return self

    def remove_filter(self, filter_attr: str) -> None:
        """Drop the clauses on an attribute (and the chain operator after each)."""
        attribute = _mapped(filter_attr)
        kept: list[Any] = []
        skip_chain = False
        for entry in self._filters:
            if isinstance(entry, list):
                skip_chain = entry[0] == attribute
                if not skip_chain:
                    kept.append(entry)
            elif not skip_chain:
                kept.append(entry)
            else:
                skip_chain = False
        self._filters = kept

    # -- other options ----------------------------------------------------------------------
    def select(self, *attributes: str) -> Self:
        """Add properties to `$select` (none: the current attribute)."""
        names = [api_name(a).split("/")[0] for a in attributes if a] if attributes else (
            [self._attribute] if self._attribute else [])
        for name in names:
            if name.lower() == "meetingmessagetype":
                name = f"microsoft.graph.eventMessage/{name}"
            self._selects[name] = None
        return self

    def expand(self, *relationships: str) -> Self:
        for name in relationships:
            self._expands["microsoft.graph.eventMessage/event" if name == "event" else name] = None
        return self

    def search(self, text: str | None) -> Self:
        """`$search` (it clears filters and order: Graph does not combine them)."""
        if text is None:
            self._search = None
        else:
            self.clear_filters()
            self.clear_order()
            self._search = str(text)
        return self

    def order_by(self, attribute: str | None = None, *, ascending: bool = True) -> Self:
        name = _mapped(attribute) if attribute else self._attribute
        if not name:
            raise ValueError("say what to order by: order_by(attribute) or on_attribute() first")
        self._order_by[name] = None if ascending else "desc"
        return self

    # -- reading ----------------------------------------------------------------------------
    @property
    def has_filters(self) -> bool:
        return any(isinstance(f, list) for f in self._filters)

    @property
    def has_order(self) -> bool:
        return bool(self._order_by)

    @property
    def has_selects(self) -> bool:
        return bool(self._selects)

    @property
    def has_expands(self) -> bool:
        return bool(self._expands)

    def get_filters(self) -> str | None:
        entries = list(self._filters)
        while entries and not isinstance(entries[-1], list):
            entries.pop()  # a trailing chain operator
        if not entries:
            return None
        text = " ".join(e[1] if isinstance(e, list) else e for e in entries)
        opened = sum(1 for g in self._open_groups if g is False)
        return text + ")" * max(0, opened - self._closed_groups)  # close what is still open

    def get_order(self) -> str | None:
        if not self._order_by:
            return None
        return ",".join(f"{name} {way}" if way else name for name, way in self._order_by.items())

    def get_selects(self) -> str | None:
        return ",".join(self._selects) or None

    def get_expands(self) -> str | None:
        return ",".join(self._expands) or None

    def get_filter_by_attribute(self, attribute: str) -> str | None:
        wanted = attribute.lower()
        for entry in self._filters:
            if isinstance(entry, list) and entry[0].lower().startswith(wanted):
                return str(entry[2])
        return None

    def to_query(self) -> Query:
        query = Query()
        if self._search is not None:
            query = query.search(self._search)
        else:
            filters = self.get_filters()
            if filters:
                query = query.filter(raw_filter(filters))
            for name, way in self._order_by.items():
                query = query.order_by(name, desc=way == "desc")
        if self._expands and self._selects:
            # python-o365 selects inside the expanded relationship when both are given
            return query.expand(f"{self.get_expands()}($select={self.get_selects()})")
        if self._selects:
            query = query.select(*self._selects)
        if self._expands:
            query = query.expand(*self._expands)
        return query

    def as_params(self) -> dict[str, str]:
        return self.to_query().as_params()

    def __str__(self) -> str:
        return (f"Filter: {self.get_filters()}\nOrder: {self.get_order()}\n"
                f"Select: {self.get_selects()}\nExpand: {self.get_expands()}\n"
                f"Search: {self._search}")

    __repr__ = __str__

    # -- helpers ----------------------------------------------------------------------------
    def _need_attribute(self) -> str:
        if not self._attribute:
            raise ValueError("say which attribute first: on_attribute(attribute) or new(attribute)")
        return self._attribute

    def _word(self, word: Any, attribute: str) -> str:
        if isinstance(word, dt.datetime) and word.tzinfo is None:
            word = word.replace(tzinfo=self.protocol.timezone)
        text = literal(word)
        if isinstance(word, dt.date) and "/" in attribute:
            # Event start/dateTime and due/dateTime are strings in Graph: compare as text.
            text = literal(text)
        return text

    def _add(self, attribute: str, sentence: str, word: str, *, call: bool) -> Self:
        if self._negation:
            sentence = f"not {sentence}" if call else f"not ({sentence})"
            self._negation = False
        for i, group in enumerate(self._open_groups):
            if group is not False:
                sentence = ("(" if group else "not (") + sentence
                self._open_groups[i] = False
        if self._filters and isinstance(self._filters[-1], list):
            self._filters.append(self._chain)
        self._filters.append([attribute, sentence, word])
        return self


def _mapped(attribute: str | None) -> str:
    if not attribute:
        raise ValueError("an attribute name is needed")
    return _MAPPING.get(attribute) or api_name(attribute)


def _chain(operation: Any) -> str:
    value = str(getattr(operation, "value", operation)).lower()
    if value not in _CHAINS:
        raise ValueError(f"chain with 'and' or 'or', not {operation!r}")
    return value

