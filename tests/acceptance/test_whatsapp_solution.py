"""sinch_whatsapp_solution through real terraform: create and assign, empty re-plan, an assignment changed in
Sinch, import with an empty plan, failedSolutions as an error, destroy that keeps it in Sinch, and bad input at
validate without a request."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.acceptance.conftest import PROJECT
from tests.harness import Emulator, Workspace, changed_attributes, changes

pytestmark = pytest.mark.acceptance

TOKEN = "EAAG-embedded-solution-token-do-not-log"
SOLUTIONS = f"/v1/projects/{PROJECT}/whatsapp/solutions"

CONFIG = """
variable "token" {{
  type      = string
  sensitive = true
}}
resource "sinch_whatsapp_solution" "mps" {{
  name             = "Example MPS"
  access_token     = var.token
  business_manager = "SINCH_UK"
  {extra}
}}
"""


def calls(emulator: Emulator, since: int = 0) -> list[str]:
    return [f"{r['method']} {r['path']}" for r in emulator.api_requests()[since:]]


def test_solution_lifecycle(workspace: Callable[..., Workspace], emulator: Emulator) -> None:
    other = emulator.admin("POST", f"/projects/{PROJECT}/whatsapp/solutions", json={"details": {"name": "Other"}})
    emulator.clear_requests()
    ws = workspace()
    ws.write(CONFIG.format(extra="assigned = true"))
    _, plan, shown = ws.plan("-var", f"token={TOKEN}")
    assert TOKEN not in shown
    applied = ws.apply("-var", f"token={TOKEN}")
    assert TOKEN not in applied.stdout + applied.stderr
    values = ws.state()["sinch_whatsapp_solution.mps"]["values"]
    sid = values["id"]
    assert values["assigned"] is True and values["name"] == "Example MPS"
    assert values["owner_app_name"] == "Sinch" and values["partner_app_name"] == "Example MPS"
    # one listing (what exists before), the create, the assign and a read of the assigned solution
    assert calls(emulator) == [f"GET {SOLUTIONS}", f"POST {SOLUTIONS}", f"POST {SOLUTIONS}/{sid}/assign",
                               f"GET {SOLUTIONS}/{sid}"]  # fmt: skip
    assert emulator.api("GET", f"{SOLUTIONS}/{sid}").json()["assigned"] is True
    assert ws.plan("-var", f"token={TOKEN}")[0] == 0

    # assigned to another solution in Sinch: the plan assigns this one again, in place
    assert emulator.api("POST", f"{SOLUTIONS}/{other['id']}/assign").status_code == 204
    mark = len(emulator.api_requests())
    _, plan, _ = ws.plan("-var", f"token={TOKEN}")
    assert calls(emulator, mark) == [f"GET {SOLUTIONS}/{sid}"]  # a refresh is one read
    assert changes(plan) == {"sinch_whatsapp_solution.mps": ["update"]}
    assert changed_attributes(plan, "sinch_whatsapp_solution.mps") == {"assigned"}
    mark = len(emulator.api_requests())
    ws.apply("-var", f"token={TOKEN}")
    assert [c for c in calls(emulator, mark) if not c.startswith("GET")] == [f"POST {SOLUTIONS}/{sid}/assign"]
    assert emulator.api("GET", f"{SOLUTIONS}/{sid}").json()["assigned"] is True
    assert ws.plan("-var", f"token={TOKEN}")[0] == 0

    # a new token does not make a new solution: recorded, nothing sent
    mark = len(emulator.api_requests())
    ws.apply("-var", "token=another-token")
    assert [c for c in calls(emulator, mark) if not c.startswith("GET")] == []

    # import into a fresh state, without the create-only inputs: empty plan
    fresh = workspace("imported")
    fresh.write(f"""
        import {{
          to = sinch_whatsapp_solution.mps
          id = "{PROJECT}/{sid}"
        }}
        resource "sinch_whatsapp_solution" "mps" {{
          name     = "Example MPS"
          assigned = true
        }}
        """)
    fresh.apply()
    assert fresh.state()["sinch_whatsapp_solution.mps"]["values"]["id"] == sid
    assert fresh.plan()[0] == 0

    # destroy: the API has no delete, so the solution stays in Sinch and the warning says so
    mark = len(emulator.api_requests())
    destroyed = ws.run("destroy", "-auto-approve", "-input=false", "-no-color", "-var", f"token={TOKEN}")
    output = destroyed.stdout + destroyed.stderr
    assert "was removed from the Terraform state only" in output
    assert "The Sinch API cannot delete a WhatsApp solution" in output
    assert [c for c in calls(emulator, mark) if not c.startswith("GET")] == []
    assert emulator.api("GET", f"{SOLUTIONS}/{sid}").status_code == 200
    assert ws.state() == {}


def test_unassigned_solution_and_failures(workspace: Callable[..., Workspace], emulator: Emulator) -> None:
    failure = {"partnerAppId": "789", "errorCode": "CREATION_FAILED", "errorMessage": "Meta refused the token"}
    emulator.admin("PUT", f"/projects/{PROJECT}/whatsapp/solutions/next-create",
                   json={"failedSolutions": [failure], "create": False})  # fmt: skip
    ws = workspace()
    ws.write(CONFIG.format(extra=""))
    failed = ws.apply("-var", f"token={TOKEN}", check=False)
    output = failed.stdout + failed.stderr
    assert failed.returncode == 1
    assert "Sinch could not create the sinch_whatsapp_solution" in output
    assert "partnerAppId: 789, errorCode: CREATION_FAILED, errorMessage: Meta refused the token" in output
    assert ws.state() == {}

    # the next create works; left unset, `assigned` is only read
    ws.apply("-var", f"token={TOKEN}")
    values = ws.state()["sinch_whatsapp_solution.mps"]["values"]
    assert values["assigned"] is False
    assert not any(r["path"].endswith("/assign") for r in emulator.api_requests())
    assert ws.plan("-var", f"token={TOKEN}")[0] == 0


BAD = {
    "business manager": ('business_manager = "SINCH_US"', "business_manager", "SINCH_UK"),
    "assigned false": ("assigned = false", "assigned", "can only be set to true"),
    "empty name": ('name = ""', "name", "must not be empty"),
}


@pytest.mark.parametrize("case", list(BAD))
def test_bad_input_fails_at_validate_without_a_request(
    case: str, workspace: Callable[..., Workspace], emulator: Emulator
) -> None:
    setting, attribute, rule = BAD[case]
    ws = workspace()
    config = 'resource "sinch_whatsapp_solution" "bad" {\n  access_token = "t"\n'
    for line in ('name = "Example MPS"', 'business_manager = "SINCH_UK"', setting):
        if line.split("=")[0] not in setting or line == setting:
            config += f"  {line}\n"
    ws.write(config + "}\n")
    emulator.clear_requests()
    validated = ws.validate()
    output = validated.stdout + validated.stderr
    assert validated.returncode == 1, output
    assert f"Invalid {attribute}" in output and rule in output
    assert f"{setting.split(' =')[0]} = " in output  # the diagnostic points at the attribute
    assert emulator.requests() == []


def test_create_inputs_required_at_plan(workspace: Callable[..., Workspace], emulator: Emulator) -> None:
    ws = workspace()
    ws.write('resource "sinch_whatsapp_solution" "x" {\n  name = "Example MPS"\n}\n')
    emulator.clear_requests()
    output = ws.plan_fails()
    assert "access_token is required to create a WhatsApp solution" in output
    assert "business_manager is required to create a WhatsApp solution" in output
    assert emulator.api_requests() == []


def test_access_token_absent_from_trace_logs(workspace: Callable[..., Workspace], emulator: Emulator) -> None:
    ws = workspace(TF_LOG="TRACE", TF_VAR_token=TOKEN)  # not -var: Terraform's own trace shows its arguments
    ws.write(CONFIG.format(extra=""))
    applied = ws.apply()
    planned = ws.plan()
    trace = "\n".join([applied.stdout, applied.stderr, planned[2]])
    assert "request body" in trace and "REDACTED" in trace and "tf_type=sinch_whatsapp_solution" in trace
    assert TOKEN not in trace
    assert ws.state()["sinch_whatsapp_solution.mps"]["sensitive_values"]["access_token"] is True


def test_a_new_name_is_a_new_solution(workspace: Callable[..., Workspace], emulator: Emulator) -> None:
    ws = workspace(TF_VAR_token=TOKEN)
    ws.write(CONFIG.format(extra=""))
    ws.apply()
    first = ws.state()["sinch_whatsapp_solution.mps"]["values"]["id"]
    ws.write(CONFIG.format(extra="").replace('"Example MPS"', '"Renamed MPS"'))
    _, plan, _ = ws.plan()
    assert changes(plan) == {"sinch_whatsapp_solution.mps": ["delete", "create"]}
    applied = ws.apply()
    assert "was removed from the Terraform state only" in applied.stdout + applied.stderr
    second = ws.state()["sinch_whatsapp_solution.mps"]["values"]
    assert second["id"] != first and second["name"] == "Renamed MPS"
    listed = emulator.api("GET", SOLUTIONS).json()["solutions"]
    assert sorted(s["id"] for s in listed) == sorted([first, second["id"]])  # the first one stays in Sinch
