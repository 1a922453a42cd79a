"""Build tests/subscriptions/cassettes/*.yaml from Microsoft's documented examples.

Run `python -m tests.subscriptions.make_cassettes` after editing a scenario; the cassettes are
committed. Each response body is copied from `tests/subscriptions/docs_examples/<page>.json`,
which holds the example of one page of microsoftgraph/microsoft-graph-docs-contrib (its
`source` names the page and commit). Requests are the documented ones, adapted only where a
test chains calls: `{id}` becomes the id the documented responses carry. The bodies of create
and renew are not recorded (their expirationDateTime is computed from the clock, and the
documented ones lie in 2016): the tests compare what was sent with the documented request.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml

from tests.mail.make_cassettes import interaction

HERE = Path(__file__).parent
EXAMPLES = HERE / "docs_examples"
CASSETTES = HERE / "cassettes"
GRAPH = "https://graph.microsoft.com/v1.0/"
SUBSCRIPTION = GRAPH + "subscriptions/7f105c7d-2dc5-4530-97cd-4e7ae6534c07"

Step = tuple[str, dict[str, Any]]
SCENARIOS: dict[str, list[Step]] = {
    "create": [("subscription-post-subscriptions", {"body": None})],
    "get": [("subscription-get", {"url": SUBSCRIPTION})],
    "list": [("subscription-list", {})],
    "get_and_renew": [("subscription-get", {"url": SUBSCRIPTION}),
                      ("subscription-update", {"url": SUBSCRIPTION, "body": None})],
    "renew_by_id": [("subscription-update", {"url": SUBSCRIPTION, "body": None})],
    "get_and_reauthorize": [("subscription-get", {"url": SUBSCRIPTION}),
                            ("subscription-reauthorize", {"url": SUBSCRIPTION + "/reauthorize"})],
    "delete": [("subscription-delete", {})],
}


def documented(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((EXAMPLES / f"{name}.json").read_text(encoding="utf-8"))
    return data


def build(steps: list[Step]) -> str:
    sources: list[str] = []
    interactions = []
    for example, overrides in steps:
        step = documented(example)
        if step["source"] not in sources:
            sources.append(step["source"])
        interactions.append(interaction(step, overrides))
    header = "".join(f"# Source: {s}\n" for s in sources)
    header += "# Built by tests/subscriptions/make_cassettes.py; requests adapted as its docstring says.\n"
    return header + yaml.safe_dump({"interactions": interactions, "version": 1}, sort_keys=False,
                                   allow_unicode=True, width=100)


def main() -> None:
    CASSETTES.mkdir(exist_ok=True)
    for name, steps in SCENARIOS.items():
        (CASSETTES / f"{name}.yaml").write_text(build(steps), encoding="utf-8")


if __name__ == "__main__":
    main()
