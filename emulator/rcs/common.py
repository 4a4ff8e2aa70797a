"""What the RCS tags (Accounts, Questionnaire, Senders) share: collections, enums, operators, the RCS errors
(messages and resolutions copied from the description's examples), the questions, the checks every operation
starts with."""

from __future__ import annotations

import copy
import re
from typing import Any

from starlette.requests import Request

from emulator import errors
from emulator.common import path_id
from emulator.errors import PapiError
from emulator.rcs.validation import E164, data, enum_values
from emulator.store import Record, Store

ACCOUNTS = "rcs_accounts"  # one record per project that has (had) an RCS sender, under ACCOUNT_KEY
ACCOUNT_KEY = "account"
SENDERS = "rcs_senders"  # keyed by id

SENDER_STATES: tuple[str, ...] = (
    "DRAFT", "IN_PROGRESS", "IN_TEST", "LAUNCHED", "LAUNCHING", "PREPARING_LAUNCH", "UNLAUNCHED", "UNKNOWN",
)  # fmt: skip
OPERATOR_STATUSES: tuple[str, ...] = (
    "LAUNCHED", "NOT_LAUNCHED", "PENDING", "PENDING_UNLAUNCHED", "REJECTED", "SUSPENDED", "UNLAUNCHED",
    "INVALID_IN_GOOGLE_MY_BUSINESS", "UNRECOGNIZED",
)  # fmt: skip
SORT_COLUMNS: tuple[str, ...] = ("CREATED", "MODIFIED", "NAME", "STATE")
SORT_DIRECTIONS: tuple[str, ...] = ("ASC", "DESC")
US_BRAND_CAMPAIGN_VERSIONS: tuple[str, ...] = ("NON_US_PRIVATE", "NON_US_PUBLIC", "US_PRIVATE", "US_PUBLIC")
US_QUESTIONNAIRE_VERSIONS: tuple[str, ...] = ("v1", "v2")
HOSTING_REGIONS = {"EU": "EUROPE", "US": "NORTH_AMERICA", "BR": "NORTH_AMERICA"}  # BR: a guess (see README)


def countries() -> tuple[str, ...]:
    return enum_values("RcsInputRcsCountryCodesEnum")


def use_cases() -> tuple[str, ...]:
    return enum_values("RcsInputSenderUseCasesEnum")


# Operators per country: FR, GB and SE as the description's examples list them; the others a plausible fixed
# list (the emulator's choice: the description names no operator there).
OPERATORS: dict[str, tuple[str, ...]] = {
    "FR": ("Coriolis Telecom", "Lycamobile", "Bouygues", "Free", "NRJ Mobile", "SFR", "Orange"),
    "GB": ("EE", "Three", "Sky", "O2", "Vodafone"),
    "SE": ("Tele2", "Telenor", "Telia", "Three"),
    "US": ("AT&T", "T-Mobile", "Verizon"),
    "DE": ("Telekom", "Vodafone", "O2"),
    "ES": ("Movistar", "Orange", "Vodafone"),
    "IT": ("TIM", "Vodafone", "WindTre", "Iliad"),
    "BR": ("Claro", "TIM", "Vivo"),
    "MX": ("Telcel", "AT&T", "Movistar"),
    "CA": ("Bell", "Rogers", "Telus"),
}
DEFAULT_OPERATORS: tuple[str, ...] = ("Operator A", "Operator B")


def operators(country: str) -> tuple[str, ...]:
    return OPERATORS.get(country, DEFAULT_OPERATORS)


RCS_ERRORS = errors.RCS_ERROR_TABLE


def rcs_error(code: str, **additional: list[str] | str) -> PapiError:
    """An RCS error (`errors.RCS_ERROR_TABLE`: the description's examples), with `additionalInformation`."""
    return errors.rcs_error(code, additional or None)


SENDER_ID_RE = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def sender_id(request: Request, *, malformed_is_404: bool = False) -> str:
    """The path's senderId (a UUID): else 400 invalid_id_format, or 404 sender_not_found where the operation
    documents no 400 for it."""
    return path_id(
        request, "senderId", SENDER_ID_RE, (lambda: rcs_error("sender_not_found")) if malformed_is_404 else None
    )


def test_number(request: Request, *, malformed_is_404: bool = False) -> str:
    """The path's testNumber (E.164): else 400 invalid_id_format, or 404 user_is_not_tester_for_agent."""
    return path_id(
        request,
        "testNumber",
        E164,
        (lambda: rcs_error("user_is_not_tester_for_agent")) if malformed_is_404 else None,
    )


def find_sender(store: Store, project: str, sid: str) -> Record:
    found = store.get_project(project)
    record = found.collection(SENDERS).get(sid) if found else None
    if record is None:
        raise rcs_error("sender_not_found")
    return record


def account(store: Store, project: str) -> Record | None:
    found = store.get_project(project)
    return found.collection(ACCOUNTS).get(ACCOUNT_KEY) if found else None


def find_account(store: Store, project: str) -> Record:
    found = account(store, project)
    if found is None:
        raise rcs_error("account_not_found")
    return found


def ensure_account(store: Store, project: str, moment: str) -> tuple[Record, bool]:
    """The project's RCS account, created with its first sender: (record, created now). Call with the lock held."""
    accounts = store.project(project).collection(ACCOUNTS)
    if ACCOUNT_KEY in accounts:
        return accounts[ACCOUNT_KEY], False
    accounts[ACCOUNT_KEY] = {"projectId": project, "created": moment}
    return accounts[ACCOUNT_KEY], True


# --- questions ---------------------------------------------------------------------------------------------------


def questions(section: str, us_version: str = "US_PUBLIC") -> dict[str, Any]:
    """The question objects of a questionnaire section, from the description's examples (the same for every use
    case: the examples show one set). `us`: per version (`US_PUBLIC`... or `v1`); `US_PUBLIC` has every v2
    question, so sender responses use it."""
    found = data()["questions"][section]
    if section == "us":
        found = found[us_version]
    return copy.deepcopy(found)


def list_values(request: Request, name: str) -> list[str]:
    """A repeatable or comma-separated query parameter (`name` or `name[]`)."""
    raw = request.query_params.getlist(name) + request.query_params.getlist(name + "[]")
    return [v for item in raw for v in item.split(",") if v]


def invalid_query(message: str) -> PapiError:
    return errors.invalid_input([message])
