"""Name conversions shared by the generator (and mirrored by the runtime's casing helpers)."""

from __future__ import annotations

import re

_BOUNDARY = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")


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
