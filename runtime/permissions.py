"""Which permission a 401/403 most likely lacks: the hint in a GraphError's message.

The runtime knows no resource: what each call needs comes from the specs' `permissions:` keys,
as a table of rules the generated package registers (`register_rules`) and that is imported
only when a 401/403 happens. Each rule is (path template, HTTP method or "*", the call's own
permissions or None, the owner's permissions to read, to write); permissions are (delegated,
application or None), the least privileged ones Graph documents for the call.

A failed request is matched against the templates (case-insensitive, query string ignored):
`{resource}` is `me` or two segments (`users/{id}`), `{parent}` and `{name*}` any text, other
placeholders one segment. The best rule matches the whole path rather than a prefix of it, then
has the most literal text, then the same method (its own permissions apply only then) rather
than any ("*") or another one. The owner's read permissions go with GET, write with the others.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Sequence
from typing import Any

from . import tables

__all__ = ["permission_hint", "register_rules"]

Grant = tuple[str, "str | None"]

_compiled: tuple[str, list[tuple[re.Pattern[str], int, str, Any]]] | None = None
_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
_VERSION = re.compile(r"^(?:v1\.0|beta)$", re.IGNORECASE)
_READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def register_rules(module: str) -> None:
    """Use the `RULES` of `module` (imported on the first 401/403) for permission hints."""
    global _compiled
    tables.register("hints", module)
    _compiled = None


def permission_hint(method: str, path: str) -> str:
    """A sentence naming the permission a 401/403 on `method path` most likely lacks."""
    found = _best_rule(method.upper(), _relative(path))
    if found is None:
        return ("Hint: check that the app has been granted a permission for this call and that "
                "the signed-in user may access it.")
    template, grant = found
    delegated, application = grant
    options = f"{delegated} (delegated)"
    if application:
        options += f" or {application} (application)"
    return (f"Hint: check that the app has been granted a permission for {method.upper()} "
            f"{_kind(template)}, e.g. {options}.")


def _relative(path: str) -> str:
    """The path below the Graph version segment, without a leading slash."""
    segments = [s for s in path.split("?", 1)[0].split("/") if s]
    if segments and _VERSION.match(segments[0]):
        segments = segments[1:]
    return "/".join(segments)


def _best_rule(method: str, path: str) -> tuple[str, Grant] | None:
    best: tuple[tuple[bool, int, int], str, Grant] | None = None
    for pattern, literal, template, rule in _rules():
        match = pattern.match(path)
        if match is None:
            continue
        exact = match.end() == len(path)
        if not exact and path[match.end()] != "/":
            continue  # a prefix must end at a segment boundary
        _, rule_method, own, read, write = rule
        if exact and rule_method == method and own is not None:
            grant = own
        else:
            grant = read if method in _READ_METHODS else write
        tier = 2 if rule_method == method else 1 if rule_method == "*" else 0
        rank = (exact, literal, tier)
        if best is None or rank > best[0]:
            best = (rank, template, (grant[0], grant[1]))
    return None if best is None else (best[1], best[2])


def _rules() -> list[tuple[re.Pattern[str], int, str, Any]]:
    """The registered rules, compiled once per registration."""
    global _compiled
    source = tables.module_for("hints")
    if source is None:
        return []
    if _compiled is None or _compiled[0] != source:
        rules: Sequence[Any] = getattr(importlib.import_module(source), "RULES", ())
        _compiled = (source, [(*_compile(rule[0]), rule[0], rule) for rule in rules])
    return _compiled[1]


def _compile(template: str) -> tuple[re.Pattern[str], int]:
    """A regex for a path template, and how many literal characters it has (its specificity)."""
    parts: list[str] = []
    literal = 0
    position = 0
    for match in _PLACEHOLDER.finditer(template):
        text = template[position:match.start()]
        parts.append(re.escape(text))
        literal += len(text)
        name = match.group(1)
        if name == "resource":
            parts.append(r"(?:me|[^/]+/[^/]+)")
        elif name == "parent" or name.endswith("*"):
            parts.append(r".+")
        else:
            parts.append(r"[^/]*")
        position = match.end()
    tail = template[position:]
    parts.append(re.escape(tail))
    literal += len(tail)
    return re.compile("".join(parts), re.IGNORECASE), literal


def _kind(template: str) -> str:
    """The last named segment of a template (`{resource}/messages/{id}` -> messages)."""
    for segment in reversed(template.split("/")):
        name = _PLACEHOLDER.sub("", segment).split("(", 1)[0].strip(":")
        if name:
            return name
    return template
