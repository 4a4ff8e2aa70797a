"""The scheduled review: a record submitted for review waits on the emulator clock, then gets its outcome.

    submit ──(seconds from the timing settings)──► approve   (the default outcome)
       │                                        └► the outcome a rule picked at submission (reject, an error...)
       ├─ hold: stays in review until an admin decides
       └─ admin decision now: approve, or reject with a reason (and group-specific fields)

A group describes each of its reviews with a `Review`: the collection, how a record is keyed in it, which
timing setting gives the duration, and what approving and rejecting do to the record. The review itself (what
"in review" looks like on the record: a `changes.status` IN_PROGRESS, a `state` PENDING...) is the group's.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from emulator.admin import bad_request
from emulator.lifecycle.transitions import cancel_transitions, schedule_transition
from emulator.state import EmulatorState, Timing
from emulator.store import Record

DEFAULT_REJECTION_REASON = "Rejected by the emulator admin API."

Step = Callable[[EmulatorState, Record, datetime], None]


@dataclass(frozen=True)
class Decision:
    """An admin decision: `{"outcome": "approve"|"reject", "reason": "...", ...group-specific fields}`."""

    outcome: str
    reason: str
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def approved(self) -> bool:
        return self.outcome == "approve"


def parse_decision(body: Any, extra: Mapping[str, Callable[[Any], Any]] | None = None) -> Decision:
    """The body of an admin review endpoint. `extra` parses group-specific fields (absent ones get None);
    other keys are ignored. Bad input is a 400 invalid_admin_request."""
    if not isinstance(body, dict) or body.get("outcome") not in ("approve", "reject"):
        raise bad_request('Send {"outcome": "approve"|"reject", "reason": "..."}.')
    reason = body.get("reason", DEFAULT_REJECTION_REASON)
    if not isinstance(reason, str):
        raise bad_request("reason must be a string.")
    parsed = {name: parse(body.get(name)) for name, parse in (extra or {}).items()}
    return Decision(str(body["outcome"]), reason, parsed)


def _by_id(record: Record) -> str:
    return str(record["id"])


@dataclass(frozen=True)
class Review:
    """One kind of review of one collection (see the module doc)."""

    collection: str
    seconds: Callable[[Timing], float]  # the duration, from the current timing settings
    approve: Step
    reject: Callable[[EmulatorState, Record, datetime, Decision], None]
    key: Callable[[Record], str] = _by_id  # the record's key in its collection

    def submit(self, state: EmulatorState, record: Record, outcome: Step | None = None) -> None:
        """Start the review: `outcome` (default: approve) runs once the review time has passed, unless the
        record changed meanwhile (another submission, an admin decision, a deletion). Call with `store.lock`
        held and the record stored."""
        step = outcome or self.approve
        schedule_transition(
            state,
            str(record["projectId"]),
            self.collection,
            self.key(record),
            self.seconds(state.timing),
            lambda current, due: step(state, current, due),
        )

    @staticmethod
    def hold(record: Record) -> None:
        """Keep the record in review until an admin decides (cancels the scheduled outcome)."""
        cancel_transitions(record)

    def decide(self, state: EmulatorState, record: Record, decision: Decision, moment: datetime) -> None:
        """End the review now with an admin decision (the scheduled outcome is cancelled)."""
        cancel_transitions(record)
        if decision.approved:
            self.approve(state, record, moment)
        else:
            self.reject(state, record, moment, decision)
