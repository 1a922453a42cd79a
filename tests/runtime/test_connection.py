"""Connection over real sockets against tests.support.ScriptServer on 127.0.0.1."""

from __future__ import annotations

import io
import logging
import threading
import uuid
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime

import pytest
import requests

from generated.o365._runtime.connection import Connection, TokenProvider, merge_prefer
from generated.o365._runtime.errors import (
    BadRequestError,
    ServerError,
    ServiceUnavailableError,
    ThrottledError,
    UnauthorizedError,
)
from generated.o365._runtime.protocol import MSGraphProtocol
from generated.o365._version import __version__
from tests.runtime.conftest import SleepRecorder
from tests.support import Reply, ScriptServer


class FakeTokens:
    """A token provider that hands out token-1, then token-2 after a 401."""

    def __init__(self, *, can_refresh: bool = True) -> None:
        self.current = "token-1"
        self.can_refresh = can_refresh
        self.rejected: list[str] = []
        self.lock = threading.Lock()

    def get_access_token(self) -> str:
        with self.lock:
            return self.current

    def handle_unauthorized(self, rejected_token: str) -> bool:
        with self.lock:
            self.rejected.append(rejected_token)
            if not self.can_refresh:
                return False
            self.current = "token-2"
            return True

    def refresh_token(self) -> bool:
        self.current = "token-refreshed"
        return True


@pytest.fixture
def authed(
    script_server: ScriptServer, sleeps: SleepRecorder
) -> Iterator[tuple[Connection, FakeTokens]]:
    tokens = FakeTokens()
    protocol = MSGraphProtocol(protocol_url=script_server.base_url, timezone="UTC")
    with Connection(protocol=protocol, token_provider=tokens, sleep=sleeps) as con:
        yield con, tokens


# -- headers ---------------------------------------------------------------------------------
def test_standard_headers(
    authed: tuple[Connection, FakeTokens], script_server: ScriptServer
) -> None:
    con, _ = authed
    script_server.enqueue(Reply(200, body={"id": "me"}))
    assert con.get("me").json() == {"id": "me"}
    sent = script_server.requests[0]
    assert sent.method == "GET" and sent.target == "/v1.0/me"
    assert sent.headers["authorization"] == "Bearer token-1"
    assert sent.headers["accept"] == "application/json"
    assert sent.headers["user-agent"] == (
        f"generated-o365/{__version__} python-requests/{requests.__version__}"
    )
    assert uuid.UUID(sent.headers["client-request-id"]).version == 4
    assert sent.headers["prefer"] == 'outlook.timezone="UTC"'


def test_each_request_gets_a_fresh_client_request_id(
    con: Connection, script_server: ScriptServer
) -> None:
    script_server.enqueue(Reply(204), Reply(204))
    con.get("a")
    con.get("b")
    ids = {r.headers["client-request-id"] for r in script_server.requests}
    assert len(ids) == 2


def test_caller_prefer_merges_into_one_header(script_server: ScriptServer) -> None:
    protocol = MSGraphProtocol(
        protocol_url=script_server.base_url, timezone="Europe/Berlin", immutable_ids=True
    )
    script_server.enqueue(Reply(200, body={}), Reply(200, body={}))
    with Connection(protocol=protocol) as con:
        con.get("me/events", headers={"Prefer": 'outlook.body-content-type="text"'})
        con.get("me/events", headers={"prefer": 'outlook.timezone="UTC"'})
    first, second = (r.headers["prefer"] for r in script_server.requests)
    assert first == (
        'outlook.timezone="W. Europe Standard Time", IdType="ImmutableId", '
        'outlook.body-content-type="text"'
    )
    assert second == 'IdType="ImmutableId", outlook.timezone="UTC"'


def test_merge_prefer_without_values() -> None:
    assert merge_prefer([], None) is None
    assert merge_prefer(["a=1"], "") == "a=1"


def test_authorize_false_sends_no_authorization(
    authed: tuple[Connection, FakeTokens], script_server: ScriptServer
) -> None:
    con, _ = authed
    script_server.enqueue(Reply(200, body={}))
    con.put(script_server.url("/upload/session"), data=b"abc", authorize=False)
    sent = script_server.requests[0]
    assert "authorization" not in sent.headers
    assert sent.target == "/upload/session" and sent.body == b"abc"


def test_no_provider_means_no_authorization(con: Connection, script_server: ScriptServer) -> None:
    script_server.enqueue(Reply(200, body={}))
    con.get("me")
    assert "authorization" not in script_server.requests[0].headers
    assert con.refresh_token() is False


@pytest.mark.parametrize(
    ("call", "kwargs"),
    [
        ("", {}),
        ("me", {"json": {}, "data": b"x"}),
        ("me", {"timeout": -1}),
        ("me", {"headers": {"Authorization": "Bearer smuggled"}}),
    ],
)
def test_bad_arguments_fail_before_sending(
    con: Connection, script_server: ScriptServer, call: str, kwargs: dict[str, object]
) -> None:
    with pytest.raises(ValueError):
        con.request("GET", call, **kwargs)  # type: ignore[arg-type]
    assert script_server.requests == []


def test_constructor_validates() -> None:
    with pytest.raises(ValueError):
        Connection(max_retries=-1)
    with pytest.raises(ValueError):
        Connection(timeout=(1.0, 0))
    with pytest.raises(TypeError):
        Connection(token_provider=object())  # type: ignore[arg-type]
    assert isinstance(FakeTokens(), TokenProvider)


# -- retries ---------------------------------------------------------------------------------
def test_429_honours_small_retry_after_for_real(script_server: ScriptServer) -> None:
    """Real sleep: a 0.05 s Retry-After, then success; the client-request-id is kept."""
    protocol = MSGraphProtocol(protocol_url=script_server.base_url, timezone="UTC")
    script_server.enqueue(Reply(429, {"Retry-After": "0.05"}), Reply(200, body={"ok": True}))
    with Connection(protocol=protocol) as con:
        assert con.get("me/messages").json() == {"ok": True}
    first, second = script_server.requests
    assert first.headers["client-request-id"] == second.headers["client-request-id"]


def test_retry_after_values_are_used_as_given(
    con: Connection, script_server: ScriptServer, sleeps: SleepRecorder
) -> None:
    later = format_datetime(datetime.now(timezone.utc) + timedelta(seconds=30), usegmt=True)
    script_server.enqueue(
        Reply(429, {"Retry-After": "2.128"}),
        Reply(503, {"Retry-After": "7"}),
        Reply(429, {"Retry-After": later}),
        Reply(200, body={}),
    )
    con.get("me")
    assert sleeps.delays[:2] == [2.128, 7.0]
    assert 25.0 < sleeps.delays[2] <= 30.0


def test_503_without_retry_after_backs_off_with_jitter(
    con: Connection, script_server: ScriptServer, sleeps: SleepRecorder
) -> None:
    script_server.enqueue(Reply(503), Reply(503), Reply(503), Reply(200, body={}))
    con.get("me")
    assert len(sleeps.delays) == 3
    for attempt, delay in enumerate(sleeps.delays):
        assert 0.0 <= delay <= 0.5 * 2**attempt
    assert len(script_server.requests) == 4


def test_throttling_gives_up_after_max_retries(
    script_server: ScriptServer, sleeps: SleepRecorder
) -> None:
    protocol = MSGraphProtocol(protocol_url=script_server.base_url, timezone="UTC")
    script_server.route(
        "GET",
        "/v1.0/me",
        Reply(
            429,
            {"Retry-After": "1"},
            body={"error": {"code": "TooManyRequests", "message": "Please retry again later."}},
        ),
    )
    with Connection(protocol=protocol, sleep=sleeps, max_retries=2) as con:
        with pytest.raises(ThrottledError) as caught:
            con.get("me")
    assert len(script_server.requests) == 3
    assert sleeps.delays == [1.0, 1.0]
    assert caught.value.retry_after == 1.0


def test_retry_after_beyond_budget_raises_at_once(
    script_server: ScriptServer, sleeps: SleepRecorder
) -> None:
    protocol = MSGraphProtocol(protocol_url=script_server.base_url, timezone="UTC")
    script_server.enqueue(Reply(429, {"Retry-After": "300"}))
    with Connection(protocol=protocol, sleep=sleeps, max_retry_seconds=60) as con:
        with pytest.raises(ThrottledError):
            con.get("me")
    assert sleeps.delays == [] and len(script_server.requests) == 1


def test_total_budget_counts_slept_time(script_server: ScriptServer, sleeps: SleepRecorder) -> None:
    protocol = MSGraphProtocol(protocol_url=script_server.base_url, timezone="UTC")
    script_server.route("GET", "/v1.0/me", Reply(503, {"Retry-After": "4"}))
    with Connection(protocol=protocol, sleep=sleeps, max_retry_seconds=10) as con:
        with pytest.raises(ServiceUnavailableError):
            con.get("me")
    assert sleeps.delays == [4.0, 4.0]  # a third wait would pass the 10 s budget


def test_500_retried_for_get_not_for_post(
    con: Connection, script_server: ScriptServer, sleeps: SleepRecorder
) -> None:
    script_server.enqueue(Reply(500), Reply(200, body={"v": 1}))
    assert con.get("me").json() == {"v": 1}
    assert len(script_server.requests) == 2

    script_server.enqueue(Reply(500, body={"error": {"code": "generalException", "message": "x"}}))
    with pytest.raises(ServerError) as caught:
        con.post("me/messages", json={"subject": "hi"})
    assert len(script_server.requests) == 3
    assert caught.value.code == "generalException"


@pytest.mark.parametrize("status", [502, 504])
def test_502_504_retried_for_idempotent_methods(
    con: Connection, script_server: ScriptServer, status: int
) -> None:
    script_server.enqueue(Reply(status), Reply(204))
    assert con.delete("me/messages/1").status_code == 204
    script_server.enqueue(Reply(status))
    with pytest.raises(ServerError):
        con.patch("me/messages/1", json={})


def test_retry_false_disables_retries(con: Connection, script_server: ScriptServer) -> None:
    script_server.enqueue(Reply(503))
    with pytest.raises(ServiceUnavailableError):
        con.get("me", retry=False)
    assert len(script_server.requests) == 1


def test_4xx_is_not_retried(con: Connection, script_server: ScriptServer) -> None:
    script_server.enqueue(Reply(400, body={"error": {"code": "invalidRequest", "message": "bad"}}))
    with pytest.raises(BadRequestError):
        con.get("me")
    assert len(script_server.requests) == 1


# -- 401 -------------------------------------------------------------------------------------
def test_401_refreshes_once_then_retries(
    authed: tuple[Connection, FakeTokens], script_server: ScriptServer
) -> None:
    con, tokens = authed
    script_server.enqueue(
        Reply(
            401,
            body={
                "error": {
                    "code": "InvalidAuthenticationToken",
                    "message": "Access token has expired.",
                }
            },
        ),
        Reply(200, body={"id": "1"}),
    )
    assert con.get("me").json() == {"id": "1"}
    assert tokens.rejected == ["token-1"]
    assert [r.headers["authorization"] for r in script_server.requests] == [
        "Bearer token-1",
        "Bearer token-2",
    ]


def test_second_401_raises(
    authed: tuple[Connection, FakeTokens], script_server: ScriptServer
) -> None:
    con, tokens = authed
    script_server.route(
        "GET",
        "/v1.0/me",
        Reply(
            401,
            body={
                "error": {"code": "InvalidAuthenticationToken", "message": "Access token is empty."}
            },
        ),
    )
    with pytest.raises(UnauthorizedError) as caught:
        con.get("me")
    assert len(script_server.requests) == 2 and tokens.rejected == ["token-1"]
    assert "token-" not in str(caught.value)


def test_401_without_new_token_raises_at_once(script_server: ScriptServer) -> None:
    tokens = FakeTokens(can_refresh=False)
    protocol = MSGraphProtocol(protocol_url=script_server.base_url, timezone="UTC")
    script_server.enqueue(Reply(401))
    with Connection(protocol=protocol, token_provider=tokens) as con:
        with pytest.raises(UnauthorizedError):
            con.get("me")
    assert len(script_server.requests) == 1


def test_refresh_token_delegates(authed: tuple[Connection, FakeTokens]) -> None:
    con, tokens = authed
    assert con.refresh_token() is True and tokens.current == "token-refreshed"


# -- dropped connections and bodies ----------------------------------------------------------
def test_dropped_connection_retried_for_get(
    con: Connection, script_server: ScriptServer, sleeps: SleepRecorder
) -> None:
    cut_in_body = len(Reply(200, body={"a": 1}).encode()) - 3
    script_server.enqueue(
        Reply(200, body={"a": 1}, drop_after=0),
        Reply(200, body={"a": 1}, drop_after=cut_in_body),
        Reply(200, body={"a": 2}),
    )
    assert con.get("me").json() == {"a": 2}
    assert len(sleeps.delays) == 2


def test_dropped_connection_not_retried_for_post(
    con: Connection, script_server: ScriptServer
) -> None:
    script_server.enqueue(Reply(200, drop_after=0))
    with pytest.raises(requests.exceptions.ConnectionError):
        con.post("me/sendMail", json={})
    assert len(script_server.requests) == 1


def test_seekable_stream_is_rewound_for_a_retry(
    con: Connection, script_server: ScriptServer
) -> None:
    body = io.BytesIO(b"0123456789")
    body.seek(2)
    script_server.enqueue(Reply(503), Reply(200, body={}))
    con.put("me/drive/root:/f.txt:/content", data=body)
    assert [r.body for r in script_server.requests] == [b"23456789", b"23456789"]


def test_unseekable_stream_is_not_retried(con: Connection, script_server: ScriptServer) -> None:
    def chunks() -> Iterator[bytes]:
        yield b"abc"

    script_server.enqueue(Reply(503))
    with pytest.raises(ServiceUnavailableError):
        con.put("me/drive/root:/f.txt:/content", data=chunks())
    assert len(script_server.requests) == 1
    assert script_server.requests[0].body == b"abc"


def test_stream_true_leaves_body_unread(con: Connection, script_server: ScriptServer) -> None:
    script_server.enqueue(Reply(200, body=b"x" * 10000))
    response = con.get("me/drive/items/1/content", stream=True)
    assert b"".join(response.iter_content(4096)) == b"x" * 10000


# -- logging ---------------------------------------------------------------------------------
def test_logs_never_contain_tokens_or_secrets(
    authed: tuple[Connection, FakeTokens],
    script_server: ScriptServer,
    caplog: pytest.LogCaptureFixture,
) -> None:
    con, _ = authed
    script_server.enqueue(
        Reply(401), Reply(429, {"Retry-After": "0"}), Reply(200, {"request-id": "rid-1"}, body={})
    )
    with caplog.at_level(logging.DEBUG, logger="generated.o365"):
        con.get("me", params={"code": "AUTHCODE", "$top": "1"})
    ours = [r for r in caplog.records if r.name == "generated.o365"]
    text = "\n".join(r.getMessage() for r in ours)
    assert "rid-1" in text and "-> 200 in" in text and "GET" in text
    assert "token-1" not in text and "token-2" not in text and "Bearer" not in text
    assert "AUTHCODE" not in text and "code=REDACTED" in text
    assert "token-" not in repr(con)


def test_capture_raises_deferred_and_sends_nothing(
    con: Connection, script_server: ScriptServer
) -> None:
    from generated.o365._runtime.request import Deferred, GraphRequest

    req: GraphRequest[dict[str, object]] = GraphRequest("GET", "me")
    with con.capture(), pytest.raises(Deferred) as deferred:
        con.execute(req)
    assert deferred.value.request is req
    assert script_server.requests == []


def test_credentials_build_a_token_manager_lazily(script_server: ScriptServer) -> None:
    from generated.o365._runtime.auth import TokenManager

    protocol = MSGraphProtocol(protocol_url=script_server.base_url, timezone="UTC")
    con = Connection(
        ("client-id", "client-secret"),
        protocol=protocol,
        auth_flow_type="credentials",
        tenant_id="contoso.onmicrosoft.com",
    )
    provider = con.token_provider
    assert isinstance(provider, TokenManager)
    assert provider is con.token_provider  # built once
    assert provider.tenant_id == "contoso.onmicrosoft.com"
    assert "client-secret" not in repr(con)


def test_execute_decodes_then_parses(con: Connection, script_server: ScriptServer) -> None:
    from generated.o365._runtime.request import GraphRequest

    script_server.enqueue(
        Reply(200, body={"id": "m1", "subject": "Hi"}),
        Reply(204),
        Reply(200, body="893"),
        Reply(200, body=b"\x89PNG"),
    )
    message = con.execute(
        GraphRequest("PATCH", "me/messages/m1", json={"subject": "Hi"},
                     parse=lambda body: (body["id"], body["subject"]))
    )
    assert message == ("m1", "Hi")
    assert script_server.requests[0].json() == {"subject": "Hi"}
    assert con.execute(GraphRequest("DELETE", "me/messages/m1", parse=lambda b: b)) is None
    assert con.execute(GraphRequest("GET", "users/$count", expected="text")) == "893"
    assert con.execute(GraphRequest("GET", "me/photo/$value", expected="bytes")) == b"\x89PNG"


# -- 201 Created with only a Location ---------------------------------------------------------
def test_created_without_a_body_is_read_from_its_location(
    authed: tuple[Connection, FakeTokens], script_server: ScriptServer
) -> None:
    """Graph answers some creations (a chat's member) with 201 and a Location, no body."""
    from generated.o365._runtime.request import GraphRequest

    con, _ = authed
    where = "/chats/19:abc@thread.v2/members/MCMj"
    script_server.enqueue(Reply(201, headers={"Location": where}),
                          Reply(200, body={"id": "MCMj", "roles": ["owner"]}))
    req: GraphRequest[dict] = GraphRequest(method="POST", url="chats/19:abc@thread.v2/members",
                                           json={"roles": ["owner"]}, parse=dict)
    assert con.execute(req) == {"id": "MCMj", "roles": ["owner"]}
    posted, read = script_server.requests
    assert (posted.method, read.method) == ("POST", "GET")
    assert read.target == "/v1.0" + where  # relative to the service root
    assert read.headers["authorization"] == "Bearer token-1"


def test_created_without_a_body_and_no_parser_reads_nothing_more(
    con: Connection, script_server: ScriptServer
) -> None:
    from generated.o365._runtime.request import GraphRequest

    script_server.enqueue(Reply(201, headers={"Location": "/x/1"}))
    req: GraphRequest[None] = GraphRequest(method="POST", url="x", json={}, expected="none")
    assert con.execute(req) is None
    assert len(script_server.requests) == 1
