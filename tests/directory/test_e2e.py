"""The directory end to end: the generated API against the local emulator over real sockets.

The emulator seeds twelve people with an org chart (emulator/seed.py PEOPLE: Patti at the
top), photos for ten of them (real JPEGs, emulator/behaviours/directory.py) and groups
(emulator/behaviours/groups.py). Managers, direct reports, memberOf, users delta and the
user CRUD are spec-only: no directory-specific Python serves them.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image

from generated.o365 import Account, MemoryTokenBackend, MSGraphProtocol, PasswordProfile
from generated.o365._runtime.delta import Removed
from generated.o365._runtime.errors import BadRequestError, NotFoundError, NoUserContextError
from generated.o365.directory.directory import Directory
from generated.o365.directory.user import User
from generated.o365.emulator import EmulatorServer
from generated.o365.emulator.images import solid_jpeg
from generated.o365.groups.group import Group
from tests.support.accounts import emulator_account
from tests.support.emulated import GraphCalls

JOHANNA = "johanna@contoso.onmicrosoft.com"


@pytest.fixture(scope="module")
def server() -> Iterator[EmulatorServer]:
    with EmulatorServer(seed=14) as emulator:
        yield emulator


@pytest.fixture(scope="module")
def account(server: EmulatorServer) -> Account:
    return emulator_account(server, JOHANNA)  # app-only: the admin's view of the directory


@pytest.fixture
def directory(account: Account) -> Directory:
    return account.directory()


def test_users_lazily_with_queries(directory: Directory) -> None:
    page = directory.get_users(limit=5, query=directory.new_query().select("displayName", "mail"))
    assert len(list(page)) == 5
    everyone = list(directory.get_users(limit=None, order_by="displayName"))
    assert len(everyone) == 12
    names = [u.display_name for u in everyone]
    assert names == sorted(names)
    engineers = list(directory.get_users(
        query=directory.new_query().equals("department", "Engineering")))
    assert sorted(u.full_name for u in engineers) == ["Johanna Lorenz", "Lidia Holloway"]


def test_get_by_id_or_upn_and_the_current_user(directory: Directory) -> None:
    me = directory.get_current_user()
    assert me.user_principal_name == JOHANNA and me.email == JOHANNA
    assert directory.get_user(me.object_id).display_name == "Johanna Lorenz"
    assert directory.get_user(JOHANNA).object_id == me.object_id
    with pytest.raises(NotFoundError):
        directory.get_user("nobody@contoso.onmicrosoft.com")


def test_search_users(directory: Directory) -> None:
    assert {u.display_name for u in directory.search_users("wil")} == {"Alex Wilber",
                                                                       "Nestor Wilke"}
    assert [u.display_name for u in directory.search_users("pradeep")] == ["Pradeep Gupta"]
    assert [u.display_name for u in directory.search_users("megan@")] == ["Megan Bowen"]


def test_a_manager_chain_three_deep(directory: Directory) -> None:
    johanna = directory.get_user(JOHANNA)
    chain = [johanna]
    while len(chain) < 4:
        chain.append(chain[-1].get_manager())
    assert [u.full_name for u in chain] == ["Johanna Lorenz", "Lidia Holloway", "Lee Gu",
                                           "Patti Fernandez"]
    patti = chain[-1]
    with pytest.raises(NotFoundError):
        patti.get_manager()  # the top has none: Graph's 404
    assert directory.get_user_manager(johanna).full_name == "Lidia Holloway"  # python-o365's
    reports = sorted(u.full_name for u in chain[1].get_direct_reports())
    assert reports == ["Grady Archie", "Johanna Lorenz"]
    assert sorted(u.display_name for u in directory.get_user_direct_reports(patti)) == [
        "Adele Vance", "Lee Gu", "Megan Bowen", "Nestor Wilke"]


def test_member_of_and_transitive_member_of(account: Account, directory: Directory) -> None:
    johanna = directory.get_user(JOHANNA)
    direct = list(johanna.get_member_of())
    assert all(isinstance(g, Group) for g in direct)
    everything = {g.display_name for g in johanna.get_transitive_member_of()}
    assert {g.display_name for g in direct} <= everything
    assert "All Company Security" in everything  # through its nested groups
    assert {g.display_name for g in account.groups().get_user_groups(johanna)} == {
        g.display_name for g in direct}


def test_photos_sizes_download_and_upload(directory: Directory, tmp_path: Path) -> None:
    lidia = directory.get_user("lidia@contoso.onmicrosoft.com")
    photo = lidia.get_photo()
    assert (photo.width, photo.height, photo.content_type) == (240, 240, "image/jpeg")
    small = Image.open(io.BytesIO(lidia.get_profile_photo("48x48")))
    small.load()
    assert small.format == "JPEG" and small.size == (48, 48)
    with pytest.raises(NotFoundError):
        lidia.get_profile_photo("648x648")  # never larger than the original
    written = lidia.download_photo(tmp_path, name="lidia.jpg")
    assert written == (tmp_path / "lidia.jpg").stat().st_size > 0
    johanna = directory.get_user(JOHANNA)
    assert johanna.get_photo().id == "1X1"  # none yet: Graph's placeholder metadata
    with pytest.raises(NotFoundError):
        johanna.get_profile_photo()
    picture = solid_jpeg(120, 120, (200, 30, 60))
    johanna.update_profile_photo(picture)
    assert johanna.get_profile_photo() == picture
    assert johanna.get_photo().width == 120


def test_create_update_disable_and_delete_a_user(directory: Directory) -> None:
    user = directory.new_user()
    user.account_enabled = True
    user.display_name = "Miriam Graham"
    user.mail_nickname = "miriamg"
    user.user_principal_name = "miriamg@contoso.onmicrosoft.com"
    user.password_profile = PasswordProfile(force_change_password_next_sign_in=True,
                                            password="Secret-123!")
    assert user.save() is True
    assert user.mail is None and user.email == "miriamg@contoso.onmicrosoft.com"  # UPN fallback
    user.job_title = "Director"
    assert user.save() is True
    assert directory.get_user(user.object_id).job_title == "Director"
    enabled = directory.new_query().select("accountEnabled")  # not in Graph's default set
    assert directory.get_user(user.object_id).account_enabled is None
    assert user.disable() is True
    assert directory.get_user(user.object_id, query=enabled).account_enabled is False
    assert user.enable() is True
    assert directory.get_user(user.object_id, query=enabled).account_enabled is True
    assert user.delete() is True
    with pytest.raises(NotFoundError):
        directory.get_user(user.object_id)


def test_users_delta_round(directory: Directory) -> None:
    first = directory.get_users_delta(query=directory.new_query().select("displayName",
                                                                          "jobTitle"))
    assert len(list(first)) >= 12 and first.delta_link
    user = directory.new_user()
    user.account_enabled = True
    user.display_name = "Debra Berger"
    user.mail_nickname = "debrab"
    user.user_principal_name = "debrab@contoso.onmicrosoft.com"
    user.password_profile = PasswordProfile(password="Secret-123!")
    user.save()
    lee = directory.get_user("lee@contoso.onmicrosoft.com")
    lee.job_title = "Vice President"
    lee.save()
    added = directory.get_users_delta(first.delta_link)
    changed = {u.display_name: u for u in added}
    assert set(changed) == {"Debra Berger", "Lee Gu"}
    assert changed["Lee Gu"].job_title == "Vice President"
    user.delete()
    removed = list(directory.get_users_delta(added.delta_link))
    assert [(type(r), r.id) for r in removed] == [(Removed, user.object_id)]


def test_a_guest_invitation_returns_the_redeem_url(directory: Directory) -> None:
    invitation = directory.invite_guest("ruth@fabrikam.com", "https://myapp.contoso.com",
                                        send_message=False, display_name="Ruth Brown")
    assert invitation.invite_redeem_url.startswith(directory.con.protocol.service_url[:8])
    assert "redeem" in invitation.invite_redeem_url and invitation.status == "PendingAcceptance"
    guest = directory.get_user(invitation.invited_user["id"], query=directory.new_query().select(
        "userType", "displayName", "mail", "userPrincipalName"))
    assert (guest.user_type, guest.display_name, guest.email) == ("Guest", "Ruth Brown",
                                                                  "ruth@fabrikam.com")
    raw = directory.invite_user("sam@fabrikam.com", "https://myapp.contoso.com")
    assert raw["inviteRedeemUrl"] and raw["invitedUserEmailAddress"] == "sam@fabrikam.com"
    with pytest.raises(BadRequestError):  # Graph refuses a second guest with that address
        directory.invite_guest("ruth@fabrikam.com", "https://myapp.contoso.com")


def test_bad_input_is_refused_before_any_request(server: EmulatorServer,
                                                 directory: Directory) -> None:
    johanna = directory.get_user(JOHANNA)
    with GraphCalls(server) as calls:
        with pytest.raises(ValueError):
            directory.get_user("")
        with pytest.raises(ValueError):
            directory.search_users("")
        with pytest.raises(ValueError):
            johanna.update_profile_photo(b"GIF? no, just text")
        with pytest.raises(ValueError):
            johanna.get_profile_photo("large")
        with pytest.raises(ValueError):
            directory.invite_guest("not an address", "https://myapp.contoso.com")
        with pytest.raises(ValueError):
            directory.invite_guest("ruth@fabrikam.com", "ftp://myapp.contoso.com")
    assert calls.seen == []


def test_a_message_to_a_user(account: Account, directory: Directory) -> None:
    lee = directory.get_user("lee@contoso.onmicrosoft.com")
    draft = lee.new_message()  # python-o365's: to the user's email
    assert [r.address for r in draft.to] == ["lee@contoso.onmicrosoft.com"]
    draft.subject = "Org chart"
    assert draft.send() is True
    inbox = account.mailbox(resource="lee@contoso.onmicrosoft.com").inbox_folder()
    assert "Org chart" in [m.subject for m in inbox.get_messages(limit=None)]


def test_users_are_typed(directory: Directory) -> None:
    user = directory.get_user(JOHANNA)
    assert isinstance(user, User) and user.type in (None, "#microsoft.graph.user")


def test_an_app_only_account_without_a_user_reaches_the_directory_and_groups(
        server: EmulatorServer) -> None:
    # users, invitations and groups need no user (paths without {resource}); `me` does, and says so
    # before sending anything.
    app = Account((server.client_id, server.client_secret), auth_flow_type="credentials",
                  tenant_id=server.tenant_id, protocol=MSGraphProtocol(protocol_url=server.url),
                  authority_host=server.url.rstrip("/"), token_backend=MemoryTokenBackend())
    assert app.authenticate()  # no username: no user to act for
    directory, groups = app.directory(), app.groups()
    assert JOHANNA in {u.user_principal_name for u in directory.get_users(limit=None)}
    assert directory.get_user(JOHANNA).full_name == "Johanna Lorenz"
    assert list(groups.get_groups(limit=3))
    with GraphCalls(server) as calls, pytest.raises(NoUserContextError, match="resource="):
        directory.get_current_user()
    assert calls.seen == []


def test_update_and_refresh_a_user(directory: Directory) -> None:
    mine = directory.get_user(JOHANNA)
    theirs = directory.get_user(JOHANNA)
    theirs.office_location = "99/0001"
    assert theirs.update() is True                            # python-o365's update(): a PATCH
    assert mine.office_location != "99/0001"
    mine.refresh()
    assert mine.office_location == "99/0001"
