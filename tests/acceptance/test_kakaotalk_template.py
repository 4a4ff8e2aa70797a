"""sinch_kakaotalk_template through real terraform against the emulator: apply waiting for APPROVED, an empty
re-plan, an in-place update (a removed field deleted), import, an out-of-band delete, replacement on a new sender,
destroy; a rejection by Sinch failing the apply with its reason; bad input failing at validate before any
request; a create whose answer was lost found by its name, a Ctrl-C during the review wait, and a wait that
timed out (replaced, or untainted and waited on)."""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from tests.acceptance.conftest import PROJECT
from tests.acceptance.test_bad_input import refused_at_validate, said
from tests.harness import Emulator, Workspace, changes

pytestmark = pytest.mark.acceptance

KAKAO = f"/v1/projects/{PROJECT}/kakaotalk"
ADDRESS = "sinch_kakaotalk_template.t"
DAY = 24 * 3600


def ok(response: Any) -> Any:
    assert response.status_code < 300, response.text
    return response.json()


def create_sender(emulator: Emulator, plus_friend_id: str) -> None:
    ok(emulator.api("POST", f"{KAKAO}/senders", json={
        "plusFriendId": plus_friend_id,
        "status": "SUBMIT",
        "details": {"adminPhoneNo": "+48777777777", "name": f"Shop {plus_friend_id}", "topLevelCategoryCode": "019",
                    "midLevelCategoryCode": "0006", "subLevelCategoryCode": "0001"},
    }))  # fmt: skip


@pytest.fixture(autouse=True)
def senders(emulator: Emulator) -> Iterator[None]:
    emulator.admin("POST", f"/projects/{PROJECT}/kakaotalk/initialize")
    create_sender(emulator, "@shop1")
    create_sender(emulator, "@shop2")
    yield


def templates(emulator: Emulator, plus_friend_id: str) -> list[dict[str, Any]]:
    return ok(emulator.api("GET", f"{KAKAO}/senders/{plus_friend_id}/templates"))["templates"]


def config(sender: str = "@shop1", content: str = "Your order #{order} has shipped.", subtitle: bool = True,
           extra: str = "") -> str:  # fmt: skip
    return f"""
        resource "sinch_kakaotalk_template" "t" {{
          plus_friend_id = "{sender}"
          name           = "order_shipped"
          language       = "KO"
          content        = "{content}"
          message_type   = "EXTRA_INFORMATION"
          extra          = "Questions? Call 1588-0000."
          emphasize_type = "EMPHASIZE_TYPE_TEXT"
          title          = "Shipped"
          {'subtitle = "Order update"' if subtitle else ""}
          buttons = [
            {{ type = "WEB_LINK", name = "Track", link_mo = "https://shop.example.com/t",
               link_pc = "https://shop.example.com/t" }},
            {{ type = "APP_LINK", name = "Open app", scheme_ios = "https://app.example.com/ios",
               scheme_android = "https://app.example.com/android" }},
            {{ type = "CHANNEL_ID_ADDED", name = "Add us" }},
          ]
          {extra}
        }}
    """


def api_calls(emulator: Emulator) -> list[str]:
    return [f"{r['method']} {r['path']}" for r in emulator.api_requests()]


def test_template_lifecycle(workspace: Callable[..., Workspace], emulator: Emulator) -> None:
    emulator.settings(templateReviewSeconds=0.5)
    ws = workspace()
    ws.write(config())
    ws.init()

    # apply waits for APPROVED
    emulator.clear_requests()
    ws.apply()
    create_calls = api_calls(emulator)
    print("API calls of a create:", len(create_calls), create_calls)
    values = ws.state()[ADDRESS]["values"]
    assert (values["state"], values["pending_change_status"]) == ("APPROVED", None)
    code = values["id"]
    [stored] = templates(emulator, "@shop1")
    assert stored["code"] == code and stored["state"] == "APPROVED"
    assert [(b["ordering"], b["type"]) for b in stored["details"]["buttons"]] == [
        (1, "WEB_LINK"), (2, "APP_LINK"), (3, "CHANNEL_ID_ADDED")
    ]  # fmt: skip
    emulator.clear_requests()
    assert ws.plan()[0] == 0
    refresh_calls = api_calls(emulator)
    print("API calls of a refresh:", len(refresh_calls), refresh_calls)
    assert refresh_calls == [f"GET {KAKAO}/senders/@shop1/templates/{code}"]

    # in place: a new content, the subtitle removed (sent as null: deleted)
    ws.write(config(content="Order #{order} is on its way.", subtitle=False))
    _, plan, _ = ws.plan()
    assert changes(plan) == {ADDRESS: ["update"]}
    ws.apply()
    [stored] = templates(emulator, "@shop1")
    assert stored["code"] == code and stored["state"] == "APPROVED" and "changes" not in stored
    assert stored["details"]["content"] == "Order #{order} is on its way."
    assert "subtitle" not in stored["details"]
    assert ws.state()[ADDRESS]["values"]["subtitle"] is None
    assert ws.plan()[0] == 0

    # import into a fresh state: the plan is empty
    fresh = workspace("imported")
    fresh.write(config(content="Order #{order} is on its way.", subtitle=False))
    fresh.init()
    fresh.run("import", "-input=false", "-no-color", ADDRESS, f"{PROJECT}/@shop1/{code}")
    status, _, output = fresh.plan()
    assert status == 0, output

    # out of band delete: the plan creates it again
    assert emulator.api("DELETE", f"{KAKAO}/senders/@shop1/templates/{code}").status_code == 204
    _, plan, output = ws.plan()
    assert changes(plan) == {ADDRESS: ["create"]}
    ws.apply()
    assert len(templates(emulator, "@shop1")) == 1

    # a new sender replaces the template
    ws.write(config(sender="@shop2", content="Order #{order} is on its way.", subtitle=False))
    _, plan, _ = ws.plan()
    assert changes(plan) == {ADDRESS: ["delete", "create"]}
    ws.apply()
    assert templates(emulator, "@shop1") == []
    assert [t["state"] for t in templates(emulator, "@shop2")] == ["APPROVED"]

    # destroy deletes it
    ws.destroy()
    assert templates(emulator, "@shop2") == []
    assert ws.state() == {}


def test_rejection_fails_the_wait_with_the_reason(workspace: Callable[..., Workspace], emulator: Emulator) -> None:
    emulator.settings(templateReviewSeconds=30 * DAY)
    ws = workspace()
    ws.write(config())
    ws.init()
    apply = ws.start("apply", "-auto-approve", "-input=false", "-no-color")
    deadline = time.monotonic() + 60
    while not templates(emulator, "@shop1"):
        assert time.monotonic() < deadline, "the apply never created the template"
        time.sleep(0.05)
    [stored] = templates(emulator, "@shop1")
    emulator.admin("POST", f"/projects/{PROJECT}/kakaotalk/senders/@shop1/templates/{stored['code']}/review",
                   json={"outcome": "reject", "reason": "The button label is misleading."})  # fmt: skip
    output, _ = apply.communicate(timeout=120)
    assert apply.returncode == 1, output
    text = " ".join(output.split())
    assert "KakaoTalk rejected the template" in text
    assert "The button label is misleading." in text


BAD = {
    "duplicate type": (
        'buttons = [{ type = "WEB_LINK", name = "A", link_mo = "https://a.example.com" },\n'
        '           { type = "WEB_LINK", name = "B", link_mo = "https://b.example.com" }]',
        "buttons[1] repeats the type WEB_LINK",
    ),
    "web link without link_mo": ('buttons = [{ type = "WEB_LINK", name = "A" }]', "link_mo"),
    "app link without schemes": (
        'buttons = [{ type = "APP_LINK", name = "A", scheme_ios = "https://a.example.com" }]',
        "an APP_LINK button needs scheme_ios and scheme_android, or link_mo",
    ),
    "link on a bot button": (
        'buttons = [{ type = "BOT_KEYWORD", name = "A", link_mo = "https://a.example.com" }]',
        "link_mo",
    ),
    "title missing": ('emphasize_type = "EMPHASIZE_TYPE_TEXT"', "title is required when emphasize_type"),
    "extra missing": ('message_type = "MIXED"', "extra is required when message_type is MIXED"),
    "gif image": (
        'emphasize_type = "EMPHASIZE_TYPE_IMAGE"\nimage_url = "https://cdn.example.com/a.gif"',
        "image_url must be a JPEG or PNG image",
    ),
}


@pytest.mark.parametrize("case", list(BAD))
def test_bad_input_at_validate(case: str, workspace: Callable[..., Workspace], emulator: Emulator) -> None:
    fields, expected = BAD[case]
    ws = workspace()
    ws.write(f"""
        resource "sinch_kakaotalk_template" "t" {{
          plus_friend_id = "@shop1"
          name           = "bad"
          language       = "KO"
          content        = "Hello"
          {fields}
        }}
    """)
    text = refused_at_validate(ws, emulator)
    assert expected in text and "sinch_kakaotalk_template.t" in text


# --- lost answers, stops and time-outs ------------------------------------------------------------------------------


def wait_until(condition: Callable[[], bool], timeout: float = 60, what: str = "condition") -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.05)


def review(emulator: Emulator, code: str, outcome: str = "approve", plus_friend_id: str = "@shop1") -> None:
    path = f"/projects/{PROJECT}/kakaotalk/senders/{plus_friend_id}/templates/{code}/review"
    emulator.admin("POST", path, json={"outcome": outcome})


@pytest.mark.parametrize("fault", [{"status": 500}, {"drop": True}], ids=["500", "dropped"])
def test_a_lost_create_is_found_by_its_name_and_kept(
    fault: dict[str, Any], workspace: Callable[..., Workspace], emulator: Emulator
) -> None:
    """The template is created but the answer is lost: while it is still under review it has no `details`
    (only its pending `changes`), and it is found by its name all the same; no second POST, no 409."""
    emulator.settings(templateReviewSeconds=0.5)
    emulator.add_fault(method="POST", path=r"/kakaotalk/senders/[^/]+/templates$", afterCommit=True, times=1,
                       **fault)  # fmt: skip
    ws = workspace()
    ws.write(config())
    ws.apply()
    [stored] = templates(emulator, "@shop1")
    creates = [
        r["status"] for r in emulator.api_requests() if r["method"] == "POST" and r["path"].endswith("/templates")
    ]
    assert len(creates) == 1, f"the create must not be sent again: {creates}"
    assert creates[0] != 201, "the fault must have answered the create (else this test proves nothing)"
    values = ws.state()[ADDRESS]["values"]
    assert (values["id"], values["state"]) == (stored["code"], "APPROVED")
    assert ws.plan()[0] == 0


def test_ctrl_c_during_the_review_wait_keeps_it_and_the_next_apply_waits_on(
    workspace: Callable[..., Workspace], emulator: Emulator
) -> None:
    """A stop ends the wait for APPROVED early: the template is in state, not tainted, and the next apply plans
    an update that waits on until the review approves it (no replacement, no second template)."""
    emulator.settings(templateReviewSeconds=30 * DAY)  # on the emulator clock: only the admin review ends it
    ws = workspace()
    ws.write(config())
    apply = ws.start("apply", "-auto-approve", "-input=false", "-no-color")
    wait_until(lambda: len(templates(emulator, "@shop1")) == 1, what="the template")
    [stored] = templates(emulator, "@shop1")
    item = f"GET {KAKAO}/senders/@shop1/templates/{stored['code']}"
    wait_until(lambda: item in api_calls(emulator), what="a poll of the wait")
    os.killpg(apply.pid, signal.SIGINT)  # what a terminal's Ctrl-C does: terraform and its provider
    output, _ = apply.communicate(timeout=60)
    assert f'Stopped waiting for sinch_kakaotalk_template "{PROJECT}/@shop1/{stored["code"]}" to reach APPROVED' \
        in said(output), output  # fmt: skip
    assert "stays in the Terraform state; the next apply plans an update that waits on" in said(output)
    assert [t["code"] for t in templates(emulator, "@shop1")] == [stored["code"]], "nothing orphaned"
    state = ws.state()[ADDRESS]
    assert state["values"]["id"] == stored["code"]
    assert not state.get("tainted"), "a stopped wait is not a failed create"
    assert (state["values"]["state"], state["values"]["pending_change_status"]) == (None, "IN_PROGRESS")

    _, plan, _ = ws.plan()
    assert changes(plan) == {ADDRESS: ["update"]}, "the next apply must wait on"
    emulator.clear_requests()
    apply = ws.start("apply", "-auto-approve", "-input=false", "-no-color")
    wait_until(lambda: api_calls(emulator).count(item) >= 3, what="the apply to poll")  # refresh, then the wait
    review(emulator, stored["code"])
    output, _ = apply.communicate(timeout=120)
    assert apply.returncode == 0, output
    values = ws.state()[ADDRESS]["values"]
    assert (values["state"], values["pending_change_status"]) == ("APPROVED", None)
    assert [t["code"] for t in templates(emulator, "@shop1")] == [stored["code"]]
    assert not [c for c in api_calls(emulator) if not c.startswith("GET ")], "waiting on sends nothing"
    assert ws.plan()[0] == 0


def test_a_timed_out_wait_fails_keeps_it_tainted_and_the_next_apply_replaces_it(
    workspace: Callable[..., Workspace], emulator: Emulator
) -> None:
    """As the time-out's error says: the template stays in state, tainted, and the next apply replaces it, even
    once the first one is approved (`terraform untaint` is how to keep it: the next test)."""
    emulator.settings(templateReviewSeconds=30 * DAY)
    ws = workspace()
    ws.write(config(extra='timeouts { create = "2s" }'))
    result = ws.apply(check=False)
    assert result.returncode == 1
    text = said(result.stdout + result.stderr)
    [first] = templates(emulator, "@shop1")
    assert f'Timed out after 2s waiting for sinch_kakaotalk_template "{PROJECT}/@shop1/{first["code"]}" to reach ' \
           "APPROVED" in text, text  # fmt: skip
    assert "marked tainted: the next apply replaces it" in text
    state = ws.state()[ADDRESS]
    assert state["values"]["id"] == first["code"] and state.get("tainted")

    review(emulator, first["code"])
    _, plan, _ = ws.plan()
    assert changes(plan) == {ADDRESS: ["delete", "create"]}
    emulator.settings(templateReviewSeconds=0.5)  # the new one's review
    ws.apply()
    [second] = templates(emulator, "@shop1")
    assert second["code"] != first["code"] and second["state"] == "APPROVED"
    values = ws.state()[ADDRESS]["values"]
    assert (values["id"], values["state"]) == (second["code"], "APPROVED")
    assert ws.plan()[0] == 0


def test_untainting_a_timed_out_template_waits_on_for_it(
    workspace: Callable[..., Workspace], emulator: Emulator
) -> None:
    """The time-out's other way: `terraform untaint`, then an apply whose update waits (up to `timeouts.update`)
    for the review of the same template."""
    emulator.settings(templateReviewSeconds=30 * DAY)
    ws = workspace()
    ws.write(config(extra='timeouts {\n create = "2s"\n update = "5m"\n }'))
    assert ws.apply(check=False).returncode == 1
    [stored] = templates(emulator, "@shop1")
    ws.run("untaint", "-no-color", ADDRESS)
    _, plan, _ = ws.plan()
    assert changes(plan) == {ADDRESS: ["update"]}
    emulator.clear_requests()
    apply = ws.start("apply", "-auto-approve", "-input=false", "-no-color")
    item = f"GET {KAKAO}/senders/@shop1/templates/{stored['code']}"
    wait_until(lambda: api_calls(emulator).count(item) >= 3, what="the apply to poll")
    review(emulator, stored["code"])
    output, _ = apply.communicate(timeout=120)
    assert apply.returncode == 0, output
    assert [t["code"] for t in templates(emulator, "@shop1")] == [stored["code"]]
    assert not [c for c in api_calls(emulator) if not c.startswith("GET ")], "waiting on sends nothing"
    assert ws.state()[ADDRESS]["values"]["state"] == "APPROVED"
    assert ws.plan()[0] == 0
