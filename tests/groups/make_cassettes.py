"""Build tests/groups/cassettes/*.yaml from Microsoft's documented examples.

Run `python -m tests.groups.make_cassettes` after editing a scenario; the cassettes are
committed. Each response body is copied from `tests/groups/docs_examples/<page>.json`
(microsoftgraph/microsoft-graph-docs-contrib, api-reference/v1.0/api/<page>.md; the file's
`source` names the page and example). Requests are the documented ones; where a test chains
calls, a documented placeholder (`{id}`, `{group-id}`) becomes the id an earlier documented
response returned: the group of group-get.md, the users of group-list-owners.md.
"""

from __future__ import annotations

from pathlib import Path

from tests.support.docs_cassettes import GRAPH, Step, write_all

HERE = Path(__file__).parent
EXAMPLES = HERE / "docs_examples"
CASSETTES = HERE / "cassettes"

GROUP = GRAPH + "groups/02bd9fd6-8f93-4758-87c3-1fb73740a315"  # group-get.md
ADMIN = "4562bcc8-c436-4f95-b7c0-4f8ce89dca5e"  # group-list-owners.md
MEGAN = "f0206b06-7c5d-461c-ae24-08f68b7ef463"  # group-list-owners.md

SCENARIOS: dict[str, list[Step]] = {
    "refresh_and_update_group": [
        ("group-get", None, {}),
        ("group-get", None, {}),
        ("group-update", None, {"url": GROUP}),
    ],
    "python_o365_member_lists": [
        ("group-get", None, {}),
        ("group-list-members", None, {"url": GROUP + "/members"}),
        ("group-list-transitivemembers", None, {"url": GROUP + "/transitiveMembers"}),
        ("group-list-owners", None, {"url": GROUP + "/owners"}),
    ],
    "list_groups": [("group-list", None, {})],
    "microsoft365_groups": [("group-list.unified", None, {})],
    "search_groups": [("group-list-search", None, {})],
    "security_groups": [("group-list.security", None, {})],
    "distribution_groups": [("group-list.distribution", None, {})],
    "group_by_mail": [("group-list.mail-search", None, {})],
    "create_group": [("group-post-groups", None, {})],
    "membership": [
        ("group-get", None, {}),
        ("group-list-members", None, {"url": GROUP + "/members"}),
        ("group-post-members", None, {"url": GROUP + "/members/$ref",
                                      "body": {"@odata.id": GRAPH + "directoryObjects/" + ADMIN}}),
        ("group-delete-members", None, {"url": GROUP + f"/members/{ADMIN}/$ref"}),
        ("group-list-transitivemembers", None, {}),
    ],
    "owners": [
        ("group-get", None, {}),
        ("group-list-owners", None, {"url": GROUP + "/owners"}),
        ("group-post-owners", None, {"url": GROUP + "/owners/$ref",
                                     "body": {"@odata.id": GRAPH + "users/" + MEGAN}}),
        ("group-delete-owners", None, {"url": GROUP + f"/owners/{MEGAN}/$ref"}),
    ],
    "group_drive": [
        ("group-get", None, {}),
        ("drive-get-group", None, {"url": GROUP + "/drive"}),
    ],
    "delete_group": [
        ("group-get", None, {}),
        ("group-delete", None, {"url": GROUP}),
    ],
    "group_delta": [("group-delta", None, {})],
    "user_groups": [
        ("user-list-memberof", None, {}),
        ("user-list-memberof", None, {}),
    ],
}


def main() -> None:
    write_all(SCENARIOS, EXAMPLES, CASSETTES, "tests/groups/make_cassettes.py")


if __name__ == "__main__":
    main()
