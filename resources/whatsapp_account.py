"""``sinch_whatsapp_account`` (and its data source): the project's WhatsApp account, tag "WhatsApp Accounts".

One per project, so the project is its identity (import ID ``<project_id>``). Created partner-initiated
(the deprecated OBO body is not offered); Meta reviews it (PENDING_FACEBOOK_VERIFICATION, then ONBOARDED or
REJECTED). The API allows updates only while it is REJECTED, and deletion only while it has no senders.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

from tf import iface

from provider import timeouts
from provider.resource import ApiResource, ObjectDataSource, computed_copy
from provider.review import Outcome, Review
from provider.schema import Attr
from provider.types import IdSegment, text
from resources.whatsapp_sender import MetaLocalStorage, Region, business_manager_problems

AccountVertical = Literal[
    "ALCOHOL", "AUTOMOTIVE", "BEAUTY_SPA_SALON", "CLOTHING_AND_APPAREL", "EDUCATION", "ENTERTAINMENT",
    "EVENT_PLANNING_AND_SERVICE", "FINANCE_AND_BANKING", "FOOD_AND_GROCERY", "HOTEL_AND_LODGING",
    "MEDICAL_AND_HEALTH", "NON_PROFIT", "OTC_DRUGS", "OTHER", "PHYSICAL_GAMBLING", "PROFESSIONAL_SERVICES",
    "PUBLIC_SERVICE", "RESTAURANT", "SHOPPING_AND_RETAIL", "TRAVEL_AND_TRANSPORTATION",
]  # fmt: skip

PROJECT_ID = Attr(
    "project_id", IdSegment, "Sinch project of the account (one account per project).",
    optional=True, computed=True, stable=True, force_new=True, api=None, provider_default="project_id",
)  # fmt: skip
ID = Attr("id", IdSegment, "Same as `project_id`: a project has one WhatsApp account.", computed=True, stable=True,
          api=None)  # fmt: skip

ARGUMENTS = (
    Attr("waba_name", text(1, 255), "Registered brand name; must match the name of the Meta Business Manager.",
         required=True, read_api="details.wabaName"),
    Attr("client_business_manager_id", text(1, 255), "The customer's Meta Business Manager ID.", required=True,
         read_api="details.clientBusinessManagerId"),
    Attr("business_manager", Literal["SINCH_AMERICA", "SINCH_BR", "SINCH_MX", "SINCH_SEP", "SINCH_UK"],
         "Sinch business manager of the account.", optional=True, computed=True, force_new=True, stable=True,
         create_only=True, read_api="businessManager"),
    Attr("display_name", text(1, 255), "Default display name of the account's first phone number.", required=True,
         api="senderDetails.displayName", read_api="details.senderDetails.displayName"),
    Attr("business_category", AccountVertical, "Business category (vertical).", required=True,
         api="senderDetails.businessCategory", read_api="details.senderDetails.businessCategory"),
    Attr("region", Region, "Region of the account's senders.", optional=True, computed=True,
         api="senderDetails.region", read_api="details.senderDetails.region"),
    Attr("meta_local_storage", MetaLocalStorage, "Where Meta stores the data.", optional=True, computed=True,
         api="senderDetails.metaLocalStorage", read_api="details.senderDetails.metaLocalStorage"),
)  # fmt: skip

REPORTED = (
    Attr("state", Literal["ONBOARDED", "PENDING_FACEBOOK_VERIFICATION", "REJECTED"],
         "Meta's review: `PENDING_FACEBOOK_VERIFICATION`, `ONBOARDED` or `REJECTED`.", computed=True),
    Attr("pending_change_status", str, "Status of the pending change (`IN_PROGRESS`, `REJECTED`, ...); null when "
         "none.", computed=True, api="changes.status"),
    Attr("waba_id", str, "The WhatsApp Business Account ID Meta assigned.", computed=True),
    Attr("is_embedded_signup", bool, "Whether the account was created by an embedded-signup sender.",
         computed=True, stable=True),
    Attr("compatible_regions", list[str], "Regions its senders may use (lower case).", computed=True),
    Attr("business_daily_limit", str, "Business-wide messaging limit tier.", computed=True),
    Attr("currency", str, "Billing currency of the WABA.", computed=True),
    Attr("primary_business_location", str, "ISO 3166 country of the business.", computed=True),
)  # fmt: skip

REVIEW = Review(
    targets={"ONBOARDED": ("ONBOARDED",)},
    transitional=("PENDING_FACEBOOK_VERIFICATION",),  # Meta's review
    refusals={
        key: Outcome("Meta rejected the account", "Correct the details and apply again.")
        for key in ("REJECTED", "changes:REJECTED")
    },
    overlay=("DRAFT", "IN_PROGRESS", "PENDING_FACEBOOK_VERIFICATION"),
    updatable=("REJECTED",),
)
SETTINGS = REVIEW.settings(
    wait="Whether create waits until Meta has ONBOARDED the account (default; partner-initiated senders need it) "
    "or returns at once (`NONE`). How long: the `timeouts` block.",
)


class WhatsappAccount(ApiResource):
    name = "whatsapp_account"
    description = (
        "The project's WhatsApp account (partner-initiated onboarding). One per project. Meta reviews it; the API "
        "accepts changes only while it is REJECTED, and deletion only once it has no senders."
    )
    attributes = (ID, PROJECT_ID, *ARGUMENTS, *REPORTED, *SETTINGS)
    collection_path = "/v1/projects/{project_id}/whatsapp"
    item_path = "/v1/projects/{project_id}/whatsapp"
    import_id = "{project_id}"
    update_method = "PATCH"
    review = REVIEW
    schema_version = 2
    state_upgrades = {1: timeouts.upgrade_create_timeout}
    gone_error_codes = ("project_not_initialized", "account_not_found")
    exists_error_codes = ("account_exists",)
    singleton = True

    def check_config(self, config: Mapping[str, Any]) -> list[tuple[list[Any], str]]:
        return business_manager_problems(config)

    def state_from_api(self, body: Mapping[str, Any], prior: Mapping[str, Any]) -> dict[str, Any]:
        state = super().state_from_api(body, prior)
        state["id"] = state["project_id"]
        return state

    def import_(self, ctx: iface.ImportContext, id: str) -> dict[str, Any] | None:
        state = super().import_(ctx, id)
        if state is not None:
            state["id"] = state["project_id"]
        return state


class WhatsappAccountData(ObjectDataSource):
    name = "whatsapp_account"
    description = "The project's WhatsApp account."
    resource = WhatsappAccount
    attributes = (
        Attr("project_id", IdSegment, "Sinch project.", optional=True, computed=True, api=None,
             provider_default="project_id"),
        *computed_copy((ID, *ARGUMENTS, *REPORTED)),
    )  # fmt: skip
