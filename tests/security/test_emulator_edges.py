"""Issue 13, point 11: the emulator's faults reach every path, and odd text gets Graph's 400.

Before the fix ``/_emulator/*`` paths (upload sessions, content downloads, monitors) returned
before faults applied, so transfer resilience could not be tested against it, and a lone
surrogate in a JSON body made it answer 500 (after storing the item). A property test sends
odd text (lone surrogates, quotes, escapes) in queries, ids and bodies: never a 5xx.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
import requests
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generated.o365.emulator import EmulatorServer
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


@pytest.fixture(scope="module")
def shared_emulator() -> Iterator[tuple[EmulatorServer, dict[str, str]]]:
    with EmulatorServer(seed=3) as server:
        account, _ = emulator_account(server, PATTI)
        token = account.con.token_provider.get_access_token()  # type: ignore[union-attr]
        yield server, {"Authorization": f"Bearer {token}"}


odd_text = st.text(alphabet=st.characters(codec=None) | st.sampled_from(
    ["\ud800", "\udcff", "'", '"', "\\", "%", "/", "?", "#", "&", "=", "(", ")", "$"]),
    max_size=20)


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=odd_text, where=st.sampled_from(["$filter", "$select", "$orderby", "$search",
                                              "id", "subject"]))
def test_odd_text_anywhere_never_gets_a_5xx(
    shared_emulator: tuple[EmulatorServer, dict[str, str]], text: str, where: str
) -> None:
    server, auth = shared_emulator
    raw = quote(text.encode("utf-8", "surrogatepass"), safe="")
    base = f"{server.graph_url}users/{PATTI}/messages"
    if where == "subject":
        body = json.dumps({"subject": text}).encode()  # ASCII, surrogates as \\u escapes
        answer = requests.post(base, data=body, timeout=10,
                               headers={**auth, "Content-Type": "application/json"})
    elif where == "id":
        answer = requests.get(f"{base}/{raw}", headers=auth, timeout=10)
    else:
        answer = requests.get(f"{base}?{where}={raw}", headers=auth, timeout=10)
    assert answer.status_code < 500, (where, text, answer.text[:300])
