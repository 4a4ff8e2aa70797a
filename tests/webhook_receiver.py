"""A provisioning-webhook receiver for tests: an http.server on loopback that records every callback (headers,
raw body) and answers a status the test chooses; and the check a receiver makes (the README's snippet)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


def verify(secret: str, body: bytes, headers: dict[str, str]) -> bool:
    """What a receiver does with a callback: recompute the signature over body, nonce and timestamp."""
    signed = body + b"." + headers["x-sinch-webhook-signature-nonce"].encode()
    signed += b"." + headers["x-sinch-webhook-signature-timestamp"].encode()
    expected = base64.b64encode(hmac.new(secret.encode(), signed, hashlib.sha256).digest()).decode()
    return hmac.compare_digest(expected, headers["x-sinch-webhook-signature"])


@dataclass
class Callback:
    path: str
    headers: dict[str, str]
    body: bytes

    @property
    def json(self) -> Any:
        return json.loads(self.body)


@dataclass
class Receiver:
    url: str
    statuses: list[int] = field(default_factory=list)  # answers to give, in order (then 200)
    delay: float = 0.0  # seconds each answer takes
    received: list[Callback] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def wait_for(self, count: int, timeout: float = 10.0) -> list[Callback]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self.lock:
                if len(self.received) >= count:
                    return list(self.received)
            time.sleep(0.02)
        with self.lock:
            raise AssertionError(f"expected {count} callbacks, got {len(self.received)}: {self.received}")


@contextmanager
def receiver() -> Iterator[Receiver]:
    state: dict[str, Receiver] = {}

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("content-length") or 0))
            me = state["receiver"]
            time.sleep(me.delay)
            with me.lock:
                me.received.append(Callback(self.path, {k.lower(): v for k, v in self.headers.items()}, body))
                status = me.statuses.pop(0) if me.statuses else 200
            self.send_response(status)
            self.send_header("content-length", "0")
            self.end_headers()

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state["receiver"] = Receiver(f"http://127.0.0.1:{server.server_address[1]}")
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state["receiver"]
    finally:
        server.shutdown()
        server.server_close()
