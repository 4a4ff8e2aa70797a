"""Transitions on the emulator clock.

A record's transition runs under the store lock once the emulator clock reaches its due time, unless the
record is gone or another transition was scheduled (or the pending one cancelled) in between: each record
counts its transitions in `emulator.seq`, and a transition only runs if the count is still the one it was
scheduled with. Due actions run before every API request, on `/_emulator/clock/advance`, and in the admin
endpoints that call `admin.admin_state`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from emulator.lifecycle.records import internals
from emulator.state import EmulatorState
from emulator.store import Record

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
