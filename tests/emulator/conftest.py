"""One emulator per test session on a free port, reset before every test; real HTTP with httpx."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest

from emulator.server import EmulatorServer

KEY_ID = "emulator-key"
KEY_SECRET = "emulator-secret"
PROJECT = "tinyfrog-jump-high-over-lilypadbasin"


@pytest.fixture(scope="session")
def emulator() -> Iterator[EmulatorServer]:
    with EmulatorServer(key_id=KEY_ID, key_secret=KEY_SECRET, token_ttl=3600) as server:
        yield server


@pytest.fixture(scope="session")
def admin(emulator: EmulatorServer) -> Iterator[httpx.Client]:
    """Unauthenticated client for the `/_emulator` admin API."""
    with httpx.Client(base_url=emulator.url + "/_emulator", timeout=10) as client:
        yield client


@pytest.fixture(autouse=True)
def _reset_emulator(admin: httpx.Client) -> None:
    assert admin.post("/reset").status_code == 204


@pytest.fixture
def api(emulator: EmulatorServer) -> Iterator[httpx.Client]:
    """Client with Basic auth (the key id / secret the emulator was started with)."""
    with httpx.Client(base_url=emulator.url, auth=(KEY_ID, KEY_SECRET), timeout=10) as client:
        yield client


@pytest.fixture
def anon(emulator: EmulatorServer) -> Iterator[httpx.Client]:
    """Client without credentials."""
    with httpx.Client(base_url=emulator.url, timeout=10) as client:
        yield client


def webhooks_path(project: str = PROJECT) -> str:
    return f"/v1/projects/{project}/webhooks"


def webhook_body(n: int = 1, **overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "target": f"https://my.server.com/callback{n}",
        "secret": f"secret-{n}",
        "triggers": ["WHATSAPP_TEMPLATE_APPROVED", "WHATSAPP_TEMPLATE_REJECTED"],
    }
    body.update(overrides)
    return body


@pytest.fixture
def create_webhook(api: httpx.Client) -> Callable[..., dict[str, Any]]:
    def create(n: int = 1, project: str = PROJECT, **overrides: Any) -> dict[str, Any]:
        response = api.post(webhooks_path(project), json=webhook_body(n, **overrides))
        assert response.status_code == 201, response.text
        created: dict[str, Any] = response.json()
        return created

    return create
