"""Provisioning webhook callbacks: events of the WhatsApp life cycles reach the webhooks subscribed to them (or to
ALL), as `{type, payload}` with the object's DTO, signed with the webhook's secret; delivery runs in the
background (a slow receiver does not slow the request), is retried, and is recorded in the admin delivery log."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest

from emulator.webhooks.delivery import signature, ulid
from tests.emulator import openapi_conformance
from tests.emulator.conftest import (
    PROJECT,
    WA_TIMING,
    pi_sender_body,
    senders_path,
    template_body,
    template_path,
    webhooks_path,
    whatsapp_path,
)
from tests.emulator.test_whatsapp_accounts import PI_ACCOUNT_BODY
from tests.webhook_receiver import Callback, Receiver, receiver, verify

Create = Callable[..., dict[str, Any]]
REVIEW_PATH = f"/projects/{PROJECT}/whatsapp/templates/order_update/languages/EN_US/review"


@pytest.fixture
def hook_server() -> Iterator[Receiver]:
    with receiver() as found:
        yield found


def register(api: httpx.Client, target: str, triggers: list[str], secret: str = "s3cret") -> dict[str, Any]:
    response = api.post(webhooks_path(), json={"target": target, "secret": secret, "triggers": triggers})
    assert response.status_code == 201, response.text
    created: dict[str, Any] = response.json()
    return created


def deliveries(admin: httpx.Client, settled: bool = True, timeout: float = 10.0) -> list[dict[str, Any]]:
    """The delivery log, once no delivery is PENDING (when `settled`)."""
    deadline = time.monotonic() + timeout
    while True:
        found: list[dict[str, Any]] = admin.get("/webhooks/deliveries").json()["deliveries"]
        if not settled or all(d["status"] != "PENDING" for d in found) or time.monotonic() > deadline:
            return found
        time.sleep(0.05)


def conforms(callback: Callback, schema: str) -> None:
    checker = openapi_conformance.load()
    if checker is not None:
        errors = [e.message for e in checker.validator(schema).iter_errors(callback.json["payload"])]
        assert errors == [], errors


def test_signature_is_hmac_sha256_of_body_nonce_and_timestamp() -> None:
    nonce = ulid()
    assert len(nonce) == 26 and nonce.isalnum() and nonce.isupper()
    assert ulid() != nonce
    body = b'{"type":"ALL"}'
    signed = signature("s3cret", body, nonce, "1592227387")
    headers = {
        "x-sinch-webhook-signature": signed,
        "x-sinch-webhook-signature-nonce": nonce,
        "x-sinch-webhook-signature-timestamp": "1592227387",
    }
    assert verify("s3cret", body, headers)
    assert not verify("other", body, headers)
    assert not verify("s3cret", body + b" ", headers)
    assert not verify("s3cret", body, {**headers, "x-sinch-webhook-signature-timestamp": "1592227388"})


def test_template_approval_reaches_the_subscribed_webhooks_signed(
    api: httpx.Client, admin: httpx.Client, create_template: Create, hook_server: Receiver
) -> None:
    approved = register(api, hook_server.url + "/approved", ["WHATSAPP_TEMPLATE_APPROVED"], secret="secret-a")
    everything = register(api, hook_server.url + "/all", ["ALL"], secret="secret-b")
    register(api, hook_server.url + "/senders", ["WHATSAPP_SENDER_ACTIVE"], secret="secret-c")
    create_template(template_body())
    before = int(time.time())
    review = admin.post(
        f"/projects/{PROJECT}/whatsapp/templates/order_update/languages/EN_US/review", json={"outcome": "approve"}
    )
    assert review.status_code == 200

    got = hook_server.wait_for(2)
    time.sleep(0.3)
    assert len(hook_server.received) == 2, "the sender-only webhook gets nothing"
    by_path = {c.path: c for c in got}
    live = api.get(template_path("order_update")).json()
    for path, secret in (("/approved", "secret-a"), ("/all", "secret-b")):
        callback = by_path[path]
        assert callback.json == {"type": "WHATSAPP_TEMPLATE_APPROVED", "payload": live}
        headers = callback.headers
        assert headers["content-type"] == "application/json"
        assert headers["x-sinch-webhook-signature-algorithm"] == "HmacSHA256"
        assert len(headers["x-sinch-webhook-signature-nonce"]) == 26
        assert before <= int(headers["x-sinch-webhook-signature-timestamp"]) <= int(time.time())
        assert verify(secret, callback.body, headers)
        assert not verify("wrong-secret", callback.body, headers)
        conforms(callback, "WhatsappTemplateDto")
    assert (
        by_path["/approved"].headers["x-sinch-webhook-signature-nonce"]
        != by_path["/all"].headers["x-sinch-webhook-signature-nonce"]
    )

    log = deliveries(admin)
    assert sorted(
        (d["webhookId"], d["trigger"], d["status"], d["httpStatusCode"], d["attempts"]) for d in log
    ) == sorted(
        [
            (approved["id"], "WHATSAPP_TEMPLATE_APPROVED", "DELIVERED", 200, 1),
            (everything["id"], "WHATSAPP_TEMPLATE_APPROVED", "DELIVERED", 200, 1),
        ]
    )
    assert all(d["projectId"] == PROJECT and "secret" not in d for d in log)
    assert admin.get("/webhooks/deliveries", params={"projectId": "another"}).json() == {"deliveries": []}
    assert admin.delete("/webhooks/deliveries").status_code == 204
    assert deliveries(admin) == []


def test_rejection_and_comment_carry_the_reason(
    api: httpx.Client, admin: httpx.Client, create_template: Create, hook_server: Receiver
) -> None:
    register(api, hook_server.url, ["WHATSAPP_TEMPLATE_REJECTED", "WHATSAPP_TEMPLATE_COMMENT_ADDED"])
    create_template(template_body())
    assert api.post(template_path("order_update") + "/comments", json={"comment": "Please look"}).status_code == 201
    admin.post(
        f"/projects/{PROJECT}/whatsapp/templates/order_update/languages/EN_US/review",
        json={"outcome": "reject", "reason": "Link shortener", "rejectionCode": "SCAM"},
    )
    first, second = hook_server.wait_for(2)
    assert (first.json["type"], first.json["comment"]) == ("WHATSAPP_TEMPLATE_COMMENT_ADDED", "Please look")
    assert (second.json["type"], second.json["comment"]) == ("WHATSAPP_TEMPLATE_REJECTED", "Link shortener")
    assert second.json["payload"]["rejectionCode"] == "SCAM"
    conforms(second, "WhatsappTemplateDto")


def test_account_and_sender_events_on_the_clock(
    api: httpx.Client, admin: httpx.Client, wa_timing: Any, advance: Callable[[float], None], hook_server: Receiver
) -> None:
    register(api, hook_server.url, ["ALL"])
    assert api.post(whatsapp_path(), json=PI_ACCOUNT_BODY).status_code == 201
    advance(WA_TIMING["accountReviewSeconds"])
    assert api.post(whatsapp_path() + "/comments", json={"comment": "hello"}).status_code == 201
    created = api.post(senders_path(), json=pi_sender_body())
    assert created.status_code == 201, created.text
    url = f"{senders_path()}/{created.json()['id']}"
    advance(WA_TIMING["senderActivationSeconds"])
    assert api.post(url + "/register", json={"method": "SMS"}).status_code == 200
    code = admin.get(f"/projects/{PROJECT}/whatsapp/senders/{created.json()['id']}/otp").json()["code"]
    assert api.post(url + "/verify", json={"code": code}).status_code == 204
    got = hook_server.wait_for(5)
    assert [c.json["type"] for c in got] == [
        "WHATSAPP_ACCOUNT_PENDING_VERIFICATION",
        "WHATSAPP_ACCOUNT_ONBOARDED",
        "WHATSAPP_ACCOUNT_COMMENT_ADDED",
        "WHATSAPP_SENDER_PENDING_VERIFICATION",
        "WHATSAPP_SENDER_ACTIVE",
    ]
    assert got[1].json["payload"]["state"] == "ONBOARDED"
    assert got[2].json["comment"] == "hello"
    assert got[4].json["payload"]["id"] == created.json()["id"] and got[4].json["payload"]["state"] == "ACTIVE"
    conforms(got[1], "WhatsappAccountDto")
    conforms(got[3], "WhatsappSenderDto")
    conforms(got[4], "WhatsappSenderDto")


def test_delivery_runs_in_the_background(
    api: httpx.Client, admin: httpx.Client, create_template: Create, hook_server: Receiver
) -> None:
    hook_server.delay = 3.0
    register(api, hook_server.url, ["ALL"])
    create_template(template_body())
    started = time.monotonic()
    assert admin.post(REVIEW_PATH, json={"outcome": "approve"}).status_code == 200
    assert time.monotonic() - started < 2.0, "the request does not wait for the receiver"
    assert [d["status"] for d in deliveries(admin, settled=False)] == ["PENDING"]
    [entry] = deliveries(admin)
    assert (entry["status"], entry["attempts"], entry["httpStatusCode"]) == ("DELIVERED", 1, 200)


def test_a_failed_attempt_is_retried(
    api: httpx.Client, admin: httpx.Client, create_template: Create, hook_server: Receiver
) -> None:
    hook_server.statuses = [500, 503]
    register(api, hook_server.url, ["ALL"])
    create_template(template_body())
    admin.post(REVIEW_PATH, json={"outcome": "approve"})
    [entry] = deliveries(admin)
    assert (entry["status"], entry["attempts"], entry["httpStatusCode"]) == ("DELIVERED", 3, 200)
    assert len(hook_server.received) == 3
    assert len({c.headers["x-sinch-webhook-signature-nonce"] for c in hook_server.received}) == 3
    assert all(verify("s3cret", c.body, c.headers) for c in hook_server.received)


def test_an_unreachable_target_fails_after_the_retries(
    api: httpx.Client, admin: httpx.Client, create_template: Create
) -> None:
    with receiver() as gone:
        target = gone.url
    register(api, target, ["WHATSAPP_TEMPLATE_APPROVED"])
    create_template(template_body())
    admin.post(
        f"/projects/{PROJECT}/whatsapp/templates/order_update/languages/EN_US/review", json={"outcome": "approve"}
    )
    [entry] = deliveries(admin)
    assert (entry["status"], entry["attempts"], entry["httpStatusCode"]) == ("FAILED", 3, None)
    assert entry["error"].startswith("ConnectError")


def test_a_sender_profile_review_calls_back(
    api: httpx.Client, admin: httpx.Client, wa_timing: Any, advance: Callable[[float], None], hook_server: Receiver
) -> None:
    sender = admin.post(f"/projects/{PROJECT}/whatsapp/senders", json={}).json()  # seeding sends nothing
    register(api, hook_server.url, ["WHATSAPP_SENDER_DISPLAY_NAME_UPDATED", "WHATSAPP_SENDER_REJECTED"])
    url = f"{senders_path()}/{sender['id']}"
    renamed = api.patch(url, json={"status": "SUBMIT", "details": {"displayName": "Renamed Shop"}})
    assert renamed.status_code == 200, renamed.text
    advance(WA_TIMING["profileReviewSeconds"])
    assert api.patch(url, json={"status": "SUBMIT", "details": {"about": "Misleading"}}).status_code == 200
    review = admin.post(
        f"/projects/{PROJECT}/whatsapp/senders/{sender['id']}/changes/review",
        json={"outcome": "reject", "reason": "Not allowed"},
    )
    assert review.status_code == 200, review.text
    first, second = hook_server.wait_for(2)
    assert first.json["type"] == "WHATSAPP_SENDER_DISPLAY_NAME_UPDATED"
    assert first.json["payload"]["details"]["displayName"] == "Renamed Shop"
    assert (second.json["type"], second.json["comment"]) == ("WHATSAPP_SENDER_REJECTED", "Not allowed")
    assert second.json["payload"]["changes"]["status"] == "REJECTED"
    conforms(first, "WhatsappSenderDto")
