"""``sinch_whatsapp_sender`` (and its data sources): a WhatsApp sender, tag "WhatsApp Senders".

Three ways to create one (the deprecated OBO body is not offered):
- embedded signup: ``waba_id`` + ``phone_number_id`` (+ ``authentication_code``) of a number the customer
  connected through Meta's Embedded Signup; goes IN_PROGRESS -> ACTIVE;
- partner-initiated: ``phone_number_provider`` + the business profile; waits in PENDING_VERIFICATION;
- phone provisioning: ``country_code`` + ``phone_number`` + ``display_name``; waits in PENDING_VERIFICATION.
A sender in PENDING_VERIFICATION gets a code by SMS (or voice call) and becomes ACTIVE once
``verification_code`` is applied.

The business profile is flattened into top-level attributes and changed through the API's change sets
(submitted for review): while a change is pending, state shows the submitted values.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import Field
from tf import iface
from tf.types import Unknown
from tf.utils import Diagnostics

from provider import timeouts
from provider.resource import (
    ApiResource,
    ListDataSource,
    ObjectDataSource,
    computed_copy,
)
from provider.review import Outcome, Review
from provider.schema import Attr, from_api, list_of_objects, to_api
from provider.types import IdSegment, digits, email, http_url, text
from provider.verification import Verification

if TYPE_CHECKING:  # httpx is imported when the provider is configured, not at start-up
    from provider.client import SinchClient

Region = Literal["BR", "EU", "US"]
MetaLocalStorage = Literal["AE", "AU", "BH", "BR", "CA", "CH", "DE", "GB", "ID", "IN", "JP", "KR", "SG", "US", "ZA"]
BusinessManager = Literal["SINCH_AMERICA", "SINCH_BR", "SINCH_MX", "SINCH_SEP", "SINCH_UK"]
Vertical = Literal[
    "ALCOHOL", "AUTOMOTIVE", "BEAUTY_SPA_SALON", "CLOTHING_AND_APPAREL", "EDUCATION", "ENTERTAINMENT",
    "EVENT_PLANNING_AND_SERVICE", "FINANCE_AND_BANKING", "FOOD_AND_GROCERY", "HOTEL_AND_LODGING",
    "MEDICAL_AND_HEALTH", "NON_PROFIT", "ONLINE_GAMBLING", "OTC_DRUGS", "OTHER", "PHYSICAL_GAMBLING",
    "PROFESSIONAL_SERVICES", "PUBLIC_SERVICE", "RESTAURANT", "SHOPPING_AND_RETAIL", "TRAVEL_AND_TRANSPORTATION",
]  # fmt: skip
SenderState = Literal["ACTIVE", "IN_PROGRESS", "INACTIVE", "PENDING_VERIFICATION", "SUSPENDED", "ERROR"]
ChangeStatus = Literal["DRAFT", "ERROR", "IN_PROGRESS", "MULTIPLE_WABA_ERROR", "REJECTED"]

#: Which Sinch business manager may onboard senders in which region (the API's own table).
SUPPORTED_BUSINESS_MANAGERS: dict[str, tuple[str, ...]] = {
    "BR": ("SINCH_BR", "SINCH_MX"),
    "EU": ("SINCH_UK",),
    "US": ("SINCH_BR", "SINCH_MX", "SINCH_UK"),
}


def business_manager_problems(config: Mapping[str, Any]) -> list[tuple[list[Any], str]]:
    """The region x business manager table, for the managers it covers (unknown values are not judged)."""
    region, manager = config.get("region"), config.get("business_manager")
    if not isinstance(region, str) or manager not in ("SINCH_BR", "SINCH_MX", "SINCH_UK"):
        return []
    supported = SUPPORTED_BUSINESS_MANAGERS.get(region, ())
    if manager in supported:
        return []
    return [(["business_manager"], f"business_manager {manager} cannot onboard senders in region {region}: "
             f"use {' or '.join(supported)}")]  # fmt: skip


#: Partner-initiated and phone-provisioning senders, and the flows, need the project's ONBOARDED account.
NEEDS_ACCOUNT = {
    code: "The project has no ONBOARDED WhatsApp account yet. If a sinch_whatsapp_account in this configuration "
    "creates it, set `project_id = sinch_whatsapp_account.<NAME>.id` here: Terraform then creates (or reads) "
    "this after the account is ONBOARDED."
    for code in ("project_not_initialized", "account_not_found")
}

ID = Attr("id", IdSegment, "Sender ID, assigned by Sinch.", computed=True, stable=True)
PROJECT_ID = Attr(
    "project_id", IdSegment, "Sinch project of the sender. Partner-initiated and phone-provisioning senders need the "
    "project's ONBOARDED WhatsApp account: when this configuration creates it, set `project_id = "
    "sinch_whatsapp_account.<name>.id`, so that the sender is created after it.",
    optional=True, computed=True, stable=True, force_new=True, api=None, provider_default="project_id",
)  # fmt: skip

# --- how the sender is created (each is read back, or create-only) -----------------------------
ONBOARDING = (
    Attr("waba_id", digits(1, 64), "Embedded signup: the customer's WhatsApp Business Account ID.",
         optional=True, force_new=True, returned=False, create_only=True),
    Attr("phone_number_id", digits(1, 64), "Embedded signup: Meta's ID of the phone number to onboard.",
         optional=True, force_new=True, returned=False, create_only=True),
    Attr("authentication_code", text(1), "Embedded signup: the single-use access code from Meta's flow.",
         optional=True, sensitive=True, returned=False, create_only=True),
    Attr("phone_number_provider", Literal["CUSTOMER", "SINCH"],
         "Partner-initiated: who provides the phone number, `CUSTOMER` or `SINCH`.",
         optional=True, computed=True, force_new=True, stable=True, read_api="numberProvider"),
    Attr("country_code", digits(1, 4), "Country calling code of the number, e.g. `48` (partner-initiated and "
         "phone provisioning; read-only for embedded signup).",
         optional=True, computed=True, force_new=True, stable=True, api="details.countryCode", read_api="countryCode"),
    Attr("phone_number", digits(1, 32), "The number without the country code (phone provisioning, and "
         "partner-initiated when Sinch provides it; read-only for embedded signup).",
         optional=True, computed=True, force_new=True, stable=True, api="details.phoneNumber", read_api="phoneNumber"),
    Attr("region", Region, "Where the sender is provisioned. Default: the billing account's (partner-initiated: "
         "the WhatsApp account's).", optional=True, computed=True, force_new=True, stable=True),
    Attr("meta_local_storage", MetaLocalStorage, "Where Meta stores the sender's data. Default: the region's.",
         optional=True, computed=True, force_new=True, stable=True),
    Attr("business_manager", BusinessManager, "Sinch business manager (embedded signup; partner-initiated "
         "senders use the WhatsApp account's). Must be supported in `region`: BR takes SINCH_BR or SINCH_MX, EU "
         "takes SINCH_UK, US takes all three.", optional=True, computed=True, force_new=True, stable=True),
)  # fmt: skip

# --- the business profile, updated in place through change sets --------------------------------
PROFILE = (
    Attr("display_name", text(1, 128), "Name shown in WhatsApp.", optional=True, computed=True,
         api="details.displayName"),
    Attr("vertical", Vertical, "Business category.", optional=True, computed=True, api="details.vertical",
         absent=("NOT_SET", "UNRECOGNIZED")),
    Attr("description", text(1, 512), "Business description.", optional=True, computed=True,
         api="details.description"),
    Attr("email", email(128), "Contact email.", optional=True, computed=True, api="details.email"),
    Attr("address", text(1, 256), "Business address.", optional=True, computed=True, api="details.address"),
    Attr("websites", Annotated[list[http_url(256)], Field(max_length=2)], "Up to two websites.",  # type: ignore[misc]
         optional=True, computed=True, api=("details.websiteOne", "details.websiteTwo")),
    Attr("about", text(1, 139), "The profile's About text (1 to 139 characters; links are not clickable).",
         optional=True, computed=True, api="details.about"),
    Attr("photo_url", http_url(256), "Profile photo (jpeg/png/webp, at most 5 MB, 192 to 640 px).",
         optional=True, computed=True, api="details.photoUrl"),
)  # fmt: skip
PROFILE_NAMES = tuple(a.name for a in PROFILE)

# --- what Sinch reports ------------------------------------------------------------------------
REPORTED = (
    Attr("state", SenderState, "Live state: `ACTIVE`, `IN_PROGRESS`, `PENDING_VERIFICATION`, `INACTIVE`, "
         "`SUSPENDED` or `ERROR` (null while a new sender is still being set up).", computed=True),
    Attr("pending_change_status", ChangeStatus, "Status of the pending change set (`DRAFT`, `IN_PROGRESS`, "
         "`REJECTED`, `ERROR`, ...); null when every change has been applied.", computed=True,
         api="changes.status"),
    Attr("error_code", str, "Why the sender or its pending change failed (`changes.errorCode`).", computed=True,
         api="changes.errorCode"),
    Attr("error_reason", str, "Sinch's explanation of `error_code`.", computed=True, api="changes.errorReason"),
    Attr("quality_rating", str, "Meta's quality rating: `GREEN`, `YELLOW`, `RED` or `UNKNOWN`.", computed=True),
    Attr("daily_limit", str, "Messaging limit tier, e.g. `TIER_1K`.", computed=True),
    Attr("max_tps", float, "Messages per second the sender may send.", computed=True),
    Attr("compatible_regions", list[str], "Regions the sender is compatible with (lower case).", computed=True,
         stable=True),
    Attr("conversation_api_app_id", str, "Conversation API app the sender is connected to.", computed=True,
         api="conversationApiAppDetails.id"),
    Attr("conversation_api_app_region", str, "Region of that app.", computed=True,
         api="conversationApiAppDetails.region"),
    Attr("conversation_api_channel_status", str, "The channel's status in that app (`ACTIVE`, `PENDING`, "
         "`FAILING`).", computed=True, api="conversationApiAppDetails.channelStatus"),
    Attr("bearer_token", str, "Token that connects the sender to a Conversation API app (once ACTIVE).",
         computed=True, sensitive=True),
    Attr("created", str, "When the sender was created (ISO 8601).", computed=True, stable=True),
    Attr("modified", str, "When the sender last changed (ISO 8601).", computed=True),
)  # fmt: skip

# --- the life of a sender: set up by Sinch and Meta, profile changes reviewed ---------------------
REVIEW = Review(
    # PENDING_VERIFICATION is reached on the way to either target: a code is requested, and the wait ends there
    targets={"ACTIVE": ("ACTIVE",), "PENDING_VERIFICATION": ("ACTIVE",)},
    transitional=(None, "IN_PROGRESS"),  # a new sender being set up has no state yet
    errors={key: Outcome("Sinch reports {code}") for key in ("ERROR", "changes:ERROR", "changes:MULTIPLE_WABA_ERROR")},
    refusals={state: Outcome("the sender is {state}", no_reason="") for state in ("SUSPENDED", "INACTIVE")},
    rejected_changes=("REJECTED",),
    rejection_warning="the last profile change was rejected",
)

# A sender in PENDING_VERIFICATION gets a code by SMS or voice call (`register`), and `verify` makes it ACTIVE.
VERIFICATION = Verification(
    awaiting="PENDING_VERIFICATION",
    requestable=lambda body: body.get("state") == "PENDING_VERIFICATION",
    sent_to="by {method}",
    methods=("SMS", "VOICE"),
)

# --- what Terraform does -----------------------------------------------------------------------
SETTINGS = (
    *REVIEW.settings(
        wait="How far create waits: `ACTIVE` (default; a sender that needs verification stops at "
        "PENDING_VERIFICATION once the code is sent), `PENDING_VERIFICATION`, or `NONE`. How long: the `timeouts` "
        "block (`create`, and `update` for the wait after verification).",
    ),
    *VERIFICATION.settings(
        method="How the verification code is sent when the sender reaches PENDING_VERIFICATION: `SMS` (default) or "
        "`VOICE`. Changing it while the sender waits sends a new code.",
        code="The 6-digit code received by SMS or voice call. Changing it verifies a sender in PENDING_VERIFICATION, "
        "which then becomes ACTIVE (a code present when the sender is created is not used: the code is sent after "
        "creation).",
    ),
)

ES_ONLY = ("waba_id", "phone_number_id", "authentication_code", "business_manager")
FROM_META = ("country_code", "phone_number")


def _known(config: Mapping[str, Any], name: str) -> bool:
    # The rules below see one resolved world at a time (provider.schema.in_every_world), never Unknown.
    return config.get(name) is not None


def _set(config: Mapping[str, Any], names: tuple[str, ...]) -> list[str]:
    return [n for n in names if config.get(n) is not None]


def onboarding(config: Mapping[str, Any]) -> str:
    if _set(config, ("waba_id", "phone_number_id", "authentication_code")):
        return "embedded signup"
    if _known(config, "phone_number_provider"):
        return "partner-initiated"
    return "phone provisioning"


def live_view(body: Mapping[str, Any]) -> dict[str, Any]:
    """The sender as state shows it: the review's pending change over the live profile; besides, a display
    name under Meta's review is tracked in ``metadata.displayName``, and overlays the same way while PENDING."""
    view = REVIEW.live_view(body)
    name = (body.get("metadata") or {}).get("displayName") or {}
    if name.get("status") == "PENDING" and name.get("value"):
        view["details"] = {**(view.get("details") or {}), "displayName": name["value"]}
    return view


class WhatsappSender(ApiResource):
    name = "whatsapp_sender"
    description = (
        "A WhatsApp sender (business profile, WhatsApp channel). Create waits until it is ACTIVE (configurable); "
        "senders that need phone verification get a code by SMS or voice call and become ACTIVE once "
        "`verification_code` is applied. Destroying a sender schedules its removal: Sinch keeps it working "
        "for 30 days."
    )
    attributes = (ID, PROJECT_ID, *ONBOARDING, *PROFILE, *REPORTED, *SETTINGS)
    collection_path = "/v1/projects/{project_id}/whatsapp/senders"
    item_path = "/v1/projects/{project_id}/whatsapp/senders/{id}"
    import_id = "{project_id}/{id}"
    update_method = "PATCH"
    review = REVIEW
    schema_version = 2
    state_upgrades = {1: timeouts.upgrade_create_timeout}
    gone_error_codes = ("sender_already_deleted",)  # a second delete within the 30 days
    exists_error_codes = ("used_phone_number_id",)  # embedded signup: the number is another sender's
    natural_key = ("country_code", "phone_number")  # unknown for embedded signup: candidates are named instead
    list_items_key = "senders"
    list_reads = True
    list_page_size = 100
    created_attribute = "created"
    error_hints = NEEDS_ACCOUNT
    verification = VERIFICATION

    # ------------------------------------------------------------------ rules

    def check_config(self, config: Mapping[str, Any]) -> list[tuple[list[Any], str]]:
        problems: list[tuple[list[Any], str]] = []
        for first, second in (("waba_id", "phone_number_id"), ("phone_number_id", "waba_id")):
            if _known(config, first) and config.get(second) is None:
                problems.append(([second], f"{second} is required with {first} (embedded signup)"))
        problems += business_manager_problems(config)
        return problems

    def check_create(self, config: Mapping[str, Any]) -> list[tuple[list[Any], str]]:
        """Which arguments go together, for each way of creating a sender."""
        way = onboarding(config)
        problems: list[tuple[list[Any], str]] = []

        def forbid(names: tuple[str, ...], why: str) -> None:
            problems.extend(([n], f"{n} cannot be set for {way}: {why}") for n in _set(config, names))

        def require(names: tuple[str, ...]) -> None:
            problems.extend(([n], f"{n} is required to create a sender by {way}") for n in names
                            if config.get(n) is None)  # fmt: skip

        if way == "embedded signup":
            require(("waba_id", "phone_number_id"))
            if config.get("business_manager") in ("SINCH_AMERICA", "SINCH_SEP"):
                problems.append((["business_manager"], "embedded signup takes SINCH_BR, SINCH_MX or SINCH_UK"))
            forbid(("phone_number_provider",), "it is a partner-initiated argument")
            forbid(FROM_META, "the number comes from Meta")
        elif way == "partner-initiated":
            require(("display_name", "vertical", "country_code"))
            forbid(ES_ONLY, "partner-initiated senders take them from the WhatsApp account")
        else:
            require(("country_code", "phone_number", "display_name"))
            forbid(ES_ONLY, "it is an embedded signup argument")
        return problems

    # ------------------------------------------------------------------ requests

    def create_body(self, planned: Mapping[str, Any]) -> dict[str, Any]:
        # at apply, a value still unknown is one the configuration left to the server
        way = onboarding({k: v for k, v in planned.items() if v is not Unknown})
        names: tuple[str, ...]
        if way == "embedded signup":
            names = ("waba_id", "phone_number_id", "authentication_code", "region", "meta_local_storage",
                     "business_manager")  # fmt: skip
        elif way == "partner-initiated":
            names = ("phone_number_provider", "country_code", "phone_number", "region", "meta_local_storage",
                     *PROFILE_NAMES)  # fmt: skip
        else:
            names = ("country_code", "phone_number", "region", "meta_local_storage", "display_name")
        body = self.body(planned, names)
        if way == "partner-initiated":
            body["status"] = "SUBMIT"
        return body

    def body(self, state: Mapping[str, Any], names: tuple[str, ...], **options: Any) -> dict[str, Any]:
        return to_api(self.attributes, state, include=names, **options)

    def update_body(self, current: Mapping[str, Any], planned: Mapping[str, Any], changed: list[str]) -> dict[str, Any]:
        profile = tuple(n for n in changed if n in PROFILE_NAMES)
        return {"status": "SUBMIT", **self.body(planned, profile, create=False, nulls=True)}

    def state_from_api(self, body: Mapping[str, Any], prior: Mapping[str, Any]) -> dict[str, Any]:
        state = super().state_from_api(body, prior)
        if (body or {}).get("state") != "ACTIVE":
            # Only an ACTIVE sender takes profile changes: until then, the configured profile waits in state
            # (what the create could not carry, or what changed meanwhile) and is submitted once it is ACTIVE.
            for name in PROFILE_NAMES:
                if prior.get(name) not in (None, Unknown):
                    state[name] = prior[name]
        return state

    def live_view(self, body: Mapping[str, Any]) -> dict[str, Any]:
        return live_view(body)

    # ------------------------------------------------------------------ the life of a sender

    def sender_path(self, sender: Mapping[str, Any], planned: Mapping[str, Any]) -> str:
        return self.path(self.item_path, {"project_id": planned["project_id"], "id": sender["id"]})

    def after_create(
        self, ctx: iface.CreateContext, client: SinchClient, body: dict[str, Any], planned: Mapping[str, Any]
    ) -> dict[str, Any]:
        body = self.await_state(ctx.diagnostics, client, body, planned)
        if not ctx.diagnostics.has_errors() and not client.stop.stopped:
            body = self.submit_profile(client, body, planned)
        return body

    def submit_profile(self, client: SinchClient, body: dict[str, Any], planned: Mapping[str, Any]) -> dict[str, Any]:
        """Submit, as one change set, the configured profile fields the live sender does not have yet.
        Only an ACTIVE sender takes profile changes; until then they wait in state."""
        profile = self.profile_to_submit(body, planned)
        if not profile or body.get("state") != "ACTIVE":
            return body
        return dict(client.patch(self.sender_path(body, planned), self.update_body({}, planned, profile)))

    def profile_to_submit(self, body: Mapping[str, Any], planned: Mapping[str, Any]) -> list[str]:
        live = from_api(self.attributes, live_view(body))
        return [n for n in PROFILE_NAMES if planned.get(n) not in (None, Unknown) and planned[n] != live.get(n)]

    def send_update(
        self,
        diags: Diagnostics,
        client: SinchClient,
        current: Mapping[str, Any],
        planned: Mapping[str, Any],
        changed: list[str],
        body: dict[str, Any],
    ) -> dict[str, Any]:
        """The profile goes as one change set, once the sender is ACTIVE (``submit_profile``)."""
        return self.submit_profile(client, body or client.get(self.path(self.item_path, current)), planned)

    def after_delete(self, ctx: iface.DeleteContext, state: Mapping[str, Any]) -> None:
        ctx.diagnostics.add_warning(
            f"{self.type_name()} {self.describe(state)} is scheduled for removal",
            "Sinch keeps a deleted sender active for 30 days so it can send its final messages; then it is removed.",
        )

    def observe(self, diags: Diagnostics, body: Mapping[str, Any]) -> None:
        super().observe(diags, body)  # a rejected change set
        name = (body.get("metadata") or {}).get("displayName") or {}
        if name.get("status") == "REJECTED":  # a display name is reviewed on its own
            diags.add_warning(
                f"{self.type_name()} {body.get('id')}: {REVIEW.rejection_warning}",
                f"{name.get('rejectionReason') or 'No reason was given.'} The plan shows the live values; "
                "apply again to resubmit.",
            )


# ---------------------------------------------------------------------- data sources

READ_ONLY = computed_copy(
    (ID, *ONBOARDING, *PROFILE, *REPORTED), exclude=("waba_id", "phone_number_id", "authentication_code")
)
DS_PROJECT = Attr("project_id", IdSegment, "Sinch project.", optional=True, computed=True, api=None,
                  provider_default="project_id")  # fmt: skip


class WhatsappSenderData(ObjectDataSource):
    name = "whatsapp_sender"
    description = "One WhatsApp sender, by ID."
    resource = WhatsappSender
    error_hints = NEEDS_ACCOUNT
    attributes = (
        DS_PROJECT,
        Attr("id", IdSegment, "Sender ID.", required=True),
        *(a for a in READ_ONLY if a.name != "id"),
    )


class WhatsappSenders(ListDataSource):
    name = "whatsapp_senders"
    description = "Every WhatsApp sender of a project (all pages), optionally filtered by state or change status."
    collection_path = "/v1/projects/{project_id}/whatsapp/senders"
    items_key = "senders"
    page_size = 100
    item_attributes = computed_copy((PROJECT_ID, *READ_ONLY))
    query = {"states": "filterStates", "change_statuses": "filterStatuses"}
    error_hints = NEEDS_ACCOUNT
    attributes = (
        DS_PROJECT,
        Attr("states", set[SenderState], "Only senders in these states.", optional=True, api=None),
        Attr("change_statuses", set[Literal["DRAFT", "ERROR", "IN_PROGRESS", "MULTIPLE_WABA_ERROR", "REJECTED"]],
             "Only senders whose pending change has one of these statuses.", optional=True, api=None),
        Attr("senders", list_of_objects(item_attributes), "The senders, with the attributes of the "
             "`sinch_whatsapp_sender` data source.", computed=True),
    )  # fmt: skip

    def map_item(self, item: Mapping[str, Any], path_values: Mapping[str, Any]) -> dict[str, Any]:
        return super().map_item(live_view(item), path_values)
