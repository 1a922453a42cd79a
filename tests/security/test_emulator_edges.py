"""Issue 13, point 11: the emulator's faults reach every path, and odd text gets Graph's 400.

Before the fix ``/_emulator/*`` paths (upload sessions, content downloads, monitors) returned
before faults applied, so transfer resilience could not be tested against it, and a lone
surrogate in a JSON body made it answer 500 (after storing the item).
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
import requests

from emulator import EmulatorServer
from tests.security.conftest import PATTI, emulator_account


def test_faults_reach_upload_and_download_urls(emulator: EmulatorServer, tmp_path: Path) -> None:
    account, sent = emulator_account(emulator, PATTI)
    folder = account.storage().get_default_drive().get_root_folder()
    item = folder.upload_file(io.BytesIO(b"x" * 5000), "small.bin")
    session = emulator.transfers.create_session(10, lambda content: (201, {}, b""))
    emulator.faults.set(unavailable_every=1, path_contains="/_emulator/")
    answer = requests.put(session["uploadUrl"], data=b"0123456789", timeout=10,
                          headers={"Content-Range": "bytes 0-9/10"})
    assert answer.status_code == 503 and answer.headers["Retry-After"]
    emulator.faults.clear()
    emulator.faults.set(drop_every=1, path_contains="/_emulator/content/")
    with pytest.raises(requests.exceptions.RequestException):
        item.download(tmp_path / "small.bin")
    assert emulator.faults.injected["drop_every"] == 1
    assert not (tmp_path / "small.bin").exists()
    # the control endpoints themselves are never faulted
    emulator.faults.clear()
    emulator.faults.set(unavailable_every=1)
    assert requests.get(f"{emulator.url}_emulator/health", timeout=10).status_code == 200
    assert requests.delete(f"{emulator.url}_emulator/faults", timeout=10).status_code == 200
    assert item.download(tmp_path / "small.bin") == 5000


@pytest.mark.parametrize("body", [
    b'{"subject": "\\ud800 alone"}',          # an escaped lone surrogate
    b'{"subject": "\xed\xa0\x80"}',          # a surrogate encoded in (invalid) UTF-8
    b'{"subject": "ok", "\\udc80": 1}',       # in a key
])
def test_a_lone_surrogate_gets_400_and_stores_nothing(emulator: EmulatorServer,
                                                       body: bytes) -> None:
    account, _ = emulator_account(emulator, PATTI)
    token = account.con.token_provider.get_access_token()  # type: ignore[union-attr]
    before = emulator.store.version
    answer = requests.post(f"{emulator.graph_url}users/{PATTI}/messages", data=body, timeout=10,
                           headers={"Authorization": f"Bearer {token}",
                                    "Content-Type": "application/json"})
    assert answer.status_code == 400
    assert answer.json()["error"]["code"] == "BadRequest"
    assert emulator.store.version == before
