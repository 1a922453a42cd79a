"""Fixtures for the mail tests: documented-example cassettes and a Graph-host connection."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.cassette_fixtures import graph_con, sent  # noqa: F401  (fixtures)
from tests.support.docs_cassettes import DocsPlayer, Sent, documented_request  # noqa: F401

CASSETTES = Path(__file__).parent / "cassettes"


@pytest.fixture
def docs_cassette(sent: Sent) -> DocsPlayer:  # noqa: F811  (the imported fixture)
    """`with docs_cassette("name") as played:` plays tests/mail/cassettes/name.yaml in order."""
    return DocsPlayer(CASSETTES, sent)


def cassette_player(folder: Path, sent: Sent) -> DocsPlayer:  # noqa: F811
    """`use("name")`: a context that plays folder/name.yaml in order, recording into `sent`
    (for the areas that share the mail tests' player)."""
    return DocsPlayer(folder, sent)
