"""Start and stop the benchmark emulator (bench.serve) in a separate process."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import asdict, dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
START_TIMEOUT = 300.0  # seeding 100,000 messages takes a few seconds; allow slow machines


@dataclass(frozen=True)
class ServerInfo:
    """What a client needs to reach the seeded tenant (passed to children as JSON)."""

    url: str
    tenant_id: str
    client_id: str
    client_secret: str
    user: str
    folders: dict[str, str]  # size -> mail folder id
    batch_ids: list[str]
    drive_id: str
    root_id: str
    mailboxes: list[str] = field(default_factory=list)  # users with mail (--mailboxes)

    @property
    def graph_url(self) -> str:
        return f"{self.url}v1.0/"

    @property
    def token_url(self) -> str:
        return f"{self.url}{self.tenant_id}/oauth2/v2.0/token"

    def to_json(self) -> str:
        return json.dumps(asdict(self))

    @classmethod
    def from_json(cls, text: str) -> ServerInfo:
        return cls(**json.loads(text))


class BenchServer:
    """``with BenchServer([5000]) as info:`` runs ``python -m bench.serve`` until exit."""

    def __init__(self, folder_sizes: list[int], *, python: str = sys.executable,
                 mailboxes: int = 0, latency: float = 0.0) -> None:
        self._argv = [python, "-m", "bench.serve",
                      "--folders", ",".join(str(n) for n in folder_sizes),
                      "--mailboxes", str(mailboxes), "--latency", str(latency)]
        self._process: subprocess.Popen[str] | None = None

    def __enter__(self) -> ServerInfo:
        process = subprocess.Popen(self._argv, cwd=ROOT, stdin=subprocess.PIPE,
                                   stdout=subprocess.PIPE, text=True)
        self._process = process
        assert process.stdout is not None
        line = process.stdout.readline()
        if not line:
            self._stop()
            raise RuntimeError("the benchmark emulator exited before it was ready")
        return ServerInfo.from_json(line)

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self._stop()

    def _stop(self) -> None:
        process, self._process = self._process, None
        if process is None:
            return
        if process.stdin is not None:
            process.stdin.close()  # bench.serve stops on EOF
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
        if process.stdout is not None:
            process.stdout.close()


def info_dict(info: ServerInfo) -> dict[str, Any]:
    return asdict(info)
