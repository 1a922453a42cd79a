"""`--tls`: HTTPS with a certificate made at start, the HTTPS proxy for Graph's and the
identity platform's hosts, the discovery documents, and MSAL (Microsoft's own library, as
python-o365, azure-identity and msgraph-sdk use it) signing in against the emulator."""

from __future__ import annotations

import base64
import json
import ssl
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import msal
import pytest
import requests

from generated.o365.emulator import EmulatorServer
from generated.o365.emulator.seed import PASSWORD

from .conftest import ADELE, cli_emulator

GRAPH_DEFAULT = "https://graph.microsoft.com/.default"


@pytest.fixture(scope="module")
def tls_server(specs_dir: Path) -> Iterator[EmulatorServer]:
    with EmulatorServer(seed=3, specs_dir=specs_dir, tls=True) as emulator:
        yield emulator


def proxy_session(server: EmulatorServer) -> requests.Session:
    """A session that, like a client with HTTPS_PROXY set, reaches the emulator through it."""
    session = requests.Session()
    session.trust_env = False
    session.proxies = {"https": server.url.replace("https:", "http:").rstrip("/")}
    session.verify = str(server.ca_file)
    return session


def claims(jwt: str) -> dict[str, Any]:
    part = jwt.split(".")[1]
    return dict(json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))))


def test_https_with_the_printed_ca_and_plain_http_on_the_same_port(
        tls_server: EmulatorServer) -> None:
    assert tls_server.url.startswith("https://127.0.0.1:")
    ca = tls_server.ca_file
    assert ca is not None and ca.read_text().startswith("-----BEGIN CERTIFICATE-----")
    health = tls_server.url + "_emulator/health"
    assert requests.get(health, verify=str(ca), timeout=10).json() == {"status": "ok"}
    localhost = health.replace("127.0.0.1", "localhost")
    assert requests.get(localhost, verify=str(ca), timeout=10).status_code == 200
    with pytest.raises(requests.exceptions.SSLError):  # not trusted without the CA
        requests.get(health, verify=True, timeout=10)
    plain = health.replace("https:", "http:")
    assert requests.get(plain, timeout=10).json() == {"status": "ok"}


def test_the_ca_is_a_real_ca_and_the_key_is_not_left_on_disk(tls_server: EmulatorServer) -> None:
    assert tls_server.tls is not None
    context = ssl.create_default_context(cafile=str(tls_server.ca_file))
    context.verify_flags |= ssl.VERIFY_X509_STRICT  # what Python 3.13 checks by default
    with context.wrap_socket(__import__("socket").create_connection(
            ("127.0.0.1", tls_server.port), timeout=10), server_hostname="graph.microsoft.com") as tls:
        assert tls.version() in ("TLSv1.2", "TLSv1.3")
    assert sorted(p.name for p in tls_server.tls.directory.iterdir()) == ["ca.pem", "server.pem"]
    assert tls_server.tls.directory.stat().st_mode & 0o077 == 0


def test_graph_through_the_proxy_keeps_graphs_own_urls(tls_server: EmulatorServer) -> None:
    session = proxy_session(tls_server)
    token = session.post(
        "https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/token",
        data={"grant_type": "client_credentials", "client_id": tls_server.client_id,
              "client_secret": tls_server.client_secret, "scope": GRAPH_DEFAULT},
        timeout=10).json()["access_token"]
    session.headers["Authorization"] = f"Bearer {token}"
    page = session.get("https://graph.microsoft.com/v1.0/users?$top=2", timeout=10).json()
    assert page["@odata.context"] == "https://graph.microsoft.com/v1.0/$metadata#users"
    assert page["@odata.nextLink"].startswith("https://graph.microsoft.com/v1.0/users?")
    assert len(session.get(page["@odata.nextLink"], timeout=10).json()["value"]) == 2
    # The emulator's own address works through the proxy too (pre-authenticated URLs).
    assert session.get(tls_server.url + "_emulator/health", timeout=10).status_code == 200


def test_the_proxy_refuses_other_hosts_and_needs_tls(tls_server: EmulatorServer,
                                                    server: EmulatorServer) -> None:
    with pytest.raises(requests.exceptions.ProxyError, match="403"):
        proxy_session(tls_server).get("https://example.com/", timeout=10)
    with pytest.raises(requests.exceptions.ProxyError, match="403"):
        proxy_session(tls_server).get("https://graph.microsoft.com:8443/v1.0/", timeout=10)
    session = requests.Session()  # without --tls the emulator is no proxy
    session.trust_env = False
    session.proxies = {"https": server.url.rstrip("/")}
    with pytest.raises(requests.exceptions.ProxyError, match="403"):
        session.get("https://graph.microsoft.com/v1.0/users", timeout=10)


def test_openid_configuration_names_the_tenant_by_id(tls_server: EmulatorServer) -> None:
    ca = str(tls_server.ca_file)
    doc = requests.get(f"{tls_server.url}contoso.onmicrosoft.com/v2.0/.well-known/"
                       "openid-configuration", verify=ca, timeout=10).json()
    base = f"{tls_server.url}{tls_server.tenant_id}"
    assert doc["token_endpoint"] == f"{base}/oauth2/v2.0/token"
    assert doc["authorization_endpoint"] == f"{base}/oauth2/v2.0/authorize"
    assert doc["device_authorization_endpoint"] == f"{base}/oauth2/v2.0/devicecode"
    assert doc["issuer"] == f"https://login.microsoftonline.com/{tls_server.tenant_id}/v2.0"
    keys = requests.get(doc["jwks_uri"], verify=ca, timeout=10)
    assert keys.json() == {"keys": []}
    common = requests.get(f"{tls_server.url}common/v2.0/.well-known/openid-configuration",
                          verify=ca, timeout=10).json()
    assert common["token_endpoint"] == f"{tls_server.url}common/oauth2/v2.0/token"
    assert common["issuer"] == "https://login.microsoftonline.com/{tenantid}/v2.0"
    proxied = proxy_session(tls_server).get(
        "https://login.microsoftonline.com/common/v2.0/.well-known/openid-configuration",
        timeout=10).json()
    assert proxied["token_endpoint"] == "https://login.microsoftonline.com/common/oauth2/v2.0/token"
    unknown = requests.get(f"{tls_server.url}fabrikam.com/v2.0/.well-known/openid-configuration",
                           verify=ca, timeout=10)
    assert unknown.status_code == 400
    assert unknown.json()["error_description"].startswith("AADSTS90002: Tenant 'fabrikam.com'")


def test_instance_discovery_and_user_realm(tls_server: EmulatorServer) -> None:
    ca = str(tls_server.ca_file)
    url = f"{tls_server.url}common/discovery/instance"
    # MSAL drops the authority's port when it asks.
    answer = requests.get(url, verify=ca, timeout=10, params={
        "api-version": "1.1",
        "authorization_endpoint": "https://127.0.0.1/contoso.onmicrosoft.com/oauth2/v2.0/authorize"})
    assert answer.json()["tenant_discovery_endpoint"] == (
        f"{tls_server.url}contoso.onmicrosoft.com/v2.0/.well-known/openid-configuration")
    foreign = requests.get(url, verify=ca, timeout=10, params={
        "authorization_endpoint": "https://login.fabrikam.com/x/oauth2/v2.0/authorize"})
    assert (foreign.status_code, foreign.json()["error"]) == (400, "invalid_instance")
    realm = requests.get(f"{tls_server.url}common/userrealm/{ADELE}", verify=ca, timeout=10,
                         params={"api-version": "1.0"}).json()
    assert (realm["account_type"], realm["domain_name"]) == ("Managed", "contoso.onmicrosoft.com")


def test_msal_confidential_client_signs_in_directly(tls_server: EmulatorServer) -> None:
    with requests.Session() as http:
        http.trust_env = False  # REQUESTS_CA_BUNDLE in the environment would win over verify
        http.verify = str(tls_server.ca_file)
        app = msal.ConfidentialClientApplication(
            tls_server.client_id, client_credential=tls_server.client_secret,
            authority=f"{tls_server.url}contoso.onmicrosoft.com", http_client=http,
            instance_discovery=False)
        result = app.acquire_token_for_client(scopes=[GRAPH_DEFAULT])
        assert "access_token" in result, result
        assert tls_server.identity.validate(result["access_token"]) is not None
        # A second call is answered from MSAL's cache: the response had what it needs.
        again = app.acquire_token_for_client(scopes=[GRAPH_DEFAULT])
        assert again["token_source"] == "cache"


def test_msal_asks_the_emulator_for_instance_discovery_through_the_proxy(
        tls_server: EmulatorServer) -> None:
    with proxy_session(tls_server) as http:
        app = msal.ConfidentialClientApplication(
            tls_server.client_id, client_credential=tls_server.client_secret,
            authority=f"{tls_server.url}contoso.onmicrosoft.com", http_client=http)
        result = app.acquire_token_for_client(scopes=[GRAPH_DEFAULT])
    assert "access_token" in result, result


@pytest.mark.filterwarnings("ignore:This API has been deprecated:DeprecationWarning",
                            "ignore:response_mode='form_post' is recommended:UserWarning")
def test_msal_public_client_ropc_and_auth_code_with_nonce(tls_server: EmulatorServer) -> None:
    with proxy_session(tls_server) as http:
        public = msal.PublicClientApplication(
            tls_server.public_client_id, http_client=http,
            authority="https://login.microsoftonline.com/contoso.onmicrosoft.com")
        result = public.acquire_token_by_username_password(ADELE, PASSWORD, scopes=["Mail.Read"])
        assert "access_token" in result, result
        accounts = public.get_accounts(username=ADELE)
        user_id = tls_server.seed_context.user_ids[ADELE]
        assert accounts[0]["home_account_id"] == f"{user_id}.{tls_server.tenant_id}"
        silent = public.acquire_token_silent(["Mail.Read"], account=accounts[0])
        assert silent is not None and "access_token" in silent

        app = msal.ConfidentialClientApplication(
            tls_server.client_id, client_credential=tls_server.client_secret, http_client=http,
            authority="https://login.microsoftonline.com/common")
        flow = app.initiate_auth_code_flow(["User.Read"], redirect_uri="http://localhost/cb",
                                           login_hint=ADELE)
        redirect = http.get(flow["auth_uri"], allow_redirects=False, timeout=10)
        assert redirect.status_code == 302
        answer = {k: v[0] for k, v in parse_qs(urlsplit(redirect.headers["Location"]).query).items()}
        token = app.acquire_token_by_auth_code_flow(flow, answer)
    assert "access_token" in token, token  # MSAL checks the id token's nonce against its own
    assert token["id_token_claims"]["preferred_username"] == ADELE
    assert claims(token["id_token"])["nonce"]


def test_cli_tls_prints_the_ca_and_the_proxy_settings(tmp_path: Path) -> None:
    with cli_emulator(tmp_path, "--tls", "--tls-dir", str(tmp_path / "tls")) as (process, url):
        assert url.startswith("https://127.0.0.1:")
        assert process.stdout is not None
        lines = [process.stdout.readline() for _ in range(9)]
        ca = tmp_path / "tls" / "ca.pem"
        assert any(line.split() == ["TLS", "CA", str(ca)] for line in lines), lines
        assert any(f"REQUESTS_CA_BUNDLE={ca}" in line for line in lines)
        assert any("HTTPS_PROXY=http://127.0.0.1:" in line for line in lines)
        assert requests.get(url + "_emulator/health", verify=str(ca), timeout=10).ok
