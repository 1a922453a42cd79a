"""Token backends: where the OAuth token is kept between runs.

Every backend is a :class:`BaseTokenBackend`. Cloud and framework backends import their
client library only when first used; install it with the matching extra
(``pip install 'generated-o365[aws]'``, ``[firestore]``, ``[bitwarden]``, ``[django]``,
``[redis]``, ``[crypto]`` for :class:`FernetCryptographyManager`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .base import BaseTokenBackend, CryptographyManager
from .env import EnvTokenBackend
from .memory import MemoryTokenBackend

if TYPE_CHECKING:
    from .aws import AWSS3Backend, AWSSecretsBackend
    from .bitwarden import BitwardenSecretsManagerBackend
    from .crypto import FernetCryptographyManager
    from .django import DjangoTokenBackend
    from .filesystem import FileSystemTokenBackend
    from .firestore import FirestoreBackend
    from .redis import RedisTokenBackend
    from .token import Token

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
