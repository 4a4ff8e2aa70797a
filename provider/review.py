"""The reviewed life that senders, accounts and templates share, declared once per resource.

A create or a change is submitted, waits in review (Meta's, Sinch's), and is approved, or rejected with a
reason; meanwhile the API shows the pending change (``changes: {status, details}``) beside the live object.
A resource declares what its review looks like (``Review(...)``) and ``ApiResource`` derives the rest:
- the setting `wait_for_state` and the `timeouts` block, and the judge of the wait (done, failed and why, pending);
- the pending change shown over the live details, so state holds what was submitted while it is reviewed;
- whether the object is still on its way to what create waits for (then the next plan waits on);
- the refusal of updates in states in which the API takes none;
- a warning on refresh when the last change was rejected.
"""

from __future__ import annotations

import typing
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from provider.schema import Attr, get_path
from provider.waiting import DONE, PENDING, Verdict

#: The value of `wait_for_state` that means "do not wait".
NO_WAIT = "NONE"


@dataclass(frozen=True)
class Outcome:
    """How a failed wait is reported: ``summary`` may name ``{code}`` (the API's error or rejection code, else
    the status) and ``{state}``; ``detail`` may name ``{reason}`` (the API's reason, else ``no_reason``)."""

    summary: str
    detail: str = "{reason}"
    no_reason: str = "No reason was given."


@dataclass(frozen=True)
class Review:
    #: `wait_for_state` values (the first is the default) and the live states that reach each.
    targets: Mapping[str, tuple[str, ...]]
    #: Live states the object passes through on its own (None: it has no state yet, as when just created).
    transitional: tuple[str | None, ...]
    #: The `wait_for_state` default (None: the first target).
    wait_default: str | None = None
    #: Pending-change statuses that mean a change is still under review: a wait is not over while one shows
    #: (an approved template whose edit Meta is reviewing).
    in_review: tuple[str, ...] = ()
    #: Pending-change statuses at which the object rests until the user acts (a DRAFT): no wait is left to do.
    idle: tuple[str, ...] = ()
    #: Live states in which the object rests until the user acts (an RCS sender's DRAFT before its launch): the wait
    #: is over, and none is left to do.
    resting: tuple[str, ...] = ()
    #: Whether an update is reviewed too: then apply waits for `wait_for_state` after sending it, as create does.
    updates_reviewed: bool = False
    #: Failures that end any wait, even `wait_for_state = "NONE"`: keyed by live state, or by pending-change
    #: status as ``"changes:STATUS"``.
    errors: Mapping[str, Outcome] = field(default_factory=dict)
    #: Failures of a wait that has not reached its target (a rejection, a suspension); keyed the same way.
    refusals: Mapping[str, Outcome] = field(default_factory=dict)
    #: Pending-change statuses whose details state shows over the live details (what was submitted).
    overlay: tuple[str, ...] = ("DRAFT", "IN_PROGRESS")
    #: Pending-change statuses that a refresh warns about, and the words of the warning.
    rejected_changes: tuple[str, ...] = ()
    rejection_warning: str = "the last change was rejected"
    #: Live states in which the API accepts changes (None: any state; a None in the tuple: an object with no state
    #: yet, such as a draft).
    updatable: tuple[str | None, ...] | None = None
    #: Pending-change statuses during which the API accepts no other change (one under review).
    frozen_while: tuple[str, ...] = ()
    #: Where the API says why: codes first, then reasons (the first one present is used).
    code_paths: tuple[str, ...] = ("changes.errorCode",)
    reason_paths: tuple[str, ...] = ("changes.errorReason",)
    #: Where an API with no reason field says what failed: paths and the values there that tell of a failure
    #: (a bundle's ``smsApp.status`` FAILED_ADD); used when ``reason_paths`` give nothing, every match named.
    failure_fields: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    state_path: str = "state"
    changes_path: str = "changes"
    details_path: str = "details"

    # ------------------------------------------------------------------ declarations

    def settings(self, wait: str) -> tuple[Attr]:
        """The `wait_for_state` attribute, described by the resource (how long: the `timeouts` block)."""
        values = (*self.targets, NO_WAIT)
        return (
            Attr("wait_for_state", typing.Literal.__getitem__(values), wait, optional=True, computed=True,
                 api=None, default=self.wait_default or values[0]),
        )  # fmt: skip

    # ------------------------------------------------------------------ reading the API's answers

    def state(self, body: Mapping[str, Any]) -> Any:
        return get_path(body, self.state_path)

    def change_status(self, body: Mapping[str, Any]) -> Any:
        changes = get_path(body, self.changes_path)
        return changes.get("status") if isinstance(changes, Mapping) else None

    def live_view(self, body: Mapping[str, Any]) -> dict[str, Any]:
        """The object as state shows it: a pending change (draft or in review) over the live details; a new
        object has only the pending ones."""
        changes = get_path(body, self.changes_path)
        pending = changes.get("details") if isinstance(changes, Mapping) else None
        details = get_path(body, self.details_path)
        if self.change_status(body) not in self.overlay or not isinstance(pending, Mapping):
            return dict(body)
        return {**body, self.details_path: _merge(details if isinstance(details, Mapping) else {}, pending)}

    def describe(self, body: Mapping[str, Any]) -> str:
        """Where the object is, for messages: its state, else its pending change's status."""
        return str(self.state(body) or self.change_status(body) or "unknown")

    def rejection(self, body: Mapping[str, Any]) -> str | None:
        """The reason the last change was rejected (possibly ""), or None when it was not."""
        if self.change_status(body) not in self.rejected_changes:
            return None
        return self._first(body, self.reason_paths) or ""

    # ------------------------------------------------------------------ the wait

    def judge(self, body: Mapping[str, Any], target: Any) -> Verdict:
        """One look at the object: failed (with the API's code and reason), done, or still pending."""
        failed = self._outcome(body, self.errors)
        if failed:
            return failed
        target = target or self.wait_default or next(iter(self.targets))
        if target == NO_WAIT or self.change_status(body) in self.idle or self.state(body) in self.resting:
            return DONE
        if self.change_status(body) in self.in_review:
            return PENDING
        if self.state(body) in self.targets.get(str(target), ()):
            return DONE
        return self._outcome(body, self.refusals) or PENDING

    def in_progress(self, state: Any, change_status: Any, target: Any) -> bool:
        """Is an object in live ``state`` (with a pending change in ``change_status``) still on its own way to
        ``target``: is a wait left to do?"""
        if target in (NO_WAIT, None) or change_status in self.idle or state in self.resting:
            return False
        return state in self.transitional or change_status in self.in_review

    def refuses_update(self, state: Any, change_status: Any = None) -> bool:
        return (self.updatable is not None and state not in self.updatable) or change_status in self.frozen_while

    # ------------------------------------------------------------------ internals

    def _outcome(self, body: Mapping[str, Any], outcomes: Mapping[str, Outcome]) -> Verdict | None:
        state, status = self.state(body), self.change_status(body)
        outcome = outcomes.get(str(state)) if state is not None else None
        outcome = outcome or (outcomes.get(f"changes:{status}") if status is not None else None)
        if outcome is None:
            return None
        code = self._first(body, self.code_paths) or status or state
        reason = self._first(body, self.reason_paths) or self._failed_fields(body) or outcome.no_reason
        return Verdict(
            failure=outcome.summary.format(code=code, state=state),
            detail=outcome.detail.format(reason=reason, code=code, state=state),
        )

    def _failed_fields(self, body: Mapping[str, Any]) -> str | None:
        found = [f"{path} is {value}" for path, values in self.failure_fields.items()
                 if (value := get_path(body, path)) in values]  # fmt: skip
        return "; ".join(found) + "." if found else None

    @staticmethod
    def _first(body: Mapping[str, Any], paths: tuple[str, ...]) -> str | None:
        for path in paths:
            value = get_path(body, path)
            if value:
                return str(value)
        return None


def _merge(live: Mapping[str, Any], pending: Mapping[str, Any]) -> dict[str, Any]:
    """``pending`` over ``live``, nested objects merged key by key (a partial change of senderDetails)."""
    merged = dict(live)
    for key, value in pending.items():
        if isinstance(value, Mapping) and isinstance(merged.get(key), Mapping):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = value
    return merged
