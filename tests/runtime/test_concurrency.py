"""Many calls at once: generated.o365._runtime.concurrency.concurrent, account.batch(), and one Retry-After
for every thread of an Account (generated.o365._runtime.connection's throttle), over real sockets."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from functools import partial
from typing import Any

import pytest

from generated.o365 import Account, Batch, MemoryTokenBackend, MSGraphProtocol
from generated.o365._runtime.concurrency import concurrent
from generated.o365._runtime.connection import Connection
from generated.o365._runtime.errors import NotFoundError
from generated.o365._runtime.paging import Paginator
from tests.runtime.conftest import SleepRecorder
from tests.support.server import RecordedRequest, Reply, ScriptServer


# ------------------------------------------------------------------ the helper
def test_results_come_back_in_the_order_of_the_calls() -> None:
    def slow(value: int) -> int:
        time.sleep(0.02 * (5 - value))  # the first call finishes last
        return value * 10

    assert concurrent([partial(slow, n) for n in range(5)], max_workers=5) == [0, 10, 20, 30, 40]
    assert concurrent([]) == []


def test_calls_run_side_by_side_on_worker_threads() -> None:
    """Four calls that each wait for the other three can only finish if all run at once."""
    barrier = threading.Barrier(4, timeout=10)

    def meet() -> str:
        barrier.wait()
        return threading.current_thread().name

    names = concurrent([meet] * 4, max_workers=4)
    assert len(set(names)) == 4 and all(n.startswith("o365-concurrent") for n in names)


def test_the_first_failing_call_in_order_is_raised_and_calls_not_started_never_run() -> None:
    ran: list[int] = []

    def call(n: int) -> int:
        ran.append(n)
        if n in (1, 2):
            raise KeyError(f"call {n}")
        return n

    with pytest.raises(KeyError, match="call 1"):
        concurrent([partial(call, n) for n in range(6)], max_workers=1)
    assert ran == [0, 1]  # one worker: after call 1 failed, calls 2..5 were cancelled


def test_return_exceptions_puts_each_failure_in_its_place() -> None:
    def call(n: int) -> int:
        if n % 2:
            raise ValueError(n)
        return n

    results = concurrent([partial(call, n) for n in range(4)], return_exceptions=True)
    assert results[0] == 0 and results[2] == 2
    assert [type(r) for r in results[1::2]] == [ValueError, ValueError]


@pytest.mark.parametrize(("calls", "workers", "error"), [
    ([lambda: 1, "not a call"], 4, TypeError),
    ([lambda: 1], 0, ValueError),
    ([lambda: 1], 17, ValueError),  # more than the connection's pool of sockets
    ([lambda: 1], True, ValueError),
])
def test_bad_arguments_are_refused_before_any_call_runs(calls: list[Any], workers: int,
                                                        error: type[Exception]) -> None:
    ran: list[bool] = []
    with pytest.raises(error):
        concurrent([lambda: ran.append(True), *calls], max_workers=workers)
    assert ran == []


# ------------------------------------------------------------- over real sockets
@pytest.fixture
def server_con(script_server: ScriptServer) -> Iterator[Connection]:
    protocol = MSGraphProtocol(protocol_url=script_server.base_url, timezone="UTC")
    with Connection(protocol=protocol, timeout=(2.0, 5.0)) as connection:
        yield connection


def test_a_paginator_is_read_to_the_end_on_its_worker(script_server: ScriptServer,
                                                      server_con: Connection) -> None:
    for box in ("a", "b"):
        script_server.route("GET", f"/v1.0/users/{box}/messages", Reply(200, body={
            "value": [{"id": f"{box}1"}], "@odata.nextLink": script_server.url(f"/v1.0/{box}/2")}))
        script_server.route("GET", f"/v1.0/{box}/2", Reply(200, body={"value": [{"id": f"{box}2"}]}))
    calls = [partial(Paginator, server_con, f"users/{box}/messages", dict) for box in ("a", "b")]
    pages = concurrent(calls)
    assert pages == [[{"id": "a1"}, {"id": "a2"}], [{"id": "b1"}, {"id": "b2"}]]
    assert len(script_server.requests) == 4


def test_a_graph_error_of_one_call_is_raised_after_the_others_finish(
        script_server: ScriptServer, server_con: Connection) -> None:
    script_server.route("GET", "/v1.0/me/messages/ok", Reply(200, body={"id": "ok"}))
    script_server.route("GET", "/v1.0/me/messages/gone", Reply(404, body={
        "error": {"code": "ErrorItemNotFound", "message": "The specified object was not found."}}))
    with pytest.raises(NotFoundError):
        concurrent([partial(server_con.get, "me/messages/ok"),
                    partial(server_con.get, "me/messages/gone")])
    assert sorted(r.path for r in script_server.requests) == ["/v1.0/me/messages/gone",
                                                              "/v1.0/me/messages/ok"]


def test_another_threads_retry_after_holds_this_thread(script_server: ScriptServer,
                                                       sleeps: SleepRecorder) -> None:
    """Recorded (not real) sleeps: the thread that got the 429 waits 5 s; a call on another
    thread of the same connection then waits the rest of those 5 s before it sends."""
    script_server.route("GET", "/v1.0/me/messages", _throttled_once(retry_after="5"))
    script_server.route("GET", "/v1.0/me/events", Reply(200, body={"value": []}))
    protocol = MSGraphProtocol(protocol_url=script_server.base_url, timezone="UTC")
    with Connection(protocol=protocol, sleep=sleeps, timeout=(2.0, 5.0)) as con:
        worker = threading.Thread(target=con.get, args=("me/messages",))
        worker.start()
        worker.join(10)
        assert sleeps.delays == [5.0]  # the 429's own thread, once
        con.get("me/events")
        con.get("me/events")
    assert len(sleeps.delays) == 2 and 4.0 < sleeps.delays[1] <= 5.0  # held once, not twice


def test_one_429_holds_both_threads_for_real(script_server: ScriptServer) -> None:
    """Two threads, one connection, real sleeps: thread A gets 429 Retry-After 0.5; thread B,
    starting its call while A waits, sends nothing until A's Retry-After has passed."""
    answered_429 = threading.Event()
    arrivals: dict[str, float] = {}
    waited: dict[str, list[float]] = {"A": [], "B": []}

    def messages(request: RecordedRequest) -> Reply:
        if "429" not in arrivals:
            arrivals["429"] = time.monotonic()
            return Reply(429, {"Retry-After": "0.5"})
        return Reply(200, body={"value": []})

    def events(request: RecordedRequest) -> Reply:
        arrivals["B"] = time.monotonic()
        return Reply(200, body={"value": []})

    def sleep(seconds: float) -> None:
        waited[threading.current_thread().name].append(seconds)
        answered_429.set()
        time.sleep(seconds)

    script_server.route("GET", "/v1.0/me/messages", messages)
    script_server.route("GET", "/v1.0/me/events", events)
    protocol = MSGraphProtocol(protocol_url=script_server.base_url, timezone="UTC")
    with Connection(protocol=protocol, sleep=sleep, timeout=(2.0, 5.0)) as con:
        def second() -> None:
            assert answered_429.wait(10)
            con.get("me/events")

        threads = [threading.Thread(target=con.get, args=("me/messages",), name="A"),
                   threading.Thread(target=second, name="B")]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(10)
    assert waited["A"] == [0.5]
    assert len(waited["B"]) == 1 and 0 < waited["B"][0] <= 0.5  # B waited, A's hold
    assert arrivals["B"] >= arrivals["429"] + 0.5  # B's request went out after the hold
    assert [r.path for r in script_server.requests].count("/v1.0/me/messages") == 2


def test_a_batch_throttled_inside_holds_the_other_threads(script_server: ScriptServer,
                                                          sleeps: SleepRecorder) -> None:
    """A sub-request answered 429 with Retry-After holds the connection like a plain 429."""
    answers = iter([
        {"responses": [{"id": "1", "status": 429, "headers": {"Retry-After": "3"}, "body": {}}]},
        {"responses": [{"id": "1", "status": 200, "body": {"id": "me"}}]},
    ])
    script_server.route("POST", "/v1.0/$batch", lambda request: Reply(200, body=next(answers)))
    script_server.route("GET", "/v1.0/me/events", Reply(200, body={"value": []}))
    protocol = MSGraphProtocol(protocol_url=script_server.base_url, timezone="UTC")
    with Connection(protocol=protocol, sleep=sleeps, timeout=(2.0, 5.0)) as con:
        batch = Batch(con)
        from generated.o365._runtime.request import GraphRequest

        item = batch.add(GraphRequest("GET", "me"))
        worker = threading.Thread(target=batch.execute)
        worker.start()
        worker.join(10)
        assert item.result() == {"id": "me"} and sleeps.delays == [3.0]
        con.get("me/events")  # another thread: held for the rest of the 3 s
    assert len(sleeps.delays) == 2 and 2.0 < sleeps.delays[1] <= 3.0


def test_account_batch_sends_on_the_accounts_connection(script_server: ScriptServer) -> None:
    account = Account(("client-id", "secret"), auth_flow_type="credentials",
                      tenant_id="contoso.onmicrosoft.com", token_backend=MemoryTokenBackend(),
                      protocol=MSGraphProtocol(protocol_url=script_server.base_url))
    batch = account.batch()
    assert isinstance(batch, Batch) and batch._con is account.con and len(batch) == 0


def _throttled_once(*, retry_after: str) -> Any:
    calls = iter(range(1_000))

    def answer(request: RecordedRequest) -> Reply:
        if next(calls) == 0:
            return Reply(429, {"Retry-After": retry_after})
        return Reply(200, body={"value": []})

    return answer


def test_account_concurrent_is_the_helper_on_the_account(script_server: ScriptServer) -> None:
    account = Account(("client-id", "secret"), auth_flow_type="credentials",
                      tenant_id="contoso.onmicrosoft.com", token_backend=MemoryTokenBackend(),
                      protocol=MSGraphProtocol(protocol_url=script_server.base_url))
    assert account.concurrent([lambda: 1, lambda: 2], max_workers=2) == [1, 2]
    results = account.concurrent([lambda: 1, partial(int, "x")], return_exceptions=True)
    assert results[0] == 1 and isinstance(results[1], ValueError)
    with pytest.raises(ValueError, match="invalid literal"):
        account.concurrent([lambda: 1, partial(int, "x")])
