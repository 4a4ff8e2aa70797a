"""What the WhatsApp groups (Accounts, Senders, Templates, Solutions, Flows) share: collection names, enums, the
region x business manager rules, Meta-style ids, and the project's account."""

from __future__ import annotations

import secrets
import uuid

from emulator import errors
from emulator.store import Record, Store

ACCOUNTS = "whatsapp_accounts"  # one record per project, under ACCOUNT_KEY
ACCOUNT_KEY = "account"
SENDERS = "whatsapp_senders"
SOLUTIONS = "whatsapp_solutions"
FLOWS = "whatsapp_flows"
TEMPLATES = "whatsapp_templates"  # keyed "<name>:<language>"
TEMPLATE_DELETIONS = "whatsapp_template_deletions"  # recent deletions that block a name or (name, language)

DEFAULT_PAGE_SIZE = 50

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


# --- ids ---------------------------------------------------------------------------------------------------


def numeric_id(digits: int = 15) -> str:
    """A Meta-style numeric id (WABA, phone number, business manager, flow, solution ids)."""
    return str(secrets.randbelow(9 * 10 ** (digits - 1)) + 10 ** (digits - 1))


def conversation_app_id() -> str:
    """Like the spec's `4CF9CE97504C4A468F4610919D17ECC1`."""
    return uuid.uuid4().hex.upper()


def bearer_token() -> str:
    """Like the spec's `aaaaAAAA.bbbbBBBB.ccccCCCC`: three URL-safe random segments."""
    return ".".join(secrets.token_urlsafe(24) for _ in range(3))


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
