"""Every enum the provider accepts or reports is one of Sinch's OpenAPI description, value for value, so the
two cannot drift: when Sinch adds a trigger, a vertical or a state, this fails until the provider has it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from provider.provider import _ATTRS as PROVIDER_ATTRS
from provider.schema import Attr, allowed_values
from resources.catalog import DATA_SOURCES, RESOURCES
from tests.emulator import openapi_conformance

#: Terraform-side settings: what Terraform waits for, not values of the API ("NONE": do not wait).
TERRAFORM_ONLY = {"wait_for_state"}
#: Attributes that choose the kind of a nested object (a button's `type`, a header's `format`): the description
#: gives each kind its own schema, whose one-value enum (or const) names it.
DISCRIMINATORS = {"type", "format", "bid_strategy"}
#: Provider settings that are not API values.
PROVIDER_ONLY = {"auth"}


def spec_enums() -> tuple[set[frozenset[str]], set[str]]:
    """Every enum of the description, and the set of its discriminator values (one-value enums and consts: the
    description gives each kind of button or header its own schema)."""
    spec = openapi_conformance.load_spec()
    if spec is None:
        openapi_conformance.spec_missing("or PyYAML")
    found: set[frozenset[str]] = set()
    kinds: set[str] = set()

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if isinstance(node.get("enum"), list):
                found.add(frozenset(str(v) for v in node["enum"]))
                if len(node["enum"]) == 1:
                    kinds.add(str(node["enum"][0]))
            if "const" in node:
                kinds.add(str(node["const"]))
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(spec)
    return found, kinds


def enum_attributes() -> Iterator[tuple[str, Attr, frozenset[str]]]:
    for cls in (*RESOURCES, *DATA_SOURCES):
        stack = list(cls.attributes)
        while stack:
            attr = stack.pop()
            if attr.nested is not None:
                stack += attr.nested.attributes
            values = allowed_values(attr.type)
            if values and attr.name not in TERRAFORM_ONLY:
                yield f"{cls.type_name()}.{attr.name}", attr, frozenset(values)


CASES = list(enum_attributes())


def test_every_enum_attribute_is_found() -> None:
    names = {name for name, _, _ in CASES}
    assert {"sinch_webhook.triggers", "sinch_whatsapp_sender.vertical", "sinch_whatsapp_senders.state"} <= names


@pytest.mark.parametrize(("name", "attr", "values"), CASES, ids=[name for name, _, _ in CASES])
def test_enum_is_one_of_the_description(name: str, attr: Attr, values: frozenset[str]) -> None:
    enums, kinds = spec_enums()
    known = kinds.union(*enums)
    if values in enums or (attr.name in DISCRIMINATORS and values <= known):
        return
    closest = max(enums, key=lambda e: len(e & values))
    pytest.fail(
        f"{name} allows {sorted(values)}, which is no enum of the OpenAPI description; the closest one is "
        f"{sorted(closest)} (missing here: {sorted(closest - values)}, unknown there: {sorted(values - closest)})"
    )


def test_provider_settings_have_no_api_enums() -> None:
    assert {a.name for a in PROVIDER_ATTRS if allowed_values(a.type)} == PROVIDER_ONLY
