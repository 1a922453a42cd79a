"""What the emulator takes from the specs' `emulator:` blocks and field flags, over sockets:
families (declared or derived from the path), required-on-create, alternate keys,
orderable and filterable fields, seed rows with well-known names, create defaults."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from generated.o365._generator.loader import load_specs
from generated.o365.emulator import EmulatorServer
from generated.o365.emulator.families import families_by_type, family_of_path
from generated.o365.emulator.router import Router

from .conftest import ROOT, Graph, app_token, assert_envelope, user_token

# The families of the project's specs, as Graph's workloads have them (GRAPH_FACTS §1).
EXPECTED = {
    "microsoft.graph.user": ("directory", "guid"),
    "microsoft.graph.message": ("outlook", "outlook"),
    "microsoft.graph.eventMessage": ("outlook", "outlook"),
    "microsoft.graph.mailFolder": ("outlook", "outlook"),
    "microsoft.graph.attachment": ("outlook", "outlook"),
    "microsoft.graph.fileAttachment": ("outlook", "outlook"),
    "microsoft.graph.itemAttachment": ("outlook", "outlook"),
    "microsoft.graph.mailboxSettings": ("outlook", "outlook"),
    "microsoft.graph.outlookCategory": ("outlook", "guid"),
    "microsoft.graph.event": ("outlook", "outlook"),
    "microsoft.graph.calendar": ("outlook", "outlook"),
    "microsoft.graph.drive": ("drive", "drive"),
    "microsoft.graph.driveItem": ("drive", "drive"),
    "microsoft.graph.permission": ("drive", "drive"),
    "microsoft.graph.thumbnailSet": ("drive", "drive"),
    "microsoft.graph.team": ("teams", "guid"),
    "microsoft.graph.channel": ("teams", "guid"),
    "microsoft.graph.chatMessage": ("teams", "guid"),
    "microsoft.graph.chat": ("generic", "guid"),  # chat-patch.md answers the chat
}


@pytest.fixture(scope="module")
def project() -> Iterator[EmulatorServer]:
    with EmulatorServer(seed=5) as emulator:  # the project's own specs
        yield emulator


def test_families_come_from_the_specs_or_their_paths() -> None:
    families = families_by_type(load_specs(ROOT / "specs"))
    for graph_type, (name, ids) in EXPECTED.items():
        assert (families[graph_type].name, families[graph_type].id_style) == (name, ids), \
            graph_type
    assert family_of_path("{resource}/todo/lists/{id}").name == "outlook"
    assert family_of_path("groups/{id}").name == "directory"
    assert family_of_path("sites/{site_id}/lists/{id}").name == "drive"
    assert family_of_path("teams/{id}").name == "generic"
    assert family_of_path("{parent}/{id}") is None


def test_resource_collections_are_derived_from_the_specs() -> None:
    router = Router(load_specs(ROOT / "specs"))
    assert router.resource_collections["users"] == "microsoft.graph.user"
    assert router.resource_collections["drives"] == "microsoft.graph.drive"


def test_required_on_create_comes_from_the_fields(app_graph: Graph) -> None:
    body = {"accountEnabled": True, "displayName": "No Alias",
            "userPrincipalName": "noalias@contoso.onmicrosoft.com",
            "passwordProfile": {"password": "Secret-123!"}}
    error = assert_envelope(app_graph.post("users", json=body), 400, "Request_BadRequest")
    assert error["message"] == ("Invalid value specified for property 'mailNickname' of "
                                "resource 'User'.")


def test_alternate_key_orderable_and_filterable(app_graph: Graph) -> None:
    assert app_graph.get("users/adele@contoso.onmicrosoft.com").json()["givenName"] == "Adele"
    assert app_graph.get("users?$orderby=displayName").status_code == 200
    assert_envelope(app_graph.get("users?$orderby=department"), 400, "Request_UnsupportedQuery")
    advanced = app_graph.get("users?$orderby=department&$count=true",
                             headers={"ConsistencyLevel": "eventual"})
    assert advanced.status_code == 200, advanced.text
    assert app_graph.get("users?$filter=city eq 'Redmond'").status_code == 200
    error = assert_envelope(app_graph.get("users?$filter=aboutMe eq 'x'"), 400,
                            "Request_UnsupportedQuery")
    assert error["message"] == ("Unsupported or invalid query filter clause specified for "
                                "property 'aboutMe' of resource 'User'.")


def test_seed_rows_give_well_known_folders_and_categories(project: EmulatorServer) -> None:
    graph = Graph(project, user_token(project))
    conflicts = graph.get("me/mailFolders/conflicts").json()
    sync = graph.get("me/mailFolders/syncissues").json()
    assert conflicts["displayName"] == "Conflicts" and conflicts["parentFolderId"] == sync["id"]
    assert graph.get("me/mailFolders/clutter").json()["isHidden"] is True
    assert graph.get("me/mailFolders/inbox").json()["childFolderCount"] == 0  # defaults
    root = graph.get("me/mailFolders/msgfolderroot").json()
    me = graph.get("me").json()
    assert root["id"] == me["id"]  # `id: "{owner}"`
    names = [f["displayName"] for f in graph.get("me/mailFolders?$top=50").json()["value"]]
    assert "Inbox" in names and "Conflicts" not in names  # a child of Sync Issues
    categories = graph.get("me/outlook/masterCategories").json()["value"]
    assert [c["displayName"] for c in categories][:2] == ["Red category", "Orange category"]
    assert all(len(c["id"]) == 36 and c["id"].count("-") == 4 for c in categories)  # GUIDs
    settings = graph.get("me/mailboxSettings").json()  # one per mailbox, no id in its path
    assert settings["archiveFolder"] == graph.get("me/mailFolders/archive").json()["id"]


def test_an_unknown_well_known_name_is_404(project: EmulatorServer) -> None:
    graph = Graph(project, app_token(project))
    assert_envelope(graph.get("users/adele@contoso.onmicrosoft.com/mailFolders/nothere"), 404,
                    "ErrorItemNotFound")


def test_a_calendars_events_are_its_own(project: EmulatorServer) -> None:
    """The parent-child rule on the real calendar specs: an event created in calendar B is
    got through B and 404 through the default calendar; its `calendar` is B."""
    graph = Graph(project, user_token(project))
    other = graph.post("me/calendars", json={"name": "Team B"})
    assert other.status_code == 201, other.text
    b = other.json()["id"]
    event = graph.post(f"me/calendars/{b}/events", json={
        "subject": "In B", "start": {"dateTime": "2025-03-03T10:00:00", "timeZone": "UTC"},
        "end": {"dateTime": "2025-03-03T11:00:00", "timeZone": "UTC"}}).json()
    default = graph.get("me/calendar").json()["id"]
    assert graph.get(f"me/calendars/{b}/events/{event['id']}").json()["subject"] == "In B"
    assert_envelope(graph.get(f"me/calendars/{default}/events/{event['id']}"), 404,
                    "ErrorItemNotFound")
    assert graph.get(f"me/events/{event['id']}/calendar").json()["id"] == b
    listed = graph.get(f"me/calendars/{default}/events").json()["value"]
    assert event["id"] not in {e["id"] for e in listed}
