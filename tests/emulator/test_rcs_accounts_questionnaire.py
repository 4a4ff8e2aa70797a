"""The RCS Accounts and RCS Questionnaire tags: the account (made with the first sender), its activities and
comments, sender activities and comments (Sinch's through the admin API), their callbacks; the questions per
use case and country."""

from __future__ import annotations

import httpx

from tests.emulator.conftest import PROJECT, webhooks_path
from tests.emulator.rcs_helpers import ADMIN_SENDERS, RCS, SENDERS, create, minimal_body
from tests.emulator.test_webhook_callbacks import deliveries
from tests.emulator.test_webhooks import assert_papi_error, validation_errors
from tests.webhook_receiver import receiver


def test_account_exists_with_the_first_sender(api: httpx.Client) -> None:
    body = assert_papi_error(api.get(f"{RCS}/activities"), 404, "account_not_found")
    assert (body["message"], body["resolution"]) == ("Account not found.", "Verify that the parameters are correct.")
    assert_papi_error(api.post(f"{RCS}/comments", json={"comment": "hi"}), 404, "account_not_found")
    create(api, minimal_body())
    create(api, minimal_body())
    listed = api.get(f"{RCS}/activities").json()
    assert listed["totalSize"] == 1 and listed["notifications"][0]["type"] == "CREATED"
    comment = api.post(f"{RCS}/comments", json={"comment": "Hello"})
    assert comment.status_code == 201 and comment.json()["type"] == "CREATED"
    assert [n["type"] for n in api.get(f"{RCS}/activities").json()["notifications"]] == ["COMMENT_ADDED", "CREATED"]
    assert validation_errors(api.post(f"{RCS}/comments", json={"comment": ""})) == [
        "comment must be longer than or equal to 1 characters"
    ]
    assert_papi_error(api.get(f"{RCS}/activities", params={"pageSize": 0}), 400, "invalid_page_size")


def test_sender_activities_comments_and_callbacks(api: httpx.Client, admin: httpx.Client) -> None:
    with receiver() as hooks:
        api.post(webhooks_path(), json={"target": f"{hooks.url}/hook", "secret": "s", "triggers": ["ALL"]})
        sid = create(api, minimal_body())["id"]
        assert api.post(f"{SENDERS}/{sid}/comments", json={"comment": "From us"}).status_code == 201
        assert admin.post(f"{ADMIN_SENDERS}/{sid}/comments", json={"comment": "From Sinch"}).status_code == 200
        assert admin.post(f"{ADMIN_SENDERS}/{sid}/comments", json={}).status_code == 400
        api.patch(f"{SENDERS}/{sid}", json={"details": {"countries": ["SE"]}})
        api.post(f"{RCS}/comments", json={"comment": "Account"})
        notes = api.get(f"{SENDERS}/{sid}/activities").json()["notifications"]
        assert [n["type"] for n in notes] == ["EDITED", "COMMENT_ADDED", "COMMENT_ADDED", "CREATED"]
        assert notes[1]["author"] == "Sinch" and notes[2]["author"] == "Provisioning API user"
        log = deliveries(admin)
        assert [d["trigger"] for d in log] == [
            "RCS_SENDER_COMMENT_ADDED",
            "RCS_SENDER_COMMENT_ADDED",
            "RCS_ACCOUNT_COMMENT_ADDED",
        ]
        bodies = [c.json for c in hooks.wait_for(3)]
        assert bodies[1]["comment"] == "From Sinch" and bodies[1]["payload"]["id"] == sid
        expected = {"type": "RCS_ACCOUNT_COMMENT_ADDED", "payload": {"projectId": PROJECT}, "comment": "Account"}
        assert bodies[2] == expected
    assert_papi_error(api.get(f"{SENDERS}/bad/activities"), 400, "invalid_id_format")


def test_questionnaire_sections_per_country(api: httpx.Client) -> None:
    url = f"{RCS}/questionnaire/PROMOTIONAL"
    plain = api.get(url).json()
    assert set(plain) == {"general", "verification"}
    assert plain["verification"]["questions"]["name"]["question"] == "What is the name of your verification contact?"
    both = api.get(url, params={"countries": "GB,FR"}).json()
    assert set(both) == {"general", "verification", "gb", "fr"}
    assert set(both["fr"]["questions"]) == {"fullCompanyAddress", "siren"}
    repeated = api.get(url, params=[("countries", "US"), ("countries", "SE")]).json()
    assert set(repeated) == {"general", "verification", "us"} and "stockSymbol" in repeated["us"]["questions"]
    private = api.get(url, params={"countries": "US", "usQuestionnaireBrandCampaignVersion": "NON_US_PRIVATE"}).json()
    assert "stockSymbol" not in private["us"]["questions"] and "addressState" not in private["us"]["questions"]
    v1 = api.get(url, params={"countries": "US", "usQuestionnaireVersion": "v1"}).json()
    assert "ein" in v1["us"]["questions"]


def test_questionnaire_errors(api: httpx.Client) -> None:
    body = assert_papi_error(api.get(f"{RCS}/questionnaire/MARKETING"), 400, "questionnaire_invalid_use_case")
    assert body["additionalInformation"] == {"validUseCases": ["MULTIUSE, OTP, PROMOTIONAL, TRANSACTIONAL"]}
    body = assert_papi_error(api.get(f"{RCS}/questionnaire/OTP", params={"countries": "ZZ"}), 400,
                             "questionnaire_invalid_country")  # fmt: skip
    assert body["message"] == "Invalid country."
    assert body["additionalInformation"]["supportedValues"][0].startswith("AT, BE, BR")


def test_a_fault_rule_reaches_the_rcs_supplier_errors(api: httpx.Client, admin: httpx.Client) -> None:
    rule = {"method": "GET", "path": "/rcs/senders$", "status": 403, "errorCode": "rbm_has_not_been_used"}
    assert admin.post("/faults", json=rule).status_code == 201
    response = api.get(SENDERS)
    assert response.status_code == 403
    assert response.json() == {
        "errorCode": "rbm_has_not_been_used",
        "message": "RBM has not been used.",
        "resolution": "Please wait and try again or reach out to support at si-richmessaging@sinch.com",
    }
