"""OAuth scope handling: python-o365's aliases, prefixing and ``offline_access``.

``expand_scopes(["basic", "message_all"])`` gives
``["https://graph.microsoft.com/User.Read", "https://graph.microsoft.com/Mail.ReadWrite",
"https://graph.microsoft.com/Mail.Send"]``: aliases expand (python-o365's ``DEFAULT_SCOPES``),
bare scope names get the protocol's prefix, full URIs and OpenID scopes stay as they are,
duplicates go (case-insensitively) and order is kept.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from types import MappingProxyType

__all__ = [
    "GRAPH_SCOPE_PREFIX",
    "OPENID_SCOPES",
    "RESERVED_SCOPES",
    "SCOPE_ALIASES",
    "default_scope",
    "expand_scopes",
    "prefix_scope",
    "strip_reserved",
]

GRAPH_SCOPE_PREFIX = "https://graph.microsoft.com/"

# OpenID Connect scopes carry no resource prefix; the identity platform handles them itself.
OPENID_SCOPES = frozenset({"openid", "profile", "email", "offline_access"})
# Scopes python-o365 strips before a refresh (``RESERVED_SCOPES`` in O365/utils/token.py).
RESERVED_SCOPES = frozenset({"openid", "profile", "offline_access"})

# python-o365 2.1.9 ``DEFAULT_SCOPES`` (inventory §13.5), plus aliases older releases and
# their users still write (``sharepoint_dl``, ``planner*``, ``teams``).
SCOPE_ALIASES: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        "basic": ("User.Read",),
        "mailbox": ("Mail.Read",),
        "mailbox_shared": ("Mail.Read.Shared",),
        "mailbox_settings": ("MailboxSettings.ReadWrite",),
        "message_send": ("Mail.Send",),
        "message_send_shared": ("Mail.Send.Shared",),
        "message_all": ("Mail.ReadWrite", "Mail.Send"),
        "message_all_shared": ("Mail.ReadWrite.Shared", "Mail.Send.Shared"),
        "address_book": ("Contacts.Read",),
        "address_book_shared": ("Contacts.Read.Shared",),
        "address_book_all": ("Contacts.ReadWrite",),
        "address_book_all_shared": ("Contacts.ReadWrite.Shared",),
        "calendar": ("Calendars.Read",),
        "calendar_shared": ("Calendars.Read.Shared",),
        "calendar_all": ("Calendars.ReadWrite",),
        "calendar_shared_all": ("Calendars.ReadWrite.Shared",),
        "users": ("User.ReadBasic.All",),
        "onedrive": ("Files.Read.All",),
        "onedrive_all": ("Files.ReadWrite.All",),
        "sharepoint": ("Sites.Read.All",),
        "sharepoint_all": ("Sites.ReadWrite.All",),
        "sharepoint_dl": ("Sites.ReadWrite.All",),
        "settings_all": ("MailboxSettings.ReadWrite",),
        "tasks": ("Tasks.Read",),
        "tasks_all": ("Tasks.ReadWrite",),
        "presence": ("Presence.Read",),
        "planner": ("Tasks.Read", "Group.Read.All"),
        "planner_all": ("Tasks.ReadWrite", "Group.ReadWrite.All"),
        "teams": ("Team.ReadBasic.All", "Channel.ReadBasic.All"),
    }
)


def prefix_scope(scope: str, prefix: str = GRAPH_SCOPE_PREFIX) -> str:
    """``Mail.Read`` -> ``https://graph.microsoft.com/Mail.Read``; URIs and OpenID kept."""
    if scope.lower() in OPENID_SCOPES or "://" in scope or scope.startswith("api:"):
        return scope
    if not prefix.endswith("/"):
        prefix += "/"
    return prefix + scope


def default_scope(prefix: str = GRAPH_SCOPE_PREFIX) -> str:
    """The ``.default`` scope of a resource: the only scope client credentials accept."""
    return prefix_scope(".default", prefix)


def expand_scopes(
    scopes: str | Iterable[str] | None,
    *,
    prefix: str = GRAPH_SCOPE_PREFIX,
    offline_access: bool = False,
) -> list[str]:
    """Expand aliases, prefix bare names, optionally add ``offline_access``; stable, no dups.

    ``None`` means every alias (python-o365's behaviour). A single string is one scope or
    alias, or several separated by spaces.
    """
    if scopes is None:
        requested: list[str] = list(SCOPE_ALIASES)
    elif isinstance(scopes, str):
        requested = scopes.split()
    elif isinstance(scopes, Iterable):
        requested = list(scopes)
    else:
        raise TypeError(f"scopes must be a string or a list of strings, not {type(scopes)!r}")
    expanded: list[str] = []
    for item in requested:
        if not isinstance(item, str):
            raise TypeError(f"every scope must be a string, got {type(item).__name__}")
        name = item.strip()
        if not name or any(ch.isspace() for ch in name):
            raise ValueError(f"invalid scope {item!r}: empty or containing whitespace")
        expanded.extend(SCOPE_ALIASES.get(name, (name,)))
    if offline_access:
        expanded.append("offline_access")
    seen: set[str] = set()
    result: list[str] = []
    for scope in (prefix_scope(s, prefix) for s in expanded):
        if scope.lower() not in seen:
            seen.add(scope.lower())
            result.append(scope)
    return result


def strip_reserved(scopes: Iterable[str]) -> list[str]:
    """Scopes without ``openid``/``profile``/``offline_access`` (e.g. for a refresh)."""
    return [s for s in scopes if s.lower() not in RESERVED_SCOPES]
