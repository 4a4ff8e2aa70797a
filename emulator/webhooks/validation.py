"""Webhooks: `WebhookWebhookInputDto` (POST, PUT) and `WebhookUpdateWebhookInputDto` (PATCH), and the limits."""

from __future__ import annotations

import re
from typing import Any

from emulator.validation import Validator

COLLECTION = "webhooks"
MAX_WEBHOOKS_PER_PROJECT = 15
MAX_PAGE_SIZE = 15
TARGET_MAX_LENGTH = 742
SECRET_MAX_LENGTH = 128
WEBHOOK_ID_RE = re.compile(r"[0-9a-f]{32}")  # ids we issue: uuid4().hex, like the spec's example

# `WebhookWebhookTriggersEnum`, in the order of the OpenAPI description (v1.2.117). class-validator lists the
# allowed values in this order in its "must be one of the following values" message.
TRIGGERS: tuple[str, ...] = (
    "ALL",
    "BUNDLE_DONE",
    "KAKAOTALK_SENDER_ACTIVE",
    "KAKAOTALK_SENDER_COMMENT_ADDED",
    "KAKAOTALK_SENDER_INACTIVE",
    "KAKAOTALK_SENDER_REJECTED",
    "KAKAOTALK_TEMPLATE_APPROVED",
    "KAKAOTALK_TEMPLATE_COMMENT_ADDED",
    "KAKAOTALK_TEMPLATE_REJECTED",
    "RCS_BRAND_REGISTRATION_PROCESS_STATUS_UPDATED",
    "RCS_SENDER_COMMENT_ADDED",
    "RCS_SENDER_OPERATOR_STATUS_UPDATED",
    "RCS_SENDER_STATUS_UPDATED",
    "RCS_ACCOUNT_COMMENT_ADDED",
    "WHATSAPP_ACCOUNT_COMMENT_ADDED",
    "WHATSAPP_ACCOUNT_DAILY_LIMIT_CHANGED",
    "WHATSAPP_ACCOUNT_ONBOARDED",
    "WHATSAPP_ACCOUNT_PENDING_VERIFICATION",
    "WHATSAPP_ACCOUNT_REJECTED",
    "WHATSAPP_WABA_ACCOUNT_CHANGED",
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
)

_FIELDS = ("target", "secret", "triggers")


def validate_input(body: dict[str, Any], *, partial: bool) -> dict[str, Any]:
    """`WebhookWebhookInputDto` (POST, PUT: all required) or `WebhookUpdateWebhookInputDto` (PATCH).

    The OpenAPI description types `target` and `secret` of the PATCH DTO as `object`: a generator slip (the
    same fields carry `format: url`, `minLength` and `maxLength`, which only make sense for strings, and the
    input DTO types them as strings). The emulator validates them as strings in both DTOs.
    """
    v = Validator(body, _FIELDS)
    target = v.string("target", optional=partial, min_length=1, max_length=TARGET_MAX_LENGTH, url=True)
    secret = v.string("secret", optional=partial, min_length=1, max_length=SECRET_MAX_LENGTH)
    triggers = v.enum_array("triggers", TRIGGERS, optional=partial, min_items=1, unique=True)
    v.check()
    values = {"target": target, "secret": secret, "triggers": triggers}
    return {k: values[k] for k in _FIELDS if k in body}
