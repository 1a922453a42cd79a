"""Per-call options and the raw response of a typed call, for any generated object.

``obj.with_options(headers=..., query=..., timeout=...)`` returns a view of ``obj`` (a
resource, a service or the account) whose calls send those options; ``view.last_response``
then holds what Graph answered to the latest of them (status, headers, request-id, ETag)::

    inbox = account.mailbox().with_options(headers={"Prefer": 'IdType="ImmutableId"'})
    first = next(iter(inbox.get_messages(limit=1)))       # its id is immutable
    inbox.last_response.request_id                        # for Microsoft support

It is one generic mechanism, not a keyword on each method: the view swaps the object's
connection for an :class:`OptionsConnection`, so every call through the view (and through
the objects it hands back, which share it) carries the options. Rules:

* Options go only to Graph requests, never to pre-authenticated URLs (upload sessions,
  download redirects, monitors): those are credentials and take nothing extra.
* ``headers`` are added to each request; a ``Prefer`` value joins the call's own (a
  preference of the same name replaces it). ``Authorization`` cannot be set this way.
* ``query`` parameters are added to a request whose URL carries no query yet (a nextLink or
  deltaLink already holds the whole query); a parameter the call sets itself wins.
* ``timeout`` is seconds (or a ``(connect, read)`` pair) for each request of the view.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, ClassVar
from urllib.parse import urlsplit

from .connection import Connection, Timeout, _check_timeout, merge_prefer

if TYPE_CHECKING:
    import requests
    from typing_extensions import Self

__all__ = ["OptionsConnection", "OptionsView", "RawResponse", "RequestOptions"]


class RequestOptions:
    """Extra headers, query parameters and a timeout for the calls of a view (see
    :meth:`with_options` on any resource, service or account). Checked when made."""

    __slots__ = ("headers", "query", "timeout")

    def __init__(self, *, headers: Mapping[str, str] | None = None,
                 query: Mapping[str, str] | None = None, timeout: Timeout | None = None) -> None:
        self.headers: dict[str, str] = _strings(headers, "header")
        self.query: dict[str, str] = _strings(query, "query parameter")
        self.timeout = timeout
        if any(name.lower() == "authorization" for name in self.headers):
            raise ValueError("set tokens through a token provider, not an Authorization header")
        if self.timeout is not None:
            _check_timeout(self.timeout)

    def __repr__(self) -> str:  # header values may be sensitive: names only
        return (f"RequestOptions(headers={sorted(self.headers)}, query={sorted(self.query)}, "
                f"timeout={self.timeout!r})")

    def merged(self, other: RequestOptions) -> RequestOptions:
        """These options with ``other``'s on top (a view of a view)."""
        return RequestOptions(headers=merged_headers(self.headers, other.headers),
                              query={**self.query, **other.query},
                              timeout=other.timeout if other.timeout is not None else self.timeout)


def _strings(values: Mapping[str, str] | None, kind: str) -> dict[str, str]:
    if values is None:
        return {}
    if not isinstance(values, Mapping):
        raise TypeError(f"{kind}s must be a mapping of names to strings")
    for name, value in values.items():
        if not isinstance(name, str) or not name.strip() or not isinstance(value, str):
            raise TypeError(f"{kind} {name!r}: names and values must be strings")
    return dict(values)


class RawResponse:
    """What Graph answered to a call, beside its typed result: ``status``, ``headers``
    (lower-case names), ``url`` (as errors show it: secrets redacted), ``request_id``,
    ``etag``."""

    __slots__ = ("headers", "status", "url")

    def __init__(self, *, status: int, headers: Mapping[str, str], url: str) -> None:
        self.status = status
        self.headers = dict(headers)
        self.url = url

    def __repr__(self) -> str:
        return f"RawResponse(status={self.status}, request_id={self.request_id!r})"

    @property
    def request_id(self) -> str | None:
        """Graph's ``request-id``: what Microsoft support asks for."""
        return self.headers.get("request-id")

    @property
    def client_request_id(self) -> str | None:
        return self.headers.get("client-request-id")

    @property
    def etag(self) -> str | None:
        """The ``ETag`` header, when Graph sent one."""
        return self.headers.get("etag")

    @classmethod
    def of(cls, response: requests.Response) -> RawResponse:
        from .body import shown_url

        return cls(status=response.status_code, url=shown_url(response),
                   headers={k.lower(): v for k, v in response.headers.items()})


class OptionsConnection(Connection):
    """A view of a connection that adds :class:`RequestOptions` to each Graph request and
    keeps the latest response's :class:`RawResponse`. Shares the HTTP pool and the token
    provider of the connection it wraps; ``close()`` closes neither."""

    options: RequestOptions
    last_response: RawResponse | None
    _inner: Connection

    def __init__(self, inner: Connection, options: RequestOptions) -> None:
        if isinstance(inner, OptionsConnection):
            options, inner = inner.options.merged(options), inner._inner
        _ = inner.token_provider  # built now, so the view shares it
        self.__dict__.update(inner.__dict__)
        self._owns_session = False
        self._inner = inner
        self.options = options
        self.last_response: RawResponse | None = None

    def __repr__(self) -> str:
        return f"OptionsConnection({self._inner!r}, {self.options!r})"

    def request(self, method: str, url: str, **kwargs: Any) -> requests.Response:
        if kwargs.get("authorize", True):
            kwargs = self._with_options(url, kwargs)
        response = self._inner.request(method, url, **kwargs)
        self.last_response = RawResponse.of(response)
        return response

    def _with_options(self, url: str, kwargs: dict[str, Any]) -> dict[str, Any]:
        options = self.options
        if options.headers:
            kwargs["headers"] = merged_headers(options.headers, kwargs.get("headers") or {})
        if options.query and not urlsplit(url).query:
            kwargs["params"] = {**options.query, **dict(kwargs.get("params") or {})}
        if options.timeout is not None and kwargs.get("timeout") is None:
            kwargs["timeout"] = options.timeout
        return kwargs


def merged_headers(base: Mapping[str, str], extra: Mapping[str, str]) -> dict[str, str]:
    """``base`` with ``extra`` on top; their ``Prefer`` values joined (``merge_prefer``)."""
    prefer = merge_prefer([v for k, v in base.items() if k.lower() == "prefer"],
                          next((v for k, v in extra.items() if k.lower() == "prefer"), None))
    headers = {k: v for k, v in {**base, **extra}.items() if k.lower() != "prefer"}
    if prefer:
        headers["Prefer"] = prefer
    return headers


def options_of(options: RequestOptions | None, headers: Mapping[str, str] | None,
               query: Mapping[str, str] | None, timeout: Timeout | None) -> RequestOptions:
    """One RequestOptions from ``with_options``' arguments (an object, keywords, or both)."""
    given = RequestOptions(headers=headers or {}, query=query or {}, timeout=timeout)
    return options.merged(given) if options is not None else given


class OptionsView:
    """``with_options`` and ``last_response`` for objects that hold a connection (resources,
    services: ``_con``; the account: ``con``)."""

    __slots__ = ()

    _CONNECTION_ATTRIBUTE: ClassVar[str] = "_con"

    def with_options(self, options: RequestOptions | None = None, *,
                     headers: Mapping[str, str] | None = None,
                     query: Mapping[str, str] | None = None,
                     timeout: Timeout | None = None) -> Self:
        """A view of this object whose calls send these headers, query parameters and
        timeout, and keep Graph's answer in ``last_response`` (see ``generated.o365._runtime.options``)."""
        import copy

        name = self._CONNECTION_ATTRIBUTE
        view = copy.copy(self)
        setattr(view, name, OptionsConnection(getattr(self, name),
                                              options_of(options, headers, query, timeout)))
        return view

    @property
    def last_response(self) -> RawResponse | None:
        """Graph's answer (status, headers, request-id, ETag) to the latest call through this
        view; None on an object that is not a ``with_options`` view, or before any call."""
        con = getattr(self, self._CONNECTION_ATTRIBUTE, None)
        return con.last_response if isinstance(con, OptionsConnection) else None
