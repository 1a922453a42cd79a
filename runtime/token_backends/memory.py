"""A token kept in process memory only (tests, short scripts)."""

from __future__ import annotations

import threading

from .base import BaseTokenBackend, CryptographyManager

__all__ = ["MemoryTokenBackend"]


class MemoryTokenBackend(BaseTokenBackend):
    """Holds the serialized token in memory; lost when the process ends."""

    def __init__(self, *, cryptography_manager: CryptographyManager | None = None) -> None:
        super().__init__(cryptography_manager=cryptography_manager)
        self._data: bytes | None = None
        self._data_lock = threading.Lock()

    def _read(self) -> bytes | None:
        with self._data_lock:
            return self._data

    def _write(self, data: bytes) -> None:
        with self._data_lock:
            self._data = data

    def _delete(self) -> bool:
        with self._data_lock:
            existed, self._data = self._data is not None, None
        return existed

    def _location(self) -> str:
        return "memory"
