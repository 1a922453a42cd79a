"""Cassettes built from Microsoft's documented examples, and a strict player for them.

An area keeps one JSON file per documentation page in its `docs_examples/` folder
(microsoftgraph/microsoft-graph-docs-contrib, `api-reference/v1.0/api/<page>.md`): a
`source` naming the page (and the example), then either one step or a list of `steps`, each a
documented `request` (method, url, optional body), `status` and `response` (JSON, null, or
`{"text": ...}` / `{"base64": ..., "content_type": ...}` for a body that is not JSON). A
scenario is a list of steps; `build` turns it into a vcrpy cassette whose header names every
source. A request may be adapted where a test chains calls (`overrides`): a documented
placeholder id becomes the id an earlier documented response returned, and `response_adds`
adds members a documented response leaves out but Graph sends.

`DocsPlayer` plays a cassette in order and checks each request we send against the
documented one: method, decoded path, every documented query option, and the JSON body.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

import vcr
import yaml

GRAPH = "https://graph.microsoft.com/v1.0/"
REASONS = {200: "OK", 201: "Created", 202: "Accepted", 204: "No Content"}

# A step: (docs example file, step index for multi-step examples or None, request overrides).
Step = tuple[str, "int | None", dict[str, Any]]


def load_example(examples: Path, name: str, index: int | None) -> tuple[str, dict[str, Any]]:
    data = json.loads((examples / f"{name}.json").read_text(encoding="utf-8"))
    step = data if index is None else data["steps"][index]
    return data["source"], step


def _response_body(response: Any) -> tuple[str | bytes, dict[str, list[str]]]:
    if response is None:
        return "", {}
    if isinstance(response, dict) and set(response) <= {"base64", "content_type"} and "base64" in response:
        return (base64.b64decode(response["base64"]),
                {"Content-Type": [response.get("content_type", "application/octet-stream")]})
    if isinstance(response, dict) and set(response) == {"text"}:
        return str(response["text"]), {"Content-Type": ["text/plain"]}
    return json.dumps(response, indent=2), {"Content-Type": ["application/json"]}


def interaction(step: dict[str, Any], overrides: dict[str, Any]) -> dict[str, Any]:
    # `response_adds`: members the documented JSON response leaves out but Graph sends
    # (a Planner entity's @odata.etag); the builder's docstring says which and why.
    adds = overrides.get("response_adds")
    request = {**step["request"], **{k: v for k, v in overrides.items() if k != "response_adds"}}
    body = request.get("body")
    status = int(step["status"])
    response = {**step["response"], **adds} if adds else step["response"]
    response_body, headers = _response_body(response)
    headers.update({k: [v] for k, v in step.get("headers", {}).items()})
    return {
        "request": {
            "body": None if body is None else json.dumps(body),
            "headers": {},
            "method": request["method"],
            "uri": request["url"],
        },
        "response": {
            "status": {"code": status, "message": REASONS.get(status, "")},
            "headers": headers,
            "body": {"string": response_body},
        },
    }


def build(examples: Path, steps: list[Step], builder: str) -> str:
    """A cassette (YAML text) for a scenario; `builder` names the module that wrote it."""
    sources: list[str] = []
    interactions = []
    for example, index, overrides in steps:
        source, step = load_example(examples, example, index)
        if source not in sources:
            sources.append(source)
        interactions.append(interaction(step, overrides))
    header = "".join(f"# Source: {s}\n" for s in sources)
    header += f"# Built by {builder}; requests adapted as its docstring says.\n"
    return header + yaml.safe_dump({"interactions": interactions, "version": 1}, sort_keys=False,
                                   allow_unicode=True, width=100)


def write_all(scenarios: dict[str, list[Step]], examples: Path, cassettes: Path,
              builder: str) -> None:
    """Write one cassette per scenario (every area's make_cassettes calls this)."""
    cassettes.mkdir(exist_ok=True)
    for name, steps in scenarios.items():
        (cassettes / f"{name}.yaml").write_text(build(examples, steps, builder), encoding="utf-8")


class Sent:
    """The requests the code under test sent, as the cassette matcher saw them."""

    def __init__(self) -> None:
        self.requests: list[tuple[str, str, Any]] = []
        self.headers: list[dict[str, str]] = []  # of each request, in order

    def record(self, method: str, uri: str, body: Any, headers: Any = None) -> None:
        entry = (method, uri, body)
        if entry not in self.requests:
            self.requests.append(entry)
            self.headers.append({str(k).lower(): str(v) for k, v in dict(headers or {}).items()})

    @property
    def bodies(self) -> list[Any]:
        return [body for _, _, body in self.requests]


def decoded_body(raw: bytes | str | None) -> Any:
    if raw in (None, b"", ""):
        return None
    try:
        return json.loads(raw.decode() if isinstance(raw, bytes) else raw)
    except ValueError:  # UnicodeDecodeError too: bytes we uploaded (a photo)
        return raw


def _same_target(sent: Any) -> tuple[str, str, list[tuple[str, str]]]:
    parts = urlsplit(sent.uri)
    return sent.method, unquote(parts.path), sorted(parse_qsl(parts.query))


def documented_request(sent_log: Sent) -> Any:
    """A vcr matcher: method, decoded path and query, and (when recorded) the JSON body.

    The query must contain every recorded option; the body must equal the recorded one.
    """

    def matcher(sent: Any, recorded: Any) -> None:
        body = decoded_body(sent.body)
        sent_log.record(sent.method, sent.uri, body, sent.headers)
        method, path, query = _same_target(sent)
        r_method, r_path, r_query = _same_target(recorded)
        assert method == r_method, f"{method} != {r_method}"
        assert path == r_path, f"{path} != {r_path}"
        missing = [item for item in r_query if item not in query]
        assert not missing, f"query lacks {missing} (sent {query})"
        recorded_body = decoded_body(recorded.body)
        if recorded_body is not None:
            assert body == recorded_body, f"body {body} != documented {recorded_body}"

    return matcher


class DocsPlayer:
    """`with player("name") as played:` plays `<cassettes>/name.yaml` in order, once each."""

    def __init__(self, cassettes: Path, sent: Sent) -> None:
        self.cassettes = cassettes
        self.sent = sent

    @contextmanager
    def __call__(self, name: str) -> Iterator[Any]:
        recorder = vcr.VCR(cassette_library_dir=str(self.cassettes), record_mode="none")
        recorder.register_matcher("documented", documented_request(self.sent))
        with recorder.use_cassette(f"{name}.yaml", match_on=["documented"],
                                   allow_playback_repeats=False) as played:
            yield played
