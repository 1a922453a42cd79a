"""JSON batching (`POST /v1.0/$batch`), GRAPH_FACTS §3.

At most 20 requests with unique ids; `dependsOn` orders them and a failed dependency turns
its dependants into 424. The batch answers 200 whenever it parses; each response carries its
own status. Responses come back in an order unrelated to the request order, as Graph allows,
so clients must match them by id.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import uuid
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, urlsplit

from .errors import GraphError
from .render import dumps
from .router import decode_path

if TYPE_CHECKING:
    from .graph import GraphApp, GraphRequest, Response

__all__ = ["MAX_REQUESTS", "run_batch"]

MAX_REQUESTS = 20
_METHODS = {"GET", "POST", "PATCH", "PUT", "DELETE"}


def _bad(message: str) -> GraphError:
    return GraphError(400, "BadRequest", message)


def _validated(body: Any) -> list[dict[str, Any]]:
    if not isinstance(body, dict) or not isinstance(body.get("requests"), list):
        raise _bad("Invalid batch payload format: expected {\"requests\": [...]}.")
    requests: list[dict[str, Any]] = body["requests"]
    if not requests:
        raise _bad("The batch has no requests.")
    if len(requests) > MAX_REQUESTS:
        raise _bad(f"The number of batch requests ({len(requests)}) exceeds the maximum "
                   f"of {MAX_REQUESTS}.")
    seen: set[str] = set()
    for item in requests:
        if not isinstance(item, dict):
            raise _bad("Each batch request must be a JSON object.")
        for name in ("id", "method", "url"):
            if not isinstance(item.get(name), str) or not item[name]:
                raise _bad(f"Each batch request needs a string '{name}'.")
        if item["method"].upper() not in _METHODS:
            raise _bad(f"Unsupported method '{item['method']}' in batch request.")
        if "://" in item["url"]:
            raise _bad("Batch request URLs must be relative, such as '/users'.")
        key = item["id"].casefold()
        if key in seen:
            raise _bad(f"Request id '{item['id']}' is used more than once in the batch.")
        seen.add(key)
        if "body" in item and not isinstance(item.get("headers"), dict):
            raise _bad("A batch request with a body needs a 'headers' object with Content-Type.")
    for item in requests:
        for dependency in item.get("dependsOn") or []:
            if not isinstance(dependency, str) or dependency.casefold() not in seen:
                raise _bad(f"Request '{item['id']}' depends on unknown id '{dependency}'.")
    return requests


def _order(requests: list[dict[str, Any]]) -> list[dict[str, Any]]:
    by_id = {r["id"].casefold(): r for r in requests}
    done: list[dict[str, Any]] = []
    state: dict[str, int] = {}

    def visit(key: str) -> None:
        if state.get(key) == 2:
            return
        if state.get(key) == 1:
            raise _bad("The batch's dependsOn references form a cycle.")
        state[key] = 1
        for dependency in by_id[key].get("dependsOn") or []:
            visit(dependency.casefold())
        state[key] = 2
        done.append(by_id[key])

    for request in requests:
        visit(request["id"].casefold())
    return done


def _sub_request(outer: GraphRequest, item: dict[str, Any]) -> GraphRequest:
    from .graph import GraphRequest

    split = urlsplit(item["url"])
    path = decode_path(split.path).lstrip("/")
    path = path.removeprefix("v1.0/")
    headers = {k.lower(): str(v) for k, v in (item.get("headers") or {}).items()}
    if "authorization" in outer.headers:
        headers["authorization"] = outer.headers["authorization"]
    raw = item.get("body")
    body = b""
    if isinstance(raw, (dict, list)):
        body = json.dumps(raw).encode()
    elif isinstance(raw, str):
        if "json" in headers.get("content-type", ""):
            body = raw.encode()
        else:
            try:
                body = base64.b64decode(raw, validate=True)
            except (binascii.Error, ValueError):
                raise _bad(f"The body of request '{item['id']}' is not valid base64.") from None
    return GraphRequest(item["method"].upper(), path, parse_qs(split.query,
                                                                   keep_blank_values=True),
                        headers, body, str(uuid.uuid4()), original_path=path)


def _as_json(status: int, headers: dict[str, str], body: bytes, request_id: str) -> dict[str, Any]:
    out: dict[str, Any] = {"id": request_id, "status": status, "headers": headers}
    if body:
        if "json" in headers.get("Content-Type", ""):
            out["body"] = json.loads(body)
        else:
            out["body"] = base64.b64encode(body).decode()
    return out


def run_batch(app: GraphApp, request: GraphRequest) -> Response:
    requests = _order(_validated(request.json_body()))
    statuses: dict[str, int] = {}
    responses = []
    for item in requests:
        failed = [d for d in item.get("dependsOn") or [] if statuses.get(d.casefold(), 0) >= 400]
        if failed:
            status = 424
            body = dumps({"error": {"code": "FailedDependency",
                                    "message": f"Dependency '{failed[0]}' failed."}})
            headers = {"Content-Type": "application/json"}
        else:
            status, headers, body = app.handle(_sub_request(request, item))
        statuses[item["id"].casefold()] = status
        responses.append(_as_json(status, headers, body, item["id"]))
    # Graph does not keep request order; neither do we (deterministically).
    responses.sort(key=lambda r: hashlib.sha1(r["id"].encode()).hexdigest())
    return 200, {"Content-Type": "application/json"}, dumps({"responses": responses})
