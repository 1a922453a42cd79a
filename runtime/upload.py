"""Resumable upload sessions, in Graph's two styles (GRAPH_FACTS §5).

A spec's ``upload: {style: ...}`` (or an ``attachments:`` block) names the style; nothing here
looks at a path to guess it. ``drive``: the createUploadSession body is ``{"item": {...}}``,
fragments are multiples of 320 KiB and the last one answers with the created item's JSON.
``outlook`` (attachments of mail, events, To Do tasks): the body is ``{<member>: {attachmentType,
name, size}}`` with the member the spec gives (``session_item``), chunks are at most 4 MiB and
the last one answers 201 with a ``Location`` naming the created attachment.

Two entry points:

* :func:`upload_session` creates a session (or takes an ``uploadUrl``) and uploads a file
  or binary stream fragment by fragment, resuming on its own after dropped connections and
  5xx answers.
* :class:`UploadSession` is the same machine as an object, so a caller can keep the
  ``upload_url`` and call :meth:`UploadSession.resume` later, even in another process.

Rules followed:

* Fragments go to the pre-authenticated ``uploadUrl`` with ``Content-Length`` and
  ``Content-Range: bytes a-b/total`` and **no** ``Authorization`` header, strictly in order.
* Drive fragments are multiples of 320 KiB (327,680 bytes), 10 MiB by default, each under
  60 MiB; Outlook chunks are at most 4 MiB. Bad sizes raise ``ValueError`` before any request.
* Only one fragment is in memory at a time; memory does not grow with the file size.
* After a dropped connection or a 5xx the session status (``GET uploadUrl``) says where to
  continue; 5xx answers back off exponentially. ``max_resumes`` bounds the consecutive
  failed attempts. A 404 means the session is gone: the upload restarts from byte 0 in a
  new session if a way to create one was given, else :class:`~generated.o365._runtime.errors.UploadError`.
* A session that received its last byte is complete and gone: Graph then answers its status
  GET with 404 (drive) or with no range left to send (Outlook). So when the answer to the
  final fragment is lost, the upload is first *reconciled* (:class:`Reconciler`): the item
  the session was creating is looked up (drive: the item's path; Outlook: the attachments,
  minus those there before the session) and taken when its name, size and, where Graph
  gives one, content hash (``generated.o365._runtime.hashes``) match. Only then does a new session start,
  so a lost answer never uploads the file twice.
* Drive sessions end with 200/201 and the item's JSON; Outlook sessions end with 201 and
  a ``Location`` header, returned as ``{"id": ..., "location": ...}``.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, Literal, Protocol, cast
from urllib.parse import unquote, urlsplit

import requests

from .body import json_object, list_member
from .errors import (
    GraphError,
    NotFoundError,
    RangeNotSatisfiableError,
    ServerError,
    TransportError,
    UploadError,
)
from .hashes import content_hashes
from .paths import segment
from .timezones import parse_datetime

if TYPE_CHECKING:
    from .connection import Connection, Timeout

__all__ = [
    "DEFAULT_DRIVE_FRAGMENT_SIZE",
    "Reconciler",
    "DRIVE_FRAGMENT_LIMIT",
    "DRIVE_FRAGMENT_MULTIPLE",
    "OUTLOOK_CHUNK_LIMIT",
    "BinaryReader",
    "SessionRequest",
    "UploadKind",
    "UploadSession",
    "create_upload_session",
    "upload_session",
]

UploadKind = Literal["drive", "outlook"]


class BinaryReader(Protocol):
    """What a source stream needs: ``read``. ``seek``/``tell`` are used when it has them."""

    def read(self, size: int, /) -> bytes | None: ...


class _SeekableReader(BinaryReader, Protocol):
    def seek(self, offset: int, whence: int = ..., /) -> int: ...

    def tell(self) -> int: ...


Source = str | os.PathLike[str] | BinaryReader
ProgressCallback = Callable[[int, int], None]
SessionCallback = Callable[[Mapping[str, Any]], None]
# Creates a fresh session for a file of the given size: returns Graph's session JSON.
SessionFactory = Callable[[int], Mapping[str, Any]]

DRIVE_FRAGMENT_MULTIPLE = 327_680  # 320 KiB
DRIVE_FRAGMENT_LIMIT = 60 * 1024 * 1024  # each PUT must be smaller than this
DEFAULT_DRIVE_FRAGMENT_SIZE = 10 * 1024 * 1024
OUTLOOK_CHUNK_LIMIT = 4 * 1024 * 1024  # 4,194,304: each PUT at most this
_BACKOFF_CAP = 30.0
_CONFLICT_BEHAVIORS = frozenset({"fail", "replace", "rename"})


@dataclass(frozen=True)
class SessionRequest:
    """Where to create upload sessions: ``POST <path>/createUploadSession`` with ``item``.

    Drive style: ``path`` like ``me/drive/items/{parent-id}:/{name}:`` and ``item`` such as
    ``{"@microsoft.graph.conflictBehavior": "rename"}``. Outlook style: ``path`` like
    ``me/messages/{id}/attachments``, ``item`` ``{"name": ...}`` (size and attachmentType are
    filled in) and ``item_member`` the body member the spec names (``AttachmentItem``).
    """

    path: str
    item: Mapping[str, Any] | None = None
    item_member: str | None = None


def create_upload_session(
    con: Connection,
    path: str,
    item: Mapping[str, Any] | None = None,
    *,
    kind: UploadKind = "drive",
    size: int | None = None,
    item_member: str | None = None,
) -> dict[str, Any]:
    """POST ``<path>/createUploadSession``; return ``{uploadUrl, expirationDateTime,
    nextExpectedRanges}``.

    ``kind`` is the spec's upload style. Outlook style: the body is ``{item_member:
    {attachmentType, name, size}}`` (``size`` from the keyword when the item has none); drive
    style: ``{"item": {...}}``.
    """
    url = _session_endpoint(path)
    _check_kind(kind)
    if item is not None and not isinstance(item, Mapping):
        raise TypeError(f"item must be a mapping or None, not {type(item).__name__}")
    body = _outlook_body(item, size, item_member) if kind == "outlook" else _drive_body(item)
    session = json_object(con.request("POST", url, json=body))
    if not isinstance(session.get("uploadUrl"), str):
        raise UploadError(f"POST {path}/createUploadSession returned no uploadUrl")
    session.setdefault("nextExpectedRanges", ["0-"])
    return session


def _session_endpoint(path: str) -> str:
    if not isinstance(path, str) or not path.strip("/ "):
        raise ValueError("path must name the parent item or attachments collection")
    stripped = path.rstrip("/")
    if stripped.lower().endswith("/createuploadsession"):
        return stripped
    return f"{stripped}/createUploadSession"


def _drive_body(item: Mapping[str, Any] | None) -> dict[str, Any]:
    if not item:
        return {}
    conflict = item.get("@microsoft.graph.conflictBehavior")
    if conflict is not None and conflict not in _CONFLICT_BEHAVIORS:
        allowed = ", ".join(sorted(_CONFLICT_BEHAVIORS))
        raise ValueError(f"@microsoft.graph.conflictBehavior must be one of {allowed}")
    return {"item": dict(item)}


def _outlook_body(
    item: Mapping[str, Any] | None, size: int | None, member: str | None
) -> dict[str, Any]:
    member = _check_member(member)
    attachment = {"attachmentType": "file", **(item or {})}
    if size is not None:
        attachment.setdefault("size", size)
    if not isinstance(attachment.get("name"), str) or not attachment["name"]:
        raise ValueError("an Outlook attachment upload needs item={'name': ...}")
    if not isinstance(attachment.get("size"), int) or attachment["size"] <= 0:
        raise ValueError("an Outlook attachment upload needs the attachment size in bytes")
    return {member: attachment}


def _check_member(member: str | None) -> str:
    if not isinstance(member, str) or not member:
        raise ValueError("an outlook-style upload session needs item_member (the spec's session_item)")
    return member


def _check_kind(kind: str) -> None:
    if kind not in ("drive", "outlook"):
        raise ValueError(f"kind must be 'drive' or 'outlook', not {kind!r}")


def upload_session(
    con: Connection,
    session_url_or_request: str | SessionRequest | SessionFactory,
    source: Source,
    *,
    size: int | None = None,
    kind: UploadKind = "drive",
    fragment_size: int | None = None,
    progress: ProgressCallback | None = None,
    max_resumes: int = 5,
    on_session: SessionCallback | None = None,
    backoff: float = 1.0,
    timeout: Timeout | None = None,
) -> dict[str, Any]:
    """Upload ``source`` through an upload session and return the final result.

    ``session_url_or_request`` is an existing ``uploadUrl``, a :class:`SessionRequest` or a
    callable ``(size) -> session JSON``; the last two also let a 404 restart the upload in a
    new session. ``on_session`` receives each created session's JSON (to persist the
    ``uploadUrl`` for a later :meth:`UploadSession.resume`). Drive returns the driveItem,
    Outlook ``{"id": ..., "location": ...}``.
    """
    factory: SessionFactory | None
    reconciler: Reconciler | None = None
    if isinstance(session_url_or_request, str):
        upload_url: str | None = session_url_or_request
        factory = None
    elif isinstance(session_url_or_request, SessionRequest):
        upload_url = None
        reconciler = Reconciler(con, session_url_or_request, kind)
        factory = _request_factory(con, session_url_or_request, kind, reconciler)
    elif callable(session_url_or_request):
        upload_url, factory = None, session_url_or_request
    else:
        raise TypeError(
            "session_url_or_request must be an uploadUrl, a SessionRequest or a callable"
        )
    session = UploadSession(
        con,
        upload_url,
        source,
        size=size,
        kind=kind,
        fragment_size=fragment_size,
        progress=progress,
        max_resumes=max_resumes,
        new_session=factory,
        on_session=on_session,
        backoff=backoff,
        timeout=timeout,
        reconciler=reconciler,
    )
    return session.upload()


def _request_factory(
    con: Connection, request: SessionRequest, kind: UploadKind, reconciler: Reconciler
) -> SessionFactory:
    _session_endpoint(request.path)  # a bad path fails now, before any request
    if kind == "outlook":
        _check_member(request.item_member)

    def create(total: int) -> Mapping[str, Any]:
        reconciler.remember(total)
        return create_upload_session(con, request.path, request.item, kind=kind, size=total,
                                     item_member=request.item_member)

    return create


class Reconciler:
    """Finds the item an upload session created when the answer to its last fragment was lost.

    The session was created on ``path`` (``.../createUploadSession`` stripped): a drive
    item's path (``items/{parent}:/{name}:`` or ``items/{id}``), which ``GET`` answers with
    the item, or an Outlook attachments collection, listed by ``GET``. A candidate must have
    the uploaded name (when the request named one) and size, and match the content hashes
    Graph gives (``file.hashes``); in a collection, attachments there before the session
    was created do not count.
    """

    def __init__(self, con: Connection, request: SessionRequest, kind: UploadKind) -> None:
        self._con = con
        self._kind = kind
        self.target = _session_endpoint(request.path).rsplit("/", 1)[0]
        name = (request.item or {}).get("name")
        self._name = name if isinstance(name, str) else None
        self._before: set[str] = set()

    def remember(self, size: int) -> None:
        """Note the matching attachments that exist before a session starts."""
        if self._kind == "outlook":
            self._before = {str(a.get("id")) for a in self._listed(size)}

    def find(self, size: int, content: Callable[[], Iterator[bytes]] | None) -> dict[str, Any] | None:
        """What the session created (in :func:`upload_session`'s result shape), or None."""
        if self._kind == "outlook":
            fresh = [a for a in self._listed(size) if str(a.get("id")) not in self._before]
            if len(fresh) != 1:
                return None  # none, or ambiguous: only a new session is safe
            attachment_id = str(fresh[0]["id"])
            location = self._con.protocol.url(f"{self.target}/{segment(attachment_id)}")
            return {"id": attachment_id, "location": location}
        try:
            item = json_object(self._con.request("GET", self.target))
        except NotFoundError:
            return None
        if item.get("size") != size or (self._name is not None and item.get("name") != self._name):
            return None
        hashes = item.get("file", {}).get("hashes") if isinstance(item.get("file"), dict) else None
        if isinstance(hashes, dict) and hashes and content is not None:
            ours = content_hashes(content())
            if any(isinstance(hashes.get(k), str) and hashes[k].upper() != v.upper()
                   for k, v in ours.items()):
                return None
        return item

    def _listed(self, size: int) -> list[dict[str, Any]]:
        response = self._con.request("GET", self.target, params={"$select": "id,name,size"})
        return [a for a in list_member(response, json_object(response), "value")
                if isinstance(a, dict) and a.get("size") == size and "id" in a
                and (self._name is None or a.get("name") == self._name)]


class UploadSession:
    """One resumable upload to a pre-authenticated ``upload_url``.

    ``upload_url`` may be None when ``new_session`` is given: :meth:`upload` then creates the
    session first. ``source`` is a path (opened and closed per call) or a binary file object
    read from its current position; going back to an earlier byte needs a seekable object.
    ``size`` defaults to the bytes from that position to the end.
    """

    def __init__(
        self,
        con: Connection,
        upload_url: str | None,
        source: Source,
        *,
        size: int | None = None,
        kind: UploadKind = "drive",
        fragment_size: int | None = None,
        progress: ProgressCallback | None = None,
        max_resumes: int = 5,
        new_session: SessionFactory | None = None,
        on_session: SessionCallback | None = None,
        backoff: float = 1.0,
        timeout: Timeout | None = None,
        expiration: str | None = None,
        next_expected_ranges: list[str] | None = None,
        reconciler: Reconciler | None = None,
    ) -> None:
        _check_kind(kind)
        if upload_url is None and new_session is None:
            raise ValueError("give an upload_url or a way to create a session (new_session)")
        if upload_url is not None and (not isinstance(upload_url, str) or not upload_url):
            raise ValueError("upload_url must be a non-empty string")
        _check_count("max_resumes", max_resumes)
        if isinstance(backoff, bool) or not isinstance(backoff, (int, float)) or backoff < 0:
            raise ValueError("backoff must be a number of seconds >= 0")
        for name, callback in (("progress", progress), ("on_session", on_session)):
            if callback is not None and not callable(callback):
                raise TypeError(f"{name} must be callable")
        self.kind: UploadKind = kind
        self.fragment_size = _fragment_size(kind, fragment_size)
        self._source = source
        self._base, self.size = _measure(source, size)
        self._con = con
        self._upload_url = upload_url
        self._ranges = list(next_expected_ranges or ["0-"])
        self._expiration = expiration
        self._progress = progress
        self._max_resumes = max_resumes
        self._new_session = new_session
        self._on_session = on_session
        self._backoff = float(backoff)
        self._timeout = timeout
        self._reconciler = reconciler
        self._final_sent = False  # the last byte went out at least once in this session

    # Start a session to keep and resume later: UploadSession.create(con, "me/drive/root:/a.bin:")
    create = staticmethod(create_upload_session)

    def __repr__(self) -> str:  # the upload URL is a credential: never shown
        return f"UploadSession(kind={self.kind!r}, size={self.size}, next={self._ranges!r})"

    # -- state ---------------------------------------------------------------------------
    @property
    def upload_url(self) -> str | None:
        """The pre-authenticated URL; keep it (privately) to resume later."""
        return self._upload_url

    @property
    def next_expected_ranges(self) -> list[str]:
        return list(self._ranges)

    @property
    def expiration(self) -> datetime | None:
        return parse_datetime(self._expiration) if self._expiration else None

    # -- actions -------------------------------------------------------------------------
    def upload(self) -> dict[str, Any]:
        """Upload from the first expected byte (a new session first if there is none)."""
        return self._run(check_status=False)

    def resume(self) -> dict[str, Any]:
        """Ask the session where it stands (``GET uploadUrl``), then upload the rest."""
        return self._run(check_status=True)

    def cancel(self) -> None:
        """Delete the session (``DELETE uploadUrl``); a session already gone is fine."""
        if self._upload_url is None:
            return
        try:
            self._con.request("DELETE", self._upload_url, authorize=False, timeout=self._timeout)
        except NotFoundError:
            pass  # expired or deleted already: the goal is reached
        self._ranges = []

    # -- the machine ---------------------------------------------------------------------
    def _run(self, *, check_status: bool) -> dict[str, Any]:
        failures = restarts = 0
        with _opened(self._source) as stream:
            reader = _FragmentReader(stream, self._base, self.size)
            while True:
                if self._upload_url is None:
                    self._start_new_session()  # its errors are not the session's: no retry
                try:
                    if check_status:
                        self._refresh_status()
                        check_status = False
                    if not self._ranges and self._final_sent:  # Outlook: nothing left to send
                        found = self._reconciled(reader)
                        if found is not None:
                            return found
                    before = self._ranges
                    result = self._send_next(reader)
                    if result is not None:
                        return result
                    # A 2xx that moves nothing forward must not loop for ever.
                    failures = failures + 1 if self._ranges == before else 0
                    if failures > self._max_resumes:
                        raise self._failed(None, failures)
                except NotFoundError as exc:
                    found = self._reconciled(reader)  # complete, with its answer lost?
                    if found is not None:
                        return found
                    restarts += 1
                    if self._new_session is None or restarts > self._max_resumes:
                        raise self._gone() from exc
                    self._upload_url = None
                    check_status = False
                except (RangeNotSatisfiableError, ServerError, TransportError) as exc:
                    failures += 1
                    if failures > self._max_resumes:
                        raise self._failed(exc, failures) from exc
                    self._pause(exc, failures)
                    check_status = True
                except GraphError as exc:
                    raise self._failed(exc, failures) from exc

    def _start_new_session(self) -> None:
        assert self._new_session is not None  # _run only gets here with a factory
        session = self._new_session(self.size)
        upload_url = session.get("uploadUrl")
        if not isinstance(upload_url, str) or not upload_url:
            raise UploadError("the new upload session has no uploadUrl")
        self._upload_url = upload_url
        self._ranges = ["0-"]
        self._final_sent = False
        self._adopt(session)
        if self._on_session is not None:
            self._on_session(session)

    def _refresh_status(self) -> None:
        assert self._upload_url is not None
        response = self._con.request(
            "GET", self._upload_url, authorize=False, retry=False, timeout=self._timeout
        )
        self._adopt(_json_object(response))

    def _adopt(self, body: Mapping[str, Any]) -> None:
        ranges = body.get("nextExpectedRanges", body.get("NextExpectedRanges"))
        if isinstance(ranges, list):
            self._ranges = [str(r) for r in ranges]
        expiration = body.get("expirationDateTime", body.get("ExpirationDateTime"))
        if isinstance(expiration, str):
            self._expiration = expiration

    def _send_next(self, reader: _FragmentReader) -> dict[str, Any] | None:
        """PUT the next fragment; the final result, or None while bytes are missing."""
        assert self._upload_url is not None
        start = self._next_start()
        end = min(start + self.fragment_size, self.size) - 1
        fragment = reader.read(start, end - start + 1)
        self._final_sent = self._final_sent or end == self.size - 1
        response = self._con.request(
            "PUT",
            self._upload_url,
            data=fragment,
            headers={
                "Content-Type": "application/octet-stream",
                "Content-Length": str(len(fragment)),
                "Content-Range": f"bytes {start}-{end}/{self.size}",
            },
            authorize=False,
            retry=False,
            timeout=self._timeout,
        )
        del fragment  # one fragment in memory at a time
        if self._is_final(response.status_code):
            self._ranges = []
            self._report(self.size)
            return self._result(response)
        body = _json_object(response)
        self._ranges = [f"{end + 1}-"]  # if the answer names no ranges, continue in order
        self._adopt(body)
        self._report(self._next_start())
        return None

    def _reconciled(self, reader: _FragmentReader) -> dict[str, Any] | None:
        """The item a complete session created, if the last byte went out (see Reconciler)."""
        if self._reconciler is None or not self._final_sent:
            return None
        try:
            found = self._reconciler.find(self.size, reader.pieces if reader.can_reread else None)
        except GraphError as exc:  # cannot tell: starting again might upload twice
            failure = exc
        else:
            if found is not None:
                self._ranges = []
                self._report(self.size)
            return found
        raise UploadError(
            "the last fragment was sent but its answer was lost, and looking for the uploaded "
            f"item failed ({failure.status} {failure.code or ''}); check whether it exists "
            "before uploading again"
        )

    def _is_final(self, status: int) -> bool:
        # Drive: 202 while bytes are missing, 200/201 at the end. Outlook: 200, then 201.
        return status == 201 or (self.kind == "drive" and status == 200)

    def _next_start(self) -> int:
        if not self._ranges:
            raise UploadError(
                "the session expects no more bytes but never confirmed the upload; "
                "check whether the item exists",
                upload_url=self._upload_url,
            )
        starts = [_range_start(r) for r in self._ranges]
        start = min(starts)
        if not 0 <= start < self.size:
            raise UploadError(
                f"the session asks for byte {start} of a {self.size}-byte upload",
                upload_url=self._upload_url,
                next_expected_ranges=self._ranges,
            )
        return start

    def _result(self, response: requests.Response) -> dict[str, Any]:
        if self.kind == "drive":
            return _json_object(response)
        location = response.headers.get("Location")
        created = _created_id(location) if location else None
        if location is None or not created:
            raise UploadError("the final Outlook chunk returned no attachment Location")
        return {"id": created, "location": location}

    def _report(self, done: int) -> None:
        if self._progress is not None:
            self._progress(done, self.size)

    def _pause(self, exc: Exception, failures: int) -> None:
        # Graph: back off exponentially on 5xx; retry other failures at once (bounded).
        if not isinstance(exc, ServerError):
            return
        delay = min(_BACKOFF_CAP, self._backoff * 2 ** (failures - 1))
        if exc.retry_after is not None:
            delay = max(delay, min(exc.retry_after, _BACKOFF_CAP))
        if delay > 0:
            time.sleep(delay)

    def _gone(self) -> UploadError:
        return UploadError(
            "the upload session is gone (404: expired or cancelled); start a new upload "
            "session and upload again from the first byte",
        )

    def _failed(self, exc: Exception | None, failures: int) -> UploadError:
        if exc is None:
            reason = "the session accepted fragments without moving forward"
        elif isinstance(exc, GraphError):
            reason = f"{exc.status} {exc.code or ''}".strip()
            if exc.message:
                reason += f": {exc.message}"
        else:
            reason = type(exc).__name__
        attempts = f" after {failures} attempts" if failures else ""
        return UploadError(
            f"upload stopped{attempts} ({reason}); resume later with the same upload_url",
            upload_url=self._upload_url,
            next_expected_ranges=self._ranges,
        )


def _check_count(name: str, value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(f"{name} must be an int >= 0")


def _fragment_size(kind: UploadKind, requested: int | None) -> int:
    if requested is None:
        return DEFAULT_DRIVE_FRAGMENT_SIZE if kind == "drive" else OUTLOOK_CHUNK_LIMIT
    if isinstance(requested, bool) or not isinstance(requested, int) or requested <= 0:
        raise ValueError(f"fragment_size must be a positive int, not {requested!r}")
    if kind == "outlook":
        if requested > OUTLOOK_CHUNK_LIMIT:
            raise ValueError(
                f"Outlook upload chunks must be at most {OUTLOOK_CHUNK_LIMIT} bytes (4 MiB), "
                f"not {requested}"
            )
        return requested
    if requested % DRIVE_FRAGMENT_MULTIPLE:
        raise ValueError(
            f"drive fragment_size must be a multiple of {DRIVE_FRAGMENT_MULTIPLE} bytes "
            f"(320 KiB), not {requested}"
        )
    if requested >= DRIVE_FRAGMENT_LIMIT:
        raise ValueError(
            f"drive fragment_size must be under {DRIVE_FRAGMENT_LIMIT} bytes (60 MiB), "
            f"not {requested}"
        )
    return requested


def _measure(source: Source, size: int | None) -> tuple[int, int]:
    """(offset of the first byte in the source, number of bytes to upload)."""
    if size is not None:
        _check_count("size", size)
    if isinstance(source, (str, os.PathLike)):
        try:
            available = os.stat(source).st_size
        except OSError as exc:
            raise ValueError(f"cannot read upload source {os.fspath(source)!r}: {exc}") from None
        base = 0
    elif hasattr(source, "read"):
        base, available = _measure_stream(source, size)
    else:
        raise TypeError(
            f"source must be a path or a binary file object, not {type(source).__name__}"
        )
    total = available if size is None else size
    if total > available:
        raise ValueError(f"size {total} is larger than the {available} bytes the source holds")
    if total == 0:
        raise ValueError("an upload session needs at least one byte; upload empty files directly")
    return base, total


def _measure_stream(stream: BinaryReader, size: int | None) -> tuple[int, int]:
    if not _seekable(stream):
        if size is None:
            raise ValueError("size is required for a stream that cannot seek")
        return 0, size
    seekable = cast(_SeekableReader, stream)
    base = seekable.tell()
    try:
        end = os.fstat(getattr(stream, "fileno")()).st_size  # noqa: B009 - optional method
    except (AttributeError, OSError, ValueError):
        end = seekable.seek(0, os.SEEK_END)
        seekable.seek(base)
    return base, max(end - base, 0)


def _seekable(stream: BinaryReader) -> bool:
    try:
        return bool(getattr(stream, "seekable")())  # noqa: B009 - optional method
    except (AttributeError, OSError, ValueError):
        return False


@contextmanager
def _opened(source: Source) -> Iterator[BinaryReader]:
    if isinstance(source, (str, os.PathLike)):
        with open(source, "rb") as stream:
            yield stream
    else:
        yield source


class _FragmentReader:
    """Reads byte ranges of the upload; keeps only the last fragment (for resumes within it)."""

    def __init__(self, stream: BinaryReader, base: int, total: int) -> None:
        self._stream = stream
        self._base = base
        self._total = total
        self._seekable = _seekable(stream)
        self._position: int | None = None  # upload offset the stream is at, if known
        self._buffer = b""
        self._buffer_start = 0

    def read(self, start: int, length: int) -> bytes:
        offset = start - self._buffer_start
        if 0 <= offset and offset + length <= len(self._buffer):
            if offset == 0 and length == len(self._buffer):
                return self._buffer
            return self._buffer[offset : offset + length]
        self._buffer = b""  # release the old fragment before reading the next one
        self._move_to(start)
        data = self._read_exactly(length)
        self._position = start + length
        self._buffer, self._buffer_start = data, start
        return data

    @property
    def can_reread(self) -> bool:
        return self._seekable

    def pieces(self, size: int = 1 << 20) -> Iterator[bytes]:
        """All the upload's bytes again, from the first (for hashing); needs a seekable source."""
        self._buffer = b""
        self._position = None
        stream = cast(_SeekableReader, self._stream)
        stream.seek(self._base)
        left = self._total
        while left > 0:
            data = stream.read(min(size, left)) or b""
            if not data:
                return
            left -= len(data)
            yield data

    def _move_to(self, start: int) -> None:
        if self._position == start:
            return
        if self._seekable:
            cast(_SeekableReader, self._stream).seek(self._base + start)
            return
        if self._position is None and start == 0:
            return  # a fresh non-seekable stream is at the first byte
        raise UploadError(
            f"the session needs byte {start} again but the source cannot seek; "
            "pass a seekable file or a path to resume"
        )

    def _read_exactly(self, length: int) -> bytes:
        data = self._stream.read(length) or b""
        if len(data) == length:
            return data
        pieces = [data]
        missing = length - len(data)
        while missing and data:
            data = self._stream.read(missing) or b""
            pieces.append(data)
            missing -= len(data)
        if missing:
            raise UploadError(f"the source ended {missing} bytes early (size {self._total})")
        return b"".join(pieces)


def _created_id(location: str) -> str | None:
    """The id a Location URL ends with: an OData key ``...('id')`` or a last segment ``.../id``."""
    path = urlsplit(location).path.rstrip("/")
    if path.endswith("')") and "('" in path:
        return unquote(path[path.rindex("('") + 2 : -2]).replace("''", "'") or None
    return unquote(path.rsplit("/", 1)[-1]) or None


def _range_start(value: str) -> int:
    head = value.split("-", 1)[0].strip()
    if not head.isdigit():
        raise UploadError(f"unexpected nextExpectedRanges entry {value!r}")
    return int(head)


def _json_object(response: requests.Response) -> dict[str, Any]:
    """The session's JSON answer (an empty body counts as no news: ``{}``)."""
    return json_object(response) if response.content else {}
