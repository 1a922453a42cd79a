"""A token kept in an environment variable of this process."""

from __future__ import annotations

import os

from .base import BaseTokenBackend, CryptographyManager

__all__ = ["EnvTokenBackend"]


class EnvTokenBackend(BaseTokenBackend):
    """Reads and writes ``os.environ[env_var_name]`` (children inherit it; nothing persists)."""

    def __init__(
        self,
        env_var_name: str = "O365_TOKEN",
        *,
        cryptography_manager: CryptographyManager | None = None,
        token_env_name: str | None = None,
    ) -> None:
        if token_env_name is not None:  # python-o365's keyword
            env_var_name = token_env_name
        if not isinstance(env_var_name, str) or not env_var_name or "=" in env_var_name:
            raise ValueError("env_var_name must be a non-empty name without '='")
        super().__init__(cryptography_manager=cryptography_manager)
        self.env_var_name = env_var_name

    @property
    def token_env_name(self) -> str:
        """python-o365's name for `env_var_name`."""
        return self.env_var_name

    def _read(self) -> bytes | None:
        value = os.environ.get(self.env_var_name)
        return value.encode("ascii", "replace") if value else None

    def _write(self, data: bytes) -> None:
        os.environ[self.env_var_name] = data.decode("ascii")

    def _delete(self) -> bool:
        return os.environ.pop(self.env_var_name, None) is not None

    def _location(self) -> str:
        return f"env_var_name={self.env_var_name!r}"
