"""`EmulatorServer`: the identity platform and Graph v1.0 over real HTTP on 127.0.0.1.

Threaded, HTTP/1.1 keep-alive with Content-Length on every response, so a client's
connection pool is reused. Routes: ``/{tenant}/oauth2/v2.0/*`` (identity platform),
the discovery documents MSAL reads (``emulator.discovery``), ``/v1.0/*`` (Graph, from the
specs), ``/_emulator/*`` (faults, health, the service clock, the pre-authenticated upload,
download and monitor URLs, and the deliveries and lifecycle switches of subscriptions).

With ``tls=True`` the port speaks HTTPS (certificates from ``emulator.tls``; a connection
whose first byte is not a TLS handshake is read as plain HTTP) and is also an HTTPS proxy for
``tls.PROXIED_HOSTS``: a client whose HTTPS_PROXY is the emulator reaches it with its default
URLs, its CONNECT tunnel ending here in TLS with a certificate for the host it asked for.
"""

from __future__ import annotations

import json
import logging
import socket
import socketserver
import ssl
import threading
import time
import uuid
from collections.abc import Iterable, Iterator
from contextvars import ContextVar
from functools import lru_cache
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import Any
from urllib.parse import parse_qs, urlsplit

from generated.o365._generator import ir
from generated.o365._generator.loader import load_specs

from . import discovery
from .errors import envelope
from .faults import FaultDecision, Faults
from .graph import GraphApp, GraphRequest
from .identity import DEFAULT_TENANT_ID, IdentityPlatform
from .ids import IdFactory
from .notifications import Notifier
from .router import decode_path
from .seed import SeedContext, register_identities, seed_tenant
from .store import Store
from .tls import PROXIED_HOSTS, TlsMaterial
from .transfers import Stream, Transfers

__all__ = ["CLIENT_ID", "CLIENT_SECRET", "PUBLIC_CLIENT_ID", "EmulatorServer"]

log = logging.getLogger(__name__)
ROOT = Path(__file__).resolve().parent.parent
CLIENT_ID = "emulator-app"
CLIENT_SECRET = "emulator-secret"  # a well-known test value, not a credential
PUBLIC_CLIENT_ID = "emulator-public-app"
Body = bytes | Stream
Reply = tuple[int, dict[str, str], Body]
MAX_DELAY = 30.0
TLS_HANDSHAKE = 0x16  # the first byte of a TLS ClientHello record
# The origin ("https://graph.microsoft.com/") a request came to through the proxy, for the
# links Graph answers with; None: the emulator's own URL.
_ORIGIN: ContextVar[str | None] = ContextVar("emulator_origin", default=None)


@lru_cache(maxsize=4)
def _specs(specs_dir: Path) -> ir.SpecSet:
    return load_specs(specs_dir)


class EmulatorServer:
    """A local Microsoft Graph + identity platform. Use as a context manager.

    >>> with EmulatorServer(seed=1) as server:
    ...     server.url  # "http://127.0.0.1:<port>/"
    """

    def __init__(
        self,
        port: int = 0,
        seed: int = 0,
        data: str | Path | None = None,
        token_lifetime: int = 3600,
        *,
        host: str = "127.0.0.1",
        specs_dir: str | Path | None = None,
        device_code_auto_approve: bool = True,
        device_code_interval: int = 5,
        faults: dict[str, Any] | None = None,
        tls: bool = False,
        tls_dir: str | Path | None = None,
    ) -> None:
        if not isinstance(port, int) or isinstance(port, bool) or not 0 <= port <= 65535:
            raise ValueError("port must be an integer from 0 to 65535 (0: pick a free port)")
        if not isinstance(seed, int) or isinstance(seed, bool):
            raise TypeError("seed must be an integer")
        self._port = port
        self._host = host
        self._bound_port: int | None = None
        self._tls_wanted, self._tls_dir = tls, tls_dir
        self.tls: TlsMaterial | None = None  # made by start(), once the port is bound
        self.specset = _specs(Path(specs_dir) if specs_dir else ROOT / "specs")
        self.identity = IdentityPlatform(token_lifetime=token_lifetime, users=[],
                                         device_code_auto_approve=device_code_auto_approve,
                                         device_code_interval=device_code_interval)
        self.store = Store(IdFactory(seed), Path(data) if data is not None else None,
                           keys={r.graph_type: r.emulator.keys for r in self.specset.resources
                                 if r.emulator.keys})
        self.faults = Faults()
        if faults:
            self.faults.set(**faults)
        self.graph = GraphApp(self.specset, self.store, self.identity, self.origin)
        self.transfers = Transfers(lambda: self.url)
        self.transfers.install(self.graph)
        served = frozenset(r.graph_type for r in self.specset.resources)
        self.seed_context = SeedContext(self.store, self.identity, served, seed,
                                        specset=self.specset)
        if self.store.is_empty():
            seed_tenant(self.seed_context)
        else:
            register_identities(self.seed_context)
        # After seeding: a fresh tenant's data is no change anyone is notified of.
        self.notifier = Notifier(self.graph).install()
        self._httpd: _HTTPServer | None = None
        self._thread: threading.Thread | None = None

    # ------------------------------------------------------------------ lifecycle
    def start(self) -> EmulatorServer:
        if self._httpd is not None:
            return self
        httpd = _HTTPServer((self._host, self._port), _Handler)
        httpd.emulator = self
        if self._tls_wanted:
            try:
                self.tls = TlsMaterial(self._tls_dir)
            except BaseException:
                httpd.server_close()
                raise
        self._httpd = httpd
        self._bound_port = int(httpd.server_address[1])
        self._thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.1},
                                        name="graph-emulator", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        httpd, self._httpd = self._httpd, None
        if httpd is not None:
            httpd.shutdown()
            httpd.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None
        self.notifier.close()
        self.store.close()
        if self.tls is not None:
            self.tls.close()
            self.tls = None

    def __enter__(self) -> EmulatorServer:
        return self.start()

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.stop()

    # ------------------------------------------------------------------ facts
    @property
    def port(self) -> int:
        if self._bound_port is None:
            raise RuntimeError("the emulator is not started; call start() or use `with`")
        return self._bound_port

    @property
    def url(self) -> str:
        scheme = "https" if self._tls_wanted else "http"
        return f"{scheme}://{self._host}:{self.port}/"

    @property
    def ca_file(self) -> Path | None:
        """With TLS: the CA certificate a client trusts (REQUESTS_CA_BUNDLE, SSL_CERT_FILE)."""
        return self.tls.ca_file if self.tls is not None else None

    def origin(self) -> str:
        """The origin the current request came to (a proxied host, or `url`)."""
        return _ORIGIN.get() or self.url

    def served_hosts(self) -> frozenset[str]:
        """``host[:port]`` values a client may reach this emulator at."""
        port = self.port
        own = {f"127.0.0.1:{port}", f"localhost:{port}", f"[::1]:{port}", f"{self._host}:{port}"}
        return frozenset(own | (set(PROXIED_HOSTS) if self._tls_wanted else set()))

    @property
    def graph_url(self) -> str:
        return f"{self.url}v1.0/"

    @property
    def tenant_id(self) -> str:
        return DEFAULT_TENANT_ID

    @property
    def client_id(self) -> str:
        return CLIENT_ID

    @property
    def client_secret(self) -> str:
        return CLIENT_SECRET

    @property
    def public_client_id(self) -> str:
        return PUBLIC_CLIENT_ID

    @property
    def users(self) -> list[str]:
        """The seeded users' principal names (password `emulator.seed.PASSWORD`)."""
        return list(self.seed_context.user_ids)

    def user_scope(self, user: str) -> str:
        """`users/<id>` for a user principal name or id: the owner for `bulk_insert`."""
        record = self.store.get("microsoft.graph.user", user)
        if record is None:
            raise ValueError(f"no user {user!r} in the emulator's directory")
        return f"users/{record.id}"

    def bulk_insert(self, graph_type: str, owner: str, items: Iterable[dict[str, Any]]) -> int:
        """Seed many entities fast; `owner` is ``""``, ``users/<id>`` or a user's UPN."""
        scope = owner if owner == "" or "/" in owner else self.user_scope(owner)
        return self.store.bulk_insert(graph_type, scope, items,
                                      id_style=self.graph.family_of(graph_type).id_style)

    # ------------------------------------------------------------------ requests
    def respond(self, method: str, raw_path: str, query: dict[str, list[str]],
                headers: dict[str, str], body: bytes,
                origin: str | None = None) -> tuple[Reply, FaultDecision]:
        """One request; `origin` is the proxied host's origin when it came through CONNECT."""
        token = _ORIGIN.set(origin)
        try:
            return self._respond(method, raw_path, query, headers, body)
        finally:
            _ORIGIN.reset(token)

    def _respond(self, method: str, raw_path: str, query: dict[str, list[str]],
                 headers: dict[str, str], body: bytes) -> tuple[Reply, FaultDecision]:
        parts = [p for p in raw_path.split("/") if p]
        identity = (len(parts) >= 3 and parts[1:3] == ["oauth2", "v2.0"]
                    or discovery.is_discovery(parts))
        decision = FaultDecision()
        if parts[:2] in (["_emulator", "faults"], ["_emulator", "health"]):
            return self._control(method, parts[1:], headers, body), decision
        # Faults apply to every other path: Graph, identity, and the transfers (upload
        # sessions, content downloads, monitors) a client reaches without Graph's host.
        decision = self.faults.decide(raw_path, identity=identity)
        if decision.expire_tokens:
            self.identity.expire_all_access_tokens()
        if decision.delay:
            time.sleep(min(decision.delay, MAX_DELAY))
        request_id = str(uuid.uuid4())
        if decision.status is not None:
            return self._fault_reply(decision, request_id, headers), decision
        if parts[:1] == ["_emulator"]:
            return self._control(method, parts[1:], headers, body), decision
        if discovery.is_discovery(parts):
            reply = discovery.handle(self.identity, self.origin(), self.served_hosts(), method,
                                     parts, query)
            return reply, decision
        if identity:
            return self.identity.handle(method, raw_path, query, headers, body), decision
        if parts[:1] == ["v1.0"] and len(parts) > 1:
            path = decode_path(raw_path.split("/v1.0/", 1)[1]).strip("/")
            request = GraphRequest(method, path, query, headers, body, request_id)
            return self.graph.handle(request), decision
        reply_body = envelope("BadRequest", "Invalid version: the path must start with /v1.0/.",
                              request_id, headers.get("client-request-id"))
        return (400, {"Content-Type": "application/json"}, reply_body), decision

    def _fault_reply(self, decision: FaultDecision, request_id: str,
                     headers: dict[str, str]) -> Reply:
        seconds = decision.retry_after or 0.0
        retry_after = str(int(seconds)) if float(seconds).is_integer() else str(seconds)
        if decision.status == 429:
            inner = {"code": "429", "message": "Please retry after", "status": "429",
                     "request-id": request_id, "date": time.strftime("%Y-%m-%dT%H:%M:%S")}
            payload = {"error": {"code": "TooManyRequests", "message": "Please retry again later.",
                                 "innerError": inner}}
            body = json.dumps(payload).encode()
        else:
            body = envelope("serviceNotAvailable", "The service is temporarily unavailable.",
                            request_id, headers.get("client-request-id"))
        return (int(decision.status or 503), {"Content-Type": "application/json",
                                              "Retry-After": retry_after,
                                              "request-id": request_id}, body)

    def _control(self, method: str, parts: list[str], headers: dict[str, str],
                 body: bytes) -> Reply:
        what = parts[0] if parts else ""
        if what == "faults":
            return self._faults_endpoint(method, body)
        if what == "health":
            return 200, {"Content-Type": "application/json"}, b'{"status":"ok"}'
        if what == "upload" and len(parts) == 2:
            return self.transfers.handle_upload(method, parts[1], headers, body)
        if what == "content" and len(parts) == 2:
            return self.transfers.handle_content(method, parts[1], headers)
        if what == "monitor" and len(parts) == 2:
            return self.graph.monitors.handle(method, parts[1])
        if what in ("subscriptions", "notifications"):
            return self.notifier.control(method, parts, body)
        if what == "clock":
            return self._clock_endpoint(method, body)
        return 404, {"Content-Type": "application/json"}, b'{"error":"unknown emulator endpoint"}'

    def _clock_endpoint(self, method: str, body: bytes) -> Reply:
        """Time travel: `POST {"advance": 360}` moves the service clock (idle limits) forward."""
        json_type = {"Content-Type": "application/json"}
        clock = self.graph.clock
        if method == "DELETE":
            clock.reset()
        elif method == "POST":
            try:
                request = json.loads(body or b"{}")
                clock.advance(request.get("advance", 0) if isinstance(request, dict) else -1)
            except (ValueError, TypeError) as err:
                return 400, json_type, json.dumps({"error": str(err)}).encode()
        elif method != "GET":
            return 405, json_type, b'{"error":"use GET, POST or DELETE"}'
        return 200, json_type, json.dumps({"now": clock.now(), "offset": clock.offset}).encode()

    def _faults_endpoint(self, method: str, body: bytes) -> Reply:
        json_type = {"Content-Type": "application/json"}
        if method == "DELETE":
            self.faults.clear()
        elif method == "POST":
            try:
                changes = json.loads(body or b"{}")
                if not isinstance(changes, dict):
                    raise ValueError("the body must be a JSON object")
                self.faults.set(**changes)
            except (ValueError, TypeError) as err:
                return 400, json_type, json.dumps({"error": str(err)}).encode()
        elif method != "GET":
            return 405, json_type, b'{"error":"use GET, POST or DELETE"}'
        return 200, json_type, json.dumps(self.faults.settings).encode()


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    emulator: EmulatorServer

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that hangs up or fails the TLS handshake is no server error."""
        import sys

        if not isinstance(sys.exc_info()[1], (OSError, ssl.SSLError)):
            super().handle_error(request, client_address)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # Headers and body go out in separate send() calls; without TCP_NODELAY a small reply
    # waits for the client's delayed ACK (~40 ms a request on Linux).
    disable_nagle_algorithm = True
    server: _HTTPServer
    tunnel_origin: str | None = None  # "https://graph.microsoft.com/" inside a CONNECT tunnel

    def setup(self) -> None:
        tls = self.server.emulator.tls
        if tls is not None and self.request.recv(1, socket.MSG_PEEK) == bytes([TLS_HANDSHAKE]):
            self.request = tls.context.wrap_socket(self.request, server_side=True)
        super().setup()

    def finish(self) -> None:
        super().finish()
        if isinstance(self.connection, ssl.SSLSocket):
            self.connection.close()

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        """Silence per-request logging (it would include URLs with pre-authenticated tokens)."""

    def do_GET(self) -> None:  # noqa: N802
        self._serve()

    do_POST = do_PATCH = do_PUT = do_DELETE = do_GET  # noqa: N815

    def do_CONNECT(self) -> None:  # noqa: N802
        """HTTPS proxy for Graph's and the identity platform's hosts (and the emulator's own
        address): answer 200, then read the tunnel as TLS with the emulator's certificate."""
        emulator = self.server.emulator
        host, _, port = self.path.rpartition(":")
        own = self.path.lower() in emulator.served_hosts() - set(PROXIED_HOSTS)
        proxied = host.lower() in PROXIED_HOSTS and port == "443"
        if emulator.tls is None or not (own or proxied) or self.tunnel_origin is not None:
            why = ("start the emulator with --tls to use it as an HTTPS proxy"
                   if emulator.tls is None else
                   f"the emulator proxies only {', '.join(PROXIED_HOSTS)} (port 443)")
            self.send_error(403, f"CONNECT {self.path} refused: {why}")
            self.close_connection = True
            return
        self.send_response(200, "Connection Established")
        self.end_headers()
        self.wfile.flush()
        self.connection = emulator.tls.context.wrap_socket(self.connection, server_side=True)
        self.rfile = self.connection.makefile("rb", self.rbufsize)
        self.wfile = socketserver._SocketWriter(self.connection)  # type: ignore[attr-defined]
        self.tunnel_origin = None if own else f"https://{host.lower()}/"
        self.close_connection = False

    def _serve(self) -> None:
        split = urlsplit(self.path)
        headers = {k.lower(): v for k, v in self.headers.items()}
        try:
            body = self._read_body(headers)
        except ValueError:
            self._write(400, {"Content-Type": "application/json"},
                        b'{"error":"bad request body framing"}', drop=False)
            self.close_connection = True
            return
        query = parse_qs(split.query, keep_blank_values=True)
        (status, reply_headers, reply_body), decision = self.server.emulator.respond(
            self.command, split.path, query, headers, body, origin=self.tunnel_origin)
        self._write(status, reply_headers, reply_body, drop=decision.drop)

    def _read_body(self, headers: dict[str, str]) -> bytes:
        if "chunked" in headers.get("transfer-encoding", "").lower():
            chunks: list[bytes] = []
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    self.rfile.readline()
                    return b"".join(chunks)
                chunks.append(self.rfile.read(size))
                self.rfile.readline()
        length = int(headers.get("content-length") or 0)
        if length < 0:
            raise ValueError("negative Content-Length")
        return self.rfile.read(length) if length else b""

    def _write(self, status: int, headers: dict[str, str], body: Body, *, drop: bool) -> None:
        length = body.length if isinstance(body, Stream) else len(body)
        if drop and (length == 0 or self.command == "HEAD"):
            # Nothing to cut short: the whole answer is lost (the request was still processed,
            # as when a connection dies after the server did the work).
            self._hang_up()
            return
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(length))
        self.end_headers()
        if self.command == "HEAD":
            return
        if drop:
            # Half the body, then a hard close: the client sees a truncated response.
            data = body if isinstance(body, bytes) else b"".join(_limited(body.chunks, length))
            self.wfile.write(data[: max(1, len(data) // 2)])
            self._hang_up()
            return
        if isinstance(body, Stream):
            for chunk in body.chunks:
                self.wfile.write(chunk)
        else:
            self.wfile.write(body)

    def _hang_up(self) -> None:
        self.wfile.flush()
        self.close_connection = True
        try:
            self.connection.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass  # the client may have gone already


def _limited(chunks: Iterator[bytes], length: int) -> Iterator[bytes]:
    sent = 0
    for chunk in chunks:
        if sent >= length:
            return
        sent += len(chunk)
        yield chunk


