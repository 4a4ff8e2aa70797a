"""A provisioning webhook applied through terraform receives the emulator's signed callbacks: a local receiver
(http.server on loopback) gets the event an admin control caused, and its signature verifies with the webhook's
secret from the configuration (and not with another)."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.acceptance.conftest import PROJECT
from tests.harness import Emulator, Workspace
from tests.webhook_receiver import receiver

README = Path(__file__).resolve().parents[2] / "README.md"


def readme_verify() -> Callable[[str, bytes, dict[str, str]], bool]:
    """The receiver's check exactly as the README shows it (its Python block under "Receiving provisioning
    webhooks")."""
    section = README.read_text().split("## Receiving provisioning webhooks", 1)[1]
    code = section.split("```python\n", 1)[1].split("```", 1)[0]
    scope: dict[str, Any] = {}
    exec(code, scope)
    verify: Callable[[str, bytes, dict[str, str]], bool] = scope["verify"]
    return verify


pytestmark = pytest.mark.acceptance

SECRET = "a-high-entropy-secret-0f3c9e"
TEMPLATE = {
    "name": "acc_callback",
    "language": "EN_US",
    "category": "UTILITY",
    "details": {"components": [{"type": "BODY", "text": "Your callback code is {{1}}.", "examples": ["42"]}]},
}


def test_a_terraform_webhook_receives_a_signed_template_approval(
    workspace: Callable[..., Workspace], emulator: Emulator
) -> None:
    emulator.settings(templateReviewSeconds=30 * 24 * 3600)
    emulator.seed_account(PROJECT)
    with receiver() as hooks:
        ws = workspace()
        ws.write(
            f"""
            resource "sinch_webhook" "approvals" {{
              target   = "{hooks.url}/sinch/provisioning"
              secret   = "{SECRET}"
              triggers = ["WHATSAPP_TEMPLATE_APPROVED"]
            }}
            """
        )
        ws.apply()
        created = emulator.api("POST", f"/v1/projects/{PROJECT}/whatsapp/templates", json=TEMPLATE)
        assert created.status_code == 201, created.text
        assert hooks.received == []  # a submission is not an approval

        emulator.review_template(PROJECT, "acc_callback", "EN_US", "approve")
        [callback] = hooks.wait_for(1)

    assert callback.path == "/sinch/provisioning"
    assert callback.json["type"] == "WHATSAPP_TEMPLATE_APPROVED"
    assert callback.json["payload"] == emulator.template(PROJECT, "acc_callback", "EN_US")
    assert callback.headers["x-sinch-webhook-signature-algorithm"] == "HmacSHA256"
    verify = readme_verify()
    assert verify(SECRET, callback.body, callback.headers)
    assert not verify(SECRET + "x", callback.body, callback.headers)
    assert not verify(SECRET, callback.body.replace(b"APPROVED", b"REJECTED"), callback.headers)

    webhook_id = ws.state()["sinch_webhook.approvals"]["values"]["id"]
    for _ in range(100):  # the log is written once the receiver's answer is read
        [delivery] = emulator.admin("GET", "/webhooks/deliveries")["deliveries"]
        if delivery["status"] != "PENDING":
            break
        time.sleep(0.05)
    assert (delivery["webhookId"], delivery["trigger"], delivery["httpStatusCode"]) == (
        webhook_id,
        "WHATSAPP_TEMPLATE_APPROVED",
        200,
    )
    ws.destroy()
