"""The default drive reached through `{resource}/drive/...`, item addresses and versions.

The generated API against the in-process emulator over real sockets (fixtures from
test_e2e): Storage's one-request shortcuts (root, item by id or path, special folders), what
Graph's driveItem-get shows on every item (webUrl, eTag, cTag, createdBy), the photo facet,
thumbnails, and File.replace_content with the versions it leaves.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from generated.o365._runtime.errors import NotFoundError
from generated.o365.emulator import EmulatorServer
from generated.o365.storage.file import File
from generated.o365.storage.folder import Folder
from generated.o365.storage.photo import Photo

from .test_e2e import MEGAN, PATTI, RequestCounter, server, storage_for

__all__ = ["server"]  # the fixture, shared with test_e2e

DRIVE_URL = "https://contoso-my.sharepoint.com/personal/patti_contoso_onmicrosoft_com/Documents"


def test_shortcuts_reach_the_default_drive_in_one_request(
        server: EmulatorServer, monkeypatch: pytest.MonkeyPatch) -> None:
    storage = storage_for(server)
    counter = RequestCounter(monkeypatch, storage.con)
    root = storage.get_root_folder()
    notes = storage.get_item_by_path("/Notes.txt")
    documents = storage.get_special_folder("documents")
    assert counter.count == 3
    assert counter.urls[0].endswith("users/patti@contoso.onmicrosoft.com/drive/root")
    assert isinstance(root, Folder) and root.root == {}
    assert isinstance(notes, File) and notes.name == "Notes.txt"
    assert documents.name == "Documents" and documents.special_folder.name == "documents"
    assert storage.get_item(notes.id).name == "Notes.txt"
    # The drive id comes from the item's parentReference: drive-relative calls work.
    drive_id = storage.get_default_drive().id
    assert notes.get_parent().id == root.id
    assert notes.get_drive().id == drive_id
    notes.refresh()
    assert notes.name == "Notes.txt"


def test_an_item_of_another_users_drive_is_not_found(server: EmulatorServer) -> None:
    notes = storage_for(server).get_item_by_path("/Notes.txt")
    with pytest.raises(NotFoundError):
        storage_for(server, MEGAN).get_item(notes.id)


def test_items_carry_web_urls_tags_and_authors(server: EmulatorServer) -> None:
    storage = storage_for(server)
    root = storage.get_root_folder()
    assert root.web_url == DRIVE_URL
    assert root.e_tag and root.c_tag
    assert root.created_by.user.display_name == "Patti Fernandez"
    report = storage.get_item_by_path("/Documents/Reports/Q1 report.docx")
    assert report.web_url == f"{DRIVE_URL}/Documents/Reports/Q1%20report.docx"
    assert report.last_modified_by.user.display_name == "Patti Fernandez"
    tag_before = report.e_tag
    report.move(root, name="Q1.docx")
    moved = storage.get_item(report.id)
    assert moved.web_url == f"{DRIVE_URL}/Q1.docx"
    assert moved.e_tag != tag_before


def test_the_seeded_photo_is_a_photo_with_thumbnails(server: EmulatorServer) -> None:
    picture = storage_for(server).get_item_by_path("/Pictures/Team offsite.jpg")
    assert isinstance(picture, Photo)
    assert picture.photo.taken_date_time is not None
    assert picture.photo.taken_date_time.year == 2024
    assert picture.dimensions() == "1920x1080"
    sets = list(picture.get_thumbnails())
    assert [(s.id, s.large.width, s.large.height) for s in sets] == [("0", 800, 450)]


def test_replace_content_keeps_the_item(server: EmulatorServer, tmp_path: Path) -> None:
    root = storage_for(server).get_root_folder()
    first = root.upload_file(io.BytesIO(b"first"), "draft.txt")
    replaced = first.replace_content(io.BytesIO(b"second, longer"))
    assert replaced.id == first.id and replaced.size == len(b"second, longer")
    assert replaced.download(tmp_path / "now.txt") == len(b"second, longer")
    assert (tmp_path / "now.txt").read_bytes() == b"second, longer"
    versions = list(replaced.get_versions())
    assert versions and versions[0].size == len(b"second, longer")  # the current one first


def test_versions_keep_replaced_content_and_restore(server: EmulatorServer,
                                                    tmp_path: Path) -> None:
    root = storage_for(server).get_root_folder()
    item = root.upload_file(io.BytesIO(b"one"), "history.txt")
    for text in (b"two!", b"three!!"):
        item = item.replace_content(io.BytesIO(text))
    versions = list(item.get_versions())
    assert [v.size for v in versions] == [7, 4, 3]  # newest (current) first
    oldest = versions[-1]
    oldest.download(tmp_path / "one.txt")
    assert (tmp_path / "one.txt").read_bytes() == b"one"
    oldest.restore()
    item.download(tmp_path / "restored.txt")
    assert (tmp_path / "restored.txt").read_bytes() == b"one"
    assert [v.size for v in item.get_versions()] == [3, 7, 4, 3]


def test_a_version_of_a_file_never_replaced_is_its_content(server: EmulatorServer,
                                                           tmp_path: Path) -> None:
    item = storage_for(server, PATTI).get_root_folder().upload_file(
        io.BytesIO(b"only"), "once.txt")
    (version,) = item.get_versions()
    assert version.size == 4
    assert version.download(tmp_path / "v.txt") == 4
    assert (tmp_path / "v.txt").read_bytes() == b"only"
    assert item.get_version(version.id).size == 4
