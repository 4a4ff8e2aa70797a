"""WhatsApp Accounts: the account record and its review on the emulator clock.

A partner-initiated account is created with `state` PENDING_FACEBOOK_VERIFICATION and `changes`
{status IN_PROGRESS, details}; after `accountReviewSeconds` it is ONBOARDED (details applied, changes cleared,
`wabaId` assigned). An admin decision ends the review now. A REJECTED account takes a PATCH, which starts a
new review (state stays REJECTED, changes IN_PROGRESS). Embedded Signup accounts (`isEmbeddedSignup: true`) are
created ONBOARDED by the first ES sender create.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from emulator import errors
from emulator.lifecycle.activities import add_activity
from emulator.lifecycle.records import merge_changes, pick
from emulator.lifecycle.review import Decision, Review
from emulator.state import EmulatorState
from emulator.store import Record
from emulator.webhooks.delivery import deliver
from emulator.whatsapp.common import ACCOUNT_KEY, ACCOUNTS, account_of, compatible_regions, numeric_id

# WhatsappAccountDto, in declaration order.
ACCOUNT_FIELDS: tuple[str, ...] = (
    "state",
    "isEmbeddedSignup",
    "businessManager",
    "wabaId",
    "changes",
    "details",
    "wabaBanState",
    "wabaBanDate",
    "wabaEnabledForInsights",
    "wabaEnabledForDirectSend",
    "wabaMaxPriceOnboarded",
    "compatibleRegions",
    "primaryBusinessLocation",
    "partnerInitiatedRequestId",
    "businessDailyLimit",
    "currency",
)
ACCOUNT_STATES: tuple[str, ...] = ("ONBOARDED", "PENDING_FACEBOOK_VERIFICATION", "REJECTED")
DEFAULT_BUSINESS_DAILY_LIMIT = "TIER_250"
DEFAULT_CURRENCY = "EUR"


def to_dto(record: Record) -> dict[str, Any]:
    return pick(record, ACCOUNT_FIELDS)


def approve(record: Record, moment: datetime) -> None:
    changes = record.pop("changes", None) or {}
    record["state"] = "ONBOARDED"
    details = merge_changes(record.get("details"), changes.get("details") or {})
    if details:  # a change set without details (an admin-seeded one) leaves an account without details alone
        record["details"] = details
    record.setdefault("wabaId", numeric_id())
    record.setdefault("wabaEnabledForInsights", False)
    record.setdefault("wabaEnabledForDirectSend", False)
    record.setdefault("businessDailyLimit", DEFAULT_BUSINESS_DAILY_LIMIT)
    record.setdefault("currency", DEFAULT_CURRENCY)


def reject(record: Record, moment: datetime, reason: str) -> None:
    record["state"] = "REJECTED"
    changes = record.get("changes") or {}
    record["changes"] = {"status": "REJECTED", **({"details": changes["details"]} if "details" in changes else {})}
    add_activity(record, "REJECTED", moment, comment=reason)


def notify(state: EmulatorState, record: Record, trigger: str, **fields: Any) -> None:
    """The provisioning webhooks' callback of an account event, with the account as it is now."""
    deliver(state, str(record["projectId"]), trigger, to_dto(record), **fields)


def _approved(state: EmulatorState, record: Record, moment: datetime) -> None:
    approve(record, moment)
    notify(state, record, "WHATSAPP_ACCOUNT_ONBOARDED")


def _reject_decision(state: EmulatorState, record: Record, moment: datetime, decision: Decision) -> None:
    reject(record, moment, decision.reason)
    notify(state, record, "WHATSAPP_ACCOUNT_REJECTED", comment=decision.reason)


REVIEW = Review(
    collection=ACCOUNTS,
    key=lambda record: ACCOUNT_KEY,
    seconds=lambda timing: timing.account_review_seconds,
    approve=_approved,
    reject=_reject_decision,
)


def create_embedded_signup_account(
    state: EmulatorState, project: str, *, waba_id: str, business_manager: str, region: str, moment: datetime
) -> Record:
    """The ONBOARDED Embedded Signup account an ES sender create makes when the project has none. Call with
    `store.lock` held."""
    record: Record = {
        "projectId": project,
        "state": "ONBOARDED",
        "isEmbeddedSignup": True,
        "businessManager": business_manager,
        "wabaId": waba_id,
        "wabaEnabledForInsights": False,
        "wabaEnabledForDirectSend": False,
        "wabaMaxPriceOnboarded": False,
        "compatibleRegions": compatible_regions(region),
        "businessDailyLimit": DEFAULT_BUSINESS_DAILY_LIMIT,
        "currency": DEFAULT_CURRENCY,
        "emulator": {"seq": 0, "activities": []},
    }
    add_activity(record, "CREATED", moment)
    state.store.project(project).collection(ACCOUNTS)[ACCOUNT_KEY] = record
    return record


def existing(state: EmulatorState, project: str) -> Record:
    """The account, else 404 account_not_found: what GET, PATCH, `/activities` and `/comments` document for a
    project without an account. DELETE documents 400 project_not_initialized instead (see the DELETE handler),
    as do the sender, template and flow operations (`whatsapp.common.require_account`)."""
    account = account_of(state.store, project)
    if account is None:
        raise errors.account_not_found()
    return account
