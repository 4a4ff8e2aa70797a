"""The `Webhooks` tag: provisioning webhooks of a project (OpenAPI v1.2.117).

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

import re
import uuid
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute

from emulator import errors
from emulator.common import ResourceGroup, ordered, path_id, project_id, read_json_object, resource_route
from emulator.pagination import page_envelope, page_request
from emulator.state import get_state
from emulator.store import Record
from emulator.validation import Validator

COLLECTION = "webhooks"
MAX_WEBHOOKS_PER_PROJECT = 15
MAX_PAGE_SIZE = 15
TARGET_MAX_LENGTH = 742
SECRET_MAX_LENGTH = 128
WEBHOOK_ID_RE = re.compile(r"[0-9a-f]{32}")  # ids we issue: uuid4().hex, like the spec's example

# `WebhookWebhookTriggersEnum`, in the order of the OpenAPI description (v1.2.117). class-validator lists the
# allowed values in this order in its "must be one of the following values" message.
TRIGGERS: tuple[str, ...] = (
    "ALL",
    "BUNDLE_DONE",
    "KAKAOTALK_SENDER_ACTIVE",
    "KAKAOTALK_SENDER_COMMENT_ADDED",
    "KAKAOTALK_SENDER_INACTIVE",
    "KAKAOTALK_SENDER_REJECTED",
    "KAKAOTALK_TEMPLATE_APPROVED",
    "KAKAOTALK_TEMPLATE_COMMENT_ADDED",
    "KAKAOTALK_TEMPLATE_REJECTED",
    "RCS_BRAND_REGISTRATION_PROCESS_STATUS_UPDATED",
    "RCS_SENDER_COMMENT_ADDED",
    "RCS_SENDER_OPERATOR_STATUS_UPDATED",
    "RCS_SENDER_STATUS_UPDATED",
    "RCS_ACCOUNT_COMMENT_ADDED",
    "WHATSAPP_ACCOUNT_COMMENT_ADDED",
    "WHATSAPP_ACCOUNT_DAILY_LIMIT_CHANGED",
    "WHATSAPP_ACCOUNT_ONBOARDED",
    "WHATSAPP_ACCOUNT_PENDING_VERIFICATION",
    "WHATSAPP_ACCOUNT_REJECTED",
    "WHATSAPP_WABA_ACCOUNT_CHANGED",
    "WHATSAPP_SENDER_ACTIVE",
    "WHATSAPP_SENDER_COMMENT_ADDED",
    "WHATSAPP_SENDER_DAILY_LIMIT_CHANGED",
    "WHATSAPP_SENDER_DELETED",
    "WHATSAPP_SENDER_DISPLAY_NAME_UPDATED",
    "WHATSAPP_SENDER_ERROR",
    "WHATSAPP_SENDER_INACTIVE",
    "WHATSAPP_SENDER_PENDING_VERIFICATION",
    "WHATSAPP_SENDER_QUALITY_RATING_CHANGED",
    "WHATSAPP_SENDER_REJECTED",
    "WHATSAPP_SENDER_USERNAME_UPDATED",
    "WHATSAPP_TEMPLATE_APPROVED",
    "WHATSAPP_TEMPLATE_CATEGORY_FUTURE_UPDATE",
    "WHATSAPP_TEMPLATE_CATEGORY_UPDATED",
    "WHATSAPP_TEMPLATE_COMMENT_ADDED",
    "WHATSAPP_TEMPLATE_DELETED",
    "WHATSAPP_TEMPLATE_QUALITY_SCORE_UPDATED",
    "WHATSAPP_TEMPLATE_REJECTED",
    "WHATSAPP_TEMPLATE_STATUS_UPDATED",
)

_FIELDS = ("target", "secret", "triggers")


def validate_input(body: dict[str, Any], *, partial: bool) -> dict[str, Any]:
    """`WebhookWebhookInputDto` (POST, PUT: all required) or `WebhookUpdateWebhookInputDto` (PATCH).

    The OpenAPI description types `target` and `secret` of the PATCH DTO as `object`: a generator slip (the
    same fields carry `format: url`, `minLength` and `maxLength`, which only make sense for strings, and the
    input DTO types them as strings). The emulator validates them as strings in both DTOs.
    """
    v = Validator(body, _FIELDS)
    target = v.string("target", optional=partial, min_length=1, max_length=TARGET_MAX_LENGTH, url=True)
    secret = v.string("secret", optional=partial, min_length=1, max_length=SECRET_MAX_LENGTH)
    triggers = v.enum_array("triggers", TRIGGERS, optional=partial, min_items=1, unique=True)
    v.check()
    values = {"target": target, "secret": secret, "triggers": triggers}
    return {k: values[k] for k in _FIELDS if k in body}


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


GROUP = ResourceGroup(name="webhooks", routes=routes, collections=(COLLECTION,))
