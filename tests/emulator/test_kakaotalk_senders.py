"""The KakaoTalk Senders and Categories tags against the reference contract: project initialisation, create as
DRAFT or SUBMIT, field rules, PATCH of drafts, register and verify (the code through the admin API), changes,
comments, activities, the 60-day removal, admin reviews and states, and the webhook callbacks. Every answer is
also checked against the OpenAPI schemas (tests/emulator/conftest.py)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
import pytest

from tests.emulator.conftest import PROJECT, webhooks_path
from tests.emulator.test_webhook_callbacks import deliveries
from tests.emulator.test_webhooks import assert_papi_error, validation_errors
from tests.webhook_receiver import receiver, verify

KAKAO = f"/v1/projects/{PROJECT}/kakaotalk"
SENDERS = f"{KAKAO}/senders"
ADMIN_KAKAO = f"/projects/{PROJECT}/kakaotalk"
DAY = 86400.0


def sender_body(plus_friend_id: str = "@shop", **overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "plusFriendId": plus_friend_id,
        "details": {
            "adminPhoneNo": "+48777777777",
            "name": "Test Name",
            "topLevelCategoryCode": "019",
            "midLevelCategoryCode": "0006",
            "subLevelCategoryCode": "0001",
        },
    }
    body.update(overrides)
    return body


def create(api: httpx.Client, body: dict[str, Any]) -> dict[str, Any]:
    response = api.post(SENDERS, json=body)
    assert response.status_code == 201, response.text
    created: dict[str, Any] = response.json()
    return created


def activate(api: httpx.Client, admin: httpx.Client, plus_friend_id: str = "@shop") -> dict[str, Any]:
    """Create (SUBMIT), register, read the code, verify: an ACTIVE sender."""
    create(api, sender_body(plus_friend_id))
    assert api.post(f"{SENDERS}/{plus_friend_id}/register").json()["state"] == "VERIFYING"
    code = admin.get(f"{ADMIN_KAKAO}/senders/{plus_friend_id}/verification-code").json()["code"]
    verified = api.post(f"{SENDERS}/{plus_friend_id}/verify", json={"code": code})
    assert verified.status_code == 200, verified.text
    active: dict[str, Any] = verified.json()
    return active


@pytest.fixture
def advance(admin: httpx.Client) -> Callable[[float], None]:
    def move(seconds: float) -> None:
        assert admin.post("/clock/advance", json={"seconds": seconds}).status_code == 200

    return move


def test_a_project_without_kakaotalk_is_not_initialized(api: httpx.Client, admin: httpx.Client) -> None:
    for path in (SENDERS, f"{SENDERS}/@shop", f"{KAKAO}/categories/senders", f"{SENDERS}/@shop/templates"):
        body = assert_papi_error(api.get(path), 400, "project_not_initialized")
        assert body["message"] == "Project not initialized for KakaoTalk."
    assert admin.post(f"{ADMIN_KAKAO}/initialize").status_code == 200
    assert api.get(SENDERS).json() == {"totalSize": 0, "pageSize": 50, "senders": []}
    assert_papi_error(api.get(f"{SENDERS}/@shop"), 404, "sender_not_found")


def test_create_submit_initialises_the_project_and_is_in_progress(api: httpx.Client) -> None:
    created = create(api, sender_body())
    assert created["plusFriendId"] == "@shop"
    assert created["changes"] == {"status": "IN_PROGRESS", "details": sender_body()["details"]}
    assert "state" not in created and "details" not in created
    assert api.get(f"{SENDERS}/@shop").json() == created
    assert_papi_error(api.post(SENDERS, json=sender_body()), 409, "plus_friend_id_used")
    activities = api.get(f"{SENDERS}/@shop/activities").json()
    assert [a["type"] for a in activities["notifications"]] == ["IN_PROGRESS", "CREATED"]


def test_create_field_rules(api: httpx.Client) -> None:
    bad = sender_body("", status="LATER", saveDraftOnFailure="yes", extra=1)
    bad["details"] = {"adminPhoneNo": "12", "name": "", "logoImage": "not a url", "topLevelCategoryCode": 19}
    messages = validation_errors(api.post(SENDERS, json=bad))
    for expected in (
        "property extra should not exist",
        "status must be one of the following values: DRAFT, SUBMIT",
        "saveDraftOnFailure must be a boolean value",
        "plusFriendId must be longer than or equal to 1 characters",
        "details.adminPhoneNo must be a valid phone number",
        "details.name must be longer than or equal to 1 characters",
        "details.logoImage must be a URL address",
        "details.topLevelCategoryCode must be a string",
        "details.midLevelCategoryCode must be a string",
    ):
        assert expected in messages
    assert "plusFriendId must be shorter than or equal to 30 characters" in validation_errors(
        api.post(SENDERS, json=sender_body("x" * 31))
    )
    assert_papi_error(api.post(SENDERS, content=b"[]", headers={"content-type": "application/json"}), 400,
                      "invalid_payload")  # fmt: skip


def test_submission_checks_and_save_draft_on_failure(api: httpx.Client) -> None:
    wrong_category = sender_body()
    wrong_category["details"]["subLevelCategoryCode"] = "0999"
    assert_papi_error(api.post(SENDERS, json=wrong_category), 400, "sender_invalid_category_code")
    gif = sender_body()
    gif["details"]["logoImage"] = "https://example.com/logo.gif"
    assert_papi_error(api.post(SENDERS, json=gif), 400, "file_invalid_mime_type")
    kept = create(api, {**wrong_category, "saveDraftOnFailure": True})
    assert kept["changes"]["status"] == "DRAFT"
    png = sender_body("@png")
    png["details"]["logoImage"] = "https://example.com/logo.PNG"
    assert create(api, png)["changes"]["status"] == "IN_PROGRESS"


def test_draft_patch_then_submit(api: httpx.Client) -> None:
    draft = create(api, {**sender_body(), "status": "DRAFT"})
    assert draft["changes"]["status"] == "DRAFT"
    assert_papi_error(api.patch(f"{SENDERS}/@shop", json={}), 400, "no_fields_to_update")
    patched = api.patch(f"{SENDERS}/@shop", json={"details": {"name": "New name", "logoImage": None}})
    assert patched.status_code == 200, patched.text
    assert patched.json()["changes"]["status"] == "DRAFT"
    assert patched.json()["changes"]["details"]["name"] == "New name"
    assert "logoImage" not in patched.json()["changes"]["details"]
    submitted = api.patch(f"{SENDERS}/@shop", json={"status": "SUBMIT"}).json()
    assert submitted["changes"]["status"] == "IN_PROGRESS"
    assert_papi_error(api.patch(f"{SENDERS}/@shop", json={"details": {"name": "x"}}), 409,
                      "sender_changes_not_updatable")  # fmt: skip
    assert_papi_error(api.delete(f"{SENDERS}/@shop/changes"), 409, "sender_changes_not_deletable")
    assert_papi_error(api.patch(f"{SENDERS}/@none", json={"details": {"name": "x"}}), 404, "sender_not_found")


def test_register_and_verify(api: httpx.Client, admin: httpx.Client) -> None:
    create(api, {**sender_body(), "status": "DRAFT"})
    assert_papi_error(api.post(f"{SENDERS}/@shop/register"), 409, "not_allowed_register")
    assert_papi_error(api.post(f"{SENDERS}/@shop/verify", json={"code": 1}), 409, "not_allowed_verify")
    assert admin.get(f"{ADMIN_KAKAO}/senders/@shop/verification-code").status_code == 400
    api.patch(f"{SENDERS}/@shop", json={"status": "SUBMIT"})
    assert api.post(f"{SENDERS}/@shop/register").json()["state"] == "VERIFYING"
    code = admin.get(f"{ADMIN_KAKAO}/senders/@shop/verification-code").json()["code"]
    assert 100000 <= code <= 999999
    assert "code must be a number conforming to the specified constraints" in validation_errors(
        api.post(f"{SENDERS}/@shop/verify", json={"code": "1"})
    )
    validation_errors(api.post(f"{SENDERS}/@shop/verify", json={"code": code + 1 if code < 999999 else 100000}))
    active = api.post(f"{SENDERS}/@shop/verify", json={"code": code}).json()
    assert active["state"] == "ACTIVE"
    assert "changes" not in active
    assert active["details"] == sender_body()["details"]
    assert_papi_error(api.post(f"{SENDERS}/@shop/register"), 409, "not_allowed_register")
    assert api.get(SENDERS, params={"filterStates": "ACTIVE"}).json()["totalSize"] == 1
    assert api.get(SENDERS, params={"filterStatuses": "DRAFT"}).json()["totalSize"] == 0
    body = assert_papi_error(api.get(SENDERS, params={"filterStates": "GONE"}), 400, "invalid_filter_states")
    assert body["additionalInformation"] == {"supportedCodes": ["ACTIVE, BLOCKED, INACTIVE, SUSPENDED, VERIFYING"]}
    assert_papi_error(api.get(SENDERS, params={"filterStatuses": "X"}), 400, "invalid_filter_statuses")


def test_changes_of_an_active_sender_are_reviewed_on_the_clock(
    api: httpx.Client, admin: httpx.Client, advance: Callable[[float], None]
) -> None:
    activate(api, admin)
    assert_papi_error(api.delete(f"{SENDERS}/@shop/changes"), 404, "sender_changes_not_found")
    api.patch(f"{SENDERS}/@shop", json={"details": {"name": "Draft name"}})
    assert api.delete(f"{SENDERS}/@shop/changes").status_code == 204
    assert "changes" not in api.get(f"{SENDERS}/@shop").json()
    submitted = api.patch(f"{SENDERS}/@shop", json={"status": "SUBMIT", "details": {"name": "Reviewed"}}).json()
    assert submitted["changes"]["status"] == "IN_PROGRESS"
    assert submitted["details"]["name"] == "Test Name"
    advance(3)
    reviewed = api.get(f"{SENDERS}/@shop").json()
    assert reviewed["details"]["name"] == "Reviewed"
    assert "changes" not in reviewed
    bad = api.patch(f"{SENDERS}/@shop", json={"status": "SUBMIT", "details": {"midLevelCategoryCode": "0009"}})
    assert_papi_error(bad, 400, "sender_invalid_category_code")


def test_admin_review_reject_state_and_comments_send_webhooks(api: httpx.Client, admin: httpx.Client) -> None:
    with receiver() as hooks:  # answers at once: the deliveries settle fast
        api.post(webhooks_path(), json={"target": f"{hooks.url}/hook", "secret": "s", "triggers": ["ALL"]})
        create(api, sender_body())
        rejected = admin.post(f"{ADMIN_KAKAO}/senders/@shop/review", json={"outcome": "reject", "reason": "Bad logo"})
        assert rejected.json()["changes"]["status"] == "REJECTED"
        assert admin.post(f"{ADMIN_KAKAO}/senders/@shop/review", json={"outcome": "approve"}).status_code == 400
        assert_papi_error(api.patch(f"{SENDERS}/@shop", json={"details": {"name": "x"}}), 409,
                          "sender_changes_not_updatable")  # fmt: skip
        comment = api.post(f"{SENDERS}/@shop/comments", json={"comment": "Fixed"})
        assert comment.status_code == 201
        assert comment.json()["type"] == "CREATED" and comment.json()["comment"] == "Fixed"
        assert admin.post(f"{ADMIN_KAKAO}/senders/@shop/comments", json={"comment": "From Sinch"}).status_code == 200
        assert admin.post(f"{ADMIN_KAKAO}/senders/@shop/state", json={"state": "ACTIVE"}).json()["state"] == "ACTIVE"
        assert admin.post(f"{ADMIN_KAKAO}/senders/@shop/state", json={"state": "BLOCKED"}).json()["state"] == "BLOCKED"
        assert_papi_error(api.post(f"{SENDERS}/@shop/register"), 409, "not_allowed_register")
        types = [a["type"] for a in api.get(f"{SENDERS}/@shop/activities").json()["notifications"]]
        assert types == ["INACTIVE", "ACTIVE", "COMMENT_ADDED", "COMMENT_ADDED", "REJECTED", "IN_PROGRESS", "CREATED"]
        log = deliveries(admin)
        assert [d["trigger"] for d in log] == [
            "KAKAOTALK_SENDER_REJECTED",
            "KAKAOTALK_SENDER_COMMENT_ADDED",
            "KAKAOTALK_SENDER_COMMENT_ADDED",
            "KAKAOTALK_SENDER_ACTIVE",
            "KAKAOTALK_SENDER_INACTIVE",
        ]


def test_delete_is_a_removal_in_60_days(
    api: httpx.Client, admin: httpx.Client, advance: Callable[[float], None]
) -> None:
    activate(api, admin)
    assert api.delete(f"{SENDERS}/@shop").status_code == 204
    assert_papi_error(api.delete(f"{SENDERS}/@shop"), 409, "sender_already_deleted")
    advance(59 * DAY)
    assert api.get(f"{SENDERS}/@shop").json()["state"] == "ACTIVE"
    advance(1 * DAY)
    assert_papi_error(api.get(f"{SENDERS}/@shop"), 404, "sender_not_found")
    assert_papi_error(api.delete(f"{SENDERS}/@shop"), 404, "sender_not_found")


def test_deleting_the_changes_of_a_never_active_sender_removes_it(api: httpx.Client) -> None:
    create(api, {**sender_body(), "status": "DRAFT"})
    assert api.delete(f"{SENDERS}/@shop/changes").status_code == 204
    assert_papi_error(api.get(f"{SENDERS}/@shop"), 404, "sender_not_found")


def test_list_pagination(api: httpx.Client) -> None:
    for n in range(3):
        create(api, sender_body(f"@s{n}"))
    first = api.get(SENDERS, params={"pageSize": 2}).json()
    assert [s["plusFriendId"] for s in first["senders"]] == ["@s0", "@s1"]
    second = api.get(SENDERS, params={"pageSize": 2, "pageToken": first["nextPageToken"]}).json()
    assert [s["plusFriendId"] for s in second["senders"]] == ["@s2"]
    assert_papi_error(api.get(SENDERS, params={"pageSize": 101}), 400, "invalid_page_size")
    assert_papi_error(api.get(SENDERS, params={"pageToken": "nope"}), 400, "invalid_page_token")
    assert_papi_error(api.get(f"{SENDERS}/@s0/activities", params={"pageSize": 0}), 400, "invalid_page_size")


def test_categories(api: httpx.Client) -> None:
    create(api, sender_body())
    tree = api.get(f"{KAKAO}/categories/senders").json()["categories"]
    top = next(c for c in tree if c["code"] == "019")
    assert (top["depth"], top["parentCode"]) == (1, "")
    mid = top["subcategories"][0]
    assert (mid["depth"], mid["parentCode"], mid["code"]) == (2, "019", "0006")
    assert mid["subcategories"][0]["depth"] == 3
    page = api.get(f"{KAKAO}/categories/senders/@shop/templates", params={"pageSize": 1}).json()
    assert page["totalSize"] == 2 and len(page["categories"]) == 1 and "nextPageToken" in page
    codes = {s["code"] for s in page["categories"][0]["subcategories"]}
    assert "001001" in codes
    assert_papi_error(api.get(f"{KAKAO}/categories/senders/@none/templates"), 404, "sender_not_found")
    assert_papi_error(api.get(f"{KAKAO}/categories/senders/@shop/templates", params={"pageSize": "x"}), 400,
                      "invalid_page_size")  # fmt: skip


def test_callbacks_are_signed_with_the_dto_and_comment(api: httpx.Client, admin: httpx.Client) -> None:
    """The body of a KakaoTalk callback: `{type, payload: <the DTO now>, comment?}`, signed with the secret."""
    with receiver() as hooks:
        triggers = ["KAKAOTALK_SENDER_ACTIVE", "KAKAOTALK_SENDER_REJECTED", "KAKAOTALK_TEMPLATE_APPROVED"]
        api.post(webhooks_path(), json={"target": f"{hooks.url}/kakao", "secret": "k-secret", "triggers": triggers})
        create(api, sender_body("@other"))
        admin.post(f"{ADMIN_KAKAO}/senders/@other/review", json={"outcome": "reject", "reason": "No logo"})
        active = activate(api, admin)
        code = api.post(f"{SENDERS}/@shop/templates", json={"details": {"name": "n", "language": "KO",
                                                                        "content": "c"}}).json()["code"]  # fmt: skip
        assert admin.post("/clock/advance", json={"seconds": 3}).status_code == 200
        rejected, activated, approved = hooks.wait_for(3)
        for callback in (rejected, activated, approved):
            assert verify("k-secret", callback.body, callback.headers)
        assert rejected.json["type"] == "KAKAOTALK_SENDER_REJECTED"
        assert rejected.json["comment"] == "No logo"
        assert rejected.json["payload"]["changes"]["status"] == "REJECTED"
        assert activated.json == {"type": "KAKAOTALK_SENDER_ACTIVE", "payload": active}
        assert approved.json["type"] == "KAKAOTALK_TEMPLATE_APPROVED"
        assert (approved.json["payload"]["code"], approved.json["payload"]["state"]) == (code, "APPROVED")


def test_a_fault_on_a_kakaotalk_path_takes_the_kakaotalk_message(api: httpx.Client, admin: httpx.Client) -> None:
    """Faults reach the documented Sinch-data errors (409 file_size_too_large, 412 account_is_in_progress); a code
    both channels use answers the KakaoTalk message on a KakaoTalk path."""
    for code, status in (
        ("file_size_too_large", 409),
        ("account_is_in_progress", 412),
        ("project_not_initialized", 400),
    ):
        rule = {"method": "POST", "path": "/kakaotalk/senders$", "status": status, "errorCode": code, "times": 1}
        assert admin.post("/faults", json=rule).status_code == 201
        body = assert_papi_error(api.post(SENDERS, json=sender_body()), status, code)
        assert "KakaoTalk" in body["message"] or code != "project_not_initialized"
        if code == "file_size_too_large":
            assert body["message"] == "details.logoImage: file size is too large."
