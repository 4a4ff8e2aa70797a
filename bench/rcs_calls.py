"""API calls per RCS sender, with the real terraform binary against the emulator.

    python bench/rcs_calls.py [--senders 1 20] [--preparation 2] [--launching 3]

For each count of senders (each with two test numbers): the requests of the apply that creates them (drafts), of
the apply that launches them and waits for LAUNCHED (the emulator's launch takes `--preparation` seconds in
PREPARING_LAUNCH, then `--launching` in LAUNCHING), and of a refreshing `terraform plan`. Numbers, not assertions.
"""

from __future__ import annotations

import argparse
import collections
import re
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.harness import Emulator, Workspace, local_sinch, terraform_env

PROJECT = "bench-project"
CONFIG = """
variable "launch" {
  type    = bool
  default = false
}

resource "sinch_rcs_sender" "s" {
  count            = %d
  region           = "EU"
  billing_category = "CONVERSATIONAL"
  use_case         = "PROMOTIONAL"
  countries        = ["SE"]
  brand = {
    name                 = "Shop ${count.index}"
    phones               = [{ label = "Support", number = "+46777777777" }]
    banner_url           = "https://cdn.example.com/banner.png"
    logo_url             = "https://cdn.example.com/logo.png"
    privacy_policy_url   = "https://shop.example.com/privacy"
    terms_of_service_url = "https://shop.example.com/terms"
  }
  questionnaire = {
    general = {
      opt_in_description       = "At signup."
      trigger_description      = "Orders."
      interactions_description = "Replies."
      opt_out_description      = "STOP."
      video_uris               = ["https://cdn.example.com/demo.mp4"]
    }
    verification = { name = "Ann", email = "ann@example.com", website = "https://shop.example.com" }
  }
  launch = var.launch ? true : null
}

resource "sinch_rcs_test_number" "t" {
  count     = 2 * %d
  sender_id = sinch_rcs_sender.s[floor(count.index / 2)].id
  number    = "+4877777${format("%%04d", count.index)}"
}
"""


def summarize(requests: list[dict[str, object]]) -> str:
    counts = collections.Counter(
        f"{r['method']} "
        + re.sub(
            r"/testNumbers/\+\d+",
            "/testNumbers/{n}",
            re.sub(r"/senders/[0-9a-f-]{36}", "/senders/{id}", str(r["path"])),
        )
        + (" (list)" if "pageSize" in str(r.get("query")) else "")
        for r in requests
    )
    return ", ".join(f"{n} x {k}" for k, n in sorted(counts.items()))


def measure(ws: Workspace, emulator: Emulator, *args: str) -> tuple[list[dict[str, object]], float]:
    emulator.clear_requests()
    started = time.monotonic()
    ws.apply(*args)
    return emulator.api_requests(), time.monotonic() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--senders", type=int, nargs="+", default=[1, 20])
    parser.add_argument("--preparation", type=float, default=2.0)
    parser.add_argument("--launching", type=float, default=3.0)
    args = parser.parse_args()
    with local_sinch() as (_root, cli, emulator):
        for count in args.senders:
            emulator.reset()
            emulator.settings(rcsLaunchPreparationSeconds=args.preparation, rcsLaunchSeconds=args.launching)
            ws = Workspace(Path(tempfile.mkdtemp()), terraform_env(cli, emulator, PROJECT))
            ws.write(CONFIG % (count, count))
            ws.init()
            created, took = measure(ws, emulator)
            launched, took2 = measure(ws, emulator, "-var", "launch=true")
            emulator.clear_requests()
            ws.plan("-var", "launch=true")
            refreshed = emulator.api_requests()
            print(
                f"{count} sender(s), {2 * count} test number(s), launch {args.preparation:g} s + {args.launching:g} s:"
            )
            print(f"  create: {len(created)} requests in {took:.1f} s: {summarize(created)}")
            print(f"  launch: {len(launched)} requests in {took2:.1f} s: {summarize(launched)}")
            print(f"  refreshing plan: {len(refreshed)} requests: {summarize(refreshed)}")


if __name__ == "__main__":
    main()
