"""Build tests/directory/cassettes/*.yaml (the documented-example ones) from Microsoft's docs.

Run `python -m tests.directory.make_cassettes` after editing a scenario; the cassettes are
committed (user_create.yaml and users_search_count.yaml are older, written by hand). Each
response body is copied from `tests/directory/docs_examples/<page>.json` (microsoftgraph/
microsoft-graph-docs-contrib, api-reference/v1.0/api/<page>.md; the file's `source` names
the page). Requests are the documented ones; where a test chains calls, the documented
`{id}` becomes the user of user-get.md, and a call made on a User object goes to its own
path (`users/{id}/...` where the page writes `me/...`). Disabling (enabling) a user is user-update.md's
PATCH with the one property it changes.
"""

from __future__ import annotations

from pathlib import Path

from tests.support.docs_cassettes import GRAPH, Step, write_all

HERE = Path(__file__).parent
EXAMPLES = HERE / "docs_examples"
CASSETTES = HERE / "cassettes"

ADELE = GRAPH + "users/87d349ed-44d7-43e1-9a83-5f2406dee5bd"  # user-get.md

SCENARIOS: dict[str, list[Step]] = {
    "refresh_update_enable": [
        ("user-get", None, {"url": ADELE}),
        ("user-get", None, {"url": ADELE}),
        ("user-update", None, {"url": ADELE}),
        ("user-update", None, {"url": ADELE, "body": {"accountEnabled": True}}),
    ],
    "user_photo_download": [
        ("user-get", None, {"url": ADELE}),
        ("profilephoto-get.value", None, {"url": ADELE + "/photo/$value"}),
    ],
    "get_update_disable_delete": [
        ("user-get", None, {"url": ADELE}),
        ("user-update", None, {"url": ADELE}),
        ("user-update", None, {"url": ADELE, "body": {"accountEnabled": False}}),
        ("user-delete", None, {"url": ADELE}),
    ],
    "manager_and_reports": [
        ("user-get", None, {"url": ADELE}),
        ("user-list-manager", None, {"url": ADELE + "/manager"}),
        ("user-list-manager", None, {"url": ADELE + "/manager"}),
        ("user-list-directreports", None, {"url": ADELE + "/directReports"}),
        ("user-list-directreports", None, {"url": ADELE + "/directReports"}),
    ],
    "users_and_me": [("user-list", None, {}), ("user-get.me", None, {})],
    "member_of": [("user-list-memberof", None, {})],
    "search_users": [("user-list.search", None, {})],
    "users_delta": [("user-delta", None, {})],
    "transitive_member_of": [("user-list-transitivememberof", None, {})],
    "invite": [
        ("invitation-post", None, {}),
        # invite_guest() sends the invitation email unless told not to
        ("invitation-post", None, {"body": {"invitedUserEmailAddress": "admin@fabrikam.com",
                                            "inviteRedirectUrl": "https://myapp.contoso.com",
                                            "sendInvitationMessage": True}}),
    ],
    "user_photo": [
        ("user-get", None, {"url": ADELE}),
        ("profilephoto-get", None, {"url": ADELE + "/photo"}),
        ("profilephoto-get.value", None, {"url": ADELE + "/photos/48x48/$value"}),
        ("profilephoto-update", None, {"url": ADELE + "/photo/$value"}),
    ],
}


def main() -> None:
    write_all(SCENARIOS, EXAMPLES, CASSETTES, "tests/directory/make_cassettes.py")


if __name__ == "__main__":
    main()
