"""The Webhooks tag against the reference contract: status codes, bodies, validation, limits, pagination."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from emulator.webhooks.validation import TRIGGERS
from tests.emulator.conftest import PROJECT, webhook_body, webhooks_path

CreateWebhook = Callable[..., dict[str, Any]]
ENUM_MESSAGE = "each value in triggers must be one of the following values: " + ", ".join(TRIGGERS)


def validation_errors(response: httpx.Response) -> list[str]:
    assert response.status_code == 400, response.text
    body = response.json()
    assert body["errorCode"] == "invalid_input"
    assert body["message"] == "Invalid input."
    assert body["resolution"] == "Correct the validation errors and submit again."
    assert set(body) == {"errorCode", "message", "resolution", "additionalInformation"}
    errors: list[str] = body["additionalInformation"]["validationErrors"]
    return errors


def assert_papi_error(response: httpx.Response, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    body: dict[str, Any] = response.json()
    assert body["errorCode"] == code
    assert isinstance(body["message"], str) and isinstance(body["resolution"], str)
    assert set(body) <= {"errorCode", "message", "resolution", "additionalInformation"}
    return body


# --- CRUD happy paths --------------------------------------------------------------------------------------


def test_create_returns_201_dto_without_secret(api: httpx.Client) -> None:
    response = api.post(webhooks_path(), json=webhook_body(1, triggers=["WHATSAPP_TEMPLATE_REJECTED", "ALL"]))
    assert response.status_code == 201
    body = response.json()
    assert set(body) == {"id", "projectId", "target", "triggers"}
    assert re.fullmatch(r"[0-9a-f]{32}", body["id"])
    assert body["projectId"] == PROJECT
    assert body["target"] == "https://my.server.com/callback1"
    assert body["triggers"] == ["WHATSAPP_TEMPLATE_REJECTED", "ALL"]  # order as sent


def test_get_put_patch_delete(api: httpx.Client, create_webhook: CreateWebhook) -> None:
    created = create_webhook(1)
    url = f"{webhooks_path()}/{created['id']}"

    got = api.get(url)
    assert got.status_code == 200
    assert got.json() == created

    replaced = api.put(url, json={"target": "https://new.example.com/x", "secret": "s2", "triggers": ["BUNDLE_DONE"]})
    assert replaced.status_code == 200
    assert replaced.json() == {**created, "target": "https://new.example.com/x", "triggers": ["BUNDLE_DONE"]}

    patched = api.patch(url, json={"triggers": ["WHATSAPP_SENDER_ACTIVE"]})
    assert patched.status_code == 200
    assert patched.json() == {**created, "target": "https://new.example.com/x", "triggers": ["WHATSAPP_SENDER_ACTIVE"]}
    assert api.get(url).json() == patched.json()

    deleted = api.delete(url)
    assert deleted.status_code == 204
    assert deleted.content == b""
    assert_papi_error(api.get(url), 404, "webhook_not_found")


def test_patch_with_empty_object_changes_nothing(api: httpx.Client, create_webhook: CreateWebhook) -> None:
    created = create_webhook(1)
    response = api.patch(f"{webhooks_path()}/{created['id']}", json={})
    assert response.status_code == 200
    assert response.json() == created


def test_secret_never_returned_but_stored(
    api: httpx.Client, admin: httpx.Client, create_webhook: CreateWebhook
) -> None:
    created = create_webhook(1, secret="first-secret")
    url = f"{webhooks_path()}/{created['id']}"
    responses = [
        api.get(url),
        api.get(webhooks_path()),
        api.patch(url, json={"secret": "second-secret"}),
        api.put(url, json=webhook_body(1, secret="third-secret")),
    ]
    for response in responses:
        assert response.status_code == 200
        assert "secret" not in response.text
    raw = admin.get(f"/projects/{PROJECT}/webhooks").json()["webhooks"]
    assert raw == [{**created, "secret": "third-secret"}]


def test_projects_are_isolated(api: httpx.Client, create_webhook: CreateWebhook) -> None:
    a = create_webhook(1, project="project-a")
    create_webhook(1, project="project-b")  # same target, other project: no conflict
    assert api.get(webhooks_path("project-b")).json()["totalSize"] == 1
    assert_papi_error(api.get(f"{webhooks_path('project-b')}/{a['id']}"), 404, "webhook_not_found")


# --- validation ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({"target": 5}, ["target must be a string", "target must be a URL address"]),
        ({"target": None}, ["target must be a string", "target must be a URL address"]),
        ({"target": "localhost:8080/cb"}, ["target must be a URL address"]),
        ({"target": "https://my server.com/cb"}, ["target must be a URL address"]),
        ({"target": "gopher://example.com/cb"}, ["target must be a URL address"]),
        ({"target": ""}, ["target must be a URL address", "target must be longer than or equal to 1 characters"]),
        (
            {"target": "https://example.com/" + "a" * 723},
            ["target must be shorter than or equal to 742 characters"],
        ),
        ({"secret": 12}, ["secret must be a string"]),
        ({"secret": ""}, ["secret must be longer than or equal to 1 characters"]),
        ({"secret": "x" * 129}, ["secret must be shorter than or equal to 128 characters"]),
        ({"triggers": "ALL"}, ["triggers must be an array"]),
        ({"triggers": []}, ["triggers must contain at least 1 elements"]),
        ({"triggers": ["ALL", "ALL"]}, ["All triggers's elements must be unique"]),
        ({"triggers": ["ALL", "NOT_A_TRIGGER"]}, [ENUM_MESSAGE]),
        ({"triggers": ["all"]}, [ENUM_MESSAGE]),
        ({"triggers": [1]}, [ENUM_MESSAGE]),
        ({"foo": 1, "secretKey": "x"}, ["property foo should not exist", "property secretKey should not exist"]),
    ],
)
def test_create_validation_errors(api: httpx.Client, overrides: dict[str, Any], expected: list[str]) -> None:
    assert validation_errors(api.post(webhooks_path(), json=webhook_body(1, **overrides))) == expected


def test_all_errors_are_collected(api: httpx.Client) -> None:
    errors = validation_errors(api.post(webhooks_path(), json={"url": "https://example.com"}))
    assert errors == [
        "property url should not exist",
        "target must be a string",
        "target must be a URL address",
        "secret must be a string",
        "triggers must be an array",
    ]


def test_target_exactly_742_characters_is_accepted(api: httpx.Client) -> None:
    target = "https://example.com/" + "a" * 722
    assert len(target) == 742
    assert api.post(webhooks_path(), json=webhook_body(1, target=target)).status_code == 201


@pytest.mark.parametrize(
    "target",
    ["https://my.server.com/callback", "http://127.0.0.1:8080/cb", "example.com/cb", "ftp://files.example.org"],
)
def test_accepted_targets(api: httpx.Client, target: str) -> None:
    assert api.post(webhooks_path(), json=webhook_body(1, target=target)).status_code == 201


def test_every_trigger_of_the_spec_is_accepted(api: httpx.Client) -> None:
    response = api.post(webhooks_path(), json=webhook_body(1, triggers=list(TRIGGERS)))
    assert response.status_code == 201
    assert response.json()["triggers"] == list(TRIGGERS)
    assert {"WHATSAPP_SENDER_DISPLAY_NAME_UPDATED", "WHATSAPP_SENDER_USERNAME_UPDATED"} <= set(TRIGGERS)


def test_put_requires_all_fields(api: httpx.Client, create_webhook: CreateWebhook) -> None:
    created = create_webhook(1)
    errors = validation_errors(api.put(f"{webhooks_path()}/{created['id']}", json={"triggers": ["ALL"]}))
    assert errors == ["target must be a string", "target must be a URL address", "secret must be a string"]


def test_patch_validates_present_fields_and_rejects_null(api: httpx.Client, create_webhook: CreateWebhook) -> None:
    created = create_webhook(1)
    url = f"{webhooks_path()}/{created['id']}"
    assert validation_errors(api.patch(url, json={"target": "not a url"})) == ["target must be a URL address"]
    assert validation_errors(api.patch(url, json={"secret": None, "extra": True})) == [
        "property extra should not exist",
        "secret must be a string",
    ]
    assert api.get(url).json() == created


@pytest.mark.parametrize(
    ("content", "content_type"),
    [
        (b"{not json", "application/json"),
        (b"", "application/json"),
        (b"[1, 2]", "application/json"),
        (b'"a string"', "application/json"),
        (b'{"target": NaN}', "application/json"),
        (b"target=https://example.com", "application/x-www-form-urlencoded"),
    ],
)
def test_invalid_payload(api: httpx.Client, content: bytes, content_type: str) -> None:
    response = api.post(webhooks_path(), content=content, headers={"content-type": content_type})
    body = assert_papi_error(response, 400, "invalid_payload")
    assert body == {
        "errorCode": "invalid_payload",
        "message": "Invalid payload.",
        "resolution": "Correct payload and submit again.",
    }


def test_invalid_payload_on_put_and_patch(api: httpx.Client, create_webhook: CreateWebhook) -> None:
    url = f"{webhooks_path()}/{create_webhook(1)['id']}"
    for method in ("PUT", "PATCH"):
        response = api.request(method, url, content=b"[]", headers={"content-type": "application/json"})
        assert_papi_error(response, 400, "invalid_payload")


# --- ids, existence -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("method", ["GET", "PUT", "PATCH", "DELETE"])
@pytest.mark.parametrize("webhook_id", ["01PROVWEBHOOK001", "7C60CE550F1D40198D5FFB113D58591B", "x" * 32])
def test_invalid_webhook_id_format(api: httpx.Client, method: str, webhook_id: str) -> None:
    response = api.request(method, f"{webhooks_path()}/{webhook_id}", json=webhook_body(1))
    body = assert_papi_error(response, 400, "invalid_id_format")
    assert body == {
        "errorCode": "invalid_id_format",
        "message": "Id is not in the expected format.",
        "resolution": "webhookId param is in the wrong format. Confirm that you're sending the correct value.",
    }


@pytest.mark.parametrize("project", ["-leading-dash", "under_score", "a" * 65, "dot.ted"])
def test_invalid_project_id_format(api: httpx.Client, project: str) -> None:
    body = assert_papi_error(api.get(webhooks_path(project)), 400, "invalid_id_format")
    assert (
        body["resolution"] == "projectId param is in the wrong format. Confirm that you're sending the correct value."
    )
    assert_papi_error(api.post(webhooks_path(project), json=webhook_body(1)), 400, "invalid_id_format")


def test_an_encoded_slash_stays_in_its_path_segment(api: httpx.Client) -> None:
    """Express routes on the raw path: `a%2Fb` is one (malformed) id, not two segments and an unknown route."""
    assert_papi_error(api.get("/v1/projects/a%2Fb/webhooks"), 400, "invalid_id_format")
    body = assert_papi_error(api.get(f"{webhooks_path()}/{'0' * 16}%2F{'0' * 16}"), 400, "invalid_id_format")
    assert body["resolution"].startswith("webhookId param")
    assert_papi_error(api.get(f"/v1/projects/{PROJECT}/whatsapp/solutions/1%2F2"), 404, "solution_not_found")


def test_id_format_is_checked_before_the_body(api: httpx.Client) -> None:
    response = api.put(f"{webhooks_path()}/nope", content=b"{", headers={"content-type": "application/json"})
    assert_papi_error(response, 400, "invalid_id_format")


def test_body_is_checked_before_existence(api: httpx.Client) -> None:
    response = api.put(f"{webhooks_path()}/{'0' * 32}", json={"target": 1})
    assert_papi_error(response, 400, "invalid_input")


@pytest.mark.parametrize("method", ["GET", "PUT", "PATCH", "DELETE"])
def test_unknown_webhook_is_404(api: httpx.Client, method: str) -> None:
    response = api.request(method, f"{webhooks_path()}/{'a' * 32}", json=webhook_body(1))
    body = assert_papi_error(response, 404, "webhook_not_found")
    assert body == {
        "errorCode": "webhook_not_found",
        "message": "Webhook not found.",
        "resolution": "Verify that the parameters are correct.",
    }


# --- uniqueness and limits ----------------------------------------------------------------------------------

CONFLICT = {
    "errorCode": "webhook_exists",
    "message": "Webhook with the provided target already exists.",
    "resolution": "Webhooks must have a unique target. Change the target and submit again.",
}


def test_duplicate_target_conflicts_on_post_put_patch(api: httpx.Client, create_webhook: CreateWebhook) -> None:
    first = create_webhook(1)
    second = create_webhook(2)
    taken = first["target"]

    response = api.post(webhooks_path(), json=webhook_body(3, target=taken))
    assert response.status_code == 409 and response.json() == CONFLICT

    url = f"{webhooks_path()}/{second['id']}"
    response = api.put(url, json=webhook_body(2, target=taken))
    assert response.status_code == 409 and response.json() == CONFLICT

    response = api.patch(url, json={"target": taken})
    assert response.status_code == 409 and response.json() == CONFLICT

    assert api.get(url).json() == second  # unchanged
    # Keeping its own target is not a conflict.
    assert api.put(f"{webhooks_path()}/{first['id']}", json=webhook_body(1)).status_code == 200
    assert api.patch(f"{webhooks_path()}/{first['id']}", json={"target": taken}).status_code == 200


def test_sixteenth_webhook_hits_the_limit(api: httpx.Client, create_webhook: CreateWebhook) -> None:
    for n in range(15):
        create_webhook(n)
    response = api.post(webhooks_path(), json=webhook_body(15))
    assert response.status_code == 424
    assert response.json() == {
        "errorCode": "webhook_limit_reached",
        "message": "Number of webhooks has reached the limit.",
        "resolution": "Delete some webhooks to be able to add more.",
    }
    # A duplicate target is reported as a conflict first.
    assert api.post(webhooks_path(), json=webhook_body(0)).status_code == 409
    # Deleting one makes room again.
    first = api.get(webhooks_path()).json()["webhooks"][0]
    assert api.delete(f"{webhooks_path()}/{first['id']}").status_code == 204
    assert api.post(webhooks_path(), json=webhook_body(15)).status_code == 201


# --- listing and pagination ---------------------------------------------------------------------------------


def test_empty_list(api: httpx.Client) -> None:
    response = api.get(webhooks_path("never-used"))
    assert response.status_code == 200
    assert response.json() == {"totalSize": 0, "pageSize": 15, "webhooks": []}


def test_list_without_page_size_returns_all_sorted_by_target(api: httpx.Client, create_webhook: CreateWebhook) -> None:
    for n in (3, 1, 2):
        create_webhook(n)
    body = api.get(webhooks_path()).json()
    assert body["totalSize"] == 3
    assert "nextPageToken" not in body and "previousPageToken" not in body
    assert [w["target"] for w in body["webhooks"]] == [f"https://my.server.com/callback{n}" for n in (1, 2, 3)]
    assert all("secret" not in w for w in body["webhooks"])


def test_pagination_with_page_size_one(api: httpx.Client, create_webhook: CreateWebhook) -> None:
    created = {create_webhook(n)["id"] for n in range(5)}
    seen: list[str] = []
    pages: list[dict[str, Any]] = []
    params: dict[str, str] = {"pageSize": "1"}
    while True:
        response = api.get(webhooks_path(), params=params)
        assert response.status_code == 200
        page = response.json()
        pages.append(page)
        assert page["totalSize"] == 5 and page["pageSize"] == 1 and len(page["webhooks"]) == 1
        seen.extend(w["id"] for w in page["webhooks"])
        if "nextPageToken" not in page:
            break
        params = {"pageSize": "1", "pageToken": page["nextPageToken"]}
    assert len(seen) == 5 and set(seen) == created
    assert "previousPageToken" not in pages[0]
    assert all("previousPageToken" in p for p in pages[1:])
    # Going back from the last page lands on the one before it.
    back = api.get(webhooks_path(), params={"pageSize": "1", "pageToken": pages[-1]["previousPageToken"]}).json()
    assert back["webhooks"] == pages[-2]["webhooks"]


def test_pagination_with_larger_pages(api: httpx.Client, create_webhook: CreateWebhook) -> None:
    for n in range(7):
        create_webhook(n)
    first = api.get(webhooks_path(), params={"pageSize": 3}).json()
    second = api.get(webhooks_path(), params={"pageSize": 3, "pageToken": first["nextPageToken"]}).json()
    third = api.get(webhooks_path(), params={"pageSize": 3, "pageToken": second["nextPageToken"]}).json()
    assert [len(p["webhooks"]) for p in (first, second, third)] == [3, 3, 1]
    assert "nextPageToken" not in third
    targets = [w["target"] for p in (first, second, third) for w in p["webhooks"]]
    assert targets == sorted(targets)


@pytest.mark.parametrize("page_size", ["0", "16", "abc", "1.5", "-1", ""])
def test_invalid_page_size(api: httpx.Client, page_size: str) -> None:
    body = assert_papi_error(api.get(webhooks_path(), params={"pageSize": page_size}), 400, "invalid_page_size")
    assert body == {
        "errorCode": "invalid_page_size",
        "message": "Page size must be numeric.",
        "resolution": "Use a integer value for pageSize parameter.",
    }


@pytest.mark.parametrize("token", ["garbage", "bm90LWEtdG9rZW4", "!!!", "c2VuZGVyczox"])  # last: "senders:1"
def test_invalid_page_token(api: httpx.Client, token: str) -> None:
    body = assert_papi_error(api.get(webhooks_path(), params={"pageToken": token}), 400, "invalid_page_token")
    assert body == {
        "errorCode": "invalid_page_token",
        "message": "Invalid page token.",
        "resolution": "The page token to use is provided in the previous query response, for new queries simply "
        "leave this field undefined.",
    }
