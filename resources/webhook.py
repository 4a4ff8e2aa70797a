"""``sinch_webhook`` and ``sinch_webhooks``: provisioning webhooks (tag "Webhooks")."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from provider.resource import ApiResource, ListDataSource, computed_copy
from provider.schema import Attr, list_of_objects
from provider.types import IdSegment, http_url, text

WebhookTrigger = Literal[
    "ALL",
    "BUNDLE_DONE",
    "KAKAOTALK_SENDER_ACTIVE",
    "KAKAOTALK_SENDER_COMMENT_ADDED",
    "KAKAOTALK_SENDER_INACTIVE",
    "KAKAOTALK_SENDER_REJECTED",
    "KAKAOTALK_TEMPLATE_APPROVED",
    "KAKAOTALK_TEMPLATE_COMMENT_ADDED",
    "KAKAOTALK_TEMPLATE_REJECTED",
    "RCS_ACCOUNT_COMMENT_ADDED",
    "RCS_BRAND_REGISTRATION_PROCESS_STATUS_UPDATED",
    "RCS_SENDER_COMMENT_ADDED",
    "RCS_SENDER_OPERATOR_STATUS_UPDATED",
    "RCS_SENDER_STATUS_UPDATED",
    "WHATSAPP_ACCOUNT_COMMENT_ADDED",
    "WHATSAPP_ACCOUNT_DAILY_LIMIT_CHANGED",
    "WHATSAPP_ACCOUNT_ONBOARDED",
    "WHATSAPP_ACCOUNT_PENDING_VERIFICATION",
    "WHATSAPP_ACCOUNT_REJECTED",
    "WHATSAPP_SENDER_ACTIVE",
    "WHATSAPP_SENDER_COMMENT_ADDED",
    "WHATSAPP_SENDER_DAILY_LIMIT_CHANGED",
    "WHATSAPP_SENDER_DELETED",
    "WHATSAPP_SENDER_DISPLAY_NAME_UPDATED",
    "WHATSAPP_SENDER_ERROR",
    "WHATSAPP_SENDER_INACTIVE",
    "WHATSAPP_SENDER_PENDING_VERIFICATION",
    "WHATSAPP_SENDER_QUALITY_RATING_CHANGED",
    "WHATSAPP_SENDER_REJECTED",
    "WHATSAPP_SENDER_USERNAME_UPDATED",
    "WHATSAPP_TEMPLATE_APPROVED",
    "WHATSAPP_TEMPLATE_CATEGORY_FUTURE_UPDATE",
    "WHATSAPP_TEMPLATE_CATEGORY_UPDATED",
    "WHATSAPP_TEMPLATE_COMMENT_ADDED",
    "WHATSAPP_TEMPLATE_DELETED",
    "WHATSAPP_TEMPLATE_QUALITY_SCORE_UPDATED",
    "WHATSAPP_TEMPLATE_REJECTED",
    "WHATSAPP_TEMPLATE_STATUS_UPDATED",
    "WHATSAPP_WABA_ACCOUNT_CHANGED",
]

ID = Attr("id", IdSegment, "Webhook ID, assigned by Sinch.", computed=True, stable=True)
PROJECT_ID = Attr(
    "project_id",
    IdSegment,
    "Sinch project the webhook belongs to.",
    optional=True,
    computed=True,
    stable=True,
    force_new=True,
    api=None,
    provider_default="project_id",
)
TARGET = Attr(
    "target",
    http_url(max_length=742),
    "URL Sinch POSTs the callbacks to (at most 742 characters). Unique within a project.",
    required=True,
)
TRIGGERS = Attr(
    "triggers",
    Annotated[set[WebhookTrigger], Field(min_length=1)],
    "Events that fire the webhook (at least one; `ALL` for every event).",
    required=True,
)


class Webhook(ApiResource):
    name = "webhook"
    description = (
        "A provisioning webhook: Sinch POSTs `{type, payload}` to `target`, signed with `secret` "
        "(HMAC-SHA256), whenever one of `triggers` happens. At most 15 per project."
    )
    attributes = (
        ID,
        PROJECT_ID,
        TARGET,
        Attr(
            "secret",
            text(1, 128),
            "Secret used to sign the callbacks (1 to 128 characters, high entropy).",
            required=True,
            sensitive=True,
            returned=False,
        ),
        TRIGGERS,
    )
    collection_path = "/v1/projects/{project_id}/webhooks"
    item_path = "/v1/projects/{project_id}/webhooks/{id}"
    import_id = "{project_id}/{id}"
    update_method = "PUT"  # a full replace keeps the secret in step, which the API never returns
    natural_key = ("target",)
    exists_error_codes = ("webhook_exists",)
    list_items_key = "webhooks"
    list_reads = True


class Webhooks(ListDataSource):
    name = "webhooks"
    description = "Every provisioning webhook of a project (all pages), in the API's order (alphabetical)."
    item_attributes = computed_copy((ID, PROJECT_ID, TARGET, TRIGGERS))
    attributes = (
        Attr(
            "project_id",
            IdSegment,
            "Sinch project to list.",
            optional=True,
            computed=True,
            api=None,
            provider_default="project_id",
        ),
        Attr(
            "webhooks",
            list_of_objects(item_attributes),
            "The webhooks: `id`, `project_id`, `target`, `triggers`.",
            computed=True,
        ),
    )
    collection_path = "/v1/projects/{project_id}/webhooks"
    items_key = "webhooks"
