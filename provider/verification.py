"""Objects verified with a code sent to a phone (a WhatsApp sender's number, a KakaoTalk sender's admin phone),
declared once per resource (``ApiResource.verification``).

Terraform cannot prompt for a code in the middle of an apply, so verification takes two applies:
- the first one's wait asks the API to send a code as soon as the object can take one (``requestable``), and ends
  there with a warning that says where the code went;
- the user sets `verification_code` and applies again: the update verifies, then waits for the object to reach
  ``target``.
While the object waits for its code (live state ``awaiting``) nothing else is waiting: the plan is empty until the
code is set. The code attributes (`verification_code`, and `verification_method` where the API offers a choice) are
actions: they are sent only while the object awaits its code.
"""

from __future__ import annotations

import typing
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from provider.schema import Attr
from provider.types import OtpCode

CODE, METHOD = "verification_code", "verification_method"


@dataclass(frozen=True)
class Verification:
    #: The live state of an object waiting for its code (``PENDING_VERIFICATION``, ``VERIFYING``).
    awaiting: str
    #: Whether a wait may ask for the code now, judging the object's API body.
    requestable: Callable[[Mapping[str, Any]], bool]
    #: Where the code goes, for messages ("to the admin phone", "by {method}": ``{method}`` is the chosen method).
    sent_to: str
    #: Under the object's path: the operation that sends a code (again), and the one that takes it.
    request_path: str = "/register"
    verify_path: str = "/verify"
    #: The live state the object reaches once verified (the update waits for it).
    target: str = "ACTIVE"
    #: How the code may be sent (`verification_method`, the first is the default); empty: the API offers no choice
    #: and the request has no body.
    methods: tuple[str, ...] = ()
    #: The API takes the code as a JSON number, not a string.
    code_as_number: bool = False

    def settings(self, code: str, method: str = "") -> tuple[Attr, ...]:
        """The attributes of the flow, described by the resource."""
        attrs = [Attr(CODE, OtpCode, code, optional=True, sensitive=True, api=None, action=True)]
        if self.methods:
            attrs.insert(0, Attr(METHOD, typing.Literal.__getitem__(self.methods), method, optional=True,
                                 computed=True, api=None, default=self.methods[0], action=True))  # fmt: skip
        return tuple(attrs)

    def request_body(self, planned: Mapping[str, Any]) -> dict[str, Any] | None:
        return {"method": self.method(planned)} if self.methods else None

    def verify_body(self, code: str) -> dict[str, Any]:
        return {"code": int(code) if self.code_as_number else code}

    def method(self, planned: Mapping[str, Any]) -> str:
        return str(planned.get(METHOD) or self.methods[0]) if self.methods else ""

    def where(self, planned: Mapping[str, Any]) -> str:
        return self.sent_to.format(method=self.method(planned))
