"""One emulator per test session on a free port, reset before every test; real HTTP with httpx.

Every answer the `api` and `anon` clients receive is checked against Sinch's OpenAPI description after each test
(documented status, body of the documented schema: see `openapi_conformance`); a departure fails the test (an
error at teardown) with the list of them. Without the description next to the clone the check is skipped.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest

from emulator.server import EmulatorServer
from tests.emulator import openapi_conformance
from tests.emulator.openapi_conformance import AnswerLog

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


@pytest.fixture(scope="session")
def answer_log() -> AnswerLog:
    return AnswerLog()


@pytest.fixture(autouse=True)
def _answers_conform(answer_log: AnswerLog) -> Iterator[None]:
    """After each test: every answer `api` / `anon` received has a documented status and body."""
    answer_log.take()
    yield
    answers = answer_log.take()
    checker = openapi_conformance.load()
    if checker is None:
        return
    problems = [p for a in answers for p in checker.problems(a.method, a.path, a.status, a.content, a.content_type)]
    if problems:
        pytest.fail("answers that depart from the OpenAPI description:\n" + "\n".join(problems), pytrace=False)


@pytest.fixture
def api(emulator: EmulatorServer, answer_log: AnswerLog) -> Iterator[httpx.Client]:
    """Client with Basic auth (the key id / secret the emulator was started with)."""
    hooks = {"response": [answer_log.record]}
    with httpx.Client(base_url=emulator.url, auth=(KEY_ID, KEY_SECRET), timeout=10, event_hooks=hooks) as client:
        yield client


@pytest.fixture
def anon(emulator: EmulatorServer, answer_log: AnswerLog) -> Iterator[httpx.Client]:
    """Client without credentials."""
    with httpx.Client(base_url=emulator.url, timeout=10, event_hooks={"response": [answer_log.record]}) as client:
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


# --- WhatsApp ------------------------------------------------------------------------------------------------

# Timings for WhatsApp tests: long enough that real time never moves anything during a test; tests advance
# the emulator clock instead. `/reset` (autouse) restores the start-up values.
WA_TIMING = {
    "senderActivationSeconds": 60,
    "profileReviewSeconds": 120,
    "accountReviewSeconds": 30,
    "templateReviewSeconds": 90,
}
UUID_RE = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
ES_BODY: dict[str, Any] = {
    "region": "EU",
    "metaLocalStorage": "DE",
    "wabaId": "11111111111111",
    "phoneNumberId": "222222222222222",
    "authenticationCode": "123asdf123",
}
PI_ACCOUNT_BODY: dict[str, Any] = {
    "clientBusinessManagerId": "1234567890",
    "businessManager": "SINCH_UK",
    "wabaName": "Legal name of company",
    "senderDetails": {
        "displayName": "My Sender Name",
        "businessCategory": "OTC_DRUGS",
        "region": "EU",
        "metaLocalStorage": "BH",
    },
}


def whatsapp_path(project: str = PROJECT) -> str:
    return f"/v1/projects/{project}/whatsapp"


def senders_path(project: str = PROJECT) -> str:
    return f"/v1/projects/{project}/whatsapp/senders"


def pi_sender_body(**overrides: Any) -> dict[str, Any]:
    """The partner-initiated example body of the spec (create sender)."""
    body: dict[str, Any] = {
        "region": "EU",
        "metaLocalStorage": "DE",
        "phoneNumberProvider": "CUSTOMER",
        "details": {
            "countryCode": "48",
            "phoneNumber": "777777777",
            "displayName": "Test name",
            "description": "Test description",
            "vertical": "EDUCATION",
            "email": "test@test.com",
            "address": "Test address",
            "websiteOne": "https://example-1.com",
            "about": "Test about",
            "photoUrl": "https://example.com/photos/1.png",
        },
    }
    body.update(overrides)
    return body


def es_body(n: int = 0, **overrides: Any) -> dict[str, Any]:
    body = {**ES_BODY, "phoneNumberId": f"22222222222{n:04d}"}
    body.update(overrides)
    return body


@pytest.fixture
def wa_timing(admin: httpx.Client) -> dict[str, float]:
    response = admin.patch("/settings", json=WA_TIMING)
    assert response.status_code == 200, response.text
    settings: dict[str, float] = response.json()
    return settings


@pytest.fixture
def advance(admin: httpx.Client) -> Callable[[float], None]:
    """Move the emulator clock forward (due transitions run)."""

    def move(seconds: float) -> None:
        assert admin.post("/clock/advance", json={"seconds": seconds}).status_code == 200

    return move


@pytest.fixture
def pi_account(admin: httpx.Client, wa_timing: dict[str, float]) -> dict[str, Any]:
    """An ONBOARDED partner-initiated account (SINCH_UK, sender region EU), seeded."""
    response = admin.post(
        f"/projects/{PROJECT}/whatsapp/account",
        json={"details": {**{k: v for k, v in PI_ACCOUNT_BODY.items() if k != "businessManager"}}},
    )
    assert response.status_code == 201, response.text
    account: dict[str, Any] = response.json()
    return account


@pytest.fixture
def create_sender(api: httpx.Client, wa_timing: dict[str, float]) -> Callable[..., dict[str, Any]]:
    """POST a sender body and return the 201 DTO."""

    def create(body: dict[str, Any], project: str = PROJECT) -> dict[str, Any]:
        response = api.post(senders_path(project), json=body)
        assert response.status_code == 201, response.text
        created: dict[str, Any] = response.json()
        return created

    return create


@pytest.fixture
def active_pi_sender(
    api: httpx.Client,
    admin: httpx.Client,
    pi_account: dict[str, Any],
    create_sender: Callable[..., dict[str, Any]],
    advance: Callable[[float], None],
) -> dict[str, Any]:
    """A partner-initiated sender taken through PENDING_VERIFICATION, register and verify to ACTIVE."""
    sender = create_sender(pi_sender_body())
    advance(WA_TIMING["senderActivationSeconds"])
    url = f"{senders_path()}/{sender['id']}"
    assert api.post(url + "/register", json={"method": "SMS"}).status_code == 200
    code = admin.get(f"/projects/{PROJECT}/whatsapp/senders/{sender['id']}/otp").json()["code"]
    assert api.post(url + "/verify", json={"code": code}).status_code == 204
    active: dict[str, Any] = api.get(url).json()
    assert active["state"] == "ACTIVE"
    return active


# --- WhatsApp templates ----------------------------------------------------------------------------------------


def templates_path(project: str = PROJECT) -> str:
    return f"/v1/projects/{project}/whatsapp/templates"


def template_path(name: str, language: str = "EN_US", project: str = PROJECT) -> str:
    return f"{templates_path(project)}/{name}/languages/{language}"


def template_body(name: str = "order_update", **overrides: Any) -> dict[str, Any]:
    """A valid UTILITY template: a text header with a variable, a body with two, a footer and a dynamic URL."""
    body: dict[str, Any] = {
        "name": name,
        "language": "EN_US",
        "category": "UTILITY",
        "details": {
            "components": [
                {"type": "HEADER", "format": "TEXT", "text": "Order {{1}}", "example": "12345"},
                {"type": "BODY", "text": "Hi {{1}}, your order {{2}} has shipped.", "examples": ["Ann", "12345"]},
                {"type": "FOOTER", "text": "Thanks for shopping"},
                {
                    "type": "BUTTONS",
                    "buttons": [
                        {
                            "type": "URL",
                            "text": "Track",
                            "url": "https://shop.example.com/t?id={{1}}",
                            "example": "https://shop.example.com/t?id=12345",
                        }
                    ],
                },
            ]
        },
    }
    body.update(overrides)
    return body


@pytest.fixture
def wa_account(admin: httpx.Client, wa_timing: dict[str, float]) -> dict[str, Any]:
    """An ONBOARDED partner-initiated account (with a WABA) for template tests, seeded; WhatsApp timings set."""
    response = admin.post(f"/projects/{PROJECT}/whatsapp/account", json={"wabaMaxPriceOnboarded": True})
    assert response.status_code == 201, response.text
    account: dict[str, Any] = response.json()
    return account


@pytest.fixture
def create_template(api: httpx.Client, wa_account: dict[str, Any]) -> Callable[..., dict[str, Any]]:
    """POST a template body and return the 201 DTO."""

    def create(body: dict[str, Any], project: str = PROJECT) -> dict[str, Any]:
        response = api.post(templates_path(project), json=body)
        assert response.status_code == 201, response.text
        created: dict[str, Any] = response.json()
        return created

    return create


@pytest.fixture(scope="module")
def spec() -> dict[str, Any]:
    """Sinch's OpenAPI description (skipped without ../shared, failed in CI)."""
    loaded = openapi_conformance.load_spec()
    if loaded is None:
        openapi_conformance.spec_missing("or PyYAML")
    assert loaded is not None
    return loaded
