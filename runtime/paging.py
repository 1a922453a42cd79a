"""Lazy iteration over Graph collections that follows ``@odata.nextLink`` (GRAPH_FACTS §1).

The nextLink is used as an opaque URL: the original query parameters travel inside it, so
they are sent on the first request only. Headers (e.g. ``ConsistencyLevel``) are not carried
by Graph and are therefore sent on every page. Only the current page is held in memory.

A page that is not a JSON object, a ``value`` that is not an array and a nextLink that is
not a URL raise :class:`~generated.o365._runtime.errors.MalformedResponseError`; a nextLink leading back to a
page already read raises :class:`~generated.o365._runtime.errors.PagingLoopError` (:class:`LinkCycleGuard`,
constant memory however many pages). A nextLink on another origin than Graph's is refused by
the connection before the token is sent.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from itertools import chain, islice
from typing import TYPE_CHECKING, Any, Generic, Literal, TypeVar, overload

from .body import json_object, link_member, list_member, malformed
from .errors import PagingLoopError

if TYPE_CHECKING:
    import requests

    from .connection import Connection

__all__ = ["LinkCycleGuard", "PageSizeMode", "Paginator"]

T = TypeVar("T")

PageSizeMode = Literal["top", "prefer"]


class Paginator(Generic[T]):
    """Yields ``parse(item)`` for every item of every page, fetching pages on demand.

    ``limit`` caps the number of items yielded (no page is requested once it is reached);
    ``page_size`` asks for pages of that size, through ``$top`` or, with
    ``page_size_mode="prefer"``, the ``Prefer: odata.maxpagesize`` header.
    """

    def __init__(
        self,
        con: Connection,
        url: str,
        parse: Callable[[Any], T],
        *,
        params: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
        limit: int | None = None,
        page_size: int | None = None,
        page_size_mode: PageSizeMode = "top",
        keep: Callable[[Any], bool] | None = None,
    ) -> None:
        if not isinstance(url, str) or not url:
            raise ValueError("url must be a non-empty path or URL")
        if not callable(parse):
            raise TypeError("parse must be callable")
        _check_positive("limit", limit)
        _check_positive("page_size", page_size)
        if page_size_mode not in ("top", "prefer"):
            raise ValueError("page_size_mode must be 'top' or 'prefer'")
        self._con = con
        self._parse = parse
        self._keep = keep  # a client-side filter on raw items, applied before `limit`
        self._limit = limit
        self._params = dict(params or {})
        self._headers = dict(headers or {})
        size = page_size
        if limit is not None and page_size is not None and limit < page_size:
            size = limit  # no point asking for more than will be yielded
        if size is not None:
            if page_size_mode == "top":
                self._params["$top"] = size
            else:
                prefer = self._headers.pop("Prefer", None) or self._headers.pop("prefer", None)
                extra = f"odata.maxpagesize={size}"
                self._headers["Prefer"] = f"{prefer}, {extra}" if prefer else extra
        self._first_url = url
        #: the nextLink still to follow (None before the first page and after the last one)
        self.next_link: str | None = None
        #: ``@odata.count`` of the first page (when ``$count=true`` was asked for)
        self.count: int | None = None
        self.pages_fetched = 0
        self._items = self._iterate()
        self._ahead: list[T] = []  # items read ahead by indexing or bool(), not yet iterated
        self._started = False  # iteration began: len() can no longer count

    def __repr__(self) -> str:
        return f"Paginator(url={self._first_url!r}, pages_fetched={self.pages_fetched})"

    @property
    def limit(self) -> int | None:
        """How many items at most are yielded (None: all)."""
        return self._limit

    def __iter__(self) -> Iterator[T]:
        self._started = True
        if self._ahead:
            self._items = chain(self._ahead, self._items)
            self._ahead = []
        return self._items  # the generator itself: no per-item method call in for-loops

    def __next__(self) -> T:
        return next(iter(self))

    # python-o365 returns a list when everything fits in one page, so its users write
    # `if items:` and `items[0]`; those read ahead (only as far as needed) and iteration
    # still yields every item, the ones read ahead first.
    def _read_ahead(self, count: int | None) -> None:
        if count is None:
            self._ahead.extend(self._items)
        elif len(self._ahead) < count:
            self._ahead.extend(islice(self._items, count - len(self._ahead)))

    def __bool__(self) -> bool:
        self._read_ahead(1)
        return bool(self._ahead)

    def __len__(self) -> int:
        """How many items there are, before iterating: reads every page (up to `limit`) ahead,
        as python-o365's lists were read whole; iteration then yields them all. Once iteration
        has started the count is unknown (TypeError, which `list()` and the like ignore)."""
        if self._started:
            raise TypeError("len() of a Paginator already being iterated; count while iterating")
        self._read_ahead(None)
        return len(self._ahead)

    @overload
    def __getitem__(self, index: int) -> T: ...
    @overload
    def __getitem__(self, index: slice) -> list[T]: ...
    def __getitem__(self, index: int | slice) -> T | list[T]:
        if isinstance(index, slice):
            stop = index.stop
            needs_all = stop is None or stop < 0 or (index.start or 0) < 0
            self._read_ahead(None if needs_all else stop)
            return self._ahead[index]
        if not isinstance(index, int) or isinstance(index, bool):
            raise TypeError(f"Paginator indices must be integers or slices, not {type(index).__name__}")
        self._read_ahead(None if index < 0 else index + 1)
        return self._ahead[index]

    def _iterate(self) -> Iterator[T]:
        parse = self._parse
        remaining = self._limit
        url: str | None = self._first_url
        params: Mapping[str, Any] | None = self._params or None
        guard = LinkCycleGuard()
        while url is not None:
            response = self._con.request("GET", url, params=params, headers=self._headers)
            page = json_object(response)
            params = None  # the nextLink already carries the query
            url = link_member(response, page, "@odata.nextLink")
            guard.check(response, url)
            self.next_link = url
            items = list_member(response, page, "value")
            if self.pages_fetched == 0:
                count = page.get("@odata.count")
                self.count = count if isinstance(count, int) else None
            self.pages_fetched += 1
            del page  # keep only the item list of the current page alive
            if self._keep is not None:
                items = [item for item in items if self._keep(item)]
            if remaining is None:
                yield from map(parse, items)
                continue
            if len(items) >= remaining:
                yield from map(parse, islice(items, remaining))
                return
            remaining -= len(items)
            yield from map(parse, items)


class LinkCycleGuard:
    """Detects a chain of links that comes back to a link already followed.

    Brent's cycle detection: each link is compared with one remembered link, which moves to
    the current one after 1, 2, 4, 8... steps. A loop of any length is caught within about
    twice its length, in constant memory (a pager may follow millions of pages).
    """

    __slots__ = ("_mark", "_power", "_steps")

    def __init__(self) -> None:
        self._mark: str | None = None
        self._power = 1
        self._steps = 0

    def check(self, response: requests.Response, link: str | None) -> None:
        """Raise :class:`PagingLoopError` if ``link`` (the next one to follow) repeats."""
        if link is None:
            return
        if link == self._mark:
            raise malformed(response, "the @odata.nextLink leads back to a page already read; "
                                      "stopped instead of paging for ever", cls=PagingLoopError)
        self._steps += 1
        if self._steps == self._power:
            self._mark, self._power, self._steps = link, self._power * 2, 0


def _check_positive(name: str, value: int | None) -> None:
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError(f"{name} must be an int >= 1 or None, got {value!r}")
