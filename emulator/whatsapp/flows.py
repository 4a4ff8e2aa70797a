"""The `WhatsApp Flows` tag: flows of the project's WABA, read-only (OpenAPI v1.2.117).

    GET /v1/projects/{projectId}/whatsapp/flows                      200 WhatsappFlowListDto
    GET /v1/projects/{projectId}/whatsapp/flows/{flowId}/screens     200 WhatsappFlowScreenListDto

The Provisioning API cannot create flows (they are built in Meta's tools), so flows exist only by admin
seeding. Both operations need the project's WhatsApp account (else 400 project_not_initialized). Flows are
listed in seeding order. A flow without screens answers 404 flow_screens_not_found.

Admin: `POST /_emulator/projects/{projectId}/whatsapp/flows` `{"id", "name", "status", "screens": [...]}`.
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from emulator import errors
from emulator.admin import admin_state, bad_request, json_body
from emulator.common import ResourceGroup, project_id, resource_route
from emulator.lifecycle.records import pick
from emulator.pagination import page_envelope, page_request
from emulator.state import ADMIN_PREFIX, get_state
from emulator.store import Record
from emulator.whatsapp.common import DEFAULT_PAGE_SIZE, FLOWS, numeric_id, require_account

MAX_PAGE_SIZE = 100
FLOW_STATUSES: tuple[str, ...] = ("FLOW_STATUS_DEPRECATED", "FLOW_STATUS_DRAFT", "FLOW_STATUS_PUBLISHED")


def to_dto(record: Record) -> dict[str, Any]:
    return pick(record, ("id", "name", "status"))


async def list_flows(request: Request) -> Response:
    pid = project_id(request)
    page = page_request(
        request.query_params, kind="whatsapp_flows", max_size=MAX_PAGE_SIZE, default_size=DEFAULT_PAGE_SIZE
    )
    state = get_state(request)
    with state.store.lock:
        require_account(state.store, pid)
        flows = [to_dto(r) for r in state.store.project(pid).collection(FLOWS).values()]
        return JSONResponse(page_envelope(flows, page, "flows"))


async def list_screens(request: Request) -> Response:
    pid = project_id(request)
    state = get_state(request)
    with state.store.lock:
        require_account(state.store, pid)
        record = state.store.project(pid).collection(FLOWS).get(str(request.path_params["flowId"]))
        if record is None:
            raise errors.flow_not_found()
        if not record.get("screens"):
            raise errors.flow_screens_not_found()
        return JSONResponse({"screens": [{"id": screen} for screen in record["screens"]]})


def routes() -> list[BaseRoute]:
    base = "/v1/projects/{projectId}/whatsapp/flows"
    return [
        resource_route(base, {"GET": list_flows}, name="whatsapp_flows"),
        resource_route(base + "/{flowId}/screens", {"GET": list_screens}, name="whatsapp_flow_screens"),
    ]


async def admin_seed_flow(request: Request) -> Response:
    state = admin_state(request)
    pid = project_id(request)
    body = await json_body(request)
    if not isinstance(body, dict):
        raise bad_request('Send {"id", "name", "status", "screens": [...]}.')
    unknown = [k for k in body if k not in ("id", "name", "status", "screens")]
    if unknown:
        raise bad_request(f"Unknown flow fields: {', '.join(unknown)}. Known: id, name, status, screens.")
    flow_id = body.get("id", numeric_id())
    name = body.get("name", f"flow_{flow_id}")
    status = body.get("status", "FLOW_STATUS_PUBLISHED")
    screens = body.get("screens", [])
    if not isinstance(flow_id, str) or not flow_id or not isinstance(name, str):
        raise bad_request("id and name must be strings.")
    if status not in FLOW_STATUSES:
        raise bad_request(f"status must be one of {', '.join(FLOW_STATUSES)}.")
    if not isinstance(screens, list) or not all(isinstance(s, str) and s for s in screens):
        raise bad_request('screens must be a list of screen ids, e.g. ["WELCOME", "SUMMARY"].')
    record: Record = {"id": flow_id, "projectId": pid, "name": name, "status": status, "screens": list(screens)}
    with state.store.lock:
        state.store.project(pid).collection(FLOWS)[flow_id] = record
    return JSONResponse({k: record[k] for k in ("id", "name", "status", "screens")}, status_code=201)


def admin_routes() -> list[BaseRoute]:
    return [Route(ADMIN_PREFIX + "/projects/{projectId}/whatsapp/flows", admin_seed_flow, methods=["POST"])]


GROUP = ResourceGroup(name="whatsapp_flows", routes=routes, collections=(FLOWS,), admin_routes=admin_routes)
