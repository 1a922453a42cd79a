"""Read the members of one array in a JSON response without holding the whole document.

`iter_member(chunks, "values")` yields each element of the top-level `"values"` array of a
streamed body as soon as its bytes have arrived, so memory holds one network chunk and one
element, not the parsed array (a block of 5,000 rows parses to ~10x its JSON size).
"""

from __future__ import annotations

import codecs
import json
from collections.abc import Iterable, Iterator
from typing import Any

__all__ = ["iter_member"]

_WHITESPACE = " \t\r\n"


class _Reader:
    def __init__(self, chunks: Iterable[bytes]) -> None:
        self._chunks = iter(chunks)
        self._decode = codecs.getincrementaldecoder("utf-8")()
        self._decoder = json.JSONDecoder()
        self.buf = ""
        self.pos = 0

    def more(self) -> bool:
        chunk = next(self._chunks, None)
        if chunk is None:
            return False
        self.buf = self.buf[self.pos:] + self._decode.decode(chunk)
        self.pos = 0
        return True

    def peek(self) -> str:
        """The next non-space character (not consumed); "" at the end of the body."""
        while True:
            buf, pos = self.buf, self.pos
            while pos < len(buf) and buf[pos] in _WHITESPACE:
                pos += 1
            self.pos = pos
            if pos < len(buf):
                return buf[pos]
            if not self.more():
                return ""

    def take(self, allowed: str) -> str:
        char = self.peek()
        if not char or char not in allowed:
            raise ValueError(f"malformed JSON: expected one of {allowed!r}, found {char!r}")
        self.pos += 1
        return char

    def value(self) -> Any:
        """One complete JSON value, reading more of the body until it is whole."""
        while True:
            first = self.peek()
            try:
                found, end = self._decoder.raw_decode(self.buf, self.pos)
            except json.JSONDecodeError:
                if not self.more():
                    raise
                continue
            # A number or literal ending exactly at the buffer's end may go on in the next chunk.
            if end == len(self.buf) and first not in "\"[{" and self.more():
                continue
            self.pos = end
            return found


def iter_member(chunks: Iterable[bytes], key: str) -> Iterator[Any]:
    """Each element of the array at top-level member `key` of a JSON object (nothing if absent
    or null); the other members are read and dropped."""
    reader = _Reader(chunks)
    reader.take("{")
    if reader.peek() == "}":
        return
    while True:
        name = reader.value()
        reader.take(":")
        if name == key and reader.peek() == "[":
            reader.take("[")
            if reader.peek() == "]":
                reader.take("]")
            else:
                while True:
                    yield reader.value()
                    if reader.take(",]") == "]":
                        break
        else:
            reader.value()
        if reader.take(",}") == "}":
            return
