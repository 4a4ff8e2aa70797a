"""Fault injection rules: latency, error statuses (429 with Retry-After, 5xx), dropped connections.

A rule matches a request by method (or any method) and a Python regex searched in the path. A rule with a `rate`
selects each matching request with that probability, from its own random generator seeded with `seed` (one
generator per rule: the same sequence of matching requests gives the same selections); a rule without one
selects every matching request. For each request, every matching rule with uses left draws in rule order (a
rule's selections depend only on its seed and the requests it matches, not on the rules before it), and the
first rule that selected the request applies: it alone counts a hit and uses up one of its `times` (None =
unlimited). A rule that does not select a request lets the next matching rule have its chance.

Rules only ever apply to API paths, never to `/_emulator`. The middleware in `emulator.middleware` applies them;
this module only holds and parses them.
"""

from __future__ import annotations

import itertools
import random
import re
import secrets
import threading
from dataclasses import dataclass, field
from typing import Any


class FaultRuleError(ValueError):
    """A fault rule given to the admin API is malformed."""


@dataclass
class FaultRule:
    id: int
    method: str | None
    path: str
    status: int | None = None
    error_code: str | None = None
    retry_after: int | None = None
    delay: float = 0.0
    times: int | None = 1
    after_commit: bool = False
    drop: bool = False
    rate: float | None = None  # None: every matching request
    seed: int | None = None  # the generator's seed (set for every rule with a rate)
    hits: int = 0
    matched: int = 0  # matching requests the rule drew for (had uses left)
    _regex: re.Pattern[str] = field(init=False, repr=False)
    _random: random.Random | None = field(init=False, repr=False, default=None)

    def __post_init__(self) -> None:
        self._regex = re.compile(self.path)
        if self.rate is not None:
            self._random = random.Random(self.seed)

    def matches(self, method: str, path: str) -> bool:
        if self.times is not None and self.hits >= self.times:
            return False
        if self.method is not None and self.method != method:
            return False
        return self._regex.search(path) is not None

    def selects(self) -> bool:
        """One draw for a matching request: whether this rule would hit it (always, without a rate)."""
        self.matched += 1
        return self._random is None or self._random.random() < (self.rate or 0.0)

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "method": self.method,
            "path": self.path,
            "status": self.status,
            "errorCode": self.error_code,
            "retryAfter": self.retry_after,
            "delay": self.delay,
            "times": self.times,
            "afterCommit": self.after_commit,
            "drop": self.drop,
            "rate": self.rate,
            "seed": self.seed,
            "matched": self.matched,
            "hits": self.hits,
            "remaining": None if self.times is None else max(self.times - self.hits, 0),
        }


_FIELDS = {
    "method",
    "path",
    "status",
    "errorCode",
    "retryAfter",
    "delay",
    "times",
    "afterCommit",
    "drop",
    "rate",
    "seed",
}
MAX_SEED = 2**53 - 1  # exact in every JSON client


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def parse_rule(rule_id: int, body: object) -> FaultRule:
    """Build a rule from the admin JSON body, or raise FaultRuleError naming every problem."""
    if not isinstance(body, dict):
        raise FaultRuleError("a fault rule must be a JSON object")
    problems = [f"unknown field {k!r}" for k in body if k not in _FIELDS]
    method = body.get("method")
    if method is not None and not isinstance(method, str):
        problems.append("method must be a string or null")
    path = body.get("path", "")
    if not isinstance(path, str):
        problems.append("path must be a string (a Python regex)")
        path = ""
    else:
        try:
            re.compile(path)
        except re.error as exc:
            problems.append(f"path is not a valid regex: {exc}")
    status = body.get("status")
    if status is not None and not (_is_int(status) and 400 <= status <= 599):
        problems.append("status must be an integer from 400 to 599, or null")
    error_code = body.get("errorCode")
    if error_code is not None and not isinstance(error_code, str):
        problems.append("errorCode must be a string or null")
    retry_after = body.get("retryAfter")
    if retry_after is not None and not (_is_int(retry_after) and retry_after >= 0):
        problems.append("retryAfter must be a non-negative integer (seconds) or null")
    delay = body.get("delay", 0)
    if delay is None:
        delay = 0
    if not (_is_number(delay) and 0 <= delay <= 300):
        problems.append("delay must be a number of seconds from 0 to 300")
        delay = 0
    rate = body.get("rate")
    if rate is not None and not (_is_number(rate) and 0 < rate <= 1):
        problems.append(
            "rate must be a number greater than 0 and at most 1 (the probability that a matching request is hit), "
            "or null to hit every matching request"
        )
        rate = None
    seed = body.get("seed")
    if seed is not None and not (_is_int(seed) and 0 <= seed <= MAX_SEED):
        problems.append(f"seed must be an integer from 0 to {MAX_SEED}, or null for a random one")
    elif seed is not None and body.get("rate") is None:
        problems.append("seed needs a rate: a rule without one hits every matching request")
    # A rule with a rate hits a share of the requests it matches until deleted, unless `times` caps its hits.
    times = body.get("times", None if body.get("rate") is not None else 1)
    if times is not None and not (_is_int(times) and times >= 1):
        problems.append("times must be a positive integer, or null for unlimited")
    after_commit = body.get("afterCommit", False)
    drop = body.get("drop", False)
    if not isinstance(after_commit, bool) or not isinstance(drop, bool):
        problems.append("afterCommit and drop must be booleans")
    elif after_commit and status is None and not drop:
        problems.append("afterCommit needs a status or drop")
    if status is None and not drop and not delay and not problems:
        problems.append("a rule needs at least one of status, drop or delay")
    if problems:
        raise FaultRuleError("; ".join(problems))
    return FaultRule(
        id=rule_id,
        method=method.upper() if isinstance(method, str) else None,
        path=path,
        status=status,
        error_code=error_code,
        retry_after=retry_after,
        delay=float(delay),
        times=times,
        after_commit=bool(after_commit),
        drop=bool(drop),
        rate=float(rate) if rate is not None else None,
        seed=(seed if seed is not None else secrets.randbits(32)) if rate is not None else None,
    )


class FaultRules:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._rules: list[FaultRule] = []
        self._ids = itertools.count(1)

    def add(self, body: object) -> FaultRule:
        with self._lock:
            rule = parse_rule(next(self._ids), body)
            self._rules.append(rule)
            return rule

    def take(self, method: str, path: str) -> FaultRule | None:
        """The first rule that selects this request, with one of its uses consumed. Every matching rule with
        uses left draws (see the module doc), also after an earlier one has selected the request."""
        with self._lock:
            taken: FaultRule | None = None
            for rule in self._rules:
                if rule.matches(method, path) and rule.selects() and taken is None:
                    taken = rule
            if taken is not None:
                taken.hits += 1
            return taken

    def rules(self) -> list[dict[str, Any]]:
        with self._lock:
            return [r.to_json() for r in self._rules]

    def clear(self) -> None:
        """No rules; ids start at 1 again (so a bench that sets its rules after a reset gets the same ids)."""
        with self._lock:
            self._rules.clear()
            self._ids = itertools.count(1)
