"""A guided tour of generated.o365 against the local Graph emulator (`make demo`).

Starts the emulator on a free loopback port and walks through the public API only
(`from generated.o365 import Account, MSGraphProtocol`). Each step is skipped with a note when
the library lacks what it needs yet. Exit status 0 on success, 1 if a step failed.
"""

from __future__ import annotations

import hashlib
import os
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generated.o365 import Account, MemoryTokenBackend, MSGraphProtocol, NotFoundError  # noqa: E402
from generated.o365.emulator import EmulatorServer  # noqa: E402

USER = "adele@contoso.onmicrosoft.com"


class Skip(Exception):
    """The library does not offer what this step needs yet."""


def need(obj: Any, *names: str) -> None:
    for name in names:
        if not hasattr(obj, name):
            raise Skip(f"{type(obj).__name__}.{name} is not available yet")


@dataclass
class Tour:
    server: EmulatorServer
    app: Any = None  # Account with client credentials
    me: Any = None  # Account signed in with the device code flow

    def protocol(self) -> MSGraphProtocol:
        return MSGraphProtocol(protocol_url=self.server.url)

    # ------------------------------------------------------------------ steps
    def client_credentials(self) -> str:
        self.app = Account((self.server.client_id, self.server.client_secret),
                           auth_flow_type="credentials", tenant_id=self.server.tenant_id,
                           protocol=self.protocol(), authority_host=self.server.url,
                           username=USER, token_backend=MemoryTokenBackend())
        assert self.app.authenticate(), "authenticate() returned False"
        return "app-only token from /oauth2/v2.0/token"

    def device_code(self) -> str:
        shown: list[str] = []
        self.me = Account((self.server.public_client_id,), auth_flow_type="public",
                          tenant_id=self.server.tenant_id, protocol=self.protocol(),
                          authority_host=self.server.url, username=USER,
                          token_backend=MemoryTokenBackend())
        assert self.me.authenticate(device_code=True, printer=shown.append,
                                    scopes=["User.Read", "Mail.ReadWrite", "Mail.Send",
                                            "Files.ReadWrite"])
        return "signed in with a user code (auto-approved by the emulator)"

    def current_user(self) -> str:
        need(self.me, "get_current_user")
        user = self.me.get_current_user()
        return f"/me is {user.display_name} <{user.user_principal_name}>, {user.job_title}"

    def list_users(self) -> str:
        need(self.app, "directory")
        users = list(self.app.directory().get_users(limit=5))
        assert len(users) == 5, f"expected 5 users, got {len(users)}"
        return "first users: " + ", ".join(u.display_name for u in users)

    def manager(self) -> str:
        need(self.app, "directory")
        directory = self.app.directory()
        need(directory, "get_user")
        alex = directory.get_user("alex@contoso.onmicrosoft.com")
        need(alex, "get_manager")
        return f"{alex.display_name} reports to {alex.get_manager().display_name}"

    def directory_and_groups(self) -> str:
        """Search the directory, walk a manager chain to the top, list a group's members."""
        need(self.app, "directory", "groups")
        directory = self.app.directory()
        found = [u.display_name for u in directory.search_users("wi")]
        chain = [directory.get_user("johanna@contoso.onmicrosoft.com")]
        while len(chain) < 10:  # Johanna -> Lidia -> Lee -> Patti, who reports to no one
            try:
                chain.append(chain[-1].get_manager())
            except NotFoundError:  # the top of the org chart
                break
        group = self.app.groups().get_group_by_mail("leadership@contoso.onmicrosoft.com")
        members = [m.display_name for m in group.get_members()]
        return (f"search 'wi': {', '.join(found)}; chain: "
                f"{' -> '.join(u.display_name.split()[0] for u in chain)}; "
                f"{group.display_name} has {len(members)} members")

    def address_book(self) -> str:
        """Add a contact to the signed-in user's address book, find it by email, remove it."""
        need(self.me, "address_book")
        book = self.me.address_book()
        contact = book.new_contact()
        contact.given_name, contact.surname = "Tour", "Guide"
        contact.emails.add("tour.guide@fabrikam.com")
        contact.save()
        found = book.get_contact_by_email("tour.guide@fabrikam.com")
        folders = [f.name for f in book.get_folders()]
        found.delete()
        return (f"{found.display_name} found by email among {len(list(book.get_contacts(limit=None)))} "
                f"contacts; folders: {', '.join(folders)}")

    def page_inbox(self) -> str:
        need(self.me, "mailbox")
        mailbox = self.me.mailbox()
        need(mailbox, "inbox_folder")
        inbox = mailbox.inbox_folder()
        need(inbox, "get_messages")
        messages = list(inbox.get_messages(limit=30))
        return f"read {len(messages)} messages from the inbox, page by page"

    def send_mail(self) -> str:
        need(self.me, "mailbox")
        mailbox = self.me.mailbox()
        need(mailbox, "new_message", "sent_folder")
        message = mailbox.new_message()
        need(message, "send")
        subject = f"Tour {time.strftime('%H:%M:%S')}"
        message.to = [{"emailAddress": {"address": "megan@contoso.onmicrosoft.com"}}]
        message.subject = subject
        message.send()
        sent = [m.subject for m in mailbox.sent_folder().get_messages(limit=50)]
        assert subject in sent, "the sent message is not in Sent Items"
        return f"sent '{subject}' and found it in Sent Items"

    def notifications(self) -> str:
        need(self.me, "mailbox", "subscriptions")
        import threading
        from http.server import ThreadingHTTPServer

        from generated.o365 import NotificationReceiver

        receiver = NotificationReceiver()  # checks each notification's clientState
        arrived: list[Any] = []
        done = threading.Event()
        receiver.on_change(lambda n: (arrived.append(n), done.set()))
        httpd = ThreadingHTTPServer(("127.0.0.1", 0), receiver.http_handler())
        threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05},
                         daemon=True).start()
        try:
            url = f"http://127.0.0.1:{httpd.server_address[1]}/notifications"
            mailbox = self.me.mailbox()
            subscription = mailbox.inbox_folder().subscribe(url, client_state=receiver.client_state)
            sender = self.app.mailbox(resource="megan@contoso.onmicrosoft.com").new_message()
            sender.to.add(self.me.get_current_user().user_principal_name)  # the signed-in user
            sender.subject = "Notify me"
            sender.send()
            assert done.wait(15), "no notification arrived"
            message = mailbox.get_message(arrived[0].resource_data.id)
            subscription.delete()
        finally:
            httpd.shutdown()
        return (f"subscribed to the inbox (handshake answered), got '{arrived[0].change_type}' "
                f"for '{message.subject}' and fetched it")

    def calendar(self) -> str:
        need(self.me, "schedule")
        schedule = self.me.schedule()
        need(schedule, "new_event")
        import datetime as dt

        start = dt.datetime.now(dt.timezone.utc).replace(minute=0, second=0, microsecond=0)
        start += dt.timedelta(days=1)
        event = schedule.new_event(subject="Tour planning")
        event.start, event.end = start, start + dt.timedelta(hours=1)
        event.attendees.add("megan@contoso.onmicrosoft.com")
        event.save()
        view = list(schedule.get_events(start_recurring=start - dt.timedelta(days=1),
                                        end_recurring=start + dt.timedelta(days=7), limit=50))
        assert any(e.subject == "Tour planning" for e in view), "the event is not in the view"
        return f"created an event; {len(view)} events in the next week's calendar view"

    def big_file(self) -> str:
        need(self.me, "storage")
        storage = self.me.storage()
        need(storage, "get_default_drive")
        drive = storage.get_default_drive()
        need(drive, "get_root_folder")
        root = drive.get_root_folder()
        need(root, "upload_file")
        with tempfile.TemporaryDirectory() as folder:
            source = Path(folder) / "big.bin"
            with source.open("wb") as out:
                for _ in range(25):
                    out.write(os.urandom(1024 * 1024))
            item = root.upload_file(source)
            need(item, "download")
            target = Path(folder) / "back"
            target.mkdir()
            item.download(target)
            downloaded = next(target.iterdir())
            same = _sha256(source) == _sha256(downloaded)
        assert same, "the downloaded file differs from the uploaded one"
        return "25 MiB uploaded in a session and downloaded, SHA-256 matches"

    def excel(self) -> str:
        import io

        import openpyxl

        need(self.me, "storage")
        book = openpyxl.Workbook()
        sheet = book.active
        assert sheet is not None
        sheet.title = "Sales"
        for row in (["Item", "Qty", "Price"], ["pen", 2, 1.5], ["ink", 3, 4.0]):
            sheet.append(row)
        content = io.BytesIO()
        book.save(content)
        content.seek(0)
        root = self.me.storage().get_default_drive().get_root_folder()
        item = root.upload_file(content, item_name="sales.xlsx", conflict_handling="replace")
        need(item, "open_workbook")
        with item.open_workbook() as wb:  # a persistent workbook session, closed on the way out
            ws = wb.get_worksheet("Sales")
            table = ws.add_table("A1:C3", has_headers=True)
            table.add_rows([["pad", 5, 2.25], ["cap", 1, 9.0]])  # two rows, one request
            total = ws.get_range("E1")
            total.formulas = "=SUM(B2:B5)"
            total.update()
            quantity = total.values[0][0]
        back = io.BytesIO()
        item.download(back)
        back.seek(0)
        saved = openpyxl.load_workbook(back)["Sales"]
        assert saved["E1"].value == "=SUM(B2:B5)" and saved["A5"].value == "cap"
        return (f"uploaded sales.xlsx, added a table and 2 rows, SUM read back: {quantity}; "
                "the download opens in openpyxl with the rows and the formula")

    def sharepoint(self) -> str:
        need(self.app, "sharepoint")
        import datetime as dt

        site = self.app.sharepoint().get_site("contoso.sharepoint.com", "/sites/Marketing")
        inventory = site.get_list_by_name("Inventory")  # comes with its column definitions
        item = inventory.create_item({"Title": "Tour widget", "Color": "Blue",
                                   "Due": dt.date(2025, 3, 14)})
        back = inventory.get_item(item.id)
        due, color = back.fields["Due"], back.fields["Color"]
        assert isinstance(due, dt.datetime) and due.tzinfo is not None, "Due is not typed"
        assert color == "Blue", f"Color came back as {color!r}"
        return (f"'{site.display_name}' by its path; item {item.id} read back typed: "
                f"Color={color}, Due={due.date().isoformat()} ({type(due).__name__})")


    def todo(self) -> str:
        need(self.me, "tasks")
        import datetime as dt

        tasks = self.me.tasks().get_default_list()
        task = tasks.new_task("Send the tour notes")
        task.due = dt.datetime.now(dt.timezone.utc).replace(hour=17, minute=0, second=0,
                                                            microsecond=0) + dt.timedelta(days=1)
        task.save()
        assert task.complete() and task.completed, "the task did not complete"
        done = tasks.get_task(task.object_id)
        assert done.completed and done.completed_date_time is not None
        return (f"'{task.subject}' in '{tasks.display_name}', due {task.due:%Y-%m-%d %H:%M %Z}, "
                f"completed at {done.completed_date_time:%H:%M:%S %Z}")

    def planner(self) -> str:
        need(self.me, "planner")
        plan = next(iter(self.me.planner().get_plans()))
        buckets = {bucket.name: bucket for bucket in plan.get_buckets()}
        task = next(iter(buckets["To do"].get_tasks()))
        details = task.get_details()
        old_tag = task.raw["@odata.etag"]
        task.move_to(buckets["In progress"])  # one PATCH with If-Match: the task's ETag
        assert task.object_id in [t.object_id for t in buckets["In progress"].get_tasks()]
        assert task.get_details().description == details.description, "details were lost"
        return (f"'{task.title}' of '{plan.title}' moved from To do to In progress; "
                f"ETag {old_tag} -> {task.raw['@odata.etag']}, details kept")

    def teams(self) -> str:
        need(self.me, "teams")
        teams = self.me.teams()
        team = next(iter(teams.get_my_teams()))
        general = team.get_primary_channel()
        me = self.me.get_current_user().object_id
        colleague = next(m for m in team.get_members() if m.user_id != me)
        posted = general.send_message("{0}, the tour says hello", mentions=[colleague])
        posted.reply("And a reply to it")
        back = general.get_message(posted.object_id, with_replies=True)
        mentioned = back.mentions[0].mentioned.user.id
        assert mentioned == colleague.user_id, f"the mention names {mentioned}"
        return (f"posted in {team.display_name} / {general.display_name} mentioning "
                f"{back.mentions[0].mention_text}; read back with {len(back.replies)} reply")


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def main() -> int:
    failed: list[str] = []
    with EmulatorServer(seed=1, device_code_interval=1) as server:
        print(f"Graph emulator on {server.url}\n")
        tour = Tour(server)
        steps: list[tuple[str, Callable[[], str]]] = [
            ("client credentials", tour.client_credentials),
            ("device code sign-in", tour.device_code),
            ("current user", tour.current_user),
            ("list users", tour.list_users),
            ("manager", tour.manager),
            ("search the directory, a manager chain, a group's members", tour.directory_and_groups),
            ("address book: a contact found by email", tour.address_book),
            ("page through the inbox", tour.page_inbox),
            ("send a mail, find it in Sent Items", tour.send_mail),
            ("change notifications for the inbox", tour.notifications),
            ("calendar", tour.calendar),
            ("25 MiB upload and download", tour.big_file),
            ("excel workbook", tour.excel),
            ("SharePoint: a site by path, a typed list item", tour.sharepoint),
            ("To Do: a task due tomorrow, completed", tour.todo),
            ("Planner: move a task to another bucket", tour.planner),
            ("Teams: a message mentioning a colleague, read back with its reply", tour.teams),
        ]
        for name, step in steps:
            started = time.perf_counter()
            try:
                note = step()
            except Skip as why:
                print(f"  SKIP  {name}: {why}")
                continue
            except Exception as err:  # report which step failed and why, then carry on
                failed.append(name)
                print(f"  FAIL  {name}: {type(err).__name__}: {err}")
                if os.environ.get("TOUR_DEBUG"):
                    traceback.print_exc()
                continue
            print(f"  ok    {name}: {note} ({time.perf_counter() - started:.2f} s)")
    if failed:
        print(f"\n{len(failed)} step(s) failed: {', '.join(failed)}")
        return 1
    print("\nTour complete.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
