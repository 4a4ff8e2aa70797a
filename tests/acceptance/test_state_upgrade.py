"""A state written before the `timeouts` block (schema version 1, `create_timeout`) is upgraded by the provider:
the plan of the migrated configuration is empty."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest

from tests.harness import Emulator, Workspace

pytestmark = pytest.mark.acceptance

ACCOUNT = """
resource "sinch_whatsapp_account" "main" {{
  waba_name                  = "Example Shoes Ltd"
  client_business_manager_id = "1234567890"
  display_name               = "Example Shoes"
  business_category          = "SHOPPING_AND_RETAIL"
  wait_for_state             = "NONE"
  {timeouts}
}}
"""


def test_a_version_1_state_with_create_timeout_plans_empty(
    workspace: Callable[..., Workspace], emulator: Emulator
) -> None:
    ws = workspace()
    ws.write(ACCOUNT.format(timeouts='timeouts {\n    create = "45m"\n  }'))
    ws.apply()

    # rewrite the state as the provider's schema version 1 wrote it
    path = ws.path / "terraform.tfstate"
    state = json.loads(path.read_text())
    [instance] = state["resources"][0]["instances"]
    assert instance["schema_version"] == 2
    instance["schema_version"] = 1
    instance["attributes"].pop("timeouts")
    instance["attributes"]["create_timeout"] = "45m"
    state["serial"] += 1
    path.write_text(json.dumps(state))

    code, _, output = ws.plan()
    assert code == 0, output
    ws.refresh()
    upgraded = json.loads(path.read_text())["resources"][0]["instances"][0]
    assert upgraded["schema_version"] == 2
    assert upgraded["attributes"]["timeouts"] == {"create": "45m", "update": None}
    assert "create_timeout" not in upgraded["attributes"]

    # the old default, 20m, becomes no block at all: a configuration without one plans empty
    instance["attributes"]["create_timeout"] = "20m"
    state["serial"] += 10
    path.write_text(json.dumps(state))
    ws.write(ACCOUNT.format(timeouts=""))
    code, _, output = ws.plan()
    assert code == 0, output
