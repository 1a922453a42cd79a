"""`python -m bench.script library|raw CONFIG`: a whole script, measured as one process.

What a user runs: import, sign in (client credentials), find the folder, page through its
5,000 messages reading the same fields as the paging rows. ``library`` is written with
generated.o365, ``raw`` with ``requests`` + ``json`` by hand; the parent measures each whole
process (``os.wait4``: interpreter start, imports, sign-in and paging together). CONFIG is
the ServerInfo JSON plus ``messages`` and ``page_size``. Each prints the messages it read.
"""

from __future__ import annotations

import json
import sys
from typing import Any


def library(config: dict[str, Any]) -> int:
    from generated.o365 import Account, MemoryTokenBackend, MSGraphProtocol

    account = Account((config["client_id"], config["client_secret"]),
                      auth_flow_type="credentials", tenant_id=config["tenant_id"],
                      authority_host=config["url"], token_backend=MemoryTokenBackend(),
                      protocol=MSGraphProtocol(protocol_url=config["url"], timezone="UTC"))
    if not account.authenticate():
        raise SystemExit("sign-in failed")
    folder = account.mailbox(config["user"]).get_folder(
        folder_id=config["folders"][str(config["messages"])])
    items = 0
    for message in folder.get_messages(limit=None, page_size=config["page_size"]):
        sender = message.from_
        _ = (message.subject, message.is_read, message.received,
             sender.email_address if sender is not None else None)
        items += 1
    return items


def raw(config: dict[str, Any]) -> int:
    from urllib.parse import quote

    import requests

    session = requests.Session()
    token = session.post(f"{config['url']}{config['tenant_id']}/oauth2/v2.0/token", timeout=30,
                         data={"grant_type": "client_credentials",
                               "client_id": config["client_id"],
                               "client_secret": config["client_secret"],
                               "scope": "https://graph.microsoft.com/.default"})
    token.raise_for_status()
    session.headers.update({"Authorization": f"Bearer {token.json()['access_token']}",
                            "Accept": "application/json",
                            "Prefer": 'outlook.timezone="UTC"'})
    folder_id = quote(config["folders"][str(config["messages"])], safe="")
    base = f"{config['url']}v1.0/users/{config['user']}/mailFolders/{folder_id}"
    session.get(base, timeout=60).raise_for_status()
    url: str | None = f"{base}/messages"
    query: dict[str, Any] | None = {"$top": config["page_size"]}
    items = 0
    while url is not None:
        response = session.get(url, params=query, timeout=60)
        response.raise_for_status()
        page = json.loads(response.content)
        query, url = None, page.get("@odata.nextLink")
        for data in page["value"]:
            sender = data["from"]
            _ = (data["subject"], data["isRead"], data["receivedDateTime"],
                 sender["emailAddress"] if sender is not None else None)
            items += 1
    return items


def main(argv: list[str]) -> int:
    variant, config_text = argv
    config = json.loads(config_text)
    items = library(config) if variant == "library" else raw(config)
    if items != config["messages"]:
        raise SystemExit(f"read {items} messages, expected {config['messages']}")
    print(items)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
