"""What every resource group shares: the group descriptor, path-parameter checks, JSON bodies."""

from __future__ import annotations

import json
import re
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from emulator import errors

PROJECT_ID_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9-]{0,63}")

Endpoint = Callable[[Request], Awaitable[Response]]


@dataclass(frozen=True)
class ResourceGroup:
    """One API tag (or a few related ones) of the emulated API.

    `routes` builds the API routes (paths under `/v1/projects/{projectId}/...`); `collections` names the store
    collections the group owns, which the admin API exposes raw at `/_emulator/projects/{projectId}/{name}`;
    `admin_routes` adds group-specific admin controls (approve/reject and the like) under `/_emulator`.
    """

    name: str
    routes: Callable[[], list[BaseRoute]]
    collections: tuple[str, ...] = ()
    admin_routes: Callable[[], list[BaseRoute]] = field(default=lambda: [])


def path_id(
    request: Request, name: str, pattern: re.Pattern[str], malformed: Callable[[], errors.PapiError] | None = None
) -> str:
    """A path parameter that must match `pattern` in full, else 400 `invalid_id_format` naming it, or
    `malformed()` for operations whose description documents no 400 (a malformed id then names nothing, so
    the operation's documented 404 applies)."""
    value = str(request.path_params[name])
    if not pattern.fullmatch(value):
        raise malformed() if malformed is not None else errors.invalid_id_format(name)
    return value


def project_id(request: Request, malformed: Callable[[], errors.PapiError] | None = None) -> str:
    return path_id(request, "projectId", PROJECT_ID_RE, malformed)


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def _is_json_content_type(content_type: str) -> bool:
    media_type = content_type.split(";", 1)[0].strip().lower()
    return media_type == "application/json" or (media_type.startswith("application/") and media_type.endswith("+json"))


async def read_json_object(request: Request) -> dict[str, Any]:
    """The request body as a JSON object, else 400 `invalid_payload` (no JSON content type, bad JSON,
    NaN/Infinity, or JSON that is not an object)."""
    if not _is_json_content_type(request.headers.get("content-type", "")):
        raise errors.invalid_payload()
    raw = await request.body()
    try:
        body = json.loads(raw.decode("utf-8"), parse_constant=_reject_constant)
    except (UnicodeDecodeError, ValueError):
        raise errors.invalid_payload() from None
    if not isinstance(body, dict):
        raise errors.invalid_payload()
    return body


def ordered(records: Sequence[dict[str, Any]], key: str) -> list[dict[str, Any]]:
    """Records sorted by one string field (code-point order), ties broken by id: a stable list order."""
    return sorted(records, key=lambda r: (str(r.get(key, "")), str(r.get("id", ""))))


def resource_route(path: str, handlers: Mapping[str, Endpoint], name: str) -> Route:
    """One route for all methods of a path, so a 405 carries the right `Allow` header."""
    table = {method.upper(): handler for method, handler in handlers.items()}

    async def dispatch(request: Request) -> Response:
        handler = table.get(request.method) or table["GET"]  # Starlette adds HEAD to routes that have GET
        return await handler(request)

    return Route(path, dispatch, methods=list(table), name=name)
