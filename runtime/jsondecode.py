"""Decoding Graph's JSON bodies: ``orjson`` when installed (the ``[speedups]`` extra), else ``json``.

Both decoders give the same values for every body Graph can send. ``orjson`` accepts only
strict RFC 8259 JSON in UTF-8 and refuses what ``json`` also takes (``NaN``, ``Infinity``, a
byte order mark, lone surrogates, nesting deeper than 1,024): those bodies, and the errors, are
the standard library's. One value differs: an integer literal beyond 64 bits, which ``orjson``
returns as a float. Graph's integers are Edm.Int32 and Edm.Int64, so none of its responses
holds one; checking every body for one costs a third of what ``orjson`` saves, so it is not
done (``O365_JSON_DECODER=stdlib`` for data that needs it). Nesting between Python's
recursion limit and 1,024 levels, which ``json`` refuses, ``orjson`` reads.

``O365_JSON_DECODER=stdlib`` in the environment (or :func:`use`) turns ``orjson`` off;
``orjson`` requires it (an ImportError when it is not installed); ``auto`` is the default.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from typing import Any

__all__ = ["DECODERS", "ENVIRONMENT", "active", "loads", "use"]

ENVIRONMENT = "O365_JSON_DECODER"
DECODERS = ("auto", "orjson", "stdlib")

_fast: Callable[[bytes | bytearray | str], Any] | None = None
_chosen: str | None = None  # None: not resolved yet


def use(name: str | None) -> None:
    """Choose the decoder: "auto", "orjson" or "stdlib"; None goes back to the environment."""
    global _fast, _chosen
    if name is not None and name not in DECODERS:
        raise ValueError(f"unknown JSON decoder {name!r}; choose one of {', '.join(DECODERS)}")
    _fast, _chosen = None, None
    if name is not None:
        _resolve(name)


def active() -> str:
    """The decoder in use: "orjson" or "stdlib"."""
    if _chosen is None:
        _resolve(os.environ.get(ENVIRONMENT, "auto").strip().lower() or "auto")
    return "orjson" if _fast is not None else "stdlib"


def _resolve(name: str) -> None:
    global _fast, _chosen
    if name not in DECODERS:
        raise ValueError(f"{ENVIRONMENT}={name!r}: choose one of {', '.join(DECODERS)}")
    fast = None
    if name != "stdlib":
        try:
            import orjson
        except ImportError:
            if name == "orjson":
                raise ImportError(f"{ENVIRONMENT}=orjson, but orjson is not installed: "
                                  "pip install 'generated-o365[speedups]'") from None
        else:
            fast = orjson.loads
    _fast, _chosen = fast, name


def loads(content: bytes | bytearray | str) -> Any:
    """The JSON value of ``content``; raises ``ValueError`` (``json.JSONDecodeError``) or
    ``RecursionError`` exactly as :func:`json.loads` does."""
    if _chosen is None:
        active()
    fast = _fast
    if fast is not None:
        try:
            return fast(content)
        except ValueError:
            pass  # not strict JSON: the standard library decides (value or error)
    return json.loads(content)
