"""Generic OData mechanisms the emulator serves from the specs: entity references (`$ref`,
`@odata.bind`, a spec's `inverse:` links), POST to a collection as a create, and `$search`
as Graph runs it on directory objects (tokenized words) and elsewhere (free text)."""

from __future__ import annotations

from typing import Any

import pytest

from generated.o365.emulator.odata import FilterSyntax, compile_search
from tests.emulator.conftest import Graph, assert_envelope

EVENTUAL = {"ConsistencyLevel": "eventual"}


def group_id(graph: Graph, nickname: str) -> str:
    found = graph.get(f"groups?$filter=mailNickname eq '{nickname}'").json()["value"]
    return str(found[0]["id"])


def user_id(graph: Graph, given: str) -> str:
    return str(graph.get(f"users/{given}@contoso.onmicrosoft.com").json()["id"])


def display_names(reply: Any) -> list[str]:
    return sorted(item.get("displayName") for item in reply.json()["value"])


def test_ref_adds_and_removes_a_member_and_its_memberof(app_graph: Graph) -> None:
    marketing, alex, lee = group_id(app_graph, "marketing"), user_id(app_graph, "alex"), user_id(app_graph, "lee")
    url = f"{app_graph.server.graph_url}directoryObjects/{lee}"
    added = app_graph.post(f"groups/{marketing}/members/$ref", json={"@odata.id": url})
    assert added.status_code == 204 and added.content == b""
    members = app_graph.get(f"groups/{marketing}/members").json()
    assert {m["@odata.type"] for m in members["value"]} == {"#microsoft.graph.user"}
    assert "Lee Gu" in display_names(app_graph.get(f"groups/{marketing}/members"))
    assert "Marketing" in display_names(app_graph.get(f"users/{lee}/memberOf"))  # inverse link
    assert_envelope(app_graph.post(f"groups/{marketing}/members/$ref", json={"@odata.id": url}),
                    400, "Request_BadRequest")  # already a member
    removed = app_graph.delete(f"groups/{marketing}/members/{lee}/$ref")
    assert removed.status_code == 204
    assert "Marketing" not in display_names(app_graph.get(f"users/{lee}/memberOf"))
    assert_envelope(app_graph.delete(f"groups/{marketing}/members/{lee}/$ref"), 404,
                    "Request_ResourceNotFound")
    assert alex in {m["id"] for m in app_graph.get(f"groups/{marketing}/members").json()["value"]}


def test_ref_to_nothing_is_refused(app_graph: Graph) -> None:
    marketing = group_id(app_graph, "marketing")
    missing = "https://graph.microsoft.com/v1.0/directoryObjects/00000000-0000-0000-0000-000000000000"
    assert_envelope(app_graph.post(f"groups/{marketing}/members/$ref", json={"@odata.id": missing}),
                    404, "Request_ResourceNotFound")
    assert_envelope(app_graph.post(f"groups/{marketing}/members/$ref", json={}), 400,
                    "Request_BadRequest")


def test_bind_links_on_create_and_never_stores_the_urls(app_graph: Graph) -> None:
    alex = user_id(app_graph, "alex")
    body = {"displayName": "Ops", "mailNickname": "ops", "mailEnabled": False,
            "securityEnabled": True, "groupTypes": [],
            "owners@odata.bind": [f"https://graph.microsoft.com/v1.0/users/{alex}"]}
    created = app_graph.post("groups", json=body)
    assert created.status_code == 201
    group = created.json()
    assert "owners@odata.bind" not in group and group["mail"] is None  # not mail-enabled
    assert display_names(app_graph.get(f"groups/{group['id']}/owners")) == ["Alex Wilber"]
    body["mailNickname"] = "ops2"
    body["owners@odata.bind"] = ["https://graph.microsoft.com/v1.0/users/no-such-user"]
    before = len(app_graph.get("groups").json()["value"])
    assert_envelope(app_graph.post("groups", json=body), 404, "Request_ResourceNotFound")
    assert len(app_graph.get("groups").json()["value"]) == before  # nothing half-created


def test_transitive_memberships_walk_nested_groups(app_graph: Graph) -> None:
    everyone = group_id(app_graph, "allcompanysecurity")
    direct = display_names(app_graph.get(f"groups/{everyone}/members"))
    assert "Johanna Lorenz" not in direct and "Engineering" in direct
    assert "Johanna Lorenz" in display_names(app_graph.get(f"groups/{everyone}/transitiveMembers"))
    johanna = user_id(app_graph, "johanna")
    assert display_names(app_graph.get(f"users/{johanna}/transitiveMemberOf")) == [
        "All Company Security", "Engineering"]


def test_members_select_properties_of_the_subtypes(app_graph: Graph) -> None:
    marketing = group_id(app_graph, "marketing")
    reply = app_graph.get(f"groups/{marketing}/members?$select=displayName,mail").json()
    assert {"displayName", "mail"} <= set(reply["value"][0])


def test_directory_search_matches_words_and_needs_the_header(app_graph: Graph) -> None:
    assert_envelope(app_graph.get('groups?$search="displayName:eng"'), 400,
                    "Request_UnsupportedQuery")
    found = app_graph.get('groups?$search="displayName:eng" OR "mail:retail"', headers=EVENTUAL)
    assert display_names(found) == ["Engineering", "Retail Managers"]
    words = app_graph.get('groups?$search="displayName:company all"', headers=EVENTUAL)
    assert display_names(words) == ["All Company Security"]  # every word, any order
    inner = app_graph.get('groups?$search="displayName:ompany"', headers=EVENTUAL)
    assert display_names(inner) == []  # tokens match from their start, never inside
    assert_envelope(app_graph.get("groups?$search=marketing", headers=EVENTUAL), 400,
                    "Request_BadRequest")  # a directory clause names its property


def test_search_expressions() -> None:
    tokenized = compile_search('("displayName:one video" OR "mail:x") AND "description:dem"',
                               [], directory=True)
    assert tokenized({"displayName": "OneVideo Team", "description": "demos", "mail": "a"})
    assert not tokenized({"displayName": "One Team", "description": "demos", "mail": "a"})
    assert compile_search('"displayName:helloworld"', [], directory=True)(
        {"displayName": "hello-world"})  # words joined by symbols
    assert compile_search('"otherMails:ad"', [], directory=True)({"otherMails": ["x", "adele@c"]})
    free = compile_search('"george best"', ["displayName", "emailAddresses"])
    assert free({"emailAddresses": [{"address": "george.best@x.com", "name": "George Best"}]})
    assert not free({"displayName": "George"})
    for bad in ("", '("displayName:a"', '"displayName:"'):
        with pytest.raises(FilterSyntax):
            compile_search(bad, [], directory=True)
