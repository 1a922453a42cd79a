"""Binary request bodies: an argument sent as the request's own bytes (`in: content`).

A spec parameter `{type: bytes, in: content, media: image}` (a profile photo, Graph's
profilephoto-update.md) takes bytes, a path or a binary file object. Its bytes are read and,
for `media: image`, recognised by their signature as JPEG, PNG, GIF or BMP, which also gives
the request's Content-Type. Anything else is refused before a request is sent.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

__all__ = ["IMAGE_TYPES", "Media", "image_type", "media"]

# Leading bytes of the image formats Graph takes for photos, and their media types.
IMAGE_TYPES: tuple[tuple[bytes, str], ...] = (
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
    (b"BM", "image/bmp"),
)


@dataclass(frozen=True)
class Media:
    """A request body of raw bytes and its Content-Type."""

    data: bytes
    content_type: str

    def __repr__(self) -> str:  # never the bytes themselves
        return f"Media({self.content_type}, {len(self.data)} bytes)"


def image_type(data: bytes) -> str | None:
    """The media type of image bytes, or None when they are no JPEG, PNG, GIF or BMP."""
    for signature, content_type in IMAGE_TYPES:
        if data.startswith(signature):
            return content_type
    return None


def media(value: Any, kind: str) -> Media:
    """The bytes of `value` (bytes, a path, or a binary file object) as a request body."""
    if isinstance(value, (bytes, bytearray, memoryview)):
        data = bytes(value)
    elif isinstance(value, (str, os.PathLike)):
        if not os.path.isfile(value):
            raise FileNotFoundError(f"no file at {os.fspath(value)!r}")
        with open(value, "rb") as handle:
            data = handle.read()
    elif hasattr(value, "read"):
        data = value.read()
        if not isinstance(data, bytes):
            raise TypeError("the file object must be opened in binary mode ('rb')")
    else:
        raise TypeError(f"expected bytes, a path or a binary file, not {type(value).__name__}")
    if not data:
        raise ValueError("the content is empty")
    if kind != "image":
        return Media(data, "application/octet-stream")
    content_type = image_type(data)
    if content_type is None:
        raise ValueError("this is not an image Graph takes (JPEG, PNG, GIF or BMP): "
                         f"it starts with {data[:8]!r}")
    return Media(data, content_type)
