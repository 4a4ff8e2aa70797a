"""A refreshing plan of many objects reads listings, not one GET each (provider/listing.py)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.acceptance.conftest import PROJECT
from tests.harness import Emulator, Workspace

pytestmark = pytest.mark.acceptance

OTHER = "acc-project-0002"


def test_refreshing_thirty_webhooks_lists_each_project_once(
    workspace: Callable[..., Workspace], emulator: Emulator
) -> None:
    ws = workspace()
    ws.write(
        "\n".join(
            f"""
            resource "sinch_webhook" "{name}" {{
              count      = 15
              project_id = "{project}"
              target     = "https://hooks.example.com/{name}/${{count.index}}"
              secret     = "s3cret"
              triggers   = ["ALL"]
            }}"""
            for name, project in (("a", PROJECT), ("b", OTHER))
        )
    )
    ws.apply()
    emulator.clear_requests()
    assert ws.plan()[0] == 0
    gets = [r["path"] for r in emulator.api_requests() if r["method"] == "GET"]
    listings = [p for p in gets if p.endswith("/webhooks")]
    assert sorted(listings) == [f"/v1/projects/{PROJECT}/webhooks", f"/v1/projects/{OTHER}/webhooks"]
    assert len(gets) - len(listings) <= 2 * 5, "after a few reads, a project's webhooks come from its listing"
    assert len(gets) < 30

    # a webhook changed outside Terraform is seen through the listing too
    stored = emulator.webhooks(OTHER)[7]
    emulator.api("PATCH", f"/v1/projects/{OTHER}/webhooks/{stored['id']}", json={"triggers": ["BUNDLE_DONE"]})
    code, _, output = ws.plan()
    assert code == 2 and '"BUNDLE_DONE"' in output
