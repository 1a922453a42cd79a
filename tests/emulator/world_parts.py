"""What the recipe mixins of docs_world.World use of it, declared for type checkers only."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .fidelity import Caller


class WorldParts:
    """A mixin's view of World: the callers, the replay's number and its other recipes."""

    if TYPE_CHECKING:
        me: Caller
        app: Caller
        n: int

        def id(self, name: str) -> str: ...

        def name(self, what: str) -> str: ...
