"""WhatsApp Senders: request bodies.

Create bodies (anyOf in the description; the emulator picks the DTO from the fields present):
- any of `name`, `facebookAccessToken`, `facebookCode`: the deprecated `WhatsappSenderInputDtoDeprecated`,
  rejected with invalid_input;
- any of `wabaId`, `phoneNumberId`, `authenticationCode`, `businessManager`: `WhatsappSenderInputEsDto`;
- any of `phoneNumberProvider`, `status`, `saveDraftOnFailure`, or `details` with fields beyond countryCode,
  phoneNumber and displayName: `WhatsappInputSenderPartnerInitiatedDto`;
- anything else: `WhatsappInputSenderPhoneProvisioningDto` (so `{}` answers "details should not be null or
  undefined", the spec's example).

PATCH: `WhatsappUpdateSenderInputDto`.
"""

from __future__ import annotations

from typing import Any

from emulator import errors
from emulator.validation import Validator
from emulator.whatsapp.common import (
    ACTIONS,
    META_LOCAL_STORAGES,
    PUBLIC_BUSINESS_MANAGERS,
    REGIONS,
    SENDER_INPUT_VERTICALS,
)

DEPRECATED_SENDER_MESSAGE = (
    "WhatsappSenderInputDtoDeprecated (name, facebookAccessToken, facebookCode) is deprecated and no longer "
    "supported: use the Embedded Signup body WhatsappSenderInputEsDto (wabaId, phoneNumberId)"
)
_DEPRECATED_KEYS = frozenset({"name", "facebookAccessToken", "facebookCode"})
_ES_KEYS = frozenset({"wabaId", "phoneNumberId", "authenticationCode", "businessManager"})
_PI_KEYS = frozenset({"phoneNumberProvider", "status", "saveDraftOnFailure"})
_PHONE_DETAILS = ("countryCode", "phoneNumber", "displayName")
_PI_DETAILS = (
    "displayName",
    "description",
    "vertical",
    "email",
    "address",
    "websiteOne",
    "websiteTwo",
    "about",
    "photoUrl",
    "countryCode",
    "phoneNumber",
)
_UPDATE_DETAILS = (
    "displayName",
    "description",
    "vertical",
    "email",
    "address",
    "websiteOne",
    "websiteTwo",
    "about",
    "photoUrl",
    "username",
)


def _validate_profile(v: Validator, *, create: bool) -> dict[str, Any]:
    """The profile fields shared by the partner-initiated create details and the PATCH details. In PATCH
    bodies every field is optional and the nullable ones accept null (delete the value)."""
    opt = not create
    values = {
        "displayName": v.string("displayName", optional=opt, not_null=opt, min_length=1, max_length=128),
        "description": v.string("description", optional=True, nullable=opt, min_length=1, max_length=512),
        "vertical": v.enum("vertical", SENDER_INPUT_VERTICALS, optional=opt),
        "email": v.string("email", optional=True, nullable=opt, email=True, max_length=128),
        "address": v.string("address", optional=True, nullable=opt, min_length=1, max_length=256),
        "websiteOne": v.string("websiteOne", optional=True, nullable=opt, url=True, max_length=256),
        "websiteTwo": v.string("websiteTwo", optional=True, nullable=opt, url=True, max_length=256),
        "about": v.string("about", optional=True, nullable=opt, min_length=1, max_length=139),
        "photoUrl": v.string("photoUrl", optional=True, nullable=opt, url=True, max_length=256),
    }
    if not create:
        values["username"] = v.string("username", optional=True, nullable=True, min_length=1)
    return {k: val for k, val in values.items() if k in v.body}


def _phone_fields(v: Validator, *, phone_required: bool) -> dict[str, Any]:
    values = {
        "countryCode": v.string("countryCode", digits=True, max_length=3),
        "phoneNumber": v.string("phoneNumber", optional=not phone_required, digits=True, max_length=32),
    }
    return {k: val for k, val in values.items() if k in v.body}


def sender_body_kind(body: dict[str, Any]) -> str:
    """Which create DTO a body is: DEPRECATED, ES, PARTNER_INITIATED or PHONE_PROVISIONING."""
    keys = set(body)
    if keys & _DEPRECATED_KEYS:
        return "DEPRECATED"
    if keys & _ES_KEYS:
        return "ES"
    details = body.get("details")
    if keys & _PI_KEYS or (isinstance(details, dict) and set(details) - set(_PHONE_DETAILS)):
        return "PARTNER_INITIATED"
    return "PHONE_PROVISIONING"


def validate_create(body: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    kind = sender_body_kind(body)
    if kind == "DEPRECATED":
        raise errors.invalid_input([DEPRECATED_SENDER_MESSAGE])
    data: dict[str, Any] = {}
    if kind == "ES":
        v = Validator(
            body, ("region", "metaLocalStorage", "wabaId", "phoneNumberId", "businessManager", "authenticationCode")
        )
        data["region"] = v.enum("region", REGIONS, optional=True)
        data["metaLocalStorage"] = v.enum("metaLocalStorage", META_LOCAL_STORAGES, optional=True)
        data["wabaId"] = v.string("wabaId")
        data["phoneNumberId"] = v.string("phoneNumberId")
        data["businessManager"] = v.enum("businessManager", PUBLIC_BUSINESS_MANAGERS, optional=True)
        v.string("authenticationCode", optional=True, min_length=1)
    elif kind == "PARTNER_INITIATED":
        v = Validator(
            body, ("status", "region", "metaLocalStorage", "phoneNumberProvider", "saveDraftOnFailure", "details")
        )
        data["status"] = v.enum("status", ACTIONS, optional=True) or "SUBMIT"
        data["region"] = v.enum("region", REGIONS, optional=True)
        data["metaLocalStorage"] = v.enum("metaLocalStorage", META_LOCAL_STORAGES, optional=True)
        data["phoneNumberProvider"] = v.enum("phoneNumberProvider", ("CUSTOMER", "SINCH"))
        data["saveDraftOnFailure"] = bool(v.boolean("saveDraftOnFailure", optional=True))
        details = v.nested("details", _PI_DETAILS)
        if details is not None:
            data["details"] = _validate_profile(details, create=True)
            data["phone"] = _phone_fields(details, phone_required=False)
    else:
        v = Validator(body, ("region", "metaLocalStorage", "details"))
        data["region"] = v.enum("region", REGIONS, optional=True)
        data["metaLocalStorage"] = v.enum("metaLocalStorage", META_LOCAL_STORAGES, optional=True)
        details = v.nested("details", _PHONE_DETAILS)
        if details is not None:
            data["phone"] = _phone_fields(details, phone_required=True)
            data["details"] = {
                "displayName": details.string("displayName", min_length=1, max_length=128),
                "vertical": "NOT_SET",
            }
    v.check()
    return kind, data


def validate_update(body: dict[str, Any]) -> tuple[str | None, dict[str, Any] | None]:
    """`WhatsappUpdateSenderInputDto`: (status or None, the details fields sent (nulls kept) or None)."""
    v = Validator(body, ("status", "details"))
    status = v.enum("status", ACTIONS, optional=True)
    nested = v.nested("details", _UPDATE_DETAILS, optional=True)
    details = _validate_profile(nested, create=False) if nested is not None else None
    v.check()
    return status, details
