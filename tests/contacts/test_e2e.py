"""Contacts end to end: the generated API against the local emulator over real sockets.

Every seeded user's address book has fifty contacts with photos, thirty in the default
Contacts folder and the rest in "Work Contacts", its child "Vendors" and "Family"
(emulator/behaviours/contacts.py). Contacts and folders are filed by parentFolderId (the
specs' owner_field); nothing about them is contact-specific Python in the emulator but the
seed and the photos.
"""

from __future__ import annotations

import datetime as dt
import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image

from generated.o365 import Account
from generated.o365._runtime.delta import Removed
from generated.o365._runtime.errors import NotFoundError
from generated.o365.contacts.address_book import AddressBook
from generated.o365.contacts.contact import Contact
from generated.o365.directory.directory import Directory
from generated.o365.emulator import EmulatorServer
from generated.o365.emulator.images import solid_jpeg
from tests.support.accounts import emulator_account
from tests.support.emulated import GraphCalls

ADELE = "adele@contoso.onmicrosoft.com"


@pytest.fixture(scope="module")
def server() -> Iterator[EmulatorServer]:
    with EmulatorServer(seed=13) as emulator:
        yield emulator


@pytest.fixture(scope="module")
def account(server: EmulatorServer) -> Account:
    return emulator_account(server, ADELE)


@pytest.fixture
def book(account: Account) -> AddressBook:
    return account.address_book()


def test_the_seeded_address_book(book: AddressBook) -> None:
    root = list(book.get_contacts(limit=None))
    assert len(root) == 30
    folders = {f.name: f for f in book.get_folders()}
    assert sorted(folders) == ["Family", "Work Contacts"]
    work = folders["Work Contacts"]
    vendors = work.get_folder(folder_name="Vendors")
    counts = [len(list(f.get_contacts(limit=None))) for f in (work, vendors, folders["Family"])]
    assert len(root) + sum(counts) == 50 and counts == [10, 5, 5]
    first = root[0]
    assert first.folder_id == root[1].folder_id  # the default Contacts folder
    picture = Image.open(io.BytesIO(first.get_profile_photo()))
    picture.load()
    assert picture.format == "JPEG" and picture.size == (240, 240)  # a real JPEG
    assert first.get_photo().width == 240


def test_lazy_lists_queries_and_order(book: AddressBook) -> None:
    page = book.get_contacts(limit=7, query=book.new_query().select("displayName", "surname"))
    names = [c.display_name for c in page]
    assert len(names) == 7 and page.pages_fetched == 1
    ordered = [c.surname for c in book.get_contacts(limit=None, order_by="surname")]
    assert ordered == sorted(ordered, key=str.lower)
    costa = list(book.get_contacts(limit=None, query=book.new_query().equals("surname", "Costa")))
    assert costa and {c.surname for c in costa} == {"Costa"}
    found = list(book.get_contacts(query=book.new_query().search("tailspin")))  # free text
    assert found and all(c.company_name == "Tailspin Toys" for c in found)


def test_create_with_three_emails_and_a_photo_find_by_email_edit_one_phone(
        server: EmulatorServer, book: AddressBook, tmp_path: Path) -> None:
    contact = book.new_contact()
    contact.given_name, contact.surname = "George", "Best"
    contact.emails.add("george@best.com")
    contact.emails.add(("George (work)", "george.best@manutd.com"))
    contact.emails.add("gb@belfast.org")
    contact.mobile_phone = "+44 20 7946 0000"
    contact.birthday = dt.date(1946, 5, 22)
    contact.save()
    contact.update_profile_photo(solid_jpeg(120, 96, (200, 10, 10)))
    assert contact.display_name == "George Best"  # Outlook composes it from the name
    found = book.get_contact_by_email("george.best@manutd.com")
    assert found.object_id == contact.object_id
    assert [e.address for e in found.emails] == ["george@best.com", "george.best@manutd.com",
                                                 "gb@belfast.org"]
    assert found.birthday == dt.date(1946, 5, 22) and found.get_photo().id == "120X96"
    saved = tmp_path / "george.jpg"
    assert found.download_photo(saved) == saved.stat().st_size
    assert Image.open(saved).size == (120, 96)
    found.mobile_phone = "+44 20 7946 0001"
    with GraphCalls(server) as calls:
        assert found.save() is True
    assert calls.seen == [f"PATCH users/{ADELE}/contacts/{found.object_id}"]
    assert json.loads(calls.bodies[0]) == {"mobilePhone": "+44 20 7946 0001"}  # only that field
    assert book.get_contact(found.object_id).mobile_phone == "+44 20 7946 0001"
    assert found.delete() is True
    with pytest.raises(NotFoundError):
        book.get_contact_by_email("george.best@manutd.com")


def test_a_delta_round_sees_an_add_an_edit_and_a_delete(book: AddressBook) -> None:
    family = book.get_folder(folder_name="Family")
    first = family.get_contacts_delta()
    assert len([c for c in first if isinstance(c, Contact)]) == 5
    link = first.delta_link
    added = family.new_contact()
    added.given_name, added.surname = "Nora", "Ek"
    added.save()
    edited = next(iter(family.get_contacts(limit=1)))
    edited.job_title = "Grandmother"
    edited.save()
    gone = list(family.get_contacts(limit=None))[-2]
    gone.delete()
    changes = list(family.get_contacts_delta(link))
    removed = [c.id for c in changes if isinstance(c, Removed)]
    changed = {c.object_id: c for c in changes if isinstance(c, Contact)}
    assert removed == [gone.object_id]
    assert set(changed) == {added.object_id, edited.object_id}
    assert changed[edited.object_id].job_title == "Grandmother"
    assert changed[added.object_id].folder_id == family.object_id


def test_folders_created_renamed_nested_and_deleted(book: AddressBook) -> None:
    clients = book.create_child_folder("Clients")
    assert clients.parent_id == book.get_folder(folder_name="Family").parent_id
    inner = clients.create_child_folder("Prospects")
    assert [f.name for f in clients.get_folders()] == ["Prospects"]
    inner.rename("Leads")
    assert clients.get_folder(folder_name="Leads").object_id == inner.object_id
    person = inner.new_contact()
    person.given_name = "Lead"
    person.save()
    assert [c.given_name for c in inner.get_contacts()] == ["Lead"]
    assert list(book.get_contacts(limit=None, query=book.new_query().equals(
        "givenName", "Lead"))) == []  # not in the default folder
    clients.delete()
    with pytest.raises(NotFoundError):
        book.get_folder(folder_name="Clients")


def test_another_users_address_book_and_the_gal(account: Account) -> None:
    megans = account.address_book(resource="megan@contoso.onmicrosoft.com")
    assert len(list(megans.get_contacts(limit=None))) == 30
    gal = account.address_book(address_book="gal")
    assert isinstance(gal, Directory)
    assert "Adele Vance" in [u.display_name for u in gal.get_users()]
    with pytest.raises(ValueError, match="'personal', 'gal', 'directory'"):
        account.address_book(address_book="outlook")  # type: ignore[call-overload]


def test_a_message_to_a_contact(account: Account, book: AddressBook) -> None:
    contact = next(iter(book.get_contacts(limit=1)))
    draft = contact.new_message()  # python-o365's: to the contact's main email
    assert [r.address for r in draft.to] == [contact.main_email]
    draft.subject = "Lunch?"
    assert draft.save() is True
    drafts = account.mailbox().drafts_folder().get_messages(limit=None)
    assert [m.to[0].address for m in drafts if m.subject == "Lunch?"] == [contact.main_email]
    other = contact.new_message(recipient="someone@fabrikam.com")
    assert [r.address for r in other.to] == ["someone@fabrikam.com"]
    family = book.get_folder(folder_name="Family")
    to_all = family.new_message()  # python-o365's: to every contact in the folder
    assert to_all.to and sorted(r.address for r in to_all.to) == sorted(
        c.main_email for c in family.get_contacts(limit=None) if c.main_email)


def test_bad_input_is_refused_before_any_request(server: EmulatorServer,
                                                 book: AddressBook) -> None:
    contact = next(iter(book.get_contacts(limit=1)))
    with GraphCalls(server) as calls:
        with pytest.raises(ValueError, match="not a valid email address"):
            contact.emails.add("george at best dot com")
        with pytest.raises(ValueError, match="not an image"):
            contact.update_profile_photo(b"GIF? no: plain text")
        with pytest.raises(ValueError, match="email"):
            book.get_contact_by_email("not-an-address")
        with pytest.raises(ValueError):
            book.get_contact("")
        with pytest.raises(TypeError, match="date"):
            contact.birthday = "1946-05-22"  # type: ignore[assignment]
    assert calls.seen == []


def test_a_folder_moved_and_a_contact_updated_then_refreshed(book: AddressBook,
                                                              account: Account) -> None:
    family = book.get_folder(folder_name="Family")
    archive = book.create_child_folder("Archive")
    assert archive.move_folder(family) is True                # the folder object, or its id
    again = book.get_folder(folder_id=archive.object_id)
    assert again.parent_id == family.object_id
    assert [f.name for f in family.get_folders()] == ["Archive"]
    archive.rename("Old")
    again.refresh()                                           # reloads what another copy changed
    assert again.name == "Old"

    person = again.new_contact()
    person.surname = "Refreshed"
    person.save()
    elsewhere = account.address_book().get_contact(person.object_id or "")
    elsewhere.job_title = "Archivist"
    assert elsewhere.update() is True                         # python-o365's update(): a PATCH
    assert person.job_title is None
    person.refresh()
    assert person.job_title == "Archivist"
    archive.delete()
