"""Fixtures for the mail tests: documented-example cassettes and a Graph-host connection."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

import pytest
import vcr

from runtime.connection import Connection
from runtime.protocol import MSGraphProtocol

CASSETTES = Path(__file__).parent / "cassettes"


class Sent:
    """The requests the code under test sent, as the cassette matcher saw them."""

    def __init__(self) -> None:
        self.requests: list[tuple[str, str, Any]] = []

    def record(self, method: str, uri: str, body: Any) -> None:
        entry = (method, uri, body)
        if entry not in self.requests:
            self.requests.append(entry)

    @property
    def bodies(self) -> list[Any]:
        return [body for _, _, body in self.requests]


def _decoded_body(raw: bytes | str | None) -> Any:
    if raw in (None, b"", ""):
        return None
    text = raw.decode() if isinstance(raw, bytes) else raw
    return json.loads(text)


def _same_target(sent: Any, recorded: Any) -> tuple[str, str, list[tuple[str, str]]]:
    parts = urlsplit(sent.uri)
    return sent.method, unquote(parts.path), sorted(parse_qsl(parts.query))


def documented_request(sent_log: Sent) -> Any:
    """A vcr matcher: method, decoded path and query, and (when recorded) the JSON body.

    The query must contain every recorded option; the body must equal the recorded one.
    """

    def matcher(sent: Any, recorded: Any) -> None:
        body = _decoded_body(sent.body)
        sent_log.record(sent.method, sent.uri, body)
        method, path, query = _same_target(sent, recorded)
        r_method, r_path, r_query = _same_target(recorded, recorded)
        assert method == r_method, f"{method} != {r_method}"
        assert path == r_path, f"{path} != {r_path}"
        missing = [item for item in r_query if item not in query]
        assert not missing, f"query lacks {missing} (sent {query})"
        recorded_body = _decoded_body(recorded.body)
        if recorded_body is not None:
            assert body == recorded_body, f"body {body} != documented {recorded_body}"

    return matcher


@pytest.fixture
def sent() -> Sent:
    return Sent()


@pytest.fixture
def graph_con() -> Iterator[Connection]:
    """A Connection to the real Graph host, used only with cassettes (never the network)."""
    with Connection(protocol=MSGraphProtocol(timezone="UTC")) as con:
        yield con


def cassette_player(folder: Path, sent: Sent) -> Any:
    """`use("name")`: a context that plays folder/name.yaml in order, recording into `sent`."""

    def use(name: str) -> Any:
        recorder = vcr.VCR(cassette_library_dir=str(folder), record_mode="none")
        recorder.register_matcher("documented", documented_request(sent))
        return recorder.use_cassette(f"{name}.yaml", match_on=["documented"],
                                     allow_playback_repeats=False)

    return use


@pytest.fixture
def docs_cassette(sent: Sent) -> Any:
    """`with docs_cassette("name") as played:` plays tests/mail/cassettes/name.yaml in order."""
    return cassette_player(CASSETTES, sent)
