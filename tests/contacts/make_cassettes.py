"""Build tests/contacts/cassettes/*.yaml from Microsoft's documented examples.

Run `python -m tests.contacts.make_cassettes` after editing a scenario; the cassettes are
committed. Each response body is copied from `tests/contacts/docs_examples/<page>.json`
(microsoftgraph/microsoft-graph-docs-contrib, api-reference/v1.0/api/<page>.md; the file's
`source` names the page and example). Requests are the documented ones; where a test chains
calls, a documented placeholder (`{id}`) becomes the id an earlier documented response gave,
and user-post-contactfolders.md's body loses its placeholder `parentFolderId` (a folder made
here goes below the default Contacts folder, which Graph needs no id for).
"""

from __future__ import annotations

from pathlib import Path

from tests.support.docs_cassettes import GRAPH, Step, write_all

HERE = Path(__file__).parent
EXAMPLES = HERE / "docs_examples"
CASSETTES = HERE / "cassettes"

ALEX = ("AAMkAGVmMDEzMTM4LTZmYWUtNDdkNC1hMDZiLTU1OGY5OTZhYmY4OABGAAAAAAAiQ8W967B7TKBjgx9rVEURBwAi"
        "IsqMbYjsT5e-T7KzowPTAAAAAAEOAAAiIsqMbYjsT5e-T7KzowPTAAAYbuK-AAA=")  # contact-get.md
CONTACTS = "AQMkADIxYjJiYgEzLTFmNjYALTRjYTMtODA1NC0wZDkxZGNmOTcxNTQALgAAA8RJzXYaLKZPlmn0ge0edZkBADa3qi2IMXRNg6RwQSHe_F8AAAIBDgAAAA=="  # user-list-contactfolders.md
FINANCE = "AAMkAGI2TKI5AAA="  # contactfolder-get.md
GARTH = "AAMkAGI2THk0AAA="  # contact-update.md

SCENARIOS: dict[str, list[Step]] = {
    "contact_refresh_update_photo_info": [
        ("contact-get", None, {}),
        ("contact-get", None, {}),
        ("contact-update", None, {"url": GRAPH + f"me/contacts/{ALEX}"}),
        # after the PATCH the contact is the one contact-update.md answers with (its id)
        ("profilephoto-get", None, {"url": GRAPH + f"me/contacts/{GARTH}/photo"}),
        ("profilephoto-get.contact", None, {"url": GRAPH + f"me/contacts/{GARTH}/photo/$value"}),
    ],
    # rename() and move_folder() each PATCH the one property they change
    "folder_get_refresh_rename_move": [
        ("contactfolder-get", None, {"url": GRAPH + f"me/contactFolders/{FINANCE}"}),
        ("contactfolder-get", None, {"url": GRAPH + f"me/contactFolders/{FINANCE}"}),
        ("contactfolder-update", None, {"url": GRAPH + f"me/contactFolders/{FINANCE}",
                                        "body": {"displayName": "displayName-value"}}),
        # the folder is now the one the first PATCH answered with (id-value)
        ("contactfolder-update", None, {"url": GRAPH + "me/contactFolders/id-value",
                                        "body": {"parentFolderId": "parentFolderId-value"}}),
    ],
    "list_contacts": [("user-list-contacts", None, {})],
    "contact_by_email": [("user-list-contacts.filter", None, {})],
    "create_contact": [("user-post-contacts", None, {})],
    "get_update_delete_contact": [
        ("contact-get", None, {}),
        ("contact-update", None, {"url": GRAPH + f"me/contacts/{ALEX}"}),
        ("contact-delete", None, {"url": GRAPH + "me/contacts/AAMkAGI2THk0AAA="}),
    ],
    "folders": [
        ("user-list-contactfolders", None, {}),
        ("user-post-contactfolders", None, {"body": {"displayName": "displayName-value"}}),
    ],
    "folder_by_name": [("user-list-contactfolders.filter", None, {})],
    "contact_delta": [
        ("user-list-contactfolders", None, {}),
        ("contact-delta", None, {"url": GRAPH + f"me/contactFolders/{CONTACTS}/contacts/delta?$select=displayName"}),
    ],
    "contact_photo": [
        ("contact-get", None, {}),
        ("profilephoto-get.contact", None, {"url": GRAPH + f"me/contacts/{ALEX}/photo/$value"}),
        ("profilephoto-update.contact", None, {"url": GRAPH + f"me/contacts/{ALEX}/photo/$value"}),
    ],
}


def main() -> None:
    write_all(SCENARIOS, EXAMPLES, CASSETTES, "tests/contacts/make_cassettes.py")


if __name__ == "__main__":
    main()
