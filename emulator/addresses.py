"""Every address Graph documents for an entity leads to it.

Graph documents one resource at several paths side by side (driveitem-get.md:
`/drives/{drive-id}/items/{item-id}`, `/me/drive/items/{item-id}`,
`/users/{user-id}/drive/items/{item-id}`, `/groups/{group-id}/drive/items/{item-id}`...). A
spec lists its resource's other paths in its emulator block, each mapped to the resource's
own path:

    emulator:
      addresses:
        "{resource}/drive": "drives/{drive}"
        "{resource}/drives/{id}": "drives/{id}"

Before routing, a request path that begins with another path (followed by `/`, `:` or its
end) has that beginning rewritten to the resource's own path, so every operation of every
spec that starts there is served at every documented address. A placeholder the other path
lacks (`{drive}`) is the id that the entity named by the other path's beginning links under
that name (the user's `drive`). Rewriting repeats until nothing changes:
`users/u/drive/items/root/children` -> `drives/d/items/root/children` ->
`drives/d/items/<root id>/children`.

Addressing that needs server logic (OneDrive's `{item}:/folder/file.txt:` paths) is added
by behaviours with `emulator.behaviours.address_rule`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from generated.o365._generator import ir

from . import behaviours
from .errors import GraphError
from .router import PLACEHOLDER, RESOURCE_PATTERN

if TYPE_CHECKING:
    from .graph import GraphApp, GraphRequest

__all__ = ["Addresses"]

MAX_REWRITES = 8  # chains are short (me -> users/u/drive -> drives/d -> items/<root>)
EMPTY_CALL = re.compile(r"\(\)(?=/|$)")


@dataclass(frozen=True)
class _Address:
    other: str  # the other path's template
    own: str  # the resource's own path template
    graph_type: str
    pattern: re.Pattern[str]


def _prefix_pattern(template: str) -> re.Pattern[str]:
    """The template as the beginning of a path. A placeholder is one segment that is no
    `$` system segment (`users/u/drives/$count` is the collection's count, not a drive)."""
    out, pos = ["^"], 0
    for found in PLACEHOLDER.finditer(template):
        out.append(re.escape(template[pos:found.start()]))
        name = found.group(1)
        out.append(f"(?P<{name}>{RESOURCE_PATTERN})" if name == "resource"
                   else f"(?P<{name}>[^/:$][^/:]*)")
        pos = found.end()
    out.append(re.escape(template[pos:]) + r"(?=$|/|:)")
    return re.compile("".join(out))


class Addresses:
    """The spec-declared other paths of every resource, and the behaviours' address rules."""

    def __init__(self, specset: ir.SpecSet) -> None:
        found = [_Address(other, own, r.graph_type, _prefix_pattern(other))
                 for r in specset.resources for other, own in r.emulator.addresses]
        # The most specific first: `drives/{drive_id}/items/root` before `{resource}/drive`.
        self.addresses = sorted(found, key=lambda a: -len(PLACEHOLDER.sub("", a.other)))

    def resolve(self, app: GraphApp, request: GraphRequest, path: str) -> str:
        """`path` (of `request`) rewritten until it uses each entity's own path."""
        # OData: a function without parameters may be called with empty parentheses
        # (`items/root/delta()`, as the SDKs send it); the routes name it without them.
        path = EMPTY_CALL.sub("", path)
        for _ in range(MAX_REWRITES):
            rewritten = self._once(app, path)
            for rule in behaviours.address_rules(app.router.resources):
                rewritten = rule(app, request, rewritten)
            if rewritten == path:
                return path
            path = rewritten
        return path

    def _once(self, app: GraphApp, path: str) -> str:
        for address in self.addresses:
            found = address.pattern.match(path)
            if found is None:
                continue
            return self._own_path(app, address, found.groupdict()) + path[found.end():]
        return path

    def _own_path(self, app: GraphApp, address: _Address, params: dict[str, str]) -> str:
        return PLACEHOLDER.sub(lambda m: params.get(m.group(1)) or self._linked(
            app, address, params, m.group(1)), address.own)

    @staticmethod
    def _linked(app: GraphApp, address: _Address, params: dict[str, str], name: str) -> str:
        """The id the entity at the longest beginning of the other path links as `name`."""
        segments = address.other.split("/")
        for end in range(len(segments) - 1, 0, -1):
            beginning = PLACEHOLDER.sub(lambda m: params.get(m.group(1), m.group(0)),
                                        "/".join(segments[:end]))
            if "{" in beginning:
                continue
            try:
                owner = app.object_by_path(beginning)
            except GraphError:
                continue
            linked = app.store.links(owner.id, name)
            if linked:
                return linked[0]
            break
        raise app.not_found(address.graph_type, name)
