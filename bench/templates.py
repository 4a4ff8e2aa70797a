"""1,000 WhatsApp templates next to 1,000 `terraform_data`, with the real terraform binary against the emulator.

    python bench/templates.py [--templates 1000] [--projects 4]

Applies, plans (refreshing) and destroys the templates and, in another workspace in the same run, the same
number of `terraform_data` resources (Terraform's own floor: no provider process, no API). Reports each
command's wall time for both, and the API requests of the refreshing plan per template. (The emulator takes at
most 250 submitted templates per project, like Meta's tier: the templates are spread over `--projects`.)
Numbers, not assertions: see bench/README.md.
"""

from __future__ import annotations

import argparse
import collections
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.harness import Workspace, local_sinch, terraform_env


def templates_config(count: int, projects: int) -> str:
    per_project = (count + projects - 1) // projects
    return "\n".join(
        f"""
resource "sinch_whatsapp_template" "p{p}" {{
  count      = {min(per_project, count - p * per_project)}
  project_id = "bench-templates-{p}"
  name       = "order_update_${{count.index}}"
  language   = "EN_US"
  category   = "UTILITY"
  header     = {{ format = "TEXT", text = "Order {{{{1}}}}", example = "12345" }}
  body = {{
    text     = "Hi {{{{1}}}}, order {{{{2}}}} ships today (update ${{count.index}})."
    examples = ["John", "12345"]
  }}
  buttons = [{{ type = "QUICK_REPLY", text = "Thanks" }}]
}}"""
        for p in range(projects)
    )


def data_config(count: int) -> str:
    return f'resource "terraform_data" "d" {{\n  count = {count}\n  input = "order_update_${{count.index}}"\n}}\n'


def timed(ws: Workspace, *args: str) -> float:
    started = time.monotonic()
    ws.run(*args)
    return time.monotonic() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--templates", type=int, default=1000)
    parser.add_argument("--projects", type=int, default=4)
    args = parser.parse_args()
    with local_sinch() as (root, cli, emulator):
        for p in range(args.projects):
            emulator.seed_account(f"bench-templates-{p}")
        env = terraform_env(cli, emulator, None)
        sinch = Workspace(root / "templates", env).write(templates_config(args.templates, args.projects))
        floor = Workspace(root / "floor", env).write(data_config(args.templates))
        (floor.path / "providers.tf").unlink()  # terraform_data needs no provider
        sinch.init()
        floor.init()
        apply = ("apply", "-auto-approve", "-input=false", "-no-color")
        plan = ("plan", "-input=false", "-no-color", "-detailed-exitcode")
        destroy = ("destroy", "-auto-approve", "-input=false", "-no-color")
        rows = []
        for label, command in (("apply", apply), ("plan (refreshing)", plan), ("destroy", destroy)):
            emulator.clear_requests()
            if command is plan:
                # a plan exits 0 when there are no changes: Workspace.run fails on any non-zero exit
                started = time.monotonic()
                result = sinch.run(*command, check=False)
                sinch_seconds = time.monotonic() - started
                assert result.returncode == 0, result.stdout + result.stderr
                requests = emulator.api_requests()
                per_kind = collections.Counter("list" if r["path"].endswith("/templates") else "get" for r in requests)
                tokens = sum(r["path"] == "/oauth2/token" for r in emulator.requests())
            else:
                sinch_seconds = timed(sinch, *command)
            floor_seconds = timed(floor, *command) if command is not plan else _plan(floor)
            rows.append((label, sinch_seconds, floor_seconds))
        print(f"{args.templates} templates in {args.projects} projects, and {args.templates} terraform_data")
        print(f"{'command':<20} {'templates':>10} {'terraform_data':>15} {'ratio':>6}")
        for label, seconds, floor_seconds in rows:
            print(f"{label:<20} {seconds:>9.1f}s {floor_seconds:>14.1f}s {seconds / floor_seconds:>6.1f}")
        total = sum(per_kind.values())
        print(f"refreshing plan: {total} API requests ({per_kind['get']} GETs of one template, {per_kind['list']} "
              f"list pages) + {tokens} token = {total / args.templates:.3f} requests per template")  # fmt: skip


def _plan(ws: Workspace) -> float:
    started = time.monotonic()
    result = ws.run("plan", "-input=false", "-no-color", "-detailed-exitcode", check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    return time.monotonic() - started


if __name__ == "__main__":
    main()
