from __future__ import annotations

import pytest

from generated.o365._runtime.scopes import (
    SCOPE_ALIASES,
    default_scope,
    expand_scopes,
    prefix_scope,
    strip_reserved,
)

G = "https://graph.microsoft.com/"


def test_aliases_expand_with_prefix_in_stable_order_without_duplicates() -> None:
    assert expand_scopes(["basic", "message_all", "Mail.Send", "basic"]) == [
        G + "User.Read",
        G + "Mail.ReadWrite",
        G + "Mail.Send",
    ]


@pytest.mark.parametrize(
    ("alias", "expected"),
    [
        ("mailbox_settings", ["MailboxSettings.ReadWrite"]),
        ("message_all_shared", ["Mail.ReadWrite.Shared", "Mail.Send.Shared"]),
        ("address_book_all_shared", ["Contacts.ReadWrite.Shared"]),
        ("calendar_shared_all", ["Calendars.ReadWrite.Shared"]),
        ("users", ["User.ReadBasic.All"]),
        ("onedrive_all", ["Files.ReadWrite.All"]),
        ("sharepoint_dl", ["Sites.ReadWrite.All"]),
        ("settings_all", ["MailboxSettings.ReadWrite"]),
        ("tasks_all", ["Tasks.ReadWrite"]),
        ("presence", ["Presence.Read"]),
    ],
)
def test_alias_table_matches_python_o365(alias: str, expected: list[str]) -> None:
    assert expand_scopes([alias]) == [G + s for s in expected]


def test_all_python_o365_aliases_exist() -> None:
    o365 = {
        "basic", "mailbox", "mailbox_shared", "mailbox_settings", "message_send",
        "message_send_shared", "message_all", "message_all_shared", "address_book",
        "address_book_shared", "address_book_all", "address_book_all_shared", "calendar",
        "calendar_shared", "calendar_all", "calendar_shared_all", "users", "onedrive",
        "onedrive_all", "sharepoint", "sharepoint_all", "settings_all", "tasks", "tasks_all",
        "presence",
    }  # fmt: skip
    assert o365 <= set(SCOPE_ALIASES)


def test_offline_access_and_openid_scopes_are_not_prefixed() -> None:
    assert expand_scopes("basic openid", offline_access=True) == [
        G + "User.Read",
        "openid",
        "offline_access",
    ]
    assert expand_scopes(["offline_access"], offline_access=True) == ["offline_access"]


def test_full_uris_kept_and_duplicates_compared_case_insensitively() -> None:
    assert expand_scopes([G + "mail.read", "Mail.Read", "api://x/y"]) == [
        G + "mail.read",
        "api://x/y",
    ]


def test_other_prefix_for_national_cloud() -> None:
    china = "https://microsoftgraph.chinacloudapi.cn/"
    assert expand_scopes(["mailbox"], prefix=china) == [china + "Mail.Read"]
    assert default_scope(china) == china + ".default"
    assert prefix_scope("X", "https://h") == "https://h/X"


def test_bad_scopes_raise_before_any_request() -> None:
    with pytest.raises(TypeError):
        expand_scopes(["basic", 3])  # type: ignore[list-item]
    with pytest.raises(ValueError):
        expand_scopes(["Mail.Read", " "])
    with pytest.raises(TypeError):
        expand_scopes(42)  # type: ignore[arg-type]


def test_none_means_every_alias_like_python_o365() -> None:
    assert G + "Presence.Read" in expand_scopes(None)


def test_strip_reserved() -> None:
    assert strip_reserved(["openid", G + "User.Read", "offline_access", "profile"]) == [
        G + "User.Read"
    ]
