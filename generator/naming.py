"""Name conversions shared by the generator (and mirrored by the runtime's casing helpers)."""

from __future__ import annotations

import keyword
import re

_BOUNDARY = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")

# Attribute names the model and service base classes use themselves.
RESERVED = frozenset(
    {
        "raw", "to_api", "changes", "clear_changes", "is_dirty", "from_api", "con",
        "FIELDS", "GRAPH_TYPE", "PATH", "CONTEXT", "SUBTYPES", "REPR",
    }
)


def snake_case(name: str) -> str:
    """`receivedDateTime` -> `received_date_time`; `@odata.etag` -> `odata_etag`."""
    cleaned = re.sub(r"[^A-Za-z0-9]+", "_", name).strip("_")
    return _BOUNDARY.sub("_", cleaned).lower()


def enum_member(value: str) -> str:
    """`notFlagged` -> `NOT_FLAGGED`, `unknownFutureValue` -> `UNKNOWN_FUTURE_VALUE`."""
    member = snake_case(value).upper() or "EMPTY"
    if member[0].isdigit():
        member = "V_" + member
    return member


def is_bad_python_name(name: str) -> str | None:
    """Why `name` cannot be a generated attribute, or None when it can."""
    if keyword.iskeyword(name):
        return "is a Python keyword"
    if name in RESERVED:
        return "is reserved by the runtime base classes"
    if name.startswith("_"):
        return "starts with an underscore"
    return None
