"""The `WhatsApp Accounts` tag: the project's one WhatsApp account (OpenAPI v1.2.117).

    GET    /v1/projects/{projectId}/whatsapp              200 WhatsappAccountDto
    POST   /v1/projects/{projectId}/whatsapp              201 WhatsappAccountDto (partner-initiated body)
    PATCH  /v1/projects/{projectId}/whatsapp              200 WhatsappAccountDto (only while REJECTED)
    DELETE /v1/projects/{projectId}/whatsapp              204 (only without senders)
    GET    /v1/projects/{projectId}/whatsapp/activities   200 WhatsappAccountNotificationListDto
    POST   /v1/projects/{projectId}/whatsapp/comments     201 WhatsappCommentDto

Life of a partner-initiated account on the emulator clock: created with `state` PENDING_FACEBOOK_VERIFICATION
and `changes` {status IN_PROGRESS, details}; after `accountReviewSeconds` it is ONBOARDED (details applied,
changes cleared, `wabaId` assigned). An admin review can end the review now, approving or rejecting it. A
REJECTED account takes a PATCH, which starts a new review (state stays REJECTED, changes IN_PROGRESS).

Embedded Signup accounts (`isEmbeddedSignup: true`) are created ONBOARDED by the first ES sender create.

Admin controls (under /_emulator, unauthenticated):

    POST /_emulator/projects/{projectId}/whatsapp/account          seed an account (any WhatsappAccountDto fields)
    POST /_emulator/projects/{projectId}/whatsapp/account/review   {"outcome": "approve"|"reject", "reason": ...}
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from emulator import errors
from emulator.admin import bad_request, json_body
from emulator.clock import isoformat
from emulator.common import ResourceGroup, project_id, read_json_object, resource_route
from emulator.pagination import page_envelope, page_request
from emulator.state import ADMIN_PREFIX, EmulatorState, get_state
from emulator.store import Record
from emulator.validation import Validator
from emulator.whatsapp_common import (
    ACCOUNT_INPUT_VERTICALS,
    ACCOUNT_KEY,
    ACCOUNTS,
    ACTIVITIES_MAX_PAGE_SIZE,
    API_AUTHOR,
    BUSINESS_MANAGERS,
    DEFAULT_PAGE_SIZE,
    META_LOCAL_STORAGES,
    REGIONS,
    SENDERS,
    account_of,
    activities_newest_first,
    add_activity,
    admin_state,
    cancel_transitions,
    check_region_business_manager,
    compatible_regions,
    default_business_manager,
    default_meta_local_storage,
    default_region,
    internals,
    merge_changes,
    numeric_id,
    pick,
    require_account,
    schedule_transition,
    unknown_keys,
)

# WhatsappAccountDto, in declaration order.
ACCOUNT_FIELDS: tuple[str, ...] = (
    "state",
    "isEmbeddedSignup",
    "businessManager",
    "wabaId",
    "changes",
    "details",
    "wabaBanState",
    "wabaBanDate",
    "wabaEnabledForInsights",
    "wabaEnabledForDirectSend",
    "wabaMaxPriceOnboarded",
    "compatibleRegions",
    "primaryBusinessLocation",
    "partnerInitiatedRequestId",
    "businessDailyLimit",
    "currency",
)
ACCOUNT_STATES: tuple[str, ...] = ("ONBOARDED", "PENDING_FACEBOOK_VERIFICATION", "REJECTED")
COMMENT_MAX_LENGTH = 65535
NAME_MAX_LENGTH = 255
DEFAULT_BUSINESS_DAILY_LIMIT = "TIER_250"
DEFAULT_CURRENCY = "EUR"

OBO_DEPRECATED_MESSAGE = (
    "The on-behalf-of (OBO) account input (companyLegalName, clientBusinessManagerId) is deprecated: Meta ended "
    "OBO on September 30, 2025. Create a partner-initiated account (wabaName, clientBusinessManagerId, "
    "senderDetails) instead."
)
_SENDER_DETAILS_FIELDS = ("displayName", "businessCategory", "region", "metaLocalStorage")


def to_dto(record: Record) -> dict[str, Any]:
    return pick(record, ACCOUNT_FIELDS)


# --- validation ----------------------------------------------------------------------------------------------


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


def validate_comment(body: dict[str, Any]) -> str:
    """`WhatsappCommentInputDto` (shared with senders)."""
    v = Validator(body, ("comment",))
    comment = v.string("comment", min_length=1, max_length=COMMENT_MAX_LENGTH)
    v.check()
    assert comment is not None
    return comment


def comment_response(comment: str, created: str) -> JSONResponse:
    """201 `WhatsappCommentDto`."""
    return JSONResponse({"type": "CREATED", "comment": comment, "created": created}, status_code=201)


# --- transitions ---------------------------------------------------------------------------------------------


def _approve(record: Record, moment: datetime) -> None:
    changes = record.pop("changes", None) or {}
    record["state"] = "ONBOARDED"
    details = merge_changes(record.get("details"), changes.get("details") or {})
    if details:  # a change set without details (an admin-seeded one) leaves an account without details alone
        record["details"] = details
    record.setdefault("wabaId", numeric_id())
    record.setdefault("wabaEnabledForInsights", False)
    record.setdefault("wabaEnabledForDirectSend", False)
    record.setdefault("businessDailyLimit", DEFAULT_BUSINESS_DAILY_LIMIT)
    record.setdefault("currency", DEFAULT_CURRENCY)


def _reject(record: Record, moment: datetime, reason: str) -> None:
    record["state"] = "REJECTED"
    changes = record.get("changes") or {}
    record["changes"] = {"status": "REJECTED", **({"details": changes["details"]} if "details" in changes else {})}
    add_activity(record, "REJECTED", moment, comment=reason)


def _start_review(state: EmulatorState, project: str) -> None:
    schedule_transition(state, project, ACCOUNTS, ACCOUNT_KEY, state.timing.account_review_seconds, _approve)


def create_embedded_signup_account(
    state: EmulatorState, project: str, *, waba_id: str, business_manager: str, region: str, moment: datetime
) -> Record:
    """The ONBOARDED Embedded Signup account an ES sender create makes when the project has none. Call with
    `store.lock` held."""
    record: Record = {
        "projectId": project,
        "state": "ONBOARDED",
        "isEmbeddedSignup": True,
        "businessManager": business_manager,
        "wabaId": waba_id,
        "wabaEnabledForInsights": False,
        "wabaEnabledForDirectSend": False,
        "wabaMaxPriceOnboarded": False,
        "compatibleRegions": compatible_regions(region),
        "businessDailyLimit": DEFAULT_BUSINESS_DAILY_LIMIT,
        "currency": DEFAULT_CURRENCY,
        "emulator": {"seq": 0, "activities": []},
    }
    add_activity(record, "CREATED", moment)
    state.store.project(project).collection(ACCOUNTS)[ACCOUNT_KEY] = record
    return record


# --- handlers ------------------------------------------------------------------------------------------------


def _existing(state: EmulatorState, project: str) -> Record:
    """The account, else 404 account_not_found: what GET, PATCH, `/activities` and `/comments` document for a
    project without an account. DELETE documents 400 project_not_initialized instead (see delete_account),
    as do the sender and flow operations (`whatsapp_common.require_account`)."""
    account = account_of(state.store, project)
    if account is None:
        raise errors.account_not_found()
    return account


async def get_account(request: Request) -> Response:
    # GET documents no 400: a malformed projectId names no project, so no account (its documented 404).
    pid = project_id(request, malformed=errors.account_not_found)
    state = get_state(request)
    with state.store.lock:
        return JSONResponse(to_dto(_existing(state, pid)))


async def create_account(request: Request) -> Response:
    pid = project_id(request)
    data = validate_create(await read_json_object(request))
    sender_details = data["senderDetails"]
    business_manager = data["businessManager"]
    region = sender_details.get("region") or default_region(business_manager)
    business_manager = business_manager or default_business_manager(region)
    check_region_business_manager(region, business_manager)
    state = get_state(request)
    now = state.clock.now()
    with state.store.lock:
        if account_of(state.store, pid) is not None:
            raise errors.account_exists()
        details = {
            "clientBusinessManagerId": data["clientBusinessManagerId"],
            "wabaName": data["wabaName"],
            "senderDetails": {
                "displayName": sender_details["displayName"],
                "businessCategory": sender_details["businessCategory"],
                "region": region,
                "metaLocalStorage": sender_details.get("metaLocalStorage") or default_meta_local_storage(region),
            },
        }
        record: Record = {
            "projectId": pid,
            "state": "PENDING_FACEBOOK_VERIFICATION",
            "isEmbeddedSignup": False,
            "businessManager": business_manager,
            "changes": {"status": "IN_PROGRESS", "details": details},
            "wabaMaxPriceOnboarded": False,
            "compatibleRegions": compatible_regions(region),
            "emulator": {"seq": 0, "activities": []},
        }
        add_activity(record, "CREATED", now, author=API_AUTHOR)
        add_activity(record, "PENDING_FACEBOOK_VERIFICATION", now)
        state.store.project(pid).collection(ACCOUNTS)[ACCOUNT_KEY] = record
        _start_review(state, pid)
        return JSONResponse(to_dto(record), status_code=201)


async def update_account(request: Request) -> Response:
    pid = project_id(request)
    data = validate_update(await read_json_object(request))
    if not data or data == {"senderDetails": {}}:
        raise errors.no_fields_to_update()
    state = get_state(request)
    now = state.clock.now()
    with state.store.lock:
        record = _existing(state, pid)
        changes = record.get("changes") or {}
        if record.get("state") != "REJECTED" or changes.get("status") == "IN_PROGRESS":
            raise errors.account_not_updatable(record.get("state"))
        merged = merge_changes(merge_changes(record.get("details"), changes.get("details") or {}), data)
        sender_details = merged.get("senderDetails")
        if isinstance(sender_details, dict) and "region" in data.get("senderDetails", {}):
            check_region_business_manager(sender_details["region"], record["businessManager"])
            if "metaLocalStorage" not in data["senderDetails"]:
                sender_details["metaLocalStorage"] = default_meta_local_storage(sender_details["region"])
            record["compatibleRegions"] = compatible_regions(sender_details["region"])
        record["changes"] = {"status": "IN_PROGRESS", "details": merged}
        add_activity(record, "EDITED", now, author=API_AUTHOR)
        add_activity(record, "IN_PROGRESS", now)
        _start_review(state, pid)
        return JSONResponse(to_dto(record))


async def delete_account(request: Request) -> Response:
    pid = project_id(request)
    state = get_state(request)
    with state.store.lock:
        require_account(state.store, pid)  # DELETE documents 400 project_not_initialized, not a 404
        senders = state.store.project(pid).collection(SENDERS)
        live = [s["id"] for s in senders.values() if "deletedAt" not in internals(s)]
        if live:
            raise errors.account_has_senders(pid, live)
        if any((s.get("changes") or {}).get("status") == "IN_PROGRESS" for s in senders.values()):
            raise errors.account_has_sender_changes(pid)
        senders.clear()  # senders marked for removal go with the account
        del state.store.project(pid).collection(ACCOUNTS)[ACCOUNT_KEY]
    return Response(status_code=204)


async def list_activities(request: Request) -> Response:
    pid = project_id(request)
    page = page_request(
        request.query_params,
        kind="whatsapp_account_activities",
        max_size=ACTIVITIES_MAX_PAGE_SIZE,
        default_size=DEFAULT_PAGE_SIZE,
    )
    state = get_state(request)
    with state.store.lock:
        record = _existing(state, pid)
        return JSONResponse(page_envelope(activities_newest_first(record), page, "notifications"))


async def create_comment(request: Request) -> Response:
    pid = project_id(request)
    comment = validate_comment(await read_json_object(request))
    state = get_state(request)
    now = state.clock.now()
    with state.store.lock:
        record = _existing(state, pid)
        add_activity(record, "COMMENT_ADDED", now, author=API_AUTHOR, comment=comment)
    return comment_response(comment, isoformat(now))


def routes() -> list[BaseRoute]:
    base = "/v1/projects/{projectId}/whatsapp"
    return [
        resource_route(
            base,
            {"GET": get_account, "POST": create_account, "PATCH": update_account, "DELETE": delete_account},
            name="whatsapp_account",
        ),
        resource_route(base + "/activities", {"GET": list_activities}, name="whatsapp_account_activities"),
        resource_route(base + "/comments", {"POST": create_comment}, name="whatsapp_account_comments"),
    ]


# --- admin ---------------------------------------------------------------------------------------------------


async def admin_seed_account(request: Request) -> Response:
    """Seed (or replace) the project's account: any subset of WhatsappAccountDto fields over defaults."""
    state = admin_state(request)
    pid = project_id(request)
    body = await json_body(request)
    if not isinstance(body, dict):
        raise bad_request("Send a JSON object with WhatsappAccountDto fields.")
    unknown = unknown_keys(body, ACCOUNT_FIELDS)
    if unknown:
        raise bad_request(f"Unknown account fields: {', '.join(unknown)}. Known: {', '.join(ACCOUNT_FIELDS)}.")
    if "state" in body and body["state"] not in ACCOUNT_STATES:
        raise bad_request(f"state must be one of {', '.join(ACCOUNT_STATES)}.")
    embedded = bool(body.get("isEmbeddedSignup", False))
    business_manager = str(body.get("businessManager") or "SINCH_UK")
    sender_details = (body.get("details") or {}).get("senderDetails") or {}
    region = str(sender_details.get("region") or default_region(business_manager))
    record: Record = {
        "projectId": pid,
        "state": "ONBOARDED",
        "isEmbeddedSignup": embedded,
        "businessManager": business_manager,
        "wabaId": numeric_id(),
        "wabaEnabledForInsights": False,
        "wabaEnabledForDirectSend": False,
        "wabaMaxPriceOnboarded": False,
        "compatibleRegions": compatible_regions(region),
        "businessDailyLimit": DEFAULT_BUSINESS_DAILY_LIMIT,
        "currency": DEFAULT_CURRENCY,
    }
    if not embedded:
        record["details"] = {
            "clientBusinessManagerId": numeric_id(),
            "wabaName": "Emulator WABA",
            "senderDetails": {
                "displayName": "Emulator sender",
                "businessCategory": "OTHER",
                "region": region,
                "metaLocalStorage": default_meta_local_storage(region),
            },
        }
    record.update(body)
    record["emulator"] = {"seq": 0, "activities": []}
    now = state.clock.now()
    with state.store.lock:
        add_activity(record, "CREATED", now)
        state.store.project(pid).collection(ACCOUNTS)[ACCOUNT_KEY] = record
        if (record.get("changes") or {}).get("status") == "IN_PROGRESS":
            _start_review(state, pid)
        return JSONResponse(to_dto(record), status_code=201)


def review_outcome(body: Any) -> tuple[str, str]:
    """`{"outcome": "approve"|"reject", "reason": "..."}` of the admin review endpoints."""
    if not isinstance(body, dict) or body.get("outcome") not in ("approve", "reject"):
        raise bad_request('Send {"outcome": "approve"|"reject", "reason": "..."}.')
    reason = body.get("reason", "Rejected by the emulator admin API.")
    if not isinstance(reason, str):
        raise bad_request("reason must be a string.")
    return str(body["outcome"]), reason


async def admin_review_account(request: Request) -> Response:
    """End the account's pending review now (approve: ONBOARDED; reject: REJECTED with the reason)."""
    state = admin_state(request)
    pid = project_id(request)
    outcome, reason = review_outcome(await json_body(request))
    now = state.clock.now()
    with state.store.lock:
        record = account_of(state.store, pid)
        if record is None:
            raise bad_request(f"Project {pid} has no WhatsApp account.")
        if (record.get("changes") or {}).get("status") != "IN_PROGRESS":
            raise bad_request("The account has no review in progress (changes.status is not IN_PROGRESS).")
        cancel_transitions(record)  # the scheduled approval
        if outcome == "approve":
            _approve(record, now)
        else:
            _reject(record, now, reason)
        return JSONResponse(to_dto(record))


def admin_routes() -> list[BaseRoute]:
    base = ADMIN_PREFIX + "/projects/{projectId}/whatsapp/account"
    return [
        Route(base, admin_seed_account, methods=["POST"]),
        Route(base + "/review", admin_review_account, methods=["POST"]),
    ]


GROUP = ResourceGroup(name="whatsapp_accounts", routes=routes, collections=(ACCOUNTS,), admin_routes=admin_routes)
