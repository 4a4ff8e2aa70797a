"""Reusable constrained value types for resource declarations.

Each is a plain ``typing.Annotated`` type: pydantic validates it at plan time, and
``provider.schema`` derives the Terraform type from the bare Python type inside.
"""

from __future__ import annotations

import ipaddress
import re
from typing import Annotated
from urllib.parse import urlsplit

from pydantic import AfterValidator, StringConstraints

_LABEL = re.compile(r"^(?!-)[A-Za-z0-9-]{1,63}(?<!-)$")
_TLD = re.compile(r"^([a-z]{2,63}|xn--[a-z0-9-]{1,59})$", re.IGNORECASE)


def _is_public_host(host: str) -> bool:
    """The host rule of the API's URL check (class-validator isURL defaults): an IP or a name with a TLD."""
    try:
        ipaddress.ip_address(host.strip("[]"))
        return True
    except ValueError:
        pass
    labels = host.rstrip(".").split(".")
    return len(labels) >= 2 and all(_LABEL.match(label) for label in labels) and bool(_TLD.match(labels[-1]))


def _check_text(value: str) -> None:
    if any(ch.isspace() or not ch.isprintable() for ch in value):
        raise ValueError("must be a URL without spaces or control characters")


def _check_port(netloc: str) -> None:
    """The port of a URL, if any, is 1 to 65535 in ASCII digits (``urlsplit`` and httpx let a sign, a space or
    non-ASCII digits through, and httpx sends ``:70000`` on to the socket, where it fails as a connection error)."""
    host = netloc.rpartition("@")[2]
    if host.startswith("["):  # IPv6 literal: the port follows the bracket
        host = host[host.find("]") + 1 :]
    text = host.partition(":")[2] if ":" in host else ""
    if text and not (text.isascii() and text.isdigit() and 1 <= int(text) <= 65535):
        raise ValueError(f"must be a valid URL: port {text!r} is not a number from 1 to 65535")


def check_http_url(value: str) -> str:
    if any(ch.isspace() for ch in value):
        raise ValueError("must be a URL without spaces")
    _check_text(value)
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https"):
        raise ValueError("must be an absolute http:// or https:// URL")
    _check_port(parts.netloc)
    host = parts.hostname or ""
    if host.endswith("."):
        raise ValueError("must be a URL whose host has no trailing dot")
    if not _is_public_host(host):
        raise ValueError(
            "must be a URL whose host is an IP address or a fully qualified domain name "
            "(the Sinch API rejects hosts such as 'localhost')"
        )
    return value


def check_base_url(value: str) -> str:
    """A service base URL: any http(s) URL with a host and a usable port (``localhost`` is fine: the emulator
    lives there)."""
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError("must be an absolute http:// or https:// URL")
    _check_text(value)
    _check_port(parts.netloc)
    return value


def check_id_segment(value: str) -> str:
    if "/" in value:
        raise ValueError("must not contain '/'")
    if value in (".", ".."):
        # A URL path segment "." or ".." is resolved away: ".." as a sender ID would address the WhatsApp account.
        raise ValueError(f"must not be {value!r}")
    return value


_ULID = re.compile(r"[0-9A-HJKMNP-TV-Z]{26}")


def check_conversation_app_id(value: str) -> str:
    if not _ULID.fullmatch(value):
        raise ValueError(
            "must be a Conversation API app ID: 26 upper-case characters of Crockford's base32 (a ULID, such as "
            "01EB37HMH1M6SV18ASNS3G135H; the Sinch dashboard shows it under Conversation API, Apps)"
        )
    return value


ConversationAppId = Annotated[str, AfterValidator(check_conversation_app_id)]
"""The ID of a Conversation API app (a ULID)."""


def http_url(max_length: int | None = None) -> type[str]:
    """An absolute http(s) URL the Sinch API accepts."""
    return Annotated[  # type: ignore[return-value]
        str, StringConstraints(max_length=max_length), AfterValidator(check_http_url)
    ]


def text(min_length: int = 1, max_length: int | None = None) -> type[str]:
    """A string with the API's length limits."""
    return Annotated[str, StringConstraints(min_length=min_length, max_length=max_length)]  # type: ignore[return-value]


BaseUrl = Annotated[str, AfterValidator(check_base_url)]
"""The base URL of a service the provider talks to."""

IdSegment = Annotated[str, StringConstraints(min_length=1), AfterValidator(check_id_segment)]
"""An identifier that appears in a URL path and in composite import IDs."""


_EMAIL = re.compile(
    r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9-]{1,63})+$"
)


def check_email(value: str) -> str:
    local = value.rsplit("@", 1)[0]
    valid_local = len(local) <= 64 and not local.startswith(".") and not local.endswith(".") and ".." not in local
    if not _EMAIL.match(value) or not valid_local or not _TLD.match(value.rsplit(".", 1)[-1]):
        raise ValueError("must be an email address")
    return value


def email(max_length: int | None = None) -> type[str]:
    return Annotated[  # type: ignore[return-value]
        str, StringConstraints(max_length=max_length), AfterValidator(check_email)
    ]


def digits(min_length: int = 1, max_length: int | None = None) -> type[str]:
    """A numeric string (phone numbers, country calling codes, Meta IDs)."""
    return Annotated[  # type: ignore[return-value]
        str, StringConstraints(min_length=min_length, max_length=max_length, pattern=r"^[0-9]+$")
    ]


_E164 = re.compile(r"^\+[1-9][0-9]{6,14}$")


def check_e164(value: str) -> str:
    if not _E164.match(value):
        raise ValueError("must be a phone number in E.164 form: `+`, the country code and the number, 7 to 15 digits "
                         "without spaces (e.g. +48777777777)")  # fmt: skip
    return value


def e164(max_length: int | None = None) -> type[str]:
    """A phone number in E.164 form (``+48777777777``)."""
    return Annotated[  # type: ignore[return-value]
        str, StringConstraints(max_length=max_length), AfterValidator(check_e164)
    ]


_DURATION = re.compile(r"^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$")


def parse_duration(value: str) -> float:
    """Seconds in a Terraform-style duration: "90s", "20m", "1h30m"."""
    match = _DURATION.match(value.strip())
    if not value.strip() or not match or not any(match.groups()):
        raise ValueError('must be a duration such as "90s", "20m" or "1h30m"')
    hours, minutes, seconds = (int(g or 0) for g in match.groups())
    return hours * 3600.0 + minutes * 60.0 + seconds


def check_duration(value: str) -> str:
    if parse_duration(value) <= 0:
        raise ValueError("must be longer than 0s")
    return value


Duration = Annotated[str, AfterValidator(check_duration)]
"""A Terraform-style duration string ("20m")."""


def check_otp(value: str) -> str:
    if len(value) != 6 or not (value.isascii() and value.isdigit()):
        raise ValueError("must be exactly 6 digits, as received by SMS or voice call")
    return value


OtpCode = Annotated[str, AfterValidator(check_otp)]
"""A 6-digit one-time verification code."""
