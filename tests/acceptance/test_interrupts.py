"""Ctrl-C and a killed Terraform, through the real terraform binary: nothing is orphaned, nothing runs on.

Terraform's contract: on Ctrl-C it calls StopProvider; the provider answers at once, the calls in flight
finish and report what they created, Terraform writes it to state, and no new request is sent. A terminal's
Ctrl-C also sends SIGINT to the provider (same process group): it must not die of it.
"""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.acceptance.conftest import PROJECT
from tests.harness import Emulator, Workspace, alive, changes, children

pytestmark = pytest.mark.acceptance

OTHER_PROJECT = "acc-project-0002"
LATENCY = 1.0  # seconds per create: ten overlap (Terraform's parallelism), as against a distant API

THIRTY_WEBHOOKS = f"""
    resource "sinch_webhook" "a" {{
      count    = 15
      target   = "https://hooks.example.com/a/${{count.index}}"
      secret   = "s3cret-${{count.index}}"
      triggers = ["ALL"]
    }}
    resource "sinch_webhook" "b" {{
      count      = 15
      project_id = "{OTHER_PROJECT}"
      target     = "https://hooks.example.com/b/${{count.index}}"
      secret     = "s3cret-${{count.index}}"
      triggers   = ["ALL"]
    }}
"""


def inventory(emulator: Emulator) -> set[str]:
    return {w["id"] for project in (PROJECT, OTHER_PROJECT) for w in emulator.webhooks(project)}


def state_ids(ws: Workspace) -> set[str]:
    return {r["values"]["id"] for r in ws.state().values() if r["type"] == "sinch_webhook"}


def wait_until(condition: Callable[[], bool], timeout: float = 120, what: str = "condition") -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.05)


def test_ctrl_c_during_apply_orphans_nothing(workspace: Callable[..., Workspace], emulator: Emulator) -> None:
    emulator.add_fault(method="POST", path=r"/webhooks$", delay=LATENCY, times=None)
    ws = workspace()
    ws.write(THIRTY_WEBHOOKS)
    apply = ws.start("apply", "-auto-approve", "-input=false", "-no-color")
    # the first ten are created, the next ten are on the wire, the last ten not started yet
    wait_until(lambda: len(inventory(emulator)) >= 10, what="the first webhooks")
    os.killpg(apply.pid, signal.SIGINT)  # what a terminal's Ctrl-C does: terraform and its provider
    output, _ = apply.communicate(timeout=120)
    assert apply.returncode != 0, output
    assert "Interrupt received" in output

    created = inventory(emulator)
    assert 10 <= len(created) < 30, "the interrupt must land while the apply is half done"
    assert created == state_ids(ws), (
        "every webhook Sinch has must be in the state (orphans: " + str(created - state_ids(ws)) + ")"
    )

    # the re-run creates the rest: no 409 for a webhook that exists but was lost, no duplicate
    emulator.clear_requests()
    ws.apply()
    assert len(inventory(emulator)) == 30
    assert inventory(emulator) == state_ids(ws)
    assert all(r["status"] != 409 for r in emulator.api_requests())
    assert ws.plan()[0] == 0


def test_ctrl_c_during_a_sender_wait_keeps_it_and_the_next_apply_waits_on(
    workspace: Callable[..., Workspace], emulator: Emulator
) -> None:
    """A stop ends the wait for ACTIVE early: the sender is in state, not tainted, and the next apply plans
    an update that waits on (no replacement, no second sender)."""
    emulator.settings(senderActivationSeconds=3600)  # on the emulator clock: only the test moves it
    ws = workspace()
    ws.write(
        """
        resource "sinch_whatsapp_sender" "s" {
          waba_id         = "102290129340398"
          phone_number_id = "105954558954421"
        }
        """
    )
    apply = ws.start("apply", "-auto-approve", "-input=false", "-no-color")
    wait_until(lambda: len(emulator.senders(PROJECT)) == 1, what="the sender")
    polls = len(emulator.api_requests())
    wait_until(lambda: len(emulator.api_requests()) > polls, what="a poll of the wait")
    os.killpg(apply.pid, signal.SIGINT)
    output, _ = apply.communicate(timeout=60)
    assert "Stopped waiting for sinch_whatsapp_sender" in output, output
    [sender] = emulator.senders(PROJECT)
    state = ws.state()["sinch_whatsapp_sender.s"]
    assert state["values"]["id"] == sender["id"]
    assert not state.get("tainted"), "a stopped wait is not a failed create"
    assert state["values"]["state"] is None  # still being set up

    _, plan, _ = ws.plan()
    assert changes(plan) == {"sinch_whatsapp_sender.s": ["update"]}, "the next apply must wait on"
    apply = ws.start("apply", "-auto-approve", "-input=false", "-no-color")
    mark = len(emulator.api_requests())
    wait_until(lambda: len(emulator.api_requests()) > mark + 1, what="the apply to poll")
    emulator.advance(3600)
    output, _ = apply.communicate(timeout=120)
    assert apply.returncode == 0, output
    assert ws.state()["sinch_whatsapp_sender.s"]["values"]["state"] == "ACTIVE"
    assert [s["id"] for s in emulator.senders(PROJECT)] == [sender["id"]]
    assert ws.plan()[0] == 0


def provider_of(terraform_pid: int) -> int:
    for pid in children(terraform_pid):
        if "terraform-provider-sinch" in Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace"):
            return pid
    raise AssertionError("no provider process under terraform")


def test_provider_exits_when_terraform_is_killed(workspace: Callable[..., Workspace], emulator: Emulator) -> None:
    emulator.add_fault(method="POST", path=r"/webhooks$", delay=LATENCY, times=None)
    ws = workspace()
    ws.write(THIRTY_WEBHOOKS)
    apply = ws.start("apply", "-auto-approve", "-input=false", "-no-color")
    wait_until(lambda: len(inventory(emulator)) >= 5, what="the first webhooks")
    provider = provider_of(apply.pid)
    apply.kill()  # SIGKILL to terraform alone: the provider is left without its parent
    apply.wait(timeout=10)
    posts_at_kill = len([r for r in emulator.requests() if r["method"] == "POST"])

    wait_until(lambda: not alive(provider), timeout=30, what="the provider to exit")
    time.sleep(2 * LATENCY)  # let any request still on the wire reach the log
    posts = len([r for r in emulator.requests() if r["method"] == "POST"])
    # at most the creates that were already on the wire (Terraform's parallelism is 10) complete
    assert posts - posts_at_kill <= 10
    assert len(inventory(emulator)) < 30


def test_ctrl_c_during_an_apply_of_templates_orphans_nothing(
    workspace: Callable[..., Workspace], emulator: Emulator
) -> None:
    emulator.seed_account(PROJECT)
    emulator.add_fault(method="POST", path=r"/whatsapp/templates$", delay=LATENCY, times=None)
    ws = workspace()
    ws.write(
        """
        resource "sinch_whatsapp_template" "t" {
          count    = 30
          name     = "order_update_${count.index}"
          language = "EN_US"
          category = "UTILITY"
          body     = { text = "Your order ships today (${count.index})." }
        }
        """
    )

    def templates() -> set[str]:
        return {t["name"] for t in emulator.templates(PROJECT)}

    def in_state() -> set[str]:
        return {r["values"]["name"] for r in ws.state().values()}

    apply = ws.start("apply", "-auto-approve", "-input=false", "-no-color")
    wait_until(lambda: len(templates()) >= 10, what="the first templates")
    os.killpg(apply.pid, signal.SIGINT)
    output, _ = apply.communicate(timeout=120)
    assert "Interrupt received" in output
    assert 10 <= len(templates()) < 30
    assert templates() == in_state(), f"orphans: {templates() - in_state()}"
    ws.apply()
    assert len(templates()) == 30 and templates() == in_state()
    assert ws.plan()[0] == 0
