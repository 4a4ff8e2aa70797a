"""The request log: one entry per non-admin request, for tests to assert on.

Entries carry method, path, query, status, the auth scheme presented and the emulator-clock time. They never
carry the Authorization header or any body, and secret-looking query parameters are redacted.
"""

from __future__ import annotations

import threading
from typing import Literal, TypedDict
from urllib.parse import parse_qsl, urlencode

AuthKind = Literal["basic", "bearer", "none"]

# Query parameters whose values never reach the log.
_SECRET_PARAMS = frozenset({"client_secret", "secret", "password", "access_token", "token", "key_secret"})


class RequestEntry(TypedDict):
    method: str
    path: str
    query: str
    status: int | None  # None when a fault dropped the connection
    auth: AuthKind
    time: str


def redact_query(query: str) -> str:
    if not query:
        return ""
    pairs = parse_qsl(query, keep_blank_values=True)
    if not any(k.lower() in _SECRET_PARAMS for k, _ in pairs):
        return query
    return urlencode([(k, "REDACTED" if k.lower() in _SECRET_PARAMS else v) for k, v in pairs])


class RequestLog:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._entries: list[RequestEntry] = []

    def append(self, entry: RequestEntry) -> None:
        with self._lock:
            self._entries.append(entry)

    def entries(self) -> list[RequestEntry]:
        with self._lock:
            return [RequestEntry(**e) for e in self._entries]

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
