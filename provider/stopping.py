"""The provider's stop flag: Terraform's StopProvider (Ctrl-C), SIGINT, or a parent that died.

Terraform's contract for a stop: the provider answers at once; calls in flight finish what they already sent
and report it (so Terraform can write it to state); nothing new is sent. So the flag is checked before each
HTTP request and during every sleep (retry backoff, polling), and never interrupts a request on the wire.
"""

from __future__ import annotations

import logging
import threading

from provider.errors import SinchError

log = logging.getLogger("sinch.stop")


class Stopped(SinchError):
    """Raised instead of sending a request, or instead of sleeping on, once the provider is stopping."""

    def __init__(self, reason: str):
        self.reason = reason
        super().__init__(self.summary())

    def summary(self) -> str:
        return f"Stopped: {self.reason}"

    def detail(self) -> str:
        return "No further request was sent to Sinch."


class StopFlag:
    def __init__(self) -> None:
        self._event = threading.Event()
        self.reason = ""

    def stop(self, reason: str) -> None:
        if not self._event.is_set():
            self.reason = reason
            log.warning("stopping: %s", reason)
            self._event.set()

    @property
    def stopped(self) -> bool:
        return self._event.is_set()

    def check(self) -> None:
        """Raise ``Stopped`` if the provider is stopping (call it before sending a request)."""
        if self._event.is_set():
            raise Stopped(self.reason)

    def sleep(self, seconds: float) -> None:
        """Sleep, but raise ``Stopped`` as soon as a stop arrives."""
        if self._event.wait(max(seconds, 0.0)):
            raise Stopped(self.reason)
