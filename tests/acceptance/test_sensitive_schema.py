"""Every credential is sensitive wherever Terraform shows it, list data sources included (real terraform)."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest

from tests.credentials import KNOWN_CREDENTIALS, NOT_CREDENTIALS, is_credential, violations, walk_providers_schema
from tests.harness import Workspace

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
