"""Every credential is sensitive: the name rule of tests/credentials.py over the declarations and the schema
GetProviderSchema serves (tests/acceptance/test_sensitive_schema.py runs it over `terraform providers schema`)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator

import pytest
from tf import types as tftypes
from tf.gen import tfplugin_pb2 as pb

from provider import timeouts
from provider.provider import SETTINGS
from provider.schema import Attr, Nesting, Object
from provider.servicer import SinchServicer
from resources.catalog import DATA_SOURCES, RESOURCES
from resources.main import build_provider
from tests.credentials import (
    KNOWN_CREDENTIALS,
    NOT_CREDENTIAL_PATHS,
    NOT_CREDENTIALS,
    Leaf,
    attribute_json,
    is_credential,
    providers_schema_from_pb,
    violations,
    walk_attribute,
    walk_providers_schema,
    walk_type,
)


@pytest.mark.parametrize(
    "name",
    [
        "bearer_token", "access_token", "token", "secret", "key_secret", "client_secret", "webhook_secret",
        "password", "db_passwd", "passphrase", "credentials", "api_key", "private_key", "key",
        "verification_code", "authentication_code", "auth_code", "code", "otp", "otp_value", "pin",
    ],
)  # fmt: skip
def test_credential_names(name: str) -> None:
    assert is_credential(name)


@pytest.mark.parametrize(
    "name",
    [
        "country_code", "error_code", "key_id", "id", "target", "triggers", "phone_number", "display_name",
        "conversation_api_app_id", "pending_change_status", "business_manager", "keys", "spinner", "codec",
    ],
)  # fmt: skip
def test_names_that_are_not_credentials(name: str) -> None:
    assert not is_credential(name)


# ----------------------------------------------------------------------------------------------
# The declarations
# ----------------------------------------------------------------------------------------------


def walk_declarations(attrs: Iterable[Attr], path: str) -> Iterator[Leaf]:
    for attr in attrs:
        here = f"{path}.{attr.name}"
        yield Leaf(here, attr.name, attr.sensitive)
        if attr.nested is not None:
            step = "" if attr.nested.nesting is Nesting.SINGLE else "[*]"
            yield from walk_declarations(attr.nested.attributes, f"{here}{step}")
        else:
            yield from walk_type(json.loads(attr.tf_type.tf_type()), here, attr.sensitive)


def declared() -> list[Leaf]:
    leaves = list(walk_declarations((attr for attr, _ in SETTINGS), "provider"))
    for cls in RESOURCES:
        leaves += walk_declarations(cls.attributes, cls.type_name())
        if cls.review is not None:  # the `timeouts` block of resources that wait
            leaves += walk_declarations(timeouts.ATTRIBUTES, f"{cls.type_name()}.timeouts")
    for cls in DATA_SOURCES:
        leaves += walk_declarations(cls.attributes, f"data.{cls.type_name()}")
    return leaves


def test_every_declared_credential_is_sensitive() -> None:
    leaves = declared()
    assert violations(leaves) == []
    assert {leaf.path for leaf in leaves if is_credential(leaf.name)} >= KNOWN_CREDENTIALS
    assert [leaf.path for leaf in leaves if leaf.kind == "field"] == []  # lists of objects are nested attributes


def test_every_allow_listed_name_is_in_the_schema() -> None:
    """An allow-list entry nothing uses any more is one that could hide a future credential: remove it."""
    assert set(NOT_CREDENTIALS) <= {leaf.name for leaf in declared()}
    assert set(NOT_CREDENTIAL_PATHS) <= {leaf.path for leaf in declared()}


# ----------------------------------------------------------------------------------------------
# The schema the provider serves
# ----------------------------------------------------------------------------------------------


def test_served_schema_marks_every_credential_sensitive() -> None:
    response = SinchServicer(build_provider()).GetProviderSchema(pb.GetProviderSchema.Request(), None)
    leaves = list(walk_providers_schema(providers_schema_from_pb(response)))
    assert violations(leaves) == []
    assert {leaf.path for leaf in leaves if is_credential(leaf.name)} >= KNOWN_CREDENTIALS
    assert {leaf.path for leaf in leaves} == {leaf.path for leaf in declared()}


# ----------------------------------------------------------------------------------------------
# The walker itself: it finds credentials everywhere Terraform could show them
# ----------------------------------------------------------------------------------------------


def test_the_old_list_of_objects_type_is_caught() -> None:
    """The defect this guards against: a credential inside a ``list(object)`` type cannot be marked."""
    senders = Attr(
        "senders",
        tftypes.List(Object({"id": tftypes.String(), "bearer_token": tftypes.String()})),
        "The senders.",
        computed=True,
    )
    leaves = list(walk_attribute("senders", attribute_json(senders.to_tf().to_pb()), "data.x.senders"))
    assert violations(leaves) == ["data.x.senders[*].bearer_token"]


def test_the_walker_reaches_nested_attributes_blocks_and_object_types() -> None:
    document = {
        "provider_schemas": {
            "registry.terraform.io/x/x": {
                "provider": {"block": {"attributes": {"password": {"type": "string", "optional": True}}}},
                "resource_schemas": {
                    "x_thing": {
                        "block": {
                            "attributes": {
                                "items": {
                                    "nested_type": {
                                        "nesting_mode": "list",
                                        "attributes": {
                                            "id": {"type": "string", "computed": True},
                                            "auth_code": {"type": "string", "computed": True},
                                            "safe_code": {"type": "string", "computed": True, "sensitive": True},
                                        },
                                    },
                                    "computed": True,
                                },
                                "hidden": {
                                    "type": ["map", ["object", {"token": "string"}]],
                                    "computed": True,
                                    "sensitive": True,
                                },
                            },
                            "block_types": {
                                "login": {
                                    "nesting_mode": "single",
                                    "block": {"attributes": {"client_secret": {"type": "string"}}},
                                },
                                "rules": {
                                    "nesting_mode": "set",
                                    "block": {
                                        "attributes": {
                                            "extra": {"type": ["tuple", ["string", ["object", {"api_key": "string"}]]]}
                                        }
                                    },
                                },
                            },
                        }
                    }
                },
                "data_source_schemas": {"x_things": {"block": {"attributes": {"error_code": {"type": "string"}}}}},
            }
        }
    }
    assert violations(walk_providers_schema(document)) == [
        "provider.password",
        "x_thing.items[*].auth_code",
        "x_thing.login.client_secret",
        "x_thing.rules[*].extra[1].api_key",
    ]
