"""Bundles: `BundlesInputBundlesDto` (POST), validated as NestJS + class-validator would, and the rules across
fields the description documents with their own error codes (`no_services_to_create`, `missing_name`)."""

from __future__ import annotations

import re
from typing import Any

from emulator import errors
from emulator.validation import Validator
from emulator.webhooks.validation import SECRET_MAX_LENGTH, TARGET_MAX_LENGTH, TRIGGERS

REGIONS: tuple[str, ...] = ("BR", "EU", "US")
STATES: tuple[str, ...] = ("DONE", "FAILED", "IN_PROGRESS")
MAX_WEBHOOKS = 15
MAX_CONV_WEBHOOKS = 5
MAX_CONV_TRIGGERS = 20
NAME_MAX_LENGTH = 255
# `BundlesWebhooksInputWebhookTriggerEnum`, in the order of the description.
CONV_TRIGGERS: tuple[str, ...] = (
    "BATCH_DELIVERY_REPORT_FULL",
    "BATCH_DELIVERY_REPORT_SUMMARY",
    "BATCH_STATUS_UPDATE",
    "BILLING_CREDIT_LIMIT_BREACHED",
    "CAPABILITY",
    "CHANNEL_EVENT",
    "CONSENT_BATCH_COMPLETE",
    "CONTACT_CREATE",
    "CONTACT_DELETE",
    "CONTACT_IDENTITIES_DUPLICATION",
    "CONTACT_MERGE",
    "CONTACT_UPDATE",
    "CONVERSATION_DELETE",
    "CONVERSATION_START",
    "CONVERSATION_STOP",
    "EVENT_DELIVERY",
    "EVENT_INBOUND",
    "MESSAGE_DELIVERY",
    "MESSAGE_INBOUND",
    "MESSAGE_INBOUND_SMART_CONVERSATION_REDACTION",
    "MESSAGE_SUBMIT",
    "OPT_IN",
    "OPT_OUT",
    "RECORD_NOTIFICATION",
    "SMART_CONVERSATION",
    "UNSUPPORTED",
)
TARGET_TYPES: tuple[str, ...] = ("DISMISS", "GRPC", "HTTP")
PROCESSING_MODES: tuple[str, ...] = ("CONVERSATION", "DISPATCH")
CONVERSATION_RETENTION_TYPES: tuple[str, ...] = (
    "CONVERSATION_EXPIRE_POLICY",
    "MESSAGE_EXPIRE_POLICY",
    "PERSIST_RETENTION_POLICY",
)
DISPATCH_RETENTION_TYPES: tuple[str, ...] = ("MESSAGE_EXPIRE_POLICY",)
# Retention per processing mode: (types, ttl minimum, ttl maximum, default ttl).
RETENTION: dict[str, tuple[tuple[str, ...], int, int, int]] = {
    "CONVERSATION": (CONVERSATION_RETENTION_TYPES, 1, 3650, 180),
    "DISPATCH": (DISPATCH_RETENTION_TYPES, 0, 7, 7),
}
CONSENT_MODES: tuple[str, ...] = ("DISABLED", "PRIMARY", "SECONDARY")
_FORBIDDEN_CONV_TARGET = re.compile(r"^(?:[a-z]+://)?conversation-api\.[^/]*\.sinch\.com(?:[:/?#]|$)", re.IGNORECASE)

_FIELDS = ("name", "region", "subproject", "smsApp", "convApp", "webhooks", "testNumber")
_SERVICES = ("subproject", "smsApp", "convApp")


def _bool_or_object(v: Validator, name: str) -> dict[str, Any] | bool | None:
    """`oneOf: [object, boolean]`: the value, or None (with "<name> must be boolean or object") when neither."""
    if name not in v.body:
        return None
    value = v.body[name]
    if isinstance(value, bool | dict):
        return value
    v.error(name, "must be boolean or object")
    return None


def _conv_app(v: Validator, body: dict[str, Any]) -> None:
    c = Validator(body, ("name", "webhooks", "processingMode", "retentionPolicy", "consentManagerSettings"),
                  prefix=v.prefix + "convApp.", errors=v.errors)  # fmt: skip
    c.string("name", optional=True, min_length=1, max_length=NAME_MAX_LENGTH)
    for i, hook in c.nested_array("webhooks", optional=True, max_items=MAX_CONV_WEBHOOKS) or []:
        h = c.item("webhooks", i, hook, ("target", "triggers", "secret", "targetType"))
        target = h.string("target", max_length=TARGET_MAX_LENGTH)
        if target is not None and _FORBIDDEN_CONV_TARGET.match(target):
            h.error("target", "must not be a conversation-api.*.sinch.com address")
        triggers = h.enum_array("triggers", CONV_TRIGGERS, unique=True)
        if triggers is not None and len(triggers) > MAX_CONV_TRIGGERS:
            h.error("triggers", f"must contain no more than {MAX_CONV_TRIGGERS} elements")
        h.string("secret", optional=True)
        h.enum("targetType", TARGET_TYPES, optional=True)
    mode = c.enum("processingMode", PROCESSING_MODES, optional=True) or "DISPATCH"
    policy = c.nested("retentionPolicy", ("retentionPolicyType", "ttl"), optional=True)
    if policy is not None:  # `oneOf` the two policies: the one of the processing mode applies
        types, low, high, _ = RETENTION[mode]
        policy.enum("retentionPolicyType", types, optional=True)
        policy.number("ttl", optional=True, minimum=low, maximum=high)
    consent = c.nested("consentManagerSettings", ("mode",), optional=True)
    if consent is not None:
        consent.enum("mode", CONSENT_MODES)


def validate_input(body: dict[str, Any]) -> dict[str, Any]:
    """The create body, checked: class-validator messages (400 invalid_input), then `no_services_to_create` and
    `missing_name`. Returns the body as given (its fields are all known once valid)."""
    v = Validator(body, _FIELDS)
    v.string("name", optional=True, min_length=1, max_length=NAME_MAX_LENGTH)
    v.enum("region", REGIONS)
    subproject = _bool_or_object(v, "subproject")
    if isinstance(subproject, dict):
        s = Validator(subproject, ("name", "labels"), prefix="subproject.", errors=v.errors)
        s.string("name", optional=True, min_length=1, max_length=NAME_MAX_LENGTH)
        labels = subproject.get("labels")
        if "labels" in subproject and (
            not isinstance(labels, dict) or not all(isinstance(x, str) for x in labels.values())
        ):
            s.error("labels", "must be an object with string values")
    sms_app = _bool_or_object(v, "smsApp")
    if isinstance(sms_app, dict):
        a = Validator(sms_app, ("test", "name"), prefix="smsApp.", errors=v.errors)
        a.boolean("test", optional=True)
        a.string("name", optional=True, min_length=1, max_length=NAME_MAX_LENGTH)
    conv_app = _bool_or_object(v, "convApp")
    if isinstance(conv_app, dict):
        _conv_app(v, conv_app)
    hooks = v.nested_array("webhooks", optional=True, min_items=1, max_items=MAX_WEBHOOKS) or []
    targets: list[str] = []
    for i, hook in hooks:
        h = v.item("webhooks", i, hook, ("target", "secret", "triggers"))
        target = h.string("target", min_length=1, max_length=TARGET_MAX_LENGTH, url=True)
        h.string("secret", min_length=1, max_length=SECRET_MAX_LENGTH)
        h.enum_array("triggers", TRIGGERS, min_items=1, unique=True)
        if target is not None:
            targets.append(target)
    if len(set(targets)) != len(targets):
        v.error("webhooks", "must have unique targets")
    v.boolean("testNumber", optional=True)
    v.check()
    requested = [s for s in _SERVICES if body.get(s) not in (None, False)]
    if not requested:
        raise errors.no_services_to_create()
    if not body.get("name") and any(body[s] is True or not body[s].get("name") for s in requested):
        raise errors.missing_name()
    return body
