"""OAuth2 client-credentials tokens: fetched once, cached, refreshed once on expiry or on a 401.

The gRPC server runs up to ten handlers at once, so the cache is shared and locked: when ten requests
meet an expired token, one of them fetches a new token and the other nine use it.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Generator

import httpx

#: Refresh this many seconds before the token's announced expiry, so a token never dies in flight.
EXPIRY_MARGIN = 60.0


class TokenCache:
    def __init__(self, fetch: Callable[[], tuple[str, float]], clock: Callable[[], float] = time.monotonic):
        """``fetch`` returns ``(access_token, expires_in_seconds)``."""
        self._fetch = fetch
        self._clock = clock
        self._lock = threading.Lock()
        self._token: str | None = None
        self._expires_at = 0.0
        self.fetches = 0

    def get(self) -> str:
        with self._lock:
            if self._token is None or self._clock() >= self._expires_at:
                token, expires_in = self._fetch()
                self.fetches += 1
                self._token = token
                margin = min(EXPIRY_MARGIN, expires_in / 2)
                self._expires_at = self._clock() + max(expires_in - margin, 0.0)
            return self._token

    def invalidate(self, token: str) -> None:
        """Forget ``token`` if it is still the current one (another thread may have refreshed already)."""
        with self._lock:
            if self._token == token:
                self._token = None


class BearerTokenAuth(httpx.Auth):
    """httpx auth flow: add the cached bearer token; on a 401, refresh once and retry once."""

    def __init__(self, cache: TokenCache):
        self.cache = cache

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        token = self.cache.get()
        request.headers["Authorization"] = f"Bearer {token}"
        response = yield request
        if response.status_code == 401:
            self.cache.invalidate(token)
            request.headers["Authorization"] = f"Bearer {self.cache.get()}"
            yield request
