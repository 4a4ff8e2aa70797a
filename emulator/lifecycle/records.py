"""Stored records: plain JSON-like dicts holding the DTO fields the API returns, `projectId`, and an `emulator`
dict of internals the API never shows (activities, the transition counter, rule outcomes, dates...). The admin
raw view (`/_emulator/projects/{projectId}/<collection>`) shows them all."""

from __future__ import annotations

import copy
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from emulator.clock import isoformat
from emulator.state import EmulatorState
from emulator.store import Record

__all__ = [
    "Record",
    "apply_changes",
    "dig",
    "internals",
    "merge_changes",
    "now_iso",
    "pick",
    "unknown_keys",
]


def now_iso(state: EmulatorState) -> str:
    return isoformat(state.clock.now())


def internals(record: Record) -> dict[str, Any]:
    """The record's `emulator` dict of internals (created on first use)."""
    found: dict[str, Any] = record.setdefault("emulator", {})
    return found


def pick(record: Mapping[str, Any], fields: Sequence[str]) -> dict[str, Any]:
    """The DTO: `fields` in declaration order, absent or None values left out, copied."""
    return {f: copy.deepcopy(record[f]) for f in fields if record.get(f) is not None}


def dig(body: Any, dotted: str) -> tuple[bool, Any]:
    """The value at a dotted path (`details.displayName`, `details.components.0.text`) of a JSON value:
    (found, value). A numeric part indexes a list."""
    current: Any = body
    for part in dotted.split("."):
        if isinstance(current, Mapping) and part in current:
            current = current[part]
        elif isinstance(current, list) and part.isdigit() and int(part) < len(current):
            current = current[int(part)]
        else:
            return False, None
    return True, current


def merge_changes(base: Mapping[str, Any] | None, patch: Mapping[str, Any]) -> dict[str, Any]:
    """A change set on top of an earlier one: nested objects merged, other values replaced (None kept)."""
    merged: dict[str, Any] = dict(base or {})
    for key, value in patch.items():
        if isinstance(value, Mapping) and isinstance(merged.get(key), Mapping):
            merged[key] = merge_changes(merged[key], value)
        else:
            merged[key] = value
    return merged


def apply_changes(details: Mapping[str, Any] | None, changes: Mapping[str, Any]) -> dict[str, Any]:
    """Approved changes applied to details: nested objects merged, a None value deletes the field."""
    result: dict[str, Any] = dict(details or {})
    for key, value in changes.items():
        if value is None:
            result.pop(key, None)
        elif isinstance(value, Mapping) and isinstance(result.get(key), Mapping):
            result[key] = apply_changes(result[key], value)
        else:
            result[key] = value
    return result


def unknown_keys(body: Mapping[str, Any], allowed: Iterable[str]) -> list[str]:
    allowed_set = set(allowed)
    return [k for k in body if k not in allowed_set]
