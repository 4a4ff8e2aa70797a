"""Bundles: the record, its completion on the emulator clock, failures.

A create answers 201 with the bundle IN_PROGRESS and every sub-resource it asked for already named (ids
assigned: subproject PENDING, SMS app PENDING_ADD, Conversation app, provisioning webhooks), as the description's
"notReady" example shows. The provisioning webhooks are created in the Webhooks tag at once, in the project the
bundle works in (its subproject when it creates one), so a target already used there is a 409 and a 16th webhook a
424, as for a webhook created directly.

After `bundleCompletionSeconds` (emulator clock) the bundle is DONE: subproject READY, SMS app ACTIVE, and the
Conversation app's SMS channel ACTIVE when it has an SMS app. A rule (`/_emulator/bundles/rules`) or an admin
decision (`/_emulator/projects/{projectId}/bundles/{bundleId}/outcome`) may end it FAILED instead. The description's
`BundlesBundlesDto` has no field for a reason: a FAILED bundle says what failed through the status of the part that
failed (`smsApp.status` FAILED_ADD or another failed provisioning state, `subproject.status` left PENDING,
`convApp.smsChannelStatus` FAILING); the parts that did not fail are finished.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from emulator.admin import bad_request
from emulator.bundles.validation import RETENTION
from emulator.lifecycle.records import pick
from emulator.lifecycle.rules import RuleBook
from emulator.lifecycle.transitions import cancel_transitions, schedule_transition
from emulator.state import EmulatorState
from emulator.store import Record
from emulator.webhooks.delivery import deliver

COLLECTION = "bundles"
# BundlesBundlesDto, in declaration order.
BUNDLE_FIELDS: tuple[str, ...] = (
    "id",
    "projectId",
    "name",
    "state",
    "webhookDeliveryStatuses",
    "region",
    "subproject",
    "smsApp",
    "convApp",
    "webhooks",
)
SERVICES: tuple[str, ...] = ("smsApp", "convApp", "subproject")  # the order a failure picks its default part
# BundlesProvisioningStatesEnum values an SMS app may fail with.
SMS_FAILED_STATES: tuple[str, ...] = (
    "FAILED_ADD",
    "PROVISIONING_ADD_FAILED",
    "PROVISIONING_FAILED",
    "BLOCKED",
)
DEFAULT_SMS_FAILED_STATE = "FAILED_ADD"


def new_id(length: int = 32) -> str:
    return uuid.uuid4().hex[:length]


def to_dto(record: Record) -> dict[str, Any]:
    return pick(record, BUNDLE_FIELDS)


def new_record(project: str, body: dict[str, Any], *, parent: str) -> Record:
    """The IN_PROGRESS bundle record (without its provisioning webhooks: the route creates them). ``project``:
    where the bundle works (the new subproject's id, else ``parent``)."""
    root_name = body.get("name")

    def part(name: str) -> dict[str, Any] | None:
        value = body.get(name)
        if value in (None, False):
            return None
        return value if isinstance(value, dict) else {}

    record: Record = {"id": new_id(24), "projectId": project, "state": "IN_PROGRESS", "region": body["region"]}
    if root_name:
        record["name"] = root_name
    sub = part("subproject")
    if sub is not None:
        record["subproject"] = {
            "id": project,
            "name": sub.get("name") or root_name,
            **({"labels": dict(sub["labels"])} if sub.get("labels") else {}),
            "parentProjectId": parent,
            "status": "PENDING",
        }
    sms = part("smsApp")
    if sms is not None:
        record["smsApp"] = {
            "id": new_id(),
            "smsServiceId": new_id(),
            "name": sms.get("name") or root_name,
            "status": "PENDING_ADD",
            "regions": [body["region"]],
            "test": False,
            "numberVerified": False,
        }
    conv = part("convApp")
    if conv is not None:
        mode = conv.get("processingMode", "DISPATCH")
        policy = conv.get("retentionPolicy") or {}
        _, _, _, default_ttl = RETENTION[mode]
        app: dict[str, Any] = {
            "id": new_id(),
            "name": conv.get("name") or root_name,
            "webhooks": [
                {
                    "id": new_id(),
                    "target": h["target"],
                    "triggers": list(h["triggers"]),
                    **({"secret": h["secret"]} if "secret" in h else {}),
                }
                for h in conv.get("webhooks", [])
            ],
            "processingMode": mode,
            "retentionPolicy": {
                "retentionPolicyType": policy.get("retentionPolicyType", "MESSAGE_EXPIRE_POLICY"),
                "ttl": policy.get("ttl", default_ttl),
            },
        }
        if "consentManagerSettings" in conv:
            app["consentManagerSettings"] = {"mode": conv["consentManagerSettings"]["mode"]}
        record["convApp"] = app
    record["emulator"] = {"seq": 0, "parentProjectId": parent, "submitted": body}
    return record


def complete(record: Record, moment: datetime) -> None:
    """DONE: every part finished."""
    _finish_parts(record, failed=None)
    record["state"] = "DONE"


def fail(record: Record, moment: datetime, service: str | None = None, status: str | None = None) -> None:
    """FAILED: ``service`` (default: the first requested of smsApp, convApp, subproject) shows the failure in its
    status; the other parts are finished."""
    service = service or next((s for s in SERVICES if s in record), None)
    _finish_parts(record, failed=service)
    if service == "smsApp" and "smsApp" in record:
        record["smsApp"]["status"] = status or DEFAULT_SMS_FAILED_STATE
        if "convApp" in record:
            record["convApp"]["smsChannelStatus"] = "FAILING"
    elif service == "convApp" and "convApp" in record:
        record["convApp"]["smsChannelStatus"] = "FAILING"
    elif service == "subproject" and "subproject" in record:
        record["subproject"]["status"] = "PENDING"
    record["state"] = "FAILED"


def _finish_parts(record: Record, failed: str | None) -> None:
    if "subproject" in record and failed != "subproject":
        record["subproject"]["status"] = "READY"
    if "smsApp" in record and failed != "smsApp":
        record["smsApp"]["status"] = "ACTIVE"
    if "convApp" in record and "smsApp" in record and failed not in ("smsApp", "convApp"):
        record["convApp"]["smsChannelStatus"] = "ACTIVE"


def apply_outcome(record: Record, moment: datetime, outcome: dict[str, Any]) -> None:
    if outcome.get("state") == "FAILED":
        fail(record, moment, outcome.get("service"), outcome.get("status"))
    else:
        complete(record, moment)


def parse_outcome(body: dict[str, Any], hold: bool) -> dict[str, Any]:
    """`{"state": "DONE"|"FAILED", "service": "smsApp"|"convApp"|"subproject", "status": <SMS app failed state>}`
    (a rule's or an admin decision's outcome)."""
    state = body.get("state", "FAILED")
    if state not in ("DONE", "FAILED"):
        raise bad_request("state must be DONE or FAILED.")
    service = body.get("service")
    if service is not None and service not in SERVICES:
        raise bad_request(f"service must be one of {', '.join(SERVICES)}.")
    status = body.get("status")
    if status is not None and (service not in (None, "smsApp") or status not in SMS_FAILED_STATES):
        raise bad_request(f"status is the SMS app's failed state: one of {', '.join(SMS_FAILED_STATES)}.")
    return {"state": state, "service": service, "status": status}


RULES = RuleBook(
    key="bundle_rules",
    label="bundle rule",
    outcome_fields=("state", "service", "status"),
    parse_outcome=parse_outcome,
    when_example='{"name": "my bundle"}',
)


def schedule(state: EmulatorState, parent: str, record: Record) -> None:
    """The bundle's end on the emulator clock: DONE, or the outcome of the first matching rule (held: never, until
    an admin decides). Call with `store.lock` held and the record stored."""
    rule = RULES.take(state, internals_body(record))
    if rule is not None and rule["hold"]:
        cancel_transitions(record)
        return
    outcome = rule or {"state": "DONE"}

    def end(current: Record, due: datetime) -> None:
        apply_outcome(current, due, outcome)
        announce(state, parent, current)

    schedule_transition(state, parent, COLLECTION, str(record["id"]), state.timing.bundle_completion_seconds, end)


def announce(state: EmulatorState, parent: str, record: Record) -> None:
    """A DONE bundle calls back: `BUNDLE_DONE` with the bundle as payload, to the webhooks of its project and of the
    subproject it made (where its own provisioning webhooks are); each delivery's result is kept in the bundle's
    `webhookDeliveryStatuses`. (Whether a FAILED bundle calls back is not documented: it does not.)"""
    if record.get("state") != "DONE":
        return
    bundle_id = str(record["id"])

    def recorded(entry: dict[str, Any]) -> None:
        if entry.get("httpStatusCode") is None:  # no answer at all: nothing Sinch could record
            return
        with state.store.lock:
            found = state.store.get_project(parent)
            current = found.collection(COLLECTION).get(bundle_id) if found else None
            if current is None:
                return
            statuses = [s for s in current.get("webhookDeliveryStatuses") or [] if s["webhookId"] != entry["webhookId"]]
            statuses.append(
                {"webhookId": entry["webhookId"], "date": entry["time"], "httpStatusCode": entry["httpStatusCode"]}
            )
            current["webhookDeliveryStatuses"] = statuses

    for project in dict.fromkeys((parent, str(record["projectId"]))):
        deliver(state, project, "BUNDLE_DONE", to_dto(record), on_result=recorded)


def internals_body(record: Record) -> dict[str, Any]:
    submitted: dict[str, Any] = record["emulator"]["submitted"]
    return submitted
