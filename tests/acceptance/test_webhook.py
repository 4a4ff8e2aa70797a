"""sinch_webhook through the real terraform binary against the emulator, step by step like resource.Test."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.acceptance.conftest import PROJECT
from tests.harness import Emulator, Workspace, changed_attributes, changes

pytestmark = pytest.mark.acceptance

ADDRESS = "sinch_webhook.orders"


def webhook_config(target: str, secret: str, triggers: list[str], extra: str = "") -> str:
    quoted = ", ".join(f'"{t}"' for t in triggers)
    return f"""
        resource "sinch_webhook" "orders" {{
          target   = "{target}"
          secret   = "{secret}"
          triggers = [{quoted}]
          {extra}
        }}
        output "webhook_id" {{ value = sinch_webhook.orders.id }}
    """


def test_webhook_lifecycle(workspace: Callable[..., Workspace], emulator: Emulator) -> None:
    ws = workspace()
    ws.write(webhook_config("https://hooks.example.com/sinch", "first-secret", ["WHATSAPP_TEMPLATE_APPROVED", "ALL"]))

    # apply: the webhook exists in the API with what the configuration says
    ws.apply()
    webhook_id = ws.outputs()["webhook_id"]
    [stored] = emulator.webhooks(PROJECT)
    assert stored["id"] == webhook_id
    assert stored["target"] == "https://hooks.example.com/sinch"
    assert stored["secret"] == "first-secret"
    assert sorted(stored["triggers"]) == ["ALL", "WHATSAPP_TEMPLATE_APPROVED"]
    attrs = ws.state()[ADDRESS]["values"]
    assert attrs["project_id"] == PROJECT
    assert attrs["id"] == webhook_id

    # an immediate plan is empty
    code, _, _ = ws.plan()
    assert code == 0

    # triggers change in place
    ws.write(webhook_config("https://hooks.example.com/sinch", "first-secret", ["BUNDLE_DONE"]))
    code, plan, _ = ws.plan()
    assert code == 2
    assert changes(plan) == {ADDRESS: ["update"]}
    ws.apply()
    [stored] = emulator.webhooks(PROJECT)
    assert (stored["id"], stored["triggers"]) == (webhook_id, ["BUNDLE_DONE"])
    assert ws.plan()[0] == 0

    # target and secret change in place, same id
    ws.write(webhook_config("https://hooks2.example.com/sinch/v2", "second-secret", ["BUNDLE_DONE"]))
    code, plan, _ = ws.plan()
    assert changes(plan) == {ADDRESS: ["update"]}
    assert changed_attributes(plan, ADDRESS) == {"target", "secret"}
    ws.apply()
    [stored] = emulator.webhooks(PROJECT)
    assert stored["id"] == webhook_id
    assert stored["target"] == "https://hooks2.example.com/sinch/v2"
    assert stored["secret"] == "second-secret"
    assert ws.plan()[0] == 0

    # import into a fresh state: nothing but the secret (never returned by the API) differs
    fresh = workspace("imported")
    fresh.write(ws.path.joinpath("main.tf").read_text())
    fresh.init()
    fresh.run("import", "-input=false", "-no-color", ADDRESS, f"{PROJECT}/{webhook_id}")
    imported = fresh.state()[ADDRESS]["values"]
    assert imported["id"] == webhook_id
    assert imported["target"] == "https://hooks2.example.com/sinch/v2"
    assert imported["triggers"] == ["BUNDLE_DONE"]
    assert imported["project_id"] == PROJECT
    code, plan, _ = fresh.plan()
    assert changes(plan) == {ADDRESS: ["update"]}, "import must never force replacement"
    assert changed_attributes(plan, ADDRESS) == {"secret"}
    fresh.apply()
    assert fresh.plan()[0] == 0
    assert [w["id"] for w in emulator.webhooks(PROJECT)] == [webhook_id]

    # deleted behind Terraform's back: the plan re-creates it, with a warning, and does not fail
    assert emulator.api("DELETE", f"/v1/projects/{PROJECT}/webhooks/{webhook_id}").status_code == 204
    code, plan, output = ws.plan()
    assert code == 2
    assert changes(plan) == {ADDRESS: ["create"]}
    assert "no longer exists" in output
    ws.apply()
    [recreated] = emulator.webhooks(PROJECT)
    assert recreated["id"] != webhook_id
    assert recreated["secret"] == "second-secret"
    assert ws.plan()[0] == 0

    # destroy leaves the emulator empty
    ws.destroy()
    assert emulator.webhooks(PROJECT) == []
    assert ws.state() == {}


def test_project_change_replaces(workspace: Callable[..., Workspace], emulator: Emulator) -> None:
    ws = workspace()
    ws.write(webhook_config("https://hooks.example.com/a", "s3cret", ["ALL"]))
    ws.apply()
    first_id = ws.outputs()["webhook_id"]

    # the provider's project changes and the resource leaves project_id to it: replacement
    moved = workspace("ws", project_id="acc-project-0002")
    _, plan, _ = moved.plan()
    assert changes(plan) == {ADDRESS: ["delete", "create"]}
    moved.apply()
    assert emulator.webhooks(PROJECT) == []
    [stored] = emulator.webhooks("acc-project-0002")
    assert stored["id"] != first_id

    # an explicit project_id wins over the provider's
    moved.write(webhook_config("https://hooks.example.com/a", "s3cret", ["ALL"], 'project_id = "acc-project-0003"'))
    _, plan, _ = moved.plan()
    assert changes(plan) == {ADDRESS: ["delete", "create"]}
    moved.apply()
    assert [w["target"] for w in emulator.webhooks("acc-project-0003")] == ["https://hooks.example.com/a"]
    assert moved.plan()[0] == 0
    moved.destroy()


def test_sixteenth_webhook_fails_and_state_holds_fifteen(
    workspace: Callable[..., Workspace], emulator: Emulator
) -> None:
    ws = workspace()
    ws.write(
        """
        resource "sinch_webhook" "many" {
          count    = 16
          target   = "https://hooks.example.com/n/${count.index}"
          secret   = "s3cret-${count.index}"
          triggers = ["ALL"]
        }
        """
    )
    result = ws.apply(check=False)
    assert result.returncode == 1
    assert "Number of webhooks has reached the limit." in result.stdout + result.stderr
    assert "Delete some webhooks to be able to add more." in result.stdout + result.stderr
    stored = emulator.webhooks(PROJECT)
    assert len(stored) == 15
    state = ws.state()
    assert len(state) == 15
    assert {r["values"]["id"] for r in state.values()} == {w["id"] for w in stored}
    ws.destroy()
    assert emulator.webhooks(PROJECT) == []


def test_data_source_lists_every_webhook(workspace: Callable[..., Workspace], emulator: Emulator) -> None:
    for n in range(12):
        created = emulator.api(
            "POST",
            f"/v1/projects/{PROJECT}/webhooks",
            json={"target": f"https://hooks.example.com/{n:02d}", "secret": "x", "triggers": ["ALL"]},
        )
        assert created.status_code == 201
    emulator.clear_requests()
    ws = workspace()
    ws.write(
        """
        data "sinch_webhooks" "all" {}
        output "targets" { value = [for w in data.sinch_webhooks.all.webhooks : w.target] }
        output "project" { value = data.sinch_webhooks.all.project_id }
        """
    )
    ws.apply()
    outputs = ws.outputs()
    assert outputs["targets"] == [f"https://hooks.example.com/{n:02d}" for n in range(12)]
    assert outputs["project"] == PROJECT
    assert {r["method"] for r in emulator.api_requests()} == {"GET"}


def test_create_retries_rate_limit_and_recovers_lost_answer(
    workspace: Callable[..., Workspace], emulator: Emulator
) -> None:
    # 429 on the first create: retried after Retry-After; 500 after the create was committed on the
    # second: the provider finds the webhook by its unique target instead of orphaning or duplicating it
    emulator.add_fault(method="POST", path=r"/webhooks$", status=429, retryAfter=0, times=1)
    emulator.add_fault(method="POST", path=r"/webhooks$", status=500, afterCommit=True, times=1)
    ws = workspace()
    ws.write(webhook_config("https://hooks.example.com/flaky", "s3cret", ["ALL"]))
    ws.apply()
    [stored] = emulator.webhooks(PROJECT)
    assert ws.outputs()["webhook_id"] == stored["id"]
    posts = [r for r in emulator.api_requests() if r["method"] == "POST"]
    assert [r["status"] for r in posts] == [429, 500]
    assert ws.plan()[0] == 0
    ws.destroy()
