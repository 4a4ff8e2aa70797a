"""Nested attributes (provider/schema.py): served as protocol-6 ``nested_type`` from ``Attr`` declarations, with
per-field flags; values encoded through their type in resources and data sources; validation and API mapping."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from tf import iface
from tf.gen import tfplugin_pb2 as pb
from tf.types import Unknown
from tf.utils import read_dynamic_value, to_dynamic_value

from provider.client import ClientSettings, SinchClient
from provider.provider import SinchProvider
from provider.resource import ApiResource, computed_copy
from provider.schema import Attr, NestedAttribute, NestedObjects, from_api, list_of_objects, to_api, validate_config
from provider.servicer import SinchServicer
from provider.types import IdSegment, http_url, text
from resources.catalog import DATA_SOURCES, RESOURCES
from resources.webhook import Webhooks
from tests.unit.conftest import API_URL, KEY_ID, KEY_SECRET, FakeSinch, reply

ITEM = (
    Attr("id", str, "Item ID.", computed=True),
    Attr("token", str, "The item's token.", computed=True, sensitive=True),
    Attr("tags", set[str], "Tags.", computed=True),
)
ITEMS = Attr("items", list_of_objects(ITEM), "The items.", computed=True)


def inner(message: Any) -> dict[str, Any]:
    return {a.name: a for a in message.nested_type.attributes}


# ----------------------------------------------------------------------------------------------
# Schema
# ----------------------------------------------------------------------------------------------


def test_a_list_of_objects_is_served_as_a_nested_attribute_with_per_field_flags() -> None:
    served = ITEMS.to_tf()
    assert isinstance(served, NestedAttribute)
    message = served.to_pb()
    assert message.type == b""  # Terraform refuses a type next to a nested type
    assert message.HasField("nested_type")
    assert message.nested_type.nesting == pb.Schema.Object.LIST
    assert message.computed and not message.optional and not message.sensitive
    assert message.description == "The items."
    fields = inner(message)
    assert list(fields) == ["id", "token", "tags"]
    assert fields["token"].sensitive and not fields["id"].sensitive and not fields["tags"].sensitive
    assert all(f.computed and not f.optional and not f.required for f in fields.values())
    assert fields["id"].description == "Item ID."
    assert json.loads(fields["tags"].type) == ["set", "string"]
    # each inner attribute is the declaration's own to_tf()
    assert fields["token"] == ITEM[1].to_tf().to_pb()


def test_nested_attributes_nest() -> None:
    code = Attr("code", str, "One-time code.", computed=True, sensitive=True)
    buttons = Attr("buttons", list_of_objects((code,)), "Buttons.", computed=True)
    kind = Attr("type", str, "Type.", computed=True)
    components = Attr("components", list_of_objects((kind, buttons)), "Components.", computed=True)
    message = components.to_tf().to_pb()
    button = inner(message)["buttons"]
    assert button.type == b"" and button.nested_type.nesting == pb.Schema.Object.LIST
    assert inner(button)["code"].sensitive
    assert (
        components.tf_type.tf_type()
        == b'["list",["object",{"type":"string","buttons":["list",["object",{"code":"string"}]]}]]'
    )


def test_a_read_only_nested_attribute_holds_read_only_attributes() -> None:
    settable = (Attr("name", str, "Name.", required=True), Attr("id", str, "ID.", computed=True))
    with pytest.raises(ValueError, match=r"items: a read-only nested attribute holds read-only attributes.*: name"):
        Attr("items", list_of_objects(settable), "Items.", computed=True)
    with pytest.raises(ValueError, match="distinct names"):
        list_of_objects((Attr("a", str, "A.", computed=True), Attr("a", str, "A again.", computed=True)))


def test_read_only_copies_recurse_and_keep_every_sensitive_flag() -> None:
    """A resource's user-settable nested attribute, copied for a data source: read-only all the way down."""
    value = Attr("value", str, "Secret value.", required=True, sensitive=True)
    deep = Attr("secrets", list_of_objects((value,)), "Secrets.", optional=True)
    declared = Attr(
        "components",
        list_of_objects((Attr("type", str, "Type.", required=True, force_new=True), deep)),
        "Components.",
        optional=True,
        computed=True,
    )
    (copy,) = computed_copy((declared,))
    assert copy.computed_only and copy.nested is not None
    type_, secrets = copy.nested.attributes
    assert type_.computed_only and not type_.force_new and type_.description == "Type."
    assert secrets.computed_only and secrets.nested is not None
    (value_copy,) = secrets.nested.attributes
    assert value_copy.computed_only and value_copy.sensitive
    fields = inner(copy.to_tf().to_pb())
    assert inner(fields["secrets"])["value"].sensitive
    assert declared.nested is not None and declared.nested.attributes[0].required  # the original is untouched


# ----------------------------------------------------------------------------------------------
# Values
# ----------------------------------------------------------------------------------------------


def test_values_encode_and_decode_through_the_implied_type() -> None:
    kind = ITEMS.tf_type
    assert isinstance(kind, NestedObjects)
    assert kind.tf_type() == b'["list",["object",{"id":"string","token":"string","tags":["set","string"]}]]'
    # every declared key, nothing else
    assert kind.encode([{"id": "a", "extra": 1}]) == [{"id": "a", "token": None, "tags": None}]
    assert kind.decode([{"id": "a", "token": Unknown, "tags": ["x"]}]) == [{"id": "a", "token": Unknown, "tags": ["x"]}]
    assert kind.encode(None) is None and kind.decode(Unknown) is Unknown
    assert kind.semantically_equal([{"id": "a"}], [{"id": "a"}])
    assert not kind.semantically_equal([{"id": "a"}], [{"id": "b"}])


BUTTONS = Attr(
    "buttons",
    list_of_objects(
        (
            Attr("text", text(1, 25), "Button text.", required=True),
            Attr("url", http_url(), "Link.", optional=True, api="link.url"),
            Attr("id", str, "Assigned by the API.", computed=True),
        )
    ),
    "Buttons.",
    optional=True,
)


def test_validation_names_the_object_and_the_field() -> None:
    value = [
        {"text": "", "url": "ftp://x.example.com", "id": None},
        Unknown,
        {"text": "ok", "url": Unknown, "id": "set-by-user"},
    ]
    problems = BUTTONS.validate(value)
    assert [path for path, _ in problems] == [
        ["buttons", (0,), "text"],
        ["buttons", (0,), "url"],
        ["buttons", (2,), "id"],
    ]
    messages = [message for _, message in problems]
    assert messages[0] == "buttons[0].text must not be empty"
    assert messages[1].startswith("buttons[0].url must be an absolute http")
    assert messages[2] == "buttons[2].id is read-only: it is set by the API and cannot be configured"
    assert validate_config((BUTTONS,), {"buttons": [{"text": "Go", "url": None, "id": None}]}) == []
    assert BUTTONS.validate(Unknown) == [] and BUTTONS.validate(None) == []


def test_objects_map_to_and_from_api_json_through_their_declarations() -> None:
    state = {"buttons": [{"text": "Go", "url": "https://a.example.com", "id": Unknown}, {"text": "Stop"}]}
    assert to_api((BUTTONS,), state) == {
        "buttons": [{"text": "Go", "link": {"url": "https://a.example.com"}}, {"text": "Stop"}]
    }
    body = {"buttons": [{"text": "Go", "link": {"url": "https://a.example.com"}, "id": "b1"}, "junk"]}
    assert from_api((BUTTONS,), body) == {"buttons": [{"text": "Go", "url": "https://a.example.com", "id": "b1"}]}
    assert from_api((BUTTONS,), {}) == {"buttons": None}


# ----------------------------------------------------------------------------------------------
# Through the servicer: a resource (tf's state encoding) and a data source (ReadDataSource)
# ----------------------------------------------------------------------------------------------


class Vault(ApiResource):
    """A made-up resource with a read-only list of objects holding a secret."""

    name = "vault"
    description = "Test resource."
    attributes = (
        Attr("id", IdSegment, "ID.", computed=True, stable=True),
        Attr(
            "project_id",
            IdSegment,
            "Project.",
            optional=True,
            computed=True,
            stable=True,
            force_new=True,
            api=None,
            provider_default="project_id",
        ),
        Attr("label", str, "Label.", required=True),
        Attr(
            "keys",
            list_of_objects(
                (
                    Attr("name", str, "Key name.", computed=True),
                    Attr("key_secret", str, "Key secret.", computed=True, sensitive=True, read_api="secret.value"),
                )
            ),
            "Keys.",
            computed=True,
        ),
    )
    collection_path = "/v1/projects/{project_id}/vaults"
    item_path = "/v1/projects/{project_id}/vaults/{id}"
    import_id = "{project_id}/{id}"


class VaultProvider(SinchProvider):
    def get_resources(self) -> list[type[iface.Resource]]:
        return [*super().get_resources(), Vault]


@pytest.fixture
def wired() -> Iterator[tuple[SinchServicer, FakeSinch]]:
    provider = VaultProvider(RESOURCES, DATA_SOURCES)
    provider._defaults = {"project_id": "p1"}
    fake = FakeSinch()
    settings = ClientSettings(KEY_ID, KEY_SECRET, provisioning_url=API_URL, auth="basic", retry_backoff=0.01)
    provider.client = SinchClient(settings, transport=fake.transport())
    provider.not_configured_reason = None
    yield SinchServicer(provider), fake
    provider.client.close()


def errors(response: Any) -> list[Any]:
    return [d for d in response.diagnostics if d.severity == pb.Diagnostic.ERROR]


API_VAULT = {"id": "v1", "label": "main", "keys": [{"name": "k1", "secret": {"value": "hunter2"}}, {"name": "k2"}]}
STATE = {
    "id": "v1",
    "project_id": "p1",
    "label": "main",
    "keys": [{"name": "k1", "key_secret": "hunter2"}, {"name": "k2", "key_secret": None}],
}


def test_a_resource_with_a_nested_attribute_plans_applies_and_reads(wired: tuple[SinchServicer, FakeSinch]) -> None:
    servicer, fake = wired
    schema = servicer.GetProviderSchema(pb.GetProviderSchema.Request(), None).resource_schemas["sinch_vault"]
    keys = next(a for a in schema.block.attributes if a.name == "keys")
    assert inner(keys)["key_secret"].sensitive

    config = {"id": None, "project_id": None, "label": "main", "keys": None}
    planned = servicer.PlanResourceChange(
        pb.PlanResourceChange.Request(
            type_name="sinch_vault",
            prior_state=to_dynamic_value(None),
            proposed_new_state=to_dynamic_value(config),
            config=to_dynamic_value(config),
        ),
        None,
    )
    assert errors(planned) == []
    planned_state = read_dynamic_value(planned.planned_state)
    assert planned_state["keys"] is Unknown

    fake.api = [reply(201, API_VAULT)]
    applied = servicer.ApplyResourceChange(
        pb.ApplyResourceChange.Request(
            type_name="sinch_vault",
            prior_state=to_dynamic_value(None),
            planned_state=planned.planned_state,
            config=to_dynamic_value(config),
        ),
        None,
    )
    assert errors(applied) == []
    assert read_dynamic_value(applied.new_state) == STATE
    assert httpx.Response(200, content=fake.api_requests[0].content).json() == {"label": "main"}

    fake.api = [reply(200, {**API_VAULT, "keys": [{"name": "k1", "secret": {"value": "rotated"}}]})]
    read = servicer.ReadResource(
        pb.ReadResource.Request(type_name="sinch_vault", current_state=to_dynamic_value(STATE)), None
    )
    assert errors(read) == []
    assert read_dynamic_value(read.new_state)["keys"] == [{"name": "k1", "key_secret": "rotated"}]

    same = servicer.PlanResourceChange(
        pb.PlanResourceChange.Request(
            type_name="sinch_vault",
            prior_state=to_dynamic_value(STATE),
            proposed_new_state=to_dynamic_value(STATE),
            config=to_dynamic_value(config),
        ),
        None,
    )
    assert errors(same) == [] and list(same.requires_replace) == []
    assert read_dynamic_value(same.planned_state) == STATE


def test_data_source_results_are_encoded_through_the_attribute_types(
    wired: tuple[SinchServicer, FakeSinch], monkeypatch: pytest.MonkeyPatch
) -> None:
    servicer, fake = wired
    fake.api = [reply(200, {"webhooks": [{"id": "a", "target": "https://h.example.com", "triggers": ["ALL"]}]})]
    monkeypatch.setattr(Webhooks, "map_item", lambda self, item, path_values: {"id": item["id"], "stray": 1})
    response = servicer.ReadDataSource(
        pb.ReadDataSource.Request(
            type_name="sinch_webhooks", config=to_dynamic_value({"project_id": None, "webhooks": None})
        ),
        None,
    )
    assert errors(response) == []
    assert read_dynamic_value(response.state)["webhooks"] == [
        {"id": "a", "project_id": None, "target": None, "triggers": None}
    ]


def test_a_data_source_result_with_an_undeclared_attribute_is_an_error(
    wired: tuple[SinchServicer, FakeSinch], monkeypatch: pytest.MonkeyPatch
) -> None:
    servicer, fake = wired
    fake.api = [reply(200, {"webhooks": []})]
    original = Webhooks.read
    monkeypatch.setattr(Webhooks, "read", lambda self, ctx, config: {**original(self, ctx, config), "oops": 1})
    response = servicer.ReadDataSource(
        pb.ReadDataSource.Request(
            type_name="sinch_webhooks", config=to_dynamic_value({"project_id": None, "webhooks": None})
        ),
        None,
    )
    (problem,) = errors(response)
    assert "oops" in problem.detail
    assert read_dynamic_value(response.state) is None
