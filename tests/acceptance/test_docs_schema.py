"""docs/ describes what the provider really serves: the JSON docs/generate.py renders is what
`terraform providers schema -json` prints for the installed provider, and docs/ is that JSON rendered."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest

from docs.generate import ROOT, pages, providers_schema
from tests.harness import Workspace

pytestmark = pytest.mark.acceptance


def test_docs_are_rendered_from_the_schema_terraform_prints(workspace: Callable[..., Workspace]) -> None:
    ws = workspace()
    ws.init()  # the acceptance mirror: the provider installed as a user installs it
    printed = json.loads(ws.run("providers", "schema", "-json").stdout)
    served = printed["provider_schemas"]["registry.terraform.io/sinch/sinch"]
    assert {"sinch_webhook", "sinch_whatsapp_template"} <= set(served["resource_schemas"])
    assert served["resource_schemas"]["sinch_webhook"]["block"]["attributes"]["secret"]["sensitive"] is True

    assert providers_schema() == printed, "docs/generate.py must render exactly what Terraform prints"

    for path, text in pages(printed).items():
        assert path.read_text() == text, f"{path.relative_to(ROOT)} is stale: run `make docs`"
