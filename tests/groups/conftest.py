"""Fixtures for the groups tests: documented-example cassettes (tests/groups/cassettes)."""

from __future__ import annotations

from pathlib import Path

from tests.support.cassette_fixtures import docs_cassette_for, graph_con, sent  # noqa: F401

docs_cassette = docs_cassette_for(Path(__file__).parent / "cassettes")
