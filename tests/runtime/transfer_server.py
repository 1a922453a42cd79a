"""A real-socket server for upload-session and download tests (GRAPH_FACTS §5).

It keeps no uploaded bytes: each session hashes what it receives (SHA-256) and counts it, so
a 100 MiB upload costs the test process almost no memory on the server side.

Routes (``{sid}`` is a session id, ``{name}`` a download name):

* ``POST .../createUploadSession``: drive session (body ``{"item": ...}``), 200
  ``{uploadUrl, expirationDateTime}``; or Outlook session (a body member holding
  ``attachmentType`` and ``size``, e.g. ``AttachmentItem``), 201 with
  ``nextExpectedRanges: ["0-"]``.
* ``PUT /upload/{sid}``: one fragment, checked like Graph checks it (Content-Range, total,
  order, drive 320 KiB multiples under 60 MiB, Outlook at most 4 MiB, no Authorization);
  202 (drive) / 200 (Outlook) with ``nextExpectedRanges`` while bytes are missing, then 201
  with the driveItem (drive) or an empty body and ``Location`` (Outlook).
* ``GET /upload/{sid}``: status, ``DELETE /upload/{sid}``: cancel (204).
* ``GET /v1.0/.../attachments`` and ``GET /v1.0/...:/{name}:``: what completed sessions
  created there (the attachments, the item), for the reconciliation after a lost answer.
* ``GET .../items/{name}/content``: 302 to ``/download/{name}`` on the server given as
  ``download_host`` (another port, so the client must drop Authorization), which streams
  the registered content.

Faults, armed by the test: :meth:`TransferServer.drop_at` closes the socket once the session
has received a given number of bytes (mid-body, no response); :meth:`fail_next` answers the
next PUTs with a status such as 503; :meth:`expire` makes a session answer 404.
"""

from __future__ import annotations

import hashlib
import io
import json
import random
import re
import socket
import threading
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit

DRIVE_MULTIPLE = 327_680
DRIVE_LIMIT = 60 * 1024 * 1024
OUTLOOK_LIMIT = 4 * 1024 * 1024
EXPIRATION = "2030-01-01T00:00:00.0000000Z"
_PIECE = 64 * 1024
_RANGE_RE = re.compile(r"bytes (\d+)-(\d+)/(\d+)")


@dataclass
class Session:
    """What the server knows about one upload session."""

    sid: str
    kind: str  # "drive" or "outlook"
    name: str
    declared_size: int | None
    total: int | None = None
    received: int = 0
    hasher: Any = field(default_factory=hashlib.sha256)
    completed: bool = False
    expired: bool = False
    collection: str = ""  # where the session was created (createUploadSession stripped)
    fragments: list[tuple[int, int, int]] = field(default_factory=list)  # (start, end, total)

    @property
    def sha256(self) -> str:
        return str(self.hasher.hexdigest())


@dataclass(frozen=True)
class Seen:
    """A request as received, without its body."""

    method: str
    path: str
    headers: Mapping[str, str]
    json_body: Any = None


class TransferServer:
    """Threaded HTTP/1.1 server on 127.0.0.1, ephemeral port."""

    def __init__(self, download_host: TransferServer | None = None) -> None:
        self.sessions: dict[str, Session] = {}
        self.seen: list[Seen] = []
        self.downloads: dict[str, tuple[Callable[[], Iterator[bytes]], int]] = {}
        self.download_host = download_host or self
        self._drop_at: int | None = None
        self._failures: list[int] = []
        self._drop_download_after: int | None = None
        self._lock = threading.Lock()
        self._counter = 0
        self._httpd = _Server(("127.0.0.1", 0), _Handler)
        self._httpd.owner = self
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    def __enter__(self) -> TransferServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)

    def url(self, path: str) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host!s}:{port}/{path.lstrip('/')}"

    # -- faults ------------------------------------------------------------------------
    def drop_at(self, offset: int) -> None:
        """Close the connection (no response) once a session has ``offset`` bytes."""
        self._drop_at = offset

    def fail_next(self, status: int, count: int = 1) -> None:
        """Answer the next ``count`` fragment PUTs with ``status`` (body read first).

        202 is a stall: the answer repeats the current ``nextExpectedRanges``.
        """
        self._failures.extend([status] * count)

    def expire(self, sid: str) -> None:
        self.sessions[sid].expired = True

    def add_download(self, name: str, chunks: Callable[[], Iterator[bytes]], size: int) -> None:
        self.downloads[name] = (chunks, size)

    def drop_download_after(self, size: int) -> None:
        self._drop_download_after = size

    def session_for(self, upload_url: str) -> Session:
        return self.sessions[urlsplit(upload_url).path.rsplit("/", 1)[-1]]

    def requests_to(self, method: str, prefix: str) -> list[Seen]:
        return [s for s in self.seen if s.method == method and s.path.startswith(prefix)]

    # -- behaviour ---------------------------------------------------------------------
    def _new_session(self, path: str, body: Any) -> tuple[int, dict[str, Any]]:
        # The outlook style names the file in one member holding attachmentType (its name is
        # the spec's: AttachmentItem, attachmentInfo); the drive style in "item".
        described = [v for v in body.values() if isinstance(v, dict) and "attachmentType" in v] \
            if isinstance(body, dict) else []
        outlook = bool(described)
        with self._lock:
            self._counter += 1
            sid = f"s{self._counter}"
        if outlook:
            item = described[0]
            session = Session(sid, "outlook", str(item.get("name")), int(item["size"]))
        else:
            item = body.get("item", {}) if isinstance(body, dict) else {}
            name = item.get("name") or path.rsplit(":/", 2)[-2].rsplit("/", 1)[-1]
            session = Session(sid, "drive", str(name), item.get("fileSize"))
        session.collection = path.rsplit("/", 1)[0]
        self.sessions[sid] = session
        reply: dict[str, Any] = {
            "uploadUrl": self.url(f"/upload/{sid}"),
            "expirationDateTime": EXPIRATION,
        }
        if outlook:
            reply["nextExpectedRanges"] = ["0-"]
            return 201, reply
        return 200, reply

    def _next_ranges(self, session: Session) -> list[str]:
        if session.kind == "outlook":
            return [str(session.received)]
        return [f"{session.received}-"]


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    owner: TransferServer


def _error(code: str, message: str) -> dict[str, Any]:
    return {"error": {"code": code, "message": message}}


class _Dropped(Exception):
    """The server closed the connection on purpose."""


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    timeout = 10
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        return

    @property
    def owner(self) -> TransferServer:
        return self.server.owner

    def _send(
        self, status: int, body: Any = None, headers: Mapping[str, str] | None = None
    ) -> None:
        payload = b"" if body is None else json.dumps(body).encode()
        self.send_response(status)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        if body is not None:
            self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def _drop(self) -> None:
        self.close_connection = True
        try:
            self.connection.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass  # the client may have gone already
        raise _Dropped

    def _record(self, json_body: Any = None) -> None:
        headers = {k.lower(): v for k, v in self.headers.items()}
        path = urlsplit(self.path).path
        self.owner.seen.append(Seen(self.command, path, headers, json_body))

    def _dispatch(self) -> None:
        try:
            self._route()
        except _Dropped:
            return

    def _route(self) -> None:
        path = urlsplit(self.path).path
        if self.command == "POST" and path.lower().endswith("/createuploadsession"):
            length = int(self.headers.get("Content-Length") or 0)
            body = json.loads(self.rfile.read(length) or b"{}")
            self._record(body)
            status, reply = self.owner._new_session(path, body)
            self._send(status, reply)
        elif path.startswith("/upload/"):
            self._upload(path.rsplit("/", 1)[-1])
        elif self.command == "GET" and "/items/" in path and path.endswith("/content"):
            self._record()
            name = path.rsplit("/items/", 1)[1].split("/")[0]
            target = self.owner.download_host.url(f"/download/{name}")
            self._send(302, None, {"Location": target})
        elif self.command == "GET" and path.startswith("/download/"):
            self._record()
            self._download(path.rsplit("/", 1)[-1])
        elif self.command == "GET" and path.startswith("/v1.0/"):
            self._record()
            self._created(path)
        else:
            self._record()
            self._send(400, _error("invalidRequest", f"no route for {self.command} {path}"))

    # -- uploads -------------------------------------------------------------------------
    def _upload(self, sid: str) -> None:
        owner = self.owner
        session = owner.sessions.get(sid)
        if session is None or session.expired:
            self._record()
            self._discard_body()
            self._send(404, _error("itemNotFound", "The upload session was not found"))
            return
        if self.command == "GET":
            self._record()
            ranges = [] if session.completed else owner._next_ranges(session)
            self._send(200, {"expirationDateTime": EXPIRATION, "nextExpectedRanges": ranges})
        elif self.command == "DELETE":
            self._record()
            del owner.sessions[sid]
            self._send(204)
        elif self.command == "PUT":
            self._record()
            self._put_fragment(session)
        else:
            self._send(405, _error("invalidRequest", self.command))

    def _put_fragment(self, session: Session) -> None:
        owner = self.owner
        if "authorization" in {k.lower() for k in self.headers}:
            self._discard_body()
            self._send(401, _error("unauthenticated", "uploadUrl is pre-authenticated"))
            return
        problem, start, end, total = self._check_range(session)
        if problem is not None:
            self._discard_body()
            self._send(416 if problem == "invalidRange" else 400, _error(problem, "bad fragment"))
            return
        if owner._failures:
            status = owner._failures.pop(0)
            self._discard_body()
            if status == 202:  # a stall: "accepted" but nothing kept
                ranges = owner._next_ranges(session)
                self._send(202, {"expirationDateTime": EXPIRATION, "nextExpectedRanges": ranges})
                return
            self._send(status, _error("serviceNotAvailable", "injected failure"))
            return
        session.total = total
        session.fragments.append((start, end, total))
        self._receive(session, end - start + 1)
        if session.received == total:
            session.completed = True
            self._finish(session)
        elif session.kind == "outlook":
            reply = {
                "ExpirationDateTime": EXPIRATION,
                "nextExpectedRanges": [str(session.received)],
            }
            self._send(200, reply)
        else:
            ranges = owner._next_ranges(session)
            self._send(202, {"expirationDateTime": EXPIRATION, "nextExpectedRanges": ranges})

    def _check_range(self, session: Session) -> tuple[str | None, int, int, int]:
        match = _RANGE_RE.fullmatch(self.headers.get("Content-Range", ""))
        length = int(self.headers.get("Content-Length") or -1)
        if match is None:
            return "invalidRange", 0, 0, 0
        start, end, total = (int(g) for g in match.groups())
        size = end - start + 1
        if size != length or end >= total:
            return "fragmentLengthMismatch", start, end, total
        if session.total is not None and total != session.total:
            return "invalidRange", start, end, total
        if session.declared_size is not None and total != session.declared_size:
            return "invalidRange", start, end, total
        if start < session.received:
            return "invalidRange", start, end, total  # already have it: 416
        if start > session.received:
            return "fragmentOutOfOrder", start, end, total
        last = end == total - 1
        if session.kind == "drive":
            if size >= DRIVE_LIMIT:
                return "maxFragmentLengthExceeded", start, end, total
            if not last and size % DRIVE_MULTIPLE:
                return "invalidRange", start, end, total
        elif size > OUTLOOK_LIMIT:
            return "maxFragmentLengthExceeded", start, end, total
        return None, start, end, total

    def _receive(self, session: Session, length: int) -> None:
        owner = self.owner
        remaining = length
        while remaining:
            want = min(_PIECE, remaining)
            if owner._drop_at is not None and session.received < owner._drop_at:
                want = min(want, owner._drop_at - session.received)
            piece = self.rfile.read(want)
            if not piece:
                self._drop()
            session.hasher.update(piece)
            session.received += len(piece)
            remaining -= len(piece)
            if owner._drop_at is not None and session.received == owner._drop_at:
                owner._drop_at = None
                self._drop()

    def _discard_body(self) -> None:
        remaining = int(self.headers.get("Content-Length") or 0)
        while remaining:
            piece = self.rfile.read(min(_PIECE, remaining))
            if not piece:
                return
            remaining -= len(piece)

    def _finish(self, session: Session) -> None:
        if session.kind == "outlook":
            location = (
                "https://outlook.office.com/api/v2.0/Users('u1')/Messages('m1')"
                f"/Attachments('att-{session.sid}')"
            )
            self._send(201, None, {"Location": location})
            return
        self._send(201, self._item(session))

    def _created(self, path: str) -> None:
        """What completed sessions created: an attachments list or a path-addressed item."""
        done = [s for s in self.owner.sessions.values() if s.completed and s.collection == path]
        if path.endswith("/attachments"):
            self._send(200, {"value": [{"id": f"att-{s.sid}", "name": s.name, "size": s.total}
                                       for s in done]})
        elif done:
            self._send(200, self._item(done[-1]))
        else:
            self._send(404, _error("itemNotFound", path))

    @staticmethod
    def _item(session: Session) -> dict[str, Any]:
        return {
            "id": f"item-{session.sid}",
            "name": session.name,
            "size": session.total,
            "file": {"hashes": {"sha256Hash": session.sha256.upper()}},
        }

    # -- downloads -----------------------------------------------------------------------
    def _download(self, name: str) -> None:
        owner = self.owner
        if name not in owner.downloads:
            self._send(404, _error("itemNotFound", name))
            return
        chunks, size = owner.downloads[name]
        self.send_response(200)
        self.send_header("Content-Type", "application/octet-stream")
        self.send_header("Content-Length", str(size))
        self.end_headers()
        sent = 0
        limit = owner._drop_download_after
        for chunk in chunks():
            if limit is not None and sent + len(chunk) > limit:
                self.wfile.write(chunk[: limit - sent])
                self.wfile.flush()
                owner._drop_download_after = None
                self._drop()
            self.wfile.write(chunk)
            sent += len(chunk)

    do_GET = do_POST = do_PUT = do_DELETE = _dispatch


# -- client-side helpers for the transfer tests --------------------------------------------
class PatternSource(io.RawIOBase):
    """A seekable, read-only stream of ``size`` deterministic bytes, generated on the fly.

    The pattern repeats every 1,000,003 bytes (a prime, so no fragment size lines up with
    it): an upload that skips or repeats a range changes the SHA-256.
    """

    PERIOD = 1_000_003

    def __init__(self, size: int, seed: int = 7) -> None:
        self._size = size
        self._position = 0
        pattern = random.Random(seed).randbytes(self.PERIOD)
        self._pattern = memoryview(pattern)

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self._position

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        anchor = {io.SEEK_SET: 0, io.SEEK_CUR: self._position, io.SEEK_END: self._size}[whence]
        self._position = max(0, anchor + offset)
        return self._position

    def read(self, size: int | None = -1) -> bytes:
        remaining = self._size - self._position
        want = remaining if size is None or size < 0 else min(size, remaining)
        pieces = []
        position, left = self._position, max(want, 0)
        while left:
            start = position % self.PERIOD
            take = min(left, self.PERIOD - start)
            pieces.append(self._pattern[start : start + take])
            position += take
            left -= take
        self._position = position
        return b"".join(pieces)  # one allocation of ``want`` bytes

    def readinto(self, buffer: Any) -> int:
        data = self.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


def sha256_of(stream: io.RawIOBase, piece: int = 1024 * 1024) -> str:
    hasher = hashlib.sha256()
    while data := stream.read(piece):
        hasher.update(data)
    return hasher.hexdigest()


class StaticToken:
    """A token provider with a fixed fake token, so requests that authorize carry one."""

    token = "test-access-token"

    def get_access_token(self) -> str:
        return self.token

    def handle_unauthorized(self, rejected_token: str) -> bool:
        return False

    def refresh_token(self) -> bool:
        return False
