"""Behaviours that are not CRUD, one Python function per Graph action.

Keyed by (graph type the action is bound to, action name), for example
``("microsoft.graph.message", "send")``. A service adds one module in this package with::

    from . import ActionContext, behaviour

    @behaviour("microsoft.graph.message", "send")
    def send_message(ctx: ActionContext) -> Response: ...

Every module in this package is imported by `load_all()`, so no other file changes. An
action with no behaviour answers 501 NotImplemented in Graph's envelope.

Besides Graph actions, the generic handler looks up hooks under these names (see
emulator.graph): ``@created``, ``@updating``, ``@updated``, ``@deleted`` (target: the
entity, body: the data or changes), ``@creating`` (before a create; target None, body: the
new entity's data, to complete or refuse with a GraphError), ``@list:<segment>``, ``@get:<segment>``,
``@patch:<segment>`` (a PATCH of a part of an entity at a path of its own, a list item's
`fields`) and ``@delta:<segment>`` (target: the entity at the route's parent template, else the closest
entity above it, or None; ``extra["route"]``: the Route, for
`emulator.listing.list_response`), and ``@subtree`` (every route at or below the entity's
own path, for state kept outside the store; target None, ``extra["route"]``). Seed data:
``@seeder("microsoft.graph.message")`` from `emulator.seed`, re-exported here. Addressing
that needs server logic: ``@address_rule("microsoft.graph.driveItem")`` on a function that
rewrites a request's path to the entity's own path (see emulator.addresses).
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..seed import seeder

if TYPE_CHECKING:
    from ..graph import GraphApp, GraphRequest
    from ..store import Record

__all__ = ["ActionContext", "AddressRule", "Behaviour", "Response", "address_rule",
           "address_rules", "behaviour", "find", "load_all", "seeder"]

Response = tuple[int, dict[str, str], bytes]


@dataclass
class ActionContext:
    """What a behaviour gets: the app (store, identity, ids), the request and its target."""

    app: GraphApp
    request: GraphRequest
    target: Record | None  # the entity the action is bound to (None: the {resource} itself)
    scope: str  # "users/<id>" and so on: where new entities go
    params: dict[str, str]
    body: Any  # the parsed JSON body, or None
    extra: dict[str, Any] = field(default_factory=dict)


Behaviour = Callable[[ActionContext], Response]
_REGISTRY: dict[tuple[str, str], Behaviour] = {}


def behaviour(graph_type: str, action: str) -> Callable[[Behaviour], Behaviour]:
    """Register `function` as the behaviour of `action` bound to `graph_type`."""

    def register(function: Behaviour) -> Behaviour:
        _REGISTRY[(graph_type, action)] = function
        return function

    return register


def find(graph_type: str, action: str) -> Behaviour | None:
    return _REGISTRY.get((graph_type, action))


AddressRule = Callable[["GraphApp", "GraphRequest", str], str]  # (app, request, path) -> path
_ADDRESS_RULES: dict[tuple[str, str], AddressRule] = {}


def address_rule(graph_type: str) -> Callable[[AddressRule], AddressRule]:
    """Register the decorated function as an address rule of `graph_type`'s entities: it
    gets the app, the request and its path so far and returns the path (rewritten, or as it
    was)."""

    def register(function: AddressRule) -> AddressRule:
        _ADDRESS_RULES[(graph_type, f"{function.__module__}.{function.__qualname__}")] = function
        return function

    return register


def address_rules(served: Iterable[str]) -> list[AddressRule]:
    """The address rules of the served graph types."""
    wanted = set(served)
    return [rule for (graph_type, _name), rule in _ADDRESS_RULES.items() if graph_type in wanted]


def load_all() -> None:
    """Import every behaviour module in this package (each registers itself)."""
    for module in pkgutil.iter_modules(__path__):
        importlib.import_module(f"{__name__}.{module.name}")
