"""The generated groups API against Microsoft's documented example responses (cassettes).

Each cassette in tests/groups/cassettes/ names its source pages (microsoftgraph/
microsoft-graph-docs-contrib, api-reference/v1.0/api/group-*.md, user-list-memberof.md,
drive-get.md); tests/groups/make_cassettes.py builds them from tests/groups/docs_examples/.
The matcher checks the method, path, query options and JSON body of every request we send
against the documented request, so each test proves both what is sent and what is parsed.
"""

from __future__ import annotations

import datetime as dt

import pytest

from generated.o365._runtime.connection import Connection
from generated.o365._runtime.delta import Removed
from generated.o365._runtime.query import Query
from generated.o365.directory.directory_object import DirectoryObject
from generated.o365.directory.user import User
from generated.o365.groups.group import Group
from generated.o365.groups.groups import Groups
from generated.o365.storage.drive import Drive
from tests.support.docs_cassettes import DocsPlayer, Sent

GROUP_ID = "02bd9fd6-8f93-4758-87c3-1fb73740a315"
ADMIN = "4562bcc8-c436-4f95-b7c0-4f8ce89dca5e"
MEGAN = "f0206b06-7c5d-461c-ae24-08f68b7ef463"


@pytest.fixture
def groups(graph_con: Connection) -> Groups:
    return Groups(graph_con, "me")


def test_list_groups_group_list_md(groups: Groups, docs_cassette: DocsPlayer) -> None:
    with docs_cassette("list_groups") as played:
        found = list(groups.list_groups())
    assert played.all_played
    assert [g.display_name for g in found] == ["Golf Assist", "Golf Discussion"]
    golf = found[0]
    assert isinstance(golf, Group)
    assert golf.group_types == ["Unified"] and golf.mail_enabled and not golf.security_enabled
    assert golf.created == dt.datetime(2018, 12, 22, 2, 21, 5, tzinfo=dt.timezone.utc)
    assert golf.proxy_addresses == ["smtp:golfassist@contoso.onmicrosoft.com",
                                    "SMTP:golfassist@contoso.com"]


def test_microsoft365_groups_filter_on_group_types_group_list_md(groups: Groups,
                                                                 docs_cassette: DocsPlayer) -> None:
    with docs_cassette("microsoft365_groups") as played:  # the documented $filter is checked
        found = list(groups.get_microsoft365_groups())
    assert played.all_played
    assert [(g.display_name, g.group_types) for g in found] == [("Golf Assist", ["Unified"])]


def test_search_groups_sends_the_header_group_list_md(groups: Groups, docs_cassette: DocsPlayer,
                                                      sent: Sent) -> None:
    query = Query().search('"displayName:Video" OR "description:prod"').count()
    with docs_cassette("search_groups") as played:
        pager = groups.get_groups(query=query, order_by="displayName")
        found = list(pager)
    assert played.all_played
    assert sent.headers[0]["consistencylevel"] == "eventual"  # added by the library
    assert pager.count == 1396
    assert [g.mail_nickname for g in found] == ["SFAVideos", "VideoProduction"]


def test_security_groups_filter_group_list_md(groups: Groups, docs_cassette: DocsPlayer) -> None:
    with docs_cassette("security_groups") as played:  # $filter=securityEnabled eq true is checked
        found = list(groups.get_security_groups())
    assert played.all_played
    assert [(g.object_id, g.membership_rule_processing_state) for g in found] == [
        ("e9f4a701-e7b5-4401-a0ca-5bd5f3cdcf4b", "On")]


def test_distribution_groups_advanced_filter_group_list_md(groups: Groups,
                                                           docs_cassette: DocsPlayer,
                                                           sent: Sent) -> None:
    with docs_cassette("distribution_groups") as played:  # the filter and $count are checked
        found = list(groups.get_distribution_groups())
    assert played.all_played
    assert sent.headers[0]["consistencylevel"] == "eventual"  # `not` makes it an advanced query
    assert [(g.display_name, g.group_types, g.mail_enabled, g.security_enabled)
            for g in found] == [("Golf Discussion", [], True, False)]


def test_group_by_mail_searches_group_list_md(groups: Groups, docs_cassette: DocsPlayer,
                                              sent: Sent) -> None:
    with docs_cassette("group_by_mail") as played:  # $search="mail:..." and $count are checked
        group = groups.get_group_by_mail("SFAVideos@service.contoso.com")
    assert played.all_played
    assert sent.headers[0]["consistencylevel"] == "eventual"
    assert group.mail == "SFAVideos@service.contoso.com" and group.mail_nickname == "SFAVideos"


def test_create_group_group_post_groups_md(groups: Groups, docs_cassette: DocsPlayer,
                                           sent: Sent) -> None:
    with docs_cassette("create_group") as played:
        group = groups.create_group("Library Assist", "library",
                                    description="Self help community for library")
    assert played.all_played
    # Example 1's body: a Microsoft 365 group (the preset groupTypes/mailEnabled/securityEnabled)
    assert sent.bodies[0]["groupTypes"] == ["Unified"]
    assert group.object_id == "b320ee12-b1cd-4cca-b648-a437be61c5cd"
    assert group.mail == "library7423@contoso.com" and group.visibility == "Public"


def test_members_added_listed_removed(groups: Groups, docs_cassette: DocsPlayer,
                                      sent: Sent) -> None:
    with docs_cassette("membership") as played:
        group = groups.get_group(GROUP_ID)
        members = list(group.get_members())
        group.add_member(ADMIN)
        group.remove_member(ADMIN)
        transitive = list(group.get_transitive_members())
    assert played.all_played
    assert group.display_name == "HR Taskforce" and group.resource_provisioning_options == ["Team"]
    # group-list-members.md shows a bare directoryObject (no @odata.type): no subtype to pick
    assert [type(m) for m in members] == [DirectoryObject]
    assert members[0].object_id == "id-value"
    assert sent.bodies[2] == {"@odata.id": f"https://graph.microsoft.com/v1.0/directoryObjects/{ADMIN}"}
    (user,) = transitive
    assert isinstance(user, User) and user.mail == "group1@contoso.com"


def test_owners_group_list_owners_md(groups: Groups, docs_cassette: DocsPlayer,
                                     sent: Sent) -> None:
    with docs_cassette("owners") as played:
        group = groups.get_group(GROUP_ID)
        owners = list(group.get_group_owners())
        megan = owners[1]
        group.add_owner(megan)
        group.remove_owner(megan)
    assert played.all_played
    assert [o.display_name for o in owners] == ["MOD Administrator", "Megan Bowen", "Diego Siciliani"]
    assert all(isinstance(o, User) for o in owners)
    assert sent.bodies[2] == {"@odata.id": f"https://graph.microsoft.com/v1.0/users/{MEGAN}"}


def test_group_drive_drive_get_md(groups: Groups, docs_cassette: DocsPlayer) -> None:
    with docs_cassette("group_drive") as played:
        drive = groups.get_group(GROUP_ID).get_drive()
    assert played.all_played
    assert isinstance(drive, Drive) and drive.owner is not None
    assert drive.quota is not None and drive.quota.total == 1099511627776


def test_delete_group_group_delete_md(groups: Groups, docs_cassette: DocsPlayer) -> None:
    with docs_cassette("delete_group") as played:
        assert groups.get_group_by_id(GROUP_ID).delete() is True
    assert played.all_played


def test_groups_delta_group_delta_md(groups: Groups, docs_cassette: DocsPlayer) -> None:
    with docs_cassette("group_delta") as played:
        changes = groups.get_groups_delta()
        first = next(iter(changes))
    assert played.all_played
    assert not isinstance(first, Removed)
    assert first.display_name == "All Company" and first.mail == "allcompany@contoso.com"
    assert [m["id"] for m in first.to_api()["members@delta"]] == [
        "693acd06-2877-4339-8ade-b704261fe7a0", "49320844-be99-4164-8167-87ff5d047ace"]


def test_user_groups_user_list_memberof_md(groups: Groups, graph_con: Connection,
                                           docs_cassette: DocsPlayer) -> None:
    user_id = "6e7b768e-07e2-4810-8459-485f84f8f204"
    user = User._factory(graph_con, {"resource": "me"})({"id": user_id})
    with docs_cassette("user_groups") as played:
        by_groups = list(groups.get_user_groups(user_id))
        by_user = list(user.get_member_of())
    assert played.all_played
    for found in (by_groups, by_user):
        (group,) = found
        assert isinstance(group, Group)
        assert group.display_name == "All Users" and group.security_enabled is True


def test_refresh_and_update_group_get_md_group_update_md(groups: Groups, docs_cassette: DocsPlayer,
                                                         sent: Sent) -> None:
    with docs_cassette("refresh_and_update_group") as played:
        group = groups.get_group(GROUP_ID)
        group.refresh()  # the second documented GET (all_played proves it was sent)
        group.description = group.display_name = "Library Assist"
        group.group_types = ["Unified"]
        group.mail_enabled = True
        group.mail_nickname = "library-help"
        assert group.save() is True  # the documented PATCH: the five changed properties
    assert played.all_played
    assert sent.bodies[-1] == {"description": "Library Assist", "displayName": "Library Assist",
                              "groupTypes": ["Unified"], "mailEnabled": True,
                              "mailNickname": "library-help"}
    assert not group.is_dirty


def test_python_o365_member_lists_group_list_members_md(groups: Groups,
                                                        docs_cassette: DocsPlayer) -> None:
    with docs_cassette("python_o365_member_lists") as played:
        group = groups.get_group(GROUP_ID)
        members = list(group.get_group_members())
        nested = list(group.get_group_members(recursive=True))  # transitiveMembers
        owners = list(group.get_owners())
    assert played.all_played
    assert [m.object_id for m in members] == ["id-value"]
    assert isinstance(nested[0], User) and nested[0].mail == "group1@contoso.com"
    assert [o.display_name for o in owners] == ["MOD Administrator", "Megan Bowen", "Diego Siciliani"]
