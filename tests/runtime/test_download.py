"""generated.o365._runtime.download over real sockets: a Graph host that redirects to a download host."""

from __future__ import annotations

import hashlib
import io
import tracemalloc
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from generated.o365._runtime.connection import Connection
from generated.o365._runtime.download import download
from generated.o365._runtime.errors import NotFoundError, O365Error
from generated.o365._runtime.protocol import MSGraphProtocol
from tests.runtime.transfer_server import PatternSource, StaticToken, TransferServer

MIB = 1024 * 1024


@pytest.fixture
def storage() -> Iterator[TransferServer]:
    """The pre-authenticated download host (another port: another origin)."""
    with TransferServer() as running:
        yield running


@pytest.fixture
def graph(storage: TransferServer) -> Iterator[TransferServer]:
    with TransferServer(download_host=storage) as running:
        yield running


@pytest.fixture
def con(graph: TransferServer) -> Iterator[Connection]:
    protocol = MSGraphProtocol(protocol_url=graph.url("/"))
    with Connection(protocol=protocol, token_provider=StaticToken(), timeout=(5.0, 20.0)) as c:
        yield c


def _publish(storage: TransferServer, name: str, size: int, piece: int = 100_000) -> str:
    def chunks() -> Iterator[bytes]:
        source = PatternSource(size)
        while data := source.read(piece):
            yield data

    storage.add_download(name, chunks, size)
    return hashlib.sha256(PatternSource(size).read()).hexdigest()


def test_download_to_path_follows_redirect_without_leaking_the_token(
    graph: TransferServer, storage: TransferServer, con: Connection, tmp_path: Path
) -> None:
    size = 3 * MIB + 5
    digest = _publish(storage, "f1", size)
    dest = tmp_path / "out.bin"
    seen: list[tuple[int, int | None]] = []

    written = download(
        con, "items/f1/content", dest, chunk_size=MIB, progress=lambda d, t: seen.append((d, t))
    )

    assert written == size == dest.stat().st_size
    assert hashlib.sha256(dest.read_bytes()).hexdigest() == digest
    assert seen == [(MIB, size), (2 * MIB, size), (3 * MIB, size), (size, size)]
    assert graph.requests_to("GET", "/v1.0/items/f1/content")[0].headers["authorization"] == (
        "Bearer test-access-token"
    )
    assert "authorization" not in storage.requests_to("GET", "/download/f1")[0].headers
    assert [p.name for p in tmp_path.iterdir()] == ["out.bin"]


def test_download_to_file_object(storage: TransferServer, con: Connection, tmp_path: Path) -> None:
    digest = _publish(storage, "f2", 200_000)
    sink = io.BytesIO()
    assert download(con, "items/f2/content", sink, chunk_size=65_536, expected_size=200_000) == (
        200_000
    )
    assert hashlib.sha256(sink.getvalue()).hexdigest() == digest


def test_failed_download_leaves_the_destination_untouched(
    storage: TransferServer, con: Connection, tmp_path: Path
) -> None:
    _publish(storage, "f3", 2 * MIB)
    storage.drop_download_after(MIB + 10)
    dest = tmp_path / "keep.txt"
    dest.write_bytes(b"previous version")
    with pytest.raises(requests.exceptions.RequestException):
        download(con, "items/f3/content", dest, chunk_size=65_536)
    assert dest.read_bytes() == b"previous version"
    assert [p.name for p in tmp_path.iterdir()] == ["keep.txt"]  # no temp file left


def test_expected_size_mismatch_raises_and_writes_nothing(
    storage: TransferServer, con: Connection, tmp_path: Path
) -> None:
    _publish(storage, "f4", 1000)
    dest = tmp_path / "new.bin"
    with pytest.raises(O365Error, match="ended after 1000 of the expected 2000 bytes"):
        download(con, "items/f4/content", dest, expected_size=2000)
    with pytest.raises(O365Error, match="longer than the expected 10 bytes"):
        download(con, "items/f4/content", dest, expected_size=10)
    assert list(tmp_path.iterdir()) == []


def test_missing_item_raises_not_found(
    storage: TransferServer, con: Connection, tmp_path: Path
) -> None:
    with pytest.raises(NotFoundError):
        download(con, "items/nope/content", tmp_path / "x.bin")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"chunk_size": 0}, ValueError),
        ({"chunk_size": True}, ValueError),
        ({"expected_size": -1}, ValueError),
        ({"progress": 3}, TypeError),
    ],
)
def test_bad_arguments_raise_before_any_request(
    graph: TransferServer, con: Connection, tmp_path: Path, kwargs: dict[str, object], error: type
) -> None:
    with pytest.raises(error):
        download(con, "items/f/content", tmp_path / "x", **kwargs)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="does not exist"):
        download(con, "items/f/content", tmp_path / "missing" / "x")
    with pytest.raises(TypeError):
        download(con, "items/f/content", 42)  # type: ignore[arg-type]
    assert graph.seen == []


def test_memory_stays_at_one_chunk_whatever_the_size(
    storage: TransferServer, con: Connection
) -> None:
    size = 40 * MIB
    _publish(storage, "big", size, piece=MIB)

    class Sink(io.RawIOBase):
        written = 0

        def writable(self) -> bool:
            return True

        def write(self, data: object) -> int:
            n = len(data)  # type: ignore[arg-type]
            self.written += n
            return n

    sink = Sink()
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        assert download(con, "items/big/content", sink, chunk_size=MIB) == size
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert sink.written == size
    assert peak < 8 * MIB  # one chunk plus the server thread's piece, far below 40 MiB
