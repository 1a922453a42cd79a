"""Fixtures for the Teams tests: documented-example cassettes."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.cassette_fixtures import graph_con, sent  # noqa: F401  (fixtures)
from tests.support.docs_cassettes import DocsPlayer, Sent

CASSETTES = Path(__file__).parent / "cassettes"


@pytest.fixture
def docs_cassette(sent: Sent) -> DocsPlayer:  # noqa: F811  (the imported fixture)
    """`with docs_cassette("name") as played:` plays tests/teams/cassettes/name.yaml in order."""
    return DocsPlayer(CASSETTES, sent)
