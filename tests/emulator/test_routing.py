"""Route matching on the test-only specs: a member of an owner-field collection by id, and
`{parent}/{id}` routes (attachments) that only match below a collection of attachments."""

from __future__ import annotations

from pathlib import Path

from generated.o365._generator.loader import load_specs
from generated.o365.emulator import EmulatorServer
from generated.o365.emulator.router import Route, Router, compile_template

from .conftest import ADELE, Graph, assert_envelope, user_token

ATTACHMENT = "microsoft.graph.attachmentBase"


def test_parent_routes_match_only_below_their_collections(specs_dir: Path) -> None:
    router = Router(load_specs(specs_dir))
    (item_route,) = [r for r in router.routes
                     if r.method == "GET" and r.template == "{parent}/{id}"]
    assert item_route.graph_type == ATTACHMENT and item_route.parents == {"attachments"}
    found = router.match("GET", "users/u/todo/lists/l/tasks/t/attachments/a")
    assert found is not None and found[0].kind == "navigation_item"
    nested = router.match("GET", "users/u/somewhere/x/attachments/a")  # no spec route above
    assert nested is not None and nested[0] is item_route
    assert nested[1] == {"parent": "users/u/somewhere/x/attachments", "id": "a"}
    assert item_route.match("users/u/mailFolders/f/messages/m") is None
    member = router.match("GET", "users/u/mailFolders/f/messages/m")
    assert member is not None and member[0].kind == "member"
    assert member[1] == {"resource": "users/u", "folder_id": "f", "member_id": "m"}
    delta = router.match("GET", "users/u/mailFolders/f/messages/delta")
    assert delta is not None and delta[0].kind == "delta"  # a literal beats the member id
    assert router.match("GET", "users/u/mailFolders/f/other/x") is None


def test_a_member_is_found_only_in_its_own_collection(server: EmulatorServer,
                                                      me_graph: Graph) -> None:
    inbox = me_graph.post("me/mailFolders", json={"displayName": "Inbox"}).json()
    other = me_graph.post("me/mailFolders", json={"displayName": "Other"}).json()
    item = me_graph.post(f"me/mailFolders/{inbox['id']}/messages", json={"subject": "Hi"}).json()
    found = me_graph.get(f"me/mailFolders/{inbox['id']}/messages/{item['id']}")
    assert found.status_code == 200, found.text
    assert found.json()["id"] == item["id"] and found.json()["subject"] == "Hi"
    picked = me_graph.get(f"me/mailFolders/{inbox['id']}/messages/{item['id']}",
                          params={"$select": "subject"})
    assert set(picked.json()) - {"@odata.context", "@odata.etag"} == {"id", "subject"}
    assert_envelope(me_graph.get(f"me/mailFolders/{other['id']}/messages/{item['id']}"), 404,
                    "ErrorItemNotFound")
    assert_envelope(me_graph.get(f"me/mailFolders/{inbox['id']}/messages/nope"), 404,
                    "ErrorItemNotFound")
    server.store.add_alias("microsoft.graph.outlookTaskFolder", server.user_scope(ADELE),
                           "inbox", inbox["id"])
    assert me_graph.get(f"me/mailFolders/inbox/messages/{item['id']}").status_code == 200
    megan = Graph(server, user_token(server, "megan@contoso.onmicrosoft.com"))
    assert_envelope(megan.get(f"me/mailFolders/{inbox['id']}/messages/{item['id']}"), 404,
                    "ErrorItemNotFound")
    assert_envelope(me_graph.patch(f"me/mailFolders/{inbox['id']}/messages/{item['id']}",
                                   json={"subject": "x"}), 405, "Request_BadRequest")


def test_a_type_cast_segment_is_skipped_to_find_the_parent() -> None:
    template = "{parent}/{id}/microsoft.graph.itemAttachment/item"
    route = Route("GET", template, compile_template(template), "navigation",
                  "microsoft.graph.message", navigation="item", many=False)
    assert route.parent_template == "{parent}/{id}"
    plain = Route("GET", "users/{id}/manager", compile_template("users/{id}/manager"),
                  "navigation", "microsoft.graph.user")
    assert plain.parent_template == "users/{id}"
