"""Request-body validation in the style of NestJS `ValidationPipe` + class-validator.

The real service is NestJS (operationIds such as `WebhookWebhookController_createWebhook_v1`), validating
with `whitelist` and `forbidNonWhitelisted`, and answers `invalid_input` with every failed constraint as a
class-validator message in `additionalInformation.validationErrors`. This module reproduces those messages.

Choices where class-validator's exact output depends on decorators we cannot see:
- unknown properties come first ("property foo should not exist"), then fields in DTO declaration order;
- a value of the wrong type gets the type message (plus "must be a URL address" for URL fields, as in the
  OpenAPI example), not the length messages that class-validator would also emit;
- an array of the wrong type gets only "must be an array";
- `null` is a value of the wrong type, also for optional (PATCH) fields, unless the field is declared nullable
  (`string|null` in the OpenAPI description: null then means "delete the value");
- a field declared `not_null` (class-validator `@NotEquals(null)`, e.g. a sender's PATCH `details.displayName`)
  that is not a string gets every message of its decorators, as in the OpenAPI example: the type, the lengths
  and "should not be equal to null";
- a missing or null required nested object gets "<name> should not be null or undefined"; a nested value that
  is not an object gets "nested property <name> must be either object or array". Nested fields are named with
  their path (`details.displayName must be a string`).
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


_EMAIL_LOCAL = re.compile(r"^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$")


def is_email(value: str) -> bool:
    """validator.js isEmail defaults, simplified: `local@domain`, a dot-atom local part of at most 64 characters
    and a fully qualified domain name (or a bracketed IP address)."""
    if len(value) > 254 or value.count("@") != 1:
        return False
    local, domain = value.split("@")
    if not local or len(local) > 64 or not _EMAIL_LOCAL.match(local):
        return False
    if domain.startswith("[") and domain.endswith("]"):
        return is_ip(domain[1:-1])
    return is_fqdn(domain)


def _number(value: float) -> str:
    """A number as JavaScript prints it in a class-validator message (`10`, not `10.0`)."""
    return str(int(value)) if float(value).is_integer() else str(value)


# --- the validator ----------------------------------------------------------------------------------------


class Validator:
    """Collects class-validator style messages for one JSON object body; `check()` raises `invalid_input`.

    Call the field methods in DTO declaration order: messages come out in call order.
    """

    def __init__(
        self, body: Mapping[str, Any], allowed: Iterable[str], prefix: str = "", errors: list[str] | None = None
    ) -> None:
        self.body = body
        self.prefix = prefix
        self.errors: list[str] = errors if errors is not None else []
        allowed_set = set(allowed)
        self.errors.extend(f"property {prefix}{key} should not exist" for key in body if key not in allowed_set)

    def _skip(self, name: str, optional: bool) -> bool:
        return optional and name not in self.body

    def string(
        self,
        name: str,
        *,
        optional: bool = False,
        nullable: bool = False,
        not_null: bool = False,
        min_length: int | None = None,
        max_length: int | None = None,
        exact_length: int | None = None,
        url: bool = False,
        email: bool = False,
        digits: bool = False,
        no_spaces: bool = False,
        pattern: str | None = None,
    ) -> str | None:
        """A string field. `nullable`: null is accepted (returns None; check `name in body` to tell a null
        from an absent field). `digits`: only 0-9 ("must be a number string"). `pattern`: a JavaScript-style
        regular expression the whole value must match (`@Matches`), shown as `/pattern/` in the message."""
        if self._skip(name, optional):
            return None
        value = self.body.get(name)
        prop = self.prefix + name
        if value is None and nullable:
            return None
        if not isinstance(value, str):
            self.errors.append(f"{prop} must be a string")
            if url:
                self.errors.append(f"{prop} must be a URL address")
            if email:
                self.errors.append(f"{prop} must be an email")
            if exact_length is not None:
                self.errors.append(f"{prop} must be exactly {exact_length} characters")
            if pattern is not None and not_null:
                self.errors.append(f"{prop} must match /{pattern}/ regular expression")
            if not_null:
                if min_length is not None:
                    self.errors.append(f"{prop} must be longer than or equal to {min_length} characters")
                if max_length is not None:
                    self.errors.append(f"{prop} must be shorter than or equal to {max_length} characters")
                if value is None:
                    self.errors.append(f"{prop} should not be equal to null")
            return None
        before = len(self.errors)
        if url and not is_url(value):
            self.errors.append(f"{prop} must be a URL address")
        if email and not is_email(value):
            self.errors.append(f"{prop} must be an email")
        if digits and not re.fullmatch(r"[0-9]+", value):
            self.errors.append(f"{prop} must be a number string")
        if pattern is not None and not re.search(pattern, value):
            self.errors.append(f"{prop} must match /{pattern}/ regular expression")
        if min_length is not None and len(value) < min_length:
            self.errors.append(f"{prop} must be longer than or equal to {min_length} characters")
        if max_length is not None and len(value) > max_length:
            self.errors.append(f"{prop} must be shorter than or equal to {max_length} characters")
        if exact_length is not None and len(value) != exact_length:
            self.errors.append(f"{prop} must be exactly {exact_length} characters")
        if no_spaces and re.search(r"\s", value):
            self.errors.append(f"{prop} must not contain spaces")
        return value if len(self.errors) == before else None

    def enum(self, name: str, values: Sequence[str], *, optional: bool = False) -> str | None:
        """One value of an enum (class-validator `@IsEnum`), listed in declaration order in the message."""
        if self._skip(name, optional):
            return None
        value = self.body.get(name)
        if not isinstance(value, str) or value not in values:
            self.errors.append(f"{self.prefix}{name} must be one of the following values: {', '.join(values)}")
            return None
        return value

    def boolean(self, name: str, *, optional: bool = False) -> bool | None:
        if self._skip(name, optional):
            return None
        value = self.body.get(name)
        if not isinstance(value, bool):
            self.errors.append(f"{self.prefix}{name} must be a boolean value")
            return None
        return value

    def number(
        self, name: str, *, optional: bool = False, minimum: float | None = None, maximum: float | None = None
    ) -> float | None:
        """A JSON number (`@IsNumber`, booleans excluded), with `@Min` / `@Max`."""
        if self._skip(name, optional):
            return None
        value = self.body.get(name)
        prop = self.prefix + name
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.errors.append(f"{prop} must be a number conforming to the specified constraints")
            if minimum is not None:
                self.errors.append(f"{prop} must not be less than {_number(minimum)}")
            if maximum is not None:
                self.errors.append(f"{prop} must not be greater than {_number(maximum)}")
            return None
        before = len(self.errors)
        if minimum is not None and value < minimum:
            self.errors.append(f"{prop} must not be less than {_number(minimum)}")
        if maximum is not None and value > maximum:
            self.errors.append(f"{prop} must not be greater than {_number(maximum)}")
        return value if len(self.errors) == before else None

    def string_array(
        self, name: str, *, optional: bool = False, item_min_length: int | None = None
    ) -> list[str] | None:
        """An array of strings (`@IsString({each: true})`, `@MinLength(n, {each: true})`)."""
        if self._skip(name, optional):
            return None
        value = self.body.get(name)
        prop = self.prefix + name
        if not isinstance(value, list):
            self.errors.append(f"{prop} must be an array")
            return None
        before = len(self.errors)
        if any(not isinstance(item, str) for item in value):
            self.errors.append(f"each value in {prop} must be a string")
        elif item_min_length is not None and any(len(item) < item_min_length for item in value):
            self.errors.append(f"each value in {prop} must be longer than or equal to {item_min_length} characters")
        return list(value) if len(self.errors) == before else None

    def nested_array(
        self,
        name: str,
        *,
        optional: bool = False,
        min_items: int | None = None,
        max_items: int | None = None,
    ) -> list[tuple[int, dict[str, Any]]] | None:
        """An array of nested objects (`@IsArray`, `@ArrayMaxSize`, `@ArrayMinSize`, `@ValidateNested({each:
        true})`): the (index, object) items to validate with `item(...)`, or None when the value is no array.
        A value that is no array gets every array message, as class-validator gives them (the OpenAPI example of
        the template compare body lists "must be an array", "no more than", "at least")."""
        if self._skip(name, optional):
            return None
        value = self.body.get(name)
        prop = self.prefix + name
        if not isinstance(value, list):
            self.errors.append(f"{prop} must be an array")
            if max_items is not None:
                self.errors.append(f"{prop} must contain no more than {max_items} elements")
            if min_items is not None:
                self.errors.append(f"{prop} must contain at least {min_items} elements")
            return None
        if max_items is not None and len(value) > max_items:
            self.errors.append(f"{prop} must contain no more than {max_items} elements")
        if min_items is not None and len(value) < min_items:
            self.errors.append(f"{prop} must contain at least {min_items} elements")
        if any(not isinstance(item, dict) for item in value):
            self.errors.append(f"each value in nested property {prop} must be either object or array")
        return [(i, item) for i, item in enumerate(value) if isinstance(item, dict)]

    def item(self, name: str, index: int, body: Mapping[str, Any], allowed: Iterable[str]) -> Validator:
        """A child validator for item `index` of the nested array `name` (path `name.index.`)."""
        return Validator(body, allowed, prefix=f"{self.prefix}{name}.{index}.", errors=self.errors)

    def error(self, name: str, message: str) -> None:
        """A message about field `name` (for rules across fields): `<path> <message>`."""
        self.errors.append(f"{self.prefix}{name} {message}")

    def nested(self, name: str, allowed: Iterable[str], *, optional: bool = False) -> Validator | None:
        """A nested object (`@ValidateNested` + `@Type`): a child validator that reports into this one, with
        the field's path as prefix, or None when the value is absent or not an object."""
        if self._skip(name, optional):
            return None
        value = self.body.get(name)
        prop = self.prefix + name
        if value is None and not optional:
            self.errors.append(f"{prop} should not be null or undefined")
            return None
        if not isinstance(value, dict):
            self.errors.append(f"nested property {prop} must be either object or array")
            return None
        return Validator(value, allowed, prefix=prop + ".", errors=self.errors)

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
