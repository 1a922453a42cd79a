"""Emulator responses have the property names and shapes of Microsoft's documented examples.

The examples are copied from microsoftgraph/microsoft-graph-docs-contrib (each JSON file in
docs_examples/ names its source file and commit in "_source"); fidelity comes from Microsoft's
documents, not from our own specs.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from generated.o365.emulator import EmulatorServer

from .conftest import Graph

EXAMPLES = Path(__file__).resolve().parent / "docs_examples"


def example(stem: str) -> dict[str, Any]:
    data = json.loads((EXAMPLES / f"{stem}.json").read_text())
    assert data["_source"].startswith("microsoftgraph/microsoft-graph-docs-contrib "
                                      f"api-reference/v1.0/api/{stem}.md")
    return dict(data)


def same_shape(documented: Any, ours: Any, where: str = "$") -> None:
    """Every documented property exists in ours with the same JSON kind (null matches any)."""
    if documented is None:
        return
    if isinstance(documented, dict):
        assert isinstance(ours, dict), f"{where}: expected an object, got {ours!r}"
        for key, value in documented.items():
            if key == "@odata.context":
                assert isinstance(ours.get(key), str) and "$metadata#" in ours[key], where
                continue
            assert key in ours, f"{where}: missing property {key!r}"
            same_shape(value, ours[key], f"{where}.{key}")
    elif isinstance(documented, list):
        assert isinstance(ours, list), f"{where}: expected an array, got {ours!r}"
        if documented and ours:
            same_shape(documented[0], ours[0], f"{where}[0]")
    elif ours is not None:
        assert type(ours) is type(documented), f"{where}: {ours!r} vs {documented!r}"


def entity_keys(data: dict[str, Any]) -> set[str]:
    return {k for k in data if not k.startswith("@odata.")}


def user_id(server: EmulatorServer, name: str) -> str:
    record = server.store.get("microsoft.graph.user", name)
    assert record is not None
    return record.id


def test_user_get_matches_docs(server: EmulatorServer, app_graph: Graph) -> None:
    doc = example("user-get")
    reply = app_graph.get(f"users/{user_id(server, 'adele@contoso.onmicrosoft.com')}")
    assert reply.status_code == 200
    body = reply.json()
    same_shape(doc["response"], body)
    # Without $select Graph returns exactly the documented default property set.
    assert entity_keys(body) == entity_keys(doc["response"])
    assert body["@odata.context"].endswith("/v1.0/$metadata#users/$entity")


def test_user_list_matches_docs(app_graph: Graph) -> None:
    doc = example("user-list")
    reply = app_graph.get("users")
    assert reply.status_code == 200
    body = reply.json()
    same_shape(doc["response"], body)
    assert body["@odata.context"].endswith("/v1.0/$metadata#users")
    for item in body["value"]:
        assert entity_keys(item) == entity_keys(doc["response"]["value"][0])


def test_user_list_manager_matches_docs(server: EmulatorServer, me_graph: Graph) -> None:
    doc = example("user-list-manager")
    reply = me_graph.get(f"users/{user_id(server, 'alex@contoso.onmicrosoft.com')}/manager")
    assert reply.status_code == 200
    body = reply.json()
    same_shape(doc["response"], body)
    assert body["displayName"] == "Megan Bowen"
    # The manager is a directoryObject navigation: Graph names the concrete type.
    assert body["@odata.type"] == "#microsoft.graph.user"


def test_user_list_directreports_matches_docs(me_graph: Graph) -> None:
    doc = example("user-list-directreports")
    reply = me_graph.get("me/directReports")  # adele's reports: none in the seed
    assert reply.status_code == 200
    same_shape({k: v for k, v in doc["response"].items() if k != "value"}, reply.json())
    reply = me_graph.get("users/patti@contoso.onmicrosoft.com/directReports")
    body = reply.json()
    same_shape(doc["response"], body)
    names = {item["displayName"] for item in body["value"]}
    assert names == {"Megan Bowen", "Adele Vance", "Lee Gu", "Nestor Wilke"}
