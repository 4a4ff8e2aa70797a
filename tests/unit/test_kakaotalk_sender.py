"""sinch_kakaotalk_sender's requests and rules, without terraform: SUBMIT or DRAFT, only what changed PATCHed (a
removed logo as null), `submit` submitting a draft, a never-active sender read from its submitted details, the
registration asked for by the create's wait, and the logo rule."""

from __future__ import annotations

from typing import Any

from tf.utils import Diagnostics

from provider.waiting import PENDING
from resources.kakaotalk_sender import REVIEW, KakaotalkSender, logo_rules
from tests.unit.conftest import FakeSinch, project_provider, reply, request_json

NAMES = [a.name for a in KakaotalkSender.attributes]
SENDERS = "/v1/projects/p1/kakaotalk/senders"
DETAILS = {"name": "Shop", "adminPhoneNo": "+48777777777", "topLevelCategoryCode": "019",
           "midLevelCategoryCode": "0006", "subLevelCategoryCode": "0001"}  # fmt: skip


def sender(fake: FakeSinch | None = None) -> KakaotalkSender:
    return KakaotalkSender(project_provider(fake))


def planned(**values: Any) -> dict[str, Any]:
    base: dict[str, Any] = {n: None for n in NAMES}
    base.update(project_id="p1", plus_friend_id="@shop", name="Shop", admin_phone_number="+48777777777",
                top_level_category_code="019", mid_level_category_code="0006", sub_level_category_code="0001",
                submit=True, wait_for_state="ACTIVE")  # fmt: skip
    base.update(values)
    return base


def test_create_submits_or_saves_a_draft() -> None:
    body = sender().create_body(planned(logo_url="https://cdn.example.com/logo.png"))
    assert body == {"plusFriendId": "@shop", "status": "SUBMIT",
                    "details": {**DETAILS, "logoImage": "https://cdn.example.com/logo.png"}}  # fmt: skip
    assert sender().create_body(planned(submit=False))["status"] == "DRAFT"


def test_update_patches_what_changed_a_removed_logo_as_null() -> None:
    current = planned(logo_url="https://cdn.example.com/logo.png", state="ACTIVE")
    body = sender().update_body(current, planned(name="New"), ["name", "logo_url"])
    assert body == {"status": "SUBMIT", "details": {"name": "New", "logoImage": None}}
    draft = sender().update_body(current, planned(name="New", submit=False), ["name"])
    assert draft == {"status": "DRAFT", "details": {"name": "New"}}


def test_submit_true_submits_a_pending_draft_and_nothing_else() -> None:
    draft = planned(submit=False, pending_change_status="DRAFT")
    assert sender().changed(draft, planned(pending_change_status="DRAFT")) == ["submit"]
    assert sender().update_body(draft, planned(), ["submit"]) == {"status": "SUBMIT"}
    active = planned(submit=False, state="ACTIVE")
    assert sender().changed(active, planned(state="ACTIVE")) == []


def test_a_sender_never_active_shows_its_submitted_details() -> None:
    answer = {"id": "s1", "plusFriendId": "@shop", "changes": {"status": "REJECTED", "details": DETAILS}}
    state = sender().state_from_api(answer, planned())
    assert (state["name"], state["pending_change_status"], state["state"]) == ("Shop", "REJECTED", None)
    live = {"id": "s1", "plusFriendId": "@shop", "state": "ACTIVE", "details": DETAILS,
            "changes": {"status": "IN_PROGRESS", "details": {"name": "Pending"}}}  # fmt: skip
    assert sender().state_from_api(live, planned())["name"] == "Pending"


def test_the_create_wait_registers_a_submitted_sender_and_ends_there() -> None:
    registered = {"id": "s1", "plusFriendId": "@shop", "state": "VERIFYING",
                  "changes": {"status": "IN_PROGRESS", "details": DETAILS}}  # fmt: skip
    fake = FakeSinch(api=[reply(200, registered)])
    s = sender(fake)
    created = {"id": "s1", "plusFriendId": "@shop", "changes": {"status": "IN_PROGRESS", "details": DETAILS}}
    verdict = s.judge(created, planned(), s.provider.client)
    assert verdict.done and verdict.body == registered
    assert "a code was sent to the admin phone" in str(verdict.warning)
    assert [(r.method, r.url.path) for r in fake.api_requests] == [("POST", f"{SENDERS}/@shop/register")]
    # a draft is not registered: it rests
    assert s.judge({**created, "changes": {"status": "DRAFT", "details": DETAILS}}, planned(), s.provider.client).done
    assert len(fake.api_requests) == 1


def test_verification_sends_the_code_as_a_number_and_takes_the_answer() -> None:
    active = {"id": "s1", "plusFriendId": "@shop", "state": "ACTIVE", "details": DETAILS}
    fake = FakeSinch(api=[reply(200, active)])
    s = sender(fake)
    current = planned(state="VERIFYING", pending_change_status="IN_PROGRESS")
    body = s.verify(Diagnostics(), s.provider.client, current, planned(verification_code="123456"),
                    ["verification_code"])  # fmt: skip
    assert body == active
    [request] = fake.api_requests
    assert (request.method, request.url.path, request_json(request)) == ("POST", f"{SENDERS}/@shop/verify",
                                                                         {"code": 123456})  # fmt: skip


def test_a_sender_awaiting_its_code_is_not_waiting_and_refuses_changes() -> None:
    s = sender()
    verifying = planned(state="VERIFYING", pending_change_status="IN_PROGRESS")
    assert not s.waiting(verifying)
    assert s.refused_update(verifying, {**verifying, "name": "Other"}) is not None
    assert s.refused_update(verifying, {**verifying, "verification_code": "123456"}) is None
    assert REVIEW.judge({"changes": {"status": "IN_PROGRESS"}}, "ACTIVE") == PENDING


def test_logo_must_be_jpeg_or_png_by_its_name() -> None:
    assert logo_rules({"logo_url": "https://cdn.example.com/logo.gif"})
    assert not logo_rules({"logo_url": "https://cdn.example.com/logo.JPG"})
    assert not logo_rules({"logo_url": "https://cdn.example.com/logo"})
