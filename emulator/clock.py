"""The emulator's clock: real UTC time plus an offset that admin calls can advance.

Everything time-dependent in the emulator (bearer-token expiry now; state machines later) reads
`Clock.now()`, never `datetime.now()`, so tests can jump forward instead of sleeping. Later resource groups
schedule transitions with `Clock.schedule(when, action)`; due actions run on `advance()` and before each
API request (`run_due()`), so both real time and advanced time drive them.
"""

from __future__ import annotations

import heapq
import itertools
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta


def real_utcnow() -> datetime:
    return datetime.now(UTC)


def isoformat(moment: datetime) -> str:
    """ISO 8601 UTC with milliseconds and a `Z`, like JavaScript's `Date.toISOString()` (what the API returns)."""
    moment = moment.astimezone(UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


@dataclass(order=True)
class ScheduledAction:
    when: datetime
    seq: int
    action: Callable[[], None] = field(compare=False)
    cancelled: bool = field(default=False, compare=False)

    def cancel(self) -> None:
        self.cancelled = True


class Clock:
    """Thread-safe emulator clock. `now()` starts at real time; `advance()` moves it forward."""

    def __init__(self, source: Callable[[], datetime] = real_utcnow) -> None:
        self._source = source
        self._lock = threading.RLock()
        self._offset = timedelta(0)
        self._queue: list[ScheduledAction] = []
        self._seq = itertools.count()

    def now(self) -> datetime:
        with self._lock:
            return self._source() + self._offset

    @property
    def offset_seconds(self) -> float:
        with self._lock:
            return self._offset.total_seconds()

    def advance(self, seconds: float) -> datetime:
        """Move the clock forward (never back) and run every action that became due."""
        if seconds < 0:
            raise ValueError("the clock only moves forward")
        with self._lock:
            self._offset += timedelta(seconds=seconds)
        self.run_due()
        return self.now()

    def schedule(self, when: datetime, action: Callable[[], None]) -> ScheduledAction:
        """Run `action` once the clock reaches `when` (on the next `advance()` or `run_due()`)."""
        with self._lock:
            entry = ScheduledAction(when, next(self._seq), action)
            heapq.heappush(self._queue, entry)
            return entry

    def schedule_in(self, seconds: float, action: Callable[[], None]) -> ScheduledAction:
        return self.schedule(self.now() + timedelta(seconds=seconds), action)

    def run_due(self) -> int:
        """Run due actions in time order (outside the clock lock); return how many ran."""
        ran = 0
        while True:
            with self._lock:
                if not self._queue or self._queue[0].when > self.now():
                    return ran
                entry = heapq.heappop(self._queue)
            if not entry.cancelled:
                entry.action()
                ran += 1

    def reset(self) -> None:
        """Back to real time, with nothing scheduled."""
        with self._lock:
            self._offset = timedelta(0)
            self._queue.clear()
