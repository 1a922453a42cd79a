"""Spec mistakes in the keys of composed message bodies, argument combinations, an action's
`then`, clamped page sizes and monitored operations: each reported with file, line and column."""

from __future__ import annotations

from pathlib import Path

from generated.o365._generator.loader import load_specs
from tests.generator.test_spec_errors import write
from tests.generator.test_spec_errors_late import (
    SERVICE,
    TASK,
    TYPES,
    found,
    service_with,
    task_with,
)

POST = ('post: {kind: action, path: "{self}/posts", returns: Task, '
        "compose: {content: body/content, content_type: body/contentType, mentionable: {Task: {id: id, name: title}}}, "
        "params: {body/content: string, body/contentType: string, mentions: {type: \"list[json]\", in: mentions}}}")


def valid(tmp_path: Path, task: str = TASK, service: str = SERVICE) -> None:
    write(tmp_path, {"types.yaml": TYPES, "area/task.yaml": task, "area/tasks.yaml": service})
    load_specs(tmp_path)


def test_a_valid_composed_action_passes(tmp_path: Path) -> None:
    valid(tmp_path, task=task_with(POST))


def test_compose_names_body_parameters_and_resources(tmp_path: Path) -> None:
    bad = (POST.replace("content: body/content,", "content: body/text,")
           .replace("mentionable: {Task:", "mentionable: {Nobody:"))
    assert found(tmp_path, task=task_with(bad)) == [
        "specs/area/task.yaml:14:80: 'body/text' is not a body parameter here (at /operations/post/compose/content)",
        "specs/area/task.yaml:14:137: 'Nobody' is not a resource (at /operations/post/compose/mentionable/Nobody)",
    ]


def test_a_mentions_parameter_needs_compose(tmp_path: Path) -> None:
    bad = ('post: {kind: action, path: "{self}/posts", params: {mentions: {type: "list[json]", in: mentions}}}')
    assert found(tmp_path, task=task_with(bad)) == [
        "specs/area/task.yaml:14:90: 'in: mentions' needs the operation's 'compose' "
        "(at /operations/post/params/mentions/in)"
    ]


def test_combinations_name_parameters_and_values_they_hold(tmp_path: Path) -> None:
    good = ('set: {kind: action, path: "{self}/set", params: {status: TaskStatus, note: string}, '
            "combinations: {of: [status, note], allowed: [[completed, done]]}}")
    valid(tmp_path / "good", task=task_with(good))
    bad = ('set: {kind: action, path: "{self}/set", params: {status: TaskStatus, note: string}, '
           "combinations: {of: [status, colour], allowed: [[finished, done], [completed]]}}")
    assert found(tmp_path / "bad", task=task_with(bad)) == [
        "specs/area/task.yaml:14:115: 'colour' is not a parameter here (at /operations/set/combinations/of/1)",
        "specs/area/task.yaml:14:135: 'finished' is not a value of TaskStatus (values: notStarted, inProgress, "
        "completed) (at /operations/set/combinations/allowed/0/0)",
        "specs/area/task.yaml:14:152: a combination has 2 values, one for each of status, colour "
        "(at /operations/set/combinations/allowed/1)",
    ]


def test_an_actions_then_is_an_operation_reading_without_arguments(tmp_path: Path) -> None:
    good = service_with('done: {kind: action, path: "{resource}/done", then: get_tasks}')
    valid(tmp_path / "good", service=good)
    bad = service_with('done: {kind: action, path: "{resource}/done", then: nothing, returns: Task}')
    assert found(tmp_path / "bad", service=bad) == [
        "specs/area/tasks.yaml:6:55: 'nothing' is not an operation here that reads without arguments "
        "(at /operations/done/then)",
        "specs/area/tasks.yaml:6:55: an action with 'then' returns what that operation returns: it takes no "
        "'returns' of its own (at /operations/done/then)",
    ]


def test_clamp_page_size_needs_a_maximum_and_monitor_an_action_with_returns(tmp_path: Path) -> None:
    service = SERVICE.replace("returns: Task}", "returns: Task, clamp_page_size: true}")
    service += '  start: {kind: action, path: "{resource}/start", monitor: operation}\n'
    assert found(tmp_path, service=service, types=TYPES) == [
        "specs/area/tasks.yaml:5:85: clamp_page_size is for a list or delta operation with a max_page_size "
        "(at /operations/get_tasks/clamp_page_size)",
        "specs/area/tasks.yaml:6:60: a monitored operation is an action whose 'returns' is what the operation "
        "makes (at /operations/start/monitor)",
    ]
