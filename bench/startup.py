"""Provider start-up: process start to the plugin handshake line on stdout (Terraform starts the
provider several times per command, so this is paid again and again).

    python bench/startup.py [--runs 10]

Prints each run and the median, in milliseconds. Numbers, not assertions: see bench/README.md.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from provider.main import MAGIC_COOKIE_KEY, MAGIC_COOKIE_VALUE


def provider_command() -> list[str]:
    script = Path(sys.executable).with_name("terraform-provider-sinch")
    return [str(script)] if script.exists() else [sys.executable, "-P", "-m", "resources.main"]


def one_run() -> float:
    started = time.perf_counter()
    process = subprocess.Popen(
        provider_command(),
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env={**os.environ, MAGIC_COOKIE_KEY: MAGIC_COOKIE_VALUE},  # as Terraform starts it
        text=True,
    )
    assert process.stdout is not None
    line = process.stdout.readline()
    elapsed = (time.perf_counter() - started) * 1000
    process.terminate()
    process.wait(timeout=10)
    if not line.startswith("1|6|unix|"):
        raise SystemExit(f"unexpected handshake line: {line!r}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    one_run()  # warm the OS file cache and tf's TLS certificate cache, as a second terraform command would find them
    runs = [one_run() for _ in range(args.runs)]
    print("runs (ms):", " ".join(f"{r:.0f}" for r in runs))
    print(f"median start-up to handshake: {statistics.median(runs):.0f} ms over {len(runs)} runs")


if __name__ == "__main__":
    main()
