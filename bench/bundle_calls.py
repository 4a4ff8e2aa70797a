"""API calls and wall time per bundle, with the real terraform binary against the emulator.

    python bench/bundle_calls.py [--bundles 1 30] [--completion 2 5]

For each count of bundles and each emulator completion time (seconds from IN_PROGRESS to DONE, on the emulator's
real-time clock): the requests of `terraform apply` (the POST and the polls of the wait for DONE), its wall time,
and the requests of a refreshing `terraform plan`. Numbers, not assertions.
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

from tests.harness import Workspace, local_sinch, terraform_env

PROJECT = "bench-project"
CONFIG = """
resource "sinch_bundle" "b" {
  count    = %d
  name     = "bundle-${count.index}"
  region   = "EU"
  sms_app  = {}
  conv_app = {}
}
"""


def summarize(requests: list[dict[str, object]]) -> str:
    counts = collections.Counter(
        f"{r['method']} {re.sub(r'/bundles/[0-9a-f]{24}', '/bundles/{id}', str(r['path']))}"
        + (" (list)" if "pageSize" in str(r.get("query")) else "")
        for r in requests
    )
    return ", ".join(f"{n} x {k}" for k, n in sorted(counts.items()))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--bundles", type=int, nargs="+", default=[1, 30])
    parser.add_argument("--completion", type=float, nargs="+", default=[2.0, 5.0])
    args = parser.parse_args()
    with local_sinch() as (_root, cli, emulator):
        for count in args.bundles:
            for completion in args.completion:
                emulator.reset()
                emulator.settings(bundleCompletionSeconds=completion)
                ws = Workspace(Path(tempfile.mkdtemp()), terraform_env(cli, emulator, PROJECT))
                ws.write(CONFIG % count)
                ws.init()
                emulator.clear_requests()
                started = time.monotonic()
                ws.apply()
                took = time.monotonic() - started
                created = emulator.api_requests()
                emulator.clear_requests()
                ws.plan()
                refreshed = emulator.api_requests()
                print(
                    f"{count} bundle(s), DONE after {completion:g} s: apply {len(created)} requests "
                    f"({len(created) / count:.1f} per bundle: {summarize(created)}) in {took:.1f} s; "
                    f"refreshing plan {len(refreshed)} requests ({summarize(refreshed)})"
                )


if __name__ == "__main__":
    main()
