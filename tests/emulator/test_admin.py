"""Admin API: request log, reset, clock, raw store view, fault injection; PAPI-shaped unknown routes."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from tests.emulator.conftest import KEY_ID, KEY_SECRET, PROJECT, webhook_body, webhooks_path

CreateWebhook = Callable[..., dict[str, Any]]


# --- request log --------------------------------------------------------------------------------------------


def test_request_log_records_api_requests_in_order(
    api: httpx.Client, anon: httpx.Client, admin: httpx.Client, create_webhook: CreateWebhook
) -> None:
    created = create_webhook(1, secret="super-secret-value")
    api.get(webhooks_path(), params={"pageSize": 5})
    anon.get(webhooks_path())
    token = anon.post("/oauth2/token", data={"grant_type": "client_credentials"}, auth=(KEY_ID, KEY_SECRET))
    anon.delete(
        f"{webhooks_path()}/{created['id']}", headers={"Authorization": f"Bearer {token.json()['access_token']}"}
    )
    admin.get("/clock")  # admin requests are not logged

    entries = admin.get("/requests").json()["requests"]
    assert [(e["method"], e["path"], e["query"], e["status"], e["auth"]) for e in entries] == [
        ("POST", webhooks_path(), "", 201, "basic"),
        ("GET", webhooks_path(), "pageSize=5", 200, "basic"),
        ("GET", webhooks_path(), "", 401, "none"),
        ("POST", "/oauth2/token", "", 200, "basic"),
        ("DELETE", f"{webhooks_path()}/{created['id']}", "", 204, "bearer"),
    ]
    assert all(set(e) == {"method", "path", "query", "status", "auth", "time"} for e in entries)
    assert all(e["time"].endswith("Z") for e in entries)
    text = admin.get("/requests").text
    for secret in ("super-secret-value", KEY_SECRET, token.json()["access_token"]):
        assert secret not in text


def test_request_log_redacts_secret_query_parameters(anon: httpx.Client, admin: httpx.Client) -> None:
    anon.post("/oauth2/token", params={"client_secret": KEY_SECRET, "x": "1"})
    (entry,) = admin.get("/requests").json()["requests"]
    assert KEY_SECRET not in entry["query"]
    assert "x=1" in entry["query"]


def test_request_log_can_be_cleared(api: httpx.Client, admin: httpx.Client) -> None:
    api.get(webhooks_path())
    assert len(admin.get("/requests").json()["requests"]) == 1
    assert admin.delete("/requests").status_code == 204
    assert admin.get("/requests").json() == {"requests": []}


# --- reset, raw store ---------------------------------------------------------------------------------------


def test_reset_clears_everything(api: httpx.Client, admin: httpx.Client, create_webhook: CreateWebhook) -> None:
    create_webhook(1)
    admin.post("/faults", json={"path": "/nothing-matches", "status": 500})
    admin.post("/clock/advance", json={"seconds": 100})
    assert admin.post("/reset").status_code == 204
    assert admin.get("/requests").json() == {"requests": []}
    assert admin.get("/faults").json() == {"faults": []}
    assert admin.get("/clock").json()["offsetSeconds"] == 0
    assert admin.get("/projects").json() == {"projects": []}
    assert api.get(webhooks_path()).json()["totalSize"] == 0


def test_raw_store_view(admin: httpx.Client, create_webhook: CreateWebhook) -> None:
    created = create_webhook(1, secret="s3cr3t")
    assert admin.get("/projects").json() == {"projects": [PROJECT]}
    assert admin.get(f"/projects/{PROJECT}/webhooks").json() == {"webhooks": [{**created, "secret": "s3cr3t"}]}
    assert admin.get("/projects/other/webhooks").json() == {"webhooks": []}
    assert admin.get(f"/projects/{PROJECT}/nonsense").status_code == 404


# --- clock --------------------------------------------------------------------------------------------------


def test_clock_advance(admin: httpx.Client) -> None:
    before = admin.get("/clock").json()
    assert before["offsetSeconds"] == 0
    after = admin.post("/clock/advance", json={"seconds": 86400}).json()
    assert after["offsetSeconds"] == 86400
    assert after["now"] > before["now"]
    assert after["now"][:10] != before["now"][:10]
    for bad in ({"seconds": -1}, {"seconds": "10"}, {}, [1]):
        response = admin.post("/clock/advance", json=bad)
        assert response.status_code == 400
        assert response.json()["errorCode"] == "invalid_admin_request"


# --- faults -------------------------------------------------------------------------------------------------


def test_429_fault_with_retry_after_is_used_up_after_times(api: httpx.Client, admin: httpx.Client) -> None:
    rule = admin.post(
        "/faults", json={"method": "GET", "path": r"/webhooks$", "status": 429, "retryAfter": 2, "times": 2}
    )
    assert rule.status_code == 201
    assert rule.json()["remaining"] == 2
    for _ in range(2):
        response = api.get(webhooks_path())
        assert response.status_code == 429
        assert response.headers["retry-after"] == "2"
        assert response.json() == {
            "errorCode": "too_many_requests",
            "message": "Too many requests.",
            "resolution": "Please wait and try again.",
        }
    assert api.get(webhooks_path()).status_code == 200
    (listed,) = admin.get("/faults").json()["faults"]
    assert listed["hits"] == 2 and listed["remaining"] == 0
    assert response.headers["x-emulator-fault"] == str(listed["id"])  # the last faulted answer names its rule
    statuses = [e["status"] for e in admin.get("/requests").json()["requests"]]
    assert statuses == [429, 429, 200]


def test_fault_matches_method_and_path(api: httpx.Client, admin: httpx.Client) -> None:
    admin.post("/faults", json={"method": "POST", "path": "/webhooks", "status": 503, "times": None})
    assert api.get(webhooks_path()).status_code == 200  # other method
    for _ in range(3):  # unlimited
        response = api.post(webhooks_path(), json=webhook_body(1))
        assert response.status_code == 503
        assert response.json()["errorCode"] == "internal_error"
    assert admin.delete("/faults").status_code == 204
    assert api.post(webhooks_path(), json=webhook_body(1)).status_code == 201


def test_fault_applies_before_auth(anon: httpx.Client, admin: httpx.Client) -> None:
    admin.post("/faults", json={"path": "^/v1/", "status": 500})
    response = anon.get(webhooks_path())
    assert response.status_code == 500
    assert response.json() == {
        "errorCode": "internal_error",
        "message": "Internal server error.",
        "resolution": "Please wait and try again, if the error persist please contact support.",
    }


def test_after_commit_fault_commits_then_answers_500(api: httpx.Client, admin: httpx.Client) -> None:
    admin.post("/faults", json={"method": "POST", "path": "/webhooks$", "status": 500, "afterCommit": True})
    response = api.post(webhooks_path(), json=webhook_body(1))
    assert response.status_code == 500
    assert response.json()["errorCode"] == "internal_error"
    listed = api.get(webhooks_path()).json()
    assert listed["totalSize"] == 1
    assert listed["webhooks"][0]["target"] == webhook_body(1)["target"]
    # The retry a client would make now meets the committed webhook.
    assert api.post(webhooks_path(), json=webhook_body(1)).status_code == 409


def test_fault_with_error_code(api: httpx.Client, admin: httpx.Client) -> None:
    admin.post("/faults", json={"path": "/webhooks", "status": 404, "errorCode": "webhook_not_found"})
    response = api.get(webhooks_path())
    assert response.status_code == 404
    assert response.json()["message"] == "Webhook not found."


def test_delay_fault(api: httpx.Client, admin: httpx.Client) -> None:
    admin.post("/faults", json={"method": "GET", "path": "/webhooks", "delay": 0.3})
    start = time.monotonic()
    response = api.get(webhooks_path())
    assert time.monotonic() - start >= 0.3
    assert response.status_code == 200  # a delay-only rule passes the request through
    assert "x-emulator-fault" not in response.headers  # ... and the answer is the real one
    start = time.monotonic()
    api.get(webhooks_path())
    assert time.monotonic() - start < 0.3  # used up


def test_drop_fault_closes_the_connection_after_commit(api: httpx.Client, admin: httpx.Client) -> None:
    admin.post("/faults", json={"method": "POST", "path": "/webhooks$", "drop": True, "afterCommit": True})
    with pytest.raises(httpx.TransportError):
        api.post(webhooks_path(), json=webhook_body(1))
    assert api.get(webhooks_path()).json()["totalSize"] == 1
    assert [e["status"] for e in admin.get("/requests").json()["requests"]] == [None, 200]


def test_faults_never_apply_to_admin_paths(admin: httpx.Client) -> None:
    admin.post("/faults", json={"path": ".*", "status": 500, "times": None})
    assert admin.get("/clock").status_code == 200
    assert admin.get("/faults").status_code == 200


@pytest.mark.parametrize(
    "rule",
    [
        {"path": "(", "status": 500},
        {"path": "x", "status": 200},
        {"path": "x", "status": 500, "times": 0},
        {"path": "x", "status": 500, "retryAfter": -1},
        {"path": "x"},
        {"path": "x", "afterCommit": True, "delay": 1},
        {"path": "x", "status": 500, "bogus": 1},
        [],
    ],
)
def test_invalid_fault_rules(admin: httpx.Client, rule: object) -> None:
    response = admin.post("/faults", json=rule)
    assert response.status_code == 400
    assert response.json()["errorCode"] == "invalid_admin_request"


# --- unknown routes -----------------------------------------------------------------------------------------


def test_unknown_route_and_method_are_papi_shaped(api: httpx.Client, anon: httpx.Client) -> None:
    missing = anon.get("/nothing-here")
    assert missing.status_code == 404
    assert set(missing.json()) == {"errorCode", "message", "resolution"}
    assert api.get(f"/v1/projects/{PROJECT}/unknown").status_code == 404
    assert api.get(webhooks_path() + "/").status_code == 404  # no trailing-slash redirect

    wrong = api.put(webhooks_path(), json=webhook_body(1))
    assert wrong.status_code == 405
    assert wrong.json()["errorCode"] == "method_not_allowed"
    assert set(wrong.headers["allow"].replace(" ", "").split(",")) == {"GET", "HEAD", "POST"}
