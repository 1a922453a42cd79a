"""Issue 13, point 6: downloads are complete, and server names stay inside the destination.

Over real sockets. Before the fix a close-delimited download cut at half was returned as a
complete file (the item's known size was not passed), attachment names ``..`` / ``.`` put
the temporary file in the parent folder and aborted ``download_all``, and two attachments
with the same name silently overwrote each other.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from generated.o365._runtime.connection import Connection
from generated.o365._runtime.download import UniqueNames, local_name
from generated.o365._runtime.errors import IncompleteDownloadError
from generated.o365.emulator import EmulatorServer
from generated.o365.storage.file import File
from tests.security.conftest import new_draft
from tests.support import Reply, ScriptServer

CONTENT = bytes(range(256)) * 4  # 1,024 bytes


def a_file(con: Connection, size: int) -> File:
    return File._factory(con, {"resource": "me", "drive_id": "d1"})(
        {"id": "f1", "name": "report.bin", "size": size, "file": {}})


def cut_close_delimited(body: bytes, keep: int) -> Reply:
    """A 200 with no Content-Length whose connection closes after ``keep`` body bytes."""
    head = len(Reply(200, {"Content-Type": "application/octet-stream"}, body=body,
                     close_delimited=True).encode()) - len(body)
    return Reply(200, {"Content-Type": "application/octet-stream"}, body=body,
                 close_delimited=True, drop_after=head + keep)


def test_a_close_delimited_download_cut_short_is_an_error(
    con: Connection, graph: ScriptServer, tmp_path: Path
) -> None:
    graph.route("GET", "/v1.0/drives/d1/items/f1/content", cut_close_delimited(CONTENT, 512))
    target = tmp_path / "report.bin"
    with pytest.raises(IncompleteDownloadError, match="ended after 512 of the expected 1024"):
        a_file(con, len(CONTENT)).download(target)
    assert list(tmp_path.iterdir()) == []  # nothing half-written, no temporary file left


def test_a_whole_close_delimited_download_is_accepted(
    con: Connection, graph: ScriptServer, tmp_path: Path
) -> None:
    graph.route("GET", "/v1.0/drives/d1/items/f1/content",
                Reply(200, body=CONTENT, close_delimited=True))
    assert a_file(con, len(CONTENT)).download(tmp_path / "report.bin") == len(CONTENT)
    assert (tmp_path / "report.bin").read_bytes() == CONTENT


def test_a_stale_size_does_not_fail_a_framed_download(
    con: Connection, graph: ScriptServer, tmp_path: Path
) -> None:
    """With Content-Length the server's own framing decides (the object's size may be old)."""
    graph.route("GET", "/v1.0/drives/d1/items/f1/content", Reply(200, body=CONTENT[:100]))
    assert a_file(con, len(CONTENT)).download(tmp_path / "report.bin") == 100


def test_download_all_keeps_every_attachment_inside_the_folder(
    emulator: EmulatorServer, tmp_path: Path
) -> None:
    draft = new_draft(emulator, "names")
    for name, data in (("..", b"dots"), (".", b"dot"), ("report.pdf", b"first"),
                       ("REPORT.pdf", b"second"), ("../../evil.txt", b"evil"),
                       ("sub\\..\\x.txt", b"back"), ("CON", b"device")):
        draft.attachments.add(data, name)
    draft.save()
    out = tmp_path / "inbox" / "out"
    written = draft.attachments.download_all(out)
    assert len(written) == 7
    assert all(Path(p).parent == out for p in written)
    assert list((tmp_path / "inbox").iterdir()) == [out]  # nothing next to the folder
    assert not (tmp_path / "evil.txt").exists()
    contents = sorted(Path(p).read_bytes() for p in written)
    assert contents == sorted([b"dots", b"dot", b"first", b"second", b"evil", b"back",
                               b"device"])  # none overwrote another
    names = sorted(Path(p).name for p in written)
    assert "REPORT (2).pdf" in names and "evil.txt" in names and "_CON" in names


def test_local_name_rules() -> None:
    assert local_name("..", "AAMk/x") == "x"
    assert local_name(".", "id-1") == "id-1"
    assert local_name("", "") == "download"
    assert local_name("a/../b.txt", "id") == "b.txt"
    assert local_name("q?:*<>|.doc", "id") == "q______.doc"
    assert local_name("trailing. . ", "id") == "trailing"
    assert local_name("x" * 300 + ".pdf", "id").endswith(".pdf")
    assert len(local_name("é" * 300, "id").encode()) <= 255
    assert local_name("\ud800.txt", "id") == "_.txt"
    unique = UniqueNames()
    assert [unique(n) for n in ("a.pdf", "A.pdf", "a.pdf", "b")] == [
        "a.pdf", "A (2).pdf", "a (3).pdf", "b"]


def test_download_contents_makes_server_names_safe(
    con: Connection, graph: ScriptServer, tmp_path: Path
) -> None:
    from generated.o365.storage.folder import Folder

    folder = Folder._factory(con, {"resource": "me", "drive_id": "d1"})(
        {"id": "root", "name": "root", "folder": {}})
    graph.route("GET", "/v1.0/drives/d1/items/root/children", Reply(200, body={"value": [
        {"id": "i1", "name": "..", "size": 2, "file": {}},
        {"id": "i2", "name": "../escape.txt", "size": 2, "file": {}},
        {"id": "i3", "name": "Escape.txt", "size": 2, "file": {}},
    ]}))
    for item in ("i1", "i2", "i3"):
        graph.route("GET", f"/v1.0/drives/d1/items/{item}/content", Reply(200, body=item.encode()))
    written = folder.download_contents(tmp_path / "out")
    assert sorted(Path(p).name for p in written) == ["Escape (2).txt", "escape.txt", "i1"]
    assert list(tmp_path.iterdir()) == [tmp_path / "out"]
