"""provider/logs.py: TRACE shows bodies with secrets redacted; every line says its RPC and type."""

from __future__ import annotations

import io
import json
import logging
from typing import Any

import pytest

from provider import logs
from provider.client import ClientSettings, SinchClient
from resources.main import build_provider
from tests.unit.conftest import API_URL, KEY_ID, KEY_SECRET, FakeSinch, reply


@pytest.fixture
def captured(monkeypatch: pytest.MonkeyPatch) -> Any:
    """The provider's log lines, as Terraform reads them from stderr (JSON), at TRACE."""
    stream = io.StringIO()
    monkeypatch.setenv("TF_LOG_PROVIDER", "TRACE")
    monkeypatch.setattr("sys.stderr", stream)
    logs.setup()
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    logging.getLogger("sinch").handlers[:] = []


def test_redact_replaces_secret_values_at_any_depth() -> None:
    body = {"target": "https://x.example.com", "secret": "s3", "details": [{"bearerToken": "bt", "code": "123456"}]}
    assert logs.redact(body, {"bearer_token"}) == {
        "target": "https://x.example.com",
        "secret": "REDACTED",
        "details": [{"bearerToken": "REDACTED", "code": "REDACTED"}],
    }


def test_the_provider_knows_the_keys_of_its_sensitive_attributes() -> None:
    keys = build_provider().secret_api_keys()
    assert {"secret", "bearerToken", "authenticationCode", "verification_code"} <= keys
    assert "target" not in keys


def test_trace_shows_bodies_redacted_and_tags_the_rpc(captured: Any) -> None:
    fake = FakeSinch(api=[reply(201, {"id": "w1", "target": "https://x.example.com", "bearerToken": "bt-1"})])
    settings = ClientSettings(KEY_ID, KEY_SECRET, provisioning_url=API_URL, auth="basic")
    client = SinchClient(settings, transport=fake.transport())
    client.secret_keys = frozenset({"bearerToken"})
    with logs.in_rpc("ApplyResourceChange", "sinch_webhook"):
        client.post("/v1/projects/p1/webhooks", {"target": "https://x.example.com", "secret": "s3cret"})
    lines = captured()
    bodies = [line for line in lines if line["@message"].endswith("body")]
    assert [line["@level"] for line in bodies] == ["trace", "trace"]
    assert bodies[0]["body"] == {"target": "https://x.example.com", "secret": "REDACTED"}
    assert bodies[1]["body"]["bearerToken"] == "REDACTED"
    assert all(line["tf_rpc"] == "ApplyResourceChange" and line["tf_type"] == "sinch_webhook" for line in lines)
    text = json.dumps(lines)
    assert "s3cret" not in text and "bt-1" not in text and KEY_SECRET not in text


def test_debug_shows_no_bodies(captured: Any) -> None:
    logging.getLogger("sinch").setLevel(logging.DEBUG)
    fake = FakeSinch(api=[reply(200, {"webhooks": []})])
    client = SinchClient(ClientSettings(KEY_ID, KEY_SECRET, provisioning_url=API_URL, auth="basic"),
                         transport=fake.transport())  # fmt: skip
    client.get("/v1/projects/p1/webhooks")
    lines = captured()
    assert lines and not [line for line in lines if "body" in line]


def test_a_retry_warning_names_method_path_and_attempt(captured: Any, sleeps: list[float]) -> None:
    fake = FakeSinch(api=[reply(503, {"errorCode": "internal_error", "message": "Internal server error."}),
                          reply(200, {})])  # fmt: skip
    client = SinchClient(ClientSettings(KEY_ID, KEY_SECRET, provisioning_url=API_URL, auth="basic"),
                         transport=fake.transport())  # fmt: skip
    client.get("/v1/projects/p1/webhooks")
    [warning] = [line for line in captured() if line["@level"] == "warn"]
    assert warning["@message"].startswith("GET /v1/projects/p1/webhooks: attempt 1 of 7 failed")
    assert (warning["http_method"], warning["http_path"], warning["attempt"]) == ("GET", "/v1/projects/p1/webhooks", 1)


def test_lines_outside_an_rpc_carry_no_tags(captured: Any) -> None:
    logging.getLogger("sinch.test").warning("hello")
    [line] = captured()
    assert "tf_rpc" not in line and "tf_type" not in line
