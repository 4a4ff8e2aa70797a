"""WhatsApp Templates: the API routes (OpenAPI v1.2.117). Templates are project-level, keyed by (name, language).

    GET    /v1/projects/{projectId}/whatsapp/templates                                           200 list
    POST   /v1/projects/{projectId}/whatsapp/templates                                           201 WhatsappTemplateDto
    POST   /v1/projects/{projectId}/whatsapp/templates/sync                                      200, no body
    GET    /v1/projects/{projectId}/whatsapp/templates/{templateName}                            200 list (one name)
    DELETE /v1/projects/{projectId}/whatsapp/templates/{templateName}                            204 (every language)
    GET    /v1/projects/{projectId}/whatsapp/templates/{templateName}/languages/{languageCode}   200 template
    PATCH  /v1/projects/{projectId}/whatsapp/templates/{templateName}/languages/{languageCode}   200 template
    DELETE /v1/projects/{projectId}/whatsapp/templates/{templateName}/languages/{languageCode}   204
    GET    .../languages/{languageCode}/activities                                               200 notifications
    POST   .../languages/{languageCode}/comments                                                 201 WhatsappCommentDto
    POST   .../languages/{languageCode}/compare                                                  200 comparison

Order of checks: projectId (400 invalid_id_format), languageCode (400 template_invalid_language_code), query or
body (400), the content checks with their own codes (400), the account (400 project_not_initialized), the
template (404), then conflicts (409) and Meta's checks of a submission (409, 424). See emulator/README.md.
"""

from __future__ import annotations

import copy
import math
from datetime import UTC, datetime, timedelta

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute

from emulator import errors
from emulator.clock import isoformat
from emulator.common import project_id, read_json_object, resource_route
from emulator.errors import PapiError
from emulator.lifecycle.activities import API_AUTHOR, activities_envelope, activities_page_request, add_activity
from emulator.lifecycle.comments import add_comment, validate_comment
from emulator.lifecycle.records import internals
from emulator.lifecycle.transitions import cancel_transitions
from emulator.pagination import page_envelope, page_request
from emulator.state import EmulatorState, get_state
from emulator.store import Record
from emulator.webhooks.delivery import deliver
from emulator.whatsapp.common import DEFAULT_PAGE_SIZE, require_account
from emulator.whatsapp.templates import checks
from emulator.whatsapp.templates.dto import DATE_RANGES, FIELD_MASK_PATHS, analytics_between, answer
from emulator.whatsapp.templates.lifecycle import (
    COMPARE_MIN_SENDS,
    SYNC_INTERVAL_SECONDS,
    TEMPLATE_STATES,
    TEMPLATE_STATUSES,
    block,
    blocked,
    key,
    merge_details,
    notify,
    ordered,
    pending_details,
    record_key,
    start_review,
    submission_error,
    template,
    templates_of,
    was_live,
)
from emulator.whatsapp.templates.validation import (
    LANGUAGES,
    validate_compare,
    validate_create,
    validate_submission,
    validate_update,
)

MAX_PAGE_SIZE = 1000  # the description's pageSize maximum for both template lists
TOP_BLOCK_REASON = "NO_REASON"

# --- request parts -------------------------------------------------------------------------------------------------


def _language(request: Request) -> str:
    """The path's languageCode: a `WhatsappInputTemplateLanguagesEnum` value, else 400
    template_invalid_language_code (with the supported codes)."""
    value = str(request.path_params["languageCode"])
    if value not in LANGUAGES:
        raise errors.template_invalid_language_code(LANGUAGES)
    return value


def _name(request: Request) -> str:
    return str(request.path_params["templateName"])


def _repeated(request: Request, name: str) -> list[str]:
    """A repeated query parameter: `?x=A&x=B`, also `x[]=A` and comma-separated."""
    params = request.query_params
    return [v for raw in params.getlist(name) + params.getlist(name + "[]") for v in raw.split(",") if v]


def _filter(request: Request, name: str, allowed: tuple[str, ...], error: PapiError) -> set[str]:
    values = _repeated(request, name)
    if any(v not in allowed for v in values):
        raise error
    return set(values)


def _mask(request: Request) -> list[str] | None:
    """`fieldMask`: paths of `WhatsappTemplateDtoFieldMaskPathsEnum` (else 400 invalid_fields), or None."""
    paths = _repeated(request, "fieldMask")
    if any(p not in FIELD_MASK_PATHS for p in paths):
        raise errors.invalid_fields(FIELD_MASK_PATHS)
    return paths or None


def _date_range(request: Request) -> str:
    """`templateAnalyticsDateRange` (DAY when absent), else 400 invalid_input."""
    value = request.query_params.get("templateAnalyticsDateRange") or "DAY"
    if value not in DATE_RANGES:
        allowed = ", ".join(sorted(DATE_RANGES))
        raise errors.invalid_input([f"templateAnalyticsDateRange must be one of the following values: {allowed}"])
    return value


def _flag(request: Request, name: str) -> bool:
    """A boolean query parameter (`true`/`false`; absent or empty: false), else 400 invalid_input."""
    value = request.query_params.get(name)
    if value in (None, "", "false"):
        return False
    if value == "true":
        return True
    raise errors.invalid_input([f"{name} must be a boolean value"])


# --- lists ---------------------------------------------------------------------------------------------------------


async def list_templates(request: Request) -> Response:
    pid = project_id(request)
    page = page_request(
        request.query_params, kind="whatsapp_templates", max_size=MAX_PAGE_SIZE, default_size=DEFAULT_PAGE_SIZE
    )
    mask = _mask(request)
    states = _filter(request, "filterStates", TEMPLATE_STATES, errors.invalid_filter_states(TEMPLATE_STATES))
    statuses = _filter(request, "filterStatuses", TEMPLATE_STATUSES, errors.invalid_filter_statuses(TEMPLATE_STATUSES))
    date_range = _date_range(request)
    prefix = request.query_params.get("templateName") or ""
    state = get_state(request)
    now = state.clock.now()
    with state.store.lock:
        require_account(state.store, pid)
        records = [
            r
            for r in ordered(list(templates_of(state, pid).values()))
            if str(r["name"]).startswith(prefix)
            and (not states or r.get("state") in states)
            and (not statuses or (r.get("changes") or {}).get("status") in statuses)
        ]
        items = [answer(r, now, mask, date_range) for r in records]
        return JSONResponse(page_envelope(items, page, "templates"))


async def list_by_name(request: Request) -> Response:
    pid = project_id(request)
    name = _name(request)
    page = page_request(
        request.query_params,
        kind="whatsapp_templates_by_name",
        max_size=MAX_PAGE_SIZE,
        default_size=DEFAULT_PAGE_SIZE,
    )
    mask = _mask(request)
    date_range = _date_range(request)
    state = get_state(request)
    now = state.clock.now()
    with state.store.lock:
        require_account(state.store, pid)
        records = [r for r in ordered(list(templates_of(state, pid).values())) if r["name"] == name]
        if not records:
            raise errors.template_not_found()
        return JSONResponse(page_envelope([answer(r, now, mask, date_range) for r in records], page, "templates"))


# --- create, read, update, delete ------------------------------------------------------------------------------------


def _check_submission(state: EmulatorState, pid: str, account: Record, name: str, language: str) -> None:
    """What every submission needs before Meta's checks: a WABA, and no recent deletion of the name/language."""
    if not account.get("wabaId"):
        raise errors.object_with_whatsapp_business_account_id_does_not_exist()
    error = blocked(state, pid, name, language, state.clock.now())
    if error is not None:
        raise error


def _check_pricing(account: Record, details: dict[str, object] | None) -> None:
    """Dynamic pricing (`optimization`) needs a WABA onboarded for maximum-price templates."""
    if details and details.get("optimization") and not account.get("wabaMaxPriceOnboarded"):
        raise errors.template_dynamic_pricing_not_available()


async def create_template(request: Request) -> Response:
    pid = project_id(request)
    data = validate_create(await read_json_object(request))
    error = checks.content_error(data.details)
    if error is None and data.status == "SUBMIT":
        error = checks.category_error(data.category, data.details)
    if error is not None:
        raise error
    state = get_state(request)
    now = state.clock.now()
    with state.store.lock:
        account = require_account(state.store, pid)
        _check_pricing(account, data.details)
        templates = templates_of(state, pid)
        if key(data.name, data.language) in templates:
            raise errors.template_exists()
        error = checks.domain_error(data.details)
        if error is not None:
            raise error
        siblings = [r for r in templates.values() if r["name"] == data.name]
        if siblings and siblings[0]["category"] != data.category:
            raise errors.template_incorrect_category(str(siblings[0]["category"]))
        changes: dict[str, object] = {"status": "DRAFT", "allowCategoryChange": data.allow_category_change}
        if data.details is not None:
            changes["details"] = data.details
        record: Record = {
            "projectId": pid,
            "name": data.name,
            "language": data.language,
            "category": data.category,
            "changes": changes,
            "analytics": [],
            "isMetaGenerated": False,
            "emulator": {"seq": 0, "activities": [], "created": isoformat(now)},
        }
        add_activity(record, "CREATED", now, author=API_AUTHOR)
        if data.status == "DRAFT":
            add_activity(record, "DRAFT", now, author=API_AUTHOR)
            templates[record_key(record)] = record
            return JSONResponse(answer(record, now), status_code=201)
        _check_submission(state, pid, account, data.name, data.language)
        error, rule = submission_error(state, pid, record, data.details)
        if error is not None:
            if data.save_draft_on_failure:  # the error is answered, and the template kept as a draft
                add_activity(record, "DRAFT", now, comment=error.message)
                templates[record_key(record)] = record
            raise error
        templates[record_key(record)] = record
        start_review(state, record, rule, now)
        return JSONResponse(answer(record, now), status_code=201)


async def get_template(request: Request) -> Response:
    pid = project_id(request)
    language = _language(request)
    mask = _mask(request)
    date_range = _date_range(request)
    state = get_state(request)
    with state.store.lock:
        record = template(state, pid, _name(request), language)
        return JSONResponse(answer(record, state.clock.now(), mask, date_range))


async def update_template(request: Request) -> Response:
    pid = project_id(request)
    language = _language(request)
    body = await read_json_object(request)
    update = validate_update(body, None)
    error = checks.content_error(update.details)
    if error is not None:
        raise error
    state = get_state(request)
    now = state.clock.now()
    with state.store.lock:
        account = require_account(state.store, pid)
        record = template(state, pid, _name(request), language)
        if record.get("isMetaGenerated"):
            raise errors.template_source_not_updatable()
        if record.get("state") == "PENDING":
            raise errors.template_not_updatable()
        changes = record.get("changes") or {}
        if changes.get("status") == "IN_PROGRESS":
            raise errors.template_changes_not_updatable()
        # "Works if status template is DRAFT or it was rejected with INCORRECT_CATEGORY": never submitted, or
        # state REJECTED with that code (a live template whose edit was rejected keeps its category).
        category_open = record.get("state") is None or (
            record.get("state") == "REJECTED" and record.get("rejectionCode") == "INCORRECT_CATEGORY"
        )
        if update.category is not None and not category_open:
            raise errors.template_category_not_updatable()
        if update.allow_category_change is not None and not category_open:
            raise errors.template_allow_category_change_not_updatable()
        category = update.category or str(record["category"])
        update = validate_update(body, category)  # the rules that depend on the category
        nothing = update.details is None and update.category is None and update.allow_category_change is None
        if nothing and update.status == "DRAFT" and not changes:
            return JSONResponse(answer(record, now))  # nothing to draft: the template as it is
        base = pending_details(record)
        merged = merge_details(base, update.details or {}) if base is not None or update.details else None
        _check_pricing(account, update.details)
        error = checks.domain_error(merged)
        if error is not None:
            raise error
        if update.status == "SUBMIT":
            messages = validate_submission(category, merged)
            if messages:
                raise errors.invalid_input(messages)
            error = checks.category_error(category, merged)
            if error is not None:
                raise error
            _check_submission(state, pid, account, str(record["name"]), language)
        allow = update.allow_category_change
        if allow is None:
            allow = bool(changes.get("allowCategoryChange", False))
        snapshot = copy.deepcopy(record)
        record["category"] = category
        record["changes"] = {"status": "DRAFT", "allowCategoryChange": allow}
        if merged is not None:
            record["changes"]["details"] = merged
        add_activity(record, "EDITED", now, author=API_AUTHOR)
        if update.status == "SUBMIT":
            error, rule = submission_error(state, pid, record, merged)
            if error is not None:
                record.clear()
                record.update(snapshot)
                raise error
            start_review(state, record, rule, now)
        else:
            add_activity(record, "DRAFT", now, author=API_AUTHOR)
        return JSONResponse(answer(record, now))


async def delete_template(request: Request) -> Response:
    """One language. Without `deleteSubmitted=true` only a draft goes: a template never submitted is removed, a
    submitted one loses its DRAFT change set (404 template_changes_not_found without one; 409 while its changes
    are in review or rejected)."""
    pid = project_id(request)
    language = _language(request)
    delete_submitted = _flag(request, "deleteSubmitted")
    state = get_state(request)
    now = state.clock.now()
    with state.store.lock:
        record = template(state, pid, _name(request), language)
        templates = templates_of(state, pid)
        if delete_submitted or record.get("state") is None:
            cancel_transitions(record)
            if was_live(record):
                block(state, pid, record, now, whole_name=False)
            del templates[record_key(record)]
            if record.get("state") is not None:  # the description's callback carries only the type
                deliver(state, pid, "WHATSAPP_TEMPLATE_DELETED")
            return Response(status_code=204)
        changes = record.get("changes")
        if not changes:
            raise errors.template_changes_not_found()
        if changes.get("status") != "DRAFT":
            raise errors.template_not_deletable_due_to_input_config()
        record.pop("changes")
    return Response(status_code=204)


async def delete_by_name(request: Request) -> Response:
    """Every language of the name, whatever their state; a name that had a live template is blocked 30 days."""
    pid = project_id(request)
    name = _name(request)
    state = get_state(request)
    now = state.clock.now()
    with state.store.lock:
        require_account(state.store, pid)
        templates = templates_of(state, pid)
        matches = [r for r in templates.values() if r["name"] == name]
        if not matches:
            raise errors.template_not_found()
        for record in matches:
            cancel_transitions(record)
            del templates[record_key(record)]
            if record.get("state") is not None:
                deliver(state, pid, "WHATSAPP_TEMPLATE_DELETED")
        if any(was_live(r) for r in matches):
            block(state, pid, matches[0], now, whole_name=True)
    return Response(status_code=204)


# --- activities, comments, compare, sync -----------------------------------------------------------------------------


async def list_activities(request: Request) -> Response:
    pid = project_id(request)
    language = _language(request)
    page = activities_page_request(request, "whatsapp_template_activities")
    state = get_state(request)
    with state.store.lock:
        return JSONResponse(activities_envelope(template(state, pid, _name(request), language), page))


async def create_comment(request: Request) -> Response:
    pid = project_id(request)
    language = _language(request)
    comment = validate_comment(await read_json_object(request))
    state = get_state(request)
    with state.store.lock:
        record = template(state, pid, _name(request), language)
        answered = add_comment(record, comment, state.clock.now())
        notify(state, record, "WHATSAPP_TEMPLATE_COMMENT_ADDED", comment=comment)
        return answered


async def compare_templates(request: Request) -> Response:
    """The two templates' message sends in the timeframe (the `sent` of their analytics entries that overlap it),
    both needing 1,000; `blockOrder` ranks them by sends, most first (ties: the path's template first)."""
    pid = project_id(request)
    language = _language(request)
    data = validate_compare(await read_json_object(request))
    state = get_state(request)
    with state.store.lock:
        record = template(state, pid, _name(request), language)
        if key(data.name, data.language) == record_key(record):
            raise errors.templates_compare_not_unique()
        other = templates_of(state, pid).get(key(data.name, data.language))
        if other is None:
            raise errors.templates_compare_not_found(data.name, data.language)
        end = state.clock.now() if data.end_ms is None else datetime.fromtimestamp(data.end_ms / 1000, UTC)
        start = end - timedelta(days=data.timeframe_days)
        pair = [(r, sum(a["sent"] for a in analytics_between(r, start, end))) for r in (record, other)]
        if min(sends for _, sends in pair) < COMPARE_MIN_SENDS:
            raise errors.templates_not_eligible_for_comparison()
        ranked = sorted(pair, key=lambda item: -item[1])
        return JSONResponse(
            {
                "templates": [
                    {
                        "name": r["name"],
                        "language": r["language"],
                        "blockOrder": rank,
                        "messageSends": sends,
                        "topBlockReason": TOP_BLOCK_REASON,
                    }
                    for rank, (r, sends) in enumerate(ranked, start=1)
                ]
            }
        )


async def sync_templates(request: Request) -> Response:
    """200 without a body: the emulator's templates are Meta's already. At most one sync a minute per project
    (emulator clock); an earlier one is 429 too_many_requests with `Retry-After`."""
    pid = project_id(request)
    state = get_state(request)
    now = state.clock.now()
    with state.store.lock:
        account = require_account(state.store, pid)
        last = internals(account).get("templatesSyncedAt")
        if last is not None:
            wait = SYNC_INTERVAL_SECONDS - (now - datetime.fromisoformat(str(last))).total_seconds()
            if wait > 0:
                limited = errors.too_many_requests()
                limited.headers["Retry-After"] = str(math.ceil(wait))
                raise limited
        internals(account)["templatesSyncedAt"] = isoformat(now)
    return Response(status_code=200)


def routes() -> list[BaseRoute]:
    base = "/v1/projects/{projectId}/whatsapp/templates"
    item = base + "/{templateName}/languages/{languageCode}"
    return [
        resource_route(base, {"GET": list_templates, "POST": create_template}, name="whatsapp_templates"),
        # Before `{templateName}`: POST .../sync is the sync; GET and DELETE .../sync fall through to the name.
        resource_route(base + "/sync", {"POST": sync_templates}, name="whatsapp_templates_sync"),
        resource_route(
            base + "/{templateName}", {"GET": list_by_name, "DELETE": delete_by_name}, name="whatsapp_templates_name"
        ),
        resource_route(
            item,
            {"GET": get_template, "PATCH": update_template, "DELETE": delete_template},
            name="whatsapp_template",
        ),
        resource_route(item + "/activities", {"GET": list_activities}, name="whatsapp_template_activities"),
        resource_route(item + "/comments", {"POST": create_comment}, name="whatsapp_template_comments"),
        resource_route(item + "/compare", {"POST": compare_templates}, name="whatsapp_template_compare"),
    ]
