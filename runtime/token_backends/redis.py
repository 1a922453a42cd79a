"""A token in Redis, shared by a fleet of workers, with a Redis lock around refreshes."""

from __future__ import annotations

from contextlib import AbstractContextManager
from typing import Any

from .base import BaseTokenBackend, CryptographyManager, require_module

__all__ = ["RedisTokenBackend"]


class RedisTokenBackend(BaseTokenBackend):
    """Stores the token at ``key``; ``refresh_lock`` is a Redis lock at ``key + ':lock'``.

    ``client_or_url`` is a ``redis.Redis`` client or a URL such as ``redis://host:6379/0``.
    ``lock_timeout`` bounds how long a crashed worker can hold the lock; waiting for the lock
    gives up after ``lock_wait`` seconds with ``TimeoutError``.
    """

    def __init__(
        self,
        client_or_url: Any,
        key: str = "o365_token",
        *,
        lock_timeout: float = 30.0,
        lock_wait: float = 60.0,
        cryptography_manager: CryptographyManager | None = None,
    ) -> None:
        if not key:
            raise ValueError("RedisTokenBackend needs a non-empty key")
        if lock_timeout <= 0 or lock_wait <= 0:
            raise ValueError("lock_timeout and lock_wait must be positive seconds")
        super().__init__(cryptography_manager=cryptography_manager)
        if isinstance(client_or_url, str):
            redis = require_module("redis", extra="redis", backend="RedisTokenBackend")
            self.client: Any = redis.Redis.from_url(client_or_url)
        else:
            self.client = client_or_url
        self.key = key
        self.lock_timeout = lock_timeout
        self.lock_wait = lock_wait

    def _read(self) -> bytes | None:
        value = self.client.get(self.key)
        if value is None:
            return None
        return value if isinstance(value, bytes) else str(value).encode("ascii")

    def _write(self, data: bytes) -> None:
        self.client.set(self.key, data)

    def _delete(self) -> bool:
        return bool(self.client.delete(self.key))

    def _exists(self) -> bool:
        return bool(self.client.exists(self.key))

    def refresh_lock(self) -> AbstractContextManager[object]:
        lock: AbstractContextManager[object] = self.client.lock(
            f"{self.key}:lock", timeout=self.lock_timeout, blocking_timeout=self.lock_wait
        )
        return _RaisingLock(lock, self.key)

    def _location(self) -> str:
        return f"redis key={self.key!r}"


class _RaisingLock(AbstractContextManager[object]):
    """redis-py's lock raises its own LockError on timeout; turn that into TimeoutError."""

    def __init__(self, lock: AbstractContextManager[object], key: str) -> None:
        self._lock = lock
        self._key = key

    def __enter__(self) -> object:
        try:
            return self._lock.__enter__()
        except Exception as exc:
            if type(exc).__name__ == "LockError":
                raise TimeoutError(
                    f"could not take the refresh lock for redis key {self._key!r}"
                ) from exc
            raise

    def __exit__(self, *exc_info: Any) -> bool | None:
        return self._lock.__exit__(*exc_info)
