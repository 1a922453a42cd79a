"""Helpers shared by the auth tests (imported by conftest and the test modules)."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

import requests

from generated.o365.emulator.identity import IdentityPlatform

TENANT = "contoso.onmicrosoft.com"
APP = ("emulator-app", "emulator-secret")
PUBLIC_APP = "emulator-public-app"
USER, PASSWORD = "adele@contoso.com", "P@ssw0rd!"


class FakeClock:
    """A clock tests move by hand; shared by the emulator and the client when needed."""

    def __init__(self, start: float = 1_700_000_000.0) -> None:
        self.now = start
        self._lock = threading.Lock()

    def __call__(self) -> float:
        with self._lock:
            return self.now

    def advance(self, seconds: float) -> None:
        with self._lock:
            self.now += seconds


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:  # keep test output quiet
        pass

    def _serve(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        parts = urlsplit(self.path)
        if parts.path.startswith("/v1.0/"):
            status, headers, payload = self._graph()
        else:
            status, headers, payload = self.server.identity.handle(
                self.command, parts.path, parse_qs(parts.query), dict(self.headers), body
            )
        self.send_response(status)
        for name, value in headers.items():
            if name.lower() != "content-length":
                self.send_header(name, value)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def _graph(self) -> tuple[int, dict[str, str], bytes]:
        self.server.graph_calls.append(self.path)
        auth = self.headers.get("Authorization", "")
        info = self.server.identity.validate(auth[7:]) if auth.startswith("Bearer ") else None
        if info is None:
            error = {
                "error": {
                    "code": "InvalidAuthenticationToken",
                    "message": "Access token has expired or is not yet valid.",
                }
            }
            return 401, {"Content-Type": "application/json"}, json.dumps(error).encode()
        data = {"id": info.user_id, "userPrincipalName": info.username, "appId": info.client_id}
        return 200, {"Content-Type": "application/json"}, json.dumps(data).encode()

    do_GET = do_POST = do_PATCH = do_DELETE = do_PUT = _serve


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    identity: IdentityPlatform
    graph_calls: list[str]


class IdentityServer:
    def __init__(self, identity: IdentityPlatform) -> None:
        self.identity = identity
        self._httpd = _Server(("127.0.0.1", 0), _Handler)
        self._httpd.identity = identity
        self._httpd.graph_calls = []
        self.url = f"http://127.0.0.1:{self._httpd.server_address[1]}"
        self._thread = threading.Thread(target=self._httpd.serve_forever, args=(0.05,), daemon=True)
        self._thread.start()

    @property
    def graph_calls(self) -> list[str]:
        return self._httpd.graph_calls

    def close(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)


def browser_consent(url: str) -> str:
    """Plays the user's browser: open the sign-in URL, return where it redirects."""
    response = requests.get(url, allow_redirects=False, timeout=10)
    assert response.status_code == 302, response.text
    return response.headers["Location"]
