"""Waiting for asynchronous resources (senders, templates under review, bundles) to reach a state.

A resource says how to judge one GET of the object (done, failed, still pending); this module polls with a
growing interval until the judgement is final or the timeout passes. Every poll is one GET, so the number
of API calls per wait is small and bounded: 0.5 s, then x1.5 per poll, at most 10 s apart.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

log = logging.getLogger("sinch.waiting")

FIRST_INTERVAL = 0.5
GROWTH = 1.5
MAX_INTERVAL = 10.0


@dataclass(frozen=True)
class Verdict:
    """What one look at the object says. ``done`` ends the wait; ``failure`` ends it with an error."""

    done: bool = False
    failure: str | None = None
    detail: str = ""
    warning: str | None = None
    #: The object as the judge last saw it, when judging it acted on it (requested a verification code).
    body: dict[str, Any] | None = None


PENDING = Verdict()
DONE = Verdict(done=True)


@dataclass
class WaitResult:
    body: dict[str, Any]
    verdict: Verdict
    timed_out: bool
    polls: int
    seconds: float


def wait_for(
    fetch: Callable[[], dict[str, Any]],
    judge: Callable[[dict[str, Any]], Verdict],
    timeout: float,
    *,
    first: dict[str, Any] | None = None,
    sleep: Callable[[float], None] = time.sleep,
    clock: Callable[[], float] = time.monotonic,
) -> WaitResult:
    """Judge ``first`` (e.g. the create response) or a fresh fetch, then poll until a final verdict."""
    started = clock()
    deadline = started + timeout
    interval = FIRST_INTERVAL
    polls = 0
    body = first if first is not None else fetch()
    while True:
        verdict = judge(body)
        if verdict.done or verdict.failure:
            return WaitResult(verdict.body or body, verdict, False, polls, clock() - started)
        remaining = deadline - clock()
        if remaining <= 0:
            return WaitResult(body, verdict, True, polls, clock() - started)
        sleep(min(interval, remaining))
        interval = min(interval * GROWTH, MAX_INTERVAL)
        body = fetch()
        polls += 1
        log.debug("poll %d after %.1fs", polls, clock() - started)
