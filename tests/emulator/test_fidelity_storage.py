"""OneDrive: emulator responses against Microsoft's documented example responses.

Each test makes the documented call as a signed-in user (Adele) against her seeded drive
(Documents/Reports/*.docx, Documents/Budget.xlsx, Pictures/Team offsite.jpg, Notes.txt) and
compares property names and JSON shapes with the example in docs_examples/storage/ (rules in
fidelity.py). The source page is named in each test.

A difference that waits for a generic emulator capability is marked xfail (strict: the mark
must go when the emulator is fixed) naming the gap.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from generated.o365.emulator import EmulatorServer

from .fidelity import Caller, assert_matches, example, shape_problems, signed_in

ITEM = "microsoft.graph.driveItem"
ADELE = "adele@contoso.onmicrosoft.com"


@pytest.fixture(scope="module")
def server() -> Iterator[EmulatorServer]:
    with EmulatorServer(seed=23) as emulator:
        yield emulator


@pytest.fixture(scope="module")
def adele(server: EmulatorServer) -> Caller:
    return signed_in(server, ADELE)


@pytest.fixture(scope="module")
def drive_path(adele: Caller) -> str:
    return f"drives/{adele.get('me/drive')['id']}"


def child(adele: Caller, folder: str, name: str) -> dict[str, Any]:
    """An item of a folder (a `drives/{id}/...` path) by name."""
    listed = adele.get(f"{folder}/children")["value"]
    found = [item for item in listed if item["name"] == name]
    assert found, f"{name!r} not in {[item['name'] for item in listed]}"
    return dict(found[0])


def item_path(adele: Caller, drive: str, *names: str) -> str:
    """`drives/{id}/items/{item-id}` of a path below the root, found folder by folder."""
    folder = f"{drive}/root"
    for name in names:
        folder = f"{drive}/items/{child(adele, folder, name)['id']}"
    return folder


def image_path(adele: Caller, drive: str) -> str:
    return item_path(adele, drive, "Pictures", "Team offsite.jpg")


def test_drive_get(adele: Caller) -> None:
    """api-reference/v1.0/api/drive-get.md: GET /me/drive."""
    doc = example("storage", "drive-get")
    body = adele.get("me/drive")
    assert_matches(doc["response"], body, "microsoft.graph.drive")
    assert body["owner"]["user"]["displayName"] == "Adele Vance"


def test_driveitem_list_children(adele: Caller, drive_path: str) -> None:
    """api-reference/v1.0/api/driveitem-list-children.md:
    GET /drives/{drive-id}/items/{item-id}/children."""
    doc = example("storage", "driveitem-list-children")
    body = adele.get(f"{item_path(adele, drive_path, 'Documents')}/children")
    assert_matches(doc["response"], body, ITEM, collection=True)
    assert {item["name"] for item in body["value"]} == {"Reports", "Budget.xlsx"}


def test_driveitem_image_facet(adele: Caller, drive_path: str) -> None:
    """api-reference/v1.0/resources/image.md: an image file carries the image facet."""
    doc = example("storage", "image")
    body = adele.get(image_path(adele, drive_path))
    assert_matches(doc["response"], body["image"], "microsoft.graph.image")


def test_driveitem_get(adele: Caller, drive_path: str) -> None:
    """api-reference/v1.0/api/driveitem-get.md: GET /drives/{drive-id}/root (the documented
    item is a drive root)."""
    doc = example("storage", "driveitem-get")
    body = adele.get(f"{drive_path}/root")
    assert_matches(doc["response"], body, ITEM)


def test_driveitem_get_file(adele: Caller, drive_path: str) -> None:
    """api-reference/v1.0/api/driveitem-get.md: the documented properties, on a file."""
    doc = example("storage", "driveitem-get")
    documented = {k: v for k, v in doc["response"].items() if k not in ("folder", "root")}
    body = adele.get(item_path(adele, drive_path, "Notes.txt"))
    assert_matches(documented, body, ITEM)


def test_driveitem_get_through_me(adele: Caller, drive_path: str) -> None:
    """api-reference/v1.0/api/driveitem-get.md: GET /me/drive/items/{item-id}."""
    doc = example("storage", "driveitem-get")
    notes = item_path(adele, drive_path, "Notes.txt").rsplit("/", 1)[-1]
    body = adele.get(f"me/drive/items/{notes}")
    assert not shape_problems({"id": doc["response"]["id"], "name": "", "size": 0}, body)


def test_driveitem_photo_facet(adele: Caller, drive_path: str) -> None:
    """api-reference/v1.0/resources/photo.md: a photo carries the photo facet (business drives:
    takenDateTime only, per its Remarks)."""
    doc = example("storage", "photo")
    business = {k: doc["response"][k] for k in doc["business_properties"]}
    body = adele.get(image_path(adele, drive_path))
    assert_matches(business, body.get("photo"), "microsoft.graph.photo")


def test_driveitem_list_versions(adele: Caller, drive_path: str) -> None:
    """api-reference/v1.0/api/driveitem-list-versions.md:
    GET /drives/{drive-id}/items/{item-id}/versions (after two content replacements)."""
    doc = example("storage", "driveitem-list-versions")
    notes = item_path(adele, drive_path, "Notes.txt")
    for text in (b"first edit", b"second edit"):
        adele.ok("PUT", f"{notes}/content", 200, data=text,
                 headers={"Content-Type": "text/plain"})
    body = adele.get(f"{notes}/versions")
    assert_matches(doc["response"], body, "microsoft.graph.driveItemVersion", collection=True)


def test_driveitem_list_permissions(adele: Caller, drive_path: str) -> None:
    """api-reference/v1.0/api/driveitem-list-permissions.md: GET .../items/{id}/permissions.

    A sharing link is made first (driveitem-createlink.md), so the item has a permission."""
    doc = example("storage", "driveitem-list-permissions")
    item = item_path(adele, drive_path, "Documents", "Budget.xlsx")
    adele.ok("POST", f"{item}/createLink", 201, json={"type": "edit", "scope": "organization"})
    body = adele.get(f"{item}/permissions")
    assert_matches(doc["response"], body, "microsoft.graph.permission", collection=True)
    assert body["value"][0]["link"]["type"] == "edit"


def test_driveitem_list_thumbnails(adele: Caller, drive_path: str) -> None:
    """api-reference/v1.0/api/driveitem-list-thumbnails.md: GET .../items/{id}/thumbnails."""
    doc = example("storage", "driveitem-list-thumbnails")
    body = adele.get(f"{image_path(adele, drive_path)}/thumbnails")
    assert_matches(doc["response"], body, "microsoft.graph.thumbnailSet", collection=True)


def other_drive_item(server: EmulatorServer, adele: Caller, drive_path: str) -> tuple[str, str]:
    """(Megan's drive path, the id of Adele's Notes.txt): an item asked of the wrong drive."""
    megan = signed_in(server, "megan@contoso.onmicrosoft.com")
    notes = item_path(adele, drive_path, "Notes.txt").rsplit("/", 1)[-1]
    return f"drives/{megan.get('me/drive')['id']}", notes


def test_driveitem_update_in_another_drive_is_not_found(
        server: EmulatorServer, adele: Caller, drive_path: str) -> None:
    """api-reference/v1.0/api/driveitem-update.md: PATCH /drives/{drive-id}/items/{item-id}
    names the item within that drive; Adele's item under Megan's drive id is not there."""
    other_drive, notes = other_drive_item(server, adele, drive_path)
    reply = adele.call("PATCH", f"{other_drive}/items/{notes}", json={"name": "x.txt"})
    assert reply.status_code == 404, reply.text
    assert reply.json()["error"]["code"] == "itemNotFound"


def test_driveitem_get_in_another_drive_is_not_found(
        server: EmulatorServer, adele: Caller, drive_path: str) -> None:
    """api-reference/v1.0/api/driveitem-get.md: GET /drives/{drive-id}/items/{item-id}."""
    other_drive, notes = other_drive_item(server, adele, drive_path)
    reply = adele.call("GET", f"{other_drive}/items/{notes}")
    assert reply.status_code == 404, reply.text
