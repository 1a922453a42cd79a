"""Pre-authenticated monitor URLs for long-running actions (driveItem copy).

A behaviour answers 202 with ``Location: app.monitors.create(poll)``; each GET of that URL
(no Authorization header needed, like Graph's monitor URLs) returns ``poll()`` as JSON: 202
while the job runs, 200 once its ``status`` is ``completed`` or ``failed`` (G:
concepts/long-running-actions-overview.md).
"""

from __future__ import annotations

import json
import logging
import secrets
import threading
import time
import uuid
from collections.abc import Callable
from typing import Any

from .errors import envelope

__all__ = ["FINISHED", "Monitors"]

log = logging.getLogger(__name__)
FINISHED = frozenset({"completed", "failed"})
Reply = tuple[int, dict[str, str], bytes]
Poll = Callable[[], dict[str, Any]]


class Monitors:
    """Monitor tokens -> poll functions, each valid for `lifetime` seconds."""

    def __init__(self, base_url: Callable[[], str], lifetime: float = 3600.0) -> None:
        if lifetime <= 0:
            raise ValueError("a monitor lifetime must be positive")
        self.base_url = base_url
        self.lifetime = lifetime
        self._lock = threading.Lock()
        self._polls: dict[str, tuple[Poll, float]] = {}

    def create(self, poll: Poll) -> str:
        """A new monitor URL answering `poll()`."""
        if not callable(poll):
            raise TypeError("poll must be a callable returning the job's status dict")
        token = secrets.token_urlsafe(24)
        with self._lock:
            self._polls[token] = (poll, time.time() + self.lifetime)
        return f"{self.base_url()}_emulator/monitor/{token}"

    def handle(self, method: str, token: str) -> Reply:
        request_id = str(uuid.uuid4())
        with self._lock:
            entry = self._polls.get(token)
            if entry is not None and entry[1] < time.time():
                del self._polls[token]
                entry = None
        json_type = {"Content-Type": "application/json", "request-id": request_id}
        if entry is None:
            return 404, json_type, envelope("itemNotFound", "The monitor was not found.",
                                            request_id, None)
        if method != "GET":
            return 405, json_type, envelope("invalidRequest", "Use GET on a monitor URL.",
                                            request_id, None)
        try:
            status = dict(entry[0]())
        except Exception:  # a broken poll must not take the server down or leak details
            log.exception("emulator: monitor poll failed")
            return 500, json_type, envelope("generalException",
                                            "An internal server error occurred.", request_id,
                                            None)
        code = 200 if status.get("status") in FINISHED else 202
        return code, json_type, json.dumps(status).encode()
