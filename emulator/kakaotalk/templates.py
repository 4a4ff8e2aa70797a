"""KakaoTalk Templates: validation, life cycle and the API routes (OpenAPI v1.2.117, tag `KakaoTalk Templates`).
Templates are scoped to a sender and keyed by the `code` the emulator assigns (20 letters and digits, as the
description's example `S7yFqaKqJ8tsnBZH2CEd`).

    GET    .../kakaotalk/senders/{plusFriendId}/templates                         200 KakaotalkTemplateListDto
    POST   .../kakaotalk/senders/{plusFriendId}/templates                         201 KakaotalkTemplateDto
    GET    .../kakaotalk/senders/{plusFriendId}/templates/{templateCode}          200 KakaotalkTemplateDto
    PATCH  .../kakaotalk/senders/{plusFriendId}/templates/{templateCode}          200 KakaotalkTemplateDto
    DELETE .../kakaotalk/senders/{plusFriendId}/templates/{templateCode}          204
    DELETE .../kakaotalk/senders/{plusFriendId}/templates/{templateCode}/changes  204
    POST   .../kakaotalk/senders/{plusFriendId}/templates/{templateCode}/comments 201 KakaotalkCommentDto
    GET    .../kakaotalk/senders/{plusFriendId}/templates/{templateCode}/activities  200 ...NotificationListDto

Life cycle:

    create SUBMIT / PATCH status SUBMIT ─► changes IN_PROGRESS ─(templateReviewSeconds)─► state APPROVED,
        changes applied (KAKAOTALK_TEMPLATE_APPROVED)
    admin review reject ─► changes REJECTED, state REJECTED if never approved (KAKAOTALK_TEMPLATE_REJECTED)
    create DRAFT / PATCH (default DRAFT) ─► changes DRAFT

Checks on submission, after the DTO: the category code exists (400 template_invalid_category_code), then KakaoTalk's
own rules (424 template_kakaotalk_validation_error): button links by type, the image URL is a jpeg or png, an
image emphasis has an image, a text emphasis has a title, EXTRA_INFORMATION and MIXED have `extra`. With
`saveDraftOnFailure` (create only) a failing submission is kept as a DRAFT instead (201).
"""

from __future__ import annotations

import secrets
import string
import uuid
from datetime import datetime
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute

from emulator import errors
from emulator.common import read_json_object, resource_route
from emulator.kakaotalk.common import (
    ACTIONS,
    CHANGE_STATUSES,
    TEMPLATE_STATES,
    TEMPLATES,
    find_sender,
    find_template,
    initialized_project,
    kakaotalk_error,
    list_filter,
    record_dto,
    template_category_codes,
    template_key,
)
from emulator.kakaotalk.senders import is_image_url
from emulator.lifecycle.activities import API_AUTHOR, activities_envelope, activities_page_request, add_activity
from emulator.lifecycle.comments import add_comment, validate_comment
from emulator.lifecycle.records import apply_changes, merge_changes, now_iso
from emulator.lifecycle.review import Decision, Review
from emulator.pagination import page_envelope, page_request
from emulator.state import EmulatorState, get_state
from emulator.store import Record
from emulator.validation import Validator
from emulator.webhooks.delivery import deliver

DTO_FIELDS = ("id", "code", "state", "changes", "details", "created", "modified")
LANGUAGES: tuple[str, ...] = tuple(
    [
        "AF",
        "AR",
        "AZ",
        "BG",
        "BN",
        "CA",
        "CS",
        "DA",
        "DE",
        "EL",
        "EN",
        "EN_GB",
        "EN_US",
        "ES",
        "ES_AR",
        "ES_ES",
        "ES_MX",
        "ET",
        "FA",
        "FI",
        "FIL",
        "FR",
        "GA",
        "GU",
        "HA",
        "HE",
        "HI",
        "HR",
        "HU",
        "ID",
        "IT",
        "JA",
        "KA",
        "KK",
        "KN",
        "KO",
        "KY_KG",
        "LO",
        "LT",
        "LV",
        "MK",
        "ML",
        "MR",
        "MS",
        "NB",
        "NL",
        "PA",
        "PL",
        "PT_BR",
        "PT_PT",
        "RO",
        "RU",
        "RW_RW",
        "SK",
        "SL",
        "SQ",
        "SR",
        "SV",
        "SW",
        "TA",
        "TE",
        "TH",
        "TR",
        "UK",
        "UR",
        "UZ",
        "VI",
        "ZH_CN",
        "ZH_HK",
        "ZH_TW",
        "ZU",
    ]
)  # KakaotalkInputTemplateLanguagesEnum
MESSAGE_TYPES = ("AD_INCLUDED", "BASIC", "EXTRA_INFORMATION", "MIXED")
EMPHASIZE_TYPES = ("EMPHASIZE_TYPE_IMAGE", "EMPHASIZE_TYPE_NONE", "EMPHASIZE_TYPE_TEXT")
BUTTON_TYPES = (
    "APP_LINK",
    "BOT_FOR_CONSULTATION",
    "BOT_KEYWORD",
    "BOT_TRANSFER",
    "BUSINESS_FORM",
    "CHANNEL_ID_ADDED",
    "DELIVERY_SEARCH",
    "IMAGE_SECURE_TRANSMISSION_PLUGIN_ID",
    "MESSAGE_DELIVERY",
    "ONE_CLICK_PAYMENT_PLUGIN",
    "PERSONAL_INFORMATION_USE_PLUGIN_ID",
    "WEB_LINK",
)  # KakaotalkInputKakaoTalkButtonTypeEnum
LINKS = ("linkMo", "linkPc", "schemeIos", "schemeAndroid")
BUTTON_FIELDS = ("ordering", "type", "name", *LINKS)
CREATE_DETAIL_FIELDS = (
    "name",
    "language",
    "content",
    "messageType",
    "emphasizeType",
    "categoryCode",
    "securityFlag",
    "extra",
    "title",
    "subtitle",
    "imageName",
    "imageUrl",
    "buttons",
)
UPDATE_DETAIL_FIELDS = tuple(f for f in CREATE_DETAIL_FIELDS if f != "language")
NULLABLE = ("extra", "title", "subtitle", "imageName", "imageUrl", "buttons")  # in an update: null deletes
DEFAULTS = {"messageType": "BASIC", "emphasizeType": "EMPHASIZE_TYPE_NONE", "categoryCode": "999999",
            "securityFlag": False, "buttons": []}  # fmt: skip
MAX_BUTTONS = 5
MAX_PAGE_SIZE = 1000
DEFAULT_PAGE_SIZE = 50
CODE_ALPHABET = string.ascii_letters + string.digits

# --- validation ----------------------------------------------------------------------------------------------


def _details(v: Validator, *, update: bool) -> None:
    v.string("name", optional=update, min_length=1, max_length=150)
    if not update:
        v.enum("language", LANGUAGES)
    v.string("content", optional=update, min_length=1, max_length=1000)
    v.enum("messageType", MESSAGE_TYPES, optional=True)
    v.enum("emphasizeType", EMPHASIZE_TYPES, optional=True)
    v.string("categoryCode", optional=True, min_length=1, max_length=6)
    v.boolean("securityFlag", optional=True)
    v.string("extra", optional=True, nullable=update, min_length=1, max_length=500)
    v.string("title", optional=True, nullable=update, min_length=1, max_length=50)
    v.string("subtitle", optional=True, nullable=update, min_length=1, max_length=50)
    v.string("imageName", optional=True, nullable=update, min_length=1, max_length=250)
    v.string("imageUrl", optional=True, nullable=update, url=True)
    if update and "buttons" in v.body and v.body["buttons"] is None:
        return
    items = v.nested_array("buttons", optional=True, max_items=MAX_BUTTONS)
    for index, item in items or []:
        b = v.item("buttons", index, item, BUTTON_FIELDS)
        b.number("ordering", minimum=1, maximum=MAX_BUTTONS)
        b.enum("type", BUTTON_TYPES)
        b.string("name", min_length=1, max_length=14)
        for link in LINKS:
            b.string(link, optional=True, min_length=1, max_length=500, url=True)
    if items:
        types = [item.get("type") for _, item in items]
        if len(set(map(str, types))) != len(types):
            v.errors.append(f"All {v.prefix}buttons's elements must be unique by type")


def validate_create(body: dict[str, Any]) -> dict[str, Any]:
    """`KakaotalkInputTemplateDto`."""
    v = Validator(body, ("status", "details", "saveDraftOnFailure"))
    v.enum("status", ACTIONS, optional=True)
    nested = v.nested("details", CREATE_DETAIL_FIELDS)
    if nested is not None:
        _details(nested, update=False)
    v.boolean("saveDraftOnFailure", optional=True)
    v.check()
    return body


def validate_update(body: dict[str, Any]) -> dict[str, Any]:
    """`KakaotalkInputUpdateTemplateDto`."""
    v = Validator(body, ("status", "details"))
    v.enum("status", ACTIONS, optional=True)
    nested = v.nested("details", UPDATE_DETAIL_FIELDS, optional=True)
    if nested is not None:
        _details(nested, update=True)
    v.check()
    return body


def kakaotalk_rule_problem(details: dict[str, Any]) -> str | None:
    """KakaoTalk's rules across fields that need no download: the reason of a 424, or None."""
    for button in details.get("buttons") or []:
        kind, links = button["type"], {k for k in LINKS if button.get(k)}
        if kind == "WEB_LINK" and "linkMo" not in links:
            return f"button {button['name']}: a WEB_LINK button needs linkMo"
        if kind == "APP_LINK" and not {"schemeIos", "schemeAndroid"} <= links and "linkMo" not in links:
            return f"button {button['name']}: an APP_LINK button needs schemeIos and schemeAndroid, or linkMo"
        if kind not in ("WEB_LINK", "APP_LINK") and links:
            return f"button {button['name']}: a {kind} button takes no links"
    image = details.get("imageUrl")
    if isinstance(image, str) and not is_image_url(image):
        return "imageUrl: only image/jpeg and image/png are supported"
    if details.get("emphasizeType") == "EMPHASIZE_TYPE_IMAGE" and not image:
        return "EMPHASIZE_TYPE_IMAGE needs imageUrl"
    if details.get("emphasizeType") == "EMPHASIZE_TYPE_TEXT" and not details.get("title"):
        return "EMPHASIZE_TYPE_TEXT needs title"
    if details.get("messageType") in ("EXTRA_INFORMATION", "MIXED") and not details.get("extra"):
        return f"messageType {details.get('messageType')} needs extra"
    return None


def submission_problem(details: dict[str, Any]) -> errors.PapiError | None:
    if str(details.get("categoryCode", DEFAULTS["categoryCode"])) not in template_category_codes():
        return kakaotalk_error("template_invalid_category_code")
    reason = kakaotalk_rule_problem(details)
    if reason is not None:
        return kakaotalk_error(
            "template_kakaotalk_validation_error", message=f"Template kakaoTalk validation error: {reason}"
        )
    return None


# --- records and events ----------------------------------------------------------------------------------------


def to_dto(record: Record) -> dict[str, Any]:
    dto = record_dto(record, DTO_FIELDS)
    if "details" in dto:  # buttons are required in KakaotalkTemplateDetailsDto
        dto["details"] = {**dto["details"], "buttons": dto["details"].get("buttons") or []}
    return dto


def effective_details(record: Record) -> dict[str, Any]:
    changes = record.get("changes")
    return apply_changes(record.get("details"), changes["details"]) if changes else dict(record.get("details") or {})


def notify(state: EmulatorState, record: Record, trigger: str, **fields: Any) -> None:
    deliver(state, str(record["projectId"]), trigger, to_dto(record), **fields)


def _approve(state: EmulatorState, record: Record, moment: datetime) -> None:
    record["details"] = effective_details(record)
    record.pop("changes", None)
    record["state"] = "APPROVED"
    record["modified"] = now_iso(state)
    notify(state, record, "KAKAOTALK_TEMPLATE_APPROVED")


def _reject(state: EmulatorState, record: Record, moment: datetime, decision: Decision) -> None:
    if record.get("changes") is not None:
        record["changes"]["status"] = "REJECTED"
    if record.get("state") is None:
        record["state"] = "REJECTED"
    record["modified"] = now_iso(state)
    add_activity(record, "REJECTED", moment, comment=decision.reason)
    notify(state, record, "KAKAOTALK_TEMPLATE_REJECTED", comment=decision.reason)


REVIEW = Review(
    collection=TEMPLATES,
    seconds=lambda timing: timing.template_review_seconds,
    approve=_approve,
    reject=_reject,
    key=lambda record: template_key(str(record["plusFriendId"]), str(record["code"])),
)


def _name_taken(state: EmulatorState, project: str, plus_friend_id: str, name: Any, own_code: str = "") -> bool:
    return any(
        r["plusFriendId"] == plus_friend_id and r["code"] != own_code and effective_details(r).get("name") == name
        for r in state.store.records(project, TEMPLATES)
    )


# --- routes ------------------------------------------------------------------------------------------------------


def _ids(request: Request) -> tuple[str, str]:
    return str(request.path_params["plusFriendId"]), str(request.path_params.get("templateCode", ""))


async def list_templates(request: Request) -> Response:
    """Alphabetical by name. `filterStates`, `filterStatuses`, `templateName` (part of the name, any case)."""
    store = get_state(request).store
    with store.lock:
        pid = initialized_project(request, store)
    page = page_request(request.query_params, kind="kakaotalk_templates", max_size=MAX_PAGE_SIZE,
                        default_size=DEFAULT_PAGE_SIZE)  # fmt: skip
    states = list_filter(request, "filterStates", TEMPLATE_STATES, "invalid_filter_states")
    statuses = list_filter(request, "filterStatuses", CHANGE_STATUSES, "invalid_filter_statuses")
    name_part = (request.query_params.get("templateName") or "").lower()
    plus_friend_id, _ = _ids(request)
    with store.lock:
        find_sender(store, pid, plus_friend_id)
        records = [
            r
            for r in store.records(pid, TEMPLATES)
            if r["plusFriendId"] == plus_friend_id
            and (not states or r.get("state") in states)
            and (not statuses or (r.get("changes") or {}).get("status") in statuses)
            and name_part in str(effective_details(r).get("name", "")).lower()
        ]
        records.sort(key=lambda r: (str(effective_details(r).get("name", "")), r["code"]))
        return JSONResponse(page_envelope([to_dto(r) for r in records], page, "templates"))


async def create_template(request: Request) -> Response:
    state = get_state(request)
    store = state.store
    with store.lock:
        pid = initialized_project(request, store)
    body = validate_create(await read_json_object(request))
    plus_friend_id, _ = _ids(request)
    details = {**DEFAULTS, **body["details"]}
    status = "IN_PROGRESS" if body.get("status", "SUBMIT") == "SUBMIT" else "DRAFT"
    with store.lock:
        find_sender(store, pid, plus_friend_id)
        if _name_taken(state, pid, plus_friend_id, details["name"]):
            raise kakaotalk_error("template_exists")
        if status == "IN_PROGRESS":
            problem = submission_problem(details)
            if problem is not None:
                if not body.get("saveDraftOnFailure", False):
                    raise problem
                status = "DRAFT"
        moment = state.clock.now()
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(20))
        record: Record = {
            "id": str(uuid.uuid4()),
            "code": code,
            "changes": {"status": status, "details": details},
            "created": now_iso(state),
            "modified": now_iso(state),
            "projectId": pid,
            "plusFriendId": plus_friend_id,
        }
        add_activity(record, "CREATED", moment, author=API_AUTHOR)
        add_activity(record, status, moment, author=API_AUTHOR)
        store.project(pid).collection(TEMPLATES)[template_key(plus_friend_id, code)] = record
        if status == "IN_PROGRESS":
            REVIEW.submit(state, record)
        return JSONResponse(to_dto(record), status_code=201)


async def get_template(request: Request) -> Response:
    store = get_state(request).store
    with store.lock:
        pid = initialized_project(request, store)
        plus_friend_id, code = _ids(request)
        find_sender(store, pid, plus_friend_id)
        return JSONResponse(to_dto(find_template(store, pid, plus_friend_id, code)))


async def update_template(request: Request) -> Response:
    state = get_state(request)
    store = state.store
    with store.lock:
        pid = initialized_project(request, store)
    body = validate_update(await read_json_object(request))
    patch = body.get("details") or {}
    submit = body.get("status", "DRAFT") == "SUBMIT"
    plus_friend_id, code = _ids(request)
    with store.lock:
        find_sender(store, pid, plus_friend_id)
        record = find_template(store, pid, plus_friend_id, code)
        changes = record.get("changes")
        if changes is not None and changes["status"] not in ("DRAFT", "REJECTED"):
            raise kakaotalk_error("template_changes_not_updatable")
        if changes is None and record.get("state") not in ("APPROVED", "REJECTED"):
            raise kakaotalk_error("template_not_updatable")
        if "name" in patch and _name_taken(state, pid, plus_friend_id, patch["name"], code):
            raise kakaotalk_error("template_exists")
        merged = merge_changes(changes["details"] if changes else {}, patch)
        if submit:
            problem = submission_problem(apply_changes(record.get("details"), merged))
            if problem is not None:
                raise problem
        moment = state.clock.now()
        record["changes"] = {"status": "IN_PROGRESS" if submit else "DRAFT", "details": merged}
        record["modified"] = now_iso(state)
        add_activity(record, "EDITED", moment, author=API_AUTHOR)
        if submit:
            add_activity(record, "IN_PROGRESS", moment, author=API_AUTHOR)
            REVIEW.submit(state, record)
        else:
            REVIEW.hold(record)
        return JSONResponse(to_dto(record))


async def delete_template(request: Request) -> Response:
    store = get_state(request).store
    with store.lock:
        pid = initialized_project(request, store)
        plus_friend_id, code = _ids(request)
        find_sender(store, pid, plus_friend_id)
        record = find_template(store, pid, plus_friend_id, code)
        REVIEW.hold(record)
        del store.project(pid).collection(TEMPLATES)[template_key(plus_friend_id, code)]
        return Response(status_code=204)


async def delete_changes(request: Request) -> Response:
    """Drops DRAFT or REJECTED changes; a template never submitted to KakaoTalk (a draft only) goes entirely.
    Changes IN_PROGRESS, or none, are not deletable (409)."""
    state = get_state(request)
    store = state.store
    with store.lock:
        pid = initialized_project(request, store)
        plus_friend_id, code = _ids(request)
        record = find_template(store, pid, plus_friend_id, code)
        changes = record.get("changes")
        if changes is None or changes["status"] == "IN_PROGRESS":
            raise kakaotalk_error("template_not_deletable")
        if record.get("state") is None:
            del store.project(pid).collection(TEMPLATES)[template_key(plus_friend_id, code)]
        else:
            del record["changes"]
            record["modified"] = now_iso(state)
        return Response(status_code=204)


async def create_comment(request: Request) -> Response:
    state = get_state(request)
    store = state.store
    with store.lock:
        pid = initialized_project(request, store)
    comment = validate_comment(await read_json_object(request))
    plus_friend_id, code = _ids(request)
    with store.lock:
        record = find_template(store, pid, plus_friend_id, code)
        answered = add_comment(record, comment, state.clock.now())
        notify(state, record, "KAKAOTALK_TEMPLATE_COMMENT_ADDED", comment=comment)
        return answered


async def list_activities(request: Request) -> Response:
    store = get_state(request).store
    with store.lock:
        pid = initialized_project(request, store)
    page = activities_page_request(request, "kakaotalk_template_activities")
    plus_friend_id, code = _ids(request)
    with store.lock:
        find_sender(store, pid, plus_friend_id)
        return JSONResponse(activities_envelope(find_template(store, pid, plus_friend_id, code), page))


def routes() -> list[BaseRoute]:
    base = "/v1/projects/{projectId}/kakaotalk/senders/{plusFriendId}/templates"
    item = base + "/{templateCode}"
    return [
        resource_route(base, {"GET": list_templates, "POST": create_template}, name="kakaotalk_templates"),
        resource_route(
            item,
            {"GET": get_template, "PATCH": update_template, "DELETE": delete_template},
            name="kakaotalk_template",
        ),
        resource_route(item + "/changes", {"DELETE": delete_changes}, name="kakaotalk_template_changes"),
        resource_route(item + "/comments", {"POST": create_comment}, name="kakaotalk_template_comments"),
        resource_route(item + "/activities", {"GET": list_activities}, name="kakaotalk_template_activities"),
    ]
