"""JSON batching: many Graph calls in few ``POST /$batch`` requests (GRAPH_FACTS §3).

>>> with Batch(con) as batch:
...     me = batch.add(GraphRequest("GET", "me"))
...     inbox = batch.call(mailbox.get_folder, "inbox")   # any generated single-call method
>>> me.result(), inbox.result()

Up to 20 requests go into one POST; larger batches are split, keeping every ``dependsOn``
chain inside one POST. Responses are matched by id. Sub-requests throttled with 429 are sent
again (with the requests that failed with 424 because of them) after their own
``retry-after`` (which holds the connection's other threads too), bounded by the
connection's ``max_retries`` and ``max_retry_seconds``.
"""

from __future__ import annotations

import base64
import json
import time
from collections.abc import Callable, Iterable, Mapping
from typing import Any, Generic, TypeVar
from urllib.parse import quote, urlencode

from .body import describe_json, json_object
from .connection import Connection, merge_prefer
from .errors import (
    BatchError,
    GraphError,
    MalformedResponseError,
    graph_error,
    parse_retry_after,
)
from .request import Deferred, GraphRequest

__all__ = ["MAX_BATCH_REQUESTS", "Batch", "BatchItem"]

T = TypeVar("T")

MAX_BATCH_REQUESTS = 20
_SAFE = "$'(),:/@"


class BatchItem(Generic[T]):
    """One request in a batch; after execution holds its status and result or error."""

    __slots__ = ("_body", "_done", "depends_on", "error", "headers", "id", "relative_url",
                 "request", "response_headers", "status")

    def __init__(
        self,
        item_id: str,
        request: GraphRequest[T],
        relative_url: str,
        depends_on: tuple[BatchItem[Any], ...],
        headers: Mapping[str, str],
    ) -> None:
        self.id = item_id
        self.request = request
        self.relative_url = relative_url
        self.depends_on = depends_on
        self.headers = dict(headers)
        self.status: int | None = None
        self.response_headers: dict[str, str] = {}
        self.error: GraphError | None = None
        self._body: Any = None
        self._done = False

    def __repr__(self) -> str:
        path = self.relative_url.split("?", 1)[0]
        return f"BatchItem(id={self.id!r}, {self.request.method} {path}, status={self.status})"

    @property
    def ok(self) -> bool:
        return self.status is not None and 200 <= self.status < 300

    def result(self) -> T:
        """The parsed result, or raise this request's :class:`GraphError`."""
        if not self._done:
            raise BatchError(f"batch request {self.id} has not been executed yet")
        if self.error is not None:
            raise self.error
        return self.request.result(self._decoded())

    def _decoded(self) -> Any:
        expected, body = self.request.expected, self._body
        if expected == "none":
            return None
        if expected == "bytes":
            if isinstance(body, str):  # Graph base64-encodes non-JSON bodies in batches
                return base64.b64decode(body)
            return b"" if body is None else json.dumps(body).encode("utf-8")
        if expected == "text":
            return body if isinstance(body, str) or body is None else json.dumps(body)
        if body is None and self.status in (202, 204, 205):
            return None
        if not isinstance(body, dict):  # Graph answers JSON calls with an object
            raise MalformedResponseError(
                method=self.request.method, url=self.relative_url, status=self.status or 0,
                code="malformedResponse",
                message=f"expected a JSON object in the batch answer, got {describe_json(body)}")
        return body

    def _record(self, response: Mapping[str, Any], url: str) -> None:
        self._done = True
        self.status = int(response.get("status", 0))
        headers = response.get("headers")
        self.response_headers = {str(k).lower(): str(v) for k, v in (headers or {}).items()}
        self._body = response.get("body")
        self.error = None
        if not self.ok:
            self.error = graph_error(method=self.request.method, url=url, status=self.status,
                                     headers=self.response_headers, body=self._body)


class Batch:
    """Collect requests with :meth:`add` / :meth:`call`, send them with :meth:`execute`."""

    def __init__(self, con: Connection) -> None:
        self._con = con
        self._items: list[BatchItem[Any]] = []
        self._executed = False

    @property
    def items(self) -> list[BatchItem[Any]]:
        return list(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __enter__(self) -> Batch:
        return self

    def __exit__(self, exc_type: object, *rest: object) -> None:
        if exc_type is None:
            self.execute()

    def add(
        self,
        req: GraphRequest[T],
        *,
        depends_on: Iterable[BatchItem[Any]] = (),
        headers: Mapping[str, str] | None = None,
    ) -> BatchItem[T]:
        if self._executed:
            raise ValueError("this batch has already been executed; start a new Batch")
        if not isinstance(req, GraphRequest):
            raise TypeError(f"add() needs a GraphRequest, got {type(req).__name__}")
        dependencies = tuple(depends_on)
        for dependency in dependencies:
            if not any(dependency is item for item in self._items):
                raise ValueError("depends_on must name items already added to this batch")
        item = BatchItem(str(len(self._items) + 1), req, self._relative_url(req), dependencies,
                         headers or {})
        self._items.append(item)
        return item

    def call(self, fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> BatchItem[T]:
        """Batch whatever single Graph call ``fn(*args, **kwargs)`` would make."""
        with self._con.capture():
            try:
                fn(*args, **kwargs)
            except Deferred as deferred:
                return self.add(deferred.request)
        raise ValueError(
            f"{getattr(fn, '__qualname__', fn)!r} returned without calling Connection.execute, "
            "so it cannot be put into a batch"
        )

    def execute(self) -> list[BatchItem[Any]]:
        """Send everything; returns the items in the order they were added."""
        if self._executed:
            raise ValueError("this batch has already been executed")
        chunks = self._chunks()  # raises before anything is sent
        self._executed = True
        for chunk in chunks:
            self._send(chunk)
        return list(self._items)

    # -- internals -----------------------------------------------------------------------
    def _relative_url(self, req: GraphRequest[Any]) -> str:
        graph_url = self._con.protocol.graph_url
        full = self._con.protocol.url(req.url)
        if not full.startswith(graph_url):
            raise ValueError(f"batched requests must target {graph_url}, not another host")
        relative = "/" + full[len(graph_url):]
        if req.params:
            query = urlencode({k: str(v) for k, v in req.params.items()}, safe=_SAFE,
                              quote_via=quote)
            relative += ("&" if "?" in relative else "?") + query
        return relative

    def _chunks(self) -> list[list[BatchItem[Any]]]:
        """Pack dependency groups (connected by depends_on) into POSTs of at most 20."""
        group_of: dict[str, list[BatchItem[Any]]] = {}
        groups: list[list[BatchItem[Any]]] = []
        for item in self._items:
            joined = {id(group_of[d.id]): group_of[d.id] for d in item.depends_on}
            if not joined:
                group = [item]
                groups.append(group)
            else:
                merged = sorted(joined.values(), key=lambda g: self._items.index(g[0]))
                group = merged[0]
                for other in merged[1:]:
                    group.extend(other)
                    groups.remove(other)
                group.append(item)
            for member in group:
                group_of[member.id] = group
        chunks: list[list[BatchItem[Any]]] = []
        for group in groups:
            if len(group) > MAX_BATCH_REQUESTS:
                raise ValueError(
                    f"a dependsOn chain of {len(group)} requests cannot fit in one $batch "
                    f"(at most {MAX_BATCH_REQUESTS})"
                )
            if chunks and len(chunks[-1]) + len(group) <= MAX_BATCH_REQUESTS:
                chunks[-1].extend(group)
            else:
                chunks.append(list(group))
        order = {item.id: index for index, item in enumerate(self._items)}
        return [sorted(chunk, key=lambda i: order[i.id]) for chunk in chunks]

    def _send(self, chunk: list[BatchItem[Any]]) -> None:
        pending = chunk
        started, slept, attempt = time.monotonic(), 0.0, 0
        while True:
            self._post(pending)
            throttled = [item for item in pending if item.status == 429]
            if not throttled or attempt >= self._con.max_retries:
                return
            waits = [parse_retry_after(i.response_headers.get("retry-after")) for i in throttled]
            known = [w for w in waits if w is not None]
            delay = max(known) if known else self._con.backoff(attempt)
            budget = self._con.max_retry_seconds - max(slept, time.monotonic() - started)
            if delay > budget:
                return
            # Graph's Retry-After holds every thread of the connection, as for a plain 429.
            slept += self._con.throttled(delay) if known else self._con.pause(delay)
            attempt += 1
            pending = _with_failed_dependents(pending, throttled)

    def _post(self, pending: list[BatchItem[Any]]) -> None:
        ids = {item.id for item in pending}
        body = {"requests": [self._payload(item, ids) for item in pending]}
        response = self._con.request("POST", "$batch", json=body)
        answers = json_object(response).get("responses")
        if not isinstance(answers, list):
            raise BatchError("the $batch response has no 'responses' list")
        by_id = {str(a.get("id")).lower(): a for a in answers if isinstance(a, dict)}
        for item in pending:
            answer = by_id.get(item.id.lower())
            if answer is None:
                raise BatchError(f"the $batch response has no answer for request id {item.id}")
            item._record(answer, self._con.protocol.url(item.relative_url.lstrip("/")))

    def _payload(self, item: BatchItem[Any], pending_ids: set[str]) -> dict[str, Any]:
        req = item.request
        headers: dict[str, str] = {}
        caller_prefer = None
        for name, value in {**(req.headers or {}), **item.headers}.items():
            if name.lower() == "prefer":
                caller_prefer = value
            else:
                headers[name] = value
        prefer = merge_prefer(self._con.protocol.prefer_headers(), caller_prefer)
        if prefer:
            headers["Prefer"] = prefer
        payload: dict[str, Any] = {"id": item.id, "method": req.method, "url": item.relative_url}
        if req.json is not None:
            if not any(name.lower() == "content-type" for name in headers):
                headers["Content-Type"] = "application/json"
            payload["body"] = req.json
        if headers:
            payload["headers"] = headers
        # Dependencies that already succeeded in an earlier round are not resent.
        depends = [d.id for d in item.depends_on if d.id in pending_ids]
        if depends:
            payload["dependsOn"] = depends
        return payload


def _with_failed_dependents(
    pending: list[BatchItem[Any]], throttled: list[BatchItem[Any]]
) -> list[BatchItem[Any]]:
    """The throttled items plus the items that failed (424) because of them, in order."""
    retry = {item.id for item in throttled}
    for item in pending:  # pending is in add order, so dependencies come first
        if item.status == 424 and any(d.id in retry for d in item.depends_on):
            retry.add(item.id)
    return [item for item in pending if item.id in retry]
