"""Issue 13, point 5: every call has an overall deadline, retries and slow bodies included.

Before the fix a server trickling its body held a call as long as it liked (each byte
arrived within the read timeout), and throttling waits were bounded only by the retry budget.
"""

from __future__ import annotations

import time

import pytest

from generated.o365 import Account
from generated.o365._runtime.body import DEFAULT_DEADLINE
from generated.o365._runtime.connection import Connection
from generated.o365._runtime.errors import DeadlineExceededError, ServiceUnavailableError
from generated.o365._runtime.protocol import MSGraphProtocol
from generated.o365._runtime.token_backends import MemoryTokenBackend
from generated.o365.emulator import EmulatorServer
from tests.security.conftest import StaticTokens, no_sleep
from tests.support import Reply, ScriptServer


def slow_connection(server: ScriptServer, deadline: float) -> Connection:
    protocol = MSGraphProtocol(protocol_url=server.base_url, timezone="UTC")
    return Connection(protocol=protocol, token_provider=StaticTokens(), sleep=no_sleep,
                      timeout=(2.0, 2.0), deadline=deadline)


def test_a_trickling_body_is_stopped_at_the_deadline(graph: ScriptServer) -> None:
    # 400 bytes, one every 20 ms: 8 s in all, every byte well within the 2 s read timeout.
    graph.route("GET", "/v1.0/me", Reply(200, body={"id": "x" * 390}, trickle=0.02))
    started = time.monotonic()
    with slow_connection(graph, deadline=0.5) as con, pytest.raises(
            DeadlineExceededError, match=r"GET http://127.0.0.1:\d+/v1.0/me: .*deadline of 0.5 s"):
        con.get("me")
    assert time.monotonic() - started < 4.0  # stopped at the deadline, not after the body


def test_the_deadline_can_be_set_per_call(graph: ScriptServer) -> None:
    graph.route("GET", "/v1.0/me", Reply(200, body={"id": "x" * 390}, trickle=0.02))
    with slow_connection(graph, deadline=60.0) as con, pytest.raises(DeadlineExceededError):
        con.get("me", deadline=0.3)


def test_the_deadline_bounds_retries_and_waits(graph: ScriptServer) -> None:
    graph.route("GET", "/v1.0/me", Reply(503, {"Retry-After": "5"}))
    with slow_connection(graph, deadline=1.0) as con, pytest.raises(ServiceUnavailableError):
        con.get("me")  # a 5 s wait cannot end before the deadline: not started
    assert len(graph.requests) == 1


def test_a_silent_server_is_left_at_the_deadline(graph: ScriptServer) -> None:
    def silent(_request: object) -> Reply:
        time.sleep(3.0)
        return Reply(200, body={})

    graph.route("GET", "/v1.0/me", silent)
    started = time.monotonic()
    with slow_connection(graph, deadline=0.4) as con, pytest.raises(DeadlineExceededError):
        con.get("me")
    assert time.monotonic() - started < 2.5


def test_the_deadline_is_documented_and_settable_per_account() -> None:
    assert Connection().deadline == DEFAULT_DEADLINE == 300.0
    with EmulatorServer(seed=1) as server:
        account = Account((server.client_id, server.client_secret), auth_flow_type="credentials",
                          tenant_id=server.tenant_id, deadline=12.5,
                          protocol=MSGraphProtocol(protocol_url=server.url, timezone="UTC"),
                          authority_host=server.url.rstrip("/"),
                          token_backend=MemoryTokenBackend())
        assert account.con.deadline == 12.5
        assert account.authenticate()  # the token request runs under the same deadline
    with pytest.raises(ValueError, match="deadline"):
        Connection(deadline=0)
