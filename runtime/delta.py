"""Delta queries: one round of changes, resumable from a saved deltaLink (GRAPH_FACTS §4).

A round follows ``@odata.nextLink`` until a page carries ``@odata.deltaLink``. Save
:attr:`DeltaIterator.delta_link` after the round and pass it back as ``delta_link=`` to get
only what changed since. Query parameters are sent on the very first request only (the
tokens carry them); headers such as ``Prefer: odata.maxpagesize`` go on every request.

Removed items (GRAPH_FACTS §4) carry a marker property: ``@removed`` with a ``reason`` by
Graph's general rule; a collection that marks them otherwise (a ``deleted`` facet) says so in
its spec (``removed:`` on the delta operation), which the generated code passes as ``removed``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Generic, TypeVar
from urllib.parse import parse_qs, unquote, urlsplit

from .body import describe_json, json_object, link_member, list_member, malformed
from .errors import GoneError
from .paging import LinkCycleGuard

if TYPE_CHECKING:
    from .connection import Connection

__all__ = ["DeltaIterator", "Removed", "delta_token_of"]

T = TypeVar("T")

MAX_RESYNCS = 3  # a server that keeps answering 410 is broken; don't loop forever


@dataclass(frozen=True, slots=True)
class Removed:
    """An item that left the tracked set; ``reason`` is the marker's ``reason`` (``changed`` /
    ``deleted``), else ``deleted``."""

    id: str
    reason: str
    raw: Mapping[str, Any] = field(repr=False, compare=False)


def delta_token_of(link: str) -> str | None:
    """The token inside a deltaLink: ``$deltatoken=``, ``token=`` or ``delta(token='...')``."""
    parts = urlsplit(link)
    query = parse_qs(parts.query)
    for key in ("$deltatoken", "$deltaToken", "deltatoken", "token"):
        if query.get(key):
            return query[key][0]
    path = unquote(parts.path)
    marker = "delta(token="
    if marker in path:
        token = path.split(marker, 1)[1].rsplit(")", 1)[0]
        return token.strip("'\"")
    return None


class DeltaIterator(Generic[T]):
    """Yields ``parse(item)`` for changed items and :class:`Removed` for removed ones."""

    def __init__(
        self,
        con: Connection,
        url: str,
        parse: Callable[[Any], T],
        *,
        delta_link: str | None = None,
        params: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
        page_size: int | None = None,
        removed: str = "@removed",
    ) -> None:
        if not isinstance(url, str) or not url:
            raise ValueError("url must be a non-empty path or URL")
        if not callable(parse):
            raise TypeError("parse must be callable")
        if delta_link is not None and (not isinstance(delta_link, str) or not delta_link):
            raise ValueError("delta_link must be a saved @odata.deltaLink URL or None")
        if page_size is not None and (
            isinstance(page_size, bool) or not isinstance(page_size, int) or page_size < 1
        ):
            raise ValueError(f"page_size must be an int >= 1 or None, got {page_size!r}")
        self._con = con
        self._url = url
        self._parse = parse
        self._params = dict(params or {})
        self._headers = dict(headers or {})
        if page_size is not None:
            prefer = self._headers.pop("Prefer", None) or self._headers.pop("prefer", None)
            extra = f"odata.maxpagesize={page_size}"
            self._headers["Prefer"] = f"{prefer}, {extra}" if prefer else extra
        self._start_link = delta_link
        self._removed = removed
        #: the deltaLink that ends this round (None until the round is complete)
        self.delta_link: str | None = None
        #: how many times Graph demanded a full resync (410 Gone) during this round
        self.resyncs = 0
        self.pages_fetched = 0
        self._items = self._iterate()

    @property
    def delta_token(self) -> str | None:
        return delta_token_of(self.delta_link) if self.delta_link else None

    def __iter__(self) -> Iterator[T | Removed]:
        return self._items

    def __next__(self) -> T | Removed:
        return next(self._items)

    def _iterate(self) -> Iterator[T | Removed]:
        url: str | None
        params: Mapping[str, Any] | None
        if self._start_link is not None:
            url, params = self._start_link, None
        else:
            url, params = self._url, self._params or None
        guard = LinkCycleGuard()
        while url is not None:
            try:
                response = self._con.request("GET", url, params=params, headers=self._headers)
            except GoneError as gone:
                url, params = self._resync(gone)
                guard = LinkCycleGuard()  # a resync starts a new chain of links
                continue
            page = json_object(response)
            self.pages_fetched += 1
            params = None
            url = link_member(response, page, "@odata.nextLink")
            guard.check(response, url)
            if url is None:
                self.delta_link = link_member(response, page, "@odata.deltaLink")
            for item in list_member(response, page, "value"):
                if not isinstance(item, dict):
                    raise malformed(response, f"a change must be a JSON object, got "
                                              f"{describe_json(item)}")
                yield self._item(item)

    def _resync(self, gone: GoneError) -> tuple[str, Mapping[str, Any] | None]:
        """Where to start over after 410 Gone: its Location, else the initial request."""
        self.resyncs += 1
        if self.resyncs > MAX_RESYNCS:
            raise gone
        location = gone.headers.get("location")  # GRAPH_FACTS §4: the fresh enumeration
        if location:
            return location, None
        return self._url, self._params or None

    def _item(self, item: dict[str, Any]) -> T | Removed:
        marker = item.get(self._removed)
        if marker is not None:
            reason = marker.get("reason") if isinstance(marker, dict) else None
            return Removed(str(item.get("id")), str(reason or "deleted"), item)
        return self._parse(item)
