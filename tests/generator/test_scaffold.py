"""`python -m generator scaffold`: starter specs from Microsoft's metadata that reuse what the
spec tree declares, read paths from the metadata's containment, and validate as written."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from generated.o365._generator.__main__ import main
from generated.o365._generator.contract import check
from generated.o365._generator.loader import load_specs
from generated.o365._generator.metadata import (
    Metadata,
    MetadataMissing,
    find_metadata,
    load_metadata,
)
from generated.o365._generator.scaffold import containment_path, declared_types, scaffold

ROOT = Path(__file__).resolve().parents[2]


def without_todo(target: Path) -> Path:
    """The spec tree as the README's To Do walk-through starts from it: no specs/tasks/."""
    shutil.copytree(ROOT / "specs", target)
    shutil.rmtree(target / "tasks")
    (target / "types" / "tasks.yaml").unlink()
    return target


@pytest.fixture(scope="module")
def specs_before_todo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return without_todo(tmp_path_factory.mktemp("before") / "specs")


@pytest.fixture(scope="module")
def meta() -> Metadata:
    try:
        return load_metadata(find_metadata())
    except MetadataMissing as exc:
        pytest.skip(str(exc))


@pytest.fixture(scope="module")
def todo_task(meta: Metadata, specs_before_todo: Path) -> str:
    return scaffold(meta, "microsoft.graph.todoTask", declared_types(specs_before_todo))


def field_lines(text: str) -> dict[str, str]:
    body = text.split("\nfields:\n", 1)[1].split("\noperations:\n", 1)[0]
    return {line.split(":", 1)[0].strip(): line.split(":", 1)[1].strip() for line in body.splitlines()}


def test_declared_types_are_used_by_name(todo_task: str) -> None:
    fields = field_lines(todo_task)
    assert fields["body"] == "ItemBody"
    assert fields["importance"] == "Importance"
    assert fields["recurrence"] == "PatternedRecurrence"
    assert fields["status"] == "TaskStatus  # TODO declare this type (scaffold microsoft.graph.taskStatus)"
    assert sum("TODO declare" in line for line in fields.values()) == 1


def test_date_time_time_zone_is_zoned_datetime(todo_task: str) -> None:
    fields = field_lines(todo_task)
    for name in ("dueDateTime", "startDateTime", "reminderDateTime", "completedDateTime"):
        assert fields[name] == "zoned_datetime"
    assert "DateTimeTimeZone" not in todo_task


def test_path_and_context_come_from_containment(todo_task: str, meta: Metadata) -> None:
    assert ('path: "{resource}/todo/lists/{list_id}/tasks/{id}"  # contained via user.todo -> todo.lists '
            "-> todoTaskList.tasks\ncontext: [list_id]\n") in todo_task
    assert containment_path(meta, "microsoft.graph.todoTaskList") == (
        "{resource}/todo/lists/{id}", [], "user.todo -> todo.lists")
    # An entity set of the type wins; a collection before the single default (calendars, not calendar).
    assert containment_path(meta, "microsoft.graph.user") == ("users/{id}", [], "the entity set users")
    assert containment_path(meta, "microsoft.graph.calendar")[0] == "{resource}/calendars/{id}"
    assert containment_path(meta, "microsoft.graph.message")[0] == "{resource}/messages/{id}"
    # A navigation property that holds a base type leads to the subtype (attachments).
    assert containment_path(meta, "microsoft.graph.fileAttachment")[0] == "{resource}/events/{event_id}/attachments/{id}"


def test_a_contained_child_is_suggested_with_the_context_it_needs(
        meta: Metadata, specs_before_todo: Path) -> None:
    text = scaffold(meta, "microsoft.graph.todoTaskList", declared_types(specs_before_todo))
    assert ('  # get_tasks: {kind: list, path: "{self}/tasks", returns: TodoTask, navigation: tasks, '
            'context: {list_id: "{id}"}}') in text


def test_delta_is_suggested_as_kind_delta(todo_task: str) -> None:
    [line] = [line for line in todo_task.splitlines() if "delta" in line]
    assert line.startswith('  # get_delta: {kind: delta, path: "{resource}/todo/lists/{list_id}/tasks/delta", '
                           "action: delta, returns: TodoTask}")
    assert "kind: function" not in line


def test_an_enum_is_scaffolded_as_an_enums_spec(meta: Metadata, specs_before_todo: Path) -> None:
    text = scaffold(meta, "microsoft.graph.taskStatus", declared_types(specs_before_todo))
    assert yaml.safe_load(text) == {"enums": {"TaskStatus": {
        "graph_type": "microsoft.graph.taskStatus",
        "values": ["notStarted", "inProgress", "completed", "waitingOnOthers", "deferred"]}}}


def test_a_declared_enum_or_complex_type_is_named(meta: Metadata) -> None:
    text = scaffold(meta, "microsoft.graph.itemBody", declared_types(ROOT / "specs"))
    assert "# The specs already declare microsoft.graph.itemBody as ItemBody." in text
    assert yaml.safe_load(text)["types"]["ItemBody"]["fields"] == {"content": "string", "contentType": "BodyType"}


def test_scaffolded_task_and_enum_validate_and_agree_with_the_metadata(meta: Metadata, tmp_path: Path) -> None:
    """What scaffold writes is a spec: dropped into a copy of the tree it loads and passes the contract."""
    specs = without_todo(tmp_path / "specs")
    assert main(["--specs", str(specs), "scaffold", "microsoft.graph.taskStatus",
                 "-o", str(specs / "types" / "tasks.yaml")]) == 0
    assert main(["--specs", str(specs), "scaffold", "microsoft.graph.todoTask",
                 "-o", str(specs / "tasks" / "todo_task.yaml")]) == 0
    assert "TODO declare" not in (specs / "tasks" / "todo_task.yaml").read_text()  # TaskStatus exists now
    specset = load_specs(specs)
    task = specset.resource("TodoTask")
    assert task.path == "{resource}/todo/lists/{list_id}/tasks/{id}" and task.context == ("list_id",)
    assert check(specset, meta) == []


def test_reserved_python_names_are_renamed_with_a_note(meta: Metadata) -> None:
    """`from` is a keyword: the starter spec renames it and says why."""
    text = scaffold(meta, "microsoft.graph.message", {})
    fields = field_lines(text)
    assert fields["from"].startswith("{type: Recipient, python: from_}  # TODO rename: 'from' is a Python keyword")


def test_unknown_names_fail_with_a_message(meta: Metadata, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["scaffold", "microsoft.graph.noSuchType"]) == 1
    assert "'microsoft.graph.noSuchType' is not a type or enum in the Graph v1.0 metadata" in capsys.readouterr().err


def test_declared_types_read_a_tree_that_does_not_validate(tmp_path: Path) -> None:
    (tmp_path / "types.yaml").write_text("enums:\n  Mood: {graph_type: microsoft.graph.importance, values: [x]}\n")
    (tmp_path / "broken.yaml").write_text("resource: [unclosed\n")
    (tmp_path / "drive.yaml").write_text("resource: Folder\nextends: Item\ngraph_type: microsoft.graph.driveItem\n")
    (tmp_path / "item.yaml").write_text("resource: Item\ngraph_type: microsoft.graph.driveItem\n")
    assert declared_types(tmp_path) == {"importance": "Mood", "driveItem": "Item"}
