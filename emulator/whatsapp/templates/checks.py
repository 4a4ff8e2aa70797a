"""WhatsApp Templates: checks of valid bodies that answer their own documented codes (not `invalid_input`).

- `template_invalid_button_example` (400): an example on a URL button without a `{{1}}` ("Only dynamic URL buttons
  are allowed to have an example");
- `template_invalid_category` (400, submissions only): the components do not fit the category: an AUTHENTICATION
  template needs exactly one button, an OTP one, and takes no HEADER, CAROUSEL or LIMITED_TIME_OFFER; OTP buttons
  belong to AUTHENTICATION templates only; a LIMITED_TIME_OFFER to MARKETING ones;
- `template_restricted_Domain_for_button_url` (409): a URL button (cards included) on `wa.me` or `whatsapp.com`.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any
from urllib.parse import urlsplit

from emulator import errors
from emulator.errors import PapiError
from emulator.whatsapp.templates.validation import variables

RESTRICTED_DOMAINS = ("wa.me", "whatsapp.com")


def _buttons(details: Mapping[str, Any] | None) -> Iterator[dict[str, Any]]:
    """Every button of the details, carousel cards included."""
    for component in (details or {}).get("components") or []:
        if component.get("type") == "BUTTONS":
            yield from component.get("buttons") or []
        elif component.get("type") == "CAROUSEL":
            for card in component.get("cards") or []:
                for inner in card.get("components") or []:
                    if inner.get("type") == "BUTTONS":
                        yield from inner.get("buttons") or []


def _host(url: str) -> str:
    candidate = url if "://" in url else "https://" + url
    try:
        return (urlsplit(candidate).hostname or "").lower()
    except ValueError:
        return ""


def content_error(details: Mapping[str, Any] | None) -> PapiError | None:
    """The 400 for a static URL button with an example (any status)."""
    for button in _buttons(details):
        if button.get("type") == "URL" and "example" in button and not variables(button.get("url")):
            return errors.template_invalid_button_example()
    return None


def category_error(category: str, details: Mapping[str, Any] | None) -> PapiError | None:
    """The 400 for components that do not fit the category (submissions only)."""
    components = (details or {}).get("components") or []
    types = {c.get("type") for c in components}
    buttons = [b.get("type") for c in components if c.get("type") == "BUTTONS" for b in c.get("buttons") or []]
    if category == "AUTHENTICATION":
        if buttons != ["OTP"] or types & {"HEADER", "CAROUSEL", "LIMITED_TIME_OFFER"}:
            return errors.template_invalid_category()
    elif "OTP" in buttons:
        return errors.template_invalid_category()
    if "LIMITED_TIME_OFFER" in types and category != "MARKETING":
        return errors.template_invalid_category()
    return None


def domain_error(details: Mapping[str, Any] | None) -> PapiError | None:
    """The 409 for a URL button on a restricted domain (any status)."""
    for button in _buttons(details):
        if button.get("type") != "URL" or not isinstance(button.get("url"), str):
            continue
        host = _host(button["url"])
        if any(host == d or host.endswith("." + d) for d in RESTRICTED_DOMAINS):
            return errors.template_restricted_domain_for_button_url()
    return None
