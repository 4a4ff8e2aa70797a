"""Authentication like the real service: HTTP Basic (key id / key secret) or a bearer token.

Bearer tokens come from the emulator's own OAuth2 client-credentials endpoint, `POST /oauth2/token` (the
real one is `https://auth.sinch.com/oauth2/token`), and expire on the emulator clock. Every API path
(`/v1/...`) needs valid Basic credentials or a live bearer token; anything else is answered 401 with the PAPI
`unauthorized_error` body before routing, so auth is always the first check.
"""

from __future__ import annotations

import base64
import binascii
import hmac
from urllib.parse import parse_qsl

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route
from starlette.types import ASGIApp, Receive, Scope, Send

from emulator import errors
from emulator.requestlog import AuthKind
from emulator.state import EmulatorState, get_state

API_PREFIX = "/v1/"


def header_value(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", []):
        if key.lower() == name:
            return str(value.decode("latin-1"))
    return None


def auth_kind(authorization: str | None) -> AuthKind:
    """Which scheme the request presented (valid or not): what the request log records."""
    scheme = (authorization or "").split(" ", 1)[0].lower()
    if scheme == "basic":
        return "basic"
    if scheme == "bearer":
        return "bearer"
    return "none"


def basic_credentials(authorization: str | None) -> tuple[str, str] | None:
    if auth_kind(authorization) != "basic" or authorization is None:
        return None
    try:
        decoded = base64.b64decode(authorization.split(" ", 1)[1].strip(), validate=True).decode("utf-8")
    except (IndexError, ValueError, binascii.Error, UnicodeDecodeError):
        return None
    if ":" not in decoded:
        return None
    key_id, key_secret = decoded.split(":", 1)
    return key_id, key_secret


def bearer_token(authorization: str | None) -> str | None:
    if auth_kind(authorization) != "bearer" or authorization is None:
        return None
    parts = authorization.split(" ", 1)
    token = parts[1].strip() if len(parts) == 2 else ""
    return token or None


def credentials_match(state: EmulatorState, key_id: str, key_secret: str) -> bool:
    id_ok = hmac.compare_digest(key_id.encode(), state.settings.key_id.encode())
    secret_ok = hmac.compare_digest(key_secret.encode(), state.settings.key_secret.encode())
    return id_ok and secret_ok


def papi_authorized(state: EmulatorState, authorization: str | None) -> bool:
    creds = basic_credentials(authorization)
    if creds is not None:
        return credentials_match(state, *creds)
    token = bearer_token(authorization)
    return token is not None and state.tokens.is_valid(token, state.clock.now())


class PapiAuthMiddleware:
    """Answers 401 `unauthorized_error` to any `/v1/...` request without valid Basic or a live bearer token."""

    def __init__(self, app: ASGIApp, state: EmulatorState) -> None:
        self.app = app
        self.state = state

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        is_api = scope["type"] == "http" and str(scope["path"]).startswith(API_PREFIX)
        if is_api and not papi_authorized(self.state, header_value(scope, b"authorization")):
            await errors.unauthorized().response()(scope, receive, send)
            return
        await self.app(scope, receive, send)


def _oauth_error(status: int, error: str, description: str, *, basic_challenge: bool = False) -> JSONResponse:
    headers = {"Cache-Control": "no-store", "Pragma": "no-cache"}
    if basic_challenge:
        headers["WWW-Authenticate"] = 'Basic realm="sinch-emulator"'
    return JSONResponse({"error": error, "error_description": description}, status_code=status, headers=headers)


async def token_endpoint(request: Request) -> Response:
    """OAuth2 client credentials (RFC 6749 section 4.4): client authentication first, then the grant type."""
    state = get_state(request)
    content_type = request.headers.get("content-type", "").split(";", 1)[0].strip().lower()
    body = await request.body()
    form: dict[str, str] = {}
    if content_type == "application/x-www-form-urlencoded":
        form = dict(parse_qsl(body.decode("utf-8", errors="replace"), keep_blank_values=True))

    authorization = request.headers.get("authorization")
    creds = basic_credentials(authorization)
    if creds is None and auth_kind(authorization) == "none" and "client_id" in form:
        creds = (form.get("client_id", ""), form.get("client_secret", ""))
    if creds is None or not credentials_match(state, *creds):
        return _oauth_error(
            401,
            "invalid_client",
            "Client authentication failed: unknown key id or wrong key secret.",
            basic_challenge=auth_kind(authorization) == "basic",
        )

    grant_type = form.get("grant_type")
    if not grant_type:
        return _oauth_error(400, "invalid_request", "The request is missing the grant_type parameter.")
    if grant_type != "client_credentials":
        return _oauth_error(400, "unsupported_grant_type", "Only the client_credentials grant type is supported.")

    ttl = state.settings.token_ttl
    token = state.tokens.issue(state.clock.now(), ttl)
    return JSONResponse(
        {"access_token": token, "token_type": "bearer", "expires_in": ttl, "scope": ""},
        headers={"Cache-Control": "no-store", "Pragma": "no-cache"},
    )


def routes() -> list[BaseRoute]:
    return [Route("/oauth2/token", token_endpoint, methods=["POST"])]
