"""The entities a documented request names, made or found in the emulator for one replay.

A replayed request (docs_examples/*/*.json, "replay") names its ids as placeholders:
`me/messages/{draft}/send`. `World.fill` puts real ids in: each placeholder is one recipe
below, run at most once per replay, so a request that changes or deletes its target gets a
fresh one. Recipes use only Graph calls (the documented ones where there are).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from typing import Any

from generated.o365.emulator import EmulatorServer

from .fidelity import Caller, app_only, signed_in
from .world_contacts import ContactsRecipes
from .world_excel import ExcelRecipes
from .world_excel_tables import ExcelTableRecipes
from .world_groups import GroupsRecipes
from .world_planner import PlannerRecipes
from .world_sharepoint import SharepointRecipes
from .world_tasks import TasksRecipes
from .world_teams import TeamsRecipes

ADELE = "adele@contoso.onmicrosoft.com"
ALEX = "alex@contoso.onmicrosoft.com"
PATTI = "patti@contoso.onmicrosoft.com"
PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")
_COUNTER = itertools.count(1)


def _times(day: int, hours: tuple[int, int] = (10, 11)) -> dict[str, Any]:
    return {"start": {"dateTime": f"2030-03-{day:02d}T{hours[0]:02d}:00:00",
                      "timeZone": "Pacific Standard Time"},
            "end": {"dateTime": f"2030-03-{day:02d}T{hours[1]:02d}:00:00",
                    "timeZone": "Pacific Standard Time"}}


class World(ContactsRecipes, GroupsRecipes, SharepointRecipes, TeamsRecipes, TasksRecipes,
            PlannerRecipes, ExcelRecipes, ExcelTableRecipes):
    """Adele's mailbox, calendar and drive (she is `me`), and the tenant, as the docs use them."""

    def __init__(self, server: EmulatorServer) -> None:
        self.server = server
        self.me = signed_in(server, ADELE)
        self.app = app_only(server)
        self._made: dict[str, str] = {}
        self.n = next(_COUNTER)  # names stay unique across replays on one server

    def caller(self, who: str) -> Caller:
        """`me` (Adele), `app` (app-only), or another user by given name (`patti`)."""
        if who == "me":
            return self.me
        if who == "app":
            return self.app
        return signed_in(self.server, f"{who}@contoso.onmicrosoft.com")

    def fill(self, value: Any) -> Any:
        """`value` (a path, a body) with every `{placeholder}` replaced by a real id."""
        if isinstance(value, str):
            return PLACEHOLDER.sub(lambda m: self.id(m.group(1)), value)
        if isinstance(value, list):
            return [self.fill(v) for v in value]
        if isinstance(value, dict):
            return {k: self.fill(v) for k, v in value.items()}
        return value

    def id(self, name: str) -> str:
        if name not in self._made:
            recipe: Callable[[], str] | None = getattr(self, f"make_{name}", None)
            if recipe is None:
                raise KeyError(f"no recipe for placeholder {{{name}}}")
            self._made[name] = recipe()
        return self._made[name]

    def name(self, what: str) -> str:
        return f"Fidelity {what} {self.n}"

    def make_n(self) -> str:
        """A number unique to this replay, for names that must not clash."""
        return str(self.n)

    # ------------------------------------------------------------------ directory
    def make_user(self) -> str:
        return str(self.app.get(f"users/{ADELE}")["id"])

    def make_report(self) -> str:  # someone with a manager
        return str(self.app.get(f"users/{ALEX}")["id"])

    def make_new_user(self) -> str:
        nick = f"fidelity{self.n}"
        return str(self.app.ok("POST", "users", 201, json={
            "accountEnabled": True, "displayName": self.name("user"), "mailNickname": nick,
            "userPrincipalName": f"{nick}@contoso.onmicrosoft.com",
            "passwordProfile": {"forceChangePasswordNextSignIn": True,
                                "password": "xWwvJ]6NMw+bWH-d"}})["id"])

    # ------------------------------------------------------------------ mail
    def _inbox(self, *, attachments: bool) -> dict[str, Any]:
        page = self.me.get("me/mailFolders/inbox/messages?$top=50")
        found = [m for m in page["value"] if m["hasAttachments"] is attachments
                 and "@odata.type" not in m]
        assert found, "the seed gives every inbox messages with and without attachments"
        return dict(found[0])

    def make_message(self) -> str:
        return str(self._inbox(attachments=False)["id"])

    def make_message_with_attachment(self) -> str:
        """A message Patti sent Adele with one file attached (user-sendmail.md, Example 2)."""
        subject = self.name("with attachment")
        signed_in(self.server, PATTI).ok("POST", "me/sendMail", 202, json={"message": {
            "subject": subject, "toRecipients": [{"emailAddress": {"address": ADELE}}],
            "attachments": [{"@odata.type": "#microsoft.graph.fileAttachment",
                             "name": "attachment.txt", "contentType": "text/plain",
                             "contentBytes": "SGVsbG8gV29ybGQh"}]}})
        return self._found("me/mailFolders/inbox/messages", subject)

    def make_item_attachment(self) -> str:
        """An item attachment holding a message (message-post-attachments.md, Example 2)."""
        draft = self.id("draft")
        return str(self.me.ok("POST", f"me/messages/{draft}/attachments", 201, json={
            "@odata.type": "#microsoft.graph.itemAttachment", "name": "Holiday event",
            "item": {"@odata.type": "microsoft.graph.message", "subject": "Reminder",
                     "body": {"contentType": "html", "content": "<p>Bring a laptop.</p>"},
                     "toRecipients": [{"emailAddress": {"address": ALEX,
                                                        "name": "Alex Wilber"}}]}})["id"])

    def make_file_attachment(self) -> str:
        message = self.id("message_with_attachment")
        return str(self.me.get(f"me/messages/{message}/attachments")["value"][0]["id"])

    def make_draft(self) -> str:
        return str(self.me.ok("POST", "me/messages", 201, json={
            "subject": self.name("draft"), "body": {"contentType": "text", "content": "Hi"},
            "toRecipients": [{"emailAddress": {"address": ALEX}}]})["id"])

    def make_draft_attachment(self) -> str:
        draft = self.id("draft")
        return str(self.me.ok("POST", f"me/messages/{draft}/attachments", 201, json={
            "@odata.type": "#microsoft.graph.fileAttachment", "name": "notes.txt",
            "contentBytes": "SGVsbG8="})["id"])

    def make_received(self) -> str:
        """A message Alex sent Adele: something to reply to and forward."""
        subject = self.name("received")
        alex = signed_in(self.server, ALEX)
        alex.ok("POST", "me/sendMail", 202, json={"message": {
            "subject": subject, "body": {"contentType": "text", "content": "Lunch?"},
            "toRecipients": [{"emailAddress": {"address": ADELE}}]}})
        return self._found("me/mailFolders/inbox/messages", subject)

    def make_event_message(self) -> str:
        """A meeting request in Adele's Inbox (Patti invited her)."""
        return self._invited_by_patti("meeting request", 4, "me/mailFolders/inbox/messages")

    def _invited_by_patti(self, what: str, day: int, found_in: str) -> str:
        """Patti invites Adele to a meeting: the id of what that leaves in `found_in`."""
        subject = self.name(what)
        signed_in(self.server, PATTI).ok("POST", "me/events", 201, json={
            "subject": subject, **_times(day),
            "attendees": [{"emailAddress": {"address": ADELE}, "type": "required"}]})
        return self._found(found_in, subject)

    def _found(self, collection: str, subject: str) -> str:
        page = self.me.get(f"{collection}?$filter=subject eq '{subject}'")
        return str(page["value"][0]["id"])

    def make_folder(self) -> str:
        return str(self.me.ok("POST", "me/mailFolders", 201,
                              json={"displayName": self.name("folder")})["id"])

    def make_other_folder(self) -> str:
        return str(self.me.ok("POST", "me/mailFolders", 201,
                              json={"displayName": self.name("other folder")})["id"])

    def make_folder_with_child(self) -> str:
        folder = self.id("folder")
        self.me.ok("POST", f"me/mailFolders/{folder}/childFolders", 201,
                   json={"displayName": self.name("child folder")})
        return folder

    def make_category(self) -> str:
        return str(self.me.ok("POST", "me/outlook/masterCategories", 201, json={
            "displayName": self.name("category"), "color": "preset9"})["id"])

    # ------------------------------------------------------------------ calendar
    def make_calendar(self) -> str:
        return str(self.me.ok("POST", "me/calendars", 201,
                              json={"name": self.name("calendar")})["id"])

    def make_default_calendar(self) -> str:
        return str(self.me.get("me/calendar")["id"])

    def make_event(self) -> str:
        """An event as user-post-events.md creates one: body, location and an attendee."""
        return str(self.me.ok("POST", "me/events", 201, json={
            "subject": self.name("event"), **_times(5),
            "body": {"contentType": "HTML", "content": "Does noon work for you?"},
            "location": {"displayName": "Harry's Bar"},
            "attendees": [{"emailAddress": {"address": ALEX, "name": "Alex Wilber"},
                           "type": "required"}]})["id"])

    def make_meeting(self) -> str:
        """An event Adele organizes with Alex invited (to cancel or forward)."""
        return str(self.me.ok("POST", "me/events", 201, json={
            "subject": self.name("meeting"), **_times(6),
            "attendees": [{"emailAddress": {"address": ALEX}, "type": "required"}]})["id"])

    def make_invitation(self) -> str:
        """Adele's copy of a meeting Patti organizes (to accept or decline)."""
        return self._invited_by_patti("invitation", 7, "me/events")

    def make_series(self) -> str:
        return str(self.me.ok("POST", "me/events", 201, json={
            "subject": self.name("series"), **_times(9),
            "recurrence": {"pattern": {"type": "daily", "interval": 1},
                           "range": {"type": "endDate", "startDate": "2030-03-09",
                                     "endDate": "2030-03-13"}}})["id"])

    # ------------------------------------------------------------------ drive
    def make_drive(self) -> str:
        return str(self.me.get("me/drive")["id"])

    def make_root(self) -> str:
        return str(self.me.get(f"drives/{self.id('drive')}/root")["id"])

    def _child(self, folder: str, name: str) -> str:
        listed = self.me.get(f"drives/{self.id('drive')}/items/{folder}/children")["value"]
        return str(next(item["id"] for item in listed if item["name"] == name))

    def make_file(self) -> str:
        drive = self.id("drive")
        reply = self.me.call("PUT", f"drives/{drive}/items/{self.id('root')}:/fidelity-{self.n}.txt:"
                             "/content", data=b"The quick brown fox.")
        assert reply.status_code in (200, 201), reply.text
        return str(reply.json()["id"])

    def make_folder_item(self) -> str:
        drive = self.id("drive")
        return str(self.me.ok("POST", f"drives/{drive}/items/{self.id('root')}/children", 201, json={
            "name": f"fidelity-folder-{self.n}", "folder": {}})["id"])

    def make_folder_item_name(self) -> str:
        """The name of {folder_item} (made if not yet), for path addressing."""
        drive, folder = self.id("drive"), self.id("folder_item")
        return str(self.me.get(f"drives/{drive}/items/{folder}")["name"])

    def make_folder_with_file(self) -> str:
        """A folder holding one file, needle.txt."""
        drive, folder = self.id("drive"), self.id("folder_item")
        reply = self.me.call("PUT", f"drives/{drive}/items/{folder}:/needle.txt:/content",
                             data=b"needle")
        assert reply.status_code in (200, 201), reply.text
        return folder

    def make_image(self) -> str:
        """The seeded photo, Pictures/Team offsite.jpg (it has image, photo and thumbnails)."""
        return self._child(self._child(self.id("root"), "Pictures"), "Team offsite.jpg")

    def make_shared_file(self) -> str:
        """{file} with a sharing link (driveitem-createlink.md)."""
        drive, item = self.id("drive"), self.id("file")
        self.me.ok("POST", f"drives/{drive}/items/{item}/createLink", 201,
                   json={"type": "view", "scope": "organization"})
        return item

    def make_file_with_versions(self) -> str:
        self.id("version")
        return self.id("file")

    def make_version(self) -> str:
        """An earlier version of a file written twice."""
        drive, item = self.id("drive"), self.id("file")
        reply = self.me.call("PUT", f"drives/{drive}/items/{item}/content", data=b"Version 2.")
        assert reply.status_code == 200, reply.text
        versions = self.me.get(f"drives/{drive}/items/{item}/versions")["value"]
        return str(versions[-1]["id"])

    def make_permission(self) -> str:
        """Megan's permission on {file}, granted by an invitation."""
        drive, item = self.id("drive"), self.id("file")
        return str(self.me.ok("POST", f"drives/{drive}/items/{item}/invite", 200, json={
            "recipients": [{"email": "megan@contoso.onmicrosoft.com"}], "roles": ["write"],
            "requireSignIn": True, "sendInvitation": False})["value"][0]["id"])

    def make_shared_with_me(self) -> str:
        """A file in Alex's drive that Alex shares with Adele (for her sharedWithMe)."""
        alex = signed_in(self.server, ALEX)
        drive = alex.get("me/drive")["id"]
        root = alex.get(f"drives/{drive}/root")["id"]
        reply = alex.call("PUT", f"drives/{drive}/items/{root}:/shared-{self.n}.txt:/content",
                          data=b"For Adele.")
        assert reply.status_code in (200, 201), reply.text
        item = reply.json()["id"]
        alex.ok("POST", f"drives/{drive}/items/{item}/invite", 200, json={
            "recipients": [{"email": ADELE}], "roles": ["read"], "sendInvitation": False})
        return str(item)

    # ------------------------------------------------------------------ subscriptions
    def make_notification_url(self) -> str:
        """A notification URL on this machine that answers Graph's validation handshake (the
        documented webhook.azurewebsites.net stands for it: the emulator calls only loopback)."""
        return _receiver_url()

    def make_subscription(self) -> str:
        """Adele's subscription to her Inbox (subscription-post-subscriptions.md)."""
        return str(self.me.ok("POST", "subscriptions", 201, json={
            "changeType": "created", "notificationUrl": self.id("notification_url"),
            "resource": "me/mailFolders('Inbox')/messages", "expirationDateTime": self.id("expiry"),
            "clientState": "secretClientValue"})["id"])

    def make_expiry(self) -> str:
        """An expirationDateTime a day away (the documented 2016 one is in the past)."""
        import datetime as dt

        when = dt.datetime.now(dt.timezone.utc) + dt.timedelta(days=1)
        return when.strftime("%Y-%m-%dT%H:%M:%S.0000000Z")


_RECEIVER: list[str] = []


def _receiver_url() -> str:
    """One NotificationReceiver served for the whole test session (a daemon thread)."""
    if not _RECEIVER:
        import threading
        from http.server import ThreadingHTTPServer

        from generated.o365._runtime.notifications import NotificationReceiver

        httpd = ThreadingHTTPServer(("127.0.0.1", 0), NotificationReceiver().http_handler())
        httpd.daemon_threads = True
        threading.Thread(target=httpd.serve_forever, daemon=True).start()
        _RECEIVER.append(f"http://127.0.0.1:{httpd.server_address[1]}/api/send/myNotifyClient")
    return _RECEIVER[0]
