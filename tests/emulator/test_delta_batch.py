"""Delta rounds (changes, @removed, tokens carrying $select) and JSON batching."""

from __future__ import annotations

from typing import Any

from .conftest import Graph, assert_envelope


def run_round(graph: Graph, url: str, headers: dict[str, str] | None = None
              ) -> tuple[list[dict[str, Any]], str]:
    items: list[dict[str, Any]] = []
    for _ in range(50):
        body = graph.get(url, headers=headers).json()
        items += body["value"]
        if "@odata.deltaLink" in body:
            return items, str(body["@odata.deltaLink"])
        url = body["@odata.nextLink"]
    raise AssertionError("a delta round did not end")


def test_delta_rounds(me_graph: Graph) -> None:
    folder = me_graph.post("me/mailFolders", json={"displayName": "Sync"}).json()
    base = f"me/mailFolders/{folder['id']}/messages"
    ids = [me_graph.post(base, json={"subject": f"s{i}"}).json()["id"] for i in range(5)]
    small = {"Prefer": "odata.maxpagesize=2"}
    items, delta_link = run_round(me_graph, f"{base}/delta?$select=subject", small)
    assert [i["subject"] for i in items] == [f"s{i}" for i in range(5)]
    # each item typed, as concepts/delta-query-messages.md shows
    assert set(items[0]) == {"@odata.type", "@odata.etag", "id", "subject"}
    assert "$deltatoken=" in delta_link and delta_link.startswith(me_graph.server.graph_url)
    nothing, delta_link = run_round(me_graph, delta_link)
    assert nothing == []
    me_graph.patch(f"me/messages/{ids[1]}", json={"subject": "changed"})
    me_graph.delete(f"me/messages/{ids[3]}")
    me_graph.post(base, json={"subject": "new"})
    changes, delta_link = run_round(me_graph, delta_link, small)
    # In the order the changes happened.
    assert [c.get("subject") for c in changes] == ["changed", None, "new"]
    assert set(changes[0]) == {"@odata.type", "@odata.etag", "id", "subject"}  # $select kept by the token
    assert changes[1] == {"id": ids[3], "@removed": {"reason": "deleted"}}
    latest = me_graph.get(f"{base}/delta?$deltatoken=latest").json()
    assert latest["value"] == [] and "@odata.deltaLink" in latest
    assert_envelope(me_graph.get(f"{base}/delta?$deltatoken=garbage"), 400, "BadRequest")


def test_batch_dependencies_and_failures(me_graph: Graph) -> None:
    folder = me_graph.post("me/mailFolders", json={"displayName": "Batch"}).json()
    requests_ = [
        {"id": "1", "method": "GET", "url": "/me?$select=displayName"},
        {"id": "2", "method": "POST", "url": f"/me/mailFolders/{folder['id']}/messages",
         "headers": {"Content-Type": "application/json"}, "body": {"subject": "via batch"}},
        {"id": "3", "method": "GET", "url": "/users/nobody@contoso.onmicrosoft.com"},
        {"id": "4", "method": "GET", "url": "/me", "dependsOn": ["3"]},
        {"id": "5", "method": "GET", "url": "/users/$count",
         "headers": {"ConsistencyLevel": "eventual"}, "dependsOn": ["1"]},
    ]
    reply = me_graph.post("$batch", json={"requests": requests_})
    assert reply.status_code == 200
    responses = reply.json()["responses"]
    by_id = {r["id"]: r for r in responses}
    assert [r["id"] for r in responses] != ["1", "2", "3", "4", "5"]  # order not preserved
    assert by_id["1"]["status"] == 200 and by_id["1"]["body"]["displayName"] == "Adele Vance"
    assert by_id["2"]["status"] == 201 and by_id["2"]["body"]["subject"] == "via batch"
    assert by_id["3"]["status"] == 404
    assert by_id["3"]["body"]["error"]["code"] == "Request_ResourceNotFound"
    assert by_id["4"]["status"] == 424
    assert by_id["5"]["status"] == 200 and by_id["5"]["body"] == "MTI="  # base64 of "12"


def test_batch_validation(me_graph: Graph) -> None:
    too_many = [{"id": str(i), "method": "GET", "url": "/me"} for i in range(21)]
    assert_envelope(me_graph.post("$batch", json={"requests": too_many}), 400, "BadRequest")
    duplicate = [{"id": "a", "method": "GET", "url": "/me"},
                 {"id": "A", "method": "GET", "url": "/me"}]
    assert_envelope(me_graph.post("$batch", json={"requests": duplicate}), 400, "BadRequest")
    unknown = [{"id": "a", "method": "GET", "url": "/me", "dependsOn": ["zz"]}]
    assert_envelope(me_graph.post("$batch", json={"requests": unknown}), 400, "BadRequest")
    absolute = [{"id": "a", "method": "GET", "url": "https://graph.microsoft.com/v1.0/me"}]
    assert_envelope(me_graph.post("$batch", json={"requests": absolute}), 400, "BadRequest")
    assert_envelope(me_graph.post("$batch", json={"nope": []}), 400, "BadRequest")
