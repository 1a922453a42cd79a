"""The token a backend stores: JSON with an absolute expiry, secrets hidden from repr."""

from __future__ import annotations

import base64
import binascii
import json
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

__all__ = ["TOKEN_FORMAT_VERSION", "Token"]

TOKEN_FORMAT_VERSION = 1


@dataclass(frozen=True)
class Token:
    """An OAuth token set. ``expires_at`` is an epoch timestamp, not a relative lifetime."""

    access_token: str = field(repr=False)
    expires_at: float
    token_type: str = "Bearer"
    refresh_token: str | None = field(default=None, repr=False)
    scopes: tuple[str, ...] = ()
    id_token: str | None = field(default=None, repr=False)
    username: str | None = None

    @classmethod
    def from_response(
        cls, payload: Mapping[str, Any], *, now: float | None = None, previous: Token | None = None
    ) -> Token:
        """Build from a ``/token`` response; keeps ``previous``'s refresh token if none came."""
        now = time.time() if now is None else now
        access_token = payload.get("access_token")
        if not isinstance(access_token, str) or not access_token:
            raise ValueError("the token response has no access_token")
        try:
            expires_in = float(payload.get("expires_in", 3599))
        except (TypeError, ValueError) as exc:
            raise ValueError("the token response has a non-numeric expires_in") from exc
        refresh = payload.get("refresh_token") or (previous.refresh_token if previous else None)
        id_token = payload.get("id_token") or (previous.id_token if previous else None)
        scope = payload.get("scope")
        scopes = tuple(str(scope).split()) if scope else (previous.scopes if previous else ())
        username = _username_from_id_token(id_token) or (previous.username if previous else None)
        return cls(
            access_token=access_token,
            expires_at=now + expires_in,
            token_type=str(payload.get("token_type") or "Bearer"),
            refresh_token=refresh if isinstance(refresh, str) else None,
            scopes=scopes,
            id_token=id_token if isinstance(id_token, str) else None,
            username=username,
        )

    @property
    def is_long_lived(self) -> bool:
        """True when a refresh token lets us get new access tokens without the user."""
        return self.refresh_token is not None

    def expires_within(self, seconds: float, *, now: float | None = None) -> bool:
        """True if the access token is expired or will be within ``seconds``."""
        now = time.time() if now is None else now
        return now + seconds >= self.expires_at

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "version": TOKEN_FORMAT_VERSION,
            "token_type": self.token_type,
            "access_token": self.access_token,
            "expires_at": self.expires_at,
            "scopes": list(self.scopes),
        }
        for key in ("refresh_token", "id_token", "username"):
            if getattr(self, key) is not None:
                data[key] = getattr(self, key)
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Token:
        """Parse our stored format (also an oauthlib-style dict with ``scope``/``expires_at``,
        and python-o365 2.x's msal token cache)."""
        if not isinstance(data, Mapping):
            raise ValueError("stored token is not a JSON object")
        from ..compat import is_msal_cache, token_from_msal_cache

        if is_msal_cache(data):  # a token file python-o365 2.x wrote
            return token_from_msal_cache(dict(data))
        version = data.get("version", TOKEN_FORMAT_VERSION)
        if version != TOKEN_FORMAT_VERSION:
            raise ValueError(f"unsupported stored token format version {version!r}")
        access_token = data.get("access_token")
        expires_at = data.get("expires_at")
        if not isinstance(access_token, str) or not isinstance(expires_at, (int, float)):
            raise ValueError("stored token lacks access_token or a numeric expires_at")
        raw_scopes = data.get("scopes", data.get("scope", ()))
        scopes = raw_scopes.split() if isinstance(raw_scopes, str) else list(raw_scopes or ())
        return cls(
            access_token=access_token,
            expires_at=float(expires_at),
            token_type=str(data.get("token_type") or "Bearer"),
            refresh_token=_optional_str(data.get("refresh_token")),
            scopes=tuple(str(s) for s in scopes),
            id_token=_optional_str(data.get("id_token")),
            username=_optional_str(data.get("username")),
        )

    def to_json(self) -> bytes:
        return json.dumps(self.to_dict(), ensure_ascii=True, sort_keys=True).encode("ascii")

    @classmethod
    def from_json(cls, raw: bytes) -> Token:
        try:
            data = json.loads(raw)
        except (UnicodeDecodeError, ValueError):
            # Neither the message nor the chained error may quote the data: it is a secret.
            raise ValueError("stored token is not valid JSON") from None
        return cls.from_dict(data)


def _optional_str(value: object) -> str | None:
    return value if isinstance(value, str) and value else None


def _username_from_id_token(id_token: object) -> str | None:
    """The ``preferred_username`` claim. Informational only, so the signature is not checked."""
    if not isinstance(id_token, str) or id_token.count(".") < 2:
        return None
    body = id_token.split(".")[1]
    try:
        claims = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return None
    name = claims.get("preferred_username") if isinstance(claims, dict) else None
    return name if isinstance(name, str) else None
