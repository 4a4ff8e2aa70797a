"""``sinch_bundle`` and ``sinch_bundles``: bundles (tag "Bundles"), work orders that create in one request a
subproject, an SMS app, a Conversation API app (with its webhooks) and provisioning webhooks.

The API has no update and no delete: every argument replaces the bundle, and destroy only removes it from the
state (a warning names what stays in Sinch). Create waits for DONE; a FAILED bundle fails the apply with what
failed (the API has no reason field: the failed part's status says it) and stays in state, tainted.

The HCL shape: ``subproject``, ``sms_app`` and ``conv_app`` are objects; present (``sms_app = {}`` for the
defaults) means "create one", left out means "do not" (the API's ``true``/``false``/object). What they created is
reported at the top level (``subproject_id``, ``sms_app_id``, ``conversation_app_id``...) for other resources to
use; the IDs of webhooks are read back into each webhook's object.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any, Literal

from pydantic import Field

from provider.resource import ApiResource, ListDataSource, computed_copy
from provider.review import Outcome, Review
from provider.schema import Attr, Problem, list_of_objects, single_object
from provider.types import IdSegment, http_url, text
from resources.webhook import WebhookTrigger

Region = Literal["BR", "EU", "US"]
BundleState = Literal["DONE", "FAILED", "IN_PROGRESS"]
ConversationTrigger = Literal[
    "BATCH_DELIVERY_REPORT_FULL", "BATCH_DELIVERY_REPORT_SUMMARY", "BATCH_STATUS_UPDATE",
    "BILLING_CREDIT_LIMIT_BREACHED", "CAPABILITY", "CHANNEL_EVENT", "CONSENT_BATCH_COMPLETE", "CONTACT_CREATE",
    "CONTACT_DELETE", "CONTACT_IDENTITIES_DUPLICATION", "CONTACT_MERGE", "CONTACT_UPDATE", "CONVERSATION_DELETE",
    "CONVERSATION_START", "CONVERSATION_STOP", "EVENT_DELIVERY", "EVENT_INBOUND", "MESSAGE_DELIVERY",
    "MESSAGE_INBOUND", "MESSAGE_INBOUND_SMART_CONVERSATION_REDACTION", "MESSAGE_SUBMIT", "OPT_IN", "OPT_OUT",
    "RECORD_NOTIFICATION", "SMART_CONVERSATION", "UNSUPPORTED",
]  # fmt: skip
ProcessingMode = Literal["CONVERSATION", "DISPATCH"]
RetentionPolicyType = Literal["CONVERSATION_EXPIRE_POLICY", "MESSAGE_EXPIRE_POLICY", "PERSIST_RETENTION_POLICY"]
#: Retention per processing mode (the description's two `oneOf` policies): allowed types and the ttl range.
RETENTION: dict[str, tuple[tuple[str, ...], int, int]] = {
    "DISPATCH": (("MESSAGE_EXPIRE_POLICY",), 0, 7),
    "CONVERSATION": (("CONVERSATION_EXPIRE_POLICY", "MESSAGE_EXPIRE_POLICY", "PERSIST_RETENTION_POLICY"), 1, 3650),
}
Name = text(1, 255)

# --- arguments ---------------------------------------------------------------------------------------------------
SUBPROJECT = (
    Attr("name", Name, "Name of the subproject (default: the bundle's `name`).", optional=True, computed=True),
    Attr("labels", dict[str, str], "Labels of the subproject.", optional=True),
)
SMS_APP = (Attr("name", Name, "Name of the SMS app (default: the bundle's `name`).", optional=True, computed=True),)
CONV_WEBHOOK = (
    Attr("id", str, "Conversation API webhook ID, assigned by Sinch.", computed=True),
    Attr("target", Annotated[str, Field(max_length=742)], "URL the Conversation API posts events to (at most 742 "
         "characters; not a `conversation-api.*.sinch.com` address).", required=True),
    Attr("triggers", Annotated[set[ConversationTrigger], Field(min_length=1, max_length=20)],
         "Conversation API events that fire the webhook (1 to 20).", required=True),
    Attr("secret", str, "Secret the Conversation API signs the events with.", optional=True, sensitive=True),
    Attr("target_type", Literal["DISMISS", "GRPC", "HTTP"], "How events are delivered: `HTTP` (the API's default), "
         "`GRPC` or `DISMISS`. Not returned by the API.", optional=True, returned=False),
)  # fmt: skip
RETENTION_POLICY = (
    Attr("type", RetentionPolicyType, "`MESSAGE_EXPIRE_POLICY` (default; the only one in DISPATCH mode), "
         "`CONVERSATION_EXPIRE_POLICY` or `PERSIST_RETENTION_POLICY`.", optional=True, computed=True,
         api="retentionPolicyType"),
    Attr("ttl", Annotated[int, Field(ge=0, le=3650)], "Retention in days: 0 to 7 in DISPATCH mode (default 7), 1 to "
         "3650 in CONVERSATION mode (default 180).", optional=True, computed=True),
)  # fmt: skip
CONV_APP = (
    Attr("name", Name, "Name of the app (default: the bundle's `name`).", optional=True, computed=True),
    Attr("webhooks", list_of_objects(CONV_WEBHOOK, max_items=5), "Conversation API webhooks of the app (at most 5).",
         optional=True),
    Attr("processing_mode", ProcessingMode, "`DISPATCH` (default) or `CONVERSATION`.", optional=True, computed=True),
    Attr("retention_policy", single_object(RETENTION_POLICY), "How long messages are kept.", optional=True,
         computed=True),
    Attr("consent_manager_mode", Literal["DISABLED", "PRIMARY", "SECONDARY"], "Consent manager settings mode.",
         optional=True, api="consentManagerSettings.mode"),
)  # fmt: skip
WEBHOOK = (
    Attr("id", str, "Webhook ID, assigned by Sinch (a `sinch_webhook` of the bundle's `resources_project_id`).",
         computed=True),
    Attr("target", http_url(max_length=742), "URL Sinch POSTs the callbacks to (unique within the project).",
         required=True),
    Attr("secret", text(1, 128), "Secret used to sign the callbacks (1 to 128 characters). The API never returns "
         "it.", required=True, sensitive=True, returned=False),
    Attr("triggers", Annotated[set[WebhookTrigger], Field(min_length=1)], "Events that fire the webhook.",
         required=True),
)  # fmt: skip

ID = Attr("id", IdSegment, "Bundle ID, assigned by Sinch.", computed=True, stable=True)
PROJECT_ID = Attr("project_id", IdSegment, "Sinch project the bundle is ordered in.", optional=True, computed=True,
                  stable=True, force_new=True, api=None, provider_default="project_id")  # fmt: skip


def _argument(name: str, type_: Any, description: str, **flags: Any) -> Attr:
    return Attr(name, type_, description + " Changing it replaces the bundle.", force_new=True, create_only=True,
                **flags)  # fmt: skip


ARGUMENTS = (
    _argument("name", Name, "Name of the bundle, and of each part that has no name of its own.", optional=True),
    _argument("region", Region, "Region: `BR`, `EU` or `US`.", required=True),
    _argument("subproject", single_object(SUBPROJECT), "Create a subproject (`{}` for the defaults); the other "
              "parts are created in it.", optional=True),
    _argument("sms_app", single_object(SMS_APP), "Create an SMS app (`{}` for the defaults).", optional=True,
              api="smsApp"),
    _argument("conv_app", single_object(CONV_APP), "Create a Conversation API app (`{}` for the defaults).",
              optional=True, api="convApp"),
    _argument("webhooks", list_of_objects(WEBHOOK, min_items=1, max_items=15), "Provisioning webhooks to create (1 "
              "to 15, unique targets).", optional=True),
)  # fmt: skip
REPORTED = (
    Attr("state", str, "`IN_PROGRESS`, `DONE` or `FAILED`.", computed=True),
    Attr("resources_project_id", str, "Project the parts were created in: the subproject, else `project_id`.",
         computed=True, stable=True, api="projectId"),
    Attr("subproject_id", str, "ID of the subproject created.", computed=True, stable=True, api="subproject.id"),
    Attr("subproject_status", str, "`PENDING` or `READY`.", computed=True, api="subproject.status"),
    Attr("sms_app_id", str, "ID of the SMS app created.", computed=True, stable=True, api="smsApp.id"),
    Attr("sms_service_id", str, "ID of the SMS service of the SMS app.", computed=True, stable=True,
         api="smsApp.smsServiceId"),
    Attr("sms_app_status", str, "Provisioning status of the SMS app (`ACTIVE` when ready).", computed=True,
         api="smsApp.status"),
    Attr("conversation_app_id", str, "ID of the Conversation API app created.", computed=True, stable=True,
         api="convApp.id"),
    Attr("conversation_app_sms_channel_status", str, "Status of the app's SMS channel (`ACTIVE`, `PENDING`, "
         "`FAILING`).", computed=True, api="convApp.smsChannelStatus"),
)  # fmt: skip

REVIEW = Review(
    targets={"DONE": ("DONE",)},
    transitional=(None, "IN_PROGRESS"),
    errors={"FAILED": Outcome("the bundle FAILED", detail="What failed: {reason}", no_reason="Sinch gave no reason.")},
    code_paths=(),
    reason_paths=(),
    failure_fields={
        "subproject.status": ("PENDING",),
        "smsApp.status": ("BLOCKED", "DELETED", "DEPROVISIONING_FAILED", "FAILED_ADD", "FAILED_BLOCK", "FAILED_DELETE",
                          "FAILED_UNBLOCK", "FAILED_UPDATE", "PROVISIONING_ADD_FAILED", "PROVISIONING_BLOCK_FAILED",
                          "PROVISIONING_FAILED", "PROVISIONING_UNBLOCK_FAILED", "PROVISIONING_UPDATE_FAILED"),
        "convApp.smsChannelStatus": ("FAILING",),
    },
)  # fmt: skip


def _retention_problems(config: Mapping[str, Any]) -> list[Problem]:
    app = config.get("conv_app")
    policy = app.get("retention_policy") if isinstance(app, Mapping) else None
    if not isinstance(policy, Mapping):
        return []
    mode = app.get("processing_mode") or "DISPATCH"  # type: ignore[union-attr]
    types, low, high = RETENTION.get(str(mode), RETENTION["DISPATCH"])
    found: list[Problem] = []
    if policy.get("type") is not None and policy["type"] not in types:
        found.append((["conv_app", "retention_policy", "type"],
                      f"conv_app.retention_policy.type in {mode} mode must be {' or '.join(types)}"))  # fmt: skip
    ttl = policy.get("ttl")
    if isinstance(ttl, int) and not low <= ttl <= high:
        message = f"conv_app.retention_policy.ttl in {mode} mode must be {low} to {high} days, got {ttl}"
        found.append((["conv_app", "retention_policy", "ttl"], message))
    return found


class Bundle(ApiResource):
    name = "bundle"
    description = (
        "A bundle: one work order that creates a subproject, an SMS app, a Conversation API app (with its webhooks) "
        "and provisioning webhooks. Create waits until the bundle is DONE (`timeouts { create }`); a FAILED bundle "
        "fails the apply with what failed and stays in the state. The API has no update and no delete: every "
        "argument replaces the bundle, and destroy only removes it from the state (what it created stays in Sinch)."
    )
    attributes = (
        ID,
        PROJECT_ID,
        *ARGUMENTS,
        *REPORTED,
        *REVIEW.settings(wait="How far create waits: `DONE` (default) or `NONE`. How long: `timeouts { create }`."),
    )
    collection_path = "/v1/projects/{project_id}/bundles"
    item_path = "/v1/projects/{project_id}/bundles/{id}"
    import_id = "{project_id}/{id}"
    review = REVIEW
    schema_version = 1
    list_items_key = "bundles"
    list_reads = True
    list_page_size = 25
    undeletable = (
        "The Sinch API cannot delete a bundle: it and what it created stay in Sinch. Remove them in the Sinch "
        "dashboard if they are no longer needed."
    )
    undeletable_keeps = ("subproject_id", "sms_app_id", "conversation_app_id", "webhooks")

    def check_config(self, config: Mapping[str, Any]) -> list[Problem]:
        found = _retention_problems(config)
        parts = [n for n in ("subproject", "sms_app", "conv_app") if config.get(n) is not None]
        if not parts and config.get("region") is not None:
            found.append((["region"], "a bundle creates at least one of subproject, sms_app, conv_app"))
        if config.get("name") is None:
            for part in parts:
                if (config.get(part) or {}).get("name") is None:
                    found.append(([part], f"{part}.name is required when the bundle has no name"))
        hooks = config.get("webhooks") or []
        targets = [h.get("target") for h in hooks if isinstance(h, Mapping) and h.get("target") is not None]
        for index, target in enumerate(targets):
            if target in targets[:index]:
                found.append((["webhooks", (index,), "target"], f"webhooks[{index}].target repeats {target!r}: targets "
                              "must be unique"))  # fmt: skip
        app = config.get("conv_app")
        for index, hook in enumerate((app or {}).get("webhooks") or []):
            target = hook.get("target") if isinstance(hook, Mapping) else None
            host = str(target or "").split("://")[-1].split("/")[0].lower()
            if host.startswith("conversation-api.") and host.endswith(".sinch.com"):
                message = f"conv_app.webhooks[{index}].target must not be a conversation-api.*.sinch.com address"
                found.append((["conv_app", "webhooks", (index,), "target"], message))
        return found


class Bundles(ListDataSource):
    name = "bundles"
    description = "Bundles of a project (all pages), optionally filtered by state, SMS app or Conversation app."
    item_attributes = computed_copy((ID, *(a for a in ARGUMENTS if a.name != "webhooks"), *REPORTED))
    attributes = (
        Attr("project_id", IdSegment, "Sinch project to list.", optional=True, computed=True, api=None,
             provider_default="project_id"),
        Attr("states", set[BundleState], "Only bundles in these states.", optional=True, api=None),
        Attr("sms_app_ids", set[str], "Only bundles that created one of these SMS apps.", optional=True, api=None),
        Attr("conversation_app_ids", set[str], "Only bundles that created one of these Conversation API apps.",
             optional=True, api=None),
        Attr("bundles", list_of_objects(item_attributes), "The bundles, in the API's order.", computed=True),
    )  # fmt: skip
    collection_path = "/v1/projects/{project_id}/bundles"
    items_key = "bundles"
    page_size = 25
    query = {"states": "filterStates", "sms_app_ids": "filterSmsAppIds", "conversation_app_ids": "filterConvAppIds"}
