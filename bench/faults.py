"""200 resources under seeded fault rates, with the real terraform binary against the emulator.

    python bench/faults.py [--webhooks 185] [--senders 15] [--seed 1]

Fault rules (seeded, so a run can be repeated): 10% of API requests answer 503, 5% answer 429 with
`Retry-After: 0`, 2% of creates (POST of a webhook or a sender) are committed and then the connection is
dropped. Then: one `terraform apply`, a refresh (`apply -refresh-only`), `plan -detailed-exitcode`, and
`terraform destroy`, each once. After each step it compares the state with the emulator's inventory:
duplicates (two objects for one resource), orphans (in Sinch, not in state), lost (in state, not in Sinch).
Numbers, not assertions: see bench/README.md.
"""

from __future__ import annotations

import argparse
import collections
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.harness import (
    Emulator,
    Workspace,
    local_sinch,
    terraform_env,
)

SENDER_PROJECT = "bench-senders"


def webhook_projects(count: int) -> list[str]:
    return [f"bench-w{n:02d}" for n in range((count + 14) // 15)]


def config(webhooks: int, senders: int) -> str:
    blocks = []
    for index, project in enumerate(webhook_projects(webhooks)):
        n = min(15, webhooks - 15 * index)
        blocks.append(
            f"""
resource "sinch_webhook" "w{index:02d}" {{
  count      = {n}
  project_id = "{project}"
  target     = "https://hooks.example.com/{project}/${{count.index}}"
  secret     = "s3cret"
  triggers   = ["ALL"]
}}"""
        )
    if senders:
        blocks.append(
            f"""
resource "sinch_whatsapp_sender" "s" {{
  count        = {senders}
  project_id   = "{SENDER_PROJECT}"
  country_code = "48"
  phone_number = "50060${{count.index}}"
  display_name = "Bench ${{count.index}}"
}}"""
        )
    return "\n".join(blocks)


def inventory(emulator: Emulator, webhooks: int) -> dict[str, list[str]]:
    """Resource key -> ids Sinch has for it (a webhook's project and target, a sender's number)."""
    found: dict[str, list[str]] = collections.defaultdict(list)
    for project in webhook_projects(webhooks):
        for webhook in emulator.webhooks(project):
            found[f"{project} {webhook['target']}"].append(webhook["id"])
    for sender in emulator.senders(SENDER_PROJECT):
        if not (sender.get("emulator") or {}).get("deletedAt"):
            found[f"+{sender.get('countryCode')} {sender.get('phoneNumber')}"].append(sender["id"])
    return found


def in_state(ws: Workspace) -> set[str]:
    return {r["values"]["id"] for r in ws.state().values() if r["mode"] == "managed"}


def compare(step: str, emulator: Emulator, ws: Workspace, webhooks: int) -> bool:
    live = inventory(emulator, webhooks)
    ids = {i for found in live.values() for i in found}
    state = in_state(ws)
    duplicates = sum(len(found) - 1 for found in live.values())
    orphans, lost = ids - state, state - ids
    same = ids == state
    print(f"  {step}: {len(state)} in state, {len(ids)} in Sinch; duplicates {duplicates}, orphans {len(orphans)}, "
          f"lost {len(lost)}; state {'==' if same else '!='} inventory")  # fmt: skip
    return same and duplicates == 0


def faults(emulator: Emulator) -> str:
    counts = collections.Counter()
    for request in emulator.requests():
        status = request["status"]
        if request["path"].startswith("/v1/"):
            counts["requests"] += 1
            if status is None:
                counts["dropped"] += 1
            elif status == 429 or status >= 500:
                counts[str(status)] += 1
    return ", ".join(f"{k} {v}" for k, v in sorted(counts.items()))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--webhooks", type=int, default=185)
    parser.add_argument("--senders", type=int, default=15)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    with local_sinch() as (root, cli, emulator):
        emulator.settings(senderActivationSeconds=0.5)
        if args.senders:
            emulator.seed_account(SENDER_PROJECT, businessManager="SINCH_UK")
        creates = r"^/v1/projects/[^/]+/(webhooks|whatsapp/senders)$"
        rules = [  # in this order: a later rule's share is its rate times what earlier rules leave
            {"method": "POST", "path": creates, "drop": True, "afterCommit": True, "rate": 0.02},
            {"path": "^/v1/", "status": 503, "rate": 0.10},
            {"path": "^/v1/", "status": 429, "retryAfter": 0, "rate": 0.05 / 0.9},
        ]
        for offset, rule in enumerate(rules):
            emulator.add_fault(**rule, seed=args.seed * 10 + offset)
        env = terraform_env(cli, emulator, None)
        env.pop("SINCH_MAX_RETRIES")  # the tests' quicker setting: the bench measures the provider's default
        ws = Workspace(root / "ws", env)
        ws.write(config(args.webhooks, args.senders))
        ws.init()
        print(f"{args.webhooks} webhooks + {args.senders} senders, seed {args.seed}")
        failed = 0
        ok = True
        for step, command in (
            ("apply", ("apply", "-auto-approve", "-input=false", "-no-color")),
            ("refresh", ("apply", "-refresh-only", "-auto-approve", "-input=false", "-no-color")),
        ):
            emulator.clear_requests()
            started = time.monotonic()
            result = ws.run(*command, check=False)
            failed += result.returncode != 0
            print(f"{step}: exit {result.returncode} in {time.monotonic() - started:.1f} s ({faults(emulator)})")
            if result.returncode:
                output = result.stdout + result.stderr
                print("\n".join(line for line in output.splitlines() if line.startswith(("Error", "│ Error"))))
            ok &= compare(step, emulator, ws, args.webhooks)
        plan = ws.run("plan", "-detailed-exitcode", "-input=false", "-no-color", check=False)
        print(f"plan -detailed-exitcode: {plan.returncode} (0: no changes)")
        emulator.clear_requests()
        started = time.monotonic()
        destroyed = ws.run("destroy", "-auto-approve", "-input=false", "-no-color", check=False)
        failed += destroyed.returncode != 0
        print(f"destroy: exit {destroyed.returncode} in {time.monotonic() - started:.1f} s ({faults(emulator)})")
        ok &= compare("destroy", emulator, ws, args.webhooks)
        print(f"failed commands: {failed}; state == inventory after every step: {ok}")


if __name__ == "__main__":
    main()
