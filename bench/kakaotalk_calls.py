"""API calls per KakaoTalk sender and template, with the real terraform binary against the emulator.

    python bench/kakaotalk_calls.py [--senders 1 30] [--review 1]

For each count of senders (each with two templates, reviewed in `--review` seconds on the emulator's clock): the
requests of the first `terraform apply` (create and register each sender, create each template and wait for
APPROVED), of the second (the verification codes), and of a refreshing `terraform plan`. Numbers, not assertions.
"""

from __future__ import annotations

import argparse
import collections
import json
import re
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.harness import Workspace, local_sinch, terraform_env

PROJECT = "bench-project"
CONFIG = """
variable "codes" {
  type    = map(string)
  default = {}
}

resource "sinch_kakaotalk_sender" "s" {
  count                   = %d
  plus_friend_id          = "@shop${count.index}"
  name                    = "Shop ${count.index}"
  admin_phone_number      = "+48777777777"
  top_level_category_code = "019"
  mid_level_category_code = "0006"
  sub_level_category_code = "0001"
  verification_code       = lookup(var.codes, "@shop${count.index}", null)
}

resource "sinch_kakaotalk_template" "t" {
  count          = %d
  plus_friend_id = sinch_kakaotalk_sender.s[floor(count.index / 2)].plus_friend_id
  name           = "template-${count.index %% 2}"
  language       = "KO"
  content        = "Order #{order} has shipped."
}
"""


def summarize(requests: list[dict[str, object]]) -> str:
    counts = collections.Counter(
        f"{r['method']} "
        + re.sub(r"/templates/[A-Za-z0-9]{20}", "/templates/{code}", re.sub(r"/@shop\d+", "/{id}", str(r["path"])))
        + (" (list)" if "pageSize" in str(r.get("query")) else "")
        for r in requests
    )
    return ", ".join(f"{n} x {k}" for k, n in sorted(counts.items()))


def measure(ws: Workspace, emulator: object, *args: str) -> tuple[list[dict[str, object]], float]:
    emulator.clear_requests()  # type: ignore[attr-defined]
    started = time.monotonic()
    ws.apply(*args)
    return emulator.api_requests(), time.monotonic() - started  # type: ignore[attr-defined]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--senders", type=int, nargs="+", default=[1, 30])
    parser.add_argument("--review", type=float, default=1.0)
    args = parser.parse_args()
    with local_sinch() as (_root, cli, emulator):
        for count in args.senders:
            emulator.reset()
            emulator.settings(templateReviewSeconds=args.review)
            ws = Workspace(Path(tempfile.mkdtemp()), terraform_env(cli, emulator, PROJECT))
            ws.write(CONFIG % (count, 2 * count))
            ws.init()
            created, took = measure(ws, emulator)
            codes = {
                f"@shop{i}": str(
                    emulator.admin("GET", f"/projects/{PROJECT}/kakaotalk/senders/@shop{i}/verification-code")["code"]
                )
                for i in range(count)
            }
            verified, took2 = measure(ws, emulator, "-var", f"codes={json.dumps(codes)}")
            emulator.clear_requests()
            ws.plan("-var", f"codes={json.dumps(codes)}")
            refreshed = emulator.api_requests()
            print(f"{count} sender(s), {2 * count} template(s), templates approved after {args.review:g} s:")
            print(
                f"  apply 1 (create, register, review): {len(created)} requests in {took:.1f} s: {summarize(created)}"
            )
            print(f"  apply 2 (verify): {len(verified)} requests in {took2:.1f} s: {summarize(verified)}")
            print(f"  refreshing plan: {len(refreshed)} requests: {summarize(refreshed)}")


if __name__ == "__main__":
    main()
