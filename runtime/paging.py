"""Lazy iteration over Graph collections that follows ``@odata.nextLink`` (GRAPH_FACTS §1).

The nextLink is used as an opaque URL: the original query parameters travel inside it, so
they are sent on the first request only. Headers (e.g. ``ConsistencyLevel``) are not carried
by Graph and are therefore sent on every page. Only the current page is held in memory.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Mapping
from itertools import islice
from typing import TYPE_CHECKING, Any, Generic, Literal, TypeVar

if TYPE_CHECKING:
    from runtime.connection import Connection

__all__ = ["PageSizeMode", "Paginator"]

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

    def __repr__(self) -> str:
        return f"Paginator(url={self._first_url!r}, pages_fetched={self.pages_fetched})"

    def __iter__(self) -> Iterator[T]:
        return self._items  # the generator itself: no per-item method call in for-loops

    def __next__(self) -> T:
        return next(self._items)

    def _iterate(self) -> Iterator[T]:
        parse = self._parse
        remaining = self._limit
        url: str | None = self._first_url
        params: Mapping[str, Any] | None = self._params or None
        while url is not None:
            page = self._fetch(url, params)
            params = None  # the nextLink already carries the query
            url = page.get("@odata.nextLink")
            self.next_link = url
            items = page.get("value") or ()
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

    def _fetch(self, url: str, params: Mapping[str, Any] | None) -> dict[str, Any]:
        response = self._con.request("GET", url, params=params, headers=self._headers)
        page = json.loads(response.content) if response.content else {}
        if not isinstance(page, dict):
            raise ValueError(f"expected a JSON object page from {url.split('?', 1)[0]}")
        if self.pages_fetched == 0:
            count = page.get("@odata.count")
            self.count = count if isinstance(count, int) else None
        self.pages_fetched += 1
        return page


def _check_positive(name: str, value: int | None) -> None:
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError(f"{name} must be an int >= 1 or None, got {value!r}")
