"""Receive Microsoft Graph change notifications with nothing but the standard library's http.server.

    python examples/notification_receiver.py

runs the whole loop against the local Graph emulator: a receiver on 127.0.0.1, a subscription
to the inbox (Graph's validation handshake included), a mail, its notification, the message
it points to, and a keeper that renews the subscription. Against Microsoft Graph the receiver
must be reachable over https (a reverse proxy or a tunnel in front of `serve`); the code is
the same, with your own `Account` and public notification URL.
"""

from __future__ import annotations

import sys
import threading
from http.server import ThreadingHTTPServer
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from generated.o365 import (  # noqa: E402
    Account,
    ChangeNotification,
    LifecycleNotification,
    MemoryTokenBackend,
    MSGraphProtocol,
    NotificationReceiver,
    SubscriptionKeeper,
)


def serve(receiver: NotificationReceiver, host: str = "127.0.0.1",
          port: int = 0) -> ThreadingHTTPServer:
    """Serve `receiver` at every path of http://host:port/ from a background thread."""
    httpd = ThreadingHTTPServer((host, port), receiver.http_handler())
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True,
                     name="notifications").start()
    return httpd


def main() -> int:
    from generated.o365.emulator import (
        EmulatorServer,  # the local Graph; drop it to use Microsoft's
    )

    with EmulatorServer(seed=1) as graph:
        account = Account((graph.client_id, graph.client_secret), auth_flow_type="credentials",
                          tenant_id=graph.tenant_id, username="adele@contoso.onmicrosoft.com",
                          protocol=MSGraphProtocol(protocol_url=graph.url),
                          authority_host=graph.url, token_backend=MemoryTokenBackend())
        account.authenticate()
        mailbox = account.mailbox()

        receiver = NotificationReceiver()  # a clientState made with `secrets`
        arrived = threading.Event()

        @receiver.on_change
        def changed(notification: ChangeNotification) -> None:
            # Keep this short (Graph wants an answer within 3 seconds): here, a print.
            print(f"{notification.change_type}: {notification.resource}")
            if notification.resource_data is not None:
                message = mailbox.get_message(notification.resource_data.id)
                print(f"  the new message is {message.subject!r}")
            arrived.set()

        @receiver.on_missed
        def missed(notification: LifecycleNotification) -> None:
            print("some notifications were missed: time for a delta query")

        httpd = serve(receiver)
        url = f"http://127.0.0.1:{httpd.server_address[1]}/notifications"
        subscription = mailbox.inbox_folder().subscribe(
            url, lifecycle_notification_url=url, client_state=receiver.client_state)
        print(f"subscribed until {subscription.expiration_date_time:%Y-%m-%d %H:%M} UTC")

        keeper = SubscriptionKeeper([subscription])  # renews it, recreates it if removed
        keeper.watch(receiver)
        with keeper.start(interval=600):
            note = account.mailbox(resource="megan@contoso.onmicrosoft.com").new_message()
            note.to.add("adele@contoso.onmicrosoft.com")
            note.subject = "Lunch on Friday?"
            note.send()
            received = arrived.wait(15)
        subscription.delete()
        httpd.shutdown()
        return 0 if received else 1


if __name__ == "__main__":
    sys.exit(main())
