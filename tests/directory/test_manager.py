"""python-o365's `Directory.get_user_manager(user)` and `get_user_direct_reports(user)`.

The cassettes are Microsoft's documented examples, read from the emulator's copies of
api-reference/v1.0/api/user-list-manager.md and user-list-directreports.md
(tests/emulator/docs_examples/); the end-to-end test runs the same calls against the
emulator's seeded organization (Adele reports to Patti; Patti has four direct reports).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import vcr
import yaml

from generated.o365 import Account, MSGraphProtocol, User
from generated.o365._runtime.connection import Connection
from generated.o365.directory.directory import Directory
from generated.o365.emulator import EmulatorServer

DOCS = Path(__file__).resolve().parents[1] / "emulator" / "docs_examples"
GRAPH = "https://graph.microsoft.com/v1.0/"
USER_ID = "87d349ed-44d7-43e1-9a83-5f2406dee5bd"


def documented_cassette(tmp_path: Path, page: str, path: str) -> Path:
    """A one-request cassette answering `path` with the page's documented response."""
    example = json.loads((DOCS / f"{page}.json").read_text(encoding="utf-8"))
    interaction: dict[str, Any] = {
        "request": {"method": "GET", "uri": GRAPH + path, "body": None, "headers": {}},
        "response": {"status": {"code": example["status"], "message": "OK"},
                     "headers": {"Content-Type": ["application/json"]},
                     "body": {"string": json.dumps(example["response"])}},
    }
    cassette = tmp_path / f"{page}.yaml"
    cassette.write_text(f"# Source: {example['_source']}\n"
                        + yaml.safe_dump({"interactions": [interaction], "version": 1}))
    return cassette


@pytest.fixture
def directory() -> Iterator[Directory]:
    """A Directory on the real Graph host, used only with cassettes (never the network)."""
    with Connection(protocol=MSGraphProtocol(timezone="UTC")) as con:
        yield Directory(con, "me")


def play(cassette: Path) -> Any:
    recorder = vcr.VCR(cassette_library_dir=str(cassette.parent), record_mode="none")
    return recorder.use_cassette(cassette.name, match_on=["method", "path"])


def test_get_user_manager_documented(directory: Directory, tmp_path: Path) -> None:
    cassette = documented_cassette(tmp_path, "user-list-manager", f"users/{USER_ID}/manager")
    with play(cassette) as played:
        manager = directory.get_user_manager(USER_ID)
    assert played.all_played
    assert isinstance(manager, User)
    assert (manager.display_name, manager.job_title) == ("Sara Davis", "Finance VP")


def test_get_user_direct_reports_documented(directory: Directory, tmp_path: Path) -> None:
    cassette = documented_cassette(tmp_path, "user-list-directreports",
                                   f"users/{USER_ID}/directReports")
    with play(cassette) as played:
        reports = list(directory.get_user_direct_reports(USER_ID))
    assert played.all_played
    assert [r.object_id for r in reports] == ["id-value"]


def test_a_bad_user_is_refused_before_any_request(directory: Directory, tmp_path: Path) -> None:
    cassette = documented_cassette(tmp_path, "user-list-manager", f"users/{USER_ID}/manager")
    with play(cassette) as played, pytest.raises((TypeError, ValueError)):
        directory.get_user_manager("")
    assert played.play_count == 0


def test_manager_and_reports_in_the_emulator() -> None:
    with EmulatorServer(seed=5) as server:
        account = Account((server.client_id, server.client_secret), auth_flow_type="credentials",
                          tenant_id=server.tenant_id, protocol=MSGraphProtocol(protocol_url=server.url),
                          authority_host=server.url.rstrip("/"))
        assert account.authenticate()
        directory = account.directory(resource=server.users[0])
        adele = directory.get_user("adele@contoso.onmicrosoft.com")
        patti = directory.get_user_manager(adele)                    # a User object
        assert patti.user_principal_name == "patti@contoso.onmicrosoft.com"
        reports = directory.get_user_direct_reports(patti.object_id)  # or an id
        assert {u.given_name for u in reports} == {"Megan", "Adele", "Lee", "Nestor"}
        assert [u.object_id for u in adele.get_direct_reports()] == []
