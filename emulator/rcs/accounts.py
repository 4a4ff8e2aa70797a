"""RCS Accounts (tag `RCS Accounts`): the project's RCS account, created with its first sender (a CREATED
activity); before that both operations are 404 account_not_found.

    GET  /v1/projects/{projectId}/rcs/activities   200 RcsAccountNotificationListDto
    POST /v1/projects/{projectId}/rcs/comments     201 RcsCommentDto (RCS_ACCOUNT_COMMENT_ADDED)

The callback's payload is `{"projectId"}`: the description gives the account no DTO.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute

from emulator.common import project_id, read_json_object, resource_route
from emulator.lifecycle.activities import activities_envelope, activities_page_request
from emulator.lifecycle.comments import add_comment, validate_comment
from emulator.rcs.common import find_account
from emulator.state import get_state
from emulator.webhooks.delivery import deliver


async def list_activities(request: Request) -> Response:
    pid = project_id(request)
    page = activities_page_request(request, "rcs_account_activities")
    store = get_state(request).store
    with store.lock:
        return JSONResponse(activities_envelope(find_account(store, pid), page))


async def create_comment(request: Request) -> Response:
    pid = project_id(request)
    comment = validate_comment(await read_json_object(request))
    state = get_state(request)
    with state.store.lock:
        record = find_account(state.store, pid)
        answered = add_comment(record, comment, state.clock.now())
        deliver(state, pid, "RCS_ACCOUNT_COMMENT_ADDED", {"projectId": pid}, comment=comment)
        return answered


def routes() -> list[BaseRoute]:
    base = "/v1/projects/{projectId}/rcs"
    return [
        resource_route(base + "/activities", {"GET": list_activities}, name="rcs_account_activities"),
        resource_route(base + "/comments", {"POST": create_comment}, name="rcs_account_comments"),
    ]
