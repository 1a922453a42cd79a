"""Every key the spec schema accepts is explained in specs/README.md.

A key counts as explained when the README shows it as a key: in a YAML example
(`order_hint: orderHint`) or in inline code (`` `concurrency: if_match` ``,
`` `map: {keys, values}` ``, `` `{each: ..., attribute: ...}` ``). The few keys still
waiting for their words are listed below; the list may only shrink.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
# Keys the README does not explain yet (each accepted by specs/spec.schema.json).
NOT_YET = frozenset({"addresses", "children", "content_ids", "derived", "differ", "on_request",
                     "under"})


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
    silent = {key for key in keys if not explained(key, readme)}
    assert not silent - NOT_YET, f"explain these spec keys in specs/README.md: {sorted(silent - NOT_YET)}"
    assert not NOT_YET - silent, f"explained now, drop them from NOT_YET: {sorted(NOT_YET - silent)}"
    assert NOT_YET <= keys, f"not schema keys: {sorted(NOT_YET - keys)}"


def test_the_planner_keys_have_their_sections() -> None:
    readme = (ROOT / "specs" / "README.md").read_text()
    for key in ("concurrency", "map", "range", "same", "order_hint", "equals"):
        assert re.search(rf"^#### `{key}", readme, re.M), f"no section for `{key}`"
