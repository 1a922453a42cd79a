"""python-o365's ApiComponent face on every bound object: protocol, main_resource and the URL
helpers its users call (build_base_url, build_url, set_base_url)."""

from __future__ import annotations

import pytest

from generated.o365.groups.group import Group
from runtime.connection import Connection
from runtime.protocol import MSGraphProtocol
from runtime.resource import Service


def test_urls_are_built_below_the_main_resource() -> None:
    with Connection(protocol=MSGraphProtocol()) as con:
        service = Service(con, "me")
        assert service.protocol is con.protocol and service.main_resource == "me"
        assert service.build_base_url("users") == "https://graph.microsoft.com/v1.0/users"
        assert service.build_url("/messages") == "https://graph.microsoft.com/v1.0/me/messages"
        service.set_base_url("user:adele@contoso.com")
        assert service.main_resource == "users/adele@contoso.com"
        with pytest.raises(ValueError):
            service.set_base_url("users/../me")


def test_setting_the_base_of_one_object_leaves_its_siblings_alone() -> None:
    """Objects of one page share their context; set_base_url must not change the others'."""
    with Connection(protocol=MSGraphProtocol()) as con:
        build = Group._factory(con, {"resource": "me"})
        first, second = build({"id": "a"}), build({"id": "b"})
        first.set_base_url("groups/x")
        assert first.main_resource == "groups/x" and second.main_resource == "me"
