"""WhatsApp template bodies: every field rule of `WhatsappTemplateInputDto` and its components, as class-validator
messages naming the nested path, the draft relaxations, and the checks that answer their own codes."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from tests.emulator.conftest import template_body, template_path, templates_path
from tests.emulator.test_webhooks import assert_papi_error, validation_errors

Create = Callable[..., dict[str, Any]]

BODY = {"type": "BODY", "text": "Hello {{1}}", "examples": ["Ann"]}
OTP = {"type": "OTP", "otpType": "COPY_CODE", "text": "Copy code"}
CARD = {
    "components": [
        {"type": "HEADER", "format": "IMAGE", "example": {"url": "https://example.com/a.png"}},
        {"type": "BODY", "text": "Card {{1}}", "examples": ["one"]},
        {"type": "BUTTONS", "buttons": [{"type": "QUICK_REPLY", "text": "More"}]},
    ]
}


def with_components(*components: dict[str, Any], category: str = "UTILITY", **details: Any) -> dict[str, Any]:
    return template_body(category=category, details={"components": list(components), **details})


def buttons(*items: dict[str, Any]) -> dict[str, Any]:
    return {"type": "BUTTONS", "buttons": list(items)}


def url_button(url: str = "https://shop.example.com/t?id={{1}}", **extra: Any) -> dict[str, Any]:
    return {"type": "URL", "text": "Track", "url": url, **extra}


def carousel(*cards: dict[str, Any]) -> dict[str, Any]:
    return {"type": "CAROUSEL", "cards": list(cards)}


# (body, the validationErrors of the 400)
INVALID: dict[str, tuple[dict[str, Any], list[str]]] = {
    "top level": (
        {"name": "Bad-Name", "language": "en", "category": "OTP", "status": "NOW", "saveDraftOnFailure": "yes"},
        [
            "status must be one of the following values: DRAFT, SUBMIT",
            "name must match /^[a-z0-9][a-z0-9_]*[a-z0-9]$/ regular expression",
            "language must be one of the following values: AF, AR, AZ, BG, BN, CA, CS, DA, DE, EL, EN, EN_GB, EN_US, "
            "ES, ES_AR, ES_ES, ES_MX, ES_UY, ET, FA, FI, FIL, FR, GA, GU, HA, HE, HI, HR, HU, ID, IT, JA, KA, KK, KN, "
            "KO, KY_KG, LO, LT, LV, MK, ML, MR, MS, NB, NL, PA, PL, PT_BR, PT_PT, RO, RU, RW_RW, SK, SL, SQ, SR, SV, "
            "SW, TA, TE, TH, TR, UK, UR, UZ, VI, ZH_CN, ZH_HK, ZH_TW, ZU",
            "category must be one of the following values: AUTHENTICATION, MARKETING, UTILITY",
            "saveDraftOnFailure must be a boolean value",
            "details should not be null or undefined",
        ],
    ),
    "name too long, unknown field": (
        template_body(name="a" * 513, id="x"),
        ["property id should not exist", "name must be shorter than or equal to 512 characters"],
    ),
    "components": (
        template_body(details={"components": "BODY", "ttl": 1}),
        ["property details.ttl should not exist", "details.components must be an array"],
    ),
    "a BODY, one component per type, known types": (
        with_components({"type": "FOOTER", "text": "a"}, {"type": "FOOTER", "text": "b"}, {"type": "STICKER"}, "x"),
        [
            "each value in nested property details.components must be either object or array",
            "details.components.2.type must be one of the following values: BODY, BUTTONS, CAROUSEL, FOOTER, HEADER, "
            "LIMITED_TIME_OFFER",
            "details.components field 'type' must have unique values across items",
            "details.components must contain a BODY component",
        ],
    ),
    "text lengths": (
        with_components(
            {"type": "HEADER", "format": "TEXT", "text": "h" * 61},
            {"type": "BODY", "text": "b" * 1025},
            {"type": "FOOTER", "text": "f" * 61, "codeExpirationMinutes": 91},
        ),
        [
            "details.components.0.text must be shorter than or equal to 60 characters",
            "details.components.1.text must be shorter than or equal to 1024 characters",
            "details.components.2.text must be shorter than or equal to 60 characters",
            "details.components.2.codeExpirationMinutes must not be greater than 90",
        ],
    ),
    "variables and their examples": (
        with_components(
            {"type": "HEADER", "format": "TEXT", "text": "{{1}} and {{2}}"},
            {"type": "BODY", "text": "Hi {{1}}, {{3}}", "examples": ["x", ""]},
        ),
        [
            "details.components.0.text can contain at most one variable",
            "each value in details.components.1.examples must be longer than or equal to 1 characters",
            "details.components.1.text variables must be numbered from {{1}} without gaps",
        ],
    ),
    "example count": (
        with_components(
            {"type": "HEADER", "format": "TEXT", "text": "Order {{1}}"},
            {"type": "BODY", "text": "Hi {{1}} and {{2}} and {{1}}", "examples": ["x"]},
            {"type": "BODY_TEXT"},
        ),
        [
            "details.components.0.example should not be empty when the text has a variable",
            "details.components.1.examples must contain exactly 2 elements, one example for each variable of the text",
            "details.components.2.type must be one of the following values: BODY, BUTTONS, CAROUSEL, FOOTER, "
            "HEADER, LIMITED_TIME_OFFER",
        ],
    ),
    "named variables": (
        with_components({"type": "BODY", "text": "Hi {{name}}"}),
        ["details.components.0.text variables must be numbered placeholders such as {{1}}"],
    ),
    "media headers": (
        with_components(
            {"type": "HEADER", "format": "GIF"},
            {"type": "BODY", "text": "x"},
            category="UTILITY",
        )
        | {"language": "DE"},
        ["details.components.0.format must be one of the following values: DOCUMENT, IMAGE, LOCATION, TEXT, VIDEO"],
    ),
    "media example": (
        with_components(
            {"type": "HEADER", "format": "IMAGE", "example": {"url": "not a url", "mimeType": "IMAGE/GIF"}}, BODY
        ),
        [
            "details.components.0.example.url must be a URL address",
            "details.components.0.example.mimeType must be one of the following values: IMAGE/JPEG, IMAGE/PNG, "
            "APPLICATION/PDF, VIDEO/3GP, VIDEO/MP4",
        ],
    ),
    "media example missing": (
        with_components({"type": "HEADER", "format": "VIDEO", "examples": [{"url": "https://e.com/v.mp4"}]}, BODY),
        [
            "property details.components.0.examples should not exist",
            "details.components.0.example should not be null or undefined",
        ],
    ),
    "buttons: count, kinds, uniqueness": (
        with_components(
            BODY,
            buttons(
                url_button(example="https://shop.example.com/t?id=1"),
                url_button("https://a.example.com", text="A"),
                url_button("https://b.example.com", text="B"),
                {"type": "QUICK_REPLY", "text": "Yes"},
                {"type": "QUICK_REPLY", "text": "Yes"},
                {"type": "PHONE_NUMBER", "text": "Call", "phoneNumber": "+48 777 777777"},
                {"type": "PHONE_NUMBER", "text": "Call 2", "phoneNumber": "12"},
                {"type": "CALL_ME"},
                {"type": "COPY_CODE", "example": "x" * 21},
                {"type": "ORDER_DETAILS", "text": "x"},
                {"type": "REQUEST_CONTACT_INFO"},
            ),
        ),
        [
            "details.components.1.buttons must contain no more than 10 elements",
            "details.components.1.buttons.6.phoneNumber must be a valid phone number",
            "details.components.1.buttons.7.type must be one of the following values: COPY_CODE, FLOW, ORDER_DETAILS, "
            "OTP, PHONE_NUMBER, QUICK_REPLY, REQUEST_CONTACT_INFO, URL",
            "details.components.1.buttons.8.example must be shorter than or equal to 20 characters",
            "property details.components.1.buttons.9.text should not exist",
            "details.components.1.buttons must contain no more than 2 URL buttons",
            "details.components.1.buttons must contain no more than 1 PHONE_NUMBER button",
            "details.components.1.buttons fields (type, text) must have unique values across items",
        ],
    ),
    "buttons: empty": (
        with_components(BODY, buttons()),
        ["details.components.1.buttons must contain at least 1 elements"],
    ),
    "URL buttons": (
        with_components(
            BODY,
            buttons(
                url_button("https://example.com/{{1}}/page", text="Middle"),
                url_button(text="No example"),
            ),
        ),
        [
            "details.components.1.buttons.0.url can only be dynamic with one variable {{1}} at its end",
            "details.components.1.buttons.1.example should not be empty when the url has a variable {{1}}",
        ],
    ),
    "a variable in the host": (
        with_components(BODY, buttons(url_button("https://www.my-{{1}}.com", example="https://www.my-x.com"))),
        ["details.components.1.buttons.0.url must be a URL address"],
    ),
    "OTP buttons": (
        with_components(
            {"type": "BODY"},
            buttons(
                {"type": "OTP", "otpType": "ZERO_TAP", "text": "Fill", "autofillText": "a" * 26},
            ),
            category="AUTHENTICATION",
        ),
        [
            "details.components.1.buttons.0.autofillText must be shorter than or equal to 25 characters",
            "details.components.1.buttons.0.supportedApps should not be empty for ZERO_TAP buttons",
            "details.components.1.buttons.0.zeroTapTermsAccepted must be true for ZERO_TAP buttons",
        ],
    ),
    "OTP type and apps": (
        with_components(
            {"type": "BODY", "text": "Your code"},
            buttons({"type": "OTP", "text": "Fill", "supportedApps": [{"packageName": "a.b"}]}),
            category="AUTHENTICATION",
        ),
        [
            "details.components.0.text must be empty for AUTHENTICATION templates: Meta writes the text of the code "
            "message",
            "details.components.1.buttons.0.otpType must be one of the following values: COPY_CODE, ONE_TAP, ZERO_TAP",
            "details.components.1.buttons.0.supportedApps.0.signatureHash must be a string",
        ],
    ),
    "FLOW buttons": (
        with_components(
            BODY,
            buttons(
                {"type": "FLOW", "text": "Go", "flowId": "flow-id", "flowAction": "NAVIGATE"},
            ),
        ),
        [
            "details.components.1.buttons.0.flowId must be a number string",
            "details.components.1.buttons.0.navigateScreen should not be empty when flowAction is NAVIGATE",
        ],
    ),
    "carousel cards": (
        with_components(
            BODY,
            carousel(
                CARD,
                {"components": CARD["components"][:2]},
                {
                    "components": [
                        {"type": "HEADER", "format": "DOCUMENT", "example": {"url": "https://e.com/a.pdf"}},
                        {"type": "BODY", "text": "c" * 161},
                        buttons({"type": "OTP", "otpType": "COPY_CODE", "text": "x"}),
                    ]
                },
            ),
            category="MARKETING",
        ),
        [
            "details.components.1.cards.2.components.0.format must be one of the following values: IMAGE, VIDEO",
            "details.components.1.cards.2.components.1.text must be shorter than or equal to 160 characters",
            "details.components.1.cards.2.components.2.buttons.0.type must be one of the following values: "
            "PHONE_NUMBER, QUICK_REPLY, URL",
            "details.components.1.cards must all have the same components",
        ],
    ),
    "carousel limits": (
        with_components(BODY, carousel(*[CARD] * 11), category="MARKETING"),
        ["details.components.1.cards must contain no more than 10 elements"],
    ),
    "card needs a header and a body": (
        with_components(BODY, carousel({"components": [CARD["components"][2]]}), category="MARKETING"),
        [
            "details.components.1.cards.0.components must contain a HEADER component",
            "details.components.1.cards.0.components must contain a BODY component",
        ],
    ),
    "limited-time offer": (
        with_components(
            BODY, {"type": "LIMITED_TIME_OFFER", "text": "x" * 17, "hasExpiration": "no"}, category="MARKETING"
        ),
        [
            "details.components.1.text must be shorter than or equal to 16 characters",
            "details.components.1.hasExpiration must be a boolean value",
        ],
    ),
    "TTL of a UTILITY template": (
        with_components(BODY, messageSendTtlSeconds=43201),
        ["details.messageSendTtlSeconds must be from 30 to 43200 for UTILITY templates"],
    ),
    "TTL of a MARKETING template": (
        with_components(BODY, category="MARKETING", messageSendTtlSeconds=600),
        ["details.messageSendTtlSeconds must be from 43200 to 2592000 for MARKETING templates"],
    ),
    "TTL of an AUTHENTICATION template": (
        with_components({"type": "BODY"}, buttons(OTP), category="AUTHENTICATION", messageSendTtlSeconds="600"),
        ["details.messageSendTtlSeconds must be a number conforming to the specified constraints"],
    ),
    "optimization": (
        with_components(
            BODY,
            category="UTILITY",
            optimization={"bidAmount": -1, "bidStrategy": "HIGHEST", "bidCountryMultiplierOverrides": {"usa": 1.2}},
        ),
        [
            "details.optimization.bidAmount must not be less than 0",
            "details.optimization.bidStrategy must be one of the following values: LOWEST_COST_WITH_BID_CAP",
            "details.optimization.bidCountryMultiplierOverrides key usa must be an ISO 3166-1 alpha-2 code",
            "details.optimization.bidCountryMultiplierOverrides.usa must be a decimal string from 0.0 to 10.0",
            "details.optimization is only available for MARKETING templates",
        ],
    ),
}


@pytest.mark.parametrize("case", INVALID)
def test_invalid_create_bodies(api: httpx.Client, wa_account: Any, case: str) -> None:
    body, messages = INVALID[case]
    assert validation_errors(api.post(templates_path(), json=body)) == messages


def test_the_description_error_example(api: httpx.Client, wa_account: Any) -> None:
    assert validation_errors(api.post(templates_path(), json=template_body(category="TRANSACTIONAL"))) == [
        "category must be one of the following values: AUTHENTICATION, MARKETING, UTILITY"
    ]


VALID: dict[str, dict[str, Any]] = {
    "every kind of component": with_components(
        {
            "type": "HEADER",
            "format": "DOCUMENT",
            "example": {"url": "https://example.com/a.pdf", "mimeType": "APPLICATION/PDF"},
        },
        {"type": "BODY", "text": "Hi {{1}}", "examples": ["Ann"]},
        {"type": "FOOTER", "text": "Bye"},
        {"type": "LIMITED_TIME_OFFER", "text": "Only today"},
        buttons(
            url_button(example="https://shop.example.com/t?id=1"),
            url_button("https://static.example.com", text="Site"),
            {"type": "PHONE_NUMBER", "text": "Call", "phoneNumber": "+48 777 777777"},
            {"type": "QUICK_REPLY", "text": "Stop"},
            {"type": "COPY_CODE", "example": "WINTER27"},
            {"type": "FLOW", "text": "Start", "flowId": "123", "flowAction": "NAVIGATE", "navigateScreen": "ONE"},
            {"type": "REQUEST_CONTACT_INFO"},
            {"type": "ORDER_DETAILS"},
        ),
        category="MARKETING",
        messageSendTtlSeconds=43200,
    ),
    "carousel": with_components(BODY, carousel(CARD, CARD), category="MARKETING"),
    "location header": with_components({"type": "HEADER", "format": "LOCATION"}, BODY),
    "authentication, one tap": with_components(
        {"type": "BODY", "addSecurityRecommendation": True},
        {"type": "FOOTER", "codeExpirationMinutes": 10},
        buttons(
            {
                "type": "OTP",
                "otpType": "ONE_TAP",
                "text": "Copy code",
                "autofillText": "Autofill",
                "supportedApps": [{"packageName": "com.example", "signatureHash": "abc"}],
            }
        ),
        category="AUTHENTICATION",
        messageSendTtlSeconds=10,
    ),
    "authentication, deprecated package fields": with_components(
        {"type": "BODY"},
        buttons({"type": "OTP", "otpType": "ONE_TAP", "text": "Copy", "packageName": "a.b", "signatureHash": "h"}),
        category="AUTHENTICATION",
    ),
    "utility with the minimal example's extras": with_components(
        {"type": "BODY", "text": "Hello", "addSecurityRecommendation": True},
        {"type": "FOOTER", "codeExpirationMinutes": 5},
    ),
}


@pytest.mark.parametrize("case", VALID)
def test_valid_create_bodies(api: httpx.Client, wa_account: Any, case: str) -> None:
    body = copy.deepcopy(VALID[case])
    response = api.post(templates_path(), json=body)
    assert response.status_code == 201, response.text
    expected = body["details"]["components"]
    for component in expected:  # answered without the input's mimeType hint
        if isinstance(component.get("example"), dict):
            component["example"].pop("mimeType", None)
    answered = response.json()["changes"]["details"]["components"]
    assert answered[0] == expected[0] and [c["type"] for c in answered] == [c["type"] for c in expected]


def test_limited_time_offers_have_a_default_expiration_flag(api: httpx.Client, wa_account: Any) -> None:
    response = api.post(templates_path(), json=VALID["every kind of component"])
    assert response.json()["changes"]["details"]["components"][3] == {
        "type": "LIMITED_TIME_OFFER",
        "text": "Only today",
        "hasExpiration": False,
    }


def test_drafts_need_neither_details_nor_the_rules_across_fields(api: httpx.Client, wa_account: Any) -> None:
    partial = with_components(
        {"type": "HEADER", "format": "IMAGE"},
        {"type": "BUTTONS", "buttons": []},
        carousel({"components": [{"type": "BODY"}]}, {"components": []}),
        {"type": "BODY", "text": "Hi {{1}}"},
    )
    partial["status"] = "DRAFT"
    assert api.post(templates_path(), json=partial).status_code == 201
    # Types, enums and lengths still apply to drafts.
    too_long = with_components({"type": "BODY", "text": "x" * 1025}, {"type": "FOOTER", "text": 5})
    too_long["status"] = "DRAFT"
    too_long["name"] = "other"
    assert validation_errors(api.post(templates_path(), json=too_long)) == [
        "details.components.0.text must be shorter than or equal to 1024 characters",
        "details.components.1.text must be a string",
    ]
    # Submitting the draft checks the whole template.
    assert validation_errors(api.patch(template_path("order_update"), json={"status": "SUBMIT"})) == [
        "details.components.0.example should not be null or undefined",
        "details.components.1.buttons must contain at least 1 elements",
        "details.components.2.cards.0.components.0.text must be a string",
        "details.components.2.cards.0.components must contain a HEADER component",
        "details.components.2.cards.1.components must contain a HEADER component",
        "details.components.2.cards.1.components must contain a BODY component",
        "details.components.2.cards must all have the same components",
        "details.components.3.examples must contain exactly 1 elements, one example for each variable of the text",
    ]


def test_patch_bodies(api: httpx.Client, create_template: Create) -> None:
    create_template(template_body(status="DRAFT"))
    url = template_path("order_update")
    assert validation_errors(
        api.patch(url, json={"status": "LATER", "details": {"components": [{"type": "BODY", "text": ""}]}})
    ) == [
        "status must be one of the following values: DRAFT, SUBMIT",
        "details.components.0.text must be longer than or equal to 1 characters",
    ]
    assert validation_errors(api.patch(url, json={"details": {"messageSendTtlSeconds": 5}})) == [
        "details.messageSendTtlSeconds must be from 30 to 43200 for UTILITY templates"
    ]
    # The category a PATCH sets is the one its rules use.
    assert (
        api.patch(url, json={"category": "MARKETING", "details": {"messageSendTtlSeconds": 86400}}).status_code == 200
    )
    assert validation_errors(api.patch(url, json={"details": {"optimization": {"bidAmount": 1}}})) == [
        "details.optimization.bidStrategy must be one of the following values: LOWEST_COST_WITH_BID_CAP"
    ]


def test_checks_with_their_own_codes(api: httpx.Client, wa_account: Any) -> None:
    static = with_components(BODY, buttons(url_button("https://example.com/static", example="https://example.com/x")))
    assert_papi_error(api.post(templates_path(), json=static), 400, "template_invalid_button_example")
    for url in ("https://wa.me/{{1}}", "https://api.whatsapp.com/send?phone={{1}}"):
        restricted = with_components(BODY, buttons(url_button(url, example="https://wa.me/1")))
        assert_papi_error(api.post(templates_path(), json=restricted), 409, "template_restricted_Domain_for_button_url")
    not_fitting = {
        "OTP in a UTILITY template": with_components(BODY, buttons(OTP)),
        "AUTHENTICATION without OTP": with_components({"type": "BODY"}, category="AUTHENTICATION"),
        "AUTHENTICATION with a header": with_components(
            {"type": "HEADER", "format": "LOCATION"}, {"type": "BODY"}, buttons(OTP), category="AUTHENTICATION"
        ),
        "a limited-time offer in a UTILITY template": with_components(
            BODY, {"type": "LIMITED_TIME_OFFER", "text": "x"}
        ),
    }
    for n, body in enumerate(not_fitting.values()):
        assert_papi_error(api.post(templates_path(), json=body), 400, "template_invalid_category")
        draft = {**body, "status": "DRAFT", "name": f"draft_{n}"}
        assert api.post(templates_path(), json=draft).status_code == 201  # checked at submission only
