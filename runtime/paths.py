"""Spec path templates filled from an object's context, id and arguments.

No value can change a request path's shape (GRAPH_FACTS: ids are opaque path segments):

* an id becomes exactly one percent-encoded segment (``/`` -> ``%2F``, ``?`` -> ``%3F``...);
  empty ids, ``.`` and ``..`` (which HTTP stacks collapse: ``messages/..`` would address the
  mailbox) and ids longer than :data:`MAX_ID_LENGTH` are refused before any request;
* a path-addressed item (``root:/{item_path}:``) is encoded segment by segment; empty, ``.``
  and ``..`` segments and backslashes are refused, and the whole path is limited to
  :data:`MAX_ITEM_PATH_LENGTH` characters (OneDrive and SharePoint's limit for a decoded path);
* an OData string literal (``search(q='{text}')``) has its quotes doubled, then is encoded;
* text that is not valid Unicode (lone surrogates) is refused everywhere.

Generated code fills every path through :func:`expand` (or :func:`segment` for one id).
"""

from __future__ import annotations

import enum
import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import quote, unquote, urlsplit

from .values import NOT_GIVEN, check_text

PLACEHOLDER = re.compile(r"(')?\{([A-Za-z_][A-Za-z0-9_/]*)\}(')?")
# Context values that are already paths built here (and must keep their slashes).
_PATH_VALUES = frozenset({"resource", "parent", "self", "collection"})
# No Graph id comes near this: Outlook ids (also immutable ones) are about 150 characters,
# composite SharePoint ids (host,site,web) about 100. A longer value is a mistake (a body, a
# path) and would only come back as 414 URI Too Long.
MAX_ID_LENGTH = 1024
# OneDrive and SharePoint refuse decoded item paths longer than 400 characters ("Restrictions
# and limitations in OneDrive and SharePoint"), counted from the site; the part after root:
# can only be shorter.
MAX_ITEM_PATH_LENGTH = 400
_DOT_SEGMENTS = frozenset({".", ".."})


class RawPath(str):
    """A path argument whose slashes are kept (`root:/{item_path}:`)."""

    __slots__ = ()


class Encoded(str):
    """A path piece already built and encoded here (`path_address`): used as it is."""

    __slots__ = ()


def path_address(key: Any, relative: Any = NOT_GIVEN, name: str = "path") -> Encoded:
    """Graph's path-based addressing: the entity at a server-relative path below a key,
    `{key}:/{relative path}:` (a site by host name and path: site-getbypath.md), else the
    key alone. A key given as an https URL (a site's webUrl) is its host and path.

    The key becomes one encoded segment; the relative path must start with '/' and is encoded
    segment by segment (no empty, '.' or '..' parts).
    """
    text = _text(key, "key")
    if relative is NOT_GIVEN or relative is None:
        if "://" not in text:
            return Encoded(segment(text))
        parts = urlsplit(text)
        if parts.scheme.lower() != "https" or not parts.hostname or parts.query or parts.fragment:
            raise ValueError(f"{text!r} is not a site URL such as 'https://contoso.sharepoint.com"
                             "/sites/Marketing' (https, a host name, no query or fragment)")
        text, relative = parts.hostname, unquote(parts.path).rstrip("/")
        if not relative:
            return Encoded(segment(text))
    below = _text(relative, name)
    if not below.startswith("/"):
        example = "such as '/sites/Marketing'"
        raise ValueError(f"{name}={below!r} must start with '/': a server-relative path {example}")
    if not below.strip("/"):
        raise ValueError(f"{name}={below!r} names no path below {text!r}; leave it out to "
                         "address the key itself")
    return Encoded(f"{segment(text)}:/{item_path(below, name)}:")


def segment(value: Any, name: str = "id") -> str:
    """One path segment for an id: validated, then percent-encoded (nothing left unencoded
    but letters, digits and ``_.-~``)."""
    text = _text(value, name)
    if text in _DOT_SEGMENTS:
        raise ValueError(f"{name} {text!r} is not an id: '.' and '..' would change the path")
    if len(text) > MAX_ID_LENGTH:
        raise ValueError(f"{name} is {len(text)} characters long; Graph ids are far shorter "
                         f"(this library refuses more than {MAX_ID_LENGTH})")
    return quote(text, safe="")


def item_path(value: Any, name: str = "item_path") -> str:
    """A path below a drive item (``Documents/report.xlsx``), encoded segment by segment."""
    text = _text(value, name).strip("/")
    if not text:
        raise ValueError(f"{name} is empty: give a path such as 'Documents/report.xlsx'")
    if len(text) > MAX_ITEM_PATH_LENGTH:
        raise ValueError(f"{name} is {len(text)} characters long; OneDrive and SharePoint "
                         f"paths are at most {MAX_ITEM_PATH_LENGTH}")
    if "\\" in text:
        raise ValueError(f"{name} {text!r} contains a backslash, which OneDrive names cannot "
                         "hold (some servers read it as a path separator)")
    parts = text.split("/")
    for part in parts:
        if part in _DOT_SEGMENTS or not part:
            raise ValueError(f"{name} {text!r} has an empty, '.' or '..' part; give the path "
                             "from the root without them")
    return "/".join(quote(part, safe="") for part in parts)


def resource_path(value: str) -> str:
    """A ``{resource}`` such as ``me``, ``users/adele@contoso.com`` or
    ``sites/contoso.sharepoint.com:/sites/marketing:``: its segments validated like ids and
    encoded, keeping the characters Graph uses in them (``@ : ' ( ) , =``)."""
    check_text(value, "the resource")
    parts = value.split("/")
    for part in parts:
        if not part or part in _DOT_SEGMENTS:
            raise ValueError(f"resource {value!r} has an empty, '.' or '..' segment")
    # '%' is encoded too: a value is never taken as already encoded (a '%2F' would be a
    # slash to a server that decodes before routing).
    return "/".join(quote(part, safe="@:'(),=+!$*;&~") for part in parts)


def expand(template: str, values: Mapping[str, Any]) -> str:
    """Fill a spec path template.

    Ids become one encoded :func:`segment` each; context paths keep their slashes (they were
    built here); `RawPath` values go through :func:`item_path`; a placeholder written inside
    single quotes (`search(q='{text}')`) is an OData string literal, so its quotes are
    doubled before encoding.
    """

    def one(match: re.Match[str]) -> str:
        open_quote, name, close_quote = match.groups()
        try:
            value = values[name]
        except KeyError:
            if name == "self":
                raise ValueError("this object has no id yet: save it before calling this") from None
            raise ValueError(f"cannot build path {template!r}: no value for {{{name}}}") from None
        if (value is None or value == "") and name == "resource":
            # A service reached without a user (account.sharepoint()) calling a user's path.
            from .errors import NoUserContextError

            raise NoUserContextError(f"{template!r} needs a user: pass resource="
                                     '"user@contoso.com" (or "me") to the accessor')
        if value is None or value == "" or value is NOT_GIVEN:
            raise ValueError(f"cannot build path {template!r}: {{{name}}} is empty "
                             "(is the object saved yet?)")
        if open_quote and close_quote:
            text = _text(value, name)
            return "'" + quote(text.replace("'", "''"), safe="") + "'"
        if name in _PATH_VALUES or isinstance(value, Encoded):
            encoded = str(value)
        elif isinstance(value, RawPath):
            encoded = item_path(value, name)
        else:
            encoded = segment(value, name)
        return (open_quote or "") + encoded + (close_quote or "")

    return PLACEHOLDER.sub(one, template)


def _text(value: Any, name: str) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"  # OData literals: usedRange(valuesOnly=true)
    text = value.value if isinstance(value, enum.Enum) else str(value)
    if not text:
        raise ValueError(f"{name} is empty")
    check_text(text, name)
    return text
