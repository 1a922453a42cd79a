"""The runtime knows no resource: what it must know about one is said in that resource's spec.

Every graph type, resource, complex type, enum and service the specs declare is looked for in
the code of `runtime/` (identifiers split into words, and string literals that are data: keys,
paths, headers, type names). Each hit must be on the allowlist below, which says which generic
Graph mechanism the word belongs to. A new hit means resource knowledge crept into the runtime:
put it in a spec key instead (see specs/README.md), or, if it really is a generic mechanism,
add it here with the Graph rule it implements. An entry nothing uses any more fails too.

Docstrings, comments and prose strings (those with spaces: messages) are not code and are
skipped. Words that are ordinary programming vocabulary as well as Graph type names (COMMON)
are only looked for as whole pieces of data strings ("deleted", "users/", "Location").
"""

from __future__ import annotations

import io
import re
import tokenize
from pathlib import Path

from generated.o365._generator.loader import load_specs

ROOT = Path(__file__).resolve().parents[2]
RUNTIME = ROOT / "runtime"

COMMON = frozenset({
    "deleted", "directory", "file", "files", "folder", "folders", "group", "groups", "hashes",
    "identity", "list", "lists", "location", "message", "messages", "package", "permission",
    "permissions", "range", "shared", "storage", "table", "user", "users",
})

# (file under runtime/, word) -> the generic mechanism it belongs to.
ALLOWED: dict[tuple[str, str], str] = {
    ("account.py", "user"): "python-o365's `resource=` spelling user:x -> users/x, the owner "
                            "prefix of `{resource}` paths (me, users/x, groups/x, sites/x)",
    ("account.py", "users"): "the `{resource}` owner prefix users/{id} (see above)",
    ("account.py", "group"): "python-o365's `resource=` spelling group:x -> groups/x (see above)",
    ("account.py", "groups"): "the `{resource}` owner prefix groups/{id} (see above)",
    ("account.py", "site"): "python-o365's `resource=` spelling site:x -> sites/x (see above)",
    ("account.py", "sites"): "the `{resource}` owner prefix sites/{id} (see above)",
    ("attachments.py", "contenttype"): "a file attachment's contentType member, its MIME type "
                                       "(GRAPH_FACTS §5)",
    ("token_backends/aws.py", "contenttype"): "S3 put_object's ContentType argument (the token "
                                              "file's MIME type), not Graph's",
    ("attachments.py", "attachment"): "the `attachments:` capability a spec switches on "
                                      "(pending files; item type and limits from the spec)",
    ("attachments.py", "attachments"): "the `attachments:` capability (class name)",
    ("resource.py", "attachment"): "the `attachments:` capability's hooks on Resource",
    ("resource.py", "attachments"): "the `attachments:` capability's hooks on Resource",
    ("resource.py", "location"): "202 Accepted + Location monitor URL of long-running actions "
                                 "(`monitor: true`; Graph's driveitem-copy.md)",
    ("auth.py", "message"): "the `message` member of the device authorization response "
                            "(RFC 8628 §3.2)",
    ("errors.py", "message"): "error.message of Graph's error envelope (GRAPH_FACTS §6)",
    ("delta.py", "deleted"): "@removed reason when none is given: deleted (GRAPH_FACTS §4)",
    ("delta.py", "location"): "410 Gone carries the resync URL in Location (GRAPH_FACTS §4)",
    ("upload.py", "drive"): "the drive upload style: {item} body, 320 KiB fragments under "
                            "60 MiB, the item's JSON at the end (GRAPH_FACTS §5)",
    ("upload.py", "attachment"): "the outlook upload style: {<session_item>: {attachmentType, "
                                 "name, size}} (GRAPH_FACTS §5)",
    ("upload.py", "file"): "attachmentType file of the outlook upload style (GRAPH_FACTS §5)",
    ("upload.py", "location"): "the outlook style's final 201 names the attachment in "
                               "Location (GRAPH_FACTS §5)",
    ("sessions.py", "location"): "202 Accepted + Location of a long-running workbook call, "
                                 "polled to its resourceLocation (workbook-best-practice.md)",
    ("helpers.py", "table"): "the HTML <table> tag, a block html_to_text breaks lines at",
    # A message body with @mentions and inline images (`compose`, G: api/chatmessage-post.md):
    # which objects can be mentioned comes from the spec's `mentionable`.
    ("mentions.py", "user"): "chatMessageMention.mentioned.user: a person mentioned is a user "
                             "identity (G: resources/chatmessagementionedidentityset.md)",
    ("mentions.py", "image"): "image/* content types of inline images (hostedContents)",
    ("mentions.py", "images"): "the inline images of a message (hostedContents), not driveItem facets",
    ("mentions.py", "contenttype"): "an inline image's contentType member (its MIME type), not "
                                    "SharePoint's content type resource",
    # Words the Teams area's names share with unrelated runtime code.
    ("_windows_zones.py", "chat"): "the time zone NZ-CHAT (Chatham Islands), not a Teams chat",
    ("helpers.py", "availability"): "getSchedule's availabilityView digits (decode_availability), "
                                    "not a user's presence",
    ("scopes.py", "presence"): "python-o365's scope helper 'presence' (Presence.Read)",
    ("scopes.py", "teams"): "python-o365's scope helper 'teams' (Team.ReadBasic.All)",
    ("scopes.py", "team"): "the permission Team.ReadBasic.All of python-o365's 'teams' scope helper",
    ("scopes.py", "channel"): "the permission Channel.ReadBasic.All of python-o365's 'teams' scope helper",
    ("sessions.py", "activity"): "a workbook session's last activity (its idle limit), not presence",
    ("sessions.py", "event"): "threading.Event: the stop flag of the session keep-alive thread",
    ("concurrency.py", "event"): "threading.Event: the stop flag the first failing call sets",
    ("upload.py", "hashes"): "the drive style's item carries its content hashes in file.hashes, "
                             "compared when a lost final answer is reconciled "
                             "(driveitem-createuploadsession.md, resources/hashes.md)",
    ("connection.py", "location"): "HTTP redirects: a 3xx names the next URL in Location "
                                   "(RFC 9110 §15.4; Graph's download redirects, GRAPH_FACTS §5)",
    # Change notifications (GRAPH_FACTS §10): the `subscribe`/`renew` kinds, the receiver and
    # the keeper are the generic subscription mechanism every subscribable resource shares;
    # which resources, and their limits, come from the specs (`subscribe:` blocks).
    ("subscriptions.py", "subscription"): "the subscription mechanism: Graph's subscription "
                                          "body (resource, changeType, clientState...) it checks",
    ("subscriptions.py", "deleted"): "the change types created, updated, deleted "
                                     "(G: resources/subscription.md, changeType)",
    ("keeper.py", "subscription"): "the subscription mechanism: the subscriptions it renews",
    ("keeper.py", "subscriptions"): "the subscription mechanism: the subscriptions it keeps",
    ("keeper.py", "event"): "changeNotification.lifecycleEvent (reauthorizationRequired, "
                            "subscriptionRemoved), not a calendar event",
    ("notifications.py", "subscription"): "the subscription mechanism: changeNotification."
                                          "subscriptionId of each notification received",
    ("notifications.py", "event"): "changeNotification.lifecycleEvent, not a calendar event",
    ("notifications.py", "events"): "the lifecycle events Graph sends, not calendar events",
    # python-o365's QueryBuilder (O365/utils/query.py) rewrites a few attribute shorthands
    # (from, to, start, ...) and reaches meetingMessageType through the eventMessage cast:
    # names python-o365 users write, kept as that library defines them.
    **{(module, word): "python-o365's QueryBuilder shorthands and type cast"
       for module in ("query_builder.py", "query_fluent.py")
       for word in ("emailaddress", "event", "eventmessage", "meetingmessagetype", "recipients")},
    # python-o365's names for generic machinery (generated.o365._runtime.compat and the mechanisms it names):
    # Protocol.keyword_data_store holds the OData type names python-o365 exposes (O365/connection.py).
    **{("compat.py", word): "python-o365's Protocol.keyword_data_store values (public data there)"
       for word in ("message", "eventmessage", "event", "fileattachment", "itemattachment",
                    "attachment")},
    ("compat.py", "users"): "python-o365's USERS_RESOURCE constant (O365.utils), public data there",
    ("fields.py", "recipient"): "python-o365's Recipients.get_first_recipient_with_address, "
                                "the name its users call on a list of recipients",
    ("attachments.py", "file"): "python-o365's attachment_type of a pending attachment: a file "
                                "(attached items come from Graph with the spec's constant)",
    ("media.py", "image"): "the `media: image` check of `in: content` parameters: a picture "
                           "recognised by its leading bytes (JPEG, PNG, GIF, BMP) before an "
                           "upload such as profilephoto-update.md's",
    # python-o365's scope helpers (O365_INVENTORY §13.5): public alias names that expand to
    # Graph permission names, e.g. message_all -> Mail.ReadWrite + Mail.Send.
    **{("scopes.py", word): "python-o365's scope aliases (DEFAULT_SCOPES), names it accepts"
       for word in ("calendar", "calendars", "contacts", "files", "group", "mailbox", "mailboxsettings",
                    "planner", "shared", "sharepoint", "sites", "user", "users")},
    ("token_backends/aws.py", "bucket"): "the S3 bucket the AWS token backend keeps the token "
                                         "in (python-o365's AWSS3Backend(bucket_name)), not Planner's",
}

_CAMEL = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|\d+")
_SKIPPED_BEFORE_DOCSTRING = (tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT, tokenize.NL)


def declared_names() -> dict[str, str]:
    """Lower-cased names the specs declare -> where they come from."""
    specset = load_specs(ROOT / "specs")
    names: dict[str, str] = {}
    typed = [*specset.resources, *specset.complex_types, *specset.enums]
    for item in typed:
        names.setdefault(item.name.lower(), item.name)
        if item.graph_type:
            short = item.graph_type.rsplit(".", 1)[1]
            names.setdefault(short.lower(), item.graph_type)
            names.setdefault(short.lower() + "s", item.graph_type)  # its collection
    for service in specset.services:
        names.setdefault(service.name.lower(), service.name)
    return names


def _words(text: str) -> set[str]:
    out: set[str] = set()
    for word in re.findall(r"[A-Za-z][A-Za-z0-9]*", text):
        out.add(word.lower())
        out.update(part.lower() for part in _CAMEL.findall(word))
    return out


def hits_in(path: Path, names: dict[str, str]) -> dict[str, list[int]]:
    """Declared names used in a file's code: word -> line numbers."""
    found: dict[str, list[int]] = {}
    previous: tokenize.TokenInfo | None = None
    for token in tokenize.generate_tokens(io.StringIO(path.read_text()).readline):
        words: set[str] = set()
        if token.type == tokenize.NAME:
            words = {w for w in _words(token.string) if w not in COMMON}
        elif token.type == tokenize.STRING:
            docstring = previous is None or previous.type in _SKIPPED_BEFORE_DOCSTRING
            if not docstring and not re.search(r"\s", token.string):
                words = {w for w in _words(token.string) if w not in COMMON}
                words |= {p.lower() for p in re.split(r"[^A-Za-z0-9_-]+", token.string)
                          if p.lower() in COMMON}
        for word in words & names.keys():
            found.setdefault(word, []).append(token.start[0])
        if token.type not in (tokenize.COMMENT, tokenize.NL):
            previous = token
    return found


def test_runtime_names_no_resource_outside_generic_mechanisms() -> None:
    names = declared_names()
    assert {"message", "driveitem", "user", "attachment", "drive"} <= names.keys()
    unexplained: list[str] = []
    used: set[tuple[str, str]] = set()
    for path in sorted(RUNTIME.rglob("*.py")):
        rel = path.relative_to(RUNTIME).as_posix()
        for word, lines in sorted(hits_in(path, names).items()):
            if (rel, word) in ALLOWED:
                used.add((rel, word))
            else:
                unexplained.append(f"runtime/{rel}:{lines[0]}: {word!r} ({names[word]})")
    assert unexplained == [], "resource knowledge in the runtime:\n" + "\n".join(unexplained)
    assert sorted(set(ALLOWED) - used) == [], "allowlist entries nothing uses any more"


def test_the_scan_catches_resource_knowledge(tmp_path: Path) -> None:
    """The kinds of code this test exists to stop (all were in the runtime once)."""
    names = declared_names()
    sample = tmp_path / "sample.py"
    sample.write_text(
        'FILE_ATTACHMENT = "#microsoft.graph.fileAttachment"\n'
        'def removed(item):\n'
        '    return "deleted" in item\n'
        'SCOPES = {"mailfolders": "Mail.Read"}\n'
        'def _is_attachments_path(path):\n'
        '    """A docstring naming a message is fine."""\n'
        '    return path  # so is a comment about an event\n'
    )
    assert hits_in(sample, names) == {
        "attachment": [1, 1], "fileattachment": [1], "deleted": [3], "mailfolders": [4],
        "attachments": [5],
    }
