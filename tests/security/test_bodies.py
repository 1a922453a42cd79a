"""Issue 13, points 7 and 8: bad bodies become typed errors naming the request; paging loops end.

Over real sockets. Before the fix these gave raw ``JSONDecodeError``, ``AttributeError`` or
``ValueError``, an empty list body became an empty result, and a nextLink pointing back at
its own page was followed for ever (228 requests in 10 s).
"""

from __future__ import annotations

from typing import Any

import pytest

from generated.o365._runtime.connection import Connection
from generated.o365._runtime.delta import DeltaIterator
from generated.o365._runtime.errors import GraphError, MalformedResponseError, PagingLoopError
from generated.o365._runtime.paging import Paginator
from generated.o365._runtime.request import GraphRequest
from tests.support import Reply, ScriptServer

BAD_BODIES = {
    "truncated JSON, complete framing": Reply(200, {"Content-Type": "application/json"},
                                              body=b'{"value": [{"id": "1"}, {"id'),
    "HTML from a proxy": Reply(200, {"Content-Type": "text/html"},
                               body=b"<html><body>Sign in to the Wi-Fi</body></html>"),
    "null": Reply(200, {"Content-Type": "application/json"}, body=b"null"),
    "a list": Reply(200, {"Content-Type": "application/json"}, body=b"[]"),
    "a string": Reply(200, {"Content-Type": "application/json"}, body=b'"hello"'),
    "an empty body": Reply(200, {"Content-Type": "application/json"}, body=b""),
}


@pytest.mark.parametrize("case", sorted(BAD_BODIES))
def test_a_bad_body_for_one_object_is_a_typed_error(
    con: Connection, graph: ScriptServer, case: str
) -> None:
    graph.route("GET", "/v1.0/me", BAD_BODIES[case])
    with pytest.raises(MalformedResponseError) as caught:
        con.execute(GraphRequest("GET", "me", parse=lambda body: body["id"]))
    error = caught.value
    assert isinstance(error, GraphError) and error.status == 200
    assert str(error).startswith("GET /v1.0/me -> 200 malformedResponse: ")


@pytest.mark.parametrize("case", sorted(BAD_BODIES))
def test_a_bad_page_is_a_typed_error_not_an_empty_result(
    con: Connection, graph: ScriptServer, case: str
) -> None:
    graph.route("GET", "/v1.0/me/messages", BAD_BODIES[case])
    with pytest.raises(MalformedResponseError, match="GET /v1.0/me/messages -> 200"):
        list(Paginator(con, "me/messages", dict))
    with pytest.raises(MalformedResponseError):
        list(DeltaIterator(con, "me/messages", dict))


@pytest.mark.parametrize("page", [
    {"value": {"id": "1"}},                          # an object where the array belongs
    {"value": "1,2"},
    {"value": [], "@odata.nextLink": 42},
    {"value": [], "@odata.nextLink": ""},
])
def test_a_page_of_the_wrong_shape_is_a_typed_error(
    con: Connection, graph: ScriptServer, page: dict[str, Any]
) -> None:
    graph.route("GET", "/v1.0/me/messages", Reply(200, body=page))
    with pytest.raises(MalformedResponseError):
        list(Paginator(con, "me/messages", dict))


def test_a_next_link_back_to_the_same_page_is_detected(con: Connection, graph: ScriptServer) -> None:
    self_link = graph.url("/v1.0/me/messages?$skiptoken=same")
    graph.route("GET", "/v1.0/me/messages", Reply(200, body={
        "value": [{"id": "1"}], "@odata.nextLink": self_link}))
    with pytest.raises(PagingLoopError, match="leads back to a page already read"):
        list(Paginator(con, "me/messages", dict))
    assert len(graph.requests) <= 3


def test_a_longer_cycle_is_detected_in_constant_memory(con: Connection, graph: ScriptServer) -> None:
    # page k links to page k+1 for k < 7, and page 7 back to page 3: a cycle of length 5
    def page(request: Any) -> Reply:
        k = int(request.query.get("k", ["0"])[0])
        nxt = k + 1 if k < 7 else 3
        return Reply(200, body={"value": [{"k": k}],
                                "@odata.nextLink": graph.url(f"/v1.0/me/messages?k={nxt}")})

    graph.route("GET", "/v1.0/me/messages", page)
    with pytest.raises(PagingLoopError):
        list(Paginator(con, "me/messages", dict))
    assert len(graph.requests) < 30


def test_a_delta_round_that_loops_is_detected(con: Connection, graph: ScriptServer) -> None:
    graph.route("GET", "/v1.0/me/messages/delta", Reply(200, body={
        "value": [], "@odata.nextLink": graph.url("/v1.0/me/messages/delta?$skiptoken=a")}))
    with pytest.raises(PagingLoopError):
        list(DeltaIterator(con, "me/messages/delta", dict))


def test_a_delta_change_that_is_not_an_object_is_a_typed_error(
    con: Connection, graph: ScriptServer
) -> None:
    graph.route("GET", "/v1.0/me/messages/delta", Reply(200, body={
        "value": ["id-1"], "@odata.deltaLink": graph.url("/v1.0/me/messages/delta?t=1")}))
    with pytest.raises(MalformedResponseError, match="a change must be a JSON object"):
        list(DeltaIterator(con, "me/messages/delta", dict))
