"""Server-side sessions that scope every call made through an object (Excel's workbook session).

The Graph rule (api-reference/v1.0/api/workbook-createsession.md, concepts/workbook-best-
practice.md): `POST {host}/createSession {"persistChanges": bool}` returns a session id; every
later call that carries it in a header (`workbook-session-id`) runs in that session;
`refreshSession` keeps it alive, `closeSession` ends it. Graph drops a session after some idle
time (about 5 minutes persistent, 7 non-persistent) and then answers calls in it with a
"session invalid" error (innerError `invalidSessionReCreatable` and friends,
concepts/workbook-error-codes.md). With `Prefer: respond-async`, creating a session may answer
202 with a Location to poll (`{status: running|succeeded|failed, resourceLocation}`).

Nothing here names a resource: a spec's `session:` block supplies the paths, the header, the
idle limits and the codes that mean "expired" (`SessionSettings`). The host object swaps its
connection for a `SessionConnection`; every object built from it shares that connection, so
the header travels with every call made through the host, its children included.
"""

from __future__ import annotations

import threading
import time
import weakref
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

import requests

from .connection import IDEMPOTENT_METHODS, Connection
from .errors import GraphError, O365Error, SessionExpiredError
from .resource import Resource

if TYPE_CHECKING:
    from typing_extensions import Self

__all__ = ["SessionConnection", "SessionResource", "SessionSettings"]


@dataclass(frozen=True)
class SessionSettings:
    """A spec's `session:` block: where sessions are made and how they behave."""

    create: str  # path templates relative to the host object ("{self}/createSession")
    refresh: str
    close: str
    header: str  # the header that carries the session id
    persist_field: str  # body member of `create` saying whether changes are saved
    idle_persistent: float  # seconds of inactivity after which Graph drops a session
    idle_transient: float
    expired_codes: frozenset[str]  # Graph error codes (top level or inner) for a dropped session
    respond_async: bool = True  # send `Prefer: respond-async` when creating


FINISHED = ("succeeded", "failed")


class SessionConnection(Connection):
    """A view of a `Connection` that runs every call in one server-side session.

    It shares the underlying HTTP pool and token provider; `close()` does not close them.
    The session is created on the first call (or by `create_session()`), refreshed in the
    background while idle when `keep_alive` is on, recreated once (and the call replayed) when
    Graph says it expired during an idempotent call, and closed by `close_session()`.
    """

    def __init__(self, inner: Connection, settings: SessionSettings, paths: Mapping[str, str], *,
                 persist: bool = True, enabled: bool = True, keep_alive: bool = True,
                 clock: Callable[[], float] = time.monotonic) -> None:
        _ = inner.token_provider  # build it now: the view must share it, not make its own
        self.__dict__.update(inner.__dict__)
        self._owns_session = False
        self._inner = inner
        self.settings = settings
        self._paths = dict(paths)  # create, refresh, close: already expanded for the host
        self.persist = bool(persist) if enabled else True  # no session: every call is saved
        self.enabled = bool(enabled)
        self.keep_alive = bool(keep_alive)
        self.clock = clock
        self.session_id: str | None = None
        self.last_activity = clock()
        self.recreated = 0  # sessions made again after Graph dropped one
        self._lock = threading.RLock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def __repr__(self) -> str:  # the session id is not a secret, but keep reprs short
        state = "open" if self.session_id else ("off" if not self.enabled else "not started")
        return f"SessionConnection({state}, persist={self.persist})"

    # -- python-o365's WorkbookSession names ------------------------------------------------
    @property
    def inactivity_limit(self) -> float:
        """Seconds of idleness after which Graph drops this kind of session."""
        s = self.settings
        return s.idle_persistent if self.persist else s.idle_transient

    @property
    def refresh_after(self) -> float:
        """Idle seconds after which the keep-alive refreshes (a minute before the limit)."""
        return max(1.0, self.inactivity_limit - 60.0)

    def create_session(self) -> str:
        """Open a new session (waiting for Graph when it answers 202) and return its id."""
        with self._lock:
            headers = {"Prefer": "respond-async"} if self.settings.respond_async else None
            response = Connection.request(self, "POST", self._paths["create"], headers=headers,
                                          json={self.settings.persist_field: self.persist})
            info = self._completed(response)
            session_id = info.get("id") if isinstance(info, dict) else None
            if not session_id:
                raise O365Error(f"{self._paths['create']} answered without a session id")
            self.session_id = str(session_id)
            self.last_activity = self.clock()
            self._start_keep_alive()
            return self.session_id

    def refresh_session(self) -> bool:
        """Tell Graph the session is still in use; False when there is no session."""
        with self._lock:
            if self.session_id is None:
                return False
            Connection.request(self, "POST", self._paths["refresh"],
                               headers={self.settings.header: self.session_id})
            self.last_activity = self.clock()
            return True

    def close_session(self) -> bool:
        """End the session (a persistent one has saved its changes); False when none was open."""
        self._stop.set()
        with self._lock:
            if self.session_id is None:
                return False
            session_id, self.session_id = self.session_id, None
            try:
                Connection.request(self, "POST", self._paths["close"],
                                   headers={self.settings.header: session_id})
            except GraphError as err:
                if not self._is_expired(err):
                    raise  # an expired session is closed already
            return True

    def prepare_request(self, kwargs: dict[str, Any]) -> dict[str, Any]:
        """python-o365's hook: `kwargs` with the session header added (creating the session)."""
        if self.enabled:
            session_id = self.session_id or self.create_session()
            kwargs["headers"] = {**(kwargs.get("headers") or {}), self.settings.header: session_id}
        return kwargs

    def maintain(self) -> bool:
        """One keep-alive step: refresh when idle past `refresh_after`; True if it refreshed."""
        with self._lock:
            if self.session_id is None or self.clock() - self.last_activity < self.refresh_after:
                return False
            try:
                return self.refresh_session()
            except GraphError as err:
                if self._is_expired(err):
                    self.session_id = None  # the next call makes a new one
                    return False
                raise

    # -- every call -------------------------------------------------------------------------
    def request(self, method: str, url: str, **kwargs: Any) -> requests.Response:
        if not self.enabled:
            return self._completed_response(super().request(method, url, **kwargs))
        headers = dict(kwargs.pop("headers", None) or {})
        for attempt in (0, 1):
            with self._lock:
                session_id = self.session_id or self.create_session()
            try:
                response = super().request(method, url, headers={**headers,
                                                                 self.settings.header: session_id},
                                           **kwargs)
            except GraphError as err:
                if not self._is_expired(err):
                    raise
                with self._lock:
                    if self.session_id == session_id:
                        self.session_id = None
                if attempt or method.upper() not in IDEMPOTENT_METHODS or not self.persist:
                    raise SessionExpiredError(
                        f"Graph dropped the session ({err.code}); {method.upper()} "
                        f"{url.split('?', 1)[0]} was not replayed"
                        + ("" if self.persist else ": a non-persistent session's changes are lost")
                    ) from err
                self.recreated += 1
                continue
            self.last_activity = self.clock()
            return self._completed_response(response)
        raise AssertionError("unreachable")  # pragma: no cover

    def _is_expired(self, err: GraphError) -> bool:
        codes = {err.code or "", *err.inner_codes}
        return bool(codes & self.settings.expired_codes)

    # -- long-running calls (202 + Location) -------------------------------------------------
    def _completed(self, response: requests.Response) -> Any:
        """The JSON a call ends with, polling its operation first when Graph answered 202."""
        response = self._completed_response(response)
        return response.json() if response.content else None

    def _completed_response(self, response: requests.Response) -> requests.Response:
        location = response.headers.get("Location")
        if response.status_code != 202 or not location:
            return response
        delay = 0.0
        while True:
            self.pause(delay)
            status_response = Connection.request(self, "GET", location)
            status = status_response.json() if status_response.content else {}
            state = str(status.get("status", "")).lower()
            if state == "failed":
                error = status.get("error") or {}
                raise O365Error(f"the operation failed: {error.get('code', 'unknown')} "
                                f"{error.get('message', '')}".strip())
            if state == "succeeded":
                where = status.get("resourceLocation")
                if not where:
                    return status_response
                return Connection.request(self, "GET", str(where))
            after = status_response.headers.get("Retry-After")
            delay = float(after) if after and after.replace(".", "", 1).isdigit() else 0.5

    # -- keep-alive ---------------------------------------------------------------------------
    def _start_keep_alive(self) -> None:
        if not self.keep_alive or (self._thread is not None and self._thread.is_alive()):
            return
        self._stop.clear()
        # The thread holds only a weak reference: a forgotten workbook still goes away.
        self._thread = threading.Thread(target=_keep_alive, args=(weakref.ref(self), self._stop),
                                        name="session-keep-alive", daemon=True)
        self._thread.start()

    def close(self) -> None:
        self.close_session()


KEEP_ALIVE_CHECK = 15.0  # seconds between keep-alive checks (real time)


def _keep_alive(ref: weakref.ref[SessionConnection], stop: threading.Event) -> None:
    while not stop.wait(KEEP_ALIVE_CHECK):
        con = ref()
        if con is None or con.session_id is None:
            return
        try:
            con.maintain()
        except Exception:  # noqa: BLE001 - a failed refresh surfaces on the next real call
            pass
        del con


class SessionResource(Resource):
    """A resource whose calls can run in a server-side session (spec `session:`).

    Opened from its host (`file.open_workbook()`, or python-o365's `WorkBook(file)`), it
    holds a `SessionConnection`; `with` closes the session on the way out.
    """

    __slots__ = ()

    SESSION: ClassVar[SessionSettings]
    # Classes that open this one, by class name -> the name of their `open` operation.
    OPENED_BY: ClassVar[Mapping[str, str]] = {}

    def __init__(self, data: Any = None, /, *, use_session: bool = True, persist: bool = True,
                 **values: Any) -> None:
        source = data if isinstance(data, Resource) else None
        super().__init__(None if source is not None else data, **values)
        if source is None:
            return
        for cls in type(source).__mro__:
            opener = self.OPENED_BY.get(cls.__name__)
            if opener is not None:
                opened = getattr(source, opener)(use_session=use_session, persist=persist)
                self._data, self._con, self._ctx = opened._data, opened._con, opened._ctx
                return
        accepted = ", ".join(self.OPENED_BY) or "nothing"
        raise ValueError(f"a {type(self).__name__} is opened from {accepted}, "
                         f"not from a {type(source).__name__}")

    def _opened(self, **options: Any) -> None:
        """Bind the session connection (called by `open` operations; no request yet)."""
        use_session = bool(options.pop("use_session", True))
        persist = bool(options.pop("persist", True))
        keep_alive = bool(options.pop("keep_alive", True))
        super()._opened(**options)
        settings = self.SESSION
        paths = {name: self._path(getattr(settings, name)) for name in ("create", "refresh", "close")}
        inner = self._con._inner if isinstance(self._con, SessionConnection) else self._con
        self._con = SessionConnection(inner, settings, paths, persist=persist,
                                      enabled=use_session, keep_alive=keep_alive)

    @property
    def session(self) -> SessionConnection:
        """The session every call through this object runs in (python-o365: `wb.session`)."""
        con = self._con
        if not isinstance(con, SessionConnection):
            raise ValueError(f"this {type(self).__name__} was not opened with a session")
        return con

    def create_session(self) -> str:
        return self.session.create_session()

    def refresh_session(self) -> bool:
        return self.session.refresh_session()

    def close_session(self) -> bool:
        return self.session.close_session()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        if isinstance(self._con, SessionConnection):
            self._con.close_session()
