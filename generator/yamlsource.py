"""Load YAML while remembering where every value came from (line and column).

PyYAML's composer gives us nodes with marks; we turn them into plain Python values and keep
a map from JSON-pointer paths to (line, column), so any later check can name the exact spot.
Duplicate mapping keys, which PyYAML silently accepts, are reported as problems here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

from .problems import Problem


def pointer(parts: tuple[str | int, ...] | list[str | int]) -> str:
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in parts)


@dataclass
class SourceDoc:
    file: str  # path relative to the specs folder, as shown in messages
    data: Any
    marks: dict[str, tuple[int, int]] = field(default_factory=dict)
    key_marks: dict[str, tuple[int, int]] = field(default_factory=dict)

    def where(self, parts: tuple[str | int, ...] | list[str | int], *, key: bool = False) -> tuple[int, int]:
        """Line and column of the value at `parts` (or of its key), falling back to the parent."""
        parts = list(parts)
        while True:
            ptr = pointer(parts)
            if key and ptr in self.key_marks:
                return self.key_marks[ptr]
            if ptr in self.marks:
                return self.marks[ptr]
            if not parts:
                return (1, 1)
            parts.pop()

    def problem(self, parts: tuple[str | int, ...] | list[str | int], message: str, *, key: bool = False) -> Problem:
        line, col = self.where(parts, key=key)
        return Problem(self.file, line, col, pointer(list(parts)), message)


def load(text: str, file: str) -> tuple[SourceDoc | None, list[Problem]]:
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        reason = getattr(exc, "problem", None) or str(exc)
        return None, [Problem(file, line, col, "", f"invalid YAML: {reason}")]
    doc = SourceDoc(file, None)
    problems: list[Problem] = []
    if root is None:
        return None, [Problem(file, 1, 1, "", "the file is empty")]
    doc.data = _convert(root, [], doc, problems)
    return doc, problems


def _convert(node: yaml.Node, parts: list[str | int], doc: SourceDoc, problems: list[Problem]) -> Any:
    doc.marks[pointer(parts)] = (node.start_mark.line + 1, node.start_mark.column + 1)
    if isinstance(node, yaml.MappingNode):
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = str(key_node.value)
            child = [*parts, key]
            key_mark = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            if key in out:
                first = doc.key_marks[pointer(child)]
                problems.append(
                    Problem(doc.file, key_mark[0], key_mark[1], pointer(child),
                            f"duplicate key {key!r} (first defined at line {first[0]})")
                )
                continue
            doc.key_marks[pointer(child)] = key_mark
            out[key] = _convert(value_node, child, doc, problems)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_convert(item, [*parts, i], doc, problems) for i, item in enumerate(node.value)]
    # Scalars: let the safe constructor resolve ints, bools and nulls the usual way.
    return _SCALARS.construct_object(node, deep=True)


_SCALARS = yaml.SafeLoader("")
