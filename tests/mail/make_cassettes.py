"""Build tests/mail/cassettes/*.yaml from Microsoft's documented examples.

Run `python -m tests.mail.make_cassettes` after editing a scenario; the cassettes are committed.

Each response body is copied from `tests/mail/docs_examples/<page>.json`, which holds one
example of a page of microsoftgraph/microsoft-graph-docs-contrib (its `source` names the page
and commit). The *requests* are the documented ones, adapted only where a test chains calls:
a placeholder id such as `{id}` becomes the id an earlier documented response returned, and a
body is written the way this library sends it (enum values in Graph's lower camel case, where
the page wrote "Low" or "HTML"; Graph accepts both; booleans as JSON booleans where the page
wrote "false"). Each cassette starts with a comment that
names every source.
"""

from __future__ import annotations

from pathlib import Path

from tests.support.docs_cassettes import GRAPH, Step, interaction, write_all  # noqa: F401  (shared)

HERE = Path(__file__).parent
EXAMPLES = HERE / "docs_examples"
CASSETTES = HERE / "cassettes"

SCENARIOS: dict[str, list[Step]] = {
    "list_messages": [("user-list-messages", None, {"url": GRAPH + "me/messages?$select=sender,subject"})],
    "list_folders": [("user-list-mailfolders", None, {})],
    "well_known_folder": [("mailfolder-get", None, {"url": GRAPH + "me/mailFolders/inbox"})],
    "create_draft": [("user-post-messages", None, {"body": {
        "subject": "Did you see last night's game?", "importance": "low",
        "body": {"contentType": "html", "content": "They were <b>awesome</b>!"},
        "toRecipients": [{"emailAddress": {"address": "AdeleV@contoso.onmicrosoft.com"}}]}})],
    "send_new_draft": [
        ("user-post-messages", None, {"body": {
            "subject": "Did you see last night's game?", "importance": "low",
            "body": {"contentType": "html", "content": "They were <b>awesome</b>!"},
            "toRecipients": [{"emailAddress": {"address": "AdeleV@contoso.onmicrosoft.com"}}]}}),
        ("message-send", None, {"url": GRAPH + "me/messages/AAMkADNlNYjSAAA=/send"}),
    ],
    "send_mail_no_copy": [("user-sendmail", None, {"body": {
        "message": {
            "subject": "Meet for lunch?",
            "body": {"contentType": "text", "content": "The new cafeteria is open."},
            "toRecipients": [{"emailAddress": {"address": "frannis@contoso.com"}}],
            "ccRecipients": [{"emailAddress": {"address": "danas@contoso.com"}}]},
        "saveToSentItems": False}})],
    # send() of a never-saved message (python-o365's one call; Graph keeps a copy by default).
    "send_mail_with_attachment": [("user-sendmail-with-attachment", None, {"body": {
        "message": {
            "subject": "Meet for lunch?",
            "body": {"contentType": "text", "content": "The new cafeteria is open."},
            "toRecipients": [{"emailAddress": {"address": "meganb@contoso.com"}}],
            "attachments": [{"@odata.type": "#microsoft.graph.fileAttachment",
                             "name": "attachment.txt", "contentType": "text/plain",
                             "contentBytes": "SGVsbG8gV29ybGQh", "isInline": False}]}}})],
    "draft_edited_twice": [
        ("user-post-messages", None, {"body": {
            "subject": "Did you see last night's game?",
            "toRecipients": [{"emailAddress": {"address": "AdeleV@contoso.onmicrosoft.com"}}]}}),
        ("message-update", None, {"url": GRAPH + "me/messages/AAMkADNlNYjSAAA=",
                                  "body": {"inferenceClassification": "other"}}),
        ("message-update", None, {"url": GRAPH + "me/messages/AAMkADNlNYjSAAA=",
                                  "body": {"categories": ["Red category"]}}),
    ],
    "reply_all": [
        ("user-list-messages", None, {"url": GRAPH + "me/messages?$select=sender,subject"}),
        ("message-createreplyall", None,
         {"url": GRAPH + "me/messages/AAMkAGUAAAwTW09AAA=/createReplyAll"}),
    ],
    "reply_now": [
        ("user-list-messages", None, {"url": GRAPH + "me/messages?$select=sender,subject"}),
        ("message-reply", None, {"url": GRAPH + "me/messages/AAMkAGUAAAwTW09AAA=/reply",
                                 "body": {"comment": "Samantha, Randi, would you name the group please?"}}),
        ("message-replyall", None, {"url": GRAPH + "me/messages/AAMkAGUAAAwTW09AAA=/replyAll"}),
        ("message-forward", None, {"url": GRAPH + "me/messages/AAMkAGUAAAwTW09AAA=/forward",
                                   "body": {"toRecipients": [{"emailAddress": {"address": "danas@contoso.com"}}],
                                            "comment": "comment-value"}}),
    ],
    "move_message": [
        ("user-list-messages", None, {"url": GRAPH + "me/messages?$select=sender,subject"}),
        ("message-move", None, {"url": GRAPH + "me/messages/AAMkAGUAAAwTW09AAA=/move"}),
    ],
    "event_message": [("eventmessage-get", None, {})],
    "folder_operations": [
        ("mailfolder-get", None, {"url": GRAPH + "me/mailFolders/inbox"}),
        ("mailfolder-post-childfolders", None, {"url": GRAPH + "me/mailFolders/id-value/childFolders"}),
        ("mailfolder-update", None, {"url": GRAPH + "me/mailFolders/id-value",
                                     "body": {"displayName": "Renamed"}}),
        ("mailfolder-copy", None, {"url": GRAPH + "me/mailFolders/id-value/copy",
                                   "body": {"destinationId": "archive"}}),
        ("mailfolder-move", None, {"url": GRAPH + "me/mailFolders/id-value/move",
                                   "body": {"destinationId": "archive"}}),
    ],
    "folder_delta": [
        ("user-list-mailfolders", None, {}),
        ("delta-query-messages", 0, {
            "url": GRAPH + "me/mailFolders/AQMkADYAAAIBDAAAAA==/messages/delta?$select=subject,sender,isRead"}),
        ("delta-query-messages", 1, {}),
        ("delta-query-messages", 2, {}),
        ("delta-query-messages", 3, {}),
    ],
    "mailbox_settings": [
        ("user-get-mailboxsettings", None, {}),
    ],
    "automatic_replies_scheduled": [
        ("user-get-mailboxsettings", None, {}),
        ("user-update-mailboxsettings", None, {"body": None}),
    ],
    "categories": [
        ("outlookuser-list-mastercategories", None, {}),
        ("outlookuser-post-mastercategories", None, {}),
    ],
    "list_attachments": [
        ("user-list-messages", None, {"url": GRAPH + "me/messages?$select=sender,subject"}),
        ("message-list-attachments", None, {"url": GRAPH + "me/messages/AAMkAGUAAAwTW09AAA=/attachments"}),
    ],
}


def main() -> None:
    write_all(SCENARIOS, EXAMPLES, CASSETTES, "tests/mail/make_cassettes.py")


if __name__ == "__main__":
    main()
