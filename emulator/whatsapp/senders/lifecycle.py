"""WhatsApp Senders: the sender record and its life on the emulator clock.

- new senders have only `changes` {status IN_PROGRESS (or DRAFT), details}, no `state`/`details`;
- ES: after `senderActivationSeconds` -> ACTIVE;
- partner-initiated / phone provisioning: after `senderActivationSeconds` -> PENDING_VERIFICATION, then
  register (OTP) and verify -> ACTIVE at once;
- a sender rule taken at create replaces the normal outcome of the activation (or holds it);
- profile PATCH: a change set (DRAFT, or IN_PROGRESS with SUBMIT) approved after `profileReviewSeconds`;
  `details.displayName` of a provisioned sender is reviewed in `metadata.displayName` instead;
- DELETE: visible for `deletionRetentionDays`, then gone (404).
"""

from __future__ import annotations

import re
import uuid
from datetime import datetime, timedelta
from typing import Any

from emulator import errors
from emulator.admin import bad_request
from emulator.clock import isoformat
from emulator.lifecycle.activities import add_activity
from emulator.lifecycle.records import apply_changes, internals, pick
from emulator.lifecycle.review import Decision, Review
from emulator.lifecycle.rules import RuleBook
from emulator.lifecycle.transitions import cancel_transitions, schedule_at
from emulator.state import EmulatorState
from emulator.store import Record
from emulator.webhooks.delivery import deliver
from emulator.whatsapp.common import (
    SENDER_ERROR_CODES,
    SENDERS,
    bearer_token,
    conversation_app_id,
    require_account,
)

SENDER_ID_RE = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")  # uuid4, lowercase
MAX_PAGE_SIZE = 100

# WhatsappSenderDto, in declaration order.
SENDER_FIELDS: tuple[str, ...] = (
    "id",
    "state",
    "changes",
    "details",
    "metadata",
    "region",
    "metaLocalStorage",
    "conversationApiApp",
    "conversationApiAppDetails",
    "maxTps",
    "qualityRating",
    "dailyLimit",
    "bearerToken",
    "cloudApi",
    "created",
    "modified",
    "countryCode",
    "phoneNumber",
    "numberProvider",
    "businessManager",
    "wabaBanState",
    "wabaBanDate",
    "compatibleRegions",
)

# What an ACTIVE sender gets from the emulated Meta/Conversation API side.
DEFAULT_MAX_TPS = 80
DEFAULT_DAILY_LIMIT = "TIER_250"
DEFAULT_QUALITY_RATING = "GREEN"
COUNTRY_CODE_BY_REGION = {"EU": "48", "BR": "55", "US": "1"}
RULE_STATES: tuple[str, ...] = ("ERROR", "SUSPENDED", "INACTIVE", "ACTIVE", "PENDING_VERIFICATION")


def to_dto(record: Record) -> dict[str, Any]:
    return pick(record, SENDER_FIELDS)


# --- sender rules (admin) ------------------------------------------------------------------------------------


def _rule_outcome(body: dict[str, Any], hold: bool) -> dict[str, Any]:
    target = body.get("state")
    if target is not None and target not in RULE_STATES:
        raise bad_request(f"state must be one of {', '.join(RULE_STATES)}.")
    if target is None and not hold:
        raise bad_request('A sender rule needs a "state" or "hold": true.')
    error_code = body.get("errorCode")
    if error_code is not None and error_code not in SENDER_ERROR_CODES:
        raise bad_request(f"errorCode must be one of WhatsappSenderErrorCodeEnum: {', '.join(SENDER_ERROR_CODES)}.")
    reason = body.get("errorReason")
    if reason is not None and not isinstance(reason, str):
        raise bad_request("errorReason must be a string.")
    return {"state": target, "errorCode": error_code, "errorReason": reason}


# `when` matches the create body; the outcome replaces the normal one when the activation is due.
RULES = RuleBook(
    key="whatsapp_sender_rules",
    label="sender rule",
    outcome_fields=("state", "errorCode", "errorReason"),
    parse_outcome=_rule_outcome,
    when_example='{"phoneNumberId": "1"}',
)


# --- transitions ---------------------------------------------------------------------------------------------


def phone_from_id(phone_number_id: str, region: str) -> tuple[str, str]:
    """The number behind an ES phoneNumberId, as Meta would report it: a country code by region (EU 48, BR 55,
    US 1) and the last 9 digits (10 in US) of the id, padded with digits derived from it."""
    digits = "".join(c for c in phone_number_id if c.isdigit())
    length = 10 if region == "US" else 9
    if len(digits) < length:
        filler = str(int(uuid.uuid5(uuid.NAMESPACE_OID, phone_number_id).hex, 16))
        digits = (filler + digits)[-length:]
    return COUNTRY_CODE_BY_REGION.get(region, "1"), digits[-length:]


def es_details(phone_number_id: str) -> dict[str, Any]:
    """The profile an ES sender has on Meta's side (the emulator has no Meta): a display name from the number."""
    digits = "".join(c for c in phone_number_id if c.isdigit()) or phone_number_id
    return {"displayName": f"Business {digits[-4:]}", "vertical": "NOT_SET"}


def ensure_active_fields(record: Record) -> None:
    """What a sender gets once it is live: phone number, quality, throughput, Conversation API app, token."""
    meta = internals(record)
    if "countryCode" not in record or "phoneNumber" not in record:
        code, number = phone_from_id(str(meta.get("phoneNumberId") or record["id"]), record["region"])
        record.setdefault("countryCode", code)
        record.setdefault("phoneNumber", number)
    record.setdefault("qualityRating", DEFAULT_QUALITY_RATING)
    record.setdefault("maxTps", DEFAULT_MAX_TPS)
    record.setdefault("dailyLimit", DEFAULT_DAILY_LIMIT)
    if "conversationApiAppDetails" not in record:
        app_id = conversation_app_id()
        record.setdefault("conversationApiApp", app_id)
        record["conversationApiAppDetails"] = {
            "id": record["conversationApiApp"],
            "projectId": record["projectId"],
            "region": record["region"],
            "channelStatus": "ACTIVE",
        }
    record.setdefault("bearerToken", bearer_token())


def notify(state: EmulatorState, record: Record, trigger: str, **fields: Any) -> None:
    """The provisioning webhooks' callback of a sender event, with the sender as it is now."""
    deliver(state, str(record["projectId"]), trigger, to_dto(record), **fields)


# The sender states that have a callback (`WHATSAPP_SENDER_<state>`).
NOTIFIED_STATES = ("ACTIVE", "ERROR", "INACTIVE", "PENDING_VERIFICATION")


def move_to(
    state: EmulatorState,
    record: Record,
    target: str,
    moment: datetime,
    *,
    code: str | None = None,
    reason: str | None = None,
) -> None:
    """Put a sender in `target` now (admin state endpoint, sender rules), and call the webhooks. Cancels its
    pending transition."""
    before = record.get("state")
    cancel_transitions(record)
    changes = record.get("changes") or {}
    if target == "ERROR":
        failed: dict[str, Any] = {"status": "ERROR"}
        if "details" in changes:
            failed["details"] = changes["details"]
        failed["errorCode"] = code or "UNKNOWN_ERROR"
        failed["errorReason"] = reason or "The sender could not be provisioned (emulated error)."
        record["changes"] = failed
        record["state"] = "ERROR"
        add_activity(record, "ERROR", moment, comment=failed["errorReason"])
    else:
        if changes and (record.get("details") is None or changes.get("status") == "ERROR"):
            if record.get("details") is None and changes.get("details") is not None:
                record["details"] = changes["details"]
            record.pop("changes", None)
        record["state"] = target
        if target in ("ACTIVE", "SUSPENDED", "INACTIVE"):
            ensure_active_fields(record)
        if target in ("ACTIVE", "INACTIVE"):
            add_activity(record, target, moment)
    record["modified"] = isoformat(moment)
    if target in NOTIFIED_STATES and (target != before or target == "ERROR"):
        comment = record["changes"]["errorReason"] if target == "ERROR" else None
        notify(state, record, f"WHATSAPP_SENDER_{target}", comment=comment)


def live_senders(state: EmulatorState, project: str | None = None) -> list[Record]:
    """Senders not marked for removal, in one project or all."""
    store = state.store
    projects = [project] if project is not None else store.project_ids()
    found: list[Record] = []
    for pid in projects:
        proj = store.get_project(pid)
        if proj is not None:
            found.extend(s for s in proj.collection(SENDERS).values() if "deletedAt" not in internals(s))
    return found


def activate(state: EmulatorState, record: Record, moment: datetime, *, use_rule: bool = True) -> None:
    """A new sender's submission is done: the rule's outcome, else ACTIVE (ES) or PENDING_VERIFICATION."""
    meta = internals(record)
    rule = meta.get("rule") if use_rule else None
    if rule and rule.get("state"):
        if rule["state"] == "ERROR" and meta.get("saveDraftOnFailure") and "state" not in record:
            changes = record.get("changes") or {}
            record["changes"] = {
                "status": "DRAFT",
                **({"details": changes["details"]} if "details" in changes else {}),
                "errorCode": rule.get("errorCode") or "UNKNOWN_ERROR",
                "errorReason": rule.get("errorReason") or "The sender could not be provisioned (emulated error).",
            }
            record["modified"] = isoformat(moment)
            add_activity(record, "DRAFT", moment, comment=record["changes"]["errorReason"])
            return
        move_to(state, record, rule["state"], moment, code=rule.get("errorCode"), reason=rule.get("errorReason"))
        return
    if meta.get("kind") in ("PARTNER_INITIATED", "PHONE_PROVISIONING"):
        duplicate = any(
            s["id"] != record["id"]
            and s.get("state") is not None
            and (s.get("countryCode"), s.get("phoneNumber")) == (record.get("countryCode"), record.get("phoneNumber"))
            for s in live_senders(state, record["projectId"])
        )
        if duplicate:
            move_to(
                state,
                record,
                "ERROR",
                moment,
                code="DUPLICATES_ON_SENDER_PHONE_NUMBER",
                reason="A sender with this phone number already exists in the project.",
            )
            return
        move_to(state, record, "PENDING_VERIFICATION", moment)
    else:
        move_to(state, record, "ACTIVE", moment)


def approve_profile(record: Record, moment: datetime) -> None:
    changes = record.get("changes") or {}
    if changes.get("status") == "IN_PROGRESS":
        record.pop("changes")
        record["details"] = apply_changes(record.get("details"), changes.get("details") or {})
    display = (record.get("metadata") or {}).get("displayName")
    if display and display.get("status") == "PENDING":
        record["details"] = {**(record.get("details") or {}), "displayName": display.get("value")}
        display["status"] = "APPROVED"
    record["modified"] = isoformat(moment)


def _profile_approved(state: EmulatorState, record: Record, moment: datetime) -> None:
    """The profile review approved: a new display name is an event of its own."""
    before = (record.get("details") or {}).get("displayName")
    approve_profile(record, moment)
    if (record.get("details") or {}).get("displayName") != before:
        notify(state, record, "WHATSAPP_SENDER_DISPLAY_NAME_UPDATED")


def reject_changes(record: Record, moment: datetime, reason: str) -> None:
    cancel_transitions(record)
    changes = record.get("changes") or {}
    if changes.get("status") == "IN_PROGRESS":
        changes["status"] = "REJECTED"
        changes["errorReason"] = reason
    display = (record.get("metadata") or {}).get("displayName")
    if display and display.get("status") == "PENDING":
        display["status"] = "REJECTED"
        display["rejectionReason"] = reason
    record["modified"] = isoformat(moment)
    add_activity(record, "REJECTED", moment, comment=reason)


def _reject_decision(state: EmulatorState, record: Record, moment: datetime, decision: Decision) -> None:
    reject_changes(record, moment, decision.reason)
    notify(state, record, "WHATSAPP_SENDER_REJECTED", comment=decision.reason)


# A new sender's submission: the rule's outcome (or ACTIVE / PENDING_VERIFICATION) after the activation time;
# an admin approval runs the normal activation now (rules ignored).
ACTIVATION = Review(
    collection=SENDERS,
    seconds=lambda timing: timing.sender_activation_seconds,
    approve=lambda state, record, moment: activate(state, record, moment, use_rule=False),
    reject=_reject_decision,
)
# A provisioned sender's submitted change set (and display name): approved after the profile review time.
PROFILE_REVIEW = Review(
    collection=SENDERS,
    seconds=lambda timing: timing.profile_review_seconds,
    approve=lambda state, record, moment: _profile_approved(state, record, moment),
    reject=_reject_decision,
)


def schedule_activation(state: EmulatorState, record: Record) -> None:
    if (internals(record).get("rule") or {}).get("hold"):
        ACTIVATION.hold(record)  # held: stays IN_PROGRESS until an admin call moves it
        return
    ACTIVATION.submit(state, record, outcome=lambda st, current, due: activate(st, current, due))


def schedule_review(state: EmulatorState, record: Record) -> None:
    PROFILE_REVIEW.submit(state, record)


def schedule_removal(state: EmulatorState, record: Record) -> None:
    project, sender_id = record["projectId"], record["id"]
    deleted_at = internals(record)["deletedAt"]
    due = state.clock.now() + timedelta(days=state.timing.deletion_retention_days)
    internals(record)["removeAt"] = isoformat(due)

    def remove(moment: datetime) -> None:
        found = state.store.get_project(project)
        senders = found.collection(SENDERS) if found else {}
        current = senders.get(sender_id)
        if current is not None and internals(current).get("deletedAt") == deleted_at:
            del senders[sender_id]

    schedule_at(state, due, remove)


# --- lookups -------------------------------------------------------------------------------------------------


def sender(state: EmulatorState, project: str, sender_id: str) -> Record:
    """The sender, else project_not_initialized (no account) or sender_not_found. Call with the lock held."""
    require_account(state.store, project)
    record = state.store.project(project).collection(SENDERS).get(sender_id)
    if record is None:
        raise errors.sender_not_found()
    return record


def not_deleted(record: Record) -> None:
    if "deletedAt" in internals(record):
        raise errors.sender_already_deleted()


def username_taken(state: EmulatorState, username: str, own_id: str) -> bool:
    wanted = username.casefold()
    return any(
        s["id"] != own_id and str((s.get("details") or {}).get("username", "")).casefold() == wanted
        for s in live_senders(state)
    )


def listed_state(record: Record) -> str | None:
    """The state `filterStates` matches: a new sender (no `state` yet) being provisioned counts as IN_PROGRESS."""
    if record.get("state") is None and (record.get("changes") or {}).get("status") == "IN_PROGRESS":
        return "IN_PROGRESS"
    state: str | None = record.get("state")
    return state
