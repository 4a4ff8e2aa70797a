"""Admin rules: outcomes of future reviews, picked from the submitted body.

    {"when": {"details.displayName": "Fail me"}, <outcome fields>, "hold": false, "times": null}

- `when`: dotted paths in the submitted body and the values they must equal; `{}` matches every submission;
- the outcome fields are the group's (a sender's `state`/`errorCode`, a template's `state`/`rejectionCode`...);
- `hold: true`: the record stays in review until an admin control decides;
- `times`: how many submissions the rule takes; `null` (default) for every match until the rules are cleared.

The first matching rule with uses left is taken at submission (its `hits` counts them); the group applies its
outcome when the review is due. Rules live in `EmulatorState.group_state`, so `/_emulator/reset` clears them.
A `RuleBook` also serves the three admin routes: POST (201 the rule with `id` and `hits`), GET `{"rules": [...]}`
and DELETE (204).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from emulator.admin import admin_state, bad_request, json_body
from emulator.lifecycle.records import dig, unknown_keys
from emulator.state import EmulatorState


@dataclass(frozen=True)
class RuleBook:
    key: str  # its entry in EmulatorState.group_state
    label: str  # "sender rule", in admin error messages
    outcome_fields: tuple[str, ...]  # the group's fields, in the order rules show them
    # The outcome fields of a rule body, validated (raise `bad_request`); gets the body and its `hold`.
    parse_outcome: Callable[[dict[str, Any], bool], dict[str, Any]]
    when_example: str = '{"details.name": "x"}'  # in the admin error message for a bad `when`

    def rules(self, state: EmulatorState) -> list[dict[str, Any]]:
        found: list[dict[str, Any]] = state.group_state.setdefault(self.key, [])
        return found

    def parse(self, body: Any, rule_id: int) -> dict[str, Any]:
        label = self.label
        if not isinstance(body, dict):
            raise bad_request(f"A {label} is a JSON object.")
        unknown = unknown_keys(body, ("when", *self.outcome_fields, "hold", "times"))
        if unknown:
            raise bad_request(f"Unknown {label} fields: {', '.join(unknown)}.")
        when = body.get("when", {})
        if not isinstance(when, dict) or not all(isinstance(k, str) and k for k in when):
            raise bad_request(f"when must be an object of dotted body paths to values, e.g. {self.when_example}.")
        hold = body.get("hold", False)
        if not isinstance(hold, bool):
            raise bad_request("hold must be a boolean.")
        outcome = self.parse_outcome(body, hold)
        times = body.get("times")
        if times is not None and (isinstance(times, bool) or not isinstance(times, int) or times < 1):
            raise bad_request("times must be a positive integer, or null for unlimited.")
        return {"id": rule_id, "when": when, **outcome, "hold": hold, "times": times, "hits": 0}

    def take(self, state: EmulatorState, body: Any) -> dict[str, Any] | None:
        """The first rule that matches the submitted body and has uses left (its use counted), as a snapshot.
        Call with `store.lock` held."""
        for rule in self.rules(state):
            if rule["times"] is not None and rule["hits"] >= rule["times"]:
                continue
            if all(dig(body, path) == (True, value) for path, value in rule["when"].items()):
                rule["hits"] += 1
                return dict(rule)
        return None

    def admin_routes(self, path: str) -> list[BaseRoute]:
        async def add(request: Request) -> Response:
            state = admin_state(request)
            body = await json_body(request)
            with state.store.lock:
                rules = self.rules(state)
                rule = self.parse(body, max((r["id"] for r in rules), default=0) + 1)
                rules.append(rule)
                return JSONResponse(dict(rule), status_code=201)

        async def listed(request: Request) -> Response:
            state = admin_state(request)
            with state.store.lock:
                return JSONResponse({"rules": [dict(r) for r in self.rules(state)]})

        async def clear(request: Request) -> Response:
            state = admin_state(request)
            with state.store.lock:
                self.rules(state).clear()
            return Response(status_code=204)

        return [
            Route(path, add, methods=["POST"]),
            Route(path, listed, methods=["GET"]),
            Route(path, clear, methods=["DELETE"]),
        ]
