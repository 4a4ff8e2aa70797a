"""WhatsApp Senders: the API routes (OpenAPI v1.2.117).

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

Order of checks: projectId, senderId, body/query, account (400 project_not_initialized), sender (404), then
state conflicts (409).
"""

from __future__ import annotations

import re
import secrets
import uuid

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute

from emulator import errors
from emulator.clock import isoformat
from emulator.common import path_id, project_id, read_json_object, resource_route
from emulator.errors import PapiError
from emulator.lifecycle.activities import API_AUTHOR, activities_envelope, activities_page_request, add_activity
from emulator.lifecycle.comments import add_comment, validate_comment
from emulator.lifecycle.records import apply_changes, internals, merge_changes
from emulator.lifecycle.transitions import cancel_transitions
from emulator.pagination import page_envelope, page_request
from emulator.state import get_state
from emulator.store import Record
from emulator.validation import Validator
from emulator.whatsapp.accounts.lifecycle import create_embedded_signup_account
from emulator.whatsapp.common import (
    SENDER_STATES,
    SENDER_STATUSES,
    SENDERS,
    account_of,
    check_region_business_manager,
    compatible_regions,
    default_business_manager,
    default_meta_local_storage,
    default_region,
    numeric_id,
    require_account,
)
from emulator.whatsapp.senders.lifecycle import (
    MAX_PAGE_SIZE,
    RULES,
    SENDER_ID_RE,
    es_details,
    listed_state,
    live_senders,
    move_to,
    not_deleted,
    notify,
    schedule_activation,
    schedule_removal,
    schedule_review,
    sender,
    to_dto,
    username_taken,
)
from emulator.whatsapp.senders.validation import validate_create, validate_update


def _sender_id(request: Request) -> str:
    return path_id(request, "senderId", SENDER_ID_RE)


def _filters(request: Request, name: str, allowed: tuple[str, ...], error: PapiError) -> set[str]:
    """A repeated query parameter (`?x=A&x=B`, also `x[]=A`, also comma-separated), each value checked."""
    params = request.query_params
    values = [v for raw in params.getlist(name) + params.getlist(name + "[]") for v in raw.split(",") if v]
    if any(v not in allowed for v in values):
        raise error
    return set(values)


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
            if (not states or listed_state(r) in states)
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
            if any(internals(s).get("phoneNumberId") == data["phoneNumberId"] for s in live_senders(state)):
                raise errors.used_phone_number_id()
            if account is None:
                create_embedded_signup_account(
                    state, pid, waba_id=waba_id, business_manager=business_manager, region=region, moment=now
                )
            meta["wabaId"] = waba_id
            meta["phoneNumberId"] = data["phoneNumberId"]
            details = es_details(data["phoneNumberId"])
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
        meta["rule"] = RULES.take(state, body)
        add_activity(record, "CREATED", now, author=API_AUTHOR)
        state.store.project(pid).collection(SENDERS)[record["id"]] = record
        if status == "DRAFT":
            add_activity(record, "DRAFT", now, author=API_AUTHOR)
        else:
            add_activity(record, "IN_PROGRESS", now)
            schedule_activation(state, record)
        return JSONResponse(to_dto(record), status_code=201)


async def get_sender(request: Request) -> Response:
    pid = project_id(request)
    sid = _sender_id(request)
    state = get_state(request)
    with state.store.lock:
        return JSONResponse(to_dto(sender(state, pid, sid)))


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
        record = sender(state, pid, sid)
        not_deleted(record)
        changes = record.get("changes")
        if changes:
            if changes.get("status") not in ("DRAFT", "REJECTED"):
                raise errors.sender_changes_not_updatable()
        elif record.get("state") != "ACTIVE":
            raise errors.sender_not_updatable()
        if "username" in patch:
            if record.get("state") != "ACTIVE":
                raise errors.sender_username_update_not_available()
            if patch["username"] is not None and username_taken(state, patch["username"], sid):
                raise errors.sender_username_not_available()
        if not patch and not changes:
            raise errors.no_fields_to_update()
        base = (changes or {}).get("details") or {}
        if "details" not in record:  # never provisioned: the change set is the whole new sender
            merged = apply_changes(base, patch)
            record["changes"] = {"status": "DRAFT" if status == "DRAFT" else "IN_PROGRESS", "details": merged}
            if status == "SUBMIT":
                schedule_activation(state, record)
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
                schedule_review(state, record)
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
        record = sender(state, pid, sid)
        not_deleted(record)
        if record.get("state") is None:  # never provisioned (draft, in progress, rejected): removed at once
            cancel_transitions(record)
            del state.store.project(pid).collection(SENDERS)[sid]
        else:
            internals(record)["deletedAt"] = isoformat(now)
            schedule_removal(state, record)
            notify(state, record, "WHATSAPP_SENDER_DELETED")
    return Response(status_code=204)


async def list_activities(request: Request) -> Response:
    pid = project_id(request)
    sid = _sender_id(request)
    page = activities_page_request(request, "whatsapp_sender_activities")
    state = get_state(request)
    with state.store.lock:
        return JSONResponse(activities_envelope(sender(state, pid, sid), page))


async def delete_changes(request: Request) -> Response:
    pid = project_id(request)
    sid = _sender_id(request)
    state = get_state(request)
    with state.store.lock:
        record = sender(state, pid, sid)
        not_deleted(record)
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
    with state.store.lock:
        record = sender(state, pid, sid)
        answered = add_comment(record, comment, state.clock.now())
        notify(state, record, "WHATSAPP_SENDER_COMMENT_ADDED", comment=comment)
        return answered


async def register_sender(request: Request) -> Response:
    pid = project_id(request)
    sid = _sender_id(request)
    v = Validator(await read_json_object(request), ("method",))
    method = v.enum("method", ("SMS", "VOICE"))
    v.check()
    state = get_state(request)
    now = state.clock.now()
    with state.store.lock:
        record = sender(state, pid, sid)
        not_deleted(record)
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
        record = sender(state, pid, sid)
        not_deleted(record)
        if record.get("state") != "PENDING_VERIFICATION":
            raise errors.not_allowed_verify()
        otp = internals(record).get("otp")
        if otp is None:
            raise errors.wrong_otp("No verification code has been sent for this sender: call register first.")
        if code != otp["code"]:
            raise errors.wrong_otp()
        add_activity(record, "VERIFIED", now, author=API_AUTHOR)
        move_to(state, record, "ACTIVE", now)
    return Response(status_code=204)


async def suggested_usernames(request: Request) -> Response:
    pid = project_id(request)
    sid = _sender_id(request)
    state = get_state(request)
    with state.store.lock:
        record = sender(state, pid, sid)
        details = record.get("details") or (record.get("changes") or {}).get("details") or {}
        base = re.sub(r"[^a-z0-9]+", "", str(details.get("displayName", "")).lower())[:20] or "business"
        candidates = [base, f"{base}_official", f"{base}.{record.get('countryCode') or 'wa'}", f"the_{base}"]
        usernames = [u for u in candidates if not username_taken(state, u, sid)]
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
