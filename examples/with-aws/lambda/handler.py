"""Receives Sinch provisioning callbacks behind the API Gateway HTTP API (payload format 2.0).

Sinch POSTs {"type": "<TRIGGER>", "payload": {...}} with the headers x-sinch-webhook-signature (base64
HMAC-SHA256 with the webhook's secret), -algorithm, -nonce and -timestamp. The API reference does not spell out
the signed string for provisioning callbacks; this handler checks Sinch's Conversation API scheme
(body.nonce.timestamp) and logs the outcome instead of refusing the call. Once a real callback confirms it,
answer 401 to a bad signature.

Sinch ignores the answer's body and retries a call that fails, so answer 200 quickly and hand the work on.
"""

import base64
import hashlib
import hmac
import json
import os


def signature_ok(body: str, headers: dict) -> bool:
    secret = os.environ.get("SINCH_WEBHOOK_SECRET", "")
    nonce = headers.get("x-sinch-webhook-signature-nonce", "")
    timestamp = headers.get("x-sinch-webhook-signature-timestamp", "")
    signed = f"{body}.{nonce}.{timestamp}"
    expected = base64.b64encode(hmac.new(secret.encode(), signed.encode(), hashlib.sha256).digest()).decode()
    return hmac.compare_digest(expected, headers.get("x-sinch-webhook-signature", ""))


def handler(event, context):
    body = event.get("body") or ""
    if event.get("isBase64Encoded"):
        body = base64.b64decode(body).decode()
    headers = {k.lower(): v for k, v in (event.get("headers") or {}).items()}
    try:
        callback = json.loads(body)
    except ValueError:
        return {"statusCode": 400, "body": "not JSON"}
    payload = callback.get("payload") or {}
    print(
        json.dumps(
            {
                "type": callback.get("type"),
                "id": payload.get("id") or payload.get("name"),
                "state": payload.get("state"),
                "signature_ok": signature_ok(body, headers),
            }
        )
    )
    return {"statusCode": 200, "body": ""}
