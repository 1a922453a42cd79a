"""The generated SharePoint API against Microsoft's documented example responses.

Cassettes are written by tests/sharepoint/build_cassettes.py; each interaction names its
source page of microsoftgraph/microsoft-graph-docs-contrib (api-reference/v1.0/api/*.md).
Requests must match the documented ones, bodies included, or playback fails.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from vcr.errors import CannotOverwriteExistingCassetteException as CannotSendRequest

from generated.o365._runtime.connection import Connection
from generated.o365._runtime.delta import Removed
from generated.o365.sharepoint.content_type import ContentType
from generated.o365.sharepoint.sharepoint import Sharepoint
from generated.o365.sharepoint.sharepoint_list import SharepointList
from generated.o365.sharepoint.sharepoint_list_column import SharepointListColumn
from generated.o365.sharepoint.sharepoint_list_item import SharepointListItem
from generated.o365.sharepoint.site import Site
from generated.o365.storage.drive import Drive
from generated.o365.storage.drive_item import DriveItem
from generated.o365.types import NumberColumn, TextColumn
from tests.sharepoint.build_cassettes import DRIVE_ID, LIST_ID, ROOT_ID, SITE_ID
from tests.sharepoint.conftest import bound, cassette

UTC = dt.timezone.utc
# The columns of the documented list items (Name, Color, Quantity) and of the documented new
# item (Title, Color, Weight): what the list says about them when it was got with its columns.
COLUMNS: list[dict[str, Any]] = [
    {"name": "Title", "displayName": "Title", "text": {}, "indexed": False},
    {"name": "Name", "displayName": "Name", "text": {}},
    {"name": "Color", "displayName": "Color",
     "choice": {"choices": ["Red", "Blue", "Green", "Purple", "Fuchsia"]}},
    {"name": "Quantity", "displayName": "Quantity", "number": {}},
    {"name": "Weight", "displayName": "Weight", "number": {}},
]


def inventory(con: Connection, columns: list[dict[str, Any]] | None = COLUMNS) -> SharepointList:
    data: dict[str, Any] = {"id": LIST_ID, "displayName": "Inventory"}
    if columns is not None:
        data["columns"] = columns
    found: SharepointList = bound(SharepointList, con, data, site_id=SITE_ID)
    return found


def test_sites_by_every_address(graph_con: Connection) -> None:
    """site-get.md, site-getbypath.md, site-search.md, sites-list-followed.md."""
    sharepoint = Sharepoint(graph_con, "me")
    with cassette("sites.yaml") as played:
        root = sharepoint.get_root_site()
        assert isinstance(root, Site)
        assert root.id == SITE_ID and root.display_name == "OneDrive Team Site"
        assert root.name == "1drvteam" and root.web_url == "https://contoso.sharepoint.com/teams/1drvteam"
        assert root.created == dt.datetime(2017, 5, 9, 20, 56, tzinfo=UTC)
        assert root.modified == dt.datetime(2017, 5, 9, 20, 56, 1, tzinfo=UTC)
        assert sharepoint.get_site("contoso.sharepoint.com").id == SITE_ID
        by_path = sharepoint.get_site("contoso.sharepoint.com", "/teams/1drvteam")
        assert by_path.id == SITE_ID
        by_url = sharepoint.get_site("https://contoso.sharepoint.com/teams/1drvteam")
        assert by_url.id == SITE_ID
        assert sharepoint.get_site(SITE_ID).name == "1drvteam"
        found = list(sharepoint.search_site("Team"))
        assert [s.name for s in found] == ["Team A Site", "Team B Site"]
        assert found[1].web_url == "https://contoso.sharepoint.com/sites/siteB"
        followed = list(sharepoint.get_followed_sites())
        assert [s.display_name for s in followed] == ["OneDrive Team Site", "OneDrive Team Site1"]
        assert followed[0].site_collection.hostname == "contoso.sharepoint.com"
        assert followed[1].sharepoint_ids.web_id == "1D2244C3-251A-49EA-93A8-39E1C3A060FE"
        assert played.all_played


def test_a_site_its_subsites_columns_content_types_and_libraries(graph_con: Connection) -> None:
    """site-get.md, site-list-subsites.md, site-list-columns.md, site-list-contenttypes.md,
    contenttype-get.md, drive-get.md, drive-list.md."""
    site: Site = bound(Site, graph_con, {"id": SITE_ID})
    with cassette("site.yaml") as played:
        assert site.refresh().display_name == "OneDrive Team Site"
        assert not site.root  # the documented site has no root facet
        assert [s.name for s in site.get_subsites()] == ["Team A Subsite", "Team B Subsite"]
        columns = list(site.get_columns())
        assert [c.name for c in columns] == ["Title", "Address"]
        assert columns[0].field_type == "text" and columns[0].text.max_length == 255
        types = list(site.get_content_types())
        assert [t.name for t in types] == ["System", "docSet"]
        assert types[1].base == {"name": "Document Set", "id": "0x0120D520"}
        document_set = bound(ContentType, graph_con, {"id": "0x0120D520"}, site_id=SITE_ID)
        assert document_set.refresh().group == "Document Set Content Types"
        library = site.get_drive()
        assert isinstance(library, Drive) and library.id == DRIVE_ID
        assert site.get_document_library(DRIVE_ID).drive_type == "business"
        assert [d.name for d in site.list_document_libraries()] == ["OneDrive"]
        assert played.all_played


def test_lists_get_create_update_delete(graph_con: Connection) -> None:
    """list-list.md, list-get.md (by id, by title), list-create.md."""
    site: Site = bound(Site, graph_con, {"id": SITE_ID})
    with cassette("lists.yaml") as played:
        lists = list(site.get_lists())
        assert [(x.name, x.template) for x in lists] == [("Documents", "documentLibrary"),
                                                          ("MicroFeed", "genericList")]
        assert lists[1].hidden is False
        feed = site.get_list("1234-112-112-4")
        assert feed.name == "MicroFeed" and feed.list_info.template == "genericList"
        assert site.get_list_by_name("MicroFeed").id == feed.id
        books = site.create_list("Books", columns=[
            SharepointListColumn(name="Author", text=TextColumn()),
            {"name": "PageCount", "number": {}}])
        assert books.id == LIST_ID
        assert books.created_by.user.display_name == "Ryan Gregg"
        assert feed.refresh().created == dt.datetime(2016, 8, 30, 8, 32, tzinfo=UTC)
        assert feed.update(description="Daily news") is True
        assert feed.get_drive().id == DRIVE_ID
        assert feed.delete() is True
        assert played.all_played


def test_columns_and_content_types_of_a_list(graph_con: Connection) -> None:
    """list-list-columns.md, list-post-columns.md, columndefinition-get/update/delete.md,
    list-list-contenttypes.md, contenttype-addcopy.md."""
    books = inventory(graph_con, columns=None)
    with cassette("columns.yaml") as played:
        title, address = books.get_list_columns()
        assert (title.internal_name, address.display_name) == ("Title", "Address")
        assert title.read_only is False and title.indexed is False
        made = books.new_column(name="Title", description="test",
                                text=TextColumn(allow_multiple_lines=False,
                                                append_changes_to_existing_text=False,
                                                lines_for_editing=0, max_length=255))
        made.enforce_unique_values, made.hidden, made.indexed = False, False, False
        assert made.save() is True and made.id == "99ddcf45-e2f7-4f17-82b0-6fba34445103"
        assert title.refresh().text.max_length == 255
        address.required, address.hidden, address.propagate_changes = True, False, False
        assert address.save() is True and address.required is True
        assert title.delete() is True
        assert [t.id for t in books.get_content_types()] == ["0x", "0x00A7470EADF4194E2E9ED1031B61DA0884"]
        added = books.add_content_type("0x0101")
        assert isinstance(added, ContentType) and added.name == "JavaScript Display Template"
        assert added.parent_id == "0x01" and added.sealed is False
        assert played.all_played


def test_items_typed_by_their_columns(graph_con: Connection) -> None:
    """listitem-list.md, listitem-get.md, listitem-create.md, listitem-update.md (only the
    changed values sent), listitem-list-versions.md, listitemversion-restore.md,
    driveitem-get.md (an item's driveItem), listitem-delete.md."""
    books = inventory(graph_con)
    with cassette("items.yaml") as played:
        items = list(books.get_items(expand_fields=["Name", "Color", "Quantity"]))
        assert [i.fields["Name"] for i in items] == ["Gadget", "Widget", "Gizmo"]
        assert [i.fields["Quantity"] for i in items] == [503.0, 2357.0, 92.0]
        assert all(isinstance(i.fields["Quantity"], float) for i in items)
        assert items[0].fields.raw["Quantity"] == 503  # the JSON as Graph sent it
        widget = books.get_item("5")
        assert widget.fields["Color"] == "Blue"
        made = books.new_item({"Title": "Widget", "Color": "Purple", "Weight": 32})
        assert isinstance(made, SharepointListItem) and made.id == "20"
        assert made.created_by.user.display_name == "Ryan Gregg"
        widget.fields["Color"] = "Fuchsia"
        widget.fields["Quantity"] = 934
        assert widget.save_updates() is True  # sends {"Color": ..., "Quantity": ...} only
        assert widget.fields["Name"] == "Widget" and widget.fields["Quantity"] == 934.0
        versions = list(widget.get_versions())
        assert [v.id for v in versions] == ["3.0", "2.0", "1.0"]
        assert versions[0].last_modified_by.user.display_name == "Ryan Gregg"
        versions[1].restore()
        file = widget.get_drive_item()
        assert isinstance(file, DriveItem) and file.id == ROOT_ID
        in_drive: DriveItem = bound(DriveItem, graph_con, {"id": ROOT_ID}, drive_id=DRIVE_ID)
        assert in_drive.get_list_item().fields["Name"] == "Widget"
        assert widget.delete() is True
        assert books.delete_list_item("7") is True
        assert played.all_played


def test_a_filter_on_a_column_that_is_not_indexed_asks_graph_to_honor_it(
        graph_con: Connection) -> None:
    """listitem-list.md; the Prefer header Graph asks for on columns that are not indexed."""
    books = inventory(graph_con)
    with cassette("filter.yaml") as played:
        found = list(books.get_items(query="fields/Color eq 'Blue'"))  # matched with its Prefer
        assert len(found) == 3
        assert played.all_played
    indexed = inventory(graph_con, [{**COLUMNS[2], "indexed": True}])
    with cassette("filter.yaml"), pytest.raises(CannotSendRequest):
        list(indexed.get_items(query="fields/Color eq 'Blue'"))  # indexed: no Prefer, no match


def test_list_delta_reports_changes_and_deletions(graph_con: Connection) -> None:
    """listitem-delta.md: the first round (two pages), a deletion with the deleted facet."""
    books = inventory(graph_con)
    with cassette("delta.yaml") as played:
        changes = books.get_changes()
        seen = list(changes)
        assert [getattr(s, "id", None) for s in seen] == ["1", "2", "3", "1", "3"]
        removed = seen[-1]
        assert isinstance(removed, Removed) and removed.id == "3"
        assert isinstance(seen[0], SharepointListItem)
        assert seen[0].content_type.name == "Folder"
        assert changes.delta_link is not None and changes.delta_link.endswith("token=1230919asd190410jlka")
        assert played.all_played


def test_new_columns_take_typed_facets() -> None:
    """A column built locally carries its typed facet (no request)."""
    column = SharepointListColumn(name="Pages", number=NumberColumn(minimum=0))
    assert column.field_type == "number"
    assert column.to_api() == {"name": "Pages", "number": {"minimum": 0}}
