"""Bad input fails at validate/plan, names the attribute and the rule, and sends nothing to the API."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.acceptance.conftest import PROJECT
from tests.harness import KEY_SECRET, Emulator, Workspace

pytestmark = pytest.mark.acceptance

GOOD = {"target": '"https://hooks.example.com/x"', "secret": '"s3cret"', "triggers": '["ALL"]'}

CASES = {
    "unknown trigger": ({"triggers": '["ALL", "NOT_A_TRIGGER"]'}, "triggers", "NOT_A_TRIGGER"),
    "empty trigger set": ({"triggers": "[]"}, "triggers", "at least 1 item"),
    "target not a URL": ({"target": '"hooks dot example"'}, "target", "must be a URL"),
    "target without a public host": ({"target": '"http://localhost:8080/x"'}, "target", "fully qualified domain"),
    "target too long": ({"target": f'"https://hooks.example.com/{"x" * 720}"'}, "target", "at most 742 characters"),
    "empty secret": ({"secret": '""'}, "secret", "at least 1 character"),
    "secret of 129 characters": ({"secret": f'"{"s" * 129}"'}, "secret", "at most 128 characters"),
    "project_id with a slash": ({"project_id": '"a/b"'}, "project_id", "must not contain '/'"),
}


def config_with(overrides: dict[str, str]) -> str:
    fields = {**GOOD, **overrides}
    body = "\n".join(f"  {k} = {v}" for k, v in fields.items())
    return f'resource "sinch_webhook" "bad" {{\n{body}\n}}\n'


@pytest.mark.parametrize("case", list(CASES))
def test_bad_input_fails_before_any_api_call(
    case: str, workspace: Callable[..., Workspace], emulator: Emulator
) -> None:
    overrides, attribute, rule = CASES[case]
    ws = workspace()
    ws.write(config_with(overrides))
    emulator.clear_requests()

    validated = ws.validate()
    assert validated.returncode == 1
    output = validated.stdout + validated.stderr
    assert f"Invalid {attribute}" in output
    assert rule in output
    assert f"{attribute} = " in output, "the diagnostic must point at the attribute in the configuration"

    assert rule in ws.plan_fails()
    assert emulator.requests() == [], "bad input must not reach the API"


def test_malformed_import_id(workspace: Callable[..., Workspace], emulator: Emulator) -> None:
    ws = workspace()
    ws.write(config_with({}))
    ws.init()
    emulator.clear_requests()
    for bad_id in ("only-one-part", f"{PROJECT}/", f"{PROJECT}/a/b"):
        result = ws.run("import", "-input=false", "-no-color", "sinch_webhook.bad", bad_id, check=False)
        assert result.returncode == 1
        output = result.stdout + result.stderr
        assert "Invalid import ID for sinch_webhook" in output
        assert "{project_id}/{id}" in output
    assert emulator.api_requests() == []


@pytest.mark.parametrize("auth", ["oauth2", "basic"])
def test_wrong_credentials_fail_at_configure(
    auth: str, workspace: Callable[..., Workspace], emulator: Emulator
) -> None:
    ws = workspace(SINCH_KEY_SECRET="wrong-secret", SINCH_AUTH=auth)
    ws.write(config_with({}))
    output = ws.plan_fails()
    if auth == "oauth2":
        assert "Sinch authentication failed: Client authentication failed" in output
    else:
        assert "Sinch API error: Unauthorized error." in output
        assert "Verify that projectId is correct." in output
    assert "wrong-secret" not in output and KEY_SECRET not in output
    assert not [r for r in emulator.api_requests() if r["method"] != "GET"]


def test_missing_project_id_is_a_plan_error(workspace: Callable[..., Workspace], emulator: Emulator) -> None:
    ws = workspace(project_id=None)
    ws.write(config_with({}))
    output = ws.plan_fails()
    assert "project_id is not set" in output
    assert "SINCH_PROJECT_ID" in output
    assert emulator.api_requests() == []
