"""Generic argument rules the directory specs switch on: a resource argument is that resource
(or a subtype its spec declares) or an id, GUID-shaped where the resource's `id` is a guid;
`reference:` sends an entity's absolute URL; `search:` builds a `$search` from arguments."""

from __future__ import annotations

import pytest

from generated.o365._runtime.arguments import id_of, ids_of
from generated.o365._runtime.connection import Connection
from generated.o365._runtime.helpers import first_present
from generated.o365._runtime.model import NOT_GIVEN
from generated.o365._runtime.protocol import MSGraphProtocol
from generated.o365._runtime.query import Query, search_text
from generated.o365._runtime.resource import Service
from generated.o365.directory.directory_object import DirectoryObject
from generated.o365.directory.user import User
from generated.o365.groups.group import Group
from generated.o365.storage.drive import Drive

OBJECT = "generated.o365.directory.directory_object:DirectoryObject"
USER = "generated.o365.directory.user:User"
GUID = "4562bcc8-c436-4f95-b7c0-4f8ce89dca5e"


def test_a_resource_argument_takes_the_resource_its_subtypes_or_an_id() -> None:
    assert id_of(User({"id": "u1"}), OBJECT) == "u1"  # User is a declared subtype
    assert id_of(Group({"id": GUID}), OBJECT) == GUID
    assert id_of(DirectoryObject({"id": GUID}), OBJECT) == GUID
    assert id_of(GUID, OBJECT) == GUID
    with pytest.raises(TypeError, match="expected a DirectoryObject or its id, not a Drive"):
        id_of(Drive({"id": "d"}), OBJECT)
    with pytest.raises(TypeError, match="not int"):
        id_of(42, OBJECT)
    with pytest.raises(ValueError, match="has no id"):
        id_of(User(), OBJECT)


def test_guid_ids_are_checked_where_the_spec_says_so() -> None:
    with pytest.raises(ValueError, match="'adele@contoso.com' is not a DirectoryObject id"):
        id_of("adele@contoso.com", OBJECT)
    with pytest.raises(ValueError, match="is empty"):
        id_of("", OBJECT)
    assert id_of("adele@contoso.com", USER) == "adele@contoso.com"  # users/{id | UPN}
    assert id_of(NOT_GIVEN, OBJECT) is NOT_GIVEN and id_of(None, OBJECT) is None


def test_a_list_of_resources() -> None:
    assert ids_of([User({"id": "a"}), "b"], USER) == ["a", "b"]
    assert ids_of(NOT_GIVEN, USER) is NOT_GIVEN
    with pytest.raises(TypeError, match="a list of User objects or ids"):
        ids_of("a@contoso.com", USER)


def test_a_reference_is_the_entity_url_on_this_connections_host() -> None:
    with Connection(protocol=MSGraphProtocol(protocol_url="http://127.0.0.1:9/")) as con:
        service = Service(con, "me")
        assert service._reference("directoryObjects", GUID) == (
            f"http://127.0.0.1:9/v1.0/directoryObjects/{GUID}")
        # an id is one segment: nothing in it can reach another path
        assert service._reference("users", "a/../b?c") == "http://127.0.0.1:9/v1.0/users/a%2F..%2Fb%3Fc"
        assert service._reference("users", ["x", "y"]) == ["http://127.0.0.1:9/v1.0/users/x",
                                                          "http://127.0.0.1:9/v1.0/users/y"]
        assert service._reference("users", NOT_GIVEN) is NOT_GIVEN


def test_search_text_escapes_and_refuses_nothing_to_search() -> None:
    template = '"displayName:{text}" OR "mail:{text}"'
    assert search_text(template, text=" wa ") == '"displayName:wa" OR "mail:wa"'
    assert search_text(template, text='a"b\\c') == '"displayName:a\\"b\\\\c" OR "mail:a\\"b\\\\c"'
    with pytest.raises(ValueError, match="text is empty"):
        search_text(template, text="  ")
    with pytest.raises(TypeError):
        search_text(template, text=3)


def test_an_operations_own_search_is_not_silently_replaced() -> None:
    with Connection(protocol=MSGraphProtocol(protocol_url="http://127.0.0.1:9/")) as con:
        service = Service(con, "me")
        pager = service._list("users", User, limit=None, query=Query().select("id"),
                              page_size=None, max_page_size=None, search='"displayName:a"',
                              advanced_queries=True)
        # the operation's $search joins the caller's query and makes it advanced
        assert pager._params == {"$select": "id", "$search": '"displayName:a"'}
        assert pager._headers == {"ConsistencyLevel": "eventual"}
        with pytest.raises(ValueError, match="sends its own \\$search"):
            service._list("users", User, limit=None, query=Query().search("x"), page_size=None,
                          max_page_size=None, search='"displayName:a"')


def test_the_fallback_helper() -> None:
    assert first_present(None, "", "adele@contoso.com") == "adele@contoso.com"
    assert first_present(None, []) is None
    assert first_present(None, 42) == "42"  # as text
