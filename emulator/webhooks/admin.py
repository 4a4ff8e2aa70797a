"""Admin controls of webhook callbacks:

    GET    /_emulator/webhooks/deliveries[?projectId=...]   {"deliveries": [{id, projectId, webhookId, target,
                                                             trigger, time, status, attempts, httpStatusCode, error}]}
    DELETE /_emulator/webhooks/deliveries                   204

`status` is PENDING (attempts under way), DELIVERED (a 2xx answer) or FAILED (every attempt failed);
`httpStatusCode` is the last answer's, `error` the last connection failure's. Oldest first.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from emulator.state import ADMIN_PREFIX, get_state
from emulator.webhooks.delivery import delivery_log


async def list_deliveries(request: Request) -> Response:
    entries = delivery_log(get_state(request)).entries(request.query_params.get("projectId"))
    return JSONResponse({"deliveries": entries})


async def clear_deliveries(request: Request) -> Response:
    delivery_log(get_state(request)).clear()
    return Response(status_code=204)


def admin_routes() -> list[BaseRoute]:
    path = ADMIN_PREFIX + "/webhooks/deliveries"
    return [Route(path, list_deliveries, methods=["GET"]), Route(path, clear_deliveries, methods=["DELETE"])]
