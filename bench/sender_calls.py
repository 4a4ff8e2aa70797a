"""API calls and wall time per WhatsApp sender, with the real terraform binary against the emulator on its
default clock (senders activate after the emulator's default real-time delay).

    python bench/sender_calls.py [--senders 1]

Reports, for an embedded-signup sender: the requests of `terraform apply` (create, including the polling
of the wait), of a refreshing `terraform plan`, and the wall time of the apply and of the wait itself.
"""

from __future__ import annotations

import argparse
import collections
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.harness import (
    Workspace,
    local_sinch,
    terraform_env,
)

PROJECT = "bench-project"


def summarize(requests: list[dict[str, object]]) -> str:
    counts = collections.Counter(f"{r['method']} {re.sub(r'[0-9a-f-]{36}', '{id}', str(r['path']))}" for r in requests)
    return ", ".join(f"{n} x {k}" for k, n in sorted(counts.items()))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--senders", type=int, default=1)
    args = parser.parse_args()
    with local_sinch() as (root, cli, emulator):
        settings = emulator.admin("GET", "/settings")
        ws = Workspace(root / "ws", terraform_env(cli, emulator, PROJECT) | {"TF_LOG_PROVIDER": "INFO"})
        ws.write(
            f"""
            resource "sinch_whatsapp_sender" "s" {{
              count           = {args.senders}
              waba_id         = "102290129340398"
              phone_number_id = "10595455895${{count.index}}"
              region          = "EU"
            }}
            """
        )
        ws.init()
        emulator.clear_requests()
        started = time.perf_counter()
        applied = ws.apply()
        apply_seconds = time.perf_counter() - started
        create_requests = emulator.requests()
        waits = [float(m) for m in re.findall(r"waited ([0-9.]+)s", applied.stderr)]

        emulator.clear_requests()
        started = time.perf_counter()
        ws.plan()
        plan_seconds = time.perf_counter() - started
        refresh_requests = emulator.requests()

        n = args.senders
        print(f"emulator settings: {settings}")
        print(f"senders: {n}")
        print(f"create (apply): {len(create_requests)} requests = {len(create_requests) / n:.1f} per sender")
        print(f"  {summarize(create_requests)}")
        print(f"refresh (plan): {len(refresh_requests)} requests = {len(refresh_requests) / n:.1f} per sender")
        print(f"  {summarize(refresh_requests)}")
        print(f"terraform apply wall time: {apply_seconds:.2f} s; plan: {plan_seconds:.2f} s")
        if waits:
            print(f"provider wait for ACTIVE (per sender): {', '.join(f'{w:.2f} s' for w in waits)}")


if __name__ == "__main__":
    main()
