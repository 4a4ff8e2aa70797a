"""WhatsApp Templates: admin controls (under /_emulator, unauthenticated). `{t}` is
`/_emulator/projects/{projectId}/whatsapp/templates`.

    POST   {t}                                             seed a template (WhatsappTemplateDto fields), any state
    POST   {t}/{templateName}/languages/{language}/review  {"outcome", "reason", "rejectionCode", "category"}
    POST   {t}/{templateName}/languages/{language}/state   {"state": APPROVED|PAUSED|DISABLED, "qualityScore"}
    POST   /_emulator/whatsapp/template-rules              a rule (see lifecycle.RULES)
    GET    /_emulator/whatsapp/template-rules              {"rules": [...]}
    DELETE /_emulator/whatsapp/template-rules              204
"""

from __future__ import annotations

import re
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from emulator.admin import admin_state, bad_request, json_body
from emulator.clock import isoformat
from emulator.common import project_id
from emulator.errors import PapiError
from emulator.lifecycle.activities import add_activity
from emulator.lifecycle.records import unknown_keys
from emulator.lifecycle.review import parse_decision
from emulator.state import ADMIN_PREFIX, EmulatorState
from emulator.store import Record
from emulator.whatsapp.accounts.lifecycle import create_embedded_signup_account
from emulator.whatsapp.common import TEMPLATES, account_of, numeric_id
from emulator.whatsapp.templates.dto import TEMPLATE_FIELDS, answer, input_details, parse_time
from emulator.whatsapp.templates.lifecycle import (
    LIVE_STATES,
    QUALITY_SCORES,
    REJECTION_CODES,
    REVIEW,
    RULES,
    TEMPLATE_STATES,
    TEMPLATE_STATUSES,
    key,
    notify,
    record_key,
)
from emulator.whatsapp.templates.validation import CATEGORIES, LANGUAGES, NAME_PATTERN

SEEDED_QUALITY_SCORE = "QUALITY_SCORE_GREEN"


def _admin_template(state: EmulatorState, project: str, name: str, language: str) -> Record:
    found = state.store.get_project(project)
    record = found.collection(TEMPLATES).get(key(name, language)) if found else None
    if record is None:
        raise PapiError(
            404, "not_found", f"No WhatsApp template {name}/{language} in project {project}.", "Check the ids."
        )
    return record


def _one_of(body: dict[str, Any], name: str, values: tuple[str, ...]) -> None:
    if body.get(name) is not None and body[name] not in values:
        raise bad_request(f"{name} must be one of {', '.join(values)}.")


def _check_analytics(entries: Any) -> None:
    number = (int, float)
    if not isinstance(entries, list) or not all(
        isinstance(e, dict)
        and all(isinstance(e.get(f), number) and not isinstance(e.get(f), bool) for f in ("sent", "delivered", "read"))
        and parse_time(e.get("start")) is not None
        and parse_time(e.get("end")) is not None
        and isinstance(e.get("buttons", []), list)
        for e in entries
    ):
        raise bad_request(
            "analytics must be a list of {sent, delivered, read (numbers), start, end (ISO 8601 with a time zone), "
            "buttons: [{type, content, clicks}]}."
        )


def _defaults(name: str, target: str | None) -> dict[str, Any]:
    """A seeded template's fields by state: live ones have details, a whatsappId and a quality score; PENDING,
    REJECTED and drafts (no state) have a change set instead."""
    details = {"components": [{"type": "BODY", "text": f"Hello from {name}, a template of the Sinch emulator."}]}
    if target in LIVE_STATES:
        return {"whatsappId": numeric_id(), "qualityScore": SEEDED_QUALITY_SCORE, "details": details}
    status = {"PENDING": "IN_PROGRESS", "REJECTED": "REJECTED"}.get(str(target), "DRAFT")
    fields: dict[str, Any] = {"changes": {"status": status, "allowCategoryChange": False, "details": details}}
    if target == "REJECTED":
        fields["rejectionCode"] = "INVALID_FORMAT"
    return fields


async def admin_seed_template(request: Request) -> Response:
    """A template "as if created in the Sinch dashboard", in any state: any subset of WhatsappTemplateDto fields
    over the defaults of its state (APPROVED unless told). A null value removes a default."""
    state = admin_state(request)
    pid = project_id(request)
    body = await json_body(request)
    if not isinstance(body, dict):
        raise bad_request("Send a JSON object with WhatsappTemplateDto fields.")
    unknown = unknown_keys(body, TEMPLATE_FIELDS)
    if unknown:
        raise bad_request(f"Unknown template fields: {', '.join(unknown)}. Known: {', '.join(TEMPLATE_FIELDS)}.")
    if "name" in body and not (isinstance(body["name"], str) and re.fullmatch(NAME_PATTERN, body["name"])):
        raise bad_request(f"name must match {NAME_PATTERN}, e.g. order_update.")
    _one_of(body, "language", LANGUAGES)
    _one_of(body, "category", CATEGORIES)
    _one_of(body, "state", TEMPLATE_STATES)
    _one_of(body, "rejectionCode", REJECTION_CODES)
    _one_of(body, "qualityScore", QUALITY_SCORES)
    for field in ("changes", "details"):
        if body.get(field) is not None and not isinstance(body[field], dict):
            raise bad_request(f"{field} must be an object.")
    if isinstance(body.get("changes"), dict) and body["changes"].get("status") not in TEMPLATE_STATUSES:
        raise bad_request(f"changes.status must be one of {', '.join(TEMPLATE_STATUSES)}.")
    if "analytics" in body:
        _check_analytics(body["analytics"])
    if body.get("whatsappId") is not None and not isinstance(body["whatsappId"], str):
        raise bad_request("whatsappId must be a string.")
    if "isMetaGenerated" in body and not isinstance(body["isMetaGenerated"], bool):
        raise bad_request("isMetaGenerated must be a boolean.")
    now = state.clock.now()
    with state.store.lock:
        templates = state.store.project(pid).collection(TEMPLATES)
        name = body.get("name") or next(
            f"emulator_template_{n}"
            for n in range(1, len(templates) + 2)
            if f"emulator_template_{n}:EN_US" not in templates
        )
        target = body.get("state", "APPROVED")
        record: Record = {
            "projectId": pid,
            "name": name,
            "language": "EN_US",
            "category": "UTILITY",
            "state": target,
            **_defaults(name, target),
            "analytics": [],
            "isMetaGenerated": False,
        }
        record.update(body)
        record = {k: v for k, v in record.items() if v is not None}
        for holder in (record, record.get("changes")):
            if isinstance(holder, dict) and isinstance(holder.get("details"), dict):
                holder["details"] = input_details(holder["details"])
        record["emulator"] = {"seq": 0, "activities": [], "created": isoformat(now), "kind": "SEEDED"}
        if record_key(record) in templates:
            raise bad_request(f"Template {record['name']}/{record['language']} already exists in project {pid}.")
        if account_of(state.store, pid) is None:
            create_embedded_signup_account(
                state, pid, waba_id=numeric_id(), business_manager="SINCH_UK", region="EU", moment=now
            )
        add_activity(record, "CREATED", now)
        templates[record_key(record)] = record
        if (record.get("changes") or {}).get("status") == "IN_PROGRESS":
            REVIEW.submit(state, record)
        return JSONResponse(answer(record, now), status_code=201)


def _rejection_code(value: Any) -> str | None:
    if value is not None and value not in REJECTION_CODES:
        raise bad_request(f"rejectionCode must be one of {', '.join(REJECTION_CODES)}.")
    return None if value is None else str(value)


def _category(value: Any) -> str | None:
    if value is not None and value not in CATEGORIES:
        raise bad_request(f"category must be one of {', '.join(CATEGORIES)}.")
    return None if value is None else str(value)


async def admin_review_template(request: Request) -> Response:
    """End the template's review now. Approve (optionally with Meta's `category`), or reject with a `reason` and a
    `rejectionCode` (default INVALID_FORMAT). 400 when nothing is in review."""
    state = admin_state(request)
    pid = project_id(request)
    decision = parse_decision(await json_body(request), extra={"rejectionCode": _rejection_code, "category": _category})
    with state.store.lock:
        record = _admin_template(
            state, pid, str(request.path_params["templateName"]), str(request.path_params["languageCode"])
        )
        if (record.get("changes") or {}).get("status") != "IN_PROGRESS":
            raise bad_request("The template has nothing in review (changes.status is not IN_PROGRESS).")
        if decision.approved and decision.extra.get("category"):
            record["category"] = decision.extra["category"]
        now = state.clock.now()
        REVIEW.decide(state, record, decision, now)
        return JSONResponse(answer(record, now))


async def admin_set_state(request: Request) -> Response:
    """Meta moves a live template: `state` APPROVED, PAUSED or DISABLED, and/or a new `qualityScore`."""
    state = admin_state(request)
    pid = project_id(request)
    body = await json_body(request)
    if (
        not isinstance(body, dict)
        or not ({"state", "qualityScore"} & set(body))
        or unknown_keys(body, ("state", "qualityScore"))
    ):
        raise bad_request(f'Send {{"state": one of {", ".join(LIVE_STATES)}, "qualityScore": ...}} (either or both).')
    if "state" in body and body["state"] not in LIVE_STATES:
        raise bad_request(f"state must be one of {', '.join(LIVE_STATES)}.")
    if "qualityScore" in body and body["qualityScore"] not in QUALITY_SCORES:
        raise bad_request(f"qualityScore must be one of {', '.join(QUALITY_SCORES)}.")
    with state.store.lock:
        record = _admin_template(
            state, pid, str(request.path_params["templateName"]), str(request.path_params["languageCode"])
        )
        if record.get("state") not in LIVE_STATES:
            raise bad_request("Only an approved template (state APPROVED, PAUSED or DISABLED) can be moved.")
        before = {k: record.get(k) for k in ("state", "qualityScore")}
        record.update({k: body[k] for k in ("state", "qualityScore") if k in body})
        if record.get("state") != before["state"]:
            notify(state, record, "WHATSAPP_TEMPLATE_STATUS_UPDATED", newState=record["state"])
        if record.get("qualityScore") != before["qualityScore"]:
            notify(state, record, "WHATSAPP_TEMPLATE_QUALITY_SCORE_UPDATED")
        return JSONResponse(answer(record, state.clock.now()))


def admin_routes() -> list[BaseRoute]:
    base = ADMIN_PREFIX + "/projects/{projectId}/whatsapp/templates"
    item = base + "/{templateName}/languages/{languageCode}"
    return [
        Route(base, admin_seed_template, methods=["POST"]),
        Route(item + "/review", admin_review_template, methods=["POST"]),
        Route(item + "/state", admin_set_state, methods=["POST"]),
        *RULES.admin_routes(ADMIN_PREFIX + "/whatsapp/template-rules"),
    ]
