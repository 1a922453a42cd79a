"""Generic upload sessions and content downloads, for any resource whose spec asks.

Upload sessions follow GRAPH_FACTS §5: fragments in order, each under 60 MiB and (except the
last) a multiple of 320 KiB, ``Content-Range: bytes a-b/total``, 202 with
``nextExpectedRanges`` until the last fragment, 416 for bytes already received, and a
pre-authenticated ``uploadUrl``. Outlook sessions (``kind="outlook"``, an attachments
collection's createUploadSession, answered 201) allow 4 MiB per PUT of any size, answer 200 per
fragment and 201 at the end, and refuse an ``Authorization`` header (outlook-large-attachments:
the URL is for outlook.office.com, a Graph token there is 401). A drive session ignores one:
the docs say it *may* cause a 401, and a work account's OneDrive accepts it, which clients
such as msgraph-core's LargeFileUploadTask rely on.

Downloads answer 302 to a pre-authenticated URL that streams the bytes (with Range support).
"""

from __future__ import annotations

import json
import mimetypes
import re
import secrets
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

from .errors import GraphError, envelope
from .graph import stamp_modified, without_instructions

if TYPE_CHECKING:
    from .graph import GraphApp, GraphRequest
    from .router import Route
    from .store import Record

__all__ = ["FRAGMENT_MULTIPLE", "MAX_FRAGMENT", "Stream", "Transfers", "UploadSession"]

FRAGMENT_MULTIPLE = 320 * 1024
MAX_FRAGMENT = 60 * 1024 * 1024
MAX_OUTLOOK_FRAGMENT = 4 * 1024 * 1024
CHUNK = 64 * 1024
_RANGE = re.compile(r"^bytes (\d+)-(\d+)/(\d+)$")
_REQUEST_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")
Reply = tuple[int, dict[str, str], Any]


@dataclass(frozen=True)
class Stream:
    """A response body written chunk by chunk, with its length known up front."""

    length: int
    chunks: Iterator[bytes]


@dataclass
class UploadSession:
    total: int | None  # None until the first fragment's Content-Range says it
    on_complete: Callable[[bytes], tuple[int, dict[str, str], bytes]]
    kind: str = "drive"  # drive | outlook
    expires_at: float = 0.0
    data: bytearray = field(default_factory=bytearray)

    @property
    def expiration(self) -> str:
        moment = datetime.fromtimestamp(self.expires_at, timezone.utc)
        return moment.strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"

    def status_body(self) -> dict[str, Any]:
        return {"expirationDateTime": self.expiration,
                "nextExpectedRanges": [f"{len(self.data)}-"]}


@dataclass
class _Blob:
    content: bytes
    content_type: str


class Transfers:
    """Upload sessions, stored content and pre-authenticated download links."""

    def __init__(self, base_url: Callable[[], str], session_lifetime: float = 3600.0) -> None:
        self.base_url = base_url
        self.session_lifetime = session_lifetime
        self._lock = threading.Lock()
        self._sessions: dict[str, UploadSession] = {}
        self._blobs: dict[str, _Blob] = {}  # entity id -> content
        self._links: dict[str, tuple[str, float]] = {}  # token -> (entity id, expiry)
        # Called with an entity id before its content is read: a behaviour holding newer
        # content in another form (an open workbook) writes it back first.
        self.before_read: list[Callable[[str], None]] = []

    # ------------------------------------------------------------------ Python API
    def create_session(self, total: int | None, on_complete: Callable[[bytes], tuple[int, dict[str, str],
                                                                              bytes]],
                       *, kind: str = "drive") -> dict[str, Any]:
        """Open a session (for `total` bytes, if known); returns Graph's JSON with `uploadUrl`."""
        if total is not None and (not isinstance(total, int) or total <= 0):
            raise ValueError("an upload session's total size must be a positive integer")
        if kind not in ("drive", "outlook"):
            raise ValueError("kind must be 'drive' or 'outlook'")
        token = secrets.token_urlsafe(24)
        session = UploadSession(total, on_complete, kind, time.time() + self.session_lifetime)
        with self._lock:
            self._sessions[token] = session
        return {"uploadUrl": f"{self.base_url()}_emulator/upload/{token}",
                **session.status_body()}

    def put_content(self, entity_id: str, content: bytes,
                    content_type: str = "application/octet-stream") -> None:
        with self._lock:
            self._blobs[entity_id] = _Blob(bytes(content), content_type)

    def content_of(self, entity_id: str) -> bytes | None:
        for flush in self.before_read:
            flush(entity_id)
        with self._lock:
            blob = self._blobs.get(entity_id)
        return None if blob is None else blob.content

    def download_url(self, entity_id: str) -> str:
        token = secrets.token_urlsafe(24)
        with self._lock:
            self._links[token] = (entity_id, time.time() + 3600)
        return f"{self.base_url()}_emulator/content/{token}"

    # ------------------------------------------------------------------ HTTP
    def handle_upload(self, method: str, token: str, headers: dict[str, str],
                      body: bytes) -> Reply:
        request_id = str(uuid.uuid4())
        try:
            return self._upload(method, token, headers, body)
        except GraphError as err:
            return (err.status, {"Content-Type": "application/json", "request-id": request_id,
                                 **err.headers},
                    envelope(err.code, err.message, request_id, headers.get("client-request-id")))

    def _upload(self, method: str, token: str, headers: dict[str, str], body: bytes) -> Reply:
        with self._lock:
            session = self._sessions.get(token)
            if session is not None and session.expires_at < time.time():
                del self._sessions[token]
                session = None
        if session is None:
            raise GraphError(404, "itemNotFound", "The upload session was not found.")
        if method == "DELETE":
            with self._lock:
                self._sessions.pop(token, None)
            return 204, {}, b""
        if method == "GET":
            return _json(200, session.status_body())
        if method != "PUT":
            raise GraphError(405, "invalidRequest", "Use PUT to upload a fragment.")
        if "authorization" in headers and session.kind == "outlook":
            raise GraphError(401, "InvalidAudience", "The upload URL is pre-authenticated; "
                             "do not send an Authorization header.")
        with self._lock:
            done = self._accept(session, headers, body)
            if done:
                self._sessions.pop(token, None)
        if done:
            return session.on_complete(bytes(session.data))
        if session.kind == "outlook":
            return _json(200, {"expirationDateTime": session.expiration,
                               "nextExpectedRanges": [str(len(session.data))]})
        return _json(202, session.status_body())

    @staticmethod
    def _accept(session: UploadSession, headers: dict[str, str], body: bytes) -> bool:
        found = _RANGE.match(headers.get("content-range", "").strip())
        if found is None:
            raise GraphError(400, "invalidRange",
                             "Content-Range must look like 'bytes {start}-{end}/{total}'.")
        start, end, total = (int(g) for g in found.groups())
        size = end - start + 1
        if session.total is None and start == 0 and total > 0:
            session.total = total  # fixed by the first fragment; every later one must agree
        if total != session.total or end < start or end >= total:
            raise GraphError(400, "invalidRange",
                             f"The range {start}-{end}/{total} does not fit the session's "
                             f"{session.total} bytes.")
        if size != len(body):
            raise GraphError(400, "fragmentLengthMismatch",
                             f"Content-Range says {size} bytes but {len(body)} were sent.")
        limit = MAX_OUTLOOK_FRAGMENT if session.kind == "outlook" else MAX_FRAGMENT - 1
        if size > limit:
            raise GraphError(413, "maxFragmentLengthExceeded",
                             f"A fragment may carry at most {limit} bytes.")
        received = len(session.data)
        if start < received:
            raise GraphError(416, "fragmentOverlap",
                             f"Bytes {start}-{min(end, received - 1)} were already received.")
        if start > received:
            raise GraphError(400, "fragmentOutOfOrder",
                             f"The next expected byte is {received}, not {start}.")
        final = end == total - 1
        if not final and session.kind == "drive" and size % FRAGMENT_MULTIPLE:
            raise GraphError(400, "invalidRange",
                             "Every fragment but the last must be a multiple of 320 KiB "
                             "(327,680 bytes).")
        session.data += body
        return final

    def handle_content(self, method: str, token: str, headers: dict[str, str]) -> Reply:
        with self._lock:
            link = self._links.get(token)
        if link is not None:
            for flush in self.before_read:
                flush(link[0])
        with self._lock:
            blob = self._blobs.get(link[0]) if link and link[1] > time.time() else None
        if method not in ("GET", "HEAD") or blob is None:
            return 404, {"Content-Type": "application/json"}, b'{"error":"not found"}'
        content, total = blob.content, len(blob.content)
        start, end, status = 0, total - 1, 200
        out = {"Content-Type": blob.content_type, "Accept-Ranges": "bytes"}
        wanted = _REQUEST_RANGE.match(headers.get("range", "").strip())
        if wanted is not None and (wanted.group(1) or wanted.group(2)):
            first, last = wanted.groups()
            if first:
                start, end = int(first), min(int(last), total - 1) if last else total - 1
            else:
                start, end = max(0, total - int(last)), total - 1
            if start > end or start >= total:
                return 416, {"Content-Range": f"bytes */{total}"}, b""
            status = 206
            out["Content-Range"] = f"bytes {start}-{end}/{total}"
        view = memoryview(content)[start:end + 1]
        chunks = (bytes(view[i:i + CHUNK]) for i in range(0, len(view), CHUNK))
        return status, out, Stream(len(view), chunks)

    # ------------------------------------------------------------------ spec-driven routes
    def install(self, app: GraphApp) -> None:
        app.transfers = self  # behaviours copy and restore stored content through it
        app.special["download"] = self._download_route
        app.special["upload"] = self._upload_route

    def _download_route(self, app: GraphApp, request: GraphRequest, route: Route,
                        params: dict[str, str]) -> Reply:
        scope = app.scope_of(params)
        record = app.object_at(route.parent_template, params, scope)
        if record is None or self.content_of(record.id) is None:
            raise GraphError(404, "itemNotFound", "The item has no content.")
        return 302, {"Location": self.download_url(record.id)}, b""

    def _upload_route(self, app: GraphApp, request: GraphRequest, route: Route,
                      params: dict[str, str]) -> Reply:
        scope = app.scope_of(params)
        if ":/" in route.template:
            prefix = route.template.split(":/", 1)[0]
        elif route.navigation is not None:  # {self}/attachments/createUploadSession
            prefix = route.parent_template.rsplit("/", 1)[0]
        else:
            prefix = route.parent_template
        parent = app.object_at(prefix, params, scope) if prefix else None
        # `{item}/content`, `{item}/createUploadSession`: new content for that very entity.
        existing = (parent if parent is not None and parent.graph_type == route.graph_type
                    and ":/" not in route.template and route.navigation is None else None)
        if existing is not None:
            app.check_if_match(request, existing)
        name = _name_param(route.template, params)
        graph_type = route.graph_type
        renderer = app.renderer(graph_type)
        described: dict[str, Any] = {}  # what the session request said about the item

        def complete(content: bytes) -> tuple[int, dict[str, str], bytes]:
            if existing is not None:
                return self._replace(app, request, route, params, existing, content)
            # Graph types a file by its name's extension (report.xlsx: a spreadsheet).
            mime = mimetypes.guess_type(name)[0] or "application/octet-stream"
            data: dict[str, Any] = {"name": name, "size": len(content),
                                    "file": {"mimeType": mime}, "contentType": mime}
            data.update({k: v for k, v in described.items() if k in renderer.known})
            data = {k: v for k, v in data.items() if k in renderer.known}
            odata_type = _subtype_for(app, graph_type, described.get("attachmentType"))
            if odata_type is not None:
                data["@odata.type"] = odata_type
            if route.owner_field and parent is not None:
                data[route.owner_field] = parent.id
            elif parent is not None and "parentReference" in renderer.known:
                data["parentReference"] = {"id": parent.id}
            record = app.store.insert(graph_type, scope, data,
                                      id_style=renderer.family.id_style)
            self.put_content(record.id, content)
            linked = route.navigation is not None and parent is not None
            if route.navigation is not None and parent is not None:
                app.store.add_link(parent.id, route.navigation, record.id)
            app.run_hook("@created", request, record, scope, params, data, {"route": route})
            if linked:
                # Outlook: 201, empty body, Location ending in /Attachments('{id}').
                where = f"{app.base_url()}v1.0/{request.path}".rsplit("/", 1)[0]
                return 201, {"Location": f"{where}/Attachments('{record.id}')"}, b""
            status, headers, body = app.entity_response(record, "items/$entity", None,
                                                        status=201)
            return status, headers, body

        if route.template.endswith("createUploadSession"):
            # The spec's upload style names the member (Outlook's `AttachmentItem`), read
            # without regard to case as Outlook reads property names (python-o365 sends
            # `attachmentItem`); the drive style's `item` is optional.
            member = route.session_item or "item"
            kind = "outlook" if route.session_item else "drive"
            body = request.json_body() or {}
            if not isinstance(body, dict):
                raise GraphError(400, "invalidRequest", "The request body must be a JSON object.")
            item: Any = next((v for k, v in body.items() if k.lower() == member.lower()),
                        {} if route.session_item is None else None)
            if not isinstance(item, dict):
                raise GraphError(400, "invalidRequest", f"The request body needs '{member}'.")
            name = str(item.get("name") or name)
            described.update({k: v for k, v in item.items() if k not in ("name", "size",
                                                                         "fileSize")
                              and not k.startswith("@")})
            total = item.get("fileSize") or item.get("size")
            if total is not None and (not isinstance(total, int) or total <= 0):
                raise GraphError(400, "invalidRequest", "The item's size must be a positive size.")
            session = self.create_session(total, complete, kind=kind)
            context = f"{app.base_url()}v1.0/$metadata#microsoft.graph.uploadSession"
            # Workloads differ (G: attachment-createuploadsession.md 201, To Do's page 200,
            # driveitem-createuploadsession.md 200): the spec's `session_status`, else the style's.
            status = route.session_status or (200 if kind == "drive" else 201)
            return _json(status, {"@odata.context": context, **session})
        return complete(request.body)

    def _replace(self, app: GraphApp, request: GraphRequest, route: Route,
                 params: dict[str, str], record: Record, content: bytes) -> Reply:
        """New content for an existing entity, written like a PATCH: the type's `@updating`
        hook sees the changes (`{"size": n}`) and `extra["content"]` before anything is
        stored (it may refuse, or keep the old content as a version), `@updated` after."""
        scope = app.scope_of(params)
        renderer = app.renderer(record.graph_type)
        changes: dict[str, Any] = {"size": len(content)} if "size" in renderer.known else {}
        extra: dict[str, Any] = {"route": route, "content": content}
        app.run_hook("@updating", request, record, scope, params, changes, extra)
        changes = without_instructions(changes)
        stamp_modified(renderer, changes)
        self.put_content(record.id, content)
        app.store.update(record, changes)
        app.run_hook("@updated", request, record, scope, params, changes, extra)
        return app.entity_response(record, "items/$entity", None)


def _subtype_for(app: GraphApp, graph_type: str, attachment_type: Any) -> str | None:
    """Outlook sessions say `attachmentType: file`: the `@odata.type` subtype of the uploaded
    resource that names it (`#microsoft.graph.fileAttachment`, `...taskFileAttachment`)."""
    resource = app.router.resource_for_type(graph_type)
    if not isinstance(attachment_type, str) or not attachment_type or resource is None:
        return None
    wanted = f"{attachment_type}attachment".lower()
    for key, _name in resource.subtypes:
        if key.startswith("#") and key.lower().endswith(wanted):
            return key
    return None


def _name_param(template: str, params: dict[str, str]) -> str:
    names = re.findall(r"\{([A-Za-z_][A-Za-z0-9_]*)\}", template)
    return params.get(names[-1], "upload.bin") if names else "upload.bin"


def _json(status: int, payload: dict[str, Any]) -> Reply:
    return status, {"Content-Type": "application/json"}, json.dumps(payload).encode()
