"""Token backends: where the OAuth token is kept between runs.

Every backend is a :class:`BaseTokenBackend`. Cloud and framework backends import their
client library only when first used; install it with the matching extra
(``pip install 'generated-o365[aws]'``, ``[firestore]``, ``[bitwarden]``, ``[django]``,
``[redis]``, ``[crypto]`` for :class:`FernetCryptographyManager`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from runtime.token_backends.base import (
    BaseTokenBackend,
    CryptographyManager,
    MissingDependencyError,
)
from runtime.token_backends.env import EnvTokenBackend
from runtime.token_backends.memory import MemoryTokenBackend

if TYPE_CHECKING:
    from runtime.token_backends.aws import AWSS3Backend, AWSSecretsBackend
    from runtime.token_backends.bitwarden import BitwardenSecretsManagerBackend
    from runtime.token_backends.crypto import FernetCryptographyManager
    from runtime.token_backends.django import DjangoTokenBackend
    from runtime.token_backends.filesystem import FileSystemTokenBackend
    from runtime.token_backends.firestore import FirestoreBackend
    from runtime.token_backends.redis import RedisTokenBackend
    from runtime.token_backends.token import Token

__all__ = [
    "AWSS3Backend",
    "AWSSecretsBackend",
    "BaseTokenBackend",
    "BitwardenSecretsManagerBackend",
    "CryptographyManager",
    "DjangoTokenBackend",
    "EnvTokenBackend",
    "FernetCryptographyManager",
    "FileSystemTokenBackend",
    "FirestoreBackend",
    "MemoryTokenBackend",
    "MissingDependencyError",
    "RedisTokenBackend",
    "Token",
]

# Names whose modules are imported on first access (keeps building an Account cheap: the
# file backend loads fcntl and secrets, the token type dataclasses).
_LAZY = {
    "AWSS3Backend": "aws",
    "AWSSecretsBackend": "aws",
    "BitwardenSecretsManagerBackend": "bitwarden",
    "DjangoTokenBackend": "django",
    "FernetCryptographyManager": "crypto",
    "FileSystemTokenBackend": "filesystem",
    "FirestoreBackend": "firestore",
    "RedisTokenBackend": "redis",
    "Token": "token",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from importlib import import_module

    value = getattr(import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value
