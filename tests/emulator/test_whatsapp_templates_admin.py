"""WhatsApp template admin controls: seeding in any state, review decisions, Meta's state and quality changes,
template rules, the review-time setting, the raw view, reset; and the harness helpers that drive them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
import pytest

from emulator.server import EmulatorServer
from tests.emulator.conftest import PROJECT, WA_TIMING, template_body, template_path, templates_path, whatsapp_path
from tests.emulator.test_webhooks import assert_papi_error
from tests.harness import Emulator

Advance = Callable[[float], None]
Create = Callable[..., dict[str, Any]]
REVIEW = WA_TIMING["templateReviewSeconds"]
SEED = f"/projects/{PROJECT}/whatsapp/templates"
RULES = "/whatsapp/template-rules"


def review_url(name: str = "order_update", language: str = "EN_US") -> str:
    return f"{SEED}/{name}/languages/{language}/review"


# --- seeding ---------------------------------------------------------------------------------------------------


def test_a_seeded_template_looks_like_an_approved_one(
    api: httpx.Client, admin: httpx.Client, create_template: Create, advance: Advance
) -> None:
    create_template(template_body())
    advance(REVIEW)
    from_api = api.get(template_path("order_update")).json()
    seeded = admin.post(SEED, json={})
    assert seeded.status_code == 201, seeded.text
    assert list(seeded.json()) == list(from_api)  # same fields, same order
    assert (seeded.json()["name"], seeded.json()["language"], seeded.json()["category"]) == (
        "emulator_template_1",
        "EN_US",
        "UTILITY",
    )
    assert seeded.json()["qualityScore"] == "QUALITY_SCORE_GREEN"
    assert api.get(template_path("emulator_template_1")).json() == seeded.json()
    assert admin.post(SEED, json={}).json()["name"] == "emulator_template_2"


@pytest.mark.parametrize(
    ("fields", "state", "status"),
    [
        ({"state": "PAUSED"}, "PAUSED", None),
        ({"state": "DISABLED"}, "DISABLED", None),
        ({"state": "PENDING"}, "PENDING", "IN_PROGRESS"),
        ({"state": "REJECTED"}, "REJECTED", "REJECTED"),
        ({"state": None}, None, "DRAFT"),
    ],
)
def test_seeding_in_any_state(
    api: httpx.Client,
    admin: httpx.Client,
    fields: dict[str, Any],
    state: str | None,
    status: str | None,
    advance: Advance,
    wa_timing: Any,
) -> None:
    seeded = admin.post(SEED, json={"name": "seeded", **fields}).json()
    assert seeded.get("state") == state
    assert (seeded.get("changes") or {}).get("status") == status
    assert ("details" in seeded) == (state in ("PAUSED", "DISABLED"))
    if state == "REJECTED":
        assert seeded["rejectionCode"] == "INVALID_FORMAT"
    advance(REVIEW)  # a seeded PENDING template is in review like any other
    after = api.get(template_path("seeded")).json()
    assert after.get("state") == ("APPROVED" if state == "PENDING" else state)


def test_seeding_takes_dto_fields_and_makes_the_account(api: httpx.Client, admin: httpx.Client) -> None:
    details = {
        "components": [{"type": "BODY", "text": "Sale"}],
        "optimization": {"bidAmount": 5, "bidStrategy": "BID_STRATEGY_LOWEST_COST_WITH_BID_CAP"},
    }
    seeded = admin.post(
        SEED,
        json={"name": "meta_one", "language": "PT_BR", "category": "MARKETING", "details": details, "whatsappId": "77"},
    )
    assert seeded.status_code == 201
    assert seeded.json()["details"] == details and seeded.json()["whatsappId"] == "77"
    raw = admin.get(f"/projects/{PROJECT}/whatsapp_templates").json()["whatsapp_templates"]
    assert raw[0]["details"]["optimization"]["bidStrategy"] == "LOWEST_COST_WITH_BID_CAP"  # stored as input
    assert raw[0]["projectId"] == PROJECT and raw[0]["emulator"]["activities"][0]["type"] == "CREATED"
    account = api.get(whatsapp_path()).json()
    assert (account["state"], account["isEmbeddedSignup"]) == ("ONBOARDED", True)


@pytest.mark.parametrize(
    "body",
    [
        [],
        {"secret": 1},
        {"name": "Bad Name"},
        {"language": "KLINGON"},
        {"category": "OTP"},
        {"state": "DRAFT"},
        {"rejectionCode": "RUDE"},
        {"qualityScore": "GREEN"},
        {"changes": {"status": "APPROVED"}},
        {"details": []},
        {"analytics": [{"sent": 1}]},
        {"whatsappId": 5},
        {"isMetaGenerated": "yes"},
    ],
)
def test_invalid_seeds(admin: httpx.Client, body: Any) -> None:
    assert_papi_error(admin.post(SEED, json=body), 400, "invalid_admin_request")


def test_seeding_an_existing_template_is_a_400(admin: httpx.Client) -> None:
    assert admin.post(SEED, json={"name": "twice"}).status_code == 201
    assert_papi_error(admin.post(SEED, json={"name": "twice"}), 400, "invalid_admin_request")


# --- review decisions, Meta's state changes ----------------------------------------------------------------------


def test_review_decisions(api: httpx.Client, admin: httpx.Client, create_template: Create) -> None:
    assert_papi_error(admin.post(review_url("missing"), json={"outcome": "approve"}), 404, "not_found")
    create_template(template_body())
    for bad in (
        {"outcome": "maybe"},
        {"outcome": "reject", "rejectionCode": "RUDE"},
        {"outcome": "approve", "category": "X"},
    ):
        assert_papi_error(admin.post(review_url(), json=bad), 400, "invalid_admin_request")
    approved = admin.post(review_url(), json={"outcome": "approve", "category": "MARKETING"})
    assert approved.status_code == 200
    assert (approved.json()["state"], approved.json()["category"]) == ("APPROVED", "MARKETING")
    assert_papi_error(admin.post(review_url(), json={"outcome": "reject"}), 400, "invalid_admin_request")


def test_state_and_quality_changes(api: httpx.Client, admin: httpx.Client, create_template: Create) -> None:
    create_template(template_body())
    state_url = f"{SEED}/order_update/languages/EN_US/state"
    assert_papi_error(admin.post(state_url, json={"state": "PAUSED"}), 400, "invalid_admin_request")  # PENDING
    admin.post(review_url(), json={"outcome": "approve"})
    paused = admin.post(state_url, json={"state": "PAUSED", "qualityScore": "QUALITY_SCORE_RED"})
    assert (paused.json()["state"], paused.json()["qualityScore"]) == ("PAUSED", "QUALITY_SCORE_RED")
    assert api.get(template_path("order_update")).json()["state"] == "PAUSED"
    assert admin.post(state_url, json={"qualityScore": "QUALITY_SCORE_YELLOW"}).json()["state"] == "PAUSED"
    for bad in ({}, {"state": "PENDING"}, {"qualityScore": "RED"}, {"state": "APPROVED", "extra": 1}):
        assert_papi_error(admin.post(state_url, json=bad), 400, "invalid_admin_request")
    # A paused template can be edited; an approved edit makes it APPROVED again.
    edit = {"status": "SUBMIT", "details": {"components": [{"type": "BODY", "text": "Fixed"}]}}
    assert api.patch(template_path("order_update"), json=edit).json()["state"] == "PAUSED"
    admin.post(review_url(), json={"outcome": "approve"})
    assert api.get(template_path("order_update")).json()["state"] == "APPROVED"


# --- rules -----------------------------------------------------------------------------------------------------


def test_a_rule_rejects_matching_submissions_when_the_review_is_due(
    api: httpx.Client, admin: httpx.Client, create_template: Create, advance: Advance
) -> None:
    rule = admin.post(
        RULES, json={"when": {"name": "order_update"}, "state": "REJECTED", "rejectionCode": "SCAM", "reason": "No."}
    )
    assert rule.status_code == 201
    assert rule.json() == {
        "id": 1,
        "when": {"name": "order_update"},
        "state": "REJECTED",
        "rejectionCode": "SCAM",
        "reason": "No.",
        "category": None,
        "submitError": None,
        "hold": False,
        "times": None,
        "hits": 0,
    }
    create_template(template_body())
    create_template(template_body(name="other_one", details={"components": [{"type": "BODY", "text": "Other"}]}))
    assert api.get(template_path("order_update")).json()["state"] == "PENDING"
    advance(REVIEW)
    rejected = api.get(template_path("order_update")).json()
    assert (rejected["state"], rejected["rejectionCode"]) == ("REJECTED", "SCAM")
    assert api.get(template_path("order_update") + "/activities").json()["notifications"][0]["comment"] == "No."
    assert api.get(template_path("other_one")).json()["state"] == "APPROVED"
    # Every submission meets the rule: a resubmission too.
    api.patch(template_path("order_update"), json={"status": "SUBMIT"})
    advance(REVIEW)
    assert api.get(template_path("order_update")).json()["state"] == "REJECTED"
    assert admin.get(RULES).json()["rules"][0]["hits"] == 2
    assert admin.delete(RULES).status_code == 204 and admin.get(RULES).json() == {"rules": []}


def test_a_rule_on_the_content_holds_the_review_until_an_admin_decides(
    api: httpx.Client, admin: httpx.Client, create_template: Create, advance: Advance
) -> None:
    admin.post(RULES, json={"when": {"details.components.1.examples.0": "Ann"}, "hold": True, "times": 1})
    create_template(template_body())
    advance(100 * REVIEW)
    assert api.get(template_path("order_update")).json()["state"] == "PENDING"
    create_template(template_body(language="DE"))  # the rule is used up
    advance(REVIEW)
    assert api.get(template_path("order_update", "DE")).json()["state"] == "APPROVED"
    admin.post(review_url(), json={"outcome": "reject", "rejectionCode": "ABUSIVE_CONTENT"})
    assert api.get(template_path("order_update")).json()["rejectionCode"] == "ABUSIVE_CONTENT"


@pytest.mark.parametrize(
    ("allow", "state", "category"), [(True, "APPROVED", "MARKETING"), (False, "REJECTED", "UTILITY")]
)
def test_meta_recategorizes_only_when_allowed(
    api: httpx.Client,
    admin: httpx.Client,
    create_template: Create,
    advance: Advance,
    allow: bool,
    state: str,
    category: str,
) -> None:
    admin.post(RULES, json={"category": "MARKETING"})
    create_template(template_body(allowCategoryChange=allow))
    advance(REVIEW)
    reviewed = api.get(template_path("order_update")).json()
    assert (reviewed["state"], reviewed["category"]) == (state, category)
    if not allow:
        assert reviewed["rejectionCode"] == "INCORRECT_CATEGORY"


def test_a_rule_fails_the_submission_at_once(api: httpx.Client, admin: httpx.Client, wa_account: Any) -> None:
    admin.post(RULES, json={"when": {"language": "DE"}, "submitError": "template_policies_violations"})
    failed = api.post(templates_path(), json=template_body(language="DE"))
    body = assert_papi_error(failed, 400, "template_policies_violations")
    assert body["resolution"].startswith("Remove violating content.")
    assert_papi_error(api.get(template_path("order_update", "DE")), 404, "template_not_found")
    saved = api.post(templates_path(), json=template_body(language="DE", saveDraftOnFailure=True))
    assert_papi_error(saved, 400, "template_policies_violations")
    draft = api.get(template_path("order_update", "DE")).json()
    assert "state" not in draft and draft["changes"]["status"] == "DRAFT"
    admin.post(RULES, json={"submitError": "file_not_found"})
    admin.delete(RULES)
    admin.post(RULES, json={"submitError": "template_submit_error"})
    assert_papi_error(
        api.patch(template_path("order_update", "DE"), json={"status": "SUBMIT"}), 424, "template_submit_error"
    )
    assert api.get(template_path("order_update", "DE")).json() == draft  # a failed PATCH changes nothing


@pytest.mark.parametrize(
    "rule",
    [
        [],
        {},
        {"state": "PAUSED"},
        {"state": "REJECTED", "rejectionCode": "RUDE"},
        {"category": "OTP"},
        {"submitError": "nope"},
        {"hold": "yes"},
        {"state": "REJECTED", "times": 0},
        {"when": []},
        {"state": "REJECTED", "errorCode": "X"},
        {"state": "REJECTED", "reason": 5},
    ],
)
def test_invalid_template_rules(admin: httpx.Client, rule: Any) -> None:
    assert_papi_error(admin.post(RULES, json=rule), 400, "invalid_admin_request")


# --- settings, reset, harness ------------------------------------------------------------------------------------


def test_the_review_time_is_a_setting(
    api: httpx.Client, admin: httpx.Client, create_template: Create, advance: Advance
) -> None:
    assert admin.patch("/settings", json={"templateReviewSeconds": 0}).json()["templateReviewSeconds"] == 0
    assert create_template(template_body())["state"] == "PENDING"
    assert api.get(template_path("order_update")).json()["state"] == "APPROVED"  # due at the next request
    assert_papi_error(admin.patch("/settings", json={"templateReviewSeconds": -1}), 400, "invalid_admin_request")


def test_reset_clears_templates_and_rules(admin: httpx.Client, create_template: Create, advance: Advance) -> None:
    admin.post(RULES, json={"state": "REJECTED"})
    create_template(template_body())
    assert admin.post("/reset").status_code == 204
    assert admin.get(RULES).json() == {"rules": []}
    assert admin.get(f"/projects/{PROJECT}/whatsapp_templates").json() == {"whatsapp_templates": []}


def test_harness_helpers(emulator: EmulatorServer, admin: httpx.Client) -> None:
    harness = Emulator(emulator.url, key_id="emulator-key", key_secret="emulator-secret")
    harness.settings(templateReviewSeconds=60)
    seeded = harness.seed_template("helper-project", name="helper_one", state="PENDING")
    assert seeded["state"] == "PENDING"
    assert [t["name"] for t in harness.templates("helper-project")] == ["helper_one"]
    harness.review_template("helper-project", "helper_one", "EN_US", "reject", "No", rejection_code="SCAM")
    assert harness.template("helper-project", "helper_one", "EN_US")["rejectionCode"] == "SCAM"
    harness.seed_template("helper-project", name="helper_two")
    moved = harness.set_template_state("helper-project", "helper_two", "EN_US", "DISABLED", "QUALITY_SCORE_RED")
    assert (moved["state"], moved["qualityScore"]) == ("DISABLED", "QUALITY_SCORE_RED")
    rule = harness.template_rule(when={"name": "x"}, state="REJECTED")
    assert rule["id"] == 1
    harness.clear_template_rules()
    assert admin.get(RULES).json() == {"rules": []}
