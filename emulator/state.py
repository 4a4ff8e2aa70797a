"""Settings and the single mutable state object behind one emulator app."""

from __future__ import annotations

from dataclasses import dataclass
from typing import cast

from starlette.requests import Request

from emulator.clock import Clock
from emulator.faults import FaultRules
from emulator.requestlog import RequestLog
from emulator.store import Store
from emulator.tokens import TokenStore

ADMIN_PREFIX = "/_emulator"


@dataclass(frozen=True)
class Settings:
    key_id: str = "emulator-key"
    key_secret: str = "emulator-secret"
    token_ttl: int = 3600  # seconds a bearer token from /oauth2/token lives, on the emulator clock


class EmulatorState:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.clock = Clock()
        self.store = Store()
        self.tokens = TokenStore()
        self.requests = RequestLog()
        self.faults = FaultRules()

    def reset(self) -> None:
        """Back to a fresh emulator: no data, no requests, no faults, no tokens, real time."""
        self.store.reset()
        self.requests.clear()
        self.faults.clear()
        self.tokens.clear()
        self.clock.reset()


def get_state(request: Request) -> EmulatorState:
    return cast(EmulatorState, request.app.state.emulator)


def is_admin_path(path: str) -> bool:
    return path == ADMIN_PREFIX or path.startswith(ADMIN_PREFIX + "/")
