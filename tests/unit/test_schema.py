"""provider/schema.py: Terraform types from annotations, validation messages, the state <-> API JSON mapping."""

from __future__ import annotations

import enum
import json
import typing
from typing import Annotated, Literal

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import Field
from tf import types as tftypes
from tf.types import Unknown

from provider.schema import (
    Attr,
    Number,
    Object,
    build_schema,
    decode_config,
    from_api,
    list_of_objects,
    number_text,
    tf_type_for,
    to_api,
    validate_config,
)
from resources.webhook import Webhook, Webhooks, WebhookTrigger

ALL_TRIGGERS = typing.get_args(WebhookTrigger)


def webhook_attr(name: str) -> Attr:
    return Webhook.attr(name)


# ----------------------------------------------------------------------------------------------
# tf_type_for
# ----------------------------------------------------------------------------------------------


class Colour(enum.Enum):
    RED = "red"


@pytest.mark.parametrize(
    ("annotation", "expected_class", "expected_bytes"),
    [
        (str, tftypes.String, b'"string"'),
        (int, Number, b'"number"'),
        (float, Number, b'"number"'),
        (bool, tftypes.Bool, b'"bool"'),
        (Literal["a", "b"], tftypes.String, b'"string"'),
        (Colour, tftypes.String, b'"string"'),
        (set[str], tftypes.Set, b'["set","string"]'),
        (frozenset[int], tftypes.Set, b'["set","number"]'),
        (list[int], tftypes.List, b'["list","number"]'),
        (dict[str, bool], tftypes.Map, b'["map","bool"]'),
        (list[set[str]], tftypes.List, b'["list",["set","string"]]'),
        (Annotated[str, "meta"], tftypes.String, b'"string"'),
        (Annotated[set[Literal["X", "Y"]], Field(min_length=1)], tftypes.Set, b'["set","string"]'),
        (Annotated[Annotated[int, "inner"], "outer"], Number, b'"number"'),
    ],
)
def test_tf_type_for(annotation: object, expected_class: type, expected_bytes: bytes) -> None:
    tf_type = tf_type_for(annotation)
    assert type(tf_type) is expected_class
    assert tf_type.tf_type() == expected_bytes


@pytest.mark.parametrize("annotation", [bytes, tuple[str, int], complex, None])
def test_tf_type_for_refuses_what_terraform_cannot_hold(annotation: object) -> None:
    with pytest.raises(TypeError, match="no Terraform type"):
        tf_type_for(annotation)


def test_list_of_objects_type() -> None:
    item_attrs = (
        Attr("id", str, "id", computed=True),
        Attr("count", int, "count", optional=True),
        Attr("tags", set[str], "tags", optional=True),
    )
    tf_type = list_of_objects(item_attrs)
    expected = b'["list",["object",{"id":"string","count":"number","tags":["set","string"]}]]'
    assert tf_type.tf_type() == expected
    assert json.loads(tf_type.tf_type()) == [
        "list",
        ["object", {"id": "string", "count": "number", "tags": ["set", "string"]}],
    ]
    # An already-built tf type passes through tf_type_for unchanged (data source attributes use this).
    assert tf_type_for(tf_type) is tf_type
    assert tf_type_for(Annotated[tf_type, "doc"]) is tf_type


def test_webhooks_data_source_attribute_type() -> None:
    webhooks = next(a for a in Webhooks.attributes if a.name == "webhooks")
    assert webhooks.tf_type.tf_type() == (
        b'["list",["object",{"id":"string","project_id":"string","target":"string","triggers":["set","string"]}]]'
    )


def test_object_encode_decode_fills_missing_keys_with_null() -> None:
    obj = Object({"a": tftypes.String(), "n": tftypes.Number()})
    assert obj.encode({"a": "x"}) == {"a": "x", "n": None}
    assert obj.decode({"n": 3, "extra": "dropped"}) == {"a": None, "n": 3}
    assert obj.encode(None) is None
    assert obj.decode(Unknown) is Unknown


# ----------------------------------------------------------------------------------------------
# Attr declarations and validation
# ----------------------------------------------------------------------------------------------


def test_attr_declaration_rules() -> None:
    with pytest.raises(ValueError, match="x: one of required/optional/computed"):
        Attr("x", str, "x")
    with pytest.raises(ValueError, match="y: required excludes optional and computed"):
        Attr("y", str, "y", required=True, computed=True)
    assert Attr("display_name", str, "d", optional=True).api == "displayName"
    assert Attr("kind", str, "d", optional=True, api=None).api is None


@pytest.mark.parametrize(
    ("value", "fragment"),
    [
        ("", "secret must not be empty"),
        ("x" * 129, "secret must be at most 128 characters"),
    ],
)
def test_secret_length_messages_name_the_attribute(value: str, fragment: str) -> None:
    problems = webhook_attr("secret").validate(value)
    assert len(problems) == 1
    path, message = problems[0]
    assert path == ["secret"]
    assert message.startswith("secret")
    assert fragment in message


@pytest.mark.parametrize("length", [1, 128])
def test_secret_length_bounds_are_inclusive(length: int) -> None:
    assert webhook_attr("secret").validate("s" * length) == []


def test_target_not_a_url() -> None:
    assert webhook_attr("target").validate("not-a-url") == [
        (["target"], "target must be an absolute http:// or https:// URL")
    ]


def test_target_with_spaces() -> None:
    assert webhook_attr("target").validate("https://my server.com/x") == [
        (["target"], "target must be a URL without spaces")
    ]


def test_target_length_limit_is_742() -> None:
    base = "https://example.com/"
    ok = base + "a" * (742 - len(base))
    too_long = ok + "a"
    assert len(too_long) == 743
    assert webhook_attr("target").validate(ok) == []
    problems = webhook_attr("target").validate(too_long)
    assert len(problems) == 1
    assert problems[0][0] == ["target"]
    assert problems[0][1].startswith("target")
    assert "at most 742 characters" in problems[0][1]


def test_target_localhost_rejected() -> None:
    problems = webhook_attr("target").validate("http://localhost:8080/hook")
    assert len(problems) == 1
    path, message = problems[0]
    assert path == ["target"]
    assert message.startswith("target must be a URL whose host is an IP address or a fully qualified domain name")
    assert "localhost" in message


def test_unknown_trigger_is_named() -> None:
    problems = webhook_attr("triggers").validate(["ALL", "NOT_A_TRIGGER"])
    assert len(problems) == 1
    path, message = problems[0]
    assert path == ["triggers"]
    assert message == (
        "each element of triggers must be one of the 39 values the documentation lists, not 'NOT_A_TRIGGER'"
    )


def test_empty_trigger_set_rejected() -> None:
    problems = webhook_attr("triggers").validate([])
    assert len(problems) == 1
    assert problems[0][0] == ["triggers"]
    assert problems[0][1] == "triggers must have at least 1 item"


def test_valid_webhook_values_pass() -> None:
    assert webhook_attr("target").validate("https://example.com/hook") == []
    assert webhook_attr("triggers").validate(["ALL", "BUNDLE_DONE"]) == []
    assert webhook_attr("id").validate("abc-123") == []


def test_wrong_scalar_type_is_refused_strictly() -> None:
    # Strict mode: Terraform hands over exactly typed values, so a number is not a string.
    problems = webhook_attr("secret").validate(5)
    assert problems == [(["secret"], "secret must be a string")]  # sensitive: the value is not quoted


@pytest.mark.parametrize("name", ["target", "secret", "triggers", "project_id"])
def test_unknown_whole_value_is_skipped(name: str) -> None:
    assert webhook_attr(name).validate(Unknown) == []
    assert webhook_attr(name).validate(None) == []


def test_set_with_unknown_reports_only_the_bad_known_element() -> None:
    attr = webhook_attr("triggers")
    # Without the unknown, the same value has one bad element.
    assert len(attr.validate(["ALL", "NOT_A_TRIGGER"])) == 1
    problems = attr.validate([Unknown, "NOT_A_TRIGGER", "ALL"])
    assert len(problems) == 1
    path, message = problems[0]
    assert path == ["triggers"]
    assert message.startswith("each element of triggers must be one of the 39 ")
    assert message.endswith(", not 'NOT_A_TRIGGER'")
    # Only good known elements next to the unknown: nothing to report (the min_length rule waits for apply).
    assert attr.validate([Unknown, "ALL"]) == []
    assert attr.validate([Unknown]) == []


def test_set_with_unknown_reports_each_bad_known_element() -> None:
    problems = webhook_attr("triggers").validate(["BAD_ONE", Unknown, "BAD_TWO"])
    assert len(problems) == 2
    assert all(path == ["triggers"] for path, _ in problems)


def test_validate_config_refuses_computed_only_attributes() -> None:
    config = {
        "id": "abc",
        "project_id": "p1",
        "target": "https://example.com/hook",
        "secret": "s",
        "triggers": ["ALL"],
    }
    assert validate_config(Webhook.attributes, config) == [
        (["id"], "id is read-only: it is set by the API and cannot be configured")
    ]
    # Optional+computed project_id may be configured; a null id is fine.
    assert validate_config(Webhook.attributes, {**config, "id": None}) == []


def test_validate_config_collects_every_problem_with_paths() -> None:
    config = {"id": None, "project_id": "a/b", "target": "ftp://x", "secret": "", "triggers": []}
    problems = validate_config(Webhook.attributes, config)
    assert [path for path, _ in problems] == [["project_id"], ["target"], ["secret"], ["triggers"]]
    assert problems[0][1] == "project_id must not contain '/'"


def test_read_only_data_source_list_is_refused_in_config() -> None:
    problems = validate_config(Webhooks.attributes, {"project_id": None, "webhooks": []})
    assert problems == [(["webhooks"], "webhooks is read-only: it is set by the API and cannot be configured")]


def test_full_description_and_tf_schema_flags() -> None:
    schema = build_schema(Webhook.attributes, 1, "d")
    by_name = {a.name: a for a in schema.attributes}
    assert by_name["secret"].sensitive
    assert by_name["project_id"].requires_replace
    assert by_name["id"].computed and not by_name["id"].optional
    assert "Allowed values: `ALL`, `BUNDLE_DONE`" in by_name["triggers"].description
    assert "Defaults to the provider's `project_id`." in by_name["project_id"].description
    assert "Changing this replaces the resource." in by_name["project_id"].description
    assert "The API never returns this value" in by_name["secret"].description


# ----------------------------------------------------------------------------------------------
# to_api / from_api
# ----------------------------------------------------------------------------------------------

NESTED = (
    Attr("id", str, "id", computed=True),
    Attr("name", str, "name", required=True),
    Attr("display_name", str, "shown name", optional=True, api="details.displayName"),
    Attr("about", str, "about", optional=True, api="details.profile.about"),
    Attr("count", int, "count", optional=True),
    Attr("tags", set[str], "tags", optional=True),
    Attr("order", list[str], "order", optional=True),
    Attr("token", str, "write-only", optional=True, sensitive=True, returned=False),
    Attr("region", str, "path parameter", optional=True, api=None),
)


def test_to_api_builds_nested_camel_case_body() -> None:
    state = {
        "id": "server-side",
        "name": "n",
        "display_name": "Shown",
        "about": "All about it",
        "count": 3,
        "tags": ["b", "c", "a"],
        "order": ["z", "y"],
        "token": "t0k",
        "region": "eu",
    }
    assert to_api(NESTED, state) == {
        "name": "n",
        "details": {"displayName": "Shown", "profile": {"about": "All about it"}},
        "count": 3,
        "tags": ["a", "b", "c"],  # sets are sent sorted
        "order": ["z", "y"],  # lists keep their order
        "token": "t0k",
    }


def test_to_api_skips_null_and_unknown_and_honours_include() -> None:
    state = {"name": "n", "display_name": Unknown, "about": None, "count": 0, "tags": Unknown, "token": "t"}
    assert to_api(NESTED, state) == {"name": "n", "count": 0, "token": "t"}
    assert to_api(NESTED, {"name": "n", "count": 2, "display_name": "D"}, include=["display_name"]) == {
        "details": {"displayName": "D"}
    }


def test_from_api_reads_nested_paths_prior_and_extra() -> None:
    body = {
        "id": "abc",
        "name": "n",
        "details": {"displayName": "Shown", "profile": {"about": "x"}},
        "count": "5",  # some APIs send int64 as strings
        "tags": ["a", "b"],
        "token": "never trusted",  # returned=False: state keeps the prior value regardless
    }
    prior = {"token": "from-config", "region": "from-prior", "name": "old"}
    state = from_api(NESTED, body, prior=prior)
    assert state == {
        "id": "abc",
        "name": "n",
        "display_name": "Shown",
        "about": "x",
        "count": 5,
        "tags": ["a", "b"],
        "order": None,
        "token": "from-config",
        "region": "from-prior",
    }
    # extra beats both body and prior
    state = from_api(NESTED, body, prior=prior, extra={"region": "eu", "name": "forced"})
    assert state["region"] == "eu"
    assert state["name"] == "forced"


def test_from_api_missing_or_malformed_nested_paths_give_null() -> None:
    state = from_api(NESTED, {"name": "n", "details": "not-an-object"})
    assert state["display_name"] is None
    assert state["about"] is None
    state = from_api(NESTED, {"name": "n", "details": {"profile": None}})
    assert state["about"] is None


def test_from_api_number_strings() -> None:
    attrs = (Attr("ratio", float, "r", optional=True),)
    assert from_api(attrs, {"ratio": "0.25"}) == {"ratio": 0.25}
    assert from_api(attrs, {"ratio": 2}) == {"ratio": 2}


def test_from_api_unknown_prior_of_unreturned_value_becomes_null() -> None:
    state = from_api(NESTED, {"name": "n"}, prior={"token": Unknown, "region": Unknown})
    assert state["token"] is None
    assert state["region"] is None


def test_round_trip_with_dotted_paths() -> None:
    state = {
        "id": "abc",
        "name": "n",
        "display_name": "Shown",
        "about": "x",
        "count": 7,
        "tags": ["a", "b"],
        "order": ["2", "1"],
        "token": "t",
        "region": "eu",
    }
    body = {**to_api(NESTED, state), "id": "abc"}
    assert from_api(NESTED, body, prior=state) == state


TEXT = st.text(max_size=60)


@given(
    id_=TEXT,
    project_id=TEXT,
    target=TEXT,
    secret=TEXT,
    triggers=st.sets(st.sampled_from(ALL_TRIGGERS)),
)
def test_webhook_round_trip_property(id_: str, project_id: str, target: str, secret: str, triggers: set[str]) -> None:
    state = {
        "id": id_,
        "project_id": project_id,
        "target": target,
        "secret": secret,
        "triggers": list(triggers),
    }
    body = to_api(Webhook.attributes, state)
    # What the request carries: the API fields only (no id, no project_id: they live in the URL).
    assert set(body) == {"target", "secret", "triggers"}
    assert body["triggers"] == sorted(triggers)
    # The API echoes the body and adds its id; the secret it never returns.
    answer = {"id": id_, "target": body["target"], "triggers": body["triggers"]}
    back = from_api(Webhook.attributes, answer, prior=state)
    assert back["triggers"] == sorted(triggers)
    assert webhook_attr("triggers").tf_type.semantically_equal(back["triggers"], state["triggers"])
    assert {**back, "triggers": state["triggers"]} == state
    # Fed its own request body, from_api loses only the server-assigned id.
    echoed = from_api(Webhook.attributes, body, prior=state)
    assert {**echoed, "id": id_, "triggers": state["triggers"]} == state
    assert echoed["id"] is None


# ----------------------------------------------------------------------------------------------
# Numbers travel as decimal text; configurations are decoded before validation
# ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (80, "80"),
        (-3, "-3"),
        (0, "0"),
        (80.0, "80"),
        (2.5, "2.5"),
        (0.1, "0.1"),
        (-0.0, "0"),
        (1e-7, "0.0000001"),
        (1e20, "100000000000000000000"),
        (123456789.125, "123456789.125"),
        (2**70, str(2**70)),
    ],
)
def test_numbers_are_encoded_as_terraform_writes_them_in_state(value: float, text: str) -> None:
    """Go's big.Float.Text('f', -1) of the number: what Terraform writes in state, and parses back."""
    assert number_text(value) == text
    assert Number().encode(value) == text
    assert Number().decode(text) == value


@pytest.mark.parametrize("value", [None, Unknown, "2.2"])
def test_number_encoding_leaves_null_unknown_and_text(value: object) -> None:
    assert Number().encode(value) is value


@pytest.mark.parametrize(("text", "value"), [("2.2", 2.2), ("80", 80), ("-1", -1), ("1e3", 1000.0)])
def test_numbers_terraform_sends_as_text_are_decoded(text: str, value: float) -> None:
    # Terraform sends a number as text when it is not exactly an int64 or a float64 (2.2 in a configuration).
    decoded = Number().decode(text)
    assert decoded == value and type(decoded) is type(value)
    assert Number().decode(80) == 80 and Number().decode(Unknown) is Unknown and Number().decode(None) is None


@pytest.mark.parametrize("value", [float("inf"), float("nan"), True, "x"])
def test_number_text_rejects_what_terraform_cannot_hold(value: object) -> None:
    with pytest.raises((ValueError, TypeError)):
        number_text(value)  # type: ignore[arg-type]


def test_decode_config_decodes_numbers_in_attributes_and_collections() -> None:
    attrs = [
        Attr("timeout", float, "t", optional=True),
        Attr("sizes", list[int], "s", optional=True),
        Attr("name", str, "n", optional=True),
    ]
    raw = {"timeout": "2.2", "sizes": ["1", 2, Unknown], "name": "2.2", "other": "x"}
    assert decode_config(attrs, raw) == {"timeout": 2.2, "sizes": [1, 2, Unknown], "name": "2.2", "other": "x"}
    assert decode_config(attrs, {"timeout": Unknown, "sizes": None}) == {"timeout": Unknown, "sizes": None}


def test_a_number_sent_as_text_validates_once_decoded() -> None:
    timeout = Attr("request_timeout", Annotated[float, Field(gt=0, le=600)], "t", optional=True)
    assert timeout.validate("2.2") != []  # the raw text is not a number to pydantic
    assert validate_config([timeout], decode_config([timeout], {"request_timeout": "2.2"})) == []


def test_a_list_size_is_checked_when_only_some_elements_are_unknown() -> None:
    websites = Attr("websites", Annotated[list[str], Field(max_length=2)], "w", optional=True)
    assert websites.validate(["https://a.example.com", Unknown, Unknown]) == [
        (["websites"], "websites must have at most 2 items, not 3")
    ]
    assert websites.validate(["https://a.example.com", Unknown]) == []
    at_least = Attr("names", Annotated[dict[str, str], Field(min_length=2)], "n", optional=True)
    assert at_least.validate({"a": Unknown}) == [(["names"], "names must have at least 2 items, not 1")]


def test_a_set_size_is_not_judged_while_elements_are_unknown() -> None:
    # two unknown elements may turn out equal: a set of at most 1 could still be fine
    one = Attr("one", Annotated[set[str], Field(max_length=1)], "o", optional=True)
    assert one.validate([Unknown, Unknown]) == []


def test_an_unknown_read_only_value_is_not_judged() -> None:
    computed = Attr("state", str, "s", computed=True)
    assert validate_config([computed], {"state": Unknown}) == []
    assert validate_config([computed], {"state": "x"}) == [
        (["state"], "state is read-only: it is set by the API and cannot be configured")
    ]
