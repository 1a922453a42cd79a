"""Every spec agrees with Microsoft's official Graph v1.0 metadata (cleanMetadata.xml).

The metadata is read from ../shared/graph/v1.0/cleanMetadata.xml, else .cache/ (filled by
`make metadata` from the public msgraph-metadata repository). Without either the tests skip
and say how to get it.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from generated.o365._generator.contract import check
from generated.o365._generator.loader import load_specs
from generated.o365._generator.metadata import (
    Metadata,
    MetadataMissing,
    find_metadata,
    load_metadata,
)

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def metadata() -> Metadata:
    try:
        return load_metadata(find_metadata())
    except MetadataMissing as exc:
        pytest.skip(f"{exc}")


def test_every_spec_agrees_with_the_metadata(metadata: Metadata) -> None:
    problems = check(load_specs(ROOT / "specs"), metadata)
    assert problems == [], "specs disagree with Graph's metadata:\n" + "\n".join(problems)


def test_generator_fixtures_agree_with_the_metadata(metadata: Metadata) -> None:
    fixture = ROOT / "tests" / "generator" / "fixtures" / "every_operation_kind"
    problems = check(load_specs(fixture), metadata)
    # The fixture borrows microsoft.graph.message for a made-up resource, so only the
    # fields it invented are expected to disagree.
    assert all("Widget." in p for p in problems), problems


BAD_SPEC = """\
resource: Thing
graph_type: microsoft.graph.message
doc: A message with a property Microsoft's metadata does not have.
link: https://learn.microsoft.com/graph/api/resources/message?view=graph-rest-1.0
path: "{resource}/messages/{id}"
fields:
  id: {type: string, read_only: true}
  subject: string
  subjectLine: string
  isRead: string
operations:
  move:
    kind: action
    action: move
    path: "{self}/move"
    params:
      destinationFolder: string
  get_attachments: {kind: list, path: "{self}/attachmentz", returns: Thing, navigation: attachmentz}
"""


def test_contract_fails_on_a_deliberately_wrong_spec(metadata: Metadata, tmp_path: Path) -> None:
    (tmp_path / "thing.yaml").write_text(textwrap.dedent(BAD_SPEC))
    problems = check(load_specs(tmp_path), metadata)
    text = "\n".join(problems)
    assert "Thing.subjectLine is not a property of microsoft.graph.message" in text
    assert "Thing.isRead is string in the spec but Edm.Boolean in the metadata" in text
    assert "parameter 'destinationFolder' is not a parameter of move" in text
    assert "walks 'attachmentz', which is not a navigation property" in text
    assert len(problems) == 4
    assert all(p.startswith("specs/thing.yaml:") for p in problems)


def test_contract_rejects_an_unknown_graph_type(metadata: Metadata, tmp_path: Path) -> None:
    (tmp_path / "thing.yaml").write_text(
        textwrap.dedent(BAD_SPEC).replace("microsoft.graph.message", "microsoft.graph.mesage"))
    problems = check(load_specs(tmp_path), metadata)
    assert problems == ["specs/thing.yaml:1:1: microsoft.graph.mesage is not a type in the metadata"]


INVENTED_OWNER = """\
resource: Task
graph_type: microsoft.graph.todoTask
doc: A To Do task.
link: https://learn.microsoft.com/graph/api/resources/todotask?view=graph-rest-1.0
path: "{resource}/todo/lists/{list_id}/tasks/{id}"
context: [list_id]
fields:
  id: {type: string, read_only: true}
  title: string
  listId: {type: string, read_only: true}
operations:
  refresh: {kind: refresh}
"""

INVENTED_OWNER_LIST = """\
resource: TaskList
graph_type: microsoft.graph.todoTaskList
doc: A To Do list.
link: https://learn.microsoft.com/graph/api/resources/todotasklist?view=graph-rest-1.0
path: "{resource}/todo/lists/{id}"
fields:
  id: {type: string, read_only: true}
operations:
  get_tasks:
    kind: list
    path: "{self}/tasks"
    returns: Task
    owner_field: listId
    context: {list_id: "{id}"}
"""


def test_an_invented_owner_field_fails_the_contract_and_validate(metadata: Metadata, tmp_path: Path,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    """The issue's case: `owner_field` pointing at a field Graph does not have passed every check."""
    from generated.o365._generator.__main__ import main

    (tmp_path / "task.yaml").write_text(INVENTED_OWNER)
    (tmp_path / "task_list.yaml").write_text(INVENTED_OWNER_LIST)
    problems = check(load_specs(tmp_path), metadata)
    assert problems == [
        "specs/task.yaml:10:3: Task.listId is not a property of microsoft.graph.todoTask in the metadata",
        "specs/task_list.yaml:9:3: TaskList.get_tasks: owner_field 'listId' is not a property of "
        "microsoft.graph.todoTask in the metadata",
    ]
    assert main(["--specs", str(tmp_path), "validate"]) == 1
    err = capsys.readouterr().err
    assert "2 disagreements with Graph's metadata:" in err
    assert "owner_field 'listId' is not a property of microsoft.graph.todoTask" in err


def test_validate_checks_the_real_specs_against_the_metadata(metadata: Metadata,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    from generated.o365._generator.__main__ import main

    assert main(["validate"]) == 0
    assert "all agree with Graph's metadata" in capsys.readouterr().out


OUTLOOK_UPLOADS = """\
resource: Thing
graph_type: microsoft.graph.message
doc: A message whose attachments name Graph things that do not fit.
link: https://learn.microsoft.com/graph/api/resources/message?view=graph-rest-1.0
path: "{resource}/messages/{id}"
attachments: {path: "{self}/attachments", upload: outlook, inline_limit: 3145728, returns: Part,
              session_item: attachmentInfo, item_type: "#microsoft.graph.taskFileAttachment", max_size: 157286400}
fields:
  id: {type: string, read_only: true}
operations:
  refresh: {kind: refresh}
"""

PART = """\
resource: Part
graph_type: microsoft.graph.attachment
doc: An attachment.
link: https://learn.microsoft.com/graph/api/resources/attachment?view=graph-rest-1.0
path: "{parent}/{id}"
fields:
  id: {type: string, read_only: true}
operations:
  refresh: {kind: refresh}
"""


def test_outlook_upload_item_type_and_session_member_come_from_the_metadata(metadata: Metadata,
                                                                            tmp_path: Path) -> None:
    """To Do's taskFileAttachment and attachmentInfo belong to attachmentBase, not to a message's
    attachments: sent there, Graph would reject both."""
    (tmp_path / "thing.yaml").write_text(OUTLOOK_UPLOADS)
    (tmp_path / "part.yaml").write_text(PART)
    assert check(load_specs(tmp_path), metadata) == [
        "specs/thing.yaml:1:1: Thing.attachments: item_type #microsoft.graph.taskFileAttachment is not a kind of "
        "microsoft.graph.attachment",
        "specs/thing.yaml:1:1: Thing.attachments: session_item 'attachmentInfo' is not a parameter of "
        "createUploadSession on microsoft.graph.attachment (it takes: AttachmentItem)",
    ]


def test_a_misspelt_delta_removal_marker_fails_the_contract(metadata: Metadata, tmp_path: Path) -> None:
    spec = PART.replace("resource: Part", "resource: Item").replace("microsoft.graph.attachment", "microsoft.graph.driveItem")
    spec += ('  get_changes: {kind: delta, path: "{self}/delta", action: delta, returns: Item, removed: deletd}\n'
             '  get_more: {kind: delta, path: "{self}/delta", action: delta, returns: Item, removed: deleted}\n')
    (tmp_path / "item.yaml").write_text(spec)
    assert check(load_specs(tmp_path), metadata) == [
        "specs/item.yaml:10:3: Item.get_changes: removed 'deletd' is not a property of microsoft.graph.driveItem "
        "in the metadata"
    ]


INVERSE = """\
resource: Team
graph_type: microsoft.graph.group
doc: A group.
link: https://learn.microsoft.com/graph/api/resources/group?view=graph-rest-1.0
path: groups/{id}
emulator:
  inverse: {members: memberOf, owners: ownedThings, memberz: memberOf}
fields:
  id: {type: string, read_only: true}
operations:
  refresh: {kind: refresh}
"""


def test_emulator_inverse_links_are_graph_navigation_properties(metadata: Metadata,
                                                                tmp_path: Path) -> None:
    """members -> memberOf holds (memberOf is a user's, and user derives from directoryObject);
    a navigation Graph does not have, on either side, fails the contract."""
    (tmp_path / "team.yaml").write_text(INVERSE)
    assert check(load_specs(tmp_path), metadata) == [
        "specs/team.yaml:1:1: Team emulator inverse: 'memberz' is not a navigation property of "
        "microsoft.graph.group",
        "specs/team.yaml:1:1: Team emulator inverse: 'ownedThings' is not a navigation property "
        "of directoryObject or its subtypes",
    ]
