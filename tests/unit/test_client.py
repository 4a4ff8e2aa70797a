"""provider/client.py through httpx.MockTransport: real auth flows, retries, pagination and PAPI errors."""

from __future__ import annotations

import base64
import logging
import random
import threading
import time
import warnings
from collections.abc import Iterator
from urllib.parse import parse_qs

import httpx
import pytest

from provider.client import ClientSettings, SinchClient
from provider.errors import ApiError, AuthError, SinchError, TransportError
from tests.unit.conftest import API_URL, AUTH_URL, KEY_ID, KEY_SECRET, FakeSinch, fail, reply, token

PATH = "/v1/projects/p1/webhooks"

PAPI_429 = {
    "errorCode": "RESOURCE_EXHAUSTED",
    "message": "Too many requests",
    "resolution": "Slow down and try again later",
    "additionalInformation": {"validationErrors": ["quota: 10 calls per second"], "requestId": "req-42"},
}


@pytest.fixture(autouse=True)
def _deprecations_are_not_errors() -> Iterator[None]:
    # client._wait uses tenacity's deprecated `initial=` (kept for tenacity 8): not what these tests are about.
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", "The 'initial' parameter is deprecated", DeprecationWarning)
        yield


def make_client(fake: FakeSinch, **overrides: object) -> SinchClient:
    settings = {
        "key_id": KEY_ID,
        "key_secret": KEY_SECRET,
        "provisioning_url": API_URL,
        "auth_url": AUTH_URL,
        "retry_backoff": 0.01,
        "max_retries": 3,
        **overrides,
    }
    return SinchClient(ClientSettings(**settings), transport=fake.transport())  # type: ignore[arg-type]


def basic(user: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()


# ----------------------------------------------------------------------------------------------
# Retries
# ----------------------------------------------------------------------------------------------


def test_429_with_retry_after_is_retried_and_succeeds(sleeps: list[float]) -> None:
    fake = FakeSinch(
        api=[
            reply(429, PAPI_429, {"Retry-After": "0"}),
            reply(429, PAPI_429, {"Retry-After": "2"}),
            reply(200, {"webhooks": [{"id": "w1"}]}),
        ]
    )
    client = make_client(fake)
    assert client.get(PATH) == {"webhooks": [{"id": "w1"}]}
    assert len(fake.api_requests) == 3
    assert sleeps == [0.0, 2.0]  # Retry-After is the wait, not the backoff


def test_retry_after_real_wait_with_zero_seconds() -> None:
    # Without recording sleeps: the real tenacity sleep path with Retry-After "0" stays fast.
    fake = FakeSinch(api=[reply(429, PAPI_429, {"Retry-After": "0"}), reply(200, {"ok": True})])
    started = time.monotonic()
    assert make_client(fake).get(PATH) == {"ok": True}
    assert time.monotonic() - started < 1.0
    assert len(fake.api_requests) == 2


def test_retry_after_is_capped(sleeps: list[float]) -> None:
    fake = FakeSinch(api=[reply(429, PAPI_429, {"Retry-After": "3600"}), reply(200, {})])
    make_client(fake).get(PATH)
    assert sleeps == [60.0]


def test_429_is_retried_on_post_too(sleeps: list[float]) -> None:
    # 429 means the request was not processed: safe to repeat even for a create.
    fake = FakeSinch(api=[reply(429, PAPI_429, {"Retry-After": "0"}), reply(201, {"id": "w1"})])
    assert make_client(fake).post(PATH, {"target": "https://example.com"}) == {"id": "w1"}
    assert [r.method for r in fake.api_requests] == ["POST", "POST"]
    assert fake.api_requests[1].content == fake.api_requests[0].content


def test_retries_stop_after_max_retries_and_raise_the_last_error(sleeps: list[float]) -> None:
    answers = [
        reply(429, {**PAPI_429, "message": f"Too many requests (attempt {n})"}, {"Retry-After": "0"}) for n in (1, 2, 3)
    ]
    fake = FakeSinch(api=answers)
    client = make_client(fake, max_retries=2)
    with pytest.raises(ApiError) as info:
        client.get(PATH)
    assert len(fake.api_requests) == 3  # 1 + max_retries
    assert len(sleeps) == 2
    error = info.value
    assert error.status == 429
    assert error.summary() == "Sinch API error: Too many requests (attempt 3)"
    detail = error.detail()
    assert detail.startswith(f"GET {PATH} answered HTTP 429 (RESOURCE_EXHAUSTED).")
    assert "Resolution: Slow down and try again later" in detail
    assert "  - quota: 10 calls per second" in detail
    assert "requestId: req-42" in detail
    assert error.validation_errors == ["quota: 10 calls per second"]
    assert not error.outcome_unknown


def test_max_retries_zero_means_one_attempt(sleeps: list[float]) -> None:
    fake = FakeSinch(api=[reply(503, {"message": "down"}, {"Retry-After": "0"})])
    with pytest.raises(ApiError):
        make_client(fake, max_retries=0).get(PATH)
    assert len(fake.api_requests) == 1
    assert sleeps == []


def test_400_is_not_retried() -> None:
    fake = FakeSinch(api=[reply(400, {"errorCode": "INVALID_ARGUMENT", "message": "target is invalid"})])
    with pytest.raises(ApiError) as info:
        make_client(fake).post(PATH, {})
    assert len(fake.api_requests) == 1
    assert info.value.error_code == "INVALID_ARGUMENT"
    assert not info.value.outcome_unknown


def test_non_papi_error_body_is_kept_raw() -> None:
    fake = FakeSinch(api=[reply(404)])
    with pytest.raises(ApiError) as info:
        make_client(fake).get(PATH + "/nope")
    assert info.value.status == 404
    assert info.value.summary() == "Sinch API error: HTTP 404"


def test_500_on_get_is_retried(sleeps: list[float]) -> None:
    fake = FakeSinch(api=[reply(500, {"message": "oops"}, {"Retry-After": "0"}), reply(200, {"id": "w1"})])
    assert make_client(fake).get(PATH + "/w1") == {"id": "w1"}
    assert len(fake.api_requests) == 2


def test_500_on_post_is_not_retried_and_outcome_is_unknown(sleeps: list[float]) -> None:
    fake = FakeSinch(api=[reply(500, {"message": "oops"}, {"Retry-After": "0"}), reply(201, {"id": "dup"})])
    with pytest.raises(ApiError) as info:
        make_client(fake).post(PATH, {"target": "https://example.com"})
    assert len(fake.api_requests) == 1
    assert sleeps == []
    assert info.value.status == 500
    assert info.value.outcome_unknown is True


def test_connect_error_on_post_is_retried(sleeps: list[float]) -> None:
    fake = FakeSinch(api=[fail(httpx.ConnectError), reply(201, {"id": "w1"})])
    assert make_client(fake).post(PATH, {"target": "https://example.com"}) == {"id": "w1"}
    assert len(fake.api_requests) == 2
    assert len(sleeps) == 1


def test_connect_errors_exhausted_raise_transport_error_with_known_outcome(sleeps: list[float]) -> None:
    fake = FakeSinch(api=[fail(httpx.ConnectError, "connection refused")])
    with pytest.raises(TransportError) as info:
        make_client(fake, max_retries=2).post(PATH, {})
    assert len(fake.api_requests) == 3
    assert info.value.outcome_unknown is False  # never sent: nothing can have been created
    assert info.value.summary() == "Could not reach the Sinch API: ConnectError"
    assert info.value.detail() == f"POST {PATH}: connection refused"


def test_read_timeout_on_post_is_not_retried_and_outcome_is_unknown(sleeps: list[float]) -> None:
    fake = FakeSinch(api=[fail(httpx.ReadTimeout, "timed out"), reply(201, {"id": "dup"})])
    with pytest.raises(TransportError) as info:
        make_client(fake).post(PATH, {})
    assert len(fake.api_requests) == 1
    assert info.value.outcome_unknown is True
    assert isinstance(info.value.cause, httpx.ReadTimeout)


def test_read_timeout_on_get_is_retried(sleeps: list[float]) -> None:
    fake = FakeSinch(api=[fail(httpx.ReadTimeout), reply(200, {"id": "w1"})])
    assert make_client(fake).get(PATH + "/w1") == {"id": "w1"}
    assert len(fake.api_requests) == 2


def test_first_backoff_is_about_retry_backoff(sleeps: list[float], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(random, "uniform", lambda low, high: high)  # the largest jitter tenacity can draw
    fake = FakeSinch(api=[fail(httpx.ConnectError), reply(200, {})])
    make_client(fake, retry_backoff=0.01).get(PATH)
    assert len(sleeps) == 1
    assert sleeps[0] <= 2 * 0.01


# ----------------------------------------------------------------------------------------------
# Bodies and pagination
# ----------------------------------------------------------------------------------------------


def test_204_returns_none() -> None:
    fake = FakeSinch(api=[reply(204)])
    assert make_client(fake).delete(PATH + "/w1") is None
    assert fake.api_requests[0].method == "DELETE"


def test_json_request_body_and_headers() -> None:
    fake = FakeSinch(api=[reply(200, {"id": "w1"})])
    make_client(fake).put(PATH + "/w1", {"target": "https://example.com", "triggers": ["ALL"]})
    request = fake.api_requests[0]
    assert str(request.url) == f"{API_URL}{PATH}/w1"
    assert request.headers["Content-Type"] == "application/json"
    assert request.headers["Accept"] == "application/json"
    assert request.headers["User-Agent"].startswith("terraform-provider-sinch/")
    assert httpx.Response(200, content=request.content).json() == {
        "target": "https://example.com",
        "triggers": ["ALL"],
    }


def _query(request: httpx.Request) -> dict[str, list[str]]:
    return parse_qs(request.url.query.decode())


def test_list_all_follows_next_page_token_over_three_pages() -> None:
    fake = FakeSinch(
        api=[
            reply(200, {"webhooks": [{"id": "a"}, {"id": "b"}], "nextPageToken": "t1"}),
            reply(200, {"webhooks": [{"id": "c"}], "nextPageToken": "t2"}),
            reply(200, {"webhooks": [{"id": "d"}], "nextPageToken": ""}),
            reply(500, {"message": "must not be called"}),
        ]
    )
    items = make_client(fake).list_all(PATH, "webhooks", page_size=2, params={"filter": "x"})
    assert [i["id"] for i in items] == ["a", "b", "c", "d"]
    assert len(fake.api_requests) == 3
    queries = [_query(r) for r in fake.api_requests]
    assert [q.get("pageToken") for q in queries] == [None, ["t1"], ["t2"]]
    assert all(q["pageSize"] == ["2"] and q["filter"] == ["x"] for q in queries)


def test_iter_pages_stops_on_a_repeated_token() -> None:
    fake = FakeSinch(
        api=[
            reply(200, {"webhooks": [{"id": "a"}], "nextPageToken": "t1"}),
            reply(200, {"webhooks": [{"id": "b"}], "nextPageToken": "t1"}),
            reply(200, {"webhooks": [{"id": "loop"}], "nextPageToken": "t1"}),
        ]
    )
    items = list(make_client(fake).iter_pages(PATH, "webhooks"))
    assert [i["id"] for i in items] == ["a", "b"]
    assert len(fake.api_requests) == 2


def test_iter_pages_tolerates_empty_pages() -> None:
    fake = FakeSinch(api=[reply(200, {"nextPageToken": "t1"}), reply(200, {"webhooks": None})])
    assert make_client(fake).list_all(PATH, "webhooks") == []
    assert len(fake.api_requests) == 2


# ----------------------------------------------------------------------------------------------
# Authentication
# ----------------------------------------------------------------------------------------------


def test_basic_auth_sends_the_key_on_every_call() -> None:
    fake = FakeSinch()
    client = make_client(fake, auth="basic")
    client.get(PATH)
    client.get(PATH)
    assert client.tokens is None
    assert fake.token_requests == []
    assert [r.headers["Authorization"] for r in fake.api_requests] == [basic(KEY_ID, KEY_SECRET)] * 2


def test_oauth2_token_fetched_once_for_many_calls() -> None:
    fake = FakeSinch(tokens=[token("tok-1")])
    client = make_client(fake)
    for _ in range(5):
        client.get(PATH)
    assert client.tokens is not None
    assert client.tokens.fetches == 1
    assert len(fake.token_requests) == 1
    assert {r.headers["Authorization"] for r in fake.api_requests} == {"Bearer tok-1"}


def test_token_request_is_form_encoded_client_credentials_with_basic_key() -> None:
    fake = FakeSinch()
    make_client(fake).get(PATH)
    request = fake.token_requests[0]
    assert request.method == "POST"
    assert str(request.url) == AUTH_URL
    assert request.headers["Content-Type"] == "application/x-www-form-urlencoded"
    assert parse_qs(request.content.decode()) == {"grant_type": ["client_credentials"]}
    assert request.headers["Authorization"] == basic(KEY_ID, KEY_SECRET)


def test_api_401_triggers_exactly_one_refresh_and_one_retry() -> None:
    def api(request: httpx.Request) -> httpx.Response:
        if request.headers["Authorization"] == "Bearer tok-1":
            return httpx.Response(401, json={"message": "token expired"})
        return httpx.Response(200, json={"who": request.headers["Authorization"]})

    fake = FakeSinch(api=[api], tokens=[token("tok-1"), token("tok-2")])
    client = make_client(fake)
    assert client.get(PATH) == {"who": "Bearer tok-2"}
    assert client.tokens is not None
    assert client.tokens.fetches == 2
    assert [r.headers["Authorization"] for r in fake.api_requests] == ["Bearer tok-1", "Bearer tok-2"]
    # The new token is cached for the next call.
    client.get(PATH)
    assert client.tokens.fetches == 2


def test_api_401_twice_is_raised_after_one_refresh() -> None:
    fake = FakeSinch(api=[reply(401, {"message": "key revoked"})], tokens=[token("tok-1"), token("tok-2")])
    client = make_client(fake)
    with pytest.raises(ApiError) as info:
        client.get(PATH)
    assert info.value.status == 401
    assert len(fake.api_requests) == 2
    assert len(fake.token_requests) == 2


def test_token_endpoint_401_raises_auth_error_with_description() -> None:
    fake = FakeSinch(
        tokens=[reply(401, {"error": "invalid_client", "error_description": "Client authentication failed"})]
    )
    client = make_client(fake)
    with pytest.raises(AuthError) as info:
        client.get(PATH)
    assert "Client authentication failed" in info.value.summary()
    assert info.value.status == 401
    assert info.value.error == "invalid_client"
    assert "SINCH_KEY_ID" in info.value.detail()
    assert fake.api_requests == []
    assert len(fake.token_requests) == 1  # a 401 is not retried


def test_check_credentials_fetches_a_token_with_oauth2() -> None:
    fake = FakeSinch(tokens=[reply(401, {"error": "invalid_client"})])
    with pytest.raises(AuthError) as info:
        make_client(fake).check_credentials("p1")
    assert info.value.summary() == "Sinch authentication failed: invalid_client"
    assert f"POST {AUTH_URL} answered HTTP 401 (invalid_client)." in info.value.detail()
    assert len(fake.token_requests) == 1
    assert fake.api_requests == []


def test_check_credentials_lists_webhooks_with_basic_auth() -> None:
    fake = FakeSinch(api=[reply(200, {"webhooks": []})])
    make_client(fake, auth="basic").check_credentials("p1")
    assert [(r.method, r.url.path, _query(r)) for r in fake.api_requests] == [("GET", PATH, {"pageSize": ["1"]})]


@pytest.mark.parametrize("body", ["<html>captive portal</html>", '{"token_type": "bearer"}'])
def test_malformed_token_answer_is_an_auth_error(body: str) -> None:
    fake = FakeSinch(tokens=[lambda request: httpx.Response(200, text=body)])
    with pytest.raises(SinchError):
        make_client(fake).get(PATH)


def test_concurrent_calls_with_empty_cache_fetch_one_token() -> None:
    def slow_token(request: httpx.Request) -> httpx.Response:
        time.sleep(0.05)  # keep the fetch in flight while the other threads arrive
        return httpx.Response(200, json={"access_token": "tok-shared", "expires_in": 3600})

    fake = FakeSinch(tokens=[slow_token])
    client = make_client(fake)
    barrier = threading.Barrier(10)
    results: list[object] = []
    errors: list[BaseException] = []

    def call() -> None:
        barrier.wait()
        try:
            results.append(client.get(PATH))
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=call) for _ in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=10)
    assert errors == []
    assert len(results) == 10
    assert client.tokens is not None
    assert client.tokens.fetches == 1
    assert len(fake.token_requests) == 1
    assert {r.headers["Authorization"] for r in fake.api_requests} == {"Bearer tok-shared"}


# ----------------------------------------------------------------------------------------------
# The key secret never leaks
# ----------------------------------------------------------------------------------------------


def _failures() -> list[tuple[str, FakeSinch, dict[str, object]]]:
    """(case, scripted endpoints, client settings): every way a call can fail, POSTing a body."""
    return [
        (
            "token 401",
            FakeSinch(tokens=[reply(401, {"error": "invalid_client", "error_description": "bad key"})]),
            {},
        ),
        ("token unreachable", FakeSinch(tokens=[fail(httpx.ConnectError, "refused")]), {}),
        ("token 503", FakeSinch(tokens=[reply(503, {"error": "unavailable"}, {"Retry-After": "0"})]), {}),
        ("api 400 basic", FakeSinch(api=[reply(400, {"message": "bad", "resolution": "fix"})]), {"auth": "basic"}),
        ("api 500 basic", FakeSinch(api=[reply(500, {"message": "oops"}, {"Retry-After": "0"})]), {"auth": "basic"}),
        ("api 401 oauth2", FakeSinch(api=[reply(401, {"message": "nope"})]), {}),
        ("api timeout basic", FakeSinch(api=[fail(httpx.ReadTimeout, "read timed out")]), {"auth": "basic"}),
        ("api timeout oauth2", FakeSinch(api=[fail(httpx.ConnectTimeout, "connect timed out")]), {}),
    ]


@pytest.mark.parametrize(("case", "fake", "overrides"), _failures(), ids=[c[0] for c in _failures()])
def test_key_secret_never_in_errors_or_logs(
    case: str,
    fake: FakeSinch,
    overrides: dict[str, object],
    sleeps: list[float],
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG, logger="sinch")
    client = make_client(fake, max_retries=1, **overrides)
    with pytest.raises(SinchError) as info:
        client.post(PATH, {"target": "https://example.com"})
    exc = info.value
    encoded = base64.b64encode(f"{KEY_ID}:{KEY_SECRET}".encode()).decode()
    texts = [str(exc), repr(exc), exc.summary(), exc.detail(), repr(client.settings)]
    records = [r for r in caplog.records if r.name.startswith("sinch")]
    if case != "api timeout basic":  # no answer and no retry: nothing to log
        assert records, "the client logs its calls at DEBUG"
    texts += [r.getMessage() for r in records] + [repr(vars(r)) for r in records]
    for text in texts:
        assert KEY_SECRET not in text
        assert encoded not in text
