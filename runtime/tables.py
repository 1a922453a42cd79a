"""Tables generated from the specs that runtime modules read only when they need them.

The generated package names each table's module once at import (:func:`register`); the
runtime module that reads a table imports it on first use (:func:`module_for`). Registering
is a dict entry, so ``import generated.o365`` loads neither the tables nor the runtime
modules that use them (permission hints, subscription lifetimes).
"""

from __future__ import annotations

__all__ = ["module_for", "register"]

_modules: dict[str, str] = {}


def register(kind: str, module: str) -> None:
    """Use ``module`` (its ``RULES``) as the table of ``kind`` ("hints", "lifetimes")."""
    _modules[kind] = module


def module_for(kind: str) -> str | None:
    """The module registered for ``kind``, or None."""
    return _modules.get(kind)
