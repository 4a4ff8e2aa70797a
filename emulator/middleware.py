"""The outermost emulator middleware: request log and fault injection for every non-admin request."""

from __future__ import annotations

import asyncio
from urllib.parse import unquote

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from emulator import errors
from emulator.auth import auth_kind, header_value
from emulator.clock import isoformat
from emulator.requestlog import RequestEntry, redact_query
from emulator.state import EmulatorState, is_admin_path

# What the client gets when a fault drops the connection: headers promising a body that never comes.
_DROP_START: Message = {
    "type": "http.response.start",
    "status": 200,
    "headers": [(b"content-type", b"application/json"), (b"content-length", b"64")],
}
DROPPED_RESPONSE_LOG_MESSAGE = "ASGI callable returned without completing response."
# Marks an answer a fault rule made (not a delay-only rule's, which is the real answer): the value is the rule's
# id. For benches and tests that count injected failures; the real API sends no such header.
FAULT_HEADER = "X-Emulator-Fault"


def route_path(scope: Scope) -> str:
    """The path as the real service (NestJS on Express) routes it: the raw path split on `/`, then each
    segment decoded. uvicorn decodes the whole path first, so `projects/a%2Fb/webhooks` would lose a segment
    and miss every route; here the `/` stays encoded in its segment (`a%2Fb`), which no id format accepts."""
    path = str(scope["path"])
    raw = scope.get("raw_path")
    if not isinstance(raw, bytes) or b"%2f" not in raw.lower():
        return path
    raw_path = raw.split(b"?", 1)[0].decode("latin-1")
    return "/".join(unquote(segment).replace("/", "%2F") for segment in raw_path.split("/"))


class RequestLogAndFaultMiddleware:
    """Logs each API request (never its headers or body) and applies the first fault rule that selects it
    (`FaultRules.take`: method, path and, for a rule with a `rate`, its seeded draw).

    Fault order: `delay` (real seconds, not the emulator clock), then for `afterCommit` the real handler
    runs with its response discarded, then the fault answer: `drop` (headers sent, connection closed
    mid-body) or the PAPI error for `status` with an optional `Retry-After`. A delay-only rule just delays.
    """

    def __init__(self, app: ASGIApp, state: EmulatorState) -> None:
        self.app = app
        self.state = state

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or is_admin_path(str(scope["path"])):
            await self.app(scope, receive, send)
            return

        path = route_path(scope)
        if path != scope["path"]:
            scope = {**scope, "path": path}
        state = self.state
        state.clock.run_due()
        method = str(scope["method"])
        status: int | None = None
        dropped = False

        async def send_logged(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            await send(message)

        async def discard(message: Message) -> None:
            return None

        rule = state.faults.take(method, path)
        try:
            if rule is None:
                await self.app(scope, receive, send_logged)
                return
            if rule.delay:
                await asyncio.sleep(rule.delay)
            if rule.after_commit:
                await self.app(scope, receive, discard)
            elif rule.status is None and not rule.drop:
                await self.app(scope, receive, send_logged)
                return
            if rule.drop:
                dropped = True
                headers = [*_DROP_START["headers"], (FAULT_HEADER.lower().encode(), str(rule.id).encode())]
                await send({**_DROP_START, "headers": headers})
                return
            assert rule.status is not None
            error = errors.error_for_code(rule.status, rule.error_code, str(scope.get("path", "")))
            error.headers[FAULT_HEADER] = str(rule.id)
            if rule.retry_after is not None:
                error.headers["Retry-After"] = str(rule.retry_after)
            await error.response()(scope, receive, send_logged)
        finally:
            if status is None and not dropped:
                status = 500  # the handler raised: ServerErrorMiddleware answers 500
            state.requests.append(
                RequestEntry(
                    method=method,
                    path=path,
                    query=redact_query(bytes(scope.get("query_string", b"")).decode("latin-1")),
                    status=status,
                    auth=auth_kind(header_value(scope, b"authorization")),
                    time=isoformat(state.clock.now()),
                )
            )
