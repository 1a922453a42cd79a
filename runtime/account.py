"""``BaseAccount``: credentials, sign-in, token storage and the resource a call targets.

The generated ``generated.o365.Account`` subclasses this and adds the service accessors
(``mailbox()``, ``schedule()``...), which call :meth:`BaseAccount.resolve_resource`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any

from .auth import DEFAULT_REDIRECT_URI, TokenManager, consent_input_token
from .compat import AccountNames, o365_keywords
from .errors import NoUserContextError
from .options import OptionsView
from .paths import resource_path

if TYPE_CHECKING:
    from .auth_flows import AuthorizationFlow
    from .connection import Connection
    from .protocol import MSGraphProtocol
    from .token_backends.base import BaseTokenBackend

__all__ = ["BaseAccount", "CallableBool"]

APP_ONLY_FLOWS = frozenset({"credentials"})
NO_DEFAULT_USER_FLOWS = frozenset({"credentials", "password"})
# `{resource}` in spec paths is Graph's owner segment: me, users/{id}, groups/{id}, sites/{id};
# python-o365 also spells those as user:x, group:x, site:x (a generic rule, not a resource).
RESOURCE_PREFIXES = {"user:": "users/", "group:": "groups/", "site:": "sites/"}
KEPT_PREFIXES = ("users/", "groups/", "sites/")
# Keyword arguments BaseAccount hands to the TokenManager rather than the Connection.
AUTH_KWARGS = frozenset({"password", "refresh_margin"})
SHARED_KWARGS = frozenset({"timeout", "proxies", "verify_ssl", "deadline"})  # both get these


class CallableBool:
    """A bool that can also be called: ``account.is_authenticated`` and ``...()`` both work."""

    __slots__ = ("_value",)

    def __init__(self, value: bool) -> None:
        self._value = bool(value)

    def __bool__(self) -> bool:
        return self._value

    def __call__(self) -> bool:
        return self._value

    def __eq__(self, other: object) -> bool:
        return self._value == other

    def __hash__(self) -> int:
        return hash(self._value)

    def __repr__(self) -> str:
        return repr(self._value)


class BaseAccount(AccountNames, OptionsView):
    """One app (and, for user flows, one user) talking to Microsoft Graph.

    ``credentials``: ``(client_id, client_secret)`` for the ``authorization`` and
    ``credentials`` flows, or ``(client_id, {"private_key": PEM, "thumbprint": hex})`` to
    sign in with a certificate; ``(client_id,)`` or ``client_id`` for ``public`` and
    ``password``.
    Other keyword arguments go to the protocol (when ``protocol`` is None or a class:
    ``api_version``, ``cloud``, ``protocol_url``, ``timezone``...), the token manager
    (``password``, ``refresh_margin``) and the connection (``timeout``, ``proxies``,
    ``verify_ssl``, ``max_retries``...).
    """

    _CONNECTION_ATTRIBUTE = "con"  # with_options() swaps this one (generated.o365._runtime.options)

    def __init__(
        self,
        credentials: tuple[str, str | Mapping[str, object]] | tuple[str] | str,
        *,
        username: str | None = None,
        protocol: MSGraphProtocol | type[MSGraphProtocol] | None = None,
        main_resource: str | None = None,
        auth_flow_type: str = "authorization",
        tenant_id: str = "common",
        token_backend: BaseTokenBackend | None = None,
        scopes: str | Iterable[str] | None = None,
        authority_host: str | None = None,
        redirect_uri: str = DEFAULT_REDIRECT_URI,
        **kwargs: Any,
    ) -> None:
        from .connection import Connection
        from .protocol import MSGraphProtocol

        kwargs = o365_keywords(kwargs)  # python-o365's names (requested_scopes, proxy_*...)
        if "scopes" in kwargs:
            if scopes is not None:
                raise ValueError("pass requested_scopes= or scopes=, not both")
            scopes = kwargs.pop("scopes")
        protocol_kwargs, auth_kwargs, connection_kwargs = _split_kwargs(
            kwargs, with_protocol=protocol is None or isinstance(protocol, type)
        )
        if protocol is None:
            protocol = MSGraphProtocol(**protocol_kwargs)
        elif isinstance(protocol, type):
            if not issubclass(protocol, MSGraphProtocol):
                raise TypeError("protocol must be an MSGraphProtocol (class or instance)")
            protocol = protocol(**protocol_kwargs)
        elif not isinstance(protocol, MSGraphProtocol):
            raise TypeError("protocol must be an MSGraphProtocol (class or instance)")
        if username is not None and (not isinstance(username, str) or not username.strip()):
            raise ValueError("username must be a non-empty string such as 'adele@contoso.com'")
        self.protocol: MSGraphProtocol = protocol
        self._token_manager = TokenManager(
            credentials,
            protocol=protocol,
            auth_flow_type=auth_flow_type,
            tenant_id=tenant_id,
            token_backend=token_backend,
            scopes=scopes,
            authority_host=authority_host,
            redirect_uri=redirect_uri,
            username=username,
            **auth_kwargs,
        )
        self.auth_flow_type = auth_flow_type
        self._main_resource = self._initial_main_resource(main_resource, username)
        self.con: Connection = Connection(
            protocol=protocol, token_provider=self._token_manager, **connection_kwargs
        )

    def _initial_main_resource(self, main_resource: str | None, username: str | None) -> str | None:
        if main_resource is not None:
            return self._normalize(main_resource)
        if self.auth_flow_type in NO_DEFAULT_USER_FLOWS:
            # App-only (and ROPC) code has no implicit "me" python-o365 users can rely on.
            return resource_path(f"users/{username.strip()}") if username else None
        return self._normalize(self.protocol.default_resource)

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(client_id={self._token_manager.credentials.client_id!r}, "
            f"auth_flow_type={self.auth_flow_type!r}, "
            f"tenant_id={self._token_manager.tenant_id!r}, main_resource={self._main_resource!r})"
        )

    # ------------------------------------------------------------ properties
    @property
    def connection(self) -> Connection:
        return self.con

    @property
    def token_manager(self) -> TokenManager:
        return self._token_manager

    @property
    def token_backend(self) -> BaseTokenBackend:
        return self._token_manager.token_backend

    @property
    def main_resource(self) -> str | None:
        return self._main_resource

    @property
    def username(self) -> str | None:
        return self._token_manager.username

    @username.setter
    def username(self, value: str | None) -> None:
        self._token_manager.username = value

    @property
    def is_authenticated(self) -> CallableBool:
        """True if a refresh token, or an unexpired access token, is stored."""
        return CallableBool(self._token_manager.is_authenticated)

    # ---------------------------------------------------------- sign-in
    def authenticate(
        self,
        *,
        requested_scopes: str | Iterable[str] | None = None,
        scopes: str | Iterable[str] | None = None,
        redirect_uri: str | None = None,
        handle_consent: Callable[[str], str] = consent_input_token,
        device_code: bool = False,
        printer: Callable[[str], None] = print,
        username: str | None = None,
        password: str | None = None,
        **kwargs: str,
    ) -> bool:
        """Run this account's flow; True on success, False if the user aborted the consent.

        ``authorization``/``public``: show the sign-in URL via ``handle_consent`` (default:
        print it and read the pasted redirect URL); ``public`` with ``device_code=True``: the
        device code flow (user code shown through ``printer``); ``credentials``: app-only
        token; ``password``: ROPC with ``username``/``password``. Identity-platform errors
        raise :class:`~generated.o365._runtime.errors.AuthenticationError` subclasses.
        """
        if requested_scopes is not None and scopes is not None:
            raise ValueError("pass requested_scopes= or scopes=, not both")
        wanted = requested_scopes if requested_scopes is not None else scopes
        manager = self._token_manager
        if device_code and self.auth_flow_type != "public":
            raise ValueError("device_code=True needs auth_flow_type='public'")
        if self.auth_flow_type == "credentials":
            return manager.request_token(None, requested_scopes=wanted)
        if self.auth_flow_type == "password":
            done = manager.request_token(
                None, requested_scopes=wanted, username=username, password=password
            )
            if self._main_resource is None and manager.username:
                self._main_resource = resource_path(f"users/{manager.username}")
            return done
        if device_code:
            return manager.device_code_flow(wanted, printer=printer)
        url, flow = manager.get_authorization_url(wanted, redirect_uri, **kwargs)
        response_url = handle_consent(url)
        if not response_url:
            printer("Authentication flow aborted.")
            return False
        manager.request_token(response_url, flow=flow)
        printer("Authentication flow completed. The token is stored.")
        return True

    def get_authorization_url(
        self,
        requested_scopes: str | Iterable[str] | None = None,
        redirect_uri: str | None = None,
        **kwargs: str,
    ) -> tuple[str, AuthorizationFlow]:
        """The sign-in URL and the flow state to hand to :meth:`request_token`."""
        return self._token_manager.get_authorization_url(requested_scopes, redirect_uri, **kwargs)

    def request_token(
        self,
        authorization_response_url: str | None = None,
        *,
        flow: AuthorizationFlow | None = None,
        requested_scopes: str | Iterable[str] | None = None,
        store_token: bool = True,
        **kwargs: str,
    ) -> bool:
        """Redeem the redirect URL (state and PKCE checked) or run the app-only/ROPC grant."""
        return self._token_manager.request_token(
            authorization_response_url,
            flow=flow,
            requested_scopes=requested_scopes,
            store_token=store_token,
            **kwargs,
        )

    def clear_token_cache(self) -> None:
        """Delete the stored token (the next call needs a new sign-in)."""
        self._token_manager.clear_token_cache()

    # ----------------------------------------------------------- resources
    def resolve_resource(self, resource: str | None = None, *, optional: bool = False) -> str:
        """The Graph path segment a call targets.

        None -> the main resource; ``me``; ``user:x``/``group:x``/``site:x`` ->
        ``users/x``/``groups/x``/``sites/x``; an e-mail/UPN -> ``users/<upn>``; ``users/..``,
        ``groups/..``, ``sites/..`` and other paths kept. App-only flows have no ``me``.
        ``optional``: a service that mostly needs no user (SharePoint sites) gets ``""``
        instead of an error; its user paths then raise when called.
        """
        if resource is None:
            if self._main_resource is None:
                if optional:
                    return ""
                raise NoUserContextError(self._no_user_message("this call"))
            if optional and self.auth_flow_type in APP_ONLY_FLOWS and (
                    self._main_resource == "me" or self._main_resource.startswith("me/")):
                return ""
            return self._check_user_context(self._main_resource)
        if not isinstance(resource, str):
            raise TypeError(f"resource must be a string, not {type(resource).__name__}")
        return self._check_user_context(self._normalize(resource))

    @staticmethod
    def _normalize(resource: str) -> str:
        value = resource.strip().strip("/")
        for short, prefix in RESOURCE_PREFIXES.items():
            if value.lower().startswith(short):
                target = value[len(short) :].strip()
                if not target:
                    raise ValueError(f"resource {resource!r} names no {prefix[:-2]}")
                return resource_path(prefix + target)
        if value.lower() == "me":
            return "me"
        if "@" in value and "/" not in value:
            value = f"users/{value}"
        return resource_path(value)  # no '.'/'..' segments; '?', '#', spaces encoded

    def _check_user_context(self, resource: str) -> str:
        if self.auth_flow_type in APP_ONLY_FLOWS and (
            resource == "me" or resource.startswith("me/")
        ):
            raise NoUserContextError(self._no_user_message(f"resource {resource!r}"))
        return resource

    def _no_user_message(self, what: str) -> str:
        return (
            f"{what} needs a user, but the {self.auth_flow_type!r} flow has no signed-in user "
            "('me'); pass resource=\"user@contoso.com\" (or main_resource=/username= to "
            "the Account)"
        )


def _split_kwargs(
    kwargs: dict[str, Any], *, with_protocol: bool
) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    """Route Account keyword arguments to the protocol, token manager and connection."""
    from .connection import Connection
    from .protocol import MSGraphProtocol

    protocol_names = _parameter_names(MSGraphProtocol.__init__) if with_protocol else set()
    connection_names = _parameter_names(Connection.__init__) - {
        "credentials",
        "protocol",
        "token_provider",
    }
    protocol_kwargs: dict[str, Any] = {}
    auth_kwargs: dict[str, Any] = {}
    connection_kwargs: dict[str, Any] = {}
    for name, value in kwargs.items():
        if name in protocol_names:
            protocol_kwargs[name] = value
        elif name in AUTH_KWARGS:
            auth_kwargs[name] = value
        elif name in connection_names:
            connection_kwargs[name] = value
            if name in SHARED_KWARGS:
                auth_kwargs[name] = value
        else:
            raise TypeError(f"Account() got an unexpected keyword argument {name!r}")
    return protocol_kwargs, auth_kwargs, connection_kwargs


def _parameter_names(function: Callable[..., Any]) -> set[str]:
    """The names ``function`` accepts as keywords (read from its code object: importing
    ``inspect`` for this would cost more than building the whole Account)."""
    code = function.__code__
    return set(code.co_varnames[: code.co_argcount + code.co_kwonlyargcount]) - {"self"}
