"""Request-body validation in the style of NestJS `ValidationPipe` + class-validator.

The real service is NestJS (operationIds such as `WebhookWebhookController_createWebhook_v1`), validating
with `whitelist` and `forbidNonWhitelisted`, and answers `invalid_input` with every failed constraint as a
class-validator message in `additionalInformation.validationErrors`. This module reproduces those messages.

Choices where class-validator's exact output depends on decorators we cannot see:
- unknown properties come first ("property foo should not exist"), then fields in DTO declaration order;
- a value of the wrong type gets the type message (plus "must be a URL address" for URL fields, as in the
  OpenAPI example), not the length messages that class-validator would also emit;
- an array of the wrong type gets only "must be an array";
- `null` is a value of the wrong type, also for optional (PATCH) fields: the webhook fields are not nullable.
"""

from __future__ import annotations

import ipaddress
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from emulator import errors

# --- validator.js isURL / isFQDN / isIP with class-validator's defaults ------------------------------------

URL_PROTOCOLS = ("http", "https", "ftp")
_URL_MAX_LENGTH = 2083
_WRAPPED_IPV6 = re.compile(r"^\[([^\]]+)\](?::([0-9]+))?$")
_IPV4 = re.compile(r"^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]\d|\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]\d|\d)$")
_TLD = re.compile(r"^([a-z\u00a1-\u00a8\u00aa-\ud7ff\uf900-\ufdcf\ufdf0-\uffef]{2,}|xn[a-z0-9-]{2,})$", re.IGNORECASE)
_LABEL = re.compile(r"^[a-z_\u00a1-\uffff0-9-]+$", re.IGNORECASE)
_FULLWIDTH = re.compile(r"[\uff01-\uff5e]")


def is_ip(value: str, version: int | None = None) -> bool:
    if version in (None, 4) and _IPV4.match(value):
        return True
    if version in (None, 6):
        try:
            ipaddress.IPv6Address(value)
        except ValueError:
            return False
        return True
    return False


def is_fqdn(value: str) -> bool:
    """validator.js isFQDN defaults: a TLD is required, no trailing dot, no underscores, no numeric TLD."""
    parts = value.split(".")
    if len(parts) < 2:
        return False
    tld = parts[-1]
    if not _TLD.match(tld) or re.search(r"\s", tld):
        return False
    for part in parts:
        if len(part) > 63 or not _LABEL.match(part) or _FULLWIDTH.search(part):
            return False
        if part.startswith("-") or part.endswith("-") or "_" in part:
            return False
    return True


def is_url(url: str) -> bool:
    """validator.js isURL with class-validator's `@IsUrl()` defaults.

    The protocol is optional; if present it must be http, https or ftp. The host must be an IP address or a
    fully qualified domain name with a TLD (`localhost` fails, `127.0.0.1` and `example.com` pass).
    """
    if not url or re.search(r"[\s<>]", url) or url.startswith("mailto:") or len(url) > _URL_MAX_LENGTH:
        return False
    url = url.split("#", 1)[0].split("?", 1)[0]
    split = url.split("://")
    if len(split) > 1:
        if split.pop(0).lower() not in URL_PROTOCOLS:
            return False
    elif url.startswith("//"):
        return False  # protocol-relative URLs are not allowed
    url = "://".join(split)
    if url == "":
        return False
    hostname = url.split("/")[0]
    at_split = hostname.split("@")
    if len(at_split) > 1:
        if at_split[0] == "":
            return False
        auth = at_split.pop(0)
        if auth.count(":") > 1:
            return False
        user, _, password = auth.partition(":")
        if user == "" and password == "":
            return False
    hostname = "@".join(at_split)

    ipv6: str | None = None
    port_str: str | None = None
    wrapped = _WRAPPED_IPV6.match(hostname)
    if wrapped:
        host = ""
        ipv6 = wrapped.group(1)
        port_str = wrapped.group(2)
    else:
        host, sep, rest = hostname.partition(":")
        port_str = rest if sep else None
    if port_str and not (re.fullmatch(r"[0-9]+", port_str) and 0 < int(port_str) <= 65535):
        return False
    if ipv6 is not None:
        return is_ip(ipv6, 6)
    return is_ip(host) or is_fqdn(host)


# --- the validator ----------------------------------------------------------------------------------------


class Validator:
    """Collects class-validator style messages for one JSON object body; `check()` raises `invalid_input`.

    Call the field methods in DTO declaration order: messages come out in call order.
    """

    def __init__(self, body: Mapping[str, Any], allowed: Iterable[str], prefix: str = "") -> None:
        self.body = body
        self.prefix = prefix
        self.errors: list[str] = []
        allowed_set = set(allowed)
        self.errors.extend(f"property {prefix}{key} should not exist" for key in body if key not in allowed_set)

    def _skip(self, name: str, optional: bool) -> bool:
        return optional and name not in self.body

    def string(
        self,
        name: str,
        *,
        optional: bool = False,
        min_length: int | None = None,
        max_length: int | None = None,
        url: bool = False,
    ) -> str | None:
        if self._skip(name, optional):
            return None
        value = self.body.get(name)
        prop = self.prefix + name
        if not isinstance(value, str):
            self.errors.append(f"{prop} must be a string")
            if url:
                self.errors.append(f"{prop} must be a URL address")
            return None
        before = len(self.errors)
        if url and not is_url(value):
            self.errors.append(f"{prop} must be a URL address")
        if min_length is not None and len(value) < min_length:
            self.errors.append(f"{prop} must be longer than or equal to {min_length} characters")
        if max_length is not None and len(value) > max_length:
            self.errors.append(f"{prop} must be shorter than or equal to {max_length} characters")
        return value if len(self.errors) == before else None

    def enum_array(
        self,
        name: str,
        values: Sequence[str],
        *,
        optional: bool = False,
        min_items: int | None = None,
        unique: bool = False,
    ) -> list[str] | None:
        if self._skip(name, optional):
            return None
        value = self.body.get(name)
        prop = self.prefix + name
        if not isinstance(value, list):
            self.errors.append(f"{prop} must be an array")
            return None
        before = len(self.errors)
        if min_items is not None and len(value) < min_items:
            self.errors.append(f"{prop} must contain at least {min_items} elements")
        if unique:
            seen = [json.dumps(v, sort_keys=True) for v in value]
            if len(set(seen)) != len(seen):
                self.errors.append(f"All {prop}'s elements must be unique")
        if any(not isinstance(v, str) or v not in values for v in value):
            self.errors.append(f"each value in {prop} must be one of the following values: {', '.join(values)}")
        return list(value) if len(self.errors) == before else None

    def check(self) -> None:
        if self.errors:
            raise errors.invalid_input(self.errors)
