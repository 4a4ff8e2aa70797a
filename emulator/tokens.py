"""Bearer tokens issued by the emulator's `/oauth2/token`, expiring on the emulator clock."""

from __future__ import annotations

import secrets
import threading
from datetime import datetime, timedelta


class TokenStore:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._tokens: dict[str, datetime] = {}

    def issue(self, now: datetime, ttl_seconds: int) -> str:
        """A new opaque token (URL-safe random, 43 characters) valid until now + ttl."""
        token = secrets.token_urlsafe(32)
        with self._lock:
            self._tokens[token] = now + timedelta(seconds=ttl_seconds)
        return token

    def is_valid(self, token: str, now: datetime) -> bool:
        with self._lock:
            expires_at = self._tokens.get(token)
        return expires_at is not None and now < expires_at

    def expire_all(self, now: datetime) -> int:
        """Make every issued token expired as of `now`; return how many were still valid."""
        with self._lock:
            live = [t for t, exp in self._tokens.items() if now < exp]
            for token in live:
                self._tokens[token] = now
            return len(live)

    def clear(self) -> None:
        with self._lock:
            self._tokens.clear()
