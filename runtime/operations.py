"""Long-running operations: a 202 Accepted whose `Location` says where to poll.

Graph has two kinds (the spec's `monitor:` picks one):

* `monitor: true`: a pre-authenticated monitor URL (driveItem copy, G:
  concepts/long-running-actions-overview.md), polled without the Authorization header;
  `status` ends in `completed` or `failed`, `resourceId` names what was made.
* `monitor: operation`: the path of an operation entity on Graph itself (a
  teamsAsyncOperation: `Location: /teams('<id>')/operations('<id>')`, G: team-post.md,
  team-archive.md, resources/teamsasyncoperation.md), relative to the service root and
  polled with the token like any Graph call; `status` ends in `succeeded` or `failed`,
  `targetResourceId` names the team made or changed.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from .errors import OperationFailedError

if TYPE_CHECKING:
    from .connection import Connection
    from .resource import Resource

R = TypeVar("R", bound="Resource")



@dataclass(frozen=True)
class MonitorStyle:
    """How one kind of long-running operation reports itself."""

    authorize: bool  # the monitor is a Graph resource (send the token), not a pre-authenticated URL
    done: str  # the status that means it finished well (`failed` means it did not)
    target: str  # the member naming the item made or changed

    @property
    def finished(self) -> frozenset[str]:
        return frozenset({self.done, "failed"})


# Keyed by the spec's `monitor:` value (True: the drive style).
STYLES: dict[object, MonitorStyle] = {
    True: MonitorStyle(authorize=False, done="completed", target="resourceId"),
    "operation": MonitorStyle(authorize=True, done="succeeded", target="targetResourceId"),
}


class AsyncOperation(Generic[R]):
    """Poll a monitor URL until the operation completes, then fetch what it made."""

    def __init__(self, con: Connection, monitor_url: str, item_class: type[R],
                 context: Mapping[str, str], *, sleep: Callable[[float], None] = time.sleep,
                 style: MonitorStyle = STYLES[True]) -> None:
        self._con = con
        self.monitor_url = monitor_url
        self._item_class = item_class
        self._context = dict(context)
        self._sleep = sleep
        self._style = style
        self.last_status: dict[str, Any] = {}

    def status(self) -> dict[str, Any]:
        """One poll: `status` (notStarted, inProgress, completed or succeeded, failed...),
        with the percentage done or the attempts made, and what the operation made."""
        from .body import json_object

        response = self._con.request("GET", self.monitor_url, authorize=self._style.authorize)
        self.last_status = json_object(response)
        return self.last_status

    @property
    def done(self) -> bool:
        return self.last_status.get("status") in self._style.finished

    @property
    def succeeded(self) -> bool:
        """The last poll said the operation finished well."""
        return self.last_status.get("status") == self._style.done

    @property
    def resource_id(self) -> str | None:
        value = self.last_status.get(self._style.target)
        return str(value) if value else None

    def wait(self, timeout: float = 60.0, interval: float = 0.5) -> dict[str, Any]:
        """Poll until completed or failed; TimeoutError after `timeout` seconds."""
        deadline = time.monotonic() + timeout
        while True:
            status = self.status()
            if status.get("status") == "failed":
                error = status.get("error") or {}
                raise OperationFailedError(f"operation failed: {error.get('code', 'unknown')} "
                                           f"{error.get('message', '')}".strip())
            if status.get("status") == self._style.done:
                return status
            if time.monotonic() >= deadline:
                raise TimeoutError(f"operation still {status.get('status')!r} after {timeout} s")
            self._sleep(interval)

    def result(self, timeout: float = 60.0) -> R:
        """Wait for completion and load the created item."""
        from .paths import expand

        self.wait(timeout)
        if not self.resource_id:
            raise OperationFailedError("the operation completed without a resourceId")
        template = self._item_class.PATH
        if template is None:
            raise TypeError(f"{self._item_class.__name__} has no path to load the result from")
        values = {**self._context, "id": self.resource_id}
        path = expand(template, values)
        from .body import json_object

        data = json_object(self._con.request("GET", path))
        return self._item_class._factory(self._con, self._context)(data)

    # python-o365's CopyOperation names.
    def check_status(self, delay: float = 0) -> Iterator[tuple[str, float]]:
        """Poll until the operation ends, yielding (status, percentage complete) after each poll:
        `for status, progress in operation.check_status(): ...`. A failed operation raises
        OperationFailedError."""
        while True:
            status = self.status()
            state = str(status.get("status") or "inProgress")
            done = 100.0 if state == self._style.done else 0.0
            yield state, float(status.get("percentageComplete") or done)
            if state == self._style.done:
                return
            if state == "failed":
                error = status.get("error") or {}
                raise OperationFailedError(f"operation failed: {error.get('code', 'unknown')}")
            if delay:
                self._sleep(delay)

    @property
    def completion_percentage(self) -> float:
        """The percentage complete at the last poll."""
        return float(self.last_status.get("percentageComplete") or 0.0)

    @property
    def item_id(self) -> str | None:
        """The id of what the operation made, once known (python-o365's name)."""
        return self.resource_id

    get_item = result

    def __repr__(self) -> str:
        return f"AsyncOperation(status={self.last_status.get('status', 'unknown')!r})"
