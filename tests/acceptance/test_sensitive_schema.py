"""Every credential is sensitive wherever Terraform shows it, list data sources included (real terraform)."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

import pytest

from tests.acceptance.conftest import PROJECT
from tests.credentials import KNOWN_CREDENTIALS, NOT_CREDENTIALS, is_credential, violations, walk_providers_schema
from tests.harness import Emulator, Workspace

pytestmark = pytest.mark.acceptance


def test_served_schema_marks_every_credential_sensitive(workspace: Callable[..., Workspace]) -> None:
    """`terraform providers schema -json`: the provider, every resource and every data source, nested
    attributes, nested blocks and object types included (the name rule is in tests/credentials.py)."""
    ws = workspace()
    ws.init()
    document = json.loads(ws.run("providers", "schema", "-json").stdout)
    leaves = list(walk_providers_schema(document))

    assert violations(leaves) == [], "credentials Terraform would show in clear"
    found = {leaf.path for leaf in leaves if is_credential(leaf.name)}
    assert found >= KNOWN_CREDENTIALS, "the walk must reach nested attributes (else it proves nothing)"
    names = {leaf.name for leaf in leaves}
    assert set(NOT_CREDENTIALS) <= names, f"allow-list entries no longer in the schema: {set(NOT_CREDENTIALS) - names}"
    # Lists of objects are nested attributes, whose fields carry their own flags; an object *type* cannot.
    assert [leaf.path for leaf in leaves if leaf.kind == "field"] == []
    senders = document["provider_schemas"]["registry.terraform.io/sinch/sinch"]["data_source_schemas"][
        "sinch_whatsapp_senders"
    ]["block"]["attributes"]["senders"]
    assert senders["nested_type"]["nesting_mode"] == "list"
    inner = senders["nested_type"]["attributes"]
    assert inner["bearer_token"]["sensitive"] is True
    assert not inner["id"].get("sensitive")
    assert inner["id"]["description"] == "Sender ID, assigned by Sinch."


def _seed_senders(emulator: Emulator) -> tuple[list[str], list[str]]:
    emulator.seed_account(PROJECT)
    seeded = [
        emulator.seed_sender(PROJECT, details={"displayName": f"Shop {n}", "vertical": "SHOPPING_AND_RETAIL"})
        for n in range(2)
    ]
    tokens = [emulator.sender(PROJECT, s["id"])["bearerToken"] for s in seeded]
    assert all(tokens) and len(set(tokens)) == 2
    return sorted(s["id"] for s in seeded), tokens


def _data_source(plan: dict[str, Any], address: str) -> dict[str, Any]:
    resources = ((plan.get("prior_state") or {}).get("values") or {}).get("root_module", {}).get("resources", [])
    return next(r for r in resources if r["address"] == address)


def test_unmarked_output_of_the_sender_list_is_refused(workspace: Callable[..., Workspace], emulator: Emulator) -> None:
    _, tokens = _seed_senders(emulator)
    ws = workspace(TF_LOG="TRACE")
    ws.write(
        """
        data "sinch_whatsapp_senders" "all" {}
        output "s" { value = data.sinch_whatsapp_senders.all.senders }
        """
    )
    ws.init()
    result = ws.run("plan", "-input=false", "-no-color", check=False)
    text = result.stdout + result.stderr
    assert "sinch.client" in text, "the provider's logs must be in the TRACE output (else this proves nothing)"
    if result.returncode == 0:
        assert "(sensitive value)" in text
    else:
        assert "Output refers to sensitive values" in text
    for token in tokens:
        assert token not in text


def test_sender_list_hides_bearer_tokens_and_shows_the_rest(
    workspace: Callable[..., Workspace], emulator: Emulator
) -> None:
    ids, tokens = _seed_senders(emulator)
    ws = workspace(TF_LOG="TRACE")
    ws.write(
        """
        data "sinch_whatsapp_senders" "all" {}

        output "s" {
          value     = data.sinch_whatsapp_senders.all.senders
          sensitive = true
        }
        output "ids" { value = sort([for s in data.sinch_whatsapp_senders.all.senders : s.id]) }
        output "names" { value = sort([for s in data.sinch_whatsapp_senders.all.senders : s.display_name]) }

        # a non-secret field flows into a resource, in clear
        resource "sinch_webhook" "first_sender" {
          target   = "https://hooks.example.com/${sort([for s in data.sinch_whatsapp_senders.all.senders : s.id])[0]}"
          secret   = "webhook-secret-for-the-sender-list"
          triggers = ["WHATSAPP_SENDER_ACTIVE"]
        }
        """
    )
    code, plan, planned = ws.plan()
    assert code == 2
    assert re.search(rf'\+ target +?= "https://hooks\.example\.com/{ids[0]}"', planned)
    senders = _data_source(plan, "data.sinch_whatsapp_senders.all")
    assert [s["bearer_token"] for s in senders["sensitive_values"]["senders"]] == [True, True]
    assert not any(s.get("id") for s in senders["sensitive_values"]["senders"])

    applied = ws.apply()
    assert "s = <sensitive>" in applied.stdout
    assert f'"{ids[0]}",' in applied.stdout  # the ids output, in clear
    again_code, _, again = ws.plan()
    assert again_code == 0, again
    shown = ws.run("show", "-no-color")
    listed = ws.run("output", "-no-color")

    outputs = ws.outputs()
    assert outputs["ids"] == ids
    assert outputs["names"] == ["Shop 0", "Shop 1"]
    assert sorted(s["bearer_token"] for s in outputs["s"]) == sorted(tokens)  # asked for by name: given
    assert emulator.webhooks(PROJECT)[0]["target"] == f"https://hooks.example.com/{ids[0]}"

    text = "\n".join(
        [planned, again, applied.stdout, applied.stderr, shown.stdout, shown.stderr, listed.stdout, listed.stderr]
    )
    assert "sinch.client" in text, "the provider's logs must be in the TRACE output (else this proves nothing)"
    assert "(sensitive value)" in shown.stdout
    for token in tokens:
        assert token not in text
    ws.destroy()
