"""The RCS Senders tag: create (validation of the input DTOs, the DRAFT answer), read, list (filters, sorting,
paging), PATCH (partial merge, null deletes, the US questionnaire versions, LAUNCHING/LAUNCHED), no DELETE. Every
answer is also checked against the OpenAPI schemas (tests/emulator/conftest.py)."""

from __future__ import annotations

import copy
import re

import httpx

from tests.emulator.conftest import UUID_RE
from tests.emulator.rcs_helpers import (
    ADMIN_SENDERS,
    BRAND,
    SENDERS,
    US_PRIVATE_US,
    create,
    launchable_body,
    minimal_body,
)
from tests.emulator.test_webhooks import assert_papi_error, validation_errors


def test_create_minimal_is_a_draft(api: httpx.Client) -> None:
    created = create(api, minimal_body())
    assert re.fullmatch(UUID_RE, created["id"])
    assert created["state"] == "DRAFT"
    assert (created["region"], created["billingCategory"], created["useCase"]) == (
        "EU", "NON_CONVERSATIONAL", "PROMOTIONAL",
    )  # fmt: skip
    assert created["hostingRegion"] == "EUROPE"
    assert created["authName"] and len(created["authToken"]) >= 20
    assert created["created"] == created["modified"]
    questionnaire = created["details"]["questionnaire"]
    assert set(questionnaire) == {"general", "verification"}
    assert questionnaire["general"]["answers"] == {}
    assert questionnaire["general"]["questions"]["optInDescription"]["question"] == (
        "How do users agree to receive messages from your business through the agent?"
    )
    assert api.get(f"{SENDERS}/{created['id']}").json() == created


def test_create_echoes_details_with_questions(api: httpx.Client) -> None:
    body = launchable_body(("FR", "GB", "SE"))
    created = create(api, body)
    details = created["details"]
    assert details["brand"] == BRAND
    assert details["countries"] == ["FR", "GB", "SE"]
    for section in ("general", "verification", "gb", "fr"):
        assert details["questionnaire"][section]["answers"] == body["details"]["questionnaire"][section]["answers"]
        assert details["questionnaire"][section]["questions"]
    assert "us" not in details["questionnaire"]
    statuses = {c["country"]: c for c in created["countryStatus"]}
    assert [o["name"] for o in statuses["GB"]["operators"]] == ["EE", "Three", "Sky", "O2", "Vodafone"]
    assert statuses["FR"]["status"] == "NOT_LAUNCHED"


def test_create_required_fields_and_enums(api: httpx.Client) -> None:
    assert validation_errors(api.post(SENDERS, json={})) == [
        "region must be one of the following values: BR, EU, US",
        "billingCategory must be one of the following values: CONVERSATIONAL, NON_CONVERSATIONAL, BASIC_MESSAGE, "
        "CONVERSATIONAL_LEGACY, SINGLE_MESSAGE",
        "useCase must be one of the following values: MULTIUSE, OTP, PROMOTIONAL, TRANSACTIONAL",
    ]
    errors = validation_errors(api.post(SENDERS, json=minimal_body(callbackUrl="https://x.com")))
    assert errors == ["property callbackUrl should not exist"]
    assert_papi_error(api.post(SENDERS, content=b"[1]", headers={"content-type": "application/json"}), 400,
                      "invalid_payload")  # fmt: skip


def test_create_details_field_rules(api: httpx.Client) -> None:
    brand = {
        "name": "n" * 41,
        "description": "d" * 101,
        "color": "black",
        "emails": [{"label": "a", "address": "not-an-email"}, {"label": "b", "address": "not-an-email"}],
        "phones": [],
        "websites": [{"label": "l" * 26, "url": "nope", "extra": 1}] * 4,
        "logoUrl": "localhost",
    }
    details = {"brand": brand, "countries": ["FR", "XX", "FR"], "testNumbers": ["123"], "unknown": True}
    errors = validation_errors(api.post(SENDERS, json=minimal_body(details=details)))
    assert errors == [
        "property details.unknown should not exist",
        "details.brand.name must be shorter than or equal to 40 characters",
        "All details.brand.emails's elements must be unique",
        "details.brand.emails.0.address must be an email",
        "details.brand.emails.1.address must be an email",
        "details.brand.phones must contain at least 1 elements",
        "details.brand.websites must contain no more than 3 elements",
        "All details.brand.websites's elements must be unique",
        "property details.brand.websites.0.extra should not exist",
        "details.brand.websites.0.label must be shorter than or equal to 25 characters",
        "details.brand.websites.0.url must be a URL address",
        "property details.brand.websites.1.extra should not exist",
        "details.brand.websites.1.label must be shorter than or equal to 25 characters",
        "details.brand.websites.1.url must be a URL address",
        "property details.brand.websites.2.extra should not exist",
        "details.brand.websites.2.label must be shorter than or equal to 25 characters",
        "details.brand.websites.2.url must be a URL address",
        "property details.brand.websites.3.extra should not exist",
        "details.brand.websites.3.label must be shorter than or equal to 25 characters",
        "details.brand.websites.3.url must be a URL address",
        "details.brand.color must be a hexadecimal color",
        "details.brand.description must be shorter than or equal to 100 characters",
        "details.brand.logoUrl must be a URL address",
        "each value in details.testNumbers must be a valid phone number",
        "All details.countries's elements must be unique",
        "each value in details.countries must be one of the following values: AT, BE, BR, CA, CZ, DK, FI, FR, DE, "
        "GR, HU, IT, LT, MX, NL, NO, PE, PL, PT, SG, SK, ES, SE, US, GB",
    ]


def test_create_questionnaire_rules(api: httpx.Client) -> None:
    questionnaire = {
        "general": {"answers": {"optInDescription": "", "videoUris": ["nope"], "x": 1}},
        "verification": {"answers": {"name": "J"}},
        "fr": {"answers": {"siren": "12345"}},
        "gb": {},
        "xx": {},
    }
    errors = validation_errors(api.post(SENDERS, json=minimal_body(details={"questionnaire": questionnaire})))
    assert errors == [
        "property details.questionnaire.xx should not exist",
        "property details.questionnaire.general.answers.x should not exist",
        "details.questionnaire.general.answers.optInDescription must be longer than or equal to 1 characters",
        "each value in details.questionnaire.general.answers.videoUris must be a URL address",
        "details.questionnaire.verification.answers.email must be a string",
        "details.questionnaire.verification.answers.email must be an email",
        "details.questionnaire.verification.answers.website must be a string",
        "details.questionnaire.verification.answers.website must be a URL address",
        "details.questionnaire.gb.answers should not be null or undefined",
        "details.questionnaire.fr.answers.siren must be longer than or equal to 9 characters",
    ]


def test_us_answers_one_of(api: httpx.Client) -> None:
    def with_us(answers: dict[str, object]) -> dict[str, object]:
        return minimal_body(details={"countries": ["US"], "questionnaire": {"us": {"answers": answers}}})

    created = create(api, with_us(US_PRIVATE_US))
    us = created["details"]["questionnaire"]["us"]
    assert us["answers"] == US_PRIVATE_US and "ownershipType" in us["questions"]
    legacy = create(api, with_us({"companyLegalName": "Acme", "ein": "12-3456789", "messagesVolume": "1000"}))
    assert set(legacy["details"]["questionnaire"]["us"]["questions"]) == {
        "companyLegalName", "ein", "brandIndustry", "fullCompanyAddress", "smsCampaign", "messagesVolume",
    }  # fmt: skip
    # PUBLIC with a US tax id: the US public shape, which needs the stock exchange and a public legal form.
    public = dict(US_PRIVATE_US, ownershipType="PUBLIC")
    errors = validation_errors(api.post(SENDERS, json=with_us(public)))
    assert "details.questionnaire.us.answers.legalForm must be one of the following values: CORPORATION" in errors
    assert "details.questionnaire.us.answers.stockExchange must be a string" in errors
    # A non-US private company has no addressState.
    errors = validation_errors(api.post(SENDERS, json=with_us(dict(US_PRIVATE_US, taxIdCountry="SE"))))
    assert errors == ["property details.questionnaire.us.answers.addressState should not exist"]


def test_get_unknown_and_malformed(api: httpx.Client) -> None:
    assert_papi_error(api.get(f"{SENDERS}/00000000-0000-4000-8000-000000000000"), 404, "sender_not_found")
    body = assert_papi_error(api.get(f"{SENDERS}/nope"), 400, "invalid_id_format")
    assert body["resolution"] == "senderId param is in the wrong format. Confirm that you're sending the correct value."


def test_no_delete_of_a_sender(api: httpx.Client) -> None:
    sid = create(api, minimal_body())["id"]
    response = api.delete(f"{SENDERS}/{sid}")
    assert response.status_code == 405
    assert set(response.headers["allow"].replace(" ", "").split(",")) >= {"GET", "PATCH"}


def test_list_filters_sort_and_pages(api: httpx.Client, admin: httpx.Client) -> None:
    ids = []
    for name in ("Bravo", "alpha", "Charlie"):
        ids.append(create(api, minimal_body(details={"brand": {"name": name}}))["id"])
    admin.post(f"{ADMIN_SENDERS}/{ids[2]}/state", json={"state": "IN_TEST"})
    listed = api.get(SENDERS).json()
    assert listed["totalSize"] == 3 and listed["pageSize"] == 50
    assert [s["id"] for s in listed["senders"]] == ids
    by_name = api.get(SENDERS, params={"sortColumn": "NAME", "sortDirection": "DESC"}).json()["senders"]
    assert [s["details"]["brand"]["name"] for s in by_name] == ["alpha", "Charlie", "Bravo"]  # code-point order
    assert [s["id"] for s in api.get(SENDERS, params={"filterStates": "IN_TEST"}).json()["senders"]] == [ids[2]]
    assert api.get(SENDERS, params={"filterSenderName": "ALP"}).json()["totalSize"] == 1
    assert api.get(SENDERS, params={"search": ids[1][:8]}).json()["senders"][0]["id"] == ids[1]
    assert api.get(SENDERS, params={"filterSenderIds": f"{ids[0]},{ids[1]}"}).json()["totalSize"] == 2
    app = api.get(f"{SENDERS}/{ids[0]}").json()["conversationApiAppDetails"]["id"]
    assert api.get(SENDERS, params={"filterConversationApiAppId": app}).json()["totalSize"] == 1
    page = api.get(SENDERS, params={"pageSize": 2}).json()
    assert len(page["senders"]) == 2 and "nextPageToken" in page
    rest = api.get(SENDERS, params={"pageSize": 2, "pageToken": page["nextPageToken"]}).json()
    assert [s["id"] for s in rest["senders"]] == [ids[2]]
    body = assert_papi_error(api.get(SENDERS, params={"filterStates": "NOPE"}), 400, "invalid_filter_states")
    assert body["additionalInformation"] == {
        "supportedCodes": ["DRAFT, IN_PROGRESS, IN_TEST, LAUNCHED, LAUNCHING, PREPARING_LAUNCH, UNLAUNCHED, UNKNOWN"]
    }
    assert_papi_error(api.get(SENDERS, params={"pageSize": 101}), 400, "invalid_page_size")
    assert_papi_error(api.get(SENDERS, params={"pageToken": "junk"}), 400, "invalid_page_token")


def test_patch_merges_and_null_deletes(api: httpx.Client) -> None:
    created = create(api, launchable_body(("FR",)))
    sid = created["id"]
    patch = {"details": {"brand": {"name": "New name", "emails": None}, "countries": ["SE"]}}
    updated = api.patch(f"{SENDERS}/{sid}", json=patch)
    assert updated.status_code == 200, updated.text
    brand = updated.json()["details"]["brand"]
    assert brand["name"] == "New name" and "emails" not in brand
    assert brand["phones"] == BRAND["phones"] and brand["logoUrl"] == BRAND["logoUrl"]
    assert updated.json()["details"]["countries"] == ["SE"]
    assert [c["country"] for c in updated.json()["countryStatus"]] == ["SE"]
    answers = {"details": {"questionnaire": {"general": {"answers": {"optOutDescription": None}}}}}
    general = api.patch(f"{SENDERS}/{sid}", json=answers).json()["details"]["questionnaire"]["general"]["answers"]
    assert "optOutDescription" not in general and general["optInDescription"]
    patched = api.patch(f"{SENDERS}/{sid}", json={"details": {"countries": ["SE"]}}).json()
    assert api.get(f"{SENDERS}/{sid}").json() == patched


def test_patch_rejects_top_level_fields_and_empty_details(api: httpx.Client) -> None:
    sid = create(api, minimal_body())["id"]
    errors = validation_errors(api.patch(f"{SENDERS}/{sid}", json={"region": "US", "useCase": "OTP", "details": {}}))
    assert errors == ["property region should not exist", "property useCase should not exist"]
    assert validation_errors(api.patch(f"{SENDERS}/{sid}", json={})) == ["details should not be null or undefined"]
    assert_papi_error(api.patch(f"{SENDERS}/{sid}", json={"details": {}}), 400, "no_fields_to_update")
    unknown = f"{SENDERS}/00000000-0000-4000-8000-000000000000"
    assert_papi_error(api.patch(unknown, json={"details": {"countries": ["SE"]}}), 404, "sender_not_found")


def test_patch_us_questionnaire_versions(api: httpx.Client) -> None:
    sid = create(api, minimal_body())["id"]
    legacy = {"details": {"questionnaire": {"us": {"answers": {"companyLegalName": "Acme", "ein": "12-3456789"}}}}}
    errors = validation_errors(api.patch(f"{SENDERS}/{sid}", params={"usQuestionnaireVersion": "v2"}, json=legacy))
    assert "property details.questionnaire.us.answers.ein should not exist" in errors
    updated = api.patch(f"{SENDERS}/{sid}", params={"usQuestionnaireVersion": "v1"}, json=legacy)
    assert updated.status_code == 200, updated.text
    assert "ein" in updated.json()["details"]["questionnaire"]["us"]["questions"]
    v2 = {"details": {"questionnaire": {"us": {"answers": {"ownershipType": "PRIVATE"}}}}}
    errors = validation_errors(api.patch(f"{SENDERS}/{sid}", params={"usQuestionnaireVersion": "v1"}, json=v2))
    assert errors == ["property details.questionnaire.us.answers.ownershipType should not exist"]
    validation_errors(api.patch(f"{SENDERS}/{sid}", params={"usQuestionnaireVersion": "v3"}, json=v2))


def test_patch_while_launched_only_countries(api: httpx.Client, admin: httpx.Client) -> None:
    sid = create(api, launchable_body(("SE",)))["id"]
    admin.post(f"{ADMIN_SENDERS}/{sid}/state", json={"state": "LAUNCHED"})
    body = assert_papi_error(api.patch(f"{SENDERS}/{sid}", json={"details": {"brand": {"name": "x"}}}), 400,
                             "fields_not_updatable")  # fmt: skip
    assert body["message"] == "Fields not updatable."
    updated = api.patch(f"{SENDERS}/{sid}", json={"details": {"countries": ["SE", "GB"]}}).json()
    assert updated["state"] == "LAUNCHED"
    assert {c["country"]: c["status"] for c in updated["countryStatus"]} == {"SE": "LAUNCHED", "GB": "NOT_LAUNCHED"}


def test_created_senders_are_separate_copies(api: httpx.Client) -> None:
    body = launchable_body()
    first = create(api, body)
    second = create(api, copy.deepcopy(body))
    assert first["id"] != second["id"] and first["authToken"] != second["authToken"]


def test_patch_us_answers_of_the_other_version_replace_them(api: httpx.Client) -> None:
    legacy = {"companyLegalName": "Acme", "ein": "12-3456789"}
    sid = create(api, minimal_body(details={"questionnaire": {"us": {"answers": legacy}}}))["id"]
    # Fits both versions: taken as the sender's (v1), merged.
    merged = api.patch(
        f"{SENDERS}/{sid}", json={"details": {"questionnaire": {"us": {"answers": {"companyLegalName": "B"}}}}}
    )
    assert merged.json()["details"]["questionnaire"]["us"]["answers"] == {"companyLegalName": "B", "ein": "12-3456789"}
    # Brand campaign answers: the sender moves to v2, the legacy answers go.
    v2 = {"ownershipType": "PRIVATE", "taxIdCountry": "US"}
    moved = api.patch(f"{SENDERS}/{sid}", json={"details": {"questionnaire": {"us": {"answers": v2}}}}).json()
    us = moved["details"]["questionnaire"]["us"]
    assert us["answers"] == v2 and "ein" not in us["questions"] and "addressState" in us["questions"]
