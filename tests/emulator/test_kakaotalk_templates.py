"""The KakaoTalk Templates tag against the reference contract: create DRAFT or SUBMIT, the field rules (buttons,
links, image, message and emphasis types, category codes), review on the emulator clock or by admin decision,
PATCH with nulls meaning delete, delete, changes, comments, activities, list order and filters, and the
webhook callbacks. Every answer is also checked against the OpenAPI schemas (tests/emulator/conftest.py)."""

from __future__ import annotations

import re
from typing import Any

import httpx
import pytest

from tests.emulator.conftest import PROJECT, webhooks_path
from tests.emulator.test_kakaotalk_senders import ADMIN_KAKAO, SENDERS, create, sender_body
from tests.emulator.test_webhook_callbacks import deliveries
from tests.emulator.test_webhooks import assert_papi_error, validation_errors
from tests.webhook_receiver import receiver

TEMPLATES = f"{SENDERS}/@shop/templates"


def template_body(name: str = "Example name", **details: Any) -> dict[str, Any]:
    """The guide's example (S7), with a jpeg image."""
    return {
        "status": "SUBMIT",
        "details": {
            "language": "EN",
            "messageType": "BASIC",
            "emphasizeType": "EMPHASIZE_TYPE_NONE",
            "categoryCode": "001001",
            "securityFlag": False,
            "name": name,
            "content": "Example content",
            "extra": "Example extra",
            "title": "Example title",
            "subtitle": "Example subtitle",
            "imageName": "Example image name",
            "imageUrl": "https://example-image-url.com/image.jpg",
            "buttons": [
                {
                    "ordering": 1,
                    "type": "APP_LINK",
                    "name": "Example Name",
                    "linkMo": "https://example-link-mo.com",
                    "linkPc": "https://example-link-pc.com",
                    "schemeIos": "https://example-scheme-ios.com",
                    "schemeAndroid": "https://example-scheme-android.com",
                }
            ],
            **details,
        },
    }


def minimal(name: str = "Minimal", status: str = "SUBMIT") -> dict[str, Any]:
    return {"status": status, "details": {"name": name, "language": "KO", "content": "Hello"}}


@pytest.fixture(autouse=True)
def _sender(api: httpx.Client) -> None:
    create(api, sender_body())


def make(api: httpx.Client, body: dict[str, Any]) -> dict[str, Any]:
    response = api.post(TEMPLATES, json=body)
    assert response.status_code == 201, response.text
    created: dict[str, Any] = response.json()
    return created


def advance(admin: httpx.Client, seconds: float) -> None:
    assert admin.post("/clock/advance", json={"seconds": seconds}).status_code == 200


def test_create_submit_then_approved_on_the_clock(api: httpx.Client, admin: httpx.Client) -> None:
    created = make(api, template_body())
    assert re.fullmatch(r"[A-Za-z0-9]{20}", created["code"])
    assert created["changes"]["status"] == "IN_PROGRESS"
    assert "state" not in created
    defaults = make(api, minimal())["changes"]["details"]
    assert (defaults["messageType"], defaults["emphasizeType"], defaults["categoryCode"]) == (
        "BASIC", "EMPHASIZE_TYPE_NONE", "999999")  # fmt: skip
    assert (defaults["securityFlag"], defaults["buttons"]) == (False, [])
    advance(admin, 3)
    approved = api.get(f"{TEMPLATES}/{created['code']}").json()
    assert approved["state"] == "APPROVED"
    assert "changes" not in approved
    assert approved["details"]["name"] == "Example name"
    assert_papi_error(api.get(f"{TEMPLATES}/nope"), 404, "template_not_found")
    assert_papi_error(api.get(f"{SENDERS}/@none/templates/{created['code']}"), 404, "sender_not_found")
    assert_papi_error(api.post(f"{SENDERS}/@none/templates", json=minimal()), 404, "sender_not_found")
    assert_papi_error(api.post(TEMPLATES, json=template_body()), 409, "template_exists")


def test_field_rules(api: httpx.Client) -> None:
    body = template_body(
        "",
        language="ES_UY",
        content="x" * 1001,
        messageType="PLAIN",
        categoryCode="1234567",
        title="t" * 51,
        imageUrl="nope",
        buttons=[{"ordering": 6, "type": "WEB_LINK", "name": "n" * 15, "linkMo": "bad", "x": 1}] * 2
        + [{"ordering": 1, "type": "CALL", "name": "a"}] * 4,
    )
    messages = validation_errors(api.post(TEMPLATES, json={**body, "extra": True}))
    for expected in (
        "property extra should not exist",
        "details.name must be longer than or equal to 1 characters",
        "details.language must be one of the following values: AF, AR, AZ, BG, BN, CA, CS, DA, DE, EL, EN, EN_GB, "
        "EN_US, ES, ES_AR, ES_ES, ES_MX, ET, FA, FI, FIL, FR, GA, GU, HA, HE, HI, HR, HU, ID, IT, JA, KA, KK, KN, KO, "
        "KY_KG, LO, LT, LV, MK, ML, MR, MS, NB, NL, PA, PL, PT_BR, PT_PT, RO, RU, RW_RW, SK, SL, SQ, SR, SV, SW, TA, "
        "TE, TH, TR, UK, UR, UZ, VI, ZH_CN, ZH_HK, ZH_TW, ZU",
        "details.content must be shorter than or equal to 1000 characters",
        "details.messageType must be one of the following values: AD_INCLUDED, BASIC, EXTRA_INFORMATION, MIXED",
        "details.categoryCode must be shorter than or equal to 6 characters",
        "details.title must be shorter than or equal to 50 characters",
        "details.imageUrl must be a URL address",
        "details.buttons must contain no more than 5 elements",
        "property details.buttons.0.x should not exist",
        "details.buttons.0.ordering must not be greater than 5",
        "details.buttons.0.name must be shorter than or equal to 14 characters",
        "details.buttons.0.linkMo must be a URL address",
        "details.buttons.2.type must be one of the following values: APP_LINK, BOT_FOR_CONSULTATION, BOT_KEYWORD, "
        "BOT_TRANSFER, BUSINESS_FORM, CHANNEL_ID_ADDED, DELIVERY_SEARCH, IMAGE_SECURE_TRANSMISSION_PLUGIN_ID, "
        "MESSAGE_DELIVERY, ONE_CLICK_PAYMENT_PLUGIN, PERSONAL_INFORMATION_USE_PLUGIN_ID, WEB_LINK",
        "All details.buttons's elements must be unique by type",
    ):
        assert expected in messages, expected
    assert "details should not be null or undefined" in validation_errors(api.post(TEMPLATES, json={}))


@pytest.mark.parametrize(
    ("details", "reason"),
    [
        ({"buttons": [{"ordering": 1, "type": "WEB_LINK", "name": "Go"}]}, "a WEB_LINK button needs linkMo"),
        (
            {"buttons": [{"ordering": 1, "type": "APP_LINK", "name": "App", "schemeIos": "https://a.example.com"}]},
            "an APP_LINK button needs schemeIos and schemeAndroid, or linkMo",
        ),
        (
            {"buttons": [{"ordering": 1, "type": "BOT_KEYWORD", "name": "Bot", "linkMo": "https://a.example.com"}]},
            "a BOT_KEYWORD button takes no links",
        ),
        ({"imageUrl": "https://example.com/i.gif"}, "only image/jpeg and image/png are supported"),
        ({"emphasizeType": "EMPHASIZE_TYPE_IMAGE", "imageUrl": None}, "EMPHASIZE_TYPE_IMAGE needs imageUrl"),
        ({"emphasizeType": "EMPHASIZE_TYPE_TEXT", "title": None}, "EMPHASIZE_TYPE_TEXT needs title"),
        ({"messageType": "EXTRA_INFORMATION", "extra": None}, "messageType EXTRA_INFORMATION needs extra"),
    ],
)
def test_kakaotalk_rules_are_424_or_a_draft(api: httpx.Client, details: dict[str, Any], reason: str) -> None:
    body = template_body(**details)
    body["details"] = {k: v for k, v in body["details"].items() if v is not None}
    answer = assert_papi_error(api.post(TEMPLATES, json=body), 424, "template_kakaotalk_validation_error")
    assert answer["message"].endswith(reason)
    assert make(api, {**body, "saveDraftOnFailure": True})["changes"]["status"] == "DRAFT"
    assert make(api, {**body, "status": "DRAFT", "details": {**body["details"], "name": "d"}})


def test_category_code(api: httpx.Client) -> None:
    assert_papi_error(api.post(TEMPLATES, json=template_body(categoryCode="123456")), 400,
                      "template_invalid_category_code")  # fmt: skip
    kept = make(api, {**template_body(categoryCode="123456"), "saveDraftOnFailure": True})
    assert kept["changes"]["status"] == "DRAFT"


def test_patch_draft_nulls_delete_and_submit(api: httpx.Client, admin: httpx.Client) -> None:
    code = make(api, template_body())["code"]
    assert_papi_error(api.patch(f"{TEMPLATES}/{code}", json={"details": {"name": "x"}}), 409,
                      "template_changes_not_updatable")  # fmt: skip
    assert_papi_error(api.delete(f"{TEMPLATES}/{code}/changes"), 409, "template_not_deletable")
    advance(admin, 3)
    assert_papi_error(api.delete(f"{TEMPLATES}/{code}/changes"), 409, "template_not_deletable")
    empty = api.patch(f"{TEMPLATES}/{code}", json={})  # the description's "minimum body to update a template"
    assert empty.json()["changes"] == {"status": "DRAFT", "details": {}}
    assert "property details.language should not exist" in validation_errors(
        api.patch(f"{TEMPLATES}/{code}", json={"details": {"language": "EN"}})
    )
    draft = api.patch(f"{TEMPLATES}/{code}", json={"details": {"title": None, "buttons": None, "content": "New"}})
    assert draft.status_code == 200, draft.text
    assert draft.json()["changes"] == {"status": "DRAFT", "details": {"content": "New"}}
    assert draft.json()["state"] == "APPROVED"
    assert api.patch(f"{TEMPLATES}/{code}", json={"status": "SUBMIT"}).json()["changes"]["status"] == "IN_PROGRESS"
    advance(admin, 3)
    details = api.get(f"{TEMPLATES}/{code}").json()["details"]
    assert details["content"] == "New"
    assert "title" not in details
    assert details["buttons"] == []  # deleted; the DTO requires the list
    make(api, minimal("Other"))
    assert_papi_error(api.patch(f"{TEMPLATES}/{code}", json={"details": {"name": "Other"}}), 409, "template_exists")
    types = [a["type"] for a in api.get(f"{TEMPLATES}/{code}/activities").json()["notifications"]]
    assert types == ["IN_PROGRESS", "EDITED", "EDITED", "EDITED", "IN_PROGRESS", "CREATED"]


def test_admin_reject_hold_comments_and_webhooks(api: httpx.Client, admin: httpx.Client) -> None:
    with receiver() as hooks:  # answers at once: the deliveries settle fast
        api.post(webhooks_path(), json={"target": f"{hooks.url}/hook", "secret": "s", "triggers": ["ALL"]})
        code = make(api, minimal())["code"]
        review = f"{ADMIN_KAKAO}/senders/@shop/templates/{code}/review"
        assert admin.post(review, json={"outcome": "hold"}).status_code == 200
        advance(admin, 60)
        assert api.get(f"{TEMPLATES}/{code}").json()["changes"]["status"] == "IN_PROGRESS"
        rejected = admin.post(review, json={"outcome": "reject", "reason": "Too short"}).json()
        assert (rejected["state"], rejected["changes"]["status"]) == ("REJECTED", "REJECTED")
        assert admin.post(review, json={"outcome": "approve"}).status_code == 400
        assert api.post(f"{TEMPLATES}/{code}/comments", json={"comment": "Why?"}).status_code == 201
        assert_papi_error(api.post(f"{TEMPLATES}/nope/comments", json={"comment": "x"}), 404, "template_not_found")
        assert admin.post(
            f"{ADMIN_KAKAO}/senders/@shop/templates/{code}/comments", json={"comment": "Because"}
        ).is_success
        resubmitted = api.patch(f"{TEMPLATES}/{code}", json={"status": "SUBMIT", "details": {"content": "Longer"}})
        assert resubmitted.json()["changes"]["status"] == "IN_PROGRESS"
        assert admin.post(review, json={"outcome": "approve"}).json()["state"] == "APPROVED"
        assert [d["trigger"] for d in deliveries(admin)] == [
            "KAKAOTALK_TEMPLATE_REJECTED",
            "KAKAOTALK_TEMPLATE_COMMENT_ADDED",
            "KAKAOTALK_TEMPLATE_COMMENT_ADDED",
            "KAKAOTALK_TEMPLATE_APPROVED",
        ]


def test_delete_and_delete_changes(api: httpx.Client) -> None:
    draft = make(api, minimal(status="DRAFT"))
    assert draft["changes"]["status"] == "DRAFT"
    assert api.delete(f"{TEMPLATES}/{draft['code']}/changes").status_code == 204
    assert_papi_error(api.get(f"{TEMPLATES}/{draft['code']}"), 404, "template_not_found")
    code = make(api, minimal())["code"]
    assert api.delete(f"{TEMPLATES}/{code}").status_code == 204
    assert_papi_error(api.delete(f"{TEMPLATES}/{code}"), 404, "template_not_found")
    assert_papi_error(api.delete(f"{TEMPLATES}/{code}/changes"), 404, "template_not_found")


def test_list_is_alphabetical_with_filters_and_pages(api: httpx.Client, admin: httpx.Client) -> None:
    for name in ("Charlie", "alpha", "Bravo"):
        make(api, minimal(name))
    make(api, minimal("Delta draft", status="DRAFT"))
    listed = api.get(TEMPLATES).json()
    assert [t["changes"]["details"]["name"] for t in listed["templates"]] == [
        "Bravo", "Charlie", "Delta draft", "alpha"]  # fmt: skip
    assert api.get(TEMPLATES, params={"filterStatuses": "DRAFT"}).json()["totalSize"] == 1
    assert api.get(TEMPLATES, params={"templateName": "ALP"}).json()["totalSize"] == 1
    advance(admin, 3)
    assert api.get(TEMPLATES, params={"filterStates": "APPROVED"}).json()["totalSize"] == 3
    page = api.get(TEMPLATES, params={"pageSize": 3}).json()
    assert len(page["templates"]) == 3 and "nextPageToken" in page
    assert_papi_error(api.get(TEMPLATES, params={"pageSize": 1001}), 400, "invalid_page_size")
    assert_papi_error(api.get(f"{SENDERS}/@none/templates"), 404, "sender_not_found")


def test_a_removed_sender_takes_its_templates_only(api: httpx.Client, admin: httpx.Client) -> None:
    """After the 60 days, the sender's templates go with it; another sender's (even one whose plusFriendId starts
    like it) stay."""
    create(api, sender_body("@shop:2"))
    own = make(api, minimal())["code"]
    other = api.post(f"{SENDERS}/@shop:2/templates", json=minimal()).json()["code"]
    assert api.delete(f"{SENDERS}/@shop").status_code == 204
    advance(admin, 60 * 86400)
    assert_papi_error(api.get(f"{TEMPLATES}/{own}"), 404, "sender_not_found")
    raw = admin.get(f"/projects/{PROJECT}/kakaotalk_templates").json()["kakaotalk_templates"]
    assert [t["code"] for t in raw] == [other]
