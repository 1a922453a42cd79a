"""``BaseTokenBackend``: where tokens live between runs, and how refreshes are coordinated.

A backend stores one :class:`Token` as bytes: ASCII JSON, or, with a cryptography manager,
``o365enc:`` followed by the base64 of the encrypted JSON (so text stores can hold it too).
Subclasses implement four small primitives (``_read``, ``_write``, ``_delete``, ``_exists``);
stores shared by several processes also override :meth:`BaseTokenBackend.refresh_lock`.
"""

from __future__ import annotations

import abc
import base64
import binascii
import importlib
import threading
import time
from contextlib import AbstractContextManager, nullcontext
from types import ModuleType
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from ..compat import TokenBackendNames
from ..errors import MissingDependencyError

if TYPE_CHECKING:  # imported when a token is first read or saved (it loads dataclasses)
    from .token import Token

__all__ = [
    "ENCRYPTED_PREFIX",
    "BaseTokenBackend",
    "CryptographyManager",
    "require_module",
]

ENCRYPTED_PREFIX = b"o365enc:"


@runtime_checkable
class CryptographyManager(Protocol):
    """Encrypts tokens at rest (see ``FernetCryptographyManager`` for one)."""

    def encrypt(self, data: bytes) -> bytes: ...

    def decrypt(self, data: bytes) -> bytes: ...


def require_module(module: str, *, extra: str, backend: str) -> ModuleType:
    """Import an optional dependency lazily, failing with the ``pip install`` line to run."""
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        raise MissingDependencyError(
            f"{backend} needs the '{module}' package: pip install 'generated-o365[{extra}]'"
        ) from exc


class BaseTokenBackend(TokenBackendNames, abc.ABC):
    """Loads, saves and deletes one token; a refresh coordinates through these hooks.

    ``should_refresh_token(con)`` is asked (under :meth:`refresh_lock`) before a refresh:
    True -> the caller refreshes and saves; False -> someone else refreshed, reload from the
    store; None -> the backend refreshed by itself, reload from the store.
    """

    def __init__(self, *, cryptography_manager: CryptographyManager | None = None) -> None:
        if cryptography_manager is not None and not isinstance(
            cryptography_manager, CryptographyManager
        ):
            raise TypeError("cryptography_manager must have encrypt(bytes) and decrypt(bytes)")
        self.cryptography_manager = cryptography_manager
        self._token: Token | None = None
        self._cache_lock = threading.Lock()

    # ------------------------------------------------------------ primitives
    @abc.abstractmethod
    def _read(self) -> bytes | None:
        """The stored bytes, or None when nothing is stored."""

    @abc.abstractmethod
    def _write(self, data: bytes) -> None:
        """Store ``data``, replacing what was there."""

    @abc.abstractmethod
    def _delete(self) -> bool:
        """Remove the stored token; False if there was none."""

    def _exists(self) -> bool:
        return self._read() is not None

    @abc.abstractmethod
    def _location(self) -> str:
        """Where the token lives, for repr and error messages (never the token itself)."""

    # ------------------------------------------------------------- public API
    @property
    def token(self) -> Token | None:
        """The token last loaded or saved through this backend (no I/O)."""
        with self._cache_lock:
            return self._token

    @property
    def has_data(self) -> bool:
        return self.token is not None

    def load_token(self) -> Token | None:
        """Read the token from the store (None if there is none) and cache it."""
        raw = self._read()
        token = None if raw is None else self._decode(raw)
        with self._cache_lock:
            self._token = token
        return token

    def _remember(self, token: Token | None) -> None:
        with self._cache_lock:
            self._token = token

    def save_token(self, token: Token) -> bool:
        from .token import Token

        if not isinstance(token, Token):
            raise TypeError(f"save_token expects a Token, not {type(token).__name__}")
        self._write(self._encode(token))
        with self._cache_lock:
            self._token = token
        return True

    def delete_token(self) -> bool:
        with self._cache_lock:
            self._token = None
        return self._delete()

    def check_token(self) -> bool:
        """True if the store holds a token (without decoding it)."""
        return self._exists()

    def should_refresh_token(self, con: object | None = None) -> bool | None:
        """Hook for fleets of workers; see the class docstring. Default: refresh."""
        return True

    def refresh_lock(self) -> AbstractContextManager[object]:
        """Held around check-reload-refresh-save. Default: no cross-process lock."""
        return nullcontext()

    def get_access_token(self) -> str | None:
        token = self.token
        return token.access_token if token else None

    def get_refresh_token(self) -> str | None:
        token = self.token
        return token.refresh_token if token else None

    def token_is_expired(self, *, margin: float = 0.0, now: float | None = None) -> bool:
        token = self.token
        return token is None or token.expires_within(
            margin, now=time.time() if now is None else now
        )

    def __repr__(self) -> str:
        encrypted = ", encrypted" if self.cryptography_manager is not None else ""
        return f"{type(self).__name__}({self._location()}{encrypted})"

    # --------------------------------------------------------- serialization
    def _encode(self, token: Token) -> bytes:
        data = token.to_json()
        if self.cryptography_manager is None:
            return data
        return ENCRYPTED_PREFIX + base64.b64encode(self.cryptography_manager.encrypt(data))

    def _decode(self, raw: bytes) -> Token:
        raw = raw.strip()
        if raw.startswith(ENCRYPTED_PREFIX):
            if self.cryptography_manager is None:
                raise ValueError(
                    f"the token in {self._location()} is encrypted; "
                    "pass the cryptography_manager that encrypted it"
                )
            try:
                ciphertext = base64.b64decode(raw[len(ENCRYPTED_PREFIX) :], validate=True)
            except binascii.Error:
                raise ValueError(f"the token in {self._location()} is corrupt") from None
            raw = self.cryptography_manager.decrypt(ciphertext)
        from .token import Token

        try:
            return Token.from_json(raw)
        except ValueError as exc:
            raise ValueError(f"the token in {self._location()} is unreadable: {exc}") from None
