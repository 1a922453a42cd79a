"""Groups end to end: the generated API against the local emulator over real sockets.

The emulator seeds three Microsoft 365 groups, a distribution list and a security group that
has a nested group (emulator/behaviours/groups.py); members, owners and memberOf are links
kept by `$ref` requests and `@odata.bind` (emulator/references.py).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from generated.o365 import Account
from generated.o365._runtime.delta import Removed
from generated.o365._runtime.errors import BadRequestError, NotFoundError
from generated.o365.directory.user import User
from generated.o365.emulator import EmulatorServer
from generated.o365.groups.group import Group
from generated.o365.groups.groups import Groups
from generated.o365.storage.drive import Drive
from tests.support.accounts import emulator_account
from tests.support.emulated import GraphCalls

ALEX = "alex@contoso.onmicrosoft.com"
MEGAN = "megan@contoso.onmicrosoft.com"


@pytest.fixture(scope="module")
def server() -> Iterator[EmulatorServer]:
    with EmulatorServer(seed=11) as emulator:
        yield emulator


@pytest.fixture(scope="module")
def account(server: EmulatorServer) -> Account:
    return emulator_account(server, "patti@contoso.onmicrosoft.com")


@pytest.fixture
def groups(account: Account) -> Groups:
    return account.groups()


def names(items: object) -> list[str]:
    return sorted(str(getattr(item, "display_name", "")) for item in items)  # type: ignore[attr-defined]


def test_list_and_filter_by_kind(groups: Groups) -> None:
    assert names(groups.list_groups()) == ["All Company Security", "Engineering", "Leadership",
                                           "Marketing", "Retail Managers"]
    assert names(groups.get_microsoft365_groups()) == ["Engineering", "Leadership", "Marketing"]
    assert names(groups.get_security_groups()) == ["All Company Security"]
    # a `not` filter: the library sends ConsistencyLevel and $count, or Graph would refuse it
    assert names(groups.get_distribution_groups()) == ["Retail Managers"]


def test_get_by_id_and_by_mail(groups: Groups) -> None:
    leadership = groups.get_group_by_mail("leadership@contoso.onmicrosoft.com")
    assert leadership.group_types == ["Unified"] and leadership.visibility == "Private"
    again = groups.get_group_by_id(group_id=leadership.object_id)
    assert again.display_name == "Leadership" and again.mail_enabled is True
    with pytest.raises(NotFoundError):
        groups.get_group_by_mail("nobody@contoso.onmicrosoft.com")


def test_members_owners_and_nested_members(groups: Groups) -> None:
    leadership = groups.get_group_by_mail("leadership@contoso.onmicrosoft.com")
    members = list(leadership.get_members())
    assert all(isinstance(m, User) for m in members)
    assert names(members) == ["Adele Vance", "Lee Gu", "Megan Bowen", "Nestor Wilke",
                              "Patti Fernandez"]
    assert names(leadership.get_group_owners()) == ["Patti Fernandez"]
    everyone = next(iter(groups.get_security_groups()))
    direct = list(everyone.get_members())
    assert {type(m) for m in direct} == {User, Group}  # a nested group comes back as a Group
    transitive = names(everyone.get_transitive_members())
    assert "Leadership" in transitive and "Johanna Lorenz" in transitive  # through Engineering
    assert names(everyone.get_group_members(recursive=True)) == transitive


def test_add_and_remove_a_member(account: Account, groups: Groups) -> None:
    """A member added shows in the group's members and in the user's memberOf, and goes."""
    leadership = groups.get_group_by_mail("leadership@contoso.onmicrosoft.com")
    alex = account.directory().get_user(ALEX)
    assert "Leadership" not in names(alex.get_member_of())
    leadership.add_member(alex)
    assert "Alex Wilber" in names(leadership.get_members())
    assert "Leadership" in names(alex.get_member_of())
    assert "Leadership" in names(groups.get_user_groups(ALEX))
    assert "All Company Security" in names(alex.get_transitive_member_of())  # via Leadership
    with pytest.raises(BadRequestError) as twice:
        leadership.add_member(alex.object_id)
    assert "already exist" in str(twice.value)
    leadership.remove_member(alex)
    assert "Alex Wilber" not in names(leadership.get_members())
    assert "Leadership" not in names(alex.get_member_of())
    with pytest.raises(NotFoundError):
        leadership.remove_member(alex)


def test_owners_added_and_removed(account: Account, groups: Groups) -> None:
    marketing = groups.get_group_by_mail("marketing@contoso.onmicrosoft.com")
    alex = account.directory().get_user(ALEX)
    marketing.add_owner(alex)
    assert names(marketing.get_owners()) == ["Alex Wilber", "Megan Bowen"]
    marketing.remove_owner(alex.object_id)
    assert names(marketing.get_owners()) == ["Megan Bowen"]


def test_create_a_microsoft365_group_with_its_drive_and_delete_it(account: Account,
                                                                   groups: Groups) -> None:
    directory = account.directory()
    alex, megan = directory.get_user(ALEX), directory.get_user(MEGAN)
    group = groups.create_group("Project Falcon", "falcon", description="A secret project",
                                owners=[alex], members=[alex, megan.object_id])
    assert group.group_types == ["Unified"] and group.mail == "falcon@contoso.onmicrosoft.com"
    assert group.proxy_addresses == ["SMTP:falcon@contoso.onmicrosoft.com"]
    assert names(group.get_owners()) == ["Alex Wilber"]
    assert names(group.get_members()) == ["Alex Wilber", "Megan Bowen"]
    assert "Project Falcon" in names(megan.get_member_of())
    drive = group.get_drive()
    assert isinstance(drive, Drive) and drive.drive_type == "documentLibrary"
    assert drive.get_root_folder().name == "root"
    group.description = "No longer secret"
    assert group.save() is True
    assert groups.get_group(group.object_id).description == "No longer secret"
    assert group.delete() is True
    with pytest.raises(NotFoundError):
        groups.get_group(group.object_id)
    assert "Project Falcon" not in names(megan.get_member_of())


def test_groups_delta_sees_an_add_an_edit_and_a_delete(groups: Groups) -> None:
    first = groups.get_groups_delta()
    assert "Engineering" in names(first)
    link = first.delta_link
    assert link
    new = groups.create_group("Delta Team", "deltateam")
    engineering = groups.get_group_by_mail("engineering@contoso.onmicrosoft.com")
    engineering.description = "Products, platform and tools."
    engineering.save()
    new.delete()
    changes = list(groups.get_groups_delta(link))
    removed = [c for c in changes if isinstance(c, Removed)]
    changed = [c for c in changes if not isinstance(c, Removed)]
    assert [r.id for r in removed] == [new.object_id]
    assert [c.display_name for c in changed] == ["Engineering"]


def test_bad_input_is_refused_before_any_request(server: EmulatorServer, groups: Groups) -> None:
    leadership = groups.get_group_by_mail("leadership@contoso.onmicrosoft.com")
    drive = leadership.get_drive()
    with GraphCalls(server) as calls:
        with pytest.raises(ValueError, match="not a DirectoryObject id"):
            leadership.add_member("alex@contoso.onmicrosoft.com")  # a UPN is no member id
        with pytest.raises(TypeError, match="expected a DirectoryObject"):
            leadership.add_member(drive)  # type: ignore[arg-type]
        with pytest.raises(ValueError):
            leadership.remove_member("")
        with pytest.raises(ValueError):
            groups.get_group("")
        with pytest.raises(ValueError, match="not a Group id"):
            groups.get_group("leadership")
        with pytest.raises(ValueError):
            groups.get_group_by_mail("")
        with pytest.raises(TypeError):
            groups.create_group("X", "x", members="alex@contoso.onmicrosoft.com")  # type: ignore[arg-type]
    assert calls.seen == []
