"""KakaoTalk Senders: validation, life cycle and the API routes (OpenAPI v1.2.117, tag `KakaoTalk Senders`).

    GET    /v1/projects/{projectId}/kakaotalk/senders                             200 KakaotalkSenderListDto
    POST   /v1/projects/{projectId}/kakaotalk/senders                             201 KakaotalkSenderDto
    GET    /v1/projects/{projectId}/kakaotalk/senders/{plusFriendId}              200 KakaotalkSenderDto
    PATCH  /v1/projects/{projectId}/kakaotalk/senders/{plusFriendId}              200 KakaotalkSenderDto
    DELETE /v1/projects/{projectId}/kakaotalk/senders/{plusFriendId}              204 (removal in 60 days)
    POST   /v1/projects/{projectId}/kakaotalk/senders/{plusFriendId}/register     200 KakaotalkSenderDto (VERIFYING)
    POST   /v1/projects/{projectId}/kakaotalk/senders/{plusFriendId}/verify       200 KakaotalkSenderDto (ACTIVE)
    DELETE /v1/projects/{projectId}/kakaotalk/senders/{plusFriendId}/changes      204
    POST   /v1/projects/{projectId}/kakaotalk/senders/{plusFriendId}/comments     201 KakaotalkCommentDto
    GET    /v1/projects/{projectId}/kakaotalk/senders/{plusFriendId}/activities   200 KakaotalkSenderNotificationListDto

Life cycle (a sender is keyed by its `plusFriendId`; `details` are the live values, `changes` the pending ones):

    create SUBMIT ─► changes IN_PROGRESS ─register─► state VERIFYING ─verify(code)─► state ACTIVE, changes applied
    create DRAFT  ─► changes DRAFT ─PATCH status SUBMIT─► changes IN_PROGRESS
    ACTIVE + PATCH SUBMIT ─► changes IN_PROGRESS ─(profileReviewSeconds)─► applied
    admin review reject ─► changes REJECTED (KAKAOTALK_SENDER_REJECTED)
    DELETE ─► stays visible and active for 60 days, then removed with its templates

Order of checks (auth happens before routing): project initialised (400 project_not_initialized; POST senders
initialises the project instead), body (invalid_payload, invalid_input), existence (404), state (409), then the
checks that need Sinch's data (category codes, logo image type) on submission.
"""

from __future__ import annotations

import copy
import re
import secrets
import uuid
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute

from emulator import errors
from emulator.common import project_id, read_json_object, resource_route
from emulator.kakaotalk.common import (
    ACTIONS,
    CHANGE_STATUSES,
    DELETION_RETENTION_DAYS,
    SENDER_STATES,
    SENDERS,
    TEMPLATES,
    find_sender,
    initialize,
    initialized_project,
    kakaotalk_error,
    list_filter,
    record_dto,
    sender_category_paths,
)
from emulator.lifecycle.activities import API_AUTHOR, activities_envelope, activities_page_request, add_activity
from emulator.lifecycle.comments import add_comment, validate_comment
from emulator.lifecycle.records import apply_changes, internals, merge_changes, now_iso
from emulator.lifecycle.review import Decision, Review
from emulator.lifecycle.transitions import cancel_transitions, schedule_at
from emulator.pagination import page_envelope, page_request
from emulator.state import EmulatorState, get_state
from emulator.store import Record
from emulator.validation import Validator
from emulator.webhooks.delivery import deliver

DTO_FIELDS = ("id", "plusFriendId", "state", "changes", "details", "created", "modified")
DETAIL_FIELDS = (
    "adminPhoneNo",
    "name",
    "logoImage",
    "topLevelCategoryCode",
    "midLevelCategoryCode",
    "subLevelCategoryCode",
)
PHONE_RE = re.compile(r"\+[1-9][0-9]{6,13}")  # E.164, as class-validator's @IsPhoneNumber() without a region
IMAGE_EXTENSIONS = ("jpg", "jpeg", "png")


def is_image_url(url: str) -> bool:
    """jpeg or png as far as the URL tells without fetching it: a last path segment with another extension
    (`logo.gif`) is not; one without an extension may be anything, so it passes."""
    segment = urlsplit(url).path.rsplit("/", 1)[-1]
    return "." not in segment or segment.rsplit(".", 1)[1].lower() in IMAGE_EXTENSIONS


MAX_PAGE_SIZE = 100
DEFAULT_PAGE_SIZE = 50
VERIFICATION_CODE_KEY = "verificationCode"

# --- validation ----------------------------------------------------------------------------------------------


def _details(v: Validator, *, update: bool) -> None:
    v.string("adminPhoneNo", optional=update, min_length=1, max_length=15)
    phone = v.body.get("adminPhoneNo")
    if isinstance(phone, str) and not PHONE_RE.fullmatch(phone):
        v.error("adminPhoneNo", "must be a valid phone number")
    v.string("name", optional=update, min_length=1, max_length=512)
    v.string("logoImage", optional=True, nullable=update, url=True)
    for name in DETAIL_FIELDS[3:]:
        v.string(name, optional=update)


def validate_create(body: dict[str, Any]) -> dict[str, Any]:
    """`KakaotalkInputSenderDto`."""
    v = Validator(body, ("status", "saveDraftOnFailure", "plusFriendId", "details"))
    v.enum("status", ACTIONS, optional=True)
    v.boolean("saveDraftOnFailure", optional=True)
    v.string("plusFriendId", min_length=1, max_length=30)
    nested = v.nested("details", DETAIL_FIELDS)
    if nested is not None:
        _details(nested, update=False)
    v.check()
    return body


def validate_update(body: dict[str, Any]) -> dict[str, Any]:
    """`KakaotalkInputUpdateSenderDto`: every detail optional, `logoImage` nullable (null deletes it)."""
    v = Validator(body, ("status", "details"))
    v.enum("status", ACTIONS, optional=True)
    nested = v.nested("details", DETAIL_FIELDS, optional=True)
    if nested is not None:
        _details(nested, update=True)
    v.check()
    return body


def submission_problem(details: dict[str, Any]) -> errors.PapiError | None:
    """The checks a submission gets beyond the DTO: the category path exists, the logo is a jpeg or png."""
    path = tuple(str(details.get(k)) for k in DETAIL_FIELDS[3:])
    if path not in sender_category_paths():
        return kakaotalk_error("sender_invalid_category_code")
    logo = details.get("logoImage")
    if isinstance(logo, str) and not is_image_url(logo):
        return kakaotalk_error("file_invalid_mime_type")
    return None


# --- records and events ----------------------------------------------------------------------------------------


def to_dto(record: Record) -> dict[str, Any]:
    return record_dto(record, DTO_FIELDS)


def notify(state: EmulatorState, record: Record, trigger: str, **fields: Any) -> None:
    deliver(state, str(record["projectId"]), trigger, to_dto(record), **fields)


def _touch(state: EmulatorState, record: Record) -> None:
    record["modified"] = now_iso(state)


def activate(state: EmulatorState, record: Record, moment: datetime) -> None:
    """The pending changes become the details; the sender is ACTIVE (KAKAOTALK_SENDER_ACTIVE)."""
    changes = record.pop("changes", None)
    if changes is not None:
        record["details"] = apply_changes(record.get("details"), changes["details"])
    record["state"] = "ACTIVE"
    internals(record).pop(VERIFICATION_CODE_KEY, None)
    record["modified"] = now_iso(state)
    add_activity(record, "ACTIVE", moment)
    notify(state, record, "KAKAOTALK_SENDER_ACTIVE")


def _approve(state: EmulatorState, record: Record, moment: datetime) -> None:
    if record.get("state") in (None, "VERIFYING"):
        activate(state, record, moment)
        return
    changes = record.pop("changes", None)
    if changes is not None:
        record["details"] = apply_changes(record.get("details"), changes["details"])
    record["modified"] = now_iso(state)


def _reject(state: EmulatorState, record: Record, moment: datetime, decision: Decision) -> None:
    if record.get("changes") is not None:
        record["changes"]["status"] = "REJECTED"
    record["modified"] = now_iso(state)
    add_activity(record, "REJECTED", moment, comment=decision.reason)
    notify(state, record, "KAKAOTALK_SENDER_REJECTED", comment=decision.reason)


# A submitted change set of a registered sender is reviewed on the clock (the WhatsApp profile review time).
REVIEW = Review(
    collection=SENDERS,
    seconds=lambda timing: timing.profile_review_seconds,
    approve=_approve,
    reject=_reject,
    key=lambda record: str(record["plusFriendId"]),
)


def set_state(state: EmulatorState, record: Record, new_state: str, moment: datetime) -> None:
    """An admin state change. ACTIVE sends KAKAOTALK_SENDER_ACTIVE (a sender not yet active gets its first
    changes applied), BLOCKED, INACTIVE and SUSPENDED send KAKAOTALK_SENDER_INACTIVE."""
    if new_state == "ACTIVE" and record.get("state") in (None, "VERIFYING"):
        activate(state, record, moment)
        return
    record["state"] = new_state
    record["modified"] = now_iso(state)
    if new_state == "ACTIVE":
        add_activity(record, "ACTIVE", moment)
        notify(state, record, "KAKAOTALK_SENDER_ACTIVE")
    elif new_state != "VERIFYING":
        add_activity(record, "INACTIVE", moment)
        notify(state, record, "KAKAOTALK_SENDER_INACTIVE")


def remove_sender(state: EmulatorState, project: str, plus_friend_id: str) -> None:
    """Remove the sender and its templates now. Call with `store.lock` held."""
    found = state.store.get_project(project)
    if found is None:
        return
    found.collection(SENDERS).pop(plus_friend_id, None)
    templates = found.collection(TEMPLATES)
    for key in [k for k, t in templates.items() if t["plusFriendId"] == plus_friend_id]:
        cancel_transitions(templates.pop(key))


# --- routes ------------------------------------------------------------------------------------------------------


def _plus_friend_id(request: Request) -> str:
    return str(request.path_params["plusFriendId"])


async def list_senders(request: Request) -> Response:
    """Filters `filterStates`, `filterStatuses` (repeatable or comma-separated). Order: creation."""
    store = get_state(request).store
    with store.lock:
        pid = initialized_project(request, store)
    page = page_request(request.query_params, kind="kakaotalk_senders", max_size=MAX_PAGE_SIZE,
                        default_size=DEFAULT_PAGE_SIZE)  # fmt: skip
    states = list_filter(request, "filterStates", SENDER_STATES, "invalid_filter_states")
    statuses = list_filter(request, "filterStatuses", CHANGE_STATUSES, "invalid_filter_statuses")
    with store.lock:
        records = [
            r
            for r in store.records(pid, SENDERS)
            if (not states or r.get("state") in states)
            and (not statuses or (r.get("changes") or {}).get("status") in statuses)
        ]
        return JSONResponse(page_envelope([to_dto(r) for r in records], page, "senders"))


async def create_sender(request: Request) -> Response:
    """Creating a sender onboards the project for KakaoTalk (the description documents no
    project_not_initialized for this operation)."""
    pid = project_id(request)
    body = validate_create(await read_json_object(request))
    state = get_state(request)
    store = state.store
    details = body["details"]
    status = "IN_PROGRESS" if body.get("status", "SUBMIT") == "SUBMIT" else "DRAFT"
    with store.lock:
        senders = store.project(pid).collection(SENDERS)
        if body["plusFriendId"] in senders:
            raise kakaotalk_error("plus_friend_id_used")
        if status == "IN_PROGRESS":
            problem = submission_problem(details)
            if problem is not None:
                if not body.get("saveDraftOnFailure", False):
                    raise problem
                status = "DRAFT"
        initialize(store, pid, now_iso(state))
        moment = state.clock.now()
        record: Record = {
            "id": str(uuid.uuid4()),
            "plusFriendId": body["plusFriendId"],
            "changes": {"status": status, "details": copy.deepcopy(details)},
            "created": now_iso(state),
            "modified": now_iso(state),
            "projectId": pid,
        }
        add_activity(record, "CREATED", moment, author=API_AUTHOR)
        add_activity(record, status, moment, author=API_AUTHOR)
        senders[record["plusFriendId"]] = record
        return JSONResponse(to_dto(record), status_code=201)


async def get_sender(request: Request) -> Response:
    store = get_state(request).store
    with store.lock:
        pid = initialized_project(request, store)
        return JSONResponse(to_dto(find_sender(store, pid, _plus_friend_id(request))))


async def update_sender(request: Request) -> Response:
    state = get_state(request)
    store = state.store
    with store.lock:
        pid = initialized_project(request, store)
    body = validate_update(await read_json_object(request))
    patch = body.get("details") or {}
    submit = body.get("status", "DRAFT") == "SUBMIT"
    with store.lock:
        record = find_sender(store, pid, _plus_friend_id(request))
        changes = record.get("changes")
        if changes is not None and changes["status"] != "DRAFT":
            raise kakaotalk_error("sender_changes_not_updatable")
        if changes is None and record.get("state") != "ACTIVE":
            raise kakaotalk_error("sender_not_updatable")
        if not patch and not submit:
            raise errors.no_fields_to_update()
        merged = merge_changes(changes["details"] if changes else {}, patch)
        if submit:
            problem = submission_problem(apply_changes(record.get("details"), merged))
            if problem is not None:
                raise problem
        moment = state.clock.now()
        record["changes"] = {"status": "IN_PROGRESS" if submit else "DRAFT", "details": merged}
        _touch(state, record)
        add_activity(record, "EDITED", moment, author=API_AUTHOR)
        if submit:
            add_activity(record, "IN_PROGRESS", moment, author=API_AUTHOR)
            if record.get("state") == "ACTIVE":
                REVIEW.submit(state, record)
        return JSONResponse(to_dto(record))


async def delete_sender(request: Request) -> Response:
    """Marks the sender for removal: it stays visible and active for 60 days, then it goes with its templates."""
    state = get_state(request)
    store = state.store
    with store.lock:
        pid = initialized_project(request, store)
        record = find_sender(store, pid, _plus_friend_id(request))
        meta = internals(record)
        if meta.get("removal") is not None:
            raise kakaotalk_error("sender_already_deleted")
        due = state.clock.now() + timedelta(days=DELETION_RETENTION_DAYS)
        meta["removal"] = due.isoformat()
        record_id, plus_friend_id = record["id"], record["plusFriendId"]

        def remove(_: datetime) -> None:
            found = store.get_project(pid)
            current = found.collection(SENDERS).get(plus_friend_id) if found else None
            if current is not None and current["id"] == record_id:
                remove_sender(state, pid, plus_friend_id)

        schedule_at(state, due, remove)
        return Response(status_code=204)


async def register_sender(request: Request) -> Response:
    """Registration sends a verification code to the admin phone (readable through the admin API): VERIFYING.
    Not allowed for an ACTIVE, BLOCKED or SUSPENDED sender, nor for one whose first submission is a draft or
    was rejected."""
    state = get_state(request)
    store = state.store
    with store.lock:
        pid = initialized_project(request, store)
        record = find_sender(store, pid, _plus_friend_id(request))
        current = record.get("state")
        changes = record.get("changes")
        if current in ("ACTIVE", "BLOCKED", "SUSPENDED"):
            raise kakaotalk_error("not_allowed_register")
        if current is None and (changes is None or changes["status"] != "IN_PROGRESS"):
            raise kakaotalk_error("not_allowed_register")
        cancel_transitions(record)
        record["state"] = "VERIFYING"
        internals(record)[VERIFICATION_CODE_KEY] = 100000 + secrets.randbelow(900000)
        _touch(state, record)
        return JSONResponse(to_dto(record))


async def verify_sender(request: Request) -> Response:
    """`{code}`: the code registration sent. A wrong code is a 400 invalid_input (the description documents no
    error for it)."""
    state = get_state(request)
    store = state.store
    with store.lock:
        pid = initialized_project(request, store)
    body = await read_json_object(request)
    v = Validator(body, ("code",))
    code = v.number("code")
    v.check()
    with store.lock:
        record = find_sender(store, pid, _plus_friend_id(request))
        if record.get("state") != "VERIFYING":
            raise kakaotalk_error("not_allowed_verify")
        if code != internals(record).get(VERIFICATION_CODE_KEY):
            raise errors.invalid_input(["code is not the verification code sent to the admin phone"])
        cancel_transitions(record)
        activate(state, record, state.clock.now())
        return JSONResponse(to_dto(record))


async def delete_changes(request: Request) -> Response:
    """Drops DRAFT or REJECTED changes. A sender that never became active has nothing else: it goes."""
    state = get_state(request)
    store = state.store
    with store.lock:
        pid = initialized_project(request, store)
        found = store.get_project(pid)
        record = found.collection(SENDERS).get(_plus_friend_id(request)) if found else None
        if record is None or record.get("changes") is None:
            raise errors.sender_changes_not_found()
        if record["changes"]["status"] == "IN_PROGRESS":
            raise kakaotalk_error("sender_changes_not_deletable")
        if record.get("details") is None:
            remove_sender(state, pid, str(record["plusFriendId"]))
        else:
            del record["changes"]
            _touch(state, record)
        return Response(status_code=204)


async def create_comment(request: Request) -> Response:
    state = get_state(request)
    store = state.store
    with store.lock:
        pid = initialized_project(request, store)
    comment = validate_comment(await read_json_object(request))
    with store.lock:
        record = find_sender(store, pid, _plus_friend_id(request))
        answered = add_comment(record, comment, state.clock.now())
        notify(state, record, "KAKAOTALK_SENDER_COMMENT_ADDED", comment=comment)
        return answered


async def list_activities(request: Request) -> Response:
    store = get_state(request).store
    with store.lock:
        pid = initialized_project(request, store)
    page = activities_page_request(request, "kakaotalk_sender_activities")
    with store.lock:
        return JSONResponse(activities_envelope(find_sender(store, pid, _plus_friend_id(request)), page))


def routes() -> list[BaseRoute]:
    base = "/v1/projects/{projectId}/kakaotalk/senders"
    item = base + "/{plusFriendId}"
    return [
        resource_route(base, {"GET": list_senders, "POST": create_sender}, name="kakaotalk_senders"),
        resource_route(
            item, {"GET": get_sender, "PATCH": update_sender, "DELETE": delete_sender}, name="kakaotalk_sender"
        ),
        resource_route(item + "/register", {"POST": register_sender}, name="kakaotalk_sender_register"),
        resource_route(item + "/verify", {"POST": verify_sender}, name="kakaotalk_sender_verify"),
        resource_route(item + "/changes", {"DELETE": delete_changes}, name="kakaotalk_sender_changes"),
        resource_route(item + "/comments", {"POST": create_comment}, name="kakaotalk_sender_comments"),
        resource_route(item + "/activities", {"GET": list_activities}, name="kakaotalk_sender_activities"),
    ]
