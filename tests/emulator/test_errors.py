"""Bad requests get Graph's error envelope with the right status and code, never a trace."""

from __future__ import annotations

import requests

from generated.o365.emulator import EmulatorServer

from .conftest import Graph, assert_envelope


def test_unknown_select_property(app_graph: Graph) -> None:
    error = assert_envelope(app_graph.get("users?$select=displayName,shoeSize"), 400,
                            "Request_BadRequest")
    assert "shoeSize" in error["message"]


def test_malformed_filter(app_graph: Graph) -> None:
    assert_envelope(app_graph.get("users", params={"$filter": "displayName eq"}), 400,
                    "Request_BadRequest")
    assert_envelope(app_graph.get("users", params={"$filter": "startswith(displayName 'A')"}),
                    400, "Request_BadRequest")
    assert_envelope(app_graph.get("users", params={"$filter": "nope eq 'x'"}), 400,
                    "Request_BadRequest")


def test_missing_items(app_graph: Graph, me_graph: Graph) -> None:
    assert_envelope(app_graph.get("users/00000000-0000-0000-0000-000000000000"), 404,
                    "Request_ResourceNotFound")
    assert_envelope(me_graph.get("me/messages/AAMkAGIAAAoZDOFAAA="), 404, "ErrorItemNotFound")
    assert_envelope(app_graph.get("users/patti@contoso.onmicrosoft.com/manager"), 404,
                    "Request_ResourceNotFound")


def test_wrong_if_match_is_412(me_graph: Graph) -> None:
    folder = me_graph.post("me/mailFolders", json={"displayName": "Work"}).json()
    item = me_graph.post(f"me/mailFolders/{folder['id']}/messages",
                         json={"subject": "hello"}).json()
    stale = item["@odata.etag"]
    updated = me_graph.patch(f"me/messages/{item['id']}", json={"subject": "v2"},
                             headers={"If-Match": stale})
    assert updated.status_code == 200
    assert updated.json()["@odata.etag"] != stale
    assert_envelope(me_graph.patch(f"me/messages/{item['id']}", json={"subject": "v3"},
                                   headers={"If-Match": stale}), 412,
                    "ErrorIrresolvableConflict")
    assert_envelope(me_graph.delete(f"me/messages/{item['id']}", headers={"If-Match": stale}),
                    412, "ErrorIrresolvableConflict")
    assert me_graph.get(f"me/messages/{item['id']}").json()["subject"] == "v2"


def test_authentication_errors(server: EmulatorServer) -> None:
    reply = requests.get(server.graph_url + "users", timeout=10)
    assert_envelope(reply, 401, "InvalidAuthenticationToken")
    reply = requests.get(server.graph_url + "users", timeout=10,
                         headers={"Authorization": "Bearer not-a-token"})
    assert_envelope(reply, 401, "InvalidAuthenticationToken")


def test_me_needs_a_user(app_graph: Graph) -> None:
    error = assert_envelope(app_graph.get("me"), 400, "BadRequest")
    assert "delegated" in error["message"]


def test_unknown_segment_and_bodies(app_graph: Graph, me_graph: Graph) -> None:
    assert_envelope(app_graph.get("frobnicators"), 400, "BadRequest")
    assert_envelope(app_graph.post("users", data=b"{not json",
                                   headers={"Content-Type": "application/json"}), 400,
                    "BadRequest")
    assert_envelope(app_graph.post("users", json={"displayName": "No Nickname"}), 400,
                    "Request_BadRequest")
    assert_envelope(me_graph.post("me/mailFolders", json={"colour": "red"}), 400, "BadRequest")


def test_unknown_action_is_501(me_graph: Graph) -> None:
    assert_envelope(me_graph.post("me/evaluateRetryPolicy", json={}), 501, "NotImplemented")


def test_crash_is_500_envelope_without_details(me_graph: Graph) -> None:
    folder = me_graph.post("me/mailFolders", json={"displayName": "X"}).json()
    item = me_graph.post(f"me/mailFolders/{folder['id']}/messages", json={"subject": "s"}).json()
    reply = me_graph.post(f"me/messages/{item['id']}/forward", json={})
    assert_envelope(reply, 500, "generalException")
    assert "secret internal detail" not in reply.text


def test_client_request_id_is_echoed(app_graph: Graph) -> None:
    reply = app_graph.get("users/nobody@contoso.onmicrosoft.com",
                          headers={"client-request-id": "abc-123"})
    error = assert_envelope(reply, 404, "Request_ResourceNotFound")
    assert error["innerError"]["client-request-id"] == "abc-123"
    assert reply.headers["client-request-id"] == "abc-123"


def test_unknown_segment_is_named(server: EmulatorServer, me_graph: Graph) -> None:
    """Graph names the segment it could not resolve, not the first one of the path."""
    user = server.store.get("microsoft.graph.user", "adele@contoso.onmicrosoft.com")
    assert user is not None
    for path, segment in ((f"users/{user.id}/frobnicate", "frobnicate"),
                          ("me/frobnicate/x", "frobnicate"),
                          ("me/manager/frob", "frob"),
                          ("frobnicators", "frobnicators")):
        error = assert_envelope(me_graph.get(path), 400, "BadRequest")
        assert error["message"] == f"Resource not found for the segment '{segment}'.", path
