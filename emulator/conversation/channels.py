"""The `Conversation` tag: channel information of a Conversation API app, read-only (OpenAPI v1.2.117).

    GET /v1/projects/{projectId}/conversation/apps/{conversationAppId}/instagram   200 ConversationInstagramInfoDto
    GET /v1/projects/{projectId}/conversation/apps/{conversationAppId}/messenger   200 ConversationMessengerInfoDto
    GET /v1/projects/{projectId}/conversation/apps/{conversationAppId}/telegram    200 ConversationTelegramBotInfoDto
    GET /v1/projects/{projectId}/conversation/apps/{conversationAppId}/viber       200 ConversationViberBotInfoDto

Conversation apps and their channels are made in the Conversation API, not here, so they exist only by admin
seeding. An app ID is a ULID (26 characters of Crockford's base32, as the Conversation API assigns them); any
other ID is `400 conversation_app_id_invalid`, except on the viber operation, which documents no 400: there it
is `404 conversation_app_not_found`, as is a malformed `projectId` on every operation (it names no project, so
no app). A well-formed ID of an app the project does not have: `404 conversation_app_not_found`; an app without
that channel: `404 conversation_app_no_<channel>_channel`.

Admin (`/_emulator/projects/{projectId}/conversation/apps/{conversationAppId}`):

    PUT    .../{channel}   the channel's DTO fields (status defaults to ACTIVE)  200 the DTO (creates the app)
    DELETE .../{channel}   204: the app no longer has that channel
    DELETE (the app)       204: the app is gone
"""

from __future__ import annotations

import re
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from emulator import errors
from emulator.admin import admin_state, bad_request, json_body
from emulator.common import PROJECT_ID_RE, ResourceGroup, resource_route
from emulator.state import ADMIN_PREFIX, get_state
from emulator.store import Record

APPS = "conversation_apps"  # app id -> {"id": ..., "channels": {channel: DTO}}
APP_ID_RE = re.compile(r"[0-9A-HJKMNP-TV-Z]{26}")
STATUSES = ("ACTIVE", "ERROR", "FAILING", "PENDING", "UNRECOGNIZED")
_COMMON = ("status", "statusDescription")
#: Each channel's DTO fields and their JSON types (OpenAPI `Conversation*InfoDto`).
CHANNELS: dict[str, dict[str, type | tuple[type, ...]]] = {
    "instagram": {
        "id": str, "name": str, "username": str, "biography": str, "followersCount": (int, float),
        "followsCount": (int, float), "mediaCount": (int, float), "profilePictureUrl": str, "website": str,
    },
    "messenger": {"id": str, "name": str, "globalBrandPageName": str},
    "telegram": {
        "name": str, "username": str, "canJoinGroups": bool, "canReadAllGroupMessages": bool,
        "supportsInlineQueries": bool,
    },
    "viber": {
        "id": str, "name": str, "uri": str, "icon": str, "category": str, "subcategory": str, "location": dict,
        "country": str, "subscribersCount": (int, float),
    },
}  # fmt: skip
#: Operations that document a 400 (`conversation_app_id_invalid`): all but viber's.
DOCUMENTS_400 = ("instagram", "messenger", "telegram")


def _app(request: Request, channel: str) -> Record | None:
    pid = str(request.path_params["projectId"])
    app_id = str(request.path_params["conversationAppId"])
    if not PROJECT_ID_RE.fullmatch(pid):
        raise errors.conversation_app_not_found()
    if not APP_ID_RE.fullmatch(app_id):
        raise errors.conversation_app_id_invalid() if channel in DOCUMENTS_400 else errors.conversation_app_not_found()
    project = get_state(request).store.get_project(pid)
    return project.collection(APPS).get(app_id) if project else None


def _getter(channel: str) -> Any:
    async def get_channel(request: Request) -> Response:
        with get_state(request).store.lock:
            app = _app(request, channel)
            if app is None:
                raise errors.conversation_app_not_found()
            info = app["channels"].get(channel)
            if info is None:
                raise errors.conversation_app_no_channel(channel)
            return JSONResponse(dict(info))

    return get_channel


def routes() -> list[BaseRoute]:
    base = "/v1/projects/{projectId}/conversation/apps/{conversationAppId}"
    return [
        resource_route(f"{base}/{channel}", {"GET": _getter(channel)}, name=f"conversation_{channel}")
        for channel in CHANNELS
    ]


def _channel_info(channel: str, body: Any) -> dict[str, Any]:
    if not isinstance(body, dict):
        raise bad_request(f"Send a JSON object with Conversation {channel} info fields.")
    fields = CHANNELS[channel]
    unknown = [k for k in body if k not in fields and k not in _COMMON]
    if unknown:
        raise bad_request(f"Unknown {channel} fields: {', '.join(unknown)}. Known: {', '.join((*_COMMON, *fields))}.")
    info = {"status": "ACTIVE", **body}
    if info["status"] not in STATUSES:
        raise bad_request(f"status must be one of {', '.join(STATUSES)}.")
    if "statusDescription" in info and not isinstance(info["statusDescription"], str):
        raise bad_request("statusDescription must be a string.")
    for name, kind in fields.items():
        value = info.get(name)
        if name in info and (not isinstance(value, kind) or (kind is not bool and isinstance(value, bool))):
            raise bad_request(f"{name} has the wrong JSON type.")
    location = info.get("location")
    if location is not None and not (
        set(location) == {"lon", "lat"} and all(isinstance(location[k], int | float) for k in ("lon", "lat"))
    ):
        raise bad_request('location must be {"lon": <number>, "lat": <number>}.')
    return info


def _admin_ids(request: Request) -> tuple[str, str]:
    pid = str(request.path_params["projectId"])
    app_id = str(request.path_params["conversationAppId"])
    if not PROJECT_ID_RE.fullmatch(pid):
        raise bad_request("projectId is not a well-formed project ID.")
    if not APP_ID_RE.fullmatch(app_id):
        raise bad_request("conversationAppId must be a ULID (26 characters of Crockford's base32, upper case).")
    return pid, app_id


async def admin_put_channel(request: Request) -> Response:
    state = admin_state(request)
    pid, app_id = _admin_ids(request)
    channel = str(request.path_params["channel"])
    if channel not in CHANNELS:
        raise bad_request(f"Unknown channel {channel}. Known: {', '.join(CHANNELS)}.")
    info = _channel_info(channel, await json_body(request))
    with state.store.lock:
        apps = state.store.project(pid).collection(APPS)
        app = apps.setdefault(app_id, {"id": app_id, "channels": {}})
        app["channels"][channel] = info
    return JSONResponse(info)


async def admin_delete_channel(request: Request) -> Response:
    state = admin_state(request)
    pid, app_id = _admin_ids(request)
    with state.store.lock:
        app = state.store.project(pid).collection(APPS).get(app_id)
        if app is not None:
            app["channels"].pop(str(request.path_params["channel"]), None)
    return Response(status_code=204)


async def admin_delete_app(request: Request) -> Response:
    state = admin_state(request)
    pid, app_id = _admin_ids(request)
    with state.store.lock:
        state.store.project(pid).collection(APPS).pop(app_id, None)
    return Response(status_code=204)


def admin_routes() -> list[BaseRoute]:
    base = ADMIN_PREFIX + "/projects/{projectId}/conversation/apps/{conversationAppId}"
    return [
        Route(base + "/{channel}", admin_put_channel, methods=["PUT"]),
        Route(base + "/{channel}", admin_delete_channel, methods=["DELETE"]),
        Route(base, admin_delete_app, methods=["DELETE"]),
    ]


GROUP = ResourceGroup(name="conversation", routes=routes, collections=(APPS,), admin_routes=admin_routes)
