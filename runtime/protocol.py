"""Where and how to talk to Microsoft Graph: host, API version, cloud, casing, Prefer headers."""

from __future__ import annotations

import os
import re
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, NamedTuple
from urllib.parse import urlsplit

from .compat import ProtocolNames
from .errors import UnsafeURLError
from .origin import Origin, is_loopback

if TYPE_CHECKING:  # zoneinfo is imported when a time zone is first needed
    from zoneinfo import ZoneInfo

__all__ = ["NATIONAL_CLOUDS", "Cloud", "MSGraphProtocol", "is_loopback", "local_timezone"]

GLOBAL_GRAPH_URL = "https://graph.microsoft.com/"


class Cloud(NamedTuple):
    """A Graph deployment: the Graph host and the identity platform (login) host."""

    name: str
    graph_url: str
    authority_host: str


NATIONAL_CLOUDS = MappingProxyType(
    {
        "global": Cloud("global", GLOBAL_GRAPH_URL, "https://login.microsoftonline.com"),
        "us_gov_l4": Cloud("us_gov_l4", "https://graph.microsoft.us/",
                           "https://login.microsoftonline.us"),
        "us_gov_l5": Cloud("us_gov_l5", "https://dod-graph.microsoft.us/",
                           "https://login.microsoftonline.us"),
        "china": Cloud("china", "https://microsoftgraph.chinacloudapi.cn/",
                       "https://login.chinacloudapi.cn"),
    }
)

_API_VERSION = re.compile(r"^[A-Za-z0-9.]+$")
_ABSOLUTE = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")
_CAMEL_BOUNDARY = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")


class MSGraphProtocol(ProtocolNames):
    """Settings that shape every Graph URL and request.

    ``protocol_url`` picks the host (a national cloud, or a local emulator over plain
    ``http://`` on a loopback address); ``cloud`` picks host and login authority together.
    When both are given, ``protocol_url`` decides where requests go and ``cloud`` still
    decides the authority and the scope prefix.
    """

    def __init__(
        self,
        api_version: str = "v1.0",
        default_resource: str | None = None,
        *,
        protocol_url: str = GLOBAL_GRAPH_URL,
        timezone: str | ZoneInfo | None = None,
        cloud: str | None = None,
        immutable_ids: bool = False,
    ) -> None:
        if not isinstance(api_version, str) or not _API_VERSION.match(api_version):
            raise ValueError(f"api_version must look like 'v1.0' or 'beta', got {api_version!r}")
        if default_resource is not None and (
            not isinstance(default_resource, str) or not default_resource.strip()
        ):
            raise ValueError("default_resource must be a non-empty string or None")
        if cloud is None:
            cloud_settings = NATIONAL_CLOUDS["global"]
        elif cloud in NATIONAL_CLOUDS:
            cloud_settings = NATIONAL_CLOUDS[cloud]
            if protocol_url == GLOBAL_GRAPH_URL:
                protocol_url = cloud_settings.graph_url
        else:
            valid = ", ".join(sorted(NATIONAL_CLOUDS))
            raise ValueError(f"unknown cloud {cloud!r}; valid clouds are: {valid}")

        self.api_version = api_version
        self.protocol_url = _checked_protocol_url(protocol_url)
        self.cloud = cloud_settings.name
        self.authority_host = cloud_settings.authority_host
        # Scopes name the resource the token is for, which the cloud decides even when
        # requests are sent elsewhere (e.g. to the local emulator).
        self.protocol_scope_prefix = cloud_settings.graph_url
        self.graph_url = f"{self.protocol_url}{api_version}/"
        #: the only origin Graph access tokens are sent to (see generated.o365._runtime.origin)
        self.graph_origin = Origin.of(self.protocol_url)
        self.service_url = self.graph_url  # python-o365 name for the same thing
        self.default_resource = default_resource.strip() if default_resource else "me"
        # None (the machine's zone) is looked up on first use: it needs zoneinfo and a file
        # read, which building an Account should not pay. A name given is checked now.
        self._timezone = None if timezone is None else _zone(timezone)
        self.immutable_ids = bool(immutable_ids)

    @property
    def timezone(self) -> ZoneInfo:
        """The zone naive datetimes are in and Outlook answers in (``Prefer`` header)."""
        if self._timezone is None:
            self._timezone = local_timezone()
        return self._timezone

    @timezone.setter
    def timezone(self, value: str | ZoneInfo | None) -> None:
        self._timezone = None if value is None else _zone(value)

    def __repr__(self) -> str:
        return (
            f"MSGraphProtocol(graph_url={self.graph_url!r}, cloud={self.cloud!r}, "
            f"default_resource={self.default_resource!r}, timezone={self.timezone.key!r})"
        )

    @staticmethod
    @lru_cache(maxsize=4096)
    def to_api_case(name: str) -> str:
        """snake_case -> camelCase (``received_date_time`` -> ``receivedDateTime``).

        Names without underscores, such as ones already in camelCase, are returned unchanged.
        """
        head, *rest = name.split("_")
        if not rest:
            return name
        return head + "".join(part[:1].upper() + part[1:] for part in rest)

    @staticmethod
    @lru_cache(maxsize=4096)
    def to_python_case(name: str) -> str:
        """camelCase -> snake_case (``receivedDateTime`` -> ``received_date_time``)."""
        return _CAMEL_BOUNDARY.sub("_", name).lower()

    def url(self, path_or_url: str) -> str:
        """Absolute URL for a Graph path; absolute ``http(s)://`` URLs are returned unchanged.

        Whether an absolute URL may receive the token is decided when it is sent
        (``generated.o365._runtime.origin``); other schemes (``file:``, ``ftp:``...) are refused here.
        """
        if _ABSOLUTE.match(path_or_url):
            if not path_or_url[:8].lower().startswith(("https://", "http://")):
                raise UnsafeURLError(
                    f"only http(s) URLs can be requested, not {path_or_url.split(':', 1)[0]!r}"
                )
            return path_or_url
        return self.graph_url + path_or_url.lstrip("/")

    def prefer_headers(self) -> list[str]:
        """``Prefer`` values every request carries (time zone, immutable ids)."""
        values = [f'outlook.timezone="{self.windows_timezone()}"']
        if self.immutable_ids:
            values.append('IdType="ImmutableId"')
        return values

    def windows_timezone(self) -> str:
        """The Windows name Outlook expects for :attr:`timezone` (IANA name if unmapped)."""
        name = self.timezone.key
        try:
            from .timezones import iana_to_windows
        except ImportError:  # time zone tables not available: Graph also accepts IANA names
            return name
        try:
            return iana_to_windows(name)
        except (KeyError, ValueError):
            return name


def _checked_protocol_url(url: str) -> str:
    if not isinstance(url, str):
        raise TypeError(f"protocol_url must be a str, not {type(url).__name__}")
    parts = urlsplit(url)
    if parts.scheme not in ("https", "http") or not parts.hostname:
        raise ValueError(f"protocol_url must be an absolute https:// URL, got {url!r}")
    if parts.query or parts.fragment or parts.username or parts.password:
        raise ValueError("protocol_url must not carry credentials, a query or a fragment")
    if parts.scheme == "http" and not is_loopback(parts.hostname):
        raise ValueError(
            f"protocol_url {url!r} uses plain http://, which is only allowed for loopback "
            "hosts (127.0.0.0/8, ::1, localhost); use https://"
        )
    return url if url.endswith("/") else url + "/"


def _zone(value: str | ZoneInfo | None) -> ZoneInfo:
    from zoneinfo import ZoneInfo

    if value is None:
        return local_timezone()
    if isinstance(value, ZoneInfo):
        return value
    if not isinstance(value, str):
        raise TypeError(f"timezone must be an IANA or Windows name, a ZoneInfo or None, not {value!r}")
    from .timezones import get_zone  # accepts IANA and Windows names alike

    return get_zone(value)


def local_timezone() -> ZoneInfo:
    """The machine's zone as an IANA-named ZoneInfo; UTC when no name can be found."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    for name in _local_zone_names():
        try:
            return ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            continue
    return ZoneInfo("UTC")


def _local_zone_names() -> list[str]:
    names = []
    tz_env = os.environ.get("TZ", "").lstrip(":")
    if tz_env:
        names.append(tz_env)
    localtime = Path("/etc/localtime")
    try:
        target = str(localtime.resolve())
    except OSError:
        target = ""
    if "zoneinfo/" in target:
        names.append(target.split("zoneinfo/", 1)[1])
    try:
        names.append(Path("/etc/timezone").read_text(encoding="utf-8").strip())
    except OSError:
        pass  # not every system has this Debian-style file
    return [n for n in names if n]


Protocol = MSGraphProtocol  # python-o365's name (`from O365 import Protocol`)
