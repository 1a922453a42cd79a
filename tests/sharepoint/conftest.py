"""Fixtures for the SharePoint tests: cassette playback (the storage tests' matcher) and objects
bound to a connection."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import vcr

from tests.storage.conftest import bound, documented_body, graph_con

__all__ = ["bound", "cassette", "graph_con"]

CASSETTES = Path(__file__).parent / "cassettes"


def recorded_prefer(r1: Any, r2: Any) -> None:
    """vcr matcher: a Prefer value the recorded request carries was sent too (among others)."""
    wanted = r2.headers.get("Prefer")
    if wanted:
        sent = [v.strip() for v in (r1.headers.get("Prefer") or "").split(",")]
        assert wanted in sent, f"Prefer {sent} lacks {wanted!r}"


def cassette(name: str) -> Any:
    """Play a committed cassette strictly: every request must be in it, in order, once."""
    recorder = vcr.VCR(cassette_library_dir=str(CASSETTES), record_mode="none")
    recorder.register_matcher("documented_body", documented_body)
    recorder.register_matcher("recorded_prefer", recorded_prefer)
    return recorder.use_cassette(
        name, match_on=["method", "scheme", "host", "port", "path", "query", "documented_body",
                        "recorded_prefer"],
        allow_playback_repeats=False)
