"""A single apply/destroy case through pytest-terraform (init, plan, apply; destroy at teardown)."""

from __future__ import annotations

import pytest
from pytest_terraform import terraform

from tests.acceptance.conftest import PROJECT
from tests.harness import Emulator

pytestmark = pytest.mark.acceptance


@terraform("webhook_module", scope="function")
def test_module_applies(webhook_module: object, emulator: Emulator) -> None:
    fixture = webhook_module
    alerts = fixture["sinch_webhook.alerts"]  # type: ignore[index]
    assert alerts["target"] == "https://alerts.example.com/sinch/senders"
    assert sorted(alerts["triggers"]) == ["WHATSAPP_SENDER_ERROR", "WHATSAPP_SENDER_INACTIVE"]
    assert alerts["project_id"] == PROJECT
    stored = {w["target"]: w for w in emulator.webhooks(PROJECT)}
    assert set(stored) == {"https://alerts.example.com/sinch/bundles", "https://alerts.example.com/sinch/senders"}
    assert stored["https://alerts.example.com/sinch/senders"]["id"] == alerts["id"]
    assert stored["https://alerts.example.com/sinch/senders"]["secret"] == "module-secret-0123456789"
    assert fixture.outputs["targets"]["value"] == sorted(stored)  # type: ignore[attr-defined]
