"""A token in a Bitwarden Secrets Manager secret (extra ``bitwarden``, bitwarden-sdk)."""

from __future__ import annotations

import os
from typing import Any

from .base import BaseTokenBackend, CryptographyManager, require_module

__all__ = ["BitwardenSecretsManagerBackend"]


class BitwardenSecretsManagerBackend(BaseTokenBackend):
    """The token is the value of the secret ``secret_id`` (which must already exist).

    ``access_token`` is a machine-account access token (default: ``$BWS_ACCESS_TOKEN``).
    Pass a logged-in ``client`` (a ``bitwarden_sdk.BitwardenClient``) to skip the login.
    Bitwarden secrets cannot be emptied, so :meth:`delete_token` stores an empty value.
    """

    def __init__(
        self,
        secret_id: str,
        access_token: str | None = None,
        *,
        client: Any = None,
        cryptography_manager: CryptographyManager | None = None,
    ) -> None:
        if not secret_id:
            raise ValueError("BitwardenSecretsManagerBackend needs a secret_id")
        super().__init__(cryptography_manager=cryptography_manager)
        self.secret_id = secret_id
        self._access_token = access_token
        self._client = client

    @property
    def client(self) -> Any:
        if self._client is None:
            access_token = self._access_token or os.environ.get("BWS_ACCESS_TOKEN")
            if not access_token:
                raise ValueError(
                    "BitwardenSecretsManagerBackend needs access_token= or $BWS_ACCESS_TOKEN"
                )
            sdk = require_module(
                "bitwarden_sdk", extra="bitwarden", backend="BitwardenSecretsManagerBackend"
            )
            client = sdk.BitwardenClient()
            client.auth().login_access_token(access_token)
            self._client = client
        return self._client

    def _secret(self) -> Any:
        return self.client.secrets().get(self.secret_id).data

    def _read(self) -> bytes | None:
        value = self._secret().value
        return value.encode("ascii") if isinstance(value, str) and value else None

    def _store(self, value: str) -> None:
        # An update rewrites every field, so carry the current ones over.
        secret = self._secret()
        project_id = getattr(secret, "project_id", None)
        self.client.secrets().update(
            organization_id=secret.organization_id,
            id=self.secret_id,
            key=secret.key,
            value=value,
            note=getattr(secret, "note", "") or "",
            project_ids=[project_id] if project_id else None,
        )

    def _write(self, data: bytes) -> None:
        self._store(data.decode("ascii"))

    def _delete(self) -> bool:
        existed = self._exists()
        self._store("")
        return existed

    def _location(self) -> str:
        return f"bitwarden secret_id={self.secret_id!r}"
