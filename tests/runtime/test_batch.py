from __future__ import annotations

import json
import random
from typing import Any
from urllib.parse import unquote

import pytest

from generated.o365._runtime.batch import Batch, BatchItem
from generated.o365._runtime.connection import Connection
from generated.o365._runtime.errors import (
    BatchError,
    FailedDependencyError,
    ForbiddenError,
    MethodNotAllowedError,
    ThrottledError,
)
from generated.o365._runtime.query import F, Query
from generated.o365._runtime.request import GraphRequest
from tests.runtime.conftest import SleepRecorder, cassette
from tests.support import RecordedRequest, Reply, ScriptServer


def _normalised(body: bytes | str) -> list[dict[str, Any]]:
    requests = json.loads(body)["requests"]
    for request in requests:
        request["url"] = unquote(request["url"]).lstrip("/")
        headers = {k: v for k, v in request.get("headers", {}).items() if k.lower() != "prefer"}
        if headers:
            request["headers"] = headers
        else:
            request.pop("headers", None)
    return requests


def documented_batch_body(live: Any, recorded: Any) -> None:
    """vcr matcher: the batch we send equals the one in concepts/json-batching.md.

    Prefer (our time-zone preference) is left out of the comparison; URLs are compared
    decoded and without the leading slash, which the document uses both with and without.
    """
    assert _normalised(live.body) == _normalised(recorded.body)


def test_documented_batch_request_and_response(graph_con: Connection) -> None:
    users = Query(advanced=True).select("id", "displayName", "userPrincipalName").filter(
        F("city").eq(None)).count()
    with cassette("batch_documented.yaml", matchers={"documented_body": documented_batch_body},
                  match_on=["method", "uri", "documented_body"]) as played:
        batch = Batch(graph_con)
        member_of = batch.add(GraphRequest("GET", "me/memberOf", parse=lambda b: b["value"]))
        tasks = batch.add(GraphRequest("GET", "/me/planner/tasks"))
        delete = batch.add(GraphRequest("DELETE", "groups/0e226165-c685-41ce-8bfc-df8360ab325d",
                                        expected="none"))
        sso = batch.add(GraphRequest(
            "POST", "users/161ab652-cdbc-490d-82a4-0ada1f0db247/getPasswordSingleSignOnCredentials",
            json={}))
        listed = batch.add(GraphRequest("GET", "users", params=users.as_params(),
                                        headers=users.headers(),
                                        parse=lambda b: (b["@odata.count"], b["value"])))
        assert batch.execute() == [member_of, tasks, delete, sso, listed]
    assert played.play_count == 1
    assert member_of.ok and member_of.result()[0]["displayName"] == "User Administrator"
    with pytest.raises(ForbiddenError) as denied:
        tasks.result()
    assert denied.value.code == "" and denied.value.request_id == "93b6f17e-c05d-4f45-ad2a-6665c708d8a0"
    assert isinstance(delete.error, ForbiddenError)
    assert delete.error.code == "Authorization_RequestDenied"
    assert str(delete.error).startswith(
        "DELETE /v1.0/groups/0e226165-c685-41ce-8bfc-df8360ab325d -> 403 Authorization_RequestDenied")
    assert isinstance(sso.error, MethodNotAllowedError) and sso.status == 405
    count, values = listed.result()
    assert count == 36 and values[0]["displayName"] == "Lynne Robbins"


def batch_answer(handler: Any) -> Any:
    """Wrap fn(sub_request) -> (status, headers, body) into a $batch route handler."""

    def answer(req: RecordedRequest) -> Reply:
        responses = []
        for sub in req.json()["requests"]:
            status, headers, body = handler(sub)
            responses.append({"id": sub["id"], "status": status, "headers": headers, "body": body})
        random.Random(7).shuffle(responses)  # order is not guaranteed by Graph
        return Reply(200, body={"responses": responses})

    return answer


def echo(sub: dict[str, Any]) -> tuple[int, dict[str, str], Any]:
    return 200, {"Content-Type": "application/json"}, {"url": sub["url"], "id": sub["id"]}


def test_more_than_20_requests_are_split(con: Connection, script_server: ScriptServer) -> None:
    script_server.route("POST", "/v1.0/$batch", batch_answer(echo))
    batch = Batch(con)
    items = [batch.add(GraphRequest("GET", f"me/messages/{n}", parse=lambda b: b["url"]))
             for n in range(45)]
    batch.execute()
    sizes = [len(r.json()["requests"]) for r in script_server.requests]
    assert sizes == [20, 20, 5]
    assert [i.result() for i in items] == [f"/me/messages/{n}" for n in range(45)]


def test_sub_request_shape(con: Connection, script_server: ScriptServer) -> None:
    script_server.route("POST", "/v1.0/$batch", batch_answer(echo))
    batch = Batch(con)
    first = batch.add(GraphRequest("POST", "me/messages", json={"subject": "hi"}))
    batch.add(GraphRequest("GET", con.protocol.url("me/events"), params={"$top": 1}),
              depends_on=[first], headers={"Prefer": 'outlook.body-content-type="text"'})
    batch.execute()
    sent = script_server.requests[0]
    assert sent.headers["content-type"] == "application/json"
    assert sent.json() == {"requests": [
        {"id": "1", "method": "POST", "url": "/me/messages", "body": {"subject": "hi"},
         "headers": {"Prefer": 'outlook.timezone="UTC"', "Content-Type": "application/json"}},
        {"id": "2", "method": "GET", "url": "/me/events?$top=1", "dependsOn": ["1"],
         "headers": {"Prefer": 'outlook.timezone="UTC", outlook.body-content-type="text"'}},
    ]}


def test_dependency_chains_stay_in_one_post(con: Connection, script_server: ScriptServer) -> None:
    script_server.route("POST", "/v1.0/$batch", batch_answer(echo))
    batch = Batch(con)
    for n in range(15):
        batch.add(GraphRequest("GET", f"loose/{n}"))
    chain: list[BatchItem[Any]] = []
    for n in range(10):
        chain.append(batch.add(GraphRequest("GET", f"chain/{n}"), depends_on=chain[-1:]))
    batch.execute()
    posts = [r.json()["requests"] for r in script_server.requests]
    chain_posts = {i for i, post in enumerate(posts) for sub in post if "chain" in sub["url"]}
    assert len(chain_posts) == 1
    assert all(len(post) <= 20 for post in posts)


def test_chain_longer_than_20_is_refused_before_sending(con: Connection,
                                                        script_server: ScriptServer) -> None:
    batch = Batch(con)
    previous: list[BatchItem[Any]] = []
    for n in range(21):
        previous = [batch.add(GraphRequest("GET", f"chain/{n}"), depends_on=previous)]
    with pytest.raises(ValueError, match="dependsOn chain of 21"):
        batch.execute()
    assert script_server.requests == []


def test_throttled_sub_requests_retry_after_their_own_retry_after(
    con: Connection, script_server: ScriptServer, sleeps: SleepRecorder
) -> None:
    calls: dict[str, int] = {}

    def throttle_first_two(sub: dict[str, Any]) -> tuple[int, dict[str, str], Any]:
        calls[sub["url"]] = calls.get(sub["url"], 0) + 1
        if sub["url"] in ("/a", "/b") and calls[sub["url"]] == 1:
            wait = "3" if sub["url"] == "/a" else "1.5"
            return 429, {"Retry-After": wait}, {"error": {"code": "TooManyRequests",
                                                          "message": "Please retry again later."}}
        return echo(sub)

    script_server.route("POST", "/v1.0/$batch", batch_answer(throttle_first_two))
    batch = Batch(con)
    a, b, c = (batch.add(GraphRequest("GET", path)) for path in ("a", "b", "c"))
    batch.execute()
    assert sleeps.delays == [3.0]  # the longest retry-after of the round
    assert [len(r.json()["requests"]) for r in script_server.requests] == [3, 2]
    assert a.ok and b.ok and c.ok and calls == {"/a": 2, "/b": 2, "/c": 1}


def test_throttling_retries_are_bounded(script_server: ScriptServer, sleeps: SleepRecorder) -> None:
    from generated.o365._runtime.protocol import MSGraphProtocol

    script_server.route("POST", "/v1.0/$batch", batch_answer(
        lambda sub: (429, {"Retry-After": "1"}, {"error": {"code": "TooManyRequests"}})))
    protocol = MSGraphProtocol(protocol_url=script_server.base_url, timezone="UTC")
    with Connection(protocol=protocol, sleep=sleeps, max_retries=2) as con:
        item_batch = Batch(con)
        item = item_batch.add(GraphRequest("GET", "a"))
        item_batch.execute()
    assert len(script_server.requests) == 3 and sleeps.delays == [1.0, 1.0]
    with pytest.raises(ThrottledError) as caught:
        item.result()
    assert caught.value.retry_after == 1.0


def test_failed_dependency_and_retry_of_throttled_parent(con: Connection, script_server: ScriptServer,
                                                         sleeps: SleepRecorder) -> None:
    rounds = {"n": 0}

    def parent_throttled_once(sub: dict[str, Any]) -> tuple[int, dict[str, str], Any]:
        if sub["url"] == "/parent":
            rounds["n"] += 1
            if rounds["n"] == 1:
                return 429, {"Retry-After": "0.5"}, None
        if sub["url"] == "/broken":
            return 404, {}, {"error": {"code": "itemNotFound", "message": "nope"}}
        if sub.get("dependsOn") == ["1"] and rounds["n"] == 1:
            return 424, {}, {"error": {"code": "FailedDependency", "message": "dependency"}}
        if sub.get("dependsOn") == ["3"]:
            return 424, {}, {"error": {"code": "FailedDependency", "message": "dependency"}}
        return echo(sub)

    script_server.route("POST", "/v1.0/$batch", batch_answer(parent_throttled_once))
    batch = Batch(con)
    parent = batch.add(GraphRequest("GET", "parent"))
    child = batch.add(GraphRequest("GET", "child"), depends_on=[parent])
    broken = batch.add(GraphRequest("GET", "broken"))
    orphan = batch.add(GraphRequest("GET", "orphan"), depends_on=[broken])
    batch.execute()
    assert parent.ok and child.ok  # resent together after the parent's retry-after
    assert script_server.requests[1].json()["requests"][1]["dependsOn"] == ["1"]
    assert sleeps.delays == [0.5]
    with pytest.raises(FailedDependencyError):
        orphan.result()
    assert orphan.status == 424 and not orphan.ok


def test_missing_answer_is_a_batch_error(con: Connection, script_server: ScriptServer) -> None:
    script_server.route("POST", "/v1.0/$batch", Reply(200, body={"responses": []}))
    batch = Batch(con)
    batch.add(GraphRequest("GET", "me"))
    with pytest.raises(BatchError, match="no answer for request id 1"):
        batch.execute()


def test_call_captures_any_single_execute_method(con: Connection, script_server: ScriptServer) -> None:
    script_server.route("POST", "/v1.0/$batch", batch_answer(echo))

    def get_message(connection: Connection, message_id: str) -> str:
        """Stands in for a generated method: one execute() with a typed parse."""
        return connection.execute(GraphRequest("GET", f"me/messages/{message_id}",
                                               parse=lambda body: f"Message({body['url']})"))

    with Batch(con) as batch:
        item = batch.call(get_message, con, "AAMk1")
        with pytest.raises(BatchError):
            item.result()  # not executed yet
    assert item.result() == "Message(/me/messages/AAMk1)"
    assert len(script_server.requests) == 1  # nothing was sent while capturing


def test_call_refuses_functions_that_do_not_execute(con: Connection) -> None:
    with pytest.raises(ValueError, match="without calling Connection.execute"):
        Batch(con).call(lambda: 42)


def test_bad_adds(con: Connection) -> None:
    batch = Batch(con)
    other = Batch(con).add(GraphRequest("GET", "me"))
    with pytest.raises(ValueError):
        batch.add(GraphRequest("GET", "me"), depends_on=[other])
    with pytest.raises(ValueError):
        batch.add(GraphRequest("GET", "https://elsewhere.example/x"))
    with pytest.raises(TypeError):
        batch.add("GET me")  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        GraphRequest("FETCH", "me")


def test_binary_sub_response_is_base64_decoded(con: Connection, script_server: ScriptServer) -> None:
    script_server.route("POST", "/v1.0/$batch", batch_answer(
        lambda sub: (200, {"Content-Type": "image/jpeg"}, "/9j/4AAQ")))
    batch = Batch(con)
    photo = batch.add(GraphRequest("GET", "me/photo/$value", expected="bytes"))
    batch.execute()
    assert photo.result() == b"\xff\xd8\xff\xe0\x00\x10"
