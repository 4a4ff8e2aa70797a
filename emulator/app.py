"""Assemble the emulator: resource groups, auth, admin API, request log + faults, PAPI-shaped errors.

Request path through the stack (outermost first)::

    ServerErrorMiddleware (Starlette; unhandled exception -> 500 internal_error)
    RequestLogAndFaultMiddleware  (non-admin requests: log, faults)
    PapiAuthMiddleware            (/v1/...: Basic or live bearer, else 401)
    ExceptionMiddleware           (PapiError -> its body; unknown route 404 / wrong method 405, PAPI-shaped)
    Router                        (/oauth2/token, /_emulator/..., the groups' /v1/... routes)

To add a resource group (one API tag), write its module or package with a `GROUP = ResourceGroup(...)` and append
it to `GROUPS`.
"""

from __future__ import annotations

from collections.abc import Sequence

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute

from emulator import admin, auth, bundles, errors, kakaotalk, rcs, webhooks
from emulator.common import ResourceGroup
from emulator.conversation import channels
from emulator.errors import PapiError
from emulator.middleware import RequestLogAndFaultMiddleware
from emulator.state import EmulatorState, Settings
from emulator.whatsapp import accounts, flows, senders, solutions, templates

GROUPS: tuple[ResourceGroup, ...] = (
    webhooks.GROUP,
    accounts.GROUP,
    senders.GROUP,
    solutions.GROUP,
    flows.GROUP,
    templates.GROUP,
    channels.GROUP,
    bundles.GROUP,
    kakaotalk.GROUP,
    rcs.GROUP,
)


async def _papi_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, PapiError)
    return exc.response()


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    if exc.status_code == 404:
        return errors.route_not_found().response()
    if exc.status_code == 405:
        return errors.method_not_allowed((exc.headers or {}).get("Allow")).response()
    return PapiError(exc.status_code, "http_error", str(exc.detail), "Check the request.").response()


async def _internal_error(request: Request, exc: Exception) -> Response:
    return errors.internal_error().response()


def create_app(settings: Settings | None = None, groups: Sequence[ResourceGroup] = GROUPS) -> Starlette:
    state = EmulatorState(settings or Settings())
    routes: list[BaseRoute] = [*auth.routes(), *admin.routes(groups)]
    for group in groups:
        routes.extend(group.routes())
    app = Starlette(
        routes=routes,
        middleware=[
            Middleware(RequestLogAndFaultMiddleware, state=state),
            Middleware(auth.PapiAuthMiddleware, state=state),
        ],
        exception_handlers={PapiError: _papi_error, HTTPException: _http_error, Exception: _internal_error},
    )
    # Trailing slashes are not redirected: `/webhooks/` is an unknown route (404), not a 307 to `/webhooks`.
    app.router.redirect_slashes = False
    app.state.emulator = state
    return app
