"""Recipes for the contacts replays (docs_examples/contacts): Adele's contacts and folders."""

from __future__ import annotations

from .world_parts import WorldParts


class ContactsRecipes(WorldParts):
    """Contacts and contact folders in Adele's address book, made with Graph calls."""

    def make_contacts_root(self) -> str:
        """The default Contacts folder's id (the parent of her top-level folders)."""
        return str(self.me.get("me/contactFolders")["value"][0]["parentFolderId"])

    def make_contact(self) -> str:
        """A contact as user-post-contacts.md creates one, in the default Contacts folder."""
        return str(self.me.ok("POST", "me/contacts", 201, json={
            "givenName": "Pavel", "surname": self.name("contact"),
            "emailAddresses": [{"address": self.id("contact_address"), "name": "Pavel"}],
            "businessPhones": ["+1 732 555 0102"],
            "imAddresses": [f"pavel{self.n}@contoso.com"],
            "businessAddress": {"street": "1 Contoso Way", "city": "Redmond", "state": "WA",
                                "countryOrRegion": "United States", "postalCode": "98052"}})["id"])

    def make_contact_address(self) -> str:
        return f"pavel{self.n}@contoso.com"

    def make_seeded_contact(self) -> str:
        """A seeded contact: each has a photo."""
        return str(self.me.get("me/contacts?$top=1")["value"][0]["id"])

    def make_contact_folder(self) -> str:
        return str(self.me.ok("POST", "me/contactFolders", 201,
                              json={"displayName": self.name("contact folder")})["id"])

    def make_other_contact_folder(self) -> str:
        return str(self.me.ok("POST", "me/contactFolders", 201,
                              json={"displayName": self.name("other contact folder")})["id"])

    def make_contact_folder_with_child(self) -> str:
        folder = self.id("contact_folder")
        self.me.ok("POST", f"me/contactFolders/{folder}/childFolders", 201,
                   json={"displayName": self.name("child contact folder")})
        return folder

    def make_contact_folder_with_contact(self) -> str:
        """{contact_folder} holding one contact, {folder_contact_address} its address."""
        folder = self.id("contact_folder")
        self.me.ok("POST", f"me/contactFolders/{folder}/contacts", 201, json={
            "givenName": "Garth", "surname": "Fort", "fileAs": "Fort, Garth",
            "initials": "G.F.", "birthday": "1974-07-22T00:00:00Z",
            "emailAddresses": [{"address": self.id("folder_contact_address")}]})
        return folder

    def make_folder_contact_address(self) -> str:
        return f"garth{self.n}@contoso.com"
