"""Streamed downloads (e.g. ``GET /me/drive/items/{id}/content``).

Graph answers a content request with ``302 Found`` to a pre-authenticated URL on another
host. ``requests`` follows it and drops the ``Authorization`` header because the host (or
port) changes, so the bearer token never reaches the download host.

The body is read in fixed-size chunks and written as it arrives: memory stays at one chunk
whatever the file size. A path destination is written atomically: the bytes go to a
temporary file in the same folder that replaces the destination only when the download is
complete; on any failure the temporary file is removed and the destination is untouched.
A file-object destination receives the bytes directly (not atomic).

The length is checked against ``Content-Length`` (urllib3) or the chunked framing; when the
response has neither (a close-delimited body, which looks complete when cut short), against
the size Graph gave for the content (a spec's ``size:`` key) if it gave one.

Local names for content named by the server (:func:`local_name`, :class:`UniqueNames`):

1. only the last part after any slash or backslash is kept, so a name cannot reach another
   folder;
2. control characters are dropped; ``< > : " | ? *`` and lone surrogates become ``_``
   (Windows refuses them; they cannot be encoded); spaces at either end and dots at the end
   are stripped (Windows drops trailing ones);
3. an empty result, ``.`` or ``..`` becomes the item's id (made safe the same way);
   a Windows device name (``CON``, ``NUL``, ``COM1``...) gets a leading ``_``;
4. the name is cut to 255 bytes of UTF-8, keeping its extension;
5. within one ``download_all`` / ``download_contents`` folder, a name already used (compared
   case-insensitively, as on Windows and macOS) gets `` (2)``, `` (3)``... before its extension.
"""

from __future__ import annotations

import os
import re
import tempfile
import unicodedata
from collections.abc import Callable, Iterator, Mapping
from typing import TYPE_CHECKING, Any, Protocol

from .body import Deadline, iter_body, shown_url
from .errors import IncompleteDownloadError

if TYPE_CHECKING:
    import requests

    from .connection import Connection, Timeout

__all__ = ["DEFAULT_CHUNK_SIZE", "BinaryWriter", "DownloadProgress", "UniqueNames", "download",
           "inside", "local_name"]

DEFAULT_CHUNK_SIZE = 1024 * 1024
MAX_NAME_BYTES = 255  # ext4, NTFS (in UTF-16 units), APFS: about this many
_FORBIDDEN = re.compile(r'[<>:"|?*]')
_DEVICE_NAMES = frozenset({"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)),
                           *(f"LPT{i}" for i in range(1, 10))})
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
    known_size: int | None = None,
    timeout: Timeout | None = None,
    deadline: float | None = None,
) -> int:
    """GET ``url`` and stream the body into ``dest`` (a path or a binary file object).

    Returns the number of bytes written. With ``expected_size`` a body of any other length
    raises :class:`~generated.o365._runtime.errors.IncompleteDownloadError` (a path destination is then left
    untouched). ``known_size`` is the length Graph last gave for the content (an item's
    ``size``, perhaps stale): it is checked the same way when the response itself says
    nothing of its length (no Content-Length, not chunked), where a body cut short would
    otherwise look complete. ``deadline`` (seconds; default the connection's) covers the
    whole download, body included. Transport failures mid-body raise the ``requests``
    exception.
    """
    if isinstance(chunk_size, bool) or not isinstance(chunk_size, int) or chunk_size <= 0:
        raise ValueError(f"chunk_size must be a positive int, not {chunk_size!r}")
    for size_name, size_value in (("expected_size", expected_size), ("known_size", known_size)):
        if size_value is not None and (isinstance(size_value, bool)
                                       or not isinstance(size_value, int) or size_value < 0):
            raise ValueError(f"{size_name} must be an int >= 0, not {size_value!r}")
    if progress is not None and not callable(progress):
        raise TypeError("progress must be callable")
    path: str | None = None
    if isinstance(dest, (str, os.PathLike)):
        path = os.path.abspath(os.fspath(dest))
        if not os.path.isdir(os.path.dirname(path)):
            raise ValueError(f"download folder {os.path.dirname(path)!r} does not exist")
    elif not callable(getattr(dest, "write", None)):
        raise TypeError(f"dest must be a path or a binary file object, not {type(dest).__name__}")

    limit = Deadline(con.deadline if deadline is None else deadline)
    response = con.request("GET", url, params=params, stream=True, timeout=timeout,
                           deadline=limit)
    body = _Body(response, limit, chunk_size, _read_timeout(timeout or con.timeout))
    if expected_size is None and known_size is not None and not _framed(response):
        expected_size = known_size
    try:
        if path is not None:
            return _to_path(body, path, progress, expected_size)
        assert not isinstance(dest, (str, os.PathLike))  # narrowed above
        return _to_stream(body, dest, progress, expected_size)
    finally:
        response.close()


class _Body:
    """A streamed response body read under the download's deadline, in pieces that never
    cross a multiple of ``chunk_size`` (so progress is reported at whole chunks)."""

    def __init__(self, response: requests.Response, deadline: Deadline, chunk_size: int,
                 read_timeout: float) -> None:
        self.response = response
        self.what = f"GET {shown_url(response)}"
        self.chunk_size = chunk_size
        self._deadline = deadline
        self._read_timeout = read_timeout

    def pieces(self) -> Iterator[bytes]:
        return iter_body(self.response, self._deadline, self.what,
                         read_timeout=self._read_timeout, size=self.chunk_size)


def _to_path(
    body: _Body, path: str, progress: DownloadProgress | None, expected_size: int | None
) -> int:
    folder, name = os.path.split(path)
    fd, temp_path = tempfile.mkstemp(prefix=f".{name}.", suffix=".part", dir=folder)
    try:
        with os.fdopen(fd, "wb") as temp:
            written = _to_stream(body, temp, progress, expected_size)
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
    body: _Body, stream: BinaryWriter, progress: DownloadProgress | None,
    expected_size: int | None,
) -> int:
    total = expected_size if expected_size is not None else _content_length(body.response)
    written = 0
    for piece in body.pieces():
        stream.write(piece)
        written += len(piece)
        if expected_size is not None and written > expected_size:
            raise IncompleteDownloadError(
                f"{body.what}: the download is longer than the expected {expected_size} bytes")
        if progress is not None and written % body.chunk_size == 0:
            progress(written, total)
    if expected_size is not None and written != expected_size:
        raise IncompleteDownloadError(
            f"{body.what}: the download ended after {written} of the expected "
            f"{expected_size} bytes")
    if progress is not None and written % body.chunk_size:
        progress(written, total)
    return written


def _content_length(response: requests.Response) -> int | None:
    value = response.headers.get("Content-Length")
    if value is None or not value.strip().isdigit():
        return None
    return int(value)


def _framed(response: requests.Response) -> bool:
    """True if the response says where its body ends (Content-Length, or chunked)."""
    headers = response.headers
    return ("Content-Length" in headers
            or "chunked" in headers.get("Transfer-Encoding", "").lower())


def _read_timeout(timeout: Timeout) -> float:
    return timeout[1] if isinstance(timeout, tuple) else timeout


def local_name(name: object, fallback: object) -> str:
    """A file name safe to create in a destination folder (rules in the module docstring)."""
    text = _cleaned(str(name or ""))
    if text in ("", ".", ".."):
        text = _cleaned(str(fallback or "")) or "download"
        if text in (".", ".."):
            text = "download"
    stem, dot, extension = text.rpartition(".")
    if not dot:
        stem, extension = text, ""
    if stem.upper() in _DEVICE_NAMES:
        text = "_" + text
    if len(text.encode("utf-8")) > MAX_NAME_BYTES:
        suffix = f".{extension}" if dot and len(extension.encode("utf-8")) < 32 else ""
        room = MAX_NAME_BYTES - len(suffix.encode("utf-8"))
        head = (stem if suffix else text).encode("utf-8")[:room].decode("utf-8", "ignore")
        text = head.rstrip(" .") + suffix
    return text


def _cleaned(text: str) -> str:
    text = text.replace("\\", "/").rsplit("/", 1)[-1]
    text = "".join("_" if unicodedata.category(c) == "Cs" else c for c in text
                   if unicodedata.category(c) != "Cc")  # no controls, no lone surrogates
    return _FORBIDDEN.sub("_", text).strip(" ").rstrip(" .")  # Windows drops trailing dots


class UniqueNames:
    """Hands out local names unique within one folder (case-insensitively): ``a.pdf``,
    ``a (2).pdf``, ``a (3).pdf``..."""

    def __init__(self) -> None:
        self._taken: set[str] = set()

    def __call__(self, name: str) -> str:
        candidate, number = name, 1
        stem, dot, extension = name.rpartition(".")
        if not dot or not stem:
            stem, dot, extension = name, "", ""
        while candidate.casefold() in self._taken:
            number += 1
            candidate = f"{stem} ({number}){dot}{extension}"
        self._taken.add(candidate.casefold())
        return candidate


def inside(folder: str | os.PathLike[str], name: str) -> str:
    """``folder/name``, refusing any name that would land outside ``folder``."""
    base = os.path.abspath(os.fspath(folder))
    target = os.path.abspath(os.path.join(base, name))
    if os.path.dirname(target) != base:
        raise ValueError(f"{name!r} would be written outside {base!r}")
    return target
