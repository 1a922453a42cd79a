"""Pytest fixtures around :class:`tests.support.server.ScriptServer`.

Wire them into a ``conftest.py`` with::

    from tests.support.fixtures import script_server  # noqa: F401
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.support.server import ScriptServer


@pytest.fixture
def script_server() -> Iterator[ScriptServer]:
    """A started :class:`ScriptServer` on 127.0.0.1:<ephemeral>, stopped after the test."""
    with ScriptServer() as server:
        yield server
