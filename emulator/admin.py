"""Admin API under the reserved, unauthenticated prefix `/_emulator` (never logged, never faulted).

    GET    /_emulator/health                          {"status": "ok"}
    GET    /_emulator/requests                        {"requests": [{method, path, query, status, auth, time}]}
    DELETE /_emulator/requests                        204
    POST   /_emulator/reset                           204 (store, request log, faults, tokens, clock)
    GET    /_emulator/projects                        {"projects": ["<projectId>", ...]}
    GET    /_emulator/projects/{projectId}/{coll}     {"<coll>": [raw stored records, secrets included]}
    GET    /_emulator/clock                           {"now": "<ISO 8601>", "offsetSeconds": 0.0}
    POST   /_emulator/clock/advance {"seconds": N}    {"now": ..., "offsetSeconds": ...}
    POST   /_emulator/tokens/expire                   {"expired": <tokens that were live>}
    POST   /_emulator/faults {rule}                   201 {rule with id, seed, matched, hits, remaining}
    GET    /_emulator/faults                          {"faults": [rule, ...]}
    DELETE /_emulator/faults                          204
    GET    /_emulator/settings                        {"senderActivationSeconds": 2, ...} (timing, see state.Timing)
    PATCH  /_emulator/settings {any of those keys}    the settings after the change

Resource groups add their own controls (`ResourceGroup.admin_routes`), e.g. the WhatsApp seeding endpoints.

Bad admin input answers 400 in the PAPI shape with errorCode `invalid_admin_request`.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from emulator.clock import isoformat
from emulator.common import ResourceGroup
from emulator.errors import PapiError
from emulator.faults import FaultRuleError
from emulator.state import ADMIN_PREFIX, EmulatorState, Timing, get_state


def bad_request(message: str) -> PapiError:
    return PapiError(400, "invalid_admin_request", message, "Check the emulator admin API in emulator/README.md.")


async def json_body(request: Request) -> Any:
    raw = await request.body()
    if not raw.strip():
        return {}
    try:
        return json.loads(raw)
    except ValueError:
        raise bad_request("The body is not JSON.") from None


def admin_state(request: Request) -> EmulatorState:
    """The state, with due transitions run first (admin requests bypass the API middleware that runs them):
    for the admin controls of resource groups."""
    state = get_state(request)
    state.clock.run_due()
    return state


def _clock_body(state: EmulatorState) -> dict[str, Any]:
    return {"now": isoformat(state.clock.now()), "offsetSeconds": state.clock.offset_seconds}


async def health(request: Request) -> Response:
    return JSONResponse({"status": "ok"})


async def list_requests(request: Request) -> Response:
    return JSONResponse({"requests": get_state(request).requests.entries()})


async def clear_requests(request: Request) -> Response:
    get_state(request).requests.clear()
    return Response(status_code=204)


async def reset(request: Request) -> Response:
    get_state(request).reset()
    return Response(status_code=204)


async def list_projects(request: Request) -> Response:
    return JSONResponse({"projects": get_state(request).store.project_ids()})


async def get_clock(request: Request) -> Response:
    return JSONResponse(_clock_body(get_state(request)))


async def advance_clock(request: Request) -> Response:
    body = await json_body(request)
    seconds = body.get("seconds") if isinstance(body, dict) else None
    if isinstance(seconds, bool) or not isinstance(seconds, int | float) or seconds < 0:
        raise bad_request('Send {"seconds": N} with N a non-negative number.')
    state = get_state(request)
    state.clock.advance(float(seconds))
    return JSONResponse(_clock_body(state))


async def expire_tokens(request: Request) -> Response:
    state = get_state(request)
    return JSONResponse({"expired": state.tokens.expire_all(state.clock.now())})


async def add_fault(request: Request) -> Response:
    try:
        rule = get_state(request).faults.add(await json_body(request))
    except FaultRuleError as exc:
        raise bad_request(f"Invalid fault rule: {exc}.") from None
    return JSONResponse(rule.to_json(), status_code=201)


async def get_settings(request: Request) -> Response:
    return JSONResponse(get_state(request).timing.to_json())


async def update_settings(request: Request) -> Response:
    """Change timing settings at run time (numbers >= 0). They apply to transitions scheduled afterwards."""
    body = await json_body(request)
    keys = Timing.JSON_KEYS
    if not isinstance(body, dict):
        raise bad_request(f"Send a JSON object with any of: {', '.join(keys)}.")
    unknown = [k for k in body if k not in keys]
    if unknown:
        raise bad_request(f"Unknown settings: {', '.join(unknown)}. Known: {', '.join(keys)}.")
    for key, value in body.items():
        if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value < 1e9:
            raise bad_request(f"{key} must be a number >= 0.")
    state = get_state(request)
    for key, value in body.items():
        setattr(state.timing, keys[key], float(value))
    return JSONResponse(state.timing.to_json())


async def list_faults(request: Request) -> Response:
    return JSONResponse({"faults": get_state(request).faults.rules()})


async def clear_faults(request: Request) -> Response:
    get_state(request).faults.clear()
    return Response(status_code=204)


def routes(groups: Sequence[ResourceGroup]) -> list[BaseRoute]:
    collections = {c for g in groups for c in g.collections}

    async def project_collection(request: Request) -> Response:
        name = str(request.path_params["collection"])
        if name not in collections:
            raise PapiError(
                404, "not_found", f"No collection {name!r}.", f"Known collections: {', '.join(sorted(collections))}."
            )
        state = get_state(request)
        state.clock.run_due()  # admin requests bypass the middleware that runs due transitions
        records = state.store.records(str(request.path_params["projectId"]), name)
        return JSONResponse({name: records})

    p = ADMIN_PREFIX
    admin: list[BaseRoute] = [
        Route(f"{p}/health", health, methods=["GET"]),
        Route(f"{p}/requests", list_requests, methods=["GET"]),
        Route(f"{p}/requests", clear_requests, methods=["DELETE"]),
        Route(f"{p}/reset", reset, methods=["POST"]),
        Route(f"{p}/projects", list_projects, methods=["GET"]),
        Route(f"{p}/projects/{{projectId}}/{{collection}}", project_collection, methods=["GET"]),
        Route(f"{p}/clock", get_clock, methods=["GET"]),
        Route(f"{p}/clock/advance", advance_clock, methods=["POST"]),
        Route(f"{p}/tokens/expire", expire_tokens, methods=["POST"]),
        Route(f"{p}/faults", add_fault, methods=["POST"]),
        Route(f"{p}/faults", list_faults, methods=["GET"]),
        Route(f"{p}/faults", clear_faults, methods=["DELETE"]),
        Route(f"{p}/settings", get_settings, methods=["GET"]),
        Route(f"{p}/settings", update_settings, methods=["PATCH"]),
    ]
    for group in groups:
        admin.extend(group.admin_routes())
    return admin
