"""Small real images for the emulator's profile photos, without an imaging library.

- `solid_jpeg(width, height, rgb)`: a baseline JPEG (JFIF) of one colour. A flat 8x8 block
  has only a DC coefficient, so the encoder is the JPEG format's skeleton (ITU T.81): one
  quantization table of ones, the standard DC Huffman table, an AC table whose one code is
  end-of-block, and the DC differences of each component.
- `dimensions(data)`: width and height read from a JPEG, PNG, GIF or BMP header.
"""

from __future__ import annotations

import struct

__all__ = ["dimensions", "solid_jpeg"]

# Canonical Huffman table specs (ITU T.81 Annex K.3): code counts per length 1..16, symbols.
DC_BITS = (0, 1, 5, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0)
DC_VALUES = tuple(range(12))
AC_BITS = (1,) + (0,) * 15  # one code, "0": end of block (symbol 0x00)
AC_VALUES = (0x00,)


def _codes(bits: tuple[int, ...], values: tuple[int, ...]) -> dict[int, tuple[int, int]]:
    """symbol -> (code, length) of a canonical Huffman table (T.81 C.2)."""
    codes: dict[int, tuple[int, int]] = {}
    code, k = 0, 0
    for length, count in enumerate(bits, start=1):
        for _ in range(count):
            codes[values[k]] = (code, length)
            code += 1
            k += 1
        code <<= 1
    return codes


DC_CODES = _codes(DC_BITS, DC_VALUES)
EOB = _codes(AC_BITS, AC_VALUES)[0x00]


class _Bits:
    def __init__(self) -> None:
        self.out = bytearray()
        self.acc = 0
        self.n = 0

    def put(self, value: int, length: int) -> None:
        for shift in range(length - 1, -1, -1):
            self.acc = (self.acc << 1) | ((value >> shift) & 1)
            self.n += 1
            if self.n == 8:
                self.out.append(self.acc)
                if self.acc == 0xFF:
                    self.out.append(0x00)  # byte stuffing (T.81 F.1.2.3)
                self.acc, self.n = 0, 0

    def flush(self) -> bytes:
        if self.n:
            self.put((1 << (8 - self.n)) - 1, 8 - self.n)  # pad with ones
        return bytes(self.out)


def _dc(bits: _Bits, diff: int) -> None:
    size = abs(diff).bit_length()
    code, length = DC_CODES[size]
    bits.put(code, length)
    if size:
        bits.put(diff if diff > 0 else diff + (1 << size) - 1, size)  # T.81 F.1.2.1
    bits.put(*EOB)


def _segment(marker: int, payload: bytes) -> bytes:
    return struct.pack(">HH", marker, len(payload) + 2) + payload


def solid_jpeg(width: int, height: int, rgb: tuple[int, int, int]) -> bytes:
    """A width x height JPEG filled with one colour (4:4:4, quality: lossless DC)."""
    if not (0 < width <= 4096 and 0 < height <= 4096):
        raise ValueError("width and height must be between 1 and 4096")
    r, g, b = rgb
    ycc = (0.299 * r + 0.587 * g + 0.114 * b,
           128 - 0.168736 * r - 0.331264 * g + 0.5 * b,
           128 + 0.5 * r - 0.418688 * g - 0.081312 * b)
    # FDCT of a flat block: DC = 8 x (sample - 128); the quantizer is 1.
    dcs = [8 * (max(0, min(255, round(v))) - 128) for v in ycc]
    header = b"\xff\xd8" + _segment(0xFFE0, b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00")
    header += _segment(0xFFDB, b"\x00" + b"\x01" * 64)
    header += _segment(0xFFC0, struct.pack(">BHHB", 8, height, width, 3)
                       + b"".join(bytes((c, 0x11, 0)) for c in (1, 2, 3)))
    header += _segment(0xFFC4, b"\x00" + bytes(DC_BITS) + bytes(DC_VALUES)
                       + b"\x10" + bytes(AC_BITS) + bytes(AC_VALUES))
    header += _segment(0xFFDA, b"\x03" + b"".join(bytes((c, 0x00)) for c in (1, 2, 3))
                       + b"\x00\x3f\x00")
    bits = _Bits()
    blocks = ((width + 7) // 8) * ((height + 7) // 8)
    previous = [0, 0, 0]
    for _ in range(blocks):
        for component in range(3):
            _dc(bits, dcs[component] - previous[component])
            previous[component] = dcs[component]
    return header + bits.flush() + b"\xff\xd9"


def dimensions(data: bytes) -> tuple[int, int] | None:
    """(width, height) of a JPEG, PNG, GIF or BMP, from its header; None if unreadable."""
    if data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) >= 24:
        width, height = struct.unpack(">II", data[16:24])
        return int(width), int(height)
    if data[:6] in (b"GIF87a", b"GIF89a") and len(data) >= 10:
        width, height = struct.unpack("<HH", data[6:10])
        return int(width), int(height)
    if data[:2] == b"BM" and len(data) >= 26:
        width, height = struct.unpack("<ii", data[18:26])
        return int(width), abs(int(height))
    if data[:2] == b"\xff\xd8":
        pos = 2
        while pos + 4 <= len(data):
            if data[pos] != 0xFF:
                return None
            marker = data[pos + 1]
            length = struct.unpack(">H", data[pos + 2:pos + 4])[0]
            if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):  # a frame header
                height, width = struct.unpack(">HH", data[pos + 5:pos + 9])
                return int(width), int(height)
            pos += 2 + length
    return None
