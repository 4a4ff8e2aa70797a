"""The WhatsApp Templates tag: the life of a template on the emulator clock (submit, review, approve or reject,
edits of live templates), drafts, deletions and the 30-day block, lists, field masks, analytics, compare, sync,
comments and activities, and the answers for projects without an account or a WABA."""

from __future__ import annotations

import copy
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

import httpx
import pytest

from tests.emulator.conftest import (
    PROJECT,
    WA_TIMING,
    template_body,
    template_path,
    templates_path,
    whatsapp_path,
)
from tests.emulator.test_webhooks import assert_papi_error, validation_errors

Advance = Callable[[float], None]
Create = Callable[..., dict[str, Any]]
REVIEW = WA_TIMING["templateReviewSeconds"]
DAY = 86400
ADMIN_TEMPLATES = f"/projects/{PROJECT}/whatsapp/templates"


def body_only(text: str, **overrides: Any) -> dict[str, Any]:
    """A UTILITY template with one BODY component of this text."""
    return template_body(details={"components": [{"type": "BODY", "text": text}]}, **overrides)


def activity_types(api: httpx.Client, name: str, language: str = "EN_US") -> list[str]:
    response = api.get(template_path(name, language) + "/activities")
    assert response.status_code == 200, response.text
    return [n["type"] for n in response.json()["notifications"]]


# --- submit, review, approve ---------------------------------------------------------------------------------


def test_a_submitted_template_is_pending_then_approved_after_the_review_time(
    api: httpx.Client, create_template: Create, advance: Advance
) -> None:
    created = create_template(template_body())
    assert created["state"] == "PENDING"
    assert created["changes"]["status"] == "IN_PROGRESS"
    assert created["changes"]["details"] == template_body()["details"]
    assert created["changes"]["allowCategoryChange"] is False
    assert (created["analytics"], created["isMetaGenerated"]) == ([], False)
    assert "details" not in created and "whatsappId" not in created
    advance(REVIEW - 1)
    assert api.get(template_path("order_update")).json()["state"] == "PENDING"
    advance(1)
    approved = api.get(template_path("order_update")).json()
    assert approved["state"] == "APPROVED"
    assert "changes" not in approved
    assert approved["details"] == template_body()["details"]
    assert approved["whatsappId"].isdigit()
    assert approved["qualityScore"] == "QUALITY_SCORE_UNKNOWN"
    assert list(approved) == [
        "whatsappId",
        "state",
        "name",
        "language",
        "category",
        "qualityScore",
        "details",
        "analytics",
        "isMetaGenerated",
    ]
    assert activity_types(api, "order_update") == ["IN_PROGRESS", "CREATED"]


def test_a_draft_waits_for_a_submission(api: httpx.Client, create_template: Create, advance: Advance) -> None:
    draft = create_template(template_body(status="DRAFT"))
    assert "state" not in draft and draft["changes"]["status"] == "DRAFT"
    bare = create_template({"name": "no_details", "language": "DE", "category": "MARKETING", "status": "DRAFT"})
    assert bare["changes"] == {"status": "DRAFT", "allowCategoryChange": False}
    advance(10 * REVIEW)
    assert api.get(template_path("order_update")).json() == draft
    assert activity_types(api, "order_update") == ["DRAFT", "CREATED"]
    # Submitting the draft without details is a 400 for the merged template.
    response = api.patch(template_path("no_details", "DE"), json={"status": "SUBMIT"})
    assert validation_errors(response) == ["details should not be null or undefined"]
    submitted = api.patch(template_path("order_update"), json={"status": "SUBMIT"})
    assert submitted.status_code == 200, submitted.text
    assert (submitted.json()["state"], submitted.json()["changes"]["status"]) == ("PENDING", "IN_PROGRESS")
    assert activity_types(api, "order_update") == ["IN_PROGRESS", "EDITED", "DRAFT", "CREATED"]
    advance(REVIEW)
    assert api.get(template_path("order_update")).json()["state"] == "APPROVED"


def test_editing_an_approved_template_keeps_it_live_while_the_change_is_reviewed(
    api: httpx.Client, create_template: Create, advance: Advance
) -> None:
    create_template(template_body())
    advance(REVIEW)
    approved = api.get(template_path("order_update")).json()
    new_details = {"components": [{"type": "BODY", "text": "Your order {{1}} is on its way.", "examples": ["42"]}]}

    # PATCH defaults to DRAFT: a change set next to the live details.
    drafted = api.patch(template_path("order_update"), json={"details": new_details}).json()
    assert drafted["state"] == "APPROVED" and drafted["details"] == approved["details"]
    assert drafted["changes"] == {"status": "DRAFT", "allowCategoryChange": False, "details": new_details}
    advance(10 * REVIEW)
    assert api.get(template_path("order_update")).json()["changes"]["status"] == "DRAFT"

    submitted = api.patch(template_path("order_update"), json={"status": "SUBMIT"}).json()
    assert submitted["state"] == "APPROVED" and submitted["changes"]["status"] == "IN_PROGRESS"
    assert submitted["changes"]["details"] == new_details and submitted["details"] == approved["details"]
    assert_papi_error(
        api.patch(template_path("order_update"), json={"details": new_details}), 409, "template_changes_not_updatable"
    )
    advance(REVIEW)
    live = api.get(template_path("order_update")).json()
    assert live["details"] == new_details and "changes" not in live
    assert live["whatsappId"] == approved["whatsappId"]


def test_a_patch_that_changes_nothing_leaves_a_live_template_alone(
    api: httpx.Client, create_template: Create, advance: Advance
) -> None:
    create_template(template_body())
    advance(REVIEW)
    before = api.get(template_path("order_update")).json()
    response = api.patch(template_path("order_update"), json={})
    assert response.status_code == 200 and response.json() == before
    assert activity_types(api, "order_update") == ["IN_PROGRESS", "CREATED"]


def test_patch_conflicts(api: httpx.Client, admin: httpx.Client, create_template: Create, advance: Advance) -> None:
    create_template(template_body())
    pending = template_path("order_update")
    assert_papi_error(api.patch(pending, json={"status": "SUBMIT"}), 409, "template_not_updatable")
    advance(REVIEW)
    assert_papi_error(api.patch(pending, json={"category": "MARKETING"}), 409, "template_category_not_updatable")
    assert_papi_error(
        api.patch(pending, json={"allowCategoryChange": True}), 409, "template_allow_category_change_not_updatable"
    )
    response = api.patch(pending, json={"name": "other", "language": "DE"})  # names and languages are immutable
    assert validation_errors(response) == ["property name should not exist", "property language should not exist"]
    admin.post(ADMIN_TEMPLATES, json={"name": "from_meta", "isMetaGenerated": True})
    assert_papi_error(
        api.patch(template_path("from_meta"), json={"status": "SUBMIT"}), 409, "template_source_not_updatable"
    )
    assert_papi_error(api.patch(template_path("missing"), json={}), 404, "template_not_found")


def test_a_rejected_template_goes_back_to_draft_and_takes_a_category_after_incorrect_category(
    api: httpx.Client, admin: httpx.Client, create_template: Create, advance: Advance
) -> None:
    create_template(template_body())
    review = admin.post(
        ADMIN_TEMPLATES + "/order_update/languages/EN_US/review",
        json={"outcome": "reject", "reason": "Looks like marketing", "rejectionCode": "INCORRECT_CATEGORY"},
    )
    assert review.status_code == 200, review.text
    rejected = api.get(template_path("order_update")).json()
    assert (rejected["state"], rejected["rejectionCode"], rejected["changes"]["status"]) == (
        "REJECTED",
        "INCORRECT_CATEGORY",
        "REJECTED",
    )
    activities = api.get(template_path("order_update") + "/activities").json()["notifications"]
    assert activities[0] == {
        "type": "REJECTED",
        "created": activities[0]["created"],
        "author": "Sinch",
        "comment": "Looks like marketing",
    }
    # PATCH (DRAFT by default): back to a draft; the category may change after an INCORRECT_CATEGORY rejection.
    patched = api.patch(template_path("order_update"), json={"category": "MARKETING", "allowCategoryChange": True})
    assert patched.status_code == 200, patched.text
    assert (patched.json()["category"], patched.json()["changes"]["status"]) == ("MARKETING", "DRAFT")
    assert patched.json()["changes"]["allowCategoryChange"] is True
    resubmitted = api.patch(template_path("order_update"), json={"status": "SUBMIT"}).json()
    assert resubmitted["state"] == "PENDING" and "rejectionCode" not in resubmitted
    advance(REVIEW)
    assert api.get(template_path("order_update")).json()["state"] == "APPROVED"


def test_another_rejection_code_keeps_the_category(
    api: httpx.Client, admin: httpx.Client, create_template: Create
) -> None:
    create_template(template_body())
    admin.post(ADMIN_TEMPLATES + "/order_update/languages/EN_US/review", json={"outcome": "reject"})
    assert api.get(template_path("order_update")).json()["rejectionCode"] == "INVALID_FORMAT"
    assert_papi_error(
        api.patch(template_path("order_update"), json={"category": "MARKETING"}), 409, "template_category_not_updatable"
    )
    fixed = api.patch(template_path("order_update"), json={"details": template_body()["details"]})
    assert fixed.status_code == 200 and fixed.json()["changes"]["status"] == "DRAFT"


def test_a_rejected_edit_leaves_the_live_template_live(
    api: httpx.Client, admin: httpx.Client, create_template: Create, advance: Advance
) -> None:
    create_template(template_body())
    advance(REVIEW)
    api.patch(template_path("order_update"), json={"status": "SUBMIT", "details": body_only("New")["details"]})
    admin.post(
        ADMIN_TEMPLATES + "/order_update/languages/EN_US/review",
        json={"outcome": "reject", "rejectionCode": "ABUSIVE_CONTENT"},
    )
    live = api.get(template_path("order_update")).json()
    assert (live["state"], live["rejectionCode"], live["changes"]["status"]) == (
        "APPROVED",
        "ABUSIVE_CONTENT",
        "REJECTED",
    )
    assert live["details"] == template_body()["details"]


# --- deletions -----------------------------------------------------------------------------------------------


def test_delete_one_language_removes_drafts_unless_told_to_delete_what_was_submitted(
    api: httpx.Client, create_template: Create, advance: Advance
) -> None:
    create_template(template_body(status="DRAFT"))
    assert api.delete(template_path("order_update")).status_code == 204
    assert_papi_error(api.get(template_path("order_update")), 404, "template_not_found")

    create_template(template_body())  # PENDING, changes in review
    assert_papi_error(api.delete(template_path("order_update")), 409, "template_not_deletable_due_to_input_config")
    advance(REVIEW)
    assert_papi_error(api.delete(template_path("order_update")), 404, "template_changes_not_found")
    api.patch(template_path("order_update"), json={"details": body_only("Draft")["details"]})
    assert api.delete(template_path("order_update"), params={"deleteSubmitted": "false"}).status_code == 204
    live = api.get(template_path("order_update")).json()  # only the draft went
    assert live["state"] == "APPROVED" and "changes" not in live
    assert_papi_error(
        api.delete(template_path("order_update"), params={"deleteSubmitted": "yes"}), 400, "invalid_input"
    )
    assert api.delete(template_path("order_update"), params={"deleteSubmitted": "true"}).status_code == 204
    assert_papi_error(api.delete(template_path("order_update")), 404, "template_not_found")


def test_a_deleted_approved_template_blocks_its_name_and_language_for_30_days(
    api: httpx.Client, create_template: Create, advance: Advance
) -> None:
    create_template(template_body())
    advance(REVIEW)
    assert api.delete(template_path("order_update"), params={"deleteSubmitted": "true"}).status_code == 204
    body = assert_papi_error(
        api.post(templates_path(), json=template_body()), 409, "template_language_recently_deleted"
    )
    assert body["resolution"] == "Try to create EN_US content again in 4 weeks or create a new template."
    create_template(template_body(language="DE"))  # another language is fine
    # A draft is no submission: allowed, but submitting it is blocked too.
    create_template(template_body(status="DRAFT"))
    assert_papi_error(
        api.patch(template_path("order_update"), json={"status": "SUBMIT"}), 409, "template_language_recently_deleted"
    )
    advance(30 * DAY)
    assert api.patch(template_path("order_update"), json={"status": "SUBMIT"}).status_code == 200


def test_deleting_a_template_never_approved_blocks_nothing(
    api: httpx.Client, create_template: Create, advance: Advance
) -> None:
    create_template(template_body())
    assert api.delete(template_path("order_update"), params={"deleteSubmitted": "true"}).status_code == 204
    create_template(template_body())
    advance(REVIEW)  # the first submission's review was dropped with it: the second one is approved
    assert api.get(template_path("order_update")).json()["state"] == "APPROVED"


def test_delete_by_name_removes_every_language_and_blocks_the_name(
    api: httpx.Client, create_template: Create, advance: Advance
) -> None:
    create_template(template_body())
    create_template(template_body(language="DE"))
    create_template(body_only("Another text", name="other_one"))
    advance(REVIEW)
    assert api.delete(templates_path() + "/order_update").status_code == 204
    assert [t["name"] for t in api.get(templates_path()).json()["templates"]] == ["other_one"]
    assert_papi_error(api.delete(templates_path() + "/order_update"), 404, "template_not_found")
    body = assert_papi_error(
        api.post(templates_path(), json=template_body(language="FR")), 409, "template_name_recently_used"
    )
    assert body["resolution"] == 'Use another "name" for "FR" or wait the required time.'
    advance(30 * DAY)
    create_template(template_body(language="FR"))


# --- uniqueness, categories, Meta's checks at submission ------------------------------------------------------------


def test_name_and_language_are_unique_and_languages_of_a_name_share_its_category(
    api: httpx.Client, create_template: Create
) -> None:
    create_template(template_body(status="DRAFT"))
    assert_papi_error(api.post(templates_path(), json=template_body()), 409, "template_exists")
    body = assert_papi_error(
        api.post(templates_path(), json=template_body(language="DE", category="MARKETING")),
        409,
        "template_incorrect_category",
    )
    assert body["resolution"] == 'Use a category that has been used in another language: "UTILITY".'


def test_the_same_content_as_another_template_is_refused_at_submission(
    api: httpx.Client, create_template: Create
) -> None:
    create_template(template_body())
    assert_papi_error(
        api.post(templates_path(), json=template_body(name="twin")), 424, "template_content_already_exists"
    )
    create_template(template_body(name="twin", language="DE"))  # another language: fine
    create_template(template_body(name="twin", status="DRAFT"))  # a draft is no submission
    assert_papi_error(
        api.patch(template_path("twin"), json={"status": "SUBMIT"}), 424, "template_content_already_exists"
    )


def test_the_250th_submitted_template_is_the_last(api: httpx.Client, admin: httpx.Client, wa_account: Any) -> None:
    for n in range(250):
        assert admin.post(ADMIN_TEMPLATES, json={"name": f"seeded_{n}"}).status_code == 201
    assert_papi_error(api.post(templates_path(), json=template_body()), 424, "template_limit_reached")
    response = api.post(templates_path(), json=template_body(saveDraftOnFailure=True))
    assert_papi_error(response, 424, "template_limit_reached")
    kept = api.get(template_path("order_update")).json()  # saved as a draft despite the error
    assert "state" not in kept and kept["changes"]["status"] == "DRAFT"
    activities = api.get(template_path("order_update") + "/activities").json()["notifications"]
    assert activities[0]["type"] == "DRAFT" and activities[0]["comment"] == "Number of templates has reached the limit."
    assert api.delete(templates_path() + "/seeded_0").status_code == 204
    assert api.patch(template_path("order_update"), json={"status": "SUBMIT"}).status_code == 200


def test_dynamic_pricing_needs_an_account_onboarded_for_it(
    api: httpx.Client, admin: httpx.Client, create_template: Create, advance: Advance
) -> None:
    optimization = {
        "bidAmount": 500,
        "bidStrategy": "LOWEST_COST_WITH_BID_CAP",
        "bidCountryMultiplierOverrides": {"US": "1.2"},
    }
    body = body_only("Sale today", category="MARKETING")
    body["details"]["optimization"] = optimization
    created = create_template(body)
    answered = created["changes"]["details"]["optimization"]
    assert answered == {**optimization, "bidStrategy": "BID_STRATEGY_LOWEST_COST_WITH_BID_CAP"}
    advance(REVIEW)
    # PATCH: overrides kept when absent, removed by null; the whole optimization removed by null.
    kept = api.patch(
        template_path("order_update"),
        json={"details": {"optimization": {"bidAmount": 10, "bidStrategy": "LOWEST_COST_WITH_BID_CAP"}}},
    ).json()
    assert kept["changes"]["details"]["optimization"]["bidCountryMultiplierOverrides"] == {"US": "1.2"}
    cleared = api.patch(
        template_path("order_update"),
        json={
            "details": {
                "optimization": {
                    "bidAmount": 10,
                    "bidStrategy": "LOWEST_COST_WITH_BID_CAP",
                    "bidCountryMultiplierOverrides": None,
                }
            }
        },
    ).json()
    assert "bidCountryMultiplierOverrides" not in cleared["changes"]["details"]["optimization"]
    removed = api.patch(template_path("order_update"), json={"details": {"optimization": None}}).json()
    assert "optimization" not in removed["changes"]["details"]
    # Without the account's maximum-price onboarding: 400.
    admin.post(f"/projects/{PROJECT}/whatsapp/account", json={})
    assert_papi_error(
        api.post(templates_path(), json={**body, "name": "other"}), 400, "template_dynamic_pricing_not_available"
    )


# --- lists, field masks, analytics -----------------------------------------------------------------------------


def test_lists_are_alphabetical_by_name_then_language_paginated_and_filtered(
    api: httpx.Client, admin: httpx.Client, create_template: Create, advance: Advance
) -> None:
    create_template(body_only("b EN", name="beta"))
    create_template(body_only("b DE", name="beta", language="DE"))
    create_template(body_only("a", name="alpha", status="DRAFT"))
    admin.post(ADMIN_TEMPLATES, json={"name": "alpha_paused", "state": "PAUSED"})
    listed = api.get(templates_path()).json()
    assert [(t["name"], t["language"]) for t in listed["templates"]] == [
        ("alpha", "EN_US"),
        ("alpha_paused", "EN_US"),
        ("beta", "DE"),
        ("beta", "EN_US"),
    ]
    assert (listed["totalSize"], listed["pageSize"]) == (4, 50)
    first = api.get(templates_path(), params={"pageSize": 3}).json()
    second = api.get(templates_path(), params={"pageSize": 3, "pageToken": first["nextPageToken"]}).json()
    assert [t["name"] for t in second["templates"]] == ["beta"] and "nextPageToken" not in second

    def names(**params: Any) -> list[str]:
        response = api.get(templates_path(), params=params)
        assert response.status_code == 200, response.text
        return [f"{t['name']}/{t['language']}" for t in response.json()["templates"]]

    assert names(filterStates="PENDING") == ["beta/DE", "beta/EN_US"]
    assert names(filterStates=["PAUSED", "PENDING"], filterStatuses="IN_PROGRESS") == ["beta/DE", "beta/EN_US"]
    assert names(filterStatuses="DRAFT") == ["alpha/EN_US"]
    assert names(templateName="alpha") == ["alpha/EN_US", "alpha_paused/EN_US"]
    assert names(pageSize=1000) == names()
    body = assert_papi_error(api.get(templates_path(), params={"filterStates": "DRAFT"}), 400, "invalid_filter_states")
    assert body["additionalInformation"]["supportedCodes"] == ["APPROVED", "DISABLED", "PAUSED", "PENDING", "REJECTED"]
    body = assert_papi_error(
        api.get(templates_path(), params={"filterStatuses": "ERROR"}), 400, "invalid_filter_statuses"
    )
    assert body["additionalInformation"]["supportedCodes"] == ["DRAFT", "IN_PROGRESS", "REJECTED"]
    assert_papi_error(api.get(templates_path(), params={"pageSize": 1001}), 400, "invalid_page_size")
    assert_papi_error(api.get(templates_path(), params={"pageToken": "x"}), 400, "invalid_page_token")
    assert_papi_error(api.get(templates_path(), params={"templateAnalyticsDateRange": "YEAR"}), 400, "invalid_input")

    by_name = api.get(templates_path() + "/beta").json()
    assert [t["language"] for t in by_name["templates"]] == ["DE", "EN_US"] and by_name["totalSize"] == 2
    assert_papi_error(api.get(templates_path() + "/gamma"), 404, "template_not_found")


def test_field_masks_answer_the_partial_template(api: httpx.Client, create_template: Create, advance: Advance) -> None:
    create_template(template_body())
    masked = api.get(template_path("order_update"), params={"fieldMask": ["state", "changes.status"]}).json()
    assert masked == {"state": "PENDING", "changes": {"status": "IN_PROGRESS"}}
    texts = api.get(
        template_path("order_update"),
        params={"fieldMask": "changes.details.components.0.text,changes.details.components.0.buttons.0.url"},
    ).json()
    assert texts == {
        "changes": {
            "details": {
                "components": [
                    {"text": "Order {{1}}"},
                    {"text": "Hi {{1}}, your order {{2}} has shipped."},
                    {"text": "Thanks for shopping"},
                    {"buttons": [{"url": "https://shop.example.com/t?id={{1}}"}]},
                ]
            }
        }
    }
    listed = api.get(templates_path(), params={"fieldMask[]": ["name", "language"]}).json()
    assert listed["templates"] == [{"name": "order_update", "language": "EN_US"}]
    body = assert_papi_error(
        api.get(template_path("order_update"), params={"fieldMask": "secret"}), 400, "invalid_fields"
    )
    assert "details.components.0.example.url" in body["additionalInformation"]["supportedCodes"]


def test_analytics_follow_the_date_range(api: httpx.Client, admin: httpx.Client, wa_account: Any) -> None:
    now = datetime.fromisoformat(admin.get("/clock").json()["now"])

    def entry(days_ago: int, sent: int) -> dict[str, Any]:
        start = now - timedelta(days=days_ago + 1)
        return {
            "sent": sent,
            "delivered": sent,
            "read": 0,
            "start": start.isoformat(),
            "end": (start + timedelta(days=1)).isoformat(),
            "buttons": [],
        }

    admin.post(ADMIN_TEMPLATES, json={"name": "sent_often", "analytics": [entry(0, 1), entry(3, 2), entry(20, 3)]})
    url = template_path("sent_often")

    def sent(date_range: str | None) -> list[int]:
        params = {"templateAnalyticsDateRange": date_range} if date_range else {}
        return [a["sent"] for a in api.get(url, params=params).json()["analytics"]]

    assert sent(None) == sent("DAY") == [1]
    assert sent("WEEK") == [1, 2]
    assert sent("MONTH") == sent("QUARTER") == [1, 2, 3]


# --- compare, sync, comments, activities ---------------------------------------------------------------------


def test_compare_two_templates_sent_often_enough(api: httpx.Client, admin: httpx.Client, wa_account: Any) -> None:
    now = datetime.fromisoformat(admin.get("/clock").json()["now"])
    window = {"start": (now - timedelta(days=3)).isoformat(), "end": (now - timedelta(days=2)).isoformat()}
    for name, sent in (("first", 1200), ("second", 3000), ("rare", 10)):
        analytics = [{"sent": sent, "delivered": sent, "read": 0, "buttons": [], **window}]
        admin.post(ADMIN_TEMPLATES, json={"name": name, "analytics": analytics})
    url = template_path("first") + "/compare"

    def compare(name: str, language: str = "EN_US", **extra: Any) -> httpx.Response:
        return api.post(url, json={"templates": [{"templateName": name, "templateLanguage": language}], **extra})

    response = compare("second")
    assert response.status_code == 200, response.text
    assert response.json() == {
        "templates": [
            {
                "name": "second",
                "language": "EN_US",
                "blockOrder": 1,
                "messageSends": 3000,
                "topBlockReason": "NO_REASON",
            },
            {
                "name": "first",
                "language": "EN_US",
                "blockOrder": 2,
                "messageSends": 1200,
                "topBlockReason": "NO_REASON",
            },
        ]
    }
    assert_papi_error(compare("rare"), 409, "templates_not_eligible_for_comparison")
    assert_papi_error(compare("first"), 409, "templates_compare_not_unique")
    body = assert_papi_error(compare("nothing", "PL"), 404, "templates_compare_not_found")
    assert body["resolution"].endswith("No templates found for templateName: nothing and templateLanguage: PL")
    # The timeframe ends at endTimestamp: a week before the sends, nothing was sent.
    before = int((now - timedelta(days=7)).timestamp() * 1000)
    assert_papi_error(compare("second", endTimestamp=before), 409, "templates_not_eligible_for_comparison")
    assert compare("second", timeframe="90", endTimestamp=int(now.timestamp() * 1000)).status_code == 200
    assert validation_errors(api.post(url, json={})) == [
        "templates must be an array",
        "templates must contain no more than 1 elements",
        "templates must contain at least 1 elements",
    ]
    assert validation_errors(compare("second", timeframe="14")) == [
        "timeframe must be one of the following values: 30, 60, 7, 90"
    ]
    assert_papi_error(
        api.post(
            template_path("nothing") + "/compare",
            json={"templates": [{"templateName": "first", "templateLanguage": "EN_US"}]},
        ),
        404,
        "template_not_found",
    )


def test_sync_answers_200_at_most_once_a_minute(api: httpx.Client, wa_account: Any, advance: Advance) -> None:
    synced = api.post(templates_path() + "/sync")
    assert (synced.status_code, synced.content) == (200, b"")
    limited = api.post(templates_path() + "/sync")
    assert_papi_error(limited, 429, "too_many_requests")
    assert limited.headers["retry-after"] == "60"
    advance(60)
    assert api.post(templates_path() + "/sync").status_code == 200
    assert_papi_error(api.post(templates_path("no-account") + "/sync"), 400, "project_not_initialized")


def test_comments_are_activities(api: httpx.Client, create_template: Create) -> None:
    create_template(template_body(status="DRAFT"))
    response = api.post(template_path("order_update") + "/comments", json={"comment": "Please review soon."})
    assert response.status_code == 201
    assert response.json() == {
        "type": "CREATED",
        "comment": "Please review soon.",
        "created": response.json()["created"],
    }
    notifications = api.get(template_path("order_update") + "/activities", params={"pageSize": 1}).json()
    assert notifications["totalSize"] == 3 and "nextPageToken" in notifications
    assert notifications["notifications"] == [
        {
            "type": "COMMENT_ADDED",
            "created": response.json()["created"],
            "author": "Provisioning API user",
            "comment": "Please review soon.",
        }
    ]
    assert validation_errors(api.post(template_path("order_update") + "/comments", json={"comment": ""})) == [
        "comment must be longer than or equal to 1 characters"
    ]
    assert_papi_error(
        api.post(template_path("missing") + "/comments", json={"comment": "x"}), 404, "template_not_found"
    )
    assert_papi_error(
        api.get(template_path("order_update") + "/activities", params={"pageSize": 101}), 400, "invalid_page_size"
    )


# --- ids, accounts, the WABA ---------------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["en_us", "XX", "UNRECOGNIZED"])
def test_a_language_code_that_is_no_enum_value(api: httpx.Client, wa_account: Any, language: str) -> None:
    for method in ("GET", "PATCH", "DELETE"):
        response = api.request(method, template_path("order_update", language), json={})
        body = assert_papi_error(response, 400, "template_invalid_language_code")
        assert body["additionalInformation"]["supportedCodes"][:3] == ["AF", "AR", "AZ"]
    assert_papi_error(api.get(templates_path("-bad")), 400, "invalid_id_format")


def test_without_an_account_every_operation_is_400_project_not_initialized(api: httpx.Client) -> None:
    item = template_path("order_update", project="no-account")
    calls = [
        ("GET", templates_path("no-account"), None),
        ("POST", templates_path("no-account"), template_body()),
        ("POST", templates_path("no-account") + "/sync", None),
        ("GET", templates_path("no-account") + "/order_update", None),
        ("DELETE", templates_path("no-account") + "/order_update", None),
        ("GET", item, None),
        ("PATCH", item, {}),
        ("DELETE", item, None),
        ("GET", item + "/activities", None),
        ("POST", item + "/comments", {"comment": "x"}),
        ("POST", item + "/compare", {"templates": [{"templateName": "other", "templateLanguage": "EN_US"}]}),
    ]
    for method, url, body in calls:
        assert_papi_error(api.request(method, url, json=body), 400, "project_not_initialized")


def test_an_account_without_a_waba_takes_drafts_only(api: httpx.Client, admin: httpx.Client, wa_timing: Any) -> None:
    from tests.emulator.conftest import PI_ACCOUNT_BODY

    assert api.post(whatsapp_path(), json=PI_ACCOUNT_BODY).status_code == 201  # in review: no WABA yet
    assert_papi_error(
        api.post(templates_path(), json=template_body()), 409, "object_with_whatsapp_business_account_id_does_not_exist"
    )
    assert api.post(templates_path(), json=template_body(status="DRAFT")).status_code == 201
    assert_papi_error(
        api.patch(template_path("order_update"), json={"status": "SUBMIT"}),
        409,
        "object_with_whatsapp_business_account_id_does_not_exist",
    )


def test_deleting_the_account_deletes_its_templates(
    api: httpx.Client, admin: httpx.Client, create_template: Create
) -> None:
    create_template(template_body())
    assert api.delete(whatsapp_path()).status_code == 204
    admin.post(f"/projects/{PROJECT}/whatsapp/account", json={})
    assert api.get(templates_path()).json()["templates"] == []


def test_template_requests_are_logged_and_faulted_like_others(
    api: httpx.Client, admin: httpx.Client, create_template: Create
) -> None:
    create_template(template_body())
    logged = admin.get("/requests").json()["requests"]
    assert [(r["method"], r["path"], r["status"]) for r in logged][-1] == ("POST", templates_path(), 201)
    admin.post("/faults", json={"path": "/whatsapp/templates", "status": 503})
    faulted = api.get(templates_path())
    assert faulted.status_code == 503 and faulted.headers["x-emulator-fault"] == "1"
    assert api.get(templates_path()).status_code == 200


def test_answers_do_not_leak_internals(api: httpx.Client, create_template: Create) -> None:
    created = create_template(template_body())
    assert "emulator" not in created and "projectId" not in created
    assert copy.deepcopy(created) == api.get(template_path("order_update")).json()
