"""KakaoTalk: admin controls (under /_emulator, unauthenticated).

POST /_emulator/projects/{projectId}/kakaotalk/initialize                  onboard the project for KakaoTalk
     (nothing sent; idempotent) -> {"projectId", "initialized"}
GET  /_emulator/projects/{projectId}/kakaotalk/senders/{plusFriendId}/verification-code   {"code": 123456}
     (the code registration sent to the admin phone; 400 while the sender is not VERIFYING)
POST /_emulator/projects/{projectId}/kakaotalk/senders/{plusFriendId}/review
     {"outcome": "approve"|"reject", "reason"}: end the review of the IN_PROGRESS changes now (approve: applied;
     a sender not active yet becomes ACTIVE)
POST /_emulator/projects/{projectId}/kakaotalk/senders/{plusFriendId}/state
     {"state": "ACTIVE"|"BLOCKED"|"INACTIVE"|"SUSPENDED"|"VERIFYING"}
POST /_emulator/projects/{projectId}/kakaotalk/senders/{plusFriendId}/comments   {"comment"}: a comment by Sinch
POST /_emulator/projects/{projectId}/kakaotalk/senders/{plusFriendId}/templates/{templateCode}/review
     {"outcome": "approve"|"reject"|"hold", "reason"}: hold keeps the changes IN_PROGRESS until decided
POST /_emulator/projects/{projectId}/kakaotalk/senders/{plusFriendId}/templates/{templateCode}/comments
     {"comment"}: a comment by Sinch
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from emulator.admin import admin_state, bad_request, json_body
from emulator.common import project_id
from emulator.errors import PapiError
from emulator.kakaotalk import senders, templates
from emulator.kakaotalk.common import SENDER_STATES, SENDERS, TEMPLATES, initialize, template_key
from emulator.lifecycle.activities import add_activity
from emulator.lifecycle.records import Record, internals, now_iso
from emulator.lifecycle.review import parse_decision
from emulator.state import ADMIN_PREFIX, EmulatorState

BASE = ADMIN_PREFIX + "/projects/{projectId}/kakaotalk"


def _sender(state: EmulatorState, request: Request) -> Record:
    pid = project_id(request)
    found = state.store.get_project(pid)
    plus_friend_id = str(request.path_params["plusFriendId"])
    record = found.collection(SENDERS).get(plus_friend_id) if found else None
    if record is None:
        raise bad_request(f"Project {pid} has no KakaoTalk sender {plus_friend_id}.")
    return record


def _template(state: EmulatorState, request: Request) -> Record:
    sender = _sender(state, request)
    code = str(request.path_params["templateCode"])
    found = state.store.project(str(sender["projectId"])).collection(TEMPLATES)
    record = found.get(template_key(str(sender["plusFriendId"]), code))
    if record is None:
        raise bad_request(f"The sender has no template {code}.")
    return record


def _in_review(record: Record) -> None:
    if (record.get("changes") or {}).get("status") != "IN_PROGRESS":
        raise bad_request("The changes are not IN_PROGRESS.")


async def _comment(request: Request) -> str:
    body = await json_body(request)
    if not isinstance(body, dict) or not isinstance(body.get("comment"), str) or not body["comment"]:
        raise bad_request('Send {"comment": "..."}.')
    return str(body["comment"])


async def admin_initialize(request: Request) -> Response:
    state = admin_state(request)
    pid = project_id(request)
    with state.store.lock:
        record = initialize(state.store, pid, now_iso(state))
        return JSONResponse({"projectId": pid, "initialized": record["initialized"]})


async def admin_verification_code(request: Request) -> Response:
    state = admin_state(request)
    with state.store.lock:
        code = internals(_sender(state, request)).get(senders.VERIFICATION_CODE_KEY)
        if code is None:
            raise bad_request("The sender is not VERIFYING: register it first.")
        return JSONResponse({"code": code})


async def admin_review_sender(request: Request) -> Response:
    state = admin_state(request)
    decision = parse_decision(await json_body(request))
    with state.store.lock:
        record = _sender(state, request)
        _in_review(record)
        senders.REVIEW.decide(state, record, decision, state.clock.now())
        return JSONResponse(senders.to_dto(record))


async def admin_sender_state(request: Request) -> Response:
    state = admin_state(request)
    body = await json_body(request)
    if not isinstance(body, dict) or body.get("state") not in SENDER_STATES:
        raise bad_request(f'Send {{"state": one of {", ".join(SENDER_STATES)}}}.')
    with state.store.lock:
        record = _sender(state, request)
        senders.set_state(state, record, str(body["state"]), state.clock.now())
        return JSONResponse(senders.to_dto(record))


async def admin_sender_comment(request: Request) -> Response:
    state = admin_state(request)
    comment = await _comment(request)
    with state.store.lock:
        record = _sender(state, request)
        add_activity(record, "COMMENT_ADDED", state.clock.now(), comment=comment)
        senders.notify(state, record, "KAKAOTALK_SENDER_COMMENT_ADDED", comment=comment)
        return JSONResponse(senders.to_dto(record))


async def admin_review_template(request: Request) -> Response:
    state = admin_state(request)
    body = await json_body(request)
    hold = isinstance(body, dict) and body.get("outcome") == "hold"
    try:
        decision = None if hold else parse_decision(body)
    except PapiError:
        raise bad_request('Send {"outcome": "approve"|"reject"|"hold", "reason": "..."}.') from None
    with state.store.lock:
        record = _template(state, request)
        _in_review(record)
        if decision is None:
            templates.REVIEW.hold(record)
        else:
            templates.REVIEW.decide(state, record, decision, state.clock.now())
        return JSONResponse(templates.to_dto(record))


async def admin_template_comment(request: Request) -> Response:
    state = admin_state(request)
    comment = await _comment(request)
    with state.store.lock:
        record = _template(state, request)
        add_activity(record, "COMMENT_ADDED", state.clock.now(), comment=comment)
        templates.notify(state, record, "KAKAOTALK_TEMPLATE_COMMENT_ADDED", comment=comment)
        return JSONResponse(templates.to_dto(record))


def admin_routes() -> list[BaseRoute]:
    sender = BASE + "/senders/{plusFriendId}"
    template = sender + "/templates/{templateCode}"
    return [
        Route(BASE + "/initialize", admin_initialize, methods=["POST"]),
        Route(sender + "/verification-code", admin_verification_code, methods=["GET"]),
        Route(sender + "/review", admin_review_sender, methods=["POST"]),
        Route(sender + "/state", admin_sender_state, methods=["POST"]),
        Route(sender + "/comments", admin_sender_comment, methods=["POST"]),
        Route(template + "/review", admin_review_template, methods=["POST"]),
        Route(template + "/comments", admin_template_comment, methods=["POST"]),
    ]
