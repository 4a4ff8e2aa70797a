"""KakaoTalk Categories (OpenAPI v1.2.117, tag `KakaoTalk Categories`).

    GET /v1/projects/{projectId}/kakaotalk/categories/senders                          200 {categories}: a tree
    GET /v1/projects/{projectId}/kakaotalk/categories/senders/{plusFriendId}/templates 200 paginated categories

The data are the OpenAPI examples (plus the guide's sender category 019/0006/0001 and the template default
999999); the template categories are the same for every sender.
"""

from __future__ import annotations

import copy

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute

from emulator.common import resource_route
from emulator.kakaotalk.common import category_data, find_sender, initialized_project
from emulator.pagination import page_envelope, page_request
from emulator.state import get_state

MAX_PAGE_SIZE = 100
DEFAULT_PAGE_SIZE = 50


async def sender_categories(request: Request) -> Response:
    store = get_state(request).store
    with store.lock:
        initialized_project(request, store)
    return JSONResponse({"categories": copy.deepcopy(category_data()["senders"])})


async def template_categories(request: Request) -> Response:
    store = get_state(request).store
    with store.lock:
        pid = initialized_project(request, store)
    page = page_request(request.query_params, kind="kakaotalk_template_categories", max_size=MAX_PAGE_SIZE,
                        default_size=DEFAULT_PAGE_SIZE)  # fmt: skip
    with store.lock:
        find_sender(store, pid, str(request.path_params["plusFriendId"]))
    return JSONResponse(page_envelope(copy.deepcopy(category_data()["templates"]), page, "categories"))


def routes() -> list[BaseRoute]:
    base = "/v1/projects/{projectId}/kakaotalk/categories/senders"
    return [
        resource_route(base, {"GET": sender_categories}, name="kakaotalk_sender_categories"),
        resource_route(
            base + "/{plusFriendId}/templates", {"GET": template_categories}, name="kakaotalk_template_categories"
        ),
    ]
