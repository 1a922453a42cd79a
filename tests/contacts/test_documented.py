"""The generated contacts API against Microsoft's documented example responses (cassettes).

Each cassette in tests/contacts/cassettes/ names its source pages (microsoftgraph/
microsoft-graph-docs-contrib, api-reference/v1.0/api/*contact*.md, profilephoto-*.md);
tests/contacts/make_cassettes.py builds them from tests/contacts/docs_examples/. The matcher
checks the method, path, query options and JSON body of every request we send against the
documented request, so each test proves both what is sent and what is parsed.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from generated.o365._runtime.connection import Connection
from generated.o365._runtime.delta import Removed
from generated.o365._runtime.query import Query
from generated.o365.contacts.address_book import AddressBook
from generated.o365.contacts.contact import Contact
from generated.o365.contacts.contact_folder import ContactFolder
from generated.o365.emulator.images import solid_jpeg
from tests.support.docs_cassettes import DocsPlayer, Sent

ALEX = ("AAMkAGVmMDEzMTM4LTZmYWUtNDdkNC1hMDZiLTU1OGY5OTZhYmY4OABGAAAAAAAiQ8W967B7TKBjgx9rVEURBwAi"
        "IsqMbYjsT5e-T7KzowPTAAAAAAEOAAAiIsqMbYjsT5e-T7KzowPTAAAYbuK-AAA=")


@pytest.fixture
def book(graph_con: Connection) -> AddressBook:
    return AddressBook(graph_con, "me")


def test_list_contacts_user_list_contacts_md(book: AddressBook, docs_cassette: DocsPlayer) -> None:
    with docs_cassette("list_contacts") as played:
        (contact,) = list(book.get_contacts())
    assert played.all_played
    assert isinstance(contact, Contact)
    assert contact.display_name == "displayName-value" and contact.file_as == "fileAs-value"
    assert contact.given_name == contact.name == "givenName-value"  # python-o365's `name`
    assert contact.folder_id == "parentFolderId-value"


def test_find_by_email_sends_the_documented_filter(book: AddressBook,
                                                   docs_cassette: DocsPlayer) -> None:
    with docs_cassette("contact_by_email") as played:
        found = book.get_contact_by_email("garth@contoso.com")
    assert played.all_played
    assert found.initials == "initials-value"


def test_create_contact_user_post_contacts_md(book: AddressBook, docs_cassette: DocsPlayer,
                                              sent: Sent) -> None:
    contact = book.new_contact()
    contact.given_name, contact.surname = "Pavel", "Bansky"
    contact.emails.add(("Pavel Bansky", "pavelb@contoso.com"))
    contact.business_phones = ["+1 732 555 0102"]
    with docs_cassette("create_contact") as played:
        assert contact.save() is True
    assert played.all_played
    assert contact.object_id == "id-value" and contact.display_name == "Pavel Bansky"
    assert contact.created == dt.datetime(2015, 11, 9, 2, 14, 32, tzinfo=dt.timezone.utc)
    assert not contact.is_dirty


def test_get_update_delete_contact_md(book: AddressBook, docs_cassette: DocsPlayer,
                                      sent: Sent) -> None:
    with docs_cassette("get_update_delete_contact") as played:
        contact = book.get_contact(ALEX)
        assert contact.full_name == "Alex Wilber" and contact.birthday is None
        assert contact.main_email == "Alex@FineArtSchool.net"
        contact.home_address = {"street": "123 Some street", "city": "Seattle", "state": "WA",
                                "postalCode": "98121"}
        contact.birthday = dt.date(1974, 7, 22)
        assert contact.save() is True  # a PATCH of only the two changed fields
        assert contact.birthday == dt.date(1974, 7, 22)
        assert contact.display_name == "Garth Fort"  # the documented answer
        assert contact.delete() is True
    assert played.all_played
    assert sent.bodies[1] == {"homeAddress": {"street": "123 Some street", "city": "Seattle",
                                              "state": "WA", "postalCode": "98121"},
                              "birthday": "1974-07-22"}


def test_folders_user_list_and_post_contactfolders_md(book: AddressBook,
                                                      docs_cassette: DocsPlayer) -> None:
    with docs_cassette("folders") as played:
        folders = book.get_folders()
        created = book.create_child_folder("displayName-value")
    assert played.all_played
    assert isinstance(folders, list) and [f.name for f in folders] == ["Contacts"]
    assert isinstance(created, ContactFolder) and created.parent_id == "parentFolderId-value"


def test_folder_by_name_sends_the_filter_user_list_contactfolders_md(
        book: AddressBook, docs_cassette: DocsPlayer) -> None:
    with docs_cassette("folder_by_name") as played:  # the $filter on displayName is checked
        folder = book.get_folder(folder_name="Contacts")
    assert played.all_played
    assert isinstance(folder, ContactFolder) and folder.name == "Contacts"
    assert folder.folder_id.endswith("AAIBDgAAAA==")


def test_contact_delta_contact_delta_md(book: AddressBook, docs_cassette: DocsPlayer) -> None:
    with docs_cassette("contact_delta") as played:
        (folder,) = book.get_folders()
        changes = folder.get_contacts_delta(query=Query().select("displayName"), page_size=2)
        first = next(iter(changes))
    assert played.all_played
    assert not isinstance(first, Removed)
    assert first.display_name == "displayName-value"
    assert first.birthday == dt.date(2016, 10, 19)  # a DateTimeOffset read as its date


def test_contact_photo_profilephoto_md(book: AddressBook, docs_cassette: DocsPlayer,
                                       sent: Sent) -> None:
    picture = solid_jpeg(64, 64, (10, 20, 30))
    with docs_cassette("contact_photo") as played:
        contact = book.get_contact(ALEX)
        photo = contact.get_profile_photo()
        contact.update_profile_photo(picture)
    assert played.all_played
    assert photo.startswith(b"\xff\xd8\xff")
    assert sent.requests[-1][0] == "PUT" and sent.bodies[-1] == picture


def test_contact_refresh_update_and_photo_info_contact_md_profilephoto_get_md(
        book: AddressBook, docs_cassette: DocsPlayer, sent: Sent, tmp_path: Path) -> None:
    with docs_cassette("contact_refresh_update_photo_info") as played:
        contact = book.get_contact(ALEX)
        contact.refresh()  # the second documented GET (all_played proves it was sent)
        contact.home_address = {"street": "123 Some street", "city": "Seattle", "state": "WA",
                                "postalCode": "98121"}
        contact.birthday = dt.date(1974, 7, 22)
        assert contact.update() is True
        info = contact.get_photo()
        assert contact.download_photo(tmp_path / "alex.jpg")
    assert played.all_played
    assert sent.bodies[-3] == {"homeAddress": {"street": "123 Some street", "city": "Seattle",
                                               "state": "WA", "postalCode": "98121"},
                               "birthday": "1974-07-22"}
    assert contact.display_name == "Garth Fort"  # the documented answer to the PATCH
    assert (info.width, info.height, info.content_type) == (240, 240, "image/jpeg")
    assert (tmp_path / "alex.jpg").read_bytes().startswith(b"\xff\xd8\xff")


def test_folder_get_refresh_rename_move_contactfolder_get_md_update_md(
        book: AddressBook, docs_cassette: DocsPlayer, sent: Sent) -> None:
    with docs_cassette("folder_get_refresh_rename_move") as played:
        finance = book.get_folder(folder_id="AAMkAGI2TKI5AAA=")
        assert finance.name == "Finance" and finance.parent_id == "AAMkAGI2AAEOAAA="
        finance.refresh()
        assert finance.rename("displayName-value") is True
        assert finance.move_folder("parentFolderId-value") is True
    assert played.all_played
    assert sent.bodies[-2:] == [{"displayName": "displayName-value"},
                                {"parentFolderId": "parentFolderId-value"}]
    assert finance.name == "displayName-value" and finance.parent_id == "parentFolderId-value"
