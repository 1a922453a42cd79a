"""Token backends against real stores where one runs here (file system, Redis, Django on
SQLite, S3 and Secrets Manager via moto's server on loopback); fakes of the client objects
for Firestore and Bitwarden, named as such."""

from __future__ import annotations

import os
import shutil
import socket
import stat
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from generated.o365._runtime.errors import MissingDependencyError
from generated.o365._runtime.token_backends import (
    BaseTokenBackend,
    EnvTokenBackend,
    FileSystemTokenBackend,
    MemoryTokenBackend,
    Token,
)
from generated.o365._runtime.token_backends.base import require_module

SECRET_AT = "at-SECRET-access-token-value"
SECRET_RT = "rt-SECRET-refresh-token-value"


def make_token(n: int = 1) -> Token:
    return Token(
        access_token=f"{SECRET_AT}-{n}",
        expires_at=2_000_000_000.0 + n,
        refresh_token=f"{SECRET_RT}-{n}",
        scopes=("https://graph.microsoft.com/User.Read",),
        username="adele@contoso.com",
    )


def roundtrip(backend: BaseTokenBackend) -> None:
    """The contract every backend meets."""
    assert backend.load_token() is None and not backend.check_token()
    assert backend.save_token(make_token(1))
    assert backend.check_token()
    fresh = type(backend).__new__(type(backend))
    fresh.__dict__.update(backend.__dict__)
    fresh._token = None
    assert fresh.load_token() == make_token(1)
    backend.save_token(make_token(2))
    assert backend.load_token() == make_token(2)
    assert backend.get_access_token() == f"{SECRET_AT}-2"
    assert backend.get_refresh_token() == f"{SECRET_RT}-2"
    assert SECRET_AT not in repr(backend) and SECRET_RT not in repr(backend)
    assert backend.delete_token() is True
    assert backend.load_token() is None and not backend.check_token()


def test_token_stores_absolute_expiry_and_hides_secrets_in_repr() -> None:
    token = Token.from_response(
        {"access_token": "a", "expires_in": 3599, "refresh_token": "r", "scope": "x y"}, now=1000.0
    )
    assert token.expires_at == 4599.0 and token.scopes == ("x", "y")
    assert Token.from_json(token.to_json()) == token
    assert b'"expires_at": 4599.0' in token.to_json()
    assert "'a'" not in repr(token) and "'r'" not in repr(token)
    rotated = Token.from_response({"access_token": "b", "expires_in": 10}, now=0, previous=token)
    assert rotated.refresh_token == "r"  # kept when the server did not rotate it


def test_memory_backend() -> None:
    roundtrip(MemoryTokenBackend())


def test_env_backend(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("O365_TOKEN_TEST", raising=False)
    roundtrip(EnvTokenBackend("O365_TOKEN_TEST"))


def test_filesystem_backend_roundtrip_and_mode_0600(tmp_path: Path) -> None:
    backend = FileSystemTokenBackend(tmp_path / "sub", "token.json")
    roundtrip(backend)
    backend.save_token(make_token())
    assert stat.S_IMODE(os.stat(backend.token_path).st_mode) == 0o600
    assert [p.name for p in backend.token_path.parent.iterdir()] == ["token.json"]  # no temp left
    assert FileSystemTokenBackend(backend.token_path).token_path == backend.token_path  # a file


def test_filesystem_failure_before_replace_keeps_old_token(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    backend = FileSystemTokenBackend(tmp_path)
    backend.save_token(make_token(1))

    def crash(*args: Any) -> None:
        raise OSError("disk on fire")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(OSError, match="disk on fire"):
        backend.save_token(make_token(2))
    monkeypatch.undo()
    assert FileSystemTokenBackend(tmp_path).load_token() == make_token(1)
    assert [p.name for p in tmp_path.iterdir()] == ["o365_token.txt"]


KILLED_WRITER = """
import os, sys, time
from generated.o365._runtime.token_backends import FileSystemTokenBackend, Token
real_write = os.write
def half_write(fd, data):
    real_write(fd, bytes(data[: len(data) // 2]))
    sys.stdout.write("mid-write\\n"); sys.stdout.flush()
    time.sleep(60)
os.write = half_write
FileSystemTokenBackend(sys.argv[1]).save_token(Token("new-token", 1.0, refresh_token="r2"))
"""


def kill_a_writer_mid_write(folder: Path) -> None:
    """A process saving a token into ``folder`` is killed halfway through writing it."""
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    writer = subprocess.Popen(
        [sys.executable, "-c", KILLED_WRITER, str(folder)], stdout=subprocess.PIPE, env=env
    )
    try:
        assert writer.stdout is not None
        assert writer.stdout.readline() == b"mid-write\n"
        writer.kill()
    finally:
        writer.wait(timeout=10)


def test_filesystem_writer_killed_mid_write_leaves_old_token(tmp_path: Path) -> None:
    backend = FileSystemTokenBackend(tmp_path)
    backend.save_token(make_token(1))
    kill_a_writer_mid_write(tmp_path)
    assert FileSystemTokenBackend(tmp_path).load_token() == make_token(1)  # old, not torn


def test_filesystem_refresh_lock_blocks_other_processes(tmp_path: Path) -> None:
    backend = FileSystemTokenBackend(tmp_path)
    script = (
        "import sys; from generated.o365._runtime.token_backends import FileSystemTokenBackend as F\n"
        "with F(sys.argv[1]).refresh_lock(): print('got lock', flush=True)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    with backend.refresh_lock():
        other = subprocess.Popen(
            [sys.executable, "-c", script, str(tmp_path)], stdout=subprocess.PIPE, env=env
        )
        with pytest.raises(subprocess.TimeoutExpired):
            other.wait(timeout=1.5)  # still blocked while we hold the lock
    out, _ = other.communicate(timeout=30)
    assert out == b"got lock\n"


def test_encryption_at_rest_with_fernet(tmp_path: Path) -> None:
    from generated.o365._runtime.token_backends import FernetCryptographyManager

    key = FernetCryptographyManager.generate_key()
    backend = FileSystemTokenBackend(tmp_path, cryptography_manager=FernetCryptographyManager(key))
    backend.save_token(make_token())
    raw = backend.token_path.read_bytes()
    assert raw.startswith(b"o365enc:") and SECRET_AT.encode() not in raw
    assert (
        FileSystemTokenBackend(
            tmp_path, cryptography_manager=FernetCryptographyManager(key)
        ).load_token()
        == make_token()
    )
    with pytest.raises(ValueError, match="encrypted"):
        FileSystemTokenBackend(tmp_path).load_token()
    other = FernetCryptographyManager(FernetCryptographyManager.generate_key())
    with pytest.raises(ValueError, match="wrong key"):
        FileSystemTokenBackend(tmp_path, cryptography_manager=other).load_token()
    assert key.decode() not in repr(backend) + repr(backend.cryptography_manager)


def test_corrupt_token_error_does_not_quote_the_data(tmp_path: Path) -> None:
    (tmp_path / "o365_token.txt").write_text('{"access_token": "' + SECRET_AT + '"')
    with pytest.raises(ValueError) as caught:
        FileSystemTokenBackend(tmp_path).load_token()
    assert SECRET_AT not in str(caught.value) and caught.value.__cause__ is None


def test_missing_optional_dependency_names_the_extra() -> None:
    with pytest.raises(MissingDependencyError, match=r"generated-o365\[firestore\]"):
        require_module(
            "google.cloud.firestore_not_installed", extra="firestore", backend="FirestoreBackend"
        )


# --------------------------------------------------------------------------- Redis
def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def redis_url() -> Iterator[str]:
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.skip("redis-server binary not installed (apt-get install -y redis-server)")
    port = _free_port()
    proc = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )
    import redis

    client = redis.Redis(host="127.0.0.1", port=port)
    for _ in range(100):
        try:
            client.ping()
            break
        except redis.ConnectionError:
            time.sleep(0.05)
    yield f"redis://127.0.0.1:{port}/0"
    proc.terminate()
    proc.wait(timeout=10)


def test_redis_backend_against_real_server(redis_url: str) -> None:
    from generated.o365._runtime.token_backends import RedisTokenBackend

    roundtrip(RedisTokenBackend(redis_url, key="t1"))


def test_redis_refresh_lock_is_exclusive_across_clients(redis_url: str) -> None:
    from generated.o365._runtime.token_backends import RedisTokenBackend

    first = RedisTokenBackend(redis_url, key="t2", lock_wait=0.3)
    second = RedisTokenBackend(redis_url, key="t2", lock_wait=0.3)
    with first.refresh_lock():
        with pytest.raises(TimeoutError, match="t2"):
            with second.refresh_lock():
                pass
    with second.refresh_lock():
        pass


def test_redis_fleet_of_workers_refreshes_once(redis_url: str) -> None:
    """Eight workers, each with its own client and TokenManager, share one Redis key."""
    from auth_support import PASSWORD, PUBLIC_APP, TENANT, USER, IdentityServer

    from generated.o365._runtime.auth import TokenManager
    from generated.o365._runtime.token_backends import RedisTokenBackend
    from generated.o365.emulator.identity import IdentityPlatform

    identity = IdentityPlatform()
    srv = IdentityServer(identity)
    try:

        def manager() -> TokenManager:
            return TokenManager(
                PUBLIC_APP,
                auth_flow_type="password",
                tenant_id=TENANT,
                username=USER,
                password=PASSWORD,
                authority_host=srv.url,
                token_backend=RedisTokenBackend(redis_url, key="fleet"),
            )

        first = manager()
        first.request_token()
        token = first.token
        assert token is not None
        import dataclasses

        first.token_backend.save_token(dataclasses.replace(token, expires_at=0.0))
        workers = [manager() for _ in range(8)]
        results: list[str] = []
        threads = [
            threading.Thread(target=lambda m=m: results.append(m.get_access_token()))
            for m in workers
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=30)
        assert len(results) == 8 and len(set(results)) == 1
        assert identity.stats.refresh_requests == 1
    finally:
        srv.close()


# --------------------------------------------------------------------------- Django
def test_django_backend_with_sqlite_model_row(tmp_path: Path) -> None:
    import django
    from django.conf import settings

    if not settings.configured:
        settings.configure(
            DATABASES={
                "default": {
                    "ENGINE": "django.db.backends.sqlite3",
                    "NAME": str(tmp_path / "db.sqlite3"),
                }
            },
            INSTALLED_APPS=["django.contrib.contenttypes", "django.contrib.auth"],
            DEFAULT_AUTO_FIELD="django.db.models.AutoField",
            USE_TZ=True,
        )
        django.setup()
    from django.db import connection, models

    class O365Profile(models.Model):
        username = models.CharField(max_length=100, unique=True)
        o365_token = models.TextField(blank=True, default="")

        class Meta:
            app_label = "auth"  # an installed app, so no migrations are needed for the test

    with connection.schema_editor() as editor:
        editor.create_model(O365Profile)

    from generated.o365._runtime.token_backends import DjangoTokenBackend

    roundtrip(DjangoTokenBackend(O365Profile, lookup={"username": "adele"}))
    row = O365Profile.objects.create(username="alex")
    backend = DjangoTokenBackend(row)
    roundtrip(backend)
    backend.save_token(make_token(3))
    assert DjangoTokenBackend(O365Profile.objects.get(username="alex")).load_token() == make_token(
        3
    )
    with pytest.raises(ValueError, match="no field"):
        DjangoTokenBackend(row, token_field="missing")
    with pytest.raises(ValueError, match="lookup"):
        DjangoTokenBackend(O365Profile)


# ------------------------------------------------------------------------------ AWS
@pytest.fixture(scope="module")
def moto_endpoint() -> Iterator[str]:
    from moto.server import ThreadedMotoServer

    port = _free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


AWS = {
    "region_name": "us-east-1",
    "aws_access_key_id": "testing",
    "aws_secret_access_key": "testing",
}


def test_s3_backend_against_moto_server(moto_endpoint: str) -> None:
    import boto3

    boto3.client("s3", endpoint_url=moto_endpoint, **AWS).create_bucket(Bucket="tokens")
    from generated.o365._runtime.token_backends import AWSS3Backend

    roundtrip(AWSS3Backend("tokens", "o365/token.json", endpoint_url=moto_endpoint, **AWS))


def test_secrets_manager_backend_against_moto_server(moto_endpoint: str) -> None:
    from generated.o365._runtime.token_backends import AWSSecretsBackend

    roundtrip(AWSSecretsBackend("o365-token", endpoint_url=moto_endpoint, **AWS))


# ------------------------------------------------------------- Firestore / Bitwarden
class FakeFirestoreClient:
    """A fake of google.cloud.firestore.Client: no Firestore emulator runs here."""

    def __init__(self) -> None:
        self.docs: dict[tuple[str, str], dict[str, Any]] = {}

    def collection(self, name: str) -> Any:
        client = self

        class Doc:
            def __init__(self, doc_id: str) -> None:
                self.key = (name, doc_id)

            def get(self) -> Any:
                data = client.docs.get(self.key)
                return SimpleNamespace(exists=data is not None, to_dict=lambda: dict(data or {}))

            def set(self, data: dict[str, Any], merge: bool = False) -> None:
                client.docs[self.key] = {**(client.docs.get(self.key, {}) if merge else {}), **data}

            def delete(self) -> None:
                client.docs.pop(self.key, None)

        return SimpleNamespace(document=Doc)


def test_firestore_backend_with_fake_client() -> None:
    """Uses a fake Firestore client (no Firestore server can run here)."""
    from generated.o365._runtime.token_backends import FirestoreBackend

    client = FakeFirestoreClient()
    roundtrip(FirestoreBackend("tokens", "adele", client=client))
    FirestoreBackend("tokens", "adele", client=client).save_token(make_token())
    assert set(client.docs[("tokens", "adele")]) == {"token"}


class FakeBitwardenClient:
    """A fake of bitwarden_sdk.BitwardenClient: no Bitwarden server can run here."""

    def __init__(self) -> None:
        self.secret = SimpleNamespace(
            id="sid", key="o365", value="", note="n", organization_id="org", project_id="p"
        )
        self.updates: list[dict[str, Any]] = []

    def secrets(self) -> Any:
        fake = self

        def update(**kwargs: Any) -> None:
            fake.updates.append(kwargs)
            fake.secret.value = kwargs["value"]

        return SimpleNamespace(
            get=lambda secret_id: SimpleNamespace(data=fake.secret), update=update
        )


def test_bitwarden_backend_with_fake_client() -> None:
    """Uses a fake Bitwarden SDK client (no Bitwarden server can run here)."""
    from generated.o365._runtime.token_backends import BitwardenSecretsManagerBackend

    client = FakeBitwardenClient()
    roundtrip(BitwardenSecretsManagerBackend("sid", client=client))
    assert client.updates[0]["organization_id"] == "org" and client.updates[0]["project_ids"] == [
        "p"
    ]


def test_bitwarden_without_sdk_or_token_fails_clearly(monkeypatch: pytest.MonkeyPatch) -> None:
    from generated.o365._runtime.token_backends import BitwardenSecretsManagerBackend

    monkeypatch.delenv("BWS_ACCESS_TOKEN", raising=False)
    with pytest.raises(ValueError, match="BWS_ACCESS_TOKEN"):
        BitwardenSecretsManagerBackend("sid").load_token()
    import importlib.util

    if importlib.util.find_spec("bitwarden_sdk") is not None:
        pytest.skip("bitwarden-sdk is installed; this checks the message shown without it")
    with pytest.raises(MissingDependencyError, match=r"\[bitwarden\]"):
        BitwardenSecretsManagerBackend("sid", access_token="tok").load_token()
