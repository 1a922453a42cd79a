"""Issue 13, point 1: the bearer token goes only to the Graph origin.

One test per source of absolute URLs, over real sockets: the configured Graph host and a
hostile server on 127.0.0.1 with another port (another origin). Before the fix every one of
these sent ``Authorization: Bearer ...`` to the hostile server.
"""

from __future__ import annotations

import io

import pytest

from generated.o365._runtime.auth import TokenManager
from generated.o365._runtime.connection import Connection
from generated.o365._runtime.delta import DeltaIterator
from generated.o365._runtime.download import download
from generated.o365._runtime.errors import UnsafeURLError
from generated.o365._runtime.operations import AsyncOperation
from generated.o365._runtime.paging import Paginator
from generated.o365._runtime.token_backends import MemoryTokenBackend
from generated.o365._runtime.upload import upload_session
from generated.o365.storage.drive_item import DriveItem
from tests.security.conftest import assert_no_token
from tests.support import Reply, ScriptServer


def test_next_link_to_another_origin_is_refused(
    con: Connection, graph: ScriptServer, hostile: ScriptServer
) -> None:
    graph.route("GET", "/v1.0/me/messages", Reply(200, body={
        "value": [{"id": "1"}], "@odata.nextLink": hostile.url("/v1.0/me/messages?$skip=1")}))
    pages = Paginator(con, "me/messages", dict)
    port = hostile.base_url.rsplit(":", 1)[1]
    with pytest.raises(UnsafeURLError,
                       match=f"refusing to send the Graph access token to http://127.0.0.1:{port}"):
        list(pages)
    assert hostile.requests == []


def test_next_link_over_plain_http_to_the_internet_is_refused(
    con: Connection, graph: ScriptServer
) -> None:
    graph.route("GET", "/v1.0/me/messages", Reply(200, body={
        "value": [], "@odata.nextLink": "http://evil.example/x"}))
    with pytest.raises(UnsafeURLError, match="plain http:// is only allowed to loopback"):
        list(Paginator(con, "me/messages", dict))
    assert len(graph.requests) == 1


def test_delta_next_link_and_saved_delta_link_to_another_origin_are_refused(
    con: Connection, graph: ScriptServer, hostile: ScriptServer
) -> None:
    graph.route("GET", "/v1.0/me/messages/delta", Reply(200, body={
        "value": [], "@odata.nextLink": hostile.url("/v1.0/me/messages/delta?$skiptoken=x")}))
    with pytest.raises(UnsafeURLError):
        list(DeltaIterator(con, "me/messages/delta", dict))
    saved = hostile.url("/v1.0/me/messages/delta?$deltatoken=abc")
    with pytest.raises(UnsafeURLError):
        list(DeltaIterator(con, "me/messages/delta", dict, delta_link=saved))
    assert hostile.requests == []


def test_delta_410_location_to_another_origin_is_refused(
    con: Connection, graph: ScriptServer, hostile: ScriptServer
) -> None:
    graph.route("GET", "/v1.0/me/drive/root/delta", Reply(
        410, {"Location": hostile.url("/v1.0/me/drive/root/delta?token=fresh")},
        body={"error": {"code": "resyncRequired", "message": "resync"}}))
    with pytest.raises(UnsafeURLError):
        list(DeltaIterator(con, "me/drive/root/delta", dict))
    assert hostile.requests == []


def test_a_callers_absolute_url_on_another_origin_is_refused(
    con: Connection, hostile: ScriptServer
) -> None:
    for sneaky in (hostile.url("/v1.0/me"),
                   # user info naming the Graph host; the host contacted is the hostile one
                   hostile.url("/v1.0/me").replace("http://", f"http://{con.protocol.graph_origin.host}@"),
                   "HTTPS://evil.example/v1.0/me"):
        with pytest.raises(UnsafeURLError):
            con.get(sneaky)
    with pytest.raises(UnsafeURLError, match="only http"):
        con.get("file:///etc/passwd")
    assert hostile.requests == []


def test_pre_authenticated_upload_url_gets_no_token(
    con: Connection, hostile: ScriptServer
) -> None:
    hostile.enqueue(Reply(201, body={"id": "item-1", "name": "a.bin", "size": 10}))
    result = upload_session(con, hostile.url("/up/session-1"), io.BytesIO(b"0123456789"))
    assert result["id"] == "item-1"
    assert [r.method for r in hostile.requests] == ["PUT"]
    assert_no_token(hostile)


def test_download_redirect_to_another_origin_gets_no_token(
    con: Connection, graph: ScriptServer, hostile: ScriptServer
) -> None:
    graph.route("GET", "/v1.0/me/drive/items/1/content",
                Reply(302, {"Location": hostile.url("/download/abc?tempauth=xyz")}))
    hostile.route("GET", "/download/abc", Reply(200, {"Content-Type": "application/octet-stream"},
                                                body=b"file bytes"))
    sink = io.BytesIO()
    assert download(con, "me/drive/items/1/content", sink) == 10
    assert sink.getvalue() == b"file bytes"
    assert graph.requests[0].headers["authorization"].startswith("Bearer ")
    assert_no_token(hostile)


def test_redirect_to_plain_http_off_loopback_is_refused(
    con: Connection, graph: ScriptServer
) -> None:
    graph.route("GET", "/v1.0/me/drive/items/1/content",
                Reply(302, {"Location": "http://download.example/abc"}))
    with pytest.raises(UnsafeURLError):
        download(con, "me/drive/items/1/content", io.BytesIO())


def test_monitor_location_on_another_origin_is_polled_without_token(
    con: Connection, hostile: ScriptServer
) -> None:
    hostile.route("GET", "/monitor/op-1", Reply(200, body={"status": "inProgress"}))
    operation = AsyncOperation(con, hostile.url("/monitor/op-1"), DriveItem, {"resource": "me"})
    assert operation.status()["status"] == "inProgress"
    assert_no_token(hostile)


def test_token_requests_go_only_to_the_authority(graph: ScriptServer, hostile: ScriptServer) -> None:
    manager = TokenManager(("app", "app-secret"), auth_flow_type="credentials", tenant_id="t1",
                           authority_host=graph.base_url, token_backend=MemoryTokenBackend())
    manager.endpoints["token"] = hostile.url("/t1/oauth2/v2.0/token")  # tampered with
    with pytest.raises(UnsafeURLError, match="token request"):
        manager.request_token(None)
    assert hostile.requests == []
