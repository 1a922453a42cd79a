"""Upload sessions with Graph's fragment rules, and downloads via a pre-authenticated URL."""

from __future__ import annotations

import hashlib
import os
from typing import Any

import pytest
import requests

from generated.o365.emulator import EmulatorServer
from generated.o365.emulator.behaviours import ActionContext, Response, behaviour
from generated.o365.emulator.errors import GraphError
from generated.o365.emulator.transfers import FRAGMENT_MULTIPLE

from .conftest import Graph, assert_envelope, user_token

KIB320 = FRAGMENT_MULTIPLE
FILE = "microsoft.graph.listItem"  # served only by the test-only TestFile spec
SEEN: list[tuple[str, Any]] = []  # what the write hooks saw, reset by each test


@behaviour(FILE, "@updating")
def before_replace(ctx: ActionContext) -> Response:
    assert ctx.target is not None and isinstance(ctx.body, dict)
    content = ctx.extra.get("content")
    if content == b"refused":
        raise GraphError(400, "invalidRequest", "This content is refused.")
    SEEN.append(("@updating", (ctx.target.data.get("size"), content, dict(ctx.body))))
    ctx.body["file"] = {"replaced": True}  # hooks may add to the changes before the write
    return 200, {}, b""


@behaviour(FILE, "@updated")
def after_replace(ctx: ActionContext) -> Response:
    assert ctx.target is not None
    SEEN.append(("@updated", (ctx.target.data.get("size"), ctx.target.data.get("file"))))
    return 200, {}, b""


@pytest.fixture(autouse=True)
def _fresh_seen() -> None:
    SEEN.clear()


def put(url: str, data: bytes, start: int, total: int, **headers: str) -> requests.Response:
    end = start + len(data) - 1
    return requests.put(url, data=data, timeout=30,
                        headers={"Content-Range": f"bytes {start}-{end}/{total}", **headers})


def make_root(server: EmulatorServer) -> None:
    scope = server.user_scope("adele@contoso.onmicrosoft.com")
    root = server.store.insert("microsoft.graph.listItem", scope, {"name": "root"})
    server.store.add_alias("microsoft.graph.listItem", scope, "root", root.id)


def test_upload_session_and_download(server: EmulatorServer, me_graph: Graph) -> None:
    make_root(server)
    content = os.urandom(3 * KIB320 + 1234)
    total = len(content)
    session = me_graph.post("me/drive/items/root:/report.bin:/createUploadSession",
                            json={"item": {"name": "report.bin", "fileSize": total}})
    assert session.status_code == 200
    url = session.json()["uploadUrl"]
    assert url.startswith(server.url) and session.json()["nextExpectedRanges"] == ["0-"]
    # A work account's OneDrive ignores a bearer token sent along (the docs: it *may* 401).
    assert_envelope(put(url, content[:1000], 0, total, Authorization="Bearer x"), 400,
                    "invalidRange")  # not a multiple of 320 KiB
    first = put(url, content[:2 * KIB320], 0, total)
    assert first.status_code == 202
    assert first.json()["nextExpectedRanges"] == [f"{2 * KIB320}-"]
    assert_envelope(put(url, content[KIB320:2 * KIB320], KIB320, total), 416, "fragmentOverlap")
    status = requests.get(url, timeout=10).json()
    assert status["nextExpectedRanges"] == [f"{2 * KIB320}-"]
    done = put(url, content[2 * KIB320:], 2 * KIB320, total)
    assert done.status_code == 201
    item = done.json()
    assert item["name"] == "report.bin" and item["size"] == total
    assert_envelope(requests.get(url, timeout=10), 404, "itemNotFound")  # session is gone
    link = me_graph.get(f"me/drive/items/{item['id']}/content", allow_redirects=False)
    assert link.status_code == 302
    location = link.headers["Location"]
    downloaded = requests.get(location, timeout=30)  # no Authorization: pre-authenticated
    assert hashlib.sha256(downloaded.content).digest() == hashlib.sha256(content).digest()
    part = requests.get(location, headers={"Range": "bytes=10-19"}, timeout=10)
    assert part.status_code == 206 and part.content == content[10:20]
    assert part.headers["Content-Range"] == f"bytes 10-19/{total}"


def content_of(graph: Graph, item_id: str) -> bytes:
    link = graph.get(f"me/drive/items/{item_id}/content", allow_redirects=False)
    assert link.status_code == 302, link.text
    return requests.get(link.headers["Location"], timeout=30).content


def test_new_content_for_an_existing_item_is_an_update(server: EmulatorServer,
                                                       me_graph: Graph) -> None:
    """PUT {item}/content and a session opened on {item} replace that item's content (same
    id, no new child) through the type's @updating/@updated hooks, like a PATCH."""
    make_root(server)
    made = me_graph.call("PUT", "me/drive/items/root:/a.txt:/content", data=b"hello")
    assert made.status_code == 201 and SEEN == []  # a new item is a create, not an update
    item = f"me/drive/items/{made.json()['id']}"
    count = len(server.store.items(FILE, server.user_scope("adele@contoso.onmicrosoft.com")))
    replaced = me_graph.call("PUT", f"{item}/content", data=b"hello, world")
    assert replaced.status_code == 200, replaced.text
    assert replaced.json()["id"] == made.json()["id"] and replaced.json()["size"] == 12
    assert SEEN == [("@updating", (5, b"hello, world", {"size": 12})),
                    ("@updated", (12, {"replaced": True}))]
    assert content_of(me_graph, made.json()["id"]) == b"hello, world"
    assert_envelope(me_graph.call("PUT", f"{item}/content", data=b"refused"), 400,
                    "invalidRequest")
    assert content_of(me_graph, made.json()["id"]) == b"hello, world"  # nothing was written
    stale = me_graph.call("PUT", f"{item}/content", data=b"x", headers={"If-Match": 'W/"old"'})
    assert stale.status_code == 412, stale.text
    SEEN.clear()
    big = os.urandom(KIB320 + 7)
    session = me_graph.post(f"{item}/createUploadSession", json={"item": {}})
    assert session.status_code == 200, session.text
    assert put(session.json()["uploadUrl"], big[:KIB320], 0, len(big)).status_code == 202
    assert SEEN == []  # nothing changes before the last fragment
    done = put(session.json()["uploadUrl"], big[KIB320:], KIB320, len(big))
    assert done.status_code == 200, done.text
    assert done.json()["id"] == made.json()["id"] and done.json()["size"] == len(big)
    assert [name for name, _ in SEEN] == ["@updating", "@updated"]
    assert content_of(me_graph, made.json()["id"]) == big
    scope = server.user_scope("adele@contoso.onmicrosoft.com")
    assert len(server.store.items(FILE, scope)) == count  # no child was inserted


def test_simple_upload_and_session_cancel(server: EmulatorServer, me_graph: Graph) -> None:
    assert_envelope(me_graph.call("PUT", "me/drive/items/root:/note.txt:/content", data=b"x"),
                    404, "itemNotFound")
    make_root(server)
    made = me_graph.call("PUT", "me/drive/items/root:/note.txt:/content", data=b"hello")
    assert made.status_code == 201 and made.json()["size"] == 5
    session = server.transfers.create_session(10, lambda data: (201, {}, data))
    url = session["uploadUrl"]
    assert requests.delete(url, timeout=10).status_code == 204
    assert put(url, b"0123456789", 0, 10).status_code == 404


def test_fragment_rules(server: EmulatorServer) -> None:
    received: list[bytes] = []

    def finish(data: bytes) -> tuple[int, dict[str, str], bytes]:
        received.append(data)
        return 201, {"Content-Type": "application/json"}, b"{}"

    url = server.transfers.create_session(2 * KIB320, finish)["uploadUrl"]
    assert_envelope(put(url, b"x" * KIB320, KIB320, 2 * KIB320), 400, "fragmentOutOfOrder")
    assert_envelope(put(url, b"x" * KIB320, 0, 3 * KIB320), 400, "invalidRange")
    bad_length = requests.put(url, data=b"x" * 10, timeout=10,
                              headers={"Content-Range": f"bytes 0-{KIB320 - 1}/{2 * KIB320}"})
    assert_envelope(bad_length, 400, "fragmentLengthMismatch")
    assert put(url, b"a" * KIB320, 0, 2 * KIB320).status_code == 202
    assert put(url, b"b" * KIB320, KIB320, 2 * KIB320).status_code == 201
    assert received == [b"a" * KIB320 + b"b" * KIB320]
    outlook = server.transfers.create_session(5 * 1024 * 1024, finish, kind="outlook")
    big = put(outlook["uploadUrl"], b"z" * (4 * 1024 * 1024 + 1), 0, 5 * 1024 * 1024)
    assert_envelope(big, 413, "maxFragmentLengthExceeded")
    part = put(outlook["uploadUrl"], b"z" * 1000, 0, 5 * 1024 * 1024)
    assert part.status_code == 200 and part.json()["nextExpectedRanges"] == ["1000"]


def test_outlook_attachment_session_any_casing_no_320_kib_rule() -> None:
    """attachment-createuploadsession.md and outlook-large-attachments.md: 201 with the
    session, the attachment's name and size kept, fragments of any size up to 4 MiB, and
    no Authorization header on the pre-authenticated URL. python-o365 sends
    `attachmentItem`; Microsoft's examples `AttachmentItem`."""
    with EmulatorServer(seed=5) as server:
        me = Graph(server, user_token(server))
        draft = me.post("me/messages", json={"subject": "with a large attachment"}).json()
        content = os.urandom(3 * 1024 * 1024 + 1000)
        total = len(content)
        for key in ("attachmentItem", "AttachmentItem"):
            session = me.post(f"me/messages/{draft['id']}/attachments/createUploadSession",
                              json={key: {"attachmentType": "file", "name": f"{key}.bin",
                                          "size": total}})
            assert session.status_code == 201, session.text
            url = session.json()["uploadUrl"]
            assert_envelope(put(url, content[:1000], 0, total, Authorization="Bearer x"), 401,
                            "InvalidAudience")
            step = 3 * 1024 * 1024  # python-o365's fragment: not a multiple of 320 KiB
            first = put(url, content[:step], 0, total)
            assert first.status_code == 200, first.text
            assert first.json()["nextExpectedRanges"] == [str(step)]
            assert put(url, content[step:], step, total).status_code == 201
        listed = me.get(f"me/messages/{draft['id']}/attachments").json()["value"]
        assert sorted((a["name"], a["size"]) for a in listed) == [
            ("AttachmentItem.bin", total), ("attachmentItem.bin", total)]
