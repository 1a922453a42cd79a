"""The emulator's service clock, which tests can move forward (time travel, not sleeping).

Server-side idle limits (workbook sessions) read `Clock.now()`; ``POST /_emulator/clock``
with ``{"advance": seconds}`` moves it forward, ``GET`` shows it, ``DELETE`` resets it.
Tokens, upload sessions and monitors keep real time.
"""

from __future__ import annotations

import threading
import time

__all__ = ["Clock"]


class Clock:
    """Real time plus an offset that only grows (until reset)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._offset = 0.0

    def now(self) -> float:
        with self._lock:
            return time.time() + self._offset

    @property
    def offset(self) -> float:
        with self._lock:
            return self._offset

    def advance(self, seconds: float) -> float:
        if isinstance(seconds, bool) or not isinstance(seconds, (int, float)) or seconds < 0:
            raise ValueError("advance takes a number of seconds >= 0")
        with self._lock:
            self._offset += float(seconds)
            return self._offset

    def reset(self) -> None:
        with self._lock:
            self._offset = 0.0
