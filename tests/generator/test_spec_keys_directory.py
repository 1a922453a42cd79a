"""Spec keys the directory areas brought (specs/README.md): `reference:` parameters and
`search:` templates with `in: search` parameters. Each mistake is a spec problem with file, line and column; a right spec
renders to the runtime calls that implement the key."""

from __future__ import annotations

from pathlib import Path

from generated.o365._generator.loader import load_specs
from generated.o365._generator.render import render
from tests.generator.test_spec_errors import write
from tests.generator.test_spec_errors_late import (
    SERVICE,
    TYPES,
    found,
    service_with,
    task_with,
)


def test_reference_needs_a_resource_type(tmp_path: Path) -> None:
    """A resource (sent as its id's URL) or a string (the key itself: a template's name)."""
    task = task_with('link: {kind: action, path: "{self}/links/$ref", '
                     'params: {"@odata.id": {type: int, python: other, reference: tasks}}}')
    assert found(tmp_path, task=task) == [
        "specs/area/task.yaml:14:111: a 'reference' parameter must have a resource type (or be "
        "the key, a string) (at /operations/link/params/@odata.id/reference)"]


def test_search_placeholders_are_its_search_parameters(tmp_path: Path) -> None:
    service = service_with(
        "search_tasks: {kind: list, path: \"{resource}/tasks\", returns: Task, "
        "search: '\"title:{text}\"', params: {words: {type: string, in: search}}}",
        "peek: {kind: get, path: \"{resource}/tasks/x\", returns: Task, search: '\"title:x\"'}")
    assert found(tmp_path, service=service) == [
        "specs/area/tasks.yaml:6:79: parameter 'words' ('in: search') does not appear in the "
        "search (at /operations/search_tasks/search)",
        "specs/area/tasks.yaml:6:79: {text} is not a parameter with 'in: search' "
        "(at /operations/search_tasks/search)",
        "specs/area/tasks.yaml:7:72: search applies to list and find operations only "
        "(at /operations/peek/search)"]


def test_the_keys_render_to_their_runtime_calls(tmp_path: Path) -> None:
    task = task_with(
        'link: {kind: action, path: "{self}/links/$ref", '
        'params: {"@odata.id": {type: Task, python: other, required: true, reference: tasks}}}',
        'bind: {kind: action, path: "{self}/more", '
        'params: {"more@odata.bind": {type: "list[Task]", python: others, reference: tasks}}}',
        "label: {kind: computed, property: true, helper: first_present, of: [title, status], "
        "returns: string}")
    service = SERVICE + ("  search_tasks: {kind: find, path: \"{resource}/tasks\", returns: Task, "
                         "search: '\"title:{text}\"', params: {text: {type: string, in: search, "
                         "required: true}}}\n")
    write(tmp_path, {"types.yaml": TYPES, "area/task.yaml": task, "area/tasks.yaml": service})
    files = render(load_specs(tmp_path))
    resource, tasks = files["o365/area/task.py"], files["o365/area/tasks.py"]
    flat = " ".join(resource.split())
    assert 'self._reference("tasks", id_of(other, "generated.o365.area.task:Task"))' in flat
    assert 'self._reference("tasks", ids_of(others, "generated.o365.area.task:Task"))' in flat
    assert 'first_present(self._lookup("title"), self._lookup("status"))' in resource
    assert "def label(self) -> str | None:" in resource
    assert 'search=search_text(\'"title:{text}"\', text=text)' in tasks
