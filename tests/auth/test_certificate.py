"""Certificate credentials: a signed ``client_assertion`` instead of a client secret.

A real RSA key and self-signed certificate are generated per module; the identity platform
runs over a real socket and checks signature, x5t, iss/sub, aud and the validity window.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import logging
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
import requests
from auth_support import TENANT, IdentityServer
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.x509.oid import NameOID

from generated.o365._runtime.account import BaseAccount
from generated.o365._runtime.auth import TokenManager
from generated.o365._runtime.client_assertion import (
    CLIENT_ASSERTION_TYPE,
    build_client_assertion,
    parse_certificate_credential,
)
from generated.o365._runtime.errors import InvalidCredentialsError
from generated.o365._runtime.protocol import MSGraphProtocol
from generated.o365._runtime.token_backends import MemoryTokenBackend
from generated.o365.emulator.identity import IdentityPlatform, RegisteredApp

CLIENT_ID = "cert-app"
PASSPHRASE = "pp-Value-9c4e1a7b"
RS256_HEADER_PREFIX = "eyJhbGciOiJSUzI1NiIs"  # base64url of '{"alg":"RS256",'


@dataclass(frozen=True)
class KeyPair:
    key: rsa.RSAPrivateKey
    key_pem: str
    cert_pem: str
    thumbprint: str  # hex SHA-1 of the certificate


def _make_pair(name: str) -> KeyPair:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = dt.datetime.now(dt.timezone.utc)
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=30))
        .sign(key, hashes.SHA256())
    )
    key_pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()
    cert_pem = cert.public_bytes(serialization.Encoding.PEM).decode()
    return KeyPair(key, key_pem, cert_pem, cert.fingerprint(hashes.SHA1()).hex())


@pytest.fixture(scope="module")
def registered() -> KeyPair:
    return _make_pair("cert-app registered")


@pytest.fixture(scope="module")
def stranger() -> KeyPair:
    return _make_pair("not registered")


@pytest.fixture
def cert_server(registered: KeyPair) -> Iterator[tuple[IdentityServer, IdentityPlatform]]:
    identity = IdentityPlatform(
        apps=[RegisteredApp(CLIENT_ID, certificates=(registered.cert_pem,))], users=[]
    )
    srv = IdentityServer(identity)
    yield srv, identity
    srv.close()


def _manager(srv: IdentityServer, secret: object, **kwargs: Any) -> TokenManager:
    return TokenManager(
        (CLIENT_ID, secret),
        auth_flow_type="credentials",
        tenant_id=TENANT,
        authority_host=srv.url,
        token_backend=MemoryTokenBackend(),
        timeout=10.0,
        **kwargs,
    )


def _token_endpoint(srv: IdentityServer) -> str:
    return f"{srv.url}/{TENANT}/oauth2/v2.0/token"


def _decode(segment: str) -> dict[str, Any]:
    data = json.loads(base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4)))
    assert isinstance(data, dict)
    return data


# ------------------------------------------------------------------------------ success
def test_account_signs_in_with_a_certificate_and_calls_graph(
    cert_server: tuple[IdentityServer, IdentityPlatform], registered: KeyPair
) -> None:
    srv, identity = cert_server
    account = BaseAccount(
        (CLIENT_ID, {"private_key": registered.key_pem, "thumbprint": registered.thumbprint}),
        auth_flow_type="credentials",
        tenant_id=TENANT,
        protocol=MSGraphProtocol(protocol_url=srv.url),
        authority_host=srv.url,
        token_backend=MemoryTokenBackend(),
        timeout=10.0,
    )
    assert account.authenticate()
    token = account.token_backend.token
    assert token is not None
    info = identity.validate(token.access_token)
    assert info is not None and info.is_app_only and info.client_id == CLIENT_ID
    # A refresh signs a new assertion (the app has no secret, so nothing else could work).
    identity.expire_all_access_tokens()
    assert account.con.get("users/adele@contoso.com").json()["appId"] == CLIENT_ID
    assert identity.stats.token_requests("client_credentials") == 2


def test_certificate_pem_and_encrypted_key_are_accepted(
    cert_server: tuple[IdentityServer, IdentityPlatform], registered: KeyPair
) -> None:
    srv, _ = cert_server
    encrypted = registered.key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.BestAvailableEncryption(PASSPHRASE.encode()),
    )
    spec = {"private_key": encrypted, "certificate": registered.cert_pem, "passphrase": PASSPHRASE}
    manager = _manager(srv, spec)
    assert manager.credentials.certificate is not None
    assert manager.credentials.certificate.thumbprint.hex() == registered.thumbprint
    assert manager.request_token()


def test_assertion_shape(registered: KeyPair) -> None:
    credential = parse_certificate_credential(
        {"private_key": registered.key_pem, "thumbprint": registered.thumbprint.upper()}
    )
    audience = "https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/token"
    jwt = build_client_assertion(credential, client_id=CLIENT_ID, audience=audience, now=1000.0)
    first = build_client_assertion(credential, client_id=CLIENT_ID, audience=audience, now=1000.0)
    head, body, sig = jwt.split(".")
    header, claims = _decode(head), _decode(body)
    x5t = base64.urlsafe_b64encode(bytes.fromhex(registered.thumbprint)).rstrip(b"=").decode()
    assert header == {"alg": "RS256", "typ": "JWT", "x5t": x5t}
    assert claims["aud"] == audience
    assert claims["iss"] == claims["sub"] == CLIENT_ID
    assert (claims["nbf"], claims["exp"]) == (1000, 1600)
    assert claims["jti"] != _decode(first.split(".")[1])["jti"]
    signature = base64.urlsafe_b64decode(sig + "=" * (-len(sig) % 4))
    registered.key.public_key().verify(
        signature, f"{head}.{body}".encode(), padding.PKCS1v15(), hashes.SHA256()
    )


# ----------------------------------------------------------------------------- rejected
def test_wrong_key_is_rejected_as_invalid_signature(
    cert_server: tuple[IdentityServer, IdentityPlatform], registered: KeyPair, stranger: KeyPair
) -> None:
    srv, _ = cert_server
    # The registered certificate's thumbprint, signed with another key.
    manager = _manager(srv, {"private_key": stranger.key_pem, "thumbprint": registered.thumbprint})
    with pytest.raises(InvalidCredentialsError) as caught:
        manager.request_token()
    err = caught.value
    assert err.error == "invalid_client" and err.error_codes == [700027] and err.status == 401
    assert "invalid signature" in (err.error_description or "")


def test_unregistered_certificate_is_rejected(
    cert_server: tuple[IdentityServer, IdentityPlatform], stranger: KeyPair
) -> None:
    srv, _ = cert_server
    manager = _manager(srv, {"private_key": stranger.key_pem, "certificate": stranger.cert_pem})
    with pytest.raises(InvalidCredentialsError) as caught:
        manager.request_token()
    assert caught.value.error_codes == [700027]
    assert "not registered" in (caught.value.error_description or "")


def test_expired_assertion_is_rejected(
    cert_server: tuple[IdentityServer, IdentityPlatform], registered: KeyPair
) -> None:
    srv, _ = cert_server
    an_hour_ago = time.time() - 3600  # beyond the assertion's 10 minutes plus 5 of skew
    manager = _manager(
        srv,
        {"private_key": registered.key_pem, "thumbprint": registered.thumbprint},
        clock=lambda: an_hour_ago,
    )
    with pytest.raises(InvalidCredentialsError) as caught:
        manager.request_token()
    assert caught.value.error_codes == [700024]


@pytest.mark.parametrize(
    ("client_id", "audience", "code"),
    [
        ("someone-else", None, 700021),
        (
            CLIENT_ID,
            "https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/token",
            700023,
        ),
        (CLIENT_ID, "{url}/other-tenant/oauth2/v2.0/token", 700023),
    ],
)
def test_claims_are_checked(
    cert_server: tuple[IdentityServer, IdentityPlatform],
    registered: KeyPair,
    client_id: str,
    audience: str | None,
    code: int,
) -> None:
    srv, _ = cert_server
    credential = parse_certificate_credential(
        {"private_key": registered.key_pem, "thumbprint": registered.thumbprint}
    )
    aud = (audience or _token_endpoint(srv)).replace("{url}", srv.url)
    assertion = build_client_assertion(
        credential, client_id=client_id, audience=aud, now=time.time()
    )
    form = {
        "grant_type": "client_credentials",
        "client_id": CLIENT_ID,
        "scope": "https://graph.microsoft.com/.default",
        "client_assertion_type": CLIENT_ASSERTION_TYPE,
        "client_assertion": assertion,
    }
    response = requests.post(_token_endpoint(srv), data=form, timeout=10)
    assert response.status_code == 401
    body = response.json()
    assert body["error"] == "invalid_client" and body["error_codes"] == [code]


def test_tampered_or_unsigned_assertions_are_rejected(
    cert_server: tuple[IdentityServer, IdentityPlatform], registered: KeyPair
) -> None:
    srv, _ = cert_server
    credential = parse_certificate_credential(
        {"private_key": registered.key_pem, "thumbprint": registered.thumbprint}
    )
    good = build_client_assertion(
        credential, client_id=CLIENT_ID, audience=_token_endpoint(srv), now=time.time()
    )
    head, body, sig = good.split(".")
    claims = _decode(body)
    claims["exp"] += 86400
    forged_body = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
    none_head = base64.urlsafe_b64encode(b'{"alg":"none","typ":"JWT"}').rstrip(b"=").decode()
    cases = {f"{head}.{forged_body}.{sig}": 700027, f"{none_head}.{body}.": 50027, "x.y": 50027}
    for assertion, code in cases.items():
        form = {
            "grant_type": "client_credentials",
            "client_id": CLIENT_ID,
            "scope": "https://graph.microsoft.com/.default",
            "client_assertion_type": CLIENT_ASSERTION_TYPE,
            "client_assertion": assertion,
        }
        response = requests.post(_token_endpoint(srv), data=form, timeout=10)
        assert response.status_code == 401 and response.json()["error_codes"] == [code]


# ----------------------------------------------------------------- bad arguments, early
def test_bad_certificate_arguments_fail_before_any_request(
    cert_server: tuple[IdentityServer, IdentityPlatform], registered: KeyPair, stranger: KeyPair
) -> None:
    srv, identity = cert_server
    ec_key = ec.generate_private_key(ec.SECP256R1())
    ec_pem = ec_key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    key, thumb = registered.key_pem, registered.thumbprint
    bad: list[tuple[object, type[Exception], str]] = [
        ({"thumbprint": thumb}, ValueError, "private_key"),
        ({"private_key": key}, ValueError, "'thumbprint' or 'certificate'"),
        ({"private_key": key, "thumbprint": "abc"}, ValueError, "40 hex digits"),
        ({"private_key": key, "thumbprint": 5}, TypeError, "hex string"),
        ({"private_key": "not a key", "thumbprint": thumb}, ValueError, "could not load"),
        ({"private_key": key, "thumbprint": thumb, "passphrase": "x"}, ValueError, "passphrase"),
        ({"private_key": ec_pem, "thumbprint": thumb}, ValueError, "RSA"),
        ({"private_key": key, "certificate": stranger.cert_pem}, ValueError, "does not belong"),
        (
            {"private_key": key, "certificate": registered.cert_pem, "thumbprint": "00" * 20},
            ValueError,
            "not the SHA-1 thumbprint",
        ),
        ({"private_key": key, "thumbprint": thumb, "pasphrase": "typo"}, ValueError, "unknown"),
        (42, TypeError, "mapping"),
    ]
    for secret, error, match in bad:
        with pytest.raises(error, match=match):
            _manager(srv, secret)
    assert identity.stats.token_requests() == 0


def test_missing_cryptography_names_the_extra(
    registered: KeyPair, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "cryptography", None)
    with pytest.raises(ImportError, match=r"\[crypto\]"):
        parse_certificate_credential(
            {"private_key": registered.key_pem, "thumbprint": registered.thumbprint}
        )


# ------------------------------------------------------------------------------- leaks
def test_no_key_material_in_logs_reprs_or_errors(
    cert_server: tuple[IdentityServer, IdentityPlatform],
    registered: KeyPair,
    stranger: KeyPair,
    caplog: pytest.LogCaptureFixture,
) -> None:
    srv, _ = cert_server
    caplog.set_level(logging.DEBUG)
    texts: list[str] = []

    def collect(exc: BaseException | None) -> None:
        while exc is not None:
            texts.extend([str(exc), repr(exc), repr(exc.args), repr(vars(exc))])
            exc = exc.__cause__ or exc.__context__

    good = _manager(srv, {"private_key": registered.key_pem, "thumbprint": registered.thumbprint})
    good.request_token()
    texts += [repr(good), repr(good.credentials), repr(good.credentials.certificate)]
    wrong = _manager(srv, {"private_key": stranger.key_pem, "thumbprint": registered.thumbprint})
    texts.append(repr(wrong.credentials))
    try:
        wrong.request_token()
    except InvalidCredentialsError as exc:
        collect(exc)
    try:
        _manager(
            srv,
            {
                "private_key": registered.key_pem,
                "thumbprint": registered.thumbprint,
                "passphrase": PASSPHRASE,
            },
        )
    except ValueError as exc:
        collect(exc)
    texts.extend(record.getMessage() for record in caplog.records)
    blob = "\n".join(texts)
    assert registered.thumbprint.upper() in blob  # the collection above did see something
    for pair in (registered, stranger):
        for line in pair.key_pem.splitlines()[1:-1]:
            assert line not in blob
        numbers = pair.key.private_numbers()
        assert str(numbers.d) not in blob and format(numbers.d, "x") not in blob
    assert PASSPHRASE not in blob
    assert RS256_HEADER_PREFIX not in blob  # no client_assertion either
