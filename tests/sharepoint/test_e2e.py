"""SharePoint end to end: the generated API against the local emulator over real sockets.

The emulator's tenant has a root site (https://contoso.sharepoint.com), the team sites
Marketing and Engineering with a subsite each, a Documents library (a storage drive) in
every site, and on Marketing the lists Categories, Inventory (every column type, Category
looking up Categories) and Orders (1,000 items; Status is a choice column that is not
indexed, Amount a number column that is). Tests sign in app-only as Patti.
"""

from __future__ import annotations

import datetime as dt
import io
import json
from collections.abc import Iterator
from typing import Any

import pytest
import requests

from generated.o365 import Account, LookupValue, PersonValue, SharepointListColumn
from generated.o365._runtime.delta import Removed
from generated.o365._runtime.errors import BadRequestError, NotFoundError, NoUserContextError
from generated.o365.emulator import EmulatorServer
from generated.o365.sharepoint.sharepoint import Sharepoint
from generated.o365.sharepoint.sharepoint_list import SharepointList
from generated.o365.sharepoint.site import Site
from generated.o365.storage.drive import Drive
from generated.o365.storage.file import File
from generated.o365.types import ChoiceColumn, DateTimeColumn, NumberColumn, TextColumn
from tests.support.accounts import emulator_account

PATTI = "patti@contoso.onmicrosoft.com"
HOST = "contoso.sharepoint.com"


@pytest.fixture(scope="module")
def server() -> Iterator[EmulatorServer]:
    with EmulatorServer(seed=5) as emulator:
        yield emulator


@pytest.fixture
def account(server: EmulatorServer) -> Account:
    return emulator_account(server, PATTI)


@pytest.fixture
def sharepoint(account: Account) -> Sharepoint:
    return account.sharepoint()


@pytest.fixture
def marketing(sharepoint: Sharepoint) -> Site:
    return sharepoint.get_site(HOST, "/sites/Marketing")


class Sent:
    """Every request the account's connection sends: (method, URL, JSON body or None)."""

    def __init__(self, account: Account) -> None:
        self.requests: list[tuple[str, str, Any]] = []
        account.con.get_session().hooks["response"].append(self._seen)

    def _seen(self, response: requests.Response, *args: Any, **kwargs: Any) -> None:
        request = response.request
        body = request.body.decode() if isinstance(request.body, bytes) else request.body
        self.requests.append((str(request.method), str(request.url),
                              json.loads(body) if body and body[:1] in "{[" else None))

    def clear(self) -> None:
        self.requests.clear()


# ---------------------------------------------------------------------- sites


def test_a_site_by_host_and_path_and_every_other_address(sharepoint: Sharepoint) -> None:
    marketing = sharepoint.get_site(HOST, "/sites/Marketing")
    assert marketing.display_name == "Marketing"
    assert marketing.web_url == "https://contoso.sharepoint.com/sites/Marketing"
    assert marketing.id.startswith(f"{HOST},") and marketing.id.count(",") == 2
    assert marketing.site_collection.hostname == HOST
    assert marketing.root and isinstance(marketing.created, dt.datetime)
    assert sharepoint.get_site(f"https://{HOST}/sites/Marketing").id == marketing.id
    assert sharepoint.get_site(marketing.id).name == "Marketing"
    assert sharepoint.get_site("root", "/sites/Marketing").id == marketing.id  # python-o365's form
    root = sharepoint.get_root_site()
    assert root.display_name == "Contoso" and root.web_url == f"https://{HOST}"
    assert sharepoint.get_site(HOST).id == root.id
    subsite = sharepoint.get_site(HOST, "/sites/Marketing/Campaigns")
    assert not subsite.root and subsite.display_name == "Campaigns"
    with pytest.raises(NotFoundError):
        sharepoint.get_site(HOST, "/sites/Nowhere")


def test_subsites_search_and_followed_sites(account: Account, marketing: Site,
                                           sharepoint: Sharepoint) -> None:
    assert [s.display_name for s in marketing.get_subsites()] == ["Campaigns"]
    assert {s.display_name for s in sharepoint.search_site("engineering")} == {"Engineering",
                                                                              "Platform"}
    assert [s.display_name for s in sharepoint.get_followed_sites()] == ["Marketing"]
    app_only = Account(("x", "y"), auth_flow_type="credentials", tenant_id="t")
    with pytest.raises(NoUserContextError, match="needs a user"):
        app_only.sharepoint().get_followed_sites()


# ---------------------------------------------------------------------- lists and items


def test_lists_come_with_their_columns_and_read_typed(marketing: Site) -> None:
    lists = {x.display_name: x for x in marketing.get_lists()}
    assert {"Documents", "Categories", "Inventory", "Orders"} <= set(lists)
    assert lists["Documents"].template == "documentLibrary"
    inventory = marketing.get_list_by_name("Inventory")
    assert inventory.column_name_cw["In stock"] == "InStock"
    kinds = {c.name: c.field_type for c in inventory.get_list_columns()}
    assert {kinds[n] for n in ("Title", "Quantity", "Price", "InStock", "Color", "Due",
                               "Category", "Owner", "Website", "Total")} == {
        "text", "number", "currency", "boolean", "choice", "dateTime", "lookup",
        "personOrGroup", "hyperlinkOrPicture", "calculated"}
    widget = next(iter(inventory.get_items(query="fields/Title eq 'Widget'")))
    fields = widget.fields
    assert fields["Quantity"] == 12.0 and isinstance(fields["Quantity"], float)
    assert fields["Price"] == 2.5 and fields["InStock"] is True and fields["Color"] == "Red"
    assert fields["Due"] == dt.datetime(2024, 3, 1, tzinfo=dt.timezone.utc)
    assert isinstance(fields["Category"], LookupValue) and fields["Category"].value == "Books"
    owner = fields["Owner"]
    assert isinstance(owner, PersonValue) and owner.display_name == "Patti Fernandez"
    assert fields["Website"]["Url"] == "https://contoso.com/widget"
    assert fields["Total"] == 30.0  # calculated: Quantity * Price
    assert fields.raw["CategoryLookupId"] == str(fields["Category"].id)


def test_create_a_list_add_items_filter_and_update_one_field(
        account: Account, marketing: Site) -> None:
    """The issue's scenario: five column types, three items, a filter on a choice column,
    an update that sends only the field that changed."""
    books = marketing.create_list("Reading list", columns=[
        SharepointListColumn(name="Writer", text=TextColumn()),
        SharepointListColumn(name="Pages", number=NumberColumn(minimum=0)),
        SharepointListColumn(name="Genre", choice=ChoiceColumn(choices=["Fiction", "Poetry"])),
        SharepointListColumn(name="Finished", date_time=DateTimeColumn(format="dateOnly")),
        {"name": "Borrowed", "boolean": {}},
    ], template="genericList", description="What we read")
    books = marketing.get_list(books.id)  # with its column definitions
    sent = Sent(account)
    for title, author, pages, genre in (("Dune", "Herbert", 412, "Fiction"),
                                         ("Leaves", "Whitman", 145, "Poetry"),
                                         ("Emma", "Austen", 474, "Fiction")):
        books.new_item({"Title": title, "Writer": author, "Pages": pages, "Genre": genre,
                        "Finished": dt.date(2024, 5, 1), "Borrowed": False})
    assert [r[0] for r in sent.requests] == ["POST"] * 3  # no column lookups first
    assert sent.requests[0][2]["fields"]["Finished"] == "2024-05-01T00:00:00Z"
    fiction = list(books.get_items(query="fields/Genre eq 'Fiction'", order_by="fields/Pages"))
    assert [i.fields["Title"] for i in fiction] == ["Dune", "Emma"]
    dune = fiction[0]
    sent.clear()
    dune.fields["Pages"] = 413
    assert dune.save() is True
    [(method, url, body)] = sent.requests
    assert method == "PATCH" and url.endswith(f"/items/{dune.id}/fields")
    assert body == {"Pages": 413}
    again = books.get_item(dune.id)
    assert again.fields["Pages"] == 413.0 and again.fields["Writer"] == "Herbert"
    assert [v.id for v in again.get_versions()] == ["2.0", "1.0"]


def test_bad_values_fail_before_any_request(account: Account, sharepoint: Sharepoint,
                                            marketing: Site) -> None:
    inventory = marketing.get_list_by_name("Inventory")
    sent = Sent(account)
    with pytest.raises(ValueError, match="a server-relative path starts with '/'"):
        sharepoint.get_site(HOST, "sites/Marketing")
    with pytest.raises(ValueError, match="no column 'Colour'"):
        inventory.new_item({"Title": "x", "Colour": "Red"})
    with pytest.raises(TypeError, match="'Quantity' \\(number\\) takes a number, not str"):
        inventory.new_item({"Title": "x", "Quantity": "many"})
    with pytest.raises(ValueError, match="'Orange' is not a choice of column 'Color'"):
        inventory.new_item({"Title": "x", "Color": "Orange"})
    with pytest.raises(ValueError, match="'Total' is read-only"):
        inventory.new_item({"Title": "x", "Total": 3})
    item = next(iter(inventory.get_items(limit=1)))
    sent.clear()
    with pytest.raises(TypeError, match="takes a datetime or a date"):
        item.fields["Due"] = "tomorrow"
    assert sent.requests == []


def test_the_emulator_checks_values_too(account: Account, marketing: Site) -> None:
    """What a client that does not check sends (raw JSON through the connection)."""
    inventory = marketing.get_list_by_name("Inventory")
    path = f"sites/{marketing.id}/lists/{inventory.id}/items"
    for fields, message in (({"Colour": "Red"}, "not recognized"),
                            ({"Quantity": "many"}, "Invalid value"),
                            ({"Color": "Orange"}, "not a choice"),
                            ({"Total": 1}, "read-only")):
        with pytest.raises(BadRequestError, match=message):
            account.con.post(path, json={"fields": {"Title": "x", **fields}})


def test_a_thousand_items_page_lazily_and_filter(account: Account, marketing: Site) -> None:
    orders = marketing.get_list_by_name("Orders")
    pager = orders.get_items(page_size=200, expand_fields=["Title", "Amount"])
    items = list(pager)
    titles = [i.fields["Title"] for i in items]
    assert len(titles) == 1000 and pager.pages_fetched == 5
    # $expand=fields($select=Title,Amount): only those values come (listitem-list.md)
    assert {name for name in items[0].fields.raw if not name.startswith("@")} == {"Title", "Amount"}
    assert titles[:2] == ["Order 0001", "Order 0002"]
    first = orders.get_items(limit=3)
    assert len(first) == 3 and first.pages_fetched == 1
    active = list(orders.get_items(query="fields/Status eq 'Active'"))  # not indexed: Prefer sent
    assert len(active) == 334 and {i.fields["Status"] for i in active} == {"Active"}
    big = [i.fields["Amount"] for i in orders.get_items(query="fields/Amount gt 990",
                                                        order_by="fields/Amount desc")]
    seeded = sorted((n * 10 % 997 for n in range(1, 1001) if n * 10 % 997 > 990), reverse=True)
    assert big == seeded and len(big) == 6  # Amount is indexed: no Prefer needed


def test_graph_refuses_a_filter_on_a_column_that_is_not_indexed_without_prefer(
        account: Account, marketing: Site) -> None:
    orders = marketing.get_list_by_name("Orders")
    path = f"sites/{marketing.id}/lists/{orders.id}/items"
    with pytest.raises(BadRequestError, match="cannot be referenced in filter or orderby") as err:
        account.con.get(path, params={"$filter": "fields/Status eq 'Active'"})
    assert err.value.code == "invalidRequest"
    answer = account.con.get(path, params={"$filter": "fields/Status eq 'Active'", "$top": "1"},
                             headers={"Prefer": "HonorNonIndexedQueriesWarningMayFailRandomly"})
    assert answer.json()["value"]
    indexed = account.con.get(path, params={"$filter": "fields/Amount gt 994"})
    assert len(indexed.json()["value"]) == 2  # 996 and 995, without the header


def test_items_get_delete_versions_and_restore(marketing: Site) -> None:
    categories = marketing.get_list_by_name("Categories")
    item = categories.create_list_item({"Title": "Tools"})
    assert categories.get_item_by_id(item.id, expand_fields=True).fields["Title"] == "Tools"
    item.update_fields({"Title": "Power tools"})
    assert item.save_updates() is True
    first = list(item.get_versions())[-1]
    first.restore()
    assert categories.get_item(item.id).fields["Title"] == "Tools"
    assert [v.id for v in item.get_versions()] == ["3.0", "2.0", "1.0"]
    assert categories.delete_list_item(item.id) is True
    with pytest.raises(NotFoundError):
        categories.get_item(item.id)


def test_list_delta_sees_an_add_and_a_delete(marketing: Site) -> None:
    categories = marketing.get_list_by_name("Categories")
    first = categories.get_changes()
    seen = {i.id for i in first}
    assert len(seen) >= 3 and first.delta_link
    added = categories.new_item({"Title": "Toys"})
    doomed = next(i for i in categories.get_items() if i.fields["Title"] == "Games")
    doomed.delete()
    later = list(categories.get_changes(first.delta_link))
    assert [i.id for i in later if not isinstance(i, Removed)] == [added.id]
    assert [i.id for i in later if isinstance(i, Removed)] == [doomed.id]


def test_list_update_delete_columns_and_content_types(marketing: Site) -> None:
    tasks = marketing.create_list("Chores", template="genericList")
    assert tasks.update(description="Weekly chores") is True
    assert marketing.get_list(tasks.id).description == "Weekly chores"
    column = tasks.new_column(name="Effort", number=NumberColumn(minimum=1), indexed=True)
    assert column.save() is True and column.display_name == "Effort"
    assert "Effort" in [c.name for c in tasks.get_columns()]
    document = next(t for t in marketing.get_content_types() if t.name == "Document")
    assert tasks.add_content_type(document).name == "Document"
    assert "Document" in [t.name for t in tasks.get_content_types()]
    assert tasks.delete() is True
    with pytest.raises(NotFoundError):
        marketing.get_list(tasks.id)


# ---------------------------------------------------------------------- document libraries


def test_upload_through_the_sites_document_library(marketing: Site, tmp_path: Any) -> None:
    library = marketing.get_drive()
    assert isinstance(library, Drive) and library.drive_type == "documentLibrary"
    assert library.id == marketing.get_default_document_library().id
    assert [d.name for d in marketing.list_document_libraries()] == ["Documents"]
    assert marketing.get_document_library(library.id).name == "Documents"
    uploaded = library.get_root_folder().upload_file(io.BytesIO(b"minutes of the meeting"),
                                                     "Minutes.txt")
    assert isinstance(uploaded, File) and uploaded.size == 22
    target = tmp_path / "copy.txt"
    uploaded.download(target)
    assert target.read_bytes() == b"minutes of the meeting"
    documents: SharepointList = marketing.get_list_by_name("Documents")
    names = {i.fields["FileLeafRef"] for i in documents.get_items()}
    assert {"Minutes.txt", "Brand guidelines.docx", "Campaign plan.xlsx"} <= names
    item = uploaded.get_list_item()
    assert item.fields["FileLeafRef"] == "Minutes.txt"
    assert item.get_drive_item().id == uploaded.id
