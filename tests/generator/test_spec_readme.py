"""Every key the spec schema accepts is explained in specs/README.md.

A key counts as explained when the README shows it as a key: in a YAML example
(`order_hint: orderHint`) or in inline code (`` `concurrency: if_match` ``,
`` `map: {keys, values}` ``, `` `{each: ..., attribute: ...}` ``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]


def schema_keys(node: Any) -> Iterator[str]:
    """The property names of every object the schema describes, at any depth."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "properties" and isinstance(value, dict):
                yield from value
            yield from schema_keys(value)
    elif isinstance(node, list):
        for value in node:
            yield from schema_keys(value)


def explained(key: str, readme: str) -> bool:
    code = "\n".join(re.findall(r"```.*?```", readme, re.S))
    prose = re.sub(r"```.*?```", "", readme, flags=re.S)
    spans = re.findall(r"`([^`]+)`", prose)
    as_key = re.compile(rf"(^|[\s{{\[,(]){re.escape(key)}(:|$|[\s,}}\]=)])")
    in_yaml = re.compile(rf"(^[\s-]*|[{{,]\s*){re.escape(key)}:", re.M)
    return any(as_key.search(span) for span in spans) or bool(in_yaml.search(code))


def test_every_schema_key_has_words_in_the_readme() -> None:
    keys = set(schema_keys(json.loads((ROOT / "specs" / "spec.schema.json").read_text())))
    readme = (ROOT / "specs" / "README.md").read_text()
    assert len(keys) > 150, "the schema's keys were not found"
    silent = sorted(key for key in keys if not explained(key, readme))
    assert not silent, f"explain these spec keys in specs/README.md: {silent}"


def test_the_planner_keys_have_their_sections() -> None:
    readme = (ROOT / "specs" / "README.md").read_text()
    for key in ("concurrency", "map", "range", "same", "order_hint", "equals"):
        assert re.search(rf"^#### `{key}", readme, re.M), f"no section for `{key}`"


def test_a_word_in_prose_does_not_explain_a_key() -> None:
    assert not explained("same", "the same value, in plain words")
    assert not explained("range", "`a1_address` ranges")
    assert explained("same", "a parameter's `same: {planId: planId}`")
    assert explained("order_hint", "```yaml\n  reorder:\n    order_hint: orderHint\n```")
