"""A small scriptable HTTP/1.1 server on 127.0.0.1 for tests that need real sockets.

Usage::

    with ScriptServer() as server:
        server.enqueue(Reply(429, {"Retry-After": "0.05"}), Reply(200, body={"value": []}))
        server.route("GET", "/v1.0/me", lambda req: Reply(200, body={"id": "1"}))
        requests.get(server.url("/v1.0/me/messages"))
        assert server.requests[0].headers["client-request-id"]

How a request is answered, first match wins:

1. a handler registered with :meth:`ScriptServer.route` for the exact method and path
   (path without the query string);
2. the next item of the FIFO queue filled by :meth:`ScriptServer.enqueue` (a :class:`Reply` or
   a handler callable);
3. otherwise the ``fallback`` reply given to the constructor, by default ``599`` with a JSON
   error body, so a missing script shows up as a failure.

Every request is recorded (method, target, headers, body) in :attr:`ScriptServer.requests`.
A reply with ``drop_after=N`` writes only the first ``N`` bytes of the raw HTTP response and
then closes the socket, which the client sees as a dropped connection. ``trickle=s`` sends
the body one byte every ``s`` seconds; ``close_delimited=True`` sends no Content-Length, so
the body ends when the socket closes (with ``drop_after``: a body cut short that looks whole).
"""

from __future__ import annotations

import json
import socket
import threading
import time
from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

__all__ = ["Handler", "RecordedRequest", "Reply", "ScriptServer"]


@dataclass(frozen=True)
class RecordedRequest:
    """One request as the server received it. Header names are lower-cased."""

    method: str
    target: str  # path plus query string, exactly as sent
    headers: Mapping[str, str]
    body: bytes

    @property
    def path(self) -> str:
        return urlsplit(self.target).path

    @property
    def query(self) -> dict[str, list[str]]:
        return parse_qs(urlsplit(self.target).query, keep_blank_values=True)

    def json(self) -> Any:
        return json.loads(self.body)


@dataclass(frozen=True)
class Reply:
    """A scripted response. ``body`` bytes/str are sent as is; anything else as JSON."""

    status: int = 200
    headers: Mapping[str, str] = field(default_factory=dict)
    body: Any = None
    drop_after: int | None = None  # close the socket after this many bytes of the raw response
    trickle: float | None = None  # send the body one byte at a time, this many seconds apart
    close_delimited: bool = False  # no Content-Length: the body ends when the socket closes

    def encode(self) -> bytes:
        headers = {k.lower(): v for k, v in self.headers.items()}
        if self.body is None:
            payload = b""
        elif isinstance(self.body, bytes):
            payload = self.body
        elif isinstance(self.body, str):
            payload = self.body.encode("utf-8")
            headers.setdefault("content-type", "text/plain; charset=utf-8")
        else:
            payload = json.dumps(self.body).encode("utf-8")
            headers.setdefault("content-type", "application/json")
        if self.close_delimited:
            headers["connection"] = "close"
        else:
            headers["content-length"] = str(len(payload))
        reason = _REASONS.get(self.status, "Status")
        head = f"HTTP/1.1 {self.status} {reason}\r\n"
        head += "".join(f"{name}: {value}\r\n" for name, value in headers.items())
        return head.encode("latin-1") + b"\r\n" + payload


Handler = Callable[[RecordedRequest], Reply]

_REASONS = {
    200: "OK", 201: "Created", 202: "Accepted", 204: "No Content", 302: "Found",
    400: "Bad Request", 401: "Unauthorized", 403: "Forbidden", 404: "Not Found",
    409: "Conflict", 410: "Gone", 412: "Precondition Failed", 416: "Range Not Satisfiable",
    424: "Failed Dependency", 429: "Too Many Requests", 500: "Internal Server Error",
    502: "Bad Gateway", 503: "Service Unavailable", 504: "Gateway Timeout",
}


class ScriptServer:
    """Threaded HTTP/1.1 (keep-alive) server bound to an ephemeral port on 127.0.0.1."""

    def __init__(self, fallback: Reply | None = None) -> None:
        self.fallback = fallback  # the answer when nothing else is scripted (default: 599)
        self.requests: list[RecordedRequest] = []
        self._routes: dict[tuple[str, str], Handler] = {}
        self._queue: deque[Reply | Handler] = deque()
        self._lock = threading.Lock()
        self._httpd = _Server(("127.0.0.1", 0), _RequestHandler)
        self._httpd.script = self
        self._thread: threading.Thread | None = None

    # -- lifecycle -----------------------------------------------------------------------
    def start(self) -> ScriptServer:
        # A short poll interval keeps stop() (and so each test's teardown) quick.
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def __enter__(self) -> ScriptServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- scripting -----------------------------------------------------------------------
    @property
    def base_url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host!s}:{port}"

    def url(self, path: str = "/") -> str:
        return self.base_url + "/" + path.lstrip("/")

    def enqueue(self, *replies: Reply | Handler) -> None:
        with self._lock:
            self._queue.extend(replies)

    def route(self, method: str, path: str, handler: Handler | Reply) -> None:
        """Answer every ``method path`` request (any query string) with ``handler``."""
        if isinstance(handler, Reply):
            reply = handler
            handler = lambda _req: reply  # noqa: E731 - a fixed reply is a constant handler
        with self._lock:
            self._routes[(method.upper(), path)] = handler

    @property
    def pending(self) -> int:
        """Number of queued replies not consumed yet."""
        with self._lock:
            return len(self._queue)

    def _answer(self, request: RecordedRequest) -> Reply:
        with self._lock:
            self.requests.append(request)
            handler: Reply | Handler | None = self._routes.get((request.method, request.path))
            if handler is None and self._queue:
                handler = self._queue.popleft()
        if handler is None:
            return self.fallback or Reply(
                599, body={"error": {"code": "noScript", "message": request.target}})
        return handler if isinstance(handler, Reply) else handler(request)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False  # don't wait for idle keep-alive connections on shutdown
    script: ScriptServer


class _RequestHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    timeout = 10  # an idle keep-alive connection ends instead of pinning a thread forever
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib signature
        return  # keep test output quiet

    def _handle(self) -> None:
        headers = {k.lower(): v for k, v in self.headers.items()}
        request = RecordedRequest(self.command, self.path, headers, self._read_body(headers))
        reply = self.server.script._answer(request)
        raw = reply.encode()
        if self.command == "HEAD":  # a HEAD response has headers only
            raw = raw.split(b"\r\n\r\n", 1)[0] + b"\r\n\r\n"
        if reply.trickle is not None:
            head, body = raw.split(b"\r\n\r\n", 1)
            self.wfile.write(head + b"\r\n\r\n")
            self.close_connection = True
            try:
                for index in range(len(body)):
                    self.wfile.write(body[index:index + 1])
                    self.wfile.flush()
                    time.sleep(reply.trickle)
            except OSError:
                pass  # the client gave up: that is what these replies test
            return
        if reply.drop_after is not None:
            self.wfile.write(raw[: reply.drop_after])
            self.wfile.flush()
            self.close_connection = True
            try:
                self.connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass  # the peer may already be gone; closing is all we want
            return
        self.wfile.write(raw)
        self.wfile.flush()
        if reply.close_delimited:
            self.close_connection = True

    def _read_body(self, headers: Mapping[str, str]) -> bytes:
        if headers.get("transfer-encoding", "").lower() == "chunked":
            chunks: list[bytes] = []
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip(), 16)
                if size == 0:
                    self.rfile.readline()
                    return b"".join(chunks)
                chunks.append(self.rfile.read(size))
                self.rfile.readline()
        length = int(headers.get("content-length", "0") or 0)
        return self.rfile.read(length) if length else b""

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = do_OPTIONS = _handle
