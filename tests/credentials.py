"""Which attribute names are credentials, and walkers that find every attribute of a served schema.

The rule (``is_credential``), applied to an attribute's own name, wherever it appears (provider, resources,
data sources, inside nested attributes, nested blocks and object types):

- the name contains ``token``, ``secret``, ``password``, ``passwd``, ``passphrase`` or ``credential``
  (``bearer_token``, ``key_secret``, ``client_secret``, ``access_token``);
- or it ends in ``_key`` or is ``key`` (``api_key``, ``private_key``; ``key_id`` is an identifier, not a key);
- or it ends in ``_code``, is ``code``, or has the word ``otp`` or ``pin`` (``verification_code``,
  ``authentication_code``: one-time codes are credentials);
- unless it is in ``NOT_CREDENTIALS``, the explicit list of names that match but hold no secret.

A credential must be ``sensitive: true`` itself. A field inside a Terraform *type* (``list(object({...}))``)
cannot carry its own flag: it counts as sensitive only when the attribute holding it is.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

_PARTS = re.compile(r"token|secret|password|passwd|passphrase|credential")
_KEY = re.compile(r"(^|_)key$")
_CODE = re.compile(r"(^|_)code$|(^|_)(otp|pin)(_|$)")

#: Names the rule matches that are not credentials, with the reason.
NOT_CREDENTIALS: dict[str, str] = {
    "country_code": "a phone number's country calling code (`48`)",
    "error_code": "Sinch's machine-readable reason why a sender or a change failed",
    "otp_type": "the kind of a template's one-time-password button (`COPY_CODE`, `ONE_TAP`), not a code",
    "rejection_code": "Meta's machine-readable reason for rejecting a template (`INCORRECT_CATEGORY`)",
    "category_code": "a KakaoTalk template's category (`999999`)",
    "parent_code": "the code of a KakaoTalk sender category's parent",
    "top_level_category_code": "a KakaoTalk sender's top-level category (`019`)",
    "mid_level_category_code": "a KakaoTalk sender's mid-level category (`0006`)",
    "sub_level_category_code": "a KakaoTalk sender's sub-level category (`0001`)",
    "address_postal_code": "a company's postal code (the RCS US questionnaire)",
}

#: Attributes named plain ``code`` (a credential name elsewhere: a verification code) that hold no secret.
NOT_CREDENTIAL_PATHS: dict[str, str] = {
    "data.sinch_kakaotalk_sender_categories.categories[*].code": "a sender category's code path (`019/0006/0001`)",
    "data.sinch_kakaotalk_template_categories.categories[*].subcategories[*].code": "a template subcategory's code",
    "data.sinch_kakaotalk_templates.templates[*].code": "a KakaoTalk template's identifier in the API's paths",
}


#: Credentials the walk must find (proof that it reaches provider, resource, data source and nested attributes).
KNOWN_CREDENTIALS = frozenset(
    {
        "provider.key_secret",
        "sinch_webhook.secret",
        "sinch_whatsapp_sender.authentication_code",
        "sinch_whatsapp_sender.verification_code",
        "sinch_whatsapp_sender.bearer_token",
        "data.sinch_whatsapp_sender.bearer_token",
        "data.sinch_whatsapp_senders.senders[*].bearer_token",
        "sinch_rcs_sender.auth_token",
        "data.sinch_rcs_senders.senders[*].auth_token",
    }
)


def is_credential(name: str) -> bool:
    if name in NOT_CREDENTIALS:
        return False
    return bool(_PARTS.search(name) or _KEY.search(name) or _CODE.search(name))


@dataclass(frozen=True)
class Leaf:
    """One attribute (or one field of an object type) and whether Terraform treats its value as sensitive."""

    path: str
    name: str
    sensitive: bool
    #: "attribute" (a schema attribute, nested ones included) or "field" (a field of an object type)
    kind: str = "attribute"


def violations(leaves: Iterable[Leaf]) -> list[str]:
    return sorted(
        leaf.path
        for leaf in leaves
        if is_credential(leaf.name) and not leaf.sensitive and leaf.path not in NOT_CREDENTIAL_PATHS
    )


# ------------------------------------------------------------------ `terraform providers schema -json`


def walk_providers_schema(document: Mapping[str, Any]) -> Iterator[Leaf]:
    """Every attribute of every provider, resource and data source in ``terraform providers schema -json``."""
    for provider in document["provider_schemas"].values():
        yield from walk_block(provider["provider"]["block"], "provider")
        for type_name, schema in (provider.get("resource_schemas") or {}).items():
            yield from walk_block(schema["block"], type_name)
        for type_name, schema in (provider.get("data_source_schemas") or {}).items():
            yield from walk_block(schema["block"], f"data.{type_name}")


def walk_block(block: Mapping[str, Any], path: str) -> Iterator[Leaf]:
    for name, attribute in (block.get("attributes") or {}).items():
        yield from walk_attribute(name, attribute, f"{path}.{name}")
    for name, nested in (block.get("block_types") or {}).items():
        step = "" if nested.get("nesting_mode") in ("single", "group") else "[*]"
        yield from walk_block(nested["block"], f"{path}.{name}{step}")


def walk_attribute(name: str, attribute: Mapping[str, Any], path: str) -> Iterator[Leaf]:
    sensitive = bool(attribute.get("sensitive"))
    yield Leaf(path, name, sensitive)
    nested = attribute.get("nested_type")
    if nested is not None:
        step = "" if nested.get("nesting_mode") == "single" else "[*]"
        for inner, inner_attribute in (nested.get("attributes") or {}).items():
            yield from walk_attribute(inner, inner_attribute, f"{path}{step}.{inner}")
    if "type" in attribute:
        yield from walk_type(attribute["type"], path, sensitive)


def walk_type(type_json: Any, path: str, sensitive: bool) -> Iterator[Leaf]:
    """The fields of the object types inside a cty type (JSON form): they share their attribute's flag."""
    if not isinstance(type_json, list):
        return
    kind, argument = type_json[0], type_json[1]
    if kind in ("list", "set", "map"):
        yield from walk_type(argument, f"{path}[*]", sensitive)
    elif kind == "object":
        for name, inner in argument.items():
            yield Leaf(f"{path}.{name}", name, sensitive, kind="field")
            yield from walk_type(inner, f"{path}.{name}", sensitive)
    elif kind == "tuple":
        for index, inner in enumerate(argument):
            yield from walk_type(inner, f"{path}[{index}]", sensitive)


# ------------------------------------------------------------------ the same shape from GetProviderSchema


def block_json(block: Any) -> dict[str, Any]:
    """A protobuf ``Schema.Block`` in the shape ``terraform providers schema -json`` prints."""
    nesting = {1: "single", 2: "list", 3: "set", 4: "map", 5: "group"}
    return {
        "attributes": {a.name: attribute_json(a) for a in block.attributes},
        "block_types": {
            b.type_name: {"nesting_mode": nesting.get(b.nesting, "invalid"), "block": block_json(b.block)}
            for b in block.block_types
        },
    }


def attribute_json(attribute: Any) -> dict[str, Any]:
    found: dict[str, Any] = {
        flag: True for flag in ("required", "optional", "computed", "sensitive") if getattr(attribute, flag)
    }
    if attribute.type:
        found["type"] = json.loads(attribute.type)
    if attribute.HasField("nested_type"):
        nesting = {1: "single", 2: "list", 3: "set", 4: "map"}
        found["nested_type"] = {
            "attributes": {a.name: attribute_json(a) for a in attribute.nested_type.attributes},
            "nesting_mode": nesting.get(attribute.nested_type.nesting, "invalid"),
        }
    return found


def providers_schema_from_pb(response: Any, address: str = "registry.terraform.io/sinch/sinch") -> dict[str, Any]:
    """A ``GetProviderSchema`` response as ``terraform providers schema -json`` would print it."""
    return {
        "provider_schemas": {
            address: {
                "provider": {"block": block_json(response.provider.block)},
                "resource_schemas": {n: {"block": block_json(s.block)} for n, s in response.resource_schemas.items()},
                "data_source_schemas": {
                    n: {"block": block_json(s.block)} for n, s in response.data_source_schemas.items()
                },
            }
        }
    }
