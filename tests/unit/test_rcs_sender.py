"""sinch_rcs_sender's requests and rules, without terraform: the create body's nesting, a PATCH of only what changed
(a removed field as null, the v2 US questionnaire), the launch requirements named by path, the US variants, the
launch read from the state, and the questionnaire data source's flattening."""

from __future__ import annotations

from typing import Any

from provider.schema import merge_patch
from resources.rcs_catalog import questions
from resources.rcs_sender import RcsSender, launch_requirements, us_rules
from tests.unit.conftest import project_provider

NAMES = [a.name for a in RcsSender.attributes]
URLS = {
    "banner_url": "https://cdn.example.com/banner.png",
    "logo_url": "https://cdn.example.com/logo.png",
    "privacy_policy_url": "https://example.com/privacy",
    "terms_of_service_url": "https://example.com/terms",
}


def brand(**values: Any) -> dict[str, Any]:
    base: dict[str, Any] = {"name": "Shop", "description": None, "color": None, "emails": None, "websites": None,
                            "phones": [{"label": "Support", "number": "+33777777777"}], **URLS}  # fmt: skip
    base.update(values)
    return base


def planned(**values: Any) -> dict[str, Any]:
    base: dict[str, Any] = {n: None for n in NAMES}
    base.update(project_id="p1", region="EU", billing_category="CONVERSATIONAL", use_case="PROMOTIONAL")
    base.update(values)
    return base


GENERAL = {"opt_in_description": "Signup", "trigger_description": "Orders", "interactions_description": "Buttons",
           "opt_out_description": "STOP", "video_uris": None, "screenshot_uris": None}  # fmt: skip
VERIFICATION = {"name": "Ann", "email": "ann@example.com", "website": "https://example.com", "title": None,
                "phone": None, "partner": None}  # fmt: skip


def questionnaire(**sections: Any) -> dict[str, Any]:
    return {"general": GENERAL, "verification": VERIFICATION, "gb": None, "fr": None, "us": None, **sections}


def test_the_create_body_nests_details_as_the_api_does() -> None:
    body = RcsSender(project_provider()).create_body(
        planned(brand=brand(), countries=["FR"], questionnaire=questionnaire())
    )
    assert set(body) == {"region", "billingCategory", "useCase", "details"}
    assert body["details"]["brand"]["logoUrl"] == URLS["logo_url"]
    assert body["details"]["brand"]["phones"] == [{"label": "Support", "number": "+33777777777"}]
    assert body["details"]["questionnaire"]["general"]["answers"]["optInDescription"] == "Signup"
    assert body["details"]["questionnaire"]["verification"]["answers"] == {
        "name": "Ann", "email": "ann@example.com", "website": "https://example.com"}  # fmt: skip
    assert "launch" not in body and "launch" not in body["details"]


def test_an_update_patches_only_what_changed_a_removed_field_as_null() -> None:
    sender = RcsSender(project_provider())
    current = planned(brand=brand(color="#000000"), countries=["FR"], questionnaire=questionnaire())
    new = planned(brand=brand(color=None, name="Shop FR"), countries=["FR", "GB"], questionnaire=questionnaire())
    body = sender.update_body(current, new, sender.changed(current, new))
    assert body == {"details": {"brand": {"name": "Shop FR", "color": None}, "countries": ["FR", "GB"]}}
    assert sender.update_params == {"usQuestionnaireVersion": "v2"}


def test_merge_patch_sends_a_whole_nested_object_that_was_null() -> None:
    attrs = RcsSender.attributes
    body = merge_patch(attrs, planned(), planned(brand=brand()), ["brand"])
    assert body["details"]["brand"]["name"] == "Shop"


def test_launch_requirements_are_named_by_path() -> None:
    missing = launch_requirements(planned(launch=True, brand=brand(logo_url=None, phones=None)))
    assert [tuple(p) for p, _ in missing] == [
        ("countries",), ("brand", "logo_url"), ("brand", "phones"), ("questionnaire", "general"),
        ("questionnaire", "verification"),
    ]  # fmt: skip
    assert launch_requirements(planned(brand=brand(), countries=["SE"], questionnaire=questionnaire())) == []
    gb = launch_requirements(planned(brand=brand(), countries=["GB", "SE"], questionnaire=questionnaire()))
    assert [tuple(p) for p, _ in gb] == [("questionnaire", "gb")]


def test_us_answers_follow_the_ownership_and_tax_country() -> None:
    us = {"ownership_type": "PUBLIC", "legal_form": "PARTNERSHIP", "tax_id_country": "US", "address_state": None,
          "stock_exchange": None, "stock_symbol": "ACME"}  # fmt: skip
    problems = us_rules({"questionnaire": {"us": us}})
    assert [p[-1] for p, _ in problems] == ["legal_form", "stock_exchange", "address_state"]


def test_launch_is_read_from_the_state() -> None:
    sender = RcsSender(project_provider())
    for state, launched in (("DRAFT", False), ("IN_TEST", False), ("PREPARING_LAUNCH", True), ("LAUNCHED", True),
                            ("UNLAUNCHED", False)):  # fmt: skip
        assert sender.state_from_api({"id": "s1", "state": state}, planned())["launch"] is launched


def test_the_questionnaire_is_flattened_with_the_attribute_names() -> None:
    node = {"name": {"question": "Who?", "suggestedAnswers": []},
            "partner": {"companyName": {"question": "Company?", "suggestedAnswers": ["ACME"]}}}  # fmt: skip
    assert list(questions("verification", node)) == [
        {"section": "verification", "field": "name", "question": "Who?", "suggested_answers": []},
        {"section": "verification", "field": "partner.company_name", "question": "Company?",
         "suggested_answers": ["ACME"]},
    ]  # fmt: skip


def test_the_apply_time_check_judges_only_a_launch_about_to_be_sent() -> None:
    sender = RcsSender(project_provider())
    lacking = planned(launch=True, brand=brand(logo_url=None), countries=["SE"], questionnaire=questionnaire())
    assert [tuple(p) for p, _ in sender.apply_problems(lacking, None)] == [("brand", "logo_url")]
    assert [tuple(p) for p, _ in sender.apply_problems(lacking, planned(launch=False))] == [("brand", "logo_url")]
    assert sender.apply_problems(lacking, planned(launch=True)) == []  # launched already: not judged again
    assert sender.apply_problems(planned(launch=None), None) == []
