"""Fixtures for runtime tests: the real-socket script server and small helpers."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import vcr

from generated.o365._runtime.connection import Connection
from generated.o365._runtime.protocol import MSGraphProtocol
from tests.support.fixtures import script_server
from tests.support.server import ScriptServer

__all__ = ["script_server"]

CASSETTES = Path(__file__).parent / "cassettes"


class SleepRecorder:
    """Stands in for time.sleep: records requested delays instead of waiting."""

    def __init__(self) -> None:
        self.delays: list[float] = []

    def __call__(self, seconds: float) -> None:
        self.delays.append(seconds)


@pytest.fixture
def sleeps() -> SleepRecorder:
    return SleepRecorder()


@pytest.fixture
def con(script_server: ScriptServer, sleeps: SleepRecorder,
        json_decoder: str) -> Iterator[Connection]:
    """A Connection to the script server (no auth, UTC, recorded sleeps, short timeouts);
    each test runs once with each JSON decoder (tests/conftest.py)."""
    protocol = MSGraphProtocol(protocol_url=script_server.base_url, timezone="UTC")
    with Connection(protocol=protocol, sleep=sleeps, timeout=(2.0, 5.0)) as connection:
        yield connection


@pytest.fixture
def graph_con(json_decoder: str) -> Iterator[Connection]:
    """A Connection to the real Graph host, for cassette playback only (never the network).
    Once with each JSON decoder (tests/conftest.py).
    """
    with Connection(protocol=MSGraphProtocol(timezone="UTC"), sleep=SleepRecorder()) as c:
        yield c


def cassette(
    name: str, *, matchers: dict[str, Callable[[Any, Any], None]] | None = None, **kwargs: Any
) -> Any:
    """Play a committed cassette; any request it does not hold fails the test.

    ``matchers`` registers extra vcr matchers by name, for use in ``match_on=[...]``.
    """
    recorder = vcr.VCR(cassette_library_dir=str(CASSETTES), record_mode="none",
                       decode_compressed_response=True)
    for matcher_name, matcher in (matchers or {}).items():
        recorder.register_matcher(matcher_name, matcher)
    return recorder.use_cassette(name, **kwargs)
