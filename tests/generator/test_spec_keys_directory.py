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


# -- keys the contacts and directory areas brought -------------------------------------------


def test_default_from_is_an_attribute_for_a_new_argument(tmp_path: Path) -> None:
    task = task_with(
        'copy: {kind: new, path: "{resource}/tasks", returns: Task, '
        "params: {title: {type: string, default_from: nickname}}}",
        'again: {kind: new, path: "{resource}/tasks", returns: Task, '
        "params: {title: {type: string, required: true, default_from: title}}}",
        'peek: {kind: action, path: "{self}/peek", '
        "params: {title: {type: string, default_from: title}}}")
    assert found(tmp_path, task=task) == [
        "specs/area/task.yaml:14:107: default_from 'nickname' is not a field or computed property "
        "of Task (known: id, is_reminder_on, status, title) "
        "(at /operations/copy/params/title/default_from)",
        "specs/area/task.yaml:15:124: 'default_from' is for an optional argument of a 'new' "
        "operation (at /operations/again/params/title/default_from)",
        "specs/area/task.yaml:16:90: 'default_from' is for an optional argument of a 'new' "
        "operation (at /operations/peek/params/title/default_from)"]


def test_default_from_each_item_of_a_list(tmp_path: Path) -> None:
    service = service_with(
        'note: {kind: new, path: "{resource}/tasks", returns: Task, params: {title: {type: string, '
        "default_from: {each: get_tasks, attribute: colour}}}}",
        'memo: {kind: new, path: "{resource}/tasks", returns: Task, params: {title: {type: string, '
        "default_from: {each: get_notes, attribute: title}}}}")
    assert found(tmp_path, service=service) == [
        "specs/area/tasks.yaml:6:136: default_from 'colour' is not a field or computed property of "
        "Task (known: id, is_reminder_on, status, title) "
        "(at /operations/note/params/title/default_from/attribute)",
        "specs/area/tasks.yaml:7:114: 'get_notes' is not a list operation of this resource "
        "(known: get_tasks) (at /operations/memo/params/title/default_from/each)"]


def test_content_and_media_parameters(tmp_path: Path) -> None:
    task = task_with(
        'upload: {kind: action, http: PUT, path: "{self}/photo/$value", expect: none, '
        "params: {photo: {type: string, in: content, media: image}}}",
        'tag: {kind: action, path: "{self}/tag", params: {label: {type: string, media: image}}}')
    assert found(tmp_path, task=task) == [
        "specs/area/task.yaml:14:115: an 'in: content' parameter (the request's bytes) must be of "
        "type bytes (at /operations/upload/params/photo/in)",
        "specs/area/task.yaml:15:81: 'media' describes an 'in: content' parameter "
        "(at /operations/tag/params/label/media)"]


def test_filter_placeholders_are_its_filter_parameters(tmp_path: Path) -> None:
    service = service_with(
        "by_title: {kind: find, path: \"{resource}/tasks\", returns: Task, "
        "filter: \"title eq {name}\", params: {words: {type: string, in: filter}}}")
    problems = found(tmp_path, service=service)
    assert len(problems) == 2 and all("/operations/by_title/filter" in p for p in problems)
    assert "parameter 'words' ('in: filter') does not appear in the filter" in problems[0]


def test_a_choice_names_other_services(tmp_path: Path) -> None:
    service = SERVICE.replace("accessor: tasks\n", "accessor: tasks\nchoice: {keyword: kind, "
                              "default: mine, others: {theirs: Nowhere, mine: Tasks}}\n")
    assert found(tmp_path, service=service) == [
        "specs/area/tasks.yaml:3:34: the default value is this service's own (at /choice/default)",
        "specs/area/tasks.yaml:3:57: 'Nowhere' is not a service (at /choice/others/theirs)"]


def test_the_new_keys_render(tmp_path: Path) -> None:
    task = task_with(
        'copy: {kind: new, path: "{resource}/tasks", returns: Task, '
        "params: {title: {type: string, positional: true, default_from: title}}}",
        'upload: {kind: action, http: PUT, path: "{self}/photo/$value", expect: none, '
        "params: {photo: {type: bytes, in: content, media: image, required: true}}}")
    service = SERVICE.replace("accessor: tasks\n", "accessor: tasks\nchoice: {keyword: kind, "
                              "default: mine, others: {theirs: Tasks2}}\n") + (
        '  note: {kind: new, path: "{resource}/tasks", returns: Task, params: {title: {type: string, '
        "default_from: {each: get_tasks, attribute: title}}}}\n") + (
        "  by_title: {kind: find, path: \"{resource}/tasks\", returns: Task, "
        "filter: \"title eq {name}\", params: {name: {type: string, in: filter, required: true}}}\n")
    other = "service: Tasks2\ndoc: Other tasks.\noperations: {}\n"
    write(tmp_path, {"types.yaml": TYPES, "area/task.yaml": task, "area/tasks.yaml": service,
                     "area/tasks2.yaml": other})
    files = render(load_specs(tmp_path))
    flat = " ".join(files["o365/area/task.py"].split())
    assert "title=given_or(title, self.title)" in flat
    assert 'media(photo, "image")' in flat
    tasks = " ".join(files["o365/area/tasks.py"].split())
    assert "filter_text(" in tasks
    assert ("title=given_or( title, [item.title for item in self.get_tasks(limit=None) if item.title] )"
            in tasks)
    account = " ".join(files["o365/account.py"].split())
    assert "kind: Literal['theirs']) -> Tasks2" in account or 'kind: Literal["theirs"]) -> Tasks2' in account
