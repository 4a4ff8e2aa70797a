"""Bundles: the API routes (OpenAPI v1.2.117, tag `Bundles`).

    GET    /v1/projects/{projectId}/bundles              200 BundlesListBundlesDto
    POST   /v1/projects/{projectId}/bundles              201 BundlesBundlesDto (IN_PROGRESS)
    GET    /v1/projects/{projectId}/bundles/{bundleId}   200 BundlesBundlesDto

Order of checks (auth happens before routing): projectId format, bundleId format, query (pageSize, pageToken,
filters) or body (invalid_payload, invalid_input, no_services_to_create, missing_name), existence (404), then the
provisioning webhooks' project rules: unique target (409) before the 15-webhook limit (424).
"""

from __future__ import annotations

import re
import uuid

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute

from emulator import errors
from emulator.bundles.lifecycle import COLLECTION, new_record, schedule, to_dto
from emulator.bundles.validation import STATES, validate_input
from emulator.common import path_id, project_id, read_json_object, resource_route
from emulator.pagination import page_envelope, page_request
from emulator.state import get_state
from emulator.webhooks.validation import COLLECTION as WEBHOOKS
from emulator.webhooks.validation import MAX_WEBHOOKS_PER_PROJECT

BUNDLE_ID_RE = re.compile(r"[0-9a-f]{24}")  # ids we issue, like the spec's example 62a02dd40000000000000000
MAX_PAGE_SIZE = 25
DEFAULT_PAGE_SIZE = 10


def _bundle_id(request: Request) -> str:
    return path_id(request, "bundleId", BUNDLE_ID_RE)


async def list_bundles(request: Request) -> Response:
    """Filters: `filterConvAppIds`, `filterSmsAppIds`, `filterStates` (each repeatable, or comma-separated);
    an unknown state is `invalid_input`. Order: creation order."""
    pid = project_id(request)
    page = page_request(request.query_params, kind="bundles", max_size=MAX_PAGE_SIZE, default_size=DEFAULT_PAGE_SIZE)

    def values(name: str) -> set[str]:
        return {v for raw in request.query_params.getlist(name) for v in raw.split(",") if v}

    conv_ids, sms_ids, states = values("filterConvAppIds"), values("filterSmsAppIds"), values("filterStates")
    bad = sorted(states - set(STATES))
    if bad:
        raise errors.invalid_input(
            [f"each value in filterStates must be one of the following values: {', '.join(STATES)}"]
        )
    records = [
        r
        for r in get_state(request).store.records(pid, COLLECTION)
        if (not conv_ids or (r.get("convApp") or {}).get("id") in conv_ids)
        and (not sms_ids or (r.get("smsApp") or {}).get("id") in sms_ids)
        and (not states or r["state"] in states)
    ]
    return JSONResponse(page_envelope([to_dto(r) for r in records], page, "bundles"))


async def create_bundle(request: Request) -> Response:
    pid = project_id(request)
    body = validate_input(await read_json_object(request))
    state = get_state(request)
    store = state.store
    with store.lock:
        works_in = str(uuid.uuid4()) if body.get("subproject") not in (None, False) else pid
        hooks = store.project(works_in).collection(WEBHOOKS)
        wanted = body.get("webhooks", [])
        if any(h["target"] == w["target"] for h in hooks.values() for w in wanted):
            raise errors.webhook_exists()
        if len(hooks) + len(wanted) > MAX_WEBHOOKS_PER_PROJECT:
            raise errors.webhook_limit_reached()
        record = new_record(works_in, body, parent=pid)
        created = []
        for hook in wanted:
            stored = {"id": uuid.uuid4().hex, "projectId": works_in, "target": hook["target"],
                      "secret": hook["secret"], "triggers": list(hook["triggers"])}  # fmt: skip
            hooks[stored["id"]] = stored
            created.append({k: stored[k] for k in ("id", "target", "projectId", "triggers")})
        if created:
            record["webhooks"] = created
        store.project(pid).collection(COLLECTION)[record["id"]] = record
        schedule(state, pid, record)
        return JSONResponse(to_dto(record), status_code=201)


async def get_bundle(request: Request) -> Response:
    pid = project_id(request)
    bid = _bundle_id(request)
    store = get_state(request).store
    with store.lock:
        project = store.get_project(pid)
        record = project.collection(COLLECTION).get(bid) if project else None
        if record is None:
            raise errors.bundle_not_found()
        return JSONResponse(to_dto(record))


def routes() -> list[BaseRoute]:
    base = "/v1/projects/{projectId}/bundles"
    return [
        resource_route(base, {"GET": list_bundles, "POST": create_bundle}, name="bundles"),
        resource_route(base + "/{bundleId}", {"GET": get_bundle}, name="bundle"),
    ]
