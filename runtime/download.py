"""Streamed downloads (e.g. ``GET /me/drive/items/{id}/content``).

Graph answers a content request with ``302 Found`` to a pre-authenticated URL on another
host. ``requests`` follows it and drops the ``Authorization`` header because the host (or
port) changes, so the bearer token never reaches the download host.

The body is read in fixed-size chunks and written as it arrives: memory stays at one chunk
whatever the file size. A path destination is written atomically: the bytes go to a
temporary file in the same folder that replaces the destination only when the download is
complete; on any failure the temporary file is removed and the destination is untouched.
A file-object destination receives the bytes directly (not atomic).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, Protocol

from runtime.errors import O365Error

if TYPE_CHECKING:
    import requests

    from runtime.connection import Connection, Timeout

__all__ = ["DEFAULT_CHUNK_SIZE", "BinaryWriter", "DownloadProgress", "download"]

DEFAULT_CHUNK_SIZE = 1024 * 1024
# progress(bytes written so far, total bytes or None when the server did not say)
DownloadProgress = Callable[[int, int | None], None]


class BinaryWriter(Protocol):
    """What a destination stream needs: ``write`` of bytes."""

    def write(self, data: bytes, /) -> object: ...


Destination = str | os.PathLike[str] | BinaryWriter


def download(
    con: Connection,
    url: str,
    dest: Destination,
    *,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
    progress: DownloadProgress | None = None,
    params: Mapping[str, Any] | None = None,
    expected_size: int | None = None,
    timeout: Timeout | None = None,
) -> int:
    """GET ``url`` and stream the body into ``dest`` (a path or a binary file object).

    Returns the number of bytes written. With ``expected_size`` a body of any other length
    raises :class:`~runtime.errors.O365Error` (a path destination is then left untouched).
    Transport failures mid-body raise the ``requests`` exception.
    """
    if isinstance(chunk_size, bool) or not isinstance(chunk_size, int) or chunk_size <= 0:
        raise ValueError(f"chunk_size must be a positive int, not {chunk_size!r}")
    if expected_size is not None and (
        isinstance(expected_size, bool) or not isinstance(expected_size, int) or expected_size < 0
    ):
        raise ValueError(f"expected_size must be an int >= 0, not {expected_size!r}")
    if progress is not None and not callable(progress):
        raise TypeError("progress must be callable")
    path: str | None = None
    if isinstance(dest, (str, os.PathLike)):
        path = os.path.abspath(os.fspath(dest))
        if not os.path.isdir(os.path.dirname(path)):
            raise ValueError(f"download folder {os.path.dirname(path)!r} does not exist")
    elif not callable(getattr(dest, "write", None)):
        raise TypeError(f"dest must be a path or a binary file object, not {type(dest).__name__}")

    response = con.request("GET", url, params=params, stream=True, timeout=timeout)
    try:
        if path is not None:
            return _to_path(response, path, chunk_size, progress, expected_size)
        assert not isinstance(dest, (str, os.PathLike))  # narrowed above
        return _to_stream(response, dest, chunk_size, progress, expected_size)
    finally:
        response.close()


def _to_path(
    response: requests.Response,
    path: str,
    chunk_size: int,
    progress: DownloadProgress | None,
    expected_size: int | None,
) -> int:
    folder, name = os.path.split(path)
    fd, temp_path = tempfile.mkstemp(prefix=f".{name}.", suffix=".part", dir=folder)
    try:
        with os.fdopen(fd, "wb") as temp:
            written = _to_stream(response, temp, chunk_size, progress, expected_size)
            temp.flush()
            os.fsync(temp.fileno())
        os.replace(temp_path, path)
    except BaseException:
        _remove(temp_path)
        raise
    return written


def _remove(path: str) -> None:
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass  # never created or already gone


def _to_stream(
    response: requests.Response,
    stream: BinaryWriter,
    chunk_size: int,
    progress: DownloadProgress | None,
    expected_size: int | None,
) -> int:
    total = expected_size if expected_size is not None else _content_length(response)
    written = 0
    for chunk in response.iter_content(chunk_size=chunk_size):
        if not chunk:
            continue
        stream.write(chunk)
        written += len(chunk)
        if expected_size is not None and written > expected_size:
            raise O365Error(f"download is longer than the expected {expected_size} bytes")
        if progress is not None:
            progress(written, total)
    if expected_size is not None and written != expected_size:
        raise O365Error(f"download ended after {written} of the expected {expected_size} bytes")
    return written


def _content_length(response: requests.Response) -> int | None:
    value = response.headers.get("Content-Length")
    if value is None or not value.strip().isdigit():
        return None
    return int(value)
