"""TLS for `python -m emulator --tls`: a certificate authority made at start and the server
certificate it signs.

A client trusts the emulator through the CA certificate file (`ca_file`): REQUESTS_CA_BUNDLE
for requests (python-o365, azure-identity), SSL_CERT_FILE for httpx (msgraph-sdk) and urllib.
The server certificate names the loopback addresses and `PROXIED_HOSTS`, the Microsoft hosts
the emulator answers for when a client uses it as its HTTPS proxy, so a client keeps its
default URLs (https://graph.microsoft.com, https://login.microsoftonline.com).

The keys live only in this process's memory and a private temporary directory (0700, removed by
`close`); each start makes a new CA, so trusting an old `ca.pem` trusts nothing.
"""

from __future__ import annotations

import datetime
import ipaddress
import os
import shutil
import ssl
import tempfile
from pathlib import Path

__all__ = ["PROXIED_HOSTS", "TlsMaterial"]

# The hosts a client reaches through the emulator's CONNECT proxy (Graph and the identity
# platform of the worldwide cloud); anything else is refused.
PROXIED_HOSTS = ("graph.microsoft.com", "login.microsoftonline.com")
LOOPBACK_NAMES = ("localhost",)
LOOPBACK_ADDRESSES = ("127.0.0.1", "::1")
VALIDITY = datetime.timedelta(days=2)


class TlsMaterial:
    """A fresh CA and server certificate, and the server-side SSL context they make."""

    def __init__(self, directory: str | Path | None = None) -> None:
        try:
            from cryptography import x509  # noqa: F401
        except ImportError as exc:  # pragma: no cover - cryptography is a dev dependency
            raise RuntimeError("--tls needs the 'cryptography' package: "
                               "pip install 'generated-o365[crypto]'") from exc
        self._own_dir = directory is None
        self.directory = Path(directory or tempfile.mkdtemp(prefix="graph-emulator-tls-"))
        self.directory.mkdir(parents=True, exist_ok=True)
        os.chmod(self.directory, 0o700)
        ca_pem, chain_pem, key_pem = _make_certificates()
        self.ca_file = self.directory / "ca.pem"
        self.ca_file.write_bytes(ca_pem)
        chain_file, key_file = self.directory / "server.pem", self.directory / "server.key"
        chain_file.write_bytes(chain_pem)
        key_file.touch(mode=0o600)
        key_file.write_bytes(key_pem)
        self.context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        self.context.minimum_version = ssl.TLSVersion.TLSv1_2
        self.context.set_alpn_protocols(["http/1.1"])
        self.context.load_cert_chain(chain_file, key_file)
        key_file.unlink()  # loaded: the private key need not stay on disk

    def close(self) -> None:
        if self._own_dir:
            shutil.rmtree(self.directory, ignore_errors=True)


def _make_certificates() -> tuple[bytes, bytes, bytes]:
    """(CA certificate PEM, server certificate + CA PEM, server private key PEM)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    now = datetime.datetime.now(datetime.timezone.utc)
    start, end = now - datetime.timedelta(minutes=5), now + VALIDITY
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Graph emulator local CA")])
    ca_ski = x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key())
    ca_cert = (
        x509.CertificateBuilder()
        .subject_name(ca_name).issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start).not_valid_after(end)
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(x509.KeyUsage(digital_signature=False, content_commitment=False,
                                     key_encipherment=False, data_encipherment=False,
                                     key_agreement=False, key_cert_sign=True, crl_sign=True,
                                     encipher_only=False, decipher_only=False), critical=True)
        .add_extension(ca_ski, critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    key = ec.generate_private_key(ec.SECP256R1())
    names: list[x509.GeneralName] = [x509.DNSName(n) for n in (*LOOPBACK_NAMES, *PROXIED_HOSTS)]
    names += [x509.IPAddress(ipaddress.ip_address(a)) for a in LOOPBACK_ADDRESSES]
    cert = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")]))
        .issuer_name(ca_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start).not_valid_after(end)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.SubjectAlternativeName(names), critical=False)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_subject_key_identifier(ca_ski),
                       critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    ca_pem = ca_cert.public_bytes(serialization.Encoding.PEM)
    key_pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption())
    return ca_pem, cert.public_bytes(serialization.Encoding.PEM) + ca_pem, key_pem
