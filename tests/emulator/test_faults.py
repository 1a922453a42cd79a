"""Fault injection: 429 with Retry-After, 503, dropped bodies, token expiry, control endpoint."""

from __future__ import annotations

import pytest
import requests

from generated.o365.emulator import EmulatorServer

from .conftest import Graph, assert_envelope


def test_throttle_every_third_request(server: EmulatorServer, app_graph: Graph) -> None:
    server.faults.set(throttle_every=3, retry_after=1.5)
    statuses = [app_graph.get("users?$top=1").status_code for _ in range(6)]
    assert statuses == [200, 200, 429, 200, 200, 429]
    reply = app_graph.get("users?$top=1")
    reply = app_graph.get("users?$top=1")
    reply = app_graph.get("users?$top=1")
    assert reply.status_code == 429 and reply.headers["Retry-After"] == "1.5"
    error = reply.json()["error"]
    assert error["code"] == "TooManyRequests" and error["innerError"]["status"] == "429"
    assert server.faults.injected["throttle_every"] == 3


def test_unavailable_and_path_filter(server: EmulatorServer, app_graph: Graph) -> None:
    server.faults.set(unavailable_every=1, path_contains="/manager", retry_after=2)
    assert app_graph.get("users?$top=1").status_code == 200
    reply = app_graph.get("users/alex@contoso.onmicrosoft.com/manager")
    assert_envelope(reply, 503, "serviceNotAvailable")
    assert reply.headers["Retry-After"] == "2"
    server.faults.clear()
    assert app_graph.get("users/alex@contoso.onmicrosoft.com/manager").status_code == 200


def test_dropped_body_breaks_the_response(server: EmulatorServer, app_graph: Graph) -> None:
    server.faults.set(drop_every=2)
    assert app_graph.get("users").status_code == 200
    with pytest.raises(requests.exceptions.RequestException):
        app_graph.get("users").json()
    assert app_graph.get("users").status_code == 200  # a new connection works again


def test_token_expiry(server: EmulatorServer, app_graph: Graph) -> None:
    server.faults.set(expire_tokens_every=2)
    assert app_graph.get("users?$top=1").status_code == 200
    assert_envelope(app_graph.get("users?$top=1"), 401, "InvalidAuthenticationToken")


def test_control_endpoint(server: EmulatorServer, app_graph: Graph) -> None:
    url = server.url + "_emulator/faults"
    assert requests.post(url, json={"throttle_every": 1}, timeout=10).json()[
        "throttle_every"] == 1
    assert app_graph.get("users").status_code == 429
    assert requests.post(url, json={"bogus": 1}, timeout=10).status_code == 400
    assert requests.post(url, json={"delay": -1}, timeout=10).status_code == 400
    assert requests.delete(url, timeout=10).json()["throttle_every"] == 0
    assert app_graph.get("users").status_code == 200
    with pytest.raises(ValueError):
        server.faults.set(throttle_every=1.5)
    with pytest.raises(TypeError):
        server.faults.set(delay="slow")
