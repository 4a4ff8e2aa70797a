"""The activity data sources through real terraform: after a review rejected a template, a sender's profile change
and the account, each trail shows the rejection with its reason first (most recent first), across pages; bad input
fails at validate with the attribute's path, before any request."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tests.acceptance.conftest import PROJECT
from tests.acceptance.test_bad_input import refused_at_validate
from tests.harness import Emulator, Workspace

pytestmark = pytest.mark.acceptance

DAY = 24 * 3600
COMMENTS = 120  # more than a page (the data sources ask for 100 a page)
TEMPLATE = {
    "name": "acc_activity",
    "language": "EN_US",
    "category": "UTILITY",
    "details": {"components": [{"type": "BODY", "text": "Your activity code is {{1}}.", "examples": ["42"]}]},
}
TEMPLATE_PATH = f"/v1/projects/{PROJECT}/whatsapp/templates/acc_activity/languages/EN_US"

CONFIG = """
data "sinch_whatsapp_template_activities" "t" {
  name     = "acc_activity"
  language = "EN_US"
}
data "sinch_whatsapp_sender_activities" "s" {
  sender_id = "%(sender_id)s"
}
data "sinch_whatsapp_account_activities" "a" {}
output "template" { value = data.sinch_whatsapp_template_activities.t.activities }
output "sender"   { value = data.sinch_whatsapp_sender_activities.s.activities }
output "account"  { value = data.sinch_whatsapp_account_activities.a.activities }
"""


def ok(response: Any) -> Any:
    assert response.status_code < 300, response.text
    return response.json()


def test_rejections_show_first_across_pages(workspace: Callable[..., Workspace], emulator: Emulator) -> None:
    emulator.settings(templateReviewSeconds=30 * DAY, profileReviewSeconds=30 * DAY)
    emulator.seed_account(PROJECT)
    # The template: submitted, commented on COMMENTS times, then rejected by Meta.
    ok(emulator.api("POST", f"/v1/projects/{PROJECT}/whatsapp/templates", json=TEMPLATE))
    for n in range(COMMENTS):
        ok(emulator.api("POST", TEMPLATE_PATH + "/comments", json={"comment": f"note {n}"}))
    reason = "The template contains a link shortener."
    emulator.review_template(PROJECT, "acc_activity", "EN_US", "reject", reason=reason, rejection_code="SCAM")
    # The sender: a profile change submitted, then rejected.
    sender = emulator.seed_sender(PROJECT)
    sender_path = f"/v1/projects/{PROJECT}/whatsapp/senders/{sender['id']}"
    ok(emulator.api("PATCH", sender_path, json={"status": "SUBMIT", "details": {"about": "We sell everything"}}))
    emulator.review_sender_change(PROJECT, sender["id"], "reject", "The about text is misleading.")

    ws = workspace()
    ws.write(CONFIG % {"sender_id": sender["id"]})
    emulator.clear_requests()
    ws.apply()
    out = ws.outputs()

    template = out["template"]
    assert len(template) == COMMENTS + 3  # CREATED, IN_PROGRESS, the comments, REJECTED
    assert template[0] == {"type": "REJECTED", "created": template[0]["created"], "author": "Sinch", "comment": reason}
    assert [a["type"] for a in template[1 : COMMENTS + 1]] == ["COMMENT_ADDED"] * COMMENTS
    assert [a["comment"] for a in template[1:4]] == [f"note {COMMENTS - 1}", f"note {COMMENTS - 2}",
                                                      f"note {COMMENTS - 3}"]  # fmt: skip
    assert [a["type"] for a in template[-2:]] == ["IN_PROGRESS", "CREATED"]
    assert template[-1]["author"] == "Provisioning API user" and template[-1]["comment"] is None
    created = [a["created"] for a in template]
    assert created == sorted(created, reverse=True)  # most recent first

    assert [(a["type"], a["comment"]) for a in out["sender"][:3]] == [
        ("REJECTED", "The about text is misleading."),
        ("IN_PROGRESS", None),
        ("EDITED", None),
    ]
    assert out["account"][-1]["type"] == "CREATED"

    pages = [r for r in emulator.api_requests() if r["path"] == TEMPLATE_PATH + "/activities"]
    assert len(pages) >= 2, "the trail is longer than one page"
    assert any("pageToken" in str(r.get("query", "")) for r in pages), pages

    # A second plan reads the same trail: nothing to change.
    code, _, _ = ws.plan()
    assert code == 0


BAD = {
    "template name": (
        'data "sinch_whatsapp_template_activities" "t" {\n  name = "Not A Name"\n  language = "EN_US"\n}\n',
        "name",
    ),
    "template language": (
        'data "sinch_whatsapp_template_activities" "t" {\n  name = "fine"\n  language = "KLINGON"\n}\n',
        "language",
    ),
    "sender id": ('data "sinch_whatsapp_sender_activities" "s" {\n  sender_id = "a/b"\n}\n', "sender_id"),
    "project id": ('data "sinch_whatsapp_account_activities" "a" {\n  project_id = "../x"\n}\n', "project_id"),
}


@pytest.mark.parametrize("case", list(BAD))
def test_bad_input_fails_at_validate_without_a_request(
    case: str, workspace: Callable[..., Workspace], emulator: Emulator
) -> None:
    config, attribute = BAD[case]
    ws = workspace()
    ws.write(config)
    text = refused_at_validate(ws, emulator)
    assert f"Invalid {attribute}" in text, text
    assert f"{attribute} = " in text, "the diagnostic points at the attribute"
