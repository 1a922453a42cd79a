"""The emulator's OneDrive behaviours (emulator/behaviours/storage.py) on a seeded tenant.

The behaviours are called the way GraphApp dispatches them: a real route matched from a real
path, an ActionContext with the app, the request and the target record. (The generic
"@list:/@get:/@updating" lookups are being added to GraphApp; these tests do not wait for it.)
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

from generated.o365.emulator import EmulatorServer
from generated.o365.emulator.behaviours import ActionContext
from generated.o365.emulator.behaviours import storage as drive_behaviours
from generated.o365.emulator.behaviours.storage import DRIVE, ITEM, PERMISSION, DriveTree
from generated.o365.emulator.errors import GraphError
from generated.o365.emulator.graph import GraphRequest
from generated.o365.emulator.store import Record

PATTI = "patti@contoso.onmicrosoft.com"


@pytest.fixture
def server() -> Iterator[EmulatorServer]:
    with EmulatorServer(seed=5) as emulator:
        yield emulator


@pytest.fixture
def tree(server: EmulatorServer) -> DriveTree:
    return DriveTree(server.store)


def patti_drive(server: EmulatorServer) -> Record:
    user = server.store.get("microsoft.graph.user", PATTI)
    assert user is not None
    drive = server.store.get(DRIVE, server.store.links(user.id, "drive")[0])
    assert drive is not None
    return drive


def call(server: EmulatorServer, function: Any, method: str, path: str, *,
         body: Any = None, query: dict[str, list[str]] | None = None) -> tuple[int, Any]:
    """Run a behaviour for `method path` as GraphApp would; returns (status, parsed body)."""
    app = server.graph
    found = app.router.match(method, path)
    assert found is not None, f"no route for {method} {path}"
    route, params = found
    scope = app.scope_of(params)
    target = app.object_at(route.parent_template, params, scope) if route.kind in (
        "action", "collection", "navigation") else app.object_at(route.template, params, scope)
    raw = json.dumps(body).encode() if body is not None else b""
    request = GraphRequest(method, path, query or {}, {}, raw, "test-request")
    ctx = ActionContext(app, request, target, scope, params, body, extra={"route": route})
    status, _headers, payload = function(ctx)
    return status, json.loads(payload) if payload else None


def test_every_user_gets_a_seeded_drive(server: EmulatorServer, tree: DriveTree) -> None:
    drive = patti_drive(server)
    assert drive.id.startswith("b!") and drive.data["driveType"] == "business"
    root = tree.root(drive.id)
    assert "root" in root.data
    assert sorted(c.data["name"] for c in tree.children(root)) == ["Documents", "Notes.txt",
                                                                     "Pictures"]
    report = tree.by_path(drive.id, "/Documents/Reports/Q1 report.docx")
    assert report.data["parentReference"]["path"] == "/drive/root:/Documents/Reports"
    assert report.data["parentReference"]["driveId"] == drive.id
    assert report.data["file"]["mimeType"].endswith("wordprocessingml.document")
    assert tree.by_path(drive.id, "documents/reports").data["folder"]["childCount"] == 2
    quota = drive.data["quota"]
    assert quota["used"] + quota["remaining"] == quota["total"]


def test_path_addressing_and_special_folders(server: EmulatorServer, tree: DriveTree) -> None:
    drive = patti_drive(server)
    status, body = call(server, drive_behaviours.root_or_path, "GET", f"drives/{drive.id}/root")
    assert status == 200 and "root" in body
    with pytest.raises(GraphError) as missing:
        tree.by_path(drive.id, "/Documents/Nothing here.txt")
    assert missing.value.status == 404 and missing.value.code == "itemNotFound"
    status, body = call(server, drive_behaviours.special_folder, "GET",
                        f"drives/{drive.id}/special/documents")
    assert body["name"] == "Documents" and body["specialFolder"] == {"name": "documents"}
    status, body = call(server, drive_behaviours.special_folder, "GET",
                        f"drives/{drive.id}/special/music")
    assert body["name"] == "Music"  # created on first use
    again = call(server, drive_behaviours.special_folder, "GET",
                 f"drives/{drive.id}/special/music")[1]
    assert again["id"] == body["id"]
    with pytest.raises(GraphError, match="not a special folder name"):
        call(server, drive_behaviours.special_folder, "GET", f"drives/{drive.id}/special/nope")


def test_create_folder_with_each_conflict_behaviour(server: EmulatorServer,
                                                    tree: DriveTree) -> None:
    drive = patti_drive(server)
    root = tree.root(drive.id)
    path = f"drives/{drive.id}/items/{root.id}/children"
    status, made = call(server, drive_behaviours.create_folder, "POST", path,
                        body={"name": "Projects", "folder": {}})
    assert status == 201 and made["folder"] == {"childCount": 0}
    assert made["parentReference"]["id"] == root.id
    with pytest.raises(GraphError) as clash:
        call(server, drive_behaviours.create_folder, "POST", path,
             body={"name": "projects", "folder": {}})
    assert clash.value.status == 409 and clash.value.code == "nameAlreadyExists"
    renamed = call(server, drive_behaviours.create_folder, "POST", path,
                   body={"name": "Projects", "folder": {},
                         "@microsoft.graph.conflictBehavior": "rename"})[1]
    assert renamed["name"] == "Projects 1"
    replaced = call(server, drive_behaviours.create_folder, "POST", path,
                    body={"name": "Projects", "folder": {},
                          "@microsoft.graph.conflictBehavior": "replace"})[1]
    assert replaced["id"] != made["id"] and server.store.get(ITEM, made["id"]) is None
    with pytest.raises(GraphError, match="folder or file facet"):
        call(server, drive_behaviours.create_folder, "POST", path, body={"name": "x"})


def test_moves_renames_and_never_into_itself(server: EmulatorServer, tree: DriveTree) -> None:
    drive = patti_drive(server)
    documents = tree.by_path(drive.id, "/Documents")
    reports = tree.by_path(drive.id, "/Documents/Reports")
    pictures = tree.by_path(drive.id, "/Pictures")
    for target in (documents, reports):
        with pytest.raises(GraphError, match="into itself") as refused:
            tree.move(documents, target, "Documents", "fail")
        assert refused.value.status == 400
    with pytest.raises(GraphError, match="root folder"):
        tree.move(tree.root(drive.id), pictures, "root", "fail")

    changes = tree.move(reports, pictures, "Old reports", "fail")
    server.store.update(reports, changes)
    tree.refresh_paths(reports)
    moved = tree.by_path(drive.id, "/Pictures/Old reports/Q2 report.docx")
    assert moved.data["parentReference"]["path"] == "/drive/root:/Pictures/Old%20reports"
    tree.recount(documents)
    assert documents.data["folder"]["childCount"] == 1  # Budget.xlsx left


def test_recursive_delete_leaves_a_tombstone_per_item(server: EmulatorServer,
                                                      tree: DriveTree) -> None:
    drive = patti_drive(server)
    root = tree.root(drive.id)
    folder = tree.add(root, {"name": "Scratch", "folder": {}})
    inner = tree.add(folder, {"name": "Inner", "folder": {}})
    note = tree.add(inner, {"name": "a.txt", "file": {}, "size": 1})
    before = server.store.version
    tree.remove(folder)
    gone = {t.id for t in server.store.tombstones_since(ITEM, "", before)}
    assert gone == {folder.id, inner.id, note.id}


def test_copy_a_folder_tree(server: EmulatorServer, tree: DriveTree) -> None:
    drive = patti_drive(server)
    source = tree.by_path(drive.id, "/Documents")
    target = tree.root(drive.id)
    name = tree.resolve_name(target, "Documents", "rename")
    assert name == "Documents 1"
    copied = tree.copy(source, target, name, None)
    names = sorted(r.data["name"] for r in tree.descendants(copied))
    assert names == sorted(r.data["name"] for r in tree.descendants(source))
    assert copied.data["folder"]["childCount"] == len(tree.children(source))
    with pytest.raises(GraphError, match="into itself"):
        call(server, drive_behaviours.copy_item, "POST",
             f"drives/{drive.id}/items/{source.id}/copy",
             body={"parentReference": {"id": tree.by_path(drive.id, "/Documents/Budget.xlsx")
                                       .data["parentReference"]["id"]}})


def test_sharing_links_and_invitations(server: EmulatorServer, tree: DriveTree) -> None:
    drive = patti_drive(server)
    notes = tree.by_path(drive.id, "/Notes.txt")
    path = f"drives/{drive.id}/items/{notes.id}"
    status, link = call(server, drive_behaviours.create_link, "POST", f"{path}/createLink",
                        body={"type": "view", "scope": "organization"})
    assert status == 201 and link["roles"] == ["read"]
    assert link["link"]["type"] == "view" and link["link"]["scope"] == "organization"
    status, same = call(server, drive_behaviours.create_link, "POST", f"{path}/createLink",
                        body={"type": "view", "scope": "organization"})
    assert status == 200 and same["id"] == link["id"]
    with pytest.raises(GraphError, match="view, edit or embed"):
        call(server, drive_behaviours.create_link, "POST", f"{path}/createLink",
             body={"type": "own"})
    status, invited = call(server, drive_behaviours.invite, "POST", f"{path}/invite",
                           body={"recipients": [{"email": "megan@contoso.onmicrosoft.com"}],
                                 "roles": ["write"], "requireSignIn": True})
    granted = invited["value"][0]
    assert granted["roles"] == ["write"]
    assert granted["grantedTo"]["user"]["displayName"] == "Megan Bowen"
    linked = server.store.links(notes.id, "permissions")
    assert {link["id"], granted["id"]} == set(linked)
    assert all(server.store.get(PERMISSION, p) is not None for p in linked)
    with pytest.raises(GraphError, match="not a valid email"):
        call(server, drive_behaviours.invite, "POST", f"{path}/invite",
             body={"recipients": [{"email": "nobody"}], "roles": ["read"]})


def test_thumbnails_for_images_only(server: EmulatorServer, tree: DriveTree) -> None:
    drive = patti_drive(server)
    photo = tree.by_path(drive.id, "/Pictures/Team offsite.jpg")
    sets = call(server, drive_behaviours.thumbnails, "GET",
                f"drives/{drive.id}/items/{photo.id}/thumbnails")[1]["value"]
    assert sets[0]["large"] == {"width": 800, "height": 450, "url": sets[0]["large"]["url"]}
    assert sets[0]["small"]["width"] == 96
    notes = tree.by_path(drive.id, "/Notes.txt")
    assert call(server, drive_behaviours.thumbnails, "GET",
                f"drives/{drive.id}/items/{notes.id}/thumbnails")[1] == {"value": []}


def replace_content(server: EmulatorServer, item: Record, content: bytes) -> None:
    """What the core does for PUT {item}/content once it runs the PATCH hooks around it
    (emulator/transfers.py): @updating, the write, @updated, sharing one `extra`."""
    app = server.graph
    path = f"drives/{item.data['parentReference']['driveId']}/items/{item.id}"
    found = app.router.match("PUT", f"{path}/content")
    assert found is not None, "no PUT route for an item's content"
    route, params = found
    request = GraphRequest("PUT", f"{path}/content", {}, {}, content, "test-request")
    extra: dict[str, Any] = {"route": route, "content": content}
    changes: dict[str, Any] = {"size": len(content)}
    ctx = ActionContext(app, request, item, "", params, changes, extra)
    drive_behaviours.before_update(ctx)
    app.transfers.put_content(item.id, content)
    server.store.update(item, changes)
    drive_behaviours.after_update(ActionContext(app, request, item, "", params, changes, extra))


def test_replaced_content_is_kept_as_versions(server: EmulatorServer, tree: DriveTree) -> None:
    drive = patti_drive(server)
    notes = tree.by_path(drive.id, "/Notes.txt")
    server.graph.transfers.put_content(notes.id, b"original")
    server.store.update(notes, {"size": len(b"original")})
    tag = notes.data["cTag"]
    path = f"drives/{drive.id}/items/{notes.id}"
    for text in (b"second", b"third!"):
        replace_content(server, notes, text)
    assert notes.data["cTag"] != tag
    listed = call(server, drive_behaviours.list_versions, "GET", f"{path}/versions")[1]
    sizes = [v["size"] for v in listed["value"]]
    assert sizes == [6, 6, 8]  # newest (the current content) first
    labels = [v["id"] for v in listed["value"]]
    assert all(label.endswith(".0") for label in labels) and len(set(labels)) == 3
    oldest = server.store.get(drive_behaviours.VERSION, labels[-1])
    assert oldest is not None
    assert server.graph.transfers.content_of(oldest.id) == b"original"
    status, _ = call(server, drive_behaviours.restore_version, "POST",
                     f"{path}/versions/{oldest.id}/restoreVersion")
    assert status == 204
    assert server.graph.transfers.content_of(notes.id) == b"original"
    assert notes.data["size"] == 8
    after = call(server, drive_behaviours.list_versions, "GET", f"{path}/versions")[1]["value"]
    assert [v["size"] for v in after] == [8, 6, 6, 8]  # the restore is a new version


def test_content_of_a_folder_cannot_be_replaced(server: EmulatorServer,
                                                tree: DriveTree) -> None:
    documents = tree.by_path(patti_drive(server).id, "/Documents")
    with pytest.raises(GraphError, match="folder has no content"):
        replace_content(server, documents, b"x")
    assert server.store.links(documents.id, "versions") == []
