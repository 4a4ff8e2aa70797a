"""Webhooks: the API routes (provisioning webhooks of a project, OpenAPI v1.2.117).

    GET    /v1/projects/{projectId}/webhooks               200 WebhookWebhookListDto
    POST   /v1/projects/{projectId}/webhooks               201 WebhookWebhookDto
    GET    /v1/projects/{projectId}/webhooks/{webhookId}   200 WebhookWebhookDto
    PUT    /v1/projects/{projectId}/webhooks/{webhookId}   200 WebhookWebhookDto (full replace)
    PATCH  /v1/projects/{projectId}/webhooks/{webhookId}   200 WebhookWebhookDto (partial update)
    DELETE /v1/projects/{projectId}/webhooks/{webhookId}   204, no body

Order of checks (auth happens before routing, in `emulator.auth`): projectId format, webhookId format,
query/body (invalid_page_size, invalid_page_token, invalid_payload, invalid_input), existence (404), then
the project-wide rules: unique target (409) before the 15-webhook limit (424).

The stored record keeps the secret (for signing callbacks); responses never include it.
"""

from __future__ import annotations

import uuid
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute

from emulator import errors
from emulator.common import ordered, path_id, project_id, read_json_object, resource_route
from emulator.pagination import page_envelope, page_request
from emulator.state import get_state
from emulator.store import Record
from emulator.webhooks.validation import (
    COLLECTION,
    MAX_PAGE_SIZE,
    MAX_WEBHOOKS_PER_PROJECT,
    WEBHOOK_ID_RE,
    validate_input,
)


def to_dto(record: Record) -> dict[str, Any]:
    """`WebhookWebhookDto`: never the secret."""
    return {
        "id": record["id"],
        "projectId": record["projectId"],
        "target": record["target"],
        "triggers": list(record["triggers"]),
    }


def _check_target_free(hooks: dict[str, Record], target: str, own_id: str | None = None) -> None:
    if any(h["target"] == target and h["id"] != own_id for h in hooks.values()):
        raise errors.webhook_exists()


def _webhook_id(request: Request) -> str:
    return path_id(request, "webhookId", WEBHOOK_ID_RE)


async def list_webhooks(request: Request) -> Response:
    pid = project_id(request)
    page = page_request(request.query_params, kind="webhooks", max_size=MAX_PAGE_SIZE, default_size=MAX_PAGE_SIZE)
    # "all registered webhooks ... in alphabetical order": the description does not say of what; by target.
    records = ordered(get_state(request).store.records(pid, COLLECTION), "target")
    return JSONResponse(page_envelope([to_dto(r) for r in records], page, "webhooks"))


async def create_webhook(request: Request) -> Response:
    pid = project_id(request)
    data = validate_input(await read_json_object(request), partial=False)
    store = get_state(request).store
    with store.lock:
        hooks = store.project(pid).collection(COLLECTION)
        _check_target_free(hooks, data["target"])
        if len(hooks) >= MAX_WEBHOOKS_PER_PROJECT:
            raise errors.webhook_limit_reached()
        record: Record = {"id": uuid.uuid4().hex, "projectId": pid, **data}
        hooks[record["id"]] = record
        return JSONResponse(to_dto(record), status_code=201)


async def get_webhook(request: Request) -> Response:
    pid = project_id(request)
    wid = _webhook_id(request)
    store = get_state(request).store
    with store.lock:
        project = store.get_project(pid)
        record = project.collection(COLLECTION).get(wid) if project else None
        if record is None:
            raise errors.webhook_not_found()
        return JSONResponse(to_dto(record))


async def _update(request: Request, *, partial: bool) -> Response:
    pid = project_id(request)
    wid = _webhook_id(request)
    data = validate_input(await read_json_object(request), partial=partial)
    store = get_state(request).store
    with store.lock:
        project = store.get_project(pid)
        hooks = project.collection(COLLECTION) if project else {}
        record = hooks.get(wid)
        if record is None:
            raise errors.webhook_not_found()
        if "target" in data:
            _check_target_free(hooks, data["target"], own_id=wid)
        record.update(data)  # PUT carries all three fields, so update() is a full replace there
        return JSONResponse(to_dto(record))


async def replace_webhook(request: Request) -> Response:
    return await _update(request, partial=False)


async def update_webhook(request: Request) -> Response:
    # An empty PATCH body `{}` is valid (every field optional) and changes nothing: 200 with the webhook.
    return await _update(request, partial=True)


async def delete_webhook(request: Request) -> Response:
    pid = project_id(request)
    wid = _webhook_id(request)
    store = get_state(request).store
    with store.lock:
        project = store.get_project(pid)
        hooks = project.collection(COLLECTION) if project else {}
        if hooks.pop(wid, None) is None:
            raise errors.webhook_not_found()
    return Response(status_code=204)


def routes() -> list[BaseRoute]:
    base = "/v1/projects/{projectId}/webhooks"
    return [
        resource_route(base, {"GET": list_webhooks, "POST": create_webhook}, name="webhooks"),
        resource_route(
            base + "/{webhookId}",
            {"GET": get_webhook, "PUT": replace_webhook, "PATCH": update_webhook, "DELETE": delete_webhook},
            name="webhook",
        ),
    ]
