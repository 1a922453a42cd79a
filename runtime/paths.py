"""Spec path templates filled from an object's context, id and arguments."""

from __future__ import annotations

import enum
import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

from .model import NOT_GIVEN

PLACEHOLDER = re.compile(r"(')?\{([A-Za-z_][A-Za-z0-9_/]*)\}(')?")
# Context values that are already paths (and must keep their slashes).
_PATH_VALUES = frozenset({"resource", "parent", "self", "collection"})


class RawPath(str):
    """A path argument whose slashes are kept (`root:/{item_path}:`)."""

    __slots__ = ()


def expand(template: str, values: Mapping[str, Any]) -> str:
    """Fill a spec path template.

    Ids are percent-encoded; context paths and `RawPath` values keep their slashes; a
    placeholder written inside single quotes (`search(q='{text}')`) is an OData string
    literal, so its quotes are doubled before encoding.
    """

    def one(match: re.Match[str]) -> str:
        open_quote, name, close_quote = match.groups()
        try:
            value = values[name]
        except KeyError:
            if name == "self":
                raise ValueError("this object has no id yet: save it before calling this") from None
            raise ValueError(f"cannot build path {template!r}: no value for {{{name}}}") from None
        if value is None or value == "" or value is NOT_GIVEN:
            raise ValueError(f"cannot build path {template!r}: {{{name}}} is empty "
                             "(is the object saved yet?)")
        if isinstance(value, bool):
            text = "true" if value else "false"  # OData literals: usedRange(valuesOnly=true)
        else:
            text = value.value if isinstance(value, enum.Enum) else str(value)
        if open_quote and close_quote:
            return "'" + quote(text.replace("'", "''"), safe="") + "'"
        if name in _PATH_VALUES:
            encoded = text
        elif isinstance(value, RawPath):
            encoded = quote(text.strip("/"), safe="/")
        else:
            encoded = quote(text, safe="")
        return (open_quote or "") + encoded + (close_quote or "")

    return PLACEHOLDER.sub(one, template)


