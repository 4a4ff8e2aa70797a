"""The WhatsApp Solutions and WhatsApp Flows tags."""

from __future__ import annotations

from typing import Any

import httpx

from tests.emulator.conftest import PROJECT, whatsapp_path
from tests.emulator.test_webhooks import assert_papi_error, validation_errors

SOLUTIONS = whatsapp_path() + "/solutions"
FLOWS = whatsapp_path() + "/flows"
SOLUTION_BODY = {
    "accessToken": "3cca3b57-e388-4aaa-abe3-ecb1c0c8265f",
    "businessManager": "SINCH_UK",
    "details": {"name": "Test name"},
}


def test_solutions_create_list_get_assign(api: httpx.Client, admin: httpx.Client) -> None:
    assert api.get(SOLUTIONS).json() == {"solutions": []}
    created = api.post(SOLUTIONS, json=SOLUTION_BODY)
    assert created.status_code == 201
    body = created.json()
    assert body["failedSolutions"] == []
    (solution,) = body["solutions"]
    assert solution["details"] == {"name": "Test name"} and solution["assigned"] is False
    assert isinstance(solution["partnerApp"]["id"], int) and isinstance(solution["ownerApp"]["name"], str)
    assert solution["id"].isdigit()

    seeded = admin.post(f"/projects/{PROJECT}/whatsapp/solutions", json={"id": "123", "details": {"name": "Seeded"}})
    assert seeded.status_code == 201 and seeded.json()["id"] == "123"
    assert [s["id"] for s in api.get(SOLUTIONS).json()["solutions"]] == [solution["id"], "123"]
    assert api.get(f"{SOLUTIONS}/123").json() == seeded.json()

    assigned = api.post(f"{SOLUTIONS}/123/assign")
    assert assigned.status_code == 204 and assigned.content == b""
    assert api.get(f"{SOLUTIONS}/123").json()["assigned"] is True
    assert api.post(f"{SOLUTIONS}/{solution['id']}/assign").status_code == 204  # not onboarded yet: may switch
    assert api.get(f"{SOLUTIONS}/123").json()["assigned"] is False

    admin.post(f"/projects/{PROJECT}/whatsapp/account", json={"isEmbeddedSignup": True})
    assert api.post(f"{SOLUTIONS}/{solution['id']}/assign").status_code == 204  # the same one again
    body = assert_papi_error(api.post(f"{SOLUTIONS}/123/assign"), 409, "solution_cannot_be_reassigned")
    assert body["message"] == "Project is already onboarded, can't reassign solution"

    assert_papi_error(api.get(f"{SOLUTIONS}/999"), 404, "solution_not_found")
    assert_papi_error(api.post(f"{SOLUTIONS}/999/assign"), 404, "solution_not_found")
    assert admin.post(f"/projects/{PROJECT}/whatsapp/solutions", json={"bogus": 1}).status_code == 400


def test_solution_validation(api: httpx.Client, anon: httpx.Client) -> None:
    assert validation_errors(api.post(SOLUTIONS, json={})) == [
        "details should not be null or undefined",
        "accessToken must be a string",
        "businessManager must be one of the following values: SINCH_BR, SINCH_MX, SINCH_UK",
    ]
    assert validation_errors(api.post(SOLUTIONS, json={**SOLUTION_BODY, "details": {"name": 1, "x": 2}})) == [
        "property details.x should not exist",
        "details.name must be a string",
    ]
    assert_papi_error(anon.get(SOLUTIONS), 401, "unauthorized_error")


def test_flows(api: httpx.Client, admin: httpx.Client, anon: httpx.Client) -> None:
    assert_papi_error(api.get(FLOWS), 400, "project_not_initialized")
    assert_papi_error(api.get(FLOWS + "/1/screens"), 400, "project_not_initialized")
    admin.post(f"/projects/{PROJECT}/whatsapp/account", json={})
    assert api.get(FLOWS).json() == {"totalSize": 0, "pageSize": 50, "flows": []}

    seeded: list[dict[str, Any]] = []
    for n in range(3):
        response = admin.post(
            f"/projects/{PROJECT}/whatsapp/flows",
            json={
                "id": f"1234567876543{n}",
                "name": f"flow{n}",
                "status": "FLOW_STATUS_DRAFT",
                "screens": ["MY_FIRST_SCREEN", "DONE"],
            },
        )
        assert response.status_code == 201
        seeded.append(response.json())
    bare = admin.post(f"/projects/{PROJECT}/whatsapp/flows", json={}).json()
    assert bare["status"] == "FLOW_STATUS_PUBLISHED" and bare["screens"] == []

    page = api.get(FLOWS, params={"pageSize": 2}).json()
    assert page["totalSize"] == 4 and page["pageSize"] == 2
    assert page["flows"] == [{"id": f["id"], "name": f["name"], "status": f["status"]} for f in seeded[:2]]
    rest = api.get(FLOWS, params={"pageSize": 2, "pageToken": page["nextPageToken"]}).json()
    assert [f["id"] for f in rest["flows"]] == [seeded[2]["id"], bare["id"]]
    assert_papi_error(api.get(FLOWS, params={"pageSize": 101}), 400, "invalid_page_size")
    assert_papi_error(api.get(FLOWS, params={"pageToken": "bad"}), 400, "invalid_page_token")

    screens = api.get(f"{FLOWS}/{seeded[0]['id']}/screens")
    assert screens.status_code == 200
    assert screens.json() == {"screens": [{"id": "MY_FIRST_SCREEN"}, {"id": "DONE"}]}
    assert_papi_error(api.get(f"{FLOWS}/{bare['id']}/screens"), 404, "flow_screens_not_found")
    assert_papi_error(api.get(f"{FLOWS}/nope/screens"), 404, "flow_not_found")
    assert_papi_error(anon.get(FLOWS), 401, "unauthorized_error")
    for bad in ({"status": "LIVE"}, {"screens": "A"}, {"id": 5}, {"other": 1}):
        assert admin.post(f"/projects/{PROJECT}/whatsapp/flows", json=bad).status_code == 400


def test_solution_create_failures_set_through_admin(api: httpx.Client, admin: httpx.Client) -> None:
    failure = {"partnerAppId": "789", "errorCode": "CREATION_FAILED", "errorMessage": "Meta refused the token"}
    next_create = f"/projects/{PROJECT}/whatsapp/solutions/next-create"
    assert admin.put(next_create, json={"failedSolutions": [failure], "create": False}).status_code == 200
    assert api.post(SOLUTIONS, json=SOLUTION_BODY).json() == {"solutions": [], "failedSolutions": [failure]}
    # once: the next create succeeds
    body = api.post(SOLUTIONS, json=SOLUTION_BODY).json()
    assert len(body["solutions"]) == 1 and body["failedSolutions"] == []
    # failures beside a created solution
    activation = {"partnerAppId": "790", "errorCode": "ACTIVATION_FAILED"}
    assert admin.put(next_create, json={"failedSolutions": [activation]}).status_code == 200
    body = api.post(SOLUTIONS, json=SOLUTION_BODY).json()
    assert len(body["solutions"]) == 2 and body["failedSolutions"] == [activation]
    assert admin.put(next_create, json={"failedSolutions": [{"errorCode": "NOPE"}]}).status_code == 400
    assert admin.put(next_create, json={"create": "no"}).status_code == 400
