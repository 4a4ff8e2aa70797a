"""Fault injection rules: latency, error statuses (429 with Retry-After, 5xx), dropped connections.

A rule matches a request by method (or any method) and a Python regex searched in the path. Each match
uses up one of its `times` (None = unlimited). Rules only ever apply to API paths, never to `/_emulator`.
The middleware in `emulator.middleware` applies them; this module only holds and parses them.
"""

from __future__ import annotations

import itertools
import re
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
    hits: int = 0
    _regex: re.Pattern[str] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._regex = re.compile(self.path)

    def matches(self, method: str, path: str) -> bool:
        if self.times is not None and self.hits >= self.times:
            return False
        if self.method is not None and self.method != method:
            return False
        return self._regex.search(path) is not None

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
            "hits": self.hits,
            "remaining": None if self.times is None else max(self.times - self.hits, 0),
        }


_FIELDS = {"method", "path", "status", "errorCode", "retryAfter", "delay", "times", "afterCommit", "drop"}


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
    times = body.get("times", 1)
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
        """The first rule matching this request, with one of its uses consumed."""
        with self._lock:
            for rule in self._rules:
                if rule.matches(method, path):
                    rule.hits += 1
                    return rule
            return None

    def rules(self) -> list[dict[str, Any]]:
        with self._lock:
            return [r.to_json() for r in self._rules]

    def clear(self) -> None:
        with self._lock:
            self._rules.clear()
