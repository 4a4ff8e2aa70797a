"""sinch_whatsapp_comment through real terraform: comments on a sender and on a template (one POST each, shown in
the activities data sources and in the emulator), an empty re-plan that reads one activities page per comment, a
changed text that posts a new comment, a destroy that warns and sends nothing, a refused import, and bad input at
validate with the attribute's path and no request."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tests.acceptance.conftest import PROJECT
from tests.acceptance.test_bad_input import said
from tests.harness import Emulator, Workspace, changes

pytestmark = pytest.mark.acceptance

WHATSAPP = f"/v1/projects/{PROJECT}/whatsapp"
TEMPLATE = {
    "name": "acc_comment",
    "language": "EN_US",
    "category": "UTILITY",
    "details": {"components": [{"type": "BODY", "text": "Your code is {{1}}.", "examples": ["42"]}]},
}
TEMPLATE_PATH = f"{WHATSAPP}/templates/acc_comment/languages/EN_US"

CONFIG = """
resource "sinch_whatsapp_comment" "sender" {
  sender_id = "%(sender_id)s"
  text      = "%(sender_text)s"
}
resource "sinch_whatsapp_comment" "template" {
  template_name     = "acc_comment"
  template_language = "EN_US"
  text              = "The variable is an order number."
}
data "sinch_whatsapp_sender_activities" "s" {
  sender_id  = "%(sender_id)s"
  depends_on = [sinch_whatsapp_comment.sender]
}
data "sinch_whatsapp_template_activities" "t" {
  name       = "acc_comment"
  language   = "EN_US"
  depends_on = [sinch_whatsapp_comment.template]
}
output "sender"   { value = data.sinch_whatsapp_sender_activities.s.activities }
output "template" { value = data.sinch_whatsapp_template_activities.t.activities }
"""


def calls(emulator: Emulator, since: int = 0) -> list[str]:
    return [f"{r['method']} {r['path']}" for r in emulator.api_requests()[since:]]


def comments(emulator: Emulator, path: str) -> list[str]:
    response = emulator.api("GET", path + "/activities", params={"pageSize": 100})
    assert response.status_code == 200, response.text
    return [a["comment"] for a in response.json()["notifications"] if a["type"] == "COMMENT_ADDED"]


def test_comments_on_a_sender_and_a_template(workspace: Callable[..., Workspace], emulator: Emulator) -> None:
    emulator.seed_account(PROJECT)
    sender = emulator.seed_sender(PROJECT)
    sender_path = f"{WHATSAPP}/senders/{sender['id']}"
    assert emulator.api("POST", f"{WHATSAPP}/templates", json=TEMPLATE).status_code < 300
    ws = workspace()
    values: dict[str, Any] = {"sender_id": sender["id"], "sender_text": "Our trade name, see ticket 4711."}
    ws.write(CONFIG % values)
    emulator.clear_requests()
    ws.apply()

    posts = [c for c in calls(emulator) if c.startswith("POST")]
    assert sorted(posts) == sorted([f"POST {sender_path}/comments", f"POST {TEMPLATE_PATH}/comments"])
    state = ws.state()
    on_sender = state["sinch_whatsapp_comment.sender"]["values"]
    assert on_sender["text"] == "Our trade name, see ticket 4711." and on_sender["created"]
    assert on_sender["id"] == f"sender/{sender['id']}/{on_sender['created']}"
    assert state["sinch_whatsapp_comment.template"]["values"]["id"].startswith("template/acc_comment/EN_US/")
    out = ws.outputs()
    assert (out["sender"][0]["type"], out["sender"][0]["comment"]) == ("COMMENT_ADDED", values["sender_text"])
    assert out["sender"][0]["created"] == on_sender["created"]
    assert out["sender"][0]["author"] == "Provisioning API user"
    assert (out["template"][0]["type"], out["template"][0]["comment"]) == ("COMMENT_ADDED", "The variable is an "
                                                                           "order number.")  # fmt: skip
    assert comments(emulator, sender_path) == [values["sender_text"]]
    assert comments(emulator, TEMPLATE_PATH) == ["The variable is an order number."]

    # re-plan: nothing to do; the refresh of a comment is one read of its object's activities
    mark = len(emulator.api_requests())
    code, _, _ = ws.plan()
    assert code == 0
    refreshed = calls(emulator, mark)
    assert refreshed.count(f"GET {sender_path}/activities") == 2  # the comment, and the data source
    assert refreshed.count(f"GET {TEMPLATE_PATH}/activities") == 2
    assert not any(c.startswith(("POST", "PUT", "PATCH", "DELETE")) for c in refreshed)

    # a changed text replaces: a new comment is posted, the old one stays
    values["sender_text"] = "Corrected: ticket 4712."
    ws.write(CONFIG % values)
    _, plan, _ = ws.plan()
    assert changes(plan) == {"sinch_whatsapp_comment.sender": ["delete", "create"]}
    mark = len(emulator.api_requests())
    applied = ws.apply()
    assert "was removed from the Terraform state only" in applied.stdout + applied.stderr
    assert [c for c in calls(emulator, mark) if c.startswith("POST")] == [f"POST {sender_path}/comments"]
    assert comments(emulator, sender_path) == ["Corrected: ticket 4712.", "Our trade name, see ticket 4711."]
    assert ws.plan()[0] == 0

    # import is refused: a comment has no ID
    refused = ws.run("import", "-no-color", "sinch_whatsapp_comment.sender", "whatever", check=False)
    assert refused.returncode == 1
    assert "sinch_whatsapp_comment cannot be imported" in said(refused.stdout + refused.stderr)

    # destroy: nothing is sent (the API cannot delete a comment); the warning says the comment stays
    mark = len(emulator.api_requests())
    destroyed = ws.run("destroy", "-auto-approve", "-input=false", "-no-color")
    output = said(destroyed.stdout + destroyed.stderr)
    assert "was removed from the Terraform state only" in output
    assert "The Sinch API cannot delete a comment" in output
    assert [c for c in calls(emulator, mark) if not c.startswith("GET")] == []
    assert comments(emulator, TEMPLATE_PATH) == ["The variable is an order number."]
    assert ws.state() == {}


def test_a_comment_on_a_deleted_sender_leaves_the_state(
    workspace: Callable[..., Workspace], emulator: Emulator
) -> None:
    emulator.seed_account(PROJECT)
    sender = emulator.seed_sender(PROJECT)
    ws = workspace()
    ws.write(f'resource "sinch_whatsapp_comment" "c" {{\n  sender_id = "{sender["id"]}"\n  text = "hi"\n}}\n')
    ws.apply()
    assert emulator.api("DELETE", f"{WHATSAPP}/senders/{sender['id']}").status_code < 300
    emulator.advance(31 * 24 * 3600)  # a deleted sender is removed after 30 days, its activities with it
    emulator.clear_requests()
    code, plan, shown = ws.plan()
    assert code == 2
    assert "no longer exists" in said(shown) and "The sender it was posted on is gone" in said(shown)
    assert changes(plan) == {"sinch_whatsapp_comment.c": ["create"]}
    assert calls(emulator) == [f"GET {WHATSAPP}/senders/{sender['id']}/activities"]


BAD = {
    "sender id": ('sender_id = "a/b"\n  text = "hi"', "sender_id"),
    "template language": (
        'template_name = "fine"\n  template_language = "KLINGON"\n  text = "hi"',
        "template_language",
    ),
    "template name": ('template_name = "Not A Name"\n  template_language = "EN_US"\n  text = "hi"', "template_name"),
    "empty text": ('text = ""', "text"),
    "sender and template": (
        'sender_id = "s1"\n  template_name = "fine"\n  template_language = "EN_US"\n  text = "hi"',
        "template_name",
    ),
    "template name alone": ('template_name = "fine"\n  text = "hi"', "template_language"),
    "template language alone": ('template_language = "EN_US"\n  text = "hi"', "template_name"),
}


@pytest.mark.parametrize("case", list(BAD))
def test_bad_input_fails_at_validate_without_a_request(
    case: str, workspace: Callable[..., Workspace], emulator: Emulator
) -> None:
    body, attribute = BAD[case]
    ws = workspace()
    ws.write(f'resource "sinch_whatsapp_comment" "bad" {{\n  {body}\n}}\n')
    emulator.clear_requests()
    validated = ws.validate()
    output = validated.stdout + validated.stderr
    assert validated.returncode == 1, output
    assert f"Invalid {attribute}" in said(output), output
    assert emulator.requests() == []


def test_a_lost_answer_posts_the_account_comment_once(workspace: Callable[..., Workspace], emulator: Emulator) -> None:
    """The answer to the POST is dropped once Sinch recorded the comment: found in the activities, not sent again;
    a 503 before anything was recorded: proven absent, sent again."""
    emulator.seed_account(PROJECT)
    emulator.add_fault(method="POST", path=r"/whatsapp/comments$", drop=True, afterCommit=True, times=1)
    ws = workspace()
    ws.write('resource "sinch_whatsapp_comment" "a" {\n  text = "Documents re-uploaded."\n}\n')
    emulator.clear_requests()
    ws.apply()
    assert calls(emulator) == [f"POST {WHATSAPP}/comments", f"GET {WHATSAPP}/activities"]
    assert comments(emulator, WHATSAPP) == ["Documents re-uploaded."]
    values = ws.state()["sinch_whatsapp_comment.a"]["values"]
    assert values["id"] == f"account/{values['created']}"
    assert ws.plan()[0] == 0

    emulator.add_fault(method="POST", path=r"/whatsapp/comments$", status=503, times=1)
    ws.write('resource "sinch_whatsapp_comment" "a" {\n  text = "And the trade licence."\n}\n')
    mark = len(emulator.api_requests())
    ws.apply()
    assert [c for c in calls(emulator, mark) if c.startswith("POST")] == [f"POST {WHATSAPP}/comments"] * 2
    assert comments(emulator, WHATSAPP) == ["And the trade licence.", "Documents re-uploaded."]


def test_many_comments_on_one_sender_refresh_from_one_listing(
    workspace: Callable[..., Workspace], emulator: Emulator
) -> None:
    emulator.seed_account(PROJECT)
    sender = emulator.seed_sender(PROJECT)
    ws = workspace()
    ws.write(f"""
        resource "sinch_whatsapp_comment" "many" {{
          count     = 8
          sender_id = "{sender["id"]}"
          text      = "note ${{count.index}}"
        }}
        """)
    ws.apply()
    assert sorted(comments(emulator, f"{WHATSAPP}/senders/{sender['id']}")) == [f"note {n}" for n in range(8)]
    emulator.clear_requests()
    assert ws.plan()[0] == 0
    reads = calls(emulator)
    # two reads of their own, then one listing serves the others (provider/listing.py)
    assert set(reads) == {f"GET {WHATSAPP}/senders/{sender['id']}/activities"} and len(reads) <= 3, reads
