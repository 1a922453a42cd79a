"""Paging with python-o365 and msgraph-sdk (run by the python of bench/.peers-venv).

Both get the emulator's token from a raw client-credentials request in setup (their own
sign-in code talks to login.microsoftonline.com over https, which the emulator is not), then
page through the same folder reading the same fields as bench.work.paging. Their defaults
are kept: python-o365 waits ``requests_delay`` (200 ms) between requests.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any

from .clients import raw_session

if TYPE_CHECKING:
    from .child import Stopwatch
    from .server import ServerInfo


def _token(info: ServerInfo) -> str:
    session = raw_session(info)
    token = str(session.headers["Authorization"]).split(" ", 1)[1]
    session.close()
    return token


def o365_paging(clock: Stopwatch, info: ServerInfo | None,
                params: dict[str, Any]) -> dict[str, Any]:
    from O365 import Account  # type: ignore[import-not-found]
    from O365.connection import MSGraphProtocol  # type: ignore[import-not-found]

    assert info is not None
    protocol = MSGraphProtocol(default_resource=info.user)
    protocol.protocol_url, protocol.service_url = info.url, info.graph_url
    account = Account((info.client_id, info.client_secret), auth_flow_type="credentials",
                      tenant_id=info.tenant_id, protocol=protocol)
    con = account.con
    con.session = con.get_session(load_token=False)
    con.update_session_auth_header(access_token=_token(info))
    folder = account.mailbox(resource=info.user).get_folder(
        folder_id=info.folders[str(params["messages"])])
    items = unread = chars = 0
    with clock:
        for message in folder.get_messages(limit=None, batch=params["page_size"]):
            _ = message.object_id
            sender = message.sender
            chars += len(message.subject or "") + len(sender.address if sender else "")
            unread += not message.is_read
            _ = message.received
            items += 1
    return {"items": items, "unread": unread, "chars": chars}


def msgraph_paging(clock: Stopwatch, info: ServerInfo | None,
                   params: dict[str, Any]) -> dict[str, Any]:
    assert info is not None
    client = msgraph_client(info, _token(info))
    folder_id = info.folders[str(params["messages"])]
    return asyncio.run(_msgraph_pages(clock, client, info.user, folder_id, params["page_size"]))


def msgraph_client(info: ServerInfo, token: str) -> Any:
    from kiota_abstractions.authentication import (  # type: ignore[import-not-found]
        AccessTokenProvider,
        AllowedHostsValidator,
        BaseBearerTokenAuthenticationProvider,
    )
    from msgraph import GraphRequestAdapter, GraphServiceClient  # type: ignore[import-not-found]

    class StaticToken(AccessTokenProvider):  # type: ignore[misc]
        async def get_authorization_token(self, uri: str,
                                          additional_authentication_context: Any = None) -> str:
            return token

        def get_allowed_hosts_validator(self) -> Any:
            return AllowedHostsValidator([])

    adapter = GraphRequestAdapter(BaseBearerTokenAuthenticationProvider(StaticToken()))
    adapter.base_url = info.graph_url.rstrip("/")
    return GraphServiceClient(request_adapter=adapter)


async def _msgraph_pages(clock: Stopwatch, client: Any, user: str, folder_id: str,
                         page_size: int) -> dict[str, Any]:
    from kiota_abstractions.base_request_configuration import (  # type: ignore[import-not-found]
        RequestConfiguration,
    )
    from msgraph.generated.users.item.mail_folders.item.messages.messages_request_builder import (  # type: ignore[import-not-found]  # noqa: E501
        MessagesRequestBuilder,
    )

    messages = client.users.by_user_id(user).mail_folders.by_mail_folder_id(folder_id).messages
    query = MessagesRequestBuilder.MessagesRequestBuilderGetQueryParameters(top=page_size)
    await client.users.by_user_id(user).mail_folders.by_mail_folder_id(folder_id).get()
    items = unread = chars = 0
    with clock:
        page = await messages.get(request_configuration=RequestConfiguration(
            query_parameters=query))
        while page is not None:
            for message in page.value or []:
                _ = message.id
                sender = message.from_
                email = sender.email_address if sender is not None else None
                chars += len(message.subject or "") + len(email.address if email else "")
                unread += not message.is_read
                _ = message.received_date_time
                items += 1
            link = page.odata_next_link
            page = await messages.with_url(link).get() if link else None
    return {"items": items, "unread": unread, "chars": chars}
