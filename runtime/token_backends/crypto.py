"""Fernet (AES-128-CBC + HMAC-SHA256) encryption of tokens at rest; extra ``crypto``."""

from __future__ import annotations

from typing import Any

from .base import require_module

__all__ = ["FernetCryptographyManager"]


class FernetCryptographyManager:
    """A :class:`~generated.o365._runtime.token_backends.base.CryptographyManager` using ``cryptography``.

    Create a key once with :meth:`generate_key` and keep it outside the token store.
    """

    def __init__(self, key: bytes | str) -> None:
        fernet_module = require_module(
            "cryptography.fernet", extra="crypto", backend="FernetCryptographyManager"
        )
        raw_key = key.encode("ascii") if isinstance(key, str) else key
        try:
            self._fernet: Any = fernet_module.Fernet(raw_key)
        except (ValueError, TypeError):
            # The key itself must not appear in the message.
            raise ValueError(
                "invalid Fernet key: use FernetCryptographyManager.generate_key()"
            ) from None
        self._invalid_token: type[Exception] = fernet_module.InvalidToken

    @staticmethod
    def generate_key() -> bytes:
        fernet_module = require_module(
            "cryptography.fernet", extra="crypto", backend="FernetCryptographyManager"
        )
        key: bytes = fernet_module.Fernet.generate_key()
        return key

    def encrypt(self, data: bytes) -> bytes:
        encrypted: bytes = self._fernet.encrypt(data)
        return encrypted

    def decrypt(self, data: bytes) -> bytes:
        try:
            decrypted: bytes = self._fernet.decrypt(data)
        except self._invalid_token:
            raise ValueError("cannot decrypt the stored token: wrong key or corrupt data") from None
        return decrypted

    def __repr__(self) -> str:
        return "FernetCryptographyManager(key=<hidden>)"
