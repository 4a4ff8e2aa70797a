"""sinch_bundle and sinch_bundles through the real terraform binary against the emulator."""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest

from tests.acceptance.conftest import PROJECT
from tests.harness import Emulator, Workspace, changes

pytestmark = pytest.mark.acceptance

ADDRESS = "sinch_bundle.team"


def bundle_config(name: str = "Team A", sms_name: str = "Team A SMS", hooks: bool = True, timeouts: bool = True) -> str:
    webhooks = (
        """
          webhooks = [{
            target   = "https://hooks.example.com/bundles"
            secret   = "provisioning-secret"
            triggers = ["BUNDLE_DONE", "WHATSAPP_TEMPLATE_APPROVED"]
          }]"""
        if hooks
        else ""
    )
    return f"""
        resource "sinch_bundle" "team" {{
          name       = "{name}"
          region     = "EU"
          subproject = {{ labels = {{ team = "a" }} }}
          sms_app    = {{ name = "{sms_name}" }}
          conv_app = {{
            processing_mode      = "CONVERSATION"
            retention_policy     = {{ ttl = 30 }}
            consent_manager_mode = "PRIMARY"
            webhooks = [{{
              target   = "https://conv.example.com/events"
              secret   = "conversation-secret"
              triggers = ["MESSAGE_DELIVERY", "MESSAGE_INBOUND"]
            }}]
          }}{webhooks}
          {'timeouts { create = "1m" }' if timeouts else ""}
        }}
        output "subproject_id" {{ value = sinch_bundle.team.subproject_id }}
    """


def test_bundle_lifecycle(workspace: Callable[..., Workspace], emulator: Emulator) -> None:
    emulator.settings(bundleCompletionSeconds=1)
    ws = workspace()
    ws.write(bundle_config())
    ws.init()

    # apply waits for DONE; every ID of what the bundle created is in state
    emulator.clear_requests()
    started = time.monotonic()
    applied = ws.apply()
    took = time.monotonic() - started
    assert "provisioning-secret" not in applied.stdout and "conversation-secret" not in applied.stdout
    calls = [(r["method"], r["path"]) for r in emulator.api_requests()]
    print(f"create: {len(calls)} API calls {calls} in {took:.1f} s")
    assert calls[0] == ("POST", f"/v1/projects/{PROJECT}/bundles")
    assert all(method == "GET" for method, _ in calls[1:]) and len(calls) <= 5
    values = ws.state()[ADDRESS]["values"]
    assert values["state"] == "DONE"
    assert values["subproject_status"] == "READY" and values["sms_app_status"] == "ACTIVE"
    assert values["resources_project_id"] == values["subproject_id"] == ws.outputs()["subproject_id"]
    assert values["sms_app_id"] and values["sms_service_id"] and values["conversation_app_id"]
    assert values["conv_app"]["retention_policy"] == {"type": "MESSAGE_EXPIRE_POLICY", "ttl": 30}
    assert values["conv_app"]["webhooks"][0]["id"]
    [hook] = values["webhooks"]
    stored = emulator.webhooks(values["subproject_id"])
    assert [(h["id"], h["secret"]) for h in stored] == [(hook["id"], "provisioning-secret")]

    # an immediate plan is empty; a refresh costs one GET
    emulator.clear_requests()
    code, _, output = ws.plan()
    assert code == 0, output
    print(f"refresh: {len(emulator.api_requests())} API calls")
    assert len(emulator.api_requests()) == 1

    # the created webhooks, through data.sinch_webhooks; the bundle through data.sinch_bundles
    ws.write(
        """
        data "sinch_webhooks" "created" { project_id = sinch_bundle.team.resources_project_id }
        data "sinch_bundles" "done" { states = ["DONE"] }
        data "sinch_bundles" "by_app" { sms_app_ids = [sinch_bundle.team.sms_app_id] }
        data "sinch_bundles" "failed" { states = ["FAILED"] }
        output "hooks" { value = data.sinch_webhooks.created.webhooks }
        output "done" { value = [for b in data.sinch_bundles.done.bundles : b.id] }
        output "by_app" { value = [for b in data.sinch_bundles.by_app.bundles : b.conversation_app_id] }
        output "failed" { value = data.sinch_bundles.failed.bundles }
        """,
        name="data.tf",
    )
    ws.apply()
    out = ws.outputs()
    assert [h["id"] for h in out["hooks"]] == [hook["id"]]
    assert out["done"] == [values["id"]]
    assert out["by_app"] == [values["conversation_app_id"]]
    assert out["failed"] == []
    (ws.path / "data.tf").unlink()

    # import by <project_id>/<bundle_id> into a fresh workspace: an empty plan (a configuration without
    # provisioning webhooks: their secrets are never returned by the API; nor `timeouts`, a Terraform-side setting
    # that import leaves at its default)
    other = workspace("imported")
    emulator.settings(bundleCompletionSeconds=1)
    other.write(bundle_config(name="Team B", sms_name="Team B SMS", hooks=False, timeouts=False))
    other.apply()
    bundle_b = other.state()[ADDRESS]["values"]["id"]
    other.run("state", "rm", ADDRESS)
    other.run("import", "-no-color", ADDRESS, f"{PROJECT}/{bundle_b}")
    code, _, output = other.plan()
    assert code == 0, output

    # with provisioning webhooks, whose secrets the API never returns: after an import the plan adopts them from
    # the configuration, in place (not a replacement), and applying that sends nothing
    ws.run("state", "rm", ADDRESS)
    ws.run("import", "-no-color", ADDRESS, f"{PROJECT}/{values['id']}")
    code, plan, output = ws.plan()
    assert code == 2 and changes(plan)[ADDRESS] == ["update"], output
    assert "forces replacement" not in output and "provisioning-secret" not in output
    emulator.clear_requests()
    ws.apply()
    assert {r["method"] for r in emulator.api_requests()} == {"GET"}
    assert ws.plan()[0] == 0

    # a changed argument replaces the bundle
    ws.write(bundle_config(sms_name="Team A SMS v2"))
    code, plan, output = ws.plan()
    assert code == 2, output
    assert sorted(changes(plan)[ADDRESS]) == ["create", "delete"], output
    assert "forces replacement" in output

    # destroy removes it from state only, and says what stays in Sinch
    emulator.clear_requests()
    result = ws.destroy()
    assert "was removed from the Terraform state only" in result.stdout
    assert values["sms_app_id"] in result.stdout and hook["id"] in result.stdout
    assert {r["method"] for r in emulator.api_requests()} == {"GET"}  # the refresh before destroy; no DELETE exists
    assert emulator.webhooks(values["subproject_id"])  # still in Sinch


def test_failed_bundle_fails_the_apply_and_stays_in_state(
    workspace: Callable[..., Workspace], emulator: Emulator
) -> None:
    emulator.settings(bundleCompletionSeconds=1)
    emulator.admin("POST", "/bundles/rules", json={"when": {"name": "Team A"}, "service": "smsApp",
                                                    "status": "PROVISIONING_ADD_FAILED"})  # fmt: skip
    ws = workspace()
    ws.write(bundle_config(hooks=False))
    result = ws.apply(check=False)
    assert result.returncode == 1
    assert "the bundle FAILED" in result.stderr
    assert "smsApp.status is PROVISIONING_ADD_FAILED" in result.stderr
    state = ws.state()[ADDRESS]
    assert state["values"]["state"] == "FAILED" and state["values"]["id"]
    assert state.get("tainted") is True


def test_bad_input_fails_at_validate_without_a_request(workspace: Callable[..., Workspace], emulator: Emulator) -> None:
    ws = workspace()
    ws.write(
        """
        resource "sinch_bundle" "bad" {
          region   = "EU"
          sms_app  = {}
          conv_app = {
            name             = "c"
            retention_policy = { ttl = 30 }
            webhooks = [{ target = "https://conversation-api.eu.sinch.com/x", triggers = ["MESSAGE_DELIVERY"] }]
          }
          webhooks = [
            { target = "https://a.example.com/x", secret = "s", triggers = ["BUNDLE_DONE"] },
            { target = "https://a.example.com/x", secret = "s", triggers = ["NOPE"] },
          ]
        }
        """
    )
    ws.init()
    emulator.clear_requests()
    result = ws.validate()
    assert result.returncode == 1
    output = result.stderr
    for expected in (
        "sms_app.name is required when the bundle has no name",
        "conv_app.retention_policy.ttl in DISPATCH mode must be 0 to 7 days, got 30",
        "conv_app.webhooks[0].target must not be a conversation-api.*.sinch.com address",
        "webhooks[1].target repeats",
        "NOPE",
    ):
        assert expected in " ".join(output.split()), output
    assert emulator.requests() == []


def test_create_times_out_and_keeps_the_bundle(workspace: Callable[..., Workspace], emulator: Emulator) -> None:
    emulator.admin("POST", "/bundles/rules", json={"when": {}, "hold": True})  # never ends on its own
    ws = workspace()
    ws.write(bundle_config(hooks=False).replace('create = "1m"', 'create = "2s"'))
    result = ws.apply(check=False)
    assert result.returncode == 1
    assert "Timed out after 2s waiting for sinch_bundle" in " ".join(result.stderr.split())
    values = ws.state()[ADDRESS]["values"]
    assert values["state"] == "IN_PROGRESS" and values["sms_app_status"] == "PENDING_ADD"


def test_webhook_secrets_absent_from_trace_logs(workspace: Callable[..., Workspace], emulator: Emulator) -> None:
    emulator.settings(bundleCompletionSeconds=0.5)
    ws = workspace(TF_LOG="TRACE")
    ws.write(bundle_config())
    applied = ws.apply()
    planned = ws.plan()
    trace = "\n".join([applied.stdout, applied.stderr, planned[2]])
    assert "request body" in trace and "REDACTED" in trace and "tf_type=sinch_bundle" in trace
    for secret in ("provisioning-secret", "conversation-secret"):
        assert secret not in trace


def test_ctrl_c_during_the_wait_keeps_the_bundle_and_the_next_apply_waits_on(
    workspace: Callable[..., Workspace], emulator: Emulator
) -> None:
    """A stop ends the wait for DONE early: the bundle is in state, not tainted, and the next apply waits on (no
    replacement, no second bundle)."""
    import os
    import signal

    from tests.acceptance.test_interrupts import wait_until

    def bundles() -> list[dict[str, object]]:
        found: list[dict[str, object]] = emulator.admin("GET", f"/projects/{PROJECT}/bundles")["bundles"]
        return found

    emulator.settings(bundleCompletionSeconds=3600)  # on the emulator clock: only the test moves it
    ws = workspace()
    ws.write(bundle_config(hooks=False))
    apply = ws.start("apply", "-auto-approve", "-input=false", "-no-color")
    wait_until(lambda: len(bundles()) == 1, what="the bundle")
    polls = len(emulator.api_requests())
    wait_until(lambda: len(emulator.api_requests()) > polls, what="a poll of the wait")
    os.killpg(apply.pid, signal.SIGINT)
    output, _ = apply.communicate(timeout=60)
    assert "Stopped waiting for sinch_bundle" in output, output
    [bundle] = bundles()
    state = ws.state()[ADDRESS]
    assert state["values"]["id"] == bundle["id"] and state["values"]["state"] == "IN_PROGRESS"
    assert not state.get("tainted"), "a stopped wait is not a failed create"

    _, plan, _ = ws.plan()
    assert changes(plan) == {ADDRESS: ["update"]}, "the next apply must wait on"
    apply = ws.start("apply", "-auto-approve", "-input=false", "-no-color")
    mark = len(emulator.api_requests())
    wait_until(lambda: len(emulator.api_requests()) > mark + 1, what="the apply to poll")
    emulator.advance(3600)
    output, _ = apply.communicate(timeout=120)
    assert apply.returncode == 0, output
    assert ws.state()[ADDRESS]["values"]["state"] == "DONE"
    assert [b["id"] for b in bundles()] == [bundle["id"]]
    assert ws.plan()[0] == 0
