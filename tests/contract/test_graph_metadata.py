"""Every spec agrees with Microsoft's official Graph v1.0 metadata (cleanMetadata.xml).

The metadata is read from ../shared/graph/v1.0/cleanMetadata.xml, else .cache/ (filled by
`make metadata` from the public msgraph-metadata repository). Without either the tests skip
and say how to get it.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from generator.contract import check
from generator.loader import load_specs
from generator.metadata import Metadata, MetadataMissing, find_metadata, load_metadata

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
  get_attachments: {kind: list, path: "{self}/attachments", returns: Thing, navigation: attachmentz}
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


def test_contract_rejects_an_owner_field_graph_does_not_have(metadata: Metadata,
                                                              tmp_path: Path) -> None:
    """`owner_field` names a real field of the child (a message's parentFolderId); an
    invented one (the README's old To Do `parentListId`) is caught here."""
    spec = textwrap.dedent(BAD_SPEC).split("  subjectLine")[0] + textwrap.dedent("""\
        parentFolderId: string
        parentListId: string
      operations:
        real: {kind: list, path: "{self}/a", returns: Thing, owner_field: parentFolderId}
        invented: {kind: list, path: "{self}/b", returns: Thing, owner_field: parentListId}
    """)
    (tmp_path / "thing.yaml").write_text(spec)
    problems = check(load_specs(tmp_path), metadata)
    assert [p.split(": ", 1)[1] for p in problems] == [
        "Thing.parentListId is not a property of microsoft.graph.message in the metadata",
        "Thing.invented: owner_field 'parentListId' is not a property of microsoft.graph.message"]
