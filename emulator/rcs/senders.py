"""RCS Senders: validation, life cycle and the API routes (OpenAPI v1.2.117, tag `RCS Senders`).

    (paths under /v1/projects/{projectId}/rcs/senders)
    GET                                                      200 RcsSenderListDto
    POST                                                     201 RcsSenderDto (DRAFT)
    GET    /{senderId}                                       200 RcsSenderDto
    PATCH  /{senderId}?usQuestionnaireVersion=v1|v2          200 RcsSenderDto
    POST   /{senderId}/launch                                200 RcsSenderDto
    GET    /{senderId}/activities                            200 RcsSenderNotificationListDto
    POST   /{senderId}/comments                              201 RcsCommentDto
    POST   /{senderId}/testNumbers                           200 RcsTestNumbersDto
    GET    /{senderId}/testNumbers/{testNumber}              200 RcsTestNumberStateDto
    DELETE /{senderId}/testNumbers/{testNumber}              204
    GET    /{senderId}/testNumbers/{testNumber}/capabilities 200 RcsTestNumberCapabilitiesDto
    GET    /{senderId}/testNumbers/{testNumber}/retry        200 RcsTestNumberStateDto (deprecated)

No DELETE of a sender exists: it is a 405 like any unknown method on a known path.

Life cycle (the emulator clock; `rcsLaunchPreparationSeconds`, `rcsLaunchSeconds`):

    create ─► DRAFT ─(first test number)─► IN_TEST
    DRAFT / IN_TEST / UNLAUNCHED ─launch (requirements met)─► PREPARING_LAUNCH
        ─(with questionnaire.general.answers.videoUris: rcsLaunchPreparationSeconds)─► LAUNCHING (every country
        of details.countries PENDING, its operators PENDING) ─(rcsLaunchSeconds)─► LAUNCHED (every operator and
        country LAUNCHED, `launched` set)
        without videoUris it stays in PREPARING_LAUNCH (the reference's PENDING_LAUNCH) until an admin control
        moves it on
    LAUNCHING / LAUNCHED ─launch with countries not launched yet─► LAUNCHING (the new countries PENDING)
    launch (requirements unmet) ─► 412 launch_precondition_failed, state unchanged

Test numbers: a new (or re-added, or retried) number is UNVERIFIED with a tester invitation; the tester accepts
(VERIFIED) or declines (DECLINED) through the admin API. A sender sends at most 20 invitations in 24 hours of the
emulator clock and 200 in all (429 rbm_too_many_requests). A declined number cannot be re-added (404
blocked_because_the_recipient_declined). `details.testNumbers` lists the numbers of `testNumberStates`.
"""

from __future__ import annotations

import copy
import secrets
import uuid
from datetime import datetime, timedelta
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute

from emulator import errors
from emulator.common import project_id, read_json_object, resource_route
from emulator.lifecycle.activities import API_AUTHOR, activities_envelope, activities_page_request, add_activity
from emulator.lifecycle.comments import add_comment, validate_comment
from emulator.lifecycle.records import internals, now_iso
from emulator.lifecycle.transitions import cancel_transitions, schedule_transition
from emulator.pagination import page_envelope, page_request
from emulator.rcs import validation
from emulator.rcs.common import (
    HOSTING_REGIONS,
    SENDER_STATES,
    SENDERS,
    SORT_COLUMNS,
    SORT_DIRECTIONS,
    US_QUESTIONNAIRE_VERSIONS,
    ensure_account,
    find_sender,
    invalid_query,
    list_values,
    operators,
    questions,
    rcs_error,
    sender_id,
    test_number,
)
from emulator.state import EmulatorState, get_state
from emulator.store import Record
from emulator.webhooks.delivery import deliver, ulid

DTO_FIELDS = (
    "id", "conversationApiAppDetails", "state", "testNumberStates", "countryStatus", "details", "region",
    "billingCategory", "useCase", "hostingRegion", "authName", "authToken", "created", "modified", "launched",
)  # fmt: skip
MAX_PAGE_SIZE = 100
DEFAULT_PAGE_SIZE = 50
INVITES_PER_DAY = 20
INVITES_TOTAL = 200
FIRST_LAUNCH_STATES = ("DRAFT", "IN_TEST", "UNLAUNCHED")
RELAUNCH_STATES = ("LAUNCHING", "LAUNCHED")
# Features a verified test device supports (GET .../capabilities): the emulator's fixed answer.
FEATURES = (
    "ACTION_COMPOSE", "ACTION_CREATE_CALENDAR_EVENT", "ACTION_DIAL", "ACTION_OPEN_URL", "ACTION_OPEN_URL_IN_WEBVIEW",
    "ACTION_SHARE_LOCATION", "ACTION_VIEW_LOCATION", "REVOCATION", "RICHCARD_CAROUSEL", "RICHCARD_STANDALONE",
)  # fmt: skip
US_V1_ALTERNATIVES = (validation.US_V1, validation.US_V1_UPDATE)
US_V2_ALTERNATIVES = (*validation.US_V2.values(), validation.US_V2_UPDATE)

# --- records and events ----------------------------------------------------------------------------------------


def _us_version(record: Record) -> str:
    """`v1` (the legacy US answers) or `v2` (brand campaign), as the answers were accepted."""
    return str(internals(record).get("usVersion", "v2"))


def _us_questions_version(record: Record, answers: dict[str, Any]) -> str:
    """The US questions shown with the answers: the legacy set for v1 answers, else the brand campaign variant
    the answers name (`ownershipType`, `taxIdCountry`), else the US public set (every question)."""
    if _us_version(record) == "v1":
        return "v1"
    ownership = answers.get("ownershipType")
    country = answers.get("taxIdCountry")
    if ownership in ("PUBLIC", "PRIVATE") and isinstance(country, str):
        return ("US_" if country == "US" else "NON_US_") + str(ownership)
    return "US_PUBLIC"


def details_dto(record: Record) -> dict[str, Any]:
    """The stored details with the read-only `questions` next to the `answers` of each questionnaire section
    (`general` and `verification` always: the response DTO requires them)."""
    details = copy.deepcopy(record.get("details") or {})
    stored = details.get("questionnaire") or {}
    questionnaire: dict[str, Any] = {}
    for section in ("general", "verification", "gb", "fr", "us"):
        if section not in stored and section not in ("general", "verification"):
            continue
        answers = (stored.get(section) or {}).get("answers") or {}
        version = _us_questions_version(record, answers) if section == "us" else "US_PUBLIC"
        questionnaire[section] = {"questions": questions(section, version), "answers": answers}
    details["questionnaire"] = questionnaire
    details["testNumbers"] = [t["number"] for t in record.get("testNumberStates", [])]
    if not details["testNumbers"]:
        del details["testNumbers"]
    return details


def to_dto(record: Record) -> dict[str, Any]:
    dto: dict[str, Any] = {}
    for field in DTO_FIELDS:
        if field == "details":
            dto["details"] = details_dto(record)
            continue
        value = record.get(field)
        if value is None or value == []:
            continue
        dto[field] = copy.deepcopy(value)
    return dto


def notify(state: EmulatorState, record: Record, trigger: str, **fields: Any) -> None:
    deliver(state, str(record["projectId"]), trigger, to_dto(record), **fields)


def touch(state: EmulatorState, record: Record) -> None:
    record["modified"] = now_iso(state)


def set_state(state: EmulatorState, record: Record, new_state: str) -> None:
    """The sender's state (RCS_SENDER_STATUS_UPDATED when it changes)."""
    if record.get("state") == new_state:
        return
    record["state"] = new_state
    touch(state, record)
    notify(state, record, "RCS_SENDER_STATUS_UPDATED")


def _country_entry(country: str, status: str, moment: str) -> dict[str, Any]:
    ops = [{"name": name, "status": status, "modified": moment} for name in operators(country)]
    return {"country": country, "status": status, "operators": ops}


def sync_countries(record: Record, moment: str) -> None:
    """`countryStatus` follows `details.countries`: a new country is NOT_LAUNCHED (as in the description's IN_TEST
    example), a removed one that was never launched goes."""
    wanted = list((record.get("details") or {}).get("countries") or [])
    current = {c["country"]: c for c in record.get("countryStatus", [])}
    kept = [c for c in record.get("countryStatus", []) if c["country"] in wanted or c["status"] != "NOT_LAUNCHED"]
    kept += [_country_entry(c, "NOT_LAUNCHED", moment) for c in wanted if c not in current]
    record["countryStatus"] = kept


def country_status(operator_statuses: list[str]) -> str:
    """A country's status from its operators': all alike -> that one; any REJECTED -> REJECTED; any SUSPENDED ->
    SUSPENDED; any PENDING -> PENDING; some LAUNCHED -> LAUNCHED (partly launched); else NOT_LAUNCHED."""
    distinct = set(operator_statuses)
    if len(distinct) == 1:
        return operator_statuses[0]
    for status in ("REJECTED", "SUSPENDED", "PENDING", "LAUNCHED"):
        if status in distinct:
            return status
    return "NOT_LAUNCHED"


def start_launching(state: EmulatorState, record: Record, countries: list[str] | None = None) -> None:
    """LAUNCHING: the countries (default: every country of details.countries not launched yet) and their
    operators PENDING; LAUNCHED after `rcsLaunchSeconds`."""
    moment = now_iso(state)
    wanted = countries if countries is not None else list((record.get("details") or {}).get("countries") or [])
    entries = {c["country"]: c for c in record.get("countryStatus", [])}
    for country in wanted:
        entry = entries.get(country)
        if entry is None:
            entry = _country_entry(country, "PENDING", moment)
            record.setdefault("countryStatus", []).append(entry)
        elif entry["status"] != "LAUNCHED":
            entries[country].update(_country_entry(country, "PENDING", moment))
    set_state(state, record, "LAUNCHING")
    schedule_transition(
        state, str(record["projectId"]), SENDERS, str(record["id"]), state.timing.rcs_launch_seconds,
        lambda current, due: launch_all(state, current),
    )  # fmt: skip


def launch_all(state: EmulatorState, record: Record) -> None:
    """LAUNCHED: every operator and country of countryStatus LAUNCHED, `launched` set."""
    moment = now_iso(state)
    if not record.get("countryStatus"):
        sync_countries(record, moment)
    for entry in record.get("countryStatus", []):
        for op in entry["operators"]:
            if op["status"] != "LAUNCHED":
                op["status"] = "LAUNCHED"
                op["modified"] = moment
        entry["status"] = "LAUNCHED"
    cancel_transitions(record)
    _launched(state, record)


def _launched(state: EmulatorState, record: Record) -> None:
    record.setdefault("launched", now_iso(state))
    add_activity(record, "ACTIVE", state.clock.now())
    set_state(state, record, "LAUNCHED")


def set_operator(
    state: EmulatorState, record: Record, country: str, operator: str, status: str, remark: str | None
) -> None:
    """One operator's status (RCS_SENDER_OPERATOR_STATUS_UPDATED); the country follows (`country_status`), and
    the sender is LAUNCHED once every country is."""
    moment = now_iso(state)
    entry = next(c for c in record["countryStatus"] if c["country"] == country)
    op = next(o for o in entry["operators"] if o["name"] == operator)
    op["status"] = status
    op["modified"] = moment
    if remark is not None:
        op["remark"] = remark
    entry["status"] = country_status([o["status"] for o in entry["operators"]])
    touch(state, record)
    notify(state, record, "RCS_SENDER_OPERATOR_STATUS_UPDATED")
    if record.get("state") in ("LAUNCHING", "PREPARING_LAUNCH") and all(
        c["status"] == "LAUNCHED" for c in record["countryStatus"]
    ):
        cancel_transitions(record)
        _launched(state, record)


def force_state(state: EmulatorState, record: Record, new_state: str) -> None:
    """An admin state change: LAUNCHING fills countryStatus (then LAUNCHED on the clock), LAUNCHED launches every
    operator; the others just set the state (and cancel a pending transition)."""
    cancel_transitions(record)
    if new_state == "LAUNCHING":
        start_launching(state, record)
    elif new_state == "LAUNCHED":
        launch_all(state, record)
    else:
        if new_state == "UNLAUNCHED" and record.get("state") != "UNLAUNCHED":
            add_activity(record, "INACTIVE", state.clock.now())
        set_state(state, record, new_state)


# --- test numbers ------------------------------------------------------------------------------------------------


def _invites(state: EmulatorState, record: Record) -> list[str]:
    found: list[str] = internals(record).setdefault("invites", [])
    return found


def check_invites(state: EmulatorState, record: Record, count: int) -> None:
    """429 rbm_too_many_requests when `count` more invitations pass 20 in 24 hours or 200 in all."""
    if count == 0:
        return
    sent = _invites(state, record)
    since = state.clock.now() - timedelta(days=1)
    recent = [s for s in sent if datetime.fromisoformat(s) > since]
    if len(sent) + count > INVITES_TOTAL or len(recent) + count > INVITES_PER_DAY:
        raise rcs_error("rbm_too_many_requests")


def _number_state(record: Record, number: str) -> dict[str, Any] | None:
    return next((t for t in record.get("testNumberStates", []) if t["number"] == number), None)


def invite(state: EmulatorState, record: Record, numbers: list[str]) -> list[dict[str, Any]]:
    """(Re-)invite the numbers: UNVERIFIED, submitted now. Checks first: a declined number (404), the limits
    (429). A DRAFT sender becomes IN_TEST."""
    for number in numbers:
        found = _number_state(record, number)
        if found is not None and found["state"] == "DECLINED":
            raise rcs_error("blocked_because_the_recipient_declined")
    check_invites(state, record, len(numbers))
    moment = now_iso(state)
    states = record.setdefault("testNumberStates", [])
    touched = []
    for number in numbers:
        found = _number_state(record, number)
        if found is None:
            found = {"number": number, "state": "UNVERIFIED", "submitted": moment}
            states.append(found)
        found.update(state="UNVERIFIED", submitted=moment)
        _invites(state, record).append(state.clock.now().isoformat())
        touched.append(found)
    if numbers:
        add_activity(record, "TEST", state.clock.now(), author=API_AUTHOR)
        touch(state, record)
        if record.get("state") == "DRAFT":
            set_state(state, record, "IN_TEST")
    return touched


def replace_test_numbers(state: EmulatorState, record: Record, numbers: list[str] | None) -> None:
    """`details.testNumbers` of a create or PATCH: the list becomes the sender's test numbers (null: none);
    numbers not there yet are invited."""
    wanted = numbers or []
    new = [n for n in wanted if _number_state(record, n) is None]
    check_invites(state, record, len(new))
    record["testNumberStates"] = [t for t in record.get("testNumberStates", []) if t["number"] in wanted]
    invite(state, record, new)


# --- launch requirements ------------------------------------------------------------------------------------------

GENERAL_REQUIRED = ("optInDescription", "triggerDescription", "interactionsDescription", "optOutDescription")
VERIFICATION_REQUIRED = ("name", "email", "website")
GB_REQUIRED = ("brandIndustry", "companyLegalName", "messagesVolume")
FR_REQUIRED = ("fullCompanyAddress", "siren")
US_V1_REQUIRED = ("companyLegalName", "brandIndustry", "messagesVolume")
BRAND_REQUIRED = ("name", "bannerUrl", "logoUrl", "privacyPolicyUrl", "termsOfServiceUrl")


def launch_problems(record: Record) -> list[str]:
    """Every unmet launch requirement, one field path each, in a stable order: the questionnaire (general,
    verification, then gb, fr, us as details.countries needs them), the countries, a contact, the brand."""
    details = record.get("details") or {}
    questionnaire = details.get("questionnaire") or {}
    countries = details.get("countries") or []
    brand = details.get("brand") or {}
    us_v2 = "US" in countries and _us_version(record) == "v2"
    needed: list[tuple[str, tuple[str, ...]]] = [
        ("general", GENERAL_REQUIRED),
        ("verification", VERIFICATION_REQUIRED + (("phone",) if us_v2 else ())),
    ]
    if "GB" in countries:
        needed.append(("gb", GB_REQUIRED))
    if "FR" in countries:
        needed.append(("fr", FR_REQUIRED))
    if "US" in countries:
        needed.append(("us", US_V1_REQUIRED if _us_version(record) == "v1" else ()))
    problems: list[str] = []
    for section, fields in needed:
        answers = (questionnaire.get(section) or {}).get("answers")
        prefix = f"details.questionnaire.{section}.answers"
        if not answers:
            problems.append(prefix)
            continue
        problems += [f"{prefix}.{f}" for f in fields if answers.get(f) in (None, "", [])]
    if not countries:
        problems.append("details.countries")
    if not brand.get("phones") and not brand.get("emails"):
        problems.append("details.brand.phones or details.brand.emails")
    problems += [f"details.brand.{f}" for f in BRAND_REQUIRED if not brand.get(f)]
    return problems


# --- validation -------------------------------------------------------------------------------------------------


US_ANSWERS = "details.questionnaire.us.answers"


def _has_us(record: Record) -> bool:
    return "us" in ((record.get("details") or {}).get("questionnaire") or {})


def _check_update(body: dict[str, Any], version: str | None, stored: str | None) -> validation.SchemaCheck:
    """A PATCH body: the US answers as `usQuestionnaireVersion` says; without it, as the sender's version if they
    fit it (`{"companyLegalName"}` fits both), else as any version (the sender then changes version, and the US
    answers are replaced instead of merged)."""
    by_version = {"v1": US_V1_ALTERNATIVES, "v2": US_V2_ALTERNATIVES}
    if version is not None:
        return validation.check(body, "RcsUpdateSenderInputDto", by_version[version])
    if stored is not None:
        try:
            return validation.check(body, "RcsUpdateSenderInputDto", by_version[stored])
        except errors.PapiError:
            pass
    return validation.check(body, "RcsUpdateSenderInputDto")


def _accept_us(record: Record, walker: validation.SchemaCheck, path: str) -> None:
    chosen = walker.chosen.get(path)
    if chosen is not None:
        internals(record)["usVersion"] = "v1" if chosen in US_V1_ALTERNATIVES else "v2"


def _strip_nulls(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _strip_nulls(v) for k, v in value.items() if v is not None}
    return value


def merge_details(details: dict[str, Any] | None, patch: dict[str, Any]) -> dict[str, Any]:
    """A PATCH's details on top of the sender's: objects merged, other values (arrays too) replaced, null deletes
    (also inside an object that was not there before)."""
    result: dict[str, Any] = dict(details or {})
    for key, value in patch.items():
        if value is None:
            result.pop(key, None)
        elif isinstance(value, dict):
            base = result.get(key)
            result[key] = merge_details(base if isinstance(base, dict) else {}, value)
        else:
            result[key] = copy.deepcopy(value)
    return result


# --- routes ------------------------------------------------------------------------------------------------------


async def list_senders(request: Request) -> Response:
    """Filters: `filterStates` (repeatable or comma-separated), `filterSenderIds` (comma-separated),
    `filterSenderName` and `search` (case-insensitive parts of the brand name; `search` also of the id),
    `filterConversationApiAppId`; `sortColumn` (default CREATED) and `sortDirection` (default ASC)."""
    pid = project_id(request)
    page = page_request(request.query_params, kind="rcs_senders", max_size=MAX_PAGE_SIZE,
                        default_size=DEFAULT_PAGE_SIZE)  # fmt: skip
    states = set(list_values(request, "filterStates"))
    if states - set(SENDER_STATES):
        raise rcs_error("invalid_filter_states", supportedCodes=", ".join(SENDER_STATES))
    params = request.query_params
    column = params.get("sortColumn", "CREATED")
    direction = params.get("sortDirection", "ASC")
    if column not in SORT_COLUMNS:
        raise invalid_query(f"sortColumn must be one of the following values: {', '.join(SORT_COLUMNS)}")
    if direction not in SORT_DIRECTIONS:
        raise invalid_query(f"sortDirection must be one of the following values: {', '.join(SORT_DIRECTIONS)}")
    ids = set(list_values(request, "filterSenderIds"))
    name = (params.get("filterSenderName") or "").lower()
    search = (params.get("search") or "").lower()
    app = params.get("filterConversationApiAppId")
    store = get_state(request).store

    def brand_name(r: Record) -> str:
        return str(((r.get("details") or {}).get("brand") or {}).get("name", ""))

    with store.lock:
        records = [
            r
            for r in store.records(pid, SENDERS)
            if (not states or r.get("state") in states)
            and (not ids or r["id"] in ids)
            and (not name or name in brand_name(r).lower())
            and (not search or search in brand_name(r).lower() or search in r["id"])
            and (not app or (r.get("conversationApiAppDetails") or {}).get("id") == app)
        ]
        key = {"CREATED": "created", "MODIFIED": "modified", "STATE": "state"}.get(column)
        records.sort(key=lambda r: (str(r.get(key, "")) if key else brand_name(r), str(r.get("created")), r["id"]),
                     reverse=direction == "DESC")  # fmt: skip
        return JSONResponse(page_envelope([to_dto(r) for r in records], page, "senders"))


async def create_sender(request: Request) -> Response:
    pid = project_id(request)
    body = await read_json_object(request)
    walker = validation.check(body, "RcsSenderInputDto")
    state = get_state(request)
    store = state.store
    details = _strip_nulls(copy.deepcopy(body.get("details") or {}))
    numbers = details.pop("testNumbers", None)
    with store.lock:
        now = now_iso(state)
        moment = state.clock.now()
        sid = str(uuid.uuid4())
        record: Record = {
            "id": sid,
            "conversationApiAppDetails": {"id": ulid(), "projectId": pid, "region": body["region"]},
            "state": "DRAFT",
            "details": details,
            "region": body["region"],
            "billingCategory": body["billingCategory"],
            "useCase": body["useCase"],
            "hostingRegion": HOSTING_REGIONS[body["region"]],
            "authName": f"rcs-{sid[:8]}-agent",
            "authToken": secrets.token_urlsafe(24),
            "created": now,
            "modified": now,
            "projectId": pid,
        }
        _accept_us(record, walker, "details.questionnaire.us.answers")
        check_invites(state, record, len(numbers or []))
        account, created = ensure_account(store, pid, now)
        if created:
            add_activity(account, "CREATED", moment, author=API_AUTHOR)
        add_activity(record, "CREATED", moment, author=API_AUTHOR)
        sync_countries(record, now)
        store.project(pid).collection(SENDERS)[sid] = record
        invite(state, record, list(numbers or []))
        return JSONResponse(to_dto(record), status_code=201)


async def get_sender(request: Request) -> Response:
    pid = project_id(request)
    sid = sender_id(request)
    store = get_state(request).store
    with store.lock:
        return JSONResponse(to_dto(find_sender(store, pid, sid)))


async def update_sender(request: Request) -> Response:
    """`{details}` merged into the sender's: nested objects merged, arrays replaced, null deletes. In LAUNCHING
    and LAUNCHED only `details.countries` may change (400 fields_not_updatable)."""
    pid = project_id(request)
    sid = sender_id(request)
    version = request.query_params.get("usQuestionnaireVersion")
    if version is not None and version not in US_QUESTIONNAIRE_VERSIONS:
        raise invalid_query("usQuestionnaireVersion must be one of the following values: v1, v2")
    body = await read_json_object(request)
    state = get_state(request)
    store = state.store
    with store.lock:
        found = store.get_project(pid)
        current = found.collection(SENDERS).get(sid) if found else None
        stored = _us_version(current) if current is not None and _has_us(current) else None
    walker = _check_update(body, version, stored)
    patch: dict[str, Any] = copy.deepcopy(body["details"])
    with store.lock:
        record = find_sender(store, pid, sid)
        if not patch:
            raise errors.no_fields_to_update()
        if record.get("state") in RELAUNCH_STATES and set(patch) - {"countries"}:
            raise rcs_error("fields_not_updatable")
        has_numbers = "testNumbers" in patch
        numbers = patch.pop("testNumbers", None)
        if has_numbers:
            new = [n for n in numbers or [] if _number_state(record, n) is None]
            check_invites(state, record, len(new))
        chosen = walker.chosen.get(US_ANSWERS)
        new_version = None if chosen is None else "v1" if chosen in US_V1_ALTERNATIVES else "v2"
        if new_version is not None and _has_us(record) and new_version != _us_version(record):
            record["details"]["questionnaire"].pop("us")  # the other version's answers: replaced, not merged
        record["details"] = merge_details(record.get("details"), patch)
        if new_version is not None:
            internals(record)["usVersion"] = new_version
        touch(state, record)
        add_activity(record, "EDITED", state.clock.now(), author=API_AUTHOR)
        sync_countries(record, now_iso(state))
        if has_numbers:
            replace_test_numbers(state, record, numbers)
        return JSONResponse(to_dto(record))


async def launch_sender(request: Request) -> Response:
    """Requirements unmet: 412 with every missing field path in `validationErrors`. A first launch goes to
    PREPARING_LAUNCH; a sender already LAUNCHING or LAUNCHED launches the countries not launched yet (409
    launch_invalid_agent_state when there are none, and in the other states)."""
    pid = project_id(request)
    sid = sender_id(request)
    state = get_state(request)
    store = state.store
    with store.lock:
        record = find_sender(store, pid, sid)
        current = record.get("state")
        if current not in FIRST_LAUNCH_STATES + RELAUNCH_STATES:
            raise rcs_error("launch_invalid_agent_state")
        problems = launch_problems(record)
        if problems:
            raise rcs_error("launch_precondition_failed", validationErrors=problems)
        if current in RELAUNCH_STATES:
            launched = {c["country"] for c in record.get("countryStatus", []) if c["status"] != "NOT_LAUNCHED"}
            new = [c for c in record["details"]["countries"] if c not in launched]
            if not new:
                raise rcs_error("launch_invalid_agent_state")
            start_launching(state, record, new)
            return JSONResponse(to_dto(record))
        set_state(state, record, "PREPARING_LAUNCH")
        general = ((record["details"].get("questionnaire") or {}).get("general") or {}).get("answers") or {}
        if general.get("videoUris"):
            schedule_transition(
                state, pid, SENDERS, sid, state.timing.rcs_launch_preparation_seconds,
                lambda current_record, due: start_launching(state, current_record),
            )  # fmt: skip
        else:
            cancel_transitions(record)
        return JSONResponse(to_dto(record))


async def create_comment(request: Request) -> Response:
    pid = project_id(request)
    sid = sender_id(request)
    comment = validate_comment(await read_json_object(request))
    state = get_state(request)
    with state.store.lock:
        record = find_sender(state.store, pid, sid)
        answered = add_comment(record, comment, state.clock.now())
        notify(state, record, "RCS_SENDER_COMMENT_ADDED", comment=comment)
        return answered


async def list_activities(request: Request) -> Response:
    pid = project_id(request)
    sid = sender_id(request)
    page = activities_page_request(request, "rcs_sender_activities")
    store = get_state(request).store
    with store.lock:
        return JSONResponse(activities_envelope(find_sender(store, pid, sid), page))


async def add_test_numbers(request: Request) -> Response:
    """`{testNumbers}`: each invited (UNVERIFIED), also one already there (re-invited). Answers every test
    number of the sender."""
    pid = project_id(request)
    sid = sender_id(request)
    body = await read_json_object(request)
    validation.check(body, "RcsTestNumbersInputDto")
    state = get_state(request)
    with state.store.lock:
        record = find_sender(state.store, pid, sid)
        invite(state, record, list(body["testNumbers"]))
        return JSONResponse({"testNumbers": copy.deepcopy(record.get("testNumberStates", []))})


def _tester(record: Record, number: str) -> dict[str, Any]:
    found = _number_state(record, number)
    if found is None:
        raise rcs_error("user_is_not_tester_for_agent")
    return found


async def get_test_number(request: Request) -> Response:
    pid = project_id(request)
    sid = sender_id(request, malformed_is_404=True)
    number = test_number(request, malformed_is_404=True)
    store = get_state(request).store
    with store.lock:
        return JSONResponse(dict(_tester(find_sender(store, pid, sid), number)))


async def delete_test_number(request: Request) -> Response:
    pid = project_id(request)
    sid = sender_id(request)
    number = test_number(request)
    state = get_state(request)
    with state.store.lock:
        record = find_sender(state.store, pid, sid)
        found = _tester(record, number)
        record["testNumberStates"].remove(found)
        touch(state, record)
        return Response(status_code=204)


async def test_number_capabilities(request: Request) -> Response:
    """The features of a VERIFIED tester's device; UNVERIFIED: 404 user_has_not_accepted_invite; DECLINED: 404
    blocked_because_the_recipient_declined."""
    pid = project_id(request)
    sid = sender_id(request)
    number = test_number(request)
    store = get_state(request).store
    with store.lock:
        found = _tester(find_sender(store, pid, sid), number)
        if found["state"] == "DECLINED":
            raise rcs_error("blocked_because_the_recipient_declined")
        if found["state"] != "VERIFIED":
            raise rcs_error("user_has_not_accepted_invite")
        return JSONResponse({"features": list(FEATURES)})


async def retry_test_number(request: Request) -> Response:
    """Deprecated: invite the tester again (UNVERIFIED, counts against the limits)."""
    pid = project_id(request)
    sid = sender_id(request)
    number = test_number(request)
    state = get_state(request)
    with state.store.lock:
        record = find_sender(state.store, pid, sid)
        _tester(record, number)
        invite(state, record, [number])
        return JSONResponse(dict(_tester(record, number)))


def routes() -> list[BaseRoute]:
    base = "/v1/projects/{projectId}/rcs/senders"
    item = base + "/{senderId}"
    number = item + "/testNumbers/{testNumber}"
    return [
        resource_route(base, {"GET": list_senders, "POST": create_sender}, name="rcs_senders"),
        resource_route(item, {"GET": get_sender, "PATCH": update_sender}, name="rcs_sender"),
        resource_route(item + "/launch", {"POST": launch_sender}, name="rcs_sender_launch"),
        resource_route(item + "/comments", {"POST": create_comment}, name="rcs_sender_comments"),
        resource_route(item + "/activities", {"GET": list_activities}, name="rcs_sender_activities"),
        resource_route(item + "/testNumbers", {"POST": add_test_numbers}, name="rcs_sender_test_numbers"),
        resource_route(number, {"GET": get_test_number, "DELETE": delete_test_number}, name="rcs_test_number"),
        resource_route(number + "/capabilities", {"GET": test_number_capabilities}, name="rcs_test_number_caps"),
        resource_route(number + "/retry", {"GET": retry_test_number}, name="rcs_test_number_retry"),
    ]
