"""Secrets (the key secret, webhook secrets, bearer tokens) never reach logs or plan output."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.harness import KEY_SECRET, Emulator, Workspace

pytestmark = pytest.mark.acceptance

WEBHOOK_SECRET = "webhook-secret-must-stay-hidden-8c1f"


def test_secrets_absent_from_trace_logs_and_plans(workspace: Callable[..., Workspace], emulator: Emulator) -> None:
    ws = workspace(TF_LOG="TRACE")
    ws.write(
        f"""
        resource "sinch_webhook" "hidden" {{
          target   = "https://hooks.example.com/hidden"
          secret   = "{WEBHOOK_SECRET}"
          triggers = ["ALL"]
        }}
        """
    )
    applied = ws.apply()
    updated = ws.write(
        f"""
        resource "sinch_webhook" "hidden" {{
          target   = "https://hooks.example.com/hidden"
          secret   = "{WEBHOOK_SECRET}-rotated"
          triggers = ["ALL"]
        }}
        """
    ).plan()
    applied_again = ws.apply()
    failed = workspace("failing", TF_LOG="TRACE", SINCH_KEY_SECRET=KEY_SECRET + "-wrong").write(
        'resource "sinch_webhook" "x" {\n  target = "https://h.example.com/x"\n'
        f'  secret = "{WEBHOOK_SECRET}"\n  triggers = ["ALL"]\n}}\n'
    )
    refused = failed.run("plan", "-input=false", "-no-color", check=False)
    assert refused.returncode == 1

    outputs = (applied, applied_again, refused)
    trace = "\n".join([updated[2], *(o.stdout for o in outputs), *(o.stderr for o in outputs)])
    assert "sinch.client" in trace, (
        "the provider's own logs must be in the TRACE output (else this test proves nothing)"
    )
    assert "(sensitive value)" in trace
    for secret in (KEY_SECRET, WEBHOOK_SECRET, f"{WEBHOOK_SECRET}-rotated"):
        assert secret not in trace
    assert "Bearer " not in trace
    assert [w["secret"] for w in emulator.webhooks("acc-project-0001")] == [f"{WEBHOOK_SECRET}-rotated"]


def test_sender_secrets_absent_from_trace_logs(workspace: Callable[..., Workspace], emulator: Emulator) -> None:
    emulator.settings(senderActivationSeconds=0.5)
    ws = workspace(TF_LOG="TRACE")
    ws.write(
        """
        resource "sinch_whatsapp_sender" "s" {
          waba_id             = "102290129340398"
          phone_number_id     = "105954558954427"
          authentication_code = "single-use-auth-code-5b2e"
        }
        """
    )
    applied = ws.apply()
    planned = ws.plan()
    bearer_token = ws.state()["sinch_whatsapp_sender.s"]["values"]["bearer_token"]
    assert bearer_token
    trace = "\n".join([applied.stdout, applied.stderr, planned[2]])
    assert "sinch.client" in trace
    # TRACE shows the bodies, secrets redacted, each line tagged with its RPC and resource type
    assert "request body" in trace and "answer body" in trace and "REDACTED" in trace
    assert "tf_rpc=ApplyResourceChange" in trace and "tf_type=sinch_whatsapp_sender" in trace
    for secret in ("single-use-auth-code-5b2e", bearer_token, KEY_SECRET):
        assert secret not in trace


def test_debug_logs_show_no_bodies(workspace: Callable[..., Workspace], emulator: Emulator) -> None:
    ws = workspace(TF_LOG_PROVIDER="DEBUG")
    ws.write(
        """
        resource "sinch_webhook" "w" {
          target   = "https://hooks.example.com/debug"
          secret   = "s3cret"
          triggers = ["ALL"]
        }
        """
    )
    applied = ws.apply()
    logged = applied.stdout + applied.stderr
    assert "sinch.client" in logged and "POST /v1/projects/acc-project-0001/webhooks -> 201" in logged
    assert "request body" not in logged
