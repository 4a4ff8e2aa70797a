"""The WhatsApp Senders tag: the create variants, the clock-driven life (ES to ACTIVE, partner-initiated through
register/verify), profile change sets, deletion retention, lists and filters, and every documented error."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from tests.emulator.conftest import (
    PI_ACCOUNT_BODY,
    PROJECT,
    UUID_RE,
    WA_TIMING,
    es_body,
    pi_sender_body,
    senders_path,
    whatsapp_path,
)
from tests.emulator.test_webhooks import assert_papi_error, validation_errors

Advance = Callable[[float], None]
CreateSender = Callable[..., dict[str, Any]]
ACTIVATION = WA_TIMING["senderActivationSeconds"]
REVIEW = WA_TIMING["profileReviewSeconds"]
DAY = 86400
UNKNOWN_ID = "cf11794a-6a5e-4a12-b103-da79bd378bf1"


def sender_url(sender_id: str, project: str = PROJECT) -> str:
    return f"{senders_path(project)}/{sender_id}"


def otp(admin: httpx.Client, sender_id: str) -> str:
    response = admin.get(f"/projects/{PROJECT}/whatsapp/senders/{sender_id}/otp")
    assert response.status_code == 200, response.text
    code: str = response.json()["code"]
    return code


# --- Embedded Signup -----------------------------------------------------------------------------------------


def test_es_create_then_active_after_activation_time(
    api: httpx.Client, create_sender: CreateSender, advance: Advance
) -> None:
    created = create_sender(dict(ES_EXAMPLE))
    assert re.fullmatch(UUID_RE, created["id"])
    assert created == {
        "id": created["id"],
        "changes": {"status": "IN_PROGRESS", "details": {"displayName": "Business 2222", "vertical": "NOT_SET"}},
        "region": "EU",
        "metaLocalStorage": "DE",
        "cloudApi": True,
        "created": created["created"],
        "modified": created["created"],
        "numberProvider": "CUSTOMER",
        "businessManager": "SINCH_UK",
        "compatibleRegions": ["eu", "us"],
    }
    assert api.get(sender_url(created["id"])).json() == created

    # The project had no account: the ES create made an Embedded Signup one.
    account = api.get(whatsapp_path()).json()
    assert account["isEmbeddedSignup"] is True
    assert account["state"] == "ONBOARDED"
    assert account["wabaId"] == ES_EXAMPLE["wabaId"]
    assert account["businessManager"] == "SINCH_UK"

    advance(ACTIVATION - 1)
    assert "state" not in api.get(sender_url(created["id"])).json()
    advance(1)
    active = api.get(sender_url(created["id"])).json()
    assert active["state"] == "ACTIVE"
    assert "changes" not in active
    assert active["details"] == {"displayName": "Business 2222", "vertical": "NOT_SET"}
    assert (active["countryCode"], active["phoneNumber"]) == ("48", "222222222")
    assert active["qualityRating"] == "GREEN"
    assert isinstance(active["maxTps"], int) and active["dailyLimit"] == "TIER_250"
    assert active["conversationApiAppDetails"] == {
        "id": active["conversationApiApp"],
        "projectId": PROJECT,
        "region": "EU",
        "channelStatus": "ACTIVE",
    }
    assert re.fullmatch(r"[0-9A-F]{32}", active["conversationApiApp"])
    assert len(active["bearerToken"].split(".")) == 3
    assert active["created"] == created["created"] and active["modified"] > created["modified"]
    types = [n["type"] for n in api.get(sender_url(created["id"]) + "/activities").json()["notifications"]]
    assert types == ["ACTIVE", "IN_PROGRESS", "CREATED"]


ES_EXAMPLE = {
    "region": "EU",
    "metaLocalStorage": "DE",
    "wabaId": "11111111111111",
    "phoneNumberId": "222222222222222",
    "authenticationCode": "123asdf123",
}


def test_real_time_drives_transitions(api: httpx.Client, admin: httpx.Client) -> None:
    import time

    admin.patch("/settings", json={"senderActivationSeconds": 0.2})
    created = api.post(senders_path(), json=es_body()).json()
    time.sleep(0.3)
    assert api.get(sender_url(created["id"])).json()["state"] == "ACTIVE"


@pytest.mark.parametrize(
    ("region", "business_manager", "supported"),
    [
        ("BR", "SINCH_BR", True),
        ("BR", "SINCH_MX", True),
        ("BR", "SINCH_UK", False),
        ("EU", "SINCH_BR", False),
        ("EU", "SINCH_MX", False),
        ("EU", "SINCH_UK", True),
        ("US", "SINCH_BR", True),
        ("US", "SINCH_MX", True),
        ("US", "SINCH_UK", True),
    ],
)
def test_es_region_business_manager_table(
    api: httpx.Client, wa_timing: Any, region: str, business_manager: str, supported: bool
) -> None:
    body = es_body(region=region, businessManager=business_manager)
    body.pop("metaLocalStorage")
    response = api.post(senders_path(), json=body)
    if supported:
        assert response.status_code == 201, response.text
        assert response.json()["region"] == region
        assert response.json()["businessManager"] == business_manager
        assert response.json()["metaLocalStorage"] == {"BR": "BR", "EU": "DE", "US": "US"}[region]
    else:
        assert validation_errors(response) == [
            f"businessManager {business_manager} is not supported in region {region}"
        ]
        assert_papi_error(api.get(whatsapp_path()), 404, "account_not_found")  # nothing was created


@pytest.mark.parametrize(
    ("business_manager", "region", "effective_manager"),
    [
        ("SINCH_UK", "EU", "SINCH_UK"),
        ("SINCH_BR", "BR", "SINCH_BR"),
        ("SINCH_MX", "BR", "SINCH_MX"),
        (None, "US", "SINCH_UK"),
    ],
)
def test_es_default_region(
    api: httpx.Client, wa_timing: Any, business_manager: str | None, region: str, effective_manager: str
) -> None:
    body = {"wabaId": "1", "phoneNumberId": "2"}
    if business_manager:
        body["businessManager"] = business_manager
    created = api.post(senders_path(), json=body).json()
    assert (created["region"], created["businessManager"]) == (region, effective_manager)
    assert created["compatibleRegions"] == sorted({region.lower(), "us"})


def test_es_validation_and_deprecated_body(api: httpx.Client) -> None:
    assert validation_errors(api.post(senders_path(), json={"phoneNumberId": 5, "wabaId": None, "x": 1})) == [
        "property x should not exist",
        "wabaId must be a string",
        "phoneNumberId must be a string",
    ]
    bad = es_body(region="APAC", metaLocalStorage="FR", businessManager="SINCH_AMERICA", authenticationCode="")
    assert validation_errors(api.post(senders_path(), json=bad)) == [
        "region must be one of the following values: BR, EU, US",
        "metaLocalStorage must be one of the following values: AE, AU, BH, BR, CA, CH, DE, GB, ID, IN, JP, KR, SG, "
        "US, ZA",
        "businessManager must be one of the following values: SINCH_BR, SINCH_MX, SINCH_UK",
        "authenticationCode must be longer than or equal to 1 characters",
    ]
    deprecated = {**es_body(), "facebookAccessToken": "FACEBOOK_TOKEN", "name": "Example name"}
    (message,) = validation_errors(api.post(senders_path(), json=deprecated))
    assert "WhatsappSenderInputDtoDeprecated" in message and "deprecated" in message


def test_es_conflicts(api: httpx.Client, admin: httpx.Client, create_sender: CreateSender) -> None:
    assert_papi_error(api.post(senders_path(), json=es_body(wabaId="")), 409, "not_found_waba_id")
    create_sender(es_body(1))
    assert_papi_error(api.post(senders_path(), json=es_body(1)), 409, "used_phone_number_id")
    assert_papi_error(api.post(senders_path(), json=es_body(2, wabaId="999")), 409, "wrong_waba_id")
    assert_papi_error(
        api.post(senders_path(), json=es_body(2, businessManager="SINCH_MX", region="US")),
        409,
        "wrong_business_manager",
    )
    assert create_sender(es_body(2, wabaId=""))["businessManager"] == "SINCH_UK"  # the account's WABA is used
    assert_papi_error(api.post(senders_path("other"), json=es_body(3)), 409, "waba_id_used")
    # ... and the account type: a partner-initiated account rejects ES senders.
    admin.post("/projects/pi-project/whatsapp/account", json={})
    body = assert_papi_error(
        api.post(senders_path("pi-project"), json=es_body(4, wabaId="4")), 400, "wrong_account_type"
    )
    assert "partner-initiated" in body["message"]


# --- partner-initiated and phone provisioning ----------------------------------------------------------------


def test_partner_initiated_needs_an_onboarded_partner_account(
    api: httpx.Client, admin: httpx.Client, create_sender: CreateSender, advance: Advance
) -> None:
    assert_papi_error(api.post(senders_path(), json=pi_sender_body()), 400, "project_not_initialized")
    create_sender(es_body(1))  # an Embedded Signup account now
    body = assert_papi_error(api.post(senders_path(), json=pi_sender_body()), 400, "wrong_account_type")
    assert "Embedded Signup" in body["message"]

    api.post(whatsapp_path("p2"), json=PI_ACCOUNT_BODY)  # in review
    assert_papi_error(api.post(senders_path("p2"), json=pi_sender_body()), 400, "project_not_initialized")
    advance(WA_TIMING["accountReviewSeconds"])
    assert api.post(senders_path("p2"), json=pi_sender_body()).status_code == 201


def test_partner_initiated_register_verify_to_active(
    api: httpx.Client, admin: httpx.Client, pi_account: Any, create_sender: CreateSender, advance: Advance
) -> None:
    created = create_sender(pi_sender_body())
    url = sender_url(created["id"])
    expected_details = {k: v for k, v in pi_sender_body()["details"].items() if k not in ("countryCode", "phoneNumber")}
    assert created["changes"] == {"status": "IN_PROGRESS", "details": expected_details}
    assert "state" not in created and "details" not in created
    assert (created["countryCode"], created["phoneNumber"], created["numberProvider"]) == (
        "48",
        "777777777",
        "CUSTOMER",
    )
    assert (created["region"], created["metaLocalStorage"], created["businessManager"]) == ("EU", "DE", "SINCH_UK")

    # Registering or verifying before PENDING_VERIFICATION is a conflict.
    assert_papi_error(api.post(url + "/register", json={"method": "SMS"}), 409, "not_allowed_register")
    advance(ACTIVATION)
    pending = api.get(url).json()
    assert pending["state"] == "PENDING_VERIFICATION"
    assert pending["details"] == expected_details
    assert "changes" not in pending and "bearerToken" not in pending

    # verify before register
    early = assert_papi_error(api.post(url + "/verify", json={"code": "123456"}), 409, "wrong_otp")
    assert early["additionalInformation"] == {
        "reason": ["No verification code has been sent for this sender: call register first."]
    }
    assert admin.get(f"/projects/{PROJECT}/whatsapp/senders/{created['id']}/otp").status_code == 404
    assert validation_errors(api.post(url + "/register", json={"method": "EMAIL"})) == [
        "method must be one of the following values: SMS, VOICE"
    ]

    registered = api.post(url + "/register", json={"method": "VOICE"})
    assert registered.status_code == 200
    assert registered.json() == {
        "id": created["id"],
        "method": "VOICE",
        "accepted": registered.json()["accepted"],
        "verificationCodeSent": True,
    }
    sent = admin.get(f"/projects/{PROJECT}/whatsapp/senders/{created['id']}/otp").json()
    assert sent["method"] == "VOICE" and re.fullmatch(r"[0-9]{6}", sent["code"])

    assert validation_errors(api.post(url + "/verify", json={"code": "12345"})) == ["code must be exactly 6 characters"]
    assert validation_errors(api.post(url + "/verify", json={"code": 123456})) == [
        "code must be a string",
        "code must be exactly 6 characters",
    ]
    wrong = "000000" if sent["code"] != "000000" else "111111"
    body = assert_papi_error(api.post(url + "/verify", json={"code": wrong}), 409, "wrong_otp")
    assert body["message"] == "Sender verification failed due to wrong OTP."
    assert api.get(url).json()["state"] == "PENDING_VERIFICATION"

    verified = api.post(url + "/verify", json={"code": sent["code"]})
    assert verified.status_code == 204 and verified.content == b""
    active = api.get(url).json()
    assert active["state"] == "ACTIVE"
    assert active["bearerToken"] and active["conversationApiAppDetails"]["channelStatus"] == "ACTIVE"
    assert_papi_error(api.post(url + "/verify", json={"code": sent["code"]}), 409, "not_allowed_verify")
    assert_papi_error(api.post(url + "/register", json={"method": "SMS"}), 409, "not_allowed_register")
    types = [n["type"] for n in api.get(url + "/activities").json()["notifications"]]
    assert types == ["ACTIVE", "VERIFIED", "REGISTERED", "IN_PROGRESS", "CREATED"]


def test_partner_initiated_draft_waits_for_submit(
    api: httpx.Client, pi_account: Any, create_sender: CreateSender, advance: Advance
) -> None:
    draft = create_sender(pi_sender_body(status="DRAFT"))
    assert draft["changes"]["status"] == "DRAFT"
    advance(ACTIVATION * 10)
    assert api.get(sender_url(draft["id"])).json()["changes"]["status"] == "DRAFT"
    edited = api.patch(sender_url(draft["id"]), json={"details": {"about": "Changed", "email": None}})
    assert edited.json()["changes"]["status"] == "DRAFT"
    assert edited.json()["changes"]["details"]["about"] == "Changed"
    assert "email" not in edited.json()["changes"]["details"]  # a new sender's draft is its whole profile
    submitted = api.patch(sender_url(draft["id"]), json={"status": "SUBMIT"})
    assert submitted.status_code == 200
    assert submitted.json()["changes"]["status"] == "IN_PROGRESS"
    advance(ACTIVATION)
    pending = api.get(sender_url(draft["id"])).json()
    assert pending["state"] == "PENDING_VERIFICATION"
    assert pending["details"]["about"] == "Changed"
    types = [n["type"] for n in api.get(sender_url(draft["id"]) + "/activities").json()["notifications"]]
    assert types == ["IN_PROGRESS", "EDITED", "EDITED", "DRAFT", "CREATED"]


def test_partner_initiated_region_and_defaults(
    api: httpx.Client, admin: httpx.Client, pi_account: Any, create_sender: CreateSender
) -> None:
    response = api.post(senders_path(), json=pi_sender_body(region="BR"))
    assert validation_errors(response) == ["businessManager SINCH_UK is not supported in region BR"]
    body = pi_sender_body(phoneNumberProvider="SINCH")
    del body["region"], body["metaLocalStorage"], body["details"]["phoneNumber"]
    created = create_sender(body)
    assert (created["region"], created["metaLocalStorage"]) == ("EU", "DE")  # the account's region
    assert created["numberProvider"] == "SINCH" and created["phoneNumber"].isdigit()


def test_partner_initiated_validation(api: httpx.Client, pi_account: Any) -> None:
    body = {
        "status": "LATER",
        "phoneNumberProvider": "ME",
        "saveDraftOnFailure": "yes",
        "details": {
            "displayName": "",
            "vertical": "NOT_SET",
            "email": "not-an-email",
            "websiteOne": "not a url",
            "about": "a" * 140,
            "countryCode": "+48",
            "phoneNumber": "12-34",
            "username": "x",
        },
    }
    assert validation_errors(api.post(senders_path(), json=body)) == [
        "status must be one of the following values: DRAFT, SUBMIT",
        "phoneNumberProvider must be one of the following values: CUSTOMER, SINCH",
        "saveDraftOnFailure must be a boolean value",
        "property details.username should not exist",
        "details.displayName must be longer than or equal to 1 characters",
        "details.vertical must be one of the following values: ALCOHOL, AUTOMOTIVE, BEAUTY_SPA_SALON, "
        "CLOTHING_AND_APPAREL, EDUCATION, ENTERTAINMENT, EVENT_PLANNING_AND_SERVICE, FINANCE_AND_BANKING, "
        "FOOD_AND_GROCERY, HOTEL_AND_LODGING, MEDICAL_AND_HEALTH, NON_PROFIT, ONLINE_GAMBLING, OTC_DRUGS, OTHER, "
        "PHYSICAL_GAMBLING, PROFESSIONAL_SERVICES, PUBLIC_SERVICE, RESTAURANT, SHOPPING_AND_RETAIL, "
        "TRAVEL_AND_TRANSPORTATION",
        "details.email must be an email",
        "details.websiteOne must be a URL address",
        "details.about must be shorter than or equal to 139 characters",
        "details.countryCode must be a number string",
        "details.phoneNumber must be a number string",
    ]
    assert validation_errors(api.post(senders_path(), json={"phoneNumberProvider": "CUSTOMER"})) == [
        "details should not be null or undefined"
    ]


def test_phone_provisioning(api: httpx.Client, pi_account: Any, create_sender: CreateSender, advance: Advance) -> None:
    example = {"details": {"countryCode": "49", "phoneNumber": "1701234567", "displayName": "Demo sender"}}
    created = create_sender(example)
    assert created["changes"] == {
        "status": "IN_PROGRESS",
        "details": {"displayName": "Demo sender", "vertical": "NOT_SET"},
    }
    assert (created["countryCode"], created["phoneNumber"], created["numberProvider"]) == ("49", "1701234567", "SINCH")
    advance(ACTIVATION)
    assert api.get(sender_url(created["id"])).json()["state"] == "PENDING_VERIFICATION"
    assert validation_errors(api.post(senders_path(), json={})) == ["details should not be null or undefined"]
    assert validation_errors(api.post(senders_path(), json={"details": {"displayName": "x"}})) == [
        "details.countryCode must be a string",
        "details.phoneNumber must be a string",
    ]


def test_duplicate_phone_number_fails_on_activation(
    api: httpx.Client, active_pi_sender: dict[str, Any], create_sender: CreateSender, advance: Advance
) -> None:
    duplicate = create_sender(pi_sender_body())
    advance(ACTIVATION)
    failed = api.get(sender_url(duplicate["id"])).json()
    assert failed["state"] == "ERROR"
    assert failed["changes"]["status"] == "ERROR"
    assert failed["changes"]["errorCode"] == "DUPLICATES_ON_SENDER_PHONE_NUMBER"


# --- profile change sets -------------------------------------------------------------------------------------


def test_profile_change_set_draft_submit_approve(
    api: httpx.Client, active_pi_sender: dict[str, Any], advance: Advance
) -> None:
    url = sender_url(active_pi_sender["id"])
    draft = api.patch(url, json={"details": {"about": "New about", "email": None}})
    assert draft.status_code == 200
    assert draft.json()["changes"] == {"status": "DRAFT", "details": {"about": "New about", "email": None}}
    assert draft.json()["details"] == active_pi_sender["details"]
    advance(REVIEW * 2)
    assert api.get(url).json()["changes"]["status"] == "DRAFT"  # drafts are not reviewed

    submitted = api.patch(url, json={"status": "SUBMIT", "details": {"websiteTwo": "https://example-2.com"}})
    assert submitted.json()["changes"] == {
        "status": "IN_PROGRESS",
        "details": {"about": "New about", "email": None, "websiteTwo": "https://example-2.com"},
    }
    assert_papi_error(api.patch(url, json={"details": {"about": "x"}}), 409, "sender_changes_not_updatable")
    assert_papi_error(api.delete(url + "/changes"), 409, "sender_changes_not_deletable")
    advance(REVIEW)
    approved = api.get(url).json()
    assert "changes" not in approved
    assert approved["details"]["about"] == "New about"
    assert approved["details"]["websiteTwo"] == "https://example-2.com"
    assert "email" not in approved["details"]  # null deleted it
    assert_papi_error(api.delete(url + "/changes"), 404, "sender_changes_not_found")


def test_profile_change_set_reject_and_delete_changes(
    api: httpx.Client, admin: httpx.Client, active_pi_sender: dict[str, Any], advance: Advance
) -> None:
    url = sender_url(active_pi_sender["id"])
    api.patch(url, json={"status": "SUBMIT", "details": {"about": "Spam"}})
    review = f"/projects/{PROJECT}/whatsapp/senders/{active_pi_sender['id']}/changes/review"
    rejected = admin.post(review, json={"outcome": "reject", "reason": "About text violates policy"})
    assert rejected.status_code == 200
    assert rejected.json()["changes"] == {
        "status": "REJECTED",
        "details": {"about": "Spam"},
        "errorReason": "About text violates policy",
    }
    advance(REVIEW)  # the cancelled automatic approval does not run
    assert api.get(url).json()["changes"]["status"] == "REJECTED"
    latest = api.get(url + "/activities").json()["notifications"][0]
    assert (latest["type"], latest["comment"]) == ("REJECTED", "About text violates policy")
    assert admin.post(review, json={"outcome": "approve"}).status_code == 400  # nothing in review

    again = api.patch(url, json={"details": {"about": "Better"}})  # REJECTED change sets can be edited
    assert again.json()["changes"] == {"status": "DRAFT", "details": {"about": "Better"}}
    deleted = api.delete(url + "/changes")
    assert deleted.status_code == 204 and deleted.content == b""
    assert "changes" not in api.get(url).json()
    assert_papi_error(api.delete(url + "/changes"), 404, "sender_changes_not_found")

    api.patch(url, json={"status": "SUBMIT", "details": {"about": "Fine"}})
    approved = admin.post(review, json={"outcome": "approve"}).json()
    assert approved["details"]["about"] == "Fine" and "changes" not in approved


def test_display_name_is_reviewed_in_metadata(
    api: httpx.Client, admin: httpx.Client, active_pi_sender: dict[str, Any], advance: Advance
) -> None:
    url = sender_url(active_pi_sender["id"])
    submitted = api.patch(url, json={"status": "SUBMIT", "details": {"displayName": "New Display Name"}}).json()
    assert submitted["metadata"] == {"displayName": {"value": "New Display Name", "status": "PENDING"}}
    assert "changes" not in submitted
    assert submitted["details"]["displayName"] == "Test name"
    assert_papi_error(
        api.patch(url, json={"details": {"displayName": "Other"}}), 409, "sender_display_name_update_not_allowed"
    )
    advance(REVIEW)
    approved = api.get(url).json()
    assert approved["details"]["displayName"] == "New Display Name"
    assert approved["metadata"]["displayName"]["status"] == "APPROVED"

    api.patch(url, json={"status": "SUBMIT", "details": {"displayName": "Bad", "about": "x"}})
    review = f"/projects/{PROJECT}/whatsapp/senders/{active_pi_sender['id']}/changes/review"
    rejected = admin.post(review, json={"outcome": "reject", "reason": "Display name policy"}).json()
    assert rejected["metadata"]["displayName"] == {
        "value": "Bad",
        "status": "REJECTED",
        "rejectionReason": "Display name policy",
    }
    assert rejected["details"]["displayName"] == "New Display Name"


def test_patch_rules(
    api: httpx.Client,
    admin: httpx.Client,
    active_pi_sender: dict[str, Any],
    pi_account: Any,
    create_sender: CreateSender,
    advance: Advance,
) -> None:
    url = sender_url(active_pi_sender["id"])
    documented = api.patch(url, json={"details": {"displayName": None}})
    assert validation_errors(documented) == [
        "details.displayName must be a string",
        "details.displayName must be longer than or equal to 1 characters",
        "details.displayName must be shorter than or equal to 128 characters",
        "details.displayName should not be equal to null",
    ]
    assert validation_errors(api.patch(url, json={"status": "NOW", "details": {"foo": 1, "photoUrl": "x"}})) == [
        "status must be one of the following values: DRAFT, SUBMIT",
        "property details.foo should not exist",
        "details.photoUrl must be a URL address",
    ]
    for empty in ({}, {"details": {}}, {"status": "SUBMIT"}):
        assert_papi_error(api.patch(url, json=empty), 400, "no_fields_to_update")

    pending = create_sender(pi_sender_body(details={**pi_sender_body()["details"], "phoneNumber": "111"}))
    advance(ACTIVATION)
    assert_papi_error(
        api.patch(sender_url(pending["id"]), json={"details": {"about": "x"}}), 409, "sender_not_updatable"
    )
    assert_papi_error(
        api.patch(sender_url(pending["id"]), json={"status": "DRAFT", "details": {"username": "name"}}),
        409,
        "sender_not_updatable",
    )

    # usernames: only ACTIVE senders, unique
    named = api.patch(url, json={"status": "SUBMIT", "details": {"username": "testname"}})
    assert named.json()["changes"]["details"] == {"username": "testname"}
    advance(REVIEW)
    assert api.get(url).json()["details"]["username"] == "testname"
    other = admin.post(f"/projects/{PROJECT}/whatsapp/senders", json={}).json()
    assert_papi_error(
        api.patch(sender_url(other["id"]), json={"details": {"username": "TestName"}}),
        400,
        "sender_username_not_available",
    )
    draft_new = create_sender(pi_sender_body(status="DRAFT"))
    assert_papi_error(
        api.patch(sender_url(draft_new["id"]), json={"details": {"username": "u"}}),
        409,
        "sender_username_update_not_available",
    )
    suggested = api.get(url + "/suggestedUsernames")
    assert suggested.status_code == 200
    assert suggested.json()["usernames"] and all(isinstance(u, str) for u in suggested.json()["usernames"])
    assert suggested.json()["usernames"][0] == "testname"  # its own username is available to it
    namesake = admin.post(
        f"/projects/{PROJECT}/whatsapp/senders", json={"details": {"displayName": "Test Name", "vertical": "OTHER"}}
    ).json()
    others = api.get(sender_url(namesake["id"]) + "/suggestedUsernames").json()["usernames"]
    assert "testname" not in others and "testname_official" in others  # taken by another sender


# --- deletion ------------------------------------------------------------------------------------------------


def test_delete_keeps_the_sender_for_the_retention_period(
    api: httpx.Client, create_sender: CreateSender, advance: Advance
) -> None:
    created = create_sender(es_body())
    advance(ACTIVATION)
    url = sender_url(created["id"])
    active = api.get(url).json()
    deleted = api.delete(url)
    assert deleted.status_code == 204 and deleted.content == b""
    assert api.get(url).json() == active
    assert [s["id"] for s in api.get(senders_path()).json()["senders"]] == [created["id"]]
    assert_papi_error(api.delete(url), 409, "sender_already_deleted")
    assert_papi_error(api.patch(url, json={"details": {"about": "x"}}), 409, "sender_already_deleted")

    advance(30 * DAY - 1)
    assert api.get(url).status_code == 200
    advance(1)
    assert_papi_error(api.get(url), 404, "sender_not_found")
    assert api.get(senders_path()).json()["totalSize"] == 0
    assert_papi_error(api.delete(url), 404, "sender_not_found")


def test_retention_setting_and_unprovisioned_senders(
    api: httpx.Client, admin: httpx.Client, create_sender: CreateSender, advance: Advance
) -> None:
    in_progress = create_sender(es_body(1))
    assert api.delete(sender_url(in_progress["id"])).status_code == 204  # never provisioned: removed at once
    assert_papi_error(api.get(sender_url(in_progress["id"])), 404, "sender_not_found")
    advance(ACTIVATION)  # its activation does not bring it back
    assert_papi_error(api.get(sender_url(in_progress["id"])), 404, "sender_not_found")

    admin.patch("/settings", json={"deletionRetentionDays": 1})
    created = create_sender(es_body(2))
    advance(ACTIVATION)
    api.delete(sender_url(created["id"]))
    advance(DAY)
    assert_papi_error(api.get(sender_url(created["id"])), 404, "sender_not_found")


# --- ids, auth, lists ----------------------------------------------------------------------------------------


def test_ids_and_missing_account(api: httpx.Client, anon: httpx.Client, create_sender: CreateSender) -> None:
    assert_papi_error(api.get(senders_path()), 400, "project_not_initialized")
    assert_papi_error(api.get(sender_url(UNKNOWN_ID)), 400, "project_not_initialized")
    create_sender(es_body())
    for bad in ("123", UNKNOWN_ID.upper(), UNKNOWN_ID + "0"):
        body = assert_papi_error(api.get(sender_url(bad)), 400, "invalid_id_format")
        assert (
            body["resolution"]
            == "senderId param is in the wrong format. Confirm that you're sending the correct value."
        )
    not_found = assert_papi_error(api.get(sender_url(UNKNOWN_ID)), 404, "sender_not_found")
    assert not_found == {
        "errorCode": "sender_not_found",
        "message": "Sender not found.",
        "resolution": "Verify that the parameters are correct.",
    }
    for method, suffix, body in (
        ("PATCH", "", {"details": {"about": "x"}}),
        ("DELETE", "", None),
        ("GET", "/activities", None),
        ("DELETE", "/changes", None),
        ("POST", "/comments", {"comment": "x"}),
        ("POST", "/register", {"method": "SMS"}),
        ("GET", "/suggestedUsernames", None),
        ("POST", "/verify", {"code": "123456"}),
    ):
        response = api.request(method, sender_url(UNKNOWN_ID) + suffix, json=body)
        assert_papi_error(response, 404, "sender_not_found")
        assert_papi_error(anon.request(method, sender_url(UNKNOWN_ID) + suffix, json=body), 401, "unauthorized_error")
    assert_papi_error(anon.get(senders_path()), 401, "unauthorized_error")
    assert_papi_error(anon.post(senders_path(), json=es_body()), 401, "unauthorized_error")


def test_list_pagination(api: httpx.Client, admin: httpx.Client) -> None:
    ids = [admin.post(f"/projects/{PROJECT}/whatsapp/senders", json={}).json()["id"] for _ in range(55)]
    first = api.get(senders_path()).json()
    assert first["totalSize"] == 55 and first["pageSize"] == 50
    assert [s["id"] for s in first["senders"]] == ids[:50]  # creation order
    assert "previousPageToken" not in first
    second = api.get(senders_path(), params={"pageToken": first["nextPageToken"]}).json()
    assert [s["id"] for s in second["senders"]] == ids[50:]
    assert "nextPageToken" not in second and "previousPageToken" in second
    small = api.get(senders_path(), params={"pageSize": 100}).json()
    assert len(small["senders"]) == 55
    for bad in ("0", "101", "x", "1.5"):
        assert_papi_error(api.get(senders_path(), params={"pageSize": bad}), 400, "invalid_page_size")
    assert_papi_error(api.get(senders_path(), params={"pageToken": "nope"}), 400, "invalid_page_token")


def test_list_filters(api: httpx.Client, admin: httpx.Client, create_sender: CreateSender, advance: Advance) -> None:
    seed = f"/projects/{PROJECT}/whatsapp/senders"
    active = admin.post(seed, json={}).json()["id"]
    suspended = admin.post(seed, json={"state": "SUSPENDED"}).json()["id"]
    errored = admin.post(seed, json={}).json()["id"]
    admin.post(f"{seed}/{errored}/state", json={"state": "ERROR", "errorCode": "UNKNOWN_ERROR"})
    new = create_sender(es_body(wabaId=""))["id"]  # the seeds made the account: use its WABA
    api.patch(sender_url(active), json={"details": {"about": "draft"}})

    def listed(**params: Any) -> list[str]:
        response = api.get(senders_path(), params=params)
        assert response.status_code == 200, response.text
        return [s["id"] for s in response.json()["senders"]]

    assert listed() == [active, suspended, errored, new]
    assert listed(filterStates="ACTIVE") == [active]
    assert listed(filterStates=["ACTIVE", "ERROR"]) == [active, errored]
    assert listed(**{"filterStates[]": ["SUSPENDED", "ERROR"]}) == [suspended, errored]
    assert listed(filterStates="IN_PROGRESS") == [new]  # a new sender being provisioned
    assert listed(filterStatuses="DRAFT") == [active]
    assert listed(filterStatuses=["ERROR", "IN_PROGRESS"]) == [errored, new]
    assert listed(filterStates="ACTIVE", filterStatuses="ERROR") == []
    states = assert_papi_error(
        api.get(senders_path(), params={"filterStates": ["ACTIVE", "LIVE"]}), 400, "invalid_filter_states"
    )
    assert states["additionalInformation"] == {
        "supportedCodes": ["ACTIVE", "IN_PROGRESS", "INACTIVE", "PENDING_VERIFICATION", "SUSPENDED", "ERROR"]
    }
    assert_papi_error(api.get(senders_path(), params={"filterStatuses": "PENDING"}), 400, "invalid_filter_statuses")


def test_comments_and_activities(api: httpx.Client, create_sender: CreateSender) -> None:
    created = create_sender(es_body())
    url = sender_url(created["id"])
    comment = api.post(url + "/comments", json={"comment": "Example comment."})
    assert comment.status_code == 201
    assert comment.json() == {"type": "CREATED", "comment": "Example comment.", "created": comment.json()["created"]}
    assert validation_errors(api.post(url + "/comments", json={"comment": "", "x": 1})) == [
        "property x should not exist",
        "comment must be longer than or equal to 1 characters",
    ]
    page = api.get(url + "/activities", params={"pageSize": 1}).json()
    assert page["totalSize"] == 3 and page["pageSize"] == 1
    assert page["notifications"] == [
        {
            "type": "COMMENT_ADDED",
            "created": comment.json()["created"],
            "author": "Provisioning API user",
            "comment": "Example comment.",
        }
    ]
    assert_papi_error(api.get(url + "/activities", params={"pageSize": "0"}), 400, "invalid_page_size")


def test_no_empty_metadata_after_a_refused_patch(api: httpx.Client, active_pi_sender: dict[str, Any]) -> None:
    url = sender_url(active_pi_sender["id"])
    assert_papi_error(api.patch(url, json={"details": {"username": None, "photoUrl": 5}}), 400, "invalid_input")
    api.patch(url, json={"details": {"about": "draft"}})
    assert "metadata" not in api.get(url).json()
