"""The spec keys for python-o365's call shapes refuse what they cannot do (specs/README.md §6)."""

from __future__ import annotations

from pathlib import Path

from generated.o365._generator.loader import load_specs
from tests.generator.test_spec_errors import write
from tests.generator.test_spec_errors_late import SERVICE, TYPES, found, service_with, task_with


def test_key_needs_a_resource_parameter(tmp_path: Path) -> None:
    task = task_with('tag: {kind: set, params: {label: {type: string, key: displayName}}, '
                     'set: {title: "{label}"}}')
    [problem] = found(tmp_path, task=task)
    assert problem.endswith("a 'key' parameter must have a resource type (not a list) "
                            "(at /operations/tag/params/label/key)")


def test_from_now_needs_a_datetime_parameter(tmp_path: Path) -> None:
    service = service_with('later: {kind: action, path: "{resource}/x", '
                           "params: {when: {type: date, from_now: true}}}")
    [problem] = found(tmp_path, service=service)
    assert problem.endswith("a 'from_now' parameter must have the datetime type "
                            "(at /operations/later/params/when/from_now)")


def test_append_key_needs_append(tmp_path: Path) -> None:
    task = task_with('tag: {kind: set, params: {label: string}, set: {title: "{label}"}, '
                     "append_key: name}")
    [problem] = found(tmp_path, task=task)
    assert problem.endswith("'append_key' needs 'append' (at /operations/tag/append_key)")


def test_the_keys_where_they_belong_are_fine(tmp_path: Path) -> None:
    task = task_with(
        'tag: {kind: set, params: {other: {type: Task, key: title}, name: string}, '
        'append: {"categories": {name: "{name}", of: "{other}"}}, append_key: name}',
        'later: {kind: action, path: "{self}/x", params: {when: {type: datetime, from_now: true}}}')
    task = task.replace("  isReminderOn: bool\n", "  isReminderOn: bool\n  categories: \"list[json]\"\n")
    write(tmp_path, {"types.yaml": TYPES, "area/task.yaml": task, "area/tasks.yaml": SERVICE})
    specs = load_specs(tmp_path)
    (resource,) = specs.resources
    ops = {op.name: op for op in resource.operations}
    assert ops["tag"].append_key == "name" and ops["tag"].params[0].key == "title"
    assert ops["later"].params[0].from_now
