"""RCS test numbers: invitations (UNVERIFIED), the tester's answer through the admin API (VERIFIED / DECLINED),
re-adding, the limits (20 a day, 200 in all), the state, capabilities, retry and DELETE operations, and how the
sender DTO shows them (`testNumberStates`, `details.testNumbers`, DRAFT -> IN_TEST)."""

from __future__ import annotations

from collections.abc import Callable

import httpx
import pytest

from tests.emulator.rcs_helpers import ADMIN_SENDERS, SENDERS, create, minimal_body
from tests.emulator.test_webhooks import assert_papi_error, validation_errors

N1, N2 = "+46123123111", "+46123123222"


@pytest.fixture
def advance(admin: httpx.Client) -> Callable[[float], None]:
    def move(seconds: float) -> None:
        assert admin.post("/clock/advance", json={"seconds": seconds}).status_code == 200

    return move


def answer(admin: httpx.Client, sid: str, number: str, outcome: str) -> None:
    response = admin.post(f"{ADMIN_SENDERS}/{sid}/testNumbers/{number}/invitation", json={"outcome": outcome})
    assert response.status_code == 200, response.text


def test_add_invites_and_the_sender_is_in_test(api: httpx.Client) -> None:
    sid = create(api, minimal_body())["id"]
    added = api.post(f"{SENDERS}/{sid}/testNumbers", json={"testNumbers": [N1, N2]})
    assert added.status_code == 200, added.text
    numbers = added.json()["testNumbers"]
    assert [(n["number"], n["state"]) for n in numbers] == [(N1, "UNVERIFIED"), (N2, "UNVERIFIED")]
    sender = api.get(f"{SENDERS}/{sid}").json()
    assert sender["state"] == "IN_TEST"
    assert sender["testNumberStates"] == numbers
    assert sender["details"]["testNumbers"] == [N1, N2]
    assert api.get(f"{SENDERS}/{sid}/testNumbers/{N1}").json() == numbers[0]


def test_create_with_test_numbers(api: httpx.Client) -> None:
    created = create(api, minimal_body(details={"testNumbers": [N1]}))
    assert created["state"] == "IN_TEST"
    assert created["testNumberStates"][0]["state"] == "UNVERIFIED"
    # PATCH replaces the list; null removes them all.
    patched = api.patch(f"{SENDERS}/{created['id']}", json={"details": {"testNumbers": [N2]}}).json()
    assert patched["details"]["testNumbers"] == [N2]
    cleared = api.patch(f"{SENDERS}/{created['id']}", json={"details": {"testNumbers": None}}).json()
    assert "testNumbers" not in cleared["details"] and "testNumberStates" not in cleared
    assert cleared["state"] == "IN_TEST"


def test_answers_capabilities_and_readding(api: httpx.Client, admin: httpx.Client) -> None:
    sid = create(api, minimal_body(details={"testNumbers": [N1, N2]}))["id"]
    assert_papi_error(api.get(f"{SENDERS}/{sid}/testNumbers/{N1}/capabilities"), 404, "user_has_not_accepted_invite")
    answer(admin, sid, N1, "accept")
    answer(admin, sid, N2, "decline")
    assert api.get(f"{SENDERS}/{sid}/testNumbers/{N1}").json()["state"] == "VERIFIED"
    features = api.get(f"{SENDERS}/{sid}/testNumbers/{N1}/capabilities").json()["features"]
    assert "RICHCARD_CAROUSEL" in features and "ACTION_DIAL" in features
    declined = api.get(f"{SENDERS}/{sid}/testNumbers/{N2}/capabilities")
    body = assert_papi_error(declined, 404, "blocked_because_the_recipient_declined")
    assert body["message"] == "Blocked because the recipient declined."
    assert_papi_error(api.post(f"{SENDERS}/{sid}/testNumbers", json={"testNumbers": [N2]}), 404,
                      "blocked_because_the_recipient_declined")  # fmt: skip
    readded = api.post(f"{SENDERS}/{sid}/testNumbers", json={"testNumbers": [N1]}).json()["testNumbers"]
    assert next(n for n in readded if n["number"] == N1)["state"] == "UNVERIFIED"
    retried = api.get(f"{SENDERS}/{sid}/testNumbers/{N1}/retry")
    assert retried.status_code == 200 and retried.json()["state"] == "UNVERIFIED"
    assert (
        admin.post(f"{ADMIN_SENDERS}/{sid}/testNumbers/+4699/invitation", json={"outcome": "accept"}).status_code == 400
    )
    assert (
        admin.post(f"{ADMIN_SENDERS}/{sid}/testNumbers/{N1}/invitation", json={"outcome": "maybe"}).status_code == 400
    )


def test_delete_and_unknown_numbers(api: httpx.Client) -> None:
    sid = create(api, minimal_body(details={"testNumbers": [N1]}))["id"]
    assert api.delete(f"{SENDERS}/{sid}/testNumbers/{N1}").status_code == 204
    assert_papi_error(api.delete(f"{SENDERS}/{sid}/testNumbers/{N1}"), 404, "user_is_not_tester_for_agent")
    body = assert_papi_error(api.get(f"{SENDERS}/{sid}/testNumbers/{N1}"), 404, "user_is_not_tester_for_agent")
    assert (body["message"], body["resolution"]) == ("Test number not found.", "Add test number to agent.")
    assert_papi_error(api.get(f"{SENDERS}/{sid}/testNumbers/{N1}/capabilities"), 404, "user_is_not_tester_for_agent")
    assert_papi_error(api.get(f"{SENDERS}/{sid}/testNumbers/{N1}/retry"), 404, "user_is_not_tester_for_agent")
    assert_papi_error(api.delete(f"{SENDERS}/{sid}/testNumbers/123"), 400, "invalid_id_format")
    assert_papi_error(api.get(f"{SENDERS}/{sid}/testNumbers/123"), 404, "user_is_not_tester_for_agent")
    unknown = f"{SENDERS}/00000000-0000-4000-8000-000000000000"
    assert_papi_error(api.get(f"{unknown}/testNumbers/{N1}"), 404, "sender_not_found")
    assert_papi_error(api.post(f"{unknown}/testNumbers", json={"testNumbers": [N1]}), 404, "sender_not_found")


def test_body_rules(api: httpx.Client) -> None:
    sid = create(api, minimal_body())["id"]
    url = f"{SENDERS}/{sid}/testNumbers"
    assert validation_errors(api.post(url, json={"testNumbers": [1]})) == ["each value in testNumbers must be a string"]
    assert validation_errors(api.post(url, json={"testNumbers": [N1, N1, "0046"]})) == [
        "All testNumbers's elements must be unique",
        "each value in testNumbers must be a valid phone number",
    ]
    assert validation_errors(api.post(url, json={})) == ["testNumbers must be an array"]


def test_limits(api: httpx.Client, advance: Callable[[float], None]) -> None:
    sid = create(api, minimal_body())["id"]
    url = f"{SENDERS}/{sid}/testNumbers"
    numbers = [f"+4670000{i:04d}" for i in range(201)]
    assert api.post(url, json={"testNumbers": numbers[:20]}).status_code == 200
    body = assert_papi_error(api.post(url, json={"testNumbers": [numbers[20]]}), 429, "rbm_too_many_requests")
    assert body["message"] == "RCS Business Messaging too many requests."
    for day in range(1, 10):
        advance(86400)
        assert api.post(url, json={"testNumbers": numbers[day * 20 : day * 20 + 20]}).status_code == 200
    advance(86400)
    assert_papi_error(api.post(url, json={"testNumbers": [numbers[200]]}), 429, "rbm_too_many_requests")
    assert len(api.get(f"{SENDERS}/{sid}").json()["testNumberStates"]) == 200


def test_create_and_patch_count_against_the_daily_limit(api: httpx.Client) -> None:
    many = [f"+4671000{i:04d}" for i in range(21)]
    assert_papi_error(api.post(SENDERS, json=minimal_body(details={"testNumbers": many})), 429, "rbm_too_many_requests")
    assert api.get(SENDERS).json()["totalSize"] == 0  # nothing was created
    sid = create(api, minimal_body(details={"testNumbers": many[:20]}))["id"]
    patch = {"details": {"testNumbers": many}}
    assert_papi_error(api.patch(f"{SENDERS}/{sid}", json=patch), 429, "rbm_too_many_requests")
    assert api.get(f"{SENDERS}/{sid}").json()["details"]["testNumbers"] == many[:20]
