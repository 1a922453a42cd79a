"""Fault injection: throttling, outages, slow and dropped responses, expiring tokens.

Switched per test (`server.faults.set(throttle_every=3)`), per run (CLI flags) or over HTTP
(``POST /_emulator/faults`` with the same names as JSON). Counting is per fault: with
``throttle_every=3`` every third matching request gets 429 with ``Retry-After``. Faults apply
to every path but ``/_emulator/faults`` and ``/_emulator/health``: Graph, the identity
platform (with ``include_identity``) and the transfer URLs (upload sessions, downloads,
monitors), which ``path_contains`` can single out (``"/_emulator/upload/"``).
"""

from __future__ import annotations

import threading
from dataclasses import asdict, dataclass, fields
from typing import Any

__all__ = ["FaultDecision", "FaultSettings", "Faults"]


@dataclass
class FaultSettings:
    throttle_every: int = 0  # 429 TooManyRequests on every Nth request
    retry_after: float = 1.0  # seconds, sent in Retry-After (may be fractional)
    unavailable_every: int = 0  # 503 serviceNotAvailable on every Nth request
    delay: float = 0.0  # seconds to wait before answering every request
    drop_every: int = 0  # send half of every Nth answer, then close; an empty one is lost whole
    expire_tokens_every: int = 0  # expire all access tokens before every Nth request
    path_contains: str = ""  # only requests whose path contains this text count
    include_identity: bool = False  # also apply to /oauth2/v2.0/ endpoints


@dataclass(frozen=True)
class FaultDecision:
    status: int | None = None  # 429 or 503 to answer instead of the real response
    retry_after: float | None = None
    delay: float = 0.0
    drop: bool = False
    expire_tokens: bool = False


_EVERY = ("throttle_every", "unavailable_every", "drop_every", "expire_tokens_every")


class Faults:
    """The active fault settings and their counters. Thread-safe."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._settings = FaultSettings()
        self._counters: dict[str, int] = dict.fromkeys(_EVERY, 0)
        self.injected: dict[str, int] = dict.fromkeys(_EVERY, 0)

    @property
    def settings(self) -> dict[str, Any]:
        with self._lock:
            return asdict(self._settings)

    def set(self, **changes: Any) -> None:
        """Change some settings (others keep their value); counters restart."""
        known = {f.name: f.type for f in fields(FaultSettings)}
        for name, value in changes.items():
            if name not in known:
                raise ValueError(f"unknown fault {name!r}; known: {', '.join(sorted(known))}")
            _check_value(name, value)
        with self._lock:
            for name, value in changes.items():
                setattr(self._settings, name, value)
            self._counters = dict.fromkeys(_EVERY, 0)

    def clear(self) -> None:
        with self._lock:
            self._settings = FaultSettings()
            self._counters = dict.fromkeys(_EVERY, 0)

    def decide(self, path: str, *, identity: bool) -> FaultDecision:
        with self._lock:
            s = self._settings
            if identity and not s.include_identity:
                return FaultDecision()
            if s.path_contains and s.path_contains not in path:
                return FaultDecision(delay=s.delay)
            hits = {name: self._tick(name, getattr(s, name)) for name in _EVERY}
            status: int | None = None
            if hits["throttle_every"]:
                status = 429
            elif hits["unavailable_every"]:
                status = 503
            return FaultDecision(
                status=status,
                retry_after=s.retry_after if status else None,
                delay=s.delay,
                drop=hits["drop_every"] and status is None,
                expire_tokens=hits["expire_tokens_every"],
            )

    def _tick(self, name: str, every: int) -> bool:
        if every <= 0:
            return False
        self._counters[name] += 1
        if self._counters[name] % every == 0:
            self.injected[name] += 1
            return True
        return False


def _check_value(name: str, value: Any) -> None:
    if name == "path_contains":
        if not isinstance(value, str):
            raise TypeError("path_contains must be a string")
    elif name == "include_identity":
        if not isinstance(value, bool):
            raise TypeError("include_identity must be true or false")
    elif isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError(f"{name} must be a number")
    elif value < 0:
        raise ValueError(f"{name} must not be negative")
    elif name in _EVERY and not float(value).is_integer():
        raise ValueError(f"{name} must be a whole number")
