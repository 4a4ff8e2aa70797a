"""provider/timeouts.py: the `timeouts` block, its durations, and the state upgrade from `create_timeout`."""

from __future__ import annotations

import json
from typing import Any

from tf.gen import tfplugin_pb2 as pb
from tf.iface import UpgradeContext
from tf.types import Unknown
from tf.utils import Diagnostics, read_dynamic_value

from provider import timeouts
from provider.servicer import SinchServicer
from resources.main import build_provider
from resources.webhook import Webhook
from resources.whatsapp_sender import WhatsappSender
from tests.unit.conftest import project_provider


def test_resources_that_wait_serve_a_single_timeouts_block() -> None:
    block = WhatsappSender.get_schema().to_pb().block
    [served] = block.block_types
    assert (served.type_name, served.nesting) == ("timeouts", pb.Schema.NestedBlock.SINGLE)
    assert {a.name: (a.optional, a.required) for a in served.block.attributes} == {
        "create": (True, False),
        "update": (True, False),
    }
    assert "create_timeout" not in {a.name for a in block.attributes}
    assert list(Webhook.get_schema().to_pb().block.block_types) == []  # a webhook never waits


def test_durations_default_to_twenty_minutes() -> None:
    assert timeouts.seconds({"timeouts": None}, "create") == 1200
    assert timeouts.seconds({"timeouts": {"create": "1h30m", "update": None}}, "create") == 5400
    assert timeouts.text({"timeouts": {"create": "1h30m", "update": None}}, "update") == "20m"


def test_bad_durations_are_named_with_their_path() -> None:
    assert timeouts.problems({"timeouts": {"create": "20 minutes", "update": "0s"}}) == [
        (["timeouts", "create"], 'timeouts.create must be a duration such as "90s", "20m" or "1h30m"'),
        (["timeouts", "update"], "timeouts.update must be longer than 0s"),
    ]
    assert timeouts.problems({"timeouts": {"create": Unknown, "update": None}}) == []
    assert timeouts.problems({"timeouts": None}) == []


def upgrade(old: dict[str, Any], version: int = 1) -> dict[str, Any]:
    sender = WhatsappSender(project_provider())
    return sender.upgrade(UpgradeContext(Diagnostics(), "sinch_whatsapp_sender"), version, old)


def test_a_version_1_state_moves_create_timeout_into_the_block() -> None:
    old = {a.name: None for a in WhatsappSender.attributes if a.name != "timeouts"}
    old.update(id="s1", project_id="p1", create_timeout="45m", state="ACTIVE")
    upgraded = upgrade(old)
    assert "create_timeout" not in upgraded
    assert upgraded["timeouts"] == {"create": "45m", "update": None}
    assert (upgraded["id"], upgraded["state"]) == ("s1", "ACTIVE")
    assert set(upgraded) == {a.name for a in WhatsappSender.attributes} | {"timeouts"}


def test_the_old_default_becomes_no_block() -> None:
    assert upgrade({"id": "s1", "create_timeout": "20m"})["timeouts"] is None


def test_upgrade_through_the_servicer() -> None:
    servicer = SinchServicer(build_provider())
    raw = json.dumps({"id": "s1", "project_id": "p1", "create_timeout": "5m", "state": "ACTIVE"}).encode()
    response = servicer.UpgradeResourceState(
        pb.UpgradeResourceState.Request(type_name="sinch_whatsapp_sender", version=1, raw_state=pb.RawState(json=raw)),
        None,
    )
    assert list(response.diagnostics) == []
    state = read_dynamic_value(response.upgraded_state)
    assert state["timeouts"] == {"create": "5m", "update": None}
    assert "create_timeout" not in state
