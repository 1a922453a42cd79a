"""python-o365's names for what the runtime already does, kept apart from the runtime itself.

Code written for python-o365 ports by changing its import line. The generated classes carry
python-o365's names for their own operations and fields (declared in the specs as aliases);
what lives here are python-o365's names for *generic* machinery, mixed into the runtime
classes that do the work:

- `ApiComponentNames` (every resource and service): `main_resource`, `protocol`,
  `build_base_url`, `build_url`, `set_base_url` of python-o365's `ApiComponent`.
- `ConnectionNames` (`Connection`): its proxy, sign-in and raw-request methods.
- `ProtocolNames` (`MSGraphProtocol`): scopes, casing and keywords.
- `TokenBackendNames` (every token backend): python-o365's token-cache questions.

Each name behaves as python-o365's does unless a docstring says otherwise; names that cannot
(an msal object, a second HTTP session) are in tests/compat/differences.yaml with the reason.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, cast

if TYPE_CHECKING:
    from zoneinfo import ZoneInfo

    import requests

    from .auth import AuthorizationFlow, TokenManager
    from .connection import Connection
    from .protocol import MSGraphProtocol
    from .query_builder import QueryBuilder
    from .token_backends.base import BaseTokenBackend
    from .token_backends.token import Token

__all__ = ["ApiComponent", "ApiComponentNames", "BoundApiComponentNames", "ConnectionNames", "HeldValueNames", "ProtocolNames", "TokenBackendNames",
           "get_iana_tz", "get_windows_tz", "oauth_authentication_flow", "to_camel_case",
           "token_from_msal_cache",
           "to_pascal_case", "to_snake_case", "to_upper_lower_case"]


class ApiComponentNames:
    """python-o365's `ApiComponent` members: the resource and protocol an object works with.

    A value inside a resource (an event's recurrence, a message's recipients or attachments)
    answers for the resource that holds it, as python-o365's components do.
    """

    __slots__ = ()

    def _component(self) -> Any:
        """The bound object (a resource or service) this one is, or is held by."""
        current: Any = self
        while current is not None:
            if getattr(current, "_con", None) is not None and isinstance(
                    getattr(current, "_ctx", None), dict):
                return current
            owner = getattr(current, "_owner", None)
            current = owner[0] if isinstance(owner, tuple) else owner
        raise ValueError(f"this {type(self).__name__} is not bound to a connection: get it from "
                         "a service (account.mailbox()...) or from an object loaded from Graph")

    @property
    def main_resource(self) -> str:
        """The resource calls go to (`me`, `users/adele@contoso.com`, ...)."""
        resource: str = self._component()._ctx.get("resource", "")
        return resource

    @property
    def protocol(self) -> MSGraphProtocol:
        protocol: MSGraphProtocol = self._component()._con.protocol
        return protocol

    def build_base_url(self, resource: str) -> str:
        """The Graph URL of a resource (python-o365: service URL + resource)."""
        return self.protocol.url(resource.strip("/"))

    def build_url(self, endpoint: str) -> str:
        """A Graph URL below this object's resource: `build_url('/messages')`."""
        return self.build_base_url(f"{self.main_resource}/{endpoint.lstrip('/')}")


class BoundApiComponentNames(ApiComponentNames):
    """... and, on resources and services, python-o365's `set_base_url`."""

    __slots__ = ()

    def set_base_url(self, resource: str) -> None:
        """Point this object at another resource; `users/x`, `user:x` or an address."""
        from .account import BaseAccount

        ctx: dict[str, str] = self._component()._ctx
        # A new context: objects built from one page share theirs.
        object.__setattr__(self, "_ctx", {**ctx, "resource": BaseAccount._normalize(resource)})


class HeldValueNames(ApiComponentNames):
    """... and, on values held by a resource, its query builder (python-o365's `q()`)."""

    __slots__ = ()

    def new_query(self) -> QueryBuilder:
        from .query_builder import QueryBuilder

        return QueryBuilder(self.protocol)

    q = new_query


def bound_to(parent: Any, con: Connection | None, protocol: MSGraphProtocol | None,
             main_resource: str | None) -> tuple[Connection, dict[str, str]]:
    """python-o365's way to build an object: from a `parent` (an account, service or object)
    or a `con`nection (and protocol); the resource is `main_resource` or what they use."""
    from .account import BaseAccount

    if parent is not None and con is not None:
        raise ValueError("give a parent or a connection, not both")
    if parent is not None:
        connection: Connection = parent.con
        resource = main_resource or parent.main_resource
    elif con is not None:
        connection = con
        resource = main_resource or (protocol or con.protocol).default_resource
    else:
        raise ValueError("give a parent (an account, service or object) or a connection")
    if not resource:
        raise ValueError("no resource to work on: pass main_resource='user@contoso.com'")
    return connection, {"resource": BaseAccount._normalize(resource)}


class ProtocolNames:
    """python-o365's `Protocol` members on `MSGraphProtocol`."""

    __slots__ = ()

    protocol_scope_prefix: str
    #: python-o365's page-size ceiling (`$top`) for Graph.
    max_top_value = 999
    #: python-o365 converts every key through `casing_function` unless this is True.
    use_default_casing = False
    #: Values python-o365 keeps per protocol (OData type names, the time zone header).
    keyword_data_store: dict[str, str] = {
        "message_type": "microsoft.graph.message",
        "event_message_type": "microsoft.graph.eventMessage",
        "file_attachment_type": "#microsoft.graph.fileAttachment",
        "item_attachment_type": "#microsoft.graph.itemAttachment",
    }

    @staticmethod
    def casing_function(name: str) -> str:
        from .protocol import MSGraphProtocol

        converted: str = MSGraphProtocol.to_api_case(name)
        return converted

    def convert_case(self, key: str) -> str:
        """A snake_case name in Graph's camelCase (`received_date_time` -> `receivedDateTime`)."""
        return key if self.use_default_casing else self.casing_function(key)

    def get_service_keyword(self, keyword: str) -> str | None:
        return self.keyword_data_store.get(keyword)

    def prefix_scope(self, scope: str) -> str:
        from .scopes import prefix_scope

        return prefix_scope(scope, self.protocol_scope_prefix)

    def get_scopes_for(self, user_provided_scopes: str | Iterable[str] | None) -> list[str]:
        """Scopes with python-o365's aliases expanded (`message_all`) and the Graph prefix.

        None gives every alias's scopes, as python-o365 does.
        """
        from .scopes import SCOPE_ALIASES, expand_scopes

        if user_provided_scopes is None:
            user_provided_scopes = list(SCOPE_ALIASES)
        elif isinstance(user_provided_scopes, str):
            user_provided_scopes = [user_provided_scopes]
        elif not isinstance(user_provided_scopes, (list, tuple)):
            raise ValueError("'user_provided_scopes' must be a list or a tuple of strings")
        return expand_scopes(user_provided_scopes, prefix=self.protocol_scope_prefix)


class ConnectionNames:
    """python-o365's `Connection` members on `Connection`.

    Sign-in goes through the token provider (generated.o365._runtime.auth.TokenManager) when the connection
    has one; python-o365's raw-request methods are the connection's own.
    """

    __slots__ = ()

    def _connection(self) -> Connection:
        return cast("Connection", self)

    def _manager(self) -> TokenManager:
        from .auth import TokenManager

        provider = self._connection().token_provider
        if not isinstance(provider, TokenManager):
            raise AttributeError("this connection signs in through a custom token provider, "
                                 "which has no python-o365 sign-in methods")
        return provider

    # -- sign-in -------------------------------------------------------------------------
    @property
    def auth_flow_type(self) -> str:
        return str(self._manager().auth_flow_type)

    @property
    def tenant_id(self) -> str:
        return self._manager().tenant_id

    @property
    def token_backend(self) -> Any:
        return self._manager().token_backend

    @property
    def username(self) -> str | None:
        return self._manager().username

    @username.setter
    def username(self, value: str | None) -> None:
        self._manager().username = value

    @property
    def oauth_redirect_url(self) -> str:
        return self._manager().redirect_uri

    @property
    def auth(self) -> tuple[str, ...]:
        """The client id (python-o365 keeps (client id, secret); the secret is not exposed)."""
        return (self._manager().credentials.client_id,)

    def get_authorization_url(self, requested_scopes: str | Iterable[str] | None = None,
                              redirect_uri: str | None = None,
                              **kwargs: str) -> tuple[str, AuthorizationFlow]:
        """The sign-in URL and the flow state to hand to `request_token`."""
        return self._manager().get_authorization_url(requested_scopes, redirect_uri, **kwargs)

    def request_token(self, authorization_url: str | None, *,
                      flow: AuthorizationFlow | None = None,
                      requested_scopes: str | Iterable[str] | None = None,
                      store_token: bool = True, **kwargs: str) -> bool:
        return self._manager().request_token(authorization_url, flow=flow,
                                             requested_scopes=requested_scopes,
                                             store_token=store_token, **kwargs)

    def load_token_from_backend(self) -> bool:
        """Reload the token from the token backend; True if one is stored."""
        manager = self._manager()
        return manager.token_backend.load_token() is not None and manager.token is not None

    def update_session_auth_header(self, username: str | None = None) -> None:
        """Sign the next requests as `username` (tokens are attached per request here)."""
        if username is not None:
            self.username = username

    # -- HTTP ----------------------------------------------------------------------------
    @property
    def session(self) -> requests.Session:
        return self._connection().get_session()

    @property
    def naive_session(self) -> requests.Session:
        """python-o365's session without authentication: requests with `authorize=False`."""
        return self._connection().get_session()

    def get_naive_session(self) -> requests.Session:
        return self._connection().get_session()

    def oauth_request(self, url: str, method: str, **kwargs: Any) -> requests.Response:
        """A signed request (python-o365's argument order: url first)."""
        return self._connection().request(method, url, **kwargs)

    def naive_request(self, url: str, method: str, **kwargs: Any) -> requests.Response:
        """A request without the Authorization header (python-o365: to non-Graph URLs)."""
        return self._connection().request(method, url, authorize=False, **kwargs)

    @property
    def proxy(self) -> dict[str, str]:
        return dict(self._connection().get_session().proxies)

    def set_proxy(self, proxy_server: str, proxy_port: int = 8080, proxy_username: str | None = None,
                  proxy_password: str | None = None, proxy_http_only: bool = False) -> None:
        """Send requests through a proxy, as python-o365 builds it."""
        self._connection().get_session().proxies.update(proxies_for(proxy_server, proxy_port, proxy_username,
                                                 proxy_password, proxy_http_only))

    set = set_proxy  # python-o365's documentation calls it `connection.set(...)`

    @property
    def verify_ssl(self) -> bool:
        return bool(self._connection().get_session().verify)

    @property
    def default_headers(self) -> dict[str, str]:
        return {k: str(v) for k, v in self._connection().get_session().headers.items()}

    @property
    def request_retries(self) -> int:
        return self._connection().max_retries

    #: python-o365 waits this many milliseconds between requests; nothing waits here.
    requests_delay = 0
    #: python-o365 may return falsy results instead of raising; errors always raise here.
    raise_http_errors = True
    #: Refreshed tokens are always stored.
    store_token_after_refresh = True
    json_encoder = json.JSONEncoder


def proxies_for(server: str, port: int = 8080, username: str | None = None,
                password: str | None = None, http_only: bool = False) -> dict[str, str]:
    """python-o365's proxy settings as a requests `proxies` mapping."""
    if not server or not port:
        return {}
    credentials = f"{username}:{password}@" if username and password else ""
    where = f"{credentials}{server}:{port}"
    if http_only:
        return {"http": f"http://{where}", "https": f"http://{where}"}
    return {"http": f"http://{where}", "https": f"https://{where}"}


class TokenBackendNames:
    """python-o365's token-cache questions, answered from the one token a backend holds."""

    __slots__ = ()

    #: python-o365's serializer (the token is stored as JSON).
    serializer = json

    def _backend(self) -> BaseTokenBackend:
        return cast("BaseTokenBackend", self)

    def token_expiration_datetime(self, *, username: str | None = None) -> dt.datetime | None:
        """When the access token expires (aware, UTC), or None without a token."""
        token = self._token_for(username)
        if token is None:
            return None
        return dt.datetime.fromtimestamp(token.expires_at, tz=dt.timezone.utc)

    def token_is_long_lived(self, *, username: str | None = None) -> bool:
        """True when a refresh token is stored."""
        token = self._token_for(username)
        return bool(token and token.is_long_lived)

    def get_all_accounts(self) -> list[dict[str, str]]:
        """The signed-in account (python-o365 keeps several; one token is kept here)."""
        token = self._backend().token
        if token is None or token.username is None:
            return []
        return [{"username": token.username}]

    def get_account(self, *, username: str | None = None,
                    home_account_id: str | None = None) -> dict[str, str] | None:
        accounts = self.get_all_accounts()
        if username is None:
            return accounts[0] if accounts else None
        return next((a for a in accounts if a["username"].lower() == username.lower()), None)

    def get_id_token(self, *, username: str | None = None) -> str | None:
        token = self._token_for(username)
        return token.id_token if token else None

    def get_token_scopes(self, *, username: str | None = None,
                         remove_reserved: bool = False) -> list[str] | None:
        token = self._token_for(username)
        if token is None:
            return None
        from .scopes import RESERVED_SCOPES

        return [s for s in token.scopes if not (remove_reserved and s.lower() in RESERVED_SCOPES)]

    def remove_data(self, *, username: str) -> bool:
        """Forget the stored token if it is `username`'s."""
        if self._token_for(username) is None:
            return False
        return self._backend().delete_token()

    def serialize(self) -> str:
        """The stored token as JSON text (secrets included: keep it as safe as the token)."""
        token = self._backend().token
        return token.to_json().decode() if token is not None else ""

    def deserialize(self, token_cache_state: bytes | str) -> dict[str, Any]:
        """Read a serialized token back into this backend (in memory; `save_token` stores it)."""
        from .token_backends.token import Token

        text = token_cache_state.decode() if isinstance(token_cache_state, bytes) else token_cache_state
        data: dict[str, Any] = json.loads(text) if text else {}
        if data:
            self._backend()._remember(Token.from_json(text.encode()))
        return data

    def _token_for(self, username: str | None) -> Token | None:
        token = self._backend().token
        if token is None:
            return None
        if username is not None and (token.username or "").lower() != username.lower():
            return None
        return token


class ApiComponent:
    """python-o365's base for custom components: a protocol and a resource to build URLs from.

    Subclass it for an endpoint no spec covers yet and call the connection yourself:
    `self.con.get(self.build_url("/customendpoint"))` (the connection's raw methods are the
    escape hatch; a spec is the way to make it part of the library).
    """

    _endpoints: dict[str, str] = {}

    def __init__(self, *, protocol: Any = None, main_resource: str | None = None,
                 **kwargs: Any) -> None:
        from .account import BaseAccount
        from .protocol import MSGraphProtocol

        if protocol is None or isinstance(protocol, type):
            protocol = (protocol or MSGraphProtocol)()
        self.protocol: MSGraphProtocol = protocol
        self.main_resource = BaseAccount._normalize(main_resource or protocol.default_resource)

    def build_base_url(self, resource: str) -> str:
        return self.protocol.url(resource.strip("/"))

    def build_url(self, endpoint: str) -> str:
        return self.build_base_url(f"{self.main_resource}/{endpoint.lstrip('/')}")

    def set_base_url(self, resource: str) -> None:
        from .account import BaseAccount

        self.main_resource = BaseAccount._normalize(resource)

    def new_query(self) -> QueryBuilder:
        from .query_builder import QueryBuilder

        return QueryBuilder(self.protocol)

    q = new_query

    def _cc(self, name: str) -> str:
        """python-o365's name casing helper (snake_case -> camelCase)."""
        return self.protocol.convert_case(name)


def o365_keywords(kwargs: dict[str, Any]) -> dict[str, Any]:
    """python-o365's Account/Connection keyword arguments in this library's terms.

    `requested_scopes` is `scopes`; `proxy_server`, `proxy_port`, `proxy_username`,
    `proxy_password`, `proxy_http_only` make `proxies`; `request_retries` is `max_retries`.
    `requests_delay` (a pause between requests) is accepted and has nothing to do: requests
    are not delayed here. `raise_http_errors=False` is refused: errors always raise here.
    """
    out = dict(kwargs)
    if "requested_scopes" in out:
        if out.get("scopes") is not None:
            raise ValueError("pass requested_scopes= or scopes=, not both")
        out["scopes"] = out.pop("requested_scopes")
    proxy = {key: out.pop(f"proxy_{key}") for key in ("server", "port", "username", "password",
                                                         "http_only") if f"proxy_{key}" in out}
    if proxy.get("server"):
        out["proxies"] = {**proxies_for(proxy["server"], proxy.get("port") or 8080,
                                        proxy.get("username"), proxy.get("password"),
                                        bool(proxy.get("http_only"))),
                          **(out.get("proxies") or {})}
    if "request_retries" in out:
        out.setdefault("max_retries", out.pop("request_retries"))
    out.pop("requests_delay", None)
    if out.pop("raise_http_errors", True) is False:
        raise ValueError("raise_http_errors=False is not supported: failed requests raise a "
                         "GraphError subclass (catch generated.o365._runtime.errors.GraphError)")
    return out


class AccountNames:
    """python-o365's `Account` members that the generated accessors do not cover."""

    __slots__ = ()

    def _account(self) -> Any:
        return self

    def get_authenticated_usernames(self) -> list[str]:
        """The users with a usable token in the token backend (one here: see the docs)."""
        manager = self._account().token_manager
        token = manager.token
        if token is None or not manager.is_authenticated or not token.username:
            return []
        return [token.username]

    def get_current_user_data(self) -> Any:
        """The signed-in user (GET /me); None in app-only flows, as python-o365 returns."""
        account = self._account()
        if account.auth_flow_type in ("credentials", "password"):
            return None
        return account.directory(resource="me").get_current_user()

    def address_book(self, *, resource: str | None = None, address_book: str = "personal") -> Any:
        """`address_book='gal'` (or 'directory'): the organization's users, like directory().

        The personal address book (contacts) comes with the contacts area.
        """
        if address_book in ("gal", "directory"):
            return self._account().directory(resource=resource)
        if address_book == "personal":
            raise NotImplementedError(
                "personal contacts are not available in this release yet; "
                "account.address_book(address_book='gal') and account.directory() are")
        raise ValueError(f"address_book must be 'personal', 'gal' or 'directory', not {address_book!r}")


# -- python-o365's module functions -----------------------------------------------------------

def oauth_authentication_flow(client_id: str, client_secret: str,
                              scopes: str | Iterable[str] | None = None,
                              protocol: MSGraphProtocol | None = None, **kwargs: Any) -> bool:
    """python-o365's console sign-in: print the consent URL, read the redirect URL, get a token.

    Keyword arguments go to the Account (`tenant_id`, `token_backend`, `handle_consent`...).
    """
    from .account import BaseAccount

    handle_consent = kwargs.pop("handle_consent", None)
    account = BaseAccount((client_id, client_secret), protocol=protocol, **kwargs)
    if handle_consent is None:
        return account.authenticate(requested_scopes=scopes)
    return account.authenticate(requested_scopes=scopes, handle_consent=handle_consent)


def is_msal_cache(data: Any) -> bool:
    """True for python-o365 2.x's stored token: an msal token cache (AccessToken, RefreshToken...)."""
    return isinstance(data, dict) and ("RefreshToken" in data or "AccessToken" in data)


def token_from_msal_cache(data: dict[str, Any]) -> Token:
    """The token of the one user in a python-o365 2.x token file (an msal token cache).

    A token file python-o365 wrote keeps working: its refresh token signs the next call in
    (the same app registration), and the token is saved back in this library's format.
    A cache holding several users' tokens is refused: an Account here keeps one.
    """
    from .token_backends.token import Token

    def entries(kind: str) -> list[dict[str, Any]]:
        section = data.get(kind)
        return [e for e in section.values() if isinstance(e, dict)] if isinstance(section, dict) else []

    refresh, access, ids = entries("RefreshToken"), entries("AccessToken"), entries("IdToken")
    users = {e.get("home_account_id") for e in refresh + access}
    if len(users) > 1:
        raise ValueError(
            f"this python-o365 token cache holds the tokens of {len(users)} users; an Account "
            "here keeps one user's token: give each user a token backend of their own")
    if not refresh and not access:
        raise ValueError("this python-o365 token cache holds no token")
    latest = max(access, key=lambda e: float(e.get("expires_on") or 0), default={})
    usernames = [str(e["username"]) for e in entries("Account") if e.get("username")]
    target = str(latest.get("target") or (refresh[0].get("target") if refresh else "") or "")
    return Token(
        access_token=str(latest.get("secret") or ""),
        expires_at=float(latest.get("expires_on") or 0),  # no access token: refresh first
        token_type=str(latest.get("token_type") or "Bearer"),
        refresh_token=str(refresh[0]["secret"]) if refresh and refresh[0].get("secret") else None,
        scopes=tuple(target.split()),
        id_token=str(ids[0]["secret"]) if ids and ids[0].get("secret") else None,
        username=usernames[0] if usernames else None,
    )


#: python-o365's constants (O365.utils): the next-page member of a Graph page, and the
#: resource prefixes of the signed-in user and of another user.
NEXT_LINK_KEYWORD = "@odata.nextLink"
ME_RESOURCE = "me"
USERS_RESOURCE = "users"


def get_iana_tz(windows_tz: str) -> ZoneInfo:
    """The IANA zone for a Windows time zone name ("Pacific Standard Time")."""
    from .timezones import get_zone, windows_to_iana

    return get_zone(windows_to_iana(windows_tz))


def get_windows_tz(iana_tz: ZoneInfo | str) -> str:
    """The Windows name of an IANA zone (a ZoneInfo or its name)."""
    from .timezones import iana_to_windows

    return iana_to_windows(iana_tz if isinstance(iana_tz, str) else iana_tz.key)


def to_snake_case(value: str) -> str:
    """`receivedDateTime` -> `received_date_time`."""
    from .protocol import MSGraphProtocol

    snake: str = MSGraphProtocol.to_python_case(value)
    return snake


def to_camel_case(value: str) -> str:
    """`received_date_time` -> `receivedDateTime`."""
    return to_upper_lower_case(value, upper=False)


def to_pascal_case(value: str) -> str:
    """`received_date_time` -> `ReceivedDateTime`."""
    return to_upper_lower_case(value, upper=True)


def to_upper_lower_case(value: str, upper: bool = True) -> str:
    """snake_case to PascalCase (`upper`) or camelCase."""
    from .protocol import MSGraphProtocol

    camel: str = MSGraphProtocol.to_api_case(value)
    return (camel[:1].upper() if upper else camel[:1].lower()) + camel[1:]
