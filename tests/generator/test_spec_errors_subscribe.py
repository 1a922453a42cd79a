"""The `subscribe` and `renew` operation kinds: what a spec must say, each mistake one problem."""

from __future__ import annotations

from pathlib import Path

from generated.o365._generator.loader import load_specs
from tests.generator.test_spec_errors import problems, write
from tests.generator.test_spec_errors_late import TASK, TYPES

HOOK = """\
resource: Hook
graph_type: microsoft.graph.subscription
doc: A subscription.
link: https://learn.microsoft.com/graph/api/resources/subscription?view=graph-rest-1.0
path: subscriptions/{id}
fields:
  id: {type: string, read_only: true}
  resource: string
operations:
  renew: {kind: renew}
"""


def found(tmp_path: Path, *task_operations: str, hook: str = HOOK) -> list[str]:
    task = TASK + "".join(f"  {line}\n" for line in task_operations)
    return problems(tmp_path, {"types.yaml": TYPES, "area/task.yaml": task, "area/hook.yaml": hook})


def test_a_subscribe_operation_with_its_limits_loads(tmp_path: Path) -> None:
    task = TASK + ('  subscribe: {kind: subscribe, path: subscriptions, returns: Hook, subscribe: '
                   '{resource: "{self}/steps", max_lifetime: 4230, change_types: [updated]}}\n')
    write(tmp_path, {"types.yaml": TYPES, "area/task.yaml": task, "area/hook.yaml": HOOK})
    specs = load_specs(tmp_path)
    (op,) = [o for o in specs.resource("Task").operations if o.kind == "subscribe"]
    assert op.subscribe is not None and op.subscribe.change_types == ("updated",)
    assert op.http_method == "POST"
    (renew,) = specs.resource("Hook").operations
    assert (renew.path, renew.http_method) == ("{self}", "PATCH")


def test_a_subscribed_resource_needs_its_maximum_lifetime(tmp_path: Path) -> None:
    assert found(tmp_path, 'subscribe: {kind: subscribe, path: subscriptions, returns: Hook, '
                           'subscribe: {resource: "{self}/steps"}}') == [
        "specs/area/task.yaml:14:79: a subscribed resource needs its 'max_lifetime' (minutes, from "
        "Microsoft's table of subscription lifetimes) (at /operations/subscribe/subscribe)"]


def test_limits_without_a_resource_and_unknown_change_types(tmp_path: Path) -> None:
    assert found(tmp_path, 'subscribe: {kind: subscribe, path: subscriptions, returns: Hook, '
                           'subscribe: {max_lifetime: 60, change_types: [created]}}') == [
        "specs/area/task.yaml:14:94: max_lifetime belongs to a subscribed 'resource'; a resource "
        "the caller names takes the limits of the spec it matches "
        "(at /operations/subscribe/subscribe/max_lifetime)"]
    schema = found(tmp_path, 'subscribe: {kind: subscribe, path: subscriptions, returns: Hook, '
                             'subscribe: {resource: "{self}", max_lifetime: 60, change_types: [moved]}}')
    assert len(schema) == 1 and "'moved' is not one of" in schema[0]


def test_the_resource_template_binds_its_placeholders(tmp_path: Path) -> None:
    assert found(tmp_path, 'subscribe: {kind: subscribe, path: subscriptions, returns: Hook, '
                           'subscribe: {resource: "{self}/{step_id}", max_lifetime: 60}}') == [
        "specs/area/task.yaml:14:90: path parameter {step_id} is not bound (known here: id, "
        "parent, resource, self) (at /operations/subscribe/subscribe/resource)"]


def test_subscribe_returns_the_subscription_and_renew_the_object(tmp_path: Path) -> None:
    assert found(tmp_path, "subscribe: {kind: subscribe, path: subscriptions}",
                 "renew: {kind: renew, returns: Hook}") == [
        "specs/area/task.yaml:14:14: a subscribe operation returns the new subscription: a resource, "
        "or json for Graph's raw JSON (at /operations/subscribe)",
        "specs/area/task.yaml:15:10: a renew operation updates the object it is on (no 'returns'), "
        "or returns json (a subscription named by a path parameter) (at /operations/renew)"]


def test_the_subscribe_block_belongs_to_subscribe_operations(tmp_path: Path) -> None:
    assert found(tmp_path, 'get_steps: {kind: list, path: "{self}/steps", returns: Hook, '
                           "subscribe: {change_types: [created]}}") == [
        "specs/area/task.yaml:14:75: only a subscribe operation takes 'subscribe' "
        "(at /operations/get_steps/subscribe)"]
