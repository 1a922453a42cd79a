"""The public face of `generated.o365`: what `dir()` shows is pinned, each name documented;
models and services come through their area packages, loaded on first use."""

from __future__ import annotations

import importlib
import inspect
import subprocess
import sys
from pathlib import Path

import generated.o365 as o365
from generated.o365._runtime import errors

ROOT = Path(__file__).resolve().parents[2]
FACE = """
AWSS3Backend AWSSecretsBackend Account AsyncOperation AuthenticationError BadRequestError
BandwidthExceededError BaseTokenBackend Batch BatchError BitwardenSecretsManagerBackend
BrokenResponseError ChangeNotification ConflictError ConnectTimeoutError Connection
CryptographyManager DeadlineExceededError DeltaIterator DeviceCodeDeclinedError
DeviceCodeExpiredError DjangoTokenBackend EnvTokenBackend F FailedDependencyError
FernetCryptographyManager FileSystemTokenBackend FirestoreBackend ForbiddenError
GatewayTimeoutError GoneError GraphError GraphRequest IncompleteDownloadError InsufficientStorageError
InvalidCredentialsError LifecycleNotification LockedError MSGraphProtocol
MalformedResponseError MemoryTokenBackend MethodNotAllowedError MissingDependencyError
NOT_GIVEN NetworkError NoUserContextError NotFoundError NotGiven NotificationReceiver
O365Error OperationFailedError Paginator PagingLoopError PayloadTooLargeError
PreconditionFailedError Protocol Query RangeNotSatisfiableError RawResponse ReadTimeoutError
Removed
RedisTokenBackend RequestOptions ResultError RetiredValueError ServerError ServiceUnavailableError
SessionExpiredError StateMismatchError SubscriptionKeeper TLSError ThrottledError Token
TokenExpiredError TransportError UnauthorizedError UnsafeURLError UploadError UploadSession
""".split()
# Beside them, one package per area of the specs (the folders holding resources) and `types`.
AREAS = sorted({path.parent.name for path in (ROOT / "specs").glob("*/*.yaml")
                if path.parent.name != "types" and "resource:" in path.read_text()} | {"types"})


def test_dir_is_the_pinned_public_face() -> None:
    assert [name for name in dir(o365) if not name.islower()] == sorted(FACE)
    assert [name for name in dir(o365) if name.islower()] == AREAS
    assert sorted(o365.__all__) == dir(o365)


def test_every_public_name_is_documented() -> None:
    undocumented = [name for name in dir(o365) if not inspect.getdoc(getattr(o365, name))]
    assert undocumented == []


def test_no_internal_helper_is_public() -> None:
    helpers = {"error_from_response", "graph_error", "parse_retry_after", "redact_url",
               "auth_error_from_response", "transport_error", "AccountMethods", "__version__"}
    assert helpers.isdisjoint(dir(o365))
    assert set(errors.__all__) <= set(FACE)  # the whole tree, nothing else from errors


def test_models_come_through_their_area_packages_and_types() -> None:
    from generated.o365.mail import Message as from_area
    from generated.o365.types import ItemBody

    assert from_area is o365.Message  # python-o365's `from O365 import Message` still works
    assert ItemBody.__module__ == "generated.o365.types"
    for area in [name for name in AREAS if name != "types"]:
        package = importlib.import_module(f"generated.o365.{area}")
        own = [name for name, module in o365._LAZY.items()
               if module.startswith(f"generated.o365.{area}.")]
        assert own, area
        assert [name for name in own if not hasattr(package, name)] == [], area


def test_importing_and_listing_loads_no_model_module() -> None:
    code = ("import sys, generated.o365 as o\n"
            "names = dir(o)\n"
            "loaded = [m for m in sys.modules if m.startswith('generated.o365.') and\n"
            "          m.split('.')[2] in ('mail', 'calendar', 'storage', 'types')]\n"
            "assert not loaded, loaded\n"
            "o.mail\n"
            "assert 'generated.o365.mail' in sys.modules\n"
            "assert 'generated.o365.mail.message' not in sys.modules\n")
    subprocess.run([sys.executable, "-c", code], check=True)
