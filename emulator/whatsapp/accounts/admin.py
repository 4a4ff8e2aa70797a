"""WhatsApp Accounts: admin controls (under /_emulator, unauthenticated).

POST /_emulator/projects/{projectId}/whatsapp/account          seed an account (any WhatsappAccountDto fields)
POST /_emulator/projects/{projectId}/whatsapp/account/review   {"outcome": "approve"|"reject", "reason": ...}
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from emulator.admin import admin_state, bad_request, json_body
from emulator.common import project_id
from emulator.lifecycle.activities import add_activity
from emulator.lifecycle.records import unknown_keys
from emulator.lifecycle.review import parse_decision
from emulator.state import ADMIN_PREFIX
from emulator.store import Record
from emulator.whatsapp.accounts.lifecycle import (
    ACCOUNT_FIELDS,
    ACCOUNT_STATES,
    DEFAULT_BUSINESS_DAILY_LIMIT,
    DEFAULT_CURRENCY,
    REVIEW,
    to_dto,
)
from emulator.whatsapp.common import (
    ACCOUNT_KEY,
    ACCOUNTS,
    account_of,
    compatible_regions,
    default_meta_local_storage,
    default_region,
    numeric_id,
)


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
            REVIEW.submit(state, record)
        return JSONResponse(to_dto(record), status_code=201)


async def admin_review_account(request: Request) -> Response:
    """End the account's pending review now (approve: ONBOARDED; reject: REJECTED with the reason)."""
    state = admin_state(request)
    pid = project_id(request)
    decision = parse_decision(await json_body(request))
    with state.store.lock:
        record = account_of(state.store, pid)
        if record is None:
            raise bad_request(f"Project {pid} has no WhatsApp account.")
        if (record.get("changes") or {}).get("status") != "IN_PROGRESS":
            raise bad_request("The account has no review in progress (changes.status is not IN_PROGRESS).")
        REVIEW.decide(state, record, decision, state.clock.now())
        return JSONResponse(to_dto(record))


def admin_routes() -> list[BaseRoute]:
    base = ADMIN_PREFIX + "/projects/{projectId}/whatsapp/account"
    return [
        Route(base, admin_seed_account, methods=["POST"]),
        Route(base + "/review", admin_review_account, methods=["POST"]),
    ]
