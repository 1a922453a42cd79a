"""Shared test helpers: a scriptable real-socket HTTP server (see :mod:`tests.support.server`)."""

from tests.support.server import RecordedRequest, Reply, ScriptServer

__all__ = ["RecordedRequest", "Reply", "ScriptServer"]
