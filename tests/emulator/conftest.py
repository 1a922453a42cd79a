"""Fixtures: an emulator on an ephemeral loopback port, serving the project's directory
specs plus the test-only Outlook/OneDrive-like specs in tests/emulator/specs/."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import requests

from generated.o365.emulator import EmulatorServer
from generated.o365.emulator.behaviours import ActionContext, behaviour
from generated.o365.emulator.seed import PASSWORD

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
ADELE = "adele@contoso.onmicrosoft.com"


# The project's specs the test-only ones stand beside: the directory and its groups (a
# group's members are directory objects). A group's files are a storage Drive: a one-field
# stand-in names it, because the storage specs' OneDrive paths are the test-only specs' own.
PROJECT_AREAS = ("directory", "groups")
DRIVE_STAND_IN = """\
resource: Drive
graph_type: microsoft.graph.drive
doc: Stand-in for the storage area's Drive (tests/emulator/conftest.py).
link: https://learn.microsoft.com/graph/api/resources/drive?view=graph-rest-1.0
path: drives/{id}
fields:
  id: {type: string, read_only: true}
operations: {}
"""

# The directory's User.new_message drafts a mail Message: its stand-in, as for the Drive.
MESSAGE_STAND_IN = """\
resource: Message
graph_type: microsoft.graph.post
doc: Stand-in for the mail area's Message (tests/emulator/conftest.py); another Outlook item
  type than message, so the mail seeder (which needs the mail folders) stays off.
link: https://learn.microsoft.com/graph/api/resources/message?view=graph-rest-1.0
path: "{resource}/standInMessages/{id}"  # not at /messages: the test-only specs serve that
fields:
  id: {type: string, read_only: true}
  toRecipients: list[string]
operations:
  save:
    kind: save
    doc: Create or update the message.
"""


def build_specs(target: Path) -> Path:
    """The project's directory specs (schema, shared types) + the test-only specs."""
    specs = ROOT / "specs"
    target.mkdir(parents=True)
    (target / "types").mkdir()
    shutil.copy(specs / "spec.schema.json", target)
    shutil.copy(specs / "account_methods.yaml", target)
    shutil.copy(specs / "types" / "common.yaml", target / "types")
    for area in PROJECT_AREAS:
        shutil.copytree(specs / area, target / area)
    (target / "storage").mkdir()
    (target / "storage" / "drive.yaml").write_text(DRIVE_STAND_IN)
    (target / "mail").mkdir()
    (target / "mail" / "message.yaml").write_text(MESSAGE_STAND_IN)
    shutil.copytree(HERE / "specs", target / "testonly")
    return target


@contextmanager
def cli_emulator(tmp_path: Path, *args: str) -> Iterator[tuple[subprocess.Popen[str], str]]:
    """`python -m emulator --port 0 <args>` on the test specs: the process and its URL (read
    from the first line it prints); stopped afterwards if the test did not stop it."""
    specs = build_specs(tmp_path / "specs")
    process = subprocess.Popen(
        [sys.executable, "-m", "emulator", "--port", "0", *args, "--specs", str(specs)],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert process.stdout is not None
        first = process.stdout.readline()
        assert first.startswith("Graph emulator listening on http"), first
        yield process, first.split()[4]
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=5)


@pytest.fixture(scope="session")
def specs_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_specs(tmp_path_factory.mktemp("specs") / "specs")


@behaviour("microsoft.graph.outlookTask", "forward")
def _explode(ctx: ActionContext) -> tuple[int, dict[str, str], bytes]:
    raise RuntimeError("secret internal detail that must not reach the client")


@pytest.fixture()
def server(specs_dir: Path) -> Iterator[EmulatorServer]:
    with EmulatorServer(seed=7, specs_dir=specs_dir) as emulator:
        yield emulator


def app_token(server: EmulatorServer) -> str:
    reply = requests.post(
        f"{server.url}{server.tenant_id}/oauth2/v2.0/token", timeout=10,
        data={"grant_type": "client_credentials", "client_id": server.client_id,
              "client_secret": server.client_secret,
              "scope": "https://graph.microsoft.com/.default"})
    reply.raise_for_status()
    return str(reply.json()["access_token"])


def user_token(server: EmulatorServer, username: str = ADELE) -> str:
    reply = requests.post(
        f"{server.url}{server.tenant_id}/oauth2/v2.0/token", timeout=10,
        data={"grant_type": "password", "client_id": server.public_client_id,
              "username": username, "password": PASSWORD, "scope": "User.Read Mail.ReadWrite"})
    reply.raise_for_status()
    return str(reply.json()["access_token"])


class Graph:
    """A tiny `requests` wrapper bound to one emulator and one token."""

    def __init__(self, server: EmulatorServer, token: str) -> None:
        self.server = server
        self.session = requests.Session()
        self.session.headers["Authorization"] = f"Bearer {token}"

    def url(self, path: str) -> str:
        return path if path.startswith("http") else self.server.graph_url + path.lstrip("/")

    def call(self, method: str, path: str, **kwargs: Any) -> requests.Response:
        kwargs.setdefault("timeout", 10)
        return self.session.request(method, self.url(path), **kwargs)

    def get(self, path: str, **kwargs: Any) -> requests.Response:
        return self.call("GET", path, **kwargs)

    def post(self, path: str, **kwargs: Any) -> requests.Response:
        return self.call("POST", path, **kwargs)

    def patch(self, path: str, **kwargs: Any) -> requests.Response:
        return self.call("PATCH", path, **kwargs)

    def delete(self, path: str, **kwargs: Any) -> requests.Response:
        return self.call("DELETE", path, **kwargs)


@pytest.fixture()
def app_graph(server: EmulatorServer) -> Graph:
    return Graph(server, app_token(server))


@pytest.fixture()
def me_graph(server: EmulatorServer) -> Graph:
    return Graph(server, user_token(server))


def assert_envelope(reply: requests.Response, status: int, code: str) -> dict[str, Any]:
    """Graph's error envelope: status, code, message, innerError with request-id and date."""
    assert reply.status_code == status, reply.text
    error = reply.json()["error"]
    assert error["code"] == code, error
    assert isinstance(error["message"], str) and error["message"]
    inner = error["innerError"]
    assert inner["request-id"] and inner["date"]
    assert reply.headers["request-id"] == inner["request-id"]
    assert "Traceback" not in reply.text
    return dict(error)
