"""What requests takes from the environment, read once per host (generated.o365._runtime.connection's
_Environment), and the token as the only Authorization header (_Bearer), over real sockets."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import requests

from generated.o365 import MSGraphProtocol
from generated.o365._runtime.connection import Connection
from tests.support.server import Reply, ScriptServer


class StaticToken:
    def get_access_token(self) -> str:
        return "the-token"

    def handle_unauthorized(self, token: str) -> bool:
        return False

    def refresh_token(self) -> bool:
        return False


@pytest.fixture
def server(script_server: ScriptServer) -> ScriptServer:
    script_server.route("GET", "/v1.0/me", Reply(200, body={"id": "me"}))
    return script_server


def connection(server: ScriptServer, **kwargs: Any) -> Connection:
    return Connection(protocol=MSGraphProtocol(protocol_url=server.base_url, timezone="UTC"),
                      timeout=(2.0, 5.0), **kwargs)


def count_merges(con: Connection, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    session = con.get_session()
    seen: list[str] = []
    merge = session.merge_environment_settings

    def counting(url: str, *args: Any) -> Any:
        seen.append(url)
        return merge(url, *args)

    monkeypatch.setattr(session, "merge_environment_settings", counting)
    return seen


def test_the_environment_is_read_once_per_host_and_session_settings(
        server: ScriptServer, monkeypatch: pytest.MonkeyPatch) -> None:
    with connection(server) as con:
        seen = count_merges(con, monkeypatch)
        for _ in range(3):
            con.get("me")
        assert len(seen) == 1 and len(server.requests) == 3
        con.get_session().proxies["https"] = "http://127.0.0.1:9"  # changed: read again
        con.get("me")
        con.get("me")
    assert len(seen) == 2


@pytest.mark.parametrize("variables", [
    {},
    {"HTTPS_PROXY": "http://proxy.example:8080", "NO_PROXY": ""},
    {"HTTPS_PROXY": "http://proxy.example:8080", "NO_PROXY": "graph.microsoft.com"},
    {"HTTP_PROXY": "http://proxy.example:3128", "REQUESTS_CA_BUNDLE": "/etc/ssl/bundle.pem"},
])
def test_the_settings_are_what_requests_would_use(variables: dict[str, str],
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    from generated.o365._runtime.connection import _Environment

    for name in ("HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY", "REQUESTS_CA_BUNDLE",
                 "CURL_CA_BUNDLE", "http_proxy", "https_proxy", "no_proxy", "all_proxy",
                 "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)
    for name, value in variables.items():
        monkeypatch.setenv(name, value)
    session = requests.Session()
    environment = _Environment()
    for url in ("https://graph.microsoft.com/v1.0/me?$top=1", "http://127.0.0.1:8/v1.0/me"):
        expected = session.merge_environment_settings(url, {}, True, None, None)
        assert environment.settings(session, url) == expected
        assert environment.settings(session, url + "&again") == expected  # from the cache


def test_credentials_in_netrc_never_go_out(server: ScriptServer, tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    netrc = tmp_path / "netrc"
    netrc.write_text("machine 127.0.0.1 login someone password hunter2\n")
    netrc.chmod(0o600)
    monkeypatch.setenv("NETRC", str(netrc))
    with connection(server) as con:  # no token provider: no Authorization at all
        con.get("me")
    with connection(server, token_provider=StaticToken()) as con:
        con.get("me")
    assert [r.headers.get("authorization") for r in server.requests] == [None, "Bearer the-token"]
