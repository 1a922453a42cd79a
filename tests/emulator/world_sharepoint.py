"""Recipes for the SharePoint replays (docs_examples/sharepoint): the seeded Marketing site,
and a list of Adele's there with the columns the documented items use (Name, Color,
Quantity, Weight: listitem-list.md, listitem-create.md)."""

from __future__ import annotations

from .world_parts import WorldParts


class SharepointRecipes(WorldParts):
    """Sites, lists, columns, items and versions, made or found with Graph calls."""

    def _list(self) -> str:
        return f"sites/{self.id('site')}/lists/{self.id('sp_list')}"

    def make_site(self) -> str:
        """The seeded Marketing site (it has lists, columns, a library and a subsite)."""
        return str(self.me.get("sites/contoso.sharepoint.com:/sites/Marketing")["id"])

    def make_site_drive(self) -> str:
        return str(self.me.get(f"sites/{self.id('site')}/drive")["id"])

    def make_sp_list(self) -> str:
        """A generic list as list-create.md makes one, with the documented items' columns."""
        return str(self.me.ok("POST", f"sites/{self.id('site')}/lists", 201, json={
            "displayName": self.name("list"), "list": {"template": "genericList"},
            "columns": [{"name": "Name", "text": {}}, {"name": "Color", "text": {}},
                        {"name": "Quantity", "number": {}}, {"name": "Weight", "number": {}}]})["id"])

    def make_sp_list_title(self) -> str:
        return str(self.me.get(self._list())["displayName"])

    def make_sp_column(self) -> str:
        return str(self.me.ok("POST", f"{self._list()}/columns", 201, json={
            "name": f"Notes{self.n}", "text": {}})["id"])

    def make_sp_item(self) -> str:
        """The Widget of listitem-get.md, in {sp_list}."""
        return str(self.me.ok("POST", f"{self._list()}/items", 201, json={"fields": {
            "Title": "Widget", "Name": "Widget", "Color": "Blue", "Quantity": 2357}})["id"])

    def make_sp_item_with_versions(self) -> str:
        """{sp_item} updated twice (each update is a version)."""
        item = self.id("sp_item")
        for quantity in (10, 20):
            self.me.ok("PATCH", f"{self._list()}/items/{item}/fields", json={"Quantity": quantity})
        return item

    def make_sp_version(self) -> str:
        """The first version of {sp_item_with_versions}."""
        item = self.id("sp_item_with_versions")
        return str(self.me.get(f"{self._list()}/items/{item}/versions")["value"][-1]["id"])

    def make_library(self) -> str:
        """The site's Documents library (a list)."""
        return str(self.me.get(f"sites/{self.id('site')}/lists/Documents")["id"])

    def make_library_item(self) -> str:
        """The list item of a seeded file in the Documents library."""
        site, library = self.id("site"), self.id("library")
        return str(self.me.get(f"sites/{site}/lists/{library}/items")["value"][0]["id"])
