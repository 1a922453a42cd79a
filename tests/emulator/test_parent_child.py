"""The parent-child rule, over real sockets, on the test-only To Do specs (no owner field).

An item created under a collection path (`me/todo/lists/{A}/tasks`) belongs to list A: it is
listed, got, updated and deleted only below A. Through list B's path it is 404 and never
listed; its data carries no field naming the list; its `@odata.context` runs through A.
"""

from __future__ import annotations

from typing import Any

from generated.o365.emulator import EmulatorServer

from .conftest import Graph, assert_envelope


def new_list(graph: Graph, name: str) -> dict[str, Any]:
    reply = graph.post("me/todo/lists", json={"displayName": name})
    assert reply.status_code == 201, reply.text
    return dict(reply.json())


def new_task(graph: Graph, list_id: str, title: str) -> dict[str, Any]:
    reply = graph.post(f"me/todo/lists/{list_id}/tasks", json={"title": title})
    assert reply.status_code == 201, reply.text
    return dict(reply.json())


def titles(graph: Graph, list_id: str) -> list[str]:
    reply = graph.get(f"me/todo/lists/{list_id}/tasks")
    assert reply.status_code == 200, reply.text
    return [t["title"] for t in reply.json()["value"]]


def test_each_list_shows_only_its_own_tasks(me_graph: Graph) -> None:
    a, b = new_list(me_graph, "A"), new_list(me_graph, "B")
    new_task(me_graph, a["id"], "only in A")
    new_task(me_graph, b["id"], "only in B")
    assert titles(me_graph, a["id"]) == ["only in A"]
    assert titles(me_graph, b["id"]) == ["only in B"]
    assert me_graph.get(f"me/todo/lists/{a['id']}/tasks/$count",
                        headers={"ConsistencyLevel": "eventual"}).text == "1"


def test_another_lists_path_cannot_get_patch_or_delete_a_task(me_graph: Graph) -> None:
    a, b = new_list(me_graph, "A"), new_list(me_graph, "B")
    task = new_task(me_graph, b["id"], "belongs to B")
    wrong = f"me/todo/lists/{a['id']}/tasks/{task['id']}"
    right = f"me/todo/lists/{b['id']}/tasks/{task['id']}"
    assert_envelope(me_graph.get(wrong), 404, "ErrorItemNotFound")
    assert_envelope(me_graph.patch(wrong, json={"title": "stolen"}), 404, "ErrorItemNotFound")
    assert_envelope(me_graph.delete(wrong), 404, "ErrorItemNotFound")
    assert me_graph.get(right).json()["title"] == "belongs to B"  # untouched
    assert me_graph.patch(right, json={"title": "renamed"}).status_code == 200
    assert me_graph.delete(right).status_code == 204
    assert_envelope(me_graph.get(right), 404, "ErrorItemNotFound")
    assert titles(me_graph, b["id"]) == []


def test_a_missing_parent_is_404_not_an_empty_list(me_graph: Graph) -> None:
    assert_envelope(me_graph.get("me/todo/lists/no-such-list/tasks"), 404, "ErrorItemNotFound")


def test_no_invented_field_and_the_context_runs_through_the_parent(
        server: EmulatorServer, me_graph: Graph) -> None:
    a = new_list(me_graph, "A")
    task = new_task(me_graph, a["id"], "t")
    got = me_graph.get(f"me/todo/lists/{a['id']}/tasks/{task['id']}").json()
    fields = {"id", "title", "status", "dueDateTime", "reminder", "lastModifiedDateTime"}
    assert {k for k in got if not k.startswith("@")} <= fields, got
    record = server.store.get("microsoft.graph.todoTask", task["id"])
    assert record is not None and set(record.data) <= fields  # the link is beside the record
    user = server.user_scope("adele@contoso.onmicrosoft.com").partition("/")[2]
    assert got["@odata.context"].endswith(
        f"$metadata#users('{user}')/todo/lists('{a['id']}')/tasks/$entity")
    assert task["@odata.context"] == got["@odata.context"]


def test_delta_of_a_list_reports_only_its_own_removals(me_graph: Graph) -> None:
    a, b = new_list(me_graph, "A"), new_list(me_graph, "B")
    keep = new_task(me_graph, a["id"], "kept")
    gone = new_task(me_graph, b["id"], "removed from B")
    links = {}
    for name, parent in (("a", a), ("b", b)):
        reply = me_graph.get(f"me/todo/lists/{parent['id']}/tasks/delta").json()
        links[name] = reply["@odata.deltaLink"]
    me_graph.delete(f"me/todo/lists/{b['id']}/tasks/{gone['id']}")
    in_a = me_graph.get(links["a"]).json()["value"]
    in_b = me_graph.get(links["b"]).json()["value"]
    assert in_a == []
    assert in_b == [{"id": gone["id"], "@removed": {"reason": "deleted"}}]
    assert keep["id"] not in {e["id"] for e in in_b}


def test_the_rule_holds_in_a_persisted_tenant(tmp_path: Any, specs_dir: Any) -> None:
    """Links and tombstones survive a restart on the same SQLite file."""
    from .conftest import user_token

    data = tmp_path / "tenant.db"
    with EmulatorServer(seed=3, specs_dir=specs_dir, data=data) as first:
        graph = Graph(first, user_token(first))
        a, b = new_list(graph, "A"), new_list(graph, "B")
        task = new_task(graph, a["id"], "persisted")
    with EmulatorServer(seed=3, specs_dir=specs_dir, data=data) as second:
        graph = Graph(second, user_token(second))
        assert titles(graph, a["id"]) == ["persisted"]
        assert titles(graph, b["id"]) == []
        assert_envelope(graph.get(f"me/todo/lists/{b['id']}/tasks/{task['id']}"), 404,
                        "ErrorItemNotFound")


def test_a_create_uses_the_link_its_list_shows(tmp_path: Any) -> None:
    """`navigation:` on the list (and none on the create): both hang off the same link, so
    what a POST adds is what the list shows (the issue's `get_tasks() == []` after create)."""
    from generated.o365._generator.loader import load_specs
    from generated.o365.emulator.router import Router
    from tests.generator.test_spec_errors import GOOD_RESOURCE, TYPES, write

    thing = GOOD_RESOURCE.replace("  refresh: {kind: refresh}\n", """\
  refresh: {kind: refresh}
  save: {kind: save, path: "{parent}"}
  get_kids: {kind: list, path: "{self}/kids", navigation: kids, returns: Thing}
  new_kid: {kind: new, path: "{self}/kids", returns: Thing}
  kids_delta: {kind: delta, path: "{self}/kids/delta", returns: Thing}
""")
    write(tmp_path, {"types.yaml": TYPES, "area/thing.yaml": thing})
    router = Router(load_specs(tmp_path))
    kids = {(r.method, r.kind): r.link for r in router.routes
            if r.template.startswith("{resource}/things/{id}/kids")}
    assert kids[("GET", "collection")] == kids[("POST", "create")] == "kids"
    assert kids[("GET", "delta")] == "kids"
