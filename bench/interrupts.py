"""Ctrl-C and a killed Terraform, measured with the real terraform binary against the emulator.

    python bench/interrupts.py [--trials 5] [--latency 1.0]

1. Ctrl-C: `terraform apply` of 30 webhooks (two projects of 15) with `--latency` seconds per create; SIGINT to
   terraform's process group (what a terminal's Ctrl-C does) once half of them exist. Counts the webhooks Sinch
   has that the state lacks (orphans), then whether the re-run converges (and with how many 409s).
2. Killed parent: SIGKILL to terraform alone while it creates; how long its provider process lives on, and
   how many webhooks are created after the kill (a create on the wire when the provider exits is cut off).
Numbers, not assertions: see bench/README.md.
"""

from __future__ import annotations

import argparse
import os
import signal
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.harness import (
    Emulator,
    Workspace,
    alive,
    children,
    local_sinch,
    terraform_env,
)

PROJECTS = ("bench-a", "bench-b")
CONFIG = "\n".join(
    f"""
resource "sinch_webhook" "{project.replace("-", "_")}" {{
  count      = 15
  project_id = "{project}"
  target     = "https://hooks.example.com/{project}/${{count.index}}"
  secret     = "s3cret"
  triggers   = ["ALL"]
}}"""
    for project in PROJECTS
)


def inventory(emulator: Emulator) -> set[str]:
    return {w["id"] for p in PROJECTS for w in emulator.webhooks(p)}


def in_state(ws: Workspace) -> set[str]:
    return {r["values"]["id"] for r in ws.state().values()}


def wait_for(condition, timeout: float = 120) -> bool:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.02)
    return True


def ctrl_c(root: Path, cli: Path, emulator: Emulator, latency: float, trial: int) -> tuple[int, int, int, bool, int]:
    emulator.reset()
    emulator.add_fault(method="POST", path=r"/webhooks$", delay=latency, times=None)
    ws = Workspace(root / f"ctrl-c-{trial}", terraform_env(cli, emulator, None))
    ws.write(CONFIG)
    apply = ws.start("apply", "-auto-approve", "-input=false", "-no-color")
    wait_for(lambda: len(inventory(emulator)) >= 10)  # ten created, ten on the wire, ten not started
    at_stop = len(inventory(emulator))
    os.killpg(apply.pid, signal.SIGINT)
    apply.communicate(timeout=300)
    created = inventory(emulator)
    orphans = len(created - in_state(ws))
    emulator.clear_requests()
    rerun = ws.apply(check=False)
    conflicts = sum(r["status"] == 409 for r in emulator.requests())
    converged = rerun.returncode == 0 and inventory(emulator) == in_state(ws) and len(in_state(ws)) == 30
    return at_stop, len(created), orphans, converged, conflicts


def killed_parent(root: Path, cli: Path, emulator: Emulator, latency: float, trial: int) -> tuple[float, int]:
    emulator.reset()
    emulator.add_fault(method="POST", path=r"/webhooks$", delay=latency, times=None)
    ws = Workspace(root / f"kill-{trial}", terraform_env(cli, emulator, None))
    ws.write(CONFIG)
    apply = ws.start("apply", "-auto-approve", "-input=false", "-no-color")
    wait_for(lambda: len(inventory(emulator)) >= 5)
    providers = [p for p in children(apply.pid) if b"provider-sinch" in Path(f"/proc/{p}/cmdline").read_bytes()]
    created_before = len(inventory(emulator))
    apply.kill()
    killed = time.monotonic()
    apply.wait()
    if not wait_for(lambda: not any(alive(p) for p in providers), timeout=60):
        for pid in providers:
            os.kill(pid, signal.SIGKILL)
        return float("inf"), len(inventory(emulator)) - created_before
    outlived = time.monotonic() - killed
    time.sleep(latency * 2 + 0.5)
    return outlived, len(inventory(emulator)) - created_before


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--trials", type=int, default=5)
    parser.add_argument("--latency", type=float, default=1.0)
    args = parser.parse_args()
    with local_sinch() as (root, cli, emulator):
        print(f"Ctrl-C during an apply of 30 webhooks, {args.latency} s per create:")
        for trial in range(args.trials):
            at_stop, created, orphans, converged, conflicts = ctrl_c(root, cli, emulator, args.latency, trial)
            print(f"  trial {trial}: {at_stop} existed at Ctrl-C, {created} once terraform exited, {orphans} orphans; "
                  f"re-run {'converged' if converged else 'FAILED'} ({conflicts} x 409)")  # fmt: skip
        print("SIGKILL to terraform during an apply:")
        outlived = []
        for trial in range(args.trials):
            seconds, posts = killed_parent(root, cli, emulator, args.latency, trial)
            outlived.append(seconds)
            lived = f"{seconds:.2f} s" if seconds < float("inf") else "more than 60 s (killed)"
            print(f"  trial {trial}: the provider outlived terraform by {lived}; {posts} webhooks created after")
        print(f"median: {statistics.median(outlived):.2f} s")


if __name__ == "__main__":
    main()
