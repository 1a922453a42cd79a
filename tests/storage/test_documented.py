"""The generated storage API against Microsoft's documented example responses.

Cassettes are written by tests/storage/build_cassettes.py; each interaction names its source
page of microsoftgraph/microsoft-graph-docs-contrib (api-reference/v1.0/api/*.md). Requests
must match the documented ones, bodies included, or playback fails.
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest

from generated.o365._runtime.connection import Connection
from generated.o365._runtime.delta import Removed
from generated.o365.storage.drive import Drive
from generated.o365.storage.drive_item import DriveItem
from generated.o365.storage.file import File
from generated.o365.storage.folder import Folder
from generated.o365.storage.storage import Storage
from tests.storage.build_cassettes import COPY_ID, DRIVE_ID, ITEM_ID, ROOT_ID
from tests.storage.conftest import bound, cassette


def test_default_drive_and_its_quota(graph_con: Connection) -> None:
    """drive-get.md: GET /me/drive."""
    with cassette("drive.yaml") as played:
        drive = Storage(graph_con, "me").get_default_drive()
        assert isinstance(drive, Drive)
        assert drive.id == DRIVE_ID
        assert drive.drive_type == "business"
        assert drive.owner.user.display_name == "Ryan Gregg"
        assert drive.quota.total == 1099511627776
        assert drive.quota.remaining == 1099447353539
        assert drive.quota.deleted == 256938
        assert drive.quota.state == "normal"
        assert drive.quota.used is None  # not in the documented response

        same = Storage(graph_con, "me").get_drive(DRIVE_ID)
        assert same.id == drive.id
        group_drive = Storage(graph_con, "groups/02bd9fd6-8f93-4758-87c3-1fb73740a315")
        assert group_drive.get_default_drive().drive_type == "business"

        root = drive.get_root_folder()
        assert isinstance(root, Folder)
        assert root.id == ROOT_ID and root.name == "OneDrive"
        assert root.folder.child_count == 120
        assert root.root == {}
        assert root.created_by.user.display_name == "Ryan Gregg"
        assert root.created_date_time == dt.datetime(2016, 3, 21, 20, 1, 37, tzinfo=dt.timezone.utc)

        children = list(drive.get_items(limit=4))
        assert [c.name for c in children] == ["myfile.jpg", "Documents", "Photos",
                                               "my sheet(1).xlsx"]
        assert [type(c) for c in children] == [File, Folder, Folder, DriveItem]
        assert children[2].folder.child_count == 203

        documents = drive.get_special_folder("documents")
        assert isinstance(documents, Folder)
        assert documents.special_folder.name == "documents"

        found = list(drive.search("Contoso Project", limit=2))
        assert [f.name for f in found] == ["Contoso Project", "Contoso Project 2016"]
        assert found[0].remote_item["parentReference"]["driveId"] == "s!1020101jlkjl12lx"

        by_path = drive.get_item_by_path("/Documents/report.xlsx")
        assert by_path.id == ROOT_ID

        item = drive.get_item(ROOT_ID)
        assert item.id == ROOT_ID
        assert item.update(name="new-file-name.docx") is True
        assert item.name == "new-file-name.docx"
        assert played.all_played


def test_list_drives(graph_con: Connection) -> None:
    """drive-list.md: GET /me/drives."""
    with cassette("drives_list.yaml") as played:
        drives = list(Storage(graph_con, "me").get_drives())
        assert len(drives) == 1
        assert drives[0].name == "OneDrive"
        assert drives[0].quota.used == 294606476
        assert drives[0].last_modified_by.user.display_name == "Megan Bowen"
        assert played.all_played


def test_item_actions(graph_con: Connection) -> None:
    """move, copy (monitored), sharing, permissions, versions, thumbnails, delete."""
    item = bound(File, graph_con, {"id": ITEM_ID, "name": "contoso plan.txt", "file": {}},
                 drive_id=DRIVE_ID)
    with cassette("item_actions.yaml") as played:
        assert item.move("{new-parent-folder-id}", name="new-item-name.txt") is True
        assert item.parent_reference.path == "/drive/root:/Documents"

        operation = item.copy(target={"driveId": "6F7D00BF-FC4D-4E62-9769-6AEA81F3A21B",
                                      "id": "DCD0D3AD-8989-4F23-A5A2-2C086050513F"},
                              name="contoso plan (copy).txt")
        first = operation.status()
        assert first["status"] == "inProgress"
        assert first["percentageComplete"] == pytest.approx(27.8)
        assert not operation.done
        copied = operation.result(timeout=5)  # polls again: completed, then loads the item
        assert operation.resource_id == COPY_ID
        assert copied.name == "Copy of LargeFolder1" and isinstance(copied, Folder)

        link = item.share_with_link(share_type="edit", share_scope="organization")
        assert link.roles == ["write"]
        assert link.link.type == "edit" and link.link.scope == "organization"
        assert link.link.application.display_name == "Sample Application"

        permissions = list(item.get_permissions())
        assert [p.id for p in permissions] == ["1", "2", "3"]
        assert permissions[1].inherited_from.path == "/drive/root:/Documents"
        assert permissions[2].link.application.display_name == "Contoso Time Manager"
        assert permissions[0].update_roles(["read"]) is True
        assert permissions[0].roles == ["read"]
        assert permissions[0].delete() is True

        versions = list(item.get_versions())
        assert [v.id for v in versions] == ["3.0", "2.0", "1.0"]
        assert versions[0].size == 123
        versions[2].restore()

        thumbnails = list(item.get_thumbnails())
        assert thumbnails[0].large.width == 800 and thumbnails[0].small.height == 64

        assert item.delete() is True
        assert played.all_played


def test_share_with_invite(graph_con: Connection) -> None:
    """driveitem-invite.md: recipients given as plain email addresses."""
    item = bound(File, graph_con, {"id": ITEM_ID, "name": "contoso plan.txt", "file": {}},
                 drive_id=DRIVE_ID)
    with cassette("invite.yaml") as played:
        invited = item.invite(
            ["ryan@contoso.com"], ["write"],
            message="Here's the file that we're collaborating on.", password="password123",
            expiration=dt.datetime(2018, 7, 15, 14, 0, tzinfo=dt.timezone.utc))
        assert [p.invitation.email for p in invited] == ["robin@contoso.com"]
        assert invited[0].has_password is True
        assert played.all_played


def test_share_with_invite_python_o365_shape(graph_con: Connection) -> None:
    """driveitem-invite.md through python-o365's call: positional flags, `share_type` edit
    (sent as roles [write]), the first permission made returned."""
    item = bound(File, graph_con, {"id": ITEM_ID, "name": "contoso plan.txt", "file": {}},
                 drive_id=DRIVE_ID)
    with cassette("share_with_invite.yaml") as played:
        permission = item.share_with_invite(
            ["ryan@contoso.com"], True, True, "Here's the file that we're collaborating on.",
            "edit")
        assert permission.invitation.email == "robin@contoso.com"
        assert played.all_played
    with pytest.raises(ValueError, match="share_type"):
        item.share_with_invite(["ryan@contoso.com"], share_type="owner")


def test_create_child_folder(graph_con: Connection) -> None:
    """driveitem-post-children.md: the documented body carries `folder: {}`."""
    root = bound(Folder, graph_con, {"id": ROOT_ID, "folder": {}, "root": {}}, drive_id=DRIVE_ID)
    with cassette("create_folder.yaml") as played:
        created = root.create_child_folder("New Folder", conflict_handling="rename")
        assert isinstance(created, Folder) and created.folder.child_count == 0
        assert created.parent_reference.path == "/drive/root:/"
        assert played.all_played


def test_simple_upload_and_streamed_download(graph_con: Connection, tmp_path: Path) -> None:
    """driveitem-put-content.md and driveitem-get-content.md (302 to a pre-authenticated URL)."""
    root = bound(Folder, graph_con, {"id": ROOT_ID, "folder": {}, "root": {}}, drive_id=DRIVE_ID)
    with cassette("transfers.yaml") as played:
        content = b"The contents of the file goes here."
        uploaded = root.upload_file(io.BytesIO(content), "FileB.txt")
        assert isinstance(uploaded, File) and uploaded.size == 35

        target = tmp_path / "FileB.txt"
        assert uploaded.download(target) == len(content)
        assert target.read_bytes() == content
        assert played.all_played


def test_default_drive_shortcuts(graph_con: Connection) -> None:
    """driveitem-get.md (GET /me/drive/root, /me/drive/items/{id}, /me/drive/root:/{path}) and
    drive-get-specialfolder.md (GET /me/drive/special/{name}), one request each."""
    storage = Storage(graph_con, "me")
    with cassette("default_drive.yaml") as played:
        root = storage.get_root_folder()
        assert isinstance(root, Folder) and root.id == ROOT_ID and root.root == {}
        assert root.web_url == "https://contoso-my.sharepoint.com/personal/rgregg_contoso_com/Documents"
        assert storage.get_item(ROOT_ID).c_tag == '"c:{86EB4C8E-D20D-46B9-AD41-23B8868DDA8A},0"'
        assert storage.get_item_by_path("/Documents/report.xlsx").id == ROOT_ID
        documents = storage.get_special_folder("documents")
        assert isinstance(documents, Folder) and documents.special_folder.name == "documents"
        assert played.all_played


def test_item_by_path_below_a_folder(graph_con: Connection) -> None:
    """resources/driveitem.md: GET items/{item-id}:/path/to/file (driveitem-get.md response)."""
    root = bound(Folder, graph_con, {"id": ROOT_ID, "name": "OneDrive", "folder": {}},
                 drive_id=DRIVE_ID)
    with cassette("folder_path.yaml") as played:
        item = root.get_item_by_path("Documents/report.xlsx")
        assert item.id == ROOT_ID and item.name == "OneDrive"
        assert played.all_played


def test_replace_content_of_an_existing_file(graph_con: Connection) -> None:
    """driveitem-put-content.md, Example (updating an existing file): PUT {item}/content."""
    item = bound(File, graph_con, {"id": ITEM_ID, "name": "FileB.txt", "file": {}},
                 drive_id=DRIVE_ID)
    with cassette("replace_content.yaml") as played:
        replaced = item.replace_content(io.BytesIO(b"The contents of the file goes here."))
        assert isinstance(replaced, File)
        assert replaced.id == ITEM_ID and replaced.size == 35
        assert played.all_played


def test_delta_round_with_deleted_facet(graph_con: Connection) -> None:
    """driveitem-delta.md Examples 1 and 2: changes, deletions as Removed, the deltaLink."""
    drive = bound(Drive, graph_con, {"id": DRIVE_ID})
    with cassette("delta.yaml") as played:
        changes = drive.get_changes()
        seen = list(changes)
        assert [type(c) for c in seen] == [Folder, File, Removed, Removed, File]
        assert [c.id for c in seen if isinstance(c, Removed)] == ["2353010204ddgg",
                                                                    "0123456789abc"]
        assert changes.delta_link is not None and "token=" in changes.delta_link
        assert played.all_played
