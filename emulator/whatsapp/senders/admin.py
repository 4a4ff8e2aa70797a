"""WhatsApp Senders: admin controls (under /_emulator, unauthenticated).

POST   /_emulator/projects/{projectId}/whatsapp/senders                       seed (WhatsappSenderDto fields)
POST   /_emulator/projects/{projectId}/whatsapp/senders/{id}/state            {"state", "errorCode", "errorReason"}
POST   /_emulator/projects/{projectId}/whatsapp/senders/{id}/changes/review   {"outcome", "reason"}
GET    /_emulator/projects/{projectId}/whatsapp/senders/{id}/otp              {"code", "method"}
POST   /_emulator/whatsapp/sender-rules                                       a rule (emulator.lifecycle.rules)
GET    /_emulator/whatsapp/sender-rules                                       {"rules": [...]}
DELETE /_emulator/whatsapp/sender-rules                                       204
"""

from __future__ import annotations

import uuid

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from emulator.admin import admin_state, bad_request
from emulator.admin import json_body as admin_json_body
from emulator.clock import isoformat
from emulator.common import project_id
from emulator.errors import PapiError
from emulator.lifecycle.activities import add_activity
from emulator.lifecycle.records import internals, unknown_keys
from emulator.lifecycle.review import parse_decision
from emulator.state import ADMIN_PREFIX, EmulatorState
from emulator.store import Record
from emulator.whatsapp.accounts.lifecycle import create_embedded_signup_account
from emulator.whatsapp.common import (
    SENDER_ERROR_CODES,
    SENDER_STATES,
    SENDERS,
    account_of,
    compatible_regions,
    default_business_manager,
    default_meta_local_storage,
    numeric_id,
)
from emulator.whatsapp.senders.lifecycle import (
    ACTIVATION,
    COUNTRY_CODE_BY_REGION,
    PROFILE_REVIEW,
    RULE_STATES,
    RULES,
    SENDER_FIELDS,
    SENDER_ID_RE,
    ensure_active_fields,
    move_to,
    schedule_activation,
    schedule_review,
    to_dto,
)


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
        "countryCode": COUNTRY_CODE_BY_REGION.get(region, "1"),
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
                schedule_activation(state, record)
            else:
                schedule_review(state, record)
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
        move_to(state, record, str(body["state"]), state.clock.now(), code=code, reason=reason)
        return JSONResponse(to_dto(record))


async def admin_review_changes(request: Request) -> Response:
    state = admin_state(request)
    pid = project_id(request)
    sid = str(request.path_params["senderId"])
    decision = parse_decision(await admin_json_body(request))
    with state.store.lock:
        record = _admin_sender(state, pid, sid)
        in_review = (record.get("changes") or {}).get("status") == "IN_PROGRESS"
        display_pending = ((record.get("metadata") or {}).get("displayName") or {}).get("status") == "PENDING"
        if not in_review and not display_pending:
            raise bad_request("The sender has no change set in review (changes.status IN_PROGRESS).")
        # A new sender's submission is its activation; a provisioned sender's is a profile review.
        review = ACTIVATION if record.get("details") is None else PROFILE_REVIEW
        review.decide(state, record, decision, state.clock.now())
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


def admin_routes() -> list[BaseRoute]:
    base = ADMIN_PREFIX + "/projects/{projectId}/whatsapp/senders"
    return [
        Route(base, admin_seed_sender, methods=["POST"]),
        Route(base + "/{senderId}/state", admin_set_state, methods=["POST"]),
        Route(base + "/{senderId}/changes/review", admin_review_changes, methods=["POST"]),
        Route(base + "/{senderId}/otp", admin_get_otp, methods=["GET"]),
        *RULES.admin_routes(ADMIN_PREFIX + "/whatsapp/sender-rules"),
    ]
