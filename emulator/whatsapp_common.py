"""What the WhatsApp groups (Accounts, Senders, Solutions, Flows) share: enums, the region x business manager
rules, the project's account, activities, and clock-driven transitions.

Stored records are plain JSON-like dicts: the DTO fields the API returns, `projectId`, and an `emulator`
dict of internals the API never shows (activities, the transition counter, OTPs, deletion dates...). The
admin raw view (`/_emulator/projects/{projectId}/<collection>`) shows them all.
"""

from __future__ import annotations

import copy
import secrets
import uuid
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any

from starlette.requests import Request

from emulator import errors
from emulator.clock import isoformat
from emulator.state import EmulatorState, get_state
from emulator.store import Record, Store

ACCOUNTS = "whatsapp_accounts"  # one record per project, under ACCOUNT_KEY
ACCOUNT_KEY = "account"
SENDERS = "whatsapp_senders"
SOLUTIONS = "whatsapp_solutions"
FLOWS = "whatsapp_flows"

ACTIVITIES_MAX_PAGE_SIZE = 100
DEFAULT_PAGE_SIZE = 50
API_AUTHOR = "Provisioning API user"  # the author of activities caused by API calls (as in the spec examples)
SYSTEM_AUTHOR = "Sinch"  # ... and of those the emulated Sinch/Meta side causes

# --- enums (OpenAPI v1.2.117, declaration order: class-validator lists allowed values in that order) --------

REGIONS: tuple[str, ...] = ("BR", "EU", "US")  # WhatsappSenderInputRegionEnum / WhatsappSenderInputBotRegionEnum
META_LOCAL_STORAGES: tuple[str, ...] = (
    "AE",
    "AU",
    "BH",
    "BR",
    "CA",
    "CH",
    "DE",
    "GB",
    "ID",
    "IN",
    "JP",
    "KR",
    "SG",
    "US",
    "ZA",
)  # WhatsappSenderInputMetaLocalStoragesEnum
BUSINESS_MANAGERS: tuple[str, ...] = ("SINCH_AMERICA", "SINCH_BR", "SINCH_MX", "SINCH_SEP", "SINCH_UK")
PUBLIC_BUSINESS_MANAGERS: tuple[str, ...] = ("SINCH_BR", "SINCH_MX", "SINCH_UK")
SENDER_INPUT_VERTICALS: tuple[str, ...] = (
    "ALCOHOL",
    "AUTOMOTIVE",
    "BEAUTY_SPA_SALON",
    "CLOTHING_AND_APPAREL",
    "EDUCATION",
    "ENTERTAINMENT",
    "EVENT_PLANNING_AND_SERVICE",
    "FINANCE_AND_BANKING",
    "FOOD_AND_GROCERY",
    "HOTEL_AND_LODGING",
    "MEDICAL_AND_HEALTH",
    "NON_PROFIT",
    "ONLINE_GAMBLING",
    "OTC_DRUGS",
    "OTHER",
    "PHYSICAL_GAMBLING",
    "PROFESSIONAL_SERVICES",
    "PUBLIC_SERVICE",
    "RESTAURANT",
    "SHOPPING_AND_RETAIL",
    "TRAVEL_AND_TRANSPORTATION",
)  # WhatsappSenderInputWhatsAppVerticalEnum
ACCOUNT_INPUT_VERTICALS: tuple[str, ...] = tuple(v for v in SENDER_INPUT_VERTICALS if v != "ONLINE_GAMBLING")
SENDER_STATES: tuple[str, ...] = ("ACTIVE", "IN_PROGRESS", "INACTIVE", "PENDING_VERIFICATION", "SUSPENDED", "ERROR")
SENDER_STATUSES: tuple[str, ...] = ("DRAFT", "ERROR", "IN_PROGRESS", "MULTIPLE_WABA_ERROR", "REJECTED")
ACTIONS: tuple[str, ...] = ("DRAFT", "SUBMIT")  # WhatsappActionsEnum
SENDER_ERROR_CODES: tuple[str, ...] = (
    "CANNOT_ASSIGN_CREDIT_LINE",
    "CANNOT_ASSIGN_SYSTEM_USER",
    "CANNOT_CREATE_NEW_WHATSAPP_SENDER",
    "CANNOT_CREATE_WABA_FOR_BUSINESS",
    "CANNOT_GET_DETAILS_FOR_CLOUD_API",
    "CANNOT_GET_WABA_DETAILS",
    "CANNOT_REGISTER_NEW_WHATSAPP_SENDER",
    "CANNOT_REGISTER_TO_CLOUD_API",
    "CANNOT_SUBSCRIBE_TO_CLOUD_API",
    "CANNOT_SUBSCRIBE_TO_WEBHOOK",
    "DUPLICATES_ON_SENDER_PHONE_NUMBER",
    "FAILED_TO_FETCH_APPROVED_MESSAGE_TEMPLATES",
    "MULTIPLE_WABA_FOR_PROJECT_ID",
    "NO_CERTIFICATE_AVAILABLE",
    "NO_NOVA_ACCOUNT_ID",
    "NO_PRICING_PLAN",
    "NO_PROJECT_ID",
    "NO_VERIFIED_PHONE_NUMBER",
    "NOT_VERIFIED_REQUESTED_PHONE_NUMBER",
    "NOT_VERIFY_BUSINESS_VIA_WHATSAPP",
    "NOVA_ACCOUNT_ID_CONFLICT",
    "PROJECT_ID_CONFLICT",
    "REQUESTED_PHONE_NUMBER_OR_COUNTRY_CODE_CONFLICT",
    "SENDER_HAS_BEEN_DELETED",
    "WABA_CONNECTED_TO_ANOTHER_PROJECT",
    "UNKNOWN_ERROR",
    "UNRECOGNIZED",
)

# --- region x business manager (the table in the create-sender description) ----------------------------------

# The (region, business manager) pairs the table marks unsupported; SINCH_AMERICA and SINCH_SEP are not in
# the table and are accepted everywhere.
_UNSUPPORTED: frozenset[tuple[str, str]] = frozenset({("BR", "SINCH_UK"), ("EU", "SINCH_BR"), ("EU", "SINCH_MX")})
_DEFAULT_META_LOCAL_STORAGE = {"BR": "BR", "EU": "DE", "US": "US"}


def default_region(business_manager: str | None) -> str:
    """Region when the body has none: EU for SINCH_UK, BR for SINCH_BR/SINCH_MX, US otherwise."""
    if business_manager == "SINCH_UK":
        return "EU"
    if business_manager in ("SINCH_BR", "SINCH_MX"):
        return "BR"
    return "US"


def default_business_manager(region: str) -> str:
    """Business manager when neither the body nor the account gives one: SINCH_BR in BR, else SINCH_UK."""
    return "SINCH_BR" if region == "BR" else "SINCH_UK"


def default_meta_local_storage(region: str) -> str:
    """metaLocalStorage when the body has none: DE in EU, BR in BR, US in US."""
    return _DEFAULT_META_LOCAL_STORAGE.get(region, "US")


def compatible_regions(region: str) -> list[str]:
    """Lowercase Conversation API regions a sender (or an account's senders) can be used from: its own region
    plus US (the spec's EU example answers ["eu", "us"])."""
    return sorted({region.lower(), "us"})


def check_region_business_manager(region: str, business_manager: str) -> None:
    """400 invalid_input for the combinations the create-sender table marks unsupported."""
    if (region, business_manager) in _UNSUPPORTED:
        raise errors.invalid_input([f"businessManager {business_manager} is not supported in region {region}"])


# --- time, ids, activities -----------------------------------------------------------------------------------


def now_iso(state: EmulatorState) -> str:
    return isoformat(state.clock.now())


def numeric_id(digits: int = 15) -> str:
    """A Meta-style numeric id (WABA, phone number, business manager, flow, solution ids)."""
    return str(secrets.randbelow(9 * 10 ** (digits - 1)) + 10 ** (digits - 1))


def conversation_app_id() -> str:
    """Like the spec's `4CF9CE97504C4A468F4610919D17ECC1`."""
    return uuid.uuid4().hex.upper()


def bearer_token() -> str:
    """Like the spec's `aaaaAAAA.bbbbBBBB.ccccCCCC`: three URL-safe random segments."""
    return ".".join(secrets.token_urlsafe(24) for _ in range(3))


def internals(record: Record) -> dict[str, Any]:
    found: dict[str, Any] = record.setdefault("emulator", {})
    return found


def add_activity(
    record: Record, kind: str, moment: datetime, *, author: str = SYSTEM_AUTHOR, comment: str | None = None
) -> None:
    """Append a notification (activity) entry; lists show them most recent first."""
    entry: dict[str, Any] = {"type": kind, "created": isoformat(moment), "author": author}
    if comment is not None:
        entry["comment"] = comment
    internals(record).setdefault("activities", []).append(entry)


def activities_newest_first(record: Record) -> list[dict[str, Any]]:
    return [dict(a) for a in reversed(internals(record).get("activities", []))]


def pick(record: Mapping[str, Any], fields: Sequence[str]) -> dict[str, Any]:
    """The DTO: `fields` in declaration order, absent or None values left out, copied."""
    return {f: copy.deepcopy(record[f]) for f in fields if record.get(f) is not None}


def dig(body: Mapping[str, Any], dotted: str) -> tuple[bool, Any]:
    """The value at a dotted path (`details.displayName`) of a JSON object: (found, value)."""
    current: Any = body
    for part in dotted.split("."):
        if not isinstance(current, Mapping) or part not in current:
            return False, None
        current = current[part]
    return True, current


def merge_changes(base: Mapping[str, Any] | None, patch: Mapping[str, Any]) -> dict[str, Any]:
    """A change set on top of an earlier one: nested objects merged, other values replaced (None kept)."""
    merged: dict[str, Any] = dict(base or {})
    for key, value in patch.items():
        if isinstance(value, Mapping) and isinstance(merged.get(key), Mapping):
            merged[key] = merge_changes(merged[key], value)
        else:
            merged[key] = value
    return merged


def apply_changes(details: Mapping[str, Any] | None, changes: Mapping[str, Any]) -> dict[str, Any]:
    """Approved changes applied to details: nested objects merged, a None value deletes the field."""
    result: dict[str, Any] = dict(details or {})
    for key, value in changes.items():
        if value is None:
            result.pop(key, None)
        elif isinstance(value, Mapping) and isinstance(result.get(key), Mapping):
            result[key] = apply_changes(result[key], value)
        else:
            result[key] = value
    return result


# --- the project's account -----------------------------------------------------------------------------------


def account_of(store: Store, project: str) -> Record | None:
    """The project's WhatsApp account record, or None. Call with `store.lock` held."""
    found = store.get_project(project)
    return found.collection(ACCOUNTS).get(ACCOUNT_KEY) if found else None


def require_account(store: Store, project: str) -> Record:
    """The account, else 400 project_not_initialized: what DELETE account and the sender and flow operations
    document for a project without an account (GET/PATCH account, `/activities` and `/comments` document
    404 account_not_found instead)."""
    account = account_of(store, project)
    if account is None:
        raise errors.project_not_initialized()
    return account


# --- transitions on the emulator clock -----------------------------------------------------------------------

Transition = Callable[[Record, datetime], None]


def cancel_transitions(record: Record) -> None:
    """Invalidate the record's pending scheduled transition (if any)."""
    meta = internals(record)
    meta["seq"] = int(meta.get("seq", 0)) + 1


def schedule_transition(
    state: EmulatorState, project: str, collection: str, key: str, seconds: float, transition: Transition
) -> None:
    """Run `transition(record, due)` under the store lock once the emulator clock reaches now + seconds,
    unless the record is gone or another transition was scheduled or cancelled in between. Call with
    `store.lock` held and the record stored."""
    store = state.store
    record = store.project(project).collection(collection)[key]
    cancel_transitions(record)
    seq = internals(record)["seq"]
    due = state.clock.now() + timedelta(seconds=max(seconds, 0.0))

    def run() -> None:
        with store.lock:
            found = store.get_project(project)
            current = found.collection(collection).get(key) if found else None
            if current is None or internals(current).get("seq") != seq:
                return
            transition(current, due)

    state.clock.schedule(due, run)


def schedule_at(state: EmulatorState, due: datetime, action: Callable[[datetime], None]) -> None:
    """Run `action(due)` under the store lock at `due` (for transitions that check their own preconditions)."""
    store = state.store

    def run() -> None:
        with store.lock:
            action(due)

    state.clock.schedule(due, run)


# --- admin helpers -------------------------------------------------------------------------------------------


def admin_state(request: Request) -> EmulatorState:
    """The state, with due transitions run first (admin requests bypass the API middleware that runs them)."""
    state = get_state(request)
    state.clock.run_due()
    return state


def unknown_keys(body: Mapping[str, Any], allowed: Iterable[str]) -> list[str]:
    allowed_set = set(allowed)
    return [k for k in body if k not in allowed_set]
