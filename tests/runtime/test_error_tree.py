"""One exception tree: every error the runtime defines lives in generated.o365._runtime.errors, under
O365Error, named in the module's one docstring; transport failures come out as the
library's TransportError kinds (still the `requests` classes), with nothing secret in them."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
import socket
import traceback
from collections.abc import Iterator

import pytest
import requests

from generated.o365 import _runtime as runtime
from generated.o365._runtime import errors
from generated.o365._runtime.connection import Connection
from generated.o365._runtime.errors import (
    BrokenResponseError,
    ConnectTimeoutError,
    NetworkError,
    O365Error,
    ReadTimeoutError,
    TLSError,
    TransportError,
    transport_error,
)
from generated.o365._runtime.protocol import MSGraphProtocol
from tests.runtime.conftest import SleepRecorder
from tests.support import Reply, ScriptServer

SECRET = "tempauth-SECRET-value"


def runtime_exception_classes() -> Iterator[type[BaseException]]:
    """Every exception class defined in a runtime module (not imported into it)."""
    for info in pkgutil.walk_packages(runtime.__path__, f"{runtime.__name__}."):
        module = importlib.import_module(info.name)
        for _, value in vars(module).items():
            if (inspect.isclass(value) and issubclass(value, BaseException)
                    and value.__module__ == module.__name__):
                yield value


def test_every_runtime_exception_is_defined_in_errors_under_o365error() -> None:
    found = {cls for cls in runtime_exception_classes() if cls.__name__ != "Deferred"}
    assert found, "the walk found no exception class"
    assert {cls.__module__ for cls in found} == {"generated.o365._runtime.errors"}
    assert all(issubclass(cls, O365Error) for cls in found)


def test_the_tree_is_exported_and_drawn_in_the_one_docstring() -> None:
    classes = {name for name, value in vars(errors).items()
               if inspect.isclass(value) and issubclass(value, O365Error)
               and value.__name__ == name}
    assert set(errors.__all__) == classes
    doc = errors.__doc__ or ""
    assert [name for name in sorted(classes) if not re.search(rf"\b{name}\b", doc)] == []
    assert all(getattr(errors, name).__doc__ for name in errors.__all__)


@pytest.mark.parametrize(("raw", "ours"), [
    (requests.exceptions.SSLError("x"), TLSError),
    (requests.exceptions.ConnectTimeout("x"), ConnectTimeoutError),
    (requests.exceptions.ReadTimeout("x"), ReadTimeoutError),
    (requests.exceptions.ConnectionError("x"), NetworkError),
    (requests.exceptions.ChunkedEncodingError("x"), BrokenResponseError),
    (requests.exceptions.ContentDecodingError("x"), BrokenResponseError),
])
def test_each_transport_failure_has_its_kind_and_stays_a_requests_exception(
    raw: Exception, ours: type[TransportError]
) -> None:
    error = transport_error(raw, "GET /x failed")
    assert type(error) is ours and str(error) == "GET /x failed"
    assert isinstance(error, O365Error) and isinstance(error, type(raw))


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_refused_connection_raises_network_error_without_the_url_secret() -> None:
    base = f"http://127.0.0.1:{closed_port()}/"
    with Connection(protocol=MSGraphProtocol(protocol_url=base), sleep=SleepRecorder(),
                    max_retries=1) as con:
        with pytest.raises(NetworkError) as caught:
            con.get(f"{base}upload?tempauth={SECRET}", authorize=False)
    error = caught.value
    assert isinstance(error, requests.exceptions.ConnectionError)
    assert error.__cause__ is None and error.__context__ is None
    shown = "".join(traceback.format_exception(error))
    assert "GET " in str(error) and SECRET not in shown


def test_a_server_that_never_answers_raises_read_timeout_error() -> None:
    with socket.socket() as listener:  # accepts connections (backlog) and never answers
        listener.bind(("127.0.0.1", 0))
        listener.listen(4)
        base = f"http://127.0.0.1:{listener.getsockname()[1]}/"
        with Connection(protocol=MSGraphProtocol(protocol_url=base),
                        sleep=SleepRecorder()) as con:
            with pytest.raises(ReadTimeoutError) as caught:
                con.post("me/sendMail", json={}, timeout=(2.0, 0.2))
    assert isinstance(caught.value, requests.exceptions.Timeout)
    assert "POST " in str(caught.value) and "sendMail" in str(caught.value)


def test_a_body_cut_short_raises_broken_response_error(
    con: Connection, script_server: ScriptServer
) -> None:
    cut = len(Reply(200, body={"value": "x" * 100}).encode()) - 20
    script_server.enqueue(Reply(200, body={"value": "x" * 100}, drop_after=cut))
    with pytest.raises(TransportError) as caught:
        con.post("me/sendMail", json={})
    assert isinstance(caught.value, (BrokenResponseError, NetworkError))
    assert isinstance(caught.value, O365Error)


def test_token_request_transport_failure_is_wrapped_without_the_secret() -> None:
    from generated.o365 import Account

    authority = f"http://127.0.0.1:{closed_port()}"
    account = Account(("app-id", SECRET), auth_flow_type="credentials",
                      tenant_id="contoso.onmicrosoft.com", authority_host=authority)
    with pytest.raises(NetworkError) as caught:
        account.authenticate()
    shown = "".join(traceback.format_exception(caught.value))
    assert SECRET not in shown and caught.value.__cause__ is None
