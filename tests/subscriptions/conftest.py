"""Fixtures for the subscription tests: documented-example cassettes, a live emulator, and
a live notification receiver (the library's NotificationReceiver on http.server)."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from http.server import ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from generated.o365 import Account, NotificationReceiver
from generated.o365.emulator import EmulatorServer
from tests.mail import conftest as mail
from tests.mail.conftest import Sent, cassette_player
from tests.support.accounts import emulator_account

CASSETTES = Path(__file__).parent / "cassettes"
ADELE = "adele@contoso.onmicrosoft.com"
MEGAN = "megan@contoso.onmicrosoft.com"
WAIT = 15.0  # seconds a test waits for a delivery (they come within milliseconds)


sent = mail.sent  # the same fixtures as the mail tests: what was sent, a Graph-host connection
graph_con = mail.graph_con


@pytest.fixture
def docs_cassette(sent: Sent) -> Any:
    """`with docs_cassette("name"):` plays tests/subscriptions/cassettes/name.yaml in order."""
    return cassette_player(CASSETTES, sent)


@dataclass
class Hit:
    """One request the receiver got, as sent."""

    method: str
    query: str
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


class LiveReceiver(NotificationReceiver):
    """The library's receiver, recording every request and the callbacks' arguments; served
    over real sockets on 127.0.0.1 by its own http.server adapter (`url`)."""

    def __init__(self) -> None:
        super().__init__()
        self.url = ""
        self.hits: list[Hit] = []
        self.changes: list[Any] = []
        self.lifecycle: list[Any] = []
        self.fail_next = 0  # answer this many notifications with 503 first
        self.arrived = threading.Condition()
        self.on_change(self.changes.append)
        self.on_lifecycle(self.lifecycle.append)

    def handle(self, method: str, query: Any, headers: Any, body: Any) -> Any:
        hit = Hit(method, str(query), dict(headers), bytes(body or b""))
        if self.fail_next and "validationToken" not in hit.query:
            self.fail_next -= 1
            reply: Any = (503, {}, b"")
        else:
            reply = super().handle(method, query, headers, body)
        with self.arrived:
            self.hits.append(hit)
            self.arrived.notify_all()
        return reply

    def wait_for(self, what: Callable[[], bool], timeout: float = WAIT) -> bool:
        with self.arrived:
            return self.arrived.wait_for(what, timeout)

    def notifications(self) -> list[dict[str, Any]]:
        """Every notification POSTed (not the validations), as the JSON Graph sent."""
        return [item for hit in self.hits if "validationToken" not in hit.query and hit.body
                for item in hit.json().get("value", [])]


@pytest.fixture
def live_receiver() -> Iterator[LiveReceiver]:
    live = LiveReceiver()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), live.http_handler())
    httpd.daemon_threads = True
    live.url = f"http://127.0.0.1:{httpd.server_address[1]}/notifications"
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05},
                              daemon=True)
    thread.start()
    yield live
    httpd.shutdown()
    httpd.server_close()
    thread.join(timeout=5)


@pytest.fixture
def server() -> Iterator[EmulatorServer]:
    with EmulatorServer(seed=19) as emulator:
        yield emulator


@pytest.fixture
def adele(server: EmulatorServer) -> Account:
    return emulator_account(server, ADELE)


def settle(server: EmulatorServer, timeout: float = WAIT) -> None:
    """Wait until the emulator has no delivery pending (so 'exactly one' can be asserted)."""
    deadline = time.monotonic() + timeout
    while not server.notifier.idle():
        if time.monotonic() > deadline:
            raise AssertionError("the emulator still has deliveries pending")
        time.sleep(0.02)
