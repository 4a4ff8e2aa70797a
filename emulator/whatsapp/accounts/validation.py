"""WhatsApp Accounts: request bodies (`WhatsappInputAccountPartnerInitiatedDto`, `WhatsappInputUpdateAccountDto`)."""

from __future__ import annotations

from typing import Any

from emulator import errors
from emulator.validation import Validator
from emulator.whatsapp.common import ACCOUNT_INPUT_VERTICALS, BUSINESS_MANAGERS, META_LOCAL_STORAGES, REGIONS

NAME_MAX_LENGTH = 255
OBO_DEPRECATED_MESSAGE = (
    "The on-behalf-of (OBO) account input (companyLegalName, clientBusinessManagerId) is deprecated: Meta ended "
    "OBO on September 30, 2025. Create a partner-initiated account (wabaName, clientBusinessManagerId, "
    "senderDetails) instead."
)
_SENDER_DETAILS_FIELDS = ("displayName", "businessCategory", "region", "metaLocalStorage")


def validate_create(body: dict[str, Any]) -> dict[str, Any]:
    """`WhatsappInputAccountPartnerInitiatedDto`. The deprecated OBO body is rejected (see module doc)."""
    if "companyLegalName" in body and "wabaName" not in body and "senderDetails" not in body:
        raise errors.invalid_input([OBO_DEPRECATED_MESSAGE])
    v = Validator(body, ("wabaName", "clientBusinessManagerId", "businessManager", "senderDetails"))
    waba_name = v.string("wabaName", min_length=1, max_length=NAME_MAX_LENGTH)
    cbm_id = v.string("clientBusinessManagerId", min_length=1, max_length=NAME_MAX_LENGTH)
    business_manager = v.enum("businessManager", BUSINESS_MANAGERS, optional=True)
    sender_details: dict[str, Any] = {}
    nested = v.nested("senderDetails", _SENDER_DETAILS_FIELDS)
    if nested is not None:
        sender_details = {
            "displayName": nested.string("displayName", min_length=1, max_length=NAME_MAX_LENGTH),
            "businessCategory": nested.enum("businessCategory", ACCOUNT_INPUT_VERTICALS),
            "region": nested.enum("region", REGIONS, optional=True),
            "metaLocalStorage": nested.enum("metaLocalStorage", META_LOCAL_STORAGES, optional=True),
        }
    v.check()
    return {
        "wabaName": waba_name,
        "clientBusinessManagerId": cbm_id,
        "businessManager": business_manager,
        "senderDetails": sender_details,
    }


def validate_update(body: dict[str, Any]) -> dict[str, Any]:
    """`WhatsappInputUpdateAccountDto`: every field optional; the result holds only the fields sent."""
    v = Validator(body, ("companyLegalName", "wabaName", "clientBusinessManagerId", "senderDetails"))
    values: dict[str, Any] = {}
    for name in ("companyLegalName", "wabaName", "clientBusinessManagerId"):
        value = v.string(name, optional=True, min_length=1, max_length=NAME_MAX_LENGTH)
        if name in body:
            values[name] = value
    nested = v.nested("senderDetails", _SENDER_DETAILS_FIELDS, optional=True)
    if nested is not None:
        sender_details = {
            "displayName": nested.string("displayName", optional=True, min_length=1, max_length=NAME_MAX_LENGTH),
            "businessCategory": nested.enum("businessCategory", ACCOUNT_INPUT_VERTICALS, optional=True),
            "region": nested.enum("region", REGIONS, optional=True),
            "metaLocalStorage": nested.enum("metaLocalStorage", META_LOCAL_STORAGES, optional=True),
        }
        values["senderDetails"] = {k: val for k, val in sender_details.items() if k in nested.body}
    v.check()
    return values
