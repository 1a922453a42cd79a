"""generated.o365._runtime.upload over real sockets against tests/runtime/transfer_server.py."""

from __future__ import annotations

import hashlib
import io
import tracemalloc
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from generated.o365._runtime.connection import Connection
from generated.o365._runtime.errors import UploadError
from generated.o365._runtime.protocol import MSGraphProtocol
from generated.o365._runtime.upload import (
    DRIVE_FRAGMENT_MULTIPLE,
    OUTLOOK_CHUNK_LIMIT,
    SessionRequest,
    UploadSession,
    create_upload_session,
    upload_session,
)
from tests.runtime.transfer_server import PatternSource, StaticToken, TransferServer, sha256_of

MIB = 1024 * 1024
DRIVE_PATH = "me/drive/items/root:/report.bin:"


@pytest.fixture
def server() -> Iterator[TransferServer]:
    with TransferServer() as running:
        yield running


@pytest.fixture
def con(server: TransferServer) -> Iterator[Connection]:
    protocol = MSGraphProtocol(protocol_url=server.url("/"))
    with Connection(protocol=protocol, token_provider=StaticToken(), timeout=(5.0, 20.0)) as c:
        yield c


def _hash(size: int) -> str:
    return sha256_of(PatternSource(size))


def _fragment_sizes(server: TransferServer, sid: str) -> list[int]:
    return [end - start + 1 for start, end, _ in server.sessions[sid].fragments]


def test_100_mib_upload_resumes_after_a_dropped_connection_in_constant_memory(
    server: TransferServer, con: Connection
) -> None:
    total = 100 * MIB
    fragment = 10 * MIB
    drop_at = 55 * MIB + 12_345  # inside the sixth fragment
    server.drop_at(drop_at)
    seen_progress: list[tuple[int, int]] = []

    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        item = upload_session(
            con,
            SessionRequest(DRIVE_PATH, {"@microsoft.graph.conflictBehavior": "replace"}),
            PatternSource(total),
            progress=lambda done, of: seen_progress.append((done, of)),
        )
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert peak < 3 * fragment
    session = server.sessions["s1"]
    assert session.completed and session.received == total
    assert session.sha256 == _hash(total)
    assert item["file"]["hashes"]["sha256Hash"] == _hash(total).upper()
    assert item["size"] == total
    # The dropped fragment was followed by a status GET and a PUT from where the server stood.
    assert len(server.requests_to("GET", "/upload/")) == 1
    starts = [start for start, _, _ in session.fragments]
    assert drop_at in starts
    assert all(b - a == fragment for a, b in zip(starts, starts[1:], strict=False) if b != drop_at)
    puts = server.requests_to("PUT", "/upload/")
    assert puts and all("authorization" not in put.headers for put in puts)
    create = server.requests_to("POST", "/v1.0/")[0]
    assert create.headers["authorization"] == "Bearer test-access-token"
    assert create.json_body == {"item": {"@microsoft.graph.conflictBehavior": "replace"}}
    assert seen_progress[-1] == (total, total)
    assert [done for done, _ in seen_progress] == sorted(done for done, _ in seen_progress)


def test_drive_fragments_are_320_kib_multiples_with_content_range(
    server: TransferServer, con: Connection, tmp_path: Path
) -> None:
    path = tmp_path / "data.bin"
    data = PatternSource(3 * DRIVE_FRAGMENT_MULTIPLE + 1000).read()
    path.write_bytes(data)
    item = upload_session(
        con, SessionRequest(DRIVE_PATH), path, fragment_size=DRIVE_FRAGMENT_MULTIPLE
    )
    assert item["id"] == "item-s1"
    assert _fragment_sizes(server, "s1") == [DRIVE_FRAGMENT_MULTIPLE] * 3 + [1000]
    ranges = [put.headers["content-range"] for put in server.requests_to("PUT", "/upload/")]
    assert ranges[0] == f"bytes 0-{DRIVE_FRAGMENT_MULTIPLE - 1}/{len(data)}"
    assert ranges[-1] == f"bytes {3 * DRIVE_FRAGMENT_MULTIPLE}-{len(data) - 1}/{len(data)}"
    assert server.sessions["s1"].sha256 == hashlib.sha256(data).hexdigest()


@pytest.mark.parametrize(
    ("kind", "fragment_size", "message"),
    [
        ("drive", DRIVE_FRAGMENT_MULTIPLE + 1, "multiple of 327680"),
        ("drive", 1024 * 1024, "multiple of 327680"),
        ("drive", 192 * DRIVE_FRAGMENT_MULTIPLE, "under 62914560"),  # exactly 60 MiB
        ("drive", 0, "positive int"),
        ("drive", -DRIVE_FRAGMENT_MULTIPLE, "positive int"),
        ("outlook", OUTLOOK_CHUNK_LIMIT + 1, "at most 4194304"),
    ],
)
def test_bad_fragment_sizes_raise_before_any_request(
    server: TransferServer, con: Connection, kind: Any, fragment_size: int, message: str
) -> None:
    request = (
        SessionRequest("me/messages/m1/attachments", {"name": "a"}, "AttachmentItem")
        if kind == "outlook"
        else SessionRequest(DRIVE_PATH)
    )
    with pytest.raises(ValueError, match=message):
        upload_session(con, request, PatternSource(MIB), kind=kind, fragment_size=fragment_size)
    assert server.seen == []


@pytest.mark.parametrize(
    ("source", "kwargs", "error"),
    [
        (PatternSource(0), {}, ValueError),
        (PatternSource(10), {"size": 11}, ValueError),
        (PatternSource(10), {"max_resumes": -1}, ValueError),
        (PatternSource(10), {"progress": "not callable"}, TypeError),
        (b"raw bytes", {}, TypeError),
        ("/nonexistent/file.bin", {}, ValueError),
    ],
)
def test_bad_arguments_raise_before_any_request(
    server: TransferServer, con: Connection, source: Any, kwargs: dict[str, Any], error: type
) -> None:
    with pytest.raises(error):
        upload_session(con, SessionRequest(DRIVE_PATH), source, **kwargs)
    assert server.seen == []


def test_outlook_attachment_uploads_in_4_mib_chunks_and_returns_location(
    server: TransferServer, con: Connection
) -> None:
    total = 9 * MIB + 77
    sessions: list[Any] = []
    result = upload_session(
        con,
        SessionRequest("me/messages/m1/attachments", {"name": "big.pdf"}, "AttachmentItem"),
        PatternSource(total),
        kind="outlook",
        on_session=sessions.append,
    )
    assert result["id"] == "att-s1"
    assert result["location"].endswith("/Attachments('att-s1')")
    create = server.requests_to("POST", "/v1.0/me/messages/m1/attachments/createUploadSession")
    assert create[0].json_body == {
        "AttachmentItem": {"attachmentType": "file", "name": "big.pdf", "size": total}
    }
    assert sessions[0]["nextExpectedRanges"] == ["0-"]
    assert _fragment_sizes(server, "s1") == [
        OUTLOOK_CHUNK_LIMIT,
        OUTLOOK_CHUNK_LIMIT,
        total - 2 * OUTLOOK_CHUNK_LIMIT,
    ]
    assert server.sessions["s1"].sha256 == _hash(total)
    puts = server.requests_to("PUT", "/upload/")
    assert all(put.headers["content-type"] == "application/octet-stream" for put in puts)
    assert all("authorization" not in put.headers for put in puts)


def test_5xx_answers_are_retried_via_the_status_endpoint(
    server: TransferServer, con: Connection
) -> None:
    server.fail_next(503, count=2)
    total = 2 * DRIVE_FRAGMENT_MULTIPLE
    upload_session(
        con,
        SessionRequest(DRIVE_PATH),
        PatternSource(total),
        fragment_size=DRIVE_FRAGMENT_MULTIPLE,
        backoff=0.001,
    )
    assert len(server.requests_to("GET", "/upload/")) == 2
    assert server.sessions["s1"].sha256 == _hash(total)


def test_too_many_failures_raise_a_resumable_upload_error(
    server: TransferServer, con: Connection
) -> None:
    total = 3 * DRIVE_FRAGMENT_MULTIPLE
    source = PatternSource(total)
    session = create_upload_session(con, DRIVE_PATH, None)
    server.fail_next(500, count=10)
    done: list[int] = []
    uploader = UploadSession(
        con,
        session["uploadUrl"],
        source,
        fragment_size=DRIVE_FRAGMENT_MULTIPLE,
        max_resumes=2,
        backoff=0.001,
        progress=lambda d, _t: done.append(d),
    )
    with pytest.raises(UploadError, match="after 3 attempts") as caught:
        uploader.upload()
    assert caught.value.resumable
    assert caught.value.upload_url == session["uploadUrl"]
    assert caught.value.next_expected_ranges == ["0-"]
    assert session["uploadUrl"] not in str(caught.value)
    assert len(server.requests_to("PUT", "/upload/")) == 3  # first try + 2 resumes

    # Later, maybe in another process: resume with the saved URL and a fresh source.
    server._failures.clear()
    later = UploadSession(
        con, caught.value.upload_url, PatternSource(total), fragment_size=DRIVE_FRAGMENT_MULTIPLE
    )
    item = later.resume()
    assert item["size"] == total
    assert server.sessions["s1"].sha256 == _hash(total)
    assert later.next_expected_ranges == []


def test_resume_continues_where_the_session_stands(server: TransferServer, con: Connection) -> None:
    total = 4 * DRIVE_FRAGMENT_MULTIPLE
    session = create_upload_session(con, DRIVE_PATH, None)
    server.drop_at(DRIVE_FRAGMENT_MULTIPLE + 500)
    first = UploadSession(
        con,
        session["uploadUrl"],
        PatternSource(total),
        fragment_size=2 * DRIVE_FRAGMENT_MULTIPLE,
        max_resumes=0,
    )
    with pytest.raises(UploadError, match="NetworkError"):
        first.upload()
    assert server.sessions["s1"].received == DRIVE_FRAGMENT_MULTIPLE + 500

    resumed = UploadSession(
        con, session["uploadUrl"], PatternSource(total), fragment_size=2 * DRIVE_FRAGMENT_MULTIPLE
    )
    resumed.resume()
    assert server.sessions["s1"].fragments[-2][0] == DRIVE_FRAGMENT_MULTIPLE + 500
    assert server.sessions["s1"].sha256 == _hash(total)
    assert resumed.expiration is not None and resumed.expiration.year == 2030


def test_expired_session_restarts_in_a_new_session(server: TransferServer, con: Connection) -> None:
    total = 3 * DRIVE_FRAGMENT_MULTIPLE
    created: list[str] = []

    def expire_after_first_fragment(done: int, _total: int) -> None:
        if done == DRIVE_FRAGMENT_MULTIPLE and len(created) == 1:
            server.expire("s1")

    item = upload_session(
        con,
        SessionRequest(DRIVE_PATH),
        PatternSource(total),
        fragment_size=DRIVE_FRAGMENT_MULTIPLE,
        progress=expire_after_first_fragment,
        on_session=lambda s: created.append(s["uploadUrl"]),
    )
    assert [url.rsplit("/", 1)[-1] for url in created] == ["s1", "s2"]
    assert item["id"] == "item-s2"
    assert server.sessions["s2"].fragments[0][0] == 0
    assert server.sessions["s2"].sha256 == _hash(total)


def test_expired_session_without_a_way_to_recreate_it_raises(
    server: TransferServer, con: Connection
) -> None:
    session = create_upload_session(con, DRIVE_PATH, None)
    server.expire("s1")
    with pytest.raises(UploadError, match="session is gone") as caught:
        upload_session(con, session["uploadUrl"], PatternSource(1000))
    assert not caught.value.resumable


def test_cancel_deletes_the_session(server: TransferServer, con: Connection) -> None:
    session = create_upload_session(con, DRIVE_PATH, None)
    uploader = UploadSession(con, session["uploadUrl"], PatternSource(1000))
    uploader.cancel()
    assert "s1" not in server.sessions
    assert [s.method for s in server.requests_to("DELETE", "/upload/")] == ["DELETE"]
    assert "authorization" not in server.requests_to("DELETE", "/upload/")[0].headers
    uploader.cancel()  # already gone: still fine
    assert "upload" not in repr(uploader)


def test_file_object_is_read_from_its_current_position(
    server: TransferServer, con: Connection
) -> None:
    stream = PatternSource(5000)
    stream.seek(1000)
    upload_session(con, SessionRequest(DRIVE_PATH), stream)
    expected = PatternSource(5000)
    expected.seek(1000)
    assert server.sessions["s1"].sha256 == hashlib.sha256(expected.read()).hexdigest()
    assert server.sessions["s1"].total == 4000


def test_non_seekable_stream_needs_a_size_and_uploads_forward(
    server: TransferServer, con: Connection
) -> None:
    data = PatternSource(2 * DRIVE_FRAGMENT_MULTIPLE + 3).read()

    class Pipe(io.RawIOBase):
        def __init__(self) -> None:
            self._inner = io.BytesIO(data)

        def readable(self) -> bool:
            return True

        def readinto(self, buffer: Any) -> int:
            chunk = self._inner.read(min(len(buffer), 65536))  # short reads, like a pipe
            buffer[: len(chunk)] = chunk
            return len(chunk)

    with pytest.raises(ValueError, match="size is required"):
        upload_session(con, SessionRequest(DRIVE_PATH), Pipe())
    assert server.seen == []
    upload_session(
        con,
        SessionRequest(DRIVE_PATH),
        Pipe(),
        size=len(data),
        fragment_size=DRIVE_FRAGMENT_MULTIPLE,
    )
    assert server.sessions["s1"].sha256 == hashlib.sha256(data).hexdigest()


def test_create_upload_session_validates_its_body(con: Connection, server: TransferServer) -> None:
    with pytest.raises(ValueError, match="conflictBehavior"):
        create_upload_session(con, DRIVE_PATH, {"@microsoft.graph.conflictBehavior": "merge"})
    outlook = {"kind": "outlook", "item_member": "AttachmentItem"}
    with pytest.raises(ValueError, match="name"):
        create_upload_session(con, "me/messages/m1/attachments", {}, size=10, **outlook)
    with pytest.raises(ValueError, match="size"):
        create_upload_session(con, "me/messages/m1/attachments", {"name": "x"}, **outlook)
    with pytest.raises(ValueError, match="item_member"):
        create_upload_session(con, "me/messages/m1/attachments", {"name": "x"}, kind="outlook")
    assert server.seen == []
    session = create_upload_session(
        con, "me/messages/m1/attachments", {"name": "x", "size": 5_000_000}, **outlook
    )
    assert session["uploadUrl"].endswith("/upload/s1")
    assert session["nextExpectedRanges"] == ["0-"]


def test_a_fragment_the_server_already_has_answers_416_and_the_upload_continues(
    server: TransferServer, con: Connection
) -> None:
    total = 3 * DRIVE_FRAGMENT_MULTIPLE
    session = create_upload_session(con, DRIVE_PATH, None)

    def crash_after_first_fragment(done: int, _total: int) -> None:
        raise RuntimeError("client crashed")

    crashed = UploadSession(
        con,
        session["uploadUrl"],
        PatternSource(total),
        fragment_size=DRIVE_FRAGMENT_MULTIPLE,
        progress=crash_after_first_fragment,
    )
    with pytest.raises(RuntimeError):
        crashed.upload()
    # A restarted client that forgot the state starts at byte 0 again.
    restarted = UploadSession(
        con, session["uploadUrl"], PatternSource(total), fragment_size=DRIVE_FRAGMENT_MULTIPLE
    )
    restarted.upload()
    starts = [start for start, _, _ in server.sessions["s1"].fragments]
    assert starts == [0, DRIVE_FRAGMENT_MULTIPLE, 2 * DRIVE_FRAGMENT_MULTIPLE]
    assert len(server.requests_to("PUT", "/upload/")) == 4  # one of them answered 416
    assert len(server.requests_to("GET", "/upload/")) == 1
    assert server.sessions["s1"].sha256 == _hash(total)


def test_the_style_comes_from_the_caller_never_from_the_path(
    server: TransferServer, con: Connection
) -> None:
    """An attachments path with the drive style gets a drive body: the spec decides, not the path."""
    create_upload_session(con, "me/messages/m1/attachments", {"name": "a"})
    [created] = server.requests_to("POST", "/v1.0/me/messages/m1/attachments/createUploadSession")
    assert created.json_body == {"item": {"name": "a"}}
    with pytest.raises(ValueError, match="item_member"):
        upload_session(
            con,
            SessionRequest("me/messages/m1/attachments", {"name": "a"}),
            PatternSource(10),
            kind="outlook",
        )
    assert len(server.seen) == 1  # the outlook upload without a member sent nothing


def test_a_session_that_never_moves_forward_stops_after_max_resumes(
    server: TransferServer, con: Connection
) -> None:
    session = create_upload_session(con, DRIVE_PATH, None)
    server.fail_next(202, count=10)
    uploader = UploadSession(
        con,
        session["uploadUrl"],
        PatternSource(2 * DRIVE_FRAGMENT_MULTIPLE),
        fragment_size=DRIVE_FRAGMENT_MULTIPLE,
        max_resumes=3,
    )
    with pytest.raises(UploadError, match="without moving forward") as caught:
        uploader.upload()
    assert caught.value.next_expected_ranges == ["0-"]
    assert len(server.requests_to("PUT", "/upload/")) == 4


@pytest.mark.parametrize(
    ("location", "created"),
    [
        # attachment-createuploadsession.md (Outlook): an OData key segment.
        (
            "https://outlook.office.com/api/v2.0/Users('a8e8e219')/Messages('AAMkADI5')"
            "/Attachments('AAMkADI5MAAA-w_b=')",
            "AAMkADI5MAAA-w_b=",
        ),
        # concepts/todo-attachments.md (To Do): the id is the last path segment.
        (
            "https://graph.microsoft.com/beta/users/6f9a2a92/todo/lists/AAMDiFkfh=/tasks/"
            "AAMkADliMm=/Attachments/AAMkADI5MAAIT3drCAAABEgAQANAqbAe7qaROhYdTnUQwXm0=",
            "AAMkADI5MAAIT3drCAAABEgAQANAqbAe7qaROhYdTnUQwXm0=",
        ),
        ("https://x/items('it''s')", "it's"),
    ],
)
def test_the_created_attachment_id_is_the_last_key_of_the_location(
    location: str, created: str
) -> None:
    from generated.o365._runtime.upload import _created_id

    assert _created_id(location) == created
