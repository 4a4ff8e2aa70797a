"""The nested-attribute core (provider/schema.py): single objects, lists and sets of objects, nested to any depth,
configurable or computed: served as protocol-6 nested attributes, validated with full attribute paths (unknown
values skipped), mapped to and from API JSON (selectors, dotted paths, variants), reconciled with prior state,
and planned (``mark_unknown``); directly, and through the servicer with a test-only resource."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from typing import Any, Literal

import hypothesis.strategies as st
import pytest
from hypothesis import given, settings
from tf import iface
from tf.gen import tfplugin_pb2 as pb
from tf.types import Unknown
from tf.utils import read_dynamic_value, to_dynamic_value

from provider.client import ClientSettings, SinchClient
from provider.provider import SinchProvider
from provider.resource import ApiResource, ObjectDataSource, PlanContext, computed_copy
from provider.schema import (
    SOME_TEXT,
    SOME_VALUE,
    Attr,
    NestedObjects,
    Nesting,
    Problem,
    Variant,
    decode_config,
    from_api,
    get_path,
    in_every_world,
    list_of_objects,
    mark_unknown,
    nested_replacements,
    normalise,
    set_of_objects,
    set_path,
    single_object,
    stand_in,
    to_api,
    validate_config,
)
from provider.servicer import SinchServicer
from provider.types import IdSegment, http_url, text
from tests.unit.conftest import API_URL, KEY_ID, KEY_SECRET, FakeSinch, reply, request_json

# ----------------------------------------------------------------------------------------------
# A declaration with every kind of nesting, used throughout
# ----------------------------------------------------------------------------------------------

APP = (
    Attr("package_name", text(1, 50), "Android package.", required=True),
    Attr("signature_hash", text(1, 20), "Signing key hash.", required=True, sensitive=True),
)
ACTION = (
    Attr("kind", Literal["LINK", "CALL", "APP"], "Kind of action.", required=True, api="type", force_new=True),
    Attr("label", text(1, 25), "Label.", optional=True, api="text"),
    Attr("url", http_url(), "Link.", optional=True),
    Attr("phone", str, "Number to call.", optional=True, api="phoneNumber"),
    Attr("apps", list_of_objects(APP, max_items=2), "Apps.", optional=True, api="supportedApps"),
    Attr("action_id", str, "Assigned by the API.", computed=True, api="id"),
)
ACTION_VARIANTS = {
    "LINK": Variant(required=("label", "url")),
    "CALL": Variant(required=("label", "phone")),
    "APP": Variant(optional=("apps",)),
}
MESSAGE = (
    Attr("text", text(1, 100), "Message text.", optional=True, computed=True),
    Attr("examples", list[text(1, 20)], "One example per variable.", optional=True),  # type: ignore[misc]
    Attr("priority", Literal["LOW", "HIGH"], "Priority.", optional=True, computed=True, default="LOW"),
    Attr("media_url", http_url(), "Media.", optional=True, api="media.url"),
    Attr("media_type", Literal["IMAGE/PNG", "IMAGE/JPEG"], "Media type.", optional=True, api="media.mimeType",
         returned=False),
    Attr("rendered", str, "What the API made of it.", computed=True),
)  # fmt: skip
AUDIENCE = (
    Attr("country", text(2, 2), "Country.", required=True),
    Attr("weight", float, "Weight.", optional=True),
    Attr("tags", set[str], "Tags.", optional=True),
)

MESSAGE_ATTR = Attr("message", single_object(MESSAGE), "The message.", optional=True,
                    api="content.components[type=MESSAGE]")  # fmt: skip
ACTIONS_ATTR = Attr(
    "actions",
    list_of_objects(ACTION, max_items=3, discriminator="kind", variants=ACTION_VARIANTS),
    "Actions.",
    optional=True,
    api="content.components[type=ACTIONS].actions",
)
AUDIENCES_ATTR = Attr("audiences", set_of_objects(AUDIENCE, min_items=1), "Audiences.", optional=True)
ATTRS = (Attr("title", str, "Title.", required=True), MESSAGE_ATTR, ACTIONS_ATTR, AUDIENCES_ATTR)


def obj(attrs: tuple[Attr, ...], **values: Any) -> dict[str, Any]:
    """An object as Terraform sends it: every declared name, null unless given."""
    return {**dict.fromkeys(a.name for a in attrs), **values}


def message(**values: Any) -> dict[str, Any]:
    return obj(MESSAGE, **values)


def action(**values: Any) -> dict[str, Any]:
    return obj(ACTION, **values)


def audience(**values: Any) -> dict[str, Any]:
    return obj(AUDIENCE, **values)


def config(**values: Any) -> dict[str, Any]:
    return obj(ATTRS, **values)


def inner(message_pb: Any) -> dict[str, Any]:
    return {a.name: a for a in message_pb.nested_type.attributes}


# ----------------------------------------------------------------------------------------------
# Schema
# ----------------------------------------------------------------------------------------------


def test_single_list_and_set_are_served_with_their_nesting_and_per_field_flags() -> None:
    single, listed, as_set = (a.to_tf().to_pb() for a in (MESSAGE_ATTR, ACTIONS_ATTR, AUDIENCES_ATTR))
    assert single.nested_type.nesting == pb.Schema.Object.SINGLE
    assert listed.nested_type.nesting == pb.Schema.Object.LIST
    assert as_set.nested_type.nesting == pb.Schema.Object.SET
    assert all(m.type == b"" and m.optional for m in (single, listed, as_set))
    fields = inner(single)
    assert fields["text"].optional and fields["text"].computed and not fields["text"].required
    assert fields["rendered"].computed and not fields["rendered"].optional
    apps = inner(inner(listed)["apps"])
    assert apps["package_name"].required and apps["signature_hash"].sensitive
    assert inner(listed)["apps"].nested_type.nesting == pb.Schema.Object.LIST
    assert "At most 2 items." in inner(listed)["apps"].description
    assert "1 to" not in as_set.description and "At least 1 item." in as_set.description
    assert "`LINK`" in inner(listed)["kind"].description  # allowed values of an inner enum


def test_wire_types() -> None:
    assert json.loads(MESSAGE_ATTR.tf_type.tf_type()) == [
        "object",
        {
            "text": "string",
            "examples": ["list", "string"],
            "priority": "string",
            "media_url": "string",
            "media_type": "string",
            "rendered": "string",
        },
    ]
    audiences = json.loads(AUDIENCES_ATTR.tf_type.tf_type())
    assert audiences[0] == "set" and audiences[1][1]["tags"] == ["set", "string"]
    actions = json.loads(ACTIONS_ATTR.tf_type.tf_type())
    assert actions[1][1]["apps"] == ["list", ["object", {"package_name": "string", "signature_hash": "string"}]]


def test_declaration_mistakes_are_refused() -> None:
    with pytest.raises(ValueError, match="variants need a discriminator"):
        list_of_objects(ACTION, variants=ACTION_VARIANTS)
    with pytest.raises(ValueError, match="not declared"):
        list_of_objects(ACTION, discriminator="kind", variants={"LINK": Variant(required=("nope",))})
    with pytest.raises(ValueError, match="top-level only"):
        single_object((Attr("a", str, "A.", optional=True, create_only=True),))
    with pytest.raises(ValueError, match="no number of items"):
        NestedObjects(MESSAGE, Nesting.SINGLE, max_items=1)


def test_read_only_copies_keep_nesting_sizes_and_variants() -> None:
    (copy,) = computed_copy((ACTIONS_ATTR,))
    nested = copy.nested
    assert nested is not None and nested.nesting is Nesting.LIST and nested.max_items == 3
    assert nested.discriminator == "kind" and nested.variants == ACTION_VARIANTS
    assert all(a.computed_only for a in nested.attributes)
    assert copy.to_tf().to_pb().nested_type.nesting == pb.Schema.Object.LIST


# ----------------------------------------------------------------------------------------------
# Values on the wire
# ----------------------------------------------------------------------------------------------


def test_encode_and_decode_keep_unknown_leaves_and_numbers_as_text() -> None:
    kind = AUDIENCES_ATTR.tf_type
    wire = kind.encode([{"country": "PL", "weight": 1.5, "tags": Unknown}])
    assert wire == [{"country": "PL", "weight": "1.5", "tags": Unknown}]
    assert kind.decode([{"country": "PL", "weight": "2.5", "tags": None}]) == [audience(country="PL", weight=2.5)]
    single = MESSAGE_ATTR.tf_type
    assert single.encode({"text": Unknown}) == message(text=Unknown)
    assert single.decode(Unknown) is Unknown and single.encode(None) is None


def test_equality_goes_through_the_inner_types() -> None:
    kind = AUDIENCES_ATTR.tf_type
    a = [audience(country="PL", tags=["x", "y"]), audience(country="DE", weight=2)]
    b = [audience(country="DE", weight=2.0), audience(country="PL", tags=["y", "x"])]
    assert kind.semantically_equal(a, b)
    assert not kind.semantically_equal(a, b[:1])
    assert not kind.semantically_equal(a, [b[0], audience(country="PL", tags=["x"])])
    assert not ACTIONS_ATTR.tf_type.semantically_equal([action(kind="APP")], [action(kind="APP", action_id=Unknown)])
    assert MESSAGE_ATTR.tf_type.semantically_equal(message(text="a"), message(text="a"))
    assert not MESSAGE_ATTR.tf_type.semantically_equal(message(text="a"), None)


# ----------------------------------------------------------------------------------------------
# Validation
# ----------------------------------------------------------------------------------------------


def problems_of(**values: Any) -> list[Problem]:
    return validate_config(ATTRS, config(title="t", **values))


def test_leaves_are_validated_with_the_full_path() -> None:
    found = problems_of(
        message=message(text="", examples=["ok", ""], media_url="ftp://x.example.com"),
        actions=[
            action(kind="APP"),
            action(kind="CALL", label="Call", phone="1"),
            action(kind="LINK", label="x" * 26, url="https://a.example.com", apps=[obj(APP, package_name="p")]),
        ],
    )
    assert [path for path, _ in found] == [
        ["message", "text"],
        ["message", "examples", (1,)],
        ["message", "media_url"],
        ["actions", (2,), "label"],
        ["actions", (2,), "apps", (0,), "signature_hash"],
        ["actions", (2,), "apps"],
    ]
    messages = [m for _, m in found]
    assert messages[0].startswith("message.text must not be empty")
    assert messages[1].startswith("message.examples[1] must not be empty")
    assert messages[2].startswith("message.media_url must be an absolute http")
    assert messages[3].startswith("actions[2].label must be at most 25 characters, not 26")
    assert messages[4] == "actions[2].apps[0].signature_hash is required"
    assert messages[5] == "actions[2].apps cannot be set when kind is 'LINK' (it goes with 'APP')"


def test_variants_require_and_forbid_attributes() -> None:
    found = problems_of(actions=[action(kind="LINK", label="Go"), action(kind="CALL", phone="+1", url="https://x.io")])
    assert found == [
        (["actions", (0,), "url"], "actions[0].url is required when kind is 'LINK'"),
        (["actions", (1,), "label"], "actions[1].label is required when kind is 'CALL'"),
        (["actions", (1,), "url"], "actions[1].url cannot be set when kind is 'CALL' (it goes with 'LINK')"),
    ]


def test_required_read_only_and_sizes() -> None:
    found = problems_of(
        actions=[action(kind="APP")] * 4,
        audiences=[],
        message=message(rendered="mine"),
    )
    assert found == [
        (["message", "rendered"], "message.rendered is read-only: it is set by the API and cannot be configured"),
        (["actions"], "actions must have at most 3 items, not 4"),
        (["audiences"], "audiences must have at least 1 item, not 0"),
    ]
    assert problems_of(audiences=[audience(country=None)]) == [(["audiences"], "audiences[*].country is required")]


def test_set_elements_are_named_by_their_values() -> None:
    found = problems_of(audiences=[audience(country="PLX", weight=1)])
    assert len(found) == 1
    path, msg = found[0]
    assert path == ["audiences"]  # set elements have no index in attribute paths
    assert msg.startswith('audiences[{country="PLX", weight=1}].country must be at most 2 characters, not 3')


@pytest.mark.parametrize(
    "unknown",
    [
        {"message": Unknown},
        {"actions": Unknown},
        {"actions": [Unknown, action(kind="APP")]},
        {"actions": [action(kind=Unknown, label="Go", phone="1")]},
        {"actions": [action(kind="LINK", label=Unknown, url=Unknown)]},
        {"actions": [action(kind="CALL", label="x", phone="1", url=Unknown)]},  # may turn out null
        {"message": message(text=Unknown, examples=[Unknown, "a"], media_url=Unknown)},
        {"audiences": [Unknown]},  # may be equal to nothing else: its size waits
        {"audiences": [audience(country=Unknown), audience(country=Unknown)]},
    ],
)
def test_unknown_values_raise_nothing(unknown: dict[str, Any]) -> None:
    assert problems_of(**unknown) == []


def test_a_known_bad_leaf_next_to_unknown_ones_is_reported() -> None:
    found = problems_of(actions=[Unknown, action(kind="LINK", label="x" * 30, url=Unknown)])
    assert [p for p, _ in found] == [["actions", (1,), "label"]]
    found = problems_of(message=message(examples=[Unknown, ""]))
    assert [p for p, _ in found] == [["message", "examples", (1,)]]


def test_numbers_sent_as_text_are_decoded_before_validation() -> None:
    raw = config(title="t", audiences=[{"country": "PL", "weight": "2.5", "tags": None}])
    decoded = decode_config(ATTRS, raw)
    assert decoded["audiences"][0]["weight"] == 2.5
    assert validate_config(ATTRS, decoded) == []


# ----------------------------------------------------------------------------------------------
# Rules across attributes, in every world
# ----------------------------------------------------------------------------------------------


def link_needs_message(cfg: Mapping[str, Any]) -> list[Problem]:
    """A made-up rule: a LINK action needs a message whose text is longer than 3 characters."""
    problems: list[Problem] = []
    msg = cfg.get("message")
    for index, act in enumerate(cfg.get("actions") or []):
        if not isinstance(act, Mapping) or act.get("kind") != "LINK":
            continue
        if msg is None:
            problems.append((["actions", (index,), "kind"], f"actions[{index}]: a LINK needs a message"))
        elif isinstance(msg, Mapping) and not stand_in(msg.get("text")) and len(msg.get("text") or "") <= 3:
            problems.append((["message", "text"], "message.text must be longer than 3 characters"))
    return problems


def test_rules_see_nested_values_and_resolve_their_unknown_leaves() -> None:
    link = action(kind="LINK", label="Go", url="https://a.example.com")
    assert in_every_world(link_needs_message, config(actions=[link]), ATTRS) == [
        (["actions", (0,), "kind"], "actions[0]: a LINK needs a message")
    ]
    assert in_every_world(link_needs_message, config(actions=[link], message=message(text="Hi")), ATTRS) == [
        (["message", "text"], "message.text must be longer than 3 characters")
    ]
    # an unknown text may be long enough; an unknown kind may be CALL; an unknown action may be anything
    assert in_every_world(link_needs_message, config(actions=[link], message=message(text=Unknown)), ATTRS) == []
    assert in_every_world(link_needs_message, config(actions=[action(kind=Unknown)]), ATTRS) == []
    assert in_every_world(link_needs_message, config(actions=[Unknown]), ATTRS) == []
    assert in_every_world(link_needs_message, config(actions=Unknown), ATTRS) == []
    # an unknown message may be null (a problem) or some valid message (none): nothing is reported
    assert in_every_world(link_needs_message, config(actions=[link], message=Unknown), ATTRS) == []


def test_views_are_mappings_and_sequences_with_stand_ins() -> None:
    seen: list[Any] = []

    def look(cfg: Mapping[str, Any]) -> list[Problem]:
        msg, acts = cfg["message"], cfg["actions"]
        seen.append((dict(msg), list(acts), msg["examples"]))
        return []

    in_every_world(look, config(message=message(text="a", examples=[Unknown]), actions=[Unknown]), ATTRS)
    (first,) = seen
    assert first[0]["text"] == "a" and first[1] == [SOME_VALUE] and first[2] == [SOME_TEXT]
    assert stand_in(SOME_TEXT) and stand_in(SOME_VALUE) and not stand_in("x")


# ----------------------------------------------------------------------------------------------
# Paths with selectors
# ----------------------------------------------------------------------------------------------


def test_selectors_find_and_build_array_elements() -> None:
    body: dict[str, Any] = {}
    set_path(body, "details.components[type=BODY].text", "Hi")
    set_path(body, "details.components[type=HEADER]", {"format": "TEXT"})
    set_path(body, "details.components[type=BODY].examples", ["a"])
    set_path(body, "details.components[type=FOOTER]", None)
    assert body == {
        "details": {
            "components": [
                {"type": "BODY", "text": "Hi", "examples": ["a"]},
                {"type": "HEADER", "format": "TEXT"},
            ]
        }
    }
    assert get_path(body, "details.components[type=HEADER].format") == "TEXT"
    assert get_path(body, "details.components[type=FOOTER]") is None
    assert get_path(body, "details.components[type=BODY]") == {"type": "BODY", "text": "Hi", "examples": ["a"]}
    assert get_path({"details": {"components": "junk"}}, "details.components[type=BODY].text") is None
    patch: dict[str, Any] = {}
    set_path(patch, "details.components[type=FOOTER].text", None)
    assert patch == {"details": {"components": []}}  # a PATCH carries the array without the element


# ----------------------------------------------------------------------------------------------
# API JSON
# ----------------------------------------------------------------------------------------------

STATE = config(
    title="Spring",
    message=message(text="Hi {{1}}", examples=["Ann"], priority="HIGH", media_url="https://cdn.example.com/a.png",
                    media_type="IMAGE/PNG", rendered=Unknown),
    actions=[
        action(kind="LINK", label="Go", url="https://a.example.com", action_id=Unknown),
        action(kind="APP", apps=[obj(APP, package_name="com.example", signature_hash="abc")], action_id=Unknown),
    ],
    audiences=[audience(country="PL", tags=["b", "a"]), audience(country="DE", weight=0.5)],
)  # fmt: skip
BODY = {
    "title": "Spring",
    "content": {
        "components": [
            {
                "type": "MESSAGE",
                "text": "Hi {{1}}",
                "examples": ["Ann"],
                "priority": "HIGH",
                "media": {"url": "https://cdn.example.com/a.png", "mimeType": "IMAGE/PNG"},
            },
            {
                "type": "ACTIONS",
                "actions": [
                    {"type": "LINK", "text": "Go", "url": "https://a.example.com"},
                    {"type": "APP", "supportedApps": [{"packageName": "com.example", "signatureHash": "abc"}]},
                ],
            },
        ]
    },
    "audiences": [{"country": "DE", "weight": 0.5}, {"country": "PL", "tags": ["a", "b"]}],
}


def test_state_maps_to_api_json_at_every_level() -> None:
    assert to_api(ATTRS, STATE) == BODY


def test_api_json_maps_back_reconciled_with_the_prior_state() -> None:
    answer = json.loads(json.dumps(BODY))
    components = answer["content"]["components"]
    components[0].update(rendered="Hi Ann", media={"url": "https://cdn.example.com/a.png"})  # no mimeType back
    components[0].pop("priority")  # the API's default left out... here HIGH was sent, so the answer drifts
    components[1]["actions"][0].update(id="a1", phoneNumber="ignored")  # beyond the LINK variant
    components[1]["actions"][1].update(id="a2", text="Open app")
    state = from_api(ATTRS, answer, prior=STATE)
    assert state["message"] == {**STATE["message"], "rendered": "Hi Ann", "priority": "LOW"}
    assert state["actions"] == [
        {**STATE["actions"][0], "action_id": "a1"},
        {**STATE["actions"][1], "action_id": "a2"},
    ]
    # a set comes back in the prior's order, its elements paired with their prior ones
    assert state["audiences"] == [audience(country="PL", tags=["b", "a"]), audience(country="DE", weight=0.5)]


def test_import_reads_everything_the_api_returns() -> None:
    state = from_api(ATTRS, BODY)
    assert state["message"]["media_type"] is None  # never returned: unknown after an import
    assert state["message"]["media_url"] == "https://cdn.example.com/a.png"
    assert state["audiences"][0] == audience(country="DE", weight=0.5)


def test_empty_objects_and_lists_are_null_where_the_prior_is() -> None:
    prior = config(title="t")
    answer = {"title": "t", "content": {"components": [{"type": "MESSAGE"}, {"type": "ACTIONS", "actions": []}]},
              "audiences": []}  # fmt: skip
    state = from_api(ATTRS, answer, prior=prior)
    assert state["message"] is None and state["actions"] is None and state["audiences"] is None
    kept = from_api(ATTRS, {"title": "t"}, prior=config(title="t", actions=[], audiences=[]))
    assert kept["actions"] == [] and kept["audiences"] == []
    inner_empty = from_api(ATTRS, {"content": {"components": [{"type": "MESSAGE", "text": "x", "examples": []}]}},
                           prior=config(message=message(text="x")))  # fmt: skip
    assert inner_empty["message"]["examples"] is None


def test_canonical_spellings_keep_the_prior_value() -> None:
    strategy = Attr("strategy", str, "Bid strategy.", optional=True, canonical=lambda v: v.removeprefix("BID_"))
    holder = (Attr("bid", single_object((strategy,)), "Bid.", optional=True),)
    assert from_api(holder, {"bid": {"strategy": "BID_CAP"}}) == {"bid": {"strategy": "CAP"}}
    prior = {"bid": {"strategy": "CAP"}}
    assert from_api(holder, {"bid": {"strategy": "BID_CAP"}}, prior=prior)["bid"]["strategy"] == "CAP"


def test_values_of_the_wrong_shape_are_not_state() -> None:
    answer = {"content": {"components": [{"type": "MESSAGE", "text": {"oops": 1}, "examples": "x"}]}}
    assert from_api(ATTRS, answer)["message"] == message(priority="LOW")
    assert from_api(ATTRS, {"audiences": {"not": "a list"}})["audiences"] is None


def test_normalise_reconciles_state_built_another_way() -> None:
    fresh = config(title="t", audiences=[audience(country="DE"), audience(country="PL")], actions=[])
    prior = config(title="t", audiences=[audience(country="PL"), audience(country="DE")])
    assert normalise(ATTRS, fresh, prior) == prior


# ----------------------------------------------------------------------------------------------
# Round trips (property-based)
# ----------------------------------------------------------------------------------------------

words = st.text(alphabet="abcdefghij", min_size=1, max_size=8)
urls = words.map(lambda w: f"https://{w}.example.com")
apps = st.builds(lambda p, s: obj(APP, package_name=p, signature_hash=s), words, words)
actions = st.one_of(
    st.builds(lambda label, url: action(kind="LINK", label=label, url=url), words, urls),
    st.builds(lambda label, phone: action(kind="CALL", label=label, phone=phone), words, words),
    st.builds(lambda a: action(kind="APP", apps=a), st.none() | st.lists(apps, min_size=1, max_size=2)),
)
messages = st.builds(
    lambda t, e, p, m: message(text=t, examples=e, priority=p, media_url=m[0], media_type=m[1]),
    words,
    st.none() | st.lists(words, min_size=1, max_size=3),
    st.sampled_from(["LOW", "HIGH"]),
    st.sampled_from([(None, None), ("https://cdn.example.com/x.png", "IMAGE/PNG")]),
)
audiences = st.lists(
    st.builds(lambda c, w, t: audience(country=c, weight=w, tags=t), st.text("ABCDEFGH", min_size=2, max_size=2),
              st.none() | st.floats(0, 10, allow_nan=False), st.none() | st.lists(words, min_size=1, unique=True)),
    min_size=1, max_size=4, unique_by=lambda a: a["country"],
)  # fmt: skip
states = st.builds(
    lambda t, m, a, au: config(title=t, message=m, actions=a, audiences=au),
    words,
    st.none() | messages,
    st.none() | st.lists(actions, min_size=1, max_size=3),
    st.none() | audiences,
)


@settings(max_examples=150, deadline=None)
@given(states)
def test_round_trip_through_the_api_is_the_identity(state: dict[str, Any]) -> None:
    body = to_api(ATTRS, state)
    assert validate_config(ATTRS, state) == []
    echoed = json.loads(json.dumps(body))  # the API echoes what it took
    back = from_api(ATTRS, echoed, prior=state)
    assert back == state
    # in any set order, and equal by type without a prior (an import), except what the API never returns
    if echoed.get("audiences"):
        echoed["audiences"].reverse()
    imported = from_api(ATTRS, echoed)
    for attr in ATTRS:
        if attr.name != "message":
            assert attr.tf_type.semantically_equal(imported[attr.name], state[attr.name]), attr.name
    if state["message"] is not None:
        assert imported["message"] == {**state["message"], "media_type": None}


@settings(max_examples=100, deadline=None)
@given(states)
def test_a_create_plan_applies_consistently(state: dict[str, Any]) -> None:
    """Whatever the API fills in, the applied state agrees with the create plan: every value the server may set
    is planned unknown or as the API's default, every configured value comes back as it was."""
    planned = mark_unknown(ATTRS, state, state)
    answer = json.loads(json.dumps(to_api(ATTRS, planned)))
    for component in (answer.get("content") or {}).get("components", []):
        if component["type"] == "MESSAGE":
            component["rendered"] = "server"
            if component.get("priority") == "LOW":
                del component["priority"]  # the API's default, left out of its answer
        for index, act in enumerate(component.get("actions") or []):
            act["id"] = f"a{index}"
    applied = from_api(ATTRS, answer, prior=planned)
    assert consistent(planned, applied)


def consistent(planned: Any, applied: Any) -> bool:
    """Terraform's check after apply, roughly: known planned values are kept, unknown ones become anything."""
    if planned is Unknown:
        return applied is not Unknown
    if isinstance(planned, dict):
        return isinstance(applied, dict) and all(consistent(v, applied.get(k)) for k, v in planned.items())
    if isinstance(planned, list):
        return isinstance(applied, list) and len(planned) == len(applied) and all(map(consistent, planned, applied))
    return bool(planned == applied)


# ----------------------------------------------------------------------------------------------
# Plans
# ----------------------------------------------------------------------------------------------


def test_create_plans_computed_leaves_unknown_and_defaults_known() -> None:
    cfg = config(
        title="t",
        message=message(text="Hi"),
        actions=[action(kind="APP", apps=[obj(APP, package_name="p", signature_hash="s")])],
    )
    planned = mark_unknown(ATTRS, cfg, cfg)
    assert planned["message"] == message(text="Hi", priority="LOW", rendered=Unknown)
    assert planned["actions"][0]["action_id"] is Unknown
    assert planned["actions"][0]["apps"] == cfg["actions"][0]["apps"]
    # the text is optional and computed: left null, the server's
    assert mark_unknown(ATTRS, config(message=message()), config(message=message()))["message"]["text"] is Unknown
    assert mark_unknown(ATTRS, config(message=Unknown), config(message=Unknown))["message"] is Unknown
    assert cfg["message"]["rendered"] is None  # the inputs are not modified


PRIOR = config(
    title="t",
    message=message(text="Hi", priority="LOW", rendered="Hi!"),
    actions=[
        action(kind="LINK", label="Go", url="https://a.example.com", action_id="a1"),
        action(kind="CALL", label="Call", phone="+1", action_id="a2"),
    ],
    audiences=[audience(country="PL"), audience(country="DE")],
)


def test_update_keeps_what_an_unchanged_object_computed() -> None:
    cfg = config(
        title="t2",
        message=message(text="Hi"),
        actions=[action(kind="LINK", label="Go", url="https://a.example.com"), action(kind="CALL", label="Call",
                                                                                    phone="+1")],
        audiences=[audience(country="DE"), audience(country="PL")],
    )  # fmt: skip
    proposed = {**PRIOR, "title": "t2", "audiences": cfg["audiences"]}  # as Terraform proposes it
    assert mark_unknown(ATTRS, proposed, cfg, PRIOR) == proposed


def test_update_marks_what_a_changed_or_new_object_computes() -> None:
    cfg = config(
        title="t",
        message=message(text="Hello"),
        actions=[
            action(kind="LINK", label="Go", url="https://a.example.com"),
            action(kind="CALL", label="Call us", phone="+1"),
            action(kind="APP"),
        ],
    )
    proposed = {
        **PRIOR,
        "message": {**PRIOR["message"], "text": "Hello"},
        "actions": [
            PRIOR["actions"][0],
            {**PRIOR["actions"][1], "label": "Call us"},
            action(kind="APP"),
        ],
    }
    planned = mark_unknown(ATTRS, proposed, cfg, PRIOR)
    assert planned["message"] == message(text="Hello", priority="LOW", rendered=Unknown)
    assert [a["action_id"] for a in planned["actions"]] == ["a1", Unknown, Unknown]


def test_stable_values_and_set_elements() -> None:
    stable = Attr("created", str, "When.", computed=True, stable=True)
    item = (Attr("name", str, "Name.", required=True), stable, Attr("seen", str, "Seen.", computed=True))
    things = (Attr("things", set_of_objects(item), "Things.", optional=True),)
    prior = {"things": [{"name": "a", "created": "d1", "seen": "s1"}, {"name": "b", "created": "d2", "seen": "s2"}]}
    cfg = {"things": [{"name": "b", "created": None, "seen": None}, {"name": "c", "created": None, "seen": None}]}
    proposed = {"things": [{"name": "b", "created": "d2", "seen": "s2"}, {"name": "c", "created": None, "seen": None}]}
    planned = mark_unknown(things, proposed, cfg, prior)
    assert planned["things"] == [
        {"name": "b", "created": "d2", "seen": "s2"},
        {"name": "c", "created": Unknown, "seen": Unknown},
    ]


def test_force_new_inside_nested_objects() -> None:
    changed = [PRIOR["actions"][0], {**PRIOR["actions"][1], "kind": "APP"}]
    assert nested_replacements(ATTRS, PRIOR, {**PRIOR, "actions": changed}) == [["actions", (1,), "kind"]]
    assert nested_replacements(ATTRS, PRIOR, {**PRIOR, "actions": PRIOR["actions"][:1]}) == []  # one removed
    assert nested_replacements(ATTRS, PRIOR, {**PRIOR, "actions": [{**changed[1], "kind": Unknown}]}) == []
    key = Attr("key", str, "Key.", required=True, force_new=True)
    holder = (Attr("keys", set_of_objects((key, Attr("note", str, "Note.", optional=True))), "K.", optional=True),)
    prior = {"keys": [{"key": "a", "note": "x"}, {"key": "b", "note": None}]}
    assert nested_replacements(holder, prior, {"keys": [{"key": "b", "note": "y"}, {"key": "a", "note": "x"}]}) == []
    assert nested_replacements(holder, prior, {"keys": [{"key": "c", "note": None}]}) == [["keys"]]
    deep = (Attr("outer", single_object((Attr("inner", single_object((key,)), "I.", optional=True),)), "O.",
                 optional=True),)  # fmt: skip
    assert nested_replacements(deep, {"outer": {"inner": {"key": "a"}}}, {"outer": {"inner": {"key": "b"}}}) == [
        ["outer", "inner", "key"]
    ]


# ----------------------------------------------------------------------------------------------
# Through the servicer: a test-only resource that wires the machinery as a resource will
# ----------------------------------------------------------------------------------------------


class Campaign(ApiResource):
    """A made-up resource with configurable nested attributes holding computed values."""

    name = "campaign"
    description = "Test resource."
    attributes = (
        Attr("id", IdSegment, "ID.", computed=True, stable=True),
        Attr("project_id", IdSegment, "Project.", optional=True, computed=True, stable=True, force_new=True,
             api=None, provider_default="project_id"),
        *ATTRS,
    )  # fmt: skip
    collection_path = "/v1/projects/{project_id}/campaigns"
    item_path = "/v1/projects/{project_id}/campaigns/{id}"
    import_id = "{project_id}/{id}"
    update_method = "PATCH"

    def plan(self, ctx: iface.PlanContext, current: dict[str, Any] | None, planned: dict[str, Any]) -> dict[str, Any]:
        planned = super().plan(ctx, current, planned)
        config = ctx.config if isinstance(ctx, PlanContext) else {}
        return mark_unknown(self.attributes, planned, config, current)


class CampaignData(ObjectDataSource):
    name = "campaign"
    description = "Test data source."
    resource = Campaign
    attributes = (
        Attr("project_id", IdSegment, "Project.", optional=True, computed=True, api=None,
             provider_default="project_id"),
        Attr("id", IdSegment, "ID.", required=True),
        *computed_copy(ATTRS),
    )  # fmt: skip


class CampaignProvider(SinchProvider):
    def get_resources(self) -> list[type[iface.Resource]]:
        return [*super().get_resources(), Campaign]

    def get_data_sources(self) -> list[type[iface.DataSource]]:
        return [*super().get_data_sources(), CampaignData]


@pytest.fixture
def wired() -> Iterator[tuple[SinchServicer, FakeSinch]]:
    provider = CampaignProvider()
    provider._defaults = {"project_id": "p1"}
    fake = FakeSinch()
    settings_ = ClientSettings(KEY_ID, KEY_SECRET, provisioning_url=API_URL, auth="basic", retry_backoff=0.01)
    provider.client = SinchClient(settings_, transport=fake.transport())
    provider.not_configured_reason = None
    yield SinchServicer(provider), fake
    provider.client.close()


def errors(response: Any) -> list[Any]:
    return [d for d in response.diagnostics if d.severity == pb.Diagnostic.ERROR]


def steps(diagnostic: Any) -> list[Any]:
    return [s.attribute_name or s.element_key_int for s in diagnostic.attribute.steps]


def full(values: dict[str, Any]) -> dict[str, Any]:
    return {"id": None, "project_id": None, **values}


def plan(servicer: SinchServicer, prior: Any, cfg: dict[str, Any], proposed: Any = None) -> Any:
    return servicer.PlanResourceChange(
        pb.PlanResourceChange.Request(
            type_name="sinch_campaign",
            prior_state=to_dynamic_value(prior),
            proposed_new_state=to_dynamic_value(cfg if proposed is None else proposed),
            config=to_dynamic_value(cfg),
        ),
        None,
    )


def test_validate_reports_nested_problems_with_attribute_paths(wired: tuple[SinchServicer, FakeSinch]) -> None:
    servicer, _ = wired
    cfg = full(config(title="t", actions=[action(kind="APP"), action(kind="LINK", label="Go")],
                      audiences=[{"country": "PL", "weight": "x1", "tags": None}]))  # fmt: skip
    cfg["audiences"][0]["weight"] = "1.5"  # numbers may arrive as text
    response = servicer.ValidateResourceConfig(
        pb.ValidateResourceConfig.Request(type_name="sinch_campaign", config=to_dynamic_value(cfg)), None
    )
    (problem,) = errors(response)
    assert steps(problem) == ["actions", 1, "url"]
    assert problem.summary == "Invalid actions" and problem.detail == "actions[1].url is required when kind is 'LINK'"


def test_create_apply_read_and_plan_again_with_no_changes(wired: tuple[SinchServicer, FakeSinch]) -> None:
    servicer, fake = wired
    cfg = full(config(
        title="Spring",
        message=message(text="Hi {{1}}", examples=["Ann"], media_url="https://cdn.example.com/a.png",
                        media_type="IMAGE/PNG"),
        actions=[action(kind="LINK", label="Go", url="https://a.example.com"), action(kind="CALL", label="Call",
                                                                                    phone="+1")],
        audiences=[audience(country="PL", tags=["b", "a"]), audience(country="DE", weight=0.5)],
    ))  # fmt: skip
    planned = plan(servicer, None, cfg)
    assert errors(planned) == []
    planned_state = read_dynamic_value(planned.planned_state)
    assert planned_state["message"]["rendered"] is Unknown and planned_state["message"]["priority"] == "LOW"
    assert [a["action_id"] for a in planned_state["actions"]] == [Unknown, Unknown]

    created = {
        "id": "c1",
        "title": "Spring",
        "content": {"components": [
            {"type": "ACTIONS", "actions": [{"type": "LINK", "text": "Go", "url": "https://a.example.com", "id": "a1"},
                                            {"type": "CALL", "text": "Call", "phoneNumber": "+1", "id": "a2"}]},
            {"type": "MESSAGE", "text": "Hi {{1}}", "examples": ["Ann"], "rendered": "Hi Ann",
             "media": {"url": "https://cdn.example.com/a.png"}},
        ]},
        "audiences": [{"country": "DE", "weight": 0.5}, {"country": "PL", "tags": ["a", "b"]}],
    }  # fmt: skip
    fake.api = [reply(201, created)]
    applied = servicer.ApplyResourceChange(
        pb.ApplyResourceChange.Request(
            type_name="sinch_campaign",
            prior_state=to_dynamic_value(None),
            planned_state=planned.planned_state,
            config=to_dynamic_value(cfg),
        ),
        None,
    )
    assert errors(applied) == []
    sent = request_json(fake.api_requests[0])
    assert sent["content"]["components"][0] == {
        "type": "MESSAGE",
        "text": "Hi {{1}}",
        "examples": ["Ann"],
        "priority": "LOW",
        "media": {"url": "https://cdn.example.com/a.png", "mimeType": "IMAGE/PNG"},
    }
    state = read_dynamic_value(applied.new_state)
    assert consistent(planned_state, state)
    assert state["message"]["media_type"] == "IMAGE/PNG" and state["message"]["rendered"] == "Hi Ann"
    assert state["audiences"][0]["country"] == "PL"

    fake.api = [reply(200, created)]
    read = servicer.ReadResource(
        pb.ReadResource.Request(type_name="sinch_campaign", current_state=applied.new_state), None
    )
    assert errors(read) == []
    refreshed = read_dynamic_value(read.new_state)
    assert refreshed == state

    # Terraform's proposal for the next plan: the configuration, with prior values for what it leaves null
    proposed = {**refreshed, "id": refreshed["id"]}
    again = plan(servicer, refreshed, cfg, proposed)
    assert errors(again) == [] and list(again.requires_replace) == []
    assert read_dynamic_value(again.planned_state) == refreshed

    # a changed button label: that button's id is the server's again, the other's stays
    changed_cfg = json.loads(json.dumps(cfg))
    changed_cfg["actions"][1]["label"] = "Call us"
    proposed = json.loads(json.dumps(refreshed))
    proposed["actions"][1]["label"] = "Call us"
    update = plan(servicer, refreshed, changed_cfg, proposed)
    assert errors(update) == []
    update_state = read_dynamic_value(update.planned_state)
    assert [a["action_id"] for a in update_state["actions"]] == ["a1", Unknown]
    assert update_state["message"] == refreshed["message"]
    assert list(update.requires_replace) == []

    # a changed kind (force_new inside the list) replaces the resource, naming the attribute
    proposed["actions"][1].update(kind="LINK", url="https://b.example.com", phone=None)
    changed_cfg["actions"][1].update(kind="LINK", url="https://b.example.com", phone=None)
    replace = plan(servicer, refreshed, changed_cfg, proposed)
    assert errors(replace) == []
    assert [[s.attribute_name or s.element_key_int for s in p.steps] for p in replace.requires_replace] == [
        ["actions", 1, "kind"]
    ]


def test_a_data_source_reads_nested_values_through_their_types(wired: tuple[SinchServicer, FakeSinch]) -> None:
    servicer, fake = wired
    fake.api = [reply(200, {**BODY, "id": "c1"})]
    cfg = {a.name: None for a in CampaignData.attributes} | {"id": "c1"}
    response = servicer.ReadDataSource(
        pb.ReadDataSource.Request(type_name="sinch_campaign", config=to_dynamic_value(cfg)), None
    )
    assert errors(response) == []
    state = read_dynamic_value(response.state)
    assert state["message"]["media_url"] == "https://cdn.example.com/a.png" and state["message"]["rendered"] is None
    assert state["audiences"] == [
        {"country": "DE", "weight": "0.5", "tags": None},  # numbers go to Terraform as decimal text
        {"country": "PL", "weight": None, "tags": ["a", "b"]},
    ]
    assert [a["kind"] for a in state["actions"]] == ["LINK", "APP"]
    schema = servicer.GetProviderSchema(pb.GetProviderSchema.Request(), None).data_source_schemas["sinch_campaign"]
    served = {a.name: a for a in schema.block.attributes}
    assert served["audiences"].nested_type.nesting == pb.Schema.Object.SET and served["audiences"].computed
    assert served["message"].nested_type.nesting == pb.Schema.Object.SINGLE
