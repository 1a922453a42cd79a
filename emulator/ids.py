"""Opaque, realistic ids: GUIDs for directory objects, Outlook-like base64, OneDrive-like."""

from __future__ import annotations

import base64
import hashlib
import random
import uuid

__all__ = ["IdFactory"]

_DRIVE_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"


class IdFactory:
    """Deterministic ids from a seed, so a seeded tenant looks the same on every run."""

    def __init__(self, seed: int) -> None:
        self._random = random.Random(f"ids-{seed}")
        # Outlook ids share a mailbox prefix; derive one per factory.
        self._mailbox = hashlib.sha256(f"mailbox-{seed}".encode()).digest()[:30]

    def guid(self) -> str:
        return str(uuid.UUID(int=self._random.getrandbits(128), version=4))

    def outlook(self) -> str:
        # "AAMk..." ids: url-safe base64 of a 113-byte entry id (152 characters, one "=").
        tail = self._random.getrandbits(8 * 77).to_bytes(77, "big")
        raw = b"\x00\x03\x24\x00" + self._mailbox + b"\x00\x46\x00\x00" + tail
        return base64.urlsafe_b64encode(raw).decode()

    def drive(self) -> str:
        return "01" + "".join(self._random.choice(_DRIVE_ALPHABET) for _ in range(32))

    def planner(self) -> str:
        # Planner's ids: 28 url-safe base64 characters ("xqQg5FS2LkCp935s-FIFm2QAFkHM").
        return base64.urlsafe_b64encode(self._random.getrandbits(8 * 21).to_bytes(21, "big")).decode()

    def new(self, style: str) -> str:
        if style == "outlook":
            return self.outlook()
        if style == "drive":
            return self.drive()
        if style == "planner":
            return self.planner()
        return self.guid()

    def change_key(self) -> str:
        return base64.b64encode(self._random.getrandbits(8 * 21).to_bytes(21, "big")).decode()
