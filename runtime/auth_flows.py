"""What a user-driven sign-in (authorization code, device code) keeps between its steps.

Its own module so that ``generated.o365._runtime.auth`` (needed by every Account) does not load
``dataclasses`` for flows an app-only script never runs; ``generated.o365._runtime.auth`` re-exports both.
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["AuthorizationFlow", "DeviceCodeChallenge"]


@dataclass(frozen=True)
class AuthorizationFlow:
    """What :meth:`TokenManager.get_authorization_url` remembers for :meth:`request_token`."""

    auth_url: str = field(repr=False)
    state: str = field(repr=False)
    code_verifier: str = field(repr=False)
    redirect_uri: str
    scopes: tuple[str, ...]


@dataclass(frozen=True)
class DeviceCodeChallenge:
    """What the user must do to finish a device code sign-in."""

    user_code: str
    verification_uri: str
    expires_in: int
    interval: int
    message: str
    device_code: str = field(repr=False)
