"""What the KakaoTalk groups (Categories, Senders, Templates) share: collection names, enums, the project's
KakaoTalk initialisation, the category data, and the checks every operation starts with."""

from __future__ import annotations

import copy
import json
from functools import cache
from pathlib import Path
from typing import Any

from starlette.requests import Request

from emulator import errors
from emulator.common import project_id
from emulator.errors import PapiError
from emulator.store import Record, Store

ACCOUNTS = "kakaotalk_accounts"  # one record per initialised project, under ACCOUNT_KEY
ACCOUNT_KEY = "account"
SENDERS = "kakaotalk_senders"  # keyed by plusFriendId
TEMPLATES = "kakaotalk_templates"  # keyed "<plusFriendId>:<code>"

DEFAULT_PAGE_SIZE = 50
DELETION_RETENTION_DAYS = 60.0  # "the sender will remain active for 60 days ... After 60 days it will be removed."

ACTIONS: tuple[str, ...] = ("DRAFT", "SUBMIT")  # KakaotalkActionsEnum
SENDER_STATES: tuple[str, ...] = ("ACTIVE", "BLOCKED", "INACTIVE", "SUSPENDED", "VERIFYING")
CHANGE_STATUSES: tuple[str, ...] = ("DRAFT", "IN_PROGRESS", "REJECTED")  # senders and templates alike
TEMPLATE_STATES: tuple[str, ...] = ("APPROVED", "REJECTED")


def kakaotalk_error(code: str, **kwargs: Any) -> PapiError:
    return errors.kakaotalk_error(code, **kwargs)


@cache
def category_data() -> dict[str, list[dict[str, Any]]]:
    """`senders`: the sender category tree; `templates`: the template categories (the OpenAPI examples, plus the
    guide's sender category 019/0006/0001 and the template default 999999 "Others")."""
    loaded: dict[str, list[dict[str, Any]]] = json.loads(
        (Path(__file__).parent / "categories.json").read_text(encoding="utf-8")
    )
    return loaded


def sender_category_paths() -> set[tuple[str, str, str]]:
    """Every valid (top, mid, sub) path of the sender category tree."""
    return {
        (top["code"], mid["code"], sub["code"])
        for top in category_data()["senders"]
        for mid in top["subcategories"]
        for sub in mid["subcategories"]
    }


def template_category_codes() -> set[str]:
    return {sub["code"] for cat in category_data()["templates"] for sub in cat["subcategories"]}


def is_initialized(store: Store, project: str) -> bool:
    found = store.get_project(project)
    return found is not None and ACCOUNT_KEY in found.collection(ACCOUNTS)


def initialize(store: Store, project: str, moment: str) -> Record:
    """Mark the project as onboarded for KakaoTalk (idempotent). Call with `store.lock` held."""
    accounts = store.project(project).collection(ACCOUNTS)
    if ACCOUNT_KEY not in accounts:
        accounts[ACCOUNT_KEY] = {"projectId": project, "initialized": moment}
    return accounts[ACCOUNT_KEY]


def initialized_project(request: Request, store: Store) -> str:
    """The path's projectId, else 400 `project_not_initialized` (a project without KakaoTalk). Call with
    `store.lock` held."""
    pid = project_id(request)
    if not is_initialized(store, pid):
        raise kakaotalk_error("project_not_initialized")
    return pid


def find_sender(store: Store, project: str, plus_friend_id: str) -> Record:
    found = store.get_project(project)
    record = found.collection(SENDERS).get(plus_friend_id) if found else None
    if record is None:
        raise errors.sender_not_found()
    return record


def template_key(plus_friend_id: str, code: str) -> str:
    return f"{plus_friend_id}:{code}"


def find_template(store: Store, project: str, plus_friend_id: str, code: str) -> Record:
    found = store.get_project(project)
    record = found.collection(TEMPLATES).get(template_key(plus_friend_id, code)) if found else None
    if record is None:
        raise errors.template_not_found()
    return record


def list_filter(request: Request, name: str, allowed: tuple[str, ...], code: str) -> set[str]:
    """A repeatable (or comma-separated) enum filter; an unknown value is 400 `code` with `supportedCodes`."""
    values = {v for raw in request.query_params.getlist(name) for v in raw.split(",") if v}
    values |= {v for raw in request.query_params.getlist(name + "[]") for v in raw.split(",") if v}
    if values - set(allowed):
        raise kakaotalk_error(code, additional_information={"supportedCodes": [", ".join(allowed)]})
    return values


def without_nulls(details: dict[str, Any]) -> dict[str, Any]:
    """A copy of a details object without its null fields (a DTO leaves unset fields out)."""
    return {k: copy.deepcopy(v) for k, v in details.items() if v is not None}


def record_dto(record: Record, fields: tuple[str, ...]) -> dict[str, Any]:
    """A sender's or template's DTO: its fields that are set, the pending changes without their null fields."""
    dto: dict[str, Any] = {}
    for field in fields:
        value = record.get(field)
        if value is None:
            continue
        if field == "changes":
            value = {"status": value["status"], "details": without_nulls(value["details"])}
        dto[field] = copy.deepcopy(value)
    return dto
