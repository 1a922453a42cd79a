"""Mistakes that used to pass `validate` and fail only later (at run time, in mypy, in the
emulator): each is now a spec problem with file, line, column and the exact message."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from generated.o365._generator import reserved
from generated.o365._generator.loader import load_specs
from tests.generator.test_spec_errors import problems, write

TYPES = """\
types:
  EmailAddress:
    graph_type: microsoft.graph.emailAddress
    doc: An address.
    fields: {name: string, address: string}
enums:
  TaskStatus:
    graph_type: microsoft.graph.taskStatus
    values: [notStarted, inProgress, completed]
    aliases: {done: completed}
"""

TASK = """\
resource: Task
graph_type: microsoft.graph.todoTask
doc: A task.
link: https://learn.microsoft.com/graph/api/resources/todotask?view=graph-rest-1.0
path: "{resource}/tasks/{id}"
fields:
  id: {type: string, read_only: true}
  title: string
  status: TaskStatus
  isReminderOn: bool
operations:
  refresh: {kind: refresh}
  save: {kind: save, path: "{resource}/tasks"}
"""

SERVICE = """\
service: Tasks
accessor: tasks
doc: The signed-in user's tasks.
operations:
  get_tasks: {kind: list, path: "{resource}/tasks", returns: Task}
"""


def found(tmp_path: Path, task: str = TASK, service: str = SERVICE, types: str = TYPES) -> list[str]:
    return problems(tmp_path, {"types.yaml": types, "area/task.yaml": task, "area/tasks.yaml": service})


def task_with(*operations: str) -> str:
    return TASK + "".join(f"  {line}\n" for line in operations)


def service_with(*operations: str) -> str:
    return SERVICE + "".join(f"  {line}\n" for line in operations)


def test_the_fixture_itself_is_valid(tmp_path: Path) -> None:
    write(tmp_path, {"types.yaml": TYPES, "area/task.yaml": TASK, "area/tasks.yaml": SERVICE})
    assert [r.name for r in load_specs(tmp_path).resources] == ["Task"]


# -- `new`: arguments become attributes of an object that save() must be able to send ------


def test_new_parameter_that_is_not_a_field(tmp_path: Path) -> None:
    service = service_with('new_task: {kind: new, path: "{resource}/tasks", returns: Task, params: {colour: string}}')
    assert found(tmp_path, service=service) == [
        "specs/area/tasks.yaml:6:75: new_task would set Task.colour, which is not a field of Task "
        "(writable fields: is_reminder_on, status, title) (at /operations/new_task/params/colour)"
    ]


def test_new_parameter_that_is_read_only(tmp_path: Path) -> None:
    service = service_with('new_task: {kind: new, path: "{resource}/tasks", returns: Task, params: {id: string}}')
    assert found(tmp_path, service=service) == [
        "specs/area/tasks.yaml:6:75: new_task would set Task.id, which is read-only "
        "(at /operations/new_task/params/id)"
    ]


def test_new_parameter_may_name_a_field_by_its_python_name_or_alias(tmp_path: Path) -> None:
    task = TASK.replace("  title: string", "  title: {type: string, python: subject, aliases: [name]}")
    service = service_with('new_task: {kind: new, path: "{resource}/tasks", returns: Task, '
                           "params: {subject: string, name: {type: string, python: name}}}")
    write(tmp_path, {"types.yaml": TYPES, "area/task.yaml": task, "area/tasks.yaml": service})
    load_specs(tmp_path)


def test_new_on_a_resource_with_no_save_or_create(tmp_path: Path) -> None:
    task = TASK.replace('  save: {kind: save, path: "{resource}/tasks"}\n', "")
    service = service_with('new_task: {kind: new, path: "{resource}/tasks", returns: Task}')
    assert found(tmp_path, task=task, service=service) == [
        "specs/area/tasks.yaml:6:3: new_task returns a new Task, but Task has no operation of kind "
        "'save' or 'create' to send it to Graph (at /operations/new_task)"
    ]


def test_new_finds_save_on_the_resource_it_extends(tmp_path: Path) -> None:
    special = (TASK.replace("resource: Task", "resource: SpecialTask").replace("fields:\n", "extends: Task\nfields:\n")
               .replace("  id: {type: string, read_only: true}\n  title: string\n  status: TaskStatus\n"
                        "  isReminderOn: bool\n", "  title: string\n")
               .replace('  save: {kind: save, path: "{resource}/tasks"}\n', ""))
    service = service_with('new_special: {kind: new, path: "{resource}/tasks", returns: SpecialTask, '
                           "params: {status: TaskStatus}}")
    write(tmp_path, {"types.yaml": TYPES, "area/task.yaml": TASK, "area/special.yaml": special,
                     "area/tasks.yaml": service})
    load_specs(tmp_path)


def test_new_must_return_a_resource(tmp_path: Path) -> None:
    service = service_with('new_address: {kind: new, path: "{resource}/x", returns: EmailAddress}')
    assert found(tmp_path, service=service) == [
        "specs/area/tasks.yaml:6:59: a 'new' operation must return a resource (at /operations/new_address/returns)"
    ]


# -- names that shadow what the runtime base classes, generated modules or Python use ------


@pytest.mark.parametrize(("field", "python", "base"), [
    ("validate", "validate", "Model.validate"),
    ("objectId", "object_id", "Resource.object_id"),
    ("coerce", "coerce", "Model.coerce"),
    ("changes", "changes", "Model.changes"),
    ("con", "con", "Bound.con"),
])
def test_field_shadowing_a_base_class_member(tmp_path: Path, field: str, python: str, base: str) -> None:
    task = TASK.replace("  title: string", f"  title: string\n  {field}: string")
    assert found(tmp_path, task=task) == [
        f"specs/area/task.yaml:9:3: python name {python!r} would shadow {base} of the runtime; "
        f"set 'python:' to another name (at /fields/{field})"
    ]


def test_operation_shadowing_a_base_class_member(tmp_path: Path) -> None:
    task = task_with("validate: {kind: refresh}", "resync: {kind: refresh, aliases: [to_api]}")
    assert found(tmp_path, task=task) == [
        "specs/area/task.yaml:14:3: python name 'validate' would shadow Model.validate of the runtime; "
        "rename it (at /operations/validate)",
        "specs/area/task.yaml:15:37: python name 'to_api' would shadow Model.to_api of the runtime; "
        "rename it (at /operations/resync/aliases/0)",
    ]


def test_service_operation_named_resource(tmp_path: Path) -> None:
    service = service_with('resource: {kind: get, path: "{resource}", returns: Task}')
    assert found(tmp_path, service=service) == [
        "specs/area/tasks.yaml:6:3: python name 'resource' would shadow Service.resource of the runtime; "
        "rename it (at /operations/resource)"
    ]


def test_complex_type_field_shadowing_a_model_member(tmp_path: Path) -> None:
    types = TYPES.replace("{name: string, address: string}", "{name: string, address: string, raw: string}")
    assert found(tmp_path, types=types) == [
        "specs/types.yaml:5:45: python name 'raw' would shadow Model.raw of the runtime; "
        "set 'python:' to another name (at /types/EmailAddress/fields/raw)"
    ]


def test_field_shadowing_a_module_or_builtin_the_class_body_uses(tmp_path: Path) -> None:
    task = TASK.replace("  title: string", "  title: string\n  datetime: string\n  str: string")
    assert found(tmp_path, task=task) == [
        "specs/area/task.yaml:9:3: python name 'datetime' would shadow the module 'datetime', which "
        "generated modules import; set 'python:' to another name (at /fields/datetime)",
        "specs/area/task.yaml:10:3: python name 'str' would shadow the builtin 'str', which generated "
        "annotations use; set 'python:' to another name (at /fields/str)",
    ]


def test_account_accessor_or_method_shadowing_base_account(tmp_path: Path) -> None:
    service = (SERVICE.replace("accessor: tasks", "accessor: authenticate\nshortcuts: [get_tasks]")
               .replace("get_tasks:", "get_tasks:"))
    service = service.replace("shortcuts: [get_tasks]", "aliases: [connection]\nshortcuts: [get_tasks]")
    assert found(tmp_path, service=service) == [
        "specs/area/tasks.yaml:2:11: Account method 'authenticate' would shadow BaseAccount.authenticate "
        "of the runtime; rename it (at /accessor)",
        "specs/area/tasks.yaml:3:11: Account method 'connection' would shadow BaseAccount.connection "
        "of the runtime; rename it (at /aliases/0)",
    ]


def test_account_methods_shadowing_an_instance_attribute(tmp_path: Path) -> None:
    """`protocol` is set in BaseAccount.__init__, so only reading the source finds it."""
    service = (SERVICE.replace("accessor: tasks\n", "account_methods: true\n")
               .replace("get_tasks:", "protocol:"))
    assert found(tmp_path, service=service) == [
        "specs/area/tasks.yaml:5:3: Account method 'protocol' would shadow BaseAccount.protocol "
        "of the runtime; rename it (at /operations/protocol)",
        # services also have python-o365's ApiComponent.protocol (generated.o365._runtime.compat)
        "specs/area/tasks.yaml:5:3: python name 'protocol' would shadow ApiComponentNames.protocol "
        "of the runtime; rename it (at /operations/protocol)",
    ]


@pytest.mark.parametrize(("name", "why"), [
    ("Query", "would shadow 'Query' from generated.o365._runtime.query, which generated modules import"),
    ("Resource", "would shadow 'Resource' from generated.o365._runtime.resource, which generated modules import"),
    ("Connection", "would shadow 'Connection', which generated.o365 exports from generated.o365._runtime.connection"),
    ("GraphError", "would shadow 'GraphError', which generated.o365 exports from generated.o365._runtime.errors"),
    ("Account", "would shadow 'Account', which generated.o365 exports from .account"),
    ("ValueError", "would shadow the builtin 'ValueError'"),
    ("None", "is a Python keyword"),
])
def test_type_name_shadowing_an_import_export_or_builtin(tmp_path: Path, name: str, why: str) -> None:
    types = TYPES + f"  {name}: {{graph_type: microsoft.graph.importance, values: [low]}}\n"
    assert found(tmp_path, types=types) == [
        f"specs/types.yaml:11:3: type name {name!r} {why}; rename it (at /enums/{name})"
    ]


def test_resource_named_after_a_runtime_import(tmp_path: Path) -> None:
    task = TASK.replace("resource: Task", "resource: Paginator")
    service = SERVICE.replace("returns: Task", "returns: Paginator")
    assert found(tmp_path, task=task, service=service) == [
        "specs/area/task.yaml:1:1: type name 'Paginator' would shadow 'Paginator' from generated.o365._runtime.paging, "
        "which generated modules import; rename it (at /resource)"
    ]


@pytest.mark.parametrize(("operation", "message"), [
    ('get_some: {kind: list, path: "{resource}/tasks", returns: Task, params: {batch: {type: int, in: query}}}',
     "parameter name 'batch' is an argument every 'list' method has already"),
    ('get_some: {kind: list, path: "{resource}/tasks", returns: Task, params: {limit: {type: int, in: query}}}',
     "parameter name 'limit' is an argument every 'list' method has already"),
    ('get_some: {kind: action, path: "{resource}/x", params: {self: string}}',
     "parameter name 'self' is the method's own first argument"),
    ('get_some: {kind: action, path: "{resource}/x", params: {idOf: string}}',
     "parameter name 'id_of' would shadow 'id_of' from generated.o365._runtime.arguments, which generated methods call"),
])
def test_parameter_names_the_method_already_uses(tmp_path: Path, operation: str, message: str) -> None:
    [problem] = found(tmp_path, service=service_with(operation))
    assert problem.startswith("specs/area/tasks.yaml:6:")
    assert problem.endswith(f": {message}; set 'python:' to another name (at /operations/get_some/params/"
                            f"{problem.rsplit('/', 1)[1]}")


def test_a_list_parameter_named_query_is_fine_on_an_action(tmp_path: Path) -> None:
    """`query` and `limit` are only taken where the kind adds them (not on actions)."""
    service = service_with('run: {kind: action, path: "{resource}/x", params: {query: string, limit: int}}')
    write(tmp_path, {"types.yaml": TYPES, "area/task.yaml": TASK, "area/tasks.yaml": service})
    load_specs(tmp_path)


def test_option_flag_clashing_with_a_parameter(tmp_path: Path) -> None:
    service = service_with('get_some: {kind: list, path: "{resource}/tasks", returns: Task, '
                           "params: {expanded: {type: bool, in: query}}, options: {expanded: {expand: x}}}")
    assert found(tmp_path, service=service) == [
        "specs/area/tasks.yaml:6:76: parameter name 'expanded' is also the name of an option flag of "
        "'get_some'; set 'python:' to another name (at /operations/get_some/params/expanded)"
    ]


def test_every_base_class_member_is_refused(tmp_path: Path) -> None:
    """The reserved names are the runtime's real members: each one is refused as a field."""
    names = sorted(reserved.base_members("resource"))
    assert {"validate", "object_id", "coerce", "raw", "to_api", "con", "PATH"} <= set(names)
    fields = "".join(f"  f{i}: {{type: string, python: {name}}}\n" for i, name in enumerate(names)
                     if name.islower())
    task = TASK.replace("  title: string\n", "  title: string\n" + fields)
    assert len(found(tmp_path, task=task)) == sum(1 for n in names if n.islower())


def test_reserved_names_follow_the_runtime_classes(monkeypatch: pytest.MonkeyPatch) -> None:
    """A member added to a base class (even one only assigned in __init__) is reserved at once."""

    class Base:
        def helper(self) -> None:
            self.cache = 1

    monkeypatch.setitem(reserved.BASES, "probe", (__name__, "ProbeBase"))
    monkeypatch.setitem(globals(), "ProbeBase", Base)
    reserved.base_members.cache_clear()
    try:
        assert reserved.bad_member_name("helper", "probe") == "would shadow Base.helper of the runtime"
        assert reserved.bad_member_name("cache", "probe") == "would shadow Base.cache of the runtime"
        assert reserved.bad_member_name("other", "probe") is None
    finally:
        reserved.base_members.cache_clear()


# -- fixed values, slash paths and path parameters ---------------------------------------


def test_set_value_that_is_not_an_enum_value(tmp_path: Path) -> None:
    task = task_with("mark_completed: {kind: update, set: {status: complete}}")
    assert found(tmp_path, task=task) == [
        "specs/area/task.yaml:14:48: 'complete' is not a value of TaskStatus "
        "(values: notStarted, inProgress, completed) (at /operations/mark_completed/set/status)"
    ]


def test_set_value_may_be_an_enum_alias_in_any_case(tmp_path: Path) -> None:
    task = task_with("mark_completed: {kind: update, set: {status: Done}}")
    write(tmp_path, {"types.yaml": TYPES, "area/task.yaml": task, "area/tasks.yaml": SERVICE})
    load_specs(tmp_path)


def test_set_value_of_the_wrong_primitive_type(tmp_path: Path) -> None:
    task = task_with('remind: {kind: update, set: {isReminderOn: "yes", title: 3}}')
    assert found(tmp_path, task=task) == [
        "specs/area/task.yaml:14:46: 'yes' is not a bool (the type of 'isReminderOn') "
        "(at /operations/remind/set/isReminderOn)",
        "specs/area/task.yaml:14:60: 3 is not a string (the type of 'title') (at /operations/remind/set/title)",
    ]


def test_require_and_after_name_real_fields_and_values(tmp_path: Path) -> None:
    task = task_with("finish: {kind: update, require: {stauts: notStarted}, after: {status: finished}}")
    assert found(tmp_path, task=task) == [
        "specs/area/task.yaml:14:44: 'stauts': no field 'stauts' here (known: id, isReminderOn, status, "
        "title) (at /operations/finish/require/stauts)",
        "specs/area/task.yaml:14:73: 'finished' is not a value of TaskStatus (values: notStarted, "
        "inProgress, completed) (at /operations/finish/after/status)",
    ]


def test_update_parameter_that_is_not_a_field(tmp_path: Path) -> None:
    task = task_with("rename: {kind: update, params: {titel: string}}")
    assert found(tmp_path, task=task) == [
        "specs/area/task.yaml:14:42: 'titel': no field 'titel' here (known: id, isReminderOn, status, title) "
        "(at /operations/rename/params/titel)"
    ]


def test_find_parameter_that_is_not_a_field_of_what_it_finds(tmp_path: Path) -> None:
    service = service_with('find_task: {kind: find, path: "{resource}/tasks", returns: Task, params: {titel: string}}')
    assert found(tmp_path, service=service) == [
        "specs/area/tasks.yaml:6:84: 'titel': no field 'titel' here (known: id, isReminderOn, status, title) "
        "(at /operations/find_task/params/titel)"
    ]


def test_path_parameter_missing_from_the_path(tmp_path: Path) -> None:
    service = service_with('get_task: {kind: get, path: "{resource}/tasks", returns: Task, '
                           "params: {task_id: {type: string, in: path, required: true}}}")
    assert found(tmp_path, service=service) == [
        "specs/area/tasks.yaml:6:75: path parameter 'task_id' does not appear in the path "
        "'{resource}/tasks' (at /operations/get_task/params/task_id)"
    ]


def test_enum_values_that_become_the_same_member(tmp_path: Path) -> None:
    types = TYPES.replace("[notStarted, inProgress, completed]", "[notStarted, not_started, completed]")
    assert found(tmp_path, types=types).count(
        "specs/types.yaml:9:26: values 'notStarted' and 'not_started' both become the Python member "
        "TaskStatus.NOT_STARTED (at /enums/TaskStatus/values/1)") == 1


# -- owner_field: the property the emulator files a created item under ---------------------


def test_owner_field_that_is_not_a_field(tmp_path: Path) -> None:
    service = SERVICE.replace("returns: Task}", "returns: Task, owner_field: listId}")
    assert found(tmp_path, service=service) == [
        "specs/area/tasks.yaml:5:81: owner_field 'listId' is not a field of Task; it must be a property "
        "Graph returns (declare it under 'fields:') (at /operations/get_tasks/owner_field)"
    ]


def test_all_problems_come_together(tmp_path: Path) -> None:
    task = task_with("mark_completed: {kind: update, set: {status: complete}}", "validate: {kind: refresh}")
    service = service_with('new_task: {kind: new, path: "{resource}/tasks", returns: Task, params: {colour: string}}')
    assert len(found(tmp_path, task=task, service=service)) == 3


def test_messages_name_the_line_of_the_mistake(tmp_path: Path) -> None:
    text = textwrap.dedent(TASK) + "  mark_completed:\n    kind: update\n    set:\n      status: complete\n"
    [problem] = found(tmp_path, task=text)
    assert problem.startswith("specs/area/task.yaml:17:15: 'complete' is not a value of TaskStatus")


# -- context handed on, defaults, update arguments, inheritance, attachments ---------------


def test_context_handed_to_returned_objects(tmp_path: Path) -> None:
    task = TASK.replace('path: "{resource}/tasks/{id}"', 'path: "{resource}/lists/{list_id}/tasks/{id}"\n'
                        "context: [list_id]")
    task += '  get_subtasks: {kind: list, path: "{self}/tasks", returns: Task, context: {list_id: "{lst}", other: "{id}"}}\n'
    service = SERVICE.replace("returns: Task}", 'returns: Task, context: {list_id: "x"}}')
    assert found(tmp_path, task=task, service=service) == [
        "specs/area/task.yaml:15:86: path parameter {lst} is not bound (known here: id, list_id, parent, "
        "resource, self) (at /operations/get_subtasks/context/list_id)",
        "specs/area/task.yaml:15:95: Task takes no context 'other' (its context: list_id) "
        "(at /operations/get_subtasks/context/other)",
    ]


def test_default_that_the_parameter_type_cannot_hold(tmp_path: Path) -> None:
    task = task_with('remind: {kind: action, path: "{self}/remind", params: {on: {type: bool, default: "yes"}, '
                     "status: {type: TaskStatus, default: finished}}}")
    assert found(tmp_path, task=task) == [
        "specs/area/task.yaml:14:84: default of parameter 'on': 'yes' is not a bool "
        "(at /operations/remind/params/on/default)",
        "specs/area/task.yaml:14:128: default of parameter 'status': 'finished' is not a value of TaskStatus "
        "(values: notStarted, inProgress, completed) (at /operations/remind/params/status/default)",
    ]


def test_update_argument_of_another_type_than_its_field(tmp_path: Path) -> None:
    task = task_with("set_reminder: {kind: update, params: {isReminderOn: string, status: string}}")
    assert found(tmp_path, task=task) == [
        "specs/area/task.yaml:14:55: parameter 'isReminderOn' is string but the field is bool "
        "(at /operations/set_reminder/params/isReminderOn)"
    ]


def test_a_field_that_hides_a_method_of_the_resource_it_extends(tmp_path: Path) -> None:
    special = textwrap.dedent("""\
        resource: SpecialTask
        graph_type: microsoft.graph.todoTask
        doc: A task.
        link: https://learn.microsoft.com/graph/api/resources/todotask?view=graph-rest-1.0
        extends: Task
        fields:
          refresh: string
          other: {type: string, aliases: [save]}
        """)
    assert problems(tmp_path, {"types.yaml": TYPES, "area/task.yaml": TASK, "area/special.yaml": special}) == [
        "specs/area/special.yaml:7:3: python name 'refresh' would hide the method Task.refresh it extends; "
        "set 'python:' to another name (at /fields/refresh)",
        "specs/area/special.yaml:8:35: python name 'save' would hide the method Task.save it extends; "
        "set 'python:' to another name (at /fields/other/aliases/0)",
    ]


def test_attachments_must_return_a_resource(tmp_path: Path) -> None:
    task = TASK.replace("fields:", 'attachments: {path: "{self}/attachments", returns: EmailAddress, '
                        'item_type: "#microsoft.graph.taskFileAttachment", max_size: 26214400}\nfields:')
    assert found(tmp_path, task=task) == [
        "specs/area/task.yaml:6:52: attachments return 'EmailAddress', which is not a resource "
        "(at /attachments/returns)"
    ]


def test_download_tree_facets_are_fields(tmp_path: Path) -> None:
    task = task_with('save_all: {kind: download_tree, path: "{self}/children", '
                     'tree: {children: "{self}/children", content: "{item}/content", folder: folder, name: title}}')
    assert found(tmp_path, task=task) == [
        "specs/area/task.yaml:14:131: 'folder': no field 'folder' here (known: id, isReminderOn, status, title) "
        "(at /operations/save_all/tree/folder)"
    ]


def test_the_schema_names_only_helpers_the_runtime_has() -> None:
    """`kind: computed` imports its helper from generated.o365._runtime.helpers: the schema's list is that module's."""
    import inspect
    import json

    import generated.o365._runtime.helpers

    schema = json.loads((Path(__file__).resolve().parents[2] / "specs" / "spec.schema.json").read_text())
    listed = set(schema["$defs"]["operation"]["properties"]["helper"]["enum"])
    functions = {name for name, f in inspect.getmembers(generated.o365._runtime.helpers, inspect.isfunction)
                 if f.__module__ == "generated.o365._runtime.helpers" and not name.startswith("_")}
    assert listed == functions


def test_navigation_and_action_must_be_what_the_path_walks(tmp_path: Path) -> None:
    task = task_with('get_items: {kind: list, path: "{self}/children", returns: Task, navigation: checklistItems}',
                     'copy: {kind: action, path: "{self}/move", action: copy}')
    assert found(tmp_path, task=task) == [
        "specs/area/task.yaml:14:79: navigation 'checklistItems' is not a segment of the path '{self}/children' "
        "(at /operations/get_items/navigation)",
        "specs/area/task.yaml:15:53: action 'copy' is not the last segment of the path '{self}/move' "
        "(at /operations/copy/action)",
    ]


def test_emulator_defaults_and_seed_values_fit_their_fields(tmp_path: Path) -> None:
    task = TASK.replace("fields:", "emulator:\n  defaults: {status: notstarted, isReminderOn: false}\n"
                        "  seed:\n    - {data: {title: 7, status: inProgress}}\nfields:")
    assert found(tmp_path, task=task) == [
        "specs/area/task.yaml:7:22: 'notstarted' is not a value of TaskStatus (values: notStarted, inProgress, "
        "completed) (at /emulator/defaults/status)",
        "specs/area/task.yaml:9:22: 7 is not a string (the type of 'title') (at /emulator/seed/0/data/title)",
    ]


def test_module_names_that_clash_with_a_package_or_the_generator(tmp_path: Path) -> None:
    other = TASK.replace("resource: Task", "resource: Other")
    assert problems(tmp_path, {"types.yaml": TYPES, "area/task.yaml": TASK, "area.yaml": other,
                               "types/extra.yaml": TASK.replace("resource: Task", "resource: Extra")}) == [
        "specs/area.yaml:1:1: the file name makes module 'area', but specs/area/ makes a package of that name; "
        "rename the file",
        "specs/types/extra.yaml:1:1: the file name makes module 'types.extra', which the generator uses itself; "
        "rename the file",
    ]


def test_the_generators_own_modules_are_read_from_the_renderer() -> None:
    assert {"account", "types", "__init__", "_permissions"} <= reserved.generator_modules()


def test_a_spec_named_like_a_module_the_generator_writes(tmp_path: Path) -> None:
    assert problems(tmp_path, {"types.yaml": TYPES, "_permissions.yaml": TASK}) == [
        "specs/_permissions.yaml:1:1: the file name makes module '_permissions', which the generator uses itself; "
        "rename the file"
    ]


def test_a_required_parameter_has_no_other_names(tmp_path: Path) -> None:
    # python-o365's keyword alone would leave the positional argument missing: two optional
    # parameters linked by `alternative` say it instead.
    service = service_with(
        'add_task: {kind: action, path: "{resource}/tasks", returns: Task, params: {'
        "title: {type: string, required: true, aliases: [subject]}}}")
    assert found(tmp_path, service=service) == [
        "specs/area/tasks.yaml:6:125: a required parameter has no other names: make both "
        "optional parameters and link them with 'alternative' "
        "(at /operations/add_task/params/title/aliases)"
    ]


def test_an_alternative_must_be_another_optional_parameter(tmp_path: Path) -> None:
    service = service_with(
        'add_task: {kind: action, path: "{resource}/tasks", returns: Task, params: {'
        "title: {type: string, alternative: subject}, "
        "status: {type: string, alternative: title, required: true}}}")
    assert found(tmp_path, service=service) == [
        "specs/area/tasks.yaml:6:113: alternative names 'subject': it must be another parameter "
        "of this operation, and neither of the two may be 'required' "
        "(at /operations/add_task/params/title/alternative)",
        "specs/area/tasks.yaml:6:159: alternative names 'title': it must be another parameter "
        "of this operation, and neither of the two may be 'required' "
        "(at /operations/add_task/params/status/alternative)",
    ]
