"""The WhatsApp Accounts tag: one account per project, review on the emulator clock, PATCH while REJECTED,
DELETE without senders, activities and comments."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
import pytest

from tests.emulator.conftest import (
    PI_ACCOUNT_BODY,
    PROJECT,
    WA_TIMING,
    es_body,
    pi_sender_body,
    senders_path,
    whatsapp_path,
)
from tests.emulator.test_webhooks import assert_papi_error, validation_errors

Advance = Callable[[float], None]
CreateSender = Callable[..., dict[str, Any]]


def test_create_get_and_review_to_onboarded(api: httpx.Client, wa_timing: Any, advance: Advance) -> None:
    created = api.post(whatsapp_path(), json=PI_ACCOUNT_BODY)
    assert created.status_code == 201
    body = created.json()
    assert body == {
        "state": "PENDING_FACEBOOK_VERIFICATION",
        "isEmbeddedSignup": False,
        "businessManager": "SINCH_UK",
        "changes": {
            "status": "IN_PROGRESS",
            "details": {
                "clientBusinessManagerId": "1234567890",
                "wabaName": "Legal name of company",
                "senderDetails": PI_ACCOUNT_BODY["senderDetails"],
            },
        },
        "wabaMaxPriceOnboarded": False,
        "compatibleRegions": ["eu", "us"],
    }
    assert api.get(whatsapp_path()).json() == body

    advance(WA_TIMING["accountReviewSeconds"] - 1)
    assert api.get(whatsapp_path()).json()["state"] == "PENDING_FACEBOOK_VERIFICATION"
    advance(1)
    onboarded = api.get(whatsapp_path()).json()
    assert onboarded["state"] == "ONBOARDED"
    assert "changes" not in onboarded
    assert onboarded["details"] == body["changes"]["details"]
    assert onboarded["wabaId"].isdigit()
    assert onboarded["currency"] == "EUR"
    assert onboarded["wabaEnabledForInsights"] is False


def test_defaults_for_region_business_manager_and_meta_local_storage(api: httpx.Client, wa_timing: Any) -> None:
    body = {
        **PI_ACCOUNT_BODY,
        "businessManager": "SINCH_BR",
        "senderDetails": {"displayName": "x", "businessCategory": "OTHER"},
    }
    created = api.post(whatsapp_path(), json=body).json()
    assert created["changes"]["details"]["senderDetails"] == {
        "displayName": "x",
        "businessCategory": "OTHER",
        "region": "BR",
        "metaLocalStorage": "BR",
    }
    assert created["compatibleRegions"] == ["br", "us"]
    null_bm = api.post(whatsapp_path("other-project"), json={**body, "businessManager": None})
    assert validation_errors(null_bm) == [  # null is a wrong value, not "absent"
        "businessManager must be one of the following values: SINCH_AMERICA, SINCH_BR, SINCH_MX, SINCH_SEP, SINCH_UK"
    ]
    no_bm = {k: v for k, v in body.items() if k != "businessManager"}
    created = api.post(whatsapp_path("other-project"), json=no_bm).json()
    assert created["businessManager"] == "SINCH_UK"
    assert created["changes"]["details"]["senderDetails"]["region"] == "US"
    assert created["changes"]["details"]["senderDetails"]["metaLocalStorage"] == "US"


@pytest.mark.parametrize(("region", "business_manager"), [("BR", "SINCH_UK"), ("EU", "SINCH_BR"), ("EU", "SINCH_MX")])
def test_unsupported_region_business_manager(
    api: httpx.Client, wa_timing: Any, region: str, business_manager: str
) -> None:
    body = {**PI_ACCOUNT_BODY, "businessManager": business_manager}
    body["senderDetails"] = {**PI_ACCOUNT_BODY["senderDetails"], "region": region}
    assert validation_errors(api.post(whatsapp_path(), json=body)) == [
        f"businessManager {business_manager} is not supported in region {region}"
    ]


def test_one_account_per_project(api: httpx.Client, wa_timing: Any) -> None:
    assert api.post(whatsapp_path(), json=PI_ACCOUNT_BODY).status_code == 201
    body = assert_papi_error(api.post(whatsapp_path(), json=PI_ACCOUNT_BODY), 409, "account_exists")
    assert body["message"] == "Account already exists."
    assert api.post(whatsapp_path("another-project"), json=PI_ACCOUNT_BODY).status_code == 201


def test_obo_body_is_rejected_as_deprecated(api: httpx.Client) -> None:
    response = api.post(whatsapp_path(), json={"companyLegalName": "Legal name", "clientBusinessManagerId": "1"})
    (message,) = validation_errors(response)
    assert "deprecated" in message and "OBO" in message and "partner-initiated" in message


def test_create_validation(api: httpx.Client) -> None:
    assert validation_errors(api.post(whatsapp_path(), json={})) == [
        "wabaName must be a string",
        "clientBusinessManagerId must be a string",
        "senderDetails should not be null or undefined",
    ]
    bad = {
        "wabaName": "",
        "clientBusinessManagerId": "x" * 256,
        "businessManager": "SINCH_XX",
        "senderDetails": {"displayName": 5, "businessCategory": "ONLINE_GAMBLING", "region": "APAC", "foo": 1},
        "extra": True,
    }
    assert validation_errors(api.post(whatsapp_path(), json=bad)) == [
        "property extra should not exist",
        "wabaName must be longer than or equal to 1 characters",
        "clientBusinessManagerId must be shorter than or equal to 255 characters",
        "businessManager must be one of the following values: SINCH_AMERICA, SINCH_BR, SINCH_MX, SINCH_SEP, SINCH_UK",
        "property senderDetails.foo should not exist",
        "senderDetails.displayName must be a string",
        "senderDetails.businessCategory must be one of the following values: "
        "ALCOHOL, AUTOMOTIVE, BEAUTY_SPA_SALON, CLOTHING_AND_APPAREL, EDUCATION, ENTERTAINMENT, "
        "EVENT_PLANNING_AND_SERVICE, FINANCE_AND_BANKING, FOOD_AND_GROCERY, HOTEL_AND_LODGING, MEDICAL_AND_HEALTH, "
        "NON_PROFIT, OTC_DRUGS, OTHER, PHYSICAL_GAMBLING, PROFESSIONAL_SERVICES, PUBLIC_SERVICE, RESTAURANT, "
        "SHOPPING_AND_RETAIL, TRAVEL_AND_TRANSPORTATION",
        "senderDetails.region must be one of the following values: BR, EU, US",
    ]
    response = api.post(whatsapp_path(), json={**PI_ACCOUNT_BODY, "senderDetails": "x"})
    assert validation_errors(response) == ["nested property senderDetails must be either object or array"]
    assert_papi_error(
        api.post(whatsapp_path(), content=b"[]", headers={"content-type": "application/json"}), 400, "invalid_payload"
    )


def test_no_account(api: httpx.Client, anon: httpx.Client) -> None:
    # What each operation documents: 404 account_not_found for GET, PATCH, activities, comments; DELETE 400.
    body = assert_papi_error(api.get(whatsapp_path()), 404, "account_not_found")
    assert body == {
        "errorCode": "account_not_found",
        "message": "Account not found.",
        "resolution": "Verify that the parameters are correct.",
    }
    assert_papi_error(api.patch(whatsapp_path(), json={"wabaName": "x"}), 404, "account_not_found")
    assert_papi_error(api.get(whatsapp_path() + "/activities"), 404, "account_not_found")
    assert_papi_error(api.post(whatsapp_path() + "/comments", json={"comment": "x"}), 404, "account_not_found")
    body = assert_papi_error(api.delete(whatsapp_path()), 400, "project_not_initialized")
    assert body == {
        "errorCode": "project_not_initialized",
        "message": "Project not initialized for WhatsApp.",
        "resolution": "Verify that the project ID is correct and that it has been onboarded for WhatsApp.",
    }
    assert_papi_error(anon.get(whatsapp_path()), 401, "unauthorized_error")
    # GET documents no 400: a malformed project id has no account (404); DELETE documents a 400.
    assert_papi_error(api.get("/v1/projects/bad_id!/whatsapp"), 404, "account_not_found")
    assert_papi_error(api.delete("/v1/projects/bad_id!/whatsapp"), 400, "invalid_id_format")


def test_reject_then_patch_then_onboarded(
    api: httpx.Client, admin: httpx.Client, wa_timing: Any, advance: Advance
) -> None:
    api.post(whatsapp_path(), json=PI_ACCOUNT_BODY)
    not_yet = assert_papi_error(api.patch(whatsapp_path(), json={"wabaName": "New"}), 409, "account_not_updatable")
    assert not_yet["resolution"] == 'Only account that are in "REJECTED" state can be updated.'
    assert not_yet["additionalInformation"] == {"state": ["PENDING_FACEBOOK_VERIFICATION"]}

    rejected = admin.post(f"/projects/{PROJECT}/whatsapp/account/review", json={"outcome": "reject", "reason": "Name"})
    assert rejected.status_code == 200
    assert rejected.json()["state"] == "REJECTED"
    assert rejected.json()["changes"]["status"] == "REJECTED"
    advance(WA_TIMING["accountReviewSeconds"])  # the cancelled automatic approval does not run
    assert api.get(whatsapp_path()).json()["state"] == "REJECTED"

    assert_papi_error(api.patch(whatsapp_path(), json={}), 400, "no_fields_to_update")
    assert validation_errors(api.patch(whatsapp_path(), json={"wabaName": 1})) == ["wabaName must be a string"]
    patched = api.patch(whatsapp_path(), json={"wabaName": "Fixed name", "senderDetails": {"displayName": "New"}})
    assert patched.status_code == 200
    body = patched.json()
    assert body["state"] == "REJECTED"
    assert body["changes"]["status"] == "IN_PROGRESS"
    assert body["changes"]["details"]["wabaName"] == "Fixed name"
    assert body["changes"]["details"]["senderDetails"]["displayName"] == "New"
    assert body["changes"]["details"]["senderDetails"]["region"] == "EU"
    assert_papi_error(api.patch(whatsapp_path(), json={"wabaName": "Again"}), 409, "account_not_updatable")

    advance(WA_TIMING["accountReviewSeconds"])
    onboarded = api.get(whatsapp_path()).json()
    assert onboarded["state"] == "ONBOARDED"
    assert onboarded["details"]["wabaName"] == "Fixed name"
    assert "changes" not in onboarded

    types = [n["type"] for n in api.get(whatsapp_path() + "/activities").json()["notifications"]]
    assert types == ["IN_PROGRESS", "EDITED", "REJECTED", "PENDING_FACEBOOK_VERIFICATION", "CREATED"]


def test_patch_region_checks_table(api: httpx.Client, admin: httpx.Client, wa_timing: Any) -> None:
    api.post(whatsapp_path(), json=PI_ACCOUNT_BODY)
    admin.post(f"/projects/{PROJECT}/whatsapp/account/review", json={"outcome": "reject"})
    response = api.patch(whatsapp_path(), json={"senderDetails": {"region": "BR"}})
    assert validation_errors(response) == ["businessManager SINCH_UK is not supported in region BR"]
    moved = api.patch(whatsapp_path(), json={"senderDetails": {"region": "US"}}).json()
    assert moved["changes"]["details"]["senderDetails"]["metaLocalStorage"] == "US"
    assert moved["compatibleRegions"] == ["us"]


def test_admin_review_approve_and_errors(api: httpx.Client, admin: httpx.Client, wa_timing: Any) -> None:
    review = f"/projects/{PROJECT}/whatsapp/account/review"
    assert admin.post(review, json={"outcome": "approve"}).status_code == 400  # no account
    api.post(whatsapp_path(), json=PI_ACCOUNT_BODY)
    assert admin.post(review, json={"outcome": "maybe"}).status_code == 400
    approved = admin.post(review, json={"outcome": "approve"})
    assert approved.status_code == 200 and approved.json()["state"] == "ONBOARDED"
    assert admin.post(review, json={"outcome": "approve"}).json()["errorCode"] == "invalid_admin_request"


def test_delete_account(api: httpx.Client, wa_timing: Any, advance: Advance) -> None:
    api.post(whatsapp_path(), json=PI_ACCOUNT_BODY)
    deleted = api.delete(whatsapp_path())
    assert deleted.status_code == 204 and deleted.content == b""
    assert_papi_error(api.get(whatsapp_path()), 404, "account_not_found")
    advance(WA_TIMING["accountReviewSeconds"])  # the pending review of the deleted account does nothing
    assert_papi_error(api.get(whatsapp_path()), 404, "account_not_found")
    assert api.post(whatsapp_path(), json=PI_ACCOUNT_BODY).status_code == 201


def test_delete_account_with_senders_is_409(
    api: httpx.Client, wa_timing: Any, advance: Advance, create_sender: CreateSender
) -> None:
    first = create_sender(es_body(1))
    second = create_sender(es_body(2))
    body = assert_papi_error(api.delete(whatsapp_path()), 409, "account_has_senders")
    assert body["message"] == "Account has senders."
    assert body["additionalInformation"] == {"projectId": [PROJECT], "senderIds": [first["id"], second["id"]]}

    # A provisioned sender marked for removal no longer blocks the account, unless its changes are in review.
    advance(WA_TIMING["senderActivationSeconds"])
    api.patch(f"{senders_path()}/{first['id']}", json={"status": "SUBMIT", "details": {"about": "x"}})
    assert api.delete(f"{senders_path()}/{first['id']}").status_code == 204
    assert api.delete(f"{senders_path()}/{second['id']}").status_code == 204
    pending = assert_papi_error(api.delete(whatsapp_path()), 409, "account_has_sender_changes")
    assert pending["additionalInformation"] == {"projectId": [PROJECT]}
    advance(WA_TIMING["profileReviewSeconds"])
    assert api.delete(whatsapp_path()).status_code == 204
    assert_papi_error(api.get(senders_path()), 400, "project_not_initialized")  # retained senders went too


def test_partner_initiated_sender_keeps_the_account(
    api: httpx.Client, wa_timing: Any, advance: Advance, create_sender: CreateSender
) -> None:
    api.post(whatsapp_path(), json=PI_ACCOUNT_BODY)
    advance(WA_TIMING["accountReviewSeconds"])
    create_sender(pi_sender_body())
    assert_papi_error(api.delete(whatsapp_path()), 409, "account_has_senders")


def test_comments_and_activities(api: httpx.Client, wa_timing: Any) -> None:
    api.post(whatsapp_path(), json=PI_ACCOUNT_BODY)
    created = api.post(whatsapp_path() + "/comments", json={"comment": "Example comment"})
    assert created.status_code == 201
    assert set(created.json()) == {"type", "comment", "created"}
    assert created.json()["type"] == "CREATED" and created.json()["comment"] == "Example comment"
    assert validation_errors(api.post(whatsapp_path() + "/comments", json={"comment": ""})) == [
        "comment must be longer than or equal to 1 characters"
    ]
    assert validation_errors(api.post(whatsapp_path() + "/comments", json={})) == ["comment must be a string"]
    for n in range(3):
        api.post(whatsapp_path() + "/comments", json={"comment": f"c{n}"})

    listed = api.get(whatsapp_path() + "/activities", params={"pageSize": 2})
    assert listed.status_code == 200
    page = listed.json()
    assert page["totalSize"] == 6 and page["pageSize"] == 2
    assert [n.get("comment") for n in page["notifications"]] == ["c2", "c1"]
    newest = page["notifications"][0]
    assert newest == {
        "type": "COMMENT_ADDED",
        "created": newest["created"],
        "author": "Provisioning API user",
        "comment": "c2",
    }
    assert newest["created"].endswith("Z") and newest["created"] >= created.json()["created"]
    rest = api.get(whatsapp_path() + "/activities", params={"pageToken": page["nextPageToken"], "pageSize": 4})
    assert [n["type"] for n in rest.json()["notifications"]] == [
        "COMMENT_ADDED",
        "COMMENT_ADDED",
        "PENDING_FACEBOOK_VERIFICATION",
        "CREATED",
    ]
    assert "nextPageToken" not in rest.json()
    assert_papi_error(api.get(whatsapp_path() + "/activities", params={"pageSize": 101}), 400, "invalid_page_size")
    assert_papi_error(api.get(whatsapp_path() + "/activities", params={"pageToken": "zz"}), 400, "invalid_page_token")
