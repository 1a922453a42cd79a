"""Generated code for open values, path-based addressing and user-optional services, over
real sockets: params in, exact request out (fixture `open_values_and_path_addressing`).

What it guards: `open_values:` (values of an open field typed by definitions read at run
time), `definitions:` (objects that carry those definitions), option flags on by default
that also take names, `changes_of:` updates, `address_below:` with a positional optional
parameter, `reference:` references, computed `args`, and `resource_optional` accessors.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from types import ModuleType
from typing import Any

import pytest

from generated.o365._runtime.connection import Connection
from generated.o365._runtime.errors import NoUserContextError
from generated.o365._runtime.open_values import LookupValue, PersonValue
from generated.o365._runtime.protocol import MSGraphProtocol
from tests.support.server import Reply, ScriptServer

FIXTURE = "open_values_and_path_addressing"

COLUMNS = [
    {"name": "Title", "displayName": "Title", "text": {}, "indexed": True},
    {"name": "Count", "displayName": "How many", "number": {}},
    {"name": "Done", "displayName": "Done", "flag": {}},
    {"name": "Due", "displayName": "Due", "when": {}},
    {"name": "Size", "displayName": "Size", "pick": {"options": ["S", "M"]}},
    {"name": "Note", "displayName": "Note", "pick": {"options": ["a"], "anyValue": True}},
    {"name": "Parent", "displayName": "Parent", "link": {}},
    {"name": "Tags", "displayName": "Tags", "link": {"many": True}},
    {"name": "Owner", "displayName": "Owner", "who": {}},
    {"name": "Total", "displayName": "Total", "formula": {}},
    {"name": "Made", "displayName": "Made", "when": {}, "readOnly": True},
]


@pytest.fixture
def server() -> Iterator[ScriptServer]:
    with ScriptServer() as srv:
        yield srv


@pytest.fixture
def con(server: ScriptServer) -> Connection:
    return Connection(protocol=MSGraphProtocol(protocol_url=server.url("/"), timezone="UTC"))


def catalog(fixture_package: ModuleType, con: Connection) -> Any:
    from generated.o365.catalog.catalog import Catalog

    return Catalog(con, "")


def shelf(fixture_package: ModuleType, server: ScriptServer, con: Connection,
          columns: list[dict[str, Any]] | None = COLUMNS) -> Any:
    """A shelf got from Graph (with its columns when given): what `get_shelf` builds."""
    body: dict[str, Any] = {"id": "S1", "name": "Books"}
    if columns is not None:
        body["columns"] = columns
    server.enqueue(Reply(200, body=body))
    found = catalog(fixture_package, con).get_shelf("S1")
    server.requests.clear()
    return found


def entry(fixture_package: ModuleType, con: Connection, values: dict[str, Any]) -> Any:
    from generated.o365.catalog.entry import Entry

    return Entry._factory(con, {"resource": "", "shelf_id": "S1"})({"id": "7", "values": values})


# -- reading ---------------------------------------------------------------------------------


def test_values_read_typed_by_the_definitions_the_shelf_brought(
        fixture_package: ModuleType, server: ScriptServer, con: Connection) -> None:
    shelf(fixture_package, server, con)
    item = entry(fixture_package, con, {
        "Title": "Widget", "Count": 3, "Done": True, "Due": "2024-05-01T09:30:00Z",
        "Size": "M", "ParentRef": "12", "Parent": "Gadgets", "TagsRef": ["1", "2"],
        "OwnerRef": "6", "Owner": "Adele Vance", "Total": "=3", "Extra": {"x": 1}})
    values = item.values
    assert values["Count"] == 3.0 and isinstance(values["Count"], float)
    assert values["Due"] == dt.datetime(2024, 5, 1, 9, 30, tzinfo=dt.timezone.utc)
    assert values["Parent"] == LookupValue(12, "Gadgets")
    assert values["Tags"] == [LookupValue(1), LookupValue(2)]
    owner = values["Owner"]
    assert isinstance(owner, PersonValue) and owner.id == 6 and owner.display_name == "Adele Vance"
    assert values["Extra"] == {"x": 1}  # no definition: as Graph sent it
    assert values.raw["Count"] == 3 and values.raw["Due"] == "2024-05-01T09:30:00Z"
    assert server.requests == []  # typed reads never send anything


def test_values_stay_as_sent_when_the_definitions_are_not_known(
        fixture_package: ModuleType, server: ScriptServer, con: Connection) -> None:
    item = entry(fixture_package, con, {"Count": 3, "Due": "2024-05-01T09:30:00Z"})
    assert item.values["Count"] == 3 and item.values["Due"] == "2024-05-01T09:30:00Z"
    assert server.requests == []


# -- writing ---------------------------------------------------------------------------------


def test_new_entry_encodes_values_by_their_definitions(
        fixture_package: ModuleType, server: ScriptServer, con: Connection) -> None:
    s = shelf(fixture_package, server, con)
    server.enqueue(Reply(201, body={"id": "8", "values": {"Title": "A"}}))
    made = s.new_entry({"Title": "A", "Count": 2, "Done": False, "Due": dt.date(2024, 6, 1),
                        "Size": "S", "Note": "anything", "Parent": 12, "Tags": [1, LookupValue(2)],
                        "Owner": LookupValue(6)})
    [req] = server.requests
    assert (req.method, req.path) == ("POST", "/v1.0/shelves/S1/entries")
    assert req.json() == {"values": {
        "Title": "A", "Count": 2, "Done": False, "Due": "2024-06-01T00:00:00Z", "Size": "S",
        "Note": "anything", "ParentRef": "12", "TagsRef@odata.type": "Collection(Edm.String)",
        "TagsRef": ["1", "2"], "OwnerRef": "6"}}
    assert made.id == "8" and made.values["Title"] == "A"


@pytest.mark.parametrize(("values", "error", "message"), [
    ({"Colour": "x"}, ValueError, "there is no column 'Colour' here"),
    ({"Count": "three"}, TypeError, "column 'Count' \\(number\\) takes a number, not str"),
    ({"Count": True}, TypeError, "takes a number, not bool"),
    ({"Done": "yes"}, TypeError, "takes a bool"),
    ({"Due": "tomorrow"}, TypeError, "takes a datetime or a date"),
    ({"Size": "XL"}, ValueError, "'XL' is not a choice of column 'Size' \\(choices: S, M\\)"),
    ({"Parent": "twelve"}, TypeError, "takes the id of what it points at"),
    ({"Parent": [1, 2]}, TypeError, "takes one value, not a list"),
    ({"Total": 1}, ValueError, "column 'Total' is read-only"),
    ({"Made": dt.datetime(2024, 1, 1, tzinfo=dt.timezone.utc)}, ValueError, "'Made' is read-only"),
])
def test_bad_values_are_refused_before_any_request(
        fixture_package: ModuleType, server: ScriptServer, con: Connection,
        values: dict[str, Any], error: type[Exception], message: str) -> None:
    s = shelf(fixture_package, server, con)
    with pytest.raises(error, match=message):
        s.new_entry(values)
    assert server.requests == []


def test_new_entry_reads_unknown_definitions_once(
        fixture_package: ModuleType, server: ScriptServer, con: Connection) -> None:
    s = shelf(fixture_package, server, con, columns=None)
    server.enqueue(Reply(200, body={"value": COLUMNS[:2]}),
                   Reply(201, body={"id": "8"}), Reply(201, body={"id": "9"}))
    s.new_entry({"Count": 1})
    s.new_entry({"Title": "again"})
    assert [(r.method, r.path) for r in server.requests] == [
        ("GET", "/v1.0/shelves/S1/columns"), ("POST", "/v1.0/shelves/S1/entries"),
        ("POST", "/v1.0/shelves/S1/entries")]


def test_save_sends_only_the_changed_values_to_their_own_path(
        fixture_package: ModuleType, server: ScriptServer, con: Connection) -> None:
    shelf(fixture_package, server, con)
    item = entry(fixture_package, con, {"Title": "Widget", "Count": 3, "Size": "S"})
    assert item.save() is False and server.requests == []  # nothing changed, nothing sent
    item.values["Count"] = 4
    item.values.update({"Owner": 6})
    server.enqueue(Reply(200, body={"@odata.etag": "\"x,2\"", "Title": "Widget", "Count": 4,
                                    "Size": "S", "OwnerRef": "6"}))
    assert item.save() is True
    [req] = server.requests
    assert (req.method, req.path) == ("PATCH", "/v1.0/shelves/S1/entries/7/values")
    assert req.json() == {"Count": 4, "OwnerRef": "6"}
    assert item.values.raw["OwnerRef"] == "6" and "@odata.etag" not in item.values.raw
    assert not item.is_dirty


def test_assigning_a_mapping_sets_values_one_by_one(
        fixture_package: ModuleType, server: ScriptServer, con: Connection) -> None:
    shelf(fixture_package, server, con)
    item = entry(fixture_package, con, {"Title": "Widget", "Count": 3})
    item.values = {"Count": 5}
    assert item.values.raw == {"Title": "Widget", "Count": 5}
    assert item.changes() == {"values": {"Count": 5}}
    with pytest.raises(ValueError, match="no column 'Nope'"):
        item.values = {"Nope": 1}
    del item.values["Title"]
    assert item.changes() == {"values": {"Count": 5, "Title": None}}


# -- queries ---------------------------------------------------------------------------------


def test_a_query_on_a_value_that_is_not_indexed_sends_the_spec_prefer(
        fixture_package: ModuleType, server: ScriptServer, con: Connection) -> None:
    s = shelf(fixture_package, server, con)
    server.enqueue(Reply(200, body={"value": []}), Reply(200, body={"value": []}),
                   Reply(200, body={"value": []}))
    list(s.get_entries(query="values/Title eq 'a'"))
    list(s.get_entries(query="values/Title eq 'a'", order_by="values/Count desc"))
    list(s.get_entries(expand_values=False))
    indexed, unindexed, plain = server.requests
    assert "AllowUnindexed" not in indexed.headers.get("prefer", "")
    assert "AllowUnindexed" in unindexed.headers["prefer"]
    assert "AllowUnindexed" not in plain.headers.get("prefer", "")
    assert indexed.query["$expand"] == ["values"]
    assert "$expand" not in plain.query


def test_expand_option_takes_names(fixture_package: ModuleType, server: ScriptServer,
                                   con: Connection) -> None:
    s = shelf(fixture_package, server, con)
    server.enqueue(Reply(200, body={"value": []}))
    list(s.get_entries(expand_values=["Title", "My_Col"]))
    [req] = server.requests
    assert req.query["$expand"] == ["values($select=Title,My_Col)"]
    with pytest.raises(ValueError, match="non-empty strings"):
        s.get_entries(expand_values=["", "x"])


def test_a_query_sends_prefer_when_the_definitions_are_unknown(
        fixture_package: ModuleType, server: ScriptServer, con: Connection) -> None:
    s = shelf(fixture_package, server, con, columns=None)
    server.enqueue(Reply(200, body={"value": []}))
    list(s.get_entries(query="values/Title eq 'a'"))
    assert "AllowUnindexed" in server.requests[0].headers["prefer"]


# -- addressing and references ----------------------------------------------------------------


@pytest.mark.parametrize(("args", "path"), [
    (("contoso.example.com", "/sites/Team Site"), "/v1.0/shelves/contoso.example.com:/sites/Team%20Site:"),
    (("https://contoso.example.com/sites/Marketing/",), "/v1.0/shelves/contoso.example.com:/sites/Marketing:"),
    (("https://contoso.example.com",), "/v1.0/shelves/contoso.example.com"),
    (("host,guid-1,guid-2",), "/v1.0/shelves/host%2Cguid-1%2Cguid-2"),
])
def test_path_based_addressing(fixture_package: ModuleType, server: ScriptServer, con: Connection,
                               args: tuple[str, ...], path: str) -> None:
    server.enqueue(Reply(200, body={"id": "S1"}))
    catalog(fixture_package, con).get_shelf(*args)
    assert server.requests[0].target == path


@pytest.mark.parametrize(("args", "message"), [
    (("contoso.example.com", "sites/x"), "a server-relative path starts with '/'"),
    (("contoso.example.com", "/"), "names no path below"),
    (("contoso.example.com", "/a/../b"), "'.' or '..' part"),
    (("http://contoso.example.com/sites/x",), "is not a site URL"),
    (("https://contoso.example.com/sites/x?y=1",), "no query or fragment"),
])
def test_bad_addresses_are_refused_before_any_request(
        fixture_package: ModuleType, server: ScriptServer, con: Connection,
        args: tuple[str, ...], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        catalog(fixture_package, con).get_shelf(*args)
    assert server.requests == []


def test_a_reference_goes_as_an_absolute_graph_url(
        fixture_package: ModuleType, server: ScriptServer, con: Connection) -> None:
    s = shelf(fixture_package, server, con)
    server.enqueue(Reply(204), Reply(204))
    s.add_tag("T9")
    s.add_tag(entry(fixture_package, con, {}))
    first, second = server.requests
    assert first.json() == {"tag": server.url("/v1.0/shelves/S1/tags/T9")}
    assert second.json() == {"tag": server.url("/v1.0/shelves/S1/tags/7")}


def test_computed_helpers_take_the_whole_object_and_arguments(
        fixture_package: ModuleType, server: ScriptServer, con: Connection) -> None:
    s = shelf(fixture_package, server, con)
    assert s.kind_of_first() is None
    s._data["name"] = {"nested": True}
    assert s.kind_of_first() == "name"


def test_an_optional_user_service_needs_one_only_for_user_paths(
        fixture_package: ModuleType, server: ScriptServer) -> None:
    from generated.o365 import Account

    account = Account(("id", "secret"), auth_flow_type="credentials", tenant_id="t",
                      protocol=MSGraphProtocol(protocol_url=server.url("/")))
    service = account.catalog()  # no user, no error: shelves need none
    assert service.resource == ""
    with pytest.raises(NoUserContextError, match="needs a user"):
        service.get_my_shelves()
    assert account.catalog("adele@contoso.com").resource == "users/adele@contoso.com"
    assert server.requests == []
