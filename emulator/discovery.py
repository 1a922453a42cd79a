"""The identity platform's discovery documents, so MSAL-based clients find the emulator.

MSAL (python-o365 2.x, azure-identity and through it msgraph-sdk) reads, before any token
request (Microsoft's v2-protocols-oidc and MSAL's authority validation):

- ``/{tenant}/v2.0/.well-known/openid-configuration``: the OpenID Connect provider metadata,
  whose ``token_endpoint``, ``authorization_endpoint`` and ``device_authorization_endpoint``
  it then calls;
- ``/common/discovery/instance?authorization_endpoint=...``: instance discovery, asked for an
  authority host MSAL does not know; it answers where the tenant discovery document is;
- ``/common/userrealm/{username}``: whether an account is managed or federated (ROPC);
- ``/{tenant}/discovery/v2.0/keys``: the signing keys (none: the emulator's id tokens are
  unsigned, and MSAL does not validate id tokens it received from the token endpoint).

Endpoints are built on the origin the request came to (``https://login.microsoftonline.com/``
through the emulator's proxy, ``https://127.0.0.1:<port>/`` directly), so a client keeps
talking to the host it started with.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Mapping
from urllib.parse import urlsplit

from .identity import MULTI_TENANT_ALIASES, IdentityPlatform

__all__ = ["handle", "is_discovery"]

Response = tuple[int, dict[str, str], bytes]
ISSUER = "https://login.microsoftonline.com/{tenant}/v2.0"  # as in the emulator's id tokens


def is_discovery(parts: list[str]) -> bool:
    """Whether the path's segments name one of the documents above."""
    return (parts[1:] == ["v2.0", ".well-known", "openid-configuration"]
            or parts == ["common", "discovery", "instance"]
            or parts[1:] == ["discovery", "v2.0", "keys"]
            or (len(parts) == 3 and parts[:2] == ["common", "userrealm"]))


def handle(identity: IdentityPlatform, origin: str, served: Collection[str], method: str,
           parts: list[str], query: Mapping[str, list[str]]) -> Response:
    """Answer a discovery request (`is_discovery(parts)` is true) that came to `origin`;
    `served` are the hosts (``host[:port]``) this emulator answers for."""
    if method not in ("GET", "HEAD"):
        return _error(400, "invalid_request", 900561,
                      f"The endpoint only accepts GET requests. Received a {method} request.")
    if parts[:2] == ["common", "discovery"]:
        endpoint = (query.get("authorization_endpoint") or [""])[0]
        return _instance_discovery(served, endpoint)
    if parts[:2] == ["common", "userrealm"]:
        return _user_realm(identity, parts[2])
    tenant = parts[0]
    if not identity.knows_tenant(tenant):
        return _error(400, "invalid_tenant", 90002,
                      f"Tenant '{tenant}' not found. Check to make sure you have the correct "
                      "tenant ID and are signing into the correct cloud.")
    if parts[1] == "discovery":
        return _json({"keys": []})
    return _json(openid_configuration(identity, origin, tenant))


def openid_configuration(identity: IdentityPlatform, origin: str, tenant: str) -> dict[str, object]:
    """The v2.0 provider metadata; a tenant's own endpoints name it by its id, as Entra's do."""
    segment = tenant if tenant.lower() in MULTI_TENANT_ALIASES else identity.tenant_id
    issuer_tenant = "{tenantid}" if tenant.lower() in MULTI_TENANT_ALIASES else identity.tenant_id
    base = f"{origin}{segment}"
    return {
        "token_endpoint": f"{base}/oauth2/v2.0/token",
        "token_endpoint_auth_methods_supported": ["client_secret_post", "private_key_jwt",
                                                  "client_secret_basic"],
        "jwks_uri": f"{base}/discovery/v2.0/keys",
        "response_modes_supported": ["query", "fragment", "form_post"],
        "subject_types_supported": ["pairwise"],
        "id_token_signing_alg_values_supported": ["RS256"],
        "response_types_supported": ["code", "id_token", "code id_token", "id_token token"],
        "scopes_supported": ["openid", "profile", "email", "offline_access"],
        "issuer": ISSUER.format(tenant=issuer_tenant),
        "request_uri_parameter_supported": False,
        "userinfo_endpoint": "https://graph.microsoft.com/oidc/userinfo",
        "authorization_endpoint": f"{base}/oauth2/v2.0/authorize",
        "device_authorization_endpoint": f"{base}/oauth2/v2.0/devicecode",
        "http_logout_supported": True,
        "frontchannel_logout_supported": True,
        "end_session_endpoint": f"{base}/oauth2/v2.0/logout",
        "claims_supported": ["sub", "iss", "aud", "exp", "iat", "auth_time", "acr", "nonce",
                             "preferred_username", "name", "tid", "ver", "at_hash", "c_hash",
                             "email"],
        "cloud_instance_name": "microsoftonline.com",
        "cloud_graph_host_name": "graph.windows.net",
        "msgraph_host": "graph.microsoft.com",
        "rbac_url": "https://pas.windows.net",
    }


def _instance_discovery(served: Collection[str], endpoint: str) -> Response:
    """Where the tenant discovery document of `authorization_endpoint` is; the emulator
    vouches only for authorities on the hosts it serves."""
    split = urlsplit(endpoint)
    parts = [p for p in split.path.split("/") if p]
    host = _served_host(split.netloc.lower(), served)
    if split.scheme != "https" or host is None or not parts:
        return _error(400, "invalid_instance", 50049, "Unknown or invalid instance.")
    tenant = parts[0]
    return _json({
        "tenant_discovery_endpoint":
            f"https://{host}/{tenant}/v2.0/.well-known/openid-configuration",
        "api-version": "1.1",
        "metadata": [{"preferred_network": host, "preferred_cache": host, "aliases": [host]}],
    })


def _served_host(netloc: str, served: Collection[str]) -> str | None:
    """`netloc` if served; MSAL drops the port of the authority it asks about, so a bare
    host name stands for the served ``host:port`` of that name."""
    if netloc in served:
        return netloc
    by_name = {urlsplit(f"https://{host}").hostname: host for host in served}
    return by_name.get(urlsplit(f"https://{netloc}").hostname) if ":" not in netloc else None


def _user_realm(identity: IdentityPlatform, username: str) -> Response:
    user = identity.get_user(username)
    domain = username.rpartition("@")[2]
    answer: dict[str, object] = {"ver": "1.0", "account_type": "Managed" if user else "Unknown",
                                 "domain_name": domain, "cloud_instance_name": "microsoftonline.com",
                                 "cloud_audience_urn": "urn:federation:MicrosoftOnline"}
    return _json(answer)


def _json(payload: Mapping[str, object]) -> Response:
    return 200, {"Content-Type": "application/json; charset=utf-8"}, json.dumps(payload).encode()


def _error(status: int, error: str, code: int, message: str) -> Response:
    payload = {"error": error, "error_description": f"AADSTS{code}: {message}",
               "error_codes": [code]}
    return status, {"Content-Type": "application/json; charset=utf-8"}, json.dumps(payload).encode()
