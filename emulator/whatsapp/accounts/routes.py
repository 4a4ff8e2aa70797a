"""WhatsApp Accounts: the API routes (the project's one WhatsApp account, OpenAPI v1.2.117).

GET    /v1/projects/{projectId}/whatsapp              200 WhatsappAccountDto
POST   /v1/projects/{projectId}/whatsapp              201 WhatsappAccountDto (partner-initiated body)
PATCH  /v1/projects/{projectId}/whatsapp              200 WhatsappAccountDto (only while REJECTED)
DELETE /v1/projects/{projectId}/whatsapp              204 (only without senders)
GET    /v1/projects/{projectId}/whatsapp/activities   200 WhatsappAccountNotificationListDto
POST   /v1/projects/{projectId}/whatsapp/comments     201 WhatsappCommentDto
PUT    /v1/projects/{projectId}/whatsapp/enableTemplateAnalytics   200, no body (tag "WhatsApp"): sets the
       account's `wabaEnabledForInsights`; needs the account (400 project_not_initialized) and its WABA, so an
       account not ONBOARDED yet is `424 template_insights_not_yet_available`. Enabling it again is a 200 too.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute

from emulator import errors
from emulator.common import project_id, read_json_object, resource_route
from emulator.lifecycle.activities import (
    API_AUTHOR,
    activities_envelope,
    activities_page_request,
    add_activity,
)
from emulator.lifecycle.comments import add_comment, validate_comment
from emulator.lifecycle.records import internals, merge_changes
from emulator.state import get_state
from emulator.store import Record
from emulator.whatsapp.accounts.lifecycle import REVIEW, existing, notify, to_dto
from emulator.whatsapp.accounts.validation import validate_create, validate_update
from emulator.whatsapp.common import (
    ACCOUNT_KEY,
    ACCOUNTS,
    SENDERS,
    TEMPLATE_DELETIONS,
    TEMPLATES,
    account_of,
    check_region_business_manager,
    compatible_regions,
    default_business_manager,
    default_meta_local_storage,
    default_region,
    require_account,
)


async def get_account(request: Request) -> Response:
    # GET documents no 400: a malformed projectId names no project, so no account (its documented 404).
    pid = project_id(request, malformed=errors.account_not_found)
    state = get_state(request)
    with state.store.lock:
        return JSONResponse(to_dto(existing(state, pid)))


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
        REVIEW.submit(state, record)
        notify(state, record, "WHATSAPP_ACCOUNT_PENDING_VERIFICATION")
        return JSONResponse(to_dto(record), status_code=201)


async def update_account(request: Request) -> Response:
    pid = project_id(request)
    data = validate_update(await read_json_object(request))
    if not data or data == {"senderDetails": {}}:
        raise errors.no_fields_to_update()
    state = get_state(request)
    now = state.clock.now()
    with state.store.lock:
        record = existing(state, pid)
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
        REVIEW.submit(state, record)
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
        for collection in (TEMPLATES, TEMPLATE_DELETIONS):  # templates belong to the account's WABA
            state.store.project(pid).collection(collection).clear()
        del state.store.project(pid).collection(ACCOUNTS)[ACCOUNT_KEY]
    return Response(status_code=204)


async def list_activities(request: Request) -> Response:
    pid = project_id(request)
    page = activities_page_request(request, "whatsapp_account_activities")
    state = get_state(request)
    with state.store.lock:
        return JSONResponse(activities_envelope(existing(state, pid), page))


async def create_comment(request: Request) -> Response:
    pid = project_id(request)
    comment = validate_comment(await read_json_object(request))
    state = get_state(request)
    with state.store.lock:
        record = existing(state, pid)
        answered = add_comment(record, comment, state.clock.now())
        notify(state, record, "WHATSAPP_ACCOUNT_COMMENT_ADDED", comment=comment)
        return answered


async def enable_template_analytics(request: Request) -> Response:
    pid = project_id(request)
    state = get_state(request)
    with state.store.lock:
        account = require_account(state.store, pid)
        if account.get("state") != "ONBOARDED":
            raise errors.template_insights_not_yet_available()
        account["wabaEnabledForInsights"] = True
    return Response(status_code=200)


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
        resource_route(
            base + "/enableTemplateAnalytics", {"PUT": enable_template_analytics}, name="whatsapp_template_analytics"
        ),
    ]
