"""Provisioning webhook callbacks: `deliver(state, project_id, trigger, payload)` POSTs the event to every webhook
of the project whose triggers include it (or `ALL`), signed, from a background thread, and records each delivery.

Body (the callbacks of the OpenAPI description): `{"type": <trigger>, "payload": <the object's DTO at the time>}`
plus the fields some events add (`comment` for the `*_COMMENT_ADDED` and rejection events, `newState` for
`WHATSAPP_TEMPLATE_STATUS_UPDATED`, ...). `WHATSAPP_TEMPLATE_DELETED` has no payload in the description: pass
`payload=None` to leave it out.

Signature headers (reference section 1.8):

    x-sinch-webhook-signature            base64(HMAC-SHA256(secret, raw body + "." + nonce + "." + timestamp))
    x-sinch-webhook-signature-algorithm  HmacSHA256
    x-sinch-webhook-signature-nonce      a ULID, new for every delivery
    x-sinch-webhook-signature-timestamp  epoch seconds (real time, not the emulator clock: what a receiver's
                                         replay window compares with its own clock)

The description does not give the signed string; the emulator uses the scheme of Sinch's Conversation API
callbacks, whose headers these are (raw body, nonce and timestamp joined by "."). `signature()` computes it.

Delivery never blocks the API request (or clock advance) that caused the event: the body is serialised and the
matching webhooks are chosen at once (so a later change of the object or the webhook does not alter it), then a
background thread of the webhook POSTs it (one per webhook: each gets its events in order). Like Sinch ("the
call will retry if unsuccessful"), a failed attempt (no answer or a status outside 2xx) is retried,
`RETRY_DELAYS` apart; the receiver's answer is otherwise ignored. Each delivery is recorded
(`GET /_emulator/webhooks/deliveries`): the webhook, trigger, attempts, last status code or error.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import hmac
import json
import os
import threading
import time
import uuid
from collections import deque
from collections.abc import Callable
from typing import Any

import httpx

from emulator.clock import isoformat
from emulator.state import EmulatorState
from emulator.webhooks.validation import COLLECTION

ALGORITHM = "HmacSHA256"
RETRY_DELAYS = (0.2, 1.0)  # seconds between attempts (three in all)
TIMEOUT_SECONDS = 5.0
_LOG_KEY = "webhook_deliveries"
_CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def ulid() -> str:
    """A ULID (26 Crockford base-32 characters: 48 bits of milliseconds, 80 random bits), like the nonces Sinch
    sends."""
    value = (int(time.time() * 1000) << 80) | int.from_bytes(os.urandom(10), "big")
    return "".join(_CROCKFORD[(value >> shift) & 31] for shift in range(125, -1, -5))


def signature(secret: str, body: bytes, nonce: str, timestamp: str) -> str:
    """base64 of HMAC-SHA256 over `body + "." + nonce + "." + timestamp`, keyed by the webhook's secret."""
    signed = body + b"." + nonce.encode() + b"." + timestamp.encode()
    return base64.b64encode(hmac.new(secret.encode(), signed, hashlib.sha256).digest()).decode("ascii")


class DeliveryLog:
    """The deliveries of one emulator (cleared on reset), in the order they were made; and the sending: one
    background thread per webhook with deliveries under way, so that each webhook gets its events in the order
    they happened (a comment before the rejection that followed it), while a slow receiver delays no other."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._entries: list[dict[str, Any]] = []
        self._queued: dict[str, deque[Callable[[], None]]] = {}

    def send(self, webhook_id: str, job: Callable[[], None]) -> None:
        """Run `job` in the webhook's background thread, after the jobs queued before it."""
        with self._lock:
            queued = self._queued.setdefault(webhook_id, deque())
            queued.append(job)
            if len(queued) > 1:
                return  # the webhook's thread is running and will get to it
        threading.Thread(target=self._drain, args=(webhook_id,), daemon=True).start()

    def _drain(self, webhook_id: str) -> None:
        while True:
            with self._lock:
                job = self._queued[webhook_id][0]
            job()
            with self._lock:
                queued = self._queued[webhook_id]
                queued.popleft()
                if not queued:
                    del self._queued[webhook_id]
                    return

    def add(self, entry: dict[str, Any]) -> dict[str, Any]:
        with self._lock:
            self._entries.append(entry)
        return entry

    def update(self, entry: dict[str, Any], **values: Any) -> None:
        with self._lock:
            entry.update(values)

    def get(self, entry: dict[str, Any]) -> dict[str, Any]:
        with self._lock:
            return dict(entry)

    def entries(self, project_id: str | None = None) -> list[dict[str, Any]]:
        with self._lock:
            return [dict(e) for e in self._entries if project_id is None or e["projectId"] == project_id]

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


def delivery_log(state: EmulatorState) -> DeliveryLog:
    with state.store.lock:
        found = state.group_state.get(_LOG_KEY)
        if not isinstance(found, DeliveryLog):
            found = state.group_state[_LOG_KEY] = DeliveryLog()
        return found


def deliver(
    state: EmulatorState,
    project_id: str,
    trigger: str,
    payload: Any = None,
    *,
    on_result: Callable[[dict[str, Any]], None] | None = None,
    **fields: Any,
) -> list[dict[str, Any]]:
    """Send the event `trigger` about `payload` (the object's DTO) to the project's webhooks that subscribe to it,
    in the background; `fields` are the event's extra body fields (`comment=...`; None values are left out).
    `on_result` gets each delivery's record once it has ended (a bundle keeps them as `webhookDeliveryStatuses`).
    Returns the recorded deliveries (one per webhook, still pending). Callable with the store lock held."""
    body: dict[str, Any] = {"type": trigger}
    if payload is not None:
        body["payload"] = payload
    body.update({k: v for k, v in fields.items() if v is not None})
    raw = json.dumps(body, separators=(",", ":")).encode()
    with state.store.lock:
        project = state.store.get_project(project_id)
        hooks = [dict(h) for h in project.collection(COLLECTION).values()] if project else []
    log = delivery_log(state)
    started = []
    for hook in sorted(hooks, key=lambda h: str(h["target"])):
        if trigger not in hook["triggers"] and "ALL" not in hook["triggers"]:
            continue
        entry = log.add(
            {
                "id": uuid.uuid4().hex,
                "projectId": project_id,
                "webhookId": hook["id"],
                "target": hook["target"],
                "trigger": trigger,
                "time": isoformat(state.clock.now()),
                "status": "PENDING",
                "attempts": 0,
                "httpStatusCode": None,
                "error": None,
            }
        )
        send = functools.partial(_send, log, entry, str(hook["target"]), str(hook["secret"]), raw, on_result)
        log.send(str(hook["id"]), send)
        started.append(dict(entry))
    return started


def _send(
    log: DeliveryLog,
    entry: dict[str, Any],
    target: str,
    secret: str,
    raw: bytes,
    on_result: Callable[[dict[str, Any]], None] | None = None,
) -> None:
    _attempt(log, entry, target, secret, raw)
    if on_result is not None:
        on_result(log.get(entry))


def _attempt(log: DeliveryLog, entry: dict[str, Any], target: str, secret: str, raw: bytes) -> None:
    for attempt, delay in enumerate((0.0, *RETRY_DELAYS), start=1):
        time.sleep(delay)
        nonce, timestamp = ulid(), str(int(time.time()))
        headers = {
            "content-type": "application/json",
            "x-sinch-webhook-signature": signature(secret, raw, nonce, timestamp),
            "x-sinch-webhook-signature-algorithm": ALGORITHM,
            "x-sinch-webhook-signature-nonce": nonce,
            "x-sinch-webhook-signature-timestamp": timestamp,
        }
        try:
            response = httpx.post(target, content=raw, headers=headers, timeout=TIMEOUT_SECONDS)
        except httpx.HTTPError as exc:
            log.update(entry, attempts=attempt, httpStatusCode=None, error=f"{type(exc).__name__}: {exc}")
            continue
        delivered = 200 <= response.status_code < 300
        log.update(entry, attempts=attempt, httpStatusCode=response.status_code, error=None)
        if delivered:
            log.update(entry, status="DELIVERED")
            return
    log.update(entry, status="FAILED")
