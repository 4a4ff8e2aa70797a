"""sinch_kakaotalk_sender through real terraform against the emulator: a create that registers the sender and stops
at VERIFYING with the code sent to the admin phone, a second apply with the code making it ACTIVE, empty re-plans,
an in-place change reviewed by Sinch (a removed logo deleted), import with an empty plan, replacement on a new
plus_friend_id, an out-of-band delete and the 60 days the sender stays, destroy scheduling removal; a draft updated
in place then submitted; a rejected change failing the apply with its reason, then resubmitted; bad input failing
at validate before any request."""

from __future__ import annotations

import os
import shutil
import signal
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.acceptance.conftest import PROJECT
from tests.acceptance.test_bad_input import refused_at_validate, said
from tests.harness import Emulator, Workspace, changes

pytestmark = pytest.mark.acceptance

SENDERS = f"/v1/projects/{PROJECT}/kakaotalk/senders"
ADDRESS = "sinch_kakaotalk_sender.shop"
DAY = 24 * 3600
EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def ok(response: Any) -> Any:
    assert response.status_code < 300, response.text
    return response.json()


def stored(emulator: Emulator, plus_friend_id: str) -> dict[str, Any]:
    return ok(emulator.api("GET", f"{SENDERS}/{plus_friend_id}"))


def listed(emulator: Emulator) -> list[str]:
    answer = emulator.api("GET", SENDERS)
    return [s["plusFriendId"] for s in answer.json()["senders"]] if answer.status_code == 200 else []


def code(emulator: Emulator, plus_friend_id: str) -> str:
    return str(
        emulator.admin("GET", f"/projects/{PROJECT}/kakaotalk/senders/{plus_friend_id}/verification-code")["code"]
    )


def api_calls(emulator: Emulator) -> list[str]:
    return [f"{r['method']} {r['path']}" for r in emulator.api_requests()]


def config(plus_friend_id: str = "@shop", name: str = "Example Shop", logo: bool = True, extra: str = "") -> str:
    return f"""
        resource "sinch_kakaotalk_sender" "shop" {{
          plus_friend_id          = "{plus_friend_id}"
          name                    = "{name}"
          admin_phone_number      = "+48777777777"
          top_level_category_code = "019"
          mid_level_category_code = "0006"
          sub_level_category_code = "0001"
          {'logo_url = "https://cdn.example.com/logo.png"' if logo else ""}
          {extra}
        }}
    """


def test_sender_lifecycle(workspace: Callable[..., Workspace], emulator: Emulator) -> None:
    emulator.settings(profileReviewSeconds=0.5)
    ws = workspace()
    ws.write(config())
    ws.init()

    # the first apply creates and registers the sender: the code goes to the admin phone, the apply ends there
    emulator.clear_requests()
    result = ws.apply()
    create_calls = api_calls(emulator)
    print("API calls of a create:", len(create_calls), create_calls)
    assert create_calls == [f"POST {SENDERS}", f"POST {SENDERS}/@shop/register"]
    assert "a code was sent to the admin phone" in said(result.stdout)
    values = ws.state()[ADDRESS]["values"]
    assert (values["state"], values["pending_change_status"]) == ("VERIFYING", "IN_PROGRESS")
    assert values["name"] == "Example Shop" and values["id"]
    assert ws.plan()[0] == 0  # waiting for the code is not a change

    # the second apply, with the code, verifies: ACTIVE, the submitted details live
    ws.write(config(extra=f'verification_code = "{code(emulator, "@shop")}"'))
    _, plan, _ = ws.plan()
    assert changes(plan) == {ADDRESS: ["update"]}
    emulator.clear_requests()
    ws.apply()
    verify_calls = api_calls(emulator)
    print("API calls of the apply that verifies:", len(verify_calls), verify_calls)
    assert verify_calls == [f"GET {SENDERS}/@shop", f"POST {SENDERS}/@shop/verify"]  # the refresh, the code
    live = stored(emulator, "@shop")
    assert live["state"] == "ACTIVE" and "changes" not in live
    assert live["details"]["logoImage"] == "https://cdn.example.com/logo.png"
    values = ws.state()[ADDRESS]["values"]
    assert (values["state"], values["pending_change_status"]) == ("ACTIVE", None)
    emulator.clear_requests()
    assert ws.plan()[0] == 0
    refresh_calls = api_calls(emulator)
    print("API calls of a refresh:", len(refresh_calls), refresh_calls)
    assert refresh_calls == [f"GET {SENDERS}/@shop"]

    # in place: a new name, the logo removed (sent as null: deleted); apply waits for Sinch's review
    ws.write(config(name="Example Shop Seoul", logo=False))
    _, plan, _ = ws.plan()
    assert changes(plan) == {ADDRESS: ["update"]}
    sender_id = live["id"]
    ws.apply()
    live = stored(emulator, "@shop")
    assert live["id"] == sender_id and live["state"] == "ACTIVE" and "changes" not in live
    assert live["details"]["name"] == "Example Shop Seoul" and "logoImage" not in live["details"]
    assert ws.plan()[0] == 0

    # import into a fresh state: the plan is empty
    fresh = workspace("imported")
    fresh.write(config(name="Example Shop Seoul", logo=False))
    fresh.init()
    fresh.run("import", "-input=false", "-no-color", ADDRESS, f"{PROJECT}/@shop")
    status, _, output = fresh.plan()
    assert status == 0, output

    # a new plus_friend_id replaces it: the old one is scheduled for removal, the new one registered
    ws.write(config(plus_friend_id="@shop2", name="Example Shop Seoul", logo=False))
    _, plan, _ = ws.plan()
    assert changes(plan) == {ADDRESS: ["delete", "create"]}
    result = ws.apply()
    assert "is scheduled for removal" in said(result.stdout)
    assert stored(emulator, "@shop2")["state"] == "VERIFYING"

    # deleted out of band: Sinch keeps it 60 days, so nothing changes until it is gone; then it is created again
    assert emulator.api("DELETE", f"{SENDERS}/@shop2").status_code == 204
    assert ws.plan()[0] == 0
    emulator.advance(61 * DAY)
    _, plan, output = ws.plan()
    assert changes(plan) == {ADDRESS: ["create"]}
    assert "no longer exists" in said(output)
    ws.apply()
    assert stored(emulator, "@shop2")["state"] == "VERIFYING"

    # destroy schedules the removal: the sender stays 60 days, then it is gone
    result = ws.destroy()
    assert "is scheduled for removal" in said(result.stdout) and "60 days" in said(result.stdout)
    assert ws.state() == {}
    assert "@shop2" in listed(emulator)
    emulator.advance(61 * DAY)
    assert "@shop2" not in listed(emulator)


def test_a_draft_is_updated_in_place_then_submitted(workspace: Callable[..., Workspace], emulator: Emulator) -> None:
    ws = workspace()
    ws.write(config(extra="submit = false"))
    ws.init()
    emulator.clear_requests()
    ws.apply()
    assert api_calls(emulator) == [f"POST {SENDERS}"]  # a draft is not registered
    values = ws.state()[ADDRESS]["values"]
    assert (values["state"], values["pending_change_status"]) == (None, "DRAFT")
    assert ws.plan()[0] == 0

    # the draft changes in place
    ws.write(config(name="Draft Shop", extra="submit = false"))
    _, plan, _ = ws.plan()
    assert changes(plan) == {ADDRESS: ["update"]}
    ws.apply()
    draft = stored(emulator, "@shop")
    assert draft["changes"] == {"status": "DRAFT", "details": {**draft["changes"]["details"], "name": "Draft Shop"}}
    assert draft["id"] == values["id"] and "state" not in draft
    assert ws.plan()[0] == 0

    # submit = true submits it: registered, VERIFYING
    ws.write(config(name="Draft Shop"))
    _, plan, _ = ws.plan()
    assert changes(plan) == {ADDRESS: ["update"]}
    result = ws.apply()
    assert "a code was sent to the admin phone" in said(result.stdout)
    submitted = stored(emulator, "@shop")
    assert submitted["state"] == "VERIFYING" and submitted["changes"]["status"] == "IN_PROGRESS"
    assert ws.plan()[0] == 0


def test_a_rejected_change_fails_with_its_reason_then_is_resubmitted(
    workspace: Callable[..., Workspace], emulator: Emulator
) -> None:
    ws = workspace()
    ws.write(config())
    ws.init()
    ws.apply()
    ws.write(config(extra=f'verification_code = "{code(emulator, "@shop")}"'))
    ws.apply()
    assert stored(emulator, "@shop")["state"] == "ACTIVE"

    emulator.settings(profileReviewSeconds=30 * DAY)
    ws.write(config(name="Totally Official Kakao"))
    apply = ws.start("apply", "-auto-approve", "-input=false", "-no-color")
    deadline = time.monotonic() + 60
    while (stored(emulator, "@shop").get("changes") or {}).get("status") != "IN_PROGRESS":
        assert time.monotonic() < deadline, "the apply never submitted the change"
        time.sleep(0.05)
    emulator.admin("POST", f"/projects/{PROJECT}/kakaotalk/senders/@shop/review",
                   json={"outcome": "reject", "reason": "The name impersonates Kakao."})  # fmt: skip
    output, _ = apply.communicate(timeout=120)
    assert apply.returncode == 1, output
    text = said(output)
    assert "Sinch rejected the sender" in text and "The name impersonates Kakao." in text

    # the live name stays; the next apply deletes the rejected change and submits again
    assert ws.state()[ADDRESS]["values"]["name"] == "Example Shop"
    _, plan, output = ws.plan()
    assert changes(plan) == {ADDRESS: ["update"]}
    emulator.settings(profileReviewSeconds=0.5)
    emulator.clear_requests()
    ws.write(config(name="Example Shop Busan"))
    ws.apply()
    assert f"DELETE {SENDERS}/@shop/changes" in api_calls(emulator)
    live = stored(emulator, "@shop")
    assert live["details"]["name"] == "Example Shop Busan" and "changes" not in live
    assert ws.plan()[0] == 0


BAD = {
    "phone not E.164": ('admin_phone_number = "010-1234-5678"', "E.164", "admin_phone_number"),
    "top-level code shape": ('top_level_category_code = "19"', "top_level_category_code", "top_level_category_code"),
    "sub-level code letters": (
        'sub_level_category_code = "00a1"',
        "sub_level_category_code",
        "sub_level_category_code",
    ),
    "gif logo": ('logo_url = "https://cdn.example.com/logo.gif"', "logo_url must be a JPEG or PNG image", "logo_url"),
    "plus friend id too long": (f'plus_friend_id = "@{"x" * 30}"', "plus_friend_id", "plus_friend_id"),
    "short code": ('verification_code = "12345"', "must be exactly 6 digits", "verification_code"),
    "unknown wait": ('wait_for_state = "REGISTERED"', "wait_for_state", "wait_for_state"),
}


@pytest.mark.parametrize("case", list(BAD))
def test_bad_input_at_validate(case: str, workspace: Callable[..., Workspace], emulator: Emulator) -> None:
    field, expected, attribute = BAD[case]
    fields = {
        "plus_friend_id": '"@shop"',
        "name": '"Shop"',
        "admin_phone_number": '"+48777777777"',
        "top_level_category_code": '"019"',
        "mid_level_category_code": '"0006"',
        "sub_level_category_code": '"0001"',
    }
    name, value = field.split(" = ", 1)
    fields[name] = value
    body = "\n".join(f"  {k} = {v}" for k, v in fields.items())
    ws = workspace()
    ws.write(f'resource "sinch_kakaotalk_sender" "shop" {{\n{body}\n}}\n')
    text = refused_at_validate(ws, emulator)
    assert expected in text and attribute in text and ADDRESS in text


def test_the_kakaotalk_channel_example(tmp_path: Path, workspace: Callable[..., Workspace], emulator: Emulator) -> None:
    """examples/kakaotalk-channel as a team runs it: a sender and two templates in one apply, the code in a second."""
    emulator.settings(templateReviewSeconds=0.5)
    shutil.copytree(EXAMPLES / "kakaotalk-channel", tmp_path / "kakaotalk-channel")
    ws = Workspace(tmp_path / "kakaotalk-channel", workspace().env)
    (ws.path / "providers.tf").unlink()  # the example declares its own required_providers
    result = ws.apply()
    assert "a code was sent to the admin phone" in said(result.stdout)
    assert ws.outputs()["sender_state"] == "VERIFYING"
    codes = ws.outputs()["template_codes"]
    templates = ok(emulator.api("GET", f"{SENDERS}/@exampleshop/templates"))["templates"]
    assert {t["code"]: t["state"] for t in templates} == {codes["order_shipped"]: "APPROVED",
                                                          codes["login_code"]: "APPROVED"}  # fmt: skip
    assert ws.plan()[0] == 0

    verification = f"verification_code={code(emulator, '@exampleshop')}"
    ws.apply("-var", verification)
    assert ws.outputs()["sender_state"] == "ACTIVE"
    assert ws.plan("-var", verification)[0] == 0

    ws.destroy()
    assert ok(emulator.api("GET", f"{SENDERS}/@exampleshop/templates"))["templates"] == []


def test_ctrl_c_during_the_create_keeps_the_sender_and_the_next_apply_registers_it(
    workspace: Callable[..., Workspace], emulator: Emulator
) -> None:
    """Ctrl-C while the create's POST is on the wire: the call finishes and the sender is in state, untainted; the
    registration (a new request) is not sent; the next apply plans an update that registers it."""
    emulator.add_fault(method="POST", path=r"/kakaotalk/senders$", delay=2.0)
    ws = workspace()
    ws.write(config())
    apply = ws.start("apply", "-auto-approve", "-input=false", "-no-color")
    assert apply.stdout is not None
    seen = []
    for line in apply.stdout:  # the POST goes out right after Terraform says it is creating
        seen.append(line)
        if "Creating..." in line:
            break
    time.sleep(0.5)
    os.killpg(apply.pid, signal.SIGINT)
    output, _ = apply.communicate(timeout=60)
    output = "".join(seen) + output
    assert "Interrupt received" in output, output
    assert listed(emulator) == ["@shop"]
    state = ws.state()[ADDRESS]
    assert state["values"]["id"] == stored(emulator, "@shop")["id"]
    assert not state.get("tainted"), "a stopped wait is not a failed create"
    assert "register" not in " ".join(api_calls(emulator))
    assert (state["values"]["state"], state["values"]["pending_change_status"]) == (None, "IN_PROGRESS")

    _, plan, _ = ws.plan()
    assert changes(plan) == {ADDRESS: ["update"]}, "the next apply must carry on"
    result = ws.apply()
    assert "a code was sent to the admin phone" in said(result.stdout)
    assert stored(emulator, "@shop")["state"] == "VERIFYING" and listed(emulator) == ["@shop"]
    assert ws.plan()[0] == 0
