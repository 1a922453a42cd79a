"""The comparison rules of fidelity.py catch what they are meant to catch."""

from __future__ import annotations

from .fidelity import collection_problems, foreign_properties, shape_problems

DOCUMENTED = {"@odata.context": "https://graph.microsoft.com/v1.0/$metadata#x",
              "@odata.type": "#microsoft.graph.fileAttachment", "name": "a.txt", "size": 3,
              "isInline": False, "contentId": None, "tags": [{"k": "v"}],
              "calendar@odata.navigationLink": "https://graph.microsoft.com/..."}
OURS = {"@odata.context": "http://127.0.0.1:1/v1.0/$metadata#y",
        "@odata.type": "#microsoft.graph.fileAttachment", "name": "b.txt", "size": 9,
        "isInline": True, "contentId": {"anything": "goes"}, "tags": [{"k": "w"}]}


def test_same_shapes_with_other_values_match() -> None:
    assert shape_problems(DOCUMENTED, OURS) == []


def test_missing_property_kind_and_empty_array_are_reported() -> None:
    ours = {**OURS, "size": "9", "tags": []}
    del ours["name"]
    problems = shape_problems(DOCUMENTED, ours)
    assert problems == ["$: missing 'name'", "$.size: string '9', documented number 3",
                        "$.tags: documented with elements, ours is empty"]


def test_null_may_stand_for_a_scalar_but_not_for_an_object_or_array() -> None:
    assert shape_problems(DOCUMENTED, {**OURS, "isInline": None, "size": None}) == []
    assert shape_problems(DOCUMENTED, {**OURS, "tags": None}) == [
        "$.tags: expected an array, got null"]
    assert shape_problems({"body": {"content": "x"}}, {"body": None}) == [
        "$.body: expected an object, got null"]


def test_annotations_compared_only_where_meaningful() -> None:
    problems = shape_problems(DOCUMENTED, {**OURS, "@odata.context": "nope",
                                           "@odata.type": "#microsoft.graph.itemAttachment"})
    assert problems == ["$.@odata.context: not a metadata URL: 'nope'",
                        "$.@odata.type: '#microsoft.graph.itemAttachment', documented "
                        "'#microsoft.graph.fileAttachment'"]


def test_array_elements_match_any_documented_element() -> None:
    documented = {"value": [{"name": "f", "file": {}}, {"name": "d", "folder": {}}]}
    assert shape_problems(documented, {"value": [{"name": "x", "folder": {"n": 1}}]}) == []
    assert shape_problems(documented, {"value": [{"name": "x"}]}) == ["$.value[0]: missing 'file'"]


def test_foreign_properties_follow_metadata_types() -> None:
    message = {"@odata.etag": "W/1", "id": "1", "subject": "s", "flag": {"flagStatus": "x"},
               "from": {"emailAddress": {"name": "n", "address": "a", "nickname": "no"}},
               "made_up": 1}
    assert foreign_properties(message, "microsoft.graph.message") == [
        "$.from.emailAddress.nickname is not a property of graph.emailAddress",
        "$.made_up is not a property of microsoft.graph.message"]
    event_message = {"@odata.type": "#microsoft.graph.eventMessage", "meetingMessageType": "x"}
    assert foreign_properties(event_message, "microsoft.graph.message") == []
    assert foreign_properties({"id": "x"}, "microsoft.graph.mailboxSettings") == [
        "$.id is not a property of microsoft.graph.mailboxSettings"]


def test_collection_pages_hold_only_value_and_annotations() -> None:
    page = {"@odata.nextLink": "n", "value": [{"id": "1"}], "count": 1}
    assert collection_problems(page, "microsoft.graph.outlookCategory") == [
        "$.count is not part of a collection page"]
    assert collection_problems([], "microsoft.graph.outlookCategory") == [
        "$: expected a collection page with a 'value' array"]


def test_an_open_type_that_declares_nothing_holds_any_value() -> None:
    """fieldValueSet (OpenType, no properties of its own) carries a list's columns; an open
    type with declared properties (message) is still checked."""
    item = {"id": "1", "fields": {"Title": "Widget", "Quantity": 3, "OwnerLookupId": "7"}}
    assert foreign_properties(item, "microsoft.graph.listItem") == []
    assert foreign_properties({"id": "1", "made_up": 1}, "microsoft.graph.message") == [
        "$.made_up is not a property of microsoft.graph.message"]
