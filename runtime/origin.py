"""Where a request, and a credential, may go: the one rule of the runtime.

* A Graph access token goes only to the configured Graph origin: the scheme, host and port
  of ``protocol_url``. A token request (client secret, authorization code, refresh token,
  client assertion) goes only to the authority's origin.
* An absolute URL that would carry the credential to any other origin is refused with
  :class:`~generated.o365._runtime.errors.UnsafeURLError` before anything is sent, whoever supplied it: an
  ``@odata.nextLink``, an ``@odata.deltaLink``, a 410 ``Location``, a saved delta link, or a
  caller's ``con.get("https://...")``.
* URLs Graph documents as pre-authenticated (upload session URLs, the 302 target of a
  content download, long-running operation monitors) may be on another origin: they are
  sent without any credential (``authorize=False``, or a redirect).
* Plain ``http://`` only to loopback hosts (the local emulator), with or without a
  credential; no user info (``https://user@host``) in any URL.

Origins are compared on the URL exactly as ``requests`` will send it (parsed by urllib3), so
tricks such as ``https://graph.microsoft.com@evil.example/`` are judged by the host that
would really be contacted.
"""

from __future__ import annotations

import ipaddress

from urllib3.util import parse_url

from .errors import UnsafeURLError

__all__ = ["Origin", "is_loopback"]

_DEFAULT_PORTS = {"https": 443, "http": 80}


def is_loopback(host: str) -> bool:
    """True for localhost and loopback addresses: the only hosts plain http:// may reach."""
    host = host.strip("[]").lower()
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class Origin:
    """A URL's scheme, host and port (RFC 6454), with the default port made explicit.

    Immutable, compared and hashed by value (a plain class: every Account builds one, and
    ``dataclasses`` would cost more to import than the whole Account).
    """

    __slots__ = ("host", "port", "scheme")

    scheme: str
    host: str
    port: int

    def __init__(self, scheme: str, host: str, port: int) -> None:
        object.__setattr__(self, "scheme", scheme)
        object.__setattr__(self, "host", host)
        object.__setattr__(self, "port", port)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"Origin is immutable; cannot set {name!r}")

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Origin):
            return NotImplemented
        return (self.scheme, self.host, self.port) == (other.scheme, other.host, other.port)

    def __hash__(self) -> int:
        return hash((self.scheme, self.host, self.port))

    def __repr__(self) -> str:
        return f"Origin(scheme={self.scheme!r}, host={self.host!r}, port={self.port!r})"

    @classmethod
    def of(cls, url: str) -> Origin:
        """The origin of an absolute ``http(s)`` URL; :class:`UnsafeURLError` if it has none,
        carries user info, or is plain ``http://`` to a host that is not loopback."""
        try:
            parts = parse_url(url)
        except ValueError:
            raise UnsafeURLError(f"{_shown(url)} is not a valid URL") from None
        scheme = (parts.scheme or "").lower()
        if scheme not in _DEFAULT_PORTS or not parts.host:
            raise UnsafeURLError(f"{_shown(url)} is not an absolute https:// URL")
        if parts.auth is not None:
            raise UnsafeURLError(f"{_shown(url)} carries user info (user@host); refused")
        host = parts.host.lower()
        if scheme == "http" and not is_loopback(host):
            raise UnsafeURLError(
                f"{scheme}://{host}: plain http:// is only allowed to loopback hosts "
                "(127.0.0.0/8, ::1, localhost); use https://"
            )
        return cls(scheme, host, parts.port or _DEFAULT_PORTS[scheme])

    def __str__(self) -> str:
        return f"{self.scheme}://{self.host}:{self.port}"

    def holds(self, url: str) -> bool:
        """True if ``url`` (absolute) is on this origin; raises for URLs never allowed."""
        return Origin.of(url) == self

    def require(self, url: str, *, credential: str) -> None:
        """Refuse ``url`` unless it is on this origin, naming the credential kept back."""
        found = Origin.of(url)
        if found != self:
            raise UnsafeURLError(
                f"refusing to send the {credential} to {found}: only {self} may receive it. "
                "An absolute URL from a response (@odata.nextLink, @odata.deltaLink, Location) "
                "or from the caller named another origin"
            )


def _shown(url: str) -> str:
    """Enough of a refused URL to recognise it, without its path or query."""
    head = url.split("?", 1)[0].split("#", 1)[0]
    scheme, sep, rest = head.partition("://")
    if not sep:
        return repr(head[:40])
    return repr(f"{scheme}://{rest.split('/', 1)[0].rsplit('@', 1)[-1]}")
