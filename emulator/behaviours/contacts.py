"""Seeded personal contacts: every user's address book has a few folders and fifty contacts,
each with a photo (emulator.behaviours.directory draws it).

Everything else about contacts is generic: the specs' `owner_field: parentFolderId` files a
contact and a folder under its parent (the default Contacts folder's id is the user's, as
the mail root's is), delta is tracked per folder, `$search` is free text (emulator.odata).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from . import ActionContext, Response, behaviour, seeder
from .directory import seeded_photo, set_photo

if TYPE_CHECKING:
    from ..seed import SeedContext

CONTACT = "microsoft.graph.contact"
FOLDER = "microsoft.graph.contactFolder"
USER = "microsoft.graph.user"
STAMP = "2024-02-01T09:00:00Z"

GIVEN = ("Ana", "Bruno", "Chen", "Dara", "Elif", "Farid", "Greta", "Hiro", "Ines", "Jonas")
FAMILY = ("Alvarez", "Becker", "Costa", "Dubois", "Eriksen")
COMPANIES = ("Fabrikam", "Northwind Traders", "Tailspin Toys", "Wingtip Toys", "Litware")
TITLES = ("Buyer", "Account Manager", "Engineer", "Consultant", "Designer")
# (folder path below the default folder or "" for it, how many contacts go there)
LAYOUT: tuple[tuple[str, int], ...] = (("", 30), ("Work Contacts", 10),
                                       ("Work Contacts/Vendors", 5), ("Family", 5))


def contact_data(index: int, folder_id: str, rgb_seed: int) -> dict[str, Any]:
    """The `index`-th seeded contact (0-49): names, three kinds of phone, an address."""
    given, surname = GIVEN[index % len(GIVEN)], FAMILY[index // len(GIVEN) % len(FAMILY)]
    company = COMPANIES[index % len(COMPANIES)]
    domain = company.lower().replace(" ", "") + ".com"
    address = f"{given.lower()}.{surname.lower()}@{domain}"
    return {
        "displayName": f"{given} {surname}", "givenName": given, "surname": surname,
        "fileAs": f"{surname}, {given}", "middleName": None, "nickName": None,
        "initials": f"{given[0]}.{surname[0]}.", "title": None, "generation": None,
        "emailAddresses": [{"name": f"{given} {surname}", "address": address}],
        "imAddresses": [], "businessPhones": [f"+1 206 555 {1000 + index:04d}"],
        "homePhones": [], "mobilePhone": f"+1 425 555 {2000 + index:04d}",
        "companyName": company, "department": None, "jobTitle": TITLES[index % len(TITLES)],
        "officeLocation": None, "profession": None, "manager": None, "assistantName": None,
        "businessHomePage": f"https://www.{domain}", "spouseName": None, "children": [],
        "birthday": f"19{70 + index % 25}-{1 + index % 12:02d}-{1 + index % 28:02d}T00:00:00Z",
        "personalNotes": "", "categories": [],
        "businessAddress": {"street": f"{100 + index} Main St", "city": "Seattle",
                            "state": "WA", "postalCode": "98101", "countryOrRegion": "United States"},
        "homeAddress": {}, "otherAddress": {},
        "yomiGivenName": None, "yomiSurname": None, "yomiCompanyName": None,
        "parentFolderId": folder_id, "createdDateTime": STAMP, "lastModifiedDateTime": STAMP,
        "changeKey": f"EQAAABYAAAC{rgb_seed:08d}",
    }


@behaviour(CONTACT, "@created")
def compose_display_name(ctx: ActionContext) -> Response:
    """Outlook names a contact created without a displayName from its name parts (the
    answer of user-post-contacts.md: givenName + surname -> "Pavel Bansky")."""
    record = ctx.target
    assert record is not None
    if not record.data.get("displayName"):
        parts = [record.data.get(k) for k in ("givenName", "middleName", "surname")]
        name = " ".join(str(p) for p in parts if p)
        if name:
            ctx.app.store.update(record, {"displayName": name})
    return 201, {}, b""


@seeder(CONTACT)
def seed_contacts(ctx: SeedContext) -> None:
    store = ctx.store
    for user in sorted(store.items(USER, ""), key=lambda r: r.id):
        scope = f"users/{user.id}"
        folders = {"": user.id}  # the default Contacts folder's id is the user's
        for path, _count in LAYOUT:
            if path and path not in folders:
                parent, _, name = path.rpartition("/")
                record = store.insert(FOLDER, scope, {"displayName": name,
                                                      "parentFolderId": folders[parent]},
                                      id_style="outlook")
                folders[path] = record.id
        index = 0
        for path, count in LAYOUT:
            for _ in range(count):
                record = store.insert(CONTACT, scope, contact_data(index, folders[path], index),
                                      id_style="outlook")
                rgb = (ctx.rng.randrange(30, 230), ctx.rng.randrange(30, 230),
                       ctx.rng.randrange(30, 230))
                set_photo(store, record, seeded_photo(rgb))
                index += 1
