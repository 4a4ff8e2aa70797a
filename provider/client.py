"""The one HTTP client of a configured provider: auth, retries, pagination, PAPI errors.

Shared by every resource and data source, and used from up to ten gRPC handler threads at once:
``httpx.Client`` is thread-safe, and so are the token cache and the retry policy (no shared mutable state).
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

import httpx
import tenacity
import tenacity.nap

from provider import __version__
from provider.auth import BearerTokenAuth, TokenCache
from provider.errors import ApiError, AuthError, SinchError, TransportError
from provider.listing import Listings
from provider.logs import TRACE, redact
from provider.stopping import StopFlag

log = logging.getLogger("sinch.client")

DEFAULT_PROVISIONING_URL = "https://provisioning.api.sinch.com"
DEFAULT_AUTH_URL = "https://auth.sinch.com/oauth2/token"

#: Methods that can be repeated safely after an unknown outcome. POST and PATCH are not: a retried
#: create could make a duplicate, so the caller decides (see ``SinchError.outcome_unknown``).
IDEMPOTENT = frozenset({"GET", "HEAD", "PUT", "DELETE"})
RETRYABLE_STATUS = frozenset({429, 500, 502, 503, 504})
MAX_RETRY_AFTER = 60.0


@dataclass(frozen=True)
class ClientSettings:
    key_id: str
    key_secret: str = field(repr=False)
    provisioning_url: str = DEFAULT_PROVISIONING_URL
    auth_url: str = DEFAULT_AUTH_URL
    auth: Literal["oauth2", "basic"] = "oauth2"
    request_timeout: float = 30.0
    max_retries: int = 6
    #: First backoff step in seconds when the API gives no Retry-After (doubles, with jitter, up to 10 s).
    retry_backoff: float = 0.5


class _Retryable(Exception):
    """Internal: an answer worth another attempt; carries the error to raise if attempts run out."""

    def __init__(self, error: SinchError, retry_after: float | None):
        self.error = error
        self.retry_after = retry_after


def _retry_after(response: httpx.Response) -> float | None:
    value = response.headers.get("Retry-After")
    if value is None:
        return None
    try:
        return min(max(float(value), 0.0), MAX_RETRY_AFTER)
    except ValueError:
        return None


class SinchClient:
    def __init__(
        self, settings: ClientSettings, transport: httpx.BaseTransport | None = None, stop: StopFlag | None = None
    ):
        self.settings = settings
        #: Set when Terraform stops the provider: no new request is sent, sleeps end early (``Stopped``).
        self.stop = stop or StopFlag()
        #: Collections listed once to serve many reads (a refresh at scale); writes forget them.
        self.listings = Listings()
        #: JSON keys whose values TRACE logs replace with REDACTED (the provider's sensitive attributes).
        self.secret_keys: frozenset[str] = frozenset()
        self._http = httpx.Client(
            base_url=settings.provisioning_url.rstrip("/"),
            timeout=settings.request_timeout,
            transport=transport,
            headers={"User-Agent": f"terraform-provider-sinch/{__version__}", "Accept": "application/json"},
        )
        # Backoff when the API gives no Retry-After: retry_backoff, doubling up to 10 s, plus up to
        # retry_backoff of jitter so that parallel resources do not retry in lockstep.
        self._backoff = tenacity.wait_exponential_jitter(
            multiplier=settings.retry_backoff, max=10.0, jitter=settings.retry_backoff
        )
        self.tokens: TokenCache | None = None
        if settings.auth == "basic":
            self._auth: httpx.Auth = httpx.BasicAuth(settings.key_id, settings.key_secret)
        else:
            self.tokens = TokenCache(self._fetch_token)
            self._auth = BearerTokenAuth(self.tokens)

    def close(self) -> None:
        self._http.close()

    # ------------------------------------------------------------------ requests

    def request(
        self,
        method: str,
        path: str,
        *,
        json: Any = None,
        params: Mapping[str, Any] | None = None,
        finishing: bool = False,
        repeatable: bool = False,
    ) -> Any:
        """Send one API call (with retries) and return the decoded JSON body, or None for an empty body.

        ``repeatable``: a POST or PATCH whose repetition does no harm (asking for a new verification code),
        retried after a 5xx or a lost answer like an idempotent call.

        Once the provider is stopping, only ``finishing`` calls are sent: the reads that find out what a
        request already on the wire did (a create whose answer was lost), so that it is reported, not orphaned."""

        def send() -> httpx.Response:
            return self._http.request(method, path, json=json, params=params, auth=self._auth)

        writes = method not in ("GET", "HEAD")
        if writes:
            self.listings.forget(path)
        tracing = log.isEnabledFor(TRACE)
        if tracing and json is not None:
            self._trace_body("request", method, path, json)
        try:
            response = self._with_retries(method, path, send, finishing=finishing, repeatable=repeatable)
        finally:
            if writes:  # also after: a listing made while the write was on the wire may not show it
                self.listings.forget(path)
        if response.status_code == 204 or not response.content:
            return None
        try:
            body = response.json()
        except ValueError:
            return None
        if tracing:
            self._trace_body("answer", method, path, body)
        return body

    def _trace_body(self, which: str, method: str, path: str, body: Any) -> None:
        """TRACE: a request's or an answer's JSON body, secrets replaced by REDACTED."""
        extra = {"http_method": method, "http_path": path, "body": redact(body, self.secret_keys)}
        log.log(TRACE, "%s %s: %s body", method, path, which, extra=extra)

    def get(self, path: str, params: Mapping[str, Any] | None = None, *, finishing: bool = False) -> Any:
        return self.request("GET", path, params=params, finishing=finishing)

    def post(self, path: str, body: Any, *, repeatable: bool = False) -> Any:
        return self.request("POST", path, json=body, repeatable=repeatable)

    def put(self, path: str, body: Any) -> Any:
        return self.request("PUT", path, json=body)

    def patch(self, path: str, body: Any) -> Any:
        return self.request("PATCH", path, json=body)

    def delete(self, path: str, params: Mapping[str, Any] | None = None) -> Any:
        return self.request("DELETE", path, params=params)

    def list_all(
        self,
        path: str,
        items_key: str,
        *,
        page_size: int | None = None,
        params: Mapping[str, Any] | None = None,
        finishing: bool = False,
    ) -> list[dict[str, Any]]:
        return list(self.iter_pages(path, items_key, page_size=page_size, params=params, finishing=finishing))

    def iter_pages(
        self,
        path: str,
        items_key: str,
        *,
        page_size: int | None = None,
        params: Mapping[str, Any] | None = None,
        finishing: bool = False,
    ) -> Iterator[dict[str, Any]]:
        """Every item of a token-paginated list (``nextPageToken`` until it is absent)."""
        query: dict[str, Any] = dict(params or {})
        if page_size is not None:
            query["pageSize"] = page_size
        seen_tokens: set[str] = set()
        while True:
            page = self.get(path, params=query, finishing=finishing) or {}
            yield from page.get(items_key) or []
            token = page.get("nextPageToken")
            if not token or token in seen_tokens:  # a repeated token would loop forever
                return
            seen_tokens.add(token)
            query["pageToken"] = token

    def pause_before_retry(self, attempt: int) -> None:
        """The backoff before sending a request again (``attempt`` failed so far); ends early on a stop."""
        base = self.settings.retry_backoff  # the same curve as the client's own retries
        self.stop.sleep(min(base * 2 ** (attempt - 1), 10.0) + random.uniform(0, base))

    def check_credentials(self, project_id: str | None) -> None:
        """Fail early, at provider configuration, when the key is wrong."""
        if self.tokens is not None:
            self.tokens.get()
        elif project_id:
            self.get(f"/v1/projects/{project_id}/webhooks", params={"pageSize": 1})

    # ------------------------------------------------------------------ internals

    def _fetch_token(self) -> tuple[str, float]:
        url = self.settings.auth_url

        def send() -> httpx.Response:
            return self._http.post(
                url,
                data={"grant_type": "client_credentials"},
                auth=(self.settings.key_id, self.settings.key_secret),
            )

        response = self._with_retries("POST", url, send, token_request=True)
        try:
            body = response.json()
            token, expires_in = body["access_token"], float(body.get("expires_in") or 3600)
        except (ValueError, KeyError, TypeError):
            raise AuthError(
                response.status_code, None, "the token endpoint answered without an access_token", url
            ) from None
        if not isinstance(token, str) or not token:
            raise AuthError(response.status_code, None, "the token endpoint answered an empty access_token", url)
        return token, expires_in

    def _with_retries(
        self,
        method: str,
        path: str,
        send: Callable[[], httpx.Response],
        *,
        token_request: bool = False,
        finishing: bool = False,
        repeatable: bool = False,
    ) -> httpx.Response:
        idempotent = method in IDEMPOTENT or token_request or repeatable

        def attempt() -> httpx.Response:
            if not (finishing or token_request):
                self.stop.check()
            started = time.monotonic()
            try:
                response = send()
            except (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout) as exc:
                raise _Retryable(TransportError(method, path, exc, sent=False), None) from exc
            except httpx.TransportError as exc:
                lost = TransportError(method, path, exc, sent=True)
                if idempotent:
                    raise _Retryable(lost, None) from exc
                raise lost from exc
            elapsed = (time.monotonic() - started) * 1000
            log.debug(
                "%s %s -> %s",
                method,
                path,
                response.status_code,
                extra={"http_method": method, "http_path": path, "status": response.status_code, "ms": round(elapsed)},
            )
            if response.is_success:
                return response
            error = self._error_for(method, path, response, token_request)
            if response.status_code == 429 or (response.status_code in RETRYABLE_STATUS and idempotent):
                raise _Retryable(error, _retry_after(response))
            raise error

        retrying = tenacity.Retrying(
            stop=tenacity.stop_after_attempt(self.settings.max_retries + 1),
            retry=tenacity.retry_if_exception_type(_Retryable),
            wait=self._wait,
            before_sleep=lambda state: self._log_retry(method, path, state),
            # a stop ends the backoff of new work early; finishing reads and token requests sleep it out
            sleep=tenacity.nap.sleep if (finishing or token_request) else self.stop.sleep,
            reraise=True,
        )
        try:
            return retrying(attempt)
        except _Retryable as exhausted:
            raise exhausted.error from None

    def _wait(self, state: tenacity.RetryCallState) -> float:
        exc = state.outcome.exception() if state.outcome else None
        if isinstance(exc, _Retryable) and exc.retry_after is not None:
            return exc.retry_after
        return float(self._backoff(state))

    def _log_retry(self, method: str, path: str, state: tenacity.RetryCallState) -> None:
        exc = state.outcome.exception() if state.outcome else None
        reason = exc.error.summary() if isinstance(exc, _Retryable) else repr(exc)
        sleep = state.next_action.sleep if state.next_action else 0
        attempts = self.settings.max_retries + 1
        log.warning(
            "%s %s: attempt %d of %d failed (%s); retrying in %.1fs",
            method, path, state.attempt_number, attempts, reason, sleep,
            extra={"http_method": method, "http_path": path, "attempt": state.attempt_number},
        )  # fmt: skip

    @staticmethod
    def _error_for(method: str, path: str, response: httpx.Response, token_request: bool) -> SinchError:
        try:
            body = response.json()
        except ValueError:
            body = None
        if token_request:
            error = body.get("error") if isinstance(body, dict) else None
            description = body.get("error_description") if isinstance(body, dict) else None
            return AuthError(response.status_code, error, description, path)
        return ApiError.from_response(method, path, response.status_code, body, response.text)
