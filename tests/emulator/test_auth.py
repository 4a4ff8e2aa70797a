"""Basic auth, the OAuth2 token endpoint, bearer expiry on the emulator clock, and 401 bodies."""

from __future__ import annotations

import httpx
import pytest

from emulator.server import EmulatorServer
from tests.emulator.conftest import KEY_ID, KEY_SECRET, webhooks_path

UNAUTHORIZED = {
    "errorCode": "unauthorized_error",
    "message": "Unauthorized error.",
    "resolution": "Verify that projectId is correct.",
}
INVALID_CLIENT = {
    "error": "invalid_client",
    "error_description": "Client authentication failed: unknown key id or wrong key secret.",
}


def get_token(anon: httpx.Client) -> str:
    response = anon.post("/oauth2/token", data={"grant_type": "client_credentials"}, auth=(KEY_ID, KEY_SECRET))
    assert response.status_code == 200, response.text
    token: str = response.json()["access_token"]
    return token


def test_basic_auth_works(api: httpx.Client) -> None:
    assert api.get(webhooks_path()).status_code == 200


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Authorization": "Basic " + "ZW11bGF0b3Ita2V5Ondyb25n"},  # emulator-key:wrong
        {"Authorization": "Basic not-base64!"},
        {"Authorization": "Bearer not-a-token-we-issued"},
        {"Authorization": "Bearer"},
        {"Authorization": "Digest username=emulator-key"},
        {"Authorization": KEY_SECRET},
    ],
)
def test_requests_without_valid_credentials_get_401(anon: httpx.Client, headers: dict[str, str]) -> None:
    for method, path in (("GET", webhooks_path()), ("POST", webhooks_path()), ("DELETE", webhooks_path() + "/x")):
        response = anon.request(method, path, headers=headers, json={})
        assert response.status_code == 401
        assert response.json() == UNAUTHORIZED


def test_wrong_basic_credentials(emulator: EmulatorServer) -> None:
    for auth in ((KEY_ID, "wrong"), ("other-key", KEY_SECRET), ("", "")):
        response = httpx.get(emulator.url + webhooks_path(), auth=auth)
        assert response.status_code == 401 and response.json() == UNAUTHORIZED


def test_auth_is_checked_before_anything_else(anon: httpx.Client) -> None:
    # Malformed ids, unknown routes under /v1: still 401 first.
    assert anon.get("/v1/projects/bad_id/webhooks/nope").status_code == 401
    assert anon.get("/v1/projects/p/unknown-things").status_code == 401


def test_token_endpoint_with_basic_client_credentials(anon: httpx.Client) -> None:
    response = anon.post("/oauth2/token", data={"grant_type": "client_credentials"}, auth=(KEY_ID, KEY_SECRET))
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"access_token", "token_type", "expires_in", "scope"}
    assert body["token_type"] == "bearer"
    assert body["expires_in"] == 3600
    assert body["scope"] == ""
    assert isinstance(body["access_token"], str) and len(body["access_token"]) >= 32
    assert response.headers["cache-control"] == "no-store"
    bearer = {"Authorization": f"Bearer {body['access_token']}"}
    assert anon.get(webhooks_path(), headers=bearer).status_code == 200


def test_token_endpoint_with_form_client_credentials(anon: httpx.Client) -> None:
    form = {"grant_type": "client_credentials", "client_id": KEY_ID, "client_secret": KEY_SECRET}
    response = anon.post("/oauth2/token", data=form)
    assert response.status_code == 200
    assert response.json()["access_token"] != get_token(anon)  # every call issues a new token


@pytest.mark.parametrize(
    ("kwargs"),
    [
        {"auth": (KEY_ID, "wrong")},
        {"auth": ("unknown", KEY_SECRET)},
        {"data": {"grant_type": "client_credentials", "client_id": KEY_ID, "client_secret": "nope"}},
        {"data": {"grant_type": "client_credentials"}},
    ],
)
def test_token_endpoint_rejects_wrong_client_credentials(anon: httpx.Client, kwargs: dict[str, object]) -> None:
    kwargs.setdefault("data", {"grant_type": "client_credentials"})
    response = anon.post("/oauth2/token", **kwargs)  # type: ignore[arg-type]
    assert response.status_code == 401
    assert response.json() == INVALID_CLIENT


def test_token_endpoint_rejects_other_grants(anon: httpx.Client) -> None:
    response = anon.post("/oauth2/token", data={"grant_type": "password"}, auth=(KEY_ID, KEY_SECRET))
    assert response.status_code == 400
    assert response.json()["error"] == "unsupported_grant_type"
    missing = anon.post("/oauth2/token", data={}, auth=(KEY_ID, KEY_SECRET))
    assert missing.status_code == 400
    assert missing.json()["error"] == "invalid_request"


def test_token_endpoint_only_accepts_post(anon: httpx.Client) -> None:
    response = anon.get("/oauth2/token")
    assert response.status_code == 405
    assert response.json()["errorCode"] == "method_not_allowed"


def test_tokens_expire_when_the_clock_passes_the_ttl(anon: httpx.Client, admin: httpx.Client) -> None:
    bearer = {"Authorization": f"Bearer {get_token(anon)}"}
    assert admin.post("/clock/advance", json={"seconds": 3599}).status_code == 200
    assert anon.get(webhooks_path(), headers=bearer).status_code == 200
    assert admin.post("/clock/advance", json={"seconds": 1}).status_code == 200
    response = anon.get(webhooks_path(), headers=bearer)
    assert response.status_code == 401
    assert response.json() == UNAUTHORIZED
    # A fresh token works again.
    assert anon.get(webhooks_path(), headers={"Authorization": f"Bearer {get_token(anon)}"}).status_code == 200


def test_admin_can_expire_every_token(anon: httpx.Client, admin: httpx.Client) -> None:
    tokens = [get_token(anon), get_token(anon)]
    assert admin.post("/tokens/expire").json() == {"expired": 2}
    for token in tokens:
        assert anon.get(webhooks_path(), headers={"Authorization": f"Bearer {token}"}).status_code == 401
    assert admin.post("/tokens/expire").json() == {"expired": 0}
    # Basic auth is not affected; new tokens are valid.
    assert anon.get(webhooks_path(), auth=(KEY_ID, KEY_SECRET)).status_code == 200
    assert anon.get(webhooks_path(), headers={"Authorization": f"Bearer {get_token(anon)}"}).status_code == 200


def test_reset_forgets_tokens(anon: httpx.Client, admin: httpx.Client) -> None:
    token = get_token(anon)
    admin.post("/reset")
    assert anon.get(webhooks_path(), headers={"Authorization": f"Bearer {token}"}).status_code == 401


def test_short_token_ttl() -> None:
    with EmulatorServer(token_ttl=5) as server:
        response = httpx.post(
            server.url + "/oauth2/token",
            data={"grant_type": "client_credentials"},
            auth=("emulator-key", "emulator-secret"),
        )
        assert response.json()["expires_in"] == 5
        server.state.clock.advance(5)
        bearer = {"Authorization": f"Bearer {response.json()['access_token']}"}
        assert httpx.get(server.url + webhooks_path(), headers=bearer).status_code == 401
