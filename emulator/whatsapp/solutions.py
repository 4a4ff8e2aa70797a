"""The `WhatsApp Solutions` tag: Meta multi-partner solutions for Embedded Signup (OpenAPI v1.2.117).

    GET  /v1/projects/{projectId}/whatsapp/solutions                        200 WhatsappSolutionListDto
    POST /v1/projects/{projectId}/whatsapp/solutions                        201 WhatsappCreateSolutionListDto
    GET  /v1/projects/{projectId}/whatsapp/solutions/{solutionId}           200 WhatsappSolutionDto
    POST /v1/projects/{projectId}/whatsapp/solutions/{solutionId}/assign    204

A create makes one solution (the emulated Meta answers the access token with one Tech Provider app) and
answers every solution of the project, `failedSolutions` empty. Solutions do not need a WhatsApp account.
Assigning marks that solution `assigned` and the project's others not; once the project has an ONBOARDED
account, assigning another solution than the assigned one is `409 solution_cannot_be_reassigned`.

Admin: `POST /_emulator/projects/{projectId}/whatsapp/solutions` seeds one (any WhatsappSolutionDto fields).
`PUT /_emulator/projects/{projectId}/whatsapp/solutions/next-create` `{"failedSolutions": [...], "create": false}`
makes the project's next create answer those failures (WhatsappFailedSolutionDto: partnerAppId, errorCode,
errorMessage) and, with `create` false, create nothing (as Meta refusing the token's solution): once.
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from emulator import errors
from emulator.admin import admin_state, bad_request, json_body
from emulator.common import ResourceGroup, project_id, read_json_object, resource_route
from emulator.lifecycle.records import pick, unknown_keys
from emulator.state import ADMIN_PREFIX, EmulatorState, get_state
from emulator.store import Record
from emulator.validation import Validator
from emulator.whatsapp.common import PUBLIC_BUSINESS_MANAGERS, SOLUTIONS, account_of, numeric_id

SOLUTION_FIELDS: tuple[str, ...] = ("id", "details", "partnerApp", "ownerApp", "assigned")
NEXT_CREATE = "whatsapp_solution_next_create"  # one record, "next": what the next create answers
FAILURE_CODES = ("ACTIVATION_FAILED", "CREATION_FAILED", "UNRECOGNIZED")
OWNER_APPS = {  # the Solution Partner (Sinch) Meta app per business manager
    "SINCH_BR": {"id": 1000000000000002, "name": "Sinch BR"},
    "SINCH_MX": {"id": 1000000000000003, "name": "Sinch MX"},
    "SINCH_UK": {"id": 1000000000000001, "name": "Sinch"},
}


def to_dto(record: Record) -> dict[str, Any]:
    return pick(record, SOLUTION_FIELDS)


def _project_id(request: Request) -> str:
    """The Solutions operations document no 400: a malformed projectId is their documented 404
    project_not_found."""
    return project_id(request, malformed=errors.project_not_found)


def _solutions(state: EmulatorState, project: str) -> dict[str, Record]:
    return state.store.project(project).collection(SOLUTIONS)


async def list_solutions(request: Request) -> Response:
    pid = _project_id(request)
    state = get_state(request)
    with state.store.lock:
        return JSONResponse({"solutions": [to_dto(r) for r in _solutions(state, pid).values()]})


async def create_solution(request: Request) -> Response:
    pid = _project_id(request)
    # The operation documents no 400, yet its body has required fields: the service validates it like every
    # other body (400 invalid_payload / invalid_input). See "Conformance to the description" in the README.
    body = await read_json_object(request)
    v = Validator(body, ("details", "accessToken", "businessManager"))
    name: str | None = None
    nested = v.nested("details", ("name",))
    if nested is not None:
        name = nested.string("name")
    v.string("accessToken")
    business_manager = v.enum("businessManager", PUBLIC_BUSINESS_MANAGERS)
    v.check()
    assert name is not None and business_manager is not None
    state = get_state(request)
    with state.store.lock:
        solutions = _solutions(state, pid)
        outcome = state.store.project(pid).collection(NEXT_CREATE).pop("next", None) or {}
        failed = list(outcome.get("failedSolutions", []))
        if outcome.get("create") is False:
            return JSONResponse(
                {"solutions": [to_dto(r) for r in solutions.values()], "failedSolutions": failed}, status_code=201
            )
        record: Record = {
            "id": numeric_id(),
            "projectId": pid,
            "details": {"name": name},
            "partnerApp": {"id": int(numeric_id()), "name": name},
            "ownerApp": dict(OWNER_APPS[business_manager]),
            "assigned": False,
        }
        solutions[record["id"]] = record
        return JSONResponse(
            {"solutions": [to_dto(r) for r in solutions.values()], "failedSolutions": failed}, status_code=201
        )


def _solution(state: EmulatorState, project: str, solution_id: str) -> Record:
    found = state.store.get_project(project)
    record = found.collection(SOLUTIONS).get(solution_id) if found else None
    if record is None:
        raise errors.solution_not_found()
    return record


async def get_solution(request: Request) -> Response:
    pid = _project_id(request)
    state = get_state(request)
    with state.store.lock:
        return JSONResponse(to_dto(_solution(state, pid, str(request.path_params["solutionId"]))))


async def assign_solution(request: Request) -> Response:
    pid = _project_id(request)
    state = get_state(request)
    with state.store.lock:
        record = _solution(state, pid, str(request.path_params["solutionId"]))
        others = [r for r in _solutions(state, pid).values() if r is not record]
        account = account_of(state.store, pid)
        onboarded = account is not None and account.get("state") == "ONBOARDED"
        if onboarded and any(r.get("assigned") for r in others):
            raise errors.solution_cannot_be_reassigned()
        for other in others:
            other["assigned"] = False
        record["assigned"] = True
    return Response(status_code=204)


def routes() -> list[BaseRoute]:
    base = "/v1/projects/{projectId}/whatsapp/solutions"
    return [
        resource_route(base, {"GET": list_solutions, "POST": create_solution}, name="whatsapp_solutions"),
        resource_route(base + "/{solutionId}", {"GET": get_solution}, name="whatsapp_solution"),
        resource_route(base + "/{solutionId}/assign", {"POST": assign_solution}, name="whatsapp_solution_assign"),
    ]


async def admin_seed_solution(request: Request) -> Response:
    state = admin_state(request)
    pid = project_id(request)
    body = await json_body(request)
    if not isinstance(body, dict):
        raise bad_request("Send a JSON object with WhatsappSolutionDto fields.")
    unknown = unknown_keys(body, SOLUTION_FIELDS)
    if unknown:
        raise bad_request(f"Unknown solution fields: {', '.join(unknown)}. Known: {', '.join(SOLUTION_FIELDS)}.")
    if "id" in body and not (isinstance(body["id"], str) and body["id"]):
        raise bad_request("id must be a non-empty string.")
    record: Record = {
        "id": numeric_id(),
        "details": {"name": "Emulator solution"},
        "partnerApp": {"id": int(numeric_id()), "name": "Emulator Tech Provider"},
        "ownerApp": dict(OWNER_APPS["SINCH_UK"]),
        "assigned": False,
    }
    record.update(body)
    record["projectId"] = pid
    with state.store.lock:
        _solutions(state, pid)[str(record["id"])] = record
        return JSONResponse(to_dto(record), status_code=201)


async def admin_next_create(request: Request) -> Response:
    state = admin_state(request)
    pid = project_id(request)
    body = await json_body(request)
    if not isinstance(body, dict) or set(body) - {"failedSolutions", "create"}:
        raise bad_request('Send {"failedSolutions": [{"partnerAppId", "errorCode", "errorMessage"}], "create": bool}.')
    failed = body.get("failedSolutions", [])
    create = body.get("create", True)
    if not isinstance(create, bool) or not isinstance(failed, list):
        raise bad_request("create must be a boolean and failedSolutions a list.")
    for failure in failed:
        if not (
            isinstance(failure, dict)
            and set(failure) <= {"partnerAppId", "errorCode", "errorMessage"}
            and isinstance(failure.get("partnerAppId"), str)
            and failure.get("errorCode") in FAILURE_CODES
            and isinstance(failure.get("errorMessage", ""), str)
        ):
            raise bad_request(
                f"Each failure: partnerAppId (string), errorCode ({', '.join(FAILURE_CODES)}), errorMessage (string)."
            )
    with state.store.lock:
        state.store.project(pid).collection(NEXT_CREATE)["next"] = {"failedSolutions": failed, "create": create}
    return JSONResponse({"failedSolutions": failed, "create": create})


def admin_routes() -> list[BaseRoute]:
    base = ADMIN_PREFIX + "/projects/{projectId}/whatsapp/solutions"
    return [
        Route(base, admin_seed_solution, methods=["POST"]),
        Route(base + "/next-create", admin_next_create, methods=["PUT"]),
    ]


GROUP = ResourceGroup(name="whatsapp_solutions", routes=routes, collections=(SOLUTIONS,), admin_routes=admin_routes)
