"""RCS: admin controls (under /_emulator, unauthenticated). Each answers the sender's RcsSenderDto; bad input or
an unknown sender, country, operator or test number is a 400 invalid_admin_request.

POST /_emulator/projects/{projectId}/rcs/senders/{senderId}/state
     {"state": one of RcsSenderStatesEnum}: force the state (RCS_SENDER_STATUS_UPDATED). LAUNCHING fills
     countryStatus (every country of details.countries PENDING, its operators PENDING) and LAUNCHED follows after
     rcsLaunchSeconds; LAUNCHED launches every operator and country and sets `launched`; the others only set it
     (a pending transition is cancelled).
POST /_emulator/projects/{projectId}/rcs/senders/{senderId}/operators
     {"country": "FR", "operator": "Orange", "status": one of RcsOperatorStatusEnum, "remark": "..." (optional)}:
     one operator's status (RCS_SENDER_OPERATOR_STATUS_UPDATED). The country's status follows: all operators
     alike -> that status, else REJECTED, SUSPENDED, PENDING, LAUNCHED (partly) in that order of precedence; a
     LAUNCHING or PREPARING_LAUNCH sender whose countries are all LAUNCHED becomes LAUNCHED.
POST /_emulator/projects/{projectId}/rcs/senders/{senderId}/testNumbers/{testNumber}/invitation
     {"outcome": "accept"|"decline"}: the tester's answer: VERIFIED or DECLINED.
POST /_emulator/projects/{projectId}/rcs/senders/{senderId}/comments
     {"comment": "..."}: a comment by Sinch (a COMMENT_ADDED activity, RCS_SENDER_COMMENT_ADDED).
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from emulator.admin import admin_state, bad_request, json_body
from emulator.common import project_id
from emulator.lifecycle.activities import add_activity
from emulator.lifecycle.records import Record
from emulator.rcs import senders
from emulator.rcs.common import OPERATOR_STATUSES, SENDER_STATES, SENDERS
from emulator.state import ADMIN_PREFIX, EmulatorState

BASE = ADMIN_PREFIX + "/projects/{projectId}/rcs/senders/{senderId}"


def _sender(state: EmulatorState, request: Request) -> Record:
    pid = project_id(request)
    found = state.store.get_project(pid)
    sid = str(request.path_params["senderId"])
    record = found.collection(SENDERS).get(sid) if found else None
    if record is None:
        raise bad_request(f"Project {pid} has no RCS sender {sid}.")
    return record


async def admin_state_change(request: Request) -> Response:
    state = admin_state(request)
    body = await json_body(request)
    if not isinstance(body, dict) or body.get("state") not in SENDER_STATES:
        raise bad_request(f'Send {{"state": one of {", ".join(SENDER_STATES)}}}.')
    with state.store.lock:
        record = _sender(state, request)
        senders.force_state(state, record, str(body["state"]))
        return JSONResponse(senders.to_dto(record))


async def admin_operator(request: Request) -> Response:
    state = admin_state(request)
    body = await json_body(request)
    usage = f'Send {{"country", "operator", "status": one of {", ".join(OPERATOR_STATUSES)}, "remark"?}}.'
    if (
        not isinstance(body, dict)
        or not isinstance(body.get("country"), str)
        or not isinstance(body.get("operator"), str)
        or body.get("status") not in OPERATOR_STATUSES
        or not isinstance(body.get("remark", ""), str)
    ):
        raise bad_request(usage)
    with state.store.lock:
        record = _sender(state, request)
        entry = next((c for c in record.get("countryStatus", []) if c["country"] == body["country"]), None)
        if entry is None:
            raise bad_request(f"The sender has no country {body['country']} in countryStatus.")
        if body["operator"] not in [o["name"] for o in entry["operators"]]:
            names = ", ".join(o["name"] for o in entry["operators"])
            raise bad_request(f"{body['country']} has no operator {body['operator']} (operators: {names}).")
        senders.set_operator(state, record, body["country"], body["operator"], body["status"], body.get("remark"))
        return JSONResponse(senders.to_dto(record))


async def admin_invitation(request: Request) -> Response:
    state = admin_state(request)
    body = await json_body(request)
    if not isinstance(body, dict) or body.get("outcome") not in ("accept", "decline"):
        raise bad_request('Send {"outcome": "accept"|"decline"}.')
    number = str(request.path_params["testNumber"])
    with state.store.lock:
        record = _sender(state, request)
        found = next((t for t in record.get("testNumberStates", []) if t["number"] == number), None)
        if found is None:
            raise bad_request(f"The sender has no test number {number}.")
        found["state"] = "VERIFIED" if body["outcome"] == "accept" else "DECLINED"
        senders.touch(state, record)
        return JSONResponse(senders.to_dto(record))


async def admin_comment(request: Request) -> Response:
    state = admin_state(request)
    body = await json_body(request)
    if not isinstance(body, dict) or not isinstance(body.get("comment"), str) or not body["comment"]:
        raise bad_request('Send {"comment": "..."}.')
    comment = str(body["comment"])
    with state.store.lock:
        record = _sender(state, request)
        add_activity(record, "COMMENT_ADDED", state.clock.now(), comment=comment)
        senders.notify(state, record, "RCS_SENDER_COMMENT_ADDED", comment=comment)
        return JSONResponse(senders.to_dto(record))


def admin_routes() -> list[BaseRoute]:
    return [
        Route(BASE + "/state", admin_state_change, methods=["POST"]),
        Route(BASE + "/operators", admin_operator, methods=["POST"]),
        Route(BASE + "/testNumbers/{testNumber}/invitation", admin_invitation, methods=["POST"]),
        Route(BASE + "/comments", admin_comment, methods=["POST"]),
    ]
