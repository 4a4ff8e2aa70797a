"""WhatsApp Templates: the template record and its life on the emulator clock.

    create DRAFT ──────────────► changes {status DRAFT}, no state
    create / PATCH with SUBMIT ─► state PENDING (a live template keeps its state), changes {status IN_PROGRESS}
        ──(templateReviewSeconds)──► APPROVED: details = the submitted details, changes cleared, whatsappId
        └─ or what an admin rule picked at submission, or an admin decision: REJECTED with a rejectionCode
           (a live template stays live: only its changes are REJECTED)
    APPROVED ──admin──► PAUSED / DISABLED, qualityScore changes

A template is keyed by (name, language). Stored details are kept as the client wrote them (input form); the DTO
answers the optimization's bid strategy in the response enum (`dto.response_details`).

Submissions meet Meta's synchronous checks here (`submission_error`): the template limit, a twin of another
template's content, and an admin rule's `submitError`. Deleting a template that was live blocks its (name,
language), or its name, for 30 days (`block`, `blocked`).
"""

from __future__ import annotations

import copy
import json
from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from emulator import errors
from emulator.admin import bad_request
from emulator.clock import isoformat
from emulator.errors import PapiError
from emulator.lifecycle.activities import add_activity
from emulator.lifecycle.records import internals
from emulator.lifecycle.review import Decision, Review
from emulator.lifecycle.rules import RuleBook
from emulator.state import EmulatorState
from emulator.store import Record
from emulator.webhooks.delivery import deliver
from emulator.whatsapp.common import TEMPLATE_DELETIONS, TEMPLATES, numeric_id, require_account
from emulator.whatsapp.templates.dto import to_dto
from emulator.whatsapp.templates.validation import CATEGORIES

TEMPLATE_STATES: tuple[str, ...] = ("APPROVED", "DISABLED", "PAUSED", "PENDING", "REJECTED")
TEMPLATE_STATUSES: tuple[str, ...] = ("DRAFT", "IN_PROGRESS", "REJECTED")
REJECTION_CODES: tuple[str, ...] = ("ABUSIVE_CONTENT", "INCORRECT_CATEGORY", "INVALID_FORMAT", "NONE", "SCAM")
QUALITY_SCORES: tuple[str, ...] = (
    "QUALITY_SCORE_GREEN",
    "QUALITY_SCORE_RED",
    "QUALITY_SCORE_YELLOW",
    "QUALITY_SCORE_UNKNOWN",
)
LIVE_STATES: tuple[str, ...] = ("APPROVED", "PAUSED", "DISABLED")  # approved at Meta (possibly paused/disabled)
DEFAULT_REJECTION_CODE = "INVALID_FORMAT"
NEW_QUALITY_SCORE = "QUALITY_SCORE_UNKNOWN"  # what Meta reports for a template not yet sent enough
TEMPLATE_LIMIT = 250  # submitted templates per WABA (Meta's limit for a business that is not verified)
BLOCK_DAYS = 30
SYNC_INTERVAL_SECONDS = 60.0
COMPARE_MIN_SENDS = 1000


def key(name: str, language: str) -> str:
    return f"{name}:{language}"


def record_key(record: Record) -> str:
    return key(str(record["name"]), str(record["language"]))


def templates_of(state: EmulatorState, project: str) -> dict[str, Record]:
    return state.store.project(project).collection(TEMPLATES)


def template(state: EmulatorState, project: str, name: str, language: str) -> Record:
    """The template, else 400 project_not_initialized (no account) or 404 template_not_found. Call with the
    store lock held."""
    require_account(state.store, project)
    found = state.store.get_project(project)
    record = found.collection(TEMPLATES).get(key(name, language)) if found else None
    if record is None:
        raise errors.template_not_found()
    return record


def ordered(records: list[Record]) -> list[Record]:
    """ "Alphabetical order": by name, then language (code-point order)."""
    return sorted(records, key=lambda r: (str(r["name"]), str(r["language"])))


# --- details: input form, response form, merging -----------------------------------------------------------------


def merge_details(base: Mapping[str, Any] | None, patch: Mapping[str, Any]) -> dict[str, Any]:
    """PATCH details over the current ones: `components` and `messageSendTtlSeconds` replaced; `optimization`
    replaced (null deletes it) but for `bidCountryMultiplierOverrides`, kept when absent (null deletes them)."""
    merged = copy.deepcopy(dict(base or {}))
    for name, value in patch.items():
        if value is None:
            merged.pop(name, None)
        elif name == "optimization":
            previous = merged.get("optimization") or {}
            optimization = {k: v for k, v in value.items() if k != "bidCountryMultiplierOverrides"}
            overrides = value.get("bidCountryMultiplierOverrides", previous.get("bidCountryMultiplierOverrides"))
            if overrides is not None:
                optimization["bidCountryMultiplierOverrides"] = overrides
            merged["optimization"] = optimization
        else:
            merged[name] = copy.deepcopy(value)
    return merged


def pending_details(record: Record) -> dict[str, Any] | None:
    """What the template is, or is about to be: its change set's details, else its approved details."""
    changes = record.get("changes") or {}
    found = changes.get("details") if "details" in changes else record.get("details")
    return found if isinstance(found, dict) else None


def _components_key(details: Mapping[str, Any] | None) -> str:
    return json.dumps((details or {}).get("components") or [], sort_keys=True)


# --- rules (admin) -------------------------------------------------------------------------------------------------


def _rule_outcome(body: dict[str, Any], hold: bool) -> dict[str, Any]:
    target = body.get("state")
    if target is not None and target not in ("APPROVED", "REJECTED"):
        raise bad_request("state must be APPROVED or REJECTED.")
    code = body.get("rejectionCode")
    if code is not None and code not in REJECTION_CODES:
        raise bad_request(f"rejectionCode must be one of {', '.join(REJECTION_CODES)}.")
    reason = body.get("reason")
    if reason is not None and not isinstance(reason, str):
        raise bad_request("reason must be a string.")
    category = body.get("category")
    if category is not None and category not in CATEGORIES:
        raise bad_request(f"category must be one of {', '.join(CATEGORIES)}.")
    submit_error = body.get("submitError")
    if submit_error is not None and submit_error not in errors.TEMPLATE_SUBMIT_ERRORS:
        raise bad_request(f"submitError must be one of {', '.join(errors.TEMPLATE_SUBMIT_ERRORS)}.")
    if target is None and category is None and submit_error is None and not hold:
        raise bad_request('A template rule needs a "state", a "category", a "submitError" or "hold": true.')
    return {"state": target, "rejectionCode": code, "reason": reason, "category": category, "submitError": submit_error}


# `when` matches the submitted template ({name, language, category, allowCategoryChange, details}) at each
# submission: a create with SUBMIT, or a PATCH with SUBMIT (the merged template).
RULES = RuleBook(
    key="whatsapp_template_rules",
    label="template rule",
    outcome_fields=("state", "rejectionCode", "reason", "category", "submitError"),
    parse_outcome=_rule_outcome,
    when_example='{"name": "my_template"}',
)


def submitted_body(record: Record, details: Mapping[str, Any] | None) -> dict[str, Any]:
    """The template as submitted, for rules to match."""
    return {
        "name": record["name"],
        "language": record["language"],
        "category": record["category"],
        "allowCategoryChange": bool((record.get("changes") or {}).get("allowCategoryChange", False)),
        "details": copy.deepcopy(dict(details or {})),
    }


# --- the review ----------------------------------------------------------------------------------------------------


def approve(record: Record, moment: datetime, category: str | None = None) -> None:
    """Meta approved the submission: its details are live, the change set is gone."""
    changes = record.pop("changes", None) or {}
    if "details" in changes:
        record["details"] = changes["details"]
    if category is not None:
        record["category"] = category
    record["state"] = "APPROVED"
    record.pop("rejectionCode", None)
    record.setdefault("whatsappId", numeric_id())
    record.setdefault("qualityScore", NEW_QUALITY_SCORE)
    internals(record).pop("rule", None)


def reject(record: Record, moment: datetime, code: str, reason: str) -> None:
    """Meta rejected the submission: `changes.status` REJECTED with a `rejectionCode`; a template never approved
    is REJECTED, a live one stays live with its approved details."""
    changes = record.get("changes") or {}
    changes["status"] = "REJECTED"
    record["changes"] = changes
    record["rejectionCode"] = code
    if record.get("state") not in LIVE_STATES:
        record["state"] = "REJECTED"
    internals(record).pop("rule", None)
    add_activity(record, "REJECTED", moment, comment=reason)


def _due(state: EmulatorState, record: Record, moment: datetime) -> None:
    """The review is due: the outcome of the rule taken at submission, else approval."""
    rule = internals(record).get("rule") or {}
    if rule.get("state") == "REJECTED":
        code = rule.get("rejectionCode") or DEFAULT_REJECTION_CODE
        reason = rule.get("reason") or "The template does not comply with WhatsApp's policies."
        _rejected(state, record, moment, code, reason)
    elif rule.get("category") and rule["category"] != record["category"]:
        if (record.get("changes") or {}).get("allowCategoryChange"):
            _approved(state, record, moment, category=rule["category"])
        else:
            reason = rule.get("reason") or f"Meta determined that the category is {rule['category']}."
            _rejected(state, record, moment, "INCORRECT_CATEGORY", reason)
    else:
        _approved(state, record, moment)


def notify(state: EmulatorState, record: Record, trigger: str, **fields: Any) -> None:
    """The provisioning webhooks' callback of a template event, with the template as it is now."""
    deliver(state, str(record["projectId"]), trigger, to_dto(record, state.clock.now()), **fields)


def _approved(state: EmulatorState, record: Record, moment: datetime, category: str | None = None) -> None:
    before = record["category"]
    approve(record, moment, category=category)
    notify(state, record, "WHATSAPP_TEMPLATE_APPROVED")
    if record["category"] != before:
        notify(state, record, "WHATSAPP_TEMPLATE_CATEGORY_UPDATED")


def _rejected(state: EmulatorState, record: Record, moment: datetime, code: str, reason: str) -> None:
    reject(record, moment, code, reason)
    notify(state, record, "WHATSAPP_TEMPLATE_REJECTED", comment=reason)


def _reject_decision(state: EmulatorState, record: Record, moment: datetime, decision: Decision) -> None:
    _rejected(state, record, moment, decision.extra.get("rejectionCode") or DEFAULT_REJECTION_CODE, decision.reason)


REVIEW = Review(
    collection=TEMPLATES,
    key=record_key,
    seconds=lambda timing: timing.template_review_seconds,
    approve=_approved,
    reject=_reject_decision,
)


def start_review(state: EmulatorState, record: Record, rule: dict[str, Any] | None, moment: datetime) -> None:
    """Submitted: PENDING (a live template stays live), changes IN_PROGRESS, the review on the clock (or held by
    the rule). Call with the store lock held and the record stored."""
    if record.get("state") not in LIVE_STATES:
        record["state"] = "PENDING"
    record.pop("rejectionCode", None)
    record["changes"]["status"] = "IN_PROGRESS"
    if rule is not None:
        internals(record)["rule"] = rule
    else:
        internals(record).pop("rule", None)
    add_activity(record, "IN_PROGRESS", moment)
    if rule is not None and rule.get("hold"):
        REVIEW.hold(record)
    else:
        REVIEW.submit(state, record, outcome=_due)


# --- submissions: Meta's synchronous checks ------------------------------------------------------------------------


def submission_error(
    state: EmulatorState, project: str, record: Record, details: Mapping[str, Any] | None
) -> tuple[PapiError | None, dict[str, Any] | None]:
    """(the error a submission meets, the rule it takes): the template limit (a template never submitted
    before), another submitted template of the language with the same components, a rule's `submitError`.
    Call with the store lock held."""
    others = [r for r in templates_of(state, project).values() if r is not record]
    if record.get("state") is None and sum(1 for r in others if r.get("state") is not None) >= TEMPLATE_LIMIT:
        return errors.template_limit_reached(), None
    wanted = _components_key(details)
    for other in others:
        if (
            other["name"] != record["name"]
            and other["language"] == record["language"]
            and other.get("state") is not None
            and _components_key(pending_details(other)) == wanted
        ):
            return errors.template_content_already_exists(), None
    rule = RULES.take(state, submitted_body(record, details))
    if rule is not None and rule.get("submitError"):
        return errors.TEMPLATE_SUBMIT_ERRORS[rule["submitError"]](), None
    return None, rule


# --- deletions -----------------------------------------------------------------------------------------------------


def block(state: EmulatorState, project: str, record: Record, moment: datetime, *, whole_name: bool) -> None:
    """A live template was deleted: its (name, language), or its name, cannot be submitted for 30 days."""
    name, language = str(record["name"]), str(record["language"])
    entry = {
        "name": name,
        "language": None if whole_name else language,
        "deletedAt": isoformat(moment),
        "until": isoformat(moment + timedelta(days=BLOCK_DAYS)),
    }
    state.store.project(project).collection(TEMPLATE_DELETIONS)[key(name, "*" if whole_name else language)] = entry


def blocked(state: EmulatorState, project: str, name: str, language: str, moment: datetime) -> PapiError | None:
    """The 409 a submission of (name, language) meets while a deletion blocks it (expired entries are dropped)."""
    found = state.store.get_project(project)
    if found is None:
        return None
    deletions = found.collection(TEMPLATE_DELETIONS)
    for entry_key, entry in list(deletions.items()):
        until = datetime.fromisoformat(str(entry["until"]))
        if until <= moment:
            del deletions[entry_key]
        elif entry["name"] == name and entry["language"] is None:
            return errors.template_name_recently_used(language)
        elif entry["name"] == name and entry["language"] == language:
            return errors.template_language_recently_deleted(language)
    return None


def was_live(record: Record) -> bool:
    return record.get("state") in LIVE_STATES
