"""Shared pieces of the unit suite: a scripted in-process Sinch (httpx.MockTransport), no real sleeps."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

import httpx
import pytest
import tenacity.nap

KEY_ID = "unit-key-id"
KEY_SECRET = "Unit-S3cret-never-shown-0f9e8d"
AUTH_URL = "https://auth.example.com/oauth2/token"
API_URL = "https://provisioning.example.com"

Answer = Callable[[httpx.Request], httpx.Response]


def reply(status: int = 200, json: Any = None, headers: dict[str, str] | None = None) -> Answer:
    """An answer that builds a fresh response for every request it serves."""

    def answer(request: httpx.Request) -> httpx.Response:
        if json is None:
            return httpx.Response(status, headers=headers)
        return httpx.Response(status, json=json, headers=headers)

    return answer


def fail(exc_type: type[httpx.TransportError], message: str = "simulated network failure") -> Answer:
    def answer(request: httpx.Request) -> httpx.Response:
        raise exc_type(message, request=request)

    return answer


def token(value: str = "tok-1", expires_in: float = 3600) -> Answer:
    return reply(200, {"access_token": value, "token_type": "bearer", "expires_in": expires_in})


@dataclass
class FakeSinch:
    """Scripted token endpoint and API. Each queue serves its answers in order; the last one repeats."""

    api: list[Answer] = field(default_factory=lambda: [reply(200, {})])
    tokens: list[Answer] = field(default_factory=lambda: [token()])
    api_requests: list[httpx.Request] = field(default_factory=list)
    token_requests: list[httpx.Request] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def __call__(self, request: httpx.Request) -> httpx.Response:
        is_token = str(request.url) == AUTH_URL
        # A snapshot: httpx auth flows re-send the same Request object with new headers.
        seen = httpx.Request(request.method, request.url, headers=request.headers.copy(), content=request.content)
        with self.lock:
            (self.token_requests if is_token else self.api_requests).append(seen)
            queue = self.tokens if is_token else self.api
            answer = queue.pop(0) if len(queue) > 1 else queue[0]
        return answer(request)

    def transport(self) -> httpx.MockTransport:
        return httpx.MockTransport(self)


@pytest.fixture
def sleeps(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """tenacity's waits, recorded instead of slept (the client's retry logic itself is untouched)."""
    from provider.stopping import StopFlag

    recorded: list[float] = []

    def interruptible(flag: StopFlag, seconds: float) -> None:
        flag.check()
        recorded.append(seconds)

    monkeypatch.setattr(tenacity.nap, "time", SimpleNamespace(sleep=recorded.append))
    monkeypatch.setattr(StopFlag, "sleep", interruptible)
    return recorded


@pytest.fixture
def no_sinch_env(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    for name in list(os.environ):
        if name.startswith("SINCH_"):
            monkeypatch.delenv(name)
    yield


def project_provider(fake: FakeSinch | None = None) -> Any:
    """A SinchProvider as configure_provider leaves it (default project "p1"), without touching the network;
    with ``fake``, its client talks to that scripted Sinch (basic auth: no token calls)."""
    from provider.client import ClientSettings, SinchClient
    from resources.main import build_provider

    provider = build_provider()
    provider._defaults = {"project_id": "p1"}
    if fake is not None:
        settings = ClientSettings(KEY_ID, KEY_SECRET, provisioning_url=API_URL, auth="basic", retry_backoff=0.01)
        provider.client = SinchClient(settings, transport=fake.transport())
        provider.not_configured_reason = None
    return provider


def request_json(request: httpx.Request) -> Any:
    """The JSON body a recorded request carried."""
    return httpx.Response(200, content=request.content).json()
