"""OAuth 2.0 against the Microsoft identity platform, and the thread-safe ``TokenManager``.

Flows (``auth_flow_type``): ``authorization`` (confidential client, auth code + PKCE S256 +
state), ``public`` (public client, auth code + PKCE, or the device code flow), ``credentials``
(client credentials, app-only, scope ``<resource>/.default``) and ``password`` (ROPC).
Endpoints are ``{authority_host}/{tenant}/oauth2/v2.0/{authorize,token,devicecode}``.

Request bodies are built with oauthlib; oauthlib is imported on first use so that
``import generated.o365._runtime.account`` stays cheap. Access tokens are refreshed before they expire (a
safety margin) and after a 401; only one thread (and, with a backend that locks, one
process) refreshes, the others wait and reuse the result. A rotated refresh token is always
saved. Errors from the identity platform become :class:`AuthenticationError` subclasses;
no token, secret or password is ever logged or put into an exception or repr.
"""

from __future__ import annotations

import hmac
import logging
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any, Literal, cast
from urllib.parse import parse_qsl, urlencode, urlsplit

from .body import DEFAULT_DEADLINE, Deadline
from .errors import (
    TRANSPORT_FAILURES,
    AuthenticationError,
    DeviceCodeDeclinedError,
    DeviceCodeExpiredError,
    InvalidCredentialsError,
    NoUserContextError,
    StateMismatchError,
    TokenExpiredError,
    transport_error,
)
from .origin import Origin, is_loopback
from .redact import redact_text
from .request import new_guid
from .scopes import GRAPH_SCOPE_PREFIX, default_scope, expand_scopes, strip_reserved
from .token_backends.base import BaseTokenBackend

# Loaded on first use (building an Account signs nothing in): the flow state of user sign-ins,
# certificate credentials (uuid, platform) and the token type (dataclasses).
if TYPE_CHECKING:
    import requests

    from .auth_flows import AuthorizationFlow as AuthorizationFlow
    from .auth_flows import DeviceCodeChallenge as DeviceCodeChallenge
    from .client_assertion import CertificateCredential
    from .protocol import MSGraphProtocol
    from .token_backends.token import Token

__all__ = [
    "AUTH_FLOW_TYPES",
    "DEFAULT_REDIRECT_URI",
    "AuthFlowType",
    "AuthenticationError",
    "AuthorizationFlow",
    "ClientCredentials",
    "DeviceCodeChallenge",
    "InvalidCredentialsError",
    "NoUserContextError",
    "TokenExpiredError",
    "TokenManager",
    "consent_input_token",
    "oauth_endpoints",
    "parse_credentials",
]

log = logging.getLogger("generated.o365.auth")

AuthFlowType = Literal["authorization", "public", "credentials", "password"]
AUTH_FLOW_TYPES: tuple[str, ...] = ("authorization", "public", "credentials", "password")
DEFAULT_REDIRECT_URI = "https://login.microsoftonline.com/common/oauth2/nativeclient"
DEFAULT_AUTHORITY_HOST = "https://login.microsoftonline.com"
MULTI_TENANT_IDS = frozenset({"common", "organizations", "consumers"})
DEFAULT_REFRESH_MARGIN = 120.0  # seconds before expiry at which a token counts as stale
DEVICE_CODE_GRANT = "urn:ietf:params:oauth:grant-type:device_code"
USER_FLOW_SCOPES = ("openid", "profile", "offline_access")  # id token + refresh token
SLOW_DOWN_SECONDS = 5  # RFC 8628 §3.5


# --------------------------------------------------------------------------- credentials
class ClientCredentials:
    """The app's identity. ``client_secret`` is None for public clients. Immutable."""

    __slots__ = ("certificate", "client_id", "client_secret")

    client_id: str
    client_secret: str | None
    certificate: CertificateCredential | None  # its repr shows only the thumbprint

    def __init__(self, client_id: str, client_secret: str | None = None,
                 certificate: CertificateCredential | None = None) -> None:
        object.__setattr__(self, "client_id", client_id)
        object.__setattr__(self, "client_secret", client_secret)
        object.__setattr__(self, "certificate", certificate)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"ClientCredentials is immutable; cannot set {name!r}")

    def __repr__(self) -> str:  # never the secret
        return f"ClientCredentials(client_id={self.client_id!r}, certificate={self.certificate!r})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, ClientCredentials):
            return NotImplemented
        return self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def _key(self) -> tuple[object, ...]:
        return (self.client_id, self.client_secret, self.certificate)

    @property
    def is_confidential(self) -> bool:
        return self.client_secret is not None or self.certificate is not None


def parse_credentials(credentials: object, auth_flow_type: str) -> ClientCredentials:
    """Validate ``credentials`` for the flow: ``(id, secret)``, ``(id,)`` or a bare id string.

    The secret may be a certificate mapping (see :mod:`generated.o365._runtime.client_assertion`).
    """
    if auth_flow_type not in AUTH_FLOW_TYPES:
        raise ValueError(
            f"unknown auth_flow_type {auth_flow_type!r}; valid: {', '.join(AUTH_FLOW_TYPES)}"
        )
    if isinstance(credentials, str):
        parts: tuple[object, ...] = (credentials,)
    elif isinstance(credentials, (tuple, list)) and 1 <= len(credentials) <= 2:
        parts = tuple(credentials)
    else:
        raise TypeError(
            "credentials must be (client_id, client_secret), (client_id,) or a client_id string"
        )
    client_id = parts[0]
    secret = parts[1] if len(parts) == 2 else None
    if not isinstance(client_id, str) or not client_id.strip():
        raise ValueError("the client_id in credentials must be a non-empty string")
    if secret is not None and not isinstance(secret, (str, Mapping)):
        raise TypeError(
            "the client secret must be a string, or a mapping with 'private_key' and "
            "'thumbprint' for certificate credentials"
        )
    if auth_flow_type in ("public", "password") or secret == "":
        secret = None  # public clients must not present a secret (AADSTS700025)
    certificate: CertificateCredential | None = None
    if isinstance(secret, Mapping):
        from .client_assertion import parse_certificate_credential

        certificate = parse_certificate_credential(secret)
        secret = None
    if auth_flow_type in ("authorization", "credentials") and secret is None and not certificate:
        raise ValueError(
            f"the {auth_flow_type!r} flow is for confidential clients and needs "
            "credentials=(client_id, client_secret) or (client_id, {'private_key': ..., "
            "'thumbprint': ...}); for an app without a secret use auth_flow_type='public'"
        )
    return ClientCredentials(client_id.strip(), secret, certificate)


# ----------------------------------------------------------------------------- endpoints
def oauth_endpoints(authority_host: str, tenant_id: str) -> dict[str, str]:
    """``authorize``/``token``/``devicecode`` URLs; ``http://`` only for loopback hosts."""
    parts = urlsplit(authority_host)
    if parts.scheme not in ("https", "http") or not parts.hostname:
        raise ValueError(f"authority_host must be an absolute https:// URL, got {authority_host!r}")
    if parts.scheme == "http" and not is_loopback(parts.hostname):
        raise ValueError(
            "authority_host may use plain http:// only for loopback hosts (127.0.0.1, ::1, "
            "localhost); use https://"
        )
    if parts.query or parts.fragment or parts.username or parts.password:
        raise ValueError("authority_host must not carry credentials, a query or a fragment")
    if not tenant_id or "/" in tenant_id or "?" in tenant_id:
        raise ValueError(f"invalid tenant_id {tenant_id!r}")
    base = f"{authority_host.rstrip('/')}/{tenant_id}/oauth2/v2.0/"
    return {name: base + name for name in ("authorize", "token", "devicecode")}


def consent_input_token(consent_url: str) -> str:
    """Console helper: show the consent URL, return the redirect URL the user pastes."""
    print("Visit the following url to give consent:")
    print(consent_url)
    return input("Paste the authenticated url here:\n")


# ------------------------------------------------------------------------ token manager
class TokenManager:
    """Gets, stores and refreshes tokens for one app (+ user); safe to share across threads.

    ``get_access_token()`` returns a valid access token, refreshing when it expires within
    ``refresh_margin`` seconds; ``handle_unauthorized(rejected)`` is called on a 401. Both
    refresh at most once for many concurrent callers.
    """

    def __init__(
        self,
        credentials: object,
        *,
        protocol: MSGraphProtocol | None = None,
        auth_flow_type: str = "authorization",
        tenant_id: str = "common",
        token_backend: BaseTokenBackend | None = None,
        scopes: str | Iterable[str] | None = None,
        authority_host: str | None = None,
        redirect_uri: str = DEFAULT_REDIRECT_URI,
        username: str | None = None,
        password: str | None = None,
        refresh_margin: float = DEFAULT_REFRESH_MARGIN,
        timeout: float | tuple[float, float] = (5.0, 30.0),
        proxies: Mapping[str, str] | None = None,
        verify_ssl: bool = True,
        deadline: float = DEFAULT_DEADLINE,
        session: requests.Session | None = None,
        clock: Callable[[], float] = time.time,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.credentials = parse_credentials(credentials, auth_flow_type)
        self.auth_flow_type = cast(AuthFlowType, auth_flow_type)
        if not isinstance(tenant_id, str) or not tenant_id.strip():
            raise ValueError("tenant_id must be a non-empty string")
        self.tenant_id = tenant_id.strip()
        if auth_flow_type in ("credentials", "password") and self.tenant_id in MULTI_TENANT_IDS:
            raise ValueError(
                f"the {auth_flow_type!r} flow needs a specific tenant_id (a tenant GUID or "
                f"domain such as 'contoso.onmicrosoft.com'), not {self.tenant_id!r}"
            )
        if token_backend is not None and not isinstance(token_backend, BaseTokenBackend):
            raise TypeError("token_backend must be a BaseTokenBackend")
        if not isinstance(refresh_margin, (int, float)) or refresh_margin < 0:
            raise ValueError("refresh_margin must be a number of seconds >= 0")
        if password is not None and password != password.strip():
            raise ValueError("passwords with leading or trailing whitespace are not supported")
        if not isinstance(redirect_uri, str) or not redirect_uri:
            raise ValueError("redirect_uri must be a non-empty URL")
        self.scope_prefix = protocol.protocol_scope_prefix if protocol else GRAPH_SCOPE_PREFIX
        host = authority_host or (protocol.authority_host if protocol else DEFAULT_AUTHORITY_HOST)
        self.authority_host = host.rstrip("/")
        self.endpoints = oauth_endpoints(self.authority_host, self.tenant_id)
        #: the only origin that receives secrets, codes and refresh tokens (generated.o365._runtime.origin)
        self.authority_origin = Origin.of(self.authority_host)
        self.scopes = expand_scopes(scopes, prefix=self.scope_prefix) if scopes else None
        self.redirect_uri = redirect_uri
        self.refresh_margin = float(refresh_margin)
        if token_backend is None:
            from .token_backends.filesystem import FileSystemTokenBackend

            token_backend = FileSystemTokenBackend()
        self.token_backend = token_backend
        self._username = username
        self._password = password
        self._timeout = timeout
        Deadline(deadline)  # validates
        self._deadline = float(deadline)  # seconds a token request may take, body included
        self._proxies = dict(proxies or {})
        self._verify_ssl = verify_ssl
        self._session = session
        self._clock = clock
        self._sleep = sleep
        self._token: Token | None = None
        self._lock = threading.RLock()

    def __repr__(self) -> str:
        return (
            f"TokenManager(client_id={self.credentials.client_id!r}, "
            f"auth_flow_type={self.auth_flow_type!r}, tenant_id={self.tenant_id!r}, "
            f"token_backend={self.token_backend!r})"
        )

    # ------------------------------------------------------------------ state
    @property
    def username(self) -> str | None:
        if self._username:
            return self._username
        token = self.token
        return token.username if token else None

    @username.setter
    def username(self, value: str | None) -> None:
        token = self.token if self.auth_flow_type != "credentials" else None
        if value and token is not None and token.username and token.username.lower() != value.lower():
            # python-o365 keeps one token per user in its cache and switches between them; one
            # token is kept here, and signing calls with another user's token would be wrong.
            raise ValueError(
                f"the token backend holds {token.username}'s sign-in, not {value}'s: an Account "
                "keeps one user's token here; give each user their own token backend")
        self._username = value

    @property
    def token(self) -> Token | None:
        """The current token (loaded from the backend on first access)."""
        with self._lock:
            if self._token is None:
                self._token = self.token_backend.token or self.token_backend.load_token()
            return self._token

    @property
    def is_authenticated(self) -> bool:
        """True if we hold a refresh token, or an access token that has not expired."""
        token = self.token
        if token is None:
            return False
        if self.auth_flow_type == "credentials":
            return True  # a new app-only token can always be requested
        return token.is_long_lived or not token.expires_within(0, now=self._clock())

    def clear_token_cache(self) -> None:
        """Forget the token here and in the backend."""
        with self._lock:
            self._token = None
            self.token_backend.delete_token()

    # --------------------------------------------------------- user-driven flows
    def get_authorization_url(
        self,
        requested_scopes: str | Iterable[str] | None = None,
        redirect_uri: str | None = None,
        **kwargs: str,
    ) -> tuple[str, AuthorizationFlow]:
        """The URL the user opens to sign in, and the flow state to pass to ``request_token``.

        Extra keyword arguments (``login_hint``, ``prompt``, ``domain_hint``...) are added to
        the URL.
        """
        if self.auth_flow_type not in ("authorization", "public"):
            raise ValueError(
                "get_authorization_url is for the 'authorization' and 'public' flows, not "
                f"{self.auth_flow_type!r}"
            )
        redirect = redirect_uri or self.redirect_uri
        scopes = self._user_scopes(requested_scopes)
        from oauthlib.common import generate_token  # type: ignore[import-untyped]
        from oauthlib.oauth2 import WebApplicationClient  # type: ignore[import-untyped]

        client = WebApplicationClient(self.credentials.client_id)
        verifier = client.create_code_verifier(64)
        challenge = client.create_code_challenge(verifier, "S256")
        state = generate_token(32)
        params: dict[str, str] = {
            "client_id": self.credentials.client_id,
            "response_type": "code",
            "redirect_uri": redirect,
            "scope": " ".join(scopes),
            "response_mode": "query",
            "state": state,
            "code_challenge": challenge,
            "code_challenge_method": "S256",
        }
        for key, value in kwargs.items():
            if value is not None:
                params[key] = str(value)
        url = f"{self.endpoints['authorize']}?{urlencode(params)}"
        from .auth_flows import AuthorizationFlow

        return url, AuthorizationFlow(url, state, verifier, redirect, tuple(scopes))

    def request_token(
        self,
        authorization_response_url: str | None = None,
        *,
        flow: AuthorizationFlow | None = None,
        requested_scopes: str | Iterable[str] | None = None,
        store_token: bool = True,
        username: str | None = None,
        password: str | None = None,
    ) -> bool:
        """Redeem a sign-in (or run client credentials / ROPC) and store the token."""
        if self.auth_flow_type in ("authorization", "public"):
            if requested_scopes is not None:
                raise ValueError(
                    "scopes are fixed by get_authorization_url; don't pass requested_scopes here"
                )
            form = self._code_redemption(authorization_response_url, flow)
        elif self.auth_flow_type == "credentials":
            form = {"grant_type": "client_credentials", "scope": self._app_scope(requested_scopes)}
        else:
            form = self._password_form(requested_scopes, username, password)
        token = self._request(form, previous=None)
        self._adopt(token, store=store_token)
        log.info("signed in: client_id=%s flow=%s", self.credentials.client_id, self.auth_flow_type)
        return True

    def device_code_flow(
        self,
        requested_scopes: str | Iterable[str] | None = None,
        *,
        printer: Callable[[str], None] = print,
        on_challenge: Callable[[DeviceCodeChallenge], None] | None = None,
        store_token: bool = True,
    ) -> bool:
        """Device code sign-in: show the user code, poll at the server's interval."""
        if self.auth_flow_type != "public":
            raise ValueError("the device code flow needs auth_flow_type='public'")
        challenge = self.start_device_code(requested_scopes)
        printer(challenge.message)
        if on_challenge is not None:
            on_challenge(challenge)
        token = self.poll_device_code(challenge)
        self._adopt(token, store=store_token)
        return True

    def start_device_code(
        self, requested_scopes: str | Iterable[str] | None = None
    ) -> DeviceCodeChallenge:
        scopes = self._user_scopes(requested_scopes)
        body = {"client_id": self.credentials.client_id, "scope": " ".join(scopes)}
        payload = self._post(self.endpoints["devicecode"], body, grant="devicecode")
        from .auth_flows import DeviceCodeChallenge

        try:
            return DeviceCodeChallenge(
                user_code=str(payload["user_code"]),
                verification_uri=str(payload["verification_uri"]),
                expires_in=int(payload.get("expires_in", 900)),
                interval=int(payload.get("interval", 5)),
                message=str(
                    payload.get("message")
                    or f"Open {payload['verification_uri']} and enter {payload['user_code']}"
                ),
                device_code=str(payload["device_code"]),
            )
        except (KeyError, TypeError, ValueError):
            raise AuthenticationError(
                "invalid_response", "the devicecode response lacks required fields"
            ) from None

    def poll_device_code(self, challenge: DeviceCodeChallenge) -> Token:
        """Poll ``/token`` until the user finishes; bounded by the code's lifetime."""
        deadline = self._clock() + challenge.expires_in
        interval = max(challenge.interval, 0)
        form = {"grant_type": DEVICE_CODE_GRANT, "device_code": challenge.device_code}
        while True:
            self._sleep(interval)
            try:
                return self._request(form, previous=None)
            except AuthenticationError as err:
                if err.error == "slow_down":
                    interval += SLOW_DOWN_SECONDS
                elif err.error != "authorization_pending":
                    raise
            if self._clock() >= deadline:
                raise DeviceCodeExpiredError(
                    "expired_token", "the device code expired before the sign-in finished"
                )

    # ------------------------------------------------------- used by Connection
    def get_access_token(self) -> str:
        """A valid access token; refreshes (once, for all waiting threads) when stale."""
        token = self.token
        if token is not None and not token.expires_within(self.refresh_margin, now=self._clock()):
            return token.access_token
        with self._lock:
            token = self.token
            if token is None:
                raise AuthenticationError(
                    "not_authenticated", "no token: call account.authenticate() first"
                )
            if token.expires_within(self.refresh_margin, now=self._clock()):
                self._refresh_locked(token)
            assert self._token is not None
            return self._token.access_token

    def handle_unauthorized(self, rejected_token: str) -> bool:
        """After a 401: True if a different, valid token is now available."""
        with self._lock:
            token = self.token
            if token is None:
                return False
            if not hmac.compare_digest(token.access_token, rejected_token) and not (
                token.expires_within(self.refresh_margin, now=self._clock())
            ):
                return True  # another thread refreshed while this request was in flight
            self._refresh_locked(token)
            return True

    def refresh_token(self) -> bool:
        """Force a refresh now; True on success (raises AuthenticationError on failure)."""
        with self._lock:
            token = self.token
            if token is None:
                return False
            self._refresh_locked(token)
            return True

    # --------------------------------------------------------------- internals
    def _refresh_locked(self, stale: Token) -> None:
        """Refresh under the backend's cross-process lock, unless someone else already did."""
        with self.token_backend.refresh_lock():
            decision = self.token_backend.should_refresh_token(self)
            stored = self.token_backend.load_token()
            fresher = (
                stored is not None
                and stored.access_token != stale.access_token
                and not stored.expires_within(self.refresh_margin, now=self._clock())
            )
            if decision is not True or fresher:
                if stored is None:
                    raise TokenExpiredError(
                        "no_token", "the token backend has no token after another refresh"
                    )
                self._token = stored
                return
            base = stored or stale
            if self.auth_flow_type == "credentials":
                form = {"grant_type": "client_credentials", "scope": self._app_scope(None)}
            else:
                if base.refresh_token is None:
                    raise TokenExpiredError(
                        "no_refresh_token",
                        "the access token expired and there is no refresh token; sign in "
                        "again (include 'offline_access' in the scopes to get one)",
                    )
                form = {"grant_type": "refresh_token", "refresh_token": base.refresh_token}
                scopes = strip_reserved(base.scopes)
                if scopes:
                    form["scope"] = " ".join([*scopes, "offline_access"])
            token = self._request(form, previous=base)
            self.token_backend.save_token(token)  # always: the refresh token may have rotated
            self._token = token
            log.info("access token refreshed for client_id=%s", self.credentials.client_id)

    def _adopt(self, token: Token, *, store: bool) -> None:
        with self._lock:
            self._token = token
            if store:
                self.token_backend.save_token(token)

    def _user_scopes(self, requested: str | Iterable[str] | None) -> list[str]:
        chosen = requested if requested is not None else (self.scopes or ["basic"])
        expanded = expand_scopes(chosen, prefix=self.scope_prefix)
        if not strip_reserved(expanded):
            raise ValueError("requested_scopes must name at least one permission")
        return expand_scopes([*expanded, *USER_FLOW_SCOPES], prefix=self.scope_prefix)

    def _app_scope(self, requested: str | Iterable[str] | None) -> str:
        expected = default_scope(self.scope_prefix)
        if requested is None:
            return expected
        scopes = expand_scopes(requested, prefix=self.scope_prefix)
        if scopes != [expected]:
            raise ValueError(
                f"the 'credentials' flow only accepts the scope {expected!r} (the app's "
                "granted application permissions); configure permissions in the app registration"
            )
        return expected

    def _password_form(
        self,
        requested_scopes: str | Iterable[str] | None,
        username: str | None,
        password: str | None,
    ) -> dict[str, str]:
        user = username or self._username
        secret = password if password is not None else self._password
        if not user or not secret:
            raise ValueError("the 'password' flow needs username= and password=")
        if secret != secret.strip():
            raise ValueError("passwords with leading or trailing whitespace are not supported")
        self._username = user
        return {
            "grant_type": "password",
            "username": user,
            "password": secret,
            "scope": " ".join(self._user_scopes(requested_scopes)),
        }

    def _code_redemption(
        self, response_url: str | None, flow: AuthorizationFlow | None
    ) -> dict[str, str]:
        from .auth_flows import AuthorizationFlow

        if not isinstance(flow, AuthorizationFlow):
            raise TypeError("pass flow= (the second value returned by get_authorization_url)")
        if not response_url or not isinstance(response_url, str):
            raise ValueError("authorization_response_url must be the URL you were redirected to")
        parts = urlsplit(response_url.strip())
        params = dict(parse_qsl(parts.query, keep_blank_values=True))
        params.update(parse_qsl(parts.fragment, keep_blank_values=True))
        if "error" in params:
            raise AuthenticationError(params["error"], params.get("error_description"))
        received_state = params.get("state", "")
        if not hmac.compare_digest(received_state.encode(), flow.state.encode()):
            raise StateMismatchError(
                "state_mismatch",
                "the state in the redirect URL does not match the authorization request; "
                "start the sign-in again",
            )
        code = params.get("code")
        if not code:
            raise AuthenticationError("invalid_request", "the redirect URL has no 'code'")
        return {
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": flow.redirect_uri,
            "code_verifier": flow.code_verifier,
            "scope": " ".join(flow.scopes),
        }

    def _request(self, form: Mapping[str, str], *, previous: Token | None) -> Token:
        from oauthlib.oauth2.rfc6749.parameters import (  # type: ignore[import-untyped]
            prepare_token_request,
        )

        fields = dict(form)
        grant = fields.pop("grant_type")
        certificate = self.credentials.certificate
        if certificate is not None:
            from .client_assertion import CLIENT_ASSERTION_TYPE, build_client_assertion

            # Signed per request: the assertion is short-lived and its jti unique.
            fields["client_assertion_type"] = CLIENT_ASSERTION_TYPE
            fields["client_assertion"] = build_client_assertion(
                certificate,
                client_id=self.credentials.client_id,
                audience=self.endpoints["token"],
                now=self._clock(),
            )
        body = prepare_token_request(
            grant,
            include_client_id=True,
            client_id=self.credentials.client_id,
            client_secret=self.credentials.client_secret,
            **fields,
        )
        payload = self._post(self.endpoints["token"], body, grant=grant)
        from .token_backends.token import Token

        try:
            return Token.from_response(payload, now=self._clock(), previous=previous)
        except ValueError as exc:
            raise AuthenticationError("invalid_response", str(exc)) from None

    def _post(self, url: str, body: Mapping[str, str] | str, *, grant: str) -> dict[str, Any]:
        self.authority_origin.require(url, credential="token request (client secret, code, "
                                                      "refresh token)")
        from .body import read_body

        session = self._http()
        limit, what = Deadline(self._deadline), f"POST {url}"
        connect_timeout, read_timeout = limit.clamp(self._timeout, what)
        failure: Exception | None = None
        try:
            response = session.post(
                url,
                data=body,
                headers={
                    "Content-Type": "application/x-www-form-urlencoded",
                    "Accept": "application/json",
                    "client-request-id": new_guid(),
                },
                timeout=(connect_timeout, read_timeout),
                allow_redirects=False,
                stream=True,
            )
            read_body(response, limit, what, read_timeout=read_timeout)
        except TRANSPORT_FAILURES as exc:  # the original (and its .request) holds the body
            failure = transport_error(exc, f"{what} failed: {redact_text(str(exc))}")
        if failure is not None:
            raise failure  # outside the except block: nothing chained
        if response.status_code != 200:
            raise _auth_error(response, grant)
        try:
            payload = response.json()
        except ValueError:
            payload = None
        if not isinstance(payload, dict):
            raise AuthenticationError(
                "invalid_response", f"{url} answered 200 without a JSON object"
            )
        return payload

    def _http(self) -> requests.Session:
        if self._session is None:
            import requests

            session = requests.Session()
            session.verify = self._verify_ssl
            session.proxies.update(self._proxies)
            self._session = session
        return self._session


def _auth_error(response: requests.Response, grant: str) -> AuthenticationError:
    """Map an identity-platform error to the exception a caller can act on."""
    from .errors import auth_error_from_response

    base = auth_error_from_response(response)
    cls: type[AuthenticationError] = type(base)
    if base.error == "invalid_grant" and grant != "refresh_token":
        # invalid_grant means "sign in again" only for a refresh; otherwise it is a bad
        # code/verifier (auth code) or a wrong username/password (ROPC).
        cls = InvalidCredentialsError if grant == "password" else AuthenticationError
    elif base.error == "authorization_declined":
        cls = DeviceCodeDeclinedError
    elif base.error == "expired_token":
        cls = DeviceCodeExpiredError
    if cls is type(base):
        return base
    return cls(
        base.error,
        base.error_description,
        error_codes=base.error_codes,
        trace_id=base.trace_id,
        correlation_id=base.correlation_id,
        status=base.status,
    )


def __getattr__(name: str) -> Any:
    """The flow-state classes live in generated.o365._runtime.auth_flows, imported on first use."""
    if name in ("AuthorizationFlow", "DeviceCodeChallenge"):
        from . import auth_flows

        return getattr(auth_flows, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
