"""Settings and the single mutable state object behind one emulator app."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any, cast

from starlette.requests import Request

from emulator.clock import Clock
from emulator.faults import FaultRules
from emulator.requestlog import RequestLog
from emulator.store import Store
from emulator.tokens import TokenStore

ADMIN_PREFIX = "/_emulator"


@dataclass
class Timing:
    """How long the emulated asynchronous work takes, on the emulator clock.

    The defaults are short real-time values for demos; tests advance the clock instead of waiting. The admin
    API (`GET/PATCH /_emulator/settings`) changes them at run time; `/_emulator/reset` restores the values the
    emulator was started with. A change applies to transitions scheduled after it.
    """

    sender_activation_seconds: float = 2.0  # WhatsApp sender: IN_PROGRESS -> ACTIVE / PENDING_VERIFICATION
    profile_review_seconds: float = 3.0  # WhatsApp sender profile change set: IN_PROGRESS -> approved
    account_review_seconds: float = 2.0  # WhatsApp account: review -> ONBOARDED
    deletion_retention_days: float = 30.0  # a deleted WhatsApp sender stays visible this long
    template_review_seconds: float = 3.0  # WhatsApp template submission: PENDING / IN_PROGRESS -> APPROVED
    bundle_completion_seconds: float = 2.0  # bundle: IN_PROGRESS -> DONE
    rcs_launch_preparation_seconds: float = 2.0  # RCS sender: PREPARING_LAUNCH -> LAUNCHING (with a video URI)
    rcs_launch_seconds: float = 3.0  # RCS sender: LAUNCHING -> LAUNCHED

    # JSON key (admin API) -> attribute
    JSON_KEYS = {
        "senderActivationSeconds": "sender_activation_seconds",
        "profileReviewSeconds": "profile_review_seconds",
        "accountReviewSeconds": "account_review_seconds",
        "deletionRetentionDays": "deletion_retention_days",
        "templateReviewSeconds": "template_review_seconds",
        "bundleCompletionSeconds": "bundle_completion_seconds",
        "rcsLaunchPreparationSeconds": "rcs_launch_preparation_seconds",
        "rcsLaunchSeconds": "rcs_launch_seconds",
    }

    def to_json(self) -> dict[str, float]:
        return {key: getattr(self, attr) for key, attr in self.JSON_KEYS.items()}


@dataclass(frozen=True)
class Settings:
    key_id: str = "emulator-key"
    key_secret: str = "emulator-secret"
    token_ttl: int = 3600  # seconds a bearer token from /oauth2/token lives, on the emulator clock
    timing: Timing = dataclasses.field(default_factory=Timing)  # start-up values; copied into EmulatorState


class EmulatorState:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.clock = Clock()
        self.store = Store()
        self.tokens = TokenStore()
        self.requests = RequestLog()
        self.faults = FaultRules()
        self.timing = dataclasses.replace(settings.timing)
        # Emulator-wide state of resource groups that is not per project (e.g. WhatsApp sender rules).
        # Cleared on reset; each group keys its own entry.
        self.group_state: dict[str, Any] = {}

    def reset(self) -> None:
        """Back to a fresh emulator: no data, no requests, no faults, no tokens, real time, start-up timing."""
        self.clock.reset()  # first: nothing scheduled may run against the cleared store
        self.store.reset()
        self.requests.clear()
        self.faults.clear()
        self.tokens.clear()
        self.group_state.clear()
        self.timing = dataclasses.replace(self.settings.timing)


def get_state(request: Request) -> EmulatorState:
    return cast(EmulatorState, request.app.state.emulator)


def is_admin_path(path: str) -> bool:
    return path == ADMIN_PREFIX or path.startswith(ADMIN_PREFIX + "/")
