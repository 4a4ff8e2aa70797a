"""The `WhatsApp Senders` tag (OpenAPI v1.2.117).

    GET    /v1/projects/{projectId}/whatsapp/senders                               200 WhatsappSenderListDto
    POST   /v1/projects/{projectId}/whatsapp/senders                               201 WhatsappSenderDto
    GET    /v1/projects/{projectId}/whatsapp/senders/{senderId}                    200 WhatsappSenderDto
    PATCH  /v1/projects/{projectId}/whatsapp/senders/{senderId}                    200 WhatsappSenderDto
    DELETE /v1/projects/{projectId}/whatsapp/senders/{senderId}                    204
    GET    /v1/projects/{projectId}/whatsapp/senders/{senderId}/activities         200 WhatsappSenderNotificationListDto
    DELETE /v1/projects/{projectId}/whatsapp/senders/{senderId}/changes            204
    POST   /v1/projects/{projectId}/whatsapp/senders/{senderId}/comments           201 WhatsappCommentDto
    POST   /v1/projects/{projectId}/whatsapp/senders/{senderId}/register           200 WhatsappSenderRegisterDto
    GET    /v1/projects/{projectId}/whatsapp/senders/{senderId}/suggestedUsernames 200 WhatsappSuggestedUsernamesDto
    POST   /v1/projects/{projectId}/whatsapp/senders/{senderId}/verify             204

Create bodies (anyOf in the description; the emulator picks the DTO from the fields present):
- any of `name`, `facebookAccessToken`, `facebookCode`: the deprecated `WhatsappSenderInputDtoDeprecated`,
  rejected with invalid_input;
- any of `wabaId`, `phoneNumberId`, `authenticationCode`, `businessManager`: `WhatsappSenderInputEsDto`;
- any of `phoneNumberProvider`, `status`, `saveDraftOnFailure`, or `details` with fields beyond countryCode,
  phoneNumber and displayName: `WhatsappInputSenderPartnerInitiatedDto`;
- anything else: `WhatsappInputSenderPhoneProvisioningDto` (so `{}` answers "details should not be null or
  undefined", the spec's example).

Life on the emulator clock (see emulator/README.md for every choice):
- new senders have only `changes` {status IN_PROGRESS (or DRAFT), details}, no `state`/`details`;
- ES: after `senderActivationSeconds` -> ACTIVE;
- partner-initiated / phone provisioning: after `senderActivationSeconds` -> PENDING_VERIFICATION, then
  register (OTP) and verify -> ACTIVE at once;
- profile PATCH: a change set (DRAFT, or IN_PROGRESS with SUBMIT) approved after `profileReviewSeconds`;
  `details.displayName` of a provisioned sender is reviewed in `metadata.displayName` instead;
- DELETE: visible for `deletionRetentionDays`, then gone (404).
"""

from __future__ import annotations

import re
import secrets
import uuid
from datetime import datetime, timedelta
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from emulator import errors
from emulator.admin import bad_request
from emulator.admin import json_body as admin_json_body
from emulator.clock import isoformat
from emulator.common import ResourceGroup, path_id, project_id, read_json_object, resource_route
from emulator.errors import PapiError
from emulator.pagination import page_envelope, page_request
from emulator.state import ADMIN_PREFIX, EmulatorState, get_state
from emulator.store import Record
from emulator.validation import Validator
from emulator.whatsapp_accounts import (
    comment_response,
    create_embedded_signup_account,
    review_outcome,
    validate_comment,
)
from emulator.whatsapp_common import (
    ACTIONS,
    ACTIVITIES_MAX_PAGE_SIZE,
    API_AUTHOR,
    DEFAULT_PAGE_SIZE,
    META_LOCAL_STORAGES,
    PUBLIC_BUSINESS_MANAGERS,
    REGIONS,
    SENDER_ERROR_CODES,
    SENDER_INPUT_VERTICALS,
    SENDER_STATES,
    SENDER_STATUSES,
    SENDERS,
    account_of,
    activities_newest_first,
    add_activity,
    admin_state,
    apply_changes,
    bearer_token,
    cancel_transitions,
    check_region_business_manager,
    compatible_regions,
    conversation_app_id,
    default_business_manager,
    default_meta_local_storage,
    default_region,
    dig,
    internals,
    merge_changes,
    numeric_id,
    pick,
    require_account,
    schedule_at,
    schedule_transition,
    unknown_keys,
)

SENDER_ID_RE = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")  # uuid4, lowercase
MAX_PAGE_SIZE = 100

# WhatsappSenderDto, in declaration order.
SENDER_FIELDS: tuple[str, ...] = (
    "id",
    "state",
    "changes",
    "details",
    "metadata",
    "region",
    "metaLocalStorage",
    "conversationApiApp",
    "conversationApiAppDetails",
    "maxTps",
    "qualityRating",
    "dailyLimit",
    "bearerToken",
    "cloudApi",
    "created",
    "modified",
    "countryCode",
    "phoneNumber",
    "numberProvider",
    "businessManager",
    "wabaBanState",
    "wabaBanDate",
    "compatibleRegions",
)

# What an ACTIVE sender gets from the emulated Meta/Conversation API side.
DEFAULT_MAX_TPS = 80
DEFAULT_DAILY_LIMIT = "TIER_250"
DEFAULT_QUALITY_RATING = "GREEN"
_COUNTRY_CODE_BY_REGION = {"EU": "48", "BR": "55", "US": "1"}

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
RULE_STATES: tuple[str, ...] = ("ERROR", "SUSPENDED", "INACTIVE", "ACTIVE", "PENDING_VERIFICATION")
_RULES_KEY = "whatsapp_sender_rules"


def to_dto(record: Record) -> dict[str, Any]:
    return pick(record, SENDER_FIELDS)


# --- validation ----------------------------------------------------------------------------------------------


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


# --- sender rules (admin) ------------------------------------------------------------------------------------


def _rules(state: EmulatorState) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = state.group_state.setdefault(_RULES_KEY, [])
    return found


def parse_rule(body: Any, rule_id: int) -> dict[str, Any]:
    if not isinstance(body, dict):
        raise bad_request("A sender rule is a JSON object.")
    unknown = unknown_keys(body, ("when", "state", "errorCode", "errorReason", "hold", "times"))
    if unknown:
        raise bad_request(f"Unknown sender rule fields: {', '.join(unknown)}.")
    when = body.get("when", {})
    if not isinstance(when, dict) or not all(isinstance(k, str) and k for k in when):
        raise bad_request('when must be an object of dotted body paths to values, e.g. {"phoneNumberId": "1"}.')
    target = body.get("state")
    hold = body.get("hold", False)
    if not isinstance(hold, bool):
        raise bad_request("hold must be a boolean.")
    if target is not None and target not in RULE_STATES:
        raise bad_request(f"state must be one of {', '.join(RULE_STATES)}.")
    if target is None and not hold:
        raise bad_request('A sender rule needs a "state" or "hold": true.')
    error_code = body.get("errorCode")
    if error_code is not None and error_code not in SENDER_ERROR_CODES:
        raise bad_request(f"errorCode must be one of WhatsappSenderErrorCodeEnum: {', '.join(SENDER_ERROR_CODES)}.")
    reason = body.get("errorReason")
    if reason is not None and not isinstance(reason, str):
        raise bad_request("errorReason must be a string.")
    times = body.get("times")
    if times is not None and (isinstance(times, bool) or not isinstance(times, int) or times < 1):
        raise bad_request("times must be a positive integer, or null for unlimited.")
    return {
        "id": rule_id,
        "when": when,
        "state": target,
        "errorCode": error_code,
        "errorReason": reason,
        "hold": hold,
        "times": times,
        "hits": 0,
    }


def take_rule(state: EmulatorState, body: dict[str, Any]) -> dict[str, Any] | None:
    """The first rule that matches the create body and has uses left (its use counted), as a snapshot."""
    for rule in _rules(state):
        if rule["times"] is not None and rule["hits"] >= rule["times"]:
            continue
        if all(dig(body, path) == (True, value) for path, value in rule["when"].items()):
            rule["hits"] += 1
            return dict(rule)
    return None


# --- transitions ---------------------------------------------------------------------------------------------


def _phone_from_id(phone_number_id: str, region: str) -> tuple[str, str]:
    """The number behind an ES phoneNumberId, as Meta would report it: a country code by region (EU 48, BR 55,
    US 1) and the last 9 digits (10 in US) of the id, padded with digits derived from it."""
    digits = "".join(c for c in phone_number_id if c.isdigit())
    length = 10 if region == "US" else 9
    if len(digits) < length:
        filler = str(int(uuid.uuid5(uuid.NAMESPACE_OID, phone_number_id).hex, 16))
        digits = (filler + digits)[-length:]
    return _COUNTRY_CODE_BY_REGION.get(region, "1"), digits[-length:]


def _es_details(phone_number_id: str) -> dict[str, Any]:
    """The profile an ES sender has on Meta's side (the emulator has no Meta): a display name from the number."""
    digits = "".join(c for c in phone_number_id if c.isdigit()) or phone_number_id
    return {"displayName": f"Business {digits[-4:]}", "vertical": "NOT_SET"}


def ensure_active_fields(record: Record) -> None:
    """What a sender gets once it is live: phone number, quality, throughput, Conversation API app, token."""
    meta = internals(record)
    if "countryCode" not in record or "phoneNumber" not in record:
        code, number = _phone_from_id(str(meta.get("phoneNumberId") or record["id"]), record["region"])
        record.setdefault("countryCode", code)
        record.setdefault("phoneNumber", number)
    record.setdefault("qualityRating", DEFAULT_QUALITY_RATING)
    record.setdefault("maxTps", DEFAULT_MAX_TPS)
    record.setdefault("dailyLimit", DEFAULT_DAILY_LIMIT)
    if "conversationApiAppDetails" not in record:
        app_id = conversation_app_id()
        record.setdefault("conversationApiApp", app_id)
        record["conversationApiAppDetails"] = {
            "id": record["conversationApiApp"],
            "projectId": record["projectId"],
            "region": record["region"],
            "channelStatus": "ACTIVE",
        }
    record.setdefault("bearerToken", bearer_token())


def move_to(
    record: Record, target: str, moment: datetime, *, code: str | None = None, reason: str | None = None
) -> None:
    """Put a sender in `target` now (admin state endpoint, sender rules). Cancels its pending transition."""
    cancel_transitions(record)
    changes = record.get("changes") or {}
    if target == "ERROR":
        failed: dict[str, Any] = {"status": "ERROR"}
        if "details" in changes:
            failed["details"] = changes["details"]
        failed["errorCode"] = code or "UNKNOWN_ERROR"
        failed["errorReason"] = reason or "The sender could not be provisioned (emulated error)."
        record["changes"] = failed
        record["state"] = "ERROR"
        add_activity(record, "ERROR", moment, comment=failed["errorReason"])
    else:
        if changes and (record.get("details") is None or changes.get("status") == "ERROR"):
            if record.get("details") is None and changes.get("details") is not None:
                record["details"] = changes["details"]
            record.pop("changes", None)
        record["state"] = target
        if target in ("ACTIVE", "SUSPENDED", "INACTIVE"):
            ensure_active_fields(record)
        if target in ("ACTIVE", "INACTIVE"):
            add_activity(record, target, moment)
    record["modified"] = isoformat(moment)


def _live_senders(state: EmulatorState, project: str | None = None) -> list[Record]:
    """Senders not marked for removal, in one project or all."""
    store = state.store
    projects = [project] if project is not None else store.project_ids()
    found: list[Record] = []
    for pid in projects:
        proj = store.get_project(pid)
        if proj is not None:
            found.extend(s for s in proj.collection(SENDERS).values() if "deletedAt" not in internals(s))
    return found


def _activate(state: EmulatorState, record: Record, moment: datetime, *, use_rule: bool = True) -> None:
    """A new sender's submission is done: the rule's outcome, else ACTIVE (ES) or PENDING_VERIFICATION."""
    meta = internals(record)
    rule = meta.get("rule") if use_rule else None
    if rule and rule.get("state"):
        if rule["state"] == "ERROR" and meta.get("saveDraftOnFailure") and "state" not in record:
            changes = record.get("changes") or {}
            record["changes"] = {
                "status": "DRAFT",
                **({"details": changes["details"]} if "details" in changes else {}),
                "errorCode": rule.get("errorCode") or "UNKNOWN_ERROR",
                "errorReason": rule.get("errorReason") or "The sender could not be provisioned (emulated error).",
            }
            record["modified"] = isoformat(moment)
            add_activity(record, "DRAFT", moment, comment=record["changes"]["errorReason"])
            return
        move_to(record, rule["state"], moment, code=rule.get("errorCode"), reason=rule.get("errorReason"))
        return
    if meta.get("kind") in ("PARTNER_INITIATED", "PHONE_PROVISIONING"):
        duplicate = any(
            s["id"] != record["id"]
            and s.get("state") is not None
            and (s.get("countryCode"), s.get("phoneNumber")) == (record.get("countryCode"), record.get("phoneNumber"))
            for s in _live_senders(state, record["projectId"])
        )
        if duplicate:
            move_to(
                record,
                "ERROR",
                moment,
                code="DUPLICATES_ON_SENDER_PHONE_NUMBER",
                reason="A sender with this phone number already exists in the project.",
            )
            return
        move_to(record, "PENDING_VERIFICATION", moment)
    else:
        move_to(record, "ACTIVE", moment)


def _approve_profile(record: Record, moment: datetime) -> None:
    changes = record.get("changes") or {}
    if changes.get("status") == "IN_PROGRESS":
        record.pop("changes")
        record["details"] = apply_changes(record.get("details"), changes.get("details") or {})
    display = (record.get("metadata") or {}).get("displayName")
    if display and display.get("status") == "PENDING":
        record["details"] = {**(record.get("details") or {}), "displayName": display.get("value")}
        display["status"] = "APPROVED"
    record["modified"] = isoformat(moment)


def _reject_changes(record: Record, moment: datetime, reason: str) -> None:
    cancel_transitions(record)
    changes = record.get("changes") or {}
    if changes.get("status") == "IN_PROGRESS":
        changes["status"] = "REJECTED"
        changes["errorReason"] = reason
    display = (record.get("metadata") or {}).get("displayName")
    if display and display.get("status") == "PENDING":
        display["status"] = "REJECTED"
        display["rejectionReason"] = reason
    record["modified"] = isoformat(moment)
    add_activity(record, "REJECTED", moment, comment=reason)


def _schedule_activation(state: EmulatorState, record: Record) -> None:
    if (internals(record).get("rule") or {}).get("hold"):
        cancel_transitions(record)  # held: stays IN_PROGRESS until an admin call moves it
        return
    schedule_transition(
        state,
        record["projectId"],
        SENDERS,
        record["id"],
        state.timing.sender_activation_seconds,
        lambda rec, due: _activate(state, rec, due),
    )


def _schedule_review(state: EmulatorState, record: Record) -> None:
    schedule_transition(
        state, record["projectId"], SENDERS, record["id"], state.timing.profile_review_seconds, _approve_profile
    )


def _schedule_removal(state: EmulatorState, record: Record) -> None:
    project, sender_id = record["projectId"], record["id"]
    deleted_at = internals(record)["deletedAt"]
    due = state.clock.now() + timedelta(days=state.timing.deletion_retention_days)
    internals(record)["removeAt"] = isoformat(due)

    def remove(moment: datetime) -> None:
        found = state.store.get_project(project)
        senders = found.collection(SENDERS) if found else {}
        current = senders.get(sender_id)
        if current is not None and internals(current).get("deletedAt") == deleted_at:
            del senders[sender_id]

    schedule_at(state, due, remove)


# --- lookups -------------------------------------------------------------------------------------------------


def _sender_id(request: Request) -> str:
    return path_id(request, "senderId", SENDER_ID_RE)


def _sender(state: EmulatorState, project: str, sender_id: str) -> Record:
    """The sender, else project_not_initialized (no account) or sender_not_found. Call with the lock held."""
    require_account(state.store, project)
    record = state.store.project(project).collection(SENDERS).get(sender_id)
    if record is None:
        raise errors.sender_not_found()
    return record


def _not_deleted(record: Record) -> None:
    if "deletedAt" in internals(record):
        raise errors.sender_already_deleted()


def _username_taken(state: EmulatorState, username: str, own_id: str) -> bool:
    wanted = username.casefold()
    return any(
        s["id"] != own_id and str((s.get("details") or {}).get("username", "")).casefold() == wanted
        for s in _live_senders(state)
    )


def _listed_state(record: Record) -> str | None:
    """The state `filterStates` matches: a new sender (no `state` yet) being provisioned counts as IN_PROGRESS."""
    if record.get("state") is None and (record.get("changes") or {}).get("status") == "IN_PROGRESS":
        return "IN_PROGRESS"
    state: str | None = record.get("state")
    return state


def _filters(request: Request, name: str, allowed: tuple[str, ...], error: PapiError) -> set[str]:
    """A repeated query parameter (`?x=A&x=B`, also `x[]=A`, also comma-separated), each value checked."""
    params = request.query_params
    values = [v for raw in params.getlist(name) + params.getlist(name + "[]") for v in raw.split(",") if v]
    if any(v not in allowed for v in values):
        raise error
    return set(values)


# --- handlers ------------------------------------------------------------------------------------------------


async def list_senders(request: Request) -> Response:
    pid = project_id(request)
    page = page_request(request.query_params, kind="whatsapp_senders", max_size=MAX_PAGE_SIZE, default_size=50)
    states = _filters(request, "filterStates", SENDER_STATES, errors.invalid_filter_states())
    statuses = _filters(request, "filterStatuses", SENDER_STATUSES, errors.invalid_filter_statuses())
    state = get_state(request)
    with state.store.lock:
        require_account(state.store, pid)
        records = [
            r
            for r in state.store.project(pid).collection(SENDERS).values()
            if (not states or _listed_state(r) in states)
            and (not statuses or (r.get("changes") or {}).get("status") in statuses)
        ]
        return JSONResponse(page_envelope([to_dto(r) for r in records], page, "senders"))


async def create_sender(request: Request) -> Response:
    pid = project_id(request)
    body = await read_json_object(request)
    kind, data = validate_create(body)
    state = get_state(request)
    now = state.clock.now()
    with state.store.lock:
        account = account_of(state.store, pid)
        record: Record = {"id": str(uuid.uuid4()), "projectId": pid, "emulator": {"seq": 0, "activities": []}}
        meta = internals(record)
        meta["kind"] = kind
        if kind == "ES":
            bm_input = data["businessManager"] or (account or {}).get("businessManager")
            region = data["region"] or default_region(bm_input)
            business_manager = bm_input or default_business_manager(region)
            check_region_business_manager(region, business_manager)
            waba_id = data["wabaId"]
            if account is not None:
                if not account.get("isEmbeddedSignup"):
                    raise errors.wrong_account_type("partner-initiated", "Embedded Signup")
                if data["businessManager"] and data["businessManager"] != account.get("businessManager"):
                    raise errors.wrong_business_manager()
                if waba_id and account.get("wabaId") and waba_id != account["wabaId"]:
                    raise errors.wrong_waba_id()
                waba_id = waba_id or account.get("wabaId") or ""
            if not waba_id:
                raise errors.not_found_waba_id()
            for other in state.store.project_ids():
                other_account = account_of(state.store, other)
                if other != pid and other_account is not None and other_account.get("wabaId") == waba_id:
                    raise errors.waba_id_used()
            if any(internals(s).get("phoneNumberId") == data["phoneNumberId"] for s in _live_senders(state)):
                raise errors.used_phone_number_id()
            if account is None:
                create_embedded_signup_account(
                    state, pid, waba_id=waba_id, business_manager=business_manager, region=region, moment=now
                )
            meta["wabaId"] = waba_id
            meta["phoneNumberId"] = data["phoneNumberId"]
            details = _es_details(data["phoneNumberId"])
            status = "SUBMIT"
            number_provider = "CUSTOMER"
        else:
            label = "partner-initiated" if kind == "PARTNER_INITIATED" else "phone provisioning"
            if account is None:
                raise errors.project_not_initialized()
            if account.get("isEmbeddedSignup"):
                raise errors.wrong_account_type("Embedded Signup", label)
            if account.get("state") != "ONBOARDED":
                raise errors.project_not_initialized()
            business_manager = account["businessManager"]
            account_region = ((account.get("details") or {}).get("senderDetails") or {}).get("region")
            region = data["region"] or account_region or default_region(business_manager)
            check_region_business_manager(region, business_manager)
            phone = data["phone"]
            record["countryCode"] = phone["countryCode"]
            record["phoneNumber"] = phone.get("phoneNumber") or numeric_id(9)
            details = data["details"]
            status = data.get("status", "SUBMIT")
            number_provider = data.get("phoneNumberProvider", "SINCH")
            meta["saveDraftOnFailure"] = data.get("saveDraftOnFailure", False)
        record.update(
            {
                "changes": {"status": "DRAFT" if status == "DRAFT" else "IN_PROGRESS", "details": details},
                "region": region,
                "metaLocalStorage": data["metaLocalStorage"] or default_meta_local_storage(region),
                "cloudApi": True,
                "created": isoformat(now),
                "modified": isoformat(now),
                "numberProvider": number_provider,
                "businessManager": business_manager,
                "compatibleRegions": compatible_regions(region),
            }
        )
        meta["rule"] = take_rule(state, body)
        add_activity(record, "CREATED", now, author=API_AUTHOR)
        state.store.project(pid).collection(SENDERS)[record["id"]] = record
        if status == "DRAFT":
            add_activity(record, "DRAFT", now, author=API_AUTHOR)
        else:
            add_activity(record, "IN_PROGRESS", now)
            _schedule_activation(state, record)
        return JSONResponse(to_dto(record), status_code=201)


async def get_sender(request: Request) -> Response:
    pid = project_id(request)
    sid = _sender_id(request)
    state = get_state(request)
    with state.store.lock:
        return JSONResponse(to_dto(_sender(state, pid, sid)))


async def update_sender(request: Request) -> Response:
    pid = project_id(request)
    sid = _sender_id(request)
    status, patch = validate_update(await read_json_object(request))
    if not patch and status is None:
        raise errors.no_fields_to_update()
    patch = patch or {}
    status = status or "DRAFT"
    state = get_state(request)
    now = state.clock.now()
    with state.store.lock:
        record = _sender(state, pid, sid)
        _not_deleted(record)
        changes = record.get("changes")
        if changes:
            if changes.get("status") not in ("DRAFT", "REJECTED"):
                raise errors.sender_changes_not_updatable()
        elif record.get("state") != "ACTIVE":
            raise errors.sender_not_updatable()
        if "username" in patch:
            if record.get("state") != "ACTIVE":
                raise errors.sender_username_update_not_available()
            if patch["username"] is not None and _username_taken(state, patch["username"], sid):
                raise errors.sender_username_not_available()
        if not patch and not changes:
            raise errors.no_fields_to_update()
        base = (changes or {}).get("details") or {}
        if "details" not in record:  # never provisioned: the change set is the whole new sender
            merged = apply_changes(base, patch)
            record["changes"] = {"status": "DRAFT" if status == "DRAFT" else "IN_PROGRESS", "details": merged}
            if status == "SUBMIT":
                _schedule_activation(state, record)
        else:
            display = (record.get("metadata") or {}).get("displayName") or {}
            merged = merge_changes(base, patch)
            if display.get("status") == "PENDING" and (
                "displayName" in patch or (status == "SUBMIT" and "displayName" in merged)
            ):
                raise errors.sender_display_name_update_not_allowed()
            if status == "SUBMIT" and "displayName" in merged:
                metadata = record.setdefault("metadata", {})
                metadata["displayName"] = {"value": merged.pop("displayName"), "status": "PENDING"}
            if merged:
                record["changes"] = {"status": "DRAFT" if status == "DRAFT" else "IN_PROGRESS", "details": merged}
            else:
                record.pop("changes", None)
            if status == "SUBMIT":
                _schedule_review(state, record)
        record["modified"] = isoformat(now)
        add_activity(record, "EDITED", now, author=API_AUTHOR)
        if status == "SUBMIT":
            add_activity(record, "IN_PROGRESS", now)
        return JSONResponse(to_dto(record))


async def delete_sender(request: Request) -> Response:
    pid = project_id(request)
    sid = _sender_id(request)
    state = get_state(request)
    now = state.clock.now()
    with state.store.lock:
        record = _sender(state, pid, sid)
        _not_deleted(record)
        if record.get("state") is None:  # never provisioned (draft, in progress, rejected): removed at once
            cancel_transitions(record)
            del state.store.project(pid).collection(SENDERS)[sid]
        else:
            internals(record)["deletedAt"] = isoformat(now)
            _schedule_removal(state, record)
    return Response(status_code=204)


async def list_activities(request: Request) -> Response:
    pid = project_id(request)
    sid = _sender_id(request)
    page = page_request(
        request.query_params,
        kind="whatsapp_sender_activities",
        max_size=ACTIVITIES_MAX_PAGE_SIZE,
        default_size=DEFAULT_PAGE_SIZE,
    )
    state = get_state(request)
    with state.store.lock:
        record = _sender(state, pid, sid)
        return JSONResponse(page_envelope(activities_newest_first(record), page, "notifications"))


async def delete_changes(request: Request) -> Response:
    pid = project_id(request)
    sid = _sender_id(request)
    state = get_state(request)
    with state.store.lock:
        record = _sender(state, pid, sid)
        _not_deleted(record)
        changes = record.get("changes")
        if not changes:
            raise errors.sender_changes_not_found()
        if changes.get("status") not in ("DRAFT", "REJECTED", "ERROR"):
            raise errors.sender_changes_not_deletable()
        if record.get("state") is None and record.get("details") is None:
            raise errors.sender_changes_not_deletable()  # a new sender's first change set is the sender itself
        record.pop("changes")
        record["modified"] = isoformat(state.clock.now())
    return Response(status_code=204)


async def create_comment(request: Request) -> Response:
    pid = project_id(request)
    sid = _sender_id(request)
    comment = validate_comment(await read_json_object(request))
    state = get_state(request)
    now = state.clock.now()
    with state.store.lock:
        record = _sender(state, pid, sid)
        add_activity(record, "COMMENT_ADDED", now, author=API_AUTHOR, comment=comment)
    return comment_response(comment, isoformat(now))


async def register_sender(request: Request) -> Response:
    pid = project_id(request)
    sid = _sender_id(request)
    v = Validator(await read_json_object(request), ("method",))
    method = v.enum("method", ("SMS", "VOICE"))
    v.check()
    state = get_state(request)
    now = state.clock.now()
    with state.store.lock:
        record = _sender(state, pid, sid)
        _not_deleted(record)
        if record.get("state") != "PENDING_VERIFICATION":
            raise errors.not_allowed_register()
        internals(record)["otp"] = {"code": f"{secrets.randbelow(10**6):06d}", "method": method, "sent": isoformat(now)}
        add_activity(record, "REGISTERED", now, author=API_AUTHOR)
        return JSONResponse({"id": sid, "method": method, "accepted": isoformat(now), "verificationCodeSent": True})


async def verify_sender(request: Request) -> Response:
    pid = project_id(request)
    sid = _sender_id(request)
    v = Validator(await read_json_object(request), ("code",))
    code = v.string("code", optional=True, exact_length=6, no_spaces=True)
    v.check()
    state = get_state(request)
    now = state.clock.now()
    with state.store.lock:
        record = _sender(state, pid, sid)
        _not_deleted(record)
        if record.get("state") != "PENDING_VERIFICATION":
            raise errors.not_allowed_verify()
        otp = internals(record).get("otp")
        if otp is None:
            raise errors.wrong_otp("No verification code has been sent for this sender: call register first.")
        if code != otp["code"]:
            raise errors.wrong_otp()
        add_activity(record, "VERIFIED", now, author=API_AUTHOR)
        move_to(record, "ACTIVE", now)
    return Response(status_code=204)


async def suggested_usernames(request: Request) -> Response:
    pid = project_id(request)
    sid = _sender_id(request)
    state = get_state(request)
    with state.store.lock:
        record = _sender(state, pid, sid)
        details = record.get("details") or (record.get("changes") or {}).get("details") or {}
        base = re.sub(r"[^a-z0-9]+", "", str(details.get("displayName", "")).lower())[:20] or "business"
        candidates = [base, f"{base}_official", f"{base}.{record.get('countryCode') or 'wa'}", f"the_{base}"]
        usernames = [u for u in candidates if not _username_taken(state, u, sid)]
    return JSONResponse({"usernames": usernames})


def routes() -> list[BaseRoute]:
    base = "/v1/projects/{projectId}/whatsapp/senders"
    item = base + "/{senderId}"
    return [
        resource_route(base, {"GET": list_senders, "POST": create_sender}, name="whatsapp_senders"),
        resource_route(
            item, {"GET": get_sender, "PATCH": update_sender, "DELETE": delete_sender}, name="whatsapp_sender"
        ),
        resource_route(item + "/activities", {"GET": list_activities}, name="whatsapp_sender_activities"),
        resource_route(item + "/changes", {"DELETE": delete_changes}, name="whatsapp_sender_changes"),
        resource_route(item + "/comments", {"POST": create_comment}, name="whatsapp_sender_comments"),
        resource_route(item + "/register", {"POST": register_sender}, name="whatsapp_sender_register"),
        resource_route(
            item + "/suggestedUsernames", {"GET": suggested_usernames}, name="whatsapp_sender_suggested_usernames"
        ),
        resource_route(item + "/verify", {"POST": verify_sender}, name="whatsapp_sender_verify"),
    ]


# --- admin ---------------------------------------------------------------------------------------------------


def _admin_sender(state: EmulatorState, project: str, sender_id: str) -> Record:
    found = state.store.get_project(project)
    record = found.collection(SENDERS).get(sender_id) if found else None
    if record is None:
        raise PapiError(404, "not_found", f"No WhatsApp sender {sender_id} in project {project}.", "Check the ids.")
    return record


async def admin_seed_sender(request: Request) -> Response:
    """A sender "as if created in the Sinch dashboard": any subset of WhatsappSenderDto fields over the defaults
    of an ACTIVE sender. A null value removes a default (e.g. `"state": null, "details": null` with
    `changes` seeds a brand-new sender)."""
    state = admin_state(request)
    pid = project_id(request)
    body = await admin_json_body(request)
    if not isinstance(body, dict):
        raise bad_request("Send a JSON object with WhatsappSenderDto fields.")
    unknown = unknown_keys(body, SENDER_FIELDS)
    if unknown:
        raise bad_request(f"Unknown sender fields: {', '.join(unknown)}. Known: {', '.join(SENDER_FIELDS)}.")
    if body.get("state") is not None and body["state"] not in SENDER_STATES:
        raise bad_request(f"state must be one of {', '.join(SENDER_STATES)}.")
    if "id" in body and not (isinstance(body["id"], str) and SENDER_ID_RE.fullmatch(body["id"])):
        raise bad_request("id must be a lowercase UUID such as cf11794a-6a5e-4a12-b103-da79bd378bf1.")
    region = str(body.get("region") or "EU")
    business_manager = str(body.get("businessManager") or default_business_manager(region))
    now = state.clock.now()
    record: Record = {
        "id": str(uuid.uuid4()),
        "projectId": pid,
        "state": "ACTIVE",
        "details": {"displayName": "Emulator sender", "vertical": "PROFESSIONAL_SERVICES"},
        "region": region,
        "metaLocalStorage": default_meta_local_storage(region),
        "cloudApi": True,
        "created": isoformat(now),
        "modified": isoformat(now),
        "countryCode": _COUNTRY_CODE_BY_REGION.get(region, "1"),
        "phoneNumber": numeric_id(9),
        "numberProvider": "CUSTOMER",
        "businessManager": business_manager,
        "compatibleRegions": compatible_regions(region),
    }
    record.update(body)
    record = {k: v for k, v in record.items() if v is not None}
    record["projectId"] = pid
    record["emulator"] = {"seq": 0, "activities": [], "kind": "SEEDED", "phoneNumberId": numeric_id()}
    if record.get("state") in ("ACTIVE", "SUSPENDED", "INACTIVE"):
        ensure_active_fields(record)
    with state.store.lock:
        senders = state.store.project(pid).collection(SENDERS)
        if record["id"] in senders:
            raise bad_request(f"Sender {record['id']} already exists in project {pid}.")
        if account_of(state.store, pid) is None:
            create_embedded_signup_account(
                state, pid, waba_id=numeric_id(), business_manager=business_manager, region=region, moment=now
            )
        add_activity(record, "CREATED", now)
        if record.get("state") == "ACTIVE":
            add_activity(record, "ACTIVE", now)
        senders[record["id"]] = record
        if (record.get("changes") or {}).get("status") == "IN_PROGRESS":
            if record.get("state") is None:
                _schedule_activation(state, record)
            else:
                _schedule_review(state, record)
        return JSONResponse(to_dto(record), status_code=201)


async def admin_set_state(request: Request) -> Response:
    state = admin_state(request)
    pid = project_id(request)
    sid = str(request.path_params["senderId"])
    body = await admin_json_body(request)
    if not isinstance(body, dict) or body.get("state") not in RULE_STATES:
        raise bad_request(f'Send {{"state": one of {", ".join(RULE_STATES)}, "errorCode": ..., "errorReason": ...}}.')
    code = body.get("errorCode")
    if code is not None and code not in SENDER_ERROR_CODES:
        raise bad_request(f"errorCode must be one of WhatsappSenderErrorCodeEnum: {', '.join(SENDER_ERROR_CODES)}.")
    reason = body.get("errorReason")
    if reason is not None and not isinstance(reason, str):
        raise bad_request("errorReason must be a string.")
    with state.store.lock:
        record = _admin_sender(state, pid, sid)
        move_to(record, str(body["state"]), state.clock.now(), code=code, reason=reason)
        return JSONResponse(to_dto(record))


async def admin_review_changes(request: Request) -> Response:
    state = admin_state(request)
    pid = project_id(request)
    sid = str(request.path_params["senderId"])
    outcome, reason = review_outcome(await admin_json_body(request))
    now = state.clock.now()
    with state.store.lock:
        record = _admin_sender(state, pid, sid)
        in_review = (record.get("changes") or {}).get("status") == "IN_PROGRESS"
        display_pending = ((record.get("metadata") or {}).get("displayName") or {}).get("status") == "PENDING"
        if not in_review and not display_pending:
            raise bad_request("The sender has no change set in review (changes.status IN_PROGRESS).")
        if outcome == "reject":
            _reject_changes(record, now, reason)
        elif record.get("details") is None:  # a new sender's submission
            cancel_transitions(record)
            _activate(state, record, now, use_rule=False)
        else:
            cancel_transitions(record)
            _approve_profile(record, now)
        return JSONResponse(to_dto(record))


async def admin_get_otp(request: Request) -> Response:
    state = admin_state(request)
    pid = project_id(request)
    sid = str(request.path_params["senderId"])
    with state.store.lock:
        otp = internals(_admin_sender(state, pid, sid)).get("otp")
        if otp is None:
            raise PapiError(404, "not_found", "No verification code was sent to this sender.", "Call register first.")
        return JSONResponse({"code": otp["code"], "method": otp["method"]})


async def admin_add_rule(request: Request) -> Response:
    state = admin_state(request)
    body = await admin_json_body(request)
    with state.store.lock:
        rules = _rules(state)
        rule = parse_rule(body, max((r["id"] for r in rules), default=0) + 1)
        rules.append(rule)
        return JSONResponse(dict(rule), status_code=201)


async def admin_list_rules(request: Request) -> Response:
    state = admin_state(request)
    with state.store.lock:
        return JSONResponse({"rules": [dict(r) for r in _rules(state)]})


async def admin_clear_rules(request: Request) -> Response:
    state = admin_state(request)
    with state.store.lock:
        _rules(state).clear()
    return Response(status_code=204)


def admin_routes() -> list[BaseRoute]:
    base = ADMIN_PREFIX + "/projects/{projectId}/whatsapp/senders"
    rules = ADMIN_PREFIX + "/whatsapp/sender-rules"
    return [
        Route(base, admin_seed_sender, methods=["POST"]),
        Route(base + "/{senderId}/state", admin_set_state, methods=["POST"]),
        Route(base + "/{senderId}/changes/review", admin_review_changes, methods=["POST"]),
        Route(base + "/{senderId}/otp", admin_get_otp, methods=["GET"]),
        Route(rules, admin_add_rule, methods=["POST"]),
        Route(rules, admin_list_rules, methods=["GET"]),
        Route(rules, admin_clear_rules, methods=["DELETE"]),
    ]


GROUP = ResourceGroup(name="whatsapp_senders", routes=routes, collections=(SENDERS,), admin_routes=admin_routes)
