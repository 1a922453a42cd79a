"""The generated directory API against Microsoft's documented example responses (cassettes).

Each cassette names its source pages (microsoftgraph/microsoft-graph-docs-contrib,
api-reference/v1.0/api/user-*.md, profilephoto-*.md, invitation-post.md,
concepts/search-query-parameter.md); tests/directory/make_cassettes.py builds them from
tests/directory/docs_examples/. The matcher checks method, path, query options and JSON body
of every request against the documented one.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from generated.o365._runtime.connection import Connection
from generated.o365._runtime.delta import Removed
from generated.o365._runtime.query import Query
from generated.o365.directory.directory import Directory
from generated.o365.directory.invitation import Invitation
from generated.o365.directory.user import User
from generated.o365.emulator.images import solid_jpeg
from generated.o365.groups.group import Group
from tests.support.docs_cassettes import DocsPlayer, Sent

ADELE = "87d349ed-44d7-43e1-9a83-5f2406dee5bd"


@pytest.fixture
def directory(graph_con: Connection) -> Directory:
    return Directory(graph_con, "me")


def test_get_update_disable_delete_user_md(directory: Directory, docs_cassette: DocsPlayer,
                                           sent: Sent) -> None:
    with docs_cassette("get_update_disable_delete") as played:
        adele = directory.get_user(ADELE)
        assert adele.email == "AdeleV@contoso.com" and adele.full_name == "Adele Vance"
        adele.business_phones = ["+1 425 555 0109"]
        adele.office_location = "18/2111"
        assert adele.save() is True
        assert adele.disable() is True
        assert adele.delete() is True
    assert played.all_played
    assert sent.bodies[2] == {"accountEnabled": False}
    assert adele.account_enabled is False


def test_manager_and_direct_reports_md(directory: Directory, docs_cassette: DocsPlayer) -> None:
    with docs_cassette("manager_and_reports") as played:
        adele = directory.get_user(ADELE)
        managers = [adele.get_manager(), directory.get_user_manager(adele)]
        reports = [list(adele.get_direct_reports()), list(directory.get_user_direct_reports(adele))]
    assert played.all_played
    assert {m.display_name for m in managers} == {"Sara Davis"}
    assert managers[0].job_title == "Finance VP"
    assert [[r.object_id for r in rs] for rs in reports] == [["id-value"], ["id-value"]]


def test_search_users_search_query_parameter_md(directory: Directory, docs_cassette: DocsPlayer,
                                                sent: Sent) -> None:
    with docs_cassette("search_users") as played:
        found = list(directory.search_users("Guthr"))
    assert played.all_played
    assert sent.headers[0]["consistencylevel"] == "eventual"  # added by the library
    assert [u.display_name for u in found] == ["Oscar Ward"]


def test_users_delta_user_delta_md(directory: Directory, docs_cassette: DocsPlayer) -> None:
    with docs_cassette("users_delta") as played:
        changes = directory.get_users_delta(
            query=Query().select("displayName", "jobTitle", "mobilePhone"))
        first = next(iter(changes))
    assert played.all_played
    assert not isinstance(first, Removed)
    assert first.job_title == "jobTitle-value" and first.mobile_phone is None


def test_users_and_the_current_user_user_list_md_user_get_md(directory: Directory,
                                                              docs_cassette: DocsPlayer) -> None:
    with docs_cassette("users_and_me") as played:
        users = list(directory.get_users(limit=None))
        me = directory.get_current_user()
    assert played.all_played
    assert users[0].display_name == "Conf Room Adams" and users[0].given_name is None
    assert me.email == "AdeleV@contoso.com" and me.preferred_language == "en-US"


def test_member_of_user_list_memberof_md(graph_con: Connection, docs_cassette: DocsPlayer) -> None:
    user = User._factory(graph_con, {"resource": "me"})({"id": "6e7b768e-07e2-4810-8459-485f84f8f204"})
    with docs_cassette("member_of") as played:
        (group,) = list(user.get_member_of())
    assert played.all_played
    assert isinstance(group, Group) and group.display_name == "All Users"
    assert group.security_enabled is True and group.mail_enabled is False


def test_transitive_member_of_md(graph_con: Connection, docs_cassette: DocsPlayer) -> None:
    user = User._factory(graph_con, {"resource": "me"})({"id": "6e7b768e-07e2-4810-8459-485f84f8f204"})
    with docs_cassette("transitive_member_of") as played:
        (group,) = list(user.get_transitive_member_of())
    assert played.all_played
    assert isinstance(group, Group) and group.mail_nickname == "ContosoMailNickName"


def test_invitations_invitation_post_md(directory: Directory, docs_cassette: DocsPlayer) -> None:
    with docs_cassette("invite") as played:
        # the documented body has no sendInvitationMessage: python-o365's call sends none
        raw = directory.invite_user("admin@fabrikam.com", "https://myapp.contoso.com")
        typed = directory.invite_guest("admin@fabrikam.com", "https://myapp.contoso.com")
    assert played.all_played
    assert typed.invited_user_type == "Guest" and typed.status == "PendingAcceptance"
    assert raw["status"] == "PendingAcceptance"
    invitation = Invitation.from_api(raw)
    assert invitation.invite_redeem_url is not None
    assert invitation.invite_redeem_url.startswith("https://login.microsoftonline.com/redeem?")
    assert invitation.invited_user == {"id": "cbb896f9-8306-49d0-b56b-b8e39cd28825"}
    assert typed.invited_user_id == "cbb896f9-8306-49d0-b56b-b8e39cd28825"


def test_user_photo_profilephoto_md(directory: Directory, docs_cassette: DocsPlayer,
                                    sent: Sent) -> None:
    picture = solid_jpeg(96, 96, (1, 2, 3))
    with docs_cassette("user_photo") as played:
        adele = directory.get_user(ADELE)
        photo = adele.get_photo()
        small = adele.get_profile_photo("48x48")  # python-o365 passes the size by position
        adele.update_profile_photo(picture)
    assert played.all_played
    assert (photo.id, photo.width, photo.height, photo.content_type) == (
        "240X240", 240, 240, "image/jpeg")
    assert small.startswith(b"\xff\xd8\xff")
    assert sent.bodies[-1] == picture


def test_refresh_update_enable_user_get_md_user_update_md(directory: Directory,
                                                          docs_cassette: DocsPlayer,
                                                          sent: Sent) -> None:
    with docs_cassette("refresh_update_enable") as played:
        adele = directory.get_user(ADELE)
        adele.refresh()  # the second documented GET (all_played proves it was sent)
        adele.business_phones = ["+1 425 555 0109"]
        adele.office_location = "18/2111"
        assert adele.update() is True
        assert adele.enable() is True
    assert played.all_played
    assert sent.bodies[-2:] == [{"businessPhones": ["+1 425 555 0109"], "officeLocation": "18/2111"},
                                {"accountEnabled": True}]
    assert adele.account_enabled is True and not adele.is_dirty


def test_user_photo_download_profilephoto_get_md(directory: Directory, docs_cassette: DocsPlayer,
                                                 tmp_path: Path) -> None:
    with docs_cassette("user_photo_download") as played:
        adele = directory.get_user(ADELE)
        assert adele.download_photo(tmp_path / "adele.jpg")
    assert played.all_played
    assert (tmp_path / "adele.jpg").read_bytes().startswith(b"\xff\xd8\xff")
