"""sinch_whatsapp_solution and the provider options it declares: the created object picked from a create answer
that lists the whole collection (create_answer_list, create_failures), a lost answer, an operation attribute
(assigned), and a resource the API cannot delete (undeletable)."""

from __future__ import annotations

from typing import Any

from tf.iface import CreateContext, DeleteContext
from tf.types import Unknown
from tf.utils import Diagnostics

from provider.schema import to_api
from resources.whatsapp_solution import WhatsappSolution
from tests.unit.conftest import FakeSinch, project_provider, reply

BASE = "/v1/projects/p1/whatsapp/solutions"
PLANNED: dict[str, Any] = {
    "id": Unknown, "project_id": "p1", "name": "MPS", "access_token": "tok", "business_manager": "SINCH_UK",
    "assigned": Unknown, "partner_app_id": Unknown, "partner_app_name": Unknown, "owner_app_id": Unknown,
    "owner_app_name": Unknown,
}  # fmt: skip


def solution(sid: str, name: str = "MPS", assigned: bool = False) -> dict[str, Any]:
    return {"id": sid, "details": {"name": name}, "partnerApp": {"id": 7, "name": name},
            "ownerApp": {"id": 1, "name": "Sinch"}, "assigned": assigned}  # fmt: skip


def create(fake: FakeSinch, **planned: Any) -> tuple[dict[str, Any] | None, Diagnostics]:
    diags = Diagnostics()
    resource = WhatsappSolution(project_provider(fake))
    state = resource.create(CreateContext(diags, "sinch_whatsapp_solution"), {**PLANNED, **planned})
    return state, diags


def calls(fake: FakeSinch) -> list[str]:
    return [f"{r.method} {r.url.raw_path.decode()}" for r in fake.api_requests]


def test_the_created_solution_is_the_new_one_in_the_answer() -> None:
    old = solution("1", "MPS")  # same name, existed before: not the one created
    fake = FakeSinch(api=[reply(200, {"solutions": [old]}),
                          reply(201, {"solutions": [old, solution("2")], "failedSolutions": []})])  # fmt: skip
    state, diags = create(fake)
    assert diags.diagnostics == []
    assert state is not None and state["id"] == "2" and state["assigned"] is False
    assert state["access_token"] == "tok" and state["owner_app_name"] == "Sinch"
    assert calls(fake) == [f"GET {BASE}", f"POST {BASE}"]
    body = fake.api_requests[1].read()
    assert b'"accessToken":"tok"' in body.replace(b" ", b"") and b"assigned" not in body


def test_several_new_ones_are_told_apart_by_name() -> None:
    answer = {"solutions": [solution("2", "Other"), solution("3", "MPS")], "failedSolutions": []}
    fake = FakeSinch(api=[reply(200, {"solutions": []}), reply(201, answer)])
    state, diags = create(fake)
    assert state is not None and state["id"] == "3" and diags.diagnostics == []


def test_failed_solutions_without_a_new_one_are_the_error() -> None:
    failure = {"partnerAppId": "789", "errorCode": "ACTIVATION_FAILED", "errorMessage": "Meta said no"}
    fake = FakeSinch(api=[reply(200, {"solutions": []}), reply(201, {"solutions": [], "failedSolutions": [failure]})])
    state, diags = create(fake)
    assert state is None
    (error,) = diags.diagnostics
    assert error.summary == "Sinch could not create the sinch_whatsapp_solution"
    assert "partnerAppId: 789, errorCode: ACTIVATION_FAILED, errorMessage: Meta said no" in error.detail


def test_failed_solutions_beside_the_new_one_are_a_warning() -> None:
    failure = {"partnerAppId": "790", "errorCode": "CREATION_FAILED"}
    fake = FakeSinch(api=[reply(200, {"solutions": []}),
                          reply(201, {"solutions": [solution("2")], "failedSolutions": [failure]})])  # fmt: skip
    state, diags = create(fake)
    assert state is not None and state["id"] == "2"
    (warning,) = diags.diagnostics
    assert not diags.has_errors() and "partnerAppId: 790, errorCode: CREATION_FAILED" in warning.detail


def test_nothing_new_and_no_failure_says_how_to_import() -> None:
    fake = FakeSinch(api=[reply(200, {"solutions": [solution("1")]}),
                          reply(201, {"solutions": [solution("1")], "failedSolutions": []})])  # fmt: skip
    state, diags = create(fake)
    assert state is None and "terraform import sinch_whatsapp_solution.<NAME> p1/ID" in diags.diagnostics[0].detail


def test_a_lost_answer_is_found_as_the_new_one_in_the_listing() -> None:
    error = {"errorCode": "internal_error", "message": "Internal server error.", "resolution": "Wait."}
    fake = FakeSinch(api=[reply(200, {"solutions": []}), reply(500, error), reply(200, {"solutions": [solution("5")]})])
    state, diags = create(fake)
    assert state is not None and state["id"] == "5" and diags.diagnostics == []
    assert calls(fake) == [f"GET {BASE}", f"POST {BASE}", f"GET {BASE}"]  # not sent again


def test_assigned_true_calls_the_assign_operation_after_the_create() -> None:
    fake = FakeSinch(api=[reply(200, {"solutions": []}),
                          reply(201, {"solutions": [solution("2")], "failedSolutions": []}),
                          reply(204), reply(200, solution("2", assigned=True))])  # fmt: skip
    state, diags = create(fake, assigned=True)
    assert diags.diagnostics == [] and state is not None and state["assigned"] is True
    assert calls(fake)[2:] == [f"POST {BASE}/2/assign", f"GET {BASE}/2"]


def test_assigned_is_never_in_a_body_and_false_is_refused() -> None:
    assert "assigned" not in to_api(WhatsappSolution.attributes, {**PLANNED, "assigned": True})
    diags = Diagnostics()
    WhatsappSolution(project_provider(FakeSinch())).check(diags, {"name": "MPS", "assigned": False})
    (error,) = diags.diagnostics
    assert error.summary == "Invalid assigned" and "can only be set to true" in error.detail


def test_destroy_sends_nothing_and_warns() -> None:
    fake = FakeSinch()
    diags = Diagnostics()
    state = {**PLANNED, "id": "2", "assigned": True}
    WhatsappSolution(project_provider(fake)).delete(DeleteContext(diags, "sinch_whatsapp_solution"), state)
    (warning,) = diags.diagnostics
    assert not diags.has_errors() and fake.api_requests == []
    assert warning.summary == 'sinch_whatsapp_solution "p1/2" was removed from the Terraform state only'
    assert "cannot delete a WhatsApp solution" in warning.detail
