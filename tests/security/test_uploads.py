"""Issue 13, point 4: losing the answer to the last upload fragment does not upload twice.

The emulator completes the upload, then hangs up instead of answering (``drop_every`` on
the upload URLs, now that faults reach them). A complete session is gone, so its status GET
says 404 (drive) just as an expired one would. Before the fix the client then started a new
session: a second drive file under ``rename``, a ``ConflictError`` under ``fail`` for an
upload that succeeded, a second Outlook attachment. Now it reconciles first (name, size and,
where Graph gives them, content hashes: driveitem-createuploadsession.md,
attachment-createuploadsession.md, GRAPH_FACTS §5).
"""

from __future__ import annotations

import base64
import io
from pathlib import Path
from typing import Any

import pytest

from generated.o365._runtime.connection import Connection
from generated.o365._runtime.hashes import QuickXorHash, content_hashes
from generated.o365._runtime.upload import SessionRequest, upload_session
from generated.o365.emulator import EmulatorServer
from tests.security.conftest import PATTI, emulator_account, new_draft
from tests.support import Reply, ScriptServer

MIB = 1024 * 1024
FRAGMENT = 327_680 * 4  # 1.25 MiB: a 5 MiB file goes in 4 fragments


def drop_the_last_answer(emulator: EmulatorServer, requests_to_upload_urls: int) -> None:
    """The n-th request to an upload URL (the last fragment) is processed, then not answered."""
    emulator.faults.set(drop_every=requests_to_upload_urls, path_contains="/_emulator/upload/")


@pytest.mark.parametrize("conflict", ["fail", "rename", "replace"])
def test_drive_upload_whose_last_answer_is_lost_is_not_duplicated(
    emulator: EmulatorServer, tmp_path: Path, conflict: str
) -> None:
    account, sent = emulator_account(emulator, PATTI)
    folder = account.storage().get_default_drive().get_root_folder()
    source = tmp_path / "report.bin"
    source.write_bytes(bytes(range(256)) * (5 * MIB // 256))
    drop_the_last_answer(emulator, 4)
    item = folder.upload_file(source, "report.bin", conflict_handling=conflict,
                              fragment_size=FRAGMENT)
    emulator.faults.clear()
    assert emulator.faults.injected["drop_every"] == 1  # the last answer was really lost
    assert item.name == "report.bin" and item.size == 5 * MIB
    names = sorted(child.name for child in folder.get_items())
    assert names.count("report.bin") == 1 and not any(n.startswith("report ") for n in names)
    assert sum("createUploadSession" in target for _, target in sent.targets) == 1


def test_outlook_attachment_whose_last_answer_is_lost_is_not_duplicated(
    emulator: EmulatorServer, tmp_path: Path
) -> None:
    draft = new_draft(emulator, "numbers")
    draft.save()
    payload = tmp_path / "numbers.bin"
    payload.write_bytes(b"n" * (6 * MIB))  # two chunks of at most 4 MiB
    draft.attachments.add(payload)
    drop_the_last_answer(emulator, 2)
    draft.save()  # uploads the pending attachment
    emulator.faults.clear()
    assert emulator.faults.injected["drop_every"] == 1
    attachments = list(iter(draft.attachments))
    assert [a.name for a in attachments] == ["numbers.bin"]


def test_a_session_that_only_expired_starts_again(con: Connection, graph: ScriptServer) -> None:
    """No item matches (different size): a new session uploads the file, as before."""
    sessions: list[str] = []

    def create(_request: Any) -> Reply:
        sessions.append(graph.url(f"/up/{len(sessions)}"))
        return Reply(200, body={"uploadUrl": sessions[-1]})

    graph.route("POST", "/v1.0/me/drive/root:/a.bin:/createUploadSession", create)
    graph.route("PUT", "/up/0", Reply(200, drop_after=0))  # the last fragment: no answer
    graph.route("GET", "/up/0", Reply(404, body={"error": {"code": "itemNotFound"}}))
    graph.route("GET", "/v1.0/me/drive/root:/a.bin:", Reply(200, body={"name": "a.bin", "size": 3}))
    graph.route("PUT", "/up/1", Reply(201, body={"id": "new", "name": "a.bin", "size": 10}))
    result = upload_session(con, SessionRequest("me/drive/root:/a.bin:", {"name": "a.bin"}),
                            io.BytesIO(b"0123456789"), backoff=0)
    assert result["id"] == "new" and len(sessions) == 2


@pytest.mark.parametrize("matching", [True, False])
def test_reconciliation_compares_the_hashes_graph_gives(
    con: Connection, graph: ScriptServer, matching: bool
) -> None:
    content = b"0123456789" * 1000
    hashes = content_hashes([content]) if matching else {"quickXorHash": "AAAAAAAAAAAAAAAAAAAAAAAAAAA="}
    graph.route("POST", "/v1.0/me/drive/root:/h.bin:/createUploadSession",
                Reply(200, body={"uploadUrl": graph.url("/up/h")}))
    graph.route("PUT", "/up/h", Reply(200, drop_after=0))
    graph.route("GET", "/up/h", Reply(404, body={"error": {"code": "itemNotFound"}}))
    graph.route("GET", "/v1.0/me/drive/root:/h.bin:", Reply(200, body={
        "id": "existing", "name": "h.bin", "size": len(content), "file": {"hashes": hashes}}))
    request = SessionRequest("me/drive/root:/h.bin:", {"name": "h.bin"})
    if matching:
        assert upload_session(con, request, io.BytesIO(content), backoff=0)["id"] == "existing"
    else:  # the item there is another file: start again (and here fail again, bounded)
        with pytest.raises(Exception, match="upload"):
            upload_session(con, request, io.BytesIO(content), backoff=0, max_resumes=1)


def test_quick_xor_hash_matches_published_vectors() -> None:
    """Test vectors published with rclone's OneDrive backend (quickxorhash_test.go)."""
    vectors = {
        "": "AAAAAAAAAAAAAAAAAAAAAAAAAAA=",
        "Sg==": "SgAAAAAAAAAAAAAAAQAAAAAAAAA=",
        "T6LYJIfDh81JrAK309H2JMJTXis=": "zBTHrspn3mEcohlJdIUAbjGNaNg=",
        "DWAAX5/CIfrmErgZa8ot6ZraeSbu": "LR2Z0PjuRYGKQB/mhQAuMrAGZbQ=",
    }
    for given, expected in vectors.items():
        data = base64.b64decode(given)
        whole, pieces = QuickXorHash(), QuickXorHash()
        whole.update(data)
        for start in range(0, len(data), 3):
            pieces.update(data[start:start + 3])
        assert whole.b64digest() == pieces.b64digest() == expected
    big = bytes(range(251)) * 10_000  # crosses the internal 655,360-byte chunk
    split = QuickXorHash()
    for start in range(0, len(big), 100_003):
        split.update(big[start:start + 100_003])
    whole = QuickXorHash()
    whole.update(big)
    assert split.digest() == whole.digest()
