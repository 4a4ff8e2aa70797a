"""Faults through the real terraform binary: one apply converges, errors say what to do."""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest

from tests.acceptance.conftest import PROJECT
from tests.harness import Emulator, Workspace, changed_attributes, changes

pytestmark = pytest.mark.acceptance

WEBHOOK = """
resource "sinch_webhook" "orders" {
  target   = "https://hooks.example.com/orders"
  secret   = "s3cret"
  triggers = ["ALL"]
}
"""


def posts(emulator: Emulator) -> list[int]:
    return [r["status"] for r in emulator.api_requests() if r["method"] == "POST"]


def test_a_create_answered_500_before_commit_is_sent_again_in_the_same_apply(
    workspace: Callable[..., Workspace], emulator: Emulator
) -> None:
    emulator.add_fault(method="POST", path=r"/webhooks$", status=500, times=1)
    emulator.add_fault(method="POST", path=r"/webhooks$", status=503, times=1)
    ws = workspace()
    ws.write(WEBHOOK)
    ws.apply()
    assert posts(emulator) == [500, 503, 201]
    [stored] = emulator.webhooks(PROJECT)
    assert ws.state()["sinch_webhook.orders"]["values"]["id"] == stored["id"]
    assert ws.plan()[0] == 0


def test_an_existing_webhook_is_named_with_the_import_that_adopts_it(
    workspace: Callable[..., Workspace], emulator: Emulator
) -> None:
    existing = emulator.api(
        "POST",
        f"/v1/projects/{PROJECT}/webhooks",
        json={"target": "https://hooks.example.com/orders", "secret": "old", "triggers": ["BUNDLE_DONE"]},
    ).json()
    ws = workspace()
    ws.write(WEBHOOK)
    result = ws.apply(check=False)
    assert result.returncode == 1
    output = result.stdout + result.stderr
    assert f"sinch_webhook {existing['id']} already exists in project {PROJECT}" in " ".join(output.split())
    assert f"terraform import sinch_webhook.<NAME> {PROJECT}/{existing['id']}" in output
    assert "Change the target" not in output, "the API's resolution points the wrong way here"

    # what the message advises works: the import block adopts it, and the apply makes it what the config says
    ws.write(WEBHOOK + f'import {{\n  to = sinch_webhook.orders\n  id = "{PROJECT}/{existing["id"]}"\n}}\n')
    _, plan, _ = ws.plan()
    assert changes(plan) == {"sinch_webhook.orders": ["update"]}
    assert changed_attributes(plan, "sinch_webhook.orders") == {"secret", "triggers"}
    ws.apply()
    [stored] = emulator.webhooks(PROJECT)
    assert (stored["id"], stored["secret"], stored["triggers"]) == (existing["id"], "s3cret", ["ALL"])
    assert ws.plan()[0] == 0


def test_a_token_that_expires_mid_apply_is_refreshed_once(
    workspace: Callable[..., Workspace], emulator: Emulator
) -> None:
    """Ten creates in flight meet an expired token: each gets a 401, one new token serves them all."""
    emulator.add_fault(method="POST", path=r"/webhooks$", delay=2.0, times=None)
    ws = workspace()
    ws.write(
        """
        resource "sinch_webhook" "many" {
          count    = 10
          target   = "https://hooks.example.com/n/${count.index}"
          secret   = "s3cret"
          triggers = ["ALL"]
        }
        """
    )
    apply = ws.start("apply", "-auto-approve", "-input=false", "-no-color")
    deadline = time.monotonic() + 60

    def tokens() -> int:
        return sum(r["path"] == "/oauth2/token" for r in emulator.requests())

    while tokens() < 2:  # the planning provider's token, then the applying provider's
        assert time.monotonic() < deadline, "the apply never configured its provider"
        time.sleep(0.05)
    time.sleep(0.5)  # the ten creates are on the wire, held by the emulator's latency
    emulator.admin("POST", "/tokens/expire")
    output, _ = apply.communicate(timeout=120)
    assert apply.returncode == 0, output
    assert tokens() == 3, "one refresh for all ten creates"
    statuses = posts(emulator)
    assert statuses.count(201) == 10
    assert statuses.count(401) >= 2, "the creates were in flight together when the token expired"
    assert len(emulator.webhooks(PROJECT)) == 10


def test_a_lost_embedded_signup_create_names_the_sender_and_its_import(
    workspace: Callable[..., Workspace], emulator: Emulator
) -> None:
    """The API returns nothing to find an embedded-signup sender by: the error names the sender that appeared
    since the request, with the import that adopts it; following it converges without a second sender."""
    emulator.settings(senderActivationSeconds=0.5)
    emulator.add_fault(method="POST", path=r"/whatsapp/senders$", drop=True, afterCommit=True, times=1)
    config = """
        resource "sinch_whatsapp_sender" "es" {
          waba_id         = "102290129340398"
          phone_number_id = "105954558954477"
        }
    """
    ws = workspace()
    ws.write(config)
    result = ws.apply(check=False)
    assert result.returncode == 1
    [created] = emulator.senders(PROJECT)
    output = result.stdout + result.stderr
    assert "The answer to the create of sinch_whatsapp_sender was lost" in output
    assert f"terraform import sinch_whatsapp_sender.<NAME> {PROJECT}/{created['id']}" in output
    assert ws.state() == {}

    ws.write(config + f'import {{\n  to = sinch_whatsapp_sender.es\n  id = "{PROJECT}/{created["id"]}"\n}}\n')
    ws.apply()
    assert ws.state()["sinch_whatsapp_sender.es"]["values"]["id"] == created["id"]
    assert [s["id"] for s in emulator.senders(PROJECT)] == [created["id"]]


def test_a_lost_account_create_is_read_back(workspace: Callable[..., Workspace], emulator: Emulator) -> None:
    emulator.settings(accountReviewSeconds=0.5)
    emulator.add_fault(method="POST", path=r"/whatsapp$", status=500, afterCommit=True, times=1)
    ws = workspace()
    ws.write(
        """
        resource "sinch_whatsapp_account" "main" {
          waba_name                  = "Example Shoes Ltd"
          client_business_manager_id = "1234567890"
          display_name               = "Example Shoes"
          business_category          = "SHOPPING_AND_RETAIL"
        }
        """
    )
    ws.apply()
    assert posts(emulator) == [500]
    assert ws.state()["sinch_whatsapp_account.main"]["values"]["state"] == "ONBOARDED"
    assert ws.plan()[0] == 0


def test_one_apply_converges_under_seeded_fault_rates(workspace: Callable[..., Workspace], emulator: Emulator) -> None:
    """10% of API requests answer 503, 5% answer 429, 2% of creates are committed and their answer dropped:
    apply, refresh and destroy each succeed once, with no duplicate, orphan or lost webhook (bench/faults.py
    runs the same at 200 resources)."""
    creates = r"^/v1/projects/[^/]+/webhooks$"
    emulator.add_fault(method="POST", path=creates, drop=True, afterCommit=True, rate=0.02, seed=11)
    emulator.add_fault(path="^/v1/", status=503, rate=0.10, seed=12)
    emulator.add_fault(path="^/v1/", status=429, retryAfter=0, rate=0.05 / 0.9, seed=13)
    ws = workspace(SINCH_MAX_RETRIES="6")  # the provider's default (the other tests use 3, to fail fast)
    ws.write(
        """
        resource "sinch_webhook" "a" {
          count    = 15
          target   = "https://hooks.example.com/a/${count.index}"
          secret   = "s3cret"
          triggers = ["ALL"]
        }
        resource "sinch_webhook" "b" {
          count      = 15
          project_id = "acc-project-0002"
          target     = "https://hooks.example.com/b/${count.index}"
          secret     = "s3cret"
          triggers   = ["ALL"]
        }
        """
    )

    def inventory() -> set[str]:
        return {w["id"] for p in (PROJECT, "acc-project-0002") for w in emulator.webhooks(p)}

    def in_state() -> set[str]:
        return {r["values"]["id"] for r in ws.state().values()}

    ws.apply()
    assert len(inventory()) == 30 and inventory() == in_state()
    ws.refresh()
    assert inventory() == in_state()
    ws.destroy()
    assert inventory() == set() and ws.state() == {}
    faulted = [r for r in emulator.requests() if r["path"].startswith("/v1/") and (r["status"] or 500) >= 429]
    assert faulted, "the fault rules must have fired (else this test proves nothing)"
