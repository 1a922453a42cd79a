"""Spec problems: every check reports into one list so a run shows all mistakes at once."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int
    column: int
    pointer: str  # where inside the document, e.g. /operations/send/path
    message: str

    def __str__(self) -> str:
        where = f" (at {self.pointer})" if self.pointer else ""
        return f"{self.file}:{self.line}:{self.column}: {self.message}{where}"


class SpecError(Exception):
    """Raised with every problem found; str() lists them one per line."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems)
        count = len(self.problems)
        lines = [f"{count} problem{'s' if count != 1 else ''} in the specs:"]
        lines += [f"  {p}" for p in self.problems]
        super().__init__("\n".join(lines))
