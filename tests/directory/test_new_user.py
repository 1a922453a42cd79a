"""`directory().new_user()` then `save()` creates the user (POST /users).

The cassette is Microsoft's documented example (tests/directory/cassettes/user_create.yaml,
from api-reference/v1.0/api/user-post-users.md); the end-to-end test runs the same steps
against the emulator over real sockets.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
import vcr

from generated.o365 import Account, MSGraphProtocol, NotFoundError, PasswordProfile
from generated.o365._runtime.connection import Connection
from generated.o365.directory.directory import Directory
from generated.o365.emulator import EmulatorServer

CASSETTES = Path(__file__).parent / "cassettes"


@pytest.fixture
def graph_con(json_decoder: str) -> Iterator[Connection]:
    """A Connection to the real Graph host, used only with the cassette (never the network).
    Once with each JSON decoder (tests/conftest.py).
    """
    with Connection(protocol=MSGraphProtocol(timezone="UTC")) as con:
        yield con


def test_new_user_save_sends_the_documented_request(graph_con: Connection) -> None:
    user = Directory(graph_con, "me").new_user()
    user.account_enabled = True
    user.display_name = "Adele Vance"
    user.mail_nickname = "AdeleV"
    user.user_principal_name = "AdeleV@contoso.onmicrosoft.com"
    user.password_profile = PasswordProfile(force_change_password_next_sign_in=True, password="xWwvJ]6NMw+bWH-d")
    recorder = vcr.VCR(cassette_library_dir=str(CASSETTES), record_mode="none")
    with recorder.use_cassette("user_create.yaml", match_on=["method", "uri"]) as played:
        assert user.save() is True
    assert played.all_played
    (request,) = played.requests
    documented = json.loads(played.data[0][0].body)
    assert json.loads(request.body) == documented
    assert user.object_id == "87d349ed-44d7-43e1-9a83-5f2406dee5bd"
    assert user.job_title == "Product Marketing Manager"
    assert "xWwvJ" not in repr(user)
    assert not user.is_dirty


def test_new_user_save_creates_it_in_the_emulator() -> None:
    with EmulatorServer(seed=5) as server:
        account = Account((server.client_id, server.client_secret), auth_flow_type="credentials",
                          tenant_id=server.tenant_id, protocol=MSGraphProtocol(protocol_url=server.url),
                          authority_host=server.url.rstrip("/"))
        assert account.authenticate()
        directory = account.directory(resource=server.users[0])  # app-only: any user
        user = directory.new_user()
        user.account_enabled = True
        user.display_name = "Nestor Wilke"
        user.mail_nickname = "nestorw"
        user.user_principal_name = "nestorw@contoso.onmicrosoft.com"
        user.password_profile = PasswordProfile(force_change_password_next_sign_in=False, password="Secret-123!")
        assert user.save() is True
        assert user.object_id
        found = directory.get_user("nestorw@contoso.onmicrosoft.com")
        assert found.object_id == user.object_id and found.display_name == "Nestor Wilke"
        user.job_title = "Engineer"
        assert user.save() is True  # the second save is a PATCH of what changed
        assert directory.get_user(user.object_id).job_title == "Engineer"
        assert user.delete() is True
        with pytest.raises(NotFoundError):
            directory.get_user(user.object_id)
