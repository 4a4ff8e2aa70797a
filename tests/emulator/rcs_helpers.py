"""Bodies and helpers the RCS emulator tests share."""

from __future__ import annotations

import copy
from typing import Any

import httpx

from tests.emulator.conftest import PROJECT

RCS = f"/v1/projects/{PROJECT}/rcs"
SENDERS = f"{RCS}/senders"
ADMIN_SENDERS = f"/projects/{PROJECT}/rcs/senders"

GENERAL = {
    "optInDescription": "By subscribing to our loyalty program",
    "triggerDescription": "User actions",
    "interactionsDescription": "Online Payment",
    "optOutDescription": "Thank you for opting out",
}
VERIFICATION = {"name": "Jane Doe", "email": "jane@example.com", "website": "https://example.com"}
BRAND = {
    "name": "Test name",
    "description": "Test description",
    "color": "#000000",
    "emails": [{"label": "Contact email", "address": "contact@test.com"}],
    "phones": [{"label": "Contact phone", "number": "+33777777777"}],
    "websites": [{"label": "Website", "url": "https://test.com"}],
    "bannerUrl": "https://example-banner-url.com",
    "logoUrl": "https://example-logo-url.com",
    "privacyPolicyUrl": "https://example-privacy-policy-url.com",
    "termsOfServiceUrl": "https://example-terms-of-service-url.com",
}
US_PRIVATE_US = {
    "ownershipType": "PRIVATE",
    "companyLegalName": "Acme Inc",
    "companyPhoneNumber": "+12025550123",
    "companyEmailAddress": "legal@acme.com",
    "brandName": "Acme",
    "brandIndustry": "RETAIL",
    "legalForm": "LIMITED_LIABILITY_COMPANY",
    "taxIdCountry": "US",
    "taxId": "12-3456789",
    "addressLine": "1 Main St",
    "addressCity": "Springfield",
    "addressCountry": "US",
    "addressState": "IL",
    "addressPostalCode": "62701",
    "websiteUrl": "https://acme.com",
    "contactFirstName": "Jane",
    "contactSurname": "Doe",
    "sampleMessages": ["Your order 1234 has shipped today."],
    "messagesVolume": 1000,
    "embeddedLink": False,
    "embeddedPhone": False,
    "ageGatedContent": False,
    "directLending": False,
    "optInConfirmationMessage": "You are subscribed to Acme alerts.",
    "helpMessage": "Reply HELP for help, STOP to stop.",
    "callToActionMessage": "Text JOIN to 12345 to receive order updates from Acme.",
}


def minimal_body(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {"region": "EU", "billingCategory": "NON_CONVERSATIONAL", "useCase": "PROMOTIONAL"}
    body.update(overrides)
    return body


def launchable_body(countries: tuple[str, ...] = ("SE",), video: bool = True, **overrides: Any) -> dict[str, Any]:
    general = dict(GENERAL, videoUris=["https://example.com/video.mp4"]) if video else dict(GENERAL)
    questionnaire: dict[str, Any] = {"general": {"answers": general}, "verification": {"answers": VERIFICATION}}
    if "GB" in countries:
        questionnaire["gb"] = {
            "answers": {"brandIndustry": "Retail", "companyLegalName": "Acme Ltd", "messagesVolume": "0 - 10K messages"}
        }
    if "FR" in countries:
        questionnaire["fr"] = {"answers": {"fullCompanyAddress": "1 rue de Paris", "siren": "123456789"}}
    details = {"brand": copy.deepcopy(BRAND), "countries": list(countries), "questionnaire": questionnaire}
    return minimal_body(details=details, **overrides)


def create(api: httpx.Client, body: dict[str, Any]) -> dict[str, Any]:
    response = api.post(SENDERS, json=body)
    assert response.status_code == 201, response.text
    created: dict[str, Any] = response.json()
    return created
