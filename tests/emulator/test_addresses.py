"""Every address Graph documents for a drive or an item leads to it (spec `emulator.addresses`
and OneDrive's path addressing; driveitem-get.md, drive-get.md list them side by side)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from generated.o365.emulator import EmulatorServer

from .fidelity import Caller, signed_in

ADELE = "adele@contoso.onmicrosoft.com"


@pytest.fixture(scope="module")
def server() -> Iterator[EmulatorServer]:
    with EmulatorServer(seed=41) as emulator:
        yield emulator


@pytest.fixture(scope="module")
def adele(server: EmulatorServer) -> Caller:
    return signed_in(server, ADELE)


def test_a_drive_at_each_of_its_addresses(adele: Caller) -> None:
    drive = adele.get("me/drive")
    user = adele.get("me")["id"]
    for path in (f"users/{ADELE}/drive", f"users/{user}/drive", f"users/{user}/drives/{drive['id']}",
                 f"drives/{drive['id']}"):
        assert adele.get(path)["id"] == drive["id"], path
    # A group or site the tenant does not have: its drive is not found (not a bad URL).
    reply = adele.call("GET", "groups/02bd9fd6-8f93-4758-87c3-1fb73740a315/drive")
    assert reply.status_code == 404, reply.text


def test_an_item_at_each_of_its_addresses(adele: Caller) -> None:
    drive = adele.get("me/drive")["id"]
    documents = adele.get("me/drive/root:/Documents:")
    for path in ("me/drive/root:/Documents", f"users/{ADELE}/drive/root:/Documents:",
                 f"drives/{drive}/root:/Documents", f"drives/{drive}/items/root:/Documents:",
                 f"me/drive/items/{documents['id']}", f"drives/{drive}/items/{documents['id']}"):
        assert adele.get(path)["id"] == documents["id"], path
    root = adele.get("me/drive/root")
    for path in ("me/drive/items/root", f"drives/{drive}/items/root", f"drives/{drive}/root"):
        assert adele.get(path)["id"] == root["id"], path
    names = {i["name"] for i in adele.get(f"drives/{drive}/items/root/children")["value"]}
    assert "Documents" in names
    assert adele.call("GET", "me/drive/root:/Documents/Nowhere").status_code == 404


def test_every_operation_works_at_the_other_addresses(adele: Caller) -> None:
    """Writes too: create under /me/drive/root, upload by path, rename through /users/..."""
    folder = adele.ok("POST", "me/drive/root/children", 201,
                      json={"name": "Addresses", "folder": {}})
    put = adele.call("PUT", "me/drive/root:/Addresses/a.txt:/content", data=b"one")
    assert put.status_code == 201, put.text
    again = adele.call("PUT", "me/drive/root:/Addresses/a.txt:/content", data=b"two")
    assert (again.status_code, again.json()["id"]) == (200, put.json()["id"])  # replaced
    renamed = adele.ok("PATCH", f"users/{ADELE}/drive/items/{put.json()['id']}",
                       json={"name": "b.txt"})
    assert renamed["name"] == "b.txt"
    listed = adele.get(f"me/drive/items/{folder['id']}/children")["value"]
    assert [i["name"] for i in listed] == ["b.txt"]
    found = adele.get("me/drive/root/search(q='b.txt')")["value"]
    assert any(i["id"] == put.json()["id"] for i in found)
    assert adele.get("me/drive/root/delta()")["value"]  # a function called with ()
    drive = adele.get("me/drive")["id"]
    # How the SDKs send a path inside an item id segment: root%3A%2FAddresses%2Fb.txt%3A
    encoded = adele.call("GET", f"drives/{drive}/items/root%3A%2FAddresses%2Fb.txt%3A")
    assert encoded.status_code == 200 and encoded.json()["name"] == "b.txt", encoded.text
    assert adele.call("DELETE", f"me/drive/items/{folder['id']}").status_code == 204
