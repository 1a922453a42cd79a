"""Leaf values every layer needs, kept free of heavy imports (the connection loads this).

`NOT_GIVEN` tells "argument not passed" apart from `None`; `check_text` refuses text that is
not valid Unicode before anything is sent. `generated.o365._runtime.model` and `generated.o365._runtime.arguments` re-export
them under their historical names.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Mapping
from typing import Any

__all__ = ["NOT_GIVEN", "NotGiven", "check_text"]


class NotGiven(enum.Enum):
    """The type of `NOT_GIVEN`: an argument the caller did not pass."""

    NOT_GIVEN = "NOT_GIVEN"

    def __repr__(self) -> str:
        return "NOT_GIVEN"

    def __bool__(self) -> bool:
        return False


NOT_GIVEN = NotGiven.NOT_GIVEN

_SURROGATE = re.compile("[\ud800-\udfff]")


def check_text(value: Any, where: str) -> None:
    """Refuse text that is not valid Unicode anywhere in ``value`` (a str, or the strings in
    a JSON-like structure of mappings and lists), before anything is sent.

    A str holding a lone surrogate (U+D800-U+DFFF) cannot be encoded as UTF-8: it comes from
    bytes decoded with ``errors="surrogateescape"`` (``os.listdir`` on a file name that is not
    UTF-8) or from broken JSON escapes. Graph would answer 400, or store a replacement
    character; the caller is told here which value is at fault.
    """
    found = _lone_surrogate(value, where)
    if found is not None:
        place, char = found
        raise ValueError(
            f"{place} contains U+{ord(char):04X}, a lone surrogate: not valid Unicode text "
            "(a file name or bytes decoded with errors='surrogateescape'?); decode it "
            "properly, or replace it with text.encode('utf-8', 'replace').decode()"
        )


def _lone_surrogate(value: Any, where: str) -> tuple[str, str] | None:
    if isinstance(value, str):
        if value.isascii():
            return None
        match = _SURROGATE.search(value)
        return None if match is None else (where, match.group())
    if isinstance(value, Mapping):
        for key, item in value.items():
            label = f"{where}/{_printable(key)}"
            found = _lone_surrogate(key, f"{label} (the key)") or _lone_surrogate(item, label)
            if found is not None:
                return found
    elif isinstance(value, (list, tuple)):
        for index, item in enumerate(value):
            found = _lone_surrogate(item, f"{where}[{index}]")
            if found is not None:
                return found
    return None


def _printable(key: Any) -> str:
    """A key as it can be printed even when it holds a lone surrogate."""
    return str(key).encode("utf-8", "backslashreplace").decode("utf-8")
