"""Certificate credentials: the signed JWT ``client_assertion`` that replaces a client secret.

Credentials take the python-o365/MSAL shape ``(client_id, {"private_key": PEM, "thumbprint":
hex SHA-1, "passphrase": optional})``; ``"certificate": PEM`` may replace (or confirm) the
thumbprint. The key is loaded once, when the credentials are parsed, so a wrong PEM or
passphrase fails before any request. ``cryptography`` (the ``crypto`` extra) is imported only
here, on first use. The key never appears in a repr, a log line or an exception message.
"""

from __future__ import annotations

import base64
import binascii
import json
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateKey

__all__ = [
    "ASSERTION_LIFETIME",
    "CLIENT_ASSERTION_TYPE",
    "CertificateCredential",
    "build_client_assertion",
    "parse_certificate_credential",
]

CLIENT_ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
ASSERTION_LIFETIME = 600  # seconds; each token request signs a fresh assertion
_KNOWN_KEYS = frozenset({"private_key", "thumbprint", "certificate", "passphrase"})


@dataclass(frozen=True)
class CertificateCredential:
    """A loaded RSA private key and the SHA-1 thumbprint of its certificate."""

    thumbprint: bytes  # 20 raw bytes; sent base64url-encoded as the JWT header's ``x5t``
    private_key: RSAPrivateKey = field(repr=False, compare=False)

    @property
    def x5t(self) -> str:
        return _b64url(self.thumbprint)

    def __repr__(self) -> str:
        return f"CertificateCredential(thumbprint={self.thumbprint.hex().upper()!r})"


def _crypto_missing() -> ImportError:
    return ImportError(
        "certificate credentials need the 'cryptography' package: "
        "pip install 'generated.o365[crypto]'"
    )


def _as_bytes(value: object, name: str) -> bytes:
    if isinstance(value, str):
        return value.encode("utf-8")
    if isinstance(value, (bytes, bytearray)):
        return bytes(value)
    raise TypeError(f"the certificate credential's {name!r} must be PEM text (str or bytes)")


def _thumbprint_from_hex(value: object) -> bytes:
    if not isinstance(value, str):
        raise TypeError("the certificate 'thumbprint' must be a hex string (SHA-1, 40 digits)")
    cleaned = value.replace(":", "").replace(" ", "")
    try:
        raw = binascii.unhexlify(cleaned)
    except (binascii.Error, ValueError):
        raw = b""
    if len(raw) != 20:
        raise ValueError("the certificate 'thumbprint' must be 40 hex digits (its SHA-1 hash)")
    return raw


def parse_certificate_credential(spec: Mapping[str, object]) -> CertificateCredential:
    """Validate and load ``{"private_key", "thumbprint" | "certificate", "passphrase"?}``."""
    unknown = sorted(str(k) for k in spec if k not in _KNOWN_KEYS)
    if unknown:
        raise ValueError(
            f"unknown certificate credential keys {unknown}; valid: {sorted(_KNOWN_KEYS)}"
        )
    if "private_key" not in spec:
        raise ValueError("certificate credentials need 'private_key' (PEM of the RSA key)")
    if "thumbprint" not in spec and "certificate" not in spec:
        raise ValueError("certificate credentials need 'thumbprint' or 'certificate'")
    key_pem = _as_bytes(spec["private_key"], "private_key")
    passphrase = spec.get("passphrase")
    if passphrase is not None:
        passphrase = _as_bytes(passphrase, "passphrase")
    try:
        from cryptography import x509
        from cryptography.hazmat.primitives import hashes, serialization
        from cryptography.hazmat.primitives.asymmetric import rsa
    except ImportError:
        raise _crypto_missing() from None
    try:
        key = serialization.load_pem_private_key(key_pem, password=passphrase)
    except (ValueError, TypeError):
        # cryptography's message may quote the input; ours names only the cause.
        raise ValueError(
            "could not load 'private_key': not a PEM private key, or a wrong/missing passphrase"
        ) from None
    if not isinstance(key, rsa.RSAPrivateKey):
        raise ValueError("'private_key' must be an RSA key (the identity platform uses RS256)")
    thumbprint = _thumbprint_from_hex(spec["thumbprint"]) if "thumbprint" in spec else None
    if "certificate" in spec:
        try:
            cert = x509.load_pem_x509_certificate(_as_bytes(spec["certificate"], "certificate"))
        except ValueError:
            raise ValueError("could not load 'certificate': not a PEM X.509 certificate") from None
        cert_key = cert.public_key()
        if not isinstance(cert_key, rsa.RSAPublicKey) or (
            cert_key.public_numbers() != key.public_key().public_numbers()
        ):
            raise ValueError("'certificate' does not belong to 'private_key'")
        cert_thumbprint = cert.fingerprint(hashes.SHA1())  # x5t is SHA-1 by definition
        if thumbprint is not None and thumbprint != cert_thumbprint:
            raise ValueError("'thumbprint' is not the SHA-1 thumbprint of 'certificate'")
        thumbprint = cert_thumbprint
    assert thumbprint is not None
    return CertificateCredential(thumbprint, key)


def build_client_assertion(
    credential: CertificateCredential, *, client_id: str, audience: str, now: float
) -> str:
    """An RS256 JWT: ``iss``=``sub``=client_id, ``aud``=the token endpoint, 10 minutes valid."""
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import padding

    issued = int(now)
    header = {"alg": "RS256", "typ": "JWT", "x5t": credential.x5t}
    claims: dict[str, Any] = {
        "aud": audience,
        "iss": client_id,
        "sub": client_id,
        "jti": str(uuid.uuid4()),
        "nbf": issued,
        "iat": issued,
        "exp": issued + ASSERTION_LIFETIME,
    }
    signing_input = f"{_b64url_json(header)}.{_b64url_json(claims)}".encode("ascii")
    signature = credential.private_key.sign(signing_input, padding.PKCS1v15(), hashes.SHA256())
    return f"{signing_input.decode('ascii')}.{_b64url(signature)}"


def _b64url(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def _b64url_json(data: Mapping[str, object]) -> str:
    return _b64url(json.dumps(data, separators=(",", ":")).encode("utf-8"))
