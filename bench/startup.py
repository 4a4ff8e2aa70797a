"""Provider start-up: process start to the plugin handshake line on stdout (Terraform starts the
provider several times per command, so this is paid again and again).

    python bench/startup.py [--runs 10]                        # this environment's console script
    python bench/startup.py --zip dist/terraform-provider-sinch_<version>_<os>_<arch>.zip
                                                               # the release (unzipped), next to this environment's
    python bench/startup.py --command 'path/to/executable' ... # any provider commands, side by side

Several commands are measured in turns (one run of each, then the next round), so that a machine shared with
others slows them alike. Prints each command's runs and median, in milliseconds, and the size of a zip. Numbers,
not assertions: see bench/README.md.
"""

from __future__ import annotations

import argparse
import os
import shlex
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

from provider.main import MAGIC_COOKIE_KEY, MAGIC_COOKIE_VALUE, executable_name


def venv_command() -> list[str]:
    script = Path(sys.executable).with_name("terraform-provider-sinch")
    return [str(script)] if script.exists() else [sys.executable, "-P", "-m", "resources.main"]


def one_run(command: list[str], cwd: Path) -> float:
    started = time.perf_counter()
    process = subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env={**os.environ, MAGIC_COOKIE_KEY: MAGIC_COOKIE_VALUE},  # as Terraform starts it
        cwd=cwd,
        text=True,
    )
    assert process.stdout is not None
    line = process.stdout.readline()
    elapsed = (time.perf_counter() - started) * 1000
    process.terminate()
    process.wait(timeout=10)
    if not line.startswith("1|6|unix|"):
        raise SystemExit(f"unexpected handshake line from {command}: {line!r}")
    return elapsed


def unzip_release(archive: Path, target: Path) -> list[str]:
    """Unpack a release zip as Terraform does (permission bits kept); the command of its executable."""
    with zipfile.ZipFile(archive) as zipped:
        for info in zipped.infolist():
            path = target / info.filename
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(zipped.read(info))
            path.chmod((info.external_attr >> 16) & 0o777)
    [executable] = target.glob("terraform-provider-sinch_v*")
    return [str(executable)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--command", action="append", default=[], help="a provider command to time (repeatable)")
    parser.add_argument("--zip", type=Path, help="a release zip: timed unpacked, next to this environment's")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        commands = {f"venv ({venv_command()[0]})": venv_command()} if args.zip or not args.command else {}
        if args.zip:
            size = args.zip.stat().st_size
            unpacked = unzip_release(args.zip, Path(tmp) / "release")
            folder_size = sum(p.stat().st_size for p in (Path(tmp) / "release").rglob("*") if p.is_file())
            print(f"{args.zip.name}: {size / 1e6:.1f} MB zipped, {folder_size / 1e6:.1f} MB unpacked")
            commands[f"release ({executable_name()})"] = unpacked
        for command in args.command:
            argv = shlex.split(command)
            if Path(argv[0]).exists():  # the runs start in a temporary folder
                argv[0] = str(Path(argv[0]).resolve())
            commands[command] = argv
        cwd = Path(tmp)
        for command in commands.values():  # warm the OS file cache and tf's TLS certificate cache, as a second
            one_run(command, cwd)  # terraform command would find them
        runs: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(args.runs):
            for name, command in commands.items():
                runs[name].append(one_run(command, cwd))
    for name, times in runs.items():
        print(f"{name}\n  runs (ms): {' '.join(f'{r:.0f}' for r in times)}")
        print(f"  median start-up to handshake: {statistics.median(times):.0f} ms over {len(times)} runs")


if __name__ == "__main__":
    main()
