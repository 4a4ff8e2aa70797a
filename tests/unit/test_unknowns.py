"""Unknown values: cross-attribute rules judged in every world the unknowns may resolve to
(provider/schema.py ``in_every_world``), and what the resources do with them at validate and plan."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

import msgpack
import pytest
from tf.gen import tfplugin_pb2 as pb
from tf.types import Unknown
from tf.utils import Diagnostics

from provider.resource import PlanContext
from provider.schema import SOME_TEXT, Attr, Problem, in_every_world, possible_values
from provider.servicer import SinchServicer
from resources.whatsapp_account import WhatsappAccount
from resources.whatsapp_sender import WhatsappSender
from tests.unit.conftest import project_provider

NAMES = [a.name for a in WhatsappSender.attributes]
ES = {"waba_id": "111", "phone_number_id": "222"}
PHONE = {"country_code": "1", "phone_number": "2025550101", "display_name": "Alerts"}
PARTNER = {
    "phone_number_provider": "CUSTOMER",
    "display_name": "Acme",
    "vertical": "SHOPPING_AND_RETAIL",
    "country_code": "48",
}


def config(**values: Any) -> dict[str, Any]:
    result: dict[str, Any] = dict.fromkeys(NAMES)
    result.update(values)
    return result


def sender() -> WhatsappSender:
    return WhatsappSender(project_provider())


def validate_errors(values: dict[str, Any]) -> list[tuple[list[Any] | None, str]]:
    diags = Diagnostics()
    sender().validate(diags, "sinch_whatsapp_sender", config(**values))
    return [(d.path, d.detail) for d in diags.diagnostics if d.severity == "error"]


def create_errors(values: dict[str, Any]) -> list[tuple[list[Any] | None, str]]:
    cfg = config(**values)
    ctx = PlanContext(Diagnostics(), "sinch_whatsapp_sender", changed_fields=set(), config=cfg)
    sender().plan(ctx, None, dict(cfg))
    return [(d.path, d.detail) for d in ctx.diagnostics.diagnostics if d.severity == "error"]


# ----------------------------------------------------------------------------------------------
# in_every_world
# ----------------------------------------------------------------------------------------------

A = Attr("a", str, "a", optional=True)
B = Attr("b", str, "b", optional=True)
MODE = Attr("mode", Literal["x", "y", "z"], "mode", optional=True)
FLAG = Attr("flag", bool, "flag", optional=True)
NEEDED = Attr("needed", str, "needed", required=True)


def needs_b_with_a(cfg: Mapping[str, Any]) -> list[Problem]:
    return [(["b"], "b is required with a")] if cfg.get("a") is not None and cfg.get("b") is None else []


def test_known_values_are_judged_as_they_are() -> None:
    assert in_every_world(needs_b_with_a, {"a": "1", "b": None}, [A, B]) == [(["b"], "b is required with a")]
    assert in_every_world(needs_b_with_a, {"a": "1", "b": "2"}, [A, B]) == []


def test_an_unknown_that_may_be_null_raises_nothing_null_would_not() -> None:
    assert in_every_world(needs_b_with_a, {"a": Unknown, "b": None}, [A, B]) == []


def test_a_problem_every_world_has_is_reported() -> None:
    # whatever b turns out to be, a known a without b... is fine only if b is set: b may be null -> no error;
    # but a rule that does not depend on the unknown value still holds in every world
    def a_forbidden(cfg: Mapping[str, Any]) -> list[Problem]:
        return [(["a"], "a cannot be set")] if cfg.get("a") is not None else []

    assert in_every_world(a_forbidden, {"a": "1", "b": Unknown}, [A, B]) == [(["a"], "a cannot be set")]


def test_enumerated_values_are_each_a_world() -> None:
    seen: list[Any] = []

    def y_is_fine(cfg: Mapping[str, Any]) -> list[Problem]:
        seen.append(cfg.get("mode"))
        return [] if cfg.get("mode") == "y" else [(["mode"], "not y")]

    assert in_every_world(y_is_fine, {"mode": Unknown}, [MODE]) == []
    assert seen == [None, "x", "y"]  # stops at the first world without the problem

    seen.clear()
    assert in_every_world(y_is_fine, {"mode": "x"}, [MODE]) == [(["mode"], "not y")]
    assert seen == ["x"]


def test_a_problem_every_world_has_for_different_reasons_gives_each_reason() -> None:
    def by_mode(cfg: Mapping[str, Any]) -> list[Problem]:
        return [(["a"], f"a is wrong for {cfg.get('mode')}")] if cfg.get("a") is not None else []

    assert in_every_world(by_mode, {"a": "1", "mode": Unknown}, [A, MODE]) == [
        (
            ["a"],
            "a is wrong for None; or, with the values known at apply: a is wrong for x; or, with the values known at "
            "apply: a is wrong for y; or, with the values known at apply: a is wrong for z",
        )
    ]


def test_only_the_unknowns_a_rule_reads_branch() -> None:
    calls = 0

    def reads_a(cfg: Mapping[str, Any]) -> list[Problem]:
        nonlocal calls
        calls += 1
        return [(["a"], "always")] if cfg.get("a") is None or cfg.get("a") is not None else []

    assert in_every_world(reads_a, {"a": Unknown, "mode": Unknown, "flag": Unknown}, [A, MODE, FLAG]) == [
        (["a"], "always")
    ]
    assert calls == 2  # a: null, or some value; mode and flag are never read


def test_possible_values() -> None:
    assert possible_values(A) == [None, SOME_TEXT]
    assert possible_values(MODE) == [None, "x", "y", "z"]
    assert possible_values(FLAG) == [None, True, False]
    assert possible_values(NEEDED) == [SOME_TEXT]  # a required value cannot turn out null
    assert possible_values(Attr("n", int, "n", optional=True))[0] is None


def test_too_many_worlds_report_nothing() -> None:
    def always(cfg: Mapping[str, Any]) -> list[Problem]:
        for name in ("a", "b", "mode", "flag"):
            cfg.get(name)
        return [(["a"], "always")]

    cfg = {"a": Unknown, "b": Unknown, "mode": Unknown, "flag": Unknown}
    assert in_every_world(always, cfg, [A, B, MODE, FLAG]) == [(["a"], "always")]  # 2 * 2 * 4 * 3 worlds
    assert in_every_world(always, cfg, [A, B, MODE, FLAG], limit=10) == []


# ----------------------------------------------------------------------------------------------
# The sender's create variants with unknown selectors
# ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("selector", ["waba_id", "phone_number_id", "authentication_code"])
def test_an_unknown_embedded_signup_selector_does_not_turn_phone_provisioning_into_errors(selector: str) -> None:
    """``waba_id = var.es ? "..." : null``: unknown at validate (variables are) and, from another resource,
    at plan. It may turn out null, which makes this a valid phone provisioning."""
    values = {**PHONE, selector: Unknown}
    assert validate_errors(values) == []
    assert create_errors(values) == []


def test_unknown_embedded_signup_ids_with_a_partner_initiated_sender() -> None:
    values = {**PARTNER, "waba_id": Unknown, "phone_number_id": Unknown}
    assert validate_errors(values) == []
    assert create_errors(values) == []


def test_an_unknown_provider_selector_with_phone_provisioning_arguments() -> None:
    assert create_errors({**PHONE, "phone_number_provider": Unknown}) == []


def test_an_unknown_selector_still_reports_what_every_world_gets_wrong() -> None:
    # Without a number or a name: phone provisioning (waba_id null) lacks them, an embedded signup (waba_id set)
    # lacks phone_number_id: no attribute is wrong in both worlds, so nothing is reported yet.
    assert create_errors({"waba_id": Unknown}) == []
    # A business manager is refused by phone provisioning and by partner-initiated creation alike.
    assert create_errors({**PHONE, "phone_number_provider": Unknown, "business_manager": "SINCH_UK"}) == [
        (
            ["business_manager"],
            "business_manager cannot be set for phone provisioning: it is an embedded signup argument; or, with the "
            "values known at apply: business_manager cannot be set for partner-initiated: partner-initiated senders "
            "take them from the WhatsApp account",
        )
    ]


def test_known_selectors_are_judged_as_before() -> None:
    assert validate_errors({"waba_id": "111"}) == [
        (["phone_number_id"], "phone_number_id is required with waba_id (embedded signup)")
    ]
    assert create_errors({**PHONE, "waba_id": "111", "phone_number_id": "222"}) == [
        (["country_code"], "country_code cannot be set for embedded signup: the number comes from Meta"),
        (["phone_number"], "phone_number cannot be set for embedded signup: the number comes from Meta"),
    ]


def test_an_unknown_second_id_does_not_make_the_pair_rule_fire() -> None:
    assert validate_errors({"waba_id": "111", "phone_number_id": Unknown}) == []
    assert create_errors({"waba_id": "111", "phone_number_id": Unknown}) == []


def test_region_table_with_an_unknown_region_or_manager() -> None:
    # EU takes only SINCH_UK: with the region unknown, SINCH_MX is fine in BR and US
    assert validate_errors({**ES, "region": Unknown, "business_manager": "SINCH_MX"}) == []
    assert validate_errors({**ES, "region": "EU", "business_manager": Unknown}) == []
    account = WhatsappAccount(project_provider())
    diags = Diagnostics()
    cfg = {a.name: None for a in WhatsappAccount.attributes} | {"region": Unknown, "business_manager": "SINCH_UK"}
    account.validate(diags, "sinch_whatsapp_account", cfg)
    assert diags.diagnostics == []


def test_validate_resource_config_rpc_with_a_refined_unknown_selector() -> None:
    """Through the servicer, as Terraform >= 1.6 sends it: a refined unknown (msgpack extension 12)."""
    servicer = SinchServicer(project_provider())
    encoded = msgpack.packb(config(**PHONE, waba_id=msgpack.ExtType(12, b"\x81\x02\xc3")))
    response = servicer.ValidateResourceConfig(
        pb.ValidateResourceConfig.Request(type_name="sinch_whatsapp_sender", config=pb.DynamicValue(msgpack=encoded)),
        None,
    )
    assert list(response.diagnostics) == []
