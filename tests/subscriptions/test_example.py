"""examples/notification_receiver.py, the documented http.server receiver, runs end to end."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "notification_receiver.py"


def test_the_example_receiver_gets_the_notification(capsys: pytest.CaptureFixture[str]) -> None:
    spec = importlib.util.spec_from_file_location("notification_receiver", EXAMPLE)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.main() == 0
    out = capsys.readouterr().out
    assert "subscribed until" in out and "the new message is 'Lunch on Friday?'" in out
