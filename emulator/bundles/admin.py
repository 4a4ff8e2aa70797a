"""Bundles: admin controls (under /_emulator, unauthenticated).

POST   /_emulator/projects/{projectId}/bundles/{bundleId}/outcome   end an IN_PROGRESS bundle now:
       {"state": "FAILED"|"DONE", "service": "smsApp"|"convApp"|"subproject", "status": "<SMS app failed state>"}
POST   /_emulator/bundles/rules   {"when": {...}, "state", "service", "status", "hold", "times"}: the end of future
       bundles whose create body matches `when` (see emulator/lifecycle/rules.py)
GET    /_emulator/bundles/rules
DELETE /_emulator/bundles/rules
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from emulator.admin import admin_state, bad_request, json_body
from emulator.bundles.lifecycle import COLLECTION, RULES, announce, apply_outcome, parse_outcome, to_dto
from emulator.common import project_id
from emulator.lifecycle.records import unknown_keys
from emulator.lifecycle.transitions import cancel_transitions
from emulator.state import ADMIN_PREFIX


async def admin_outcome(request: Request) -> Response:
    state = admin_state(request)
    pid = project_id(request)
    body = await json_body(request)
    if not isinstance(body, dict) or unknown_keys(body, ("state", "service", "status")):
        raise bad_request('Send {"state": "FAILED"|"DONE", "service": ..., "status": ...}.')
    outcome = parse_outcome(body, False)
    with state.store.lock:
        project = state.store.get_project(pid)
        record = project.collection(COLLECTION).get(str(request.path_params["bundleId"])) if project else None
        if record is None:
            raise bad_request(f"Project {pid} has no bundle {request.path_params['bundleId']}.")
        if record["state"] != "IN_PROGRESS":
            raise bad_request(f"The bundle is {record['state']}, not IN_PROGRESS.")
        cancel_transitions(record)
        apply_outcome(record, state.clock.now(), outcome)
        announce(state, pid, record)
        return JSONResponse(to_dto(record))


def admin_routes() -> list[BaseRoute]:
    return [
        Route(ADMIN_PREFIX + "/projects/{projectId}/bundles/{bundleId}/outcome", admin_outcome, methods=["POST"]),
        *RULES.admin_routes(ADMIN_PREFIX + "/bundles/rules"),
    ]
