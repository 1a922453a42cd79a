"""Create, read, update (PATCH merges), delete, over HTTP; SQLite persistence across runs."""

from __future__ import annotations

from pathlib import Path

import requests

from generated.o365.emulator import EmulatorServer

from .conftest import Graph, assert_envelope, user_token

NEW_USER = {
    "accountEnabled": True, "displayName": "Test Person", "mailNickname": "test",
    "userPrincipalName": "test@contoso.onmicrosoft.com",
    "passwordProfile": {"password": "Secret-123!", "forceChangePasswordNextSignIn": False},
}


def test_user_lifecycle(app_graph: Graph) -> None:
    created = app_graph.post("users", json=NEW_USER)
    assert created.status_code == 201
    user = created.json()
    assert "passwordProfile" not in user and "Secret-123!" not in created.text
    assert app_graph.patch(f"users/{user['id']}", json={"jobTitle": "Tester"}).status_code == 204
    fetched = app_graph.get("users/test@contoso.onmicrosoft.com?$select=jobTitle,displayName")
    assert fetched.json()["jobTitle"] == "Tester"
    assert fetched.json()["displayName"] == "Test Person"  # PATCH merged, did not replace
    assert_envelope(app_graph.patch(f"users/{user['id']}", json={"createdDateTime": "x"}), 400,
                    "Request_BadRequest")
    assert app_graph.delete(f"users/{user['id']}").status_code == 204
    assert_envelope(app_graph.get(f"users/{user['id']}"), 404, "Request_ResourceNotFound")


def test_outlook_items_live_in_their_mailbox_and_folder(server: EmulatorServer,
                                                        me_graph: Graph) -> None:
    inbox = me_graph.post("me/mailFolders", json={"displayName": "Inbox"}).json()
    other = me_graph.post("me/mailFolders", json={"displayName": "Other"}).json()
    assert len(inbox["id"]) > 100 and inbox["id"].endswith("=")  # Outlook-like ids
    item = me_graph.post(f"me/mailFolders/{inbox['id']}/messages",
                         json={"subject": "Hi", "categories": ["Blue"]})
    assert item.status_code == 201
    message = item.json()
    assert message["parentFolderId"] == inbox["id"] and message["createdDateTime"].endswith("Z")
    assert [m["id"] for m in me_graph.get(f"me/mailFolders/{inbox['id']}/messages").json()[
        "value"]] == [message["id"]]
    assert me_graph.get(f"me/mailFolders/{other['id']}/messages").json()["value"] == []
    assert me_graph.get("me/messages").json()["value"][0]["subject"] == "Hi"
    # Another user's token cannot reach Adele's item through /me.
    megan = Graph(server, user_token(server, "megan@contoso.onmicrosoft.com"))
    assert_envelope(megan.get(f"me/messages/{message['id']}"), 404, "ErrorItemNotFound")
    # The alias of a folder works like its id.
    server.store.add_alias("microsoft.graph.outlookTaskFolder", server.user_scope(
        "adele@contoso.onmicrosoft.com"), "inbox", inbox["id"])
    assert len(me_graph.get("me/mailFolders/inbox/messages").json()["value"]) == 1
    assert me_graph.delete(f"me/messages/{message['id']}").status_code == 204
    assert me_graph.get("me/mailFolders/inbox/messages").json()["value"] == []


def test_sqlite_persistence(specs_dir: Path, tmp_path: Path) -> None:
    data = tmp_path / "tenant.sqlite"
    with EmulatorServer(seed=3, data=data, specs_dir=specs_dir) as first:
        graph = Graph(first, user_token(first))
        folder = graph.post("me/mailFolders", json={"displayName": "Kept"}).json()
        graph.patch("me", json={"jobTitle": "Chief Persistence Officer"})
        deleted = first.store.get("microsoft.graph.user", "grady@contoso.onmicrosoft.com")
        assert deleted is not None
        first.store.delete(deleted)
    with EmulatorServer(seed=99, data=data, specs_dir=specs_dir) as second:
        graph = Graph(second, user_token(second))  # identities re-registered from the file
        assert graph.get(f"me/mailFolders/{folder['id']}").json()["displayName"] == "Kept"
        me = graph.get("me?$select=jobTitle").json()
        assert me["jobTitle"] == "Chief Persistence Officer"
        assert graph.get("users/grady@contoso.onmicrosoft.com").status_code == 404
        manager = graph.get("users/alex@contoso.onmicrosoft.com/manager").json()
        assert manager["displayName"] == "Megan Bowen"


def test_same_seed_same_tenant(specs_dir: Path) -> None:
    ids = []
    for _ in range(2):
        with EmulatorServer(seed=5, specs_dir=specs_dir) as server:
            record = server.store.get("microsoft.graph.user", "adele@contoso.onmicrosoft.com")
            assert record is not None
            ids.append((record.id, record.data["businessPhones"]))
    assert ids[0] == ids[1]


def test_keep_alive_reuses_the_connection(server: EmulatorServer) -> None:
    session = requests.Session()
    session.headers["Authorization"] = f"Bearer {user_token(server)}"
    sockets = set()
    for _ in range(3):
        reply = session.get(server.graph_url + "me", timeout=10, stream=True)
        sockets.add(id(reply.raw._connection.sock))  # the pooled connection's socket
        assert reply.content
    assert len(sockets) == 1
