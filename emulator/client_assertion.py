"""Verifying a certificate credential's ``client_assertion`` (RS256 JWT) like Entra ID does.

Checks, with the AADSTS code Entra answers: a parseable JWT with ``alg`` RS256 (50027), an
``x5t`` naming a certificate registered on the app and a valid signature (700027), ``iss`` and
``sub`` equal to the ``client_id`` (700021), ``aud`` the token endpoint of this tenant (700023),
and ``nbf <= now < exp`` allowing Entra's five minutes of clock skew (700024).
``cryptography`` is imported only when an assertion arrives.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import urlsplit

__all__ = [
    "CLIENT_ASSERTION_TYPE",
    "CLOCK_SKEW",
    "AssertionRejected",
    "certificate_thumbprint",
    "verify_client_assertion",
]

CLIENT_ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
CLOCK_SKEW = 300  # seconds Entra tolerates between the client's clock and its own
_TOKEN_PATH = ["oauth2", "v2.0", "token"]  # after the tenant segment


class AssertionRejected(Exception):
    """The assertion is not acceptable; ``code`` is the AADSTS number to answer with."""

    def __init__(self, code: int, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def certificate_thumbprint(certificate_pem: str | bytes) -> bytes:
    """The SHA-1 of the certificate's DER bytes: what a JWT's ``x5t`` encodes."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes

    raw = certificate_pem.encode() if isinstance(certificate_pem, str) else certificate_pem
    return x509.load_pem_x509_certificate(raw).fingerprint(hashes.SHA1())


def verify_client_assertion(
    assertion: str,
    *,
    client_id: str,
    certificates: Iterable[str | bytes],
    tenants: Iterable[str],
    host: str | None,
    now: float,
) -> None:
    """Raise :class:`AssertionRejected` unless ``assertion`` authenticates ``client_id``."""
    header, claims, signing_input, signature = _split(assertion)
    if header.get("alg") != "RS256":
        raise AssertionRejected(
            50027, f"Invalid JWT token: the signing algorithm {header.get('alg')!r} is not RS256."
        )
    _verify_signature(header, signing_input, signature, certificates, client_id)
    if claims.get("iss") != client_id or claims.get("sub") != client_id:
        raise AssertionRejected(
            700021, "Client assertion application identifier doesn't match 'client_id' parameter."
        )
    if not _audience_ok(claims.get("aud"), tenants, host):
        raise AssertionRejected(
            700023, "Client assertion audience claim does not match Realm issuer."
        )
    exp, nbf = claims.get("exp"), claims.get("nbf", 0)
    if not isinstance(exp, (int, float)) or not isinstance(nbf, (int, float)):
        raise AssertionRejected(50027, "Invalid JWT token: 'exp' and 'nbf' must be numbers.")
    if now >= exp + CLOCK_SKEW or now < nbf - CLOCK_SKEW:
        raise AssertionRejected(700024, "Client assertion is not within its valid time range.")


def _split(assertion: str) -> tuple[dict[str, Any], dict[str, Any], bytes, bytes]:
    parts = assertion.split(".")
    try:
        if len(parts) != 3:
            raise ValueError("a JWS has three parts")
        header = json.loads(_unb64(parts[0]))
        claims = json.loads(_unb64(parts[1]))
        signature = _unb64(parts[2])
    except (ValueError, binascii.Error):
        raise AssertionRejected(50027, "Invalid JWT token: the assertion is malformed.") from None
    if not isinstance(header, dict) or not isinstance(claims, dict):
        raise AssertionRejected(50027, "Invalid JWT token: header and claims must be objects.")
    return header, claims, f"{parts[0]}.{parts[1]}".encode("ascii"), signature


def _verify_signature(
    header: Mapping[str, Any],
    signing_input: bytes,
    signature: bytes,
    certificates: Iterable[str | bytes],
    client_id: str,
) -> None:
    from cryptography import x509
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import padding, rsa

    x5t = header.get("x5t")
    for pem in certificates:
        raw = pem.encode() if isinstance(pem, str) else pem
        cert = x509.load_pem_x509_certificate(raw)
        thumbprint = base64.urlsafe_b64encode(cert.fingerprint(hashes.SHA1())).rstrip(b"=")
        if thumbprint.decode("ascii") != x5t:
            continue
        key = cert.public_key()
        try:
            if not isinstance(key, rsa.RSAPublicKey):
                raise InvalidSignature
            key.verify(signature, signing_input, padding.PKCS1v15(), hashes.SHA256())
        except InvalidSignature:
            raise AssertionRejected(
                700027, "Client assertion contains an invalid signature."
            ) from None
        return
    raise AssertionRejected(
        700027,
        f"The certificate with identifier used to sign the client assertion is not registered "
        f"on application '{client_id}'.",
    )


def _audience_ok(aud: object, tenants: Iterable[str], host: str | None) -> bool:
    if not isinstance(aud, str):
        return False
    parts = urlsplit(aud)
    segments = [s for s in parts.path.split("/") if s]
    if host is not None and parts.netloc.lower() != host.lower():
        return False
    known = {t.lower() for t in tenants}
    return len(segments) == 4 and segments[0].lower() in known and segments[1:] == _TOKEN_PATH


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
