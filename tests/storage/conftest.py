"""Fixtures for the storage tests: cassette playback and objects bound to a connection."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
import vcr

from generated.o365._runtime.connection import Connection
from generated.o365._runtime.protocol import MSGraphProtocol

CASSETTES = Path(__file__).parent / "cassettes"


def _normalized(value: Any) -> Any:
    """JSON with date-time strings turned into datetimes, so "…00.000Z" equals "…00Z"."""
    if isinstance(value, dict):
        return {k: _normalized(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_normalized(v) for v in value]
    if isinstance(value, str) and len(value) >= 20 and value[4:5] == "-" and value[10:11] == "T":
        try:
            return datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return value
    return value


def documented_body(r1: Any, r2: Any) -> None:
    """vcr matcher: a recorded request body (the documented one) equals the one we sent.

    JSON bodies compare as data (key order and date-time spelling ignored); other bodies as
    bytes. A recorded request without a body matches any body.
    """
    recorded = r2.body
    if recorded in (None, b"", ""):
        return
    sent = r1.body or b""
    as_bytes = [b if isinstance(b, bytes) else str(b).encode() for b in (sent, recorded)]
    try:
        mine, theirs = (json.loads(b) for b in as_bytes)
    except ValueError:
        assert as_bytes[0] == as_bytes[1], f"body {as_bytes[0]!r} != documented {as_bytes[1]!r}"
        return
    assert _normalized(mine) == _normalized(theirs), f"sent {mine} but the docs send {theirs}"


def cassette(name: str, directory: Path = CASSETTES) -> Any:
    """Play a committed cassette strictly: every request must be in it, in order, once."""
    recorder = vcr.VCR(cassette_library_dir=str(directory), record_mode="none")
    recorder.register_matcher("documented_body", documented_body)
    return recorder.use_cassette(
        name, match_on=["method", "scheme", "host", "port", "path", "query", "documented_body"],
        allow_playback_repeats=False)


@pytest.fixture
def graph_con(json_decoder: str) -> Iterator[Connection]:
    """A Connection to the real Graph host, for cassette playback only (never the network).
    Once with each JSON decoder (tests/conftest.py).
    """
    with Connection(protocol=MSGraphProtocol(timezone="UTC")) as con:
        yield con


def bound(cls: type[Any], con: Connection, data: dict[str, Any], **context: str) -> Any:
    """An object as the library would have built it from a response (for single-call tests)."""
    return cls._factory(con, {"resource": "me", **context})(data)
