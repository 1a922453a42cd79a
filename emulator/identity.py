"""The Microsoft identity platform (OAuth 2.0 v2.0 endpoints) as a pure request handler.

No sockets here: an HTTP server (``emulator.server`` or a test wrapper) calls
:meth:`IdentityPlatform.handle` for ``/{tenant}/oauth2/v2.0/*`` and
:meth:`IdentityPlatform.validate` for the bearer token of every Graph call.

Behaviour follows GRAPH_FACTS §9 (Microsoft's ``v2-oauth2-*`` pages): authorization code
with PKCE (S256 and plain), client credentials (``<resource>/.default`` only), ROPC,
device code (``authorization_pending``, RFC 8628 ``slow_down``, ``authorization_declined``,
``expired_token``), refresh with rotation (an used refresh token stops working), client
authentication by secret or certificate (``client_assertion``, see
``emulator.client_assertion``), and errors in the identity platform's JSON shape with
``AADSTS<code>:`` descriptions.

Emulator-only endpoints: ``/{tenant}/oauth2/v2.0/devicecode/approve?user_code=..`` and
``.../devicecode/deny?user_code=..`` (an optional ``username`` picks who signs in).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import secrets
import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timezone
from urllib.parse import parse_qs, unquote_plus, urlencode, urlsplit, urlunsplit

from .client_assertion import (
    CLIENT_ASSERTION_TYPE,
    AssertionRejected,
    verify_client_assertion,
)

__all__ = [
    "DEFAULT_APPS",
    "DEFAULT_TENANT",
    "DEFAULT_TENANT_ID",
    "DEFAULT_USERS",
    "EmulatedUser",
    "IdentityPlatform",
    "IdentityStats",
    "RegisteredApp",
    "TokenInfo",
]

Response = tuple[int, dict[str, str], bytes]

DEFAULT_TENANT = "contoso.onmicrosoft.com"
DEFAULT_TENANT_ID = "72f988bf-0000-4000-8000-00000000c0de"
GRAPH_RESOURCE = "https://graph.microsoft.com"
RESERVED_SCOPES = frozenset({"openid", "profile", "offline_access", "email"})
MULTI_TENANT_ALIASES = frozenset({"common", "organizations", "consumers"})
AUTH_CODE_LIFETIME = 600.0
DEVICE_CODE_GRANT = "urn:ietf:params:oauth:grant-type:device_code"
VERIFICATION_URI = "https://microsoft.com/devicelogin"
DEFAULT_APP_ROLES = (
    "User.Read.All",
    "Mail.ReadWrite",
    "Mail.Send",
    "Calendars.ReadWrite",
    "Contacts.ReadWrite",
    "Files.ReadWrite.All",
    "Sites.ReadWrite.All",
    "Group.ReadWrite.All",
    "Tasks.ReadWrite.All",
)


@dataclass(frozen=True)
class RegisteredApp:
    """An app registration: public unless it has a ``client_secret`` or ``certificates``.

    ``certificates`` are PEM X.509 certificates whose keys may sign a ``client_assertion``.
    """

    client_id: str
    client_secret: str | None = None
    redirect_uris: tuple[str, ...] | None = None  # None: accept any redirect URI
    app_roles: tuple[str, ...] = DEFAULT_APP_ROLES
    certificates: tuple[str | bytes, ...] = ()

    @property
    def is_public(self) -> bool:
        return self.client_secret is None and not self.certificates

    def __repr__(self) -> str:
        kind = "public" if self.is_public else "confidential"
        return f"RegisteredApp(client_id={self.client_id!r}, {kind})"


@dataclass(frozen=True)
class EmulatedUser:
    username: str
    password: str = field(repr=False)
    user_id: str = ""
    display_name: str = ""

    def with_defaults(self) -> EmulatedUser:
        user_id = self.user_id or str(uuid.uuid5(uuid.NAMESPACE_DNS, self.username.lower()))
        name = self.display_name or self.username.split("@", 1)[0].title()
        return EmulatedUser(self.username, self.password, user_id, name)


@dataclass(frozen=True)
class TokenInfo:
    """What a Graph endpoint learns from a valid bearer token."""

    client_id: str
    user_id: str | None  # None for app-only (client credentials) tokens
    scopes: frozenset[str]  # short names ("Mail.Read"); app roles for app-only tokens
    tenant: str
    expires_at: float
    username: str | None = None

    @property
    def is_app_only(self) -> bool:
        return self.user_id is None


DEFAULT_APPS = (
    RegisteredApp("emulator-app", "emulator-secret"),
    RegisteredApp("emulator-public-app"),
)
DEFAULT_USERS = (
    EmulatedUser("adele@contoso.com", "P@ssw0rd!", display_name="Adele Vance"),
    EmulatedUser("alex@contoso.com", "P@ssw0rd!", display_name="Alex Wilber"),
)


class IdentityStats:
    """Thread-safe request counters, so tests can assert e.g. "exactly one refresh"."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._token_requests: Counter[str] = Counter()
        self._other: Counter[str] = Counter()

    def count_token_request(self, grant_type: str) -> None:
        with self._lock:
            self._token_requests[grant_type] += 1

    def count(self, endpoint: str) -> None:
        with self._lock:
            self._other[endpoint] += 1

    def token_requests(self, grant_type: str | None = None) -> int:
        """Token requests received (successful or not), optionally for one grant type."""
        with self._lock:
            if grant_type is None:
                return sum(self._token_requests.values())
            return self._token_requests[grant_type]

    @property
    def refresh_requests(self) -> int:
        return self.token_requests("refresh_token")

    def requests(self, endpoint: str) -> int:
        """Requests to ``authorize``, ``devicecode``, ``devicecode/approve`` and so on."""
        with self._lock:
            return self._other[endpoint]

    def snapshot(self) -> dict[str, int]:
        with self._lock:
            merged = {f"token:{k}": v for k, v in self._token_requests.items()}
            merged.update(self._other)
            return merged

    def reset(self) -> None:
        with self._lock:
            self._token_requests.clear()
            self._other.clear()


class _IdentityError(Exception):
    """An error answered in the identity platform's JSON format."""

    def __init__(self, status: int, error: str, code: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.error = error
        self.code = code
        self.message = message


@dataclass
class _Grant:
    """What a code, refresh token or device code stands for."""

    client_id: str
    tenant: str
    scopes: tuple[str, ...]  # as requested, reserved scopes included
    user: EmulatedUser | None


@dataclass
class _AuthCode:
    grant: _Grant
    redirect_uri: str
    expires_at: float
    code_challenge: str | None
    code_challenge_method: str
    nonce: str | None = None  # echoed in the id token (OpenID Connect Core 3.1.2.1)
    redeemed: bool = False


@dataclass
class _DeviceCode:
    grant: _Grant
    user_code: str
    expires_at: float
    interval: int
    next_poll_at: float
    state: str = "pending"  # pending | approved | declined | redeemed
    approved_user: EmulatedUser | None = None


class IdentityPlatform:
    """An in-memory identity platform: apps, users, codes and tokens. Thread-safe."""

    def __init__(
        self,
        *,
        token_lifetime: int = 3600,
        clock: Callable[[], float] = time.time,
        device_code_auto_approve: bool = True,
        apps: Iterable[RegisteredApp] | None = None,
        users: Iterable[EmulatedUser] | None = None,
        tenant: str = DEFAULT_TENANT,
        tenant_id: str = DEFAULT_TENANT_ID,
        device_code_interval: int = 5,
        device_code_lifetime: int = 900,
    ) -> None:
        if token_lifetime <= 0:
            raise ValueError("token_lifetime must be a positive number of seconds")
        if device_code_interval < 0 or device_code_lifetime <= 0:
            raise ValueError("device code interval must be >= 0 and lifetime > 0")
        self.token_lifetime = token_lifetime
        self.clock = clock
        self.device_code_auto_approve = device_code_auto_approve
        self.device_code_interval = device_code_interval
        self.device_code_lifetime = device_code_lifetime
        self.tenant = tenant
        self.tenant_id = tenant_id
        self.stats = IdentityStats()
        self._lock = threading.RLock()
        self._apps: dict[str, RegisteredApp] = {}
        self._users: dict[str, EmulatedUser] = {}
        self._codes: dict[str, _AuthCode] = {}
        self._refresh_tokens: dict[str, _Grant] = {}
        self._spent_refresh_tokens: set[str] = set()
        self._access_tokens: dict[str, TokenInfo] = {}
        self._device_codes: dict[str, _DeviceCode] = {}
        for app in DEFAULT_APPS if apps is None else apps:
            self.add_app(app)
        for user in DEFAULT_USERS if users is None else users:
            self.add_user(user)

    # ----------------------------------------------------------------- registry
    def add_app(self, app: RegisteredApp) -> None:
        with self._lock:
            self._apps[app.client_id] = app

    def add_user(self, user: EmulatedUser) -> EmulatedUser:
        """Register (or replace) a user; returns it with ``user_id``/``display_name`` filled."""
        if "@" not in user.username:
            raise ValueError("an emulated user's username must be a UPN like adele@contoso.com")
        full = user.with_defaults()
        with self._lock:
            self._users[full.username.lower()] = full
        return full

    def get_user(self, username: str) -> EmulatedUser | None:
        with self._lock:
            return self._users.get(username.lower())

    @property
    def users(self) -> tuple[EmulatedUser, ...]:
        with self._lock:
            return tuple(self._users.values())

    # ------------------------------------------------------------------ tokens
    def validate(self, access_token: str) -> TokenInfo | None:
        """The token's grant if it was issued here and has not expired, else None."""
        with self._lock:
            info = self._access_tokens.get(access_token)
        if info is None or self.clock() >= info.expires_at:
            return None
        return info

    def expire_all_access_tokens(self) -> None:
        """Make every issued access token expired (refresh tokens stay valid)."""
        expired_at = self.clock() - 1
        with self._lock:
            for token, info in self._access_tokens.items():
                self._access_tokens[token] = _replace_expiry(info, expired_at)

    def revoke_refresh_tokens(self) -> None:
        """Invalidate every refresh token, as a password reset or admin revocation would."""
        with self._lock:
            self._spent_refresh_tokens.update(self._refresh_tokens)
            self._refresh_tokens.clear()

    def approve_device_code(self, user_code: str, username: str | None = None) -> bool:
        return self._settle_device_code(user_code, approve=True, username=username)

    def deny_device_code(self, user_code: str) -> bool:
        return self._settle_device_code(user_code, approve=False, username=None)

    # ----------------------------------------------------------------- routing
    def handle(
        self,
        method: str,
        path: str,
        query: Mapping[str, list[str]],
        headers: Mapping[str, str],
        body: bytes,
    ) -> Response:
        """Answer one HTTP request for ``/{tenant}/oauth2/v2.0/<endpoint>``."""
        lowered = {k.lower(): v for k, v in headers.items()}
        correlation_id = lowered.get("client-request-id") or str(uuid.uuid4())
        parts = [p for p in path.split("?", 1)[0].split("/") if p]
        if len(parts) < 4 or parts[1:3] != ["oauth2", "v2.0"]:
            return _json(404, {"error": "not_found", "error_description": "Unknown path"})
        tenant, endpoint = parts[0], "/".join(parts[3:])
        self.stats.count(endpoint)
        try:
            self._check_tenant(tenant)
            if endpoint == "authorize":
                return self._authorize(method, tenant, query)
            if endpoint == "token":
                self._require_post(method, endpoint)
                return self._token(tenant, _form(body), lowered)
            if endpoint == "devicecode":
                self._require_post(method, endpoint)
                return self._devicecode(tenant, _form(body))
            if endpoint in ("devicecode/approve", "devicecode/deny"):
                return self._settle_from_request(endpoint, query, _form(body))
            return _json(404, {"error": "not_found", "error_description": f"No {endpoint}"})
        except _IdentityError as err:
            return _error_response(err, correlation_id, self.clock())

    def knows_tenant(self, tenant: str) -> bool:
        """The tenant's domain, its id, or a multi-tenant alias (common, organizations...)."""
        known = {self.tenant.lower(), self.tenant_id.lower(), *MULTI_TENANT_ALIASES}
        return tenant.lower() in known

    def _check_tenant(self, tenant: str) -> None:
        if not self.knows_tenant(tenant):
            raise _IdentityError(
                400,
                "invalid_request",
                90002,
                f"Tenant '{tenant}' not found. Check to make sure you have the correct tenant ID.",
            )

    @staticmethod
    def _require_post(method: str, endpoint: str) -> None:
        if method.upper() != "POST":
            raise _IdentityError(
                400,
                "invalid_request",
                900561,
                f"The endpoint only accepts POST requests. Received a {method.upper()} "
                f"request at /{endpoint}.",
            )

    # --------------------------------------------------------------- authorize
    def _authorize(self, method: str, tenant: str, query: Mapping[str, list[str]]) -> Response:
        if method.upper() not in ("GET", "POST"):
            raise _IdentityError(400, "invalid_request", 900561, "Use GET for /authorize.")
        params = {k: v[0] for k, v in query.items() if v}
        app = self._app(params.get("client_id"), tenant)
        redirect_uri = params.get("redirect_uri", "")
        if not redirect_uri:
            raise _IdentityError(
                400, "invalid_request", 900144, "The request must contain 'redirect_uri'."
            )
        if app.redirect_uris is not None and redirect_uri not in app.redirect_uris:
            raise _IdentityError(
                400,
                "invalid_request",
                50011,
                f"The redirect URI '{redirect_uri}' does not match the redirect URIs "
                f"configured for the application '{app.client_id}'.",
            )
        mode = params.get("response_mode", "query")
        state = params.get("state")
        try:
            code = self._issue_auth_code(app, tenant, params)
        except _IdentityError as err:
            # After the redirect URI is verified, errors travel back to the client on it.
            return _redirect(redirect_uri, mode, _redirect_error(err, state))
        answer = {"code": code, "session_state": str(uuid.uuid4())}
        if state is not None:
            answer["state"] = state
        return _redirect(redirect_uri, mode, answer)

    def _issue_auth_code(self, app: RegisteredApp, tenant: str, params: dict[str, str]) -> str:
        if params.get("response_type") != "code":
            raise _IdentityError(
                400,
                "unsupported_response_type",
                700054,
                "The response_type must be 'code' for the authorization code flow.",
            )
        scopes = self._delegated_scopes(params.get("scope"))
        challenge = params.get("code_challenge")
        method = params.get("code_challenge_method", "plain")
        if method not in ("S256", "plain"):
            raise _IdentityError(
                400,
                "invalid_request",
                501491,
                f"Invalid code_challenge_method '{method}'; use S256 or plain.",
            )
        user = self._sign_in_user(params.get("login_hint"))
        code = "emu-code-" + secrets.token_urlsafe(32)
        with self._lock:
            self._codes[code] = _AuthCode(
                grant=_Grant(app.client_id, tenant, scopes, user),
                redirect_uri=params["redirect_uri"],
                expires_at=self.clock() + AUTH_CODE_LIFETIME,
                code_challenge=challenge,
                code_challenge_method=method,
                nonce=params.get("nonce"),
            )
        return code

    def _sign_in_user(self, login_hint: str | None) -> EmulatedUser:
        """The emulator signs in (and consents for) the hinted user, or the first user."""
        with self._lock:
            if login_hint:
                user = self._users.get(login_hint.lower())
                if user is None:
                    raise _IdentityError(
                        400,
                        "invalid_request",
                        50034,
                        f"The user account {login_hint} does not exist in the directory.",
                    )
                return user
            if not self._users:
                raise _IdentityError(
                    400, "login_required", 50058, "No user is available to sign in."
                )
            return next(iter(self._users.values()))

    # ------------------------------------------------------------------- token
    def _token(self, tenant: str, form: dict[str, str], headers: Mapping[str, str]) -> Response:
        grant_type = form.get("grant_type", "")
        self.stats.count_token_request(grant_type or "<missing>")
        handlers: dict[str, Callable[[RegisteredApp, str, dict[str, str]], Response]] = {
            "authorization_code": self._grant_authorization_code,
            "refresh_token": self._grant_refresh_token,
            "client_credentials": self._grant_client_credentials,
            "password": self._grant_password,
            DEVICE_CODE_GRANT: self._grant_device_code,
        }
        if not grant_type:
            raise _IdentityError(
                400, "invalid_request", 900144, "The request body must contain 'grant_type'."
            )
        handler = handlers.get(grant_type)
        if handler is None:
            raise _IdentityError(
                400,
                "unsupported_grant_type",
                70003,
                f"The app requested an unsupported grant type '{grant_type}'.",
            )
        app = self._authenticate_client(tenant, form, headers)
        return handler(app, tenant, form)

    def _authenticate_client(
        self, tenant: str, form: dict[str, str], headers: Mapping[str, str]
    ) -> RegisteredApp:
        client_id, secret = form.get("client_id"), form.get("client_secret")
        basic = headers.get("authorization", "")
        if basic.lower().startswith("basic "):
            client_id, secret = _parse_basic(basic[6:], client_id)
        app = self._app(client_id, tenant)
        if "client_assertion" in form and not app.is_public:
            if secret is not None:
                raise _IdentityError(
                    400,
                    "invalid_request",
                    90014,
                    "Send either 'client_assertion' or 'client_secret', not both.",
                )
            self._verify_assertion(app, tenant, form, headers)
            return app
        if app.is_public:
            if secret is not None or "client_assertion" in form:
                raise _IdentityError(
                    401,
                    "invalid_client",
                    700025,
                    "Client is public so neither 'client_assertion' nor 'client_secret' "
                    "should be presented.",
                )
            return app
        if secret is None:
            raise _IdentityError(
                401,
                "invalid_client",
                7000218,
                "The request body must contain the following parameter: 'client_assertion' "
                "or 'client_secret'.",
            )
        registered = (app.client_secret or "").encode()
        if not registered or not hmac.compare_digest(secret.encode(), registered):
            raise _IdentityError(
                401,
                "invalid_client",
                7000215,
                f"Invalid client secret provided. Ensure the secret being sent in the request "
                f"is the client secret value, not the client secret ID, for a secret added "
                f"to app '{app.client_id}'.",
            )
        return app

    def _verify_assertion(
        self, app: RegisteredApp, tenant: str, form: dict[str, str], headers: Mapping[str, str]
    ) -> None:
        if form.get("client_assertion_type") != CLIENT_ASSERTION_TYPE:
            raise _IdentityError(
                400,
                "invalid_request",
                900144,
                f"The request body must contain 'client_assertion_type' with the value "
                f"'{CLIENT_ASSERTION_TYPE}'.",
            )
        try:
            verify_client_assertion(
                form["client_assertion"],
                client_id=app.client_id,
                certificates=app.certificates,
                tenants=(tenant, self.tenant, self.tenant_id),
                host=headers.get("host"),
                now=self.clock(),
            )
        except AssertionRejected as err:
            raise _IdentityError(401, "invalid_client", err.code, err.message) from None

    def _app(self, client_id: str | None, tenant: str) -> RegisteredApp:
        if not client_id:
            raise _IdentityError(
                400, "invalid_request", 900144, "The request must contain 'client_id'."
            )
        with self._lock:
            app = self._apps.get(client_id)
        if app is None:
            raise _IdentityError(
                400,
                "unauthorized_client",
                700016,
                f"Application with identifier '{client_id}' was not found in the directory "
                f"'{tenant}'.",
            )
        return app

    def _grant_authorization_code(
        self, app: RegisteredApp, tenant: str, form: dict[str, str]
    ) -> Response:
        code = _required(form, "code")
        with self._lock:
            entry = self._codes.get(code)
            if entry is None:
                raise _IdentityError(
                    400, "invalid_grant", 70000, "The provided authorization code is invalid."
                )
            if entry.redeemed:
                raise _IdentityError(
                    400,
                    "invalid_grant",
                    54005,
                    "OAuth2 Authorization code was already redeemed, please retry with a new "
                    "valid code or use an existing refresh token.",
                )
            entry.redeemed = True  # single use, even when the checks below fail
        if self.clock() >= entry.expires_at:
            raise _IdentityError(
                400, "invalid_grant", 70008, "The provided authorization code has expired."
            )
        if entry.grant.client_id != app.client_id:
            raise _IdentityError(
                400, "invalid_grant", 70000, "The code was issued to a different client."
            )
        if form.get("redirect_uri") != entry.redirect_uri:
            raise _IdentityError(
                400,
                "invalid_grant",
                70000,
                "The redirect_uri does not match the one used in the authorization request.",
            )
        _verify_pkce(entry, form.get("code_verifier"))
        return self._token_response(entry.grant, form, refreshable=True, nonce=entry.nonce)

    def _grant_refresh_token(
        self, app: RegisteredApp, tenant: str, form: dict[str, str]
    ) -> Response:
        token = _required(form, "refresh_token")
        with self._lock:
            grant = self._refresh_tokens.pop(token, None)
            if grant is None:
                if token in self._spent_refresh_tokens:
                    raise _IdentityError(
                        400,
                        "invalid_grant",
                        70008,
                        "The refresh token has expired or was revoked; it was already used "
                        "and has been replaced by a newer one.",
                    )
                raise _IdentityError(
                    400, "invalid_grant", 70000, "The provided refresh token is invalid."
                )
            if grant.client_id != app.client_id:
                self._refresh_tokens[token] = grant
                raise _IdentityError(
                    400, "invalid_grant", 70000, "The refresh token was issued to another client."
                )
            self._spent_refresh_tokens.add(token)
        requested = form.get("scope")
        if requested:
            wanted = self._delegated_scopes(requested)
            granted = {_short(s).lower() for s in grant.scopes}
            extra = [s for s in wanted if _short(s).lower() not in granted | RESERVED_SCOPES]
            if extra:
                raise _IdentityError(
                    400,
                    "invalid_scope",
                    70011,
                    f"The requested scopes {' '.join(extra)} were not part of the original grant.",
                )
        return self._token_response(grant, form, refreshable=True)

    def _grant_client_credentials(
        self, app: RegisteredApp, tenant: str, form: dict[str, str]
    ) -> Response:
        if tenant.lower() in MULTI_TENANT_ALIASES:
            raise _IdentityError(
                400,
                "invalid_request",
                9001023,
                f"The grant type 'client_credentials' is not supported over the /{tenant} "
                f"endpoint. Use a tenant ID or domain.",
            )
        if app.is_public:
            raise _IdentityError(
                401,
                "invalid_client",
                7000218,
                "A public client cannot use the client credentials grant.",
            )
        scopes = _required(form, "scope").split()
        resources = {s.rsplit("/", 1)[0] for s in scopes}
        if len(resources) > 1:
            raise _IdentityError(
                400,
                "invalid_scope",
                700022,
                "The provided value for the input parameter scope is not valid because it "
                "contains more than one resource.",
            )
        if len(scopes) != 1 or not scopes[0].endswith("/.default"):
            raise _IdentityError(
                400,
                "invalid_scope",
                70011,
                f"The provided value for the input parameter 'scope' is not valid. The scope "
                f"{' '.join(scopes)} is not valid: client credential flows must use a scope "
                f"of the form <resource>/.default.",
            )
        grant = _Grant(app.client_id, tenant, tuple(scopes), None)
        return self._token_response(grant, form, refreshable=False)

    def _grant_password(self, app: RegisteredApp, tenant: str, form: dict[str, str]) -> Response:
        if tenant.lower() in ("common", "consumers"):
            raise _IdentityError(
                400,
                "invalid_request",
                9001023,
                f"The grant type 'password' is not supported over the /{tenant} endpoint.",
            )
        username = _required(form, "username")
        password = _required(form, "password")
        scopes = self._delegated_scopes(form.get("scope"))
        user = self.get_user(username)
        if user is None:
            raise _IdentityError(
                400,
                "invalid_grant",
                50034,
                f"The user account {username} does not exist in the directory.",
            )
        if not hmac.compare_digest(password.encode(), user.password.encode()):
            raise _IdentityError(
                400,
                "invalid_grant",
                50126,
                "Error validating credentials due to invalid username or password.",
            )
        grant = _Grant(app.client_id, tenant, scopes, user)
        return self._token_response(grant, form, refreshable=True)

    # ------------------------------------------------------------- device code
    def _devicecode(self, tenant: str, form: dict[str, str]) -> Response:
        app = self._app(form.get("client_id"), tenant)
        scopes = self._delegated_scopes(form.get("scope"))
        device_code = "emu-device-" + secrets.token_urlsafe(32)
        user_code = _user_code()
        now = self.clock()
        entry = _DeviceCode(
            grant=_Grant(app.client_id, tenant, scopes, None),
            user_code=user_code,
            expires_at=now + self.device_code_lifetime,
            interval=self.device_code_interval,
            next_poll_at=now,
        )
        if self.device_code_auto_approve:
            entry.state = "approved"
            entry.approved_user = self._sign_in_user(None)
        with self._lock:
            self._device_codes[device_code] = entry
        message = (
            f"To sign in, use a web browser to open the page {VERIFICATION_URI} and enter the "
            f"code {user_code} to authenticate."
        )
        return _json(
            200,
            {
                "device_code": device_code,
                "user_code": user_code,
                "verification_uri": VERIFICATION_URI,
                "expires_in": self.device_code_lifetime,
                "interval": self.device_code_interval,
                "message": message,
            },
        )

    def _grant_device_code(self, app: RegisteredApp, tenant: str, form: dict[str, str]) -> Response:
        device_code = _required(form, "device_code")
        now = self.clock()
        with self._lock:
            entry = self._device_codes.get(device_code)
            if entry is None or entry.grant.client_id != app.client_id:
                raise _IdentityError(
                    400, "bad_verification_code", 70018, "The device code is not recognised."
                )
            if now >= entry.expires_at:
                raise _IdentityError(
                    400,
                    "expired_token",
                    70019,
                    "Verification code expired; restart the device code flow.",
                )
            if entry.state == "redeemed":
                raise _IdentityError(
                    400, "invalid_grant", 90120, "The device code was already redeemed."
                )
            if now < entry.next_poll_at:
                entry.interval += 5  # RFC 8628 §3.5: the client must add 5 s
                entry.next_poll_at = now + entry.interval
                raise _IdentityError(
                    400,
                    "slow_down",
                    70016,
                    f"Polling too fast; wait at least {entry.interval} seconds between polls.",
                )
            entry.next_poll_at = now + entry.interval
            if entry.state == "declined":
                raise _IdentityError(
                    400,
                    "authorization_declined",
                    70000,
                    "The end user denied the authorization request.",
                )
            if entry.state == "pending":
                raise _IdentityError(
                    400,
                    "authorization_pending",
                    70016,
                    "OAuth 2.0 device flow error. Authorization is pending. Continue polling.",
                )
            entry.state = "redeemed"
            grant = _Grant(entry.grant.client_id, tenant, entry.grant.scopes, entry.approved_user)
        return self._token_response(grant, form, refreshable=True)

    def _settle_from_request(
        self, endpoint: str, query: Mapping[str, list[str]], form: dict[str, str]
    ) -> Response:
        params = {**form, **{k: v[0] for k, v in query.items() if v}}
        user_code = params.get("user_code", "")
        approve = endpoint.endswith("approve")
        username = params.get("username")
        if approve and username and self.get_user(username) is None:
            return _json(404, {"error": "not_found", "error_description": "Unknown username"})
        if not self._settle_device_code(user_code, approve=approve, username=username):
            return _json(404, {"error": "not_found", "error_description": "Unknown user_code"})
        return _json(200, {"status": "approved" if approve else "declined"})

    def _settle_device_code(self, user_code: str, *, approve: bool, username: str | None) -> bool:
        with self._lock:
            for entry in self._device_codes.values():
                if entry.user_code == user_code.strip().upper() and entry.state == "pending":
                    if approve:
                        user = self.get_user(username) if username else self._sign_in_user(None)
                        if user is None:
                            return False
                        entry.approved_user, entry.state = user, "approved"
                    else:
                        entry.state = "declined"
                    return True
        return False

    # ------------------------------------------------------------------ shared
    def _delegated_scopes(self, raw: str | None) -> tuple[str, ...]:
        scopes = tuple(dict.fromkeys((raw or "").split()))
        if not scopes:
            raise _IdentityError(
                400, "invalid_request", 900144, "The request must contain the 'scope' parameter."
            )
        resources = {_resource_of(s) for s in scopes if s.lower() not in RESERVED_SCOPES}
        if len(resources) > 1:
            raise _IdentityError(
                400,
                "invalid_scope",
                70011,
                f"The provided value for the input parameter 'scope' is not valid: "
                f"scopes for more than one resource ({', '.join(sorted(resources))}).",
            )
        return scopes

    def _token_response(self, grant: _Grant, form: dict[str, str], *, refreshable: bool,
                        nonce: str | None = None) -> Response:
        now = self.clock()
        access_token = "emu-at-" + secrets.token_urlsafe(32)
        resource_scopes = [s for s in grant.scopes if s.lower() not in RESERVED_SCOPES]
        user = grant.user
        if user is None:
            with self._lock:
                app = self._apps[grant.client_id]
            short_scopes = frozenset(app.app_roles)
        else:
            short_scopes = frozenset(_short(s) for s in resource_scopes)
        info = TokenInfo(
            client_id=grant.client_id,
            user_id=user.user_id if user else None,
            scopes=short_scopes,
            tenant=self.tenant,
            expires_at=now + self.token_lifetime,
            username=user.username if user else None,
        )
        payload: dict[str, object] = {
            "token_type": "Bearer",
            "scope": " ".join(resource_scopes),
            "expires_in": self.token_lifetime,
            "ext_expires_in": self.token_lifetime,
            "access_token": access_token,
        }
        lowered = {s.lower() for s in grant.scopes}
        with self._lock:
            self._access_tokens[access_token] = info
            if refreshable and user is not None and "offline_access" in lowered:
                refresh_token = "emu-rt-" + secrets.token_urlsafe(48)
                self._refresh_tokens[refresh_token] = grant
                payload["refresh_token"] = refresh_token
        if user is not None and "openid" in lowered:
            payload["id_token"] = self._id_token(grant.client_id, user, now, nonce)
        if user is not None and form.get("client_info") == "1":
            # The account's home ids, which MSAL keys its token cache with ("uid.utid").
            payload["client_info"] = _b64_json({"uid": user.user_id, "utid": self.tenant_id})
        return _json(200, payload)

    def _id_token(self, client_id: str, user: EmulatedUser, now: float,
                  nonce: str | None) -> str:
        """An unsigned JWT with the claims clients read (``oid``, ``tid``, names, ``nonce``)."""
        claims: dict[str, object] = {
            "aud": client_id,
            "iss": f"https://login.microsoftonline.com/{self.tenant_id}/v2.0",
            "iat": int(now),
            "nbf": int(now),
            "exp": int(now) + self.token_lifetime,
            "name": user.display_name,
            "oid": user.user_id,
            "preferred_username": user.username,
            "sub": user.user_id,
            "tid": self.tenant_id,
            "ver": "2.0",
        }
        if nonce is not None:
            claims["nonce"] = nonce
        header = {"alg": "none", "typ": "JWT"}
        return f"{_b64_json(header)}.{_b64_json(claims)}."


# ---------------------------------------------------------------------- helpers
def _replace_expiry(info: TokenInfo, expires_at: float) -> TokenInfo:
    return TokenInfo(
        info.client_id, info.user_id, info.scopes, info.tenant, expires_at, info.username
    )


def _verify_pkce(entry: _AuthCode, verifier: str | None) -> None:
    if entry.code_challenge is None:
        return
    if not verifier:
        raise _IdentityError(
            400,
            "invalid_grant",
            501481,
            "The code_verifier is missing but a code_challenge "
            "was supplied in the authorization request.",
        )
    if entry.code_challenge_method == "S256":
        digest = hashlib.sha256(verifier.encode("ascii", "replace")).digest()
        computed = base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")
    else:
        computed = verifier
    if not hmac.compare_digest(computed.encode(), entry.code_challenge.encode()):
        raise _IdentityError(
            400,
            "invalid_grant",
            501481,
            "The Code_Verifier does not match the code_challenge supplied in the "
            "authorization request.",
        )


def _resource_of(scope: str) -> str:
    if "://" in scope or scope.startswith("api:"):
        return scope.rsplit("/", 1)[0].lower()
    return GRAPH_RESOURCE  # bare scope names mean Microsoft Graph


def _short(scope: str) -> str:
    return scope.rsplit("/", 1)[1] if "://" in scope or scope.startswith("api:") else scope


def _required(form: dict[str, str], name: str) -> str:
    value = form.get(name)
    if not value:
        raise _IdentityError(
            400,
            "invalid_request",
            900144,
            f"The request body must contain the following parameter: '{name}'.",
        )
    return value


def _form(body: bytes) -> dict[str, str]:
    try:
        parsed = parse_qs(body.decode("utf-8"), keep_blank_values=True, strict_parsing=False)
    except UnicodeDecodeError as exc:
        raise _IdentityError(400, "invalid_request", 90014, "Body is not UTF-8.") from exc
    duplicated = sorted(k for k, v in parsed.items() if len(v) > 1)
    if duplicated:
        raise _IdentityError(
            400, "invalid_request", 90015, f"Parameters given more than once: {duplicated}."
        )
    return {k: v[0] for k, v in parsed.items()}


def _parse_basic(encoded: str, fallback_id: str | None) -> tuple[str | None, str | None]:
    try:
        user, _, secret = base64.b64decode(encoded, validate=True).decode().partition(":")
    except (binascii.Error, UnicodeDecodeError) as exc:
        raise _IdentityError(
            401, "invalid_client", 7000215, "Malformed HTTP Basic client authentication."
        ) from exc
    # RFC 6749 §2.3.1 form-encodes both parts.
    return unquote_plus(user) or fallback_id, unquote_plus(secret)


def _user_code() -> str:
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return "".join(secrets.choice(alphabet) for _ in range(9))


def _b64_json(data: Mapping[str, object]) -> str:
    raw = json.dumps(data, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def _json(status: int, payload: Mapping[str, object]) -> Response:
    headers = {
        "Content-Type": "application/json; charset=utf-8",
        "Cache-Control": "no-store, no-cache",
        "Pragma": "no-cache",
    }
    return status, headers, json.dumps(payload).encode("utf-8")


def _error_response(err: _IdentityError, correlation_id: str, now: float) -> Response:
    trace_id = str(uuid.uuid4())
    stamp = datetime.fromtimestamp(now, tz=timezone.utc).strftime("%Y-%m-%d %H:%M:%SZ")
    description = (
        f"AADSTS{err.code}: {err.message}\r\nTrace ID: {trace_id}\r\n"
        f"Correlation ID: {correlation_id}\r\nTimestamp: {stamp}"
    )
    return _json(
        err.status,
        {
            "error": err.error,
            "error_description": description,
            "error_codes": [err.code],
            "timestamp": stamp,
            "trace_id": trace_id,
            "correlation_id": correlation_id,
            "error_uri": f"https://login.microsoftonline.com/error?code={err.code}",
        },
    )


def _redirect_error(err: _IdentityError, state: str | None) -> dict[str, str]:
    params = {"error": err.error, "error_description": f"AADSTS{err.code}: {err.message}"}
    if state is not None:
        params["state"] = state
    return params


def _redirect(redirect_uri: str, mode: str, params: dict[str, str]) -> Response:
    if mode == "form_post":
        fields = "".join(
            f'<input type="hidden" name="{_html(k)}" value="{_html(v)}"/>'
            for k, v in params.items()
        )
        page = (
            f'<html><body onload="document.forms[0].submit()"><form method="POST" '
            f'action="{_html(redirect_uri)}">{fields}</form></body></html>'
        )
        return 200, {"Content-Type": "text/html; charset=utf-8"}, page.encode()
    scheme, netloc, path, query, fragment = urlsplit(redirect_uri)
    encoded = urlencode(params)
    if mode == "fragment":
        fragment = encoded
    else:
        query = f"{query}&{encoded}" if query else encoded
    location = urlunsplit((scheme, netloc, path, query, fragment))
    return 302, {"Location": location, "Content-Length": "0"}, b""


def _html(text: str) -> str:
    return (
        text.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;").replace(">", "&gt;")
    )
