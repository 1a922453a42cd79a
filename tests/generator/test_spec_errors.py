"""Each class of spec mistake gives one clear problem naming file, line, column and path."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from generated.o365._generator.__main__ import main
from generated.o365._generator.loader import load_specs
from generated.o365._generator.problems import SpecError

TYPES = """\
types:
  EmailAddress:
    graph_type: microsoft.graph.emailAddress
    doc: An address.
    fields: {name: string, address: string}
"""

GOOD_RESOURCE = """\
resource: Thing
graph_type: microsoft.graph.message
doc: A thing.
link: https://learn.microsoft.com/graph/api/resources/message?view=graph-rest-1.0
path: "{resource}/things/{id}"
fields:
  id: {type: string, read_only: true}
  subject: string
operations:
  refresh: {kind: refresh}
"""


def write(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text))
    return root


def problems(tmp_path: Path, files: dict[str, str]) -> list[str]:
    write(tmp_path, {"types.yaml": TYPES, **files})
    with pytest.raises(SpecError) as info:
        load_specs(tmp_path)
    return [str(p) for p in info.value.problems]


def test_a_good_tree_loads(tmp_path: Path) -> None:
    write(tmp_path, {"types.yaml": TYPES, "area/thing.yaml": GOOD_RESOURCE})
    specset = load_specs(tmp_path)
    assert [r.name for r in specset.resources] == ["Thing"]


def test_invalid_yaml_names_the_line(tmp_path: Path) -> None:
    found = problems(tmp_path, {"area/thing.yaml": GOOD_RESOURCE.replace("subject: string", "subject: [string")})
    assert len(found) == 1
    assert found[0].startswith("specs/area/thing.yaml:")
    assert "invalid YAML" in found[0]


def test_unknown_key_is_named_with_its_line(tmp_path: Path) -> None:
    text = GOOD_RESOURCE.replace("operations:", "colour: blue\noperations:")
    assert problems(tmp_path, {"area/thing.yaml": text}) == [
        "specs/area/thing.yaml:9:1: unknown key 'colour' (expected one of: advanced_queries, aliases, attachments, concurrency, constants, context, "
        "context_from, definitions, doc, emulator, extends, fields, graph_type, link, nested, open_values, operations, "
        "path, permissions, repr, resource, rules, session, subtypes) "
        "(at /colour)"
    ]


def test_unknown_operation_key(tmp_path: Path) -> None:
    text = GOOD_RESOURCE.replace("{kind: refresh}", "{kind: refresh, pages: 3}")
    [problem] = problems(tmp_path, {"area/thing.yaml": text})
    assert problem.startswith("specs/area/thing.yaml:10:")
    assert "unknown key 'pages'" in problem and "(at /operations/refresh/pages)" in problem


def test_missing_required_key(tmp_path: Path) -> None:
    text = GOOD_RESOURCE.replace("doc: A thing.\n", "")
    [problem] = problems(tmp_path, {"area/thing.yaml": text})
    assert "'doc' is a required property" in problem
    assert problem.startswith("specs/area/thing.yaml:1:1")


def test_unknown_type_reference(tmp_path: Path) -> None:
    text = GOOD_RESOURCE.replace("subject: string", "subject: Strnig")
    assert problems(tmp_path, {"area/thing.yaml": text}) == [
        "specs/area/thing.yaml:8:12: unknown type 'Strnig' (at /fields/subject)"
    ]


def test_unbound_path_parameter(tmp_path: Path) -> None:
    text = GOOD_RESOURCE + '  get_part: {kind: get, path: "{self}/parts/{part_id}", returns: Thing}\n'
    [problem] = problems(tmp_path, {"area/thing.yaml": text})
    assert problem.startswith("specs/area/thing.yaml:11:")
    assert "path parameter {part_id} is not bound" in problem
    assert "(at /operations/get_part/path)" in problem


def test_keyword_python_name(tmp_path: Path) -> None:
    text = GOOD_RESOURCE.replace("subject: string", "from: EmailAddress")
    assert problems(tmp_path, {"area/thing.yaml": text}) == [
        "specs/area/thing.yaml:8:3: python name 'from' is a Python keyword; set 'python:' to "
        "another name (at /fields/from)"
    ]


def test_duplicate_python_name(tmp_path: Path) -> None:
    text = GOOD_RESOURCE.replace("subject: string", "subject: string\n  Subject: string")
    [problem] = problems(tmp_path, {"area/thing.yaml": text})
    assert "python name 'subject' is used twice (subject and Subject)" in problem
    assert problem.startswith("specs/area/thing.yaml:9:3")


def test_alias_collision(tmp_path: Path) -> None:
    text = GOOD_RESOURCE + "  delete: {kind: delete, aliases: [refresh]}\n"
    [problem] = problems(tmp_path, {"area/thing.yaml": text})
    assert "python name 'refresh' is used twice" in problem
    assert "(at /operations/delete/aliases/0)" in problem


def test_duplicate_yaml_key(tmp_path: Path) -> None:
    text = GOOD_RESOURCE.replace("subject: string", "subject: string\n  subject: bool")
    [problem] = problems(tmp_path, {"area/thing.yaml": text})
    assert "duplicate key 'subject' (first defined at line 8)" in problem
    assert problem.startswith("specs/area/thing.yaml:9:3")


def test_type_declared_twice(tmp_path: Path) -> None:
    [problem] = problems(tmp_path, {"more.yaml": TYPES})
    assert "'EmailAddress' is declared twice" in problem


def test_repr_of_unknown_field(tmp_path: Path) -> None:
    text = GOOD_RESOURCE.replace("fields:", "repr: [title]\nfields:")
    [problem] = problems(tmp_path, {"area/thing.yaml": text})
    assert "repr names unknown field 'title'" in problem


def test_switch_parameter_must_be_bool(tmp_path: Path) -> None:
    text = GOOD_RESOURCE + textwrap.dedent("""\
      reply:
        kind: action
        path: "{self}/createReply"
        path_when: {to_all: "{self}/createReplyAll"}
        params:
          to_all: {type: string, in: switch}
    """).replace("\n", "\n  ").rstrip() + "\n"
    text = text.replace("operations:\n  refresh: {kind: refresh}\nreply:", "operations:\n  refresh: {kind: refresh}\n  reply:")
    found = problems(tmp_path, {"area/thing.yaml": text})
    assert any("a switch parameter must be a bool" in p for p in found), found


def test_slash_path_into_unknown_field(tmp_path: Path) -> None:
    text = GOOD_RESOURCE + "  mark: {kind: update, set: {isRead: true}}\n"
    [problem] = problems(tmp_path, {"area/thing.yaml": text})
    assert "'isRead': no field 'isRead' here" in problem


def test_module_name_the_generator_uses(tmp_path: Path) -> None:
    [problem] = problems(tmp_path, {"account.yaml": GOOD_RESOURCE})
    assert "module 'account'" in problem


def test_three_mistakes_in_one_run_are_all_reported(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = (GOOD_RESOURCE
            .replace("subject: string", "subject: Strnig\n  from: EmailAddress")
            .replace("operations:", "colour: blue\noperations:"))
    write(tmp_path, {"types.yaml": TYPES, "area/thing.yaml": text})
    status = main(["--specs", str(tmp_path), "validate"])
    err = capsys.readouterr().err
    assert status == 1
    assert "3 problems in the specs:" in err
    assert "specs/area/thing.yaml:8:12: unknown type 'Strnig'" in err
    assert "specs/area/thing.yaml:9:3: python name 'from' is a Python keyword" in err
    assert "specs/area/thing.yaml:10:1: unknown key 'colour'" in err


def test_advanced_queries_on_a_query_builder_but_not_on_a_refresh(tmp_path: Path) -> None:
    text = GOOD_RESOURCE + "  new_query: {kind: query_builder, aliases: [q], advanced_queries: true}\n" \
        "  again: {kind: refresh, advanced_queries: true}\n"
    [problem] = problems(tmp_path, {"area/thing.yaml": text})
    assert "advanced_queries applies to list, find and query_builder operations only" in problem
    assert "(at /operations/again/advanced_queries)" in problem


# -- protocol keys: what the runtime needs about a resource is said in its spec -------------

UPLOAD_OP = '  attach:\n    kind: upload\n    path: "{self}"\n    returns: Thing\n    upload: '


@pytest.mark.parametrize(
    ("added", "expected"),
    [
        ('  one: {kind: get, path: "{self}/x", returns: Thing, advanced_queries: true}\n',
         "specs/area/thing.yaml:11:72: advanced_queries applies to list, find and query_builder "
         "operations only (at /operations/one/advanced_queries)"),
        ('  all: {kind: list, path: "{self}/x", returns: Thing, removed: deleted}\n',
         "specs/area/thing.yaml:11:64: removed applies to delta operations only "
         "(at /operations/all/removed)"),
        ("  mark: {kind: set, set: {subject: x}, permissions: {delegated: Mail.Send}}\n",
         "specs/area/thing.yaml:11:53: a 'set' operation makes no request: it needs no "
         "permissions (at /operations/mark/permissions)"),
        (UPLOAD_OP + '{style: outlook, session: "{self}/attachments/createUploadSession"}\n',
         "specs/area/thing.yaml:15:13: an outlook-style upload needs 'session' and 'session_item' "
         "(the createUploadSession body member) (at /operations/attach/upload)"),
        (UPLOAD_OP + '{style: outlook, simple: "{self}/attachments", session: "{self}/s", '
                     "session_item: AttachmentItem}\n",
         "specs/area/thing.yaml:15:38: an outlook-style upload POSTs small files as JSON: give "
         "'item_type' too (at /operations/attach/upload/simple)"),
        (UPLOAD_OP + '{style: drive, simple: "{self}/content", session_item: item}\n',
         "specs/area/thing.yaml:15:68: session_item is only used by style outlook "
         "(at /operations/attach/upload/session_item)"),
    ],
    ids=["advanced_queries-on-get", "removed-on-list", "permissions-on-set",
         "outlook-upload-without-member", "outlook-simple-without-item-type",
         "drive-upload-with-member"],
)
def test_protocol_keys_are_checked_against_the_operation_kind(
        tmp_path: Path, added: str, expected: str) -> None:
    assert problems(tmp_path, {"area/thing.yaml": GOOD_RESOURCE + added}) == [expected]


@pytest.mark.parametrize(
    ("block", "expected"),
    [
        ('attachments: {path: "{self}/attachments", upload: outlook, max_size: 10,\n'
         '              item_type: "#microsoft.graph.fileAttachment"}\n',
         ["specs/area/thing.yaml:6:14: attachments with upload: outlook need 'session_item' "
          "(the createUploadSession body member) (at /attachments)"]),
        ('attachments: {path: "{self}/attachments"}\n',
         ["specs/area/thing.yaml:6:14: 'item_type' is a required property (at /attachments)",
          "specs/area/thing.yaml:6:14: 'max_size' is a required property (at /attachments)"]),
        ("permissions: {read: {delegated: mail read}, write: {delegated: Mail.ReadWrite}}\n",
         ["specs/area/thing.yaml:6:33: 'mail read' is not a valid value here (must match "
          "^[A-Z][A-Za-z]*(\\.[A-Z][A-Za-z]*)+$) (at /permissions/read/delegated)"]),
    ],
    ids=["outlook-attachments-without-member", "attachments-without-type-and-limit",
         "permission-name"],
)
def test_resource_protocol_blocks_are_checked(tmp_path: Path, block: str, expected: list[str]) -> None:
    text = GOOD_RESOURCE.replace("fields:", block + "fields:")
    assert problems(tmp_path, {"area/thing.yaml": text}) == expected
