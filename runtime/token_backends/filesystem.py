"""A token in a file: written atomically, mode 0600, refreshes locked across processes."""

from __future__ import annotations

import contextlib
import os
import secrets
import threading
import time
from collections.abc import Iterator
from contextlib import AbstractContextManager
from pathlib import Path

from .base import BaseTokenBackend, CryptographyManager

try:  # POSIX only; elsewhere refreshes are serialized per process, not across processes.
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

__all__ = ["FileSystemTokenBackend"]

FILE_MODE = 0o600
STALE_SECONDS = 600.0  # a temporary this old has no writer left (when pids cannot tell)
_IN_FLIGHT: set[str] = set()  # this process's temporaries being written right now
_IN_FLIGHT_LOCK = threading.Lock()


class FileSystemTokenBackend(BaseTokenBackend):
    """Stores the token in ``token_path/token_filename`` (``token_path`` may be the file).

    Writes go to a temporary file in the same folder, are fsynced, then ``os.replace``d over
    the old file, so a crash leaves either the old or the new token, never a torn one. A
    writer killed between the two leaves its temporary file (0600, holding a token): each
    write first removes the temporaries of writers that are gone (:meth:`_sweep`).
    """

    def __init__(
        self,
        token_path: str | os.PathLike[str] | None = None,
        token_filename: str = "o365_token.txt",
        *,
        cryptography_manager: CryptographyManager | None = None,
    ) -> None:
        super().__init__(cryptography_manager=cryptography_manager)
        if not token_filename or os.sep in token_filename:
            raise ValueError("token_filename must be a plain file name")
        base = Path(token_path) if token_path is not None else Path.cwd()
        self.token_path = base if base.is_file() else base / token_filename

    @property
    def lock_path(self) -> Path:
        return self.token_path.with_name(self.token_path.name + ".lock")

    def _read(self) -> bytes | None:
        try:
            return self.token_path.read_bytes()
        except FileNotFoundError:
            return None

    def _write(self, data: bytes) -> None:
        folder = self.token_path.parent
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        self._sweep()
        # The writer's pid in the name tells a later write whether the writer is gone.
        temp = folder / f".{self.token_path.name}.{os.getpid()}.{secrets.token_hex(6)}.tmp"
        # O_EXCL + mode at creation: the file is never readable by others, not even briefly.
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
        with _IN_FLIGHT_LOCK:
            _IN_FLIGHT.add(str(temp))
        try:
            try:
                _write_all(fd, data)
                os.fsync(fd)
            finally:
                os.close(fd)
            os.replace(temp, self.token_path)
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                temp.unlink()
            raise
        finally:
            with _IN_FLIGHT_LOCK:
                _IN_FLIGHT.discard(str(temp))
        _fsync_directory(folder)

    def _sweep(self) -> None:
        """Remove temporaries left by writers that died between writing and renaming.

        ``.<token file>.<pid>.<random>.tmp``: removed when that process is gone (or, where
        that cannot be asked, when the file is older than :data:`STALE_SECONDS`); this
        process's own only when no write of it is in flight. Nameless-pid temporaries from
        earlier versions go after :data:`STALE_SECONDS`.
        """
        prefix = f".{self.token_path.name}."
        try:
            names = os.listdir(self.token_path.parent)
        except OSError:
            return
        for name in names:
            if not (name.startswith(prefix) and name.endswith(".tmp")):
                continue
            path = self.token_path.parent / name
            middle = name[len(prefix):-len(".tmp")].split(".")
            pid = int(middle[0]) if len(middle) == 2 and middle[0].isdigit() else None
            if _abandoned(path, pid):
                with contextlib.suppress(FileNotFoundError):
                    path.unlink()

    def _delete(self) -> bool:
        try:
            self.token_path.unlink()
        except FileNotFoundError:
            return False
        return True

    def _exists(self) -> bool:
        return self.token_path.is_file()

    def _location(self) -> str:
        return f"token_path={str(self.token_path)!r}"

    def refresh_lock(self) -> AbstractContextManager[object]:
        return self._flock()

    @contextlib.contextmanager
    def _flock(self) -> Iterator[None]:
        """An exclusive ``flock`` on a lock file next to the token (blocks other processes)."""
        if fcntl is None:  # pragma: no cover - Windows
            yield
            return
        self.lock_path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd = os.open(self.lock_path, os.O_RDWR | os.O_CREAT, FILE_MODE)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(fd, fcntl.LOCK_UN)
        finally:
            os.close(fd)


def _abandoned(path: Path, pid: int | None) -> bool:
    """True if the temporary at ``path``, written by ``pid``, is nobody's any more."""
    if pid == os.getpid():
        with _IN_FLIGHT_LOCK:
            return str(path) not in _IN_FLIGHT
    if pid is not None and os.name == "posix":
        try:
            os.kill(pid, 0)  # signal 0: only asks whether the process exists
        except ProcessLookupError:
            return True
        except PermissionError:
            return False  # alive, another user's
        return False
    try:
        return time.time() - path.stat().st_mtime > STALE_SECONDS
    except FileNotFoundError:
        return False


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def _fsync_directory(folder: Path) -> None:
    """Persist the rename itself (POSIX); harmless no-op where directories cannot be opened."""
    try:
        dir_fd = os.open(folder, os.O_RDONLY)
    except OSError:  # pragma: no cover - e.g. Windows
        return
    try:
        os.fsync(dir_fd)
    except OSError:  # pragma: no cover - some filesystems refuse fsync on directories
        pass
    finally:
        os.close(dir_fd)
