"""Content hashes Graph reports for drive files (``file.hashes``), computed locally.

OneDrive for Business and SharePoint give ``quickXorHash``; OneDrive Personal gives
``sha1Hash`` and ``sha256Hash`` (hex). An upload whose final answer was lost is matched to
the item Graph has by these (``generated.o365._runtime.upload``).

QuickXorHash (Microsoft's "QuickXorHash" code snippet for OneDrive): byte ``i`` of the
content is XORed into a 160-bit register at bit offset ``11 * i mod 160``, wrapping around;
the 64-bit little-endian length is then XORed into the last 8 of the 20 little-endian bytes.
Since the offset repeats every 160 bytes, the bytes at equal positions modulo 160 can be
XORed together first: whole blocks of the content are XORed as big integers (C speed), and
only the 160 folded bytes are placed at their offsets.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Iterable

__all__ = ["QuickXorHash", "content_hashes"]

_WIDTH = 160  # bits in the register, and bytes after which offsets repeat
_SHIFT = 11
_MASK = (1 << _WIDTH) - 1
_FOLD = 4096  # blocks of 160 bytes XORed at once (a power of two: folded by halving)
_CHUNK = _WIDTH * _FOLD


class QuickXorHash:
    """Incremental QuickXorHash: :meth:`update` with bytes, :meth:`digest` / :meth:`b64digest`."""

    def __init__(self) -> None:
        self._folded = 0  # XOR of all complete 160-byte blocks, as a little-endian integer
        self._pending = bytearray()  # bytes not yet in a complete chunk
        self._length = 0

    def update(self, data: bytes) -> None:
        self._length += len(data)
        self._pending += data
        whole = len(self._pending) - len(self._pending) % _CHUNK
        if whole:
            view = memoryview(self._pending)
            for start in range(0, whole, _CHUNK):
                self._folded ^= _fold(view[start:start + _CHUNK])
            view.release()
            del self._pending[:whole]

    def digest(self) -> bytes:
        folded = self._folded
        if self._pending:  # zero padding changes nothing in an XOR
            folded ^= _fold(bytes(self._pending) + bytes(_CHUNK - len(self._pending)))
        register = 0
        for position, value in enumerate(folded.to_bytes(_WIDTH, "little")):
            if value:
                offset = (_SHIFT * position) % _WIDTH
                register ^= ((value << offset) | (value >> (_WIDTH - offset))) & _MASK
        out = bytearray(register.to_bytes(_WIDTH // 8, "little"))
        for index, byte in enumerate(self._length.to_bytes(8, "little")):
            out[_WIDTH // 8 - 8 + index] ^= byte
        return bytes(out)

    def b64digest(self) -> str:
        return base64.b64encode(self.digest()).decode("ascii")


def _fold(chunk: bytes | memoryview) -> int:
    """XOR of the chunk's 160-byte blocks (``len(chunk) == _CHUNK``), as an integer."""
    value = int.from_bytes(chunk, "little")
    bits = len(chunk) * 8
    while bits > _WIDTH * 8:
        bits //= 2
        value = (value >> bits) ^ (value & ((1 << bits) - 1))
    return value


def content_hashes(pieces: Iterable[bytes]) -> dict[str, str]:
    """``quickXorHash``, ``sha1Hash`` and ``sha256Hash`` of the content, as Graph writes them."""
    quick, sha1, sha256 = QuickXorHash(), hashlib.sha1(usedforsecurity=False), hashlib.sha256()
    for piece in pieces:
        quick.update(piece)
        sha1.update(piece)
        sha256.update(piece)
    return {"quickXorHash": quick.b64digest(), "sha1Hash": sha1.hexdigest().upper(),
            "sha256Hash": sha256.hexdigest().upper()}
