"""python-o365's `User.new_message()`: a draft in the signed-in mailbox addressed to the user.

The cassette answers with Microsoft's documented response of
api-reference/v1.0/api/user-sendmail.md (Example 1: 202 Accepted, no body); the end-to-end
test sends the draft through the emulator and finds it in the user's inbox.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import vcr
import yaml

from generated.o365 import Account, MSGraphProtocol, User
from generated.o365._runtime.connection import Connection
from generated.o365.emulator import EmulatorServer
from generated.o365.mail.message import Message

GRAPH = "https://graph.microsoft.com/v1.0/"


def test_new_message_sends_to_the_user_documented(tmp_path: Path) -> None:
    interaction = {
        "request": {"method": "POST", "uri": GRAPH + "me/sendMail", "body": None, "headers": {}},
        "response": {"status": {"code": 202, "message": "Accepted"}, "headers": {},
                     "body": {"string": ""}},
    }
    cassette = tmp_path / "user-sendmail.yaml"
    cassette.write_text("# Source: microsoftgraph/microsoft-graph-docs-contrib "
                        "api-reference/v1.0/api/user-sendmail.md, Example 1 (202, no body)\n"
                        + yaml.safe_dump({"interactions": [interaction], "version": 1}))
    bodies: list[Any] = []

    def keep(request: Any) -> Any:
        bodies.append(request.body)
        return request

    recorder = vcr.VCR(cassette_library_dir=str(tmp_path), record_mode="none",
                       before_record_request=keep)
    with Connection(protocol=MSGraphProtocol(timezone="UTC")) as con:
        user = User.from_api({"id": "87d349ed", "displayName": "Adele Vance",
                              "mail": "AdeleV@contoso.com"})
        user._con, user._ctx = con, {"resource": "me"}  # as the directory hands it out
        with recorder.use_cassette(cassette.name, match_on=["method", "path"]) as played:
            message = user.new_message()
            assert isinstance(message, Message)
            message.subject = "Hello"
            assert played.play_count == 0  # a new draft sends nothing
            assert message.send() is True
    assert played.all_played
    sent = json.loads(bodies[-1])
    assert sent["message"]["toRecipients"] == [{"emailAddress": {"address": "AdeleV@contoso.com"}}]


def test_a_user_without_mail_is_refused_before_any_request() -> None:
    user = User.from_api({"id": "87d349ed", "displayName": "No Mailbox"})  # no mail
    with Connection(protocol=MSGraphProtocol(timezone="UTC")) as con:
        user._con, user._ctx = con, {"resource": "me"}
        with pytest.raises(TypeError, match="Recipient"):
            user.new_message()


def test_new_message_reaches_the_user_in_the_emulator() -> None:
    with EmulatorServer(seed=5) as server:
        account = Account((server.client_id, server.client_secret), auth_flow_type="credentials",
                          tenant_id=server.tenant_id, protocol=MSGraphProtocol(protocol_url=server.url),
                          authority_host=server.url.rstrip("/"))
        assert account.authenticate()
        directory = account.directory(resource="patti@contoso.onmicrosoft.com")
        adele = directory.get_user("adele@contoso.onmicrosoft.com")
        message = adele.new_message()
        assert "adele@contoso.onmicrosoft.com" in message.to
        message.subject = "Quarterly numbers"
        message.body = "<p>Attached soon.</p>"
        assert message.send() is True
        inbox = account.mailbox("adele@contoso.onmicrosoft.com").inbox_folder()
        received = [m for m in inbox.get_messages() if m.subject == "Quarterly numbers"]
        assert len(received) == 1
        assert received[0].sender.address == "patti@contoso.onmicrosoft.com"
